"""The shipped learned layer: valid as a whole, every rule with evidence and a link, read lazily."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.knowledge.scorefile import load_score_file
from stackwise.knowledge.shipped import SHIPPED_LEARNED, LearnedLayer, shipped_sources

pytestmark = pytest.mark.skipif(not Path(SHIPPED_LEARNED).exists(), reason="no learned layer shipped")


def test_the_learned_layer_is_a_valid_score_file_of_evidence_backed_rules() -> None:
    kb = load_score_file(SHIPPED_LEARNED)  # strict validation of every rule at once
    assert len(kb) >= 300
    for rule in kb.rules:
        assert rule.evidence and rule.evidence.get("kind"), rule.id
        assert rule.link.startswith(("https://", "http://")), rule.id
        assert rule.is_pair or rule.evidence.get("confirmed"), rule.id  # a version rule only from an inspection
        if rule.veto is True:  # a veto only with a failing inspection behind it
            assert rule.evidence.get("confirmed") and rule.evidence.get("inspections"), rule.id
        if str(rule.evidence["kind"]).startswith("conda-forge"):
            assert "conda-forge" in rule.source and "BSD-3-Clause" in rule.message, rule.id


def test_the_lazy_layer_gives_exactly_the_strictly_parsed_rules() -> None:
    strict = load_score_file(SHIPPED_LEARNED)
    layer = LearnedLayer()
    assert len(layer) == len(strict) and layer.revision == strict.revision
    names = sorted(strict.packages())
    for name in [*names[:20], *names[-20:], "numpy", "pandas", "no-such-package-anywhere"]:
        assert {r.id for r in layer.for_package(name)} == {r.id for r in strict.for_package(name)}, name
    assert len(layer.loaded()) <= 43  # only what was asked about was parsed


def test_default_sources_put_curated_last_and_kb_stats_counts_both(capsys: pytest.CaptureFixture[str]) -> None:
    layers = shipped_sources()
    assert isinstance(layers[0], LearnedLayer) and layers[-1].revision and "curated" in layers[-1].revision
    assert main(["kb", "stats", "--json"]) == 0
    stats = {s["layer"]: s for s in json.loads(capsys.readouterr().out)}
    assert stats["learned"]["rules"] == len(load_score_file(SHIPPED_LEARNED))
    assert stats["learned"]["with_evidence"] == stats["learned"]["rules"]


def test_a_corrupt_learned_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "learned.json"
    bad.write_text("{not json")
    from stackwise.errors import ScoreFileError

    with pytest.raises(ScoreFileError, match="--no-default-scores"):
        LearnedLayer(str(bad))


def test_any_score_file_layout_reads_the_same(tmp_path: Path) -> None:
    """The shipped one-rule-per-line layout is indexed without decoding; any other layout
    (e.g. pretty-printed) is decoded whole -- same rules either way."""
    pretty = tmp_path / "learned.json"
    pretty.write_text(json.dumps(json.loads(Path(SHIPPED_LEARNED).read_text()), indent=2))
    fast, slow = LearnedLayer(), LearnedLayer(str(pretty))
    assert len(fast) == len(slow) and fast.revision == slow.revision
    assert fast.packages() == slow.packages()
    for name in sorted(fast.packages())[:50]:
        assert [r.to_json() for r in fast.for_package(name)] == [r.to_json() for r in slow.for_package(name)]


def test_kb_build_writes_the_layout_the_layer_indexes_line_by_line(tmp_path: Path) -> None:
    """render_layer (what `kb build -o` writes) is read line by line, not decoded whole, and
    gives the same rules, including each pair rule built once under both of its names."""
    from stackwise.knowledge.shipped import render_layer

    strict = load_score_file(SHIPPED_LEARNED)
    path = tmp_path / "learned.json"
    path.write_text(render_layer(strict))
    assert load_score_file(path).rules == strict.rules
    layer = LearnedLayer(str(path))
    assert layer._raw and all(isinstance(raw, str) for rules in layer._raw.values() for raw in rules)
    pair = next(r for r in strict.rules if r.is_pair)
    assert pair.other is not None
    layer.prefetch([pair.package.name, pair.other.name])
    [a] = [r for r in layer.for_package(pair.package.name) if r.id == pair.id]
    [b] = [r for r in layer.for_package(pair.other.name) if r.id == pair.id]
    assert a is b and a == pair
