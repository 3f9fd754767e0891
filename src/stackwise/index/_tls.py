"""One TLS context per trust store for all of a run's HTTPS connections.

Why: requests (2.34) hands urllib3 the CA bundle's path, and urllib3 builds a new SSL
context and reads the whole bundle into it for every new connection: ~50 ms of CPU each on
this machine's 220 kB bundle, ~1 s of a cold lock's 7 s (17 connections, one per thread and
host). Here the context is built once per bundle, exactly as urllib3 builds it
(``create_urllib3_context`` with certificate checks on, then the bundle), and shared; requests
still decides which bundle applies (``verify``, ``REQUESTS_CA_BUNDLE``, its default), and
anything else (``verify=False`` for a ``--trusted-host``, a client certificate) goes the
ordinary way.
"""

from __future__ import annotations

import os
import ssl
import threading
from typing import Any

from requests.adapters import DEFAULT_CA_BUNDLE_PATH, HTTPAdapter
from urllib3.util.ssl_ import create_urllib3_context

__all__ = ["SharedTLSAdapter"]

_CONTEXTS: dict[tuple[str, bool], ssl.SSLContext] = {}
_LOCK = threading.Lock()


def _context(where: str) -> ssl.SSLContext | None:
    """The shared context trusting ``where`` (a file or a directory); None when it cannot be
    built here (the ordinary path then reports the problem as it always did)."""
    is_dir = os.path.isdir(where)
    key = (where, is_dir)
    with _LOCK:
        ctx = _CONTEXTS.get(key)
        if ctx is None:
            try:
                ctx = create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
                if is_dir:
                    ctx.load_verify_locations(capath=where)
                else:
                    ctx.load_verify_locations(cafile=where)
            except (OSError, ValueError, ssl.SSLError):
                return None
            _CONTEXTS[key] = ctx
        return ctx


class SharedTLSAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose verified HTTPS pools share one context per trust store."""

    def build_connection_pool_key_attributes(self, request: Any, verify: Any, cert: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        if verify and cert is None and host_params.get("scheme") == "https" and "ssl_context" not in pool_kwargs:
            where = DEFAULT_CA_BUNDLE_PATH if verify is True else verify
            if isinstance(where, str) and where and os.path.exists(where):
                ctx = _context(where)
                if ctx is not None:
                    pool_kwargs.pop("ca_certs", None)
                    pool_kwargs.pop("ca_cert_dir", None)
                    pool_kwargs["ssl_context"] = ctx
        return host_params, pool_kwargs

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, verify, cert)
        # The pool's context already trusts the bundle requests chose: urllib3 would load it
        # into that context again for each new connection.
        if verify and any(conn.conn_kw.get("ssl_context") is ctx for ctx in _CONTEXTS.values()):
            conn.ca_certs = None
            conn.ca_cert_dir = None
