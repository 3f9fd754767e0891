"""Resolve a problem into the best stack, plus what pip would have picked for comparison."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import field, replace
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise._dataclass import dataclass
from stackwise.environment import TargetEnvironment
from stackwise.errors import (
    CandidateUnavailable,
    ProjectUnbuildable,
    ResolutionError,
    StackwiseError,
)
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.resolve.overrides import Overrides
from stackwise.resolve.policy import Policy
from stackwise.resolve.provider import PYTHON, CandidateSource, OutOfTime
from stackwise.resolve.reach import dependency_edges
from stackwise.resolve.resolution import (
    Problem,
    Stack,
    describe_conflict,
    removed_versions,
    resolve_once,
)
from stackwise.resolve.search import (
    Dependencies,
    Excluded,
    LookaheadDeclined,
    Search,
    SearchLimit,
    SearchResult,
)


@dataclass
class Outcome:
    """The chosen stack, pip's stack, and how sure we are that the chosen one is best."""

    stack: Stack
    pip_stack: Stack
    score: float
    proven: bool
    nodes: int
    elapsed: float
    policy: Policy
    warnings: list[str] = field(default_factory=list)
    neutral: bool = False  # no rule applies to any project the search looked at
    stopped: str = ""  # why the search stopped short of a proof ("" when proven)

    @property
    def verdict(self) -> str:
        """What may be claimed about the stack: "proven best" only for an exhausted search."""
        if self.proven:
            return "proven best"
        return f"best found, not proven ({self.stopped})" if self.stopped else "best found, not proven"


_TRIED: dict[int, int] = {}  # thread id -> resolutions run by the searches of that thread (only it writes)


def resolutions_tried(thread: int) -> int:
    """How many resolutions the searches run by ``thread`` have tried so far: a status line
    reads it from another thread, so resolve/ itself never prints. It only grows (read it
    before and after)."""
    return _TRIED.get(thread, 0)


def _tried() -> None:
    ident = threading.get_ident()
    _TRIED[ident] = _TRIED.get(ident, 0) + 1


# What a candidate source needs to offer for the edges of its releases to be remembered.
_STORE_METHODS = ("edge_store", "remote_metadata_key", "offline_missing_metadata")


_WALK_FORMAT = 3  # what a remembered walk's record holds (below)


class _StoredWalks:
    """The root reachability walk remembered in the edge store's directory (search.WalkMemo).

    Why: with a big knowledge base whose positive rules are about projects no resolution
    meets, the proof walks every allowed release of every reachable project (16,000 on the
    large set) on every lock, even when nothing it reads has changed. A record holds, per
    project walked: its state (:meth:`IndexClient.project_state`), how many releases it
    offers and which of them were not allowed (vetoed), plus the metadata keys of the releases
    skipped as unavailable offline. It is used only while every project has the same state
    and offer (all of the project's releases: no cooldown filter), the same releases are
    vetoed, and every one of those keys is still missing: checked at once when the source's
    metadata generation (``metadata_generation()``: nothing added to the cache since) is the
    one recorded, else key by key (the keys are kept beside the record, ``walk_extra``, and
    read only then). A walk is remembered only when each
    release it read was answered from the edge store (its edges follow from the state, or
    it is "unavailable"), so a release read any other way (an sdist) keeps it walking.
    """

    def __init__(self, source: Any, store: Any, state_of: Any, may_veto: Any = None) -> None:
        self.source = source
        self.store = store
        self.state_of = state_of
        self.may_veto = may_veto  # False: every offered release is allowed (no veto, no user bound)

    @staticmethod
    def _key(roots: Any) -> tuple[Any, ...]:
        return (_WALK_FORMAT, tuple(sorted((n, tuple(sorted(e))) for n, e in roots.items())))

    def _offer(self, name: str, offered: Any, allowed: Any) -> tuple[int, tuple[str, ...]] | None:
        """(releases offered, the versions of those not allowed); None when the offer is filtered."""
        project = getattr(self.source, "project", None)
        if project is None:
            return None
        if self.may_veto is not None and not self.may_veto(name):
            # Nothing of it can be vetoed: allowed is offered, which is the source's releases
            # (versions() maps them one to one), so their count says it without building the
            # (version, origin) pairs of every release walked (16,000 on the large set).
            count = len(project(name).releases)
            return (count, ()) if len(self.source.releases(name)) == count else None
        mine = offered(name)
        if len(project(name).releases) != len(mine):
            return None
        ok = allowed(name)
        if len(ok) == len(mine):
            return len(mine), ()
        removed: list[str] = []
        j = 0
        for v, idx in mine:  # ``ok`` is ``mine`` with some releases left out, in its order
            if j < len(ok) and ok[j][0] is v and ok[j][1] == idx:
                j += 1
            else:
                removed.append(str(v))
        return len(mine), tuple(removed)

    def recall(self, roots: Any, offered: Any, allowed: Any) -> set[str] | None:
        key = self._key(roots)
        record = self.store.walk(key)
        try:
            seen, projects, unavailable, generation = record
            if set(seen) != set(projects):  # a record of another shape: each project walked is checked
                return None
            for name, (state, count, removed) in projects.items():
                if state is None or self.state_of(name) != state:
                    return None
                if self._offer(name, offered, allowed) != (count, tuple(removed)):
                    return None
            if unavailable and not (generation is not None and self._generation() == generation):
                keys = self.store.walk_extra(key, record)
                if not isinstance(keys, tuple) or len(keys) != unavailable or not all(isinstance(k, str) for k in keys) \
                        or len(self.source.offline_missing_metadata(list(keys))) != len(keys):
                    return None  # some metadata can be had now: the walk may reach further
            return set(seen)
        except (TypeError, ValueError, AttributeError, StackwiseError):
            return None  # no record, a record of another shape, or a project that cannot be read now

    def remember(self, roots: Any, seen: set[str], offered: Any, allowed: Any, walked: Any = None) -> None:
        projects: dict[str, tuple[str, int, tuple[str, ...]]] = {}
        unavailable: set[str] = set()
        try:
            for name in sorted(seen):
                state = self.state_of(name)
                offer = self._offer(name, offered, allowed) if state is not None else None
                if offer is None:
                    return
                for v, idx in (walked or allowed)(name):  # the releases the walk read
                    entry = self.store.get(name, state, str(v), idx)
                    if entry is None:
                        return  # read another way: nothing fixes what the next read gives
                    if entry[0] == "unavailable":
                        unavailable.add(entry[1])
                projects[name] = (state, *offer)
        except StackwiseError:
            return  # a project that cannot be read now: nothing to remember
        generation = None
        if unavailable:  # read before the keys are confirmed missing: an insert in between changes it
            generation = self._generation()
            if len(self.source.offline_missing_metadata(unavailable)) != len(unavailable):
                generation = None
        record = (tuple(sorted(seen)), projects, len(unavailable), generation)
        self.store.put_walk(self._key(roots), record, tuple(sorted(unavailable)) if unavailable else None)

    def _generation(self) -> str | None:
        read = getattr(self.source, "metadata_generation", None)
        return read() if read is not None else None


def best_stack(problem: Problem, source: CandidateSource, target: TargetEnvironment, policy: Policy,
               **options: Any) -> Outcome:
    """The best-scoring stack that keeps the safety invariants (see :mod:`.safety`): the
    search below, run again with guards or relaxed advisory vetoes where they require it.
    ``options`` are the search's (``time_budget``, ``max_nodes``)."""
    from stackwise.resolve.safety import safe_best_stack

    return safe_best_stack(_search_best_stack, problem, source, target, policy, **options)  # type: ignore[no-any-return]


def _search_best_stack(
    problem: Problem,
    source: CandidateSource,
    target: TargetEnvironment,
    policy: Policy,
    *,
    time_budget: float = 10.0,
    max_nodes: int = 2_000,
) -> Outcome:
    """Search for the best-scoring stack; raise ResolutionError with a conflict chain if none."""

    unavailable: dict[str, str] = {}
    matches: dict[Any, Any] = {}  # allowed releases per (project, specifier), for every resolution
    began = time.monotonic()  # the run's one budget counts from here (0: no deadline at all)
    root_diverged: list[bool] = []  # whether the first (root) resolution left pip's order

    def run(excluded: Excluded) -> tuple[Stack | None, set[str]]:
        # With no deadline (``--time-budget 0``, or no valid stack yet) nothing else bounds a
        # resolution that skips an unbuildable project release after release: it stops instead.
        stack, provider, _ = resolve_once(problem, source, target, policy, excluded, deadline=search.deadline,
                                          matches=matches, unbuildable_stops=search.deadline is None)
        _tried()
        unavailable.update(provider.unavailable)
        if not root_diverged:
            root_diverged.append(provider.diverged)
        return stack, provider.seen

    def pip_order() -> tuple[Stack | None, set[str]]:
        """The root resolution in pip's order (vetoes kept): the search's fallback when the
        one in score order cannot finish within the time budget."""
        stack, provider, _ = resolve_once(problem, source, target, policy, {}, deadline=search.deadline, rank=False,
                                          matches=matches, builds_must_work=True)
        _tried()
        unavailable.update(provider.unavailable)
        root_diverged[:] = [provider.diverged]
        return stack, provider.seen

    def versions(name: str) -> list[tuple[Version, str | None]]:
        return [(r.version, r.index_url) for r in source.releases(name)]

    markers = target.markers
    by_version: dict[str, dict[tuple[Version, str | None], object]] = {}
    lookahead = getattr(source, "lookahead_metadata", source.metadata)
    # The edges of releases read in earlier runs (index/edgestore.py): the reachability walk
    # of a proof reads thousands of releases, each costing a page-files and a metadata read.
    project_state = getattr(source, "project_state", None)
    store = (source.edge_store(markers)  # type: ignore[attr-defined]
             if project_state is not None and all(hasattr(source, m) for m in _STORE_METHODS) else None)
    states: dict[str, str | None] = {}
    missing: list[set[str]] = []  # metadata keys offline_missing_metadata() found missing

    def state_of(name: str) -> str | None:
        if name not in states:
            try:
                states[name] = project_state(name)  # type: ignore[misc]
            except StackwiseError:
                states[name] = None  # the miss path below reports what went wrong
        return states[name]

    def dependencies(name: str, version: Version, index_url: str | None,
                     read: Callable[[Any], Any] | None = None) -> Dependencies | None:
        state = state_of(name) if store is not None else None
        if state is not None:
            hit = store.get(name, state, str(version), index_url)  # type: ignore[union-attr]
            if hit is not None:
                if hit[0] != "unavailable":
                    return hit  # type: ignore[return-value]
                if not missing:  # every remembered key asked at once, the first time one is met
                    missing.append(source.offline_missing_metadata(store.unavailable_keys()))  # type: ignore[attr-defined,union-attr]
                if hit[1] in missing[0]:
                    return None  # what reading it would end in (below), without reading its files
        releases = by_version.get(name)
        if releases is None:
            releases = by_version[name] = {(r.version, r.index_url): r for r in source.releases(name)}
        rel = releases.get((version, index_url))
        if rel is None:
            return None
        try:
            # A look-ahead: never build an sdist for it (MetadataNeedsBuild, a StackwiseError,
            # leaves the branch unexplored: "best found", not a false proof, and no build).
            meta = (read or lookahead)(rel)
        except LookaheadDeclined as exc:  # the source's "not here": the search may read it anyway
            again = getattr(exc, "read_release", None)
            raise LookaheadDeclined(str(exc), None if again is None else
                                    lambda: deps_of(name, version, index_url, again)) from None
        except CandidateUnavailable:
            if state is not None:
                key = source.remote_metadata_key(rel)  # type: ignore[attr-defined]
                if key is not None and source.offline_missing_metadata([key]):  # type: ignore[attr-defined]
                    # Offline without its metadata: remembered by the metadata's key, so the
                    # next run checks only that the key is still missing.
                    store.put(name, state, str(version), index_url, ("unavailable", key))  # type: ignore[union-attr]
            return None  # never part of a stack either: the provider rejects it
        edges = dependency_edges(meta.requires_dist, markers, getattr(meta, "provides_extra", ()))
        found = (frozenset(e[0] for e in edges[""]), edges)
        if state is not None and getattr(getattr(rel, "best", None), "is_wheel", False):
            store.put(name, state, str(version), index_url, found)  # type: ignore[union-attr]
        return found

    overrides = problem.overrides

    def deps_of(name: str, version: Version, index_url: str | None,
                read: Callable[[Any], Any] | None = None) -> Dependencies | None:
        """The release's edges as the provider reads them: the user's overrides replace what
        it declares (a dependency dropped, or asked with other extras, changes what a stack holds)."""
        found = dependencies(name, version, index_url, read)
        return found if found is None or not overrides else _overridden(found, overrides, markers)

    required: dict[str, frozenset[str]] = {}
    for r in problem.roots:
        if r.name != PYTHON:
            required[r.name] = required.get(r.name, frozenset()) | r.extras
    within = requirement_bounds(problem)
    # A source's own say on look-ahead prefetches (inside pip the plan's look-ahead reads no
    # network: integrations/pip_resolver.py sets it to None).
    ahead = getattr(source, "prefetch_lookahead", None)

    def prefetch(name: str, items: list[tuple[Version, str | None]]) -> None:
        """Start reading what the walk reads next: releases whose edges no earlier run stored."""
        state = state_of(name) if store is not None else None
        releases = by_version.get(name)
        if releases is None:
            releases = by_version[name] = {(r.version, r.index_url): r for r in source.releases(name)}
        for version, index_url in items:
            if state is not None and store.get(name, state, str(version), index_url) is not None:  # type: ignore[union-attr]
                continue
            rel = releases.get((version, index_url))
            if rel is not None:
                ahead(rel)  # type: ignore[misc]

    search = Search(run, policy, versions, dependencies=deps_of, required=required,
                    prefetch=prefetch if ahead is not None else None,
                    time_budget=time_budget, max_nodes=max_nodes, fallback=pip_order, within=within,
                    # A remembered walk does not say which overrides it was made under.
                    walk_memo=None if store is None or overrides else _StoredWalks(
                        source, store, state_of, lambda name: name in within or policy.may_veto(name)))
    try:
        result: SearchResult | None = search.run()
    except SearchLimit as exc:
        if store is not None:
            store.save()
        raise ResolutionError(
            f"No stack without a vetoed combination was found within {exc.runs} resolutions (the "
            "search's limit), although stacks that satisfy the requirements exist. Narrow the "
            "requirements (pins or bounds on the vetoed packages) so fewer stacks need checking."
        ) from None
    if store is not None:
        store.save()  # what the walk read, for the next run (only when something was added)
    # The run's one deadline, for every phase after the search too: the search's (stretched
    # only to reach a valid stack), else the budget from the start. Before, the comparison
    # with pip had a budget of its own, so the default 10 s allowed 20 (and explaining a
    # failed search had none).
    deadline = None if not time_budget else search.deadline if search.deadline is not None else began + time_budget
    empty = Policy(KnowledgeBase(), target, "latest")
    if result is None:
        _raise_unresolvable(problem, source, target, policy, empty, unavailable, deadline=deadline,
                            allowance=min(time_budget, EXPLAIN_ALLOWANCE), matches=matches)
    assert result is not None
    warnings: list[str] = []
    if (policy.empty and problem.order == "newest") or not root_diverged[0]:
        # The root resolution was offered exactly pip's candidate lists (no veto, no
        # reordering) and preference does not depend on the policy: it *is* pip's stack.
        pip_stack = result.root
    else:
        pip_problem = problem if problem.order == "newest" else replace(problem, order="newest")
        # The comparison with pip is bounded by the run's deadline too (0: unbounded), with a
        # small allowance past it: the safety guard (resolve/safety.py) compares with pip's
        # stack, so a search that spent the budget must not leave it without one.
        compare_until = None if deadline is None else max(
            deadline, time.monotonic() + min(time_budget, PIP_COMPARISON_ALLOWANCE))
        try:
            # ``matches`` (what each specifier allows of a project) does not depend on the
            # policy or the order: the search's resolutions already filled it.
            pip_stack, _, _ = resolve_once(pip_problem, source, target, empty, deadline=compare_until,
                                           matches=matches, unbuildable_stops=deadline is None)
        except OutOfTime as exc:
            pip_stack = None
            warnings.append(f"pip's own stack was not worked out within the time budget of {time_budget:g}s "
                            f"(it was at {exc.args[0] if exc.args else 'a project'}): the versions shown as "
                            "pip's are those of the first resolution, and the check that no score makes the "
                            "stack less safe than pip's compared with them")
        except ProjectUnbuildable:  # pip would stop at the failed build
            pip_stack = None
        if pip_stack is None:  # pip itself cannot resolve, or not in time; keep ours as reference
            pip_stack = result.root
    return Outcome(
        stack=result.stack,
        pip_stack=pip_stack,
        score=result.score,
        proven=result.proven,
        nodes=result.nodes,
        elapsed=result.elapsed,
        policy=policy,
        warnings=list(dict.fromkeys(policy.warnings)) + unavailable_warning(unavailable) + warnings,
        neutral=not any(policy.rules_for(name) for name in search.universe),
        stopped=result.stopped,
    )


def requirement_bounds(problem: Problem) -> dict[str, SpecifierSet]:
    """What the user's requirements allow of each project they name: the roots' specifiers
    and the constraints (every stack satisfies them; the provider checks them with
    pre-releases allowed, so this is never narrower). Projects they leave open are absent."""
    out: dict[str, SpecifierSet] = {}
    for r in problem.roots:
        if r.name != PYTHON and r.exact is None:
            out[r.name] = out.get(r.name, SpecifierSet()) & r.specifier
    for name, spec in problem.constraints.items():
        out[name] = out.get(name, SpecifierSet()) & spec
    return {name: spec for name, spec in out.items() if len(spec)}


def _overridden(found: Dependencies, overrides: Overrides, markers: Mapping[str, str]) -> Dependencies:
    """``found`` with every edge to an overridden project replaced by the overrides that hold
    for the target (none: the edge is dropped), as the provider's get_dependencies does."""
    edges: dict[str, frozenset[tuple[str, frozenset[str], str]]] = {}
    for key, targets in found[1].items():
        out: set[tuple[str, frozenset[str], str]] = set()
        for edge in targets:
            swap = overrides.replace(edge[0], markers)
            if swap is None:
                out.add(edge)  # type: ignore[arg-type]
            else:  # the override's specifier is the one the provider applies
                out.update((canonicalize_name(o.name), frozenset(canonicalize_name(e) for e in o.extras),
                            str(o.specifier)) for o in swap)
        edges[key] = frozenset(out)
    return frozenset(e[0] for e in edges.get("", ())), edges


def unavailable_warning(unavailable: dict[str, str]) -> list[str]:
    """One line saying which candidates were skipped because they could not be evaluated."""
    if not unavailable:
        return []
    names = sorted(unavailable)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return [f"skipped {len(names)} candidate(s) that cannot be evaluated here ({shown}): "
            f"{unavailable[names[0]]}"]


#: Seconds the comparison with pip's stack may run past the run's deadline (at most the
#: budget itself): the safety guard needs pip's stack. It is one resolution in pip's order,
#: usually on metadata the search already read, so this is rarely used.
PIP_COMPARISON_ALLOWANCE = 5.0

#: Seconds the resolutions that explain a failed search may run past the run's deadline (at
#: most the budget itself). Why: the search may have spent the whole budget finding that no
#: stack is valid, and an error without its reason helps no one; they are bounded all the same.
EXPLAIN_ALLOWANCE = 2.0


def _raise_unresolvable(
    problem: Problem,
    source: CandidateSource,
    target: TargetEnvironment,
    policy: Policy,
    empty: Policy,
    unavailable: dict[str, str],
    *,
    deadline: float | None = None,
    allowance: float = 0.0,
    matches: dict[Any, Any] | None = None,
) -> None:
    """Raise the ResolutionError that says why no valid stack exists. The resolutions this
    takes end at ``deadline`` or ``allowance`` seconds from now, whichever is later (None: no
    deadline, as with ``--time-budget 0``; a project that cannot be built stops them then);
    cut short, the error says what is known and that the rest was not checked in time."""
    note = "".join("\nNote: " + w for w in unavailable_warning(unavailable))
    until = None if deadline is None else max(deadline, time.monotonic() + allowance)

    def once(which: Policy) -> tuple[Stack | None, Any, Any]:
        return resolve_once(problem, source, target, which, deadline=until, matches=matches,
                            unbuildable_stops=until is None)

    try:
        stack, _, conflict = once(policy)
    except OutOfTime as exc:
        vetoed = "" if policy.empty else " without a vetoed version or combination"  # no knowledge: no vetoes
        raise ResolutionError(
            f"No stack that satisfies the requirements{vetoed} was found, "
            f"and why could not be worked out within the time budget (it was at {_at(exc)}). Give a larger "
            "--time-budget (0: no limit) to see the conflict." + note
        ) from None
    if stack is not None:
        # The plain resolution works, but every stack found contains a vetoed combination.
        raise ResolutionError(
            "Every stack that satisfies the requirements contains a combination the knowledge "
            "base vetoes. Relax the requirements, or check the vetoes with `stackwise explain`."
            + note
        )
    try:
        plain, _, plain_conflict = once(empty)
    except OutOfTime as exc:
        raise ResolutionError(
            describe_conflict(conflict) + "\nWhether a stack with versions the knowledge base vetoes would "  # type: ignore[arg-type]
            f"satisfy the requirements was not checked within the time budget (it was at {_at(exc)}); give a "
            "larger --time-budget (0: no limit) to know." + note
        ) from None
    if plain is not None and not policy.empty:
        vetoed = sorted(
            {
                f"{n}=={r.version} by rule {rule.id}"
                for n, r in plain.releases.items()
                if (rule := policy.veto(n, r.version, r.index_url)) is not None
            }
        )
        detail = f" (vetoed: {', '.join(vetoed)})" if vetoed else ""
        raise ResolutionError(
            "The requirements can only be met with versions the knowledge base vetoes"
            f"{detail}. Pin a vetoed version explicitly (==) to accept it, or relax the "
            "requirements." + removed_versions(conflict)
        )
    assert conflict is not None or plain_conflict is not None
    raise ResolutionError(describe_conflict(conflict or plain_conflict) + note)  # type: ignore[arg-type]


def _at(exc: OutOfTime) -> str:
    """Where a resolution was when its deadline passed (a project, or a metadata build)."""
    return str(exc.args[0]) if exc.args else "a project"
