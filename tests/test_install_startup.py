"""``stackwise install``'s start-up imports only what the lock in hand needs.

Why: a warm install does ~0.04 s of work after ~0.06 s of Python start-up and imports
(docs/benchmarks.md, "Installs against uv"), so every module it imports without using is a
visible share of the run. A real warm install runs in a child process (a fresh interpreter,
so earlier tests' imports do not count) and reports which of the watched modules it loaded.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import build_wheel
from test_install import make_venv

#: never needed by a warm install of a requirements.txt or pylock.toml lock
ALWAYS_UNUSED = ["stackwise.api", "stackwise.options", "stackwise.install.local", "stackwise.lockfiles.pipfile",
                 "stackwise.index.client", "requests", "concurrent.futures"]
#: needed only for markers, requires-python or PEP 508 lines (not in a plain pylock.toml)
MARKERS = ["packaging.markers", "packaging.specifiers", "packaging.requirements", "stackwise.reqfile"]

_RUN = """
import json, runpy, sys
sys.argv = ["stackwise", *json.loads(sys.argv[1])]
try:
    runpy.run_module("stackwise", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
print(json.dumps([code, sorted(m for m in json.loads(sys.argv_watch) if m in sys.modules)]))
"""


def _imported(args: list[str], watch: list[str]) -> list[str]:
    code = _RUN.replace("sys.argv_watch", repr(json.dumps(watch)))
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    status, found = json.loads(proc.stdout.strip().splitlines()[-1])
    assert status in (0, None), proc.stderr
    return found


@pytest.fixture
def wheels(tmp_path: Path) -> list[Path]:
    return [build_wheel(tmp_path / "wh", name, "1.0") for name in ("alpha", "beta")]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", ["requirements", "pylock"])
def test_a_warm_install_imports_only_what_its_lock_needs(tmp_path: Path, wheels: list[Path], kind: str) -> None:
    if kind == "requirements":
        lock = tmp_path / "requirements.txt"
        lock.write_text("".join(f"{w.name.split('-')[0]}==1.0 --hash=sha256:{_sha(w)}\n" for w in wheels))
    else:
        lock = tmp_path / "pylock.toml"
        lock.write_text('lock-version = "1.0"\ncreated-by = "hand"\n\n' + "".join(
            f'[[packages]]\nname = "{w.name.split("-")[0]}"\nversion = "1.0"\n'
            f'wheels = [{{name = "{w.name}", path = "{w}", hashes = {{sha256 = "{_sha(w)}"}}}}]\n\n' for w in wheels))
    common = [str(lock), "--offline", "--find-links", str(tmp_path / "wh"), "--cache-dir", str(tmp_path / "cache"), "-q"]
    watch = ALWAYS_UNUSED + MARKERS
    _imported(["install", *common, "--target-venv", str(make_venv(tmp_path / "first"))], watch)  # fills the caches
    found = _imported(["install", *common, "--target-venv", str(make_venv(tmp_path / "warm"))], watch)
    assert list((tmp_path / "warm").glob("lib/python*/site-packages/alpha-1.0.dist-info"))  # it did install
    unused = ALWAYS_UNUSED + (MARKERS if kind == "pylock" else [])
    assert [m for m in found if m in unused] == []
