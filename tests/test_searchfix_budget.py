"""One ``--time-budget`` deadline for every phase of a lock: the search, the comparison with
pip's stack, and the resolutions that explain a failed search.

Before, the comparison with pip had a budget of its own (the default 10 s allowed 20), and
explaining a failed search had no deadline at all (a metadata build it needed ran to its end).
The slow builds below write a line to a log when they start, so the tests see which phase
built what, and sleep far beyond every budget.
"""

from __future__ import annotations

from pathlib import Path

from support import build_wheel
from support.locks import pins_of
from test_sdist_build import tiny_backend_sdist
from test_time_budget import rules_file, timed_lock

SLEEP = 40  # seconds a slow build sleeps: far beyond every budget below


def slow(files: Path, log: Path, name: str, version: str, requires: list[str]) -> None:
    hook = f"open({str(log)!r}, 'a').write('{name} {version}\\n'); import time; time.sleep({SLEEP})"
    tiny_backend_sdist(files, name, version, requires, hook=hook)


def test_the_comparison_with_pip_is_bounded_past_the_runs_deadline(tmp_path, index_factory, capsys):
    """The search spends the budget (a slow build of lib 1.0 it tries for a pair bonus), then
    pip's stack needs a slow build of app 2.0. The comparison runs past the run's deadline
    only by a small allowance (min(budget, PIP_COMPARISON_ALLOWANCE): the safety guard needs
    pip's stack), the build is cut there, and a warning says pip's versions are not known
    (before: app 2.0's build ran for a whole budget of its own; with the shared deadline and
    no allowance, the safety guard compared with the first resolution instead of pip's)."""
    from stackwise.resolve.engine import PIP_COMPARISON_ALLOWANCE

    files, log = tmp_path / "files", tmp_path / "builds.log"
    build_wheel(files, "app", "1.0", ["lib"])
    slow(files, log, "app", "2.0", ["lib"])
    build_wheel(files, "lib", "2.0")
    slow(files, log, "lib", "1.0", [])
    index = index_factory(files_dir=files)
    scores = rules_file(tmp_path, {"id": "old-app", "package": "app", "specifier": "==1.0", "score": 1},
                        {"id": "old-pair", "package": "app", "specifier": "==1.0",
                         "with": {"package": "lib", "specifier": "==1.0"}, "score": 1})
    budget = 3.0
    code, took, out = timed_lock(tmp_path, index.url, "app", "--scores", str(scores), "--time-budget", f"{budget:g}")
    err = capsys.readouterr().err
    assert code == 0, err
    assert pins_of(out.read_text()) == {"app": "1.0", "lib": "2.0"}
    assert log.read_text().split("\n")[:2] == ["lib 1.0", "app 2.0"]  # the search's build, then the comparison's
    assert took < budget + min(budget, PIP_COMPARISON_ALLOWANCE) + 1.5, took  # not SLEEP
    assert "best found, not proven (time budget of 3s spent)" in err
    assert "warning: pip's own stack was not worked out within the time budget of 3s" in err, err


def test_explaining_a_failed_search_is_bounded(tmp_path, index_factory, capsys):
    """No stack avoids the veto on app 2.0 (app 1.0 needs a lib that does not exist); telling
    whether pip would find one needs app 2.0's metadata, a slow build. It is stopped at the
    deadline and the error gives the conflict and says what was not checked (before: the lock
    waited for the build to end, SLEEP seconds)."""
    files, log = tmp_path / "files", tmp_path / "builds.log"
    build_wheel(files, "app", "1.0", ["lib>=5"])
    slow(files, log, "app", "2.0", [])
    build_wheel(files, "lib", "1.0")
    index = index_factory(files_dir=files)
    scores = rules_file(tmp_path, {"id": "bad-app", "package": "app", "specifier": "==2.0", "veto": True,
                                   "score": -1})
    code, took, out = timed_lock(tmp_path, index.url, "app", "--scores", str(scores), "--time-budget", "2")
    err = capsys.readouterr().err
    assert code == 1 and not out.exists(), err
    assert took < SLEEP / 2, took  # before: more than SLEEP
    assert "Traceback" not in err
    assert "lib>=5" in err, err  # the conflict that is known
    assert ("Whether a stack with versions the knowledge base vetoes would satisfy the requirements was not "
            "checked within the time budget (it was at the metadata build of app 2.0") in err, err
