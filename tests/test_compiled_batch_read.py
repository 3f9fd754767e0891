"""A compiled score file's rules are decoded in one batch per query (knowledge/compiled.py).

The batch joins the stored JSON texts into one array, so a record altered inside the index
into something other than exactly one JSON value must still be found corrupt (and the index
rebuilt from the file), never shift the other rules onto the wrong records.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from stackwise.knowledge.compiled import (
    COMPILE_MIN_BYTES,
    DIR_NAME,
    CompiledScoreFile,
    open_score_file,
)
from stackwise.knowledge.scorefile import load_score_file


@pytest.fixture
def big(tmp_path: Path) -> Path:
    rules = [{"id": f"r/{i}", "package": f"project-{i % 400}", "specifier": f"<{i % 9 + 1}.0",
              "score": round(((i * 37) % 200 - 100) / 100, 2) or 0.5, "category": "stability",
              "message": f"rule {i}", "link": "https://example.org/r", "source": "tests"} for i in range(8000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "revision": "b", "rules": rules}))
    assert path.stat().st_size >= COMPILE_MIN_BYTES
    return path


def test_batched_rules_equal_the_files(big: Path, tmp_path: Path) -> None:
    kb = open_score_file(big, tmp_path / "cache")
    kb = open_score_file(big, tmp_path / "cache")  # from the index
    assert isinstance(kb, CompiledScoreFile)
    direct = load_score_file(big)
    names = [f"project-{i}" for i in range(0, 400, 3)]
    kb.prefetch(names)  # one query per 500 names, one decode each
    for name in names:
        assert kb.for_package(name) == direct.for_package(name), name


@pytest.mark.parametrize("doc", [
    '{"id": "x/1", "package": "project-7", "score": 0.1, "category": "stability", "message": "m", '
    '"link": "https://example.org/x", "source": "t"}, {"id": "x/2", "package": "project-7", "score": 0.2, '
    '"category": "stability", "message": "m", "link": "https://example.org/x", "source": "t"}',  # two values
    "",  # none
    "1],[2",  # breaks out of the array
])
def test_a_record_that_is_not_one_json_value_rebuilds_the_index(big: Path, tmp_path: Path, doc: str) -> None:
    warnings: list[str] = []
    cache = tmp_path / "cache"
    kb = open_score_file(big, cache, warnings.append)
    (index,) = (cache / DIR_NAME).glob("*.sqlite3")
    db = sqlite3.connect(index)
    with db:
        seq = db.execute("SELECT min(seq) FROM rules WHERE name = 'project-7'").fetchone()[0]
        assert db.execute("UPDATE rules SET doc = ? WHERE name = 'project-7' AND seq = ?", (doc, seq)).rowcount == 1
    db.close()
    direct = load_score_file(big)
    kb.prefetch(["project-6", "project-7", "project-8"])
    for name in ("project-6", "project-7", "project-8"):
        assert kb.for_package(name) == direct.for_package(name), name
    assert len(warnings) == 1 and "is corrupt" in warnings[0], warnings
