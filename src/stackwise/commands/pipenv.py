"""``stackwise pipenv ...``: the real Pipenv, with stackwise choosing the versions it locks.

stackwise's own options (``--scores``, ``--no-default-scores``, ``--recommendation``,
``--require-scores``, ``--time-budget``, ``--stackwise-quiet``) are taken out of the command
line wherever they appear; everything else goes to Pipenv unchanged, so
``stackwise pipenv lock --dev`` is ``pipenv lock --dev`` with scores. See docs/pipenv.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from stackwise.errors import StackwiseError

EPILOG = (
    "stackwise's own options (taken out before Pipenv sees the command line): --scores FILE "
    "(repeatable), --rules FILE (repeatable), --no-default-scores, --recommendation {latest,stable,performance,security}, "
    "--require-scores, --fail-on-vulnerable, --time-budget SECONDS, --min-release-age AGE, "
    "--min-release-age-exempt NAME, --stackwise-quiet. Everything else is Pipenv's."
)


def register(subparsers: Any) -> None:
    """Add ``pipenv`` to the stackwise CLI."""
    parser = subparsers.add_parser(
        "pipenv",
        help="run Pipenv (e.g. `pipenv lock`) with stackwise choosing the versions",
        description="Run the real Pipenv; inside its resolver subprocess only the order in which "
        "pip tries versions comes from stackwise, so Pipfile.lock pins stackwise's choice. " + EPILOG,
        add_help=False,
        prefix_chars="\0",  # every argument belongs to Pipenv (or to us, below)
    )
    parser.add_argument("pipenv_args", nargs=argparse.REMAINDER, metavar="PIPENV_ARGS")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Split off stackwise's options and run Pipenv with the hook active for this run."""
    from stackwise.commands.pipfile_lock import plan_for_pipenv
    from stackwise.integrations.pip_resolver import options_from_args, options_parser, split_args
    from stackwise.integrations.pipenv import run_pipenv

    ours, pipenv_args = split_args(list(args.pipenv_args))
    if not pipenv_args:
        parser = options_parser()
        parser.prog = "stackwise pipenv"
        parser.print_help(sys.stderr)
        print("\nusage: stackwise pipenv PIPENV_COMMAND [pipenv options] [stackwise options]", file=sys.stderr)
        return 2
    options = options_from_args(ours)
    options = _settled_release_age(options)
    if options.report:
        raise StackwiseError("stackwise pipenv: --stackwise-report is not supported (Pipenv resolves "
                             "each Pipfile category in its own process); the decision lines are printed.")
    # both Pipfile sections planned together here; Pipenv's resolver runs follow the plan
    return run_pipenv(pipenv_args, options, planner=_with_progress(plan_for_pipenv, quiet=options.quiet))


def _settled_release_age(options: Any) -> Any:
    """``options`` with the release-age cooldown in effect here (the options, else the settings)
    written out, so the plan and every resolver subprocess Pipenv starts apply the same one,
    whatever settings they would find; a bad value is one clear error before Pipenv runs."""
    import dataclasses

    from stackwise.options import ScoreOptions, release_age_for

    age = release_age_for(ScoreOptions(min_release_age=options.min_release_age,
                                       min_release_age_exempt=tuple(options.min_release_age_exempt)))[0]
    if age is None:
        return dataclasses.replace(options, min_release_age="off", min_release_age_exempt=[])
    return dataclasses.replace(options, min_release_age=age.text, min_release_age_exempt=sorted(age.exempt))


def _with_progress(planner: Any, *, quiet: bool) -> Any:
    """The plan, with a status line on a terminal while it resolves (before Pipenv starts and
    draws its own spinner)."""
    from stackwise._progress import resolution_ticker

    def planned(*args: Any, **kwargs: Any) -> Any:
        with resolution_ticker(quiet=quiet, what="planning the Pipfile's sections"):
            return planner(*args, **kwargs)

    return planned


__all__ = ["register", "run"]
