"""``stackwise lock --format pylock`` with local projects among its inputs (``-e ./dir``, ``./dir``,
``name @ file:///dir``): PEP 751 ``[packages.directory]`` entries, relative to the lock file (issue #17).

Real builds (the in-tree backend of :mod:`local_projects`), a real index on 127.0.0.1 with a
decoy release named like the local project, real ``uv pip compile --format pylock.toml`` for
the expected shape, and real installs of the written lock (``stackwise install``, ``uv pip
install -r``) from another directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from local_projects import make_project
from stackwise.cli import main
from stackwise.lockfiles._toml import toml as tomllib
from test_install import installed_versions, make_venv
from test_lock_local import REUSED, files, own_cache, tree

_FIXTURES = (files, own_cache)  # the same index and cache as test_lock_local (pytest finds them by name)

INSTALLED = {"myproj": "0.1", "dynproj": "0.3", "namedproj": "1.2", "other": "1.0", "simplelib": "1.0",
             "fastdep": "1.0"}


def lock(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["lock", "--no-default-scores", *args])
    out, err = capsys.readouterr()
    return code, out, err


def uv_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "UV_NO_CONFIG": "1", "UV_CACHE_DIR": str(tmp_path / "uv-cache"),
            "UV_PYTHON_DOWNLOADS": "never"}


def shape(text: str) -> dict[str, Any]:
    """Each package's entry as the comparison with uv's lock needs it: a local project's
    ``directory`` table and version (none), an index package's version and its files' URLs and
    hashes (stackwise also writes names and sizes; uv normalises markers its own way)."""
    out: dict[str, Any] = {}
    for pkg in tomllib.loads(text)["packages"]:
        listed = [*pkg.get("wheels", []), *([pkg["sdist"]] if "sdist" in pkg else [])]
        out[pkg["name"]] = {"version": pkg.get("version"), "directory": pkg.get("directory"),
                            "marker": "marker" in pkg,
                            "files": sorted((f["url"], json.dumps(f["hashes"], sort_keys=True)) for f in listed)}
    return out


def test_pylock_has_uv_shape_and_installs_from_another_directory(tmp_path: Path, files: Path,
                                                                  index_factory: Any,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    uv = pytest.importorskip("uv", reason="uv is not installed")
    server = index_factory(files_dir=files)
    root = tree(tmp_path / "proj")
    (root / "requirements.in").write_text(f"-e ./myproj[fast]\n./dyn ; python_version >= '3'\n"
                                          f"namedproj @ {(root / 'named').as_uri()}\n")
    monkeypatch.chdir(root)
    (root / "locks").mkdir()
    # the lock goes to a subdirectory: its relative paths are relative to it, not to the current directory
    code, _, err = lock(capsys, "-r", "requirements.in", "--index-url", server.url, "--format", "pylock",
                        "-o", "locks/pylock.toml")
    assert code == 0, err
    ours = (root / "locks" / "pylock.toml").read_text()
    assert ('\n[[packages]]\nname = "myproj"\ndirectory = { path = "../myproj", editable = true }\n' in ours), ours
    assert ('\n[[packages]]\nname = "dynproj"\nmarker = "python_version >= \'3\'"\n'
            'directory = { path = "../dyn" }\n') in ours, ours
    assert f'\nname = "namedproj"\ndirectory = {{ path = "{(root / "named").as_posix()}" }}\n' in ours, ours
    assert "5.0" not in ours  # the decoy is not the project

    (root / "uvlocks").mkdir()
    proc = subprocess.run([uv.find_uv_bin(), "pip", "compile", "--format", "pylock.toml", "requirements.in",
                           "--index-url", server.url, "-o", "uvlocks/pylock.toml"], capture_output=True, text=True,
                          cwd=root, env=uv_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert shape(ours) == shape((root / "uvlocks" / "pylock.toml").read_text())

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    venv = make_venv(tmp_path / "venv")
    proc = subprocess.run([sys.executable, "-m", "stackwise", "install", str(root / "locks" / "pylock.toml"),
                           "--target-venv", str(venv), "--index-url", server.url], capture_output=True, text=True,
                          cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert installed_versions(venv) == INSTALLED
    editable = ("import json, importlib.metadata as m; print(json.dumps(json.loads("
                "m.distribution('myproj').read_text('direct_url.json'))))")
    direct = json.loads(subprocess.run([str(venv / "bin" / "python"), "-c", editable], capture_output=True, text=True,
                                       check=True).stdout)
    assert direct == {"url": (root / "myproj").as_uri(), "dir_info": {"editable": True}}, direct

    uv_venv = make_venv(tmp_path / "uv-venv")
    proc = subprocess.run([uv.find_uv_bin(), "pip", "install", "--python", str(uv_venv / "bin" / "python"), "-r",
                           str(root / "locks" / "pylock.toml")], capture_output=True, text=True, cwd=elsewhere,
                          env=uv_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert installed_versions(uv_venv) == INSTALLED


def test_standard_output_the_python_api_and_other_inputs(tmp_path: Path, files: Path, index_factory: Any,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import stackwise

    server = index_factory(files_dir=files)
    root = tree(tmp_path / "proj")
    monkeypatch.chdir(root)
    # to standard output: relative to the current directory, as uv writes it
    code, out, err = lock(capsys, "-e ./myproj", "./dyn", "--index-url", server.url, "--format", "pylock")
    assert code == 0, err
    assert 'name = "myproj"\ndirectory = { path = "myproj", editable = true }\n' in out, out
    assert 'name = "dynproj"\ndirectory = { path = "dyn" }\n' in out, out
    names = [p["name"] for p in tomllib.loads(out)["packages"]]
    assert names == sorted(names) == ["dynproj", "myproj", "other", "simplelib"]

    # the Python API: output_dir is where result.text goes; a line false here is left out
    result = stackwise.lock(["-e ./myproj", "./missing ; sys_platform == 'never'"], index_url=server.url,
                            default_scores=False, format="pylock", output_dir=str(root / "a" / "b"))
    assert 'directory = { path = "../../myproj", editable = true }' in result.text, result.text
    assert "missing" not in result.text
    assert result.versions() == {"other": "1.0", "simplelib": "1.0"}
    # the written lock reads back as the same projects (the reader stackwise install uses)
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "pylock.toml").write_text(result.text)
    from stackwise.lockfiles.pylock import read_pylock

    read = {p.name: p for p in read_pylock(root / "a" / "b" / "pylock.toml").packages}
    assert (read["myproj"].directory, read["myproj"].editable, read["myproj"].version) == (str(root / "myproj"), True, "")
    assert read["simplelib"].version == "1.0" and read["simplelib"].files

    # without local projects the pylock.toml is what it was: no directory entry, same packages
    plain = stackwise.lock(["simplelib<2"], index_url=server.url, default_scores=False, format="pylock",
                           output_dir=str(root / "a"))
    assert "directory" not in plain.text and plain.versions() == {"simplelib": "1.0"}


def test_pipfile_lock_and_universal_still_refuse_local_inputs(tmp_path: Path, files: Path, index_factory: Any,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    server = index_factory(files_dir=files)
    root = tree(tmp_path / "proj")
    monkeypatch.chdir(root)
    (root / "requirements.in").write_text("-e ./myproj\n")
    for extra, expected in ((["--format", "pipfile-lock", "-o", "Pipfile.lock"], "reads its requirements from the Pipfile"),
                            (["--universal", "--format", "pylock"], "local project directories")):
        code, _, err = lock(capsys, "-r", "requirements.in", "--index-url", server.url, *extra)
        assert code != 0 and "Traceback" not in err, err
        assert expected in err and len(err.strip().splitlines()) == 1, err
    assert not (root / "Pipfile.lock").exists()


def test_reuse_notices_a_changed_project_and_another_output_directory(tmp_path: Path, files: Path,
                                                                      index_factory: Any,
                                                                      capsys: pytest.CaptureFixture[str],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    server = index_factory(files_dir=files)
    root = tmp_path / "proj"
    make_project(root / "myproj", "myproj", deps=["simplelib<2"])
    monkeypatch.chdir(root)
    base = ["-e ./myproj", "--format", "pylock", "--index-url", server.url, "--cache-dir", str(tmp_path / "cache")]
    code, _, err = lock(capsys, *base, "-o", "pylock.toml")
    assert code == 0 and REUSED not in err, err
    assert 'name = "simplelib"\nversion = "1.0"' in (root / "pylock.toml").read_text()
    code, _, err = lock(capsys, *base, "-o", "pylock.toml")
    assert code == 0 and REUSED in err, err  # unchanged: reused

    (root / "sub").mkdir()  # another output directory: its own paths, never the other lock's
    code, _, err = lock(capsys, *base, "-o", "sub/pylock.toml")
    assert code == 0, err
    assert 'path = "../myproj"' in (root / "sub" / "pylock.toml").read_text()

    make_project(root / "myproj", "myproj", deps=["simplelib>=2"])  # the project's dependencies change
    code, _, err = lock(capsys, *base, "-o", "pylock.toml")
    assert code == 0 and REUSED not in err, err
    text = (root / "pylock.toml").read_text()
    assert 'name = "simplelib"\nversion = "2.0"' in text and "simplelib-1.0" not in text, text
    assert 'path = "myproj", editable = true' in text, text
