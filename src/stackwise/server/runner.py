"""Run the score service with uvicorn: in the foreground (``stackwise serve``) or in a thread.

The thread form is what tests and benchmarks use: a real uvicorn server on a real socket,
started on an ephemeral loopback port and stopped cleanly.

Why worker processes get the app from a factory and the environment: uvicorn starts each
worker as a fresh interpreter, which cannot inherit an open database connection; each opens
its own storage (its own bounded pool) from :data:`SPEC_VARIABLE`. The workers share the
database safely: every consistent read is one statement, writers serialise in the database,
and the per-process document cache is keyed by package revision.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import socket
import ssl
import threading
import time
from typing import Any

from stackwise.errors import StackwiseError
from stackwise.server.app import ServiceSettings, create_app
from stackwise.server.storage import DEFAULT_POOL_SIZE, Storage, open_storage

SPEC_VARIABLE = "STACKWISE_SERVE_SPEC"
#: Seconds a stopping server waits for open connections (a stalled or half-open client must
#: not keep it running forever after SIGTERM).
GRACEFUL_SHUTDOWN = 5


def _uvicorn() -> Any:
    try:
        import uvicorn
    except ImportError:
        raise StackwiseError(
            "The score service needs its server dependencies: pip install 'stackwise[server]'."
        ) from None
    return uvicorn


def _config(storage: Storage, host: str, port: int, settings: ServiceSettings | None, **kw: Any) -> Any:
    uvicorn = _uvicorn()
    return uvicorn.Config(
        create_app(storage, settings),
        host=host,
        port=port,
        log_level=kw.pop("log_level", "warning"),
        access_log=kw.pop("access_log", False),
        lifespan="off",
        timeout_keep_alive=kw.pop("timeout_keep_alive", 30),
        timeout_graceful_shutdown=kw.pop("timeout_graceful_shutdown", GRACEFUL_SHUTDOWN),
        **kw,
    )


def check_tls(certfile: str | None, keyfile: str | None) -> None:
    """Load the certificate and key once, so a mistake is one clear error before serving."""
    if keyfile and not certfile:
        raise StackwiseError("--ssl-keyfile needs --ssl-certfile (the certificate chain to present).")
    if not certfile:
        return
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except FileNotFoundError as exc:
        # load_cert_chain names no file in its error: say which of the two is missing
        missing = next((f for f in (certfile, keyfile) if f and not os.path.isfile(f)), exc.filename or certfile)
        raise StackwiseError(f"TLS: {missing}: no such file.") from None
    except (ssl.SSLError, OSError) as exc:
        raise StackwiseError(
            f"TLS: cannot use certificate {certfile}" + (f" with key {keyfile}" if keyfile else "")
            + f" ({getattr(exc, 'reason', None) or exc}); give a PEM certificate chain and its private key."
        ) from None


def app_from_environment() -> Any:
    """The app of one worker process, from the spec :func:`serve_forever` put in the environment."""
    spec = json.loads(os.environ[SPEC_VARIABLE])
    storage = open_storage(spec["database"], pool_size=int(spec["pool_size"]))
    return create_app(storage, ServiceSettings(**spec["settings"]))


def serve_forever(storage: Storage, host: str, port: int, settings: ServiceSettings | None = None,
                  *, access_log: bool = False, workers: int = 1, database: str | None = None,
                  pool_size: int = DEFAULT_POOL_SIZE, ssl_certfile: str | None = None,
                  ssl_keyfile: str | None = None) -> None:
    """Foreground server until Ctrl-C / SIGTERM (uvicorn handles both).

    With ``workers`` > 1, ``storage`` is only used by the caller (it is not served): each
    worker process opens ``database`` itself.
    """
    uvicorn = _uvicorn()
    check_tls(ssl_certfile, ssl_keyfile)
    tls = {"ssl_certfile": ssl_certfile, "ssl_keyfile": ssl_keyfile} if ssl_certfile else {}
    try:
        if workers > 1:
            if not database:
                raise StackwiseError("Several worker processes need the database URL to open in each.")
            os.environ[SPEC_VARIABLE] = json.dumps({
                "database": database, "pool_size": pool_size,
                "settings": dataclasses.asdict(settings or ServiceSettings())})
            uvicorn.run("stackwise.server.runner:app_from_environment", factory=True, host=host, port=port,
                        workers=workers, log_level="info", access_log=access_log, lifespan="off",
                        timeout_keep_alive=30, timeout_graceful_shutdown=GRACEFUL_SHUTDOWN, **tls)
        else:
            uvicorn.Server(_config(storage, host, port, settings, access_log=access_log, log_level="info",
                                   **tls)).run()
    except OSError as exc:
        raise StackwiseError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from None


class ServerThread:
    """uvicorn in a background thread on ``host`` (default an ephemeral loopback port)."""

    def __init__(self, storage: Storage, host: str = "127.0.0.1", port: int = 0,
                 settings: ServiceSettings | None = None, **uvicorn_options: Any) -> None:
        self.storage = storage
        self.host = host
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.port = self._sock.getsockname()[1]
        self._server = _uvicorn().Server(_config(storage, host, self.port, settings, **uvicorn_options))
        self.scheme = "https" if uvicorn_options.get("ssl_certfile") else "http"
        self._server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name=f"stackwise-serve-{self.port}", daemon=True)

    @property
    def service(self) -> Any:
        """The :class:`~stackwise.server.app.ScoreService` being served."""
        return self._server.config.app.state.service

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def start(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the score service did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        with contextlib.suppress(OSError):
            self._sock.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
