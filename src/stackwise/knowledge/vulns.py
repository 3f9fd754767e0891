"""Live vulnerability data from the index's JSON project API, as ``security`` rules.

Used by ``--recommendation security`` for packages no local advisory snapshot covers. The
JSON API (``<api>/<project>/json`` and ``<api>/<project>/<version>/json``, where ``<api>``
is the index root's ``/pypi``) reports, per *release*, the advisories affecting it: id,
aliases, summary/details, link, ``fixed_in`` and ``withdrawn``. It gives no affected
ranges, so which releases are affected can only be learnt release by release.

Request plan (why): the project document lists the vulnerabilities of its *latest*
release only, plus every release with its files (yanked flag, Requires-Python). A correct
answer for older releases therefore needs one per-version document each - ``fixed_in``
cannot replace them, because an advisory introduced and fixed between two sampled
releases would be missed. So: one project request, then one request per release the
resolver could pick for the target (not yanked, some file whose Requires-Python admits the
target Python; the latest release is answered by the project document itself), all
fetched in parallel, for every package of a prefetch batch at once. The result is cached
per package like score-service answers (TTL, atomic writes, under the stackwise cache
dir), so a warm run makes no request at all.

Degradation is the score service's: unreachable / HTTP errors / garbage ⇒ a warning, the
stale cache where there is one, otherwise no live data (the other rules still apply);
after the first failure the API is not asked again in that run. ``--offline`` reads the
cache only and never opens a socket.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote, urlsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise import __version__
from stackwise._text import one_line
from stackwise.errors import ScoreFileError, StackwiseError
from stackwise.knowledge.cache import CacheEntry, ScoreCache, describe_age
from stackwise.knowledge.layers import LazyLayer
from stackwise.knowledge.osv import DEFAULT_SCORE, _summary
from stackwise.knowledge.scorefile import parse_document

#: Parallel requests to the JSON API (one HTTP connection each, reused).
WORKERS = 16
Warn = Callable[[str], None]


class VulnerabilityApiError(StackwiseError):
    """A ``--vulnerability-api`` URL that cannot be used."""


class ApiUnavailable(Exception):
    """Internal: the API failed in a way degradation handles; ``reason`` is for humans."""

    def __init__(self, reason: str) -> None:
        reason = one_line(reason)  # may quote the API's own words
        super().__init__(reason)
        self.reason = reason


def json_api_base(index_url: str) -> str | None:
    """The JSON API root for a simple index: ``https://host/x/simple/`` -> ``https://host/x/pypi``.

    None when the index is not an http(s) URL ending in ``/simple`` (a local directory, a
    differently laid out private index): then only ``--vulnerability-api`` can say where.
    """
    parts = urlsplit(index_url)
    path = parts.path.rstrip("/")
    if parts.scheme not in ("http", "https") or not parts.hostname or not path.endswith("/simple"):
        return None
    return f"{parts.scheme}://{parts.netloc}{path[: -len('/simple')]}/pypi"


def check_api_url(url: str) -> str:
    """An http(s) URL without query/fragment, without a trailing slash, or a clear error."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise VulnerabilityApiError(
            f"{url}: --vulnerability-api must be the http(s) root of a JSON project API, e.g. "
            "http://127.0.0.1:8080/pypi (projects are read from <URL>/<name>/json)."
        )
    return url.rstrip("/")


class JsonApiClient:
    """GETs JSON documents from the API with timeouts, bounded retries and a pooled session.

    Every document is capped at ``max_bytes``; a batch of documents (one prefetch, run in
    parallel) shares one ``deadline`` (see :meth:`batch`), as a single document does alone.
    """

    def __init__(self, base: str, *, connect_timeout: float = 3.0, read_timeout: float = 10.0,
                 retries: int = 1, deadline: float = 30.0, max_bytes: int = 32 * 1024 * 1024) -> None:
        from stackwise.knowledge._http import limited_session

        self.url = check_api_url(base)
        self.timeout = (connect_timeout, read_timeout)
        self.retries = max(0, retries)
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.session, self._clock = limited_session(f"stackwise/{__version__}", pool_maxsize=WORKERS)
        self.requests_made = 0

    def close(self) -> None:
        self.session.close()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Every request inside shares one deadline of ``deadline`` seconds."""
        self._clock.start(self.deadline)
        try:
            yield
        finally:
            self._clock.stop()

    def document(self, name: str, version: str | None = None) -> dict[str, Any] | None:
        """The project (or release) document; None when the API does not know it (404/410)."""
        from stackwise.knowledge._http import (
            DeadlineExceeded,
            GaveUp,
            TooLarge,
            call,
            describe_size,
        )

        path = f"/{quote(name)}/json" if version is None else f"/{quote(name)}/{quote(version)}/json"

        def counted() -> None:
            self.requests_made += 1

        try:
            resp = call(self.session, self._clock, "GET", self.url + path, seconds=self.deadline,
                        connect_timeout=self.timeout[0], read_timeout=self.timeout[1], max_bytes=self.max_bytes,
                        retries=self.retries, backoff=0.25, on_attempt=counted)
        except DeadlineExceeded:
            raise ApiUnavailable(f"no complete answers within the {self.deadline:g} s deadline "
                                 "(scores-deadline)") from None
        except TooLarge as exc:
            size = describe_size(exc.size) if exc.declared else f"more than {describe_size(self.max_bytes)}"
            raise ApiUnavailable(f"{path} is {size}, over the {describe_size(self.max_bytes)} limit "
                                 "(scores-max-bytes)") from None
        except GaveUp as exc:
            # This API's own words (a public index's error pages are not worth quoting).
            last = {"timeout": "timed out", "connection": "connection failed"}.get(exc.kind, exc.reason)
            if exc.kind == "status":
                last = exc.reason.partition(":")[0]
            raise ApiUnavailable(last + (f" after {exc.attempts} attempts" if exc.attempts > 1 else "")) from None
        if resp.status_code in (404, 410):
            return None
        if resp.status_code != 200:
            raise ApiUnavailable(f"HTTP {resp.status_code} for {path}")
        try:
            data = json.loads(resp.content)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise ApiUnavailable(f"{path} is not JSON (is this a JSON project API?)") from None
        if not isinstance(data, dict) or not isinstance(data.get("info"), dict):
            raise ApiUnavailable(f"{path} is not a JSON project document (no \"info\")")
        return data


def _vulnerabilities(doc: dict[str, Any]) -> list[dict[str, Any]]:
    vulns = doc.get("vulnerabilities")
    if vulns is None:
        return []
    if not isinstance(vulns, list):
        raise ApiUnavailable('"vulnerabilities" is not a list (wrong schema)')
    return [v for v in vulns if isinstance(v, dict) and isinstance(v.get("id"), str) and v["id"]]


def candidate_versions(doc: dict[str, Any], python: Version) -> list[Version]:
    """Releases the resolver could pick for a target Python, newest first.

    Yanked releases (every file yanked) and releases whose every file's Requires-Python
    excludes the target are left out: they never become candidates, so asking about them
    would only cost requests. Releases without files are left out too.
    """
    releases = doc.get("releases")
    if not isinstance(releases, dict):
        raise ApiUnavailable('"releases" is not an object (wrong schema)')
    out: list[Version] = []
    for text, files in releases.items():
        try:
            version = Version(str(text))
        except ValueError:  # InvalidVersion, or a number of more digits than int() converts
            continue
        if not isinstance(files, list):
            continue
        usable = False
        for f in files:
            if not isinstance(f, dict) or f.get("yanked") is True:
                continue
            rp = f.get("requires_python")
            try:  # not a string (wrong schema) counts as absent, like an invalid one
                if isinstance(rp, str) and rp and not SpecifierSet(rp).contains(python, prereleases=True):
                    continue
            except InvalidSpecifier:
                pass  # pip ignores an invalid Requires-Python
            usable = True
            break
        if usable:
            out.append(version)
    return sorted(set(out), reverse=True)


def rules_document(name: str, per_version: dict[Version, list[dict[str, Any]]], api: str) -> dict[str, Any]:
    """A score document of ``security`` rules from per-release vulnerability lists.

    Each advisory becomes one rule per run of consecutive affected releases (in the list
    of releases asked about), vetoed under ``security`` when a fixed release is known;
    withdrawn advisories are ignored.
    """
    ordered = sorted(per_version)
    affected: dict[str, list[int]] = {}
    records: dict[str, dict[str, Any]] = {}
    for pos, version in enumerate(ordered):
        for vuln in per_version[version]:
            if vuln.get("withdrawn"):
                continue
            vid = vuln["id"]
            records.setdefault(vid, vuln)
            affected.setdefault(vid, []).append(pos)
    rules: list[dict[str, Any]] = []
    for vid in sorted(affected):
        vuln = records[vid]
        aliases = [a for a in _strings(vuln.get("aliases")) if a != vid]
        head = f"{vid} ({_listed(aliases)})" if aliases else vid
        fixed = _strings(vuln.get("fixed_in"))
        link = vuln.get("link")
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            link = f"{api}/{name}/json"
        tail = f" Fixed in {_listed(fixed)}." if fixed else " No fixed release is known."
        runs: list[tuple[int, int]] = []
        for pos in sorted(set(affected[vid])):
            if runs and runs[-1][1] == pos - 1:
                runs[-1] = (runs[-1][0], pos)
            else:
                runs.append((pos, pos))
        for lo, hi in runs:
            spec = f"=={ordered[lo]}" if lo == hi else f">={ordered[lo]},<={ordered[hi]}"
            rule: dict[str, Any] = {"id": f"live-vuln:{vid}:{name}:{spec}", "package": name,
                                    "specifier": spec, "score": DEFAULT_SCORE}
            if fixed:
                rule["veto"] = ["security"]
            summary = _summary(vuln)
            summary += "" if summary.endswith((".", "!", "?", "…")) else "."
            rule.update(category="security", message=f"{head}: {summary}{tail}", link=link,
                        source=f"index JSON API {api} ({vid})")
            rules.append(rule)
    return {"format": "stackwise-scores", "version": 1, "rules": rules}


class LiveVulnerabilities(LazyLayer):
    """A lazily-fetching knowledge layer (like :class:`~stackwise.knowledge.service.RemoteScores`).

    Data that could not be had is *unknown*, never "clean": a project the API does not know,
    or releases it has no document for, are remembered as unknown (in the cache entry too),
    every run that uses them says so, and :meth:`unknown_versions` tells the policy.
    One warning per run: the first thing worth saying is said, later ones are counted.
    """

    def __init__(self, client: JsonApiClient | None, cache: ScoreCache | None, *, url: str, python: Version,
                 ttl: float = 3600.0, offline: bool = False, warn: Warn | None = None,
                 covered: Callable[[str], bool] | None = None, moved_only: bool = False) -> None:
        from stackwise.knowledge.service import stderr_warn

        self.url = url
        self.client = client
        self.cache = cache
        self.python = python
        self.ttl = ttl
        self.offline = offline
        self._warn = warn or stderr_warn()
        self._warned = False
        self.covered = covered or (lambda name: False)
        #: Asked only about packages a score moved off pip's pick (outside ``security``, see
        #: :class:`MovedAdvisoryCheck`): a project the API does not know, or ``--offline``
        #: without cached data, is not worth a warning there (nothing is claimed clean).
        self.moved_only = moved_only
        self.down: str | None = None
        self.release_documents: bool | None = None  # None until probed: does the API serve them?
        self.unknown: dict[str, frozenset[str]] = {}  # name -> versions without data ("*": all)
        super().__init__()
        self.stats = {"requests": 0, "fresh": 0, "fetched": 0, "stale": 0, "missing": 0, "covered": 0, "seconds": 0.0}

    def warn(self, message: str) -> None:
        """The run's one warning about live vulnerability data (later ones are only counted)."""
        self.stats["warnings"] = self.stats.get("warnings", 0) + 1
        if not self._warned:
            self._warned = True
            if self.moved_only:
                message = ("checking the packages the knowledge base moved off pip's pick for known advisories: "
                           + message)
            self._warn(one_line(message))

    def unknown_versions(self, name: str) -> frozenset[str]:
        """Versions of ``name`` whose vulnerabilities are unknown ("*" for every version)."""
        self.for_package(name)
        return self.unknown.get(canonicalize_name(name), frozenset())

    def prefetch(self, names: Iterable[str]) -> None:
        """Make the live rules of ``names`` available: cache first, then one parallel fetch."""
        todo = self._unknown(names)
        for name in list(todo):
            if name.startswith("<") or self.covered(name):
                self._loaded[name] = ()  # a local advisory snapshot speaks for it
                self.stats["covered"] += not name.startswith("<")
                todo.remove(name)
        if not todo:
            return
        cache = self.cache
        if cache is not None:
            # Cached unknowns are said again in every run that uses them.
            entries = {n: e for n in todo if (e := cache.get(n)) is not None}
            got = {n: e for n, e in entries.items() if self.offline or e.age() < self.ttl}
            self._note_unknown({n: frozenset(e.unknown) for n, e in got.items() if e.unknown}, cached=True)
        stale, missing = self._from_cache(cache, todo, ttl=self.ttl, offline=self.offline, stats=self.stats)
        if not stale and not missing:
            return
        if self.offline or self.client is None:
            if self.moved_only:  # nothing claimed clean; the user chose no network
                self._degrade(stale, missing, "", quiet=True)
                return
            self._degrade({}, missing, "--offline: the network is not used")
            return
        if self.down is None:
            try:
                self._fetch([*stale, *missing])
                return
            except ApiUnavailable as exc:
                self.down = exc.reason
        self._degrade(stale, missing, f"the vulnerability API {self.url} is unavailable ({self.down})")

    def _note_unknown(self, unknown: dict[str, frozenset[str]], *, cached: bool = False) -> None:
        if not unknown:
            return
        for name, versions in unknown.items():
            self.unknown[name] = self.unknown.get(name, frozenset()) | versions
        whole = sorted(n for n, v in unknown.items() if "*" in v)
        some = sorted((n, sorted(v - {"*"})) for n, v in unknown.items() if "*" not in v)
        when = " (cached from an earlier run)" if cached else ""
        self.stats["unknown"] = self.stats.get("unknown", 0) + len(unknown)
        if self.release_documents is False and some and not cached:
            self.warn(f"the vulnerability API {self.url} serves no per-release documents (HTTP 404): "
                      "only the newest release of each package is checked for vulnerabilities; older "
                      "releases count as unknown, not as clean.")
            return
        parts = []
        if some:
            total = sum(len(v) for _, v in some)
            example = f"{some[0][0]} {some[0][1][0]}"
            parts.append(f"the vulnerability API {self.url} has no document for {total} release(s) its projects "
                         f"list (e.g. {example}): their vulnerabilities are unknown, so only the releases it "
                         "answered for are checked")
        if whole and not self.moved_only:
            parts.append(f"the vulnerability API {self.url} does not know {_shown(whole)}: their "
                         "vulnerabilities are unknown, not clean")
        if parts:
            self.warn("; ".join(parts) + when + ".")

    def _fetch(self, names: list[str]) -> None:
        assert self.client is not None
        client = self.client
        started = time.perf_counter()
        before = client.requests_made
        unknown: dict[str, set[str]] = {}
        try:
            with client.batch(), ThreadPoolExecutor(max_workers=WORKERS) as pool:
                projects = dict(zip(names, pool.map(client.document, names), strict=True))
                jobs: list[tuple[str, Version]] = []
                per: dict[str, dict[Version, list[dict[str, Any]]]] = {}
                for name, doc in projects.items():
                    per[name] = {}
                    if doc is None:
                        unknown.setdefault(name, set()).add("*")  # unknown to the API: not clean
                        continue
                    versions = candidate_versions(doc, self.python)
                    latest = _version_or_none(doc["info"].get("version"))
                    for version in versions:
                        if version == latest:
                            per[name][version] = _vulnerabilities(doc)
                        else:
                            jobs.append((name, version))
                if jobs and self.release_documents is None:
                    # Probe once per run: an API (or mirror) serving project documents only
                    # would otherwise cost one useless request per release.
                    probe = client.document(jobs[0][0], str(jobs[0][1]))
                    self.release_documents = probe is not None
                    if probe is not None:
                        per[jobs[0][0]][jobs[0][1]] = _vulnerabilities(probe)
                        jobs = jobs[1:]
                if self.release_documents is False:
                    for name, version in jobs:
                        unknown.setdefault(name, set()).add(str(version))
                    jobs = []
                docs = pool.map(lambda job: client.document(job[0], str(job[1])), jobs)
                for (name, version), doc in zip(jobs, docs, strict=True):
                    if doc is None:  # listed by the project, unknown to the API: nothing learnt
                        unknown.setdefault(name, set()).add(str(version))
                    else:
                        per[name][version] = _vulnerabilities(doc)
        finally:
            self.stats["requests"] += client.requests_made - before
            self.stats["seconds"] += time.perf_counter() - started
        if unknown:
            self.stats["unanswered"] = self.stats.get("unanswered", 0) + sum(len(v) for v in unknown.values())
            self._note_unknown({n: frozenset(v) for n, v in unknown.items()})
        documents = {}
        for name in names:
            document = rules_document(name, per[name], self.url)
            try:
                kb = parse_document(document, f"{self.url} (package {name})")
            except ScoreFileError as exc:  # e.g. a non-PEP 440 fixed_in made a bad specifier
                raise ApiUnavailable(f"unusable data for {name} ({str(exc).splitlines()[-1]})") from None
            documents[name] = document
            self._loaded[name] = kb.for_package(name)
            self.stats["fetched"] += 1
        if self.cache is not None:
            now = time.time()
            with self.cache.locked() as ok:
                if ok:
                    for name, document in documents.items():
                        self.cache.put(name, None, document, now, tuple(sorted(unknown.get(name, ()))))
                    self.cache.put_service_info(None, None)

    def _degrade(self, stale: dict[str, CacheEntry], missing: list[str], why: str, *, quiet: bool = False) -> None:
        """Stale cache where there is one, else no live data; never cached, said once per run."""
        for name, entry in stale.items():
            self._loaded[name] = entry.kb.for_package(name)
            if entry.unknown:
                self.unknown[name] = self.unknown.get(name, frozenset()) | frozenset(entry.unknown)
        for name in missing:
            self._loaded[name] = ()
            self.unknown[name] = frozenset({"*"})
        self.stats["stale"] += len(stale)
        self.stats["missing"] += len(missing)
        parts = []
        if stale:
            oldest = max(e.age() for e in stale.values())
            age = "of unknown age" if oldest == float("inf") else f"up to {describe_age(oldest)} old"
            parts.append(f"using cached vulnerability data {age} for {_shown(stale)}")
        if missing:
            parts.append(f"no live vulnerability data for {_shown(missing)} (unknown, not clean; not cached)")
        if parts and not quiet:
            self.warn(f"{why}: {'; '.join(parts)}.")



class MovedAdvisoryCheck:
    """Known advisories of the releases the knowledge base moved a package to, outside ``security``.

    Why: "no score makes a stack less safe than pip's" (resolve/safety.py) needs to know
    whether our pick of a package has an advisory that pip's pick lacks, and outside
    ``security`` no advisory data is loaded - a learned veto could move a package onto a
    vulnerable release unseen. Only the moved releases are asked about (one per-release
    document each, cached like the live layer's answers), so a lock that keeps pip's picks
    makes no request; the whole package (:meth:`package`) is asked about only when a moved
    release turns out to have an advisory and the guard must find a clean one. A release
    the API has no document for is unknown and not claimed clean, but not warned about: a
    lock outside ``security`` never promised advisory coverage.
    """

    def __init__(self, live: LiveVulnerabilities) -> None:
        self.live = live
        self.stats = {"releases": 0, "requests": 0, "cached": 0, "unknown": 0}

    @property
    def url(self) -> str:
        return self.live.url

    def releases(self, pairs: Iterable[tuple[str, Version]]) -> dict[str, tuple[Any, ...]]:
        """The advisory rules of each ``(name, version)`` (by name), from the cache or one parallel fetch."""
        live, cache = self.live, self.live.cache
        out: dict[str, list[Any]] = {}
        todo: list[tuple[str, Version, str]] = []
        now = time.time()
        for name, version in dict.fromkeys((canonicalize_name(n), v) for n, v in pairs):
            key = f"{name}@{version}"
            self.stats["releases"] += 1
            entry = cache.get(key) if cache is not None else None
            if entry is not None and (live.offline or entry.age(now) < live.ttl):
                self.stats["cached"] += 1
                self.stats["unknown"] += bool(entry.unknown)
                out.setdefault(name, []).extend(entry.kb.for_package(name))
            else:
                todo.append((name, version, key))
        client = live.client
        if todo and client is not None and not live.offline and live.down is None:
            before = client.requests_made
            try:
                with client.batch(), ThreadPoolExecutor(max_workers=WORKERS) as pool:
                    docs = list(pool.map(lambda job: client.document(job[0], str(job[1])), todo))
                documents: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {}
                for (name, version, key), doc in zip(todo, docs, strict=True):
                    vulns = [] if doc is None else _vulnerabilities(doc)
                    document = rules_document(name, {version: vulns}, live.url)
                    try:
                        kb = parse_document(document, f"{live.url} (package {name} {version})")
                    except ScoreFileError:
                        continue  # unusable data (a bad fixed_in): unknown, as no answer
                    documents[key] = (document, () if doc is not None else ("*",))
                    self.stats["unknown"] += doc is None
                    out.setdefault(name, []).extend(kb.for_package(name))
            except ApiUnavailable as exc:
                live.down = exc.reason
                live.warn(f"the vulnerability API {live.url} is unavailable ({exc.reason}); "
                          f"{_shown(f'{n} {v}' for n, v, _ in todo)} not checked.")
                documents = {}
            finally:
                self.stats["requests"] += client.requests_made - before
            if cache is not None and documents:
                with cache.locked() as ok:
                    if ok:
                        for key, (document, unknown) in documents.items():
                            cache.put(key, None, document, now, unknown)
                        cache.put_service_info(None, None)
        return {n: tuple(rules) for n, rules in out.items()}

    def package(self, names: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """Every candidate release's advisory rules for ``names`` (the live layer's full answer)."""
        keys = [canonicalize_name(n) for n in names]
        self.live.prefetch(keys)
        return {n: self.live.for_package(n) for n in keys}


def _shown(names: Iterable[str]) -> str:
    items = sorted(names)
    return ", ".join(items[:8]) + (f" and {len(items) - 8} more" if len(items) > 8 else "")


def _strings(value: Any) -> list[str]:
    """The non-empty strings of a JSON list; anything else (a wrong schema) is no list at all."""
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def _listed(items: list[str], limit: int = 8) -> str:
    """``a, b, c`` - at most ``limit`` of them and 100 characters each: a rule's message is one line."""
    shown = [i if len(i) <= 100 else i[:99] + "…" for i in items[:limit]]
    return ", ".join(shown) + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _version_or_none(text: Any) -> Version | None:
    try:
        return Version(str(text))
    except ValueError:  # InvalidVersion, or a number of more digits than int() converts
        return None


__all__ = [
    "JsonApiClient",
    "LiveVulnerabilities",
    "MovedAdvisoryCheck",
    "VulnerabilityApiError",
    "candidate_versions",
    "json_api_base",
    "rules_document",
]
