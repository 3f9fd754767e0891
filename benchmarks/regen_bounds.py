"""Regenerate only the ``metadata-bound`` rules of the shipped learned layer with the current learner.

Why: the learner (``stackwise.inspect.bounds``) now reads below its window of newest
releases where a run without an added bound reaches the window's end; the shipped rules
were learned before, so their lower edge was the window's, not a measured one (flask
0.12.3 looked clean under a rule that started at 0.12.4). A whole ``kb build`` would redo
every stage (conda-forge, the static scan, inspections); this reruns the bounds stage for
the packages the shipped bound rules are about and changes nothing else:

* a rule whose proposal read below the window gets the proposal's range, message and
  evidence (its id follows the range, as the crawl names it; its link stays the project's
  own page, see ``inspect/links.py``);
* a ``…:not-inspected`` rest of a confirmed range likewise, minus the inspected release,
  keeping its id and ``confirmed_elsewhere``;
* a veto (confirmed by an inspection) stays exactly as it is: what it covers was measured;
* every other rule keeps its bytes; the rules stay sorted by id and the revision is the
  crawl's digest of the ids; ``learned.index.json`` is rebuilt as ``kb build -o`` does.

The window is the shipped crawl's: the 40 newest releases (``--max-releases 40``). That
crawl ran before the index client kept PEP 700 upload times, so ``--since`` did not limit
it; ``--since-years 100`` reproduces it (with the old learner it gives back the shipped
ranges exactly).

    python benchmarks/regen_bounds.py            # print the changes
    python benchmarks/regen_bounds.py --write    # and write learned.json + learned.index.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

from packaging.specifiers import SpecifierSet

from stackwise._atomic import atomic_write_text
from stackwise.environment import TargetEnvironment
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.inspect.bounds import SOURCE, BoundProposal, bound_proposals, proposals_to_rules
from stackwise.knowledge.rules import KnowledgeBase, Rule
from stackwise.knowledge.scorefile import parse_document
from stackwise.knowledge.shipped import index_path, render_index, render_layer

LEARNED = Path(__file__).resolve().parent.parent / "src" / "stackwise" / "knowledge" / "data" / "learned.json"


def _key(rule: Rule) -> tuple[str, str, str, str]:
    ev = rule.evidence or {}
    other = rule.other.name if rule.other is not None else ""
    return (rule.package.name, other, str(ev.get("bound", "")), str(ev.get("first_bounded", "")))


def _regenerated(rule: Rule, p: BoundProposal) -> Rule:
    """``rule`` with the proposal's range (see the module notes); vetoes are never passed here."""
    (fresh,) = proposals_to_rules([p])
    elsewhere = (rule.evidence or {}).get("confirmed_elsewhere")
    if not elsewhere:
        return replace(fresh, link=rule.link)
    inspected = str(elsewhere["release"])
    return replace(
        rule,
        package=replace(rule.package, specifier=SpecifierSet(p.affected) & SpecifierSet(f"!={inspected}")),
        evidence={**(fresh.evidence or {}), "confirmed_elsewhere": elsewhere},
        message=f"{fresh.message.rstrip().rstrip('.')}. {rule.package.name} {inspected} of this range failed in "
        f"an inspection; the other releases were not inspected"[:1000],
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--layer", default=str(LEARNED), help="the learned layer (default: the shipped one)")
    ap.add_argument("--max-releases", type=int, default=40)
    ap.add_argument("--since-years", type=float, default=100.0)
    ap.add_argument("--write", action="store_true", help="write the layer and its index (atomically)")
    args = ap.parse_args(argv)

    text = Path(args.layer).read_text(encoding="utf-8")
    kb = parse_document(json.loads(text), args.layer)
    bounds = [r for r in kb.rules if r.source == SOURCE]
    packages = sorted({r.package.name for r in bounds})
    found: dict[tuple[str, str, str, str], BoundProposal] = {}
    with IndexClient(IndexConfig.from_pip(), TargetEnvironment.current()) as client:
        for name in packages:
            for p in bound_proposals(name, client, since_years=args.since_years, max_releases=args.max_releases):
                found[(p.package, p.dependency, f"{p.dependency}{p.bound}", p.first_bounded)] = p

    rules: list[Rule] = []
    changed = 0
    for rule in kb.rules:
        p = found.get(_key(rule)) if rule.source == SOURCE else None
        if rule.source == SOURCE and p is None:
            print(f"kept (no proposal now): {rule.id}", file=sys.stderr)
        if p is None or rule.veto or p.below_window is None:
            rules.append(rule)
            continue
        new = _regenerated(rule, p)
        changed += new != rule
        if new != rule:
            down, stop = p.below_window
            print(f"{rule.id}: {rule.package.specifier} -> {new.package.specifier} (id {new.id}; read down to "
                  f"{down}, stopped by {stop})")
        rules.append(new)
    ids = sorted(r.id for r in rules)
    if len(set(ids)) != len(ids):
        raise SystemExit("duplicate rule ids after regeneration; nothing written")
    revision = "learned-" + hashlib.sha256(json.dumps(ids).encode()).hexdigest()[:12]  # as the crawl names it
    out = render_layer(KnowledgeBase(sorted(rules, key=lambda r: r.id), revision=revision))
    untouched = {r.id for r in kb.rules if r.source != SOURCE or r.veto}
    old_lines = {json.loads(line.rstrip(","))["id"]: line.rstrip(",") for line in text.splitlines()[1:-1]}
    new_lines = {json.loads(line.rstrip(","))["id"]: line.rstrip(",") for line in out.splitlines()[1:-1]}
    assert all(old_lines[i] == new_lines.get(i) for i in untouched), "a rule outside the bounds changed"
    print(f"{changed} rule(s) changed of {len(bounds)} metadata-bound; {len(rules)} rules; revision {revision}")
    if args.write:
        atomic_write_text(args.layer, out)
        atomic_write_text(index_path(args.layer), render_index(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
