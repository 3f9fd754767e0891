"""On-disk cache of per-package score documents fetched from score services.

Layout: ``<cache dir>/scores-v1/<service key>/packages/<name>.json``, one small JSON file
per package with the service's ETag and the time it was fetched, plus ``service.json``
(the service's URL, last seen KB revision and rule count). The cache dir is the one the
index cache uses (``--cache-dir``, else ``platformdirs.user_cache_dir("stackwise")``).

Why one file per package rather than the index cache's SQLite database: entries are
written whole and read whole, and a reader must never be blocked by a writer; an atomic
``os.replace`` gives exactly that, and a damaged entry costs one refetch, not the cache.
Writers take a per-service file lock (``filelock``) around a batch, so two concurrent
pip/stackwise runs never interleave a batch or race ``cache clear``; readers need no lock.

Every entry is validated on read by the one score-file validator: a corrupt, truncated,
hand-edited or foreign file is ignored (and refetched), never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stackwise._dataclass import dataclass
from stackwise.errors import ScoreFileError
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.scorefile import parse_document

log = logging.getLogger("stackwise.knowledge")

CACHE_DIR_NAME = "scores-v1"
ENTRY_FORMAT = "stackwise-score-cache"
LOCK_TIMEOUT = 60.0
#: Seconds a fetch time may lie in the future (clock granularity) before the entry is stale.
FUTURE_SLACK = 5.0
#: Bytes all cached score documents (every service, live vulnerability data too) and the
#: verified snapshot files may take on disk; beyond it the least recently fetched documents
#: are removed.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: Beside ``scores-v1``: per pinned root, the trusted TUF metadata and the verified snapshot
#: files of score services (knowledge/trust.py).
TUF_DIR_NAME = "tuf-v1"
#: In each of its repositories: which target was verified last, and when.
TUF_STATE_FILE = "verified.json"


def _write_atomic(path: Path, text: str) -> None:
    """Temp file + ``os.replace``: readers see the old entry or the new one, never a torn one.

    No fsync, unlike :func:`stackwise._atomic.atomic_write_bytes`: the cache is disposable (an
    entry lost or emptied by a power cut fails validation and is refetched), and an fsync per
    entry made a cold 200-package fetch ten times slower (:func:`stackwise._atomic.write_unsynced`).
    """
    from stackwise._atomic import write_unsynced

    write_unsynced(path, text.encode("utf-8"))


def read_cache_file(path: Path) -> bytes:
    """The bytes of a file stackwise wrote into its cache; anything but a regular file there
    (a FIFO, a device: a damaged or tampered cache) is an ``OSError``, never a read that
    waits forever for a writer."""
    from stackwise._inputfile import open_regular

    with open_regular(path) as f:
        return f.read()


def tuf_target_files(cache_dir: Path) -> list[tuple[Path, int]]:
    """Every verified snapshot file (and its size) under ``<cache_dir>/tuf-v1/*/targets/``.

    Only the target files: the trusted metadata beside them (root, timestamp, snapshot,
    targets) is what refuses a rollback, and is never listed here, counted or removed."""
    found: list[tuple[Path, int]] = []
    try:
        repositories = [d.path for d in os.scandir(cache_dir / TUF_DIR_NAME) if d.is_dir()]
    except OSError:
        return found
    for repository in repositories:
        try:
            items = list(os.scandir(os.path.join(repository, "targets")))
        except OSError:
            continue
        for item in items:
            with contextlib.suppress(OSError):
                if item.is_file():
                    found.append((Path(item.path), item.stat().st_size))
    return found


def remove_tuf_targets(cache_dir: Path) -> tuple[int, int]:
    """Delete the verified snapshot files (count, bytes); the trusted metadata stays.

    A client then downloads the target again at its next refresh, and ngclient checks it
    against the kept metadata as any download: nothing older can come back this way. The
    record of the last verification goes too, so nothing points at a missing file."""
    count = size = 0
    for path, bytes_ in tuf_target_files(cache_dir):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            count += 1
            size += bytes_
    with contextlib.suppress(OSError):
        for repository in (cache_dir / TUF_DIR_NAME).iterdir():
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                (repository / TUF_STATE_FILE).unlink()
            for leftover in repository.glob("stackwise-tuf-*"):  # a download cut by a crash
                shutil.rmtree(leftover, ignore_errors=True)
    return count, size


def default_cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """``<cache_dir or platform user cache dir>/scores-v1``."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser() / CACHE_DIR_NAME
    import platformdirs

    return Path(platformdirs.user_cache_dir("stackwise")) / CACHE_DIR_NAME


def service_key(url: str) -> str:
    """A directory name per service: readable host part plus a hash of the full URL."""
    norm = url.rstrip("/")
    host = norm.split("://", 1)[-1].split("/", 1)[0]
    safe = "".join(c if c.isalnum() or c in "-." else "_" for c in host)[:60]
    return f"{safe}-{hashlib.sha256(norm.encode('utf-8')).hexdigest()[:12]}"


@dataclass(frozen=True)
class CacheEntry:
    """One package's cached document, validated."""

    name: str
    etag: str | None
    fetched_at: float
    kb: KnowledgeBase
    document: dict[str, Any]
    #: Versions the source could not answer for ("*" = the whole package): their data is
    #: unknown, which is not the same as "no rules" (see vulns.LiveVulnerabilities).
    unknown: tuple[str, ...] = ()

    def age(self, now: float | None = None) -> float:
        """Seconds since the fetch; infinite for a fetch time in the future (a clock set back,
        or a hand-made entry): such an entry must count as stale, never as fresh forever."""
        age = (time.time() if now is None else now) - self.fetched_at
        return math.inf if age < -FUTURE_SLACK else max(0.0, age)


def describe_age(seconds: float) -> str:
    """'45 s', '12 min', '3 h 5 min', '2 days'."""
    if not math.isfinite(seconds):
        return "an unknown time"
    s = int(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min"
    if s < 2 * 86400:
        h, m = divmod(s // 60, 60)
        return f"{h} h {m} min" if m else f"{h} h"
    return f"{s // 86400} days"


class ScoreCache:
    """The cache for one service URL. Never raises on I/O trouble: it degrades to no cache."""

    def __init__(self, root: Path, url: str, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.url = url.rstrip("/")
        self.dir = self.root / service_key(self.url)
        self.packages_dir = self.dir / "packages"
        self.max_bytes = max_bytes
        self._writable = True
        self._warned = False
        self._wrote = 0  # bytes written in the current batch
        self.evicted = 0

    # -- reading ---------------------------------------------------------------------------
    def _entry_path(self, name: str) -> Path:
        return self.packages_dir / f"{name}.json"

    def get(self, name: str) -> CacheEntry | None:
        """The validated entry, or None when absent or unusable (a bad file is removed)."""
        path = self._entry_path(name)
        try:
            raw = read_cache_file(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.debug("cannot read %s: %s", path, exc)
            return None
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("format") != ENTRY_FORMAT or data.get("version") != 1:
                raise ValueError("not a stackwise score cache entry")
            if data.get("package") != name or data.get("source") != self.url:
                raise ValueError("entry belongs to another package or service")
            fetched_at = data.get("fetched_at")
            etag = data.get("etag")
            if not isinstance(fetched_at, (int, float)) or isinstance(fetched_at, bool) or not math.isfinite(fetched_at):
                raise ValueError("no fetch time")  # NaN would make the entry fresh forever
            if etag is not None and not isinstance(etag, str):
                raise ValueError("bad etag")
            unknown = data.get("unknown", [])
            if not isinstance(unknown, list) or not all(isinstance(u, str) for u in unknown):
                raise ValueError("bad list of unknown versions")
            document = data.get("document")
            kb = parse_document(document, f"cached scores {path}")
        except (ValueError, ScoreFileError, UnicodeDecodeError, RecursionError) as exc:
            log.warning("stackwise: ignoring the unreadable score cache entry %s (%s); it will be refetched.",
                        path, str(exc).splitlines()[0])
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return CacheEntry(name, etag, float(fetched_at), kb, document, tuple(unknown))  # type: ignore[arg-type]

    def service_info(self) -> dict[str, Any]:
        try:
            data = json.loads(read_cache_file(self.dir / "service.json"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError, RecursionError):  # RecursionError: a corrupt file nested too deeply
            return {}

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[bool]:
        """Hold the service's write lock; yields False (no lock, writes skipped) if the
        cache cannot be written or the lock cannot be had within LOCK_TIMEOUT."""
        if not self._writable:
            yield False
            return
        from filelock import FileLock, Timeout

        try:
            self.packages_dir.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.dir / ".lock"), timeout=LOCK_TIMEOUT)
            lock.acquire()
        except (OSError, Timeout) as exc:
            self._disable(exc)
            yield False
            return
        try:
            self._wrote = 0
            yield True
            if self._wrote:
                self._enforce_cap(self._wrote)
        finally:
            lock.release()

    def _disable(self, exc: BaseException) -> None:
        self._writable = False
        if not self._warned:
            self._warned = True
            log.warning("stackwise: cannot write the score cache in %s (%s); continuing without caching.",
                        self.dir, exc)

    def put(self, name: str, etag: str | None, document: dict[str, Any], fetched_at: float | None = None,
            unknown: tuple[str, ...] = ()) -> None:
        """Store one entry atomically (call inside :meth:`locked`)."""
        if not self._writable:
            return
        entry = {
            "format": ENTRY_FORMAT,
            "version": 1,
            "source": self.url,
            "package": name,
            "etag": etag,
            "fetched_at": time.time() if fetched_at is None else fetched_at,
            "document": document,
        }
        if unknown:
            entry["unknown"] = list(unknown)
        text = json.dumps(entry, separators=(",", ":"))
        if self.max_bytes is not None and len(text) > self.max_bytes // 4:
            log.debug("not caching %s: %d bytes is over a quarter of the cache cap", name, len(text))
            return  # one package must not push everything else out of the cache
        try:
            _write_atomic(self._entry_path(name), text)
            self._wrote += len(text)
        except OSError as exc:
            self._disable(exc)

    def touch(self, entry: CacheEntry, fetched_at: float | None = None) -> None:
        """A 304: the stored document is fresh again."""
        self.put(entry.name, entry.etag, entry.document, fetched_at, entry.unknown)

    def put_service_info(self, revision: str | None, rule_count: int | None) -> None:
        if not self._writable:
            return
        old = self.service_info()
        if old.get("revision") == revision and old.get("rule_count") == rule_count:
            return
        info = {"source": self.url, "revision": revision, "rule_count": rule_count, "seen_at": time.time()}
        try:
            _write_atomic(self.dir / "service.json", json.dumps(info))
        except OSError as exc:
            self._disable(exc)

    def _enforce_cap(self, added: int) -> None:
        """Remove the least recently fetched entries of every service under the root until
        the whole score cache is back under 90 % of ``max_bytes``.

        The directory is scanned only when a running estimate (``.usage``: the size at the
        last scan plus every byte written since, rewrites counted twice) passes the cap, so
        a batch costs one small read and write, not a stat of every entry. Entries of other
        services are removed without their lock: a reader then sees no entry (a refetch),
        and a writer's rename simply creates the file again.

        The verified snapshot files (``tuf-v1/*/targets/``, one per pinned service) count
        toward the cap but are never removed here: they are the knowledge a verified client
        resolves with, so documents make room for them.
        """
        if self.max_bytes is None:
            return
        fixed = sum(size for _, size in tuf_target_files(self.root.parent))
        usage = self.root / ".usage"
        try:
            estimate = int(read_cache_file(usage).decode("ascii")) + added
        except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
            estimate = None
        if estimate is not None and estimate + fixed <= self.max_bytes:
            with contextlib.suppress(OSError):
                _write_atomic(usage, str(estimate))
            return
        found: list[tuple[float, int, str]] = []
        total = 0
        try:
            services = [d for d in os.scandir(self.root) if d.is_dir()]
        except OSError:
            return
        for service in services:
            try:
                items = list(os.scandir(os.path.join(service.path, "packages")))
            except OSError:
                continue
            for item in items:
                if not item.name.endswith(".json"):
                    continue
                try:
                    st = item.stat()
                except OSError:
                    continue
                total += st.st_size
                found.append((st.st_mtime, st.st_size, item.path))
        if total + fixed > self.max_bytes:
            goal = self.max_bytes * 0.9 - fixed
            for _, size, path in sorted(found):
                if total <= goal:
                    break
                with contextlib.suppress(OSError):
                    os.unlink(path)
                    total -= size
                    self.evicted += 1
        with contextlib.suppress(OSError):
            _write_atomic(usage, str(total))

    # -- maintenance -------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        entries = 0
        size = 0
        oldest = newest = None
        for path in self.packages_dir.glob("*.json") if self.packages_dir.is_dir() else ():
            try:
                st = path.stat()
            except OSError:
                continue
            entries += 1
            size += st.st_size
            oldest = st.st_mtime if oldest is None else min(oldest, st.st_mtime)
            newest = st.st_mtime if newest is None else max(newest, st.st_mtime)
        info = self.service_info()
        return {"source": self.url, "directory": str(self.dir), "entries": entries, "bytes": size,
                "oldest": oldest, "newest": newest, "revision": info.get("revision"),
                "rule_count": info.get("rule_count")}


def all_services(root: Path) -> list[ScoreCache]:
    """Every service cached under ``root`` (from each directory's service.json)."""
    out = []
    if not root.is_dir():
        return out
    for d in sorted(root.iterdir()):
        if not d.is_dir():
            continue
        try:
            info = json.loads(read_cache_file(d / "service.json"))
            url = info["source"]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            url = f"(unknown service, {d.name})"
        cache = ScoreCache(root, url) if isinstance(url, str) and "://" in url else None
        if cache is not None and cache.dir == d:
            out.append(cache)
        else:
            bogus = ScoreCache(root, "unknown://" + d.name)
            bogus.dir = d
            bogus.packages_dir = d / "packages"
            out.append(bogus)
    return out


def clear(root: Path) -> int:
    """Remove every cached score entry under ``root``, each service under its write lock."""
    removed = 0
    for cache in all_services(root):
        with cache.locked():
            removed += cache.stats()["entries"]
            shutil.rmtree(cache.packages_dir, ignore_errors=True)
            with contextlib.suppress(OSError):
                (cache.dir / "service.json").unlink()
        # The directory and its .lock stay: unlinking a lock file another process waits on
        # would let two writers hold "the" lock at once.
    return removed
