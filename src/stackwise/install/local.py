"""Local project directories in a lock: build them with their PEP 517 backend, record where from.

Pipenv writes a Pipfile entry ``{path = "./dir", editable = true}`` into its lock as
``{"editable": true, "path": "./dir"}``, and PEP 751 has ``[packages.directory]``: a project
on local disk, with no version and no hashes. pip and Pipenv install such an entry by building
it -- ``build_wheel``, or PEP 660's ``build_editable`` for an editable install -- and installing
the wheel with a ``direct_url.json`` (PEP 610) that says where it came from, which is how
``pip list`` shows the "Editable project location" and ``pip freeze`` writes ``-e /dir`` or
``name @ file:///dir``. stackwise does the same: the build runs in an isolated environment in a
child process with a deadline (:func:`stackwise.index.build.build_local_project`), and the
wheel goes through the same journaled, all-or-nothing install as every index file.

A re-run: a non-editable project is rebuilt and reinstalled every time, as pip does for a local
directory (any source file may have changed, and the installed copy is a snapshot). An editable
install is kept when it was made by stackwise from the same directory and its build
configuration (``pyproject.toml``, ``setup.py``, ``setup.cfg``) is byte-for-byte the same -- the
default of uv's ``cache-keys``: source edits need no reinstall (that is what editable means),
while a changed version, dependency list or entry point lives in those files. The digest of
those files is kept in the dist-info (:data:`SOURCE_STAMP`, listed in RECORD).

Not hash-verified: a local directory is the user's own source, as with Pipenv and pip.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from packaging.tags import Tag
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

from stackwise._text import one_line
from stackwise.index.config import IndexConfig
from stackwise.install import InstallError
from stackwise.install.target import InstalledDist
from stackwise.lockfiles.model import LockedPackage

SOURCE_STAMP = "stackwise_source.json"
"""dist-info file recording the directory and the digest of its build configuration."""
BUILD_CONFIG_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
BUILD_TIMEOUT = 600.0  # as for sdists built by ``stackwise install``


def project_url(directory: str | os.PathLike[str]) -> str:
    """The ``file://`` URL of a project directory as pip records it (absolute, normalised, not
    resolved through symlinks)."""
    return Path(os.path.normpath(os.path.abspath(directory))).as_uri()


def direct_url(directory: str | os.PathLike[str], *, editable: bool) -> bytes:
    """``direct_url.json`` (PEP 610) for a project installed from a local directory."""
    data = {"url": project_url(directory), "dir_info": {"editable": True} if editable else {}}
    return json.dumps(data, sort_keys=True).encode("utf-8")


def build_config_digest(directory: str | os.PathLike[str]) -> str:
    """sha256 over the project's build configuration files (name and bytes; absent ones count)."""
    h = hashlib.sha256()
    for name in BUILD_CONFIG_FILES:
        try:
            data = (Path(directory) / name).read_bytes()
        except OSError:
            data = None
        h.update(name.encode() + (b"\0" + data if data is not None else b"\1"))
    return "sha256:" + h.hexdigest()


def source_stamp(directory: str | os.PathLike[str], *, editable: bool) -> bytes:
    """The :data:`SOURCE_STAMP` file written into the dist-info of an installed local project."""
    data = {"url": project_url(directory), "editable": editable, "build-config": build_config_digest(directory)}
    return json.dumps(data, sort_keys=True).encode("utf-8")


def editable_is_current(dist: InstalledDist, directory: str) -> bool:
    """Whether ``dist`` is an editable install stackwise made from ``directory`` whose build
    configuration has not changed since (then a re-run keeps it)."""
    try:
        stamp = json.loads((dist.dist_info / SOURCE_STAMP).read_text(encoding="utf-8"))
        recorded = json.loads((dist.dist_info / "direct_url.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or not isinstance(recorded, dict):
        return False
    url = project_url(directory)
    return (stamp.get("editable") is True and stamp.get("url") == url and recorded.get("url") == url
            and recorded.get("dir_info") == {"editable": True}
            and stamp.get("build-config") == build_config_digest(directory))


def describe(package: LockedPackage) -> str:
    """``name (editable) from DIR`` for messages."""
    return f"{package.name} ({'editable, ' if package.editable else ''}local project {package.directory})"


def build_local(package: LockedPackage, config: IndexConfig, staging: Path, tag_priority: Mapping[Tag, int], *,
                allow_build: bool = True, timeout: float = BUILD_TIMEOUT) -> tuple[Path, dict[str, bytes]]:
    """(the wheel built from the package's directory, the dist-info files to add to it).

    Editable entries get a PEP 660 editable wheel. Every failure -- a missing directory, no
    pyproject.toml or setup.py, build requirements that cannot be installed, a backend error, the
    deadline, a wheel of another name or for another platform -- is an :class:`InstallError` in
    one paragraph, raised before the target is touched."""
    from stackwise.index.build import ProjectBuildError, build_local_project

    assert package.directory is not None
    what = describe(package)
    if not allow_build:
        raise InstallError(f"{what} must be built to be installed, and --no-build forbids building; "
                           "install it without --no-build. Nothing was installed.")
    # the stamp describes the configuration that was built (taken before the backend runs)
    extra = {"direct_url.json": direct_url(package.directory, editable=package.editable),
             SOURCE_STAMP: source_stamp(package.directory, editable=package.editable)}
    outdir = Path(tempfile.mkdtemp(prefix="local-", dir=staging))
    kind = "editable" if package.editable else "wheel"
    try:
        wheel = build_local_project(Path(package.directory), outdir, kind=kind, config=config, timeout=timeout)
    except ProjectBuildError as exc:
        raise InstallError(f"Could not build {what}: {exc.reason}. Fix the project or the lock's path; nothing "
                           f"was installed.{one_line(exc.output)}") from None  # (a backend's output: escaped)
    try:
        name, _version, _build, tags = parse_wheel_filename(wheel.name)
    except InvalidWheelFilename as exc:
        raise InstallError(f"Building {what} gave {wheel.name}, not a valid wheel name ({exc}). "
                           "Nothing was installed.") from None
    if name != canonicalize_name(package.name):
        raise InstallError(f"The lock names {package.name}, but {package.directory} builds the project {name}; "
                           "fix the lock's name or path. Nothing was installed.")
    if not any(t in tag_priority for t in tags):
        raise InstallError(f"The wheel built from {what} ({wheel.name}) does not fit the target environment "
                           "(it was built with stackwise's interpreter). Nothing was installed.")
    return wheel, extra
