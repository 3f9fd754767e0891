"""Explanations: why the chosen stack differs from what pip would have installed.

One :class:`Decision` per package whose version differs from pip's pick (or that only one
of the two stacks contains), each with the rules responsible, so the terminal can print a
single line per decision and ``--report`` can carry the full detail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise.knowledge.rules import Rule
from stackwise.resolve.engine import Outcome


@dataclass
class Decision:
    name: str
    chosen: Version | None  # None: pip installs it, we do not need it
    pip: Version | None  # None: only our stack contains it
    newest: Version | None
    rules: list[Rule] = field(default_factory=list)
    note: str = ""
    skipped: list[SkippedRelease] = field(default_factory=list)  # newer releases nobody may pick

    def line(self, tool: str = "pip") -> str:
        """One line for the terminal; ``tool`` names what the plain tool would have locked."""
        chosen = str(self.chosen) if self.chosen is not None else "not installed"
        pip = str(self.pip) if self.pip is not None else "not installed"
        head = f"{self.name} {chosen} ({tool}: {pip})"
        tail = f"; {skipped_text(self.skipped)}" if self.skipped else ""
        if self.rules:
            r = self.rules[0]
            more = f" (+{len(self.rules) - 1} more rule(s))" if len(self.rules) > 1 else ""
            return f"{head} — {r.category}: {r.message} {r.link} [rule {r.id}]{more}{tail}"
        if self.note:
            return f"{head} — {self.note}{tail}"
        return f"{head} — {tail[2:]}" if tail else head


@dataclass(frozen=True)
class SkippedRelease:
    """A release the index lists that no resolver may pick for the target, and why.

    Pip skips these silently; saying so answers the first question a user asks when the
    lock does not hold the newest release ("why not 2.0?").
    """

    version: str
    reason: str  # "yanked (PEP 592): <reason>" or "Requires-Python >=3.12 excludes Python 3.11.7"

    def to_json(self) -> dict[str, str]:
        return {"version": self.version, "reason": self.reason}


def yanked_reason(release: Any) -> str:
    """How a yanked release is described: PEP 592 plus the maintainer's reason when given."""
    why = getattr(release, "yanked_reason", None)
    return f"yanked (PEP 592): {why}" if why else "yanked (PEP 592)"


def unusable_releases(project: Any, python: str, *, pre: bool = False) -> list[SkippedRelease]:
    """Every release of ``project`` (an index :class:`~stackwise.index.models.Project`) the
    resolver skips for the target: yanked ones and those the index client set aside because
    of Requires-Python (or no compatible file), newest first. Pre-releases only with ``pre``."""
    found: dict[Version, SkippedRelease] = {}
    for rel in getattr(project, "releases", ()):
        if rel.yanked and (pre or not rel.version.is_prerelease):
            found[rel.version] = SkippedRelease(str(rel.version), yanked_reason(rel))
    for item in getattr(project, "skipped", ()):
        try:
            version = Version(item.version)
        except InvalidVersion:
            continue
        if version.is_prerelease and not pre:
            continue
        reason = item.reason
        if reason.startswith("requires-python "):
            reason = f"Requires-Python {reason[len('requires-python '):]} excludes the target Python {python}"
        found.setdefault(version, SkippedRelease(str(version), reason))
    return [found[v] for v in sorted(found, reverse=True)]


def skipped_newer(pins: Mapping[str, Version], project_of: Callable[[str], Any], python: str, *,
                  pre: bool = False, within: Mapping[str, SpecifierSet] | None = None,
                  ) -> dict[str, list[SkippedRelease]]:
    """For each pinned package, the releases newer than its pin that were skipped, and why.

    ``within``: what the user's requirements allow of a project (engine.requirement_bounds).
    A release they rule out is left out: nobody would pick it anyway, so "2.0 yanked" under
    ``lib==1.0`` was noise (pip does not consider 2.0 either)."""
    out: dict[str, list[SkippedRelease]] = {}
    for name, version in pins.items():
        try:
            project = project_of(name)
        except Exception:  # noqa: BLE001 - an explanation must never fail a finished lock
            continue
        spec = (within or {}).get(name)
        newer = [s for s in unusable_releases(project, python, pre=pre) if Version(s.version) > version
                 and (spec is None or spec.contains(Version(s.version), prereleases=True))]
        if newer:
            out[name] = newer
    return out


def yanked_pins(releases: Mapping[str, Any]) -> list[str]:
    """Warnings for chosen releases that are yanked: PEP 592 lets an exact pin select one
    (when every matching release is yanked), and pip warns when it installs it."""
    return [f"{name} {rel.version} is {yanked_reason(rel)}; it was selected only because the "
            "requirements pin it exactly (PEP 592)"
            for name, rel in sorted(releases.items()) if getattr(rel, "yanked", False)]


def skipped_text(skipped: Iterable[SkippedRelease], limit: int = 3) -> str:
    """``newer 2.0 skipped: yanked (PEP 592): broken build; 3.0 ...`` (at most ``limit`` shown)."""
    items = list(skipped)
    shown = "; ".join(f"{s.version} {s.reason}" for s in items[:limit])
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return f"newer release(s) skipped: {shown}{more}"


def _rule_touches(rule: Rule, name: str) -> bool:
    return rule.package.name == name or (rule.other is not None and rule.other.name == name)


def _separates(rule: Rule, name: str, mine: tuple[Version, str | None] | None,
               theirs: tuple[Version, str | None] | None) -> bool:
    """Whether ``rule`` tells the chosen release of ``name`` from pip's: a side about ``name``
    matches one of them and not the other (or only one stack has ``name``).

    Why: a rule matching both versions was cited as the reason for one over the other
    (seen with a conda-forge-derived pair, ``lib>=1.0 with dep<2``, hit by ``lib`` 1.0 and
    2.0 alike): the line read as if the rule separated them. Such a rule may still be why the
    other side of a pair moved; it is cited there."""
    if mine is None or theirs is None:
        return True
    sides = [m for m in (rule.package, rule.other) if m is not None and m.name == name]
    return any(m.covers(mine[0], mine[1]) != m.covers(theirs[0], theirs[1]) for m in sides)


def decisions(outcome: Outcome, newest: Callable[[str], Version | None],
              skipped: Mapping[str, list[SkippedRelease]] | None = None) -> list[Decision]:
    """Every difference between the chosen stack and pip's, with its reasons (and, from
    ``skipped``, the newer releases that were not candidates at all)."""
    policy = outcome.policy
    ours = outcome.stack.versions()
    pips = outcome.pip_stack.versions()
    _, our_rules = policy.stack_score(ours)
    _, pip_rules = policy.stack_score(pips)
    out: list[Decision] = []
    for name in sorted(set(ours) | set(pips)):
        mine = ours.get(name)
        theirs = pips.get(name)
        if mine is not None and theirs is not None and mine[0] == theirs[0]:
            continue
        d = Decision(
            name=name,
            chosen=mine[0] if mine else None,
            pip=theirs[0] if theirs else None,
            newest=newest(name),
            skipped=list((skipped or {}).get(name, ())),
        )
        reasons: list[Rule] = []
        # Rules our stack satisfies for this package (bonuses we gained).
        reasons += [r for r in our_rules if _rule_touches(r, name) and policy.weight(r) > 0]
        # Rules pip's pick would have hit (vetoes, penalties we avoided).
        if theirs is not None:
            veto = policy.veto(name, theirs[0], theirs[1])
            if veto is not None:
                reasons.append(veto)
            swapped = dict(ours)
            swapped[name] = theirs
            for term in policy.pair_terms(swapped):
                if _rule_touches(term.rule, name) and term.satisfied_by(swapped) and (
                    term.veto or term.weight < 0
                ):
                    reasons.append(term.rule)
            reasons += [
                r for r in pip_rules if _rule_touches(r, name) and policy.weight(r) < 0
            ]
        d.rules = [r for r in dict.fromkeys(reasons) if _separates(r, name, mine, theirs)]
        if not d.rules:
            if mine is None:
                d.note = "not needed by the chosen stack"
            elif theirs is None:
                parents = sorted(outcome.stack.parents.get(name, ()))  # type: ignore[call-overload]
                d.note = f"needed by {', '.join(parents)}" if parents else "needed by the chosen stack"
            else:
                parents = sorted(outcome.stack.parents.get(name, ()))  # type: ignore[call-overload]
                d.note = "follows from the other choices" + (
                    f" (required by {', '.join(parents)})" if parents else ""
                )
        out.append(d)
    return out
