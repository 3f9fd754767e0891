"""The dependency edges of cached releases, remembered between runs.

Why: to prove a stack optimal when a knowledge base has positive rules about projects no
resolution met, the search walks the Requires-Dist of every allowed release of every
project a stack could reach (resolve/search.py). On the large benchmark set that is about
16,000 releases, and reading each one's files and metadata from the cache costs ~40 µs,
about 0.7 s per lock, every lock. The edges of a release only change when what they are
computed from changes, so they are kept in ``<cache>/reach-v1/<target>.marshal``:

* per project, under the **state** the index client reports for it
  (:meth:`IndexClient.project_state`: the content hash of the stored index page and the
  target's tags and Python; for a project pooled over find-links, extra or local indexes,
  every location's stamp and the stat of each local file without a listed hash), so any
  change of what the project is read from forgets all of its entries;
* per release (version, origin) within it, only when its best file is a **wheel**: a
  wheel's metadata is fixed by its hash, which the page lists (an sdist's is whatever a
  build produced and is never remembered);
* per target environment: the file name hashes the markers the edges were evaluated with
  and this module's format. Format 2 keeps each edge's specifier (resolve/reach.py): a
  format 1 file (names and extras only) is never read as one, so its releases are read again.

A release whose metadata is not in the cache while offline is remembered as
``("unavailable", metadata key)``: the next run checks only that the key is still missing
(:meth:`IndexClient.offline_missing_metadata`, one query for all of them), instead of
reading the release's files to find its best file. Every other failure (an sdist not built) is read again next time. A file that cannot be read is a miss, never
an error; it is written atomically, and only when something was added.

Beside it, ``<target>.walks/`` keeps the results of whole walks, one file per set of roots
(the newest ``_WALKS``), which resolve/engine.py checks and fills (``WalkMemo``): a lock
whose walk is remembered reads that file and not the edges.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_FORMAT = 2  # 2: edges are (project, extras, specifier); a walk record of format 1 is not reused either
_DIR = "reach-v1"  # kept: ``stackwise cache clear`` removes the directory, files of every format
_WALKS = 32  # whole walks kept per target (one file per set of roots)

Edges = dict[str, frozenset[tuple[str, frozenset[str], str]]]
Entry = tuple[frozenset[str], Edges] | tuple[str, str]  # edges, or ("unavailable", metadata key)


class EdgeStore:
    """Edges by (project, state, version, origin); see the module docstring for the keys."""

    def __init__(self, directory: Path | None, markers: Mapping[str, str]) -> None:
        key = hashlib.sha256(marshal.dumps((_FORMAT, tuple(sorted(markers.items()))))).hexdigest()[:24]
        self.path = directory / _DIR / f"{key}.marshal" if directory is not None else None
        self._projects: dict[str, tuple[str, dict[tuple[str, str | None], Entry]]] | None = None
        self._dirty = False
        self.walks_dir = self.path.with_suffix(".walks") if self.path is not None else None
        self._walks: dict[Any, Any] = {}  # records to write

    def _load(self) -> dict[str, tuple[str, dict[tuple[str, str | None], Entry]]]:
        if self._projects is None:
            self._projects = {}
            data = _read(self.path) if self.path is not None else None
            if isinstance(data, tuple) and len(data) == 2 and data[0] == _FORMAT and isinstance(data[1], dict):
                self._projects = data[1]
        return self._projects

    def _entries(self, project: str, state: str) -> dict[tuple[str, str | None], Entry] | None:
        found = self._load().get(project)
        if not (isinstance(found, tuple) and len(found) == 2 and found[0] == state and isinstance(found[1], dict)):
            return None  # absent, another state, or a damaged file's row of another shape: a miss
        return found[1]

    def get(self, project: str, state: str, version: str, origin: str | None) -> Entry | None:
        entries = self._entries(project, state)
        entry = entries.get((version, origin)) if entries is not None else None
        return entry if _valid(entry) else None

    def unavailable_keys(self) -> list[str]:
        """The metadata keys of every release remembered as "unavailable"."""
        return [entry[1] for found in self._load().values()
                if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], dict)
                for entry in found[1].values() if _valid(entry) and entry[0] == "unavailable"]

    def put(self, project: str, state: str, version: str, origin: str | None, entry: Entry) -> None:
        entries = self._entries(project, state)
        if entries is None:
            entries = {}
            self._load()[project] = (state, entries)
        entries[(version, origin)] = entry
        self._dirty = True

    def _walk_path(self, key: Any) -> Path | None:
        if self.walks_dir is None:
            return None
        return self.walks_dir / hashlib.sha256(repr(key).encode()).hexdigest()[:24]  # repr: stable bytes

    def walk(self, key: Any) -> Any | None:
        """A whole walk's record under ``key`` (marshal-able; its caller checks it before use), or None."""
        path = self._walk_path(key)
        data = _read(path) if path is not None else None
        if isinstance(data, tuple) and len(data) == 3 and data[0] == _FORMAT and data[1] == key:
            return data[2]
        return None

    def put_walk(self, key: Any, value: Any, extra: Any = None) -> None:
        """Remember a walk, written with :meth:`save` (one small file per key; the oldest
        beyond ``_WALKS`` files go). ``extra``, when given, goes to a file of its own beside
        it, read only by :meth:`walk_extra`: a walk's unavailable metadata keys (16,000 on the
        large set, 1.2 MB) are needed only when metadata was added since, and decoding them
        was most of reading the record."""
        self._walks[key] = (value, extra)

    def walk_extra(self, key: Any, value: Any) -> Any | None:
        """The ``extra`` stored with the walk whose record is ``value``, or None (missing,
        unreadable, or written with another record: the record is stored inside it)."""
        path = self._walk_path(key)
        data = _read(path.with_suffix(".x")) if path is not None else None
        if isinstance(data, tuple) and len(data) == 4 and data[0] == _FORMAT and data[1] == key and data[2] == value:
            return data[3]
        return None

    def save(self) -> None:
        """Write the store if anything was added (atomically; a failure only costs the memo)."""
        for key, (value, extra) in self._walks.items():
            path = self._walk_path(key)
            if path is None:
                break
            with contextlib.suppress(OSError, ValueError):
                path.parent.mkdir(parents=True, exist_ok=True)
                side = path.with_suffix(".x")
                if extra is not None:  # first, so a record is never read beside an older extra
                    _write(side, marshal.dumps((_FORMAT, key, value, extra)))
                else:
                    side.unlink(missing_ok=True)
                _write(path, marshal.dumps((_FORMAT, key, value)))
                records = sorted((p for p in path.parent.iterdir() if len(p.name) == 24 and "." not in p.name),
                                 key=lambda p: p.stat().st_mtime_ns)
                for old in records[:-_WALKS]:
                    old.with_suffix(".x").unlink(missing_ok=True)
                    old.unlink()
        self._walks.clear()
        if not self._dirty or self.path is None or self._projects is None:
            return
        with contextlib.suppress(OSError, ValueError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write(self.path, marshal.dumps((_FORMAT, self._projects)))
        self._dirty = False


def _write(path: Path, data: bytes) -> None:
    """Replace a cache file atomically. Anything but a regular file in its place (a FIFO: a
    damaged cache) goes first: ``atomic_write_bytes`` writes *into* one, as ``-o`` must, and
    that waits forever for a reader."""
    import stat

    from stackwise._atomic import atomic_write_bytes

    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(path.lstat().st_mode):
            path.unlink()
    atomic_write_bytes(path, data)


def _valid(entry: Any) -> bool:
    """An entry of the shape :data:`Entry` (a damaged file's may be anything marshal reads)."""
    if not (isinstance(entry, tuple) and len(entry) == 2):
        return False
    if entry[0] == "unavailable":
        return isinstance(entry[1], str)
    return isinstance(entry[0], frozenset) and isinstance(entry[1], dict)


def _read(path: Path) -> Any | None:
    """A marshal file's value, or None when it is missing or unreadable (only a miss; a FIFO
    or a device in its place is unreadable, never a read that waits for a writer)."""
    from stackwise._inputfile import open_regular

    try:
        with open_regular(path) as f:
            return marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
