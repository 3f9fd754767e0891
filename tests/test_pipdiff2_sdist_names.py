"""Source distributions are read from an index listing the way pip reads them.

Why: found on the public index. pip takes every archive format it can unpack as an sdist
(``.tar.gz``, ``.zip``, ``.tar.bz2``, ``.tgz``, ``.tar``, ``.tar.xz``, ...) and splits a file
name at the first dash where the part before it names the project, so the rest is the version
(``docutils-0.15.1-post1.tar.gz`` is docutils 0.15.1.post1). stackwise took ``.tar.gz`` and
``.zip`` only and split at the last dash (packaging's sdist rule): it did not see 62 of
Twisted's 99 releases (``Twisted-12.0.0.tar.bz2``) nor docutils 0.15.1.post1, so a range that
reaches them resolved differently from pip. (pip reads a local find-links *directory* with
packaging's rule, and so does stackwise: only pages use pip's.) Both tools run against the same
files (a local index on 127.0.0.1 and a find-links page; the sdists are built for their metadata,
with setuptools from this machine).
"""

from __future__ import annotations

import bz2
import gzip
import tempfile
from pathlib import Path

import pytest

from stackwise.index import simple
from support import build_sdist, build_wheel
from support.indexserver import IndexServer
from test_pip_equivalence import pip_pick, stackwise_pick

pytestmark = pytest.mark.slow


def _renamed(sdist: Path, name: str, *, bzip2: bool = False) -> None:
    """Give a built ``.tar.gz`` another file name (and bzip2 compression)."""
    data = sdist.read_bytes()
    if bzip2:
        data = bz2.compress(gzip.decompress(data))
    sdist.unlink()
    (sdist.parent / name).write_bytes(data)


def _both(capsys, build_links: Path, reqs: list[str]) -> tuple[dict | None, dict | None]:
    with tempfile.TemporaryDirectory() as tmp:
        files, links = Path(tmp, "files"), Path(tmp, "links")
        build_wheel(files, "old", "1.0")
        build_wheel(files, "dash", "1.0")
        # The sdists are listed by an HTML page given to --find-links, which both tools read as
        # an index page (the test index lists only what packaging parses; a find-links
        # directory pip reads with packaging's rule itself). setuptools comes from build_links.
        _renamed(build_sdist(links, "old", "2.0"), "old-2.0.tar.bz2", bzip2=True)
        _renamed(build_sdist(links, "dash", "1.0.post1"), "dash-1.0-post1.tar.gz")
        anchors = "".join(f'<a href="{p.name}">{p.name}</a>' for p in sorted(links.iterdir()))
        (links / "page.html").write_text(f"<html><body>{anchors}</body></html>")
        args = [*reqs, "--find-links", str(links / "page.html"), "--find-links", str(build_links)]
        with IndexServer(files) as server:
            expected = pip_pick(server.url, args, str(Path(tmp, "pipcache")))
            got = stackwise_pick(server.url, args, str(Path(tmp, "cache")), capsys)
    return got, expected


def test_a_bzip2_sdist_is_a_release_as_for_pip(capsys, build_links: Path) -> None:
    got, expected = _both(capsys, build_links, ["old"])
    assert expected == {"old": "2.0"}
    assert got == expected


def test_a_dash_inside_an_sdist_version_is_read_as_pip_reads_it(capsys, build_links: Path) -> None:
    got, expected = _both(capsys, build_links, ["dash"])
    assert expected == {"dash": "1.0.post1"}
    assert got == expected


@pytest.mark.parametrize("filename,rows", [
    ("docutils-0.15.1-post1.tar.gz", [("docutils", "0.15.1.post1")]),
    ("Twisted-12.0.0.tar.bz2", [("twisted", "12.0.0")]),
    ("pkg-1.0.tgz", [("pkg", "1.0")]),
    ("pkg-1.0.tar", [("pkg", "1.0")]),
    ("pkg-1.0.tar.xz", [("pkg", "1.0")]),
    ("python-dateutil-2.8.2.tar.gz", [("python-dateutil", "2.8.2")]),
    # Either split is a version: pip reads the file for both projects.
    ("foo-1-2.tar.gz", [("foo", "1.post2"), ("foo-1", "2")]),
    ("pkg-1.0.exe", []),
    ("pkg-1.0.egg", []),
    ("pkg.tar.gz", []),
])
def test_listed_file_names(filename: str, rows: list[tuple[str, str]]) -> None:
    got = [(name, row[6]) for name, row in simple.parse_html(
        f'<a href="https://files.invalid/{filename}">x</a>'.encode(), "https://files.invalid/simple/x/")]
    assert got == rows
