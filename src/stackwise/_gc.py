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
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collection() -> Iterator[None]:
    """Pause the cyclic collector for the block; restore it afterwards (in-process callers)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def skip_final_collection() -> None:
    """At process exit only: what is left is freed by the OS, not collected object by object."""
    gc.freeze()
