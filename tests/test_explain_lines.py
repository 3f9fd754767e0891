"""Decision lines cite only what tells the chosen release from the one passed over.

Why: a rule that matches both versions was cited as the reason for one over the other (seen
with a conda-forge-derived pair rule: ``lib>=1.0`` with ``dep<2`` holds for ``lib`` 1.0 and
2.0 alike), and the line read as if the rule separated them. A real index on 127.0.0.1
offers ``lib`` 1.0 and 2.0; ``stackwise lock`` (and pip, which makes its lines with the same
function, ``resolve/explain.py``) must name the rule that differs, or say the version follows
from another choice.
"""

from __future__ import annotations

import json

import pytest

from stackwise.cli import main
from support.indexserver import IndexServer
from test_pip_installed_kept import _setup, pip_run
from test_pip_installed_kept import template as template  # noqa: F401 - the module's venv fixture
from test_pip_integration import Venv
from test_search_bruteforce import rule

GRAPH = {"lib": {"1.0": ["dep"], "2.0": ["dep"]}, "dep": {"1.0": []},
         "app": {"1.0": ["lib<2"], "2.0": ["lib>=2"]}}
# conda-forge-like: every lib release this index has is constrained with dep<2
BOTH = {**rule("lib", ">=1.0", other=("dep", "<2"), score=-0.7), "id": "conda:lib:>=1.0:dep:<2",
        "message": "conda-forge's repodata patch constrains lib>=1.0 to dep>=2"}


@pytest.fixture
def index(index_factory):
    return index_factory(GRAPH)


def lock(tmp_path, index, rules: list[dict], *reqs: str) -> tuple[str, dict]:
    """(stackwise's decision lines, the report's decisions by name) of a lock."""
    scores = tmp_path / "kb.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": rules}))
    out, report = tmp_path / "lock.txt", tmp_path / "report.json"
    code = main(["lock", *reqs, "--no-default-scores", "--scores", str(scores), "--no-hashes", "--index-url",
                 index.url, "--isolated", "--cache-dir", str(tmp_path / "cache"), "-o", str(out),
                 "--report", str(report)])
    assert code == 0
    data = json.loads(report.read_text())
    return out.read_text(), {d["name"]: d for d in data.get("decisions", ())}


def line_of(err: str, name: str) -> str:
    return next(line for line in err.splitlines() if line.startswith(f"stackwise: {name} "))


def test_a_rule_hitting_both_versions_is_not_the_reason(tmp_path, index, capsys) -> None:
    """``lib 2.0`` performs worse (the real reason); the conda-like pair hits 1.0 and 2.0 alike.
    Before: the line named the pair first (``(+1 more rule(s))``)."""
    worse = {**rule("lib", "==2.0", score=-0.9, category="performance"), "id": "lib-2-slow"}
    text, decided = lock(tmp_path, index, [BOTH, worse], "lib")
    assert "lib==1.0" in text
    line = line_of(capsys.readouterr().err, "lib")
    assert line.startswith("stackwise: lib 1.0 (pip: 2.0) — performance: ") and "[rule lib-2-slow]" in line, line
    assert "conda" not in line and "more rule" not in line, line
    assert decided["lib"]["rules"] == ["lib-2-slow"], decided


def test_a_version_that_follows_from_another_choice_names_that_choice(tmp_path, index, capsys) -> None:
    """``app 2.0`` is vetoed and ``app 1.0`` needs ``lib<2``: nothing about ``lib`` itself tells
    1.0 from 2.0, so its line says it follows from ``app``. Before: it cited the conda-like pair."""
    veto = {**rule("app", "==2.0", veto=True), "id": "app-2-broken"}
    text, decided = lock(tmp_path, index, [BOTH, veto], "app")
    assert "app==1.0" in text and "lib==1.0" in text
    err = capsys.readouterr().err
    assert "[rule app-2-broken]" in line_of(err, "app"), err
    assert line_of(err, "lib") == "stackwise: lib 1.0 (pip: 2.0) — follows from the other choices (required by app)"
    assert decided["lib"]["rules"] == [], decided


def test_a_pair_rule_is_still_cited_for_the_side_it_separates(tmp_path, index, capsys) -> None:
    """The rule stays the reason where it does tell the versions apart: a pair whose ``lib`` side
    is ``==2.0`` only."""
    pair = {**rule("lib", "==2.0", other=("dep", "<2"), score=-0.7), "id": "lib-2-with-dep-1"}
    text, decided = lock(tmp_path, index, [pair], "lib")
    assert "lib==1.0" in text
    assert "[rule lib-2-with-dep-1]" in line_of(capsys.readouterr().err, "lib")
    assert decided["lib"]["rules"] == ["lib-2-with-dep-1"], decided


def test_pip_cites_the_rule_that_differs(template: Venv, tmp_path) -> None:  # noqa: F811
    """The same inside pip (``stackwise pip install``; pip_resolver makes its lines with
    :func:`~stackwise.resolve.explain.decisions`)."""
    venv, files = _setup(tmp_path, template, GRAPH)
    worse = {**rule("lib", "==2.0", score=-0.9, category="performance"), "id": "lib-2-slow"}
    with IndexServer(files) as server:
        code, err, new, report = pip_run(venv, server.url, tmp_path, ["lib"], [BOTH, worse])
    assert code == 0 and new == {"lib": "1.0", "dep": "1.0"}, err
    line = line_of(err, "lib")
    assert line.startswith("stackwise: lib 1.0 (pip: 2.0) — performance: ") and "[rule lib-2-slow]" in line, line
    assert "conda" not in line and "more rule" not in line, line
    assert {d["name"]: d["rules"] for d in report["decisions"]} == {"lib": ["lib-2-slow"]}, report
