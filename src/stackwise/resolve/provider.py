"""The resolvelib provider: pip's resolution semantics, stackwise's candidate order.

It mirrors what pip's own provider does (identifiers with extras, Requires-Python as a
pseudo-package, constraints that filter without adding packages, PEP 592 yanked handling,
the prerelease rule, pip's ``get_preference`` keys), so with an all-zero policy the result is
the one pip would pick. Only two things differ: candidates are ordered by policy score
before version, and vetoed or search-excluded candidates are not offered at all.

Candidates come from a :class:`CandidateSource`; the provider knows nothing of HTTP.
"""

from __future__ import annotations

import math
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import Any, Protocol

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as PackagingRequirement
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version
from resolvelib import AbstractProvider

from stackwise._dataclass import dataclass
from stackwise.environment import TargetEnvironment
from stackwise.errors import (
    CandidateBuildFailed,
    CandidateUnavailable,
    MetadataError,
    MetadataNotCached,
)
from stackwise.resolve.overrides import Overrides
from stackwise.resolve.policy import Policy

PYTHON = "<python>"  # pseudo-identifier carrying Requires-Python, as pip does
# A Requires-Dist line whose whole marker is ``extra == "name"`` (no URL, so the first
# ";" starts the marker). About two thirds of real lines look like this.
_EXTRA_ONLY = re.compile(r"""^[^@;]*;\s*extra\s*==\s*(['"])([A-Za-z0-9._-]+)\1\s*$""")
# Parsed Requires-Dist lines by text, shared by every resolution of the process (the search
# runs many): parsing is the costliest part of reading a release's dependencies.
_PARSED: dict[str, PackagingRequirement | None] = {}
_MISSING: Any = object()
_HOLDS: dict[tuple[tuple[str, str], ...], dict[tuple[str, frozenset[str]], bool]] = {}
_CONFLICT_PRIORITY_THRESHOLD = 5  # same threshold pip uses to promote conflict-prone names



class OutOfTime(Exception):
    """Raised inside a resolution that passed its deadline (the search's time budget).

    A single resolution can backtrack for minutes when exclusions push resolvelib into a
    corner; the budget must bound those too, not only the gaps between resolutions.
    """

class ReleaseLike(Protocol):
    name: NormalizedName
    version: Version
    yanked: bool

    @property
    def index_url(self) -> str | None: ...


class MetadataLike(Protocol):
    requires_dist: tuple[str, ...]
    requires_python: str | None
    provides_extra: tuple[str, ...]


class CandidateSource(Protocol):
    """Where versions and their dependencies come from (the index client implements it).

    A source may also offer ``lookahead_metadata(release)``: metadata for the search's
    look-ahead, which raises a StackwiseError instead of doing expensive work (building an
    sdist) for a release the resolver may never try. Without it, ``metadata`` is used.
    A source whose ``prefers`` attribute is true also offers ``preferred(release)``: preferred
    releases are offered before the others, newer ones too (the index's ``--prefer-binary``).
    """

    def releases(self, name: str) -> Sequence[Any]: ...

    def metadata(self, release: Any) -> MetadataLike: ...


def identifier_for(name: str, extras: Iterable[str]) -> str:
    ex = sorted({canonicalize_name(e) for e in extras})
    return f"{name}[{','.join(ex)}]" if ex else name


@dataclass(frozen=True, eq=False)
class Candidate:
    """A release of a project, possibly with extras (a separate node, like pip's ExtrasCandidate)."""

    name: NormalizedName
    extras: frozenset[str]
    release: Any  # ReleaseLike; None for the Python pseudo-candidate
    version: Version

    @property
    def identifier(self) -> str:
        return PYTHON if self.name == PYTHON else identifier_for(self.name, self.extras)

    def __repr__(self) -> str:
        return f"{self.identifier}=={self.version}"


@dataclass(frozen=True, eq=False)
class Requirement:
    """A dependency edge: a name with extras and a specifier (or an exact base candidate)."""

    name: NormalizedName
    extras: frozenset[str]
    specifier: SpecifierSet
    text: str
    exact: Candidate | None = None  # extras node -> its own base release
    # Answers by version: resolvelib re-checks every pin against every requirement after
    # each step, tens of thousands of identical ``SpecifierSet.contains`` calls otherwise.
    _memo: dict[Version, bool] = field(default_factory=dict, compare=False, repr=False)

    @property
    def identifier(self) -> str:
        return PYTHON if self.name == PYTHON else identifier_for(self.name, self.extras)

    def is_satisfied_by(self, candidate: Candidate) -> bool:
        if self.exact is not None:
            return candidate.release is self.exact.release
        version = candidate.version
        ok = self._memo.get(version)
        if ok is None:
            ok = self._memo[version] = self.specifier.contains(version, prereleases=True)
        return ok

    def __repr__(self) -> str:
        return self.text


def parse_requirement(text: str) -> PackagingRequirement:
    """Parse a PEP 508 line or raise ``InvalidRequirement`` (callers turn it into a clear error)."""
    return PackagingRequirement(text)


# A line of an extra in a form packaging surely parses (a subset of PEP 508), so that
# checking a release's lines for the extras nobody asked for needs no parse (~50 us each).
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_SUFFIX = r"(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?"
_CLAUSE = (rf"(?:(?:==|!=)\s*\d+(?:\.\d+)*(?:\.\*|{_SUFFIX})|(?:<=|>=|<|>)\s*\d+(?:\.\d+)*{_SUFFIX}"
           rf"|~=\s*\d+(?:\.\d+)+{_SUFFIX})")
_SPEC = rf"(?:{_CLAUSE}(?:\s*,\s*{_CLAUSE})*)"
_PLAIN_EXTRA_LINE = re.compile(rf"""^\s*{_NAME}\s*(?:\[\s*{_NAME}(?:\s*,\s*{_NAME})*\s*\])?\s*"""
                               rf"""(?:{_SPEC}|\(\s*{_SPEC}\s*\))?\s*;\s*extra\s*==\s*(['"])[A-Za-z0-9._-]+\1\s*$""")
_VALID_LINES: set[str] = set()
_LONG_NUMBER = re.compile(r"\d{4000,}")  # parses; then a ValueError in every comparison (int() takes 4300 digits)


def _check_requires_dist(lines: Sequence[str], candidate: Candidate) -> None:
    """Raise CandidateUnavailable if a Requires-Dist line does not parse, whatever its marker:
    pip (>= 24.1) then ignores the whole release ("has invalid metadata"), not just the line."""
    for text in lines:
        req = _PARSED.get(text, _MISSING)
        if req is _MISSING:
            if text in _VALID_LINES:
                continue
            if _PLAIN_EXTRA_LINE.match(text) and not _LONG_NUMBER.search(text):
                _VALID_LINES.add(text)
                continue
            try:
                req = None if _LONG_NUMBER.search(text) else PackagingRequirement(text)
                if req is not None and req.marker is not None:
                    req.marker.evaluate({"extra": ""})  # "platform_release ~= 'x'" parses, then fails every time
            except ValueError:  # InvalidRequirement, UndefinedComparison, UndefinedEnvironmentName
                req = None
            _PARSED[text] = req
        if req is None:
            raise CandidateUnavailable(
                f"{candidate.name} {candidate.version} has invalid metadata: its Requires-Dist line {text!r} "
                "cannot be parsed, so it is not used (pip ignores this version too).")


def make_requirement(req: PackagingRequirement, text: str | None = None) -> Requirement:
    return Requirement(
        name=canonicalize_name(req.name),
        extras=frozenset(canonicalize_name(e) for e in req.extras),
        specifier=req.specifier,
        text=text or str(req),
    )


def pip_requirements(req: Requirement) -> list[Requirement]:
    """``req`` as the requirement objects pip makes of it (``make_requirements_from_spec``).

    A requirement with both extras and a specifier becomes two, as in pip >= 23.3: the
    specifier on the bare project first (pip's ``SpecifierWithoutExtrasRequirement``), then
    the original on the ``name[extras]`` node. The first adds the specifier to the base
    project's own node, which changes the order resolvelib visits projects in (pip's
    preference keys see it) and so, when it backtracks, which project it backtracks.
    """
    if not req.extras or req.exact is not None or not req.specifier:
        return [req]
    bare = Requirement(req.name, frozenset(), req.specifier, f"{req.name}{req.specifier}")
    return [bare, req]


def pip_roots(roots: Sequence[Requirement]) -> tuple[list[Requirement], dict[str, int]]:
    """The user's requirements in the order pip hands them to resolvelib, and pip's
    ``user_requested`` order (``Factory.collect_root_requirements``).

    Each root is split as :func:`pip_requirements` does; requirements on ``name[extras]``
    nodes move to the end (a stable sort, as pip's). A root's order is recorded under the
    identifier of its *first* requirement object: ``x[e]>=1`` under ``x``, ``x[e]`` (no
    specifier) under ``x[e]``, and pip's ``get_preference`` looks it up by exact identifier.
    """
    split: list[Requirement] = []
    order: dict[str, int] = {}
    for i, root in enumerate(roots):
        reqs = pip_requirements(root)
        order.setdefault(reqs[0].identifier, i)
        split += reqs
    split.sort(key=lambda r: bool(r.extras))
    return split, order


def _version_of(release: Any) -> Version:
    return release.version  # type: ignore[no-any-return]


def _newest_first(releases: list[Any]) -> list[Any]:
    """``sorted(releases, key=version, reverse=True)``, compared by packaging's own comparison
    keys where every version is a plain ``Version`` (the same order, the same stable ties):
    tuples compare in C, where each ``Version.__lt__`` is a Python call."""
    if all(type(r.version) is Version for r in releases):
        return sorted(releases, key=_version_key, reverse=True)
    return sorted(releases, key=_version_of, reverse=True)


def _version_key(release: Any) -> Any:
    return release.version._key


def _is_pinned(specifier: SpecifierSet) -> bool:
    for sp in specifier:
        if sp.operator == "===":
            return True
        if sp.operator == "==" and not sp.version.endswith(".*"):
            return True
    return False


def _score_of(item: tuple[tuple[float, Version], Candidate]) -> float:
    return item[0][0]


class StackProvider(AbstractProvider):  # type: ignore[type-arg]
    """resolvelib provider; ``excluded`` holds versions the search has ruled out."""

    def __init__(
        self,
        source: CandidateSource,
        target: TargetEnvironment,
        policy: Policy,
        *,
        constraints: Mapping[str, SpecifierSet] | None = None,
        user_requested: Mapping[str, int] | None = None,
        excluded: Mapping[str, frozenset[Version]] | None = None,
        pre: bool = False,
        deadline: float | None = None,
        order: str = "newest",
        overrides: Overrides | None = None,
        rank: bool = True,
        matches: dict[tuple[Any, ...], tuple[Any, ...]] | None = None,
        requested_order: Mapping[str, int] | None = None,
        builds_must_work: bool = False,
    ) -> None:
        self.deadline = deadline  # time.monotonic() value after which find_matches gives up
        # True where this resolution does pip's work (the fallback to pip's order, which has no
        # deadline): a failed metadata build stops it, as it stops pip (errors.CandidateBuildFailed).
        self.builds_must_work = builds_must_work
        self.overrides = overrides if overrides else None  # the user's (resolve/overrides.py)
        # "lowest": every package's candidates oldest first; "lowest-direct": only those of
        # the user's requirements (uv's --resolution lowest / lowest-direct); else newest first.
        self.order = order
        # False: scores do not order the candidates (vetoes still apply) - pip's order, the
        # fallback when a resolution in score order cannot finish within the time budget.
        self.rank = rank
        self.source = source
        self.target = target
        self.policy = policy
        self.constraints = dict(constraints or {})
        self.user_requested = dict(user_requested or {})
        # pip's ``user_requested`` for ``get_preference``: by identifier, as pip_roots()
        # records it (a root ``x[e]`` without specifier is ``x[e]``'s, not ``x``'s).
        self.requested_order = dict(self.user_requested if requested_order is None else requested_order)
        self.excluded = dict(excluded or {})
        self.pre = pre
        self.seen: set[str] = set()  # project names this resolution looked at (the search's universe)
        self.unavailable: dict[str, str] = {}  # "name==version" -> why it could not be evaluated
        # Set once the policy made any candidate list differ from pip's (newest first, nothing
        # vetoed). While unset, this resolution saw exactly what pip's order shows, so its
        # result is pip's: the caller need not resolve again to know what pip would pick.
        self.diverged = False
        # Marker answers per (line, extras), shared by every resolution for this target.
        self._holds = _HOLDS.setdefault(tuple(sorted(target.markers.items())), {})
        self._conflict_counts: defaultdict[str, int] = defaultdict(int)
        self._conflict_promoted: set[str] = set()
        self.conflict_promoted = self._conflict_promoted  # read by resolve/_resolvelib.py
        self._python = Candidate(
            NormalizedName(PYTHON), frozenset(), None, target.python_version
        )
        # (name, specifier text, prereleases, pre) -> (releases, applicable, ordered, all
        # yanked, pinned); shared by the resolutions of one search when the caller passes one.
        self._matches: dict[tuple[Any, ...], tuple[Any, ...]] = (
            matches if matches is not None else {}
        )

    # -- resolvelib interface -------------------------------------------------------------

    def identify(self, requirement_or_candidate: Requirement | Candidate) -> str:
        return requirement_or_candidate.identifier

    def narrow_requirement_selection(
        self,
        identifiers: Iterable[str],
        resolutions: Mapping[str, Candidate],
        candidates: Mapping[str, Iterator[Candidate]],
        information: Mapping[str, Iterator[Any]],
        backtrack_causes: Sequence[Any],
    ) -> Iterable[str]:
        """Same narrowing as pip: Requires-Python first, then backtrack causes, then promoted."""
        backtrack_identifiers: set[str] = set()
        for info in backtrack_causes:
            names = [info.requirement.identifier]
            if info.parent is not None:
                names.append(info.parent.identifier)
            for name in names:
                backtrack_identifiers.add(name)
                if name not in resolutions:
                    self._conflict_counts[name] += 1
                    if self._conflict_counts[name] >= _CONFLICT_PRIORITY_THRESHOLD:
                        self._conflict_promoted.add(name)
        current: list[str] = []
        promoted: list[str] = []
        for identifier in identifiers:
            if identifier == PYTHON:
                return [identifier]
            if identifier in backtrack_identifiers:
                current.append(identifier)
            elif identifier in self._conflict_promoted:
                promoted.append(identifier)
        if current:
            return current
        if promoted:
            return promoted
        return identifiers

    def get_preference(
        self,
        identifier: str,
        resolutions: Mapping[str, Candidate],
        candidates: Mapping[str, Iterator[Candidate]],
        information: Mapping[str, Iterable[Any]],
        backtrack_causes: Sequence[Any],
    ) -> tuple[Any, ...]:
        """pip's preference keys, so the search order (and hence the result) matches pip's."""
        return (identifier not in self._conflict_promoted,
                *self.static_preference(identifier, information[identifier]))

    def static_preference(self, identifier: str, information: Iterable[Any]) -> tuple[Any, ...]:
        """The keys after the first: they depend on the requirements on ``identifier`` only,
        so a resolution may remember them while those stay the same (resolve/_resolvelib.py)."""
        infos = list(information)
        operators = [
            (sp.operator, sp.version)
            for info in infos
            if info.requirement.exact is None
            for sp in info.requirement.specifier
        ]
        pinned = any(op[:2] == "==" and "*" not in ver for op, ver in operators)
        upper_bounded = any(
            op in ("<", "<=", "~=") or (op == "==" and "*" in ver) for op, ver in operators
        )
        # pip counts the exact base-candidate requirement of an extras node as "direct".
        direct = any(info.requirement.exact is not None for info in infos)
        # By exact identifier, as pip: ``x[e]`` is not ranked as the user's ``x``.
        requested_order = self.requested_order.get(identifier, math.inf)
        return (
            not direct,
            not pinned,
            not upper_bounded,
            requested_order,
            not operators,
            identifier,
        )

    def find_matches(
        self,
        identifier: str,
        requirements: Mapping[str, Iterator[Requirement]],
        incompatibilities: Mapping[str, Iterator[Candidate]],
    ) -> list[Candidate] | Callable[[], Iterator[Candidate]]:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OutOfTime(identifier)
        reqs = list(requirements[identifier])
        bad = {id(c) for c in incompatibilities[identifier]}
        if identifier == PYTHON:
            # No requirement left (resolvelib keeps a criterion whose requirements all
            # came from replaced pins): no candidate, as in pip.
            ok = bool(reqs) and all(r.is_satisfied_by(self._python) for r in reqs)
            return [self._python] if ok and id(self._python) not in bad else []

        bare, bracket, rest = identifier.partition("[")
        name = canonicalize_name(bare)
        self.seen.add(name)
        # Like pip's ``Factory.find_candidates``: an extras node also takes the requirements
        # on its bare project (its exact releases and its specifiers).
        bare_reqs = list(requirements.get(name, ())) if bracket else []
        constraint = self.constraints.get(name)
        exact: list[Any] = []
        for r in (*reqs, *bare_reqs):
            if r.exact is not None and all(r.exact.release is not e for e in exact):
                exact.append(r.exact.release)
        if exact:
            # Only those releases (pip's explicit candidates, with the identifier's
            # extras), if the node's own requirements and the constraint allow them.
            node_extras = frozenset(rest[:-1].split(",")) if bracket else frozenset()
            offered = []
            for release in exact:
                cand = self._candidate(name, node_extras, release)
                if id(cand) in bad or (constraint is not None and not constraint.contains(
                        cand.version, prereleases=True)):
                    continue
                if all(r.is_satisfied_by(cand) for r in reqs):
                    offered.append(cand)
            return offered

        spec_reqs = [r for r in (*reqs, *bare_reqs) if r.exact is None]
        if not spec_reqs:
            # Nothing asks for this identifier any more (its requirements came from pins
            # that were replaced): pip offers no candidate, so neither does stackwise;
            # offering all releases would let a backjump succeed where pip's goes on.
            return []
        # pip builds the candidates with the extras of the requirements it used: an extras
        # node with only requirements on its bare project gets bare candidates, as in pip.
        extras = frozenset().union(*(r.extras for r in spec_reqs))
        specifier = SpecifierSet()
        for r in spec_reqs:
            specifier &= r.specifier
        if constraint is not None:
            specifier &= constraint
        releases = self.source.releases(name)
        applicable, ordered, all_yanked, pinned = self._applicable(name, releases, specifier)
        excluded = self.excluded.get(name, frozenset())
        policy = self.policy
        # No version rule about this package (pair rules are judged on whole stacks): no
        # vetoes, every score 0 (skip asking per version).
        scored = not policy.empty and bool(policy.version_rules(name))
        # A guarded package (resolve/safety.py) has vetoes without a version rule of its own.
        scored = scored or policy.is_guarded(name)
        if not scored and (self.order == "newest" or (self.order == "lowest-direct" and name not in self.user_requested)):
            # pip's order, nothing to score: the candidates are made as resolvelib reaches
            # them (it usually takes the first), not all of a project's versions each call.
            return self._lazy_offer(name, extras, ordered, all_yanked and pinned, excluded, bad)
        found: list[tuple[tuple[float, Version], Candidate]] = []
        versions_found: set[Version] = set()
        vetoing = scored and policy.may_veto(name)
        if scored and self.rank:  # every score at once (remembered): the loop below only looks them up
            keep_yanked = all_yanked and pinned
            policy.unary_scores(name, [(rel.version, rel.index_url) for rel in ordered
                                       if keep_yanked or not rel.yanked])
        for rel in ordered:  # newest first (equal versions in the source's order, as pip's)
            if rel.yanked and not (all_yanked and pinned):
                continue
            if rel.version in versions_found or rel.version in excluded:
                continue
            if vetoing and policy.veto(name, rel.version, rel.index_url) is not None:
                self.diverged = True
                continue
            versions_found.add(rel.version)
            cand = self._candidate(name, extras, rel)
            if id(cand) in bad:
                continue
            score = policy.unary(name, rel.version, rel.index_url)[0] if scored and self.rank else 0.0
            found.append(((score, rel.version), cand))
        if self.order != "newest" and len(found) > 1 and (
            self.order == "lowest" or name in self.user_requested
        ):
            found.sort(key=lambda item: item[0][1])  # oldest first: not pip's order
            self.diverged = True
            found.sort(key=lambda item: item[0][0], reverse=True)  # then by score, stable
            return self._offer(found)
        # Higher score first, then newest: ``found`` is newest first (pip's order) and the
        # sort is stable, so only scores are compared (not versions: a Version comparison
        # is a Python call, and a scored project sorts all its releases on every call).
        before = [c for _, c in found] if scored and not self.diverged else None
        found.sort(key=_score_of, reverse=True)
        if before is not None and any(a is not b for a, (_, b) in zip(before, found, strict=True)):
            self.diverged = True
        return self._offer(found)

    def _applicable(
        self, name: str, releases: Sequence[Any], specifier: SpecifierSet
    ) -> tuple[list[Any], list[Any], bool, bool]:
        """The releases ``specifier`` allows in the source's order and sorted newest first
        (a stable sort: equal versions keep that order), whether all of them are yanked, and
        whether it pins. Remembered per project and specifier text: resolvelib asks again
        for a project each time a requirement on it is added or dropped, and the search asks
        in every resolution."""
        key = (name, str(specifier), specifier.prereleases, self.pre)
        hit = self._matches.get(key)
        if hit is not None and hit[0] is releases and hit[5] == len(releases):
            return hit[1], hit[2], hit[3], hit[4]
        # By identity: filter returns the very objects it was given, and equal versions get the
        # same answer, so this keeps the same releases without hashing every Version (a Python
        # call in packaging 26, ~10k per medium lock).
        allowed = {id(v) for v in specifier.filter([r.version for r in releases],
                                                   prereleases=True if self.pre else None)}
        applicable = [r for r in releases if id(r.version) in allowed]
        ordered = _newest_first(applicable)
        if getattr(self.source, "prefers", False):  # the source's preferred releases first (a stable sort)
            preferred = self.source.preferred
            ordered.sort(key=lambda r: not preferred(r))
        all_yanked = all(r.yanked for r in applicable)
        pinned = _is_pinned(specifier)
        self._matches[key] = (releases, applicable, ordered, all_yanked, pinned, len(releases))
        return applicable, ordered, all_yanked, pinned

    def _lazy_offer(
        self,
        name: NormalizedName,
        extras: frozenset[str],
        applicable: list[Any],
        keep_yanked: bool,
        excluded: frozenset[Version],
        bad: set[int],
    ) -> Callable[[], Iterator[Candidate]]:
        """The same candidates, in the same order, as the eager loop of ``find_matches``
        gives for an unscored project in pip's order (that loop ends with a stable sort,
        newest first: ``ordered`` is sorted already), built one at a time."""

        def candidates() -> Iterator[Candidate]:
            versions_found: set[Version] = set()
            for rel in applicable:  # newest first
                if rel.yanked and not keep_yanked:
                    continue
                version = rel.version
                if version in versions_found or version in excluded:
                    continue
                versions_found.add(version)
                cand = self._candidate(name, extras, rel)
                if id(cand) in bad:
                    continue
                yield cand

        first = next(candidates(), None)
        if first is not None:
            # The index client starts fetching the metadata of the likely pick now.
            prefetch = getattr(self.source, "prefetch_metadata", None)
            if prefetch is not None:
                prefetch(first.release)
        return candidates

    def _offer(self, found: list[tuple[tuple[float, Version], Candidate]]) -> list[Candidate]:
        if found:
            # The index client starts fetching the metadata of the likely pick now.
            prefetch = getattr(self.source, "prefetch_metadata", None)
            if prefetch is not None:
                prefetch(found[0][1].release)
        return [c for _, c in found]

    def is_satisfied_by(self, requirement: Requirement, candidate: Candidate) -> bool:
        return requirement.is_satisfied_by(candidate)

    def get_dependencies(self, candidate: Candidate) -> list[Requirement]:
        if candidate.release is None:
            return []
        deps: list[Requirement] = []
        if candidate.extras:
            base = self._candidate(candidate.name, frozenset(), candidate.release)
            deps.append(
                Requirement(candidate.name, frozenset(), SpecifierSet(f"=={candidate.version}"),
                            f"{candidate.name}=={candidate.version}", exact=base)
            )
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise OutOfTime(candidate.name)  # before a metadata read that may build an sdist
        try:
            meta = self.source.metadata(candidate.release)
            _check_requires_dist(meta.requires_dist, candidate)
        except CandidateUnavailable as exc:
            if self.builds_must_work and isinstance(exc, CandidateBuildFailed):
                failure = exc.failure if exc.failure.endswith(".") else exc.failure + "."
                raise MetadataError(
                    f"{failure} In pip's order, which this lock fell back to when its own order did not finish "
                    f"within the time budget, {candidate.name} {candidate.version} comes next, and pip stops at a "
                    "failed build too. Provide a wheel for it, exclude that "
                    f"version (e.g. a constraint {candidate.name}!={candidate.version}), or give a larger "
                    "--time-budget so that stackwise's own order can look past it."
                ) from None
            if self.builds_must_work and isinstance(exc, MetadataNotCached):
                raise MetadataError(
                    f"{exc} In pip's order, which this lock fell back to when its own order did not finish "
                    f"within the time budget, {candidate.name} {candidate.version} comes next; skipping every "
                    "release whose metadata is missing there sends the resolver through every stack without "
                    "them. Or give a larger --time-budget."
                ) from None
            # Reject just this candidate (an unsatisfiable Requires-Python makes resolvelib
            # backtrack to the next one) and remember why, for the warning and the error.
            self.unavailable[f"{candidate.name}=={candidate.version}"] = str(exc)
            return [*deps, Requirement(NormalizedName(PYTHON), frozenset(), SpecifierSet("<0"),
                                       f"{candidate.name}=={candidate.version} (unavailable)")]
        if not candidate.extras and meta.requires_python:
            try:
                rp = SpecifierSet(meta.requires_python) if not _LONG_NUMBER.search(meta.requires_python) else SpecifierSet()
            except Exception:  # noqa: BLE001 - pip ignores an invalid Requires-Python too
                rp = SpecifierSet()
            if str(rp):  # pip adds no requirement for an empty (or invalid) Requires-Python
                deps.append(Requirement(NormalizedName(PYTHON), frozenset(), rp, f"Python{rp}"))
        extras = candidate.extras
        if extras:
            # Like pip: extras the release does not declare (Provides-Extra) are ignored.
            provided = {canonicalize_name(e) for e in getattr(meta, "provides_extra", ())}
            extras = frozenset(e for e in extras if e in provided)
        for text in meta.requires_dist:
            for req in self._dependency_requirements(text, extras):
                swap = self.overrides.replace(req.name, self.target.markers) if self.overrides else None
                if swap is None:
                    deps += pip_requirements(req)
                else:  # the user's override replaces what the package declares
                    for o in swap:
                        deps += pip_requirements(make_requirement(o, f"{o} (user override)"))
        # The index client requests the stale or missing pages of new dependencies
        # concurrently, before the resolver asks for them one at a time.
        source_prefetch = getattr(self.source, "prefetch", None)
        if source_prefetch is not None:
            source_prefetch(r.name for r in deps if r.name != PYTHON)
        # A knowledge base backed by a score service fetches the rules of all new
        # dependencies in one round trip here, instead of one request per package later.
        prefetch = getattr(self.policy.kb, "prefetch", None)
        if prefetch is not None:
            prefetch(r.name for r in deps if r.name != PYTHON)
        return deps

    # -- helpers ---------------------------------------------------------------------------

    _cands: dict[tuple[int, frozenset[str]], Candidate]

    def _candidate(self, name: NormalizedName, extras: frozenset[str], release: Any) -> Candidate:
        # One object per (release, extras) so resolvelib's identity-based bookkeeping works.
        cache = self.__dict__.setdefault("_cands", {})
        key = (id(release), extras)
        cand = cache.get(key)
        if cand is None:
            cand = Candidate(name, extras, release, release.version)
            cache[key] = cand
        return cand

    def _dependency_requirements(self, text: str, extras: frozenset[str]) -> Iterator[Requirement]:
        """One Requires-Dist line -> requirement, evaluated like pip's ``iter_dependencies``.

        The base node takes unmarked lines and lines whose marker holds with ``extra == ""``;
        an extras node takes unmarked lines and lines whose marker holds for one of its extras.
        """
        only = _EXTRA_ONLY.match(text)
        if only is not None and canonicalize_name(only.group(2)) not in extras:
            # ``extra == "x"`` compares normalized names and holds only for x itself: the
            # same answer as parsing and evaluating the line, without doing either.
            return
        req = _PARSED.get(text, _MISSING)
        if req is _MISSING:
            try:
                req = PackagingRequirement(text)
            except InvalidRequirement:
                req = None  # pip skips an unparseable metadata line too
            _PARSED[text] = req
        if req is None:
            return
        if req.marker is not None:
            key = (text, extras)
            holds = self._holds.get(key)
            if holds is None:
                env = dict(self.target.markers)
                holds = False
                for extra in sorted(extras) or [""]:
                    env["extra"] = extra
                    if req.marker.evaluate(env):
                        holds = True
                        break
                self._holds[key] = holds
            if not holds:
                return
        yield make_requirement(req, text)
