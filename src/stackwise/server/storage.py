"""Rule storage for the score service: SQLite (embedded default) or PostgreSQL, one schema.

Why store each rule as its canonical JSON text: the service's hot path (GET a package, POST
a query) only concatenates stored texts into a score document, it never re-encodes rules;
every rule was validated by :func:`stackwise.knowledge.scorefile.parse_document` on the way
in, so what is stored is always valid.

Why a revision per package: a package document changes only when a rule mentioning that
package changes, so its ETag is ``<database instance>-<package revision>`` and a client's
cached copy stays valid across writes about other packages. A 304 costs one indexed row.

Every read that must be consistent (a package's revision together with its rules) is a
single SQL statement (``UNION ALL``), so it sees one snapshot on both engines, even under
PostgreSQL's default READ COMMITTED isolation. Writers serialise on the one ``kb_meta`` row
(``UPDATE ... RETURNING``) and SQLite's ``BEGIN IMMEDIATE``, so revisions never repeat.
A write takes that row lock *before* it reads which packages it touches, so a write that
waited for another one sees its result (a DELETE racing a move bumps the package the rule
moved to, not the one it was read under).

Why a bounded pool instead of a connection per thread: uvicorn's thread pool replaces idle
threads, and a connection per thread leaked one connection (PostgreSQL) or file handles
(SQLite) per retired thread until the database refused clients. A pool holds at most
``pool_size`` connections per process, whoever asks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import re
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.knowledge.rules import Rule
from stackwise.knowledge.scorefile import SCORE_FILE_FORMAT, SCORE_FILE_VERSION

DEFAULT_DB_NAME = "kb.sqlite3"
TOKEN_PREFIX = "swt_"
DEFAULT_POOL_SIZE = 8
POOL_WAIT = 30.0  # seconds a request waits for a free connection before a 503
TOKEN_ID = re.compile(r"^[0-9a-f]{12}$|^[0-9a-f]{64}$")
_writes = [0]  # write transactions committed by this process (any Storage): see write_generation()


def write_generation() -> int:
    """How many write transactions this process has committed, on any storage.

    Why: the service re-reads the KB revision at most every few milliseconds (a read per
    request was most of a GET's cost); a write made in this process must be seen at once,
    so a changed count forces the re-read (server/app.py ``_revision``).
    """
    return _writes[0]


def _committed() -> None:
    _writes[0] += 1

#: (version, description, statements). Append only: a migration, once released, never changes.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "initial schema: rules, per-package revisions, tokens",
        (
            "CREATE TABLE kb_meta (id INTEGER PRIMARY KEY CHECK (id = 1), instance TEXT NOT NULL,"
            " revision BIGINT NOT NULL, rule_count BIGINT NOT NULL)",
            "CREATE TABLE rules (id TEXT PRIMARY KEY, package TEXT NOT NULL, other TEXT,"
            " body TEXT NOT NULL, revision BIGINT NOT NULL)",
            "CREATE INDEX rules_package ON rules (package)",
            "CREATE INDEX rules_other ON rules (other)",
            "CREATE TABLE package_revisions (name TEXT PRIMARY KEY, revision BIGINT NOT NULL)",
            "CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, label TEXT NOT NULL,"
            " created_at DOUBLE PRECISION NOT NULL)",
        ),
    ),
    (
        2,
        "inspection results: one row per result (canonical JSON) and one per pin",
        (
            "CREATE TABLE inspections (id TEXT PRIMARY KEY, received DOUBLE PRECISION NOT NULL,"
            " position INTEGER NOT NULL, created TEXT NOT NULL, outcome TEXT NOT NULL,"
            " stack_key TEXT NOT NULL, signature TEXT, check_command TEXT, body TEXT NOT NULL)",
            "CREATE INDEX inspections_received ON inspections (received, position)",
            "CREATE INDEX inspections_outcome ON inspections (outcome, received)",
            "CREATE INDEX inspections_stack ON inspections (stack_key)",
            "CREATE INDEX inspections_signature ON inspections (signature)",
            "CREATE TABLE inspection_pins (inspection_id TEXT NOT NULL, name TEXT NOT NULL,"
            " version TEXT NOT NULL, PRIMARY KEY (name, version, inspection_id))",
        ),
    ),
    (
        3,
        "signed publication (TUF): metadata and target files as served, by file name",
        (
            "CREATE TABLE tuf_files (name TEXT PRIMARY KEY, body TEXT NOT NULL,"
            " created DOUBLE PRECISION NOT NULL)",
        ),
    ),
)


class StorageError(StackwiseError):
    """The database cannot be opened, migrated or used."""


def token_hash(token: str) -> str:
    """Only this hash is stored: a leaked database does not leak usable tokens."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def rule_body(rule: Rule) -> str:
    """The canonical stored text of a rule (sorted keys, compact)."""
    return json.dumps(rule.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def score_document(revision: str, bodies: Iterable[str]) -> bytes:
    """A v1 score document assembled from stored rule texts, without re-encoding them."""
    head = (
        f'{{"format":"{SCORE_FILE_FORMAT}","version":{SCORE_FILE_VERSION},'
        f'"revision":{json.dumps(revision)},"rules":['
    )
    return (head + ",".join(bodies) + "]}").encode("utf-8")


@dataclass(frozen=True)
class PackageRules:
    """What the service knows about one package: its revision and rule texts (sorted by id)."""

    name: str
    revision: int
    bodies: tuple[str, ...]


@dataclass(frozen=True)
class WriteResult:
    revision: int
    changed: int


INSPECTION_ID = re.compile(r"^i-[0-9a-f]{12}$")


@dataclass(frozen=True)
class InspectionRecord:
    """One validated inspection result, ready to store: its indexed columns and JSON body.

    Why the storage does not take an ``InspectionResult``: it stays free of the inspect
    package and only decides the id (``body["id"]`` is set by :meth:`Storage.put_inspections`).
    """

    id: str | None  # the id the client proposes (kept when free, or when it holds the same result)
    created: str
    outcome: str
    stack_key: str
    signature: str | None
    check_command: str | None
    pins: tuple[tuple[str, str], ...]  # (canonical name, version)
    body: dict[str, Any]


def inspection_body(body: dict[str, Any]) -> str:
    """The stored text of a result (sorted keys, compact, strict JSON), as the local store writes it."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def default_database_url() -> str:
    """The embedded default: SQLite under the platform's user data dir."""
    import platformdirs

    return "sqlite://" + str(Path(platformdirs.user_data_dir("stackwise")) / DEFAULT_DB_NAME)


def open_storage(url: str | None, *, pool_size: int = DEFAULT_POOL_SIZE) -> Storage:
    """``sqlite:///path``, a plain path, or ``postgresql://...``; migrates on open.

    ``pool_size`` bounds the connections (or SQLite handles) this process ever holds open.
    """
    url = url or default_database_url()
    if pool_size < 1:
        raise StorageError(f"The connection pool needs at least one connection, got {pool_size}.")
    scheme = urlsplit(url).scheme.lower() if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        return PostgresStorage(url, pool_size=pool_size)
    if scheme == "sqlite":
        rest = url.split("://", 1)[1]
        if not rest or rest == "/":
            raise StorageError(f"--database {url}: give a file, e.g. sqlite:///var/lib/stackwise/kb.sqlite3.")
        return SQLiteStorage(Path(unquote(rest)).expanduser(), pool_size=pool_size)
    if scheme:
        raise StorageError(
            f"--database {url}: unsupported database URL scheme {scheme!r}; use sqlite:///PATH, a file "
            "path, or postgresql://USER@HOST:PORT/DBNAME."
        )
    return SQLiteStorage(Path(url).expanduser(), pool_size=pool_size)


class ConnectionPool:
    """At most ``size`` connections, made on demand, reused LIFO, closed when broken.

    ``connect`` makes one connection, ``close`` closes one. A caller waits up to
    :data:`POOL_WAIT` seconds for a free connection, then gets a :class:`StorageError`
    (a 503 for an HTTP client), never an unbounded new connection.
    """

    def __init__(self, size: int, connect: Any, close: Any, describe: str) -> None:
        self.size = size
        self._connect = connect
        self._close = close
        self._describe = describe
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._open = 0

    @property
    def open_connections(self) -> int:
        return self._open

    def acquire(self) -> Any:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            make = self._open < self.size
            if make:
                self._open += 1
        if make:
            try:
                return self._connect()
            except BaseException:
                with self._lock:
                    self._open -= 1
                raise
        try:
            return self._idle.get(timeout=POOL_WAIT)
        except queue.Empty:
            raise StorageError(
                f"{self._describe}: all {self.size} database connections stayed busy for {POOL_WAIT:.0f} s."
            ) from None

    def release(self, conn: Any, *, broken: bool = False) -> None:
        if broken:
            self._discard(conn)
        else:
            self._idle.put(conn)

    def _discard(self, conn: Any) -> None:
        with contextlib.suppress(Exception):
            self._close(conn)
        with self._lock:
            self._open -= 1

    def close(self) -> None:
        """Close every idle connection (a later use opens new ones, as after a restart)."""
        while True:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                break
            self._discard(conn)


class TufTransaction:
    """Reads and writes of TUF files (and a consistent KB snapshot) inside one transaction."""

    def __init__(self, storage: Storage, cur: Any) -> None:
        self._storage = storage
        self._cur = cur

    def get(self, name: str) -> str | None:
        self._cur.execute(f"SELECT body FROM tuf_files WHERE name = {self._storage.ph}", (name,))
        row = self._cur.fetchone()
        return str(row[0]) if row else None

    def put(self, name: str, body: str) -> None:
        p = self._storage.ph
        self._cur.execute(
            f"INSERT INTO tuf_files (name, body, created) VALUES ({p}, {p}, {p})"
            " ON CONFLICT (name) DO UPDATE SET body = excluded.body, created = excluded.created",
            (name, body, time.time()),
        )

    def names(self) -> list[str]:
        self._cur.execute("SELECT name FROM tuf_files")
        return [str(r[0]) for r in self._cur.fetchall()]

    def delete(self, names: Sequence[str]) -> None:
        if names:
            test, params = self._storage._in(list(names))
            self._cur.execute(f"DELETE FROM tuf_files WHERE name {test}", params)

    def revision(self) -> int:
        self._cur.execute("SELECT revision FROM kb_meta WHERE id = 1")
        return int(self._cur.fetchone()[0])

    def snapshot(self) -> tuple[int, list[str]]:
        """The KB revision and every rule text (sorted by id), as :meth:`Storage.snapshot`."""
        rev = self.revision()
        self._cur.execute("SELECT id, body FROM rules")
        rules = sorted((str(a), str(b)) for a, b in self._cur.fetchall())
        return rev, [b for _, b in rules]


class _NothingToDelete(Exception):
    """Rolls back a delete of an unknown id (its revision bump included)."""


class Storage:
    """Common logic; subclasses provide connections and the SQL dialect's placeholder."""

    kind = "?"
    ph = "?"
    _for_update = ""  # row lock clause: SQLite's BEGIN IMMEDIATE already serialises writers

    def __init__(self) -> None:
        self.instance = ""

    # -- dialect hooks ---------------------------------------------------------------------
    @contextlib.contextmanager
    def _read(self) -> Iterator[Any]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    @contextlib.contextmanager
    def _write(self) -> Iterator[Any]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    def _in(self, values: Sequence[str]) -> tuple[str, list[Any]]:
        """An ``IN`` test for ``values``: (sql fragment after the column, parameters)."""
        return "IN (" + ",".join([self.ph] * len(values)) + ")", list(values)

    def close(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- migrations ------------------------------------------------------------------------
    def _migrate(self, cur: Any) -> None:
        p = self.ph
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
            " description TEXT NOT NULL, applied_at DOUBLE PRECISION NOT NULL)"
        )
        cur.execute("SELECT version FROM schema_migrations")
        done = {int(r[0]) for r in cur.fetchall()}
        newest = max(v for v, _, _ in MIGRATIONS)
        if done and max(done) > newest:
            raise StorageError(
                f"{self.describe()}: the database schema is version {max(done)}, newer than this "
                f"stackwise knows ({newest}); upgrade stackwise."
            )
        for version, description, statements in MIGRATIONS:
            if version in done:
                continue
            for sql in statements:
                cur.execute(sql)
            if version == 1:
                cur.execute(
                    f"INSERT INTO kb_meta (id, instance, revision, rule_count) VALUES (1, {p}, 0, 0)",
                    (uuid.uuid4().hex,),
                )
            cur.execute(
                f"INSERT INTO schema_migrations (version, description, applied_at) VALUES ({p}, {p}, {p})",
                (version, description, time.time()),
            )

    def _load_instance(self) -> None:
        with self._read() as cur:
            cur.execute("SELECT instance FROM kb_meta WHERE id = 1")
            self.instance = str(cur.fetchone()[0])

    def schema_version(self) -> int:
        with self._read() as cur:
            cur.execute("SELECT MAX(version) FROM schema_migrations")
            return int(cur.fetchone()[0])

    # -- reads -----------------------------------------------------------------------------
    def meta(self) -> tuple[int, int]:
        """(KB revision, rule count)."""
        with self._read() as cur:
            cur.execute("SELECT revision, rule_count FROM kb_meta WHERE id = 1")
            rev, count = cur.fetchone()
            return int(rev), int(count)

    def packages(self, names: Sequence[str]) -> tuple[int, int, dict[str, PackageRules]]:
        """KB revision, rule count and each name's rules, from one consistent snapshot."""
        if not names:
            rev, count = self.meta()
            return rev, count, {}
        test, params = self._in(names)
        sql = (
            "SELECT 'k', CAST(revision AS TEXT), CAST(rule_count AS TEXT), NULL, NULL FROM kb_meta"
            " UNION ALL"
            f" SELECT 'p', name, CAST(revision AS TEXT), NULL, NULL FROM package_revisions WHERE name {test}"
            " UNION ALL"
            f" SELECT 'r', id, package, other, body FROM rules WHERE package {test} OR other {test}"
        )
        with self._read() as cur:
            cur.execute(sql, [*params, *params, *params])
            rows = cur.fetchall()
        wanted = set(names)
        revs: dict[str, int] = {}
        found: dict[str, list[tuple[str, str]]] = {n: [] for n in names}
        kb_rev = count = 0
        for kind, a, b, c, d in rows:
            if kind == "k":
                kb_rev, count = int(a), int(b)
            elif kind == "p":
                revs[a] = int(b)
            else:
                for n in {b, c}:
                    if n in wanted:
                        found[n].append((a, d))
        out = {
            n: PackageRules(n, revs.get(n, 0), tuple(body for _, body in sorted(found[n])))
            for n in names
        }
        return kb_rev, count, out

    def revisions(self, names: Sequence[str]) -> tuple[int, int, dict[str, int]]:
        """KB revision, rule count and each known name's revision (absent: never had a rule)."""
        test, params = self._in(names)
        sql = (
            "SELECT 'k', CAST(revision AS TEXT), CAST(rule_count AS TEXT) FROM kb_meta"
            f" UNION ALL SELECT 'p', name, CAST(revision AS TEXT) FROM package_revisions WHERE name {test}"
        )
        with self._read() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        kb_rev = count = 0
        revs: dict[str, int] = {}
        for kind, a, b in rows:
            if kind == "k":
                kb_rev, count = int(a), int(b)
            else:
                revs[a] = int(b)
        return kb_rev, count, revs

    def package_revision(self, name: str) -> int:
        """Only the revision: enough to answer a conditional GET with 304."""
        with self._read() as cur:
            cur.execute(f"SELECT revision FROM package_revisions WHERE name = {self.ph}", (name,))
            row = cur.fetchone()
            return int(row[0]) if row else 0

    def snapshot(self) -> tuple[int, list[str]]:
        """The KB revision and every rule text (sorted by id), from one snapshot."""
        with self._read() as cur:
            cur.execute(
                "SELECT 'k', CAST(revision AS TEXT), NULL FROM kb_meta"
                " UNION ALL SELECT 'r', id, body FROM rules"
            )
            rows = cur.fetchall()
        rev = 0
        rules: list[tuple[str, str]] = []
        for kind, a, b in rows:
            if kind == "k":
                rev = int(a)
            else:
                rules.append((a, b))
        rules.sort()
        return rev, [b for _, b in rules]

    def check_token(self, token: str) -> bool:
        with self._read() as cur:
            cur.execute(f"SELECT 1 FROM tokens WHERE token_hash = {self.ph}", (token_hash(token),))
            return cur.fetchone() is not None

    def ping(self) -> None:
        self.meta()

    # -- writes ----------------------------------------------------------------------------
    def _bump(self, cur: Any) -> int:
        cur.execute("UPDATE kb_meta SET revision = revision + 1 WHERE id = 1 RETURNING revision")
        return int(cur.fetchone()[0])

    def _finish(self, cur: Any, rev: int, names: set[str]) -> None:
        p = self.ph
        if names:
            cur.executemany(
                f"INSERT INTO package_revisions (name, revision) VALUES ({p}, {p})"
                " ON CONFLICT (name) DO UPDATE SET revision = excluded.revision",
                [(n, rev) for n in sorted(names)],
            )
        cur.execute("UPDATE kb_meta SET rule_count = (SELECT COUNT(*) FROM rules) WHERE id = 1")

    def put_rules(self, rules: Sequence[Rule]) -> WriteResult:
        """Insert or replace rules by id, as one write: one new KB revision."""
        p = self.ph
        with self._write() as cur:
            rev = self._bump(cur)
            touched: set[str] = set()
            ids = [r.id for r in rules]
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                test, params = self._in(chunk)
                cur.execute(f"SELECT package, other FROM rules WHERE id {test}", params)
                for package, other in cur.fetchall():
                    touched.add(package)
                    if other:
                        touched.add(other)
            rows = []
            for rule in rules:
                touched.update(rule.names())
                other = rule.other.name if rule.other is not None else None
                rows.append((rule.id, rule.package.name, other, rule_body(rule), rev))
            cur.executemany(
                f"INSERT INTO rules (id, package, other, body, revision) VALUES ({p}, {p}, {p}, {p}, {p})"
                " ON CONFLICT (id) DO UPDATE SET package = excluded.package, other = excluded.other,"
                " body = excluded.body, revision = excluded.revision",
                rows,
            )
            self._finish(cur, rev, touched)
            return WriteResult(rev, len(rows))

    def delete_rule(self, rule_id: str) -> WriteResult | None:
        """Delete one rule; None (and no new revision) when the id is unknown."""
        p = self.ph
        try:
            with self._write() as cur:
                # The revision row first: a write that got it before us has committed by now,
                # so the row deleted below is the rule as it is, not as it was (a move).
                rev = self._bump(cur)
                cur.execute(f"DELETE FROM rules WHERE id = {p} RETURNING package, other", (rule_id,))
                row = cur.fetchone()
                if row is None:
                    raise _NothingToDelete
                self._finish(cur, rev, {n for n in row if n})
                return WriteResult(rev, 1)
        except _NothingToDelete:
            return None

    # -- inspection results ----------------------------------------------------------------
    def put_inspections(self, records: Sequence[InspectionRecord]) -> tuple[list[str], int]:
        """Store results as one write; (the id of each, in order; how many were new).

        A proposed id is kept when it is free; when it already holds the identical result
        nothing is stored (so a client may publish again after a timeout), when it holds a
        different one the result gets a new id. Results do not touch the KB revision.
        """
        p = self.ph
        received = time.time()
        ids: list[str] = []
        added = 0
        with self._write() as cur:
            for position, rec in enumerate(records):
                wanted = rec.id if rec.id and INSPECTION_ID.fullmatch(rec.id) else None
                for _ in range(100):
                    rid = wanted or "i-" + secrets.token_hex(6)
                    body = inspection_body({**rec.body, "id": rid, "created": rec.created})
                    cur.execute(
                        "INSERT INTO inspections (id, received, position, created, outcome, stack_key, signature,"
                        f" check_command, body) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})"
                        " ON CONFLICT (id) DO NOTHING",
                        (rid, received, position, rec.created, rec.outcome, rec.stack_key, rec.signature,
                         rec.check_command, body),
                    )
                    if cur.rowcount == 1:
                        cur.executemany(
                            f"INSERT INTO inspection_pins (inspection_id, name, version) VALUES ({p}, {p}, {p})",
                            [(rid, n, v) for n, v in sorted(set(rec.pins))],
                        )
                        added += 1
                        break
                    if wanted:
                        cur.execute(f"SELECT body FROM inspections WHERE id = {p}", (rid,))
                        row = cur.fetchone()
                        if row is not None and row[0] == body:
                            break
                    wanted = None
                else:  # pragma: no cover - 48 random bits
                    raise StorageError("Could not give an inspection result a unique id.")
                ids.append(rid)
        return ids, added

    def list_inspections(self, *, outcome: str | None = None, package: str | None = None,
                         version: str | None = None, limit: int = 100) -> list[str]:
        """Stored result texts, most recently received first; ``package`` is a canonical name."""
        p = self.ph
        clauses: list[str] = []
        params: list[Any] = []
        if outcome is not None:
            clauses.append(f"outcome = {p}")
            params.append(outcome)
        if package is not None:
            sub = f"SELECT inspection_id FROM inspection_pins WHERE name = {p}"
            params.append(package)
            if version is not None:
                sub += f" AND version = {p}"
                params.append(version)
            clauses.append(f"id IN ({sub})")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._read() as cur:
            cur.execute(f"SELECT body FROM inspections{where} ORDER BY received DESC, position DESC LIMIT {p}",
                        [*params, limit])
            return [str(r[0]) for r in cur.fetchall()]

    def get_inspection(self, inspection_id: str) -> str | None:
        """One stored result text, or None."""
        with self._read() as cur:
            cur.execute(f"SELECT body FROM inspections WHERE id = {self.ph}", (inspection_id,))
            row = cur.fetchone()
            return str(row[0]) if row else None

    # -- signed publication (TUF) files -------------------------------------------------------
    def tuf_file(self, name: str) -> str | None:
        """One published TUF file (metadata or target) by its served name, or None."""
        with self._read() as cur:
            cur.execute(f"SELECT body FROM tuf_files WHERE name = {self.ph}", (name,))
            row = cur.fetchone()
            return str(row[0]) if row else None

    @contextlib.contextmanager
    def tuf_transaction(self) -> Iterator[TufTransaction]:
        """A write that holds the KB revision row: no rule changes while it publishes, and
        publishers (several workers) take turns, so versions never repeat."""
        with self._write() as cur:
            cur.execute("SELECT revision FROM kb_meta WHERE id = 1" + self._for_update)
            yield TufTransaction(self, cur)

    def create_token(self, label: str) -> str:
        """A new random token; only its hash is stored, so it is shown exactly once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        p = self.ph
        with self._write() as cur:
            cur.execute(
                f"INSERT INTO tokens (token_hash, label, created_at) VALUES ({p}, {p}, {p})",
                (token_hash(token), label, time.time()),
            )
        return token

    def list_tokens(self) -> list[tuple[str, str, float]]:
        """(hash prefix, label, created_at) of every token."""
        with self._read() as cur:
            cur.execute("SELECT token_hash, label, created_at FROM tokens ORDER BY created_at")
            return [(h[:12], label, float(t)) for h, label, t in cur.fetchall()]

    def revoke_token(self, token_id: str) -> int:
        """Delete the one token whose id (the 12 hex digits ``token list`` shows) or whole
        SHA-256 hash is ``token_id``; exact comparison, so no pattern can match several."""
        token_id = token_id.strip().lower()
        if not TOKEN_ID.match(token_id):
            raise StorageError(
                f"{token_id!r} is not a token id: give the 12 hex digits `stackwise serve token list` shows "
                "(or the whole 64-digit hash)."
            )
        p = self.ph
        with self._write() as cur:
            if len(token_id) == 64:
                cur.execute(f"DELETE FROM tokens WHERE token_hash = {p}", (token_id,))
                return int(cur.rowcount or 0)
            cur.execute(f"SELECT token_hash FROM tokens WHERE SUBSTR(token_hash, 1, 12) = {p}", (token_id,))
            hashes = [str(r[0]) for r in cur.fetchall()]
            if len(hashes) > 1:
                raise StorageError(f"{len(hashes)} tokens share the id {token_id}; give the whole hash to revoke one.")
            if hashes:
                cur.execute(f"DELETE FROM tokens WHERE token_hash = {p}", (hashes[0],))
            return len(hashes)


class SQLiteStorage(Storage):
    """One file in WAL mode; a bounded pool of connections (each used by one thread at a time)."""

    kind = "sqlite"
    ph = "?"

    def __init__(self, path: Path, *, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        super().__init__()
        self.path = Path(path)
        self.pool = ConnectionPool(pool_size, self._connect, lambda c: c.close(), self.describe())
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot create the directory for {self.path}: {exc.strerror or exc}.") from None
        try:
            with self._write() as cur:
                self._migrate(cur)
            self._load_instance()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StorageError(f"{self.describe()}: cannot open or migrate the database ({exc}).") from None

    def describe(self) -> str:
        return f"SQLite database {self.path}"

    def _connect(self) -> sqlite3.Connection:
        conn = None
        try:
            conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=30000")
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise StorageError(f"{self.describe()}: cannot open ({exc}).") from None
        return conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Cursor]:
        conn = self.pool.acquire()
        broken = False
        cur = conn.cursor()
        try:
            yield cur
        except sqlite3.Error as exc:
            broken = True
            raise StorageError(f"{self.describe()}: {exc}") from None
        finally:
            cur.close()
            self.pool.release(conn, broken=broken)

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Cursor]:
        conn = self.pool.acquire()
        broken = False
        cur = conn.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")
            _committed()
        except sqlite3.Error as exc:
            broken = True
            raise StorageError(f"{self.describe()}: {exc}") from None
        finally:
            cur.close()
            self.pool.release(conn, broken=broken or conn.in_transaction)

    def close(self) -> None:
        self.pool.close()


class PostgresStorage(Storage):
    """psycopg 3; a bounded pool of autocommit connections; migrations under an advisory lock."""

    kind = "postgresql"
    ph = "%s"
    _for_update = " FOR UPDATE"
    _ADVISORY_KEY = 0x5354_4B57  # "STKW": serialises concurrent migrations of one database

    def __init__(self, url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        super().__init__()
        try:
            import psycopg
        except ImportError:
            raise StorageError(
                "PostgreSQL support needs psycopg: pip install 'stackwise[server]' (or psycopg[binary])."
            ) from None
        self._psycopg = psycopg
        self.url = url
        self.pool = ConnectionPool(pool_size, self._connect, lambda c: c.close(), self.describe())
        try:
            with self._write() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (self._ADVISORY_KEY,))
                self._migrate(cur)
            self._load_instance()
        except psycopg.Error as exc:
            self.close()
            raise StorageError(f"{self.describe()}: cannot open or migrate the database ({_pg_reason(exc)}).") from None

    def describe(self) -> str:
        parts = urlsplit(self.url)
        where = parts.hostname or "local socket"
        port = f":{parts.port}" if parts.port else ""
        return f"PostgreSQL database {parts.path.lstrip('/') or '(default)'} on {where}{port}"

    def _in(self, values: Sequence[str]) -> tuple[str, list[Any]]:
        return "= ANY(%s)", [list(values)]

    def _connect(self) -> Any:
        try:
            return self._psycopg.connect(self.url, autocommit=True, connect_timeout=10,
                                         application_name="stackwise-serve")
        except self._psycopg.Error as exc:
            raise StorageError(f"{self.describe()}: cannot connect ({_pg_reason(exc)}).") from None

    def _usable(self, conn: Any) -> bool:
        """Back to the pool only when idle and open; anything else is closed, not reused."""
        return not conn.closed and conn.info.transaction_status == self._psycopg.pq.TransactionStatus.IDLE

    @contextlib.contextmanager
    def _read(self) -> Iterator[Any]:
        conn = self.pool.acquire()
        try:
            with conn.cursor() as cur:
                yield cur
        except self._psycopg.OperationalError as exc:
            raise StorageError(f"{self.describe()}: {_pg_reason(exc)}") from None
        finally:
            self.pool.release(conn, broken=not self._usable(conn))

    @contextlib.contextmanager
    def _write(self) -> Iterator[Any]:
        conn = self.pool.acquire()
        try:
            with conn.transaction(), conn.cursor() as cur:
                yield cur
            _committed()
        except self._psycopg.OperationalError as exc:
            raise StorageError(f"{self.describe()}: {_pg_reason(exc)}") from None
        finally:
            self.pool.release(conn, broken=not self._usable(conn))

    def close(self) -> None:
        self.pool.close()


def _pg_reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


__all__ = [
    "DEFAULT_POOL_SIZE",
    "INSPECTION_ID",
    "MIGRATIONS",
    "ConnectionPool",
    "InspectionRecord",
    "PackageRules",
    "PostgresStorage",
    "SQLiteStorage",
    "Storage",
    "StorageError",
    "TufTransaction",
    "WriteResult",
    "default_database_url",
    "inspection_body",
    "open_storage",
    "rule_body",
    "score_document",
    "token_hash",
]
