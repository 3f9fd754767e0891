"""The real Pipenv with stackwise inside its resolver: ``stackwise pipenv lock``.

One Pipenv project (its own in-project virtualenv, HOME and caches in a temporary directory)
is shared by the whole module, with a ``[[source]]`` pointing at a fixture index on
127.0.0.1, so no test touches the network. Each test runs its own ``lock`` before asserting,
so the order of the tests does not matter.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import IndexServer, load_graph, make_index

# Only look for Pipenv: importing it here would swap its vendored pip in for the real one
# (pipenv/__init__ rewrites sys.modules["pip"] and sys.path) for every later test.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("pipenv") is None, reason="needs Pipenv installed next to stackwise"),
]

ROOT = Path(__file__).resolve().parents[1]
SEED_SCORES = str(ROOT / "fixtures" / "seed" / "scores.json")
SEED_PICK = {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}
LATEST_PICK = {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "1.0"}
PIP_PICK = {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "2.0"}


@dataclass
class Project:
    """A Pipenv project directory and the environment every command in it runs with."""

    path: Path
    env: dict[str, str]
    plain_lock: str  # Pipfile.lock as plain `pipenv lock` wrote it

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(list(args), cwd=self.path, env=self.env, capture_output=True, text=True,
                              timeout=240)
        if check and proc.returncode != 0:
            raise AssertionError(f"{args} exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc

    def pipenv(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "-m", "pipenv", *args, check=check)

    def stackwise(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "-m", "stackwise", "pipenv", *args, check=check)

    @property
    def lock_text(self) -> str:
        return (self.path / "Pipfile.lock").read_text(encoding="utf-8")

    def locked(self, category: str = "default") -> dict[str, str]:
        data = json.loads(self.lock_text)
        return {name: entry["version"].removeprefix("==") for name, entry in data[category].items()}

    def installed(self) -> dict[str, str]:
        sites = list((self.path / ".venv").glob("lib/python*/site-packages")) or \
            list((self.path / ".venv").glob("Lib/site-packages"))
        out = {}
        for dist in sites[0].glob("*.dist-info"):
            name, _, version = dist.name[: -len(".dist-info")].partition("-")
            out[name.lower().replace("_", "-")] = version
        return out


def isolated_project(base: Path, index_url: str, sections: str) -> Project:
    """A Pipfile project under ``base`` using the index at ``index_url``, with its own HOME,
    caches and no pip, Pipenv or stackwise configuration of this machine."""
    path = base / "project"
    path.mkdir()
    (path / "Pipfile").write_text(
        f'[[source]]\nurl = "{index_url}"\nverify_ssl = false\nname = "fixture"\n\n{sections}', encoding="utf-8")
    (base / "tmp").mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "PIPENV_", "STACKWISE_", "VIRTUAL_ENV")) and k != "PYTHONPATH"}
    env.update(
        HOME=str(base / "home"), TMPDIR=str(base / "tmp"),
        PIPENV_VENV_IN_PROJECT="1", PIPENV_IGNORE_VIRTUALENVS="1", PIPENV_YES="1", PIPENV_NOSPIN="1",
        PIPENV_CACHE_DIR=str(base / "pipenv-cache"), PIP_CACHE_DIR=str(base / "pip-cache"),
        PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
        STACKWISE_CONFIG_FILE=os.devnull, STACKWISE_CACHE_DIR=str(base / "stackwise-cache"),
        XDG_CACHE_HOME=str(base / "xdg-cache"), XDG_CONFIG_HOME=str(base / "xdg-config"),
    )
    return Project(path, env, "")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    base = tmp_path_factory.mktemp("pipenv")
    files = make_index(base / "files", load_graph("seed"))
    server = IndexServer(files).start()
    try:
        proj = isolated_project(base, server.url, '[packages]\nsimplelib = "*"\nanotherlib = "*"\n\n'
                                '[dev-packages]\nanotherlib = "*"\n')  # two resolver runs per lock
        proj.pipenv("lock")  # creates the project's virtualenv once for the module
        proj.plain_lock = proj.lock_text
        assert proj.locked() == PIP_PICK
        yield proj
    finally:
        server.stop()


def test_seed_lock_pins_stackwise_choice_and_sync_installs_it(project: Project) -> None:
    proc = project.stackwise("lock", "--scores", SEED_SCORES, "--no-default-scores")
    assert project.locked() == SEED_PICK
    assert project.locked("develop") == {"anotherlib": "2.0", "dependency2": "1.0"}
    lock = json.loads(project.lock_text)
    plain = json.loads(project.plain_lock)
    assert lock["_meta"] == plain["_meta"]  # same Pipfile hash and sources: Pipenv accepts it as current
    assert all(entry["hashes"] for entry in lock["default"].values())
    decisions = [line for line in proc.stderr.splitlines() if line.startswith("stackwise: ")]
    # one line per difference from what plain `pipenv lock` writes, naming its section
    assert sorted(d.split(" —")[0] for d in decisions) == [
        "stackwise: [default] dependency1 1.0 (pipenv: not installed)",
        "stackwise: [default] dependency2 1.0 (pipenv: 2.0)",
        "stackwise: [default] simplelib 1.0 (pipenv: 2.0)",
        "stackwise: [develop] dependency2 1.0 (pipenv: 2.0)",
    ]
    assert all("https://example.org/stackwise/seed/" in d for d in decisions)

    project.pipenv("sync")
    installed = project.installed()
    assert {name: installed.get(name) for name in SEED_PICK} == SEED_PICK
    project.pipenv("verify")  # Pipenv itself says the lock matches the Pipfile
    project.pipenv("install", "--deploy")
    assert json.loads(project.lock_text) == lock  # accepted as is, not re-locked


def test_latest_recommendation_applies_vetoes_only(project: Project) -> None:
    project.stackwise("lock", "--scores", SEED_SCORES, "--no-default-scores", "--recommendation", "latest")
    assert project.locked() == LATEST_PICK


def test_empty_knowledge_base_locks_exactly_like_pipenv(project: Project) -> None:
    proc = project.stackwise("lock", "--no-default-scores")
    assert project.lock_text == project.plain_lock
    assert "stackwise:" not in proc.stderr


def test_corrupt_scores_fall_back_to_pip_order_with_one_warning(project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "scores.json"
    bad.write_text('{"format": "stackwise-scores", "rules": [', encoding="utf-8")
    proc = project.stackwise("lock", "--scores", str(bad), "--no-default-scores")
    assert project.lock_text == project.plain_lock
    warnings = [line for line in proc.stderr.splitlines() if "stackwise: warning" in line]
    assert len(warnings) == 1 and "pip's order" in warnings[0], proc.stderr

    # --require-scores: Pipenv's resolution fails and the existing lock is left as it was.
    project.stackwise("lock", "--scores", SEED_SCORES, "--no-default-scores")
    before = project.lock_text
    failed = project.stackwise("lock", "--scores", str(bad), "--no-default-scores", "--require-scores",
                               check=False)
    assert failed.returncode != 0
    assert "--require-scores" in failed.stderr and "Pipfile.lock is unchanged" in failed.stderr
    assert project.lock_text == before


def test_plain_pipenv_lock_afterwards_is_unaffected(project: Project) -> None:
    project.stackwise("lock", "--scores", SEED_SCORES, "--no-default-scores")
    assert project.locked() == SEED_PICK
    proc = project.pipenv("lock")
    assert project.locked() == PIP_PICK
    assert project.lock_text == project.plain_lock
    assert "stackwise" not in proc.stderr
    leftovers = [p.name for p in Path(project.env["TMPDIR"]).iterdir() if p.name.startswith("stackwise-")]
    assert leftovers == []
    site = next((project.path / ".venv").glob("lib/python*/site-packages"))
    assert not [p.name for p in site.iterdir() if "stackwise" in p.name or p.name == "sitecustomize.py"]


def test_bad_stackwise_option_is_a_clean_error(project: Project) -> None:
    proc = project.stackwise("lock", "--recommendation", "fastest", check=False)
    assert proc.returncode != 0
    assert "--recommendation" in proc.stderr and "Traceback" not in proc.stderr
    assert project.lock_text  # untouched file still there


def test_warns_when_pipenv_resolves_without_the_hook(project: Project) -> None:
    """A resolver backend that is not pip never loads the hook: say so instead of staying silent."""
    pipfile = project.path / "Pipfile"
    original = pipfile.read_text(encoding="utf-8")
    try:
        pipfile.write_text(original + '\n[pipenv]\nresolver_backend = "pure-python"\n', encoding="utf-8")
        proc = project.stackwise("lock", "--scores", SEED_SCORES, "--no-default-scores")
    finally:
        pipfile.write_text(original, encoding="utf-8")
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("stackwise: warning")]
    assert len(warnings) == 1 and "never loaded the stackwise hook" in warnings[0], proc.stderr
    assert project.locked() != SEED_PICK


def test_rules_file_applies_in_both_sections(project: Project, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"  # the user's own veto (docs/rules.md), no score file at all
    rules.write_text('[[rules]]\npackage = "dependency2"\nspecifier = "==2.0"\nveto = true\n')
    proc = project.stackwise("lock", "--rules", str(rules), "--no-default-scores")
    assert project.locked() == LATEST_PICK
    assert project.locked("develop") == {"anotherlib": "2.0", "dependency2": "1.0"}
    assert "your rule in rules.toml" in proc.stderr
