"""One SQLite file holding parsed index pages, metadata and local file hashes.

Why SQLite: a warm resolution reads a couple of hundred small entries, and one
database with an index is far faster than hundreds of files; WAL + transactions give
atomic writes and let concurrent stackwise processes share the cache. The cache is
disposable: a corrupt or unreadable database is moved aside (with a warning) and
replaced, or, if the directory is not writable, an in-memory cache is used instead.
A database of another layout version (``PRAGMA user_version``) is emptied and rebuilt,
except the previous two, which are migrated in place (their stored pages stay usable offline).

``page_files`` and ``digests`` hold large rows under two-column keys: they are ordinary
(rowid) tables, so their key index is small. As ``WITHOUT ROWID`` tables (layout 4) every
key comparison of a lookup read the whole row, overflow pages included.

A page's per-version rows are inserted by one statement (``_INSERT_FILES``: the texts as one
blob, cut by SQLite), not one ``executemany`` step per version: each step gives up the GIL and
takes it back, which, while the prefetch threads parse pages, waited up to a switch interval
(5 ms) every time, with the cache lock held; a cold lock stores ~16,000 versions.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from stackwise._dataclass import dataclass
from stackwise.index.layout import DB_NAME, SCHEMA_VERSION

__all__ = ["DB_NAME", "SCHEMA_VERSION", "IndexCache", "PageEntry"]

log = logging.getLogger("stackwise.index")

_TABLES = ("pages", "metadata", "file_hashes", "page_files", "digests", "lock_results", "metadata_gen")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    rows TEXT NOT NULL,          -- JSON: compact rows (see stackwise.index.simple), or for index
                                 -- pages stored "by version" the list of their version strings
    etag TEXT,
    last_modified TEXT,
    validator TEXT,              -- local pages: stamps.stat_validator of the file/dir
    fetched_at REAL NOT NULL,
    max_age REAL,                -- server's Cache-Control max-age, if any
    gen TEXT NOT NULL            -- names the stored content (a hash of it): digests pooled over
                                 -- several pages, and remembered locks, record the gens they used
);
CREATE TABLE IF NOT EXISTS metadata (
    key TEXT PRIMARY KEY,        -- "sha256:<hex>" of the distribution file, else "url:<url>"
    data TEXT NOT NULL           -- JSON of stackwise.index.client.Metadata
);
CREATE TABLE IF NOT EXISTS file_hashes (
    key TEXT PRIMARY KEY,        -- "<path>:<size>:<mtime_ns>"
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS page_files (
    url TEXT NOT NULL,           -- an index page stored "by version"
    version TEXT NOT NULL,       -- the version string of its rows
    rows TEXT NOT NULL,          -- JSON: that version's rows, in page order
    PRIMARY KEY (url, version)
);
CREATE TABLE IF NOT EXISTS digests (
    url TEXT NOT NULL,           -- an index page stored "by version"
    target TEXT NOT NULL,        -- fingerprint of the target's tags and Python version
    data TEXT NOT NULL,          -- JSON: the project as built for that target (client.py)
    PRIMARY KEY (url, target)
);
CREATE TABLE IF NOT EXISTS lock_results (
    key TEXT PRIMARY KEY,        -- fingerprint of a lock command's inputs (commands/lockcache.py)
    created REAL NOT NULL,       -- before the large data: dropping old records reads no data
    data TEXT NOT NULL           -- JSON: what was read, in which state, and what was written
);
"""

# What tells a reader "no metadata was added since": a random token, drawn when the table is
# created (a cache cleared, rebuilt or moved aside gets a new one) and again, by a trigger, at
# every insert into ``metadata`` whoever writes, with a count of those inserts. A count alone
# could come back: a cache file restored from an older copy, then added to, reaches a count a
# walk recorded with other contents; a token drawn per insert does not. Kept apart from
# _SCHEMA: the trigger's body has semicolons of its own.
_GEN_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS metadata_gen (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL,"
    " n INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO metadata_gen (id, token, n) VALUES (1, lower(hex(randomblob(16))), 0)",
    "CREATE TRIGGER IF NOT EXISTS metadata_added AFTER INSERT ON metadata"
    " BEGIN UPDATE metadata_gen SET n = n + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END",
)

T = TypeVar("T")
_MIGRATABLE = (4, 5, 6, 7, 8)

#: A page's per-version rows in one statement: ?2 lists [version, start, length] of each
#: version's text in the blob ?3 (UTF-8), which SQLite cuts and stores as text.
_INSERT_FILES = (
    "INSERT OR REPLACE INTO page_files (url, version, rows) SELECT ?1, json_extract(j.value, '$[0]'),"
    " CAST(substr(?3, json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]')) AS TEXT) FROM json_each(?2) AS j"
)
#: False once SQLite said it has no JSON functions (built without them): rows then go one by one.
_ONE_STATEMENT = [True]


@contextlib.contextmanager
def _transaction(c: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on any error). The connection is in autocommit mode
    (``isolation_level=None``), where ``with c:`` begins nothing: each statement of a write was
    its own transaction (a crash between them could leave a page's rows gone or replaced under
    its old ``gen``), and its own WAL commit."""
    c.execute("BEGIN IMMEDIATE")
    try:
        yield
        c.execute("COMMIT")
    except BaseException:
        if c.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                c.execute("ROLLBACK")
        raise


def _files_payload(encoded: dict[str, bytes]) -> tuple[str, bytes] | None:
    """``_INSERT_FILES``'s index and blob for per-version texts (UTF-8); None: insert them row
    by row (a version string that JSON and SQLite might not carry unchanged)."""
    places: list[list[Any]] = []
    start = 1
    for v, data in encoded.items():
        if not (v.isascii() and v.isprintable()):
            return None
        places.append([v, start, len(data)])
        start += len(data)
    return json.dumps(places, separators=(",", ":")), b"".join(encoded.values())


def _expected_gen_schema() -> tuple[tuple[str, str, str], ...]:
    """``_GEN_SCHEMA`` as SQLite stores it in ``sqlite_master`` (what ``_gen_intact`` compares)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE metadata (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
        for statement in _GEN_SCHEMA:
            conn.execute(statement)
        return tuple(conn.execute(_GEN_OBJECTS).fetchall())
    finally:
        conn.close()


# The metadata_gen table and every trigger: a generation is trusted only while they are
# exactly ours (a trigger dropped, by an older stackwise rebuilding its tables or by hand,
# or one replaced, would leave inserts uncounted and a remembered walk's "still missing" stale).
_GEN_OBJECTS = ("SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger'"
                " OR (type = 'table' AND name = 'metadata_gen') ORDER BY type, name")
_GEN_EXPECTED = _expected_gen_schema()


def _gen_intact(conn: sqlite3.Connection) -> bool:
    return tuple(conn.execute(_GEN_OBJECTS).fetchall()) == _GEN_EXPECTED \
        and conn.execute("SELECT 1 FROM metadata_gen WHERE id = 1 AND typeof(token) = 'text'"
                         " AND typeof(n) = 'integer'").fetchone() is not None


def _reset_gen(conn: sqlite3.Connection) -> None:
    """Make the metadata generation anew, under a new token (inside the caller's transaction):
    whatever was counted before may have missed inserts."""
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER IF EXISTS "{name.replace(chr(34), chr(34) * 2)}"')
    conn.execute("DROP TABLE IF EXISTS metadata_gen")
    for statement in _GEN_SCHEMA:
        conn.execute(statement)


def _create_schema(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    for statement in _GEN_SCHEMA:
        conn.execute(statement)


def _migrate_v4(conn: sqlite3.Connection) -> None:
    """Layout 4 -> 5 inside the caller's transaction: the per-version rows are copied into the
    new tables; digests are dropped (rebuilt from those rows on first use, in the current
    digest format anyway), and so are remembered locks (a new stackwise never reuses an old
    one's). Pages, metadata and hashes stay as they are."""
    conn.execute("ALTER TABLE page_files RENAME TO page_files_v4")
    conn.execute("DROP TABLE IF EXISTS digests")
    conn.execute("DROP TABLE IF EXISTS lock_results")
    _create_schema(conn)
    conn.execute("INSERT INTO page_files (url, version, rows) SELECT url, version, rows FROM page_files_v4")
    conn.execute("DROP TABLE page_files_v4")
    conn.execute("PRAGMA user_version=5")


def _migrate_v5(conn: sqlite3.Connection) -> None:
    """Layout 5 -> 6 inside the caller's transaction: rows now carry upload times (PEP 700).

    Stored remote pages stay (``--offline`` can still use them, their upload times unknown)
    but are made stale and lose their validators, so the next online run fetches them whole
    instead of being told "304 Not Modified" about rows without times. Digests are dropped
    (rebuilt from the stored rows on first use), and so are remembered locks. Local pages,
    metadata and hashes stay as they are: local pages never had upload times.
    """
    conn.execute("UPDATE pages SET fetched_at=0, max_age=NULL, etag=NULL, last_modified=NULL"
                 " WHERE url NOT LIKE 'local:%'")
    conn.execute("DELETE FROM digests")
    conn.execute("DELETE FROM lock_results")
    conn.execute("PRAGMA user_version=6")


def _migrate_v6(conn: sqlite3.Connection) -> None:
    """Layout 6 or 7 -> 8 inside the caller's transaction: the metadata generation
    (``_GEN_SCHEMA``), made anew. Everything stored stays; remembered walks recorded before it
    never match it. Made anew even when a metadata_gen table is there: a layout 6 writer (an
    older stackwise that rebuilt a newer cache) dropped its trigger and added metadata it never
    counted, and layout 7's trigger drew no token per insert."""
    _reset_gen(conn)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _migrate_v8(conn: sqlite3.Connection) -> None:
    """Layout 8 -> 9 inside the caller's transaction: index pages' sdist names are read as pip
    reads them (``Twisted-12.0.0.tar.bz2``, ``docutils-0.15.1-post1.tar.gz``), so rows stored by
    layout 8 can miss releases. Stored remote pages stay (for ``--offline``) but are made stale
    and lose their validators, so the next online run fetches and reads them whole instead of
    being told "304 Not Modified"; digests and remembered locks are dropped. Local pages
    (find-links directories, read by the unchanged rule), metadata and hashes stay."""
    conn.execute("UPDATE pages SET fetched_at=0, max_age=NULL, etag=NULL, last_modified=NULL"
                 " WHERE url NOT LIKE 'local:%'")
    conn.execute("DELETE FROM digests")
    conn.execute("DELETE FROM lock_results")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _migrate_previous(conn: sqlite3.Connection, version: int) -> None:
    """Every step from ``version`` (one of ``_MIGRATABLE``) to the current layout."""
    if version == 4:
        _migrate_v4(conn)
    if version <= 5:
        _migrate_v5(conn)
    if version <= 7:
        _migrate_v6(conn)
    _migrate_v8(conn)


@dataclass(frozen=True)
class PageEntry:
    """A cached page: rows as JSON text plus what is needed to revalidate it."""

    rows: str
    etag: str | None
    last_modified: str | None
    validator: str | None
    fetched_at: float
    max_age: float | None
    gen: str


class IndexCache:
    """Thread-safe access to the cache database (opened lazily on first use)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.path = directory / DB_NAME if directory is not None else None
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        # A second connection for reads while another thread holds the first (``_read``).
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()
        self._opened = 0  # counts openings of the first connection: a reader of an older one is stale
        self._reader_of = -1

    # -- connection handling -------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._connect(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(str(self.path))
        except sqlite3.DatabaseError as exc:
            if self._is_corruption(exc):
                self._move_aside(exc)
                try:
                    return self._connect(str(self.path))
                except sqlite3.DatabaseError as exc2:
                    exc = exc2
            log.warning("stackwise: cannot use the cache at %s (%s); using a temporary in-memory cache.", self.path, exc)
        except OSError as exc:
            log.warning("stackwise: cannot create the cache directory %s (%s); using a temporary in-memory cache.", self.directory, exc)
        self.path = None
        return self._connect(":memory:")

    @classmethod
    def _connect(cls, target: str) -> sqlite3.Connection:
        """Open and set up; another process switching to WAL or creating tables can briefly lock."""
        deadline = time.monotonic() + 30.0
        while True:
            try:
                return cls._connect_once(target)
            except sqlite3.OperationalError as exc:
                msg = str(exc).lower()
                if ("locked" not in msg and "busy" not in msg) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @staticmethod
    def _connect_once(target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=30.0, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout=30000")
            if target != ":memory:":
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # Touch the schema: this is where a non-database file is detected.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION and not _gen_intact(conn):
                # The generation's table or trigger was changed (by hand, or by another
                # tool): made anew under a new token, so no remembered walk trusts it.
                conn.execute("BEGIN IMMEDIATE")
                try:
                    altered = not _gen_intact(conn)
                    if altered:
                        _reset_gen(conn)
                    conn.execute("COMMIT")
                    if altered:
                        log.warning("stackwise: the index cache's metadata count at %s was altered; started it anew.",
                                    target)
                except BaseException as exc:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                    # A read-only database stays usable as it is: metadata_generation() then
                    # says None (nothing is trusted), and nothing can be added to it anyway.
                    if not (isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).lower()):
                        raise
                    log.warning("stackwise: the index cache's metadata count at %s was altered and the cache is"
                                " read-only; remembered proof walks check each key instead.", target)
            elif version != SCHEMA_VERSION:
                # Empty, or an older (or newer) layout: the cache is disposable, so start it
                # afresh, except from the previous layout, which is migrated. Checked again
                # under the write lock: another process may be doing it.
                conn.execute("BEGIN IMMEDIATE")
                try:
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    if version in _MIGRATABLE:
                        _migrate_previous(conn, version)
                    elif version != SCHEMA_VERSION:
                        for table in _TABLES:
                            conn.execute(f"DROP TABLE IF EXISTS {table}")
                        _create_schema(conn)
                        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                    conn.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                    raise
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
        if not isinstance(exc, sqlite3.OperationalError):
            return True  # DatabaseError proper: "file is not a database", "malformed"
        msg = str(exc).lower()
        return "malformed" in msg or "not a database" in msg or "no such table" in msg or "no such column" in msg

    def _move_aside(self, exc: BaseException) -> None:
        assert self.path is not None
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}-{os.getpid()}")
        log.warning("stackwise: the index cache %s is unreadable (%s); moved it to %s and starting a fresh cache.", self.path, exc, aside)
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            with contextlib.suppress(OSError):
                if src.exists():
                    os.replace(src, Path(str(aside) + suffix))

    def _run(self, fn: Callable[[sqlite3.Connection], T], default: T) -> T:
        """Run ``fn`` on the connection; on corruption recover once, on other errors degrade to ``default``."""
        with self._lock:
            for attempt in (0, 1):
                if self._conn is None:
                    self._conn = self._open()
                    self._opened += 1
                try:
                    return fn(self._conn)
                except sqlite3.DatabaseError as exc:
                    if attempt == 0 and self._is_corruption(exc) and self.path is not None:
                        with contextlib.suppress(sqlite3.Error):
                            self._conn.close()
                        self._conn = None
                        self._move_aside(exc)
                        continue
                    log.warning("stackwise: index cache error (%s); continuing without it for this entry.", exc)
                    return default
            return default

    def _read(self, fn: Callable[[sqlite3.Connection], T], default: T) -> T:
        """``_run`` for a read. While another thread holds the connection (a cold lock's fetching
        threads store pages of tens of MB), the read goes through a second connection instead of
        waiting: WAL lets it read the last committed state, in one read transaction, never a
        write in progress. Any error there, or no database file (an in-memory cache), and the
        read goes the ordinary way."""
        if self._lock.acquire(blocking=False):
            try:
                return self._run(fn, default)
            finally:
                self._lock.release()
        with self._reader_lock:
            path, opened = self.path, self._opened
            if path is not None and opened > 0 and self._conn is not None:
                try:
                    if self._reader is None or self._reader_of != opened:
                        self._close_reader()
                        self._reader = sqlite3.connect(str(path), timeout=30.0, isolation_level=None,
                                                       check_same_thread=False)
                        self._reader_of = opened
                        self._reader.execute("PRAGMA busy_timeout=30000")
                        self._reader.execute("PRAGMA query_only=ON")
                    self._reader.execute("BEGIN")
                    try:
                        return fn(self._reader)
                    finally:
                        self._reader.execute("COMMIT")
                except sqlite3.Error:
                    self._close_reader()
        return self._run(fn, default)

    def _close_reader(self) -> None:
        if self._reader is not None:
            with contextlib.suppress(sqlite3.Error):
                self._reader.close()
            self._reader = None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None
            with self._reader_lock:
                self._close_reader()

    # -- pages ---------------------------------------------------------------------------
    def get_page(self, url: str) -> PageEntry | None:
        def q(c: sqlite3.Connection) -> PageEntry | None:
            row = c.execute(
                "SELECT rows, etag, last_modified, validator, fetched_at, max_age, gen FROM pages WHERE url=?", (url,)
            ).fetchone()
            return PageEntry(*row) if row else None

        return self._read(q, None)

    def get_page_and_digest(self, url: str, target: str) -> tuple[PageEntry | None, str | None]:
        """``get_page`` and ``get_digest`` in one query: a warm run asks both of every project."""

        def q(c: sqlite3.Connection) -> tuple[PageEntry | None, str | None]:
            row = c.execute(
                "SELECT p.rows, p.etag, p.last_modified, p.validator, p.fetched_at, p.max_age, p.gen, d.data"
                " FROM pages p LEFT JOIN digests d ON d.url = p.url AND d.target = ? WHERE p.url = ?",
                (target, url),
            ).fetchone()
            return (PageEntry(*row[:7]), row[7]) if row else (None, None)

        return self._read(q, (None, None))

    def put_page(
        self,
        url: str,
        rows: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        validator: str | None = None,
        max_age: float | None = None,
        fetched_at: float | None = None,
        by_version: dict[str, str] | None = None,
    ) -> str:
        """Store (replace) a page and return its ``gen``; ``by_version`` holds an index page's rows per version.

        ``gen`` names the content: the same rows stored again (a page refetched unchanged,
        as indexes without ETags force) keep their gen, their per-version rows and the
        digests built from them, so nothing derived from the page is rebuilt or forgotten.
        """
        encoded = {v: text.encode() for v, text in (by_version or {}).items()}  # once, for the hash and the insert
        h = hashlib.sha256(rows.encode())
        for v in sorted(encoded):
            h.update(b"\0" + v.encode() + b"\0")
            h.update(encoded[v])
        gen = h.hexdigest()[:32]
        fetched = time.time() if fetched_at is None else fetched_at
        payload = _files_payload(encoded) if encoded and _ONE_STATEMENT[0] else None  # outside the lock

        def q(c: sqlite3.Connection) -> None:
            with _transaction(c):  # atomic
                old = c.execute("SELECT gen FROM pages WHERE url=?", (url,)).fetchone()
                if old is not None and old[0] == gen:
                    c.execute(
                        "UPDATE pages SET etag=?, last_modified=?, validator=?, fetched_at=?, max_age=? WHERE url=?",
                        (etag, last_modified, validator, fetched, max_age, url),
                    )
                    return
                c.execute("DELETE FROM page_files WHERE url=?", (url,))
                c.execute("DELETE FROM digests WHERE url=?", (url,))
                left = by_version
                if payload is not None and by_version and _ONE_STATEMENT[0]:
                    try:
                        if c.execute(_INSERT_FILES, (url, *payload)).rowcount == len(by_version):
                            left = None
                        else:  # never expected: stored one by one instead
                            c.execute("DELETE FROM page_files WHERE url=?", (url,))
                    except sqlite3.OperationalError as exc:
                        if "json" not in str(exc).lower():
                            raise
                        _ONE_STATEMENT[0] = False  # this SQLite has no JSON functions
                if left is not None:
                    c.executemany(
                        "INSERT OR REPLACE INTO page_files (url, version, rows) VALUES (?, ?, ?)",
                        [(url, v, text) for v, text in left.items()],
                    )
                c.execute(
                    "INSERT OR REPLACE INTO pages (url, rows, etag, last_modified, validator, fetched_at, max_age, gen)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (url, rows, etag, last_modified, validator, fetched, max_age, gen),
                )

        self._run(q, None)
        return gen

    def get_page_files(self, url: str, versions: list[str] | None = None) -> dict[str, str]:
        """Rows (JSON text) per version of a page stored "by version": all, or just ``versions``."""

        def q(c: sqlite3.Connection) -> dict[str, str]:
            if versions is None:
                return dict(c.execute("SELECT version, rows FROM page_files WHERE url=?", (url,)).fetchall())
            out: dict[str, str] = {}
            for v in versions:
                row = c.execute("SELECT rows FROM page_files WHERE url=? AND version=?", (url, v)).fetchone()
                if row:
                    out[v] = row[0]
            return out

        return self._read(q, {})

    def get_digest(self, url: str, target: str) -> str | None:
        def q(c: sqlite3.Connection) -> str | None:
            row = c.execute("SELECT data FROM digests WHERE url=? AND target=?", (url, target)).fetchone()
            return row[0] if row else None

        return self._read(q, None)

    def put_digest(self, url: str, target: str, data: str, *, pooled: bool = False, gen: str | None = None) -> None:
        """Only while the page is stored: a digest must never outlive the rows it was built from.
        ``gen``: only while the page is still stored under that gen (the rows it was built from);
        a digest stored after its build (index/client.py stores them on a prefetch thread) may
        meet a page another process replaced meanwhile.

        A ``pooled`` digest (key not a page URL) carries the ``gen`` tokens and validators of
        its pages itself; its reader checks them.
        """

        def q(c: sqlite3.Connection) -> None:
            with _transaction(c):
                if pooled or c.execute("SELECT 1 FROM pages WHERE url=?" + (" AND gen=?" if gen is not None else ""),
                                       (url,) if gen is None else (url, gen)).fetchone():
                    c.execute("INSERT OR REPLACE INTO digests (url, target, data) VALUES (?, ?, ?)", (url, target, data))

        self._run(q, None)

    def put_lock_result(self, key: str, data: str, *, keep_days: float = 30.0) -> None:
        """Remember a lock's result; results unused for ``keep_days`` are dropped meanwhile.

        An existing record is updated rather than replaced: SQLite overwrites a row of the same
        size in place and writes only the pages whose bytes differ, so storing the same result
        again (a lock repeated with ``--no-reuse``) writes one page instead of the whole
        record (300 kB for a 140-package lock), which the close then copies into the database.
        """
        now = time.time()

        def q(c: sqlite3.Connection) -> None:
            with _transaction(c):
                c.execute("DELETE FROM lock_results WHERE created < ?", (now - keep_days * 86400,))
                if not c.execute("UPDATE lock_results SET created=?, data=? WHERE key=?", (now, data, key)).rowcount:
                    c.execute("INSERT OR REPLACE INTO lock_results (key, created, data) VALUES (?, ?, ?)",
                              (key, now, data))

        self._run(q, None)

    def touch_page(self, url: str, max_age: float | None) -> None:
        """A 304 answer: the stored page is fresh again."""

        def q(c: sqlite3.Connection) -> None:
            with c:
                c.execute("UPDATE pages SET fetched_at=?, max_age=? WHERE url=?", (time.time(), max_age, url))

        self._run(q, None)

    def delete_page(self, url: str) -> None:
        def q(c: sqlite3.Connection) -> None:
            with _transaction(c):
                c.execute("DELETE FROM page_files WHERE url=?", (url,))
                c.execute("DELETE FROM digests WHERE url=?", (url,))
                c.execute("DELETE FROM pages WHERE url=?", (url,))

        self._run(q, None)

    # -- metadata and hashes ---------------------------------------------------------------
    def get_metadata(self, key: str) -> str | None:
        def q(c: sqlite3.Connection) -> str | None:
            row = c.execute("SELECT data FROM metadata WHERE key=?", (key,)).fetchone()
            return row[0] if row else None

        return self._read(q, None)

    def metadata_present(self, keys: list[str]) -> set[str] | None:
        """Which of ``keys`` have metadata stored, without reading it (None: the cache cannot say)."""

        def q(c: sqlite3.Connection) -> set[str] | None:
            found: set[str] = set()
            for i in range(0, len(keys), 900):  # below SQLite's limit on bound parameters
                chunk = keys[i:i + 900]
                marks = ",".join("?" * len(chunk))
                found.update(row[0] for row in c.execute(f"SELECT key FROM metadata WHERE key IN ({marks})", chunk))  # noqa: S608
            return found

        return self._read(q, None)

    def metadata_generation(self) -> str | None:
        """"token:count" that changes whenever metadata is added (``_GEN_SCHEMA``); None when
        the cache cannot say. Equal values mean nothing was added in between."""

        def q(c: sqlite3.Connection) -> str | None:
            if not _gen_intact(c):  # changed since this connection was opened: it cannot say
                return None
            row = c.execute("SELECT token, n FROM metadata_gen WHERE id = 1").fetchone()
            return f"{row[0]}:{row[1]}" if row and isinstance(row[0], str) and isinstance(row[1], int) else None

        return self._run(q, None)

    def put_metadata(self, key: str, data: str) -> None:
        def q(c: sqlite3.Connection) -> None:
            with c:
                c.execute("INSERT OR REPLACE INTO metadata (key, data) VALUES (?, ?)", (key, data))

        self._run(q, None)

    def get_file_hash(self, key: str) -> str | None:
        def q(c: sqlite3.Connection) -> str | None:
            row = c.execute("SELECT sha256 FROM file_hashes WHERE key=?", (key,)).fetchone()
            return row[0] if row else None

        return self._read(q, None)

    def put_file_hash(self, key: str, sha256: str) -> None:
        def q(c: sqlite3.Connection) -> None:
            with c:
                c.execute("INSERT OR REPLACE INTO file_hashes (key, sha256) VALUES (?, ?)", (key, sha256))

        self._run(q, None)

    def stats(self) -> dict[str, Any]:
        """Entry counts, for diagnostics and tests."""

        def q(c: sqlite3.Connection) -> dict[str, Any]:
            return {t: c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in _TABLES}

        return self._run(q, {})
