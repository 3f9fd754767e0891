"""Score-service client, the knowledge base it backs, and how the CLI picks score sources.

How a resolution gets its scores (why it is shaped like this): the policy asks
``kb.for_package(name)`` lazily, once per name, and a resolution discovers names as it
goes. So :class:`RemoteScores` answers from memory, then from the on-disk cache (fresh
within the TTL), and only then asks the service - always with one ``POST /v1/query``
for *every* name it needs at that moment, carrying the ETags of stale entries so the
service revalidates them in the same round trip. :meth:`ScoreSources.prefetch` lets the
caller hand over names before they are asked for: the CLI passes the root requirements
before resolving, and the provider can pass each candidate's dependencies as it learns
them, turning a cold resolution into one round trip per dependency level instead of one
per package. A warm cache (every entry younger than the TTL) opens no socket at all.

Degradation, in order: service unreachable / 5xx / too slow / garbage / wrong schema ⇒
the stale cache (a warning says how old) ⇒ no scores for that package, i.e. pip's order
(a warning names them) - unless ``--require-scores``, which turns the last step into a
clean error. After the first failure the service is not asked again in the same run, so a
dead service costs one timeout, not one per package. ``--offline`` never opens a socket.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from packaging.utils import canonicalize_name

from stackwise import __version__
from stackwise._dataclass import dataclass
from stackwise._text import one_line
from stackwise.errors import ScoreFileError, StackwiseError
from stackwise.knowledge.cache import CacheEntry, ScoreCache, default_cache_root, describe_age
from stackwise.knowledge.compiled import CompiledScoreFile, open_score_file
from stackwise.knowledge.layers import LazyLayer
from stackwise.knowledge.rules import KnowledgeBase, Rule
from stackwise.knowledge.scorefile import parse_document
from stackwise.knowledge.shipped import shipped_knowledge, shipped_sources
from stackwise.options import ScoreOptions

MAX_QUERY_PACKAGES = 1000
#: Seconds for one whole call to a service (all retries, however slowly the answer comes).
DEFAULT_DEADLINE = 30.0
#: Bytes of one answer (after decompression); a larger one is not read further.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
#: Rules in one package's document; more is refused before validation (a hostile service
#: could otherwise make every run spend minutes and gigabytes on one package).
DEFAULT_MAX_RULES = 10_000
SNAPSHOT_FACTOR = 8
_NAME_OK = re.compile(r"^([a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$")
Warn = Callable[[str], None]


class ScoreServiceError(StackwiseError):
    """A score service could not give what was required (only raised when it is required)."""


class ServiceUnavailable(Exception):
    """Internal: the service failed in a way that degradation handles; ``reason`` is for humans."""

    def __init__(self, reason: str) -> None:
        reason = one_line(reason)  # may quote the service's own words
        super().__init__(reason)
        self.reason = reason


def is_service_url(source: str) -> bool:
    return "://" in source


def check_service_url(url: str) -> str:
    """An http(s) base URL without query or fragment, normalised without a trailing slash."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ScoreServiceError(
            f"{url}: a score service must be an http:// or https:// URL such as http://127.0.0.1:8080 "
            "(a score file is given as a path)."
        )
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise ScoreServiceError(f"{url}: invalid port in the score service URL.") from None
    return url.rstrip("/")


def stderr_warn() -> Warn:
    """Print each distinct warning once, the way ``stackwise lock`` prints its warnings."""
    seen: set[str] = set()

    def warn(message: str) -> None:
        message = one_line(message)
        if message not in seen:
            seen.add(message)
            print(f"stackwise: warning: {message}", file=sys.stderr)

    return warn


# -- HTTP client ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryEntry:
    etag: str | None
    not_modified: bool
    document: dict[str, Any] | None
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class QueryAnswer:
    revision: str | None
    rule_count: int | None
    packages: dict[str, QueryEntry]


class ScoreServiceClient:
    """``requests`` session with an overall deadline per call, a cap on the answer size, and
    bounded retries with backoff.

    Retries: connection errors, timeouts, broken responses and 5xx (honouring a short
    Retry-After); never 4xx, which would only fail again. Retries happen inside the call's
    ``deadline`` (seconds for the whole call, however the server trickles its answer); an
    answer larger than ``max_bytes`` is not read further, and a package document with more
    than ``max_rules`` rules is refused before it is validated. Every failure is a
    :class:`ServiceUnavailable` with a one-line reason.
    """

    def __init__(self, url: str, *, connect_timeout: float = 3.0, read_timeout: float = 10.0,
                 retries: int = 2, backoff: float = 0.25, deadline: float = DEFAULT_DEADLINE,
                 max_bytes: int = DEFAULT_MAX_BYTES, max_rules: int = DEFAULT_MAX_RULES) -> None:
        from stackwise.knowledge._http import limited_session

        self.url = check_service_url(url)
        self.timeout = (connect_timeout, read_timeout)
        self.retries = max(0, retries)
        self.backoff = backoff
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_rules = max_rules
        self.session, self._deadline = limited_session(f"stackwise/{__version__}")
        self.requests_made = 0

    def close(self) -> None:
        self.session.close()

    def _request(self, method: str, path: str, *, max_bytes: int | None = None, **kw: Any) -> Any:
        from stackwise.knowledge._http import (
            DeadlineExceeded,
            GaveUp,
            TooLarge,
            call,
            describe_size,
            problem_text,
        )

        cap = self.max_bytes if max_bytes is None else max_bytes

        def counted() -> None:
            self.requests_made += 1

        try:
            resp = call(self.session, self._deadline, method, self.url + path, seconds=self.deadline,
                        connect_timeout=self.timeout[0], read_timeout=self.timeout[1], max_bytes=cap,
                        retries=self.retries, backoff=self.backoff, on_attempt=counted, **kw)
        except DeadlineExceeded:
            raise ServiceUnavailable(f"no complete answer within the {self.deadline:g} s deadline "
                                     "(scores-deadline)") from None
        except TooLarge as exc:
            size = describe_size(exc.size) if exc.declared else f"more than {describe_size(cap)}"
            raise ServiceUnavailable(f"the answer is {size}, over the {describe_size(cap)} limit "
                                     "(scores-max-bytes)") from None
        except GaveUp as exc:
            tries = f" after {exc.attempts} attempts" if exc.attempts > 1 else ""
            raise ServiceUnavailable(f"{exc.reason}{tries}") from None
        if resp.status_code >= 400:
            raise ServiceUnavailable(f"HTTP {resp.status_code}{problem_text(resp)}")
        return resp

    def _json(self, resp: Any) -> Any:
        try:
            data = json.loads(resp.content)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise ServiceUnavailable("the answer is not JSON (is this a stackwise score service?)") from None
        from stackwise._jsontext import lone_surrogate

        bad = lone_surrogate(resp.content, data)
        if bad is not None:  # refused as a score file holding it is (it fails wherever it is printed)
            raise ServiceUnavailable(f"the answer is not valid text: the JSON escape {bad} is half of a "
                                     "UTF-16 surrogate pair")
        return data

    def query(self, names: Sequence[str], etags: dict[str, str] | None = None) -> QueryAnswer:
        """Rules for ``names`` (canonical) in one POST; entries with a matching ETag come back not_modified."""
        etags = etags or {}
        resp = self._request("POST", "/v1/query", json={"packages": list(names),
                                                        "etags": {n: etags[n] for n in names if n in etags}})
        data = self._json(resp)
        if not isinstance(data, dict) or data.get("format") != "stackwise-query" or not isinstance(data.get("packages"), dict):
            raise ServiceUnavailable("the answer is not a stackwise query result (wrong schema)")
        packages = data["packages"]
        out: dict[str, QueryEntry] = {}
        for name in names:
            entry = packages.get(name)
            if not isinstance(entry, dict):
                raise ServiceUnavailable(f"the answer lacks package {name!r} (wrong schema)")
            etag = entry.get("etag")
            if etag is not None and not isinstance(etag, str):
                raise ServiceUnavailable(f"package {name!r}: the etag is not a string (wrong schema)")
            if entry.get("not_modified") is True:
                if name not in etags:
                    raise ServiceUnavailable(f"package {name!r}: 'not modified' for a package not asked about")
                out[name] = QueryEntry(etag, True, None, ())
                continue
            document = entry.get("document")
            self._check_size(document, name)
            kb = self._validate(document, f"{self.url} (package {name})")
            out[name] = QueryEntry(etag, False, document, kb.for_package(name))
        return QueryAnswer(_revision(data.get("revision")), _rule_count(data.get("rule_count")), out)

    def package(self, name: str, etag: str | None = None) -> QueryEntry:
        """One package by GET (conditional when ``etag`` is given)."""
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._request("GET", f"/v1/packages/{name}", headers=headers)
        if resp.status_code == 304:
            return QueryEntry(resp.headers.get("ETag", etag), True, None, ())
        document = self._json(resp)
        self._check_size(document, name)
        kb = self._validate(document, f"{self.url}/v1/packages/{name}")
        return QueryEntry(resp.headers.get("ETag"), False, document, kb.for_package(name))

    def snapshot(self) -> tuple[dict[str, Any], KnowledgeBase]:
        """The whole KB as a validated score document."""
        # The whole KB is larger than any package answer: a higher cap, still a cap.
        resp = self._request("GET", "/v1/snapshot", headers={"Accept-Encoding": "gzip"},
                             max_bytes=self.max_bytes * SNAPSHOT_FACTOR)
        document = self._json(resp)
        return document, self._validate(document, f"{self.url}/v1/snapshot")

    def _check_size(self, document: Any, name: str) -> None:
        """Refuse a package document with more rules than ``max_rules`` before validating it."""
        rules = document.get("rules") if isinstance(document, dict) else None
        if isinstance(rules, list) and len(rules) > self.max_rules:
            raise ServiceUnavailable(f"package {name!r} has {len(rules):,} rules, over the limit of "
                                     f"{self.max_rules:,} per package (scores-max-rules)")

    @staticmethod
    def _validate(document: Any, origin: str) -> KnowledgeBase:
        try:
            return parse_document(document, origin)
        except ScoreFileError as exc:
            first = str(exc).splitlines()
            detail = first[1] if len(first) > 1 else first[0]
            raise ServiceUnavailable(f"the answer is not a valid score document ({detail})") from None


# -- knowledge bases ------------------------------------------------------------------------


class RemoteScores(LazyLayer):
    """The rules one score service holds, fetched per package on demand (see module doc)."""

    def __init__(self, client: ScoreServiceClient | None, cache: ScoreCache | None, *, url: str,
                 ttl: float = 3600.0, offline: bool = False, require_scores: bool = False,
                 warn: Warn | None = None) -> None:
        self.url = url
        self.client = client
        self.cache = cache
        self.ttl = ttl
        self.offline = offline
        self.require_scores = require_scores
        self.warn = _one_line_warn(warn or stderr_warn())
        self.down: str | None = None
        self._warned = False
        self.degraded: dict[str, str] = {}  # name -> "stale" | "missing", for reports
        super().__init__()
        info = cache.service_info() if cache is not None else {}
        self.revision: str | None = _revision(info.get("revision"))
        self.rule_count: int | None = _rule_count(info.get("rule_count"))
        self.stats = {"fresh": 0, "revalidated": 0, "fetched": 0, "stale": 0, "missing": 0}

    def prefetch(self, names: Iterable[str]) -> None:
        """Make the rules of ``names`` available, with at most one query per 1000 names."""
        todo = self._unknown(names)
        for name in [n for n in todo if not _NAME_OK.fullmatch(n)]:
            self._loaded[name] = ()  # not a project name: no rule can mention it; don't ask
            todo.remove(name)
        if not todo:
            return
        stale, missing = self._from_cache(self.cache, todo, ttl=self.ttl, offline=self.offline, stats=self.stats)
        if not stale and not missing:
            return
        if self.offline:
            self._degrade({}, missing, "--offline: the network is not used")
            return
        if self.down is None and self.client is not None:
            try:
                self._fetch([*stale, *missing], stale)
                return
            except ServiceUnavailable as exc:
                self.down = exc.reason
        self._degrade(stale, missing, f"the score service {self.url} is unavailable ({self.down})")

    def _fetch(self, names: list[str], stale: dict[str, CacheEntry]) -> None:
        assert self.client is not None
        answers: dict[str, QueryEntry] = {}
        answer: QueryAnswer | None = None
        for start in range(0, len(names), MAX_QUERY_PACKAGES):
            chunk = names[start:start + MAX_QUERY_PACKAGES]
            etags = {n: stale[n].etag for n in chunk if n in stale and stale[n].etag}
            answer = self.client.query(chunk, etags)  # type: ignore[arg-type]
            answers.update(answer.packages)
        now = time.time()
        cache = self.cache
        if cache is not None:
            with cache.locked() as ok:
                for name, got in answers.items():
                    if not ok:
                        break
                    if got.not_modified:
                        cache.touch(stale[name], now)
                    else:
                        cache.put(name, got.etag, got.document or {}, now)
                if ok and answer is not None:
                    cache.put_service_info(answer.revision, answer.rule_count)
        for name, got in answers.items():
            if got.not_modified:
                self._loaded[name] = stale[name].kb.for_package(name)
                self.stats["revalidated"] += 1
            else:
                self._loaded[name] = got.rules
                self.stats["fetched"] += 1
        if answer is not None:
            self.revision = answer.revision or self.revision
            self.rule_count = answer.rule_count if answer.rule_count is not None else self.rule_count

    def _degrade(self, stale: dict[str, CacheEntry], missing: list[str], why: str) -> None:
        """Stale cache, else no scores (pip's order), else the --require-scores error.

        One warning per run and service, at the first degradation: a resolution meets
        packages in many batches, and a warning per batch said the same thing 3-4 times.
        Later packages are treated the same way and counted in ``stats`` and ``degraded``.
        """
        if missing and self.require_scores:
            raise ScoreServiceError(
                f"--require-scores: no scores for {_names(missing)}: {why}, and they are not in the "
                "score cache. Retry when the service is reachable, or lock with a snapshot from "
                "`stackwise scores pull` (--scores FILE)."
            )
        for name, entry in stale.items():
            self._loaded[name] = entry.kb.for_package(name)
        for name in missing:
            self._loaded[name] = ()
        self.stats["stale"] += len(stale)
        self.stats["missing"] += len(missing)
        self.degraded.update(dict.fromkeys(stale, "stale"))
        self.degraded.update(dict.fromkeys(missing, "missing"))
        if self._warned or not (stale or missing):
            return
        self._warned = True
        parts = []
        if stale:
            oldest = max(e.age() for e in stale.values())
            parts.append(f"cached scores {describe_entry_age(oldest)} for {_names(stale)} "
                         f"(older than the {describe_age(self.ttl)} TTL)")
        if missing:
            parts.append(f"pip's order for {_names(missing)} (no cached scores)")
        self.warn(f"{why}: resolving with {' and '.join(parts)}; any other package this run needs "
                  "is treated the same way.")


#: More rules than any service holds: a larger count (or a negative one) is a broken answer,
#: and ``len()`` of the knowledge base would raise on it.
MAX_RULE_COUNT = 1 << 40


def _rule_count(value: Any) -> int | None:
    """A service's reported KB size, if it is a plausible one (else unknown)."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_RULE_COUNT
    return value if ok else None


def _revision(value: Any) -> str | None:
    """A service's KB revision as printed (`cache info`, reports): one line, bounded."""
    if not isinstance(value, str) or not value.strip():
        return None
    return one_line(value if len(value) <= 200 else value[:197] + "...")


def _one_line_warn(warn: Warn) -> Warn:
    """Warnings quote services and cache files: never let them print a control character."""
    return lambda message: warn(one_line(message))


def describe_entry_age(age: float) -> str:
    """'up to 2 h old', or what a fetch time in the future means."""
    if age == float("inf"):
        return "of unknown age (a fetch time in the future)"
    return f"up to {describe_age(age)} old"


def _names(names: Iterable[str]) -> str:
    items = sorted(names)
    shown = ", ".join(items[:8])
    return shown + (f" and {len(items) - 8} more" if len(items) > 8 else "")


class ScoreSources:
    """KnowledgeBase-like view of local score files plus score services, in command-line order.

    ``for_package`` merges the layers like :meth:`KnowledgeBase.merge` (a later rule with
    the same id replaces an earlier one) per package; consecutive local layers are merged
    exactly. ``rules``/``len``/``revision`` describe what is known so far: the local rules,
    the remote rules fetched, and the services' own rule counts.
    """

    def __init__(self, layers: Sequence[KnowledgeBase | RemoteScores | CompiledScoreFile]) -> None:
        merged: list[KnowledgeBase | RemoteScores | CompiledScoreFile] = []
        for layer in layers:
            if isinstance(layer, KnowledgeBase) and merged and isinstance(merged[-1], KnowledgeBase):
                merged[-1] = KnowledgeBase.merge(merged[-1], layer)
            else:
                merged.append(layer)
        self.layers = merged
        # Lazy layers (services, compiled large score files) are asked per package.
        self.remotes = [la for la in merged if not isinstance(la, KnowledgeBase)]
        self._by_name: dict[str, tuple[Rule, ...]] = {}

    def prefetch(self, names: Iterable[str]) -> None:
        """Fetch the rules of ``names`` from every service now, in one round trip each."""
        names = list(names)
        for remote in self.remotes:
            remote.prefetch(names)

    def for_package(self, name: str) -> tuple[Rule, ...]:
        key = canonicalize_name(name)
        hit = self._by_name.get(key)
        if hit is None:
            by_id: dict[str, Rule] = {}
            for layer in self.layers:
                for rule in layer.for_package(key):
                    by_id.pop(rule.id, None)
                    by_id[rule.id] = rule
            hit = tuple(by_id.values())
            self._by_name[key] = hit
        return hit

    def mentioning(self, name: str) -> tuple[Rule, ...]:
        """Every rule naming ``name`` (``explain``): as :meth:`for_package`, with the pair
        rules a lazy layer gives a resolution only once both packages were asked about."""
        key = canonicalize_name(name)
        by_id: dict[str, Rule] = {}
        for layer in self.layers:
            for rule in getattr(layer, "mentioning", layer.for_package)(key):
                by_id.pop(rule.id, None)
                by_id[rule.id] = rule
        return tuple(by_id.values())

    def unknown_versions(self, name: str) -> frozenset[str]:
        """Versions of ``name`` a layer could not answer for ("*": the whole package): unknown
        is not clean (the policy's "unknown" releases, docs/resolution.md#safety-invariants)."""
        out: frozenset[str] = frozenset()
        for layer in self.remotes:
            gaps = getattr(layer, "unknown_versions", None)
            if gaps is not None:
                out |= gaps(name)
        return out

    @property
    def rules(self) -> tuple[Rule, ...]:
        by_id: dict[str, Rule] = {}
        for layer in self.layers:
            found = layer.rules if isinstance(layer, KnowledgeBase) else [
                r for rules in layer.loaded().values() for r in rules]
            for rule in found:
                by_id.pop(rule.id, None)
                by_id[rule.id] = rule
        return tuple(by_id.values())

    @property
    def revision(self) -> str | None:
        parts = [la.revision for la in self.layers if la.revision]
        return "+".join(parts) if parts else None

    def packages(self) -> frozenset[str]:
        names: set[str] = set()
        for layer in self.layers:
            names |= layer.packages() if isinstance(layer, KnowledgeBase) else set(layer.loaded())
        return frozenset(names)

    def __len__(self) -> int:
        local = sum(len(la) for la in self.layers if isinstance(la, KnowledgeBase))
        remote = sum(r.rule_count if r.rule_count is not None else len({x.id for v in r.loaded().values() for x in v})
                     for r in self.remotes)
        return local + remote

    def __bool__(self) -> bool:
        return True  # a service may hold rules for any package; its absence is reported by warnings

    def close(self) -> None:
        for remote in self.remotes:
            if remote.client is not None:
                remote.client.close()


# -- choosing the sources for a command -------------------------------------------------------


def resolve_score_sources(options: ScoreOptions | Any, roots: Iterable[str] = (), *, settings: Any = None,
                          warn: Warn | None = None,
                          shipped: Callable[[], Any] = shipped_sources,
                          index_urls: Sequence[str] = ()) -> KnowledgeBase | ScoreSources:
    """The knowledge base a command resolves with, from its arguments and the settings.

    Sources: ``options.scores`` (files and service URLs, in order) or, when none are given,
    the configured ``scores``; the ``shipped`` knowledge first unless ``--no-default-scores``
    or ``default-scores = false``. ``options`` is a :class:`~stackwise.options.ScoreOptions`
    (an object with some of its attribute names is converted). With files only, the
    result is a plain :class:`KnowledgeBase` (exactly the old behaviour). ``roots`` are
    prefetched from every service in one round trip. Under ``--recommendation security``
    a live-vulnerability layer (:mod:`.vulns`) is added last, asking the JSON API of
    ``--vulnerability-api`` or of the first of ``index_urls`` about packages no local
    advisory snapshot covers.
    """
    from stackwise.config import load_settings

    settings = settings if settings is not None else load_settings()
    warn = warn or stderr_warn()
    options = ScoreOptions.coerce(options)
    sources = list(options.scores or settings.scores)
    defaults = not options.no_default_scores and settings.default_scores
    offline = bool(options.offline or settings.offline)
    require = bool(options.require_scores or settings.require_scores)
    cache_dir = options.cache_dir or settings.cache_dir
    ttl = settings.scores_ttl if options.scores_ttl is None else float(options.scores_ttl)
    if not ttl >= 0:  # NaN too
        raise StackwiseError(f"--scores-ttl must be >= 0 seconds, not {ttl:g}.")

    layers: list[Any] = []
    if defaults:
        got = shipped()
        layers += list(got) if isinstance(got, (list, tuple)) else [got]
    for source in sources:
        if not is_service_url(source):
            layers.append(open_score_file(source, default_cache_root(cache_dir).parent, warn))
            continue
        url = check_service_url(source)
        trust_root = getattr(settings, "trust_root", None)  # `trust_root` / STACKWISE_TRUST_ROOT
        if trust_root:
            layers.append(verified_service_layer(url, trust_root, settings, cache_dir=cache_dir, ttl=ttl,
                                                 offline=offline, require_scores=require, warn=warn))
            continue
        cache = ScoreCache(default_cache_root(cache_dir), url, max_bytes=settings.scores_cache_max_bytes)
        client = None if offline else ScoreServiceClient(
            url, connect_timeout=settings.scores_connect_timeout, read_timeout=settings.scores_timeout,
            retries=settings.scores_retries, deadline=settings.scores_deadline,
            max_bytes=settings.scores_max_bytes, max_rules=settings.scores_max_rules)
        layers.append(RemoteScores(client, cache, url=url, ttl=ttl, offline=offline,
                                   require_scores=require, warn=warn))
    live = _live_vulnerabilities(options, settings, list(layers), index_urls, cache_dir, ttl, offline, warn)
    check = None
    if options.recommendation != "security":
        check, live = live, None  # a MovedAdvisoryCheck (or None): asked by the safety guard only
    if live is not None:
        layers.append(live)  # type: ignore[arg-type]
    kb: KnowledgeBase | ScoreSources
    if all(isinstance(la, KnowledgeBase) for la in layers):
        kb = KnowledgeBase.merge(*layers) if layers else KnowledgeBase()
    else:
        kb = ScoreSources(layers)
        kb.prefetch(roots)
    if check is not None and layers:
        kb.advisory_check = check  # type: ignore[union-attr]  # read by resolve.policy.Policy
    return kb


def verified_service_layer(url: str, trust_root: str, settings: Any, *, cache_dir: Any, ttl: float,
                           offline: bool, require_scores: bool, warn: Warn) -> KnowledgeBase | CompiledScoreFile:
    """A score service with a pinned trust root: its TUF-verified snapshot, never its unsigned answers.

    Why a snapshot rather than verified per-package answers: the service signs one target
    (the whole KB); a run within ``ttl`` of the last verification reads the verified file
    without a socket, and a refresh downloads ``timestamp.json`` (and the rest only when the
    KB changed) - measured in docs/service.md#verified-online-clients. A refused refresh
    (rollback, freeze, mix-and-match, bad signature) or an unreachable service keeps the
    last verified knowledge, with one warning; with none, ``--require-scores`` fails and
    otherwise the service's packages get pip's order.
    """
    from stackwise.knowledge.trust import TrustedSnapshot, TrustError

    root = default_cache_root(cache_dir).parent
    try:
        trusted = TrustedSnapshot(url, trust_root, root, deadline=settings.scores_deadline,
                                  connect_timeout=settings.scores_connect_timeout,
                                  read_timeout=settings.scores_timeout)
    except TrustError as exc:
        raise ScoreServiceError(f"--scores {url}: {exc}") from None
    good = trusted.last_good()
    why = None
    if offline:
        if good is None:
            why = "--offline: the network is not used and no verified snapshot is cached"
        elif good.expired():
            warn(f"--offline: the last verified snapshot of {url} (verified {describe_age(good.age())} ago) is past "
                 "its signed expiry; resolving with it anyway.")
    elif good is None or good.age() >= ttl or good.expired():
        try:
            good = trusted.refresh()
        except TrustError as exc:
            why = str(exc)
    if why is not None:
        if good is None:
            if require_scores:
                raise ScoreServiceError(f"--require-scores: no verified scores from {url}: {why} No verified "
                                        "snapshot is cached; retry when the service is reachable.")
            warn(f"{why} No verified snapshot of {url} is cached: resolving with pip's order for every "
                 "package it would score.")
            return KnowledgeBase()
        warn(f"{why} Resolving with the last verified knowledge of {url} (verified "
             f"{describe_entry_age(good.age()).removeprefix('up to ')}).")
    return open_score_file(good.path, root, warn)


def _live_vulnerabilities(options: ScoreOptions, settings: Any, local: list[Any], index_urls: Sequence[str],
                          cache_dir: Any, ttl: float, offline: bool, warn: Warn) -> Any:
    """The live vulnerability layer, when ``--recommendation security`` asks for one; under any
    other recommendation the check of releases moved off pip's pick (``MovedAdvisoryCheck``),
    built on first use: most locks keep pip's picks and never load it."""
    security = options.recommendation == "security"
    explicit = options.vulnerability_api or getattr(settings, "vulnerability_api", None)

    def build() -> Any:
        from packaging.version import Version

        from stackwise.knowledge.vulns import (
            JsonApiClient,
            LiveVulnerabilities,
            MovedAdvisoryCheck,
            check_api_url,
            json_api_base,
        )

        api = check_api_url(explicit) if explicit else next(
            (b for b in (json_api_base(u) for u in index_urls[:1]) if b), None)
        if api is None:
            if index_urls and security:
                warn(f"no JSON project API known for the index {index_urls[0]} (its URL does not end in /simple); "
                     "resolving without live vulnerability data (give --vulnerability-api URL).")
            return None
        python_text = options.python_version
        python = Version(python_text) if python_text else Version(".".join(map(str, sys.version_info[:3])))
        snapshots = [la for la in local if not isinstance(la, RemoteScores)]

        def covered(name: str) -> bool:
            return any(r.source.startswith("osv:") for la in snapshots for r in la.for_package(name))

        client = None if offline else JsonApiClient(api, connect_timeout=settings.scores_connect_timeout,
                                                    read_timeout=settings.scores_timeout,
                                                    deadline=settings.scores_deadline,
                                                    max_bytes=settings.scores_max_bytes)
        cache = ScoreCache(default_cache_root(cache_dir), api, max_bytes=settings.scores_cache_max_bytes)
        live = LiveVulnerabilities(client, cache, url=api, python=python, ttl=ttl, offline=offline, warn=warn,
                                   covered=covered if security else None, moved_only=not security)
        return live if security else MovedAdvisoryCheck(live)

    if security:
        return build()
    if explicit:  # a bad URL is refused now, not only in the lock where a release happens to move
        from stackwise.knowledge.vulns import check_api_url

        check_api_url(explicit)
    if not explicit and not any(u.startswith(("http://", "https://")) for u in index_urls[:1]):
        return None
    return LazyAdvisoryCheck(build)


class LazyAdvisoryCheck:
    """A ``MovedAdvisoryCheck`` made the first time the safety guard asks (see knowledge.vulns)."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._check: Any = None
        self._built = False

    def _get(self) -> Any:
        if not self._built:
            self._built = True
            self._check = self._build()
        return self._check

    def releases(self, pairs: Any) -> dict[str, tuple[Rule, ...]]:
        check = self._get()
        return {} if check is None else check.releases(pairs)  # type: ignore[no-any-return]

    def package(self, names: Any) -> dict[str, tuple[Rule, ...]]:
        check = self._get()
        return {} if check is None else check.package(names)  # type: ignore[no-any-return]


__all__ = [
    "QueryAnswer",
    "RemoteScores",
    "ScoreServiceClient",
    "ScoreServiceError",
    "ScoreSources",
    "ServiceUnavailable",
    "check_service_url",
    "resolve_score_sources",
    "shipped_knowledge",
    "shipped_sources",
]
