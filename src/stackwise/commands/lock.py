"""``stackwise lock``: requirements in, a scored, hashed lock out."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise import __version__
from stackwise.cli import command_line, load_knowledge, load_target, write_json
from stackwise.errors import RequirementError, StackwiseError
from stackwise.reqfile import Inputs, Line, gather, parse_requirement_text, read_requirements_file
from stackwise.resolve.problem import build_problem
from stackwise.resolve.resolution import Problem

_HASH_ALGOS = ("sha256", "sha384", "sha512")


def gather_inputs(args: argparse.Namespace) -> Inputs:
    return gather(args.requirements, args.requirement, args.constraint,
                  nothing="Nothing to lock: give requirements as arguments or with -r FILE "
                  "(constraints alone select nothing).")


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
    from stackwise.resolve.explain import decisions, skipped_newer, skipped_text, yanked_pins
    from stackwise.resolve.policy import Policy

    fmt = getattr(args, "format", None) or "requirements"
    if fmt == "pipfile-lock":
        return run_pipfile_lock(args, argv)
    if getattr(args, "pipfile", None):
        raise RequirementError("--pipfile is only used with --format pipfile-lock.")
    if fmt == "pylock" and args.no_hashes:
        raise RequirementError("--no-hashes cannot be used with --format pylock: PEP 751 requires a hash for every file.")
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
    signed = _reuse_inputs(args, inputs, config)  # signed before anything is resolved from them
    kb = load_knowledge(args, roots=[r.name for r in problem.roots], index_urls=config.effective_index_urls)
    policy = Policy(kb, target, args.recommendation, user_pins=pins)

    with IndexClient(config, target) as client:
        outcome = best_stack(problem, client, target, policy, time_budget=args.time_budget)
        hashes_of = None if args.no_hashes else release_hashes(client)

        def newest(name: str) -> Version | None:
            rels = [r for r in client.releases(name) if not r.yanked and (problem.pre or not r.version.is_prerelease)]
            return rels[0].version if rels else None

        # Newer releases that were never candidates (yanked, Requires-Python): say why.
        skips = skipped_newer({n: r.version for n, r in outcome.stack.releases.items()}, client.project,
                              target.markers["python_full_version"], pre=problem.pre)
        found = decisions(outcome, newest, skips)
        verdict = "proven best" if outcome.proven else f"best found within {args.time_budget:g}s"
        header = [
            command_line(argv),
            f"recommendation: {args.recommendation}; knowledge base: {len(kb)} rule(s); "
            f"score {outcome.score:+.3f} ({verdict}); target: {target.describe()}",
        ]
        if fmt == "pylock":
            text = _render_pylock(outcome, client, target, header)
        else:
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
            for pkg in report["packages"]:
                rel = outcome.stack.releases[pkg["name"]]
                pkg["yanked"] = (rel.yanked_reason or "") if rel.yanked else None
                pkg["skipped_newer"] = [s.to_json() for s in skips.get(pkg["name"], ())]

    _write_output(args, text, fmt)
    if report is not None:
        write_json(args.report, report)

    lines = [f"stackwise: warning: {w}" for w in [*outcome.warnings, *yanked_pins(outcome.stack.releases)]]
    summary = ""
    if not args.quiet:
        lines += [f"stackwise: {d.line()}" for d in found]
        lines += [f"stackwise: {name} {outcome.stack.releases[name].version} — {skipped_text(skips[name])}"
                  for name in sorted(set(skips) - {d.name for d in found})]
        summary = (f"stackwise: {len(outcome.stack.releases)} packages, {len(found)} decision(s) differ from pip; "
                   f"{verdict}")
    for line in lines:
        print(line, file=sys.stderr)
    if summary:
        print(f"{summary} after {outcome.nodes} resolution(s) in {outcome.elapsed:.2f}s", file=sys.stderr)
    if signed is not None and outcome.proven:
        from stackwise.commands.lockcache import remember

        remember(args, argv, cache=client.cache, files=signed, env_refs=inputs.env_refs,
                 sources=client.observed, ttl=config.ttl, offline=config.offline, text=text,
                 lines=lines, summary=summary)
        client.cache.close()
    return 0


def _reuse_inputs(args: argparse.Namespace, inputs: Inputs, config: Any) -> dict[str, str | None] | None:
    """The files a reusable lock depends on, signed now; None when its result may not be reused.

    Not reused: knowledge from a score service or live vulnerability data (they change
    without any local file changing), or when pip did not say which configuration files
    it reads.
    """
    from stackwise.commands.lockcache import sign_files
    from stackwise.config import load_settings, user_config_path
    from stackwise.knowledge.service import is_service_url

    if args.recommendation == "security" or not config.config_files:
        return None
    sources = list(args.scores or load_settings().scores)
    if any(is_service_url(s) for s in sources):
        return None
    user = user_config_path()
    settings_files = [str(user)] if user is not None else []
    settings_files.append(os.path.join(os.getcwd(), "pyproject.toml"))
    # Requirements files as they were read; the rest as they are now, before they are used.
    return {**sign_files([*config.config_files, *settings_files, *sources]), **inputs.read}


def _write_output(args: argparse.Namespace, text: str, fmt: str) -> None:
    if args.output:
        from stackwise._atomic import atomic_write_text

        if fmt == "pylock":
            from stackwise.lockfiles.pylock import is_pylock_name

            if not is_pylock_name(args.output):
                print(f"stackwise: warning: {args.output}: PEP 751 installers look for 'pylock.toml' or "
                      "'pylock.<name>.toml'; other names may not be recognised.", file=sys.stderr)
        atomic_write_text(args.output, text)
    else:
        sys.stdout.write(text)


def _render_pylock(outcome: Any, client: Any, target: Any, header: Sequence[str]) -> str:
    """pylock.toml for the chosen stack: every file of each pinned version, with URL and hash."""
    from stackwise.lockfiles.build import locked_packages
    from stackwise.lockfiles.model import Lock
    from stackwise.lockfiles.pylock import environment_marker, render_pylock

    file_hashes = getattr(client, "file_hashes", None)
    packages = locked_packages(outcome.stack.releases, extras=outcome.stack.extras, file_hashes=file_hashes)
    for pkg in packages:
        if any(not f.hashes for f in pkg.files):
            raise StackwiseError(f"No hash is available for a file of {pkg.name} {pkg.version}; PEP 751 requires one.")
    py = target.markers["python_version"]
    lock = Lock(packages=packages, requires_python=f"=={py}.*")
    return render_pylock(lock, header=header, environments=[environment_marker(target.markers)])


def run_pipfile_lock(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Pipfile -> Pipfile.lock: ``default`` resolved first, ``develop`` constrained to its pins, as Pipenv does."""
    import os

    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig
    from stackwise.lockfiles.build import locked_packages
    from stackwise.lockfiles.pipfile import read_pipfile, render_pipfile_lock, section_requirements
    from stackwise.resolve.engine import best_stack
    from stackwise.resolve.explain import decisions
    from stackwise.resolve.policy import Policy

    if args.requirements or args.requirement or args.constraint:
        raise RequirementError("--format pipfile-lock reads its requirements from the Pipfile (-p/--pipfile); "
                               "do not also give requirements or -r/-c files.")
    if args.no_hashes:
        raise RequirementError("--no-hashes cannot be used with --format pipfile-lock: Pipenv installs a Pipfile.lock with hashes.")
    if args.report:
        raise RequirementError("--report is not supported with --format pipfile-lock yet.")
    pipfile = read_pipfile(args.pipfile or "Pipfile")
    custom = [k for k in pipfile.data if k not in ("source", "packages", "dev-packages", "requires", "scripts", "pipfile", "pipenv")]
    if custom:
        raise RequirementError(f"{pipfile.path}: custom package categories ({', '.join(custom)}) are not supported by "
                               "stackwise's Pipfile.lock writer yet; use [packages] and [dev-packages].")
    pre = bool(args.pre or (pipfile.data.get("pipenv") or {}).get("allow_prereleases"))
    urls = [os.path.expandvars(str(s["url"])) for s in pipfile.sources]
    target = load_target(args)
    config = IndexConfig.from_pip(
        index_url=args.index_url or urls[0],
        extra_index_urls=[*urls[1:], *args.extra_index_url],
        find_links=args.find_links,
        no_index=args.no_index,
        isolated=args.isolated,
        offline=args.offline,
        cache_dir=args.cache_dir,
        ttl=args.cache_ttl,
    )
    sections = {"packages": section_requirements(pipfile, "packages"),
                "dev-packages": section_requirements(pipfile, "dev-packages")}
    env = dict(target.markers, extra="")
    top_markers = {str(canonicalize_name(r.name)): m for reqs in sections.values() for r, m, _ in reqs if m}

    def inputs_of(section: str, pinned: dict[str, Any]) -> Inputs:
        inputs = Inputs()
        for req, _, _ in sections[section]:
            inputs.requirements.append(Line(req, f"{pipfile.path} [{section}] {req.name}"))
        for name, rel in pinned.items():  # develop is resolved against default's pins
            inputs.constraints.append(Line(parse_requirement_text(f"{name}=={rel.version}", "default"), f"{pipfile.path} [packages]"))
        for path in config.constraints:
            read_requirements_file(path, inputs, constraint=True)
        return inputs

    results: dict[str, Any] = {}
    kb = None
    with IndexClient(config, target) as client:
        pinned: dict[str, Any] = {}
        for section in ("packages", "dev-packages"):
            if not any(r.marker is None or r.marker.evaluate(env) for r, _, _ in sections[section]):
                results[section] = None
                continue
            problem, pins = build_problem(inputs_of(section, pinned), target, pre)
            if kb is None:
                roots = [str(canonicalize_name(r.name)) for reqs in sections.values() for r, _, _ in reqs]
                kb = load_knowledge(args, roots=roots, index_urls=config.effective_index_urls)
            policy = Policy(kb, target, args.recommendation, user_pins=pins)
            outcome = best_stack(problem, client, target, policy, time_budget=args.time_budget)

            def newest(name: str, problem: Problem = problem) -> Version | None:
                rels = [r for r in client.releases(name) if not r.yanked and (problem.pre or not r.version.is_prerelease)]
                return rels[0].version if rels else None

            results[section] = (outcome, decisions(outcome, newest))
            _check_index_restrictions(pipfile, sections[section], outcome.stack.releases)
            if section == "packages":
                pinned = dict(outcome.stack.releases)
        file_hashes = getattr(client, "file_hashes", None)
        locked = {}
        for section, group in (("packages", "default"), ("dev-packages", "develop")):
            res = results[section]
            locked[section] = () if res is None else locked_packages(
                res[0].stack.releases, extras=res[0].stack.extras, file_hashes=file_hashes,
                markers=top_markers, groups=(group,))
        text = render_pipfile_lock(pipfile, locked["packages"], locked["dev-packages"])

    if args.output:
        from stackwise._atomic import atomic_write_text

        atomic_write_text(args.output, text)
    else:
        sys.stdout.write(text)
    for section, res in results.items():
        if res is None:
            continue
        outcome, found = res
        for warning in outcome.warnings:
            print(f"stackwise: warning: {warning}", file=sys.stderr)
        if not args.quiet:
            label = "default" if section == "packages" else "develop"
            for d in found:
                print(f"stackwise: [{label}] {d.line()}", file=sys.stderr)
            verdict = "proven best" if outcome.proven else f"best found within {args.time_budget:g}s"
            print(f"stackwise: [{label}] {len(outcome.stack.releases)} packages, {len(found)} decision(s) differ "
                  f"from pip; {verdict} after {outcome.nodes} resolution(s) in {outcome.elapsed:.2f}s", file=sys.stderr)
    return 0


def _check_index_restrictions(pipfile: Any, reqs: Sequence[Any], releases: Any) -> None:
    """A Pipfile entry with ``index = "name"`` must come from that source: refuse otherwise
    (stackwise searches every source, so this is where a package from the wrong index is caught)."""
    import os

    urls = {str(s.get("name")): os.path.expandvars(str(s["url"])).rstrip("/") for s in pipfile.sources}
    for req, _, index in reqs:
        if not index:
            continue
        if index not in urls:
            raise RequirementError(f"{pipfile.path}: {req.name} names index {index!r}, which is not a [[source]] name.")
        rel = releases.get(canonicalize_name(req.name))
        if rel is not None and (rel.index_url or "").rstrip("/") != urls[index]:
            raise RequirementError(
                f"{pipfile.path}: {req.name} must come from source {index!r} ({urls[index]}) but the version chosen, "
                f"{rel.version}, was found at {rel.index_url}; stackwise does not restrict a package to one source "
                "while resolving yet, so make that version available there or drop the index restriction."
            )


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
