"""Lock file formats: requirements.txt with hashes, pylock.toml (PEP 751), Pipfile.lock.

Each format is read into (and written from) :mod:`stackwise.lockfiles.model`;
:func:`read_lock` picks the reader by file name, then by content.
"""

from __future__ import annotations

import os

from stackwise._names import is_project_name
from stackwise.errors import LockFileError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stackwise.lockfiles.model import Lock, LockedFile, LockedPackage

__all__ = ["Lock", "LockedFile", "LockedPackage", "is_project_name", "read_lock"]


def __getattr__(name: str) -> object:
    """``Lock``, ``LockedFile`` and ``LockedPackage``, imported when first asked for (PEP 562):
    writing a requirements lock needs none of them."""
    if name in ("Lock", "LockedFile", "LockedPackage"):
        from stackwise.lockfiles import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_lock(path: str | os.PathLike[str], *, dev: bool = False) -> Lock:
    """Read any supported lock file into a Lock (``dev``: include Pipfile.lock's develop section).

    Only the reader of the format found is imported (the others, with TOML and JSON parsing,
    are ~4 ms of an install's start-up)."""
    path = os.fspath(path)
    name = os.path.basename(path)
    if is_pylock_name(path):
        kind = "pylock"
    elif name.endswith(".lock") and "pipfile" in name.lower():
        kind = "pipfile"
    elif name.endswith((".txt", ".in")):
        kind = "requirements"
    else:
        try:
            with open(path, "rb") as f:
                head = f.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip()  # a BOM: still JSON, not requirements
        except OSError as exc:
            raise LockFileError(f"Cannot read lock file {path}: {exc.strerror or exc}.") from None
        kind = "pipfile" if head.startswith(b"{") else "pylock" if b"lock-version" in head else "requirements"
    if kind == "pylock":
        from stackwise.lockfiles.pylock import read_pylock

        return read_pylock(path)
    if kind == "pipfile":
        from stackwise.lockfiles.pipfile import read_pipfile_lock

        return read_pipfile_lock(path, dev=dev)
    from stackwise.lockfiles.requirements import read_requirements_lock

    return read_requirements_lock(path)


def is_pylock_name(path: str | os.PathLike[str]) -> bool:
    """PEP 751 names: ``pylock.toml`` or ``pylock.<name>.toml``."""
    name = os.path.basename(os.fspath(path))
    return name == "pylock.toml" or (name.startswith("pylock.") and name.endswith(".toml") and name.count(".") == 2)
