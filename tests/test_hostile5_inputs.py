"""Hostile inputs to ``stackwise lock`` and ``stackwise install``: requirements files with a
NUL or a terminal escape in a line, -r chains nested thousands deep, and URLs carrying
credentials in a lock, a requirements file or on the command line (never printed: an
error message ends up in CI logs). In-process CLI runs, real files, closed ports on
127.0.0.1; one error line each, never a traceback.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from stackwise.cli import main
from test_hostile_sweep import one_error


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed once the block ends: connection refused


def _lock(tmp_path: Path, *args: str) -> list[str]:
    return ["lock", *args, "--no-default-scores", "--isolated", "--cache-dir", str(tmp_path / "cache"),
            "-o", str(tmp_path / "out.txt")]


@pytest.mark.parametrize("char", ["\x00", "\x1b[2J", "\x07"])
def test_a_control_character_in_a_requirement_line_never_reaches_the_terminal(tmp_path, capsys, char):
    # packaging's message quotes the line under a caret, as it is
    req = tmp_path / "req.txt"
    req.write_text(f"alpha{char}beta\n")
    code = main(_lock(tmp_path, "-r", str(req), "--no-index"))
    err = one_error(code, capsys.readouterr().err, "invalid requirement")
    assert char[0] not in err, repr(err)
    assert not (tmp_path / "out.txt").exists()


def test_requirements_files_nested_thousands_deep_are_one_error(tmp_path, capsys):
    # Each -r was one more level of recursion: a RecursionError traceback past ~250.
    for i in range(1, 400):
        (tmp_path / f"r{i}.txt").write_text(f"-r r{i + 1}.txt\n")
    (tmp_path / "r400.txt").write_text("alpha\n")
    code = main(_lock(tmp_path, "-r", str(tmp_path / "r1.txt"), "--no-index"))
    one_error(code, capsys.readouterr().err, "requirements files are nested more than 100 deep")


def test_credentials_of_an_index_url_in_a_requirements_file_are_not_printed(tmp_path, capsys):
    req = tmp_path / "req.txt"
    req.write_text(f"--index-url http://user:s3cret@127.0.0.1:{_closed_port()}/simple\nalpha\n")
    code = main(_lock(tmp_path, "-r", str(req), "--timeout", "1"))
    err = one_error(code, capsys.readouterr().err, "http://user:****@127.0.0.1:")
    assert "s3cret" not in err


def test_a_token_as_the_user_name_of_an_index_url_is_not_printed(tmp_path, capsys):
    token = "ghp_" + "x1" * 18
    code = main(_lock(tmp_path, "alpha", "--index-url", f"https://{token}@127.0.0.1:{_closed_port()}/simple",
                      "--timeout", "1"))
    err = one_error(code, capsys.readouterr().err, "https://****@127.0.0.1:")
    assert token not in err


def test_credentials_of_a_file_url_in_a_pylock_are_not_printed(tmp_path, capsys):
    lock = tmp_path / "pylock.toml"
    lock.write_text(
        'lock-version = "1.0"\ncreated-by = "hand"\n[[packages]]\nname = "alpha"\nversion = "1.0"\n'
        'wheels = [{name = "alpha-1.0-py3-none-any.whl", '
        f'url = "http://user:s3cret@127.0.0.1:{_closed_port()}/alpha-1.0-py3-none-any.whl", '
        f'hashes = {{sha256 = "{"a" * 64}"}}}}]\n')
    code = main(["install", str(lock), "--dry-run", "--cache-dir", str(tmp_path / "cache")])
    err = one_error(code, capsys.readouterr().err, "http://user:****@127.0.0.1:")
    assert "s3cret" not in err


_SOURCE = '[[source]]\nname = "p"\nurl = "http://127.0.0.1:9/simple"\nverify_ssl = false\n\n'


def _lock_pipfile(tmp_path: Path, entry: str) -> int:
    """``stackwise lock --format pipfile-lock`` of a Pipfile with one source and ``entry``."""
    pipfile = tmp_path / "Pipfile"
    pipfile.write_text(f"{_SOURCE}[packages]\n{entry}\n")
    return main(["lock", "--format", "pipfile-lock", "-p", str(pipfile), "--cache-dir", str(tmp_path / "cache"),
                 "--no-default-scores", "--isolated"])


@pytest.mark.parametrize("entry", ['beta = {version = "*", extras = 5}', 'beta = {version = "*", extras = [1]}',
                                   'beta = {path = ".", extras = 5}'], ids=["int", "list-of-int", "local-int"])
def test_pipfile_extras_of_the_wrong_type_are_one_error(tmp_path, capsys, entry):
    code = _lock_pipfile(tmp_path, entry)
    one_error(code, capsys.readouterr().err, '[packages] beta: "extras" must be a list of strings.')
    assert not (tmp_path / "Pipfile.lock").exists()


@pytest.mark.parametrize("entry", ['beta = {version = "*", index = [1]}', 'beta = {version = "*", index = 5}'],
                         ids=["list", "int"])
def test_a_pipfile_index_that_is_not_a_source_name_is_one_error(tmp_path, capsys, entry):
    code = _lock_pipfile(tmp_path, entry)
    one_error(code, capsys.readouterr().err, '[packages] beta: "index" must be the name of a [[source]]')
    assert not (tmp_path / "Pipfile.lock").exists()


@pytest.mark.parametrize("entry", ['"al\\u001b[2Jpha" = "*"', '"b\\u001b[2Jx" = {path = "nowhere"}'],
                         ids=["index-package", "local-project"])
def test_a_terminal_escape_in_a_pipfile_package_name_never_reaches_the_terminal(tmp_path, capsys, entry):
    code = _lock_pipfile(tmp_path, entry)
    err = one_error(code, capsys.readouterr().err, "\\x1b[2J")
    assert "\x1b" not in err, repr(err)


def test_a_megabyte_long_project_name_is_not_printed_whole(tmp_path, capsys):
    # A valid PEP 508 name of 200 kB: the "not on the package index" paragraph quoted it several
    # times (a 5 MB name printed 10 MB to the terminal).
    links = tmp_path / "links"
    links.mkdir()
    name = "a" + "b" * 200_000
    code = main(_lock(tmp_path, name, "--no-index", "--find-links", str(links)))
    err = one_error(code, capsys.readouterr().err, "characters left out")
    assert len(err) < 20_000
