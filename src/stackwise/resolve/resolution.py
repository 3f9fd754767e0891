"""One resolvelib run: requirements in, a pinned stack (or a readable conflict) out."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName
from packaging.version import Version
from resolvelib import Resolver
from resolvelib.resolvers import ResolutionImpossible, ResolutionTooDeep

from stackwise._dataclass import dataclass
from stackwise.environment import TargetEnvironment
from stackwise.errors import BuildPastDeadline, ResolutionError
from stackwise.resolve._resolvelib import make_resolver
from stackwise.resolve.diagnose import ConflictContext
from stackwise.resolve.overrides import Overrides
from stackwise.resolve.policy import Policy
from stackwise.resolve.provider import (
    PYTHON,
    CandidateSource,
    OutOfTime,
    Requirement,
    StackProvider,
    pip_roots,
)

MAX_ROUNDS = 200_000  # pip's limit, so "too complex" means the same thing for both

# Version orders a resolution can try candidates in: pip's (newest first), the lowest
# allowed versions of every package, or of the direct requirements only (uv's
# ``--resolution lowest`` / ``lowest-direct``), for testing declared minimums.
ORDERS = ("newest", "lowest", "lowest-direct")
LOWEST = ("lowest", "lowest-direct")


def knowledge_recommendation(recommendation: str) -> str:
    """The weights a recommendation uses: the lowest orders apply vetoes only, as ``latest``."""
    return "latest" if recommendation in LOWEST else recommendation


@dataclass
class Stack:
    """A complete, consistent set of pins."""

    releases: dict[NormalizedName, Any]  # name -> release (ReleaseLike)
    extras: dict[NormalizedName, frozenset[str]]
    order: list[NormalizedName]  # pin order, as resolvelib settled it
    parents: dict[NormalizedName, set[str]] = field(default_factory=dict)  # name -> {parent names, "-r" for user}

    def versions(self) -> dict[str, tuple[Version, str | None]]:
        return {n: (r.version, r.index_url) for n, r in self.releases.items()}

    def pins(self) -> dict[str, str]:
        return {n: str(r.version) for n, r in sorted(self.releases.items())}


@dataclass(frozen=True)
class Problem:
    """What the user asked for, ready for the provider."""

    roots: Sequence[Requirement]
    constraints: Mapping[str, SpecifierSet]
    user_requested: Mapping[str, int]
    pre: bool = False
    # Where each constraint came from ("constraints.txt:3"), for error messages only.
    constraint_origins: Mapping[str, Sequence[str]] = field(default_factory=dict, compare=False)
    order: str = "newest"  # one of ORDERS
    overrides: Overrides | None = field(default=None, compare=False)  # the user's dependency overrides


def _skipped_note(provider: StackProvider) -> str:
    """Why backtracking may have gone on for so long: releases skipped because their metadata
    could not be had (a failed build, most often), where pip stops at the first one."""
    if not provider.unavailable:
        return ""
    per: dict[str, int] = {}
    for pin in provider.unavailable:
        name = pin.split("==", 1)[0]
        per[name] = per.get(name, 0) + 1
    most = sorted(per.items(), key=lambda item: (-item[1], item[0]))[:3]
    shown = ", ".join(f"{name} ({count} release{'s' if count > 1 else ''})" for name, count in most)
    return (f" {len(provider.unavailable)} candidate(s) were skipped because their metadata could not be "
            f"had here, most of {shown}; every stack needing them was tried without them. pip stops at "
            "the first such release: provide wheels for them, or exclude them with constraints.")


def resolve_once(
    problem: Problem,
    source: CandidateSource,
    target: TargetEnvironment,
    policy: Policy,
    excluded: Mapping[str, frozenset[Version]] | None = None,
    deadline: float | None = None,
    *,
    rank: bool = True,
    matches: dict[Any, Any] | None = None,
    builds_must_work: bool = False,
    unbuildable_stops: bool = False,
) -> tuple[Stack | None, StackProvider, ResolutionImpossible | None]:
    """Run resolvelib once. Returns (stack, provider, None) or (None, provider, conflict).

    With a ``deadline`` (``time.monotonic()``), :class:`OutOfTime` may escape instead.
    ``rank=False``: candidates in pip's order (vetoes still apply), not by score.
    ``matches``: the provider's memo of allowed releases, shared by the resolutions of a search.
    ``builds_must_work``: a failed metadata build raises MetadataError instead of skipping the
    release (pip's behaviour, for the fallback to pip's order).
    ``unbuildable_stops``: a project whose builds keep failing and whose other releases all
    need a build stops the resolution (ProjectUnbuildable) instead of being skipped release
    after release; for resolutions that no deadline bounds (``--time-budget 0``).

    The source's metadata builds are bounded by ``deadline`` too (``builds_until``): a build
    still running then is stopped, and the resolution is out of time."""
    roots, requested_order = pip_roots(problem.roots)
    provider = StackProvider(
        source,
        target,
        policy,
        constraints=problem.constraints,
        user_requested=problem.user_requested,
        excluded=excluded,
        pre=problem.pre,
        deadline=deadline,
        order=problem.order,
        overrides=problem.overrides,
        rank=rank,
        matches=matches,
        requested_order=requested_order,
        builds_must_work=builds_must_work,
    )
    resolver: Resolver = make_resolver(provider)
    prefetch = getattr(source, "prefetch", None)
    if prefetch is not None:  # the index client: request stale root pages concurrently
        prefetch(r.name for r in problem.roots if r.name != PYTHON)
    until = getattr(source, "builds_until", None)
    bounds = (until(deadline, unbuildable_stops=unbuildable_stops) if until is not None
              else contextlib.nullcontext())
    try:
        with bounds:
            result = resolver.resolve(roots, max_rounds=MAX_ROUNDS)
    except BuildPastDeadline as exc:
        raise OutOfTime(exc.what) from None
    except ResolutionImpossible as exc:
        # What describe_conflict needs to name constraints, vetoes and removed versions.
        exc.stackwise_context = ConflictContext(provider, problem.constraint_origins)  # type: ignore[attr-defined]
        return None, provider, exc
    except ResolutionTooDeep as exc:
        raise ResolutionError(
            f"Resolution is too complex: gave up after {MAX_ROUNDS} rounds, as pip would. "
            "Narrow the requirements (add lower bounds or pins) to help the resolver." + _skipped_note(provider)
        ) from exc

    releases: dict[NormalizedName, Any] = {}
    extras: dict[NormalizedName, frozenset[str]] = {}
    order: list[NormalizedName] = []
    for identifier, cand in result.mapping.items():
        if identifier == PYTHON:
            continue
        if cand.name not in releases:
            order.append(cand.name)
        releases[cand.name] = cand.release
        if cand.extras:
            extras[cand.name] = extras.get(cand.name, frozenset()) | cand.extras
    parents: dict[NormalizedName, set[str]] = {}
    for identifier, cand in result.mapping.items():
        if identifier == PYTHON:
            continue
        for parent in result.graph.iter_parents(identifier):
            label = "-r" if parent is None else parent.partition("[")[0]
            if label != cand.name:
                parents.setdefault(cand.name, set()).add(label)
    return Stack(releases, extras, order, parents), provider, None


def describe_conflict(exc: ResolutionImpossible) -> str:
    """pip-style conflict chain: who asked for what, one line each.

    With the context ``resolve_once`` attaches, a project no location lists is reported as
    not on the index, and constraints and the reason each version was removed are named
    (see :mod:`stackwise.resolve.diagnose`).
    """
    ctx = getattr(exc, "stackwise_context", None)
    if ctx is not None:
        from stackwise.resolve.diagnose import explain_conflict

        try:
            return explain_conflict(exc.causes, ctx, lambda: _conflict_chain(exc, ctx))
        except Exception:  # noqa: BLE001 - the plain chain is still a correct message
            pass
    return _conflict_chain(exc, None)


def removed_versions(exc: ResolutionImpossible | None) -> str:
    """The reason each version of the conflicting projects was removed ("" if unknown)."""
    ctx = getattr(exc, "stackwise_context", None)
    if ctx is None:
        return ""
    from stackwise.resolve.diagnose import removal_details

    try:
        return removal_details(exc.causes, ctx)  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 - an explanation must not replace the error it explains
        return ""


def _conflict_chain(exc: ResolutionImpossible, ctx: Any) -> str:
    python = ctx.provider.target.markers.get("python_full_version") if ctx is not None else None
    lines = []
    for cause in exc.causes:
        req = cause.requirement
        if req.name == PYTHON and req.text.endswith("(unavailable)"):
            lines.append(f"  {req.text[: -len(' (unavailable)')]} could not be evaluated (see the note below)")
            continue
        if req.name == PYTHON:
            who = f"{cause.parent!r}" if cause.parent is not None else "the user"
            lines.append(f"  {who} requires Python {req.specifier} "
                         + (f"(the target is Python {python})" if python else "(target has a different Python)"))
            continue
        if cause.parent is None:
            lines.append(f"  the user requested {req.text}")
        else:
            lines.append(f"  {cause.parent!r} depends on {req.text}")
    seen: list[str] = []
    for line in lines:
        if line not in seen:
            seen.append(line)
    names = sorted({c.requirement.name for c in exc.causes if c.requirement.name != PYTHON})
    subject = ", ".join(names) if names else "the requirements"
    return (
        f"Cannot find versions of {subject} that satisfy all requirements. "
        "The conflict is caused by:\n" + "\n".join(seen) + "\n"
        "Loosen the range of package versions you specified, or remove pins that "
        "contradict each other."
    )
