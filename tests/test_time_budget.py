"""``--time-budget`` in ``stackwise lock`` and ``stackwise pip``: vetoes hold whatever the budget.

The seed example's plain (newest-first) stack contains the vetoed pair anotherlib 2.0 +
dependency2 2.0, so the search must branch before it has any valid stack. A budget of 0 used
to end the search right there: ``lock`` then claimed every stack was vetoed, and ``pip``
fell back to an order that installed the vetoed pair. Now 0 means "the first valid stack",
and a negative or NaN budget is refused when the arguments are read.

The budget also stops an sdist metadata build that would run past it (in the first
resolution and in the search), and ``--time-budget 0``, which has no deadline, stops at a
project whose builds keep failing instead of backtracking through every stack without it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from stackwise.cli import main
from support import build_wheel
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


# -- the budget bounds metadata builds; a budget of 0 stops at an unbuildable project ---------

SLOW_BUILD = 60  # seconds a slow sdist's backend sleeps: far beyond every budget below


def slow_sdist(files: Path, name: str, version: str, requires: list[str]) -> None:
    from test_sdist_build import tiny_backend_sdist

    tiny_backend_sdist(files, name, version, requires, hook=f"import time; time.sleep({SLOW_BUILD})")


def rules_file(tmp_path: Path, *rules: dict[str, object]) -> Path:
    path = tmp_path / "rules.json"
    base = {"category": "stability", "message": "the test's rule", "link": "https://example.org/r", "source": "tests"}
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1,
                                "rules": [{**base, **rule} for rule in rules]}))
    return path


def timed_lock(tmp_path: Path, url: str, *args: str) -> tuple[int, float, Path]:
    out = tmp_path / "lock.txt"
    started = time.monotonic()
    code = main(["lock", *args, "--index-url", url, "--isolated", "--no-default-scores", "--no-reuse",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    return code, time.monotonic() - started, out


def test_a_slow_build_in_the_first_resolution_is_stopped_at_the_budget(tmp_path, index_factory, capsys):
    """The scores send the first resolution to an old sdist-only release whose metadata build
    takes a minute: the build is stopped when the budget is spent and the lock is pip's order
    (before, the build ran to its end, and the real ``scikit-learn<1.3.1`` lock took 46-180 s
    with the default 10 s budget, building old scikit-learn sdists)."""
    files = tmp_path / "files"
    build_wheel(files, "app", "2.0")
    slow_sdist(files, "app", "1.0", [])
    index = index_factory(files_dir=files)
    scores = rules_file(tmp_path, {"id": "old-app", "package": "app", "specifier": "==1.0", "score": 1})
    code, took, out = timed_lock(tmp_path, index.url, "app", "--scores", str(scores), "--time-budget", "2")
    err = capsys.readouterr().err
    assert code == 0, err
    assert took < SLOW_BUILD / 2, took  # before: more than SLOW_BUILD
    assert pins_of(out.read_text()) == {"app": "2.0"}
    assert ("best found, not proven (the first resolution in score order did not finish within the time budget "
            "of 2s (it was at the metadata build of app 1.0") in err
    assert "proven best" not in err


def test_a_slow_build_in_the_search_is_stopped_at_the_budget(tmp_path, index_factory, capsys):
    """After a valid first stack the search tries a release whose sdist takes a minute to
    build (a positive pair rule makes it worth trying): the budget ends the build, the lock is
    the stack found, not proven, and a later run may still build it (nothing is remembered
    as failed)."""
    files = tmp_path / "files"
    build_wheel(files, "app", "2.0", ["lib"])
    slow_sdist(files, "app", "1.0", ["lib"])
    build_wheel(files, "lib", "1.0")
    build_wheel(files, "lib", "2.0")
    index = index_factory(files_dir=files)
    scores = rules_file(tmp_path, {"id": "old-pair", "package": "app", "specifier": "==1.0",
                                   "with": {"package": "lib", "specifier": "==1.0"}, "score": 1})
    code, took, out = timed_lock(tmp_path, index.url, "app", "--scores", str(scores), "--time-budget", "2")
    err = capsys.readouterr().err
    assert code == 0, err
    assert took < SLOW_BUILD / 2, took  # before: more than SLOW_BUILD
    assert pins_of(out.read_text()) == {"app": "2.0", "lib": "2.0"}
    assert "best found, not proven (time budget of 2s spent)" in err
    assert "skipped" not in err and "Could not build" not in err  # cut short, not failed


def test_budget_zero_stops_at_a_project_that_cannot_be_built_here(tmp_path, index_factory, capsys):
    """``--time-budget 0`` has no deadline, so skipping an unbuildable dependency release
    after release sent resolvelib through every stack without it: the real ``ligo-em-bright
    arosics charset-normalizer`` lock (``gdal`` needs its C library) ran pip's 200,000 rounds
    for 7 minutes where pip fails in 9 s. Once three builds of a project failed and each of its
    other releases needs a build too, the lock stops and names the project."""
    from test_sdist_build import tiny_backend_sdist

    files = tmp_path / "files"
    for minor in range(30):
        build_wheel(files, "app", f"1.{minor}", ["lib"])
    log = tmp_path / "builds.log"
    for minor in range(5):
        hook = f"open({str(log)!r}, 'a').write('lib 2.{minor}\\n'); raise RuntimeError('lib cannot build here')"
        tiny_backend_sdist(files, "lib", f"2.{minor}", [], hook=hook)
    index = index_factory(files_dir=files)
    code, took, out = timed_lock(tmp_path, index.url, "app", "--time-budget", "0")
    err = capsys.readouterr().err
    assert code == 1 and not out.exists(), err
    assert "stackwise: error: lib cannot be had here: the metadata builds of 3 of its releases (2.4, 2.3, 2.2) " \
           "failed in this run" in err, err
    assert "lib cannot build here" in err and "--time-budget above 0" in err and "Traceback" not in err
    assert len(set(log.read_text().split()) - {"lib"}) == 3  # three builds, then no more
