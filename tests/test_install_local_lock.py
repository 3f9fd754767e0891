"""``stackwise lock --format pipfile-lock`` of path projects whose dependencies only a build
tells (``dynamic = ["dependencies"]``, a setup.py project): their metadata comes from the PEP 517
hook ``prepare_metadata_for_build_wheel`` in an isolated child process, and the lock then installs
with ``stackwise install``. The static ``[project]`` fast path runs no backend at all.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from local_projects import make_project
from stackwise.cli import main
from support import IndexServer, build_wheel
from test_install import installed_versions, make_venv, run_install


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "own-cache"))


def _files(directory: Path) -> Path:
    build_wheel(directory, "simplelib", "1.0")
    build_wheel(directory, "helper", "1.0")
    build_wheel(directory, "helper", "2.0")
    build_wheel(directory, "speedup", "1.0")
    build_wheel(directory, "winonly", "1.0")
    return directory


def _lock(project: Path, server: IndexServer, packages: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    project.mkdir(parents=True, exist_ok=True)
    (project / "Pipfile").write_text(f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "local"\n\n'
                                     f"[packages]\n{packages}\n[dev-packages]\n", encoding="utf-8")
    code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(project / "Pipfile"), "-q",
                 "--cache-dir", str(project.parent / "swcache"), "-o", str(project / "Pipfile.lock"),
                 "--no-default-scores"])
    return code, capsys.readouterr().err


def test_dynamic_dependencies_come_from_the_built_metadata(tmp_path: Path, index_factory: Any,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    server = index_factory(files_dir=_files(tmp_path / "files"))
    project = tmp_path / "proj"
    make_project(project / "dynproj", "dynproj", deps=["helper>=2", "winonly; sys_platform == 'win32'"],
                 dynamic=True, extras={"fast": ["speedup; python_version >= '3'"], "slow": ["simplelib"]})
    (project / "dynproj" / "FAIL").write_text("")  # the static fast path never runs the backend ...
    make_project(project / "staticproj", "staticproj", deps=["simplelib"])
    (project / "staticproj" / "FAIL").write_text("")
    code, err = _lock(project, server, 'staticproj = {path = "./staticproj"}\n', capsys)
    assert code == 0, err
    # ... a dynamic one must: its failure refuses the lock in one paragraph, writing nothing
    (project / "Pipfile.lock").unlink()
    code, err = _lock(project, server, 'dynproj = {path = "./dynproj", editable = true, extras = ["fast"]}\n', capsys)
    assert code != 0 and "Traceback" not in err and not (project / "Pipfile.lock").exists()
    assert "the dependencies of" in err and "known only from its build metadata, and building it failed: its build " \
        "backend failed" in err and "RuntimeError: the local backend fails on purpose" in err, err
    (project / "dynproj" / "FAIL").unlink()
    code, err = _lock(project, server, 'dynproj = {path = "./dynproj", editable = true, extras = ["fast"]}\n', capsys)
    assert code == 0, err
    data = json.loads((project / "Pipfile.lock").read_text())["default"]
    assert data["dynproj"] == {"editable": True, "extras": ["fast"], "path": "./dynproj"}
    # the requested extra's dependency, not the other's; the Windows-only one left out here
    assert {k: v.get("version") for k, v in data.items()} == {"dynproj": None, "helper": "==2.0",
                                                                "speedup": "==1.0"}
    assert data["speedup"].get("markers") == "python_version >= '3'"
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(project / "Pipfile.lock"), "--target-venv", str(venv))
    assert code == 0, err
    assert installed_versions(venv) == {"dynproj": "0.1", "helper": "2.0", "speedup": "1.0"}


def test_a_setup_py_project_is_locked_and_installed(tmp_path: Path, index_factory: Any, build_links: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """No pyproject.toml at all: setuptools' legacy backend, from the Pipfile's own index."""
    files = _files(tmp_path / "files")
    for wheel in build_links.iterdir():
        shutil.copy(wheel, files / wheel.name)  # the build requirements, served on 127.0.0.1
    server = index_factory(files_dir=files)
    project = tmp_path / "proj"
    (project / "legacy").mkdir(parents=True)
    (project / "legacy" / "legacyproj.py").write_text("VALUE = 'legacy'\n")
    (project / "legacy" / "setup.py").write_text(
        "from setuptools import setup\nsetup(name='legacyproj', version='2.0', py_modules=['legacyproj'], "
        "install_requires=['helper<2'], extras_require={'fast': ['speedup']})\n")
    code, err = _lock(project, server, 'legacyproj = {path = "./legacy"}\n', capsys)
    assert code == 0, err
    data = json.loads((project / "Pipfile.lock").read_text())["default"]
    assert {k: v.get("version") for k, v in data.items()} == {"legacyproj": None, "helper": "==1.0"}
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(project / "Pipfile.lock"), "--target-venv", str(venv))
    assert code == 0, err
    assert installed_versions(venv) == {"legacyproj": "2.0", "helper": "1.0"}


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("pipenv") is None, reason="needs Pipenv installed next to stackwise")
def test_the_lock_of_a_dynamic_project_is_pipenvs(tmp_path: Path, index_factory: Any,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Byte-identical to real ``pipenv lock`` (which builds the project's metadata itself)."""
    from test_pipfile_joint import _env, _run

    server = index_factory(files_dir=_files(tmp_path / "files"))
    project = tmp_path / "proj"
    make_project(project / "dynproj", "dynproj", deps=["helper>=2", "winonly; sys_platform == 'win32'"],
                 dynamic=True, extras={"fast": ["speedup"], "slow": ["simplelib"]})
    packages = 'dynproj = {path = "./dynproj", editable = true, extras = ["fast"]}\n'
    code, err = _lock(project, server, packages, capsys)
    assert code == 0, err
    ours = (project / "Pipfile.lock").read_text()
    (project / "Pipfile.lock").unlink()
    _run(project, _env(tmp_path), sys.executable, "-m", "pipenv", "lock")
    assert ours == (project / "Pipfile.lock").read_text()
