"""Build real, installable distributions for tests: deterministic bytes, stable hashes.

Wheels carry correct RECORD digests so pip itself can install them; every zip entry
has a fixed timestamp and permission bits, so the same arguments give the same file
(and the same sha256) on every run and machine.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import tarfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from packaging.utils import canonicalize_name

_EPOCH = (1980, 1, 1, 0, 0, 0)


def _dist_name(name: str) -> str:
    """The file-name form of a project name (PEP 427/625: normalized, '-' -> '_')."""
    return canonicalize_name(name).replace("-", "_")


def _module_name(name: str) -> str:
    return _dist_name(name)


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def metadata_text(
    name: str,
    version: str,
    requires: Sequence[str] = (),
    *,
    requires_python: str | None = None,
    extras: Mapping[str, Sequence[str]] | None = None,
    metadata_version: str = "2.1",
    dynamic: Sequence[str] = (),
) -> str:
    """A METADATA / PKG-INFO document with the given dependencies."""
    lines = [f"Metadata-Version: {metadata_version}", f"Name: {name}", f"Version: {version}"]
    lines += [f"Dynamic: {d}" for d in dynamic]
    lines.append(f"Summary: Test package {name}")
    if requires_python:
        lines.append(f"Requires-Python: {requires_python}")
    lines += [f"Requires-Dist: {r}" for r in requires]
    for extra, reqs in (extras or {}).items():
        lines.append(f"Provides-Extra: {extra}")
        for r in reqs:
            marker = f'extra == "{extra}"'
            req, sep, own = r.partition(";")
            # the dependency's own marker in parentheses: "a or b and extra" is "a or (b and extra)"
            lines.append(f"Requires-Dist: {req.strip()} ; ({own.strip()}) and {marker}" if sep else
                         f"Requires-Dist: {r} ; {marker}")
    return "\n".join(lines) + "\n\n" + f"Test package {name} {version}.\n"


def _zip_write(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
    info = zipfile.ZipInfo(arcname, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def build_wheel(
    dest: Path,
    name: str,
    version: str,
    requires: Sequence[str] = (),
    *,
    requires_python: str | None = None,
    extras: Mapping[str, Sequence[str]] | None = None,
    tag: str = "py3-none-any",
    files: Mapping[str, str | bytes] | None = None,
) -> Path:
    """Write ``<name>-<version>-<tag>.whl`` into ``dest`` and return its path.

    ``files`` adds or replaces entries (path inside the wheel -> text, or bytes for binary
    members such as extension modules), e.g. to make a large wheel for Range-request tests.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    dist = _dist_name(name)
    module = _module_name(name)
    distinfo = f"{dist}-{version}.dist-info"
    pure = tag.endswith("-none-any")
    contents: dict[str, bytes] = {f"{module}/__init__.py": f'__version__ = "{version}"\n'.encode()}
    for path, text in (files or {}).items():
        contents[path] = text if isinstance(text, bytes) else text.encode()
    contents[f"{distinfo}/METADATA"] = metadata_text(
        name, version, requires, requires_python=requires_python, extras=extras
    ).encode()
    wheel_lines = ["Wheel-Version: 1.0", "Generator: stackwise-tests", f"Root-Is-Purelib: {'true' if pure else 'false'}"]
    wheel_lines += [f"Tag: {t}" for t in _expand_tag(tag)]
    contents[f"{distinfo}/WHEEL"] = ("\n".join(wheel_lines) + "\n").encode()
    record = [f"{path},{_record_hash(data)},{len(data)}" for path, data in contents.items()]
    record.append(f"{distinfo}/RECORD,,")
    contents[f"{distinfo}/RECORD"] = ("\n".join(record) + "\n").encode()

    out = dest / f"{dist}-{version}-{tag}.whl"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path, data in contents.items():  # dist-info last, as real wheels do
            _zip_write(zf, path, data)
    out.write_bytes(buf.getvalue())
    return out


def _expand_tag(tag: str) -> list[str]:
    interpreters, abis, platforms = tag.split("-")
    return [f"{i}-{a}-{p}" for i in interpreters.split(".") for a in abis.split(".") for p in platforms.split(".")]


def build_sdist(
    dest: Path,
    name: str,
    version: str,
    requires: Sequence[str] = (),
    *,
    metadata_version: str = "2.1",
    requires_python: str | None = None,
    dynamic: Sequence[str] = (),
) -> Path:
    """Write ``<name>-<version>.tar.gz`` (PKG-INFO + a setup.py) into ``dest``; deterministic bytes."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    dist = _dist_name(name)
    root = f"{dist}-{version}"
    pkg_info = metadata_text(
        name, version, requires, requires_python=requires_python, metadata_version=metadata_version, dynamic=dynamic
    ).encode()
    setup_py = (
        "from setuptools import setup\n"
        f"setup(name={name!r}, version={version!r}, packages=[{_module_name(name)!r}], "
        f"install_requires={list(requires)!r})\n"
    ).encode()
    members = {
        f"{root}/PKG-INFO": pkg_info,
        f"{root}/setup.py": setup_py,
        f"{root}/{_module_name(name)}/__init__.py": f'__version__ = "{version}"\n'.encode(),
    }
    return _write_sdist(dest, root, members)


def _write_sdist(dest: Path, root: str, members: Mapping[str, bytes]) -> Path:
    """A reproducible ``<root>.tar.gz`` (fixed mtimes and owners) holding ``members``."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for path, data in members.items():
            info = tarfile.TarInfo(path)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            info.uname = info.gname = ""
            tf.addfile(info, io.BytesIO(data))
    out = dest / f"{root}.tar.gz"
    out.write_bytes(gzip.compress(raw.getvalue(), mtime=0))
    return out


def build_setuptools_sdist(
    dest: Path,
    name: str,
    version: str,
    requires: Sequence[str] = (),
    *,
    setup_py: str | None = None,
    files: Mapping[str, str] | None = None,
) -> Path:
    """Write a real setuptools sdist ``<name>-<version>.tar.gz`` that must be built to know its dependencies.

    It has a pyproject.toml (``[build-system] requires = ["setuptools>=40.8.0"]``), a
    setup.py with ``install_requires`` (or the ``setup_py`` text, e.g. one that raises),
    and a Metadata-Version 2.1 PKG-INFO, so its PKG-INFO cannot be trusted (PEP 643).
    ``files`` adds or replaces entries (path inside the project -> text), e.g. an in-tree backend.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    root = f"{_dist_name(name)}-{version}"
    module = _module_name(name)
    contents = {
        "PKG-INFO": metadata_text(name, version, requires),
        "pyproject.toml": '[build-system]\nrequires = ["setuptools>=40.8.0"]\nbuild-backend = "setuptools.build_meta"\n',
        "setup.py": setup_py
        if setup_py is not None
        else (
            "from setuptools import setup\n"
            f"setup(name={name!r}, version={version!r}, packages=[{module!r}], install_requires={list(requires)!r})\n"
        ),
        f"{module}/__init__.py": f'__version__ = "{version}"\n',
        **(files or {}),
    }
    return _write_sdist(dest, root, {f"{root}/{path}": text.encode() for path, text in sorted(contents.items())})
