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
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from stackwise.errors import StackwiseError

TARGET = "scores.json"
CACHE_DIR_NAME = "tuf-v1"


class TrustError(StackwiseError):
    """The signed snapshot could not be verified; nothing was used or written."""


def metadata_dir(cache_root: Path, root: bytes) -> Path:
    """Where the trusted metadata of the repository whose pinned root is ``root`` is kept."""
    return cache_root / CACHE_DIR_NAME / hashlib.sha256(root).hexdigest()[:24]


def fetch_verified(service_url: str, trust_root: str | Path, cache_root: Path, *, timeout: float = 60.0) -> bytes:
    """The service's ``scores.json`` target, verified by ngclient; a :class:`TrustError` otherwise."""
    try:
        from tuf.api import exceptions
        from tuf.ngclient import Updater
        from tuf.ngclient.urllib3_fetcher import Urllib3Fetcher
    except ImportError:
        raise TrustError("Verifying signed snapshots needs the tuf library: pip install tuf 'securesystemslib[crypto]'.") from None
    try:
        root = Path(trust_root).expanduser().read_bytes()
    except OSError as exc:
        raise TrustError(f"trust_root {trust_root}: cannot read the pinned root metadata ({exc.strerror or exc}).") from None
    base = service_url.rstrip("/") + "/v1/tuf/"
    directory = metadata_dir(cache_root, root)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TrustError(f"Cannot create {directory} for the trusted metadata: {exc.strerror or exc}.") from None
    have_root = (directory / "root.json").exists()
    where = f"the signed snapshot of {service_url}"
    try:
        updater = Updater(str(directory), base, target_base_url=base + "targets/",
                          fetcher=Urllib3Fetcher(socket_timeout=max(1, int(timeout))),
                          bootstrap=None if have_root else root)
        updater.refresh()
        info = updater.get_targetinfo(TARGET)
        if info is None:
            raise TrustError(f"{where} lists no {TARGET}; the service publishes nothing to verify.")
        with tempfile.TemporaryDirectory(prefix="stackwise-tuf-") as tmp:
            path = updater.download_target(info, filepath=str(Path(tmp) / TARGET))
            return Path(path).read_bytes()
    except TrustError:
        raise
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
        raise TrustError(f"Cannot download {where} ({type(exc).__name__}: {exc}). Nothing was written.") from None
    except exceptions.RepositoryError as exc:
        raise TrustError(f"{where} failed verification ({type(exc).__name__}: {exc}). Refused; the last good "
                         "knowledge is kept.") from None
    except (ValueError, OSError) as exc:
        raise TrustError(f"{where}: {type(exc).__name__}: {exc}. Refused; the last good knowledge is kept.") from None
