"""A damaged index cache entry of a project pooled from several locations is fetched again.

Why: a page entry whose per-version rows do not match the versions it lists (a write an older
stackwise interrupted between its statements, or a row format another build wrote) made every
later lock of the project stop with "The files of … are no longer listed by the configured
locations … Run the command again", and running it again failed the same way until the cache
was cleared. The single-location path already read such a page again; the pooled one now does.
"""

from __future__ import annotations

import sqlite3

from stackwise.cli import main


def test_a_damaged_pooled_page_is_fetched_again(tmp_path, index_factory, capsys) -> None:
    first = index_factory({"alpha": {"1.0": [], "2.0": []}})
    second = index_factory({"alpha": {"0.5": []}})
    args = ["lock", "alpha", "--no-default-scores", "--no-hashes", "--no-reuse", "--index-url", first.url,
            "--extra-index-url", second.url, "--isolated", "--cache-dir", str(tmp_path / "cache"),
            "-o", str(tmp_path / "lock.txt")]
    assert main(args) == 0, capsys.readouterr().err
    db = next((tmp_path / "cache").glob("index-v*.sqlite3"))
    with sqlite3.connect(db) as c:  # the rows of alpha 2.0 on the first index, under another key
        changed = c.execute("UPDATE page_files SET version='damaged' WHERE version='2.0' AND url LIKE ?",
                            (first.url + "%",)).rowcount
    assert changed == 1
    capsys.readouterr()
    first.clear_log()
    assert main(args) == 0, capsys.readouterr().err
    assert "alpha==2.0" in (tmp_path / "lock.txt").read_text()
    assert "/simple/alpha/" in first.requests_log  # fetched again
    assert main(args) == 0, capsys.readouterr().err  # and healed for the runs after
