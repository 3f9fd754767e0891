"""Conflict explanations list versions newest first, keeping the oldest and a count.

Why: with hundreds of releases the oldest-first list ("0.4.1, 0.4.2, ... (+2529 more)") hid the
versions a user would try (the newest) in the count. A real lock against an index on 127.0.0.1
with 1.0 ... 1.19 of ``lib`` and a constraint that excludes them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.resolve.diagnose import _versions_text
from test_errors_lock import failure

VERSIONS = [f"1.{i}" for i in range(20)]


def test_a_long_list_shows_the_newest_then_the_count_and_the_oldest(tmp_path: Path, index_factory,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    server = index_factory({"lib": {v: [] for v in VERSIONS}})
    con = tmp_path / "c.txt"
    con.write_text("lib>=99\n")
    out = tmp_path / "requirements.txt"
    code = main(["lock", "lib", "-c", str(con), "--index-url", server.url, "--isolated", "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    listed = "1.19, 1.18, 1.17, 1.16, 1.15, 1.14, 1.13, ... (+12 more), 1.0"
    failure(code, out, capsys, f"The index has lib {listed}; each was ruled out:",
            f"  {listed}: excluded by the constraint lib>=99 ({con}:1)")


def test_short_lists_are_newest_first_too() -> None:
    from packaging.version import Version

    assert _versions_text({Version("1.0"), Version("2.0"), Version("1.10")}) == "2.0, 1.10, 1.0"
    assert _versions_text([]) == ""
