"""Upper bounds that newer releases added, proposed for the older releases that lack them.

When pandas 2.1.2 started to require ``numpy<2``, the pandas releases before it kept
allowing numpy 2, which they were never released against. Their metadata cannot be changed
any more, so the knowledge base has to say it: a *pair* rule "pandas ``>=2.0.0,<2.1.2``
with numpy ``>=2``". This module reads the dependency metadata of a package's releases
through the :class:`~stackwise.index.client.IndexClient` (PEP 658 files, lazy wheels:
the path the resolver uses) and proposes such rules.

Choices (see also docs/knowledge.md):

* Requirements are evaluated for the client's target, as the resolver does: lines whose
  marker does not hold (extras-only lines included, since ``extra`` is ``""``) are
  ignored. When the added bound comes from a line *with* a marker, that marker becomes
  the rule's condition, so the rule does not spread to targets the bound was never about.
* Only ``<`` and ``<=`` clauses are upper bounds here; pins (``==``), ``~=`` and ``!=``
  are not treated as added bounds.
* A bound is proposed for the contiguous run of releases just before the first release
  that carries it, back to the oldest release that depends on the dependency at all (and
  that is looser). A later release that relaxes the bound again does not cancel it: the
  earlier releases were still published without it. The range ``>=oldest,<first`` also
  covers releases in between that were not read (yanked, or sdist-only).
* A proposal is made only when the index holds a final release of the dependency that
  the bound excludes and that the earlier releases allow; otherwise the rule would change
  nothing. Pre-releases are listed but never make a proposal on their own, since pip picks
  them only with ``--pre``.
* Scores are hints (-0.6), not vetoes: the bound may have been a precaution. The crawl
  turns one into a veto only after an inspection reproduced the failure.
* The window's lower edge is not a fact about the package. When a run of releases without
  the bound reaches the oldest release of the window and the index has older releases, the
  older ones are read too, newest first, and join the run while they depend on the
  dependency and lack the bound. The first that no longer depends on it, that already has
  the bound (or a tighter one), whose metadata cannot be read without a build, or the
  package's oldest release ends the run; so does the cap of ``max_older`` extra reads per
  package. The proposal says how far down it read and what stopped it
  (:attr:`BoundProposal.below_window`), and its range starts at the oldest release measured
  to lack the bound -- except when a release whose metadata needs a build ended the run:
  then the range is open below (:attr:`BoundProposal.open_below`; unknown is not clean). Otherwise a release just below the window (flask
  0.12.3, below a window that ended at 0.12.4) would look clean and the search would pick
  it with exactly the combination the bound forbids.
* Cost: at most ``max_releases`` newest releases are read, plus at most ``max_older``
  older ones (only for runs that reach the window's end), and only those whose metadata
  comes without building (wheels, or files with PEP 658 metadata); sdist-only releases
  are skipped with a warning. ``since_years`` uses the PEP 700 upload times the client
  keeps (``client.upload_time(release)``); a release whose time the index does not give
  (HTML-only indexes, local directories) counts as recent, so there the window is
  ``max_releases`` alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from datetime import datetime, timezone
from typing import Any, Protocol

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from stackwise._dataclass import dataclass
from stackwise.errors import MetadataError, StackwiseError
from stackwise.knowledge.rules import Rule
from stackwise.knowledge.scorefile import parse_document

#: A bound added later is a hint: negative enough to steer, not a veto.
BOUND_SCORE = -0.6
SOURCE = "metadata-bound"
CATEGORY = "stability"
#: How many excluded provider versions a message names before "and N more".
_SHOWN = 3
_YEAR_SECONDS = 365.25 * 24 * 3600
#: Releases older than the window read at most per package, to find where a run of releases
#: without an added bound starts (see the module notes). Metadata files are small (PEP 658),
#: so 40 costs about as much as the window itself.
MAX_OLDER = 40
#: Older releases whose metadata is fetched at once (concurrently, when the client can).
_OLDER_BATCH = 8


class _Client(Protocol):
    """What this module needs of an :class:`~stackwise.index.client.IndexClient`."""

    target: Any
    config: Any

    def releases(self, name: str) -> list[Any]: ...

    def metadata(self, release: Any) -> Any: ...


@dataclass(frozen=True)
class BoundProposal:
    """One added upper bound, and the earlier releases it is proposed for."""

    package: NormalizedName
    dependency: NormalizedName
    #: The added bound, e.g. ``<2``.
    bound: str
    #: The first release (in version order) that carries it.
    first_bounded: str
    #: The earlier releases, as a range: ``>=oldest,<first_bounded``.
    affected: str
    #: The releases in that range that were read and lack the bound, oldest first.
    affected_releases: tuple[str, ...]
    #: Dependency releases on the index that the bound excludes and the earlier releases
    #: allow, oldest first (pre-releases included, see the module notes).
    excluded: tuple[str, ...]
    #: The marker of the requirement line(s) that carry the bound, if any: the rule's condition.
    marker: str | None = None
    #: The index's project page of the package (http(s)), None for a local index.
    link: str | None = None
    #: When the run reached the oldest release of the window and the index has older ones:
    #: (the oldest release read below the window that lacks the bound, or None when the first
    #: one read already ended the run; what ended the run). None when the window held the
    #: whole run.
    below_window: tuple[str | None, str] | None = None
    #: The run ended at an older release whose metadata cannot be read without a build (an
    #: sdist-only release of 2014, say): the range is then open below (``<first_bounded``),
    #: as unknown is not clean -- an older release published without the bound is the
    #: likeliest case, and a range ending there sent the search to exactly that release
    #: (``flask<2`` picked flask 0.10.1 with jinja2 3). A hint (-0.6) only, never a veto.
    open_below: bool = False

    @property
    def rule_specifier(self) -> str:
        """The dependency versions the rule is about: the complement of the bound."""
        return complement(self.bound)

    @property
    def rule_id(self) -> str:
        """Stable, so a later crawl replaces the rule instead of adding a second one."""
        return f"bound:{self.package}:{self.dependency}:{self.affected}"

    def message(self) -> str:
        """Facts only: who added what, and what the earlier releases still allow."""
        shown = ", ".join(self.excluded[:_SHOWN])
        more = len(self.excluded) - _SHOWN
        if more > 0:
            shown += f" and {more} more"
        where = f" where {self.marker}" if self.marker else ""
        text = (
            f"{self.package} {self.first_bounded} added {self.dependency}{self.bound}{where}; earlier "
            f"{self.package} releases ({self.affected}) allow {self.dependency}{self.rule_specifier} "
            f"({shown} on the index) but were published without that bound"
        )
        if self.below_window is not None:
            down, stop = self.below_window
            if down:
                text += f" (releases below the newest-releases window read down to {self.package} {down}; stopped by {stop})"
            else:
                text += f" (no release below the newest-releases window joined the range; stopped by {stop})"
        if self.open_below:
            text += "; older releases, whose metadata needs a build to read, are assumed to lack the bound too"
        return text


@dataclass
class _Read:
    """The parts of one release's metadata this module looks at."""

    version: Version
    #: dependency -> (combined specifier of the applicable lines, the lines' markers)
    deps: dict[NormalizedName, tuple[SpecifierSet, list[tuple[SpecifierSet, str | None]]]] = field(default_factory=dict)


def complement(bound: str) -> str:
    """``<X`` -> ``>=X`` and ``<=X`` -> ``>X``: the versions an added bound takes away."""
    spec = Specifier(bound)
    if spec.operator == "<":
        return f">={spec.version}"
    if spec.operator == "<=":
        return f">{spec.version}"
    raise ValueError(f"not an upper bound: {bound!r}")


def _upper(spec: SpecifierSet) -> Specifier | None:
    """The tightest ``<``/``<=`` clause of a specifier set, or None if it has no upper bound."""
    best: Specifier | None = None
    for clause in spec:
        if clause.operator not in ("<", "<="):
            continue
        if best is None or _tighter(clause, best):
            best = clause
    return best


def _bound_key(spec: Specifier | None) -> tuple[int, Version, int]:
    """Sort key: smaller is tighter; no bound is the loosest of all."""
    if spec is None:
        return (1, Version("0"), 0)
    return (0, Version(spec.version), 0 if spec.operator == "<" else 1)


def _tighter(a: Specifier | None, b: Specifier | None) -> bool:
    """Whether bound ``a`` excludes strictly more than bound ``b``."""
    return _bound_key(a) < _bound_key(b)


def _read_release(release: Any, meta: Any, env: dict[str, str], warn: Callable[[str], None]) -> _Read:
    """Applicable base requirements of one release, combined per dependency."""
    read = _Read(release.version)
    own = canonicalize_name(release.name)
    for text in getattr(meta, "requires_dist", ()) or ():
        try:
            req = Requirement(text)
        except InvalidRequirement:
            warn(f"{release.name} {release.version}: unparseable requirement {text!r} ignored")
            continue
        marker: str | None = None
        if req.marker is not None:
            try:
                if not req.marker.evaluate(env):
                    continue  # another target's line, or one only an extra pulls in
            except Exception:  # noqa: BLE001 - packaging raises several types for odd markers
                warn(f"{release.name} {release.version}: marker of {text!r} cannot be evaluated; ignored")
                continue
            marker = str(req.marker)
        name = canonicalize_name(req.name)
        if name == own:
            continue  # ``pkg[extra]`` self-references say nothing about another package
        combined, lines = read.deps.get(name, (SpecifierSet(), []))
        read.deps[name] = (combined & req.specifier, [*lines, (req.specifier, marker)])
    return read


def _index_link(client: _Client, release: Any, name: str) -> str | None:
    """``<index_url>/<name>/`` for the index the release came from, if it is http(s)."""
    candidates = [getattr(release, "index_url", None), *getattr(client.config, "effective_index_urls", ())]
    for url in candidates:
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            return f"{url.rstrip('/')}/{name}/"
    return None


def _uploaded(client: _Client, release: Any) -> datetime | None:
    """The release's upload time, when the client can tell it (see the module notes)."""
    getter = getattr(client, "upload_time", None)
    if getter is None:
        return None
    try:
        when = getter(release)
    except StackwiseError:
        return None
    if isinstance(when, (int, float)) and not isinstance(when, bool):
        return datetime.fromtimestamp(when, tz=timezone.utc)  # the index client's seconds since the epoch
    return when if isinstance(when, datetime) else None


def _window(client: _Client, releases: Sequence[Any], since_years: float, max_releases: int) -> list[Any]:
    """The newest readable releases, capped by count (and by age when times are known)."""
    cutoff = datetime.fromtimestamp(time.time() - since_years * _YEAR_SECONDS, tz=timezone.utc)
    picked = []
    for release in releases:  # newest first
        if len(picked) >= max_releases:
            break
        if release.yanked:
            continue
        when = _uploaded(client, release)
        if when is not None and when.astimezone(timezone.utc) < cutoff:
            continue  # version order is not time order (maintenance branches): keep looking
        picked.append(release)
    return picked


def _readable(release: Any) -> bool:
    """Metadata without a build: a wheel, or any file with PEP 658 metadata next to it."""
    best = release.best
    return bool(best.is_wheel or best.core_metadata)


class _Older:
    """The package's releases below the window, read lazily (newest first), shared by all runs.

    ``item(i)`` is the ``i``-th older release with its read, or why it has none; None past
    the oldest release. At most ``cap`` are read (see :data:`MAX_OLDER`).
    """

    def __init__(self, client: _Client, releases: list[Any], env: dict[str, str], cap: int,
                 warn: Callable[[str], None]) -> None:
        self.client = client
        self.releases = releases  # newest first, non-yanked, all older than the window's oldest release
        self.env = env
        self.cap = cap
        self.warn = warn
        self.items: list[tuple[Any, _Read | None, str]] = []

    def item(self, i: int) -> tuple[Any, _Read | None, str] | None:
        if i >= len(self.releases):
            return None
        if i >= self.cap:
            return (self.releases[i], None, f"the cap of {self.cap} reads below the window")
        while len(self.items) <= i:
            self._read_batch()
        return self.items[i]

    def _read_batch(self) -> None:
        start = len(self.items)
        batch = self.releases[start : min(start + _OLDER_BATCH, self.cap)]
        prefetch = getattr(self.client, "prefetch_metadata", None)
        if prefetch is not None:
            for release in batch:
                if _readable(release):
                    prefetch(release)
        for release in batch:
            if not _readable(release):
                self.items.append((release, None, f"{release.version}, only a source distribution without "
                                   "PEP 658 metadata"))
                continue
            try:
                meta = self.client.metadata(release)
            except MetadataError as exc:
                self.items.append((release, None, f"{release.version}, whose metadata is unavailable ({exc})"))
                continue
            self.items.append((release, _read_release(release, meta, self.env, self.warn), ""))

    def unreadable(self, i: int) -> bool:
        """Whether the ``i``-th older release ended a run because its metadata needs a build
        (or could not be had) -- not the cap, not the oldest release, not a measured fact."""
        got = self.item(i) if i < min(len(self.releases), self.cap) else None
        return got is not None and got[1] is None

    def run(self, dep: NormalizedName, upper: Specifier) -> tuple[list[_Read], str]:
        """Older releases (newest first) that depend on ``dep`` and lack ``upper``; what ended them."""
        found: list[_Read] = []
        i = 0
        while True:
            got = self.item(i)
            if got is None:
                return found, "the oldest release on the index"
            release, read, why = got
            if read is None:
                return found, why  # (see bound_proposals: an unreadable release leaves the range open below)
            if dep not in read.deps:
                return found, f"{release.version}, which does not depend on {dep}"
            theirs = _upper(read.deps[dep][0])
            if not _tighter(upper, theirs):  # ``theirs`` is a bound: no bound is never tighter
                has = f"{theirs.operator}{theirs.version}" if theirs is not None else ""
                return found, f"{release.version}, which has {dep}{has}"
            found.append(read)
            i += 1


def bound_proposals(
    name: str,
    client: _Client,
    *,
    since_years: float = 4.0,
    max_releases: int = 60,
    warnings: list[str] | None = None,
    max_older: int = MAX_OLDER,
) -> list[BoundProposal]:
    """Upper bounds that a release of ``name`` added and its predecessors lack.

    Reads the metadata of at most ``max_releases`` newest (non-yanked) releases, and of at
    most ``max_older`` older ones where a run without the bound reaches the window's end (see
    the module notes). A release in the window whose metadata cannot be had is skipped and
    reported in ``warnings`` (if given); an index error about ``name`` itself is raised as
    the client raises it.
    """
    if max_releases < 1:
        raise StackwiseError(f"max_releases must be at least 1, not {max_releases!r}.")
    if max_older < 0:
        raise StackwiseError(f"max_older must be 0 or more, not {max_older!r}.")
    if since_years <= 0:
        raise StackwiseError(f"since_years must be positive, not {since_years!r}.")
    warns: list[str] = warnings if warnings is not None else []
    package = canonicalize_name(name)
    every = client.releases(package)
    window = _window(client, every, since_years, max_releases)
    readable = []
    for release in window:
        if _readable(release):
            readable.append(release)
        else:
            warns.append(f"{package} {release.version}: only a source distribution without PEP 658 metadata; skipped")
    prefetch = getattr(client, "prefetch_metadata", None)
    if prefetch is not None:
        for release in readable:  # the client fetches them concurrently
            prefetch(release)
    env = dict(client.target.markers)
    env["extra"] = ""
    reads: list[tuple[Any, _Read]] = []
    for release in readable:
        try:
            meta = client.metadata(release)
        except MetadataError as exc:
            warns.append(f"{package} {release.version}: metadata unavailable ({exc}); skipped")
            continue
        reads.append((release, _read_release(release, meta, env, warns.append)))
    reads.sort(key=lambda pair: pair[1].version)  # oldest first
    # Below the window: only where its oldest release was read (an unreadable one ends a run anyway).
    bottom = min((r.version for r in window), default=None)
    below = sorted((r for r in every if not r.yanked and bottom is not None and r.version < bottom),
                   key=lambda r: r.version, reverse=True) if reads and reads[0][1].version == bottom else []
    older = _Older(client, below, env, max_older, warns.append)
    proposals: list[BoundProposal] = []
    providers: dict[NormalizedName, list[Version]] = {}
    dependencies = sorted({dep for _, read in reads for dep in read.deps})
    for dep in dependencies:
        for index, (release, read) in enumerate(reads):
            if dep not in read.deps:
                continue
            upper = _upper(read.deps[dep][0])
            if upper is None:
                continue
            run: list[_Read] = []
            for _, earlier in reversed(reads[:index]):
                if dep not in earlier.deps or not _tighter(upper, _upper(earlier.deps[dep][0])):
                    break
                run.append(earlier)
            below_window: tuple[str | None, str] | None = None
            stopped_unread = False
            if len(run) == index and below:  # the run reached the window's end, and the index goes on
                more, stop = older.run(dep, upper)
                run.extend(more)
                below_window = (str(more[-1].version) if more else None, stop)
                stopped_unread = older.unreadable(len(more))
            if not run:
                continue  # the previous release already had this bound (or no dependency at all)
            run.reverse()
            if dep not in providers:
                providers[dep] = _provider_versions(client, dep, warns)
            proposal = _proposal(client, package, dep, release, read, upper, run, providers[dep], below_window,
                                 open_below=below_window is not None and stopped_unread)
            if proposal is not None:
                proposals.append(proposal)
    return proposals


def _provider_versions(client: _Client, dep: NormalizedName, warns: list[str]) -> list[Version]:
    """Non-yanked versions of the dependency on the index, oldest first ([] if it has none)."""
    try:
        releases = client.releases(dep)
    except StackwiseError as exc:
        warns.append(f"{dep}: cannot list its releases ({exc}); no proposals about it")
        return []
    return sorted(r.version for r in releases if not r.yanked)


def _proposal(
    client: _Client,
    package: NormalizedName,
    dep: NormalizedName,
    release: Any,
    read: _Read,
    upper: Specifier,
    run: list[_Read],
    provider: list[Version],
    below_window: tuple[str | None, str] | None = None,
    *,
    open_below: bool = False,
) -> BoundProposal | None:
    """The proposal for one added bound, or None when no release on the index is affected."""
    bound = f"{upper.operator}{upper.version}"
    rule_spec = SpecifierSet(complement(bound))
    excluded = [
        v
        for v in provider
        if rule_spec.contains(v, prereleases=True)
        and any(r.deps[dep][0].contains(v, prereleases=True) for r in run)
    ]
    if not any(not v.is_prerelease for v in excluded):
        return None
    markers = sorted({m for spec, m in read.deps[dep][1] if _upper(spec) == upper and m is not None})
    unmarked = any(_upper(spec) == upper and m is None for spec, m in read.deps[dep][1])
    marker: str | None = None
    if markers and not unmarked:
        marker = markers[0] if len(markers) == 1 else " or ".join(f"({m})" for m in markers)
        marker = str(Marker(marker))  # normalised spelling, and proof that it parses
    first = str(read.version)
    return BoundProposal(
        package=package,
        dependency=dep,
        bound=bound,
        first_bounded=first,
        affected=f"<{first}" if open_below else f">={run[0].version},<{first}",
        affected_releases=tuple(str(r.version) for r in run),
        excluded=tuple(str(v) for v in excluded),
        marker=marker,
        link=_index_link(client, release, package),
        below_window=below_window,
        open_below=open_below,
    )


def proposals_to_rules(proposals: Iterable[BoundProposal]) -> list[Rule]:
    """Validated pair rules (score -0.6, not vetoes) for the proposals, in the same order.

    Goes through the score-file validator, so what it returns also loads from a file.
    A proposal without an http(s) link (found on a local index) cannot become a rule.
    """
    objects: list[dict[str, Any]] = []
    seen: set[str] = set()
    for p in proposals:
        if p.rule_id in seen:
            continue
        if not p.link:
            raise StackwiseError(
                f"{p.rule_id}: a rule needs an http(s) link, and the index {p.package} was read from "
                "is not an http(s) index; propose bounds from an http(s) index."
            )
        seen.add(p.rule_id)
        try:
            SpecifierSet(p.affected)
        except InvalidSpecifier:
            raise StackwiseError(f"{p.rule_id}: {p.affected!r} is not a PEP 440 specifier.") from None
        rule: dict[str, Any] = {
            "id": p.rule_id,
            "package": p.package,
            "specifier": p.affected,
            "with": {"package": p.dependency, "specifier": p.rule_specifier},
            "score": BOUND_SCORE,
            "category": CATEGORY,
            "message": p.message(),
            "link": p.link,
            "source": SOURCE,
            "evidence": {
                "kind": SOURCE,
                "first_bounded": p.first_bounded,
                "bound": f"{p.dependency}{p.bound}",
                "confirmed": False,
            },
        }
        if p.below_window is not None:
            down, stop = p.below_window
            rule["evidence"]["below_window"] = {"read_down_to": down, "stopped_by": stop}
            if p.open_below:
                rule["evidence"]["below_window"]["open_below"] = True
        if p.marker:
            rule["condition"] = {"marker": p.marker}
        objects.append(rule)
    doc = {"format": "stackwise-scores", "version": 1, "rules": objects}
    return list(parse_document(doc, "proposed metadata bounds").rules)
