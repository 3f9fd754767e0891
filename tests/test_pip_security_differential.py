"""``stackwise pip install`` and ``pip --resolver=stackwise`` against ``stackwise lock``, with advisories.

Why: under ``--recommendation security`` the search vetoes advisory releases, guards each
package whose pip pick is clean (a score never moves it onto an advisory) and, when every
allowed stack keeps an advisory, relaxes the vetoes into penalties and locks the least bad
stack (docs/resolution.md, "Safety invariants"). Inside pip the plan only steers pip's
resolvelib, so every one of those steps must reach pip's candidate order too, through both
ways in (the command and the hook). The cases of tests/test_pip_lock_differential.py get
advisory rules in the OSV shape stackwise builds from vulnerability data (category
``security``, source ``osv:<id>``, "Fixed in X." in the message, a veto in ``security`` or
none), and ``--fail-on-vulnerable`` sometimes; the pins and the advisories listed as left in
the stack must be those of ``stackwise lock --no-reuse``. CI runs a few derandomized
examples; STACKWISE_PIPSEC_EXAMPLES=N and STACKWISE_PIPDIFF_RANDOM=1 explore more.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement
from packaging.version import Version

from test_pip_integration import Venv
from test_pip_lock_differential import PHASES, Case, cases, check, pip_pins, serve
from test_search_bruteforce import rule


def advisory(n: int, package: str, spec: str, *, score: float = -0.7, veto: bool = True,
             fixed: str | None = None) -> dict:
    """An advisory as stackwise's OSV import writes it (a security version rule)."""
    out = {"id": f"osv-ADV-{n}", "package": package, "specifier": spec, "category": "security", "score": score,
           "message": f"advisory {n}." + (f" Fixed in {fixed}." if fixed else ""),
           "link": f"https://example.org/advisories/ADV-{n}", "source": f"osv:ADV-{n}"}
    if veto:
        out["veto"] = ["security"]
    return out


@pytest.fixture(scope="module")
def sec_venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    venv = Venv(tmp_path_factory.mktemp("pipsec") / "venv")
    venv.stackwise("pip-hook", "enable")  # for the examples run through `pip --resolver=stackwise`
    return venv


@st.composite
def security_cases(draw) -> Case:
    case = draw(cases())
    names = list(case.graph)
    for n in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(names))
        versions = sorted(case.graph[name])
        cut = draw(st.sampled_from(versions))
        spec = draw(st.sampled_from([f"<{cut}", f"=={cut}", f"<={cut}", f">={cut}", ""]))
        fixed = draw(st.sampled_from([None, *[v for v in versions if v > cut]]))
        case.rules.append(advisory(n, name, spec, score=draw(st.sampled_from([-0.1, -0.4, -0.7, -1.0])),
                                   veto=draw(st.booleans()), fixed=fixed))
    if draw(st.booleans()):  # an advisory on a root's newest release: where security changes pip's pick
        root = Requirement(case.reqs[0]).name
        newest = max(case.graph[root], key=Version)
        case.rules.append(advisory(9, root, f">={newest}", veto=draw(st.booleans()),
                                   score=draw(st.sampled_from([-0.2, -1.0]))))
        if draw(st.booleans()):  # data that covers every release (no lower bound): older ones are clean
            case.rules.append(advisory(10, root, "<0.1", score=-0.1, veto=False))
    case.recommendation = draw(st.sampled_from(["security", "security", "security", "stable"]))
    case.fail_on_vulnerable = case.recommendation == "security" and draw(st.sampled_from([False, False, True]))
    case.budget0 = False
    return case


@settings(max_examples=int(os.environ.get("STACKWISE_PIPSEC_EXAMPLES", "6")), deadline=None, database=None,
          derandomize=not os.environ.get("STACKWISE_PIPDIFF_RANDOM"), suppress_health_check=list(HealthCheck),
          phases=PHASES)
@given(case=security_cases())
# Fixed examples: a score pulls toward an advisory release pip would not pick (the guard); every
# allowed release affected (the least bad stack, and the same with --fail-on-vulnerable, through
# the hook); an advisory on a dependency only an older root release avoids.
@example(case=Case(graph={"pa": {"1.0": [], "2.0": []}}, reqs=["pa"],
                   rules=[rule("pa", "==1.0", score=1.0, category="performance"),
                          advisory(1, "pa", "<2.0", score=-0.1, veto=False, fixed="2.0")],
                   recommendation="security"))
@example(case=Case(graph={"pa": {"1.0": ["pb"], "2.0": ["pb"]}, "pb": {"1.0": [], "2.0": []}}, reqs=["pa", "pb<2"],
                   rules=[advisory(1, "pb", "<2.0", fixed="2.0"), advisory(2, "pa", "==2.0", score=-0.4)],
                   recommendation="security", hook=True))
@example(case=Case(graph={"pa": {"1.0": ["pb"], "2.0": ["pb"]}, "pb": {"1.0": [], "2.0": []}}, reqs=["pa", "pb<2"],
                   rules=[advisory(1, "pb", "<2.0", fixed="2.0")], recommendation="security",
                   fail_on_vulnerable=True, hook=True))
@example(case=Case(graph={"pa": {"1.0": ["pb<2"], "2.0": ["pb>=2"]}, "pb": {"1.0": [], "2.0": []}}, reqs=["pa"],
                   rules=[advisory(1, "pb", ">=2.0")], recommendation="security"))
def test_pip_installs_what_lock_writes_under_security(sec_venv: Venv, capsys, case: Case) -> None:
    check(case, sec_venv, capsys)


def test_a_bad_stackwise_option_stops_pip_through_the_hook(sec_venv: Venv) -> None:
    """Found while comparing the two ways in: through the hook an option value stackwise could
    not read (``--recommendation securty``, ``--min-release-age bogus``) printed a warning and
    ran plain pip, dropping the user's scores, so the vetoed ``pa 2.0`` was installed;
    ``stackwise pip install`` stops with an error. Both now stop before pip resolves."""
    case = Case(graph={"pa": {"1.0": [], "2.0": []}}, reqs=["pa"], rules=[rule("pa", "==2.0", veto=True)], hook=True)
    with tempfile.TemporaryDirectory(dir=sec_venv.path.parent) as tmp:
        work = Path(tmp)
        (work / "reqs.txt").write_text("pa\n")
        (work / "kb.json").write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": case.rules}))
        with serve(case, work / "files") as server:
            assert pip_pins(case, work, server.url, sec_venv)[0] == {"pa": "1.0"}  # the veto holds
            for bad in (["--recommendation", "securty"], ["--min-release-age", "bogus"], ["--time-budget", "-1"]):
                proc = sec_venv.pip("install", "--dry-run", "-q", "-i", server.url, "--resolver=stackwise",
                                     "--no-default-scores", "--scores", str(work / "kb.json"), "pa", *bad,
                                     check=False)
                assert proc.returncode != 0, (bad, proc.stderr)
                assert proc.stderr.startswith("stackwise: error: ") and bad[0] in proc.stderr, proc.stderr
                assert "Would install" not in proc.stdout, proc.stdout
