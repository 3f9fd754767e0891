"""Links for rules learned from an index: the project's own pages, not the index's.

Why: a metadata bound or a static-scan finding is proven by release metadata and wheels read
from whatever index the crawl used, but the rule ships to users of other indexes. Its
``evidence`` holds the facts; its ``link`` should take a reader to where the project explains
the change -- its changelog or release notes, else its source repository or home page, as
the release's own metadata names them (``Project-URL``, ``Home-page``). The index page stays
the link only when the metadata names no such page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise.knowledge.rules import KnowledgeBase, Rule

#: Project-URL labels by preference (normalised as PEP 753 does: lower case, no punctuation
#: or spaces): what explains a release first, then where its code lives, then its home.
PREFERENCE: tuple[tuple[str, ...], ...] = (
    ("changelog", "changes", "releasenotes", "history", "whatsnew", "news"),
    ("source", "sourcecode", "repository", "code", "github", "git"),
    ("homepage", "home", "documentation", "docs"),
)
_LABEL = re.compile(r"[^a-z0-9]")


def normalise_label(label: str) -> str:
    return _LABEL.sub("", label.lower())


def project_link(headers: Any, avoid_hosts: Iterable[str] = ()) -> str | None:
    """The best https page a release's metadata names (see PREFERENCE), skipping ``avoid_hosts``
    (the indexes: a link back to an index page is what this replaces)."""
    if headers is None:
        return None
    avoid = {h.lower() for h in avoid_hosts if h}
    found: dict[str, str] = {}
    for value in headers.get_all("Project-URL") or ():
        label, sep, url = str(value).partition(",")
        if sep:
            found.setdefault(normalise_label(label), url.strip())
    home = headers.get("Home-page")
    if home:
        found.setdefault("homepage", str(home).strip())
    for group in PREFERENCE:
        for label in group:
            url = found.get(label)
            if url and _usable(url, avoid):
                return url
    return None


def _usable(url: str, avoid: set[str]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (parts.scheme == "https" and bool(parts.hostname) and parts.hostname.lower() not in avoid
            and not any(c.isspace() for c in url) and len(url) <= 500)


def _linked_release(rule: Rule) -> tuple[str, str] | None:
    """Which release explains an index-learned rule: the consumer release that added a
    bound, or the provider release that removed a name."""
    evidence = rule.evidence or {}
    kind = evidence.get("kind")
    if kind == "metadata-bound" and evidence.get("first_bounded"):
        return rule.package.name, str(evidence["first_bounded"])
    if kind in ("static-scan", "static-scan-below-window") and rule.other is not None and evidence.get("removed_in"):
        return rule.other.name, str(evidence["removed_in"])
    return None


def relink(kb: KnowledgeBase, client: Any, *, warn: Callable[[str], None] = lambda _m: None) -> KnowledgeBase:
    """``kb`` with the links of index-learned rules pointed at the project's own pages
    (one metadata read per explaining release; a rule keeps its link when none is found)."""
    hosts = {urlsplit(u).hostname or "" for u in getattr(client.config, "effective_index_urls", ())}
    seen: dict[tuple[str, str], str | None] = {}
    out: list[Rule] = []
    changed = 0
    for rule in kb.rules:
        key = _linked_release(rule)
        if key is not None and key not in seen:
            seen[key] = _release_link(client, *key, hosts=hosts, warn=warn)
        link = seen.get(key) if key is not None else None
        if link and link != rule.link:
            rule = replace(rule, link=link)
            changed += 1
        out.append(rule)
    if not changed:
        return kb
    return KnowledgeBase(out, revision=kb.revision, generated=getattr(kb, "generated", None))


def _release_link(client: Any, name: str, version: str, *, hosts: set[str], warn: Callable[[str], None]) -> str | None:
    """The release's own page; when its metadata names none (old releases often do not),
    the page the project's newest release names."""
    try:
        wanted = Version(version)
        releases = list(client.releases(canonicalize_name(name)))
    except (InvalidVersion, Exception) as exc:  # noqa: BLE001 - an index error costs only the better link
        warn(f"{name} {version}: no project link ({exc})")
        return None
    getter = getattr(client, "metadata_headers", None)
    if getter is None:
        return None
    tried = [r for r in releases if r.version == wanted][:1]
    newest = max((r for r in releases if not r.yanked and not r.version.is_prerelease), key=lambda r: r.version,
                 default=None)
    for release in [*tried, *([newest] if newest is not None and newest not in tried else [])]:
        link = project_link(getter(release), hosts)
        if link:
            return link
    return None
