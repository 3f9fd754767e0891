"""A real simple-repository server on 127.0.0.1 for offline tests (no HTTP mocks).

Serves every wheel/sdist in ``files_dir`` (re-scanned per request, so tests may add
files while it runs) as PEP 691 JSON and/or PEP 503 HTML, with ETag revalidation,
PEP 658 ``.metadata`` files, Range requests and injectable faults. Every request is
recorded so tests can assert what was (not) fetched.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_TYPE = "application/vnd.pypi.simple.v1+html"


@dataclass
class Request:
    """One recorded request."""

    method: str
    path: str
    headers: dict[str, str]
    status: int = 0
    sent: int = 0  # body bytes sent
    extra: dict[str, str] = field(default_factory=dict)


def _project_of(filename: str) -> str | None:
    try:
        if filename.endswith(".whl"):
            return parse_wheel_filename(filename)[0]
        if filename.endswith((".tar.gz", ".zip")):
            return parse_sdist_filename(filename)[0]
    except ValueError:
        return None
    return None


def _wheel_metadata(path: Path) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as zf:
            for n in zf.namelist():
                if n.count("/") == 1 and n.endswith(".dist-info/METADATA"):
                    return zf.read(n)
    except zipfile.BadZipFile:
        return None
    return None


def _requires_python(meta: bytes | None) -> str | None:
    if not meta:
        return None
    m = re.search(rb"^Requires-Python:\s*(.+?)\s*$", meta, re.M)
    return m.group(1).decode() if m else None


class IndexServer:
    """Context manager running a threaded HTTP index on a random loopback port."""

    def __init__(
        self,
        files_dir: Path,
        *,
        api: str = "json",
        pep658: bool = True,
        yanked: Mapping[str, str] | None = None,
        range_requests: bool = True,
        fault: str | None = None,
        max_age: int = 600,
        absolute_urls: bool = False,
        requires_python: Mapping[str, str] | None = None,
        cache_control: str | None = None,
        etags: bool = True,
        vulnerabilities: Mapping[str, Mapping[str, list[dict[str, object]]]] | None = None,
    ) -> None:
        if api not in ("json", "html", "both"):
            raise ValueError(f"api must be json, html or both, not {api!r}")
        if fault not in (None, "500", "garbage", "slow", "404"):
            raise ValueError(f"unknown fault {fault!r}")
        self.files_dir = Path(files_dir)
        self.api = api
        self.pep658 = pep658
        self.yanked = dict(yanked or {})
        self.range_requests = range_requests
        self.fault = fault
        self.max_age = max_age
        self.cache_control = cache_control  # overrides "max-age=<max_age>, public" when set
        self.etags = etags  # False: no ETag, so every revalidation gets the whole page again
        self.absolute_urls = absolute_urls
        #: ``{name: {version: [vulnerability records]}}``: serve the JSON project API under
        #: ``/pypi/`` (project and per-release documents) for the projects named; None: 404.
        self.vulnerabilities = vulnerabilities
        self.requires_python_override = dict(requires_python or {})
        self.slow_seconds = 3.0
        self.requests: list[Request] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # -- what tests look at ----------------------------------------------------------------
    @property
    def requests_log(self) -> list[str]:
        """Paths requested, in order."""
        return [r.path for r in self.requests]

    @property
    def root(self) -> str:
        """``http://127.0.0.1:PORT`` without a path."""
        return self.url.rsplit("/simple", 1)[0]

    def file_url(self, filename: str) -> str:
        return f"{self.root}/files/{filename}"

    def clear_log(self) -> None:
        self.requests.clear()

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> IndexServer:
        server = self

        class Handler(_Handler):
            index = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{port}/simple"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> IndexServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- content ---------------------------------------------------------------------------
    def files_for(self, project: str) -> list[Path]:
        wanted = canonicalize_name(project)
        if not self.files_dir.is_dir():
            return []
        return sorted(p for p in self.files_dir.iterdir() if p.is_file() and _project_of(p.name) == wanted)

    def file_info(self, path: Path) -> dict[str, object]:
        data = path.read_bytes()
        meta = _wheel_metadata(path) if path.name.endswith(".whl") else None
        rp = self.requires_python_override.get(path.name, _requires_python(meta))
        href = self.file_url(path.name) if self.absolute_urls else f"../../files/{path.name}"
        return {
            "filename": path.name,
            "href": href,
            "sha256": hashlib.sha256(data).hexdigest(),
            "requires_python": rp,
            "yanked": self.yanked.get(path.name),
            "metadata_sha256": hashlib.sha256(meta).hexdigest() if (meta is not None and self.pep658) else None,
        }

    def project_json(self, project: str, infos: list[dict[str, object]]) -> bytes:
        files = []
        for i in infos:
            entry: dict[str, object] = {"filename": i["filename"], "url": i["href"], "hashes": {"sha256": i["sha256"]}}
            if i["requires_python"]:
                entry["requires-python"] = i["requires_python"]
            if i["yanked"] is not None:
                entry["yanked"] = i["yanked"] or True
            if i["metadata_sha256"]:
                entry["core-metadata"] = {"sha256": i["metadata_sha256"]}
                entry["dist-info-metadata"] = {"sha256": i["metadata_sha256"]}
            files.append(entry)
        doc = {"meta": {"api-version": "1.1"}, "name": canonicalize_name(project), "files": files, "versions": []}
        return json.dumps(doc).encode()

    def project_html(self, project: str, infos: list[dict[str, object]]) -> bytes:
        lines = ["<!DOCTYPE html>", f"<html><head><title>Links for {html.escape(project)}</title></head><body>"]
        for i in infos:
            attrs = [f'href="{html.escape(str(i["href"]))}#sha256={i["sha256"]}"']
            if i["requires_python"]:
                attrs.append(f'data-requires-python="{html.escape(str(i["requires_python"]))}"')
            if i["yanked"] is not None:
                attrs.append(f'data-yanked="{html.escape(str(i["yanked"]))}"')
            if i["metadata_sha256"]:
                attrs.append(f'data-core-metadata="sha256={i["metadata_sha256"]}"')
                attrs.append(f'data-dist-info-metadata="sha256={i["metadata_sha256"]}"')
            lines.append(f"<a {' '.join(attrs)}>{html.escape(str(i['filename']))}</a><br/>")
        lines.append("</body></html>")
        return "\n".join(lines).encode()


def _wants_json(accept: str) -> bool:
    """Pick the representation with the highest q-value among the ones we serve."""
    best, best_q = "html", -1.0
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        kind = {JSON_TYPE: "json", HTML_TYPE: "html", "text/html": "html", "*/*": "html"}.get(media)
        if kind and q > best_q:
            best, best_q = kind, q
    return best == "json"


class _Handler(BaseHTTPRequestHandler):
    index: IndexServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_HEAD(self) -> None:
        self._handle(head=True)

    def do_GET(self) -> None:
        self._handle(head=False)

    def _handle(self, *, head: bool) -> None:
        srv = self.index
        path = unquote(urlsplit(self.path).path)
        rec = Request(self.command, path, {k: v for k, v in self.headers.items()})
        srv.requests.append(rec)
        if srv.fault == "slow":
            time.sleep(srv.slow_seconds)
        if srv.fault == "500":
            return self._send(rec, 500, b"Internal Server Error", "text/plain", head=head)
        if srv.fault == "404":
            return self._send(rec, 404, b"Not Found", "text/plain", head=head)
        if path.startswith("/simple/"):
            return self._page(rec, path[len("/simple/") :], head=head)
        if path.startswith("/files/"):
            return self._file(rec, path[len("/files/") :], head=head)
        if path.startswith("/pypi/") and srv.vulnerabilities is not None:
            return self._json_api(rec, path.strip("/").split("/")[1:], head=head)
        return self._send(rec, 404, b"Not Found", "text/plain", head=head)

    def _json_api(self, rec: Request, parts: list[str], *, head: bool) -> None:
        """``/pypi/<name>/json`` and ``/pypi/<name>/<version>/json`` from the served files."""
        srv = self.index
        vulns = (srv.vulnerabilities or {}).get(parts[0]) if parts else None
        if vulns is None or parts[-1] != "json" or len(parts) not in (2, 3):
            return self._send(rec, 404, b"Not Found", "text/plain", head=head)
        releases: dict[str, list[dict[str, object]]] = {}
        for path in srv.files_for(parts[0]):
            version = path.name.split("-")[1]
            releases.setdefault(version, []).append(
                {"filename": path.name, "yanked": path.name in srv.yanked, "requires_python": None})
        if not releases or (len(parts) == 3 and parts[1] not in releases):
            return self._send(rec, 404, b"Not Found", "text/plain", head=head)
        from packaging.version import Version

        latest = max(releases, key=Version)
        shown = parts[1] if len(parts) == 3 else latest
        doc: dict[str, object] = {"info": {"name": parts[0], "version": shown}, "urls": releases[shown],
                                  "vulnerabilities": list(vulns.get(shown, []))}
        if len(parts) == 2:
            doc["releases"] = releases
        return self._send(rec, 200, json.dumps(doc).encode(), "application/json", head=head)

    def _page(self, rec: Request, rest: str, *, head: bool) -> None:
        srv = self.index
        if rest and not rest.endswith("/"):
            self.send_response(301)
            self.send_header("Location", f"/simple/{rest}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            rec.status = 301
            return None
        project = rest.strip("/")
        if not project:
            names = sorted({n for p in srv.files_dir.iterdir() if (n := _project_of(p.name))}) if srv.files_dir.is_dir() else []
            body = ("<html><body>" + "".join(f'<a href="{n}/">{n}</a>' for n in names) + "</body></html>").encode()
            return self._send(rec, 200, body, "text/html", head=head)
        if project != canonicalize_name(project):
            self.send_response(301)
            self.send_header("Location", f"/simple/{canonicalize_name(project)}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            rec.status = 301
            return None
        files = srv.files_for(project)
        if not files:
            return self._send(rec, 404, b"Not Found", "text/plain", head=head)
        infos = [srv.file_info(p) for p in files]
        use_json = srv.api == "json" or (srv.api == "both" and _wants_json(self.headers.get("Accept", "")))
        if srv.fault == "garbage":
            body, ctype = (b'{"meta": {"api-version": "1.0"}, "files": [garbage', JSON_TYPE) if use_json else (b"\x00\xff<<garbage", HTML_TYPE)
        elif use_json:
            body, ctype = srv.project_json(project, infos), JSON_TYPE
        else:
            body, ctype = srv.project_html(project, infos), HTML_TYPE if srv.api == "both" else "text/html"
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Cache-Control": srv.cache_control or f"max-age={srv.max_age}, public", "Vary": "Accept"}
        if not srv.etags:
            del headers["ETag"]
        inm = self.headers.get("If-None-Match")
        if srv.etags and inm and etag in [t.strip() for t in inm.split(",")]:
            return self._send(rec, 304, b"", None, head=True, headers=headers)
        return self._send(rec, 200, body, ctype, head=head, headers=headers)

    def _file(self, rec: Request, name: str, *, head: bool) -> None:
        srv = self.index
        if "/" in name or name.startswith("."):
            return self._send(rec, 404, b"Not Found", "text/plain", head=head)
        if name.endswith(".metadata"):
            target = srv.files_dir / name[: -len(".metadata")]
            meta = _wheel_metadata(target) if srv.pep658 and target.is_file() and target.name.endswith(".whl") else None
            if meta is None:
                return self._send(rec, 404, b"Not Found", "text/plain", head=head)
            return self._send(rec, 200, meta, "application/octet-stream", head=head)
        target = srv.files_dir / name
        if not target.is_file():
            return self._send(rec, 404, b"Not Found", "text/plain", head=head)
        data = target.read_bytes()
        rng = self.headers.get("Range")
        if srv.range_requests and rng:
            m = re.fullmatch(r"bytes=(\d*)-(\d*)", rng.strip())
            if m and (m.group(1) or m.group(2)):
                size = len(data)
                if m.group(1):
                    start = int(m.group(1))
                    end = min(size - 1, int(m.group(2))) if m.group(2) else size - 1
                else:
                    start, end = max(0, size - int(m.group(2))), size - 1
                if start >= size or start > end:
                    return self._send(rec, 416, b"", None, head=head, headers={"Content-Range": f"bytes */{size}"})
                rec.extra["range"] = f"{start}-{end}"
                return self._send(
                    rec, 206, data[start : end + 1], "application/octet-stream", head=head,
                    headers={"Content-Range": f"bytes {start}-{end}/{size}", "Accept-Ranges": "bytes"},
                )
        headers = {"Accept-Ranges": "bytes"} if srv.range_requests else {}
        return self._send(rec, 200, data, "application/octet-stream", head=head, headers=headers)

    def _send(
        self, rec: Request, status: int, body: bytes, ctype: str | None, *, head: bool,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        rec.status = status
        try:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0" if status == 304 else str(len(body)))
            self.end_headers()
            if not head and status != 304:
                # recorded before the write: a client that has read the whole body may look at
                # the log before write() returns here (a test then saw 0 bytes sent)
                rec.sent = len(body)
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            rec.sent = 0  # the client went away: what reached it is unknown, count nothing
