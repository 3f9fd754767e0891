"""Counting what a knowledge base knows: ``stackwise kb stats``.

Why a module of its own: the counts are the project's headline figure (rules from evidence,
by source), printed by the CLI and recorded in docs/knowledge.md by the crawl; one place
decides what a "source family" and a "kind" are.
"""

from __future__ import annotations

from typing import Any

from stackwise._text import one_line
from stackwise.knowledge.rules import KnowledgeBase, Rule


def source_family(rule: Rule) -> str:
    """``osv:PYSEC-1`` -> ``osv``; ``conda-forge-repodata-patches@abc`` -> ``conda-forge-repodata-patches``."""
    source = rule.source
    for sep in (":", "@"):
        source = source.split(sep, 1)[0]
    return source.strip() or "unknown"


def kind(rule: Rule) -> str:
    """``pair veto``, ``pair score``, ``version veto`` or ``version score``."""
    shape = "pair" if rule.is_pair else "version"
    return f"{shape} {'veto' if rule.veto else 'score'}"


def layer_stats(name: str, kb: KnowledgeBase) -> dict[str, Any]:
    """Counts for one layer: total, by source family, category, kind, and evidence."""

    def count(key: Any) -> dict[str, int]:
        out: dict[str, int] = {}
        for rule in kb.rules:
            k = key(rule)
            out[k] = out.get(k, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    return {
        "layer": name,
        "rules": len(kb),
        "packages": len(kb.packages()),
        "with_evidence": sum(1 for r in kb.rules if r.evidence),
        "confirmed_by_inspection": sum(1 for r in kb.rules if r.evidence and r.evidence.get("confirmed")),
        "by_source": count(source_family),
        "by_category": count(lambda r: r.category),
        "by_kind": count(kind),
        # The evidence object is kept as the file says (only bounded): its kind is printed.
        "by_evidence": count(lambda r: one_line(str((r.evidence or {}).get("kind", "none")))),
    }


def render_stats(stats: list[dict[str, Any]]) -> str:
    """Plain text, one block per layer."""
    lines: list[str] = []
    for s in stats:
        lines.append(f"{one_line(str(s['layer']))}: {s['rules']} rule(s) about {s['packages']} package(s); "
                     f"{s['with_evidence']} with evidence, {s['confirmed_by_inspection']} confirmed by an inspection")
        for title, key in (("source", "by_source"), ("category", "by_category"), ("kind", "by_kind"),
                           ("evidence", "by_evidence")):
            lines.append(f"  by {title}: " + ", ".join(f"{k} {v}" for k, v in s[key].items()))
    return "\n".join(lines)
