"""``stackwise explain NAME[==VERSION]``: what the knowledge base says about a package."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise.cli import load_knowledge, load_target
from stackwise.errors import StackwiseError
from stackwise.knowledge.rules import RECOMMENDATIONS


def run_explain(args: argparse.Namespace) -> int:
    try:
        req = Requirement(args.package)
    except InvalidRequirement as exc:
        raise StackwiseError(f"{args.package!r} is not a package name or NAME==VERSION: {exc}.") from None
    version: Version | None = None
    pinned = [sp for sp in req.specifier if sp.operator == "=="]
    if pinned:
        version = Version(pinned[0].version)
    name = canonicalize_name(req.name)
    kb = load_knowledge(args, roots=[name])
    target = load_target(args)
    weights = RECOMMENDATIONS[args.recommendation]
    rows: list[dict[str, Any]] = []
    for rule in kb.for_package(name):
        side = rule.package if rule.package.name == name else rule.other
        assert side is not None
        matches = None if version is None else side.matches(name, version)
        rows.append(
            {
                "rule": rule.to_json(),
                "applies_to_target": rule.applies_to(target),
                "matches_version": matches,
                "weighted_score": round(weights.get(rule.category, 0.0) * rule.score, 6),
                "vetoes": rule.vetoes_in(args.recommendation),
            }
        )
    if version is not None:
        rows = [r for r in rows if r["matches_version"]]
    if args.json:
        json.dump({"package": name, "version": str(version) if version else None,
                   "recommendation": args.recommendation, "rules": rows}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    subject = f"{name}=={version}" if version else name
    if not rows:
        print(f"No rules about {subject} in the knowledge base ({len(kb)} rule(s) loaded).")
        return 0
    print(f"{len(rows)} rule(s) about {subject} (recommendation: {args.recommendation}, target: {target.describe()}):")
    for row in rows:
        r = row["rule"]
        effect = "veto" if row["vetoes"] else f"score {r.get('score', 0):+g} (weighted {row['weighted_score']:+g})"
        subject_text = f"{r['package']}{r.get('specifier', '')}"
        if "with" in r:
            subject_text += f" with {r['with']['package']}{r['with'].get('specifier', '')}"
        cond = "" if row["applies_to_target"] else "  [condition does not hold for this target]"
        print(f"- {subject_text}: {effect}, {r['category']} — {r['message']}")
        print(f"  {r['link']} (source: {r['source']}, id: {r['id']}){cond}")
    return 0
