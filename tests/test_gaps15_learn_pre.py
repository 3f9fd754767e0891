"""``stackwise learn`` probes with the pre-release setting of the inspection it learns from.

Why: an inspection whose inputs said ``--pre`` (a line of a ``-r``/``-c`` file, or the flag)
chose its stacks as ``pip install --pre`` would; ``learn`` then probed and bisected without
pre-releases, so a failure that starts at a pre-release was bounded at the one pre-release
the inspection happened to see (``lib>=2.0rc2``), leaving the equally broken ``2.0rc1``
allowed. Fixture index on 127.0.0.1: ``lib`` 1.0 and 1.1 define ``old``; 2.0rc1 and 2.0rc2
do not; the check imports ``old``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from stackwise.inspect.model import InspectionResult, StackRequest
from stackwise.inspect.store import ResultStore, parse_result
from support import IndexServer, build_wheel, run_ok
from test_format_control_more import pip_picks

CHECK = "python -c 'from lib import old'"


@pytest.fixture
def srv(tmp_path: Path, index_factory: Callable[..., IndexServer]) -> IndexServer:
    files = tmp_path / "files"
    for v in ("1.0", "1.1"):
        build_wheel(files, "lib", v, files={"lib/__init__.py": "old = 1\n"})
    for v in ("2.0rc1", "2.0rc2"):
        build_wheel(files, "lib", v, files={"lib/__init__.py": "new = 1\n"})
    return index_factory(files_dir=files)


@pytest.mark.parametrize("how", ["line", "flag"])
def test_learn_bounds_a_pre_release_failure_with_pre_releases(tmp_path, capsys, srv, how) -> None:
    req = tmp_path / "req.txt"
    req.write_text(("--pre\n" if how == "line" else "") + "lib\n")
    pre = ["--pre"] if how == "flag" else []
    index = ["--isolated", "--index-url", srv.url, "--cache-dir", str(tmp_path / "cache")]
    assert pip_picks(tmp_path, "--index-url", srv.url, "-r", str(req), *pre)["lib"][0] == "2.0rc2"
    db = tmp_path / "r.db"
    run_ok(capsys, "inspect", "-r", str(req), *pre, *index, "--strategy", "pip", "--max-stacks", "1",
         "--check", CHECK, "--network", "allow", "--results", str(db), "-q")
    with ResultStore(db) as store:
        (first,) = list(store.all())
    assert dict(first.stack.pins) == {"lib": "2.0rc2"} and first.outcome == "failed"
    assert first.stack.pre is True
    out = tmp_path / "learned.json"
    run_ok(capsys, "learn", *index, "--results", str(db), "-o", str(out))
    rules = json.loads(out.read_text())["rules"]
    assert [(r["package"], r.get("specifier")) for r in rules] == [("lib", ">=2.0rc1")], rules
    with ResultStore(db) as store:
        probes = [r for r in store.all() if r.id != first.id]
    assert probes and all(r.stack.pre for r in probes)  # stored as they were resolved: with --pre
    assert {"lib": "2.0rc1"} in [dict(r.stack.pins) for r in probes]


def test_results_without_pre_read_and_write_as_before() -> None:
    """An old result (no ``pre`` key) reads as ``pre=False`` and is written back without the key,
    so its stored text, and a store an older stackwise reads, do not change."""
    old = {"stack": {"pins": [["lib", "1.0"]], "lock": "", "roots": ["lib"]}, "check": {}, "outcome": "passed"}
    result = parse_result(old, "a result")
    assert result.stack.pre is False and "pre" not in result.to_json()["stack"]
    assert StackRequest.from_json({**old["stack"], "pre": True}).to_json()["pre"] is True
    with pytest.raises(Exception, match="'pre' must be"):
        parse_result({**old, "stack": {**old["stack"], "pre": "yes"}}, "a result")
    assert isinstance(result, InspectionResult)
