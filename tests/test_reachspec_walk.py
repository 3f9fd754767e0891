"""The proof's reachability walk follows the specifiers of the edges it walks.

Why: the walk (``Search._possible_names``) names every project some stack may contain. It
walked every allowed release of a reached project, also those no requirement on it admits:
for ``pyopenssl==22.0.0`` (which requires cryptography>=35) it read cryptography 2.6, and
a read it could not make there left the lock "best found, not proven". A project reached
only through edges with specifiers can hold only a release one of them admits; one edge
without a specifier (or the user's override) admits every release. Each test fails when
the walk ignores specifiers (reads releases it does not need), or when it narrows too far
(a false "proven best", caught against the brute force of tests/test_search_bruteforce_more.py).
"""

from __future__ import annotations

import json
import marshal

import pytest

from stackwise.cli import main
from stackwise.index.edgestore import EdgeStore
from stackwise.resolve.engine import best_stack
from stackwise.resolve.policy import Policy
from stackwise.resolve.reach import dependency_edges
from support import build_wheel
from support.locks import pins_of as pins
from test_edge_store import walks_file
from test_search_bruteforce import TARGET, knowledge, problem_of, rule
from test_search_bruteforce_more import Instance, check, search
from test_search_lookahead import CacheOnlyLookahead

# a requires b>=2; only b 1.0, which no stack can hold, would bring c (the rewarded project).
BOUNDED = {"a": {"1.0": ["b>=2.0"]}, "b": {"2.0": [], "1.0": ["c"]}, "c": {"1.0": []}}
BOUNDED_RULES = [rule("c", ">=0", score=0.5)]


def test_a_release_no_edge_admits_is_not_read_and_the_lock_is_proven():
    """The look-ahead source declines b 1.0 (no resolution read it) and may not read it
    anyway: a walk that needed it stopped with "best found"; b>=2.0 rules it out."""
    source = CacheOnlyLookahead(BOUNDED, read_anyway=False)
    policy = Policy(knowledge(BOUNDED_RULES), TARGET, "stable")
    out = best_stack(problem_of(["a"]), source, TARGET, policy, time_budget=60.0)
    assert out.stack.pins() == {"a": "1.0", "b": "2.0"}
    assert out.proven, out.verdict
    assert source.declined == 0 and ("b", "1.0") not in source.read


def test_a_bare_edge_from_another_release_admits_every_release():
    """a 2.0 bounds b (>=2.0), a 1.0 does not: the union is every release of b, so b 1.0 and
    the c it brings are counted, and the best stack (a 1.0, b 1.0, c) is found and proven."""
    graph = {"a": {"2.0": ["b>=2.0"], "1.0": ["b"]}, "b": {"2.0": [], "1.0": ["c"]}, "c": {"1.0": []}}
    rules = [rule("c", ">=0", score=0.5), rule("a", "==2.0", score=0.1)]
    out = best_stack(problem_of(["a"]), CacheOnlyLookahead(graph), TARGET,
                     Policy(knowledge(rules), TARGET, "stable"), time_budget=60.0)
    assert out.stack.pins() == {"a": "1.0", "b": "1.0", "c": "1.0"} and out.proven, out.verdict


UNION = Instance(  # b is bounded by a 2.0 (>=2.0), then by y (<2.0): the union, not the first bound
    graph={"a": {"2.0": ["b>=2.0"], "1.0": ["y"]}, "y": {"1.0": ["b<2.0"]},
           "b": {"2.0": [], "1.0": ["c"]}, "c": {"1.0": []}},
    roots=["a"], rules=[rule("c", ">=0", score=0.5), rule("a", "==2.0", score=0.1)], holds=[True, True])
WIDENED = Instance(  # the user's override replaces the bound b>=2.0 by a bare b: b 1.0 (and c) are possible
    graph=BOUNDED, roots=["a"], rules=[rule("c", ">=0", score=0.5), rule("b", "==2.0", score=0.1)],
    holds=[True, True], overrides=["b"])
ROOT = Instance(  # a root reached through a bounded edge keeps every release the user allows
    graph={"z": {"2.0": ["b>=2.0"], "1.0": []}, "b": {"2.0": [], "1.0": ["c"]}, "c": {"1.0": []}},
    roots=["b", "z"], rules=[rule("c", ">=0", score=0.5), rule("z", "==2.0", score=0.1)], holds=[True, True])


@pytest.mark.parametrize("inst, expected", [
    (UNION, {"a": "1.0", "y": "1.0", "b": "1.0", "c": "1.0"}),
    (WIDENED, {"a": "1.0", "b": "1.0", "c": "1.0"}),
    (ROOT, {"z": "1.0", "b": "1.0", "c": "1.0"}),
], ids=["union", "override", "root"])
def test_narrowed_walks_keep_proofs_true(inst, expected):
    """Each stack holding c is reached only through a release a too narrow walk skips:
    the walk must find c, or "proven best" would be claimed for the stack without it."""
    out, error = search(inst)
    assert out is not None, error
    assert out.stack.pins() == expected and out.proven, out.verdict
    check(inst)


def test_edges_keep_their_specifier_and_a_format_1_store_is_not_read(tmp_path):
    edges = dependency_edges(["b>=2.0", "c[x]<3,>=1; extra == 'e'", "d @ https://example.org/d.whl"],
                             TARGET.markers, ["e"])
    assert edges == {"": frozenset({("b", frozenset(), ">=2.0"), ("d", frozenset(), "")}),
                     "e": frozenset({("c", frozenset({"x"}), "<3,>=1")})}
    store = EdgeStore(tmp_path, TARGET.markers)
    assert store.path is not None
    store.path.parent.mkdir(parents=True)
    # A file of the old format (edges without specifiers) where the store looks: a miss.
    old = {"b": ("state", {("1.0", None): (frozenset({"c"}), {"": frozenset({("c", frozenset())})})})}
    store.path.write_bytes(marshal.dumps((1, old)))
    assert EdgeStore(tmp_path, TARGET.markers).get("b", "state", "1.0", None) is None


BONUS = {"id": "t/bonus", "package": "bonus", "specifier": "", "score": 1.0, "category": "stability",
         "message": "bonus is good", "link": "https://example.org/bonus", "source": "test"}


def test_a_lock_fetches_no_metadata_of_releases_no_edge_admits_and_remembers_its_walk(
        tmp_path, index_factory, capsys):
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["lib>=2.0"])
    build_wheel(files, "lib", "2.0")
    build_wheel(files, "lib", "1.0", ["bonus"])
    build_wheel(files, "bonus", "1.0")
    server = index_factory(files_dir=files)
    (tmp_path / "req.in").write_text("app\n")
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "revision": "t", "rules": [BONUS]}))

    def lock(*extra: str) -> str:
        code = main(["lock", "-r", str(tmp_path / "req.in"), "--index-url", server.url, "--no-default-scores",
                     "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt"), "--no-reuse",
                     "--scores", str(scores), *extra])
        err = capsys.readouterr().err
        assert code == 0, err
        assert pins((tmp_path / "out.txt").read_text()) == {"app": "1.0", "lib": "2.0"} and "proven best" in err
        return err

    lock()
    assert not [p for p in server.requests_log if "lib-1.0" in p or "bonus" in p]  # never needed
    # The walk is remembered although lib 1.0 was never read: the next lock reuses it.
    lock("--offline")
    walk = walks_file(tmp_path)
    before = (walk.read_bytes(), walk.stat().st_mtime_ns)
    lock("--offline")
    assert (walk.read_bytes(), walk.stat().st_mtime_ns) == before
