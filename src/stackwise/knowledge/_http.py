"""HTTP with an overall deadline and a body-size cap, for the score service and the JSON API.

Why not plain ``requests`` timeouts: they bound each socket read, not the call. A server
that trickles one byte every few seconds (in the headers or the body) never trips a read
timeout and holds a run forever; a 1 GiB answer is read into memory whole. So every
request here is streamed into a buffer that stops at ``max_bytes``, and every socket the
session opens is registered with a :class:`Deadline`, whose timer shuts the sockets down
when the call's time is up. ``shutdown`` (unlike ``close``) wakes a thread blocked in
``recv``, so the call returns at the deadline whatever the server does.
"""

from __future__ import annotations

import contextlib
import math
import socket
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from stackwise._dataclass import dataclass
from stackwise._text import decimal_header


class DeadlineExceeded(Exception):
    """The call's overall deadline passed (raised instead of whatever the killed socket gave)."""


class TooLarge(Exception):
    """The answer is larger than the cap; ``size`` is what was known when reading stopped."""

    def __init__(self, size: int, declared: bool) -> None:
        super().__init__(size)
        self.size = size
        self.declared = declared


@dataclass(frozen=True)
class Answer:
    """A complete answer: what callers of ``requests`` used (status, headers, bytes)."""

    status_code: int
    headers: Any
    content: bytes


class Deadline:
    """Sockets of one session, and the timer that shuts them down when a call runs out of time."""

    def __init__(self) -> None:
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._calls = 0
        self._timer: threading.Timer | None = None
        self.expired = False
        self.ends_at = math.inf

    def register(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)
            late = self.expired
        if late:
            _shutdown(sock)

    def remaining(self) -> float:
        return self.ends_at - time.monotonic()

    def start(self, seconds: float) -> None:
        """Begin a call (calls may nest or run in parallel threads: the first one sets the time)."""
        with self._lock:
            self._calls += 1
            if self._calls > 1:
                return
            self.expired = False
            self.ends_at = time.monotonic() + seconds
            self._timer = threading.Timer(max(0.0, seconds), self._expire)
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        with self._lock:
            self._calls -= 1
            if self._calls:
                return
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self.ends_at = math.inf

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def limited_session(user_agent: str, *, pool_maxsize: int = 10) -> tuple[Any, Deadline]:
    """A ``requests`` session whose every socket is registered with the returned :class:`Deadline`."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    deadline = Deadline()

    class _Conn(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            deadline.register(sock)
            return sock

    class _TlsConn(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            deadline.register(sock)  # the TLS socket wraps this one's file descriptor
            return sock

    class _Pool(HTTPConnectionPool):
        ConnectionCls = _Conn

    class _TlsPool(HTTPSConnectionPool):
        ConnectionCls = _TlsConn

    classes = {"http": _Pool, "https": _TlsPool}

    class _Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = dict(classes)

        def proxy_manager_for(self, *args: Any, **kwargs: Any) -> Any:
            manager = super().proxy_manager_for(*args, **kwargs)
            manager.pool_classes_by_scheme = dict(classes)
            return manager

    session = requests.Session()
    adapter = _Adapter(pool_connections=4, pool_maxsize=pool_maxsize)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent
    session.headers["Accept"] = "application/json"
    return session, deadline


def fetch(session: Any, deadline: Deadline, method: str, url: str, *, connect_timeout: float,
          read_timeout: float, max_bytes: int, **kw: Any) -> Answer:
    """One request, streamed into memory up to ``max_bytes`` (decoded), within the deadline.

    Raises :class:`DeadlineExceeded`, :class:`TooLarge`, or what ``requests`` raises.
    """
    left = deadline.remaining()
    if left <= 0 or deadline.expired:
        raise DeadlineExceeded()
    timeout = (max(0.001, min(connect_timeout, left)), max(0.001, min(read_timeout, left)))
    try:
        resp = session.request(method, url, timeout=timeout, stream=True, **kw)
    except Exception:
        if deadline.expired:
            raise DeadlineExceeded() from None
        raise
    if deadline.expired:
        resp.close()
        raise DeadlineExceeded()
    try:
        # no usable length ('\xb2', 5000 digits): the read below is bounded anyway
        declared = decimal_header(resp.headers.get("Content-Length", ""), 18)
        if declared is not None and declared > max_bytes and "gzip" not in resp.headers.get("Content-Encoding", ""):
            raise TooLarge(declared, True)
        body = bytearray()
        for chunk in resp.iter_content(64 * 1024):
            body += chunk
            if len(body) > max_bytes:
                raise TooLarge(len(body), False)
            if deadline.expired:
                raise DeadlineExceeded()
        if deadline.expired:  # the shut-down socket may look like a short, complete answer
            raise DeadlineExceeded()
        return Answer(resp.status_code, resp.headers, bytes(body))
    except (TooLarge, DeadlineExceeded):
        raise
    except Exception:
        if deadline.expired:
            raise DeadlineExceeded() from None
        raise
    finally:
        resp.close()


class GaveUp(Exception):
    """Every attempt of :func:`call` failed in a retryable way; ``reason`` says how the last did.

    ``kind`` is what failed last ("timeout", "connection", "broken", "status"; "none" when
    no attempt fitted in the deadline), for clients that word it their own way.
    """

    def __init__(self, reason: str, attempts: int, kind: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts
        self.kind = kind


def call(session: Any, deadline: Deadline, method: str, url: str, *, seconds: float, connect_timeout: float,
         read_timeout: float, max_bytes: int, retries: int, backoff: float,
         on_attempt: Callable[[], None] | None = None, **kw: Any) -> Answer:
    """One service call: :func:`fetch` with bounded retries, all inside one ``seconds`` deadline.

    The one retry loop of the knowledge clients (score service, JSON API, ...), so every
    client retries, backs off and words its failures the same way. Retried: connection
    errors, timeouts, broken responses, 5xx and 429 (a short Retry-After, at most 2 s, is
    honoured); any other answer is returned, and the caller judges its status (4xx would
    only fail again). The deadline is started here (or joined, when the
    caller already runs a batch on the same :class:`Deadline`). Raises
    :class:`DeadlineExceeded`, :class:`TooLarge`, or :class:`GaveUp` with the last reason.
    """
    import requests

    last, kind = "no attempt", "none"
    made = 0
    deadline.start(seconds)
    try:
        for attempt in range(max(0, retries) + 1):
            if attempt:
                pause = min(backoff * (2 ** (attempt - 1)), 2.0)
                if pause >= deadline.remaining():
                    break
                time.sleep(pause)
            made += 1
            if on_attempt is not None:
                on_attempt()
            try:
                resp = fetch(session, deadline, method, url, connect_timeout=connect_timeout,
                             read_timeout=read_timeout, max_bytes=max_bytes, **kw)
            except requests.exceptions.ConnectTimeout:
                last, kind = f"no connection within {connect_timeout:g} s", "timeout"
                continue
            except requests.exceptions.ReadTimeout:
                last, kind = f"no answer within {read_timeout:g} s", "timeout"
                continue
            except requests.exceptions.ConnectionError as exc:
                last, kind = connection_reason(exc), "connection"
                continue
            except requests.exceptions.RequestException as exc:  # ChunkedEncodingError, ContentDecodingError, ...
                last, kind = f"broken response ({type(exc).__name__})", "broken"
                continue
            if resp.status_code >= 500 or resp.status_code == 429:
                last, kind = f"HTTP {resp.status_code}{problem_text(resp)}", "status"
                retry_after = decimal_header(resp.headers.get("Retry-After", ""), 9)
                if (retry_after is not None and retry_after <= 2 and attempt < retries
                        and retry_after < deadline.remaining()):
                    time.sleep(retry_after)
                continue
            return resp
    finally:
        deadline.stop()
    raise GaveUp(last, made, kind)


def connection_reason(exc: BaseException) -> str:
    """A connection failure in a few words (the exception's text is a nested repr)."""
    text = str(exc)
    for marker, reason in (("Connection refused", "connection refused"),
                           ("Name or service not known", "unknown host"),
                           ("Temporary failure in name resolution", "unknown host"),
                           ("Connection reset", "connection reset"),
                           ("RemoteDisconnected", "the server closed the connection"),
                           ("IncompleteRead", "the answer was cut off"),
                           ("timed out", "timed out")):
        if marker in text:
            return reason
    return f"connection failed ({type(exc).__name__})"


def problem_text(resp: Any) -> str:
    """': <the service's error message>' from a JSON problem answer, else ''."""
    import json

    try:
        data = json.loads(resp.content)
        if isinstance(data, dict) and isinstance(data.get("error"), str) and data["error"].strip():
            return ": " + data["error"].strip().splitlines()[0][:200]
    except (ValueError, UnicodeDecodeError, RecursionError):
        pass
    return ""


def describe_size(n: int) -> str:
    """'512 bytes', '3.2 MiB', '1.0 GiB'."""
    if n < 1024:
        return f"{n} bytes"
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        n /= 1024  # type: ignore[assignment]
        if n < 1024 or unit == "TiB":
            return f"{n:.1f} {unit}"
    return f"{n} bytes"  # pragma: no cover
