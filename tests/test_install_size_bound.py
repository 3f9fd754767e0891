"""Downloads are bounded in bytes, not only in time: a hash-only lock (requirements.txt with
``--hash``) has no size of its own, so ``stackwise install`` stops a file at the size the
index lists (PEP 700 ``size`` in a JSON page), or, when nobody lists one, at the
``download-max-bytes`` limit. The same holds for the index client's own file downloads
(the lock computing a hash the index does not list). Real components only: a real HTTP
index on 127.0.0.1 whose file answers are longer than they should be, real venvs, the CLI
in a child process with a file-size limit (a runaway write fails instead of filling the disk).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from stackwise.config import load_settings
from stackwise.environment import TargetEnvironment
from stackwise.errors import IndexFetchError
from stackwise.index import _body, simple
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.index.models import DistFile
from support import build_wheel
from support.rawserver import serve_in_thread
from test_hostile_sweep import one_error
from test_hostile_sweep3_install import install
from test_install import make_venv

#: what the server sends after the real file when told to run on: far more than any test
#: allows, and still finite, so a client that never stops fails instead of hanging
_RUN_ON = 64 * 1024 * 1024


class HostileIndex:
    """A simple index for one wheel whose download runs past the file.

    ``json``: the page is PEP 691 JSON listing ``size`` (else HTML, with no size);
    ``announce``: the answer's Content-Length says 10**12, or this text (else no length: the body
    itself must be counted); ``extra``: bytes sent after the wheel's own (``_RUN_ON``: an endless answer)."""

    def __init__(self, wheel: Path, *, json_page: bool, announce: bool | str = False, extra: int = _RUN_ON) -> None:
        self.wheel, self.json_page, self.announce, self.extra = wheel, json_page, announce, extra
        self.sent = 0
        data = wheel.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        index = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.startswith("/simple/"):
                    link = f"/files/{wheel.name}"
                    if index.json_page:
                        body = json.dumps({"meta": {"api-version": "1.1"}, "name": "alpha", "versions": ["1.0"], "files": [
                            {"filename": wheel.name, "url": link, "hashes": {"sha256": digest}, "size": len(data)}]})
                        ctype = simple.JSON_TYPE
                    else:
                        body = f'<html><body><a href="{link}#sha256={digest}">{wheel.name}</a></body></html>'
                        ctype = "text/html"
                    payload = body.encode()
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                if index.announce:
                    self.send_header("Content-Length", index.announce if isinstance(index.announce, str) else str(10**12))
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(data)
                    index.sent += len(data)
                    left = index.extra
                    while left > 0:
                        piece = b"\0" * min(left, 65536)
                        self.wfile.write(piece)
                        index.sent += len(piece)
                        left -= len(piece)
                except OSError:
                    pass  # the client hung up: what it should do
                self.close_connection = True

        self.httpd = serve_in_thread(Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/simple"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def wheel(tmp_path: Path) -> Path:
    return build_wheel(tmp_path / "wheels", "alpha", "1.0")


@pytest.fixture
def serve(wheel: Path) -> Iterator[type[HostileIndex]]:
    made: list[HostileIndex] = []

    def make(**kw: object) -> HostileIndex:
        made.append(HostileIndex(wheel, **kw))  # type: ignore[arg-type]
        return made[-1]

    yield make  # type: ignore[misc]
    for server in made:
        server.close()


def _lock(tmp_path: Path, wheel: Path) -> Path:
    lock = tmp_path / "requirements.txt"
    lock.write_text(f"alpha==1.0 --hash=sha256:{hashlib.sha256(wheel.read_bytes()).hexdigest()}\n")
    return lock


def _run(tmp_path: Path, wheel: Path, index: HostileIndex, env: dict[str, str] | None = None) -> tuple[str, Path]:
    venv = make_venv(tmp_path / "venv")
    cache = tmp_path / "cache"
    start = time.monotonic()
    proc = install(str(_lock(tmp_path, wheel)), "--target-venv", str(venv), "--cache-dir", str(cache),
                   "--index-url", index.url, env=env, timeout=60, limit_file_size=256 << 20)
    assert time.monotonic() - start < 30
    err = one_error(proc.returncode, proc.stderr, "Nothing was installed")
    assert not list(venv.glob("lib/python*/site-packages/alpha*")), "nothing may be installed"
    # nothing half-written: no partial file anywhere in the cache, no wheel cache entry
    assert not [p for p in cache.rglob("*") if p.name.endswith(".part")]
    assert not list((cache / "wheels").rglob("*.whl")) if (cache / "wheels").exists() else True
    return err, cache


def test_a_download_longer_than_the_size_the_index_lists_stops_there(tmp_path, wheel, serve):
    """A hash-only lock: the JSON page's ``size`` bounds the body, counted as it arrives."""
    index = serve(json_page=True)
    err, _ = _run(tmp_path, wheel, index)
    assert f"more than the {wheel.stat().st_size} bytes the index lists" in err, err
    assert index.sent < _RUN_ON // 2  # stopped early, not after the whole answer


def test_an_announced_length_past_the_listed_size_is_refused_before_reading(tmp_path, wheel, serve):
    index = serve(json_page=True, announce=True)
    err, _ = _run(tmp_path, wheel, index)
    assert f"more than the {wheel.stat().st_size} bytes the index lists" in err, err


def test_a_download_of_unknown_size_stops_at_the_configured_limit(tmp_path, wheel, serve):
    """An HTML page lists no size: the download-max-bytes setting (here from the environment) bounds it."""
    index = serve(json_page=False)
    err, _ = _run(tmp_path, wheel, index, env={"STACKWISE_DOWNLOAD_MAX_BYTES": "1048576"})
    assert "larger than 1048576 bytes, the download limit" in err and "download-max-bytes" in err, err
    assert index.sent < _RUN_ON // 2


def test_a_file_of_exactly_the_listed_size_installs(tmp_path, wheel, serve):
    """The bound is not off by one: the file itself, with its listed size, installs and is cached."""
    index = serve(json_page=True, extra=0)
    venv = make_venv(tmp_path / "venv")
    cache = tmp_path / "cache"
    proc = install(str(_lock(tmp_path, wheel)), "--target-venv", str(venv), "--cache-dir", str(cache),
                   "--index-url", index.url, env={"STACKWISE_DOWNLOAD_MAX_BYTES": "1024"}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert list(venv.glob("lib/python*/site-packages/alpha-1.0.dist-info"))
    assert list((cache / "wheels").rglob(wheel.name))


def test_the_index_clients_file_download_is_bounded_too(tmp_path, wheel, serve, monkeypatch):
    """A lock hashing a file the index lists without a hash reads it into memory: bounded by
    the listed size, else by the download limit, instead of reading an endless answer whole."""
    index = serve(json_page=True)
    base = index.url.rsplit("/simple", 1)[0]
    client = IndexClient(IndexConfig(index_urls=(index.url,), cache_dir=tmp_path / "c"), TargetEnvironment.current())
    try:
        listed = DistFile(wheel.name, f"{base}/files/{wheel.name}", {}, size=wheel.stat().st_size)
        with pytest.raises(IndexFetchError, match=f"more than the {wheel.stat().st_size} bytes the index lists"):
            client.file_hashes(listed)
        monkeypatch.setattr(_body, "_limit", [2048])
        unlisted = DistFile(wheel.name, f"{base}/files/{wheel.name}?again", {})
        with pytest.raises(IndexFetchError, match="larger than 2048 bytes, the download limit"):
            client.file_hashes(unlisted)
    finally:
        client.close()
    assert index.sent < _RUN_ON


def test_sizes_are_read_from_json_pages_only_and_old_rows_have_none():
    page = json.dumps({"meta": {"api-version": "1.1"}, "files": [
        {"filename": "a-1.0.tar.gz", "url": "a-1.0.tar.gz", "hashes": {}, "size": 10},
        {"filename": "a-1.1.tar.gz", "url": "a-1.1.tar.gz", "hashes": {}, "size": "10"},
        {"filename": "a-1.2.tar.gz", "url": "a-1.2.tar.gz", "hashes": {}}]}).encode()
    rows = [row for _, row in simple.parse_json(page, "http://127.0.0.1/simple/a/")]
    assert [simple.size_of(row) for row in rows] == [10, None, None]
    html = [row for _, row in simple.parse_html(b'<a href="a-1.0.tar.gz">a</a>', "http://127.0.0.1/simple/a/")]
    assert simple.size_of(html[0]) is None
    assert simple.size_of(rows[0][:10]) is None  # a row stored by an older stackwise


def test_the_default_limit_is_generous_and_a_bad_setting_is_refused(monkeypatch):
    assert load_settings().download_max_bytes == _body.DOWNLOAD_LIMIT >= 2 * 1024**3
    monkeypatch.setenv("STACKWISE_DOWNLOAD_MAX_BYTES", "lots")
    from stackwise.config import ConfigError

    with pytest.raises(ConfigError, match="STACKWISE_DOWNLOAD_MAX_BYTES"):
        load_settings()


@pytest.mark.parametrize("length", ["\xb2", "9" * 5000])
def test_an_unreadable_content_length_is_no_length(tmp_path, wheel, serve, length):
    """``'\xb2'`` (a latin-1 header byte) passes ``str.isdigit`` and ``int`` refuses it, as it refuses
    5,000 digits: the download is counted as it arrives instead (it was a traceback)."""
    index = serve(json_page=True, announce=length, extra=0)
    venv = make_venv(tmp_path / "venv")
    proc = install(str(_lock(tmp_path, wheel)), "--target-venv", str(venv), "--cache-dir", str(tmp_path / "cache"),
                   "--index-url", index.url, timeout=60, limit_file_size=256 << 20)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert list(venv.glob("lib/python*/site-packages/alpha-1.0.dist-info"))
