"""Rule model and score file v1: strict validation, round trips, conditions, vetoes, atomic dumps."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.errors import ScoreFileError
from stackwise.knowledge import (
    CATEGORIES,
    DEFAULT_RECOMMENDATION,
    RECOMMENDATIONS,
    Condition,
    KnowledgeBase,
    PackageMatch,
    Rule,
)
from stackwise.knowledge.scorefile import (
    MAX_ERRORS,
    dump_score_file,
    load_score_file,
    loads,
    parse_document,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed" / "scores.json"


def doc(*rules: Any, **top: Any) -> dict[str, Any]:
    return {"format": "stackwise-scores", "version": 1, **top, "rules": list(rules)}


def rule(**kw: Any) -> dict[str, Any]:
    """A valid version rule; ``key=None`` removes a key."""
    base: dict[str, Any] = {"package": "a", "specifier": "==1", "score": 0.5, "category": "stability",
                            "message": "m", "link": "https://example.org/x", "source": "t"}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def error_of(data: Any, origin: str = "f.json") -> list[str]:
    with pytest.raises(ScoreFileError) as err:
        parse_document(data, origin)
    return str(err.value).splitlines()


# -- the seed example ------------------------------------------------------------------------


def test_seed_file() -> None:
    kb = load_score_file(SEED)
    assert len(kb) == 2 and kb.revision == "seed-1"
    assert kb.packages() == frozenset({"anotherlib", "dependency2", "simplelib", "dependency1"})
    veto, perf = kb.rules
    assert veto.is_pair and veto.veto is True and veto.score == -1.0 and veto.category == "stability"
    assert all(veto.vetoes_in(r) for r in RECOMMENDATIONS)
    assert veto.package.matches("anotherlib", Version("2.0")) and veto.other is not None
    assert veto.other.matches("dependency2", Version("2.0"))
    assert not veto.other.matches("dependency2", Version("2.1"))
    assert veto.source == "seed-example" and veto.link.startswith("https://example.org/")
    assert veto.describe() == (
        "anotherlib==2.0 with dependency2==2.0: veto (stability) — anotherlib 2.0 together with "
        "dependency2 2.0 causes errors at run time <https://example.org/stackwise/seed/anotherlib-dependency2>"
    )
    assert perf.is_pair and perf.score == 0.5 and perf.category == "performance" and perf.veto is False
    assert not any(perf.vetoes_in(r) for r in RECOMMENDATIONS)
    assert (perf.package.name, perf.other and perf.other.name) == ("simplelib", "dependency1")
    assert perf.source == "seed-example"


def test_recommendation_table() -> None:
    assert CATEGORIES == ("stability", "security", "performance", "maintenance")
    assert DEFAULT_RECOMMENDATION == "stable"
    expected = {
        "latest": dict.fromkeys(CATEGORIES, 0.0),
        "stable": {"stability": 1.0, "security": 1.0, "maintenance": 0.5, "performance": 0.25},
        "performance": {"performance": 1.0, "stability": 0.5, "security": 0.5, "maintenance": 0.25},
        "security": {"security": 1.0, "stability": 0.5, "maintenance": 0.25, "performance": 0.1},
    }
    assert dict(RECOMMENDATIONS) == expected


def test_documented_example_and_errors_are_real() -> None:
    """docs/score-file.md's example loads, and its error example is what the reader says."""
    text = (ROOT / "docs" / "score-file.md").read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    kb = loads(example, "example")
    assert len(kb) == 4 and kb.generated == "2026-11-23T10:00:00Z"
    seed = load_score_file(SEED)
    assert kb.rules[:2] == seed.rules
    shown = text.split("for example\n\n```\n", 1)[1].split("```", 1)[0].splitlines()
    bad = doc(*[rule()] * 2, rule(id="x", score=7), rule(), rule(specfier="<1"),
              rule(link="ftp://example.org/x"))
    assert error_of(bad, "scores.json") == shown


# -- validation: one exact line per problem --------------------------------------------------

TOP = {"format": "stackwise-scores", "version": 1}


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ([], "f.json: the top level must be a JSON object, got a list"),
        ({"version": 1, "rules": []},
         "f.json: \"format\" must be 'stackwise-scores' (it is missing); is this a stackwise score file?"),
        ({"format": "x", "version": 1, "rules": []},
         "f.json: \"format\" must be 'stackwise-scores' (got 'x'); is this a stackwise score file?"),
        ({"format": "stackwise-scores", "rules": []},
         'f.json: "version" is missing; this stackwise reads score file version 1'),
        ({**TOP, "version": 2, "rules": []},
         "f.json: unsupported score file version 2 (a newer stackwise may read it); this stackwise reads version 1"),
        ({**TOP, "version": True, "rules": []}, "f.json: unsupported score file version true; this stackwise reads version 1"),
        ({**TOP, "version": "1", "rules": []}, "f.json: unsupported score file version '1'; this stackwise reads version 1"),
        (TOP, 'f.json: "rules" is missing (use [] for a file without rules)'),
        ({**TOP, "rules": {}}, 'f.json: "rules" must be a list, got an object'),
        (doc(extra=1), "f.json: unknown top-level key 'extra'"),
        (doc(revision=3), 'f.json: "revision" must be a non-empty string, got 3'),
        (doc(generated="yesterday"),
         'f.json: "generated" must be an RFC 3339 timestamp such as "2026-01-31T12:00:00Z", got \'yesterday\''),
        (doc(generated="2026-01-31T12:00:00"),  # no offset: not RFC 3339
         'f.json: "generated" must be an RFC 3339 timestamp such as "2026-01-31T12:00:00Z", got \'2026-01-31T12:00:00\''),
        (doc("x"), "f.json:rule #1: must be an object, got a string"),
        (doc(rule(), None), "f.json:rule #2: must be an object, got null"),
        (doc(rule(specfier="==1")), "f.json:rule #1: unknown key 'specfier'"),
        (doc(rule(id="x", specfier="==1")), "f.json:rule #1 (id 'x'): unknown key 'specfier'"),
        (doc(rule(id="")), 'f.json:rule #1: "id" must be a non-empty string, got \'\''),
        (doc(rule(id=7)), 'f.json:rule #1: "id" must be a non-empty string, got 7'),
        (doc(rule(package=None)), 'f.json:rule #1: "package" is required (a project name)'),
        (doc(rule(package="not a name!")), 'f.json:rule #1: "package" must be a valid project name, got \'not a name!\''),
        (doc(rule(package="abc\n")), 'f.json:rule #1: "package" must be a valid project name, got \'abc\\n\''),
        (doc(rule(specifier="=>1")), "f.json:rule #1: \"specifier\" '=>1' is not a valid PEP 440 version specifier"),
        (doc(rule(specifier=1)), 'f.json:rule #1: "specifier" must be a string such as ">=1.2,<2", got 1'),
        (doc(rule(index_url="mirror")), 'f.json:rule #1: "index_url" must be an http(s) or file URL, got \'mirror\''),
        (doc(rule(category="speed")),
         "f.json:rule #1: \"category\" must be one of stability, security, performance, maintenance, got 'speed'"),
        (doc(rule(category=None)),
         'f.json:rule #1: "category" is required (one of stability, security, performance, maintenance)'),
        (doc(rule(id="v"), rule(id="w"), rule(id="x", score=7)),
         'f.json:rule #3 (id \'x\'): "score" must be a number in [-1, 1], got 7'),
        (doc(rule(score=-1.5)), 'f.json:rule #1: "score" must be a number in [-1, 1], got -1.5'),
        (doc(rule(score=True)), 'f.json:rule #1: "score" must be a number in [-1, 1], got true'),
        (doc(rule(score="0.5")), 'f.json:rule #1: "score" must be a number in [-1, 1], got \'0.5\''),
        (doc(rule(score=float("nan"))), 'f.json:rule #1: "score" must be a number in [-1, 1], got NaN'),
        (doc(rule(score=None)), 'f.json:rule #1: "score" is required (a number in [-1, 1]) unless "veto" is true'),
        (doc(rule(score=None, veto=["security"])),
         'f.json:rule #1: "score" is required (a number in [-1, 1]) unless "veto" is true'),
        (doc(rule(veto="yes")),
         'f.json:rule #1: "veto" must be true, false or a list of recommendation types '
         "(latest, stable, performance, security), got 'yes'"),
        (doc(rule(veto=1)),
         'f.json:rule #1: "veto" must be true, false or a list of recommendation types '
         "(latest, stable, performance, security), got 1"),
        (doc(rule(veto=["security", "fast"])),
         "f.json:rule #1: \"veto\" names unknown recommendation type(s) ['fast']; "
         "known: latest, stable, performance, security"),
        (doc(rule(veto=[])), 'f.json:rule #1: "veto" is an empty list; use false (or leave it out) for no veto'),
        (doc(rule(message="")), 'f.json:rule #1: "message" must be a non-empty string, got \'\''),
        (doc(rule(message=None)), 'f.json:rule #1: "message" is required'),
        (doc(rule(link=None)), 'f.json:rule #1: "link" is required'),
        (doc(rule(source=None)), 'f.json:rule #1: "source" is required'),
        (doc(rule(source=["me"])), 'f.json:rule #1: "source" must be a non-empty string, got ["me"]'),
        (doc(rule(link="ftp://example.org/x")), "f.json:rule #1: \"link\" must be an http(s) URL, got 'ftp://example.org/x'"),
        (doc(rule(link="https://")), "f.json:rule #1: \"link\" must be an http(s) URL, got 'https://'"),
        (doc(rule(id="x"), rule(id="x")), "f.json:rule #2 (id 'x'): duplicate rule id 'x', first used by rule #1"),
        (doc(rule(id="rule-2"), rule()),
         "f.json:rule #2: duplicate rule id 'rule-2', first used by rule #1 "
         '(its default id; give one of them an explicit "id")'),
        (doc(rule(condition=[])), 'f.json:rule #1: "condition" must be an object, got a list'),
        (doc(rule(condition={"os": "linux"})),
         "f.json:rule #1: unknown condition key 'os' (known: cpu_flags, cuda_version, marker)"),
        (doc(rule(condition={"marker": "python_version >>> '3'"})),
         "f.json:rule #1: condition \"marker\" \"python_version >>> '3'\" is not a valid PEP 508 marker "
         "(Expected a marker variable or quoted string)"),
        (doc(rule(condition={"marker": 3})), 'f.json:rule #1: condition "marker" must be a string, got a number'),
        (doc(rule(condition={"cpu_flags": "avx2"})),
         'f.json:rule #1: condition "cpu_flags" must be a list of flag names such as ["avx2"], got \'avx2\''),
        (doc(rule(condition={"cpu_flags": ["avx2", 1]})),
         'f.json:rule #1: condition "cpu_flags" must be a list of flag names such as ["avx2"], got ["avx2", 1]'),
        (doc(rule(condition={"cuda_version": "twelve"})),
         "f.json:rule #1: condition \"cuda_version\" 'twelve' is not a version specifier such as \">=12,<13\""),
        (doc(rule(condition={"cuda_version": 12})),
         "f.json:rule #1: condition \"cuda_version\" 12 is not a version specifier such as \">=12,<13\""),
        (doc(rule(**{"with": {"package": "A"}})), 'f.json:rule #1: "with" must name a different package than "package"'),
        (doc(rule(**{"with": "b"})),
         'f.json:rule #1: "with" must be an object like {"package": "name", "specifier": ">=2"}, got a string'),
        (doc(rule(**{"with": {"package": "b", "version": "1"}})), "f.json:rule #1: unknown key 'version' in \"with\""),
        (doc(rule(**{"with": {"package": "b", "specifier": "=>1"}})),
         "f.json:rule #1 \"with\": \"specifier\" '=>1' is not a valid PEP 440 version specifier"),
    ],
)
def test_validation_error_lines(data: Any, line: str) -> None:
    lines = error_of(data)
    assert lines[0] == "f.json is not a valid score file (1 problem):"
    assert lines[1:] == [line]


def test_unknown_marker_variable_is_rejected_when_loading() -> None:
    [head, line] = error_of(doc(rule(condition={"marker": "flavour == 'x'"})))
    assert line.startswith("f.json:rule #1: condition \"marker\" \"flavour == 'x'\" is not a valid PEP 508 marker (")


def test_all_problems_reported_at_once() -> None:
    lines = error_of(doc(rule(score=9), rule(category="x"), rule(id="z", link="nope", specfier=1)))
    assert lines == [
        "f.json is not a valid score file (4 problems):",
        'f.json:rule #1: "score" must be a number in [-1, 1], got 9',
        "f.json:rule #2: \"category\" must be one of stability, security, performance, maintenance, got 'x'",
        "f.json:rule #3 (id 'z'): unknown key 'specfier'",
        "f.json:rule #3 (id 'z'): \"link\" must be an http(s) URL, got 'nope'",
    ]


def test_error_list_is_capped() -> None:
    lines = error_of(doc(*[rule(score=5)] * 30))
    assert lines[0] == "f.json is not a valid score file (30 problems):"
    assert len(lines) == 1 + MAX_ERRORS + 1
    assert lines[-1] == f"... and {30 - MAX_ERRORS} more"


def test_huge_values_are_shortened_in_messages() -> None:
    [_, line] = error_of(doc(rule(score=list(range(1000)))))
    assert len(line) < 150 and line.endswith("...")


# -- reading files ----------------------------------------------------------------------------


def test_not_json_reports_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "s.json"
    bad.write_text('{"format": "stackwise-scores",\n  oops}')
    with pytest.raises(ScoreFileError) as err:
        load_score_file(bad)
    assert str(err.value) == (
        f"{bad}: not valid JSON: Expecting property name enclosed in double quotes at line 2, column 3."
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the score file is empty (expected a JSON object)."),
        (b"  \n\t", "the score file is empty (expected a JSON object)."),
        (b'{"a": "\xff"}', "not UTF-8 text (invalid start byte at byte 7)."),
        (b"[" * 100_000, "not a usable score file: JSON nested too deeply."),
    ],
)
def test_unusable_content(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(content)
    with pytest.raises(ScoreFileError) as err:
        load_score_file(path)
    assert str(err.value) == f"{path}: {expected}"


def test_huge_integer_literal_is_a_score_file_error() -> None:
    with pytest.raises(ScoreFileError, match=r"^x: not valid JSON: "):
        loads('{"format": "stackwise-scores", "version": ' + "1" * 5000 + "}", "x")


def test_bom_is_tolerated() -> None:
    assert len(loads(b"\xef\xbb\xbf" + SEED.read_bytes(), "bom")) == 2


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(ScoreFileError) as err:
        load_score_file(tmp_path / "missing.json")
    assert str(err.value) == f"{tmp_path / 'missing.json'}: score file not found."
    with pytest.raises(ScoreFileError) as err:
        load_score_file(tmp_path)
    assert str(err.value) == f"{tmp_path}: is a directory, not a score file."
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)  # ELOOP: an OSError that is neither of the above
    with pytest.raises(ScoreFileError, match=r"loop\.json: cannot read score file: "):
        load_score_file(loop)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files regardless of mode")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(SEED.read_bytes())
    path.chmod(0)
    with pytest.raises(ScoreFileError, match=r"cannot read score file: Permission denied"):
        load_score_file(path)


# -- conditions -------------------------------------------------------------------------------


def conditional_kb() -> KnowledgeBase:
    return parse_document(doc(
        rule(id="linux-311", condition={"marker": "python_version >= '3.11' and sys_platform == 'linux'"}),
        rule(id="extra", condition={"marker": "extra == ''"}),
        rule(id="avx2", condition={"cpu_flags": ["AVX2"]}),
        rule(id="avx512", condition={"cpu_flags": ["avx2", "avx512f"]}),
        rule(id="cuda12", condition={"cuda_version": ">=12,<13"}),
        rule(id="any-cuda", condition={"cuda_version": ""}),
        rule(id="all", condition={"marker": "sys_platform == 'linux'", "cpu_flags": ["avx2"], "cuda_version": ">=12"}),
        rule(id="unconditional"),
    ), "t")


def applying(kb: KnowledgeBase, target: TargetEnvironment) -> set[str]:
    return {r.id for r in kb.rules if r.applies_to(target)}


def test_conditions_against_the_target() -> None:
    kb = conditional_kb()
    base = TargetEnvironment.current(cpu_flags=frozenset(), cuda_version=None)
    linux311 = dataclasses.replace(base, markers={**base.markers, "python_version": "3.11", "sys_platform": "linux"})
    linux310 = dataclasses.replace(base, markers={**base.markers, "python_version": "3.10", "sys_platform": "linux"})
    mac312 = dataclasses.replace(base, markers={**base.markers, "python_version": "3.12", "sys_platform": "darwin"})
    assert applying(kb, linux311) == {"linux-311", "extra", "unconditional"}
    assert applying(kb, linux310) == {"extra", "unconditional"}
    assert applying(kb, mac312) == {"extra", "unconditional"}

    gpu = dataclasses.replace(linux311, cpu_flags=frozenset({"avx2", "sse4_2"}), cuda_version="12.4")
    assert applying(kb, gpu) == {"linux-311", "extra", "avx2", "cuda12", "any-cuda", "all", "unconditional"}
    upper = dataclasses.replace(gpu, cpu_flags=frozenset({"AVX2", "AVX512F"}))
    assert {"avx2", "avx512"} <= applying(kb, upper)
    cuda13 = dataclasses.replace(gpu, cuda_version="13.0")
    assert applying(kb, cuda13) == {"linux-311", "extra", "avx2", "any-cuda", "all", "unconditional"}
    garbage = dataclasses.replace(gpu, cuda_version="not-a-version")
    assert not {"cuda12", "any-cuda", "all"} & applying(kb, garbage)


def test_condition_describe_and_model() -> None:
    cond = Condition(Marker("sys_platform == 'linux'"), frozenset({"avx2", "fma"}), SpecifierSet(">=12"))
    assert cond.describe() == 'sys_platform == "linux" and cpu flags avx2,fma and cuda >=12'
    assert Condition().describe() == "always"
    kb = conditional_kb()
    by_id = {r.id: r for r in kb.rules}
    assert by_id["avx2"].condition == Condition(cpu_flags=frozenset({"avx2"}))  # flags are lower-cased
    assert by_id["unconditional"].condition is None


# -- vetoes, matches, the index, merging ------------------------------------------------------


def test_veto_semantics_per_recommendation() -> None:
    kb = parse_document(doc(
        rule(id="all", veto=True, score=None),
        rule(id="sec", veto=["security"], score=-0.3),
        rule(id="two", veto=["latest", "stable"], score=0.2),
        rule(id="none", veto=False, score=-0.4),
        rule(id="veto-with-score", veto=True, score=-0.2),
    ), "t")
    vetoed = {r.id: [t for t in RECOMMENDATIONS if r.vetoes_in(t)] for r in kb.rules}
    assert vetoed == {
        "all": ["latest", "stable", "performance", "security"],
        "sec": ["security"],
        "two": ["latest", "stable"],
        "none": [],
        "veto-with-score": ["latest", "stable", "performance", "security"],
    }
    scores = {r.id: r.score for r in kb.rules}
    assert scores == {"all": -1.0, "sec": -0.3, "two": 0.2, "none": -0.4, "veto-with-score": -0.2}
    by_id = {r.id: r for r in kb.rules}
    assert "veto" not in by_id["none"].to_json() and "score" not in by_id["all"].to_json()
    assert by_id["two"].to_json()["veto"] == ["latest", "stable"]
    assert by_id["sec"].describe().startswith("a==1: score -0.3, veto in security (stability) — m")


def test_package_match() -> None:
    m = PackageMatch("a-b", SpecifierSet(">=1"), "https://mirror.example.org/simple/")  # type: ignore[arg-type]
    assert m.matches("A_B", Version("2.0b1"), "https://mirror.example.org/simple")
    assert m.matches("a.b", Version("1"), "https://mirror.example.org/simple///")
    assert not m.matches("a-b", Version("2.0"), "https://other.example.org/simple")
    assert not m.matches("a-b", Version("2.0"), None)
    assert not m.matches("a-b", Version("0.5"), "https://mirror.example.org/simple")
    assert not m.matches("a-c", Version("2.0"), "https://mirror.example.org/simple")
    anywhere = PackageMatch("a-b", SpecifierSet(""))  # type: ignore[arg-type]
    assert anywhere.matches("a-b", Version("0.0.1.dev1"), "https://any.example.org/")


def test_for_package_index() -> None:
    kb = parse_document(doc(
        rule(id="x", package="A_B"),
        rule(id="y", package="c", **{"with": {"package": "a.b"}}),
        rule(id="z", package="d"),
    ), "1")
    assert [r.id for r in kb.for_package("A-b")] == ["x", "y"]
    assert [r.id for r in kb.for_package("C")] == ["y"]
    assert kb.for_package("nothing") == ()
    assert kb.for_package("a-b") is kb.for_package("a_b")  # served from the index, not rebuilt
    assert kb.packages() == frozenset({"a-b", "c", "d"})
    assert len(kb) == 3 and bool(kb) and list(kb) == list(kb.rules)
    assert not KnowledgeBase() and len(KnowledgeBase()) == 0 and KnowledgeBase().packages() == frozenset()


def test_merge_later_sources_replace_ids() -> None:
    kb1 = parse_document(doc(rule(id="x", package="a"), rule(id="y", package="b"), revision="r1",
                             generated="2026-01-01T00:00:00Z"), "1")
    kb2 = parse_document(doc(rule(id="x", package="c", score=-0.5), rule(id="w", package="a")), "2")
    kb3 = parse_document(doc(rule(id="v"), revision="r3"), "3")
    merged = KnowledgeBase.merge(kb1, kb2, kb3)
    assert [r.id for r in merged.rules] == ["y", "x", "w", "v"]
    assert {r.id: r.package.name for r in merged.rules}["x"] == "c"
    assert [r.id for r in merged.for_package("a")] == ["w", "v"]
    assert merged.revision == "r1+r3" and merged.generated is None
    assert KnowledgeBase.merge().rules == () and KnowledgeBase.merge(kb2).revision is None


def test_constructor_refuses_duplicate_ids() -> None:
    r = load_score_file(SEED).rules[0]
    with pytest.raises(ValueError, match="duplicate rule id"):
        KnowledgeBase([r, dataclasses.replace(r, score=0.1)])


# -- round trips and writing ------------------------------------------------------------------

FULL = doc(
    rule(id="v", specifier=">=1,<2", index_url="https://mirror.example.org/simple/", veto=["security"],
         category="security", condition={"marker": "python_version >= '3.10'", "cpu_flags": ["avx2"],
                                         "cuda_version": ">=12,<13"}),
    rule(id="p", package="B", specifier=None, score=None, veto=True,
         **{"with": {"package": "C", "specifier": "==2.0", "index_url": "file:///srv/wheels"}}),
    rule(message="  padded  ", condition={}),
    revision="kb-7",
    generated="2026-11-23T10:00:00.5+01:00",
)


def test_document_round_trip() -> None:
    kb = parse_document(FULL, "full")
    document = kb.to_document()
    again = parse_document(json.loads(json.dumps(document)), "again")
    assert again.rules == kb.rules
    assert again.to_document() == document
    assert (again.revision, again.generated) == ("kb-7", "2026-11-23T10:00:00.5+01:00")
    assert document["rules"][1] == {
        "id": "p", "package": "b", "with": {"package": "c", "specifier": "==2.0", "index_url": "file:///srv/wheels"},
        "veto": True, "category": "stability", "message": "m", "link": "https://example.org/x", "source": "t",
    }
    assert document["rules"][2]["id"] == "rule-3" and document["rules"][2]["message"] == "padded"
    seed = load_score_file(SEED)
    assert parse_document(seed.to_document(), "seed").rules == seed.rules


def test_dump_writes_sorted_indented_json(tmp_path: Path) -> None:
    kb = parse_document(FULL, "full")
    out = tmp_path / "sub" / "scores.json"
    dump_score_file(kb, out)
    text = out.read_text(encoding="utf-8")
    assert text == json.dumps(kb.to_document(), indent=2, sort_keys=True) + "\n"
    assert load_score_file(out).rules == kb.rules
    assert os.listdir(out.parent) == ["scores.json"]


def test_dump_refuses_an_invalid_base_and_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "scores.json"
    out.write_text("old")
    seed = load_score_file(SEED)
    for broken in (dataclasses.replace(seed.rules[0], score=2.0),
                   dataclasses.replace(seed.rules[1], score=float("nan")),
                   dataclasses.replace(seed.rules[1], link="mailto:someone")):
        with pytest.raises(ScoreFileError) as err:
            dump_score_file(KnowledgeBase([broken]), out)
        assert str(err.value).startswith(f"{out}: not written, the knowledge base does not form a valid score file:\n")
        assert out.read_text() == "old" and os.listdir(tmp_path) == ["scores.json"]


def test_dump_failing_mid_write_keeps_the_old_file(tmp_path: Path) -> None:
    """A real write failure (the file-size limit, as on a full disk) after the temp file opened."""
    resource = pytest.importorskip("resource")
    out = tmp_path / "scores.json"
    out.write_text("old")
    big = KnowledgeBase([dataclasses.replace(r, id=f"r{i}") for i, r in enumerate(load_score_file(SEED).rules * 20)])
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256, hard))  # Python ignores SIGXFSZ: write() fails with EFBIG
    try:
        with pytest.raises(ScoreFileError) as err:
            dump_score_file(big, out)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert str(err.value) == f"{out}: cannot write score file: File too large; any existing file is unchanged."
    assert out.read_text() == "old"
    assert os.listdir(tmp_path) == ["scores.json"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes regardless of mode")
def test_dump_into_read_only_directory(tmp_path: Path) -> None:
    out = tmp_path / "scores.json"
    out.write_text("old")
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ScoreFileError, match="cannot write score file: Permission denied"):
            dump_score_file(load_score_file(SEED), out)
    finally:
        tmp_path.chmod(0o755)
    assert out.read_text() == "old" and os.listdir(tmp_path) == ["scores.json"]


def test_atomic_write_uses_normal_file_mode(tmp_path: Path) -> None:
    from stackwise._atomic import atomic_write_text

    target = tmp_path / "lock.txt"
    atomic_write_text(target, "x\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    atomic_write_text(target, "y\n")
    assert target.stat().st_mode & 0o777 == 0o640


# -- properties -------------------------------------------------------------------------------

names = st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,8}[A-Za-z0-9]", fullmatch=True)
specs = st.sampled_from(["", "==1.0", ">=1,<2", "!=3.1", "~=2.2", "<0.5", "==1.*", ">=2.0rc1"])
markers = st.sampled_from([
    "python_version >= '3.8'", "sys_platform == 'linux' or sys_platform == 'darwin'",
    "platform_machine == 'x86_64' and implementation_name == 'cpython'", "os_name != 'nt'",
])
index_urls = st.sampled_from(["https://mirror.example.org/simple/", "http://127.0.0.1:8080/", "file:///srv/wheels"])
texts = st.text(min_size=1, max_size=20).filter(str.strip)


@st.composite
def match_docs(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {"package": draw(names)}
    if draw(st.booleans()):
        out["specifier"] = draw(specs)
    if draw(st.booleans()):
        out["index_url"] = draw(index_urls)
    return out


@st.composite
def rule_docs(draw: st.DrawFn) -> dict[str, Any]:
    r = {**draw(match_docs()), "category": draw(st.sampled_from(CATEGORIES)), "message": draw(texts),
         "link": "https://example.org/" + draw(names), "source": draw(texts)}
    if draw(st.booleans()):
        r["id"] = draw(st.uuids()).hex
    veto = draw(st.one_of(st.booleans(), st.lists(st.sampled_from(list(RECOMMENDATIONS)), min_size=1, max_size=4)))
    if veto is not False or draw(st.booleans()):
        r["veto"] = veto
    if veto is not True or draw(st.booleans()):
        r["score"] = draw(st.one_of(st.floats(-1, 1, allow_nan=False), st.integers(-1, 1)))
    if draw(st.booleans()):
        other = draw(match_docs())
        if other["package"].lower().replace("_", "-").replace(".", "-") != r["package"].lower().replace("_", "-").replace(".", "-"):
            r["with"] = other
    if draw(st.booleans()):
        cond: dict[str, Any] = {}
        if draw(st.booleans()):
            cond["marker"] = draw(markers)
        if draw(st.booleans()):
            cond["cpu_flags"] = draw(st.lists(st.sampled_from(["avx2", "AVX512F", "sse4_2", "neon"]), max_size=3))
        if draw(st.booleans()):
            cond["cuda_version"] = draw(st.sampled_from(["", ">=12", ">=11.8,<13", "==12.4.*"]))
        r["condition"] = cond
    return r


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rule_docs(), max_size=6), st.one_of(st.none(), texts))
def test_random_valid_documents_round_trip(rules: list[dict[str, Any]], revision: str | None) -> None:
    top = {} if revision is None else {"revision": revision}
    kb = parse_document(doc(*rules, **top), "gen")
    assert len(kb) == len(rules)
    document = kb.to_document()
    again = parse_document(json.loads(json.dumps(document)), "again")
    assert again.rules == kb.rules and again.revision == kb.revision
    assert again.to_document() == document
    for r in kb.rules:
        assert isinstance(r, Rule) and hash(r) == hash(dataclasses.replace(r))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["id", "package", "specifier", "index_url", "with", "score", "veto",
                                                 "category", "message", "link", "source", "condition", "x"]),
                                json_values, max_size=8), max_size=3))
def test_arbitrary_rules_fail_only_with_score_file_errors(rules: list[dict[str, Any]]) -> None:
    try:
        kb = parse_document(doc(*rules), "fuzz")
    except ScoreFileError as exc:
        lines = str(exc).splitlines()
        assert lines[0].startswith("fuzz is not a valid score file (")
        assert all(line.startswith("fuzz:") or line.startswith("... and ") for line in lines[1:])
    else:
        assert len(kb) == len(rules)
