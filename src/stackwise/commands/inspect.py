"""``stackwise inspect`` and ``stackwise learn``: the command line of :mod:`stackwise.inspect`.

* ``inspect REQUIREMENT... [-r FILE] [--check CMD | --benchmark CMD --repeat N]``: choose
  stacks (Dependency Monkey), run each in isolation, store every result as it finishes.
* ``inspect list | show ID | reproduce ID``: read the results database; ``reproduce`` prints
  the exact commands of an inspection, runs it again and says whether the result holds.
* ``learn [RESULTS] -o learned.json``: isolate culprits and boundaries (new probes are
  real resolutions + inspections, stored too) and write rules with evidence.

Only this module sees argparse; everything below takes typed values.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from stackwise._text import one_line, safe
from stackwise.errors import StackwiseError

_SUBCOMMANDS = ("list", "show", "reproduce")


def register(subparsers: Any) -> None:
    """Add ``inspect`` and ``learn`` to the stackwise CLI."""
    from stackwise.cli import _add_index_options

    p = subparsers.add_parser(
        "inspect",
        help="build real stacks, run a check in each (isolated), store the results",
        description="Dependency Monkey + isolated inspections. 'stackwise inspect REQ...' chooses stacks and "
        "inspects them; 'stackwise inspect list', 'show ID' and 'reproduce ID' read the results database.",
    )
    p.add_argument("words", nargs="*", metavar="REQUIREMENT | list | show ID | reproduce ID")
    p.add_argument("-r", "--requirement", action="append", default=[], metavar="FILE", help="requirements file (repeatable)")
    p.add_argument("-c", "--constraint", action="append", default=[], metavar="FILE", help="constraints file (repeatable)")
    p.add_argument("--pre", action="store_true", help="allow pre-releases")
    g = p.add_argument_group("what to run")
    g.add_argument("--check", metavar="CMD", help="shell command run in each stack's environment (default: import every "
                   "top-level module of every distribution and run its console scripts with --version)")
    g.add_argument("--benchmark", metavar="CMD", help="a performance inspection: time CMD --repeat times")
    g.add_argument("--repeat", type=int, default=5, metavar="N", help="timed runs per stack with --benchmark (default 5)")
    g.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS", help="wall-clock limit of one check run (default 300)")
    g.add_argument("--memory-limit", type=int, default=4096, metavar="MiB", help="address-space limit of the check (default 4096)")
    g.add_argument("--build-memory-limit", type=int, default=None, metavar="MiB",
                   help="memory an sdist build may write, in the stack's resolution or its install (default 4096)")
    g.add_argument("--cpu-limit", type=int, default=600, metavar="SECONDS", help="CPU-time limit of the check (default 600)")
    g.add_argument("--network", choices=["auto", "require", "allow"], default="auto",
                   help="isolate the check from the network: auto (when the kernel allows; says so otherwise), "
                   "require (fail if impossible), allow")
    g.add_argument("--keep", action="store_true", help="keep each inspection's work directory")
    s = p.add_argument_group("which stacks (Dependency Monkey)")
    s.add_argument("--strategy", choices=["pip", "boundaries", "random", "exhaustive"], default="boundaries",
                   help="pip's pick only; boundaries (default): oldest/newest of each release series, pairwise along "
                   "dependency edges; random (--seed); exhaustive (small spaces only)")
    s.add_argument("--seed", type=int, help="seed of --strategy random")
    s.add_argument("--max-stacks", type=int, default=20, metavar="N", help="inspect at most N stacks (default 20)")
    r = p.add_argument_group("where it runs and where results go")
    r.add_argument("--jobs", type=int, default=1, metavar="N", help="inspections at once on this machine (default 1)")
    r.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on a Dask distributed cluster (stackwise[cluster])")
    r.add_argument("--results", metavar="DB", help="results database (default: the user data dir, or $STACKWISE_INSPECTIONS_DB)")
    r.add_argument("--publish", metavar="URL", help="also send the results to this score service (POST /v1/inspections)")
    r.add_argument("--token", metavar="TOKEN", help="write token for --publish (default: $STACKWISE_TOKEN)")
    r.add_argument("--wheel-cache", metavar="DIR", help="shared wheel cache (default: <cache dir>/wheels)")
    r.add_argument("--json", action="store_true", help="list/show: machine-readable output")
    r.add_argument("--limit", type=int, default=50, metavar="N", help="list: at most N results (default 50)")
    r.add_argument("--outcome", help="list: only this outcome")
    r.add_argument("--package", help="list: only stacks containing this package")
    r.add_argument("-q", "--quiet", action="store_true",
                   help="print only the summary, warnings and errors (no line per result, no status line)")
    _add_index_options(p)
    p.set_defaults(run=run_inspect)

    lp = subparsers.add_parser(
        "learn",
        help="turn inspection results into rules with evidence (culprit isolation + boundary bisection)",
        description="Read inspection results (a results database or an exported JSON file; default: the local "
        "database), isolate each reproduced failure to one version or one pair by new inspections, bisect "
        "the boundaries and write the rules as a score file.",
    )
    lp.add_argument("source", nargs="?", metavar="RESULTS", help="results database, exported results JSON, or a score "
                    "service URL whose published results to learn from (default: the local database)")
    lp.add_argument("-o", "--output", metavar="FILE", help="score file to write (default: standard output)")
    lp.add_argument("--results", metavar="DB", help="where new probe results are stored (default: the local database)")
    lp.add_argument("--max-probes", type=int, default=200, metavar="N", help="new inspections at most (default 200)")
    lp.add_argument("--jobs", type=int, default=1, metavar="N", help="(reserved) probes run one after another: each depends on the last")
    lp.add_argument("--wheel-cache", metavar="DIR", help="shared wheel cache (default: <cache dir>/wheels)")
    lp.add_argument("--network", choices=["auto", "require", "allow"], default="auto", help="as for inspect")
    lp.add_argument("--build-sdists", action="store_true",
                    help="also build source distributions to read or install a probe's stack (default: wheels only; "
                    "releases without a wheel are not tried, a stack that needs a build is install-failed)")
    lp.add_argument("--link", metavar="URL", help="link given in every rule (default: the service's inspection URL with "
                    "--publish, else the culprit's project page on the index)")
    _add_index_options(lp)
    lp.set_defaults(run=run_learn)


# -- shared helpers -----------------------------------------------------------------------------


def _store(path: str | None) -> Any:
    from stackwise.inspect.store import ResultStore

    return ResultStore(path)


def _store_path(path: str | None) -> Path:
    """Where ``_store(path)`` keeps its results (``--results``, else the default database)."""
    from stackwise.inspect.store import default_store_path

    return Path(path).expanduser() if path is not None else default_store_path()


def _index_config(args: argparse.Namespace, inputs: Any = None) -> Any:
    """pip's index configuration with the options and, given ``inputs``, the requirements files'
    lines: index lines in pip's order (configuration, command line, pip's configured constraint
    files', the ``-c``/``-r`` files'), as ``stackwise lock`` applies them (``api.index_config``)."""
    from dataclasses import replace

    from stackwise.index.config import IndexConfig

    config = IndexConfig.from_pip(
        # a requirements file's --only-binary/--no-binary lines, after pip's configured constraint files'
        file_format_options=inputs.format_options if inputs is not None else (),
        prefer_binary=bool(inputs is not None and inputs.prefer_binary),
        trusted_hosts=tuple(inputs.trusted_hosts) if inputs is not None else (),
        index_url=args.index_url,
        extra_index_urls=list(args.extra_index_url),
        file_index_steps=inputs.index_steps if inputs is not None else None,
        find_links=[*(inputs.find_links if inputs is not None else ()), *args.find_links],
        no_index=args.no_index,
        isolated=args.isolated,
        offline=args.offline,
        cache_dir=args.cache_dir,
        ttl=args.cache_ttl,
    )
    # the metadata builds of Dependency Monkey's resolutions run package code too: contained
    return replace(config, contain_builds=True, build_memory_mb=_build_memory(args))


def _build_memory(args: argparse.Namespace) -> int:
    from stackwise.index.config import BUILD_MEMORY_MB, build_memory_problem

    value = getattr(args, "build_memory_limit", None)  # None: not given (learn and kb build have no option)
    if value is None:
        return BUILD_MEMORY_MB
    problem = build_memory_problem(value)
    if problem:
        raise StackwiseError(f"--build-memory-limit must be {problem}.")
    return int(value)


def runner_settings(args: argparse.Namespace, config: Any) -> Any:
    """What every inspection needs, as plain data (it may travel to a Dask worker)."""
    from stackwise.inspect.runner import RunnerSettings

    cache = config.resolved_cache_dir()
    if args.wheel_cache is not None and not args.wheel_cache.strip():  # "$DIR" unset: not the default
        raise StackwiseError("--wheel-cache was given an empty value; give a directory (is a variable unset?), "
                             "or leave the option out.")
    wheel_cache = args.wheel_cache or str(Path(cache) / "wheels")
    return RunnerSettings(
        wheel_cache=wheel_cache,
        cache_dir=str(cache),
        index_urls=tuple(config.effective_index_urls),
        find_links=tuple(config.find_links),
        offline=bool(config.offline),
        network=args.network,
        keep=bool(getattr(args, "keep", False)),
        build_memory_mb=_build_memory(args),
    )


def _stack_text(pins: Sequence[tuple[str, str]], limit: int = 8) -> str:
    shown = " ".join(f"{n}=={v}" for n, v in pins[:limit])
    return shown + (f" (+{len(pins) - limit} more)" if len(pins) > limit else "")


def result_line(result: Any) -> str:
    """One line per result: outcome, the stack, why it failed, its id."""
    why = ""
    if result.outcome in ("failed", "flaky") and result.signature:
        why = f" — {result.signature}"
    elif result.outcome in ("install-failed", "error") and result.detail:
        why = f" — {result.detail.splitlines()[0][:200]}"
    elif result.outcome == "timeout":
        why = f" — no answer within {result.check.timeout:g}s"
    timing = ""
    if result.timings:
        ordered = sorted(result.timings)
        timing = f" median {ordered[len(ordered) // 2]:.3f}s"
    label = f" [{result.stack.label}]" if result.stack.label else ""
    return safe(f"{result.outcome:<14} {_stack_text(result.stack.pins)}{label}{timing}{why} ({result.id or 'not stored'})")


# -- inspect ------------------------------------------------------------------------------------


def run_inspect(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words and words[0] in _SUBCOMMANDS and not (args.requirement or args.check or args.benchmark):
        return _run_results_command(words[0], words[1:], args)
    return _run_inspections(args, words)


def _check_of(args: argparse.Namespace) -> Any:
    from stackwise.inspect.model import Check

    if args.check and args.benchmark:
        raise StackwiseError("Give either --check CMD or --benchmark CMD, not both.")
    if args.repeat < 1:
        raise StackwiseError(f"--repeat must be at least 1, not {args.repeat}.")
    if not (args.timeout > 0 and args.memory_limit > 0 and args.cpu_limit > 0):  # NaN too
        raise StackwiseError("--timeout, --memory-limit and --cpu-limit must be positive.")
    from stackwise.inspect.model import MAX_CPU_SECONDS, MAX_MEMORY_MB, MAX_TIMEOUT

    if not (args.timeout <= MAX_TIMEOUT and args.memory_limit <= MAX_MEMORY_MB and args.cpu_limit <= MAX_CPU_SECONDS):
        raise StackwiseError(f"--timeout must be at most {MAX_TIMEOUT:g} seconds, --memory-limit at most "
                             f"{MAX_MEMORY_MB} MiB and --cpu-limit at most {MAX_CPU_SECONDS} seconds.")
    if args.benchmark:
        return Check(command=args.benchmark, kind="benchmark", repeat=args.repeat, timeout=args.timeout,
                     memory_mb=args.memory_limit, cpu_seconds=args.cpu_limit)
    if args.check is not None and not args.check.strip():
        raise StackwiseError("--check needs a command; leave it out for the default import check.")
    return Check(command=args.check, timeout=args.timeout, memory_mb=args.memory_limit, cpu_seconds=args.cpu_limit)


def _requirements(args: argparse.Namespace, words: Sequence[str]) -> tuple[list[str], Any]:
    """Requirement strings (as the resolution and a later ``learn`` see them) and pip-file inputs."""
    from stackwise.reqfile import gather

    inputs = gather(words, args.requirement, args.constraint,
                    nothing="Nothing to inspect: give requirements as arguments or with -r FILE.")
    return [str(line.requirement) for line in inputs.requirements], inputs


def _constraints(inputs: Any, markers: Any = None) -> dict[str, Any]:
    """Constraint lines by name; a line whose marker is false on the target (``markers``) is
    skipped, as pip and ``stackwise lock`` skip it."""
    from packaging.specifiers import SpecifierSet
    from packaging.utils import canonicalize_name

    out: dict[str, SpecifierSet] = {}
    env = {**(markers or {}), "extra": ""}
    for line in inputs.constraints:
        if markers is not None and line.requirement.marker is not None and not line.requirement.marker.evaluate(env):
            continue
        name = canonicalize_name(line.requirement.name)
        out[name] = out.get(name, SpecifierSet()) & line.requirement.specifier
    return out


def _not_found(result: Any) -> bool:
    """The shell's answer for a command it cannot run (127: not found, 126: not executable)."""
    return result.exit_status in (126, 127) and result.outcome in ("failed", "flaky")


def choosing(client: Any) -> str:
    """The status line while Dependency Monkey resolves stacks: what the index client has read."""
    c = client.progress_counts()
    text = f"choosing stacks: {c['projects']} project(s) and {c['metadata']} metadata file(s) read"
    return text + (f", {c['builds']} sdist(s) built" if c["builds"] else "")


def _run_inspections(args: argparse.Namespace, words: Sequence[str]) -> int:
    from stackwise._progress import Ticker
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.inspect.execute import execute
    from stackwise.inspect.runner import network_isolation
    from stackwise.inspect.stacks import StackMaker, choose_stacks

    if args.max_stacks < 1:
        raise StackwiseError(f"--max-stacks must be at least 1, not {args.max_stacks}.")
    if args.jobs < 1:
        raise StackwiseError(f"--jobs must be at least 1, not {args.jobs}.")
    check = _check_of(args)
    requirements, inputs = _requirements(args, words)
    config = _index_config(args, inputs)
    config.read_constraints(inputs)  # pip's configured constraint files narrow every stack, as pip's install
    settings = runner_settings(args, config)
    isolated, why = network_isolation()
    if not isolated:
        if args.network == "require":
            raise StackwiseError(f"--network require: the check cannot be cut off from the network here: {why}")
        if args.network == "auto":
            print(f"stackwise: warning: inspections will run WITH network access: {why}", file=sys.stderr)
    target = TargetEnvironment.current()
    started = time.perf_counter()
    with IndexClient(config, target) as client, Ticker(lambda: choosing(client), quiet=args.quiet):
        # a --pre line of a -r/-c file or of pip's configured constraint files counts, as in pip and `lock`
        maker = StackMaker(requirements, client, target, constraints=_constraints(inputs, target.markers),
                           pre=bool(args.pre or inputs.pre),
                           file_hashes=getattr(client, "file_hashes", None))
        stacks = choose_stacks(maker, args.strategy, max_stacks=args.max_stacks, seed=args.seed)
    if not args.quiet:
        print(f"stackwise: {len(stacks)} stack(s) chosen by --strategy {args.strategy} in "
              f"{time.perf_counter() - started:.1f}s; checking with: {safe(check.describe())}", file=sys.stderr)
    publish: list[Any] = []
    done = [0]
    # On a terminal, while inspections run: how many have finished (each takes a while).
    ticker = Ticker(lambda: f"inspecting: {done[0]}/{len(stacks)} stack(s) done", quiet=args.quiet)
    db = _store_path(args.results)
    if db.exists():
        _store(str(db)).close()  # a damaged or foreign database is refused before any inspection runs
    try:
        # pip's stack first, alone, and stored only once it is known to have run: a check command
        # that cannot even start is one clear error (nothing stored), not N identical failures.
        with ticker:
            first = execute(stacks[:1], check, settings, jobs=1, scheduler=args.scheduler)
    except KeyboardInterrupt:
        print(f"stackwise: interrupted; no inspection had finished, nothing was stored in {db}.", file=sys.stderr)
        return 130
    if first and _not_found(first[0]):
        raise StackwiseError(
            f"The check command {check.command!r} could not be run in the stack's environment (exit "
            f"{first[0].exit_status}: {safe(first[0].output_tail.strip().splitlines()[-1] if first[0].output_tail.strip() else 'not found')}). "
            "Give a command the stack provides (its console scripts are on PATH) or a python -c ...; "
            "nothing was stored.")
    with _store(str(db)) as store:

        def keep(result: Any) -> None:
            result.id = store.add(result)
            publish.append(result)
            done[0] += 1
            if not args.quiet:
                print(f"stackwise: [{done[0]}/{len(stacks)}] {result_line(result)}", file=sys.stderr)

        try:
            for result in first:
                keep(result)
            with ticker:
                results = first + execute(stacks[1:], check, settings, jobs=args.jobs, scheduler=args.scheduler,
                                          on_result=keep)
        except KeyboardInterrupt:
            # handled here, not by the CLI's generic "nothing was written": finished results ARE stored
            print(f"stackwise: interrupted; {done[0]} finished inspection(s) are stored in {store.path}.",
                  file=sys.stderr)
            return 130
        if args.publish:
            from stackwise.inspect.store import publish as send

            ids = send(results, args.publish, _token(args))
            print(f"stackwise: published {len(ids)} result(s) to {safe(args.publish)}", file=sys.stderr)
        counts: dict[str, int] = {}
        for result in results:
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
        summary = ", ".join(f"{n} {o}" for o, n in sorted(counts.items()))
        print(f"stackwise: {len(results)} inspection(s) in {time.perf_counter() - started:.1f}s: {summary}; "
              f"stored in {store.path}. Next: 'stackwise learn' turns reproduced failures into rules.", file=sys.stderr)
    return 0


def _token(args: argparse.Namespace) -> str:
    import os

    token = args.token or os.environ.get("STACKWISE_TOKEN")
    if not token:
        raise StackwiseError("--publish needs a write token: --token TOKEN or $STACKWISE_TOKEN "
                             "(create one with 'stackwise serve token create').")
    return token


# -- list / show / reproduce ---------------------------------------------------------------------


def _run_results_command(command: str, rest: Sequence[str], args: argparse.Namespace) -> int:
    import json

    with _store(args.results) as store:
        if command == "list":
            if rest:
                raise StackwiseError(f"'stackwise inspect list' takes no arguments (got {' '.join(rest)}).")
            results = store.list(outcome=args.outcome, package=args.package, limit=args.limit)
            if args.json:
                print(json.dumps([r.to_json() for r in results], indent=2))
            else:
                for result in results:
                    print(result_line(result))
                print(f"{len(results)} result(s) in {store.path}", file=sys.stderr)
            return 0
        if len(rest) != 1:
            raise StackwiseError(f"'stackwise inspect {command}' takes one inspection id.")
        result = store.get(rest[0])
        if command == "show":
            if args.json:
                print(json.dumps(result.to_json(), indent=2))
            else:
                print(show_text(result))
            return 0
        return _reproduce(result, args, store)


def show_text(result: Any) -> str:
    """Everything recorded about one inspection, for people."""
    env = result.environment
    lines = [
        f"inspection {result.id} ({result.created})",
        f"  outcome:     {result.outcome} (exit status {result.exit_status}, {result.attempts} run(s))",
        f"  check:       {result.check.describe()} (timeout {result.check.timeout:g}s, memory {result.check.memory_mb} MiB)",
        f"  stack:       {_stack_text(result.stack.pins, 100)}",
        f"  chosen as:   {result.stack.label or '-'} from {' '.join(result.stack.roots) or '-'}",
        f"  environment: Python {env.get('python', '?')} on {env.get('platform', '?')}/{env.get('machine', '?')}, "
        f"network isolated: {env.get('network_isolated', '?')}",
        f"  duration:    {result.duration:.2f}s, peak memory {result.peak_memory_kb or '?'} KiB",
    ]
    if result.stack.constraints:
        lines.insert(5, f"  constraints: {' '.join(result.stack.constraints)}")
    if result.signature:
        lines.append(f"  signature:   {result.signature}")
    if result.timings:
        lines.append("  timings:     " + ", ".join(f"{t:.3f}s" for t in result.timings))
    if result.detail:
        lines.append(f"  detail:      {result.detail}")
    if result.output_tail:
        lines.append("  output (last lines):")
        lines += [f"    {line}" for line in result.output_tail.rstrip().splitlines()]
    return safe("\n".join(lines))


def _reproduce(result: Any, args: argparse.Namespace, store: Any) -> int:
    from stackwise.inspect.runner import run_inspection

    config = _index_config(args)
    settings = runner_settings(args, config)
    print(safe(reproduce_commands(result)))
    again = run_inspection(result.stack, result.check, settings)
    again.id = store.add(again)
    holds = again.outcome == result.outcome and (again.signature or "") == (result.signature or "")
    verdict = "still holds" if holds else "does NOT hold any more"
    print(safe(f"\nrerun {again.id}: {again.outcome}" + (f" — {again.signature}" if again.signature else "")
               + f"; the result of {result.id} ({result.outcome}) {verdict}."))
    return 0 if holds else 1


def reproduce_commands(result: Any) -> str:
    """The shell commands that repeat an inspection by hand (same lock, same check)."""
    import shlex

    from stackwise.inspect.runner import default_check_script

    check = result.check.command
    # one quoted word for sh -c (unquoted, "-I" and "check.py" would become $0 and $1 of a bare python)
    run = shlex.quote(check or "python -I check.py")
    isolate = "unshare -rn " if result.environment.get("network_isolated", True) else ""
    lines = [
        "# the lock of this stack, as pylock.toml:",
        "cat > pylock.toml <<'EOF'",
        result.stack.lock.rstrip(),
        "EOF",
        "python -m venv --without-pip venv && mkdir home",
        "stackwise install pylock.toml --target-venv venv",
    ]
    if not check:  # written before the line that runs it
        lines += ["# check.py, the default check:", "cat > check.py <<'EOF'", default_check_script().rstrip(), "EOF"]
    lines.append(f"env -i PATH=\"$PWD/venv/bin:/usr/bin:/bin\" HOME=\"$PWD/home\" LANG=C.UTF-8 {isolate}sh -c {run}")
    return "\n".join(lines)


# -- learn --------------------------------------------------------------------------------------


def _load_results(source: str | None, store: Any) -> list[Any]:
    """The results to learn from: the local database, another database, or an exported file."""
    from stackwise.inspect.store import ResultStore, load_results

    if source is None:
        return list(store.all())
    if source.startswith(("http://", "https://")):
        from stackwise.inspect.store import fetch_results

        return fetch_results(source)
    path = Path(source)
    if not path.exists():
        raise StackwiseError(f"{source}: no such results file or database.")
    if path.suffix in (".json", ".jsonl", ".ndjson"):
        return load_results(path)
    with ResultStore(str(path)) as other:
        return list(other.all())


def _recorded_constraints(lines: Sequence[str]) -> dict[str, Any]:
    """A result's recorded constraints (``name<spec>`` each) as StackMaker takes them; a line that
    is not one is a RequirementError (the group is skipped with a note, as for bad roots)."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.utils import canonicalize_name

    from stackwise.errors import RequirementError

    out: dict[str, SpecifierSet] = {}
    for line in lines:
        try:
            req = Requirement(line)
        except InvalidRequirement:
            req = None
        if req is None or req.url or req.marker or req.extras:
            raise RequirementError(f"the recorded constraint {line!r:.100} is not a name with a version specifier")
        name = canonicalize_name(req.name)
        out[name] = out.get(name, SpecifierSet()) & req.specifier
    return out


def run_learn(args: argparse.Namespace) -> int:
    stored_probes = [0]
    try:
        return _run_learn(args, stored_probes)
    except KeyboardInterrupt:  # not the CLI's "nothing was written": the probes so far ARE stored
        print(f"stackwise: interrupted; {stored_probes[0]} probe inspection(s) are stored in "
              f"{_store_path(args.results)}; no score file was written.", file=sys.stderr)
        return 130


def _run_learn(args: argparse.Namespace, stored_probes: list[int]) -> int:
    from stackwise._progress import Ticker
    from stackwise.environment import TargetEnvironment
    from stackwise.errors import RequirementError, ResolutionError
    from stackwise.index.client import IndexClient
    from stackwise.inspect.learn import learn
    from stackwise.inspect.runner import SDIST_NOT_BUILT, run_inspection
    from stackwise.inspect.stacks import StackMaker
    from stackwise.knowledge.rules import KnowledgeBase
    from stackwise.knowledge.scorefile import dump_score_file

    started = time.perf_counter()
    from stackwise._atomic import refuse_unwritable

    refuse_unwritable((args.output, "the score file"))  # before the probes, not after them
    if args.max_probes < 0:  # was taken as 0: a typo learned nothing, silently
        raise StackwiseError(f"--max-probes must be 0 or more, not {args.max_probes}.")
    # Probes run on wheels unless asked, as kb build's confirmations: a probe moved to an old
    # release with only an sdist (numpy 1.20.2 on Python 3.11) built it for over 10 minutes.
    config = replace(_index_config(args), build_sdists=args.build_sdists)
    settings = replace(runner_settings(args, config), build_sdists=args.build_sdists)
    target = TargetEnvironment.current()
    with _store(args.results) as store:
        results = _load_results(args.source, store)
        if not results:
            raise StackwiseError("No inspection results to learn from; run 'stackwise inspect' first.")
        groups: dict[tuple[tuple[str, ...], str, bool, tuple[str, ...]], list[Any]] = {}
        for result in results:
            key = (tuple(result.stack.roots), repr(sorted(result.check.to_json().items())), result.stack.pre,
                   tuple(result.stack.constraints))
            groups.setdefault(key, []).append(result)
        rules: list[Any] = []
        notes: list[str] = []
        probes = 0
        index_url = (config.effective_index_urls or ("",))[0].rstrip("/")

        def page_of(name: str) -> str:
            """Without --link, a rule points at its package's page on the index it was learned from."""
            if index_url.startswith(("http://", "https://")):
                return f"{index_url}/{name}/"
            return "https://packaging.python.org/en/latest/specifications/simple-repository-api/"

        unbuilt = [0]

        def stored(result: Any) -> str:
            result.id = store.add(result)
            stored_probes[0] += 1
            if result.outcome == "install-failed" and SDIST_NOT_BUILT in (result.detail or ""):
                unbuilt[0] += 1
            print(f"stackwise: probe {result_line(result)}", file=sys.stderr)
            return str(result.id)

        with IndexClient(config, target) as client, \
                Ticker(lambda: f"learning: {stored_probes[0]} probe inspection(s) run, {len(rules)} rule(s) so far"):
            for (roots, _, pre, constraint_lines), group in groups.items():
                if not roots:
                    notes.append(f"{len(group)} result(s) without their requirements cannot be probed; skipped.")
                    continue
                try:
                    # roots come from the results (another machine's file, a service): a group whose
                    # requirements stackwise refuses (a direct URL) is skipped like a stale one
                    # probes resolve as the inspection did: with pre-releases when its inputs allowed them
                    # ... and under the constraints it recorded (-c files, pip's configured ones)
                    maker = StackMaker(list(roots), client, target, pre=pre,
                                       constraints=_recorded_constraints(constraint_lines),
                                       file_hashes=getattr(client, "file_hashes", None))
                except RequirementError as exc:
                    notes.append(f"{len(group)} result(s) of {' '.join(roots)}: these requirements cannot be "
                                 f"probed ({str(exc).splitlines()[0]}); skipped.")
                    continue
                try:
                    edges = maker.edges()
                except ResolutionError as exc:  # one stale group must not cost the rules of the others
                    notes.append(f"{len(group)} result(s) of {' '.join(roots)}: these requirements do not resolve "
                                 f"on this index any more ({str(exc).splitlines()[0]}); skipped.")
                    continue
                check = group[0].check

                def probe(forced: Any, maker: Any = maker, check: Any = check) -> Any:
                    request = maker.resolve(dict(forced))
                    return None if request is None else run_inspection(request, check, settings)

                def releases(name: str, maker: Any = maker) -> Any:
                    return maker.releases(name, wheels=not args.build_sdists)

                report = learn(group, probe=probe, releases=releases, edges=edges, check=check,
                               max_probes=max(0, args.max_probes - probes), on_probe=stored,
                               link=args.link, link_for=None if args.link else (lambda _key: page_of("")),
                               index_releases=lambda name, pre=pre: [
                                   r.version for r in client.releases(name)
                                   if not r.yanked and (pre or not r.version.is_prerelease)])
                for rule in report.rules:
                    rules.append(rule if args.link else replace(rule, link=page_of(rule.package.name)))
                notes += report.notes
                probes += report.probes
        if unbuilt[0]:
            notes.append(f"{unbuilt[0]} probe(s) needed a package that has no wheel here and were not run "
                         "(install-failed); --build-sdists builds source distributions")
    kb = KnowledgeBase(dict((r.id, r) for r in rules).values(), revision="learned")
    if args.output:
        dump_score_file(kb, args.output)
    else:
        import json

        sys.stdout.write(json.dumps(kb.to_document(), indent=2) + "\n")
    for note in notes:
        print(f"stackwise: note: {one_line(note)}", file=sys.stderr)
    for rule in kb.rules:
        print(f"stackwise: rule {safe(rule.describe())}", file=sys.stderr)
    print(f"stackwise: {len(kb)} rule(s) from {len(results)} result(s) and {probes} new inspection(s) in "
          f"{time.perf_counter() - started:.1f}s; wrote {args.output or 'standard output'}.", file=sys.stderr)
    return 0
