"""Large score files, validated once and then read per package from a compiled index.

Why: a 100,000-rule score file (a snapshot of a team's service, a full advisory import)
takes seconds to validate and turn into rule objects, while one resolution asks about a few
dozen packages. Paying that on every ``stackwise lock`` and every ``pip install
--resolver=stackwise`` would cost more than the resolution itself. So the first load
validates the whole file strictly, exactly like :func:`load_score_file`, and writes an
SQLite index (rules as score-file JSON, keyed by every package they mention) into the cache
directory; later loads check the file's size and modification time against that index and
parse only the rules of the packages the resolver asks about.

Small files (below :data:`COMPILE_MIN_BYTES`) are loaded directly: compiling them would cost
more than it saves. A compiled index that is missing, stale, corrupt or of another format
version is rebuilt from the file; one that cannot be written (read-only cache) just means
the file is loaded directly, with no error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from stackwise.knowledge.layers import LazyLayer
from stackwise.knowledge.rules import SCORE_FILE_FORMAT, SCORE_FILE_VERSION, KnowledgeBase
from stackwise.knowledge.scorefile import load_score_file, parse_document

#: Files at least this large are compiled (about 4,000 rules).
COMPILE_MIN_BYTES = 1 << 20
#: Bump when the index layout changes: older indexes are then rebuilt, never misread.
INDEX_FORMAT = 1
DIR_NAME = f"scores-compiled-v{INDEX_FORMAT}"


def _stat_key(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


class CompiledScoreFile(LazyLayer):
    """A validated score file read lazily, per package, from its compiled index.

    Quacks like the other lazy knowledge layers (:class:`~stackwise.knowledge.service.RemoteScores`):
    ``for_package``, ``prefetch``, ``loaded``, ``revision``, ``rule_count``.
    """

    def __init__(self, path: Path, db: sqlite3.Connection, revision: str | None, rule_count: int) -> None:
        super().__init__()
        self.path = path
        self.origin = os.fspath(path)
        self._db = db
        self.revision = revision
        self.rule_count = rule_count

    def prefetch(self, names: Iterable[str]) -> None:
        """Parse the rules of ``names`` in one query (the resolver hands over each level)."""
        todo = self._unknown(names)
        if not todo:
            return
        found: dict[str, list[object]] = {n: [] for n in todo}
        for start in range(0, len(todo), 500):
            chunk = todo[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for name, doc in self._db.execute(
                f"SELECT name, rules FROM packages WHERE name IN ({marks})", chunk  # noqa: S608 - placeholders only
            ):
                found[name] = json.loads(doc)
        for name, rules in found.items():
            kb = parse_document({"format": SCORE_FILE_FORMAT, "version": SCORE_FILE_VERSION, "rules": rules},
                                self.origin) if rules else KnowledgeBase()
            self._loaded[name] = kb.for_package(name)

    def packages(self) -> frozenset[str]:
        return frozenset(row[0] for row in self._db.execute("SELECT name FROM packages"))

    def __len__(self) -> int:
        return self.rule_count


def _index_path(cache_root: Path, path: Path) -> Path:
    digest = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:32]
    return cache_root / DIR_NAME / f"{digest}.sqlite3"


def _open_index(index: Path, key: str) -> tuple[sqlite3.Connection, str | None, int] | None:
    """The index if it exists, is readable and was compiled from exactly this file state."""
    if not index.is_file():
        return None
    db = None
    try:
        db = sqlite3.connect(f"file:{index}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("format") != str(INDEX_FORMAT) or meta.get("source_key") != key:
            db.close()
            return None
        return db, meta.get("revision") or None, int(meta["rule_count"])
    except (sqlite3.Error, KeyError, ValueError):
        if db is not None:
            db.close()
        return None


def _write_index(index: Path, key: str, kb: KnowledgeBase) -> None:
    """Write the index next to its final name, then rename: readers never see half of one."""
    index.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".compile-", suffix=".sqlite3", dir=index.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE packages (name TEXT PRIMARY KEY, rules TEXT NOT NULL)")
            db.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("format", str(INDEX_FORMAT)), ("source_key", key), ("revision", kb.revision or ""),
                ("rule_count", str(len(kb))),
            ])
            db.executemany("INSERT INTO packages VALUES (?, ?)", (
                (name, json.dumps([r.to_json() for r in kb.for_package(name)], separators=(",", ":")))
                for name in kb.packages()
            ))
            db.commit()
        finally:
            db.close()
        os.replace(tmp, index)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def open_score_file(path: str | os.PathLike[str], cache_root: Path | None) -> KnowledgeBase | CompiledScoreFile:
    """A score file as a knowledge layer: loaded directly when small (or with no cache),
    otherwise validated once and then read lazily from its compiled index."""
    p = Path(path)
    try:
        big = p.stat().st_size >= COMPILE_MIN_BYTES
    except OSError:
        big = False  # load_score_file reports the problem in its own words
    if not big or cache_root is None:
        return load_score_file(p)
    key = _stat_key(p)
    index = _index_path(cache_root, p)
    opened = _open_index(index, key)
    if opened is None:
        kb = load_score_file(p)  # strict validation, errors exactly as for small files
        try:
            _write_index(index, key, kb)
        except (OSError, sqlite3.Error):
            return kb  # no usable cache: the rules are loaded already
        if _stat_key(p) != key:  # the file changed while we read it: don't trust the index
            return kb
        opened = _open_index(index, key)
        if opened is None:
            return kb
    db, revision, count = opened
    return CompiledScoreFile(p, db, revision, count)
