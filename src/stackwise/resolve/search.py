"""Branch-and-bound search for the best-scoring stack.

Sorting each package's candidates by score is not enough: a pair rule gives a bonus (or a
veto) only to a *combination*, so the best stack may need an older version of one package
to unlock a good version of another (see the seed example). The search therefore treats
resolvelib as a complete feasibility oracle and explores a tree of version exclusions:

* the root is a plain resolution with candidates ordered by score, then newest;
* a stack containing a vetoed pair branches into "exclude side A" / "exclude side B";
* a stack that misses a positive pair, contains a negative one, or uses a version whose own
  score is below the best still allowed, branches into "enforce it" / "do without it";
* a node is pruned when its optimistic bound cannot beat the incumbent.

Equal scores are broken towards pip: the stack whose versions are newest in resolution
order wins, so an empty knowledge base returns exactly the root (= pip's) stack.
The result is *proven best* when the tree was exhausted within the time/node budget.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from packaging.version import Version

from stackwise.resolve.policy import PairTerm, Policy
from stackwise.resolve.provider import OutOfTime
from stackwise.resolve.resolution import Stack

EPS = 1e-9
Excluded = Mapping[str, frozenset[Version]]


@dataclass
class SearchResult:
    stack: Stack
    score: float
    proven: bool
    nodes: int  # resolutions run
    elapsed: float
    root: Stack  # the first stack found (score-sorted resolution, before any branching)


@dataclass(order=True)
class _Node:
    sort_key: tuple[float, int]
    excluded: dict[str, frozenset[Version]] = field(compare=False)
    decided: dict[str, bool] = field(compare=False)  # pair rule id -> enforced / given up


def _freeze(excluded: Mapping[str, frozenset[Version]]) -> frozenset[tuple[str, frozenset[Version]]]:
    return frozenset((k, v) for k, v in excluded.items() if v)


class Search:
    """Search over resolvelib runs; ``resolve(excluded)`` returns a stack or None."""

    def __init__(
        self,
        resolve: Callable[[Excluded], tuple[Stack | None, set[str]]],
        policy: Policy,
        versions: Callable[[str], list[tuple[Version, str | None]]],
        *,
        time_budget: float = 10.0,
        max_nodes: int = 2_000,
    ) -> None:
        self._resolve_raw = resolve
        self.policy = policy
        self.versions = versions  # all offered (version, index_url) of a name, newest first
        self.time_budget = time_budget
        self.max_nodes = max_nodes
        self.universe: set[str] = set()
        self.deadline: float | None = None  # set once the root is resolved; resolutions honour it
        self._cache: dict[frozenset[tuple[str, frozenset[Version]]], Stack | None] = {}
        self.runs = 0

    # -- evaluation ------------------------------------------------------------------------

    def _resolve(self, excluded: Excluded) -> Stack | None:
        key = _freeze(excluded)
        if key not in self._cache:
            stack, seen = self._resolve_raw(excluded)
            self.runs += 1
            self.universe |= seen
            self._cache[key] = stack
        return self._cache[key]

    def _allowed(self, name: str, excluded: Excluded) -> list[tuple[Version, str | None]]:
        out = excluded.get(name, frozenset())
        return [(v, i) for v, i in self.versions(name) if v not in out]

    def _top(self, name: str, excluded: Excluded) -> tuple[float, frozenset[Version]]:
        """Best unary score still allowed for ``name`` and the versions reaching it."""
        if not self.policy.rules_for(name):  # every version scores 0: all of them are tops
            return 0.0, frozenset(v for v, _ in self._allowed(name, excluded))
        best = None
        tops: set[Version] = set()
        for v, idx in self._allowed(name, excluded):
            s = self.policy.unary(name, v, idx)[0]
            if best is None or s > best + EPS:
                best, tops = s, {v}
            elif abs(s - best) <= EPS:
                tops.add(v)
        return (best if best is not None else 0.0), frozenset(tops)

    def _bound(self, node: _Node, terms: list[PairTerm]) -> float:
        """Optimistic score of any stack in this node (see module docstring for caveats)."""
        ub = 0.0
        rules_for = self.policy.rules_for
        for name in self.universe:
            if rules_for(name):  # a package no rule mentions scores 0: adds nothing
                ub += max(0.0, self._top(name, node.excluded)[0])
        for t in terms:
            if t.veto:
                continue
            decided = node.decided.get(t.rule.id)
            if decided is None or decided:
                ub += max(0.0, t.weight)
        return ub

    def _tie_key(self, stack: Stack, order: list[str]) -> tuple[int, ...]:
        """Smaller is closer to pip: newest versions first, in the root's resolution order."""
        key = []
        for name in order:
            rel = stack.releases.get(name)  # type: ignore[call-overload]
            if rel is None:
                key.append(1_000_000)
                continue
            versions = [v for v, _ in self.versions(name)]
            key.append(versions.index(rel.version) if rel.version in versions else 999_999)
        return tuple(key)

    # -- the search ------------------------------------------------------------------------

    def run(self) -> SearchResult | None:
        counter = itertools.count()
        root_node = _Node((0.0, next(counter)), {}, {})
        root = self._resolve({})
        if root is None:
            return None
        # The budget is for the search, not for the first resolution: on a cold cache that
        # one can take longer than the budget (network), and the root node must be evaluated.
        start = time.monotonic()
        self.deadline = start + self.time_budget
        order = list(root.order)
        heap: list[_Node] = [root_node]
        best: tuple[float, Stack] | None = None
        explored: set[tuple[frozenset[tuple[str, frozenset[Version]]], frozenset[tuple[str, bool]]]] = set()
        exhausted = True
        while heap:
            if self.runs >= self.max_nodes or time.monotonic() - start > self.time_budget:
                exhausted = False
                break
            node = heapq.heappop(heap)
            sig = (_freeze(node.excluded), frozenset(node.decided.items()))
            if sig in explored:
                continue
            explored.add(sig)
            try:
                stack = self._resolve(node.excluded)
            except OutOfTime:  # a resolution ran past the budget: what we have is best found
                exhausted = False
                break
            if stack is None:
                continue
            terms = self.policy.pair_terms(self.universe)
            ub = self._bound(node, terms)
            if best is not None and ub < best[0] - EPS:
                continue
            pins = stack.versions()
            for name in pins:
                if name not in order:
                    order.append(name)

            children: list[_Node] = []
            for term in terms:
                if term.veto and term.satisfied_by(pins):
                    # No children means the user pinned both sides: the pair is kept (warned).
                    children = self._forbid(node, term, counter, ub)
                    if children:
                        break
            if children:
                for child in children:
                    heapq.heappush(heap, child)
                continue

            score, _ = self.policy.stack_score(pins)
            if (
                best is None
                or score > best[0] + EPS
                or (
                    abs(score - best[0]) <= EPS
                    and self._tie_key(stack, order) < self._tie_key(best[1], order)
                )
            ):
                best = (score, stack)
            for child in self._improve(node, stack, pins, terms, counter, ub):
                heapq.heappush(heap, child)

        if best is None:
            return None
        return SearchResult(
            stack=best[1],
            score=best[0],
            proven=exhausted,
            nodes=self.runs,
            elapsed=time.monotonic() - start,
            root=root,
        )

    def _child(self, node: _Node, counter: itertools.count, ub: float, *,
               exclude: Mapping[str, frozenset[Version]] | None = None,
               decide: tuple[str, bool] | None = None) -> _Node:
        excluded = dict(node.excluded)
        for name, vs in (exclude or {}).items():
            excluded[name] = excluded.get(name, frozenset()) | vs
        decided = dict(node.decided)
        if decide is not None:
            decided[decide[0]] = decide[1]
        return _Node((-ub, next(counter)), excluded, decided)

    def _matching(self, name: str, match: Callable[[Version, str | None], bool], excluded: Excluded) -> frozenset[Version]:
        return frozenset(v for v, idx in self._allowed(name, excluded) if match(v, idx))

    def _forbid(self, node: _Node, term: PairTerm, counter: itertools.count, ub: float) -> list[_Node]:
        """Children that rule out a pair: exclude the matching versions of one side or the other."""
        children = []
        for m in term.members:
            if m.name in self.policy.user_pins:
                pinned = self.policy.user_pins[m.name]
                if m.specifier.contains(pinned, prereleases=True):
                    continue  # never exclude what the user pinned
            vs = self._matching(m.name, lambda v, i, m=m: m.matches(m.name, v, i), node.excluded)
            if vs:
                children.append(self._child(node, counter, ub, exclude={m.name: vs},
                                            decide=(term.rule.id, False)))
        if not children and term.veto:
            self.policy.warnings.append(
                f"{term.rule.describe()} — both versions are pinned by you, so the pair is kept."
            )
        return children

    def _improve(self, node: _Node, stack: Stack, pins: dict[str, tuple[Version, str | None]],
                 terms: list[PairTerm], counter: itertools.count, ub: float) -> list[_Node]:
        """Branch on the decision with the largest possible gain, if any remains."""
        best_gain = EPS
        choice: tuple[str, object] | None = None
        for t in terms:
            if t.veto or t.rule.id in node.decided:
                continue
            sat = t.satisfied_by(pins)
            if t.weight > 0 and not sat and t.weight > best_gain:
                best_gain, choice = t.weight, ("enforce", t)
            elif t.weight < 0 and sat and -t.weight > best_gain:
                best_gain, choice = -t.weight, ("avoid", t)
        for name, (version, idx) in pins.items():
            if not self.policy.rules_for(name):
                continue  # no rule mentions it: every version scores 0, no gap
            top, tops = self._top(name, node.excluded)
            gap = top - self.policy.unary(name, version, idx)[0]
            if gap > best_gain:
                best_gain, choice = gap, ("unary", (name, tops))
        if choice is None:
            return []
        kind, what = choice
        if kind == "unary":
            name, tops = what  # type: ignore[misc]
            allowed = {v for v, _ in self._allowed(name, node.excluded)}
            return [
                self._child(node, counter, ub, exclude={name: frozenset(allowed - tops)}),
                self._child(node, counter, ub, exclude={name: tops}),
            ]
        term: PairTerm = what  # type: ignore[assignment]
        if kind == "enforce":
            exclude = {}
            for m in term.members:
                exclude[m.name] = frozenset(
                    v for v, idx in self._allowed(m.name, node.excluded) if not m.matches(m.name, v, idx)
                )
            return [
                self._child(node, counter, ub, exclude=exclude, decide=(term.rule.id, True)),
                self._child(node, counter, ub, decide=(term.rule.id, False)),
            ]
        # avoid a negative pair: keep it (counted) or exclude one side
        return [self._child(node, counter, ub, decide=(term.rule.id, True)),
                *self._forbid(node, term, counter, ub)]
