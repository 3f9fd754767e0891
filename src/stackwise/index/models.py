"""What an index offers: distribution files grouped into releases.

Plain data, no I/O: the resolver sees :class:`Release` objects and asks the
:class:`~stackwise.index.client.IndexClient` for their dependencies lazily, so a
release whose version is never tried costs no metadata fetch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName
from packaging.version import Version


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

    @property
    def is_wheel(self) -> bool:
        return self.filename.endswith(".whl")


@dataclass(frozen=True)
class Release:
    """One version of one project, usable in the target environment.

    ``files`` holds every file of that version (for ``--hash`` lines); ``best`` is the file
    the installer would pick for the target (best wheel tag, else the sdist): its metadata
    gives the dependencies.
    """

    name: NormalizedName
    version: Version
    files: tuple[DistFile, ...]
    best: DistFile
    yanked: bool = False  # true when every file of this version is yanked (PEP 592)
    yanked_reason: str | None = None

    @property
    def requires_python(self) -> SpecifierSet | None:
        rp = self.best.requires_python
        return SpecifierSet(rp) if rp else None

    @property
    def index_url(self) -> str | None:
        return self.best.index_url


@dataclass(frozen=True)
class Skipped:
    """A version that exists but cannot be used for the target, and why (for explanations)."""

    version: str
    reason: str  # e.g. "requires-python >=3.12", "no wheel for this platform and no sdist"


@dataclass
class Project:
    """Everything known about one project name across all configured locations."""

    name: NormalizedName
    releases: list[Release] = field(default_factory=list)  # newest first
    skipped: list[Skipped] = field(default_factory=list)
