"""``stackwise kb``: OSV advisories and curated TOML into score files.

Covers the range -> specifier translation (OSV event semantics), severity scoring (the
CVSS formulas against published example scores), skipping (withdrawn, non-PyPI, bad
versions), merging, the curated TOML format and its error messages, the shipped curated
rules, an end-to-end lock on a real local index where a security veto changes the pin,
and an import of the real PyPA advisory database snapshot when it is present.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import pytest

from stackwise.cli import build_parser, load_knowledge, main
from stackwise.commands.kb import register, run_kb
from stackwise.errors import ScoreFileError, StackwiseError
from stackwise.knowledge.curated import SHIPPED_CURATED, load_curated, loads_curated
from stackwise.knowledge.osv import (
    ImportStats,
    cvss2_base_score,
    cvss3_base_score,
    cvss4_approx_score,
    import_osv,
    intervals_from_events,
    rule_score,
    rules_from_advisory,
)
from stackwise.knowledge.scorefile import load_score_file

ROOT = Path(__file__).resolve().parents[1]
ADVISORY_DB = ROOT.parent / "shared" / "data" / "advisory-database"


def kb(*argv: str) -> int:
    """Run ``stackwise kb ...`` through the real argparse wiring of commands/kb.py."""
    parser = argparse.ArgumentParser(prog="stackwise")
    register(parser.add_subparsers(dest="command"))
    return run_kb(parser.parse_args(["kb", *argv]))


def advisory(vid: str = "PYSEC-2099-1", *, events: list[dict[str, str]] | None = None,
             versions: list[str] | None = None, name: str = "demo", **extra: Any) -> dict[str, Any]:
    affected: dict[str, Any] = {"package": {"name": name, "ecosystem": "PyPI"}}
    if events is not None:
        affected["ranges"] = [{"type": "ECOSYSTEM", "events": events}]
    if versions is not None:
        affected["versions"] = versions
    return {"id": vid, "details": "First sentence. Second sentence.", "affected": [affected], **extra}


def specs(record: dict[str, Any], stats: ImportStats | None = None) -> list[str]:
    return [r.get("specifier", "") for r in rules_from_advisory(record, "test", stats or ImportStats())]


# Ranges -> specifiers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([{"introduced": "1.0"}, {"fixed": "1.4.2"}], [">=1.0,<1.4.2"]),
        ([{"introduced": "0"}, {"fixed": "2.0"}], ["<2.0"]),
        ([{"introduced": "0"}, {"last_affected": "1.11.0"}], ["<=1.11.0"]),
        ([{"introduced": "1.0"}, {"fixed": "1.2"}, {"introduced": "2.0"}, {"fixed": "2.1.3"}],
         [">=1.0,<1.2", ">=2.0,<2.1.3"]),
        # events are evaluated sorted by version, whatever order the file lists them in
        ([{"fixed": "2.1.3"}, {"introduced": "2.0"}, {"fixed": "1.2"}, {"introduced": "1.0"}],
         [">=1.0,<1.2", ">=2.0,<2.1.3"]),
        ([{"introduced": "3.0"}], [">=3.0"]),
        ([{"introduced": "0"}], [""]),
        ([{"introduced": "1.0"}, {"limit": "1.5"}, {"fixed": "2.0"}], [">=1.0,<2.0"]),
    ],
)
def test_ranges_to_specifiers(events: list[dict[str, str]], expected: list[str]) -> None:
    assert specs(advisory(events=events)) == expected


def test_open_ended_range_is_scored_but_not_vetoed() -> None:
    stats = ImportStats()
    (rule,) = rules_from_advisory(advisory(events=[{"introduced": "3.0"}]), "t", stats)
    assert "veto" not in rule and rule["score"] < 0
    assert "No fixed release is known." in rule["message"]
    assert stats.open_ranges == 1
    (fixed,) = rules_from_advisory(advisory(events=[{"introduced": "0"}, {"fixed": "3"}]), "t", stats)
    assert fixed["veto"] == ["security"]


def test_explicit_versions_only_where_no_range_covers_them() -> None:
    record = advisory(events=[{"introduced": "0"}, {"fixed": "2.0"}],
                      versions=["1.0", "1.5", "2.0rc1", "2.0.post1"])
    # "<2.0" already covers 1.0 and 1.5; PEP 440 keeps 2.0rc1 out of "<2.0", and
    # 2.0.post1 is past the fix, yet both are listed as affected: exact rules.
    assert specs(record) == ["<2.0", "==2.0rc1", "==2.0.post1"]
    assert specs(advisory(versions=["0.9", "1.0"])) == ["==0.9", "==1.0"]


def test_unparseable_versions_are_counted_not_fatal() -> None:
    stats = ImportStats()
    record = advisory(events=[{"introduced": "0"}, {"fixed": "not-a-version!"}, {"introduced": "2.0"},
                              {"fixed": "2.5"}], versions=["junk version", "1.0"])
    # Dropping the bad "fixed" leaves the first interval open until the next fix: the
    # range errs towards flagging more versions, never fewer.
    assert specs(record, stats) == ["<2.5"]
    assert stats.bad_versions == 2 and stats.warning_count == 2
    assert "'not-a-version!' is not a PEP 440 version; event ignored" in stats.warnings[0]
    assert "listed version ignored" in stats.warnings[1]


def test_malformed_events_are_skipped() -> None:
    stats = ImportStats()
    out = intervals_from_events([{"introduced": "1"}, "junk", {"fixed": "2", "extra": "3"},
                                 {"bogus": "1"}, {"fixed": "3"}], "w", stats)
    assert [(str(i.lower), str(i.upper)) for i in out] == [("1", "3")]
    assert stats.warning_count == 3
    assert intervals_from_events(None, "w", stats) == []


def test_rule_fields_message_link_source() -> None:
    record = advisory("PYSEC-2099-7", events=[{"introduced": "0"}, {"fixed": "1.1"}],
                      aliases=["CVE-2099-1234", "GHSA-aaaa-bbbb-cccc"], name="Demo_Pkg")
    (rule,) = rules_from_advisory(record, "t", ImportStats())
    assert rule["id"] == "osv:PYSEC-2099-7:demo-pkg:<1.1"
    assert rule["package"] == "demo-pkg" and rule["category"] == "security"
    assert rule["message"] == "PYSEC-2099-7 (CVE-2099-1234, GHSA-aaaa-bbbb-cccc): First sentence."
    assert rule["link"] == "https://osv.dev/vulnerability/PYSEC-2099-7"
    assert rule["source"] == "osv:PYSEC-2099-7"
    assert rule["score"] == -0.7  # no severity given
    summary = advisory(events=[{"introduced": "0"}, {"fixed": "1"}], summary="Short summary wins")
    assert rules_from_advisory(summary, "t", ImportStats())[0]["message"].endswith(": Short summary wins")


def test_link_for_ids_outside_the_public_database() -> None:
    record = advisory("ACME-2024-1", events=[{"introduced": "0"}, {"fixed": "1"}], references=[
        {"type": "REPORT", "url": "https://example.org/report"},
        {"type": "WEB", "url": "https://example.org/web"},
        {"type": "ADVISORY", "url": "https://example.org/advisory"},
    ])
    assert rules_from_advisory(record, "t", ImportStats())[0]["link"] == "https://example.org/advisory"


def test_skips_withdrawn_non_pypi_and_git_ranges() -> None:
    stats = ImportStats()
    assert rules_from_advisory(advisory(events=[{"introduced": "0"}, {"fixed": "1"}],
                                        withdrawn="2024-01-01T00:00:00Z"), "t", stats) == []
    npm = {"id": "GHSA-x", "affected": [{"package": {"name": "left-pad", "ecosystem": "npm"},
                                          "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}
    assert rules_from_advisory(npm, "t", stats) == []
    git = advisory()
    git["affected"][0]["ranges"] = [{"type": "GIT", "repo": "https://example.org/r",
                                     "events": [{"introduced": "0"}, {"fixed": "abc123"}]}]
    assert rules_from_advisory(git, "t", stats) == []
    assert (stats.advisories, stats.withdrawn, stats.without_pypi, stats.bad_versions) == (3, 1, 1, 0)
    assert rules_from_advisory({"no": "id"}, "t", stats) == [] and stats.unreadable == 1


# Severity --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vector", "score"),
    [  # scores as published for these vectors by the CVSS calculators / NVD
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 7.5),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
        ("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", 5.5),
        ("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
    ],
)
def test_cvss3_base_score(vector: str, score: float) -> None:
    assert cvss3_base_score(vector) == score


def test_cvss2_and_cvss4_and_malformed() -> None:
    assert cvss2_base_score("AV:N/AC:L/Au:N/C:P/I:P/A:P") == 7.5
    assert cvss2_base_score("AV:N/AC:M/Au:N/C:N/I:P/A:N") == 4.3
    approx = cvss4_approx_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
    assert approx is not None and approx >= 9.0
    assert cvss3_base_score("CVSS:3.1/AV:N") is None and cvss2_base_score("nonsense") is None


def test_severity_scales_the_score() -> None:
    record = advisory(events=[{"introduced": "0"}, {"fixed": "1"}],
                      severity=[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N"}])
    (rule,) = rules_from_advisory(record, "t", ImportStats())
    assert rule["score"] == rule_score(7.5) == -0.825
    assert "[CVSS 3 7.5]" in rule["message"]
    band = advisory(events=[{"introduced": "0"}, {"fixed": "1"}], database_specific={"severity": "LOW"})
    assert rules_from_advisory(band, "t", ImportStats())[0]["score"] == rule_score(2.0)
    assert rule_score(10) == -1.0 and rule_score(0) == -0.3


# Files, CLI, merge -----------------------------------------------------------------------


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


def test_import_osv_json_tree_writes_a_loadable_score_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tmp_path / "osv"
    write_json(tree / "a" / "PYSEC-2099-1.json", advisory("PYSEC-2099-1", events=[{"introduced": "0"}, {"fixed": "2"}]))
    write_json(tree / "b" / "batch.json", [advisory("GHSA-2", name="other", versions=["1.0"]),
                                           advisory("PYSEC-2099-3", withdrawn="2024-01-01")])
    (tree / "c").mkdir()
    (tree / "c" / "broken.json").write_text("{not json")
    (tree / "README.md").write_text("ignored")
    out = tmp_path / "scores.json"
    assert kb("import-osv", str(tree), "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "read 3 advisories from 3 file(s)" in err and "1 withdrawn" in err
    assert "1 unreadable file(s)" in err and "2 security rule(s) about 2 package(s)" in err
    loaded = load_knowledge(build_parser().parse_args(["lock", "--scores", str(out), "--no-default-scores"]))
    assert sorted(r.id for r in loaded.rules) == ["osv:GHSA-2:other:==1.0", "osv:PYSEC-2099-1:demo:<2"]
    assert all(r.vetoes_in("security") and not r.vetoes_in("stable") for r in loaded.rules)
    assert "generated" in json.loads(out.read_text())


def test_import_osv_yaml_like_the_advisory_database(tmp_path: Path) -> None:
    pytest.importorskip("yaml", reason="PyYAML (the 'osv' extra) reads YAML advisories")
    path = tmp_path / "vulns" / "demo" / "PYSEC-2099-9.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "id: PYSEC-2099-9\n"
        "details: |+\n  Demo before 1.10 leaks things. More text.\n\n"
        "affected:\n- package:\n    name: demo\n    ecosystem: PyPI\n  ranges:\n  - type: ECOSYSTEM\n"
        "    events:\n    - introduced: 0\n    - fixed: 1.10\n"  # unquoted: must stay "1.10", not 1.1
        "  versions:\n  - 1.9\naliases:\n- CVE-2099-9\n"
    )
    kbase, stats = import_osv([tmp_path])
    (rule,) = kbase.rules
    assert str(rule.package.specifier) == "<1.10"
    assert rule.message == "PYSEC-2099-9 (CVE-2099-9): Demo before 1.10 leaks things."
    assert stats.files == 1 and stats.rules == 1


def test_import_osv_errors(tmp_path: Path) -> None:
    with pytest.raises(StackwiseError, match="no such file or directory"):
        kb("import-osv", str(tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(StackwiseError, match="no advisory files"):
        kb("import-osv", str(tmp_path / "empty"))


def test_merge_replaces_earlier_imports_and_drops_withdrawn(tmp_path: Path) -> None:
    first = tmp_path / "v1"
    write_json(first / "A.json", advisory("PYSEC-2099-1", events=[{"introduced": "0"}, {"fixed": "2"}]))
    write_json(first / "B.json", advisory("PYSEC-2099-2", name="other", events=[{"introduced": "0"}, {"fixed": "5"}]))
    scores = tmp_path / "scores.json"
    assert kb("import-osv", str(first), "-o", str(scores)) == 0
    # A hand-written rule in the same file survives every re-import.
    doc = json.loads(scores.read_text())
    doc["rules"].append({"id": "mine", "package": "demo", "score": 0.5, "category": "stability",
                         "message": "m", "link": "https://example.org/x", "source": "me"})
    scores.write_text(json.dumps(doc))
    second = tmp_path / "v2"  # A's fix moved, B was withdrawn
    write_json(second / "A.json", advisory("PYSEC-2099-1", events=[{"introduced": "0"}, {"fixed": "2.1"}]))
    write_json(second / "B.json", advisory("PYSEC-2099-2", name="other", withdrawn="2025-01-01"))
    assert kb("import-osv", str(second), "--merge", str(scores), "-o", str(scores)) == 0
    ids = sorted(r.id for r in load_score_file(scores).rules)
    assert ids == ["mine", "osv:PYSEC-2099-1:demo:<2.1"]


def test_security_veto_changes_the_lock(tmp_path: Path, index_factory: Any, capsys: pytest.CaptureFixture[str]) -> None:
    index = index_factory({"app": {"1.0": ["lib>=1"]}, "lib": {"1.0": [], "2.0": [], "2.1": []}})
    # Affected: releases before 1.0.1, and 2.1 up to 2.2. The first range starts at 0, so the
    # advisory data covers every release and 2.0 is known clean.
    write_json(tmp_path / "osv" / "X.json", advisory("PYSEC-2099-5", name="lib", events=[
        {"introduced": "0"}, {"fixed": "1.0.1"}, {"introduced": "2.1"}, {"fixed": "2.2"}]))
    scores = tmp_path / "scores.json"
    assert kb("import-osv", str(tmp_path / "osv"), "-o", str(scores)) == 0

    def pinned_lib(recommendation: str) -> str:
        out = tmp_path / f"lock-{recommendation}.txt"
        code = main(["lock", "app", "--scores", str(scores), "--no-default-scores", "--recommendation", recommendation,
                     "--index-url", index.url, "--isolated", "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
        assert code == 0, capsys.readouterr().err
        return next(line.split("==")[1].split()[0] for line in out.read_text().splitlines() if line.startswith("lib=="))

    assert pinned_lib("security") == "2.0"  # 2.1 is vetoed under security
    assert pinned_lib("latest") == "2.1"  # the veto is limited to the security type
    # With only the second range, nothing speaks of releases before 2.1: 2.0 is unknown, not
    # clean, so it is not preferred for having no advisory; 2.1 is locked and its advisory listed.
    write_json(tmp_path / "osv" / "X.json", advisory("PYSEC-2099-5", name="lib", events=[
        {"introduced": "2.1"}, {"fixed": "2.2"}]))
    assert kb("import-osv", str(tmp_path / "osv"), "-o", str(scores)) == 0
    capsys.readouterr()
    assert pinned_lib("security") == "2.1"
    assert "lib 2.1 keeps 1 known advisory" in capsys.readouterr().err


# Curated TOML ----------------------------------------------------------------------------


def test_shipped_curated_rules_are_valid_and_sourced() -> None:
    kbase = load_curated(SHIPPED_CURATED)
    assert len(kbase) >= 5
    for rule in kbase.rules:
        assert rule.id.startswith("curated/")
        assert rule.link.startswith("https://github.com/") and any(p in rule.link for p in ("/issues/", "/pull/", "/commit/"))
        assert rule.other is not None  # all shipped facts are about combinations
    by_id = {r.id: r for r in kbase.rules}
    jinja = by_id["curated/jinja2-2.10-markupsafe-2.1"]
    assert jinja.package.specifier.contains("2.11.3") and not jinja.package.specifier.contains("3.0.0")
    assert jinja.package.specifier.contains("2.7") and not jinja.package.specifier.contains("2.6")
    flask_old, flask_new = by_id["curated/flask-2.0-werkzeug-3"], by_id["curated/flask-2.2.4-werkzeug-3.1"]
    assert flask_old.package.specifier.contains("2.2.3") and not flask_old.package.specifier.contains("2.2.4")
    assert flask_new.package.specifier.contains("2.2.5") and flask_new.other is not None
    assert not flask_new.other.specifier.contains("3.0.6") and flask_new.other.specifier.contains("3.1.0")
    assert {by_id[f"curated/tensorflow-2.1-h5py-3{s}"].package.name for s in ("", "-cpu", "-gpu")} == {
        "tensorflow", "tensorflow-cpu", "tensorflow-gpu"}
    assert jinja.other is not None and jinja.other.specifier.contains("2.1.0")
    assert not jinja.other.specifier.contains("2.0.1")
    black = by_id["curated/black-click-8.1"]
    assert black.package.specifier.contains("22.1.0") and not black.package.specifier.contains("22.3.0")


def test_every_curated_veto_reaches_no_consumer_release_its_proof_did_not_show_failing() -> None:
    """A wrong veto hides good versions: a rule's consumer range must end at a release its proof
    shows failing (a release made after the rule is unknown, as it is to pip), and every rule has
    a proof case (offline: the proofs themselves run in the ``network`` suite)."""
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    from test_inspect_network import CURATED_PROOFS

    rules = load_curated(SHIPPED_CURATED).rules
    assert {r.id for r in rules} == set(CURATED_PROOFS)
    for rule in rules:
        spec = rule.package.specifier
        bounded = [s for s in spec if s.operator in ("<", "<=", "==", "~=", "===") and "*" not in s.version]
        assert bounded, f"{rule.id}: {spec} has no upper bound"
        failing = [Version(v) for st in CURATED_PROOFS[rule.id].stacks if st.expect == "failed"
                   for name, v in st.pins.items() if v and canonicalize_name(name) == rule.package.name]
        if not failing:  # the consumer is resolved, not forced (a provider-side proof)
            continue
        top = max(failing)
        assert spec.contains(top, prereleases=True), f"{rule.id}: {top} fails in its proof but is outside {spec}"
        above = [b for b in bounded if b.operator in ("<=", "==", "===") and Version(b.version) > top]
        assert not above, f"{rule.id}: {spec} reaches past {top}, the highest release its proof shows failing"


def test_kb_check_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert kb("check", SHIPPED_CURATED) == 0
    assert "OK, 767 rule(s)" in capsys.readouterr().out
    out = tmp_path / "curated.json"
    assert kb("import", SHIPPED_CURATED, "-o", str(out)) == 0
    assert {r.id for r in load_score_file(out).rules} == {r.id for r in load_curated(SHIPPED_CURATED).rules}
    assert load_score_file(out).revision == "curated-22"


def test_curated_errors_use_the_score_file_style(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        "# comment\n[[rules]]\npackage = \"a\"\nscore = 3\ncategory = \"stability\"\n"
        "message = \"m\"\nlink = \"https://example.org\"\nsource = \"s\"\n\n"
        "[[rules]]\nid = \"two\"\npackage = \"b\"\nspecfier = \"<1\"\nveto = [\"secure\"]\n"
        "category = \"stability\"\nmessage = \"m\"\nlink = \"https://example.org\"\nsource = \"s\"\n"
    )
    with pytest.raises(ScoreFileError) as info:
        kb("check", str(bad))
    text = str(info.value)
    assert f"{bad}:rule #1: \"score\" must be a number in [-1, 1], got 3" in text
    assert f"{bad}:rule #2 (id 'two'): unknown key 'specfier'" in text
    assert f"{bad}:rule #2 (id 'two'): \"veto\" names unknown recommendation type(s) ['secure']" in text
    with pytest.raises(ScoreFileError, match=r"not valid TOML: .*line 1"):
        loads_curated("[[rules]\n", "x.toml")
    with pytest.raises(ScoreFileError, match=r"\[\[rules\]\] tables"):
        loads_curated("[rules]\npackage = \"a\"\n", "x.toml")
    with pytest.raises(ScoreFileError, match="no \"format\" key"):
        loads_curated("format = \"stackwise-scores\"\n", "x.toml")
    with pytest.raises(ScoreFileError, match="not found"):
        load_curated(tmp_path / "missing.toml")


def test_curated_toml_maps_onto_the_json_schema() -> None:
    text = (
        "revision = \"r1\"\ngenerated = 2026-01-02T03:04:05Z\n"
        "[[rules]]\nid = \"x\"\npackage = \"numpy\"\nspecifier = \">=2.1\"\nscore = 0.4\n"
        "category = \"performance\"\nmessage = \"fast\"\nlink = \"https://example.org/b\"\nsource = \"bench\"\n"
        "[rules.condition]\nmarker = \"platform_machine == 'x86_64'\"\ncpu_flags = [\"avx512f\"]\n"
    )
    kbase = loads_curated(text, "x.toml")
    (rule,) = kbase.rules
    assert kbase.revision == "r1"
    assert rule.condition is not None and rule.condition.cpu_flags == frozenset({"avx512f"})
    assert rule.to_json()["condition"] == {"marker": "platform_machine == \"x86_64\"", "cpu_flags": ["avx512f"]}


# The real PyPA advisory database ---------------------------------------------------------


@pytest.mark.skipif(not (ADVISORY_DB / "vulns").is_dir(),
                    reason=f"advisory database snapshot not present at {ADVISORY_DB} (shared data)")
def test_real_advisory_database(tmp_path: Path) -> None:
    pytest.importorskip("yaml", reason="PyYAML (the 'osv' extra) reads the database's YAML")
    started = time.perf_counter()
    out = tmp_path / "advisories.json"
    assert kb("import-osv", str(ADVISORY_DB), "-o", str(out)) == 0
    elapsed = time.perf_counter() - started
    kbase = load_score_file(out)
    by_id = {r.id: r for r in kbase.rules}
    # Facts read from the advisory files themselves:
    # vulns/jinja2/PYSEC-2019-217.yaml: introduced "0", fixed 2.10.1; CVE-2019-10906.
    jinja = by_id["osv:PYSEC-2019-217:jinja2:<2.10.1"]
    assert jinja.vetoes_in("security") and not jinja.vetoes_in("stable")
    assert jinja.message.startswith("PYSEC-2019-217 (CVE-2019-10906, GHSA-462w-v97r-4m45): In Pallets Jinja before 2.10.1")
    assert jinja.link == "https://osv.dev/vulnerability/PYSEC-2019-217" and jinja.source == "osv:PYSEC-2019-217"
    # vulns/requests/PYSEC-2023-74.yaml: introduced 2.3.0, fixed 2.31.0 (its GIT range is ignored).
    assert "osv:PYSEC-2023-74:requests:>=2.3.0,<2.31.0" in by_id
    assert [r.id for r in kbase.rules if r.source == "osv:PYSEC-2023-74"] == ["osv:PYSEC-2023-74:requests:>=2.3.0,<2.31.0"]
    # vulns/py/PYSEC-2022-42969.yaml: introduced '0', last_affected '1.11.0'.
    assert "osv:PYSEC-2022-42969:py:<=1.11.0" in by_id
    # vulns/aiohttp/PYSEC-2023-246.yaml: fixed 3.8.6, CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N = 7.5.
    assert by_id["osv:PYSEC-2023-246:aiohttp:<3.8.6"].score == -0.825
    # vulns/redis/PYSEC-2023-73.yaml is withdrawn.
    assert not [r for r in kbase.rules if r.source == "osv:PYSEC-2023-73"]
    # vulns/ansible/PYSEC-2020-3.yaml: fixed 2.10.0; its listed 2.10.0 pre-releases are outside "<2.10.0".
    assert "osv:PYSEC-2020-3:ansible:==2.10.0rc1" in by_id
    assert len(kbase) > 5000 and len(kbase.packages()) > 600
    assert elapsed < 60
