"""Lock + target -> what to do: which packages apply here, and install / replace / skip each.

Why separate: deciding is pure (no downloads, no writes), so a refusal -- a package without
a hash, an unparsable marker -- happens before any file is fetched or touched.
"""

from __future__ import annotations

from collections.abc import Mapping

from stackwise._dataclass import dataclass
from stackwise._names import canonical_name as canonicalize_name
from stackwise.install import InstallError
from stackwise.install.target import InstalledDist
from stackwise.lockfiles.model import Lock, LockedPackage

# names are normalized by stackwise._names: packaging.utils imports packaging.tags (~25 ms), which
# a plan never needs
TYPE_CHECKING = False
if TYPE_CHECKING:
    from packaging.utils import NormalizedName

SUPPORTED_HASHES = ("sha256", "sha384", "sha512")  # what pip's --require-hashes accepts


@dataclass(frozen=True)
class Step:
    """One package: ``action`` is ``install``, ``replace`` (another version is present) or ``skip``."""

    package: LockedPackage
    action: str
    installed: InstalledDist | None = None

    @property
    def name(self) -> NormalizedName:
        return canonicalize_name(self.package.name)


def lock_packages(lock: Lock, *, dev: bool = False) -> list[LockedPackage]:
    """The lock's packages; those only in the ``develop`` group (Pipfile.lock) only with ``dev``."""
    return [
        p for p in lock.packages
        if dev or "develop" not in getattr(p, "groups", frozenset()) or "default" in getattr(p, "groups", frozenset())
    ]


def applies(package: LockedPackage, markers: Mapping[str, str], groups: frozenset[str] = frozenset()) -> bool:
    """Whether the package's environment marker holds on the target (no marker: always).

    PEP 751 lock markers may test ``extras`` and ``dependency_groups``: no extra is asked for,
    and the groups are the lock's ``default-groups`` (``groups``). A marker that parses but cannot
    be evaluated here (``platform_release ~= 'x'``: ``~=`` needs a version) is refused in one
    sentence instead of a traceback."""
    if not package.marker:
        return True
    # imported only for a lock with markers (a plain requirements lock or pylock.toml needs none)
    from packaging.markers import (
        InvalidMarker,
        Marker,
        UndefinedComparison,
        UndefinedEnvironmentName,
    )

    env = {**markers, "extra": "", "extras": frozenset(), "dependency_groups": groups}
    try:
        return Marker(package.marker).evaluate(env)  # type: ignore[arg-type]  # sets: packaging>=25
    except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName) as exc:
        what = f"{package.name} {package.version}".strip()
        raise InstallError(f"{what} has an environment marker {package.marker!r} that cannot be evaluated on the "
                           f"target ({str(exc).rstrip('.')}); fix or remove it in the lock. Nothing was installed.") from None


def make_plan(
    lock: Lock,
    markers: Mapping[str, str],
    installed: Mapping[NormalizedName, InstalledDist],
    *,
    dev: bool = False,
) -> list[Step]:
    """Steps in lock order; refuses if a package applying here has no usable hash or a duplicate pin.

    A local project directory (no version, no hashes) is always installed or replaced -- rebuilt,
    as pip does -- except an editable install that is still current (:func:`.local.editable_is_current`)."""
    label = lock.source or "the lock"
    if lock.requires_python and markers.get("python_full_version"):
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            ok = SpecifierSet(lock.requires_python).contains(markers["python_full_version"], prereleases=True)
        except InvalidSpecifier:
            ok = True  # like pip: an unparsable Requires-Python does not block
        if not ok:
            raise InstallError(
                f"{label} requires Python {lock.requires_python}, and the target runs Python "
                f"{markers['python_full_version']}; lock for this Python or install into another environment. "
                "Nothing was installed."
            )
    steps: list[Step] = []
    seen: dict[NormalizedName, str] = {}
    local: dict[NormalizedName, str] = {}  # local projects: name -> directory
    unhashed: list[str] = []
    meta = lock.meta if isinstance(lock.meta, Mapping) else {}
    groups = frozenset(g for g in meta.get("default-groups") or () if isinstance(g, str))
    environments = [e for e in meta.get("environments") or () if isinstance(e, str)]
    if environments and not any(applies(LockedPackage("environments", "", marker=e), markers) for e in environments):
        # PEP 751: a lock whose ``environments`` exclude the target is refused, not half-installed
        raise InstallError(
            f"{label} was locked for other environments ({' or '.join(repr(e) for e in environments)}), and none "
            f"matches the target (Python {markers.get('python_full_version', '?')} on {markers.get('sys_platform', '?')} "
            f"{markers.get('platform_machine', '')}); lock for this environment or install into another one. "
            "Nothing was installed."
        )
    for package in lock_packages(lock, dev=dev):
        if not applies(package, markers, groups):
            continue  # as pip and Pipenv do: an entry whose marker is false here is not installed
        if package.problem:
            raise InstallError(f"{package.problem} Nothing was installed.")
        key = canonicalize_name(package.name)
        if package.directory is not None:
            if key in seen:
                raise InstallError(f"{label} lists {package.name} twice for this environment (once as the local "
                                   f"project {package.directory}); a lock must name one source per package.")
            seen[key] = local[key] = package.directory
            present = installed.get(key)
            from stackwise.install.local import editable_is_current  # (local projects only)

            if present is not None and package.editable and editable_is_current(present, package.directory):
                steps.append(Step(package, "skip", present))
            else:
                steps.append(Step(package, "install" if present is None else "replace", present))
            continue
        if not _plain_release(package.version):
            from packaging.version import Version

            try:
                Version(package.version)
            except ValueError:  # InvalidVersion, or more digits than Python converts to an int
                raise InstallError(f"{label} pins {package.name} to {package.version!r}, which is not a valid version.") from None
        if key in seen:
            if key in local:
                raise InstallError(f"{label} lists {package.name} twice for this environment (once as the local "
                                   f"project {local[key]}); a lock must name one source per package.")
            if seen[key] != package.version:
                raise InstallError(
                    f"{label} pins {package.name} twice ({seen[key]} and {package.version}) for this environment; "
                    "a lock must name one version per package."
                )
            continue
        seen[key] = package.version
        if not any(alg in f.hashes for f in package.files for alg in SUPPORTED_HASHES):
            unhashed.append(f"{package.name}=={package.version}")
        present = installed.get(key)
        if present is None:
            action = "install"
        elif _same_version(present.version, package.version):
            action = "skip"
        else:
            action = "replace"
        steps.append(Step(package, action, present))
    if unhashed:
        raise InstallError(
            f"{label} gives no sha256/sha384/sha512 hash for {', '.join(unhashed)}; stackwise installs only "
            "files it can verify. Re-create the lock with hashes (e.g. 'stackwise lock' writes --hash lines). "
            "Nothing was installed."
        )
    return steps


def _plain_release(text: str) -> bool:
    """Whether ``text`` is ``N(.N)*`` in ASCII digits, 200 characters at most: always a valid
    version (what most locks pin), told without ``packaging.version``, whose pattern is compiled
    on import (~5 ms of an install that finds everything in place)."""
    return 0 < len(text) <= 200 and text.isascii() and all(part.isdigit() for part in text.split("."))


def _same_version(a: str, b: str) -> bool:
    """PEP 440 equality of the installed ``a`` and the pinned ``b`` (already checked to be valid)."""
    if a == b:  # Version(a) == Version(b), as b is valid
        return True
    from packaging.version import InvalidVersion, Version

    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b
