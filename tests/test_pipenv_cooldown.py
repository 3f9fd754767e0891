"""The release-age cooldown, user overrides and ``--fail-on-vulnerable`` in ``stackwise pipenv`` (#18, #15).

Both Pipfile sections are planned together in stackwise's process (commands/pipfile_lock.py
``plan_for_pipenv``) through the same CooldownSource as ``stackwise lock``, and Pipenv's
resolver subprocesses (its vendored pip, patched) are not offered what the cooldown holds
back. Real Pipenv against a fixture index on 127.0.0.1 serving PEP 700 upload times; no
network.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import build_wheel
from support.timedindex import TimedIndex, stamp
from test_pipenv import Project, isolated_project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("pipenv") is None, reason="needs Pipenv installed next to stackwise"),
]

GRAPH: dict[str, dict[str, tuple[list[str], float]]] = {
    "app": {"1.0": (["lib"], 400), "1.1": (["lib"], 2)},
    "lib": {"1.0": ([], 500), "1.5": ([], 100), "2.0": ([], 1)},
    "tool": {"1.0": (["lib"], 200), "2.0": (["lib"], 3)},
}
OLD = {"app": "1.0", "lib": "1.5"}
NEW = {"app": "1.1", "lib": "2.0"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Any:
    base = tmp_path_factory.mktemp("pipenv-cooldown")
    files = base / "files"
    times = {}
    for name, versions in GRAPH.items():
        for version, (requires, days) in versions.items():
            times[build_wheel(files, name, version, requires).name] = stamp(days)
    server = TimedIndex(files)
    server.upload_times = times
    server.start()
    try:
        yield isolated_project(base, server.url, '[packages]\napp = "*"\n\n[dev-packages]\ntool = "*"\n')
    finally:
        server.stop()


def test_pipenv_lock_applies_the_cooldown_in_the_plan_and_in_pipenvs_resolver(project: Project) -> None:
    proc = project.stackwise("lock", "--no-default-scores")
    assert project.locked() == NEW  # no cooldown: Pipenv's newest

    proc = project.stackwise("lock", "--no-default-scores", "--min-release-age", "7d")
    assert project.locked() == OLD, proc.stderr
    assert project.locked("develop") == {"tool": "1.0", "lib": "1.5"}
    assert ("stackwise: [default] app 1.0 — newer release(s) skipped: 1.1 uploaded 2 days ago "
            "(--min-release-age 7d)") in proc.stderr
    assert ("stackwise: [develop] tool 1.0 — newer release(s) skipped: 2.0 uploaded 3 days ago "
            "(--min-release-age 7d)") in proc.stderr
    assert "not planned together" not in proc.stderr


def test_the_setting_in_pyproject_applies_and_an_exact_pin_is_kept(project: Project) -> None:
    pyproject = project.path / "pyproject.toml"
    pyproject.write_text('[tool.stackwise]\nmin-release-age = "7d"\nmin-release-age-exempt = ["tool"]\n')
    try:
        proc = project.stackwise("lock", "--no-default-scores")
        assert project.locked() == OLD, proc.stderr
        assert project.locked("develop") == {"tool": "2.0", "lib": "1.5"}  # exempt
    finally:
        pyproject.unlink()
    proc = subprocess.run([sys.executable, "-m", "stackwise", "pipenv", "lock", "--no-default-scores",
                           "--min-release-age", "soon"], cwd=project.path, env=project.env, capture_output=True,
                          text=True, timeout=240)
    assert proc.returncode != 0 and "--min-release-age" in proc.stderr and "soon" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_fail_on_vulnerable_reaches_the_joint_plan(project: Project, tmp_path: Path) -> None:
    scores = tmp_path / "advisories.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": "adv-lib", "package": "lib", "specifier": "<3", "veto": ["security"], "score": -1.0,
         "category": "security", "message": "ADV-1: lib is vulnerable [CVSS 9.8]",
         "link": "https://example.org/adv-1", "source": "osv:ADV-1"}]}))
    args = ("lock", "--no-default-scores", "--scores", str(scores), "--recommendation", "security")
    proc = project.stackwise(*args)
    assert project.locked() == NEW  # the least bad stack, its advisory listed
    assert "lib 2.0 keeps 1 known advisory" in proc.stderr
    before = project.lock_text
    # (Pipenv itself prints a traceback for a failed resolution: not checked here)
    proc = subprocess.run([sys.executable, "-m", "stackwise", "pipenv", *args, "--fail-on-vulnerable"],
                          cwd=project.path, env=project.env, capture_output=True, text=True, timeout=240)
    assert proc.returncode != 0 and project.lock_text == before
    # the plan itself refuses (it used to lock the least bad stack and leave the refusal to Pipenv)
    assert "the Pipfile's sections are not planned together" in proc.stderr
    assert "keeps 1 known advisory" not in proc.stderr
