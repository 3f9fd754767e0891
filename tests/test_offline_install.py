"""Fully offline use (issue #4 item 4): a pulled score snapshot plus a wheelhouse is enough
for ``stackwise lock`` and ``stackwise pip install`` on a machine with no network at all.

The commands run inside a fresh network namespace (``unshare -n``): only a down loopback
device exists there, so any connection attempt fails. Skipped, with the reason, where
namespaces cannot be created (CI runs as root, where they can).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from stackwise.cli import main
from stackwise.knowledge.scorefile import load_score_file
from support import load_graph, make_index
from test_pip_integration import SEED_PICK, Venv

ROOT = Path(__file__).resolve().parents[1]
SEED_SCORES = ROOT / "fixtures" / "seed" / "scores.json"


def _unshare_works() -> str:
    if shutil.which("unshare") is None:
        return "no unshare(1) on this machine"
    proc = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    return "" if proc.returncode == 0 else f"cannot create a network namespace: {proc.stderr.strip()}"


def _in_netns(cmd: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["unshare", "-n", *cmd], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


@pytest.fixture
def offline_kit(tmp_path: Path, index_factory: Any, seed_graph: Any, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    """What a user carries to the air-gapped machine: a score snapshot pulled from a real
    service, and a wheelhouse of the seed example's distributions."""
    why = _unshare_works()
    if why:
        pytest.skip(why)
    from stackwise.server.runner import ServerThread
    from stackwise.server.storage import open_storage

    db = tmp_path / "kb.sqlite3"
    assert main(["serve", "import", str(SEED_SCORES), "--database", str(db)]) == 0
    storage = open_storage(str(db))
    snapshot = tmp_path / "snapshot.json"
    with ServerThread(storage) as service:
        assert main(["scores", "pull", "--from", service.url, "-o", str(snapshot), "--insecure-no-verify"]) == 0
    storage.close()
    capsys.readouterr()
    assert len(load_score_file(snapshot)) == len(load_score_file(SEED_SCORES))
    wheelhouse = make_index(tmp_path / "wheelhouse", load_graph("seed"))
    return {"snapshot": snapshot, "wheelhouse": wheelhouse}


def test_lock_in_a_network_namespace(offline_kit: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "lock.txt"
    env = {"PATH": "/usr/bin:/bin", "PIP_CONFIG_FILE": "/dev/null", "STACKWISE_CONFIG_FILE": "/dev/null",
           "STACKWISE_CACHE_DIR": str(tmp_path / "fresh-cache"), "HOME": str(tmp_path)}
    proc = _in_netns([sys.executable, "-m", "stackwise", "lock", "simplelib", "anotherlib",
                      "--scores", str(offline_kit["snapshot"]), "--no-default-scores", "--offline",
                      "--no-index", "--find-links", str(offline_kit["wheelhouse"]), "-o", str(out)], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    pins = {line.split("==")[0]: line.split("==")[1].split()[0] for line in out.read_text().splitlines()
            if "==" in line and not line.startswith(("#", " "))}
    assert pins == SEED_PICK


def test_stackwise_pip_install_in_a_network_namespace(offline_kit: dict[str, Path], tmp_path: Path) -> None:
    venv = Venv(tmp_path / "venv")
    env = venv.env()
    proc = _in_netns([venv.python, "-m", "stackwise.commands.pip", "pip", "install", "--no-index",
                      "--find-links", str(offline_kit["wheelhouse"]), "--scores", str(offline_kit["snapshot"]),
                      "--no-default-scores", "simplelib", "anotherlib"], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert venv.installed() == SEED_PICK
