"""The release-age cooldown inside real pip: ``stackwise pip`` and ``--resolver=stackwise`` (#18).

The plan searches through the same CooldownSource as ``stackwise lock``, and pip's own
candidate list (where vetoes are dropped) does not offer what the cooldown holds back: from
``--min-release-age`` on pip's command line or from the ``min-release-age`` setting, with or
without knowledge. Real pip in a fresh environment (``test_pip_integration.Venv``) against a
fixture index on 127.0.0.1 serving PEP 700 upload times; no network.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from support import build_wheel
from support.timedindex import DAY, NOW, TimedIndex, stamp
from test_pip_integration import Venv, report_pins

# name -> version -> (requirements, days since upload)
GRAPH: dict[str, dict[str, tuple[list[str], float]]] = {
    "app": {"1.0": (["lib"], 400), "1.1": (["lib"], 2)},
    "lib": {"1.0": ([], 500), "2.0": ([], 1)},
    "fresh": {"1.0": ([], 0.2)},
}
AVOID_LIB_1 = {"id": "fixture/avoid-lib-1", "package": "lib", "specifier": "<2", "score": -0.5,
               "category": "stability", "message": "lib 1 is slow", "link": "https://example.org/lib",
               "source": "fixture"}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    directory = tmp_path_factory.mktemp("pip-cooldown")
    times = {}
    for name, versions in GRAPH.items():
        for version, (requires, days) in versions.items():
            times[build_wheel(directory, name, version, requires).name] = stamp(days)
    server = TimedIndex(directory)
    server.upload_times = times
    server.start()
    yield server
    server.stop()


@pytest.fixture
def venv(tmp_path: Path) -> Venv:
    return Venv(tmp_path / "venv")


def scores(tmp_path: Path) -> str:
    path = tmp_path / "scores.json"
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [AVOID_LIB_1]}))
    return str(path)


def install(venv: Venv, url: str, tmp_path: Path, *args: str, env: dict[str, str] | None = None,
            check: bool = True) -> tuple[Any, dict[str, str]]:
    report = tmp_path / "pip-report.json"
    report.unlink(missing_ok=True)
    proc = venv.stackwise("pip", "install", "--dry-run", "--report", str(report), "-i", url, *args,
                          env=env or venv.env(), check=check)
    return proc, report_pins(report) if report.exists() else {}


def test_the_setting_alone_holds_releases_back_from_pip(venv: Venv, index: TimedIndex, tmp_path: Path) -> None:
    proc, pins = install(venv, index.url, tmp_path, "app", "--no-default-scores")
    assert pins == {"app": "1.1", "lib": "2.0"}  # plain pip: the newest

    env = venv.env(STACKWISE_MIN_RELEASE_AGE="7d")
    proc, pins = install(venv, index.url, tmp_path, "app", "--no-default-scores", env=env)
    assert pins == {"app": "1.0", "lib": "1.0"}, proc.stderr
    assert "stackwise: app 1.0 — newer release(s) skipped: 1.1 uploaded 2 days ago (--min-release-age 7d)" \
        in proc.stderr
    assert "stackwise: lib 1.0 — newer release(s) skipped: 2.0 uploaded 1 day ago (--min-release-age 7d)" \
        in proc.stderr

    # "off" on the command line overrides the setting for one run; an exemption lets one package through
    proc, pins = install(venv, index.url, tmp_path, "app", "--no-default-scores", "--min-release-age", "off", env=env)
    assert pins == {"app": "1.1", "lib": "2.0"}
    proc, pins = install(venv, index.url, tmp_path, "app", "--no-default-scores", "--min-release-age-exempt", "LIB",
                         env=env)
    assert pins == {"app": "1.0", "lib": "2.0"}


def test_with_knowledge_the_plan_and_pip_both_skip_held_releases(venv: Venv, index: TimedIndex,
                                                                 tmp_path: Path) -> None:
    own = tmp_path / "own.json"
    proc, pins = install(venv, index.url, tmp_path, "app", "--no-default-scores", "--scores", scores(tmp_path),
                         "--stackwise-report", str(own))
    assert pins == {"app": "1.1", "lib": "2.0"}  # the rule agrees with the newest
    proc, pins = install(venv, index.url, tmp_path, "app", "--no-default-scores", "--scores", scores(tmp_path),
                         "--min-release-age", "7d", "--stackwise-report", str(own))
    assert pins == {"app": "1.0", "lib": "1.0"}, proc.stderr
    data = json.loads(own.read_text())
    assert data["best_stack"] == {"app": "1.0", "lib": "1.0"}  # the search never saw the young releases
    assert "lib 1.0 — newer release(s) skipped: 2.0 uploaded 1 day ago (--min-release-age 7d)" in proc.stderr


def test_an_exact_pin_is_kept_with_a_warning_and_nothing_left_is_one_clear_failure(
        venv: Venv, index: TimedIndex, tmp_path: Path) -> None:
    proc, pins = install(venv, index.url, tmp_path, "app", "lib==2.0", "--no-default-scores",
                         "--min-release-age", "7d")
    assert pins == {"app": "1.0", "lib": "2.0"}, proc.stderr
    assert "lib==2.0 was uploaded 1 day ago, inside --min-release-age 7d, but you pinned exactly" in proc.stderr

    proc, pins = install(venv, index.url, tmp_path, "fresh", "--no-default-scores", "--min-release-age", "7d",
                         check=False)
    assert proc.returncode != 0 and not pins
    # NOW is taken when the suite starts: 0.2 days (4.8 hours) read as 4 or, later in a long run, 5 or more hours
    assert re.search(r"releases the release-age cooldown holds back were not offered to pip \(fresh: 1\.0 "
                     r"uploaded \d+ hours ago \(--min-release-age 7d\)\)", proc.stderr), proc.stderr

    proc, pins = install(venv, index.url, tmp_path, "app", "--min-release-age", "soon", check=False)
    assert proc.returncode != 0 and "--min-release-age" in proc.stderr and "soon" in proc.stderr


def test_resolver_flag_applies_the_setting(venv: Venv, index: TimedIndex, tmp_path: Path) -> None:
    venv.stackwise("pip-hook", "enable")
    report = tmp_path / "r.json"
    venv.pip("install", "--dry-run", "-q", "--report", str(report), "-i", index.url, "--resolver=stackwise",
             "--no-default-scores", "app", env=venv.env(STACKWISE_MIN_RELEASE_AGE="7d"))
    assert report_pins(report) == {"app": "1.0", "lib": "1.0"}


def test_stored_plans_are_not_reused_under_a_duration_but_are_under_a_date(venv: Venv, index: TimedIndex,
                                                                             tmp_path: Path) -> None:
    own = tmp_path / "own.json"
    args = ("app", "--no-default-scores", "--scores", scores(tmp_path), "--stackwise-report", str(own))

    def reused(*extra: str) -> bool:
        proc, pins = install(venv, index.url, tmp_path, *args, *extra)
        assert pins == {"app": "1.0", "lib": "1.0"}, proc.stderr
        return bool(json.loads(own.read_text())["plan_reused"])

    assert reused("--min-release-age", "7d") is False
    assert reused("--min-release-age", "7d") is False  # relative to the clock: never reused
    date = datetime.fromtimestamp(NOW - 10 * DAY, tz=timezone.utc).strftime("%Y-%m-%d")
    assert reused("--min-release-age", date) is False
    assert reused("--min-release-age", date) is True
