"""`stackwise learn` probes run on wheels unless --build-sdists allows builds.

Found on a real spaCy stack: a probe moved numpy to 1.20.2, which has only an sdist for
Python 3.11, and the probe built numpy from source for more than 10 minutes. The fixture
index here: ``app`` does ``from lib import old_name``, which ``lib`` 3.0 removed; ``lib`` 1.0,
1.1, 3.0 and 3.1 are wheels, 2.0 (trustworthy PKG-INFO: resolvable without a build, built to
install) and 2.1 (PKG-INFO that cannot be trusted: built to read its metadata) are sdists
whose in-tree build backend writes a marker file and fails. Before, the probes built both
(the marker was written); now no build starts, and the rule comes from the wheel releases.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from packaging.version import Version

from stackwise.cli import main
from stackwise.inspect.store import ResultStore
from support import IndexServer, build_wheel
from support.wheels import build_setuptools_sdist, metadata_text
from test_gaps16_install_bound import wheel_backend

WHEELS = ["1.0", "1.1", "3.0", "3.1"]


def _backend(marker: Path) -> str:
    """A PEP 517 backend whose every hook records that it ran, then fails."""
    return (
        "def _built(hook):\n"
        f"    with open({str(marker)!r}, 'a') as f:\n"
        "        f.write(hook + '\\n')\n"
        "    raise RuntimeError('this sdist must not be built')\n"
        "def get_requires_for_build_wheel(config_settings=None):\n"
        "    _built('get_requires_for_build_wheel')\n"
        "def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):\n"
        "    _built('prepare_metadata_for_build_wheel')\n"
        "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
        "    _built('build_wheel')\n"
    )


def build_sdist_index(files: Path, marker: Path) -> Path:
    build_wheel(files, "app", "1.0", ["lib"], files={"app/__init__.py": "from lib import old_name\n"})
    for v in WHEELS:
        code = "def new_name():\n    return 1\n" + ("def old_name():\n    return 0\n" if Version(v) < Version("3") else "")
        build_wheel(files, "lib", v, files={"lib/__init__.py": code})
    backend = {"pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n',
               "backend.py": _backend(marker), "lib/__init__.py": "def old_name():\n    return 0\n"}
    # 2.0: Metadata-Version 2.2 without Dynamic -- read without a build, built only to install
    build_setuptools_sdist(files, "lib", "2.0", files={**backend, "PKG-INFO": metadata_text("lib", "2.0", metadata_version="2.2")})
    # 2.1: Metadata-Version 2.1 -- its dependencies are known only after a build
    build_setuptools_sdist(files, "lib", "2.1", files=backend)
    return files


@pytest.fixture
def world(index_factory: Callable[..., IndexServer], tmp_path: Path) -> tuple[IndexServer, Path]:
    marker = tmp_path / "built.txt"
    return index_factory(files_dir=build_sdist_index(tmp_path / "files", marker)), marker


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, server: IndexServer, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main([*args, "--results", str(tmp_path / "r.db"), "--cache-dir", str(tmp_path / "cache"),
                 "--isolated", "--index-url", server.url])
    return code, capsys.readouterr().err


def test_learn_builds_no_sdist_and_learns_from_the_wheels(
    world: tuple[IndexServer, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, marker = world
    code, err = _run(capsys, tmp_path, server, "inspect", "app", "--strategy", "pip")
    assert code == 0, err
    with ResultStore(tmp_path / "r.db") as store:
        (failing,) = list(store.all())
    assert failing.outcome == "failed" and dict(failing.stack.pins) == {"app": "1.0", "lib": "3.1"}

    learned = tmp_path / "learned.json"
    code, err = _run(capsys, tmp_path, server, "learn", "-o", str(learned))
    assert code == 0, err
    assert not marker.exists(), f"an sdist was built: {marker.read_text()}\n{err}"
    with ResultStore(tmp_path / "r.db") as store:
        probes = list(store.all())[1:]
    assert probes and all(dict(p.stack.pins)["lib"] in WHEELS for p in probes), [p.stack.pins for p in probes]
    (rule,) = json.loads(learned.read_text())["rules"]
    assert {rule["package"], rule["with"]["package"]} == {"app", "lib"}, rule
    lib_spec = rule["specifier"] if rule["package"] == "lib" else rule["with"]["specifier"]
    assert lib_spec == ">=3.0", rule  # the failing wheels 3.0-3.1; 1.1 passes below the sdists' gap


def test_a_stack_with_an_sdist_is_install_failed_at_once_without_a_build(
    world: tuple[IndexServer, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An sdist that still ends up in a stack (here forced: lib 2.0, resolvable from its
    PKG-INFO) is refused before it is downloaded or built."""
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig
    from stackwise.inspect.model import Check
    from stackwise.inspect.runner import RunnerSettings, run_inspection
    from stackwise.inspect.stacks import StackMaker

    server, marker = world
    config = IndexConfig(index_urls=(server.url,), cache_dir=tmp_path / "cache", build_sdists=False)
    target = TargetEnvironment.current()
    with IndexClient(config, target) as client:
        maker = StackMaker(["app"], client, target, file_hashes=getattr(client, "file_hashes", None))
        request = maker.resolve({"lib": "2.0"})
        assert request is not None and request.pin_map()["lib"] == "2.0"
        settings = RunnerSettings(wheel_cache=str(tmp_path / "wheels"), cache_dir=str(tmp_path / "cache"),
                                  index_urls=(server.url,), build_sdists=False)
        before = len(server.requests)
        result = run_inspection(request, Check(), settings)
        assert result.outcome == "install-failed", result.detail
        assert not [r.path for r in server.requests[before:] if r.path.endswith(".tar.gz")]  # not even downloaded
        assert "lib 2.0" in result.detail and "--build-sdists" in result.detail, result.detail
        assert not marker.exists()
        # the releases learn moves to: the wheels only, without reading an sdist's metadata
        before = len(server.requests)
        assert [str(v) for v in maker.releases("lib", wheels=True)] == ["3.1", "3.0", "1.1", "1.0"]
        assert not [r.path for r in server.requests[before:] if r.path.endswith(".tar.gz")]


def test_a_stack_that_needs_an_sdist_is_not_probed_and_a_note_says_why(
    index_factory: Callable[..., IndexServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``inspect`` builds sdists (here ``pure``, which has no wheel, built in a second); ``learn``
    without --build-sdists refuses every probe needing it at once and says how to allow it."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["lib", "pure"], files={"app/__init__.py": "from lib import old_name\n"})
    for v in ("1.0", "2.0"):
        build_wheel(files, "lib", v, files={"lib/__init__.py": "old_name = 0\n" if v == "1.0" else "new_name = 1\n"})
    build_setuptools_sdist(files, "pure", "1.0", files={
        "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n',
        "backend.py": wheel_backend("pure", ""), "PKG-INFO": metadata_text("pure", "1.0", metadata_version="2.2")})
    server = index_factory(files_dir=files)
    code, err = _run(capsys, tmp_path, server, "inspect", "app", "--strategy", "pip")
    assert code == 0, err
    with ResultStore(tmp_path / "r.db") as store:
        (failing,) = list(store.all())
    assert failing.outcome == "failed" and dict(failing.stack.pins)["pure"] == "1.0", failing.detail
    code, err = _run(capsys, tmp_path, server, "learn", "-o", str(tmp_path / "learned.json"))
    assert code == 0, err
    with ResultStore(tmp_path / "r.db") as store:
        probes = list(store.all())[1:]
    assert probes and all(p.outcome == "install-failed" and "pure 1.0" in p.detail for p in probes), err
    assert f"{len(probes)} probe(s) needed a package that has no wheel here" in err and "--build-sdists" in err
    assert json.loads((tmp_path / "learned.json").read_text())["rules"] == []
