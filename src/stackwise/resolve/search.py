"""Branch-and-bound search for the best-scoring stack.

Sorting each package's candidates by score is not enough: a pair rule gives a bonus (or a
veto) only to a *combination*, so the best stack may need an older version of one package
to unlock a good version of another (see the seed example), and the best stack may leave a
package out altogether (every version of it scores badly, and another release of its parent
does without it). The search therefore treats resolvelib as a complete feasibility oracle
and explores a tree of version exclusions. A node stands for every valid stack that uses no
excluded version (and, for pair rules it has given up, does not satisfy them); its children
together stand for all of those stacks:

* the root is a plain resolution with candidates ordered by score, then newest;
* a stack containing a vetoed pair branches into "exclude side A" / "exclude side B";
* a stack that misses a positive pair, contains a negative one, or uses a version whose own
  score is below the best still allowed, branches into "enforce it" / "do without it";
* otherwise, while the node could still beat the incumbent, the bound is first tightened
  with the projects the node's allowed releases can pull in at all; then a parent is split
  by whether its release requires a project the bound still counts on, or else a package of
  the stack with more than one allowed version is split into "exactly this version (or
  absent)" / "any other version (or absent)". A node whose stack has every package down to
  one allowed version holds no other stack: the dependency closure of the roots is fixed.

A node is closed when its resolution fails, when its stack reaches the node's bound, or when
its bound cannot beat the incumbent. The bound is *admissible*: it never underestimates a
stack of the node. Per project it counts the best allowed version's score, or 0 when the
project may be left out (not a root, not required by a fixed release, nor by every allowed
release of a forced parent); every positive pair rule still satisfiable, including rules
whose other side no explored stack contains; every negative pair rule the node keeps (its
siblings hold the stacks without it); and, when the knowledge base has positive
rules about projects outside the explored universe, every project reachable through any
allowed release's Requires-Dist (with the extras requested along the way, and the user's
overrides applied as the provider applies them); of a project only requirements with
specifiers reach, only the releases one of those specifiers admits.

The result is *proven best* only when the tree was exhausted with that bound; a time or node
limit, a reachability walk that could not finish, or a branch that could not be evaluated
(e.g. a page missing from the cache offline) leaves it *best found*. Vetoes are never
traded for time: the budget counts from the first resolution, but the search does not stop
before it has a stack without a vetoed pair, so ``time_budget=0`` means "the first valid
stack". Equal scores are broken towards pip: the
stack whose versions are newest in resolution order wins, so an empty knowledge base returns
exactly the root (= pip's) stack.
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import Protocol

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from stackwise._dataclass import dataclass
from stackwise.errors import ResolutionError, StackwiseError
from stackwise.knowledge.rules import KnowledgeBase, Rule
from stackwise.resolve.budget import check_time_budget
from stackwise.resolve.policy import PairTerm, Policy
from stackwise.resolve.provider import OutOfTime
from stackwise.resolve.resolution import Stack

EPS = 1e-9
Excluded = Mapping[str, frozenset[Version]]
# (projects every stack holding the release contains, and per extra -- "" for the base
# release -- the (project, extras, specifier) edges it requires; a specifier of "", or an
# edge of two items, admits every release), or None when the release's metadata cannot be
# had (it is then never part of a stack).
Dependencies = tuple[frozenset[str], Mapping[str, frozenset[tuple[str, frozenset[str], str]]]]
DependencyLookup = Callable[[str, Version, str | None], Dependencies | None]
#: Above this many rule-bearing projects outside the universe, the reachability walk is
#: cheaper than asking the knowledge base about each of them.
_OUTSIDE_CHECK_LIMIT = 2_000
Releases = Callable[[str], list[tuple[Version, str | None]]]


class WalkMemo(Protocol):
    """The root reachability walk's result kept between runs (resolve/engine.py).

    ``recall`` returns the projects the walk from ``roots`` (project -> extras) reached, only
    while everything the walk read is as it was: each project's offered releases
    (``offered``) and those a stack may use (``allowed``: not vetoed), and every release's
    dependencies. ``remember`` is told a complete walk's result, and per project the allowed
    releases it read (``walked``: those its edges' specifiers admit; the others were never
    read, and with the same reads the walk reads nothing else).
    """

    def recall(self, roots: Mapping[str, frozenset[str]], offered: Releases, allowed: Releases) -> set[str] | None:
        ...

    def remember(self, roots: Mapping[str, frozenset[str]], seen: set[str], offered: Releases,
                 allowed: Releases, walked: Releases | None = None) -> None:
        ...


class LookaheadDeclined(StackwiseError):
    """A look-ahead read the candidate source declines to make here, e.g. metadata that only
    the network has, inside pip (integrations/pip_resolver.py), where the plan must be cheap.

    Why not simply "unexplored": the release is *unknown*, not absent. The node-level walks
    treat it as able to pull in anything (no bound is tightened with it, which keeps proofs
    sound and possible: the resolutions still read what they try). The root walk for rules
    beyond the universe reads a few of them anyway through ``read`` (when the source gives
    it; at most ``_DECLINED_READS`` per search), and is left incomplete past that (then
    nothing is "proven best").
    """

    def __init__(self, message: str, read: Callable[[], Dependencies | None] | None = None) -> None:
        super().__init__(message)
        self.read = read  # the declined read made anyway (the network, inside pip)


#: The root walk makes at most this many declined reads: a walk that needs only a few (a
#: rule-bearing project one old release pulls in) is still proven; one that needs hundreds
#: (old releases of a big project) stops at once instead of paying for each.
_DECLINED_READS = 8
#: Releases of a project the reachability walk asks the source to prefetch at a time.
_PREFETCH_AHEAD = 16


#: What :meth:`Search._deps` returns for a release whose metadata the source declined to read.
UNREAD = object()


class SearchLimit(Exception):  # noqa: N818 - a result, not an error condition of the code
    """The node limit was reached before any stack free of vetoed pairs was found."""

    def __init__(self, runs: int) -> None:
        super().__init__(runs)
        self.runs = runs


@dataclass
class SearchResult:
    stack: Stack
    score: float
    proven: bool
    nodes: int  # resolutions run
    elapsed: float
    root: Stack  # the first stack found (score-sorted resolution, before any branching)
    stopped: str = ""  # why a result that is not proven stopped short ("" when proven)


@dataclass(order=True)
class _Node:
    sort_key: tuple[float, int]
    excluded: dict[str, frozenset[Version]] = field(compare=False)
    decided: dict[str, bool] = field(compare=False)  # pair rule id -> enforced / given up


def _freeze(excluded: Mapping[str, frozenset[Version]]) -> frozenset[tuple[str, frozenset[Version]]]:
    return frozenset((k, v) for k, v in excluded.items() if v)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class _Forced:
    """Whether every stack of a node contains a project (a subset test: "no" may be wrong,
    "yes" never is).

    Starts from the roots and what fixed releases require; a project outside that set is
    also forced when some forced parent (seen in any stack) requires it in *every* release
    still allowed. That second test reads those releases' metadata, so it is only asked for
    projects where it matters (a negative score that dropping the project would avoid).
    """

    MAX_RELEASES = 100  # beyond this many allowed releases of a parent, do not read them all

    def __init__(self, search: Search, excluded: Excluded, base: set[str]) -> None:
        self.search = search
        self.excluded = excluded
        self.base = base
        self.memo: dict[str, bool] = {}

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._check(name, set())

    def __iter__(self) -> Iterator[str]:
        return iter(self.base)

    def _check(self, name: str, visiting: set[str]) -> bool:
        if name in self.base:
            return True
        hit = self.memo.get(name)
        if hit is not None:
            return hit
        search = self.search
        if search.dependencies is None or name in visiting or search.out_of_time():
            return False  # before a valid stack is known, or past the deadline: no metadata reads
        visiting.add(name)
        result = False
        for parent in sorted(search.parents.get(name, ())):
            if not self._check(parent, visiting):
                continue
            allowed = search._allowed(parent, self.excluded)
            if not allowed or len(allowed) > self.MAX_RELEASES:
                continue
            # A release whose metadata cannot be had is never part of a stack: it does not count.
            # One whose metadata was not read (UNREAD) may lack the project: "no".
            if all(deps is None or (deps is not UNREAD and name in deps[0])  # type: ignore[index]
                   for deps in (search._deps(parent, v, i) for v, i in allowed)):
                result = True
                break
        visiting.discard(name)
        if result or not visiting:  # a "no" reached inside a cycle may be premature
            self.memo[name] = result
        return result


class Search:
    """Search over resolvelib runs; ``resolve(excluded)`` returns a stack or None."""

    def __init__(
        self,
        resolve: Callable[[Excluded], tuple[Stack | None, set[str]]],
        policy: Policy,
        versions: Callable[[str], list[tuple[Version, str | None]]],
        *,
        dependencies: DependencyLookup | None = None,
        required: Collection[str] | Mapping[str, frozenset[str]] = (),
        time_budget: float = 10.0,
        max_nodes: int = 2_000,
        fallback: Callable[[], tuple[Stack | None, set[str]]] | None = None,
        walk_memo: WalkMemo | None = None,
        within: Mapping[str, SpecifierSet] | None = None,
        prefetch: Callable[[str, list[tuple[Version, str | None]]], None] | None = None,
    ) -> None:
        self._resolve_raw = resolve
        # Asks the source to start reading these releases' dependencies (concurrently): the
        # reachability walk reads hundreds of releases one after the other, and online each
        # read is a round trip (``connexion<3 flask`` spent its whole budget waiting on them).
        self.prefetch = prefetch
        # What the user's requirements (roots, constraints) allow of a project: no stack holds
        # another release, so the bound, the splits and the reachability walk never look at one
        # (a walk that read ``pyopenssl`` 0.14 for ``pyopenssl==22.0.0`` named it as unexplored).
        self.within: Mapping[str, SpecifierSet] = within or {}
        self.walk_memo = walk_memo
        # The root resolution in pip's order, for when the one in score order cannot finish
        # within the budget (None: the root resolution is not bounded).
        self._fallback = fallback
        self.policy = policy
        self.versions = versions  # all offered (version, index_url) of a name, newest first
        self.dependencies = dependencies
        self.required = frozenset(required)  # projects every stack contains (the roots)
        # The extras each root is asked with (what a stack may pull in through them).
        self.root_extras: dict[str, frozenset[str]] = (
            {n: frozenset(e) for n, e in required.items()} if isinstance(required, Mapping) else {})
        self.time_budget = check_time_budget(time_budget)
        self.max_nodes = max_nodes
        self.universe: set[str] = set()
        self.parents: dict[str, set[str]] = {}  # project -> parents that required it in some stack
        # Rule-bearing projects some stack may reach beyond the universe (None: not needed).
        self.reachable: set[str] | None = None
        self.complete = True  # False once the bound may miss a project (walk cut short)
        self.error: StackwiseError | None = None  # the first branch that could not be evaluated
        self.declined: LookaheadDeclined | None = None  # the first look-ahead read the source declined
        self._declined: dict[tuple[str, Version, str | None], LookaheadDeclined] = {}
        self._declined_reads = 0  # declined reads made anyway by the root walk
        self.deadline: float | None = None  # the root's, then set once a valid stack is known
        self.fell_back = ""  # why the root resolution is pip's order, when it is
        self._cache: dict[frozenset[tuple[str, frozenset[Version]]], Stack | None] = {}
        self._allowed_cache: dict[tuple[str, frozenset[Version]], list[tuple[Version, str | None]]] = {}
        self._deps_cache: dict[tuple[str, Version, str | None], Dependencies | None] = {}
        self._offered_cache: dict[str, list[tuple[Version, str | None]]] = {}
        self._admitted_cache: dict[tuple[str, str], frozenset[Version] | None] = {}
        # The releases the last complete root walk read, per project (what a remembered walk rests on).
        self._root_walked: dict[str, set[tuple[Version, str | None]]] = {}
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
        """Versions a stack of this node may use: offered, within the user's requirements,
        not vetoed, not excluded."""
        out = excluded.get(name, frozenset())
        key = (name, out)
        hit = self._allowed_cache.get(key)
        if hit is None:
            veto = self.policy.veto if self.policy.may_veto(name) else None
            offered = self._offered(name)
            spec = self.within.get(name)
            if spec is not None:
                offered = [(v, i) for v, i in offered if spec.contains(v, prereleases=True)]
            if not out and veto is None:
                hit = offered
            else:
                hit = [(v, i) for v, i in offered if v not in out and (veto is None or veto(name, v, i) is None)]
            self._allowed_cache[key] = hit
        return hit

    def _offered(self, name: str) -> list[tuple[Version, str | None]]:
        """Every offered (version, index_url) of ``name``, newest first ([] when it cannot be had)."""
        hit = self._offered_cache.get(name)
        if hit is None:
            try:
                hit = list(self.versions(name))
            except StackwiseError as exc:  # e.g. a page not cached with --offline: no proof
                self._unexplored(exc)
                hit = []
            self._offered_cache[name] = hit
        return hit

    def _allowed_at_root(self, name: str) -> list[tuple[Version, str | None]]:
        return self._allowed(name, {})

    def _walked_at_root(self, name: str) -> list[tuple[Version, str | None]]:
        """The allowed releases of ``name`` the root walk read (those its edges' specifiers admit)."""
        read = self._root_walked.get(name, ())
        return [r for r in self._allowed(name, {}) if r in read]

    def _deps(self, name: str, version: Version, idx: str | None) -> Dependencies | None | object:
        """The release's dependencies; None when it can never be part of a stack; UNREAD when
        the source declined the read (asked again next time: a resolution may read it)."""
        key = (name, version, idx)
        if key not in self._deps_cache:
            try:
                self._deps_cache[key] = None if self.dependencies is None else self.dependencies(name, version, idx)
            except LookaheadDeclined as exc:
                if self.declined is None:
                    self.declined = exc
                self._declined[key] = exc
                return UNREAD
            except StackwiseError as exc:  # metadata that cannot be had here: no proof
                self._unexplored(exc)
                self._deps_cache[key] = None
        return self._deps_cache[key]

    def _top(self, name: str, excluded: Excluded) -> tuple[float | None, frozenset[Version]]:
        """Best unary score still allowed for ``name`` (None: no version left) and its versions."""
        allowed = self._allowed(name, excluded)
        if not allowed:
            return None, frozenset()
        if not self.policy.version_rules(name):  # every version scores 0: all of them are tops
            return 0.0, frozenset(v for v, _ in allowed)
        best = None
        tops: set[Version] = set()
        for (v, _), s in zip(allowed, self.policy.unary_scores(name, allowed), strict=True):
            if best is None or s > best + EPS:
                best, tops = s, {v}
            elif abs(s - best) <= EPS:
                tops.add(v)
        return best, frozenset(tops)

    def _forced(self, excluded: Excluded) -> _Forced:
        """Projects every stack of the node contains: the roots, and what fixed releases require."""
        forced = set(self.required)
        todo = list(forced)
        while todo:
            name = todo.pop()
            allowed = self._allowed(name, excluded)
            if len(allowed) != 1:
                continue
            deps = self._deps(name, *allowed[0])
            if deps is None or deps is UNREAD:
                continue
            for dep in deps[0]:  # type: ignore[index]
                if dep not in forced:
                    forced.add(dep)
                    todo.append(dep)
        return _Forced(self, excluded, forced)

    def _names(self) -> set[str]:
        return self.universe if self.reachable is None else self.universe | self.reachable

    def _possible(self, term: PairTerm, excluded: Excluded) -> bool:
        """Whether some stack of the node can satisfy the pair (both sides allowed to match)."""
        for m in term.members:
            if not any(m.matches(m.name, v, i) for v, i in self._allowed(m.name, excluded)):
                return False
        return True

    def _bound(self, node: _Node, terms: list[PairTerm], forced: _Forced | None = None,
               possible: set[str] | None = None) -> float:
        """Admissible optimistic score of any stack in this node (-inf: the node holds none).

        ``possible``, when known, holds every project some stack of the node can contain;
        the others add nothing, and pairs with a side outside it cannot be satisfied.
        """
        forced = self._forced(node.excluded) if forced is None else forced
        ub = 0.0
        rules_for = self.policy.rules_for
        names = self._names() | forced.base
        if possible is not None:
            names &= possible
        for name in names:
            if not rules_for(name):  # a package no rule mentions scores 0: adds nothing
                if name in forced.base and not self._allowed(name, node.excluded):
                    return -math.inf
                continue
            top = self._top(name, node.excluded)[0]
            if top is None:
                if name in forced:
                    return -math.inf
            elif top >= 0 or name in forced:
                ub += top
        for t in terms:
            if t.weight < 0 and not t.veto and node.decided.get(t.rule.id) is True:
                # "Keep the penalised pair" (_improve): the stacks without it belong to the
                # siblings that exclude one side, so this node's stacks all owe the penalty.
                # Not counting it left that child with its parent's bound and stack, and it was
                # split blindly until the budget ran out (``dbt-core<1.11.7``: pip's pick holds
                # a hint's pair; 9 s of walks over every dbt-core release, no proof). Not owed
                # when the siblings miss some of those stacks: both sides pinned by the user (no
                # siblings), or a side limited to one index (they exclude whole versions).
                if not self._both_pinned(t) and all(m.index_url is None for m in t.members):
                    ub += t.weight
                continue
            if t.veto or t.weight <= 0 or node.decided.get(t.rule.id) is False:
                continue
            if possible is not None and not all(n in possible for n in t.names):
                continue
            if self._possible(t, node.excluded):
                ub += t.weight
        return ub

    def _root_extras(self) -> dict[str, frozenset[str]]:
        """The roots and the extras each is asked with: where every walk starts."""
        return {n: self.root_extras.get(n, frozenset()) for n in self.required}

    def _admitted(self, name: str, spec: str) -> frozenset[Version] | None:
        """The offered versions of ``name`` an edge's specifier admits (pre-releases too, as
        the provider checks requirements: never narrower); None when it admits any."""
        key = (name, spec)
        if key not in self._admitted_cache:
            try:
                parsed = SpecifierSet(spec)
            except InvalidSpecifier:  # not from packaging's own text: count it as unbounded
                parsed = None
            self._admitted_cache[key] = None if parsed is None or not len(parsed) else frozenset(
                v for v, _ in self._offered(name) if parsed.contains(v, prereleases=True))
        return self._admitted_cache[key]

    def _possible_names(self, excluded: Excluded,
                        unread: list[tuple[str, Version, str | None]] | None = None,
                        walked: dict[str, set[tuple[Version, str | None]]] | None = None) -> set[str] | None:
        """Every project some stack of the node may contain: the roots and whatever any allowed
        release of a possible project may pull in (None: unknown, or past the deadline).
        With ``unread``, releases whose read was declined are listed there and skipped (the
        result is then only a lower estimate) instead of ending the walk with None, up to
        the reads the root walk may make anyway (past them: None). ``walked`` is filled with
        the releases whose dependencies were read, per project.

        A project reached only through edges with specifiers can only hold a release one of
        them admits (the provider requires every requirement on it to hold, so the union of
        the edges' specifiers is a superset): only those releases are walked. A root, or a
        project some walked release requires without a bound, has every allowed release."""
        if self.dependencies is None:
            return None
        requested: dict[str, set[str]] = {n: set(self.root_extras.get(n, ())) for n in self.required}
        # Per project, the versions its bounded edges admit (None: every allowed release).
        admits: dict[str, set[Version] | None] = dict.fromkeys(requested)
        specs: dict[str, set[str]] = {}  # the specifiers already counted in ``admits``
        done: dict[str, tuple[frozenset[str], set[tuple[Version, str | None]]]] = {}
        todo = sorted(requested)
        while todo:
            if self.deadline is not None and time.monotonic() > self.deadline:
                return None
            name = todo.pop()
            extras = frozenset(requested[name])
            found = done.get(name)
            if found is None or found[0] != extras:  # new extras: every release again, with all of them
                found = done[name] = (extras, set())
            read = found[1]
            bound = admits[name]
            items = [(v, idx) for v, idx in self._allowed(name, excluded)
                     if (bound is None or v in bound) and (v, idx) not in read]
            for k, (v, idx) in enumerate(items):
                if self.prefetch is not None and k % _PREFETCH_AHEAD == 0:
                    # the next two windows, so reads keep arriving while these are parsed
                    self.prefetch(name, items[k: k + 2 * _PREFETCH_AHEAD])
                # Reading metadata online can take long: the budget bounds it, checked before
                # every read (every 16th let a walk overrun a 10 s budget by 0.5-1.2 s).
                if self.deadline is not None and time.monotonic() > self.deadline:
                    return None
                deps = self._deps(name, v, idx)
                if deps is UNREAD:
                    if unread is None:
                        return None  # it may pull in anything: nothing is known about the node's reach
                    unread.append((name, v, idx))
                    if self._declined_reads + len(unread) > _DECLINED_READS:
                        return None  # more than the root walk may read anyway: stop here
                    continue
                read.add((v, idx))
                if deps is None:
                    continue  # never part of a stack
                edges = deps[1]  # type: ignore[index]
                for key in ("", *extras):
                    for edge in edges.get(key, ()):
                        dep, dep_extras = edge[0], edge[1]
                        spec = edge[2] if len(edge) > 2 else ""  # type: ignore[misc]
                        have = requested.get(dep)
                        if have is None:
                            requested[dep] = set(dep_extras)
                            ok = self._admitted(dep, spec) if spec else None
                            admits[dep] = None if ok is None else set(ok)
                            if ok is not None:
                                specs[dep] = {spec}
                            todo.append(dep)
                            continue
                        grown = not dep_extras <= have
                        if grown:
                            have |= dep_extras
                        wider = admits[dep]
                        if wider is not None and spec not in specs[dep]:
                            ok = self._admitted(dep, spec) if spec else None
                            if ok is None:
                                admits[dep] = None
                                grown = True
                            else:
                                specs[dep].add(spec)
                                if not ok <= wider:
                                    wider |= ok
                                    grown = True
                        if grown:
                            todo.append(dep)
        if walked is not None:
            for name, (_, read) in done.items():
                walked[name] = read
        return set(requested)

    def _root_walk(self) -> set[str] | None:
        """The root node's possible projects, making a few declined reads (see LookaheadDeclined)."""
        while True:
            unread: list[tuple[str, Version, str | None]] = []
            walked: dict[str, set[tuple[Version, str | None]]] = {}
            seen = self._possible_names({}, unread, walked)
            if seen is None or not unread:
                self._root_walked = walked
                return seen
            if self._declined_reads + len(unread) > _DECLINED_READS:
                return None
            for key in unread:
                read = self._declined[key].read
                if read is None or self.out_of_time():
                    return None
                self._declined_reads += 1
                try:
                    self._deps_cache[key] = read()
                except StackwiseError as exc:  # as _deps: no proof through it
                    self._unexplored(exc)
                    self._deps_cache[key] = None

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

    def out_of_time(self) -> bool:
        """True before the clock runs (no valid stack yet: bounds are not used) or past it."""
        return self.deadline is None or time.monotonic() > self.deadline

    def _unexplored(self, exc: StackwiseError) -> None:
        self.complete = False
        if self.error is None:
            self.error = exc

    # -- what the bound must cover beyond the explored universe ------------------------------

    def _outside_matters(self) -> bool:
        """Whether a rule about a project no resolution has looked at could raise a score.

        Rules in memory are scanned directly; whole score files indexed by name are asked
        about each project outside the universe; a source that answers only per project
        asked (a score service, live vulnerability data) cannot say, so it counts as yes.
        """
        policy = self.policy
        if not any(w > 0 for w in policy.weights.values()):
            return False  # e.g. ``latest``: only vetoes act
        universe = self.universe

        def positive(rule: Rule) -> bool:
            return (rule.score > 0 and policy.weight(rule) > 0 and not rule.vetoes_in(policy.recommendation)
                    and rule.applies_to(policy.target) and any(n not in universe for n in rule.names()))

        layers = getattr(policy.kb, "layers", None)
        for layer in [policy.kb] if layers is None else layers:
            if isinstance(layer, KnowledgeBase):
                if any(positive(rule) for rule in layer.rules):
                    return True
            elif layers is not None and hasattr(layer, "packages"):
                # A compiled score file (or the shipped learned layer) knows which projects
                # have positive rules at all.
                names = layer.positive_packages() if hasattr(layer, "positive_packages") else layer.packages()
                outside = names - universe
                if len(outside) > _OUTSIDE_CHECK_LIMIT:
                    return True
                if any(positive(rule) for name in sorted(outside) for rule in layer.for_package(name)):
                    return True
            else:
                return True
        return False

    def _walk_reachable(self) -> None:
        """Every rule-bearing project some stack could contain, through any allowed release.

        Needed only when the knowledge base has positive rules about projects beyond the
        universe; stops (leaving the proof incomplete) at the deadline or without metadata.
        """
        if not self._outside_matters():
            return
        if self.dependencies is None:
            self.complete = False
            return
        memo = self.walk_memo
        seen = None if memo is None else memo.recall(self._root_extras(), self._offered, self._allowed_at_root)
        if seen is None:
            complete, self.complete = self.complete, True
            seen = self._root_walk()
            if seen is None:  # past the deadline, or releases the source declined to read
                self.complete = False
                return
            if memo is not None and self.complete:  # nothing left unexplored by the walk
                memo.remember(self._root_extras(), seen, self._offered, self._allowed_at_root,
                              walked=self._walked_at_root)
            self.complete = complete and self.complete
        prefetch = getattr(self.policy.kb, "prefetch", None)
        if prefetch is not None:  # a score service answers for all of them in one round trip
            prefetch(sorted(seen - self.universe))
        self.reachable = {n for n in seen if self.policy.rules_for(n)}

    # -- the search ------------------------------------------------------------------------

    def run(self) -> SearchResult | None:
        """The best stack (``None``: no stack free of vetoes exists); SearchLimit if the node
        limit came before any such stack."""
        counter = itertools.count()
        root_node = _Node((0.0, next(counter)), {}, {})
        began = time.monotonic()
        root = self._root()
        if root is None:
            return None
        if self.fell_back:
            return self._fallen_back(root, began)
        # One budget for the root resolution and the search together (each had its own, so
        # the default 10 s allowed 20). It is stretched only to reach a valid stack.
        start = began
        order = list(root.order)
        heap: list[_Node] = [root_node]
        best: tuple[float, Stack] | None = None
        explored: set[tuple[frozenset[tuple[str, frozenset[Version]]], frozenset[tuple[str, bool]]]] = set()
        stopped = ""
        while heap:
            if best is not None:
                if self.runs >= self.max_nodes:
                    stopped = f"stopped after {self.runs} resolutions"
                    break
                if time.monotonic() > self.deadline:  # type: ignore[operator]
                    stopped = ("first valid stack: --time-budget 0" if self.time_budget == 0
                               else f"time budget of {self.time_budget:g}s spent")
                    break
            elif self.runs >= self.max_nodes:
                raise SearchLimit(self.runs)
            node = heapq.heappop(heap)
            sig = (_freeze(node.excluded), frozenset(node.decided.items()))
            if sig in explored:
                continue
            explored.add(sig)
            if best is not None:
                ub = self._bound(node, self.policy.pair_terms(self._names()))
                if ub < best[0] - EPS:
                    continue
            try:
                stack = self._resolve(node.excluded)
            except OutOfTime:  # a resolution ran past the budget: what we have is best found
                stopped = f"time budget of {self.time_budget:g}s spent"
                break
            except StackwiseError as exc:
                # This branch needs what cannot be had here (a page not cached with --offline, a
                # resolution too deep): the others still count, but nothing is proven.
                self._unexplored(exc)
                continue
            if stack is None:
                continue
            pins = stack.versions()
            for name in pins:
                if name not in order:
                    order.append(name)
            for name, parents in stack.parents.items():
                self.parents.setdefault(name, set()).update(p for p in parents if p != "-r")
            terms = self.policy.pair_terms(self._names())

            children: list[_Node] = []
            for term in terms:
                if term.veto and term.satisfied_by(pins):
                    # No children means the user pinned both sides: the pair is kept (warned).
                    children = self._forbid(node, term, counter, 0.0, stack.order)
                    if children:
                        break
            if children:
                ub = self._bound(node, terms)
                for child in children:
                    child.sort_key = (-ub, child.sort_key[1])
                    heapq.heappush(heap, child)
                continue

            score, _ = self.policy.stack_score(pins)
            if best is None:
                # Vetoes hold whatever the budget: the clock stops nothing before the first valid stack.
                self.deadline = max(start + self.time_budget, time.monotonic())
                self._walk_reachable()
                terms = self.policy.pair_terms(self._names())
            if (
                best is None
                or score > best[0] + EPS
                or (
                    abs(score - best[0]) <= EPS
                    and self._tie_key(stack, order) < self._tie_key(best[1], order)
                )
            ):
                best = (score, stack)
            forced = self._forced(node.excluded)
            ub = self._bound(node, terms, forced)
            if score >= ub - EPS:
                continue  # nothing in this node beats its own stack
            for child in self._improve(node, stack, pins, terms, counter, ub, forced, best[0]):
                heapq.heappush(heap, child)

        if best is None:
            if self.error is not None:  # the branches left out may hold the only valid stacks
                raise self.error
            if stopped:  # cannot happen: the clock only runs once a valid stack is known
                raise SearchLimit(self.runs)
            return None
        if not stopped and not self.complete:
            stopped = ("some branches could not be evaluated: " + _first_line(self.error) if self.error is not None
                       else "the projects a stack could reach were not all looked at"
                       + (f" ({_first_line(self.declined)})" if self.declined is not None else ""))
        return SearchResult(
            stack=best[1],
            score=best[0],
            proven=not stopped,
            nodes=self.runs,
            elapsed=time.monotonic() - start,
            root=root,
            stopped=stopped,
        )

    def _root(self) -> Stack | None:
        """The root resolution in score order, within the time budget.

        Why: scores may lead the first resolution into old releases that ship only source
        distributions, and building their metadata online took over ten minutes. Past the
        budget, the root is resolved in pip's order (vetoes kept; what was fetched is cached
        now) with no deadline: that is the work pip itself would do, and a lock must not fail
        where pip succeeds just because the index is slow or the cache cold.
        ``--time-budget 0`` ("the first valid stack") leaves the root unbounded."""
        if self._fallback is None or self.time_budget == 0:
            return self._resolve({})
        self.deadline = time.monotonic() + self.time_budget
        try:
            return self._resolve({})
        except OutOfTime as exc:
            waiting = exc.args[0] if exc.args else "a project"
        finally:
            self.deadline = None
        self.fell_back = (f"the first resolution in score order did not finish within the time budget "
                          f"of {self.time_budget:g}s (it was at {waiting}): pip's order was used")
        stack, seen = self._fallback()
        self.runs += 1
        self.universe |= seen
        return stack

    def _fallen_back(self, stack: Stack, began: float) -> SearchResult:
        """The pip's-order root as the result: valid (no vetoed pair), scored, never "proven"."""
        pins = stack.versions()
        for term in self.policy.pair_terms(self._names()):
            if term.veto and term.satisfied_by(pins):
                raise ResolutionError(
                    f"No stack without a vetoed combination was found within the time budget: {self.fell_back}, "
                    f"and that stack has the vetoed pair {term.rule.describe()} [rule {term.rule.id}]. "
                    "Give a larger --time-budget."
                )
        score, _ = self.policy.stack_score(pins)
        return SearchResult(stack=stack, score=score, proven=False, nodes=self.runs,
                            elapsed=time.monotonic() - began, root=stack, stopped=self.fell_back)

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

    def _both_pinned(self, term: PairTerm) -> bool:
        """Whether the user pinned both sides of the pair at matching versions (it is then kept)."""
        pins = self.policy.user_pins
        return all(m.name in pins and m.specifier.contains(pins[m.name], prereleases=True) for m in term.members)

    def _forbid(self, node: _Node, term: PairTerm, counter: itertools.count, ub: float,
                order: Sequence[str] = ()) -> list[_Node]:
        """Children that rule out a pair: exclude the matching versions of one side or the other.

        A side the user pinned (at a matching version) is still excluded in its child: that
        child holds the stacks without the package (a pin from a constraint does not make it
        present), which no other child holds. Only a pair whose both sides are pinned is kept.

        The side the stack pinned last (``order``: the resolution's pin order) is excluded in
        the first child, so siblings of equal bound are tried as a resolver that knew the pair
        would backtrack: keeping the earlier choices, which the score order made first. Before,
        the rule's first side went first: ``flask<2`` (jinja2 2.11.3 with markupsafe 3.0.4
        vetoed) tried "no jinja2 2.x" first, a cheap stack the hints penalise (jinja2 3.1 with
        flask 1.1.2, -2.4), and a cold cache then spent the budget building markupsafe 2.0.1."""
        if self._both_pinned(term):
            if term.veto:
                self.policy.warnings.append(
                    f"{term.rule.describe()} — both versions are pinned by you, so the pair is kept."
                )
            return []
        children = []
        members = list(term.members)
        if order:
            members.sort(key=lambda m: -order.index(m.name) if m.name in order else 1)
        for m in members:
            vs = self._matching(m.name, lambda v, i, m=m: m.matches(m.name, v, i), node.excluded)
            if vs:
                children.append(self._child(node, counter, ub, exclude={m.name: vs},
                                            decide=(term.rule.id, False)))
        return children

    def _improve(self, node: _Node, stack: Stack, pins: dict[str, tuple[Version, str | None]],
                 terms: list[PairTerm], counter: itertools.count, ub: float, forced: _Forced,
                 incumbent: float) -> list[_Node]:
        """Children covering every stack of the node, split where the largest gain may be."""
        best_gain = EPS
        choice: tuple[str, object] | None = None
        for t in terms:
            if t.veto or t.rule.id in node.decided:
                continue
            sat = t.satisfied_by(pins)
            if t.weight > 0 and not sat and t.weight > best_gain and self._possible(t, node.excluded):
                best_gain, choice = t.weight, ("enforce", t)
            elif t.weight < 0 and sat and -t.weight > best_gain:
                best_gain, choice = -t.weight, ("avoid", t)
        gaps: list[str] = []  # packages scoring below what the bound allows them
        for name, (version, idx) in pins.items():
            if not self.policy.version_rules(name):
                continue  # no version rule about it: every version scores 0, no gap
            top, tops = self._top(name, node.excluded)
            own = self.policy.unary(name, version, idx)[0]
            if top is None:
                continue
            allowance = top if top >= 0 or name in forced else 0.0
            if allowance - own > EPS:
                gaps.append(name)
            gap = top - own
            if gap > best_gain and version not in tops:
                best_gain, choice = gap, ("unary", (name, tops))
        if choice is None:
            if ub <= incumbent + EPS:
                return []  # only ties are left in this node
            # Before splitting blindly, tighten the bound with what the node's stacks can
            # contain at all: a bonus for a project no allowed release pulls in is not owed.
            possible = self._possible_names(node.excluded)
            if possible is not None:
                ub = self._bound(node, terms, forced, possible)
                if ub <= incumbent + EPS:
                    return []
                targeted = self._split_on_presence(node, stack, pins, terms, counter, ub, possible)
                if targeted:
                    return targeted
            return self._split(node, stack, counter, ub, gaps)
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
                *self._forbid(node, term, counter, ub, stack.order)]

    def _split_on_presence(self, node: _Node, stack: Stack, pins: dict[str, tuple[Version, str | None]],
                           terms: list[PairTerm], counter: itertools.count, ub: float,
                           possible: set[str]) -> list[_Node]:
        """Split a parent by whether its release requires a project the bound still counts on.

        For a positive pair (or a positive score) whose project is absent from the stack but
        possible in the node: the releases of one of its parents in the stack that require it,
        against those that do not. The first child has the project in every stack.
        """
        wanted: list[tuple[float, str]] = []
        for t in terms:
            if t.veto or t.weight <= 0 or node.decided.get(t.rule.id) is False or t.satisfied_by(pins):
                continue
            for name in t.names:
                if name not in pins and name in possible:
                    wanted.append((-t.weight, name))
        for name in possible - set(pins):
            if self.policy.rules_for(name):
                top = self._top(name, node.excluded)[0]
                if top is not None and top > EPS:
                    wanted.append((-top, name))
        for _, name in sorted(wanted):
            for parent in sorted(self.parents.get(name, ())):
                if parent not in pins or self.out_of_time():
                    continue
                allowed = self._allowed(parent, node.excluded)
                bring = frozenset(v for v, i in allowed if (d := self._deps(parent, v, i)) is not None
                                  and d is not UNREAD and name in d[0])  # type: ignore[index]
                rest = frozenset(v for v, _ in allowed) - bring
                if bring and rest:
                    return [self._child(node, counter, ub, exclude={parent: rest}),
                            self._child(node, counter, ub, exclude={parent: bring})]
        return []

    def _split(self, node: _Node, stack: Stack, counter: itertools.count, ub: float,
               gaps: Iterable[str]) -> list[_Node]:
        """Fix one package of the stack to its version, or exclude that version.

        Used when no rule points at a better choice but the bound is not reached: a pair
        whose other side only some release pulls in, or a package better left out. The
        parents of packages scoring below their allowance go first (changing them is how a
        package is dropped), then packages with rules, then the rest in resolution order.
        A stack whose packages all have one allowed version left is the node's only stack.
        """
        pins = stack.versions()
        suspects: set[str] = set()
        for name in gaps:
            suspects |= set(stack.parents.get(name, ())) - {"-r"}
        ranked = []
        for pos, name in enumerate(stack.order):
            allowed = self._allowed(name, node.excluded)
            if len(allowed) < 2:
                continue
            ranked.append((name not in suspects, not self.policy.rules_for(name), pos, name))
        if not ranked:
            return []
        name = min(ranked)[3]
        version = pins[name][0]
        others = frozenset(v for v, _ in self._allowed(name, node.excluded) if v != version)
        return [
            self._child(node, counter, ub, exclude={name: others}),
            self._child(node, counter, ub, exclude={name: frozenset({version})}),
        ]
