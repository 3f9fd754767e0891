"""``stackwise pip ...`` (the real pip, in-process, in stackwise's order) and ``stackwise pip-hook``.

``stackwise pip`` takes its few own options (``--scores``, ``--recommendation``,
``--require-scores``, ``--stackwise-report``, ...) out of the command line wherever they
appear and hands everything else to pip unchanged, so any pip command and flag works as it
does with plain pip. ``stackwise pip-hook enable|disable|status`` manages the opt-in startup
hook that makes ``pip install --resolver=stackwise`` work in an environment.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from stackwise.errors import StackwiseError

PIP_EPILOG = (
    "stackwise's own options (taken out before pip sees the command line): "
    "--scores FILE (repeatable), --rules FILE (repeatable), --no-default-scores, --recommendation "
    "{latest,stable,performance,security}, --require-scores, --stackwise-report FILE, "
    "--time-budget SECONDS, --stackwise-quiet, --fail-on-vulnerable, --trust-root PATH, "
    "--min-release-age AGE|DATE, --min-release-age-exempt NAME (repeatable). Everything else is pip's: "
    "`stackwise pip install --help` shows pip's help."
)


def register(subparsers: Any) -> None:
    """Add ``pip`` and ``pip-hook`` to the stackwise CLI."""
    pip = subparsers.add_parser(
        "pip",
        help="run this environment's pip with stackwise choosing the versions",
        description="Run the real pip in-process; only the order in which its resolver tries "
        "versions comes from stackwise. " + PIP_EPILOG,
        add_help=False,
        prefix_chars="\0",  # every argument, options included, belongs to pip (or to us, below)
    )
    pip.add_argument("pip_args", nargs=argparse.REMAINDER, metavar="PIP_ARGS")
    pip.set_defaults(run=run_pip)

    hook = subparsers.add_parser(
        "pip-hook",
        help="enable/disable `pip install --resolver=stackwise` in an environment",
        description="Install (enable) or remove (disable) a tiny startup hook in an environment's "
        "site-packages so that plain `pip install --resolver=stackwise ...` and "
        "PIP_RESOLVER=stackwise use stackwise's order. disable restores the directory exactly.",
    )
    hook.add_argument("action", choices=["enable", "disable", "status"])
    hook.add_argument("--python", metavar="PYTHON",
                      help="interpreter of the target environment (default: the one running stackwise)")
    hook.set_defaults(run=run_pip_hook)


def run_pip(args: argparse.Namespace) -> int:
    """Split off stackwise's options, then run pip's own main() inside the patch."""
    from stackwise.integrations.pip_resolver import (
        options_from_args,
        options_parser,
        run_pip_main,
        split_args,
    )

    ours, pip_args = split_args(list(args.pip_args))
    if not pip_args:
        options_parser().print_help(sys.stderr)
        print("\nusage: stackwise pip PIP_COMMAND [pip options] [stackwise options]", file=sys.stderr)
        return 2
    _refuse_lock_options(pip_args)
    options = options_from_args(ours)
    # pip names itself after sys.argv[0] in its usage and error lines: "stackwise pip
    # install [options]" is what the user typed, "stackwise install" is another command.
    saved = sys.argv[:1]
    sys.argv[:1] = ["stackwise pip"]
    try:
        return run_pip_main(pip_args, options)
    finally:
        sys.argv[:1] = saved


# Options of `stackwise lock`/`install` that pip has no equivalent of under that name: pip
# would only say "no such option", so say what to use instead.
_NOT_PIP_OPTIONS = {
    "--offline": "for an offline pip run use pip's own --no-index with --find-links DIR "
                 "(or `stackwise install --offline` to install a lock from stackwise's cache)",
    "--cache-ttl": "pip has its own HTTP cache (--cache-dir, --no-cache-dir)",
    "--cpu-flags": "it applies to `stackwise lock` and `stackwise explain`",
    "--cuda-version": "it applies to `stackwise lock` and `stackwise explain`",
    "--no-reuse": "it applies to `stackwise lock`",
    "--scores-ttl": "it applies to `stackwise lock`",
    "--vulnerability-api": "it applies to `stackwise lock`",
}


def _refuse_lock_options(pip_args: list[str]) -> None:
    """Explain a stackwise-only option given to ``stackwise pip`` instead of pip's bare refusal."""
    for arg in pip_args:
        if arg == "--":
            return
        hint = _NOT_PIP_OPTIONS.get(arg.partition("=")[0])
        if hint is not None:
            raise StackwiseError(
                f"stackwise pip: {arg.partition('=')[0]} is not a pip option. `stackwise pip` hands every "
                "argument except its own (--scores, --rules, --no-default-scores, --recommendation, --require-scores, "
                f"--stackwise-report, --time-budget, --stackwise-quiet) to pip unchanged; {hint}."
            )


def run_pip_hook(args: argparse.Namespace) -> int:
    """enable / disable / status for the environment of ``--python`` (default: this one)."""
    from stackwise.integrations import pip_hook

    site = pip_hook.site_packages_of(args.python)
    if args.action == "enable":
        state = pip_hook.enable(site)
        print(state.describe())
        if not pip_hook.stackwise_importable(args.python):
            print("  note: stackwise is not importable in that environment; until it is, "
                  "--resolver=stackwise only warns and pip runs unchanged.", file=sys.stderr)
        print("  use: pip install --resolver=stackwise ...  (or PIP_RESOLVER=stackwise)")
        return 0
    if args.action == "disable":
        print(pip_hook.disable(site).describe())
        return 0
    state = pip_hook.status(site)
    print(state.describe())
    return 0 if state.enabled or not (state.pth_present or state.module_present) else 1


def main(argv: list[str] | None = None) -> int:
    """Standalone entry (``python -m stackwise.commands.pip pip ...``) with the CLI's error handling."""
    parser = argparse.ArgumentParser(prog="stackwise")
    register(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except StackwiseError as exc:
        print(f"stackwise: error: {exc}", file=sys.stderr)
        return exc.exit_code


__all__ = ["main", "register", "run_pip", "run_pip_hook"]


if __name__ == "__main__":
    sys.exit(main())
