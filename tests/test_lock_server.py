"""The resident lock server (stackwise/_lockserver.py): ``STACKWISE_LOCK_SERVER=1`` here, the default
(a server for repeated locks only) in tests/test_lock_server_auto.py.

Every test runs ``stackwise lock`` in real processes, through a real server on a real Unix
socket, and compares with the same command run in-process: same lock file, same stdout,
same exit status and error. A run is known to have been served when the client process
never imported the resolver (it only relayed the command).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from support import build_wheel

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="the server needs pidfd_open (Linux)")


def probe_script(module: str, here: str) -> str:
    """A wrapper running ``stackwise`` that ends its stderr with ``PROBE <HERE|SERVED> <status>``:
    ``here`` when ``module`` was imported in this process (the command ran in it), else served."""
    return f"""\
import sys, runpy
sys.argv = ['stackwise', *sys.argv[1:]]
try:
    runpy.run_module('stackwise', run_name='__main__')
except SystemExit as e:
    code = e.code
sys.stdout.flush()
sys.stderr.write('\\nPROBE ' + ({here!r} if {module!r} in sys.modules else 'SERVED') + f' {{code}}\\n')
"""


PROBE = probe_script("resolvelib", "RESOLVED-HERE")


@pytest.fixture
def setup(tmp_path: Path):
    links = tmp_path / "links"
    build_wheel(links, "alpha", "1.0", ["beta>=1"])
    build_wheel(links, "alpha", "2.0", ["beta>=2"])
    build_wheel(links, "beta", "1.0")
    build_wheel(links, "beta", "2.0")
    # A short directory: a Unix socket's path must fit in about 100 bytes.
    run = Path(tempfile.mkdtemp(prefix="swr", dir="/tmp"))  # noqa: S108
    (tmp_path / "run").symlink_to(run)
    probe_dir = tmp_path / "probe"
    probe_dir.mkdir()
    (probe_dir / "probe.py").write_text(PROBE)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(ROOT / "src"), XDG_RUNTIME_DIR=str(run), STACKWISE_LOCK_SERVER="1")
    yield tmp_path, links, env, probe_dir / "probe.py"
    _stop_servers(run)
    shutil.rmtree(run, ignore_errors=True)


def _stop_servers(run: Path) -> None:
    """End the servers this test started (found by their runtime directory, ended by pid)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"stackwise._lockserver" in cmdline and f"XDG_RUNTIME_DIR={run}".encode() in environ.split(b"\0"):
            with contextlib.suppress(OSError):
                os.kill(int(proc.name), signal.SIGTERM)


def lock(tmp_path: Path, links: Path, env: dict[str, str], probe: Path, *extra: str,
         requirement: str = "alpha\n", output: bool = True) -> subprocess.CompletedProcess[str]:
    (tmp_path / "req.in").write_text(requirement)
    args = ["lock", "-r", "req.in", "--no-index", "--find-links", str(links), "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), *(["-o", "out.txt"] if output else []), "--no-reuse", *extra]
    return subprocess.run([sys.executable, str(probe), *args], env=env, cwd=tmp_path, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)


def served(proc: subprocess.CompletedProcess[str]) -> bool:
    return "PROBE SERVED" in proc.stderr


def status(proc: subprocess.CompletedProcess[str]) -> str:
    """The exit status ``stackwise`` returned (the probe prints it)."""
    return proc.stderr.rsplit("PROBE ", 1)[1].split()[1]


def until_served(run, *args, **kw) -> subprocess.CompletedProcess[str]:  # noqa: ANN001, ANN002, ANN003
    """``run(*args, **kw)`` until a server (started by an earlier run) answers it."""
    deadline = time.monotonic() + 30
    while True:
        proc = run(*args, **kw)
        if served(proc) or time.monotonic() > deadline:
            return proc
        time.sleep(0.2)


def wait_served(tmp_path, links, env, probe, *extra, **kw) -> subprocess.CompletedProcess[str]:
    """Lock until a server (started by an earlier run) answers; every run must be correct."""
    return until_served(lock, tmp_path, links, env, probe, *extra, **kw)


def test_a_served_lock_is_the_in_process_lock(setup):
    tmp_path, links, env, probe = setup
    plain_env = dict(env, STACKWISE_LOCK_SERVER="0")
    inproc = lock(tmp_path, links, plain_env, probe)
    assert inproc.returncode == 0 and not served(inproc), inproc.stderr
    expected = (tmp_path / "out.txt").read_text()
    assert "alpha==2.0" in expected and "beta==2.0" in expected
    (tmp_path / "out.txt").unlink()

    first = lock(tmp_path, links, env, probe)  # no server yet: in-process, and one is started
    assert first.returncode == 0 and not served(first), first.stderr
    assert (tmp_path / "out.txt").read_text() == expected

    remote = wait_served(tmp_path, links, env, probe)
    assert served(remote), remote.stderr
    assert status(remote) == "0"
    assert (tmp_path / "out.txt").read_text() == expected
    assert remote.stdout == inproc.stdout

    # To stdout (no -o) the lock goes through the passed descriptor, flushed before the exit.
    out = wait_served(tmp_path, links, env, probe, output=False)
    assert served(out) and status(out) == "0"
    assert "alpha==2.0" in out.stdout and "beta==2.0" in out.stdout


def test_the_environment_never_reaches_the_servers_command_line(setup):
    """The identity a server checks holds every environment variable; on the command line
    it was readable by every local user (``ps``), tokens and passwords included."""
    tmp_path, links, env, probe = setup
    secret = "s3cr3t-" + os.urandom(8).hex()
    env = dict(env, STACKWISE_TEST_TOKEN=secret)
    assert served(wait_served(tmp_path, links, env, probe))
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError):
                cmdline = (proc / "cmdline").read_bytes()
                if b"stackwise._lockserver" in cmdline:
                    found.append(cmdline)
                    for spelling in (secret.encode(), secret.encode().hex().encode()):
                        assert spelling not in cmdline
    assert found  # a server was running and was looked at


def test_a_failing_lock_fails_the_same_way(setup):
    tmp_path, links, env, probe = setup
    plain_env = dict(env, STACKWISE_LOCK_SERVER="0")
    wait_served(tmp_path, links, env, probe)  # a server is up
    bad = "alpha>=3\n"
    inproc = lock(tmp_path, links, plain_env, probe, requirement=bad)
    remote = wait_served(tmp_path, links, env, probe, requirement=bad)
    assert served(remote)
    assert status(inproc) == status(remote) == "1"
    strip = lambda text: text.replace("PROBE SERVED 1", "").replace("PROBE RESOLVED-HERE 1", "").strip()  # noqa: E731
    assert strip(remote.stderr) == strip(inproc.stderr)
    assert "stackwise: error:" in remote.stderr


def test_a_changed_code_path_is_refused_and_the_run_is_still_right(setup):
    tmp_path, links, env, probe = setup
    assert served(wait_served(tmp_path, links, env, probe))
    # The probe's directory is on sys.path: a new file there could change what an import
    # finds, so the server must not serve from what it imported before.
    (probe.parent / "sitecustomize_unused.py").write_text("")
    after = lock(tmp_path, links, env, probe)
    assert not served(after), after.stderr
    assert status(after) == "0"
    assert "alpha==2.0" in (tmp_path / "out.txt").read_text()
    # The stale server exits; a new one starts and serves the new state.
    assert served(wait_served(tmp_path, links, env, probe))


def test_another_environment_is_another_server(setup):
    tmp_path, links, env, probe = setup
    assert served(wait_served(tmp_path, links, env, probe))
    older = tmp_path / "older"
    build_wheel(older, "alpha", "1.0", ["beta>=1"])
    build_wheel(older, "beta", "1.0")
    # The same command with PIP_FIND_LINKS set: never answered by the first server.
    env_b = dict(env, PIP_FIND_LINKS=str(older))
    proc = lock(tmp_path, links, env_b, probe, "--no-index")
    assert not served(proc)  # a new identity: no server yet
    in_b = (tmp_path / "out.txt").read_text()
    remote = wait_served(tmp_path, links, env_b, probe, "--no-index")
    assert served(remote) and status(remote) == "0"
    assert (tmp_path / "out.txt").read_text() == in_b


def test_a_terminal_or_relative_sys_path_is_never_served(setup, tmp_path):
    _, links, env, _ = setup
    # ``python -c`` puts "" (the working directory) on sys.path: refused, resolved here.
    code = ("import sys; from stackwise._lockserver import run_remote; "
            "print(run_remote(['lock', '--help']))")
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert proc.stdout.strip() == "None", proc.stderr
    assert not list((tmp_path / "run").glob("stackwise-*/*.sock"))  # and no server was started


def test_stamps_notice_a_replaced_file(tmp_path):
    from stackwise._lockserver import _Stamps

    f = tmp_path / "m.py"
    f.write_text("x = 1\n")
    stamps = _Stamps([str(f), str(tmp_path)])
    assert stamps.changed() is None
    os.replace(_write(tmp_path / "new.py", "x = 2\n"), f)  # same size, new inode
    assert stamps.changed() is not None


def test_stamps_notice_an_in_place_edit_with_the_mtime_put_back(tmp_path):
    from stackwise._lockserver import _Stamps

    f = _write(tmp_path / "m.py", "x = 1\n")
    st = f.stat()
    stamps = _Stamps([str(f)])
    with open(f, "r+") as fh:  # same inode, same size
        fh.write("x = 2\n")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (f.stat().st_ino, f.stat().st_size, f.stat().st_mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns)
    assert stamps.changed() == str(f)


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_ctrl_c_reaches_the_served_lock(setup, index_factory):
    tmp_path, links, env, probe = setup
    assert served(wait_served(tmp_path, links, env, probe))  # the server is up
    (tmp_path / "out.txt").unlink()
    slow = index_factory({"gamma": {"1.0": []}})
    slow.slow_seconds, slow.fault = 30.0, "slow"
    (tmp_path / "req.in").write_text("gamma\n")
    args = ["lock", "-r", "req.in", "--index-url", slow.url, "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", "out.txt", "--no-reuse"]
    proc = subprocess.Popen([sys.executable, str(probe), *args], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 30
    while not slow.requests and time.monotonic() < deadline:  # the served child is waiting on the index
        time.sleep(0.02)
    assert slow.requests, proc.communicate(timeout=60)
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert "PROBE SERVED 130" in err, err
    assert "stackwise: interrupted; nothing was written." in err
    assert time.monotonic() - start < 5
    assert not (tmp_path / "out.txt").exists()
