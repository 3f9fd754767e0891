"""``stackwise lock`` and ``stackwise pip install`` agree when the knowledge base is not empty.

Why: the two flows run the same search, but inside pip the plan only steers pip's resolvelib
(candidate order, vetoed candidates dropped), so any gap between the plan and what pip can be
steered to would install a stack other than the one ``stackwise lock`` writes, possibly one
holding a vetoed release or pair. Hypothesis generates small graphs (3-7 projects, 1-4
releases, ranges, extras, markers, a yanked release, a Requires-Python exclusion) served as
real wheels on 127.0.0.1, a score file (version scores of both signs, vetoes, pair rules and
vetoed pairs, rules on projects outside the graph) and requirement lines (ranges, a pin, a
constraints file); ``stackwise lock --no-reuse`` runs in-process and ``stackwise pip install
--dry-run --ignore-installed --report`` runs the real pip in a fresh environment, or, for about
half of the cases, plain ``pip install --resolver=stackwise`` with the same options through the
hook (docs/pip-integration.md). tests/test_pip_security_differential.py adds advisories to these
cases, tests/test_pip_installed_kept.py installed releases.

The pins must be equal. With ``--time-budget 0`` only safety is compared: pip installs no
vetoed release (unless the user pinned it exactly, which lifts the veto in both flows) and
no vetoed pair. CI runs a fixed, small set (derandomized); STACKWISE_PIPDIFF_EXAMPLES=N and
STACKWISE_PIPDIFF_RANDOM=1 explore more.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise.cli import main
from support import build_wheel
from support.indexserver import IndexServer
from test_pip_integration import Venv, report_pins
from test_search_bruteforce import rule

pytestmark = pytest.mark.slow

NAMES = ["pa", "pb", "pc", "pd", "pe", "pf", "pg"]
VERSIONS = ["0.5", "1.0", "1.2", "2.0", "2.1", "3.0"]
SPECS = ["", "", "", ">=1.0", "<2.0", "!=1.2", "~=1.0", ">=2.0", "==1.*", "<3.0"]
#: The pip plan's verdict when its look-ahead declined network reads (integrations/pip_resolver.py).
DECLINED = "a plan inside pip reads few from the network for its look-ahead"
CATEGORIES = ["stability", "stability", "performance", "maintenance"]


@dataclass
class Case:
    graph: dict[str, dict[str, list[str]]]
    reqs: list[str]
    rules: list[dict]
    constraints: list[str] = field(default_factory=list)
    yanked: list[tuple[str, str]] = field(default_factory=list)
    py_excluded: list[tuple[str, str]] = field(default_factory=list)  # releases with Requires-Python >=4
    recommendation: str = "stable"
    budget0: bool = False
    fail_on_vulnerable: bool = False
    hook: bool = False  # plain pip with `--resolver=stackwise` (the hook) instead of `stackwise pip install`

    def __repr__(self) -> str:  # ready to paste into a regression test
        return (f"Case(graph={self.graph!r}, reqs={self.reqs!r}, rules={self.rules!r}, "
                f"constraints={self.constraints!r}, yanked={self.yanked!r}, py_excluded={self.py_excluded!r}, "
                f"recommendation={self.recommendation!r}, budget0={self.budget0!r}, "
                f"fail_on_vulnerable={self.fail_on_vulnerable!r}, hook={self.hook!r})")


def note(what: str) -> None:
    """A hypothesis event (--hypothesis-show-statistics), also from the plain tests below."""
    if currently_in_test_context():
        event(what)


@st.composite
def cases(draw) -> Case:
    names = NAMES[: draw(st.integers(3, len(NAMES)))]
    versions = {n: sorted(draw(st.lists(st.sampled_from(VERSIONS), min_size=1, max_size=4, unique=True)),
                          key=Version) for n in names}

    def spec_of(name: str) -> str:
        """Mostly a range over ``name``'s own releases (so it holds for some), sometimes any."""
        op = draw(st.sampled_from(["", "", "", ">=", "<", "!=", "==", "any"]))
        if op == "any":
            return draw(st.sampled_from(SPECS))
        return f"{op}{draw(st.sampled_from(versions[name]))}" if op else ""

    graph: dict[str, dict[str, list[str]]] = {}
    for i, name in enumerate(names):
        graph[name] = {}
        for v in versions[name]:
            deps = []
            for other in draw(st.lists(st.sampled_from(names[i + 1:] or [name]), max_size=2, unique=True)):
                if other == name:
                    continue
                marker = draw(st.sampled_from(["", "", "", "", "; extra == 'x'", "; python_version < '3'"]))
                deps.append(f"{other}{spec_of(other)}{marker}")
            graph[name][v] = deps
    releases = [(n, v) for n in names for v in graph[n]]
    yanked = draw(st.lists(st.sampled_from(releases), max_size=1)) if draw(st.booleans()) else []
    py_excluded = draw(st.lists(st.sampled_from(releases), max_size=1)) if draw(st.booleans()) else []

    roots = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    rules: list[dict] = []
    for _ in range(draw(st.integers(1, 7))):
        # a root's older release is where a rule most often changes pip's choice
        name = draw(st.sampled_from([*roots, *roots, *names, "ghost"]))
        spec = spec_of(name) if name in versions else ">=0"
        favour = name in roots and len(versions[name]) > 1 and draw(st.booleans())
        if favour:
            spec = "==" + draw(st.sampled_from(versions[name][:-1]))
        kind = draw(st.sampled_from(["score", "score", "score", "veto", "pair", "pair", "pairveto"]))
        category = draw(st.sampled_from(CATEGORIES))
        score = draw(st.sampled_from([-1.0, -0.6, -0.3, -0.05, 0.1, 0.4, 0.8, 1.0]))
        if favour:  # a positive score (alone or with another project), never a veto
            score, kind = abs(score), draw(st.sampled_from(["score", "pair"]))
        if kind in ("pair", "pairveto"):
            other = draw(st.sampled_from([n for n in [*names, "ghost"] if n != name]))
            ospec = spec_of(other) if other in versions else "<1"
            rules.append(rule(name, spec, other=(other, ospec), veto=kind == "pairveto", score=score,
                              category=category))
        else:
            rules.append(rule(name, spec, veto=kind == "veto", score=score, category=category))

    reqs = []
    for r in roots:
        extra = draw(st.sampled_from(["", "", "[x]"]))
        form = draw(st.sampled_from(["", "", "range", "pin"]))
        if form == "range":
            reqs.append(f"{r}{extra}{spec_of(r) or '>=0'}")
        elif form == "pin":
            reqs.append(f"{r}{extra}=={draw(st.sampled_from(sorted(graph[r])))}")
        else:
            reqs.append(f"{r}{extra}")
    constraints = []
    if draw(st.booleans()):
        constraints = [f"{n}{spec_of(n) or '!=9'}"
                       for n in draw(st.lists(st.sampled_from(names), max_size=2, unique=True))]
    return Case(graph, reqs, rules, constraints, yanked, py_excluded,
                draw(st.sampled_from(["stable", "stable", "performance", "latest"])),
                draw(st.sampled_from([False, False, False, True])), hook=draw(st.booleans()))


def serve(case: Case, directory: Path) -> IndexServer:
    for name, versions in case.graph.items():
        for v, deps in versions.items():
            build_wheel(directory, name, v, deps,
                        requires_python=">=4" if (name, v) in case.py_excluded else None)
    yanked = {f"{n}-{v}-py3-none-any.whl": "broken" for n, v in case.yanked}
    return IndexServer(directory, yanked=yanked)


lock_err = [""]  # the last successful lock's stderr (its advisory lines, for the security tests)


def case_options(case: Case, work: Path) -> list[str]:
    """The options ``stackwise lock`` and pip both get for ``case`` beyond the knowledge."""
    args = ["-c", str(work / "constraints.txt")] if case.constraints else []
    if case.budget0:
        args += ["--time-budget", "0"]
    if case.fail_on_vulnerable:
        args += ["--fail-on-vulnerable"]
    return args


def lock_pins(case: Case, work: Path, url: str, capsys) -> tuple[dict[str, str] | None, dict | None]:
    """``stackwise lock``'s pins and report (None, None when it finds no stack)."""
    out, report = work / "lock.txt", work / "lock-report.json"
    args = ["lock", "-r", str(work / "reqs.txt"), "--scores", str(work / "kb.json"), "--no-default-scores",
            "--no-reuse", "--index-url", url, "--isolated", "--cache-dir", str(work / "cache"), "-o", str(out),
            "-q", "--no-hashes", "--report", str(report), "--recommendation", case.recommendation]
    args += case_options(case, work)
    code = main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    if code != 0:
        assert "stackwise: error:" in err, err
        note("lock error: " + err.split("stackwise: error:", 1)[1][:40].strip())
        return None, None
    lock_err[0] = err
    pins = {}
    for line in out.read_text().splitlines():
        if "==" in line and not line.lstrip().startswith(("#", "--")):
            name, _, version = line.strip().partition("==")
            pins[canonicalize_name(name.split("[")[0])] = version.split()[0].split(";")[0].strip()
    return pins, json.loads(report.read_text())


def pip_pins(case: Case, work: Path, url: str, venv: Venv) -> tuple[dict[str, str] | None, str]:
    report, sw_report = work / "pip-report.json", work / "pip-stackwise.json"
    args = ["pip", "install", "--dry-run", "--ignore-installed", "-q", "-i", url, "-r", str(work / "reqs.txt"),
            "--report", str(report), "--no-default-scores", "--scores", str(work / "kb.json"),
            "--stackwise-report", str(sw_report), "--recommendation", case.recommendation]
    args += case_options(case, work)
    # A fresh stackwise cache per run: what the plan may read for its look-ahead depends on
    # it (see below), and one example must not warm it for the next.
    env = venv.env(STACKWISE_CACHE_DIR=str(work / "pip-sw-cache"))
    if case.hook:  # the same options on plain pip's command line, through the hook
        proc = venv.pip(*args[1:], "--resolver=stackwise", check=False, env=env)
    else:
        proc = venv.stackwise(*args, check=False, env=env)
    if proc.returncode != 0:
        return None, proc.stderr
    verdict = json.loads(sw_report.read_text()).get("verdict") or ""
    return {canonicalize_name(n): v for n, v in report_pins(report).items()}, proc.stderr + "\nverdict: " + verdict


def vetoes(r: dict, recommendation: str) -> bool:
    """Whether rule ``r`` vetoes under ``recommendation`` (``veto``: true, or a list of them)."""
    veto = r.get("veto")
    return recommendation in veto if isinstance(veto, list) else bool(veto)


def unsafe(case: Case, pins: dict[str, str]) -> list[str]:
    """Vetoed releases and vetoed pairs in ``pins``; a user's exact pin (of a release, of both
    sides of a pair) keeps it in both flows."""
    exact = set()
    for line in [*case.reqs, *case.constraints]:
        name, _, version = line.partition("==")
        if version and "*" not in version:
            exact.add((canonicalize_name(name.split("[")[0]), version))
    have = {canonicalize_name(n): Version(v) for n, v in pins.items()}

    def holds(name: str, spec: str) -> bool:
        return name in have and SpecifierSet(spec).contains(have[name], prereleases=True)

    bad = []
    for r in case.rules:
        if not vetoes(r, case.recommendation) or r.get("category") == "security":
            continue  # advisories: the least bad stack may keep them (compared with the lock instead)
        if "with" in r:
            sides = [r["package"], r["with"]["package"]]
            pinned = all((n, str(have.get(n))) in exact for n in sides)  # kept when both are pinned
            if holds(r["package"], r["specifier"]) and holds(r["with"]["package"], r["with"]["specifier"]) \
                    and not pinned:
                bad.append(f"pair {r}")
        elif holds(r["package"], r["specifier"]) and (r["package"], str(have[r["package"]])) not in exact:
            bad.append(f"version {r}")
    return bad


def check(case: Case, venv: Venv, capsys) -> None:
    with tempfile.TemporaryDirectory(dir=venv.path.parent) as tmp:
        work = Path(tmp)
        (work / "reqs.txt").write_text("\n".join(case.reqs) + "\n")
        (work / "constraints.txt").write_text("\n".join(case.constraints) + "\n")
        (work / "kb.json").write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": case.rules}))
        with serve(case, work / "files") as server:
            locked, lock_report = lock_pins(case, work, server.url, capsys)
            installed, pip_err = pip_pins(case, work, server.url, venv)
    assert "Traceback" not in pip_err, pip_err
    if installed is None:  # a failure is pip's own or stackwise's, in one clear error
        assert "ERROR:" in pip_err or "stackwise: error:" in pip_err, pip_err
    note("lock: no stack" if locked is None else f"lock: {lock_report['verdict'].split(' (')[0]}")
    if lock_report is not None and any(p["pip_version"] != p["version"] for p in lock_report["packages"]):
        note("lock differs from pip's own choice")
    if installed is not None:
        assert not unsafe(case, installed), (unsafe(case, installed), case)
    if case.budget0:
        return
    assert (locked is None) == (installed is None), (locked, installed, pip_err[-800:], case)
    if locked != installed and DECLINED in pip_err:
        # Known class (documented in docs/pip-integration.md): the plan inside pip does not read
        # metadata from the network for its look-ahead beyond a few releases (the pip-overhead
        # goal of issue #16), so on a cold cache it may not reach a rule-bearing project that
        # only an older release pulls in; it says "best found, not proven" then.
        note("pip plan: look-ahead declined, not proven")
        return
    assert locked == installed, (locked, installed, lock_report and lock_report.get("verdict"), pip_err[-800:],
                                 case)
    note("via the hook" if case.hook else "via stackwise pip")
    if case.recommendation == "security" and locked is not None:
        # the same advisories are listed as left in the stack, by both flows
        assert advisory_lines(lock_err[0]) == advisory_lines(pip_err), (lock_err[0], pip_err, case)
        if advisory_lines(pip_err):
            note("security: advisories left in the stack (least bad)")


def advisory_lines(err: str) -> list[str]:
    """``name version`` of each "keeps N known advisory" / "vulnerabilities are unknown" line."""
    return sorted(set(re.findall(r"(\S+ \S+)(?: keeps \d+ known advisor|: its vulnerabilities are unknown)", err)))


@pytest.fixture(scope="module")
def diff_venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    venv = Venv(tmp_path_factory.mktemp("pipdiff") / "venv")
    venv.stackwise("pip-hook", "enable")  # for the examples run through `pip --resolver=stackwise`
    return venv


# STACKWISE_PIPDIFF_NOSHRINK=1: report a failing example as drawn (shrinking one costs minutes)
PHASES = tuple(p for p in Phase if p is not Phase.shrink or not os.environ.get("STACKWISE_PIPDIFF_NOSHRINK"))


@settings(max_examples=int(os.environ.get("STACKWISE_PIPDIFF_EXAMPLES", "14")), deadline=None, database=None,
          derandomize=not os.environ.get("STACKWISE_PIPDIFF_RANDOM"),
          suppress_health_check=list(HealthCheck), phases=PHASES)
@given(case=cases())
# Fixed examples where the knowledge changes pip's choice (the derandomized draws rarely do):
# a positive pair rule and a vetoed pair (the seed example's shape), and an older root release
# favoured under a constraint, with a yanked and a Requires-Python-excluded release.
@example(case=Case(graph={"pa": {"1.0": ["pc"], "2.0": ["pd"]}, "pb": {"1.0": ["pd"], "2.0": ["pd"]},
                          "pc": {"1.0": [], "2.0": []}, "pd": {"1.0": [], "2.0": []}},
                   reqs=["pa", "pb"],
                   rules=[rule("pb", "==2.0", other=("pd", "==2.0"), veto=True),
                          rule("pa", "==1.0", other=("pc", "==1.0"), score=0.5, category="performance")]))
@example(case=Case(graph={"pa": {"0.5": ["pb>=1.0"], "1.0": ["pb"], "1.2": [], "2.0": []},
                          "pb": {"0.5": [], "1.0": [], "2.0": []}},
                   reqs=["pa[x]"], rules=[rule("pa", "==1.0", score=0.6), rule("pb", ">=2.0", score=-0.3)],
                   constraints=["pa<2.0"], yanked=[("pb", "1.0")], py_excluded=[("pa", "1.2")],
                   recommendation="performance"))
def test_pip_installs_what_lock_writes(diff_venv: Venv, capsys, case: Case) -> None:
    check(case, diff_venv, capsys)


def _veto_pair(a: str, b: str, spec: str = "") -> dict:
    return rule(a, spec, other=(b, ""), veto=True)


def test_every_stack_holding_a_vetoed_pair_fails_in_pip_as_in_lock(diff_venv: Venv, capsys) -> None:
    """Found by the generator: ``pa`` needs ``pb`` and the pair is vetoed, so every stack holds
    it and ``stackwise lock`` fails; pip, only steered, installed the pair with a warning."""
    case = Case(graph={"pa": {"0.5": ["pb"]}, "pb": {"1.0": [], "2.0": []}}, reqs=["pa"],
                rules=[_veto_pair("pa", "pb")])
    check(case, diff_venv, capsys)


def test_pinned_vetoed_pair_is_kept_in_pip_as_in_lock(diff_venv: Venv, capsys) -> None:
    """Both versions pinned exactly: the pair is kept by both flows (with a warning)."""
    case = Case(graph={"pa": {"0.5": ["pb"], "1.0": ["pb"]}, "pb": {"1.0": [], "2.0": []}},
                reqs=["pa==0.5", "pb==2.0"], rules=[_veto_pair("pa", "pb")])
    check(case, diff_venv, capsys)


@pytest.mark.xfail(strict=True, reason="the plan inside pip declines network look-ahead reads (see DECLINED)")
def test_cold_cache_plan_reaches_what_lock_proves(diff_venv: Venv, capsys) -> None:
    """Found by the generator: ``stackwise lock`` proves ``pb 1.0`` (it pulls in ``pe`` and
    ``pf``, whose pair rule scores +0.4) better than ``pb 0.5`` (+0.2); the plan inside pip,
    with an empty stackwise cache, may read only 8 releases' metadata for its look-ahead, never
    learns that ``pb 1.0`` reaches ``pe``, and installs ``pb 0.5`` ("best found, not proven").
    Passes once the plan reaches what lock proves (then drop the xfail and DECLINED)."""
    graph = {"pb": {"0.5": [], "1.0": ["pc"], "1.2": ["pd!=2.1", "pg; extra == 'x'"]},
             "pc": {"1.0": ["pe!=3.0", "pd==0.5"]},
             "pd": {"0.5": ["pf>=0.5; python_version < '3'"], "1.0": [], "2.1": [], "3.0": []},
             "pe": {"1.0": ["pf", "pg; python_version < '3'"], "2.0": ["pf<0.5"],
                    "3.0": ["pf<0.5; python_version < '3'", "pg==1.*"]},
             "pf": {"0.5": []}, "pg": {"1.2": [], "2.1": []}}
    case = Case(graph=graph, reqs=["pb"],
                rules=[rule("pe", "", other=("pf", ""), score=0.8, category="maintenance"),
                       rule("pb", "<1.0", score=0.4, category="maintenance")])
    with tempfile.TemporaryDirectory(dir=diff_venv.path.parent) as tmp:
        work = Path(tmp)
        (work / "reqs.txt").write_text("\n".join(case.reqs) + "\n")
        (work / "kb.json").write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": case.rules}))
        with serve(case, work / "files") as server:
            locked, report = lock_pins(case, work, server.url, capsys)
            installed, _ = pip_pins(case, work, server.url, diff_venv)
    assert report is not None and report["proven_best"]
    assert installed == locked
