"""Inside real pip: the least-bad stack under ``security`` (#15) and the user's dependency
overrides (#18), as ``stackwise lock`` has them.

Real pip in a fresh environment (``test_pip_integration.Venv``) against fixture indexes on
127.0.0.1; no network.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_pip_integration import Venv, report_pins

ADVISORY = {
    "id": "osv:GHSA-j7hp-h8jx-5ppr:pillow:<10.0.1", "package": "pillow", "specifier": "<10.0.1",
    "veto": ["security"], "score": -1.0, "category": "security",
    "message": "GHSA-j7hp-h8jx-5ppr: libwebp heap overflow [CVSS 9.8]",
    "link": "https://osv.dev/GHSA-j7hp-h8jx-5ppr", "source": "osv:GHSA-j7hp-h8jx-5ppr",
}
OLDER = {**ADVISORY, "id": "osv:ADV-2:pillow:<9.5.0", "specifier": "<9.5.0", "score": -0.7,
         "message": "ADV-2: an older one [CVSS 7.5]", "source": "osv:ADV-2"}

# app and tool disagree about lib: unresolvable unless the user overrides one of them.
OVERRIDE_GRAPH = {
    "app": {"1.0": ["lib>=2"]},
    "tool": {"1.0": ["lib<2", "extra-dep"]},
    "lib": {"1.0": [], "2.0": []},
    "extra-dep": {"1.0": []},
}


@pytest.fixture
def venv(tmp_path: Path) -> Venv:
    return Venv(tmp_path / "venv")


@pytest.fixture
def pillow_index(index_factory):
    return index_factory({"app": {"1.0": ["pillow<10"]},
                          "pillow": {"9.0.0": [], "9.5.0": [], "10.0.1": []}})


@pytest.fixture
def override_index(index_factory, tmp_path: Path):
    from support import build_wheel, make_index

    files = make_index(tmp_path / "override-index", OVERRIDE_GRAPH)
    build_wheel(files, "plugin", "1.0", extras={"speed": ["lib>=2"]})  # lib only with plugin[speed]
    return index_factory(files_dir=files)


def _scores(tmp_path: Path) -> str:
    path = tmp_path / "advisories.json"
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [ADVISORY, OLDER]}))
    return str(path)


# -- #15: the least bad stack ------------------------------------------------------------------


def test_least_bad_stack_is_installed_and_its_advisories_listed(venv: Venv, pillow_index, tmp_path: Path) -> None:
    report = tmp_path / "pip-report.json"
    own = tmp_path / "stackwise-report.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "--report", str(report), "-i", pillow_index.url, "app",
                          "--scores", _scores(tmp_path), "--no-default-scores", "--recommendation", "security",
                          "--stackwise-report", str(own))
    # pillow 9.5.0 keeps one advisory, 9.0.0 two: the least bad release, not a failure
    assert report_pins(report) == {"app": "1.0", "pillow": "9.5.0"}
    assert ("stackwise: warning: pillow 9.5.0 keeps 1 known advisory (no release your requirements allow is "
            "known to avoid it): GHSA-j7hp-h8jx-5ppr (CVSS 9.8, fixed in 10.0.1)") in proc.stderr
    assert "--fail-on-vulnerable refuses such a lock" in proc.stderr
    assert json.loads(own.read_text())["best_stack"]["pillow"] == "9.5.0"


def test_fail_on_vulnerable_keeps_the_strict_error(venv: Venv, pillow_index, tmp_path: Path) -> None:
    report = tmp_path / "pip-report.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "--report", str(report), "-i", pillow_index.url, "app",
                          "--scores", _scores(tmp_path), "--no-default-scores", "--recommendation", "security",
                          "--fail-on-vulnerable", check=False)
    assert proc.returncode != 0 and not report.exists()
    assert "versions the knowledge base vetoes were not offered to pip (pillow: 9.5.0, 9.0.0)" in proc.stderr


def test_least_bad_through_the_hook_installs(venv: Venv, pillow_index, tmp_path: Path) -> None:
    venv.stackwise("pip-hook", "enable")
    proc = venv.pip("install", "-i", pillow_index.url, "--resolver=stackwise", "app", "--scores", _scores(tmp_path),
                    "--no-default-scores", "--recommendation", "security")
    assert venv.installed() == {"app": "1.0", "pillow": "9.5.0"}
    assert "pillow 9.5.0 keeps 1 known advisory" in proc.stderr


def test_a_clean_release_is_still_preferred_over_the_least_bad(venv: Venv, index_factory, tmp_path: Path) -> None:
    # Without the constraint a clean release exists: nothing is relaxed, nothing listed.
    index = index_factory({"app": {"1.0": ["pillow"]}, "pillow": {"9.5.0": [], "10.0.1": []}})
    report = tmp_path / "pip-report.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "--report", str(report), "-i", index.url, "app",
                          "--scores", _scores(tmp_path), "--no-default-scores", "--recommendation", "security")
    assert report_pins(report)["pillow"] == "10.0.1"
    assert "known advisory" not in proc.stderr


# -- #18: the user's overrides -----------------------------------------------------------------


def _pyproject(venv: Venv, body: str) -> None:
    (venv.path.parent / "pyproject.toml").write_text(body)  # the working directory of venv.run


def _dry_run(venv: Venv, index_url: str, tmp_path: Path, *args: str, check: bool = True):
    report = tmp_path / "pip-report.json"
    if report.exists():
        report.unlink()
    proc = venv.stackwise("pip", "install", "--dry-run", "--report", str(report), "-i", index_url, *args,
                          "--no-default-scores", check=check)
    return proc, (report_pins(report) if report.exists() else None)


def test_without_an_override_pip_reports_the_conflict(venv: Venv, override_index, tmp_path: Path) -> None:
    proc, pins = _dry_run(venv, override_index.url, tmp_path, "app", "tool", check=False)
    assert proc.returncode != 0 and pins is None and "conflicting dependencies" in proc.stderr


def test_override_in_pyproject_makes_pip_resolve(venv: Venv, override_index, tmp_path: Path) -> None:
    _pyproject(venv, '[tool.stackwise]\noverrides = ["lib>=2"]\n')
    own = tmp_path / "stackwise-report.json"
    proc, pins = _dry_run(venv, override_index.url, tmp_path, "app", "tool", "--stackwise-report", str(own))
    assert pins == {"app": "1.0", "tool": "1.0", "lib": "2.0", "extra-dep": "1.0"}
    assert "stackwise: lib 2.0 — user override: every dependency on lib is replaced by lib>=2" in proc.stderr
    assert "pyproject.toml [tool.stackwise]: overrides #1" in proc.stderr
    assert "warning" not in proc.stderr


def test_override_from_a_rules_file_with_scores_and_a_dropped_dependency(venv: Venv, override_index,
                                                                        tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('overrides = ["lib<2", "extra-dep; sys_platform == \'never\'"]\n'
                     '[[rules]]\npackage = "lib"\nspecifier = "==1.0"\nscore = 0.5\n')
    own = tmp_path / "stackwise-report.json"
    proc, pins = _dry_run(venv, override_index.url, tmp_path, "app", "tool", "--rules", str(rules),
                          "--stackwise-report", str(own))
    assert pins == {"app": "1.0", "tool": "1.0", "lib": "1.0"}  # extra-dep: a marker that never holds drops it
    data = json.loads(own.read_text())
    assert data["best_stack"] == {"app": "1.0", "lib": "1.0", "tool": "1.0"}  # the plan saw the overrides too
    assert data["overridden"] == ["extra-dep", "lib"]
    assert [o["requirement"] for o in data["overrides"]] == ['extra-dep; sys_platform == "never"', "lib<2"]


def test_override_leaves_your_own_requirements_and_unused_extras_alone(venv: Venv, override_index,
                                                                      tmp_path: Path) -> None:
    _pyproject(venv, '[tool.stackwise]\noverrides = ["lib<2"]\n')
    _, pins = _dry_run(venv, override_index.url, tmp_path, "lib>=2")
    assert pins == {"lib": "2.0"}
    # plugin's dependency on lib applies only with its extra: without it there is nothing to replace
    proc, pins = _dry_run(venv, override_index.url, tmp_path, "plugin")
    assert pins == {"plugin": "1.0"} and "user override" not in proc.stderr
    _, pins = _dry_run(venv, override_index.url, tmp_path, "plugin[speed]")
    assert pins == {"plugin": "1.0", "lib": "1.0"}


def test_override_through_the_hook_installs(venv: Venv, override_index) -> None:
    _pyproject(venv, '[tool.stackwise]\noverrides = ["lib>=2"]\n')
    venv.stackwise("pip-hook", "enable")
    proc = venv.pip("install", "-i", override_index.url, "--resolver=stackwise", "app", "tool",
                    "--no-default-scores", "--stackwise-quiet")
    assert venv.installed() == {"app": "1.0", "tool": "1.0", "lib": "2.0", "extra-dep": "1.0"}
    assert "user override" not in proc.stderr  # --stackwise-quiet
    plain = venv.pip("install", "-i", override_index.url, "--resolver=pip", "--dry-run", "app", "tool", check=False)
    assert plain.returncode != 0  # plain pip still reads the declared dependencies
