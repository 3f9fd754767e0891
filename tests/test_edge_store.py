"""Dependency edges remembered between runs (index/edgestore.py) never change a verdict.

The proof that a stack is optimal walks the dependencies of every allowed release when a
positive rule is about a project no resolution met. Those edges are remembered in the
cache, per project under the content hash of its index page, and a release whose metadata
was missing offline under its metadata key. Each test changes what the edges come from
and checks that the next lock follows the change instead of the remembered edges: real
index server, real wheels, ``stackwise lock`` in-process.
"""

from __future__ import annotations

import json
import marshal
import os
from pathlib import Path

import pytest

from stackwise.cli import main
from support import build_wheel
from support.locks import pins_of as pins

BONUS = {"id": "t/bonus", "package": "bonus", "specifier": "", "score": 1.0, "category": "stability",
         "message": "bonus is good", "link": "https://example.org/bonus", "source": "test"}


def write_scores(path: Path, rules: list[dict]) -> Path:
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "revision": "t", "rules": rules}))
    return path


def lock(capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, *extra: str,
         scores: bool = True, requirement: str = "app\n") -> tuple[str, str]:
    (tmp_path / "req.in").write_text(requirement)
    args = ["lock", "-r", str(tmp_path / "req.in"), "--index-url", url, "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt"), "--no-reuse", *extra]
    if scores:
        args += ["--scores", str(write_scores(tmp_path / "scores.json", [BONUS]))]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 0, err
    return (tmp_path / "out.txt").read_text(), err


def store_entries(tmp_path: Path) -> list[object]:
    files = list((tmp_path / "cache" / "reach-v1").glob("*.marshal"))
    assert len(files) == 1
    _, projects = marshal.loads(files[0].read_bytes())
    return [entry for _, entries in projects.values() for entry in entries.values()]


def walks_file(tmp_path: Path) -> Path:
    """The one remembered walk's record (not the ".x" file of its missing keys beside it)."""
    found = [p for p in (tmp_path / "cache" / "reach-v1").glob("*.walks/*") if not p.suffix]
    assert len(found) == 1, found
    return found[0]


def test_a_changed_release_file_is_walked_again(tmp_path, index_factory, capsys):
    files = tmp_path / "files"
    build_wheel(files, "app", "2.0")
    build_wheel(files, "app", "1.0")
    build_wheel(files, "bonus", "1.0")
    server = index_factory(files_dir=files)

    text, err = lock(capsys, tmp_path, server.url)
    assert pins(text) == {"app": "2.0"} and "proven best" in err  # bonus: no stack reaches it
    assert store_entries(tmp_path)  # what the walk read is remembered
    text, err = lock(capsys, tmp_path, server.url, "--offline")
    assert pins(text) == {"app": "2.0"} and "proven best" in err

    # The index now serves another file for app 1.0, one that requires bonus: the same
    # (project, version, origin), new edges. The page changed, so its edges are read again.
    (files / "app-1.0-py3-none-any.whl").unlink()
    build_wheel(files, "app", "1.0", ["bonus"])
    text, err = lock(capsys, tmp_path, server.url, "--cache-ttl", "0")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err
    text, err = lock(capsys, tmp_path, server.url, "--offline")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err


def app_bonus_index(tmp_path: Path, index_factory):
    """app 2.0 needs nothing, app 1.0 needs bonus (the project the rule rewards)."""
    files = tmp_path / "files"
    build_wheel(files, "app", "2.0")
    build_wheel(files, "app", "1.0", ["bonus"])
    build_wheel(files, "bonus", "1.0")
    return index_factory(files_dir=files)


def test_metadata_missing_offline_is_asked_again_each_run(tmp_path, index_factory, capsys):
    server = app_bonus_index(tmp_path, index_factory)

    # Online without rules: the pages and app 2.0's metadata are cached, app 1.0's is not.
    text, _ = lock(capsys, tmp_path, server.url, scores=False)
    assert pins(text) == {"app": "2.0"}
    # Offline with the rule: app 1.0 cannot be evaluated here, so it is in no stack.
    text, err = lock(capsys, tmp_path, server.url, "--offline")
    assert pins(text) == {"app": "2.0"} and "proven best" in err
    assert ("unavailable" in {e[0] for e in store_entries(tmp_path) if isinstance(e[0], str)})
    text, err = lock(capsys, tmp_path, server.url, "--offline")  # from the store: the same verdict
    assert pins(text) == {"app": "2.0"} and "proven best" in err

    # Another lock fetches app 1.0's metadata (no walk: no rules). The store still says
    # "unavailable", but the next offline walk must see that the metadata is there now.
    text, _ = lock(capsys, tmp_path, server.url, scores=False, requirement="app==1.0\n")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"}
    text, err = lock(capsys, tmp_path, server.url, "--offline")
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err


def test_an_unreadable_store_is_a_miss(tmp_path, index_factory, capsys):
    files = tmp_path / "files"
    build_wheel(files, "app", "2.0")
    build_wheel(files, "app", "1.0", ["bonus"])
    build_wheel(files, "bonus", "1.0")
    server = index_factory(files_dir=files)
    expected, _ = lock(capsys, tmp_path, server.url)
    assert pins(expected) == {"app": "1.0", "bonus": "1.0"}
    for path in (tmp_path / "cache" / "reach-v1").glob("*.marshal"):
        path.write_bytes(b"\x00garbage")
    text, err = lock(capsys, tmp_path, server.url, "--offline")
    assert pins(text) == pins(expected) and "proven best" in err
    assert store_entries(tmp_path)  # written again


def test_pooled_locations_are_remembered_and_a_wheel_rewritten_in_place_is_read_again(
        tmp_path, index_factory, capsys):
    # app 1.0 comes from a find-links directory (a local file, no hash listed), the rest from
    # the index: a pooled project, whose state is its locations' stamps and its local files'.
    files, links = tmp_path / "files", tmp_path / "links"
    build_wheel(files, "app", "2.0")
    build_wheel(files, "bonus", "1.0")
    build_wheel(links, "app", "1.0")
    server = index_factory(files_dir=files)
    flags = ("--find-links", str(links))

    text, err = lock(capsys, tmp_path, server.url, *flags)
    assert pins(text) == {"app": "2.0"} and "proven best" in err
    assert store_entries(tmp_path)  # pooled projects' edges are remembered too
    walk = walks_file(tmp_path)  # and so is the whole walk
    before = (walk.read_bytes(), walk.stat().st_mtime_ns)
    text, err = lock(capsys, tmp_path, server.url, *flags, "--offline")
    assert pins(text) == {"app": "2.0"} and "proven best" in err
    assert (walk.read_bytes(), walk.stat().st_mtime_ns) == before  # used, not walked again

    # The wheel is rebuilt in place with a dependency on bonus, and the directory's mtime put
    # back: the location's stamp is unchanged, only the file's stat tells.
    wheel = links / "app-1.0-py3-none-any.whl"
    stamp = links.stat()
    wheel.unlink()
    build_wheel(links, "app", "1.0", ["bonus"])
    os.utime(links, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert links.stat().st_mtime_ns == stamp.st_mtime_ns
    text, err = lock(capsys, tmp_path, server.url, *flags)  # online: no lock has read bonus's page yet
    assert pins(text) == {"app": "1.0", "bonus": "1.0"} and "proven best" in err
