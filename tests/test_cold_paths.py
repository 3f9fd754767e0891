"""Cold-lock shortcuts give what the general code gives, and digests stored late stay tied to
their page: the page parser's URL test on clean pages (index/simple.py), the per-tag-set
priority memo of the file choice (index/client.py ``_pick``), and ``put_digest``'s ``gen``.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest

from stackwise.environment import TargetEnvironment
from stackwise.index import simple
from stackwise.index.cache import IndexCache
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig

PAGE = "https://index.example/simple/demo/"
SHA = "a" * 64

URLS = [
    "https://files.example/p/demo-1.0-py3-none-any.whl",
    "http://files.example/p/demo-1.0-py3-none-any.whl",
    "https://files.example/p/de mo-1.0-py3-none-any.whl",
    "https://files.example/p/[demo]-1.0-py3-none-any.whl",
    "https://[::1]/p/demo-1.0-py3-none-any.whl",
    "https://files.example/p/demo-1.0-py3-none-any.whl#sha256=" + SHA,
    "https://files.example/p/demo-1.0-py3-none-any.whl?x=1",
    "https://files.example/p/demo-1.0-py3-none-any.whl;params",
    "https:///p/demo-1.0-py3-none-any.whl",
    "https://",
    "http://",
    "https:/files.example/demo-1.0-py3-none-any.whl",
    "HTTPS://files.example/demo-1.0-py3-none-any.whl",
    "//files.example/demo-1.0-py3-none-any.whl",
    "../../p/demo-1.0-py3-none-any.whl",
    "demo-1.0-py3-none-any.whl",
    "https://files.example/p/./demo-1.0-py3-none-any.whl",
    "https://files.example/p/../demo-1.0-py3-none-any.whl",
]


def _page(urls: list[str], extra: str) -> bytes:
    files = [{"filename": "demo-1.0-py3-none-any.whl", "url": u, "hashes": {"sha256": SHA}} for u in urls]
    # printable ASCII, no escapes: the parser's "clean" page; ``extra`` adds a yanked reason
    return json.dumps({"meta": {"api-version": "1.1"}, "files": files,
                       "note": extra}, ensure_ascii=True).encode()


def _expected_urls(urls: list[str]) -> list[str]:
    return [urldefrag(urljoin(PAGE, u)).url for u in urls]


@pytest.mark.parametrize("extra", ["", "has # and ? and ;", "tab\there", "caf\u00e9"])
@pytest.mark.parametrize("url", URLS)
def test_page_urls_are_read_as_urljoin_reads_them(url: str, extra: str) -> None:
    rows = simple.parse_json(_page([url, URLS[0]], extra), PAGE)
    assert [row[1] for _, row in rows] == _expected_urls([url, URLS[0]])
    # a fragment's hash is used only where the page gives none: here it always gives one
    assert all(row[2] == {"sha256": SHA} for _, row in rows)


@pytest.mark.parametrize("raw", [b"\x7f", b"\x1f"])
def test_raw_control_characters_take_the_general_path(raw: bytes) -> None:
    url = b"https://files.example/p/de" + raw + b"mo-1.0-py3-none-any.whl"
    data = (b'{"meta": {"api-version": "1.1"}, "files": [{"filename": "demo-1.0-py3-none-any.whl", "url": "'
            + url + b'", "hashes": {}}]}')
    try:
        rows = simple.parse_json(data, PAGE)
    except Exception as exc:  # noqa: BLE001 - JSON refuses raw control characters below 0x20
        assert raw < b"\x20", exc
        return
    assert [row[1] for _, row in rows] == _expected_urls([url.decode()])


def test_file_choice_with_the_tag_memo_equals_a_fresh_choice(tmp_path: Path) -> None:
    """The same tag set, spelled by several rows and versions, gets one answer; a second client
    (an empty memo) chooses the same files."""
    tags = [["cp311-cp311-manylinux_2_17_x86_64"], ["py3-none-any"], ["cp27-cp27m-win32"],
            ["cp311-abi3-macosx_11_0_arm64", "py3-none-any"], [], ["py2-none-any", "cp311-cp311-win_amd64"]]
    rows = []
    for v in range(6):
        for i, t in enumerate(tags):
            rows.append([f"demo-1.{v}-{i}.whl", f"https://f.example/{v}/{i}.whl", {}, None, None, False,
                         f"1.{v}", None, list(t), None, None])
        rows.append([f"demo-1.{v}.tar.gz", f"https://f.example/{v}.tar.gz", {}, None, None, False, f"1.{v}",
                     None, None, None, None])
    target = TargetEnvironment.for_platform("linux", "3.11")
    picks = []
    for k in range(2):
        with IndexClient(IndexConfig(index_urls=("https://i.example/simple",), cache_dir=tmp_path / f"c{k}"),
                         target) as client:
            items = [(row, "https://i.example/simple") for row in rows]
            picks.append([client._pick([it for it in items if it[0][6] == f"1.{v}"], "demo") for v in range(6)]
                         + [client._pick(items[::-1], "demo")])
    assert picks[0] == picks[1]
    first = picks[0][0][0]
    assert first is not None and rows[first][8] == ["cp311-cp311-manylinux_2_17_x86_64"]


def test_a_digest_is_stored_only_under_the_gen_it_was_built_from(tmp_path: Path) -> None:
    cache = IndexCache(tmp_path)
    url = "https://i.example/simple/demo/"
    gen = cache.put_page(url, '["1.0"]', by_version={"1.0": "[]"})
    cache.put_digest(url, "t", '{"v": ["stale"]}', gen="0" * 32)  # the page was replaced meanwhile
    assert cache.get_digest(url, "t") is None
    cache.put_digest(url, "t", '{"v": ["1.0"]}', gen=gen)
    assert cache.get_digest(url, "t") == '{"v": ["1.0"]}'
    cache.close()


def test_a_cold_lock_stores_every_digest_before_it_exits(index_factory, tmp_path: Path) -> None:
    """Digests are stored on a writer thread in a cold run: all of them before the cache closes,
    each under its page's gen, and a warm run then reads them instead of the pages' rows."""
    import sqlite3

    from stackwise.cli import main

    index = index_factory({"a": {"1.0": ["b", "c"]}, "b": {"1.0": ["c"], "2.0": ["c"]}, "c": {"1.0": []}})
    cache = tmp_path / "cache"
    args = ["lock", "a", "-i", index.url, "--no-default-scores", "--cache-dir", str(cache), "-q", "--no-reuse"]
    assert main([*args, "-o", str(tmp_path / "cold.txt")]) == 0
    with sqlite3.connect(cache / "index-v1.sqlite3") as conn:
        pages = {url for (url,) in conn.execute("SELECT url FROM pages")}
        digests = {url for (url,) in conn.execute("SELECT url FROM digests")}
    assert len(pages) == 3 and digests == pages
    assert main([*args, "-o", str(tmp_path / "warm.txt")]) == 0
    assert (tmp_path / "warm.txt").read_text().split("\n")[2:] == (tmp_path / "cold.txt").read_text().split("\n")[2:]
