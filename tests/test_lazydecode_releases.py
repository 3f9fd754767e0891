"""Releases read from a project digest are built without a Python ``__init__`` per release
(``lazy_releases``): they must stay what ``Release(...)`` builds, immutable and lazy."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise.environment import TargetEnvironment
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.index.models import DistFile, Release, lazy_releases
from support import build_sdist, build_wheel

TARGET = TargetEnvironment.for_python("3.11")


def test_lazy_releases_equal_releases_built_one_by_one() -> None:
    name = canonicalize_name("Pkg")
    wheel = DistFile("pkg-1.0-py3-none-any.whl", "https://example.invalid/pkg-1.0-py3-none-any.whl", {},
                     index_url="https://example.invalid/simple")
    calls: list[object] = []

    def loader(key: object) -> tuple[tuple[DistFile, ...], DistFile]:
        calls.append(key)
        return (wheel,), wheel

    versions = [Version("2.0"), Version("1.0")]
    built = lazy_releases(name, versions, loader, ["2.0", ("1.0", "1.0.0")], ["o1", None])
    expected = [Release(name, versions[0], loader, "2.0", False, None, "o1"),
                Release(name, versions[1], loader, ("1.0", "1.0.0"), False, None, None)]
    assert [type(r) for r in built] == [Release, Release]
    assert [(r.name, r.version, r.yanked, r.yanked_reason) for r in built] == [
        (name, versions[0], False, None), (name, versions[1], False, None)]
    assert calls == []  # nothing loaded until files are asked for
    assert built[0].index_url == "o1" and calls == []  # the origin is the release's own
    assert built == expected
    assert sorted(map(str, calls)) == sorted(map(str, ["2.0", ("1.0", "1.0.0")] * 2))  # once per release
    assert built[1].index_url == wheel.index_url and built[1].files == (wheel,) and len(calls) == 4
    with pytest.raises(AttributeError, match="immutable"):
        built[0].yanked = True  # type: ignore[misc]
    with pytest.raises(ValueError):
        lazy_releases(name, versions, loader, ["2.0"], [None, None])  # mismatched lengths


def test_digest_releases_keep_order_yanked_state_and_shared_versions(index_factory, tmp_path: Path) -> None:
    files = tmp_path / "files"
    for v in ("1.0", "1.1", "2.0"):
        build_wheel(files, "pkg", v)
    build_sdist(files, "pkg", "1.1")
    build_wheel(files, "other", "1.1")
    srv = index_factory(files_dir=files, yanked={"pkg-1.1-py3-none-any.whl": "bad", "pkg-1.1.tar.gz": "bad"})
    cache = tmp_path / "c"

    def snapshot(client: IndexClient) -> list[tuple[object, ...]]:
        return [(str(r.version), r.yanked, r.yanked_reason, r.best.filename, r.index_url)
                for r in client.releases("pkg")]

    with IndexClient(IndexConfig(index_urls=(srv.url,), cache_dir=cache), TARGET) as client:
        fresh = snapshot(client)
        client.releases("other")
    assert fresh == [("2.0", False, None, "pkg-2.0-py3-none-any.whl", srv.url),
                     ("1.1", True, "bad", "pkg-1.1-py3-none-any.whl", srv.url),
                     ("1.0", False, None, "pkg-1.0-py3-none-any.whl", srv.url)]
    with IndexClient(IndexConfig(index_urls=(srv.url,), cache_dir=cache, offline=True), TARGET) as client:
        assert client.cache.stats()["digests"] == 2  # both read from their digests below
        mine, theirs = client.releases("pkg"), client.releases("other")
        assert mine[1].version is theirs[0].version  # one parsed Version per string in a run
        assert snapshot(client) == fresh
        with pytest.raises(AttributeError):
            mine[0].version = Version("9")  # type: ignore[misc]
