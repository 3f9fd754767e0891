"""Explanations name the releases nobody may pick: yanked (PEP 592) and Requires-Python.

A real index on 127.0.0.1 offers lib 0.9, 1.0, 1.1 (yanked: "broken build") and 2.0
(Requires-Python >=99). pip installs lib 1.0 and says nothing about 1.1 or 2.0; stackwise's
decision lines, ``--report`` and ``explain`` say why those were skipped.
"""

from __future__ import annotations

import json

import pytest

from stackwise.cli import main
from support import build_wheel


@pytest.fixture
def index(index_factory, tmp_path_factory):
    files = tmp_path_factory.mktemp("skip-files")
    for version in ("0.9", "1.0", "1.1"):
        build_wheel(files, "lib", version)
    build_wheel(files, "lib", "2.0", requires_python=">=99")
    build_wheel(files, "app", "1.0", ["lib"])
    return index_factory(files_dir=files, yanked={"lib-1.1-py3-none-any.whl": "broken build"})


def lock(tmp_path, index, *args):
    out = tmp_path / "lock.txt"
    report = tmp_path / "report.json"
    code = main(["lock", *args, "--no-default-scores", "--no-hashes", "--index-url", index.url, "--isolated",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out), "--report", str(report)])
    return code, out.read_text() if out.exists() else "", json.loads(report.read_text()) if report.exists() else {}


def package(report, name):
    return next(p for p in report["packages"] if p["name"] == name)


def test_lock_says_why_newer_releases_were_skipped(tmp_path, index, capsys):
    code, text, report = lock(tmp_path, index, "app")
    assert code == 0 and "lib==1.0" in text
    err = capsys.readouterr().err
    line = next(e for e in err.splitlines() if e.startswith("stackwise: lib 1.0 — "))
    assert "newer release(s) skipped: 2.0 Requires-Python >=99 excludes the target Python " in line
    assert "; 1.1 yanked (PEP 592): broken build" in line
    lib = package(report, "lib")
    assert lib["yanked"] is None
    assert [s["version"] for s in lib["skipped_newer"]] == ["2.0", "1.1"]
    assert lib["skipped_newer"][1]["reason"] == "yanked (PEP 592): broken build"
    assert lib["skipped_newer"][0]["reason"].startswith("Requires-Python >=99 excludes the target Python")
    assert package(report, "app")["skipped_newer"] == []


def test_quiet_lock_prints_no_skip_lines(tmp_path, index, capsys):
    code, _, _ = lock(tmp_path, index, "app", "-q")
    assert code == 0
    assert "skipped" not in capsys.readouterr().err


def test_decision_line_carries_the_skips(tmp_path, index, capsys):
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": "t:lib-1.0", "package": "lib", "specifier": "==1.0", "veto": True, "category": "stability",
         "message": "lib 1.0 loses data", "link": "https://example.org/lib/1", "source": "test"}]}))
    code, text, report = lock(tmp_path, index, "app", "--scores", str(scores))
    assert code == 0 and "lib==0.9" in text
    err = capsys.readouterr().err
    line = next(e for e in err.splitlines() if e.startswith("stackwise: lib 0.9 (pip: 1.0) — "))
    assert ("stability: lib 1.0 loses data https://example.org/lib/1 [rule t:lib-1.0]; newer release(s) skipped: "
            "2.0 Requires-Python") in line
    assert "1.1 yanked (PEP 592): broken build" in line
    decision = next(d for d in report["decisions"] if d["name"] == "lib")
    assert "1.1 yanked (PEP 592)" in decision["line"]
    # The lib line is printed once, as a decision, not again as a skip note.
    assert sum(1 for e in err.splitlines() if e.startswith("stackwise: lib ")) == 1


def test_exactly_pinned_yanked_release_is_kept_with_a_warning(tmp_path, index, capsys):
    code, text, report = lock(tmp_path, index, "lib==1.1")
    assert code == 0 and "lib==1.1" in text
    err = capsys.readouterr().err
    assert ("warning: lib 1.1 is yanked (PEP 592): broken build; it was selected only because the "
            "requirements pin it exactly (PEP 592)") in err
    assert package(report, "lib")["yanked"] == "broken build"


def test_explain_reports_yanked_and_requires_python(index, capsys, tmp_path):
    cache = ["--cache-dir", str(tmp_path / "c"), "--isolated", "--no-default-scores"]
    assert main(["explain", "lib==1.1", "-i", index.url, *cache]) == 0
    out = capsys.readouterr().out
    assert "index: lib 1.1 is yanked (PEP 592): broken build: pip and stackwise skip it unless" in out

    assert main(["explain", "lib==2.0", "-i", index.url, "--json", *cache]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["index"]["status"] == "skipped"
    assert doc["index"]["reason"].startswith("Requires-Python >=99 excludes the target Python")

    assert main(["explain", "lib==1.0", "-i", index.url, *cache]) == 0
    assert "index: lib 1.0 is available for the target" in capsys.readouterr().out

    assert main(["explain", "lib==7", "-i", index.url, *cache]) == 0
    assert "index: the index lists no release lib==7." in capsys.readouterr().out

    assert main(["explain", "lib", "-i", index.url, *cache]) == 0
    out = capsys.readouterr().out
    assert "index: newest release usable on the target: 1.0; skipped: 2.0 Requires-Python >=99" in out
    assert "1.1 yanked (PEP 592): broken build" in out


def test_explain_without_an_index_stays_offline(index, capsys, tmp_path):
    index.clear_log()
    assert main(["explain", "lib==1.1", "--no-default-scores", "--cache-dir", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "index:" not in out and index.requests_log == []


def test_explain_with_a_broken_index_warns(index_factory, capsys, tmp_path):
    broken = index_factory(fault="500")
    assert main(["explain", "lib==1.1", "-i", broken.url, "--isolated", "--no-default-scores",
                 "--cache-dir", str(tmp_path / "c")]) == 0
    captured = capsys.readouterr()
    assert "warning: could not read lib from the index:" in captured.err
    assert "index: not available" in captured.out
    assert "Traceback" not in captured.err
