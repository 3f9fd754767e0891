"""Verify a score service's signed snapshot with TUF (``tuf.ngclient``) before it is used.

Why TUF and not a signature on the file: a signature alone does not stop a mirror or a
restored database from serving an *older* signed snapshot (rollback: a security veto
silently disappears), from replaying yesterday's metadata forever (freeze), or from
combining metadata of different moments (mix-and-match). ngclient checks all of these
against the trusted metadata kept in the cache, starting from the root the user pinned
with ``trust_root = PATH``; root key rotations are followed only when each new root is
signed by the keys of the one before.

The trusted metadata lives in ``<cache>/tuf-v1/<digest of the pinned root>/``: keyed by the
repository (its root), not by the URL, so a mirror or a moved service cannot escape the
rollback check by being another address. ngclient writes each file only after verifying
it, so a refused update leaves the last good state (and the last good score file, which
the caller only replaces after success).

Online clients (``--scores URL`` with a trust root) use the same verified snapshot, kept
beside the metadata as ``targets/<sha256>.scores.json``, instead of the service's unsigned
per-package answers: a run within the TTL of the last verification reads it without a
socket, and a refresh costs one small ``timestamp.json`` download unless the KB changed
(why a snapshot and not per-package targets: docs/service.md#verified-online-clients).
Every download goes through :class:`DeadlineFetcher`, so a refresh is bounded by one
overall deadline (``scores-deadline``) like every other service call, not by a per-read
timeout that a trickling server never trips.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from tuf.api import exceptions
from tuf.ngclient import Updater
from tuf.ngclient.fetcher import FetcherInterface

from stackwise import __version__
from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.knowledge._http import connection_reason, limited_session
from stackwise.knowledge.cache import TUF_DIR_NAME, TUF_STATE_FILE, read_cache_file

TARGET = "scores.json"
CACHE_DIR_NAME = TUF_DIR_NAME  # cache clear/info and the byte cap find the verified files there
STATE_FILE = TUF_STATE_FILE


class TrustError(StackwiseError):
    """The signed snapshot could not be verified; nothing was used or written."""


def metadata_dir(cache_root: Path, root: bytes) -> Path:
    """Where the trusted metadata of the repository whose pinned root is ``root`` is kept."""
    return cache_root / CACHE_DIR_NAME / hashlib.sha256(root).hexdigest()[:24]


class DeadlinePassed(exceptions.DownloadError):
    """The overall deadline of a refresh passed (its sockets were shut down)."""


class DeadlineFetcher(FetcherInterface):
    """ngclient's network access through stackwise's deadline-bound session.

    ngclient's own fetchers bound each socket read; here every download inside one
    :meth:`bounded` block shares one overall deadline, whose timer shuts the sockets down
    (see :mod:`stackwise.knowledge._http`), so a trickling server cannot hold a run.
    """

    def __init__(self, *, connect_timeout: float = 3.0, read_timeout: float = 10.0) -> None:
        self.session, self.deadline = limited_session(f"stackwise/{__version__}")
        self.session.headers["Accept"] = "*/*"
        self.timeout = (connect_timeout, read_timeout)
        self.seconds = 0.0

    @contextlib.contextmanager
    def bounded(self, seconds: float) -> Iterator[None]:
        """Every download inside shares one deadline of ``seconds``."""
        self.seconds = seconds
        self.deadline.start(seconds)
        try:
            yield
        finally:
            self.deadline.stop()

    def close(self) -> None:
        self.session.close()

    def _late(self) -> DeadlinePassed:
        return DeadlinePassed(f"no complete answer within the {self.seconds:g} s deadline (scores-deadline)")

    def _fetch(self, url: str) -> Iterator[bytes]:
        left = self.deadline.remaining()
        if left <= 0 or self.deadline.expired:
            raise self._late()
        timeout = (max(0.001, min(self.timeout[0], left)), max(0.001, min(self.timeout[1], left)))
        try:
            resp = self.session.get(url, timeout=timeout, stream=True)
        except requests.exceptions.RequestException as exc:
            if self.deadline.expired:
                raise self._late() from None
            raise exceptions.DownloadError(connection_reason(exc)) from None
        if self.deadline.expired:
            resp.close()
            raise self._late()
        if resp.status_code != 200:
            resp.close()
            raise exceptions.DownloadHTTPError(f"HTTP {resp.status_code} for {url}", resp.status_code)
        return self._chunks(resp)

    def _chunks(self, resp: Any) -> Iterator[bytes]:
        try:
            for chunk in resp.iter_content(64 * 1024):
                if self.deadline.expired:
                    raise self._late()
                yield chunk
            if self.deadline.expired:  # a shut-down socket can look like a complete answer
                raise self._late()
        except requests.exceptions.RequestException as exc:
            if self.deadline.expired:
                raise self._late() from None
            raise exceptions.DownloadError(f"broken response ({type(exc).__name__})") from None
        finally:
            resp.close()


@dataclass(frozen=True)
class Verified:
    """A verified snapshot on disk: the score file, and when its timestamp was last verified."""

    path: Path
    checked_at: float
    expires: float  # the verified timestamp metadata's expiry (Unix time)

    def age(self, now: float | None = None) -> float:
        now = time.time() if now is None else now
        return float("inf") if self.checked_at > now + 300 else max(0.0, now - self.checked_at)

    def expired(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) >= self.expires


class TrustedSnapshot:
    """The signed snapshot of one service, verified against one pinned root.

    :meth:`refresh` asks the service (ngclient: timestamp, then snapshot/targets/target
    only if they changed) and returns the verified file; :meth:`last_good` is the file of
    the last successful refresh, which a refused or failed refresh leaves in place.
    """

    def __init__(self, service_url: str, trust_root: str | os.PathLike[str], cache_root: Path, *,
                 deadline: float = 30.0, connect_timeout: float = 3.0, read_timeout: float = 10.0) -> None:
        self.url = service_url.rstrip("/")
        self.trust_root = str(trust_root)
        self.deadline = deadline
        self.timeouts = (connect_timeout, read_timeout)
        try:
            from stackwise._inputfile import read_input_bytes

            self.root = read_input_bytes(Path(trust_root).expanduser())  # /dev/zero: read up to a limit
        except OSError as exc:
            raise TrustError(f"trust_root {trust_root}: cannot read the pinned root metadata "
                             f"({exc.strerror or exc}).") from None
        self.directory = metadata_dir(cache_root, self.root)
        self.where = f"the signed snapshot of {self.url}"

    # -- the last good state (no network) ----------------------------------------------------
    def last_good(self) -> Verified | None:
        """The last verified snapshot, if its file is still there."""
        try:
            state = json.loads(read_cache_file(self.directory / STATE_FILE).decode("utf-8"))
            path = self.directory / "targets" / str(state["target"])
            checked, expires = float(state["checked_at"]), float(state["expires"])
        except (OSError, ValueError, KeyError, TypeError, RecursionError):  # Recursion: nested too deeply
            return None
        if "/" in str(state["target"]) or not path.is_file():
            return None
        return Verified(path, checked, expires)

    def _remember(self, target: Path, expires: float) -> Verified:
        from stackwise._atomic import atomic_write_text

        now = time.time()
        atomic_write_text(self.directory / STATE_FILE,
                          json.dumps({"target": target.name, "checked_at": now, "expires": expires,
                                      "service": self.url}) + "\n")
        for old in (self.directory / "targets").glob("*.scores.json"):
            if old != target:
                with contextlib.suppress(OSError):
                    old.unlink()
        return Verified(target, now, expires)

    # -- network ------------------------------------------------------------------------------
    def refresh(self) -> Verified:
        """Verify the service's current snapshot (downloading only what changed); a :class:`TrustError` otherwise."""
        try:
            (self.directory / "targets").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TrustError(f"Cannot create {self.directory} for the trusted metadata: {exc.strerror or exc}.") from None
        base = self.url + "/v1/tuf/"
        fetcher = DeadlineFetcher(connect_timeout=self.timeouts[0], read_timeout=self.timeouts[1])
        have_root = (self.directory / "root.json").exists()
        where = self.where
        try:
            with fetcher.bounded(self.deadline):
                updater = Updater(str(self.directory), base, target_base_url=base + "targets/", fetcher=fetcher,
                                  bootstrap=None if have_root else self.root)
                updater.refresh()
                info = updater.get_targetinfo(TARGET)
                if info is None:
                    raise TrustError(f"{where} lists no {TARGET}; the service publishes nothing to verify.")
                digest = info.hashes.get("sha256", "")
                if not digest or not all(c in "0123456789abcdef" for c in digest):
                    raise TrustError(f"{where}: the signed target has no SHA-256 hash. Refused; the last good "
                                     "knowledge is kept.")
                target = self.directory / "targets" / f"{digest}.scores.json"
                if updater.find_cached_target(info, str(target)) is None:
                    # Downloaded to a temporary name first: a cut download never looks verified.
                    with tempfile.TemporaryDirectory(prefix="stackwise-tuf-", dir=self.directory) as tmp:
                        got = updater.download_target(info, filepath=str(Path(tmp) / TARGET))
                        os.replace(got, target)
                expires = _timestamp_expiry(self.directory)
            return self._remember(target, expires)
        except TrustError:
            raise
        except DeadlinePassed as exc:
            raise TrustError(f"Cannot download {where}: {exc}. Nothing new was used.") from None
        except exceptions.ExpiredMetadataError as exc:
            raise TrustError(f"{where} has expired ({exc}): the service stopped signing or someone replays old "
                             "metadata (a freeze attack). Refused; the last good knowledge is kept.") from None
        except exceptions.BadVersionNumberError as exc:
            raise TrustError(f"{where} is older than what this machine already trusts ({exc}): a rollback "
                             "(a restored database or a stale mirror). Refused; the last good knowledge is kept.") from None
        except exceptions.LengthOrHashMismatchError as exc:
            raise TrustError(f"{where} does not match its signed length and hash ({exc}): the file was changed "
                             "after signing. Refused; the last good knowledge is kept.") from None
        except exceptions.UnsignedMetadataError as exc:
            raise TrustError(f"{where} is not signed by the trusted keys ({exc}); a new root must be signed by the "
                             "keys of the root before it. Refused; the last good knowledge is kept.") from None
        except exceptions.DownloadError as exc:
            raise TrustError(f"Cannot download {where} ({type(exc).__name__}: {exc}). Nothing new was used.") from None
        except exceptions.RepositoryError as exc:
            raise TrustError(f"{where} failed verification ({type(exc).__name__}: {exc}). Refused; the last good "
                             "knowledge is kept.") from None
        except (ValueError, OSError) as exc:
            raise TrustError(f"{where}: {type(exc).__name__}: {exc}. Refused; the last good knowledge is kept.") from None
        finally:
            fetcher.close()


def _timestamp_expiry(directory: Path) -> float:
    """The expiry of the timestamp metadata ngclient has just verified and stored."""
    data = json.loads((directory / "timestamp.json").read_bytes())
    text = str(data["signed"]["expires"])
    import datetime

    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()


def fetch_verified(service_url: str, trust_root: str | Path, cache_root: Path, *, timeout: float = 60.0,
                   deadline: float = 300.0) -> bytes:
    """The service's ``scores.json`` target, verified by ngclient; a :class:`TrustError` otherwise."""
    snapshot = TrustedSnapshot(service_url, trust_root, cache_root, deadline=deadline, read_timeout=timeout)
    verified = snapshot.refresh()
    return verified.path.read_bytes()
