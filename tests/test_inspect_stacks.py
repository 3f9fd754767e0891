"""The Dependency Monkey: every chosen stack is a real resolution against a real local index.

The graphs are small enough to check by hand and by brute force: each stack is compared with
the declared metadata of the wheels served, and ``exhaustive`` with a count of every
consistent assignment.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise.cli import main
from stackwise.environment import TargetEnvironment
from stackwise.errors import RequirementError, ResolutionError, StackwiseError
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.inspect.model import StackRequest
from stackwise.inspect.stacks import STRATEGIES, StackMaker, choose_stacks, release_series
from stackwise.lockfiles import read_lock
from support import build_wheel, make_index

TARGET = TargetEnvironment.current()

# pip picks app 2.1, lib 1.2.3, util 2.1. app 1.0 needs lib<1.2, so app 1.0 x lib 1.2.* does
# not resolve; lib 1.1.* does not depend on util, so util's pins mean nothing with it.
GRAPH = {
    "app": {"1.0": ["lib<1.2"], "1.1": ["lib"], "2.0": ["lib>=1.1"], "2.1": ["lib>=1.1"]},
    "lib": {"1.0.0": [], "1.1.0": [], "1.1.5": [], "1.2.0": ["util>=2"], "1.2.3": ["util>=2"]},
    "util": {"1.0": [], "2.0": [], "2.1": []},
}

# Every package is in every stack, so exhaustive's stacks are exactly the consistent assignments.
TINY = {
    "a": {"1.0": ["b", "c<2"], "1.1": ["b<2", "c"], "2.0": ["b", "c"]},
    "b": {"1.0": ["c>=2"], "2.0": ["c"]},
    "c": {"1.0": [], "2.0": [], "2.1": []},
}


@pytest.fixture
def client_for(index_factory, cache_dir: Path) -> Iterator:
    clients: list[IndexClient] = []

    def make(graph=None, **server_options) -> tuple[IndexClient, object]:
        server = index_factory(graph, **server_options)
        client = IndexClient(IndexConfig(index_urls=(server.url,), cache_dir=cache_dir), TARGET)
        clients.append(client)
        return client, server

    yield make
    for client in clients:
        client.close()


def maker_for(client: IndexClient, requirements=("app",), **kw) -> StackMaker:
    return StackMaker(list(requirements), client, TARGET, file_hashes=client.file_hashes, **kw)


def versions_of(graph: dict, name: str) -> list[str]:
    return list(graph[name])


def consistent(graph: dict, pins: dict[str, str], roots: list[str]) -> bool:
    """The declared metadata holds: roots and every pin's requirements are met, and nothing extra is pinned."""
    needed: set[str] = set()

    def ok(text: str) -> bool:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        needed.add(name)
        return name in pins and req.specifier.contains(Version(pins[name]), prereleases=True)

    if not all(ok(r) for r in roots):
        return False
    for name, version in pins.items():
        declared = {Version(v): reqs for v, reqs in graph[name].items()}
        if Version(version) not in declared or not all(ok(r) for r in declared[Version(version)]):
            return False
    return needed == set(pins)


def assert_real(maker: StackMaker, graph: dict, stack: StackRequest, roots: list[str]) -> None:
    pins = stack.pin_map()
    assert consistent(graph, pins, roots), (stack.label, pins)
    again = maker.resolve(pins)  # every pin forced: the resolver finds exactly this stack
    assert again is not None and again.pins == stack.pins
    assert stack.roots == tuple(roots)


# -- pip's stack ------------------------------------------------------------------------------


def test_pip_strategy_is_what_stackwise_lock_resolves(client_for, tmp_path: Path) -> None:
    client, server = client_for(GRAPH)
    out = tmp_path / "requirements.txt"
    code = main(["lock", "app", "--index-url", server.url, "--isolated", "--no-default-scores",
                 "--cache-dir", str(tmp_path / "lock-cache"), "-o", str(out)])
    assert code == 0
    locked = {line.split("==")[0]: line.split("==")[1].split()[0]
              for line in out.read_text().splitlines() if "==" in line and not line.startswith("#")}

    stacks = choose_stacks(maker_for(client), "pip")
    assert len(stacks) == 1
    assert stacks[0].label == "pip"
    assert stacks[0].pin_map() == locked == {"app": "2.1", "lib": "1.2.3", "util": "2.1"}


def test_pylock_parses_and_hashes_every_file(client_for, tmp_path: Path) -> None:
    client, server = client_for(GRAPH)
    maker = maker_for(client)
    for stack in choose_stacks(maker, max_stacks=4):
        path = tmp_path / "pylock.toml"
        path.write_text(stack.lock, encoding="utf-8")
        lock = read_lock(path)
        assert {p.name: p.version for p in lock.packages} == stack.pin_map()
        for pkg in lock.packages:
            assert pkg.files
            for f in pkg.files:
                assert f.url and f.url.startswith(server.url.rsplit("/simple", 1)[0])
                assert len(f.hashes.get("sha256", "")) == 64
        assert StackRequest.from_json(stack.to_json()) == stack


# -- boundaries -------------------------------------------------------------------------------


def test_release_series_is_major_minor() -> None:
    assert release_series(Version("1.2.3")) == (1, 2)
    assert release_series(Version("2")) == (2, 0)
    assert release_series(Version("2024.3.1rc1")) == (2024, 3)


def test_releases_follow_pip_stack_requirements(client_for) -> None:
    client, _ = client_for(GRAPH)
    maker = maker_for(client)
    assert [str(v) for v in maker.releases("app")] == ["2.1", "2.0", "1.1", "1.0"]
    assert [str(v) for v in maker.releases("lib")] == ["1.2.3", "1.2.0", "1.1.5", "1.1.0"]  # app 2.1: lib>=1.1
    assert [str(v) for v in maker.releases("util")] == ["2.1", "2.0"]  # lib 1.2.3: util>=2
    assert maker.edges() == [("app", "lib"), ("lib", "util")]


def test_boundaries_oldest_newest_pairs_and_unresolvable(client_for) -> None:
    client, _ = client_for(GRAPH)
    maker = maker_for(client)
    stacks = choose_stacks(maker)
    labels = [s.label for s in stacks]
    # Singles round-robin across packages, nearest pip's pick first, then pairs along edges.
    assert labels[:8] == [
        "pip",
        "newest app 2.0.*", "oldest lib 1.2.*", "newest util 2.0.*",
        "newest app 1.1.*", "newest lib 1.1.*",
        "newest app 1.0.*", "oldest lib 1.1.*",
    ]
    by_label = {s.label: s.pin_map() for s in stacks}
    assert by_label["oldest lib 1.2.*"] == {"app": "2.1", "lib": "1.2.0", "util": "2.1"}
    assert by_label["newest app 1.0.*"] == {"app": "1.0", "lib": "1.1.5"}  # the rest in pip's order
    assert by_label["newest util 2.0.*"] == {"app": "2.1", "lib": "1.2.3", "util": "2.0"}
    pairs = [s for s in stacks if " + " in s.label]
    assert pairs and pairs[0].label == "newest app 2.0.* + oldest lib 1.2.*"
    assert pairs[0].pin_map() == {"app": "2.0", "lib": "1.2.0", "util": "2.1"}
    assert "newest app 1.0.* + oldest lib 1.2.*" not in by_label  # app 1.0 needs lib<1.2
    assert maker.last_choice is not None and maker.last_choice.unresolvable >= 1
    assert maker.resolve({"app": "1.0", "lib": "1.2.0"}) is None
    assert maker.unresolvable >= 1
    assert len({s.key for s in stacks}) == len(stacks)
    for stack in stacks:
        assert_real(maker, GRAPH, stack, ["app"])


def test_boundaries_respect_max_stacks_and_constraints(client_for) -> None:
    client, _ = client_for(GRAPH)
    maker = maker_for(client, constraints={"lib": SpecifierSet("<1.2.3,!=1.1.0"), "App": SpecifierSet(">=1.1")})
    assert [str(v) for v in maker.releases("lib")] == ["1.2.0", "1.1.5"]
    stacks = choose_stacks(maker, max_stacks=200)
    assert stacks[0].pin_map() == {"app": "2.1", "lib": "1.2.0", "util": "2.1"}
    seen_lib = {s.pin_map()["lib"] for s in stacks}
    assert seen_lib == {"1.2.0", "1.1.5"}
    assert all(Version(s.pin_map()["app"]) >= Version("1.1") for s in stacks)
    for stack in stacks:
        assert_real(maker, GRAPH, stack, ["app"])

    capped = choose_stacks(maker_for(client), max_stacks=3)
    assert [s.label for s in capped] == ["pip", "newest app 2.0.*", "oldest lib 1.2.*"]


def test_releases_skip_yanked_python_and_prereleases(client_for, tmp_path: Path) -> None:
    files = make_index(tmp_path / "files", {"lib": {"1.0": [], "1.0.1": [], "1.1": [], "2.0rc1": []}})
    build_wheel(files, "lib", "1.2", requires_python="<3")
    client, _ = client_for(files_dir=files, yanked={"lib-1.1-py3-none-any.whl": "broken"},
                           requires_python={"lib-1.2-py3-none-any.whl": ""})  # only the metadata says so
    maker = maker_for(client, ["lib"])
    assert [str(v) for v in maker.releases("lib")] == ["1.0.1", "1.0"]
    assert maker.pip_stack().pin_map() == {"lib": "1.0.1"}
    assert [s.label for s in choose_stacks(maker)] == ["pip", "oldest lib 1.0.*"]
    pre = maker_for(client, ["lib"], pre=True)
    assert [str(v) for v in pre.releases("lib")] == ["2.0rc1", "1.0.1", "1.0"]
    assert pre.pip_stack().pin_map() == {"lib": "2.0rc1"}


# -- random and exhaustive --------------------------------------------------------------------


def test_random_is_reproducible_by_seed(client_for) -> None:
    client, _ = client_for(GRAPH)
    first = choose_stacks(maker_for(client), "random", seed=1, max_stacks=6)
    again = choose_stacks(maker_for(client), "random", seed=1, max_stacks=6)
    other = choose_stacks(maker_for(client), "random", seed=7, max_stacks=6)
    assert [(s.label, s.pins) for s in first] == [(s.label, s.pins) for s in again]
    assert [s.label for s in first] != [s.label for s in other]
    maker = maker_for(client)
    for stack in [*first, *other]:
        assert stack.label == "pip" or stack.label.startswith("random: ")
        assert_real(maker, GRAPH, stack, ["app"])
    assert len(first) == 6 and first[0].label == "pip"


def brute_force(graph: dict, roots: list[str]) -> set[tuple[tuple[str, str], ...]]:
    names = sorted(graph)
    found = set()
    for combo in itertools.product(*(versions_of(graph, n) for n in names)):
        pins = dict(zip(names, combo, strict=True))
        if consistent(graph, pins, roots):
            found.add(tuple(sorted(pins.items())))
    return found


def test_exhaustive_enumerates_a_tiny_space_exactly(client_for) -> None:
    client, _ = client_for(TINY)
    maker = maker_for(client, ["a"])
    sizes = [len(maker.releases(n)) for n in ("a", "b", "c")]
    assert sizes == [3, 2, 3]
    stacks = choose_stacks(maker, "exhaustive", max_stacks=100, exhaustive_limit=18)
    expected = brute_force(TINY, ["a"])
    assert len(expected) == 8
    assert {s.pins for s in stacks} == expected
    assert len(stacks) == len(expected)
    assert stacks[0].label == "pip"
    assert maker.last_choice is not None and maker.last_choice.unresolvable == 18 - 8

    with pytest.raises(StackwiseError) as err:
        choose_stacks(maker, "exhaustive", exhaustive_limit=17)
    assert "18 combinations" in str(err.value) and "limit of 17" in str(err.value)

    capped = choose_stacks(maker, "exhaustive", max_stacks=3, exhaustive_limit=18)
    assert len(capped) == 3


# -- bad input --------------------------------------------------------------------------------


def test_bad_inputs_give_clear_errors(client_for) -> None:
    client, _ = client_for(GRAPH)
    with pytest.raises(RequirementError, match="requirement 2: invalid requirement"):
        maker_for(client, ["app", "lib >>> 1"])
    with pytest.raises(RequirementError, match="Nothing to inspect"):
        maker_for(client, [])
    with pytest.raises(RequirementError, match="not a valid version specifier"):
        maker_for(client, constraints={"lib": "~~1"})
    with pytest.raises(StackwiseError, match="not a valid package name"):
        maker_for(client, constraints={"not a name": SpecifierSet(">1")})

    maker = maker_for(client)
    with pytest.raises(StackwiseError, match="Unknown stack strategy 'greedy'; choose one of: pip, boundaries"):
        choose_stacks(maker, "greedy")
    for bad in (0, -3):
        with pytest.raises(StackwiseError, match="--max-stacks must be at least 1"):
            choose_stacks(maker, max_stacks=bad)
    with pytest.raises(StackwiseError, match="needs an integer seed"):
        choose_stacks(maker, "random")
    with pytest.raises(StackwiseError, match="not a valid version"):
        maker.resolve({"lib": "one point two"})
    assert set(STRATEGIES) == {"pip", "boundaries", "random", "exhaustive"}

    broken = maker_for(client, ["app==1.0", "lib>=1.2"])
    with pytest.raises(ResolutionError) as err:
        choose_stacks(broken)
    text = str(err.value)
    assert "Cannot find versions of" in text and "the user requested lib>=1.2" in text
    assert "Traceback" not in text
