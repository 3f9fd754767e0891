"""The score service: an ASGI app (Starlette) serving a knowledge base from :mod:`storage`.

Endpoints (see :data:`OPENAPI` and docs/service.md):

* ``GET /v1/packages/{name}`` - a score document with every rule mentioning the package
  (pair rules included); strong ETag, Cache-Control, 304 on If-None-Match. An unknown
  package is a 200 with no rules: "nothing known" is an answer, not an error.
* ``POST /v1/query`` - many packages in one round trip, with per-package ETags so a client
  revalidates its whole stale cache at once.
* ``GET /v1/snapshot`` - the whole KB as one score file (gzip when accepted), for offline use.
* ``POST /v1/rules``, ``DELETE /v1/rules/{id}`` - writes, bearer-token authenticated; a
  posted body is a score document validated by the one score-file validator, so the
  service can never hold a rule a score file could not.
* ``POST /v1/inspections`` (write token), ``GET /v1/inspections``, ``GET /v1/inspections/{id}``
  - inspection results (``stackwise inspect``), validated by the same code as the local
  results store (:func:`stackwise.inspect.store.parse_result`); they are evidence kept beside
  the rules and never change the KB revision.
* ``GET /healthz``, ``GET /openapi.json``.

Why limits on everything a client controls (body size, JSON nesting, name length, names and
ETags per query) and a per-client cost budget: reads are open to anyone who can connect, so
one client must not be able to take the memory or the CPU that every other client needs.
Every refusal, routing errors (404/405) and unexpected faults (500) included, is a JSON
problem document; no answer carries a traceback.

Why reads run on the event loop: each is one indexed SQL statement (tens of microseconds
on SQLite, one loopback round trip on PostgreSQL), cheaper than a hop to the thread pool;
writes, which may wait for a lock, and the snapshot, which may take a second on a large
KB, run in the thread pool.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from packaging.utils import canonicalize_name
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from stackwise import __version__
from stackwise._dataclass import dataclass
from stackwise._names import is_project_name
from stackwise.errors import ScoreFileError
from stackwise.inspect.model import OUTCOMES
from stackwise.knowledge.scorefile import parse_document
from stackwise.server.storage import (
    INSPECTION_ID,
    InspectionRecord,
    Storage,
    StorageError,
    score_document,
    write_generation,
)

DEFAULT_MAX_BODY = 10 * 1024 * 1024
DEFAULT_MAX_AGE = 300
MAX_QUERY_PACKAGES = 1000
MAX_QUERY_BODY = 256 * 1024  # 1000 names of 100 characters with their ETags fit in 256 KiB
MAX_NAME_LENGTH = 200  # the longest name on the public index is well under 100 characters
MAX_ETAG_LENGTH = 300
MAX_CANONICAL_NAMES = 50_000  # remembered name spellings per process (at most ~15 MB)
BODY_SECONDS = 30.0  # a request body's deadline: this, plus its size limit at BODY_MIN_RATE
BODY_MIN_RATE = 64 * 1024  # bytes per second
MAX_JSON_DEPTH = 32  # a score document nests 5 levels deep; anything deeper is an attack or a bug
MAX_INSPECTIONS_PER_POST = 1000
DEFAULT_INSPECTIONS_LIMIT = 100
MAX_INSPECTIONS_LIMIT = 1000
DOC_CACHE_BYTES = 64 * 1024 * 1024
DEFAULT_CLIENT_RATE = 20_000.0  # cost units per second and client; a resolution asks for ~200
DEFAULT_CLIENT_BURST = 40_000.0
MAX_TRACKED_CLIENTS = 10_000
SNAPSHOT_COST = 100
#: Seconds the KB revision read by a request is reused by the next ones (a write by this
#: process is seen at once; one by another process or server within this time).
REVISION_RECHECK = 0.005
JSON_TYPE = "application/json"
SCORES_TYPE = "application/vnd.stackwise.scores+json"


@dataclass(frozen=True)
class ServiceSettings:
    """What ``stackwise serve`` can tune."""

    max_body: int = DEFAULT_MAX_BODY
    max_age: int = DEFAULT_MAX_AGE
    #: cost units a client (by address) may spend per second; 0 (the library default, for
    #: embedding and load tests) turns the limit off; ``stackwise serve`` defaults to
    #: :data:`DEFAULT_CLIENT_RATE`. A GET costs 1, a query 1 + its names, a write 1 + its
    #: rules, a snapshot 100.
    client_rate: float = 0.0
    client_burst: float = DEFAULT_CLIENT_BURST
    doc_cache_bytes: int = DOC_CACHE_BYTES
    #: directory with the online TUF keys (targets, snapshot, timestamp): the service then
    #: signs and publishes each KB revision under /v1/tuf/ (see :mod:`stackwise.server.signing`)
    tuf_keys: str | None = None


class HTTPProblem(Exception):
    """An error answer: status and a one-paragraph reason for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _problem(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _etag_matches(header: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: a list of entity tags or ``*``; weak comparison is fine here."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags


def _accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header takes gzip: named, with a q-value above 0 (RFC 9110:
    ``gzip;q=0`` refuses it, and was answered with gzip a client could not read)."""
    for item in header.lower().split(","):
        coding, _, params = item.partition(";")
        if coding.strip() in ("gzip", "x-gzip"):
            q = params.strip().replace(" ", "")
            try:
                return not q.startswith("q=") or float(q[2:]) > 0
            except ValueError:
                return True
    return False


def _name(raw: str) -> str:
    if len(raw) > MAX_NAME_LENGTH:
        raise HTTPProblem(400, f"A project name of {len(raw)} characters is longer than the limit of "
                               f"{MAX_NAME_LENGTH}.")
    if not is_project_name(raw):
        raise HTTPProblem(400, f"{raw!r} is not a valid project name (PEP 508: letters, digits, '.', '_', '-').")
    return canonicalize_name(raw)


def _short_repr(value: Any, limit: int = 80) -> str:
    """A bounded repr for an error message: a 100 kB list must not come back in the answer."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _depth_ok(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether parsed JSON nests at most ``limit`` levels (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return True


class CostLimiter:
    """A token bucket per client address: ``rate`` units per second, at most ``burst`` saved.

    A request is refused (429) only while its client's bucket is empty; its actual cost is
    charged once known (a query's cost depends on its names), so a bucket may go below zero
    and the client then waits longer. Thread-safe; remembers at most
    :data:`MAX_TRACKED_CLIENTS` clients (the least recently seen are forgotten first).
    """

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = max(burst, rate)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _level(self, client: str, now: float) -> float:
        level, then = self._buckets.get(client, (self.burst, now))
        return min(self.burst, level + (now - then) * self.rate)

    def admit(self, client: str) -> float:
        """0 when the client may go ahead, else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            level = self._level(client, now)
            if level > 0:
                return 0.0
            return (1 - level) / self.rate

    def charge(self, client: str, cost: float) -> None:
        now = time.monotonic()
        with self._lock:
            self._buckets[client] = (self._level(client, now) - cost, now)
            self._buckets.move_to_end(client)
            while len(self._buckets) > MAX_TRACKED_CLIENTS:
                self._buckets.popitem(last=False)


class DocumentCache:
    """Rendered package documents keyed by name, least recently used dropped past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._entries: OrderedDict[str, tuple[int, Any]] = OrderedDict()

    def get(self, name: str, revision: int) -> tuple[int, Any] | None:
        hit = self._entries.get(name)
        if hit is None or hit[0] != revision:
            return None
        self._entries.move_to_end(name)
        return hit

    def put(self, name: str, entry: tuple[int, Any]) -> None:
        cost = len(entry[1]) + len(name) + 100
        if cost > self.limit // 8:  # one huge document must not push out thousands of small ones
            return
        old = self._entries.pop(name, None)
        if old is not None:
            self.size -= len(old[1]) + len(name) + 100
        self._entries[name] = entry
        self.size += cost
        while self.size > self.limit and self._entries:
            dropped, (_, text) = self._entries.popitem(last=False)
            self.size -= len(text) + len(dropped) + 100

    def __len__(self) -> int:
        return len(self._entries)


def _key_etag(name: str, etag: str) -> bytes:
    """``"name":{"etag":"..."`` of a query answer (the entry is closed by the caller)."""
    return f'"{name}":{{"etag":{json.dumps(etag)}'.encode()


_DOCUMENT_KEY = b',"document":'


class RevisionView:
    """Per KB revision: each answered name's encoded key and ETag, its ETag, and its whole
    entry in a query answer (see ``_query_from_view``); a GET takes the document out of the
    entry (:meth:`document`), so each document is held once."""

    def __init__(self, revision: int, limit: int) -> None:
        self.revision = revision
        self.limit = limit
        self.size = 0
        self.entries: dict[str, tuple[bytes, str, bytes]] = {}

    def put(self, name: str, key_etag: bytes, document: bytes, etag: str) -> tuple[bytes, str, bytes]:
        # A full view stops growing; names it lacks are then read the long way until the next
        # write starts a new view (so the budget must hold a whole KB's answers: one copy each).
        entry = (key_etag, etag, b"".join((key_etag, _DOCUMENT_KEY, document, b"}")))
        cost = 2 * len(key_etag) + len(document) + len(etag) + 150
        if self.size + cost <= self.limit:
            self.entries[name] = entry
            self.size += cost
        return entry

    @staticmethod
    def document(entry: tuple[bytes, str, bytes]) -> bytes:
        """The score document inside an entry's answer piece."""
        return entry[2][len(entry[0]) + len(_DOCUMENT_KEY):-1]


class ScoreService:
    """Holds the storage and per-process caches; ``app`` is the ASGI application."""

    def __init__(self, storage: Storage, settings: ServiceSettings | None = None) -> None:
        self.storage = storage
        self.settings = settings or ServiceSettings()
        self._snapshot: tuple[int, bytes, bytes] | None = None  # (revision, json, gzip)
        # name -> (package revision, rendered document). A package's document is a pure
        # function of its revision (see storage), so an entry is valid exactly while the
        # revision in the database is the same: safe across processes, no invalidation.
        self._docs = DocumentCache(self.settings.doc_cache_bytes)
        self._docs_lock = threading.Lock()
        self._view = RevisionView(-1, self.settings.doc_cache_bytes)
        self._meta: tuple[int, int, float, int] | None = None  # revision, rule count, valid until, writes
        # raw name -> canonical name, for valid names only. Why: checking and canonicalizing
        # 200 names was half of a query's CPU, and clients ask for the same names again and
        # again. Emptied when full, so a client sending made-up names cannot grow it.
        self._canonical: dict[str, str] = {}
        self._snapshot_lock = threading.Lock()
        self._packed: dict[str, bytes] = {}  # TUF target name -> its gzip (targets never change)
        self.limiter = (CostLimiter(self.settings.client_rate, self.settings.client_burst)
                        if self.settings.client_rate > 0 else None)
        self.publisher = None
        if self.settings.tuf_keys:
            from stackwise.server.signing import Publisher

            self.publisher = Publisher(storage, self.settings.tuf_keys)
        self._published: tuple[int, float] | None = None  # (KB revision, when to re-sign the timestamp)
        self._publish_lock = threading.Lock()
        self.app = Starlette(
            exception_handlers={HTTPException: self._http_exception, Exception: self._server_error},
            routes=[
                Route("/healthz", self._guard(self.healthz), methods=["GET"]),
                Route("/openapi.json", self._guard(self.openapi), methods=["GET"]),
                Route("/v1/packages/{name}", self._guard(self.package), methods=["GET"]),
                Route("/v1/query", self._guard(self.query), methods=["POST"]),
                Route("/v1/snapshot", self._guard(self.snapshot), methods=["GET"]),
                Route("/v1/tuf/targets/{name}", self._guard(self.tuf_target), methods=["GET"]),
                Route("/v1/tuf/{name}", self._guard(self.tuf_metadata), methods=["GET"]),
                Route("/v1/rules", self._guard(self.post_rules), methods=["POST"]),
                Route("/v1/rules/{rule_id:path}", self._guard(self.delete_rule), methods=["DELETE"]),
                Route("/v1/inspections", self._guard(self.post_inspections), methods=["POST"]),
                Route("/v1/inspections", self._guard(self.list_inspections), methods=["GET"]),
                Route("/v1/inspections/{inspection_id}", self._guard(self.get_inspection), methods=["GET"]),
            ],
        )
        self.app.state.service = self  # for the operator's and the tests' introspection

    # -- plumbing --------------------------------------------------------------------------
    @staticmethod
    async def _http_exception(request: Request, exc: Exception) -> Response:
        """Starlette's own refusals (no such route: 404, wrong method: 405) as JSON problems."""
        status = getattr(exc, "status_code", 500)
        if status == 404:
            message = f"No such endpoint: {request.url.path} (see /openapi.json)."
        elif status == 405:
            message = f"{request.method} is not allowed on {request.url.path} (see /openapi.json)."
        else:
            message = str(getattr(exc, "detail", "")) or "The request was refused."
        return _problem(status, message, dict(getattr(exc, "headers", None) or {}))

    @staticmethod
    async def _server_error(request: Request, exc: Exception) -> Response:
        """A fault of ours: a JSON 500 with no traceback (uvicorn logs the traceback)."""
        return _problem(500, "The score service failed on this request; the administrator can find the "
                             "reason in its log.")

    def _client(self, request: Request) -> str:
        return request.client.host if request.client is not None else "?"

    def charge(self, request: Request, cost: float) -> None:
        """Add ``cost`` units to the request's client (the 1 unit of every request is charged on entry)."""
        if self.limiter is not None and cost > 0:
            self.limiter.charge(self._client(request), cost)

    def _guard(self, handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        """Every failure becomes a JSON problem answer; a database fault is a 503, never a 500 page."""

        async def endpoint(request: Request) -> Response:
            if self.limiter is not None:
                client = self._client(request)
                wait = self.limiter.admit(client)
                if wait > 0:
                    return _problem(429, f"Too many requests from {client}: the service allows "
                                         f"{self.limiter.rate:g} cost units per second per client (a query costs "
                                         f"1 + its names); retry in {math.ceil(wait)} s.",
                                    {"Retry-After": str(math.ceil(wait))})
                self.limiter.charge(client, 1)
            try:
                return await handler(request)
            except HTTPProblem as exc:
                return _problem(exc.status, exc.message, exc.headers)
            except StorageError as exc:
                return _problem(503, f"The knowledge base is unavailable: {exc}", {"Retry-After": "5"})

        return endpoint

    def _documents(self, revs: dict[str, int], names: list[str]) -> tuple[int | None, dict[str, tuple[int, bytes]]]:
        """(revision, document) per name: rendered ones reused, the rest read in one statement.

        The first item is the KB revision the read rules come from (None when nothing was read).
        """
        out: dict[str, tuple[int, bytes]] = {}
        misses = []
        with self._docs_lock:
            for name in names:
                hit = self._docs.get(name, revs.get(name, 0))
                if hit is not None:
                    out[name] = hit
                else:
                    misses.append(name)
        if not misses:
            return None, out
        kb_revision, _, found = self.storage.packages(misses)
        for name in misses:
            pkg = found[name]  # may be newer than ``revs`` if a write landed: still self-consistent
            entry = (pkg.revision, score_document(str(pkg.revision), pkg.bodies))
            out[name] = entry
            with self._docs_lock:
                self._docs.put(name, entry)
        return kb_revision, out

    def _canonical_name(self, raw: str) -> str:
        """:func:`_name`, remembered (see ``_canonical``)."""
        name = self._canonical.get(raw)
        if name is None:
            name = _name(raw)
            if len(self._canonical) >= MAX_CANONICAL_NAMES:
                self._canonical.clear()
            self._canonical[raw] = name
        return name

    def _etag(self, name: str, revision: int) -> str:
        return f'"{self.storage.instance[:12]}-{name}-{revision}"'

    def _cache_headers(self, etag: str) -> dict[str, str]:
        return {"ETag": etag, "Cache-Control": f"public, max-age={self.settings.max_age}", "Vary": "Accept-Encoding"}

    async def _body(self, request: Request, limit: int) -> bytes:
        """Read at most ``limit`` bytes; a larger body is refused with 413 before it is stored."""
        length = request.headers.get("content-length")
        if length is not None:
            try:
                if int(length) > limit:
                    raise HTTPProblem(413, f"Request body of {int(length)} bytes exceeds the limit of {limit} bytes.")
            except ValueError:
                raise HTTPProblem(400, "Invalid Content-Length header.") from None
        chunks: list[bytes] = []
        size = 0

        async def read() -> None:
            nonlocal size
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise HTTPProblem(413, f"Request body exceeds the limit of {limit} bytes.")
                chunks.append(chunk)

        # A client trickling its body would hold a connection (and a worker's memory) for as
        # long as it likes: the whole body must arrive within a deadline that grows with the
        # limit (a 10 MiB write at 64 KiB/s). Slow headers are not the application's to see:
        # run the service behind a reverse proxy that bounds them (docs/service.md).
        deadline = BODY_SECONDS + limit / BODY_MIN_RATE
        try:
            await asyncio.wait_for(read(), deadline)
        except ClientDisconnect:  # the client's doing, not a fault to log with a traceback
            raise HTTPProblem(400, "The client closed the connection before sending the whole body.") from None
        except asyncio.TimeoutError:
            raise HTTPProblem(408, f"The request body did not arrive within {deadline:.0f} s "
                              f"({size} bytes received).") from None
        return b"".join(chunks)

    @staticmethod
    def _json(data: bytes) -> Any:
        if not data.strip():
            raise HTTPProblem(400, "The request body is empty; send a JSON document.")
        try:
            value = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:  # ValueError: JSONDecodeError, an over-long integer
            raise HTTPProblem(400, f"The request body is not valid JSON ({str(exc).splitlines()[0]}).") from None
        except RecursionError:
            value = None
        else:
            if _depth_ok(value):
                from stackwise._jsontext import lone_surrogate

                bad = lone_surrogate(data, value)
                if bad is not None:  # SQLite and every response would fail on it (a 500)
                    raise HTTPProblem(400, f"The request body is not valid text: the JSON escape {bad} is half "
                                      "of a UTF-16 surrogate pair.")
                return value
        raise HTTPProblem(400, f"The request body nests JSON deeper than {MAX_JSON_DEPTH} levels.")

    async def _authorize(self, request: Request) -> None:
        """Bearer token: missing -> 401, unknown -> 403. Checked before the body is read."""
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPProblem(
                401,
                "Writing to the knowledge base needs a token: send 'Authorization: Bearer <token>' "
                "(create one with `stackwise serve token create`).",
                {"WWW-Authenticate": 'Bearer realm="stackwise"'},
            )
        if not await run_in_threadpool(self.storage.check_token, token.strip()):
            raise HTTPProblem(403, "The token is not valid for this knowledge base.")

    # -- reads -----------------------------------------------------------------------------
    async def healthz(self, request: Request) -> Response:
        try:
            revision, count = self.storage.meta()
        except StorageError as exc:
            return JSONResponse({"status": "unavailable", "error": str(exc)}, status_code=503)
        return JSONResponse({"status": "ok", "revision": str(revision), "rules": count,
                             "database": self.storage.kind, "version": __version__})

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(OPENAPI)

    async def package(self, request: Request) -> Response:
        name = _name(request.path_params["name"])
        inm = request.headers.get("if-none-match")
        revision, _ = self._revision()
        view = self._view_at(revision)
        entry = view.entries.get(name)
        if entry is None:
            kb_revision, _, revs = self.storage.revisions([name])
            read_at, documents = self._documents(revs, [name])
            rev, document = documents[name]
            etag = self._etag(name, rev)
            if kb_revision == revision and read_at in (None, revision):
                view.put(name, _key_etag(name, etag), document, etag)
        else:
            document, etag = RevisionView.document(entry), entry[1]
        if _etag_matches(inm, etag):
            return Response(status_code=304, headers=self._cache_headers(etag))
        return Response(document, media_type=JSON_TYPE, headers=self._cache_headers(etag))

    def _revision(self) -> tuple[int, int]:
        """(KB revision, rule count), read again only after :data:`REVISION_RECHECK` seconds or a
        write by this process: a read per request cost more than the rest of a GET."""
        now = time.monotonic()
        writes = write_generation()
        meta = self._meta
        if meta is not None and now < meta[2] and meta[3] == writes:
            return meta[0], meta[1]
        revision, count = self.storage.meta()
        self._meta = (revision, count, now + REVISION_RECHECK, writes)
        return revision, count

    def _view_at(self, revision: int) -> RevisionView:
        """The view of ``revision``; another revision (a write, a restored database) starts a new one."""
        view = self._view
        if view.revision != revision:
            with self._docs_lock:
                if self._view.revision != revision:
                    self._view = RevisionView(revision, self.settings.doc_cache_bytes)
                view = self._view
        return view

    async def query(self, request: Request) -> Response:
        data = self._json(await self._body(request, min(self.settings.max_body, MAX_QUERY_BODY)))
        if not isinstance(data, dict) or not isinstance(data.get("packages"), list):
            raise HTTPProblem(422, 'The query must be a JSON object {"packages": [names], "etags": {name: etag}}.')
        unknown = sorted(set(data) - {"packages", "etags"})
        if unknown:
            raise HTTPProblem(422, f"Unknown key(s) in the query: {', '.join(unknown)}.")
        raw_names = data["packages"]
        if len(raw_names) > MAX_QUERY_PACKAGES:
            raise HTTPProblem(413, f"At most {MAX_QUERY_PACKAGES} packages per query; got {len(raw_names)}.")
        etags = data.get("etags") or {}
        if not isinstance(etags, dict) or not all(isinstance(v, str) for v in etags.values()):
            raise HTTPProblem(422, '"etags" must map package names to ETag strings.')
        if len(etags) > MAX_QUERY_PACKAGES:
            raise HTTPProblem(413, f"At most {MAX_QUERY_PACKAGES} ETags per query; got {len(etags)}.")
        self.charge(request, len(raw_names))
        names: dict[str, str] = {}
        seen = self._canonical
        for raw in raw_names:
            if not isinstance(raw, str):
                raise HTTPProblem(422, f"Package names must be strings, got {_short_repr(raw)}.")
            names[seen.get(raw) or self._canonical_name(raw)] = raw
        known: dict[str, str] = {}
        for k, v in etags.items():
            if len(v) <= MAX_ETAG_LENGTH:
                try:
                    known[self._canonical_name(k)] = v
                except HTTPProblem:
                    continue  # an ETag for a name that cannot exist matches nothing
        wanted = list(names)
        fast = self._query_from_view(wanted, known)
        if fast is not None:
            revision, count, pieces = fast
        else:
            revision, count, documents, revs = self._consistent_read(wanted, known)
            pieces = []
            for name in wanted:
                if name in documents:
                    rev, doc = documents[name]
                    pieces.append(b"".join((_key_etag(name, self._etag(name, rev)), b',"document":', doc, b'}')))
                else:
                    pieces.append(_key_etag(name, self._etag(name, revs.get(name, 0))) + b',"not_modified":true}')
        head = (f'{{"format":"stackwise-query","version":1,"revision":"{revision}","rule_count":{count},'
                f'"packages":{{').encode()
        return Response(b"".join((head, b",".join(pieces), b"}}")), media_type=JSON_TYPE,
                        headers={"Cache-Control": "no-store", "X-Stackwise-Revision": str(revision)})

    def _query_from_view(self, wanted: list[str], known: dict[str, str]) -> tuple[int, int, list[bytes]] | None:
        """The answer's pieces from the per-revision view, or None when a write moved the KB meanwhile.

        Why: a query of 200 names spent most of its time reading 200 package revisions and
        formatting 200 ETags, which cannot change while the KB revision stays the same. So
        each process keeps, for the current KB revision only, every answered name's ETag
        (JSON-encoded, with its key) and its rendered document (shared with the document
        cache); a query costs one ``meta()`` read plus reads for names not seen at this
        revision. Any write moves the revision and starts a new view, and a write landing
        during the query sends it to :meth:`_consistent_read`: one revision per answer.
        """
        revision, count = self._revision()
        view = self._view_at(revision)
        entries = view.entries
        missing = [n for n in wanted if n not in entries]
        fresh: dict[str, tuple[bytes, str, bytes]] = {}
        if missing:
            read_at, _, revs = self.storage.revisions(missing)
            if read_at != revision:
                return None
            read_at, documents = self._documents(revs, missing)
            if read_at is not None and read_at != revision:
                return None
            for name in missing:
                rev, doc = documents[name]
                etag = self._etag(name, rev)
                fresh[name] = view.put(name, _key_etag(name, etag), doc, etag)
        # One prepared piece per name (joined with commas by the caller); only a name whose
        # ETag the client sent may be answered "not modified" instead.
        pieces: list[bytes] = []
        for name in wanted:
            entry = fresh[name] if fresh and name in fresh else entries[name]
            if known and name in known and _etag_matches(known[name], entry[1]):
                pieces.append(entry[0] + b',"not_modified":true}')
            else:
                pieces.append(entry[2])
        return revision, count, pieces

    def _consistent_read(self, wanted: list[str], known: dict[str, str]
                         ) -> tuple[int, int, dict[str, tuple[int, bytes]], dict[str, int]]:
        """KB revision, rule count, documents of the names not matching ``known`` ETags, and
        every name's revision, all as of one KB revision.

        Why the retry: the revisions and the rules missing from the document cache are two
        statements; when a write lands between them (the KB revision moved) the answer is
        read again, and the last try reads everything in one statement.
        """
        for _ in range(3):
            revision, count, revs = self.storage.revisions(wanted)
            fresh = [n for n in wanted if not _etag_matches(known.get(n), self._etag(n, revs.get(n, 0)))]
            read_at, documents = self._documents(revs, fresh)
            if read_at is None or read_at == revision:
                return revision, count, documents, revs
        revision, count, found = self.storage.packages(wanted)
        revs = {n: pkg.revision for n, pkg in found.items() if pkg.revision}
        documents = {}
        for name in wanted:
            pkg = found[name]
            if not _etag_matches(known.get(name), self._etag(name, pkg.revision)):
                documents[name] = (pkg.revision, score_document(str(pkg.revision), pkg.bodies))
        return revision, count, documents, revs

    def _build_snapshot(self) -> tuple[int, bytes, bytes]:
        with self._snapshot_lock:
            current, _ = self.storage.meta()
            if self._snapshot is not None and self._snapshot[0] == current:
                return self._snapshot
            revision, bodies = self.storage.snapshot()
            raw = score_document(str(revision), bodies)
            self._snapshot = (revision, raw, gzip.compress(raw, compresslevel=6, mtime=0))
            return self._snapshot

    async def snapshot(self, request: Request) -> Response:
        self.charge(request, SNAPSHOT_COST)
        gz = _accepts_gzip(request.headers.get("accept-encoding", ""))
        revision, _ = self.storage.meta()
        etag = f'"{self.storage.instance[:12]}-snapshot-{revision}{"-gz" if gz else ""}"'
        headers = {"ETag": etag, "Cache-Control": "public, max-age=60", "Vary": "Accept-Encoding",
                   "X-Stackwise-Revision": str(revision)}
        if _etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        rev, raw, packed = await run_in_threadpool(self._build_snapshot)
        if rev != revision:  # a write landed meanwhile: describe what is sent
            headers["ETag"] = f'"{self.storage.instance[:12]}-snapshot-{rev}{"-gz" if gz else ""}"'
            headers["X-Stackwise-Revision"] = str(rev)
        headers["Content-Disposition"] = f'attachment; filename="stackwise-scores-{rev}.json"'
        if gz:
            headers["Content-Encoding"] = "gzip"
            return Response(packed, media_type=JSON_TYPE, headers=headers)
        return Response(raw, media_type=JSON_TYPE, headers=headers)

    # -- signed publication (TUF) -----------------------------------------------------------
    _NO_TUF = ("This service publishes no signed snapshots: its administrator runs `stackwise serve keys init` "
               "and then `stackwise serve --tuf-keys DIR`.")

    def _publish(self) -> None:
        """Sign a new KB revision (or refresh the timestamp) before the timestamp is served."""
        assert self.publisher is not None
        from stackwise.server.signing import LIFETIME

        revision, _ = self.storage.meta()
        now = time.time()
        with self._publish_lock:
            if self._published is not None and self._published[0] == revision and now < self._published[1]:
                return
            self.publisher.publish()
            self._published = (revision, now + LIFETIME["timestamp"].total_seconds() / 4)

    async def tuf_metadata(self, request: Request) -> Response:
        from stackwise.server.signing import served_name

        name = request.path_params["name"]
        if not served_name(name):
            raise HTTPProblem(404, f"No signed metadata named {name!r}. {self._NO_TUF if self.publisher is None else ''}".strip())
        if name == "timestamp.json" and self.publisher is not None:
            await run_in_threadpool(self._publish)
        body = self.storage.tuf_file(name)
        if body is None:
            if name.endswith(".root.json") and self.storage.tuf_file("1.root.json") is not None:
                raise HTTPProblem(404, f"No root version {name.split('.')[0]} (yet).")
            raise HTTPProblem(404, f"No signed metadata named {name!r}. {self._NO_TUF}")
        cache = "no-cache" if name == "timestamp.json" else "public, max-age=31536000, immutable"
        return Response(body.encode("utf-8"), media_type=JSON_TYPE, headers={"Cache-Control": cache})

    async def tuf_target(self, request: Request) -> Response:
        from stackwise.server.signing import served_target

        name = request.path_params["name"]
        headers = {"Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding"}
        gz = _accepts_gzip(request.headers.get("accept-encoding", ""))
        packed = self._packed.get(name) if gz else None
        if packed is not None:  # a target is named by its hash: a cached one is still the same file
            self.charge(request, SNAPSHOT_COST)
            return Response(packed, media_type=JSON_TYPE, headers={**headers, "Content-Encoding": "gzip"})
        body = await run_in_threadpool(self.storage.tuf_file, f"targets/{name}") if served_target(name) else None
        if body is None:
            raise HTTPProblem(404, f"No signed target named {name!r}.")
        self.charge(request, SNAPSHOT_COST)
        if gz:
            # Transport compression only: the signed length and hashes are of the decoded file,
            # which is what the client verifies (a 100k-rule target: 23 MB, 2.2 MB gzip).
            headers["Content-Encoding"] = "gzip"
            return Response(await run_in_threadpool(self._packed_target, name, body), media_type=JSON_TYPE,
                            headers=headers)
        return Response(body.encode("utf-8"), media_type=JSON_TYPE, headers=headers)

    def _packed_target(self, name: str, body: str) -> bytes:
        """The gzip of an (immutable) target, compressed once; the two newest are kept."""
        with self._snapshot_lock:
            hit = self._packed.get(name)
            if hit is None:
                hit = gzip.compress(body.encode("utf-8"), compresslevel=6, mtime=0)
                self._packed[name] = hit
                while len(self._packed) > 2:
                    self._packed.pop(next(iter(self._packed)))
            return hit

    # -- writes ----------------------------------------------------------------------------
    async def post_rules(self, request: Request) -> Response:
        await self._authorize(request)
        data = self._json(await self._body(request, self.settings.max_body))
        if isinstance(data, dict) and isinstance(data.get("rules"), list):
            missing = [n for n, r in enumerate(data["rules"], start=1) if isinstance(r, dict) and "id" not in r]
            if missing:
                shown = ", ".join(f"#{n}" for n in missing[:10])
                raise HTTPProblem(422, f"Every rule sent to the service needs an \"id\" (so it can be replaced "
                                       f"or deleted later); missing in rule(s) {shown}.")
        try:
            kb = parse_document(data, "request body")
        except ScoreFileError as exc:
            raise HTTPProblem(422, str(exc)) from None
        if not kb.rules:
            raise HTTPProblem(422, "The document holds no rules; nothing to store.")
        self.charge(request, len(kb.rules))
        result = await run_in_threadpool(self.storage.put_rules, kb.rules)
        return JSONResponse({"revision": str(result.revision), "stored": result.changed}, status_code=200,
                            headers={"X-Stackwise-Revision": str(result.revision)})

    async def delete_rule(self, request: Request) -> Response:
        await self._authorize(request)
        rule_id = request.path_params["rule_id"]
        result = await run_in_threadpool(self.storage.delete_rule, rule_id)
        if result is None:
            raise HTTPProblem(404, f"No rule with id {rule_id!r}.")
        return JSONResponse({"revision": str(result.revision), "deleted": rule_id},
                            headers={"X-Stackwise-Revision": str(result.revision)})

    # -- inspection results ----------------------------------------------------------------
    async def post_inspections(self, request: Request) -> Response:
        await self._authorize(request)
        data = self._json(await self._body(request, self.settings.max_body))
        records = await run_in_threadpool(_inspection_records, data)  # validating 1000 results takes a while
        ids, added = await run_in_threadpool(self.storage.put_inspections, records)
        return JSONResponse({"ids": ids, "added": added})

    async def list_inspections(self, request: Request) -> Response:
        query = request.query_params
        unknown = sorted(set(query) - {"outcome", "package", "limit"})
        if unknown:
            raise HTTPProblem(400, f"Unknown query parameter(s): {', '.join(unknown)}; use outcome, package, limit.")
        outcome = query.get("outcome")
        if outcome is not None and outcome not in OUTCOMES:
            raise HTTPProblem(400, f"Unknown outcome {outcome!r}; use one of {', '.join(OUTCOMES)}.")
        package = version = None
        if query.get("package") is not None:
            raw, _, ver = query["package"].partition("==")
            package = _name(raw.strip())
            version = ver.strip() or None
        raw_limit = query.get("limit", str(DEFAULT_INSPECTIONS_LIMIT))
        try:
            limit = int(raw_limit)
            if not 1 <= limit <= MAX_INSPECTIONS_LIMIT:
                raise ValueError
        except ValueError:
            raise HTTPProblem(400, f"limit must be an integer from 1 to {MAX_INSPECTIONS_LIMIT}, got {raw_limit!r}.") from None
        bodies = await run_in_threadpool(self.storage.list_inspections, outcome=outcome, package=package,
                                         version=version, limit=limit)
        body = '{"format":"stackwise-inspections","version":1,"results":[' + ",".join(bodies) + "]}"
        return Response(body.encode("utf-8"), media_type=JSON_TYPE, headers={"Cache-Control": "no-store"})

    async def get_inspection(self, request: Request) -> Response:
        inspection_id = request.path_params["inspection_id"]
        if not INSPECTION_ID.fullmatch(inspection_id):
            raise HTTPProblem(400, f"{inspection_id!r} is not an inspection id (ids look like i-0123456789ab).")
        body = self.storage.get_inspection(inspection_id)
        if body is None:
            raise HTTPProblem(404, f"No inspection result with id {inspection_id!r}.")
        # A stored result never changes: its id names its content.
        return Response(body.encode("utf-8"), media_type=JSON_TYPE,
                        headers={"Cache-Control": f"public, max-age={self.settings.max_age}"})


def _inspection_records(data: Any) -> list[InspectionRecord]:
    """The posted results, validated like results files (400 with the first reason otherwise)."""
    from stackwise.inspect.store import ResultFormatError, parse_results_document, utc_now

    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise HTTPProblem(400, 'The body must be a JSON object {"results": [inspection result, ...]}.')
    count = len(data["results"])
    if count == 0:
        raise HTTPProblem(400, "The body holds no results; nothing to store.")
    if count > MAX_INSPECTIONS_PER_POST:
        raise HTTPProblem(413, f"At most {MAX_INSPECTIONS_PER_POST} results per request; got {count}.")
    try:
        results = parse_results_document(data, "request body")
    except ResultFormatError as exc:
        raise HTTPProblem(400, str(exc)) from None
    now = utc_now()
    records = []
    for result in results:
        body = result.to_json()
        body.pop("id", None)
        records.append(InspectionRecord(
            id=result.id, created=result.created or now, outcome=result.outcome, stack_key=result.stack.key,
            signature=result.signature, check_command=result.check.command,
            pins=tuple((canonicalize_name(n), v) for n, v in result.stack.pins), body=body,
        ))
    return records


def create_app(storage: Storage, settings: ServiceSettings | None = None) -> Starlette:
    """The ASGI app for ``storage`` (the caller owns and closes the storage)."""
    return ScoreService(storage, settings).app


_ERR = {"description": "a problem", "content": {JSON_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
_DOC = {"content": {JSON_TYPE: {"schema": {"$ref": "#/components/schemas/ScoreDocument"}}}}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "stackwise score service", "version": __version__,
             "description": "Knowledge-base rules for stackwise resolutions; documents are score files v1 "
                            "(docs/score-file.md)."},
    "paths": {
        "/healthz": {"get": {"summary": "Liveness and database check", "responses": {
            "200": {"description": "ok"}, "503": _ERR}}},
        "/v1/packages/{name}": {"get": {
            "summary": "Every rule mentioning a package (pair rules included)",
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "score document (empty rules when unknown)", **_DOC},
                          "304": {"description": "not modified"}, "400": _ERR, "503": _ERR}}},
        "/v1/query": {"post": {
            "summary": "Rules for many packages in one round trip",
            "requestBody": {"required": True, "content": {JSON_TYPE: {"schema": {
                "type": "object", "required": ["packages"], "additionalProperties": False,
                "properties": {"packages": {"type": "array", "items": {"type": "string"}, "maxItems": MAX_QUERY_PACKAGES},
                               "etags": {"type": "object", "additionalProperties": {"type": "string"}}}}}}},
            "responses": {"200": {"description": "per package: etag and document, or not_modified",
                                  "content": {JSON_TYPE: {"schema": {"$ref": "#/components/schemas/QueryResult"}}}},
                          "400": _ERR, "413": _ERR, "422": _ERR, "503": _ERR}}},
        "/v1/snapshot": {"get": {
            "summary": "The whole knowledge base as a score file (gzip when accepted)",
            "responses": {"200": {"description": "score document", **_DOC}, "304": {"description": "not modified"},
                          "503": _ERR}}},
        "/v1/tuf/{name}": {"get": {
            "summary": "Signed TUF metadata: N.root.json, timestamp.json, N.snapshot.json, N.targets.json",
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "TUF metadata (JSON)"}, "404": _ERR, "429": _ERR, "503": _ERR}}},
        "/v1/tuf/targets/{name}": {"get": {
            "summary": "The signed snapshot target, <sha256>.scores.json (a score file)",
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "score document", **_DOC}, "404": _ERR, "429": _ERR,
                          "503": _ERR}}},
        "/v1/rules": {"post": {
            "summary": "Insert or replace rules (by id); one new KB revision",
            "security": [{"bearer": []}],
            "requestBody": {"required": True, **_DOC},
            "responses": {"200": {"description": "stored"}, "400": _ERR, "401": _ERR, "403": _ERR,
                          "413": _ERR, "422": _ERR, "503": _ERR}}},
        "/v1/rules/{id}": {"delete": {
            "summary": "Delete one rule; one new KB revision",
            "security": [{"bearer": []}],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "deleted"}, "401": _ERR, "403": _ERR, "404": _ERR, "503": _ERR}}},
        "/v1/inspections": {
            "post": {
                "summary": "Store inspection results (ids kept when free; the same result is stored once)",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, "content": {JSON_TYPE: {"schema": {
                    "$ref": "#/components/schemas/InspectionResults"}}}},
                "responses": {"200": {"description": "the id of every result, in order, and how many were new",
                                      "content": {JSON_TYPE: {"schema": {"type": "object", "properties": {
                                          "ids": {"type": "array", "items": {"type": "string"}},
                                          "added": {"type": "integer"}}}}}},
                              "400": _ERR, "401": _ERR, "403": _ERR, "413": _ERR, "503": _ERR}},
            "get": {
                "summary": "Inspection results, most recently received first",
                "parameters": [
                    {"name": "outcome", "in": "query", "schema": {"type": "string"}},
                    {"name": "package", "in": "query", "schema": {"type": "string"},
                     "description": "NAME or NAME==VERSION: results whose stack pins it"},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                                "maximum": MAX_INSPECTIONS_LIMIT,
                                                                "default": DEFAULT_INSPECTIONS_LIMIT}}],
                "responses": {"200": {"description": "results document", "content": {JSON_TYPE: {"schema": {
                    "$ref": "#/components/schemas/InspectionResults"}}}}, "400": _ERR, "503": _ERR}},
        },
        "/v1/inspections/{id}": {"get": {
            "summary": "One inspection result",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "the result", "content": {JSON_TYPE: {"schema": {
                "$ref": "#/components/schemas/InspectionResult"}}}}, "400": _ERR, "404": _ERR, "503": _ERR}}},
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Problem": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
            "ScoreDocument": {"type": "object", "required": ["format", "version", "rules"], "properties": {
                "format": {"const": "stackwise-scores"}, "version": {"const": 1}, "revision": {"type": "string"},
                "generated": {"type": "string"}, "rules": {"type": "array", "items": {"type": "object"}}}},
            "QueryResult": {"type": "object", "properties": {
                "format": {"const": "stackwise-query"}, "version": {"const": 1}, "revision": {"type": "string"},
                "rule_count": {"type": "integer"},
                "packages": {"type": "object", "additionalProperties": {"type": "object", "properties": {
                    "etag": {"type": "string"}, "not_modified": {"type": "boolean"},
                    "document": {"$ref": "#/components/schemas/ScoreDocument"}}}}}},
            "InspectionResult": {"type": "object", "required": ["stack", "check", "outcome"], "properties": {
                "id": {"type": ["string", "null"]}, "created": {"type": ["string", "null"]},
                "outcome": {"enum": list(OUTCOMES)},
                "stack": {"type": "object"}, "check": {"type": "object"}, "signature": {"type": ["string", "null"]}}},
            "InspectionResults": {"type": "object", "required": ["results"], "properties": {
                "format": {"const": "stackwise-inspections"}, "version": {"const": 1},
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/InspectionResult"}}}},
        },
    },
}
