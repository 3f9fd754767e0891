"""Which stack a search cut short by its time budget ends on, when the knowledge base vetoes a
pair of the first resolution's stack.

The shape of ``stackwise lock 'flask<2'`` from a cold cache: the first resolution (flask
1.1.4, jinja2 2.11.3, markupsafe 3.0.4) holds a vetoed pair. Ruling out jinja2 2.x is cheap
and leads to a stack the hints penalise (flask 1.1.2 with jinja2 3.1, which fails at import);
ruling out markupsafe 2.1+ leads to the stack that works, but markupsafe 2.0.1 needs an sdist
build. The search used to try the rule's first side first, so the penalised stack became the
incumbent and the budget ran out in the build: 2 of 3 cold runs locked the broken stack.
"""

from __future__ import annotations

from pathlib import Path

from support import build_wheel
from support.locks import pins_of
from test_sdist_build import tiny_backend_sdist
from test_time_budget import rules_file, timed_lock

BUILD = 6  # seconds esc 2.0's metadata build sleeps: far longer than the budget below
BUDGET = 3.0  # the first resolution (wheels only) must fit in it on a loaded machine


def test_a_vetoed_pair_is_undone_on_the_side_pinned_last(tmp_path: Path, index_factory, capsys) -> None:
    """app 1.1 -> tmpl 2.0 -> esc 3.0 is vetoed (tmpl 2.0 with esc 3). Excluding tmpl 2.0 is
    cheap but leads to app 1.0 with tmpl 3.0 (penalised); excluding esc 3 keeps app 1.1 and
    tmpl 2.0 with esc 2.0, a slow sdist build. The side pinned last (esc) is undone first, as
    a resolver that knew the veto would backtrack, so the lock holds the stack no rule
    penalises; before, it held the penalised one (the build was cut by the budget)."""
    files, log = tmp_path / "files", tmp_path / "builds.log"
    build_wheel(files, "app", "1.1", ["tmpl<3"])
    build_wheel(files, "app", "1.0", ["tmpl"])
    build_wheel(files, "tmpl", "3.0", ["esc>=2"])
    build_wheel(files, "tmpl", "2.0", ["esc"])
    build_wheel(files, "esc", "3.0")
    hook = f"open({str(log)!r}, 'a').write('esc 2.0\\n'); import time; time.sleep({BUILD})"
    tiny_backend_sdist(files, "esc", "2.0", [], hook=hook)
    index = index_factory(files_dir=files)
    scores = rules_file(
        tmp_path,
        {"id": "tmpl-esc", "package": "tmpl", "specifier": "==2.0",
         "with": {"package": "esc", "specifier": ">=3"}, "veto": True, "score": -1},
        {"id": "app-tmpl", "package": "app", "specifier": "<1.1",
         "with": {"package": "tmpl", "specifier": ">=3"}, "score": -1},
    )
    code, took, out = timed_lock(tmp_path, index.url, "app", "--scores", str(scores),
                                 "--time-budget", f"{BUDGET:g}")
    err = capsys.readouterr().err
    assert code == 0, err
    assert pins_of(out.read_text()) == {"app": "1.1", "tmpl": "2.0", "esc": "2.0"}, err
    assert "; score +0.000 (" in out.read_text(), out.read_text()  # the penalised stack: -1.000
    assert log.read_text().startswith("esc 2.0")
    # The first valid stack is waited for (vetoes are never traded for time); nothing more.
    assert took < BUILD + 60, took  # not the build cap (300 s); generous: the machine may be loaded
