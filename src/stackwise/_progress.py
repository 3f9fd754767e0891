"""One status line on a terminal while a long step runs (issue #18: a cold lock printed
nothing for 12 s).

Why a thread that polls: what takes long (fetching index pages and metadata, building
sdists, the search) happens deep inside code that must not print; the ticker only reads
counters the caller exposes. It draws nothing when the stream is not a terminal, with
``-q``, or when the step ends before ``delay`` -- so output that is piped or captured, and
every quick run, stay byte for byte what they were.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any


class Ticker:
    """``with Ticker(describe):`` redraws ``stackwise: <describe()> (Ns)`` on stderr."""

    def __init__(self, describe: Callable[[], str], *, stream: IO[str] | None = None, quiet: bool = False,
                 delay: float = 1.0, interval: float = 0.2) -> None:
        self.describe = describe
        self.stream = stream if stream is not None else sys.stderr
        self.delay, self.interval = delay, interval
        self.enabled = not quiet and _is_terminal(self.stream)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._drawn = False
        self._started = 0.0

    def __enter__(self) -> Ticker:
        if self.enabled:
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="stackwise-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._drawn:
            self._write("\r\x1b[K")  # leave the line clean for what the command prints next

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            try:
                text = self.describe()
            except Exception:  # a counter read mid-update: try again on the next tick
                text = ""
            if text:
                line = f"stackwise: {text} ({time.monotonic() - self._started:.0f}s)"
                width = shutil.get_terminal_size((80, 24)).columns
                self._write("\r\x1b[K" + line[: max(10, width - 1)])
                self._drawn = True
            self._stop.wait(self.interval)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal: progress is not worth an error
            self._stop.set()


def _is_terminal(stream: Any) -> bool:
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
