"""The search looks only at releases the user's requirements allow.

With ``pyopenssl==22.0.0`` and a knowledge base with positive rules about projects no
resolution met, the reachability walk read every release of pyopenssl, found that the
dependencies of the sdist-only 0.14 are known only after a build, and the lock said "best
found, not proven (some branches could not be evaluated: the dependencies of pyopenssl 0.14
...)": a release the pin rules out. Here ``app==22.0`` on a local index plays that part.
"""

from __future__ import annotations

import json

from support import build_wheel
from test_sdist_build import tiny_backend_sdist
from test_time_budget import rules_file, timed_lock


def test_a_pinned_roots_other_releases_are_not_walked(tmp_path, index_factory, capsys):
    files = tmp_path / "files"
    build_wheel(files, "app", "22.0", ["dep"])
    tiny_backend_sdist(files, "app", "0.14", ["dep", "old-extra-dep"])  # only a build tells its dependencies
    build_wheel(files, "dep", "1.0")
    build_wheel(files, "dep", "2.0")
    index = index_factory(files_dir=files)
    # A positive rule about a project no resolution meets: the proof must walk what any
    # allowed release may reach.
    scores = rules_file(tmp_path, {"id": "far", "package": "faraway", "specifier": ">=1", "score": 1},
                        {"id": "dep-1", "package": "dep", "specifier": "==1.0", "score": 0.5})
    report = tmp_path / "report.json"
    code, _, out = timed_lock(tmp_path, index.url, "app==22.0", "--scores", str(scores), "--recommendation",
                              "stable", "--report", str(report))
    err = capsys.readouterr().err
    assert code == 0, err
    # before: "... the dependencies of app 0.14 (app-0.14.tar.gz) are known only ..."; a bare
    # "0.14" also matched the run's own time ("in 0.14s") and failed a fresh-clone CI run
    assert "app 0.14" not in err and "app-0.14" not in err, err
    assert "proven best" in err and "not proven" not in err, err
    assert json.loads(report.read_text())["proven_best"] is True


def test_an_open_root_still_counts_what_it_cannot_read(tmp_path, index_factory, capsys):
    """Without the pin the sdist-only 0.14 may be chosen: its unread dependencies still leave
    the result unproven (the fix narrows the walk to the requirements, nothing more)."""
    files = tmp_path / "files"
    build_wheel(files, "app", "22.0", ["dep"])
    tiny_backend_sdist(files, "app", "0.14", ["dep", "old-extra-dep"])
    build_wheel(files, "dep", "1.0")
    index = index_factory(files_dir=files)
    scores = rules_file(tmp_path, {"id": "far", "package": "faraway", "specifier": ">=1", "score": 1})
    code, _, out = timed_lock(tmp_path, index.url, "app>=0.1", "--scores", str(scores), "--recommendation", "stable")
    err = capsys.readouterr().err
    assert code == 0, err
    assert "best found, not proven (some branches could not be evaluated: the dependencies of app 0.14" in err, err
