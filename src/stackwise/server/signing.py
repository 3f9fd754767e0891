"""Signed publication of the knowledge base with The Update Framework (TUF).

The service publishes its whole KB as one TUF target, ``scores.json`` (the same score file
``GET /v1/snapshot`` serves), under the four top-level roles: *root* (offline keys,
threshold signing, names every role's keys), *targets* (the target's length and SHA-256),
*snapshot* (the targets metadata version: no mix-and-match of metadata) and *timestamp*
(the snapshot version, short expiry: no freeze). Clients verify with ``tuf.ngclient``
(:mod:`stackwise.knowledge.trust`) against a pinned root.

Why the metadata lives in the database (table ``tuf_files``): every worker process and
every server sharing the database serves the same files, and publishing happens in one
transaction holding the KB revision row, so versions never repeat and a target always
matches one KB revision. Why the targets, snapshot and timestamp keys are online (files
the server reads): the KB changes with every write and the timestamp must be re-signed
before it expires; the root keys stay offline and are needed only by ``serve keys
init|rotate``. Key custody: docs/service.md.

Files are served under their consistent-snapshot names: ``N.root.json``,
``timestamp.json``, ``N.snapshot.json``, ``N.targets.json`` and
``targets/<sha256>.scores.json``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.server.storage import Storage, TufTransaction, score_document

TARGET = "scores.json"
ROLES = ("root", "targets", "snapshot", "timestamp")
ONLINE_ROLES = ("targets", "snapshot", "timestamp")
LIFETIME = {
    "root": datetime.timedelta(days=365),
    "targets": datetime.timedelta(days=30),
    "snapshot": datetime.timedelta(days=7),
    "timestamp": datetime.timedelta(days=1),
}
KEEP_VERSIONS = 3  # older snapshot/targets metadata and targets are deleted (clients need only the newest)
FILE_NAME = re.compile(r"^(?:[1-9][0-9]{0,9}\.(?:root|snapshot|targets)\.json|timestamp\.json)$")
TARGET_NAME = re.compile(r"^[0-9a-f]{64}\.scores\.json$")


class SigningError(StackwiseError):
    """Keys or signed metadata are missing, unreadable or inconsistent."""


def _tuf() -> Any:
    try:
        import tuf.api.metadata as metadata
        from securesystemslib.signer import CryptoSigner  # noqa: F401
    except ImportError:
        raise SigningError("Signed publication needs the tuf library: pip install tuf 'securesystemslib[crypto]'.") from None
    return metadata


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def _serialize(md: Any) -> str:
    from tuf.api.serialization.json import JSONSerializer

    return JSONSerializer(compact=True).serialize(md).decode("utf-8")


def _load_signer(path: Path) -> Any:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from securesystemslib.signer import CryptoSigner

    try:
        return CryptoSigner(load_pem_private_key(path.read_bytes(), password=None))
    except FileNotFoundError:
        raise SigningError(f"{path}: no such key file (create keys with `stackwise serve keys init`).") from None
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"{path}: not a usable private key ({exc}).") from None


def _write_key(path: Path, signer: Any) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(signer.private_bytes)


@dataclass
class KeyDir:
    """A directory of private keys: ``root-N.pem`` (offline) and one ``ROLE.pem`` per online role."""

    path: Path

    def root_keys(self) -> list[Path]:
        return sorted(self.path.glob("root-*.pem"), key=lambda p: int(p.stem.split("-")[1]))

    def online(self, role: str) -> Path:
        return self.path / f"{role}.pem"

    def signers(self, role: str) -> list[Any]:
        paths = self.root_keys() if role == "root" else [self.online(role)]
        return [_load_signer(p) for p in paths]


def _latest_root(tx: TufTransaction | Storage) -> tuple[int, Any]:
    metadata = _tuf()
    get = tx.get if isinstance(tx, TufTransaction) else tx.tuf_file
    version = 1
    body = get("1.root.json")
    if body is None:
        raise SigningError("The database holds no signed root: run `stackwise serve keys init` first.")
    while True:
        newer = get(f"{version + 1}.root.json")
        if newer is None:
            break
        version, body = version + 1, newer
    return version, metadata.Metadata.from_bytes(body.encode("utf-8"))


def _sign_root(root_md: Any, signers: list[Any]) -> None:
    for signer in signers:
        root_md.sign(signer, append=True)


def init_keys(storage: Storage, keys_dir: str | os.PathLike[str], *, root_keys: int = 1,
              threshold: int = 1) -> Path:
    """Make the keys (``root_keys`` root keys, ``threshold`` of them needed) and the first root.

    Returns the public ``root.json`` to give clients as their ``trust_root``.
    """
    metadata = _tuf()
    from securesystemslib.signer import CryptoSigner

    if not 1 <= threshold <= root_keys:
        raise SigningError(f"The root threshold must be between 1 and the number of root keys ({root_keys}).")
    if storage.tuf_file("1.root.json") is not None:
        raise SigningError(f"{storage.describe()} already has signing keys; use `stackwise serve keys rotate`.")
    directory = Path(keys_dir)
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:  # a file in the way, no permission, a read-only file system
        raise SigningError(f"Cannot create the keys directory {directory}: {exc.strerror or exc}.") from None
    if any(directory.glob("*.pem")):
        raise SigningError(f"{directory} already holds keys; give an empty directory.")
    roots = [CryptoSigner.generate_ed25519() for _ in range(root_keys)]
    online = {role: CryptoSigner.generate_ed25519() for role in ONLINE_ROLES}
    root = metadata.Root(expires=_now() + LIFETIME["root"], consistent_snapshot=True)
    for signer in roots:
        root.add_key(signer.public_key, "root")
    root.roles["root"].threshold = threshold
    for role, signer in online.items():
        root.add_key(signer.public_key, role)
    root_md = metadata.Metadata(root)
    _sign_root(root_md, roots)
    for n, signer in enumerate(roots, start=1):
        _write_key(directory / f"root-{n}.pem", signer)
    for role, signer in online.items():
        _write_key(directory / f"{role}.pem", signer)
    body = _serialize(root_md)
    with storage.tuf_transaction() as tx:
        if tx.get("1.root.json") is not None:
            raise SigningError(f"{storage.describe()} already has signing keys.")
        tx.put("1.root.json", body)
    public = directory / "root.json"
    public.write_text(body + "\n", encoding="utf-8")
    return public


def rotate_keys(storage: Storage, keys_dir: str | os.PathLike[str], roles: tuple[str, ...]) -> int:
    """New keys for ``roles``; a new root version signed by the old root keys (and the new ones).

    The old private keys move to ``retired/``. Returns the new root version. Online roles are
    re-signed by the server on its next publication.
    """
    _tuf()
    from securesystemslib.signer import CryptoSigner

    directory = KeyDir(Path(keys_dir))
    old_root_signers = directory.signers("root")
    if not old_root_signers:
        raise SigningError(f"{directory.path} holds no root keys (root-N.pem): rotation needs the offline root keys.")
    with storage.tuf_transaction() as tx:
        version, root_md = _latest_root(tx)
        root = root_md.signed
        if not set(root.roles["root"].keyids) & {s.public_key.keyid for s in old_root_signers}:
            raise SigningError(f"The root keys in {directory.path} are not the keys of root version {version}.")
        new: dict[str, list[Any]] = {}
        for role in roles:
            count = len(root.roles[role].keyids)
            for keyid in list(root.roles[role].keyids):
                root.revoke_key(keyid, role)
            new[role] = [CryptoSigner.generate_ed25519() for _ in range(count)]
            for signer in new[role]:
                root.add_key(signer.public_key, role)
        root.version = version + 1
        root.expires = _now() + LIFETIME["root"]
        root_md.signatures.clear()
        _sign_root(root_md, old_root_signers)  # the trusted keys vouch for the new root ...
        if "root" in new:
            _sign_root(root_md, new["root"])  # ... and the new root keys for themselves
        tx.put(f"{version + 1}.root.json", _serialize(root_md))
    retired = directory.path / "retired" / f"before-root-{version + 1}"
    retired.mkdir(parents=True, exist_ok=True, mode=0o700)
    for role, signers in new.items():
        olds = directory.root_keys() if role == "root" else [directory.online(role)]
        for old in olds:
            shutil.move(str(old), retired / old.name)
        if role == "root":
            for n, signer in enumerate(signers, start=1):
                _write_key(directory.path / f"root-{n}.pem", signer)
        else:
            _write_key(directory.online(role), signers[0])
    return version + 1


def _next_version(previous: int, now: datetime.datetime) -> int:
    """The next version: past the previous one and at least the time in seconds.

    Why the time: after an administrator restores a database backup, its metadata is older
    than what clients trust, and clients refuse it (rollback) until the service signs a new
    publication; time-based versions make that new publication newer than anything signed
    before the restore, instead of reusing version numbers clients already hold.
    """
    return max(previous + 1, int(now.timestamp()))


class Publisher:
    """Keeps the published TUF metadata current: called before ``timestamp.json`` is served."""

    def __init__(self, storage: Storage, keys_dir: str | os.PathLike[str]) -> None:
        _tuf()
        self.storage = storage
        self.keys = KeyDir(Path(keys_dir))
        self.signers = {role: self.keys.signers(role)[0] for role in ONLINE_ROLES}
        _, root_md = _latest_root(storage)
        for role, signer in self.signers.items():
            if signer.public_key.keyid not in root_md.signed.roles[role].keyids:
                raise SigningError(
                    f"{self.keys.online(role)} is not the {role} key of the newest root; after "
                    "`stackwise serve keys rotate`, restart the service with the new keys."
                )

    def publish(self, now: datetime.datetime | None = None, *, force: bool = False) -> int:
        """Sign what changed (a new KB revision, new keys, expiry within half a lifetime).

        Returns the timestamp version being served.
        """
        metadata = _tuf()
        now = now or _now()
        with self.storage.tuf_transaction() as tx:
            root_version, root_md = _latest_root(tx)
            for role, signer in self.signers.items():
                if signer.public_key.keyid not in root_md.signed.roles[role].keyids:
                    raise SigningError(f"The {role} key in {self.keys.path} is no longer in root version "
                                       f"{root_version}; restart the service with the rotated keys.")
            state = json.loads(tx.get("state.json") or "{}")
            kb_revision = tx.revision()
            keyids = {role: s.public_key.keyid for role, s in self.signers.items()}
            stale = (force or state.get("kb_revision") != kb_revision or state.get("keyids") != keyids
                     or state.get("root_version") != root_version)

            def expiring(role: str) -> bool:
                expires = state.get("expires", {}).get(role)
                return expires is None or datetime.datetime.fromisoformat(expires) - now < LIFETIME[role] / 2

            versions = dict(state.get("versions", {"targets": 0, "snapshot": 0, "timestamp": 0}))
            expires = dict(state.get("expires", {}))
            if stale or expiring("targets") or expiring("snapshot"):
                revision, bodies = tx.snapshot()
                data = score_document(str(revision), bodies)
                digest = hashlib.sha256(data).hexdigest()
                tx.put(f"targets/{digest}.{TARGET}", data.decode("utf-8"))
                versions["targets"] = _next_version(versions["targets"], now)
                targets = metadata.Targets(version=versions["targets"], expires=now + LIFETIME["targets"])
                targets.targets[TARGET] = metadata.TargetFile.from_data(TARGET, data, ["sha256"])
                tx.put(f"{versions['targets']}.targets.json", self._sign(metadata.Metadata(targets), "targets"))
                versions["snapshot"] = _next_version(versions["snapshot"], now)
                snapshot = metadata.Snapshot(version=versions["snapshot"], expires=now + LIFETIME["snapshot"])
                snapshot.meta["targets.json"] = metadata.MetaFile(version=versions["targets"])
                tx.put(f"{versions['snapshot']}.snapshot.json", self._sign(metadata.Metadata(snapshot), "snapshot"))
                expires["targets"] = targets.expires.isoformat()
                expires["snapshot"] = snapshot.expires.isoformat()
                state["target_digests"] = [*state.get("target_digests", []), digest][-KEEP_VERSIONS:]
                stale = True
            if stale or expiring("timestamp"):
                versions["timestamp"] = _next_version(versions["timestamp"], now)
                timestamp = metadata.Timestamp(version=versions["timestamp"], expires=now + LIFETIME["timestamp"],
                                               snapshot_meta=metadata.MetaFile(version=versions["snapshot"]))
                tx.put("timestamp.json", self._sign(metadata.Metadata(timestamp), "timestamp"))
                expires["timestamp"] = timestamp.expires.isoformat()
                state.update(kb_revision=kb_revision, keyids=keyids, root_version=root_version,
                             versions=versions, expires=expires)
                tx.put("state.json", json.dumps(state, sort_keys=True))
                self._prune(tx, versions, state["target_digests"])
            return int(versions["timestamp"])

    def _sign(self, md: Any, role: str) -> str:
        md.sign(self.signers[role])
        return _serialize(md)

    @staticmethod
    def _prune(tx: TufTransaction, versions: dict[str, int], digests: list[str]) -> None:
        keep_targets = {f"targets/{d}.{TARGET}" for d in digests}
        old = []
        for name in tx.names():
            if name.startswith("targets/") and name not in keep_targets:
                old.append(name)
            for role in ("snapshot", "targets"):
                suffix = f".{role}.json"
                number = name[: -len(suffix)] if name.endswith(suffix) else ""
                if number.isdigit() and int(number) <= versions[role] - KEEP_VERSIONS:
                    old.append(name)
        tx.delete(old)


def served_name(name: str) -> bool:
    """Whether ``name`` is a metadata file name the service serves."""
    return bool(FILE_NAME.fullmatch(name))


def served_target(name: str) -> bool:
    return bool(TARGET_NAME.fullmatch(name))
