"""The score service under abuse and races: real uvicorn on 127.0.0.1, real SQLite and PostgreSQL.

Each test here reproduces one reported failure (issue 15, "server hardening"): connections
or file handles leaking per worker thread, a DELETE racing a move served under an unchanged
ETag, a query answer mixing two revisions, a token revoke matching every token, deep JSON
giving a 500, unbounded names, a document cache bounded by count, non-JSON 404/405, no
per-client limit, and tokens sent in clear without a word.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from stackwise.knowledge.scorefile import loads
from stackwise.server import app as server_app
from stackwise.server.app import MAX_JSON_DEPTH, MAX_NAME_LENGTH, DocumentCache, ServiceSettings
from stackwise.server.runner import ServerThread
from stackwise.server.storage import SQLiteStorage, Storage, StorageError, open_storage, token_hash
from support.tls import self_signed
from test_service import SRC, doc, free_port, postgres, rule, run_cli  # noqa: F401  (postgres: a fixture)

POOL = 4


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return "sqlite://" + str(tmp_path / "kb.sqlite3")
    return request.getfixturevalue("postgres").new_database()


def _rules(*rules: dict[str, Any]) -> Any:
    return loads(json.dumps(doc(*rules)), "test rules").rules


# -- connection and file-handle bounds ---------------------------------------------------------


_WATCHER = "stackwise-test-watcher"


def _settled(storage: Storage) -> int:
    """Open handles once closed connections' backends have had time to exit (asynchronous on
    PostgreSQL): the count right after ``close()`` may still list them for a moment."""
    deadline = time.monotonic() + 10
    count = _open_handles(storage)
    while count and time.monotonic() < deadline:
        time.sleep(0.1)
        count = _open_handles(storage)
    return count


def _open_handles(storage: Storage) -> int:
    """PostgreSQL: backends connected to this database (other than ours); SQLite: this process's
    open file descriptors on the database, its WAL and its shared-memory file."""
    if storage.kind == "postgresql":
        import psycopg

        # Named, so that an earlier sample's backend still exiting (a closed connection's backend
        # leaves pg_stat_activity a moment later; on a loaded machine, after the next sample has
        # begun) is never counted as one of the pool's: that once read 5 for a pool of 4.
        with psycopg.connect(storage.url, autocommit=True, application_name=_WATCHER) as conn:  # type: ignore[attr-defined]
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                               " AND pid <> pg_backend_pid() AND application_name <> %s", (_WATCHER,)).fetchone()
            return int(row[0]) if row else 0
    base = str(storage.path)  # type: ignore[attr-defined]
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(base):
            count += 1
    return count


def test_bursts_of_requests_never_open_more_connections_than_the_pool(db_url: str) -> None:
    storage = open_storage(db_url, pool_size=POOL)
    # SQLite holds up to three descriptors per connection (database, WAL, shared memory).
    bound = POOL if storage.kind == "postgresql" else 3 * POOL
    token = storage.create_token("burst")
    storage.put_rules(_rules(*[rule(f"b{i}", f"pkg{i % 30}") for i in range(200)]))
    peak = 0
    stop = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _open_handles(storage))
            time.sleep(0.02)

    try:
        with ServerThread(storage) as server:
            watcher = threading.Thread(target=watch)
            watcher.start()
            try:
                for burst in range(3):
                    def one(i: int, burst: int = burst) -> int:
                        if i % 8 == 0:  # writes run in the thread pool too
                            r = requests.post(server.url + "/v1/rules", json=doc(rule(f"w{burst}-{i}", "written")),
                                              headers={"Authorization": f"Bearer {token}"}, timeout=60)
                        else:
                            r = requests.get(server.url + "/v1/snapshot", timeout=60)
                        return r.status_code

                    with ThreadPoolExecutor(48) as pool:
                        statuses = list(pool.map(one, range(96)))
                    assert statuses == [200] * 96
            finally:
                stop.set()
                watcher.join()
            after = _open_handles(storage)
            assert storage.pool.open_connections <= POOL  # type: ignore[attr-defined]
    finally:
        storage.close()
    assert peak <= bound, f"{peak} connections/handles open during the bursts, pool of {POOL}"
    assert after <= bound
    assert _settled(storage) == 0  # close() closes every pooled connection


def test_a_busy_pool_is_a_503_not_a_new_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stackwise.server import storage as storage_module

    monkeypatch.setattr(storage_module, "POOL_WAIT", 0.2)
    st = open_storage(str(tmp_path / "kb.sqlite3"), pool_size=1)
    try:
        held = st.pool.acquire()  # type: ignore[attr-defined]
        with ServerThread(st) as server:
            r = requests.get(server.url + "/v1/packages/x", timeout=30)
            assert r.status_code == 503 and "busy" in r.json()["error"]
            st.pool.release(held)  # type: ignore[attr-defined]
            assert requests.get(server.url + "/v1/packages/x", timeout=30).status_code == 200
    finally:
        st.close()


# -- the DELETE/move race on PostgreSQL ---------------------------------------------------------


def _waiting_on_locks(admin: Any) -> int:
    row = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND wait_event_type = 'Lock'").fetchone()
    return int(row[0])


def _until(check: Any, what: str) -> None:
    deadline = time.monotonic() + 20
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_delete_racing_a_move_bumps_the_package_the_rule_moved_to(postgres: Any) -> None:  # noqa: F811
    import psycopg

    url = postgres.new_database()
    st = open_storage(url)
    try:
        st.put_rules(_rules(rule("x", "old-home")))
        blocker = psycopg.connect(url)  # holds the revision row, so both writes queue behind it
        blocker.execute("SELECT revision FROM kb_meta WHERE id = 1 FOR UPDATE")
        admin = psycopg.connect(url, autocommit=True)
        results: dict[str, Any] = {}
        move = threading.Thread(target=lambda: results.setdefault("move", st.put_rules(_rules(rule("x", "new-home")))))
        delete = threading.Thread(target=lambda: results.setdefault("delete", st.delete_rule("x")))
        move.start()
        _until(lambda: _waiting_on_locks(admin) == 1, "the move to wait")
        delete.start()
        time.sleep(0.3)  # the old code read the rule's package here, before waiting
        _until(lambda: _waiting_on_locks(admin) == 2, "the delete to wait")
        blocker.rollback()
        move.join(30)
        delete.join(30)
        blocker.close()
        admin.close()
        moved, deleted = results["move"], results["delete"]
        assert deleted is not None and moved.revision < deleted.revision  # the move went first
        # The delete changed new-home's document, so new-home's revision (and ETag) moved with it.
        assert st.package_revision("new-home") == deleted.revision
        stale = f'"{st.instance[:12]}-new-home-{moved.revision}"'
        with ServerThread(st) as server:
            r = requests.get(server.url + "/v1/packages/new-home", headers={"If-None-Match": stale}, timeout=30)
            assert r.status_code == 200 and loads(r.content, "answer").rules == ()
            q = requests.post(server.url + "/v1/query", json={"packages": ["new-home"],
                                                             "etags": {"new-home": stale}}, timeout=30).json()
            assert "document" in q["packages"]["new-home"]
    finally:
        st.close()


# -- one revision per query answer --------------------------------------------------------------


class WriteBetweenReads(SQLiteStorage):
    """A real SQLite storage that lets another writer commit right after the next revisions read,
    the moment the service's old query path read documents in a second statement."""

    writer: Storage | None = None
    pending: list[Any] = []

    def revisions(self, names: Any) -> Any:
        answer = super().revisions(names)
        if self.pending and self.writer is not None:
            self.writer.put_rules(self.pending.pop())
        return answer


def test_a_query_answer_never_mixes_two_revisions(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite3"
    st = WriteBetweenReads(path)
    writer = open_storage(str(path))
    try:
        names = [f"p{i}" for i in range(6)]
        st.put_rules(_rules(*[rule(f"{n}-r", n, score=0.1) for n in names]))
        with ServerThread(st) as server:
            # Half the names revalidated (ETags from before the write), half never seen (not in the
            # service's document cache either), so the answer needs rules read after the revisions.
            first = requests.post(server.url + "/v1/query", json={"packages": names[:3]}, timeout=30).json()
            etags = {n: first["packages"][n]["etag"] for n in names[:3]}
            st.writer = writer
            st.pending = [_rules(*[rule(f"{n}-r", n, score=0.9) for n in names])]  # one write, every package
            answer = requests.post(server.url + "/v1/query", json={"packages": names, "etags": etags},
                                   timeout=30).json()
            assert not st.pending  # the write did land between the two reads
        revision = answer["revision"]
        assert revision == "2"
        for name in names:
            entry = answer["packages"][name]
            assert entry["etag"].endswith(f'-{revision}"'), (name, entry["etag"], revision)
            assert "document" in entry  # every package changed in that write
            assert entry["document"]["revision"] == revision
            assert entry["document"]["rules"][0]["score"] == 0.9
    finally:
        writer.close()
        st.close()


# -- tokens --------------------------------------------------------------------------------------


def test_token_revoke_matches_one_token_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "kb.sqlite3")
    st = open_storage(db)
    tokens = [st.create_token(f"t{i}") for i in range(3)]
    st.close()
    for pattern in ("________", "%", "____________", "%%%%%%%%%%%%", token_hash(tokens[0])[:8], ""):
        assert run_cli(["serve", "token", "revoke", pattern, "--database", db]) == 1
        err = capsys.readouterr().err
        assert "is not a token id" in err and "Traceback" not in err
    st = open_storage(db)
    assert all(st.check_token(t) for t in tokens)
    st.close()
    assert run_cli(["serve", "token", "revoke", token_hash(tokens[0])[:12], "--database", db]) == 0
    assert run_cli(["serve", "token", "revoke", token_hash(tokens[1]).upper(), "--database", db]) == 0
    assert run_cli(["serve", "token", "revoke", token_hash(tokens[1])[:12], "--database", db]) == 1
    assert "No token with the id" in capsys.readouterr().err
    st = open_storage(db)
    try:
        assert [st.check_token(t) for t in tokens] == [False, False, True]
    finally:
        st.close()


# -- limits and JSON errors ----------------------------------------------------------------------


@pytest.fixture
def small_service(tmp_path: Path) -> Iterator[tuple[ServerThread, dict[str, str]]]:
    st = open_storage(str(tmp_path / "kb.sqlite3"))
    token = st.create_token("limits")
    server = ServerThread(st, settings=ServiceSettings(max_body=2 * 1024 * 1024)).start()
    yield server, {"Authorization": f"Bearer {token}"}
    server.stop()
    st.close()


def _problem(r: requests.Response, status: int) -> str:
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["status"] == status and "Traceback" not in body["error"]
    return str(body["error"])


def test_deep_json_is_a_400_not_a_500(small_service: tuple[ServerThread, dict[str, str]]) -> None:
    server, auth = small_service
    for body in (b"[" * 100_000, b'{"packages": ' + b"[" * 100_000, b"[" * 40 + b"]" * 40):
        r = requests.post(server.url + "/v1/query", data=body, timeout=30)
        assert r.status_code == 400, body[:50]
    assert "deeper than" in _problem(requests.post(server.url + "/v1/query", data=b"[" * 100_000, timeout=30), 400)
    deep: Any = "leaf"
    for _ in range(MAX_JSON_DEPTH + 5):
        deep = {"x": deep}
    bad_rule = {**rule("deep", "pkg"), "extra": deep}
    assert "deeper than" in _problem(requests.post(server.url + "/v1/rules", json=doc(bad_rule), headers=auth,
                                                   timeout=30), 400)
    assert "deeper than" in _problem(requests.post(server.url + "/v1/inspections", data=b"[" * 50_000,
                                                   headers=auth, timeout=30), 400)
    assert requests.get(server.url + "/healthz", timeout=30).json()["revision"] == "0"


def test_names_queries_and_etags_are_bounded(small_service: tuple[ServerThread, dict[str, str]]) -> None:
    server, _ = small_service
    long_name = "a" * (MAX_NAME_LENGTH + 1)
    assert "longer than the limit" in _problem(requests.get(server.url + f"/v1/packages/{long_name}", timeout=30), 400)
    assert requests.get(server.url + "/v1/packages/" + "a" * MAX_NAME_LENGTH, timeout=30).status_code == 200
    assert "longer than the limit" in _problem(
        requests.post(server.url + "/v1/query", json={"packages": [long_name]}, timeout=30), 400)
    big = {"packages": ["a"], "etags": {f"n{i}": "x" * 200 for i in range(1500)}}  # ~330 KB
    assert "limit" in _problem(requests.post(server.url + "/v1/query", json=big, timeout=30), 413)
    many = {"packages": ["a"], "etags": {f"n{i}": "x" for i in range(1001)}}
    assert "ETags" in _problem(requests.post(server.url + "/v1/query", json=many, timeout=30), 413)
    service = server.service
    assert len(service._docs) <= 2  # refused names were never rendered nor cached


def test_a_name_with_a_trailing_newline_is_refused_not_a_dropped_connection(
        small_service: tuple[ServerThread, dict[str, str]]) -> None:
    """``^...$`` let ``"flask\\n"`` through (``$`` matches before a final newline): the name went
    into a response header, the application raised and the client saw the connection dropped."""
    server, _ = small_service
    for raw in ("flask%0A", "flask%0A%0A", "%0Aflask"):
        assert "not a valid project name" in _problem(requests.get(server.url + f"/v1/packages/{raw}", timeout=30), 400)
    assert "not a valid project name" in _problem(
        requests.post(server.url + "/v1/query", json={"packages": ["flask\n"]}, timeout=30), 400)
    assert requests.get(server.url + "/v1/packages/flask", timeout=30).status_code == 200


def test_ids_and_file_names_with_a_trailing_newline_are_not_taken(
        small_service: tuple[ServerThread, dict[str, str]]) -> None:
    """The same ``$`` hole in the inspection id and signed-file name patterns: a published
    result kept ``"i-...\\n"`` as its id (then listed and printed with the newline)."""
    from test_inspect_store import make_result

    server, auth = small_service
    wanted = "i-0123456789ab"
    body = {"results": [{**make_result().to_json(), "id": wanted + "\n"}]}
    r = requests.post(server.url + "/v1/inspections", json=body, headers=auth, timeout=30)
    assert r.status_code == 200, r.text
    listed = requests.get(server.url + "/v1/inspections", timeout=30).json()["results"]
    assert len(listed) == 1 and re.fullmatch(r"i-[0-9a-f]{12}", listed[0]["id"]), listed[0]["id"]
    assert "not an inspection id" in _problem(requests.get(server.url + f"/v1/inspections/{wanted}%0A", timeout=30), 400)
    for name in ("timestamp.json%0A", "1.root.json%0A"):
        assert requests.get(server.url + f"/v1/tuf/{name}", timeout=30).status_code == 404


def test_remembered_name_spellings_are_bounded_and_never_skip_the_checks(
        small_service: tuple[ServerThread, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    server, _ = small_service
    service = server.service
    monkeypatch.setattr(server_app, "MAX_CANONICAL_NAMES", 50)
    first = requests.post(server.url + "/v1/query", json={"packages": ["Foo_Bar"]}, timeout=30).json()
    again = requests.post(server.url + "/v1/query", json={"packages": ["Foo_Bar", "foo.bar"]}, timeout=30).json()
    assert list(first["packages"]) == list(again["packages"]) == ["foo-bar"]  # one project, whatever the spelling
    for start in range(0, 400, 100):
        names = [f"Made_Up.{i}" for i in range(start, start + 100)]
        assert requests.post(server.url + "/v1/query", json={"packages": names}, timeout=30).status_code == 200
        assert len(service._canonical) <= 50
    # An invalid name is refused every time: it is never remembered as if it were valid.
    for _ in range(2):
        assert "not a valid project name" in _problem(
            requests.post(server.url + "/v1/query", json={"packages": ["-bad-"]}, timeout=30), 400)
    assert "-bad-" not in service._canonical
    # A non-string name is named in the error, but a huge one is not echoed back whole.
    answer = _problem(requests.post(server.url + "/v1/query", json={"packages": [["x"] * 50_000]}, timeout=30), 422)
    assert "strings" in answer and len(answer) < 500


def test_a_trickled_request_body_is_cut_off_at_its_deadline(
        small_service: tuple[ServerThread, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A client sending its body a byte at a time held the connection for as long as it liked."""
    import socket

    server, _ = small_service
    monkeypatch.setattr(server_app, "BODY_SECONDS", 1.0)
    monkeypatch.setattr(server_app, "BODY_MIN_RATE", 10**9)  # the deadline: ~1 s
    host, port = server.url.removeprefix("http://").split(":")
    start = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"POST /v1/query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n")
        answer = b""
        sock.settimeout(0.2)
        while time.monotonic() - start < 20 and b"\r\n\r\n" not in answer:
            try:
                sock.sendall(b" ")
                answer += sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"did not arrive within" in answer or b"\r\n\r\n" in answer
    assert time.monotonic() - start < 10
    assert requests.get(server.url + "/healthz", timeout=30).status_code == 200


def test_every_error_status_is_json(small_service: tuple[ServerThread, dict[str, str]]) -> None:
    server, auth = small_service
    assert "No such endpoint" in _problem(requests.get(server.url + "/nowhere", timeout=30), 404)
    assert "/openapi.json" in _problem(requests.get(server.url + "/v1/query", timeout=30), 405)
    assert "not allowed" in _problem(requests.put(server.url + "/v1/snapshot", timeout=30), 405)
    _problem(requests.get(server.url + "/v1/inspections/i-000000000000", timeout=30), 404)
    _problem(requests.post(server.url + "/v1/query", json={"packages": ["a"] * 1001}, timeout=30), 413)
    _problem(requests.post(server.url + "/v1/rules", data=b"x" * (3 * 1024 * 1024), headers=auth, timeout=30), 413)
    _problem(requests.post(server.url + "/v1/rules", json=doc(), timeout=30), 401)


def test_a_client_over_its_cost_budget_gets_429_and_others_do_not(tmp_path: Path) -> None:
    st = open_storage(str(tmp_path / "kb.sqlite3"))
    try:
        settings = ServiceSettings(client_rate=100, client_burst=200)
        with ServerThread(st, settings=settings) as server:
            names = [f"p{i}" for i in range(300)]
            assert requests.post(server.url + "/v1/query", json={"packages": names}, timeout=30).status_code == 200
            r = requests.get(server.url + "/v1/packages/a", timeout=30)
            message = _problem(r, 429)
            assert "per client" in message and int(r.headers["Retry-After"]) >= 1
            assert requests.get(server.url + "/healthz", timeout=30).status_code == 429
            # The budget is per client address: another address is served meanwhile.
            limiter = server.service.limiter
            assert limiter.admit("127.0.0.1") > 0 and limiter.admit("192.0.2.7") == 0
            time.sleep(int(r.headers["Retry-After"]) + 0.2)
            assert requests.get(server.url + "/v1/packages/a", timeout=30).status_code == 200
        with ServerThread(st, settings=ServiceSettings()) as server:  # the library default: no limit
            for _ in range(5):
                assert requests.post(server.url + "/v1/query", json={"packages": names}, timeout=30).status_code == 200
    finally:
        st.close()


def test_document_cache_is_bounded_in_bytes(tmp_path: Path) -> None:
    cache = DocumentCache(64 * 1024)
    for i in range(200):
        cache.put(f"p{i}", (1, "x" * 2000))
        assert cache.size <= 64 * 1024
    assert 20 < len(cache) < 40
    assert cache.get("p199", 1) is not None and cache.get("p0", 1) is None and cache.get("p199", 2) is None
    cache.put("huge", (1, "x" * 20_000))  # over an eighth of the budget: not cached at all
    assert cache.get("huge", 1) is None
    st = open_storage(str(tmp_path / "kb.sqlite3"))
    try:
        st.put_rules(_rules(*[rule(f"r{i}-{j}", f"p{i}", spec=f"=={j}") for i in range(60) for j in range(10)]))
        with ServerThread(st, settings=ServiceSettings(doc_cache_bytes=32 * 1024)) as server:
            for i in range(60):
                assert requests.get(server.url + f"/v1/packages/p{i}", timeout=30).status_code == 200
            docs = server.service._docs
            assert 0 < docs.size <= 32 * 1024 and len(docs) < 60
    finally:
        st.close()


# -- TLS, the clear-text notice, worker processes -------------------------------------------------



def test_tls_is_served_with_the_given_certificate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cert, key = self_signed(tmp_path)
    st = open_storage(str(tmp_path / "kb.sqlite3"))
    try:
        with ServerThread(st, ssl_certfile=str(cert), ssl_keyfile=str(key)) as server:
            assert server.url.startswith("https://")
            assert requests.get(server.url + "/healthz", verify=str(cert), timeout=30).json()["status"] == "ok"
            with pytest.raises(requests.ConnectionError):
                requests.get(f"http://127.0.0.1:{server.port}/healthz", timeout=5).raise_for_status()
    finally:
        st.close()
    db = str(tmp_path / "kb.sqlite3")
    assert run_cli(["serve", "--database", db, "--ssl-certfile", str(tmp_path / "missing.pem")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert run_cli(["serve", "--database", db, "--ssl-certfile", str(key), "--ssl-keyfile", str(cert)]) == 1
    err = capsys.readouterr().err
    assert "TLS: cannot use certificate" in err and "Traceback" not in err
    assert run_cli(["serve", "--database", db, "--ssl-keyfile", str(key)]) == 1
    assert "needs --ssl-certfile" in capsys.readouterr().err


def _serve_process(args: list[str], port: int, cwd: Path, scheme: str = "http",
                   verify: Any = True) -> tuple[subprocess.Popen[str], requests.Response]:
    tests_dir = str(Path(__file__).parent)
    code = (f"import sys; sys.path.insert(0, {tests_dir!r}); from test_service import run_cli; "
            "sys.exit(run_cli(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": str(SRC), "STACKWISE_CONFIG_FILE": os.devnull}
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port), *args],
                            cwd=cwd, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while True:
        try:
            return proc, requests.get(f"{scheme}://127.0.0.1:{port}/healthz", timeout=2, verify=verify)
        except requests.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(proc.stderr.read() if proc.stderr else "serve did not start") from None
            time.sleep(0.1)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def test_serve_warns_that_tokens_travel_in_clear_without_tls(tmp_path: Path) -> None:
    port = free_port()
    proc, r = _serve_process(["--database", str(tmp_path / "kb.sqlite3"), "--host", "0.0.0.0"], port, tmp_path)
    try:  # the command's default per-client budget (20,000 units/s, burst 40,000) applies
        names = [f"n{i}" for i in range(1000)]
        statuses: list[int] = []
        with requests.Session() as session:
            while 429 not in statuses and len(statuses) < 400:
                statuses.append(session.post(f"http://127.0.0.1:{port}/v1/query", json={"packages": names},
                                             timeout=30).status_code)
        assert statuses[0] == 200 and statuses[-1] == 429 and len(statuses) > 30
    finally:
        proc.terminate()
    _, err = proc.communicate(timeout=20)
    assert r.json()["status"] == "ok"
    assert "clear text" in err and "--ssl-certfile" in err and f"with {min(2, os.cpu_count() or 1)} worker process(es)" in err
    cert, key = self_signed(tmp_path)
    port = free_port()
    proc, r = _serve_process(["--database", str(tmp_path / "kb.sqlite3"), "--host", "0.0.0.0",
                              "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)], port, tmp_path,
                             scheme="https", verify=str(cert))
    proc.terminate()
    _, err = proc.communicate(timeout=20)
    assert r.json()["status"] == "ok" and "clear text" not in err and "on https://0.0.0.0" in err


def test_postgresql_is_served_by_several_worker_processes(postgres: Any, tmp_path: Path) -> None:  # noqa: F811
    url = postgres.new_database()
    port = free_port()
    proc, r = _serve_process(["--database", url, "--workers", "2"], port, tmp_path)
    try:
        assert r.json()["database"] == "postgresql"
        _until(lambda: len(_children(proc.pid)) >= 2, "two worker processes")
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda i: requests.get(f"http://127.0.0.1:{port}/v1/packages/p{i}",
                                                            timeout=30).status_code, range(40)))
        assert statuses == [200] * 40
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "with 2 worker process(es)" in err
    # Without --workers, PostgreSQL gets min(4, CPUs) workers (SQLite: the next test).
    port = free_port()
    proc, r = _serve_process(["--database", url], port, tmp_path)
    proc.terminate()
    _, err = proc.communicate(timeout=30)
    assert f"with {min(4, os.cpu_count() or 1)} worker process(es)" in err


def test_sqlite_is_served_by_two_worker_processes_that_see_each_others_writes(tmp_path: Path) -> None:
    """SQLite's default: min(2, CPUs) processes on one WAL database; a write answered by either
    worker is read by both (each rechecks the KB revision within REVISION_RECHECK)."""
    from stackwise.server.app import REVISION_RECHECK

    db = tmp_path / "kb.sqlite3"
    st = open_storage(str(db))
    token = st.create_token("two workers")
    st.close()
    port = free_port()
    proc, r = _serve_process(["--database", str(db)], port, tmp_path)
    workers = min(2, os.cpu_count() or 1)
    try:
        assert r.json()["database"] == "sqlite"
        if workers > 1:
            _until(lambda: len(_children(proc.pid)) >= 2, "two worker processes")
        auth = {"Authorization": f"Bearer {token}"}
        for i in range(6):  # fresh connections: the kernel spreads them over the workers
            posted = requests.post(f"http://127.0.0.1:{port}/v1/rules", headers=auth, timeout=30,
                                   json=doc(rule(f"w{i}", "shared", spec=f"=={i}")))
            assert posted.status_code == 200, posted.text
            time.sleep(2 * REVISION_RECHECK)
            with ThreadPoolExecutor(8) as pool:
                seen = list(pool.map(lambda _: len(requests.get(f"http://127.0.0.1:{port}/v1/packages/shared",
                                                                timeout=30).json()["rules"]), range(16)))
            assert seen == [i + 1] * 16, (i, seen)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"with {workers} worker process(es)" in err


def test_pool_size_is_validated() -> None:
    with pytest.raises(StorageError, match="at least one connection"):
        open_storage("sqlite:///tmp/never-created.sqlite3", pool_size=0)


class FaultyStorage(SQLiteStorage):
    """A real SQLite storage with a bug of ours: reading the revision raises an unexpected error."""

    def meta(self) -> tuple[int, int]:
        raise ValueError("an internal fault, with a detail the client must not see")


def test_a_fault_of_ours_is_a_json_500_without_a_traceback(tmp_path: Path) -> None:
    st = FaultyStorage(tmp_path / "kb.sqlite3")
    try:
        with ServerThread(st) as server:
            r = requests.get(server.url + "/healthz", timeout=30)
            message = _problem(r, 500)
            assert "log" in message and "internal fault" not in r.text
    finally:
        st.close()
