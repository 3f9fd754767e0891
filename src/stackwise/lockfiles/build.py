"""From a resolved stack to the shared :class:`~stackwise.lockfiles.model.Lock`.

Why: every writer (pylock.toml, Pipfile.lock) renders the same facts — pins, every file of
each pinned version with its digests, where it came from — so they are gathered once here,
from the index client that resolved the stack, and each writer only knows its own syntax.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from stackwise.lockfiles.model import LockedFile, LockedPackage

_HASH_ALGOS = ("sha256", "sha384", "sha512")


def locked_files(release: Any, file_hashes: Callable[[Any], Mapping[str, str]] | None) -> tuple[LockedFile, ...]:
    """Every file of ``release`` (so the lock installs on any platform the version supports),
    with the strongest digest the index gives (or sha256 computed from the bytes)."""
    out: list[LockedFile] = []
    for f in release.files:
        digests = dict(f.hashes) if f.hashes else (dict(file_hashes(f)) if file_hashes else {})
        chosen = {algo: digests[algo].lower() for algo in _HASH_ALGOS if algo in digests}
        out.append(LockedFile(filename=f.filename, url=f.url, hashes=chosen))
    return tuple(sorted(out, key=lambda lf: lf.filename or ""))


def locked_packages(
    releases: Mapping[str, Any],
    *,
    extras: Mapping[str, frozenset[str]] | None = None,
    file_hashes: Callable[[Any], Mapping[str, str]] | None = None,
    markers: Mapping[str, str] | None = None,
    groups: Iterable[str] = (),
) -> tuple[LockedPackage, ...]:
    """One :class:`LockedPackage` per pinned release, sorted by name."""
    group_set = frozenset(groups)
    return tuple(
        LockedPackage(
            name=name,
            version=str(rel.version),
            files=locked_files(rel, file_hashes),
            marker=(markers or {}).get(name),
            extras=frozenset((extras or {}).get(name, frozenset())),
            index=rel.index_url,
            groups=group_set,
        )
        for name, rel in sorted(releases.items())
    )
