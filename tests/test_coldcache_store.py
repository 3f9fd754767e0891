"""Cold-lock speed without weaker caches: a page's rows in one INSERT, reads beside a write in
progress, one TLS context per run.

A cold lock stores ~16,000 versions' rows; ``put_page`` inserts a page's rows with one
statement (``cache._INSERT_FILES``) instead of one ``executemany`` step per version, each of
which gave the GIL up and waited for it back with the cache lock held. The rows stored are
the same, one per version, so warm runs and older stackwise versions read them as before.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import ssl
from pathlib import Path

import pytest

from stackwise.environment import TargetEnvironment
from stackwise.errors import IndexFetchError
from stackwise.index import cache as cache_mod
from stackwise.index.cache import DB_NAME, IndexCache
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from support import build_wheel

TARGET = TargetEnvironment.for_python("3.11")
URL = "https://index.example/simple/pkg/"


def _by_version(n: int) -> dict[str, str]:
    """Per-version texts as the client makes them (compact JSON lists of rows), sizes varied;
    one yanked reason outside ASCII (the blob is cut at byte offsets, not characters)."""
    out = {}
    for i in range(n):
        v = f"1.{i}"
        rows = [[f"pkg-{v}-{k}.whl", f"https://files.example/pkg-{v}-{k}.whl", {"sha256": f"{i:02d}{k:062d}"},
                 None, "défaut ✗" if i == 3 else None, False, v, None, ["py3-none-any"], 1700000000 + i, 1000 + k]
                for k in range(1 + i % 4)]
        out[v] = json.dumps(rows, separators=(",", ":"), ensure_ascii=i % 2 == 0)
    return out


def _page_file_inserts(cache: IndexCache, by_version: dict[str, str]) -> int:
    """Store a page; how many INSERT steps into page_files SQLite ran for it."""
    seen: list[str] = []
    cache.get_page(URL)  # opens the connection
    assert cache._conn is not None
    cache._conn.set_trace_callback(lambda sql: seen.append(sql) if "INTO page_files" in sql else None)
    cache.put_page(URL, json.dumps(list(by_version)), by_version=by_version)
    cache._conn.set_trace_callback(None)
    return len(seen)


@pytest.mark.parametrize("versions", [
    {},
    {"2.0|x": "[[1]]", "3.0 y": "[[2]]", "4:0": "[[3]]", "5.0": "[]", "6.0": ""},
])
def test_a_pages_rows_are_stored_by_one_statement_and_read_back_unchanged(tmp_path: Path, versions) -> None:
    by_version = {**_by_version(40), **versions}
    cache = IndexCache(tmp_path)
    assert _page_file_inserts(cache, by_version) == 1
    assert cache.get_page_files(URL) == by_version
    for v, text in by_version.items():
        assert cache.get_page_files(URL, [v]) == {v: text}
    kinds = sqlite3.connect(tmp_path / DB_NAME).execute(
        "SELECT DISTINCT typeof(version), typeof(rows) FROM page_files").fetchall()
    assert kinds == [("text", "text")]  # stored as text, as one row per version always was
    # Stored again with other rows: the old versions are gone, the new ones there.
    fewer = dict(list(by_version.items())[5:9])
    assert _page_file_inserts(cache, fewer) == 1 and cache.get_page_files(URL) == fewer


@pytest.mark.parametrize("case", ["not-ascii-version", "no-json-functions"])
def test_rows_go_one_by_one_when_one_statement_cannot_carry_them(tmp_path: Path, monkeypatch, case: str) -> None:
    by_version = _by_version(5)
    if case == "not-ascii-version":
        by_version["1.0\u00e9"] = "[[9]]"
        by_version["1.0\x00"] = "[[8]]"
        by_version = {k.encode().decode("unicode_escape"): t for k, t in by_version.items()}
    else:
        monkeypatch.setattr(cache_mod, "_ONE_STATEMENT", [False])
    cache = IndexCache(tmp_path)
    assert _page_file_inserts(cache, by_version) == len(by_version)
    assert cache.get_page_files(URL) == by_version


def test_a_write_that_fails_halfway_leaves_the_stored_page_whole(tmp_path: Path) -> None:
    """put_page's statements are one transaction: a failure before its last one (here a real
    SQLite error, raised by a trigger on ``pages``) leaves the old rows and entry as they were.
    In autocommit mode ``with conn:`` began nothing, and the old entry kept new rows."""
    old, new = _by_version(6), _by_version(9)
    cache = IndexCache(tmp_path)
    cache.put_page(URL, json.dumps(list(old)), by_version=old, etag="old")
    conn = cache._conn
    assert conn is not None

    def boom() -> int:
        raise RuntimeError("disk went away")

    conn.create_function("boom", 0, boom)
    conn.execute("CREATE TEMP TRIGGER fail_pages BEFORE INSERT ON pages BEGIN SELECT boom(); END")
    cache.put_page(URL, json.dumps(list(new)), by_version=new, etag="new")  # logged, not raised
    assert not conn.in_transaction
    conn.execute("DROP TRIGGER fail_pages")
    entry = cache.get_page(URL)
    assert entry is not None and entry.etag == "old" and json.loads(entry.rows) == list(old)
    assert cache.get_page_files(URL) == old
    cache.put_page(URL, json.dumps(list(new)), by_version=new, etag="new")  # the connection works on
    assert cache.get_page(URL).etag == "new" and cache.get_page_files(URL) == new


def test_a_read_does_not_wait_for_another_threads_write_and_never_sees_it(tmp_path: Path) -> None:
    """A fetching thread holding the connection (a page of tens of MB being stored) no longer
    stalls the resolver's reads: they read the last committed state on a second connection."""
    import threading
    import time

    by_version = _by_version(8)
    cache = IndexCache(tmp_path)
    cache.put_page(URL, json.dumps(list(by_version)), by_version=by_version, etag="e1")
    cache.put_metadata("sha256:abc", '{"m": 1}')
    writing, release = threading.Event(), threading.Event()

    def writer() -> None:  # what put_page does, stopped halfway
        with cache._lock:
            conn = cache._conn
            assert conn is not None
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("DELETE FROM page_files WHERE url=?", (URL,))
            conn.execute("UPDATE pages SET etag='e2' WHERE url=?", (URL,))
            conn.execute("INSERT INTO metadata (key, data) VALUES ('sha256:new', '{}')")
            writing.set()
            release.wait(30)
            conn.execute("ROLLBACK")

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(30)
        start = time.monotonic()
        entry = cache.get_page(URL)
        assert entry is not None and entry.etag == "e1"
        assert cache.get_page_and_digest(URL, "t")[0] == entry
        assert cache.get_page_files(URL) == by_version and cache.get_page_files(URL, ["1.2"]) == {"1.2": by_version["1.2"]}
        assert cache.get_metadata("sha256:abc") == '{"m": 1}' and cache.get_metadata("sha256:new") is None
        assert cache.metadata_present(["sha256:abc", "sha256:new"]) == {"sha256:abc"}
        assert not release.is_set() and time.monotonic() - start < 20  # answered while the write was open
    finally:
        release.set()
        thread.join()
    assert cache.get_page(URL).etag == "e1"  # the write was rolled back; the first connection reads on
    cache.close()
    memory = IndexCache(None)  # no file, no second connection: a read waits as it always did
    memory.put_page(URL, "[]")
    assert memory.get_page(URL) is not None


# -- TLS: the CA bundle is read once per run, and certificates are still checked ------------


def _tls_server(tmp_path: Path, files: Path):
    from support.tls import self_signed
    from test_format_control import TLSIndexServer

    cert, key = self_signed(tmp_path)
    return cert, TLSIndexServer(files, cert, key)


def test_one_ca_bundle_load_for_all_of_a_runs_connections(tmp_path: Path, monkeypatch) -> None:
    files = tmp_path / "files"
    names = [f"p{i}" for i in range(6)]
    for name in names:
        build_wheel(files, name, "1.0")
    cert, server = _tls_server(tmp_path, files)
    loads: list[object] = []
    real = ssl.SSLContext.load_verify_locations

    def counted(self, *args, **kwargs):  # the real call, counted
        loads.append(args or kwargs)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    with server as tls:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
        with IndexClient(IndexConfig(index_urls=(tls.url,), cache_dir=tmp_path / "c"), TARGET) as client:
            client.prefetch(names)  # several threads, each with its own connection
            assert [str(client.project(n).releases[0].version) for n in names] == ["1.0"] * len(names)
        connections = len([line for line in tls.requests_log if line.startswith("/simple/")])
        assert connections == len(names)
        assert len(loads) <= 1, loads

        # Still checked: an untrusted certificate, and a host name the certificate does not name.
        monkeypatch.delenv("REQUESTS_CA_BUNDLE")
        with IndexClient(IndexConfig(index_urls=(tls.url,), cache_dir=tmp_path / "c2", timeout=5), TARGET) as client, \
                pytest.raises(IndexFetchError, match="TLS/SSL verification failed"):
            client.project("p0")
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
        try:
            socket.getaddrinfo("localhost", None)
        except OSError:
            return
        by_name = tls.url.replace("127.0.0.1", "localhost")
        with IndexClient(IndexConfig(index_urls=(by_name,), cache_dir=tmp_path / "c3", timeout=5), TARGET) as client, \
                pytest.raises(IndexFetchError):
            client.project("p0")
