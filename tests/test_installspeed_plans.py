"""Plans remembered in the unpacked-wheel cache: a venv made again at the same path skips installer.

Real venvs, real wheels from a local wheelhouse, the CLI in a child process (as in
tests/test_install_cache.py, whose helpers these are). What is checked: the remembered plan
gives exactly the files installer's planning gives, it is used only for the same target (a
venv elsewhere gets its own interpreter in its scripts), and a damaged or forged plan file is
never used as it is: a changed byte is a miss, a plan reaching outside the target or naming a
file that is not in the entry is refused, and ``--rehash`` plans with installer again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from support import build_wheel
from test_install_cache import (
    hashed_lock,
    hello,
    make_venv,
    pip_check,
    record_matches_files,
    run_install,
    site,
)
from test_install_startup import _imported

FILES = {
    "toolpkg-1.0.dist-info/entry_points.txt": "[console_scripts]\ntoolpkg-hello = toolpkg:main\n",
    "toolpkg/__init__.py": 'from toolpkg.data import GREETING\n\ndef main():\n    print(GREETING)\n',
    "toolpkg/data.py": 'GREETING = "hello from toolpkg 1.0"\n',
    "toolpkg-1.0.data/scripts/toolpkg-sh": "#!python\nprint('from a .data script')\n",
}


@pytest.fixture
def setup(tmp_path: Path) -> tuple[list[str], Path, Path]:
    """(install arguments without the target, the cache, the venv path)."""
    wheelhouse = tmp_path / "wheelhouse"
    build_wheel(wheelhouse, "toolpkg", "1.0", ["helper"], files=FILES)
    build_wheel(wheelhouse, "helper", "2.0")
    lock = hashed_lock(wheelhouse, tmp_path / "requirements.txt")
    cache = tmp_path / "cache"
    args = [str(lock), "--offline", "--find-links", str(wheelhouse), "--cache-dir", str(cache), "-q"]
    return args, cache, tmp_path / "venv"


def snapshot(venv: Path) -> dict[str, tuple[bytes, bool]]:
    """Every installed file (bytes, executable) by its path in the venv, the venv's own files left out."""
    out = {}
    for path in [*site(venv).rglob("*"), *(venv / "bin").glob("toolpkg*")]:
        if path.is_file() and "__pycache__" not in path.parts:
            out[str(path.relative_to(venv))] = (path.read_bytes(), os.access(path, os.X_OK))
    return out


def plans(cache: Path) -> dict[str, Path]:
    """The remembered plan of each cache entry, by wheel."""
    return {json.loads((p.parent / "manifest.json").read_text())["wheel"]: p
            for p in (cache / "wheels-unpacked").glob("*/*/plan.json")}


def rewrite(plan: Path, change) -> None:
    """Change a plan's body and give it a matching digest (as only someone writing the cache could)."""
    head, body = plan.read_bytes().split(b"\n", 1)
    key = head.split(b" ")[0]
    data = json.loads(body)
    change(data)
    body = json.dumps(data).encode()
    plan.write_bytes(key + b" " + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def test_a_venv_made_again_at_the_same_path_gets_the_same_files_without_installer(setup) -> None:
    args, cache, venv = setup
    target = ["--target-venv", str(make_venv(venv))]
    assert "installer" in _imported(["install", *args, *target], ["installer"])
    first = snapshot(venv)
    assert set(plans(cache)) == {"toolpkg-1.0-py3-none-any.whl", "helper-2.0-py3-none-any.whl"}
    shutil.rmtree(venv)
    make_venv(venv)
    # every plan remembered: installer is not run, and nothing only a miss or an error needs is imported
    assert _imported(["install", *args, *target], ["installer", "zipfile", "tempfile", "uuid", "stackwise._text"]) == []
    assert snapshot(venv) == first  # RECORD, INSTALLER, both scripts, byte for byte
    assert hello(venv) == "hello from toolpkg 1.0"
    assert (venv / "bin" / "toolpkg-sh").read_bytes().startswith(f"#!{venv}/bin/python".encode())
    pip_check(venv)
    record_matches_files(venv)


def test_a_venv_elsewhere_is_planned_for_its_own_interpreter(setup, tmp_path: Path) -> None:
    args, cache, venv = setup
    assert run_install(*args, "--target-venv", str(make_venv(venv)))[0] == 0
    remembered = plans(cache)["toolpkg-1.0-py3-none-any.whl"].read_bytes()
    other = make_venv(tmp_path / "other")
    code, err = run_install(*args, "--target-venv", str(other))
    assert code == 0, err
    assert plans(cache)["toolpkg-1.0-py3-none-any.whl"].read_bytes() != remembered  # the last target's
    for script in ("toolpkg-hello", "toolpkg-sh"):
        assert (other / "bin" / script).read_bytes().startswith(f"#!{other}/bin/python".encode())
    assert hello(other) == "hello from toolpkg 1.0"
    record_matches_files(other)


def test_a_damaged_plan_is_a_miss_and_is_made_again(setup) -> None:
    args, cache, venv = setup
    target = ["--target-venv", str(make_venv(venv))]
    assert run_install(*args, *target)[0] == 0
    first = snapshot(venv)
    plan = plans(cache)["toolpkg-1.0-py3-none-any.whl"]
    good = plan.read_bytes()
    plan.write_bytes(good.replace(b"toolpkg-hello", b"toolpkg-hellO"))  # bit rot: the digest no longer matches
    shutil.rmtree(venv)
    make_venv(venv)
    assert "installer" in _imported(["install", *args, *target], ["installer"])
    assert snapshot(venv) == first
    assert plan.read_bytes() == good


@pytest.mark.parametrize("forgery", ["outside", "not-a-member", "unknown-scheme"])
def test_a_forged_plan_cannot_reach_outside_the_target_or_the_entry(setup, tmp_path: Path, forgery: str) -> None:
    args, cache, venv = setup
    target = ["--target-venv", str(make_venv(venv))]
    assert run_install(*args, *target)[0] == 0
    first = snapshot(venv)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the venv")

    def change(data: dict) -> None:
        if forgery == "outside":
            data["files"].append(["purelib", "../../../../escaped.py", None, "cHJpbnQoKQ==", False])
        elif forgery == "not-a-member":
            data["files"].append(["purelib", "toolpkg/stolen.txt", str(secret), None, False])
        else:
            data["files"].append(["/", "x.py", None, "cHJpbnQoKQ==", False])

    rewrite(plans(cache)["toolpkg-1.0-py3-none-any.whl"], change)
    shutil.rmtree(venv)
    make_venv(venv)
    code, err = run_install(*args, *target)
    assert code == 0, err
    assert snapshot(venv) == first  # planned with installer instead
    assert not list(tmp_path.rglob("escaped.py")) and not list(tmp_path.rglob("stolen.txt"))


def test_rehash_plans_with_installer_again(setup) -> None:
    args, cache, venv = setup
    target = ["--target-venv", str(make_venv(venv))]
    assert run_install(*args, *target)[0] == 0
    first = snapshot(venv)

    def change(data: dict) -> None:
        import base64

        for row in data["files"]:
            if row[1] == "toolpkg-hello":
                row[3] = base64.b64encode(b"#!/bin/sh\necho forged\n").decode()

    rewrite(plans(cache)["toolpkg-1.0-py3-none-any.whl"], change)
    shutil.rmtree(venv)
    make_venv(venv)
    assert "installer" in _imported(["install", *args, *target, "--rehash"], ["installer"])
    assert snapshot(venv) == first
    assert hello(venv) == "hello from toolpkg 1.0"
