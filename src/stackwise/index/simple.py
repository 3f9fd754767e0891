"""Parse simple-repository pages (PEP 691 JSON, PEP 503 HTML) into compact rows.

A row is a small JSON-able list, computed once per fetched page and stored as-is in the
cache, so a warm run only does ``json.loads`` and dictionary lookups: no filename
parsing, no version parsing per file, no HTML. Layout (see :data:`ROW_FIELDS`)::

    [filename, url, hashes, requires_python, yanked, core_metadata, version, build, tags, uploaded, size]

``yanked`` is ``None`` or the reason ("" when none was given); ``core_metadata`` is
``False``, ``True`` or a hash dict; ``version`` is the normalized version string;
``build`` is ``None`` or ``[number, suffix]`` (wheel build tag); ``tags`` is a sorted
list of ``interpreter-abi-platform`` strings for wheels and ``None`` for sdists;
``uploaded`` is the PEP 700 ``upload-time`` in whole seconds since the epoch, or ``None``
(HTML pages and local directories carry none). ``size`` is the PEP 700 ``size`` in bytes, or
``None``; only JSON pages have it (an install stops a download that runs past it). Rows
stored by an older stackwise have only the first nine or ten fields: their upload time or
size is unknown (:func:`upload_time_of`, :func:`size_of`), so no layout change was needed
for the eleventh field (an older reader indexes the fields it knows and ignores the rest).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import posixpath
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from packaging.tags import parse_tag
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    NormalizedName,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from stackwise.errors import IndexFetchError

ROW_FIELDS = ("filename", "url", "hashes", "requires_python", "yanked", "core_metadata", "version", "build", "tags",
              "uploaded", "size")
Row = list[Any]

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_TYPE = "application/vnd.pypi.simple.v1+html"
ACCEPT = f"{JSON_TYPE}, {HTML_TYPE};q=0.2, text/html;q=0.01"

_HASH_NAMES = frozenset(hashlib.algorithms_guaranteed)
#: More links than any project's page has (the largest list tens of thousands of files).
MAX_LINKS = 1_000_000


#: compressed tag set of a wheel name ("cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64")
#: -> its sorted tag strings. Why: a project's wheels repeat a few dozen tag sets, and parsing
#: and sorting them was a third of reading a page (a cold lock reads ~100,000 file names).
_TAGS: dict[str, list[str]] = {}
_TAGS_MAX = 4096
#: Memos of the parts of file names, each judged by packaging once: a wheel's name part ->
#: canonical name (None: invalid), an sdist's name part -> canonical name (None: invalid),
#: a version string -> normalized version (None: invalid). Why: a cold lock reads ~140,000
#: file names of ~16,000 releases, whose names and version strings repeat; packaging's
#: whole-name parse per release was a third of reading a page.
_WHEEL_NAMES: dict[str, NormalizedName | None] = {}
_SDIST_NAMES: dict[str, NormalizedName | None] = {}
_VERSIONS: dict[str, str | None] = {}
_PARTS_MAX = 65536


def _judged(memo: dict[str, Any], part: str, judge: Any) -> Any:
    """``judge(part)`` from ``memo`` (None when packaging rejects it), computed once."""
    try:
        return memo[part]
    except KeyError:
        pass
    try:
        value = judge(part)
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion, ValueError):
        value = None
    if len(memo) >= _PARTS_MAX:
        memo.clear()
    memo[part] = value
    return value


def _wheel_name(part: str) -> NormalizedName:
    return parse_wheel_filename(part + "-0-py3-none-any.whl")[0]


def _sdist_name(part: str) -> NormalizedName:
    return parse_sdist_filename(part + "-0.tar.gz")[0]


def _version(text: str) -> str:
    return str(Version(text))


def _tags(text: str) -> list[str]:
    tags = _TAGS.get(text)
    if tags is None:
        tags = sorted(str(t) for t in parse_tag(text))
        if len(_TAGS) >= _TAGS_MAX:
            _TAGS.clear()
        _TAGS[text] = tags
    return list(tags)  # each row owns its list


def parse_filename(filename: str) -> tuple[NormalizedName, str, list[Any] | None, list[str] | None] | None:
    """(name, version, build, tags) of a wheel or sdist file name; None if it isn't one (pip ignores those).

    The same answers as packaging's ``parse_wheel_filename``/``parse_sdist_filename`` on the
    whole name (tested), from the memos above; a wheel's tag set is parsed without judging.
    """
    try:
        if filename.endswith(".whl"):
            stem = filename[:-4]
            dashes = stem.count("-")
            if dashes == 4:
                name_part, version_part, tag_text = stem.split("-", 2)
                name = _judged(_WHEEL_NAMES, name_part, _wheel_name)
                version = _judged(_VERSIONS, version_part, _version)
                if name is None or version is None:
                    return None
                return name, version, None, _tags(tag_text)
            if dashes == 5:  # a build tag: rare, packaging reads the head
                *head, tag_text = stem.split("-", 3)
                name, parsed, build, _ = parse_wheel_filename("-".join(head) + "-py3-none-any.whl")
                return name, str(parsed), list(build) if build else None, _tags(tag_text)
            return None
        if filename.endswith(".tar.gz"):
            stem = filename[:-7]
        elif filename.endswith(".zip"):
            stem = filename[:-4]
        else:
            return None
        name_part, sep, version_part = stem.rpartition("-")
        if not sep:
            return None
        name = _judged(_SDIST_NAMES, name_part, _sdist_name)
        version = _judged(_VERSIONS, version_part, _version)
        if name is None or version is None:
            return None
        return name, version, None, None
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion, ValueError):
        return None


#: The archives pip takes as source distributions: what it unpacks (its ``SUPPORTED_EXTENSIONS``
#: with bz2 and lzma, less ``.whl``), by pip's extension rule (``.tar`` joins the next suffix).
_SDIST_EXTENSIONS = frozenset({".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz",
                               ".tar.lz", ".tar.lzma"})


#: A dash that a version may follow (one starts with a digit, "v" or a blank): where pip may split.
_EARLIER_VERSION = re.compile(r"-[0-9vV\s]")


def _sdist_stem(filename: str) -> str | None:
    """The name without its archive extension, if pip takes the file as an sdist."""
    if filename.endswith(".tar.gz"):
        return filename[:-7]
    base, ext = posixpath.splitext(filename)
    if base.lower().endswith(".tar"):
        base, ext = base[:-4], base[-4:] + ext
    return base if ext in _SDIST_EXTENSIONS and "/" not in base else None


def parse_filenames(filename: str) -> list[tuple[NormalizedName, str, list[Any] | None, list[str] | None]]:
    """Every (name, version, build, tags) pip may read a listed file as: a wheel's one (see
    :func:`parse_filename`); for an sdist, one per dash where the rest is a valid version.

    Why: pip reads an sdist's name for the project it looks for, splitting at the first dash
    after that project's name (``docutils-0.15.1-post1.tar.gz`` is docutils 0.15.1.post1), and
    takes ``.tar.bz2``, ``.tgz``, ... too (``Twisted-12.0.0.tar.bz2``); packaging's rule (the
    last dash, ``.tar.gz``/``.zip`` only) hid such releases. A page keeps the rows of its project.
    """
    if filename.endswith(".whl"):
        parsed = parse_filename(filename)
        return [] if parsed is None else [parsed]
    stem = filename[:-7] if filename.endswith(".tar.gz") else _sdist_stem(filename)
    if stem is None:
        return []
    last = stem.rfind("-")
    if last < 0:
        return []
    version = _judged(_VERSIONS, stem[last + 1:], _version)  # packaging's reading (the last dash)
    name = _judged(_SDIST_NAMES, stem[:last], _sdist_name) if version is not None else None
    out = [] if name is None else [(name, version, None, None)]
    if stem.find("-") < last and _EARLIER_VERSION.search(stem, 0, last):  # rare: a version after an earlier dash
        earlier = []
        for m in _EARLIER_VERSION.finditer(stem, 0, last):
            version = _judged(_VERSIONS, stem[m.start() + 1:], _version)
            name = _judged(_SDIST_NAMES, stem[:m.start()], _sdist_name) if version is not None else None
            if name is not None:
                earlier.append((name, version, None, None))
        out[:0] = earlier
    return out


def make_row(
    filename: str,
    url: str,
    hashes: dict[str, str] | None = None,
    requires_python: str | None = None,
    yanked: str | None = None,
    core_metadata: bool | dict[str, str] = False,
    uploaded: int | None = None,
) -> tuple[NormalizedName, Row] | None:
    """The (project name, row) for one listed file, or None if pip would ignore the file: read by
    packaging's rule, as pip reads a find-links directory (pages: :func:`make_rows`)."""
    parsed = parse_filename(filename)
    if parsed is None:
        return None
    return _row(parsed, filename, url, hashes, requires_python, yanked, core_metadata, uploaded)


def make_rows(
    filename: str,
    url: str,
    hashes: dict[str, str] | None = None,
    requires_python: str | None = None,
    yanked: str | None = None,
    core_metadata: bool | dict[str, str] = False,
) -> list[tuple[NormalizedName, Row]]:
    """:func:`make_row` for every reading of the file name pip may make (:func:`parse_filenames`)."""
    return [_row(parsed, filename, url, hashes, requires_python, yanked, core_metadata, None)
            for parsed in parse_filenames(filename)]


def _row(parsed: tuple[NormalizedName, str, list[Any] | None, list[str] | None], filename: str, url: str,
         hashes: dict[str, str] | None, requires_python: str | None, yanked: str | None,
         core_metadata: bool | dict[str, str], uploaded: int | None) -> tuple[NormalizedName, Row]:
    name, version, build, tags = parsed
    rp = requires_python.strip() if isinstance(requires_python, str) and requires_python.strip() else None
    return name, [filename, url, dict(hashes or {}), rp, yanked, core_metadata, version, build, tags, uploaded]


_FRACTION = re.compile(r"(T\d\d:\d\d:\d\d)[.,]\d+")


def upload_time_of(row: Row) -> int | None:
    """A row's upload time (seconds since the epoch), None when unknown or stored before it was kept."""
    return row[9] if len(row) > 9 else None


def size_of(row: Row) -> int | None:
    """A row's file size in bytes (PEP 700), None when the page gave none or it was stored before it was kept."""
    return row[10] if len(row) > 10 else None


def _size(value: Any) -> int | None:
    """PEP 700 ``size``: a non-negative integer; anything else (a bool, a string, a float) is unknown."""
    return value if type(value) is int and value >= 0 else None


def parse_upload_time(value: Any) -> int | None:
    """PEP 700 ``upload-time`` (ISO 8601, e.g. ``2024-01-02T03:04:05.123456Z``) -> whole seconds
    since the epoch; None for anything else (an index's odd value must not fail the page)."""
    if not isinstance(value, str) or not value:
        return None
    # datetime is imported with the module: an import statement here cost 0.6 µs of a 1.9 µs
    # call, run for every file of every page a cold lock reads (130,000 on the large set).
    try:  # Python 3.11+ reads the usual form directly ("Z", any fraction): the floor is the whole second
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return _upload_time_general(value)
    return _seconds(parsed, math.floor)


def _upload_time_general(value: str) -> int | None:
    """:func:`parse_upload_time` for any form: the fraction dropped (Python 3.10 reads only 3 or
    6 digits), ``Z`` as ``+00:00``, surrounding blanks ignored."""
    text = _FRACTION.sub(r"\1", value.strip(), count=1)
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return _seconds(parsed, int)


def _seconds(parsed: Any, whole: Any) -> int | None:
    """Seconds since the epoch of ``parsed`` (a time without a zone is UTC), made whole by ``whole``."""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        return int(whole(parsed.timestamp()))
    except (OverflowError, OSError, ValueError):
        return None


def _hashes_from_fragment(fragment: str) -> dict[str, str]:
    name, sep, value = fragment.partition("=")
    if sep and name in _HASH_NAMES and value:
        return {name: value}
    return {}


def _hashes_from_attr(value: str | None) -> bool | dict[str, str]:
    """PEP 658/714 attribute: "true" or "sha256=<hex>" -> True / hash dict; absent -> False."""
    if value is None:
        return False
    value = value.strip()
    if value.lower() in ("", "false"):
        return False
    hashes = _hashes_from_fragment(value)
    return hashes or True


def _filename_of(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def _anchor_parser() -> Any:
    """An HTMLParser collecting <a> attributes and the <base href> (html.parser imported lazily)."""
    from html.parser import HTMLParser

    class AnchorParser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)  # attribute values come out unescaped
            self.base: str | None = None
            self.anchors: list[dict[str, str | None]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                self.anchors.append(dict(attrs))
            elif tag == "base" and self.base is None:
                href = dict(attrs).get("href")
                if href:
                    self.base = href

    return AnchorParser()


_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|a|meta|title|pre|p|div|br|h1|table)\b", re.I)


def not_a_page(data: bytes) -> str | None:
    """Why an answer served as HTML cannot be a PEP 503 page (None if it may be one).

    An empty page is a project with no files; a page of links is a page even when pip would
    ignore every link. What is left is binary data or text without any markup: a proxy's
    error body, a truncated download, a misconfigured server. pip reads those as "no
    versions", which sends the user after their version ranges instead of the index.
    """
    if not data.strip():
        return None
    head = data[:65536]
    if b"\x00" in head:
        return "binary data, not HTML text"
    if _MARKUP.search(head) is None:
        preview = head[:60].decode("utf-8", errors="replace").strip().replace("\n", " ")
        return f"text without HTML markup, starting {preview!r}"
    return None


def parse_html(data: bytes, page_url: str, *, charset: str | None = None) -> list[tuple[NormalizedName, Row]]:
    """Rows for every distribution linked from a PEP 503 page (or any HTML page of links)."""
    if data.count(b"<a") + data.count(b"<A") > MAX_LINKS:  # parsing costs ~3 us a tag: minutes
        raise IndexFetchError(f"The page {page_url} has more than {MAX_LINKS:,} links, more than any package "
                              "index lists for one project; check that the URL points at a package index.")
    try:
        text = data.decode(charset or "utf-8", errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    parser = _anchor_parser()
    parser.feed(text)
    parser.close()
    base = urljoin(page_url, parser.base) if parser.base else page_url
    out: list[tuple[NormalizedName, Row]] = []
    for attrs in parser.anchors:
        href = attrs.get("href")
        if not href:
            continue
        url, fragment = urldefrag(urljoin(base, href.strip()))
        yanked = attrs.get("data-yanked")
        core = attrs.get("data-core-metadata")
        if core is None:
            core = attrs.get("data-dist-info-metadata")
        out += make_rows(
            _filename_of(url),
            url,
            _hashes_from_fragment(fragment),
            attrs.get("data-requires-python"),
            None if yanked is None else yanked,
            _hashes_from_attr(core),
        )
    return out


_PLAIN_URL = re.compile(r"https?://[^/\[\]#?;\s\x00-\x1f\x7f][^\[\]#?;\s\x00-\x1f\x7f]*\Z")


def _absolute(page_url: str, url: str) -> tuple[str, str]:
    """``urldefrag(urljoin(page_url, url))``, without the work for the usual case: an absolute
    http(s) URL with a host and no query, parameters, fragment, brackets or blanks, which
    urljoin returns unchanged (the work was ~40 % of reading a page)."""
    if _PLAIN_URL.match(url):
        return url, ""
    defragged = urldefrag(urljoin(page_url, url))
    return defragged.url, defragged.fragment


def parse_json(data: bytes, page_url: str) -> list[tuple[NormalizedName, Row]]:
    """Rows for a PEP 691 project page; malformed documents raise :class:`IndexFetchError`."""
    try:
        doc = json.loads(data)
        version = str(doc.get("meta", {}).get("api-version", "1.0"))
        files = doc["files"]
        if not isinstance(files, list):
            raise TypeError("'files' is not a list")
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:  # Recursion: nested too deeply
        raise IndexFetchError(
            f"The package index page {page_url} is not a valid simple-API JSON document ({exc}). "
            "Check the index URL, or use --index-url to point at a working index."
        ) from None
    if version.split(".", 1)[0] != "1":
        raise IndexFetchError(
            f"The package index page {page_url} uses simple-API version {version}, "
            "which stackwise does not understand (only 1.x)."
        )
    out: list[tuple[NormalizedName, Row]] = []
    append = out.append
    plain = _PLAIN_URL.match
    # A page of ASCII without escapes ("\\") or DEL holds strings of printable ASCII and blanks
    # only (JSON has no raw control characters in strings): there a URL is plain (_PLAIN_URL)
    # when it starts with a scheme and a host and has no blank, bracket, "#", "?" or ";" -- a few
    # substring tests, where the pattern took ~2 us per file. Without those three characters
    # anywhere on the page, only blanks and brackets are looked for.
    clean = isinstance(data, bytes) and data.isascii() and b"\\" not in data and b"\x7f" not in data
    unmarked = clean and b"#" not in data and b"?" not in data and b";" not in data
    for f in files:
        # The loop runs once per listed file (130,000 on a cold lock of the large set), so the
        # usual shapes take short paths: an absolute URL, one sha256, a string file name; any
        # other value goes through the general code, with the same result.
        if not isinstance(f, dict):
            continue
        url = f.get("url")
        if not isinstance(url, str):
            continue
        if (clean and (url[8:9] not in _NO_HOST if url.startswith("https://") else
                       url.startswith("http://") and url[7:8] not in _NO_HOST)
                and " " not in url and "[" not in url and "]" not in url
                and (unmarked or ("#" not in url and "?" not in url and ";" not in url))) or plain(url):
            fragment = ""
        else:
            url, fragment = _absolute(page_url, url)
        hashes = f.get("hashes")
        if type(hashes) is dict and len(hashes) == 1 and type(digest := hashes.get("sha256")) is str:
            hashes = {"sha256": digest}  # the usual shape (_hash_dict's first case, inline)
        else:
            hashes = _hash_dict(hashes, fragment)
        yanked = f.get("yanked", False)
        yanked_reason = (yanked if isinstance(yanked, str) else "") if yanked else None
        core = f.get("core-metadata", _NOT_GIVEN)
        if core is _NOT_GIVEN:
            core = f.get("dist-info-metadata", False)
        core = (_hash_dict(core, "") or True) if isinstance(core, dict) else bool(core)
        rp = f.get("requires-python")
        if type(rp) is not str:
            rp = rp if isinstance(rp, str) else None
        if rp is not None:
            rp = rp.strip() or None
        filename = f.get("filename")
        if type(filename) is not str or not filename:
            filename = str(filename or _filename_of(url))
        if filename.endswith(".whl"):  # one reading: no list of readings (the usual file)
            parsed = parse_filename(filename)
            if parsed is None:
                continue
            name, version, build, tags = parsed
            append((name, [filename, url, hashes, rp, yanked_reason, core, version, build, tags,
                           parse_upload_time(f.get("upload-time")), _size(f.get("size"))]))
            continue
        for name, version, build, tags in parse_filenames(filename):
            append((name, [filename, url, hashes, rp, yanked_reason, core, version, build, tags,
                           parse_upload_time(f.get("upload-time")), _size(f.get("size"))]))
    return out


#: what may follow "https://" for _PLAIN_URL to refuse the URL: nothing, or a path (no host)
_NO_HOST = ("", "/")
#: a sentinel: "core-metadata" absent (its value may be anything, ``None`` included)
_NOT_GIVEN: Any = object()


def _hash_dict(value: Any, fragment: str) -> dict[str, str]:
    """A file's ``hashes`` as parse_json keeps them: the known algorithms, as strings (a new
    dict); from the URL's fragment when ``value`` is not a dict."""
    if isinstance(value, dict):
        if len(value) == 1:
            digest = value.get("sha256")
            if type(digest) is str:
                return {"sha256": digest}
        return {str(k): str(v) for k, v in value.items() if k in _HASH_NAMES}
    return _hashes_from_fragment(fragment)  # known names and string values only, already


def list_directory(path: str) -> list[tuple[NormalizedName, Row]]:
    """Rows for the distribution files directly inside a local directory (no hashes: computed on demand)."""
    from pathlib import Path

    out: list[tuple[NormalizedName, Row]] = []
    with os.scandir(path) as it:
        for entry in it:
            if entry.is_file():
                row = make_row(entry.name, Path(entry.path).resolve().as_uri())
                if row is not None:
                    out.append(row)
    out.sort(key=lambda r: r[1][0])
    return out
