"""``stackwise lock --universal``: one lock for several operating systems and Python versions.

Why this shape: a lock that travels must, on every target, install exactly what a lock made
for that target would install. So stackwise resolves each environment of the matrix (Linux,
macOS, Windows × CPython 3.10–3.13, or those ``--environment MARKER`` selects) on its own —
with that environment's markers, wheel tags, Requires-Python and the knowledge rules whose
conditions hold there — and merges the results: a pin chosen in every environment is written
without a marker, any other pin with the marker of the environments that chose it. Filtering
the lock by an environment's markers therefore gives that environment's single lock
(``stackwise lock --platform P --python-version V``), which ``tests/test_universal.py``
checks for every environment. uv instead forks one resolution where dependencies differ and
prefers one version across forks; stackwise's per-environment picks can differ more, but
each is the best stack for its environment.

Formats: requirements.txt (``name==v ; marker`` lines, a package once per distinct pin) and
pylock.toml (``environments`` lists the locked environments, ``marker`` per package). A
Pipfile.lock holds one entry per package name, so it is refused here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from packaging.markers import InvalidMarker, Marker

from stackwise.errors import RequirementError

PLATFORM_ORDER = ("linux", "macos", "windows")
PYTHONS = ("3.10", "3.11", "3.12", "3.13")


@dataclass
class Environment:
    """One cell of the matrix: an operating system and a CPython version."""

    platform: str
    python: str
    target: Any

    @property
    def label(self) -> str:
        return f"{self.platform} py{self.python}"

    @property
    def marker(self) -> str:
        return f"sys_platform == '{self.target.markers['sys_platform']}' and python_version == '{self.python}'"


@dataclass
class Entry:
    """One pin of the universal lock and the environments that chose it."""

    name: str
    release: Any
    client: Any
    envs: list[Environment] = field(default_factory=list)
    extras: frozenset[str] = frozenset()


def environments(args: argparse.Namespace) -> list[Environment]:
    """The matrix, narrowed to the environments where any ``--environment`` marker holds."""
    from stackwise.environment import TargetEnvironment

    flags = frozenset(f.strip() for f in args.cpu_flags.split(",") if f.strip()) if args.cpu_flags else None
    markers = []
    for text in args.environment:
        try:
            markers.append(Marker(text))
        except InvalidMarker as exc:
            raise RequirementError(f"--environment {text!r} is not a valid PEP 508 marker: {exc}.") from None
    out = []
    for platform in PLATFORM_ORDER:
        for python in PYTHONS:
            target = TargetEnvironment.for_platform(platform, python, cpu_flags=flags, cuda_version=args.cuda_version)
            env = dict(target.markers, extra="")
            if markers and not any(m.evaluate(env) for m in markers):
                continue
            out.append(Environment(platform, python, target))
    if not out:
        raise RequirementError("No environment of the universal matrix (Linux, macOS, Windows x CPython "
                               f"{PYTHONS[0]}-{PYTHONS[-1]}) matches the --environment marker(s) given.")
    return out


def combined_marker(chosen: Sequence[Environment], every: Sequence[Environment]) -> str | None:
    """The shortest marker this writer knows for ``chosen`` within ``every`` (None: all of them)."""
    keys = {(e.platform, e.python) for e in chosen}
    if keys == {(e.platform, e.python) for e in every}:
        return None
    sys_platform = {e.platform: e.target.markers["sys_platform"] for e in every}
    all_pythons = sorted({e.python for e in every}, key=_py_key)
    # Within the locked environments one key may be enough (only Windows 3.13 is locked: a
    # Windows-only pin needs no Python clause).
    for simple in (" or ".join(f"sys_platform == '{sys_platform[p]}'" for p in PLATFORM_ORDER
                               if any(e.platform == p for e in chosen)),
                   " or ".join(f"python_version == '{v}'" for v in all_pythons if any(e.python == v for e in chosen))):
        marker = Marker(simple)
        if {(e.platform, e.python) for e in every if marker.evaluate(dict(e.target.markers, extra=""))} == keys:
            return simple

    def pythons(vs: Sequence[str]) -> str | None:
        if list(vs) == all_pythons:
            return None
        return " or ".join(f"python_version == '{v}'" for v in vs)

    by_platform: dict[str, list[str]] = {}
    for p, v in sorted(keys, key=lambda k: (PLATFORM_ORDER.index(k[0]), _py_key(k[1]))):
        by_platform.setdefault(p, []).append(v)
    groups: dict[tuple[str, ...], list[str]] = {}  # same Python versions -> platforms
    for p, vs in by_platform.items():
        groups.setdefault(tuple(vs), []).append(p)
    clauses = []
    for vs, platforms in groups.items():
        plat = " or ".join(f"sys_platform == '{sys_platform[p]}'" for p in platforms)
        if set(platforms) == set(sys_platform):
            plat = ""
        py = pythons(vs)
        parts = [f"({x})" if " or " in x and (plat and py) else x for x in (plat, py or "") if x]
        clauses.append(" and ".join(parts))
    if len(clauses) == 1:
        return clauses[0]
    return " or ".join(f"({c})" if " and " in c or " or " in c else c for c in clauses)


def _py_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def run_universal_lock(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Resolve every environment of the matrix, merge, write one lock with markers."""
    from stackwise.api import index_config
    from stackwise.cli import command_line, load_knowledge
    from stackwise.commands.lock import gather_inputs, user_overrides, write_file
    from stackwise.commands.options import index_options
    from stackwise.index.client import IndexClient
    from stackwise.reqfile import read_requirements_file
    from stackwise.resolve.engine import best_stack
    from stackwise.resolve.policy import Policy
    from stackwise.resolve.problem import build_problem
    from stackwise.resolve.resolution import LOWEST, knowledge_recommendation

    fmt = getattr(args, "format", None) or "requirements"
    if fmt == "pipfile-lock":
        raise RequirementError("--universal cannot write --format pipfile-lock: a Pipfile.lock holds one entry per "
                               "package, so it cannot pin a package differently per environment. Use "
                               "--format requirements or --format pylock.")
    if getattr(args, "python_version", None) or getattr(args, "platform", None):
        raise RequirementError("--universal locks for a matrix of environments; do not also give --python-version "
                               "or --platform (narrow the matrix with --environment MARKER instead).")
    if args.recommendation in LOWEST:
        raise RequirementError(f"--recommendation {args.recommendation} is not supported with --universal yet.")
    if getattr(args, "report", None):
        raise RequirementError("--report is not supported with --universal yet.")
    if fmt == "pylock" and args.no_hashes:
        raise RequirementError("--no-hashes cannot be used with --format pylock: PEP 751 requires a hash for every file.")
    if getattr(args, "pipfile", None):
        raise RequirementError("--pipfile is only used with --format pipfile-lock.")
    envs = environments(args)
    inputs = gather_inputs(args)
    config = index_config(index_options(args), inputs)
    for path in config.constraints:
        read_requirements_file(path, inputs, constraint=True)
    overrides = user_overrides(args)
    kb = None
    entries: dict[tuple[str, str], Entry] = {}
    lines: dict[str, list[str]] = {}  # message -> environment labels
    proven = True
    clients = []
    try:
        for env in envs:
            problem, pins = build_problem(inputs, env.target, args.pre)
            if overrides:
                problem = replace(problem, overrides=overrides)
            if kb is None:
                kb = load_knowledge(args, roots=[r.name for r in problem.roots],
                                    index_urls=config.effective_index_urls)
            policy = Policy(kb, env.target, knowledge_recommendation(args.recommendation), user_pins=pins)
            client = IndexClient(config, env.target)
            clients.append(client)
            try:
                outcome = best_stack(problem, client, env.target, policy, time_budget=args.time_budget)
            except RequirementError:
                raise
            except Exception as exc:
                from stackwise.errors import StackwiseError

                if isinstance(exc, StackwiseError):
                    raise type(exc)(f"[{env.label}] {exc}") from None
                raise
            proven = proven and outcome.proven
            for name, rel in outcome.stack.releases.items():
                entry = entries.setdefault((name, str(rel.version)), Entry(name, rel, client))
                entry.envs.append(env)
                entry.extras |= outcome.stack.extras.get(name, frozenset())
            for warning in outcome.warnings:
                lines.setdefault(f"stackwise: warning: {warning}", []).append(env.label)
            if not args.quiet:
                from stackwise.resolve.explain import decisions

                for d in decisions(outcome, lambda name: None):
                    lines.setdefault(f"stackwise: {d.line()}", []).append(env.label)
        header = [command_line(argv), f"universal lock for {len(envs)} environment(s): "
                  + ", ".join(e.label for e in envs)]
        ordered = sorted(entries.values(), key=lambda e: (e.name, _marker_order(e, envs)))
        text = (_render_pylock(ordered, envs, header) if fmt == "pylock"
                else _render_requirements(ordered, envs, header, hashes=not args.no_hashes))
    finally:
        for client in clients:
            client.close()
    if args.output:
        write_file(args.output, text, "the lock file")
    else:
        sys.stdout.write(text)
    for line, labels in lines.items():
        head, _, rest = line.partition(": ")
        if rest.startswith("warning: "):
            head, rest = "stackwise: warning", rest[len("warning: "):]
        where = "all environments" if len(labels) == len(envs) else ", ".join(labels)
        print(f"{head}: [{where}] {rest}", file=sys.stderr)
    if not args.quiet:
        names = {e.name for e in ordered}
        split = sorted({e.name for e in ordered if len(e.envs) != len(envs)})
        verdict = "proven best in every environment" if proven else "best found, not proven in every environment"
        print(f"stackwise: universal lock: {len(names)} packages for {len(envs)} environment(s), "
              f"{len(split)} pinned per environment{' (' + ', '.join(split) + ')' if split else ''}; {verdict}",
              file=sys.stderr)
    return 0


def _marker_order(entry: Entry, envs: Sequence[Environment]) -> tuple[int, ...]:
    return tuple(sorted(envs.index(e) for e in entry.envs))


def _render_requirements(entries: Sequence[Entry], envs: Sequence[Environment], header: Sequence[str], *,
                         hashes: bool) -> str:
    from stackwise import __version__

    out = [f"# This file was generated by stackwise {__version__}."]
    out += [f"# {h}" if h else "#" for h in header]
    out.append("#")
    for entry in entries:
        extras = f"[{','.join(sorted(entry.extras))}]" if entry.extras else ""
        marker = combined_marker(entry.envs, envs)
        pin = f"{entry.name}{extras}=={entry.release.version}" + (f" ; {marker}" if marker else "")
        digests = sorted(set(_hashes(entry))) if hashes else []
        if digests:
            out.append(pin + " \\")
            out += [f"    --hash={d}" + (" \\" if i < len(digests) - 1 else "") for i, d in enumerate(digests)]
        else:
            out.append(pin)
    return "\n".join(out) + "\n"


def _hashes(entry: Entry) -> list[str]:
    from stackwise.commands.lock import release_hashes

    return release_hashes(entry.client)(entry.release)


def _render_pylock(entries: Sequence[Entry], envs: Sequence[Environment], header: Sequence[str]) -> str:
    from stackwise.errors import StackwiseError
    from stackwise.lockfiles.build import locked_files
    from stackwise.lockfiles.model import Lock, LockedPackage
    from stackwise.lockfiles.pylock import render_pylock

    packages = []
    for entry in entries:
        files = locked_files(entry.release, getattr(entry.client, "file_hashes", None))
        if any(not f.hashes for f in files):
            raise StackwiseError(f"No hash is available for a file of {entry.name} {entry.release.version}; "
                                 "PEP 751 requires one.")
        packages.append(LockedPackage(name=entry.name, version=str(entry.release.version), files=files,
                                      marker=combined_marker(entry.envs, envs), extras=entry.extras,
                                      index=entry.release.index_url))
    lowest = min((e.python for e in envs), key=_py_key)
    lock = Lock(packages=tuple(packages), requires_python=f">={lowest}")
    return render_pylock(lock, header=header, environments=[e.marker for e in envs])


__all__ = ["Environment", "combined_marker", "environments", "run_universal_lock"]
