"""Reading a whole file a user names (requirements, score, rules and configuration files).

A regular file is read as it is, whatever its size. A device or pipe has no size and may
never end (``-r /dev/zero``, ``--scores /dev/urandom``): it is read up to
:data:`STREAM_LIMIT` and refused beyond, so a mistake is one error, not all the machine's
memory and a ``MemoryError`` traceback. ``-r /dev/stdin`` and process substitution still work.
"""

from __future__ import annotations

import errno
import os
import stat

TYPE_CHECKING = False  # typing (~4 ms) is not imported for an annotation
if TYPE_CHECKING:
    from typing import BinaryIO

#: The most read from a device or pipe (more than any requirements or score file holds).
STREAM_LIMIT = 256 * 1024 * 1024


def read_input_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes; an ``OSError`` (EFBIG) for a stream longer than :data:`STREAM_LIMIT`."""
    with open(path, "rb") as f:
        if stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return f.read()
        data = f.read(STREAM_LIMIT + 1)
    if len(data) > STREAM_LIMIT:
        raise OSError(errno.EFBIG, f"more than {STREAM_LIMIT // (1024 * 1024)} MiB from a device or pipe "
                      "(stackwise stopped reading)", os.fspath(path))
    return data


class NotRegularFile(OSError):
    """A path that must name a regular file names a FIFO, device or directory."""


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a file that must be a regular one (a cache entry, a locked distribution file).

    Opened without blocking, so a FIFO put in its place is :class:`NotRegularFile` at once,
    never an ``open`` that waits for a writer or a read that never ends (``/dev/zero``).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", os.fspath(path))
    except BaseException:
        os.close(fd)
        raise
    return open(fd, "rb")
