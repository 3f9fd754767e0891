"""Command line: ``stackwise lock``, ``explain`` and ``kb`` (knowledge import/check).

Every user-caused failure surfaces as a :class:`~stackwise.errors.StackwiseError` and is
printed as one paragraph with a non-zero exit; output files are written atomically, only
after a successful resolution, so a failed run never leaves a partial lock behind.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence

from stackwise import __version__
from stackwise.errors import StackwiseError

# typing costs ~5 ms at start-up and a reused lock needs nothing else from it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _add_index_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("package index (defaults: pip's own configuration)")
    g.add_argument("-i", "--index-url", help="base URL of the simple index (PEP 503/691)")
    g.add_argument("--extra-index-url", action="append", default=[], help="additional index URL (repeatable)")
    g.add_argument("-f", "--find-links", action="append", default=[], help="directory or HTML page with distribution files (repeatable)")
    g.add_argument("--no-index", action="store_true", help="ignore indexes; only --find-links")
    g.add_argument("--isolated", action="store_true", help="ignore pip's configuration files and PIP_* environment variables")
    g.add_argument("--offline", action="store_true", help="never use the network: cached index data and local files only")
    g.add_argument("--cache-dir", help="cache directory (default: the platform's user cache dir)")
    g.add_argument("--cache-ttl", type=float, default=600.0, metavar="SECONDS", help="use cached index pages this long without revalidating (default 600)")


def _add_target_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("target environment (default: this interpreter and machine)")
    g.add_argument("--python-version", help="resolve for another CPython version, e.g. 3.12")
    g.add_argument("--cpu-flags", help="comma-separated CPU flags for rule conditions (default: detected)")
    g.add_argument("--cuda-version", help="CUDA version for rule conditions (default: $STACKWISE_CUDA_VERSION or none)")


def _add_score_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("knowledge base")
    g.add_argument("--scores", action="append", default=[], metavar="FILE|URL",
                   help="score file or score service URL (repeatable; later sources win on duplicate rule ids; "
                   "default: the configured score source)")
    g.add_argument("--no-default-scores", action="store_true", help="do not load the curated knowledge shipped with stackwise (with no --scores: pip's choice exactly)")
    g.add_argument(
        "--recommendation",
        default="stable",
        choices=["latest", "stable", "performance", "security"],
        help="how rule categories are weighted (default: stable; latest = vetoes only)",
    )
    g.add_argument("--require-scores", action="store_true", default=None,
                   help="fail instead of falling back to pip's order when a score service cannot be used")
    g.add_argument("--scores-ttl", type=float, default=None, metavar="SECONDS",
                   help="use cached service answers this long without revalidating (default 3600)")
    g.add_argument("--vulnerability-api", metavar="URL",
                   help="JSON project API asked for live vulnerability data under --recommendation security "
                   "(default: derived from the index URL, .../simple -> .../pypi)")


# Command modules beside lock/explain; each has register(subparsers) -> set_defaults(run=...).
_COMMAND_MODULES = ("kb", "serve", "scores", "pip", "install", "pipenv", "inspect")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with ``only="lock"`` just the lock command.

    ``stackwise lock`` builds only its own subparser: argparse, its translations lookups
    and the other command modules cost more than a reused lock does (see lockcache).
    """
    parser = argparse.ArgumentParser(
        prog="stackwise",
        description="Lock Python dependencies by knowledge-base scores instead of newest-first.",
    )
    parser.add_argument("--version", action="version", version=f"stackwise {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lock = sub.add_parser("lock", help="resolve requirements into a pinned, hashed lock file")
    lock.add_argument("requirements", nargs="*", metavar="REQUIREMENT", help="requirement specifiers, e.g. 'flask>=3'")
    lock.add_argument("-r", "--requirement", action="append", default=[], metavar="FILE", help="requirements file (repeatable)")
    lock.add_argument("-c", "--constraint", action="append", default=[], metavar="FILE", help="constraints file (repeatable)")
    lock.add_argument("-o", "--output", metavar="FILE", help="write the lock here (default: standard output)")
    lock.add_argument("--report", metavar="FILE", help="write a JSON report of every pin and the rules behind it")
    lock.add_argument("--no-hashes", action="store_true", help="omit --hash lines")
    lock.add_argument("--pre", action="store_true", help="allow pre-releases")
    lock.add_argument("--time-budget", type=float, default=10.0, metavar="SECONDS", help="stop searching for a better stack after this long (default 10)")
    lock.add_argument("-q", "--quiet", action="store_true", help="print no decision lines")
    lock.add_argument("--format", default="requirements", choices=["requirements", "pylock", "pipfile-lock"],
                      help="lock format: requirements.txt with hashes (default), pylock.toml (PEP 751) or Pipfile.lock")
    lock.add_argument("--no-reuse", action="store_true",
                      help="resolve even when nothing the last identical lock depended on has changed")
    lock.add_argument("-p", "--pipfile", metavar="PATH", help="Pipfile to lock with --format pipfile-lock (default: ./Pipfile)")
    _add_score_options(lock)
    _add_index_options(lock)
    _add_target_options(lock)
    if only == "lock":
        return parser

    explain = sub.add_parser("explain", help="show the knowledge-base rules for a package")
    explain.add_argument("package", metavar="NAME[==VERSION]")
    explain.add_argument("--json", action="store_true", help="machine-readable output")
    _add_score_options(explain)
    _add_target_options(explain)
    _add_index_options(explain)  # given -i/--extra-index-url/-f, explain also reports yanked/Requires-Python skips
    import importlib
    import importlib.util

    for name in _COMMAND_MODULES:
        module_name = f"stackwise.commands.{name}"
        if importlib.util.find_spec(module_name) is not None:
            importlib.import_module(module_name).register(sub)
    return parser


def entry() -> int:
    """The ``stackwise`` command: :func:`main`, then an exit without a last collection."""
    from stackwise._gc import skip_final_collection

    status = main()
    skip_final_collection()
    return status


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(only="lock" if words[:1] == ["lock"] else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if hasattr(args, "run"):
            return int(args.run(args))
        if args.command == "lock":
            argv = list(sys.argv[1:] if argv is None else argv)
            from stackwise.commands.lockcache import replay

            reused = replay(args, argv)  # before the resolver is even imported
            if reused is not None:
                return reused
            from stackwise._gc import paused_collection
            from stackwise.commands.lock import run_lock

            with paused_collection():
                return run_lock(args, argv=argv)
        if args.command == "explain":
            from stackwise.commands.explain import run_explain

            return run_explain(args)
        if args.command == "kb":
            from stackwise.commands.kb import run_kb

            return run_kb(args)
    except StackwiseError as exc:
        print(f"stackwise: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("stackwise: interrupted; nothing was written.", file=sys.stderr)
        return 130
    parser.error(f"unknown command {args.command}")
    return 2


# Helpers shared by the command modules --------------------------------------------------


def load_target(args: argparse.Namespace) -> Any:
    from stackwise.environment import TargetEnvironment

    flags = frozenset(f.strip() for f in args.cpu_flags.split(",") if f.strip()) if args.cpu_flags else None
    if args.python_version:
        return TargetEnvironment.for_python(args.python_version, cpu_flags=flags, cuda_version=args.cuda_version)
    return TargetEnvironment.current(cpu_flags=flags, cuda_version=args.cuda_version)


def load_knowledge(args: argparse.Namespace, roots: Sequence[str] = (), index_urls: Sequence[str] = ()) -> Any:
    """The knowledge a command uses: shipped curated rules (unless disabled), then each
    ``--scores`` source (file or service URL) or, with none, the configured score source.
    ``roots`` are fetched from services in one round trip before resolution starts."""
    from stackwise.knowledge.service import resolve_score_sources

    return resolve_score_sources(args, roots, index_urls=index_urls)


def command_line(argv: Sequence[str]) -> str:
    return "stackwise " + " ".join(shlex.quote(a) for a in argv)


def write_json(path: str, data: Any) -> None:
    from stackwise._atomic import atomic_write_text

    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=False) + "\n")
