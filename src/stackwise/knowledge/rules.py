"""The rule model: what the knowledge base knows, independent of any file format.

A rule says something about one package version range (a *version rule*) or about two
packages installed together (a *pair rule*): a score in [-1, 1] in one category, or a
veto. Each rule carries its justification, a link and its source, because a user who is
steered away from a version deserves to know why and who says so. A rule may be limited to
target environments by a PEP 508 marker plus the hardware facts markers cannot express
(CPU flags, CUDA version).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise.environment import TargetEnvironment

#: The document a knowledge base serialises to (see docs/score-file.md). Defined here so
#: that :meth:`KnowledgeBase.to_document` needs no import of the parser.
SCORE_FILE_FORMAT = "stackwise-scores"
SCORE_FILE_VERSION = 1

CATEGORIES: tuple[str, ...] = ("stability", "security", "performance", "maintenance")

#: Recommendation type -> category weights. A candidate's score is the weighted sum of the
#: scores of the rules matching it; ``latest`` weighs nothing, so only vetoes act there.
RECOMMENDATIONS: dict[str, dict[str, float]] = {
    "latest": {"stability": 0.0, "security": 0.0, "performance": 0.0, "maintenance": 0.0},
    "stable": {"stability": 1.0, "security": 1.0, "performance": 0.25, "maintenance": 0.5},
    "performance": {"stability": 0.5, "security": 0.5, "performance": 1.0, "maintenance": 0.25},
    "security": {"stability": 0.5, "security": 1.0, "performance": 0.1, "maintenance": 0.25},
}
DEFAULT_RECOMMENDATION = "stable"


#: exact_version() by the specifier object's id (the entry holds the object); bounded.
_EXACT: dict[int, tuple[SpecifierSet, Version | None]] = {}
_EXACT_MAX = 200_000


@functools.lru_cache(maxsize=1024)
def _norm_url(url: str | None) -> str | None:
    """Index URLs are compared as URLs: without trailing slashes (``/simple`` == ``/simple/``),
    scheme and host in any case, a default port or none. A rule written ``HTTPS://Mirror.example``
    for the index ``https://mirror.example`` silently never applied (its veto was bypassed)."""
    if not url:
        return None
    url = url.rstrip("/")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6
        host = f"[{host}]"
    scheme = parts.scheme.lower()
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    return urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment)).rstrip("/")


@dataclass(frozen=True)
class PackageMatch:
    """A package name, a version range and optionally the index the files must come from."""

    name: NormalizedName
    specifier: SpecifierSet = field(default_factory=SpecifierSet)
    index_url: str | None = None

    def matches(self, name: str, version: Version, index_url: str | None = None) -> bool:
        """Whether a candidate is covered; pre-releases count, since rules are often about them."""
        if canonicalize_name(name) != self.name:
            return False
        if self.index_url is not None and _norm_url(index_url) != _norm_url(self.index_url):
            return False
        return self.specifier.contains(version, prereleases=True)

    def covers(self, version: Version, index_url: str | None = None) -> bool:
        """:meth:`matches` for a candidate already known to be this package (no name check:
        normalising the name again costs more than the rest, per version, in a big base)."""
        if self.index_url is not None and _norm_url(index_url) != _norm_url(self.index_url):
            return False
        return self.specifier.contains(version, prereleases=True)

    def exact_version(self) -> Version | None:
        """The one public version a plain ``==X`` range holds (None: any other range).

        Lets a lookup skip the exact rules about other versions without testing each.
        Remembered per specifier object: a compiled score file shares one parsed specifier
        among the rules with the same text, and a big base asks thousands of them."""
        spec = self.specifier
        hit = _EXACT.get(id(spec))
        if hit is not None and hit[0] is spec:
            return hit[1]
        clauses = list(spec)
        found: Version | None = None
        if len(clauses) == 1 and clauses[0].operator == "==" and "*" not in clauses[0].version \
                and "+" not in clauses[0].version:
            try:
                found = Version(clauses[0].version)
            except InvalidVersion:
                found = None
        if len(_EXACT) >= _EXACT_MAX:
            _EXACT.clear()
        _EXACT[id(spec)] = (spec, found)  # the entry keeps ``spec`` alive: its id stays its own
        return found

    def describe(self) -> str:
        """``name<specifier>`` plus the index, for one-line reports."""
        text = f"{self.name}{self.specifier}"
        return f"{text} (from {self.index_url})" if self.index_url else text

    def to_json(self) -> dict[str, Any]:
        """The score-file keys of this match (defaults left out, so files stay minimal)."""
        out: dict[str, Any] = {"package": self.name}
        if str(self.specifier):
            out["specifier"] = str(self.specifier)
        if self.index_url:
            out["index_url"] = self.index_url
        return out


@dataclass(frozen=True)
class Condition:
    """Where a rule applies: every part that is given must hold for the target."""

    marker: Marker | None = None
    cpu_flags: frozenset[str] = frozenset()
    cuda_version: SpecifierSet | None = None

    def holds(self, target: TargetEnvironment) -> bool:
        """Evaluate against the target, not this machine, so cross-resolution is honest."""
        if self.marker is not None:
            env = dict(target.markers)
            env.setdefault("extra", "")  # rules are not about extras; markers may still name it
            if not self.marker.evaluate(env):
                return False
        # Flags are stored lower-case; accept a target that spelled them otherwise.
        if self.cpu_flags and not (
            self.cpu_flags <= target.cpu_flags or self.cpu_flags <= {f.lower() for f in target.cpu_flags}
        ):
            return False
        if self.cuda_version is not None:
            if not target.cuda_version:
                return False  # a CUDA rule says nothing about machines without CUDA
            try:
                cuda = Version(target.cuda_version)
            except InvalidVersion:
                return False
            if not self.cuda_version.contains(cuda, prereleases=True):
                return False
        return True

    def describe(self) -> str:
        """Human-readable condition, e.g. ``sys_platform == "linux" and cpu flags avx2``."""
        parts = []
        if self.marker is not None:
            parts.append(str(self.marker))
        if self.cpu_flags:
            parts.append("cpu flags " + ",".join(sorted(self.cpu_flags)))
        if self.cuda_version is not None:
            parts.append(f"cuda {self.cuda_version or '(any)'}")
        return " and ".join(parts) or "always"

    def to_json(self) -> dict[str, Any]:
        """The ``condition`` object of the score file."""
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
    #: Proof behind the rule (inspection ids, check, error signature, scan finding...), as
    #: documented in docs/score-file.md; never compared, so it does not change what a rule is.
    evidence: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def is_pair(self) -> bool:
        """Pair rules are judged on whole stacks, version rules on single candidates."""
        return self.other is not None

    def vetoes_in(self, recommendation: str) -> bool:
        """A veto acts in every recommendation type (``True``) or only in the listed ones."""
        if isinstance(self.veto, frozenset):
            return recommendation in self.veto
        return bool(self.veto)

    def applies_to(self, target: TargetEnvironment) -> bool:
        """Unconditional rules apply everywhere; others only where their condition holds."""
        return self.condition is None or self.condition.holds(target)

    def names(self) -> tuple[NormalizedName, ...]:
        """Every package this rule mentions (one, or two for a pair rule)."""
        return (self.package.name,) if self.other is None else (self.package.name, self.other.name)

    def to_json(self) -> dict[str, Any]:
        """The rule as a score-file object; parsing it gives back an equal rule."""
        out: dict[str, Any] = {"id": self.id, **self.package.to_json()}
        if self.other is not None:
            out["with"] = self.other.to_json()
        if self.veto is True:
            out["veto"] = True
            if self.score != -1.0:  # -1 is what a bare veto means; keep files minimal
                out["score"] = self.score
        else:
            if isinstance(self.veto, frozenset) and self.veto:
                out["veto"] = sorted(self.veto)
            out["score"] = self.score
        out.update(category=self.category, message=self.message, link=self.link, source=self.source)
        if self.condition is not None:
            out["condition"] = self.condition.to_json()
        if self.evidence:
            out["evidence"] = self.evidence
        return out

    def describe(self) -> str:
        """One line: ``a==2.0 with b==2.0: veto (stability) — message <link>``."""
        subject = self.package.describe()
        if self.other is not None:
            subject += f" with {self.other.describe()}"
        if isinstance(self.veto, frozenset) and self.veto:
            effect = f"score {self.score:+g}, veto in {', '.join(sorted(self.veto))}"
        elif self.veto is True:
            effect = "veto"
        else:
            effect = f"score {self.score:+g}"
        cond = f" [if {self.condition.describe()}]" if self.condition is not None else ""
        return f"{subject}: {effect} ({self.category}) — {self.message} <{self.link}>{cond}"


class KnowledgeBase:
    """An immutable set of rules, indexed by every package name they mention.

    The resolver asks "what is known about package X" once per candidate, so the index is
    built once here rather than scanning every rule each time.
    """

    def __init__(
        self,
        rules: Iterable[Rule] = (),
        revision: str | None = None,
        *,
        generated: str | None = None,
    ) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.revision = revision
        self.generated = generated
        index: dict[str, list[Rule]] = {}
        seen: set[str] = set()
        for rule in self.rules:
            # The search identifies pair rules by id, and a file with repeated ids would not
            # load again: refuse here instead of misbehaving later.
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id!r} in a knowledge base")
            seen.add(rule.id)
            for name in dict.fromkeys(rule.names()):
                index.setdefault(name, []).append(rule)
        self._by_name: dict[str, tuple[Rule, ...]] = {k: tuple(v) for k, v in index.items()}

    def for_package(self, name: str) -> tuple[Rule, ...]:
        """Rules mentioning ``name`` (any spelling), as package or as pair partner."""
        return self._by_name.get(canonicalize_name(name), ())

    def packages(self) -> frozenset[str]:
        """Normalised names of every package some rule mentions."""
        return frozenset(self._by_name)

    def __len__(self) -> int:
        return len(self.rules)

    def __bool__(self) -> bool:
        return bool(self.rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __repr__(self) -> str:
        return f"KnowledgeBase({len(self.rules)} rules, revision={self.revision!r})"

    @classmethod
    def merge(cls, *kbs: KnowledgeBase) -> KnowledgeBase:
        """Union of several sources; a rule id seen again replaces the earlier rule.

        That lets a user's own score file correct a shipped or downloaded rule by reusing
        its id. The merged base has no ``generated`` time: it was never one file.
        """
        by_id: dict[str, Rule] = {}
        for kb in kbs:
            for rule in kb.rules:
                by_id.pop(rule.id, None)  # the replacement takes the later source's place
                by_id[rule.id] = rule
        revisions = [kb.revision for kb in kbs if kb.revision]
        return cls(by_id.values(), revision="+".join(revisions) if revisions else None)

    def to_document(self) -> dict[str, Any]:
        """The v1 score-file document (what :func:`scorefile.parse_document` reads back)."""
        doc: dict[str, Any] = {"format": SCORE_FILE_FORMAT, "version": SCORE_FILE_VERSION}
        if self.revision:
            doc["revision"] = self.revision
        if self.generated:
            doc["generated"] = self.generated
        doc["rules"] = [r.to_json() for r in self.rules]
        return doc
