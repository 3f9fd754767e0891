"""Rule model and score file v1: strict validation, round trips, conditions, vetoes."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.errors import ScoreFileError
from stackwise.knowledge.rules import RECOMMENDATIONS, KnowledgeBase
from stackwise.knowledge.scorefile import dump_score_file, load_score_file, loads, parse_document

ROOT = Path(__file__).resolve().parents[1]


def doc(*rules: dict) -> dict:
    return {"format": "stackwise-scores", "version": 1, "rules": list(rules)}


def rule(**kw) -> dict:
    base = {"package": "a", "specifier": "==1", "score": 0.5, "category": "stability",
            "message": "m", "link": "https://example.org/x", "source": "t"}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def error_of(data, origin="f.json") -> str:
    with pytest.raises(ScoreFileError) as err:
        parse_document(data, origin)
    return str(err.value)


def test_seed_and_shipped_files_load():
    seed = load_score_file(ROOT / "fixtures" / "seed" / "scores.json")
    assert len(seed) == 2 and seed.revision == "seed-1"
    veto = seed.for_package("dependency2")[0]
    assert veto.is_pair and veto.vetoes_in("latest") and veto.vetoes_in("stable")
    assert veto.score == -1.0
    from stackwise.knowledge.curated import SHIPPED_CURATED, load_curated

    curated = load_curated(SHIPPED_CURATED)
    assert {"jinja2", "black"} <= {r.package.name for r in curated.rules}
    assert all(r.link.startswith("https://github.com/") for r in curated.rules)


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ([], "the top level must be a JSON object"),
        ({"format": "x", "version": 1, "rules": []}, '"format" must be'),
        ({"format": "stackwise-scores", "version": 2, "rules": []}, "unsupported score file version 2; this stackwise reads version 1"),
        ({"format": "stackwise-scores", "version": True, "rules": []}, "unsupported score file version True"),
        ({"format": "stackwise-scores", "version": 1, "rules": {}}, '"rules" must be a list'),
        ({"format": "stackwise-scores", "version": 1, "rules": [], "extra": 1}, "unknown top-level key 'extra'"),
        (doc("x"), "f.json:rule #1: must be an object, got str"),
        (doc(rule(specfier="==1")), "f.json:rule #1: unknown key 'specfier'"),
        (doc(rule(package="not a name!")), '"package" must be a valid project name'),
        (doc(rule(specifier="=>1")), "is not a valid PEP 440 version specifier"),
        (doc(rule(category="speed")), '"category" must be one of stability, security, performance, maintenance'),
        (doc(rule(score=7)), 'f.json:rule #1: "score" must be a number in [-1, 1], got 7'),
        (doc(rule(score=True)), '"score" must be a number in [-1, 1], got True'),
        (doc(rule(score=None)), '"score" is required'),
        (doc(rule(veto="yes")), '"veto" must be true, false or a list'),
        (doc(rule(veto=["fast"])), "unknown recommendation type(s) ['fast']"),
        (doc(rule(message="")), '"message" is required'),
        (doc(rule(link=None)), '"link" is required'),
        (doc(rule(source=None)), '"source" is required'),
        (doc(rule(link="ftp://example.org")), '"link" must be an http(s) URL'),
        (doc(rule(id="x"), rule(id="x")), "f.json:rule #2 (id 'x'): duplicate rule id 'x'"),
        (doc(rule(condition={"os": "linux"})), "unknown condition key 'os'"),
        (doc(rule(condition={"marker": "python_version >>> '3'"})), "is not a valid PEP 508 marker"),
        (doc(rule(condition={"marker": "flavour == 'x'"})), "is not a valid PEP 508 marker"),
        (doc(rule(condition={"cpu_flags": "avx2"})), '"cpu_flags" must be a list'),
        (doc(rule(condition={"cuda_version": "twelve"})), '"cuda_version" \'twelve\' is not a version specifier'),
        (doc(rule(**{"with": {"package": "a"}})), '"with" must name a different package'),
        (doc(rule(**{"with": "b"})), '"with" must be an object'),
    ],
)
def test_validation_errors(data, needle):
    assert needle in error_of(data)


def test_all_errors_reported_at_once():
    msg = error_of(doc(rule(score=9), rule(category="x"), rule(link="nope")))
    assert msg.splitlines()[0] == "f.json is not a valid score file (3 problem(s)):"
    assert "rule #1" in msg and "rule #2" in msg and "rule #3" in msg


def test_not_json_and_empty_and_missing(tmp_path):
    bad = tmp_path / "s.json"
    bad.write_text('{"format": "stackwise-scores",\n  oops}')
    with pytest.raises(ScoreFileError, match=r"s.json: not valid JSON: .* line 2, column 3"):
        load_score_file(bad)
    bad.write_text("   \n")
    with pytest.raises(ScoreFileError, match="empty"):
        load_score_file(bad)
    with pytest.raises(ScoreFileError, match="not found"):
        load_score_file(tmp_path / "missing.json")
    with pytest.raises(ScoreFileError, match="not UTF-8"):
        loads(b'{"a": "\xff"}', "bin")


def test_conditions():
    target = TargetEnvironment.current(cpu_flags=frozenset({"avx2", "sse4_2"}), cuda_version="12.4")
    kb = parse_document(doc(
        rule(id="m", condition={"marker": f"python_version == '{target.markers['python_version']}'"}),
        rule(id="m2", condition={"marker": "sys_platform == 'no-such-os'"}),
        rule(id="f", condition={"cpu_flags": ["AVX2"]}),
        rule(id="f2", condition={"cpu_flags": ["avx2", "avx512f"]}),
        rule(id="c", condition={"cuda_version": ">=12,<13"}),
        rule(id="c2", condition={"cuda_version": ">=13"}),
    ), "t")
    holds = {r.id for r in kb.rules if r.applies_to(target)}
    assert holds == {"m", "f", "c"}
    no_cuda = dataclasses.replace(target, cuda_version=None)
    assert not kb.rules[4].applies_to(no_cuda)


def test_veto_semantics_per_recommendation():
    kb = parse_document(doc(rule(id="all", veto=True, score=None), rule(id="sec", veto=["security"], score=-0.3)), "t")
    always, sec = kb.rules
    assert all(always.vetoes_in(r) for r in RECOMMENDATIONS)
    assert [r for r in RECOMMENDATIONS if sec.vetoes_in(r)] == ["security"]
    assert sec.score == -0.3 and always.score == -1.0


def test_index_and_merge():
    kb1 = parse_document(doc(rule(id="x", package="A_B"), rule(id="y", package="c", **{"with": {"package": "a-b"}})), "1")
    assert {r.id for r in kb1.for_package("a.b")} == {"x", "y"}
    assert kb1.packages() == frozenset({"a-b", "c"})
    kb2 = parse_document(doc(rule(id="x", package="d")), "2")
    merged = KnowledgeBase.merge(kb1, kb2)
    assert len(merged) == 2
    assert merged.for_package("a-b")[0].id == "y"
    assert [r.id for r in merged.for_package("d")] == ["x"]
    assert not KnowledgeBase()


def test_match_respects_index_url_and_prereleases():
    kb = parse_document(doc(rule(specifier=">=1", index_url="https://mirror.example.org/simple/")), "t")
    m = kb.rules[0].package
    assert m.matches("A", Version("2.0b1"), "https://mirror.example.org/simple")
    assert not m.matches("a", Version("2.0"), "https://other.example.org/simple")
    assert not m.matches("a", Version("0.5"), "https://mirror.example.org/simple")


def test_dump_is_atomic_and_round_trips(tmp_path):
    kb = load_score_file(ROOT / "fixtures" / "seed" / "scores.json")
    out = tmp_path / "copy.json"
    dump_score_file(kb, out)
    again = load_score_file(out)
    assert [r.to_json() for r in again.rules] == [r.to_json() for r in kb.rules]
    assert os.listdir(tmp_path) == ["copy.json"]
    # A failing write leaves the existing file untouched and no temporary file behind.
    out.write_text("old")
    broken = KnowledgeBase([dataclasses.replace(kb.rules[0], score=float("nan"))])
    broken.to_document = lambda: {"x": object()}  # not JSON-serialisable
    with pytest.raises(TypeError):
        dump_score_file(broken, out)
    assert out.read_text() == "old"
    assert os.listdir(tmp_path) == ["copy.json"]


names = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
specs = st.sampled_from(["", "==1.0", ">=1,<2", "!=3.1", "~=2.2", "<0.5"])


@st.composite
def rule_docs(draw):
    r = {"id": draw(st.uuids()).hex, "package": draw(names), "specifier": draw(specs),
         "category": draw(st.sampled_from(["stability", "security", "performance", "maintenance"])),
         "message": draw(st.text(min_size=1, max_size=20).filter(str.strip)).strip(),
         "link": "https://example.org/" + draw(names), "source": draw(names)}
    veto = draw(st.sampled_from([False, True, ["security"], ["latest", "stable"]]))
    if veto is True:
        r["veto"] = True
    else:
        if veto:
            r["veto"] = veto
        r["score"] = draw(st.floats(-1, 1, allow_nan=False))
    if draw(st.booleans()):
        other = draw(names.filter(lambda n: n != r["package"]))
        r["with"] = {"package": other, "specifier": draw(specs)}
    if draw(st.booleans()):
        r["condition"] = {"marker": "python_version >= '3.8'", "cpu_flags": ["avx2"]}
    return r


@settings(max_examples=60, deadline=None)
@given(st.lists(rule_docs(), max_size=5))
def test_random_documents_round_trip(rules):
    kb = parse_document(doc(*rules), "gen")
    again = parse_document(json.loads(json.dumps(kb.to_document())), "again")
    assert [r.to_json() for r in again.rules] == [r.to_json() for r in kb.rules]
    assert len(kb) == len(rules)


def test_atomic_write_uses_normal_file_mode(tmp_path):
    from stackwise._atomic import atomic_write_text

    target = tmp_path / "lock.txt"
    atomic_write_text(target, "x\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    atomic_write_text(target, "y\n")
    assert target.stat().st_mode & 0o777 == 0o640
