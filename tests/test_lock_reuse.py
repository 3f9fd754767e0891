"""``stackwise lock`` run again on unchanged inputs reuses its result; any change resolves again.

Each test changes one input the result depends on and checks that the next run notices
(new pins, no "reused" line), plus the plain reuse: same file, no index request, and the
resolver not even imported.
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
from stackwise.index.layout import DB_NAME
from support import build_wheel
from support.locks import pins_of

ROOT = Path(__file__).resolve().parents[1]
SEED_SCORES = ROOT / "fixtures" / "seed" / "scores.json"
REUSED = "reused the lock computed at"


def run_lock(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["lock", *args])
    return code, capsys.readouterr().err


@pytest.fixture
def links(tmp_path: Path) -> Path:
    d = tmp_path / "links"
    build_wheel(d, "alpha", "1.0", ["beta"])
    build_wheel(d, "beta", "1.0")
    return d


def offline_args(tmp_path: Path, links: Path, *extra: str) -> list[str]:
    return ["-r", str(tmp_path / "req.in"), "--no-index", "--find-links", str(links), "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt"), *extra]


def test_unchanged_inputs_reuse_the_lock_without_reading_the_index(tmp_path, index_factory, seed_graph, capsys):
    server = index_factory(seed_graph)
    (tmp_path / "req.in").write_text("simplelib\nanotherlib\n")
    args = ["-r", str(tmp_path / "req.in"), "--index-url", server.url, "--scores", str(SEED_SCORES),
            "--no-default-scores", "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")]
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED not in err
    first = (tmp_path / "out.txt").read_text()
    mtime = (tmp_path / "out.txt").stat().st_mtime_ns
    server.clear_log()

    code, err = run_lock(capsys, *args)
    assert code == 0
    assert REUSED in err
    assert "simplelib 1.0 (pip: 2.0)" in err  # the decision lines are told again
    assert (tmp_path / "out.txt").read_text() == first
    assert (tmp_path / "out.txt").stat().st_mtime_ns == mtime  # an identical file is not rewritten
    assert server.requests_log == []

    # A deleted output is written again from the remembered result.
    (tmp_path / "out.txt").unlink()
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED in err
    assert (tmp_path / "out.txt").read_text() == first

    # --no-reuse resolves (and says how long it took, as a resolution does) ...
    code, err = run_lock(capsys, *args, "--no-reuse")
    assert code == 0 and REUSED not in err and "resolution(s) in" in err
    # ... and records its result: the next plain run reuses what --no-reuse computed.
    import sqlite3

    with sqlite3.connect(tmp_path / "cache" / "index-v1.sqlite3") as conn:
        before = conn.execute("SELECT created FROM lock_results").fetchall()
    assert len(before) == 1
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED in err
    with sqlite3.connect(tmp_path / "cache" / "index-v1.sqlite3") as conn:
        assert conn.execute("SELECT created FROM lock_results").fetchall() == before  # one record, refreshed


def test_reuse_does_not_import_the_resolver(tmp_path, links):
    (tmp_path / "req.in").write_text("alpha\n")
    args = offline_args(tmp_path, links)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    probe = ("import sys, runpy; sys.argv = ['stackwise', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('stackwise', run_name='__main__')\n"
             "except SystemExit as e:\n    code = e.code\n"
             "print('IMPORTED' if 'resolvelib' in sys.modules or 'packaging' in sys.modules else 'LEAN', code)")
    first = subprocess.run([sys.executable, "-c", probe, "lock", *args], env=env, capture_output=True, text=True)
    assert first.stdout.split() == ["IMPORTED", "0"], first.stderr
    second = subprocess.run([sys.executable, "-c", probe, "lock", *args], env=env, capture_output=True, text=True)
    assert second.stdout.split() == ["LEAN", "0"], second.stderr
    assert REUSED in second.stderr


def test_a_new_release_in_find_links_is_seen(tmp_path, links, capsys):
    (tmp_path / "req.in").write_text("alpha\n")
    args = offline_args(tmp_path, links, "--offline")
    assert run_lock(capsys, *args)[0] == 0
    assert pins_of((tmp_path / "out.txt").read_text()) == {"alpha": "1.0", "beta": "1.0"}
    time.sleep(0.01)
    build_wheel(links, "beta", "2.0")
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED not in err
    assert pins_of((tmp_path / "out.txt").read_text()) == {"alpha": "1.0", "beta": "2.0"}
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED in err


def test_edited_requirements_and_expanded_variables_are_seen(tmp_path, links, capsys, monkeypatch):
    build_wheel(links, "beta", "2.0")
    monkeypatch.setenv("BETA_SPEC", "<2")
    (tmp_path / "req.in").write_text("alpha\nbeta${BETA_SPEC}\n")
    args = offline_args(tmp_path, links)
    assert run_lock(capsys, *args)[0] == 0
    assert pins_of((tmp_path / "out.txt").read_text())["beta"] == "1.0"
    assert REUSED in run_lock(capsys, *args)[1]

    monkeypatch.setenv("BETA_SPEC", ">=2")
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED not in err
    assert pins_of((tmp_path / "out.txt").read_text())["beta"] == "2.0"

    (tmp_path / "req.in").write_text("alpha\nbeta<2\n")
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED not in err
    assert pins_of((tmp_path / "out.txt").read_text())["beta"] == "1.0"


def test_a_changed_score_file_is_seen(tmp_path, index_factory, seed_graph, capsys):
    server = index_factory(seed_graph)
    scores = tmp_path / "scores.json"
    scores.write_text(SEED_SCORES.read_text())
    args = ["simplelib", "anotherlib", "--index-url", server.url, "--scores", str(scores), "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")]
    assert run_lock(capsys, *args)[0] == 0
    assert pins_of((tmp_path / "out.txt").read_text())["simplelib"] == "1.0"
    assert REUSED in run_lock(capsys, *args)[1]

    data = json.loads(scores.read_text())
    data["rules"] = []
    scores.write_text(json.dumps(data))
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED not in err
    assert pins_of((tmp_path / "out.txt").read_text())["simplelib"] == "2.0"


def test_an_expired_page_is_asked_again(tmp_path, index_factory, capsys):
    files = tmp_path / "files"
    build_wheel(files, "alpha", "1.0")
    server = index_factory(files_dir=files)
    args = ["alpha", "--index-url", server.url, "--no-default-scores", "--cache-ttl", "0",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")]
    assert run_lock(capsys, *args)[0] == 0
    build_wheel(files, "alpha", "1.1")
    code, err = run_lock(capsys, *args)  # TTL 0: the page is never trusted without asking
    assert code == 0 and REUSED not in err
    assert pins_of((tmp_path / "out.txt").read_text()) == {"alpha": "1.1"}


def test_a_damaged_record_is_a_miss_not_an_error(tmp_path, links, capsys):
    (tmp_path / "req.in").write_text("alpha\n")
    args = offline_args(tmp_path, links)
    assert run_lock(capsys, *args)[0] == 0
    db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
    with db:
        assert db.execute("UPDATE lock_results SET data='{not json'").rowcount == 1
    db.close()
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED not in err and "Traceback" not in err
    assert pins_of((tmp_path / "out.txt").read_text()) == {"alpha": "1.0", "beta": "1.0"}
    assert REUSED in run_lock(capsys, *args)[1]  # and the record is good again


def test_a_page_fetched_again_unchanged_keeps_the_lock_reusable(tmp_path, index_factory, capsys):
    files = tmp_path / "files"
    build_wheel(files, "alpha", "1.0")
    server = index_factory(files_dir=files, etags=False)  # a revalidation downloads the page again
    args = ["alpha", "--index-url", server.url, "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")]
    assert run_lock(capsys, *args)[0] == 0
    server.clear_log()
    assert run_lock(capsys, *args, "--cache-ttl", "0")[0] == 0  # another command refreshes the page
    assert "/simple/alpha/" in server.requests_log
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED in err  # same content, same gen: still reusable

    build_wheel(files, "alpha", "1.1")
    assert run_lock(capsys, *args, "--cache-ttl", "0")[0] == 0  # ... and now a changed one
    code, err = run_lock(capsys, *args)
    assert code == 0 and REUSED not in err
    assert pins_of((tmp_path / "out.txt").read_text()) == {"alpha": "1.1"}
