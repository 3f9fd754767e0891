"""Core metadata (METADATA / PKG-INFO): parsing and extraction from wheels and sdists.

The resolver needs only a handful of fields (name, version, Requires-Dist,
Requires-Python, Provides-Extra), so :class:`Metadata` holds just those and is cheap to
store in the cache as JSON. Fetching (PEP 658, lazy wheel, download) lives in the client.
"""

from __future__ import annotations

import io
import json
from typing import IO, Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise.errors import CandidateUnavailable, MetadataError


@dataclass(frozen=True)
class Metadata:
    """The dependency-relevant part of a distribution's core metadata."""

    name: str
    version: str
    requires_dist: tuple[str, ...]  # raw Requires-Dist strings in file order (markers unevaluated)
    requires_python: str | None
    provides_extra: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps([self.name, self.version, list(self.requires_dist), self.requires_python, list(self.provides_extra)])

    @classmethod
    def from_json(cls, text: str) -> Metadata:
        name, version, reqs, rp, extras = json.loads(text)
        return cls(name, version, tuple(reqs), rp, tuple(extras))


def _headers(data: bytes) -> Any:
    """RFC 822 headers of METADATA/PKG-INFO (email is imported lazily: cold path only)."""
    from email.parser import Parser
    from email.policy import compat32

    return Parser(policy=compat32).parsestr(data.decode("utf-8", errors="replace"), headersonly=True)


def parse_metadata(data: bytes, source: str) -> Metadata:
    """Parse METADATA/PKG-INFO bytes (RFC 822 style headers; the body is the description)."""
    msg = _headers(data)
    name = (msg.get("Name") or "").strip()
    version = (msg.get("Version") or "").strip()
    if not name or not version:
        raise MetadataError(f"The metadata of {source} has no Name or Version field, so it cannot be used.")
    rp = msg.get("Requires-Python")
    return Metadata(
        name=name,
        version=version,
        requires_dist=tuple(_one_line(r) for r in msg.get_all("Requires-Dist") or ()),
        requires_python=_one_line(rp) or None if rp is not None else None,
        provides_extra=tuple(_one_line(e) for e in msg.get_all("Provides-Extra") or ()),
    )


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def check_matches(meta: Metadata, name: str, version: Version, source: str) -> None:
    """pip rejects a distribution whose metadata names another project or version; so do we."""
    try:
        same_version = Version(meta.version) == version
    except InvalidVersion:
        same_version = False
    if canonicalize_name(meta.name) != canonicalize_name(name) or not same_version:
        # pip discards such a candidate and goes on with the next one (its factory's
        # MetadataInconsistent), so the resolver skips it rather than stopping the lock.
        raise CandidateUnavailable(
            f"The metadata of {source} says it is {meta.name} {meta.version}, but the index lists it as "
            f"{name} {version}; the file is inconsistent, so it is not used (pip discards it too)."
        )


def metadata_from_wheel(fileobj: IO[bytes], project: str, source: str) -> bytes:
    """The ``*.dist-info/METADATA`` bytes of a wheel (a seekable file, possibly lazy)."""
    import zipfile

    try:
        with zipfile.ZipFile(fileobj) as zf:
            candidates = [
                n for n in zf.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")
            ]
            wanted = canonicalize_name(project)
            matching = [n for n in candidates if canonicalize_name(n.split("-", 1)[0].split(".dist-info")[0]) == wanted]
            chosen = (matching or candidates)[:1]
            if not chosen:
                raise MetadataError(f"The wheel {source} contains no .dist-info/METADATA file; it is not a valid wheel.")
            return zf.read(chosen[0])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError) as exc:
        raise MetadataError(f"The wheel {source} is not a readable zip file ({exc}).") from None


def _pkg_info_from_sdist(data: bytes, filename: str) -> bytes | None:
    """The top-level ``<name>-<version>/PKG-INFO`` of an sdist archive, if present."""
    import tarfile
    import zipfile

    try:
        if filename.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = sorted((n for n in zf.namelist() if n.count("/") == 1 and n.endswith("/PKG-INFO")), key=len)
                return zf.read(names[0]) if names else None
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
            for member in tf:
                if member.isfile() and member.name.count("/") == 1 and member.name.endswith("/PKG-INFO"):
                    f = tf.extractfile(member)
                    return f.read() if f is not None else None
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise MetadataError(f"The source distribution {filename} is not a readable archive ({exc}).") from None
    return None


class SdistNeedsBuild(CandidateUnavailable):
    """PKG-INFO cannot be trusted for dependencies: the caller builds the metadata (see ``index.build``)."""


def metadata_from_sdist(data: bytes, filename: str, name: str, version: Version) -> Metadata:
    """Trust PKG-INFO only when PEP 643 says its dependencies are static; else ask for a build."""
    need_build = (
        f"{name} {version} is only available as a source distribution ({filename}), and its dependencies "
        "cannot be known without building its metadata (its PKG-INFO predates Metadata-Version 2.2 or "
        "marks them dynamic). Provide a wheel for it (for example with --find-links pointing at a "
        "directory holding one) or pin another version."
    )
    raw = _pkg_info_from_sdist(data, filename)
    if raw is None:
        raise SdistNeedsBuild(need_build)
    msg = _headers(raw)
    try:
        mv = Version((msg.get("Metadata-Version") or "0").strip())
    except InvalidVersion:
        mv = Version("0")
    dynamic = {d.strip().lower() for d in msg.get_all("Dynamic") or ()}
    if mv < Version("2.2") or "requires-dist" in dynamic or "requires-python" in dynamic:
        raise SdistNeedsBuild(need_build)
    return parse_metadata(raw, filename)
