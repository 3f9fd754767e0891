"""A finished ``stackwise lock`` ends without the interpreter's teardown (stackwise/_gc.py),
yet exactly as an ordinary exit would end it: exit handlers run, buffered output reaches a
pipe, the status is kept; with another live thread or a broken stream, Python exits itself."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # a pipe: buffered output
    env["PYTHONPATH"] = SRC
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)


def test_exit_handlers_run_and_buffered_output_is_kept(tmp_path: Path) -> None:
    proc = _python("""
        import atexit, sys
        from stackwise._gc import exit_without_teardown
        atexit.register(lambda: open("handler-ran", "w").close())
        class Finalized:
            def __del__(self):  # runs only in a teardown: skipping it is the point
                open("teardown-ran", "w").close()
        kept = Finalized()
        sys.stdout.write("x" * 100000)  # buffered: a pipe is not a terminal
        sys.stderr.write("last words")
        exit_without_teardown(3)
        print("not reached")
    """, tmp_path)
    assert proc.returncode == 3
    assert proc.stdout == "x" * 100000 and proc.stderr == "last words"
    assert (tmp_path / "handler-ran").exists() and not (tmp_path / "teardown-ran").exists()


def test_a_live_thread_or_a_broken_stream_leaves_the_exit_to_python(tmp_path: Path) -> None:
    proc = _python("""
        import sys, threading, time
        from stackwise._gc import exit_without_teardown
        t = threading.Thread(target=lambda: (time.sleep(0.3), print("thread done")))
        t.start()
        exit_without_teardown(0)
        print("returned")
        sys.exit(4)
    """, tmp_path)
    assert proc.returncode == 4 and proc.stdout.splitlines() == ["returned", "thread done"]
    proc = _python("""
        import os, sys
        from stackwise._gc import exit_without_teardown
        sys.stdout.write("lost")
        os.close(1)
        exit_without_teardown(0)
        sys.stderr.write("returned")
    """, tmp_path)
    assert "returned" in proc.stderr and proc.returncode != 0  # Python reports the unflushable stream


def test_lock_through_the_command_writes_everything(tmp_path: Path, index_factory, seed_graph) -> None:
    index = index_factory(seed_graph)
    (tmp_path / "req.txt").write_text("simplelib\nanotherlib\n")
    env = {**os.environ, "PYTHONPATH": SRC, "STACKWISE_CACHE_DIR": str(tmp_path / "cache"),
           "STACKWISE_CONFIG_FILE": os.devnull, "PIP_CONFIG_FILE": os.devnull}
    env["STACKWISE_LOCK_SERVER"] = "0"  # in-process (a resident lock process is tested elsewhere)
    cmd = [sys.executable, "-m", "stackwise", "lock", "-r", "req.txt", "-i", index.url, "--no-default-scores"]
    proc = subprocess.run([*cmd, "-o", "out.txt"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    written = (tmp_path / "out.txt").read_text()
    assert "simplelib==" in written and "--hash=sha256:" in written
    printed = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert printed.returncode == 0 and printed.stdout.strip().endswith(written.strip().splitlines()[-1])
    bad = subprocess.run([*cmd, "-o", str(tmp_path / "missing-dir" / "x.txt")], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=120)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and bad.stderr.startswith("stackwise: error")


SITECUSTOMIZE = """\
import builtins, os
_mark, _open = os.environ["TEARDOWN_MARK"], open
class _Probe:
    def __del__(self):  # runs when the interpreter is torn down
        _open(_mark, "w").close()
builtins._teardown_probe = _Probe()
"""
WRAPPER = """\
import runpy, sys
sys.argv = ["stackwise", *sys.argv[1:]]
try:
    runpy.run_module("stackwise", run_name="__main__")
except SystemExit as exc:
    print("wrapper saw", exc.code)
"""


def test_only_the_program_itself_skips_the_teardown(tmp_path: Path, index_factory, seed_graph) -> None:
    """``python -m stackwise lock`` ends at once; a program that runs stackwise inside itself
    (runpy from a wrapper, as a test harness or a profiler does) gets control back."""
    index = index_factory(seed_graph)
    (tmp_path / "req.txt").write_text("simplelib\n")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    (tmp_path / "wrapper.py").write_text(WRAPPER)
    mark = tmp_path / "torn-down"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), SRC]),
           "STACKWISE_CACHE_DIR": str(tmp_path / "cache"), "STACKWISE_CONFIG_FILE": os.devnull,
           "PIP_CONFIG_FILE": os.devnull, "TEARDOWN_MARK": str(mark)}
    env["STACKWISE_LOCK_SERVER"] = "0"  # in-process (a resident lock process is tested elsewhere)
    args = ["lock", "-r", "req.txt", "-i", index.url, "--no-default-scores", "-o", "out.txt"]
    for cmd, skipped in (([sys.executable, "-m", "stackwise", *args], True),
                         ([sys.executable, "wrapper.py", *args], False),
                         ([sys.executable, "-m", "stackwise", *args[:-2]], True)):  # the lock on stdout
        mark.unlink(missing_ok=True)
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert mark.exists() is not skipped, cmd
        assert ("wrapper saw 0" in proc.stdout) is (cmd[1] == "wrapper.py")
        assert "simplelib==" in (proc.stdout if cmd[-1] != "out.txt" else (tmp_path / "out.txt").read_text())


def test_the_program_does_not_collect_the_paused_objects_before_it_exits(tmp_path: Path) -> None:
    """Run as the program, resuming the collector after a paused command freezes what the
    command made (no collection scans it); an in-process caller gets its garbage collected."""
    code = """
        import gc, sys, weakref
        from stackwise import _gc
        if sys.argv[1:] == ["program"]:
            _gc.program_ends_after_command()
        class Cycle:
            def __init__(self):
                self.me = self
        alive = weakref.WeakSet()
        with _gc.paused_collection():
            kept = [Cycle() for _ in range(1000)]
            alive.update(kept)
            del kept
        gc.collect()
        print(gc.get_freeze_count() >= 1000, len(alive))
    """
    for arg, expected in (("program", "True 1000"), ("library", "False 0")):
        proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code), arg], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": SRC}, cwd=tmp_path, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.split() == expected.split(), (arg, proc.stdout)
