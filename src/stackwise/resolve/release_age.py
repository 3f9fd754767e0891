"""Release age: the ``--min-release-age`` cooldown and the ``stability`` signal.

Why: a release published an hour ago has had no time to be noticed if it is malicious or
broken. pip (``--uploaded-prior-to``) and uv (``exclude-newer`` with durations) let users
wait; here
it is knowledge like a yanked flag: a filter inside the user's own constraints, visible in
every explanation. Everything comes from PEP 700 upload times that the index client keeps
per file (a release's upload time is its earliest file's); nothing here talks to an index.

* :class:`CooldownSource` wraps the candidate source (the index client). Releases uploaded
  at or after the cutoff are not offered, except: packages the user exempted; a release the
  user pinned exactly (``==``, kept with a warning, as vetoes are); and a release that fixes
  an advisory affecting every older release still allowed (kept, and the decision line says
  so). Releases whose upload time is unknown (HTML-only indexes, local directories) are
  kept, and one warning names their projects. uv instead drops index files without an
  upload time, with one warning per file
  (https://github.com/astral-sh/uv/blob/015ee1f3413200c024f34bc2c3f7d2e2a7d1e7dd/crates/uv-resolver/src/version_map.rs):
  on an HTML-only index that leaves nothing to install; stackwise keeps them and says so.
* :class:`StabilitySignal` is a knowledge layer of ``stability`` rules, weighted like any
  other rule by ``--recommendation``. The formula is in docs/cooldown.md.

Reading the option's value is :mod:`.cutoff` (cheap to import, for the command line).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.knowledge.layers import LazyLayer
from stackwise.knowledge.rules import PackageMatch, Rule
from stackwise.resolve.cutoff import (
    DAY,
    MinReleaseAge,
    ReleaseAgeError,
    age_text,
    parse_duration,
    parse_instant,
    parse_min_release_age,
)

QUICK_FIX_SECONDS = 72 * 3600.0  # a same-series release this soon after one says it was broken
PEP700 = "https://peps.python.org/pep-0700/"


def _when(uploaded: float, now: float) -> str:
    if uploaded > now:
        return "uploaded in the future (a wrong clock?)"
    return f"uploaded {age_text(now - uploaded)} ago"


@dataclass(frozen=True)
class HeldBack:
    """A release the cooldown removed, and the reason as explanations print it."""

    version: Version
    reason: str  # "uploaded 2 days ago (--min-release-age 7d)"


class CooldownSource:
    """The candidate source with releases younger than the cutoff removed (see the module doc).

    Everything else (metadata, prefetching, ``project``, ``lookup_note``) is the wrapped
    source's. Each project is filtered once; a project with nothing to hold back keeps its
    own release list, so the cost is one lookup per ``releases`` call.
    """

    def __init__(self, source: Any, age: MinReleaseAge, *,
                 advisories: Callable[[str], Sequence[Rule]] | None = None,
                 advisory_name: Callable[[Rule], str] = lambda rule: rule.id,
                 user_pins: Mapping[str, Version] | None = None, now: float | None = None) -> None:
        self._source = source
        self.age = age
        self._advisories = advisories
        self._advisory_name = advisory_name
        self._pins = {canonicalize_name(k): v for k, v in (user_pins or {}).items()}
        self.now = time.time() if now is None else now
        self._releases: dict[str, Sequence[Any]] = {}
        self.held: dict[str, list[HeldBack]] = {}  # by normalized name, newest first
        self.kept: dict[str, dict[Version, str]] = {}  # young releases kept, and why
        self.unknown: set[str] = set()  # projects with releases of unknown upload time
        self._warned: list[str] = []

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._source, attr)

    def releases(self, name: str) -> Sequence[Any]:
        hit = self._releases.get(name)
        if hit is None:
            hit = self._releases[name] = self._filter(name)
        return hit

    def held_back(self, name: str) -> list[tuple[Any, str]]:
        """(release, reason) of every release of ``name`` the cooldown removed (for explanations)."""
        key = canonicalize_name(name)
        self.releases(key)
        reasons = {h.version: h.reason for h in self.held.get(key, ())}
        if not reasons:
            return []
        return [(r, reasons[r.version]) for r in self._source.releases(key) if r.version in reasons]

    def _filter(self, name: str) -> Sequence[Any]:
        key = canonicalize_name(name)
        project = self._source.project(key)
        releases = project.releases
        if not releases:
            return releases
        times: Mapping[Version, float] = project.upload_times()
        if len(times) < len(releases):
            self.unknown.add(key)
        if key in self.age.exempt:
            return releases
        cutoff = self.age.cutoff
        young = {r.version for r in releases if (t := times.get(r.version)) is not None and t >= cutoff}
        if not young:
            return releases
        kept = self._advisory_fixes(key, releases, young)
        pinned = self._pins.get(key)
        if pinned is not None and pinned in young and pinned not in kept:
            kept[pinned] = "you pinned exactly this version"
            self._warned.append(f"{key}=={pinned} was {_when(times[pinned], self.now)}, inside {self.age.label}, "
                                "but you pinned exactly that version, so it is kept.")
        if kept:
            self.kept[key] = kept
        held = [HeldBack(r.version, f"{_when(times[r.version], self.now)} ({self.age.label})")
                for r in releases if r.version in young and r.version not in kept]
        self.held[key] = held
        gone = {h.version for h in held}
        return [r for r in releases if r.version not in gone]

    def _advisory_fixes(self, name: str, releases: Sequence[Any], young: set[Version]) -> dict[Version, str]:
        """Young releases that fix an advisory affecting every older release still allowed.

        Oldest first, so only the first fixing release is kept: the one that ends the
        exposure with the least unreviewed code. Yanked releases and pre-releases are never
        "allowed" here, nor kept.
        """
        rules = tuple(self._advisories(name)) if self._advisories is not None else ()
        if not rules:
            return {}
        kept: dict[Version, str] = {}
        allowed: list[Any] = []  # older releases the cooldown keeps, oldest first
        for rel in reversed(releases):  # oldest first
            usable = not rel.yanked and not rel.version.is_prerelease
            if rel.version in young and usable and allowed:
                for rule in rules:
                    if rule.package.matches(name, rel.version, rel.index_url):
                        continue
                    if all(rule.package.matches(name, o.version, o.index_url) for o in allowed):
                        kept[rel.version] = (f"it fixes {self._advisory_name(rule)}, which affects every older "
                                             "allowed release")
                        break
            if usable and (rel.version not in young or rel.version in kept):
                allowed.append(rel)
        return kept

    def exemption(self, name: str, version: Version) -> str | None:
        """Why ``name`` ``version`` was kept although it is younger than the cutoff (None: it is not)."""
        why = self.kept.get(canonicalize_name(name), {}).get(version)
        if why is None:
            return None
        project = self._source.project(name)
        uploaded = project.upload_time(version)
        when = _when(uploaded, self.now) if uploaded is not None else "young"
        return f"kept although {when} ({self.age.label}): {why}"

    def warnings(self) -> list[str]:
        """Pins kept inside the cooldown, then (once) the projects without upload times."""
        out = list(dict.fromkeys(self._warned))
        if self.unknown:
            names = sorted(self.unknown)
            shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
            out.append(f"the package index gives no upload time (PEP 700) for some or all releases of "
                       f"{len(names)} project(s) ({shown}); {self.age.label} keeps those releases. Indexes "
                       "that serve only HTML pages, and local directories, give none; the JSON simple API "
                       "(PEP 691) does.")
        return out

    def newer_held(self, name: str, version: Version) -> list[HeldBack]:
        """The held-back releases of ``name`` newer than ``version`` (the pick): the cooldown's
        part in the decision."""
        return [h for h in self.held.get(canonicalize_name(name), ()) if h.version > version]


# -- the stability signal ---------------------------------------------------------------------


def unstable_releases(releases: Sequence[Any], times: Mapping[Version, float], *, days: float,
                      now: float) -> dict[Version, str]:
    """Releases the stability signal scores down, with the reason (see docs/cooldown.md).

    A release is *stable* when its upload time is known, it is at least ``days`` old, it is
    not yanked, and no later release of the same series (same major.minor) was uploaded
    within 72 hours after it. Releases with no upload time are neither: they score 0.
    """
    from bisect import bisect_right

    out: dict[Version, str] = {}
    series: dict[tuple[int, ...], list[tuple[float, Version]]] = {}
    for rel in releases:
        t = times.get(rel.version)
        if t is not None and not rel.version.is_prerelease:
            series.setdefault(rel.version.release[:2], []).append((t, rel.version))
    stamps: dict[tuple[int, ...], list[float]] = {}
    for key, items in series.items():
        items.sort(key=lambda item: item[0])
        stamps[key] = [t for t, _ in items]
    for rel in releases:
        t = times.get(rel.version)
        if t is None:
            continue
        v = rel.version
        if rel.yanked:
            out[v] = "yanked"
            continue
        age = now - t
        if age < days * DAY:
            out[v] = f"out only {age_text(max(age, 0.0))} (less than {days:g} days)"
            continue
        key = v.release[:2]
        items, at = series.get(key, []), stamps.get(key, [])
        lo, hi = bisect_right(at, t), bisect_right(at, t + QUICK_FIX_SECONDS)  # uploaded within (t, t + 72 h]
        fix = next((w for _, w in items[lo:hi] if w > v), None)
        if fix is not None:
            out[v] = f"{fix} of the same series followed within 72 hours"
    return out


class StabilitySignal(LazyLayer):
    """``stability`` rules from upload times: ``score = -weight`` for each release that is not
    stable (see :func:`unstable_releases`); stable releases and releases without an upload
    time have no rule (0). Weighted by ``--recommendation`` like every ``stability`` rule.

    Computed per package the first time the policy asks, from the source bound with
    :meth:`bind` (the index client), never ahead: ``prefetch`` does nothing, so it never
    fetches a page out of turn.
    """

    revision = None
    rule_count = None

    def __init__(self, weight: float, days: float, *, now: float | None = None) -> None:
        super().__init__()
        self.weight = weight
        self.days = days
        self.now = time.time() if now is None else now
        self._source: Any = None

    def bind(self, source: Any) -> None:
        self._source = source

    def prefetch(self, names: Iterable[str]) -> None:
        return None

    def for_package(self, name: str) -> tuple[Rule, ...]:
        key = canonicalize_name(name)
        hit = self._loaded.get(key)
        if hit is None:
            hit = self._loaded[key] = self._rules(key) if self._source is not None else ()
        return hit

    def _rules(self, name: NormalizedName) -> tuple[Rule, ...]:
        try:
            project = self._source.project(name)
        except StackwiseError:
            return ()  # the resolver reports an unreadable project itself
        unstable = unstable_releases(project.releases, project.upload_times(), days=self.days, now=self.now)
        rules = []
        for rel in project.releases:
            why = unstable.get(rel.version)
            if why is None or rel.yanked:
                continue  # yanked releases are never candidates unless pinned: no rule needed
            index = rel.index_url
            link = f"{index.rstrip('/')}/{name}/" if index and index.startswith(("http://", "https://")) else PEP700
            rules.append(Rule(
                id=f"stability:{name}=={rel.version}",
                package=PackageMatch(name, SpecifierSet(f"=={rel.version}")), other=None,
                score=-self.weight, veto=False, category="stability",
                message=(f"{name} {rel.version} is not yet a settled release: {why} (stability signal: "
                         f"prefer releases out {self.days:g}+ days, not yanked, with no same-series patch "
                         "release within 72 hours)"),
                link=link, source="stackwise release age (PEP 700 upload times)"))
        return tuple(rules)


def with_signal(kb: Any, layer: StabilitySignal) -> Any:
    """``kb`` with the stability layer below the user's own rules' ids (they never collide)."""
    from stackwise.knowledge.rules import KnowledgeBase
    from stackwise.knowledge.service import ScoreSources

    if isinstance(kb, KnowledgeBase):
        return ScoreSources([kb, layer])  # type: ignore[list-item]
    return ScoreSources([*kb.layers, layer])


__all__ = [
    "CooldownSource",
    "HeldBack",
    "MinReleaseAge",
    "ReleaseAgeError",
    "StabilitySignal",
    "age_text",
    "parse_duration",
    "parse_instant",
    "parse_min_release_age",
    "unstable_releases",
    "with_signal",
]
