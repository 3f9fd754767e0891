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
from packaging.utils import InvalidWheelFilename, parse_wheel_filename
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
]


def _reference(filename: str) -> object:
    """What parse_filename returned before the memo: packaging on the whole name."""
    if not filename.endswith(".whl"):
        return "not a wheel"
    try:
        name, version, build, tags = parse_wheel_filename(filename)
    except (InvalidWheelFilename, InvalidVersion, ValueError):
        return None
    return name, str(version), list(build) if build else None, sorted(str(t) for t in tags)


@pytest.mark.parametrize("filename", NAMES)
def test_wheel_names_parse_as_packaging_parses_them(filename: str) -> None:
    expected = _reference(filename)
    for _ in range(2):  # the second time from the memo
        got = simple.parse_filename(filename)
        if expected != "not a wheel":
            assert got == expected
    if isinstance(expected, tuple):
        first, second = simple.parse_filename(filename), simple.parse_filename(filename)
        assert first is not None and second is not None
        first[3].append("mutated")  # a row's list is its own: the memo is not shared out
        assert "mutated" not in second[3]


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
