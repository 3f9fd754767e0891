"""The swap of ``stackwise install`` without a staging copy: new folders made in place, journaled.

What is new to the target is created directly in it (one ``place`` journal line per new
top-level folder or file, flushed before it is made) instead of being built in a staging tree
and renamed. These tests hold that change to what the staging copy guaranteed: the files are
exactly those PyPA ``installer`` writes itself (RECORD, INSTALLER, scripts, ``.data``), a run
killed half-way through creating them is rolled back by the next run, a failure is rolled back
at once, and real pip lists, checks and uninstalls the result. Real venvs, real wheels, the CLI
in a child process.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from support import build_wheel
from test_install_cache import hashed_lock

DATA_FILES = {
    "datapkg/__init__.py": "def main():\n    print('hello from datapkg')\n",
    "datapkg/sub/deep/mod.py": "X = 1\n",
    "datapkg/__pycache__/stale.cpython-311.pyc": "not bytecode\n",  # installer never installs these
    "nsroot/a/__init__.py": "A = 1\n",  # a folder two packages share
    "datapkg-1.0.data/scripts/runme": "#!python\nprint('run me')\n",
    "datapkg-1.0.data/data/share/datapkg/notes.txt": "shared data\n",
    "datapkg-1.0.data/headers/datapkg.h": "#define DATAPKG 1\n",
    "datapkg-1.0.data/purelib/datapkg_extra.py": "EXTRA = True\n",
    "datapkg-1.0.dist-info/entry_points.txt": "[console_scripts]\ndatapkg-hello = datapkg:main\n",
}
OTHER_FILES = {"nsroot/b/__init__.py": "B = 2\n", "other/__init__.py": ""}


def make_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return path


def env() -> dict[str, str]:
    return {**os.environ, "PIP_CONFIG_FILE": os.devnull, "STACKWISE_CONFIG_FILE": os.devnull}


def run_install(*argv: str, script: str | None = None) -> subprocess.CompletedProcess[str]:
    """``stackwise install ...`` in a child process, optionally with ``script`` run first (to inject faults)."""
    if script is None:
        cmd = [sys.executable, "-m", "stackwise", "install", *argv]
    else:
        cmd = [sys.executable, "-c", script + "from stackwise.cli import main\nsys.exit(main(sys.argv[1:]))\n", "install", *argv]
    return subprocess.run(cmd, capture_output=True, text=True, env=env())


def snapshot(venv: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under the venv (bytecode aside): content hash and permission bits."""
    out: dict[str, tuple[str, int]] = {}
    for p in sorted(venv.rglob("*")):
        if "__pycache__" in p.parts or p.name.startswith(".stackwise-install-"):
            continue
        mode = stat.S_IMODE(p.lstat().st_mode)
        digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else "dir"
        out[str(p.relative_to(venv))] = (digest, mode)
    return out


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "own-cache"))


@pytest.fixture
def wheelhouse(tmp_path: Path) -> Path:
    files = tmp_path / "wheelhouse"
    build_wheel(files, "datapkg", "1.0", ["other"], files=DATA_FILES)
    build_wheel(files, "other", "2.0", files=OTHER_FILES)
    build_wheel(files, "simple", "3.0")
    return files


@pytest.fixture
def lock(tmp_path: Path, wheelhouse: Path) -> Path:
    return hashed_lock(wheelhouse, tmp_path / "requirements.txt")


def install_args(lock: Path, wheelhouse: Path, venv: Path) -> list[str]:
    return [str(lock), "--offline", "--find-links", str(wheelhouse), "--target-venv", str(venv)]


# the swap makes large installs on several threads: forced here for these small wheels
THREADED = "import sys\nimport stackwise.install.destination as d\nd._PARALLEL_FROM = 1\n"


@pytest.mark.parametrize("threaded", [False, True])
def test_files_are_exactly_what_pypa_installer_writes(tmp_path: Path, wheelhouse: Path, lock: Path, threaded: bool) -> None:
    """Same paths, bytes and modes as PyPA installer's own destination, in the same venv path:
    RECORD (root files planned from the manifest, the rest by installer), INSTALLER, the
    console script, the rewritten ``#!python`` script, every ``.data`` scheme, no bytecode."""
    from installer import install
    from installer.destinations import SchemeDictionaryDestination
    from installer.sources import WheelFile

    from stackwise.install.target import InstallTarget

    venv = make_venv(tmp_path / "venv")
    for _ in range(2):  # the first run unpacks into the cache; the second installs from it (the warm path)
        proc = run_install(*install_args(lock, wheelhouse, venv), script=THREADED if threaded else None)
        assert proc.returncode == 0, proc.stderr
        ours = snapshot(venv)
        shutil.rmtree(venv)
        make_venv(venv)
    target = InstallTarget.venv(venv)
    for wheel in sorted(wheelhouse.glob("*.whl")):
        name = wheel.name.split("-")[0]
        scheme = dict(target.scheme, headers=os.path.join(target.scheme["headers"], name))
        dest = SchemeDictionaryDestination(scheme, interpreter=str(venv / "bin" / "python"), script_kind="posix")
        with WheelFile.open(wheel) as source, warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # installer's note about the __pycache__ member
            install(source, dest, {"INSTALLER": b"stackwise\n"})
    theirs = snapshot(venv)
    assert ours == theirs
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert (site / "nsroot" / "a").is_dir() and (site / "nsroot" / "b").is_dir()
    assert not (site / "datapkg" / "__pycache__").exists()


def test_real_pip_lists_checks_and_uninstalls(tmp_path: Path, wheelhouse: Path, lock: Path) -> None:
    venv = make_venv(tmp_path / "venv")
    for _ in range(2):  # cold, then warm into a fresh venv
        shutil.rmtree(venv)
        make_venv(venv)
        proc = run_install(*install_args(lock, wheelhouse, venv))
        assert proc.returncode == 0, proc.stderr
    assert not list(venv.glob(".stackwise-install-*"))
    out = subprocess.run([str(venv / "bin" / "datapkg-hello")], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "hello from datapkg"
    runme = venv / "bin" / "runme"  # not executable in the wheel, so not here either (as installer does)
    assert runme.read_text(encoding="utf-8").splitlines()[0] == f"#!{venv / 'bin' / 'python'}"
    out = subprocess.run([str(venv / "bin" / "python"), str(runme)], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "run me"
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "--disable-pip-version-check"]
    listed = subprocess.run([*pip, "list", "--format", "freeze"], capture_output=True, text=True, check=True, env=env())
    assert {"datapkg==1.0", "other==2.0", "simple==3.0"} <= set(listed.stdout.split()), listed.stdout
    assert "WARNING" not in listed.stderr.upper(), listed.stderr
    subprocess.run([*pip, "check"], capture_output=True, check=True, env=env())
    subprocess.run([*pip, "uninstall", "-y", "datapkg", "other", "simple"], capture_output=True, check=True, env=env())
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert [p for p in site.rglob("*") if not p.is_dir()] == []  # (pip leaves the shared, empty nsroot/ folder)
    assert not (venv / "bin" / "datapkg-hello").exists() and not (venv / "bin" / "runme").exists()


KILL_AFTER_PLACES = """\
import os, signal, sys
import stackwise.install.destination as d
orig = d.place
count = [0]
def place(src, dst, *, link):
    orig(src, dst, link=link)
    count[0] += 1
    if count[0] == {n}:
        os.kill(os.getpid(), signal.SIGKILL)
d.place = place
"""


@pytest.mark.parametrize("n", [1, 4])
def test_killed_while_creating_new_folders_is_rolled_back_by_the_next_run(
    tmp_path: Path, wheelhouse: Path, lock: Path, n: int
) -> None:
    """SIGKILL while files are being linked straight into a fresh venv: half a package is in
    place, no dist-info yet; the journal names every folder it made, and the next run removes them."""
    venv = make_venv(tmp_path / "venv")
    assert run_install(*install_args(lock, wheelhouse, venv)).returncode == 0  # fills the caches
    shutil.rmtree(venv)
    make_venv(venv)
    before = snapshot(venv)
    proc = run_install(*install_args(lock, wheelhouse, venv), script=KILL_AFTER_PLACES.replace("{n}", str(n)))
    assert proc.returncode == -9, proc.stderr
    assert list(venv.glob(".stackwise-install-*")), "the journal survived the kill"
    assert snapshot(venv) != before  # half-made
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert not list(site.glob("*.dist-info"))  # each dist-info comes last

    proc = run_install(*install_args(lock, wheelhouse, venv), "--dry-run")
    assert proc.returncode == 0 and "rolled back an interrupted install" in proc.stderr, proc.stderr
    assert snapshot(venv) == before
    assert not list(venv.glob(".stackwise-install-*"))
    proc = run_install(*install_args(lock, wheelhouse, venv))
    assert proc.returncode == 0 and "installed 3" in proc.stderr, proc.stderr


FAIL_AFTER_PLACES = """\
import errno, sys
import stackwise.install.destination as d
orig = d.place
count = [0]
def place(src, dst, *, link):
    count[0] += 1
    if count[0] == 5:
        raise OSError(errno.ENOSPC, "No space left on device", dst)
    orig(src, dst, link=link)
d.place = place
"""


@pytest.mark.parametrize("threaded", [False, True])
def test_a_failure_while_creating_files_rolls_everything_back(
    tmp_path: Path, wheelhouse: Path, lock: Path, threaded: bool
) -> None:
    venv = make_venv(tmp_path / "venv")
    before = snapshot(venv)
    proc = run_install(*install_args(lock, wheelhouse, venv), script=FAIL_AFTER_PLACES + (THREADED if threaded else ""))
    assert proc.returncode == 1, proc.stderr
    assert "No space left on device" in proc.stderr and "rolled back" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(venv) == before
    assert not list(venv.glob(".stackwise-install-*"))


def test_a_file_in_the_way_of_a_new_folder_is_refused_and_rolled_back(
    tmp_path: Path, wheelhouse: Path, lock: Path
) -> None:
    venv = make_venv(tmp_path / "venv")
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "nsroot").write_text("a file where a package folder goes\n", encoding="utf-8")
    before = snapshot(venv)
    proc = run_install(*install_args(lock, wheelhouse, venv))
    assert proc.returncode == 1 and "a file is in the way of a directory" in proc.stderr, proc.stderr
    assert snapshot(venv) == before
    assert not list(venv.glob(".stackwise-install-*"))
