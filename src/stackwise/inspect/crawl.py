"""The crawl: one reproducible, resumable run that turns evidence into the learned layer.

``stackwise kb build`` runs, over a package list (``--top N`` of the shipped download rank
plus their dependencies, or names given):

1. conda-forge's repodata patches (curated facts of another distribution, attributed);
2. bounds that newer releases added (:mod:`.bounds`), per package;
3. the static compatibility scan (:mod:`.scan`), per package;
4. confirmation: at least one inspection per consumer x provider group found in 2 and 3 --
   a real resolution with the consumer pinned and the provider at a version the finding
   says is broken, checked by importing the very module (scan) or with the default import
   check (bounds). A reproduced failure makes the group's rules vetoes with the inspection
   as evidence; a passing inspection drops the group (the hint was wrong, and a wrong rule
   hides good versions); anything else (install failed, timeout, flaky) leaves them as
   negative scores, as unconfirmed findings ship;
5. the guard: rules that would move pip's stack of the guard requirements (popular packages
   at their newest releases) are dropped unless an inspection confirmed them.

Every finished unit of work is appended to a journal in the state directory (one JSON line,
flushed and fsynced), so an interrupted crawl resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.inspect.learn import hit_limit
from stackwise.knowledge.rules import SCORE_FILE_FORMAT, SCORE_FILE_VERSION, KnowledgeBase, Rule

TOP_PACKAGES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "knowledge", "data", "top-packages.txt")

Progress = Callable[[str], None]


def top_packages(n: int, path: str = TOP_PACKAGES) -> list[str]:
    """The ``n`` most downloaded projects of the shipped rank (normalised names, rank order)."""
    if n < 1:
        raise StackwiseError(f"--top must be at least 1, not {n}.")
    names: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                names.append(canonicalize_name(line))
            if len(names) >= n:
                break
    return names


def _rank() -> list[str]:
    try:
        return top_packages(10_000)
    except OSError:
        return []


class Journal:
    """Append-only record of finished work: ``{"stage": ..., "key": ..., "data": ...}`` per line.

    A torn last line (the process was killed mid-write) is ignored, so the worst an
    interruption costs is the one unit that was being written.
    """

    def __init__(self, state_dir: str | os.PathLike[str]) -> None:
        self.dir = Path(state_dir)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StackwiseError(f"Cannot create the crawl state directory {self.dir} ({exc.strerror or exc}).") from None
        self.path = self.dir / "journal.jsonl"
        self.done: dict[tuple[str, str], Any] = {}
        if self.path.exists():
            with open(self.path, encoding="utf-8") as f:
                for line in f:
                    try:
                        rec = json.loads(line)
                        self.done[(rec["stage"], rec["key"])] = rec["data"]
                    except (ValueError, KeyError, TypeError):
                        continue
        self._out = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def get(self, stage: str, key: str) -> Any:
        return self.done.get((stage, key))

    def has(self, stage: str, key: str) -> bool:
        return (stage, key) in self.done

    def record(self, stage: str, key: str, data: Any) -> None:
        self._out.write(json.dumps({"stage": stage, "key": key, "data": data}) + "\n")
        self._out.flush()
        os.fsync(self._out.fileno())
        self.done[(stage, key)] = data

    def close(self) -> None:
        self._out.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def rules_to_json(rules: Iterable[Rule]) -> list[dict[str, Any]]:
    return [r.to_json() for r in rules]


def rules_from_json(data: Sequence[Mapping[str, Any]], origin: str) -> list[Rule]:
    from stackwise.knowledge.scorefile import parse_document

    doc = {"format": SCORE_FILE_FORMAT, "version": SCORE_FILE_VERSION, "rules": list(data)}
    return list(parse_document(doc, origin).rules)


@dataclass
class CrawlStats:
    """What the run did, for the summary line and docs/knowledge.md."""

    packages: int = 0
    releases_scanned: int = 0
    pairs_scanned: int = 0
    wheels_read: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    rules_by_stage: dict[str, int] = field(default_factory=dict)
    groups: int = 0
    inspections: int = 0
    confirmed_groups: int = 0
    refuted_groups: int = 0
    inconclusive_groups: int = 0
    uninspected_groups: int = 0  # beyond --max-confirmations, or with --no-confirm
    # The far end of a confirmed group's provider range (its newest release) inspected too:
    # failed (the veto keeps the range), passed (the veto stops before it), or inconclusive.
    far_end: dict[str, int] = field(default_factory=dict)
    guard_dropped: int = 0
    dropped: list[str] = field(default_factory=list)  # ids of findings a refuting inspection removed
    stale: int = 0  # reconfirmed findings (and their hints) the current analyzer no longer makes
    seconds: float = 0.0

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + n

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class CrawlPlan:
    """What to crawl: plain values, taken from the command line."""

    names: list[str]
    since_years: float = 4.0
    max_releases: int = 40
    conda_patches: str | None = None
    confirm: bool = True
    guard: list[str] = field(default_factory=list)  # requirement strings of the guard set
    with_dependencies: bool = True
    confirm_conda: bool = True  # also inspect conda-forge facts (newer providers breaking a consumer)
    skip: frozenset[str] = frozenset()  # never inspect stacks with these (e.g. multi-GB wheels)
    max_confirmations: int | None = None  # at most this many groups are inspected (None: all)
    scan_budget: float | None = None  # seconds of static scan per package (None: no limit)
    bounds: bool = True  # step 2 (bounds newer releases added)
    scan_checks: tuple[str, ...] = ("imports", "numpy-abi")  # step 3's checks (inspect/scan.py CHECKS)
    # unconfirmed scan findings of an earlier layer, inspected again (kb build --reconfirm): as if
    # step 3 had found them, so a group now confirmed becomes vetoes and a refuted one is dropped
    reconfirm: tuple[Rule, ...] = ()


def _newer_side(spec: Any) -> bool:
    """``>=2.0a0`` (newer providers break the consumer), not ``<1.22`` (the consumer needs newer)."""
    ops = {s.operator for s in spec}
    return bool(ops) and ops <= {">=", ">"}


def _group_key(rule: Rule) -> str:
    """Consumer x provider x kind of evidence: the unit one inspection confirms or refutes.

    An import finding's group also carries its provider range: flask 1.1 lost
    ``BaseResponse`` with werkzeug 2.1 and ``url_quote`` with werkzeug 3.0, and one
    inspection with werkzeug 3.0 says nothing of 2.1-2.3, so each range is inspected at its
    own first release. (A NumPy ABI finding's range is always ``numpy >= 2``.)"""
    evidence = rule.evidence or {}
    kind = evidence.get("kind", rule.source)
    other = rule.other.name if rule.other is not None else "-"
    key = f"{kind}:{rule.package.name}:{other}"
    if kind == "static-scan" and evidence.get("finding") != "numpy-abi" and rule.other is not None:
        key += f":{rule.other.specifier}"
    return key


#: Hints at or below this score keep their pair out of a confirmation's stacks (see
#: :func:`pair_hints`): import findings (-0.8) and vetoes, not the conservative bounds
#: (-0.6) and conda-forge constraints (-0.7), which inspections often refute.
STRONG_HINT = -0.75


def pair_hints(known: Iterable[Rule], under_test: Sequence[Rule], target: Any) -> list[Rule]:
    """The pair rules a confirmation's stacks should stay clear of, vetoes first: every strong
    known break of another pair that applies to the target. Not those about the pair under
    test, from whatever source: a bound on the same pair would forbid the very stack under
    test. Weak hints are left out: flask 1.1.2 works with jinja2 3.0, which a bound (-0.6)
    calls suspect, and keeping it out sent the stack to an sdist-only markupsafe."""
    pairs = {frozenset(r.names()) for r in under_test if r.other is not None}
    ids = {r.id for r in under_test}
    found = [r for r in known if r.other is not None and r.id not in ids and frozenset(r.names()) not in pairs
             and (r.veto or r.score <= STRONG_HINT) and r.applies_to(target)]
    return sorted(found, key=lambda r: (not r.veto, r.score, r.id))


def clear_of(resolve: Callable[[Mapping[str, SpecifierSet]], Any], hints: Sequence[Rule], keep: set[str],
             releases: Callable[[str], list[Any]], installable: Callable[[Any], bool] | None = None,
             tries: int = 6) -> tuple[Any, dict[str, SpecifierSet]]:
    """A stack (``resolve(constraints)``) in which no hint's pair breaks, and the constraints
    that gave it.

    One resolution orders candidates by version scores only, so a pair hint alone would not
    keep another break out of the stack, and it would fail first on both sides: flask
    1.1.2's itsdangerous test once ran with jinja2 3.1 and werkzeug 3 (inconclusive). A hit
    hint's side outside ``keep`` (the consumer and the provider under test) is excluded by
    ``!=`` constraints on the releases its range covers, and the stack resolved again, a
    few times. A hint whose exclusion leaves nothing that resolves, or only a stack that
    does not install (``installable``: an sdist where none are built), is given up and the
    stack kept: a stack with a known break beats none (the verdict still needs the working
    side to pass)."""
    constraints: dict[str, SpecifierSet] = {}
    found = resolve(constraints)
    given_up: set[str] = set()
    for _ in range(tries):
        if found is None:
            break
        pins = {n: Version(v) for n, v in found.pin_map().items()}
        hit = next((r for r in hints if r.other is not None and r.id not in given_up and all(
            m.name in pins and m.specifier.contains(pins[m.name], prereleases=True) for m in (r.package, r.other))), None)
        if hit is None:
            break
        assert hit.other is not None
        side = next((m for m in (hit.other, hit.package) if m.name not in keep), None)
        given_up.add(hit.id)
        if side is None:
            continue  # the hint is about the two packages the stack must hold: nothing to move
        covered = [v for v in releases(side.name) if side.specifier.contains(v, prereleases=True)]
        tighter = dict(constraints)
        tighter[side.name] = tighter.get(side.name, SpecifierSet()) & SpecifierSet(",".join(f"!={v}" for v in covered))
        again = resolve(tighter)
        if again is not None and (installable is None or installable(again)):
            found, constraints = again, tighter
    return found, constraints


def _module_of(path: str) -> str | None:
    """``flask/helpers.py`` -> ``flask.helpers``; ``pkg/__init__.py`` -> ``pkg``."""
    if not path.endswith(".py"):
        return None
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts)


def _dotted(name: str) -> bool:
    """A module name safe to put in a ``python -c 'import ...'`` command."""
    return bool(name) and all(p.isidentifier() for p in name.split("."))


def _measured_both_ends(evidence: Mapping[str, Any]) -> bool:
    """Whether a confirmed rule's provider range still needs its far end measured: not for an
    import finding (the scan read every provider release of the range), but for the others,
    the NumPy ABI finding included (its range is the open ``numpy >= 2``)."""
    return evidence.get("kind") != "static-scan" or evidence.get("finding") == "numpy-abi"


def confirmation_request(
    rule: Rule, releases: Callable[[str], list[Any]]
) -> tuple[str, list[str], list[str], str | None, list[str]] | None:
    """(consumer==version, bad provider versions, good provider versions, check command,
    consumer versions to try in order).

    The consumer: the newest release the rule covers; bad: the oldest provider releases the
    rule covers (where the finding says the break starts); good: the provider releases
    nearest to them that the rule does not cover. The two stacks differ in the provider
    only, so a failure of the bad one that the good one does not share is caused by the
    pair, not by something else in an old stack. Scan findings are checked by importing
    the very module that holds the import; bounds by the default import check.
    """
    if rule.other is None:
        return None
    consumer = [v for v in releases(rule.package.name) if rule.package.specifier.contains(v, prereleases=True)]
    provider = sorted(releases(rule.other.name))
    bad = [v for v in provider if rule.other.specifier.contains(v, prereleases=True) and not v.is_prerelease]
    if not consumer or not bad:
        return None
    first_bad = bad[0]
    good = [v for v in provider if not rule.other.specifier.contains(v, prereleases=True) and not v.is_prerelease]
    good.sort(key=lambda v: (v > first_bad, abs(provider.index(v) - provider.index(first_bad))))
    evidence = rule.evidence or {}
    check = None
    module = _module_of(str(evidence.get("consumer_file", "")))
    if module:
        module = _public_entry(module)
    if evidence.get("finding") == "numpy-abi":  # the extension module built against NumPy 1.x
        module = str(evidence.get("module", "")) if _dotted(str(evidence.get("module", ""))) else None
    if evidence.get("kind") == "static-scan" and module:
        check = f"python -c 'import {module}'"
    return (f"{rule.package.name}=={max(consumer)}", [str(v) for v in bad[:3]], [str(v) for v in good[:3]], check,
            [str(v) for v in _spread(sorted(consumer, reverse=True), 6)])


def _public_entry(module: str) -> str:
    """What to import to check a finding in ``module``: the module itself, unless it is private
    (a component starting with ``_``); then the top-level package, which loads the private
    modules it really uses. typer 0.10.0's ``_completion_click7`` imports a name click 8
    removed, but typer loads it only under click 7: importing it directly "confirmed" a veto
    that would have hidden typer 0.10.0 with click 8.0 and 8.1, which work."""
    parts = module.split(".")
    if len(parts) > 1 and not parts[0].startswith("_") and any(p.startswith("_") for p in parts[1:]):
        return parts[0]
    return module


def _spread(items: list[Any], n: int) -> list[Any]:
    """At most ``n`` of ``items``, first and then evenly spaced: the newest consumer release
    often already excludes the broken provider in its metadata; an older one may not."""
    if len(items) <= n:
        return items
    step = (len(items) - 1) / (n - 1)
    return list(dict.fromkeys(items[round(i * step)] for i in range(n)))


def verdict(bad: Any, good: Any, rule: Rule | None = None) -> str:
    """``confirmed``, ``refuted`` or ``inconclusive`` from the bad and the good inspection.

    Confirmed needs the bad stack to fail (reproduced by the runner's rerun) and the good
    one to pass. Without a good stack that resolves, a scan finding is confirmed only when
    the failure names the missing name. A passing bad stack refutes the rule.
    """
    if bad is None:
        return "inconclusive"
    if bad.outcome == "passed":
        return "refuted"
    if bad.outcome != "failed" or hit_limit(bad):  # the inspection's own memory/CPU limit proves nothing
        return "inconclusive"
    if rule is not None and not _blames(bad, rule.package.name):
        return "inconclusive"  # it failed, but in something else (a command's missing extra, ...)
    if good is not None:
        return "confirmed" if good.outcome == "passed" else "inconclusive"
    name = str((rule.evidence or {}).get("name", "")) if rule is not None else ""
    if name and bad.signature and name in bad.signature:
        return "confirmed"
    return "inconclusive"


def _blames(result: Any, consumer: str) -> bool:
    """Whether the failure is the consumer's: a ``FAILED`` line of the check names it, or the
    check was a command of the consumer's own (scan findings import its module)."""
    if result.check.command:
        return True
    want = canonicalize_name(consumer)
    for line in result.output_tail.splitlines():
        if "FAILED" in line and "(" in line:
            label = line.split("(", 1)[1].split(")", 1)[0]
            if canonicalize_name(label.rsplit(" ", 1)[0]) == want:
                return True
    return False


def apply_confirmation(rules: list[Rule], outcome: str, bad: Any, good: Any, far: Any = None) -> list[Rule]:
    """A group's rules after its inspections: vetoes (confirmed), dropped (refuted), or as they were.

    What a veto covers is what was measured. A static-scan finding's consumer range is proven
    release by release (each imports the removed name), so it becomes a veto whole. A bound or
    a conda-forge fact names a range from metadata, and only one consumer release of it was
    inspected: that release becomes the veto, and the rest of the range stays the score it was
    (an untested old release may well work, and a wrong veto hides good versions).

    On the provider side the broken stack tested the range's first release. ``far`` is the
    journaled inspection of its newest one (:func:`_far_end`): when that passed, the veto
    stops before it (the break was fixed somewhere in between; a veto must not hide the
    fixed releases); when it failed too, both ends of the range are measured.
    """
    if outcome == "refuted":
        return []
    if outcome != "confirmed":
        return rules
    out = []
    for rule in rules:
        evidence = dict(rule.evidence or {})
        evidence.update(confirmed=True, inspections=[i for i in (bad.id, good.id if good else None) if i],
                        signature=bad.signature, check=bad.check.command or "default import check",
                        environment={k: bad.environment.get(k) for k in ("python_minor", "platform", "machine")},
                        failing_example=dict(bad.stack.pins),
                        passing_example=dict(good.stack.pins) if good is not None else None)
        said = rule.message.replace(_UNCONFIRMED, "")  # it is confirmed now
        message = f"{said.rstrip().rstrip('.')}. Confirmed by an inspection: {bad.signature}"[:1000]
        inspected = dict(bad.stack.pins).get(rule.package.name)
        original = rule  # the untested rest of a range keeps the rule's own provider range
        rule, evidence, message = _with_far_end(rule, evidence, message, far)
        if evidence.get("kind") == "static-scan":
            out.append(replace(rule, veto=True, score=-1.0, evidence=evidence, message=message))
            continue
        if inspected is None or not rule.package.specifier.contains(inspected, prereleases=True):
            out.append(rule)  # the inspection did not test a release of this rule: it stays a score
            continue
        measured = SpecifierSet(f"=={inspected}")
        out.append(replace(rule, package=replace(rule.package, specifier=measured), veto=True, score=-1.0,
                           evidence=evidence, message=message))
        rest = rule.package.specifier & SpecifierSet(f"!={inspected}")
        out.append(replace(original, id=f"{rule.id}:not-inspected", package=replace(rule.package, specifier=rest),
                           evidence={**(rule.evidence or {}), "confirmed": False,
                                     "confirmed_elsewhere": {"release": inspected, "inspections": evidence["inspections"]}},
                           message=f"{rule.message.rstrip().rstrip('.')}. {rule.package.name} {inspected} of this "
                           f"range failed in an inspection; the other releases were not inspected"[:1000]))
    return out


#: What the static scan says of its findings (inspect/scan.py); dropped once one is confirmed.
_UNCONFIRMED = " Static scan finding, not confirmed by running it."


def _with_far_end(rule: Rule, evidence: dict[str, Any], message: str, far: Any) -> tuple[Rule, dict[str, Any], str]:
    """The rule, its evidence and message after the far-end inspection (see apply_confirmation)."""
    if not far or rule.other is None or not _measured_both_ends(evidence):
        return rule, evidence, message
    version = str(far.get("release", ""))
    if not version or not rule.other.specifier.contains(version, prereleases=True):
        return rule, evidence, message
    result = far.get("result") or {}
    evidence["far_end"] = {"release": f"{rule.other.name}=={version}", "outcome": far.get("verdict"),
                           "inspection": result.get("id")}
    if far.get("verdict") == "passed":
        narrowed = rule.other.specifier & SpecifierSet(f"<{version}")
        rule = replace(rule, other=replace(rule.other, specifier=narrowed))
        message = (f"{message} {rule.other.name} {version}, the newest release of the range, passed the same check, "
                   f"so the veto stops before it")[:1000]
    return rule, evidence, message


def guard_filter(rules: list[Rule], pip_pins: Mapping[str, Any], target: Any) -> tuple[list[Rule], list[Rule]]:
    """Split rules into (kept, dropped): unconfirmed rules that touch pip's working stack go.

    A rule that matches nothing in pip's stack cannot move it (the stack scores 0 and others
    score at most 0 under these negative rules, and ties keep pip's order); one that matches
    it may, and without a failing inspection that would change a working stack on a guess.
    """
    kept: list[Rule] = []
    dropped: list[Rule] = []
    for rule in rules:
        confirmed = bool((rule.evidence or {}).get("confirmed"))
        if confirmed or not rule.applies_to(target):
            kept.append(rule)
            continue
        a = pip_pins.get(rule.package.name)
        hit = a is not None and rule.package.specifier.contains(a, prereleases=True)
        if hit and rule.other is not None:
            b = pip_pins.get(rule.other.name)
            hit = b is not None and rule.other.specifier.contains(b, prereleases=True)
        (dropped if hit else kept).append(rule)
    return kept, dropped


def crawl(
    plan: CrawlPlan,
    journal: Journal,
    *,
    client: Any,
    target: Any,
    inspect: Callable[[list[tuple[str, Any, Any]]], list[tuple[Any, str | None]]] | None,
    progress: Progress = lambda _msg: None,
    result: Progress | None = None,
) -> tuple[KnowledgeBase, CrawlStats]:
    """Run steps 1-5 (see the module docstring); ``inspect`` runs (key, request, check) triples.

    ``progress`` hears each step as it starts, ``result`` (default: ``progress``) what a step
    found that is worth keeping (a confirmation's verdict, a rule the guard dropped): a
    terminal shows the first in a status line and prints the second."""
    said = result if result is not None else progress
    from stackwise.inspect.bounds import bound_proposals, proposals_to_rules
    from stackwise.inspect.scan import scan_packages
    from stackwise.inspect.stacks import StackMaker

    started = time.perf_counter()
    stats = CrawlStats()
    names = _package_list(plan, journal, client, stats, progress)
    stats.packages = len(names)
    all_rules: dict[str, Rule] = {}

    def add(stage: str, rules: Iterable[Rule]) -> None:
        for rule in rules:
            all_rules[rule.id] = rule
            stats.rules_by_stage[stage] = stats.rules_by_stage.get(stage, 0) + 1

    if plan.conda_patches:
        if not journal.has("conda", plan.conda_patches):
            from stackwise.knowledge.conda import import_conda_patches

            progress(f"conda-forge repodata patches from {plan.conda_patches}")
            def exists(names: Iterable[str]) -> list[str]:
                """Only names the index lists: a conda-only name would never match anything."""
                names = list(names)
                client.prefetch(names)
                found = []
                for name in names:
                    try:
                        project = client.project(name)
                    except StackwiseError:
                        continue
                    if project.releases or getattr(project, "skipped", None):
                        found.append(name)
                return found

            kb, conda_stats = import_conda_patches([plan.conda_patches], exists=exists)
            journal.record("conda", plan.conda_patches, {"rules": rules_to_json(kb.rules),
                                                         "summary": conda_stats.summary()})
        add("conda-forge", rules_from_json(journal.get("conda", plan.conda_patches)["rules"], "journal (conda)"))

    for i, name in enumerate(names if plan.bounds else (), 1):
        if not journal.has("bounds", name):
            progress(f"[{i}/{len(names)}] bounds added by newer releases: {name}")
            try:
                rules = proposals_to_rules(bound_proposals(name, client, since_years=plan.since_years,
                                                           max_releases=plan.max_releases))
                journal.record("bounds", name, {"rules": rules_to_json(rules)})
            except StackwiseError as exc:
                journal.record("bounds", name, {"rules": [], "skipped": str(exc)[:300]})
        data = journal.get("bounds", name)
        if data.get("skipped"):
            stats.skip("bounds: package unreadable")
        add("bounds", rules_from_json(data["rules"], f"journal (bounds {name})"))

    checks = tuple(sorted(set(plan.scan_checks)))
    for i, name in enumerate(names if checks else (), 1):
        # a scan with other checks is other work: journaled under its own key
        key = name if checks == ("imports",) else f"{name}|{','.join(checks)}"  # bare: journals before numpy-abi
        if not journal.has("scan", key):
            progress(f"[{i}/{len(names)}] static scan: {name}")
            try:
                report = scan_packages([name], client, since_years=plan.since_years, max_releases=plan.max_releases,
                                       budget_seconds=plan.scan_budget, checks=checks)
                journal.record("scan", key, {"rules": rules_to_json(report.rules),
                                             "counters": _counters(report)})
            except StackwiseError as exc:
                journal.record("scan", key, {"rules": [], "counters": {}, "skipped": str(exc)[:300]})
        data = journal.get("scan", key)
        counters = data.get("counters") or {}
        stats.releases_scanned += int(counters.get("releases_scanned", 0))
        stats.pairs_scanned += int(counters.get("pairs_scanned", 0))
        stats.wheels_read += int(counters.get("wheels_read", 0))
        for reason, n in (counters.get("skipped") or {}).items():
            stats.skip(f"scan: {reason}", int(n))
        if data.get("skipped"):
            stats.skip("scan: package unreadable")
        add("scan", rules_from_json(data["rules"], f"journal (scan {name})"))

    stale: set[str] = set()
    if plan.reconfirm:
        # A finding the current analyzer no longer makes (it reads the same wheels better, e.g. it
        # skips vendored modules the package never imports) is dropped before anything is inspected:
        # an inspection of the import's own module could not refute it.
        key = hashlib.sha256(json.dumps(sorted(r.id for r in plan.reconfirm)).encode()).hexdigest()[:16]
        if not journal.has("rescan", key):
            progress(f"reading the consumers of {len(plan.reconfirm)} finding(s) again with the current analyzer")
            from stackwise.inspect.scan import stale_findings

            journal.record("rescan", key, {"stale": sorted(stale_findings(plan.reconfirm, client, progress=progress))})
        stale = set(journal.get("rescan", key)["stale"])
        stale |= {r.id for r in plan.reconfirm if (r.evidence or {}).get("inferred_from") in stale}
        stats.stale = len(stale)
        add("reconfirm", [r for r in plan.reconfirm if r.id not in stale])

    # 4. confirmation, one inspection per consumer x provider group
    groups: dict[str, list[Rule]] = {}
    crawled = {n: i for i, n in enumerate(names)}
    for rule in all_rules.values():
        kind = (rule.evidence or {}).get("kind")
        if rule.package.name in plan.skip or (rule.other is not None and rule.other.name in plan.skip):
            continue
        if kind in ("static-scan", "metadata-bound") or (
            str(kind).startswith("conda-forge") and plan.confirm_conda
            and rule.other is not None and _newer_side(rule.other.specifier)
        ):
            # conda-forge facts about newer providers breaking a crawled package (the numpy 2
            # family) are checked on the index's own wheels: a patch for conda's builds may
            # not hold for them, and a confirmed one becomes a veto
            groups.setdefault(_group_key(rule), []).append(rule)
    stats.groups = len(groups)
    popular = {n: i for i, n in enumerate(_rank())}

    def rank(key: str) -> tuple[int, int, str]:
        name = groups[key][0].package.name
        return (crawled.get(name, len(crawled)), popular.get(name, len(popular)), key)

    order = sorted(groups, key=rank)  # the crawled, then the most downloaded consumers first
    if plan.max_confirmations is not None:
        order = order[: plan.max_confirmations]
    if plan.confirm and inspect is not None:
        _confirm({k: groups[k] for k in order}, journal, client, target, inspect, progress, said)
        _far_end({k: groups[k] for k in order}, journal, client, target, inspect, progress, said)
    from stackwise.inspect.model import InspectionResult

    def loaded(data: Any) -> Any:
        return InspectionResult.from_json(data) if data else None

    final: list[Rule] = []
    grouped_ids = {r.id for rules in groups.values() for r in rules}
    final += [r for r in all_rules.values() if r.id not in grouped_ids]
    refuted: set[str] = set()
    for key, rules in groups.items():
        data = journal.get("confirm", key) or {}
        bad, good = loaded(data.get("bad")), loaded(data.get("good"))
        stats.inspections += sum(1 for r in (bad, good) if r is not None)
        outcome = data.get("verdict", "inconclusive")
        if not data:
            stats.uninspected_groups += 1
        elif outcome == "confirmed":
            stats.confirmed_groups += 1
        elif outcome == "refuted":
            stats.refuted_groups += 1
        else:
            stats.inconclusive_groups += 1
        far = journal.get("farend", key) if outcome == "confirmed" else None
        if far:
            stats.far_end[str(far.get("verdict"))] = stats.far_end.get(str(far.get("verdict")), 0) + 1
            stats.inspections += 1 if far.get("result") else 0
        final += apply_confirmation(rules, outcome, bad, good, far)
        if outcome == "refuted":
            refuted.update(r.id for r in rules)
    # a hint about the releases below a scan's window stands on its finding: gone with it
    hints_gone = {r.id for r in final if (r.evidence or {}).get("inferred_from") in refuted}
    final = [r for r in final if r.id not in hints_gone]
    stats.dropped = sorted(refuted | hints_gone | stale)

    # 5. the guard
    if plan.guard:
        maker = StackMaker(plan.guard, client, target, file_hashes=getattr(client, "file_hashes", None))
        from packaging.version import Version

        pins = {n: Version(v) for n, v in maker.pip_stack().pins}
        final, dropped = guard_filter(final, pins, target)
        stats.guard_dropped = len(dropped)
        for rule in dropped:
            said(f"guard: dropped {rule.id} (it would move pip's working stack without a failing inspection)")
    stats.seconds = time.perf_counter() - started
    digest = hashlib.sha256(json.dumps(sorted(r.id for r in final)).encode()).hexdigest()[:12]
    return KnowledgeBase(sorted(final, key=lambda r: r.id), revision=f"learned-{digest}"), stats


def _confirm(groups: Mapping[str, list[Rule]], journal: Journal, client: Any, target: Any,
             inspect: Callable[[list[tuple[str, Any, Any]]], list[tuple[Any, str | None]]],
             progress: Progress, said: Progress) -> None:
    """Step 4: a bad and a good inspection per group, journaled per group as they finish."""
    from stackwise.inspect.model import Check

    releases = _release_lister(client)

    def has_wheel(name: str, version: str) -> bool:
        """Old releases without a wheel for this Python often no longer build: try others first."""
        for release in client.releases(name):
            if str(release.version) == version:
                best = getattr(release, "best", None)
                return bool(best is not None and best.filename.endswith(".whl"))
        return False

    shipped = _shipped_rules()
    every = [r for rules in groups.values() for r in rules]
    builds = bool(getattr(getattr(client, "config", None), "build_sdists", True))

    def context(under_test: list[Rule]) -> KnowledgeBase:
        """What else is known (shipped rules, other findings as hints), minus the group under test."""
        skip = {r.id for r in under_test}
        return KnowledgeBase({r.id: r for r in [*every, *shipped] if r.id not in skip}.values())

    pending = [key for key in groups if not journal.has("confirm", key)]

    def undecided(n: int, key: str, detail: str) -> None:
        """A group decided without inspections is said too: every group of the count has a line."""
        journal.record("confirm", key, {"verdict": "inconclusive", "detail": detail})
        said(f"[{n}/{len(pending)}] {key}: inconclusive ({detail})")

    if pending:
        progress(f"confirming {len(pending)} group(s) by inspection (a broken and a working provider each)")
    for n, key in enumerate(pending, 1):
        rules = groups[key]
        sample = max(rules, key=lambda r: len((r.evidence or {}).get("consumer_versions", ())) or 0)
        try:
            ask = confirmation_request(sample, releases)
            if ask is None or sample.other is None:
                undecided(n, key, "no release to try")
                continue
            bad = good = None
            wheels = [v for v in ask[4] if has_wheel(sample.package.name, v)]
            knowledge = context(rules)
            hints = pair_hints([*every, *shipped], rules, target)
            keep = {sample.package.name, sample.other.name}

            def installable(request: Any) -> bool:
                return builds or all(has_wheel(n, v) for n, v in request.pin_map().items())
            for version in wheels or ask[4][:1]:  # the newest consumer whose metadata allows the broken provider
                root = f"{sample.package.name}=={version}"
                bad, cleared = clear_of(_stacks_with(client, target, root, knowledge, sample.other.name, ask[1]),
                                        hints, keep, releases, installable)
                if bad is not None:
                    # the working side under the same exclusions, so the two differ in the provider
                    good, _ = clear_of(_stacks_with(client, target, root, knowledge, sample.other.name, ask[2], cleared),
                                       hints, keep, releases, installable)
                    break
        except StackwiseError as exc:
            undecided(n, key, str(exc)[:300])
            continue
        if bad is None:
            undecided(n, key, "the broken combination does not resolve")
            continue
        check = Check(command=ask[3], timeout=120.0)
        todo = [(f"{key}|bad", bad, check)] + ([(f"{key}|good", good, check)] if good is not None else [])
        results = [r for r, _ in inspect(todo)]
        bad_result = results[0]
        good_result = results[1] if len(results) > 1 else None
        outcome = verdict(bad_result, good_result, sample)
        top = _top_level_retry(sample, outcome, good_result)
        if top is not None and good is not None:
            # the extension module does not import on its own even on the working side (opencv's
            # cv2.cv2 is loaded by its package's bootstrap): check the package that loads it
            check = Check(command=f"python -c 'import {top}'", timeout=120.0)
            retry = [r for r, _ in inspect([(f"{key}|bad-top", bad, check), (f"{key}|good-top", good, check)])]
            if verdict(retry[0], retry[1], sample) == "confirmed":  # a pass proves nothing here: never "refuted"
                bad_result, good_result, outcome = retry[0], retry[1], "confirmed"
        said(f"[{n}/{len(pending)}] {key}: {outcome}")
        journal.record("confirm", key, {"verdict": outcome,
                                        "bad": bad_result.to_json() if bad_result is not None else None,
                                        "good": good_result.to_json() if good_result is not None else None})


def _stacks_with(client: Any, target: Any, root: str, knowledge: KnowledgeBase, provider: str, versions: list[str],
                 extra: Mapping[str, SpecifierSet] | None = None) -> Callable[[Mapping[str, SpecifierSet]], Any]:
    """``resolve(constraints)`` for :func:`clear_of`: the stack of ``root`` with the first of
    ``versions`` of ``provider`` that resolves under the constraints (and ``extra``), or None."""
    from stackwise.inspect.stacks import StackMaker

    def resolve(constraints: Mapping[str, SpecifierSet]) -> Any:
        maker = StackMaker([root], client, target, constraints={**constraints, **(extra or {})},
                           file_hashes=getattr(client, "file_hashes", None), knowledge=knowledge)
        for version in versions:
            found = maker.resolve({provider: version})
            if found is not None and found.pin_map().get(provider) == version:
                return found
        return None

    return resolve


def _shipped_rules() -> list[Rule]:
    """The shipped curated and learned rules: what a confirmation's stacks should avoid."""
    from stackwise.knowledge.shipped import shipped_layers

    return [r for layer in shipped_layers().values() for r in layer.rules]


def _top_level_retry(rule: Rule, outcome: str, good: Any) -> str | None:
    """The top-level package to check instead, when a NumPy ABI finding's own module failed
    on the working side too (inconclusive), else None."""
    evidence = rule.evidence or {}
    module = str(evidence.get("module", ""))
    if outcome != "inconclusive" or evidence.get("finding") != "numpy-abi" or good is None:
        return None
    if good.outcome != "failed" or "." not in module or not _dotted(module):
        return None
    return module.split(".", 1)[0]


def _release_lister(client: Any) -> Callable[[str], list[Any]]:
    """``name`` -> its versions that are not yanked (in the client's order), each project asked once."""
    memo: dict[str, list[Any]] = {}

    def releases(name: str) -> list[Any]:
        if name not in memo:
            memo[name] = [r.version for r in client.releases(name) if not r.yanked]
        return memo[name]

    return releases


def _far_end(groups: Mapping[str, list[Rule]], journal: Journal, client: Any, target: Any,
             inspect: Callable[[list[tuple[str, Any, Any]]], list[tuple[Any, str | None]]],
             progress: Progress, said: Progress) -> None:
    """Step 4b: for each confirmed group, the newest provider release of the rule's range on
    the same consumer release, with the same check (journaled as ``farend``). The broken
    inspection tested the range's first release; a range named by metadata (a later bound, a
    conda-forge patch) may end long before its open upper end -- a veto must be measured at
    both ends, not assumed."""
    from stackwise.inspect.model import InspectionResult

    pending = []
    for key, rules in groups.items():
        data = journal.get("confirm", key) or {}
        if data.get("verdict") == "confirmed" and not journal.has("farend", key):
            sample = max(rules, key=lambda r: len((r.evidence or {}).get("consumer_versions", ())) or 0)
            if sample.other is not None and _measured_both_ends(sample.evidence or {}):
                pending.append((key, rules, sample, InspectionResult.from_json(data["bad"])))
    if pending:
        progress(f"checking the far end of {len(pending)} confirmed group(s) (the newest broken provider)")
    shipped = _shipped_rules() if pending else []
    for n, (key, rules, sample, bad) in enumerate(pending, 1):
        assert sample.other is not None
        pins = dict(bad.stack.pins)
        consumer, provider = sample.package.name, sample.other.name
        first = pins.get(provider)
        try:
            newer = sorted((r.version for r in client.releases(provider) if not r.yanked and not r.version.is_prerelease
                            and sample.other.specifier.contains(r.version, prereleases=True)
                            and (first is None or r.version > Version(first))), reverse=True)
            if not newer or consumer not in pins:
                journal.record("farend", key, {"verdict": "same", "detail": "no newer release in the range"})
                continue
            skip = {r.id for r in rules}
            knowledge = KnowledgeBase({r.id: r for r in shipped if r.id not in skip}.values())

            resolve = _stacks_with(client, target, f"{consumer}=={pins[consumer]}", knowledge, provider,
                                   [str(v) for v in newer[:3]])
            request, _ = clear_of(resolve, pair_hints(shipped, rules, target), {consumer, provider},
                                  _release_lister(client))
        except StackwiseError as exc:
            journal.record("farend", key, {"verdict": "inconclusive", "detail": str(exc)[:300]})
            continue
        if request is None:
            journal.record("farend", key, {"verdict": "inconclusive", "detail": "the newest broken releases do not resolve"})
            continue
        [(result, _)] = inspect([(f"{key}|far", request, bad.check)])
        if result is None:
            continue
        if result.outcome == "passed":
            outcome = "passed"
        elif result.outcome == "failed" and _blames(result, consumer) and not hit_limit(result):
            outcome = "failed"
        else:
            outcome = "inconclusive"
        said(f"[{n}/{len(pending)}] {key}: far end {provider}=={request.pin_map().get(provider)} {outcome}")
        journal.record("farend", key, {"verdict": outcome, "release": request.pin_map().get(provider),
                                       "result": result.to_json()})


def _counters(report: Any) -> dict[str, Any]:
    counters = getattr(report, "counters", None)
    if isinstance(counters, Mapping):
        # what was skipped, by reason (bad wheels, Python 2 sources, the time budget ...)
        return {**counters, "skipped": dict(getattr(report, "skipped", None) or {})}
    return {k: getattr(report, k) for k in ("releases_scanned", "pairs_scanned", "wheels_read", "skipped")
            if hasattr(report, k)}


def _package_list(plan: CrawlPlan, journal: Journal, client: Any, stats: CrawlStats, progress: Progress) -> list[str]:
    """The names given, plus (once, journaled) the dependencies their newest releases declare."""
    key = json.dumps(sorted(plan.names))
    if journal.has("packages", key):
        return list(journal.get("packages", key))
    names = list(dict.fromkeys(canonicalize_name(n) for n in plan.names))
    if plan.with_dependencies:
        extra: list[str] = []
        for i, name in enumerate(list(names), 1):
            progress(f"[{i}/{len(names)}] dependencies of {name}")
            try:
                releases = [r for r in client.releases(name) if not r.yanked and not r.version.is_prerelease]
                if not releases:
                    stats.skip("not on the index")
                    continue
                for text in client.metadata(releases[0]).requires_dist:
                    try:
                        req = Requirement(text)
                    except InvalidRequirement:
                        continue
                    dep = canonicalize_name(req.name)
                    if dep not in names and dep not in extra and req.marker is None:
                        extra.append(dep)
            except StackwiseError:
                stats.skip("not on the index")
        names += extra
    journal.record("packages", key, names)
    return names
