"""Against the real public index: with an empty knowledge base, ``stackwise lock`` pins what pip picks.

Every test here needs the network and is marked ``network``, so the default run (pyproject's
``-m 'not network'``) skips them. Run them with::

    PYTHONPATH=src python -m pytest -m network tests/test_network.py

Both tools run as subprocesses isolated from the machine's pip configuration
(``PIP_CONFIG_FILE`` set to the null device and no ``PIP_*`` variables: the autouse fixture
in conftest.py), so both use pip's default index. Each tool gets its own temporary cache.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.network

SRC = Path(__file__).resolve().parent.parent / "src"
TIMEOUT = 900

SETS = {
    "flask": ["flask"],
    "requests": ["requests"],
    "data-science": ["numpy", "pandas", "scikit-learn"],
}

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def tool_env() -> dict[str, str]:
    """The test process's (already isolated) environment, with stackwise importable from src/."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "STACKWISE_"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return env


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, capture_output=True, text=True, env=tool_env(), timeout=TIMEOUT)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)}\nexit code {proc.returncode}\nstderr:\n{proc.stderr[-4000:]}"
    )
    return proc


def read_pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        m = PIN.match(line.strip())
        if m:
            pins[canonical(m.group(1))] = m.group(2)
    return pins


@pytest.fixture(scope="module")
def caches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One stackwise cache and one pip cache shared by this module's tests (fresh per run)."""
    root = tmp_path_factory.mktemp("network-caches")
    return {"stackwise": root / "stackwise", "pip": root / "pip"}


def stackwise_lock(reqs: list[str], out: Path, cache: Path, *extra: str) -> str:
    run([sys.executable, "-m", "stackwise", "lock", *reqs, "--no-default-scores",
         "--cache-dir", str(cache), "-o", str(out), "-q", *extra])
    return out.read_text()


def pip_pick(reqs: list[str], report: Path, cache: Path) -> dict[str, str]:
    run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
         "--cache-dir", str(cache), "--report", str(report), *reqs])
    data = json.loads(report.read_text())
    return {canonical(i["metadata"]["name"]): i["metadata"]["version"] for i in data["install"]}


@pytest.mark.parametrize("reqs", list(SETS.values()), ids=list(SETS))
def test_lock_pins_what_pip_picks(reqs: list[str], tmp_path: Path, caches: dict[str, Path]) -> None:
    lock = stackwise_lock(reqs, tmp_path / "lock.txt", caches["stackwise"])
    ours = read_pins(lock)
    pips = pip_pick(reqs, tmp_path / "report.json", caches["pip"])
    assert ours, f"no pins in the lock:\n{lock}"
    differences = {
        name: {"stackwise": ours.get(name), "pip": pips.get(name)}
        for name in sorted(set(ours) | set(pips))
        if ours.get(name) != pips.get(name)
    }
    assert not differences, f"stackwise and pip disagree for {reqs}: {differences}"
    for name in (canonical(r) for r in reqs):
        assert name in ours


def test_offline_relock_is_identical(tmp_path: Path, caches: dict[str, Path]) -> None:
    """Once the cache holds what a lock needed, ``--offline`` reproduces the same lock file."""
    online = stackwise_lock(["requests"], tmp_path / "online.txt", caches["stackwise"])
    offline = stackwise_lock(["requests"], tmp_path / "offline.txt", caches["stackwise"], "--offline")
    assert read_pins(offline) == read_pins(online)
    hashes = re.compile(r"--hash=sha256:[0-9a-f]{64}")
    assert hashes.findall(offline) == hashes.findall(online)


def test_pip_installs_the_lock_with_require_hashes(tmp_path: Path, caches: dict[str, Path]) -> None:
    """pip downloads every pinned file and checks it against the lock's ``--hash`` lines."""
    lock_path = tmp_path / "lock.txt"
    lock = stackwise_lock(["flask", "requests"], lock_path, caches["stackwise"])
    pins = read_pins(lock)
    assert {"flask", "requests", "werkzeug", "urllib3"} <= set(pins)
    assert len(re.findall(r"--hash=sha256:[0-9a-f]{64}", lock)) >= len(pins)

    report = tmp_path / "report.json"
    run([sys.executable, "-m", "pip", "install", "--require-hashes", "--no-deps", "--dry-run",
         "--ignore-installed", "--quiet", "--cache-dir", str(caches["pip"]),
         "--report", str(report), "-r", str(lock_path)])
    installed = {canonical(i["metadata"]["name"]): i["metadata"]["version"]
                 for i in json.loads(report.read_text())["install"]}
    assert installed == pins


def test_pip_rejects_the_lock_when_a_hash_is_wrong(tmp_path: Path, caches: dict[str, Path]) -> None:
    """Control for the test above: pip really checks the hashes (so an accepted lock is meaningful)."""
    lock = stackwise_lock(["flask"], tmp_path / "lock.txt", caches["stackwise"])
    # Replace every hash of werkzeug with a wrong one.
    out, in_werkzeug = [], False
    for line in lock.splitlines():
        stripped = line.strip()
        if PIN.match(stripped):
            in_werkzeug = canonical(PIN.match(stripped).group(1)) == "werkzeug"
        if in_werkzeug:
            line = re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64, line)
        out.append(line)
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(out) + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--require-hashes", "--no-deps", "--dry-run",
         "--ignore-installed", "--no-cache-dir", "-r", str(bad)],
        capture_output=True, text=True, env=tool_env(), timeout=TIMEOUT,
    )
    assert proc.returncode != 0
    assert "HASHES" in proc.stderr or "hash" in proc.stderr.lower(), proc.stderr[-2000:]
