"""The results database: every finished inspection, kept in one SQLite file.

Why SQLite, one transaction per result: an inspection run takes hours and is stopped with
Ctrl-C or a kill as often as it finishes. Each :meth:`ResultStore.add` commits on its own
(WAL mode, ``synchronous=FULL``), so every result delivered before the interruption is on
disk, and several ``stackwise inspect`` processes can write to the same file.

Why the full result JSON plus a few indexed columns: the JSON (from the model's own
``to_json``) makes a round trip exact, whatever fields the model grows; the columns (outcome,
stack key, signature, check command, and one row per pin) make the usual questions
("every failure", "everything with numpy 2.0") index lookups.

The same JSON travels everywhere else too: :meth:`ResultStore.export` and
:func:`load_results` (moving results between machines, ``stackwise learn RESULTS``) and
:func:`publish` (``POST /v1/inspections`` of the score service) all use one document shape,
``{"format": "stackwise-inspections", "version": 1, "results": [...]}``, validated by the
one :func:`parse_result`.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import json
import math
import os
import re
import secrets
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from packaging.utils import canonicalize_name

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.inspect.model import OUTCOMES, Check, InspectionResult, StackRequest

DEFAULT_DB_NAME = "inspections.sqlite3"
ENV_DB = "STACKWISE_INSPECTIONS_DB"
RESULTS_FORMAT = "stackwise-inspections"
RESULTS_VERSION = 1
#: ``PRAGMA application_id`` of a results store ("SWIS"): tells our file from any other SQLite file.
APPLICATION_ID = 0x53574953
#: ``PRAGMA user_version``: the schema this code writes. Append-only migrations below.
SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"^i-[0-9a-f]{12}$")
_ID_PREFIX = re.compile(r"^(i-)?[0-9a-f]{1,12}$")
PUBLISH_BATCH = 200  # results per POST: well under the service's 1000 and its default body limit
PUBLISH_BATCH_BYTES = 4 * 1024 * 1024

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS inspections (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " created TEXT NOT NULL, outcome TEXT NOT NULL, stack_key TEXT NOT NULL, signature TEXT,"
    " check_command TEXT, body TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS inspections_outcome ON inspections (outcome)",
    "CREATE INDEX IF NOT EXISTS inspections_stack ON inspections (stack_key)",
    "CREATE INDEX IF NOT EXISTS inspections_signature ON inspections (signature)",
    "CREATE TABLE IF NOT EXISTS inspection_pins (seq INTEGER NOT NULL, name TEXT NOT NULL,"
    " version TEXT NOT NULL, PRIMARY KEY (name, version, seq)) WITHOUT ROWID",
)


class ResultStoreError(StackwiseError):
    """The results database cannot be opened, is not ours, or cannot be written."""


class ResultFormatError(StackwiseError):
    """A result (in a file, a request body or a service answer) is not a valid inspection result."""


class PublishError(StackwiseError):
    """Publishing results to the score service failed."""


# -- the one validator --------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) and math.isfinite(value)


def _keys(data: dict[str, Any], known: Iterable[str], required: Sequence[str], where: str) -> None:
    missing = [k for k in required if k not in data]
    if missing:
        raise ResultFormatError(f"{where}: missing {', '.join(repr(k) for k in missing)}.")
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ResultFormatError(
            f"{where}: unknown key(s) {', '.join(repr(k) for k in unknown)} (written by a newer "
            "stackwise? upgrade this one)."
        )


def _typed(data: dict[str, Any], key: str, test: Any, what: str, where: str) -> None:
    if key in data and not test(data[key]):
        raise ResultFormatError(f"{where}: {key!r} must be {what}, got {data[key]!r:.80}.")


def parse_result(data: Any, where: str, *, finite: bool = False) -> InspectionResult:
    """Validate one result's JSON and build it; every problem is one :class:`ResultFormatError`.

    Why not just ``InspectionResult.from_json``: it trusts its input, and a result read from a
    file someone edited, or posted to the service, must fail with a message naming the place
    and the field, never store garbage or raise ``KeyError``. Fields the model has but this
    check does not know about are passed through, so a model that grows stays accepted.
    ``finite``: ``data`` was parsed refusing NaN and Infinity, so the costly re-encoding that
    finds them is skipped (reading a large store).
    """
    if not isinstance(data, dict):
        raise ResultFormatError(f"{where}: a result must be a JSON object, got {type(data).__name__}.")
    _keys(data, InspectionResult.__dataclass_fields__, ("stack", "check", "outcome"), where)
    stack, check = data["stack"], data["check"]
    if not isinstance(stack, dict):
        raise ResultFormatError(f"{where}: 'stack' must be an object.")
    _keys(stack, StackRequest.__dataclass_fields__, ("pins", "lock"), f"{where}, stack")
    pins = stack["pins"]
    if not isinstance(pins, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) and x for x in p) for p in pins
    ):
        raise ResultFormatError(f"{where}: stack 'pins' must be a list of [name, version] string pairs.")
    _typed(stack, "lock", lambda v: isinstance(v, str), "a string (pylock.toml text)", f"{where}, stack")
    _typed(stack, "label", lambda v: isinstance(v, str), "a string", f"{where}, stack")
    _typed(stack, "roots", lambda v: isinstance(v, list) and all(isinstance(r, str) for r in v),
           "a list of strings", f"{where}, stack")
    _typed(stack, "pre", lambda v: isinstance(v, bool), "true or false", f"{where}, stack")
    _typed(stack, "constraints", lambda v: isinstance(v, list) and all(isinstance(c, str) for c in v),
           "a list of strings", f"{where}, stack")
    if not isinstance(check, dict):
        raise ResultFormatError(f"{where}: 'check' must be an object.")
    _keys(check, Check.__dataclass_fields__, (), f"{where}, check")
    cw = f"{where}, check"
    _typed(check, "command", lambda v: v is None or isinstance(v, str), "a string or null", cw)
    _typed(check, "kind", lambda v: v in ("check", "benchmark"), "'check' or 'benchmark'", cw)
    _typed(check, "repeat", lambda v: _is_int(v) and v >= 1, "a positive integer", cw)
    _typed(check, "timeout", lambda v: _is_number(v) and v > 0, "a positive number", cw)
    _typed(check, "memory_mb", _is_int, "an integer", cw)
    _typed(check, "cpu_seconds", _is_int, "an integer", cw)
    if data["outcome"] not in OUTCOMES:
        raise ResultFormatError(f"{where}: 'outcome' must be one of {', '.join(OUTCOMES)}; got {data['outcome']!r:.80}.")
    optional_int = lambda v: v is None or _is_int(v)  # noqa: E731
    optional_str = lambda v: v is None or isinstance(v, str)  # noqa: E731
    _typed(data, "exit_status", optional_int, "an integer or null", where)
    _typed(data, "duration", lambda v: _is_number(v) and v >= 0, "a non-negative number", where)
    _typed(data, "peak_memory_kb", optional_int, "an integer or null", where)
    _typed(data, "output_tail", lambda v: isinstance(v, str), "a string", where)
    _typed(data, "signature", optional_str, "a string or null", where)
    _typed(data, "timings", lambda v: isinstance(v, list) and all(_is_number(t) for t in v),
           "a list of numbers", where)
    _typed(data, "environment", lambda v: isinstance(v, dict), "an object", where)
    _typed(data, "attempts", lambda v: _is_int(v) and v >= 1, "a positive integer", where)
    _typed(data, "detail", lambda v: isinstance(v, str), "a string", where)
    _typed(data, "id", optional_str, "a string or null", where)
    _typed(data, "created", optional_str, "a string or null", where)
    try:
        result = InspectionResult.from_json(data)
    except (TypeError, ValueError, KeyError) as exc:
        raise ResultFormatError(f"{where}: not a valid inspection result ({exc}).") from None
    if not finite:
        try:
            canonical_json(result)  # NaN / Infinity inside ``environment``
        except ResultFormatError:
            raise ResultFormatError(f"{where}: holds a value JSON cannot carry (NaN or Infinity).") from None
    return result


def _no_constant(name: str) -> Any:
    """``parse_constant`` of :func:`json.loads`: NaN and Infinity are not JSON (Python accepts them)."""
    raise ValueError(f"{name} is not a JSON value")


def canonical_json(result: InspectionResult) -> str:
    """The stored text of a result: sorted keys, compact, strict JSON (no NaN).

    Raises :class:`ResultFormatError` for a result that cannot be JSON (NaN, a set, an object
    in ``environment``), so no caller stores or sends half of one.
    """
    try:
        return json.dumps(result.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ResultFormatError(f"The inspection result of {result.stack.pins!r:.200} cannot be written as JSON "
                                f"({exc}).") from None


def results_document(results: Iterable[InspectionResult]) -> dict[str, Any]:
    """The exchange document: what :meth:`ResultStore.export` writes and ``POST /v1/inspections`` takes."""
    return {"format": RESULTS_FORMAT, "version": RESULTS_VERSION, "results": [r.to_json() for r in results]}


def parse_results_document(data: Any, where: str) -> list[InspectionResult]:
    """Results from a parsed document: ``{"results": [...]}`` (format/version optional), a list of
    results, or one result object."""
    if isinstance(data, dict) and "results" in data:
        unknown = sorted(set(data) - {"format", "version", "results"})
        if unknown:
            raise ResultFormatError(f"{where}: unknown key(s) {', '.join(repr(k) for k in unknown)} in the results document.")
        if data.get("format", RESULTS_FORMAT) != RESULTS_FORMAT:
            raise ResultFormatError(f"{where}: 'format' is {data.get('format')!r}, not {RESULTS_FORMAT!r}.")
        version = data.get("version", RESULTS_VERSION)
        if not _is_int(version) or version > RESULTS_VERSION:
            raise ResultFormatError(
                f"{where}: results document version {version!r} is not supported (this stackwise reads "
                f"version {RESULTS_VERSION}); upgrade stackwise."
            )
        items = data["results"]
        if not isinstance(items, list):
            raise ResultFormatError(f"{where}: 'results' must be a list of results.")
    elif isinstance(data, list):
        items = data
    elif isinstance(data, dict) and "stack" in data:
        items = [data]
    else:
        raise ResultFormatError(
            f'{where}: not a results document; expected {{"format": "{RESULTS_FORMAT}", "results": [...]}}, '
            "a list of results, or JSON lines with one result each."
        )
    return [parse_result(item, f"{where}, result #{n}") for n, item in enumerate(items, start=1)]


def load_results(path: str | os.PathLike[str]) -> list[InspectionResult]:
    """Every result in an exported file (a results document, or JSON lines), validated.

    Why both shapes: JSON lines can be appended to and concatenated (``cat a.jsonl b.jsonl``),
    the document is what the service speaks; ``stackwise learn RESULTS`` takes either.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultFormatError(f"{path}: no such file.") from None
    except UnicodeDecodeError:
        raise ResultFormatError(f"{path}: not UTF-8 text; expected inspection results as JSON.") from None
    except OSError as exc:
        raise ResultFormatError(f"{path}: cannot read ({exc.strerror or exc}).") from None
    if not text.strip():
        return []
    try:
        return parse_results_document(json.loads(text), str(path))
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":  # one JSON value that is broken, not several on their lines
            raise ResultFormatError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).") from None
    except (RecursionError, ValueError) as exc:  # nested too deeply; an integer too long to convert
        raise ResultFormatError(f"{path}: not valid JSON ({str(exc).splitlines()[0]}).") from None
    out: list[InspectionResult] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResultFormatError(
                f"{path}, line {lineno}: not valid JSON ({exc.msg}); JSON lines need one complete result per line."
            ) from None
        except (RecursionError, ValueError) as exc:  # nested too deeply; an integer too long to convert
            raise ResultFormatError(f"{path}, line {lineno}: not valid JSON ({str(exc).splitlines()[0]}).") from None
        out.append(parse_result(item, f"{path}, line {lineno}"))
    return out


# -- the local store -----------------------------------------------------------------------------


def default_store_path() -> Path:
    """``$STACKWISE_INSPECTIONS_DB``, else ``inspections.sqlite3`` in the user data dir."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("stackwise")) / DEFAULT_DB_NAME


def new_id() -> str:
    """``i-`` and 12 random hex digits: short to type, 48 bits so collisions stay theoretical."""
    return "i-" + secrets.token_hex(6)


def utc_now() -> str:
    """ISO 8601 UTC with microseconds, so results stored in one second still sort."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class ImportSummary:
    """What :meth:`ResultStore.import_json` did: the store id of every result in file order,
    and how many were new (a result already stored under its own id is not stored twice)."""

    ids: list[str]
    added: int


class ResultStore:
    """Inspection results in one SQLite file; see the module docstring for the why.

    Thread-safe (one connection behind a lock), so results can be added from any thread.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        if path is not None and not os.fspath(path).strip():  # Path("") is ".": "a directory" misleads
            raise ResultStoreError("The file name given for the inspection results database is empty; give a "
                                   "file name, or leave the option out.")
        self.path = Path(path).expanduser() if path is not None else default_store_path()
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        if self.path.is_dir():
            raise self._error("is a directory, not a database file", hint=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ResultStoreError(
                f"Cannot create the directory for the inspection results database {self.path}: "
                f"{exc.strerror or exc}. Set ${ENV_DB} to a writable file."
            ) from None
        try:
            self._conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False)
            self._open()
        except sqlite3.Error as exc:
            self.close()
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise self._error(f"is not a SQLite database, or is damaged ({exc})", hint=True) from None
            raise self._error(f"cannot be opened ({exc})", hint=True) from None
        except ResultStoreError:
            self.close()
            raise

    # -- opening and schema ------------------------------------------------------------------
    def _error(self, what: str, *, hint: bool = False) -> ResultStoreError:
        advice = (
            " Move it away (or delete it if it holds nothing you need), or use another file "
            f"(set ${ENV_DB}); stackwise creates a new one there."
        ) if hint else ""
        return ResultStoreError(f"The inspection results database {self.path} {what}.{advice}")

    def _open(self) -> None:
        conn = self._db()
        conn.execute("PRAGMA busy_timeout=30000")
        app_id, version, tables = self._header(conn)
        if app_id == 0 and not tables:
            with self._transaction() as cur:  # re-read inside: another process may have created it
                app_id, version, tables = self._header(conn)
                if app_id == 0 and not tables:
                    for sql in _SCHEMA:
                        cur.execute(sql)
                    cur.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    cur.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                    app_id, version = APPLICATION_ID, SCHEMA_VERSION
        if app_id != APPLICATION_ID:
            shown = ", ".join(sorted(tables)[:5]) or "none"
            raise self._error(
                f"is a SQLite database of something else, not stackwise inspection results (its tables: {shown})",
                hint=True,
            )
        if version > SCHEMA_VERSION:
            raise self._error(
                f"was written by a newer stackwise (schema {version}; this one knows {SCHEMA_VERSION}). "
                "Upgrade stackwise, or use another file for this version",
            )
        if version < 1:
            raise self._error(f"has an unknown schema version {version}", hint=True)
        if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")  # a committed result survives a power cut too

    @staticmethod
    def _header(conn: sqlite3.Connection) -> tuple[int, int, set[str]]:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return app_id, version, tables

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ResultStoreError(f"The inspection results database {self.path} is closed.")
        return self._conn

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        """``BEGIN IMMEDIATE`` .. ``COMMIT``: one writer at a time across processes, all or nothing."""
        with self._lock:
            cur = self._db().cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
            finally:
                cur.close()

    @contextlib.contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """sqlite3 errors (disk full, read-only file, corrupted later) become one clear message."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self._error(f"could not be {doing} ({exc})") from None

    # -- writing -----------------------------------------------------------------------------
    def _insert(self, cur: sqlite3.Cursor, result: InspectionResult, *, keep_id: bool) -> tuple[InspectionResult, bool]:
        """Store ``result``; (the stored copy, whether a row was added). With ``keep_id`` a valid
        id it already carries is kept, and an identical result under that id is not stored twice."""
        created = result.created or utc_now()
        wanted = result.id if keep_id and result.id and ID_PATTERN.fullmatch(result.id) else None
        for _ in range(100):
            rid = wanted or new_id()
            row = dataclasses.replace(result, id=rid, created=created)
            body = canonical_json(row)
            cur.execute("SELECT body FROM inspections WHERE id = ?", (rid,))
            existing = cur.fetchone()
            if existing is not None:
                if wanted and existing[0] == body:
                    return row, False
                wanted = None
                continue
            cur.execute(
                "INSERT INTO inspections (id, created, outcome, stack_key, signature, check_command, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rid, created, result.outcome, result.stack.key, result.signature, result.check.command, body),
            )
            seq = cur.lastrowid
            pins = {(canonicalize_name(n), v) for n, v in result.stack.pins}
            cur.executemany("INSERT INTO inspection_pins (seq, name, version) VALUES (?, ?, ?)",
                            [(seq, n, v) for n, v in sorted(pins)])
            return row, True
        raise self._error("could not give a result a unique id")  # pragma: no cover - 48 random bits

    def add(self, result: InspectionResult) -> str:
        """Store one result now, in its own transaction; returns its new id.

        The id is always new (``i-`` + 12 hex); ``created`` is set to now unless the result
        already says when it was made. Both are also set on ``result`` itself.
        """
        with self._guard("written"), self._transaction() as cur:
            stored, _ = self._insert(cur, result, keep_id=False)
        result.id, result.created = stored.id, stored.created
        return str(stored.id)

    def import_json(self, path: str | os.PathLike[str]) -> ImportSummary:
        """Add every result of an exported file (see :func:`load_results`), all or nothing.

        Results keep their ids (so importing the same file twice adds nothing); a result whose
        id is taken by a different result here gets a new one.
        """
        results = load_results(path)
        ids: list[str] = []
        added = 0
        with self._guard("written"), self._transaction() as cur:
            for result in results:
                stored, new = self._insert(cur, result, keep_id=True)
                ids.append(str(stored.id))
                added += new
        return ImportSummary(ids, added)

    # -- reading -----------------------------------------------------------------------------
    def _row(self, body: str) -> InspectionResult:
        """A stored result, validated like one read from a file: the database is a plain file
        anyone can edit, and a row of the wrong shape must be one clear error, not a traceback
        in whatever later reads the field."""
        try:
            return parse_result(json.loads(body, parse_constant=_no_constant), "a stored result", finite=True)
        except (ValueError, TypeError, RecursionError) as exc:  # not JSON (ResultFormatError is not one)
            raise self._error(f"holds a damaged result ({str(exc).splitlines()[0][:200]})") from None
        except ResultFormatError as exc:
            raise self._error(f"holds a damaged result ({str(exc)[:300]})") from None

    def get(self, id: str) -> InspectionResult:
        """The result with this id, or the one id that starts with it (``i-`` may be left out)."""
        key = id.strip().lower()
        if not _ID_PREFIX.match(key):
            shown = repr(id) if len(id) <= 40 else f"{id[:40]!r}... ({len(id)} characters)"
            raise ResultStoreError(f"{shown} is not an inspection id (ids look like i-0123456789ab).")
        if not key.startswith("i-"):
            key = "i-" + key
        with self._guard("read"), self._lock:
            rows = self._db().execute(
                "SELECT id, body FROM inspections WHERE id GLOB ? ORDER BY id LIMIT 6", (key + "*",)
            ).fetchall()
        if not rows:
            raise ResultStoreError(f"No inspection {id!r} in {self.path}.")
        if len(rows) > 1:
            shown = ", ".join(r[0] for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
            raise ResultStoreError(f"{id!r} matches several inspections ({shown}); give more of the id.")
        return self._row(rows[0][1])

    def _where(self, outcome: str | None, package: str | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if outcome is not None:
            if outcome not in OUTCOMES:
                raise ResultStoreError(f"Unknown outcome {outcome!r}; use one of {', '.join(OUTCOMES)}.")
            clauses.append("outcome = ?")
            params.append(outcome)
        if package is not None:
            name, _, version = package.partition("==")
            if not name.strip():
                raise ResultStoreError(f"{package!r} is not a package name (give NAME or NAME==VERSION).")
            sub = "SELECT seq FROM inspection_pins WHERE name = ?"
            params.append(canonicalize_name(name.strip()))
            if version.strip():
                sub += " AND version = ?"
                params.append(version.strip())
            clauses.append(f"seq IN ({sub})")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def list(self, *, outcome: str | None = None, package: str | None = None,
             limit: int | None = None) -> builtins.list[InspectionResult]:
        """Results, most recently stored first; ``package`` is ``NAME`` or ``NAME==VERSION``."""
        where, params = self._where(outcome, package)
        sql = f"SELECT body FROM inspections{where} ORDER BY seq DESC"
        if limit is not None:
            if not _is_int(limit) or limit < 1:
                raise ResultStoreError(f"limit must be a positive integer, got {limit!r}.")
            sql += " LIMIT ?"
            params.append(min(limit, 2**63 - 1))  # SQLite's largest integer: a larger one raised OverflowError
        with self._guard("read"), self._lock:
            rows = self._db().execute(sql, params).fetchall()
        return [self._row(b) for (b,) in rows]

    def all(self, *, outcome: str | None = None, package: str | None = None) -> Iterator[InspectionResult]:
        """Every result in the order stored, read in pages (a large store never sits in memory,
        and results added meanwhile by this or another process are included)."""
        where, params = self._where(outcome, package)
        sql = f"SELECT seq, body FROM inspections{where}{' AND' if where else ' WHERE'} seq > ? ORDER BY seq LIMIT 500"
        last = 0
        while True:
            with self._guard("read"), self._lock:
                rows = self._db().execute(sql, [*params, last]).fetchall()
            if not rows:
                return
            for seq, body in rows:
                last = seq
                yield self._row(body)

    def __len__(self) -> int:
        with self._guard("read"), self._lock:
            return int(self._db().execute("SELECT COUNT(*) FROM inspections").fetchone()[0])

    def export(self, path: str | os.PathLike[str], *, outcome: str | None = None,
               package: str | None = None) -> int:
        """Write results (in stored order) to ``path``; returns how many.

        ``*.jsonl`` / ``*.ndjson``: JSON lines, one result each; anything else: a results
        document. Written to a temporary file and renamed, so ``path`` is never half written.
        """
        target = Path(path).expanduser()
        lines = target.suffix.lower() in (".jsonl", ".ndjson")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        except OSError as exc:
            raise ResultStoreError(f"Cannot write {target}: {exc.strerror or exc}.") from None
        count = 0
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                if not lines:
                    out.write(f'{{"format": "{RESULTS_FORMAT}", "version": {RESULTS_VERSION}, "results": [')
                for result in self.all(outcome=outcome, package=package):
                    text = canonical_json(result)
                    if lines:
                        out.write(text + "\n")
                    else:
                        out.write(("\n" if count == 0 else ",\n") + text)
                    count += 1
                if not lines:
                    out.write("\n]}\n")
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise ResultStoreError(f"Cannot write {target}: {exc.strerror or exc}.") from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return count

    # -- lifetime ----------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


# -- publishing to the score service ----------------------------------------------------------


def _batches(results: Sequence[InspectionResult]) -> Iterator[list[tuple[int, InspectionResult, int]]]:
    """(position, result, encoded size) groups under the count and byte budget of one POST."""
    batch: list[tuple[int, InspectionResult, int]] = []
    size = 0
    for n, result in enumerate(results):
        length = len(canonical_json(result).encode("utf-8"))
        if batch and (len(batch) >= PUBLISH_BATCH or size + length > PUBLISH_BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append((n, result, length))
        size += length
    if batch:
        yield batch


#: The most read of a service's answer to a publish (a list of ids, or an error): larger is refused.
MAX_PUBLISH_ANSWER_BYTES = 4 * 1024 * 1024


def _answer_body(response: Any, deadline: float) -> bytes | None:
    """The answer's body, read in chunks up to :data:`MAX_PUBLISH_ANSWER_BYTES` before ``deadline``
    (a ``time.monotonic()`` value); None when it is larger or slower than that."""
    from stackwise.index._body import chunks_as_they_come

    body = bytearray()
    for chunk in chunks_as_they_come(response):  # one receive each: a trickle meets the deadline
        body += chunk
        if len(body) > MAX_PUBLISH_ANSWER_BYTES or time.monotonic() > deadline:
            return None
    return bytes(body)


def _answer_error(body: bytes | None, reason: str | None) -> str:
    import json

    try:
        message = json.loads(body).get("error") if body is not None else None
    except (ValueError, AttributeError, RecursionError):  # RecursionError: JSON nested too deeply
        message = None
    text = body.decode("utf-8", "replace").strip()[:200] if body is not None else ""
    return str(message) if message else (text or reason or "no reason given")


def publish(results: Iterable[InspectionResult], url: str, token: str, *, timeout: float = 60.0) -> list[str]:
    """Send results to a score service (``POST /v1/inspections``); the service's ids, in order.

    ``timeout`` bounds the whole call (every request gets what is left of it). Results are
    sent in batches; a result that already has an id keeps it on the service, so publishing
    the same stored results again after a failure stores nothing twice.
    """
    import requests

    items = list(results)
    base = url.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise PublishError(f"{url!r} is not a score service URL; give http://HOST:PORT or https://HOST.")
    if not token or not token.strip():
        raise PublishError(
            "Publishing inspection results needs a write token of the score service "
            "(create one there with `stackwise serve token create`)."
        )
    if not items:
        return []
    endpoint = base + "/v1/inspections"
    headers = {"Authorization": f"Bearer {token.strip()}", "Content-Type": "application/json"}
    deadline = time.monotonic() + timeout
    ids: list[str] = [""] * len(items)
    done = 0
    pending = list(_batches(items))

    def failed(reason: str) -> PublishError:
        kept = (
            f" {done} of {len(items)} result(s) were stored before this; publishing them again is safe "
            "(results keep their ids)." if done else " Nothing was stored."
        )
        return PublishError(f"Publishing inspection results to {base} failed: {reason}.{kept}")

    with requests.Session() as session:
        while pending:
            batch = pending.pop(0)
            left = deadline - time.monotonic()
            if left <= 0:
                raise failed(f"it took longer than {timeout:g} s")
            body = ('{"format":"' + RESULTS_FORMAT + '","version":' + str(RESULTS_VERSION) + ',"results":['
                    + ",".join(canonical_json(r) for _, r, _ in batch) + "]}").encode("utf-8")
            try:
                answer = session.post(endpoint, data=body, headers=headers, timeout=(min(left, 10.0), left),
                                      stream=True)
                with answer:
                    raw = _answer_body(answer, deadline)
            except requests.exceptions.ConnectTimeout:
                raise failed(f"the service did not accept a connection within {min(left, 10.0):.0f} s") from None
            except requests.exceptions.ReadTimeout:
                raise failed(f"the service did not answer within {left:.0f} s") from None
            except requests.exceptions.ConnectionError as exc:
                reason = str(exc.args[0]) if exc.args else str(exc)
                raise failed(f"cannot reach it ({reason[:200]}); check the URL and that `stackwise serve` runs there") from None
            except requests.exceptions.RequestException as exc:
                raise failed(f"{type(exc).__name__}: {exc}") from None
            status = answer.status_code
            if raw is None:
                raise failed(f"its answer (HTTP {status}) is larger than {MAX_PUBLISH_ANSWER_BYTES} bytes or did not "
                             f"arrive within {timeout:g} s")
            if status == 413 and len(batch) > 1:
                half = len(batch) // 2
                pending[:0] = [batch[:half], batch[half:]]
                continue
            if status in (401, 403):
                raise failed(
                    f"the service refused the token (HTTP {status}: {_answer_error(raw, answer.reason)}); create a write "
                    "token on the service with `stackwise serve token create`"
                )
            if status == 404:
                raise failed("it has no /v1/inspections endpoint (HTTP 404); is it a stackwise score service "
                             "new enough to store inspections?")
            if status == 413:
                raise failed(f"result #{batch[0][0] + 1} alone ({batch[0][2]} bytes) is larger than the service "
                             f"accepts ({_answer_error(raw, answer.reason)})")
            if status >= 500:
                raise failed(f"the service had an error (HTTP {status}: {_answer_error(raw, answer.reason)}); try again later")
            if status >= 400:
                raise failed(f"the service rejected the results (HTTP {status}: {_answer_error(raw, answer.reason)})")
            try:
                import json

                got = json.loads(raw)["ids"]
                if not isinstance(got, list) or len(got) != len(batch) or not all(isinstance(i, str) for i in got):
                    raise ValueError
            except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: JSON nested too deeply
                raise failed(f"its answer (HTTP {status}) is not a list of result ids; is {base} a stackwise "
                             "score service?") from None
            for (n, _, _), rid in zip(batch, got, strict=True):
                ids[n] = rid
            done += len(batch)
    return ids


#: An answer of ``GET /v1/inspections`` larger than this is refused: knowledge from a service is
#: untrusted input, bounded in size as in time.
MAX_FETCH_BYTES = 64 * 1024 * 1024


def fetch_results(url: str, *, limit: int = 1000, timeout: float = 60.0) -> list[InspectionResult]:
    """The newest results published on a score service (``GET /v1/inspections``), validated.

    Why: ``stackwise learn URL`` learns from what a team published, on any machine. The
    answer is read in chunks up to :data:`MAX_FETCH_BYTES` within ``timeout`` seconds.
    """
    import json

    import requests

    base = url.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise PublishError(f"{url!r} is not a score service URL; give http://HOST:PORT or https://HOST.")
    endpoint = f"{base}/v1/inspections"
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    try:
        with requests.get(endpoint, params={"limit": str(limit)}, stream=True,
                          timeout=(min(timeout, 10.0), timeout)) as answer:
            if answer.status_code != 200:
                raise PublishError(f"Reading inspection results from {base} failed: HTTP {answer.status_code} "
                                   f"({_answer_error(_answer_body(answer, deadline), answer.reason)}).")
            from stackwise.index._body import chunks_as_they_come

            for chunk in chunks_as_they_come(answer):  # one receive each: a trickle meets the deadline
                size += len(chunk)
                if size > MAX_FETCH_BYTES:
                    raise PublishError(f"Reading inspection results from {base} failed: the answer is larger "
                                       f"than {MAX_FETCH_BYTES // (1024 * 1024)} MiB.")
                if time.monotonic() > deadline:
                    raise PublishError(f"Reading inspection results from {base} failed: it took longer than "
                                       f"{timeout:g} s.")
                chunks.append(chunk)
    except requests.exceptions.RequestException as exc:
        raise PublishError(f"Reading inspection results from {base} failed: cannot reach it "
                           f"({type(exc).__name__}); check the URL and that `stackwise serve` runs there.") from None
    try:
        data = json.loads(b"".join(chunks).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PublishError(f"Reading inspection results from {base} failed: the answer is not JSON; is it a "
                           "stackwise score service?") from None
    return parse_results_document(data, endpoint)


__all__ = [
    "ENV_DB",
    "fetch_results",
    "RESULTS_FORMAT",
    "RESULTS_VERSION",
    "ImportSummary",
    "PublishError",
    "ResultFormatError",
    "ResultStore",
    "ResultStoreError",
    "canonical_json",
    "default_store_path",
    "load_results",
    "new_id",
    "parse_result",
    "parse_results_document",
    "publish",
    "results_document",
    "utc_now",
]
