"""The lower edge of a proposed bound is measured, not the edge of the read window.

``stackwise lock 'flask<2'`` locked flask 0.12.3 with jinja2 3.1 because the rule "flask
1.1.3 added jinja2<3.0" started at 0.12.4, the oldest release of the learner's window of
newest releases: 0.12.3 lacks the bound just as much but looked clean. The learner now
reads on below the window until a release ends the run (see stackwise.inspect.bounds).
Every test reads real wheels' metadata from a local index on 127.0.0.1.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.inspect.bounds import BoundProposal, bound_proposals, proposals_to_rules
from support import build_sdist, make_index
from support.timedindex import TimedIndex, stamp

TARGET = TargetEnvironment.for_python("3.11")

#: 0.9 predates the dependency; 1.0-1.3 allow dep 2; 1.4 added dep<2.
GRAPH: dict[str, Any] = {
    "pkg": {"0.9": [], "1.0": ["dep"], "1.1": ["dep>=1.0"], "1.2": ["dep"], "1.3": ["dep"], "1.4": ["dep<2"],
            "1.5": ["dep<2"]},
    "dep": {"1.0": [], "2.0": []},
}


def _propose(url: str, cache: Path, **kw: Any) -> tuple[list[BoundProposal], list[str]]:
    warnings: list[str] = []
    with IndexClient(IndexConfig(index_urls=(url,), cache_dir=cache), TARGET) as client:
        return bound_proposals("pkg", client, warnings=warnings, **kw), warnings


def _metadata_reads(srv: Any) -> list[str]:
    return sorted(p.rsplit("/", 1)[-1] for p in srv.requests_log if p.endswith(".metadata") and "/pkg-" in p)


def test_the_run_goes_on_below_the_window_to_a_release_without_the_dependency(index_factory, tmp_path: Path) -> None:
    srv = index_factory(GRAPH)
    found, warnings = _propose(srv.url, tmp_path / "c", max_releases=3)  # the window: 1.5, 1.4, 1.3
    assert warnings == []
    [p] = found
    # Before: ">=1.3,<1.4" (the window's edge), so pkg 1.0-1.2 with dep 2.0 looked clean.
    assert (p.first_bounded, p.affected) == ("1.4", ">=1.0,<1.4")
    assert p.affected_releases == ("1.0", "1.1", "1.2", "1.3")
    assert p.below_window == ("1.0", "0.9, which does not depend on dep")
    [rule] = proposals_to_rules(found)
    assert rule.id == "bound:pkg:dep:>=1.0,<1.4" and rule.score == -0.6 and rule.veto is False
    for v in ("1.0", "1.1", "1.2", "1.3"):
        assert rule.package.matches("pkg", Version(v))
    assert not rule.package.matches("pkg", Version("0.9")) and not rule.package.matches("pkg", Version("1.4"))
    assert rule.evidence is not None
    assert rule.evidence["below_window"] == {"read_down_to": "1.0", "stopped_by": "0.9, which does not depend on dep"}
    assert rule.message.endswith("(releases below the newest-releases window read down to pkg 1.0; "
                                 "stopped by 0.9, which does not depend on dep)")
    # The releases below were read once each, 0.9 included (it ended the run).
    assert _metadata_reads(srv) == [f"pkg-{v}-py3-none-any.whl.metadata" for v in
                                    ("0.9", "1.0", "1.1", "1.2", "1.3", "1.4", "1.5")]


def test_an_older_release_with_the_bound_or_without_readable_metadata_ends_the_run(index_factory,
                                                                                   tmp_path: Path) -> None:
    graph = {"pkg": {**GRAPH["pkg"], "0.9": ["dep<2"]}, "dep": GRAPH["dep"]}
    srv = index_factory(graph)
    [p], _ = _propose(srv.url, tmp_path / "a", max_releases=3)
    assert (p.affected, p.below_window) == (">=1.0,<1.4", ("1.0", "0.9, which has dep<2"))

    # An sdist-only release (no PEP 658 metadata) is not built: the run stops above it.
    files = tmp_path / "files"
    make_index(files, {"pkg": {v: r for v, r in GRAPH["pkg"].items() if v != "1.1"}, "dep": GRAPH["dep"]})
    build_sdist(files, "pkg", "1.1", ["dep"])
    srv = index_factory(files_dir=files)
    [p], _ = _propose(srv.url, tmp_path / "b", max_releases=3)
    # ... and the range is left open below it: unknown is not clean (a range ending at
    # 1.2 sent the search to 1.1, the same break). Only a hint; the message says it.
    assert p.affected == "<1.4" and p.open_below
    assert p.affected_releases == ("1.2", "1.3")
    assert p.below_window == ("1.2", "1.1, only a source distribution without PEP 658 metadata")
    assert not any("pkg-1.1" in path for path in srv.requests_log)
    [rule] = proposals_to_rules([p])
    assert rule.package.matches("pkg", Version("1.1")) and rule.package.matches("pkg", Version("0.9"))
    assert rule.veto is False and rule.score == -0.6
    assert rule.message.endswith("older releases, whose metadata needs a build to read, are assumed to lack "
                                 "the bound too")
    assert rule.evidence is not None and rule.evidence["below_window"]["open_below"] is True


def test_the_reads_below_the_window_are_capped(index_factory, tmp_path: Path) -> None:
    srv = index_factory(GRAPH)
    [p], _ = _propose(srv.url, tmp_path / "c", max_releases=3, max_older=2)
    assert p.affected == ">=1.1,<1.4"  # 1.2 and 1.1 read; 1.0 is past the cap, so not claimed
    assert p.below_window == ("1.1", "the cap of 2 reads below the window")
    assert len(_metadata_reads(srv)) == 3 + 2
    [p], _ = _propose(srv.url, tmp_path / "d", max_releases=3, max_older=0)
    assert (p.affected, p.below_window) == (">=1.3,<1.4", (None, "the cap of 0 reads below the window"))
    [rule] = proposals_to_rules([p])
    assert rule.message.endswith("(no release below the newest-releases window joined the range; "
                                 "stopped by the cap of 0 reads below the window)")


def test_a_window_that_holds_the_whole_run_changes_nothing(index_factory, tmp_path: Path) -> None:
    srv = index_factory(GRAPH)
    [p], _ = _propose(srv.url, tmp_path / "c", max_releases=10)
    assert (p.affected, p.below_window) == (">=1.0,<1.4", None)
    [rule] = proposals_to_rules([p])
    assert "below_window" not in (rule.evidence or {}) and rule.message.endswith("published without that bound")


def test_a_bound_at_the_window_s_oldest_release_is_found_below_it(index_factory, tmp_path: Path) -> None:
    srv = index_factory(GRAPH)
    [p], _ = _propose(srv.url, tmp_path / "c", max_releases=2)  # the window: 1.5, 1.4 (both bounded)
    assert (p.first_bounded, p.affected, p.below_window) == ("1.4", ">=1.0,<1.4", ("1.0", "0.9, which does not "
                                                                                   "depend on dep"))


def test_releases_cut_off_by_upload_time_are_read_too(tmp_path: Path) -> None:
    files = make_index(tmp_path / "files", GRAPH)
    with TimedIndex(files) as srv:
        srv.upload_times = {f"pkg-{v}-py3-none-any.whl": stamp(3000 if Version(v) < Version("1.3") else 10)
                            for v in GRAPH["pkg"]}
        [p], _ = _propose(srv.url, tmp_path / "c", since_years=4)  # 0.9-1.2 are 8 years old
    assert (p.affected, p.below_window) == (">=1.0,<1.4", ("1.0", "0.9, which does not depend on dep"))


def _regen_module() -> Any:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "regen_bounds.py"
    spec = importlib.util.spec_from_file_location("regen_bounds", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("regen_bounds", module)
    spec.loader.exec_module(module)
    return module


def test_regeneration_widens_the_untested_rest_never_the_veto(index_factory, tmp_path: Path) -> None:
    """benchmarks/regen_bounds.py: a ``…:not-inspected`` rest takes the measured range (minus the
    inspected release); the veto on the inspected release is not passed to it at all."""
    regen = _regen_module()
    srv = index_factory(GRAPH)
    [p], _ = _propose(srv.url, tmp_path / "c", max_releases=3)
    p = replace(p, link="https://example.invalid/pkg/")
    [old] = proposals_to_rules([replace(p, affected=">=1.3,<1.4", below_window=None)])
    elsewhere = {"release": "1.3", "inspections": ["i-1", "i-2"]}
    rest = replace(old, id=f"{old.id}:not-inspected", evidence={**(old.evidence or {}), "confirmed_elsewhere": elsewhere})
    new = regen._regenerated(rest, p)
    assert new.id == "bound:pkg:dep:>=1.3,<1.4:not-inspected"  # tied to the veto's id
    assert new.package.specifier == SpecifierSet(">=1.0,<1.4,!=1.3") and new.veto is False and new.score == -0.6
    assert new.evidence is not None and new.evidence["confirmed_elsewhere"] == elsewhere
    assert new.message.endswith("pkg 1.3 of this range failed in an inspection; the other releases were not inspected")
    assert regen._key(new) == regen._key(rest) == ("pkg", "dep", "dep<2", "1.4")
