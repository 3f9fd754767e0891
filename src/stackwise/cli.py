"""Command line: ``stackwise lock``, ``explain`` and ``kb`` (knowledge import/check).

Every user-caused failure surfaces as a :class:`~stackwise.errors.StackwiseError` and is
printed as one paragraph with a non-zero exit; output files are written atomically, only
after a successful resolution, so a failed run never leaves a partial lock behind.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from stackwise import __version__
from stackwise.errors import StackwiseError

# typing costs ~5 ms at start-up and a reused lock needs nothing else from it; argparse and
# json (with re, ~8 ms) are imported where used, so a lock served by the resident process
# (_lockserver.py, asked before any parsing) never imports them in the client.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any


def _add_index_options(p: argparse.ArgumentParser, *, timeout: bool = False, formats: bool = False) -> None:
    g = p.add_argument_group("package index (defaults: pip's own configuration)")
    if formats:  # pip's format options: only where the command applies them (lock, install)
        base = getattr(p, "action_base", None)  # a recorder's (commands/install.py: no argparse import)
        if base is None:
            import argparse

            base = argparse.Action

        class _InOrder(base):  # type: ignore[misc,valid-type]
            """--only-binary/--no-binary into one list, in the order given (pip: last wins)."""

            def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
                namespace.format_options = [*(getattr(namespace, "format_options", None) or ()),
                                            (self.option_strings[0], values)]

        for flag, what in (("--only-binary", "use wheels only"), ("--no-binary", "use sdists only")):
            g.add_argument(flag, action=_InOrder, dest="format_options", default=[], metavar="NAMES",
                           help=f"{what} for these projects: comma-separated names, :all: or :none: "
                           "(repeatable, as pip's; requirements files may say it too)")
        g.add_argument("--prefer-binary", action="store_true",
                       help="prefer an older release with a wheel for the target to a newer one with only an sdist")
        g.add_argument("--trusted-host", action="append", default=[], metavar="HOST",
                       help="fetch from this host (or host:port) without checking its TLS certificate (repeatable)")
    g.add_argument("-i", "--index-url", help="base URL of the simple index (PEP 503/691)")
    g.add_argument("--extra-index-url", action="append", default=[], help="additional index URL (repeatable)")
    g.add_argument("-f", "--find-links", action="append", default=[], help="directory or HTML page with distribution files (repeatable)")
    g.add_argument("--no-index", action="store_true", help="ignore indexes; only --find-links")
    g.add_argument("--isolated", action="store_true", help="ignore pip's configuration files and PIP_* environment variables")
    g.add_argument("--offline", action="store_true", help="never use the network: cached index data and local files only")
    g.add_argument("--cache-dir", help="cache directory (default: the platform's user cache dir)")
    g.add_argument("--cache-ttl", type=float, default=600.0, metavar="SECONDS", help="use cached index pages this long without revalidating (default 600)")
    if timeout:  # only where the command passes it on (inspect's --timeout is the check's)
        g.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                       help="give up on an index request (retries included) after this long "
                       "(default: pip's timeout setting or PIP_TIMEOUT, else 15)")


def _seconds(text: str) -> float:
    """argparse type for a positive, finite number of seconds (a usage error otherwise)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        import argparse

        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text!r}")
    return value


def _time_budget(text: str) -> float:
    """argparse type for --time-budget: seconds >= 0, where 0 means the first valid stack."""
    from stackwise.resolve.budget import parse_time_budget

    try:
        return parse_time_budget(text)
    except ValueError as exc:
        import argparse

        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_target_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("target environment (default: this interpreter and machine)")
    g.add_argument("--python-version", help="resolve for another CPython version, e.g. 3.12")
    g.add_argument("--platform", choices=["linux", "macos", "windows"],
                   help="resolve for CPython on another operating system (linux x86_64, macos arm64, windows AMD64)")
    g.add_argument("--cpu-flags", help="comma-separated CPU flags for rule conditions (default: detected)")
    g.add_argument("--cuda-version", help="CUDA version for rule conditions (default: $STACKWISE_CUDA_VERSION or none)")


def _add_score_options(p: argparse.ArgumentParser, *, orders: bool = False) -> None:
    g = p.add_argument_group("knowledge base")
    g.add_argument("--scores", action="append", default=[], metavar="FILE|URL",
                   help="score file (a path, or an https:// URL ending in .json, cached) or score service URL "
                   "(repeatable; later sources win on duplicate rule ids; "
                   "default: the configured score source)")
    g.add_argument("--rules", action="append", default=[], metavar="FILE",
                   help="TOML file of your own rules (veto, prefer, avoid) and dependency overrides, "
                   "applied above every score source, after [tool.stackwise] (repeatable; docs/rules.md)")
    g.add_argument("--no-default-scores", action="store_true", help="do not load the curated knowledge shipped with stackwise (with no --scores: pip's choice exactly)")
    g.add_argument(
        "--recommendation",
        default="stable",
        choices=["latest", "stable", "performance", "security", *(["lowest", "lowest-direct"] if orders else [])],
        help="how rule categories are weighted (default: stable; latest = vetoes only"
        + ("; lowest/lowest-direct = vetoes only, the lowest allowed versions of every package / of the "
           "direct requirements, to test declared minimums)" if orders else ")"),
    )
    g.add_argument("--require-scores", action="store_true", default=None,
                   help="fail instead of falling back to pip's order when a score service cannot be used")
    g.add_argument("--scores-ttl", type=float, default=None, metavar="SECONDS",
                   help="use cached service answers this long without revalidating (default 3600)")
    g.add_argument("--vulnerability-api", metavar="URL",
                   help="JSON project API asked for live vulnerability data under --recommendation security "
                   "(default: derived from the index URL, .../simple -> .../pypi)")
    g.add_argument("--fail-on-vulnerable", action="store_true",
                   help="under --recommendation security, fail when every allowed stack has a known advisory "
                   "(default: lock the least vulnerable stack and list what remains)")
    g.add_argument("--trust-root", metavar="PATH",
                   help="the score service's TUF root metadata (root.json): service URLs are then read only "
                   "through their verified snapshot (default: setting `trust_root`)")


def _release_age(text: str) -> str:
    """argparse type for --min-release-age: checked now (a usage error), the cutoff computed later."""
    from stackwise.resolve.cutoff import ReleaseAgeError, parse_min_release_age

    try:
        parse_min_release_age(text, where="")
    except ReleaseAgeError as exc:
        import argparse

        raise argparse.ArgumentTypeError(str(exc).lstrip(": ")) from None
    return text


def _unit_weight(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 1:
        import argparse

        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, not {text!r}")
    return value


def _days(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value < float("inf"):
        import argparse

        raise argparse.ArgumentTypeError(f"must be a number of days >= 0, not {text!r}")
    return value


def _add_release_age_options(p: argparse.ArgumentParser, *, signal: bool = True) -> None:
    g = p.add_argument_group("release age (PEP 700 upload times; docs/cooldown.md)")
    g.add_argument("--min-release-age", type=_release_age, metavar="AGE|DATE",
                   help="leave out releases uploaded less than AGE ago (7d, 36h, 2w) or on/after DATE (RFC 3339); "
                   "'off' disables the min-release-age setting")
    g.add_argument("--min-release-age-exempt", action="append", default=[], metavar="NAME",
                   help="a package the cooldown never holds back (repeatable; added to the configured ones)")
    if signal:
        g.add_argument("--stability-weight", type=_unit_weight, default=None, metavar="W",
                       help="score -W for releases that are not settled yet (younger than --stability-days, or "
                       "followed by a same-series patch release within 72 h); default 0: off")
        g.add_argument("--stability-days", type=_days, default=None, metavar="DAYS",
                       help="how long a release must be out to count as settled (default 14)")


# Command modules beside lock/explain; each has register(subparsers) -> set_defaults(run=...).
_COMMAND_MODULES = ("kb", "serve", "scores", "pip", "install", "pipenv", "inspect")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with ``only="lock"`` (``"install"``) just that command.

    ``stackwise lock`` builds only its own subparser: argparse, its translations lookups
    and the other command modules cost more than a reused lock does (see lockcache).
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="stackwise",
        description="Lock Python dependencies by knowledge-base scores instead of newest-first.",
    )
    parser.add_argument("--version", action="version", version=f"stackwise {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if only == "install":  # a warm install is ~0.15 s: the other parsers were a tenth of it
        from stackwise.commands.install import register

        register(sub)
        return parser

    lock = sub.add_parser("lock", help="resolve requirements into a pinned, hashed lock file")
    lock.add_argument("requirements", nargs="*", metavar="REQUIREMENT", help="requirement specifiers, e.g. 'flask>=3'")
    lock.add_argument("-r", "--requirement", action="append", default=[], metavar="FILE", help="requirements file (repeatable)")
    lock.add_argument("-e", "--editable", action="append", default=[], metavar="DIR",
                      help="a local project directory, locked as pip's -e takes it: its dependencies are locked "
                           "and the line is written back (repeatable)")
    lock.add_argument("-c", "--constraint", action="append", default=[], metavar="FILE", help="constraints file (repeatable)")
    lock.add_argument("-o", "--output", metavar="FILE", help="write the lock here (default: standard output)")
    lock.add_argument("--report", metavar="FILE", help="write a JSON report of every pin and the rules behind it")
    lock.add_argument("--no-hashes", action="store_true", help="omit --hash lines")
    lock.add_argument("--pre", action="store_true", help="allow pre-releases")
    lock.add_argument("--time-budget", type=_time_budget, default=10.0, metavar="SECONDS", help="stop searching for a better stack after this long (default 10; 0: the first stack without a vetoed version or pair)")
    lock.add_argument("-q", "--quiet", action="store_true", help="print no decision lines")
    lock.add_argument("--format", default="requirements", choices=["requirements", "pylock", "pipfile-lock"],
                      help="lock format: requirements.txt with hashes (default), pylock.toml (PEP 751) or Pipfile.lock")
    lock.add_argument("--no-reuse", action="store_true",
                      help="resolve even when nothing the last identical lock depended on has changed")
    lock.add_argument("-p", "--pipfile", metavar="PATH", help="Pipfile to lock with --format pipfile-lock (default: ./Pipfile)")
    lock.add_argument("--universal", action="store_true",
                      help="one lock for Linux, macOS and Windows x CPython 3.10-3.13, with per-package markers")
    lock.add_argument("--environment", action="append", default=[], metavar="MARKER",
                      help="with --universal: lock only for the environments where this PEP 508 marker holds (repeatable)")
    _add_score_options(lock, orders=True)
    _add_release_age_options(lock)
    _add_index_options(lock, timeout=True, formats=True)
    _add_target_options(lock)
    if only == "lock":
        return parser

    explain = sub.add_parser("explain", help="show the knowledge-base rules for a package")
    explain.add_argument("package", metavar="NAME[==VERSION]")
    explain.add_argument("--json", action="store_true", help="machine-readable output")
    _add_score_options(explain)
    _add_release_age_options(explain, signal=False)
    _add_target_options(explain)
    _add_index_options(explain, timeout=True)  # given -i/--extra-index-url/-f, explain also reports yanked/Requires-Python skips
    import importlib
    import importlib.util

    for name in _COMMAND_MODULES:
        module_name = f"stackwise.commands.{name}"
        if importlib.util.find_spec(module_name) is not None:
            importlib.import_module(module_name).register(sub)
    return parser


def entry() -> int:
    """The ``stackwise`` command: :func:`main`, then an exit without a last collection."""
    import os

    # The resident process (_lockserver.py): by default for repeated locks, =1 always, =0 never.
    if sys.argv[1:2] in (["lock"], ["install"]) and os.environ.get("STACKWISE_LOCK_SERVER", "") in ("", "1", "auto"):
        from stackwise._lockserver import run_remote

        remote = run_remote(sys.argv[1:])
        if remote is not None:
            from stackwise._gc import exit_without_teardown, runs_as_the_program

            if runs_as_the_program(sys._getframe(1)):
                exit_without_teardown(remote)  # a served command's client: nothing to free
            return remote
    from stackwise._gc import runs_as_the_program

    return run_program(ends_process=runs_as_the_program(sys._getframe(1)))


def run_program(*, ends_process: bool) -> int:
    """:func:`main` on ``sys.argv``, then no last collection; when nothing follows in this
    process (``ends_process``: the program's own top level, or a lock served by the resident
    process, _lockserver.py) a lock also exits here without the interpreter's teardown."""
    from stackwise._gc import (
        exit_without_teardown,
        program_ends_after_command,
        skip_final_collection,
    )

    if ends_process:
        program_ends_after_command()
    status = main()
    skip_final_collection()
    if ends_process and sys.argv[1:2] in (["lock"], ["install"]) and isinstance(status, int) and 0 <= status <= 255:
        # A lock's files are written and closed by now; an install's journal reaches the OS
        # before every change it describes (install/destination.py), as a kill requires.
        exit_without_teardown(status)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """The ``stackwise`` command: an exit status, never a traceback for what a user can cause."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("stackwise: interrupted; nothing was written.", file=sys.stderr)
        if argv is None:
            _exit_now(130)
        return 130
    except StackwiseError as exc:  # raised while building the parser (a broken command module)
        print(f"stackwise: error: {exc}", file=sys.stderr)
        return exc.exit_code


def _exit_now(code: int) -> None:
    """End the process at once when threads are still blocked (an index that never answers).

    Python joins non-daemon threads at exit, so a prefetch thread waiting on a silent socket
    would hold Ctrl-C up for a whole timeout. Everything that must be undone (temporary
    files, the cache transaction) was undone while the interrupt unwound the main thread.
    """
    import threading

    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.current_thread()):
        import contextlib
        import os

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)


def _main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["lock"]:
        # The collector is paused from here, not only around the resolution: the imports a
        # lock makes (~230 modules) otherwise run ~35 collections (see stackwise._gc).
        from stackwise._gc import paused_collection

        with paused_collection():
            return _run(argv, words)
    return _run(argv, words)


def _run(argv: Sequence[str] | None, words: list[str]) -> int:
    args = None
    if words[:1] == ["install"]:  # its plain common form without building argparse's parser (else None)
        from stackwise.commands.install import plain_args

        args = plain_args(words[1:])
    if args is None:
        parser = build_parser(only=words[0] if words[:1] in (["lock"], ["install"]) else None)
        args = parser.parse_args(argv)
    if getattr(args, "editable", None):  # `-e DIR` as pip takes it: one local-project requirement each
        args.requirements = [*args.requirements, *(f"-e {d}" for d in args.editable)]
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
            from stackwise.commands.lock import run_lock

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
    parser.error(f"unknown command {args.command}")
    return 2


# Helpers shared by the command modules --------------------------------------------------


def load_target(args: argparse.Namespace) -> Any:
    """The target environment the command's options describe (stackwise.options.Target)."""
    from stackwise.commands.options import target_options

    return target_options(args).environment()


def load_knowledge(args: argparse.Namespace, roots: Sequence[str] = (), index_urls: Sequence[str] = ()) -> Any:
    """The knowledge a command uses (:func:`stackwise.options.load_knowledge` with the
    command's options); the user's own rules are read once per command."""
    from stackwise.commands.options import score_options
    from stackwise.options import load_knowledge as load

    return load(score_options(args), roots, index_urls, user=lambda: load_user_rules(args))


def load_user_rules(args: argparse.Namespace) -> Any:
    """The user's own layer (``[tool.stackwise]`` rules and overrides, then ``--rules`` files),
    read once per command."""
    cached = getattr(args, "_user_rules", None)
    if cached is None:
        from stackwise.commands.options import score_options
        from stackwise.options import user_rules_for

        cached = user_rules_for(score_options(args))
        args._user_rules = cached
    return cached


def command_line(argv: Sequence[str]) -> str:
    import shlex  # only a resolved lock names its command; a replayed one does not

    return "stackwise " + " ".join(shlex.quote(a) for a in argv)


def write_json(path: str, data: Any) -> None:
    import json

    from stackwise._atomic import atomic_write_text

    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=False) + "\n")
