"""Big knowledge bases (issue 16, item 4): the streaming compile, lookups that skip rules
which cannot match, and the time budget covering the first resolution.

The compiled index must answer exactly what the plain parser answers - the same rules, in
the same order, under every spelling of a name, and the same error for a bad file - so the
property test below compares both on generated files, valid and invalid.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.version import Version

from stackwise.cli import main
from stackwise.environment import TargetEnvironment
from stackwise.errors import ScoreFileError
from stackwise.knowledge import compiled
from stackwise.knowledge.compiled import DIR_NAME, CompiledScoreFile, open_score_file
from stackwise.knowledge.scorefile import _Errors, _rule, load_score_file
from stackwise.resolve.policy import Policy

NAMES = ["alpha", "Alpha_Lib", "alpha-lib", "beta.pkg", "gamma", "delta"]
SPECS = ["", "==1.0", "==1.0.0", "==2.0", ">=1,<2", "<2.0", "==1.*", "~=1.1", "!=1.0", "==1.0+local",
         "===1.0", "=>1"]  # the last one is invalid
VERSIONS = [Version(v) for v in ("0.9", "1.0", "1.0.0", "1.0+local", "1.1", "1.5rc1", "2.0", "2.0.post1", "3")]
LINKS = ["https://example.org/a", "http://example.org/b", "https://example.org/c ", "ftp://example.org/x", "no url"]


MUTATIONS: list[tuple[str, Any]] = [
    ("specifier", "=>1"), ("category", "speed"), ("score", 1.5), ("score", True), ("score", "0.1"),
    ("message", ""), ("message", "line\nbreak"), ("link", "ftp://example.org/x"), ("link", "no url"),
    ("veto", ["nope"]), ("veto", []), ("id", ""), ("id", " "), ("typo", 1), ("source", None),
    ("condition", {"marker": 'sys_platform == "linux"'}), ("condition", {"marker": "nonsense =="}),
    ("evidence", {"kind": "inspection", "ids": [1, 2]}), ("evidence", {"ids": []}),
    ("index_url", "https://example.org/simple"), ("index_url", "not a url"), ("with", "alpha"),
    ("with", {"package": "alpha", "extra": 1}), ("score", None),
]


def rule_strategy() -> st.SearchStrategy[dict[str, Any]]:
    """Mostly valid rules (so whole files validate often); one in eight gets one change that
    may make it invalid, or may only take it off the compile's quick path."""

    def build(draw: Any) -> dict[str, Any]:
        rule: dict[str, Any] = {"package": draw(st.sampled_from(NAMES))}
        if draw(st.integers(0, 9)):
            rule["id"] = f"r{draw(st.integers(0, 400))}"  # now and then a duplicate
        spec = draw(st.sampled_from(SPECS[:-1]))
        if spec:
            rule["specifier"] = spec
        if draw(st.integers(0, 4)) == 0:  # a pair (the same project spelt otherwise is invalid)
            rule["with"] = {"package": draw(st.sampled_from(NAMES)), "specifier": draw(st.sampled_from(SPECS[:6]))}
        veto = draw(st.sampled_from([None, None, None, True, False, ["stable"], ["latest", "security"]]))
        if veto is not None:
            rule["veto"] = veto
        if veto is not True or draw(st.booleans()):
            rule["score"] = draw(st.sampled_from([0.5, -0.25, 1, -1, 0, 0.125]))
        rule["category"] = draw(st.sampled_from(["stability", "security", "performance", "maintenance"]))
        rule["message"] = draw(st.sampled_from(["why", "  padded  "]))
        rule["link"] = draw(st.sampled_from(LINKS[:3]))
        rule["source"] = "tests"
        if draw(st.integers(0, 7)) == 0:
            key, value = draw(st.sampled_from(MUTATIONS))
            if value is None:
                rule.pop(key, None)
            else:
                rule[key] = value
        return rule

    return st.composite(lambda draw: build(draw))()


@settings(max_examples=400, deadline=None)
@given(rule=rule_strategy(), key_value=st.sampled_from(MUTATIONS), mutate=st.booleans())
def test_the_compiles_quick_check_accepts_only_valid_rules(rule: dict[str, Any], key_value: tuple[str, Any],
                                                         mutate: bool) -> None:
    if mutate:
        key, value = key_value
        rule = {k: v for k, v in rule.items() if k != key} if value is None else {**rule, key: value}
    quick = compiled._Quick().check(rule, 3)
    errors = _Errors("x")
    full = _rule(rule, 3, errors, {})
    if quick is not None:  # "certainly valid" must be exactly what the full validator says
        assert full is not None, errors.items
        assert quick == (full.id, full.names())


def as_json(rules: Any) -> list[dict[str, Any]]:
    return [r.to_json() for r in rules]  # in order: the compiled index keeps the file's order


def write_document(path: Path, rules: list[Any], *, rules_first: bool, indent: int | None) -> None:
    head = {"format": "stackwise-scores", "version": 1, "revision": "gen"}
    doc = {"rules": rules, **head} if rules_first else {**head, "rules": rules}
    path.write_text(json.dumps(doc, indent=indent))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rules=st.lists(rule_strategy(), max_size=25), rules_first=st.booleans(),
       indent=st.sampled_from([None, 1]), chunk=st.sampled_from([1, 7, 64, 1 << 20]),
       universe=st.sets(st.sampled_from(["alpha", "alpha-lib", "beta-pkg", "gamma", "delta", "unknown"])))
def test_compiled_lookups_equal_the_plain_parser(rules: list[dict[str, Any]], rules_first: bool,
                                                 indent: int | None, chunk: int, universe: set[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "COMPILE_MIN_BYTES", 0)  # compile even these small files
    # Tiny reads put a chunk boundary inside every token, separator and white space.
    monkeypatch.setattr(compiled, "_CHUNK", chunk)
    monkeypatch.setattr(compiled, "_AHEAD", min(chunk, 1 << 16))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scores.json"
        write_document(path, rules, rules_first=rules_first, indent=indent)
        try:
            direct = load_score_file(path)
        except ScoreFileError as exc:
            with pytest.raises(ScoreFileError) as got:
                open_score_file(path, Path(tmp) / "cache")
            assert str(got.value) == str(exc)
            assert not list((Path(tmp) / "cache").glob(f"{DIR_NAME}/*.sqlite3"))
            return
        kb = open_score_file(path, Path(tmp) / "cache")
        assert isinstance(kb, CompiledScoreFile)
        assert len(kb) == len(direct) and kb.revision == direct.revision
        for name in NAMES + ["unknown"]:
            assert as_json(kb.for_package(name)) == as_json(direct.for_package(name)), name
            assert kb.for_package(name) == direct.for_package(name), name  # equal rule objects too
        assert kb.packages() == direct.packages()
        positive = frozenset(n for r in direct.rules if r.score > 0 and r.veto is not True for n in r.names())
        assert kb.positive_packages() == positive
        # What the search asks (docs/resolution.md): the positive projects outside its universe,
        # answered by the index without listing the table; exact in size, members and order.
        outside = kb.positive_packages() - universe
        assert len(outside) == len(positive - universe)
        assert sorted(outside) == sorted(positive - universe)
        assert all((n in outside) == (n in positive - universe) for n in universe | positive | {"zeta"})
        assert kb.positive_packages() - universe - {"gamma"} == positive - universe - {"gamma"}
        assert kb.positive_packages() & universe == positive & universe
        # The policy's narrowed lookups (==X rules skipped unread) equal testing every rule.
        policy = Policy(direct, TargetEnvironment.current())
        for name in NAMES:
            for version in VERSIONS:
                expected = [r for r in policy.version_rules(name) if r.package.matches(name, version)]
                got_rules = [r for r in policy.rules_about(name, version) if r.package.covers(version)]
                assert got_rules == expected, (name, version)


def big_rules(n: int) -> list[dict[str, Any]]:
    return [{"id": f"r{i}", "package": f"project-{i % 500}", "specifier": f"=={i % 9}.0", "score": 0.1,
             "category": "stability", "message": "a generated rule to make the file large",
             "link": "https://example.org/r", "source": "tests"} for i in range(n)]


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "big.json"
    write_document(path, big_rules(8000), rules_first=False, indent=None)
    assert path.stat().st_size >= compiled.COMPILE_MIN_BYTES
    return path


def damage_index(index: Path, how: str) -> int:
    """Cut the index in half, or fill every page after the schema and meta pages with garbage."""
    data = index.read_bytes()
    if how == "truncate":
        index.write_bytes(data[: len(data) // 2])
    else:
        page = int.from_bytes(data[16:18], "big")  # SQLite's header: the page size
        keep = 3 * page  # header + schema, meta, the rules table's root
        index.write_bytes(data[:keep] + b"\xff" * (len(data) - keep))
    return len(data)


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_a_damaged_index_is_reported_and_rebuilt(big: Path, cache_dir: Path, damage: str) -> None:
    assert isinstance(open_score_file(big, cache_dir), CompiledScoreFile)
    (index,) = (cache_dir / DIR_NAME).glob("*.sqlite3")
    size = damage_index(index, damage)
    warnings: list[str] = []
    kb = open_score_file(big, cache_dir, warnings.append)
    assert isinstance(kb, CompiledScoreFile)
    assert len(warnings) == 1 and "is corrupt" in warnings[0] and "rebuilding it" in warnings[0], warnings
    direct = load_score_file(big)
    for name in ("project-7", "project-499", "project-0"):
        assert as_json(kb.for_package(name)) == as_json(direct.for_package(name))
    assert index.stat().st_size == size  # rebuilt whole
    warnings.clear()
    open_score_file(big, cache_dir, warnings.append)
    assert warnings == []  # and trusted again


@pytest.mark.parametrize("fast", [True, False])
def test_rules_read_from_the_index_are_the_files_rules(big: Path, cache_dir: Path, fast: bool,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick reader builds rule objects without their constructor; they must be the same
    objects (fields, equality, hash) as the score-file parser's, and the same with the
    constructor (used when a rule class ever does more than store its fields)."""
    monkeypatch.setattr(compiled, "_FAST", fast)
    kb = open_score_file(big, cache_dir)
    assert isinstance(kb, CompiledScoreFile)
    direct = load_score_file(big)
    for name in ("project-0", "project-7", "project-499"):
        got, expected = kb.for_package(name), direct.for_package(name)
        assert got == expected and [hash(r) for r in got] == [hash(r) for r in expected]
        assert [vars(r) for r in got] == [vars(r) for r in expected]
        assert [vars(r.package) for r in got] == [vars(r.package) for r in expected]


def test_an_index_without_the_stored_count_still_counts_exactly(tmp_path: Path, cache_dir: Path) -> None:
    """Indexes compiled before the count was stored (same format) are counted once per run."""
    rules = [dict(r, score=0.5 if i % 3 else -0.5) for i, r in enumerate(big_rules(8000))]
    path = tmp_path / "mixed.json"
    write_document(path, rules, rules_first=False, indent=None)
    expected = frozenset(r["package"] for r in rules if r["score"] > 0)
    kb = open_score_file(path, cache_dir)
    assert isinstance(kb, CompiledScoreFile) and len(kb.positive_packages()) == len(expected) == 500
    (index,) = (cache_dir / DIR_NAME).glob("*.sqlite3")
    db = sqlite3.connect(index)
    with db:
        assert db.execute("DELETE FROM meta WHERE key = 'positive_count'").rowcount == 1
    db.close()
    kb = open_score_file(path, cache_dir)
    assert isinstance(kb, CompiledScoreFile)
    universe = {"project-1", "project-3", "elsewhere"}
    outside = kb.positive_packages() - universe
    assert len(outside) == len(expected - universe) == 498 and set(outside) == expected - universe


def test_a_rule_altered_in_the_index_is_never_used(big: Path, cache_dir: Path) -> None:
    """A rule changed inside the index after the compile (valid JSON, invalid rule) must not
    reach the resolver through the quick reader: the index is rebuilt from the file."""
    warnings: list[str] = []
    kb = open_score_file(big, cache_dir, warnings.append)
    assert isinstance(kb, CompiledScoreFile)
    (index,) = (cache_dir / DIR_NAME).glob("*.sqlite3")
    db = sqlite3.connect(index)
    with db:
        changed = db.execute("UPDATE rules SET doc = replace(doc, '\"score\": 0.1', '\"score\": 7') "
                             "WHERE name = 'project-7'").rowcount
    db.close()
    assert changed > 0
    rules = kb.for_package("project-7")
    assert rules == load_score_file(big).for_package("project-7") and all(r.score == 0.1 for r in rules)
    assert len(warnings) == 1 and "is corrupt" in warnings[0], warnings


def test_an_index_damaged_while_in_use_is_rebuilt_once(big: Path, cache_dir: Path) -> None:
    warnings: list[str] = []
    kb = open_score_file(big, cache_dir, warnings.append)
    assert isinstance(kb, CompiledScoreFile) and warnings == []
    (index,) = (cache_dir / DIR_NAME).glob("*.sqlite3")
    damage_index(index, "garbage")  # under the open connection: found by the first lookup
    direct = load_score_file(big)
    for i in range(0, 500, 7):
        assert as_json(kb.for_package(f"project-{i}")) == as_json(direct.for_package(f"project-{i}"))
    assert len(warnings) == 1 and "is corrupt" in warnings[0], warnings


def test_a_damaged_index_in_a_lock_is_a_warning_not_a_traceback(big: Path, index_factory: Any, seed_graph: Any,
                                                                 tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    index = index_factory(seed_graph)
    cache = tmp_path / "cache"
    argv = ["lock", "simplelib", "--scores", str(big), "--no-default-scores", "--index-url", index.url,
            "--isolated", "--cache-dir", str(cache), "-o", str(tmp_path / "lock.txt"), "--no-reuse"]
    assert main(argv) == 0
    (db,) = (cache / DIR_NAME).glob("*.sqlite3")
    db.write_bytes(db.read_bytes()[:4096])
    capsys.readouterr()
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "is corrupt" in err and "rebuilding it" in err and "Traceback" not in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM rules").fetchone()[0] == 8000


# -- the time budget covers the first resolution ---------------------------------------------

BUDGET_GRAPH = {"app": {"1.0": ["old"], "2.0": ["new"]}, "old": {"1.0": []}, "new": {"1.0": []}}


def prefer_old(tmp_path: Path) -> Path:
    path = tmp_path / "prefer-old.json"
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": "old-app", "package": "app", "specifier": "==1.0", "score": 1, "category": "stability",
         "message": "the scores send the first resolution to the old release", "link": "https://example.org/o",
         "source": "tests"}]}))
    return path


def budget_lock(tmp_path: Path, url: str, *extra: str) -> list[str]:
    return ["lock", "app", "--index-url", url, "--isolated", "--no-default-scores", "--no-reuse",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "lock.txt"), *extra]


def test_the_first_resolution_falls_back_to_pips_order_at_the_budget(index_factory: Any, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    index = index_factory(BUDGET_GRAPH)
    assert main(budget_lock(tmp_path, index.url)) == 0  # warm: pip's order (app 2.0, new) is cached
    index.slow_seconds, index.fault = 2.0, "slow"  # what the scores lead to now takes long to fetch
    capsys.readouterr()
    code = main(budget_lock(tmp_path, index.url, "--scores", str(prefer_old(tmp_path)), "--time-budget", "0.5"))
    err = capsys.readouterr().err
    assert code == 0, err
    lock = (tmp_path / "lock.txt").read_text()
    assert "app==2.0" in lock and "new==1.0" in lock
    assert "best found, not proven (the first resolution in score order did not finish within the time budget" in err
    assert "proven best" not in err


def test_a_cold_slow_index_still_locks_in_pips_order_past_the_budget(index_factory: Any, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Past the budget, pip's order is not cut short: it is what pip itself would do, so a cold
    cache on a slow index must not turn into a failed lock (a budget far below the fetch time)."""
    index = index_factory(BUDGET_GRAPH, fault="slow")
    index.slow_seconds = 0.5
    started = time.monotonic()
    code = main(budget_lock(tmp_path, index.url, "--scores", str(prefer_old(tmp_path)), "--time-budget", "0.3"))
    err = capsys.readouterr().err
    assert code == 0, err
    lock = (tmp_path / "lock.txt").read_text()
    assert "app==2.0" in lock and "new==1.0" in lock
    assert "best found, not proven (the first resolution in score order did not finish" in err
    assert "Traceback" not in err and time.monotonic() - started < 60
