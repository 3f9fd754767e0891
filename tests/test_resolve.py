"""Policy, provider and search on an in-memory candidate source.

The source here is a plain data structure (releases + Requires-Dist), which is all the
resolver layer is allowed to know about; end-to-end tests over a real HTTP index are in
test_lock_cli.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from packaging.requirements import Requirement as PkgReq
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.errors import ResolutionError
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.scorefile import parse_document
from stackwise.resolve.engine import best_stack
from stackwise.resolve.policy import Policy
from stackwise.resolve.provider import make_requirement
from stackwise.resolve.resolution import Problem

TARGET = TargetEnvironment.current(cpu_flags=frozenset({"avx2"}))


@dataclass(frozen=True)
class Rel:
    name: NormalizedName
    version: Version
    requires: tuple[str, ...]
    yanked: bool = False
    requires_python: str | None = None

    @property
    def index_url(self) -> str | None:
        return None


@dataclass(frozen=True)
class Meta:
    requires_dist: tuple[str, ...]
    requires_python: str | None
    provides_extra: tuple[str, ...] = ()


class MemorySource:
    def __init__(self, graph: dict[str, dict[str, list[str]]], yanked: set[str] = frozenset()) -> None:
        self._rels = {}
        for name, versions in graph.items():
            n = canonicalize_name(name)
            rels = [Rel(n, Version(v), tuple(reqs), f"{n}=={v}" in yanked) for v, reqs in versions.items()]
            self._rels[n] = sorted(rels, key=lambda r: r.version, reverse=True)
        self.metadata_calls = 0

    def releases(self, name: str) -> list[Rel]:
        return self._rels.get(canonicalize_name(name), [])

    def metadata(self, release: Rel) -> Meta:
        self.metadata_calls += 1
        extras = tuple(sorted({r.split("extra == '")[1].split("'")[0] for r in release.requires if "extra ==" in r}))
        return Meta(release.requires, release.requires_python, extras)


SEED = {
    "simplelib": {"1.0": ["dependency1"], "2.0": ["dependency2"]},
    "anotherlib": {"1.0": ["dependency2"], "2.0": ["dependency2"]},
    "dependency1": {"1.0": [], "2.0": []},
    "dependency2": {"1.0": [], "2.0": []},
}

SEED_RULES = [
    {"package": "anotherlib", "specifier": "==2.0", "with": {"package": "dependency2", "specifier": "==2.0"},
     "veto": True, "category": "stability", "message": "anotherlib 2.0 breaks with dependency2 2.0",
     "link": "https://example.org/a", "source": "test"},
    {"package": "simplelib", "specifier": "==1.0", "with": {"package": "dependency1", "specifier": "==1.0"},
     "score": 0.5, "category": "performance", "message": "faster together",
     "link": "https://example.org/b", "source": "test"},
]


def kb(rules: list[dict]) -> KnowledgeBase:
    return parse_document({"format": "stackwise-scores", "version": 1, "rules": rules}, "test")


def solve(graph, reqs, rules=(), recommendation="stable", constraints=None, pins=None, source=None):
    source = source or MemorySource(graph)
    roots = [make_requirement(PkgReq(r)) for r in reqs]
    problem = Problem(
        roots=roots,
        constraints=constraints or {},
        user_requested={r.name: i for i, r in enumerate(roots)},
    )
    policy = Policy(kb(list(rules)), TARGET, recommendation, user_pins=pins or {})
    return best_stack(problem, source, TARGET, policy, time_budget=30)


def pins(outcome) -> dict[str, str]:
    return outcome.stack.pins()


def test_seed_empty_kb_is_latest():
    out = solve(SEED, ["simplelib", "anotherlib"])
    assert pins(out) == {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "2.0"}
    assert out.proven and out.nodes == 1


@pytest.mark.parametrize("recommendation", ["stable", "performance"])
def test_seed_default_and_performance(recommendation):
    out = solve(SEED, ["simplelib", "anotherlib"], SEED_RULES, recommendation)
    assert pins(out) == {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}
    assert out.proven
    assert out.score > 0


def test_seed_latest_applies_only_vetoes():
    out = solve(SEED, ["simplelib", "anotherlib"], SEED_RULES, "latest")
    assert pins(out) == {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "1.0"}
    assert out.pip_stack.pins() == {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "2.0"}


def test_rules_on_projects_outside_the_problem_leave_it_neutral():
    """Rules exist, but none for a project the search looks at: pip's stack is the root itself."""
    source = MemorySource(SEED)
    unrelated = [{"package": "elsewhere", "specifier": "<2", "veto": True, "category": "stability",
                  "message": "m", "link": "https://example.org/x", "source": "test"}]
    out = solve(SEED, ["simplelib", "anotherlib"], unrelated, source=source)
    assert out.neutral and out.stack is out.pip_stack  # no second (pip-order) resolution ran
    touching = solve(SEED, ["simplelib", "anotherlib"], SEED_RULES, "latest")
    assert not touching.neutral and touching.pip_stack is not touching.stack
    # Rules that apply but leave every candidate list as pip orders it: still pip's stack.
    flat = [{"package": "dependency2", "specifier": ">=0", "score": 0.3, "category": "stability",
             "message": "m", "link": "https://example.org/y", "source": "test"}]
    same = solve(SEED, ["simplelib", "anotherlib"], flat)
    assert not same.neutral and same.stack is same.pip_stack
    # One that prefers an older version: pip's stack needs its own resolution.
    older = [{**flat[0], "specifier": "<2"}]
    moved = solve(SEED, ["simplelib", "anotherlib"], older)
    assert moved.stack.pins()["dependency2"] == "1.0" and moved.pip_stack.pins()["dependency2"] == "2.0"


def test_version_veto_removes_candidate_unless_pinned():
    rules = [{"package": "dependency2", "specifier": "==2.0", "veto": True, "category": "security",
              "message": "CVE", "link": "https://example.org/c", "source": "test"}]
    out = solve(SEED, ["anotherlib"], rules)
    assert pins(out)["dependency2"] == "1.0"
    out = solve(SEED, ["anotherlib", "dependency2==2.0"], rules, pins={"dependency2": Version("2.0")})
    assert pins(out)["dependency2"] == "2.0"
    assert any("pinned exactly" in w for w in out.warnings)


def test_security_only_veto_acts_in_security_type():
    # The advisory's range starts at 0 ("<2.1" minus the fixed 1.0 below): 1.0 is known clean.
    rules = [{"package": "dependency2", "specifier": "<2.1,!=1.0", "veto": ["security"], "score": -0.2,
              "category": "security", "message": "CVE", "link": "https://example.org/c", "source": "test"}]
    assert pins(solve(SEED, ["dependency2"], rules, "latest"))["dependency2"] == "2.0"
    assert pins(solve(SEED, ["dependency2"], rules, "security"))["dependency2"] == "1.0"
    # stable: the negative score still prefers 1.0 (weights security 1.0)
    assert pins(solve(SEED, ["dependency2"], rules, "stable"))["dependency2"] == "1.0"


def test_scores_never_bypass_constraints():
    from packaging.specifiers import SpecifierSet

    rules = [{"package": "dependency2", "specifier": "==1.0", "score": 1.0, "category": "stability",
              "message": "good", "link": "https://example.org/g", "source": "test"}]
    out = solve(SEED, ["dependency2"], rules, constraints={"dependency2": SpecifierSet(">=2")})
    assert pins(out)["dependency2"] == "2.0"


def test_unary_score_beats_newest():
    graph = {"a": {"1.0": [], "1.1": [], "2.0": []}}
    rules = [{"package": "a", "specifier": "==1.1", "score": 0.3, "category": "stability",
              "message": "m", "link": "https://example.org/x", "source": "t"}]
    assert pins(solve(graph, ["a"], rules)) == {"a": "1.1"}
    assert pins(solve(graph, ["a"], rules, "latest")) == {"a": "2.0"}


def test_condition_that_does_not_hold_is_ignored():
    graph = {"a": {"1.0": [], "2.0": []}}
    rules = [{"package": "a", "specifier": "==2.0", "veto": True, "category": "performance",
              "message": "slow without avx512", "link": "https://example.org/x", "source": "t",
              "condition": {"cpu_flags": ["avx512f_not_a_real_flag"]}}]
    assert pins(solve(graph, ["a"], rules)) == {"a": "2.0"}
    rules[0]["condition"] = {"cpu_flags": ["avx2"]}
    assert pins(solve(graph, ["a"], rules)) == {"a": "1.0"}


def test_negative_pair_weighed_against_alternatives():
    # b 2.0 with c 2.0 is penalised; b is wanted new, so c should step back rather than b.
    graph = {"b": {"1.0": ["c"], "2.0": ["c"]}, "c": {"1.0": [], "2.0": []}}
    rules = [{"package": "b", "specifier": "==2.0", "with": {"package": "c", "specifier": "==2.0"},
              "score": -0.5, "category": "stability", "message": "m", "link": "https://example.org/x", "source": "t"}]
    out = solve(graph, ["b"], rules)
    assert pins(out) == {"b": "2.0", "c": "1.0"}
    assert out.proven


def test_pair_veto_unavoidable_is_an_error():
    graph = {"b": {"2.0": ["c==2.0"]}, "c": {"2.0": []}}
    rules = [{"package": "b", "specifier": "==2.0", "with": {"package": "c", "specifier": "==2.0"},
              "veto": True, "category": "stability", "message": "m", "link": "https://example.org/x", "source": "t"}]
    with pytest.raises(ResolutionError, match="vetoes"):
        solve(graph, ["b"], rules)


def test_conflict_chain_is_readable():
    graph = {"a": {"1.0": ["c>=2"]}, "b": {"1.0": ["c<2"]}, "c": {"1.0": [], "2.0": []}}
    with pytest.raises(ResolutionError) as err:
        solve(graph, ["a", "b"])
    msg = str(err.value)
    assert "c>=2" in msg and "c<2" in msg and "conflict" in msg


def test_yanked_skipped_unless_pinned():
    graph = {"a": {"1.0": [], "2.0": []}}
    src = MemorySource(graph, yanked={"a==2.0"})
    assert pins(solve(graph, ["a"], source=src)) == {"a": "1.0"}
    assert pins(solve(graph, ["a==2.0"], source=src)) == {"a": "2.0"}


def test_prereleases_only_when_needed():
    graph = {"a": {"1.0": [], "2.0b1": []}}
    assert pins(solve(graph, ["a"])) == {"a": "1.0"}
    assert pins(solve(graph, ["a>1.0"])) == {"a": "2.0b1"}


def test_extras_pull_extra_dependencies():
    graph = {"a": {"1.0": ["b", "c; extra == 'fast'"]}, "b": {"1.0": []}, "c": {"1.0": []}}
    assert pins(solve(graph, ["a"])) == {"a": "1.0", "b": "1.0"}
    out = solve(graph, ["a[fast]"])
    assert pins(out) == {"a": "1.0", "b": "1.0", "c": "1.0"}
    assert out.stack.extras == {"a": frozenset({"fast"})}


def test_metadata_fetched_lazily():
    graph = {"a": {str(v): [] for v in range(1, 30)}}
    src = MemorySource(graph)
    solve(graph, ["a"], source=src)
    assert src.metadata_calls == 1



def test_a_resolution_past_its_deadline_stops():
    """The budget bounds a resolution in progress, not only the gaps between resolutions:
    past its deadline the provider refuses to look further and the search keeps what it has."""
    import time

    from stackwise.resolve.provider import OutOfTime, StackProvider
    from stackwise.resolve.resolution import resolve_once

    source = MemorySource(SEED)
    roots = [make_requirement(PkgReq("simplelib"))]
    problem = Problem(roots=roots, constraints={}, user_requested={"simplelib": 0})
    policy = Policy(kb(SEED_RULES), TARGET, "stable")
    with pytest.raises(OutOfTime):
        resolve_once(problem, source, TARGET, policy, deadline=time.monotonic() - 1)
    assert isinstance(StackProvider(source, TARGET, policy, deadline=None), StackProvider)

    from stackwise.resolve.search import Search

    calls = []
    root_stack, _, _ = resolve_once(problem, source, TARGET, Policy(kb([]), TARGET, "stable"))

    def resolve(excluded):
        calls.append(excluded)
        if len(calls) > 1:  # every resolution after the root runs out of time
            raise OutOfTime("simplelib")
        return root_stack, set(root_stack.releases)

    search = Search(resolve, policy, lambda name: [(r.version, None) for r in source.releases(name)], time_budget=60)
    result = search.run()
    assert len(calls) == 2 and result is not None
    assert not result.proven and result.stack is root_stack
