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

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise.errors import LockFileError
from stackwise.lockfiles._toml import toml as tomllib
from stackwise.lockfiles.model import Lock, LockedFile, LockedPackage

PIPFILE_SPEC = 6
# Top-level Pipfile tables that are not package categories (as Pipenv/plette define them).
_NOT_CATEGORIES = frozenset(("source", "packages", "dev-packages", "requires", "scripts", "pipfile", "pipenv"))
# Pipfile keys that are PEP 508 marker variables (Pipenv accepts them as shorthand markers).
_MARKER_KEYS = ("os_name", "sys_platform", "platform_machine", "platform_python_implementation",
                "platform_release", "platform_system", "platform_version", "python_version",
                "python_full_version", "implementation_name", "implementation_version")
_UNSUPPORTED_KEYS = ("git", "hg", "svn", "bzr", "path", "file", "editable", "ref")


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
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LockFileError(f"Pipfile {path} does not exist; give its path with --pipfile PATH.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LockFileError(f"Cannot read Pipfile {path}: {exc}.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
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
    for name, spec in pipfile.data.get(section, {}).items():
        where = f"{pipfile.path}: [{section}] {name}"
        extras: list[str] = []
        markers: list[str] = []
        index = None
        if isinstance(spec, str):
            version = spec
        elif isinstance(spec, dict):
            bad = [k for k in _UNSUPPORTED_KEYS if k in spec]
            if bad:
                raise LockFileError(
                    f"{where}: {bad[0]} requirements cannot be locked by stackwise (it locks index packages only); "
                    "use `stackwise pipenv lock` to let Pipenv lock them, or publish the package to an index."
                )
            version = spec.get("version", "*")
            extras = list(spec.get("extras", []))
            if spec.get("markers"):
                markers.append(str(spec["markers"]))
            for key in _MARKER_KEYS:
                if key in spec:
                    value = str(spec[key]).strip()
                    # Pipenv's form is `sys_platform = "== 'linux'"`; a bare value means equality.
                    markers.append(f"{key} {value}" if value[:1] in "=!<>~" else f"{key} == '{value}'")
            index = spec.get("index")
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
            raise LockFileError(f"{where}: invalid requirement {text!r}: {exc}.") from None
        out.append((req, str(req.marker) if req.marker else None, index))
    return out


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


def render_pipfile_lock(pipfile: Pipfile, default: Sequence[LockedPackage], develop: Sequence[LockedPackage]) -> str:
    """The full text of the Pipfile.lock (Pipenv's layout: 4-space indent, sorted keys)."""
    sources = meta_sources(pipfile)

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
                packages[key] = LockedPackage(old.name, old.version, old.files, old.marker, old.extras | pkg.extras,
                                              old.index, old.groups | pkg.groups, old.problem)
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
    where = f"{path}: {section}.{name}"
    if not isinstance(e, dict):
        raise LockFileError(f"{where}: expected an object.")
    bad = [k for k in _UNSUPPORTED_KEYS if k in e]
    if bad:
        raise LockFileError(f"{where}: locked from {bad[0]}; stackwise installs index packages with hashes only.")
    marker = e.get("markers")
    if marker is not None:
        try:
            Marker(str(marker))
        except InvalidMarker as exc:
            raise LockFileError(f"{where}: invalid markers {marker!r}: {exc}.") from None
    index = e.get("index")
    if index is not None and index not in urls:
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
                             marker=str(marker), extras=frozenset(e.get("extras", [])),
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
        extras=frozenset(e.get("extras", [])),
        index=urls[index] if index else None,
        groups=frozenset((section,)),
    )
