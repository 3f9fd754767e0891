"""``stackwise lock --universal``: one lock for several operating systems and Python versions.

How: each environment of the matrix (Linux, macOS, Windows × CPython 3.10–3.13, or those
``--environment MARKER`` selects) is resolved on its own first — with that environment's
markers, wheel tags, Requires-Python and the knowledge rules whose conditions hold there —
which gives its best stack, exactly what ``stackwise lock --platform P --python-version V``
writes. Then the environments are made to agree (:func:`unify`), the way uv's universal
resolution keeps one version per package and forks only where it must
(https://docs.astral.sh/uv/reference/internals/resolver/#forking; Requires-Python forks as
with uv's default ``fork-strategy = "requires-python"``,
https://docs.astral.sh/uv/reference/settings/#fork-strategy): a package gets one version
across every environment that can take it without cost; environments fork off where that
version's Requires-Python excludes them, where no file of it installs there, where a
knowledge rule that holds there says otherwise, where agreeing would move other packages,
or where they cannot take it and uv's resolution forks between them and the others
(a requirement marker or a Python boundary that uv forks on).

So the lock filtered by an environment's markers equals that environment's single lock,
except where another environment forces an older version of a shared package that this one
takes at no cost (uv's lock has that one version too); ``tests/test_universal.py`` checks
the equality for every environment, ``tests/test_universal_fork.py`` the exception against
``uv pip compile --universal``.

Formats: requirements.txt (``name==v ; marker`` lines, a package once per distinct pin),
pylock.toml (``environments`` lists the locked environments, ``marker`` per package) and
Pipfile.lock (:func:`run_universal_pipfile_lock`; one version per package, or refused).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import field, replace
from typing import Any

from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise.errors import RequirementError, StackwiseError

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
    from stackwise.environment import TargetEnvironment, check_cuda_version

    check_cuda_version(args.cuda_version)
    flags = frozenset(f.strip() for f in args.cpu_flags.split(",") if f.strip()) if args.cpu_flags else None
    markers = []
    for text in args.environment:
        try:
            markers.append(Marker(text))
            markers[-1].evaluate()  # "platform_release ~= 'x'" parses, then fails in every evaluation
        except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName) as exc:
            raise RequirementError(f"--environment {text!r} is not a valid PEP 508 marker: {str(exc).rstrip('.')}.") from None
        except ValueError:  # a version of more digits than Python converts to an int
            raise RequirementError(f"--environment {text!r}: a version in it has more digits than any version "
                                   "can have.") from None
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


@dataclass
class EnvLock:
    """One environment's part of the universal resolution: its own best stack, then the stack
    after the environments were made to agree (``constraints`` pin what agreement chose)."""

    env: Environment
    client: Any
    policy: Any
    outcome: Any  # the environment's own best (what `stackwise lock --platform P --python-version V` writes)
    stack: Any  # the stack written to the lock for this environment
    constraints: dict[str, str] = field(default_factory=dict)
    unified: dict[str, str] = field(default_factory=dict)  # name -> its own best version, where it now differs
    forked: set[str] = field(default_factory=set)  # packages it keeps its own version of, at a cost to agree


def run_client(config: Any, target: Any, since: float) -> Any:
    """An index client for one environment that does not ask the index again for a page
    fetched or revalidated since ``since`` (this run's start): the twelve environments read
    the same pages, and with ``--cache-ttl 0`` each would otherwise revalidate every one of
    them (60 s instead of 5 s for the large benchmark set)."""
    from stackwise.index.client import IndexClient

    class RunClient(IndexClient):
        def _is_fresh(self, entry: Any) -> bool:
            return bool(entry.fetched_at >= since) or super()._is_fresh(entry)

    return RunClient(config, target)


class EnvResolver:
    """Resolves one environment of the matrix with extra ``name==version`` constraints."""

    def __init__(self, inputs: Any, pre: bool, overrides: Any, time_budget: float) -> None:
        self.inputs, self.overrides, self.time_budget = inputs, overrides, time_budget
        # a --pre line of a -r/-c file (or of pip's configured constraint files) counts, as in pip and
        # `stackwise lock`: problem() below rebuilds the inputs without it
        self.pre = bool(pre or getattr(inputs, "pre", False))

    def problem(self, env: Environment, constraints: dict[str, str]) -> tuple[Any, Any]:
        from stackwise.reqfile import Inputs, Line, parse_requirement_text
        from stackwise.resolve.problem import build_problem

        inputs = Inputs(requirements=list(self.inputs.requirements), constraints=list(self.inputs.constraints))
        origin = "universal lock (one version across environments)"
        for name, version in sorted(constraints.items()):
            inputs.constraints.append(Line(parse_requirement_text(f"{name}=={version}", origin), origin))
        problem, pins = build_problem(inputs, env.target, self.pre)
        if self.overrides:
            problem = replace(problem, overrides=self.overrides)
        return problem, pins

    def best(self, lock: EnvLock, constraints: dict[str, str]) -> Any | None:
        """The best stack under ``constraints`` with this environment's knowledge, or None."""
        from stackwise.errors import ResolutionError
        from stackwise.resolve.engine import best_stack

        problem, _ = self.problem(lock.env, constraints)
        try:
            return best_stack(problem, lock.client, lock.env.target, lock.policy, time_budget=self.time_budget)
        except ResolutionError:
            return None

    def feasible_without_knowledge(self, lock: EnvLock, constraints: dict[str, str]) -> bool:
        from stackwise.errors import ResolutionError
        from stackwise.knowledge.rules import KnowledgeBase
        from stackwise.resolve.policy import Policy
        from stackwise.resolve.resolution import resolve_once

        problem, _ = self.problem(lock.env, constraints)
        try:
            stack, _, _ = resolve_once(problem, lock.client, lock.env.target, Policy(KnowledgeBase(), lock.env.target,
                                                                                      "latest"))
        except ResolutionError:
            return False
        return stack is not None


def _forks_off(lock: EnvLock, name: str, version: Any) -> bool:
    """Whether this environment may keep another version without asking the resolver: the
    version's Requires-Python excludes its Python, or no file of it installs here."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    rel = next((r for r in lock.client.releases(name) if r.version == version), None)
    if rel is None or not rel.files:
        return True
    spec = getattr(rel.best, "requires_python", None)
    try:
        return bool(spec) and not SpecifierSet(spec).contains(lock.env.target.markers["python_full_version"],
                                                              prereleases=True)
    except InvalidSpecifier:
        return False


def _below(stack: Any, name: str) -> set[str]:
    """The packages ``name`` brings into ``stack`` (its dependencies, theirs, and so on)."""
    below: set[str] = set()
    todo = [name]
    while todo:
        parent = todo.pop()
        for child, parents in stack.parents.items():
            if parent in parents and child not in below and child != name:
                below.add(child)
                todo.append(child)
    return below


def _above(stack: Any, name: str) -> set[str]:
    """The packages that bring ``name`` into ``stack`` (its dependents, theirs, and so on)."""
    above: set[str] = set()
    todo = [name]
    while todo:
        for parent in stack.parents.get(todo.pop(), ()):
            if parent in stack.releases and parent not in above and parent != name:
                above.add(parent)
                todo.append(parent)
    return above


def _requires_python_fork(lock: EnvLock, name: str, version: Any, present: Sequence[EnvLock]) -> bool:
    """Whether this environment cannot take ``version`` because a package it brings in needs
    another Python: in a stack that pins it, a release below ``name`` whose Requires-Python
    excludes this Python (or with no file here). uv forks by Requires-Python there too, so each
    Python keeps its own version instead of dragging the others down to one all can take."""
    for other in present:
        stack = other.stack
        if stack.releases[name].version != version:
            continue
        below = _below(stack, name)
        if any(_forks_off(lock, n, stack.releases[n].version) for n in below if n in stack.releases):
            return True
    return False


_PYTHON_KEYS = ("python_version", "python_full_version")
_EXTRA = re.compile(r"""\bextra\s*==\s*["']([^"']+)["']""")
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _python_floor(marker: Marker) -> Version | None:
    """The lowest Python ``marker`` can hold for (None: it sets no lower bound), read from its
    ``python_version``/``python_full_version`` clauses: the higher floor of an ``and``, the
    lower of an ``or``. ``python_version >= '3.12' and sys_platform == 'win32'`` -> 3.12."""
    def atom(item: Any) -> Version | None:
        if isinstance(item, list):
            return group(item)
        lhs, op, rhs = item
        kinds = (type(lhs).__name__, type(rhs).__name__)
        if kinds == ("Variable", "Value") and lhs.value in _PYTHON_KEYS:
            key, symbol, value = lhs.value, op.value, str(rhs.value)
        elif kinds == ("Value", "Variable") and rhs.value in _PYTHON_KEYS:
            key, symbol, value = rhs.value, _FLIPPED.get(op.value, op.value), str(lhs.value)
        else:
            return None
        if symbol not in (">=", ">", "==", "~=", "==="):
            return None
        try:
            floor = Version(value.rstrip(".*"))
            if symbol == ">":  # python_version > '3.11' is 3.12 and up; a full version just above
                release = floor.release
                floor = (Version(f"{release[0]}.{release[1] + 1}") if key == "python_version" and len(release) >= 2
                         else Version(f"{floor.base_version}.post0"))
        except InvalidVersion:
            return None
        return floor

    def group(items: list[Any]) -> Version | None:
        alternatives: list[list[Version | None]] = [[]]
        for item in items:
            if item == "or":
                alternatives.append([])
            elif item != "and":
                alternatives[-1].append(atom(item))
        floors = []
        for conj in alternatives:
            known = [f for f in conj if f is not None]
            if not known:
                return None  # an alternative without a Python floor: the marker has none
            floors.append(max(known))
        return min(floors)

    return group(list(marker._markers))  # noqa: SLF001 - packaging's parsed marker (no public tree)


def _declared(lock: EnvLock, n: str) -> list[tuple[Requirement, str]]:
    """The requirements ``n`` declares in ``lock``'s stack, each with the extras it belongs to
    ("" for the base ones); lines of extras the stack does not ask for are left out."""
    rel = lock.stack.releases.get(n)
    if rel is None:
        return []
    try:
        texts = lock.client.metadata(rel).requires_dist
    except StackwiseError:  # read already by the resolver; without it no fork is known
        return []
    extras = {canonicalize_name(x) for x in lock.stack.extras.get(n, frozenset())}
    out = []
    for text in texts:
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue
        wanted = {canonicalize_name(x) for x in _EXTRA.findall(str(req.marker or ""))}
        if wanted and not wanted & extras:
            continue
        out.append((req, ",".join(sorted(wanted))))
    return out


def _fork_markers(present: Sequence[EnvLock], name: str, version: Any,
                  lowest: Version) -> list[tuple[Marker, frozenset[str], bool]]:
    """The requirement markers uv's universal resolution forks on, declared by ``name``
    ``version`` or a package it brings in (in the stacks that pin it), each with the extras
    its package is pinned with. uv forks (1) on a package's requirements of one name with
    different markers (https://docs.astral.sh/uv/reference/internals/resolver/#forking) and
    (2) on a requirement whose marker raises the lowest Python (``python_version >= '3.12'``
    when 3.10 is locked, https://github.com/astral-sh/uv/pull/8628); a marker such as
    ``sys_platform == 'win32'`` alone does not fork. The flag: declared by ``name`` itself
    (uv forks there as soon as it picks the version, before anything below it)."""
    out: dict[tuple[str, frozenset[str]], tuple[Marker, frozenset[str], bool]] = {}
    for other in present:
        stack = other.stack
        if stack.releases[name].version != version:
            continue
        for n in sorted({name} | _below(stack, name)):
            extras = frozenset(canonicalize_name(x) for x in stack.extras.get(n, frozenset()))
            declared = _declared(other, n)
            by_name: dict[tuple[str, str], set[str]] = {}  # (extras, name) -> its markers
            for req, extra in declared:
                by_name.setdefault((extra, str(canonicalize_name(req.name))), set()).add(str(req.marker or ""))
            split = {m for ms in by_name.values() if len(ms) > 1 for m in ms if m}
            for req, _ in declared:
                if req.marker is None:
                    continue
                floor = _python_floor(req.marker)
                if str(req.marker) in split or (floor is not None and floor > lowest):
                    key = (str(req.marker), extras)
                    out[key] = (req.marker, extras, n == name or (key in out and out[key][2]))
    return list(out.values())


def _depths(stack: Any) -> dict[str, int]:
    """How far each package of ``stack`` is from the input (1: required by it), the order in
    which uv's resolution comes to them (breadth first)."""
    depth = {n: 1 for n, parents in stack.parents.items() if n in stack.releases
             and any(p not in stack.releases for p in parents)}
    todo = sorted(depth)
    while todo:
        parent = todo.pop(0)
        for child, parents in stack.parents.items():
            if parent in parents and child in stack.releases and child not in depth:
                depth[child] = depth[parent] + 1
                todo.append(child)
    return depth


def _shallower_fork_markers(present: Sequence[EnvLock], name: str,
                            lowest: Version) -> list[tuple[Marker, frozenset[str], bool]]:
    """The markers uv forks on (:func:`_fork_markers`) declared by packages nearer the input
    than ``name`` in a stack that pins it: uv decides those first, so it has forked there
    before it decides ``name``, and each side decides it on its own (seed 1463: ``a`` declares
    ``c`` and ``e ; sys_platform == 'darwin' and python_version >= '3.12'``; Windows cannot
    take ``c`` 2.0, macOS 3.12+ keep it). Each is flagged like the version's own markers.
    A marker at the same depth as ``name`` or deeper does not count (a Python marker further
    down: uv may decide ``name`` first), nor one of a package pinned at other versions (or
    not at all) somewhere ``name`` is."""
    out: dict[tuple[str, frozenset[str]], tuple[Marker, frozenset[str], bool]] = {}
    depth: dict[str, int] = {}  # over every environment: uv resolves them all at once
    for lock in present:
        for n, d in _depths(lock.stack).items():
            depth[n] = min(d, depth.get(n, d))
    for lock in present:
        for n in sorted(p for p in lock.stack.releases if depth.get(p, 0) and depth[p] < depth.get(name, 0)):
            if any(n not in other.stack.releases or other.stack.releases[n].version != lock.stack.releases[n].version
                   for other in present):
                continue  # uv forks there first (seed 14: by Requires-Python), each fork on its own
            extras = frozenset(canonicalize_name(x) for x in lock.stack.extras.get(n, frozenset()))
            declared = _declared(lock, n)
            by_name: dict[tuple[str, str], set[str]] = {}
            for req, extra in declared:
                by_name.setdefault((extra, str(canonicalize_name(req.name))), set()).add(str(req.marker or ""))
            split = {m for ms in by_name.values() if len(ms) > 1 for m in ms if m}
            for req, _ in declared:
                floor = _python_floor(req.marker) if req.marker is not None else None
                if req.marker is not None and (str(req.marker) in split or (floor is not None and floor > lowest)):
                    out[(str(req.marker), extras)] = (req.marker, extras, True)
    return list(out.values())


def _python_bounds(present: Sequence[EnvLock], name: str, roots: Sequence[Requirement],
                   lowest: Version) -> set[Version]:
    """The Pythons where uv forks before it comes to ``name``: a requirement of the input whose
    marker raises the lowest Python (the input is read first), and the Requires-Python of a
    package that brings ``name`` in somewhere, in every environment that pins it (uv's
    default ``requires-python`` fork strategy forks as it picks that version, whether or not
    that version brings ``name`` in: ``c`` 1.0 brings ``d`` in on Python 3.10, ``c`` 2.0 needs
    3.11 and does not). A marker further down is left out: whether uv forks there before it
    decides ``name`` depends on its order of decisions."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    floors = [_python_floor(r.marker) for r in roots if r.marker is not None]
    above = {n for lock in present for n in _above(lock.stack, name)}
    for lock in present:
        for n in sorted(above & lock.stack.releases.keys()):
            spec = getattr(lock.stack.releases[n].best, "requires_python", None)
            try:
                floors += [Version(s.version.rstrip(".*")) for s in SpecifierSet(spec or "")
                           if s.operator in (">=", ">", "~=", "==")]
            except (InvalidSpecifier, InvalidVersion):
                continue
    return {f for f in floors if f is not None and f > lowest}


def _python_fork_region(blocked: Sequence[EnvLock], group: Sequence[EnvLock],
                        bounds: set[Version]) -> list[EnvLock] | None:
    """The environments in the blocked ones' Python fork (``bounds``: :func:`_python_bounds`).
    uv solves the higher-Python fork first and a lower one prefers its versions where they fit
    (``uv pip compile --universal``, checked in ``tests/test_universal_differential.py``): so
    when every blocked environment lies below a boundary and others above it, the Pythons
    below it try the older versions on their own (forks lower still come later and prefer the
    versions just chosen), down to a boundary below every blocked one: the Pythons below that
    are a fork of their own, which prefers the newer version the highest fork chose. None
    where no boundary sets them apart (blocked above it, uv keeps one version)."""
    def full(lock: EnvLock) -> Version:
        return Version(lock.env.target.markers["python_full_version"])

    high = min((b for b in bounds if b > max(full(lock) for lock in blocked)), default=None)
    if high is None:
        return None
    low = max((b for b in bounds if b <= min(full(lock) for lock in blocked)), default=None)
    region = [lock for lock in group if full(lock) < high and (low is None or full(lock) >= low)]
    return region if len(region) < len(group) else None


def _fork_region(blocked: Sequence[EnvLock], group: Sequence[EnvLock],
                 forks: Sequence[tuple[Marker, frozenset[str], bool]]) -> list[EnvLock] | None:
    """The environments of ``group`` in uv's fork with every ``blocked`` one: those where
    every fork marker that holds in all blocked environments holds too (a requirement that
    applies there and not elsewhere is what can block them), and where every marker the
    version itself declares and that holds in none of them does not hold either (uv forks on
    the version's own requirements before it meets what blocks them, so its other fork keeps
    the version: ``e ; sys_platform == 'darwin' and python_version >= '3.12'``, if the group
    has a lower Python: in a Requires-Python fork from 3.12 that marker does not fork). None
    where no such marker sets them apart from some other environment of the group."""
    def holds(marker: Marker, extras: frozenset[str], lock: EnvLock) -> bool:
        return any(marker.evaluate(dict(lock.env.target.markers, extra=x)) for x in ("", *sorted(extras)))

    region = list(group)
    lowest = min(Version(lock.env.python) for lock in group)  # the lowest Python of uv's fork here
    for marker, extras, own in forks:
        side = {id(lock) for lock in group if holds(marker, extras, lock)}
        floor = _python_floor(marker)
        if all(id(lock) in side for lock in blocked):
            region = [lock for lock in region if id(lock) in side]
        elif own and not any(id(lock) in side for lock in blocked) and (floor is None or floor > lowest):
            region = [lock for lock in region if id(lock) not in side]
    return region if len(region) < len(group) else None


def _split_region(blocked: Sequence[EnvLock], group: Sequence[EnvLock], name: str,
                  splits: Sequence[tuple[str, set[int], set[int]]]) -> list[EnvLock] | None:
    """The environments of ``group`` on the blocked ones' side of a fork made earlier at a
    package above ``name`` (``splits``: the package, the side that took an older version there,
    every environment asked): uv decides ``name`` in each fork on its own (seed 550: macOS 3.12+
    forked at ``a`` 2.0's marker and keep ``f`` 4.0 where Linux 3.10 needs ``f<4``). None where
    no such fork sets them apart."""
    above = {n for lock in blocked for n in _above(lock.stack, name)}
    region = list(group)
    for package, side, scope in splits:
        if package not in above:
            continue
        if all(id(lock) in side for lock in blocked):
            region = [lock for lock in region if id(lock) in side or id(lock) not in scope]
        elif not any(id(lock) in side for lock in blocked):
            region = [lock for lock in region if id(lock) not in side]
    return region if len(region) < len(group) else None


def _loosened(lock: EnvLock, wanted: dict[str, str], name: str, lowest: Version) -> dict[str, str]:
    """``wanted`` without the earlier agreed pins that uv would not have decided first: an
    environment that can take a version only by leaving such a pin pays for it with that pin
    (it forks off) rather than being unable to take it (which moves every environment to an
    older version: uv's one version there is an artifact of which package it decides first).
    Kept: pins of releases above ``name`` whose Requires-Python raises the lowest Python (uv
    forks by Requires-Python as it picks them, before what they bring in)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    def forks(n: str) -> bool:
        rel = lock.stack.releases.get(n)
        spec = getattr(getattr(rel, "best", None), "requires_python", None)
        try:
            return any(Version(s.version.rstrip(".*")) > lowest for s in SpecifierSet(spec or "")
                       if s.operator in (">=", ">", "~=", "=="))
        except (InvalidSpecifier, InvalidVersion):
            return False

    above = _above(lock.stack, name)  # a pin below or beside it uv decides after it (seed 175)
    return {n: v for n, v in wanted.items() if n == name or (n in above and forks(n))}


def _only_moves(name: str, before: Any, after: Any) -> bool:
    """Whether ``after`` differs from ``before`` in ``name`` only (packages both pin keep their
    versions): agreeing on one package must not drag the rest of an environment's stack along."""
    old, new = before.releases, after.releases
    return all(old[n].version == new[n].version for n in old.keys() & new.keys() if n != name)


def _held_back(lock: EnvLock, wanted: dict[str, str], name: str, found: Any, resolver: EnvResolver) -> bool:
    """Whether ``found`` keeps another package only because of an agreed pin at this
    environment's own best version: without such pins the best stack with ``name`` takes
    another version of it. Then taking ``name`` moves that package too - a cost, not a free
    agreement (seed 1197: ``d`` 3.0 was macOS's own best only under ``a`` 4.0; with ``a`` 3.0
    it takes ``d`` 4.0, so it keeps ``a`` 4.0 rather than ``a`` 3.0 with the old ``d``)."""
    own = lock.outcome.stack.releases
    mine = {n for n, v in wanted.items() if n != name and n in own and str(own[n].version) == v}
    if not mine:
        return False
    free = resolver.best(lock, {n: v for n, v in wanted.items() if n not in mine})
    if free is None:
        return False
    new, old = free.stack.releases, found.stack.releases
    return any(n in new and n in old and new[n].version != old[n].version for n in mine)


def unify(locks: Sequence[EnvLock], resolver: EnvResolver, *, passes: int = 3) -> None:
    """Give each package one version across the environments that need it, as uv does, except
    where something forces a fork. Changes ``lock.stack``/``constraints``/``unified`` in place.

    For a package pinned differently, versions chosen somewhere are tried newest first. A
    version is taken by every remaining environment that can take it at no cost: a stack exists
    with it, scores no worse by that environment's knowledge than its own best, and pins every
    other package as before. Environments fork off — keep their own best version — where the
    version's Requires-Python excludes their Python or no file of it installs there (uv's
    default ``requires-python`` fork strategy), where a knowledge rule that holds there vetoes
    it or scores it lower (rules apply only where their condition holds), or where taking it
    would move other packages too (also a pin agreed on earlier: :func:`_loosened`). Where
    some environments cannot take it at all (a dependency declared there), the next older
    version is tried for all of them — uv keeps
    one version where nothing forks — unless uv's resolution forks between them and others:
    a fork marker below the version that holds where it cannot be taken, or one the version
    declares itself that holds on the other side (:func:`_fork_markers`, :func:`_fork_region`:
    a package's requirements of one name with different markers, or a marker that raises the
    lowest Python; also one declared nearer the input, :func:`_shallower_fork_markers`), or a
    Python boundary above it with them on the lower side
    (:func:`_python_bounds`, :func:`_python_fork_region`). Then their fork tries the older
    versions on its own and the others keep this one — only where every other environment
    takes it at no cost. An older version that none of the blocked environments takes is
    taken by no one: the others keep their own. If no version fits, each keeps its own (uv forks too: the
    requirements' markers are disjoint).
    """
    lowest = min((Version(lock.env.python) for lock in locks), default=Version(PYTHONS[0]))
    roots = [line.requirement for line in resolver.inputs.requirements]
    splits: list[tuple[str, set[int], set[int]]] = []  # uv forks made so far: package, older side, all
    for _ in range(passes):
        changed = False
        names = sorted({n for lock in locks for n in lock.stack.releases})
        for name in names:
            present = [lock for lock in locks if name in lock.stack.releases]
            versions = sorted({lock.stack.releases[name].version for lock in present}, reverse=True)
            if len(versions) < 2:
                continue
            remaining = list(present)
            holders: set[int] = set()  # blocked at a newer version: why the others went older
            for version in versions:
                group = [lock for lock in remaining if not _forks_off(lock, name, version)]
                accepted: list[tuple[EnvLock, Any]] = []
                blocked: list[EnvLock] = []
                late: list[EnvLock] = []  # forked off after the first blocked one (undone below)
                declined: list[EnvLock] = []  # forked off at this version (cost, knowledge)
                other_python: set[str] = set()  # Python versions that a Requires-Python fork sends on
                forks: list[tuple[Marker, frozenset[str], bool]] = []  # what uv forks on (once one is blocked)
                bounds: set[Version] = set()
                for lock in group:
                    if lock.stack.releases[name].version == version:
                        accepted.append((lock, None))
                        continue
                    wanted = {**lock.constraints, name: str(version)}
                    found = resolver.best(lock, wanted)
                    if found is not None and found.score >= lock.outcome.score - 1e-9 and _only_moves(
                            name, lock.stack, found.stack) and not _held_back(lock, wanted, name, found, resolver):
                        accepted.append((lock, found))
                    elif found is not None or resolver.feasible_without_knowledge(lock, wanted) or (
                            (loose := _loosened(lock, wanted, name, lowest)) != wanted
                            and resolver.feasible_without_knowledge(lock, loose)):
                        # its own knowledge says no, or agreeing would move other packages too,
                        # also a pin agreed on before (:func:`_loosened`): it keeps its own version
                        remaining.remove(lock)
                        declined.append(lock)
                        lock.forked.add(name)
                        if blocked:
                            late.append(lock)
                    elif _requires_python_fork(lock, name, version, present):
                        # a dependency of the version needs another Python: as uv forks by
                        # Requires-Python, this Python version (every platform) tries the older
                        # versions on its own, the others keep this one
                        other_python.add(lock.env.python)
                    else:
                        if not blocked:
                            forks = _fork_markers(present, name, version, lowest)
                            forks += _shallower_fork_markers(present, name, lowest)
                            bounds = _python_bounds(present, name, roots, lowest)
                        blocked.append(lock)
                        if not forks and not bounds and not any(p in _above(lock.stack, name) for p, _, _ in splits):
                            break  # nothing uv forks on: all of them try the next older version
                region: list[EnvLock] = []
                if blocked:
                    # Where a marker uv forks on (below this version) separates the blocked
                    # environments from others, their fork tries the older versions on its
                    # own and the others keep this one; otherwise all of them try the next.
                    found_region = _fork_region(blocked, group, forks)
                    python_region = _python_fork_region(blocked, group, bounds)
                    if found_region is None:
                        found_region = python_region
                    elif python_region is not None:
                        # uv forks at both: by Python above this version first, then on the
                        # marker within the blocked ones' Python fork (seed 291)
                        found_region = [lock for lock in found_region if any(lock is r for r in python_region)]
                    if found_region is None:
                        found_region = _split_region(blocked, group, name, splits)
                    if found_region is not None and any(all(lock is not r for r in found_region)
                                                        and not lock.forked & _above(lock.stack, name)
                                                        for lock in declined):
                        # uv's other fork takes the version only where all of it can: one
                        # that would move its other packages makes it try the older ones too
                        # (not one that keeps its own version of a package above: uv's other
                        # fork has the others' version there, seed 2018)
                        found_region = None
                    if found_region is None:
                        # as before any blocked one: the others are asked again at the older version
                        kept = {id(lock) for lock in [*remaining, *late]}
                        remaining = [lock for lock in present if id(lock) in kept]
                        holders |= {id(lock) for lock in blocked}
                        continue
                    region = found_region
                    splits.append((name, {id(lock) for lock in region}, {id(lock) for lock in group}))
                accepted = [(lock, found) for lock, found in accepted
                            if lock.env.python not in other_python and id(lock) not in {id(r) for r in region}]
                if holders and not blocked and not any(id(lock) in holders for lock, _ in accepted):
                    # none of the environments that sent the others down takes this version
                    # (they forked off or need another): the others keep their own newer one
                    # rather than agree on it among themselves (seeds 1460, 1677)
                    break
                for lock, found in accepted:
                    lock.constraints[name] = str(version)
                    lock.forked.discard(name)
                    if found is not None:
                        own = lock.outcome.stack.releases
                        lock.stack = found.stack
                        lock.unified = {n: str(own[n].version) for n, rel in found.stack.releases.items()
                                        if n in own and own[n].version != rel.version}
                        changed = True
                    remaining.remove(lock)
                if not remaining:
                    break
        if not changed:
            return


def run_universal_lock(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Resolve every environment of the matrix, make them agree where nothing forces a fork,
    write one lock with markers."""
    from stackwise.api import index_config
    from stackwise.cli import command_line, load_knowledge
    from stackwise.commands.lock import gather_inputs, user_overrides, write_file
    from stackwise.commands.options import index_options
    from stackwise.commands.pipfile_lock import release_age_of, with_cooldown
    from stackwise.resolve.engine import best_stack
    from stackwise.resolve.policy import Policy
    from stackwise.resolve.release_age import with_signal
    from stackwise.resolve.resolution import LOWEST, knowledge_recommendation

    fmt = getattr(args, "format", None) or "requirements"
    if getattr(args, "python_version", None) is not None or getattr(args, "platform", None):  # "" too
        raise RequirementError("--universal locks for a matrix of environments; do not also give --python-version "
                               "or --platform (narrow the matrix with --environment MARKER instead).")
    if args.recommendation in LOWEST:
        raise RequirementError(f"--recommendation {args.recommendation} is not supported with --universal yet.")
    if getattr(args, "report", None):
        raise RequirementError("--report is not supported with --universal yet.")
    if fmt == "pylock" and args.no_hashes:
        raise RequirementError("--no-hashes cannot be used with --format pylock: PEP 751 requires a hash for every file.")
    if fmt == "pipfile-lock":
        return run_universal_pipfile_lock(args, argv)
    if getattr(args, "pipfile", None):
        raise RequirementError("--pipfile is only used with --format pipfile-lock.")
    envs = environments(args)
    inputs = gather_inputs(args)
    config = index_config(index_options(args), inputs)
    config.read_constraints(inputs)  # pip's configured constraint files, as from_pip read them (once)
    overrides = user_overrides(args)
    resolver = EnvResolver(inputs, args.pre, overrides, args.time_budget)
    age, signal = release_age_of(args)  # the release-age cooldown and signal, as `stackwise lock`
    started = time.time()
    kb = None
    locks: list[EnvLock] = []
    clients = []
    try:
        for env in envs:
            problem, pins = resolver.problem(env, {})
            if kb is None:
                kb = load_knowledge(args, roots=[r.name for r in problem.roots],
                                    index_urls=config.effective_index_urls)
                if signal is not None:
                    kb = with_signal(kb, signal)
            policy = Policy(kb, env.target, knowledge_recommendation(args.recommendation), user_pins=pins)
            raw = run_client(config, env.target, started)
            clients.append(raw)
            if signal is not None and len(clients) == 1:
                signal.bind(raw)  # upload times are the project's, whatever the environment
            client = with_cooldown(raw, age, policy, pins)
            try:
                outcome = best_stack(problem, client, env.target, policy, time_budget=args.time_budget)
            except RequirementError:
                raise
            except Exception as exc:
                from stackwise.errors import StackwiseError

                if isinstance(exc, StackwiseError):
                    raise type(exc)(f"[{env.label}] {exc}") from None
                raise
            locks.append(EnvLock(env, client, policy, outcome, outcome.stack))
        unify(locks, resolver)
        entries, lines, proven = _collect(locks, overrides, quiet=args.quiet, pre=resolver.pre)
        header = [command_line(argv), f"universal lock for {len(envs)} environment(s): "
                  + ", ".join(e.label for e in envs)]
        ordered = sorted(entries.values(), key=lambda e: (e.name, _marker_order(e, envs)))
        text = (_render_pylock(ordered, envs, header) if fmt == "pylock"
                else _render_requirements(ordered, envs, header, hashes=not args.no_hashes,
                                          options=config.format_control.option_lines()))
    finally:
        _close(clients)
    if args.output:
        write_file(args.output, text, "the lock file")
    else:
        sys.stdout.write(text)
    print_lines(lines, envs)
    if not args.quiet:
        names = {e.name for e in ordered}
        split = sorted({e.name for e in ordered if len(e.envs) != len(envs)})
        verdict = "proven best in every environment" if proven else "best found, not proven in every environment"
        print(f"stackwise: universal lock: {len(names)} packages for {len(envs)} environment(s), "
              f"{len(split)} pinned per environment{' (' + ', '.join(split) + ')' if split else ''}; {verdict}",
              file=sys.stderr)
    return 0


def _collect(locks: Sequence[EnvLock], overrides: Any, *, quiet: bool,
             pre: bool = False) -> tuple[dict[tuple[str, str], Entry], dict[str, list[str]], bool]:
    """Lock entries (one per distinct pin) and message lines (message -> environment labels)."""
    from stackwise.api import overridden_pins
    from stackwise.commands.pipfile_lock import cooldown_lines, cooldown_notes
    from stackwise.resolve.explain import decisions

    entries: dict[tuple[str, str], Entry] = {}
    lines: dict[str, list[str]] = {}
    proven = True
    for lock in locks:
        outcome = replace(lock.outcome, stack=lock.stack)
        proven = proven and outcome.proven
        for name, rel in lock.stack.releases.items():
            entry = entries.setdefault((name, str(rel.version)), Entry(name, rel, lock.client))
            entry.envs.append(lock.env)
            entry.extras |= lock.stack.extras.get(name, frozenset())
        for warning in [*outcome.warnings, *_cooldown_warnings(lock.client)]:
            lines.setdefault(f"stackwise: warning: {warning}", []).append(lock.env.label)
        if quiet:
            continue
        overridden = overridden_pins(overrides, lock.stack)
        skips, exempted = cooldown_notes(lock.client, lock.stack.releases, pre=pre)
        found = decisions(outcome, lambda name: None, skips)
        held = cooldown_lines(found, lock.stack.releases, skips, exempted)
        for d in found:
            lines.setdefault(f"stackwise: {d.line()}" + (f"; {overridden[d.name]}" if d.name in overridden else ""),
                             []).append(lock.env.label)
        for name, text in overridden.items():
            if name not in {d.name for d in found}:
                lines.setdefault(f"stackwise: {name} {lock.stack.releases[name].version} — {text}",
                                 []).append(lock.env.label)
        for name, text in held.items():
            lines.setdefault(f"stackwise: {name} {text}", []).append(lock.env.label)
        for name, own in sorted(lock.unified.items()):
            lines.setdefault(f"stackwise: {name} {lock.stack.releases[name].version} (this environment alone: "
                             f"{own}) — one version across environments, as uv locks it: another environment "
                             "cannot take the newer one", []).append(lock.env.label)
    return entries, lines, proven


def _cooldown_warnings(client: Any) -> list[str]:
    """The cooldown's warnings (a young exact pin kept, an index without upload times)."""
    from stackwise.resolve.release_age import CooldownSource

    return client.warnings() if isinstance(client, CooldownSource) else []


def print_lines(lines: dict[str, list[str]], envs: Sequence[Environment]) -> None:
    """Each message once, naming the environments it holds in."""
    for line, labels in lines.items():
        head, _, rest = line.partition(": ")
        if rest.startswith("warning: "):
            head, rest = "stackwise: warning", rest[len("warning: "):]
        where = "all environments" if len(labels) == len(envs) else ", ".join(labels)
        print(f"{head}: [{where}] {rest}", file=sys.stderr)


def _close(clients: Sequence[Any]) -> None:
    """Close the index clients (from a ``finally``): after Ctrl-C without waiting for their
    prefetches, which may hang on a silent index."""
    interrupted = isinstance(sys.exc_info()[1], KeyboardInterrupt)
    for client in clients:
        client.close(wait=not interrupted)


def run_universal_pipfile_lock(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """``--universal --format pipfile-lock``: both Pipfile sections for every environment of the matrix.

    Each environment gets the joint best stack of ``[packages]`` and ``[dev-packages]`` (as
    ``--format pipfile-lock`` does for one), the environments are made to agree (:func:`unify`),
    and each environment's stack is split into the two sections. A Pipfile.lock holds one
    entry per package and section, so a package still pinned differently per environment is
    refused with the environments named; an entry needed in some environments only carries
    their marker. Entries are shaped as for one environment (``index``, ``extras``, every file's
    hash), but markers say where an entry applies in the matrix, not Pipenv's derivation.
    """
    from stackwise.cli import load_knowledge
    from stackwise.commands.lock import user_overrides, write_file
    from stackwise.commands.pipfile_lock import (
        _TABLE,
        SECTIONS,
        _inputs,
        check_index_restrictions,
        configured_constraints,
        lock_inputs,
        release_age_of,
        section_lines,
        with_cooldown,
    )
    from stackwise.errors import ResolutionError
    from stackwise.knowledge.rules import KnowledgeBase
    from stackwise.lockfiles.build import locked_files
    from stackwise.lockfiles.model import LockedPackage
    from stackwise.lockfiles.pipfile import (
        local_projects,
        render_pipfile_lock,
        section_requirements,
        skipped_markers,
    )
    from stackwise.resolve.engine import best_stack
    from stackwise.resolve.policy import Policy
    from stackwise.resolve.resolution import knowledge_recommendation, resolve_once

    pipfile, pre, config = lock_inputs(args)
    envs = environments(args)
    reqs = {label: section_lines(pipfile, table, config) for table, label in SECTIONS}
    labels = [label for _, label in SECTIONS]
    configured = configured_constraints(config, config.constraints)  # read once for every resolution below
    inputs = _inputs(pipfile, reqs, labels, None, configured)
    overrides = user_overrides(args)
    resolver = EnvResolver(inputs, pre, overrides, args.time_budget)
    kb = load_knowledge(args, roots=[str(r.name) for lines in reqs.values() for r, _ in lines],
                        index_urls=config.effective_index_urls)
    age, signal = release_age_of(args)  # the release-age cooldown and signal, as `stackwise lock`
    if signal is not None:
        from stackwise.resolve.release_age import with_signal

        kb = with_signal(kb, signal)
    empty_kb = KnowledgeBase()
    started = time.time()
    locks: list[EnvLock] = []
    clients = []
    per_section: dict[str, dict[tuple[str, str], Entry]] = {label: {} for label in labels}
    try:
        for env in envs:
            problem, pins = resolver.problem(env, {})
            policy = Policy(kb, env.target, knowledge_recommendation(args.recommendation), user_pins=pins)
            raw = run_client(config, env.target, started)
            clients.append(raw)
            if signal is not None and len(clients) == 1:
                signal.bind(raw)
            client = with_cooldown(raw, age, policy, pins)
            if not problem.roots:
                continue
            try:
                outcome = best_stack(problem, client, env.target, policy, time_budget=args.time_budget)
            except ResolutionError as exc:
                raise ResolutionError(f"{pipfile.path} [{env.label}]: {exc}") from None
            locks.append(EnvLock(env, client, policy, outcome, outcome.stack))
        unify(locks, resolver)
        # The same message lines as the other universal formats: decisions with their rules,
        # overrides, the cooldown, agreement across environments, warnings.
        _, lines, _ = _collect(locks, overrides, quiet=args.quiet, pre=pre)
        for lock in locks:
            joint = lock.stack.pins()
            for label in labels:
                section = EnvResolver(_inputs(pipfile, reqs, [label], joint, configured), pre, overrides,
                                    args.time_budget)
                sub, _ = section.problem(lock.env, {})
                if not sub.roots:
                    continue
                stack, _, _ = resolve_once(sub, lock.client, lock.env.target,
                                           Policy(empty_kb, lock.env.target, "latest"))
                if stack is None:
                    raise ResolutionError(f"{pipfile.path} [{_TABLE[label]}] [{lock.env.label}]: the joint stack "
                                          "does not resolve for this section alone.")
                check_index_restrictions(pipfile, label, stack.releases)
                for name, rel in stack.releases.items():
                    entry = per_section[label].setdefault((name, str(rel.version)), Entry(name, rel, lock.client))
                    entry.envs.append(lock.env)
                    entry.extras |= stack.extras.get(name, frozenset())
        split = {label: sorted({n for n, _ in entries if sum(1 for m, _ in entries if m == n) > 1})
                 for label, entries in per_section.items()}
        if any(split.values()):
            label, names = next((k, v) for k, v in split.items() if v)
            detail = "; ".join(
                f"{e.name} {e.release.version} on {', '.join(x.label for x in e.envs)}"
                for e in sorted(per_section[label].values(), key=lambda e: (e.name, str(e.release.version)))
                if e.name == names[0])
            raise ResolutionError(
                f"{pipfile.path} [{_TABLE[label]}]: a Pipfile.lock holds one version per package, but the "
                f"environments need different versions of {', '.join(names)} ({detail}). Narrow the matrix with "
                "--environment MARKER, or write --format pylock or --format requirements, which pin a package "
                "once per environment.")
        first = pipfile.sources[0]
        first_url = os.path.expandvars(str(first["url"]))
        urls = {str(s.get("name")): os.path.expandvars(str(s["url"])) for s in pipfile.sources}
        out: dict[str, list[LockedPackage]] = {}
        for table, label in SECTIONS:
            raw = {str(canonicalize_name(k)): v for k, v in (pipfile.data.get(table) or {}).items()}
            packages = []
            for entry in sorted(per_section[label].values(), key=lambda e: e.name):
                spec = raw.get(entry.name)
                index = None
                if isinstance(spec, dict):
                    index = urls.get(str(spec["index"])) if spec.get("index") else None
                elif spec is not None:
                    index = entry.release.index_url or first_url
                packages.append(LockedPackage(
                    name=entry.name, version=str(entry.release.version),
                    files=locked_files(entry.release, getattr(entry.client, "file_hashes", None)),
                    marker=combined_marker(entry.envs, envs), extras=entry.extras, index=index,
                    groups=frozenset((label,))))
            locked = {p.name for p in packages}
            for req, _, _ in section_requirements(pipfile, table):
                name = str(canonicalize_name(req.name))
                if name not in locked and req.marker is not None:  # false in every locked environment
                    packages.append(LockedPackage(name=name, version="*", marker=skipped_markers(raw.get(name)),
                                                  groups=frozenset((label,))))
            out[label] = sorted(packages, key=lambda p: p.name)
        local = {label: local_projects(pipfile, table, config=config) for table, label in SECTIONS}
        text = render_pipfile_lock(pipfile, out["default"], out["develop"], local=local)
    finally:
        _close(clients)
    if args.output:
        write_file(args.output, text, "the lock file")
    else:
        sys.stdout.write(text)
    print_lines({k: v for k, v in lines.items() if not args.quiet or k.startswith("stackwise: warning: ")}, envs)
    if not args.quiet:
        sizes = ", ".join(f"{label} {len({n for n, _ in per_section[label]})}" for label in labels)
        print(f"stackwise: universal Pipfile.lock for {len(envs)} environment(s): {sizes} packages", file=sys.stderr)
    return 0


def _marker_order(entry: Entry, envs: Sequence[Environment]) -> tuple[int, ...]:
    return tuple(sorted(envs.index(e) for e in entry.envs))


def _render_requirements(entries: Sequence[Entry], envs: Sequence[Environment], header: Sequence[str], *,
                         hashes: bool, options: Sequence[str] = ()) -> str:
    """``options`` (``--only-binary :all:``) are written first, as in a single-environment lock:
    the hashes list only the files they allow, so pip installing the lock must choose among those."""
    from stackwise import __version__

    out = [f"# This file was generated by stackwise {__version__}."]
    out += [f"# {h}" if h else "#" for h in header]
    out.append("#")
    if options:
        out += [*options, ""]
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
