"""``stackwise explain NAME[==VERSION]``: what the knowledge base says about a package."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise._text import safe
from stackwise.cli import load_knowledge, load_target, load_user_rules
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
    target = load_target(args)
    config = _index_config(args)
    kb = load_knowledge(args, roots=[name], index_urls=config.effective_index_urls if config else ())
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
    index = _index_status(config, name, version, target) if config is not None else None
    override = _override(args, name)
    if args.json:
        doc: dict[str, Any] = {"package": name, "version": str(version) if version else None,
                               "recommendation": args.recommendation, "rules": rows}
        if index is not None:
            doc["index"] = index
        if override:
            doc["override"] = override
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    subject = f"{name}=={version}" if version else name
    if index is not None:
        print(f"index: {index['summary']}")
    if override:
        print(override)
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
        if r.get("evidence"):
            print(safe(f"  evidence: {evidence_text(r['evidence'])}"))
    return 0


def _override(args: argparse.Namespace, name: str) -> str | None:
    """The user's dependency override of ``name`` ([tool.stackwise] / --rules), described."""
    user = load_user_rules(args)
    if not user.overrides:
        return None
    from stackwise.resolve.overrides import Overrides

    overrides = Overrides(user.overrides)
    return overrides.describe(name) if name in overrides else None


def evidence_text(evidence: dict[str, Any]) -> str:
    """One line of proof: what kind, whether an inspection confirmed it, and where to look."""
    parts = [str(evidence.get("kind", "?"))]
    if evidence.get("confirmed"):
        parts.append("confirmed by an inspection")
    elif "confirmed" in evidence:
        parts.append("not confirmed by an inspection")
    ids = evidence.get("inspections") or []
    if ids:
        parts.append("inspections " + ", ".join(str(i) for i in ids[:5]) + (" ..." if len(ids) > 5 else ""))
    if evidence.get("signature"):
        parts.append(f"failure: {evidence['signature']}")
    if evidence.get("consumer_file"):
        parts.append(f"{evidence['consumer_file']}:{evidence.get('line', '?')} imports {evidence.get('name', '?')}"
                     f" (gone in {evidence.get('removed_in', '?')})")
    if evidence.get("proof"):
        parts.append(str(evidence["proof"]))
    return "; ".join(parts)


def _index_config(args: argparse.Namespace) -> Any:
    """The index to consult, only when one is named: explain stays offline by default."""
    if not (getattr(args, "index_url", None) or getattr(args, "extra_index_url", None)
            or getattr(args, "find_links", None)):
        return None
    from stackwise.index.config import IndexConfig

    return IndexConfig.from_pip(
        index_url=args.index_url, extra_index_urls=list(args.extra_index_url), find_links=list(args.find_links),
        no_index=args.no_index, isolated=args.isolated, offline=args.offline, cache_dir=args.cache_dir,
        ttl=args.cache_ttl, timeout=getattr(args, "timeout", None),
    )


def _index_status(config: Any, name: str, version: Version | None, target: Any) -> dict[str, Any]:
    """What the index offers for ``name``: releases the resolver skips (yanked, Requires-Python)
    and, for ``NAME==VERSION``, whether that release can be picked at all and why not."""
    from stackwise.index.client import IndexClient
    from stackwise.resolve.explain import unusable_releases, yanked_reason

    python = target.markers["python_full_version"]
    try:
        with IndexClient(config, target) as client:
            project = client.project(name)
    except StackwiseError as exc:
        print(f"stackwise: warning: could not read {name} from the index: {exc}", file=sys.stderr)
        return {"error": str(exc), "summary": "not available (see the warning)"}
    skipped = unusable_releases(project, python, pre=True)
    usable = [r for r in project.releases if not r.yanked]
    out: dict[str, Any] = {"newest_usable": str(usable[0].version) if usable else None,
                           "skipped": [s.to_json() for s in skipped]}
    if version is not None:
        release = next((r for r in project.releases if r.version == version), None)
        reason = next((s.reason for s in skipped if Version(s.version) == version), None)
        if release is not None and release.yanked:
            status = "yanked"
            text = (f"{name} {version} is {yanked_reason(release)}: pip and stackwise skip it unless a "
                    "requirement pins exactly this version.")
        elif reason is not None:
            status = "skipped"
            text = f"{name} {version} cannot be installed on the target: {reason}."
        elif release is not None:
            status = "available"
            text = f"{name} {version} is available for the target ({target.describe()})."
        else:
            status = "absent"
            text = f"the index lists no release {name}=={version}."
        out.update(status=status, reason=reason or (yanked_reason(release) if status == "yanked" else None))
        out["summary"] = text
    else:
        shown = "; ".join(f"{s.version} {s.reason}" for s in skipped[:10])
        more = f" (+{len(skipped) - 10} more)" if len(skipped) > 10 else ""
        newest = out["newest_usable"] or "none"
        out["summary"] = (f"newest release usable on the target: {newest}"
                          + (f"; skipped: {shown}{more}" if skipped else "; no release is skipped."))
    return out
