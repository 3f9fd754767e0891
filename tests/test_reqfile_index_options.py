"""A requirements file's index lines against the command line's, as real pip applies them.

Why: pip builds its finder from the command line, then each requirements file's option lines
change it, so a file's ``--index-url`` replaces the one given on the command line. Before,
stackwise let the command line win and locked from an index pip would not look at.
Two fixture indexes on 127.0.0.1: ``old`` lists alpha 1.0, ``new`` lists alpha 2.0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stackwise.cli import main
from support import IndexServer, build_wheel
from support.locks import pins_of


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    old, new = tmp_path_factory.mktemp("old-index"), tmp_path_factory.mktemp("new-index")
    build_wheel(old, "alpha", "1.0")
    build_wheel(new, "alpha", "2.0")
    with IndexServer(old) as a, IndexServer(new) as b:
        yield a.url, b.url


def pip_version(tmp_path: Path, *args: str) -> str:
    report = tmp_path / "report.json"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    environ.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
                   PIP_CACHE_DIR=str(tmp_path / "pip-cache"))
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q",
                           "--report", str(report), *args], capture_output=True, text=True, env=environ,
                          cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (item,) = json.loads(report.read_text())["install"]
    return str(item["metadata"]["version"])


@pytest.mark.parametrize("flag", ["-r", "-c"])
def test_a_files_index_url_wins_over_the_command_lines_as_in_pip(tmp_path, capsys, indexes, flag) -> None:
    old, new = indexes
    listed = tmp_path / "reqs.txt"
    listed.write_text(f"--index-url {new}\n" + ("alpha\n" if flag == "-r" else ""))
    args = ["--index-url", old, flag, str(listed), *(("alpha",) if flag == "-c" else ())]
    expected = pip_version(tmp_path, *args)
    assert expected == "2.0"
    out = tmp_path / "lock.txt"
    code = main(["lock", *args, "--isolated", "--no-default-scores", "--cache-dir", str(tmp_path / "cache"),
                 "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert pins_of(out.read_text()) == {"alpha": expected}


def test_the_command_lines_index_url_applies_when_no_file_names_one(tmp_path, capsys, indexes) -> None:
    old, _ = indexes
    listed = tmp_path / "reqs.txt"
    listed.write_text("alpha\n")
    expected = pip_version(tmp_path, "--index-url", old, "-r", str(listed))
    out = tmp_path / "lock.txt"
    code = main(["lock", "--index-url", old, "-r", str(listed), "--isolated", "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert pins_of(out.read_text()) == {"alpha": expected} == {"alpha": "1.0"}
