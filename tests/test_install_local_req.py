"""``stackwise install`` of requirements.txt locks that name local projects, as pip-compile and
``uv pip compile`` write them: ``-e ./dir``, ``-e file:///abs/dir``, ``--editable=./dir``,
``./dir``, ``/abs/dir``, ``name @ file:///abs/dir``, with extras and markers.

Real venvs, real builds (the in-tree backend of :mod:`local_projects`), a real index on
127.0.0.1 for the hashed pins next to them, and real pip: the same local lines installed by
``pip install --no-deps -r`` give the same ``pip freeze``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from local_projects import make_project
from stackwise.errors import LockFileError, RequirementError
from stackwise.lockfiles.requirements import read_requirements_lock
from stackwise.reqfile import Inputs, read_requirements_file
from support import IndexServer, build_wheel
from test_install import installed_versions, listing, make_venv, sha256, venv_python


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "own-cache"))


@pytest.fixture
def index(tmp_path: Path, index_factory: Callable[..., IndexServer]) -> tuple[IndexServer, Path]:
    files = tmp_path / "files"
    build_wheel(files, "simplelib", "1.0")
    return index_factory(files_dir=files), files


def install(lock: Path, venv: Path, *args: str, cwd: Path) -> tuple[int, str]:
    """``stackwise install`` as a user runs it, from ``cwd`` (relative local paths are read from there)."""
    proc = subprocess.run([sys.executable, "-m", "stackwise", "install", str(lock), "--target-venv", str(venv), *args],
                          capture_output=True, text=True, cwd=cwd, env={
                              **os.environ, "PIP_CONFIG_FILE": os.devnull, "STACKWISE_CONFIG_FILE": os.devnull})
    return proc.returncode, proc.stderr


def pip(venv: Path, *args: str, cwd: Path | None = None) -> str:
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_python(venv)), "--disable-pip-version-check",
                           *args], capture_output=True, text=True, check=True, cwd=cwd,
                          env={**os.environ, "PIP_CONFIG_FILE": os.devnull})
    return proc.stdout


def hashed_pin(files: Path, name: str, version: str) -> str:
    digests = [sha256(f) for f in sorted(files.glob(f"{name}-{version}-*.whl"))]
    return f"{name}=={version} " + " ".join(f"--hash=sha256:{d}" for d in digests)


LOCAL_LINES = [
    "-e ./edproj",
    "--editable=./ed2",
    "./sub/plainproj[fast] ; python_version >= \"3\"",
    "{abs_uri_proj}",
    "-e {abs_uri_ed}",
    "named @ {named_uri}",
    # false here: skipped, its missing directory never looked at (as pip skips the line)
    "-e ./does-not-exist ; sys_platform == \"win32\"",
]


def local_tree(root: Path) -> dict[str, str]:
    make_project(root / "edproj", "edproj")
    make_project(root / "ed2", "ed-two")
    make_project(root / "sub" / "plainproj", "plainproj", "1.5")
    make_project(root / "elsewhere" / "absproj", "absproj", "2.0")
    make_project(root / "elsewhere" / "absed", "absed")
    make_project(root / "elsewhere" / "named", "named", "3.0")
    return {"abs_uri_proj": str(root / "elsewhere" / "absproj"),
            "abs_uri_ed": (root / "elsewhere" / "absed").as_uri(),
            "named_uri": (root / "elsewhere" / "named").as_uri()}


def test_local_lines_install_as_pip_installs_them(tmp_path: Path, index: Any) -> None:
    server, files = index
    root = tmp_path / "proj"
    values = local_tree(root)
    lines = [line.format(**values) for line in LOCAL_LINES]
    lock = root / "requirements.txt"
    lock.write_text(f"--index-url {server.url}\n" + hashed_pin(files, "simplelib", "1.0") + "\n"
                    + "\n".join(lines) + "\n")
    venv = make_venv(tmp_path / "venv")
    code, err = install(lock, venv, cwd=root)
    assert code == 0, err
    assert "installed 7, replaced 0, kept 0" in err, err
    assert installed_versions(venv) == {"simplelib": "1.0", "edproj": "0.1", "ed-two": "0.1", "plainproj": "1.5",
                                        "absproj": "2.0", "absed": "0.1", "named": "3.0"}

    # real pip installs the same local lines (it refuses them next to --hash lines, so alone)
    reference = make_venv(tmp_path / "pip-venv")
    only_local = root / "local-only.txt"
    only_local.write_text("\n".join(lines[:-1]) + "\n")  # pip looks at an -e directory before its markers
    pip(reference, "install", "--no-deps", "--no-index", "-r", str(only_local), cwd=root)
    ours = sorted(x for x in pip(venv, "freeze").splitlines() if not x.startswith("simplelib"))
    assert ours == sorted(pip(reference, "freeze").splitlines())
    assert f"-e {root / 'edproj'}" in ours and f"named @ {values['named_uri']}" in ours, ours
    listed = {p["name"]: p for p in json.loads(pip(venv, "list", "--format", "json"))}
    assert listed["absed"]["editable_project_location"] == str(root / "elsewhere" / "absed")
    assert "editable_project_location" not in listed["plainproj"]

    # a re-run keeps the current editable installs and rebuilds the plain ones, as for Pipfile.lock
    code, err = install(lock, venv, cwd=root)
    assert code == 0 and "installed 0, replaced 3, kept 4" in err, err


def test_relative_paths_are_read_from_the_current_directory(tmp_path: Path) -> None:
    """As pip and uv read them (not from the lock's directory, unlike -r includes)."""
    root = tmp_path / "proj"
    make_project(root / "edproj", "edproj")
    make_project(root / "locks" / "edproj", "edproj", "9.9")  # what the lock's directory would give
    lock = root / "locks" / "requirements.txt"
    lock.write_text("-e ./edproj\n")
    venv = make_venv(tmp_path / "venv")
    code, err = install(lock, venv, cwd=root)
    assert code == 0, err
    assert installed_versions(venv) == {"edproj": "0.1"}

    # from a directory where it does not exist: refused, naming where it looked and the lock-relative one
    (root / "edproj").rename(root / "moved")
    before = listing(venv)
    code, err = install(lock, venv, "--dry-run", cwd=root)
    assert code != 0 and "Traceback" not in err, err
    assert f"the directory {root / 'edproj'} does not exist" in err, err
    assert f"relative to the lock it would be {root / 'locks' / 'edproj'}" in err, err
    assert listing(venv) == before


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_refusals_are_one_paragraph_and_install_nothing(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    make_project(root / "edproj", "edproj")
    (root / "legacy").mkdir()
    (root / "legacy" / "setup.py").write_text("raise SystemExit('never run')\n")
    archive = root / "edproj-0.1-py3-none-any.whl"
    archive.write_bytes(b"PK")
    venv = make_venv(tmp_path / "venv")
    before = listing(venv)
    cases = {
        f"-e ./edproj\n./edproj --hash=sha256:{'0' * 64}\n": "--hash on a local project directory cannot be checked",
        f"edproj @ {archive.as_uri()}\n": "a local archive (wheel or sdist) is not supported",
        "-e git+https://example.invalid/repo.git#egg=edproj\n": "a URL or VCS requirement cannot be installed",
        "./legacy\n": "cannot tell the name of the project",
        "-e ./missing\n": "does not exist",
        "./edproj ; python_version >>> '3'\n": "invalid markers",
        "-e ./edproj\nedproj @ file:./edproj\n": "edproj is listed twice",
        "-e ./edproj ; python_version >= '3'\n": None,  # the control: this one installs
    }
    for text, expected in cases.items():
        lock = write(root / "requirements.txt", text)
        code, err = install(lock, venv, "--dry-run", cwd=root)
        if expected is None:
            assert code == 0, err
            continue
        assert code != 0 and "Traceback" not in err, (text, err)
        assert expected in err, (text, err)
        assert len(err.strip().splitlines()) == 1, err
    assert listing(venv) == before

    # where the marker holds, a missing directory is refused; where it is false, skipped
    lock = write(root / "requirements.txt", f"-e ./missing ; sys_platform == '{sys.platform}'\n")
    code, err = install(lock, venv, cwd=root)
    assert code != 0 and "does not exist" in err and "its markers hold here" in err, err


def test_names_and_forms_read_into_the_lock_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "proj"
    make_project(root / "edproj", "Ed.Proj")
    (root / "cfgproj").mkdir()
    (root / "cfgproj" / "setup.py").write_text("")
    (root / "cfgproj" / "setup.cfg").write_text("[metadata]\nname = cfg-proj\n")
    monkeypatch.chdir(root)
    lock = write(root / "requirements.txt", "-e ./edproj\ned-proj @ file:./edproj\n")
    with pytest.raises(LockFileError, match="ed-proj is listed twice"):
        read_requirements_lock(lock)  # once by its pyproject.toml name, once by the line's
    lock = write(root / "requirements.txt", "-e ./edproj\n./cfgproj[a, b] ; os_name == 'posix'\n"
                 f"-e {(root / 'sub').as_uri()}#egg=egged&subdirectory=../edproj\n")
    packages = {p.name: p for p in read_requirements_lock(lock).packages}
    assert set(packages) == {"ed-proj", "cfg-proj", "egged"}
    assert packages["ed-proj"].editable and packages["ed-proj"].directory == str(root / "edproj")
    assert packages["ed-proj"].version == "" and packages["ed-proj"].files == ()
    cfg = packages["cfg-proj"]
    assert not cfg.editable and cfg.extras == {"a", "b"} and cfg.marker == 'os_name == "posix"'
    assert packages["egged"].directory == str(root / "edproj")


def test_local_lines_are_refused_without_the_opt_in_and_in_constraints(tmp_path: Path) -> None:
    """Local lines are collected only by readers that opt in (``Inputs(local=[])``: the lock
    reader, and ``stackwise lock`` through ``gather(local=True)``); constraints never take them."""
    req = write(tmp_path / "requirements.in", "-e ./edproj\n")
    with pytest.raises(RequirementError, match="editable requirements"):
        read_requirements_file(str(req), Inputs())
    req = write(tmp_path / "requirements.in", "./edproj\n")
    with pytest.raises(RequirementError, match="Local paths"):
        read_requirements_file(str(req), Inputs())
    req = write(tmp_path / "constraints.txt", "-e ./edproj\n")
    with pytest.raises(RequirementError, match="editable requirements"):
        read_requirements_file(str(req), Inputs(local=[]), constraint=True)


def test_uv_pip_compile_output_installs_as_uv_installs_it(tmp_path: Path) -> None:
    """The lock real ``uv pip compile --generate-hashes`` writes for ``-e ./dir`` and ``./dir``
    inputs (hashed pins next to unhashed local lines) installs as ``uv pip install -r`` installs it."""
    uv = pytest.importorskip("uv", reason="uv is not installed")
    root = tmp_path / "proj"
    make_project(root / "edproj", "edproj", deps=["simplelib"])
    make_project(root / "sub" / "plainproj", "plainproj", "1.5")
    files = tmp_path / "files"
    build_wheel(files, "simplelib", "1.0")
    (root / "requirements.in").write_text("-e ./edproj\n./sub/plainproj\n")
    env = {**os.environ, "UV_NO_CONFIG": "1", "UV_CACHE_DIR": str(tmp_path / "uv-cache"), "UV_PYTHON_DOWNLOADS": "never"}

    def run_uv(*args: str) -> None:
        proc = subprocess.run([uv.find_uv_bin(), "pip", *args, "--no-index", "--find-links", str(files)],
                              capture_output=True, text=True, cwd=root, env=env)
        assert proc.returncode == 0, proc.stderr

    run_uv("compile", "--generate-hashes", "requirements.in", "-o", "requirements.txt")
    text = (root / "requirements.txt").read_text()
    assert "-e ./edproj\n" in text and "\n./sub/plainproj\n" in text and "--hash=sha256:" in text, text
    theirs = make_venv(tmp_path / "uv-venv")
    run_uv("install", "--python", str(venv_python(theirs)), "-r", "requirements.txt")
    ours = make_venv(tmp_path / "venv")
    code, err = install(root / "requirements.txt", ours, "--offline", "--find-links", str(files), cwd=root)
    assert code == 0, err
    assert pip(ours, "freeze") == pip(theirs, "freeze")
    assert installed_versions(ours) == {"edproj": "0.1", "plainproj": "1.5", "simplelib": "1.0"}
    # pip refuses this lock: any --hash turns on hash-checking mode, which refuses -e and directories
    refused = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_python(make_venv(tmp_path / "pip"))),
                              "install", "--no-deps", "--no-index", "--find-links", str(files), "-r", "requirements.txt"],
                             capture_output=True, text=True, cwd=root, env={**os.environ, "PIP_CONFIG_FILE": os.devnull})
    assert refused.returncode != 0 and "cannot be installed when requiring hashes" in refused.stderr, refused.stderr
