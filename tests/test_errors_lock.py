"""Errors a user can act on (issue #18): each a real lock against a real index on 127.0.0.1.

Every case must end with one clear ``stackwise: error:`` paragraph that names what to change,
a non-zero exit, no traceback, and no output file written or directory created.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from stackwise.cli import main
from support import build_wheel, make_index
from support.rawserver import FixedServer, SilentServer


def lock(tmp_path: Path, index_url: str, *args: str, out: Path | None = None) -> tuple[int, Path]:
    out = out if out is not None else tmp_path / "requirements.txt"
    code = main(["lock", *args, "--index-url", index_url, "--isolated", "--cache-dir", str(tmp_path / "cache"),
                 "-o", str(out)])
    return code, out


def failure(code: int, out: Path, capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    err = capsys.readouterr().err
    assert code != 0, err
    assert "Traceback" not in err
    assert err.startswith("stackwise: error: "), err
    assert err.count("stackwise: error:") == 1, err
    for needle in needles:
        assert needle in err, err
    assert not out.exists()
    return err


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


# -- not on the index / conflicts that name their causes ------------------------------------


def test_unknown_project_is_not_on_the_index(tmp_path, seed_index, capsys):
    code, out = lock(tmp_path, seed_index.url, "nosuchpkg")
    err = failure(code, out, capsys, "nosuchpkg is not on the package index", "(from versions: none)",
                  f"{seed_index.url}/nosuchpkg/ (HTTP 404)", "Check the spelling")
    assert "Loosen" not in err


def test_unknown_dependency_names_who_wants_it(tmp_path, index_factory, capsys):
    server = index_factory({"app": {"1.0": ["ghostdep>=1"]}})
    code, out = lock(tmp_path, server.url, "app")
    err = failure(code, out, capsys, "ghostdep is not on the package index", "app==1.0 depends on ghostdep>=1")
    assert "Loosen" not in err


def test_find_links_only_says_where_it_looked(tmp_path, capsys):
    links = make_index(tmp_path / "links", {"lib": {"1.0": []}})
    out = tmp_path / "requirements.txt"
    code = main(["lock", "nosuchpkg", "--no-index", "-f", str(links), "--isolated",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    failure(code, out, capsys, "nosuchpkg is not on the package index", f"find-links {links}")


def test_constraint_conflict_names_the_constraint_and_its_file(tmp_path, seed_index, capsys):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("# shared\ndependency1>=3\n")
    code, out = lock(tmp_path, seed_index.url, "simplelib==1.0", "-c", str(constraints))
    err = failure(code, out, capsys,
                  "simplelib==1.0 depends on dependency1",
                  f"the user requested (constraint) dependency1>=3 ({constraints}:2)",
                  "The index has dependency1 2.0, 1.0; each was ruled out:",
                  f"2.0, 1.0: excluded by the constraint dependency1>=3 ({constraints}:2)")
    # pip's chain and advice stay as they were, around the new lines.
    assert err.index("The conflict is caused by:") < err.index("(constraint)") < err.index("Loosen the range")


def test_exact_pin_that_matches_nothing_is_named(tmp_path, seed_index, capsys):
    code, out = lock(tmp_path, seed_index.url, "simplelib==7")
    failure(code, out, capsys, "the user requested simplelib==7",
            "2.0, 1.0: outside simplelib==7 (required by the user, an exact pin)")


def test_every_removal_rule_is_listed(tmp_path, index_factory, capsys):
    """Range, veto (with its rule id), yanked and Requires-Python: one line per reason."""
    files = make_index(tmp_path / "files", {"app": {"1.0": ["lib>=1"]}, "lib": {"0.9": [], "1.0": [], "1.1": []}})
    build_wheel(files, "lib", "2.0", [], requires_python=">=99")
    server = index_factory(files_dir=files, yanked={"lib-1.1-py3-none-any.whl": "broken build"})
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": "t:lib-1.0", "package": "lib", "specifier": "==1.0", "veto": True, "category": "stability",
         "message": "lib 1.0 loses data", "link": "https://example.org/lib/1", "source": "test"}]}))
    code, out = lock(tmp_path, server.url, "app", "--scores", str(scores), "--no-default-scores")
    err = failure(code, out, capsys,
                  "vetoed: lib==1.0 by rule t:lib-1.0",
                  "The index has lib 2.0, 1.1, 1.0, 0.9; each was ruled out:",
                  "2.0: Requires-Python >=99 excludes the target Python",
                  "1.1: yanked (PEP 592): broken build",
                  "1.0: vetoed by rule t:lib-1.0 (stability: lib 1.0 loses data https://example.org/lib/1)",
                  "0.9: outside lib>=1 (required by app==1.0)")
    assert "Loosen" not in err


def test_requires_python_of_every_release_is_named(tmp_path, index_factory, capsys):
    files = tmp_path / "files"
    files.mkdir()
    build_wheel(files, "modern", "1.0", [], requires_python=">=99")
    build_wheel(files, "modern", "2.0", [], requires_python=">=99")
    server = index_factory(files_dir=files)
    code, out = lock(tmp_path, server.url, "modern")
    failure(code, out, capsys, "The index has modern 2.0, 1.0",
            "2.0, 1.0: Requires-Python >=99 excludes the target Python")


def test_plain_conflict_keeps_pips_chain(tmp_path, index_factory, capsys):
    server = index_factory({"a": {"1.0": ["c>=2"]}, "b": {"1.0": ["c<2"]}, "c": {"1.0": [], "2.0": []}})
    code, out = lock(tmp_path, server.url, "a", "b")
    failure(code, out, capsys, "Cannot find versions of c that satisfy all requirements",
            "a==1.0 depends on c>=2", "b==1.0 depends on c<2", "Loosen the range")


# -- an index that answers with something else ----------------------------------------------


@pytest.mark.parametrize(("body", "ctype", "needle"), [
    (b"\x00\xff<<garbage", "text/html", "binary data"),
    (b"Service temporarily unavailable, try later", "text/html", "text without HTML markup"),
    (b"\x00\x01\x02", "application/vnd.pypi.simple.v1+html", "binary data"),
])
def test_garbage_html_is_not_a_simple_page(tmp_path, capsys, body, ctype, needle):
    with FixedServer(body, content_type=ctype) as server:
        code, out = lock(tmp_path, server.url, "simplelib")
    err = failure(code, out, capsys, "answered", "with something that is not a simple API page", needle,
                  "/simple/simplelib/")
    assert "Loosen" not in err


def test_html_garbage_from_the_fixture_index(tmp_path, index_factory, seed_graph, capsys):
    server = index_factory(seed_graph, fault="garbage", api="html")
    code, out = lock(tmp_path, server.url, "simplelib")
    failure(code, out, capsys, "not a simple API page")


def test_a_web_page_of_links_is_named_as_the_likely_cause(tmp_path, capsys):
    body = b"<html><body><a href='/about'>About</a> <a href='/login'>Log in</a></body></html>"
    with FixedServer(body) as server:
        code, out = lock(tmp_path, server.url, "simplelib")
    failure(code, out, capsys, "simplelib is not on the package index",
            "an HTML page whose links are not distribution files: is this URL a simple API index?")


def test_empty_project_page_is_still_just_no_versions(tmp_path, capsys):
    with FixedServer(b"<!DOCTYPE html><html><body></body></html>") as server:
        code, out = lock(tmp_path, server.url, "simplelib")
    err = failure(code, out, capsys, "simplelib is not on the package index")
    assert "not a simple API page" not in err


# -- output paths ----------------------------------------------------------------------------


def test_output_is_a_directory(tmp_path, seed_index, capsys):
    seed_index.clear_log()
    code = main(["lock", "simplelib", "-i", seed_index.url, "--isolated", "--cache-dir", str(tmp_path / "c"),
                 "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"The lock file {tmp_path} is a directory; give a file name" in err
    assert seed_index.requests_log == []  # refused before any work


def test_output_under_a_file(tmp_path, seed_index, capsys):
    blocker = tmp_path / "notadir"
    blocker.write_text("x")
    code, out = lock(tmp_path, seed_index.url, "simplelib", out=blocker / "requirements.txt")
    failure(code, out, capsys, f"{blocker} is a file, not a directory")
    assert blocker.read_text() == "x"


def test_output_in_a_missing_directory_creates_nothing(tmp_path, seed_index, capsys):
    target = tmp_path / "nonexistent" / "dir" / "x.txt"
    code, out = lock(tmp_path, seed_index.url, "simplelib", out=target)
    failure(code, out, capsys, f"the directory {target.parent} does not exist; create it first")
    assert not (tmp_path / "nonexistent").exists()


def test_report_in_a_missing_directory(tmp_path, seed_index, capsys):
    report = tmp_path / "missing" / "report.json"
    code, out = lock(tmp_path, seed_index.url, "simplelib", "--report", str(report))
    failure(code, out, capsys, "Cannot write the report", "does not exist")
    assert not report.parent.exists()


def test_reused_lock_does_not_recreate_a_removed_directory(tmp_path, seed_index, capsys):
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "requirements.txt"
    assert lock(tmp_path, seed_index.url, "simplelib", out=out)[0] == 0
    out.unlink()
    outdir.rmdir()
    capsys.readouterr()
    code, _ = lock(tmp_path, seed_index.url, "simplelib", out=out)
    failure(code, out, capsys, "does not exist; create it first")
    assert not outdir.exists()


# -- timeouts --------------------------------------------------------------------------------


def test_silent_index_fails_within_the_timeout(tmp_path, capsys):
    with SilentServer() as server:
        start = time.monotonic()
        code, out = lock(tmp_path, server.url, "simplelib", "--timeout", "1.5")
        took = time.monotonic() - start
    failure(code, out, capsys, "no answer within 1.5 seconds", "--timeout 1.5", "PIP_TIMEOUT")
    assert took < 4.0  # one timeout, not one per retry


def test_pip_timeout_variable_is_honoured(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PIP_TIMEOUT", "1")
    with SilentServer() as server:
        start = time.monotonic()
        out = tmp_path / "requirements.txt"
        code = main(["lock", "simplelib", "-i", server.url, "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
        took = time.monotonic() - start
    failure(code, out, capsys, "no answer within 1 second ")
    assert took < 3.5


def test_pip_config_file_timeout_is_honoured(tmp_path, capsys, monkeypatch):
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\ntimeout = 1\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    with SilentServer() as server:
        out = tmp_path / "requirements.txt"
        code = main(["lock", "simplelib", "-i", server.url, "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    failure(code, out, capsys, "no answer within 1 second ")


def test_explicit_timeout_beats_pip_configuration(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PIP_TIMEOUT", "600")
    with SilentServer() as server:
        start = time.monotonic()
        out = tmp_path / "requirements.txt"
        code = main(["lock", "simplelib", "-i", server.url, "--timeout", "1", "--cache-dir", str(tmp_path / "c"),
                     "-o", str(out)])
        took = time.monotonic() - start
    failure(code, out, capsys, "--timeout 1")
    assert took < 3.5


@pytest.mark.parametrize("value", ["0", "-3", "soon", "inf"])
def test_bad_timeout_values(tmp_path, capsys, monkeypatch, value):
    with pytest.raises(SystemExit) as exc:
        main(["lock", "simplelib", "-i", "http://127.0.0.1:9/simple", "--timeout", value])
    assert exc.value.code == 2
    assert "--timeout: must be a positive number of seconds" in capsys.readouterr().err
    monkeypatch.setenv("PIP_TIMEOUT", value)
    out = tmp_path / "requirements.txt"
    code = main(["lock", "simplelib", "-i", "http://127.0.0.1:9/simple", "-o", str(out)])
    failure(code, out, capsys, "pip's configuration sets timeout to", "PIP_TIMEOUT", "positive number of seconds")


def test_refused_connection_retries_quickly_and_says_so(tmp_path, capsys):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    code, out = lock(tmp_path, f"http://127.0.0.1:{port}/simple", "simplelib", "--timeout", "5")
    took = time.monotonic() - start
    failure(code, out, capsys, "could not connect", "3 tries in")
    assert took < 3.0
