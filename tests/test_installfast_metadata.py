"""Installed distributions' Name and Version read as email's HeaderParser reads them.

Why: ``stackwise install`` into an environment that already holds the lock reads every
installed METADATA and nothing else; reading the plain headers itself spares importing the
email package (see :func:`stackwise.install.target.name_and_version`). Whatever the file
holds, the answer must be HeaderParser's.
"""

from __future__ import annotations

import hashlib
import random
from email.parser import HeaderParser
from pathlib import Path

import pytest

from stackwise.install.target import name_and_version
from support import build_wheel
from test_install import make_venv
from test_install_startup import _imported

SHAPES = [
    "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\nSummary: x\n\nbody\nName: other\n",
    "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0",
    "Name:alpha\nVersion:\t1.0 \n",
    "name: Alpha_Pkg\nVERSION: 2!1.0+local\n",
    "Name: alpha\nName: beta\nVersion: 1\nVersion: 2\n",
    "Name: alpha\n  folded\nVersion: 1.0\n",
    "Name: alpha\nVersion: 1.0\n\tfolded\n",
    "Summary: s\n folded summary\nName: alpha\nVersion: 1.0\n",
    " leading continuation\nName: alpha\nVersion: 1.0\n",
    "Name: alpha\r\nVersion: 1.0\r\n\r\n",
    "Name: alpha\rVersion: 1.0\r",
    "Name: alpha\x0cVersion: 1.0\n",
    "Summary: a\x0bName: beta\nName: alpha\nVersion: 1.0\n",
    "Summary: a\n x\x1cVersion: 9\nName: alpha\nVersion: 1.0\n",
    "From nobody\nName: alpha\nVersion: 1.0\n",
    "Name: alpha\nFrom x\nVersion: 1.0\n",
    "Name : alpha\nVersion: 1.0\n",
    "Name alpha\nVersion: 1.0\n",
    ":odd\nName: alpha\nVersion: 1.0\n",
    "Name: alpha\nnot a header line\nVersion: 1.0\n",
    "Name: alpha\n\nVersion: 1.0\n",
    "\nName: alpha\nVersion: 1.0\n",
    "",
    "\n",
    "Name: \nVersion: 1.0\n",
    "Name: alpha\nVersion:\n",
    "Name: álpha\nVersion: 1.0\n",
    "Näme: alpha\nName: beta\nVersion: 1.0\n",
    "Name: alpha\nVersion: 1.0\u2028Version: 2\n",
    "Name: alpha\nVersion: 1.0\x85\n",
    "Name: al\ufffdpha\nVersion: 1.0\n",
]


def _email(text: str) -> tuple[str | None, str | None]:
    headers = HeaderParser().parsestr(text, headersonly=True)
    return headers.get("Name"), headers.get("Version")


@pytest.mark.parametrize("text", SHAPES)
def test_each_shape_reads_as_email_reads_it(text: str) -> None:
    assert name_and_version(text) == _email(text)


def test_random_headers_read_as_email_reads_them() -> None:
    pieces = ["Name", "Version", "name", "Summary", ":", ": ", " ", "\t", "\n", "\r", "\r\n", "\x0c", "alpha",
              "1.0", "From ", "é", "\n ", "\n\t", "\n\n", "x-y", "\x1d", "Requires-Dist: b\n"]
    rnd = random.Random(16)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30)))
        if rnd.random() < 0.5:
            text = "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\n" + text
        assert name_and_version(text) == _email(text), repr(text)


def test_an_up_to_date_environment_is_checked_without_the_email_package(tmp_path: Path) -> None:
    wheels = [build_wheel(tmp_path / "wh", name, "1.0") for name in ("alpha", "beta")]
    lock = tmp_path / "requirements.txt"
    lock.write_text("".join(f"{w.name.split('-')[0]}==1.0 --hash=sha256:{hashlib.sha256(w.read_bytes()).hexdigest()}\n"
                            for w in wheels))
    venv = make_venv(tmp_path / "venv")
    args = ["install", str(lock), "--offline", "--find-links", str(tmp_path / "wh"), "--cache-dir",
            str(tmp_path / "cache"), "-q", "--target-venv", str(venv)]
    watch = ["email", "email.parser", "installer", "stackwise.index.config"]
    assert "installer" in _imported(args, watch)  # installs
    assert _imported(args, watch) == []  # already installed: nothing of that is needed


def test_a_bad_command_line_option_is_an_error_even_when_nothing_is_installed(tmp_path: Path, capsys) -> None:
    """The early return for an up-to-date environment still checks the command line's own values."""
    from stackwise.cli import main

    wheel = build_wheel(tmp_path / "wh", "alpha", "1.0")
    lock = tmp_path / "requirements.txt"
    lock.write_text(f"alpha==1.0 --hash=sha256:{hashlib.sha256(wheel.read_bytes()).hexdigest()}\n")
    venv = make_venv(tmp_path / "venv")
    base = ["install", str(lock), "--offline", "--find-links", str(tmp_path / "wh"), "--cache-dir",
            str(tmp_path / "cache"), "-q", "--target-venv", str(venv)]
    assert main(base) == 0  # installs
    capsys.readouterr()
    for bad in (["--only-binary", "not a name!"], ["--trusted-host", "http://"]):
        assert main([*base, *bad]) != 0, bad  # up to date, but the value is still refused
        err = capsys.readouterr().err
        assert "error" in err and "Traceback" not in err, err
