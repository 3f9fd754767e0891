"""`stackwise learn`: culprit isolation, boundary bisection and rules with evidence.

The first tests run the learner against a synthetic but honest world: a tiny resolver
(forced pins, newest allowed release for the rest, one real dependency constraint, some
releases that do not resolve) and a check whose outcome is a function of the stack. The
last test runs the real thing: wheels on a local index, real resolutions, real
inspections in fresh virtual environments, then ``stackwise lock`` with the learned rules.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.version import Version

from stackwise.errors import StackwiseError
from stackwise.inspect.learn import LearnReport, bootstrap_interval, learn
from stackwise.inspect.model import Check, InspectionResult, StackRequest
from stackwise.knowledge.rules import Rule
from stackwise.knowledge.scorefile import dump_score_file, load_score_file

ENV_A = {"python": "3.12.3", "python_minor": "3.12", "implementation": "cpython",
         "platform": "linux", "machine": "x86_64", "network_isolated": True}
ENV_B = {**ENV_A, "python": "3.11.9", "python_minor": "3.11", "machine": "aarch64"}
SIG = "ImportError: cannot import name 'old_name' from 'libb'"
CHECK = Check()
LINK = "https://kb.example.org/inspections/{}"


def series(major_minor: list[tuple[int, int]]) -> list[str]:
    return [f"{a}.{b}" for a, b in major_minor]


LIBA = series([(1, i) for i in range(10)] + [(2, i) for i in range(4)])  # 1.0 .. 1.9, 2.0 .. 2.3
LIBB = series([(1 + i // 10, i % 10) for i in range(21)])  # 1.0 .. 3.0
LIBC = ["1.0", "1.1", "1.2"]


def pair_break(pins: Mapping[str, str]) -> bool:
    """liba before 1.5 imports a name libb 2.0 removed."""
    return Version(pins["liba"]) < Version("1.5") and Version(pins["libb"]) >= Version("2.0")


class World:
    """A tiny resolver plus a deterministic check: what a real probe would do, minus the cost."""

    def __init__(
        self,
        breaks: Callable[[Mapping[str, str]], bool] = pair_break,
        *,
        releases: Mapping[str, list[str]] | None = None,
        unresolvable: Mapping[str, set[str]] | None = None,
        env: Mapping[str, Any] = ENV_A,
        check: Check = CHECK,
    ) -> None:
        self.breaks = breaks
        self.releases_of = {"liba": LIBA, "libb": LIBB, "libc": LIBC, **(releases or {})}
        self.unresolvable = {k: set(v) for k, v in (unresolvable or {}).items()}
        self.env = dict(env)
        self.check = check
        self.calls: list[dict[str, str]] = []
        self.stored: dict[str, InspectionResult] = {}

    def releases(self, name: str) -> list[Version]:
        return sorted((Version(v) for v in self.releases_of[name]), reverse=True)

    def resolve(self, forced: Mapping[str, str]) -> dict[str, str] | None:
        """liba depends on libb and libc; liba 2.x needs libc>=1.1; forced pins win."""
        pins: dict[str, str] = {}
        for name in ("liba", "libb", "libc"):
            allowed = [v for v in self.releases_of[name] if v not in self.unresolvable.get(name, set())]
            if name == "libc" and Version(pins["liba"]) >= Version("2.0"):
                allowed = [v for v in allowed if Version(v) >= Version("1.1")]
            if name in forced:
                if forced[name] not in allowed:
                    return None
                pins[name] = forced[name]
            else:
                pins[name] = max(allowed, key=Version)
        return pins

    def result(self, pins: Mapping[str, str], *, outcome: str | None = None, attempts: int | None = None,
               env: Mapping[str, Any] | None = None, rid: str | None = None,
               timings: list[float] | None = None, check: Check | None = None) -> InspectionResult:
        fails = self.breaks(pins)
        outcome = outcome or ("failed" if fails else "passed")
        return InspectionResult(
            stack=StackRequest(pins=tuple(sorted(pins.items())), lock="# synthetic\n", label="test"),
            check=check or self.check,
            outcome=outcome,
            exit_status=1 if outcome == "failed" else 0,
            signature=SIG if outcome in ("failed", "flaky") else None,
            environment=dict(env or self.env),
            attempts=attempts if attempts is not None else (2 if outcome == "failed" else 1),
            timings=list(timings or []),
            id=rid,
        )

    def probe(self, forced: Mapping[str, str]) -> InspectionResult | None:
        self.calls.append(dict(forced))
        pins = self.resolve(forced)
        return None if pins is None else self.result(pins)

    def store(self, result: InspectionResult) -> str:
        rid = f"probe-{len(self.stored) + 1}"
        self.stored[rid] = result
        return rid

    def stack(self, **forced: str) -> dict[str, str]:
        pins = self.resolve(forced)
        assert pins is not None, forced
        return pins

    def learn(self, results: list[InspectionResult], **kwargs: Any) -> LearnReport:
        kwargs.setdefault("link_for", LINK.format)
        return learn(results, probe=self.probe, releases=self.releases, edges=[("liba", "libb"), ("liba", "libc")],
                     on_probe=self.store, **kwargs)


def bound(world: World, *names: str) -> float:
    """The promised probe budget per pair: 2*log2(releases) + 5."""
    return 2 * math.log2(max(len(world.releases_of[n]) for n in names)) + 5


def assert_rule_is_exact(rule: Rule, world: World) -> None:
    """The rule covers exactly the failing combinations among every resolvable pair."""
    for a in world.releases_of["liba"]:
        for b in world.releases_of["libb"]:
            pins = {"liba": a, "libb": b, "libc": "1.2"}
            hit = rule.package.matches(rule.package.name, Version(pins[rule.package.name]))
            if rule.other is not None:
                hit = hit and rule.other.matches(rule.other.name, Version(pins[rule.other.name]))
            assert hit == world.breaks(pins), (a, b)


def inputs_for(world: World) -> list[InspectionResult]:
    """What the Dependency Monkey would inspect: pip's stack and the oldest of each package."""
    return [
        world.result(world.stack(), rid="r-pip"),
        world.result(world.stack(liba="1.0"), rid="r-oldest-liba"),
        world.result(world.stack(libb="1.0"), rid="r-oldest-libb"),
    ]


# -- pure logic: pair rules ----------------------------------------------------------------


def test_pair_rule_with_exact_boundaries_condition_and_evidence() -> None:
    world = World()
    report = world.learn(inputs_for(world))

    assert len(report.rules) == 1, report.notes
    rule = report.rules[0]
    assert (rule.package.name, str(rule.package.specifier)) == ("liba", "<1.5")
    assert rule.other is not None and (rule.other.name, str(rule.other.specifier)) == ("libb", ">=2.0")
    assert rule.veto is True and rule.category == "stability" and rule.source == "inspection"
    assert_rule_is_exact(rule, world)
    assert rule.id == f"inspection:liba:libb:{hashlib.sha256(SIG.encode()).hexdigest()[:8]}:py3.12-linux-x86_64"
    assert SIG in rule.message and "liba<1.5" in rule.message and "libb>=2.0" in rule.message
    assert rule.link == LINK.format("r-oldest-liba")

    # limited to where it was seen: Python 3.12 on linux x86_64
    assert rule.condition is not None and rule.condition.marker is not None
    marker = rule.condition.marker
    assert marker.evaluate({"python_version": "3.12", "sys_platform": "linux", "platform_machine": "x86_64"})
    assert not marker.evaluate({"python_version": "3.11", "sys_platform": "linux", "platform_machine": "x86_64"})
    assert not marker.evaluate({"python_version": "3.12", "sys_platform": "darwin", "platform_machine": "x86_64"})

    evidence = rule.evidence
    assert evidence is not None and evidence["kind"] == "inspection"
    assert evidence["signature"] == SIG and evidence["check"] == "default import check"
    assert evidence["environment"] == {"python_minor": "3.12", "platform": "linux", "machine": "x86_64"}
    assert evidence["probes"] == report.probes == len(world.calls) > 0
    assert evidence["confirmed"] is True
    ids = evidence["inspections"]
    assert "r-oldest-liba" in ids and len(ids) <= 20
    known = set(world.stored) | {"r-pip", "r-oldest-liba", "r-oldest-libb"}
    assert set(ids) <= known
    assert any(i.startswith("probe-") for i in ids)  # the probes that prove it were stored and cited
    assert pair_break(evidence["failing_example"]) and not pair_break(evidence["passing_example"])
    # every cited inspection agrees with the rule: failing ones inside, passing ones outside
    for rid in ids:
        result = world.stored.get(rid)
        if result is not None:
            assert (result.outcome == "failed") == pair_break(dict(result.stack.pins))
    # the boundaries were observed, not assumed: 1.4 fails, 1.5 passes; 1.9 passes, 2.0 fails
    seen = {tuple(sorted(c.items())) for c in world.calls}
    assert any(dict(c).get("liba") == "1.4" for c in seen) and any(dict(c).get("liba") == "1.5" for c in seen)
    assert any(dict(c).get("libb") == "1.9" for c in seen) and any(dict(c).get("libb") == "2.0" for c in seen)
    assert report.probes <= bound(world, "liba", "libb")


@pytest.mark.parametrize(
    ("releases", "failing"),
    [
        ({}, {"liba": "1.0"}),  # the oldest-liba stack
        ({}, {"liba": "1.2", "libb": "2.6"}),  # both in the middle of their ranges
        ({"liba": series([(1, i) for i in range(64)]), "libb": series([(2, i) for i in range(100)])},
         {"liba": "1.0"}),
        ({"liba": series([(1, i) for i in range(64)]), "libb": series([(2, i) for i in range(100)])},
         {"liba": "1.10", "libb": "2.60"}),
    ],
)
def test_probes_are_logarithmic_in_releases(releases: dict[str, list[str]], failing: dict[str, str]) -> None:
    cut_a = "1.5" if not releases else "1.37"
    cut_b = "2.0" if not releases else "2.41"

    def breaks(pins: Mapping[str, str]) -> bool:
        return Version(pins["liba"]) < Version(cut_a) and Version(pins["libb"]) >= Version(cut_b)

    world = World(breaks, releases=releases)
    results = [world.result(world.stack(), rid="r-pip"), world.result(world.stack(**failing), rid="r-fail")]
    assert results[1].outcome == "failed"
    report = world.learn(results)

    assert [(r.package.describe(), r.other and r.other.describe()) for r in report.rules] == [
        (f"liba<{cut_a}", f"libb>={cut_b}")
    ], report.notes
    assert report.probes == len(world.calls)
    assert report.probes <= bound(world, "liba", "libb"), (report.probes, bound(world, "liba", "libb"))


def test_pair_found_by_delta_debugging_when_both_packages_changed() -> None:
    world = World()
    failing = world.result(world.stack(liba="1.2", libb="2.6"), rid="r-fail")
    passing = world.result(world.stack(liba="1.7", libb="1.3"), rid="r-pass")
    report = world.learn([failing, passing])
    assert len(report.rules) == 1, report.notes
    rule = report.rules[0]
    assert str(rule.package.specifier) == "<1.5" and rule.other is not None
    assert str(rule.other.specifier) == ">=2.0"
    assert_rule_is_exact(rule, world)
    # ddmin tried each change alone: liba 1.2 with libb 1.3 and liba 1.7 with libb 2.6 both pass
    assert {"liba": "1.2", "libb": "1.3", "libc": "1.2"} in world.calls
    assert {"liba": "1.7", "libb": "2.6", "libc": "1.2"} in world.calls


def test_unresolvable_releases_are_skipped_during_bisection() -> None:
    world = World(unresolvable={"liba": {"1.6", "1.3"}, "libb": {"1.5", "2.5"}})
    report = world.learn(inputs_for(world))
    assert len(report.rules) == 1, report.notes
    rule = report.rules[0]
    assert str(rule.package.specifier) == "<1.5" and rule.other is not None
    assert str(rule.other.specifier) == ">=2.0"
    assert_rule_is_exact(rule, world)
    unresolvable = [c for c in world.calls if world.resolve(c) is None]
    assert {c.get("liba") for c in unresolvable} >= {"1.6"} and {c.get("libb") for c in unresolvable} >= {"1.5"}


def test_unresolvable_release_at_a_boundary_keeps_the_rule_to_what_was_observed() -> None:
    world = World(unresolvable={"liba": {"1.5"}})
    report = world.learn(inputs_for(world))
    assert len(report.rules) == 1, report.notes
    rule = report.rules[0]
    # 1.4 fails, 1.5 cannot be tried, 1.6 passes: the rule claims only what was seen
    assert str(rule.package.specifier) == "<=1.4"
    assert rule.evidence is not None and rule.evidence["boundaries"]["liba"]["highest_failing"] == "1.4"


def test_no_probe_twice_and_pip_stack_probed_when_no_passing_result() -> None:
    world = World()
    report = world.learn([world.result(world.stack(liba="1.0"), rid="r-fail")])
    assert len(report.rules) == 1, report.notes
    assert world.calls[0] == {}  # pip's own stack is the first passing reference
    keys = [tuple(sorted(c.items())) for c in world.calls]
    assert len(keys) == len(set(keys))


# -- pure logic: version rules ---------------------------------------------------------------


def test_version_rule_when_only_one_package_matters() -> None:
    def breaks(pins: Mapping[str, str]) -> bool:
        return Version("1.3") <= Version(pins["liba"]) < Version("1.6")

    world = World(breaks)
    results = [world.result(world.stack(), rid="r-pip"), world.result(world.stack(liba="1.4"), rid="r-fail")]
    report = world.learn(results)
    assert len(report.rules) == 1, report.notes
    rule = report.rules[0]
    assert rule.other is None
    assert (rule.package.name, str(rule.package.specifier)) == ("liba", "<1.6,>=1.3")
    assert rule.id.startswith("inspection:liba:") and rule.id.count(":") == 3
    assert report.learned[0].kind == "version"
    # a version rule is concluded only after moving every other package did not help
    moved = {name for c in world.calls for name in ("libb", "libc") if c.get("liba") == "1.4" and
             c.get(name) != world.stack()[name]}
    assert moved == {"libb", "libc"}
    assert "liba>=1.3,<1.6" in rule.message


def test_pair_is_not_mistaken_for_a_version_rule_when_the_partner_is_not_a_neighbour() -> None:
    def breaks(pins: Mapping[str, str]) -> bool:
        return pins["liba"] == "1.4" and pins["libc"] == "1.2"

    world = World(breaks)
    results = [world.result(world.stack(), rid="r-pip"), world.result(world.stack(liba="1.4"), rid="r-fail")]
    report = learn(results, probe=world.probe, releases=world.releases, edges=[], on_probe=world.store,
                   link="https://kb.example.org/x")
    assert len(report.rules) == 1, report.notes
    rule = report.rules[0]
    assert rule.other is not None and {rule.package.name, rule.other.name} == {"liba", "libc"}
    assert rule.link == "https://kb.example.org/x"


# -- pure logic: what never becomes a rule -------------------------------------------------------


@pytest.mark.parametrize("outcome", ["flaky", "timeout", "install-failed", "error"])
def test_no_rule_from_unusable_outcomes(outcome: str) -> None:
    world = World()
    results = [world.result(world.stack(), rid="r-pip"),
               world.result(world.stack(liba="1.0"), outcome=outcome, rid="r-bad")]
    report = world.learn(results)
    assert report.rules == [] and report.probes == 0 and world.calls == []
    assert any(outcome in note and "r-bad" in note for note in report.notes), report.notes


def test_no_rule_from_a_single_unreproduced_failure() -> None:
    world = World()
    fluke = world.result(world.stack(liba="1.7"), outcome="failed", attempts=1, rid="r-fluke")
    report = world.learn([world.result(world.stack(), rid="r-pip"), fluke])
    assert report.rules == []
    assert world.calls == [dict(fluke.stack.pins)]  # rerun once, as a fresh inspection
    assert any("not reproduced" in n and "r-fluke" in n for n in report.notes), report.notes


def test_a_single_failure_reproduced_by_a_probe_is_enough() -> None:
    world = World()
    once = world.result(world.stack(liba="1.0"), attempts=1, rid="r-once")
    report = world.learn([world.result(world.stack(), rid="r-pip"), once])
    assert len(report.rules) == 1, report.notes
    assert world.calls[0] == dict(once.stack.pins)
    assert report.rules[0].evidence is not None and "probe-1" in report.rules[0].evidence["inspections"]


def test_probe_budget_is_respected() -> None:
    world = World()
    report = world.learn(inputs_for(world), max_probes=3)
    assert report.rules == [] and report.probes == len(world.calls) <= 3
    assert any("budget" in n for n in report.notes), report.notes


def test_contradicting_result_inside_the_range_means_no_rule() -> None:
    world = World()
    odd = world.result(world.stack(liba="1.3", libb="2.2"), outcome="passed", rid="r-odd")
    report = world.learn([*inputs_for(world), odd])
    assert report.rules == []
    assert any("r-odd" in n and "inconclusive" in n for n in report.notes), report.notes


def test_a_failure_needing_three_changes_is_not_forced_into_a_pair_rule() -> None:
    def breaks(pins: Mapping[str, str]) -> bool:
        return pins["liba"] == "1.0" and pins["libb"] == "3.0" and pins["libc"] == "1.2"

    world = World(breaks)
    failing = world.result(world.stack(liba="1.0"), rid="r-fail")
    passing = world.result(world.stack(liba="1.7", libb="1.0", libc="1.0"), rid="r-pass")
    report = world.learn([failing, passing])
    assert report.rules == []
    assert any("needs 3 changes together" in n and "liba, libb, libc" in n for n in report.notes), report.notes


def test_without_on_probe_evidence_cites_only_stored_inspections() -> None:
    world = World()
    report = learn(inputs_for(world), probe=world.probe, releases=world.releases, edges=[("liba", "libb")],
                   link_for=LINK.format)
    assert len(report.rules) == 1 and report.probes > 0
    assert report.rules[0].evidence is not None
    assert set(report.rules[0].evidence["inspections"]) <= {"r-pip", "r-oldest-liba", "r-oldest-libb"}


# -- pure logic: environments ------------------------------------------------------------------


def test_failures_in_several_environments_give_an_unconditional_rule() -> None:
    world = World()
    other_env = world.result(world.stack(liba="1.1", libb="2.4"), env=ENV_B, rid="r-other-env")
    report = world.learn([*inputs_for(world), other_env])
    assert len(report.rules) == 1, report.notes
    rule = report.rules[0]
    assert rule.condition is None and ":py3" not in rule.id
    assert rule.evidence is not None and len(rule.evidence["environments"]) == 2


def test_multi_env_confirmed_drops_the_condition() -> None:
    world = World()
    report = world.learn(inputs_for(world), multi_env_confirmed=True)
    assert len(report.rules) == 1 and report.rules[0].condition is None


def test_passing_elsewhere_keeps_the_condition() -> None:
    world = World()
    other_env = world.result(world.stack(liba="1.1", libb="2.4"), outcome="passed", env=ENV_B, rid="r-b-pass")
    report = world.learn([*inputs_for(world), other_env])
    assert len(report.rules) == 1, report.notes
    condition = report.rules[0].condition
    assert condition is not None and condition.marker == Marker(
        'python_version == "3.12" and sys_platform == "linux" and platform_machine == "x86_64"'
    )


# -- pure logic: benchmarks ------------------------------------------------------------------


def timings(median: float, spread: float, n: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    return [median * (1 + rng.uniform(-spread, spread)) for _ in range(n)]


BENCH = Check(command="python bench.py", kind="benchmark", repeat=10)


def test_benchmark_clear_difference_gives_a_performance_score() -> None:
    world = World(lambda pins: False, check=BENCH)
    slow = world.result(world.stack(liba="2.2"), timings=timings(1.2, 0.03, 10, 1), rid="r-slow")
    fast = world.result(world.stack(liba="2.3"), timings=timings(1.0, 0.03, 10, 2), rid="r-fast")
    report = world.learn([slow, fast])
    assert report.probes == 0 and len(report.rules) == 1, report.notes
    rule = report.rules[0]
    assert (rule.package.name, str(rule.package.specifier), rule.other) == ("liba", "==2.2", None)
    assert rule.category == "performance" and rule.veto is False
    assert -0.25 < rule.score < -0.15
    assert rule.condition is not None
    evidence = rule.evidence
    assert evidence is not None and evidence["inspections"] == ["r-slow", "r-fast"]
    assert evidence["n"] == [10, 10] and 0 < evidence["interval"][0] < evidence["interval"][1]
    assert "slower than 2.3" in rule.message and "95 %" in rule.message and "n=10/10" in rule.message


def test_benchmark_noise_gives_no_score() -> None:
    world = World(lambda pins: False, check=BENCH)
    a = world.result(world.stack(liba="2.2"), timings=timings(1.0, 0.2, 8, 3), rid="r-a")
    b = world.result(world.stack(liba="2.3"), timings=timings(1.0, 0.2, 8, 4), rid="r-b")
    small = world.result(world.stack(liba="2.1"), timings=timings(1.02, 0.001, 8, 5), rid="r-small")
    assert world.learn([a, b]).rules == []
    assert world.learn([small, world.result(world.stack(liba="2.3"), timings=timings(1.0, 0.001, 8, 6))]).rules == []


def test_bootstrap_interval_is_seeded_and_sensible() -> None:
    slow, fast = timings(1.2, 0.05, 12, 7), timings(1.0, 0.05, 12, 8)
    assert bootstrap_interval(slow, fast) == bootstrap_interval(slow, fast)
    rel, lo, hi = bootstrap_interval(slow, fast)
    assert lo <= rel <= hi and lo > 0.1 and hi < 0.35


# -- pure logic: output and bad input ------------------------------------------------------------


def test_learned_rules_round_trip_through_a_score_file(tmp_path: Path) -> None:
    world = World()
    report = world.learn(inputs_for(world))
    path = tmp_path / "learned.json"
    dump_score_file(report.knowledge_base(), path)
    loaded = list(load_score_file(path))
    assert loaded == report.rules
    assert loaded[0].evidence == report.rules[0].evidence


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"results": ["not a result"]}, "not an inspection result"),
        ({"results": "r-1"}, "list of inspection results"),
        ({"max_probes": -1}, "max_probes"),
        ({"link": None, "link_for": None}, "need a link"),
        ({"link": "ftp://x"}, r"http\(s\) URL"),
        ({"edges": [("liba",)]}, "edges"),
        ({"edges": "liba"}, "edges"),
        ({"check": "python -c 1"}, "check must be a Check"),
        ({"probe": None}, "callables"),
    ],
)
def test_bad_input_is_a_clear_error(kwargs: dict[str, Any], message: str) -> None:
    world = World()
    args: dict[str, Any] = {"results": inputs_for(world), "probe": world.probe, "releases": world.releases,
                            "link_for": LINK.format}
    args.update(kwargs)
    with pytest.raises(StackwiseError, match=message):
        learn(args.pop("results"), **args)


def test_bad_probe_or_link_answers_are_clear_errors() -> None:
    world = World()
    with pytest.raises(StackwiseError, match="not an InspectionResult"):
        learn(inputs_for(world), probe=lambda forced: {"liba": "1.0"}, releases=world.releases,  # type: ignore[arg-type,return-value]
              link_for=LINK.format)
    with pytest.raises(StackwiseError, match="link_for"):
        learn(inputs_for(world), probe=world.probe, releases=world.releases, link_for=lambda i: "nope")


# -- end to end: real wheels, real resolutions, real inspections, then `stackwise lock` ----------


LIBA_REAL = ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
LIBB_REAL = ["1.0", "1.5", "2.0", "2.5", "3.0"]


@pytest.mark.slow
def test_end_to_end_learn_then_lock_avoids_the_break(
    index_factory: Callable[..., Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stackwise.cli import main
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig
    from stackwise.inspect.learn import stack_probe
    from stackwise.inspect.runner import RunnerSettings, run_inspection
    from stackwise.inspect.stacks import StackMaker, choose_stacks
    from stackwise.inspect.store import ResultStore
    from support import build_wheel

    # liba before 1.4 imports libb.old_name, which libb 2.0 removed
    files = tmp_path / "files"
    for v in LIBA_REAL:
        code = "from libb import old_name\n" if Version(v) < Version("1.4") else "import libb\n"
        build_wheel(files, "liba", v, ["libb"], files={"liba/__init__.py": code})
    for v in LIBB_REAL:
        code = "def new_name():\n    return 1\n" + ("def old_name():\n    return 0\n" if Version(v) < Version("2.0") else "")
        build_wheel(files, "libb", v, files={"libb/__init__.py": code})
    server = index_factory(files_dir=files)
    target = TargetEnvironment.current()
    client = IndexClient(IndexConfig(index_urls=(server.url,), cache_dir=tmp_path / "cache"), target)
    try:
        maker = StackMaker(["liba"], client, target, file_hashes=client.file_hashes)
        settings = RunnerSettings(wheel_cache=str(tmp_path / "wheels"), cache_dir=str(tmp_path / "pip-cache"),
                                  work_root=str(tmp_path / "work"))
        check = Check()
        store = ResultStore(tmp_path / "results.db")
        results = []
        for request in choose_stacks(maker, "boundaries", max_stacks=8):
            result = run_inspection(request, check, settings)
            store.add(result)
            results.append(result)
        assert results[0].outcome == "passed"  # pip's own stack works
        assert any(r.outcome == "failed" for r in results), [(r.stack.pins, r.outcome) for r in results]

        report = learn(results, probe=stack_probe(maker, check, settings), releases=maker.releases,
                       edges=maker.edges(), check=check, on_probe=store.add,
                       link_for="https://kb.example.org/inspections/{}".format)
        assert len(report.rules) == 1, report.notes
        rule = report.rules[0]
        assert (rule.package.name, str(rule.package.specifier)) == ("liba", "<1.4")
        assert rule.other is not None and (rule.other.name, str(rule.other.specifier)) == ("libb", ">=2.0")
        assert rule.veto is True and rule.condition is not None
        assert rule.condition.holds(target)
        evidence = rule.evidence
        assert evidence is not None and "cannot import name 'old_name' from 'libb'" in evidence["signature"]
        for rid in evidence["inspections"]:  # every cited inspection is stored
            assert store.get(rid).id == rid
        assert report.probes <= 2 * math.log2(len(LIBA_REAL)) + 5
        store.close()

        scores = tmp_path / "learned.json"
        dump_score_file(report.knowledge_base(), scores)

        # pip's choice for liba<1.4 is the broken liba 1.3 + libb 3.0; stackwise avoids it
        capped = StackMaker(["liba<1.4"], client, target, file_hashes=client.file_hashes)
        assert run_inspection(capped.pip_stack(), check, settings).outcome == "failed"
        out = tmp_path / "requirements.txt"
        capsys.readouterr()
        code = main(["lock", "liba<1.4", "--scores", str(scores), "--index-url", server.url, "--isolated",
                     "--no-default-scores", "--cache-dir", str(tmp_path / "lock-cache"), "-o", str(out)])
        assert code == 0, capsys.readouterr().err
        pins = {line.split("==")[0]: line.split("==")[1].split()[0]
                for line in out.read_text().splitlines() if "==" in line and not line.startswith("#")}
        assert pins == {"liba": "1.3", "libb": "1.5"}
        said = capsys.readouterr().err
        assert "libb 1.5 (pip: 3.0)" in said and rule.link in said
        locked = capped.resolve(pins)
        assert locked is not None and run_inspection(locked, check, settings).outcome == "passed"
    finally:
        client.close()
