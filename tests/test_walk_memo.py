"""The proof's reachability walk remembered between locks, and the policy's per-package shortcuts.

A lock whose knowledge base has positive rules about projects no resolution met walks every
allowed release of every reachable project (resolve/search.py). resolve/engine.py keeps the
walk's result beside the edge store (``<cache>/reach-v1/<target>.walks/``) and uses it only
while what the walk read is unchanged. Each lock test changes one input of the walk and
checks that the next lock follows the change: real index server, real wheels,
``stackwise lock`` in-process. (Changed pages and metadata that became available are in
tests/test_edge_store.py, which runs through the same record.)
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from stackwise.cli import main
from stackwise.environment import TargetEnvironment
from stackwise.knowledge.rules import KnowledgeBase, PackageMatch, Rule
from stackwise.resolve.policy import Policy
from support.locks import pins_of as pins
from test_edge_store import app_bonus_index, walks_file

BONUS = {"id": "t/bonus", "package": "bonus", "specifier": "", "score": 1.0, "category": "stability",
         "message": "bonus is good", "link": "https://example.org/bonus", "source": "test"}
VETO_APP_1 = {"id": "t/no-app-1", "package": "app", "specifier": "==1.0", "veto": True, "category": "stability",
              "message": "app 1.0 is broken", "link": "https://example.org/app", "source": "test"}


def lock(capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, rules: list[dict], *extra: str) -> tuple[str, str]:
    (tmp_path / "req.in").write_text("app\n")
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "revision": "t", "rules": rules}))
    code = main(["lock", "-r", str(tmp_path / "req.in"), "--index-url", url, "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt"), "--no-reuse",
                 "--scores", str(scores), *extra])
    err = capsys.readouterr().err
    assert code == 0, err
    return (tmp_path / "out.txt").read_text(), err


@pytest.fixture
def index(tmp_path, index_factory):
    """app 2.0 needs nothing; app 1.0 needs bonus, the project the positive rule is about."""
    return app_bonus_index(tmp_path, index_factory)


def test_a_walk_remembered_under_a_veto_is_not_used_without_it(tmp_path, index, capsys):
    # With app 1.0 vetoed, no stack reaches bonus: that walk is remembered.
    text, err = lock(capsys, tmp_path, index.url, [BONUS, VETO_APP_1])
    assert pins(text) == {"app": "2.0"} and "proven best" in err
    text, err = lock(capsys, tmp_path, index.url, [BONUS, VETO_APP_1], "--offline")
    assert pins(text) == {"app": "2.0"} and "proven best" in err
    assert walks_file(tmp_path).stat().st_size > 0
    # Without the veto, app 1.0 brings bonus in: a walk that still missed bonus would let
    # app 2.0 (score 0) pass as "proven best" against app 1.0 + bonus (score 1). Online,
    # since app 1.0's metadata was never fetched (offline it would be in no stack).
    text, err = lock(capsys, tmp_path, index.url, [BONUS])
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err
    text, err = lock(capsys, tmp_path, index.url, [BONUS], "--offline")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err
    # And back: the veto holds again, whatever the last walk recorded.
    text, err = lock(capsys, tmp_path, index.url, [BONUS, VETO_APP_1], "--offline")
    assert pins(text) == {"app": "2.0"} and "proven best" in err


def test_a_remembered_walk_is_reused_unchanged(tmp_path, index, capsys):
    expected, _ = lock(capsys, tmp_path, index.url, [BONUS])
    assert pins(expected) == {"app": "1.0", "bonus": "1.0"}
    lock(capsys, tmp_path, index.url, [BONUS], "--offline")
    path = walks_file(tmp_path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    text, err = lock(capsys, tmp_path, index.url, [BONUS], "--offline")
    assert pins(text) == pins(expected) and "proven best" in err
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # read, not walked and written again


@pytest.mark.parametrize("garbage", [b"", b"\x00garbage", b"\xe9\x00\x00\x00"])
def test_an_unreadable_walk_record_is_a_miss(tmp_path, index, capsys, garbage):
    expected, _ = lock(capsys, tmp_path, index.url, [BONUS])
    path = walks_file(tmp_path)
    path.write_bytes(garbage)
    text, err = lock(capsys, tmp_path, index.url, [BONUS], "--offline")
    assert pins(text) == pins(expected) and "proven best" in err
    assert path.stat().st_size > len(garbage)  # written again


# -- the policy's shortcuts ----------------------------------------------------------------

VERSIONS = [Version(v) for v in ("0.9", "1.0", "1.0.post1", "1.1rc1", "1.1", "2.0", "2.0+local")]
SPECS = ["", "==1.0", "<1.1", ">=1.0,<2", "==2.0", "!=1.0"]


def _rule(i: int, spec: str, veto: bool | frozenset[str], category: str, score: float, pair: bool) -> Rule:
    return Rule(id=f"r{i}", package=PackageMatch("pkg", SpecifierSet(spec)),
                other=PackageMatch("other", SpecifierSet()) if pair else None,
                score=score, veto=veto, category=category, message="m", link="https://example.org/r", source="t")


@pytest.mark.parametrize("recommendation", ["stable", "latest", "performance", "security"])
def test_may_veto_false_means_no_version_is_vetoed(recommendation):
    """``Policy.may_veto`` lets callers skip asking per version: it may only say "no" when
    :meth:`Policy.veto` is None for every version, advisories, guards and pins included."""
    target = TargetEnvironment.current()
    vetoes = [False, True, frozenset({"security"}), frozenset({"latest", "stable"})]
    shapes = list(itertools.product(SPECS[:4], vetoes, ["security", "stability"], [-0.5, 0.3], [False, True]))
    said_no = 0
    for n in range(0, len(shapes), 7):  # sets of two or three rules of every shape
        rules = [_rule(i, *shapes[(n + k * 11) % len(shapes)]) for i, k in enumerate(range(1 + n % 3))]
        for pin, guard in ((None, False), (Version("1.0"), False), (None, True)):
            policy = Policy(KnowledgeBase(rules), target, recommendation,
                            user_pins={"pkg": pin} if pin is not None else {})
            if guard:
                policy.guard("pkg", Version("2.0"))
            if not policy.may_veto("pkg"):
                said_no += 1
                assert all(policy.veto("pkg", v) is None for v in VERSIONS), (rules, recommendation, pin, guard)
            if guard:
                assert policy.may_veto("pkg")  # a guard can veto any advisory release
    assert said_no  # the shortcut is taken at all


def test_exact_version_is_remembered_per_specifier_object():
    for text, want in [("==1.0", Version("1.0")), ("==1.0.*", None), ("==1.0+x", None), (">=1", None),
                       ("==1.0,<2", None), ("", None), ("==2!3.0.post1", Version("2!3.0.post1"))]:
        spec = SpecifierSet(text)
        first = PackageMatch("a", spec).exact_version()
        again = PackageMatch("b", spec).exact_version()  # the memo's answer
        assert first == again == want, text
        assert PackageMatch("c", SpecifierSet(text)).exact_version() == want  # another object, same text


RANGE_SPECS = ["", "==1.0", "==1.0.*", "==1.0+local", "<1.1", "<=1.1", ">1.0", ">=1.0,<2", "~=1.0", "!=1.0",
               "!=1.*", ">1.0.post1", "<2.0rc1", "===1.0", "==2!1.0", ">=1.1rc1", "<=1.0.post1"]
MANY_VERSIONS = [Version(v) for v in ("0.9", "1", "1.0", "1.0.0", "1.0+local", "1.0.post1", "1.0.dev1", "1.1rc1",
                                      "1.1", "1.1+abc.1", "1.5", "2.0rc1", "2.0", "2!1.0", "3.0.post2.dev3")]


@pytest.mark.parametrize("recommendation", ["stable", "performance", "latest"])
def test_unary_scores_equal_unary_per_version(recommendation):
    """The batched scores (one specifier test over all versions) are :meth:`Policy.unary`'s,
    float for float, and leave the same rules behind for explanations."""
    target = TargetEnvironment.current()
    categories = ["stability", "security", "performance", "maintenance"]
    rules = [Rule(id=f"r{i}", package=PackageMatch("pkg", SpecifierSet(spec),
                                                   "https://example.org/simple" if i % 9 == 4 else None),
                  other=None, score=round(0.37 * ((i * 7) % 11 - 5) / 5, 2) or 0.1,
                  veto=frozenset({"latest"}) if i % 7 == 3 else False, category=categories[i % 4],
                  message="m", link="https://example.org/r", source="t")
             for i, spec in enumerate(RANGE_SPECS * 2)]
    items = [(v, url) for v in MANY_VERSIONS for url in (None, "https://example.org/simple")]
    one = Policy(KnowledgeBase(rules), target, recommendation)
    batch = Policy(KnowledgeBase(rules), target, recommendation)
    scores = batch.unary_scores("pkg", items)
    assert any(scores) or recommendation == "latest"  # latest weighs nothing
    for (v, url), score in zip(items, scores, strict=True):
        assert one.unary("pkg", v, url) == batch.unary("pkg", v, url), (v, url)
        assert score == one.unary("pkg", v, url)[0]


def test_walk_records_are_kept_per_roots_and_bounded(tmp_path):
    from stackwise.index import edgestore
    from stackwise.index.edgestore import EdgeStore

    markers = {"python_version": "3.11"}
    store = EdgeStore(tmp_path, markers)
    keys = [(1, ((f"root{i}", ()),)) for i in range(edgestore._WALKS + 3)]
    for i, key in enumerate(keys):
        store.put_walk(key, (f"seen{i}",))
        store.save()  # one file each, oldest first (dated apart: a coarse clock may not)
        stamp = 1_000_000_000 * (i + 1)
        os.utime(store._walk_path(key), ns=(stamp, stamp))
    again = EdgeStore(tmp_path, markers)  # another run
    assert [again.walk(k) for k in keys[:3]] == [None, None, None]  # the oldest went
    assert [again.walk(k) for k in keys[3:]] == [(f"seen{i}",) for i in range(3, len(keys))]
    assert again.walk((1, (("other", ()),))) is None
    # A record is only ever its own key's, even when a file holds another key's record.
    path = again._walk_path(keys[-1])
    path.write_bytes(again._walk_path(keys[-2]).read_bytes())
    assert again.walk(keys[-1]) is None
