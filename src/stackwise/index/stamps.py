"""The state of local index locations and configuration files, as cheap ``stat`` calls.

Kept apart from the client (and free of ``packaging``) because several readers need it
before anything heavy is imported: the client, to know whether a stored digest or page
still matches the files; the lock result cache; and the remembered pip configuration
(``integrations/pip_config.py``), which must notice any change to a file pip reads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

# Plain os.path, not pathlib: importing pathlib costs more than a reused lock's whole check.


def stat_validator(path: str | os.PathLike[str]) -> str | None:
    """"mtime_ns:size:ctime_ns:inode" of a file or directory; None if it cannot be read.

    mtime and size alone miss a file rewritten in place at the same size with its mtime put
    back (``os.utime``, ``touch -r``, ``rsync --times``, coarse clocks): the change time
    cannot be put back by a user, and a replaced file has a new inode. A ``chmod`` or a new
    hard link also changes it; that costs one re-read, never a stale one.
    """
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_mtime_ns}:{st.st_size}:{st.st_ctime_ns}:{st.st_ino}"


def local_stamp(path: str | os.PathLike[str], *, is_index: bool) -> str | None:
    """What the client would read at ``path``, as "kind:" + :func:`stat_validator`; "absent" if nothing is there.

    An index location reads a directory's ``index.html`` when it has one, else lists the
    directory; a missing index page is a 404 ("absent"), a missing find-links location an
    error (None).
    """
    if os.path.isdir(path):
        html = os.path.join(path, "index.html")
        target, kind = (html, "html") if is_index and os.path.isfile(html) else (path, "dir")
    elif os.path.isfile(path):
        target, kind = path, "file"
    else:
        return "absent" if is_index else None
    validator = stat_validator(target)
    return None if validator is None else f"{kind}:{validator}"


def local_key(path: str | os.PathLike[str], *, is_index: bool) -> str:
    """How a local location is named in a record of observed sources."""
    return f"{'index' if is_index else 'links'}:{path}"


# -- configuration files and the environment that selects them ---------------------------------

# Variables besides PIP_* and STACKWISE_* that decide which configuration files are read
# (user and site directories) or which modules are imported.
ENV_EXACT = frozenset({
    "HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "PROGRAMDATA", "VIRTUAL_ENV", "PYTHONPATH",
    "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "XDG_CACHE_HOME", "XDG_DATA_HOME",
})
_HASH_LIMIT = 4 << 20  # bigger files (large score files) are compared by their stat


def config_environment() -> list[tuple[str, str]]:
    """The environment variables that select configuration (``PIP_*``, ``STACKWISE_*``, HOME, XDG_*...), sorted."""
    return sorted((k, v) for k, v in os.environ.items() if k.startswith(("PIP_", "STACKWISE_")) or k in ENV_EXACT)


def file_signature(path: str) -> str | None:
    """None: absent; "special" for devices (os.devnull); else the content's sha256 (or stat if big)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    import stat as stat_mod

    if not stat_mod.S_ISREG(st.st_mode):
        return "special" if not stat_mod.S_ISDIR(st.st_mode) else f"dir:{st.st_mtime_ns}"
    if st.st_size > _HASH_LIMIT:
        return f"stat:{st.st_mtime_ns}:{st.st_size}:{st.st_ctime_ns}:{st.st_ino}"
    try:
        with open(path, "rb") as fh:
            return "sha256:" + sha256_hex(fh.read())
    except OSError:
        return None


def sha256_hex(data: bytes) -> str:
    """``hashlib.sha256(data).hexdigest()``, by the interpreter's built-in SHA-256 where it has one.

    Why: ``hashlib`` loads and initialises OpenSSL (~11 M instructions, ~6 % of an install that
    finds everything in place) for what these few short keys and files need; the digest is the same."""
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # CPython 3.12+
        except ImportError:
            from hashlib import sha256
    return sha256(data).hexdigest()  # type: ignore[no-any-return]


def sign_files(paths: Iterable[str]) -> dict[str, str | None]:
    """Signatures of files about to be read; take them before reading, so an edit made
    while they are read leaves a signature that no longer matches."""
    return {p: file_signature(p) for p in dict.fromkeys(os.path.abspath(p) for p in paths)}


def files_unchanged(files: Mapping[str, str | None]) -> bool:
    """Whether every file still has its signature (an absent file must still be absent)."""
    return all(file_signature(path) == sig for path, sig in files.items())
