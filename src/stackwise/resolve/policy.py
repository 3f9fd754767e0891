"""Policy: turn knowledge-base rules into numbers the search can optimise.

A stack's score is the weighted sum of the rules it satisfies. Version rules become
*unary* scores (one number per package version); pair rules become :class:`PairTerm`
objects the search branches on. Vetoes are hard: a vetoed version is never offered (unless
the user pinned exactly that version) and a vetoed pair never appears in a result.

The weights per category come from the recommendation type, so ``latest`` keeps only
vetoes and an empty knowledge base yields all-zero scores, i.e. pip's order.

Safety invariants (docs/resolution.md#safety-invariants): an *advisory* is a ``security``
version rule with a negative score or a veto. Under ``security``, "no advisory" counts as
clean only inside the advisory data's coverage: a release older than every advisory's
lower bound, or one the live data could not answer for, is *unknown* - vetoed like an
affected release when the package has a vetoing advisory, and otherwise scored as if every
advisory of its package applied. ``relaxed`` (set by :mod:`.safety` when no stack avoids
every advisory) turns advisory vetoes into penalties that dominate every other score, so
the search finds the stack with the fewest and least severe advisories. ``guard`` vetoes
the advisory releases of a package whose pip pick is clean (a score must not make a stack
less safe than pip's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import field

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise.environment import TargetEnvironment
from stackwise.errors import StackwiseError
from stackwise.knowledge.rules import (
    DEFAULT_RECOMMENDATION,
    RECOMMENDATIONS,
    KnowledgeBase,
    PackageMatch,
    Rule,
)


@dataclass(frozen=True)
class PairTerm:
    """A pair rule as the search sees it: both sides matched => ``weight`` (or a veto)."""

    rule: Rule
    weight: float
    veto: bool

    @property
    def members(self) -> tuple[PackageMatch, PackageMatch]:
        assert self.rule.other is not None
        return (self.rule.package, self.rule.other)

    @property
    def names(self) -> tuple[NormalizedName, NormalizedName]:
        a, b = self.members
        return (a.name, b.name)

    def satisfied_by(self, stack: Mapping[str, tuple[Version, str | None]]) -> bool:
        """True when both packages are in ``stack`` at matching versions."""
        for match in self.members:
            pinned = stack.get(match.name)
            if pinned is None or not match.matches(match.name, pinned[0], pinned[1]):
                return False
        return True


#: Penalty per unit of advisory severity (a rule's |score|) in a relaxed policy: larger
#: than any sum of other scores a stack can reach, so fewer/less severe advisories win first.
RELAXED_PENALTY = 1000.0
POLICY_LINK = "https://osv.dev/"
LIVE_PREFIX = "live-vuln:"  # ids of rules made from the index's JSON API (knowledge.vulns)
_FIXED_IN = re.compile(r"Fixed in (\S+?)[.,;]?(?:\s|$)")


def is_advisory(rule: Rule) -> bool:
    """A known vulnerability: a ``security`` version rule with a negative score or a veto."""
    return rule.other is None and rule.category == "security" and (rule.score < 0 or bool(rule.veto))


def lower_bound(spec: SpecifierSet) -> Version | None:
    """The lowest version ``spec`` can contain, as far as its clauses say (None: unbounded below)."""
    best: Version | None = None
    for clause in spec:
        if clause.operator not in (">=", ">", "==", "~=", "==="):
            continue
        text = clause.version[:-2] if clause.version.endswith(".*") else clause.version
        try:
            v = Version(text)
        except InvalidVersion:
            continue
        best = v if best is None or v > best else best
    return best


def fixed_in(rule: Rule) -> str | None:
    """The release an advisory says fixes it: its range's upper bound, or "Fixed in X" in its message."""
    for clause in rule.package.specifier:
        if clause.operator == "<":
            return clause.version
    found = _FIXED_IN.search(rule.message)
    return found.group(1) if found else None


def advisory_id(rule: Rule) -> str:
    """The advisory's own id (PYSEC-..., GHSA-...) where the rule says it, else the rule id."""
    if rule.source.startswith("osv:"):
        return rule.source[4:]
    if rule.source.endswith(")") and "(" in rule.source:
        return rule.source.rsplit("(", 1)[1][:-1]
    return rule.id


class _Batch:
    """Positions of releases to score, grouped the ways :func:`_covered` asks for them."""

    def __init__(self, items: list[tuple[Version, str | None]], which: list[int]) -> None:
        self.items = items
        self.which = which
        self.by_version: dict[Version, list[int]] = {}
        for k in which:
            self.by_version.setdefault(items[k][0], []).append(k)
        self.local = [k for k in which if items[k][0].local is not None]
        self.versions = [items[k][0] for k in which]


def _covered(match: PackageMatch, batch: _Batch) -> Iterable[int]:
    """Those of ``batch``'s positions whose release ``match`` covers (:meth:`PackageMatch.covers`
    for each), with a range tested once over all of them and ``==X`` looked up."""
    items, which = batch.items, batch.which
    if match.index_url is not None:
        return [k for k in which if match.covers(*items[k])]
    exact = match.exact_version()
    if exact is not None:  # ``==X`` holds X (and its padded spellings), and X with a local label
        hit = batch.by_version.get(exact, [])
        extra = [k for k in batch.local if k not in hit and match.covers(*items[k])]
        return hit + extra if extra else hit
    kept = {id(v) for v in match.specifier.filter(batch.versions, prereleases=True)}
    return [k for k in which if id(items[k][0]) in kept]


@dataclass
class Policy:
    """Scores and vetoes for one resolution (one KB, one target, one recommendation type)."""

    kb: KnowledgeBase
    target: TargetEnvironment
    recommendation: str = DEFAULT_RECOMMENDATION
    user_pins: Mapping[str, Version] = field(default_factory=dict)
    #: Advisory vetoes become dominant penalties (see the module doc); set by .safety.
    relaxed: bool = False
    #: ``--fail-on-vulnerable``: never relax, fail as before when every stack has an advisory.
    fail_on_vulnerable: bool = False
    #: Vetoes other than advisories become dominant penalties: set by .safety when every stack
    #: that avoids a known advisory pip's pick avoids breaks a veto (safety outranks knowledge).
    soft_vetoes: bool = False
    _guards: dict[str, Version | None] = field(default_factory=dict, init=False, repr=False)
    _advisory_rules: dict[str, tuple[Rule, ...]] = field(default_factory=dict, init=False, repr=False)
    _version_rules: dict[str, tuple[Rule, ...]] = field(default_factory=dict, init=False, repr=False)
    _rules: dict[str, tuple[Rule, ...]] = field(default_factory=dict, init=False, repr=False)
    _by_version: dict[str, tuple[dict[Version, list[tuple[int, Rule]]], list[tuple[int, Rule]]]] = field(
        default_factory=dict, init=False, repr=False
    )
    _unary: dict[tuple[str, Version, str | None], tuple[float, tuple[Rule, ...]]] = field(
        default_factory=dict, init=False, repr=False
    )
    _veto: dict[tuple[str, Version, str | None], Rule | None] = field(
        default_factory=dict, init=False, repr=False
    )
    _may_veto: dict[str, bool] = field(default_factory=dict, init=False, repr=False)
    _live: dict[str, tuple[Rule, ...]] = field(default_factory=dict, init=False, repr=False)
    _live_asked: set[tuple[str, Version]] = field(default_factory=set, init=False, repr=False)
    _live_whole: set[str] = field(default_factory=set, init=False, repr=False)
    warnings: list[str] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        if self.recommendation not in RECOMMENDATIONS:
            known = ", ".join(sorted(RECOMMENDATIONS))
            raise StackwiseError(
                f"Unknown recommendation type {self.recommendation!r}; choose one of: {known}."
            )
        self.weights = RECOMMENDATIONS[self.recommendation]
        #: Outside ``security``: asks about the advisories of releases moved off pip's pick
        #: (knowledge.vulns.MovedAdvisoryCheck, attached to the knowledge base by its loader).
        self.advisory_check = getattr(self.kb, "advisory_check", None)

    @property
    def empty(self) -> bool:
        return not self.kb

    def rules_for(self, name: str) -> tuple[Rule, ...]:
        """Rules mentioning ``name`` whose environment condition holds for the target."""
        cached = self._rules.get(name)  # by the name as given: skips canonicalize_name when warm
        if cached is None:
            key = canonicalize_name(name)
            cached = self._rules.get(key)
            if cached is None:
                cached = tuple(r for r in self.kb.for_package(key) if r.applies_to(self.target))
                self._rules[key] = cached
            self._rules[name] = cached
        return cached

    def version_rules(self, name: str) -> tuple[Rule, ...]:
        """The rules about versions of ``name`` alone (no pair rules): what :meth:`unary` and
        :meth:`veto` read for every candidate version. Most shipped rules are pair rules, so
        without this split every version of a popular package walked all of them."""
        hit = self._version_rules.get(name)
        if hit is None:
            hit = self._version_rules[name] = tuple(r for r in self.rules_for(name) if not r.is_pair)
        return hit

    def may_veto(self, name: str) -> bool:
        """False when :meth:`veto` is None for every version of ``name``, so callers can skip
        asking per version (a big knowledge base has rules about most locked packages, and
        pair vetoes, its usual vetoes, are never version vetoes). True may still veto nothing."""
        if self._guards and canonicalize_name(name) in self._guards:
            return True
        hit = self._may_veto.get(name)
        if hit is None:
            # "Unknown" releases (under ``security``) are vetoed only for an advisory that
            # vetoes in ``security``: a version rule vetoing in this recommendation too.
            hit = self._may_veto[name] = any(r.vetoes_in(self.recommendation) for r in self.version_rules(name))
        return hit

    def rules_about(self, name: str, version: Version) -> tuple[Rule, ...] | list[Rule]:
        """The version rules of ``name`` that may match ``version``, in their order: the
        ``==X`` rules about other versions are left out unread (a big knowledge base holds
        dozens per package, and testing a specifier costs microseconds per version)."""
        rules = self.version_rules(name)
        if len(rules) < 8 or version.local is not None:
            return rules
        index = self._by_version.get(name)
        if index is None:
            exact: dict[Version, list[tuple[int, Rule]]] = {}
            other: list[tuple[int, Rule]] = []
            for pos, rule in enumerate(rules):
                v = rule.package.exact_version()
                if v is None:
                    other.append((pos, rule))
                else:
                    exact.setdefault(v, []).append((pos, rule))
            index = self._by_version[name] = (exact, other)
        hit = index[0].get(version)
        if not hit:
            return [r for _, r in index[1]]
        return [r for _, r in sorted(hit + index[1], key=lambda item: item[0])]

    def weight(self, rule: Rule) -> float:
        if self.relaxed and is_advisory(rule):
            return -RELAXED_PENALTY * max(abs(rule.score), 0.01)
        if self.soft_vetoes and self._soft(rule):
            return -RELAXED_PENALTY
        return self.weights.get(rule.category, 0.0) * rule.score

    def _soft(self, rule: Rule) -> bool:
        """A veto turned into a penalty (:attr:`soft_vetoes`): never an advisory's."""
        return self.soft_vetoes and rule.vetoes_in(self.recommendation) and not is_advisory(rule)

    def soften_vetoes(self, soft: bool = True) -> None:
        """Turn every veto but an advisory's into a dominant penalty (see :attr:`soft_vetoes`), or back."""
        self.soft_vetoes = soft
        self._unary.clear()
        self._veto.clear()

    # -- advisories and what they cover ----------------------------------------------------

    def advisory_rules(self, name: str) -> tuple[Rule, ...]:
        """Every advisory about ``name`` that applies to the target."""
        hit = self._advisory_rules.get(name)
        if hit is None:
            hit = tuple(r for r in self.rules_for(name) if is_advisory(r))
            live = self._live.get(canonicalize_name(name)) if self._live else None
            if live:
                known = {r.id for r in hit}
                hit += tuple(r for r in live if r.id not in known and r.applies_to(self.target))
            self._advisory_rules[name] = hit
        return hit

    def check_moved(self, releases: Iterable[tuple[str, Version]], *, whole: bool = False) -> bool:
        """Outside ``security``: learn the known advisories of these releases (``whole``: of
        every release of their packages) from :attr:`advisory_check`; True when new ones
        were learnt. Only the safety guard reads them, through :meth:`advisories`: they change
        no score, so a lock that keeps pip's picks is not changed by asking."""
        check = self.advisory_check
        if check is None:
            return False
        if whole:
            names = sorted({canonicalize_name(n) for n, _ in releases} - self._live_whole)
            self._live_whole.update(names)
            found = check.package(names) if names else {}
        else:
            todo = [(canonicalize_name(n), v) for n, v in releases]
            todo = [p for p in dict.fromkeys(todo) if p not in self._live_asked
                    and p[0] not in self._live_whole]
            self._live_asked.update(todo)
            found = check.releases(todo) if todo else {}
        learnt = False
        for name, rules in found.items():
            had = {r.id for r in self._live.get(name, ())}
            new = tuple(r for r in rules if is_advisory(r) and r.id not in had)
            if new:
                self._live[name] = self._live.get(name, ()) + new
                learnt = True
        if learnt:
            self._advisory_rules.clear()
            self._veto.clear()
        return learnt

    def advisories(self, name: str, version: Version, index_url: str | None = None) -> tuple[Rule, ...]:
        """The advisories affecting this version."""
        return tuple(r for r in self.advisory_rules(name) if r.package.matches(name, version, index_url))

    def coverage_start(self, name: str) -> Version | None:
        """The oldest version the advisory data about ``name`` speaks of (None: every version,
        or no data). Releases older than it are unknown, not clean."""
        # Live data (one answer per release) says which releases it checked: its gaps come
        # from ``kb.unknown_versions``, not from where its ranges start.
        starts = [lower_bound(r.package.specifier) for r in self.advisory_rules(name)
                  if not r.id.startswith(LIVE_PREFIX)]
        if not starts or any(s is None for s in starts):
            return None
        return min(starts)  # type: ignore[type-var]

    def unknown(self, name: str, version: Version, index_url: str | None = None) -> bool:
        """Under ``security``: a release with no advisory that the data does not cover."""
        if self.recommendation != "security" or not self.advisory_rules(name):
            return False
        if self.advisories(name, version, index_url):
            return False
        start = self.coverage_start(name)
        if start is not None and version < start:
            return True
        gaps = getattr(self.kb, "unknown_versions", None)
        return gaps is not None and str(version) in gaps(name)

    def _unknown_penalty(self, name: str) -> float:
        """As if every advisory of the package applied: never better than an affected release."""
        return sum(self.weight(r) for r in self.advisory_rules(name) if self.weight(r) < 0 or self.relaxed)

    def _synthetic(self, name: str, version: Version, kind: str, message: str) -> Rule:
        links = [r.link for r in self.advisory_rules(name)]
        return Rule(id=f"stackwise:{kind}:{name}=={version}",
                    package=PackageMatch(canonicalize_name(name), SpecifierSet(f"=={version}")), other=None,
                    score=-1.0, veto=True, category="security", message=message,
                    link=links[0] if links else POLICY_LINK, source="stackwise safety invariants")

    def guard(self, name: str, pip_pick: Version | None) -> None:
        """Veto the advisory releases of ``name``: pip's pick for it is clean (invariant 1)."""
        self._guards[canonicalize_name(name)] = pip_pick
        self._veto.clear()

    def unguard(self, name: str) -> None:
        self._guards.pop(canonicalize_name(name), None)
        self._veto.clear()

    def is_guarded(self, name: str) -> bool:
        """Whether :meth:`guard` vetoes releases of ``name`` (cheap: the provider asks per package)."""
        return bool(self._guards) and canonicalize_name(name) in self._guards

    @property
    def guards(self) -> Mapping[str, Version | None]:
        return dict(self._guards)

    def unary(self, name: str, version: Version, index_url: str | None = None) -> tuple[float, tuple[Rule, ...]]:
        """Weighted sum of the version rules matching this version, and those rules."""
        key = (name, version, index_url)
        hit = self._unary.get(key)
        if hit is not None:
            return hit
        total = 0.0
        applied: list[Rule] = []
        for rule in self.rules_about(name, version):
            if (rule.vetoes_in(self.recommendation) and not (self.relaxed and is_advisory(rule))
                    and not (self.soft_vetoes and not is_advisory(rule))):
                continue
            if rule.package.covers(version, index_url):
                w = self.weight(rule)
                if w:
                    total += w
                    applied.append(rule)
        if self.unknown(name, version, index_url):
            total += self._unknown_penalty(name)
        result = (total, tuple(applied))
        self._unary[key] = result
        return result

    def unary_scores(self, name: str, items: list[tuple[Version, str | None]]) -> list[float]:
        """``unary(name, v, i)[0]`` for each ``(v, i)`` of ``items``, remembered like :meth:`unary`.

        Why: the provider and the bound score every release of a package (16,000 on the large
        set), and with a big knowledge base most packages have a range rule; testing one
        specifier against all of a package's versions at once costs a fraction of testing it
        per version. The sums are built rule by rule in :meth:`unary`'s order, so they are
        the same floats."""
        memo = self._unary
        out = [0.0] * len(items)
        todo: list[int] = []
        for k, (v, i) in enumerate(items):
            hit = memo.get((name, v, i))
            if hit is None:
                todo.append(k)
            else:
                out[k] = hit[0]
        if len(todo) < 8 or (self.recommendation == "security" and self.advisory_rules(name)):
            for k in todo:  # few, or "unknown" releases to judge one by one
                out[k] = self.unary(name, *items[k])[0]
            return out
        totals = dict.fromkeys(todo, 0.0)
        applied: dict[int, list[Rule]] = {k: [] for k in todo}
        batch = _Batch(items, todo)
        for rule in self.version_rules(name):
            if (rule.vetoes_in(self.recommendation) and not (self.relaxed and is_advisory(rule))
                    and not (self.soft_vetoes and not is_advisory(rule))):
                continue
            w = self.weight(rule)
            if not w:
                continue
            for k in _covered(rule.package, batch):
                totals[k] += w
                applied[k].append(rule)
        for k in todo:
            v, i = items[k]
            # Equal versions spelt apart ("1.0", "1.0.0") share :meth:`unary`'s entry: the first wins.
            out[k] = memo.setdefault((name, v, i), (totals[k], tuple(applied[k])))[0]
        return out

    def veto(self, name: str, version: Version, index_url: str | None = None) -> Rule | None:
        """The version rule vetoing this version in this recommendation type, if any.

        A user's exact pin overrides a veto (the user asked for it by name); that is recorded
        as a warning instead, once.
        """
        key = (name, version, index_url)
        if key in self._veto:
            return self._veto[key]
        found: Rule | None = None
        for rule in self.rules_about(name, version):
            if (self.relaxed and is_advisory(rule)) or (self.soft_vetoes and self._soft(rule)):
                continue  # a penalty now (see unary)
            if rule.vetoes_in(self.recommendation) and rule.package.covers(version, index_url):
                found = rule
                break
        if (found is None and not self.relaxed and self.unknown(name, version, index_url)
                and any(r.vetoes_in("security") for r in self.advisory_rules(name))):
            start = self.coverage_start(name)
            why = (f"older than the oldest release its advisories speak of ({start})" if start is not None
                   and version < start else "the vulnerability data has no answer for it")
            found = self._synthetic(name, version, "unknown",
                                    f"vulnerabilities of {name} {version} are unknown ({why}); unknown is not "
                                    "clean, so it is not preferred for having no advisory")
        key_name = canonicalize_name(name) if self._guards else name
        if found is None and key_name in self._guards and self.advisories(name, version, index_url):
            pick = self._guards[key_name]
            ids = ", ".join(advisory_id(r) for r in self.advisories(name, version, index_url))
            found = self._synthetic(name, version, "guard",
                                    f"{name} {version} has known advisories ({ids}) and "
                                    + ("pip's stack does not hold it" if pick is None else f"pip's pick {pick} has none")
                                    + ": a score never makes a stack less safe than pip's")
        if found is not None and self.user_pins.get(name) == version:
            self.warnings.append(
                f"{name}=={version} is vetoed ({found.category}: {found.message} {found.link} [rule {found.id}]) "
                "but you pinned exactly that version, so it is kept."
            )
            found = None
        self._veto[key] = found
        return found

    def pair_terms(self, names: Iterable[str]) -> list[PairTerm]:
        """Pair rules touching a package in ``names`` that carry a weight or a veto.

        One side in ``names`` is enough: the other side may only enter the stack once the
        search tries the versions the rule asks for (simplelib 1.0 pulls in dependency1).
        """
        present = set(names)
        seen: set[str] = set()
        terms: list[PairTerm] = []
        for name in sorted(present):
            for rule in self.rules_for(name):
                if not rule.is_pair or rule.id in seen:
                    continue
                seen.add(rule.id)
                assert rule.other is not None
                veto = rule.vetoes_in(self.recommendation) and not self._soft(rule)
                w = self.weight(rule)
                if veto or w:
                    terms.append(PairTerm(rule, w, veto))
        return terms

    def stack_score(
        self, stack: Mapping[str, tuple[Version, str | None]]
    ) -> tuple[float, list[Rule]]:
        """Total score of a complete stack and the scored rules it satisfies."""
        total = 0.0
        applied: list[Rule] = []
        for name, (version, index_url) in stack.items():
            s, rules = self.unary(name, version, index_url)
            total += s
            applied.extend(rules)
        for term in self.pair_terms(stack):
            if term.satisfied_by(stack):
                if not term.veto:
                    total += term.weight
                applied.append(term.rule)
        return total, applied
