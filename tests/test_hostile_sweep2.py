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
from test_edge_store import app_bonus_index, lock

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
    assert list((tmp_path / "cache" / "reach-v1").glob("*.walks/*"))
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
    # This stackwise migrates it back to layout 7: the walk's generation must not match.
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
    records = list((tmp_path / "cache" / "reach-v1").glob("*.walks/*"))
    assert len(records) == 1
    fmt, key, value = marshal.loads(records[0].read_bytes())
    records[0].write_bytes(marshal.dumps((fmt, key, change(value))))


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
