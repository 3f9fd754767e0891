"""The score file's ``evidence`` field and ``stackwise kb stats``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.errors import ScoreFileError
from stackwise.knowledge.scorefile import MAX_EVIDENCE_BYTES, dump_score_file, loads


def _doc(**extra: object) -> str:
    rule = {"id": "r1", "package": "liba", "specifier": "<1.5", "with": {"package": "libb", "specifier": ">=2"},
            "veto": True, "category": "stability", "message": "m", "link": "https://example.org/r1",
            "source": "inspection", **extra}
    return json.dumps({"format": "stackwise-scores", "version": 1, "rules": [rule]})


def test_evidence_round_trips(tmp_path: Path) -> None:
    evidence = {"kind": "inspection", "inspections": ["i-1", "i-2"], "signature": "ImportError: x",
                "environment": {"python_minor": "3.11"}, "confirmed": True}
    kb = loads(_doc(evidence=evidence), "t")
    assert kb.rules[0].evidence == evidence
    out = tmp_path / "s.json"
    dump_score_file(kb, out)
    again = loads(out.read_text(), "again")
    assert again.rules[0].evidence == evidence
    assert again.rules[0] == kb.rules[0]  # evidence never changes what a rule is


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ("a string", '"evidence" must be an object'),
        ({"inspections": []}, 'needs a non-empty string "kind"'),
        ({"kind": "x", "blob": "y" * MAX_EVIDENCE_BYTES}, "at most"),
    ],
)
def test_bad_evidence_is_a_clear_error(evidence: object, message: str) -> None:
    with pytest.raises(ScoreFileError) as info:
        loads(_doc(evidence=evidence), "bad.json")
    assert message in str(info.value) and "bad.json" in str(info.value)


def test_kb_stats_counts_by_source_category_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.json"
    path.write_text(_doc(evidence={"kind": "inspection", "confirmed": True}))
    assert main(["kb", "stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 rule(s) about 2 package(s); 1 with evidence, 1 confirmed by an inspection" in out
    assert "by source: inspection 1" in out and "by kind: pair veto 1" in out
    assert main(["kb", "stats", "--json"]) == 0  # the shipped layers
    layers = {s["layer"]: s for s in json.loads(capsys.readouterr().out)}
    assert layers["curated"]["rules"] >= 8
