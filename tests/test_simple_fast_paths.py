"""The page parser's fast paths give exactly what the general code gives.

Why: a cold lock reads ~100,000 file entries, and ``urljoin``, wheel-name parsing and
upload-time parsing were most of its CPU; each now has a shortcut for the common case
(:mod:`stackwise.index.simple`). A shortcut that answered differently would change stored
rows, hash lines and lock files, so each is compared here with the general code on the
shapes an index (or a hostile one) can send.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

import pytest
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion

from stackwise.index import simple

PAGE = "https://index.example/simple/demo/"

URLS = [
    "https://files.example/packages/ab/cd/demo-1.0-py3-none-any.whl",
    "http://files.example/demo-1.0.tar.gz",
    "https://files.example/demo-1.0.tar.gz#sha256=" + "a" * 64,
    "https://files.example/demo-1.0.tar.gz?x=1",
    "https://files.example/demo-1.0.tar.gz;params",
    "https://files.example/demo-1.0.tar.gz;",
    "https://files.example/demo-1.0.tar.gz?",
    "https://files.example/demo-1.0.tar.gz#",
    "https:///demo-1.0.tar.gz",
    "https://[::1]/demo-1.0.tar.gz",
    "https://files.example/a/../demo-1.0.tar.gz",
    "https://files.example/de mo-1.0.tar.gz",
    "https://files.example/demo\t-1.0.tar.gz",
    "HTTPS://files.example/demo-1.0.tar.gz",
    "ftp://files.example/demo-1.0.tar.gz",
    "../../packages/demo-1.0.tar.gz",
    "/packages/demo-1.0.tar.gz",
    "demo-1.0.tar.gz",
    "//other.example/demo-1.0.tar.gz",
]


@pytest.mark.parametrize("url", URLS)
def test_absolute_equals_urljoin_then_urldefrag(url: str) -> None:
    try:
        joined = urldefrag(urljoin(PAGE, url))
    except ValueError:
        with pytest.raises(ValueError):
            simple._absolute(PAGE, url)
        return
    assert simple._absolute(PAGE, url) == (joined.url, joined.fragment)


NAMES = [
    "demo-1.0-py3-none-any.whl",
    "Demo_Pkg-1.0.0-py2.py3-none-any.whl",
    "demo-1.0-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "demo-1.0-1abc-cp311-cp311-linux_x86_64.whl",
    "demo-01.0-cp310.cp311-abi3-macosx_11_0_arm64.macosx_11_0_x86_64.whl",
    "demo-1.0-x-cp311-cp311-linux_x86_64.whl",  # bad build tag
    "de__mo-1.0-py3-none-any.whl",  # bad name
    "demo-notaversion-py3-none-any.whl",
    "demo-1.0-py3-none.whl",  # too few parts
    "demo-1.0-1-2-py3-none-any.whl",  # too many parts
    "demo-1.0-py3-none-any.whl.metadata",
    "demo-1.0.tar.gz",
    "Demo.Pkg_x-01.0RC1.tar.gz",
    "demo-pkg-1.0.post1.zip",
    "demo--1.0.tar.gz",
    "-1.0.tar.gz",  # no name
    "demo-.tar.gz",  # no version
    "demo.tar.gz",  # no dash
    "demo-1.0-junk.tar.gz",
    "demo-1.0.TAR.GZ",
    "demo-1.0.tar.bz2",
    "demo-1!2.0+local.7-py3-none-any.whl",
    "demo-v1.0-py3-none-any.whl",
    "Demo-1.0-py3-none-any.whl",  # the same name and version spelled otherwise: memo keys
    "demo-1.00-py3-none-any.whl",
    "démo-1.0-py3-none-any.whl",
    "demo-1.0--none-any.whl",
    "demo-1.0-1-py3-none-any.whl",
    "demo-1.0-01x-py3-none-any.whl",
    "-1.0-py3-none-any.whl",
    ".whl",
    "demo-1.0-py3-none-any",
]


def _reference(filename: str) -> object:
    """What parse_filename returned before the memos: packaging on the whole name."""
    if filename.endswith((".tar.gz", ".zip")):
        try:
            sname, sversion = parse_sdist_filename(filename)
        except (InvalidSdistFilename, InvalidVersion, ValueError):
            return None
        return sname, str(sversion), None, None
    if not filename.endswith(".whl"):
        return None
    try:
        name, version, build, tags = parse_wheel_filename(filename)
    except (InvalidWheelFilename, InvalidVersion, ValueError):
        return None
    return name, str(version), list(build) if build else None, sorted(str(t) for t in tags)


@pytest.mark.parametrize("filename", NAMES)
def test_wheel_names_parse_as_packaging_parses_them(filename: str) -> None:
    expected = _reference(filename)
    for _ in range(2):  # the second time from the memos
        assert simple.parse_filename(filename) == expected
    if isinstance(expected, tuple) and expected[3] is not None:
        first, second = simple.parse_filename(filename), simple.parse_filename(filename)
        assert first is not None and second is not None
        first[3].append("mutated")  # a row's list is its own: the memo is not shared out
        assert "mutated" not in second[3]


def _reference_rows(files: list, page_url: str) -> list:
    """A page's rows by the general code, file by file (what parse_json did before its short paths)."""
    out = []
    for f in files:
        if not isinstance(f, dict) or not isinstance(f.get("url"), str):
            continue
        defragged = urldefrag(urljoin(page_url, f["url"]))
        url, fragment = defragged.url, defragged.fragment
        hashes = f.get("hashes") if isinstance(f.get("hashes"), dict) else simple._hashes_from_fragment(fragment)
        hashes = {str(k): str(v) for k, v in hashes.items() if k in simple._HASH_NAMES}
        yanked = f.get("yanked", False)
        core = f.get("core-metadata", f.get("dist-info-metadata", False))
        if isinstance(core, dict):
            core = {str(k): str(v) for k, v in core.items() if k in simple._HASH_NAMES} or True
        else:
            core = bool(core)
        rp = f.get("requires-python")
        rp = rp.strip() or None if isinstance(rp, str) else None
        filename = str(f.get("filename") or simple._filename_of(url))
        parsed = _reference(filename)
        if parsed is None:
            continue
        name, version, build, tags = parsed
        out.append((name, [filename, url, hashes, rp, (yanked if isinstance(yanked, str) else "") if yanked else None,
                           core, version, build, tags, simple.parse_upload_time(f.get("upload-time")),
                           f["size"] if type(f.get("size")) is int and f["size"] >= 0 else None]))
    return out


FILES = [
    {"filename": "demo-1.0-py3-none-any.whl", "url": URLS[0], "hashes": {"sha256": "a" * 64}},
    {"filename": "demo-1.0.tar.gz", "url": "../../f/demo-1.0.tar.gz#sha256=" + "b" * 64, "hashes": {}},
    {"filename": "demo-1.0.tar.gz", "url": "demo-1.0.tar.gz#md5=" + "c" * 32, "hashes": "not a dict"},
    {"filename": "demo-1.1.tar.gz", "url": URLS[1], "hashes": {"sha256": 5}},
    {"filename": "demo-1.1.tar.gz", "url": URLS[1], "hashes": {"sha256": "d" * 64, "blake2b": "e", "x-unknown": "f"}},
    {"filename": "demo-1.1.tar.gz", "url": URLS[1], "hashes": {"md5": "f" * 32}},
    {"filename": "demo-1.2-py3-none-any.whl", "url": URLS[0], "core-metadata": {"sha256": "a" * 64},
     "dist-info-metadata": False},
    {"filename": "demo-1.2-py3-none-any.whl", "url": URLS[0], "core-metadata": None, "dist-info-metadata": True},
    {"filename": "demo-1.2-py3-none-any.whl", "url": URLS[0], "dist-info-metadata": {"sha256": "a" * 64}},
    {"filename": "demo-1.2-py3-none-any.whl", "url": URLS[0], "core-metadata": {"nope": "x"}},
    {"filename": "demo-1.2-py3-none-any.whl", "url": URLS[0], "core-metadata": {"sha256": 7, "md5": "y"}},
    {"filename": "demo-1.2-py3-none-any.whl", "url": URLS[0], "core-metadata": "true"},
    {"filename": "demo-1.2-py3-none-any.whl", "url": URLS[0], "core-metadata": 0},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "requires-python": " >=3.8 "},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "requires-python": "   "},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "requires-python": 3.8},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "yanked": True},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "yanked": "broken build"},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "yanked": ""},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "yanked": 1},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "upload-time": "2024-01-02T03:04:05.5Z"},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "upload-time": 17},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "size": 1234},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "size": 0},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "size": -1},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "size": True},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "size": "1234"},
    {"filename": "demo-1.3.tar.gz", "url": URLS[1], "size": 12.0},
    {"filename": "", "url": "https://files.example/x/demo-1.4.tar.gz"},
    {"filename": None, "url": "https://files.example/x/demo%2D1.5.tar.gz"},
    {"filename": 0, "url": "https://files.example/x/demo-1.6.zip"},
    {"url": "https://files.example/x/demo-1.7-1-py3-none-any.whl"},
    {"filename": "demo-1.8-py3-none-any.whl", "url": 5},
    {"filename": "demo-1.8-py3-none-any.whl"},
    "not a dict",
    {"filename": "de__mo-1.9-py3-none-any.whl", "url": URLS[0]},
    {"filename": "demo-bad-py3-none-any.whl", "url": URLS[0]},
    {"filename": "README.txt", "url": URLS[0]},
]


def test_json_page_rows_equal_the_general_code() -> None:
    import json

    for page in (PAGE, "file:///srv/index/demo/"):
        expected = _reference_rows(FILES, page)
        for _ in range(2):  # again from the memos
            got = simple.parse_json(json.dumps({"meta": {"api-version": "1.1"}, "files": FILES}).encode(), page)
            assert got == expected
            assert json.dumps(got) == json.dumps(expected)  # the same types too (stored as JSON text)


@pytest.mark.parametrize("value", [
    "2024-01-02T03:04:05.123456Z", "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.999999Z",
    "2024-01-02T03:04:05.1234567Z", "2024-01-02T03:04:05,5Z", "2024-01-02T03:04:05+02:00",
    "2024-01-02T03:04:05.5-05:30", "2024-01-02T03:04:05", "2024-01-02", " 2024-01-02T03:04:05Z ",
    "2024-01-02T03:04:05z", "1970-01-01T00:00:00.5Z", "not a time", "2024-13-40T00:00:00Z",
])
def test_upload_times_parse_as_the_general_path(value: str) -> None:
    """The direct reading (Python 3.11's fromisoformat) agrees with the general one, which
    drops the fraction first and reads "Z" as +00:00."""
    assert simple.parse_upload_time(value) == simple._upload_time_general(value)
