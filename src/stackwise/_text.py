"""Text from packages and services is untrusted: make it safe to print on a terminal."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Control characters (terminal escapes among them) become visible ``\\xNN`` text."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
