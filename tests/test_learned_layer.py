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
        assert "/simple/" not in rule.link, rule.id  # the project's own page, not the crawl's index (inspect/links.py)
        assert rule.is_pair or rule.evidence.get("confirmed"), rule.id  # a version rule only from an inspection
        if rule.veto is True:  # a veto only with a failing inspection behind it
            assert rule.evidence.get("confirmed") and rule.evidence.get("inspections"), rule.id
        if str(rule.evidence["kind"]).startswith("conda-forge"):
            assert "conda-forge" in rule.source and "BSD-3-Clause" in rule.message, rule.id


def test_the_lazy_layer_gives_exactly_the_strictly_parsed_rules() -> None:
    """Asked about some packages, the layer gives each one its version rules and every pair
    rule whose other package was asked about too -- exactly the strict parser's, nothing
    parsed beyond what was asked."""
    strict = load_score_file(SHIPPED_LEARNED)
    layer = LearnedLayer()
    assert len(layer) == len(strict) and layer.revision == strict.revision
    names = sorted(strict.packages())
    asked = [*names[:20], *names[-20:], "numpy", "pandas", "no-such-package-anywhere"]
    got = {r.id for name in asked for r in layer.for_package(name)}
    asked_set = set(asked)
    assert got == {r.id for name in asked for r in strict.for_package(name) if set(r.names()) <= asked_set}
    assert len(layer.loaded()) <= 43  # only what was asked about was parsed


def test_a_deferred_pair_rule_meets_every_stack_whatever_order_its_packages_are_asked_in() -> None:
    """The policy scores a stack from the rules of each of its packages (resolve/policy.py:
    pair_terms over the stack). Whatever order packages are asked in, one at a time or in
    batches, the union over a stack's packages must be every rule about two of them."""
    import random

    strict = load_score_file(SHIPPED_LEARNED)
    names = sorted(strict.packages())
    rng = random.Random(14)
    for _ in range(25):
        stack = rng.sample(names, 60) + ["numpy", "pandas"]
        rng.shuffle(stack)
        layer = LearnedLayer()
        i = 0
        while i < len(stack):  # the resolver asks one package, or prefetches a few
            step = rng.choice([1, 1, 3])
            layer.prefetch(stack[i:i + step])
            i += step
        union = {r.id for n in stack for r in layer.for_package(n)}
        inside = set(stack)
        expected = {r.id for r in strict.rules if set(r.names()) <= inside}
        assert expected <= union
        assert {r.id for r in layer.for_stack(stack)} == expected


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
    fast.prefetch(fast.packages())  # all at once: every pair rule goes to both of its packages
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


def test_the_shipped_index_is_the_index_of_the_shipped_file() -> None:
    """learned.index.json must be exactly what render_index makes of learned.json (kb build
    writes both); a stale index would hide rules or give wrong ones."""
    from stackwise.knowledge.shipped import index_path, render_index

    text = Path(SHIPPED_LEARNED).read_text(encoding="utf-8")
    assert Path(index_path(SHIPPED_LEARNED)).read_text(encoding="utf-8") == render_index(text)


def test_the_indexed_trusted_reading_equals_the_strict_parser_rule_for_rule() -> None:
    """The shipped layer is read through its index and built without the strict parser's
    checks (knowledge/shipped.py: _trusted); every rule must still be what the strict parser
    gives, evidence included, and positive_packages must cover every positive rule."""
    strict = load_score_file(SHIPPED_LEARNED)
    layer = LearnedLayer()
    assert layer._raw and all(isinstance(raw, tuple) for rules in layer._raw.values() for raw in rules)
    layer.prefetch(sorted(strict.packages()))
    for name in sorted(strict.packages()):
        mine, theirs = layer.for_package(name), strict.for_package(name)
        assert mine == theirs, name
        assert [r.evidence for r in mine] == [r.evidence for r in theirs], name
    positive = {n for r in strict.rules if r.score > 0 for n in r.names()}
    assert positive <= layer.positive_packages()


def _layer_files(tmp_path: Path, rules: list[dict[str, object]]) -> Path:
    from stackwise.knowledge.shipped import index_path, render_index

    text = ('{"format":"stackwise-scores","version":1,"revision":"t","rules":[\n'
            + ",\n".join(json.dumps(r, separators=(",", ":")) for r in rules) + "\n]}\n")
    path = tmp_path / "layer.json"
    path.write_text(text, encoding="utf-8")
    Path(index_path(path)).write_text(render_index(text), encoding="utf-8")
    return path


def _rule(**over: object) -> dict[str, object]:
    rule: dict[str, object] = {"id": "r1", "package": "alpha", "specifier": "<2", "with": {"package": "beta",
                               "specifier": ">=3"}, "score": -0.5, "category": "stability",
                               "message": "alpha<2 breaks with beta>=3", "link": "https://example.org/r1",
                               "source": "test", "evidence": {"kind": "test"}}
    rule.update(over)
    return rule


@pytest.mark.parametrize("bad", [
    {"score": 1.5},                                   # out of range
    {"link": "ftp://example.org/x"},                  # not http(s)
    {"message": "two\nlines"},                        # not one line
    {"veto": 1},                                      # not a boolean
    {"category": "speed"},                            # unknown category
    {"package": "Not_Canonical"},                     # the strict parser normalises; trusted reading does not
    {"index_url": "https://example.org/simple/"},     # a key the trusted reading does not take
])
def test_anything_the_trusted_reading_does_not_take_goes_to_the_strict_parser(tmp_path: Path, bad: dict[str, object]) -> None:
    from stackwise.errors import ScoreFileError
    from stackwise.knowledge.scorefile import loads

    path = _layer_files(tmp_path, [_rule(**bad)])
    layer = LearnedLayer(str(path))
    try:
        expected = loads(path.read_text(encoding="utf-8"), "x").rules
    except ScoreFileError:
        with pytest.raises(ScoreFileError):
            layer.prefetch(["alpha", "beta"])
        return
    layer.prefetch(["alpha", "beta", "not-canonical"])
    got = {r.id: r for name in ("alpha", "beta", "not-canonical") for r in layer.for_package(name)}
    assert list(got.values()) == list(expected)


def test_a_stale_or_damaged_index_is_not_used(tmp_path: Path) -> None:
    """An index of other bytes (size or header differ) is ignored and the file is indexed
    line by line; a span that points at another rule is a clear error, not a wrong rule."""
    from stackwise.errors import ScoreFileError
    from stackwise.knowledge.shipped import index_path

    path = _layer_files(tmp_path, [_rule(), _rule(id="r2", package="gamma")])
    index = Path(index_path(path))
    good = json.loads(index.read_text())
    path.write_text(path.read_text().replace('"revision":"t"', '"revision":"u"'))  # same size, other header
    layer = LearnedLayer(str(path))
    assert not any(isinstance(raw, tuple) for rules in layer._raw.values() for raw in rules)
    assert [r.id for r in layer.for_package("gamma")] == ["r2"]
    path.write_text(path.read_text().replace('"revision":"u"', '"revision":"t"'))
    swapped = dict(good, names={**good["names"], "gamma": good["names"]["alpha"]})
    index.write_text(json.dumps(swapped))
    with pytest.raises(ScoreFileError, match="does not index"):
        LearnedLayer(str(path)).prefetch(["gamma", "beta"])
    index.write_text("{garbage")
    assert [r.id for r in LearnedLayer(str(path)).for_package("gamma")] == ["r2"]


def test_a_positive_learned_rule_about_an_unexplored_package_is_seen_by_the_proof(tmp_path: Path) -> None:
    from stackwise.knowledge.shipped import LearnedLayer as Layer

    path = _layer_files(tmp_path, [_rule(), _rule(id="r2", package="gamma", score=0.4,
                                              **{"with": {"package": "delta"}})])
    assert Layer(str(path)).positive_packages() == {"gamma", "delta"}
    (tmp_path / "layer.index.json").unlink()
    assert Layer(str(path)).positive_packages() == {"gamma", "delta"}  # line layout: read for it


def test_explain_lists_every_rule_about_a_package_deferred_pairs_included() -> None:
    """A resolution gets a penalty pair only once both packages were asked about; `explain`
    asks about one package and must still list all of its rules."""
    from stackwise.knowledge.service import ScoreSources

    strict = load_score_file(SHIPPED_LEARNED)
    sources = ScoreSources([LearnedLayer()])
    assert {r.id for r in sources.for_package("pandas")} < {r.id for r in strict.for_package("pandas")}
    assert {r.id for r in sources.mentioning("pandas")} == {r.id for r in strict.for_package("pandas")}
