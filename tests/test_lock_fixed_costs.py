"""The fixed work of every ``stackwise lock`` stays cheap without changing what it means.

* the stamp of stackwise's own files (part of the reuse key) lists exactly what the
  ``os.walk`` version listed, in the same order, and notices an edited or added file;
* a lock remembered again with the same result is updated in place in the cache (one
  page written, not the whole record) and still replays with the time it was stored;
* modules a requirements lock does not need are not imported by it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.commands.lockcache import tree_stamp
from stackwise.index.cache import IndexCache
from stackwise.index.layout import DB_NAME
from support import build_wheel

REUSED = "reused the lock computed at"


def walk_stamp(root: str) -> list[list[object]]:
    """The stamp as it was first written: ``os.walk`` + ``os.stat`` + ``os.path.relpath``."""
    out: list[list[object]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            out.append([os.path.relpath(os.path.join(dirpath, name), root), st.st_mtime_ns, st.st_size,
                        st.st_ctime_ns])
    return out


def test_tree_stamp_lists_what_os_walk_lists(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "__pycache__").mkdir()
    (root / "sub" / "__pycache__").mkdir()
    (root / "b.py").write_text("b")
    (root / "a.py").write_text("aa")
    (root / "sub" / "z.py").write_text("z")
    (root / "sub" / "deeper" / "data.json").write_text("{}")
    (root / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"x")
    (root / "sub" / "__pycache__" / "z.pyc").write_bytes(b"x")
    (root / "sub" / "__pycache__x").mkdir()  # only the exact name is left out
    (root / "sub" / "__pycache__x" / "kept").write_text("k")
    os.symlink(root / "sub", root / "linked-dir")  # listed as a directory, not entered
    os.symlink(root / "a.py", root / "sub" / "linked-file")  # a file: stamped through the link
    os.symlink(root / "missing", root / "broken")  # cannot be stamped: left out

    expected = walk_stamp(str(root))
    assert tree_stamp(str(root)) == expected
    names = [row[0] for row in expected]
    assert names == ["a.py", "b.py", "sub/linked-file", "sub/z.py", "sub/__pycache__x/kept",
                     "sub/deeper/data.json"]

    before = tree_stamp(str(root))
    (root / "sub" / "z.py").write_text("zz")  # edited in place: same directory entries
    assert tree_stamp(str(root)) != before
    before, st = tree_stamp(str(root)), (root / "b.py").stat()
    (root / "b.py").write_text("c")  # the same size, the mtime put back: the change time tells
    os.utime(root / "b.py", ns=(st.st_atime_ns, st.st_mtime_ns))
    assert tree_stamp(str(root)) != before
    (root / "sub" / "deeper" / "new.py").write_text("")
    assert [r[0] for r in tree_stamp(str(root))] == [*names, "sub/deeper/new.py"]
    assert tree_stamp(str(root / "absent")) == []


def test_tree_stamp_of_the_installed_package_matches_os_walk() -> None:
    import stackwise

    root = os.path.dirname(stackwise.__file__)
    assert tree_stamp(root) == walk_stamp(root)


def _wal_size(path: Path) -> int:
    wal = Path(str(path) + "-wal")
    return wal.stat().st_size if wal.exists() else 0


@pytest.mark.skipif(sqlite3.sqlite_version_info < (3, 23), reason="SQLite overwrites same-size rows since 3.23")
def test_the_same_lock_result_stored_again_writes_one_page(tmp_path: Path) -> None:
    cache = IndexCache(tmp_path)
    data = json.dumps({"format": 2, "text": "x" * 200_000})
    cache.put_lock_result("k", data)
    reader = sqlite3.connect(tmp_path / DB_NAME)  # held open: closing the cache does not checkpoint
    try:
        assert reader.execute("SELECT count(*) FROM lock_results").fetchone() == (1,)  # opens the file
        cache.close()
        start = _wal_size(tmp_path / DB_NAME)
        assert start > 200_000  # the first record, still in the log (the reader holds it open)
        cache.put_lock_result("k", data)
        cache.close()
        assert _wal_size(tmp_path / DB_NAME) - start < 20_000  # a page or two, not 200 kB
        created_first = reader.execute("SELECT created FROM lock_results WHERE key='k'").fetchone()[0]
        time.sleep(0.01)
        changed = json.dumps({"format": 2, "text": "y" * 200_000})
        cache.put_lock_result("k", changed)
        cache.put_lock_result("other", data)
        cache.close()
        rows = dict(reader.execute("SELECT key, data FROM lock_results").fetchall())
        assert rows == {"k": changed, "other": data}
        assert reader.execute("SELECT created FROM lock_results WHERE key='k'").fetchone()[0] > created_first
    finally:
        reader.close()


def test_a_relocked_result_replays_with_the_time_it_was_last_stored(tmp_path: Path, capsys) -> None:
    links = tmp_path / "links"
    build_wheel(links, "alpha", "1.0", ["beta"])
    build_wheel(links, "beta", "1.0")
    (tmp_path / "req.in").write_text("alpha\n")
    args = ["lock", "-r", str(tmp_path / "req.in"), "--no-index", "--find-links", str(links), "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")]

    def rows() -> list[tuple[float, str]]:
        db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
        try:
            return db.execute("SELECT created, data FROM lock_results").fetchall()
        finally:
            db.close()

    assert main(args) == 0
    ((created, data),) = rows()
    assert "created" not in json.loads(data)  # the time is the row's, so the same result repeats its bytes
    db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
    db.execute("UPDATE lock_results SET created=?", (created - 3 * 86400,))  # three days old
    db.commit()
    db.close()
    st = links.stat()
    os.utime(links, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a source changed: resolved again
    capsys.readouterr()
    assert main(args) == 0
    assert REUSED not in capsys.readouterr().err
    ((created_again, _),) = rows()
    assert created_again >= created  # stored again under the same key, with the new time
    assert main(args) == 0
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(created_again))
    assert f"{REUSED} {when}:" in capsys.readouterr().err


def test_a_requirements_lock_does_not_import_what_it_does_not_use(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import stackwise.commands.lock, stackwise.lockfiles.requirements\n"
        "print(sorted(m for m in ('stackwise.lockfiles.model', 'stackwise._explanation') if m in sys.modules))\n"
        "import stackwise.api, stackwise.lockfiles\n"
        "print(stackwise.api.Explanation.__name__, stackwise.api.ExplainedRule.__name__, stackwise.Explanation.__name__)\n"
        "print(stackwise.lockfiles.Lock.__name__, stackwise.lockfiles.LockedFile.__name__)\n"
        "from stackwise.lockfiles import LockedPackage; print(LockedPackage.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["[]", "Explanation ExplainedRule Explanation", "Lock LockedFile", "LockedPackage"]
    with pytest.raises(AttributeError):
        import stackwise.api

        stackwise.api.NotAName  # noqa: B018 - the module's __getattr__ still refuses other names


@pytest.mark.parametrize("reuse", [True, False], ids=["reused-lock", "no-reuse"])
def test_a_local_index_page_rewritten_with_size_and_mtime_put_back_is_locked_again(
        tmp_path: Path, capsys, reuse: bool) -> None:
    """Neither the remembered lock nor the stored page may outlive a same-size rewrite."""
    files = tmp_path / "files"
    one, two = build_wheel(files, "alpha", "1.0"), build_wheel(files, "alpha", "2.0")
    page = tmp_path / "simple" / "alpha" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f'<a href="../../files/{one.name}">x</a>\n')
    (tmp_path / "req.in").write_text("alpha\n")
    args = ["lock", "-r", str(tmp_path / "req.in"), "--index-url", (tmp_path / "simple").as_uri(),
            "--no-default-scores", "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt"),
            *([] if reuse else ["--no-reuse"])]
    assert main(args) == 0
    assert "alpha==1.0" in (tmp_path / "out.txt").read_text()
    st = page.stat()
    with open(page, "r+") as fh:  # in place, the same size
        fh.write(page.read_text().replace(one.name, two.name))
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns, page.stat().st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)
    capsys.readouterr()
    assert main(args) == 0
    assert REUSED not in capsys.readouterr().err
    assert "alpha==2.0" in (tmp_path / "out.txt").read_text()


def test_a_big_file_rewritten_at_the_same_size_with_its_mtime_put_back_changes_its_signature(tmp_path: Path) -> None:
    """Files above the hashing limit (large score files) are signed by stat, which must still tell."""
    from stackwise.index.stamps import file_signature

    big = tmp_path / "scores.json"
    big.write_bytes(b"a" * (5 << 20))
    before, st = file_signature(str(big)), big.stat()
    assert before is not None and before.startswith("stat:")
    with open(big, "r+b") as fh:
        fh.write(b"b")
    os.utime(big, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (big.stat().st_size, big.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert file_signature(str(big)) != before
