"""Local project directories among ``stackwise lock`` inputs (``-e ./dir``, ``./dir``, ``name @ file:///dir``).

What a pip-tools or uv user expects (``pip-compile``, ``uv pip compile``): the project's own
dependencies are locked as if listed, each ``# via`` the project; the project itself is never
taken from an index (a package of the same name there is not the user's code) and is written
into the lock as the line the user gave (no version, no hashes), so the lock installs it from
the directory. A dependency on the project by another locked package is satisfied by the
directory: its version must fit that package's specifier, else the lock is refused.

Relative paths are relative to the current directory, as pip and uv read them in requirements
files (:func:`stackwise.lockfiles.requirements.local_package`). In pylock.toml (PEP 751
``[packages.directory]``) a relative path is relative to the lock file's directory instead, as the
standard requires and ``uv pip compile --format pylock.toml`` writes it (:meth:`LocalLock.packages`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from stackwise._dataclass import dataclass
from stackwise.errors import LockFileError
from stackwise.lockfiles.pipfile import project_dependencies, project_name, project_version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stackwise.index.config import IndexConfig
    from stackwise.lockfiles.model import LockedPackage
    from stackwise.reqfile import Inputs

# The files a project's declared metadata lives in: uv's default ``cache-keys``. A reused lock is
# valid while they are unchanged (stackwise.commands.lockcache).
BUILD_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
_NEVER = "python_version < '0'"  # a marker no environment has: drops a dependency (overrides)
_NAMED = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*@\s*(.+?)\s*$")
_TRAILING_EXTRAS = re.compile(r"^(.*?)\[[^\]]*\]\s*$")


@dataclass
class LocalInput:
    """One local project line of the inputs, read: what it needs and how the lock writes it."""

    name: str  # canonical
    written: str  # the location as the user wrote it, without extras and markers (uv writes it so)
    editable: bool
    directory: Path
    extras: frozenset[str]
    where: str  # "requirements.in:3: -e ./dir", for messages
    requirements: list[Requirement] = field(default_factory=list)
    config: Any = None
    _version: str | None = None
    marker: str | None = None  # the line's markers (true for the target, else the line is left out)

    @property
    def version(self) -> str:
        """The project's version (static, else built): read only when another package needs it."""
        if self._version is None:
            self._version = project_version(self.directory, self.where, self.config)
        return self._version


def written_form(text: str) -> str:
    """``-e ./dir[x] ; marker`` -> ``./dir``: the line as ``uv pip compile`` writes it back."""
    spec = text.partition(";")[0].strip()
    named = _NAMED.match(spec)
    if named and not spec.startswith((".", "/", "~", "file:")):
        return f"{named.group(1)} @ {named.group(2)}"
    trailing = _TRAILING_EXTRAS.match(spec)
    return trailing.group(1).strip() if trailing and not spec.startswith("file:") else spec


def read_local_inputs(inputs: Inputs, target: Any, config: IndexConfig) -> list[LocalInput]:
    """The local project lines of ``inputs`` whose markers hold for ``target``, each with its
    dependencies (:func:`~stackwise.lockfiles.pipfile.project_dependencies`: static
    ``[project]`` table, else built metadata with ``config``'s indexes). The projects' build files
    are signed into ``inputs.read`` before they are read, so a reused lock notices an edit."""
    from stackwise.index.stamps import sign_files
    from stackwise.lockfiles.requirements import local_package

    env = dict(target.markers, extra="")
    out: dict[str, LocalInput] = {}
    for line in inputs.local or ():
        package = local_package(line, name_of=lambda d, where: project_name(d, where, config))
        if package.marker is not None and not Marker(package.marker).evaluate(env):
            continue  # as pip: "Ignoring ...: markers don't match your environment"
        if package.problem is not None:
            raise LockFileError(package.problem)
        where = f"{line.origin}: {'-e ' if line.editable else ''}{line.text}"
        if package.name in out:
            raise LockFileError(f"{where}: the local project {package.name} is listed twice "
                                f"({out[package.name].where}); list it once.")
        directory = Path(str(package.directory))
        inputs.read.update(sign_files(str(directory / f) for f in BUILD_FILES))
        item = LocalInput(package.name, written_form(line.text), line.editable, directory,
                          frozenset(package.extras), where, config=config, marker=package.marker)
        item.requirements = _dependencies(item, config)
        out[package.name] = item
    return list(out.values())


def _dependencies(item: LocalInput, config: IndexConfig) -> list[Requirement]:
    """The project's dependencies for its extras; a dependency on the project itself (``me[extra]``,
    the usual way to combine extras) adds that extra's instead."""
    extras: set[str] = {str(canonicalize_name(e)) for e in item.extras}
    while True:
        reqs = project_dependencies(item.directory, tuple(sorted(extras)), item.where, config,
                                    listed_in=f" ({item.where.split(': ', 1)[0]})")
        more = {str(canonicalize_name(e)) for r in reqs if canonicalize_name(r.name) == item.name for e in r.extras}
        if more <= extras:
            return [r for r in reqs if canonicalize_name(r.name) != item.name]
        extras |= more


def add_local_roots(inputs: Inputs, local: Sequence[LocalInput], target: Any) -> set[str]:
    """Put each project's dependencies among ``inputs.requirements`` (origin: the project) and take
    out the lines naming a project by name (a requirement or constraint on it is checked against
    its version instead). Returns the names the user asked for directly (their ``# via -r``)."""
    from stackwise.reqfile import Line

    env = dict(target.markers, extra="")
    names = {item.name: item for item in local}
    direct: set[str] = set()
    for kind in ("requirements", "constraints"):
        kept = []
        for line in getattr(inputs, kind):
            req = line.requirement
            item = names.get(str(canonicalize_name(req.name)))
            if item is None:
                kept.append(line)
                if kind == "requirements" and (req.marker is None or req.marker.evaluate(env)):
                    direct.add(str(canonicalize_name(req.name)))
                continue
            if kind == "constraints" and req.extras:  # as pip (and build_problem for the other lines) says first
                raise LockFileError(f"{line.origin}: constraints cannot have extras ({req}).")
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            _check_version(item, req.specifier, f"{line.origin}: {req}")
            more = {str(canonicalize_name(e)) for e in req.extras} - {str(canonicalize_name(e)) for e in item.extras}
            if more and kind == "requirements":  # as pip: the directory is installed with these extras too
                item.extras = item.extras | more
                item.requirements = _dependencies(item, item.config)
        setattr(inputs, kind, kept)
    for line in inputs.local_constraints:
        _check_url_constraint(line, names, env)
    _merge_local_extras(local, names, env)
    for item in local:
        for req in item.requirements:
            other = names.get(str(canonicalize_name(req.name)))
            if other is not None:  # another local project: it brings its own dependencies
                _check_version(other, req.specifier, f"{item.where}: {item.name} requires {req}")
                continue
            inputs.requirements.append(Line(req, f"{item.where} requires {req}"))
    return direct


def _merge_local_extras(local: Sequence[LocalInput], names: Mapping[str, LocalInput], env: dict[str, str]) -> None:
    """A local project requiring another with extras (``pb[fast]``) gets them, as pip installs the
    directory with the extras every requirement on it names; repeated until nothing changes (the
    extras' dependencies may ask for more). Before, those extras' dependencies were left out."""
    changed = True
    while changed:
        changed = False
        for item in local:
            for req in item.requirements:
                other = names.get(str(canonicalize_name(req.name)))
                if other is None or (req.marker is not None and not req.marker.evaluate(env)):
                    continue
                more = {str(canonicalize_name(e)) for e in req.extras} - {str(canonicalize_name(e)) for e in other.extras}
                if more:
                    other.extras = other.extras | more
                    other.requirements = _dependencies(other, other.config)
                    changed = True


def hide_from_index(local: Sequence[LocalInput], user_overrides: Any) -> Any:
    """The overrides the resolver gets: the user's, plus one per local project that drops every
    declared dependency on it (the directory satisfies it; :func:`dependents` checks it after)."""
    from stackwise.resolve.overrides import Overrides

    names = {item.name for item in local}
    items = [(o.text, o.origin) for found in (user_overrides.by_name.values() if user_overrides else ())
             for o in found if canonicalize_name(o.requirement.name) not in names]
    items += [(f"{name} ; {_NEVER}", "a local project among the inputs") for name in sorted(names)]
    return Overrides(items)


def dependents(local: Sequence[LocalInput], stack: Any, metadata: Callable[[Any], Any],
               target: Any) -> dict[str, set[str]]:
    """For each local project, the locked packages that depend on it; refused in one paragraph
    when the project's version does not fit such a dependency, or it needs extras the line does not
    ask for (pip and uv would take the directory; stackwise will not lock what they would not)."""
    names = {item.name: item for item in local}
    found: dict[str, set[str]] = {name: set() for name in names}
    for parent, rel in sorted(stack.releases.items()):
        requested = set((getattr(stack, "extras", None) or {}).get(parent, frozenset()))
        for text in metadata(rel).requires_dist:
            try:
                req = Requirement(text)
            except InvalidRequirement:
                continue  # the resolver skipped it too
            item = names.get(str(canonicalize_name(req.name)))
            if item is None or not _applies(req, target, requested):
                continue
            found[item.name].add(parent)
            _check_version(item, req.specifier, f"{parent} {rel.version} requires {req}")
            missing = {str(canonicalize_name(e)) for e in req.extras} - {str(canonicalize_name(e)) for e in item.extras}
            if missing:
                raise LockFileError(f"{parent} {rel.version} requires {req}, but the local project line "
                                    f"({item.where}) does not ask for the extra(s) {', '.join(sorted(missing))}; "
                                    f"add them to it (e.g. {item.written}[{','.join(sorted(missing))}]) so their "
                                    "dependencies are locked too.")
    return found


def _check_url_constraint(line: Any, names: Mapping[str, LocalInput], env: dict[str, str]) -> None:
    """A ``name @ file:///dir`` constraint holds when the local project ``name`` among the inputs
    is that directory (pip accepts it then); any other is refused, as stackwise locks index
    releases and the listed local projects only."""
    from stackwise.lockfiles.requirements import local_package

    package = local_package(line)
    if package.marker is not None and not Marker(package.marker).evaluate(env):
        return
    where = f"{line.origin}: {line.text if len(line.text) <= 200 else line.text[:200] + '...'}"
    if package.extras:
        raise LockFileError(f"{where}: constraints cannot have extras.")
    item = names.get(package.name)
    if item is None or os.path.realpath(item.directory) != os.path.realpath(str(package.directory)):
        also = (f"; the local project {package.name} among the inputs is {item.directory}" if item is not None
                else "")
        raise LockFileError(f"{where}: a direct URL constraint holds only for a local project directory among the "
                            f"inputs{also}. stackwise locks index releases and the local projects you list; constrain "
                            "index packages by version.")


def _applies(req: Requirement, target: Any, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate(dict(target.markers, extra=e)) for e in ("", *sorted(extras)))


def _check_version(item: LocalInput, specifier: SpecifierSet, who: str) -> None:
    if not specifier:
        return
    version = item.version
    if not version or not specifier.contains(version, prereleases=True):
        raise LockFileError(f"{who}, but the local project {item.name} ({item.where}) is version "
                            f"{version or 'unknown'}, which does not fit; the directory is used for {item.name} "
                            "(never an index release of that name). Change the requirement or the project's "
                            "version.")


def via(parents: Mapping[str, set[str]], local: Sequence[LocalInput], direct: set[str],
        users: Mapping[str, set[str]], target: Any) -> dict[str, set[str]]:
    """``# via`` of every line: a local project's dependencies name the project (``# via myproj``,
    as uv writes it) instead of ``-r``, unless the user also asked for them; a local project is
    ``-r`` plus the packages that depend on it."""
    env = dict(target.markers, extra="")
    out = {name: set(p) for name, p in parents.items()}
    for item in local:
        for req in item.requirements:
            name = str(canonicalize_name(req.name))
            if (req.marker is not None and not req.marker.evaluate(env)) or name not in out:
                continue
            if name not in direct:
                out[name].discard("-r")
            out[name].add(item.name)
        out[item.name] = {"-r", *users.get(item.name, ())}
    return out


class LocalLock:
    """The local projects of one ``stackwise lock`` (see the module doc): read, put among the
    roots, hidden from the index, checked against their dependents, written back."""

    def __init__(self, inputs: Inputs, target: Any, config: IndexConfig, fmt: str) -> None:
        check_format(inputs.local or (), fmt)
        self.target = target
        self.items = read_local_inputs(inputs, target, config)
        self.direct = add_local_roots(inputs, self.items, target)

    def overrides(self, user_overrides: Any) -> Any:
        """The resolver's overrides (:func:`hide_from_index`)."""
        return hide_from_index(self.items, user_overrides) if self.items else user_overrides

    def parents(self, stack: Any, metadata: Callable[[Any], Any]) -> dict[str, set[str]]:
        """``# via`` of every line, after checking the projects' dependents (:func:`dependents`)."""
        users = dependents(self.items, stack, metadata, self.target)
        return via(stack.parents, self.items, self.direct, users, self.target)

    def lines(self) -> dict[str, tuple[str, bool]]:
        """What :func:`stackwise.lockfiles.requirements.render` writes for them."""
        return {item.name: (item.written, item.editable) for item in self.items}

    def packages(self, lock_dir: str | None) -> tuple[LockedPackage, ...]:
        """What :func:`stackwise.lockfiles.pylock.render_pylock` writes for them: PEP 751
        ``[packages.directory]`` entries (:func:`pylock_path`), ``editable`` for ``-e`` lines, the
        line's markers, no version and no hashes (as ``uv pip compile --format pylock.toml``)."""
        from stackwise.lockfiles.model import LockedPackage

        return tuple(LockedPackage(name=item.name, version="", marker=_single_quoted(item.marker),
                                   directory=pylock_path(item, lock_dir), editable=item.editable)
                     for item in sorted(self.items, key=lambda i: i.name))


def pylock_path(item: LocalInput, lock_dir: str | None) -> str:
    """The ``path`` of a project's pylock.toml ``directory`` table. A path the user wrote relative
    becomes relative to the lock file's directory ``lock_dir`` (the current directory when the lock
    goes to standard output), since PEP 751 reads relative paths from the lock; an absolute path or
    a ``file:`` URL stays absolute. Both as ``uv pip compile --format pylock.toml`` writes them."""
    location = item.written.split(" @ ", 1)[1] if " @ " in item.written else item.written
    absolute = os.fspath(item.directory)
    if location.startswith(("file:", "~")) or os.path.isabs(location):
        return Path(absolute).as_posix()
    try:
        return Path(os.path.relpath(absolute, os.path.abspath(lock_dir or os.curdir))).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return Path(absolute).as_posix()


def _single_quoted(marker: str | None) -> str | None:
    """``python_version >= "3"`` -> ``python_version >= '3'``, as pylock.toml writers quote markers."""
    if marker is None or "'" in marker:
        return marker
    return marker.replace('"', "'")


def check_format(local: Sequence[Any], fmt: str) -> None:
    """Local projects are written into requirements locks and pylock.toml (``[packages.directory]``);
    a Pipfile.lock from ``stackwise lock`` takes them from a Pipfile's ``path`` entries only."""
    if local and fmt not in ("requirements", "pylock"):
        first = local[0]
        raise LockFileError(f"{first.origin}: local project directories ({'-e ' if first.editable else ''}"
                            f"{first.text}) are locked into a requirements file or pylock.toml only, not with "
                            f"--format {fmt} yet; write requirements.txt (the default format) or --format pylock, "
                            "or list the package by name.")


__all__ = ["BUILD_FILES", "LocalInput", "LocalLock", "add_local_roots", "check_format", "dependents", "hide_from_index",
           "pylock_path", "read_local_inputs", "via", "written_form"]
