"""Files for a plan: choose one per package, fetch it into staging, verify it, build sdists.

Why everything is staged first: a hash mismatch, a missing file or a failed build must
refuse the whole install before the target is touched, so :func:`fetch_all` returns only
when every file is on local disk and verified. Choice of file per package:

- the lock names files with URLs (pylock.toml): its compatible wheels, best tag first
  (the target's ``packaging.tags`` order, as pip and the index client rank them), then
  its sdist; a file's hash must match the lock's or the install is refused;
- the lock lists hashes only (requirements.txt, Pipfile.lock): the files of that exact
  version on the configured indexes and ``--find-links`` (the index client of
  :mod:`stackwise.index`), ranked the same way, keeping only files whose digest is one the
  lock allows (an index's listed hash, a local file's computed hash, or, for a remote
  file without a listed hash, the downloaded bytes).

Every download is bounded in bytes: by the ``size`` the lock gives or the index lists (PEP 700),
else by the ``download-max-bytes`` setting (:func:`stackwise.index._body.download_limit`), so
a hostile or broken server's endless answer stops there instead of filling the disk (a hash-only
lock has no size of its own). With ``--offline`` nothing remote is contacted: a remote URL from the lock is satisfied
by a file of the same name in a local ``--find-links`` directory, or the install is refused.

An optional shared wheel cache (``wheel_cache``, used by the inspection runner, which
installs the same files into many fresh environments) is keyed by sha256: a candidate whose
expected sha256 is known is taken from ``<cache>/<sha256[:2]>/<sha256>/<filename>`` when
present (its bytes are hashed while copying, as for any source, and a corrupt entry is
dropped and downloaded again), and every verified file is stored there atomically (a hard
link where possible, also for local --find-links files), so a file is downloaded once per
machine. For a lock that lists hashes only, files in that cache whose sha256 the lock allows
are candidates before any index is asked, so ``--offline`` installs from the cache alone.

Next to it, the unpacked-wheel cache (:mod:`.unpacked`, ``unpacked_cache``): when a verified
extraction of an allowed sha256 exists for the chosen file, nothing is copied at all -- the
entry is checked file by file (:func:`.unpacked.load`) and then linked into the environment by
:mod:`.destination`; when every package is such a hit, nothing runs in a thread (:meth:`Fetcher.cached`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from stackwise._dataclass import dataclass
from stackwise._inputfile import NotRegularFile, open_regular
from stackwise._names import canonical_name as canonicalize_name
from stackwise.index.config import IndexConfig
from stackwise.install import InstallError
from stackwise.install.plan import SUPPORTED_HASHES, Step
from stackwise.install.unpacked import MANIFEST, UnpackedEntry, discard, entry_dir, load, one_line
from stackwise.lockfiles.model import LockedPackage

# packaging.utils, .tags and .version (with logging, platform, subprocess: ~100 M instructions) are
# imported only for a file name or version :func:`rank` cannot read as plain text, an index, or a build
TYPE_CHECKING = False
if TYPE_CHECKING:  # (typing too: ~12 M instructions, for annotations only)
    from typing import Any

    from packaging.tags import Tag

    from stackwise.environment import TargetEnvironment

_CHUNK = 1 << 20
_WORKERS = 8


@dataclass(frozen=True)
class Candidate:
    """A file that may satisfy a package: where it is and what the source says its hashes are."""

    filename: str
    url: str  # http(s)://, file:// or a local path
    hashes: Mapping[str, str]  # listed by the lock or the index; empty when unknown
    from_lock: bool
    from_cache: bool = False  # a file of the shared wheel cache (``url`` is its path)
    size: int | None = None  # as the lock or the index (PEP 700) gives it: a longer download is stopped there


@dataclass(frozen=True)
class Staged:
    """A verified file on local disk, and the wheel to install (built from it if it is an sdist)."""

    step: Step
    filename: str
    path: Path
    digest: str  # "sha256:<hex>" that matched the lock
    wheel: Path | None = None
    unpacked: UnpackedEntry | None = None  # a verified extraction from the unpacked cache (``path`` not copied)


def allowed_hashes(package: LockedPackage) -> set[tuple[str, str]]:
    """Every (algorithm, digest) the lock accepts for this package."""
    return {
        (alg, digest.lower())
        for f in package.files
        for alg, digest in f.hashes.items()
        if alg in SUPPORTED_HASHES
    }


def _filename_of(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1]) if "://" in url else Path(url).name


def _local_path(url: str) -> Path | None:
    if url.startswith("file:"):
        return Path(unquote(urlsplit(url).path))
    if url.startswith(("http://", "https://")):
        return None
    return Path(url).expanduser()


def rank(files: Iterable[Candidate], tag_priority: Mapping[Tag, int], name: str, version: str) -> list[Candidate]:
    """Compatible wheels of this name and version, best tag first, then sdists; others dropped."""
    scored: list[tuple[int, int, Candidate]] = []
    worst = len(tag_priority) + 1
    # the common case (a plain N.N pin, ranks by tag text: a --target-venv's) is read without
    # packaging; a file name _plain_rank cannot read exactly as packaging would goes to packaging
    texts: Mapping[str, int] | None = getattr(tag_priority, "text_ranks", None)
    plain = _release(version) if texts is not None else None
    want = _version(version) if plain is None else None
    project = canonicalize_name(name)
    for i, f in enumerate(files):
        got = _plain_rank(f.filename, texts, worst) if texts is not None and plain is not None else None
        if got is not None:
            n, release, pri = got
            same = release == plain
        else:
            parsed = _packaging_rank(f.filename, tag_priority, worst)
            if parsed is None:
                continue
            n, v, pri = parsed
            if want is None:
                want = _version(version)
            same = v == want
        if pri is not None and same and n == project:  # a file of another project is never installed under this name
            scored.append((pri, i, f))
    return [f for _p, _i, f in sorted(scored, key=lambda t: (t[0], t[1]))]


_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.")
_TAG_CHARS = _NAME_CHARS - {"."}


def _release(text: str) -> tuple[int, ...] | None:
    """The release of a plain ``N(.N)*`` version in ASCII digits (200 characters at most), trailing
    zeros dropped: two such versions are equal for PEP 440 (``Version``) exactly when these are.
    None for any other text (read by ``packaging.version``)."""
    if not (0 < len(text) <= 200 and text.isascii()):
        return None
    parts = text.split(".")
    if not all(part.isdigit() for part in parts):
        return None
    release = [int(part) for part in parts]
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    return tuple(release)


def _plain_rank(filename: str, texts: Mapping[str, int], worst: int) -> tuple[str, tuple[int, ...], int | None] | None:
    """``(name, release, priority)`` of a file as ``packaging.utils.parse_wheel_filename`` /
    ``parse_sdist_filename`` and a ``Tag``-keyed priority read it (priority None: no tag fits), for
    the shapes every packaging release reads alike: an ASCII name, a plain version, a build tag and
    tag parts of letters, digits and ``_`` (an interpreter an identifier); None for anything else
    (then packaging reads it, with the same answer as before: its releases differ on odd names)."""
    if not filename.isascii():
        return None
    if filename.endswith(".whl"):
        stem = filename[:-4]
        dashes = stem.count("-")
        if dashes not in (4, 5):
            return None
        parts = stem.split("-")
        name_part, version_part = parts[0], parts[1]
        if not name_part or "__" in name_part or not _NAME_CHARS.issuperset(name_part):
            return None  # packaging refuses it (or, for some, its releases disagree)
        if dashes == 5 and not (parts[2][:1].isdigit() and _NAME_CHARS.issuperset(parts[2])):
            return None
        interpreters, abis, platforms = (part.split(".") for part in parts[-3:])
        if not (all(i.isidentifier() for i in interpreters)
                and all(_TAG_CHARS.issuperset(x) and x for x in (*abis, *platforms))):
            return None
        keys = (f"{i}-{a}-{p}".lower() for i in interpreters for a in abis for p in platforms)
        pri = min((texts[key] for key in keys if key in texts), default=None)
    elif filename.endswith((".tar.gz", ".zip")):
        name_part, dash, version_part = filename[:-7 if filename.endswith(".tar.gz") else -4].rpartition("-")
        if not (dash and name_part):
            return None
        pri = worst
    else:
        return None
    release = _release(version_part)
    if release is None:
        return None
    return canonicalize_name(name_part), release, pri


def _packaging_rank(filename: str, tag_priority: Mapping[Tag, int], worst: int) -> tuple[str, Any, int | None] | None:
    """``(name, Version, priority)`` of a file by ``packaging``, or None for a file name it refuses."""
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    try:
        if filename.endswith(".whl"):
            n, v, _b, tags = parse_wheel_filename(filename)
            return n, v, min((tag_priority[t] for t in tags if t in tag_priority), default=None)
        n, v = parse_sdist_filename(filename)
        return n, v, worst
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None


_HEX = frozenset("0123456789abcdef")


def _is_sha256_hex(digest: str) -> bool:
    """``re.fullmatch(r"[0-9a-f]{64}", digest)``, without compiling a pattern in every install."""
    return len(digest) == 64 and _HEX.issuperset(digest)


def _version(text: str) -> Any:
    from packaging.version import Version

    return Version(text)


class Fetcher:
    """Finds, downloads and verifies files into ``staging``; one HTTP session for all."""

    def __init__(
        self,
        config: IndexConfig,
        environment: TargetEnvironment | Callable[[], TargetEnvironment],
        staging: Path,
        wheel_cache: Path | None = None,
        unpacked_cache: Path | None = None,
        verify_unpacked: str = "stat",
        tag_priority: Mapping[Tag, int] | None = None,
    ) -> None:
        self.config = config
        self.wheel_cache = wheel_cache
        self.unpacked_cache = unpacked_cache
        self.verify_unpacked = verify_unpacked
        # the environment (its ~900 Tag objects) only when an index is asked, or no ranks were given
        self._environment = environment
        self.tag_priority = tag_priority if tag_priority is not None else self.environment.tag_priority
        self.staging = staging
        self._local = threading.local()  # one HTTP session per download thread
        self._sessions: list[Any] = []
        self._sessions_lock = threading.Lock()
        self._client_lock = threading.Lock()
        self._client: Any = None
        self._local_links: dict[str, Path] | None = None

    @property
    def environment(self) -> TargetEnvironment:
        if callable(self._environment):
            self._environment = self._environment()
        return self._environment

    def close(self) -> None:
        for session in self._sessions:
            session.close()
        if self._client is not None:
            self._client.close()

    # -- candidates ------------------------------------------------------------------------
    def candidates(self, step: Step, *, use_cache: bool = True) -> list[Candidate]:
        package = step.package
        from_lock = [
            Candidate(f.filename or _filename_of(f.url), f.url, dict(f.hashes), True, size=f.size)
            for f in package.files
            if f.url
        ]
        if from_lock:
            return self._allowed(rank(from_lock, self.tag_priority, package.name, package.version), package)
        # a file the lock allows that is already in the wheel cache needs no index (and works offline)
        cached = self._allowed(rank(self._from_wheel_cache(package), self.tag_priority, package.name,
                                    package.version), package) if use_cache else []
        return cached or self._allowed(rank(self._from_index(package), self.tag_priority, package.name,
                                            package.version), package)

    def _allowed(self, cands: list[Candidate], package: LockedPackage) -> list[Candidate]:
        """Only the formats ``--only-binary``/``--no-binary`` allow for this package (pip skips
        the others before it checks hashes), from the command line or the lock's own lines."""
        formats = self.config.format_control
        if not formats:
            return cands
        name = canonicalize_name(package.name)
        return [c for c in cands if formats.allows(name, wheel=c.filename.endswith(".whl"))]

    def _from_wheel_cache(self, package: LockedPackage) -> list[Candidate]:
        if self.wheel_cache is None:
            return []
        out: list[Candidate] = []
        for alg, digest in sorted(allowed_hashes(package)):
            if alg != "sha256" or not _is_sha256_hex(digest):
                continue
            folder = self.wheel_cache / digest[:2] / digest
            try:
                names = sorted(p.name for p in folder.iterdir() if not p.name.endswith(".part"))
            except OSError:
                continue
            out += [Candidate(name, str(folder / name), {"sha256": digest}, False, True) for name in names]
        return out

    def _from_index(self, package: LockedPackage) -> list[Candidate]:
        releases = self._index_client().releases(package.name)
        want = _version(package.version)
        out: list[Candidate] = []
        for release in releases:
            if release.version == want:
                out += [Candidate(f.filename, f.url, dict(f.hashes), False, size=getattr(f, "size", None))
                        for f in release.files]
        return out

    def _index_client(self) -> Any:
        """The shared :class:`~stackwise.index.client.IndexClient` (imported and opened lazily)."""
        with self._client_lock:
            if self._client is None:
                from stackwise.index.client import IndexClient

                self._client = IndexClient(self.config, self.environment)
            return self._client

    def _find_links_file(self, filename: str) -> Path | None:
        """A file of this exact name in a local --find-links directory (for --offline)."""
        with self._client_lock:
            if self._local_links is None:
                links: dict[str, Path] = {}
                for location in self.config.find_links:
                    path = _local_path(location)
                    if path is not None and path.is_dir():
                        for entry in path.iterdir():
                            links.setdefault(entry.name, entry)
                self._local_links = links
            return self._local_links.get(filename)

    # -- fetching --------------------------------------------------------------------------
    def cached(self, step: Step) -> Staged | None:
        """What :meth:`fetch` would return for ``step`` when that is a verified entry of the
        unpacked cache, found without copying, downloading or asking an index; None when
        :meth:`fetch` has more to do (a miss, a damaged entry, a file it would refuse)."""
        if self.unpacked_cache is None:
            return None
        package = step.package
        if any(f.url for f in package.files):
            cands = self.candidates(step)  # the lock's own files: nothing remote is asked
        else:
            cands = self._allowed(rank(self._from_wheel_cache(package), self.tag_priority, package.name,
                                       package.version), package)
        allowed = allowed_hashes(package)
        for cand in cands:
            if cand.filename != Path(cand.filename).name or cand.filename in ("", ".", ".."):
                return None  # fetch() refuses it, with its message
            listed = {(a, d.lower()) for a, d in cand.hashes.items() if a in SUPPORTED_HASHES}
            if not cand.from_lock and listed and not listed & allowed:
                continue  # as fetch() skips it
            entry = self._unpacked_entry(cand, listed, allowed)
            if entry is None:
                return None
            return Staged(step, cand.filename, self.staging / "files" / cand.filename, f"sha256:{entry.root.name}",
                          unpacked=entry)
        return None

    def fetch(self, step: Step) -> Staged:
        """The first candidate whose bytes carry a hash the lock allows, copied into staging."""
        package = step.package
        label = f"{package.name}=={package.version}"
        allowed = allowed_hashes(package)
        cands = self.candidates(step)
        mismatches: list[str] = []
        staged = self._first_verified(step, cands, allowed, mismatches)
        if staged is None and cands and all(c.from_cache for c in cands):
            # every cached file was damaged (and removed): ask the indexes after all
            cands = self.candidates(step, use_cache=False)
            staged = self._first_verified(step, cands, allowed, mismatches)
        if staged is not None:
            return staged
        if not cands:
            where = "in the lock" if any(f.url for f in package.files) else "on the configured indexes and --find-links"
            formats = self.config.format_control.allowed(canonicalize_name(package.name))
            what = ("no compatible wheel, and --only-binary excludes sdists" if "source" not in formats else
                    "no sdist, and --no-binary excludes wheels" if "binary" not in formats else
                    "no compatible wheel and no sdist")
            raise InstallError(
                f"No file of {label} {where} can be installed on this target ({what}); "
                "lock for this platform/Python or add a wheelhouse with --find-links. Nothing was installed."
            )
        if not mismatches:
            raise InstallError(
                f"None of the files of {label} offered by the configured indexes and --find-links has a hash "
                "listed in the lock; the index content changed since locking or the lock was edited. Nothing was installed."
            )
        raise InstallError(
            f"Hash mismatch for {label}: {'; '.join(mismatches)}, which the lock does not allow "
            f"(expected one of {', '.join(sorted(a + ':' + d for a, d in allowed))}). The file or the lock was "
            "altered; stackwise refuses to install. Nothing was installed."
        )

    def _first_verified(
        self, step: Step, cands: list[Candidate], allowed: set[tuple[str, str]], mismatches: list[str]
    ) -> Staged | None:
        package = step.package
        label = f"{package.name}=={package.version}"
        algs = sorted({alg for alg, _ in allowed})
        for cand in cands:
            if cand.filename != Path(cand.filename).name or cand.filename in ("", ".", ".."):
                raise InstallError(f"{label}: the file name {cand.filename!r} in the lock is not a plain file name; refusing.")
            listed = {(a, d.lower()) for a, d in cand.hashes.items() if a in SUPPORTED_HASHES}
            if not cand.from_lock and listed and not listed & allowed:
                continue  # the index says this file is not one the lock allows: skip without downloading
            dest = self.staging / "files" / cand.filename

            def verified(digests: dict[str, str], cand: Candidate = cand, listed: set[tuple[str, str]] = listed) -> bool:
                got = set(digests.items())
                return bool(got & allowed) and (not cand.from_lock or not listed or listed <= got)

            entry = self._unpacked_entry(cand, listed, allowed)
            if entry is not None:
                return Staged(step, cand.filename, dest, f"sha256:{entry.root.name}", unpacked=entry)
            cached = self._cache_entry(cand, allowed)
            if cached is not None and cached.is_file():
                try:
                    digests = self._copy(cand, dest, algs, label, source=cached)
                except InstallError:
                    digests = {}  # an unreadable cache entry is a miss
                if digests and verified(digests):
                    return self._staged(step, cand, dest, digests, allowed)
                dest.unlink(missing_ok=True)
                cached.unlink(missing_ok=True)  # a corrupt cache entry: fetch the file again
                if cand.from_cache:
                    continue  # the candidate was that very cache entry
            digests = self._copy(cand, dest, algs, label)
            if verified(digests):
                store = self._cache_entry(cand, allowed, digests.get("sha256"))
                if store is not None and not store.is_file():
                    self._store(dest, store)
                return self._staged(step, cand, dest, digests, allowed)
            dest.unlink()
            mismatches.append(f"{cand.filename} has {algs[0]}:{digests[algs[0]]}")
            if cand.from_lock:
                break  # the lock named this very file: a different digest is tampering, not a choice
        return None

    @staticmethod
    def _staged(step: Step, cand: Candidate, dest: Path, digests: dict[str, str], allowed: set[tuple[str, str]]) -> Staged:
        match = sorted(set(digests.items()) & allowed)[0]
        return Staged(step, cand.filename, dest, f"{match[0]}:{match[1]}")

    # -- the shared wheel cache --------------------------------------------------------------
    def _unpacked_entry(
        self, cand: Candidate, listed: set[tuple[str, str]], allowed: set[tuple[str, str]]
    ) -> UnpackedEntry | None:
        """A verified extraction of this very file (same name, a sha256 the lock allows), if cached.

        A damaged entry is removed (and made again from the verified wheel by :mod:`.destination`)."""
        if self.unpacked_cache is None or not cand.filename.endswith(".whl"):
            return None
        want = {d for a, d in listed if a == "sha256"} or {d for a, d in allowed if a == "sha256"}
        for digest in sorted(want):
            if ("sha256", digest) not in allowed or not _is_sha256_hex(digest):
                continue
            root = entry_dir(self.unpacked_cache, digest)
            if not (root / MANIFEST).is_file():
                continue
            entry = load(root, verify=self.verify_unpacked)
            if entry is None:
                discard(root)
            elif entry.wheel == cand.filename:
                return entry
        return None

    def _cache_entry(self, cand: Candidate, allowed: set[tuple[str, str]], digest: str | None = None) -> Path | None:
        """Where ``cand`` lives in the wheel cache, if there is a cache and its sha256 (listed, or
        ``digest`` as computed) is one the lock allows."""
        if self.wheel_cache is None:
            return None
        digest = str(digest or cand.hashes.get("sha256", "")).lower()
        if not _is_sha256_hex(digest) or ("sha256", digest) not in allowed:
            return None
        return self.wheel_cache / digest[:2] / digest / cand.filename

    @staticmethod
    def _store(verified: Path, entry: Path) -> None:
        """Put a verified file into the cache atomically (hard link if possible); a cache that
        cannot be written only costs a later download, so failures are ignored."""
        part = entry.with_name(f"{entry.name}.{os.urandom(16).hex()}.part")
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(verified, part)
            except OSError:
                shutil.copyfile(verified, part)
            os.replace(part, entry)
        except OSError:
            with contextlib.suppress(OSError):  # (a cache directory under a file: NotADirectoryError)
                part.unlink(missing_ok=True)

    def _copy(self, cand: Candidate, dest: Path, algs: list[str], label: str, *, source: Path | None = None) -> dict[str, str]:
        """Copy/download ``cand`` (or read ``source`` instead) to ``dest`` computing each digest in ``algs``."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        import hashlib  # (a file copied or downloaded: not a warm install's)

        hashers = {a: hashlib.new(a) for a in algs}
        if source is None:
            source = _local_path(cand.url)
        if source is None:
            # a wheelhouse copy of the same file saves the download (its hash is checked all the same)
            source = self._find_links_file(cand.filename)
            if source is None and self.config.offline:
                raise InstallError(
                    f"{label} needs {cand.filename} from {cand.url}, and --offline forbids network access; put the "
                    "file in a directory passed with --find-links. Nothing was installed."
                )
        # an endless or oversized answer stops at the listed size, else (a download) at the limit
        limit = cand.size if cand.size is not None else self._download_limit() if source is None else None
        tmp = dest.with_name(dest.name + ".part")
        try:
            with open(tmp, "wb") as out:
                got = 0
                for chunk in self._chunks(source, cand.url, label, limit, cand):
                    got += len(chunk)
                    if limit is not None and got > limit:
                        raise InstallError(self._too_large(cand, label, limit))
                    for h in hashers.values():
                        h.update(chunk)
                    out.write(chunk)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InstallError(
                f"Could not write {cand.filename} for {label} into the staging directory {dest.parent} "
                f"({exc.strerror or exc}); free some space or check permissions. Nothing was installed."
            ) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, dest)
        return {a: h.hexdigest() for a, h in hashers.items()}

    def _download_limit(self) -> int:
        """The cap for a download of unknown size (the settings are read once, by the first such download)."""
        from stackwise.index._body import download_limit

        with self._client_lock:
            return download_limit()

    @staticmethod
    def _too_large(cand: Candidate, label: str, limit: int) -> str:
        """Why ``cand`` was stopped at ``limit`` bytes: past the lock's size it is not the locked file."""
        if cand.size is not None and cand.from_lock:
            return (f"Hash mismatch for {label}: {cand.filename} is larger than the {cand.size} bytes the "
                    "lock gives (stopped reading there), so it cannot be the file the lock allows. The file or "
                    "the lock was altered; stackwise refuses to install. Nothing was installed.")
        from stackwise.index._body import too_large

        listed = "the index lists" if cand.size is not None else None
        return f"Downloading {cand.filename} for {label} stopped: {too_large(cand.url, limit, listed=listed)}. Nothing was installed."

    def _chunks(self, source: Path | None, url: str, label: str, limit: int | None = None,
                cand: Candidate | None = None) -> Iterator[bytes]:
        if source is not None:
            try:
                # a device or pipe (/dev/zero) may never end or never open: only files are read
                with open_regular(source) as f:
                    while chunk := f.read(_CHUNK):
                        yield chunk
            except NotRegularFile:
                raise InstallError(f"{source} for {label} is not a regular file (a directory, device or "
                                   "pipe); name the wheel or sdist file itself. Nothing was installed.") from None
            except OSError as exc:
                raise InstallError(f"Could not read {source} for {label} ({exc.strerror or exc}).") from None
            return
        import requests

        from stackwise.index._body import MIN_RATE, chunks_as_they_come

        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            with self._sessions_lock:
                self._sessions.append(session)
        try:
            with session.get(url, stream=True, timeout=self.config.timeout,
                             verify=self.config.verify_tls(url)) as resp:  # False only for a --trusted-host
                if resp.status_code != 200:
                    raise InstallError(
                        f"Downloading {url} for {label} failed: HTTP {resp.status_code} {resp.reason or ''}. "
                        "Nothing was installed."
                    )
                from stackwise._text import decimal_header

                length = decimal_header(resp.headers.get("Content-Length", ""), 18)  # ('\xb2': not a length)
                if (limit is not None and cand is not None and cand.size is not None and length is not None
                        and length > limit and not resp.headers.get("Content-Encoding")):
                    # announced longer than the listed size: not one byte is read (an unlisted size is
                    # counted as the body arrives instead)
                    raise InstallError(self._too_large(cand, label, limit))
                # each piece as the socket gives it: a server trickling bytes never trips the
                # per-read timeout, so once the timeout has passed the file must average MIN_RATE
                start, got = time.monotonic(), 0
                for chunk in chunks_as_they_come(resp):
                    got += len(chunk)
                    elapsed = time.monotonic() - start
                    if elapsed > self.config.timeout and got < MIN_RATE * elapsed:
                        raise InstallError(
                            f"Downloading {url} for {label} stopped: it arrived at {got / elapsed:.0f} bytes/s, too "
                            f"slowly to finish within the {self.config.timeout:g} s timeout (pip's timeout setting "
                            "or PIP_TIMEOUT). Nothing was installed.")
                    yield chunk
        except requests.RequestException as exc:
            raise InstallError(
                f"Downloading {url} for {label} failed ({type(exc).__name__}); check the network or use "
                "--offline --find-links DIR with a wheelhouse. Nothing was installed."
            ) from None


def fetch_all(
    steps: list[Step],
    config: IndexConfig,
    environment: TargetEnvironment | Callable[[], TargetEnvironment],
    staging: Path,
    wheel_cache: Path | None = None,
    unpacked_cache: Path | None = None,
    ready: Callable[[Staged], None] | None = None,
    verify_unpacked: str = "stat",
    tag_priority: Mapping[Tag, int] | None = None,
) -> list[Staged]:
    """Every file the plan needs, verified, in ``staging`` (or verified in the unpacked cache) --
    or an :class:`InstallError`.

    ``wheel_cache``, ``unpacked_cache``: directories shared by many installs (see the module
    docstring). ``ready`` is called in the worker thread with each file as soon as it is
    verified, so the caller can stage it while other files are still being fetched.
    ``verify_unpacked``: how entries of the unpacked cache are checked (:func:`.unpacked.load`).
    ``environment`` may be a function that makes it (called only when an index is asked, or when no
    ``tag_priority`` is given: the environment's own)."""
    todo = [step for step in steps if step.action != "skip"]
    fetcher = Fetcher(config, environment, staging, wheel_cache, unpacked_cache, verify_unpacked, tag_priority)

    def job(step: Step) -> Staged:
        staged = fetcher.fetch(step)
        if ready is not None:
            ready(staged)
        return staged

    try:
        # Packages already unpacked in the cache are checked right here: a stat per file and
        # no download, so threads would only add their start-up and contend for the
        # interpreter lock with the planning of each package (``ready``).
        found = [fetcher.cached(step) for step in todo]
        misses = [step for step, hit in zip(todo, found, strict=True) if hit is None]
        if len(misses) < 2:
            fetched = iter([job(step) for step in misses])
        else:
            from concurrent.futures import ThreadPoolExecutor  # (not imported on a warm install)

            # downloads overlap (index pages are still fetched one at a time by the index client)
            pool = ThreadPoolExecutor(max_workers=min(_WORKERS, len(misses)))
            fetched = pool.map(job, misses)  # started now; the cached ones are handed over meanwhile
        try:
            if ready is not None:
                for hit in found:
                    if hit is not None:
                        ready(hit)
            out = [hit if hit is not None else next(fetched) for hit in found]
        finally:
            if len(misses) >= 2:
                pool.shutdown(wait=True, cancel_futures=True)
        return out
    finally:
        fetcher.close()


# -- sdists --------------------------------------------------------------------------------------

BUILD_TIMEOUT = 600.0


def build_wheel(staged: Staged, config: IndexConfig, tag_priority: Mapping[Tag, int], *, allow_build: bool) -> Path:
    """A wheel for ``staged``: the file itself, or one built from the sdist with PEP 517 (isolated).

    Built with PyPA ``build`` in a child process
    (:func:`stackwise.index.build.build_local_project`) so the build backend and its isolated
    environment never run inside stackwise, and a build past :data:`BUILD_TIMEOUT` is killed with
    its whole process group; build requirements come from the same indexes / find-links
    (``installer_environ``; only find-links with ``--offline``). The built wheel must be
    compatible with the target, else the install is refused.
    """
    if staged.filename.endswith(".whl"):
        return staged.path
    label = f"{staged.step.package.name}=={staged.step.package.version}"
    if not allow_build:
        raise InstallError(
            f"{label} is available only as an sdist ({staged.filename}) and --no-build forbids building it; "
            "provide a wheel (e.g. with --find-links) or allow the build. Nothing was installed."
        )
    import tarfile  # (sdists only: not imported on a wheel install; neither are tempfile and zipfile)
    import tempfile
    import zipfile

    from stackwise.index.build import ProjectBuildError, build_local_project

    work = Path(tempfile.mkdtemp(prefix="build-", dir=staged.path.parent.parent))
    src = work / "src"
    try:
        _extract(staged.path, src)
    except (OSError, tarfile.TarError, zipfile.BadZipFile, ValueError) as exc:
        raise InstallError(f"The sdist {staged.filename} of {label} cannot be unpacked: {exc}. Nothing was installed.") from None
    roots = [p for p in src.iterdir() if p.is_dir()]
    project = roots[0] if len(roots) == 1 else src
    try:
        wheel = build_local_project(project, work / "dist", kind="wheel", config=config, timeout=BUILD_TIMEOUT)
    except ProjectBuildError as exc:
        if exc.reason.startswith("the build did not finish"):
            raise InstallError(f"Building a wheel from {staged.filename} took over {BUILD_TIMEOUT:g} s (the build "
                               "was stopped). Nothing was installed.") from None
        why = one_line(exc.output.removeprefix(" Build output: ") or exc.reason)  # an sdist's own output: escaped
        raise InstallError(
            f"Building a wheel from {staged.filename} ({label}) failed: {why[-300:]}. "
            "Provide a wheel for it with --find-links, or fix the build. Nothing was installed."
        ) from None
    from packaging.utils import parse_wheel_filename

    _n, _v, _b, tags = parse_wheel_filename(wheel.name)
    if not any(t in tag_priority for t in tags):
        raise InstallError(
            f"The wheel built from {staged.filename} ({wheel.name}) does not fit the target environment "
            "(it was built with stackwise's interpreter); provide a compatible wheel. Nothing was installed."
        )
    return wheel


def _extract(archive: Path, dest: Path) -> None:
    import tarfile
    import zipfile

    dest.mkdir(parents=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                target = (dest / member).resolve()
                if not target.is_relative_to(dest.resolve()):
                    raise ValueError(f"member {member!r} escapes the archive")
            zf.extractall(dest)
        return
    with tarfile.open(archive) as tf:
        if hasattr(tarfile, "data_filter"):
            tf.extractall(dest, filter="data")
        else:  # pragma: no cover - Python without PEP 706 filters
            for member in tf.getmembers():
                if member.issym() or member.islnk() or not (dest / member.name).resolve().is_relative_to(dest.resolve()):
                    raise ValueError(f"member {member.name!r} is unsafe")
            tf.extractall(dest)


def remove_tree(path: Path) -> None:
    """Delete a staging directory, ignoring what is already gone."""
    shutil.rmtree(path, ignore_errors=True)
