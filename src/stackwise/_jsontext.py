"""JSON that is not text: a ``\\ud800`` escape decodes to a lone UTF-16 surrogate.

``json.loads`` accepts it, but no UTF-8 writer does: the string fails later, far from the
input, when it is printed, stored in SQLite or written to a cache (a traceback, or a server
500). Readers of untrusted JSON check here and refuse the document where it came in.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Only documents with an escape in the surrogate range need the (full) check.
_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def lone_surrogate(text: str | bytes, value: Any) -> str | None:
    """The first lone surrogate in ``value`` (parsed from ``text``) as ``\\udXXX``, or None."""
    if _ESCAPE.search(text if isinstance(text, str) else text.decode("utf-8", "replace")) is None:
        return None
    dumped = json.dumps(value, ensure_ascii=False)
    try:
        dumped.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"\\u{ord(dumped[exc.start]):04x}"
    return None
