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

Find-links directories list no hashes: ``DistFile.hashes`` is empty and
:meth:`IndexClient.file_hashes` computes the sha256 on demand (cached by path, size and
mtime), because hashing large local wheels eagerly would slow down every resolution.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.errors import CandidateUnavailable, IndexFetchError, MetadataError
from stackwise.index import simple
from stackwise.index.cache import IndexCache
from stackwise.index.config import IndexConfig
from stackwise.index.lazywheel import CHUNK, LazyRemoteFile
from stackwise.index.metadata import (
    Metadata,
    SdistNeedsBuild,
    check_matches,
    metadata_from_sdist,
    metadata_from_wheel,
    parse_metadata,
)
from stackwise.index.models import DistFile, Project, Release, Skipped

if TYPE_CHECKING:
    import requests

__all__ = ["IndexClient", "Metadata"]

_HINT_NET = "Check the URL and your network connection, or use --offline to work from the cache."
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_ERRNO = re.compile(r"\[Errno -?\d+\][^'\")\]]*")


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


def _stat_validator(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return f"{st.st_mtime_ns}:{st.st_size}"


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
        return f"no answer within {timeout:g} seconds"
    text = str(exc)
    m = _ERRNO.search(text)
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS/SSL verification failed (set REQUESTS_CA_BUNDLE or pip's cert option if you use a custom CA)"
    if isinstance(exc, requests.ConnectionError):
        return f"could not connect ({m.group(0).strip()})" if m else "could not connect"
    return f"{type(exc).__name__}: {m.group(0).strip() if m else text[:200]}"


class IndexClient:
    """Projects, releases and metadata from the configured locations; use as a context manager."""

    def __init__(self, config: IndexConfig, target: TargetEnvironment) -> None:
        self.config = config
        self.target = target
        self.cache = IndexCache(config.resolved_cache_dir())
        self._session: requests.Session | None = None
        self._lock = threading.RLock()
        self._projects: dict[NormalizedName, Project] = {}
        self._metadata: dict[str, Metadata] = {}
        self._hashes: dict[str, dict[str, str]] = {}
        self._findlinks: dict[str, dict[str, list[list[Any]]]] = {}
        self._rp_ok: dict[str, bool] = {}
        self._priority = {str(t): i for i, t in enumerate(target.tags)}
        self._python = target.python_version
        self.stats = {"requests": 0, "cache_hits": 0, "revalidated": 0, "sdist_builds": 0}

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Release the HTTP session and the cache connection."""
        if self._session is not None:
            self._session.close()
            self._session = None
        self.cache.close()

    def __enter__(self) -> IndexClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public API ------------------------------------------------------------------------
    def project(self, name: str) -> Project:
        """All releases of ``name`` usable on the target, newest first, pooled over every location."""
        key = canonicalize_name(name)
        with self._lock:
            found = self._projects.get(key)
            if found is None:
                found = self._projects[key] = self._build_project(key, self._collect(key))
            return found

    def releases(self, name: str) -> list[Release]:
        """``project(name).releases``."""
        return self.project(name).releases

    def metadata(self, release: Release) -> Metadata:
        """Core metadata of ``release.best`` (PEP 658 file, lazy wheel, or download), cached for good."""
        f = release.best
        key = self._metadata_key(f)
        with self._lock:
            meta = self._metadata.get(key)
            if meta is not None:
                return meta
            text = self.cache.get_metadata(key)
            if text is not None:
                try:
                    meta = Metadata.from_json(text)
                except (ValueError, TypeError):
                    meta = None
            if meta is None:
                meta = self._fetch_metadata(release, f)
                check_matches(meta, release.name, release.version, f.filename)
                self.cache.put_metadata(key, meta.to_json())
            self._metadata[key] = meta
            return meta

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
                digest = hashlib.sha256(self._download(file.url, what=f"the file {file.filename}")).hexdigest()
            result = {"sha256": digest}
            self._hashes[file.url] = result
            return result

    # -- collecting rows -------------------------------------------------------------------
    def _collect(self, name: NormalizedName) -> list[tuple[list[Any], str]]:
        """(row, origin) pairs: find-links first, then indexes in order (pip's order)."""
        out: list[tuple[list[Any], str]] = []
        for location in self.config.find_links:
            out.extend((row, location) for row in self._findlinks_rows(location).get(name, ()))
        for index_url in self.config.effective_index_urls:
            page = index_url.rstrip("/") + "/" + quote(name, safe="") + "/"
            out.extend((row, index_url) for row in self._index_rows(page, name))
        return out

    def _index_rows(self, page_url: str, name: NormalizedName) -> list[list[Any]]:
        path = _local_path(page_url)
        if path is not None:
            return self._local_page(page_url, path, is_index=True).get(name, [])
        data = self._remote_page(page_url, name)
        return data

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
            result = self._remote_page(location, None)
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
        validator = _stat_validator(target)
        key = "local:" + str(target)
        entry = self.cache.get_page(key)
        if entry is not None and entry.validator == validator:
            self.stats["cache_hits"] += 1
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
        entry = self.cache.get_page(url)
        now = time.time()
        if entry is not None:
            fresh_for = self.config.ttl if entry.max_age is None else min(self.config.ttl, entry.max_age)
            if self.config.offline or now - entry.fetched_at < fresh_for:
                self.stats["cache_hits"] += 1
                return json.loads(entry.rows)
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
            self.stats["revalidated"] += 1
            self.cache.touch_page(url, max_age)
            return json.loads(entry.rows)
        if resp.status_code in (404, 410):
            if name is None:
                raise IndexFetchError(f"The find-links page {url} does not exist (HTTP {resp.status_code}); check the URL.")
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
                pairs = simple.parse_html(resp.content, page_url, charset=resp.encoding if "charset" in (resp.headers.get("Content-Type") or "") else None)
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
            self.cache.put_page(
                url,
                json.dumps(rows_obj, separators=(",", ":")),
                etag=resp.headers.get("ETag"),
                last_modified=resp.headers.get("Last-Modified"),
                max_age=max_age,
            )
        else:
            self.cache.delete_page(url)
        return rows_obj

    # -- building releases ---------------------------------------------------------------
    def _requires_python_ok(self, spec: str | None) -> bool:
        if spec is None:
            return True
        ok = self._rp_ok.get(spec)
        if ok is None:
            try:
                ok = SpecifierSet(spec).contains(self._python, prereleases=True)
            except InvalidSpecifier:
                ok = True  # pip ignores an invalid Requires-Python
            self._rp_ok[spec] = ok
        return ok

    def _build_project(self, name: NormalizedName, pooled: list[tuple[list[Any], str]]) -> Project:
        by_version: dict[str, list[tuple[list[Any], str]]] = {}
        for item in pooled:
            by_version.setdefault(item[0][6], []).append(item)
        groups: dict[Version, list[tuple[list[Any], str]]] = {}
        for vstr, items in by_version.items():
            groups.setdefault(Version(vstr), []).extend(items)  # "1.0" and "1.0.0" are one version

        releases: list[Release] = []
        skipped: list[Skipped] = []
        priority = self._priority
        worst = len(priority) + 1
        for version in sorted(groups, reverse=True):
            files: list[DistFile] = []
            seen: set[str] = set()
            best: DistFile | None = None
            best_key: tuple[Any, ...] | None = None
            rp_blocked: str | None = None
            for row, origin in groups[version]:
                filename, url, hashes, rp, yanked, core, _v, build, tags = row
                if url in seen:
                    continue
                seen.add(url)
                f = DistFile(filename, url, hashes, rp, yanked is not None, yanked or None, core, origin)
                files.append(f)
                if tags is None:
                    pri = worst
                else:
                    pri = min((priority[t] for t in tags if t in priority), default=None)
                    if pri is None:
                        continue
                if not self._requires_python_ok(rp):
                    if rp_blocked is None or (yanked is None):
                        rp_blocked = rp
                    continue
                # pip's preference: not yanked, then best tag (sdist last), then highest build tag.
                k = (yanked is None, -pri, tuple(build) if build else ())
                if best_key is None or k > best_key:
                    best, best_key = f, k
            if best is None:
                reason = (
                    f"requires-python {rp_blocked}"
                    if rp_blocked is not None
                    else f"no compatible wheel for {self.target.describe()} and no sdist"
                )
                skipped.append(Skipped(str(version), reason))
                continue
            files.sort(key=lambda d: d.yanked)
            releases.append(
                Release(name, version, tuple(files), best, best.yanked, best.yanked_reason if best.yanked else None)
            )
        return Project(name, releases, skipped)

    # -- metadata --------------------------------------------------------------------------
    def _metadata_key(self, f: DistFile) -> str:
        if "sha256" in f.hashes:
            return "sha256:" + f.hashes["sha256"]
        path = _local_path(f.url)
        if path is not None:
            return f"file:{path}:{_stat_validator(path)}"
        return "url:" + f.url

    def _fetch_metadata(self, release: Release, f: DistFile) -> Metadata:
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
            return self._sdist_metadata(data, release, f)
        if self.config.offline:
            raise CandidateUnavailable(
                f"The metadata of {label} is not in the stackwise cache and --offline forbids network "
                "access; run once without --offline to fill the cache."
            )
        if f.core_metadata:
            data = self._pep658(f)
            if data is not None:
                return parse_metadata(data, label)
        if f.is_wheel:
            return parse_metadata(self._lazy_wheel_metadata(f, release.name), label)
        body = self._download(f.url, what=f"the source distribution {f.filename}")
        self._verify(body, f.hashes, f.filename)
        return self._sdist_metadata(body, release, f)

    def _sdist_metadata(self, data: bytes, release: Release, f: DistFile) -> Metadata:
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
        from stackwise.index.build import build_sdist_metadata

        label = f"{release.name} {release.version} ({f.filename})"
        self.stats["sdist_builds"] += 1
        meta = parse_metadata(build_sdist_metadata(data, f.filename, label, self.config), label)
        check_matches(meta, release.name, release.version, f.filename)
        self.cache.put_metadata(key, meta.to_json())
        return meta

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
        resp = self._get(f.url, {"Range": f"bytes=-{CHUNK}", "Accept-Encoding": "identity"})
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
            body = self._download(f.url, what=f"the wheel {f.filename}")
        self._verify(body, f.hashes, f.filename)
        return metadata_from_wheel(io.BytesIO(body), project, f.filename)

    def _range(self, url: str, lo: int, hi: int) -> bytes:
        resp = self._get(url, {"Range": f"bytes={lo}-{hi}", "Accept-Encoding": "identity"})
        if resp.status_code == 206:
            return resp.content
        if resp.status_code == 200:
            return resp.content[lo : hi + 1]
        raise MetadataError(f"Could not fetch bytes {lo}-{hi} of {url} (HTTP {resp.status_code}). {_HINT_NET}")

    def _download(self, url: str, *, what: str) -> bytes:
        path = _local_path(url)
        if path is not None:
            try:
                return path.read_bytes()
            except OSError as exc:
                raise MetadataError(f"Could not read {path} ({exc.strerror or exc}).") from None
        if self.config.offline:
            raise MetadataError(f"Downloading {what} from {url} needs the network, but --offline is set.")
        resp = self._get(url, {})
        if resp.status_code != 200:
            raise MetadataError(f"Could not download {what} from {url} (HTTP {resp.status_code}). {_HINT_NET}")
        return resp.content

    def _local_sha256(self, path: Path) -> str:
        validator = _stat_validator(path)
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
        if self._session is None:
            import requests

            from stackwise import __version__

            s = requests.Session()
            s.headers["User-Agent"] = f"stackwise/{__version__} requests/{requests.__version__}"
            self._session = s
        return self._session

    def _get(self, url: str, headers: dict[str, str]) -> requests.Response:
        """GET with bounded retries on connection errors, timeouts and 5xx answers."""
        if self.config.offline:
            raise IndexFetchError(f"Fetching {url} needs the network, but --offline is set.")
        import requests

        session = self._session_obj()
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                self.stats["requests"] += 1
                resp = session.get(url, headers=headers, timeout=self.config.timeout)
            except requests.RequestException as exc:
                if last:
                    raise IndexFetchError(
                        f"Could not fetch {url}: {_short_reason(exc, self.config.timeout)}"
                        f"{f' (tried {attempts} times)' if attempts > 1 else ''}. {_HINT_NET}"
                    ) from None
            else:
                if resp.status_code < 500 or last:
                    return resp
                retry_after = resp.headers.get("Retry-After", "")
                resp.close()
                if retry_after.isdigit() and int(retry_after) > 5:
                    return resp  # the server asks for a long pause: report instead of waiting
            time.sleep(min(2.0, 0.1 * (2**attempt)))
        raise AssertionError("unreachable")
