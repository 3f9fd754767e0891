"""One status line on a terminal while a long step runs (issue #18: a cold lock printed
nothing for 12 s).

Why a thread that polls: what takes long (fetching index pages and metadata, building
sdists, the search, reading wheels, inspections) happens deep inside code that must not
print; the ticker only reads counters the caller exposes. It draws nothing when the stream
is not a terminal, with ``-q``, with ``TERM=dumb``, or when the step ends before ``delay``
-- so output that is piped or captured, and every quick run, stay byte for byte what they
were. Like pip's progress bars: on a terminal only.

While the line is drawn, ``sys.stderr`` (and ``sys.stdout`` when it is the terminal too)
go through a guard that wipes the line before anything else is written, so a warning
printed meanwhile never lands after the status text; the line comes back on the next tick.
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
    """``with Ticker(describe):`` redraws ``stackwise: <describe()> (Ns)`` on stderr.

    Without ``describe`` the line shows the last :meth:`note` (the step under way)."""

    def __init__(self, describe: Callable[[], str] | None = None, *, stream: IO[str] | None = None,
                 quiet: bool = False, delay: float = 1.0, interval: float = 0.2) -> None:
        self.describe = describe if describe is not None else (lambda: self._note)
        self.stream = stream if stream is not None else sys.stderr
        self.delay, self.interval = delay, interval
        self.enabled = not quiet and _is_terminal(self.stream)
        self._note = ""
        self._stop = threading.Event()
        self._lock = threading.RLock()  # one writer at a time: the ticker or a guarded stream
        self._thread: threading.Thread | None = None
        self._drawn = False
        self._at_line_start = True  # nothing half-written: the line may be drawn
        self._started = 0.0
        self._guards: list[tuple[str, Any]] = []

    def note(self, text: str) -> None:
        """The step under way (what a ticker without its own ``describe`` shows)."""
        self._note = text

    @property
    def noted(self) -> str:
        """The last :meth:`note`, for a ``describe`` that adds counters to it."""
        return self._note

    def __enter__(self) -> Ticker:
        if self.enabled:  # may be entered again (one line over several steps): the clock keeps running
            self._stop.clear()
            self._started = self._started or time.monotonic()
            self._guard()
            self._thread = threading.Thread(target=self._run, name="stackwise-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # the thread draws nothing more, even if a second Ctrl-C cuts the join short
        try:
            if self._thread is not None:
                self._thread.join()
        finally:
            with self._lock:
                if self._drawn:
                    self._write("\r\x1b[K")  # leave the line clean for what the command prints next
                    self._drawn = False
                for name, original in reversed(self._guards):
                    if isinstance(getattr(sys, name), _Guarded):
                        setattr(sys, name, original)
                self._guards.clear()

    def _guard(self) -> None:
        """Route ``sys.stderr`` (and a terminal ``sys.stdout``) through :class:`_Guarded`."""
        for name in ("stderr", "stdout"):
            current = getattr(sys, name)
            if current is self.stream or (name == "stdout" and _same_terminal(current, self.stream)):
                self._guards.append((name, current))
                setattr(sys, name, _Guarded(current, self))

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        shown = ""
        while not self._stop.is_set():
            try:
                text = self.describe()
            except Exception:  # a counter read mid-update: try again on the next tick
                text = ""
            if text:
                line = _fit(f"stackwise: {text}", f" ({time.monotonic() - self._started:.0f}s)",
                            _width(self.stream))
                with self._lock:
                    if self._at_line_start and not self._stop.is_set() and not (self._drawn and line == shown):
                        self._write("\r\x1b[K" + line)
                        self._drawn, shown = True, line
            self._stop.wait(self.interval)

    def _before_other_output(self, text: str) -> None:
        """Called (holding the lock) before someone else writes ``text`` to the terminal."""
        if self._drawn:
            self._write("\r\x1b[K")
            self._drawn = False
        self._at_line_start = text.endswith("\n")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal: progress is not worth an error
            self._stop.set()


class _Guarded:
    """A text stream that wipes the ticker's line before it writes (see the module docstring)."""

    def __init__(self, stream: Any, ticker: Ticker) -> None:
        self._stream = stream
        self._ticker = ticker

    def write(self, text: str) -> int:
        if not text:
            return 0
        with self._ticker._lock:
            self._ticker._before_other_output(text)
            n: int = self._stream.write(text)
            if self._stream is not self._ticker.stream:
                self._stream.flush()  # stdout's text reaches the terminal before the line is redrawn
            return n

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, buffer ...
        return getattr(self._stream, name)


def step_printer(ticker: Ticker, *, quiet: bool = False, verbose: bool = False,
                 prefix: str = "stackwise: ") -> Callable[[str], None]:
    """What a command's line-per-step progress messages become.

    On a terminal (the ticker enabled) a step only updates the status line -- unless
    ``verbose``, which prints it as a line as well. Elsewhere (a pipe, a log file,
    ``TERM=dumb``) each step is printed as one line, exactly as before there was a status
    line: a long batch job's log keeps them. ``quiet``: nothing at all."""

    def step(message: str) -> None:
        if quiet:
            return
        if ticker.enabled:
            ticker.note(message)
            if not verbose:
                return
        print(f"{prefix}{message}", file=sys.stderr, flush=True)

    return step


def resolution_ticker(client: Any = None, *, quiet: bool, what: str = "resolving") -> Ticker:
    """The status line of a lock that takes a while (a cold cache, sdist builds, a long search):
    what ``client`` (an IndexClient, if the caller has it) has read, and how many resolutions
    the search running in this thread has tried."""
    from stackwise.resolve.engine import resolutions_tried

    thread = threading.get_ident()
    before = resolutions_tried(thread)

    def describe() -> str:
        # most telling first: a narrow terminal cuts the end of the line
        c = client.progress_counts() if client is not None else {}
        tried = resolutions_tried(thread) - before
        parts = [f"{c['projects']} project(s) and {c['metadata']} metadata file(s) read" if c else "",
                 f"{tried} resolution(s) tried" if tried else "",
                 f"{c['builds']} sdist(s) built" if c.get("builds") else "",
                 f"{c['requests']} request(s) to the index" if c.get("requests") else ""]
        parts = [p for p in parts if p]
        return f"{what}: {', '.join(parts)}" if parts else what

    return Ticker(describe, quiet=quiet)


def _width(stream: Any) -> int:
    """The terminal's width: the stream's own terminal first (stdout may be a file)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return shutil.get_terminal_size((80, 24)).columns


def _fit(text: str, suffix: str, width: int) -> str:
    """One line that never wraps (a wrapped line cannot be wiped with ``\\r``): the text
    shortened, the elapsed time kept."""
    room = max(20, width - 1) - len(suffix)
    return (text if len(text) <= room else text[: max(1, room - 3)] + "...") + suffix


def _is_terminal(stream: Any) -> bool:
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _same_terminal(a: Any, b: Any) -> bool:
    """Whether two streams are both terminals (then their output shares the screen)."""
    return _is_terminal(a) and _is_terminal(b)
