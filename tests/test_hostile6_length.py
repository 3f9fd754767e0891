"""A Content-Length that ``str.isdigit`` accepts and ``int`` refuses: the latin-1 byte 0xB2
(superscript two) or 5000 digits. The HTTP library takes such an answer as one of unknown
length; stackwise's own size checks then raised a ValueError: a traceback in the score
service client (``lock --scores URL``, ``scores pull``) and in ``kb scan``'s wheel downloads.
Now the length is ignored and the read stays bounded. Real HTTP servers on 127.0.0.1, the CLI
in-process.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from stackwise.cli import main
from support import build_wheel, make_index
from support.rawserver import serve_in_thread
from test_hostile_sweep import one_error

LENGTHS = {"superscript-two": "\xb2", "5000-digits": "9" * 5000}


def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    httpd = serve_in_thread(handler)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def answer(handler: BaseHTTPRequestHandler, body: bytes, ctype: str, length: str) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", length)
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)
    handler.close_connection = True


@pytest.fixture(params=LENGTHS.values(), ids=LENGTHS.keys())
def service(request: pytest.FixtureRequest) -> Iterator[str]:
    """A 'score service' whose every answer carries the hostile Content-Length."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            answer(self, b"{}", "application/json", request.param)

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            answer(self, b"{}", "application/json", request.param)

    yield from serve(Handler)


def test_a_score_service_with_an_unreadable_content_length(service, tmp_path, capsys):
    links = make_index(tmp_path / "links", {"alpha": {"1.0": []}})
    code = main(["lock", "alpha", "--scores", service, "-f", str(links), "--no-index", "--isolated",
                 "--no-default-scores", "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err and "is unavailable" in err, err
    code = main(["scores", "pull", "--from", service, "-o", str(tmp_path / "pulled.json"), "--insecure-no-verify",
                 "--cache-dir", str(tmp_path / "cache")])
    one_error(code, capsys.readouterr().err, "scores pull")
    assert not (tmp_path / "pulled.json").exists()


@pytest.mark.parametrize("length", LENGTHS.values(), ids=LENGTHS.keys())
def test_kb_scan_downloads_wheels_with_an_unreadable_content_length(tmp_path, capsys, length):
    files = tmp_path / "files"
    build_wheel(files, "alpha", "1.0", ["beta"])
    build_wheel(files, "beta", "1.0")

    class Index(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path.startswith("/files/"):
                return answer(self, (files / path.removeprefix("/files/")).read_bytes(), "application/octet-stream",
                              length)
            name = path.strip("/").split("/")[-1]
            listed = [{"filename": f.name, "url": f"/files/{f.name}",
                       "hashes": {"sha256": hashlib.sha256(f.read_bytes()).hexdigest()}} for f in files.glob(f"{name}-*")]
            body = json.dumps({"meta": {"api-version": "1.1"}, "name": name, "files": listed}).encode()
            return answer(self, body, "application/vnd.pypi.simple.v1+json", str(len(body)))

    for url in serve(Index):
        code = main(["kb", "scan", "alpha", "-i", url + "/simple", "--isolated", "--cache-dir", str(tmp_path / "cache"),
                     "-o", str(tmp_path / "scan.json")])
        err = capsys.readouterr().err
        assert code == 0 and "Traceback" not in err, err
        assert "2 wheel(s) read" in err, err
    assert json.loads((tmp_path / "scan.json").read_text())["format"] == "stackwise-scores"
