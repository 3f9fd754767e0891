"""The one in-memory shape every lock format is read into and written from.

Why: readers (requirements.txt with hashes, Pipfile.lock, pylock.toml) and consumers
(``stackwise install``, format conversion) meet here, so each format is one small module
that knows only its own syntax, and the installer never branches on where a lock came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

from stackwise._dataclass import dataclass


@dataclass(frozen=True)
class LockedFile:
    """One distribution file a lock allows: its name, where to get it, and its digests.

    ``url`` is ``None`` when the format lists hashes only (requirements.txt, Pipfile.lock):
    the installer then finds a file with one of those digests on the configured indexes or
    ``--find-links``. ``hashes`` maps algorithm (``sha256``) to lowercase hex digest.
    """

    filename: str | None
    url: str | None
    hashes: Mapping[str, str]
    size: int | None = None


@dataclass(frozen=True)
class LockedPackage:
    """A pinned package; ``marker`` (PEP 508) says on which environments it is installed."""

    name: str
    version: str
    files: tuple[LockedFile, ...] = ()
    marker: str | None = None
    extras: frozenset[str] = frozenset()
    index: str | None = None  # the index URL it was locked from, where the format records it
    groups: frozenset[str] = frozenset()  # lock sections it belongs to (Pipfile.lock: "default"/"develop")
    # Why this entry cannot be installed (not pinned, no hash), for an entry with a marker: the
    # tool that wrote the lock left it incomplete because the marker was false where it locked
    # (Pipenv writes ``"version": "*"``). Installers skip it where the marker is false, as Pipenv
    # and pip do, and refuse with this text only where it holds.
    problem: str | None = None
    # A local project directory (absolute path) instead of index files: Pipenv's ``{"path": "./dir"}``,
    # pylock.toml's ``directory`` table. It has no hashes and usually no version; ``stackwise install``
    # builds it with its PEP 517 backend (``editable``: a PEP 660 editable wheel) and records it in
    # ``direct_url.json`` (PEP 610), as pip does.
    directory: str | None = None
    editable: bool = False


@dataclass(frozen=True)
class Lock:
    """A whole lock: packages plus where they come from and what Python it was made for."""

    packages: tuple[LockedPackage, ...]
    index_urls: tuple[str, ...] = ()
    requires_python: str | None = None
    source: str | None = None  # path of the file this was read from, for messages
    meta: Mapping[str, object] = field(default_factory=dict)  # format-specific extras (e.g. Pipfile.lock _meta)
