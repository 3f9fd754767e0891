"""Pipfile in, Pipfile.lock out (and back): what Pipenv reads, written from stackwise's resolver.

Why exactness matters: ``pipenv install --deploy`` and ``pipenv verify`` compare the lock's
``_meta.hash.sha256`` with a hash Pipenv computes from the Pipfile; any difference makes
Pipenv call the lock out of date and re-lock (or refuse). :func:`pipfile_hash` reproduces
Pipenv's computation (``Pipfile.calculate_hash`` in Pipenv 2026.x, which extends plette's
``Pipfile.get_hash`` by canonicalising package names; both agree when the Pipfile already
uses canonical names): sha256 over ``json.dumps(data, sort_keys=True, separators=(",", ":"))``
of ``{"_meta": {"sources", "requires"}, "default", "develop", <custom categories>}``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise.errors import LockFileError
from stackwise.lockfiles import is_project_name
from stackwise.lockfiles._toml import toml as tomllib
from stackwise.lockfiles.model import Lock, LockedFile, LockedPackage

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stackwise.index.config import IndexConfig

PIPFILE_SPEC = 6
# Top-level Pipfile tables that are not package categories (as Pipenv/plette define them).
_NOT_CATEGORIES = frozenset(("source", "packages", "dev-packages", "requires", "scripts", "pipfile", "pipenv"))
# Pipfile keys that are PEP 508 marker variables (Pipenv accepts them as shorthand markers).
_MARKER_KEYS = ("os_name", "sys_platform", "platform_machine", "platform_python_implementation",
                "platform_release", "platform_system", "platform_version", "python_version",
                "python_full_version", "implementation_name", "implementation_version")
_UNSUPPORTED_KEYS = ("git", "hg", "svn", "bzr", "file", "ref")  # in a Pipfile.lock (``path``: local_entry)
# Pipfile keys stackwise cannot lock (a ``path`` to a project directory it can: local_projects).
_REFUSED_PIPFILE_KEYS = ("git", "hg", "svn", "bzr", "file", "ref")


@dataclass
class Pipfile:
    """A parsed Pipfile: the raw tables (for the hash) and where it was read from."""

    path: str
    data: dict[str, Any]
    sources: list[dict[str, Any]] = field(default_factory=list)

    @property
    def packages(self) -> dict[str, Any]:
        return dict(self.data.get("packages", {}))

    @property
    def dev_packages(self) -> dict[str, Any]:
        return dict(self.data.get("dev-packages", {}))

    @property
    def requires(self) -> dict[str, Any]:
        return dict(self.data.get("requires", {}))


def read_pipfile(path: str | os.PathLike[str]) -> Pipfile:
    """Parse and check a Pipfile; a missing ``[[source]]`` is refused (see the message why)."""
    path = os.fspath(path)
    try:
        from stackwise._inputfile import read_input_bytes

        text = read_input_bytes(path).decode("utf-8")  # -p /dev/zero was read until memory ran out
    except FileNotFoundError:
        raise LockFileError(f"Pipfile {path} does not exist; give its path with --pipfile PATH.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LockFileError(f"Cannot read Pipfile {path}: {exc}.") from None
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:  # RecursionError: nested too deeply
        raise LockFileError(f"{path}: not valid TOML ({exc}).") from None
    sources = data.get("source")
    if not sources:
        # Pipenv then hashes (and locks from) its built-in default index; stackwise never
        # assumes a public index, so it asks for the source to be written down instead.
        raise LockFileError(
            f"{path}: no [[source]] section. stackwise locks only from indexes the Pipfile names; add "
            '[[source]] with url = "<your index URL>", verify_ssl = true and name = "<name>".'
        )
    if not isinstance(sources, list) or not all(isinstance(s, dict) and isinstance(s.get("url"), str) for s in sources):
        raise LockFileError(f"{path}: every [[source]] needs a url string.")
    for section in ("packages", "dev-packages", "requires"):
        if section in data and not isinstance(data[section], dict):
            raise LockFileError(f"{path}: [{section}] must be a table.")
    return Pipfile(path=path, data=data, sources=[dict(s) for s in sources])


def pipfile_hash(pipfile: Pipfile) -> str:
    """``_meta.hash.sha256`` exactly as Pipenv computes it for this Pipfile."""
    raw = pipfile.data

    def canonical(section: Mapping[str, Any]) -> dict[str, Any]:
        return {canonicalize_name(k): v for k, v in section.items()}

    data: dict[str, Any] = {
        "_meta": {"sources": raw.get("source", {}), "requires": raw.get("requires", {})},
        "default": canonical(raw.get("packages", {})),
        "develop": canonical(raw.get("dev-packages", {})),
    }
    for category, values in raw.items():
        if category in _NOT_CATEGORIES or category in ("default", "develop"):
            continue
        data[category] = canonical(values) if isinstance(values, dict) else values
    content = json.dumps(data, sort_keys=True, separators=(",", ":"), default=_json_default)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _json_default(value: Any) -> Any:
    # TOML dates/times: Pipenv's tomlkit values serialise through str(); rare in a Pipfile.
    return str(value)


def section_requirements(pipfile: Pipfile, section: str) -> list[tuple[Requirement, str | None, str | None]]:
    """``(requirement, markers, index name)`` for each entry of ``[section]``.

    Entries may be ``"*"``, a specifier string, or a table with ``version``, ``extras``,
    ``markers``, ``index`` and marker-variable keys, as Pipenv accepts them."""
    out = []
    from stackwise._text import one_line, safe

    for name, spec in pipfile.data.get(section, {}).items():
        where = f"{pipfile.path}: [{section}] {one_line(name)}"  # a name may hold a terminal escape
        extras: list[str] = []
        markers: list[str] = []
        index = None
        if isinstance(spec, str):
            version = spec
        elif isinstance(spec, dict):
            bad = [k for k in _REFUSED_PIPFILE_KEYS if k in spec]
            if bad:
                raise LockFileError(
                    f"{where}: {bad[0]} requirements cannot be locked by stackwise (it locks index packages and "
                    "local project directories only); use `stackwise pipenv lock` to let Pipenv lock them, or "
                    "publish the package to an index."
                )
            if "path" in spec:
                continue  # a local project: see local_projects()
            if "editable" in spec:
                raise LockFileError(f"{where}: editable = true needs a path = \"<project directory>\".")
            version = spec.get("version", "*")
            extras = spec.get("extras", [])
            if not (isinstance(extras, list) and all(isinstance(e, str) for e in extras)):
                raise LockFileError(f"{where}: \"extras\" must be a list of strings.")
            if spec.get("markers"):
                markers.append(str(spec["markers"]))
            for key in _MARKER_KEYS:
                if key in spec:
                    value = str(spec[key]).strip()
                    # Pipenv's form is `sys_platform = "== 'linux'"`; a bare value means equality.
                    markers.append(f"{key} {value}" if value[:1] in "=!<>~" else f"{key} == '{value}'")
            index = spec.get("index")
            if index is not None and not isinstance(index, str):  # a list crashed the source check later
                raise LockFileError(f"{where}: \"index\" must be the name of a [[source]], not {safe(repr(index))[:100]}.")
        else:
            raise LockFileError(f"{where}: expected a version string or a table, not {type(spec).__name__}.")
        if not isinstance(version, str):
            raise LockFileError(f"{where}: version must be a string.")
        marker = " and ".join(f"({m})" if len(markers) > 1 else m for m in markers) or None
        text = name + (f"[{','.join(extras)}]" if extras else "") + ("" if version.strip() == "*" else version.strip())
        if marker:
            text += f" ; {marker}"
        try:
            req = Requirement(text)
        except InvalidRequirement as exc:
            raise LockFileError(f"{where}: invalid requirement {text!r}: {safe(str(exc))}.") from None
        from stackwise.reqfile import unusable_reason

        problem = unusable_reason(req)  # e.g. a marker that cannot be evaluated: a traceback later
        if problem is not None:
            raise LockFileError(f"{where}: {text!r}: {problem}.")
        out.append((req, str(req.marker) if req.marker else None, index))
    return out


@dataclass
class LocalProject:
    """A Pipfile entry ``{path = "./dir", editable = true}``: a project directory, not an index package.

    Its dependencies (from the ``[project]`` table of its pyproject.toml) are locked as if the
    Pipfile listed them; the project itself is written as Pipenv writes it (``path``,
    ``editable``, ``extras``; no version, no hashes)."""

    name: str
    path: str  # as written in the Pipfile
    editable: bool
    extras: tuple[str, ...]
    marker: str | None  # the entry's own markers (PEP 508), None when it has none
    requirements: list[Requirement]


def local_projects(pipfile: Pipfile, section: str, *, config: IndexConfig | None = None) -> list[LocalProject]:
    """The ``path`` entries of ``[section]`` with the dependencies each declares
    (:func:`project_dependencies`: the static ``[project]`` table, else the built metadata; build
    requirements come from ``config``, default: the Pipfile's sources). A failed build refuses the
    lock with the backend's words."""
    out = []
    base = Path(pipfile.path).resolve().parent
    for name, spec in (pipfile.data.get(section) or {}).items():
        if not isinstance(spec, dict) or "path" not in spec:
            continue
        from stackwise._text import one_line

        where = f"{pipfile.path}: [{section}] {one_line(name)}"
        directory = base / os.path.expandvars(str(spec["path"]))
        listed = spec.get("extras", [])
        if not (isinstance(listed, list) and all(isinstance(e, str) for e in listed)):
            raise LockFileError(f"{where}: \"extras\" must be a list of strings.")
        extras = tuple(listed)
        reqs = project_dependencies(directory, extras, where, config or _sources_config(pipfile),
                                    remedy=_PIPFILE_REMEDY, listed_in=" in the Pipfile")
        markers = [str(spec["markers"])] if spec.get("markers") else []
        markers += [f"{k} {str(spec[k]).strip()}" for k in _MARKER_KEYS if k in spec]
        marker = " and ".join(f"({m})" for m in markers) if markers else None
        out.append(LocalProject(str(canonicalize_name(name)), str(spec["path"]), bool(spec.get("editable")), extras,
                                marker, reqs))
    return out


_PIPFILE_REMEDY = "lock this Pipfile with `stackwise pipenv lock`"


def project_dependencies(directory: Path, extras: Sequence[str], where: str, config: IndexConfig, *,
                         remedy: str = "", listed_in: str = "") -> list[Requirement]:
    """The dependencies a local project declares, with the requested ``extras``: what a lock locks
    in its place (Pipfile ``path`` entries, ``-e ./dir`` lines of ``stackwise lock`` inputs).

    Fast path: the static ``[project]`` table of its pyproject.toml (``dependencies``, and
    ``optional-dependencies`` of the requested extras) -- no code runs. A project whose
    dependencies (or requested extras) are ``dynamic``, or that has no ``[project]`` table (a
    setup.py project), only tells them when built: they come from its PEP 517 hook
    ``prepare_metadata_for_build_wheel`` (else the wheel's), run as pip runs it, in an isolated
    environment in a child process with a deadline (:func:`stackwise.index.build.build_local_project`),
    its build requirements from ``config``. ``where`` starts every message; ``remedy`` (another way
    to lock it) ends those about what stackwise cannot do; ``listed_in`` says where to fix the path."""
    directory = Path(directory)
    project = _static_project(directory, where, listed_in)
    if project is not None and not (extras and "optional-dependencies" in (project.get("dynamic") or [])):
        texts = [str(d) for d in project.get("dependencies", [])]
        for extra in extras:
            texts += [str(d) for d in (project.get("optional-dependencies") or {}).get(extra, [])]
        reqs = [_project_requirement(text, directory, where) for text in texts]
    else:
        reqs = _built_requirements(directory, tuple(extras), where, config, remedy)
    for req in reqs:
        if req.url:
            raise LockFileError(f"{where}: {directory} depends on {str(req)!r}, a direct URL; stackwise locks index "
                                f"packages only{f' ({remedy})' if remedy else ''}.")
    return reqs


def project_version(directory: Path, where: str, config: IndexConfig, *, remedy: str = "") -> str:
    """The version of a local project: ``[project] version`` when static, else its built metadata's
    (a dependency on the project by another package is checked against it)."""
    directory = Path(directory)
    project = _static_project(directory, where, "")
    if isinstance(project, dict) and isinstance(project.get("version"), str) \
            and "version" not in (project.get("dynamic") or []):
        return str(project["version"])
    return _built_metadata(directory, where, config, remedy)[1]


def project_name(directory: Path, where: str, config: IndexConfig, *, remedy: str = "") -> str:
    """The name in the project's built metadata (a setup.py project declares it nowhere else)."""
    return _built_metadata(Path(directory), where, config, remedy)[0]


def _project_requirement(text: str, directory: Path, where: str) -> Requirement:
    try:
        return Requirement(text)
    except InvalidRequirement as exc:
        raise LockFileError(f"{where}: {directory}/pyproject.toml: invalid dependency {text!r}: {exc}.") from None


def _static_project(directory: Path, where: str, listed_in: str = "") -> dict[str, Any] | None:
    """The ``[project]`` table when it declares the dependencies statically, else None (a build
    tells them); a directory that is not a Python project is refused."""
    try:
        text = (directory / "pyproject.toml").read_text(encoding="utf-8")
    except FileNotFoundError:
        if (directory / "setup.py").is_file():
            return None
        why = "it is not a Python project" if directory.is_dir() else "the directory does not exist"
        raise LockFileError(f"{where}: {directory} has no pyproject.toml or setup.py ({why}); fix the path"
                            f"{listed_in}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LockFileError(f"{where}: cannot read {directory}/pyproject.toml ({exc}).") from None
    try:
        project = tomllib.loads(text).get("project")
    except tomllib.TOMLDecodeError as exc:
        raise LockFileError(f"{where}: {directory}/pyproject.toml is not valid TOML ({exc}).") from None
    if not isinstance(project, dict) or "dependencies" in (project.get("dynamic") or []):
        return None
    return project


def _sources_config(pipfile: Pipfile) -> IndexConfig:
    """Where a path project's build requirements come from when the caller says nothing: the
    Pipfile's own sources, as Pipenv's pip would look."""
    from stackwise.index.config import IndexConfig

    return IndexConfig(index_urls=tuple(os.path.expandvars(str(s["url"])) for s in pipfile.sources))


# A build's answer within one process: the three Pipfile.lock steps ask for each project
# several times. Keyed by the directory and its top-level files' sizes and times.
_BUILT: dict[tuple[str, tuple[tuple[str, int, int], ...]], tuple[str, str, list[str]]] = {}


def _built_metadata(directory: Path, where: str, config: IndexConfig, remedy: str) -> tuple[str, str, list[str]]:
    """(name, version, Requires-Dist lines) of the project's built metadata, built once per process."""
    import tempfile
    from email.parser import HeaderParser

    from stackwise.index.build import ProjectBuildError, build_local_project

    try:
        state = tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in directory.iterdir() if e.is_file()))
    except OSError:
        state = ()
    key = (str(directory.resolve()), state)
    found = _BUILT.get(key)
    if found is None:
        with tempfile.TemporaryDirectory(prefix="stackwise-metadata-") as tmp:
            try:
                meta = build_local_project(directory, Path(tmp), kind="metadata", config=config)
            except ProjectBuildError as exc:
                raise LockFileError(f"{where}: the dependencies of {directory} are known only from its build "
                                    f"metadata, and building it failed: {exc.reason}. Fix the project"
                                    f"{f' (or {remedy})' if remedy else ''}.{exc.output}") from None
            headers = HeaderParser().parsestr(meta.read_text(encoding="utf-8", errors="replace"), headersonly=True)
        found = _BUILT[key] = (str(headers.get("Name") or ""), str(headers.get("Version") or ""),
                               [str(t) for t in headers.get_all("Requires-Dist") or []])
    return found


def _built_requirements(directory: Path, extras: tuple[str, ...], where: str, config: IndexConfig,
                        remedy: str = _PIPFILE_REMEDY) -> list[Requirement]:
    """The project's Requires-Dist from its built metadata, for ``extras`` (see :func:`project_dependencies`)."""
    texts = _built_metadata(directory, where, config, remedy)[2]
    wanted = {canonicalize_name(e) for e in extras}
    out = []
    for text in texts:
        try:
            req = Requirement(text)
        except InvalidRequirement as exc:
            raise LockFileError(f"{where}: the metadata built from {directory} has an invalid Requires-Dist "
                                f"{text!r}: {exc}.") from None
        if req.marker is not None and "extra" in str(req.marker):
            kept = _without_extra(req.marker, wanted)
            if kept is False:
                continue
            req.marker = None if kept is True else Marker(kept)
        out.append(req)
    return out


def _without_extra(marker: Marker, extras: set[str]) -> str | bool:
    """``marker`` with its ``extra == "x"`` clauses decided for the requested ``extras``: True
    (always applies), False (never), or the remaining environment marker. A project's own
    extras are settled when it is locked; the resolver sees only environment markers."""
    def atom(item: Any) -> str | bool:
        if isinstance(item, list):
            return group(item)
        lhs, op, rhs = item
        names = {type(lhs).__name__, type(rhs).__name__}
        if "Variable" in names and "extra" in (lhs.value, rhs.value):
            value = rhs.value if lhs.value == "extra" else lhs.value
            found = canonicalize_name(str(value)) in extras
            return found if op.value == "==" else not found if op.value == "!=" else False

        def fmt(side: Any) -> str:
            return str(side.value) if type(side).__name__ == "Variable" else f'"{side.value}"'

        return f"{fmt(lhs)} {op.value} {fmt(rhs)}"

    def group(items: list[Any]) -> str | bool:
        alternatives: list[list[Any]] = [[]]
        for item in items:
            if item == "or":
                alternatives.append([])
            elif item != "and":
                alternatives[-1].append(atom(item))
        ors: list[str] = []
        for conj in alternatives:
            if any(c is False for c in conj):
                continue
            parts = [c for c in conj if isinstance(c, str)]
            if not parts:
                return True
            ors.append(" and ".join(f"({c})" if " or " in c else c for c in parts))
        return " or ".join(ors) if ors else False

    return group(list(marker._markers))  # noqa: SLF001 - packaging's parsed marker (no public tree)


def source_name(url: str | None, sources: Sequence[Mapping[str, Any]]) -> str | None:
    """Name of the Pipfile source ``url`` came from (variables expanded, trailing '/' ignored)."""
    if not url:
        return None
    for s in sources:
        if os.path.expandvars(str(s["url"])).rstrip("/") == url.rstrip("/"):
            return str(s.get("name") or "")
    return None


def meta_sources(pipfile: Pipfile) -> list[dict[str, Any]]:
    """``_meta.sources`` as Pipenv writes it: raw URLs, names and verify_ssl filled in."""
    out = []
    for s in pipfile.sources:
        s = dict(s)
        if "name" not in s:
            raise LockFileError(f"{pipfile.path}: a [[source]] has no name; Pipfile.lock refers to sources by name.")
        if "verify_ssl" not in s:
            s["verify_ssl"] = "https://" in s["url"]
        if not isinstance(s["verify_ssl"], bool):
            s["verify_ssl"] = str(s["verify_ssl"]).lower() == "true"
        out.append(s)
    return out


_PY_CLAUSE = re.compile(r"^(~=|===|==|!=|<=|>=|<|>)\s*([0-9][0-9A-Za-z.*+!-]*)$")


def requires_python_marker(spec: str | None) -> str | None:
    """The ``markers`` Pipenv writes for a locked file's Requires-Python (None: none, or not known).

    Observed with Pipenv 2026.10.3 (``tests/test_pipfile_joint.py`` compares the bytes):
    ``>=3.8`` -> ``python_version >= '3.8'``; ``>=3.7,<4`` -> ``python_version >= '3.7' and
    python_version < '4'``; ``>3.5`` becomes ``>= '3.6'``; ``!=3.0.*`` -> ``!= '3.0'``; a
    version with a micro part uses ``python_full_version``. Lower bound first (the highest
    one), then the upper bound (the lowest one), then the other clauses by version.
    """
    if not spec or not spec.strip():
        return None
    lower: list[str] = []
    upper: list[tuple[str, str]] = []
    other: list[tuple[str, str]] = []
    try:
        for clause in spec.split(","):
            clause = clause.strip()
            if not clause:
                continue
            m = _PY_CLAUSE.match(clause)
            if m is None:
                return None
            op, value = m.group(1), m.group(2).removesuffix(".*")
            Version(value)
            if op == ">":
                parts = value.split(".")
                parts[-1] = str(int(parts[-1]) + 1)
                op, value = ">=", ".".join(parts)
            if op == ">=":
                lower.append(value)
            elif op in ("<", "<="):
                upper.append((op, value))
            else:
                other.append((op, value))
    except (InvalidVersion, ValueError):
        return None
    clauses: list[tuple[str, str]] = []
    if lower:
        clauses.append((">=", max(lower, key=Version)))
    if upper:
        clauses.append(min(upper, key=lambda c: (Version(c[1]), c[0] == "<=")))
    order = {"!=": 0, "==": 1, "~=": 2, "===": 3}
    clauses += sorted(dict.fromkeys(other), key=lambda c: (order[c[0]], Version(c[1])))

    def variable(value: str) -> str:
        return "python_full_version" if len(value.split(".")) > 2 else "python_version"

    return " and ".join(f"{variable(v)} {op} '{v}'" for op, v in clauses) or None


def pipenv_marker(text: str) -> str | None:
    """A marker as Pipenv prints it: packaging's normal form with ``'`` quotes (None: invalid)."""
    try:
        return str(Marker(text)).replace('"', "'")
    except InvalidMarker:
        return None


def _marker_keys(spec: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(spec[k]).strip() for k in _MARKER_KEYS if k in spec}


def inherited_markers(spec: Any) -> str | None:
    """The markers a Pipfile entry hands down to its dependencies in Pipenv's lock (None: none).

    Pipenv 2026.10.3 folds only the ``sys_platform`` key, ``markers`` and the
    ``platform_machine`` key, in that order, each in parentheses (``_fold_markers`` and
    ``_get_pipfile_markers`` in pipenv/utils/resolver.py); ``python_version``, ``os_name``,
    ``platform_system`` and the other keys are not inherited (observed: such a dependency
    gets its own Requires-Python markers)."""
    if not isinstance(spec, Mapping):
        return None
    keys = _marker_keys(spec)
    parts = [f"sys_platform {keys['sys_platform']}" if "sys_platform" in keys else "",
             str(spec.get("markers") or ""),
             f"platform_machine {keys['platform_machine']}" if "platform_machine" in keys else ""]
    folded = " and ".join(f"({p})" for p in parts if p)
    return pipenv_marker(folded) if folded else None


def toplevel_markers(spec: Any, requires_python: str | None) -> str | None:
    """``markers`` of a Pipfile entry's own lock entry, as Pipenv 2026.10.3 writes it.

    An entry with ``markers = "…"``: that marker and every marker key but ``os_name``, sorted
    as strings and joined with ``and`` (Pipenv's ``translate_markers``). An entry with marker
    keys only goes through three merges in Pipenv, each adding a clause only when its text is
    not already a substring of the markers so far — and the texts differ in their quotes — so
    clauses come out repeated: ``sys_platform = "== 'linux'"`` gives ``sys_platform ==
    'linux' and sys_platform == 'linux' and sys_platform == 'linux'``. The steps (observed
    byte for byte, ``tests/test_pipfile_markers.py``): (1) the resolver's marker is the folded
    marker (:func:`inherited_markers`) or else the file's Requires-Python marker, in
    packaging's ``"`` form; (2) AND the Pipfile line's marker (the keys as written, sorted);
    (3) AND ``os_name`` as written; normalise; (4) the lock step as for ``markers`` above.
    ``requires_python`` is the Requires-Python marker Pipenv derives for the chosen file.
    """
    if not isinstance(spec, Mapping):
        return requires_python
    keys = _marker_keys(spec)
    own = str(spec.get("markers") or "")
    if not own and not keys:
        return requires_python
    if own:
        current: str | None = own
    else:
        folded = inherited_markers(spec)
        resolved = folded or requires_python
        current = str(Marker(resolved)) if resolved else None
        line = " and ".join(sorted(f"{k} {v}" for k, v in keys.items()))

        def merge(marker: str) -> None:
            nonlocal current
            if current is None:
                current = marker
            elif marker not in current:
                current = f"({current}) and ({marker})"

        merge(line)
        if "os_name" in keys:
            merge(f"os_name {keys['os_name']}")
        current = pipenv_marker(current) if current else None
    clauses = {str(Marker(current))} if current else set()
    try:
        clauses |= {str(Marker(f"{k} {v}")) for k, v in keys.items() if k != "os_name"}
    except InvalidMarker:
        return pipenv_marker(own) if own else None
    return pipenv_marker(" and ".join(sorted(clauses))) if clauses else None


def skipped_markers(spec: Any) -> str | None:
    """``markers`` of the ``"version": "*"`` entry kept for a Pipfile entry whose markers are false
    where it locks. Pipenv 2026.10.3 writes the ``markers`` value there but drops marker keys
    (``sys_platform = "== 'win32'"`` gives a bare ``{"version": "*"}``, which says nothing about
    where it applies); stackwise keeps them, so installers can still skip the entry: the one
    place it deliberately differs from Pipenv's bytes."""
    if not isinstance(spec, Mapping):
        return None
    parts = [str(spec["markers"])] if spec.get("markers") else []
    parts += [f"{k} {v}" for k, v in _marker_keys(spec).items()]
    if not parts:
        return None
    return pipenv_marker(" and ".join(f"({p})" for p in parts))


def render_pipfile_lock(pipfile: Pipfile, default: Sequence[LockedPackage], develop: Sequence[LockedPackage], *,
                        local: Mapping[str, Sequence[LocalProject]] | None = None) -> str:
    """The full text of the Pipfile.lock (Pipenv's layout: 4-space indent, sorted keys).

    ``local`` maps a section (``default``/``develop``) to its path projects, written as Pipenv
    writes them: ``path`` as in the Pipfile, ``editable`` and ``extras`` when given, markers
    only from the entry itself (a directory has no Requires-Python for Pipenv to read)."""
    sources = meta_sources(pipfile)
    tables = {"default": "packages", "develop": "dev-packages"}

    def path_entry(label: str, project: LocalProject) -> dict[str, Any]:
        e: dict[str, Any] = {"path": project.path}
        if project.editable:
            e["editable"] = True
        if project.extras:
            e["extras"] = sorted(project.extras)
        spec = {canonicalize_name(k): v for k, v in (pipfile.data.get(tables[label]) or {}).items()}.get(
            canonicalize_name(project.name))
        marker = toplevel_markers(spec, None)
        if marker:
            e["markers"] = marker
        return e

    def entry(p: LockedPackage) -> dict[str, Any]:
        if p.version == "*":
            # A Pipfile entry whose markers are false here: Pipenv keeps it unpinned, with its
            # markers, so the lock still lists it (installers skip it where the markers are false).
            return {"version": "*", **({"markers": p.marker} if p.marker else {})}
        e: dict[str, Any] = {"version": f"=={p.version}"}
        digests = sorted({f"{algo}:{d}" for f in p.files for algo, d in f.hashes.items() if algo == "sha256"}
                         or {f"{algo}:{d}" for f in p.files for algo, d in f.hashes.items()})
        e["hashes"] = digests
        if p.marker:
            e["markers"] = p.marker
        if p.extras:
            e["extras"] = sorted(p.extras)
        name = source_name(p.index, sources)
        if name:
            e["index"] = name
        return e

    content = {
        "_meta": {
            "hash": {"sha256": pipfile_hash(pipfile)},
            "pipfile-spec": PIPFILE_SPEC,
            "requires": pipfile.requires,
            "sources": sources,
        },
        "default": {p.name: entry(p) for p in default},
        "develop": {p.name: entry(p) for p in develop},
    }
    for label, projects in (local or {}).items():
        for project in projects:
            content[label][project.name] = path_entry(label, project)
    return json.dumps(content, indent=4, separators=(",", ": "), sort_keys=True, default=_json_default) + "\n"


def read_pipfile_lock(path: str | os.PathLike[str], *, dev: bool = False) -> Lock:
    """Read a Pipfile.lock into a Lock: ``default`` packages, plus ``develop`` when ``dev``."""
    path = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LockFileError(f"Cannot read lock file {path}: {getattr(exc, 'strerror', None) or exc}.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LockFileError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}).") from None
    except (RecursionError, ValueError) as exc:  # nested too deeply; an integer too long to convert
        raise LockFileError(f"{path}: not valid JSON ({str(exc).splitlines()[0]}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("_meta"), dict):
        raise LockFileError(f"{path}: no '_meta' object; this is not a Pipfile.lock.")
    meta = data["_meta"]
    spec = meta.get("pipfile-spec")
    if spec != PIPFILE_SPEC:
        raise LockFileError(f"{path}: pipfile-spec {spec!r} is not supported (stackwise reads pipfile-spec {PIPFILE_SPEC}).")
    sources = meta.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, dict) and isinstance(s.get("url"), str) for s in sources):
        raise LockFileError(f"{path}: _meta.sources must be a list of objects with a url.")
    urls = {str(s.get("name")): os.path.expandvars(s["url"]) for s in sources}
    packages: dict[str, LockedPackage] = {}
    for section in ("default", "develop") if dev else ("default",):
        entries = data.get(section, {})
        if not isinstance(entries, dict):
            raise LockFileError(f"{path}: '{section}' must be an object.")
        for name, e in entries.items():
            pkg = _lock_entry(path, section, name, e, urls)
            key = pkg.name
            if key in packages:
                old = packages[key]
                if old.version != pkg.version and not (old.problem or pkg.problem):
                    # develop is resolved against default, so this means a hand-edited lock.
                    raise LockFileError(
                        f"{path}: {name} is pinned to {old.version} in default but {pkg.version} in {section}."
                    )
                if old.problem and not pkg.problem:
                    old, pkg = pkg, old
                packages[key] = dataclasses.replace(old, extras=old.extras | pkg.extras, groups=old.groups | pkg.groups)
            else:
                packages[key] = pkg
    return Lock(
        packages=tuple(packages[k] for k in sorted(packages)),
        index_urls=tuple(urls.values()),
        requires_python=None,
        source=path,
        meta={"format": "pipfile-lock", "hash": meta.get("hash", {}), "requires": meta.get("requires", {}),
              "sources": sources},
    )


def _lock_entry(path: str, section: str, name: str, e: Any, urls: Mapping[str, str]) -> LockedPackage:
    if not is_project_name(name):  # (printed in every message below)
        raise LockFileError(f"{path}: {section}: {name!r} is not a valid project name.")
    where = f"{path}: {section}.{name}"
    if not isinstance(e, dict):
        raise LockFileError(f"{where}: expected an object.")
    bad = [k for k in _UNSUPPORTED_KEYS if k in e]
    if bad:
        raise LockFileError(f"{where}: locked from {bad[0]}; stackwise installs index packages with hashes and "
                            "local project directories (\"path\") only.")
    extras = _locked_extras(e, where)
    marker = e.get("markers")
    if marker is not None:
        try:
            Marker(str(marker))
            if re.search(r"\d{4000,}", str(marker)):  # parses; then each comparison raises a ValueError
                raise InvalidMarker("a version in it has more digits than any version can have")
        except InvalidMarker as exc:
            raise LockFileError(f"{where}: invalid markers {marker!r}: {str(exc).splitlines()[0]}.") from None
    if "path" in e:
        return _local_entry(path, where, section, name, e)
    if e.get("editable"):
        raise LockFileError(f"{where}: \"editable\" without a \"path\"; only local project directories can be "
                            "installed editable.")
    index = e.get("index")
    if index is not None and (not isinstance(index, str) or index not in urls):
        raise LockFileError(f"{where}: index {index!r} is not one of the lock's _meta.sources.")
    version = e.get("version")
    hashes = e.get("hashes")
    problem = None
    if not isinstance(version, str) or not version.startswith("==") or len(version) < 3:
        problem = f"{where}: 'version' must be an exact pin like \"==1.0\", not {version!r}."
    elif not isinstance(hashes, list) or not hashes:
        problem = f"{where}: no 'hashes'; a lock without hashes cannot be verified."
    if problem is not None:
        if not marker:
            raise LockFileError(problem)
        # Pipenv writes a top-level entry whose markers were false where it locked as
        # {"markers": ..., "version": "*"}; `pipenv install --deploy` skips it where the markers
        # are false, so only an install where they hold is refused (see stackwise.install.plan).
        return LockedPackage(name=str(canonicalize_name(name)), version=str(version or "*").removeprefix("=="),
                             marker=str(marker), extras=extras,
                             index=urls[index] if index else None, groups=frozenset((section,)),
                             problem=problem[:-1] + " (its markers hold here, so it cannot be skipped; "
                             "re-lock on this platform).")
    assert isinstance(version, str) and isinstance(hashes, list)
    files = []
    for h in hashes:
        algo, sep, digest = str(h).partition(":")
        if not sep or not digest or algo not in hashlib.algorithms_guaranteed:
            raise LockFileError(f"{where}: bad hash {h!r} (expected 'sha256:<hex>').")
        files.append(LockedFile(filename=None, url=None, hashes={algo: digest.lower()}))
    return LockedPackage(
        name=str(canonicalize_name(name)),
        version=version[2:].strip(),
        files=tuple(files),
        marker=marker,
        extras=extras,
        index=urls[index] if index else None,
        groups=frozenset((section,)),
    )


def _locked_extras(e: Mapping[str, Any], where: str) -> frozenset[str]:
    """An entry's ``extras``: names (PEP 508 gives extras the grammar of project names), since each
    becomes part of a requirement; ``"a b"`` or ``"x]"`` would otherwise be carried into what is
    installed and reported."""
    extras = e.get("extras", [])
    if not isinstance(extras, list) or not all(isinstance(x, str) for x in extras):
        raise LockFileError(f"{where}: \"extras\" must be a list of strings.")
    for extra in extras:
        if not is_project_name(extra):
            raise LockFileError(f"{where}: {extra[:80]!r} in \"extras\" is not an extra's name.")
    return frozenset(extras)


def _local_entry(path: str, where: str, section: str, name: str, e: Mapping[str, Any]) -> LockedPackage:
    """A ``{"path": "./dir", "editable": true}`` entry: a local project, found relative to the lock's
    directory (Pipenv resolves it relative to the Pipfile, which sits next to its lock)."""
    rel = e.get("path")
    if not isinstance(rel, str) or not rel.strip():
        raise LockFileError(f"{where}: \"path\" must be a non-empty string.")
    extras = _locked_extras(e, where)
    directory = Path(os.path.dirname(os.path.abspath(path))) / os.path.expanduser(os.path.expandvars(rel))
    marker = e.get("markers")
    version = e.get("version")
    return LockedPackage(
        name=str(canonicalize_name(name)),
        version=version[2:].strip() if isinstance(version, str) and version.startswith("==") else "",
        marker=str(marker) if marker else None,
        extras=extras,
        groups=frozenset((section,)),
        directory=os.path.normpath(directory),
        editable=bool(e.get("editable")),
    )
