"""Locks for ``stackwise install`` whose markers or Requires-Python hold a version of
thousands of digits: they parse (packaging's grammar takes any number of digits), then every
comparison raised a ValueError (Python converts at most 4300 digits to an int), a traceback
once the lock was checked against the target. Each is now refused where the lock is read,
naming the file and the entry. And a Pipfile or a TUF trust root that is an endless device
(``-p /dev/zero``, ``--trust-root /dev/zero``) was read until the memory ran out; it is read up
to a limit, like every other input file. A real venv, the CLI in-process or in a child process.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackwise.cli import main
from test_hostile_sweep import one_error
from test_install import make_venv

HUGE = "9" * 5000
MARKER = f"python_version > '{HUGE}'"
SHA = "a" * 64


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_venv(tmp_path_factory.mktemp("venv") / "venv")


def install(lock: Path, venv: Path, tmp_path: Path) -> int:
    return main(["install", str(lock), "--dry-run", "--target-venv", str(venv), "--cache-dir", str(tmp_path / "cache")])


def pylock(tmp_path: Path, *, top: str = "", package: str = "") -> Path:
    path = tmp_path / "pylock.toml"
    path.write_text(f'lock-version = "1.0"\ncreated-by = "hand"\n{top}\n[[packages]]\nname = "alpha"\nversion = "1.0"\n'
                    f'{package}wheels = [{{name = "alpha-1.0-py3-none-any.whl", '
                    f'url = "http://127.0.0.1:9/alpha-1.0-py3-none-any.whl", hashes = {{sha256 = "{SHA}"}}}}]\n')
    return path


@pytest.mark.parametrize("top,package,needle", [
    (f'environments = ["{MARKER}"]', "", "environments"),
    ("", f'marker = "{MARKER}"\n', "packages[0] (alpha)"),
    (f'requires-python = ">={HUGE}"', "", "'requires-python'"),
], ids=["environments", "package-marker", "requires-python"])
def test_a_pylock_with_a_version_of_thousands_of_digits(venv, tmp_path, capsys, top, package, needle):
    lock = pylock(tmp_path, top=top, package=package)
    one_error(install(lock, venv, tmp_path), capsys.readouterr().err, str(lock), needle)


def test_a_pipfile_lock_marker_with_a_version_of_thousands_of_digits(venv, tmp_path, capsys):
    lock = tmp_path / "Pipfile.lock"
    lock.write_text(json.dumps({
        "_meta": {"pipfile-spec": 6, "sources": [], "hash": {}, "requires": {}},
        "default": {"alpha": {"version": "==1.0", "hashes": [f"sha256:{SHA}"], "markers": MARKER}}, "develop": {}}))
    err = one_error(install(lock, venv, tmp_path), capsys.readouterr().err, "default.alpha", "invalid markers",
                    "more digits")
    assert err.count("\n") == 1  # one line: packaging's caret lines are left out


def test_a_requirements_lock_marker_with_a_version_of_thousands_of_digits(venv, tmp_path, capsys):
    lock = tmp_path / "requirements.txt"
    lock.write_text(f"alpha==1.0 ; {MARKER} --hash=sha256:{SHA}\n")
    one_error(install(lock, venv, tmp_path), capsys.readouterr().err, "requirements.txt:1", "more digits")


def _capped_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))  # a MemoryError, not the machine's memory


@pytest.mark.parametrize("args", [["lock", "--format", "pipfile-lock", "-p", "/dev/zero"],
                                  ["scores", "pull", "--from", "http://127.0.0.1:9", "--trust-root", "/dev/zero"]],
                         ids=["pipfile", "trust-root"])
def test_an_endless_device_as_a_pipfile_or_trust_root(tmp_path, args):
    """Both were read whole: until the memory ran out (a MemoryError traceback under a limit)."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "stackwise", *args, "-o", str(tmp_path / "out"),
                           "--cache-dir", str(tmp_path / "cache")], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, preexec_fn=_capped_memory)
    one_error(proc.returncode, proc.stderr, "/dev/zero", "device or pipe")
    assert not (tmp_path / "out").exists()
