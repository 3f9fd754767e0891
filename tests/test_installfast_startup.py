"""A warm install of a plain requirements lock needs no PEP 508 parser.

Why: packaging's requirement parser (its tokenizer and specifiers compile their patterns on
import) was ~12 % of a warm ``stackwise install`` of ``name==version --hash=...`` lines
(docs/benchmarks.md); such a lock is read without it (tests/test_installfast_reader.py shows
it reads the same).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from support import build_wheel
from test_install import make_venv
from test_install_startup import _imported

PARSER = ["packaging.requirements", "packaging.specifiers", "packaging._tokenizer", "stackwise.reqfile"]


def test_a_plain_requirements_lock_installs_without_the_pep508_parser(tmp_path: Path) -> None:
    wheels = [build_wheel(tmp_path / "wh", name, "1.0") for name in ("alpha", "beta")]
    lock = tmp_path / "requirements.txt"
    lock.write_text("# a lock\n" + "".join(
        f"{w.name.split('-')[0]}==1.0 \\\n    --hash=sha256:{hashlib.sha256(w.read_bytes()).hexdigest()}\n"
        for w in wheels))
    common = [str(lock), "--offline", "--find-links", str(tmp_path / "wh"), "--cache-dir", str(tmp_path / "cache"), "-q"]
    _imported(["install", *common, "--target-venv", str(make_venv(tmp_path / "first"))], PARSER)  # fills the caches
    found = _imported(["install", *common, "--target-venv", str(make_venv(tmp_path / "warm"))], PARSER)
    assert list((tmp_path / "warm").glob("lib/python*/site-packages/beta-1.0.dist-info"))  # it did install
    assert found == []
    # and a lock the plain reader does not take (extras) still installs, through the full parser
    lock.write_text(lock.read_text().replace("alpha==1.0", "alpha[x]==1.0"))
    found = _imported(["install", *common, "--target-venv", str(make_venv(tmp_path / "extras"))], PARSER)
    assert list((tmp_path / "extras").glob("lib/python*/site-packages/alpha-1.0.dist-info"))
    assert "packaging.requirements" in found
