"""Cyclic garbage collection around short, allocation-heavy commands.

Why: a fresh ``stackwise lock`` builds tens of thousands of short-lived objects in reference
cycles (resolution state, parsed metadata). With the collector running, it rescans all of
them again and again during the run, and the interpreter frees them one cycle at a time on
exit; measured on the large benchmark set, that was about a third of a fresh offline lock.
A lock is short and its memory bounded by its inputs, so the collector is paused for the
command and the final collection is skipped at process exit (``gc.freeze``). Long-running
commands (the service, crawls, inspections) keep the collector as it is.
"""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_PROGRAM_ENDS_AFTER = False  # set by the ``stackwise`` program (cli.entry): nothing follows the command


def program_ends_after_command() -> None:
    """Say that the process ends when the current command returns (see :func:`paused_collection`)."""
    global _PROGRAM_ENDS_AFTER
    _PROGRAM_ENDS_AFTER = True


class paused_collection:  # noqa: N801 - used as ``with paused_collection():``, as the function it was
    """Pause the cyclic collector for the block; restore it afterwards (in-process callers).

    Why the freeze when the program ends next: every object made while paused is still in the
    youngest generation, so the first collection after ``gc.enable()`` scans all of them at
    once -- 17-79 ms after a warm lock with a big knowledge base, 0.4 s after a cold large lock
    -- to free memory the exit frees anyway. An in-process caller (the API, tests) keeps the
    ordinary restore, so its garbage is still collected.

    A class, not a ``contextlib`` generator: ``stackwise lock`` pauses before its first heavy
    import, and ``contextlib`` (with ``typing``, ``re`` and ``enum``) would run collections of
    its own first."""

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
            if _PROGRAM_ENDS_AFTER:
                gc.freeze()
            gc.enable()


def skip_final_collection() -> None:
    """At process exit only: what is left is freed by the OS, not collected object by object."""
    gc.freeze()


def runs_as_the_program(frame: Any) -> bool:
    """Whether ``frame`` is the main program's own top level (a ``stackwise`` script, or
    ``python -m stackwise``), so that nothing but the exit follows when it returns; not when
    another program calls it (``runpy.run_module`` from a wrapper, a test harness)."""
    if frame is None or frame.f_code.co_name != "<module>" or frame.f_globals.get("__name__") != "__main__":
        return False
    outer = frame.f_back
    while outer is not None:  # python -m: only runpy's own frames above, from its entry point
        name = outer.f_code.co_filename
        if name != "<frozen runpy>" and os.path.basename(name) != "runpy.py":
            return False
        if outer.f_back is None:
            return outer.f_code.co_name == "_run_module_as_main"
        outer = outer.f_back
    return True


def exit_without_teardown(status: int) -> None:
    """End a finished short command now: its exit handlers run and its standard streams are
    flushed, but the interpreter is not torn down module by module and object by object
    (~3-5 ms of a 0.1-0.2 s fresh lock). Returns, for the ordinary exit, when another
    non-daemon thread is alive (Python would join it) or a stream cannot be flushed (Python
    reports that itself); so only what the process would free anyway is skipped."""
    threading = sys.modules.get("threading")  # never imported: no thread of its making (~1 ms spared)
    if threading is not None:
        main = threading.main_thread()
        if threading.current_thread() is not main or any(
                t.is_alive() and not t.daemon for t in threading.enumerate() if t is not main):
            return
    import atexit

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None:
        return
    if not _flushed():
        return  # a closed or broken stream: Python's own exit says so
    run_handlers()  # (run once: they are unregistered as they run)
    if _flushed():
        os._exit(status)


def _flushed() -> bool:
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            return False
    return True
