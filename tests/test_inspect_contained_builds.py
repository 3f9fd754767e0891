"""An inspection's sdist builds run package code, so they are contained like its checks.

A build ran with the inspecting user's whole environment (HOME, tokens in variables, the
machine's pip configuration) and without a memory limit, both in Dependency Monkey's metadata
builds and in the install of a stack. Here an in-tree PEP 517 backend (real builds, a real index
on 127.0.0.1) reports what it can see: it writes a file into ``~``, fails when a secret variable
of the parent or the machine's pip configuration reaches it, and, for the memory test, asks
for more memory than the limit allows.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.inspect.store import ResultStore
from support import IndexServer, build_wheel
from support.wheels import build_setuptools_sdist
from test_gaps16_install_bound import wheel_backend

_PROBE = (
    "import os, pathlib\n"
    "pathlib.Path(os.path.expanduser('~'), 'stackwise-canary').write_text('package code wrote here')\n"
    "if os.environ.get('STACKWISE_TEST_SECRET'):\n"
    "    raise RuntimeError('LEAKED: the build sees the parent secret')\n"
    "if os.environ.get('PIP_CONFIG_FILE') != os.devnull:\n"
    "    raise RuntimeError('LEAKED: pip configuration ' + repr(os.environ.get('PIP_CONFIG_FILE')))\n"
)
_HOG = "_hog = bytearray(1_500_000_000)  # 1.5 GB asked for at import of the backend\n"


def _sdist(files: Path, name: str, module_code: str) -> None:
    """``name`` 1.0 as an sdist only, built by an in-tree backend running ``module_code`` first."""
    build_setuptools_sdist(files, name, "1.0", files={
        "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n',
        "backend.py": module_code + wheel_backend(name, "VALUE = 1\n"),
    })


@pytest.fixture
def contained_world(index_factory: Callable[..., IndexServer], tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> tuple[IndexServer, Path]:
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["probe"], files={"app/__init__.py": "import probe\n"})
    _sdist(files, "probe", _PROBE)
    build_wheel(files, "hogapp", "1.0", ["hog"], files={"hogapp/__init__.py": "import hog\n"})
    _sdist(files, "hog", _HOG)
    home = tmp_path / "realhome"
    home.mkdir()
    pipconf = tmp_path / "pip.conf"
    pipconf.write_text("[global]\nno-cache-dir = true\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("STACKWISE_TEST_SECRET", "s3cret")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(pipconf))
    return index_factory(files_dir=files), home


def _inspect(capsys: pytest.CaptureFixture[str], tmp_path: Path, server: IndexServer, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["inspect", *args, "--strategy", "pip", "--results", str(tmp_path / "r.db"),
                 "--cache-dir", str(tmp_path / "cache"), "--isolated", "--index-url", server.url])
    return code, capsys.readouterr().err


def test_builds_of_an_inspection_see_neither_home_nor_secrets_nor_pip_config(
    contained_world: tuple[IndexServer, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The metadata build (resolution: probe's PKG-INFO cannot be trusted) and the wheel build
    (install) both pass, and nothing was written into the real HOME."""
    server, home = contained_world
    code, err = _inspect(capsys, tmp_path, server, "app", "--check", "python -c 'import app, probe; print(probe.VALUE)'")
    assert code == 0, err
    assert "LEAKED" not in err, err
    with ResultStore(tmp_path / "r.db") as store:
        (result,) = list(store.all())
    assert result.outcome == "passed", (result.outcome, result.detail)
    assert dict(result.stack.pins)["probe"] == "1.0"
    assert not (home / "stackwise-canary").exists(), "package code of a build wrote into the user's HOME"


def test_a_build_asking_for_more_memory_than_the_limit_fails_the_install(
    contained_world: tuple[IndexServer, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --build-memory-limit 512 the hog's build dies with MemoryError (already in the
    resolution's metadata build, so the stack is unavailable); with the default it builds."""
    server, _home = contained_world
    code, err = _inspect(capsys, tmp_path, server, "hogapp", "--build-memory-limit", "512")
    assert code != 0 or "MemoryError" in err, err
    assert "MemoryError" in err and "Traceback (most recent" not in err, err
    code, err = _inspect(capsys, tmp_path, server, "hogapp", "--check", "python -c 'import hogapp'")
    assert code == 0, err
    with ResultStore(tmp_path / "r.db") as store:
        assert [r.outcome for r in store.all()] == ["passed"]


@pytest.mark.parametrize("value", ["0", "63", "-5"])
def test_a_bad_build_memory_limit_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   value: str) -> None:
    code = main(["inspect", "app", "--build-memory-limit", value, "--results", str(tmp_path / "r.db"),
                 "--offline", "--no-index"])
    err = capsys.readouterr().err
    assert code != 0 and "--build-memory-limit" in err and "Traceback" not in err, err


def test_the_runner_limits_the_install_build_too(
    contained_world: tuple[IndexServer, Path], tmp_path: Path
) -> None:
    """A stack resolved elsewhere (so no metadata build ran here) whose install builds the hog:
    install-failed with the MemoryError, under the runner's own limit."""
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig
    from stackwise.inspect.model import Check
    from stackwise.inspect.runner import RunnerSettings, run_inspection
    from stackwise.inspect.stacks import StackMaker

    server, _home = contained_world
    config = IndexConfig(index_urls=(server.url,), cache_dir=tmp_path / "cache")
    target = TargetEnvironment.current()
    with IndexClient(config, target) as client:  # not contained, unlimited: the resolution builds
        request = StackMaker(["hogapp"], client, target, file_hashes=getattr(client, "file_hashes", None)).resolve({})
    assert request is not None and request.pin_map()["hog"] == "1.0"
    settings = RunnerSettings(wheel_cache=str(tmp_path / "wheels"), cache_dir=str(tmp_path / "cache"),
                              index_urls=(server.url,), build_memory_mb=512)
    result = run_inspection(request, Check(command="python -c 'import hogapp'"), settings)
    assert result.outcome == "install-failed" and "MemoryError" in result.detail, (result.outcome, result.detail)
    assert os.environ["STACKWISE_TEST_SECRET"] == "s3cret"  # the parent's own environment is untouched
