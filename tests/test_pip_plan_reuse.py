"""Inside real pip, an identical second run reuses the first run's plan (#16 item 3,
integrations/pip_plans.py), and any change the plan depends on makes it plan afresh.

Real pip in a fresh environment against the seed fixture index on 127.0.0.1; no network.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from test_pip_integration import PIP_PICK, SEED_PICK, SEED_SCORES, Venv, decision_lines, report_pins


@pytest.fixture
def venv(tmp_path: Path) -> Venv:
    return Venv(tmp_path / "venv")


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


def _run(venv: Venv, index_url: str, tmp_path: Path, scores: str, *extra: str) -> tuple[dict, dict, list[str]]:
    report = tmp_path / "pip-report.json"
    own = tmp_path / "stackwise-report.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "--report", str(report), "-i", index_url,
                          "simplelib", "anotherlib", "--scores", scores, "--no-default-scores",
                          "--stackwise-report", str(own), *extra)
    return report_pins(report), json.loads(own.read_text()), decision_lines(proc.stderr)


def _plans(venv: Venv) -> list[Path]:
    return sorted((venv.cache / "stackwise" / "pip-plans-v1").glob("*.json"))


def test_second_identical_run_reuses_the_plan_with_the_same_result(venv: Venv, seed_index, tmp_path: Path) -> None:
    first = _run(venv, seed_index.url, tmp_path, SEED_SCORES)
    second = _run(venv, seed_index.url, tmp_path, SEED_SCORES)
    assert first[1]["plan_reused"] is False and second[1]["plan_reused"] is True
    assert first[0] == second[0] == {**SEED_PICK}
    assert first[2] == second[2] and len(second[2]) == 3  # the same decision lines
    for key in ("best_stack", "decisions", "proven_best", "verdict", "vetoed"):
        assert first[1][key] == second[1][key], key
    assert _plans(venv)


def test_a_changed_score_file_or_option_plans_afresh(venv: Venv, seed_index, tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    shutil.copy(SEED_SCORES, scores)
    assert _run(venv, seed_index.url, tmp_path, str(scores))[1]["plan_reused"] is False
    assert _run(venv, seed_index.url, tmp_path, str(scores))[1]["plan_reused"] is True
    # Same path, new content: every rule withdrawn (score 0) -> pip's own pick, planned afresh.
    data = json.loads(scores.read_text())
    for rule in data["rules"]:
        rule["score"] = 0.0
        rule.pop("veto", None)
    scores.write_text(json.dumps(data))
    pins, own, _ = _run(venv, seed_index.url, tmp_path, str(scores))
    assert own["plan_reused"] is False and pins == PIP_PICK
    # Another option is another plan too.
    assert _run(venv, seed_index.url, tmp_path, str(scores), "--time-budget", "5")[1]["plan_reused"] is False


def test_a_new_pyproject_plans_afresh_and_security_is_never_reused(venv: Venv, seed_index, tmp_path: Path) -> None:
    _run(venv, seed_index.url, tmp_path, SEED_SCORES)
    (venv.path.parent / "pyproject.toml").write_text('[tool.stackwise]\noverrides = ["dependency1<2"]\n')
    assert _run(venv, seed_index.url, tmp_path, SEED_SCORES)[1]["plan_reused"] is False
    for _ in range(2):
        own = _run(venv, seed_index.url, tmp_path, SEED_SCORES, "--recommendation", "security")[1]
        assert own["plan_reused"] is False


def test_a_damaged_stored_plan_is_only_a_miss(venv: Venv, seed_index, tmp_path: Path) -> None:
    _run(venv, seed_index.url, tmp_path, SEED_SCORES)
    for plan in _plans(venv):
        record = json.loads(plan.read_text())
        record["plan"]["stack"]["releases"]["simplelib"] = ["not a version", None]
        plan.write_text(json.dumps(record))
    pins, own, _ = _run(venv, seed_index.url, tmp_path, SEED_SCORES)
    assert own["plan_reused"] is False and pins == SEED_PICK and not own["warnings"]
    for plan in _plans(venv):
        plan.write_text("{")
    pins, own, _ = _run(venv, seed_index.url, tmp_path, SEED_SCORES)
    assert own["plan_reused"] is False and pins == SEED_PICK
    assert _run(venv, seed_index.url, tmp_path, SEED_SCORES)[1]["plan_reused"] is True  # stored again


# -- the search in a child process (no shared interpreter lock) -----------------------------------


def _env(venv: Venv, mode: str) -> dict[str, str]:
    return venv.env(STACKWISE_PIP_PLAN_PROCESS=mode)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child process is forked on Linux only")
def test_child_process_plans_what_the_thread_plans(venv: Venv, seed_index, tmp_path: Path) -> None:
    seen = {}
    for mode in ("always", "0", "always"):  # the third run: the child reuses the stored plan
        report, own = tmp_path / f"r{mode}.json", tmp_path / f"s{mode}.json"
        proc = venv.stackwise("pip", "install", "--dry-run", "--report", str(report), "-i", seed_index.url,
                              "simplelib", "anotherlib", "--scores", SEED_SCORES, "--no-default-scores",
                              "--stackwise-report", str(own), env=_env(venv, mode))
        data = json.loads(own.read_text())
        assert data["plan_process"] is (mode == "always")
        seen.setdefault(mode, []).append((report_pins(report), decision_lines(proc.stderr), data["best_stack"],
                                          data["decisions"], data["verdict"], data["plan_reused"]))
    (child, child_again), (thread,) = seen["always"], seen["0"]
    assert child[:5] == thread[:5] == child_again[:5]
    assert child[0] == SEED_PICK and len(child[1]) == 3
    assert (child[5], thread[5], child_again[5]) == (False, True, True)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child process is forked on Linux only")
def test_child_process_least_bad_and_failures(venv: Venv, index_factory, tmp_path: Path) -> None:
    from test_pip_least_bad_and_overrides import _scores

    index = index_factory({"app": {"1.0": ["pillow<10"]}, "pillow": {"9.0.0": [], "9.5.0": [], "10.0.1": []}})
    report = tmp_path / "pip-report.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "--report", str(report), "-i", index.url, "app",
                          "--scores", _scores(tmp_path), "--no-default-scores", "--recommendation", "security",
                          env=_env(venv, "always"))
    assert report_pins(report)["pillow"] == "9.5.0"  # the relaxed policy came back from the child
    assert proc.stderr.count("pillow 9.5.0 keeps 1 known advisory") == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "stackwise-scores", "rules": [')
    failed = venv.stackwise("pip", "install", "--dry-run", "-i", index.url, "app", "--scores", str(bad),
                            "--no-default-scores", "--require-scores", env=_env(venv, "always"), check=False)
    assert failed.returncode != 0 and "stackwise --require-scores" in failed.stderr
    fallback = venv.stackwise("pip", "install", "--dry-run", "-i", index.url, "app", "--scores", str(bad),
                              "--no-default-scores", env=_env(venv, "always"))
    assert fallback.stderr.count("scores unavailable") == 1
