"""An install into a new venv from warm caches imports no more than it uses (issue #16).

Why: such an install (wheels already unpacked and planned in the cache, the target's probe
remembered, the venv made again at the same path) imported ``packaging.utils``/``.tags``/``.version``
(with ``logging``, ``platform``, ``subprocess``: ~100 M of its ~320 M instructions) through the
index configuration and the file choice, OpenSSL's ``hashlib`` for a few small digests, ``typing``
for annotations, the status ticker on a pipe, and ``argparse`` for one action class of an option
that it reads without argparse. The watched modules must stay out, so that a later import line
cannot quietly bring the cost back; what is installed is checked as well.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from support import build_wheel
from test_install import installed_versions, make_venv
from test_install_startup import _imported

#: never needed by a warm wheel install into a --target-venv (resolver, knowledge, index client too)
UNUSED = ["packaging.tags", "packaging.utils", "packaging.version", "logging", "platform", "subprocess", "sysconfig",
          "typing", "hashlib", "csv", "argparse", "stackwise._progress", "stackwise.resolve", "stackwise.knowledge",
          "stackwise.index.client", "stackwise.api", "requests", "installer"]


def test_a_warm_install_into_a_new_venv_imports_none_of_them(tmp_path: Path) -> None:
    files = {"alpha/__init__.py": "def main():\n    print('hi')\n",
             "alpha-1.0.dist-info/entry_points.txt": "[console_scripts]\nalpha-cli = alpha:main\n"}
    wheels = [build_wheel(tmp_path / "wh", "alpha", "1.0", files=files), build_wheel(tmp_path / "wh", "beta", "1.0")]
    lock = tmp_path / "requirements.txt"
    lock.write_text("".join(f"{w.name.split('-')[0]}==1.0 --hash=sha256:{hashlib.sha256(w.read_bytes()).hexdigest()}\n"
                            for w in wheels))
    common = ["install", str(lock), "--offline", "--find-links", str(tmp_path / "wh"), "--cache-dir",
              str(tmp_path / "cache"), "-q"]
    venv = tmp_path / "venv"
    first = _imported([*common, "--target-venv", str(make_venv(venv))], UNUSED)  # fills the caches
    assert "installer" in first  # (the watch list sees what a cold run imports)
    before = installed_versions(venv)
    shutil.rmtree(venv)  # a new venv at the same path, as benchmarks/install_noop.py --fresh-venv makes
    found = _imported([*common, "--target-venv", str(make_venv(venv))], UNUSED)
    assert found == []
    assert installed_versions(venv) == before == {"alpha": "1.0", "beta": "1.0"}
    assert (venv / "bin" / "alpha-cli").is_file()
    assert _imported([*common, "--target-venv", str(venv)], UNUSED) == []  # and when it is up to date
