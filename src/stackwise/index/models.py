"""What an index offers: distribution files grouped into releases.

Plain data, no I/O: the resolver sees :class:`Release` objects and asks the
:class:`~stackwise.index.client.IndexClient` for their dependencies lazily, so a
release whose version is never tried costs no metadata fetch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName
from packaging.version import Version

from stackwise._dataclass import dataclass


@dataclass(frozen=True)
class DistFile:
    """One file (wheel or sdist) listed for a project on an index or find-links location."""

    filename: str
    url: str  # absolute: http(s):// or file://
    hashes: dict[str, str]  # e.g. {"sha256": "..."}; may be empty for find-links dirs (then computed)
    requires_python: str | None = None
    yanked: bool = False
    yanked_reason: str | None = None
    # PEP 658/714: True if a .metadata file is served next to the file; a dict holds its hashes.
    core_metadata: bool | dict[str, str] = False
    index_url: str | None = None  # the index (or find-links location) this file came from
    size: int | None = None  # bytes, as a PEP 700 JSON page lists them: a longer download is stopped

    @property
    def is_wheel(self) -> bool:
        return self.filename.endswith(".whl")


class Release:
    """One version of one project, usable in the target environment.

    ``files`` holds every file of that version (for ``--hash`` lines); ``best`` is the file
    the installer would pick for the target (best wheel tag, else the sdist): its metadata
    gives the dependencies. A warm resolution looks at the versions of tens of thousands of
    releases but at the files of a few hundred, so a release may be built lazily: ``files``
    is then a loader and ``best`` the key it is called with, and ``loader(key)`` returns
    ``(files, best)`` the first time either is asked for. Such a release carries its
    ``index_url`` (``origin``) itself, since scoring policies ask it of every version.
    Immutable, like the frozen dataclass it replaces.
    """

    __slots__ = ("name", "version", "yanked", "yanked_reason", "_files", "_best", "_origin")

    name: NormalizedName
    version: Version
    yanked: bool  # true when every file of this version is yanked (PEP 592)
    yanked_reason: str | None

    def __init__(
        self,
        name: NormalizedName,
        version: Version,
        files: tuple[DistFile, ...] | Callable[[Any], tuple[tuple[DistFile, ...], DistFile]],
        best: DistFile | Any,
        yanked: bool = False,
        yanked_reason: str | None = None,
        origin: str | None = None,
    ) -> None:
        # The slots' own setters (bound below the class): no lookup by name, as object.__setattr__ does.
        _set_name(self, name)
        _set_version(self, version)
        _set_files(self, files)
        _set_best(self, best)
        _set_yanked(self, yanked)
        _set_yanked_reason(self, yanked_reason)
        _set_origin(self, origin)

    def _load(self) -> None:
        files, best = self._files(self._best)  # type: ignore[operator]
        _set_files(self, tuple(files))
        _set_best(self, best)

    @property
    def best(self) -> DistFile:
        if type(self._best) is not DistFile:
            self._load()
        return self._best  # type: ignore[no-any-return]

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"Release is immutable; cannot set {key!r}")

    @property
    def files(self) -> tuple[DistFile, ...]:
        if type(self._files) is not tuple:
            self._load()
        return self._files  # type: ignore[return-value]

    def _key(self) -> tuple[object, ...]:
        return (self.name, self.version, self.files, self.best, self.yanked, self.yanked_reason)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Release):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # like the dataclass: files hold dicts

    def __repr__(self) -> str:
        return f"Release({self.name!r}, {str(self.version)!r}, best={self.best.filename!r}, yanked={self.yanked})"

    @property
    def requires_python(self) -> SpecifierSet | None:
        rp = self.best.requires_python
        return SpecifierSet(rp) if rp else None

    @property
    def index_url(self) -> str | None:
        origin = self._origin
        return origin if origin is not None else self.best.index_url


_set_name, _set_version, _set_files, _set_best, _set_yanked, _set_yanked_reason, _set_origin = (
    Release.__dict__[slot].__set__ for slot in ("name", "version", "_files", "_best", "yanked", "yanked_reason", "_origin")
)


def lazy_releases(
    name: NormalizedName,
    versions: list[Version],
    loader: Callable[[Any], tuple[tuple[DistFile, ...], DistFile]],
    keys: list[Any],
    origins: list[str | None],
) -> list[Release]:
    """Not yanked lazy releases (see :class:`Release`), one per version, as
    ``Release(name, version, loader, key, False, None, origin)`` would build them.

    A warm lock builds one per release of every project it lists (16,000 on the large
    benchmark set), most never looked at beyond their version: the slots are filled here
    without a call of ``__init__`` per release (about half the cost).
    """
    new = object.__new__
    set_name, set_version, set_files, set_best = _set_name, _set_version, _set_files, _set_best
    set_yanked, set_reason, set_origin = _set_yanked, _set_yanked_reason, _set_origin
    out: list[Release] = []
    append = out.append
    for version, key, origin in zip(versions, keys, origins, strict=True):
        release = new(Release)
        set_name(release, name)
        set_version(release, version)
        set_files(release, loader)
        set_best(release, key)
        set_yanked(release, False)
        set_reason(release, None)
        set_origin(release, origin)
        append(release)
    return out


@dataclass(frozen=True)
class Skipped:
    """A version that exists but cannot be used for the target, and why (for explanations)."""

    version: str
    reason: str  # e.g. "requires-python >=3.12", "no wheel for this platform and no sdist"


@dataclass
class Project:
    """Everything known about one project name across all configured locations.

    ``times`` holds the PEP 700 upload time of each release (its earliest file's, in whole
    seconds since the epoch): a dict by version, or, for a project read from a digest, the
    digest's text form (``"1700000000,,1690000000"``, one entry per release, empty when
    unknown), parsed only when :meth:`upload_time` is first asked. Most runs never ask.
    """

    name: NormalizedName
    releases: list[Release] = field(default_factory=list)  # newest first
    skipped: list[Skipped] = field(default_factory=list)
    times: dict[Version, int] | str | None = field(default=None, repr=False, compare=False)
    # With --prefer-binary only: the versions whose pick is a wheel (pip offers those first).
    binary: frozenset[Version] | None = field(default=None, repr=False, compare=False)

    def upload_times(self) -> dict[Version, int]:
        """Upload time by version, for the releases whose time is known."""
        times = self.times
        if isinstance(times, str):
            parsed: dict[Version, int] = {}
            for release, text in zip(self.releases, times.split(","), strict=False):
                if text:
                    parsed[release.version] = int(text)
            self.times = times = parsed
        return times or {}

    def upload_time(self, version: Version) -> int | None:
        """When ``version`` was first uploaded (seconds since the epoch); None if the index did not say."""
        return self.upload_times().get(version)


def times_text(releases: list[Release], times: dict[Version, int]) -> str:
    """The digest form of ``times`` (see :class:`Project`); "" when no time is known."""
    if not times:
        return ""
    return ",".join(str(times.get(r.version, "")) for r in releases)
