"""The Dependency Monkey: which stacks of one requirement set are worth inspecting.

Why real resolutions only: a stack assembled by hand (each package at some version) may
break a declared dependency, and then a failing check says something about the assembly,
not about the packages. So every stack chosen here is what the resolver returns for the
user's requirements plus a few extra ``==`` constraints ("forced" pins), in pip's order for
everything not forced; a combination that does not resolve is counted and skipped, never
faked. The resolver itself stays free of HTTP: this module only drives
:func:`~stackwise.resolve.resolution.resolve_once` over a :class:`CandidateSource`.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise._names import is_project_name
from stackwise.environment import TargetEnvironment
from stackwise.errors import CandidateUnavailable, RequirementError, ResolutionError, StackwiseError
from stackwise.inspect.model import StackRequest
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.reqfile import Inputs, Line, parse_requirement_text
from stackwise.resolve.engine import unavailable_warning
from stackwise.resolve.policy import Policy
from stackwise.resolve.problem import build_problem
from stackwise.resolve.provider import PYTHON, Candidate, CandidateSource, StackProvider
from stackwise.resolve.resolution import Problem, Stack, describe_conflict, resolve_once

STRATEGIES: tuple[str, ...] = ("pip", "boundaries", "random", "exhaustive")

_LARGEST_FACTORS = 6  # factors named in the "exhaustive is too large" message

FileHashes = Callable[[Any], Mapping[str, str]]
Forced = Mapping[str, str]
_Key = tuple[tuple[str, str], ...]


def release_series(version: Version) -> tuple[int, ...]:
    """``(major, minor)`` of ``version``: the unit the boundaries strategy brackets.

    Why minor: projects change behaviour (new APIs, removals, raised minimums) mostly at
    minor or major releases and keep patch releases compatible, so the oldest and newest
    release of each series bracket what can differ, without spending inspections on patch
    releases that would mostly repeat a neighbour's result. Calendar versions
    (``2024.3.1``) become year.month-like series, which serves the same purpose. Epochs are
    ignored (they are rare; series are ordered by their releases, not by this tuple).
    """
    return (version.major, version.minor)


def _series_text(series: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in series) + ".*"


@dataclass(frozen=True)
class Boundary:
    """One boundary release of one package: ``kind`` is ``oldest`` or ``newest`` of ``series``."""

    name: str
    kind: str
    version: Version
    series: tuple[int, ...]

    def describe(self) -> str:
        return f"{self.kind} {self.name} {_series_text(self.series)}"


@dataclass
class ChoiceStats:
    """What one :func:`choose_stacks` call did, for the summary line a caller prints."""

    strategy: str
    tried: int = 0  # forced combinations offered (pip's stack included)
    unresolvable: int = 0  # ... that did not resolve
    absent: int = 0  # ... that resolved without a forced package (the pin constrained nothing)
    duplicates: int = 0  # ... that resolved to a stack already chosen
    chosen: int = 0


class StackMaker:
    """Real resolutions of one requirement set, pip's order (empty knowledge base) for everything not forced.

    ``requirements`` are PEP 508 strings (markers are evaluated for ``target`` and
    non-matching lines skipped, as ``stackwise lock`` does); ``constraints`` filter without
    adding packages, like pip's ``-c``; ``file_hashes`` (the index client's) supplies a
    sha256 for files the index lists without one, so every lock is fully hashed.
    """

    def __init__(
        self,
        requirements: Sequence[str],
        source: CandidateSource,
        target: TargetEnvironment,
        *,
        constraints: Mapping[str, SpecifierSet] | None = None,
        pre: bool = False,
        file_hashes: FileHashes | None = None,
        knowledge: KnowledgeBase | None = None,
    ) -> None:
        if isinstance(requirements, str):  # one requirement, not a sequence of characters
            requirements = (requirements,)
        self.roots: tuple[str, ...] = tuple(requirements)
        if not self.roots:
            raise RequirementError("Nothing to inspect: give at least one requirement to choose stacks for.")
        inputs = Inputs()
        for i, text in enumerate(self.roots):
            if not isinstance(text, str):
                raise RequirementError(f"requirement {i + 1}: expected a PEP 508 string, not {type(text).__name__}.")
            inputs.requirements.append(Line(parse_requirement_text(text, f"requirement {i + 1}"), f"requirement {i + 1}"))
        problem, _ = build_problem(inputs, target, pre)
        merged: dict[str, SpecifierSet] = dict(problem.constraints)
        given: dict[str, SpecifierSet] = {}
        for name, spec in (constraints or {}).items():
            key = _checked_name(name, "constraint")
            given[key] = given.get(key, SpecifierSet()) & _checked_specifier(spec, name)
            merged[key] = merged.get(key, SpecifierSet()) & _checked_specifier(spec, name)
        # recorded in every stack (a name without a specifier constrains nothing), so that a
        # later ``learn`` probes under the same constraints
        self.constraint_lines: tuple[str, ...] = tuple(sorted(f"{n}{s}" for n, s in given.items() if str(s)))
        self.problem = Problem(roots=problem.roots, constraints=merged,
                               user_requested=problem.user_requested, pre=problem.pre)
        self.source = source
        self.target = target
        self.file_hashes = file_hashes
        # An empty knowledge base under ``latest``: exactly pip's candidate order. With
        # ``knowledge`` (confirming one finding), the rest of the stack avoids what is already
        # known to break, so another old break does not mask the one under test.
        self.policy = Policy(knowledge or KnowledgeBase(), target, "stable" if knowledge else "latest")
        self.resolutions = 0  # resolver runs
        self.unresolvable = 0  # distinct forced combinations that did not resolve
        self.last_choice: ChoiceStats | None = None  # set by choose_stacks
        self._memo: dict[_Key, StackRequest | None] = {}
        self._failure: dict[_Key, str] = {}
        self._pip: tuple[StackRequest, Stack] | None = None
        self._required: dict[str, SpecifierSet] | None = None
        self._cheap: dict[str, list[Any]] = {}
        self._python: dict[int, bool] = {}
        self._bounds: dict[str, list[Boundary]] = {}
        self._bound_gens: dict[str, Iterator[Boundary] | None] = {}

    # -- resolutions -----------------------------------------------------------------------

    def resolve(self, forced: Mapping[str, str] | None = None) -> StackRequest | None:
        """The stack pip's order gives with ``forced`` ``{name: version}`` as extra ``==`` constraints.

        Constraints, like pip's ``-c``: a forced package the resolution does not pull in
        constrains nothing (the strategies check that forced packages are present). None
        when the combination does not resolve. Memoised by the forced pins, so strategies
        may offer the same combination twice at no cost.
        """
        key = self._key(forced or {})
        if key in self._memo:
            return self._memo[key]
        request, stack = self._attempt(key)
        if request is None:
            self.unresolvable += 1
        elif not key:
            assert stack is not None
            self._pip = (request, stack)
        self._memo[key] = request
        return request

    def pip_stack(self) -> StackRequest:
        """pip's pick; the requirements must resolve, else a ResolutionError with pip-style conflict text."""
        found = self.resolve({})
        if found is None:
            raise ResolutionError(self._failure.get((), "The requirements do not resolve."))
        return found

    def edges(self) -> list[tuple[str, str]]:
        """``(parent, child)`` dependency edges of pip's stack, sorted (user requests are not edges)."""
        stack = self._pip_stack()
        return sorted((p, child) for child, parents in stack.parents.items() for p in parents if p != "-r")

    def releases(self, name: str, *, wheels: bool = False) -> list[Version]:
        """The releases a resolution may choose for ``name``, newest first.

        Not yanked, Requires-Python (from the release's metadata) satisfied by the target,
        inside the user's constraints and every requirement on ``name`` seen in pip's stack
        (the user's and each pinned parent's). Pre-releases follow the resolver's rule:
        with ``pre``, or when a specifier names one, or when nothing else matches. For a
        package outside pip's stack only the user's requirements and constraints apply.
        ``wheels``: only releases with a wheel for the target, checked before any metadata is
        read -- an sdist-only release would be downloaded (and maybe built) for its metadata,
        and a stack with it would need a build to install (``learn`` without --build-sdists).
        """
        found = self._candidates(_checked_name(name, "package"))
        if wheels:
            found = [r for r in found if _has_wheel(r)]
        return [r.version for r in found if self._python_ok(r)]

    # -- what the strategies use -----------------------------------------------------------

    def packages(self) -> list[str]:
        """Names in pip's stack: the user's requirements in their order, then the rest by name."""
        pins = self.pip_stack().pin_map()
        first = [r.name for r in self.problem.roots if r.name in pins]
        first = list(dict.fromkeys(first))
        return first + sorted(n for n in pins if n not in first)

    def pip_version(self, name: str) -> Version:
        return Version(self.pip_stack().pin_map()[name])

    def boundaries(self, name: str) -> Iterator[Boundary]:
        """Boundary releases of ``name`` (pip's pick excluded), most informative first.

        Series nearest pip's pick come first (its own series, then the neighbours, newer
        before older at equal distance); within a series the boundary nearer pip's pick
        comes first. Lazy and cached: Requires-Python is checked (a metadata read) only for
        the boundaries actually asked for.
        """
        key = _checked_name(name, "package")
        cache = self._bounds.setdefault(key, [])
        if key not in self._bound_gens:
            self._bound_gens[key] = self._compute_boundaries(key)
        i = 0
        while True:
            if i < len(cache):
                yield cache[i]
                i += 1
                continue
            gen = self._bound_gens[key]
            found = next(gen, None) if gen is not None else None
            if found is None:
                self._bound_gens[key] = None
                return
            cache.append(found)

    # -- internals -------------------------------------------------------------------------

    def _key(self, forced: Mapping[str, str]) -> _Key:
        if not isinstance(forced, Mapping):
            raise StackwiseError(f"Forced pins must be a mapping of package name to version, not {type(forced).__name__}.")
        out: dict[str, str] = {}
        for name, version in forced.items():
            key = _checked_name(name, "forced pin")
            try:
                out[key] = str(Version(str(version)))
            except InvalidVersion:
                raise StackwiseError(f"Forced pin {name}: {version!r} is not a valid version (PEP 440).") from None
        return tuple(sorted(out.items()))

    def _attempt(self, key: _Key) -> tuple[StackRequest | None, Stack | None]:
        constraints = dict(self.problem.constraints)
        for name, version in key:
            constraints[name] = constraints.get(name, SpecifierSet()) & SpecifierSet(f"=={version}")
        problem = replace(self.problem, constraints=constraints)
        self.resolutions += 1
        try:
            stack, provider, conflict = resolve_once(problem, self.source, self.target, self.policy)
        except ResolutionError as exc:  # too complex: it did not resolve, as for pip
            self._failure[key] = str(exc)
            return None, None
        if stack is None:
            assert conflict is not None
            # the conflict names releases "that could not be evaluated (see the note below)":
            # the note says why (a failed metadata build, --offline), as lock's error does
            notes = unavailable_warning(dict(getattr(provider, "unavailable", None) or {}))
            self._failure[key] = describe_conflict(conflict) + "".join("\nNote: " + n for n in notes)
            return None, None
        label = "pip" if not key else " + ".join(f"{n}=={v}" for n, v in key)
        request = StackRequest(pins=tuple(sorted(stack.pins().items())), lock=self._pylock(stack),
                               label=label, roots=self.roots, pre=self.problem.pre,
                               constraints=self.constraint_lines)
        return request, stack

    def _pylock(self, stack: Stack) -> str:
        """pylock.toml with every file of every pin, URL and hash: a worker installs from it alone."""
        from stackwise.lockfiles.build import locked_packages
        from stackwise.lockfiles.model import Lock
        from stackwise.lockfiles.pylock import environment_marker, render_pylock

        packages = locked_packages(stack.releases, extras=stack.extras, file_hashes=self.file_hashes)
        for pkg in packages:
            if any(not f.hashes for f in pkg.files):
                raise StackwiseError(f"No hash is available for a file of {pkg.name} {pkg.version}; "
                                     "an inspection installs only hashed files (PEP 751 requires one).")
        py = self.target.markers["python_version"]
        header = [f"stack for: {' '.join(self.roots)}", f"target: {self.target.describe()}"]
        return render_pylock(Lock(packages=packages, requires_python=f"=={py}.*"), header=header,
                             environments=[environment_marker(self.target.markers)])

    def _pip_stack(self) -> Stack:
        self.pip_stack()
        assert self._pip is not None
        return self._pip[1]

    def _requirements_seen(self) -> dict[str, SpecifierSet]:
        """Every specifier on each name in pip's stack: the user's roots and each pinned parent's."""
        if self._required is not None:
            return self._required
        stack = self._pip_stack()
        specs: dict[str, SpecifierSet] = {}
        for root in self.problem.roots:
            if root.name != PYTHON:
                specs[root.name] = specs.get(root.name, SpecifierSet()) & root.specifier
        # The provider reads dependencies exactly as the resolution did (markers, extras).
        provider = StackProvider(self.source, self.target, self.policy,
                                 constraints=self.problem.constraints, pre=self.problem.pre)
        for name, release in stack.releases.items():
            for extras in {frozenset(), stack.extras.get(name, frozenset())}:
                for req in provider.get_dependencies(Candidate(name, extras, release, release.version)):
                    if req.name != PYTHON and req.exact is None:
                        specs[req.name] = specs.get(req.name, SpecifierSet()) & req.specifier
        self._required = specs
        return specs

    def _candidates(self, name: str) -> list[Any]:
        """Releases passing the cheap filters (everything but Requires-Python), newest first."""
        found = self._cheap.get(name)
        if found is not None:
            return found
        spec = self._requirements_seen().get(name, SpecifierSet())
        if name in self.problem.constraints:
            spec &= self.problem.constraints[name]
        releases = list(self.source.releases(name))
        allowed = set(spec.filter([r.version for r in releases], prereleases=True if self.problem.pre else None))
        found, seen = [], set()
        for rel in releases:
            if rel.yanked or rel.version not in allowed or rel.version in seen:
                continue
            seen.add(rel.version)
            found.append(rel)
        found.sort(key=lambda r: r.version, reverse=True)
        self._cheap[name] = found
        return found

    def _python_ok(self, release: Any) -> bool:
        """Whether the target's Python satisfies the release's Requires-Python (its metadata, as the resolver reads it)."""
        ok = self._python.get(id(release))
        if ok is None:
            try:
                requires = self.source.metadata(release).requires_python
            except CandidateUnavailable:
                requires = "<0"  # the resolver cannot evaluate it here either
            try:
                ok = not requires or SpecifierSet(requires).contains(self.target.python_version, prereleases=True)
            except InvalidSpecifier:
                ok = True  # pip ignores an invalid Requires-Python too
            self._python[id(release)] = ok
        return ok

    def _compute_boundaries(self, name: str) -> Iterator[Boundary]:
        pip_version = self.pip_version(name) if name in self.pip_stack().pin_map() else None
        groups: dict[tuple[int, ...], list[Any]] = {}
        for rel in self._candidates(name):  # newest first, so series come newest first too
            groups.setdefault(release_series(rel.version), []).append(rel)
        series = list(groups)
        if pip_version is None:
            here = -0.5
        elif release_series(pip_version) in groups:
            here = float(series.index(release_series(pip_version)))
        else:  # between the series around it
            here = sum(1 for s in series if groups[s][0].version > pip_version) - 0.5
        seen: set[Version] = set()
        for i in sorted(range(len(series)), key=lambda i: (abs(i - here), i)):
            rels = groups[series[i]]
            newest = next((r for r in rels if self._python_ok(r)), None)
            if newest is None:
                continue
            oldest = next(r for r in reversed(rels) if self._python_ok(r))
            pair = [("oldest", oldest), ("newest", newest)] if i < here else [("newest", newest), ("oldest", oldest)]
            for kind, rel in pair:
                if rel.version == pip_version or rel.version in seen:
                    continue
                seen.add(rel.version)
                yield Boundary(name, kind, rel.version, series[i])


def _has_wheel(release: Any) -> bool:
    """Whether the installer's pick of ``release``'s files for the target is a wheel (pip's
    preference puts a fitting wheel before the sdist, so an sdist pick means there is none)."""
    best = getattr(release, "best", None)
    return bool(best is not None and str(best.filename).endswith(".whl"))


def _checked_name(name: object, what: str) -> NormalizedName:
    if not isinstance(name, str) or not is_project_name(name.strip()):
        raise StackwiseError(f"{what.capitalize()} {name!r} is not a valid package name (PEP 508).")
    return canonicalize_name(name.strip())


def _checked_specifier(spec: object, name: str) -> SpecifierSet:
    if isinstance(spec, SpecifierSet):
        return spec
    try:
        return SpecifierSet(str(spec))
    except InvalidSpecifier:
        raise RequirementError(f"Constraint on {name}: {spec!r} is not a valid version specifier.") from None


# -- strategies ------------------------------------------------------------------------------


def choose_stacks(
    maker: StackMaker,
    strategy: str = "boundaries",
    *,
    max_stacks: int = 50,
    seed: int | None = None,
    exhaustive_limit: int = 2000,
) -> list[StackRequest]:
    """Stacks worth inspecting, pip's first, each a real resolution, at most ``max_stacks``.

    Duplicates (the same pins, :attr:`StackRequest.key`) are kept once, under the first
    label. What was skipped is in ``maker.last_choice`` (:class:`ChoiceStats`).

    - ``pip``: pip's pick only.
    - ``boundaries``: first every package's boundary releases forced alone (the oldest and
      newest release of each series, see :func:`release_series`) against pip's order for
      the rest, round-robin across packages (the user's requirements first, then the rest
      by name) so a small cap still touches every package; each package's boundaries come
      nearest pip's pick first (:meth:`StackMaker.boundaries`). Then pairs along each
      dependency edge of pip's stack (parent boundary x child boundary, both forced),
      round-robin across edges, nearest pairs (lowest sum of the two ranks) first. A pin
      that did not resolve, or resolved without the forced package, is skipped.
    - ``random`` (needs ``seed``; the same seed gives the same stacks): random subsets of
      packages forced to random allowed releases (:meth:`StackMaker.releases`).
    - ``exhaustive``: every combination of the allowed releases of the packages in pip's
      stack, all forced at once; packages a combination pulls in beyond pip's stack are
      resolved in pip's order, not enumerated. Refused when the number of combinations
      exceeds ``exhaustive_limit``.
    """
    if strategy not in STRATEGIES:
        raise StackwiseError(f"Unknown stack strategy {strategy!r}; choose one of: {', '.join(STRATEGIES)}.")
    if not isinstance(max_stacks, int) or isinstance(max_stacks, bool) or max_stacks < 1:
        raise StackwiseError(f"--max-stacks must be at least 1 (got {max_stacks!r}).")
    if strategy == "random" and (seed is None or not isinstance(seed, int) or isinstance(seed, bool)):
        raise StackwiseError("The random strategy needs an integer seed (--seed N), so that the same stacks "
                             "can be chosen again.")
    if strategy == "exhaustive" and (not isinstance(exhaustive_limit, int) or exhaustive_limit < 1):
        raise StackwiseError(f"The exhaustive limit must be a positive number of combinations, not {exhaustive_limit!r}.")

    stats = ChoiceStats(strategy=strategy, tried=1)
    maker.last_choice = stats
    pip = maker.pip_stack()
    chosen: list[StackRequest] = [replace(pip, label="pip")]
    keys = {pip.key}
    if strategy == "pip":
        offers: Iterator[tuple[dict[str, str], str, bool]] = iter(())
    elif strategy == "boundaries":
        offers = _boundary_offers(maker)
    elif strategy == "random":
        assert seed is not None
        offers = _random_offers(maker, seed, max_stacks)
    else:
        offers = _exhaustive_offers(maker, exhaustive_limit)

    for forced, label, must_be_present in offers:
        if len(chosen) >= max_stacks:
            break
        stats.tried += 1
        found = maker.resolve(forced)
        if found is None:
            stats.unresolvable += 1
            continue
        pins = found.pin_map()
        if must_be_present and any(n not in pins or Version(pins[n]) != Version(v) for n, v in forced.items()):
            stats.absent += 1
            continue
        if found.key in keys:
            stats.duplicates += 1
            continue
        keys.add(found.key)
        chosen.append(replace(found, label=label))
    stats.chosen = len(chosen)
    return chosen


def _boundary_offers(maker: StackMaker) -> Iterator[tuple[dict[str, str], str, bool]]:
    names = maker.packages()
    running = [(n, maker.boundaries(n)) for n in names]
    while running:  # singles, round-robin across packages
        still = []
        for name, it in running:
            b = next(it, None)
            if b is None:
                continue
            still.append((name, it))
            yield {name: str(b.version)}, b.describe(), True
        running = still
    rank = {n: i for i, n in enumerate(names)}
    edges = sorted(maker.edges(), key=lambda e: (rank.get(e[0], math.inf), rank.get(e[1], math.inf), e))
    queues = []
    for parent, child in edges:
        bp, bc = list(maker.boundaries(parent)), list(maker.boundaries(child))
        pairs = sorted(itertools.product(range(len(bp)), range(len(bc))), key=lambda ij: (ij[0] + ij[1], ij[0]))
        queues.append(iter([(bp[i], bc[j]) for i, j in pairs]))
    while queues:  # pairs, round-robin across edges
        still_q = []
        for q in queues:
            pair = next(q, None)
            if pair is None:
                continue
            still_q.append(q)
            a, b = pair
            yield {a.name: str(a.version), b.name: str(b.version)}, f"{a.describe()} + {b.describe()}", True
        queues = still_q


def _random_offers(maker: StackMaker, seed: int, max_stacks: int) -> Iterator[tuple[dict[str, str], str, bool]]:
    rng = random.Random(seed)
    pools = {n: maker.releases(n) for n in maker.packages()}
    names = [n for n, rels in pools.items() if len(rels) > 1]  # a single release cannot vary
    if not names:
        return
    for _ in range(max_stacks * 20):  # repeats are memoised; this bounds the resolutions
        subset = set(rng.sample(names, rng.randint(1, len(names))))
        forced = {n: str(rng.choice(pools[n])) for n in names if n in subset}
        yield forced, "random: " + " + ".join(f"{n} {v}" for n, v in forced.items()), True


def _exhaustive_offers(maker: StackMaker, limit: int) -> Iterator[tuple[dict[str, str], str, bool]]:
    names = maker.packages()
    pools = [maker.releases(n) or [maker.pip_version(n)] for n in names]
    size = math.prod(len(p) for p in pools)
    if size > limit:
        largest = sorted(zip(names, pools, strict=True), key=lambda np: (-len(np[1]), np[0]))[:_LARGEST_FACTORS]
        factors = " x ".join(f"{n} {len(p)}" for n, p in largest)
        more = f" x {len(names) - len(largest)} more" if len(names) > len(largest) else ""
        raise StackwiseError(
            f"The exhaustive strategy would resolve {size} combinations of releases "
            f"({factors}{more}), more than the limit of {limit}. Use the boundaries or random "
            "strategy, narrow the requirements or constraints, or raise the exhaustive limit."
        )
    for combo in itertools.product(*pools):
        forced = {n: str(v) for n, v in zip(names, combo, strict=True)}
        yield forced, "exhaustive: " + " + ".join(f"{n} {v}" for n, v in forced.items()), False
