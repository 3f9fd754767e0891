"""The resident lock server by default (``STACKWISE_LOCK_SERVER`` unset, stackwise/_lockserver.py):
started only by the second lock of the same identity within a short window, so a one-off
lock never leaves a process behind; ``=0`` turns it off; the working directory's variables
(``PWD``...) are not part of the identity, and the served child takes the client's values.

Real processes, a real server on a real Unix socket, compared with in-process runs (the
fixture and helpers are tests/test_lock_server.py's).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import test_lock_server
from support import build_wheel
from test_lock_server import lock, served, status, wait_served

setup = test_lock_server.setup  # the fixture: a wheel folder, a short runtime directory, a probe
pytestmark = test_lock_server.pytestmark


def _sockets(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "run").glob("stackwise-*/*.sock"))


def _no_server_starts(tmp_path: Path) -> bool:
    """No socket within 1.5 s (a started server binds its socket after ~0.2 s of imports)."""
    time.sleep(1.5)
    return not _sockets(tmp_path)


def _default(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k != "STACKWISE_LOCK_SERVER"}


def test_one_lock_starts_nothing_a_second_one_starts_a_server(setup):
    tmp_path, links, env, probe = setup
    env = _default(env)
    first = lock(tmp_path, links, env, probe)
    assert first.returncode == 0 and not served(first), first.stderr
    expected = (tmp_path / "out.txt").read_text()
    assert "alpha==2.0" in expected
    assert _no_server_starts(tmp_path)  # a one-off lock leaves no process behind

    second = lock(tmp_path, links, env, probe)  # the same identity again, within the window
    assert second.returncode == 0 and not served(second), second.stderr
    assert (tmp_path / "out.txt").read_text() == expected
    remote = wait_served(tmp_path, links, env, probe)
    assert served(remote) and status(remote) == "0", remote.stderr
    assert (tmp_path / "out.txt").read_text() == expected
    assert remote.stdout == first.stdout


def test_locks_further_apart_than_the_window_start_nothing(setup):
    tmp_path, links, env, probe = setup
    env = _default(env)
    assert lock(tmp_path, links, env, probe).returncode == 0
    (recent,) = (tmp_path / "run").glob("stackwise-*/recent-miss")
    old = time.time() - 120
    os.utime(recent, (old, old))  # the first lock ran two minutes ago
    assert lock(tmp_path, links, env, probe).returncode == 0
    assert _no_server_starts(tmp_path)


def test_another_identity_in_between_starts_nothing(setup):
    tmp_path, links, env, probe = setup
    env = _default(env)
    assert lock(tmp_path, links, env, probe).returncode == 0
    assert lock(tmp_path, links, dict(env, SOME_SETTING="x"), probe).returncode == 0
    assert lock(tmp_path, links, env, probe).returncode == 0
    assert _no_server_starts(tmp_path)


def test_zero_turns_it_off(setup):
    tmp_path, links, env, probe = setup
    env = dict(env, STACKWISE_LOCK_SERVER="0")
    for _ in range(3):
        proc = lock(tmp_path, links, env, probe)
        assert proc.returncode == 0 and not served(proc), proc.stderr
    assert _no_server_starts(tmp_path)


def test_one_server_for_several_directories_each_child_with_its_clients_pwd(setup):
    """A CI loop locking projects in several directories starts one server, and a served
    lock sees the client's ``PWD`` (here through ``${PWD}`` in its requirements file)."""
    tmp_path, links, env, probe = setup
    env = _default(env)
    assert served(wait_served(tmp_path, links, env, probe))  # up, started from tmp_path
    other = tmp_path / "other"
    only_old = other / "links"
    build_wheel(only_old, "alpha", "1.0", ["beta>=1"])
    build_wheel(only_old, "beta", "1.0")
    (other / "req.in").write_text("--no-index\n--find-links ${PWD}/links\nalpha\n")
    args = ["lock", "-r", "req.in", "--no-default-scores", "--cache-dir", str(other / "cache"), "-o", "out.txt",
            "--no-reuse"]
    proc = subprocess.run([sys.executable, str(probe), *args], env=dict(env, PWD=str(other), OLDPWD=str(tmp_path)),
                          cwd=other, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert served(proc) and status(proc) == "0", proc.stderr
    out = (other / "out.txt").read_text()
    assert "alpha==1.0" in out and "beta==1.0" in out, out
    assert len(_sockets(tmp_path)) == 1


def test_a_nicer_client_is_not_served_by_a_server_of_normal_priority(setup):
    """A served child inherits the server's priority, CPUs and control group, so a client
    placed differently (here ``nice``) gets its own server."""
    tmp_path, links, env, probe = setup
    assert served(wait_served(tmp_path, links, env, probe))
    args = ["lock", "-r", "req.in", "--no-index", "--find-links", str(links), "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", "out.txt", "--no-reuse"]
    proc = subprocess.run(["nice", "-n", "5", sys.executable, str(probe), *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 0 and not served(proc), proc.stderr
    assert "alpha==2.0" in (tmp_path / "out.txt").read_text()


def test_a_served_command_run_as_the_program_ends_with_the_childs_status(setup):
    """``python -m stackwise lock`` itself (no wrapper): the client ends without the
    interpreter's teardown, with the served child's exit status and output."""
    tmp_path, links, env, _probe = setup
    env = _default(env)
    (tmp_path / "req.in").write_text("alpha\n")
    # ``-m`` puts the working directory on sys.path: one the lock writes into changes, and the
    # server (rightly) refuses from then on, so this one stays untouched.
    work = tmp_path / "work"
    work.mkdir()
    out = str(tmp_path / "out.txt")
    base = [sys.executable, "-X", "importtime", "-m", "stackwise", "lock", "-r", str(tmp_path / "req.in"),
            "--no-index", "--find-links", str(links), "--no-default-scores", "--cache-dir", str(tmp_path / "cache"),
            "--no-reuse"]

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*base, *extra], env=env, cwd=work, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=120)

    deadline = time.monotonic() + 30
    while True:  # -X importtime: a served client never imports the resolver
        proc = run("-o", out)
        if "resolvelib" not in proc.stderr or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert "resolvelib" not in proc.stderr and proc.returncode == 0, proc.stderr[-2000:]
    assert "alpha==2.0" in (tmp_path / "out.txt").read_text()
    printed = run()  # the lock on standard output, written by the child
    assert printed.returncode == 0 and "alpha==2.0" in printed.stdout and "resolvelib" not in printed.stderr
    (tmp_path / "req.in").write_text("alpha>=3\n")
    failed = run("-o", out)
    assert failed.returncode == 1 and "resolvelib" not in failed.stderr
    assert "stackwise: error:" in failed.stderr


def test_a_lock_written_into_a_sys_path_directory_does_not_make_the_server_stale(tmp_path):
    """``python -m stackwise lock -o requirements.txt`` writes into the working directory, which
    ``-m`` puts on ``sys.path``: only a change in what an import could find there is stale."""
    from stackwise._lockserver import _Stamps

    (tmp_path / "mod.py").write_text("x = 1\n")
    stamps = _Stamps([str(tmp_path)])
    (tmp_path / "requirements.txt").write_text("alpha==1.0\n")
    (tmp_path / ".requirements.txt.tmp").write_text("")
    os.replace(tmp_path / ".requirements.txt.tmp", tmp_path / "requirements.txt")
    assert stamps.changed() is None
    assert stamps.changed() is None  # (the new stamp is kept)
    (tmp_path / "json.py").write_text("")  # would shadow json for an in-process run
    assert stamps.changed() == str(tmp_path)
    stamps = _Stamps([str(tmp_path)])
    (tmp_path / "pkg").mkdir()
    assert stamps.changed() == str(tmp_path)
    stamps = _Stamps([str(tmp_path)])
    (tmp_path / "mod.py").unlink()
    assert stamps.changed() == str(tmp_path)
    stamps = _Stamps([str(tmp_path)])
    (tmp_path / "ext.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    assert stamps.changed() == str(tmp_path)
