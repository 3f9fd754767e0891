"""The safety invariants around the search (docs/resolution.md#safety-invariants).

The search optimises scores; these rules hold whatever the scores say, so they are
enforced around it rather than hoped for inside it:

1. *No score makes a stack less safe than pip's*: when the chosen release of a package has
   a known advisory and pip's pick for it has none, the advisory releases of that package
   are vetoed (:meth:`Policy.guard`) and the search runs again. Outside ``security`` the
   advisories of the releases moved off pip's pick are asked for first
   (:meth:`Policy.check_moved`; no advisory data is loaded otherwise). When every stack that
   avoids them breaks a veto, the vetoes yield (:meth:`Policy.soften_vetoes`: the fewest
   broken, each named in a warning): safety outranks knowledge.
2. *Unknown is not clean* lives in the policy itself (:meth:`Policy.unknown`).
3. *Least bad instead of nothing*: under ``security``, when no stack avoids every
   advisory, the search runs again with advisory vetoes turned into dominant penalties
   (:attr:`Policy.relaxed`), and every advisory left in the lock is listed, with its id,
   severity and fixed release. ``--fail-on-vulnerable`` keeps the strict error instead.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from typing import Any

from stackwise.errors import ResolutionError
from stackwise.resolve.policy import Policy, advisory_id, fixed_in

#: Rounds of "guard and search again"; each round guards at least one more package.
MAX_GUARD_ROUNDS = 8
#: Seconds (at most a fifth of the budget) each search run again for the invariants gets once
#: the run's ``time_budget`` is spent: they share that budget, so 8 guard rounds cannot take 9
#: budgets. A rerun out of time still returns a valid stack (the search never stops before one).
RERUN_ALLOWANCE = 2.0
_SEVERITY = re.compile(r"\[((?:CVSS|severity)[^\]]*)\]")


def safe_best_stack(search: Callable[..., Any], problem: Any, source: Any, target: Any, policy: Policy,
                    **kw: Any) -> Any:
    """``search(problem, source, target, policy, **kw)`` (the engine's best_stack) with the invariants."""
    search = _sharing_budget(search, kw.get("time_budget"))
    may_relax = (policy.recommendation == "security" and not policy.fail_on_vulnerable and not policy.relaxed
                 and not policy.empty)
    try:
        outcome = search(problem, source, target, policy, **kw)
    except ResolutionError as strict:
        if not may_relax:
            raise
        relaxed = dataclasses.replace(policy, relaxed=True)
        try:
            outcome = search(problem, source, target, relaxed, **kw)
        except ResolutionError:
            raise strict from None  # not the advisories' doing: the strict error says why
        if not _vulnerable(outcome):
            raise strict from None  # e.g. a stability veto: relaxing advisories is not the answer
    else:
        if may_relax and _vulnerable(outcome):
            # Every stack left has an advisory: then the least bad one, whether its advisories
            # are vetoes (a fix exists, outside the constraints) or not.
            relaxed = dataclasses.replace(policy, relaxed=True)
            try:
                other = search(problem, source, target, relaxed, **kw)
            except ResolutionError:
                other = None
            if other is not None and (relaxed.stack_score(other.stack.versions())[0]
                                      > relaxed.stack_score(outcome.stack.versions())[0] + 1e-9):
                outcome = other
    outcome = _guard(search, problem, source, target, outcome, kw)
    outcome.warnings.extend(remaining_advisories(outcome))
    return outcome


def _sharing_budget(search: Callable[..., Any], budget: Any) -> Callable[..., Any]:
    """``search`` whose later runs get only what is left of ``budget`` (0/None: unbounded),
    or :data:`RERUN_ALLOWANCE` (at most a fifth of ``budget``) when that is more."""
    if not budget:
        return search
    began = time.monotonic()
    runs = [0]

    def run(*args: Any, **kw: Any) -> Any:
        if runs[0]:
            left = budget - (time.monotonic() - began)
            kw = {**kw, "time_budget": max(left, min(budget / 5, RERUN_ALLOWANCE))}
        runs[0] += 1
        return search(*args, **kw)

    return run


def _vulnerable(outcome: Any) -> bool:
    policy: Policy = outcome.policy
    return any(policy.advisories(n, r.version, r.index_url) or policy.unknown(n, r.version, r.index_url)
               for n, r in outcome.stack.releases.items())


def _moved(outcome: Any) -> dict[str, tuple[Any, Any]]:
    """Packages whose chosen release is not pip's pick: name -> (ours, pip's), pip's None for
    a package only our stack holds (an older release's dependency, say)."""
    ours = outcome.stack.versions()
    pips = outcome.pip_stack.versions()
    return {n: (v, pips[n][0] if n in pips else None) for n, (v, _) in ours.items()
            if n not in pips or pips[n][0] != v}


def _learn_moved(outcome: Any) -> None:
    """Outside ``security``: the known advisories of our moved releases, and of pip's pick
    where ours has one (one batch of requests each; none when nothing moved)."""
    policy: Policy = outcome.policy
    if policy.advisory_check is None:
        return
    moved = {n: p for n, p in _moved(outcome).items() if n not in policy.guards}
    if not moved:
        return
    policy.check_moved((n, ours) for n, (ours, _) in moved.items())
    hit = [(n, theirs) for n, (ours, theirs) in moved.items() if theirs is not None and policy.advisories(n, ours)]
    if hit:
        policy.check_moved(hit)


def violations(outcome: Any) -> dict[str, Any]:
    """Packages whose chosen release has an advisory while pip's pick for them has none (or
    pip's stack does not hold them at all: the value is then None)."""
    _learn_moved(outcome)
    policy: Policy = outcome.policy
    ours = outcome.stack.versions()
    pips = outcome.pip_stack.versions()
    out = {}
    for name, (version, index_url) in ours.items():
        theirs = pips.get(name)
        if (theirs is not None and theirs[0] == version) or name in policy.guards:
            continue
        if policy.advisories(name, version, index_url) and (theirs is None or not policy.advisories(name, *theirs)):
            out[name] = None if theirs is None else theirs[0]
    return out


def _pips(pick: Any) -> str:
    return "pip's stack does not hold it" if pick is None else f"pip's pick {pick} has none"


def _guard(search: Callable[..., Any], problem: Any, source: Any, target: Any, outcome: Any,
           kw: dict[str, Any]) -> Any:
    """Guard the packages :func:`violations` names and search again. When guarding a round's
    packages together leaves no stack, each is guarded alone instead, so one package a veto
    forces (kept, listed) does not excuse another whose advisory can be avoided."""
    forced: set[str] = set()
    yielded: dict[str, tuple[Any, Any]] = {}  # name -> (our advisory release, pip's pick) the vetoes yield to
    alone = False
    for _ in range(MAX_GUARD_ROUNDS):
        bad = {n: p for n, p in violations(outcome).items() if n not in forced}
        if not bad:
            break
        policy: Policy = outcome.policy
        step = {min(bad): bad[min(bad)]} if alone else bad
        ours = outcome.stack.versions()
        # The guard vetoes every advisory release of the package: learn them all (not only ours).
        policy.check_moved(((n, ours[n][0]) for n in step), whole=True)
        for name, pick in step.items():
            policy.guard(name, pick)
        try:
            outcome = search(problem, source, target, policy, **kw)
        except ResolutionError:
            if len(step) > 1:
                for name in step:
                    policy.unguard(name)
                alone = True  # which of them is forced: one at a time from now on
                continue
            if not policy.soft_vetoes:
                # Every stack that avoids the advisories breaks a veto: safety outranks the
                # knowledge base, so the vetoes yield (the fewest broken) rather than the guard.
                policy.soften_vetoes()
                try:
                    before = outcome.stack.versions()
                    outcome = search(problem, source, target, policy, **kw)
                    yielded.update((n, (before[n][0], p)) for n, p in step.items())
                    continue
                except ResolutionError:
                    policy.soften_vetoes(False)
            for name in step:
                policy.unguard(name)
            forced.update(step)
    if yielded:
        outcome.warnings.append(_yield_line(outcome, yielded))
    if forced:
        outcome.warnings.append(
            f"{', '.join(sorted(forced))}: every stack that avoids the known advisories of the release(s) "
            "chosen breaks a veto; the lock keeps them (listed below)")
    return outcome


def _yield_line(outcome: Any, yielded: dict[str, tuple[Any, Any]]) -> str:
    """Which vetoes the lock breaks so that no package keeps an advisory pip's pick avoids.
    The outcome's score is made the score of the rules that are not broken vetoes (the
    penalties only ranked the stacks)."""
    policy: Policy = outcome.policy
    pins = outcome.stack.versions()
    broken: dict[str, Any] = {}
    for name, (version, index_url) in sorted(pins.items()):
        for rule in policy.version_rules(name):
            if rule.vetoes_in(policy.recommendation) and rule.package.covers(version, index_url):
                broken.setdefault(rule.id, rule)
    for term in policy.pair_terms(pins):
        if term.rule.vetoes_in(policy.recommendation) and term.satisfied_by(pins):
            broken.setdefault(term.rule.id, term.rule)
    outcome.score -= sum(policy.weight(r) for r in broken.values())
    were = "; ".join(
        f"{n} {old} ({_pips(pick)}){f', now {pins[n][0]}' if n in pins else ', now left out'}"
        for n, (old, pick) in sorted(yielded.items()))
    head = (f"{were}: every stack that avoids the known advisories of these releases breaks a veto of the "
            "knowledge base, and a score never makes a stack less safe than pip's, so ")
    if not broken:
        return head + "the vetoes yield"
    what = "; ".join(f"{r.message} {r.link} [rule {r.id}]" for r in list(broken.values())[:4])
    more = f" (and {len(broken) - 4} more)" if len(broken) > 4 else ""
    one = len(broken) == 1
    return head + f"the lock breaks {'this veto' if one else f'{len(broken)} vetoes'}: {what}{more}"


def _advisory_line(name: str, version: Any, found: tuple[Any, ...], why: str) -> str:
    """``NAME VERSION keeps N known advisories (why): id (severity, fixed in X); ...; link``."""
    items = []
    for rule in found:
        sev = _SEVERITY.search(rule.message)
        fix = fixed_in(rule)
        items.append(f"{advisory_id(rule)} ({sev.group(1) if sev else f'score {rule.score:+g}'}, "
                     f"{f'fixed in {fix}' if fix else 'no fixed release known'})")
    one = len(found) == 1
    return (f"{name} {version} keeps {len(found)} known advisor{'y' if one else 'ies'} "
            f"({why.format(them='it' if one else 'them')}): {'; '.join(items)}; {found[-1].link}")


def remaining_advisories(outcome: Any) -> list[str]:
    """Under ``security``: one line per locked package that keeps a known advisory (id,
    severity, fixed release) or whose vulnerabilities are unknown; otherwise one line per
    package kept with advisories that pip's pick for it avoids (forced by a veto)."""
    policy: Policy = outcome.policy
    if policy.recommendation != "security":
        # The releases a veto forced us to keep although pip's pick avoids their advisories
        # (invariant 1's exception): the warning of _guard promises them "listed below".
        kept = []
        for name, pick in sorted(violations(outcome).items()):
            rel = outcome.stack.releases[name]
            kept.append(_advisory_line(name, rel.version, policy.advisories(name, rel.version, rel.index_url),
                                       ("pip's stack, without it, avoids {them}" if pick is None else
                                        f"pip's pick {pick} avoids {{them}}") + "; every stack that does breaks a veto"))
        return kept
    lines = []
    for name, rel in sorted(outcome.stack.releases.items()):
        found = policy.advisories(name, rel.version, rel.index_url)
        if found:
            why = "no release your requirements allow is known to avoid {them}" if policy.relaxed else "no fixed release is known"
            lines.append(_advisory_line(name, rel.version, found, why)
                         + (" - --fail-on-vulnerable refuses such a lock" if policy.relaxed else ""))
        elif policy.unknown(name, rel.version, rel.index_url):
            start = policy.coverage_start(name)
            lines.append(f"{name} {rel.version}: its vulnerabilities are unknown (the advisory data covers "
                         f"{f'releases from {start} on' if start else 'other releases'})")
    return lines


__all__ = ["MAX_GUARD_ROUNDS", "remaining_advisories", "safe_best_stack", "violations"]
