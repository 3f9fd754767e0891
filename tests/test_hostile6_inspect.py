"""Hostile limits, outputs and services for ``stackwise inspect`` and ``learn``, and a race in
the check's measuring parent.

A --timeout, --memory-limit or --cpu-limit past what a timer or an rlimit holds passed the
checks and crashed every inspection inside the runner ("OverflowError: timeout is too
large", "Exception occurred in preexec_fn"), each stored as a result. A check ending as its
timeout fired killed the measuring parent itself with a ProcessLookupError: stored as the
*stack's* failure (exit status 1, signature "ProcessLookupError"), reproducible with short
timeouts, so ``learn`` could have turned stackwise's own crash into a veto. ``inspect list
--limit`` past SQLite's integers, and a service answering ``--publish`` with JSON nested
100,000 deep, were tracebacks; ``learn -o DIR`` failed only after all its probes.
Real processes, real HTTP on 127.0.0.1, the CLI in-process, the runner's own measuring script.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.inspect.runner import _MEASURE
from support import make_index
from test_hostile_sweep import one_error


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_index(tmp_path_factory.mktemp("links"), {"alpha": {"1.0": []}})


@pytest.mark.parametrize("option,value", [("--timeout", "1e7"), ("--timeout", "inf"),
                                          ("--memory-limit", str(2**43)), ("--cpu-limit", str(2**63))])
def test_limits_no_timer_or_rlimit_can_hold_are_refused_before_anything_runs(links, tmp_path, capsys, option, value):
    results = tmp_path / "results.db"
    code = main(["inspect", "alpha", option, value, "-f", str(links), "--no-index", "--isolated",
                 "--results", str(results), "--cache-dir", str(tmp_path / "cache")])
    err = one_error(code, capsys.readouterr().err, "at most")
    assert "chosen" not in err and not results.exists()


def test_a_check_ending_as_its_timeout_fires_is_never_the_measuring_parents_crash():
    """The race needs the check to end as the timer fires: /bin/true under a 0.5 ms timeout hit
    it in about one run in five (60 runs: every run of the old script had it at least once)."""
    for _ in range(60):
        read, write = os.pipe()
        try:
            proc = subprocess.run([sys.executable, "-I", "-S", "-c", _MEASURE, str(write), "0.0005", "/bin/true"],
                                  pass_fds=(write,), capture_output=True, text=True, timeout=60)
            os.close(write)
            write = -1
            with os.fdopen(read, "rb") as report:
                read = -1
                reported = report.read().decode()
        finally:
            for fd in (read, write):
                if fd >= 0:
                    os.close(fd)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode in (0, 124), (proc.returncode, proc.stderr)  # 124: the timeout
        assert reported.split()[-1] in ("0", "timeout"), reported


def test_a_list_limit_past_sqlites_integers_lists_everything(tmp_path, capsys):
    """`inspect list --limit 99999999999999999999` was an OverflowError traceback (SQLite integers
    stop at 2**63 - 1)."""
    results = tmp_path / "results.db"
    assert main(["inspect", "list", "--results", str(results)]) == 0  # creates the (empty) database
    capsys.readouterr()
    assert main(["inspect", "list", "--results", str(results), "--limit", str(2**70)]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["directory", "missing-dir", "empty"])
def test_learn_refuses_an_output_it_cannot_write_before_its_probes(tmp_path, capsys, kind):
    """`learn -o DIR` ran every probe inspection, then failed to write (`-o ""` wrote to standard
    output, a missing directory was created)."""
    (tmp_path / "dir").mkdir()
    path, needle = {"directory": (str(tmp_path / "dir"), "is a directory"),
                    "missing-dir": (str(tmp_path / "nowhere" / "x.json"), "does not exist"),
                    "empty": ("", "is empty")}[kind]
    results = tmp_path / "results.db"
    code = main(["learn", "--results", str(results), "--max-probes", "0", "-o", path])
    one_error(code, capsys.readouterr().err, needle)
    assert not results.exists() and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("status", [200, 500])
def test_publishing_to_a_service_answering_json_nested_too_deeply(status):
    """`inspect --publish` was a RecursionError traceback (after the inspections had run) when the
    service's answer, or its error body, nested JSON 100,000 deep."""
    from http.server import BaseHTTPRequestHandler

    from stackwise.inspect.store import PublishError, publish
    from support.rawserver import serve_in_thread
    from test_inspect_store import make_result

    class Deep(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = b"[" * 100_000
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = serve_in_thread(Deep)
    try:
        with pytest.raises(PublishError, match="Nothing was stored"):
            publish([make_result()], f"http://127.0.0.1:{httpd.server_address[1]}", "swt_x", timeout=30)
    finally:
        httpd.shutdown()
        httpd.server_close()
