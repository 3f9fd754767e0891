"""Unpacked wheels: each verified wheel is extracted once, then hard-linked into environments.

Why: decompressing a wheel (and, before, decompressing it twice: once to check RECORD, once
to write it) was most of an install's time -- numpy + pandas are ~100 MB and 3,700 files
unpacked. A wheel whose sha256 the lock allows is therefore extracted once into
``<cache>/wheels-unpacked/<sha256[:2]>/<sha256>/`` (``tree/`` plus ``manifest.json``), and later
installs link its files into the environment instead of unpacking again, as uv does with
its cache. Where a hard link is impossible (another filesystem, a cache that forbids it)
the file is copied, which is still cheaper than decompressing.

Verification, in the same spirit as the wheel cache:

- **When made**: the wheel is first verified against the lock's hash (by the fetcher);
  every member is then hashed while it is extracted and compared with the wheel's own
  RECORD (a wheel whose RECORD does not match its contents is refused, as ``installer``'s
  ``validate_record`` would). The manifest lists each member's sha256 and size; the entry
  appears under its final name by one atomic rename, so a killed run leaves no half entry.
- **On every use** (:func:`load`): every file of the entry is checked against the manifest.
  By default (``verify="stat"``) a file whose size, inode and modification time are those
  recorded when its bytes were last hashed is trusted, and any other file is hashed again:
  deleting, truncating, replacing or editing a file in place (which sets its modification
  time) is caught for the cost of one ``stat`` per file -- re-hashing numpy + pandas on
  every install cost 0.17 s of CPU, about uv's whole warm install. ``verify="hash"``
  (``stackwise install --rehash``) hashes every file every time, which also catches
  corruption that keeps the timestamps (bit rot, an edit that restores the time). A file
  that differs makes the entry a miss, which is deleted and made again from the (verified)
  wheel.

The manifest cannot itself be checked against the wheel's sha256 without the wheel; the
cache directory is trusted as much as stackwise's own files (the wheel cache, by contrast,
is checked against the lock's hash directly). Hard links share their bytes: an installed
file edited *in place* also changes the cache copy (and other environments linked to it);
the next install notices, drops the entry and unpacks the wheel again.
``--link-mode copy`` avoids sharing altogether.

Next to the manifest an entry keeps the last plan made from it (``plan.json``, see
:func:`plan_install`): what installer would write for one target, reused while the target's
paths and interpreter, installer and this code are the same; ``--rehash`` ignores it.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import os
import posixpath
import shutil
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from stackwise._dataclass import dataclass
from stackwise.index.stamps import sha256_hex
from stackwise.install import InstallError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing (~12 M instructions to import) for annotations only
    from typing import Any, BinaryIO

MANIFEST = "manifest.json"
TREE = "tree"
FORMAT = 1
_CHUNK = 1 << 20


@dataclass(frozen=True)
class UnpackedEntry:
    """A wheel extracted to ``root/tree``: every member's (path, sha256 as urlsafe base64, size, executable)."""

    root: Path
    wheel: str
    files: tuple[tuple[str, str, int, bool], ...]

    @property
    def tree(self) -> Path:
        return self.root / TREE


def one_line(text: str) -> str:
    """:func:`stackwise._text.one_line`, imported when an error is worded (its patterns are compiled
    on import: ~9 M instructions of an install that has no error to word)."""
    from stackwise._text import one_line as _one_line

    return _one_line(text)


def entry_dir(cache: Path, sha256: str) -> Path:
    """Where the unpacked wheel of this sha256 lives in ``cache``."""
    return cache / sha256[:2] / sha256


def _b64(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _safe_member(name: str) -> bool:
    """A relative path with no empty, ``.`` or ``..`` part, no backslash, no drive (string tests
    only: this runs for every file of every install)."""
    if not name or name[0] == "/" or "\\" in name or ":" in name.split("/", 1)[0]:
        return False
    wrapped = f"/{name}/"
    return "//" not in wrapped and "/./" not in wrapped and "/../" not in wrapped


def unpack(wheel: Path, dest: Path) -> UnpackedEntry:
    """Extract ``wheel`` into ``dest`` (atomically), checking every member against its RECORD.

    When ``dest`` already exists (another process made it first) that entry is returned once
    it is verified. Raises :class:`InstallError` for a broken wheel, :class:`OSError` when
    ``dest`` cannot be written (the caller may unpack somewhere else).
    """
    import hashlib  # (OpenSSL: ~11 M instructions to import, not needed by an install from the cache)
    import zipfile  # (a wheel not unpacked yet: installer imports it too)

    from installer.records import InvalidRecordEntry, RecordEntry, parse_record_file
    from installer.sources import WheelFile

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / f".{dest.name}.{os.urandom(16).hex()}.tmp"
    tree = tmp / TREE
    files: list[tuple[str, str, int, bool]] = []
    stamps: list[tuple[int, int]] = []
    try:
        with WheelFile.open(wheel) as source:
            source.validate_record(validate_contents=False)  # names, one dist-info, hash + size listed
            dist_info = source.dist_info_dir
            records = {row[0]: row for row in parse_record_file(source.read_dist_info("RECORD").splitlines())}
            zf: zipfile.ZipFile = source._zipfile  # noqa: SLF001 - the archive installer already opened
            tree.mkdir(parents=True)
            made: set[str] = set()
            for info in zf.infolist():
                name = info.filename
                if name.endswith("/"):
                    continue
                if not _safe_member(name):
                    raise ValueError(f"member {name!r} is not a safe relative path")
                parent = posixpath.dirname(name)
                if parent and parent not in made:
                    (tree / parent).mkdir(parents=True, exist_ok=True)
                    made.add(parent)
                mode = info.external_attr >> 16
                executable = bool(mode and stat.S_ISREG(mode) and mode & 0o111)
                record = RecordEntry.from_elements(*records[name]) if name in records else None
                if record is not None and record.size is not None and info.file_size != record.size:
                    # refused before a byte is written: a member that inflates far past what RECORD
                    # says (a zip bomb) would otherwise fill the disk before its hash is compared
                    raise ValueError(f"{name} is {info.file_size} bytes in the archive, not the {record.size} "
                                     "bytes its RECORD lists")
                check = None if record is None or record.hash_ is None else hashlib.new(record.hash_.name)
                sha = hashlib.sha256()
                size = 0
                target = tree / name
                with zf.open(info) as stream, open(target, "wb") as out:
                    while chunk := stream.read(_CHUNK):
                        sha.update(chunk)
                        if check is not None:
                            check.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
                is_record = name == f"{dist_info}/RECORD"
                if record is not None and not is_record and record.hash_ is not None:
                    assert check is not None
                    if _b64(check.digest()) != record.hash_.value or (record.size is not None and record.size != size):
                        raise ValueError(f"hash / size of {name} didn't match RECORD")
                if executable:
                    os.chmod(target, 0o777 & ~current_umask() | 0o111)
                files.append((name, _b64(sha.digest()), size, executable))
                st = os.stat(target)
                stamps.append((st.st_ino, st.st_mtime_ns))
        manifest = {"format": FORMAT, "wheel": wheel.name, "files": files, "stamps": stamps}
        (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    except (OSError, ValueError, KeyError, InvalidRecordEntry, zipfile.BadZipFile) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile) and exc.errno in (errno.ENOSPC, errno.EACCES, errno.EROFS):
            raise
        raise InstallError(
            f"Installing {wheel.name} failed while staging ({type(exc).__name__}: {one_line(str(exc))}); the wheel "
            "is broken. "
            "Nothing was installed."
        ) from None
    except Exception as exc:  # installer's validation errors (several kinds): one clear message
        shutil.rmtree(tmp, ignore_errors=True)
        raise InstallError(
            f"Installing {wheel.name} failed while staging ({type(exc).__name__}: {one_line(str(exc))}); the wheel "
            "is broken "
            "or not for this target. Nothing was installed."
        ) from None
    try:
        os.rename(tmp, dest)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
            raise
        entry = load(dest, verify="hash")
        if entry is None:  # a damaged entry in the way: dropped (made again next time); the caller unpacks elsewhere
            discard(dest)
            raise OSError(errno.EEXIST, "a damaged unpacked-wheel cache entry was in the way", str(dest)) from None
        return entry
    return UnpackedEntry(dest, wheel.name, tuple(files))


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load(root: Path, *, verify: str = "stat") -> UnpackedEntry | None:
    """The entry at ``root``, or None if it is absent, incomplete or any file differs from the manifest.

    ``verify``: ``"stat"`` (hash only files whose size, inode or mtime changed since they were
    last hashed), ``"hash"`` (hash every file) or ``"none"`` (read the manifest only)."""
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        files = tuple((str(p), str(h), int(s), bool(x)) for p, h, s, x in data["files"])
        stamps = [tuple(int(v) for v in st) for st in data.get("stamps") or ()]
        entry = UnpackedEntry(root, str(data["wheel"]), files)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if verify == "none":
        return entry
    if len(stamps) != len(files):
        stamps = [(-1, -1)] * len(files)
    tree = str(entry.tree) + "/"
    refreshed = False
    for i, (path, digest, size, _x) in enumerate(files):
        full = tree + path
        try:
            st = os.stat(full)
        except OSError:
            return None
        if st.st_size != size:
            return None
        if verify == "stat" and stamps[i] == (st.st_ino, st.st_mtime_ns):
            continue
        if not _matches(Path(full), digest, size):
            return None
        if stamps[i] != (st.st_ino, st.st_mtime_ns):
            stamps[i] = (st.st_ino, st.st_mtime_ns)
            refreshed = True
    if refreshed:  # the bytes are right (e.g. restored from a backup): trust the new stamps next time
        from stackwise._atomic import atomic_write_text

        with contextlib.suppress(OSError):
            atomic_write_text(root / MANIFEST, json.dumps({**data, "stamps": stamps}))
    return entry


def _matches(path: Path, digest: str, size: int) -> bool:
    import hashlib  # (a file whose stamps changed)

    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size != size:
                return False
            h = hashlib.sha256()
            while chunk := f.read(_CHUNK):
                h.update(chunk)
    except OSError:
        return False
    return _b64(h.digest()) == digest


def discard(root: Path) -> None:
    """Remove a bad entry (renamed away first, so a concurrent reader never sees half of it)."""
    gone = root.parent / f".{root.name}.{os.urandom(16).hex()}.gone"
    try:
        os.rename(root, gone)
    except OSError:
        return
    shutil.rmtree(gone, ignore_errors=True)


# -- installing from an entry with PyPA installer ----------------------------------------------


class CachedFile:
    """A member of an unpacked wheel: linked into place, or read like a stream when it must be rewritten."""

    def __init__(self, path: str, digest: str, size: int) -> None:
        self.path = path
        self.digest = digest
        self.size = size
        self._f: BinaryIO | None = None

    def _file(self) -> BinaryIO:
        if self._f is None:
            self._f = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        return self._f

    def read(self, n: int = -1) -> bytes:
        return self._file().read(n)

    def readline(self, n: int = -1) -> bytes:
        return self._file().readline(n)

    def seek(self, pos: int, whence: int = 0) -> int:
        return self._file().seek(pos, whence)

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None


def wheel_source(entry: UnpackedEntry, skip: frozenset[str] | set[str] = frozenset()) -> Any:
    """An ``installer`` WheelSource reading ``entry`` (so scripts, .data and RECORD follow installer exactly).

    Members in ``skip`` are not handed to installer: :func:`plan_install` links those itself."""
    from installer.sources import WheelSource
    from installer.utils import parse_wheel_filename

    class UnpackedWheel(WheelSource):
        def __init__(self) -> None:
            parsed = parse_wheel_filename(entry.wheel)  # as installer's WheelFile: names the .data directory
            super().__init__(distribution=parsed.distribution, version=parsed.version)
            tops = {p.split("/", 1)[0] for p, *_ in entry.files}
            infos = [t for t in tops if t.endswith(".dist-info")]
            if len(infos) != 1:
                raise InstallError(f"{entry.wheel} does not contain exactly one .dist-info directory. Nothing was installed.")
            self._dist_info = infos[0]
            self._read: dict[str, str] = {}

        @property
        def dist_info_dir(self) -> str:
            return self._dist_info

        @property
        def dist_info_filenames(self) -> list[str]:
            base = self._dist_info + "/"
            return [p[len(base):] for p, *_ in entry.files if p.startswith(base)]

        def read_dist_info(self, filename: str) -> str:
            if filename not in self._read:  # WHEEL is read twice (the root scheme, then installer)
                self._read[filename] = (entry.tree / self._dist_info / filename).read_text(encoding="utf-8")
            return self._read[filename]

        def get_contents(self) -> Iterator[tuple[tuple[str, str, str], BinaryIO, bool]]:
            tree = str(entry.tree) + "/"
            for path, digest, size, executable in entry.files:
                if path in skip:
                    continue
                stream = CachedFile(tree + path, digest, size)
                try:
                    yield (path, f"sha256={digest}", str(size)), stream, executable  # type: ignore[misc]
                finally:
                    stream.close()

    return UnpackedWheel()


# What a planned file becomes: the cached member to link (or copy), else these bytes; executable?
FileSpec = tuple["str | None", "bytes | None", bool]


@dataclass
class InstallPlan:
    """Every file one wheel puts into the target, by scheme and path inside it, decided before
    anything is written: members of the unpacked entry to link, and the bytes installer generated
    (console scripts, rewritten ``#!python`` scripts, INSTALLER, RECORD)."""

    wheel: str
    root_scheme: str
    dist_info: str
    files: dict[tuple[str, str], FileSpec]


def plan_install(entry: UnpackedEntry, scheme: dict[str, str], interpreter: str, installer_name: bytes,
                 extra_metadata: Mapping[str, bytes] | None = None, *, memo: bool = False) -> InstallPlan:
    """Run PyPA ``installer`` for ``entry`` without writing anything, and return what it would write.

    Why: the swap can then create brand-new folders in the target directly (journaled) instead
    of building them in a staging tree first, and every check installer makes (WHEEL version,
    entry points, .data schemes, duplicate paths) still happens before the target is touched.
    The members of the wheel's root (by far most files) are planned here in one tight loop,
    with the digest and size the manifest verified, instead of installer's per-file objects;
    installer gets the rest (.data, which it maps to schemes and rewrites) and writes RECORD
    from both, sorted, as it always does; ``extra_metadata`` (file name -> bytes) adds dist-info
    files, such as PEP 610's ``direct_url.json``. Members in a ``__pycache__`` folder are skipped, as
    installer skips them (without its warning).

    ``memo`` (an entry of the shared cache, no ``extra_metadata``): the plan is remembered in the
    entry (:data:`PLAN`) and reused while everything it depends on is the same (see
    :func:`_plan_key`): a venv made again at the same path skips installer altogether."""
    key = _plan_key(entry, scheme, interpreter, installer_name) if memo and not extra_metadata else None
    if key is not None:
        remembered = _remembered_plan(entry, scheme, key)
        if remembered is not None:
            return remembered
    import hashlib

    from installer import install
    from installer.destinations import SchemeDictionaryDestination
    from installer.records import Hash, RecordEntry
    from installer.utils import get_launcher_kind, parse_metadata_file

    files: dict[tuple[str, str], FileSpec] = {}
    tree = str(entry.tree) + "/"
    bulk: list[tuple[str, Any]] = []

    def claim(scheme_name: str, path: str, spec: FileSpec) -> None:
        key = (scheme_name, path)
        if key in files:  # as installer's write_to_fs: a wheel never writes one path twice
            raise FileExistsError(f"File already exists: {path}")
        files[key] = spec

    class PlanningDestination(SchemeDictionaryDestination):
        """installer's destination, recording instead of writing (paths checked as installer does)."""

        def write_file(self, scheme: Any, path: Any, stream: Any, is_executable: bool) -> Any:
            if isinstance(stream, CachedFile) and scheme == "scripts":
                with open(stream.path, "rb") as f:  # #!python is rewritten: new bytes
                    return super().write_file(scheme, path, f, is_executable)
            return super().write_file(scheme, path, stream, is_executable)

        def write_to_fs(self, scheme: Any, path: str, stream: Any, is_executable: bool) -> Any:
            base = os.path.abspath(self.scheme_dict[scheme])
            full = os.path.normpath(os.path.join(base, path))
            if not full.startswith(base + os.sep):
                raise ValueError(f"Attempting to write {path} outside of the target directory")
            rel = full[len(base) + 1:]
            if isinstance(stream, CachedFile):
                claim(scheme, rel, (stream.path, None, is_executable))
                return RecordEntry(path, Hash("sha256", stream.digest), stream.size)
            data = stream.read()
            claim(scheme, rel, (None, data, is_executable))
            return RecordEntry(path, Hash(self.hash_algorithm, _b64(hashlib.new(self.hash_algorithm, data).digest())), len(data))

        def write_script(self, name: str, module: str, attr: str, section: Any) -> Any:
            from installer.scripts import Script

            script_name, data = Script(name, module, attr, section).generate(self.interpreter, self.script_kind)
            return self.write_to_fs("scripts", script_name, _Bytes(data), is_executable=True)

        def finalize_installation(self, scheme: Any, record_file_path: str, records: Any) -> None:
            super().finalize_installation(scheme, record_file_path, [*records, *bulk])

    skip: set[str] = set()  # filled below, before installer reads the contents
    source = wheel_source(entry, skip)
    try:
        wheel_meta = parse_metadata_file(source.read_dist_info("WHEEL"))
    except OSError as exc:
        raise ValueError(f"cannot read WHEEL: {exc}") from None
    root_scheme = "purelib" if wheel_meta["Root-Is-Purelib"] == "true" else "platlib"  # as installer decides it
    _check_metadata(source, entry.wheel)
    data_prefix = source.data_dir + "/"
    record_file = source.dist_info_dir + "/RECORD"
    for path, digest, size, executable in entry.files:
        if path.startswith(data_prefix):
            continue  # installer maps .data to its schemes
        skip.add(path)
        if path == record_file or "__pycache__" in path.split("/")[:-1]:
            continue  # RECORD is written anew; bytecode from a wheel is never installed (installer)
        if not _safe_member(path):
            raise ValueError(f"Attempting to write {path} outside of the target directory")
        claim(root_scheme, path, (tree + path, None, executable))
        bulk.append((root_scheme, RecordEntry(path, Hash("sha256", digest), size)))
    destination = PlanningDestination(scheme_dict=scheme, interpreter=interpreter, script_kind=get_launcher_kind())
    # extra dist-info files (a local project's direct_url.json) are written and listed in RECORD by installer
    install(source, destination, {**(extra_metadata or {}), "INSTALLER": installer_name})
    plan = InstallPlan(entry.wheel, root_scheme, source.dist_info_dir, files)
    if key is not None:
        _remember_plan(entry, plan, key)
    return plan


# -- remembered plans --------------------------------------------------------------------------
#
# Why: planning with installer (WHEEL, entry points, scripts, METADATA check, RECORD) was ~40 % of a
# warm install into a new venv, and all of it comes out the same again when the venv is made again
# at the same path (``rm -rf .venv``, CI, tox/nox recreating their environments). A plan depends
# only on the entry (content-addressed, verified by :func:`load` before it is planned), the
# target's scheme paths and interpreter, the INSTALLER bytes, installer's own files and this
# code's format: all of it is in the key. One plan per entry (the last target's), so the cache
# does not grow with the number of environments. A remembered plan is trusted as the manifest is
# (the cache is stackwise's own directory) and checked before use all the same: its own sha256 (a
# damaged file is a miss), and it can only link members of this entry and write generated bytes
# at safe relative paths inside the target's scheme folders, as a plan made now could.

PLAN = "plan.json"
_PLAN_FORMAT = 1
_SCHEMES = frozenset({"purelib", "platlib", "headers", "scripts", "data"})


def _installer_stamp() -> list[int] | None:
    """installer's ``__init__.py`` (size, mtime, inode): another installer version plans anew."""
    import sys

    origin = getattr(sys.modules.get("installer"), "__file__", None)
    if not isinstance(origin, str):
        import importlib.util

        try:
            spec = importlib.util.find_spec("installer")
        except (ImportError, ValueError):
            return None
        origin = spec.origin if spec is not None else None
    try:
        st = os.stat(origin) if origin else None
    except OSError:
        return None
    return None if st is None else [st.st_size, st.st_mtime_ns, st.st_ino]


def _plan_key(entry: UnpackedEntry, scheme: Mapping[str, str], interpreter: str, installer_name: bytes) -> str | None:
    """What a plan of ``entry`` depends on, hashed; None when plans are not remembered (Windows launchers)."""
    stamp = _installer_stamp()
    if os.name == "nt" or stamp is None:
        return None
    parts = [_PLAN_FORMAT, FORMAT, entry.root.name, entry.wheel, sorted(scheme.items()), interpreter,
             installer_name.decode("latin-1"), stamp]
    return sha256_hex(json.dumps(parts).encode())


def _remember_plan(entry: UnpackedEntry, plan: InstallPlan, key: str) -> None:
    """Write ``plan`` into ``entry`` atomically (a temporary file renamed over the old one, as every
    cache write): a reader sees the old plan or the new one, whole. The file also holds its body's
    sha256, so one damaged some other way (a crash before the data reached the disk; there is no
    fsync: a lost plan is only planned again) is a miss, never a wrong plan."""
    tree = str(entry.tree) + "/"
    rows: list[list[Any]] = []
    for (scheme_name, rel), (src, data, executable) in plan.files.items():
        member = src[len(tree):] if src is not None and src.startswith(tree) else None
        if (src is not None and member is None) or not _safe_member(rel):
            return  # not a plan this format holds: planned again next time
        rows.append([scheme_name, rel, member, None if data is None else base64.b64encode(data).decode("ascii"),
                     executable])
    body = json.dumps({"root_scheme": plan.root_scheme, "dist_info": plan.dist_info, "files": rows}).encode()
    blob = f"{key} {sha256_hex(body)}\n".encode() + body
    from stackwise._atomic import write_unsynced

    with contextlib.suppress(OSError):  # a read-only cache: planned every time
        write_unsynced(entry.root / PLAN, blob)


def _remembered_plan(entry: UnpackedEntry, scheme: Mapping[str, str], key: str) -> InstallPlan | None:
    """The plan remembered in ``entry`` for ``key``, or None (absent, another key, damaged, not valid)."""
    try:
        with open(entry.root / PLAN, "rb") as f:
            blob = f.read()
    except OSError:
        return None
    head, newline, body = blob.partition(b"\n")
    if not newline or head != f"{key} {sha256_hex(body)}".encode():
        return None
    tree = str(entry.tree) + "/"
    members = {path for path, *_ in entry.files}
    infos = {path.split("/", 1)[0] for path in members if path.split("/", 1)[0].endswith(".dist-info")}
    try:
        data = json.loads(body)
        root_scheme, dist_info = data["root_scheme"], data["dist_info"]
        if root_scheme not in ("purelib", "platlib") or infos != {dist_info}:
            return None
        files: dict[tuple[str, str], FileSpec] = {}
        for scheme_name, rel, member, text, executable in data["files"]:
            if (scheme_name not in _SCHEMES or scheme_name not in scheme or not isinstance(rel, str)
                    or not _safe_member(rel) or (scheme_name, rel) in files or type(executable) is not bool):
                return None
            if isinstance(member, str) and text is None and member in members:
                files[(scheme_name, rel)] = (tree + member, None, executable)
            elif member is None and isinstance(text, str):
                files[(scheme_name, rel)] = (None, base64.b64decode(text, validate=True), executable)
            else:
                return None
    except (ValueError, KeyError, TypeError):  # (binascii.Error is a ValueError)
        return None
    return InstallPlan(entry.wheel, root_scheme, dist_info, files)


def _check_metadata(source: Any, wheel: str) -> None:
    """The wheel's METADATA must exist and name the project and version of its file name, as pip
    and uv require: a wheel without it installs a nameless distribution no tool can see or
    uninstall, and one naming another project would be listed (and kept or replaced) as that
    project while the lock pinned this one. Read by the index's METADATA reader (the same
    headers, the same rules)."""
    from packaging.utils import canonicalize_name, parse_wheel_filename
    from packaging.version import Version

    from stackwise.errors import MetadataError
    from stackwise.index.metadata import parse_metadata

    try:
        text = source.read_dist_info("METADATA")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{source.dist_info_dir}/METADATA cannot be read ({exc.__class__.__name__})") from None
    try:
        meta = parse_metadata(text.encode(), wheel)
        got = (meta.name, meta.version)
    except MetadataError:  # no Name or no Version
        got = ("(no Name)", "(no Version)")
    name, version, *_ = parse_wheel_filename(wheel)
    try:
        same = canonicalize_name(got[0]) == name and Version(got[1]) == version
    except ValueError:  # not a version
        same = False
    if not same:
        raise ValueError(f"its METADATA names {got[0]!r} {got[1]!r}, not the {name} {version} of its file name")


class _Bytes:
    """A generated file's bytes as installer's stream (``read`` only)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, n: int = -1) -> bytes:
        return self._data


def place(cached: str, target: str, *, link: bool) -> None:
    """Hard-link ``cached`` to ``target``, or copy it (mode included) where linking is impossible."""
    if link:
        try:
            os.link(cached, target)
            return
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
                raise
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "File already exists", target)
    shutil.copyfile(cached, target)
    shutil.copymode(cached, target)
