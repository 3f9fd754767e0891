"""Inspection results: the SQLite store, the score service's /v1/inspections, and the executor.

Everything is real: SQLite files, the service under uvicorn on 127.0.0.1 (SQLite and, as in
test_service.py, a throwaway PostgreSQL), child processes killed with SIGKILL, the real
inspection runner installing real wheels from a 127.0.0.1 index, and dask's LocalCluster.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from packaging.utils import parse_wheel_filename

from stackwise.errors import StackwiseError
from stackwise.inspect.model import Check, InspectionResult, StackRequest
from stackwise.inspect.store import (
    PublishError,
    ResultFormatError,
    ResultStore,
    ResultStoreError,
    load_results,
    publish,
)
from stackwise.lockfiles.model import Lock, LockedFile, LockedPackage
from stackwise.lockfiles.pylock import render_pylock
from stackwise.server.app import ServiceSettings
from stackwise.server.runner import ServerThread
from stackwise.server.storage import Storage, open_storage
from support import IndexServer, build_wheel
from test_service import SRC, Service, free_port, postgres  # noqa: F401  (postgres: a fixture, used by name)

ID = re.compile(r"^i-[0-9a-f]{12}$")


def make_result(outcome: str = "failed", *, pins: Iterable[tuple[str, str]] = (("Foo_Bar", "1.0"), ("numpy", "2.0.1")),
                signature: str | None = "ImportError: cannot import name 'x' from 'foo_bar'", **kw: Any) -> InspectionResult:
    stack = StackRequest(pins=tuple(sorted(pins)), lock='lock-version = "1.0"\n', label="oldest numpy 2.0.*",
                         roots=("foo-bar>=1", "numpy"))
    check = Check(command="python -c 'import foo_bar'", kind="check", timeout=30.5, memory_mb=2048)
    fields: dict[str, Any] = {
        "exit_status": 1 if outcome == "failed" else 0, "duration": 1.234567, "peak_memory_kb": 51200,
        "output_tail": "Traceback (most recent call last):\n  …\nImportError: naïve ✓", "signature": signature,
        "timings": [0.1, 0.30000000000000004], "environment": {"python": "3.11.7", "machine": "x86_64",
                                                              "nested": {"k": [1, 2.5, None, True]}},
        "attempts": 2, "detail": "first run failed, second too",
    }
    fields.update(kw)
    return InspectionResult(stack=stack, check=check, outcome=outcome, **fields)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ResultStore]:
    with ResultStore(tmp_path / "results.sqlite3") as st:
        yield st


# -- the local store -----------------------------------------------------------------------------


def test_add_and_get_round_trip_exactly(store: ResultStore) -> None:
    original = make_result()
    rid = store.add(original)
    assert ID.match(rid) and original.id == rid and original.created and original.created.endswith("Z")
    got = store.get(rid)
    assert got == original  # every field, floats and unicode included
    assert got.to_json() == original.to_json()
    assert store.get(rid[2:8]) == original  # a unique prefix, "i-" optional
    assert store.get(rid.upper()) == original
    kept = make_result("passed", signature=None, created="2024-01-02T03:04:05+00:00")
    assert store.get(store.add(kept)).created == "2024-01-02T03:04:05+00:00"  # when it ran is kept
    with pytest.raises(ResultStoreError, match="No inspection 'i-000000000000'"):
        store.get("i-000000000000")
    with pytest.raises(ResultStoreError, match="is not an inspection id"):
        store.get("'; DROP TABLE inspections; --")
    with pytest.raises(ResultStoreError) as long_id:  # a pasted wall of text is not echoed whole
        store.get("i-" + "a" * 6000)
    assert "(6002 characters)" in str(long_id.value) and len(str(long_id.value)) < 200
    odd = make_result(environment={"load": float("nan")})
    with pytest.raises(ResultFormatError, match="cannot be written as JSON"):
        store.add(odd)
    with pytest.raises(ResultFormatError, match="cannot be written as JSON"):
        publish([odd], "http://127.0.0.1:9", "swt_x")  # refused before anything is sent
    assert len(store) == 2 and odd.id is None


def test_ambiguous_prefix_names_the_candidates(store: ResultStore, tmp_path: Path) -> None:
    doc = {"results": [{**make_result().to_json(), "id": "i-abcd00000001"},
                       {**make_result("passed", signature=None).to_json(), "id": "i-abcd00000002"}]}
    (tmp_path / "two.json").write_text(json.dumps(doc))
    assert store.import_json(tmp_path / "two.json").ids == ["i-abcd00000001", "i-abcd00000002"]
    with pytest.raises(ResultStoreError, match=r"matches several inspections \(i-abcd00000001, i-abcd00000002\)"):
        store.get("abcd")
    assert store.get("abcd00000002").outcome == "passed"


def test_list_filters_and_newest_first(store: ResultStore) -> None:
    a = store.add(make_result("failed", pins=[("Foo_Bar", "1.0"), ("numpy", "2.0.1")]))
    b = store.add(make_result("passed", pins=[("foo.bar", "2.0"), ("numpy", "1.26.4")], signature=None))
    c = store.add(make_result("failed", pins=[("scipy", "1.11.0"), ("numpy", "1.26.4")]))
    assert [r.id for r in store.list()] == [c, b, a]
    assert [r.id for r in store.list(outcome="failed")] == [c, a]
    assert [r.id for r in store.list(package="FOO-bar")] == [b, a]  # any PEP 503 spelling
    assert [r.id for r in store.list(package="foo_bar==2.0")] == [b]
    assert [r.id for r in store.list(package="numpy==1.26.4", outcome="failed")] == [c]
    assert [r.id for r in store.list(limit=2)] == [c, b]
    assert store.list(package="never-heard-of") == []
    assert [r.id for r in store.all()] == [a, b, c]
    assert len(store) == 3
    with pytest.raises(ResultStoreError, match="Unknown outcome 'broken'; use one of passed, failed"):
        store.list(outcome="broken")
    with pytest.raises(ResultStoreError, match="limit must be a positive integer"):
        store.list(limit=0)


def test_all_reads_in_pages_and_sees_other_writers(store: ResultStore, tmp_path: Path) -> None:
    many = [{**make_result("passed" if i % 3 else "failed", pins=[("pkg", f"1.{i}")]).to_json(),
             "id": f"i-{i:012x}"} for i in range(1203)]
    (tmp_path / "many.jsonl").write_text("\n".join(json.dumps(r) for r in many) + "\n")
    assert store.import_json(tmp_path / "many.jsonl").added == 1203
    ids = [r.id for r in store.all()]
    assert ids == [f"i-{i:012x}" for i in range(1203)]
    assert sum(1 for _ in store.all(outcome="failed")) == 401
    with ResultStore(store.path) as other:  # a second writer on the same file (another process, say)
        late = other.add(make_result())
    assert store.get(late).id == late and len(store) == 1204


def test_export_and_import_move_results_between_machines(store: ResultStore, tmp_path: Path) -> None:
    originals = [make_result(), make_result("passed", signature=None, pins=[("x", "1")]), make_result("timeout")]
    ids = [store.add(r) for r in originals]
    assert store.export(tmp_path / "out.jsonl") == 3
    assert store.export(tmp_path / "out.json") == 3
    assert store.export(tmp_path / "failed.json", outcome="failed") == 1
    document = json.loads((tmp_path / "out.json").read_text())
    assert document["format"] == "stackwise-inspections" and document["version"] == 1
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 3
    assert load_results(tmp_path / "out.json") == load_results(tmp_path / "out.jsonl") == originals
    with ResultStore(tmp_path / "elsewhere.sqlite3") as there:
        summary = there.import_json(tmp_path / "out.jsonl")
        assert summary.ids == ids and summary.added == 3
        assert [there.get(i) for i in ids] == originals
        again = there.import_json(tmp_path / "out.json")  # the same results: nothing stored twice
        assert again.ids == ids and again.added == 0 and len(there) == 3
        # a result whose id is taken here by a different result keeps its data under a new id
        clash = {**make_result("error", signature=None).to_json(), "id": ids[0]}
        (tmp_path / "clash.json").write_text(json.dumps([clash]))
        moved = there.import_json(tmp_path / "clash.json")
        assert moved.added == 1 and moved.ids[0] != ids[0] and there.get(moved.ids[0]).outcome == "error"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", r"bad.json: not valid JSON \(Expecting property name"),
    ('GOOD\nnope\n', r"bad.json, line 2: not valid JSON"),
    ('{"results": [{"check": {}, "outcome": "failed"}]}', r"result #1: missing 'stack'"),
    ('[{"stack": {"pins": [["a", "1"]], "lock": ""}, "check": {}, "outcome": "exploded"}]',
     r"result #1: 'outcome' must be one of passed, failed, timeout, install-failed, flaky, error"),
    ('[{"stack": {"pins": [["a"]], "lock": ""}, "check": {}, "outcome": "failed"}]',
     r"stack 'pins' must be a list of \[name, version\] string pairs"),
    ('[{"stack": {"pins": [], "lock": ""}, "check": {"repeat": 0}, "outcome": "failed"}]',
     r"result #1, check: 'repeat' must be a positive integer"),
    ('[{"stack": {"pins": [], "lock": ""}, "check": {}, "outcome": "failed", "duration": NaN}]',
     r"'duration' must be a non-negative number"),
    ('[{"stack": {"pins": [], "lock": ""}, "check": {}, "outcome": "failed", "mood": "sad"}]',
     r"unknown key\(s\) 'mood' \(written by a newer stackwise"),
    ('{"format": "stackwise-inspections", "version": 7, "results": []}', r"version 7 is not supported"),
    ('{"format": "stackwise-scores", "version": 1, "rules": []}', r"not a results document"),
])
def test_bad_results_files_are_one_clear_error_and_import_nothing(
    store: ResultStore, tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content.replace("GOOD", json.dumps(make_result().to_json())))
    with pytest.raises(ResultFormatError, match=message):
        store.import_json(bad)
    assert len(store) == 0
    good_then_bad = tmp_path / "half.jsonl"
    good_then_bad.write_text(json.dumps(make_result().to_json()) + "\n" + '{"stack": 1, "check": {}, "outcome": "failed"}\n')
    with pytest.raises(ResultFormatError, match=r"half.jsonl, line 2: 'stack' must be an object"):
        store.import_json(good_then_bad)
    assert len(store) == 0  # all or nothing
    with pytest.raises(ResultFormatError, match="no such file"):
        load_results(tmp_path / "missing.json")


def test_files_that_are_not_a_results_store_are_refused_clearly(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not SQLite " * 500)
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.close()
    newer = tmp_path / "newer.sqlite3"
    ResultStore(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version=99")
    conn.close()
    cases = [
        (garbage, "is not a SQLite database, or is damaged", "Move it away"),
        (foreign, "is a SQLite database of something else", "(its tables: customers)"),
        (newer, "was written by a newer stackwise (schema 99; this one knows 1)", "Upgrade stackwise"),
        (tmp_path, "is a directory, not a database file", "STACKWISE_INSPECTIONS_DB"),
    ]
    for path, what, advice in cases:
        with pytest.raises(ResultStoreError) as err:
            ResultStore(path)
        text = str(err.value)
        assert str(path) in text and what in text and advice in text, text
    assert garbage.read_bytes().startswith(b"this is not SQLite")  # refused, not overwritten
    with sqlite3.connect(foreign) as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("customers",)]
    conn.close()


def test_default_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKWISE_INSPECTIONS_DB", str(tmp_path / "deep" / "dir" / "mine.sqlite3"))
    with ResultStore() as st:
        st.add(make_result())
        assert st.path == tmp_path / "deep" / "dir" / "mine.sqlite3"
    with sqlite3.connect(tmp_path / "deep" / "dir" / "mine.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_concurrent_adds_from_threads_and_stores(store: ResultStore) -> None:
    other = ResultStore(store.path)
    ids: list[str] = []
    lock = threading.Lock()

    def writer(st: ResultStore, n: int) -> None:
        for i in range(25):
            rid = st.add(make_result(pins=[("w", f"{n}.{i}")]))
            with lock:
                ids.append(rid)

    threads = [threading.Thread(target=writer, args=(store if n % 2 else other, n)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert len(set(ids)) == 100 and len(store) == 100
    assert {r.stack.pins[0][1] for r in store.all()} == {f"{n}.{i}" for n in range(4) for i in range(25)}


def test_every_result_added_before_a_kill_is_kept(tmp_path: Path) -> None:
    """One transaction per result: SIGKILL in the middle of a stream of adds loses nothing added."""
    db = tmp_path / "killed.sqlite3"
    code = (
        "import json, sys\n"
        "from stackwise.inspect.model import InspectionResult\n"
        "from stackwise.inspect.store import ResultStore\n"
        "template = InspectionResult.from_json(json.loads(sys.stdin.readline()))\n"
        "store = ResultStore(sys.argv[1])\n"
        "while True:\n"
        "    print(store.add(template), flush=True)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(make_result().to_json()) + "\n")
    proc.stdin.flush()
    reported = [proc.stdout.readline().strip() for _ in range(40)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert all(ID.match(r) for r in reported)
    with ResultStore(db) as st:
        stored = {r.id for r in st.all()}
        assert set(reported) <= stored
        assert st.get(reported[-1]) == InspectionResult.from_json({**make_result().to_json(), "id": reported[-1],
                                                                   "created": st.get(reported[-1]).created})
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


# -- the score service ---------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return "sqlite://" + str(tmp_path / "kb.sqlite3")
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def kb(database: str) -> Iterator[Service]:
    """The score service as test_service.py runs it: real uvicorn, 256 KiB body limit, one token."""
    st = open_storage(database)
    token = st.create_token("tests")
    server = ServerThread(st, settings=ServiceSettings(max_body=256 * 1024)).start()
    yield Service(server, token)
    server.stop()
    st.close()


def post(kb: Service, body: Any, token: str | None = None, **kw: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {token or kb.token}"}
    if isinstance(body, (bytes, str)):
        return requests.post(kb.url + "/v1/inspections", data=body, headers=headers, timeout=30, **kw)
    return requests.post(kb.url + "/v1/inspections", json=body, headers=headers, timeout=30, **kw)


def test_publish_list_and_get_inspections(kb: Service, store: ResultStore) -> None:
    local = [make_result(), make_result("passed", signature=None, pins=[("numpy", "1.26.4"), ("scipy", "1.11")]),
             make_result("flaky", pins=[("Foo_Bar", "2.0")])]
    ids = [store.add(r) for r in local]
    fresh = make_result("timeout", signature=None)  # never stored locally: the service names it
    published = publish([*store.all(), fresh], kb.url, kb.token, timeout=30)
    assert published[:3] == ids and ID.match(published[3]) and published[3] not in ids
    # publishing again (say after a timeout) stores nothing twice
    assert publish(store.all(), kb.url, kb.token) == ids
    listed = kb.get("/v1/inspections").json()
    assert listed["format"] == "stackwise-inspections"
    assert [r["id"] for r in listed["results"]] == [published[3], *reversed(ids)]  # newest first
    one = kb.get(f"/v1/inspections/{ids[0]}")
    assert one.status_code == 200 and InspectionResult.from_json(one.json()) == local[0]
    assert "max-age" in one.headers["Cache-Control"]

    def ids_for(query: str) -> list[str]:
        r = kb.get("/v1/inspections?" + query)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["results"]]

    assert ids_for("outcome=failed") == [ids[0]]
    assert ids_for("package=foo.bar") == [published[3], ids[2], ids[0]]
    assert ids_for("package=Foo-Bar==2.0") == [ids[2]]
    assert ids_for("package=numpy&outcome=passed") == [ids[1]]
    assert ids_for("limit=1") == [published[3]]
    # `stackwise learn URL` reads the same list, validated into results
    from stackwise.inspect.store import fetch_results

    fetched = fetch_results(kb.url, limit=10)
    assert [r.id for r in fetched] == [published[3], *reversed(ids)]
    assert fetched[-1].stack.pins == local[0].stack.pins and fetched[-1].outcome == local[0].outcome
    # what the service lists is a results document the local store imports as it is
    exported = Path(store.path).with_name("from-service.json")
    exported.write_text(kb.get("/v1/inspections").text)
    assert load_results(exported)[3] == local[0]
    # inspections are evidence beside the rules: the KB revision does not move
    assert kb.get("/healthz").json()["revision"] == "0"
    spec = kb.get("/openapi.json").json()
    assert {"/v1/inspections", "/v1/inspections/{id}"} <= set(spec["paths"])


def test_inspection_writes_need_a_token_and_valid_results(kb: Service) -> None:
    body = {"results": [make_result().to_json()]}
    r = requests.post(kb.url + "/v1/inspections", json=body, timeout=30)
    assert r.status_code == 401 and "Bearer" in r.headers["WWW-Authenticate"]
    assert post(kb, body, token="swt_wrong").status_code == 403
    cases: list[tuple[Any, int, str]] = [
        (b"{nope", 400, "not valid JSON"),
        ({"rules": []}, 400, '{"results": [inspection result, ...]}'),
        ({"results": []}, 400, "holds no results"),
        ({"results": [make_result().to_json(), {**make_result().to_json(), "outcome": "meh"}]}, 400,
         "request body, result #2: 'outcome' must be one of"),
        ({"results": [{**make_result().to_json(), "check": {"command": 5}}]}, 400,
         "check: 'command' must be a string or null"),
        ({"results": [{"stack": {"pins": [], "lock": ""}, "check": {}, "outcome": "passed"}] * 1001}, 413,
         "At most 1000 results per request"),
    ]
    for payload, status, message in cases:
        r = post(kb, payload)
        assert r.status_code == status, (payload if isinstance(payload, bytes) else str(payload)[:100], r.text)
        assert message in r.json()["error"]
    huge = make_result(output_tail="x" * 300_000)
    r = post(kb, {"results": [huge.to_json()]})
    assert r.status_code == 413 and "exceeds the limit" in r.json()["error"]
    assert kb.get("/v1/inspections").json()["results"] == []  # nothing stored by any of these
    for query, message in (("outcome=meh", "Unknown outcome"), ("limit=0", "limit must be an integer"),
                           ("limit=x", "limit must be an integer"), ("colour=red", "Unknown query parameter"),
                           ("package=-bad-", "not a valid project name")):
        r = kb.get("/v1/inspections?" + query)
        assert r.status_code == 400 and message in r.json()["error"], query
    assert kb.get("/v1/inspections/i-000000000000").status_code == 404
    assert kb.get("/v1/inspections/not-an-id").status_code == 400


def test_publish_failures_are_clear_and_bounded(tmp_path: Path, kb: Service) -> None:
    results = [make_result()]
    port = free_port()
    started = time.monotonic()
    with pytest.raises(PublishError, match=rf"127.0.0.1:{port} failed: cannot reach it .*Nothing was stored"):
        publish(results, f"http://127.0.0.1:{port}", "swt_x", timeout=5)
    assert time.monotonic() - started < 5
    with pytest.raises(PublishError, match=r"refused the token \(HTTP 403: The token is not valid"):
        publish(results, kb.url, "swt_wrong")
    with pytest.raises(PublishError, match="needs a write token"):
        publish(results, kb.url, "")
    with pytest.raises(PublishError, match="is not a score service URL"):
        publish(results, "kb.example:8080", kb.token)
    # a server that accepts the connection and never answers: the call still ends on time
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        started = time.monotonic()
        with pytest.raises(PublishError, match="did not answer within"):
            publish(results, f"http://127.0.0.1:{silent.getsockname()[1]}", "swt_x", timeout=1.5)
        assert time.monotonic() - started < 5
    finally:
        silent.close()
    # a big batch the service's body limit refuses is split; a single result too large is named
    many = [make_result(pins=[("big", str(i))], output_tail="y" * 60_000) for i in range(8)]
    assert len(set(publish(many, kb.url, kb.token))) == 8
    with pytest.raises(PublishError, match=r"result #1 alone \(\d+ bytes\) is larger than the service accepts"):
        publish([make_result(output_tail="z" * 300_000)], kb.url, kb.token)


def test_publish_to_a_broken_database_is_a_5xx_error(tmp_path: Path) -> None:
    st: Storage = open_storage(str(tmp_path / "kb.sqlite3"))
    token = st.create_token("t")
    with ServerThread(st) as server:
        st.close()
        (tmp_path / "kb.sqlite3").write_bytes(b"garbage" * 1000)
        for suffix in ("-wal", "-shm"):
            (tmp_path / f"kb.sqlite3{suffix}").unlink(missing_ok=True)
        with pytest.raises(PublishError, match=r"the service had an error \(HTTP 503: .*try again later"):
            publish([make_result()], server.url, token)


# -- running many inspections --------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stack(server: IndexServer, wheels: Iterable[Path], label: str, *, bad_hash: bool = False) -> StackRequest:
    """A StackRequest whose pylock.toml names each wheel by its URL on ``server`` and real sha256."""
    packages = []
    for wheel in wheels:
        name, version, _build, _tags = parse_wheel_filename(wheel.name)
        digest = "0" * 64 if bad_hash else sha256(wheel)
        locked = LockedFile(wheel.name, server.file_url(wheel.name), {"sha256": digest}, wheel.stat().st_size)
        packages.append(LockedPackage(str(name), str(version), (locked,)))
    return StackRequest(pins=tuple(sorted((p.name, p.version) for p in packages)),
                        lock=render_pylock(Lock(tuple(packages))), label=label, roots=("liba",))


@pytest.fixture
def runner_settings(tmp_path: Path) -> Any:
    from stackwise.inspect.runner import RunnerSettings

    return RunnerSettings(wheel_cache=str(tmp_path / "wheel-cache"), cache_dir=str(tmp_path / "cache"),
                          work_root=str(tmp_path / "work"))


@pytest.fixture
def stacks(tmp_path: Path, index_factory: Callable[..., IndexServer]) -> list[StackRequest]:
    """A passing stack, one whose import fails (reproducibly), one that cannot be installed."""
    files = tmp_path / "files"
    files.mkdir()
    server = index_factory(files_dir=files)
    good = [build_wheel(files, "liba", "1.0"), build_wheel(files, "libb", "2.0")]
    broken = [build_wheel(files, "liba", "2.0", files={"liba/__init__.py": "from libb import gone\n"}),
              build_wheel(files, "libb", "3.0")]
    return [stack(server, good, "good"), stack(server, broken, "broken"),
            stack(server, good[:1], "tampered", bad_hash=True)]


def summary(results: Iterable[InspectionResult]) -> list[tuple[Any, ...]]:
    return [(r.outcome, r.signature, r.stack.pins, r.stack.label, r.exit_status, r.attempts) for r in results]


def test_local_cluster_gives_the_same_results_as_one_at_a_time(
    stacks: list[StackRequest], runner_settings: Any
) -> None:
    distributed = pytest.importorskip("distributed")
    from stackwise.inspect.execute import execute

    check = Check(timeout=120)
    serial = execute(stacks, check, runner_settings)
    assert [r.outcome for r in serial] == ["passed", "failed", "install-failed"]
    assert "ImportError" in (serial[1].signature or "")
    delivered: list[InspectionResult] = []
    # a real scheduler with two worker processes, reached over tcp:// as `dask scheduler` would be
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        remote = execute(stacks, check, runner_settings, scheduler=cluster.scheduler_address,
                         on_result=delivered.append)
    assert summary(remote) == summary(serial)
    assert sorted(summary(delivered)) == sorted(summary(serial))
    # and N at once on this machine (child processes) agrees too, in request order
    local: list[InspectionResult] = []
    parallel = execute(stacks, check, runner_settings, jobs=3, on_result=local.append)
    assert summary(parallel) == summary(serial) and sorted(summary(local)) == sorted(summary(serial))
    assert all(r.created for r in parallel) and all(r.id is None for r in parallel)


def _children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"stackwise.inspect.execute" in cmdline:
                out.append(int(entry.name))
    return out


def _ends_within(pid: int, seconds: float) -> bool:
    """Whether process ``pid`` is gone (or a zombie) within ``seconds``: a kill is delivered
    asynchronously, and on a loaded machine the process may not have run yet to die."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state == "Z":
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def test_interrupt_stops_running_inspections_and_keeps_delivered_ones(
    tmp_path: Path, index_factory: Callable[..., IndexServer], runner_settings: Any
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    server = index_factory(files_dir=files)
    pids = tmp_path / "pids"
    pids.mkdir()
    # the pid as this process sees it (/proc/self): a check may run in its own PID namespace
    slow_code = (f"import os, time\nopen(os.path.join({str(pids)!r}, os.readlink('/proc/self')), 'w').close()\n"
                 "time.sleep(120)\n")
    fast = stack(server, [build_wheel(files, "nap", "1.0")], "fast")
    slow = stack(server, [build_wheel(files, "nap", "2.0", files={"nap/__init__.py": slow_code})], "slow")
    from stackwise.inspect.execute import execute

    delivered: list[InspectionResult] = []

    def keep_then_interrupt(result: InspectionResult) -> None:
        delivered.append(result)
        raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        execute([slow, fast, slow, slow, slow], Check(command="python -c 'import nap'", timeout=300), runner_settings,
                jobs=2, on_result=keep_then_interrupt)
    assert time.monotonic() - started < 60
    assert [r.stack.label for r in delivered] == ["fast"] and delivered[0].outcome == "passed"
    assert len(list(pids.iterdir())) <= 2  # the pending inspections never started
    for pid_file in pids.iterdir():  # the running checks were killed, not left to their 300 s timeout
        assert _ends_within(int(pid_file.name), 10.0), pid_file.name
    assert _children_of(os.getpid()) == []
    assert list((tmp_path / "work").iterdir()) == []  # their work directories were removed


def test_interrupt_on_a_local_cluster_cancels_the_rest(stacks: list[StackRequest], runner_settings: Any) -> None:
    pytest.importorskip("distributed")
    from stackwise.inspect.execute import execute

    delivered: list[InspectionResult] = []

    def keep_then_interrupt(result: InspectionResult) -> None:
        delivered.append(result)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        execute(stacks * 3, Check(timeout=120), runner_settings, scheduler="local-cluster",
                on_result=keep_then_interrupt)
    assert len(delivered) == 1 and delivered[0].outcome in ("passed", "failed", "install-failed")


def test_unreachable_scheduler_is_one_clear_error_fast(runner_settings: Any, stacks: list[StackRequest]) -> None:
    pytest.importorskip("distributed")
    from stackwise.inspect.execute import execute

    port = free_port()
    started = time.monotonic()
    with pytest.raises(StackwiseError) as err:
        execute(stacks, Check(), runner_settings, scheduler=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - started < 15
    text = str(err.value)
    assert f"Cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in text and "dask scheduler" in text
    assert "\n" not in text
    # something listens but never speaks the scheduler's protocol: still one error, in bounded time
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        started = time.monotonic()
        with pytest.raises(StackwiseError, match="did not answer as a Dask scheduler within 10 s"):
            execute(stacks, Check(), runner_settings, scheduler=f"127.0.0.1:{silent.getsockname()[1]}")
        assert time.monotonic() - started < 15
    finally:
        silent.close()
    # something else answers (an SSH server, say): told apart at once
    chatty = socket.socket()
    chatty.bind(("127.0.0.1", 0))
    chatty.listen(8)

    def banner() -> None:
        with contextlib.suppress(OSError):
            conn, _ = chatty.accept()
            conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
            time.sleep(5)
            conn.close()

    threading.Thread(target=banner, daemon=True).start()
    try:
        started = time.monotonic()
        with pytest.raises(StackwiseError, match="something else listens there"):
            execute(stacks, Check(), runner_settings, scheduler=f"tcp://127.0.0.1:{chatty.getsockname()[1]}")
        assert time.monotonic() - started < 5
    finally:
        chatty.close()
    with pytest.raises(StackwiseError, match="is not a Dask scheduler address"):
        execute(stacks, Check(), runner_settings, scheduler="http://example.invalid")


def test_scheduler_without_workers_and_dask_missing(
    runner_settings: Any, stacks: list[StackRequest], monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    from stackwise.inspect.execute import execute

    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", dashboard_address=None,
                                  silence_logs=40) as cluster:
        started = time.monotonic()
        with pytest.raises(StackwiseError, match=r"has no workers .* `dask worker tcp://"):
            execute(stacks, Check(), runner_settings, scheduler=cluster.scheduler_address)
        assert time.monotonic() - started < 15
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(StackwiseError, match=r"pip install 'stackwise\[cluster\]'"):
        execute(stacks, Check(), runner_settings, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(StackwiseError, match="jobs must be a whole number of at least 1"):
        execute(stacks, Check(), runner_settings, jobs=0)
    assert execute([], Check(), runner_settings, jobs=4) == []


def test_a_settings_problem_stops_the_run_with_the_runners_message(
    stacks: list[StackRequest], runner_settings: Any, tmp_path: Path
) -> None:
    """Every inspection would hit it alike: one clear error (naming the worker on a cluster), not N results."""
    pytest.importorskip("distributed")
    import dataclasses

    from stackwise.inspect.execute import execute

    missing = dataclasses.replace(runner_settings, python=str(tmp_path / "no-such-python"))
    delivered: list[InspectionResult] = []
    with pytest.raises(StackwiseError, match=r"no-such-python that inspection environments are made from does not exist"):
        execute(stacks, Check(), missing, jobs=2, on_result=delivered.append)
    with pytest.raises(StackwiseError, match=r"^On Dask worker tcp://127\.0\.0\.1:\d+: The interpreter .*no-such-python"):
        execute(stacks, Check(), missing, scheduler="local-cluster", on_result=delivered.append)
    assert delivered == [] and _children_of(os.getpid()) == []
