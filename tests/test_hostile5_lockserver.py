"""The resident lock server's client (``STACKWISE_LOCK_SERVER=1``, _lockserver.run_remote)
against whatever answers on its socket: a hung or stopped server, garbage replies, a
server that dies while its child runs, a child killed by SIGKILL. Real Unix sockets: the
"server" is a thread of the client's own process (same user, same identity, same path),
run in a subprocess whose standard streams are pipes, as the client requires.

Never a traceback, never a hang: a server that cannot be used means an in-process run
(``None``), one that stops mid-run is one line and exit status 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

SCRIPT = r'''
import marshal, os, socket, subprocess, sys, threading, time
from stackwise import _lockserver as ls

mode = sys.argv[1]
ls._HANDSHAKE_SECONDS = 1.0  # (5 s in real runs) keeps the hang tests short
path = ls._socket_path(ls._identity())
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(4)
held = []

def serve():
    conn, _ = listener.accept()
    held.append(conn)
    request, fds = ls._recv(conn, want_fds=3)
    for fd in fds:
        os.close(fd)
    if mode == "silent":
        return
    if mode.startswith("pid-"):
        ls._send(conn, ("pid", {"pid-str": "12x", "pid-none": None, "pid-huge": 1 << 80, "pid-negative": -1}[mode]))
    else:
        child = subprocess.Popen(["sleep", "0.6" if mode == "dies" else "0.1"])
        ls._send(conn, ("pid", child.pid))
        if mode == "dies":  # the server is gone while its child runs
            conn.close()
            child.wait()
            return
        if mode == "hangs-after":  # the child ends, the server never reports
            child.wait()
            return
        child.wait()
        ls._send(conn, ("exit", {"sigkill": 9, "bad-status": "x", "huge-status": 1 << 70, "bad-signal": 126}[mode]))

threading.Thread(target=serve, daemon=True).start()
started = time.monotonic()
result = ls.run_remote(["lock"])
print(f"result={result!r} seconds={time.monotonic() - started:.1f}", flush=True)
'''


def _client(tmp_path: Path, mode: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    runtime = Path(tempfile.mkdtemp(prefix="sw5-"))  # short: a socket path is at most ~108 bytes
    script = tmp_path / "client.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "STACKWISE_LOCK_SERVER": "1"}
    try:
        return subprocess.run([sys.executable, str(script), mode], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_server_that_never_answers_means_an_in_process_run_not_a_hang(tmp_path):
    # A stopped (SIGSTOP) or hung server, or any process of ours listening there, accepts
    # the connection and never replies.
    proc = _client(tmp_path, "silent")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.startswith("result=None"), proc.stdout + proc.stderr


@pytest.mark.parametrize("mode", ["pid-str", "pid-none", "pid-huge", "pid-negative"])
def test_a_garbage_reply_means_an_in_process_run(tmp_path, mode):
    proc = _client(tmp_path, mode)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.startswith("result=None"), proc.stdout + proc.stderr


def test_a_server_that_dies_mid_run_is_one_line_after_its_child_ended(tmp_path):
    proc = _client(tmp_path, "dies")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr == "stackwise: error: the lock server stopped during the run; run the command again.\n"
    result, seconds = proc.stdout.split()
    # Not before the child (which may still be writing the lock) has ended.
    assert result == "result=1" and float(seconds.partition("=")[2]) >= 0.5, proc.stdout


def test_a_server_that_never_reports_the_end_of_its_child_is_not_waited_on_forever(tmp_path):
    proc = _client(tmp_path, "hangs-after", timeout=30)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr == "stackwise: error: the lock server stopped during the run; run the command again.\n"
    assert proc.stdout.startswith("result=1 "), proc.stdout


def test_a_child_killed_by_sigkill_ends_the_client_the_same_way(tmp_path):
    # As an in-process lock killed by the OOM killer would end (SIGKILL has no handler to reset).
    started = time.monotonic()
    proc = _client(tmp_path, "sigkill")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == -9, (proc.returncode, proc.stdout, proc.stderr)
    assert time.monotonic() - started < 15


@pytest.mark.parametrize("mode", ["bad-status", "huge-status", "bad-signal"])
def test_a_garbage_exit_report_is_exit_status_1(tmp_path, mode):
    proc = _client(tmp_path, mode)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.startswith("result=1 ") or proc.stdout.startswith("result=254 "), proc.stdout
