"""Why a resolution failed, in terms a user can act on.

resolvelib reports a conflict as the requirements it could not satisfy together. That is
enough for pip's "The conflict is caused by" list, but not for what the user has to change:
a constraint file, an exact pin, a knowledge-base veto, Requires-Python or a yanked
release may have removed the versions that would have fitted. This module names each of
them, as pip names ``(constraint)`` requirements and Requires-Python
(https://pip.pypa.io/en/stable/topics/dependency-resolution/#understanding-your-error-message),
and adds what pip leaves out: for every version the index has, the rule that removed it.

A project the configured locations do not list at all is reported as such ("not on the
package index", pip's "from versions: none"), not as a range to loosen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise.resolve.provider import PYTHON

_SHOWN = 8  # versions listed per reason before "+N more"


@dataclass(frozen=True)
class ConflictContext:
    """What the failed resolution knew, attached to its conflict by ``resolve_once``."""

    provider: Any  # the StackProvider of that resolution (source, policy, target, constraints)
    constraint_origins: Mapping[str, Sequence[str]]  # name -> where its constraints came from


def _is_exact(spec: SpecifierSet) -> bool:
    return any(sp.operator in ("==", "===") and not sp.version.endswith(".*") for sp in spec)


def _versions_text(versions: Iterable[Any]) -> str:
    """``2.1, 2.0, 1.9, ..., 1.4, ... (+N more), 0.1``: newest first, as pip and a user try them.

    Why: with hundreds of releases the oldest-first list showed only versions nobody would try
    and hid the newest (what the user is looking for) in the count; the oldest stays, last, so
    the range is still visible."""
    ordered = sorted(versions, reverse=True)
    if len(ordered) <= _SHOWN:
        return ", ".join(str(v) for v in ordered)
    shown = ", ".join(str(v) for v in ordered[:_SHOWN - 1])
    return f"{shown}, ... (+{len(ordered) - _SHOWN} more), {ordered[-1]}"


def _project_of(source: Any, name: str) -> Any:
    """The index project (releases and skipped versions) when the source can tell; else None."""
    project = getattr(source, "project", None)
    if project is None:
        return None
    try:
        return project(name)
    except Exception:  # noqa: BLE001 - an explanation must not replace the error it explains
        return None


def _held_back(source: Any, name: str) -> list[tuple[Any, str]]:
    """(release, reason) the release-age cooldown removed, when the source is one (release_age.py)."""
    held = getattr(source, "held_back", None)
    if held is None:
        return []
    try:
        return list(held(name))
    except Exception:  # noqa: BLE001 - an explanation must not replace the error it explains
        return []


def _where(source: Any, name: str) -> str:
    note = getattr(source, "lookup_note", None)
    if note is None:
        return "the configured package index"
    try:
        return str(note(name))
    except Exception:  # noqa: BLE001
        return "the configured package index"


def not_found_message(name: str, wanted_by: str, source: Any) -> str:
    """The paragraph for a project no configured location lists (pip: "from versions: none")."""
    return (
        f"{name} is not on the package index: no configured location lists any file for it "
        f"(from versions: none); {wanted_by}. Looked at: {_where(source, name)}. Check the spelling "
        "of the name, or add the index (--index-url/--extra-index-url) or --find-links location that "
        "has it."
    )


def _removal_reasons(name: str, causes: Sequence[Any], ctx: ConflictContext) -> list[str] | None:
    """One line per reason that removed versions of ``name``; None when nothing is listed at all."""
    provider = ctx.provider
    source = provider.source
    try:
        releases = list(source.releases(name))
    except Exception:  # noqa: BLE001
        return []
    held_back = _held_back(source, name)
    held = {rel.version: why for rel, why in held_back}
    if held:  # removed by the cooldown: listed with their reason, newest first like the rest
        releases = sorted([*releases, *(rel for rel, _ in held_back)], key=lambda r: r.version, reverse=True)
    project = _project_of(source, name)
    skipped = list(getattr(project, "skipped", ()) or ())
    if not releases and not skipped:
        return None
    python = provider.target.markers.get("python_full_version", "")
    reqs = [c.requirement for c in causes if c.requirement.name == name and c.requirement.exact is None]
    constraint = provider.constraints.get(name)
    # Sets, and each specifier tested once per version: with a thousand parents each requiring
    # the project (boto3<1.20 botocore>1.25) the lists and per-requirement tests made this run
    # for more than 15 minutes after the resolution had failed.
    by_reason: dict[str, dict[Version, None]] = {}

    def note(reason: str, version: Version) -> None:
        by_reason.setdefault(reason, {})[version] = None

    for item in skipped:
        try:
            version = Version(item.version)
        except InvalidVersion:
            continue
        reason = item.reason
        if reason.startswith("requires-python "):
            reason = f"Requires-Python {reason[len('requires-python '):]} excludes the target Python {python}"
        note(reason, version)
    combined = SpecifierSet()
    for r in reqs:
        combined &= r.specifier
    if constraint is not None:
        combined &= constraint
    allowed = set(combined.filter([r.version for r in releases], prereleases=True if provider.pre else None))
    pinned = _is_exact(combined)
    all_yanked = all(r.yanked for r in releases if r.version in allowed and r.version not in held)
    origins = ", ".join(ctx.constraint_origins.get(name, ()))
    parents: dict[int, Any] = {}
    for c in causes:
        parents.setdefault(id(c.requirement), c.parent)
    outside_reason: dict[int, str] = {}
    for r in reqs:
        parent = parents.get(id(r))
        who = f"{parent!r}" if parent is not None else "the user"
        pin = ", an exact pin" if parent is None and _is_exact(r.specifier) else ""
        outside_reason[id(r)] = f"outside {r.text} (required by {who}{pin})"
    versions = [rel.version for rel in releases]
    excluded_by: dict[str, set[Version]] = {}  # by specifier: parents often repeat one
    for r in reqs:
        key = str(r.specifier)
        if key not in excluded_by:
            excluded_by[key] = {v for v in versions if not r.specifier.contains(v, prereleases=True)}
    excludes = [(r, excluded_by[str(r.specifier)]) for r in reqs]
    for rel in releases:
        v = rel.version
        # Every requirement and constraint the version fails is named (one may be the culprit).
        outside = [r for r, excluded in excludes if v in excluded]
        for r in outside:
            note(outside_reason[id(r)], v)
        if constraint is not None and not constraint.contains(v, prereleases=True):
            note(f"excluded by the constraint {name}{constraint}" + (f" ({origins})" if origins else ""), v)
            continue
        if outside:
            continue
        if v not in allowed:
            note("a pre-release (allowed with --pre or a pre-release specifier)", v)
            continue
        if v in held:
            note(held[v], v)
            continue
        if rel.yanked and not (all_yanked and pinned):
            why = getattr(rel, "yanked_reason", None)
            note(f"yanked (PEP 592){': ' + why if why else ''}", v)
            continue
        veto = provider.policy.veto(name, v, rel.index_url) if not provider.policy.empty else None
        if veto is not None:
            note(f"vetoed by rule {veto.id} ({veto.category}: {veto.message} {veto.link})".replace(" )", ")"), v)
            continue
        unavailable = provider.unavailable.get(f"{name}=={v}")
        if unavailable is not None:
            note(f"could not be evaluated ({unavailable})", v)
            continue
        note("fits these requirements, but its own dependencies conflict with the rest of the stack", v)
    lines = []
    for reason, found in sorted(by_reason.items(), key=lambda item: max(item[1]), reverse=True):
        lines.append(f"  {_versions_text(found)}: {reason}")
    if len(lines) > _MAX_REASONS:  # a thousand parents' requirements: the newest reasons, then a count
        lines[_MAX_REASONS:] = [f"  ... and {len(lines) - _MAX_REASONS} more reason(s) for older versions"]
    return lines


_MAX_REASONS = 40


def removal_details(causes: Sequence[Any], ctx: ConflictContext) -> str:
    """Just the per-version reasons (``"\nThe index has ..."``), or "" when there are none."""
    blocks = []
    for name in dict.fromkeys(c.requirement.name for c in causes if c.requirement.name != PYTHON):
        reasons = _removal_reasons(name, causes, ctx)
        if reasons:
            blocks.append(_details_block(name, reasons, ctx))
    return "".join("\n" + b for b in blocks)


def _details_block(name: str, reasons: list[str], ctx: ConflictContext) -> str:
    found: set[Version] = set()
    with contextlib.suppress(Exception):
        found.update(r.version for r in ctx.provider.source.releases(name))
    found.update(rel.version for rel, _ in _held_back(ctx.provider.source, name))
    for item in getattr(_project_of(ctx.provider.source, name), "skipped", ()) or ():
        with contextlib.suppress(InvalidVersion):
            found.add(Version(item.version))
    head = (f"The index has {name} {_versions_text(found)}" if found
            else f"The index has no usable release of {name}")
    return f"{head}; each was ruled out:\n" + "\n".join(reasons)


def explain_conflict(causes: Sequence[Any], ctx: ConflictContext, base: Callable[[], str]) -> str:
    """The full message for a failed resolution: not-found projects first, else the conflict
    chain (``base()``, pip's list) with constraints named and every removed version's reason."""
    provider = ctx.provider
    names: list[str] = []
    for cause in causes:
        if cause.requirement.name != PYTHON and cause.requirement.name not in names:
            names.append(cause.requirement.name)
    details: list[str] = []
    for name in names:
        reasons = _removal_reasons(name, causes, ctx)
        if reasons is None:
            wanted = "; ".join(
                f"the user requested {c.requirement.text}" if c.parent is None else
                f"{c.parent!r} depends on {c.requirement.text}"
                for c in causes if c.requirement.name == name
            ) or f"{name} is required"
            return not_found_message(name, wanted, provider.source)
        if reasons:
            details.append(_details_block(name, reasons, ctx))
    text = base()
    extra: list[str] = []
    for name in names:
        constraint = provider.constraints.get(name)
        if constraint is not None and str(constraint):
            origins = ", ".join(ctx.constraint_origins.get(name, ()))
            extra.append(f"  the user requested (constraint) {name}{constraint}" + (f" ({origins})" if origins else ""))
    if extra:
        head, sep, tail = text.partition("\nLoosen the range")
        text = head + "\n" + "\n".join(extra) + sep + tail
    if details:
        head, sep, tail = text.partition("\nLoosen the range")
        text = head + "\n" + "\n".join(details) + sep + tail
    return text

