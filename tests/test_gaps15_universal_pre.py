"""``stackwise lock --universal`` honours a ``--pre`` line of its ``-r``/``-c`` files, as pip and ``lock`` do.

Why: the universal resolver rebuilt its inputs per environment without the files' ``--pre``, so
it pinned alpha 2.0 where pip (and a plain ``stackwise lock``) take 3.0b1.
Fixture index on 127.0.0.1: alpha 1.0, 2.0 and 3.0b1.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stackwise.cli import main
from support import IndexServer, build_wheel
from support.locks import pins_of
from test_format_control_more import pip_picks


@pytest.fixture
def srv(tmp_path: Path, index_factory: Callable[..., IndexServer]) -> IndexServer:
    files = tmp_path / "files"
    for v in ("1.0", "2.0", "3.0b1"):
        build_wheel(files, "alpha", v)
    return index_factory(files_dir=files)


@pytest.mark.parametrize("where", ["-r", "-c"])
def test_a_pre_line_allows_pre_releases_in_a_universal_lock(tmp_path, capsys, srv, where) -> None:
    req, con = tmp_path / "req.txt", tmp_path / "con.txt"
    req.write_text(("--pre\n" if where == "-r" else "") + "alpha\n")
    con.write_text("--pre\n" if where == "-c" else "")
    files = ["-r", str(req), "-c", str(con)]
    assert pip_picks(tmp_path, "--index-url", srv.url, *files)["alpha"][0] == "3.0b1"
    out = tmp_path / "lock.txt"
    code = main(["lock", *files, "--universal", "--isolated", "--index-url", srv.url, "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert pins_of(out.read_text()) == {"alpha": "3.0b1"}


def test_without_a_pre_line_a_universal_lock_keeps_to_final_releases(tmp_path, capsys, srv) -> None:
    out = tmp_path / "lock.txt"
    code = main(["lock", "alpha", "--universal", "--isolated", "--index-url", srv.url, "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert pins_of(out.read_text()) == {"alpha": "2.0"}
