"""The rule model: what the knowledge base knows, independent of any file format.

A rule says something about one package version range (a *version rule*) or about two
packages installed together (a *pair rule*): a score in [-1, 1] in one category, or a
veto. Each rule carries its justification, a link and its source, and may be limited to
target environments by a PEP 508 marker plus the hardware facts markers cannot express
(CPU flags, CUDA version).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise.environment import TargetEnvironment

CATEGORIES: tuple[str, ...] = ("stability", "security", "performance", "maintenance")

#: Recommendation type -> category weights. A candidate's score is the weighted sum of
#: the scores of the rules matching it; ``latest`` weighs nothing, so only vetoes act.
RECOMMENDATIONS: dict[str, dict[str, float]] = {
    "latest": {"stability": 0.0, "security": 0.0, "performance": 0.0, "maintenance": 0.0},
    "stable": {"stability": 1.0, "security": 1.0, "performance": 0.25, "maintenance": 0.5},
    "performance": {"stability": 0.5, "security": 0.5, "performance": 1.0, "maintenance": 0.25},
    "security": {"stability": 0.5, "security": 1.0, "performance": 0.1, "maintenance": 0.25},
}
DEFAULT_RECOMMENDATION = "stable"


def _norm_url(url: str | None) -> str | None:
    return url.rstrip("/") if url else None


@dataclass(frozen=True)
class PackageMatch:
    """A package name, a version range and optionally the index the files must come from."""

    name: NormalizedName
    specifier: SpecifierSet = field(default_factory=SpecifierSet)
    index_url: str | None = None

    def matches(self, name: str, version: Version, index_url: str | None = None) -> bool:
        if canonicalize_name(name) != self.name:
            return False
        if self.index_url is not None and _norm_url(index_url) != _norm_url(self.index_url):
            return False
        return self.specifier.contains(version, prereleases=True)

    def describe(self) -> str:
        text = f"{self.name}{self.specifier}"
        return f"{text} (from {self.index_url})" if self.index_url else text

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"package": self.name}
        if str(self.specifier):
            out["specifier"] = str(self.specifier)
        if self.index_url:
            out["index_url"] = self.index_url
        return out


@dataclass(frozen=True)
class Condition:
    """Where a rule applies: all given parts must hold for the target environment."""

    marker: Marker | None = None
    cpu_flags: frozenset[str] = frozenset()
    cuda_version: SpecifierSet | None = None

    def holds(self, target: TargetEnvironment) -> bool:
        if self.marker is not None:
            env = dict(target.markers)
            env.setdefault("extra", "")
            if not self.marker.evaluate(env):
                return False
        if self.cpu_flags and not self.cpu_flags <= target.cpu_flags:
            return False
        if self.cuda_version is not None:
            if not target.cuda_version:
                return False
            try:
                cuda = Version(target.cuda_version)
            except InvalidVersion:
                return False
            if not self.cuda_version.contains(cuda, prereleases=True):
                return False
        return True

    def describe(self) -> str:
        parts = []
        if self.marker is not None:
            parts.append(str(self.marker))
        if self.cpu_flags:
            parts.append("cpu flags " + ",".join(sorted(self.cpu_flags)))
        if self.cuda_version is not None:
            parts.append(f"cuda {self.cuda_version}")
        return " and ".join(parts) or "always"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.marker is not None:
            out["marker"] = str(self.marker)
        if self.cpu_flags:
            out["cpu_flags"] = sorted(self.cpu_flags)
        if self.cuda_version is not None:
            out["cuda_version"] = str(self.cuda_version)
        return out


@dataclass(frozen=True)
class Rule:
    """One piece of knowledge with its justification."""

    id: str
    package: PackageMatch
    other: PackageMatch | None
    score: float
    veto: bool | frozenset[str]
    category: str
    message: str
    link: str
    source: str
    condition: Condition | None = None

    @property
    def is_pair(self) -> bool:
        return self.other is not None

    def vetoes_in(self, recommendation: str) -> bool:
        """A veto acts in every recommendation type, or only in the listed ones."""
        if isinstance(self.veto, frozenset):
            return recommendation in self.veto
        return bool(self.veto)

    def applies_to(self, target: TargetEnvironment) -> bool:
        return self.condition is None or self.condition.holds(target)

    def names(self) -> tuple[NormalizedName, ...]:
        return (self.package.name,) if self.other is None else (self.package.name, self.other.name)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, **self.package.to_json()}
        if self.other is not None:
            out["with"] = self.other.to_json()
        if isinstance(self.veto, frozenset):
            out["veto"] = sorted(self.veto)
            out["score"] = self.score
        elif self.veto:
            out["veto"] = True
            if self.score != -1.0:
                out["score"] = self.score
        else:
            out["score"] = self.score
        out.update(category=self.category, message=self.message, link=self.link, source=self.source)
        if self.condition is not None:
            out["condition"] = self.condition.to_json()
        return out

    def describe(self) -> str:
        subject = self.package.describe()
        if self.other is not None:
            subject += f" with {self.other.describe()}"
        if isinstance(self.veto, frozenset):
            effect = f"score {self.score:+g}, veto in {', '.join(sorted(self.veto))}"
        elif self.veto:
            effect = "veto"
        else:
            effect = f"score {self.score:+g}"
        cond = f" [if {self.condition.describe()}]" if self.condition is not None else ""
        return f"{subject}: {effect} ({self.category}) — {self.message} <{self.link}>{cond}"


class KnowledgeBase:
    """An immutable set of rules, indexed by every package name they mention."""

    def __init__(self, rules: Iterable[Rule] = (), revision: str | None = None) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.revision = revision
        index: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for name in dict.fromkeys(rule.names()):
                index.setdefault(name, []).append(rule)
        self._by_name = {k: tuple(v) for k, v in index.items()}

    def for_package(self, name: str) -> tuple[Rule, ...]:
        return self._by_name.get(canonicalize_name(name), ())

    def packages(self) -> frozenset[str]:
        return frozenset(self._by_name)

    def __len__(self) -> int:
        return len(self.rules)

    def __bool__(self) -> bool:
        return bool(self.rules)

    @classmethod
    def merge(cls, *kbs: KnowledgeBase) -> KnowledgeBase:
        """Union of several sources; a rule id seen again replaces the earlier rule."""
        by_id: dict[str, Rule] = {}
        for kb in kbs:
            for rule in kb.rules:
                by_id.pop(rule.id, None)
                by_id[rule.id] = rule
        revisions = [kb.revision for kb in kbs if kb.revision]
        return cls(by_id.values(), revision="+".join(revisions) if revisions else None)

    def to_document(self) -> dict[str, Any]:
        from stackwise.knowledge.scorefile import SCORE_FILE_FORMAT, SCORE_FILE_VERSION

        doc: dict[str, Any] = {"format": SCORE_FILE_FORMAT, "version": SCORE_FILE_VERSION}
        if self.revision:
            doc["revision"] = self.revision
        doc["rules"] = [r.to_json() for r in self.rules]
        return doc
