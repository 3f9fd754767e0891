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

import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote, urlsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from stackwise import __version__
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
    """GETs JSON documents from the API with timeouts, bounded retries and a pooled session."""

    def __init__(self, base: str, *, connect_timeout: float = 3.0, read_timeout: float = 10.0,
                 retries: int = 1) -> None:
        import requests
        from requests.adapters import HTTPAdapter

        self.url = check_api_url(base)
        self.timeout = (connect_timeout, read_timeout)
        self.retries = max(0, retries)
        self._requests = requests
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=WORKERS)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = f"stackwise/{__version__}"
        self.session.headers["Accept"] = "application/json"
        self.requests_made = 0

    def close(self) -> None:
        self.session.close()

    def document(self, name: str, version: str | None = None) -> dict[str, Any] | None:
        """The project (or release) document; None when the API does not know it (404/410)."""
        path = f"/{quote(name)}/json" if version is None else f"/{quote(name)}/{quote(version)}/json"
        requests = self._requests
        last = "no attempt"
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(0.25 * attempt)
            self.requests_made += 1
            try:
                resp = self.session.get(self.url + path, timeout=self.timeout)
                body = resp.content
            except requests.exceptions.Timeout:
                last = "timed out"
                continue
            except requests.exceptions.ConnectionError:
                last = "connection failed"
                continue
            except requests.exceptions.RequestException as exc:
                last = f"broken response ({type(exc).__name__})"
                continue
            if resp.status_code in (404, 410):
                return None
            if resp.status_code >= 500 or resp.status_code == 429:
                last = f"HTTP {resp.status_code}"
                continue
            if resp.status_code != 200:
                raise ApiUnavailable(f"HTTP {resp.status_code} for {path}")
            try:
                data = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                raise ApiUnavailable(f"{path} is not JSON (is this a JSON project API?)") from None
            if not isinstance(data, dict) or not isinstance(data.get("info"), dict):
                raise ApiUnavailable(f"{path} is not a JSON project document (no \"info\")")
            return data
        raise ApiUnavailable(last + (f" after {self.retries + 1} attempts" if self.retries else ""))


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
        except InvalidVersion:
            continue
        if not isinstance(files, list):
            continue
        usable = False
        for f in files:
            if not isinstance(f, dict) or f.get("yanked") is True:
                continue
            rp = f.get("requires_python")
            try:
                if rp and not SpecifierSet(rp).contains(python, prereleases=True):
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
        aliases = [a for a in vuln.get("aliases") or [] if isinstance(a, str) and a != vid]
        head = f"{vid} ({', '.join(aliases)})" if aliases else vid
        fixed = [str(f) for f in vuln.get("fixed_in") or [] if isinstance(f, str) and f]
        link = vuln.get("link")
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            link = f"{api}/{name}/json"
        tail = f" Fixed in {', '.join(fixed)}." if fixed else " No fixed release is known."
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
    """A lazily-fetching knowledge layer (like :class:`~stackwise.knowledge.service.RemoteScores`)."""

    def __init__(self, client: JsonApiClient | None, cache: ScoreCache | None, *, url: str, python: Version,
                 ttl: float = 3600.0, offline: bool = False, warn: Warn | None = None,
                 covered: Callable[[str], bool] | None = None) -> None:
        from stackwise.knowledge.service import stderr_warn

        self.url = url
        self.client = client
        self.cache = cache
        self.python = python
        self.ttl = ttl
        self.offline = offline
        self.warn = warn or stderr_warn()
        self.covered = covered or (lambda name: False)
        self.down: str | None = None
        self.release_documents: bool | None = None  # None until probed: does the API serve them?
        super().__init__()
        self.stats = {"requests": 0, "fresh": 0, "fetched": 0, "stale": 0, "missing": 0, "covered": 0, "seconds": 0.0}

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
        stale, missing = self._from_cache(self.cache, todo, ttl=self.ttl, offline=self.offline, stats=self.stats)
        if not stale and not missing:
            return
        if self.offline or self.client is None:
            self._degrade({}, missing, "--offline: the network is not used")
            return
        if self.down is None:
            try:
                self._fetch([*stale, *missing])
                return
            except ApiUnavailable as exc:
                self.down = exc.reason
                self.warn(f"the vulnerability API {self.url} is unavailable ({exc.reason}); "
                          "resolving without live vulnerability data where none is cached.")
        self._degrade(stale, missing, f"the vulnerability API is unavailable ({self.down})")

    def _fetch(self, names: list[str]) -> None:
        assert self.client is not None
        client = self.client
        started = time.perf_counter()
        before = client.requests_made
        try:
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                projects = dict(zip(names, pool.map(client.document, names), strict=True))
                jobs: list[tuple[str, Version]] = []
                per: dict[str, dict[Version, list[dict[str, Any]]]] = {}
                for name, doc in projects.items():
                    per[name] = {}
                    if doc is None:
                        continue  # unknown to the API (e.g. a private package): nothing known
                    versions = candidate_versions(doc, self.python)
                    latest = _version_or_none(doc["info"].get("version"))
                    for version in versions:
                        if version == latest:
                            per[name][version] = _vulnerabilities(doc)
                        else:
                            jobs.append((name, version))
                unanswered: list[str] = []
                if jobs and self.release_documents is None:
                    # Probe once per run: an API (or mirror) serving project documents only
                    # would otherwise cost one useless request per release.
                    probe = client.document(jobs[0][0], str(jobs[0][1]))
                    self.release_documents = probe is not None
                    if probe is not None:
                        per[jobs[0][0]][jobs[0][1]] = _vulnerabilities(probe)
                        jobs = jobs[1:]
                if self.release_documents is False:
                    unanswered = [f"{n} {v}" for n, v in jobs]
                    jobs = []
                docs = pool.map(lambda job: client.document(job[0], str(job[1])), jobs)
                for (name, version), doc in zip(jobs, docs, strict=True):
                    if doc is None:  # listed by the project, unknown to the API: nothing learnt
                        unanswered.append(f"{name} {version}")
                    else:
                        per[name][version] = _vulnerabilities(doc)
        finally:
            self.stats["requests"] += client.requests_made - before
            self.stats["seconds"] += time.perf_counter() - started
        if unanswered:
            self.stats["unanswered"] = self.stats.get("unanswered", 0) + len(unanswered)
            if self.release_documents is False:
                self.warn(f"the vulnerability API {self.url} serves no per-release documents (HTTP 404): "
                          "only the newest release of each package is checked for vulnerabilities; older "
                          "releases count as unknown.")
            else:
                self.warn(f"the vulnerability API {self.url} has no document for {len(unanswered)} release(s) its "
                          f"projects list (e.g. {unanswered[0]}): their vulnerabilities are unknown, so only "
                          "the releases it answered for are checked.")
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
                        self.cache.put(name, None, document, now)
                    self.cache.put_service_info(None, None)

    def _degrade(self, stale: dict[str, CacheEntry], missing: list[str], why: str) -> None:
        if stale:
            oldest = max(e.age() for e in stale.values())
            for name, entry in stale.items():
                self._loaded[name] = entry.kb.for_package(name)
            self.stats["stale"] += len(stale)
            self.warn(f"using cached vulnerability data up to {describe_age(oldest)} old for "
                      f"{', '.join(sorted(stale))} ({why}).")
        if missing:
            for name in missing:
                self._loaded[name] = ()
            self.stats["missing"] += len(missing)
            shown = ", ".join(sorted(missing)[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
            self.warn(f"no live vulnerability data for {shown} ({why}; not cached).")


def _version_or_none(text: Any) -> Version | None:
    try:
        return Version(str(text))
    except InvalidVersion:
        return None


__all__ = [
    "JsonApiClient",
    "LiveVulnerabilities",
    "VulnerabilityApiError",
    "candidate_versions",
    "json_api_base",
    "rules_document",
]
