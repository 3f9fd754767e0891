"""``inspect --publish``: a service's answer is untrusted input, bounded in size as in time.

A service answering the POST with an endless body (200, or an error status) made the client
read it whole into memory; now it reads at most ``MAX_PUBLISH_ANSWER_BYTES`` and says so.
"""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

import pytest

from stackwise.inspect import store
from stackwise.inspect.store import PublishError, publish
from support.rawserver import serve_in_thread
from test_inspect_store import make_result


@pytest.mark.parametrize("status", [200, 500])
def test_an_endless_answer_to_a_publish_is_refused_at_the_bound(status, monkeypatch):
    monkeypatch.setattr(store, "MAX_PUBLISH_ANSWER_BYTES", 1 << 20)
    sent = []

    class Endless(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            piece = b" " * 65536
            try:
                for _ in range(64 * 16):  # 64 MiB, far past the bound
                    self.wfile.write(piece)
                    sent.append(len(piece))
            except OSError:
                pass  # the client hung up: what it should do

    httpd = serve_in_thread(Endless)
    try:
        start = time.monotonic()
        with pytest.raises(PublishError, match="larger than 1048576 bytes") as info:
            publish([make_result()], f"http://127.0.0.1:{httpd.server_address[1]}", "swt_x", timeout=30)
        assert "Nothing was stored" in str(info.value)
        assert time.monotonic() - start < 20
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert sum(sent) < 32 << 20  # stopped reading long before the end
