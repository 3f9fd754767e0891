"""An index that answers, but with a body its ``Content-Encoding`` does not describe.

A proxy or a misconfigured server sends ``Content-Encoding: gzip`` over a plain body. urllib3's
DecodeError was turned into a ConnectionError, so the message said "could not connect" -- to a
server that had answered every request -- sending the user after the network instead of the
server. It now says what happened. Real HTTP on 127.0.0.1, the CLI in-process.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from stackwise.cli import main
from support.rawserver import serve_in_thread
from test_hostile_sweep import one_error


class _FalseGzip(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = b"<html><body>not gzip at all</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_body_that_is_not_in_its_content_encoding_is_not_a_connection_failure(tmp_path, capsys):
    httpd = serve_in_thread(_FalseGzip)
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/simple"
        code = main(["lock", "alpha", "-i", url, "--isolated", "--no-default-scores", "--timeout", "5",
                     "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")])
    finally:
        httpd.shutdown()
        httpd.server_close()
    err = one_error(code, capsys.readouterr().err, "Content-Encoding", url)
    assert "could not connect" not in err
    assert not (tmp_path / "out.txt").exists()
