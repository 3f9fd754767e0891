"""Inside pip, the proof's look-ahead reads no metadata from the network (issue #16 item 3).

Why: with a big score file the proof walks every allowed release a stack could reach; online
each one not cached cost a metadata request, and a fresh plan spent its whole time budget
there while pip waited. Real pip, a fresh environment and a fixture index on 127.0.0.1
(tests/test_pip_integration.py); the index's request log shows what the plan read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_pip_integration import Venv, report_pins


@pytest.fixture
def venv(tmp_path: Path) -> Venv:
    return Venv(tmp_path / "venv")


def _scores(path: Path) -> str:
    """A positive rule on ``oldlib``, which only old releases of ``app`` pull in."""
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": "t/oldlib", "package": "oldlib", "specifier": ">=0", "score": 0.5, "category": "performance",
         "message": "oldlib helps", "link": "https://example.org/oldlib", "source": "test"}]}))
    return str(path)


def _plan(venv: Venv, index, tmp_path: Path) -> tuple[dict, dict[str, str]]:  # type: ignore[no-untyped-def]
    report, own = tmp_path / "pip.json", tmp_path / "sw.json"
    venv.stackwise("pip", "install", "--dry-run", "-q", "--ignore-installed", "--report", str(report),
                   "-i", index.url, "--scores", _scores(tmp_path / "s.json"), "--stackwise-report", str(own), "app")
    return json.loads(own.read_text()), report_pins(report)


def _old_metadata_reads(index) -> list[str]:  # type: ignore[no-untyped-def]
    return [p for p in index.requests_log if "/app-0." in p]


def test_many_uncached_old_releases_are_not_read_and_nothing_is_claimed(venv: Venv, index_factory,
                                                                        tmp_path: Path) -> None:
    graph = {"app": {"9.0": [], **{f"0.{i}": ["oldlib"] for i in range(20)}}, "oldlib": {"1.0": []}}
    index = index_factory(graph)
    own, pins = _plan(venv, index, tmp_path)
    assert _old_metadata_reads(index) == []  # neither the plan's look-ahead nor pip read them
    assert own["proven_best"] is False
    assert "not in stackwise's cache" in own["verdict"] and "proven best" not in own["verdict"]
    assert pins == {"app": "9.0"} == own["best_stack"]


def test_a_few_uncached_releases_are_read_and_the_proof_holds(venv: Venv, index_factory, tmp_path: Path) -> None:
    """Three old releases: the walk reads them anyway (at most 8), finds oldlib's bonus, and
    the plan is proven best; pip installs it."""
    graph = {"app": {"9.0": [], "0.1": ["oldlib"], "0.2": ["oldlib"], "0.3": ["oldlib"]}, "oldlib": {"1.0": []}}
    index = index_factory(graph)
    own, pins = _plan(venv, index, tmp_path)
    assert own["proven_best"] is True, own["verdict"]
    assert pins == {"app": "0.3", "oldlib": "1.0"} == own["best_stack"]
