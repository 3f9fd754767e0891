"""``pip install .``, ``-e ./dir`` and ``name @ url`` through stackwise: their dependencies are planned.

Why: a requirement pip takes from a path or URL has no name or version until pip has built its
metadata, so the plan left it out and its dependencies were only ordered per package: pair
rules between them were never applied, and pip stopped on a vetoed pair ("combination the
knowledge base vetoes") where a clean stack existed. That is the commonest way a project is
installed. Now the plan starts once pip has read those projects' metadata (in its own
resolution, first thing), with their dependencies (markers and extras applied) as roots, as
``stackwise lock`` does for a local project directory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from local_projects import make_project
from support import build_wheel
from test_pip_integration import (
    PIP_DIR,
    Venv,
    decision_lines,
    pip_dry_run,
    write_rules,
)

GRAPH = {
    "lib": {"1.0": [], "2.0": []},
    "util": {"1.0": [], "2.0": []},
}
RULES = [{"id": "t/lib2-util2", "package": "lib", "specifier": "==2.0",
          "with": {"package": "util", "specifier": "==2.0"}, "veto": True, "category": "stability",
          "message": "lib 2.0 breaks with util 2.0", "link": "https://example.org/r", "source": "test"}]


@pytest.fixture
def setup(tmp_path: Path, index_factory) -> tuple[Venv, str, Path]:
    return Venv(tmp_path / "venv"), index_factory(GRAPH).url, write_rules(tmp_path / "kb.json", RULES)


@pytest.mark.parametrize("editable", [False, True])
def test_local_directory_dependencies_avoid_a_vetoed_pair(setup, tmp_path: Path, editable: bool) -> None:
    venv, url, kb = setup
    project = make_project(tmp_path / "app", "app", "0.1", ["lib", "util"])
    pins, err = pip_dry_run(venv, url, kb, tmp_path / "r.json", *(["-e"] if editable else []), str(project))
    assert pins["app"] == "0.1"
    assert (pins["lib"], pins["util"]) in (("1.0", "2.0"), ("2.0", "1.0")), (pins, err)
    assert "vetoed" not in err, err
    assert len(decision_lines(err)) == 1, err  # the one dependency that stepped back, with the rule
    assert "t/lib2-util2" in decision_lines(err)[0], err


@pytest.mark.skipif("--only-deps" not in (PIP_DIR / "pip" / "_internal" / "cli" / "cmdoptions.py").read_text(),
                    reason="pip's --only-deps is newer than this pip")
def test_only_deps_of_a_local_directory(setup, tmp_path: Path) -> None:
    """``pip install --only-deps .``: the project's dependencies alone, planned all the same."""
    venv, url, kb = setup
    project = make_project(tmp_path / "app", "app", "0.1", ["lib", "util"])
    pins, err = pip_dry_run(venv, url, kb, tmp_path / "r.json", "--only-deps", str(project))
    assert "app" not in pins
    assert (pins["lib"], pins["util"]) in (("1.0", "2.0"), ("2.0", "1.0")), (pins, err)


def test_wheel_url_with_an_extra_and_the_hook(setup, tmp_path: Path) -> None:
    """The pair arises only through an extra: without it nothing moves; with it, one steps back."""
    venv, url, kb = setup
    venv.stackwise("pip-hook", "enable")
    wheel = build_wheel(tmp_path / "own", "app", "0.1", ["lib", 'util; extra == "cli"'], extras={"cli": []})
    plain, err = pip_dry_run(venv, url, kb, tmp_path / "plain.json", f"app @ {wheel.as_uri()}", hook=True)
    assert plain == {"app": "0.1", "lib": "2.0"}, err
    assert decision_lines(err) == [], err
    pins, err = pip_dry_run(venv, url, kb, tmp_path / "cli.json", f"app[cli] @ {wheel.as_uri()}", hook=True)
    assert (pins["lib"], pins["util"]) in (("1.0", "2.0"), ("2.0", "1.0")), (pins, err)
    assert "vetoed" not in err, err


def test_a_stored_plan_follows_the_projects_dependencies(setup, tmp_path: Path) -> None:
    """Identical runs reuse their plan (pip_plans.py); an edited dependency list is not identical."""
    venv, url, kb = setup
    project = make_project(tmp_path / "app", "app", "0.1", ["lib"])
    pins, _ = pip_dry_run(venv, url, kb, tmp_path / "r1.json", str(project))
    assert pins == {"app": "0.1", "lib": "2.0"}
    make_project(tmp_path / "app", "app", "0.1", ["lib", "util"])
    pins, err = pip_dry_run(venv, url, kb, tmp_path / "r2.json", str(project))
    assert (pins["lib"], pins["util"]) in (("1.0", "2.0"), ("2.0", "1.0")), (pins, err)
