"""HTTP from and to a misbehaving peer, and the score service's admin output.

A server's Retry-After that ``str.isdigit`` accepts and ``int`` refuses -- the latin-1 byte 0xB2
(superscript two) and a number of 5000 digits -- was a ValueError traceback in the index client
(``lock -i``), the score service client (``lock --scores URL``) and ``scores pull``. The service
answered ``Accept-Encoding: gzip;q=0`` (gzip refused) with gzip, and ``serve token list``
printed a label's terminal escape as it was; ``serve`` on a port in use or a host it cannot
bind said "serving on ..." and then left with uvicorn's own error. A raw HTTP server and real
uvicorn on 127.0.0.1, the CLI in-process.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from stackwise.cli import main
from support import make_index
from test_hostile_sweep import one_error


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_index(tmp_path_factory.mktemp("links"), {"alpha": {"1.0": []}})


@pytest.fixture(params=[b"\xb2", b"9" * 5000], ids=["superscript-two", "5000-digits"])
def busy(request: pytest.FixtureRequest) -> Iterator[str]:
    """A server answering every request 503 with the hostile Retry-After."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.1)
    stop = threading.Event()
    answer = (b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: " + request.param +
              b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    conn.recv(65536)
                    conn.sendall(answer)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    server.close()


def test_an_index_with_an_unreadable_retry_after(busy, tmp_path, capsys):
    code = main(["lock", "alpha", "-i", busy + "/simple", "--timeout", "5", "--isolated", "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache")])
    one_error(code, capsys.readouterr().err, "HTTP 503")


def test_a_score_service_with_an_unreadable_retry_after(busy, links, tmp_path, capsys):
    code = main(["lock", "alpha", "--scores", busy, "-f", str(links), "--no-index", "--isolated",
                 "--no-default-scores", "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    assert "HTTP 503" in err and "alpha==1.0" in (tmp_path / "out.txt").read_text()
    code = main(["scores", "pull", "--from", busy, "-o", str(tmp_path / "pulled.json"), "--insecure-no-verify",
                 "--cache-dir", str(tmp_path / "cache")])
    one_error(code, capsys.readouterr().err, "HTTP 503")
    assert not (tmp_path / "pulled.json").exists()


def test_a_token_label_holding_a_terminal_escape_is_listed_escaped(tmp_path, capsys):
    """`serve token list` printed the label as stored: an escape in it cleared the terminal."""
    database = ["serve", "--database", str(tmp_path / "kb.sqlite3"), "token"]
    assert main([*database, "create", "--label", "ci\x1b[2J\u202e"]) == 0
    capsys.readouterr()
    assert main([*database, "list"]) == 0
    out = capsys.readouterr().out
    assert "ci\\x1b[2J\\u202e" in out and "\x1b" not in out and "\u202e" not in out


@pytest.mark.parametrize("accept", ["gzip;q=0", "deflate, gzip ; q=0.0", "identity"])
def test_a_snapshot_is_not_gzipped_for_a_client_that_refuses_gzip(tmp_path, accept):
    """`Accept-Encoding: gzip;q=0` (RFC 9110: gzip is not acceptable) was answered with gzip."""
    pytest.importorskip("uvicorn")
    import requests

    from stackwise.server.runner import ServerThread
    from stackwise.server.storage import open_storage

    storage = open_storage(str(tmp_path / "kb.sqlite3"))
    server = ServerThread(storage).start()
    try:
        answer = requests.get(server.url + "/v1/snapshot", headers={"Accept-Encoding": accept}, timeout=30)
        assert answer.status_code == 200 and "Content-Encoding" not in answer.headers, answer.headers
        assert answer.json()["format"] == "stackwise-scores"
        packed = requests.get(server.url + "/v1/snapshot", headers={"Accept-Encoding": "gzip;q=0.5"}, timeout=30)
        assert packed.headers.get("Content-Encoding") == "gzip"
    finally:
        server.stop()
        storage.close()


def test_serve_on_a_port_in_use_or_a_host_it_cannot_bind_is_one_error(tmp_path):
    """uvicorn's own "ERROR: [Errno 98] ..." and exit status 3, after stackwise had said "serving
    on ..." (and, for a host beyond loopback, warned about TLS for a server that never ran)."""
    from test_hostile_sweep import run_cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        for host, needle in (("127.0.0.1", "in use"), ("no such host.invalid", "Cannot listen on")):
            proc = run_cli(["serve", "--database", str(tmp_path / "kb.sqlite3"), "--host", host, "--port", str(port),
                            "--workers", "1"], cwd=tmp_path, timeout=60, env={"STACKWISE_CONFIG_FILE": "/dev/null"})
            err = one_error(proc.returncode, proc.stderr, needle)
            assert "serving" not in err and "TLS" not in err
