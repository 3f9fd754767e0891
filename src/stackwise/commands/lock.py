"""``stackwise lock``: requirements in, a scored, hashed lock out."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise import __version__
from stackwise.cli import command_line, load_knowledge, load_target, write_json
from stackwise.errors import RequirementError, StackwiseError
from stackwise.reqfile import Inputs, Line, parse_requirement_text, read_requirements_file
from stackwise.resolve.provider import make_requirement
from stackwise.resolve.resolution import Problem

_HASH_ALGOS = ("sha256", "sha384", "sha512")


def gather_inputs(args: argparse.Namespace) -> Inputs:
    inputs = Inputs()
    for i, text in enumerate(args.requirements):
        inputs.requirements.append(Line(parse_requirement_text(text, f"argument {i + 1}"), "command line"))
    for path in args.requirement:
        read_requirements_file(path, inputs)
    for path in args.constraint:
        read_requirements_file(path, inputs, constraint=True)
    if not inputs.requirements:
        raise RequirementError(
            "Nothing to lock: give requirements as arguments or with -r FILE "
            "(constraints alone select nothing)."
        )
    return inputs


def build_problem(inputs: Inputs, target: Any, pre: bool) -> tuple[Problem, dict[str, Version]]:
    """Roots, merged constraints and user pins (for veto overrides), like pip collects them."""
    env = dict(target.markers, extra="")
    roots = []
    requested: dict[str, int] = {}
    pins: dict[str, Version] = {}
    for line in [*inputs.requirements, *inputs.constraints]:
        if line.hashes:
            # Refuse rather than ignore: dropping a user's hash pin would weaken what pip enforces.
            raise RequirementError(
                f"{line.origin}: --hash options on input requirements are not supported by "
                "stackwise lock yet; remove them (the lock it writes carries hashes for every pin)."
            )
    for line in inputs.requirements:
        req = line.requirement
        if req.marker is not None and not req.marker.evaluate(env):
            continue  # pip: "Ignoring ...: markers don't match your environment"
        r = make_requirement(req, str(req))
        roots.append(r)
        requested.setdefault(r.name, len(requested))
        _note_pin(pins, r.name, req.specifier)
    constraints: dict[str, SpecifierSet] = {}
    for line in inputs.constraints:
        req = line.requirement
        if req.extras:
            raise RequirementError(f"{line.origin}: constraints cannot have extras ({req}).")
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        name = canonicalize_name(req.name)
        constraints[name] = constraints.get(name, SpecifierSet()) & req.specifier
        _note_pin(pins, name, req.specifier)
    return Problem(roots=roots, constraints=constraints, user_requested=requested, pre=pre or inputs.pre), pins


def _note_pin(pins: dict[str, Version], name: str, spec: SpecifierSet) -> None:
    for sp in spec:
        if sp.operator in ("==", "===") and not sp.version.endswith(".*"):
            with contextlib.suppress(ValueError):
                pins[name] = Version(sp.version)


def release_hashes(client: Any) -> Any:
    def hashes_of(release: Any) -> list[str]:
        out = []
        for f in release.files:
            digests = f.hashes or (client.file_hashes(f) if hasattr(client, "file_hashes") else {})
            for algo in _HASH_ALGOS:
                if algo in digests:
                    out.append(f"{algo}:{digests[algo]}")
                    break
        return out

    return hashes_of


def run_lock(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig
    from stackwise.lockfiles.requirements import render
    from stackwise.resolve.engine import best_stack
    from stackwise.resolve.explain import decisions
    from stackwise.resolve.policy import Policy

    inputs = gather_inputs(args)
    target = load_target(args)
    config = IndexConfig.from_pip(
        index_url=args.index_url or inputs.index_url,
        extra_index_urls=[*inputs.extra_index_urls, *args.extra_index_url],
        find_links=[*inputs.find_links, *args.find_links],
        no_index=args.no_index or inputs.no_index,
        isolated=args.isolated,
        offline=args.offline,
        cache_dir=args.cache_dir,
        ttl=args.cache_ttl,
    )
    for path in config.constraints:  # pip's own configured constraint files apply too
        read_requirements_file(path, inputs, constraint=True)
    problem, pins = build_problem(inputs, target, args.pre)
    kb = load_knowledge(args, roots=[r.name for r in problem.roots])
    policy = Policy(kb, target, args.recommendation, user_pins=pins)

    with IndexClient(config, target) as client:
        outcome = best_stack(problem, client, target, policy, time_budget=args.time_budget)
        hashes_of = None if args.no_hashes else release_hashes(client)

        def newest(name: str) -> Version | None:
            rels = [r for r in client.releases(name) if not r.yanked and (problem.pre or not r.version.is_prerelease)]
            return rels[0].version if rels else None

        found = decisions(outcome, newest)
        verdict = "proven best" if outcome.proven else f"best found within {args.time_budget:g}s"
        header = [
            command_line(argv),
            f"recommendation: {args.recommendation}; knowledge base: {len(kb)} rule(s); "
            f"score {outcome.score:+.3f} ({verdict}); target: {target.describe()}",
        ]
        text = render(
            outcome.stack.releases,
            hashes_of=hashes_of,
            parents=outcome.stack.parents,
            extras=outcome.stack.extras,
            header=header,
            requirement_files=inputs.files,
        )
        report = None
        if args.report:
            report = build_report(args, outcome, found, newest, hashes_of, target, kb, verdict)

    if args.output:
        from stackwise._atomic import atomic_write_text

        atomic_write_text(args.output, text)
    else:
        sys.stdout.write(text)
    if report is not None:
        write_json(args.report, report)

    for warning in outcome.warnings:
        print(f"stackwise: warning: {warning}", file=sys.stderr)
    if not args.quiet:
        for d in found:
            print(f"stackwise: {d.line()}", file=sys.stderr)
        print(
            f"stackwise: {len(outcome.stack.releases)} packages, {len(found)} decision(s) differ from pip; "
            f"{verdict} after {outcome.nodes} resolution(s) in {outcome.elapsed:.2f}s",
            file=sys.stderr,
        )
    return 0


def _flags_in_rules(kb: Any) -> frozenset[str]:
    """CPU flags any rule's condition mentions: the ones worth reporting for this target."""
    return frozenset(f for r in kb.rules if r.condition is not None for f in r.condition.cpu_flags)


def _rule_json(rule: Any) -> dict[str, Any]:
    return rule.to_json()


def build_report(args: Any, outcome: Any, found: Any, newest: Any, hashes_of: Any, target: Any, kb: Any, verdict: str) -> dict[str, Any]:
    policy = outcome.policy
    pins = outcome.stack.versions()
    _, applied = policy.stack_score(pins)
    pip_versions = outcome.pip_stack.versions()
    packages = []
    for name in sorted(outcome.stack.releases):
        rel = outcome.stack.releases[name]
        score, unary_rules = policy.unary(name, rel.version, rel.index_url)
        pair_rules = [r for r in applied if r.is_pair and name in (r.package.name, r.other.name)]
        nv = newest(name)
        packages.append(
            {
                "name": name,
                "version": str(rel.version),
                "newest": str(nv) if nv else None,
                "pip_version": str(pip_versions[name][0]) if name in pip_versions else None,
                "score": round(score + sum(policy.weight(r) for r in pair_rules), 6),
                "rules": [_rule_json(r) for r in (*unary_rules, *pair_rules)],
                "via": sorted(outcome.stack.parents.get(name, ())),
                "index_url": rel.index_url,
                "hashes": hashes_of(rel) if hashes_of else [],
            }
        )
    return {
        "stackwise_version": __version__,
        "recommendation": args.recommendation,
        "target": {"python": target.markers["python_full_version"], "platform": target.markers["sys_platform"],
                   "machine": target.markers["platform_machine"], "cuda_version": target.cuda_version,
                   "cpu_flags": sorted(target.cpu_flags & _flags_in_rules(kb))},
        "knowledge_base": {"rules": len(kb), "revision": kb.revision},
        "score": round(outcome.score, 6),
        "proven_best": outcome.proven,
        "verdict": verdict,
        "resolutions": outcome.nodes,
        "seconds": round(outcome.elapsed, 3),
        "packages": packages,
        "decisions": [
            {"name": d.name, "chosen": str(d.chosen) if d.chosen else None, "pip": str(d.pip) if d.pip else None,
             "newest": str(d.newest) if d.newest else None, "rules": [r.id for r in d.rules], "note": d.note,
             "line": d.line()}
            for d in found
        ],
        "warnings": outcome.warnings,
    }


__all__ = ["run_lock", "StackwiseError"]
