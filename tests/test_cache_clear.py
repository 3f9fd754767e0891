"""``stackwise cache info|clear`` and the byte cap: reachability edges and verified snapshot files.

``cache clear`` removes the reachability edge store (``reach-v1``, derived from the index
cache) with the index cache, and the verified TUF target files with the scores, but keeps
the trusted TUF metadata: it is what refuses a rollback, so a service restored from an old
backup must still be refused after a clear. Real components: the score service on
127.0.0.1 with keys from ``stackwise serve keys init`` (test_server_tuf's :class:`Repo`),
ngclient behind stackwise's fetcher, the real edge store and score cache.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from stackwise.index.edgestore import EdgeStore
from stackwise.knowledge.cache import ScoreCache, default_cache_root, tuf_target_files
from test_server_tuf import Repo, _copy_database, rule
from test_server_tuf_online import Client
from test_service import run_cli

METADATA = {"root.json", "timestamp.json", "snapshot.json", "targets.json"}


@pytest.fixture
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Repo]:
    r = Repo(tmp_path, capsys)
    yield r
    r.stop()
    r.storage.close()


def _edges(cache: Path) -> Path:
    store = EdgeStore(cache, {"python_version": "3.11"})
    store.put("simplelib", "state", "1.0", None, (frozenset({"dependency1"}), {}))
    store.save()
    assert store.path is not None and store.path.is_file()
    return store.path


def test_clear_removes_verified_files_and_edges_but_keeps_the_rollback_protection(
        repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(rule("s-1", "numpy"))
    url = repo.start()
    client = Client(repo)
    assert client.ids(url) == ["s-1"]
    backup = repo.tmp / "backup.sqlite3"
    _copy_database(repo.db, backup)
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"))
    assert client.ids(url) == ["s-1", "veto-1"]
    cache = repo.cache
    (trusted,) = (cache / "tuf-v1").iterdir()
    ((target, size),) = tuf_target_files(cache)
    edges = _edges(cache)
    (cache / "index-v1.sqlite3").write_bytes(b"\0" * 4096)  # stands in for the index cache's file

    assert run_cli(["cache", "info", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "verified snapshots (TUF): 1 file(s)" in out and "trusted metadata" in out, out
    assert "reachability edges (derived from the index cache):" in out, out

    assert run_cli(["cache", "clear", "--scores-only", "--cache-dir", str(cache)]) == 0
    err = capsys.readouterr().err
    assert "1 verified snapshot file(s)" in err and "index cache" not in err, err
    assert not target.exists() and tuf_target_files(cache) == []
    assert {p.name for p in trusted.iterdir()} >= METADATA  # the trusted metadata stays
    assert edges.is_file() and (cache / "index-v1.sqlite3").is_file()  # --scores-only keeps both

    # The service comes back from the older backup: still a rollback, refused, even though the
    # verified file was cleared (so there is no last verified knowledge to keep using).
    repo.stop()
    _copy_database(backup, repo.db)
    url = repo.start()
    client.warnings.clear()
    assert client.ids(url) == []
    assert len(client.warnings) == 1 and "rollback" in client.warnings[0], client.warnings

    assert run_cli(["cache", "clear", "--cache-dir", str(cache)]) == 0
    err = capsys.readouterr().err
    assert "reachability edges" in err and "index cache" in err, err
    assert not edges.exists() and not (cache / "reach-v1").exists()
    assert not (cache / "index-v1.sqlite3").exists()
    assert {p.name for p in trusted.iterdir()} >= METADATA
    assert run_cli(["cache", "info", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "reachability edges" not in out and "verified snapshots (TUF): 0 file(s)" in out, out


def test_a_cleared_target_is_downloaded_and_verified_again(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"))
    url = repo.start()
    client = Client(repo)
    assert client.ids(url) == ["veto-1"]
    assert run_cli(["cache", "clear", "--cache-dir", str(repo.cache)]) == 0
    capsys.readouterr()
    assert client.ids(url, offline=True) == [] and "no verified snapshot is cached" in client.warnings[-1]
    client.warnings.clear()
    assert client.ids(url) == ["veto-1"] and client.warnings == []
    assert len(tuf_target_files(repo.cache)) == 1


def test_verified_files_count_toward_the_score_cache_cap(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    target = cache_dir / "tuf-v1" / "0123abcd" / "targets" / f"{'ab' * 32}.scores.json"
    target.parent.mkdir(parents=True)
    target.write_bytes(b" " * 60_000)
    cap = 100_000
    cache = ScoreCache(default_cache_root(cache_dir), "http://a.example", max_bytes=cap)
    entry = {"format": "stackwise-scores", "version": 1,
             "rules": [rule(f"r{i}", "pkg", spec=f"=={i}") for i in range(20)]}  # ~2.5 kB each
    now = time.time()
    for i in range(20):
        with cache.locked():
            cache.put(f"pkg{i}", None, {**entry, "rules": [dict(r, package=f"pkg{i}") for r in entry["rules"]]}, now)
        time.sleep(0.002)
    documents = sum(p.stat().st_size for p in cache.packages_dir.glob("*.json"))
    assert cache.evicted > 0 and documents + target.stat().st_size <= cap, documents
    assert target.is_file()  # what a verified client resolves with is never evicted
    assert cache.get("pkg19") is not None and cache.get("pkg0") is None  # the oldest documents went
    assert json.loads((cache.packages_dir / "pkg19.json").read_text())["package"] == "pkg19"
