"""The status line of long commands: drawn on a terminal only (a real pty), never on a pipe,
never with -q or TERM=dumb, and gone before the command's own closing lines. Where a
command printed one line per step, a pipe still gets exactly those lines."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from stackwise._progress import Ticker, step_printer
from stackwise.resolve.engine import resolutions_tried
from support import IndexServer, build_wheel

SRC = Path(__file__).resolve().parent.parent / "src"
GRAPH = {"app": {"1.0": ["lib"]}, "lib": {"1.0": [], "2.0": []}}
CLEAR = "\r\x1b[K"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


# -- the ticker itself ------------------------------------------------------------------------------


def test_ticker_draws_only_on_a_terminal_after_its_delay_and_clears_its_line() -> None:
    tty, pipe = _Tty(), io.StringIO()
    with Ticker(lambda: "working", stream=tty, delay=0.05, interval=0.01):
        time.sleep(0.2)
    assert "stackwise: working (0s)" in tty.getvalue() and tty.getvalue().endswith(CLEAR)
    with Ticker(lambda: "working", stream=pipe, delay=0.0, interval=0.01):
        time.sleep(0.1)
    quick, quiet = _Tty(), _Tty()
    with Ticker(lambda: "working", stream=quick, delay=5.0):
        pass  # a quick step: nothing at all
    with Ticker(lambda: "working", stream=quiet, quiet=True, delay=0.0, interval=0.01):
        time.sleep(0.1)
    assert pipe.getvalue() == quick.getvalue() == quiet.getvalue() == ""


def test_a_line_printed_meanwhile_wipes_the_status_first_and_a_half_line_is_never_overdrawn(
        monkeypatch: pytest.MonkeyPatch) -> None:
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    with Ticker(lambda: "working", delay=0.0, interval=0.01):
        time.sleep(0.1)
        print("stackwise: warning: something", file=sys.stderr)
        time.sleep(0.1)
        print("half", end="", file=sys.stderr)  # the status must not be drawn over an unfinished line
        time.sleep(0.1)
        print(" done", file=sys.stderr)
        time.sleep(0.1)
    assert sys.stderr is tty  # the guard is gone with the ticker
    out = tty.getvalue()
    before, warning, after = out.partition("stackwise: warning: something\n")
    assert warning and before.endswith(CLEAR) and "stackwise: working" in before
    assert "stackwise: working" in after.split("half")[0]  # drawn again after the warning
    assert "half done\n" in after  # nothing drawn between the two halves
    assert out.endswith(CLEAR) or out.endswith("half done\n")


def test_step_lines_stay_lines_on_a_pipe_and_become_the_status_on_a_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    step_printer(Ticker(stream=pipe))("[1/2] static scan: pkg")
    assert pipe.getvalue() == "stackwise: [1/2] static scan: pkg\n"
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    ticker = Ticker(stream=tty)
    step_printer(ticker)("[1/2] static scan: pkg")
    assert tty.getvalue() == "" and ticker.noted == "[1/2] static scan: pkg"
    step_printer(ticker, verbose=True)("[2/2] static scan: dep")
    assert tty.getvalue() == "stackwise: [2/2] static scan: dep\n" and ticker.noted == "[2/2] static scan: dep"
    quiet = Ticker(stream=tty, quiet=True)
    step_printer(quiet, quiet=True)("[2/2] static scan: dep")
    assert tty.getvalue() == "stackwise: [2/2] static scan: dep\n" and quiet.noted == ""


def test_the_search_counts_its_resolutions_for_the_thread_that_runs_it() -> None:
    from test_resolve import solve

    graph = {"b": {"1.0": ["c"], "2.0": ["c"]}, "c": {"1.0": [], "2.0": []}}
    rules = [{"package": "b", "specifier": "==2.0", "with": {"package": "c", "specifier": "==2.0"},
              "score": -0.5, "category": "stability", "message": "m", "link": "https://example.org/x", "source": "t"}]
    here = threading.get_ident()
    before = resolutions_tried(here)
    out = solve(graph, ["b"], rules)
    assert out.nodes > 1 and resolutions_tried(here) - before == out.nodes
    seen: dict[str, int] = {}

    def elsewhere() -> None:
        ident = threading.get_ident()
        start = resolutions_tried(ident)
        solve(graph, ["b"], rules)
        seen["tried"] = resolutions_tried(ident) - start

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert seen["tried"] == out.nodes and resolutions_tried(here) - before == out.nodes  # per thread


# -- commands on a real pty ----------------------------------------------------------------------------


def _run(argv: Sequence[str], *, tty: bool, env: dict[str, str] | None = None, cwd: Path | None = None,
         columns: int = 200) -> str:
    """``stackwise ARGV``' standard error: from a pipe, or all a terminal ``columns`` wide showed (a real pty)."""
    full_env = {**os.environ, "PYTHONPATH": str(SRC), "STACKWISE_CONFIG_FILE": os.devnull,
                "PIP_CONFIG_FILE": os.devnull, "TERM": "xterm", **(env or {})}
    command = [sys.executable, "-m", "stackwise", *argv]
    if not tty:
        proc = subprocess.run(command, env=full_env, capture_output=True, text=True, timeout=180, cwd=cwd)
        assert proc.returncode == 0, proc.stderr
        return proc.stderr
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc2 = subprocess.Popen(command, env=full_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=slave, cwd=cwd)
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
    proc2.wait(timeout=180)
    os.close(master)
    shown = b"".join(chunks).decode(errors="replace")
    assert proc2.returncode == 0, shown
    return shown


def _drawn_then_cleared(shown: str, status: str, closing: str) -> None:
    """The status was drawn, and the command's closing line comes after the last wipe of it."""
    assert f"stackwise: {status}" in shown and CLEAR in shown and "Traceback" not in shown, shown
    last = shown.rsplit(CLEAR, 1)[1]
    assert closing in last and status not in last, shown


def _plain(text: str) -> None:
    assert "\r" not in text and "\x1b" not in text and "Traceback" not in text, text


def _slow(index_factory: Callable[..., IndexServer], seconds: float, **kw: Any) -> IndexServer:
    index = index_factory(fault="slow", **kw)
    index.slow_seconds = seconds  # every answer of the index: the command takes a few seconds
    return index


def _lock(index_url: str, cache: Path, *, tty: bool, extra: tuple[str, ...] = ()) -> str:
    cache.mkdir(parents=True, exist_ok=True)
    return _run(["lock", "app", "--index-url", index_url, "--isolated", "--no-reuse", "--cache-dir", str(cache),
                 "-o", str(cache / "lock.txt"), *extra], tty=tty)


def test_a_slow_lock_shows_its_progress_on_a_terminal_only(index_factory: Any, tmp_path: Path) -> None:
    index = index_factory(GRAPH, fault="slow")
    index.slow_seconds = 0.6  # each index answer: the cold lock takes a few seconds
    shown = _lock(index.url, tmp_path / "a", tty=True)
    assert "stackwise: resolving: " in shown and "project(s)" in shown, shown
    assert CLEAR in shown and "Traceback" not in shown
    assert "proven best" in shown.split(CLEAR)[-1]  # the summary comes after the cleared line
    piped = _lock(index.url, tmp_path / "b", tty=False)
    assert "resolving:" not in piped and "\r" not in piped and "proven best" in piped
    quiet = _lock(index.url, tmp_path / "c", tty=True, extra=("-q",))
    assert "resolving:" not in quiet
    dumb = _run(["lock", "app", "--index-url", index.url, "--isolated", "--no-reuse", "--cache-dir",
                 str(tmp_path / "d"), "-o", str(tmp_path / "d.txt")], tty=True, env={"TERM": "dumb"})
    assert "resolving:" not in dumb and "\x1b" not in dumb and "proven best" in dumb


def test_a_long_search_shows_the_resolutions_it_tried(index_factory: Any, tmp_path: Path) -> None:
    """b 2.0 with c 2.0 is penalised: after the first resolution the search tries others, and
    each needs metadata the slow index has not given yet."""
    import json

    graph = {"b": {"1.0": ["c"], "2.0": ["c"]}, "c": {"1.0": [], "2.0": []}}
    index = index_factory(graph, fault="slow")
    index.slow_seconds = 0.6
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"package": "b", "specifier": "==2.0", "with": {"package": "c", "specifier": "==2.0"}, "score": -0.5,
         "category": "stability", "message": "m", "link": "https://example.org/x", "source": "t"}]}))
    shown = _run(["lock", "b", "--index-url", index.url, "--isolated", "--no-reuse", "--cache-dir",
                  str(tmp_path / "c"), "-o", str(tmp_path / "lock.txt"), "--no-default-scores",
                  "--scores", str(scores)], tty=True)
    _drawn_then_cleared(shown, "resolving: ", "proven best after")
    assert "1 resolution(s) tried" in shown, shown
    narrow = _run(["lock", "b", "--index-url", index.url, "--isolated", "--no-reuse", "--cache-dir",
                   str(tmp_path / "n"), "-o", str(tmp_path / "n.txt"), "--no-default-scores",
                   "--scores", str(scores)], tty=True, columns=60)
    drawn = [part for part in narrow.split(CLEAR) if part.startswith("stackwise: resolving")]
    assert drawn and all(len(part) <= 59 and part.endswith("s)") for part in drawn), drawn  # never wraps
    assert "c==1.0" in (tmp_path / "lock.txt").read_text()


def test_ctrl_c_under_the_status_line_ends_at_once_and_leaves_the_terminal_clean(
        index_factory: Any, tmp_path: Path) -> None:
    import signal

    index = index_factory(GRAPH, fault="slow")
    index.slow_seconds = 5.0  # the lock waits on the index when it is interrupted
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(SRC), "STACKWISE_CONFIG_FILE": os.devnull,
           "PIP_CONFIG_FILE": os.devnull, "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "stackwise", "lock", "app", "--index-url", index.url,
                             "--isolated", "--no-reuse", "--cache-dir", str(tmp_path / "c"),
                             "-o", str(tmp_path / "lock.txt")],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown = b""
    try:
        while b"stackwise: resolving" not in shown:
            shown += os.read(master, 4096)
        proc.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        proc.wait(timeout=30)
        took = time.monotonic() - interrupted
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            shown += data
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = shown.decode(errors="replace")
    assert proc.returncode == 130 and took < 1.0, (took, text)
    assert text.rsplit(CLEAR, 1)[1] == "stackwise: interrupted; nothing was written.\r\n", text
    assert not (tmp_path / "lock.txt").exists()


def test_a_universal_lock_shows_its_progress_on_a_terminal_only(index_factory: Any, tmp_path: Path) -> None:
    index = index_factory(GRAPH, fault="slow")
    index.slow_seconds = 0.6

    def universal(name: str, *, tty: bool, extra: tuple[str, ...] = ()) -> str:
        return _run(["lock", "app", "--universal", "--index-url", index.url, "--isolated", "--cache-dir",
                     str(tmp_path / name), "-o", str(tmp_path / f"{name}.txt"), *extra], tty=tty)

    _drawn_then_cleared(universal("a", tty=True), "resolving", "universal lock:")
    piped = universal("b", tty=False)
    _plain(piped)
    assert "resolving" not in piped and "universal lock:" in piped
    assert "resolving" not in universal("c", tty=True, extra=("-q",))


def test_a_pipfile_lock_shows_its_progress_on_a_terminal_only(index_factory: Any, tmp_path: Path) -> None:
    index = index_factory(GRAPH, fault="slow")
    index.slow_seconds = 0.6
    pipfile = tmp_path / "Pipfile"
    pipfile.write_text(f'[[source]]\nurl = "{index.url}"\nverify_ssl = false\nname = "fixture"\n\n'
                       '[packages]\napp = "*"\n\n[dev-packages]\n')

    def pipfile_lock(name: str, *, tty: bool, extra: tuple[str, ...] = ()) -> str:
        return _run(["lock", "--format", "pipfile-lock", "--pipfile", str(pipfile), "--isolated", "--cache-dir",
                     str(tmp_path / name), "-o", str(tmp_path / f"{name}.lock"), *extra], tty=tty)

    _drawn_then_cleared(pipfile_lock("a", tty=True), "resolving", "differ from plain `pipenv lock`")
    piped = pipfile_lock("b", tty=False)
    _plain(piped)
    assert "resolving" not in piped and "differ from plain `pipenv lock`" in piped
    assert "resolving" not in pipfile_lock("c", tty=True, extra=("-q",))


def test_stackwise_pipenv_plans_under_a_status_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The joint plan runs before Pipenv starts (and draws its own spinner): the line is ours."""
    from stackwise.commands.pipenv import _with_progress

    def planner(options: Any, *, bare_install: bool) -> str:
        time.sleep(1.5)
        print("stackwise: warning: a warning from the planner", file=sys.stderr)
        return f"plan {options} {bare_install}"

    for quiet in (False, True):
        tty = _Tty()
        monkeypatch.setattr(sys, "stderr", tty)
        assert _with_progress(planner, quiet=quiet)("o", bare_install=True) == "plan o True"
        shown = tty.getvalue()
        assert shown.endswith("stackwise: warning: a warning from the planner\n")
        assert ("stackwise: planning the Pipfile's sections" in shown) is not quiet, shown


# kb scan: a consumer whose newer provider removed a name it imports (tests/test_kb_scan.py).
def _scan_index(files: Path) -> None:
    for version in ("1.0", "2.0"):
        source = "def keep():\n    return 2\n" + ("def old_name():\n    return 1\n" if version == "1.0" else "")
        build_wheel(files, "libb", version, files={"libb/__init__.py": source})
    for version in ("1.0", "1.1"):
        build_wheel(files, "liba", version, ["libb"], files={"liba/__init__.py": "from libb import old_name\n"})


def test_kb_scan_steps_are_lines_on_a_pipe_and_one_status_line_on_a_terminal(
        index_factory: Callable[..., IndexServer], tmp_path: Path) -> None:
    files = tmp_path / "files"
    _scan_index(files)
    index = _slow(index_factory, 0.3, files_dir=files)

    def scan(name: str, *, tty: bool, extra: tuple[str, ...] = (), env: dict[str, str] | None = None) -> str:
        return _run(["kb", "scan", "liba", "-i", index.url, "--isolated", "--cache-dir", str(tmp_path / name),
                     "-o", str(tmp_path / f"{name}.json"), *extra], tty=tty, env=env)

    step = "stackwise: liba (consumer): 2 release(s) to read"
    shown = scan("a", tty=True)
    # Which package is under way when the line first shows (after a second) depends on the
    # index's speed: the consumer's or the provider's.
    _drawn_then_cleared(shown, "scanning lib", "candidate rule(s)")
    assert "wheel(s) read" in shown and f"{step}\r" not in shown.replace("\r\n", "\n") and f"{step}\n" not in shown
    assert "stackwise: finding: liba" in shown.rsplit(CLEAR, 1)[1]  # findings are printed after the line
    piped = scan("b", tty=False)
    _plain(piped)
    assert f"{step}\n" in piped and "scanning" not in piped and "finding: liba" in piped
    quiet = scan("c", tty=True, extra=("-q",))
    assert "scanning" not in quiet and step not in quiet and "candidate rule(s)" in quiet
    verbose = scan("d", tty=True, extra=("-v",))
    assert "stackwise: scanning lib" in verbose and f"{step}\r\n" in verbose  # -v: the step lines too
    dumb = scan("e", tty=True, env={"TERM": "dumb"})
    assert "scanning" not in dumb and "\x1b" not in dumb and f"{step}\r\n" in dumb


def test_kb_build_steps_are_lines_on_a_pipe_and_one_status_line_on_a_terminal(
        index_factory: Callable[..., IndexServer], tmp_path: Path) -> None:
    files = tmp_path / "files"
    _scan_index(files)
    index = _slow(index_factory, 0.3, files_dir=files)

    def build(name: str, *, tty: bool, extra: tuple[str, ...] = ()) -> str:
        return _run(["kb", "build", "liba", "--no-dependencies", "--no-confirm", "--state", str(tmp_path / name),
                     "-o", str(tmp_path / f"{name}.json"), "--index-url", index.url, "--isolated",
                     "--cache-dir", str(tmp_path / f"{name}-cache"), *extra], tty=tty)

    step = "stackwise: [1/1] static scan: liba"
    shown = build("a", tty=True)
    _drawn_then_cleared(shown, "[1/1] ", "1 package(s), ")
    assert f"{step}\r\n" not in shown
    piped = build("b", tty=False)
    _plain(piped)
    assert f"{step}\n" in piped and "stackwise: [1/1] bounds added by newer releases: liba\n" in piped
    assert "1 package(s), " in piped
    quiet = build("c", tty=True, extra=("-q",))
    assert "[1/1]" not in quiet and CLEAR not in quiet and "1 package(s), " in quiet


def test_inspect_shows_how_many_stacks_are_done_on_a_terminal_only(
        index_factory: Callable[..., IndexServer], tmp_path: Path) -> None:
    files = tmp_path / "files"
    build_wheel(files, "libb", "1.0", files={"libb/__init__.py": "X = 1\n"})
    index = index_factory(files_dir=files)

    def inspect(name: str, *, tty: bool, extra: tuple[str, ...] = ()) -> str:
        return _run(["inspect", "libb", "--strategy", "pip", "--check", "sleep 2", "--network", "allow",
                     "--results", str(tmp_path / f"{name}.db"), "--cache-dir", str(tmp_path / "cache"),
                     "--isolated", "--index-url", index.url, *extra], tty=tty)

    shown = inspect("a", tty=True)
    _drawn_then_cleared(shown, "inspecting: 0/1 stack(s) done", "1 inspection(s) in")
    assert "[1/1] passed" in shown
    piped = inspect("b", tty=False)
    _plain(piped)
    assert "inspecting:" not in piped and "[1/1] passed" in piped
    quiet = inspect("c", tty=True, extra=("-q",))
    assert "inspecting:" not in quiet and "[1/1]" not in quiet and "1 inspection(s) in" in quiet


def test_install_shows_files_fetched_on_a_terminal_only(
        index_factory: Callable[..., IndexServer], tmp_path: Path) -> None:
    from test_install import make_venv, pylock_for

    files = tmp_path / "files"
    for name in ("one", "two", "three", "four"):
        build_wheel(files, name, "1.0")
    index = _slow(index_factory, 1.6, files_dir=files)  # the downloads overlap: each takes this long
    lock = pylock_for(files, {n: "1.0" for n in ("one", "two", "three", "four")}, index.file_url, tmp_path)

    def install(name: str, *, tty: bool, extra: tuple[str, ...] = ()) -> str:
        venv = make_venv(tmp_path / name)
        return _run(["install", str(lock), "--target-venv", str(venv), "--cache-dir", str(tmp_path / f"{name}-c"),
                     *extra], tty=tty, env={"STACKWISE_CACHE_DIR": str(tmp_path / f"{name}-c")})

    shown = install("a", tty=True)
    _drawn_then_cleared(shown, "installing: ", "installed 4")
    assert "file(s) fetched and verified" in shown
    piped = install("b", tty=False)
    _plain(piped)
    assert "installing:" not in piped and "installed 4" in piped
    assert install("c", tty=True, extra=("-q",)) == ""
