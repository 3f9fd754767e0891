"""``stackwise learn`` probes under the constraints the inspection was resolved under.

Why: ``stackwise inspect app -c constraints.txt`` chose its stacks under the ``-c`` files (and
pip's configured ones), but a result did not record them, so ``learn`` probed without them:
probes left the space the user allowed (here ``lib`` 2.1, excluded by ``lib<2.1``) and spent
inspections on it. A result now records them (``"constraints"`` in its stack, only when
there are any: other results read, write and hash as before). Fixture index on 127.0.0.1:
``app`` imports ``lib.old_name``, which ``lib`` 2.0 removed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.inspect.model import StackRequest
from stackwise.inspect.store import ResultStore, canonical_json, parse_result
from support import IndexServer, build_wheel, run_ok


@pytest.fixture
def srv(tmp_path: Path, index_factory: Callable[..., IndexServer]) -> IndexServer:
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["lib"], files={"app/__init__.py": "from lib import old_name\n"})
    for v in ("1.0", "1.1", "2.0", "2.1"):
        code = "new_name = 1\n" + ("old_name = 0\n" if v < "2" else "")
        build_wheel(files, "lib", v, files={"lib/__init__.py": code})
    return index_factory(files_dir=files)


def test_learn_probes_under_the_inspections_constraints(tmp_path: Path, capsys, srv: IndexServer) -> None:
    constraints = tmp_path / "c.txt"
    constraints.write_text("lib<2.1\n")
    index = ["--isolated", "--index-url", srv.url, "--cache-dir", str(tmp_path / "cache")]
    db = tmp_path / "r.db"
    run_ok(capsys, "inspect", "app", "-c", str(constraints), *index, "--strategy", "pip", "--network", "allow",
         "--results", str(db), "-q")
    with ResultStore(db) as store:
        (first,) = list(store.all())
    assert dict(first.stack.pins) == {"app": "1.0", "lib": "2.0"} and first.outcome == "failed"
    err = run_ok(capsys, "learn", *index, "--results", str(db), "-o", str(tmp_path / "learned.json"))
    with ResultStore(db) as store:
        probes = [r for r in store.all() if r.id != first.id]
    assert probes, err
    assert all(dict(r.stack.pins)["lib"] != "2.1" for r in probes), [r.stack.pins for r in probes]
    assert first.stack.constraints == ("lib<2.1",)
    assert all(r.stack.constraints == ("lib<2.1",) for r in probes)
    capsys.readouterr()
    assert main(["inspect", "show", str(first.id), "--results", str(db)]) == 0
    assert "constraints: lib<2.1" in capsys.readouterr().out


def test_results_without_constraints_read_write_and_hash_as_before() -> None:
    old = {"stack": {"pins": [["lib", "1.0"]], "lock": "", "roots": ["lib"]}, "check": {}, "outcome": "passed"}
    result = parse_result(old, "a result")
    assert result.stack.constraints == () and "constraints" not in result.to_json()["stack"]
    assert '"constraints"' not in canonical_json(result)
    again = StackRequest.from_json({**old["stack"], "constraints": ["lib<2"]})
    assert again.constraints == ("lib<2",) and again.to_json()["constraints"] == ["lib<2"]
    assert again.key == result.stack.key  # the stack's identity is its pins, as before
    with pytest.raises(Exception, match="'constraints' must be a list of strings"):
        parse_result({**old, "stack": {**old["stack"], "constraints": "lib<2"}}, "a result")


def test_a_bad_recorded_constraint_skips_its_group_with_a_note(tmp_path: Path, capsys, srv: IndexServer) -> None:
    db = tmp_path / "r.db"
    index = ["--isolated", "--index-url", srv.url, "--cache-dir", str(tmp_path / "cache")]
    run_ok(capsys, "inspect", "app", *index, "--strategy", "pip", "--network", "allow", "--results", str(db), "-q")
    with ResultStore(db) as store:
        (first,) = list(store.all())
    data = first.to_json()
    data["stack"]["constraints"] = ["lib @ https://example.invalid/lib.whl"]
    data["id"] = None
    with ResultStore(db) as store:
        store.add(parse_result(data, "edited"))
    err = run_ok(capsys, "learn", *index, "--results", str(db), "--max-probes", "0", "-o", str(tmp_path / "l.json"))
    assert "is not a name with a version specifier" in err and "skipped" in err, err
