"""Requirements-file details where ``stackwise lock`` must read inputs as pip does (real pip, index on 127.0.0.1).

- ``-f DIR`` in a requirements file: pip takes ``DIR`` relative to that file only when it exists
  there, else relative to the current directory (pip's req_file.handle_option); stackwise always
  joined it to the file's directory, so a lock pip makes was refused ("does not exist").
- A comment ending in a backslash: pip joins the next line into the comment (it joins lines
  before it strips comments); stackwise stripped comments first and kept that line.
- A ``name @ file:///dir`` constraint on a local project among the inputs: pip accepts it when it
  names the same directory; stackwise refused every direct-URL constraint. Other URL constraints
  stay refused with a clear error (stackwise locks index releases and the listed local projects).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from local_projects import make_project
from stackwise.cli import main
from support import build_wheel
from support.locks import pins_of
from test_format_control_more import pip_picks


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "own-cache"))
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def url(tmp_path: Path, index_factory: Any) -> str:
    files = tmp_path / "files"
    for v in ("1.0", "2.0"):
        build_wheel(files, "alpha", v)
        build_wheel(files, "gamma", v)
    return index_factory(files_dir=files).url


def locked(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> dict[str, str]:
    capsys.readouterr()
    code = main(["lock", "--no-default-scores", "--no-hashes", "--isolated", "--index-url", url, *args, "-o", "out.txt"])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    return pins_of(Path("out.txt").read_text())


@pytest.mark.parametrize("where", ["cwd", "file"])
def test_find_links_in_a_file_is_read_where_pip_reads_it(tmp_path, capsys, url, where) -> None:
    links = tmp_path / ("links" if where == "cwd" else "sub/links")
    build_wheel(links, "zeta", "1.0")
    (tmp_path / "sub").mkdir(exist_ok=True)
    (tmp_path / "sub" / "r.txt").write_text("-f links\nzeta\n")
    pip = pip_picks(tmp_path, "--index-url", url, "-r", "sub/r.txt")
    assert {n: v for n, (v, _) in pip.items()} == {"zeta": "1.0"}
    assert locked(capsys, url, "-r", "sub/r.txt") == {"zeta": "1.0"}


def test_find_links_relative_to_the_file_wins_when_both_exist(tmp_path, capsys, url) -> None:
    build_wheel(tmp_path / "links", "zeta", "1.0")
    build_wheel(tmp_path / "sub" / "links", "zeta", "2.0")
    (tmp_path / "sub" / "r.txt").write_text("-f links\nzeta\n")
    assert pip_picks(tmp_path, "--index-url", url, "-r", "sub/r.txt")["zeta"][0] == "2.0"
    assert locked(capsys, url, "-r", "sub/r.txt") == {"zeta": "2.0"}


def test_a_comment_ending_in_a_backslash_swallows_the_next_line_as_in_pip(tmp_path, capsys, url) -> None:
    """pip joins continued lines before it strips comments; stackwise stripped comments first and kept gamma."""
    (tmp_path / "r.txt").write_text("alpha<2  # see \\\ngamma\n")
    pip = {n: v for n, (v, _) in pip_picks(tmp_path, "--index-url", url, "-r", "r.txt").items()}
    assert pip == {"alpha": "1.0"}
    assert locked(capsys, url, "-r", "r.txt") == pip


def test_a_file_url_constraint_naming_the_local_project_is_accepted_as_in_pip(tmp_path, capsys, url) -> None:
    make_project(tmp_path / "proj", "proj", "1.0", deps=["alpha<2"])
    (tmp_path / "c.txt").write_text(f"proj @ {(tmp_path / 'proj').as_uri()}\n")
    pip = {n: v for n, (v, _) in pip_picks(tmp_path, "--index-url", url, "./proj", "-c", "c.txt").items()}
    assert pip == {"alpha": "1.0", "proj": "1.0"}
    assert locked(capsys, url, "./proj", "-c", "c.txt") == {"alpha": "1.0"}


@pytest.mark.parametrize("case", ["other-directory", "no-local-project", "other-name-only"])
def test_a_file_url_constraint_that_names_no_listed_project_is_refused(tmp_path, capsys, url, case) -> None:
    make_project(tmp_path / "proj", "proj", "1.0", deps=["alpha<2"])
    make_project(tmp_path / "copy", "proj", "1.0", deps=["alpha<2"])
    target = {"other-directory": "proj @ " + (tmp_path / "copy").as_uri(),
              "no-local-project": "alpha @ " + (tmp_path / "copy").as_uri(),
              "other-name-only": "beta @ " + (tmp_path / "proj").as_uri()}[case]
    (tmp_path / "c.txt").write_text(target + "\n")
    inputs = ["alpha"] if case == "no-local-project" else ["./proj"]
    code = main(["lock", "--no-default-scores", "--isolated", "--index-url", url, "-o", "out.txt", *inputs,
                 "-c", "c.txt"])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err and not (tmp_path / "out.txt").exists()
    assert ("direct URL" in err) and "c.txt:1" in err, err
    if case == "other-directory":
        assert str(tmp_path / "proj") in err, err  # says which directory the local project is


H = "sha256:" + "ab" * 32


@pytest.mark.parametrize("text", [
    f"alpha==1.0 --hash={H}  # see \\\nbeta==2.0 --hash={H}\n",
    f"alpha==1.0 --hash={H} \\ # odd\nbeta==2.0 --hash={H}\n",
    f"alpha==1.0 \\\n# a comment \\\n    --hash={H}\n",
    f"# header \\\nalpha==1.0 --hash={H}\n",
])
def test_the_fast_lock_reader_agrees_with_the_full_one_on_comments_and_continuations(tmp_path, text) -> None:
    """``stackwise install``'s fast reader of plain locks must read as the (now pip-ordered) full reader."""
    from test_installfast_reader import _full, _outcome, _write

    path = _write(tmp_path, text, 0)
    assert _outcome(path) == _full(path)
