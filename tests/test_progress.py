"""The status line of a long lock: drawn on a terminal only (a real pty), never on a pipe,
never with -q, and gone before the command's own lines."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from stackwise._progress import Ticker

SRC = Path(__file__).resolve().parent.parent / "src"
GRAPH = {"app": {"1.0": ["lib"]}, "lib": {"1.0": [], "2.0": []}}


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_ticker_draws_only_on_a_terminal_after_its_delay_and_clears_its_line() -> None:
    tty, pipe = _Tty(), io.StringIO()
    with Ticker(lambda: "working", stream=tty, delay=0.05, interval=0.01):
        time.sleep(0.2)
    assert "stackwise: working (0s)" in tty.getvalue() and tty.getvalue().endswith("\r\x1b[K")
    with Ticker(lambda: "working", stream=pipe, delay=0.0, interval=0.01):
        time.sleep(0.1)
    quick, quiet = _Tty(), _Tty()
    with Ticker(lambda: "working", stream=quick, delay=5.0):
        pass  # a quick step: nothing at all
    with Ticker(lambda: "working", stream=quiet, quiet=True, delay=0.0, interval=0.01):
        time.sleep(0.1)
    assert pipe.getvalue() == quick.getvalue() == quiet.getvalue() == ""


def _lock(index_url: str, cache: Path, *, tty: bool, extra: tuple[str, ...] = ()) -> str:
    env = dict(os.environ, PYTHONPATH=str(SRC), STACKWISE_CONFIG_FILE=os.devnull, PIP_CONFIG_FILE=os.devnull,
               TERM="xterm")
    argv = [sys.executable, "-m", "stackwise", "lock", "app", "--index-url", index_url, "--isolated",
            "--no-reuse", "--cache-dir", str(cache), "-o", str(cache / "lock.txt"), *extra]
    cache.mkdir(parents=True, exist_ok=True)
    if not tty:
        return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120).stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode(errors="replace")


def test_a_slow_lock_shows_its_progress_on_a_terminal_only(index_factory: Any, tmp_path: Path) -> None:
    index = index_factory(GRAPH, fault="slow")
    index.slow_seconds = 0.6  # each index answer: the cold lock takes a few seconds
    shown = _lock(index.url, tmp_path / "a", tty=True)
    assert "stackwise: resolving: " in shown and "project(s)" in shown, shown
    assert "\r\x1b[K" in shown and "Traceback" not in shown
    assert "proven best" in shown.split("\r\x1b[K")[-1]  # the summary comes after the cleared line
    piped = _lock(index.url, tmp_path / "b", tty=False)
    assert "resolving:" not in piped and "\r" not in piped and "proven best" in piped
    quiet = _lock(index.url, tmp_path / "c", tty=True, extra=("-q",))
    assert "resolving:" not in quiet
