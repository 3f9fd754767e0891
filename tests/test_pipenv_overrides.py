"""The user's dependency overrides inside the real Pipenv: ``stackwise pipenv lock`` (#18).

Pipenv's resolver subprocess resolves with its vendored pip, patched by
``integrations.pip_resolver``; the overrides are applied where that pip reads a candidate's
declared dependencies, as in ``stackwise pip``. A fixture index on 127.0.0.1; no network.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from support import IndexServer, make_index
from test_pipenv import Project, isolated_project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("pipenv") is None, reason="needs Pipenv installed next to stackwise"),
]

# app and tool disagree about lib: unresolvable unless the user overrides one of them.
GRAPH = {
    "app": {"1.0": ["lib>=2"]},
    "tool": {"1.0": ["lib<2", "extra-dep"]},
    "lib": {"1.0": [], "2.0": []},
    "extra-dep": {"1.0": []},
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:

    base = tmp_path_factory.mktemp("pipenv-overrides")
    server = IndexServer(make_index(base / "files", GRAPH)).start()
    try:
        yield isolated_project(base, server.url, '[packages]\napp = "*"\ntool = "*"\n\n[dev-packages]\ntool = "*"\n')
    finally:
        server.stop()


def test_without_an_override_pipenv_cannot_lock(project: Project) -> None:
    import subprocess
    import sys

    (project.path / "pyproject.toml").unlink(missing_ok=True)
    # (Pipenv itself prints a traceback for a failed resolution: not checked here)
    proc = subprocess.run([sys.executable, "-m", "stackwise", "pipenv", "lock", "--no-default-scores"],
                          cwd=project.path, env=project.env, capture_output=True, text=True, timeout=240)
    assert proc.returncode != 0 and "ResolutionImpossible" in proc.stderr
    assert not (project.path / "Pipfile.lock").exists()


def test_override_in_pyproject_applies_in_pipenvs_resolver(project: Project) -> None:
    (project.path / "pyproject.toml").write_text('[tool.stackwise]\noverrides = ["lib>=2"]\n')
    try:
        proc = project.stackwise("lock", "--no-default-scores")
    finally:
        (project.path / "pyproject.toml").unlink()
    assert project.locked() == {"app": "1.0", "tool": "1.0", "lib": "2.0", "extra-dep": "1.0"}
    assert project.locked("develop") == {"tool": "1.0", "lib": "2.0", "extra-dep": "1.0"}
    assert ("stackwise: [default, develop] lib 2.0 — user override: every dependency on lib is replaced by "
            "lib>=2") in proc.stderr
    assert "warning" not in proc.stderr


def test_override_from_a_rules_file_with_shipped_knowledge(project: Project, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('overrides = ["lib<2", "extra-dep; sys_platform == \'never\'"]\n')
    proc = project.stackwise("lock", "--rules", str(rules))
    # the joint plan of both sections (commands/pipfile_lock.py) reads the overrides too: without
    # them app and tool cannot be planned together, and it would warn and plan nothing
    assert "not planned together" not in proc.stderr
    assert "stackwise: [default] lib 1.0 (pipenv: not installed)" in proc.stderr  # a line of the joint plan
    assert project.locked() == {"app": "1.0", "tool": "1.0", "lib": "1.0"}
    assert "lib 1.0 — user override: every dependency on lib is replaced by lib<2" in proc.stderr
    assert "user override: every dependency on extra-dep is replaced" not in proc.stderr  # not installed
    assert json.loads(project.lock_text)["_meta"]["sources"][0]["name"] == "fixture"
