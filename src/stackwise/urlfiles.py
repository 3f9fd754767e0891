"""Constraints and score files from ``https://`` URLs, cached in the user cache directory.

Why: a team shares one constraints file or score file from a web server instead of a copy
in every repository (pip reads ``-c https://...`` too). Each URL is kept as a file in
``<cache dir>/urls-v1``: used without asking for ``ttl`` seconds, then revalidated (ETag
or Last-Modified), and when the server cannot be reached the cached copy is used with a
warning; with no cached copy the run stops with one clear paragraph. Downloads are
bounded in size (``max_bytes``) and in time (one overall deadline, retries included); the
cache keeps at most :data:`MAX_ENTRIES` files (the least recently fetched go first); every
write is atomic, so an interrupted run leaves the previous copy or none.

Plain ``http://`` is refused except to this machine (127.0.0.1, ::1, localhost): a file
that decides what gets installed must not be changeable by anyone on the network path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stackwise.errors import StackwiseError

CACHE_DIR_NAME = "urls-v1"
DEFAULT_TTL = 600.0
DEFAULT_TIMEOUT = 15.0
MAX_BYTES = 32 * 1024 * 1024
MAX_ENTRIES = 64
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}

Warn = Callable[[str], None]


def is_url(text: str) -> bool:
    return "://" in text


def is_score_file_url(source: str) -> bool:
    """A score *file* URL (its path ends in ``.json``) rather than a score service base URL."""
    if not is_url(source):
        return False
    try:
        return urlsplit(source).path.lower().endswith(".json")
    except ValueError:
        return False


def check_url(url: str, what: str, error: type[StackwiseError] = StackwiseError) -> None:
    """https anywhere, http only to loopback; anything else is a clear error."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise error(f"{url}: not a valid URL for a {what}.") from None
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and host in _LOOPBACK:
        return
    if parts.scheme == "http":
        raise error(f"{url}: a {what} is fetched only over https:// (plain http:// only from this "
                    "machine, 127.0.0.1 or localhost), because it decides what gets installed; "
                    "use an https:// URL or download the file and give its path.")
    raise error(f"{url}: a {what} URL must start with https://; give a local path otherwise.")


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """``<cache dir or the platform's user cache dir>/urls-v1``."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser() / CACHE_DIR_NAME
    import platformdirs

    return Path(platformdirs.user_cache_dir("stackwise")) / CACHE_DIR_NAME


def _stderr_warn(message: str) -> None:
    print(f"stackwise: warning: {message}", file=sys.stderr)


def fetch_url(url: str, *, what: str, error: type[StackwiseError] = StackwiseError,
              cache_dir: str | os.PathLike[str] | None = None, ttl: float = DEFAULT_TTL,
              offline: bool = False, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES,
              check: Callable[[bytes], None] | None = None, warn: Warn | None = None) -> Path:
    """The local cached copy of ``url`` (fetched or revalidated as needed).

    ``check`` validates a new download before it replaces the cached copy (it raises the
    error the user should see, naming the URL), so a broken answer never displaces a good
    file. Every failure without a usable copy is an ``error`` naming the URL and the cause.
    """
    check_url(url, what, error)
    warn = warn or _stderr_warn
    root = cache_root(cache_dir)
    key = hashlib.sha256(url.encode()).hexdigest()[:40]
    body_path, meta_path = root / f"{key}.body", root / f"{key}.json"
    meta = _cached(body_path, meta_path, url)
    if meta is not None and (offline or time.time() - meta["fetched"] < ttl):
        return body_path
    if offline:
        raise error(f"{url}: no cached copy of this {what}, and --offline forbids fetching it; "
                    "run once online, or download the file and give its path.")
    try:
        status, headers, body = _download(url, meta, timeout=timeout, max_bytes=max_bytes)
    except _Unreachable as exc:
        if meta is not None:
            age = time.time() - meta["fetched"]
            warn(f"cannot fetch the {what} {url} ({exc}); using the copy cached {_age(age)} ago.")
            return body_path
        raise error(f"{url}: cannot fetch this {what} ({exc}) and there is no cached copy; check the "
                    "URL and the network, or download the file and give its path.") from None
    from stackwise._atomic import atomic_write_bytes, atomic_write_text

    root.mkdir(parents=True, exist_ok=True)
    if status == 304 and meta is not None:
        body = body_path.read_bytes()
    else:
        if check is not None:
            check(body)
        atomic_write_bytes(body_path, body)
    new_meta = {"url": url, "fetched": time.time(), "sha256": hashlib.sha256(body).hexdigest(),
                "etag": headers.get("ETag"), "last_modified": headers.get("Last-Modified")}
    atomic_write_text(meta_path, json.dumps(new_meta))
    _prune(root)
    return body_path


class _Unreachable(Exception):
    """No usable answer: the reason, in a few words."""


def _cached(body_path: Path, meta_path: Path, url: str) -> dict[str, object] | None:
    """The cached entry, if complete and consistent (body and metadata written by one run)."""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body = body_path.read_bytes()
    except (OSError, ValueError, RecursionError):  # RecursionError: a corrupt file nested too deeply
        return None
    if (not isinstance(meta, dict) or meta.get("url") != url or not isinstance(meta.get("fetched"), (int, float))
            or meta.get("sha256") != hashlib.sha256(body).hexdigest()):
        return None
    return meta


def _download(url: str, meta: dict[str, object] | None, *, timeout: float,
              max_bytes: int) -> tuple[int, Any, bytes]:
    import requests

    from stackwise import __version__
    from stackwise.knowledge._http import (
        DeadlineExceeded,
        TooLarge,
        describe_size,
        fetch,
        limited_session,
    )

    session, clock = limited_session(f"stackwise/{__version__}")
    session.headers["Accept"] = "*/*"
    headers: dict[str, str] = {}
    if meta is not None:
        if meta.get("etag"):
            headers["If-None-Match"] = str(meta["etag"])
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = str(meta["last_modified"])
    clock.start(timeout)
    last = "no attempt"
    try:
        for attempt in range(3):
            if attempt:
                pause = 0.25 * attempt
                if pause >= clock.remaining():
                    break
                time.sleep(pause)
            try:
                resp = fetch(session, clock, "GET", url, connect_timeout=min(timeout, 5.0),
                             read_timeout=timeout, max_bytes=max_bytes, headers=headers)
            except DeadlineExceeded:
                raise _Unreachable(f"no complete answer within {timeout:g} s") from None
            except TooLarge as exc:
                size = describe_size(exc.size) if exc.declared else f"more than {describe_size(max_bytes)}"
                raise _Unreachable(f"the file is {size}, over the {describe_size(max_bytes)} limit") from None
            except requests.exceptions.ConnectionError as exc:
                reason = str(exc.args[0]) if exc.args else type(exc).__name__
                last = "connection refused" if "refused" in reason.lower() else "cannot connect"
                continue
            except requests.exceptions.RequestException as exc:
                last = f"broken response ({type(exc).__name__})"
                continue
            if resp.status_code == 304 and meta is not None:
                return 304, resp.headers, b""
            if resp.status_code >= 500 or resp.status_code == 429:
                last = f"HTTP {resp.status_code}"
                continue
            if resp.status_code != 200:
                raise _Unreachable(f"HTTP {resp.status_code}")
            return 200, resp.headers, resp.content
    finally:
        clock.stop()
        session.close()
    raise _Unreachable(last)


def _prune(root: Path) -> None:
    """Keep the newest :data:`MAX_ENTRIES` cached files (by when they were last fetched)."""
    try:
        metas = sorted(root.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for meta in metas[MAX_ENTRIES:]:
        for path in (meta, meta.with_suffix(".body")):
            with contextlib.suppress(OSError):
                path.unlink()


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"
