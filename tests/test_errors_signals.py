"""Ctrl-C and `stackwise pip` option errors, in real processes (issue #18).

SIGINT must end ``stackwise lock`` within a second in every phase that can take long:
waiting on an index that never answers (main thread and prefetch threads), building an
sdist's metadata, and the search over stacks; always exit 130, one line, no traceback,
nothing written.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import make_index
from support.rawserver import SilentServer

pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to a child process")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "STACKWISE_"))}
    env.update(PIP_CONFIG_FILE=os.devnull, STACKWISE_CONFIG_FILE=os.devnull, HOME=str(tmp_path))
    return env


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "stackwise", "lock", *args, "--isolated", "--cache-dir", str(tmp_path / "cache"),
         "--no-reuse", "-o", str(tmp_path / "requirements.txt")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp_path),
    )


def _interrupt(proc: subprocess.Popen[str]) -> tuple[float, str]:
    assert proc.poll() is None, proc.communicate()
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"still running 15 s after SIGINT: {err}")
    return time.monotonic() - start, err


def _wait_for(proc: subprocess.Popen[str], condition, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"exited with {proc.returncode} before {what}: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"timed out waiting for {what}: {proc.communicate()}")
        time.sleep(0.02)


def _assert_interrupted(proc: subprocess.Popen[str], took: float, err: str, tmp_path: Path) -> None:
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err
    assert err.strip().splitlines()[-1] == "stackwise: interrupted; nothing was written.", err
    assert took < 1.0, f"took {took:.2f} s to stop"
    assert not (tmp_path / "requirements.txt").exists()


def test_sigint_while_waiting_on_a_silent_index(tmp_path):
    """Main thread and prefetch threads all blocked on sockets that never answer."""
    with SilentServer() as server:
        proc = _start(tmp_path, "simplelib", "anotherlib", "dependency1", "-i", server.url, "--timeout", "120")
        _wait_for(proc, lambda: server.accepted >= 2, "the index to be asked")
        time.sleep(0.3)
        took, err = _interrupt(proc)
    _assert_interrupted(proc, took, err, tmp_path)


@pytest.fixture(scope="module")
def heavy_links(tmp_path_factory):
    """10 packages x 8 versions and 270 random pair rules: a search that uses its whole budget."""
    rng = random.Random(7)
    links = make_index(tmp_path_factory.mktemp("heavy"),
                       {f"p{i}": {f"{v}.0": [] for v in range(1, 9)} for i in range(10)})
    rules = []
    for i in range(10):
        for j in range(i + 1, 10):
            for _ in range(6):
                rules.append({"id": f"r{len(rules)}", "package": f"p{i}", "specifier": f"=={rng.randint(1, 8)}.0",
                              "with": {"package": f"p{j}", "specifier": f"=={rng.randint(1, 8)}.0"},
                              "score": round(rng.uniform(-1, 1), 3), "category": "stability", "message": "m",
                              "link": "https://example.org/x", "source": "test"})
    scores = links / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": rules}))
    return links, scores


@pytest.mark.parametrize("delay", [0.0, 1.0, 3.0])
def test_sigint_while_resolving(tmp_path, heavy_links, delay):
    links, scores = heavy_links
    proc = _start(tmp_path, *[f"p{i}" for i in range(10)], "--no-index", "-f", str(links), "--scores", str(scores),
                  "--no-default-scores", "--time-budget", "60")
    # The index cache is opened once the command line, inputs and knowledge are read.
    _wait_for(proc, lambda: (tmp_path / "cache").is_dir(), "the lock to start")
    time.sleep(delay)
    took, err = _interrupt(proc)
    _assert_interrupted(proc, took, err, tmp_path)


def test_sigint_while_building_an_sdist(tmp_path):
    from test_sdist_build import tiny_backend_sdist

    pidfile = tmp_path / "backend.pid"
    hook = (
        "def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):\n"
        f"    open({str(pidfile)!r}, 'w').write(str(os.getpid()))\n"
        "    import time; time.sleep(120)\n"
    )
    links = tmp_path / "links"
    links.mkdir()
    tiny_backend_sdist(links, "slow", "1.0", [], hook=hook)
    proc = _start(tmp_path, "slow", "--no-index", "-f", str(links))
    _wait_for(proc, lambda: pidfile.exists() and pidfile.read_text().strip(), "the build backend to start", limit=60)
    took, err = _interrupt(proc)
    _assert_interrupted(proc, took, err, tmp_path)
    pid = int(pidfile.read_text())
    for _ in range(50):  # the backend dies with its process group
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            break
        if state in ("Z", "X"):
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the build backend outlived the interrupted lock")


# -- stackwise pip: pip's own usage, stackwise's options explained ---------------------------


def _stackwise_pip(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stackwise", "pip", *args], capture_output=True, text=True,
                          env=_env(tmp_path), timeout=120)


def test_pip_usage_header_names_stackwise_pip(tmp_path):
    proc = _stackwise_pip(tmp_path, "install", "--no-such-pip-option", "x")
    assert proc.returncode == 2
    assert "stackwise pip install [options]" in proc.stderr
    assert "stackwise install [options]" not in proc.stderr.replace("stackwise pip install", "")
    assert "no such option: --no-such-pip-option" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("option", ["--offline", "--cache-ttl=5", "--no-reuse"])
def test_lock_only_options_are_explained(tmp_path, option):
    proc = _stackwise_pip(tmp_path, "install", option, "x")
    assert proc.returncode == 1
    name = option.partition("=")[0]
    assert proc.stderr.startswith(f"stackwise: error: stackwise pip: {name} is not a pip option."), proc.stderr
    assert "no such option" not in proc.stderr and "Traceback" not in proc.stderr
    if name == "--offline":
        assert "--no-index with --find-links DIR" in proc.stderr


def test_pip_options_after_double_dash_are_pips(tmp_path):
    """After ``--`` everything is pip's argument list, even a name that looks like ours."""
    proc = _stackwise_pip(tmp_path, "download", "--no-index", "-d", str(tmp_path / "d"), "--", "--offline")
    assert "is not a pip option" not in proc.stderr
