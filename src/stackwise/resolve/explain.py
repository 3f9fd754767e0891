"""Explanations: why the chosen stack differs from what pip would have installed.

One :class:`Decision` per package whose version differs from pip's pick (or that only one
of the two stacks contains), each with the rules responsible, so the terminal can print a
single line per decision and ``--report`` can carry the full detail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from packaging.version import Version

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

    def line(self) -> str:
        chosen = str(self.chosen) if self.chosen is not None else "not installed"
        pip = str(self.pip) if self.pip is not None else "not installed"
        head = f"{self.name} {chosen} (pip: {pip})"
        if self.rules:
            r = self.rules[0]
            more = f" (+{len(self.rules) - 1} more rule(s))" if len(self.rules) > 1 else ""
            return f"{head} — {r.category}: {r.message} {r.link}{more}"
        return f"{head} — {self.note}" if self.note else head


def _rule_touches(rule: Rule, name: str) -> bool:
    return rule.package.name == name or (rule.other is not None and rule.other.name == name)


def decisions(outcome: Outcome, newest: Callable[[str], Version | None]) -> list[Decision]:
    """Every difference between the chosen stack and pip's, with its reasons."""
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
        d.rules = list(dict.fromkeys(reasons))
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
