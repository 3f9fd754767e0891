"""Bounds that newer releases added, proposed for older ones (stackwise.inspect.bounds).

Every test reads real wheels' metadata from a local index on 127.0.0.1 through the
IndexClient, the way the crawl does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.errors import StackwiseError
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.inspect.bounds import BoundProposal, bound_proposals, complement, proposals_to_rules
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.scorefile import parse_document
from support import IndexServer, build_sdist

TARGET = TargetEnvironment.for_python("3.11")

BASIC = {
    "pkg": {"1.0": ["dep"], "1.1": ["dep>=1.0"], "1.2": ["dep<2"]},
    "dep": {"1.0": [], "2.0": []},
}


def propose(index_factory: Callable[..., IndexServer], graph: dict[str, Any], tmp_path: Path, name: str = "pkg",
            **kw: Any) -> tuple[list[BoundProposal], IndexServer, list[str]]:
    srv = index_factory(graph)
    warnings: list[str] = []
    with IndexClient(IndexConfig(index_urls=(srv.url,), cache_dir=tmp_path / "cache"), TARGET) as client:
        found = bound_proposals(name, client, warnings=warnings, **kw)
    return found, srv, warnings


def test_an_added_bound_is_proposed_for_the_earlier_releases(index_factory, tmp_path: Path) -> None:
    found, srv, warnings = propose(index_factory, BASIC, tmp_path)
    assert warnings == []
    assert len(found) == 1
    p = found[0]
    assert (p.package, p.dependency, p.bound, p.first_bounded) == ("pkg", "dep", "<2", "1.2")
    assert p.affected == ">=1.0,<1.2"
    assert p.affected_releases == ("1.0", "1.1")
    assert p.excluded == ("2.0",)
    assert p.marker is None
    assert p.link == f"{srv.url.rstrip('/')}/pkg/"

    (rule,) = proposals_to_rules(found)
    assert rule.id == "bound:pkg:dep:>=1.0,<1.2"
    assert rule.package.name == "pkg" and str(rule.package.specifier) == "<1.2,>=1.0"
    assert rule.other is not None and rule.other.name == "dep" and str(rule.other.specifier) == ">=2"
    assert rule.score == -0.6 and rule.veto is False
    assert (rule.category, rule.source, rule.link) == ("stability", "metadata-bound", p.link)
    assert rule.evidence == {"kind": "metadata-bound", "first_bounded": "1.2", "bound": "dep<2", "confirmed": False}
    assert rule.message.startswith("pkg 1.2 added dep<2; earlier pkg releases (>=1.0,<1.2) allow dep>=2 (2.0 on the index)")
    # The pair matches exactly the combinations the bound forbids for the old releases.
    assert rule.package.matches("pkg", Version("1.1")) and not rule.package.matches("pkg", Version("1.2"))
    assert rule.other.matches("dep", Version("2.0")) and not rule.other.matches("dep", Version("1.0"))
    # It survives a trip through a score file.
    again = parse_document(KnowledgeBase([rule]).to_document(), "again")
    assert again.rules[0] == rule and again.rules[0].evidence == rule.evidence


def test_no_proposal_when_the_index_has_nothing_the_bound_excludes(index_factory, tmp_path: Path) -> None:
    graph = {"pkg": BASIC["pkg"], "dep": {"1.0": [], "1.5": []}}
    found, _, _ = propose(index_factory, graph, tmp_path)
    assert found == []


def test_a_tighter_bound_is_proposed_for_releases_with_a_looser_one(index_factory, tmp_path: Path) -> None:
    graph = {
        "pkg": {"1.0": ["dep<3"], "1.1": ["dep<3"], "1.2": ["dep<2"], "1.3": ["dep<2"]},
        "dep": {"1.0": [], "2.0": [], "2.5": [], "3.0": []},
    }
    found, _, _ = propose(index_factory, graph, tmp_path)
    assert [(p.bound, p.first_bounded, p.affected) for p in found] == [("<2", "1.2", ">=1.0,<1.2")]
    # 3.0 is excluded by the earlier releases themselves: only 2.x is what the new bound takes away.
    assert found[0].excluded == ("2.0", "2.5")


def test_only_releases_that_depend_on_it_and_relaxed_bounds_stay_valid(index_factory, tmp_path: Path) -> None:
    graph = {
        "pkg": {
            "0.9": [],  # before the dependency existed: not affected
            "1.0": ["dep"],
            "1.1": ["dep<2"],
            "1.2": ["dep"],  # relaxed again: the proposal for 1.0 still stands
            "1.3": ["dep<=2.0"],  # added again, inclusive this time
        },
        "dep": {"1.0": [], "2.0": [], "2.1": []},
    }
    found, _, _ = propose(index_factory, graph, tmp_path)
    got = [(p.bound, p.first_bounded, p.affected, p.excluded) for p in found]
    assert got == [
        ("<2", "1.1", ">=1.0,<1.1", ("2.0", "2.1")),
        ("<=2.0", "1.3", ">=1.2,<1.3", ("2.1",)),
    ]
    rules = proposals_to_rules(found)
    assert [str(r.other.specifier) for r in rules if r.other] == [">=2", ">2.0"]


def test_bounds_in_extras_and_foreign_markers_are_ignored(index_factory, tmp_path: Path) -> None:
    graph = {
        "pkg": {
            "1.0": ["dep", "other"],
            "1.1": ["dep", 'dep<2; extra == "fast"', 'other<2; python_version < "3.0"'],
        },
        "dep": {"1.0": [], "2.0": []},
        "other": {"1.0": [], "2.0": []},
    }
    found, _, _ = propose(index_factory, graph, tmp_path)
    assert found == []


def test_a_marker_that_holds_becomes_the_rule_condition(index_factory, tmp_path: Path) -> None:
    graph = {
        "pkg": {"1.0": ["dep"], "1.1": ['dep<2; python_version >= "3.8"']},
        "dep": {"1.0": [], "2.0": []},
    }
    found, _, _ = propose(index_factory, graph, tmp_path)
    assert [p.marker for p in found] == ['python_version >= "3.8"']
    (rule,) = proposals_to_rules(found)
    assert rule.condition is not None and rule.applies_to(TARGET)
    assert not rule.applies_to(TargetEnvironment.for_python("3.7"))
    assert 'where python_version >= "3.8"' in rule.message


def test_pre_releases(index_factory, tmp_path: Path) -> None:
    graph = {
        "pkg": {"1.0": ["dep"], "1.1": ["dep"], "1.2rc1": ["dep<2"], "1.2": ["dep<2"]},
        "dep": {"1.0": [], "2.0": [], "2.1rc1": []},
    }
    found, _, _ = propose(index_factory, graph, tmp_path)
    # The pre-release that first carried the bound is the first bounded release.
    assert [(p.first_bounded, p.affected, p.excluded) for p in found] == [
        ("1.2rc1", ">=1.0,<1.2rc1", ("2.0", "2.1rc1"))
    ]
    (rule,) = proposals_to_rules(found)
    assert rule.package.matches("pkg", Version("1.1")) and not rule.package.matches("pkg", Version("1.2rc1"))

    # A pre-release of the dependency alone does not make a proposal: pip picks it only with --pre.
    graph = {"pkg": BASIC["pkg"], "dep": {"1.0": [], "2.1rc1": []}}
    found, _, _ = propose(index_factory, graph, tmp_path / "again")
    assert found == []


def test_hundreds_of_releases_are_capped(index_factory, tmp_path: Path) -> None:
    versions = {f"1.{i}": (["dep<2"] if i >= 230 else ["dep"]) for i in range(240)}
    graph = {"pkg": versions, "dep": {"1.0": [], "2.0": []}}
    found, srv, _ = propose(index_factory, graph, tmp_path, max_releases=20)
    fetched = [p for p in srv.requests_log if p.endswith(".metadata") and "/pkg-" in p]
    assert len(fetched) == 20 + 40  # the 20 newest releases, and at most 40 below them, not 240
    # The window starts at 1.220; below it the run goes on to the cap of reads (1.219 .. 1.180).
    assert [(p.first_bounded, p.affected) for p in found] == [("1.230", ">=1.180,<1.230")]
    assert found[0].below_window == ("1.180", "the cap of 40 reads below the window")


def test_unreadable_releases_are_skipped_with_a_warning(index_factory, tmp_path: Path) -> None:
    srv = index_factory(BASIC)
    build_sdist(srv.files_dir, "pkg", "0.9", ["dep"])  # sdist only, no PEP 658 metadata
    warnings: list[str] = []
    with IndexClient(IndexConfig(index_urls=(srv.url,), cache_dir=tmp_path / "c"), TARGET) as client:
        found = bound_proposals("pkg", client, warnings=warnings)
    assert [p.affected for p in found] == [">=1.0,<1.2"]
    assert len(warnings) == 1 and "pkg 0.9" in warnings[0] and "skipped" in warnings[0]
    assert not any("pkg-0.9" in p for p in srv.requests_log)  # not downloaded


def test_unknown_package_and_bad_arguments(index_factory, tmp_path: Path) -> None:
    found, _, _ = propose(index_factory, BASIC, tmp_path, name="nothing-here")
    assert found == []
    with pytest.raises(StackwiseError, match="max_releases"):
        propose(index_factory, BASIC, tmp_path / "x", max_releases=0)


def test_a_local_index_gives_proposals_but_no_rules(tmp_path: Path) -> None:
    from support import make_index

    files = make_index(tmp_path / "files", BASIC)
    with IndexClient(IndexConfig(find_links=(str(files),), no_index=True, cache_dir=tmp_path / "c"), TARGET) as client:
        found = bound_proposals("pkg", client)
    assert [p.affected for p in found] == [">=1.0,<1.2"] and found[0].link is None
    with pytest.raises(StackwiseError, match="http"):
        proposals_to_rules(found)


def test_complement() -> None:
    assert complement("<2") == ">=2"
    assert complement("<=2.0") == ">2.0"
    with pytest.raises(ValueError):
        complement(">=1")
