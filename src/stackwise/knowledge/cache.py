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
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stackwise.errors import ScoreFileError
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.scorefile import parse_document

log = logging.getLogger("stackwise.knowledge")

CACHE_DIR_NAME = "scores-v1"
ENTRY_FORMAT = "stackwise-score-cache"
LOCK_TIMEOUT = 60.0


def _write_atomic(path: Path, text: str) -> None:
    """Temp file + ``os.replace``: readers see the old entry or the new one, never a torn one.

    No fsync, unlike :mod:`stackwise._atomic`: the cache is disposable (an entry lost or
    emptied by a power cut fails validation and is refetched), and an fsync per entry made
    a cold 200-package fetch ten times slower.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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

    def age(self, now: float | None = None) -> float:
        return max(0.0, (time.time() if now is None else now) - self.fetched_at)


def describe_age(seconds: float) -> str:
    """'45 s', '12 min', '3 h 5 min', '2 days'."""
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

    def __init__(self, root: Path, url: str) -> None:
        self.root = Path(root)
        self.url = url.rstrip("/")
        self.dir = self.root / service_key(self.url)
        self.packages_dir = self.dir / "packages"
        self._writable = True
        self._warned = False

    # -- reading ---------------------------------------------------------------------------
    def _entry_path(self, name: str) -> Path:
        return self.packages_dir / f"{name}.json"

    def get(self, name: str) -> CacheEntry | None:
        """The validated entry, or None when absent or unusable (a bad file is removed)."""
        path = self._entry_path(name)
        try:
            raw = path.read_bytes()
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
            if not isinstance(fetched_at, (int, float)) or isinstance(fetched_at, bool):
                raise ValueError("no fetch time")
            if etag is not None and not isinstance(etag, str):
                raise ValueError("bad etag")
            document = data.get("document")
            kb = parse_document(document, f"cached scores {path}")
        except (ValueError, ScoreFileError, UnicodeDecodeError, RecursionError) as exc:
            log.warning("stackwise: ignoring the unreadable score cache entry %s (%s); it will be refetched.",
                        path, str(exc).splitlines()[0])
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return CacheEntry(name, etag, float(fetched_at), kb, document)  # type: ignore[arg-type]

    def service_info(self) -> dict[str, Any]:
        try:
            data = json.loads((self.dir / "service.json").read_bytes())
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
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
            yield True
        finally:
            lock.release()

    def _disable(self, exc: BaseException) -> None:
        self._writable = False
        if not self._warned:
            self._warned = True
            log.warning("stackwise: cannot write the score cache in %s (%s); continuing without caching.",
                        self.dir, exc)

    def put(self, name: str, etag: str | None, document: dict[str, Any], fetched_at: float | None = None) -> None:
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
        try:
            _write_atomic(self._entry_path(name), json.dumps(entry, separators=(",", ":")))
        except OSError as exc:
            self._disable(exc)

    def touch(self, entry: CacheEntry, fetched_at: float | None = None) -> None:
        """A 304: the stored document is fresh again."""
        self.put(entry.name, entry.etag, entry.document, fetched_at)

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
            info = json.loads((d / "service.json").read_bytes())
            url = info["source"]
        except (OSError, ValueError, KeyError, TypeError):
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
