"""With an empty knowledge base, ``stackwise lock`` picks exactly what real pip picks.

Hypothesis generates dependency graphs (versions, ranges, pins, exclusions, conflicts); each
graph becomes real wheels on a fixture index served on 127.0.0.1, and both the real pip of
this environment (``pip install --dry-run --ignore-installed --report``) and stackwise
resolve the same requirements against it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from stackwise.cli import main
from support import make_index
from support.indexserver import IndexServer

pytestmark = pytest.mark.slow

NAMES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
VERSIONS = ["0.9", "1.0", "1.1", "1.5", "2.0", "2.1", "3.0", "3.1rc1"]


def pip_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    return env


def note(what: str) -> None:
    """A hypothesis event (shown by --hypothesis-show-statistics), also from fixed examples."""
    if currently_in_test_context():
        event(what)


class PipCrashed(Exception):
    """pip found a resolution but died building its result: resolvelib's ``_has_route_to_root``
    (1.2.1, vendored by pip 26.x) recurses forever when replaced pins left requirements that
    form a cycle. stackwise builds that result without the recursion (resolve/_resolvelib.py),
    so on these graphs it answers where pip cannot."""


# Runs pip with only resolvelib's result builder swapped for stackwise's (which has no
# recursion): what pip picks once its resolution is over, on graphs where it crashes.
_PIP_WITH_BUILD_RESULT_FIXED = (
    "import sys; from pip._vendor.resolvelib.resolvers import resolution; "
    "from stackwise.resolve._resolvelib import build_result; "
    "resolution._build_result = build_result; "
    "from pip._internal.cli.main import main; sys.exit(main(sys.argv[1:]))"
)


def pip_pick(index_url: str, reqs: list[str], cache: str, *,
             fixed_build_result: bool = False) -> dict[str, str] | None:
    """Real pip's choice, or None when pip finds no solution (PipCrashed: see there)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp, "report.json")
        pip = ["-c", _PIP_WITH_BUILD_RESULT_FIXED] if fixed_build_result else ["-m", "pip"]
        proc = subprocess.run(
            [sys.executable, *pip, "install", "--dry-run", "--ignore-installed", "--quiet",
             "--report", str(report), "--index-url", index_url, "--cache-dir", cache, *reqs],
            capture_output=True, text=True, env=pip_env(), timeout=300,
        )
        if proc.returncode != 0:
            if "RecursionError" in proc.stderr and "_has_route_to_root" in proc.stderr:
                raise PipCrashed(proc.stderr[-300:])
            assert "ResolutionImpossible" in proc.stderr or "conflict" in proc.stderr.lower() \
                or "No matching distribution" in proc.stderr \
                or "a different Python" in proc.stderr, proc.stderr
            return None
        data = json.loads(report.read_text())
    return {i["metadata"]["name"].lower(): i["metadata"]["version"] for i in data["install"]}


def pip_pick_despite_crash(index_url: str, reqs: list[str], cache: str) -> dict[str, str] | None:
    """pip's choice; where pip crashes (PipCrashed), what it picks once that bug is taken out."""
    try:
        return pip_pick(index_url, reqs, cache)
    except PipCrashed:
        note("pip crashed (resolvelib recursion)")
        return pip_pick(index_url, reqs, cache, fixed_build_result=True)


def equivalence_settings(variable: str = "STACKWISE_EQUIV_EXAMPLES", default: int = 15) -> settings:
    """Derandomized and small in CI (each example runs real pip); STACKWISE_EQUIV_RANDOM=1 explores."""
    return settings(max_examples=int(os.environ.get(variable, str(default))), deadline=None,
                    derandomize=not os.environ.get("STACKWISE_EQUIV_RANDOM"),
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def stackwise_pick(index_url: str, reqs: list[str], cache: str, capsys) -> dict[str, str] | None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "lock.txt")
        code = main(["lock", *reqs, "--index-url", index_url, "--isolated", "--no-default-scores",
                     "--cache-dir", cache, "-o", str(out), "-q", "--no-hashes"])
        err = capsys.readouterr().err
        if code != 0:
            assert "Traceback" not in err
            return None
        pins = {}
        for line in out.read_text().splitlines():
            if "==" in line and not line.lstrip().startswith(("#", "--")):
                name, _, version = line.strip().partition("==")
                pins[name.split("[")[0]] = version.split()[0]
        return pins


@st.composite
def graphs(draw):
    names = NAMES[: draw(st.integers(2, len(NAMES)))]
    graph: dict[str, dict[str, list[str]]] = {}
    for i, name in enumerate(names):
        versions = draw(st.lists(st.sampled_from(VERSIONS), min_size=1, max_size=4, unique=True))
        graph[name] = {}
        for v in versions:
            deps = []
            for other in draw(st.lists(st.sampled_from(names[i + 1:] or [name]), max_size=2, unique=True)):
                if other == name:
                    continue
                op = draw(st.sampled_from(["", ">=", "<", "==", "!=", "~="]))
                spec = f"{op}{draw(st.sampled_from(VERSIONS))}" if op else ""
                extra = draw(st.sampled_from(["", "", "", "; extra == 'x'", "; python_version < '3'"]))
                deps.append(f"{other}{spec}{extra}")
            graph[name][v] = deps
    roots = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    reqs = []
    for r in roots:
        op = draw(st.sampled_from(["", "", ">=", "<", "!="]))
        r = r + draw(st.sampled_from(["", "", "[x]"]))
        reqs.append(f"{r}{op}{draw(st.sampled_from(VERSIONS))}" if op else r)
    return graph, reqs


# Derandomized: CI sees the same graphs every run (a random failure would block unrelated
# work); STACKWISE_EQUIV_RANDOM=1 explores new graphs, which is how the xfail case below was found.
@equivalence_settings()
@given(graphs())
def test_empty_kb_matches_pip(capsys, graph_and_reqs):
    _assert_same_as_pip(capsys, *graph_and_reqs)


def test_undeclared_extra_backtracking_matches_pip(capsys):
    """Found by a random run: pip splits the root ``epsilon[x]!=1.1`` into ``epsilon!=1.1``
    (ranked as the user's first requirement) and ``epsilon[x]!=1.1`` (moved last, unranked),
    so it pins bare epsilon first and, on delta 1.5's ``epsilon<1.0``, backtracks epsilon
    and keeps delta 1.5. Ranking ``epsilon[x]`` as the user's backtracked delta instead."""
    graph = {"alpha": {"0.9": []}, "beta": {"0.9": []}, "gamma": {"0.9": []},
             "delta": {"1.5": ["epsilon<1.0"], "0.9": [], "1.0": [], "1.1": []},
             "epsilon": {"0.9": [], "1.0": []}}
    _assert_same_as_pip(capsys, graph, ["epsilon[x]!=1.1", "alpha", "delta"])


def _assert_same_as_pip(capsys, graph, reqs):
    with tempfile.TemporaryDirectory() as tmp:
        files = make_index(Path(tmp, "files"), graph)
        with IndexServer(files) as server:
            cache = str(Path(tmp, "cache"))
            expected = pip_pick_despite_crash(server.url, reqs, str(Path(tmp, "pipcache")))
            got = stackwise_pick(server.url, reqs, cache, capsys)
    assert got == expected, f"graph={graph} reqs={reqs}"


def test_seed_example_empty_kb_matches_pip(capsys):
    graph = json.loads(Path(__file__).parent.parent.joinpath("fixtures/seed/graph.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        files = make_index(Path(tmp, "files"), graph)
        with IndexServer(files) as server:
            expected = pip_pick(server.url, ["simplelib", "anotherlib"], str(Path(tmp, "pc")))
            got = stackwise_pick(server.url, ["simplelib", "anotherlib"], str(Path(tmp, "c")), capsys)
    assert expected == {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "2.0"}
    assert got == expected
