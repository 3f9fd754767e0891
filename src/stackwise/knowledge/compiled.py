"""Large score files, validated once and then read per package from a compiled index.

Why: a 1,000,000-rule score file (a snapshot of a team's service, a full advisory import)
takes tens of seconds and gigabytes to decode whole and turn into rule objects, while one
resolution asks about a few hundred packages. Paying that on every ``stackwise lock`` and
every ``pip install --resolver=stackwise`` would cost more than the resolution itself. So
the first load *streams* the file: it decodes one rule at a time, validates it exactly as
:func:`load_score_file` would (a quick check for the common shapes, the full validator for
anything else) and appends it, as its own JSON text, to an SQLite index keyed by every
package it mentions; nothing but the current rule and a set of id hashes is held in memory.
Later loads check the file's size and modification time against that index and parse only
the rules of the packages the resolver asks about.

Any problem with the file (bad JSON, an invalid rule, a duplicate id) makes the compile
stop and the file be loaded the plain way, so the error is exactly the one a small file
would get. Small files (below :data:`COMPILE_MIN_BYTES`) are loaded directly: compiling
them would cost more than it saves. A compiled index that is missing, stale or of another
format version is rebuilt from the file; one that is corrupt or truncated is reported in
one warning line and rebuilt; one that cannot be written (read-only cache) just means the
file is loaded directly, with no error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, TypeVar

from packaging.specifiers import InvalidSpecifier
from packaging.utils import canonicalize_name

from stackwise._jsontext import lone_surrogate
from stackwise._text import is_one_line, one_line
from stackwise.errors import ScoreFileError
from stackwise.knowledge.layers import LazyLayer
from stackwise.knowledge.rules import CATEGORIES, KnowledgeBase, PackageMatch, Rule
from stackwise.knowledge.scorefile import (
    _NAME,
    MAX_ID_LENGTH,
    _Errors,
    _rule,
    _url_ok,
    capped_message,
    load_score_file,
    parse_document,
    specifier_set,
)

#: Files at least this large are compiled (about 4,000 rules).
COMPILE_MIN_BYTES = 1 << 20
#: Bump when the index layout changes: older indexes are then rebuilt, never misread.
INDEX_FORMAT = 2
DIR_NAME = f"scores-compiled-v{INDEX_FORMAT}"
_BATCH = 20_000
_CHUNK = 1 << 20

Warn = Callable[[str], None]
_T = TypeVar("_T")


class CorruptIndex(Exception):
    """The compiled index cannot be read (truncated, overwritten, disagreeing with itself)."""


class CompiledScoreFile(LazyLayer):
    """A validated score file read lazily, per package, from its compiled index.

    Quacks like the other lazy knowledge layers (:class:`~stackwise.knowledge.service.RemoteScores`):
    ``for_package``, ``prefetch``, ``loaded``, ``revision``, ``rule_count``.
    """

    def __init__(self, path: Path, db: sqlite3.Connection, revision: str | None, rule_count: int,
                 reopen: Callable[[], tuple[sqlite3.Connection, str | None, int]] | None = None) -> None:
        super().__init__()
        self.path = path
        self.origin = os.fspath(path)
        self._db = db
        self._reopen = reopen
        self.revision = revision
        self.rule_count = rule_count
        self._builder = _Builder()
        self._positive: _IndexedNames | None = None

    def prefetch(self, names: Iterable[str]) -> None:
        """Parse the rules of ``names`` in one query (the resolver hands over each level)."""
        todo = self._unknown(names)
        if todo:
            self._loaded.update(self._read(lambda: self._query(todo)))

    def _read(self, query: Callable[[], _T]) -> _T:
        """Run ``query``; an index found corrupt now is rebuilt from the file once, mid-run."""
        try:
            return query()
        except CorruptIndex as exc:
            if self._reopen is None:
                raise ScoreFileError(f"{self.origin}: its compiled index is unreadable ({exc}); "
                                     "run `stackwise cache clear` and try again.") from None
            self._db.close()
            self._db, self.revision, self.rule_count = self._reopen()  # rebuilt from the file
            self._reopen = None
            return self._read(query)

    def _query(self, todo: list[str]) -> dict[str, tuple[Rule, ...]]:
        found: dict[str, list[Rule]] = {n: [] for n in todo}
        errors = _Errors(self.origin)
        build = self._builder.build
        loads = json.loads
        try:
            for start in range(0, len(todo), 500):
                chunk = todo[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT name, seq, doc FROM rules WHERE name IN ({marks}) ORDER BY name, seq",  # noqa: S608
                    chunk,
                ).fetchall()
                # One decode for all of them (half the cost of one per rule); a doc that is
                # not exactly one JSON value makes the count differ or the text invalid.
                objs = loads("[" + ",".join(doc for _, _, doc in rows) + "]") if rows else []
                if len(objs) != len(rows):
                    raise CorruptIndex("a rule record is not one JSON value")
                for (name, seq, _), obj in zip(rows, objs, strict=True):
                    rule = build(obj, seq)
                    if rule is None:  # not the common shape: the full validator decides
                        rule = _rule(obj, seq, errors, {})
                        if rule is None:
                            raise CorruptIndex(f"rule #{seq} no longer validates")
                    found[name].append(rule)
        except (sqlite3.Error, ValueError, TypeError) as exc:  # TypeError: a doc that is not text
            raise CorruptIndex(str(exc)) from None
        return {name: tuple(rules) for name, rules in found.items()}

    def _names(self, sql: str) -> frozenset[str]:
        try:
            return frozenset(row[0] for row in self._db.execute(sql))
        except sqlite3.Error as exc:
            raise CorruptIndex(str(exc)) from None

    def packages(self) -> frozenset[str]:
        return self._read(lambda: self._names("SELECT DISTINCT name FROM rules"))

    def positive_packages(self) -> AbstractSet[str]:
        """Projects some rule with a positive score mentions (a superset of those that can
        raise a stack's score: conditions and categories are not looked at).

        A set answered by the index, not read whole: the search only needs ``names -
        universe`` and its size, and listing 60,000 projects cost more per lock than
        everything else a far-away knowledge base adds (docs/benchmarks.md, big KBs)."""
        if self._positive is None:
            self._positive = _IndexedNames(self)
        return self._positive

    def _positive_count(self) -> int:
        def count() -> int:
            try:
                row = self._db.execute("SELECT value FROM meta WHERE key = 'positive_count'").fetchone()
                if row is None:  # an index of an earlier stackwise: count once per run
                    row = self._db.execute("SELECT count(*) FROM positive").fetchone()
                return int(row[0])
            except (sqlite3.Error, ValueError, TypeError) as exc:
                raise CorruptIndex(str(exc)) from None

        return self._read(count)

    def _positive_among(self, names: Iterable[str]) -> frozenset[str]:
        """Those of ``names`` that have a positive rule (one indexed lookup per 500 names)."""
        todo = [n for n in dict.fromkeys(names) if isinstance(n, str)]

        def query() -> frozenset[str]:
            hits: set[str] = set()
            try:
                for start in range(0, len(todo), 500):
                    chunk = todo[start:start + 500]
                    marks = ",".join("?" * len(chunk))
                    hits.update(row[0] for row in self._db.execute(
                        f"SELECT name FROM positive WHERE name IN ({marks})", chunk))  # noqa: S608
            except sqlite3.Error as exc:
                raise CorruptIndex(str(exc)) from None
            return frozenset(hits)

        return self._read(query)

    def __len__(self) -> int:
        return self.rule_count


class _IndexedNames(AbstractSet[str]):
    """The projects of the index's ``positive`` table as a set, listed only when iterated.

    ``len``, membership and ``names - other`` are answered by indexed queries (the count is
    stored at compile time); iterating lists the table once and keeps it. Exact in every
    operation, so a caller cannot tell it from the frozenset it replaces."""

    def __init__(self, layer: CompiledScoreFile, minus: frozenset[str] = frozenset()) -> None:
        self._layer = layer
        self._minus = minus  # names of the table left out (all of them in it)
        self._len: int | None = None
        self._all: frozenset[str] | None = None

    def __len__(self) -> int:
        if self._len is None:
            self._len = self._layer._positive_count() - len(self._minus)
        return self._len

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name not in self._minus and bool(self._layer._positive_among([name]))

    def __iter__(self) -> Iterator[str]:
        if self._all is None:
            names = self._layer._read(lambda: self._layer._names("SELECT name FROM positive"))
            self._all = names - self._minus if self._minus else names
        return iter(self._all)

    def __sub__(self, other: Iterable[Any]) -> AbstractSet[str]:  # type: ignore[override]
        if not isinstance(other, Iterable):
            return NotImplemented
        if self._all is not None:
            return self._all - frozenset(other)
        return _IndexedNames(self._layer, self._minus | self._layer._positive_among(other))

    @classmethod
    def _from_iterable(cls, it: Iterable[str]) -> frozenset[str]:
        """What the other set operations (``&``, ``|``, ``^``) return: a plain frozenset."""
        return frozenset(it)


class _Builder:
    """Rules of the common shape (the compile's :class:`_Quick` check) built straight from
    their JSON, without the full validator's bookkeeping; anything else answers None and
    goes to the validator. Checks what the validator checks, so an index altered after the
    compile still cannot hand over a rule a score file could not hold."""

    def __init__(self) -> None:
        self.quick = _Quick()
        self.texts: dict[str, str] = {}

    def _text(self, value: str) -> str:
        hit = self.texts.get(value)
        if hit is None:
            hit = one_line(value.strip())
            if len(self.texts) < 100_000:
                self.texts[value] = hit
        return hit

    def build(self, obj: Any, n: int) -> Rule | None:
        got = self.quick.check(obj, n)
        if got is None:
            return None
        rid, names = got
        score = obj.get("score")
        text = self._text
        other = None
        if len(names) == 2:
            other = _new(PackageMatch, {"name": names[1], "specifier": specifier_set(obj["with"].get("specifier", "")),
                                        "index_url": None})
        return _new(Rule, {  # type: ignore[no-any-return]
            "id": rid,
            "package": _new(PackageMatch, {"name": names[0], "specifier": specifier_set(obj.get("specifier", "")),
                                           "index_url": None}),
            "other": other,
            "score": -1.0 if score is None else float(score),
            "veto": obj.get("veto", False),
            "category": obj["category"],
            "message": capped_message(text(obj["message"])),
            "link": text(obj["link"]),
            "source": capped_message(text(obj["source"])),
            "condition": None,
            "evidence": None,
        })


def _plain(cls: type, names: set[str]) -> bool:
    """Whether ``cls`` is a dataclass with exactly the fields ``names`` whose instance is just
    those fields in its ``__dict__`` (no ``__post_init__``, no slots)."""
    fields = {f.name for f in dataclasses.fields(cls)}
    return fields == names and not hasattr(cls, "__post_init__") and "__slots__" not in vars(cls)


# The fields _Builder.build sets: a class that gains a field or an initialiser gets its constructor.
_FAST = _plain(Rule, {"id", "package", "other", "score", "veto", "category", "message", "link", "source",
                      "condition", "evidence"}) and _plain(PackageMatch, {"name", "specifier", "index_url"})


def _new(cls: type, values: dict[str, Any]) -> Any:
    """``cls(**values)`` for a frozen dataclass without its per-field ``object.__setattr__``
    (a quarter of the cost of reading a rule); the constructor whenever the class does more
    than store its fields. ``values`` must name every field."""
    if not _FAST:
        return cls(**values)
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


# -- the streaming compile ----------------------------------------------------------------


class _NotPlain(Exception):
    """Something the streaming reader does not accept: the plain loader decides (and words
    the error) instead."""


class _Reader:
    """One JSON document read from a text file in chunks, a value at a time."""

    def __init__(self, f: Any) -> None:
        self.f = f
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.decode = json.JSONDecoder().raw_decode

    def _fill(self) -> None:
        """Read another chunk onto what is left of the buffer from ``pos`` on."""
        try:
            chunk = self.f.read(_CHUNK)
        except (UnicodeDecodeError, OSError):
            raise _NotPlain from None
        if not chunk:
            self.eof = True
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            buf, pos, n = self.buf, self.pos, len(self.buf)
            while pos < n and buf[pos] in " \t\n\r":
                pos += 1
            self.pos = pos
            if pos < n:
                return buf[pos]
            if self.eof:
                return ""
            self._fill()

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise _NotPlain
        self.pos += 1

    def value(self) -> tuple[Any, str]:
        """The next JSON value and its exact text."""
        self.peek()
        while True:
            try:
                obj, end = self.decode(self.buf, self.pos)
            except (ValueError, RecursionError):  # cut at the chunk's end, or bad JSON
                if self.eof:
                    raise _NotPlain from None
                self._fill()
                continue
            if end == len(self.buf) and not self.eof:  # a number may go on in the next chunk
                self._fill()
                continue
            text = self.buf[self.pos:end]
            self.pos = end
            return obj, text


    def elements(self) -> Iterator[tuple[int, Any, str]]:
        """The elements of the array whose first element starts at ``pos``, with their text,
        up to and including its closing bracket. The hot loop of a big compile: one decode
        and one separator match per element."""
        decode, sep = self.decode, _SEPARATOR.match
        n = 0
        self.peek()
        while True:
            buf, pos = self.buf, self.pos
            if len(buf) - pos < _AHEAD and not self.eof:
                self._fill()
                continue
            try:
                obj, end = decode(buf, pos)
            except (ValueError, RecursionError):
                if self.eof:
                    raise _NotPlain from None
                self._fill()  # an element longer than what is buffered
                continue
            m = sep(buf, end)
            if m is None or (m.end() == len(buf) and not self.eof):
                if self.eof:
                    raise _NotPlain
                self._fill()
                continue
            n += 1
            self.pos = m.end()
            yield n, obj, buf[pos:end]
            if m.group(1) == "]":
                return


_SEPARATOR = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")
_AHEAD = 1 << 16  # bytes kept ahead of the element being decoded (most are far smaller)


def _stream(path: Path) -> Iterator[tuple[int, Any, str] | dict[str, Any]]:
    """Each element of ``rules`` as (number, value, text), then the other top-level keys."""
    header: dict[str, Any] = {}
    try:
        f = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError:
        raise _NotPlain from None
    with f:
        r = _Reader(f)
        r.take("{")
        if r.peek() == "}":
            raise _NotPlain  # no rules: the plain loader words it
        rules_seen = False
        while True:
            key, _ = r.value()
            if not isinstance(key, str):
                raise _NotPlain
            r.take(":")
            if key == "rules" and r.peek() == "[" and not rules_seen:
                rules_seen = True
                r.take("[")
                if r.peek() == "]":
                    r.pos += 1
                else:
                    yield from r.elements()
            elif key == "rules" or key in header:
                raise _NotPlain  # a repeated key: json keeps the last one, leave that to it
            else:
                header[key] = r.value()[0]
            c = r.peek()
            r.pos += 1
            if c == "}":
                break
            if c != ",":
                raise _NotPlain
        if r.peek() != "" or not rules_seen:
            raise _NotPlain
    yield header


_QUICK_KEYS = frozenset({"id", "package", "specifier", "score", "veto", "category", "message", "link",
                         "source", "with"})
_WITH_KEYS = frozenset({"package", "specifier"})


class _Quick:
    """Accepts the common rule shapes without building objects; ``None`` means "ask the full
    validator" (never "invalid"), so acceptance is exactly the full validator's."""

    def __init__(self) -> None:
        self.names: dict[str, str | None] = {}
        self.specs: dict[str, bool] = {}
        self.links: dict[str, bool] = {}

    def _name(self, value: Any) -> str | None:
        if type(value) is not str:
            return None
        hit = self.names.get(value, "")
        if hit == "":
            hit = canonicalize_name(value) if _NAME.fullmatch(value) else None
            if len(self.names) < 200_000:
                self.names[value] = hit
        return hit

    def _spec(self, value: Any) -> bool:
        if type(value) is not str:
            return False
        hit = self.specs.get(value)
        if hit is None:
            try:
                specifier_set(value)
                hit = True
            except InvalidSpecifier:
                hit = False
            if len(self.specs) < 200_000:
                self.specs[value] = hit
        return hit

    def _match(self, obj: dict[str, Any]) -> str | None:
        package, spec = obj.get("package"), obj.get("specifier", "")
        name = self.names.get(package, "") if type(package) is str else None  # "": not seen yet
        if name == "":
            name = self._name(package)
        if name is None:
            return None
        ok = self.specs.get(spec) if type(spec) is str else False
        if ok is None:
            ok = self._spec(spec)
        return name if ok else None

    def check(self, obj: Any, n: int) -> tuple[str, tuple[str, ...]] | None:
        """(rule id, names it mentions) when ``obj`` is certainly a valid rule."""
        if type(obj) is not dict or not obj.keys() <= _QUICK_KEYS:
            return None
        rid = obj.get("id", None) if "id" in obj else f"rule-{n}"
        if type(rid) is not str or not rid.strip() or len(rid) > MAX_ID_LENGTH or not is_one_line(rid):
            return None
        name = self._match(obj)
        if name is None:
            return None
        names: tuple[str, ...] = (name,)
        if "with" in obj:
            partner = obj["with"]
            if type(partner) is not dict or not partner.keys() <= _WITH_KEYS:
                return None
            other = self._match(partner)
            if other is None or other == name:
                return None
            names = (name, other)
        veto = obj.get("veto", False)
        if type(veto) is not bool:
            return None
        score = obj.get("score")
        if score is None:
            if veto is not True:
                return None
        elif type(score) not in (int, float) or not -1 <= score <= 1:  # NaN/inf fail it; isfinite(10**400) raised
            return None
        if obj.get("category") not in CATEGORIES:
            return None
        for key in ("message", "source"):
            value = obj.get(key)
            if type(value) is not str or not value.strip():
                return None
        link = obj.get("link")
        if type(link) is not str:
            return None
        ok = self.links.get(link)
        if ok is None:
            ok = bool(link.strip()) and _url_ok(one_line(link.strip()), ("http", "https"))
            if len(self.links) < 200_000:
                self.links[link] = ok
        return (rid, names) if ok else None


def compile_index(path: Path, index: Path, key: str) -> bool:
    """Stream ``path`` into a new index at ``index``; False when the file needs the plain
    loader (any problem: it words the error). The index appears whole or not at all."""
    index.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # only when compiling a file: it imports random (and its seeding) at start-up

    fd, tmp = tempfile.mkstemp(prefix=".compile-", suffix=".sqlite3", dir=index.parent)
    os.close(fd)
    ok = False
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode=OFF")  # a temporary file, renamed only when complete
            db.execute("PRAGMA synchronous=OFF")
            db.execute("PRAGMA page_size=16384")  # fewer, larger pages: faster to fill and to index
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE rules (name TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL)")
            header_positive: set[str] = set()
            count, header = _fill(db, path, header_positive)
            if header is None:
                return False
            db.execute("CREATE INDEX rules_by_name ON rules (name, seq)")
            # Projects with a rule that can raise a score: what the search's proof must look
            # for beyond the projects it resolved (an advisory import has none).
            db.execute("CREATE TABLE positive (name TEXT PRIMARY KEY) WITHOUT ROWID")
            db.executemany("INSERT OR IGNORE INTO positive VALUES (?)", ((n,) for n in header_positive))
            db.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("format", str(INDEX_FORMAT)), ("source_key", key), ("revision", header.revision or ""),
                ("rule_count", str(count)), ("positive_count", str(len(header_positive))),
            ])
            db.commit()
        finally:
            db.close()
        os.replace(tmp, index)
        ok = True
        return True
    finally:
        if not ok:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _fill(db: sqlite3.Connection, path: Path, positive: set[str]) -> tuple[int, KnowledgeBase | None]:
    """Validate and insert every rule, noting in ``positive`` the projects of rules with a
    positive score; (count, the header as an empty knowledge base), or (n, None) at the first
    thing the plain loader must judge."""
    quick = _Quick()
    errors = _Errors(os.fspath(path))
    ids: set[int] = set()  # hashes: a collision only sends the file to the plain loader
    rows: list[tuple[str, int, str]] = []
    append, insert = rows.append, "INSERT INTO rules VALUES (?, ?, ?)"
    count = 0
    check = quick.check
    try:
        for item in _stream(path):
            if type(item) is dict:
                if lone_surrogate(json.dumps(item), item) is not None:
                    return count, None
                try:
                    header = parse_document({**item, "rules": []}, os.fspath(path))
                except ScoreFileError:
                    return count, None
                if rows:
                    db.executemany(insert, rows)
                return count, header
            n, obj, text = item  # type: ignore[misc]
            if "\\u" in text and lone_surrogate(text, obj) is not None:
                return count, None  # refused as a small file's would be, by the plain loader
            got = check(obj, n)
            if got is None:
                rule = _rule(obj, n, errors, {})
                if rule is None:
                    return count, None
                got = (rule.id, rule.names())
            rid, names = got
            score = obj.get("score")
            if type(score) in (int, float) and score > 0 and obj.get("veto") is not True:
                positive.update(names)
            h = hash(rid)
            if h in ids:
                return count, None
            ids.add(h)
            count += 1
            for name in names:  # one, or two different ones
                append((name, n, text))
            if len(rows) >= _BATCH:
                db.executemany(insert, rows)
                rows.clear()
    except _NotPlain:
        return count, None
    return count, None


def _stat_key(path: Path) -> str:
    """The file's stat; the change time catches a same-size rewrite whose mtime was put back."""
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_ctime_ns}"


def _index_path(cache_root: Path, path: Path) -> Path:
    digest = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:32]
    return cache_root / DIR_NAME / f"{digest}.sqlite3"


def _open_index(index: Path, key: str, warn: Warn | None = None) -> tuple[sqlite3.Connection, str | None, int] | None:
    """The index if it exists, is whole and was compiled from exactly this file state.

    A truncated or overwritten index is named in a warning (it is rebuilt by the caller):
    silently recompiling a million rules on every run would look like a slow stackwise."""
    if not index.is_file():
        return None
    db = None
    try:
        size = index.stat().st_size
        db = sqlite3.connect(f"file:{index}?mode=ro", uri=True, check_same_thread=False)
        pages, page_size = db.execute("PRAGMA page_count").fetchone()[0], db.execute("PRAGMA page_size").fetchone()[0]
        if pages * page_size != size:
            raise CorruptIndex(f"{size} bytes where its header says {pages * page_size}")
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("format") != str(INDEX_FORMAT) or meta.get("source_key") != key:
            db.close()
            return None  # stale: the file changed, or an older stackwise wrote it
        db.execute("SELECT name, seq, doc FROM rules ORDER BY rowid DESC LIMIT 1").fetchall()  # the last page
        count = int(meta["rule_count"])
        if not 0 <= count < 1 << 62:  # len() of the layer would raise
            raise CorruptIndex(f"a rule count of {count}")
        return db, one_line(meta.get("revision") or "") or None, count
    except (sqlite3.Error, KeyError, ValueError, OSError, CorruptIndex) as exc:
        if db is not None:
            db.close()
        if warn is not None:
            warn(f"the compiled index {index} is corrupt ({one_line(str(exc))}); rebuilding it from the score file.")
        return None


def open_score_file(path: str | os.PathLike[str], cache_root: Path | None,
                    warn: Warn | None = None) -> KnowledgeBase | CompiledScoreFile:
    """A score file as a knowledge layer: loaded directly when small (or with no cache),
    otherwise validated once, streamed into a compiled index, and then read lazily from it."""
    p = Path(path)
    try:
        big = p.stat().st_size >= COMPILE_MIN_BYTES
    except OSError:
        big = False  # load_score_file reports the problem in its own words
    if not big or cache_root is None:
        return load_score_file(p)
    index = _index_path(cache_root, p)

    def opened(report: Warn | None) -> tuple[sqlite3.Connection, str | None, int] | KnowledgeBase:
        key = _stat_key(p)
        got = _open_index(index, key, report)
        if got is not None:
            return got
        try:
            compiled = compile_index(p, index, key)
        except (OSError, sqlite3.Error):
            return load_score_file(p)  # no usable cache: read the file the plain way
        if not compiled:
            return load_score_file(p)  # raises the file's error, worded as for any score file
        if _stat_key(p) != key:  # the file changed while we read it: don't trust the index
            return load_score_file(p)
        got = _open_index(index, key, report)
        return got if got is not None else load_score_file(p)

    first = opened(warn)
    if isinstance(first, KnowledgeBase):
        return first

    def reopen() -> tuple[sqlite3.Connection, str | None, int]:
        """Found corrupt while reading (a later page): rebuilt once, mid-run."""
        if warn is not None:
            warn(f"the compiled index {index} is corrupt; rebuilding it from the score file.")
        with contextlib.suppress(OSError):
            index.unlink()
        again = opened(None)
        if isinstance(again, KnowledgeBase):
            raise ScoreFileError(f"{p}: its compiled index could not be rebuilt in {index.parent}; "
                                 "run `stackwise cache clear` and check that the cache directory is writable.")
        return again

    db, revision, count = first
    return CompiledScoreFile(p, db, revision, count, reopen)
