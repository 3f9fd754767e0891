"""``stackwise kb import-conda-patches``: conda-forge repodata patches -> pair rules.

``register(kb_subparsers)`` adds the subcommand to ``stackwise kb``; :func:`run` does the
work. Like ``kb import-osv``: the score file goes to ``-o`` atomically (or to standard
output), the report to standard error, ``--merge`` replaces an earlier import of the same
kind, and failures are StackwiseErrors printed as one paragraph.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Collection
from typing import Any

from stackwise._text import one_line


def register(kb_subparsers: Any) -> argparse.ArgumentParser:
    """Add ``import-conda-patches`` to the subparsers of ``stackwise kb``."""
    p = kb_subparsers.add_parser(
        "import-conda-patches",
        help="turn conda-forge repodata patches into stability pair rules",
        description="Read conda-forge's repodata patch YAML files (a snapshot of "
        "conda-forge-repodata-patches-feedstock, its recipe/patch_yaml directory, or single files) and "
        "write a score file with one pair rule per dependency constraint a patch adds between two "
        "Python packages. See docs/conda-patches.md for the name mapping and what is dropped.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="snapshot directory, patch_yaml directory or YAML file (repeatable)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the score file here (default: standard output)")
    p.add_argument("--merge", metavar="EXISTING", help="start from this score file, replacing any earlier conda-forge patch import in it")
    p.add_argument("--commit", metavar="SHA", help="the feedstock commit the files come from, when no SOURCE.md or git checkout tells it")
    p.add_argument(
        "--check-index",
        action="store_true",
        help="drop packages the package index does not have (pip's configured index, or --index-url)",
    )
    p.add_argument("-i", "--index-url", metavar="URL", help="the index --check-index asks (implies --check-index)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every dropped constraint and every warning")
    p.set_defaults(kb_run=run)
    return p


def _where(path: str | None) -> str:
    return path if path else "standard output"


def run(args: argparse.Namespace) -> int:
    """Import, optionally merge, write, and report counts (and, with -v, every drop)."""
    from stackwise.knowledge.conda import DROP_REASONS, import_conda_patches, merge_into
    from stackwise.knowledge.osv import write_score_file

    check = bool(args.check_index or args.index_url)
    client: Any = None
    exists: Callable[[Collection[str]], Collection[str]] | None = None
    try:
        if check:
            client, exists = _index_check(args.index_url)
        kb, stats = import_conda_patches(args.paths, commit=args.commit, exists=exists)
    finally:
        if client is not None:
            client.close()
    if args.merge:
        kb = merge_into(args.merge, kb)
    text = write_score_file(kb, args.output)
    if not args.output:
        sys.stdout.write(text)
    err = sys.stderr
    shown = stats.warnings if args.verbose else stats.warnings[:5]
    for warning in shown:
        print(f"stackwise: warning: {one_line(warning)}", file=err)  # they quote patch files
    if stats.warning_count > len(shown):
        print(f"stackwise: ... and {stats.warning_count - len(shown)} more warning(s) (-v lists them).", file=err)
    if args.verbose:
        for line in stats.dropped_details:
            print(f"stackwise: dropped {one_line(line)}", file=err)
    for key, count in sorted(stats.dropped.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"stackwise: dropped {count:5d} {key}: {DROP_REASONS.get(key, key)}", file=err)
    merged = f" (merged into {args.merge}: {len(kb)} rule(s) in total)" if args.merge else ""
    unchecked = "" if check else " Names were not checked against an index (--check-index does)."
    print(f"stackwise: {stats.summary(by_reason=False)}{unchecked} Wrote {_where(args.output)}{merged}.", file=err)
    return 0


def _index_check(index_url: str | None) -> tuple[Any, Callable[[Collection[str]], Collection[str]]]:
    """An index client and ``exists(names)``: the names the index lists any release of."""
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig

    config = IndexConfig.from_pip(index_url=index_url)
    client = IndexClient(config, TargetEnvironment.current(cpu_flags=frozenset()))

    def exists(names: Collection[str]) -> Collection[str]:
        client.prefetch(names)  # stale or missing pages are fetched concurrently
        found = []
        for name in names:
            project = client.project(name)
            if project.releases or project.skipped:
                found.append(name)
        return found

    return client, exists
