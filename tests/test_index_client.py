"""IndexClient against a real HTTP index on 127.0.0.1 (and file:// / find-links trees)."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import pytest
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.errors import IndexFetchError, MetadataError
from stackwise.index.cache import SCHEMA_VERSION
from stackwise.index.client import IndexClient, Metadata
from stackwise.index.config import IndexConfig
from support import IndexServer, build_sdist, build_wheel, make_index

TARGET = TargetEnvironment.for_python("3.11")


def client_for(*urls: str, cache: Path, **kw) -> IndexClient:
    return IndexClient(IndexConfig(index_urls=urls, cache_dir=cache, **kw), TARGET)


def versions(project) -> list[str]:
    return [str(r.version) for r in project.releases]


def one_paragraph(err: BaseException) -> str:
    text = str(err)
    assert "\n" not in text and "Traceback" not in text and len(text) < 600, text
    return text


# -- page parsing -----------------------------------------------------------------------


def test_json_and_html_pages_give_the_same_project(index_factory, seed_graph, tmp_path: Path) -> None:
    files = make_index(tmp_path / "files", seed_graph)
    build_sdist(files, "simplelib", "2.0", ["dependency2"])
    yanked = {"simplelib-1.0-py3-none-any.whl": "bad > build"}
    json_srv = index_factory(files_dir=files, api="json", yanked=yanked)
    html_srv = index_factory(files_dir=files, api="html", yanked=yanked)

    results = []
    for srv in (json_srv, html_srv):
        with client_for(srv.url, cache=tmp_path / f"cache-{srv.api}") as client:
            project = client.project("SimpleLib")
            rows = [
                (str(r.version), r.yanked, r.yanked_reason, r.best.filename,
                 [(f.filename, f.url.replace(srv.root, "ROOT"), f.hashes, f.yanked, bool(f.core_metadata)) for f in r.files])
                for r in project.releases
            ]
            results.append(rows)
            assert client.metadata(project.releases[0]).requires_dist == ("dependency2",)
        assert srv.requests_log[0] == "/simple/simplelib/"
    assert results[0] == results[1]
    assert [r[0] for r in results[0]] == ["2.0", "1.0"]
    assert results[0][1][1:3] == (True, "bad > build")  # HTML-unescaped reason


def test_relative_urls_resolve_against_the_page(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph, api="html")
    with client_for(srv.url + "/", cache=tmp_path) as client:
        best = client.releases("dependency1")[0].best
    assert best.url == srv.file_url("dependency1-2.0-py3-none-any.whl")
    assert best.hashes["sha256"] == hashlib.sha256((srv.files_dir / best.filename).read_bytes()).hexdigest()
    assert best.index_url == srv.url + "/"


def test_html_negotiation_on_a_server_offering_both(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph, api="both")
    with client_for(srv.url, cache=tmp_path) as client:
        assert versions(client.project("anotherlib")) == ["2.0", "1.0"]
    accept = srv.requests[0].headers["Accept"]
    assert accept.startswith("application/vnd.pypi.simple.v1+json")


# -- selection ---------------------------------------------------------------------------


@pytest.mark.parametrize("api", ["json", "html"])
def test_requires_python_and_tags_select_like_pip(index_factory, tmp_path: Path, api: str) -> None:
    files = tmp_path / "files"
    native = str(TARGET.tags[0])  # e.g. cp311-cp311-manylinux_..._x86_64
    foreign = next(t for t in ("cp311-cp311-win_amd64", "cp311-cp311-macosx_11_0_arm64", "cp311-cp311-linux_s390x")
                   if t not in {str(x) for x in TARGET.tags})
    build_wheel(files, "pkg", "1.0", tag="py3-none-any")
    build_wheel(files, "pkg", "1.0", tag=native)
    build_wheel(files, "pkg", "1.0", tag=foreign)
    build_wheel(files, "pkg", "2.0", tag=foreign)  # nothing usable
    build_wheel(files, "pkg", "3.0", requires_python=">=3.12")  # too new for 3.11
    build_wheel(files, "pkg", "3.1rc1", requires_python=">=3.8,<4")  # prerelease kept
    srv = index_factory(files_dir=files, api=api)
    with client_for(srv.url, cache=tmp_path / "c") as client:
        project = client.project("pkg")
    assert versions(project) == ["3.1rc1", "1.0"]
    rel = project.releases[1]
    assert rel.best.filename == f"pkg-1.0-{native}.whl"
    assert len(rel.files) == 3  # every platform's file, for --hash lines
    assert rel.requires_python is None and str(project.releases[0].requires_python) == "<4,>=3.8"
    reasons = {s.version: s.reason for s in project.skipped}
    assert reasons["3.0"] == "requires-python >=3.12"
    assert reasons["2.0"].startswith("no compatible wheel for python 3.11") and reasons["2.0"].endswith("and no sdist")


def test_yanked_files_lose_to_unyanked_ones(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0")
    build_sdist(files, "pkg", "1.0")
    build_wheel(files, "pkg", "2.0")
    srv = index_factory(files_dir=files, yanked={"pkg-1.0-py3-none-any.whl": "", "pkg-2.0-py3-none-any.whl": "oops"})
    with client_for(srv.url, cache=tmp_path / "c") as client:
        new, old = client.releases("pkg")
    assert (new.yanked, new.yanked_reason) == (True, "oops")
    assert (old.yanked, old.best.filename) == (False, "pkg-1.0.tar.gz")
    assert [f.yanked for f in old.files] == [False, True]


def test_sdist_when_no_wheel_fits(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0", tag="cp27-cp27m-win32")
    build_sdist(files, "pkg", "1.0")
    srv = index_factory(files_dir=files)
    with client_for(srv.url, cache=tmp_path / "c") as client:
        assert client.releases("pkg")[0].best.filename == "pkg-1.0.tar.gz"


# -- metadata ------------------------------------------------------------------------------


def test_pep658_metadata_avoids_the_wheel(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0", ["dep>=1", 'win ; sys_platform == "win32"'], requires_python=">=3.8",
                extras={"fast": ["speedup"]})
    srv = index_factory(files_dir=files)
    with client_for(srv.url, cache=tmp_path / "c") as client:
        meta = client.metadata(client.releases("pkg")[0])
    assert meta == Metadata("pkg", "1.0", ("dep>=1", 'win ; sys_platform == "win32"', 'speedup ; extra == "fast"'), ">=3.8", ("fast",))
    assert srv.requests_log == ["/simple/pkg/", "/files/pkg-1.0-py3-none-any.whl.metadata"]


def test_pep658_hash_mismatch_is_refused(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0", ["a"])
    srv = index_factory(files_dir=files)
    with client_for(srv.url, cache=tmp_path / "c") as client:
        rel = client.releases("pkg")[0]
        build_wheel(files, "pkg", "1.0", ["b"])  # the file changes after the page was read
        with pytest.raises(MetadataError) as err:
            client.metadata(rel)
    assert "pkg-1.0-py3-none-any.whl.metadata" in one_paragraph(err.value)


def _big_wheel(files: Path) -> Path:
    blob = "".join(hashlib.sha256(str(i).encode()).hexdigest() + "\n" for i in range(20000))
    return build_wheel(files, "big", "1.0", ["small<2"], files={"big/data.txt": blob})


def test_lazy_wheel_reads_only_ranges(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    wheel = _big_wheel(files)
    size = wheel.stat().st_size
    srv = index_factory(files_dir=files, pep658=False)
    with client_for(srv.url, cache=tmp_path / "c") as client:
        assert client.metadata(client.releases("big")[0]).requires_dist == ("small<2",)
    wheel_requests = [r for r in srv.requests if r.path == f"/files/{wheel.name}"]
    assert wheel_requests and all(r.status == 206 and "Range" in r.headers for r in wheel_requests)
    assert sum(r.sent for r in wheel_requests) < size / 4
    assert f"/files/{wheel.name}.metadata" not in srv.requests_log


def test_full_download_when_range_is_ignored(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    wheel = _big_wheel(files)
    srv = index_factory(files_dir=files, pep658=False, range_requests=False)
    with client_for(srv.url, cache=tmp_path / "c") as client:
        assert client.metadata(client.releases("big")[0]).name == "big"
    wheel_requests = [r for r in srv.requests if r.path == f"/files/{wheel.name}"]
    assert [(r.status, r.sent) for r in wheel_requests] == [(200, wheel.stat().st_size)]


def test_sdist_only_release_needs_a_wheel(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    build_sdist(files, "legacy", "1.0", ["x"])  # Metadata-Version 2.1: dependencies not trustworthy
    build_sdist(files, "modern", "1.0", ["y>=2"], metadata_version="2.2")  # PEP 643 static
    build_sdist(files, "dyn", "1.0", ["z"], metadata_version="2.2", dynamic=["Requires-Dist"])
    srv = index_factory(files_dir=files)
    with client_for(srv.url, cache=tmp_path / "c") as client:
        for name in ("legacy", "dyn"):
            with pytest.raises(MetadataError) as err:
                client.metadata(client.releases(name)[0])
            text = one_paragraph(err.value)
            assert f"{name} 1.0" in text and "wheel" in text
        assert client.metadata(client.releases("modern")[0]).requires_dist == ("y>=2",)


# -- errors --------------------------------------------------------------------------------


def test_unknown_project_is_empty(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph)
    with client_for(srv.url, cache=tmp_path) as client:
        project = client.project("no-such-thing")
    assert project.releases == [] and project.skipped == []
    down = index_factory(seed_graph, fault="404")
    with client_for(down.url, srv.url, cache=tmp_path / "c2") as client:
        assert versions(client.project("simplelib")) == ["2.0", "1.0"]


def test_server_errors_are_retried_then_reported(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph, fault="500")
    with client_for(srv.url, cache=tmp_path, retries=2) as client, pytest.raises(IndexFetchError) as err:
        client.project("simplelib")
    text = one_paragraph(err.value)
    assert f"{srv.url}/simplelib/" in text and "HTTP 500" in text
    assert srv.requests_log == ["/simple/simplelib/"] * 3


def test_garbage_page_is_reported(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph, fault="garbage")
    with client_for(srv.url, cache=tmp_path) as client, pytest.raises(IndexFetchError) as err:
        client.project("simplelib")
    assert "not a valid simple-API JSON" in one_paragraph(err.value)


def test_timeout_and_refused_connection(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph, fault="slow")
    srv.slow_seconds = 1.0
    with client_for(srv.url, cache=tmp_path, timeout=0.2, retries=0) as client, pytest.raises(IndexFetchError) as err:
        client.project("simplelib")
    assert "no answer within 0.2 seconds" in one_paragraph(err.value)

    closed = IndexServer(tmp_path).start()
    url = closed.url
    closed.stop()
    with client_for(url, cache=tmp_path / "c2", retries=1) as client, pytest.raises(IndexFetchError) as err:
        client.project("simplelib")
    assert "could not connect" in one_paragraph(err.value) and url in str(err.value)


# -- local locations ---------------------------------------------------------------------


def test_find_links_directory_pools_with_the_index(index_factory, seed_graph, tmp_path: Path) -> None:
    links = tmp_path / "links"
    local = build_wheel(links, "dependency1", "3.0", ["extra-dep"])
    build_wheel(links, "dependency1", "2.0")  # same file name as the index's: both are kept
    (links / "notes.txt").write_text("not a distribution")
    build_wheel(links, "unrelated", "1.0")
    srv = index_factory(seed_graph)
    config = IndexConfig(index_urls=(srv.url,), find_links=(str(links),), cache_dir=tmp_path / "c")
    with IndexClient(config, TARGET) as client:
        new, mid, _old = client.releases("dependency1")
        assert (str(new.version), new.best.url, new.best.hashes) == ("3.0", local.resolve().as_uri(), {})
        assert client.file_hashes(new.best) == {"sha256": hashlib.sha256(local.read_bytes()).hexdigest()}
        assert client.metadata(new).requires_dist == ("extra-dep",)
        assert [f.url.startswith("file:") for f in mid.files] == [True, False]
        assert mid.best.index_url == str(links)  # find-links win ties, like pip
    assert "/files/dependency1-3.0-py3-none-any.whl" not in srv.requests_log


def test_no_index_uses_only_find_links(seed_graph, tmp_path: Path) -> None:
    links = make_index(tmp_path / "links", seed_graph)
    config = IndexConfig(index_urls=("http://127.0.0.1:9/simple",), find_links=(links.as_uri(),), no_index=True,
                         cache_dir=tmp_path / "c")
    with IndexClient(config, TARGET) as client:
        assert versions(client.project("anotherlib")) == ["2.0", "1.0"]


def test_file_index_tree_and_directory_listing(tmp_path: Path) -> None:
    files = tmp_path / "files"
    good = build_wheel(files, "pkg", "1.0", ["dep"])
    sdist = build_sdist(files, "pkg", "0.9")
    digest = hashlib.sha256(good.read_bytes()).hexdigest()
    page = tmp_path / "simple" / "pkg"
    page.mkdir(parents=True)
    (page / "index.html").write_text(
        "<!DOCTYPE html><html><body>\n"
        f'<a href="../../files/{good.name}#sha256={digest}" data-requires-python="&gt;=3.7">x</a>\n'
        f'<a href="../../files/{sdist.name}">sdist</a>\n'
        '<a href="../../files/pkg-notaversion.tar.gz">bad version</a>\n'
        '<a href="../../files/other-1.0-py3-none-any.whl">other project</a>\n'
        '<a href="../../files/README.txt">readme</a>\n'
        "</body></html>"
    )
    listing = tmp_path / "flat" / "pkg"
    listing.mkdir(parents=True)
    build_wheel(listing, "pkg", "2.0")
    root = (tmp_path / "simple").as_uri()
    with client_for(root, (tmp_path / "flat").as_uri(), cache=tmp_path / "c") as client:
        project = client.project("PKG")
        assert versions(project) == ["2.0", "1.0", "0.9"]
        one = project.releases[1]
        assert one.best.url == good.resolve().as_uri() and one.best.hashes == {"sha256": digest}
        assert str(one.requires_python) == ">=3.7"
        assert client.metadata(one).requires_dist == ("dep",)


def _same_size_rewrite(page: Path, old: str, new: str) -> None:
    """Rewrite ``page`` in place with ``old`` replaced by ``new`` (same length), its mtime put back."""
    st = page.stat()
    text = page.read_text()
    assert len(old) == len(new) and old in text
    with open(page, "r+") as fh:  # in place: the inode stays the same
        fh.write(text.replace(old, new))
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns, page.stat().st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)


def test_local_index_page_rewritten_with_size_and_mtime_put_back_is_read_again(tmp_path: Path) -> None:
    """The stored page must not be trusted when only the content changed: the change time tells."""
    files = tmp_path / "files"
    one, two = build_wheel(files, "pkg", "1.0"), build_wheel(files, "pkg", "2.0")
    page = tmp_path / "simple" / "pkg" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f'<a href="../../files/{one.name}">x</a>\n')
    root = (tmp_path / "simple").as_uri()
    with client_for(root, cache=tmp_path / "c") as client:
        assert versions(client.project("pkg")) == ["1.0"]
    _same_size_rewrite(page, one.name, two.name)
    with client_for(root, cache=tmp_path / "c") as client:
        assert versions(client.project("pkg")) == ["2.0"]


# -- cache -----------------------------------------------------------------------------------


def test_second_client_within_ttl_makes_no_requests(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph)
    with client_for(srv.url, cache=tmp_path) as client:
        first = client.project("simplelib")
        client.metadata(first.releases[0])
    srv.clear_log()
    with client_for(srv.url, cache=tmp_path) as client:
        again = client.project("simplelib")
        assert client.metadata(again.releases[0]).requires_dist == ("dependency2",)
    assert again == first
    assert srv.requests_log == []


@pytest.mark.parametrize("how", ["ttl", "max-age"])
def test_stale_pages_are_revalidated_with_etag(index_factory, seed_graph, tmp_path: Path, how: str) -> None:
    srv = index_factory(seed_graph, max_age=0 if how == "max-age" else 600)
    ttl = 0.0 if how == "ttl" else 600.0
    with client_for(srv.url, cache=tmp_path, ttl=ttl) as client:
        client.project("simplelib")
    with client_for(srv.url, cache=tmp_path, ttl=ttl) as client:
        assert versions(client.project("simplelib")) == ["2.0", "1.0"]
        assert client.stats["revalidated"] == 1
    second = srv.requests[1]
    assert second.headers.get("If-None-Match") and second.status == 304


def test_offline_uses_cache_of_any_age(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph)
    with client_for(srv.url, cache=tmp_path, ttl=0) as client:
        client.metadata(client.releases("simplelib")[0])
    srv.clear_log()
    with client_for(srv.url, cache=tmp_path, ttl=0, offline=True) as client:
        assert client.metadata(client.releases("simplelib")[0]).requires_dist == ("dependency2",)
        with pytest.raises(MetadataError) as err:
            client.metadata(client.releases("simplelib")[1])
        assert "--offline" in one_paragraph(err.value)
    assert srv.requests_log == []


def test_offline_with_empty_cache_fails_without_requests(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph)
    with client_for(srv.url, cache=tmp_path, offline=True) as client, pytest.raises(IndexFetchError) as err:
        client.project("simplelib")
    text = one_paragraph(err.value)
    assert "not in the stackwise cache" in text and "--offline" in text
    assert srv.requests_log == []


def test_corrupt_cache_is_moved_aside(index_factory, seed_graph, tmp_path: Path, caplog) -> None:
    srv = index_factory(seed_graph)
    db = tmp_path / "index-v1.sqlite3"
    db.write_bytes(b"this is not a database at all" * 100)
    with caplog.at_level(logging.WARNING, logger="stackwise.index"), client_for(srv.url, cache=tmp_path) as client:
        assert versions(client.project("simplelib")) == ["2.0", "1.0"]
    assert "unreadable" in caplog.text
    assert list(tmp_path.glob("index-v1.sqlite3.corrupt-*"))
    srv.clear_log()
    with client_for(srv.url, cache=tmp_path) as client:  # the fresh cache works
        client.project("simplelib")
    assert srv.requests_log == []


def test_wheels_are_deterministic(tmp_path: Path) -> None:
    a = build_wheel(tmp_path / "a", "pkg", "1.0", ["x"], extras={"e": ["y"]})
    b = build_wheel(tmp_path / "b", "pkg", "1.0", ["x"], extras={"e": ["y"]})
    assert a.read_bytes() == b.read_bytes()
    assert build_sdist(tmp_path / "a", "pkg", "1.0").read_bytes() == build_sdist(tmp_path / "b", "pkg", "1.0").read_bytes()


def test_release_versions_are_versions(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph)
    with client_for(srv.url, cache=tmp_path) as client:
        rel = client.releases("dependency2")[0]
    assert rel.version == Version("2.0") and rel.name == "dependency2"


def test_no_store_pages_are_not_cached(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph, cache_control="no-store")
    for _ in range(2):
        with client_for(srv.url, cache=tmp_path) as client:
            assert versions(client.project("dependency2")) == ["2.0", "1.0"]
    assert srv.requests_log == ["/simple/dependency2/"] * 2
    assert all("If-None-Match" not in r.headers for r in srv.requests)


def test_find_links_html_page_over_http(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph, api="html")
    config = IndexConfig(find_links=(srv.url + "/simplelib/",), no_index=True, cache_dir=tmp_path)
    with IndexClient(config, TARGET) as client:
        assert versions(client.project("simplelib")) == ["2.0", "1.0"]
        assert client.project("dependency1").releases == []  # not linked from that page
    assert srv.requests_log == ["/simple/simplelib/"]
    assert srv.requests[0].headers["Accept"] == "text/html"


def test_unsupported_scheme_and_missing_find_links(tmp_path: Path) -> None:
    with client_for("ftp://127.0.0.1/simple", cache=tmp_path) as client, pytest.raises(IndexFetchError) as err:
        client.project("pkg")
    assert "unsupported URL scheme" in one_paragraph(err.value)
    config = IndexConfig(find_links=(str(tmp_path / "missing"),), cache_dir=tmp_path)
    with IndexClient(config, TARGET) as client, pytest.raises(IndexFetchError) as err:
        client.project("pkg")
    assert "does not exist" in one_paragraph(err.value)


def test_unwritable_cache_dir_falls_back_to_memory(index_factory, seed_graph, tmp_path: Path, caplog) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    srv = index_factory(seed_graph)
    with caplog.at_level(logging.WARNING, logger="stackwise.index"), client_for(srv.url, cache=blocker / "sub") as client:
        assert versions(client.project("simplelib")) == ["2.0", "1.0"]
    assert "in-memory cache" in caplog.text


# -- cache layout v2: per-version rows, per-target digests, migration, prefetch --------------


def _snapshot(project) -> list:
    return [
        (str(r.version), r.yanked, r.yanked_reason, r.best, r.files) for r in project.releases
    ] + [(s.version, s.reason) for s in project.skipped]


def test_digest_is_per_target_and_equals_a_fresh_build(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    native = str(TARGET.tags[0])
    build_wheel(files, "pkg", "1.0", tag="py3-none-any")
    build_wheel(files, "pkg", "1.0", tag=native)
    build_sdist(files, "pkg", "1.0")
    build_wheel(files, "pkg", "2.0", requires_python=">=3.12")
    build_wheel(files, "pkg", "2.0.0rc1")
    srv = index_factory(files_dir=files, yanked={f"pkg-1.0-{native}.whl": "broken"})
    other = TargetEnvironment.for_python("3.12")
    cache = tmp_path / "c"
    expected = {}
    for target in (TARGET, other):  # first build of each target: from the stored rows
        with IndexClient(IndexConfig(index_urls=(srv.url,), cache_dir=cache), target) as client:
            expected[target.python_version] = _snapshot(client.project("pkg"))
    assert expected[TARGET.python_version] != expected[other.python_version]  # 2.0 only for 3.12
    srv.clear_log()
    for target in (TARGET, other):  # again: from the digests, files read lazily
        with IndexClient(IndexConfig(index_urls=(srv.url,), cache_dir=cache), target) as client:
            project = client.project("pkg")
            assert client.cache.stats()["digests"] == 2
            assert _snapshot(project) == expected[target.python_version]
    assert srv.requests_log == []
    for target in (TARGET, other):  # and both equal a build from a fresh cache
        with IndexClient(IndexConfig(index_urls=(srv.url,), cache_dir=tmp_path / f"fresh-{target.python_version}"), target) as client:
            assert _snapshot(client.project("pkg")) == expected[target.python_version]
    old = [r for r in expected[TARGET.python_version] if r[0] == "1.0"][0]
    assert old[3].filename == "pkg-1.0-py3-none-any.whl"  # the native wheel is yanked
    assert len(old[4]) == 3 and old[4][-1].yanked  # every file, yanked last


def test_pooled_digest_follows_every_location(index_factory, tmp_path: Path) -> None:
    """Find-links + two indexes: warm runs use one digest, and any source changing rebuilds it."""
    first, second, links = tmp_path / "first", tmp_path / "second", tmp_path / "links"
    build_wheel(first, "pkg", "1.0")
    build_wheel(first, "pkg", "2.0")
    build_sdist(first, "pkg", "2.0")
    build_wheel(second, "pkg", "2.0", tag=str(TARGET.tags[0]))
    build_wheel(second, "pkg", "3.0")
    build_wheel(links, "pkg", "1.5")
    one, two = index_factory(files_dir=first), index_factory(files_dir=second)
    cache = tmp_path / "c"

    def client(**kw) -> IndexClient:
        return IndexClient(IndexConfig(index_urls=(one.url, two.url), find_links=(str(links),), cache_dir=cache, **kw), TARGET)

    with client() as c:
        expected = _snapshot(c.project("pkg"))
    assert [r[0] for r in expected] == ["3.0", "2.0", "1.5", "1.0"]
    two_oh = [r for r in expected if r[0] == "2.0"][0]
    assert {f.index_url for f in two_oh[4]} == {one.url, two.url} and len(two_oh[4]) == 3
    assert two_oh[3].index_url == two.url  # the platform wheel beats the pure one and the sdist
    one.clear_log()
    two.clear_log()
    for kw in ({}, {"offline": True}):  # warm: from the pooled digest, files read lazily
        with client(**kw) as c:
            assert _snapshot(c.project("pkg")) == expected
            assert c.cache.stats()["digests"] == 1
    assert one.requests_log == [] and two.requests_log == []
    with IndexClient(IndexConfig(index_urls=(one.url, two.url), find_links=(str(links),), cache_dir=tmp_path / "fresh"), TARGET) as c:
        assert _snapshot(c.project("pkg")) == expected  # equal to a build without any digest

    build_wheel(links, "pkg", "4.0")  # a new file in the find-links directory
    with client() as c:
        assert versions(c.project("pkg")) == ["4.0", "3.0", "2.0", "1.5", "1.0"]
    build_wheel(second, "pkg", "5.0")  # a changed remote page, seen once it is revalidated
    with client() as c:
        assert versions(c.project("pkg"))[0] == "4.0"  # still fresh: the stored page is used
    with client(ttl=0) as c:
        assert versions(c.project("pkg")) == ["5.0", "4.0", "3.0", "2.0", "1.5", "1.0"]
    with client(offline=True) as c:
        assert versions(c.project("pkg"))[0] == "5.0"


def test_digest_releases_hold_no_files_until_asked(index_factory, tmp_path: Path) -> None:
    """A warm project is its versions: files are read (and the best one chosen again, exactly as
    on the first build) only for the releases asked about, and one version string is one object."""
    import json
    import sqlite3

    files = tmp_path / "files"
    native = str(TARGET.tags[0])
    build_wheel(files, "pkg", "1.0.0")  # "1.0.0" and "1.0": one version, two row versions
    build_sdist(files, "pkg", "1.0")
    build_wheel(files, "pkg", "2.0", tag="py3-none-any")
    build_wheel(files, "pkg", "2.0", tag=native)
    build_wheel(files, "pkg", "3.0")
    build_wheel(files, "pkg", "4.0", requires_python=">=3.12")
    build_wheel(files, "other", "2.0")
    srv = index_factory(files_dir=files, yanked={"pkg-3.0-py3-none-any.whl": "broken build"})
    cache = tmp_path / "c"
    with client_for(srv.url, cache=cache) as client:
        expected = _snapshot(client.project("pkg"))
        client.project("other")
    (digest,) = sqlite3.connect(cache / "index-v1.sqlite3").execute(
        "SELECT data FROM digests WHERE url=?", (srv.url + "/pkg/",)).fetchone()
    assert ".whl" not in digest and "sha256" not in digest  # no file is decoded with the versions
    assert json.loads(digest)["x"] == [[2, ["1.0.0", "1.0"]]]
    page_reads = []
    with client_for(srv.url, cache=cache, offline=True) as client:
        client.cache._conn = client.cache._open()
        client.cache._conn.set_trace_callback(lambda sql: page_reads.append(sql) if "page_files" in sql else None)
        project = client.project("pkg")
        assert [(str(r.version), r.yanked, r.yanked_reason, r.index_url) for r in project.releases] == [
            ("3.0", True, "broken build", srv.url), ("2.0", False, None, srv.url), ("1.0.0", False, None, srv.url)]
        assert page_reads == []
        assert project.releases[1].best.filename == f"pkg-2.0-{native}.whl"
        assert len(page_reads) == 1  # that release's rows only
        assert project.releases[1].version is client.project("other").releases[0].version  # shared "2.0"
        assert _snapshot(project) == expected
    assert expected[2][3].filename == "pkg-1.0.0-py3-none-any.whl" and len(expected[2][4]) == 2
    assert expected[-1] == ("4.0", "requires-python >=3.12")


def test_digest_release_whose_files_vanish_meanwhile_is_a_clear_error(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0")
    build_wheel(files, "pkg", "2.0")
    srv = index_factory(files_dir=files)
    cache = tmp_path / "c"
    with client_for(srv.url, cache=cache) as client:
        client.project("pkg")
    with client_for(srv.url, cache=cache, offline=True) as client:
        old = client.project("pkg").releases[1]  # from the digest, files not read yet
        (files / "pkg-1.0-py3-none-any.whl").unlink()
        with client_for(srv.url, cache=cache, ttl=0) as other:  # another process refreshes the page
            assert versions(other.project("pkg")) == ["2.0"]
        with pytest.raises(IndexFetchError) as err:
            old.best  # noqa: B018
    assert "changed during this resolution" in one_paragraph(err.value)


def test_old_cache_layout_is_discarded_not_used(index_factory, seed_graph, tmp_path: Path) -> None:
    import sqlite3
    import time

    srv = index_factory(seed_graph)
    db = tmp_path / "index-v1.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript(
        "CREATE TABLE pages (url TEXT PRIMARY KEY, rows TEXT NOT NULL, etag TEXT, last_modified TEXT,"
        " validator TEXT, fetched_at REAL NOT NULL, max_age REAL);"
        "CREATE TABLE metadata (key TEXT PRIMARY KEY, data TEXT NOT NULL);"
        "CREATE TABLE file_hashes (key TEXT PRIMARY KEY, sha256 TEXT NOT NULL);"
        "PRAGMA user_version=1;"
    )
    # A fresh-looking v1 page listing a version the index does not have.
    bogus = '[["simplelib-9.0-py3-none-any.whl","http://127.0.0.1:1/x.whl",{},null,null,false,"9.0",null,["py3-none-any"]]]'
    conn.execute("INSERT INTO pages VALUES (?, ?, NULL, NULL, NULL, ?, NULL)", (srv.url + "/simplelib/", bogus, time.time()))
    conn.commit()
    conn.close()
    with client_for(srv.url, cache=tmp_path) as client:
        assert versions(client.project("simplelib")) == ["2.0", "1.0"]
        assert client.stats["requests"] == 1
    srv.clear_log()
    with client_for(srv.url, cache=tmp_path) as client:  # the rebuilt cache serves the next run
        assert versions(client.project("simplelib")) == ["2.0", "1.0"]
    assert srv.requests_log == []
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_previous_layout_is_migrated_and_stays_usable_offline(index_factory, seed_graph, tmp_path: Path) -> None:
    """Layout 4 kept page_files and digests WITHOUT ROWID; its stored pages survive the upgrade."""
    import sqlite3

    srv = index_factory(seed_graph)
    with client_for(srv.url, cache=tmp_path) as client:
        expected = _snapshot(client.project("simplelib"))
    db = tmp_path / "index-v1.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript(
        "ALTER TABLE page_files RENAME TO pf;"
        "CREATE TABLE page_files (url TEXT NOT NULL, version TEXT NOT NULL, rows TEXT NOT NULL,"
        " PRIMARY KEY (url, version)) WITHOUT ROWID;"
        "INSERT INTO page_files SELECT url, version, rows FROM pf; DROP TABLE pf; DROP TABLE digests;"
        "CREATE TABLE digests (url TEXT NOT NULL, target TEXT NOT NULL, data TEXT NOT NULL,"
        " PRIMARY KEY (url, target)) WITHOUT ROWID;"
        "INSERT INTO digests VALUES ('old', 'target', '{}');"
        "DROP TABLE lock_results; CREATE TABLE lock_results (key TEXT PRIMARY KEY, data TEXT NOT NULL,"
        " created REAL NOT NULL); INSERT INTO lock_results VALUES ('k', '{}', 0);"
        "PRAGMA user_version=4;"
    )
    conn.close()
    srv.clear_log()
    with client_for(srv.url, cache=tmp_path, offline=True) as client:
        assert _snapshot(client.project("simplelib")) == expected
    assert srv.requests_log == []
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
    tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table'").fetchall())
    assert "WITHOUT ROWID" not in tables["page_files"] + tables["digests"] and "pf" not in tables
    assert conn.execute("SELECT url FROM digests").fetchall() == [(srv.url + "/simplelib/",)]
    assert conn.execute("SELECT COUNT(*) FROM lock_results").fetchone() == (0,)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(lock_results)")]
    assert columns == ["key", "created", "data"]  # pruning old records reads no data


def test_prefetch_fetches_concurrently_and_reports_errors_only_when_asked(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph)
    with client_for(srv.url, cache=tmp_path, ttl=0) as client:
        client.prefetch(["simplelib", "dependency1", "no-such-project"])
        assert client.releases("simplelib") and client.releases("dependency1")
        assert client.project("no-such-project").releases == []  # a 404 page: no releases, no error
    pages = sorted(p for p in srv.requests_log if p.startswith("/simple/"))  # (+ the newest releases' metadata)
    assert pages == ["/simple/dependency1/", "/simple/no-such-project/", "/simple/simplelib/"]
    srv.clear_log()
    with client_for(srv.url, cache=tmp_path) as client:  # fresh pages: prefetch asks nothing
        client.prefetch(["simplelib"])
        assert versions(client.project("simplelib")) == ["2.0", "1.0"]
    assert srv.requests_log == []
    with client_for(srv.url, cache=tmp_path, offline=True, ttl=0) as client:  # offline: never
        client.prefetch(["simplelib"])
        assert versions(client.project("simplelib")) == ["2.0", "1.0"]
    assert srv.requests_log == []


def test_prefetch_error_surfaces_when_the_project_is_asked_for(tmp_path: Path) -> None:
    with client_for("http://127.0.0.1:9/simple", cache=tmp_path, timeout=2, retries=0) as client:
        client.prefetch(["pkg"])
        with pytest.raises(IndexFetchError) as err:
            client.project("pkg")
    assert "Could not fetch" in one_paragraph(err.value)


def test_prefetched_metadata_is_used_and_cached(index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph)
    with client_for(srv.url, cache=tmp_path) as client:
        newest = client.releases("simplelib")[0]
        client.prefetch_metadata(newest)
        client.prefetch_metadata(newest)  # asked twice: fetched once
        assert client.metadata(newest).requires_dist == ("dependency2",)
        # the chain's own guesses run in the background, timed by the threads: its dependency's
        # page and, once that arrives, that page's newest metadata; they are not this release's
        fetched = [p for p in srv.requests_log if "dependency2" not in p]
    assert fetched == ["/simple/simplelib/", "/files/simplelib-2.0-py3-none-any.whl.metadata"]  # each once
    srv.clear_log()
    with client_for(srv.url, cache=tmp_path) as client:  # stored in the cache for good
        rel = client.releases("simplelib")[0]
        client.prefetch_metadata(rel)
        assert client.metadata(rel).requires_dist == ("dependency2",)
    assert srv.requests_log == []


def test_metadata_generation_changes_with_every_insert_and_with_a_new_cache(tmp_path):
    """Remembered proof walks trust "nothing added since" only while this value is unchanged."""
    import sqlite3

    from stackwise.index.cache import IndexCache

    cache = IndexCache(tmp_path)
    first = cache.metadata_generation()
    assert first is not None and first == cache.metadata_generation()
    cache.put_metadata("sha256:aa", "{}")
    second = cache.metadata_generation()
    assert second != first
    cache.put_metadata("sha256:aa", "{}")  # replaced: counted too
    third = cache.metadata_generation()
    assert third not in (first, second)
    cache.close()
    # Written by another connection (another process, or an older writer): the trigger counts it.
    conn = sqlite3.connect(tmp_path / "index-v1.sqlite3")
    conn.execute("INSERT INTO metadata (key, data) VALUES ('sha256:bb', '{}')")
    conn.commit()
    conn.close()
    cache = IndexCache(tmp_path)
    fourth = cache.metadata_generation()
    assert fourth not in (first, second, third)
    cache.close()
    # A cache made anew (cleared, or moved aside when corrupt) counts from 0 under a new token.
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"index-v1.sqlite3{suffix}").unlink(missing_ok=True)
    cache = IndexCache(tmp_path)
    fresh = cache.metadata_generation()
    assert fresh is not None and fresh.split(":")[1] == "0" and fresh.split(":")[0] != first.split(":")[0]
    cache.close()


def test_layout_7_is_migrated_quietly_to_a_token_drawn_per_insert(tmp_path, caplog):
    """Layout 7 (a count under a fixed token): kept whole, its generation made anew without
    the "altered" warning, and every insert from then on draws a new token."""
    import sqlite3

    from stackwise.index.cache import IndexCache

    cache = IndexCache(tmp_path)
    cache.put_metadata("sha256:aa", '{"kept": 1}')
    cache.close()
    conn = sqlite3.connect(tmp_path / "index-v1.sqlite3")
    conn.executescript(
        "DROP TRIGGER metadata_added; CREATE TRIGGER metadata_added AFTER INSERT ON metadata"
        " BEGIN UPDATE metadata_gen SET n = n + 1 WHERE id = 1; END;"
        " UPDATE metadata_gen SET token = 'layout7token', n = 1; PRAGMA user_version=7;")
    conn.close()
    with caplog.at_level(logging.WARNING, logger="stackwise.index"):
        cache = IndexCache(tmp_path)
        assert cache.get_metadata("sha256:aa") == '{"kept": 1}'
        before = cache.metadata_generation()
    assert caplog.text == ""
    assert before is not None and not before.startswith("layout7token")
    cache.put_metadata("sha256:bb", "{}")
    after = cache.metadata_generation()
    assert after.split(":")[0] != before.split(":")[0]
    cache.close()
    assert sqlite3.connect(tmp_path / "index-v1.sqlite3").execute("PRAGMA user_version").fetchone()[0] == 9


def test_layout_6_is_migrated_with_its_metadata_and_a_generation(tmp_path):
    import sqlite3

    from stackwise.index.cache import IndexCache

    cache = IndexCache(tmp_path)
    cache.put_metadata("sha256:aa", '{"kept": 1}')
    cache.close()
    conn = sqlite3.connect(tmp_path / "index-v1.sqlite3")
    conn.executescript("DROP TRIGGER metadata_added; DROP TABLE metadata_gen; PRAGMA user_version=6;")
    conn.close()
    cache = IndexCache(tmp_path)
    assert cache.get_metadata("sha256:aa") == '{"kept": 1}'
    before = cache.metadata_generation()
    assert before is not None
    cache.put_metadata("sha256:bb", "{}")
    assert cache.metadata_generation() != before
    cache.close()
    assert sqlite3.connect(tmp_path / "index-v1.sqlite3").execute("PRAGMA user_version").fetchone()[0] == 9
