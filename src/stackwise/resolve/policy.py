"""Policy: turn knowledge-base rules into numbers the search can optimise.

A stack's score is the weighted sum of the rules it satisfies. Version rules become
*unary* scores (one number per package version); pair rules become :class:`PairTerm`
objects the search branches on. Vetoes are hard: a vetoed version is never offered (unless
the user pinned exactly that version) and a vetoed pair never appears in a result.

The weights per category come from the recommendation type, so ``latest`` keeps only
vetoes and an empty knowledge base yields all-zero scores, i.e. pip's order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

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


@dataclass
class Policy:
    """Scores and vetoes for one resolution (one KB, one target, one recommendation type)."""

    kb: KnowledgeBase
    target: TargetEnvironment
    recommendation: str = DEFAULT_RECOMMENDATION
    user_pins: Mapping[str, Version] = field(default_factory=dict)
    _rules: dict[str, tuple[Rule, ...]] = field(default_factory=dict, init=False, repr=False)
    _unary: dict[tuple[str, Version, str | None], tuple[float, tuple[Rule, ...]]] = field(
        default_factory=dict, init=False, repr=False
    )
    _veto: dict[tuple[str, Version, str | None], Rule | None] = field(
        default_factory=dict, init=False, repr=False
    )
    warnings: list[str] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        if self.recommendation not in RECOMMENDATIONS:
            known = ", ".join(sorted(RECOMMENDATIONS))
            raise StackwiseError(
                f"Unknown recommendation type {self.recommendation!r}; choose one of: {known}."
            )
        self.weights = RECOMMENDATIONS[self.recommendation]

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

    def weight(self, rule: Rule) -> float:
        return self.weights.get(rule.category, 0.0) * rule.score

    def unary(self, name: str, version: Version, index_url: str | None = None) -> tuple[float, tuple[Rule, ...]]:
        """Weighted sum of the version rules matching this version, and those rules."""
        key = (name, version, index_url)
        hit = self._unary.get(key)
        if hit is not None:
            return hit
        total = 0.0
        applied: list[Rule] = []
        for rule in self.rules_for(name):
            if rule.is_pair or rule.vetoes_in(self.recommendation):
                continue
            if rule.package.matches(name, version, index_url):
                w = self.weight(rule)
                if w:
                    total += w
                    applied.append(rule)
        result = (total, tuple(applied))
        self._unary[key] = result
        return result

    def veto(self, name: str, version: Version, index_url: str | None = None) -> Rule | None:
        """The version rule vetoing this version in this recommendation type, if any.

        A user's exact pin overrides a veto (the user asked for it by name); that is recorded
        as a warning instead, once.
        """
        key = (name, version, index_url)
        if key in self._veto:
            return self._veto[key]
        found: Rule | None = None
        for rule in self.rules_for(name):
            if not rule.is_pair and rule.vetoes_in(self.recommendation) and rule.package.matches(
                name, version, index_url
            ):
                found = rule
                break
        if found is not None and self.user_pins.get(name) == version:
            self.warnings.append(
                f"{name}=={version} is vetoed ({found.category}: {found.message} {found.link}) "
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
                veto = rule.vetoes_in(self.recommendation)
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
