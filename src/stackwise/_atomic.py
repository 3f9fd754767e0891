"""Atomic file writes: readers see the old file or the new one, never half of either.

Used for lock files, reports, score files and cache entries, so an interrupted run
(Ctrl-C, full disk, a crash) never leaves a truncated file behind.
"""

from __future__ import annotations

import contextlib
import os
import stat  # already imported by os: free

# os only (no tempfile, no pathlib): a reused lock writes its file before anything else is
# imported, and those two imports cost more than the write.
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _create_temporary(directory: str, name: str) -> tuple[int, str]:
    """An exclusive new file beside the target, private (0600) like ``tempfile.mkstemp``'s."""
    for _ in range(100):
        tmp = os.path.join(directory, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, _FLAGS, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file in {directory}")


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory + ``os.replace``."""
    target = os.path.abspath(os.fspath(path))
    try:
        st: os.stat_result | None = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        # A device, pipe or socket (-o /dev/stdout, a FIFO): written to as a shell
        # redirection would; replacing it would put a regular file in its place (for root,
        # in /dev).
        with open(target, "wb") as f:
            f.write(data)
        return
    if os.path.islink(target):  # replace the file the link names, not the link
        target = os.path.realpath(target)
    directory = os.path.dirname(target)
    os.makedirs(directory, exist_ok=True)
    fd, tmp = _create_temporary(directory, os.path.basename(target))
    try:
        # Created 0600; give the file the mode a plain open() would (or keep the old one).
        if st is not None:
            mode = st.st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_unsynced(path: str | os.PathLike[str], data: bytes) -> None:
    """Temp file beside ``path`` + ``os.replace``, without an fsync: readers see the old file or
    the new one, never a torn one. For disposable cache entries that validate themselves (a
    digest, a manifest): one lost or emptied by a power cut is refetched or planned again, and an
    fsync per entry made a cold 200-package fetch ten times slower."""
    target = os.fspath(path)
    directory, name = os.path.split(target)
    tmp = os.path.join(directory, f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with open(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Text variant of :func:`atomic_write_bytes` (UTF-8, newlines as given)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def output_path_problem(path: str | os.PathLike[str], what: str = "the output file") -> str | None:
    """Why a user-named output file cannot be written, or None.

    Checked before any work is done, so a typo in ``-o`` fails in milliseconds instead of
    after a resolution, and with one sentence instead of a traceback. Unlike cache writes,
    output files never get missing directories created for them: a misspelt directory
    should be an error (as with a shell redirection), not a new directory tree.
    """
    raw = os.fspath(path)
    target = os.path.abspath(raw)
    if os.path.exists(target) and not os.path.isdir(target) and not os.path.isfile(target):
        # a device or pipe (-o /dev/stdout) is written to in place: its own permission counts
        return None if os.access(target, os.W_OK) else f"cannot write {what} {raw}: permission denied."
    if os.path.isdir(target) or raw.endswith(os.sep):
        return f"{what} {raw} is a directory; give a file name (for example {os.path.join(raw, 'requirements.txt')})."
    directory = os.path.dirname(target)
    ancestor = directory
    while not os.path.lexists(ancestor) and os.path.dirname(ancestor) != ancestor:
        ancestor = os.path.dirname(ancestor)
    if os.path.lexists(ancestor) and not os.path.isdir(ancestor):
        return f"cannot write {what} {raw}: {ancestor} is a file, not a directory."
    if ancestor != directory:
        return (f"cannot write {what} {raw}: the directory {directory} does not exist; create it first "
                "(stackwise does not create directories for its output).")
    if not os.access(directory, os.W_OK | os.X_OK):
        return f"cannot write {what} {raw}: no permission to create files in {directory}."
    return None


def refuse_unwritable(*outputs: tuple[str | None, str]) -> None:
    """Raise a StackwiseError naming the first ``(path, what)`` that cannot be written (None:
    not asked for), before the work: `kb build -o DIR` crawled for hours, then was a traceback."""
    from stackwise.errors import StackwiseError

    for path, what in outputs:
        if path is None:
            continue
        if not path.strip():
            raise StackwiseError(f"The file name given for {what} is empty; give a file name, or leave the option out.")
        problem = output_path_problem(path, what)
        if problem is not None:
            raise StackwiseError(problem[0].upper() + problem[1:])


def write_output(path: str, text: str, what: str) -> None:
    """:func:`atomic_write_text` of a user-named file: a refusal (a full disk, a directory) is one
    error naming the file, not a traceback, and an existing file is kept."""
    from stackwise.errors import StackwiseError

    refuse_unwritable((path, what))
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise StackwiseError(f"Cannot write {what} {path}: {exc.strerror or exc}; any existing file is unchanged.") from None
