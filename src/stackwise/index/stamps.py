"""The state of local index locations, as cheap ``stat`` calls.

Kept apart from the client (and free of ``packaging``) because two readers need it: the
client, to know whether a stored digest or page still matches the files, and the lock
result cache, which checks the same facts before it imports anything heavy.
"""

from __future__ import annotations

import os

# Plain os.path, not pathlib: importing pathlib costs more than a reused lock's whole check.


def stat_validator(path: str | os.PathLike[str]) -> str | None:
    """"mtime_ns:size" of a file or directory; None if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_mtime_ns}:{st.st_size}"


def local_stamp(path: str | os.PathLike[str], *, is_index: bool) -> str | None:
    """What the client would read at ``path``, as "kind:mtime_ns:size"; "absent" if nothing is there.

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
