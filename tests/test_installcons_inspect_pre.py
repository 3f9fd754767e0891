"""``stackwise inspect`` honours a ``--pre`` line in its requirement input, as pip and ``stackwise lock`` do.

Why: pip allows pre-releases for the whole run when a requirements (or constraints) file says
``--pre``; ``stackwise lock`` did, while ``stackwise inspect`` only looked at its own ``--pre``
flag, so it chose and inspected stacks pip would never install. Fixture index on 127.0.0.1:
alpha 1.0 and alpha 2.0rc1.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.inspect.store import ResultStore
from support import IndexServer, build_wheel
from support.locks import pins_of
from test_format_control_more import pip_picks


@pytest.fixture
def srv(tmp_path: Path, index_factory: Callable[..., IndexServer]) -> IndexServer:
    files = tmp_path / "files"
    build_wheel(files, "alpha", "1.0")
    build_wheel(files, "alpha", "2.0rc1")
    return index_factory(files_dir=files)


@pytest.mark.parametrize("where", ["-r", "-c"])
def test_a_pre_line_allows_pre_releases_in_inspect_as_in_lock_and_pip(tmp_path, capsys, srv, where) -> None:
    req, con = tmp_path / "req.txt", tmp_path / "con.txt"
    req.write_text(("--pre\n" if where == "-r" else "") + "alpha\n")
    con.write_text("--pre\n" if where == "-c" else "")
    files = ["-r", str(req), "-c", str(con)]
    index = ["--isolated", "--index-url", srv.url, "--cache-dir", str(tmp_path / "cache")]
    assert pip_picks(tmp_path, "--index-url", srv.url, *files)["alpha"][0] == "2.0rc1"
    code = main(["lock", *files, *index, "--no-default-scores", "-o", str(tmp_path / "lock.txt")])
    assert code == 0, capsys.readouterr().err
    assert pins_of((tmp_path / "lock.txt").read_text()) == {"alpha": "2.0rc1"}
    db = tmp_path / "results.db"
    code = main(["inspect", *files, *index, "--strategy", "pip", "--max-stacks", "1", "--check", "true",
                 "--network", "allow", "--results", str(db), "-q"])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    with ResultStore(db) as store:
        stacks = [dict(r.stack.pins) for r in store.all()]
    assert stacks == [{"alpha": "2.0rc1"}]


def test_without_a_pre_line_inspect_keeps_to_final_releases(tmp_path, capsys, srv) -> None:
    req = tmp_path / "req.txt"
    req.write_text("alpha\n")
    db = tmp_path / "results.db"
    code = main(["inspect", "-r", str(req), "--isolated", "--index-url", srv.url, "--cache-dir", str(tmp_path / "cache"),
                 "--strategy", "pip", "--max-stacks", "1", "--check", "true", "--network", "allow",
                 "--results", str(db), "-q"])
    assert code == 0, capsys.readouterr().err
    with ResultStore(db) as store:
        assert [dict(r.stack.pins) for r in store.all()] == [{"alpha": "1.0"}]


def test_a_constraint_whose_marker_is_false_here_does_not_narrow_inspect(tmp_path, capsys, srv) -> None:
    """As pip (and ``stackwise lock``) skip it; inspect applied every constraint line."""
    req, con = tmp_path / "req.txt", tmp_path / "con.txt"
    req.write_text("--pre\nalpha\n")
    con.write_text("alpha<2 ; python_version < '3'\n")
    files = ["-r", str(req), "-c", str(con)]
    assert pip_picks(tmp_path, "--index-url", srv.url, *files)["alpha"][0] == "2.0rc1"
    db = tmp_path / "results.db"
    code = main(["inspect", *files, "--isolated", "--index-url", srv.url, "--cache-dir", str(tmp_path / "cache"),
                 "--strategy", "pip", "--max-stacks", "1", "--check", "true", "--network", "allow",
                 "--results", str(db), "-q"])
    assert code == 0, capsys.readouterr().err
    with ResultStore(db) as store:
        assert [dict(r.stack.pins) for r in store.all()] == [{"alpha": "2.0rc1"}]
