"""Reading an index answer's body within bounds, so a hostile or broken server fails a lock.

``requests`` timeouts bound each socket read, not the answer: a server that trickles one
byte a second never trips them, and an endless page is read into memory whole. The
answer is therefore streamed here: a page larger than :data:`PAGE_LIMIT` (after
decompression, so a gzip bomb too) is refused, and once the request's timeout has passed
the body must keep arriving at :data:`MIN_RATE` on average (a slow but working mirror does;
a trickle does not).

Files (wheels, sdists) are bounded too: by the size the lock or the index lists (PEP 700),
else by :func:`download_limit`, so an endless answer stops instead of filling the memory or
the disk.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from stackwise.errors import IndexFetchError

#: Largest project page or find-links page read (the biggest real simple pages are a few MiB).
PAGE_LIMIT = 64 * 1024 * 1024
#: Bytes per second a body must average once the request's timeout has passed.
MIN_RATE = 1024
_CHUNK = 64 * 1024
#: Largest file downloaded when neither the lock nor the index lists its size (the largest
#: wheels, CUDA builds on vendors' indexes, are 2-3 GiB); the ``download-max-bytes`` setting.
DOWNLOAD_LIMIT = 4 * 1024**3
_limit: list[int] = []


def download_limit() -> int:
    """The ``download-max-bytes`` setting (configuration file or ``STACKWISE_DOWNLOAD_MAX_BYTES``),
    read once, when the first file of unknown size is downloaded (a warm install reads no
    configuration); :data:`DOWNLOAD_LIMIT` by default."""
    if not _limit:
        from stackwise.config import load_settings

        _limit.append(load_settings().download_max_bytes)
    return _limit[0]


def too_large(url: str, limit: int, *, listed: str | None) -> str:
    """The sentence for a file download stopped at ``limit`` bytes (``listed``: who gave the size)."""
    if listed is not None:
        return (f"the server sent more than the {limit} bytes {listed} for {url}; stackwise stopped reading "
                "there (a broken or hostile server, or a file replaced since)")
    return (f"{url} is larger than {limit} bytes, the download limit for a file whose size neither the lock "
            f"nor the index lists; stackwise stopped reading there (raise the download-max-bytes setting or "
            f"STACKWISE_DOWNLOAD_MAX_BYTES for a larger file)")


def chunks_as_they_come(resp: Any) -> Iterator[bytes]:
    """The body of ``resp`` (sent with ``stream=True``), decoded, in pieces as the socket gives them.

    ``iter_content(n)`` waits for ``n`` bytes, so a caller checking a deadline between
    chunks never gets to check it while a server trickles; each piece here is one receive.
    """
    import requests
    from urllib3.exceptions import DecodeError, ReadTimeoutError
    from urllib3.exceptions import HTTPError as TransportError

    raw = resp.raw
    read = getattr(raw, "read1", None) or raw.read  # read1: urllib3 2
    while True:
        try:
            chunk = read(_CHUNK, decode_content=True)
        except ReadTimeoutError as exc:  # as requests' own iter_content would raise them
            raise requests.exceptions.ReadTimeout(str(exc)) from None
        except DecodeError as exc:  # the server answered, in an encoding it got wrong: no "could not connect"
            raise requests.exceptions.ContentDecodingError(str(exc)) from None
        except (TransportError, OSError) as exc:
            raise requests.exceptions.ConnectionError(str(exc)) from None
        if not chunk:
            return
        yield chunk


def read_body(resp: Any, url: str, *, timeout: float, limit: int | None, file: bool = False,
              listed: str | None = None) -> None:
    """Read ``resp`` (sent with ``stream=True``) into ``resp.content``, within the bounds above.

    ``file``: the answer is a file, not a page (``listed``: who gave the size ``limit`` is).

    Transport failures are raised as ``requests`` exceptions, so the caller's retry and
    message handling treats them as it treats a failed connection.
    """
    import requests

    start = time.monotonic()
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in chunks_as_they_come(resp):
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit and file:
                raise IndexFetchError(f"Downloading {too_large(url, limit, listed=listed)}.")
            if limit is not None and size > limit:
                raise IndexFetchError(
                    f"The answer from {url} is larger than {limit // (1024 * 1024)} MiB, more than any "
                    "package index page; stackwise stopped reading it. Check that the URL points at a "
                    "package index (usually ending in /simple).")
            elapsed = time.monotonic() - start
            if elapsed > timeout and size < MIN_RATE * elapsed:
                raise requests.exceptions.ReadTimeout(
                    f"the answer arrived at {size / elapsed:.0f} bytes/s, too slowly to finish")
    except BaseException:
        resp.close()
        raise
    resp._content = b"".join(chunks)
    resp._content_consumed = True
