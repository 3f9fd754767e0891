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
