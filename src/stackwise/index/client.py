"""Ask package indexes and find-links locations what exists, and what it depends on.

Mirrors pip's finder so that, with no knowledge-base scores, stackwise picks exactly
pip's versions: files from every location are pooled per version, the best file per
version is pip's choice (non-yanked, best wheel tag, else sdist), and Requires-Python
filters files. Speed comes from the cache (see :mod:`stackwise.index.cache`): a page
fetched within ``ttl`` is used without any network traffic, and metadata, which never
changes for a given file, is fetched once. ``requests`` is imported only when a
request is actually made.

Freshness of a cached page is ``min(ttl, server max-age)``: the server may shorten it
(``max-age=0`` / ``no-cache`` means "revalidate every time"), the user may shorten it
further, and ``--offline`` uses any cached page whatever its age. After that, the page
is revalidated with ``If-None-Match`` / ``If-Modified-Since``; a 304 answer makes it
fresh again without re-parsing. ``Cache-Control: no-store`` pages are never stored.
Local pages (file:// indexes, find-links directories) are cached too, keyed by their
mtime and size, so parsing is skipped while they are unchanged.

A warm run reads little: an index page is stored "by version" (each version's rows in
their own cache row) and, per target environment, a *digest* of the built project
(versions newest first, each one's best file, the skipped versions) is stored beside
it. The resolver gets releases straight from the digest; the complete file list of a
release (its ``--hash`` lines) is read only for releases that are pinned. Digests are
dropped whenever their page is replaced. In the common case of one http(s) index and
no find-links, :meth:`IndexClient.prefetch` requests stale or missing pages of
upcoming projects on a few threads while the resolver works.

Find-links directories list no hashes: ``DistFile.hashes`` is empty and
:meth:`IndexClient.file_hashes` computes the sha256 on demand (cached by path and stat stamp:
mtime, size, change time, inode), because hashing large local wheels eagerly would slow down every resolution.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import io
import json
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.errors import (
    SKIPPED,
    BuildPastDeadline,
    CandidateBuildFailed,
    CandidateUnavailable,
    IndexFetchError,
    MetadataError,
    MetadataNeedsBuild,
    MetadataNotCached,
    ProjectUnbuildable,
    StackwiseError,
)
from stackwise.index import simple
from stackwise.index.cache import IndexCache, PageEntry
from stackwise.index.config import IndexConfig
from stackwise.index.layout import page_is_fresh
from stackwise.index.lazywheel import CHUNK, LazyRemoteFile
from stackwise.index.metadata import (
    Metadata,
    SdistNeedsBuild,
    check_matches,
    metadata_from_sdist,
    metadata_from_wheel,
    parse_metadata,
)
from stackwise.index.models import DistFile, Project, Release, Skipped, lazy_releases, times_text
from stackwise.index.stamps import local_key, local_stamp, stat_validator

if TYPE_CHECKING:
    from collections.abc import Mapping
    from concurrent.futures import Future, ThreadPoolExecutor

    import requests

    from stackwise.index.edgestore import EdgeStore

__all__ = ["IndexClient", "Metadata"]

_HINT_NET = "Check the URL and your network connection, or use --offline to work from the cache."
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_ERRNO = re.compile(r"\[Errno -?\d+\][^'\")\]]*")


_PREFETCH_THREADS = 8  # concurrent page requests while resolving (I/O bound)
_DIGEST_FORMAT = 4  # bump when the digest layout or _build_project's output changes (4: upload times)


def _is_remote(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def _url2pathname(path: str) -> str:
    """Filesystem path of a file:// URL path (avoids importing urllib.request, ~20 ms)."""
    if os.name == "nt":  # pragma: no cover - Windows drive letters and backslashes
        from nturl2path import url2pathname

        return url2pathname(path)
    return unquote(path)


def _local_path(location: str) -> Path | None:
    """The filesystem path of a file:// URL or a plain path; None for http(s)."""
    if location.startswith("file:"):
        parts = urlsplit(location)
        return Path(_url2pathname(parts.path))
    if _is_remote(location):
        return None
    if _SCHEME.match(location):
        raise IndexFetchError(
            f"{location} uses an unsupported URL scheme; package indexes and find-links locations "
            "must be http://, https:// or file:// URLs, or local paths."
        )
    return Path(location).expanduser()


def _cache_control(headers: Any) -> tuple[bool, float | None]:
    """(store allowed, max-age) from Cache-Control; ``no-cache`` means revalidate every time."""
    value = (headers.get("Cache-Control") or "").lower()
    store = "no-store" not in value
    max_age: float | None = None
    if "no-cache" in value:
        max_age = 0.0
    else:
        m = re.search(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", value)
        if m:
            max_age = float(m.group(1))
    return store, max_age


def _short_reason(exc: BaseException, timeout: float) -> str:
    import requests

    if isinstance(exc, requests.Timeout):
        return f"no answer within {_seconds(timeout)}"
    text = str(exc)
    m = _ERRNO.search(text)
    if isinstance(exc, requests.exceptions.SSLError):
        return ("TLS/SSL verification failed (set REQUESTS_CA_BUNDLE or pip's cert option if you use a custom CA, "
                "or --trusted-host HOST to skip the check for a host you trust)")
    if isinstance(exc, requests.ConnectionError):
        return f"could not connect ({m.group(0).strip()})" if m else "could not connect"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "the server answered with a body its Content-Encoding header does not describe (it cannot be decoded)"
    return f"{type(exc).__name__}: {m.group(0).strip() if m else text[:200]}"


_FAILED_BUILD_TTL = 7 * 24 * 3600.0
# Releases of one project whose metadata build failed (in this run, or remembered) before
# its older sdists are no longer downloaded and built: a missing C library fails every
# release alike, and skipping each failure sent resolutions through every old sdist of a
# project, building each (tens of minutes where pip stops at the first failure).
_FAILED_BUILDS_PER_PROJECT = 3



#: A Requires-Dist line whose whole marker is ``extra == "name"`` (no URL): no dependency without extras.
_EXTRA_ONLY = re.compile(r"""^[^@;]*;\s*extra\s*==\s*(['"])([A-Za-z0-9._-]+)\1\s*$""")
_MISSING: Any = object()
#: json.dumps(x, separators=(",", ":")), without a new encoder object per call (a cold page
#: stores one JSON text per version: thousands per page).
_COMPACT = json.JSONEncoder(separators=(",", ":"), check_circular=False)  # our own rows: no cycles (~17 % faster)

def _choose_of(client: IndexClient, items: Sequence[tuple[list[Any], str]], name: NormalizedName, _key: Any
               ) -> tuple[tuple[DistFile, ...], DistFile]:
    """A lazily built release's (files, best file): :meth:`IndexClient._choose` of its rows."""
    files, best, _ = client._choose(items, name)
    assert best is not None  # the release exists because _pick found this file
    return tuple(files), best


class IndexClient:
    """Projects, releases and metadata from the configured locations; use as a context manager."""

    def __init__(self, config: IndexConfig, target: TargetEnvironment) -> None:
        self.config = config
        self.target = target
        self.cache = IndexCache(config.resolved_cache_dir())
        self._session: requests.Session | None = None
        self._local = threading.local()  # one HTTP session per prefetch thread
        self._worker_sessions: list[requests.Session] = []
        self._pool: ThreadPoolExecutor | None = None
        self._writer: ThreadPoolExecutor | None = None  # one thread storing digests (_store_digest), in order
        self._prefetched: dict[str, Future[tuple[PageEntry | None, Any]]] = {}  # by page URL
        self._stats_lock = threading.Lock()
        self._fresh: set[str] = set()  # page URLs prefetch() found fresh: nothing to do
        # Page URLs a project load has taken (its prefetch popped, or read directly): never
        # prefetched again. _prefetched, _fresh and _taken are guarded by _pf_lock, a leaf lock
        # (nothing waits while holding it), so a prefetch thread may queue pages while the
        # resolver's thread holds _lock waiting on that very thread's future.
        self._taken: set[str] = set()
        self._pf_lock = threading.Lock()
        self._closed = False
        self._built: dict[str, Project] = {}  # page URL -> its project, built on the prefetch thread that read it
        self._chained: set[str] = set()  # metadata keys whose dependencies' pages are requested on arrival
        self._unstored: set[str] = set()  # metadata keys prefetched as a guess: cached once metadata() takes them
        self._dep_names: dict[str, NormalizedName | None] = {}  # Requires-Dist line -> base dependency here
        self._gens: dict[str, str] = {}  # gen of each page this client stored
        self._findlinks_stamps: dict[str, str | None] = {}
        # Every source this client read, with the state it was in: "gen:<token>" for a stored
        # remote page, a local stamp for files and directories, None for what cannot be told
        # again (a page the server said not to store). The lock result cache keeps it.
        self.observed: dict[str, str | None] = {}
        self._findlinks_entries: dict[str, PageEntry] = {}  # remote find-links pages found usable
        self._metadata_pending: dict[str, Future[Metadata]] = {}
        self._metadata_known: set[str] = set()  # keys prefetch_metadata() has looked at
        self._metadata_failed: dict[str, CandidateUnavailable] = {}  # key -> why it is unavailable
        self._metadata_texts: dict[str, str] = {}  # cached metadata it found (JSON text)
        # Offline: the cache's metadata generation before this client looked any metadata up
        # (False: not read yet). A result that relied on metadata being missing is told again
        # only while nothing was added since (``_relied_on_missing``).
        self._start_generation: str | None | bool = False
        self._lock = threading.RLock()
        self._projects: dict[NormalizedName, Project] = {}
        self._metadata: dict[str, Metadata] = {}
        self._hashes: dict[str, dict[str, str]] = {}
        self._findlinks: dict[str, dict[str, list[list[Any]]]] = {}
        self._local_index: dict[str, list[list[Any]]] = {}  # local index page -> its rows, read once per run
        # Pooled projects: (location stamps, local unhashed files, those files' stats taken
        # when the project was listed) their releases come from.
        self._pooled_sources: dict[str, tuple[list[str | None], list[str], list[str | None]]] = {}
        self._pooled_plans: dict[str, list[Any]] = {}  # pooled project -> where its files are (_pooled_plan)
        self._rp_ok: dict[str, bool] = {}
        self._versions: dict[str, Version] = {}  # one parsed Version per version string (immutable)
        self._priority = {str(t): i for i, t in enumerate(target.tags)}
        self._tag_priority: dict[tuple[str, ...], int | None] = {}  # a wheel's tag set -> its best priority here (_pick)
        self._python = target.python_version
        # Digests depend on the tags, the Python version, the wording of skip reasons and the
        # format options (which files are usable; with --prefer-binary, which releases have a wheel).
        self._formats = config.format_control
        self._target_key = hashlib.sha256(
            json.dumps([_DIGEST_FORMAT, list(self._priority), str(self._python), target.describe()]
                       + ([self._formats.key()] if self._formats else [])
                       + (["prefer-binary"] if config.prefer_binary else [])).encode()
        ).hexdigest()[:32]
        # Projects pooled over several locations are digested under a key naming them all.
        self._pool_key = "pool:" + hashlib.sha256(
            json.dumps([list(config.find_links), list(config.effective_index_urls)]).encode()
        ).hexdigest()[:24] + ":"
        self.stats = {"requests": 0, "cache_hits": 0, "revalidated": 0, "sdist_builds": 0}
        self._failed_builds: dict[str, dict[str, str]] = {}  # project -> version whose build failed -> why
        # What bounds the metadata builds of the resolution running now (builds_until): its
        # deadline, and whether a project whose builds keep failing stops it.
        self._build_deadline: float | None = None
        self._unbuildable_stops = False
        self._page_notes: dict[str, str] = {}  # page URL -> what its answer said (for lookup_note)

    # -- lifecycle -------------------------------------------------------------------------
    def close(self, *, wait: bool = True) -> None:
        """Release the HTTP session and the cache connection.

        ``wait=False`` (Ctrl-C is unwinding) does not wait for prefetches still in flight: a
        silent index would otherwise hold the exit up for a whole timeout.
        """
        self._closed = True  # a prefetch thread's chained prefetch() queues nothing more
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None
        if self._writer is not None:  # every digest stored before the cache closes, unless unwinding
            self._writer.shutdown(wait=wait, cancel_futures=not wait)
            self._writer = None
        self._prefetched.clear()
        self._metadata_pending.clear()
        for s in self._worker_sessions:
            s.close()
        self._worker_sessions.clear()
        if self._session is not None:
            self._session.close()
            self._session = None
        self.cache.close()

    def __enter__(self) -> IndexClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        # Ctrl-C must not wait for prefetches stuck on a silent index; errors may (bounded
        # by the timeout), so no thread writes to the cache after it is closed.
        self.close(wait=exc_type is None or not issubclass(exc_type, KeyboardInterrupt))

    # -- public API ------------------------------------------------------------------------
    def project(self, name: str) -> Project:
        """All releases of ``name`` usable on the target, newest first, pooled over every location."""
        key = canonicalize_name(name)
        with self._lock:
            found = self._projects.get(key)
            if found is None:
                found = self._projects[key] = self._load_project(key)
            return found

    def prefetch(self, names: Iterable[str]) -> None:
        """Fetch or revalidate the index pages of ``names`` in the background.

        The resolver calls this with the dependencies of each candidate it pins; it will
        ask for most of those projects soon, so their stale or missing pages are requested
        concurrently instead of one after another. Pages still fresh in the cache cost
        nothing here. Errors surface when (and only if) the project is actually asked for.
        """
        if self.config.offline or self._closed:
            return
        remotes = [u for u in self.config.effective_index_urls if _is_remote(u)]
        if not remotes:
            return
        build = self._single_remote_index() is not None
        with self._pf_lock:
            for name in names:
                key = canonicalize_name(name)
                if key in self._projects:
                    continue
                for origin in remotes:
                    page = self._page_url(origin, key)
                    if page in self._prefetched or page in self._fresh or page in self._taken:
                        continue
                    entry = self.cache.get_page(page)
                    if entry is not None and self._is_fresh(entry):
                        self._fresh.add(page)
                        continue
                    try:
                        self._prefetched[page] = self._executor().submit(self._prefetch_page, page, key, build)
                    except RuntimeError:  # closed meanwhile (a prefetch thread's chained call): nothing to do
                        return

    def releases(self, name: str) -> list[Release]:
        """``project(name).releases``."""
        return self.project(name).releases

    def project_state(self, name: str) -> str | None:
        """What ``name``'s releases and their best files were built from in this run: the
        stored index page's content hash and the target. None when there is no such token
        (a page not stored, a location that cannot be read): then nothing derived from the
        project may be remembered between runs (index/edgestore.py).

        A project pooled over several locations (find-links, extra or local indexes) has the
        state its digest is checked against (every location's stamp) plus the stat of each
        of its local files without a listed sha256: all that decides its releases, their
        best files and those files' content.
        """
        origin = self._single_remote_index()
        if origin is None:
            key = canonicalize_name(name)
            self.project(key)
            sources = self._pooled_sources.get(key)
            if sources is None:
                return None
            stamps, unhashed, files = sources
            if None in files:
                return None
            # Whoever uses this state (remembered edges and walks) relies on these files'
            # content without reading it: the lock result cache must check them too, or a
            # wheel rewritten in place (its directory's stamp unchanged) replays a stale lock.
            for path, stamp in zip(unhashed, files, strict=True):
                self.observed.setdefault("file:" + path, stamp)
            blob = json.dumps([self._pool_key, stamps, unhashed, files], separators=(",", ":"))
            return f"{self._target_key}:pool:{hashlib.sha256(blob.encode()).hexdigest()[:32]}"
        self.project(name)
        token = self.observed.get(self._page_url(origin, canonicalize_name(name)))
        return None if not token or not token.startswith("gen:") else f"{self._target_key}:{token}"

    def edge_store(self, markers: Mapping[str, str]) -> EdgeStore:
        """Dependency edges of this cache's releases for ``markers``, kept between runs (one
        object per environment, so the searches of one lock read the file once)."""
        from stackwise.index.edgestore import EdgeStore

        stores = self.__dict__.setdefault("_edge_stores", {})
        key = tuple(sorted(markers.items()))
        if key not in stores:
            stores[key] = EdgeStore(self.cache.directory, markers)
        return stores[key]  # type: ignore[no-any-return]

    def remote_metadata_key(self, release: Release) -> str | None:
        """The cache key of ``release``'s metadata when its best file is a remote file with a
        sha256 (the key then names the file's content), else None."""
        f = release.best
        if _local_path(f.url) is not None or "sha256" not in f.hashes:
            return None
        return self._metadata_key(f)

    def offline_missing_metadata(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` (:meth:`remote_metadata_key`) whose release :meth:`metadata` would
        reject now with CandidateUnavailable: offline, and the metadata is neither in this
        client nor in the cache. One cache query per 900 keys."""
        if not self.config.offline:
            return set()
        with self._lock:
            self._note_generation()
            asked = [k for k in keys if k.startswith("sha256:") and k not in self._metadata
                     and k not in self._metadata_texts and k not in self._metadata_pending]
            present = self.cache.metadata_present(asked)
            if present is None:  # the cache could not say: ask key by key, as metadata() does
                missing = {k for k in asked if self.cache.get_metadata(k) is None}
            else:
                missing = set(asked) - present
            if missing:
                self._relied_on_missing()
            return missing

    def metadata_generation(self) -> str | None:
        """Offline, a value that changes whenever metadata is added to the cache (None online,
        or when the cache cannot say): a reader that found keys missing under one value knows
        they are still missing while it is unchanged, without asking for each."""
        if not self.config.offline:
            return None
        with self._lock:
            self._note_generation()
            self._relied_on_missing()  # asked only by a reader of keys found missing before
        return self.cache.metadata_generation()

    def _note_generation(self) -> None:
        """Offline, before the first metadata lookup: the generation a missing key is missing under."""
        if self._start_generation is False and self.config.offline:
            self._start_generation = self.cache.metadata_generation()

    def _relied_on_missing(self) -> None:
        """This run's result depends on metadata absent from the cache (offline): the lock result
        cache must not tell it again once metadata was added (by another command, online), or an
        offline lock that left a release out for want of its metadata is replayed without it.
        Recorded as the generation before the first lookup; None (cannot say) keeps it from
        being remembered at all."""
        gen = self._start_generation
        self.observed["metadata:generation"] = gen if isinstance(gen, str) else None

    def upload_time(self, release: Release) -> int | None:
        """When ``release`` was first uploaded (PEP 700; seconds since the epoch), None if the index did not say."""
        return self.project(release.name).upload_time(release.version)

    def lookup_note(self, name: str) -> str:
        """Where ``name`` was looked for, and what each place answered (for "not found" errors)."""
        key = canonicalize_name(name)
        places = [f"find-links {loc}" for loc in self.config.find_links]
        for index_url in self.config.effective_index_urls:
            page = self._page_url(index_url, key)
            note = self._page_notes.get(page)
            places.append(page + (f" ({note})" if note else ""))
        if not places:
            return "nothing: --no-index without any --find-links location"
        return ", ".join(places)

    def metadata(self, release: Release, *, build: bool = True) -> Metadata:
        """Core metadata of ``release.best`` (PEP 658 file, lazy wheel, or download), cached for good.

        ``build=False``: where only building a source distribution would give it, raise
        :class:`MetadataNeedsBuild` instead -- for reads that explore releases the resolver
        may never try (the search's look-ahead), which must not spend minutes building them.
        """
        f = release.best
        key = self._metadata_key(f)
        with self._lock:
            meta = self._metadata.get(key)
            if meta is not None:
                return meta
            if self._start_generation is False:
                self._note_generation()
            # A prefetch under way (or done) gives the metadata without a read here (see prefetch_metadata).
            with self._pf_lock:
                self._metadata_known.add(key)  # no prefetch of it from now on
                pending = self._metadata_pending.pop(key, None)
            text = None if pending is not None else self._metadata_texts.pop(key, None) or self.cache.get_metadata(key)
            if text is not None:
                try:
                    meta = Metadata.from_json(text)
                except (ValueError, TypeError):
                    meta = None
            if meta is None:
                failed = self._metadata_failed.get(key)
                if failed is not None:
                    raise copy.copy(failed)
                try:
                    meta = (pending.result() if pending is not None
                            else self._fetch_and_store_metadata(release, f, key, build=build))
                    if pending is not None and key in self._unstored:  # a guess taken: cached now
                        with self._pf_lock:
                            self._unstored.discard(key)
                        self._write_later(functools.partial(self.cache.put_metadata, key, meta.to_json()))
                except CandidateUnavailable as exc:
                    # Not asked again this run: resolvelib backtracks onto the same candidate
                    # many times, and each ask downloaded (and built) the sdist again. A copy
                    # (same class, message and attributes) is kept and raised: the exception
                    # itself carries a traceback, which re-raising it would lengthen every time
                    # and which keeps every frame on it alive (a real lock reached 24 GB).
                    self._metadata_failed[key] = copy.copy(exc)
                    raise
            self._metadata[key] = meta
            return meta

    def metadata_headers(self, release: Release) -> Any:
        """The headers of ``release.best``'s core metadata as published (a PEP 658 file, or a
        wheel's METADATA read by range), for fields the resolver does not keep -- the
        Project-URLs ``kb build`` links learned rules to. Not cached; ``None`` offline or when
        only a source distribution has it."""
        from stackwise.index.metadata import _headers

        f = release.best
        path = _local_path(f.url)
        try:
            if path is not None and f.is_wheel:
                with open(path, "rb") as fh:
                    return _headers(metadata_from_wheel(fh, release.name, f.filename))
            if path is not None or self.config.offline:
                return None
            data = self._pep658(f) if f.core_metadata else None
            if data is None and f.is_wheel:
                data = self._lazy_wheel_metadata(f, release.name)
            return _headers(data) if data is not None else None
        except (OSError, StackwiseError):
            return None

    @contextlib.contextmanager
    def builds_until(self, deadline: float | None, *, unbuildable_stops: bool = False) -> Iterator[None]:
        """Bound the metadata builds asked for inside: none runs past ``deadline``
        (``time.monotonic()``; BuildPastDeadline instead), and with ``unbuildable_stops`` a
        project given up on (``_FAILED_BUILDS_PER_PROJECT``) that has no release to try without
        a build raises ProjectUnbuildable instead of being skipped release after release.

        Why: a resolution in stackwise's order has a time budget, and one sdist build (300 s at
        most) could overrun it many times (an old scikit-learn took minutes each); a resolution
        with no budget (``--time-budget 0``) skipping an unbuildable project backtracked through
        pip's 200,000 rounds where pip stops at the first failed build."""
        before = self._build_deadline, self._unbuildable_stops
        self._build_deadline, self._unbuildable_stops = deadline, unbuildable_stops
        try:
            yield
        finally:
            self._build_deadline, self._unbuildable_stops = before

    def _build_time_left(self, label: str) -> float | None:
        """Seconds the next build of ``label`` may take under :meth:`builds_until` (None: no
        deadline); BuildPastDeadline when none are left, before anything is downloaded."""
        if self._build_deadline is None:
            return None
        left = self._build_deadline - time.monotonic()
        if left <= 0:
            raise BuildPastDeadline(f"the time budget was spent before the metadata of {label} could be built",
                                    f"the metadata build of {label}")
        return left

    def lookahead_metadata(self, release: Release) -> Metadata:
        """The search's look-ahead reads (see :meth:`metadata`): never a build."""
        return self.metadata(release, build=False)

    def prefetch_metadata(self, release: Release, *, chain: bool = True, store: bool = True) -> None:
        """Start fetching the metadata of a release the resolver is likely to try next.

        Only for remote wheels (and files with PEP 658 metadata): a guess that turns out
        wrong costs one request, whereas an sdist might need a build. Metadata already in
        the cache costs one lookup; errors surface only if ``metadata()`` is asked.
        ``chain``: once it arrives, the pages of the dependencies it declares for the target
        are requested too (:meth:`_prefetch_dependencies`), before the resolver pins the release.
        ``store=False`` (a guess of this client's own): cached only once :meth:`metadata` takes
        it, so the cache holds the metadata of no release the resolver never looked at.
        """
        if self.config.offline:
            return
        f = release.best
        if not _is_remote(f.url) or not (f.core_metadata or f.is_wheel):
            return
        key = self._metadata_key(f)
        confirmed: Future[Metadata] | None = None
        with self._pf_lock:  # a leaf lock: prefetch threads call this too (_prefetch_page)
            if key in self._metadata or key in self._metadata_known:
                pending = self._metadata_pending.get(key)
                if chain and pending is not None and key not in self._chained:
                    self._chained.add(key)  # a guess the resolver now makes too: chained on arrival
                    confirmed = pending
            else:
                self._metadata_known.add(key)
                if chain:
                    self._chained.add(key)
                if not store:
                    self._unstored.add(key)
                if self._pool is None:  # no prefetch thread yet (a warm run): looked up here, once
                    text = self.cache.get_metadata(key)
                    if text is not None:
                        self._metadata_texts[key] = text  # metadata() need not look it up again
                        return
                # Else the prefetch thread looks it up: each read here gave up the interpreter lock
                # to threads parsing pages, and waited up to a switch interval (5 ms) to get it back,
                # three times per read (~0.7 s of a cold large lock's resolver thread).
                try:
                    self._metadata_pending[key] = self._executor().submit(
                        self._stored_or_fetched_metadata, release, f, key, chain=chain, store=store)
                except RuntimeError:  # closed meanwhile
                    return
        if confirmed is not None:  # outside the lock: runs here at once if it has arrived
            confirmed.add_done_callback(self._chain_dependencies)

    def _chain_dependencies(self, done: Future[Metadata]) -> None:
        if not done.cancelled() and done.exception() is None:
            self._prefetch_dependencies(done.result())

    def _stored_or_fetched_metadata(self, release: Release, f: DistFile, key: str, *, chain: bool,
                                    store: bool) -> Metadata:
        """On a prefetch thread: the cached metadata, else fetched (and cached: see prefetch_metadata)."""
        text = self.cache.get_metadata(key)
        if text is not None:
            with contextlib.suppress(ValueError, TypeError):
                meta = Metadata.from_json(text)
                with self._pf_lock:
                    self._unstored.discard(key)  # there already
                return meta
        return self._fetch_and_store_metadata(release, f, key, chain=chain, store=store)

    def prefetch_lookahead(self, release: Release) -> None:
        """:meth:`prefetch_metadata` for the search's reachability walk (never a build either), not
        chained: the walk reads releases the resolver may never try."""
        self.prefetch_metadata(release, chain=False)

    def _fetch_and_store_metadata(self, release: Release, f: DistFile, key: str, *, build: bool = True,
                                  chain: bool = False, store: bool = True) -> Metadata:
        meta = self._fetch_metadata(release, f, build=build)
        check_matches(meta, release.name, release.version, f.filename)
        if store:
            self.cache.put_metadata(key, meta.to_json())
        if chain:
            self._prefetch_dependencies(meta)
        return meta

    def _prefetch_dependencies(self, meta: Metadata) -> None:
        """Request the index pages of ``meta``'s dependencies on the target (unmarked lines and
        lines whose marker holds without extras) now, on the prefetch thread that read it.

        Why: the resolver requested them only when it pinned the release, often much later, and
        each level of the dependency tree then waited for the network in turn (uv requests them
        as soon as the metadata is known). A guess: any error is ignored here, and the resolver
        asks again for what it needs (:meth:`prefetch` skips pages requested already).
        """
        try:
            known = self._dep_names
            names = []
            for text in meta.requires_dist:
                name = known.get(text, _MISSING)
                if name is _MISSING:
                    name = known[text] = self._dependency_name(text)
                if name is not None:
                    names.append(name)
            if names:
                self.prefetch(names)
        except Exception:  # noqa: BLE001 - a prefetch never fails or changes a lock
            pass

    def _dependency_name(self, text: str) -> NormalizedName | None:
        """The project a Requires-Dist line names when it applies to the target without extras."""
        if _EXTRA_ONLY.match(text):
            return None  # ``; extra == "x"``: never holds without extras
        from packaging.requirements import InvalidRequirement, Requirement

        try:
            req = Requirement(text)
            if req.url or (req.marker is not None and not req.marker.evaluate({**self.target.markers, "extra": ""})):
                return None
        except (InvalidRequirement, ValueError, TypeError, KeyError):  # packaging's marker errors are ValueErrors
            return None
        return canonicalize_name(req.name)

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            if self._closed:  # never a new pool after close() (a prefetch thread may still be chaining)
                raise RuntimeError("the index client is closed")
            # Imported only when there is network work to do.
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=_PREFETCH_THREADS, thread_name_prefix="stackwise-prefetch")
        return self._pool

    def file_hashes(self, file: DistFile) -> dict[str, str]:
        """Hashes of ``file``: as listed by the index, else sha256 computed from its bytes (cached)."""
        if file.hashes:
            return file.hashes
        with self._lock:
            if file.url in self._hashes:
                return self._hashes[file.url]
            path = _local_path(file.url)
            if path is not None:
                digest = self._local_sha256(path)
            else:
                digest = hashlib.sha256(self._download(file.url, what=f"the file {file.filename}",
                                                       size=file.size)).hexdigest()
            result = {"sha256": digest}
            self._hashes[file.url] = result
            return result

    # -- projects from one remote index: per-target digests ---------------------------------
    def _load_project(self, name: NormalizedName) -> Project:
        """The common case (one http(s) index, no find-links) goes through the digest cache."""
        origin = self._single_remote_index()
        if origin is None:
            return self._load_pooled(name)
        page = self._page_url(origin, name)
        pending = self._take(page)
        if pending is not None:
            entry, rows = pending.result()
            built = self._built.pop(page, None)
            if built is not None:
                return built
            text = self.cache.get_digest(page, self._target_key) if rows is None else None
        else:  # the stored page and its digest in one read
            stored, text = self.cache.get_page_and_digest(page, self._target_key)
            entry, rows = self._refresh_remote(page, name, stored)
            if rows is not None:
                text = None  # fetched again just now: the digest read with the old page is gone
        if rows is None:
            if text is not None:
                try:
                    return self._project_from_digest(name, page, json.loads(text))
                except (ValueError, TypeError, KeyError, IndexError):
                    pass  # unreadable digest: rebuild it from the stored rows
            rows = self._stored_rows(page, name, entry)
        return self._project_of_rows(name, page, origin, entry, rows)

    def _project_of_rows(self, name: NormalizedName, page: str, origin: str, entry: PageEntry | None,
                         rows: list[list[Any]]) -> Project:
        """The project of one index page's rows; its digest stored (``entry``: the stored page
        the rows were read from, None for rows fetched just now)."""
        strings: dict[str, list[str]] = {}
        project = self._build_project(name, [(row, origin) for row in rows], strings)
        gen = self._gens.get(page) if entry is None else entry.gen  # the rows' own gen
        self._store_digest(page, self._digest(project, strings), gen=gen)
        return project

    def _prefetch_page(self, page: str, name: NormalizedName, build: bool) -> tuple[PageEntry | None, Any]:
        """:meth:`_refresh_remote` on a prefetch thread. With one index (``build``), rows read just
        now also become the project (kept for :meth:`_load_project`), and the metadata of its
        newest final release is requested: the resolver's likely pick.

        Why: at the end of a cold lock each project still went page, then (on the resolver's
        thread) project, then metadata, then the pages it names, one step after another; the
        guess costs one request when the resolver picks another release. Any error is left to
        the resolver's thread, which then builds the project itself.
        """
        state = self._refresh_remote(page, name)
        origin = self._single_remote_index() if build else None
        if origin is not None and state[1] is not None and not self._closed:
            try:
                project = self._built[page] = self._project_of_rows(name, page, origin, None, state[1])
            except Exception:  # noqa: BLE001 - see above
                return state
            with contextlib.suppress(Exception):  # a guess (see above)
                guess = next((r for r in project.releases if not r.yanked and not r.version.is_prerelease), None)
                if guess is not None:
                    self.prefetch_metadata(guess, chain=False, store=False)
        return state

    def _store_digest(self, key: str, digest: dict[str, Any], *, pooled: bool = False, gen: str | None = None) -> None:
        """Store a project's digest; on a prefetch thread when there are some (a cold run).

        Why: the resolver's thread waited for the cache's writer -- busy storing the pages of
        tens of MB the prefetch threads fetched -- for every project it built (~2.7 of 10 s of a
        cold large lock). Nothing in this run reads the digest back; an interrupted run leaves
        it unstored (the next run builds it again), and ``gen`` keeps it from being stored under
        a page replaced meanwhile.
        """
        def put() -> None:
            self.cache.put_digest(key, self._target_key, json.dumps(digest, separators=(",", ":")), pooled=pooled,
                                  gen=gen)

        self._write_later(put)

    def _write_later(self, put: Callable[[], object]) -> None:
        """``put()`` (a cache write nothing in this run reads back) on the writer thread when there
        are prefetch threads, else here; nothing after close() (the next run writes it again)."""
        if self._closed:
            return
        if self._pool is not None:
            with self._pf_lock:
                if self._writer is None:
                    from concurrent.futures import ThreadPoolExecutor

                    self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stackwise-store")
                writer = self._writer
            with contextlib.suppress(RuntimeError):  # shut down meanwhile: store it here
                writer.submit(put)
                return
        put()

    def _page_state(self, page: str, name: NormalizedName) -> tuple[PageEntry | None, Any]:
        """``_refresh_remote`` of an index page, through a prefetch already under way if any."""
        pending = self._take(page)
        return pending.result() if pending is not None else self._refresh_remote(page, name)

    def _take(self, page: str) -> Future[tuple[PageEntry | None, Any]] | None:
        """The prefetch of ``page`` under way, if any; from now on the page is not prefetched again."""
        with self._pf_lock:
            self._taken.add(page)
            return self._prefetched.pop(page, None)

    def _single_remote_index(self) -> str | None:
        """The index URL when it is the only location and is http(s), else None."""
        index_urls = self.config.effective_index_urls
        if self.config.find_links or len(index_urls) != 1 or not _is_remote(index_urls[0]):
            return None
        return index_urls[0]

    def _is_fresh(self, entry: PageEntry) -> bool:
        return page_is_fresh(entry.fetched_at, entry.max_age, self.config.ttl, time.time())

    def progress_counts(self) -> dict[str, int]:
        """What this client has done so far, for a progress line (read from another thread)."""
        with self._stats_lock:
            return {"projects": len(self._projects), "metadata": len(self._metadata),
                    "requests": self.stats["requests"], "builds": self.stats["sdist_builds"]}

    def _count(self, stat: str) -> None:
        with self._stats_lock:
            self.stats[stat] += 1

    @staticmethod
    def _digest(project: Project, strings: dict[str, list[str]]) -> dict[str, Any]:
        """What a warm run needs of a project: its versions (newest first), which are yanked,
        where each one's best file comes from, the skipped versions, and the upload times
        ("t", one string parsed only when asked: see :class:`Project`).

        No files: a resolution looks at the versions of every release but at the files of the
        few it tries, so a release's files (and its best file, chosen again as
        ``_build_project`` chose it) are read from the page's per-version rows when asked for.
        Sparse fields are ``[index, value]`` pairs: "x" the row versions behind a release when
        they are not just its own version string ("1.0" and "1.0.0"; "1.0-rc1"), "y" the
        yanked ones with their reason, "i" the origin (index into "o") when not the first.
        """
        versions: list[str] = []
        extra: list[list[Any]] = []
        yanked: list[list[Any]] = []
        origins: dict[str | None, int] = {}
        origin_of: list[list[Any]] = []
        for i, r in enumerate(project.releases):
            vstr = str(r.version)
            versions.append(vstr)
            vstrs = strings[vstr]
            if vstrs != [vstr]:
                extra.append([i, vstrs])
            if r.yanked:  # a release's yanked state and origin are its best file's
                yanked.append([i, r.yanked_reason or ""])
            o = origins.setdefault(r.index_url, len(origins))
            if o:
                origin_of.append([i, o])
        digest = {"v": versions, "x": extra, "y": yanked, "o": list(origins), "i": origin_of,
                  "s": [[s.version, s.reason] for s in project.skipped],
                  "t": times_text(project.releases, project.upload_times())}
        if project.binary is not None:  # --prefer-binary: the releases whose pick is a wheel
            digest["w"] = [i for i, r in enumerate(project.releases) if r.version in project.binary]
        return digest

    def _project_from_digest(self, name: NormalizedName, page: str | None, data: dict[str, Any]) -> Project:
        """``page`` None: a pooled digest, whose release files are collected from every location.

        Releases are built lazily (see :class:`Release`): one object and one shared, parsed
        version per release, nothing else until the resolver looks at its files.
        """
        versions: list[str] = data["v"]
        keys: list[Any] = list(versions)  # what the loader is called with: the row versions
        for i, vstrs in data["x"]:
            keys[i] = tuple(vstrs)
        origins = data["o"]
        first = origins[0] if origins else None
        places: list[Any] = [first] * len(versions)
        for i, o in data["i"]:
            places[i] = origins[o]
        loader = functools.partial(self._lazy_release, name, page, first)
        parsed = self._versions
        get = parsed.get
        objects: list[Version] = []
        add = objects.append
        for vstr in versions:  # one Version per distinct string in this run, shared
            version = get(vstr)
            if version is None:
                version = parsed[vstr] = Version(vstr)
            add(version)
        releases = lazy_releases(name, objects, loader, keys, places)
        for i, reason in data["y"]:  # a few: built again, yanked
            releases[i] = Release(name, releases[i].version, loader, keys[i], True, reason or None, places[i])
        project = Project(name, releases, [Skipped(v, why) for v, why in data["s"]], data.get("t") or None)
        if self.config.prefer_binary:
            project.binary = frozenset(releases[i].version for i in data["w"])
        return project

    def _lazy_release(
        self, name: NormalizedName, page: str | None, origin: str | None, key: str | tuple[str, ...]
    ) -> tuple[tuple[DistFile, ...], DistFile]:
        """Files and best file of one digest-built release, chosen as ``_build_project`` chose them."""
        vstrs = (key,) if type(key) is str else tuple(key)
        if page is None:
            items = self._pooled_release_items(name, vstrs)
        else:
            assert origin is not None  # a single index's digest names it
            items = self._release_items(page, name, origin, vstrs)
        files, best, _ = self._choose(items, name)
        if best is None:
            raise IndexFetchError(
                f"The files of {name} {vstrs[0]} listed by the configured locations no longer include one "
                "for this target: they changed during this resolution. Run the command again."
            )
        return tuple(files), best

    def _release_items(
        self, page: str, name: NormalizedName, origin: str, vstrs: tuple[str, ...]
    ) -> list[tuple[list[Any], str]]:
        """(row, origin) pairs of one release of a digest-built project, in page order."""
        with self._lock:
            found = self.cache.get_page_files(page, list(vstrs))
            if len(found) == len(vstrs):
                by_version = {v: json.loads(found[v]) for v in vstrs}
            else:  # the page was replaced meanwhile (another process): read it again
                by_version = {v: [] for v in vstrs}
                for row in self._remote_page(page, name):
                    if row[6] in by_version:
                        by_version[row[6]].append(row)
                if not all(by_version.values()):
                    raise IndexFetchError(
                        f"The files of {name} {vstrs[0]} are no longer listed on {page}: the index changed "
                        "during this resolution. Run the command again."
                    )
        return [(row, origin) for v in vstrs for row in by_version[v]]

    # -- collecting rows -------------------------------------------------------------------
    @staticmethod
    def _page_url(index_url: str, name: NormalizedName) -> str:
        return index_url.rstrip("/") + "/" + quote(name, safe="") + "/"

    def _collect(
        self, name: NormalizedName, states: dict[str, tuple[PageEntry | None, Any]] | None = None
    ) -> list[tuple[list[Any], str]]:
        """(row, origin) pairs: find-links first, then indexes in order (pip's order).

        ``states`` holds ``_refresh_remote`` results already obtained for remote pages: their
        rows are used as they are, without asking the network (or the clock) a second time.
        """
        out: list[tuple[list[Any], str]] = []
        for location in self.config.find_links:
            out.extend((row, location) for row in self._findlinks_rows(location).get(name, ()))
        for index_url in self.config.effective_index_urls:
            page = self._page_url(index_url, name)
            state = states.get(page) if states is not None else None
            if state is None:
                rows = self._index_rows(page, name)
            else:
                entry, rows = state
                if rows is None:
                    rows = self._stored_rows(page, name, entry)
            out.extend((row, index_url) for row in rows)
        return out

    def _index_rows(self, page_url: str, name: NormalizedName) -> list[list[Any]]:
        path = _local_path(page_url)
        if path is None:
            return self._remote_page(page_url, name)  # type: ignore[no-any-return]
        # Read once per run, as pip lists a location once: the pooled path asks again for
        # each release it builds (thousands per lock when the search walks a big KB's reach).
        rows = self._local_index.get(page_url)
        if rows is None:
            rows = self._local_index[page_url] = self._local_page(page_url, path, is_index=True).get(name, [])
        return rows

    # -- projects pooled over several locations: digests checked against every source -------
    def _load_pooled(self, name: NormalizedName) -> Project:
        """Find-links, extra or local indexes: digested like one index, keyed by all sources.

        The digest records each source's state (a local file's mtime and size, a stored
        remote page's ``gen``); it is used only while every one of them is unchanged, so a
        new wheel in a find-links directory or a refreshed page rebuilds it.
        """
        states: dict[str, tuple[PageEntry | None, Any]] = {}
        stamps: list[str | None] = [self._findlinks_stamp(loc) for loc in self.config.find_links]
        for index_url in self.config.effective_index_urls:
            page = self._page_url(index_url, name)
            path = _local_path(page)
            if path is not None:
                stamps.append(self._local_stamp(path, is_index=True))
                continue
            entry, rows = states[page] = self._page_state(page, name)
            # A usable stored page has its gen; a page fetched just now, the gen this client
            # stored it under (none if the server said not to store it: no digest then).
            stamps.append(self._gens.get(page) if rows is not None else entry.gen if entry is not None else None)
        usable = None not in stamps
        key = self._pool_key + name
        if usable:
            text = self.cache.get_digest(key, self._target_key)
            if text is not None:
                try:
                    data = json.loads(text)
                    if data["k"] == stamps and isinstance(data["lf"], list):
                        project = self._project_from_digest(name, None, data)
                        self._pooled_sources[name] = self._pooled_source(stamps, data["lf"])
                        return project
                except (ValueError, TypeError, KeyError, IndexError):
                    pass  # unreadable digest (or one from before "lf"): rebuilt below
        strings: dict[str, list[str]] = {}
        collected = self._collect(name, states)
        project = self._build_project(name, collected, strings)
        if usable:
            # Local files without a listed sha256 (a find-links directory's): their content is
            # known only by their stat, which _pooled_source() takes for project_state().
            unhashed = sorted({str(path) for row, _ in collected
                               if "sha256" not in row[2] and (path := _local_path(row[1])) is not None})
            digest = self._digest(project, strings)
            digest["k"] = stamps
            digest["lf"] = unhashed
            self._store_digest(key, digest, pooled=True)
            self._pooled_sources[name] = self._pooled_source(stamps, unhashed)
        return project

    @staticmethod
    def _pooled_source(stamps: list[str | None], unhashed: list[Any]) -> tuple[list[str | None], list[str], list[str | None]]:
        """What project_state() names a pooled project by. Its local files are stat'ed now, when
        the project is listed and before any of them is read: a file rewritten later in the run
        then changes the next run's state, instead of the edges read from its old content
        being remembered under its new stat."""
        paths = [str(p) for p in unhashed]
        return stamps, paths, [stat_validator(p) if isinstance(q, str) else None for p, q in zip(paths, unhashed, strict=True)]

    def _pooled_release_items(self, name: NormalizedName, vstrs: tuple[str, ...]) -> list[tuple[list[Any], str]]:
        """(row, origin) pairs of one release of a pooled digest, in ``_build_project``'s order."""
        wanted = set(vstrs)
        pooled: list[tuple[list[Any], str]] = []
        with self._lock:
            for origin, page, grouped in self._pooled_plan(name):
                if grouped is not None:  # a local location: its rows of these versions, in its order
                    picked = sorted(item for v in wanted for item in grouped.get(v, ()))
                    pooled.extend((row, origin) for _, row in picked)
                else:  # as stored (the digest was checked against it), just these versions
                    found = self.cache.get_page_files(page, list(vstrs))
                    pooled.extend((row, origin) for v in vstrs if v in found for row in json.loads(found[v]))
        by_version: dict[str, list[tuple[list[Any], str]]] = {}
        for item in pooled:
            if item[0][6] in wanted:
                by_version.setdefault(item[0][6], []).append(item)
        if not by_version:
            # A remote page entry whose rows do not match the versions it lists (a write an older
            # stackwise interrupted between statements): read whole, it is fetched again
            # (``_stored_rows``), as the single-location path does (``_release_items``).
            with self._lock:
                for origin, page, grouped in self._pooled_plan(name):
                    if grouped is None:
                        for row in self._remote_page(page, name):
                            if row[6] in wanted:
                                by_version.setdefault(row[6], []).append((row, origin))
        if not by_version:
            raise IndexFetchError(
                f"The files of {name} {vstrs[0]} are no longer listed by the configured locations: they "
                "changed during this resolution. Run the command again."
            )
        # Versions in order of first appearance ("1.0" before "1.0.0"), like _build_project.
        return [item for items in by_version.values() for item in items]

    def _pooled_plan(self, name: NormalizedName) -> list[tuple[str, str, dict[str, list[tuple[int, list[Any]]]] | None]]:
        """Where a pooled project's files are, in pip's order, once per run: a local location's
        rows by version (with their position), or a remote page to ask per release. A lazy
        release of a pooled digest reads this instead of every location's whole listing (the
        search's reach walk builds thousands of releases)."""
        plan = self._pooled_plans.get(name)
        if plan is not None:
            return plan
        plan = []

        def grouped(rows: Iterable[list[Any]]) -> dict[str, list[tuple[int, list[Any]]]]:
            out: dict[str, list[tuple[int, list[Any]]]] = {}
            for i, row in enumerate(rows):
                out.setdefault(row[6], []).append((i, row))
            return out

        for location in self.config.find_links:
            plan.append((location, location, grouped(self._findlinks_rows(location).get(name, ()))))
        for index_url in self.config.effective_index_urls:
            page = self._page_url(index_url, name)
            local = _local_path(page) is not None
            plan.append((index_url, page, grouped(self._index_rows(page, name)) if local else None))
        self._pooled_plans[name] = plan
        return plan

    def _findlinks_stamp(self, location: str) -> str | None:
        """A find-links location's state, once per client (pip, too, lists them once per run)."""
        if location in self._findlinks_stamps:
            return self._findlinks_stamps[location]
        path = _local_path(location)
        if path is not None:
            stamp = self._local_stamp(path, is_index=False)
        elif urlsplit(location).path.endswith((".whl", ".tar.gz", ".zip")):
            stamp = "url"  # a single remote file: its name is all that is used
        else:
            entry, rows = self._refresh_remote(location, None)
            if rows is not None:
                self._findlinks[location] = rows
                stamp = self._gens.get(location)
            else:
                assert entry is not None
                self._findlinks_entries[location] = entry
                stamp = entry.gen
        self._findlinks_stamps[location] = stamp
        return stamp

    def _local_stamp(self, path: Path, *, is_index: bool) -> str | None:
        """What ``_local_page`` would read, as "kind:" + its stat (stamps.py); "absent" if nothing is there."""
        stamp = local_stamp(path, is_index=is_index)
        self.observed[local_key(path, is_index=is_index)] = stamp
        return stamp

    def _findlinks_rows(self, location: str) -> dict[str, list[list[Any]]]:
        cached = self._findlinks.get(location)
        if cached is not None:
            return cached
        path = _local_path(location)
        if path is not None:
            result = self._local_page(location, path, is_index=False)
        elif urlsplit(location).path.endswith((".whl", ".tar.gz", ".zip")):
            result = self._group(r for r in [simple.make_row(simple._filename_of(location), location)] if r)
        else:
            entry = self._findlinks_entries.pop(location, None)  # checked by _findlinks_stamp
            result = self._stored_rows(location, None, entry) if entry is not None else self._remote_page(location, None)
        self._findlinks[location] = result
        return result

    @staticmethod
    def _group(rows: Iterable[tuple[str, list[Any]]]) -> dict[str, list[list[Any]]]:
        grouped: dict[str, list[list[Any]]] = {}
        for name, row in rows:
            grouped.setdefault(name, []).append(row)
        return grouped

    def _local_page(self, location: str, path: Path, *, is_index: bool) -> dict[str, list[list[Any]]]:
        """A directory (its index.html for index pages, else its files) or a local HTML/dist file."""
        self._local_stamp(path, is_index=is_index)  # recorded for the lock result cache
        if path.is_dir():
            html = path / "index.html"
            if is_index and html.is_file():
                target, page_url, kind = html, html.resolve().as_uri(), "html"
            else:
                target, page_url, kind = path, path.resolve().as_uri() + "/", "dir"
        elif path.is_file():
            if path.name.endswith((".whl", ".tar.gz", ".zip")):
                return self._group(r for r in [simple.make_row(path.name, path.resolve().as_uri())] if r)
            target, page_url, kind = path, path.resolve().as_uri(), "html"
        else:
            if not is_index:
                raise IndexFetchError(
                    f"The find-links location {location} does not exist; pass an existing directory, "
                    "HTML page or file (check pip's find-links setting too)."
                )
            return {}  # like a 404: this index has no such project
        validator = stat_validator(target)
        key = "local:" + str(target)
        entry = self.cache.get_page(key)
        if entry is not None and entry.validator == validator:
            self._count("cache_hits")
            return json.loads(entry.rows)
        try:
            if kind == "dir":
                rows = simple.list_directory(str(target))
            else:
                rows = simple.parse_html(target.read_bytes(), page_url)
        except OSError as exc:
            raise IndexFetchError(f"Could not read {target} ({exc.strerror or exc}); check that it exists and is readable.") from None
        grouped = self._group(rows)
        self.cache.put_page(key, json.dumps(grouped, separators=(",", ":")), validator=validator)
        return grouped

    def _remote_page(self, url: str, name: NormalizedName | None) -> Any:
        """Rows of an http(s) index page (list, filtered to ``name``) or find-links page (dict by name)."""
        entry, rows = self._refresh_remote(url, name)
        if rows is None:
            rows = self._stored_rows(url, name, entry)
        return rows

    def _stored_rows(self, url: str, name: NormalizedName | None, entry: PageEntry | None) -> Any:
        """The rows of a stored page; index pages are stored per version (see ``_refresh_remote``)."""
        assert entry is not None
        if name is None:
            return json.loads(entry.rows)
        versions = json.loads(entry.rows)
        found = self.cache.get_page_files(url)
        if not all(v in found for v in versions):
            # Inconsistent (a damaged or concurrently replaced entry): drop it and fetch again.
            self.cache.delete_page(url)
            if self.config.offline:
                raise IndexFetchError(
                    f"The stackwise cache entry for {url} is incomplete and --offline forbids network access; "
                    "run once without --offline to refresh the cache."
                )
            _, rows = self._refresh_remote(url, name)
            assert rows is not None
            return rows
        out: list[list[Any]] = []
        for v in versions:
            out.extend(json.loads(found[v]))
        return out

    def _refresh_remote(self, url: str, name: NormalizedName | None, stored: Any = ...) -> tuple[PageEntry | None, Any]:
        """Make sure the stored copy of a page may be used: (entry, None) if so, else (None, new rows).

        Index pages are stored "by version" (the version list in ``pages``, each version's rows
        in ``page_files``) so that a warm run can read the files of the releases it pins only.
        ``stored``: the page's cache entry when the caller has just read it (None: not stored).
        """
        entry = self.cache.get_page(url) if stored is ... else stored
        if entry is not None and (self.config.offline or self._is_fresh(entry)):
            self._count("cache_hits")
            self.observed[url] = "gen:" + entry.gen
            return entry, None
        if self.config.offline:
            raise IndexFetchError(
                f"{url} is not in the stackwise cache and --offline forbids network access; run once "
                "without --offline to fill the cache, or use local --find-links."
            )
        headers = {"Accept": simple.ACCEPT if name is not None else "text/html"}
        if entry is not None:
            if entry.etag:
                headers["If-None-Match"] = entry.etag
            if entry.last_modified:
                headers["If-Modified-Since"] = entry.last_modified
        resp = self._get(url, headers)
        store, max_age = _cache_control(resp.headers)
        what = "package index" if name is not None else "find-links"
        if resp.status_code == 304 and entry is not None:
            self._count("revalidated")
            self.cache.touch_page(url, max_age)
            self.observed[url] = "gen:" + entry.gen
            return entry, None
        if resp.status_code in (404, 410):
            if name is None:
                raise IndexFetchError(f"The find-links page {url} does not exist (HTTP {resp.status_code}); check the URL.")
            self._page_notes[url] = f"HTTP {resp.status_code}"
            rows_obj: Any = []
        elif resp.status_code != 200:
            raise IndexFetchError(
                f"The {what} answered HTTP {resp.status_code} ({resp.reason or 'error'}) for {url}"
                f"{' after retries' if resp.status_code >= 500 and self.config.retries else ''}. "
                + (
                    "The server needs credentials or refuses access; check the URL and credentials."
                    if resp.status_code in (401, 403)
                    else _HINT_NET
                )
            )
        else:
            page_url = resp.url or url
            ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == simple.JSON_TYPE:
                pairs = simple.parse_json(resp.content, page_url)
            elif ctype in (simple.HTML_TYPE, "text/html") or (not ctype and resp.content.lstrip()[:1] == b"<"):
                garbage = simple.not_a_page(resp.content)
                if garbage is not None:
                    raise IndexFetchError(
                        f"The {what if name is not None else 'find-links location'} answered {url} with something "
                        f"that is not a simple API page ({garbage}). "
                        "Check that the URL points at a package index (usually ending in /simple), or try again "
                        "if a proxy or the index is misbehaving."
                    )
                pairs = simple.parse_html(resp.content, page_url, charset=resp.encoding if "charset" in (resp.headers.get("Content-Type") or "") else None)
                if not pairs and b"<a" in resp.content.lower():
                    self._page_notes[url] = ("HTTP 200, an HTML page whose links are not distribution files: "
                                             "is this URL a simple API index?")
            else:
                raise IndexFetchError(
                    f"The {what} page {url} has content type {ctype or 'unknown'!r}, not a simple-API "
                    "JSON or HTML page; check that the URL points at a package index (usually ending in /simple)."
                )
            if name is not None:
                rows_obj = [row for n, row in pairs if n == name]
            else:
                rows_obj = self._group(pairs)
        if store:
            if name is not None:
                by_version: dict[str, list[Any]] = {}
                for row in rows_obj:
                    by_version.setdefault(row[6], []).append(row)
                stored = json.dumps(list(by_version), separators=(",", ":"))
                encode = _COMPACT.encode  # one encoder for every version (json.dumps builds one per call)
                per_version = {v: encode(r) for v, r in by_version.items()}
            else:
                stored, per_version = json.dumps(rows_obj, separators=(",", ":")), None
            self._gens[url] = self.cache.put_page(
                url,
                stored,
                etag=resp.headers.get("ETag"),
                last_modified=resp.headers.get("Last-Modified"),
                max_age=max_age,
                by_version=per_version,
            )
            self.observed[url] = "gen:" + self._gens[url]
        else:
            self._gens.pop(url, None)
            self.cache.delete_page(url)
            self.observed[url] = None
        return None, rows_obj

    # -- building releases ---------------------------------------------------------------
    def _requires_python_ok(self, spec: str | None) -> bool:
        if spec is None:
            return True
        ok = self._rp_ok.get(spec)
        if ok is None:
            try:
                ok = SpecifierSet(spec).contains(self._python, prereleases=True)
            except ValueError:  # InvalidSpecifier, or a version of more digits than Python converts to an int
                ok = True  # pip ignores an invalid Requires-Python
            self._rp_ok[spec] = ok
        return ok

    def _build_project(
        self,
        name: NormalizedName,
        pooled: list[tuple[list[Any], str]],
        version_strings: dict[str, list[str]] | None = None,
    ) -> Project:
        """Releases newest first; ``version_strings`` receives the row versions behind each release."""
        by_version: dict[str, list[tuple[list[Any], str]]] = {}
        for item in pooled:
            by_version.setdefault(item[0][6], []).append(item)
        groups: dict[Version, list[tuple[list[Any], str]]] = {}
        strings: dict[Version, list[str]] = {}
        for vstr, items in by_version.items():
            v = Version(vstr)
            groups.setdefault(v, []).extend(items)  # "1.0" and "1.0.0" are one version
            strings.setdefault(v, []).append(vstr)
        if version_strings is not None:
            version_strings.update((str(v), vs) for v, vs in strings.items())

        releases: list[Release] = []
        skipped: list[Skipped] = []
        times: dict[Version, int] = {}
        binary: set[Version] | None = set() if self.config.prefer_binary else None
        for version in sorted(groups, reverse=True):
            items = groups[version]
            # A release's upload time is its earliest file's (PEP 700), whichever files suit the target.
            known = [row[9] for row, _ in items if len(row) > 9 and row[9] is not None]
            if known:
                times[version] = min(known)
            picked, rp_blocked = self._pick(items, name)
            if picked is None:
                reason = (
                    f"requires-python {rp_blocked}"
                    if rp_blocked is not None
                    else self._no_file_reason(name)
                )
                skipped.append(Skipped(str(version), reason))
                continue
            row, origin = items[picked]
            if binary is not None and row[8] is not None:
                binary.add(version)
            yanked = row[4] is not None
            # Lazy (see Release): the files, and the best one as an object, are made from these
            # rows by _choose only for the releases the resolver looks at -- a cold page of
            # thousands of files made one DistFile per file, most never read.
            releases.append(Release(name, version, functools.partial(_choose_of, self, items, name), None, yanked,
                                    (row[4] or None) if yanked else None, origin))
        project = Project(name, releases, skipped, times)
        if binary is not None:
            project.binary = frozenset(binary)
        return project

    def _no_file_reason(self, name: NormalizedName) -> str:
        """Why a version with no usable file is skipped (the format options name themselves)."""
        if not self._formats.allows(name, wheel=False):
            return f"no compatible wheel for {self.target.describe()} (--only-binary)"
        if not self._formats.allows(name, wheel=True):
            return "no sdist (--no-binary)"
        return f"no compatible wheel for {self.target.describe()} and no sdist"

    def preferred(self, release: Release) -> bool:
        """With ``--prefer-binary``: whether ``release``'s pick is a wheel (pip then offers such
        releases before every release whose pick is an sdist, newer ones too). Always False
        without it."""
        if not self.config.prefer_binary:
            return False
        binary = self.project(release.name).binary
        return binary is not None and release.version in binary

    @property
    def prefers(self) -> bool:
        """Whether :meth:`preferred` can be true (the resolver orders by it only then)."""
        return self.config.prefer_binary

    def _pick(self, items: Sequence[tuple[list[Any], str]], name: NormalizedName) -> tuple[int | None, str | None]:
        """Which of one version's (row, origin) pairs pip would install here (its position; None
        when none is usable), and the Requires-Python that blocked a file. Only the first
        listing of a URL counts, and only formats ``--only-binary``/``--no-binary`` allow;
        pip's preference: not yanked, then the best tag (sdist last), then the highest build
        tag. No file objects are built (see :meth:`_choose`)."""
        allowed = self._formats.allowed(name) if self._formats else None
        seen: set[str] = set()
        best: int | None = None
        best_key: tuple[Any, ...] | None = None
        rp_blocked: str | None = None
        priority = self._priority
        tag_priority = self._tag_priority
        worst = len(priority) + 1
        for i, (row, _origin) in enumerate(items):
            url, rp, yanked, build, tags = row[1], row[3], row[4], row[7], row[8]
            if url in seen:
                continue
            seen.add(url)
            if allowed is not None and ("source" if tags is None else "binary") not in allowed:
                continue  # pip: "No binaries permitted" / "No sources permitted"
            if tags is None:
                pri = worst
            else:
                # one answer per tag set (a page repeats a few dozen; a cold lock reads 130,000 files)
                tag_key = tuple(tags)
                pri = tag_priority.get(tag_key, _MISSING)
                if pri is _MISSING:
                    pri = tag_priority[tag_key] = min((priority[t] for t in tags if t in priority), default=None)
                if pri is None:
                    continue
            if not self._requires_python_ok(rp):
                if rp_blocked is None or (yanked is None):
                    rp_blocked = rp
                continue
            k = (yanked is None, -pri, tuple(build) if build else ())
            if best_key is None or k > best_key:
                best, best_key = i, k
        return best, rp_blocked

    def _choose(
        self, items: Sequence[tuple[list[Any], str]], name: NormalizedName
    ) -> tuple[list[DistFile], DistFile | None, str | None]:
        """One version's (row, origin) pairs -> (its files, the installer's pick, a Requires-Python
        that blocked a file): the first listing of each URL in a format the format options allow
        (a lock lists their hashes: an ``--only-binary`` lock no sdist's), yanked files last; the
        pick is pip's among the files usable here (:meth:`_pick`), None when there is none."""
        picked, rp_blocked = self._pick(items, name)
        allowed = self._formats.allowed(name) if self._formats else None
        files: list[DistFile] = []
        seen: set[str] = set()
        best: DistFile | None = None
        for i, (row, origin) in enumerate(items):
            filename, url, hashes, rp, yanked, core = row[:6]
            if url in seen:
                continue
            seen.add(url)
            if allowed is not None and ("source" if row[8] is None else "binary") not in allowed:
                continue
            f = DistFile(filename, url, hashes, rp, yanked is not None, yanked or None, core, origin,
                         simple.size_of(row))
            files.append(f)
            if i == picked:
                best = f
        files.sort(key=lambda d: d.yanked)
        return files, best, rp_blocked

    # -- metadata --------------------------------------------------------------------------
    def _metadata_key(self, f: DistFile) -> str:
        if "sha256" in f.hashes:
            return "sha256:" + f.hashes["sha256"]
        path = _local_path(f.url)
        if path is not None:
            validator = self.observed["file:" + str(path)] = stat_validator(path)
            return f"file:{path}:{validator}"
        return "url:" + f.url

    def _fetch_metadata(self, release: Release, f: DistFile, *, build: bool = True) -> Metadata:
        label = f"{release.name} {release.version} ({f.filename})"
        path = _local_path(f.url)
        if path is not None:
            try:
                if f.is_wheel:
                    with open(path, "rb") as fh:
                        return parse_metadata(metadata_from_wheel(fh, release.name, f.filename), label)
                data = path.read_bytes()
            except OSError as exc:
                raise MetadataError(f"Could not read {path} for {label} ({exc.strerror or exc}).") from None
            return self._sdist_metadata(data, release, f, build=build)
        if self.config.offline:
            with self._lock:
                self._relied_on_missing()
            raise MetadataNotCached(
                f"The metadata of {label} is not in the stackwise cache and --offline forbids network "
                "access; run once without --offline to fill the cache."
            )
        if f.core_metadata:
            data = self._pep658(f)
            if data is not None:
                return parse_metadata(data, label)
        if f.is_wheel:
            return parse_metadata(self._lazy_wheel_metadata(f, release.name), label)
        if "sha256" in f.hashes:  # a failure remembered for the digest the index lists: not downloaded again
            self._raise_if_build_failed(release, "sha256:" + f.hashes["sha256"].lower())
        if not build:  # a remote sdist: its download alone can take long, and most need a build
            raise MetadataNeedsBuild(f"the dependencies of {label} are known only after downloading and building it")
        self._check_build_not_given_up(release, label)
        self._build_time_left(label)
        body = self._download(f.url, what=f"the source distribution {f.filename}", size=f.size)
        self._verify(body, f.hashes, f.filename)
        return self._sdist_metadata(body, release, f, build=build)

    def _sdist_metadata(self, data: bytes, release: Release, f: DistFile, *, build: bool = True) -> Metadata:
        """PKG-INFO when PEP 643 makes it trustworthy, else built like pip (cached by sha256: built once)."""
        try:
            return metadata_from_sdist(data, f.filename, release.name, release.version)
        except SdistNeedsBuild:
            pass
        key = "sha256:" + hashlib.sha256(data).hexdigest()  # also when the index lists no hash
        text = self.cache.get_metadata(key)
        if text is not None:
            try:
                return Metadata.from_json(text)
            except (ValueError, TypeError):
                pass
        # Imported here: the build module pulls in subprocess and tempfile, on this cold path only.
        from stackwise.index.build import BUILD_TIMEOUT, BuildFailed, build_sdist_metadata

        label = f"{release.name} {release.version} ({f.filename})"
        failed_key = self._raise_if_build_failed(release, key)
        if not build:
            raise MetadataNeedsBuild(f"the dependencies of {label} are known only after building it")
        if not self.config.build_sdists:
            raise CandidateUnavailable(f"{label} is a source distribution whose dependencies are known only after "
                                       "building it, and this run builds none")
        self._check_build_not_given_up(release, label)
        left = self._build_time_left(label)
        self.stats["sdist_builds"] += 1
        try:
            built = build_sdist_metadata(data, f.filename, label, self.config,
                                         timeout=None if left is None else min(left, BUILD_TIMEOUT))
        except BuildFailed as exc:
            if left is not None and not exc.repeatable and left < BUILD_TIMEOUT \
                    and time.monotonic() >= self._build_deadline:  # type: ignore[operator]
                # Cut short by the caller's deadline, not failed: the next run may build it.
                raise BuildPastDeadline(f"the time budget ran out while the metadata of {label} was being "
                                        "built", f"the metadata build of {label}") from None
            if exc.repeatable:
                self.cache.put_metadata(failed_key, json.dumps({"message": str(exc), "at": time.time()}))
            self._failed_builds.setdefault(release.name, {})[str(release.version)] = exc.failure
            raise
        meta = parse_metadata(built, label)
        check_matches(meta, release.name, release.version, f.filename)
        self.cache.put_metadata(key, meta.to_json())
        return meta

    def _raise_if_build_failed(self, release: Release, key: str) -> str:
        """Raise the remembered failure of the sdist with metadata ``key`` ("sha256:..."); else
        return the key under which a failure is remembered. A build whose backend failed
        fails again with this interpreter: remembered for a week, so ancient sdists (setup.py
        importing what setuptools removed) are not downloaded and rebuilt on every run.
        Timeouts and unreachable build requirements are never remembered."""
        failed_key = f"build-failed:{sys.version_info[0]}.{sys.version_info[1]}:{key}"
        remembered = self.cache.get_metadata(failed_key)
        if remembered is not None:
            try:
                record = json.loads(remembered)
                fresh = time.time() - float(record["at"]) < _FAILED_BUILD_TTL
                message = str(record["message"]) + " (remembered from an earlier run)"
            except (ValueError, TypeError, KeyError):
                fresh = False
            if fresh:
                failure = message.replace(f"; {SKIPPED}", "")
                self._failed_builds.setdefault(release.name, {})[str(release.version)] = failure
                raise CandidateBuildFailed(message, failure)
        return failed_key

    def _check_build_not_given_up(self, release: Release, label: str) -> None:
        """Refuse to download and build a release of a project whose builds keep failing
        (``_FAILED_BUILDS_PER_PROJECT``): the resolver skips it like a failed build, with a
        reason that says it was not tried, so a run without a deadline stays bounded."""
        failed = [v for v in self._failed_builds.get(release.name, ()) if v != str(release.version)]
        if len(failed) < _FAILED_BUILDS_PER_PROJECT:
            return
        shown = ", ".join(failed[:5]) + (", ..." if len(failed) > 5 else "")
        if self._unbuildable_stops and not self._has_release_without_build(release.name):
            first = self._failed_builds[release.name][failed[0]]
            name = release.name
            raise ProjectUnbuildable(
                f"{name} cannot be had here: the metadata builds of {len(failed)} of its releases ({shown}) "
                f"failed in this run, and each of its other releases is a source distribution that needs a "
                f"build too. pip stops at the first failed build; skipping them all would send the resolver "
                f"through every stack without {name}, for up to pip's 200,000 rounds. Provide a wheel for "
                f"{name} (e.g. with --find-links), leave out or constrain what requires it, or give a "
                f"--time-budget above 0, within which stackwise looks for a stack without {name}. "
                f"The first failure: {first}")
        failure = (f"{label} was not built: the metadata builds of {len(failed)} other releases of "
                   f"{release.name} ({shown}) failed in this run, so its other source distributions are "
                   "not tried (pip stops at the first failed build)")
        raise CandidateBuildFailed(f"{failure}; {SKIPPED}", failure)

    def _has_release_without_build(self, name: NormalizedName) -> bool:
        """Whether some release of ``name`` whose build has not failed gives its metadata
        without one: its file is a wheel, the index serves its metadata (PEP 658), or the
        metadata is known already."""
        failed = self._failed_builds.get(name, {})
        for release in self.project(name).releases:
            if str(release.version) in failed:
                continue
            f = release.best
            if f.is_wheel or f.core_metadata:
                return True
            key = self._metadata_key(f)
            if key in self._metadata or self.cache.get_metadata(key) is not None:
                return True
        return False

    def _pep658(self, f: DistFile) -> bytes | None:
        url = f.url + ".metadata"
        resp = self._get(url, {})
        if resp.status_code in (404, 410):
            return None  # advertised but missing: fall back like pip would to the file
        if resp.status_code != 200:
            raise MetadataError(
                f"Could not fetch {url} (HTTP {resp.status_code} {resp.reason or ''}). {_HINT_NET}"
            )
        if isinstance(f.core_metadata, dict):
            self._verify(resp.content, f.core_metadata, f.filename + ".metadata")
        return resp.content

    @staticmethod
    def _verify(data: bytes, hashes: dict[str, str], what: str) -> None:
        for algo, expected in hashes.items():
            if algo in hashlib.algorithms_guaranteed:
                actual = hashlib.new(algo, data).hexdigest()
                if actual != expected.lower():
                    raise MetadataError(
                        f"The {algo} hash of {what} is {actual}, but the index lists {expected}; the file was "
                        "changed or damaged in transit, so it is not used. Try again, or report it to the index."
                    )
                return

    def _lazy_wheel_metadata(self, f: DistFile, project: str) -> bytes:
        """Read METADATA via Range requests; fall back to the whole file if ranges are ignored."""
        resp = self._get(f.url, {"Range": f"bytes=-{CHUNK}", "Accept-Encoding": "identity"}, size=f.size)
        if resp.status_code == 206:
            m = re.match(r"bytes\s+(\d+)-(\d+)/(\d+)", resp.headers.get("Content-Range", ""))
            if m:
                start, total = int(m.group(1)), int(m.group(3))
                lazy = LazyRemoteFile(total, lambda lo, hi: self._range(f.url, lo, hi))
                lazy.add(start, resp.content)
                return metadata_from_wheel(lazy, project, f.filename)
            body = None
        elif resp.status_code == 200:
            body = resp.content  # server ignored Range: this is the whole file
        elif resp.status_code == 416:
            body = None
        else:
            raise MetadataError(f"Could not fetch {f.url} (HTTP {resp.status_code} {resp.reason or ''}). {_HINT_NET}")
        if body is None:
            body = self._download(f.url, what=f"the wheel {f.filename}", size=f.size)
        self._verify(body, f.hashes, f.filename)
        return metadata_from_wheel(io.BytesIO(body), project, f.filename)

    def _range(self, url: str, lo: int, hi: int) -> bytes:
        resp = self._get(url, {"Range": f"bytes={lo}-{hi}", "Accept-Encoding": "identity"})
        if resp.status_code == 206:
            return resp.content
        if resp.status_code == 200:
            return resp.content[lo : hi + 1]
        raise MetadataError(f"Could not fetch bytes {lo}-{hi} of {url} (HTTP {resp.status_code}). {_HINT_NET}")

    def _download(self, url: str, *, what: str, size: int | None = None) -> bytes:
        path = _local_path(url)
        if path is not None:
            try:
                return path.read_bytes()
            except OSError as exc:
                raise MetadataError(f"Could not read {path} ({exc.strerror or exc}).") from None
        if self.config.offline:
            raise MetadataError(f"Downloading {what} from {url} needs the network, but --offline is set.")
        resp = self._get(url, {}, size=size)
        if resp.status_code != 200:
            raise MetadataError(f"Could not download {what} from {url} (HTTP {resp.status_code}). {_HINT_NET}")
        return resp.content

    def _local_sha256(self, path: Path) -> str:
        validator = stat_validator(path)
        self.observed["file:" + str(path)] = validator
        if validator is None:
            raise IndexFetchError(f"Cannot hash {path}: the file does not exist or is not readable.")
        key = f"{path}:{validator}"
        cached = self.cache.get_file_hash(key)
        if cached:
            return cached
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()
        self.cache.put_file_hash(key, digest)
        return digest

    # -- HTTP -------------------------------------------------------------------------------
    def _session_obj(self) -> requests.Session:
        """The main thread's session, or this prefetch thread's own (sessions are not shared)."""
        worker = threading.current_thread().name.startswith("stackwise-prefetch")
        session = getattr(self._local, "session", None) if worker else self._session
        if session is None:
            import requests

            from stackwise import __version__
            from stackwise.index._tls import SharedTLSAdapter

            session = requests.Session()
            session.mount("https://", SharedTLSAdapter())  # one CA bundle load per run, not per connection
            session.headers["User-Agent"] = f"stackwise/{__version__} requests/{requests.__version__}"
            if worker:
                self._local.session = session
                with self._stats_lock:
                    self._worker_sessions.append(session)
            else:
                self._session = session
        return session

    def _get(self, url: str, headers: dict[str, str], size: int | None = None) -> requests.Response:
        """GET with retries on connection errors, timeouts and 5xx answers, all within ``timeout``.

        ``config.timeout`` bounds the whole request, retries included (pip's ``--timeout``
        bounds each try, so pip's 15 s x 5 tries can wait minutes for a silent server): a
        silent index costs one timeout, a refused connection a few quick retries.
        """
        if self.config.offline:
            raise IndexFetchError(f"Fetching {url} needs the network, but --offline is set.")
        import requests

        from stackwise.index._body import PAGE_LIMIT, download_limit, read_body

        session = self._session_obj()
        timeout = self.config.timeout
        start = time.monotonic()
        deadline = start + timeout
        attempts = self.config.retries + 1
        tried = 0
        while True:
            tried += 1
            remaining = deadline - time.monotonic()
            last = tried >= attempts
            try:
                self._count("requests")
                resp = session.get(url, headers=headers, timeout=max(0.05, remaining), stream=True,
                                   verify=self.config.verify_tls(url))  # False only for a --trusted-host
                # a trickle or an endless page fails like a dead server (index/_body.py)
                # and a file stops at the size the index lists, else at the download limit
                page = "Accept" in headers
                read_body(resp, url, timeout=timeout, limit=PAGE_LIMIT if page else download_limit() if size is None
                          else size, file=not page, listed=None if size is None else "the index lists")
            except requests.RequestException as exc:
                pause = min(2.0, 0.1 * (2 ** (tried - 1)))
                if last or time.monotonic() + pause >= deadline:
                    waited = time.monotonic() - start
                    reason = (f"no answer within {_seconds(timeout)}" if isinstance(exc, requests.Timeout)
                              else _short_reason(exc, timeout))
                    raise IndexFetchError(
                        f"Could not fetch {url}: {reason} ({_tries(tried)} in {waited:.1f} s; limit --timeout "
                        f"{timeout:g}, which defaults to pip's timeout setting or PIP_TIMEOUT). {_HINT_NET}"
                    ) from None
            else:
                if resp.status_code < 500 or last:
                    return resp
                retry_after = resp.headers.get("Retry-After", "")
                pause = min(2.0, 0.1 * (2 ** (tried - 1)))
                # isdigit() holds for '\xb2' (superscript two, a latin-1 header byte), which int() refuses
                long = retry_after.isascii() and retry_after.isdigit() and (len(retry_after) > 9 or int(retry_after) > 5)
                if long or time.monotonic() + pause >= deadline:
                    return resp  # a long pause asked for, or no time left: report this answer
                resp.close()
            time.sleep(pause)


def _seconds(value: float) -> str:
    return "1 second" if value == 1 else f"{value:g} seconds"


def _tries(n: int) -> str:
    return "1 try" if n == 1 else f"{n} tries"
