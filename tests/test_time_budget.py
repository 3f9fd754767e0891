"""``--time-budget`` in ``stackwise lock`` and ``stackwise pip``: vetoes hold whatever the budget.

The seed example's plain (newest-first) stack contains the vetoed pair anotherlib 2.0 +
dependency2 2.0, so the search must branch before it has any valid stack. A budget of 0 used
to end the search right there: ``lock`` then claimed every stack was vetoed, and ``pip``
fell back to an order that installed the vetoed pair. Now 0 means "the first valid stack",
and a negative or NaN budget is refused when the arguments are read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackwise.cli import main
from support.locks import pins_of
from test_pip_integration import SEED_SCORES, Venv

VETOED = {"anotherlib": "2.0", "dependency2": "2.0"}


def has_vetoed_pair(pins: dict[str, str]) -> bool:
    return all(pins.get(name) == version for name, version in VETOED.items())


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


def lock(tmp_path: Path, index_url: str, *args: str) -> tuple[int, Path]:
    out = tmp_path / "requirements.txt"
    code = main(["lock", "simplelib", "anotherlib", "--scores", SEED_SCORES, "--index-url", index_url,
                 "--isolated", "--cache-dir", str(tmp_path / "cache"), "-o", str(out), *args])
    return code, out


def test_lock_budget_zero_returns_the_first_valid_stack(tmp_path, seed_index, capsys):
    report = tmp_path / "report.json"
    code, out = lock(tmp_path, seed_index.url, "--time-budget", "0", "--report", str(report))
    err = capsys.readouterr().err
    assert code == 0, err
    assert "vetoes" not in err
    pins = pins_of(out.read_text())
    assert pins and not has_vetoed_pair(pins)
    data = json.loads(report.read_text())
    if not data["proven_best"]:  # what the summary, the lock header and the report say
        assert "best found, not proven (first valid stack: --time-budget 0)" in err
        assert "proven best" not in err and "proven best" not in out.read_text()
        assert data["verdict"].startswith("best found")


def test_lock_with_a_budget_proves_the_seed_optimum(tmp_path, seed_index, capsys):
    code, out = lock(tmp_path, seed_index.url, "--time-budget", "30")
    assert code == 0
    assert pins_of(out.read_text()) == {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0",
                                        "dependency2": "1.0"}
    assert "; proven best after" in capsys.readouterr().err


@pytest.mark.parametrize("budget", ["-1", "nan", "-inf", "soon"])
def test_lock_refuses_a_budget_that_is_not_one(tmp_path, seed_index, capsys, budget):
    with pytest.raises(SystemExit) as exc:
        lock(tmp_path, seed_index.url, f"--time-budget={budget}")
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "argument --time-budget: the time budget must be a number of seconds" in err
    assert "Traceback" not in err and not (tmp_path / "requirements.txt").exists()


def test_pip_budget_zero_never_installs_the_vetoed_pair(tmp_path, seed_index):
    venv = Venv(tmp_path / "venv")
    report = tmp_path / "sw.json"
    proc = venv.stackwise("pip", "install", "--index-url", seed_index.url, "--scores", SEED_SCORES,
                          "--time-budget", "0", "--stackwise-report", str(report), "simplelib", "anotherlib")
    installed = venv.installed()
    assert installed and not has_vetoed_pair(installed), proc.stderr
    assert "no best stack" not in proc.stderr
    data = json.loads(report.read_text())
    assert data["best_stack"] == installed
    assert data["proven_best"] or data["verdict"].startswith("best found")


@pytest.mark.parametrize("budget", ["-0.5", "nan"])
def test_pip_refuses_a_budget_that_is_not_one(tmp_path, seed_index, budget):
    venv = Venv(tmp_path / "venv")
    proc = venv.stackwise("pip", "install", "--index-url", seed_index.url, "--time-budget", budget,
                          "simplelib", check=False)
    assert proc.returncode != 0
    assert "argument --time-budget: the time budget must be a number of seconds >= 0" in proc.stderr
    assert venv.installed() == {}
