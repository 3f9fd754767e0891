"""The service's per-revision view: answers without a database read per request, never stale for long.

Why these tests: most of a GET's and a 200-name query's cost was reading revisions that cannot
change while the KB revision stays the same (docs/benchmarks.md, score service). The service
now reuses the KB revision it read for :data:`REVISION_RECHECK` seconds and keeps every
answered name's ETag and document for that revision. What must hold: far fewer reads than
requests; a write by this process seen at once; a write by another process (here: a second
storage whose write counter is hidden, as another process's would be) seen within the recheck
time; and one revision per answer. Real SQLite and a real server on 127.0.0.1.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import requests

from stackwise.knowledge.scorefile import loads
from stackwise.server import storage as storage_module
from stackwise.server.app import REVISION_RECHECK
from stackwise.server.runner import ServerThread
from stackwise.server.storage import SQLiteStorage, open_storage
from test_service import doc, rule


def _rules(*rules: dict[str, Any]) -> Any:
    return loads(json.dumps(doc(*rules)), "test rules").rules


class CountingStorage(SQLiteStorage):
    """A real SQLite storage that counts the reads the service makes."""

    reads = 0

    def meta(self) -> Any:
        type(self).reads += 1
        return super().meta()

    def revisions(self, names: Any) -> Any:
        type(self).reads += 1
        return super().revisions(names)

    def package_revision(self, name: str) -> int:
        type(self).reads += 1
        return super().package_revision(name)


def _write_elsewhere(path: Path, *rules: dict[str, Any]) -> None:
    """A write this process's write counter does not see, like one by another server process."""
    before = storage_module._writes[0]
    other = open_storage(str(path))
    try:
        other.put_rules(_rules(*rules))
    finally:
        other.close()
        storage_module._writes[0] = before


def test_repeated_requests_do_not_read_the_database_each_time(tmp_path: Path) -> None:
    st = CountingStorage(tmp_path / "kb.sqlite3")
    try:
        st.put_rules(_rules(*[rule(f"r{i}", f"p{i}") for i in range(20)]))
        with ServerThread(st) as server, requests.Session() as http:
            names = [f"p{i}" for i in range(20)]
            assert http.post(server.url + "/v1/query", json={"packages": names}, timeout=30).status_code == 200
            CountingStorage.reads = 0
            started = time.monotonic()
            for i in range(200):
                assert http.get(server.url + f"/v1/packages/p{i % 20}", timeout=30).status_code == 200
                assert http.post(server.url + "/v1/query", json={"packages": names}, timeout=30).status_code == 200
            elapsed = time.monotonic() - started
        # At most one revision read per recheck interval (and one to start), not one per request.
        assert CountingStorage.reads <= elapsed / REVISION_RECHECK + 2, (CountingStorage.reads, elapsed)
        # Not one per request, where the requests came faster than the recheck interval: on a
        # loaded machine they may not (236 reads for 400 requests were within the bound above).
        if elapsed < 400 * REVISION_RECHECK / 2:
            assert CountingStorage.reads < 400 / 2, (CountingStorage.reads, elapsed)
    finally:
        st.close()


def test_writes_are_seen_at_once_here_and_within_the_recheck_time_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite3"
    st = open_storage(str(path))
    try:
        st.put_rules(_rules(rule("a-1", "alpha", score=0.1)))
        with ServerThread(st) as server, requests.Session() as http:
            first = http.get(server.url + "/v1/packages/alpha", timeout=30)
            etag = first.headers["ETag"]
            assert first.json()["rules"][0]["score"] == 0.1
            # A write by this process: the very next request sees it (no recheck wait).
            st.put_rules(_rules(rule("a-1", "alpha", score=0.2)))
            now = http.get(server.url + "/v1/packages/alpha", headers={"If-None-Match": etag}, timeout=30)
            assert now.status_code == 200 and now.json()["rules"][0]["score"] == 0.2
            etag = now.headers["ETag"]
            # A write by another process: seen once the recheck time has passed, with a new ETag.
            _write_elsewhere(path, rule("a-1", "alpha", score=0.3), rule("b-1", "beta", score=0.4))
            time.sleep(REVISION_RECHECK * 2)
            later = http.get(server.url + "/v1/packages/alpha", headers={"If-None-Match": etag}, timeout=30)
            assert later.status_code == 200 and later.json()["rules"][0]["score"] == 0.3
            answer = http.post(server.url + "/v1/query", json={"packages": ["alpha", "beta"],
                                                                "etags": {"alpha": later.headers["ETag"]}},
                               timeout=30).json()
            # One revision for the whole answer: alpha revalidated, beta read, both at revision 3.
            assert answer["revision"] == "3"
            assert answer["packages"]["alpha"] == {"etag": later.headers["ETag"], "not_modified": True}
            assert answer["packages"]["beta"]["document"]["revision"] == "3"
            assert answer["packages"]["beta"]["etag"].endswith('-3"')
    finally:
        st.close()


def test_answers_from_the_view_equal_answers_read_from_the_database(tmp_path: Path) -> None:
    """A GET and a query answered from the per-revision view (prepared answer pieces, the GET's
    document cut out of its piece) are byte for byte what a server without caches answers
    from the database, and the view's byte budget counts each document once."""
    from stackwise.server.app import ServiceSettings

    st = open_storage(str(tmp_path / "kb.sqlite3"))
    try:
        st.put_rules(_rules(*[rule(f"r{i}-{j}", f"p{i}", spec=f"=={j}") for i in range(12) for j in range(3)]))
        names = [f"p{i}" for i in range(12)]

        def answers(server: ServerThread, http: requests.Session) -> tuple[list[bytes], bytes]:
            gets = [http.get(server.url + f"/v1/packages/{n}", timeout=30).content for n in names]
            return gets, http.post(server.url + "/v1/query", json={"packages": names}, timeout=30).content

        with ServerThread(st, settings=ServiceSettings(doc_cache_bytes=1)) as server, requests.Session() as http:
            read = answers(server, http)
            assert not server.service._view.entries  # nothing fits: every answer read the database
        with ServerThread(st) as server, requests.Session() as http:
            answers(server, http)  # fills the view
            view = server.service._view
            assert set(view.entries) == set(names)
            warm = answers(server, http)
            documents = sum(len(d) for d in warm[0])
            assert documents <= view.size < 2 * documents  # one copy of each document, plus keys
        assert warm == read
        assert json.loads(warm[1])["packages"]["p3"]["document"] == json.loads(warm[0][3])
    finally:
        st.close()
