"""A wheel's METADATA read without ``zipfile`` (index/metadata.py ``_plain_zip_metadata``, the
cold lock's lazy-wheel reads) gives ``zipfile``'s bytes, or leaves the archive to ``zipfile``
(None) whenever it is not plain, so odd and broken wheels get ``zipfile``'s answer and error.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from stackwise.errors import MetadataError
from stackwise.index.lazywheel import LazyRemoteFile
from stackwise.index.metadata import _plain_zip_metadata, metadata_from_wheel
from support import build_wheel

META = "demo-1.0.dist-info/METADATA"


def _zipfile_answer(data: bytes, project: str = "demo") -> object:
    """What metadata_from_wheel answered before the shortcut: zipfile's member, or its error."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
            mine = [n for n in names if n.split("-", 1)[0] == project]
            return zf.read((mine or names)[0]) if names else MetadataError
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError):
        return MetadataError


def _answer(data: bytes, project: str = "demo") -> object:
    try:
        return metadata_from_wheel(io.BytesIO(data), project, "demo.whl")
    except MetadataError:
        return MetadataError


def _archive(members: list[tuple[str, bytes]], *, method: int = zipfile.ZIP_DEFLATED, comment: bytes = b"",
             zip64: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, body in members:
            with zf.open(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), "w", force_zip64=zip64) as fh:
                fh.write(body)
        zf.comment = comment
    return buf.getvalue()


BODY = b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Dist: other\n\n"
PLAIN = [("demo/__init__.py", b"x = 1\n" * 50), (META, BODY), ("demo-1.0.dist-info/RECORD", b"")]


def _corrupt_crc(data: bytes) -> bytes:
    """The METADATA entry's CRC-32 in the central directory, off by one bit."""
    for i in (i for i in range(len(data)) if data.startswith(b"PK\x01\x02", i)):
        n = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46:i + 46 + n] == META.encode():
            crc = struct.unpack_from("<L", data, i + 16)[0] ^ 1
            return data[:i + 16] + struct.pack("<L", crc) + data[i + 20:]
    raise AssertionError("no METADATA entry")


CASES = {
    "deflated": _archive(PLAIN),
    "stored": _archive(PLAIN, method=zipfile.ZIP_STORED),
    "comment": _archive(PLAIN, comment=b"hello"),
    "prefixed": b"#!/bin/sh\n" + _archive(PLAIN),
    "zip64": _archive(PLAIN, zip64=True),
    "two dist-info": _archive([("other-1.0.dist-info/METADATA", b"Name: other\n"), *PLAIN]),
    "nested only": _archive([("x/demo-1.0.dist-info/METADATA", BODY)]),
    "no metadata": _archive([("demo/__init__.py", b"")]),
    "bad crc": _corrupt_crc(_archive(PLAIN)),
    "nul name": _archive([("demo-1.0.dist-info/METADATA\0x", BODY)]),
    "utf-8 name": _archive([("démo/é.py", b""), *PLAIN]),
    "truncated directory": _archive(PLAIN)[:-30],
    "not a zip": b"PK\x03\x04" + b"\0" * 100,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_plain_reading_agrees_with_zipfile(case: str) -> None:
    data = CASES[case]
    expected = _zipfile_answer(data)
    assert _answer(data) == expected
    fast = _plain_zip_metadata(io.BytesIO(data), "demo")
    assert fast is None or fast == expected
    if case in ("deflated", "stored", "two dist-info", "utf-8 name"):
        assert fast == BODY  # the plain cases do take the short way


def test_duplicate_names_read_the_last_entry_as_zipfile_does() -> None:
    with pytest.warns(UserWarning):  # zipfile: "Duplicate name"
        data = _archive([(META, b"Name: first\n"), *PLAIN])
    assert _plain_zip_metadata(io.BytesIO(data), "demo") == _zipfile_answer(data) == BODY


def test_a_lazy_wheel_is_read_in_no_more_requests(tmp_path: Path) -> None:
    """Many members (a central directory beyond the first tail request): the same ranges."""
    wheel = build_wheel(tmp_path, "demo", "1.0", ["other"],
                        files={f"demo/m{i:05d}_{'x' * 60}.py": "" for i in range(3000)})
    data = wheel.read_bytes()
    counts = []
    for read in (_plain_zip_metadata, lambda fh, project: zipfile.ZipFile(fh).read(META)):
        calls: list[tuple[int, int]] = []

        def fetch(lo: int, hi: int, calls: list[tuple[int, int]] = calls) -> bytes:
            calls.append((lo, hi))
            return data[lo:hi + 1]

        lazy = LazyRemoteFile(len(data), fetch)
        lazy.add(len(data) - 65536, data[-65536:])
        assert b"Requires-Dist: other" in read(lazy, "demo")
        counts.append(len(calls))
    assert counts[0] <= counts[1]
