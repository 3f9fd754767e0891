"""``stackwise install`` through the resident process (stackwise/_lockserver.py), by default
for repeated commands: a served install leaves the venv, the output and the exit status
exactly as an in-process one does: up to date, into a new venv, and failing.

Real processes, a real server on a real Unix socket, real venvs. A run is known to have been
served when the client never imported the install command (it only relayed it).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import test_lock_server
from test_install import installed_versions, listing, make_venv
from test_lock_server import served as _served
from test_lock_server import status as _status
from test_lock_server import until_served

setup = test_lock_server.setup  # the fixture: a wheel folder, a short runtime directory, a probe
pytestmark = test_lock_server.pytestmark

PROBE = test_lock_server.probe_script("stackwise.commands.install", "HERE")


def _install(tmp_path: Path, links: Path, env: dict[str, str], probe: Path, lock: str, venv: Path,
             *extra: str) -> subprocess.CompletedProcess[str]:
    args = ["install", lock, "--offline", "--find-links", str(links), "--target-venv", str(venv),
            "--cache-dir", str(tmp_path / "icache"), *extra]
    return subprocess.run([sys.executable, str(probe), *args], env=env, cwd=tmp_path, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)


def _strip(text: str, venv: Path | None = None) -> str:
    """The command's own stderr, timings and the venv's path left out."""
    text = re.sub(r" in [0-9.]+s\b", " in Ns", text.rsplit("\nPROBE ", 1)[0])
    return text.replace(str(venv), "VENV") if venv is not None else text


def test_a_served_install_is_the_in_process_install(setup, tmp_path):
    tmp_path, links, env, lock_probe = setup
    probe = lock_probe.parent / "install_probe.py"
    probe.write_text(PROBE)
    env = {k: v for k, v in env.items() if k != "STACKWISE_LOCK_SERVER"}  # the default
    inproc_env = dict(env, STACKWISE_LOCK_SERVER="0")
    locked = test_lock_server.lock(tmp_path, links, inproc_env, lock_probe)
    assert test_lock_server.status(locked) == "0", locked.stderr
    lock = str(tmp_path / "out.txt")

    # Into a new venv: in-process, then served (after a server was started by repeated runs).
    here_venv = make_venv(tmp_path / "here")
    here = _install(tmp_path, links, inproc_env, probe, lock, here_venv)
    assert _status(here) == "0" and not _served(here), here.stderr
    warm = make_venv(tmp_path / "warm")
    first = until_served(_install, tmp_path, links, env, probe, lock, warm)  # the first runs install, later ones find it done
    assert _status(first) == "0", first.stderr
    served_venv = make_venv(tmp_path / "served")
    served = _install(tmp_path, links, env, probe, lock, served_venv)
    assert _served(served) and _status(served) == "0", served.stderr
    assert installed_versions(served_venv) == installed_versions(here_venv) == {"alpha": "2.0", "beta": "2.0"}
    assert listing(served_venv).keys() == listing(here_venv).keys()
    assert _strip(served.stderr, served_venv) == _strip(here.stderr, here_venv)
    assert served.stdout == here.stdout

    # Up to date: nothing changes, the same words.
    before = listing(served_venv)
    again = _install(tmp_path, links, env, probe, lock, served_venv)
    again_here = _install(tmp_path, links, inproc_env, probe, lock, here_venv)
    assert _served(again) and _status(again) == "0", again.stderr
    assert listing(served_venv) == before
    assert _strip(again.stderr, served_venv) == _strip(again_here.stderr, here_venv)
    assert again.stdout == again_here.stdout

    # A failing install fails the same way (a lock naming a missing file).
    bad = tmp_path / "bad.txt"
    bad.write_text("gamma==1.0 --hash=sha256:" + "0" * 64 + "\n")
    bad_served = _install(tmp_path, links, env, probe, str(bad), served_venv)
    bad_here = _install(tmp_path, links, inproc_env, probe, str(bad), here_venv)
    assert _served(bad_served)
    assert _status(bad_served) == _status(bad_here) == "1"
    assert _strip(bad_served.stderr, served_venv) == _strip(bad_here.stderr, here_venv)
    assert "Traceback" not in bad_served.stderr
