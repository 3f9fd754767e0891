"""``stackwise lock`` with local projects among its inputs (``-e ./dir``, ``./dir``, ``name @
file:///dir``), as pip-compile and ``uv pip compile`` lock them (issue #17).

Real builds (the in-tree backend of :mod:`local_projects`), a real index on 127.0.0.1 that also
carries a decoy release named like the local project, real ``uv pip compile`` for the expected
lock, and a real ``stackwise install`` of the result.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from local_projects import make_project
from stackwise.cli import main
from support import build_wheel
from test_install import installed_versions, make_venv

REUSED = "reused the lock computed at"


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "own-cache"))
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    files = tmp_path / "files"
    build_wheel(files, "simplelib", "1.0")
    build_wheel(files, "simplelib", "2.0")
    build_wheel(files, "other", "1.0", ["myproj>=0.1"])  # depends on the local project by name
    build_wheel(files, "myproj", "5.0", ["simplelib>=2"])  # a decoy on the index: never the user's project
    build_wheel(files, "fastdep", "1.0")
    return files


def tree(root: Path) -> Path:
    make_project(root / "myproj", "myproj", deps=["simplelib<2", "other"], extras={"fast": ["fastdep"]})
    make_project(root / "dyn", "dynproj", "0.3", deps=["simplelib"], dynamic=True)  # only a build tells
    make_project(root / "named", "namedproj", "1.2")
    return root


def lock(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["lock", "--no-default-scores", *args])
    return code, capsys.readouterr().err


def body(text: str) -> str:
    """The lock without its header comment (each tool writes its own command line there)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return "\n".join(lines[start:]).strip() + "\n"


def test_lock_equals_uv_pip_compile_and_installs(tmp_path: Path, files: Path, index_factory: Any,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    uv = pytest.importorskip("uv", reason="uv is not installed")
    server = index_factory(files_dir=files)
    root = tree(tmp_path / "proj")
    (root / "requirements.in").write_text(f"-e ./myproj[fast]\n./dyn ; python_version >= '3'\n"
                                          f"namedproj @ {(root / 'named').as_uri()}\n")
    monkeypatch.chdir(root)
    code, err = lock(capsys, "-r", "requirements.in", "--index-url", server.url, "-o", "requirements.txt")
    assert code == 0, err
    ours = (root / "requirements.txt").read_text()

    proc = subprocess.run([uv.find_uv_bin(), "pip", "compile", "--generate-hashes", "requirements.in", "--index-url",
                           server.url, "-o", "uv.txt"], capture_output=True, text=True, cwd=root,
                          env={**os.environ, "UV_NO_CONFIG": "1", "UV_CACHE_DIR": str(tmp_path / "uv-cache"),
                               "UV_PYTHON_DOWNLOADS": "never"})
    assert proc.returncode == 0, proc.stderr
    assert body(ours) == body((root / "uv.txt").read_text())
    # what that is: the local lines as written, their dependencies "via" the project, the decoy unused
    assert "-e ./myproj\n    # via\n    #   -r requirements.in\n    #   other\n" in ours, ours
    assert "fastdep==1.0 \\" in ours and "simplelib==1.0 \\" in ours and "myproj==" not in ours, ours
    assert "\n./dyn\n    # via -r requirements.in\n" in ours, ours

    venv = make_venv(tmp_path / "venv")
    proc = subprocess.run([sys.executable, "-m", "stackwise", "install", "requirements.txt", "--target-venv",
                           str(venv), "--index-url", server.url], capture_output=True, text=True, cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert installed_versions(venv) == {"myproj": "0.1", "dynproj": "0.3", "namedproj": "1.2", "other": "1.0",
                                        "simplelib": "1.0", "fastdep": "1.0"}


def test_command_line_arguments_and_the_python_api(tmp_path: Path, files: Path, index_factory: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import stackwise

    server = index_factory(files_dir=files)
    root = tree(tmp_path / "proj")
    monkeypatch.chdir(root)
    # a line whose markers are false here is skipped without looking at its directory (as pip does)
    result = stackwise.lock(["-e ./myproj", "./dyn", "simplelib", "./missing ; sys_platform == 'never'"], index_url=server.url, default_scores=False,
                            hashes=False)
    assert result.versions() == {"other": "1.0", "simplelib": "1.0"}
    assert result.text.splitlines()[4:] == [
        "-e ./myproj", "    # via", "    #   -r (command line)", "    #   other",
        "./dyn", "    # via -r (command line)",
        "other==1.0", "    # via myproj",
        "simplelib==1.0", "    # via", "    #   -r (command line)", "    #   dynproj", "    #   myproj"]
    assert result.pins["other"].via == ("myproj",)

    # a dependency on the project itself with an extra (the usual way to combine extras) adds that extra
    make_project(root / "combo", "combo", deps=["combo[fast]"], extras={"fast": ["fastdep"], "all": ["combo[fast]"]})
    result = stackwise.lock(["./combo"], index_url=server.url, default_scores=False, hashes=False)
    assert result.versions() == {"fastdep": "1.0"} and result.pins["fastdep"].via == ("combo",)


def test_dash_e_as_pip_takes_it_on_the_command_line(tmp_path: Path, files: Path, index_factory: Any,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``stackwise lock -e ./dir`` (two words, as with pip) is the same as the one-word form."""
    server = index_factory(files_dir=files)
    root = tree(tmp_path / "proj")
    monkeypatch.chdir(root)
    code, err = lock(capsys, "-e", "./myproj", "--editable=./dyn", "--no-hashes", "--index-url", server.url,
                     "-o", "two-words.txt")
    assert code == 0, err
    code, err = lock(capsys, "-e ./myproj", "-e ./dyn", "--no-hashes", "--index-url", server.url,
                     "-o", "one-word.txt", "--no-reuse")
    assert code == 0, err
    assert body((root / "two-words.txt").read_text()) == body((root / "one-word.txt").read_text())
    assert "-e ./myproj" in (root / "two-words.txt").read_text().splitlines()
    code, err = lock(capsys, "-e", "./myproj", "--universal", "--index-url", server.url)
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_a_dependency_the_project_does_not_fit_is_refused(tmp_path: Path, files: Path, index_factory: Any,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    build_wheel(files, "strict", "1.0", ["myproj>=2"])
    server = index_factory(files_dir=files)
    root = tree(tmp_path / "proj")
    monkeypatch.chdir(root)
    cases = {
        ("-e ./myproj\nstrict\n",): "strict 1.0 requires myproj>=2, but the local project myproj",
        ("-e ./myproj\nmyproj>=1\n",): "requirements.in:2: myproj>=1, but the local project myproj",
        ("./myproj\n./myproj[fast]\n",): "the local project myproj is listed twice",
        ("./nowhere\n",): "does not exist",
        ("-e ./myproj\nmyproj==0.1\n",): None,  # the control: the project's own version fits
    }
    for (text,), expected in cases.items():
        (root / "requirements.in").write_text(text)
        code, err = lock(capsys, "-r", "requirements.in", "--index-url", server.url, "-o", "out.txt")
        if expected is None:
            assert code == 0, err
            assert "-e ./myproj\n" in (root / "out.txt").read_text()
            (root / "out.txt").unlink()
            continue
        assert code != 0 and "Traceback" not in err, (text, err)
        assert expected in err, (text, err)
        assert len(err.strip().splitlines()) == 1, err
        assert not (root / "out.txt").exists()
    # a path relative to the requirements file, not to the current directory: the error says so
    (root / "sub").mkdir()
    (root / "sub" / "requirements.in").write_text("-e ./myproj\n")
    make_project(root / "sub" / "myproj", "myproj")
    (root / "myproj").rename(root / "gone")
    code, err = lock(capsys, "-r", "sub/requirements.in", "--index-url", server.url)
    assert code != 0 and f"relative to the file it would be {root / 'sub' / 'myproj'}" in err, err
    (root / "gone").rename(root / "myproj")
    # a package that needs an extra of the project the line does not ask for
    build_wheel(files, "wantsfast", "1.0", ["myproj[fast]"])
    (root / "requirements.in").write_text("-e ./myproj\nwantsfast\n")
    code, err = lock(capsys, "-r", "requirements.in", "--index-url", server.url, "--cache-ttl", "0")
    assert code != 0 and "does not ask for the extra(s) fast" in err and "./myproj[fast]" in err, err


def test_other_formats_refuse_local_inputs_in_one_paragraph(tmp_path: Path, files: Path, index_factory: Any,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    server = index_factory(files_dir=files)
    root = tree(tmp_path / "proj")
    monkeypatch.chdir(root)
    (root / "requirements.in").write_text("-e ./myproj\n")
    # (--format pylock writes them since: tests/test_lock_local_pylock.py)
    for extra, expected in ((["--universal"], "locked by `stackwise lock` into a requirements file or pylock.toml only"),):
        code, err = lock(capsys, "-r", "requirements.in", "--index-url", server.url, *extra)
        assert code != 0 and "Traceback" not in err, err
        assert expected in err, err
        assert len(err.strip().splitlines()) == 1, err
    (root / "constraints.txt").write_text("-e ./myproj\n")
    code, err = lock(capsys, "simplelib", "-c", "constraints.txt", "--index-url", server.url)
    assert code != 0 and "Traceback" not in err and "not in constraints" in err, err


def test_reuse_notices_a_changed_project(tmp_path: Path, files: Path, index_factory: Any,
                                         capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    server = index_factory(files_dir=files)
    root = tmp_path / "proj"
    make_project(root / "myproj", "myproj", deps=["simplelib<2"])
    (root / "requirements.in").write_text("-e ./myproj\n")
    monkeypatch.chdir(root)
    args = ["-r", "requirements.in", "--index-url", server.url, "--cache-dir", str(tmp_path / "cache"), "-o", "out.txt"]
    code, err = lock(capsys, *args)
    assert code == 0 and REUSED not in err, err
    assert "simplelib==1.0" in (root / "out.txt").read_text()
    code, err = lock(capsys, *args)
    assert code == 0 and REUSED in err, err  # unchanged: reused

    make_project(root / "myproj", "myproj", deps=["simplelib>=2"])  # the project's dependencies change
    code, err = lock(capsys, *args)
    assert code == 0 and REUSED not in err, err
    text = (root / "out.txt").read_text()
    assert "simplelib==2.0" in text and "simplelib==1.0" not in text, text


def test_a_setup_py_project_is_built_for_its_name_and_dependencies(tmp_path: Path, files: Path, build_links: Path,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """No static name or dependencies: the metadata build (setuptools from --find-links) tells both."""
    root = tmp_path / "proj"
    (root / "legacy").mkdir(parents=True)
    (root / "legacy" / "setup.py").write_text("from setuptools import setup\nsetup(name='legacyproj', version='2.0', "
                                              "py_modules=[], install_requires=['simplelib<2'])\n")
    monkeypatch.chdir(root)
    code, err = lock(capsys, "./legacy", "--no-index", "--find-links", str(files), "--find-links",
                     str(build_links), "--no-hashes", "-o", "out.txt")
    assert code == 0, err
    text = body((root / "out.txt").read_text())
    assert text == "./legacy\n    # via -r (command line)\nsimplelib==1.0\n    # via legacyproj\n", text
