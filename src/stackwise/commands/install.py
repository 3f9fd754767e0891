"""``stackwise install LOCK``: install exactly the packages of a lock, every file verified.

Reads pylock.toml, requirements.txt (with ``--hash``) or Pipfile.lock into the shared lock
model, keeps the packages whose markers hold on the target, fetches and verifies every
file and builds local project directories (:mod:`stackwise.install.local`) before touching
anything, then installs them all-or-nothing with PyPA ``installer`` (see
:mod:`stackwise.install.destination`). No dependency resolution happens here: the
lock is the whole truth, as with ``pip install --no-deps --require-hashes``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from pathlib import Path

from stackwise.install import InstallError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is ~4 ms of an install that finds everything in place
    import argparse
    from typing import Any


def register(subparsers: Any) -> None:
    """Add ``install`` to the stackwise CLI."""
    from stackwise.cli import _add_index_options

    p = subparsers.add_parser(
        "install",
        help="install the exact, hash-verified packages of a lock (pylock.toml, requirements.txt, Pipfile.lock)",
        description="Install a lock into this environment or --target-venv: every file is downloaded (or taken "
        "from --find-links) and its hash verified before anything is installed; the install is all-or-nothing.",
    )
    p.add_argument("lock", metavar="LOCK", help="pylock.toml, requirements.txt with --hash lines, or Pipfile.lock")
    p.add_argument("--target-venv", metavar="DIR", help="an existing virtual environment (default: the one running stackwise)")
    p.add_argument("--dev", action="store_true", help="also install Pipfile.lock's develop packages")
    p.add_argument("--no-build", action="store_true", help="refuse sdists instead of building wheels from them")
    p.add_argument("--dry-run", action="store_true", help="fetch and verify, print the plan, install nothing")
    p.add_argument("--link-mode", choices=("hardlink", "copy"), default="hardlink",
                   help="how files come from the unpacked-wheel cache: hard links where the filesystem allows "
                   "(default; an installed file edited in place also changes the cache copy, which the next "
                   "install detects and replaces) or copies")
    p.add_argument("--compile", action="store_true",
                   help="byte-compile the installed packages' modules afterwards, several processes at a time "
                   "(default: not compiled; the interpreter writes __pycache__ on first import)")
    p.add_argument("--rehash", action="store_true",
                   help="hash every file taken from the unpacked-wheel cache again (default: a file whose size, "
                   "inode and modification time are unchanged since it was last hashed is trusted)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    _add_index_options(p, formats=True)
    p.set_defaults(run=run_install)


class _Recorder:
    """Takes :func:`register`'s calls in place of argparse's subparsers, parser and groups, so
    that :func:`plain_args` reads the one definition of install's options as a table."""

    action_base = object  # what a custom action subclasses here (cli's --only-binary/--no-binary): no argparse

    def __init__(self) -> None:
        self.arguments: list[tuple[tuple[str, ...], dict[str, Any]]] = []
        self.defaults: dict[str, Any] = {}

    def add_parser(self, name: str, **kwargs: Any) -> _Recorder:
        return self

    def add_argument_group(self, *args: Any, **kwargs: Any) -> _Recorder:
        return self

    def add_argument(self, *flags: str, **kwargs: Any) -> None:
        self.arguments.append((flags, kwargs))

    def set_defaults(self, **kwargs: Any) -> None:
        self.defaults.update(kwargs)


_PLAIN_KEYS = frozenset({"action", "dest", "default", "type", "choices", "metavar", "help"})


def plain_args(words: list[str]) -> argparse.Namespace | None:
    """``stackwise install``'s arguments (``words``: after ``install``) as argparse would parse them,
    for the plain common form only; ``None`` for anything else (the caller then runs argparse).

    Why: building argparse's parser (help formatters, ``shutil``, ``locale``, translations) was
    ~8 % of an install that finds everything in place. Taken here: each option spelled out exactly
    as :func:`register` defines it (no abbreviation, no ``--opt=value``, no bundled short flags),
    its value the next word and not starting with ``-``, a value in its choices and accepted by its
    type, one LOCK; every other word (``-h``, ``--``, an unknown option) goes to argparse, with its
    messages. The options come from :func:`register` itself (recorded), so there is one definition."""
    recorder = _Recorder()
    register(recorder)
    values: dict[str, Any] = {"command": "install"}
    options: dict[str, tuple[str, str, Any, Any]] = {}  # option string -> dest, action, type, choices
    positionals: list[str] = []
    for flags, kwargs in recorder.arguments:
        action, kind, choices = kwargs.get("action", "store"), kwargs.get("type"), kwargs.get("choices")
        if not _PLAIN_KEYS.issuperset(kwargs) or kind not in (None, float) or not flags:
            return None
        if not flags[0].startswith("-"):  # a positional: required, one word
            if len(flags) != 1 or set(kwargs) - {"metavar", "help"}:
                return None
            positionals.append(flags[0])
            continue
        longs = [f for f in flags if len(f) > 1 and f[1] == "-"]
        dest = kwargs.get("dest") or (longs or flags)[0].lstrip("-").replace("-", "_")
        default = kwargs.get("default", False if action == "store_true" else None)
        if isinstance(default, str) and kind is not None:
            return None  # argparse would convert it
        if action == "append" and not (default is None or isinstance(default, list)):
            return None  # argparse copies other defaults otherwise
        values.setdefault(dest, default)
        for flag in flags:
            options[flag] = (dest, action if isinstance(action, str) else "custom", kind, choices)
    values.update(recorder.defaults)
    if len(positionals) != 1:
        return None
    lock: str | None = None
    i = 0
    while i < len(words):
        word = words[i]
        if not word.startswith("-"):
            if lock is not None:
                return None  # argparse: unrecognized arguments
            lock = word
            i += 1
            continue
        if word not in options:
            return None
        dest, action, kind, choices = options[word]
        if action == "store_true":
            values[dest] = True
            i += 1
            continue
        if action not in ("store", "append") or i + 1 >= len(words) or words[i + 1].startswith("-"):
            return None
        value: Any = words[i + 1]
        if kind is not None:
            try:
                value = kind(value)
            except (TypeError, ValueError):
                return None
        if choices is not None and value not in choices:
            return None
        values[dest] = [*(values[dest] or ()), value] if action == "append" else value
        i += 2
    if lock is None:
        return None
    values[positionals[0]] = lock
    # the attributes argparse's Namespace would have, without importing argparse (~9 M instructions)
    from types import SimpleNamespace

    return SimpleNamespace(**values)  # type: ignore[return-value]


def read_any_lock(path: str, *, dev: bool = False) -> Any:
    """The lock at ``path`` via the shared readers (format chosen by :func:`stackwise.lockfiles.read_lock`)."""
    from stackwise.lockfiles import read_lock

    if not Path(path).is_file():
        what = ("is a directory" if Path(path).is_dir() else "is not a regular file (a pipe or device)"
                if Path(path).exists() else "does not exist")
        raise InstallError(f"The lock file {path} {what}; pass a pylock.toml, requirements.txt or Pipfile.lock.")
    return read_lock(path, dev=dev)


def install_status(counts: Any) -> str:
    """The status line of an install (an :class:`~stackwise.install.apply.InstallProgress`)."""
    if counts.phase == "fetching":
        return f"installing: {counts.verified}/{counts.total} file(s) fetched and verified"
    if counts.phase == "building":
        return f"installing: building wheels from sdists and local projects ({counts.built} built)"
    if counts.phase == "unpacking":
        return f"installing: unpacking {counts.total} package(s)"
    return f"installing: moving {counts.total} package(s) into place"


def _ticker(describe: Any, *, quiet: bool) -> Any:
    """A :class:`stackwise._progress.Ticker`, or a context that does nothing where the ticker would
    draw nothing anyway (``-q``, stderr not a terminal): its module imports ``typing`` and ``shutil``
    (~19 M instructions, a tenth of an install from the cache)."""
    try:
        terminal = not quiet and bool(sys.stderr.isatty())
    except (AttributeError, ValueError, OSError):  # as the ticker's own check
        terminal = False
    if not terminal:
        import contextlib

        return contextlib.nullcontext()
    from stackwise._progress import Ticker

    return Ticker(describe, quiet=quiet)


def run_install(args: argparse.Namespace) -> int:
    """Plan, fetch + verify everything, then install all-or-nothing."""
    from stackwise.index.layout import cache_dir
    from stackwise.install.journal import exclusive, recover
    from stackwise.install.plan import make_plan
    from stackwise.install.target import InstallTarget

    started = time.perf_counter()
    say = (lambda *_: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    for value, what in ((args.lock, "lock file"), (args.target_venv, "--target-venv directory")):
        if value is not None and not value.strip():  # --target-venv "": this environment, not the one meant
            raise InstallError(f"The {what} given is empty; give its path (is a variable unset?). Nothing was "
                               "installed.")
    lock = read_any_lock(args.lock, dev=args.dev)
    cache = Path(cache_dir(args.cache_dir))
    target = InstallTarget.venv(args.target_venv, cache=cache) if args.target_venv else InstallTarget.current()
    with exclusive(target.prefix):
        for note in recover(target.prefix):
            say(f"stackwise: {note}")
        # decided before the index configuration and the installer are imported: an environment
        # that already holds the lock's versions needs neither
        planned = make_plan(lock, target.markers, target.installed(), dev=args.dev)
        # the command line's own values are checked even when nothing is installed (cheap: no
        # configuration is read); pip's configuration is read only when there is work to do, except the
        # names of its constraint files (remembered: no pip import), which pip applies even then
        given, trusted = None, []
        if getattr(args, "format_options", None) or args.trusted_host:  # (their modules only when given)
            from stackwise.commands.options import format_control
            from stackwise.index.formats import trusted_netloc

            given = format_control(args)
            trusted = [trusted_netloc(h, "command line") for h in args.trusted_host]
        label = lock.source or args.lock
        if all(s.action == "skip" for s in planned):
            # pip refuses a pin its configured constraint files exclude even with nothing to install;
            # their names are remembered with pip's settings (no pip import while nothing changed)
            from stackwise.integrations.pip_config import pip_index_settings

            memo = cache_dir(None if args.cache_dir is None else str(Path(args.cache_dir).expanduser()))
            pip = pip_index_settings(isolated=args.isolated, cache=memo)
            if pip.get("constraints"):
                from stackwise.install.constraints import (
                    configured_constraint_lines,
                    refuse_excluded_pins,
                )

                lines = configured_constraint_lines(pip["constraints"], names=[s.name for s in planned], cache=memo,
                                                    ttl=args.cache_ttl, offline=args.offline,
                                                    timeout=pip.get("timeout"))
                refuse_excluded_pins(planned, lines, target.markers, label=label, isolated=args.isolated)
            say(f"stackwise: all {len(planned)} package(s) of {args.lock} are already installed in {target.prefix}")
            return 0
        from stackwise.index.config import IndexConfig
        from stackwise.index.formats import FormatControl
        from stackwise.install.apply import InstallProgress, compile_installed, install_steps

        lock_index = list(lock.index_urls)
        meta = lock.meta if isinstance(lock.meta, Mapping) else {}
        # the command line's --only-binary/--no-binary, pip's configured constraint files' lines, then
        # the lock file's own lines (as pip applies them)
        steps = meta.get("index_steps")  # a requirements lock's own --index-url/--extra-index-url/--no-index lines
        index_url, extra_index_urls = args.index_url, list(args.extra_index_url)
        if steps is None:  # Pipfile.lock sources: Pipenv gives them to pip on its command line
            index_url = index_url or (lock_index[0] if lock_index else None)
            extra_index_urls, steps = [*lock_index[1:], *extra_index_urls], []
        config = IndexConfig.from_pip(
            format_control=FormatControl() if given is None else given,
            file_format_options=meta.get("format_options") or (),
            trusted_hosts=[*trusted, *(meta.get("trusted_hosts") or ())],
            # pip's order: configuration, command line, configured constraint files' index lines, the lock's
            index_url=index_url,
            extra_index_urls=extra_index_urls,
            file_index_steps=steps,
            find_links=[*(meta.get("find_links") or ()), *args.find_links],
            no_index=args.no_index or args.offline or bool(meta.get("no_index")),  # offline: local --find-links only, nothing remote
            isolated=args.isolated,
            offline=args.offline,
            cache_dir=args.cache_dir,
            ttl=args.cache_ttl,
        )
        if config.constraints:  # pip's configured constraint files, as from_pip read them (or read now)
            from stackwise.install.constraints import refuse_excluded_pins
            from stackwise.reqfile import Inputs

            configured = Inputs()
            config.read_constraints(configured)
            refuse_excluded_pins(planned, configured.constraints, target.markers, label=label,
                                 isolated=args.isolated)
        steps = planned
        todo = [s for s in steps if s.action != "skip"]
        if not todo:
            say(f"stackwise: all {len(steps)} package(s) of {args.lock} are already installed in {target.prefix}")
            return 0
        # files are kept in the shared wheel cache (by sha256, verified against the lock on every use)
        # and unpacked once next to it (checked on every use, linked into the target)
        counts = InstallProgress()
        with _ticker(lambda: install_status(counts), quiet=args.quiet):
            install_steps(todo, target, config, allow_build=not args.no_build, dry_run=args.dry_run,
                          wheel_cache=Path(config.resolved_cache_dir()) / "wheels", link_mode=args.link_mode,
                          rehash=args.rehash, progress=counts)
        if args.dry_run:
            from stackwise.install.local import describe

            for step in steps:
                what = (describe(step.package) if step.package.directory is not None
                        else f"{step.package.name}=={step.package.version}")
                say(f"stackwise: would {step.action} {what}"
                    + (f" (replacing {step.installed.version})" if step.action == "replace" and step.installed else ""))
            return 0
        if args.compile:
            with _ticker(lambda: "byte-compiling the installed modules", quiet=args.quiet):
                compiled = compile_installed(target, [s.package.name for s in todo])
            say(f"stackwise: byte-compiled {compiled} module(s)")
    replaced = sum(1 for s in todo if s.action == "replace")
    say(
        f"stackwise: installed {len(todo) - replaced}, replaced {replaced}, kept {len(steps) - len(todo)} "
        f"package(s) into {target.prefix} in {time.perf_counter() - started:.2f}s"
    )
    return 0
