"""The user's own rules and overrides (issue #18 item 2): ``[tool.stackwise]``, ``--rules``,
overrides of declared dependencies, and constraints / score files from URLs.

Every test is a real lock against a real fixture index on 127.0.0.1 (or a real loopback HTTP
server for the URL cases), asserting the picks change as the rules say.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stackwise.cli import main

GRAPH = {
    "simplelib": {"1.0": ["dependency1"], "2.0": ["dependency2"]},
    "anotherlib": {"1.0": ["dependency2"], "2.0": ["dependency2"]},
    "dependency1": {"1.0": [], "2.0": []},
    "dependency2": {"1.0": [], "2.0": []},
    # app and tool disagree about lib: unresolvable unless the user overrides one of them.
    "app": {"1.0": ["lib>=2"]},
    "tool": {"1.0": ["lib<2", "extra-dep"]},
    "lib": {"1.0": [], "2.0": []},
    "extra-dep": {"1.0": []},
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from support import IndexServer, make_index

    files = make_index(tmp_path_factory.mktemp("user-rules-index"), GRAPH)
    server = IndexServer(files).start()
    yield server.url
    server.stop()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory, the working directory of the test."""
    root = tmp_path / "proj"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def lock(project: Path, index: str, *args: str) -> tuple[int, dict[str, str], str]:
    out = project / "requirements.txt"
    if out.exists():
        out.unlink()
    code = main(["lock", *args, "-i", index, "--isolated", "--no-default-scores", "--no-reuse",
                 "--cache-dir", str(project.parent / "cache"), "-o", str(out)])
    pins: dict[str, str] = {}
    if out.exists():
        for line in out.read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                name, _, rest = line.partition("==")
                pins[name.strip()] = rest.split()[0]
    return code, pins, ""


def run(capsys: pytest.CaptureFixture[str], project: Path, index: str, *args: str) -> tuple[int, dict[str, str], str]:
    code, pins, _ = lock(project, index, *args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, pins, err


def pyproject(project: Path, body: str) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n\n" + body, encoding="utf-8")


# -- rules from [tool.stackwise] --------------------------------------------------------------


def test_without_rules_pip_picks_newest(capsys, project, index):
    code, pins, _ = run(capsys, project, index, "simplelib==1.0")
    assert code == 0 and pins["dependency1"] == "2.0"


def test_veto_in_pyproject_changes_the_pick_and_says_it_is_yours(capsys, project, index):
    pyproject(project, """
[[tool.stackwise.rules]]
package = "dependency1"
specifier = "==2.0"
veto = true
message = "2.0 corrupts our cache files"
""")
    code, pins, err = run(capsys, project, index, "simplelib==1.0")
    assert code == 0, err
    assert pins["dependency1"] == "1.0"
    assert "2.0 corrupts our cache files (your rule in pyproject.toml)" in err
    assert "[rule user:pyproject.toml#1]" in err
    assert (project / "pyproject.toml").resolve().as_uri() in err  # the default link: where it is written


def test_prefer_and_avoid(capsys, project, index):
    pyproject(project, """
[[tool.stackwise.rules]]
package = "dependency1"
specifier = "==1.0"
score = 0.5
""")
    assert run(capsys, project, index, "simplelib==1.0")[1]["dependency1"] == "1.0"
    pyproject(project, """
[[tool.stackwise.rules]]
package = "dependency2"
specifier = ">=2"
score = -0.7
category = "performance"
""")
    assert run(capsys, project, index, "anotherlib")[1]["dependency2"] == "1.0"
    # under "latest" only vetoes act, so an avoid rule changes nothing there
    assert run(capsys, project, index, "anotherlib", "--recommendation", "latest")[1]["dependency2"] == "2.0"


def test_pair_veto(capsys, project, index):
    pyproject(project, """
[[tool.stackwise.rules]]
package = "anotherlib"
specifier = "==2.0"
with = { package = "dependency2", specifier = "==2.0" }
veto = true
""")
    code, pins, err = run(capsys, project, index, "anotherlib")
    assert code == 0, err
    assert (pins["anotherlib"], pins["dependency2"]) != ("2.0", "2.0")
    assert pins == {"anotherlib": "2.0", "dependency2": "1.0"}


def test_rules_never_bypass_constraints_or_pins(capsys, project, index, tmp_path):
    pyproject(project, """
[[tool.stackwise.rules]]
package = "dependency1"
specifier = "==2.0"
veto = true
""")
    constraints = tmp_path / "c.txt"
    constraints.write_text("dependency1>=2\n")
    code, pins, err = run(capsys, project, index, "simplelib==1.0", "dependency1==2.0")
    assert code == 0 and pins["dependency1"] == "2.0"  # your exact pin wins, with a warning
    assert "warning" in err and "dependency1" in err
    code, _, err = run(capsys, project, index, "simplelib==1.0", "-c", str(constraints))
    assert code != 0 and "stackwise: error:" in err  # the veto removes the only allowed version


def test_rules_found_from_a_subdirectory(capsys, project, index, monkeypatch):
    pyproject(project, """
[[tool.stackwise.rules]]
package = "dependency1"
specifier = "==2.0"
veto = true
""")
    sub = project / "src" / "pkg"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert run(capsys, project, index, "simplelib==1.0")[1]["dependency1"] == "1.0"


def test_rules_files_layer_in_order_and_replace_by_id(capsys, project, index, tmp_path):
    first = tmp_path / "team.toml"
    first.write_text('[[rules]]\nid = "no-dep1-2"\npackage = "dependency1"\nspecifier = "==2.0"\nveto = true\n')
    second = tmp_path / "mine.toml"
    second.write_text('[[rules]]\nid = "no-dep1-2"\npackage = "dependency1"\nscore = 0\n'
                      'message = "withdrawn here"\n')
    assert run(capsys, project, index, "simplelib==1.0", "--rules", str(first))[1]["dependency1"] == "1.0"
    pins = run(capsys, project, index, "simplelib==1.0", "--rules", str(first), "--rules", str(second))[1]
    assert pins["dependency1"] == "2.0"


def test_user_rule_replaces_a_score_file_rule_with_the_same_id(capsys, project, index, tmp_path):
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": "shared", "package": "dependency1", "specifier": "==2.0", "veto": True, "category": "stability",
         "message": "m", "link": "https://example.org/x", "source": "team"}]}))
    assert run(capsys, project, index, "simplelib==1.0", "--scores", str(scores))[1]["dependency1"] == "1.0"
    pyproject(project, '[[tool.stackwise.rules]]\nid = "shared"\npackage = "dependency1"\nscore = 0\n')
    assert run(capsys, project, index, "simplelib==1.0", "--scores", str(scores))[1]["dependency1"] == "2.0"


def test_explain_shows_the_source_user(capsys, project):
    pyproject(project, """
[[tool.stackwise.rules]]
package = "dependency1"
specifier = "==2.0"
veto = true
""")
    assert main(["explain", "dependency1", "--no-default-scores"]) == 0
    out = capsys.readouterr().out
    assert "source: user" in out and "veto" in out


def test_rules_file_named_in_pyproject_and_in_the_environment(capsys, project, index, monkeypatch):
    (project / "ci").mkdir()
    (project / "ci" / "rules.toml").write_text('[[rules]]\npackage = "dependency1"\nspecifier = "==2.0"\nveto = true\n')
    pyproject(project, '[tool.stackwise]\nrules = "ci/rules.toml"\n')  # relative to pyproject.toml
    assert run(capsys, project, index, "simplelib==1.0")[1]["dependency1"] == "1.0"
    (project / "pyproject.toml").unlink()
    monkeypatch.setenv("STACKWISE_RULES", str(project / "ci" / "rules.toml"))
    assert run(capsys, project, index, "simplelib==1.0")[1]["dependency1"] == "1.0"
    monkeypatch.delenv("STACKWISE_RULES")
    monkeypatch.setenv("STACKWISE_OVERRIDES", "lib<2")
    assert run(capsys, project, index, "app", "tool")[1]["lib"] == "1.0"


def test_a_changed_rules_file_is_not_answered_from_the_reused_lock(capsys, project, index, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\npackage = "dependency1"\nspecifier = "==2.0"\nveto = true\n')
    out = project / "requirements.txt"
    argv = ["lock", "simplelib==1.0", "-i", index, "--isolated", "--no-default-scores", "--rules", str(rules),
            "--cache-dir", str(tmp_path / "cache"), "-o", str(out)]
    assert main(argv) == 0 and "dependency1==1.0" in out.read_text()
    assert main(argv) == 0 and "reused the lock" in capsys.readouterr().err
    rules.write_text('[[rules]]\npackage = "dependency1"\nspecifier = "==1.0"\nveto = true\n')
    assert main(argv) == 0
    assert "reused the lock" not in capsys.readouterr().err
    assert "dependency1==2.0" in out.read_text()
    pyproject(project, '[tool.stackwise]\noverrides = ["dependency1<2"]\n')  # a new pyproject.toml counts too
    main(argv)
    assert "reused the lock" not in capsys.readouterr().err


# -- overrides ---------------------------------------------------------------------------


def test_conflict_without_override(capsys, project, index):
    code, _, err = run(capsys, project, index, "app", "tool")
    assert code != 0 and "lib" in err


def test_override_makes_an_unresolvable_set_resolve(capsys, project, index, tmp_path):
    pyproject(project, '[tool.stackwise]\noverrides = ["lib>=2"]\n')
    report = tmp_path / "report.json"
    code, pins, err = run(capsys, project, index, "app", "tool", "--report", str(report))
    assert code == 0, err
    assert pins["lib"] == "2.0"
    assert "lib 2.0 — user override: every dependency on lib is replaced by lib>=2" in err
    assert "pyproject.toml [tool.stackwise]: overrides #1" in err
    data = json.loads(report.read_text())
    assert data["overrides"] == [{"package": "lib", "requirement": "lib>=2",
                                  "origin": f"{project / 'pyproject.toml'} [tool.stackwise]: overrides #1"}]
    entry = next(p for p in data["packages"] if p["name"] == "lib")
    assert entry["override"].startswith("user override:")


def test_override_from_a_rules_file_and_removing_a_dependency(capsys, project, index, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('overrides = ["lib<2", "extra-dep; sys_platform == \'never\'"]\n')
    code, pins, err = run(capsys, project, index, "app", "tool", "--rules", str(rules))
    assert code == 0, err
    assert pins["lib"] == "1.0"
    assert "extra-dep" not in pins  # a marker that never holds drops the dependency


def test_explain_shows_an_override(capsys, project):
    pyproject(project, '[tool.stackwise]\noverrides = ["lib<2"]\n')
    assert main(["explain", "lib", "--no-default-scores"]) == 0
    assert "user override: every dependency on lib is replaced by lib<2" in capsys.readouterr().out
    assert main(["explain", "lib", "--no-default-scores", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["override"].startswith("user override:")


def test_override_does_not_touch_your_own_requirements(capsys, project, index):
    pyproject(project, '[tool.stackwise]\noverrides = ["lib<2"]\n')
    code, pins, _ = run(capsys, project, index, "lib>=2")
    assert code == 0 and pins == {"lib": "2.0"}


# -- errors: file, key, what is wrong; one paragraph, no traceback --------------------------


@pytest.mark.parametrize(("body", "needles"), [
    ('[[tool.stackwise.rules]]\npackage = "x"\nspecfier = "==1"\nveto = true\n',
     ["pyproject.toml [tool.stackwise]: rules: rule #1", "unknown key 'specfier'"]),
    ('[[tool.stackwise.rules]]\npackage = "x"\nscore = 7\n',
     ["rules: rule #1", '"score" must be a number in [-1, 1], got 7']),
    ('[[tool.stackwise.rules]]\npackage = "x"\nveto = true\nsource = "me"\n',
     ["rule #1", "unknown key 'source'", "always have source 'user'"]),
    ('[tool.stackwise]\nrules = 3\n', ["[tool.stackwise]: rules", "must be a list of rule tables"]),
    ('[tool.stackwise]\noverrides = ["lib<<2"]\n', ["[tool.stackwise]: overrides", "entry #1", "not a valid requirement"]),
    ('[tool.stackwise]\noverrides = ["lib @ https://example.org/lib.whl"]\n', ["overrides", "direct URL"]),
    ('[tool.stackwise]\noverides = ["lib<2"]\n', ["unknown setting 'overides'"]),
    ('[tool.stackwise\n', ["pyproject.toml", "not valid TOML"]),
])
def test_bad_pyproject_is_one_clear_error(capsys, project, index, body, needles):
    (project / "pyproject.toml").write_text(body)
    code, pins, err = run(capsys, project, index, "simplelib")
    assert code != 0 and not pins
    assert err.startswith("stackwise: error: ") and err.count("stackwise: error:") == 1, err
    assert str(project / "pyproject.toml") in err
    for needle in needles:
        assert needle in err, err


@pytest.mark.parametrize(("text", "needles"), [
    (None, ["rules file not found"]),
    ("[[rules]]\npackage = 3\n", ["rules: rule #1", '"package" must be a valid project name']),
    ("[settings]\nx = 1\n", ["unknown key 'settings'", "[[rules]] tables and an overrides list"]),
    ("overrides = 'lib<2'\nrules = 'x'\n", ["rules", "must be a list of rule tables"]),
    ("rules = [", ["not valid TOML"]),
])
def test_bad_rules_file_is_one_clear_error(capsys, project, index, tmp_path, text, needles):
    path = tmp_path / "rules.toml"
    if text is not None:
        path.write_text(text)
    code, _, err = run(capsys, project, index, "simplelib", "--rules", str(path))
    assert code != 0
    assert err.startswith("stackwise: error: ") and str(path) in err, err
    for needle in needles:
        assert needle in err, err


# -- constraints and score files from URLs ------------------------------------------------


class FileServer:
    """A loopback HTTP server for a dict of path -> bytes, with ETags; counts requests."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append(self.path)
                body = outer.files.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def files_server() -> Iterator[FileServer]:
    server = FileServer({})
    yield server
    server.stop()


def test_constraints_from_a_url_are_cached_and_revalidated(capsys, project, index, files_server):
    files_server.files["/c.txt"] = b"dependency1<2\n"
    url = f"{files_server.url}/c.txt"
    code, pins, err = run(capsys, project, index, "simplelib==1.0", "-c", url)
    assert code == 0, err
    assert pins["dependency1"] == "1.0"
    assert files_server.requests == ["/c.txt"]
    run(capsys, project, index, "simplelib==1.0", "-c", url)  # inside --cache-ttl: not asked again
    assert len(files_server.requests) == 1
    files_server.files["/c.txt"] = b"dependency1>=2\n"  # changed on the server: revalidation sees it
    code, pins, _ = run(capsys, project, index, "simplelib==1.0", "-c", url, "--cache-ttl", "0")
    assert pins["dependency1"] == "2.0" and len(files_server.requests) == 2


def test_unreachable_url_uses_the_cached_copy_or_fails_clearly(capsys, project, index, files_server, tmp_path):
    files_server.files["/c.txt"] = b"dependency1<2\n"
    url = f"{files_server.url}/c.txt"
    assert run(capsys, project, index, "simplelib==1.0", "-c", url)[0] == 0
    files_server.stop()
    code, pins, err = run(capsys, project, index, "simplelib==1.0", "-c", url, "--cache-ttl", "0")
    assert code == 0 and pins["dependency1"] == "1.0"
    assert "warning: cannot fetch the constraints file" in err and "using the copy cached" in err
    (project.parent / "cache").rename(tmp_path / "old-cache")  # no cached copy any more
    code, _, err = run(capsys, project, index, "simplelib==1.0", "-c", url)
    assert code != 0
    assert err.startswith("stackwise: error: ") and url in err and "no cached copy" in err, err
    files_server.httpd = type("Stopped", (), {"shutdown": lambda s: None, "server_close": lambda s: None})()


def test_url_inside_a_requirements_file_is_read_and_never_reused(capsys, project, index, files_server, tmp_path):
    files_server.files["/shared/c.txt"] = b"-c more.txt\n"  # relative to the URL it is in
    files_server.files["/shared/more.txt"] = b"dependency1<2\n"
    req = project / "req.in"
    req.write_text(f"simplelib==1.0\n-c {files_server.url}/shared/c.txt\n")
    out = project / "requirements.txt"
    argv = ["lock", "-r", str(req), "-i", index, "--isolated", "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(out)]
    for _ in range(2):
        assert main(argv) == 0
        err = capsys.readouterr().err
        assert "Traceback" not in err and "reused the lock" not in err, err
        assert "dependency1==1.0" in out.read_text()
    assert files_server.requests == ["/shared/c.txt", "/shared/more.txt"]  # the second run: from the cache


def test_missing_file_on_the_server(capsys, project, index, files_server):
    code, _, err = run(capsys, project, index, "simplelib", "-c", f"{files_server.url}/nope.txt")
    assert code != 0 and "HTTP 404" in err and "no cached copy" in err


def test_plain_http_is_refused_beyond_this_machine(capsys, project, index):
    code, _, err = run(capsys, project, index, "simplelib", "-c", "http://10.255.255.1/c.txt")
    assert code != 0 and "only over https://" in err


def test_score_file_from_a_url(capsys, project, index, files_server):
    doc = {"format": "stackwise-scores", "version": 1, "rules": [
        {"package": "dependency1", "specifier": "==2.0", "veto": True, "category": "stability",
         "message": "team veto", "link": "https://example.org/x", "source": "team"}]}
    files_server.files["/kb/scores.json"] = json.dumps(doc).encode()
    code, pins, err = run(capsys, project, index, "simplelib==1.0", "--scores", f"{files_server.url}/kb/scores.json")
    assert code == 0, err
    assert pins["dependency1"] == "1.0" and "team veto" in err


def test_invalid_score_file_from_a_url_is_named_and_not_cached(capsys, project, index, files_server):
    files_server.files["/scores.json"] = b'{"format": "stackwise-scores", "version": 1, "rules": [{"package": 3}]}'
    url = f"{files_server.url}/scores.json"
    code, _, err = run(capsys, project, index, "simplelib", "--scores", url)
    assert code != 0 and f"{url}:rule #1" in err, err
    assert not list((project.parent / "cache" / "urls-v1").glob("*.body"))


def test_downloads_are_bounded(files_server, tmp_path):
    from stackwise.errors import StackwiseError
    from stackwise.urlfiles import fetch_url

    files_server.files["/big.txt"] = b"x" * 5000
    with pytest.raises(StackwiseError, match="over the 1.0 KiB limit"):
        fetch_url(f"{files_server.url}/big.txt", what="constraints file", cache_dir=tmp_path, max_bytes=1024)
    path = fetch_url(f"{files_server.url}/big.txt", what="constraints file", cache_dir=tmp_path)
    assert path.read_bytes() == b"x" * 5000


# -- the pip entry point: --rules and [tool.stackwise] in `stackwise pip install` ------------


def test_pip_entry_point_takes_rules(tmp_path, index):
    from stackwise.integrations.pip_resolver import options_from_args, split_args
    from test_pip_integration import Venv, report_pins

    ours, rest = split_args(["install", "--rules", "r.toml", "x"])
    assert rest == ["install", "x"] and options_from_args(ours).rules == ["r.toml"]
    venv = Venv(tmp_path / "venv")
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rules]]\npackage = "dependency1"\nspecifier = "==2.0"\nveto = true\n')
    report = tmp_path / "report.json"
    args = ("pip", "install", "--dry-run", "-q", "--report", str(report), "-i", index, "--no-default-scores",
            "simplelib==1.0")
    venv.stackwise(*args)
    assert report_pins(report)["dependency1"] == "2.0"  # pip's own pick
    proc = venv.stackwise(*args, "--rules", str(rules))
    assert report_pins(report)["dependency1"] == "1.0", proc.stderr
    # the project's [tool.stackwise] applies too (pip runs in the project directory)
    (tmp_path / "pyproject.toml").write_text('[[tool.stackwise.rules]]\npackage = "dependency1"\n'
                                             'specifier = "==2.0"\nveto = true\n')
    venv.stackwise(*args)
    assert report_pins(report)["dependency1"] == "1.0"


# -- any bad value: a StackwiseError, never anything else ------------------------------------
_toml_values = st.recursive(
    st.none().map(lambda _: "") | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20) | st.sampled_from(["x", "==1", ">=2", "lib<2", "stability", "https://e.org/x"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["package", "specifier", "veto", "score", "with", "category", "id", "link", "x"]),
        children, max_size=5),
    max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=_toml_values, overrides=_toml_values)
def test_random_rules_and_overrides_only_raise_stackwise_errors(rules, overrides):
    from stackwise.config import Settings, _apply
    from stackwise.errors import StackwiseError

    for key, value in (("rules", rules), ("overrides", overrides)):
        try:
            _apply(Settings(), {key: value}, "/p/pyproject.toml [tool.stackwise]", Path("/p"))
        except StackwiseError as exc:
            assert str(exc).startswith("/p/"), exc
