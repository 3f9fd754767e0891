"""Path projects' metadata builds use the lock command's own index configuration: the user's
``--find-links`` and ``--offline``, not only the Pipfile's sources.

A setup.py project needs setuptools to tell its dependencies; here setuptools is only in a
``--find-links`` directory given on the command line, never on the Pipfile's index (a real one
on 127.0.0.1), and the second lock runs ``--offline`` with that index stopped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from stackwise.cli import main
from support import build_wheel


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "own-cache"))


def test_metadata_builds_use_find_links_and_offline(tmp_path: Path, index_factory: Any, build_links: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    files = tmp_path / "files"
    build_wheel(files, "helper", "1.0")
    build_wheel(files, "helper", "2.0")
    server = index_factory(files_dir=files)  # no setuptools here
    project = tmp_path / "proj"
    (project / "legacy").mkdir(parents=True)
    (project / "legacy" / "legacyproj.py").write_text("VALUE = 'legacy'\n")
    setup = ("from setuptools import setup\nsetup(name='legacyproj', version='2.0', py_modules=['legacyproj'], "
             "install_requires=['helper<2'])\n")
    (project / "legacy" / "setup.py").write_text(setup)
    (project / "Pipfile").write_text(f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "local"\n\n'
                                     '[packages]\nlegacyproj = {path = "./legacy"}\n\n[dev-packages]\n')

    def lock(*extra: str) -> tuple[int, str]:
        (project / "Pipfile.lock").unlink(missing_ok=True)
        # a fresh build each time (the per-process memo is keyed by the project's files' times)
        (project / "legacy" / "setup.py").write_text(setup)
        code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(project / "Pipfile"), "-q",
                     "--cache-dir", str(tmp_path / "swcache"), "-o", str(project / "Pipfile.lock"),
                     "--no-default-scores", *extra])
        return code, capsys.readouterr().err

    # the Pipfile's index alone has no setuptools: the build cannot start (the control)
    code, err = lock()
    assert code != 0 and "Traceback" not in err and "legacy" in err, err
    assert not (project / "Pipfile.lock").exists()

    code, err = lock("--find-links", str(build_links))
    assert code == 0, err
    expected = {"legacyproj": None, "helper": "==1.0"}
    data = json.loads((project / "Pipfile.lock").read_text())["default"]
    assert {k: v.get("version") for k, v in data.items()} == expected

    server.stop()  # offline: index pages from the cache, setuptools from --find-links
    code, err = lock("--offline", "--find-links", str(build_links))
    assert code == 0, err
    data = json.loads((project / "Pipfile.lock").read_text())["default"]
    assert {k: v.get("version") for k, v in data.items()} == expected


def test_universal_pipfile_lock_builds_with_find_links(tmp_path: Path, index_factory: Any, build_links: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """``--universal --format pipfile-lock`` hands its configuration to the metadata build too."""
    files = tmp_path / "files"
    build_wheel(files, "helper", "1.0")
    server = index_factory(files_dir=files)  # no setuptools here
    project = tmp_path / "proj"
    (project / "uni").mkdir(parents=True)
    (project / "uni" / "uniproj.py").write_text("")
    (project / "uni" / "setup.py").write_text(
        "from setuptools import setup\nsetup(name='uniproj', version='1.0', py_modules=['uniproj'], "
        "install_requires=['helper'])\n")
    (project / "Pipfile").write_text(f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "local"\n\n'
                                     '[packages]\nuniproj = {path = "./uni"}\n\n[dev-packages]\n')
    code = main(["lock", "--universal", "--format", "pipfile-lock", "--isolated", "--pipfile",
                 str(project / "Pipfile"), "-q", "--cache-dir", str(tmp_path / "swcache"), "-o",
                 str(project / "Pipfile.lock"), "--no-default-scores", "--find-links", str(build_links)])
    err = capsys.readouterr().err
    assert code == 0, err
    data = json.loads((project / "Pipfile.lock").read_text())["default"]
    assert data["uniproj"] == {"path": "./uni"} and data["helper"]["version"] == "==1.0"


def test_pipenv_plan_builds_with_pips_configuration(tmp_path: Path, index_factory: Any, build_links: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan ``stackwise pipenv lock`` makes before Pipenv runs reads pip's configuration, as
    Pipenv's pip does: a ``PIP_FIND_LINKS`` directory serves the path project's build requirements."""
    from stackwise.commands.pipfile_lock import plan_for_pipenv
    from stackwise.integrations.pip_resolver import options_from_args

    files = tmp_path / "files"
    build_wheel(files, "helper", "1.0")
    server = index_factory(files_dir=files)  # no setuptools here
    project = tmp_path / "proj"
    (project / "legacy").mkdir(parents=True)
    (project / "legacy" / "legacyproj.py").write_text("")
    (project / "legacy" / "setup.py").write_text(
        "from setuptools import setup\nsetup(name='legacyproj', version='1.0', py_modules=['legacyproj'], "
        "install_requires=['helper'])\n")
    (project / "Pipfile").write_text(f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "local"\n\n'
                                     '[packages]\nlegacyproj = {path = "./legacy"}\n\n[dev-packages]\n')
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    options = options_from_args([])
    warnings: list[str] = []
    plan_for_pipenv(options, cwd=str(project), warn=warnings.append)
    assert any("could not be installed" in w for w in warnings), warnings  # the control: no setuptools
    warnings.clear()
    (project / "legacy" / "legacyproj.py").write_text("# changed\n")  # a fresh build, not the memo
    monkeypatch.setenv("PIP_FIND_LINKS", str(build_links))
    plan_for_pipenv(options, cwd=str(project), warn=warnings.append)
    assert not any("legacy" in w for w in warnings), warnings
