"""The policy's safety invariants (docs/resolution.md#safety-invariants), as properties over
generated package graphs and knowledge bases, resolved by the real engine on an in-memory
candidate source (the resolver layer knows nothing else).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement as PkgReq
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from stackwise.errors import ResolutionError
from stackwise.resolve.engine import best_stack
from stackwise.resolve.policy import RELAXED_PENALTY, Policy
from stackwise.resolve.provider import make_requirement
from stackwise.resolve.resolution import Problem
from test_resolve import TARGET, MemorySource, kb

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
VERSIONS = ["1.0", "1.1", "2.0", "2.1", "3.0"]
NAMES = ["app", "lib", "util"]


def _rule(n: int, package: str, spec: str, category: str, score: float, veto: object = False) -> dict:
    r = {"id": f"r{n}", "package": package, "specifier": spec, "category": category, "score": score,
         "message": f"rule {n}" + (" Fixed in 9.9." if category == "security" else ""),
         "link": f"https://example.org/{n}", "source": f"osv:ADV-{n}" if category == "security" else "tests"}
    if veto:
        r["veto"] = veto
    return r


@st.composite
def graphs(draw: st.DrawFn) -> dict:
    """app -> lib -> util, 2-5 releases each, random bounds on the edges."""
    graph: dict[str, dict[str, list[str]]] = {}
    for i, name in enumerate(NAMES):
        versions = draw(st.lists(st.sampled_from(VERSIONS), min_size=2, max_size=5, unique=True))
        graph[name] = {}
        for v in versions:
            deps = []
            if i + 1 < len(NAMES) and draw(st.booleans()):
                child = NAMES[i + 1]
                bound = draw(st.sampled_from(["", ">=1.1", "<3", ">=2.0", "<2.1"]))
                deps.append(child + bound)
            graph[name][v] = deps
    for i, name in enumerate(NAMES[:-1]):  # make sure the child exists whenever it is asked for
        if any(d for deps in graph[name].values() for d in deps) and not graph[NAMES[i + 1]]:
            graph[NAMES[i + 1]]["1.0"] = []
    return graph


_SPEC = st.sampled_from(["==1.0", "==1.1", "==2.0", "==2.1", "==3.0", "<2", ">=2.0", ">=1.1,<3", "<=1.1", ">=3"])


@st.composite
def knowledge(draw: st.DrawFn) -> list[dict]:
    rules = []
    for n in range(draw(st.integers(0, 7))):
        package = draw(st.sampled_from(NAMES))
        spec = draw(_SPEC)
        kind = draw(st.sampled_from(["score", "score", "veto", "advisory", "advisory-veto", "pair", "tempting"]))
        if kind == "tempting":  # a bonus on releases with a mild advisory: the case invariant 1 is about
            rules.append(_rule(n, package, spec, "security", draw(st.sampled_from([-0.1, -0.2])), False))
            rules.append(_rule(n + 100, package, spec, draw(st.sampled_from(["stability", "performance"])), 1.0))
        elif kind == "score":  # mostly bonuses: what could pull a package onto an advisory
            rules.append(_rule(n, package, spec, draw(st.sampled_from(["stability", "performance", "maintenance"])),
                               draw(st.sampled_from([-0.5, 0.3, 0.8, 1.0, 1.0]))))
        elif kind == "veto":
            rules.append(_rule(n, package, spec, "stability", -1.0, True))
        elif kind == "pair":
            other = draw(st.sampled_from([x for x in NAMES if x != package]))
            r = _rule(n, package, spec, "stability", draw(st.sampled_from([-1.0, 0.6, 1.0])))
            r["with"] = {"package": other, "specifier": draw(_SPEC)}
            rules.append(r)
        else:
            rules.append(_rule(n, package, spec, "security", draw(st.sampled_from([-0.1, -0.2, -0.7, -1.0])),
                               ["security"] if kind == "advisory-veto" else False))
    return rules


def _solve(graph: dict, rules: list[dict], recommendation: str, constraints: dict | None = None,
           fail_on_vulnerable: bool = False):
    roots = [make_requirement(PkgReq("app"))]
    problem = Problem(roots=roots, constraints={k: SpecifierSet(v) for k, v in (constraints or {}).items()},
                      user_requested={"app": 0})
    policy = Policy(kb(rules), TARGET, recommendation, fail_on_vulnerable=fail_on_vulnerable)
    return best_stack(problem, MemorySource(graph), TARGET, policy, time_budget=30)


# -- invariant 1: no score makes a stack less safe than pip's -----------------------------------


@SETTINGS
@given(graph=graphs(), rules=knowledge(), recommendation=st.sampled_from(["latest", "stable", "performance", "security"]))
def test_no_rule_moves_a_package_from_a_clean_pip_pick_to_an_advisory(graph: dict, rules: list[dict],
                                                                       recommendation: str) -> None:
    try:
        outcome = _solve(graph, rules, recommendation)
    except ResolutionError:
        return  # nothing locked: nothing made less safe
    policy = outcome.policy
    pips = outcome.pip_stack.versions()
    forced = " ".join(w for w in outcome.warnings if "breaks a veto" in w)
    for name, (version, idx) in outcome.stack.versions().items():
        if name not in pips or pips[name][0] == version or name in forced:
            continue
        if not policy.advisories(name, *pips[name]):
            assert not policy.advisories(name, version, idx), (name, version, pips[name], outcome.warnings)


def test_a_stability_bonus_does_not_buy_an_advisory() -> None:
    graph = {"app": {"1.0": ["lib"]}, "lib": {"1.0": [], "2.0": []}}
    rules = [_rule(1, "lib", "==1.0", "stability", 1.0), _rule(2, "lib", "==1.0", "security", -0.2)]
    outcome = _solve(graph, rules, "stable")  # +1.0 - 0.2 would beat 2.0's 0 on scores alone
    assert outcome.stack.pins()["lib"] == "2.0"
    assert outcome.policy.guards == {"lib": Version("2.0")}


# -- invariant 2: unknown is not clean ---------------------------------------------------------------


@st.composite
def one_package(draw: st.DrawFn) -> tuple[dict, list[dict], str]:
    versions = draw(st.lists(st.sampled_from(VERSIONS), min_size=1, max_size=5, unique=True))
    graph = {"app": {"1.0": ["lib"]}, "lib": {v: [] for v in versions}}
    rules = []
    for n in range(draw(st.integers(0, 4))):
        rules.append(_rule(n, "lib", draw(_SPEC), "security", draw(st.sampled_from([-0.2, -0.7, -1.0])),
                           draw(st.sampled_from([False, ["security"]]))))
    constraint = draw(st.sampled_from(["", "<3", "<2.1", ">=1.1"]))
    return graph, rules, constraint


def _expected_pick(graph: dict, rules: list[dict], constraint: str) -> str | None:
    """The oracle: newest clean release inside the advisories' coverage; else the least bad
    (fewest/least severe; an unknown release counts as affected by every advisory), newest first."""
    allowed = sorted((Version(v) for v in graph["lib"] if Version(v) in SpecifierSet(constraint)), reverse=True)
    if not allowed:
        return None
    specs = [(SpecifierSet(r["specifier"]), abs(r["score"])) for r in rules]
    lowers = []
    for spec, _ in specs:
        lows = [Version(c.version) for c in spec if c.operator in (">=", ">", "==")]
        lowers.append(max(lows) if lows else None)
    start = None if not lowers or None in lowers else min(lowers)  # type: ignore[type-var]

    def penalty(v: Version) -> float:
        hit = [sev for spec, sev in specs if v in spec]
        if hit or not rules:
            return sum(hit)
        return sum(sev for _, sev in specs) if start is not None and v < start else 0.0

    clean = [v for v in allowed if penalty(v) == 0]
    if clean:
        return str(clean[0])
    return str(min(allowed, key=lambda v: (penalty(v), allowed.index(v))))  # newest of the least bad


@SETTINGS
@given(case=one_package())
def test_security_prefers_clean_over_unknown_and_least_bad_over_nothing(case: tuple) -> None:
    graph, rules, constraint = case
    expected = _expected_pick(graph, rules, constraint)
    try:
        outcome = _solve(graph, rules, "security", {"lib": constraint} if constraint else None)
    except ResolutionError:
        assert expected is None
        return
    got = outcome.stack.pins()["lib"]
    assert got == expected, (rules, constraint, outcome.warnings)
    # Every advisory left in the lock is listed, by id, with its fixed release.
    left = outcome.policy.advisories("lib", Version(got))
    for rule in left:
        fix = next((c.version for c in rule.package.specifier if c.operator == "<"), "9.9")
        assert any(f"ADV-{rule.id[1:]} (score {rule.score:+g}, fixed in {fix})" in w for w in outcome.warnings)


def test_certifi_below_2023_keeps_the_newest_release_not_the_2014_one() -> None:
    # The shape of the real case: advisories cover 2015.04.28 on; 14.05.14 is older than any
    # of them, so it is unknown, not clean, and must not win for having no advisory.
    graph = {"app": {"1.0": ["certifi<2023"]},
             "certifi": {v: [] for v in ["14.5.14", "2015.4.28", "2017.4.17", "2022.9.24", "2022.12.7",
                                         "2023.7.22"]}}
    rules = [
        {"id": "a", "package": "certifi", "specifier": ">=2015.4.28,<2023.7.22", "veto": ["security"],
         "score": -0.7, "category": "security", "message": "e-Tugra root. Fixed in 2023.7.22.",
         "link": "https://example.org/a", "source": "osv:GHSA-xqr8-7jwr-rhp7"},
        {"id": "b", "package": "certifi", "specifier": ">=2017.4.17,<2022.12.7", "veto": ["security"],
         "score": -0.5, "category": "security", "message": "TrustCor roots. Fixed in 2022.12.7.",
         "link": "https://example.org/b", "source": "osv:PYSEC-2022-42986"},
    ]
    outcome = _solve(graph, rules, "security")
    assert outcome.stack.pins()["certifi"] == "2022.12.7"
    (line,) = [w for w in outcome.warnings if w.startswith("certifi 2022.12.7 keeps 1 known advisory")]
    assert "GHSA-xqr8-7jwr-rhp7 (score -0.7, fixed in 2023.7.22)" in line
    assert outcome.policy.relaxed and outcome.policy.unknown("certifi", Version("14.5.14"))


# -- invariant 3: the least bad stack, listed; --fail-on-vulnerable is strict ---------------------------


def test_every_allowed_release_affected_locks_the_least_bad_and_lists_it() -> None:
    graph = {"app": {"1.0": ["pillow<10"]}, "pillow": {v: [] for v in ["8.4.0", "9.0.0", "9.5.0", "10.0.1"]}}
    rules = [
        _rule(1, "pillow", "<10.0.1", "security", -1.0, ["security"]),  # all of <10, critical
        _rule(2, "pillow", "<9.5.0", "security", -0.7, ["security"]),  # the older ones, one more
    ]
    outcome = _solve(graph, rules, "security")
    assert outcome.stack.pins()["pillow"] == "9.5.0"
    (line,) = [w for w in outcome.warnings if w.startswith("pillow 9.5.0")]
    assert "ADV-1 (score -1, fixed in 10.0.1)" in line and "--fail-on-vulnerable refuses" in line
    assert outcome.score <= -RELAXED_PENALTY
    with pytest.raises(ResolutionError, match="vetoes"):
        _solve(graph, rules, "security", fail_on_vulnerable=True)


def test_relaxing_is_for_advisories_only() -> None:
    # A stability veto that leaves nothing is still an error: it is not about advisories.
    graph = {"app": {"1.0": ["lib<2"]}, "lib": {"1.0": [], "2.0": []}}
    rules = [_rule(1, "lib", "<2", "stability", -1.0, True)]
    with pytest.raises(ResolutionError):
        _solve(graph, rules, "security")


def test_lock_cli_lists_what_remains_and_fail_on_vulnerable_refuses(
        tmp_path, index_factory, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from stackwise.cli import main

    index = index_factory({"app": {"1.0": ["pillow<10"]}, "pillow": {"9.0.0": [], "9.5.0": [], "10.0.1": []}})
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": "osv:GHSA-j7hp-h8jx-5ppr:pillow:<10.0.1", "package": "pillow", "specifier": "<10.0.1",
         "veto": ["security"], "score": -1.0, "category": "security",
         "message": "GHSA-j7hp-h8jx-5ppr: libwebp heap overflow [CVSS 9.8]", "link": "https://osv.dev/GHSA-j7hp-h8jx-5ppr",
         "source": "osv:GHSA-j7hp-h8jx-5ppr"}]}))
    out = tmp_path / "lock.txt"
    base = ["lock", "app", "--scores", str(scores), "--no-default-scores", "--recommendation", "security",
            "--index-url", index.url, "--isolated", "--cache-dir", str(tmp_path / "cache"), "-o", str(out)]
    assert main(base) == 0
    err = capsys.readouterr().err
    assert "pillow==9.5.0" in out.read_text()
    assert ("warning: pillow 9.5.0 keeps 1 known advisory (no release your requirements allow is known to avoid "
            "it): GHSA-j7hp-h8jx-5ppr (CVSS 9.8, fixed in 10.0.1)") in err
    out.unlink()
    assert main([*base, "--fail-on-vulnerable"]) == 1
    err = capsys.readouterr().err
    assert "vetoes" in err and "Traceback" not in err and not out.exists()
