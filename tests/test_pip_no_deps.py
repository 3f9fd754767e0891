"""pip's ``--no-deps`` through stackwise: the plan reads no dependency either.

Why: with ``--no-deps`` pip installs the named projects alone. stackwise's plan used to search
over their dependencies anyway, so a pair rule with a dependency pip never installs moved the
named project to an older release (``pa 1.0 (pip: 2.0)``) and reported the dependency as
"not installed" beside pip's choice. Now the plan sees what pip sees: the named projects, their
Requires-Python, and pair rules between them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_pip_integration import Venv, decision_lines, pip_dry_run, write_rules

GRAPH = {
    "pa": {"1.0": ["pb"], "2.0": ["pb>=2"]},
    "pb": {"1.0": [], "2.0": []},
}
RULES = [{"id": "t/pa2-pb2", "package": "pa", "specifier": "==2.0", "with": {"package": "pb", "specifier": "==2.0"},
          "veto": True, "category": "stability", "message": "pa 2.0 breaks with pb 2.0",
          "link": "https://example.org/r", "source": "test"}]


@pytest.fixture
def setup(tmp_path: Path, index_factory) -> tuple[Venv, str, Path]:
    return Venv(tmp_path / "venv"), index_factory(GRAPH).url, write_rules(tmp_path / "kb.json", RULES)


def test_no_deps_plans_without_the_dependencies_pip_skips(setup, tmp_path: Path) -> None:
    venv, url, kb = setup
    # With dependencies the veto moves pa to 1.0 (pb>=2 leaves no clean pb beside pa 2.0) ...
    pins, err = pip_dry_run(venv, url, kb, tmp_path / "deps.json", "pa")
    assert pins == {"pa": "1.0", "pb": "2.0"}
    assert any(line.startswith("stackwise: pa 1.0 (pip: 2.0)") for line in decision_lines(err)), err
    # ... without them pb is never installed, so nothing may move pa, nor be reported.
    pins, err = pip_dry_run(venv, url, kb, tmp_path / "nodeps.json", "--no-deps", "pa")
    assert pins == {"pa": "2.0"}
    assert decision_lines(err) == [], err
    assert "not installed" not in err


def test_no_deps_still_applies_pairs_between_named_projects(setup, tmp_path: Path) -> None:
    venv, url, kb = setup
    pins, err = pip_dry_run(venv, url, kb, tmp_path / "r.json", "--no-deps", "pa", "pb")
    assert sorted(pins) == ["pa", "pb"]
    assert (pins["pa"], pins["pb"]) != ("2.0", "2.0"), pins  # the vetoed pair is not installed
    assert "2.0" in pins.values(), pins  # and only one of them steps back
    assert len(decision_lines(err)) == 1, err


def test_no_deps_leaves_out_a_local_projects_dependencies(setup, tmp_path: Path) -> None:
    """pip installs the project from its directory alone: its dependencies are not planned either."""
    from local_projects import make_project

    venv, url, kb = setup
    project = make_project(tmp_path / "app", "app", "0.1", ["pa", "pb"])
    pins, err = pip_dry_run(venv, url, kb, tmp_path / "r.json", str(project))
    assert pins["app"] == "0.1" and (pins["pa"], pins["pb"]) != ("2.0", "2.0"), (pins, err)
    pins, err = pip_dry_run(venv, url, kb, tmp_path / "nodeps.json", "--no-deps", str(project))
    assert pins == {"app": "0.1"}, (pins, err)
    assert decision_lines(err) == [], err


@pytest.mark.parametrize("first_no_deps", [False, True])
def test_a_stored_plan_is_not_reused_across_no_deps(setup, tmp_path: Path, first_no_deps: bool) -> None:
    """Identical runs reuse their plan (pip_plans.py); one with and one without --no-deps differ."""
    venv, url, kb = setup
    venv.stackwise("pip-hook", "enable")
    expected = {False: {"pa": "1.0", "pb": "2.0"}, True: {"pa": "2.0"}}
    for i, no_deps in enumerate([first_no_deps, not first_no_deps, first_no_deps]):
        pins, _ = pip_dry_run(venv, url, kb, tmp_path / f"r{i}.json", *(["--no-deps"] if no_deps else []), "pa",
                          hook=True)
        assert pins == expected[no_deps], (i, no_deps, pins)
