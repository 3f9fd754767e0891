"""Installed versions pip keeps, with knowledge: ``stackwise pip install`` without ``--ignore-installed``.

Why: pip leaves a satisfying installed version alone unless it upgrades that project
(``--upgrade``), and it yields that installed candidate before any index candidate, so
stackwise's order cannot move it. The search used to plan as if nothing were installed:
with ``pa 1.0`` installed and the pair ``pa 1.0`` + ``pb 2.0`` vetoed it planned ``pa 2.0`` +
``pb 2.0``, pip kept ``pa 1.0``, took ``pb 2.0`` from the plan, and stopped on the vetoed pair
where ``pb 1.0`` beside the installed ``pa`` was clean. The behaviour now (docs/pip-integration.md,
"Installed versions pip keeps"):

* the plan is made around the installed versions pip keeps (each as a ``==`` constraint), so
  ``stackwise pip install`` picks what ``stackwise lock -c <those pins>`` picks;
* nothing vetoed is installed: a new release that would form a vetoed pair with a kept one
  is tried last, and if pip still ends there it stops with an error naming the rule and the
  kept version (``--upgrade`` with it among the requirements lets pip replace it);
* what is already installed and kept is pip's business: a kept version the knowledge base
  vetoes, or a vetoed pair of two kept versions, is kept with a warning naming the rule.

Generated cases (the graphs of tests/test_pip_lock_differential.py, a few releases installed
first with real pip, sometimes ``--upgrade``, through the command or the hook) are compared
with ``stackwise lock`` given the kept versions as constraints; CI runs a few derandomized
examples, STACKWISE_PIPKEPT_EXAMPLES=N and STACKWISE_PIPDIFF_RANDOM=1 explore more.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from support import build_wheel
from support.indexserver import IndexServer
from support.wheels import build_setuptools_sdist
from test_pip_integration import Venv, report_pins
from test_pip_lock_differential import DECLINED, PHASES, Case, cases, lock_pins, note, serve, vetoes
from test_search_bruteforce import rule


class CopiedVenv(Venv):
    """A copy of a template environment (a venv without pip is a few small files and links)."""

    def __init__(self, template: Venv, path: Path) -> None:  # noqa: D107 - no venv creation: a copy
        shutil.copytree(template.path, path, symlinks=True)
        self.path, self.python = path, template.python.replace(str(template.path), str(path))
        self.site = Path(str(template.site).replace(str(template.path), str(path)))
        self.cache = path.parent / f"{path.name}-cache"
        self.cache.mkdir(exist_ok=True)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    venv = Venv(tmp_path_factory.mktemp("pipkept") / "venv")
    venv.stackwise("pip-hook", "enable")
    return venv


def pip_run(venv: Venv, url: str, work: Path, reqs: list[str], rules: list[dict], *extra: str,
            hook: bool = False) -> tuple[int, str, dict[str, str], dict]:
    """(exit code, stderr, what pip would install, stackwise's report) of a dry run."""
    (work / "kb.json").write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": rules}))
    report, sw_report = work / "pip-report.json", work / "sw-report.json"
    for f in (report, sw_report):
        f.unlink(missing_ok=True)
    args = ["install", "--dry-run", "-q", "-i", url, "--report", str(report), "--no-default-scores",
            "--scores", str(work / "kb.json"), "--stackwise-report", str(sw_report), *extra, *reqs]
    env = venv.env(STACKWISE_CACHE_DIR=str(work / "sw-cache"))
    proc = venv.pip(*args, "--resolver=stackwise", check=False, env=env) if hook else \
        venv.stackwise("pip", *args, check=False, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode != 0:
        return proc.returncode, proc.stderr, {}, {}
    new = {canonicalize_name(n): v for n, v in report_pins(report).items()}
    return 0, proc.stderr, new, json.loads(sw_report.read_text())


PAIR = rule("pa", "==1.0", other=("pb", "==2.0"), veto=True)
GRAPH = {"pa": {"1.0": [], "2.0": []}, "pb": {"1.0": [], "2.0": []}, "pc": {"1.0": ["pa"]}}


def _setup(tmp: Path, template: Venv, graph: dict | None = None) -> tuple[Venv, Path]:
    for name, versions in (graph or GRAPH).items():
        for v, deps in versions.items():
            build_wheel(tmp / "files", name, v, deps)
    return CopiedVenv(template, tmp / "venv"), tmp / "files"


@pytest.mark.parametrize("hook", [False, True], ids=["command", "hook"])
def test_new_release_beside_a_kept_one_avoids_the_vetoed_pair(template: Venv, tmp_path: Path, hook: bool) -> None:
    """The issue's case: before the fix pip stopped ("pip's result contains a combination the
    knowledge base vetoes"); now ``pb 1.0`` is installed beside the kept ``pa 1.0``, and the
    decision line names the rule."""
    venv, files = _setup(tmp_path, template)

    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", "-i", server.url, "pa==1.0")
        code, err, new, report = pip_run(venv, server.url, tmp_path, ["pa", "pb"], [PAIR], hook=hook)
        assert code == 0, err
        assert new == {"pb": "1.0"}
        assert {p["name"]: p["version"] for p in report["installed"]} == {"pa": "1.0", "pb": "1.0"}
        assert "stackwise: pb 1.0 (pip: 2.0)" in err and "[rule rule-1]" in err, err
        # with --upgrade pip may replace pa: the best stack without the pair
        code, err, new, _ = pip_run(venv, server.url, tmp_path, ["pa", "pb"], [PAIR], "--upgrade", hook=hook)
        assert code == 0 and new == {"pa": "2.0", "pb": "2.0"}, err


def test_a_release_not_on_the_index_kept_is_still_not_paired(template: Venv, tmp_path: Path) -> None:
    """An installed version the plan cannot be made around (``pa 1.5`` is on no index, so the
    search finds no stack with it) is planned without; pip keeps it, and the release of ``pb``
    that forms a vetoed pair with it is tried last, so pip takes ``pb 1.0`` instead of
    stopping. Fails without the demotion in pip's order."""
    venv, files = _setup(tmp_path, template)
    local = tmp_path / "local"
    build_wheel(local, "pa", "1.5", [])
    pair = rule("pa", "<2.0", other=("pb", "==2.0"), veto=True)

    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", str(next(local.glob("*.whl"))))
        code, err, new, report = pip_run(venv, server.url, tmp_path, ["pa", "pb"], [pair])
        assert code == 0, err
        assert new == {"pb": "1.0"}, (new, err)


def test_one_kept_version_without_a_stack_leaves_the_others_planned(template: Venv, tmp_path: Path) -> None:
    """``pa 1.0`` and ``px 1.0`` installed and kept; ``px 1.0`` is on no index, so no stack holds
    every kept version. Only ``px`` is left out of the plan: it is still made around the kept
    ``pa 1.0`` and picks ``pb 1.0``, which performs better with it. Before, the plan dropped
    every kept version, planned ``pa 2.0`` + ``pb 2.0``, and pip (keeping ``pa 1.0``) took
    ``pb 2.0`` from it."""
    graph = {"pa": {"1.0": [], "2.0": []}, "pb": {"1.0": [], "2.0": []}, "px": {"2.0": []}}
    venv, files = _setup(tmp_path, template, graph)
    local = tmp_path / "local"
    build_wheel(local, "px", "1.0", [])
    rules = [rule("pa", "==2.0", score=1.0, category="performance"),
             rule("pa", "==1.0", other=("pb", "==1.0"), score=0.5, category="performance")]

    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", "-i", server.url, "pa==1.0", str(next(local.glob("*.whl"))))
        code, err, new, report = pip_run(venv, server.url, tmp_path, ["pa", "pb", "px"], rules,
                                         "--recommendation", "performance")
        assert code == 0, err
        assert new == {"pb": "1.0"}, (new, err)
        assert {k: v for k, v in report["best_stack"].items() if k in ("pa", "pb")} == {"pa": "1.0", "pb": "1.0"}
        assert "stackwise: pb 1.0 (pip: 2.0)" in err, err


def test_an_installed_version_pip_replaces_does_not_hold_the_plan_back(template: Venv, tmp_path: Path) -> None:
    """Found on the real index (``torch`` beside an installed ``setuptools`` 65, with a rule
    about an unrelated project of the resolution): pip tries the installed ``tool 1.0`` first
    but replaces it, since the newest ``app`` needs ``tool>=2``. The plan pinned every kept
    version, so it chose ``app 1.0`` to keep ``tool 1.0``, and pip followed it: a silent
    difference from plain pip, no rule involved. Now only what plain pip keeps is pinned."""
    graph = {"app": {"1.0": ["tool", "other"], "2.0": ["tool>=2", "other"]}, "tool": {"1.0": [], "2.0": []},
             "other": {"1.0": [], "2.0": []}}
    venv, files = _setup(tmp_path, template, graph)
    rules = [rule("other", "==1.0", score=-0.5, category="performance")]  # touches the resolution, not app/tool

    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", "-i", server.url, "tool==1.0")
        plain = tmp_path / "plain.json"
        venv.pip("install", "--dry-run", "-q", "-i", server.url, "--report", str(plain), "app")
        assert report_pins(plain) == {"app": "2.0", "tool": "2.0", "other": "2.0"}
        code, err, new, report = pip_run(venv, server.url, tmp_path, ["app"], rules,
                                         "--recommendation", "performance")
        assert code == 0, err
        assert new == report_pins(plain), (new, err)
        assert report["best_stack"] == {"app": "2.0", "tool": "2.0", "other": "2.0"}, report
        assert not [line for line in err.splitlines() if line.startswith("stackwise:")], err
        # a kept version pip does keep still holds the plan (the case of the tests above)
        code, err, new, _ = pip_run(venv, server.url, tmp_path, ["tool", "other"], rules,
                                    "--recommendation", "performance")
        assert code == 0 and new == {"other": "2.0"}, err


def test_a_release_whose_build_failed_while_planning_is_not_tried_before_the_pair(
        template: Venv, tmp_path: Path, build_links: Path) -> None:
    """Found on the real index with ``jinja2<3`` beside an installed, kept ``markupsafe 3``: the
    pair is vetoed and the older releases are sdists that no longer build. The plan's
    search met those failed builds, yet pip's order put them before the paired release, so
    pip stopped at a build failure (plain pip succeeds). Now a release whose metadata build
    failed while planning is tried last: pip ends on the pair and stackwise's error names the
    rule and the kept version; ``--upgrade pm`` then installs the clean stack."""
    files = tmp_path / "files"
    for version in ("1.0", "3.0"):
        build_wheel(files, "pm", version, [])
    build_wheel(files, "pj", "2.0", ["pm"])
    build_setuptools_sdist(files, "pj", "1.0", ["pm"], setup_py="raise RuntimeError('pj 1.0 no longer builds')\n")
    venv = CopiedVenv(template, tmp_path / "venv")
    pair = rule("pj", "==2.0", other=("pm", ">=3"), veto=True)

    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", "-i", server.url, "pm==3.0")
        links = ("--find-links", str(build_links))
        code, err, _, _ = pip_run(venv, server.url, tmp_path, ["pj"], [pair], *links)
        assert code != 0
        assert "Failed to build" not in err and "did not run successfully" not in err, err  # pip's build error
        assert "combination the knowledge base vetoes" in err and "rule rule-1" in err, err
        # pm is not among the requirements: a bare --upgrade would keep it too (only-if-needed)
        assert "pm 3.0 is installed and pip keeps it (it is not upgrading it), `--upgrade` with pm among " \
               "the requirements lets pip replace it" in err, err
        # the same run again reuses the stored plan (pip_plans.py), which keeps the failed builds
        again, err2, _, _ = pip_run(venv, server.url, tmp_path, ["pj"], [pair], *links)
        assert again != 0 and "Failed to build" not in err2 and "rule rule-1" in err2, err2
        code, err, new, _ = pip_run(venv, server.url, tmp_path, ["pj", "pm"], [pair], "--upgrade", *links)
        assert code == 0 and new == {"pj": "2.0", "pm": "1.0"}, err


def test_a_vetoed_pair_already_installed_is_kept_with_a_warning(template: Venv, tmp_path: Path) -> None:
    """Both sides installed before, pip keeps both: nothing vetoed is installed, so pip is not
    stopped (it was, before), and a warning names the rule and how to replace them."""
    venv, files = _setup(tmp_path, template)

    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", "-i", server.url, "pa==1.0", "pb==2.0")
        code, err, new, _ = pip_run(venv, server.url, tmp_path, ["pa", "pb"], [PAIR])
        assert code == 0, err
        assert new == {}
        assert "already installed and kept by pip" in err and "[rule rule-1]" in err, err
        assert "pip install --upgrade pa pb" in err, err


def test_a_kept_vetoed_version_is_kept_with_a_warning(template: Venv, tmp_path: Path) -> None:
    """pip keeps an installed ``pa 1.0`` the knowledge base vetoes (stackwise installs nothing);
    before, it did so silently. The same for an advisory under ``--recommendation security``."""
    venv, files = _setup(tmp_path, template)
    advisory = {"id": "osv-ADV-1", "package": "pa", "specifier": "<2.0", "category": "security", "score": -0.7,
                "veto": ["security"], "message": "advisory 1. Fixed in 2.0.", "link": "https://example.org/ADV-1",
                "source": "osv:ADV-1"}

    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", "-i", server.url, "pa==1.0")
        for rules, extra in (([rule("pa", "==1.0", veto=True)], ()), ([advisory], ("--recommendation", "security"))):
            code, err, new, report = pip_run(venv, server.url, tmp_path, ["pc"], rules, *extra)
            assert code == 0 and new == {"pc": "1.0"}, err
            warning = f"pa 1.0 is installed and pip keeps it (it is not upgrading it), but the knowledge base " \
                      f"vetoes it ({rules[0]['category']}: "
            assert warning in err and "pip install --upgrade pa" in err, err
            assert any(warning in w for w in report["warnings"]), report["warnings"]
            # "no release your requirements allow": not said of a kept version (2.0 is allowed)
            assert "keeps 1 known advisory" not in err, err


def test_a_pair_pip_cannot_avoid_beside_a_kept_version_names_it(template: Venv, tmp_path: Path) -> None:
    """``pb==2.0`` asked for, ``pa 1.0`` installed and kept: no stack keeps ``pa 1.0`` without the
    vetoed pair, and pip (which does not replace what it keeps) ends on it. Nothing is
    installed, and the error names the rule and the kept version, and says --upgrade."""
    venv, files = _setup(tmp_path, template)

    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", "-i", server.url, "pa==1.0")
        code, err, _, _ = pip_run(venv, server.url, tmp_path, ["pa", "pb>=2"], [PAIR])
        assert code != 0
        assert "combination the knowledge base vetoes" in err and "rule rule-1" in err, err
        assert "pa 1.0 is installed and pip keeps it" in err and "--upgrade" in err, err
        code, err, new, _ = pip_run(venv, server.url, tmp_path, ["pa", "pb>=2"], [PAIR], "--upgrade")
        assert code == 0 and new == {"pa": "2.0", "pb": "2.0"}, err


def test_a_kept_version_outside_the_resolution_still_forms_the_pair(template: Venv, tmp_path: Path) -> None:
    """Found by the generator: ``pa 2.1`` is installed and nothing asked for reaches it, but it
    stays installed, so ``pc 1.0`` (scored best) beside it is the vetoed pair in the environment.
    The plan now avoids it (before: ``pc 1.0`` planned and installed), and a user's ``pc==1.0``
    stops pip with an error naming the rule and ``pa 2.1`` (before: installed silently)."""
    graph = {"pa": {"2.1": []}, "pc": {"1.0": [], "3.0": []}}
    venv, files = _setup(tmp_path, template, graph)
    rules = [rule("pc", "==1.0", score=1.0, category="maintenance"),
             rule("pa", "==2.1", other=("pc", "==1.0"), veto=True)]
    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", "-i", server.url, "pa==2.1")
        code, err, new, report = pip_run(venv, server.url, tmp_path, ["pc"], rules, "--recommendation", "performance")
        assert code == 0 and new == {"pc": "3.0"}, err
        assert report["best_stack"] == {"pc": "3.0"}, report
        code, err, new, _ = pip_run(venv, server.url, tmp_path, ["pc==1.0"], rules)
        assert code != 0, (new, err)
        assert "rule rule-2" in err and "pa 2.1 is installed and this install does not touch it" in err, err


# -- generated: pip with installed releases against `stackwise lock -c <kept>` ----------------


@st.composite
def kept_cases(draw) -> tuple[Case, dict[str, str], bool]:
    case = draw(cases())
    case.budget0 = False
    releases = [(n, v) for n in case.graph for v in case.graph[n] if (n, v) not in case.py_excluded]
    chosen = draw(st.lists(st.sampled_from(releases), min_size=1, max_size=3, unique_by=lambda r: r[0]))
    if draw(st.booleans()):  # the shape: a vetoed pair with an installed release as one side
        name, version = draw(st.sampled_from(chosen))
        other = draw(st.sampled_from([n for n in case.graph if n != name]))
        case.rules.append(rule(name, f"=={version}", other=(other, f"=={draw(st.sampled_from(sorted(case.graph[other])))}"),
                               veto=True))
    upgrade = draw(st.sampled_from([False, False, True]))
    return case, dict(chosen), upgrade


def _kept_for_lock(case: Case, installed: dict[str, str], upgrade: bool) -> tuple[dict[str, str], set[str]]:
    """(what the plan is made around, the kept versions left out as vetoed): the installed
    versions pip keeps (not a root with --upgrade; one the user's own lines allow), unless
    vetoed or both sides of a vetoed pair."""
    lines = [Requirement(x) for x in [*case.reqs, *case.constraints]]
    roots = {canonicalize_name(Requirement(x).name) for x in case.reqs}
    kept = {n: v for n, v in installed.items() if not (upgrade and n in roots)
            and all(r.specifier.contains(v, prereleases=True) for r in lines if canonicalize_name(r.name) == n)}

    def holds(side: dict, have: dict[str, str]) -> bool:
        return side["package"] in have and SpecifierSet(side["specifier"]).contains(Version(have[side["package"]]),
                                                                                    prereleases=True)
    vetoed = set()
    for r in case.rules:
        if vetoes(r, case.recommendation) and "with" not in r and holds(r, kept):
            vetoed.add(r["package"])
            kept.pop(r["package"], None)
    for r in case.rules:
        if vetoes(r, case.recommendation) and "with" in r and holds(r, kept) and holds(r["with"], kept):
            vetoed.update((r["package"], r["with"]["package"]))
            kept.pop(r["package"], None)
    return kept, vetoed


def _vetoed_new(case: Case, result: dict[str, str], new: dict[str, str]) -> list[str]:
    """Vetoed releases pip would install, and vetoed pairs with a side it would install (a
    user's exact pin of the release, or of both sides, lifts the veto, as in the lock)."""
    exact = {(canonicalize_name(Requirement(x).name), str(s.version)) for x in [*case.reqs, *case.constraints]
             for s in Requirement(x).specifier if s.operator == "=="}

    def holds(side: dict) -> bool:
        name = side["package"]
        return name in result and SpecifierSet(side["specifier"]).contains(Version(result[name]), prereleases=True)
    bad = []
    for r in case.rules:
        if not vetoes(r, case.recommendation):
            continue
        sides = [r, r["with"]] if "with" in r else [r]
        if all(holds(s) for s in sides) and any(s["package"] in new for s in sides) \
                and not all((s["package"], result[s["package"]]) in exact for s in sides):
            bad.append(str(r))
    return bad


@settings(max_examples=int(os.environ.get("STACKWISE_PIPKEPT_EXAMPLES", "4")), deadline=None, database=None,
          derandomize=not os.environ.get("STACKWISE_PIPDIFF_RANDOM"), suppress_health_check=list(HealthCheck),
          phases=PHASES)
@given(drawn=kept_cases())
def test_pip_with_installed_releases_installs_what_lock_writes_around_them(template: Venv, capsys, drawn) -> None:
    case, installed, upgrade = drawn
    with tempfile.TemporaryDirectory(dir=template.path.parent) as tmp:
        work = Path(tmp)
        venv = CopiedVenv(template, work / "venv")
        kept, vetoed = _kept_for_lock(case, installed, upgrade)
        (work / "reqs.txt").write_text("\n".join(case.reqs) + "\n")
        (work / "constraints.txt").write_text("\n".join([*case.constraints, *(f"{n}=={v}" for n, v in kept.items())])
                                              + "\n")
        (work / "kb.json").write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": case.rules}))
        with serve(case, work / "files") as server:
            venv.pip("install", "-q", "--no-deps", "-i", server.url, *(f"{n}=={v}" for n, v in installed.items()))
            extra = ["--upgrade"] if upgrade else []
            if case.constraints:
                extra += ["-c", str(work / "constraints-user.txt")]
                (work / "constraints-user.txt").write_text("\n".join(case.constraints) + "\n")
            # an installed version plain pip replaces (the newest release of a requirement needs
            # another) is not kept: pip tries it first, it does not pin it
            plain = work / "plain-report.json"
            if venv.pip("install", "--dry-run", "-q", "-i", server.url, "--report", str(plain), "-r",
                        str(work / "reqs.txt"), *extra, check=False).returncode == 0:
                replaced = {canonicalize_name(n) for n, v in report_pins(plain).items()
                            if canonicalize_name(n) in kept and kept[canonicalize_name(n)] != v}
                kept = {n: v for n, v in kept.items() if n not in replaced}
                (work / "constraints.txt").write_text(
                    "\n".join([*case.constraints, *(f"{n}=={v}" for n, v in kept.items())]) + "\n")
            locked, _ = lock_pins(Case(**{**case.__dict__, "constraints": [*case.constraints,
                                                                            *(f"{n}=={v}" for n, v in kept.items())]}),
                                  work, server.url, capsys)
            code, err, new, report = pip_run(venv, server.url, work, ["-r", str(work / "reqs.txt")], case.rules,
                                             "--recommendation", case.recommendation, *extra, hook=case.hook)
    # the lock knows no environment: its stack may form a vetoed pair with an installed version
    # outside it, which pip's plan avoids (or, when it cannot, pip stops)
    lock_pairs = locked is not None and _vetoed_new(case, {**installed, **locked},
                                                    {n: v for n, v in locked.items() if installed.get(n) != v})
    if code != 0:
        note("kept: pip failed")
        assert "ERROR:" in err or "stackwise: error:" in err, err
        assert locked is None or lock_pairs or DECLINED in err, (locked, err, case, installed, upgrade)
        return
    result = {p["name"]: p["version"] for p in report["installed"]}
    # the environment afterwards: what was installed, with pip's result over it
    env = {**installed, **result}
    assert not _vetoed_new(case, env, new), (_vetoed_new(case, env, new), err, case, installed, upgrade)
    if vetoed & {n for n in result if n not in new}:
        # pip keeps a vetoed version (or pair) it had: with a warning, and the plan is not
        # comparable with the lock's (which never holds it)
        note("kept: a vetoed installed version")
        assert "pip keeps it" in err or "already installed and kept by pip" in err, (err, case, installed)
        return
    if lock_pairs:
        note("kept: the lock's stack pairs with the environment")
        return
    note(f"kept: {'lock: no stack' if locked is None else 'compared'}{' (upgrade)' if upgrade else ''}")
    if locked is not None and locked != result and DECLINED not in err:
        raise AssertionError((locked, result, err[-800:], case, installed, upgrade))
