"""``stackwise kb build``: the crawl that makes the learned layer (see :mod:`stackwise.inspect.crawl`)."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import Any

from stackwise._text import one_line
from stackwise.errors import StackwiseError


def register(kb_sub: Any) -> None:
    """Add ``kb build`` to ``stackwise kb``."""
    from stackwise.cli import _add_index_options

    p = kb_sub.add_parser(
        "build",
        help="crawl packages for evidence (conda-forge patches, bounds added later, static scan, inspections) "
        "and write the learned layer",
        description="One reproducible, resumable run: conda-forge repodata patches, upper bounds newer releases "
        "added, the static compatibility scan, then one confirming inspection per consumer x provider finding. "
        "Confirmed findings become vetoes, refuted ones are dropped, the rest ship as negative scores.",
    )
    p.add_argument("packages", nargs="*", metavar="PACKAGE", help="packages to crawl (default: --top N)")
    p.add_argument("--top", type=int, metavar="N", help="the N most downloaded projects (shipped rank) and their dependencies")
    p.add_argument("--no-dependencies", action="store_true", help="crawl only the named / top packages, not their dependencies")
    p.add_argument("--since", type=float, default=4.0, metavar="YEARS", help="releases of the last YEARS years (default 4)")
    p.add_argument("--max-releases", type=int, default=40, metavar="N", help="at most N releases per package (default 40)")
    p.add_argument("--scan-budget", type=float, default=600.0, metavar="SECONDS",
                   help="static scan time per package; a provider not read whole by then is left out and counted "
                   "(default 600; 0 = no limit)")
    p.add_argument("--only", action="append", choices=("imports", "numpy-abi"), metavar="CHECK",
                   help="static scan: run only this check (repeatable; see kb scan --only). Default: both")
    p.add_argument("--no-bounds", action="store_true", help="skip the bounds newer releases added (step 2)")
    p.add_argument("--merge", metavar="LAYER",
                   help="add the crawl's rules to this score file (e.g. the shipped learned layer): its other "
                   "rules are kept as they are, a rule with the same id is replaced")
    p.add_argument("--reconfirm", action="store_true",
                   help="inspect the --merge layer's unconfirmed scan findings again (of the named packages, or "
                   "all) instead of crawling: confirmed ones become vetoes, refuted ones are removed (with "
                   "--build-sdists, groups whose stacks need a build can be decided)")
    p.add_argument("--conda-patches", metavar="PATH", help="conda-forge repodata patches snapshot to import too")
    p.add_argument("--no-confirm", action="store_true", help="skip the confirming inspections (everything ships as scores)")
    p.add_argument("--no-confirm-conda", action="store_true",
                   help="do not inspect conda-forge facts about the crawled packages (they ship as scores)")
    p.add_argument("--skip", action="append", default=[], metavar="PACKAGE",
                   help="never inspect stacks with this package (repeatable; e.g. multi-GB wheels)")
    p.add_argument("--max-confirmations", type=int, metavar="N",
                   help="inspect at most N consumer x provider groups, most downloaded consumers first")
    p.add_argument("--guard", metavar="FILE", help="requirements whose pip stack no unconfirmed rule may touch "
                   "(e.g. benchmarks/requirements/large.txt)")
    p.add_argument("--state", metavar="DIR", default=".stackwise-crawl", help="journal directory; rerun to resume (default ./.stackwise-crawl)")
    p.add_argument("-o", "--output", metavar="FILE", help="score file to write (default: standard output)")
    p.add_argument("--stats", metavar="FILE", help="write the run's counts and time as JSON")
    p.add_argument("--jobs", type=int, default=2, metavar="N", help="confirming inspections at once (default 2)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run the inspections on a Dask cluster")
    p.add_argument("--results", metavar="DB", help="inspection results database (default: the user data dir)")
    p.add_argument("--wheel-cache", metavar="DIR", help="shared wheel cache (default: <cache dir>/wheels)")
    p.add_argument("--network", choices=["auto", "require", "allow"], default="auto", help="network isolation of the checks")
    p.add_argument("--build-sdists", action="store_true",
                   help="also build source distributions to read or install a stack (default: wheels only; a "
                   "release that needs a build is skipped, a group with nothing else is inconclusive)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print only the summary and errors (no step lines, no inspection results, no status line)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="on a terminal, also print each step as a line under the status line (a pipe or a log "
                   "always gets them)")
    _add_index_options(p)
    p.set_defaults(kb_run=run_build)


def run_build(args: argparse.Namespace) -> int:
    from packaging.utils import canonicalize_name

    from stackwise._atomic import refuse_unwritable, write_output
    from stackwise.commands.inspect import _index_config, result_line, runner_settings
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.inspect.crawl import CrawlPlan, Journal, crawl, top_packages
    from stackwise.inspect.execute import execute
    from stackwise.inspect.store import ResultStore
    from stackwise.knowledge.shipped import index_path, render_index, render_layer
    from stackwise.knowledge.stats import layer_stats, render_stats
    from stackwise.reqfile import Inputs, read_requirements_file

    if args.reconfirm and (not args.merge or args.top):
        raise StackwiseError("--reconfirm inspects the findings of the layer given with --merge LAYER again; "
                             "it needs --merge, and takes package names (not --top) to limit it to them.")
    if not args.packages and not args.top and not args.reconfirm:
        raise StackwiseError("Name packages to crawl, or use --top N.")
    if args.max_releases < 1 or not 0 < args.since < math.inf or args.jobs < 1:  # NaN too
        raise StackwiseError("--max-releases and --jobs must be at least 1, and --since positive.")
    if args.max_confirmations is not None and args.max_confirmations < 0:  # a negative slice drops groups
        raise StackwiseError(f"--max-confirmations must be 0 or more, not {args.max_confirmations}.")
    refuse_unwritable((args.output, "the score file"), (args.stats, "the statistics"))
    if not math.isfinite(args.scan_budget) or args.scan_budget < 0:
        raise StackwiseError(f"--scan-budget must be a number of seconds >= 0, not {args.scan_budget:g}.")
    names = list(args.packages) + (top_packages(args.top) if args.top else [])
    base = _read_layer(args.merge) if args.merge else None
    again: tuple[Any, ...] = ()
    if args.reconfirm:  # the names only choose whose findings are inspected again; nothing is scanned
        again = _unconfirmed(base, {canonicalize_name(n) for n in names})
        names = []
    guard: list[str] = []
    if args.guard:
        inputs = Inputs()
        read_requirements_file(args.guard, inputs)
        guard = [str(line.requirement) for line in inputs.requirements]
    plan = CrawlPlan(names=names, since_years=args.since, max_releases=args.max_releases,
                     scan_budget=args.scan_budget or None,
                     conda_patches=args.conda_patches, confirm=not args.no_confirm, guard=guard,
                     with_dependencies=not args.no_dependencies, confirm_conda=not args.no_confirm_conda,
                     max_confirmations=args.max_confirmations,
                     skip=frozenset(canonicalize_name(n) for n in args.skip),
                     bounds=not args.no_bounds and not args.reconfirm,
                     scan_checks=() if args.reconfirm else tuple(args.only or ("imports", "numpy-abi")),
                     reconfirm=again)
    from dataclasses import replace

    # Confirmations run on wheels unless asked: building an old sdist (numpy from source for
    # a 2021 consumer) takes many minutes and measures the compiler, not the pair.
    config = replace(_index_config(args), build_sdists=args.build_sdists)
    settings = replace(runner_settings(args, config), build_sdists=args.build_sdists)
    target = TargetEnvironment.current()

    from stackwise._progress import Ticker, step_printer

    def say(msg: str) -> None:
        print(f"stackwise: {one_line(msg)}", file=sys.stderr, flush=True)  # steps quote package data

    # Steps: one line each on a pipe or in a log, the status line on a terminal (-v: both).
    # Results (verdicts, inspections, the guard's drops) are lines everywhere; -q: neither.
    ticker = Ticker(quiet=args.quiet)
    step = step_printer(ticker, quiet=args.quiet, verbose=args.verbose)
    found = (lambda _msg: None) if args.quiet else say
    started = time.perf_counter()
    with Journal(args.state) as journal, ResultStore(args.results) as store, IndexClient(config, target) as client, \
            ticker:

        def inspect(todo: list[tuple[str, Any, Any]]) -> list[tuple[Any, str | None]]:
            """One execute() per distinct check (a group's broken and working stacks share one),
            --jobs at once in execute's own child processes; each result stored as it finishes."""
            out: list[tuple[Any, str | None]] = [(None, None)] * len(todo)
            done = [0]

            def keep(result: Any) -> None:
                result.id = store.add(result)
                done[0] += 1
                found(f"[{done[0]}/{len(todo)}] {result_line(result)}")

            group = todo[0][0].rsplit("|", 1)[0] if todo else ""
            ticker.note(f"confirming {group} by inspection ({len(todo)} stack(s))")

            by_check: dict[Any, list[int]] = {}
            for i, (_key, _request, check) in enumerate(todo):
                by_check.setdefault(check, []).append(i)
            for check, indices in by_check.items():
                try:
                    results = execute([todo[i][1] for i in indices], check, settings, jobs=args.jobs,
                                      scheduler=args.scheduler, on_result=keep)
                except StackwiseError as exc:
                    say(f"inspection could not run: {exc}")
                    continue
                for i, result in zip(indices, results, strict=True):
                    out[i] = (result, result.id)
            return out

        try:
            kb, stats = crawl(plan, journal, client=client, target=target, inspect=inspect, progress=step,
                              result=found)
        except KeyboardInterrupt:
            say(f"interrupted; finished work is kept in {journal.path}: run the same command again to resume.")
            raise
        from stackwise.inspect.links import relink

        kb = relink(kb, client, warn=say)  # the projects' own pages, not the crawl's index (inspect/links.py)
    if base is not None:
        kb = _merged(base, kb, drop=set(stats.dropped))
    text = render_layer(kb)  # the layout the shipped learned layer is read in, lazily
    if args.output:
        write_output(args.output, text, "the score file")
        write_output(index_path(args.output), render_index(text), "the layer's index")  # read with it (knowledge/shipped.py)
    else:
        sys.stdout.write(text)
    summary = {**stats.to_json(), "layer": layer_stats("learned", kb), "wall_seconds": round(time.perf_counter() - started, 1)}
    if args.stats:
        write_output(args.stats, json.dumps(summary, indent=2) + "\n", "the statistics")
    print(render_stats([summary["layer"]]), file=sys.stderr)
    say(f"{stats.packages} package(s), {stats.releases_scanned} release(s) and {stats.pairs_scanned} pair(s) scanned, "
        f"{stats.inspections} inspection(s) ({stats.confirmed_groups} confirmed, {stats.refuted_groups} refuted, "
        f"{stats.inconclusive_groups} inconclusive, {stats.uninspected_groups} group(s) not inspected), "
        f"{stats.guard_dropped} dropped by the guard"
        + (f", {stats.stale} finding(s) the scanner no longer makes dropped" if stats.stale else "")
        + f"; {len(kb)} rule(s) "
        f"in {stats.seconds:.0f}s; wrote {args.output or 'standard output'}.")
    return 0


def _read_layer(path: str) -> Any:
    """The score file ``--merge`` adds to, read before the crawl so a bad one costs nothing."""
    from stackwise.knowledge.scorefile import load_score_file

    return load_score_file(path)


def _finding(rule: Any) -> tuple[Any, ...] | None:
    """What an import finding is about, whatever consumer range a scan window gave it."""
    ev = rule.evidence or {}
    if ev.get("kind") not in ("static-scan", "static-scan-below-window") or ev.get("finding") or rule.other is None:
        return None
    return (ev.get("kind"), rule.package.name, rule.other.name, str(rule.other.specifier), ev.get("module"),
            ev.get("name"))


def _superseded(old: Any, new_by_finding: dict[tuple[Any, ...], list[Any]]) -> bool:
    """An import finding of the base that a rule of the crawl about the same finding covers
    whole: a deeper window read more releases of the consumer (flask ``==2.2.3`` inside
    ``>=2.0.0,<=2.2.3``), and two overlapping rules would say the same thing twice."""
    key = _finding(old)
    if key is None:
        return False
    for rule in new_by_finding.get(key, ()):
        if old.veto and not rule.veto:
            continue  # a confirmed veto is not traded for an unconfirmed score
        if key[0] == "static-scan-below-window":
            return True  # about the releases below a window: the newer crawl's window says where
        versions = (old.evidence or {}).get("consumer_versions") or []
        if versions and all(rule.package.specifier.contains(v, prereleases=True) for v in versions):
            return True
    return False


def _unconfirmed(layer: Any, names: set[str]) -> tuple[Any, ...]:
    """The layer's scan findings no inspection confirmed (and the hints below a scan window
    inferred from them), of ``names`` (all when empty): what ``--reconfirm`` inspects again."""
    return tuple(r for r in layer.rules
                 if (r.evidence or {}).get("kind") in ("static-scan", "static-scan-below-window")
                 and not (r.evidence or {}).get("confirmed") and not r.veto
                 and (not names or r.package.name in names))


def _merged(base: Any, new: Any, drop: set[str] | frozenset[str] = frozenset()) -> Any:
    """``base``'s rules with ``new``'s added (same id: ``new`` wins; an import finding that a
    new rule covers whole is replaced too), without the ids in ``drop`` (findings an inspection
    refuted: a reconfirmed layer must lose them); the revision digests the rule ids and their
    verdicts (veto, score), so a layer whose scores became vetoes gets a new one."""
    import hashlib

    from stackwise.knowledge.rules import KnowledgeBase

    by_finding: dict[tuple[Any, ...], list[Any]] = {}
    for rule in new.rules:
        key = _finding(rule)
        if key is not None:
            by_finding.setdefault(key, []).append(rule)
    rules = {r.id: r for r in base.rules if not _superseded(r, by_finding) and r.id not in drop}
    rules.update((r.id, r) for r in new.rules)
    ids = sorted(rules)
    # ids and verdicts: a reconfirmed layer keeps its ids, but a score that became a veto is new knowledge
    digest = hashlib.sha256(json.dumps([(i, rules[i].veto, rules[i].score) for i in ids]).encode()).hexdigest()[:12]
    return KnowledgeBase([rules[i] for i in ids], revision=f"learned-{digest}")
