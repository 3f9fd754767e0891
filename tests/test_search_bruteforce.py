"""The search against a brute force: "proven best" must be true whenever it is claimed.

Hypothesis generates instances small enough to enumerate (4-7 packages, a few versions each,
dependencies with specifiers, 3-9 rules: per-version scores, pair scores, version and pair
vetoes). Every valid stack is listed by brute force -- each package absent or at one of its
versions, the present set exactly the dependency closure of the roots, every specifier met,
nothing vetoed -- and scored with the policy's own ``stack_score``, the objective the search
maximises. The search runs through the real path (``best_stack``: provider, resolvelib,
policy) on an in-memory candidate source.

CI runs a fixed set of examples (derandomized); STACKWISE_BRUTE_EXAMPLES=500 and
STACKWISE_BRUTE_RANDOM=1 explore more.
"""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement as PkgReq
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.errors import ResolutionError
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.scorefile import parse_document
from stackwise.resolve.engine import Outcome, best_stack
from stackwise.resolve.policy import Policy
from stackwise.resolve.provider import make_requirement
from stackwise.resolve.resolution import Problem
from test_resolve import MemorySource  # the same in-memory CandidateSource as the resolver's tests

TARGET = TargetEnvironment.current(cpu_flags=frozenset())
NAMES = ["a", "b", "c", "d", "e", "f", "g"]
VERSIONS = ["0.0", "0.3", "1.0", "1.4", "2.0"]
SPECS = ["", "", "", "", "", ">=0.3", ">=1.0", "<1.0", "<1.4", "==1.0", "!=1.0", "==0.3", ">=1.4", "<2.0"]
OPS = ["==", ">=", "<", "!="]


def knowledge(rules: list[dict]) -> KnowledgeBase:
    return parse_document({"format": "stackwise-scores", "version": 1, "rules": rules}, "test")


def rule(package: str, spec: str, *, score: float | None = None, veto: bool = False,
         other: tuple[str, str] | None = None, category: str = "stability") -> dict:
    out: dict = {"package": package, "specifier": spec, "category": category,
                 "message": "generated", "link": "https://example.org/r", "source": "test"}
    if other is not None:
        out["with"] = {"package": other[0], "specifier": other[1]}
    if veto:
        out["veto"] = True
    else:
        out["score"] = score
    return out


def problem_of(roots: list[str]) -> Problem:
    reqs = [make_requirement(PkgReq(r)) for r in roots]
    return Problem(roots=reqs, constraints={}, user_requested={r.name: i for i, r in enumerate(reqs)})


def valid_stacks(graph: dict[str, dict[str, list[str]]], roots: list[str], policy: Policy):
    """Every valid stack as {name: version}, by enumeration."""
    names = sorted(graph)
    root_reqs = [PkgReq(r) for r in roots]
    choices = [[None, *graph[n]] for n in names]
    for combo in itertools.product(*choices):
        pick = {n: Version(v) for n, v in zip(names, combo, strict=True) if v is not None}
        if any(r.name not in pick or not r.specifier.contains(pick[r.name], prereleases=True) for r in root_reqs):
            continue
        ok = True
        reached = {r.name for r in root_reqs}
        for n, v in pick.items():
            if policy.veto(n, v) is not None:
                ok = False
                break
            for dep in graph[n][str(v) if str(v) in graph[n] else _key(graph[n], v)]:
                req = PkgReq(dep)
                reached.add(req.name)
                if req.name not in pick or not req.specifier.contains(pick[req.name], prereleases=True):
                    ok = False
                    break
            if not ok:
                break
        if not ok or reached != set(pick):
            continue
        pins = {n: (v, None) for n, v in pick.items()}
        if any(t.veto and t.satisfied_by(pins) for t in policy.pair_terms(pins)):
            continue
        yield pins


def _key(versions: dict[str, list[str]], v: Version) -> str:
    return next(k for k in versions if Version(k) == v)


@st.composite
def instances(draw):
    n = draw(st.integers(4, 7))
    names = NAMES[:n]
    graph: dict[str, dict[str, list[str]]] = {}
    for i, name in enumerate(names):
        versions = draw(st.lists(st.sampled_from(VERSIONS), min_size=1, max_size=4, unique=True))
        graph[name] = {}
        for v in versions:
            later = names[i + 1:]
            deps = draw(st.lists(st.sampled_from(later), max_size=3, unique=True)) if later else []
            graph[name][v] = [f"{d}{draw(st.sampled_from(SPECS))}" for d in deps]
    roots = draw(st.lists(st.sampled_from(names[:3]), min_size=1, max_size=2, unique=True))
    roots = [f"{r}{draw(st.sampled_from(['', '', '>=0.3', '<2.0']))}" for r in roots]

    def spec(name: str, *, empty: bool = False) -> str:
        # Mostly about versions the package has, so rules touch stacks that exist.
        choices = [*(op + v for op in OPS for v in graph[name]), *(["", ">=0.0"] if empty else [])]
        return draw(st.sampled_from(choices))

    rules = []
    for _ in range(draw(st.integers(3, 9))):
        kind = draw(st.sampled_from(["score", "score", "score", "pair", "pair", "veto", "pairveto"]))
        a = draw(st.sampled_from(names))
        score = draw(st.integers(-100, 100)) / 100 or 0.05
        if kind in ("pair", "pairveto"):
            b = draw(st.sampled_from([x for x in names if x != a]))
            other = (b, spec(b, empty=True))
            if kind == "pair":
                rules.append(rule(a, spec(a), score=score, other=other))
            else:
                rules.append(rule(a, spec(a), veto=True, other=other))
        elif kind == "veto":
            rules.append(rule(a, spec(a), veto=True))
        else:
            rules.append(rule(a, spec(a, empty=True), score=score))
    return graph, roots, rules


def search(graph, roots, rules, time_budget: float = 60.0, kb_of=knowledge) -> tuple[Outcome | None, str, Policy]:
    policy = Policy(kb_of(rules), TARGET, "stable")
    try:
        return best_stack(problem_of(roots), MemorySource(graph), TARGET, policy, time_budget=time_budget), "", policy
    except ResolutionError as exc:
        return None, str(exc), policy


def check(graph, roots, rules, time_budget: float = 60.0, kb_of=knowledge) -> tuple[bool, bool]:
    """Assert the properties; return (proven, optimal) for the statistics."""
    out, error, _policy = search(graph, roots, rules, time_budget, kb_of)
    policy = Policy(knowledge(rules), TARGET, "stable")  # the reference: every rule parsed at once
    brute = [(policy.stack_score(p)[0], p) for p in valid_stacks(graph, roots, Policy(knowledge(rules), TARGET))]
    if not brute:
        assert out is None, f"the search found {out.stack.pins()} but no valid stack exists"
        return True, True
    assert out is not None, f"a valid stack exists ({brute[0][1]}) but the search said: {error}"
    pins = {n: (r.version, None) for n, r in out.stack.releases.items()}
    assert pins in [p for _, p in brute], f"{out.stack.pins()} is not a valid stack"
    score = policy.stack_score(pins)[0]
    assert abs(score - out.score) < 1e-6
    optimum = max(s for s, _ in brute)
    optimal = abs(score - optimum) < 1e-6
    if out.proven:
        assert optimal, f"claimed proven best at {score:+.3f}, but {optimum:+.3f} is reachable"
    else:
        assert out.verdict.startswith("best found") and "proven best" not in out.verdict
    return out.proven, optimal


# The two misses the issue reported, as examples hypothesis always runs first.
PAIR_OUTSIDE = (  # the pair g==0.3 with f pays only if c 0.0 (which alone brings f) is chosen
    {"a": {"1.0": ["c"]}, "b": {"1.0": []}, "c": {"1.0": ["g"], "0.0": ["f", "g"]},
     "f": {"1.0": []}, "g": {"1.0": [], "0.3": []}},
    ["a", "b"],
    [rule("g", "==0.3", score=0.8, other=("f", "")), rule("g", "==1.0", score=0.1),
     rule("c", "==1.0", score=0.2)],
)
DROP_C = (  # every version of c scores -0.61; only a 1.4 does without c
    {"a": {"2.0": ["c"], "1.4": []}, "c": {"1.0": [], "0.3": []}, "d": {"1.0": []}, "e": {"1.0": []}},
    ["a", "d"],
    [rule("c", ">=0.0", score=-0.61), rule("a", "==2.0", score=0.3), rule("e", "==1.0", score=0.2)],
)


PENALTY_ASKED_APART = (  # a penalty pair whose two packages the resolver asks about one at a time
    {"a": {"2.0": ["c"], "1.0": []}, "b": {"1.0": []}, "c": {"1.0": []}},
    ["a", "b"],
    [rule("a", "==2.0", score=-0.9, other=("c", "")), rule("b", "==1.0", score=0.1)],
)



def brute_settings(share: int = 1) -> settings:
    """Hypothesis settings of the brute-force properties: ``STACKWISE_BRUTE_EXAMPLES``
    examples (60 by default; a property run twice as often elsewhere takes a ``share``),
    derandomized unless ``STACKWISE_BRUTE_RANDOM`` is set."""
    return settings(max_examples=int(os.environ.get("STACKWISE_BRUTE_EXAMPLES", "60")) // share, deadline=None,
                    derandomize=not os.environ.get("STACKWISE_BRUTE_RANDOM"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@brute_settings()
@given(instances())
@example(PAIR_OUTSIDE)
@example(DROP_C)
def test_proven_best_is_the_brute_force_optimum(instance):
    check(*instance)


@brute_settings(share=2)
@given(instances())
def test_budget_zero_still_returns_a_valid_stack_and_never_a_false_proof(instance):
    """With no time at all the search stops at its first valid stack: still valid, vetoes
    held, a valid stack whenever one exists, and "proven" only when it is the optimum."""
    check(*instance, time_budget=0.0)


def write_learned_layer(directory: str, rules: list[dict]) -> str:
    """``rules`` written as the shipped learned layer is (the file and its name index); its path."""
    from stackwise.knowledge.shipped import index_path, render_index, render_layer

    path = os.path.join(directory, "learned.json")
    text = render_layer(knowledge(rules))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    with open(index_path(path), "w", encoding="utf-8") as f:
        f.write(render_index(text))
    return path


@brute_settings(share=2)
@given(instances())
@example(PAIR_OUTSIDE)
@example(DROP_C)
@example(PENALTY_ASKED_APART)
def test_rules_read_as_the_shipped_learned_layer_give_the_same_guarantee(instance):
    """The shipped layer is read through its name index and builds a penalty or veto pair
    rule only once both of its packages were asked about (knowledge/shipped.py): the search
    over such a layer must still never claim a false "proven best"."""
    import tempfile

    from stackwise.knowledge.service import ScoreSources
    from stackwise.knowledge.shipped import LearnedLayer

    graph, roots, rules = instance
    rules = [dict(r, id=f"r{i}") for i, r in enumerate(rules)]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_learned_layer(tmp, rules)

        def layered(_rules):
            layer = LearnedLayer(path)
            assert layer._raw and all(isinstance(raw, tuple) for v in layer._raw.values() for raw in v)
            return ScoreSources([layer])

        check(graph, roots, rules, kb_of=layered)


def test_pair_whose_other_side_only_one_release_brings():
    out, _, _ = search(*PAIR_OUTSIDE)
    assert out is not None and out.proven
    assert out.stack.pins() == {"a": "1.0", "b": "1.0", "c": "0.0", "f": "1.0", "g": "0.3"}
    assert out.score == pytest.approx(0.8)


def test_package_better_left_out():
    out, _, _ = search(*DROP_C)
    assert out is not None and out.proven
    assert out.stack.pins() == {"a": "1.4", "d": "1.0"}
    assert out.score == pytest.approx(0.0)


def test_positive_rule_on_a_package_no_stack_has_looked_at_yet():
    """b is only reachable through a 1.0, and the root stack (a 2.0) never looks at it: the
    bound must still count b's bonus, or the root stack is "proven" at 0."""
    graph = {"a": {"2.0": [], "1.0": ["b"]}, "b": {"1.0": []}}
    out, _, _ = search(graph, ["a"], [rule("b", ">=0", score=0.5), rule("a", "==2.0", score=0.1)])
    assert out is not None and out.proven and out.stack.pins() == {"a": "1.0", "b": "1.0"}


def test_without_dependency_metadata_a_reach_beyond_the_universe_is_not_proven():
    """The bare search API without a dependency callback cannot walk what a stack could
    reach: with a positive rule beyond the explored universe it must say "best found"."""
    from stackwise.resolve.resolution import resolve_once
    from stackwise.resolve.search import Search

    graph = {"a": {"2.0": [], "1.0": ["b"]}, "b": {"1.0": []}}
    source = MemorySource(graph)
    policy = Policy(knowledge([rule("b", ">=0", score=0.5)]), TARGET, "stable")

    def resolve(excluded):
        stack, provider, _ = resolve_once(problem_of(["a"]), source, TARGET, policy, excluded)
        return stack, provider.seen

    result = Search(resolve, policy, lambda n: [(r.version, None) for r in source.releases(n)]).run()
    assert result is not None and not result.proven and "not all looked at" in result.stopped


@pytest.mark.parametrize("budget", [0.0, 60.0])
def test_vetoes_hold_whatever_the_budget(budget):
    """The root stack carries a vetoed pair; with budget 0 the first valid stack is returned
    (not a false "every stack is vetoed"), with a budget the optimum."""
    graph = {"a": {"2.0": ["b"], "1.0": ["b"]}, "b": {"2.0": [], "1.0": []}}
    rules = [rule("a", "==2.0", veto=True, other=("b", "==2.0")), rule("a", "==1.0", score=0.4)]
    out, error, _ = search(graph, ["a"], rules, time_budget=budget)
    assert out is not None, error
    assert out.stack.pins() != {"a": "2.0", "b": "2.0"}
    if budget == 0:
        assert out.verdict.startswith("best found") or out.proven
    else:
        assert out.proven and out.stack.pins() == {"a": "1.0", "b": "2.0"}


@pytest.mark.parametrize("budget", [-1.0, float("nan")])
def test_a_negative_or_nan_budget_is_refused(budget):
    with pytest.raises(ValueError, match="time budget"):
        search({"a": {"1.0": []}}, ["a"], [rule("a", "==1.0", score=0.1)], time_budget=budget)
