"""The search when its source declines look-ahead reads (inside pip: no network for them).

Why: a plan inside pip reads no metadata from the network for the proof's look-ahead
(integrations/pip_resolver.py, ``_CachedLookahead``); such a release is *unknown* to the
search (``LookaheadDeclined``). That must never produce a false "proven best", and must not
cost the proofs that need nothing beyond what the resolutions themselves read.
"""

from __future__ import annotations

from hypothesis import example, given

from stackwise.resolve.engine import best_stack
from stackwise.resolve.policy import Policy
from stackwise.resolve.search import LookaheadDeclined
from test_resolve import SEED, SEED_RULES, MemorySource
from test_search_bruteforce import (
    DROP_C,
    PAIR_OUTSIDE,
    TARGET,
    brute_settings,
    check,
    instances,
    knowledge,
    problem_of,
    rule,
)


class CacheOnlyLookahead(MemorySource):
    """Look-ahead reads answered only for releases a resolution has read (as stackwise's
    cache inside pip); the others are declined."""

    def __init__(self, graph: dict[str, dict[str, list[str]]], *, read_anyway: bool = True) -> None:
        super().__init__(graph)
        self.read_anyway = read_anyway
        self.read: set[tuple[str, str]] = set()
        self.declined = 0

    def metadata(self, release):  # type: ignore[no-untyped-def]
        self.read.add((release.name, str(release.version)))
        return super().metadata(release)

    def lookahead_metadata(self, release):  # type: ignore[no-untyped-def]
        if (release.name, str(release.version)) not in self.read:
            self.declined += 1
            exc = LookaheadDeclined(f"{release.name} {release.version} is not cached")
            if self.read_anyway:
                exc.read_release = self.metadata  # type: ignore[attr-defined]  # what the search may read anyway
            raise exc
        return super().metadata(release)


def run(graph, roots, rules, source=None):  # type: ignore[no-untyped-def]
    source = source or CacheOnlyLookahead(graph)
    policy = Policy(knowledge(rules), TARGET, "stable")
    return best_stack(problem_of(roots), source, TARGET, policy, time_budget=60.0), source


@brute_settings()
@given(instances())
@example(PAIR_OUTSIDE)
@example(DROP_C)
def test_declined_reads_never_give_a_false_proof(instance):
    """The brute-force property of tests/test_search_bruteforce.py over a cache-only look-ahead."""
    import test_search_bruteforce as brute

    original = brute.MemorySource
    brute.MemorySource = CacheOnlyLookahead  # the same check, through the declining source
    try:
        check(*instance)
    finally:
        brute.MemorySource = original


def test_seed_example_is_still_proven():
    """The seed example needs no metadata beyond what its resolutions read: still a proof."""
    source = CacheOnlyLookahead(SEED)
    policy = Policy(knowledge(SEED_RULES), TARGET, "stable")
    out = best_stack(problem_of(["simplelib", "anotherlib"]), source, TARGET, policy, time_budget=60.0)
    assert out.stack.pins() == {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}
    assert out.proven, out.verdict


def test_a_walk_beyond_the_universe_that_was_declined_is_not_proven():
    """b is reachable only through a 1.0, which no resolution reads: without the read the
    root walk for the rule about b cannot finish, so the result is "best found"."""
    graph = {"a": {"2.0": [], "1.0": ["b"]}, "b": {"1.0": []}}
    rules = [rule("b", ">=0", score=0.5), rule("a", "==2.0", score=0.1)]
    out, source = run(graph, ["a"], rules, CacheOnlyLookahead(graph, read_anyway=False))
    assert source.declined > 0
    assert not out.proven and "not cached" in out.verdict, out.verdict
    out, _ = run(graph, ["a"], rules)  # the one read made anyway: b is found, and the proof holds
    assert out.proven and out.stack.pins() == {"a": "1.0", "b": "1.0"}


def test_a_walk_needing_many_declined_reads_stops_at_once():
    """Twenty old releases of a, none read by a resolution: the root walk makes none of
    those reads (more than the search's allowance) and says "best found"."""
    graph = {"a": {"9.0": [], **{f"1.{i}": ["b"] for i in range(20)}}, "b": {"1.0": []}, "c": {"1.0": []}}
    rules = [rule("c", ">=0", score=0.5), rule("a", "==9.0", score=0.1)]
    out, source = run(graph, ["a"], rules)
    assert not out.proven and "not cached" in out.verdict, out.verdict
    assert source.declined >= 9 and len(source.read) <= 2  # nothing of a 1.x was read
