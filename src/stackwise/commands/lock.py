"""``stackwise lock``: requirements in, a scored, hashed lock out."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from stackwise.api import _NOTHING, LockRequest, release_hashes, resolve_lock, url_reader
from stackwise.api import user_overrides as api_user_overrides
from stackwise.cli import command_line, load_user_rules
from stackwise.commands.options import index_options, lock_request
from stackwise.errors import RequirementError, StackwiseError
from stackwise.reqfile import Inputs, gather
from stackwise.resolve.resolution import LOWEST


def gather_inputs(args: argparse.Namespace) -> Inputs:
    from stackwise.index.config import configured_requirement_files

    io = index_options(args)
    return gather(args.requirements, args.requirement, args.constraint, nothing=_NOTHING, fetch_url=url_reader(io),
                  configured_files=configured_requirement_files(isolated=io.isolated, cache=io.cache_dir))


def lock_progress(client: Any, *, quiet: bool) -> Any:
    """The status line of a lock that takes a while (a cold cache, sdist builds, a long search):
    on a terminal only, never with -q (see stackwise._progress)."""
    from stackwise._progress import resolution_ticker

    return resolution_ticker(client, quiet=quiet)


def run_lock(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """``stackwise lock``: typed options from the arguments, :func:`stackwise.api.resolve_lock`,
    then the files and the lines it prints (and the record lock reuse replays)."""
    fmt = getattr(args, "format", None) or "requirements"
    check_output_paths(args)
    if fmt == "pipfile-lock" and args.recommendation in LOWEST:
        raise RequirementError(f"--recommendation {args.recommendation} is not supported with --format "
                               "pipfile-lock yet; lock a requirements file or pylock.toml instead.")
    if getattr(args, "universal", False) or getattr(args, "environment", None):
        from stackwise.commands.universal import run_universal_lock

        with lock_progress(None, quiet=args.quiet):  # resolutions tried; it prints after the search
            return run_universal_lock(args, argv)
    if fmt == "pipfile-lock":
        with lock_progress(None, quiet=args.quiet):  # resolutions tried; it prints after the search
            return run_pipfile_lock(args, argv)
    if getattr(args, "pipfile", None):
        raise RequirementError("--pipfile is only used with --format pipfile-lock.")
    locked = resolve_lock(lock_request(args), command=command_line(argv), sign=_reuse_inputs,
                          progress=lambda client: lock_progress(client, quiet=args.quiet))
    result = locked.result
    _write_output(args, result.text, fmt)
    if result.report is not None:
        import json

        write_file(args.report, json.dumps(result.report, indent=2, sort_keys=False) + "\n", "the report")

    lines = list(locked.warning_lines)
    summary = ""
    if not args.quiet:
        lines += locked.decision_lines
        summary = locked.summary
    for line in lines:
        print(line, file=sys.stderr)
    if summary:
        print(f"{summary} after {result.resolutions} resolution(s) in {result.seconds:.2f}s", file=sys.stderr)
    if locked.signed is not None and result.proven:
        from stackwise.commands.lockcache import remember

        client, inputs, config = locked.client, locked.inputs, locked.config
        remember(args, argv, cache=client.cache, files=locked.signed, env_refs=inputs.env_refs,
                 sources=client.observed, ttl=config.ttl, offline=config.offline, text=result.text,
                 lines=lines, summary=summary)
        client.cache.close()
    return 0


def user_overrides(args: argparse.Namespace) -> Any:
    """The user's dependency overrides ([tool.stackwise] and --rules), or None."""
    return api_user_overrides(load_user_rules(args))


def _reuse_inputs(request: LockRequest, inputs: Inputs, config: Any, user: Any) -> dict[str, str | None] | None:
    """The files a reusable lock depends on, signed now; None when its result may not be reused.

    Not reused: knowledge from a score service or live vulnerability data (they change
    without any local file changing), or when pip did not say which configuration files
    it reads.
    """
    from stackwise.commands.lockcache import sign_files
    from stackwise.config import load_settings, project_candidates, user_config_path
    from stackwise.knowledge.service import is_service_url

    if request.knowledge.recommendation == "security" or not config.config_files:
        return None
    from stackwise.options import release_age_for

    age, stability, _ = release_age_for(request.knowledge)
    if (age is not None and age.relative) or stability > 0:
        return None  # relative to the clock: the same inputs lock differently tomorrow
    sources = list(request.knowledge.scores or load_settings().scores)
    if any(is_service_url(s) for s in sources) or any("://" in c for c in request.constraint_files):
        return None  # a service, a score file or constraints from a URL can change unseen
    sources += user.files
    user_file = user_config_path()
    settings_files = [str(user_file)] if user_file is not None else []
    settings_files += [str(p) for p in project_candidates()]  # a new nearer one must be noticed
    # Requirements files as they were read; the rest as they are now, before they are used.
    return {**sign_files([*config.config_files, *settings_files, *sources]), **inputs.read}


def check_output_paths(args: argparse.Namespace) -> None:
    """Refuse unwritable ``-o``/``--report`` paths before resolving (see ``output_path_problem``)."""
    from stackwise._atomic import output_path_problem

    for path, what in ((args.output, "the lock file"), (getattr(args, "report", None), "the report")):
        if path is not None and not path.strip():  # an unset $VAR: not standard output, not no report
            raise StackwiseError(f"The file name given for {what} is empty; give a file name, or leave the option out.")
        problem = output_path_problem(path, what) if path else None
        if problem is not None:
            raise StackwiseError(problem[0].upper() + problem[1:])
    report = getattr(args, "report", None)
    if args.output and report and os.path.realpath(args.output) == os.path.realpath(report):
        # the report would silently replace the lock just written
        raise StackwiseError(f"-o and --report name the same file ({args.output}); give the report its own name.")
    # An output over one of the run's own inputs would replace it (`-r req.in -o req.in`,
    # `--scores s.json -o s.json`): the user's file is lost, as pip-compile also refuses.
    flags = {"requirement": "-r", "constraint": "-c", "scores": "--scores", "rules": "--rules"}
    named = [(flag, path) for name, flag in flags.items() for path in getattr(args, name, None) or []]
    if getattr(args, "pipfile", None):
        named.append(("--pipfile", args.pipfile))
    for out, out_flag in ((args.output, "-o"), (report, "--report")):
        if not out:
            continue
        for flag, path in named:
            if _same_file(out, path):
                raise StackwiseError(f"{out_flag} {out} is the file given to {flag}; writing there would replace "
                                     "it. Write the output to another file.")


def _same_file(a: str, b: str) -> bool:
    """Whether two user-given paths name one existing file (URLs and missing files never do)."""
    if "://" in b or not os.path.exists(a) or not os.path.exists(b):
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


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
            from stackwise.lockfiles import is_pylock_name

            if not is_pylock_name(args.output):
                print(f"stackwise: warning: {args.output}: PEP 751 installers look for 'pylock.toml' or "
                      "'pylock.<name>.toml'; other names may not be recognised.", file=sys.stderr)
        write_file(args.output, text, "the lock file")
    else:
        sys.stdout.write(text)


def run_pipfile_lock(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Pipfile -> Pipfile.lock: both sections resolved together, then split (see commands/pipfile_lock.py)."""
    from stackwise.commands.pipfile_lock import run_pipfile_lock as run

    return run(args, argv)


__all__ = ["StackwiseError", "release_hashes", "run_lock"]
