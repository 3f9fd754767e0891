"""Index cache layout 8 -> 9: pages stored by a stackwise that read sdist names by the older
rule (it missed ``.tar.bz2``/``.tgz`` sdists and ``name-1.0-post1`` names) are read again.

A real lock against a local index on 127.0.0.1 fills the cache; the page's rows are then made
to miss a release, as layout 8 stored such pages, with the page fresh and its validators kept
(a v8 run would not refetch it, and a revalidation would be told "304 Not Modified").
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from stackwise.cli import main
from stackwise.index.layout import SCHEMA_VERSION


def _lock(index_url: str, cache: Path, out: Path, *args: str) -> int:
    return main(["lock", *args, "-i", index_url, "--no-default-scores", "--cache-dir", str(cache), "-o", str(out),
                 "-q", "--no-reuse"])


def test_pages_stored_by_layout_8_are_read_again(index_factory, tmp_path: Path) -> None:
    index = index_factory({"alpha": {"1.0": [], "2.0": []}}, max_age=3600)
    cache, out = tmp_path / "cache", tmp_path / "lock.txt"
    assert _lock(index.url, cache, out, "alpha") == 0
    assert "alpha==2.0" in out.read_text()

    db = cache / "index-v1.sqlite3"
    conn = sqlite3.connect(db)
    page_rows = conn.execute("SELECT url, version, rows FROM page_files").fetchall()
    missing = [(url, version) for url, version, rows in page_rows
               if any(str(row[0]).startswith("alpha-2.0") for row in json.loads(rows))]
    assert missing, page_rows
    for url, version in missing:  # what a v8 reading of a .tar.bz2-only release left: nothing
        conn.execute("DELETE FROM page_files WHERE url=? AND version=?", (url, version))
        (listed,) = conn.execute("SELECT rows FROM pages WHERE url=?", (url,)).fetchone()
        conn.execute("UPDATE pages SET rows=? WHERE url=?",
                     (json.dumps([v for v in json.loads(listed) if v != version]), url))
    conn.execute("UPDATE pages SET fetched_at=?, etag=COALESCE(etag, 'W/\"v8\"')", (time.time(),))
    conn.execute("DELETE FROM digests")
    conn.execute("DELETE FROM lock_results")
    conn.execute("PRAGMA user_version=8")
    conn.commit()
    conn.close()

    # Online: the page is fetched and read again (not "304 Not Modified" about the old rows).
    assert _lock(index.url, cache, out, "alpha==2.0") == 0
    assert "alpha==2.0" in out.read_text()
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
