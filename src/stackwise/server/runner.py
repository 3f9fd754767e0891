"""Run the score service with uvicorn: in the foreground (``stackwise serve``) or in a thread.

The thread form is what tests and benchmarks use: a real uvicorn server on a real socket,
started on an ephemeral loopback port and stopped cleanly.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

from stackwise.errors import StackwiseError
from stackwise.server.app import ServiceSettings, create_app
from stackwise.server.storage import Storage


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
        **kw,
    )


def serve_forever(storage: Storage, host: str, port: int, settings: ServiceSettings | None = None,
                  *, access_log: bool = False) -> None:
    """Foreground server until Ctrl-C / SIGTERM (uvicorn handles both)."""
    uvicorn = _uvicorn()
    try:
        uvicorn.Server(_config(storage, host, port, settings, access_log=access_log, log_level="info")).run()
    except OSError as exc:
        raise StackwiseError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from None


class ServerThread:
    """uvicorn in a background thread on ``host`` (default an ephemeral loopback port)."""

    def __init__(self, storage: Storage, host: str = "127.0.0.1", port: int = 0,
                 settings: ServiceSettings | None = None) -> None:
        self.storage = storage
        self.host = host
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.port = self._sock.getsockname()[1]
        self._server = _uvicorn().Server(_config(storage, host, self.port, settings))
        self._server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name=f"stackwise-serve-{self.port}", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

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
