"""Read a remote wheel's METADATA with a few HTTP Range requests instead of downloading it.

A wheel is a zip: its central directory sits at the end and ``.dist-info`` is usually
the last entry, so the tail of the file (one request) is typically all ``zipfile``
needs. :class:`LazyRemoteFile` is a seekable read-only file whose ``read`` fetches the
missing byte ranges (at least :data:`CHUNK` bytes at a time) and keeps them.
"""

from __future__ import annotations

import bisect
import io
from collections.abc import Callable

CHUNK = 64 * 1024

# fetch(start, end_inclusive) -> bytes of exactly that range
RangeFetcher = Callable[[int, int], bytes]


class LazyRemoteFile(io.RawIOBase):
    """A seekable view of a remote file of known ``length``, fetched range by range."""

    def __init__(self, length: int, fetch: RangeFetcher, *, chunk: int = CHUNK) -> None:
        super().__init__()
        self.length = length
        self._fetch = fetch
        self._chunk = chunk
        self._pos = 0
        self._starts: list[int] = []  # sorted starts of cached, non-overlapping segments
        self._segments: dict[int, bytes] = {}
        self.fetched_bytes = 0

    def add(self, start: int, data: bytes) -> None:
        """Store bytes already obtained (e.g. the tail from the probing request)."""
        if data:
            bisect.insort(self._starts, start)
            self._segments[start] = data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        elif whence == io.SEEK_END:
            pos = self.length + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if pos < 0:
            raise ValueError("negative seek position")
        self._pos = pos
        return pos

    def _cached(self, start: int, end: int) -> bytes | None:
        """Bytes [start, end) if one stored segment covers them."""
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0:
            s = self._starts[i]
            seg = self._segments[s]
            if s + len(seg) >= end:
                return seg[start - s : end - s]
        return None

    def read(self, size: int = -1) -> bytes:
        end = self.length if size is None or size < 0 else min(self.length, self._pos + size)
        start = self._pos
        if start >= end:
            return b""
        data = self._cached(start, end)
        if data is None:
            # Fetch a whole chunk around the request so neighbouring reads hit the cache.
            lo = start
            hi = min(self.length, max(end, start + self._chunk))
            got = self._fetch(lo, hi - 1)
            self.fetched_bytes += len(got)
            self.add(lo, got)
            data = got[: end - start]
        self._pos = start + len(data)
        return data

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)
