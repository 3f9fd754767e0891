"""Live vulnerability data from a JSON project API: real HTTP on 127.0.0.1, real locks.

The fixture index serves the simple API under ``/simple/`` and, from the same server, JSON
project documents under ``/pypi/<name>/json`` and ``/pypi/<name>/<version>/json`` (the
layout stackwise derives from the index URL). ``lib 1.2`` (newest) has a fixed advisory,
``lib 1.1`` only a withdrawn one, ``lib 1.0`` an advisory without a fix.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from packaging.version import Version

from stackwise.cli import main
from stackwise.knowledge.vulns import candidate_versions, json_api_base, rules_document
from support import IndexServer
from support.indexserver import Request, _Handler

GRAPH = {"app": {"1.0": ["lib>=1.0"]}, "lib": {"1.0": [], "1.1": [], "1.2": []}}

FIXED = {"id": "PYSEC-0000-1", "aliases": ["CVE-0000-1"], "summary": "Remote code execution in lib",
         "details": "", "link": "https://example.org/advisories/PYSEC-0000-1", "fixed_in": ["1.3"],
         "withdrawn": None, "source": "osv"}
WITHDRAWN = {"id": "PYSEC-0000-2", "aliases": [], "summary": "Not a real problem", "details": "",
             "link": "https://example.org/advisories/PYSEC-0000-2", "fixed_in": ["1.2"],
             "withdrawn": "2024-01-01T00:00:00Z", "source": "osv"}
UNFIXED = {"id": "GHSA-xxxx-yyyy-zzzz", "aliases": [], "summary": "",
           "details": "Old parser crashes. More text.", "link": "https://example.org/advisories/GHSA",
           "fixed_in": [], "withdrawn": None, "source": "ghsa"}
VULNS = {"lib": {"1.2": [FIXED], "1.1": [WITHDRAWN], "1.0": [UNFIXED]}, "app": {"1.0": []}}


def _doc(name: str, version: str | None) -> dict:
    versions = GRAPH[name]
    latest = max(versions, key=Version)
    shown = version or latest
    files = lambda v: [{"filename": f"{name}-{v}-py3-none-any.whl", "yanked": False,  # noqa: E731
                        "requires_python": None, "packagetype": "bdist_wheel"}]
    doc = {"info": {"name": name, "version": shown}, "last_serial": 1, "urls": files(shown),
           "vulnerabilities": VULNS[name][shown]}
    if version is None:
        doc["releases"] = {v: files(v) for v in versions}
    return doc


class VulnIndexServer(IndexServer):
    """The fixture index plus JSON project documents under /pypi/; ``api_fault`` breaks them."""

    api_fault: str | None = None

    def start(self) -> VulnIndexServer:
        server = self

        class Handler(_Handler):
            index = server

            def _handle(self, *, head: bool) -> None:
                path = unquote(urlsplit(self.path).path)
                if not path.startswith("/pypi/"):
                    return super()._handle(head=head)
                rec = Request(self.command, path, dict(self.headers.items()))
                server.requests.append(rec)
                parts = path.strip("/").split("/")
                if server.api_fault == "garbage":
                    return self._send(rec, 200, b"<html>not json</html>", "text/html", head=head)
                if server.api_fault == "500":
                    return self._send(rec, 500, b"oops", "text/plain", head=head)
                name = parts[1] if len(parts) >= 3 else ""
                version = parts[2] if len(parts) == 4 else None
                if version is not None and (server.api_fault == "no-release-docs"
                                            or (server.api_fault == "no-1.0-doc" and version == "1.0")):
                    return self._send(rec, 404, b"", "text/plain", head=head)
                if server.api_fault == "no-app" and name == "app":
                    return self._send(rec, 404, b"Not Found", "text/plain", head=head)
                if parts[-1] != "json" or name not in GRAPH or (version and version not in GRAPH[name]):
                    return self._send(rec, 404, b"Not Found", "text/plain", head=head)
                body = json.dumps(_doc(name, version)).encode()
                return self._send(rec, 200, body, "application/json", head=head)

        import threading
        from http.server import ThreadingHTTPServer

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/simple"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self


@pytest.fixture
def server(tmp_path_factory):
    from support import make_index

    files = make_index(tmp_path_factory.mktemp("files"), GRAPH)
    srv = VulnIndexServer(files).start()
    yield srv
    srv.stop()


def api_requests(srv: IndexServer) -> list[str]:
    return [p for p in srv.requests_log if p.startswith("/pypi/")]


def lock(tmp_path: Path, srv: IndexServer, *args: str) -> tuple[int, dict[str, str]]:
    out = tmp_path / "lock.txt"
    code = main(["lock", "app", "--no-default-scores", "--no-hashes", "--index-url", srv.url + "/", "--isolated",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out), *args])
    pins = {}
    if out.exists():
        for line in out.read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                n, _, v = line.partition("==")
                pins[n.strip()] = v.split()[0]
    return code, pins


def test_json_api_base_is_derived_from_the_index_url():
    assert json_api_base("http://127.0.0.1:8080/simple/") == "http://127.0.0.1:8080/pypi"
    assert json_api_base("https://mirror.example/repo/simple") == "https://mirror.example/repo/pypi"
    assert json_api_base("https://mirror.example/repo/") is None
    assert json_api_base("/some/local/dir") is None


def test_security_lock_avoids_the_vulnerable_release(tmp_path, server, capsys):
    code, pins = lock(tmp_path, server, "--recommendation", "security", "--report", str(tmp_path / "r.json"))
    assert code == 0
    # 1.2 vetoed (fixed advisory); 1.1's only advisory is withdrawn, so 1.1 is chosen.
    assert pins == {"app": "1.0", "lib": "1.1"}
    err = capsys.readouterr().err
    assert "lib 1.1 (pip: 1.2) — security: PYSEC-0000-1 (CVE-0000-1): Remote code execution in lib" in err
    report = json.loads((tmp_path / "r.json").read_text())
    decision = next(d for d in report["decisions"] if d["name"] == "lib")
    assert decision["rules"] == ["live-vuln:PYSEC-0000-1:lib:==1.2"]
    # One project document per package, one per non-latest release: app 1, lib 1 + 2.
    assert sorted(api_requests(server)) == sorted(
        ["/pypi/app/json", "/pypi/lib/json", "/pypi/lib/1.1/json", "/pypi/lib/1.0/json"])

    # Warm cache: the same lock makes no API request at all.
    server.clear_log()
    code, pins = lock(tmp_path, server, "--recommendation", "security")
    assert code == 0 and pins["lib"] == "1.1"
    assert api_requests(server) == []


def test_stable_recommendation_makes_no_live_requests(tmp_path, server):
    code, pins = lock(tmp_path, server, "--recommendation", "stable")
    assert code == 0 and pins["lib"] == "1.2"
    assert api_requests(server) == []


def test_offline_never_asks_the_api(tmp_path, server, capsys):
    # Fill the index cache only (stable makes no API request), then lock offline in security mode.
    assert lock(tmp_path, server, "--recommendation", "stable")[0] == 0
    server.clear_log()
    code, pins = lock(tmp_path, server, "--recommendation", "security", "--offline")
    assert code == 0 and pins["lib"] == "1.2"  # nothing known offline: pip's order
    assert server.requests_log == []
    err = capsys.readouterr().err
    assert ("--offline: the network is not used: no live vulnerability data for app (unknown, not clean; "
            "not cached)") in err
    assert err.count("warning:") == 1  # lib, met later in the run, is not a second warning


@pytest.mark.parametrize("fault", ["500", "garbage"])
def test_broken_api_warns_and_falls_back_to_pips_order(tmp_path, server, capsys, fault):
    server.api_fault = fault
    code, pins = lock(tmp_path, server, "--recommendation", "security")
    assert code == 0 and pins == {"app": "1.0", "lib": "1.2"}
    err = capsys.readouterr().err
    assert "warning: the vulnerability API http://127.0.0.1:" in err and "is unavailable" in err
    assert "Traceback" not in err
    # After the first failure the API is not asked again in that run.
    # Only app's project document was asked (a 5xx once more), never lib's.
    assert api_requests(server) == ["/pypi/app/json"] * (2 if fault == "500" else 1)


def test_missing_release_documents_are_reported_not_taken_as_clean(tmp_path, server, capsys):
    server.api_fault = "no-release-docs"
    code, pins = lock(tmp_path, server, "--recommendation", "security")
    # 1.2's advisory is known, 1.1 and 1.0 are unknown (no document): unknown is not clean, so
    # none of them is preferred for having no advisory - 1.2 is locked and its advisory listed.
    assert code == 0 and pins["lib"] == "1.2"
    err = capsys.readouterr().err
    assert "serves no per-release documents (HTTP 404): only the newest release of each package is checked" in err
    assert "lib 1.2 keeps 1 known advisory (no release your requirements allow is known to avoid it): " \
           "PYSEC-0000-1 (score -0.7, fixed in 1.3)" in err
    # One probe for a release document, then none: app and lib project documents + 1.
    assert sorted(api_requests(server)) == ["/pypi/app/json", "/pypi/lib/1.1/json", "/pypi/lib/json"]


def test_a_single_missing_release_document_is_reported(tmp_path, server, capsys):
    server.api_fault = "no-1.0-doc"
    code, pins = lock(tmp_path, server, "--recommendation", "security")
    assert code == 0 and pins["lib"] == "1.1"
    err = capsys.readouterr().err
    assert "has no document for 1 release(s) its projects list (e.g. lib 1.0): their vulnerabilities are unknown" in err


def test_unknown_releases_are_cached_as_unknown_and_said_again_every_run(tmp_path, server, capsys):
    server.api_fault = "no-1.0-doc"
    assert lock(tmp_path, server, "--recommendation", "security")[0] == 0
    first = capsys.readouterr().err
    assert "has no document for 1 release(s)" in first and first.count("warning:") == 1
    server.clear_log()
    # Within the TTL: no request at all, and the run still says lib 1.0 is unknown (not "clean").
    code, pins = lock(tmp_path, server, "--recommendation", "security")
    assert code == 0 and pins["lib"] == "1.1" and api_requests(server) == []
    again = capsys.readouterr().err
    assert "(e.g. lib 1.0): their vulnerabilities are unknown" in again and "(cached from an earlier run)" in again
    assert again.count("warning:") == 1


def test_a_project_the_api_does_not_know_is_unknown_every_run(tmp_path, server, capsys):
    server.api_fault = "no-app"
    for _ in range(2):
        assert lock(tmp_path, server, "--recommendation", "security")[0] == 0
        err = capsys.readouterr().err
        assert "does not know app: their vulnerabilities are unknown, not clean" in err, err
        assert err.count("warning:") == 1


def test_server_down_warns_and_falls_back(tmp_path, server, capsys):
    code, pins = lock(tmp_path, server, "--recommendation", "security",
                      "--vulnerability-api", "http://127.0.0.1:9/pypi")
    assert code == 0 and pins["lib"] == "1.2"
    err = capsys.readouterr().err
    assert "the vulnerability API http://127.0.0.1:9/pypi is unavailable (connection failed" in err
    assert api_requests(server) == []


def test_override_and_bad_override(tmp_path, server, capsys):
    code, pins = lock(tmp_path, server, "--recommendation", "security",
                      "--vulnerability-api", server.root + "/pypi/")
    assert code == 0 and pins["lib"] == "1.1"
    code, _ = lock(tmp_path, server, "--recommendation", "security", "--vulnerability-api", "ftp://x/pypi")
    assert code != 0
    err = capsys.readouterr().err
    assert "--vulnerability-api must be the http(s) root of a JSON project API" in err


def test_rules_document_shape():
    per = {Version("1.0"): [UNFIXED], Version("1.1"): [UNFIXED, WITHDRAWN], Version("1.2"): [FIXED]}
    doc = rules_document("lib", per, "http://127.0.0.1:1/pypi")
    by_id = {r["id"]: r for r in doc["rules"]}
    assert set(by_id) == {"live-vuln:GHSA-xxxx-yyyy-zzzz:lib:>=1.0,<=1.1", "live-vuln:PYSEC-0000-1:lib:==1.2"}
    unfixed = by_id["live-vuln:GHSA-xxxx-yyyy-zzzz:lib:>=1.0,<=1.1"]
    assert "veto" not in unfixed and unfixed["score"] < 0  # no fix known: scored, not vetoed
    assert unfixed["message"] == "GHSA-xxxx-yyyy-zzzz: Old parser crashes. No fixed release is known."
    fixed = by_id["live-vuln:PYSEC-0000-1:lib:==1.2"]
    assert fixed["veto"] == ["security"] and fixed["category"] == "security"
    assert fixed["link"] == FIXED["link"]


def test_candidate_versions_skip_yanked_and_requires_python():
    doc = {"releases": {
        "1.0": [{"yanked": False, "requires_python": ">=3.6"}],
        "2.0": [{"yanked": True, "requires_python": None}],
        "3.0": [{"yanked": False, "requires_python": ">=99"}],
        "4.0": [],
        "not-a-version": [{"yanked": False}],
    }}
    assert candidate_versions(doc, Version("3.12.0")) == [Version("1.0")]


def test_timing_of_a_cold_live_fetch(tmp_path, server):
    started = time.perf_counter()
    code, _ = lock(tmp_path, server, "--recommendation", "security")
    elapsed = time.perf_counter() - started
    assert code == 0
    assert len(api_requests(server)) == 4
    assert elapsed < 10


@pytest.mark.network
def test_network_flask_security_lock_has_no_vetoed_pin(tmp_path, capsys):
    """A real resolution against pip's default index; prints request count and timings."""
    from stackwise.index.config import IndexConfig
    from stackwise.knowledge.cache import ScoreCache
    from stackwise.knowledge.vulns import JsonApiClient, LiveVulnerabilities

    index = IndexConfig.from_pip(isolated=True).index_urls[0]
    api = json_api_base(index)
    assert api is not None
    reqs = ["flask<3", "jinja2<3.1"]
    out = tmp_path / "lock.txt"
    started = time.perf_counter()
    code = main(["lock", *reqs, "--recommendation", "security", "--no-hashes", "--isolated",
                 "--cache-dir", str(tmp_path / "c1"), "-o", str(out), "--report", str(tmp_path / "r.json")])
    cold = time.perf_counter() - started
    assert code == 0, capsys.readouterr().err
    report = json.loads((tmp_path / "r.json").read_text())
    pins = {p["name"]: p["version"] for p in report["packages"]}
    for package in report["packages"]:
        assert not [r for r in package["rules"] if r["id"].startswith("live-vuln:") and r.get("veto")], package
    # The same names through the layer alone, to count requests.
    layer = LiveVulnerabilities(JsonApiClient(api), ScoreCache(tmp_path / "c2", api), url=api,
                                python=Version("3.12.0"))
    layer.prefetch(pins)
    rules = sum(len(layer.for_package(n)) for n in pins)
    started = time.perf_counter()
    assert main(["lock", *reqs, "--recommendation", "security", "--no-hashes", "--isolated", "-q",
                 "--cache-dir", str(tmp_path / "c1"), "-o", str(out)]) == 0
    warm = time.perf_counter() - started
    print(f"\nlive-vuln: pins {pins}; lock {cold:.2f}s cold, {warm:.2f}s warm; prefetch of {len(pins)} packages: "
          f"{layer.stats['requests']} requests in {layer.stats['seconds']:.2f}s, {rules} rules, "
          f"{layer.stats.get('unanswered', 0)} release documents missing")
    assert layer.stats["requests"] >= len(pins)


def test_explain_shows_live_rules_under_security(tmp_path, server, capsys):
    args = ["--no-default-scores", "--isolated", "--cache-dir", str(tmp_path / "c"), "-i", server.url]
    assert main(["explain", "lib==1.2", "--recommendation", "security", *args]) == 0
    out = capsys.readouterr().out
    assert "- lib==1.2: veto, security — PYSEC-0000-1 (CVE-0000-1): Remote code execution in lib. Fixed in 1.3." in out
    server.clear_log()
    assert main(["explain", "lib==1.2", "--recommendation", "stable", *args]) == 0
    assert "No rules about lib==1.2" in capsys.readouterr().out
    assert api_requests(server) == []
