"""``stackwise kb scan PACKAGE...``: candidate stability rules from a static scan of wheels.

Reads the wheels of each package's recent releases and of the providers they require,
and proposes a pair rule wherever a consumer imports, unguarded at module level, a name
that a later provider release removed (see docs/scan.md). Nothing is installed or run.
The score file goes to ``-o`` (atomically) or standard output; progress, findings and the
summary go to standard error, like the other ``kb`` commands. Progress is one line per
package on a pipe or in a log, one status line on a terminal.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from stackwise._text import one_line
from stackwise.errors import StackwiseError

# The defaults of stackwise.inspect.scan, spelt here so that building the CLI parser does
# not import the scanner (ast, sqlite3, zipfile); a test keeps the two in step.
DEFAULT_SINCE_YEARS = 4.0
DEFAULT_MAX_RELEASES = 40
DEFAULT_MAX_WHEEL_BYTES = 100 * 1024 * 1024
SCAN_CHECKS = ("imports", "numpy-abi")


def register(kb_subparsers: Any) -> argparse.ArgumentParser:
    """Add ``scan`` to the ``kb`` subcommands (dispatched through ``kb_run``)."""
    from stackwise.cli import _add_index_options

    p = kb_subparsers.add_parser(
        "scan",
        help="propose stability rules from a static scan of wheels (names removed from providers)",
        description="For each PACKAGE, read the wheels of its recent releases and of the packages they "
        "require, and propose a pair rule (score -0.8, not a veto) wherever a release imports at module "
        "level a name that a later provider release removed, while its own metadata allows that release. "
        "Nothing is installed or executed.",
    )
    p.add_argument("packages", nargs="+", metavar="PACKAGE",
                   help="package to scan as consumer; NAME or a requirement such as 'flask>=2' to limit its releases")
    p.add_argument("--since", type=float, default=DEFAULT_SINCE_YEARS, metavar="YEARS",
                   help=f"only releases uploaded within this many years, where the index gives upload times "
                   f"(default {DEFAULT_SINCE_YEARS:g}; 0 = no limit)")
    p.add_argument("--max-releases", type=int, default=DEFAULT_MAX_RELEASES, metavar="N",
                   help=f"at most the N newest releases per package (default {DEFAULT_MAX_RELEASES})")
    p.add_argument("--max-wheel-mb", type=float, default=DEFAULT_MAX_WHEEL_BYTES / 1e6, metavar="MB",
                   help=f"skip wheels larger than this (default {DEFAULT_MAX_WHEEL_BYTES / 1e6:g})")
    p.add_argument("--budget", type=float, metavar="SECONDS",
                   help="stop reading wheels after this long; a package not read whole by then is left out "
                   "(counted), never half-scanned (default: no limit)")
    p.add_argument("--only", action="append", choices=SCAN_CHECKS, metavar="CHECK",
                   help="run only this check (repeatable): 'imports' (names a provider release removed; reads the "
                   "providers' wheels too) or 'numpy-abi' (extension modules built against NumPy 1.x, which fail "
                   "with numpy >= 2; reads only the package's own wheels). Default: both")
    p.add_argument("-o", "--output", metavar="FILE", help="write the candidate rules here (default: standard output)")
    p.add_argument("--report", metavar="FILE", help="write a JSON report: findings, counters, skipped items, warnings")
    p.add_argument("--python-version", help="read releases usable on another CPython version, e.g. 3.9 (default: this one)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    p.add_argument("-v", "--verbose", action="store_true", help="list every warning (skipped wheels, unparsable "
                   "files); on a terminal, also print each package's step as a line under the status line")
    _add_index_options(p)
    p.set_defaults(kb_run=run)
    return p


def _check_args(args: argparse.Namespace) -> None:
    if not math.isfinite(args.since) or args.since < 0:
        raise StackwiseError(f"--since must be a number of years >= 0, not {args.since:g}.")
    if args.max_releases < 1:
        raise StackwiseError(f"--max-releases must be at least 1, not {args.max_releases}.")
    if not math.isfinite(args.max_wheel_mb * 1e6) or args.max_wheel_mb <= 0:  # MB -> bytes must stay finite
        raise StackwiseError(f"--max-wheel-mb must be a positive number, not {args.max_wheel_mb:g}.")
    if args.budget is not None and (not math.isfinite(args.budget) or args.budget <= 0):
        raise StackwiseError(f"--budget must be a positive number of seconds, not {args.budget:g}.")


def scan_status(step: str, counters: dict[str, int]) -> str:
    """The status line of a scan: the package under way and the wheels read so far."""
    read, fetched = counters.get("wheels_read", 0), counters.get("wheels_downloaded", 0)
    wheels = f"{read} wheel(s) read ({fetched} downloaded)" if read or fetched else ""
    return "; ".join(p for p in (f"scanning {step}" if step else "scanning", wheels) if p)


def run(args: argparse.Namespace) -> int:
    """Scan, then write the score file (and the report); exit status 0 even with no finding."""
    import json

    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig
    from stackwise.inspect.scan import iter_findings_text, scan_packages
    from stackwise.knowledge.osv import write_score_file

    _check_args(args)
    from stackwise._atomic import refuse_unwritable, write_output

    refuse_unwritable((args.output, "the score file"), (args.report, "the report"))
    config = IndexConfig.from_pip(
        index_url=args.index_url, extra_index_urls=list(args.extra_index_url), find_links=list(args.find_links),
        no_index=args.no_index, isolated=args.isolated, offline=args.offline, cache_dir=args.cache_dir,
        ttl=args.cache_ttl,
    )
    if not config.effective_index_urls and not config.find_links:
        raise StackwiseError("--no-index needs at least one --find-links location to read releases from.")
    # CPU flags play no part in which wheels exist: skip detecting them.
    if args.python_version is not None:  # "" is refused there, not taken for this interpreter
        target = TargetEnvironment.for_python(args.python_version, cpu_flags=frozenset())
    else:
        target = TargetEnvironment.current(cpu_flags=frozenset())

    from stackwise._progress import Ticker, step_printer
    from stackwise.inspect.scan import ScanReport

    # One line per package on a pipe (as always), a status line on a terminal (-v: both).
    filling = ScanReport()
    ticker = Ticker(lambda: scan_status(ticker.noted, filling.counters), quiet=args.quiet)
    with IndexClient(config, target) as client, ticker:
        report = scan_packages(
            args.packages, client, since_years=args.since, max_releases=args.max_releases,
            max_wheel_bytes=int(args.max_wheel_mb * 1e6), budget_seconds=args.budget, report=filling,
            checks=args.only or SCAN_CHECKS,
            progress=step_printer(ticker, quiet=args.quiet, verbose=args.verbose),
        )
    text = write_score_file(report.knowledge_base(), args.output)
    if not args.output:
        sys.stdout.write(text)
    if args.report:
        write_output(args.report, json.dumps(report.to_json(), indent=2) + "\n", "the report")
    if not args.quiet:
        for line in iter_findings_text(report):
            print(f"stackwise: finding: {one_line(line)}", file=sys.stderr)  # they quote wheel contents
        shown = report.warnings if args.verbose else report.warnings[:5]
        for warning in shown:
            print(f"stackwise: warning: {one_line(warning)}", file=sys.stderr)
        if report.warning_count > len(shown):
            more = report.warning_count - len(shown)
            hint = "" if args.verbose else " (-v lists them)"
            print(f"stackwise: ... and {more} more warning(s){hint}.", file=sys.stderr)
    where = args.output or "standard output"
    extra = f" and the report to {args.report}" if args.report else ""
    print(f"stackwise: {report.summary()} Wrote {where}{extra}.", file=sys.stderr)
    return 0
