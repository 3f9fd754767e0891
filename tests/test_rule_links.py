"""Links of index-learned rules point at the project's own pages (inspect/links.py)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from email.parser import Parser
from pathlib import Path
from typing import Any

from stackwise.environment import TargetEnvironment
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.inspect.bounds import bound_proposals, proposals_to_rules
from stackwise.inspect.links import project_link, relink
from stackwise.knowledge.rules import KnowledgeBase
from support.indexserver import IndexServer
from support.wheels import build_wheel

TARGET = TargetEnvironment.current(cpu_flags=frozenset())


def headers(*lines: str) -> Any:
    return Parser().parsestr("Metadata-Version: 2.1\nName: x\nVersion: 1\n" + "\n".join(lines) + "\n\n")


def test_the_page_that_explains_a_release_comes_first() -> None:
    h = headers("Project-URL: Source Code, https://code.example.org/x",
                "Project-URL: Release Notes, https://docs.example.org/x/changes",
                "Home-page: https://example.org/x")
    assert project_link(h) == "https://docs.example.org/x/changes"
    assert project_link(headers("Project-URL: Repository, https://code.example.org/x",
                                "Home-page: https://example.org/x")) == "https://code.example.org/x"
    assert project_link(headers("Home-page: https://example.org/x")) == "https://example.org/x"


def test_index_pages_plain_http_and_odd_values_are_not_links() -> None:
    h = headers("Project-URL: Changelog, https://index.example.org/x/", "Project-URL: Source, http://code.example.org/x",
                "Project-URL: Homepage, https://example.org/has space", "Project-URL: no comma here")
    assert project_link(h, ["index.example.org"]) is None
    assert project_link(None) is None


def _with_urls(wheel: Path, *urls: str) -> None:
    """Rewrite the wheel's METADATA with Project-URL lines (the fixture builder writes none)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".dist-info/METADATA"):
                head, _, body = data.decode().partition("\n\n")
                data = (head + "".join(f"\nProject-URL: {u}" for u in urls) + "\n\n" + body).encode()
            dst.writestr(info, data)
    wheel.write_bytes(buf.getvalue())


def test_relink_points_bound_rules_at_the_bounding_release_or_the_newest_page(
        index_factory: Callable[..., IndexServer], tmp_path: Path) -> None:
    files = tmp_path / "files"
    for name, version, reqs, urls in [
        ("pkg", "1.0", ["dep"], ()),
        ("pkg", "1.1", ["dep"], ()),
        ("pkg", "1.2", ["dep<2"], ("Changelog, https://example.org/pkg/changes",)),
        ("dep", "1.0", [], ()), ("dep", "2.0", [], ()),
        ("other", "1.0", ["dep"], ()), ("other", "1.1", ["dep<2"], ()),
        ("other", "3.0", ["dep<2"], ("Source, https://code.example.org/other",)),
        ("bare", "1.0", ["dep"], ()), ("bare", "1.1", ["dep<2"], ()),
    ]:
        wheel = build_wheel(files, name, version, reqs)
        if urls:
            _with_urls(wheel, *urls)
    srv = index_factory(files_dir=files)
    config = IndexConfig(index_urls=(srv.url,), cache_dir=tmp_path / "cache")
    with IndexClient(config, TARGET) as client:
        rules = [r for name in ("pkg", "other", "bare") for r in proposals_to_rules(bound_proposals(name, client))]
        before = {r.package.name: r.link for r in rules}
        after = {r.package.name: r.link for r in relink(KnowledgeBase(rules), client).rules}
    assert before["pkg"].startswith(srv.url.rstrip("/"))  # as proposed: the index page
    assert after["pkg"] == "https://example.org/pkg/changes"  # pkg 1.2 added the bound and names its changes
    assert after["other"] == "https://code.example.org/other"  # 1.1 names nothing; the newest release does
    assert after["bare"] == before["bare"]  # nothing named anywhere: the proposal's own link stays
