"""``stackwise kb``: build and check knowledge-base score files.

* ``kb import-osv PATH... [-o FILE] [--merge EXISTING]``: OSV advisories -> security rules.
* ``kb check FILE...``: validate curated TOML (or score-file JSON) without writing anything.
* ``kb import FILE... [-o FILE] [--merge EXISTING]``: curated TOML -> score file.

Output goes to ``-o`` atomically (or to standard output); the report goes to standard
error so the score file can be piped. Failures are StackwiseErrors, printed by the CLI as
one paragraph with exit status 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from stackwise._text import one_line
from stackwise.errors import ScoreFileError, StackwiseError


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``kb`` command and its subcommands to the CLI's subparsers."""
    kb = subparsers.add_parser("kb", help="build and check knowledge-base score files")
    sub = kb.add_subparsers(dest="kb_command", metavar="SUBCOMMAND", required=True)

    osv = sub.add_parser(
        "import-osv",
        help="turn OSV advisories (PyPA advisory database, OSV JSON) into security rules",
        description="Read OSV advisories (YAML or JSON files, or directory trees of them) and "
        "write a score file with one security rule per affected range of a PyPI package.",
    )
    osv.add_argument("paths", nargs="+", metavar="PATH", help="advisory file or directory (repeatable)")
    _add_output_options(osv)
    osv.add_argument("-v", "--verbose", action="store_true", help="list every warning (non-PEP 440 versions, unreadable files)")
    osv.set_defaults(kb_run=run_import_osv)

    check = sub.add_parser(
        "check",
        help="validate curated TOML rules (or a JSON score file)",
        description="Validate each file and report every problem as FILE:rule #N: ...; writes nothing.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="curated .toml or score-file .json")
    check.set_defaults(kb_run=run_check)

    imp = sub.add_parser(
        "import",
        help="turn curated TOML rules into a score file",
        description="Validate curated TOML files and write their rules as one v1 score file.",
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="curated .toml file (repeatable; later files win on duplicate ids)")
    _add_output_options(imp)
    imp.set_defaults(kb_run=run_import)

    stats = sub.add_parser(
        "stats",
        help="count rules by source, category and kind (shipped knowledge, or the given files)",
        description="Print rule counts by source, category and kind (version, pair, veto) for score files or, "
        "with no FILE, for the knowledge shipped with stackwise (curated + learned layers).",
    )
    stats.add_argument("files", nargs="*", metavar="FILE", help="score file or curated TOML (default: shipped layers)")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.set_defaults(kb_run=run_stats)
    # Knowledge from evidence: each lives in its own module, wired here.
    import importlib

    for module in ("kb_scan", "kb_conda", "kb_build"):
        try:
            mod = importlib.import_module(f"stackwise.commands.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"stackwise.commands.{module}":
                raise
            continue
        mod.register(sub)
    return kb


def _add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="FILE", help="write the score file here (default: standard output)")
    p.add_argument("--merge", metavar="EXISTING", help="start from this score file and add or replace rules in it")


def run_kb(args: argparse.Namespace) -> int:
    """Dispatch to the chosen subcommand (set by :func:`register`)."""
    _refuse_empty_values(args)
    return int(args.kb_run(args))


def _refuse_empty_values(args: argparse.Namespace) -> None:
    """An empty path, name or URL (``--merge "$LAYER"`` with LAYER unset) is an error: taken for
    "not given" it wrote a layer without the rules to merge, and ``import-osv ""`` read the
    working directory. Outputs and --python-version have their own messages."""
    for dest, value in vars(args).items():
        if dest in ("output", "report", "stats", "python_version"):
            continue
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and not v.strip() for v in values):
            positional = {"paths": "PATH", "files": "FILE", "packages": "PACKAGE"}.get(dest)
            what = f"An empty {positional} was given" if positional else \
                f"--{dest.replace('_', '-')} was given an empty value"
            raise StackwiseError(f"{what}; give one (is a variable unset?), or leave it out.")


def _where(path: str | None) -> str:
    return path if path else "standard output"


def run_import_osv(args: argparse.Namespace) -> int:
    from stackwise._progress import Ticker
    from stackwise.knowledge.osv import import_osv, merge_into, write_score_file

    with Ticker(lambda: "reading advisories"):  # the whole advisory database takes seconds
        kb, stats = import_osv(args.paths)
    if args.merge:
        kb = merge_into(args.merge, kb, stats)
    text = write_score_file(kb, args.output)
    if not args.output:
        sys.stdout.write(text)
    shown = stats.warnings if args.verbose else stats.warnings[:5]
    for warning in shown:  # they quote advisory files: file names, versions, ids
        print(f"stackwise: warning: {one_line(warning)}", file=sys.stderr)
    if stats.warning_count > len(shown):
        print(f"stackwise: ... and {stats.warning_count - len(shown)} more warning(s) (-v lists them).", file=sys.stderr)
    merged = f" (merged into {args.merge}: {len(kb)} rule(s) in total)" if args.merge else ""
    print(f"stackwise: {stats.summary()} Wrote {_where(args.output)}{merged}.", file=sys.stderr)
    return 0


def _load_any(path: str) -> Any:
    """Curated TOML by extension, otherwise a JSON score file: check accepts both."""
    from stackwise.knowledge.curated import load_curated
    from stackwise.knowledge.scorefile import load_score_file

    return load_curated(path) if path.lower().endswith(".toml") else load_score_file(path)


def run_check(args: argparse.Namespace) -> int:
    problems: list[str] = []
    for path in args.files:
        try:
            kb = _load_any(path)
        except StackwiseError as exc:
            problems.append(str(exc))
            continue
        print(f"{path}: OK, {len(kb)} rule(s) about {len(kb.packages())} package(s).")
    if problems:
        raise ScoreFileError("\n".join(problems))
    return 0


def run_stats(args: argparse.Namespace) -> int:
    import json

    from stackwise.knowledge.shipped import shipped_layers
    from stackwise.knowledge.stats import layer_stats, render_stats

    if args.files:
        layers = [(path, _load_any(path)) for path in args.files]
    else:
        layers = list(shipped_layers().items())
    stats = [layer_stats(name, kb) for name, kb in layers]
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        print(render_stats(stats))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from stackwise.knowledge.curated import load_curated
    from stackwise.knowledge.osv import write_score_file
    from stackwise.knowledge.rules import KnowledgeBase
    from stackwise.knowledge.scorefile import load_score_file

    started = time.perf_counter()
    kbs = [load_score_file(args.merge)] if args.merge else []
    kbs.extend(load_curated(path) for path in args.files)
    kb = KnowledgeBase.merge(*kbs)
    text = write_score_file(kb, args.output)
    if not args.output:
        sys.stdout.write(text)
    print(
        f"stackwise: {len(kb)} rule(s) about {len(kb.packages())} package(s) from "
        f"{len(args.files)} file(s) in {time.perf_counter() - started:.2f} s. Wrote {_where(args.output)}.",
        file=sys.stderr,
    )
    return 0
