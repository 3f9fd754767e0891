"""pip's configured constraint files against a lock's pins, before anything is installed.

Why: ``pip install -r lock.txt`` applies the constraint files pip is configured with
(``PIP_CONSTRAINT``, ``constraint = ...`` in a pip configuration file) and refuses a pin they
exclude (ResolutionImpossible), also when every pinned version is already installed. A drop-in
installer must refuse the same lock: a constraint is never bypassed. As pip does, a constraint
line naming a package the lock does not install here is ignored, and one whose marker is false
on the target is ignored too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence

from stackwise.install import InstallError

TYPE_CHECKING = False  # typing (~4 ms) is not imported for annotations
if TYPE_CHECKING:
    from typing import Any


def configured_constraint_lines(paths: Sequence[str], *, names: Iterable[str], cache: str, ttl: float,
                                offline: bool, timeout: float | None = None) -> list[Any]:
    """The lines (``stackwise.reqfile.Line``) of pip's configured constraint files ``paths``
    (``pip_index_settings()["constraints"]``), read as ``IndexConfig.from_pip`` reads them, for
    an install that needs no index configuration; an empty list when they cannot name any of
    ``names`` (normalized), see :func:`may_name`."""
    if not paths or not may_name(paths, frozenset(names)):
        return []
    from stackwise.errors import RequirementError
    from stackwise.reqfile import Inputs, read_requirements_file

    def fetch(url: str, what: str) -> str:  # a constraints file at a URL: as from_pip fetches it
        from stackwise.urlfiles import DEFAULT_TIMEOUT, fetch_url

        return str(fetch_url(url, what=what, error=RequirementError, cache_dir=cache, ttl=ttl, offline=offline,
                             timeout=timeout or DEFAULT_TIMEOUT))

    inputs = Inputs(fetch_url=fetch)
    for path in paths:  # a missing one is an error, as pip's "Could not open requirements file"
        read_requirements_file(path, inputs, constraint=True)
    return list(inputs.constraints)


_READ_LIMIT = 1 << 20


def may_name(paths: Sequence[str], names: frozenset[str]) -> bool:
    """Whether the constraint files at ``paths`` may constrain one of ``names`` (normalized):
    False only when each is a local file whose every line is blank, a comment, an option other
    than an include, or a requirement on another name; anything else (an include, ``${VAR}``, a
    continuation, a URL, a line not starting with a name, a file not read) says True.

    Why: parsing them imports the PEP 508 parser (about a fifth of an up-to-date install's CPU
    time), while a team's constraint file usually names none of a given lock's packages."""
    comment = re.compile(r"(^|\s+)#.*$")  # as stackwise.reqfile (and pip) strip comments
    name = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
    for path in paths:
        if "://" in path:
            return True
        try:
            with open(path, "rb") as fh:
                data = fh.read(_READ_LIMIT + 1)
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return True  # the full reader reports it (or decodes it as pip does)
        if len(data) > _READ_LIMIT or "${" in text:
            return True
        for raw in text.splitlines():
            if raw.endswith("\\"):
                return True
            line = comment.sub("", raw).strip()
            if not line:
                continue
            if line.startswith("-"):
                if line.startswith(("-c", "-r", "--c", "--r")):  # optparse takes abbreviations too
                    return True
                continue
            match = name.match(line)
            if match is None or re.sub(r"[-_.]+", "-", match.group(0)).lower() in names:
                return True
    return False


def refuse_excluded_pins(steps: Sequence[Any], constraints: Sequence[Any], markers: Mapping[str, str], *,
                         label: str, isolated: bool = False) -> None:
    """Raise :class:`InstallError` naming every pin of ``steps`` (planned packages, those whose
    markers hold here) that a line of ``constraints`` excludes: the package, the pin, the
    constraint and its file and line. Local project directories (no version before their
    build) are not checked."""
    if not constraints:
        return
    from packaging.markers import UndefinedComparison, UndefinedEnvironmentName
    from packaging.utils import canonicalize_name

    pins = {s.name: s.package for s in steps if s.package.directory is None}
    env = {**markers, "extra": ""}  # pip evaluates a constraint's marker with no extra (match_markers)
    conflicts: list[str] = []
    for line in constraints:
        req = line.requirement
        package = pins.get(canonicalize_name(req.name))
        if package is None or not req.specifier:
            continue
        if req.marker is not None:
            try:
                if not req.marker.evaluate(env):
                    continue
            except (UndefinedComparison, UndefinedEnvironmentName) as exc:
                raise InstallError(f"{line.origin}: the constraint {str(req)!r} has a marker that cannot be evaluated "
                                   f"on the target ({str(exc).rstrip('.')}). Nothing was installed.") from None
        if req.specifier.contains(package.version, prereleases=True):  # an exact pin allows pre-releases
            continue
        conflicts.append(f"{package.name}=={package.version}, which the constraint '{req}' at {line.origin} excludes")
    if conflicts:
        via = ("PIP_CONSTRAINT" if os.environ.get("PIP_CONSTRAINT", "").strip() and not isolated
               else "'constraint =' in pip's configuration")
        raise InstallError(f"{label} pins {'; and '.join(conflicts)} (a constraint file set by {via}); pip refuses "
                           "this lock too (ResolutionImpossible). Nothing was installed.")
