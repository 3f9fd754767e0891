"""Hostile inputs to what changed with cache layout 7 and pooled project states.

A remembered proof walk (resolve/engine.py ``_StoredWalks``) trusts "these metadata keys are
still missing" while the cache's metadata generation is unchanged; each test here makes
that generation lie (a trigger dropped or replaced, an older stackwise rebuilding its tables)
and checks that the next offline lock still sees the metadata added meanwhile: real index
server, real wheels, real SQLite, ``stackwise lock`` in-process.
"""

from __future__ import annotations

import logging
import marshal
import sqlite3
from pathlib import Path

import pytest

from stackwise.index.cache import IndexCache
from support import build_wheel
from support.locks import pins_of as pins
from test_edge_store import app_bonus_index, lock, walks_file

DB = "index-v1.sqlite3"


def _remembered_offline_walk(tmp_path: Path, index_factory, capsys) -> str:
    """app 1.0 (which requires the rule's bonus) has no cached metadata: an offline lock
    leaves it out and remembers the walk with the cache's generation."""
    server = app_bonus_index(tmp_path, index_factory)
    text, _ = lock(capsys, tmp_path, server.url, scores=False)
    assert pins(text) == {"app": "2.0"}
    for _ in range(2):  # the second one recalls the walk
        text, err = lock(capsys, tmp_path, server.url, "--offline")
        assert pins(text) == {"app": "2.0"} and "proven best" in err
    walks_file(tmp_path)  # remembered
    return server.url


def _sql(tmp_path: Path, script: str) -> None:
    conn = sqlite3.connect(tmp_path / "cache" / DB)
    conn.executescript(script)
    conn.close()


def test_metadata_added_while_the_trigger_was_dropped_is_seen(tmp_path, index_factory, capsys):
    url = _remembered_offline_walk(tmp_path, index_factory, capsys)
    _sql(tmp_path, "DROP TRIGGER metadata_added;")
    # app 1.0's metadata is stored without being counted (the connection repairs the count
    # first now; before, the generation stayed as the walk recorded it).
    text, _ = lock(capsys, tmp_path, url, scores=False, requirement="app==1.0\n")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"}
    text, err = lock(capsys, tmp_path, url, "--offline")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err


def test_an_older_stackwise_rebuilding_the_cache_does_not_keep_the_generation(tmp_path, index_factory, capsys):
    url = _remembered_offline_walk(tmp_path, index_factory, capsys)
    # What a lock of app==1.0 stores (app 1.0's metadata, bonus's page), made in another cache.
    (tmp_path / "other").mkdir()
    lock(capsys, tmp_path / "other", url, scores=False, requirement="app==1.0\n")
    # What a layout 6 stackwise does with a layout 7 cache: drops and recreates its own
    # tables (the trigger goes with metadata; metadata_gen, unknown to it, stays), sets
    # layout 6, and stores pages and metadata, uncounted.
    conn = sqlite3.connect(tmp_path / "cache" / DB)
    conn.execute("ATTACH DATABASE ? AS other", (str(tmp_path / "other" / "cache" / DB),))
    conn.executescript("CREATE TEMP TABLE kept AS SELECT * FROM metadata; DROP TABLE metadata;"
                       " CREATE TABLE metadata (key TEXT PRIMARY KEY, data TEXT NOT NULL);"
                       " INSERT INTO metadata SELECT * FROM kept;"
                       " INSERT OR REPLACE INTO metadata SELECT * FROM other.metadata;"
                       " INSERT OR REPLACE INTO pages SELECT * FROM other.pages;"
                       " INSERT OR REPLACE INTO page_files SELECT * FROM other.page_files;"
                       " PRAGMA user_version=6;")
    conn.close()
    # This stackwise migrates it back to its layout: the walk's generation must not match.
    text, err = lock(capsys, tmp_path, url, "--offline")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err


@pytest.mark.parametrize("hostile", [
    # a trigger of the same name that counts nothing
    "DROP TRIGGER metadata_added; CREATE TRIGGER metadata_added AFTER INSERT ON metadata BEGIN SELECT 1; END;",
    # another trigger that puts the count back
    "CREATE TRIGGER undo AFTER UPDATE ON metadata_gen BEGIN UPDATE metadata_gen SET n = 0; END;",
    # a table whose count can be NULL (NULL + 1 stays NULL), and a row with it
    "DROP TABLE metadata_gen; CREATE TABLE metadata_gen (id INTEGER PRIMARY KEY, token TEXT, n INTEGER);"
    " INSERT INTO metadata_gen VALUES (1, 'x', NULL);",
    # no row at all: nothing ever counted
    "DELETE FROM metadata_gen;",
], ids=["trigger-counts-nothing", "trigger-undoes-the-count", "count-may-be-null", "no-row"])
def test_an_altered_generation_is_made_anew_and_counts_again(tmp_path, caplog, hostile):
    cache = IndexCache(tmp_path)
    before = cache.metadata_generation()
    cache.close()
    conn = sqlite3.connect(tmp_path / DB)
    conn.executescript(hostile)
    conn.close()
    with caplog.at_level(logging.WARNING, logger="stackwise.index"):
        cache = IndexCache(tmp_path)
        first = cache.metadata_generation()
    assert "metadata count" in caplog.text and "altered; started it anew" in caplog.text
    assert first is not None and first.split(":")[0] != before.split(":")[0]
    cache.put_metadata("sha256:aa", "{}")
    assert cache.metadata_generation() not in (first, None)
    cache.close()


def test_a_generation_altered_under_an_open_connection_is_not_trusted(tmp_path):
    cache = IndexCache(tmp_path)
    assert cache.metadata_generation() is not None
    conn = sqlite3.connect(tmp_path / DB)
    conn.executescript("DROP TRIGGER metadata_added;")
    conn.close()
    assert cache.metadata_generation() is None
    cache.close()


def _rewrite_walk(tmp_path: Path, change) -> None:
    record = walks_file(tmp_path)
    fmt, key, value = marshal.loads(record.read_bytes())
    record.write_bytes(marshal.dumps((fmt, key, change(value))))


@pytest.mark.parametrize("change", [
    # the projects walked left out: nothing of what the walk read would be checked
    lambda v: (v[0], {}, (), v[3]),
    # a generation of another type (format 2's field): the keys are checked one by one
    lambda v: (v[0], v[1], v[2], 7),
], ids=["projects-left-out", "generation-int"])
def test_a_walk_record_of_another_shape_is_walked_again(tmp_path, index_factory, capsys, change):
    url = _remembered_offline_walk(tmp_path, index_factory, capsys)
    text, _ = lock(capsys, tmp_path, url, scores=False, requirement="app==1.0\n")  # app 1.0's metadata
    _rewrite_walk(tmp_path, change)
    text, err = lock(capsys, tmp_path, url, "--offline")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err


def test_a_find_links_wheel_rewritten_mid_run_changes_the_next_state(tmp_path, index_factory):
    """A pooled project's state names its local files by their stat when the project was
    listed: a wheel rewritten after this run read it (its mtime and its directory's put back,
    its size changed) must give the next run another state, or the edges read from the old
    wheel would be remembered under the new wheel's stat."""
    import os

    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig

    files, links = tmp_path / "files", tmp_path / "links"
    build_wheel(files, "app", "2.0")
    build_wheel(links, "app", "1.0")
    server = index_factory(files_dir=files)
    target = TargetEnvironment.for_python("3.11")
    config = IndexConfig(index_urls=(server.url,), find_links=(str(links),), cache_dir=tmp_path / "cache")
    wheel = links / "app-1.0-py3-none-any.whl"
    with IndexClient(config, target) as client:
        old = next(r for r in client.releases("app") if str(r.version) == "1.0")
        assert client.metadata(old).requires_dist == ()
        stamp, was = links.stat(), wheel.stat()
        wheel.unlink()
        build_wheel(links, "app", "1.0", ["bonus"])  # another size
        os.utime(wheel, ns=(was.st_atime_ns, was.st_mtime_ns))
        os.utime(links, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        during = client.project_state("app")  # asked after the read, as the proof's walk does
    with IndexClient(config, target) as client:
        after = client.project_state("app")
    assert during is not None and after is not None and during != after


def _copy_cache_file(src: Path, dst: Path) -> None:
    """The database as a backup tool copies it (no connection is open: each lock closes its own)."""
    dst.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (dst / f"{DB}{suffix}").unlink(missing_ok=True)
        if (src / f"{DB}{suffix}").exists():
            (dst / f"{DB}{suffix}").write_bytes((src / f"{DB}{suffix}").read_bytes())


def test_a_cache_restored_from_an_older_copy_cannot_count_back_to_a_walks_generation(
        tmp_path, index_factory, capsys):
    """Layout 7 counted inserts under a token fixed at creation: a cache file put back from a
    backup (a lower count), then given one insert, had the count a remembered walk recorded
    with other contents, and the walk's "app 1.0's metadata is still missing" was trusted."""
    server = app_bonus_index(tmp_path, index_factory)
    text, _ = lock(capsys, tmp_path, server.url, scores=False)
    assert pins(text) == {"app": "2.0"}
    _copy_cache_file(tmp_path / "cache", tmp_path / "backup")
    cache = IndexCache(tmp_path / "cache")
    for i in range(5):  # inserts after the backup
        cache.put_metadata(f"sha256:{i:064x}", "{}")
    cache.close()
    for _ in range(2):  # remembered, then recalled, with the generation after those inserts
        text, err = lock(capsys, tmp_path, server.url, "--offline")
        assert pins(text) == {"app": "2.0"} and "proven best" in err
    recorded = marshal.loads(_walk_files(tmp_path)[0].read_bytes())[2][3]
    _copy_cache_file(tmp_path / "backup", tmp_path / "cache")
    text, _ = lock(capsys, tmp_path, server.url, scores=False, requirement="app==1.0\n")  # app 1.0's metadata
    assert pins(text) == {"app": "1.0", "bonus": "1.0"}
    cache = IndexCache(tmp_path / "cache")
    count = int(cache.metadata_generation().split(":")[1])
    assert count < int(recorded.split(":")[1])
    while count < int(recorded.split(":")[1]):  # other inserts, up to the count the walk recorded
        cache.put_metadata(f"sha256:{count + 100:064x}", "{}")
        count += 1
    cache.close()
    text, err = lock(capsys, tmp_path, server.url, "--offline")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err


def test_a_generation_is_never_drawn_twice(tmp_path):
    """An older copy of the cache, added to, never shows a generation the original showed."""
    cache = IndexCache(tmp_path / "a")
    seen = {cache.metadata_generation()}
    for i in range(20):
        if i == 10:
            cache.close()
            _copy_cache_file(tmp_path / "a", tmp_path / "b")  # a backup halfway
        cache.put_metadata(f"sha256:{i:064x}", "{}")
        seen.add(cache.metadata_generation())
    cache.close()
    copy = IndexCache(tmp_path / "b")
    assert copy.metadata_generation() in seen  # the copy itself is the same cache
    for i in range(10):
        copy.put_metadata(f"sha256:{i + 100:064x}", "{}")
        assert copy.metadata_generation() not in seen
    assert len(seen) == 21
    copy.close()


def _walk_files(tmp_path: Path) -> tuple[Path, Path]:
    record = walks_file(tmp_path)
    return record, record.with_suffix(".x")


def test_a_walks_missing_keys_are_kept_beside_it_and_read_only_when_metadata_was_added(
        tmp_path, index_factory, capsys):
    url = _remembered_offline_walk(tmp_path, index_factory, capsys)
    record, keys = _walk_files(tmp_path)
    assert keys.exists() and b"sha256:" not in record.read_bytes()
    before = (record.read_bytes(), record.stat().st_mtime_ns)
    keys.unlink()  # not needed while nothing was added: the walk is recalled, not made again
    text, err = lock(capsys, tmp_path, url, "--offline")
    assert pins(text) == {"app": "2.0"} and "proven best" in err
    assert (record.read_bytes(), record.stat().st_mtime_ns) == before


@pytest.mark.parametrize("damage", ["deleted", "another-walks", "garbage"])
def test_a_walk_without_its_own_missing_keys_is_walked_again(tmp_path, index_factory, capsys, damage):
    url = _remembered_offline_walk(tmp_path, index_factory, capsys)
    record, keys = _walk_files(tmp_path)
    if damage == "deleted":
        keys.unlink()
    elif damage == "another-walks":  # the same keys, written with another record
        fmt, key, value, extra = marshal.loads(keys.read_bytes())
        keys.write_bytes(marshal.dumps((fmt, key, (value[0], {}, value[2], value[3]), extra)))
    else:
        keys.write_bytes(b"\x00garbage")
    text, _ = lock(capsys, tmp_path, url, scores=False, requirement="app==1.0\n")  # metadata added
    text, err = lock(capsys, tmp_path, url, "--offline")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err
