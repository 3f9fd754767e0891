"""``stackwise install`` of locks with local project directories (Pipenv's ``path``/``editable``
entries, pylock.toml's ``directory``): built with their own PEP 517/660 backend in an isolated
environment, installed through the journaled install, recorded in ``direct_url.json``.

Real venvs, real builds (an in-tree backend, :mod:`local_projects`, so nothing is fetched), a
real index on 127.0.0.1 for the index packages next to them, and real pip reading the result
(``pip list``, ``pip freeze``).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from local_projects import make_project, set_value
from stackwise.index.build import ProjectBuildError, build_local_project
from stackwise.index.config import IndexConfig
from stackwise.lockfiles.pipfile import PIPFILE_SPEC
from support import IndexServer, build_wheel
from test_install import installed_versions, listing, make_venv, run_install, sha256, venv_python


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "own-cache"))


@pytest.fixture
def index(tmp_path: Path, index_factory: Callable[..., IndexServer]) -> tuple[IndexServer, Path]:
    files = tmp_path / "files"
    build_wheel(files, "simplelib", "1.0")
    build_wheel(files, "helper", "2.0")
    return index_factory(files_dir=files), files


def pip(venv: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_python(venv)), "--disable-pip-version-check",
                           *args], capture_output=True, text=True, check=True)
    assert "WARNING" not in proc.stderr and "invalid" not in proc.stderr.lower(), proc.stderr
    return proc.stdout


def pipfile_lock(project: Path, server: IndexServer, files: Path, default: dict[str, Any],
                 develop: dict[str, Any] | None = None) -> Path:
    """A Pipfile.lock as Pipenv writes it: index entries with hashes, ``path`` entries without."""
    def pinned(name: str, version: str) -> dict[str, Any]:
        digests = [sha256(f) for f in files.glob(f"{name}-{version}-*.whl")]
        return {"version": f"=={version}", "hashes": [f"sha256:{d}" for d in digests], "index": "local"}

    def section(entries: dict[str, Any]) -> dict[str, Any]:
        return {n: pinned(n, e) if isinstance(e, str) else e for n, e in entries.items()}

    project.mkdir(parents=True, exist_ok=True)
    lock = project / "Pipfile.lock"
    lock.write_text(json.dumps({
        "_meta": {"hash": {"sha256": "0" * 64}, "pipfile-spec": PIPFILE_SPEC, "requires": {},
                  "sources": [{"name": "local", "url": server.url, "verify_ssl": False}]},
        "default": section(default), "develop": section(develop or {})}, indent=4))
    return lock


def run_in(venv: Path, code: str) -> str:
    return subprocess.run([str(venv_python(venv)), "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


# -- Pipfile.lock ----------------------------------------------------------------------------------


def test_pipfile_lock_path_and_editable_entries_install_as_pip_would(tmp_path: Path, index: Any) -> None:
    server, files = index
    project = tmp_path / "proj"
    make_project(project / "edproj", "edproj", value="one")
    make_project(project / "sub" / "plainproj", "plainproj", "1.5")
    lock = pipfile_lock(project, server, files, {
        "simplelib": "1.0",
        "edproj": {"editable": True, "path": "./edproj"},
        "plainproj": {"extras": ["fast"], "path": "./sub/plainproj", "markers": "python_version >= '3'"},
        # false here: skipped, so its missing directory is never looked at
        "winproj": {"editable": True, "path": "./does-not-exist", "markers": "sys_platform == 'win32'"},
    })
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv))
    assert code == 0, err
    assert "installed 3, replaced 0, kept 0" in err, err
    assert installed_versions(venv) == {"simplelib": "1.0", "edproj": "0.1", "plainproj": "1.5"}

    # real pip sees an editable project and a local one, from direct_url.json (PEP 610)
    listed = {p["name"]: p for p in json.loads(pip(venv, "list", "--format", "json"))}
    assert listed["edproj"]["editable_project_location"] == str(project / "edproj")
    assert "editable_project_location" not in listed["plainproj"]
    assert "editable_project_location" not in listed["simplelib"]
    freeze = pip(venv, "freeze").splitlines()
    assert f"-e {project / 'edproj'}" in freeze, freeze
    assert f"plainproj @ {(project / 'sub' / 'plainproj').as_uri()}" in freeze, freeze
    assert "simplelib==1.0" in freeze
    site = site_packages(venv)
    info = site / "edproj-0.1.dist-info"
    assert json.loads((info / "direct_url.json").read_text()) == {
        "url": (project / "edproj").as_uri(), "dir_info": {"editable": True}}
    assert json.loads((site / "plainproj-1.5.dist-info" / "direct_url.json").read_text()) == {
        "url": (project / "sub" / "plainproj").as_uri(), "dir_info": {}}
    record = (info / "RECORD").read_text()
    assert "edproj-0.1.dist-info/direct_url.json,sha256=" in record
    assert (info / "INSTALLER").read_text() == "stackwise\n"

    # editable: a source edit shows at once; the plain install is a snapshot
    assert run_in(venv, "import edproj; print(edproj.VALUE)") == "one"
    set_value(project / "edproj", "edproj", "two")
    set_value(project / "sub" / "plainproj", "plainproj", "two")
    assert run_in(venv, "import edproj; print(edproj.VALUE)") == "two"
    assert run_in(venv, "import plainproj; print(plainproj.VALUE)") == "one"
    hello = subprocess.run([str(venv / "bin" / "edproj-hello")], capture_output=True, text=True, check=True)
    assert hello.stdout.strip() == "edproj says two"

    # a re-run: the editable install is current (kept), the local project is rebuilt (as pip does)
    code, err = run_install(str(lock), "--target-venv", str(venv))
    assert code == 0 and "installed 0, replaced 1, kept 2" in err, err
    assert run_in(venv, "import plainproj; print(plainproj.VALUE)") == "two"
    # a changed build configuration (here: the version) rebuilds the editable install too
    pyproject = project / "edproj" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "0.1"', 'version = "0.2"'))
    code, err = run_install(str(lock), "--target-venv", str(venv))
    assert code == 0 and "installed 0, replaced 2, kept 1" in err, err
    assert installed_versions(venv)["edproj"] == "0.2"
    assert not (site / "edproj-0.1.dist-info").exists() and not list(site.glob("__editable__.edproj-0.1*"))
    pip(venv, "list")  # no warning about invalid metadata (checked in pip())


def test_path_entries_resolve_relative_to_the_lock_and_dev_section(tmp_path: Path, index: Any) -> None:
    server, files = index
    project = tmp_path / "proj"
    make_project(tmp_path / "shared-lib", "sharedlib")
    make_project(project / "tools", "devtool")
    lock = pipfile_lock(project, server, files, {"sharedlib": {"path": "../shared-lib"}},
                        {"devtool": {"editable": True, "path": "tools"}, "helper": "2.0"})
    venv = make_venv(tmp_path / "venv")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    proc = subprocess.run([sys.executable, "-m", "stackwise", "install", str(lock), "--target-venv", str(venv), "--dev"],
                          capture_output=True, text=True, cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert installed_versions(venv) == {"sharedlib": "0.1", "devtool": "0.1", "helper": "2.0"}
    assert run_in(venv, "import devtool, os; print(os.path.dirname(devtool.__file__))") == str(project / "tools" / "src" / "devtool")


def test_dry_run_builds_but_installs_nothing(tmp_path: Path, index: Any) -> None:
    server, files = index
    project = tmp_path / "proj"
    make_project(project / "edproj", "edproj")
    lock = pipfile_lock(project, server, files, {"simplelib": "1.0", "edproj": {"editable": True, "path": "./edproj"}})
    venv = make_venv(tmp_path / "venv")
    before = listing(venv)
    code, err = run_install(str(lock), "--target-venv", str(venv), "--dry-run")
    assert code == 0, err
    assert f"would install edproj (editable, local project {project / 'edproj'})" in err, err
    assert listing(venv) == before


def test_offline_builds_need_no_index(tmp_path: Path, index: Any) -> None:
    """An in-tree backend needs nothing from an index: ``--offline`` installs the project."""
    server, files = index
    project = tmp_path / "proj"
    make_project(project / "edproj", "edproj")
    lock = pipfile_lock(project, server, files, {"edproj": {"editable": True, "path": "./edproj"}})
    server.stop()  # nothing may be asked of it
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv), "--offline")
    assert code == 0, err
    assert installed_versions(venv) == {"edproj": "0.1"}


# -- failures: one paragraph, nothing installed ---------------------------------------------------


@pytest.mark.parametrize("case", ["missing directory", "not a project", "backend error", "wrong name",
                                  "no PEP 660 hooks", "no-build"])
def test_failures_are_one_paragraph_and_install_nothing(case: str, tmp_path: Path, index: Any) -> None:
    server, files = index
    project = tmp_path / "proj"
    make_project(project / "good", "agoodproj")  # built (lock order is by name) before the bad one fails
    entry: dict[str, Any] = {"path": "./bad"}
    extra: list[str] = []
    if case == "not a project":
        (project / "bad").mkdir(parents=True)
        (project / "bad" / "README").write_text("not python\n")
        expected = "has neither a pyproject.toml nor a setup.py"
    elif case == "backend error":
        make_project(project / "bad", "bad")
        (project / "bad" / "FAIL").write_text("")
        expected = "Build output: RuntimeError: the local backend fails on purpose"
    elif case == "wrong name":
        make_project(project / "bad", "othername")
        expected = "The lock names bad, but"
    elif case == "no PEP 660 hooks":
        make_project(project / "bad", "bad", no_editable=True)
        entry["editable"] = True
        expected = "cannot make editable installs (it has no PEP 660 build_editable hook)"
    elif case == "no-build":
        make_project(project / "bad", "bad")
        extra = ["--no-build"]
        expected = "--no-build forbids building"
    else:
        expected = f"the directory {project / 'bad'} does not exist"
    lock = pipfile_lock(project, server, files, {"simplelib": "1.0", "agoodproj": {"editable": True, "path": "./good"},
                                                 "bad": entry})
    venv = make_venv(tmp_path / "venv")
    before = listing(venv)
    code, err = run_install(str(lock), "--target-venv", str(venv), *extra)
    assert code == 1, err
    assert "Could not build bad (" in err and f"local project {project / 'bad'})" in err \
        or case in ("wrong name", "no-build"), err
    assert expected in err, err
    assert "Traceback" not in err and "othing was installed" in err, err
    assert len([line for line in err.splitlines() if line.strip()]) == 1, err
    assert listing(venv) == before
    assert not list(venv.glob(".stackwise-install-*"))


def test_a_build_that_overruns_its_deadline_is_killed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "slow", "slowproj")
    (project / "SLOW").write_text("60")
    started = time.monotonic()
    with pytest.raises(ProjectBuildError) as info:
        build_local_project(project, tmp_path / "out", kind="wheel", config=IndexConfig(no_index=True), timeout=2)
    assert time.monotonic() - started < 15
    assert "did not finish within 2 seconds" in info.value.reason
    assert not list((tmp_path / "out").glob("*.whl"))


def test_metadata_of_a_project_with_dynamic_dependencies(tmp_path: Path) -> None:
    project = make_project(tmp_path / "dyn", "dynproj", deps=["helper>=2", "simplelib; sys_platform == 'win32'"],
                           dynamic=True)
    meta = build_local_project(project, tmp_path / "out", kind="metadata", config=IndexConfig(no_index=True))
    text = meta.read_text()
    assert "Requires-Dist: helper>=2" in text and "Requires-Dist: simplelib; sys_platform == 'win32'" in text


# -- pylock.toml ------------------------------------------------------------------------------------


def test_pylock_directory_entries(tmp_path: Path, index: Any) -> None:
    server, files = index
    project = tmp_path / "proj"
    make_project(project / "mono" / "packages" / "core", "coreproj")
    make_project(project / "app", "appproj", "3.0")
    wheel = next(files.glob("simplelib-1.0-*.whl"))
    (project / "pylock.toml").write_text(f'''lock-version = "1.0"
created-by = "hand"

[[packages]]
name = "simplelib"
version = "1.0"
wheels = [{{name = "{wheel.name}", url = "{server.file_url(wheel.name)}", hashes = {{sha256 = "{sha256(wheel)}"}}}}]

[[packages]]
name = "coreproj"
directory = {{path = "mono", subdirectory = "packages/core", editable = true}}

[[packages]]
name = "appproj"
version = "3.0"
directory = {{path = "./app"}}

[[packages]]
name = "winproj"
marker = "sys_platform == 'win32'"
directory = {{path = "./nowhere"}}
''')
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(project / "pylock.toml"), "--target-venv", str(venv))
    assert code == 0, err
    assert installed_versions(venv) == {"simplelib": "1.0", "coreproj": "0.1", "appproj": "3.0"}
    listed = {p["name"]: p for p in json.loads(pip(venv, "list", "--format", "json"))}
    assert listed["coreproj"]["editable_project_location"] == str(project / "mono" / "packages" / "core")
    assert f"appproj @ {(project / 'app').as_uri()}" in pip(venv, "freeze").splitlines()


# -- with real Pipenv -------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("pipenv") is None, reason="needs Pipenv installed next to stackwise")
def test_a_lock_written_by_real_pipenv_installs_like_pipenv_sync(tmp_path: Path, index: Any) -> None:
    """``pipenv lock`` of a Pipfile with an editable and a plain path project; ``stackwise install``
    of that lock gives the same ``pip freeze`` as ``pipenv sync`` (editable lines included)."""
    from test_pipfile_joint import _env, _run

    server, _files = index
    project = tmp_path / "proj"
    make_project(project / "edproj", "edproj", deps=["helper>=2"])
    make_project(project / "plainproj", "plainproj", "1.5")
    (project / "Pipfile").write_text(
        f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "local"\n\n'
        '[packages]\nsimplelib = "*"\nedproj = {path = "./edproj", editable = true}\n'
        'plainproj = {path = "./plainproj"}\n', encoding="utf-8")
    env = _env(tmp_path)
    _run(project, env, sys.executable, "-m", "pipenv", "lock")
    data = json.loads((project / "Pipfile.lock").read_text())
    assert data["default"]["edproj"] == {"editable": True, "path": "./edproj"}
    assert data["default"]["helper"]["version"] == "==2.0"

    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(project / "Pipfile.lock"), "--target-venv", str(venv))
    assert code == 0, err
    ours = pip(venv, "freeze").splitlines()
    assert f"-e {project / 'edproj'}" in ours, ours
    listed = {p["name"]: p for p in json.loads(pip(venv, "list", "--format", "json"))}
    assert listed["edproj"]["editable_project_location"] == str(project / "edproj")

    _run(project, env, sys.executable, "-m", "pipenv", "sync")
    theirs = pip(project / ".venv", "freeze").splitlines()
    tools = ("pip==", "setuptools==", "wheel==")  # in Pipenv's virtualenv, not in ours
    assert sorted(line for line in theirs if not line.startswith(tools)) == sorted(ours), (theirs, ours)
    assert "# Editable install with no version control (edproj==0.1)" in ours
