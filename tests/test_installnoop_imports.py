"""An install into an environment that already holds the lock imports none of the installer.

Why: taking the prefix lock and recovering an interrupted install (:mod:`stackwise.install.journal`)
are all that path needs of the install journal; :mod:`stackwise.install.destination` brought the
unpacked-wheel cache, ``tempfile``, ``csv`` and ``importlib.util`` with it (~5 % of an up-to-date
install's instructions, docs/benchmarks.md), and the format/trusted-host checks' modules are
needed only when those options are given. Their errors stay the same (tests/test_install*.py).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from support import build_wheel
from test_install import make_venv
from test_install_startup import _imported

INSTALLER = ["stackwise.install.destination", "stackwise.install.unpacked", "tempfile", "csv",
             "stackwise.index.formats", "stackwise.commands.options"]


def _lock(tmp_path: Path) -> list[str]:
    wheels = [build_wheel(tmp_path / "wh", name, "1.0") for name in ("alpha", "beta")]
    lock = tmp_path / "requirements.txt"
    lock.write_text("".join(f"{w.name.split('-')[0]}==1.0 --hash=sha256:{hashlib.sha256(w.read_bytes()).hexdigest()}\n"
                            for w in wheels))
    return [str(lock), "--offline", "--find-links", str(tmp_path / "wh"), "--cache-dir", str(tmp_path / "cache"), "-q",
            "--target-venv", str(make_venv(tmp_path / "venv"))]


def test_an_up_to_date_install_imports_none_of_the_installer(tmp_path: Path) -> None:
    args = _lock(tmp_path)
    assert "stackwise.install.destination" in _imported(["install", *args], INSTALLER)  # the first one installs
    assert list((tmp_path / "venv").glob("lib/python*/site-packages/beta-1.0.dist-info"))
    assert _imported(["install", *args], INSTALLER) == []  # nothing to do


def test_an_up_to_date_install_still_checks_its_command_line(tmp_path: Path) -> None:
    args = _lock(tmp_path)
    assert _imported(["install", *args], INSTALLER)  # installs
    for bad, said in ((["--only-binary", ":bogus:"], ":bogus:"), (["--trusted-host", "a b"], "a b")):
        proc = subprocess.run([sys.executable, "-m", "stackwise", "install", *args, *bad],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode != 0 and said in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    # given and valid, they are taken (nothing to do still)
    assert _imported(["install", *args, "--only-binary", ":all:", "--trusted-host", "localhost"], []) == []
