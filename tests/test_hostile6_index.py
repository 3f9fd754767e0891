"""What an index serves is untrusted input: project pages and wheel metadata holding versions
of thousands of digits (they parse, then every comparison raised a ValueError: Python converts
at most 4300 digits to an int), a Requires-Dist marker that fails every evaluation, and
terminal escapes in a file URL or a yanked reason that reached the terminal inside an error.

Before: a traceback for each number and marker, the escapes printed as they came. Now: an
invalid Requires-Python is ignored (as pip ignores one), a release with an unusable
Requires-Dist line is skipped with the note pip's "invalid metadata" gets, and errors show
escapes as visible text. Real wheels, a real HTTP index on 127.0.0.1, the CLI in-process.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from stackwise.cli import main
from support import build_wheel
from support.rawserver import serve_in_thread
from test_hostile_sweep import one_error

HUGE = "9" * 5000
JSON_TYPE = "application/vnd.pypi.simple.v1+json"


def lock(tmp_path: Path, *args: str) -> list[str]:
    return ["lock", *args, "--no-default-scores", "--isolated", "--no-reuse", "--cache-dir", str(tmp_path / "cache"),
            "-o", str(tmp_path / "out.txt")]


@pytest.mark.parametrize("requires,requires_python", [
    ([f"beta>={HUGE}"], None),
    ([f"beta ; python_version > '{HUGE}'"], None),
    (["beta ; platform_release ~= 'x'"], None),  # ~= needs a version: UndefinedComparison every time
], ids=["specifier", "marker", "marker-never-evaluates"])
def test_a_release_whose_metadata_no_comparison_can_use_is_skipped(tmp_path, capsys, requires, requires_python):
    links = tmp_path / "links"
    build_wheel(links, "alpha", "2.0", requires, requires_python=requires_python)
    build_wheel(links, "alpha", "1.0", ["beta"])
    build_wheel(links, "beta", "1.0")
    assert main(lock(tmp_path, "alpha", "--no-index", "-f", str(links))) == 0
    err = capsys.readouterr().err
    assert "alpha 2.0 has invalid metadata" in err and "Traceback" not in err
    assert "alpha==1.0" in (tmp_path / "out.txt").read_text()


def test_a_requires_python_of_thousands_of_digits_in_metadata_is_ignored(tmp_path, capsys):
    links = tmp_path / "links"
    build_wheel(links, "alpha", "1.0", requires_python=f">={HUGE}")
    assert main(lock(tmp_path, "alpha", "--no-index", "-f", str(links))) == 0, capsys.readouterr().err
    assert "alpha==1.0" in (tmp_path / "out.txt").read_text()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    out = tmp_path / "files"
    build_wheel(out, "alpha", "1.0")
    return out


@pytest.fixture
def index(files: Path) -> Iterator[tuple[str, dict[str, tuple[str, bytes]]]]:
    """An index answering ``pages[path]`` and the wheels under /files/ (404 otherwise)."""
    pages: dict[str, tuple[str, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            wheel = files / path.removeprefix("/files/")
            if path in pages:
                ctype, body = pages[path]
            elif path.startswith("/files/") and wheel.is_file():
                ctype, body = "application/octet-stream", wheel.read_bytes()
            else:
                ctype, body = "text/plain", b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = serve_in_thread(Handler)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/simple", pages
    httpd.shutdown()
    httpd.server_close()


def page(files: Path, **fields: object) -> tuple[str, bytes]:
    name = "alpha-1.0-py3-none-any.whl"
    entry = {"filename": name, "url": f"/files/{name}",
             "hashes": {"sha256": hashlib.sha256((files / name).read_bytes()).hexdigest()}, **fields}
    return JSON_TYPE, json.dumps({"meta": {"api-version": "1.1"}, "name": "alpha", "files": [entry]}).encode()


def test_a_requires_python_of_thousands_of_digits_on_a_project_page_is_ignored(tmp_path, capsys, index, files):
    url, pages = index
    pages["/simple/alpha/"] = page(files, **{"requires-python": f">={HUGE}"})
    assert main(lock(tmp_path, "alpha", "-i", url)) == 0, capsys.readouterr().err
    name = "alpha-1.0-py3-none-any.whl"
    pages["/simple/alpha/"] = ("text/html", f"<a href='/files/{name}' data-requires-python='&gt;={HUGE}'>{name}</a>"
                                            .encode())
    assert main(lock(tmp_path, "alpha", "-i", url, "--cache-ttl", "0")) == 0, capsys.readouterr().err


@pytest.mark.parametrize("fields,needle", [
    ({"url": "/files/\x1b[2Jalpha-1.0-py3-none-any.whl"}, "\\x1b[2Jalpha"),
    ({"yanked": "\x1b[31mred\u202e"}, "\\x1b[31mred\\u202e"),
], ids=["file-url", "yanked-reason"])
def test_terminal_escapes_from_the_index_are_shown_escaped_in_an_error(tmp_path, capsys, index, files, fields, needle):
    url, pages = index
    pages["/simple/alpha/"] = page(files, **fields)
    err = one_error(main(lock(tmp_path, "alpha", "-i", url, "--timeout", "5")), capsys.readouterr().err, needle)
    assert "\x1b" not in err and "\u202e" not in err
