"""Hostile inputs found by a robustness sweep: each once gave a traceback, a hang, a silent
wrong result or a destroyed file. Real components only: a real lock, real files, real
servers on 127.0.0.1. Every failure must be one ``stackwise: error:`` paragraph and a
non-zero exit; what the user pointed an output at must still be what it was.
"""

from __future__ import annotations

import gzip
import os
import stat
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from stackwise.cli import main
from support import make_index
from support.rawserver import serve_in_thread

GRAPH = {"alpha": {"1.0": ["beta>=1"], "2.0": ["beta>=2"]}, "beta": {"1.0": [], "2.0": []}}
DEEP_TOML = 'lock-version = "1.0"\nx = ' + "[" * 5000 + "]" * 5000 + "\n"


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_index(tmp_path_factory.mktemp("links"), GRAPH)


def lock_args(links: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["lock", *extra, "-f", str(links), "--no-index", "--isolated", "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache")]


def one_error(code: int, err: str, *needles: str) -> str:
    assert code != 0, err
    assert "Traceback" not in err, err
    assert "stackwise: error: " in err, err
    assert err.count("stackwise: error:") == 1, err
    for needle in needles:
        assert needle in err, err
    return err


def run_cli(args: list[str], *, cwd: Path, timeout: float = 60,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a child process: a hang fails the test instead of the suite."""
    return subprocess.run([sys.executable, "-m", "stackwise", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


# -- output files: devices, pipes and links are written to, never replaced ------------------


def test_output_to_a_fifo_is_written_into_not_replaced(links, tmp_path):
    fifo = tmp_path / "lock.fifo"
    os.mkfifo(fifo)
    for _ in range(2):  # the second run replays the remembered lock: it must not read the pipe
        got: list[bytes] = []
        reader = threading.Thread(target=lambda got=got: got.append(fifo.read_bytes()), daemon=True)
        reader.start()
        proc = run_cli(lock_args(links, tmp_path, "alpha", "-o", str(fifo)), cwd=tmp_path, timeout=60)
        reader.join(10)
        assert proc.returncode == 0, proc.stderr
        assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the pipe was replaced by a regular file"
        assert got and b"alpha==2.0" in got[0]


def test_output_through_a_symlink_writes_the_linked_file(links, tmp_path, capsys):
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    link = tmp_path / "requirements.txt"
    link.symlink_to(real)
    assert main(lock_args(links, tmp_path, "alpha", "-o", str(link))) == 0, capsys.readouterr().err
    assert link.is_symlink()
    assert "alpha==2.0" in real.read_text()


# -- requirements files ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_requirements_file_with_a_byte_order_mark(links, tmp_path, capsys, encoding):
    # pip reads these (Windows editors write them); the mark is not part of the first name
    req = tmp_path / "requirements.in"
    req.write_bytes("alpha<2\n".encode(encoding))
    out = tmp_path / "requirements.txt"
    assert main(lock_args(links, tmp_path, "-r", str(req), "-o", str(out))) == 0, capsys.readouterr().err
    assert "alpha==1.0" in out.read_text()


def test_a_huge_invalid_requirement_line_gives_a_short_message(links, tmp_path, capsys):
    req = tmp_path / "requirements.in"
    req.write_text("[" * 200_000 + "\n")
    code = main(lock_args(links, tmp_path, "-r", str(req)))
    err = one_error(code, capsys.readouterr().err, "invalid requirement", "200000 characters")
    assert len(err) < 2000


# -- configuration values that overflowed ---------------------------------------------------


@pytest.mark.parametrize("line", ["scores-deadline = inf", "scores-timeout = 1e300", "scores-retries = 1e400",
                                  "scores-connect-timeout = inf"])
def test_config_values_too_large_for_a_timer_are_refused(links, tmp_path, monkeypatch, capsys, line):
    config = tmp_path / "config.toml"
    config.write_text(line + "\n")
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", str(config))
    code = main(lock_args(links, tmp_path, "alpha"))
    one_error(code, capsys.readouterr().err, line.split(" ")[0])


def test_environment_deadline_of_infinity_is_refused(links, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STACKWISE_SCORES_DEADLINE", "inf")
    one_error(main(lock_args(links, tmp_path, "alpha")), capsys.readouterr().err, "STACKWISE_SCORES_DEADLINE")


@pytest.mark.parametrize("flag", ["--cache-ttl", "--scores-ttl"])
def test_nan_ttl_is_refused(links, tmp_path, capsys, flag):
    # NaN compares false with everything: it silently meant "never fresh" or "always fresh"
    one_error(main(lock_args(links, tmp_path, "alpha", flag, "nan")), capsys.readouterr().err, "nan")


# -- TOML and JSON nested deeper than the parser's recursion limit --------------------------


def test_deeply_nested_toml_everywhere_toml_is_read(links, tmp_path, monkeypatch, capsys):
    deep = tmp_path / "deep.toml"
    deep.write_text(DEEP_TOML)
    pylock = tmp_path / "pylock.toml"
    pylock.write_text(DEEP_TOML)
    one_error(main(["install", str(pylock), "--dry-run", "--no-index"]), capsys.readouterr().err, "not valid TOML")
    one_error(main(lock_args(links, tmp_path, "alpha", "--rules", str(deep))), capsys.readouterr().err,
              "not valid TOML")
    one_error(main(["kb", "check", str(deep)]), capsys.readouterr().err, "not valid TOML")
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", str(deep))
    one_error(main(lock_args(links, tmp_path, "alpha")), capsys.readouterr().err, "not valid TOML")
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pipfile").write_text(DEEP_TOML)
    monkeypatch.chdir(project)
    one_error(main(lock_args(links, tmp_path, "--format", "pipfile-lock")), capsys.readouterr().err,
              "not valid TOML")
    (project / "Pipfile").unlink()
    (project / "pyproject.toml").write_text(DEEP_TOML)  # [tool.stackwise] is read from here
    one_error(main(lock_args(links, tmp_path, "alpha")), capsys.readouterr().err, "not valid TOML")


@pytest.mark.parametrize("body", ['{"default":' + "[" * 100_000 + "]" * 100_000 + "}",
                                  '{"_meta": {"pipfile-spec": ' + "9" * 5000 + '}, "default": {}}'],
                         ids=["nested", "long-integer"])
def test_pipfile_lock_json_the_parser_refuses(tmp_path, capsys, body):
    lock = tmp_path / "Pipfile.lock"
    lock.write_text(body)
    one_error(main(["install", str(lock), "--dry-run", "--no-index"]), capsys.readouterr().err, "not valid JSON")


def test_inspection_results_file_nested_too_deeply(tmp_path, capsys):
    results = tmp_path / "results.json"
    results.write_text("[" * 100_000 + "]" * 100_000)
    one_error(main(["learn", str(results), "--cache-dir", str(tmp_path / "cache")]), capsys.readouterr().err,
              "not valid JSON")


def test_osv_advisory_nested_too_deeply_is_skipped(tmp_path, capsys):
    advisories = tmp_path / "advisories"
    advisories.mkdir()
    (advisories / "PYSEC-0000-1.json").write_text("[" * 100_000 + "]" * 100_000)
    code = main(["kb", "import-osv", str(advisories), "-o", str(tmp_path / "osv.json")])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "PYSEC-0000-1.json: not valid JSON" in err, err
    assert code in (0, 1)


# -- an index (or service) that misbehaves on purpose --------------------------------------


class Hostile:
    """An HTTP server on 127.0.0.1 whose first path segment picks the misbehaviour."""

    def __init__(self) -> None:
        # Compressed once, before any request: compressing 100 MB inside the handler took longer
        # than the client's 2 s answer timeout on a loaded machine (the test then saw a timeout).
        bomb = gzip.compress(b"<a>" * (100 * 1024 * 1024 // 3))

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _send(self, body: bytes, ctype: str, *headers: tuple[str, str]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                mode = self.path.split("/")[1]
                try:
                    if mode == "deep":
                        self._send(b'{"meta": {"api-version": "1.0"}, "files": ' + b"[" * 100_000 + b"]" * 100_000
                                   + b"}", "application/vnd.pypi.simple.v1+json")
                    elif mode == "links":
                        self._send(b"<html><body>" + b"<a>" * 1_100_000, "text/html")
                    elif mode == "gzip":
                        self._send(bomb, "text/html",
                                   ("Content-Encoding", "gzip"))
                    elif mode == "endless":
                        self.send_response(200)
                        self.send_header("Content-Type", "text/html")
                        self.send_header("Content-Length", str(10**12))
                        self.end_headers()
                        chunk = b"<a href='x'>" * 10_000
                        while True:
                            self.wfile.write(chunk)
                    elif mode == "trickle":
                        self.send_response(200)
                        self.send_header("Content-Type", "text/html")
                        self.send_header("Content-Length", "100000")
                        self.end_headers()
                        for _ in range(100_000):
                            self.wfile.write(b"<")
                            self.wfile.flush()
                            time.sleep(0.25)
                except OSError:
                    pass  # the client hung up: what it should do

        self.httpd = serve_in_thread(Handler)

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{mode}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def hostile():
    server = Hostile()
    yield server
    server.close()


@pytest.mark.parametrize(("mode", "needle", "limit"), [
    ("deep", "not a valid simple-API JSON document", 30),
    ("links", "more than 1,000,000 links", 30),
    ("gzip", "larger than 64 MiB", 30),
    ("endless", "larger than 64 MiB", 30),
    ("trickle", "no answer within 2 seconds", 30),
])
def test_an_index_answer_that_never_ends_or_cannot_be_parsed(hostile, tmp_path, mode, needle, limit):
    start = time.monotonic()
    proc = run_cli(["lock", "alpha", "-i", f"{hostile.url(mode)}/simple", "--isolated", "--no-default-scores",
                    "--timeout", "2", "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")],
                   cwd=tmp_path, timeout=120)
    one_error(proc.returncode, proc.stderr, needle)
    assert time.monotonic() - start < limit
    assert not (tmp_path / "out.txt").exists()


def test_learn_from_a_service_answering_nested_json(hostile, tmp_path, capsys):
    one_error(main(["learn", hostile.url("deep"), "--cache-dir", str(tmp_path / "cache")]),
              capsys.readouterr().err, "not JSON")


def test_learn_from_a_trickling_service_stops_at_its_timeout(hostile):
    from stackwise.inspect.store import PublishError, fetch_results

    got: list[BaseException] = []

    def fetch() -> None:
        try:
            fetch_results(hostile.url("trickle"), timeout=2)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            got.append(exc)

    worker = threading.Thread(target=fetch, daemon=True)  # a hang must fail the test, not stall it
    worker.start()
    worker.join(15)
    assert not worker.is_alive(), "fetch_results ignored its timeout while the server trickled"
    assert isinstance(got[0], PublishError) and "took longer than 2 s" in str(got[0]), got


# -- JSON that parses but is not text: a lone UTF-16 surrogate -------------------------------

SURROGATE_RULES = ('{"format": "stackwise-scores", "version": 1, "rules": [{"id": "s\\ud800", "package": "alpha", '
                   '"specifier": "==2.0", "score": -0.5, "category": "stability", "message": "bad \\ud800", '
                   '"link": "https://example.org/x", "source": "s"}]}')


@pytest.mark.parametrize("command", [["explain", "alpha", "--no-default-scores"], ["kb", "stats"],
                                     ["serve", "--database", "{db}", "import"]])
def test_a_score_file_with_a_lone_surrogate_is_refused_where_it_is_read(tmp_path, capsys, command):
    scores = tmp_path / "scores.json"
    scores.write_text(SURROGATE_RULES)
    args = [a.replace("{db}", str(tmp_path / "kb.sqlite3")) for a in command]
    args += [str(scores)] if command[0] != "explain" else ["--scores", str(scores)]
    one_error(main(args), capsys.readouterr().err, "\\ud800", "surrogate")


def test_the_service_answers_400_to_bodies_it_cannot_store_or_convert(tmp_path):
    import requests

    from stackwise.server.runner import ServerThread
    from stackwise.server.storage import open_storage

    storage = open_storage("sqlite://" + str(tmp_path / "kb.sqlite3"))
    token = storage.create_token("sweep")
    try:
        with ServerThread(storage) as server:
            auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            for path, body in [("/v1/rules", SURROGATE_RULES),  # was a 500 from SQLite
                               ("/v1/query", '{"packages": [' + "9" * 5000 + "]}")]:  # was a 500
                answer = requests.post(server.url + path, data=body.encode(), headers=auth, timeout=30)
                assert answer.status_code == 400, (path, answer.text)
                assert "not valid" in answer.json()["error"]
            assert requests.get(server.url + "/v1/packages/alpha", timeout=30).json()["rules"] == []
    finally:
        storage.close()


def test_an_over_long_rule_id_is_refused_by_files_and_by_the_service(tmp_path, capsys):
    """A rule id is printed in every decision line: a 100,000-character one is refused where a
    score file or a service write is read, with a short message."""
    import requests

    from stackwise.server.runner import ServerThread
    from stackwise.server.storage import open_storage

    body = ('{"format": "stackwise-scores", "version": 1, "rules": [{"id": "' + "x" * 100_000 + '", '
            '"package": "alpha", "specifier": "==2.0", "score": -0.5, "category": "stability", '
            '"message": "m", "link": "https://example.org/x", "source": "s"}]}')
    scores = tmp_path / "scores.json"
    scores.write_text(body)
    err = one_error(main(["kb", "stats", str(scores)]), capsys.readouterr().err, "characters long")
    assert len(err) < 2000
    storage = open_storage("sqlite://" + str(tmp_path / "kb.sqlite3"))
    token = storage.create_token("sweep")
    try:
        with ServerThread(storage) as server:
            auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            answer = requests.post(server.url + "/v1/rules", data=body.encode(), headers=auth, timeout=30)
            assert answer.status_code in (400, 422), answer.text[:300]
            assert "characters long" in answer.json()["error"] and len(answer.text) < 5000
            assert requests.get(server.url + "/v1/packages/alpha", timeout=30).json()["rules"] == []
    finally:
        storage.close()


# -- Ctrl-C while a universal lock waits on a silent index -----------------------------------


@pytest.mark.parametrize("fmt", ["requirements", "pipfile-lock"])
def test_ctrl_c_ends_a_universal_lock_at_once(tmp_path, fmt):
    import signal

    from support.rawserver import SilentServer

    with SilentServer() as silent:
        (tmp_path / "Pipfile").write_text(f'[[source]]\nname = "x"\nurl = "{silent.url}"\nverify_ssl = false\n\n'
                                          '[packages]\nalpha = "*"\n')
        args = ["lock", "--universal", "--isolated", "--no-default-scores", "--timeout", "60",
                "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.lock"), "--format", fmt]
        args += ["-p", str(tmp_path / "Pipfile")] if fmt == "pipfile-lock" else ["alpha", "-i", silent.url]
        proc = subprocess.Popen([sys.executable, "-m", "stackwise", *args], cwd=tmp_path, stderr=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + 30
        while silent.accepted == 0 and time.monotonic() < deadline:  # the lock is waiting on the index
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        start = time.monotonic()
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("Ctrl-C waited for the index's timeout (prefetch threads were joined)")
    assert proc.returncode == 130, err
    assert time.monotonic() - start < 10
    assert "Traceback" not in err and "interrupted" in err
    assert not (tmp_path / "out.lock").exists()


# -- requirements and pins that parse but failed deep inside ---------------------------------


@pytest.mark.parametrize(("requirement", "needle"), [
    ("alpha ; platform_release ~= 'x'", "marker cannot be evaluated"),  # ~= needs a version
    ("alpha>=" + "9" * 5000, "more digits"),  # Python converts at most 4300 digits to an int
])
def test_requirements_that_parse_but_cannot_be_used(links, tmp_path, capsys, requirement, needle):
    one_error(main(lock_args(links, tmp_path, requirement)), capsys.readouterr().err, needle)


def test_a_lock_pinning_a_version_with_too_many_digits(links, tmp_path, capsys):
    big = "9" * 5000
    pylock = tmp_path / "pylock.toml"
    pylock.write_text(f'lock-version = "1.0"\ncreated-by = "x"\n\n[[packages]]\nname = "alpha"\nversion = "{big}"\n'
                      'wheels = [{name = "alpha-1.0-py3-none-any.whl", url = "file:///nowhere/alpha-1.0-py3-none-any'
                      '.whl", hashes = {sha256 = "00"}}]\n')
    code = main(["install", str(pylock), "--dry-run", "--no-index", "-f", str(links),
                 "--cache-dir", str(tmp_path / "cache")])
    one_error(code, capsys.readouterr().err, "not a valid version")


def test_inspect_refuses_a_nan_timeout_before_building_anything(links, tmp_path, capsys):
    code = main(["inspect", "alpha", "--timeout", "nan", "-f", str(links), "--no-index",
                 "--results", str(tmp_path / "results.db"), "--cache-dir", str(tmp_path / "cache")])
    err = one_error(code, capsys.readouterr().err, "must be positive")
    assert "chosen" not in err


# -- the score service's administration commands ---------------------------------------------


def test_keys_init_into_a_path_that_is_a_file(tmp_path, capsys):
    pytest.importorskip("tuf")
    in_the_way = tmp_path / "keys"
    in_the_way.write_text("not a directory\n")
    code = main(["serve", "--database", str(tmp_path / "kb.sqlite3"), "keys", "init", "--keys", str(in_the_way)])
    one_error(code, capsys.readouterr().err, "Cannot create the keys directory", str(in_the_way))
    assert in_the_way.read_text() == "not a directory\n"


def test_a_missing_tls_file_is_named(tmp_path, capsys):
    missing = tmp_path / "nowhere.pem"
    code = main(["serve", "--database", str(tmp_path / "kb.sqlite3"), "--port", "0", "--ssl-certfile", str(missing)])
    one_error(code, capsys.readouterr().err, f"TLS: {missing}: no such file")


# -- a score cache file damaged on disk ------------------------------------------------------


def test_cache_info_and_clear_with_a_damaged_score_cache(tmp_path, capsys):
    service = tmp_path / "cache" / "scores-v1" / "127.0.0.1_1-000000000000"
    (service / "packages").mkdir(parents=True)
    (service / "service.json").write_text("[" * 100_000 + "]" * 100_000)
    assert main(["cache", "info", "--cache-dir", str(tmp_path / "cache")]) == 0, capsys.readouterr().err
    assert "Traceback" not in capsys.readouterr().err
    assert main(["cache", "clear", "--cache-dir", str(tmp_path / "cache")]) == 0, capsys.readouterr().err


MARKER_NEVER_EVALUATES = "platform_release ~= 'x'"  # parses; ~= then needs a version in every evaluation


def test_markers_that_never_evaluate_in_every_place_a_user_writes_one(links, tmp_path, monkeypatch, capsys):
    one_error(main(lock_args(links, tmp_path, "alpha", "--universal", "--environment", MARKER_NEVER_EVALUATES)),
              capsys.readouterr().err, "--environment")
    rules = tmp_path / "rules.toml"
    rules.write_text(f'overrides = ["beta ; {MARKER_NEVER_EVALUATES}"]\n')
    one_error(main(lock_args(links, tmp_path, "alpha", "--rules", str(rules))), capsys.readouterr().err,
              "overrides", "marker cannot be evaluated")
    (tmp_path / "Pipfile").write_text(f'[[source]]\nname = "x"\nurl = "{links.as_uri()}"\nverify_ssl = false\n\n'
                                      f'[packages]\nalpha = {{version = "*", markers = "{MARKER_NEVER_EVALUATES}"}}\n')
    monkeypatch.chdir(tmp_path)
    one_error(main(lock_args(links, tmp_path, "--format", "pipfile-lock")), capsys.readouterr().err,
              "marker cannot be evaluated")


# -- a device that never ends, named as an input file ----------------------------------------


def _capped_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))  # a MemoryError, not the machine's memory


@pytest.mark.parametrize("args", [["lock", "-r", "/dev/zero"], ["lock", "alpha", "-c", "/dev/zero"],
                                  ["lock", "alpha", "--scores", "/dev/zero"], ["lock", "alpha", "--rules", "/dev/zero"]],
                         ids=["requirements", "constraints", "scores", "rules"])
def test_an_endless_device_as_an_input_file(links, tmp_path, args):
    proc = subprocess.run([sys.executable, "-m", "stackwise", *args, "-f", str(links), "--no-index", "--isolated",
                           "--no-default-scores", "--cache-dir", str(tmp_path / "cache")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, preexec_fn=_capped_memory)
    one_error(proc.returncode, proc.stderr, "/dev/zero", "device or pipe")


def test_requirements_from_a_pipe_still_work(links, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "stackwise", "lock", "-r", "/dev/stdin", "-f", str(links),
                           "--no-index", "--isolated", "--no-default-scores", "--cache-dir", str(tmp_path / "cache")],
                          cwd=tmp_path, input="alpha<2\n", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "alpha==1.0" in proc.stdout


def test_report_and_lock_in_the_same_file_is_refused(links, tmp_path, capsys):
    out = tmp_path / "requirements.txt"
    out.write_text("# the previous lock\n")
    code = main(lock_args(links, tmp_path, "alpha", "-o", str(out), "--report", str(tmp_path / "." / out.name)))
    one_error(code, capsys.readouterr().err, "same file")
    assert out.read_text() == "# the previous lock\n"  # was silently replaced by the JSON report


@pytest.mark.parametrize("source", ["flag", "environment"])
def test_a_cuda_version_that_is_not_a_version_is_refused(links, tmp_path, monkeypatch, capsys, source):
    # it silently made every CUDA rule "not hold"; 5000 digits were a traceback
    for bad in ("garbage", "9" * 5000):
        if source == "flag":
            args = lock_args(links, tmp_path, "alpha", "--cuda-version", bad)
        else:
            monkeypatch.setenv("STACKWISE_CUDA_VERSION", bad)
            args = lock_args(links, tmp_path, "alpha")
        one_error(main(args), capsys.readouterr().err, "CUDA version", "not a version")
