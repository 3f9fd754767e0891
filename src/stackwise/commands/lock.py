"""``stackwise lock``: requirements in, a scored, hashed lock out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from packaging.version import Version

from stackwise import __version__
from stackwise._text import one_line
from stackwise.cli import command_line, load_knowledge, load_target, load_user_rules
from stackwise.errors import RequirementError, StackwiseError
from stackwise.reqfile import Inputs, gather, read_requirements_file
from stackwise.resolve.problem import build_problem
from stackwise.resolve.resolution import LOWEST, knowledge_recommendation

_HASH_ALGOS = ("sha256", "sha384", "sha512")


def gather_inputs(args: argparse.Namespace) -> Inputs:
    return gather(args.requirements, args.requirement, args.constraint,
                  nothing="Nothing to lock: give requirements as arguments or with -r FILE "
                  "(constraints alone select nothing).", fetch_url=url_reader(args))


def url_reader(args: argparse.Namespace) -> Any:
    """Reads ``-r``/``-c`` files given as https:// URLs through the URL cache, honouring
    --cache-dir, --offline, --cache-ttl and --timeout (stackwise.urlfiles)."""

    def read(url: str, what: str) -> str:
        from stackwise.urlfiles import DEFAULT_TIMEOUT, fetch_url

        return str(fetch_url(url, what=what, error=RequirementError, cache_dir=getattr(args, "cache_dir", None),
                             ttl=getattr(args, "cache_ttl", 600.0), offline=bool(getattr(args, "offline", False)),
                             timeout=getattr(args, "timeout", None) or DEFAULT_TIMEOUT))

    return read


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
    check_output_paths(args)
    if fmt == "pipfile-lock" and args.recommendation in LOWEST:
        raise RequirementError(f"--recommendation {args.recommendation} is not supported with --format "
                               "pipfile-lock yet; lock a requirements file or pylock.toml instead.")
    if getattr(args, "universal", False) or getattr(args, "environment", None):
        from stackwise.commands.universal import run_universal_lock

        return run_universal_lock(args, argv)
    if fmt == "pipfile-lock":
        if load_user_rules(args).overrides:
            print("stackwise: warning: dependency overrides are not applied with --format pipfile-lock yet; "
                  "the Pipfile's sections are resolved with the declared dependencies.", file=sys.stderr)
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
        timeout=getattr(args, "timeout", None),
    )
    for path in config.constraints:  # pip's own configured constraint files apply too
        read_requirements_file(path, inputs, constraint=True)
    problem, pins = build_problem(inputs, target, args.pre)
    if args.recommendation in LOWEST:  # lowest allowed versions, to test declared minimums
        problem = replace(problem, order=args.recommendation)
    overrides = user_overrides(args)
    if overrides:  # the user's replacements for declared dependencies (docs/rules.md)
        problem = replace(problem, overrides=overrides)
    signed = _reuse_inputs(args, inputs, config)  # signed before anything is resolved from them
    kb = load_knowledge(args, roots=[r.name for r in problem.roots], index_urls=config.effective_index_urls)
    policy = Policy(kb, target, knowledge_recommendation(args.recommendation), user_pins=pins,
                    fail_on_vulnerable=bool(getattr(args, "fail_on_vulnerable", False)))

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
        if problem.order != "newest":
            for d in found:  # not "follows from the other choices": the order chose it
                if not d.rules and d.note.startswith("follows from") and (
                        problem.order == "lowest" or any(r.name == d.name for r in problem.roots)):
                    d.note = f"lowest allowed version (--recommendation {problem.order})"
        verdict = outcome.verdict  # "proven best" only when the search was exhausted
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
        overridden = overridden_pins(overrides, outcome.stack)
        report = None
        if args.report:
            report = build_report(args, outcome, found, newest, hashes_of, target, kb, verdict)
            for pkg in report["packages"]:
                rel = outcome.stack.releases[pkg["name"]]
                pkg["yanked"] = (rel.yanked_reason or "") if rel.yanked else None
                pkg["skipped_newer"] = [s.to_json() for s in skips.get(pkg["name"], ())]
                pkg["override"] = overridden.get(pkg["name"])
            report["overrides"] = overrides.to_json() if overrides else []

    _write_output(args, text, fmt)
    if report is not None:
        import json

        write_file(args.report, json.dumps(report, indent=2, sort_keys=False) + "\n", "the report")

    lines = [f"stackwise: warning: {w}" for w in [*outcome.warnings, *yanked_pins(outcome.stack.releases)]]
    summary = ""
    if not args.quiet:
        lines += [f"stackwise: {d.line()}" + (f"; {overridden[d.name]}" if d.name in overridden else "")
                  for d in found]
        lines += [f"stackwise: {name} {outcome.stack.releases[name].version} — {text}"
                  for name, text in overridden.items() if name not in {d.name for d in found}]
        lines += [f"stackwise: {name} {outcome.stack.releases[name].version} — {skipped_text(skips[name])}"
                  for name in sorted(set(skips) - {d.name for d in found})]
        summary = (f"stackwise: {len(outcome.stack.releases)} packages, {len(found)} decision(s) differ from pip; "
                   f"{verdict}")
    # Each line is one line: text from indexes and rules (yanked reasons, messages) cannot
    # start another one or carry terminal escapes (rules are cleaned when read, too).
    lines = [one_line(line) for line in lines]
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


def user_overrides(args: argparse.Namespace) -> Any:
    """The user's dependency overrides ([tool.stackwise] and --rules), or None."""
    user = load_user_rules(args)
    if not user.overrides:
        return None
    from stackwise.resolve.overrides import Overrides

    return Overrides(user.overrides)


def overridden_pins(overrides: Any, stack: Any) -> dict[str, str]:
    """Pinned packages that some other pinned package depends on and the user overrode:
    name -> the line saying so (every decision line and report entry carries it)."""
    if not overrides:
        return {}
    return {name: overrides.describe(name) for name in sorted(stack.releases)
            if name in overrides and set(stack.parents.get(name, ())) - {"-r"}}


def _reuse_inputs(args: argparse.Namespace, inputs: Inputs, config: Any) -> dict[str, str | None] | None:
    """The files a reusable lock depends on, signed now; None when its result may not be reused.

    Not reused: knowledge from a score service or live vulnerability data (they change
    without any local file changing), or when pip did not say which configuration files
    it reads.
    """
    from stackwise.commands.lockcache import sign_files
    from stackwise.config import load_settings, project_candidates, user_config_path
    from stackwise.knowledge.service import is_service_url

    if args.recommendation == "security" or not config.config_files:
        return None
    sources = list(args.scores or load_settings().scores)
    if any(is_service_url(s) for s in sources) or any("://" in c for c in args.constraint):
        return None  # a service, a score file or constraints from a URL can change unseen
    sources += load_user_rules(args).files
    user = user_config_path()
    settings_files = [str(user)] if user is not None else []
    settings_files += [str(p) for p in project_candidates()]  # a new nearer one must be noticed
    # Requirements files as they were read; the rest as they are now, before they are used.
    return {**sign_files([*config.config_files, *settings_files, *sources]), **inputs.read}


def check_output_paths(args: argparse.Namespace) -> None:
    """Refuse unwritable ``-o``/``--report`` paths before resolving (see ``output_path_problem``)."""
    from stackwise._atomic import output_path_problem

    for path, what in ((args.output, "the lock file"), (getattr(args, "report", None), "the report")):
        problem = output_path_problem(path, what) if path else None
        if problem is not None:
            raise StackwiseError(problem[0].upper() + problem[1:])


def write_file(path: str, text: str, what: str) -> None:
    """Atomic write of a user-named file; an OS refusal is a clear error, not a traceback."""
    from stackwise._atomic import atomic_write_text, output_path_problem

    problem = output_path_problem(path, what)  # the directory may have gone while resolving
    if problem is not None:
        raise StackwiseError(problem[0].upper() + problem[1:])
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise StackwiseError(f"Cannot write {what} {path}: {exc.strerror or exc}.") from None


def _write_output(args: argparse.Namespace, text: str, fmt: str) -> None:
    if args.output:
        if fmt == "pylock":
            from stackwise.lockfiles.pylock import is_pylock_name

            if not is_pylock_name(args.output):
                print(f"stackwise: warning: {args.output}: PEP 751 installers look for 'pylock.toml' or "
                      "'pylock.<name>.toml'; other names may not be recognised.", file=sys.stderr)
        write_file(args.output, text, "the lock file")
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
    """Pipfile -> Pipfile.lock: both sections resolved together, then split (see commands/pipfile_lock.py)."""
    from stackwise.commands.pipfile_lock import run_pipfile_lock as run

    return run(args, argv)


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
