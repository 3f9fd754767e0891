"""Invariant 1 outside ``security``: a release the knowledge base moved a package to is
checked for known advisories (the index's JSON project API, served on 127.0.0.1 beside the
fixture index), and never kept with one where pip's pick is clean.

``app 2.0`` scores +0.5 but a pair veto keeps it away from ``lib>=2``; so the best stack
by score is ``app 2.0`` + ``lib 1.0``, and ``lib 1.0`` has an advisory that pip's pick
``lib 2.0`` lacks. No advisory data is loaded outside ``security``: only the check of the
moved releases can see it.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from stackwise.cli import main
from test_pip_installed_kept import template as template  # noqa: F401 - the module's venv fixture

GRAPH = {"app": {"1.0": ["lib>=1.0"], "2.0": ["lib>=1.0"]}, "lib": {"1.0": [], "2.0": []}}
ADVISORY = {"id": "PYSEC-0000-7", "aliases": ["CVE-0000-7"], "summary": "Heap overflow in lib's parser",
            "details": "", "link": "https://example.org/advisories/PYSEC-0000-7", "fixed_in": ["2.0"],
            "withdrawn": None}
VULNS = {"app": {}, "lib": {"1.0": [ADVISORY]}}
RULES = [
    {"id": "pair:app2-lib2", "package": "app", "specifier": ">=2.0", "with": {"package": "lib", "specifier": ">=2"},
     "veto": True, "category": "stability", "message": "app 2.0 crashes with lib 2", "link": "https://example.org/pair",
     "source": "tests"},
    {"id": "bonus:app2", "package": "app", "specifier": "==2.0", "score": 0.5, "category": "stability",
     "message": "app 2.0 is faster", "link": "https://example.org/bonus", "source": "tests"},
]


def _lock(tmp_path: Path, url: str, *args: str, requirement: str = "app") -> tuple[int, dict[str, str]]:
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": RULES}))
    out = tmp_path / "lock.txt"
    out.unlink(missing_ok=True)
    code = main(["lock", requirement, "--scores", str(scores), "--no-default-scores", "--no-hashes",
                 "--index-url", url, "--isolated", "--cache-dir", str(tmp_path / "cache"), "-o", str(out), *args])
    pins = {}
    if out.exists():
        for line in out.read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                name, _, version = line.partition("==")
                pins[name.strip()] = version.split()[0]
    return code, pins


def _api(index) -> list[str]:
    return [p for p in index.requests_log if p.startswith("/pypi/")]


def test_a_moved_release_with_an_advisory_is_not_kept(tmp_path, index_factory, capsys) -> None:
    index = index_factory(GRAPH, vulnerabilities=VULNS)
    code, pins = _lock(tmp_path, index.url)
    err = capsys.readouterr().err
    assert code == 0, err
    assert pins == {"app": "1.0", "lib": "2.0"}, err
    # The moved release first (one document); pip's pick only because ours had an advisory;
    # then the whole package, for the guard; then app, which the guarded stack moved (clean).
    assert _api(index) == ["/pypi/lib/1.0/json", "/pypi/lib/2.0/json", "/pypi/lib/json", "/pypi/lib/1.0/json",
                           "/pypi/app/1.0/json"], _api(index)
    assert "warning" not in err, err
    # A second run answers from the cache: no request.
    index.clear_log()
    code, again = _lock(tmp_path, index.url, "--no-reuse")
    assert (code, again) == (0, pins) and _api(index) == []
    # And so does an offline run.
    code, offline = _lock(tmp_path, index.url, "--no-reuse", "--offline")
    assert (code, offline) == (0, pins) and _api(index) == []


def test_nothing_is_asked_when_nothing_moves(tmp_path, index_factory, capsys) -> None:
    # The same rules, but only one release of app: the lock is pip's, and no document is asked for.
    index = index_factory({"app": {"1.0": ["lib>=1.0"]}, "lib": GRAPH["lib"]}, vulnerabilities=VULNS)
    code, pins = _lock(tmp_path, index.url)
    assert (code, pins) == (0, {"app": "1.0", "lib": "2.0"}), capsys.readouterr().err
    assert _api(index) == []


def test_a_project_the_api_does_not_know_is_not_claimed_clean_and_not_warned_about(
        tmp_path, index_factory, capsys) -> None:
    index = index_factory(GRAPH, vulnerabilities={"app": {}})  # lib: 404
    code, pins = _lock(tmp_path, index.url)
    err = capsys.readouterr().err
    assert code == 0 and pins == {"app": "2.0", "lib": "1.0"}, err
    assert _api(index) == ["/pypi/lib/1.0/json"]
    assert "vulnerab" not in err, err


def test_an_unreachable_api_is_one_warning_and_the_lock_still_succeeds(tmp_path, index_factory, capsys) -> None:
    index = index_factory(GRAPH, vulnerabilities=VULNS)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: connection refused
    code, pins = _lock(tmp_path, index.url, "--vulnerability-api", f"http://127.0.0.1:{port}/pypi")
    err = capsys.readouterr().err
    assert code == 0 and pins == {"app": "2.0", "lib": "1.0"}, err
    assert err.count("the vulnerability API") == 1, err
    assert ("checking the packages the knowledge base moved off pip's pick for known advisories: the "
            f"vulnerability API http://127.0.0.1:{port}/pypi is unavailable") in err, err
    assert "Traceback" not in err


def test_the_veto_yields_when_the_user_pins_the_side_that_forces_the_advisory(
        tmp_path, index_factory, capsys) -> None:
    index = index_factory(GRAPH, vulnerabilities=VULNS)
    code, pins = _lock(tmp_path, index.url, requirement="app==2.0")
    err = capsys.readouterr().err
    assert code == 0 and pins == {"app": "2.0", "lib": "2.0"}, err
    assert ("lib 1.0 (pip's pick 2.0 has none), now 2.0: every stack that avoids the known advisories of these "
            "releases breaks a veto of the knowledge base") in err, err
    assert "app 2.0 crashes with lib 2 https://example.org/pair [rule pair:app2-lib2]" in err


@pytest.mark.parametrize("recommendation", ["stable", "performance", "latest"])
def test_every_recommendation_but_security_checks_moved_releases(
        tmp_path, index_factory, capsys, recommendation: str) -> None:
    index = index_factory(GRAPH, vulnerabilities=VULNS)
    code, pins = _lock(tmp_path, index.url, "--recommendation", recommendation, requirement="app==2.0")
    assert code == 0 and pins["lib"] == "2.0", capsys.readouterr().err


@pytest.mark.parametrize(("requirement", "expected"), [("app", {"app": "1.0", "lib": "2.0"}),
                                                       ("app==2.0", {"app": "2.0", "lib": "2.0"})])
def test_inside_pip_too(template, tmp_path: Path, requirement: str, expected: dict[str, str]) -> None:
    """`stackwise pip install`: the plan asks pip's index's JSON API the same way; where the
    veto yields, pip's result keeps the vetoed pair with a warning instead of failing."""
    from support.indexserver import IndexServer
    from test_pip_installed_kept import _setup, pip_run

    venv, files = _setup(tmp_path, template, GRAPH)
    with IndexServer(files, vulnerabilities=VULNS) as server:
        code, err, new, _ = pip_run(venv, server.url, tmp_path, [requirement], RULES)
        assert code == 0, err
        assert new == expected, (new, err)
        assert any(p.startswith("/pypi/lib/1.0/json") for p in server.requests_log)
    if requirement == "app==2.0":
        assert "kept so that no package keeps a known advisory pip's pick avoids" in err, err


def test_a_package_only_our_stack_holds_is_checked_too(tmp_path, index_factory, capsys) -> None:
    # A score moves app to 1.0, which pulls in `old` (not in pip's stack at all); old 1.0 has
    # an advisory. pip's stack is clean of it, so the lock must not bring it in.
    graph = {"app": {"1.0": ["old"], "2.0": []}, "old": {"1.0": []}}
    rules = [{"id": "slow:app2", "package": "app", "specifier": "==2.0", "score": -0.5, "category": "stability",
              "message": "app 2.0 is slow", "link": "https://example.org/slow", "source": "tests"}]
    index = index_factory(graph, vulnerabilities={"app": {}, "old": {"1.0": [ADVISORY]}})
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": rules}))
    out = tmp_path / "lock.txt"
    assert main(["lock", "app", "--scores", str(scores), "--no-default-scores", "--no-hashes", "--index-url",
                 index.url, "--isolated", "--cache-dir", str(tmp_path / "cache"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    text = out.read_text()
    assert "app==2.0" in text and "old==" not in text, (text, err)
    assert "/pypi/old/1.0/json" in _api(index)


def test_searches_run_again_for_the_invariants_share_the_budget() -> None:
    # Before, each guard round's search had a whole budget: 8 rounds could take 9 budgets.
    import time

    from stackwise.resolve.safety import RERUN_ALLOWANCE, _sharing_budget

    seen: list[float] = []

    def search(*args: object, time_budget: float = 10.0) -> None:
        seen.append(time_budget)
        time.sleep(0.5)

    run = _sharing_budget(search, 1.0)
    for _ in range(4):
        run(time_budget=1.0)
    assert seen[0] == 1.0
    assert 0.35 <= seen[1] <= 0.51, seen  # what is left of the one budget
    assert seen[2:] == [min(1.0 / 5, RERUN_ALLOWANCE)] * 2, seen  # spent: the allowance, not a whole budget
    unbounded: list[float] = []
    again = _sharing_budget(lambda *a, time_budget=0: unbounded.append(time_budget), 0)
    again(time_budget=0)
    again(time_budget=0)
    assert unbounded == [0, 0]  # --time-budget 0 stays unbounded


def test_the_joint_pipenv_plan_checks_moved_releases_too(tmp_path, index_factory, monkeypatch) -> None:
    """`stackwise pipenv`: the plan made in stackwise's process asks the Pipfile source's JSON API."""
    from types import SimpleNamespace

    from stackwise.commands.pipfile_lock import plan_for_pipenv

    index = index_factory(GRAPH, vulnerabilities=VULNS)
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": RULES}))
    (tmp_path / "Pipfile").write_text(f'[[source]]\nurl = "{index.url}"\nverify_ssl = false\nname = "local"\n\n'
                                      '[packages]\napp = "*"\n')
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PIPENV_PIPFILE", raising=False)
    options = SimpleNamespace(scores=[str(scores)], no_default_scores=True, require_scores=False,
                              recommendation="stable", time_budget=10.0, fail_on_vulnerable=False, rules=(),
                              min_release_age=None, min_release_age_exempt=())
    said: list[str] = []
    got = plan_for_pipenv(options, cwd=str(tmp_path), warn=said.append)
    assert got is not None, said
    assert got[0].pins() == {"app": "1.0", "lib": "2.0"}, (got[0].pins(), said)
    assert "/pypi/lib/1.0/json" in _api(index)
