"""An inspection's install is bounded too, not only its check.

A stack that needs an sdist build is installed by a child process stopped at
``RunnerSettings.install_timeout`` (each build alone had a 600 s limit, so a stack of several
slow sdists could run for hours); the build is killed with it. A stack that builds fine still
installs and runs. Offline: sdists with an in-tree PEP 517 backend (no build requirements) on
an index served on 127.0.0.1.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from stackwise.environment import TargetEnvironment
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.inspect.model import Check
from stackwise.inspect.runner import InspectionError, RunnerSettings, run_inspection
from stackwise.inspect.stacks import StackMaker
from support import IndexServer
from support.wheels import build_setuptools_sdist, metadata_text

_PYPROJECT = '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n'

def wheel_backend(name: str, init: str) -> str:
    """An in-tree PEP 517 backend that builds a real (tiny) wheel of ``name`` 1.0 at once."""
    return f'''
import base64, hashlib, zipfile
def get_requires_for_build_wheel(config_settings=None):
    return []
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "{name}-1.0-py3-none-any.whl"
    files = {{"{name}/__init__.py": {init.encode()!r},
             "{name}-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\\nName: {name}\\nVersion: 1.0\\n",
             "{name}-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}}
    record = []
    with zipfile.ZipFile(wheel_directory + "/" + name, "w") as zf:
        for path, data in files.items():
            zf.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{{path}},sha256={{digest}},{{len(data)}}")
        record.append("{name}-1.0.dist-info/RECORD,,")
        zf.writestr("{name}-1.0.dist-info/RECORD", "\\n".join(record) + "\\n")
    return name
'''


def _slow_backend(pidfile: Path) -> str:
    return (
        "import os, time\n"
        "def get_requires_for_build_wheel(config_settings=None):\n"
        "    return []\n"
        "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
        f"    with open({str(pidfile)!r}, 'w') as f:\n"
        "        f.write(str(os.getpid()))\n"
        "    time.sleep(300)\n"
    )


def _sdist(files: Path, name: str, backend: str) -> None:
    # Metadata-Version 2.2 without Dynamic: resolvable from PKG-INFO, built only to install
    build_setuptools_sdist(files, name, "1.0", files={"pyproject.toml": _PYPROJECT, "backend.py": backend,
                                                      "PKG-INFO": metadata_text(name, "1.0", metadata_version="2.2")})


@pytest.fixture
def index(index_factory: Callable[..., IndexServer], tmp_path: Path) -> IndexServer:
    files = tmp_path / "files"
    _sdist(files, "good", wheel_backend("good", "VALUE = 42\n"))
    _sdist(files, "slow", _slow_backend(tmp_path / "build.pid"))
    return index_factory(files_dir=files)


def _stack(index: IndexServer, tmp_path: Path, name: str):
    config = IndexConfig(index_urls=(index.url,), cache_dir=tmp_path / "cache")
    target = TargetEnvironment.current()
    with IndexClient(config, target) as client:
        return StackMaker([name], client, target, file_hashes=getattr(client, "file_hashes", None)).pip_stack()


def _settings(index: IndexServer, tmp_path: Path, **extra: object) -> RunnerSettings:
    return RunnerSettings(wheel_cache=str(tmp_path / "wheels"), cache_dir=str(tmp_path / "cache"),
                          index_urls=(index.url,), network="allow", **extra)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_slow_sdist_build_is_stopped_at_the_install_time_limit(index: IndexServer, tmp_path: Path) -> None:
    request = _stack(index, tmp_path, "slow")
    started = time.monotonic()
    result = run_inspection(request, Check(timeout=30), _settings(index, tmp_path, install_timeout=4.0))
    took = time.monotonic() - started
    assert result.outcome == "install-failed" and "took over 4 s" in result.detail, result.detail
    assert took < 40, took  # not the build's 300 s sleep (nor the 600 s build limit)
    pidfile = tmp_path / "build.pid"
    if pidfile.exists():  # the build had started (it has, unless the machine is very slow): it is gone
        pid = int(pidfile.read_text())
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(pid), f"the build {pid} outlived the inspection"


def test_a_stack_that_builds_is_installed_and_checked(index: IndexServer, tmp_path: Path) -> None:
    request = _stack(index, tmp_path, "good")
    check = Check(command="python -c 'import good; assert good.VALUE == 42'", timeout=60)
    result = run_inspection(request, check, _settings(index, tmp_path))
    assert result.outcome == "passed", (result.detail, result.output_tail)


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), "60", True])
def test_a_bad_install_timeout_is_a_clear_error(bad: object, tmp_path: Path) -> None:
    with pytest.raises(InspectionError, match="install_timeout must be a positive number of seconds"):
        RunnerSettings(wheel_cache=str(tmp_path), install_timeout=bad)  # type: ignore[arg-type]


def test_install_timeout_travels_with_the_settings(tmp_path: Path) -> None:
    settings = RunnerSettings(wheel_cache=str(tmp_path), install_timeout=12.5)
    assert RunnerSettings.from_json(settings.to_json()).install_timeout == 12.5
    assert os.fspath(tmp_path) == RunnerSettings.from_json({"wheel_cache": str(tmp_path)}).wheel_cache
