"""``stackwise kb build`` end to end on a fixture index: a bound a newer release added and a
name the provider removed are found, confirmed by a broken and a working inspection, and
shipped as vetoes with evidence; an interrupted crawl resumes from its journal."""

from __future__ import annotations

import json
from pathlib import Path

from stackwise.cli import main
from stackwise.knowledge.scorefile import load_score_file
from support import build_sdist, build_wheel


def _index(files: Path) -> None:
    old = {"pkg/__init__.py": "from dep import old_name\n"}
    build_sdist(files, "pkg", "0.9")  # no wheel: the scan skips it and the crawl counts why
    build_wheel(files, "pkg", "1.0", ["dep"], files=old)
    build_wheel(files, "pkg", "1.1", ["dep"], files=old)
    build_wheel(files, "pkg", "1.2", ["dep<2"])  # the newer release added the bound
    build_wheel(files, "dep", "1.0", files={"dep/__init__.py": "old_name = 1\n"})
    build_wheel(files, "dep", "2.0", files={"dep/__init__.py": "new_name = 1\n"})


def test_kb_build_confirms_findings_into_vetoes_and_resumes(tmp_path: Path, index_factory, capsys) -> None:
    files = tmp_path / "files"
    _index(files)
    srv = index_factory(files_dir=files)
    out, state = tmp_path / "learned.json", tmp_path / "state"
    argv = ["kb", "build", "pkg", "--no-dependencies", "--state", str(state), "-o", str(out),
            "--results", str(tmp_path / "r.db"), "--index-url", srv.url, "--isolated",
            "--cache-dir", str(tmp_path / "cache"), "--wheel-cache", str(tmp_path / "wheels"),
            "--stats", str(tmp_path / "stats.json")]
    assert main(argv) == 0
    kb = load_score_file(out)
    vetoes = [r for r in kb.rules if r.veto is True]
    assert vetoes, [r.describe() for r in kb.rules]
    for rule in vetoes:  # every veto: pkg before 1.2 with dep 2, proven both ways
        assert rule.package.name == "pkg" and rule.other is not None and rule.other.name == "dep"
        assert rule.package.specifier.contains("1.1") and not rule.package.specifier.contains("1.2")
        assert rule.other.specifier.contains("2.0") and not rule.other.specifier.contains("1.0")
        ev = rule.evidence or {}
        assert ev["confirmed"] is True and len(ev["inspections"]) == 2 and "old_name" in ev["signature"]
        assert ev["failing_example"]["dep"] == "2.0" and ev["passing_example"]["dep"] == "1.0"
    assert {(r.evidence or {}).get("kind") for r in vetoes} == {"metadata-bound", "static-scan"}
    # what a veto covers was measured: the scan proves its range release by release; a bound
    # only at the inspected release (1.1), the rest of its range stays a score
    bound = next(r for r in vetoes if (r.evidence or {}).get("kind") == "metadata-bound")
    assert str(bound.package.specifier) == "==1.1"
    scan = next(r for r in vetoes if (r.evidence or {}).get("kind") == "static-scan")
    assert scan.package.specifier.contains("1.0") and scan.package.specifier.contains("1.1")
    [rest] = [r for r in kb.rules if r.id == f"{bound.id}:not-inspected"]
    assert rest.veto is False and rest.score < 0 and rest.package.specifier.contains("1.0")
    assert not rest.package.specifier.contains("1.1") and (rest.evidence or {})["confirmed"] is False
    err = capsys.readouterr().err
    assert "confirmed" in err and "Traceback" not in err
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["skipped"].get("scan: release without a usable wheel") == 1, stats["skipped"]
    # rerun: everything comes from the journal, no inspection is run again, same result
    journal = (state / "journal.jsonl").read_text()
    assert main(argv) == 0
    assert (state / "journal.jsonl").read_text() == journal
    assert json.loads(out.read_text())["rules"] == [r.to_json() for r in kb.rules]


def test_the_far_end_of_a_confirmed_range_is_inspected_and_a_fixed_release_ends_the_veto(
        tmp_path: Path, index_factory) -> None:
    """The bound (pkg 1.2 added dep<2) names dep >= 2 as broken for pkg < 1.2. dep 2.0 fails in
    an inspection; the newest release of the range is inspected too: in the first index dep 3.0
    still lacks the name (both ends measured, the veto keeps its range), in the second dep 3.0
    brought it back (the veto stops before 3.0; the untested rest of pkg's range keeps the
    rule's own provider range as a score)."""
    def run(restored: bool) -> list:
        files = tmp_path / f"files-{restored}"
        _index(files)
        build_wheel(files, "dep", "3.0", files={"dep/__init__.py": ("old_name = 1\n" if restored else "") + "x = 1\n"})
        srv = index_factory(files_dir=files)
        out = tmp_path / f"learned-{restored}.json"
        argv = ["kb", "build", "pkg", "--no-dependencies", "--state", str(tmp_path / f"state-{restored}"),
                "-o", str(out), "--results", str(tmp_path / f"r-{restored}.db"), "--index-url", srv.url,
                "--isolated", "--cache-dir", str(tmp_path / f"cache-{restored}"),
                "--wheel-cache", str(tmp_path / f"wheels-{restored}"), "--stats", str(tmp_path / f"s-{restored}.json")]
        assert main(argv) == 0
        stats = json.loads((tmp_path / f"s-{restored}.json").read_text())
        assert stats["far_end"] == {("passed" if restored else "failed"): 1}, stats["far_end"]
        return [r for r in load_score_file(out).rules
                if (r.evidence or {}).get("kind") == "metadata-bound"]

    still_broken = run(False)
    [veto] = [r for r in still_broken if r.veto is True]
    assert veto.other is not None and veto.other.specifier.contains("3.0")
    assert (veto.evidence or {})["far_end"]["release"] == "dep==3.0"
    assert (veto.evidence or {})["far_end"]["outcome"] == "failed"

    fixed = run(True)
    [veto] = [r for r in fixed if r.veto is True]
    assert veto.other is not None and veto.other.specifier.contains("2.0") and not veto.other.specifier.contains("3.0")
    assert "passed the same check" in veto.message
    [rest] = [r for r in fixed if r.id.endswith(":not-inspected")]
    assert rest.other is not None and rest.other.specifier.contains("3.0")


def test_reconfirm_decides_findings_an_earlier_crawl_left_unconfirmed(tmp_path: Path, index_factory, capsys) -> None:
    """``kb build --reconfirm --merge LAYER``: the layer's unconfirmed scan findings are inspected
    again without a new scan. pkg's stacks need helper, which ships only an sdist: the first
    crawl (wheels only) could not install them and left pkg x dep 2 a score; with
    --build-sdists the group is decided and becomes a veto. Two wrong findings are added to the
    layer by hand: qkg's (its wheel has no such import) is dropped without an inspection, since the
    scanner no longer makes it; rkg's names an sdist-only release too, which cannot be read again
    (unread is not clean), so it is inspected, refuted and removed."""
    from test_gaps16_install_bound import _sdist, wheel_backend

    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0", ["dep", "helper"], files={"pkg/__init__.py": "from dep import old_name\n"})
    build_wheel(files, "dep", "1.0", files={"dep/__init__.py": "old_name = 1\n"})
    build_wheel(files, "dep", "2.0", files={"dep/__init__.py": "new_name = 1\n"})
    _sdist(files, "helper", wheel_backend("helper", ""))
    build_wheel(files, "qkg", "1.0", ["dep"], files={"qkg/__init__.py": "import dep\n"})
    build_sdist(files, "rkg", "0.9")
    build_wheel(files, "rkg", "1.0", ["dep"], files={"rkg/__init__.py": "import dep\n"})
    srv = index_factory(files_dir=files)
    common = ["--index-url", srv.url, "--isolated", "--cache-dir", str(tmp_path / "cache"),
              "--wheel-cache", str(tmp_path / "wheels"), "--results", str(tmp_path / "r.db")]
    first = tmp_path / "first.json"
    assert main(["kb", "build", "pkg", "--no-dependencies", "--no-bounds", "--only", "imports",
                 "--state", str(tmp_path / "s1"), "-o", str(first), *common]) == 0
    [finding] = [r for r in load_score_file(first).rules if r.package.name == "pkg"]
    assert finding.veto is not True and finding.score < 0 and (finding.evidence or {})["confirmed"] is False
    # a wrong finding in the layer: qkg imports nothing dep 2 removed
    layer = json.loads(first.read_text())
    wrong = json.loads(json.dumps(next(r for r in layer["rules"] if r["id"] == finding.id)))
    wrong.update(id=finding.id.replace("pkg", "qkg"), package="qkg", specifier="==1.0")
    wrong["evidence"].update(consumer_file="qkg/__init__.py", consumer_versions=["1.0"])
    unread = json.loads(json.dumps(wrong))
    unread.update(id=finding.id.replace("pkg", "rkg"), package="rkg", specifier="<=1.0,>=0.9")
    unread["evidence"].update(consumer_file="rkg/__init__.py", consumer_versions=["0.9", "1.0"])
    hint = json.loads(json.dumps(wrong))  # a hint about releases below the stale finding's window goes with it
    hint.update(id=wrong["id"] + ":below-window", specifier="<1.0")
    hint["evidence"] = {"kind": "static-scan-below-window", "inferred_from": wrong["id"], "name": "old_name",
                        "module": "dep", "removed_in": "2.0", "oldest_read": "1.0", "newest_unread": "0.5",
                        "confirmed": False}
    layer["rules"] += [wrong, hint, unread]
    first.write_text(json.dumps(layer))
    capsys.readouterr()

    second = tmp_path / "second.json"
    assert main(["kb", "build", "--reconfirm", "--merge", str(first), "--build-sdists", "--state", str(tmp_path / "s2"),
                 "-o", str(second), "--stats", str(tmp_path / "stats.json"), *common]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "static scan" not in err  # nothing was scanned again
    rules = {r.id: r for r in load_score_file(second).rules}
    assert wrong["id"] not in rules, "the stale finding stayed in the layer"
    assert unread["id"] not in rules, "the refuted finding stayed in the layer"
    assert hint["id"] not in rules, "the stale finding's hint stayed in the layer"
    assert "2 finding(s) the scanner no longer makes dropped" in err
    veto = rules[finding.id]
    assert veto.veto is True and (veto.evidence or {})["confirmed"] is True and "old_name" in veto.evidence["signature"]
    assert veto.evidence["failing_example"]["helper"] == "1.0"  # the stack that needed the build
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["confirmed_groups"] == 1 and stats["refuted_groups"] == 1 and stats["stale"] == 2
    assert stats["dropped"] == sorted([wrong["id"], hint["id"], unread["id"]])
    # same ids as before the hand-added one, other verdicts: a new revision (caches keyed on it must not match)
    assert load_score_file(second).revision != json.loads(first.read_text()).get("revision")


def test_reconfirm_needs_the_layer(tmp_path: Path, capsys) -> None:
    assert main(["kb", "build", "--reconfirm", "-o", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert "--reconfirm" in err and "--merge" in err and "Traceback" not in err
    assert not (tmp_path / "x.json").exists()


def test_a_group_decided_without_inspections_still_gets_its_line(tmp_path: Path, index_factory, capsys) -> None:
    """A group whose broken side cannot be installed is inconclusive, and the crawl says so
    (it used to count it silently, so the per-group lines did not add up to the total)."""
    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0", ["dep"], files={"pkg/__init__.py": "from dep import old_name\n"})
    build_wheel(files, "dep", "1.0", files={"dep/__init__.py": "old_name = 1\n"})
    # the release that removed the name needs a distribution the index does not have
    build_wheel(files, "dep", "2.0", ["not-on-this-index"], files={"dep/__init__.py": "new_name = 1\n"})
    srv = index_factory(files_dir=files)
    out = tmp_path / "learned.json"
    argv = ["kb", "build", "pkg", "--no-dependencies", "--state", str(tmp_path / "state"), "-o", str(out),
            "--results", str(tmp_path / "r.db"), "--index-url", srv.url, "--isolated",
            "--cache-dir", str(tmp_path / "cache"), "--wheel-cache", str(tmp_path / "wheels")]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "[1/1] static-scan:pkg:dep:>=2.0: inconclusive (the broken combination does not resolve)" in err, err
    assert "0 confirmed, 0 refuted, 1 inconclusive" in err, err
    kb = load_score_file(out)
    assert kb.rules and all(r.veto is not True for r in kb.rules)  # a finding nobody ran stays a score
