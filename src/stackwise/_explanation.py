"""The result of :func:`stackwise.api.explain`: its classes, kept out of ``stackwise.api``
so that ``stackwise lock``, which imports that module, does not define them (see its
``__getattr__``). Import them from :mod:`stackwise.api` or :mod:`stackwise`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stackwise._dataclass import dataclass


@dataclass(frozen=True)
class ExplainedRule:
    """One rule about the package, and what it does for this target and recommendation."""

    rule: Mapping[str, Any]  # the rule as in a score file (id, package, specifier, message, link, ...)
    applies_to_target: bool
    matches_version: bool | None  # None when no version was asked about
    weighted_score: float
    vetoes: bool


@dataclass(frozen=True)
class Explanation:
    """What the knowledge base (and, given an index, the index) says about one package."""

    package: str
    version: str | None
    recommendation: str
    target: str
    rules: tuple[ExplainedRule, ...]
    knowledge_rules: int  # rules loaded in all
    index: Mapping[str, Any] | None = None  # yanked / Requires-Python skips, when an index was named
    override: str | None = None  # the user's dependency override of this package, described
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The document ``stackwise explain --json`` prints."""
        doc: dict[str, Any] = {"package": self.package, "version": self.version,
                               "recommendation": self.recommendation,
                               "rules": [{"rule": dict(r.rule), "applies_to_target": r.applies_to_target,
                                          "matches_version": r.matches_version,
                                          "weighted_score": r.weighted_score, "vetoes": r.vetoes}
                                         for r in self.rules]}
        if self.index is not None:
            doc["index"] = dict(self.index)
        if self.override:
            doc["override"] = self.override
        return doc

    def text(self) -> str:
        """The text ``stackwise explain`` prints (newline-terminated lines); every line is made
        safe for a terminal, since rules, services and index pages are untrusted."""
        from stackwise._text import one_line
        from stackwise.api import evidence_text

        out: list[str] = []
        subject = f"{self.package}=={self.version}" if self.version else self.package
        if self.index is not None:
            out.append(f"index: {self.index['summary']}")
        if self.override:
            out.append(self.override)
        if not self.rules:
            out.append(f"No rules about {subject} in the knowledge base ({self.knowledge_rules} rule(s) loaded).")
            return "".join(f"{one_line(line)}\n" for line in out)
        out.append(f"{len(self.rules)} rule(s) about {subject} (recommendation: {self.recommendation}, "
                   f"target: {self.target}):")
        for row in self.rules:
            r = row.rule
            effect = "veto" if row.vetoes else f"score {r.get('score', 0):+g} (weighted {row.weighted_score:+g})"
            subject_text = f"{r['package']}{r.get('specifier', '')}"
            if "with" in r:
                subject_text += f" with {r['with']['package']}{r['with'].get('specifier', '')}"
            cond = "" if row.applies_to_target else "  [condition does not hold for this target]"
            out.append(f"- {subject_text}: {effect}, {r['category']} — {r['message']}")
            out.append(f"  {r['link']} (source: {r['source']}, id: {r['id']}){cond}")
            if r.get("evidence"):
                out.append(f"  evidence: {evidence_text(r['evidence'])}")
        return "".join(f"{one_line(line)}\n" for line in out)
