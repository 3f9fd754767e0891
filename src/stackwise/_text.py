"""Text from packages and services is untrusted: make it safe to print on a terminal.

Two forms: :func:`safe` keeps line breaks (multi-line output such as ``explain``), and
:func:`one_line` also turns them into visible escapes, for text that is printed as part
of one line (a rule's message, a link, a warning) - otherwise a message could end a line
and print something that looks like stackwise's own summary.
"""

from __future__ import annotations

import re

# C0 and C1 controls (ESC, CSI, BEL, backspace, carriage return...), DEL, and the Unicode
# format characters that reorder or hide text on a terminal (bidi overrides and isolates,
# zero-width characters, line/paragraph separators, BOM, the invisible tag characters).
# Lone UTF-16 surrogates too: JSON's "\ud800" escape decodes to one, and no UTF-8 stream
# can write it (printing it was a UnicodeEncodeError traceback).
_FORMAT = ("\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
           "\U000e0000-\U000e007f")
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_FORMAT}]")
_CONTROL_ONE_LINE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_FORMAT}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe(text: str) -> str:
    """Control characters (terminal escapes among them) become visible ``\\xNN`` text; tabs
    and line breaks stay."""
    return _CONTROL.sub(_escape, text)


def one_line(text: str) -> str:
    """Like :func:`safe`, and line breaks and tabs become visible escapes too, so the text
    cannot start a line of its own."""
    return _CONTROL_ONE_LINE.sub(_escape, text)


def is_one_line(text: str) -> bool:
    """Whether :func:`one_line` would leave ``text`` as it is (nothing to escape): names and
    identifiers (rule ids, specifiers, markers) must be so, since escaping would change them."""
    if text.isascii() and text.isprintable():  # the common case, three times faster (big score files)
        return True
    return _CONTROL_ONE_LINE.search(text) is None


def decimal_header(value: str, max_digits: int) -> int | None:
    """An HTTP header's plain decimal number (Content-Length, Retry-After in seconds), or None.

    ``str.isdigit()`` holds for ``'\xb2'`` (a latin-1 header byte), which ``int()`` refuses, and
    ``int()`` refuses more than 4,300 digits: values longer than ``max_digits`` are not used."""
    if value.isascii() and value.isdigit() and len(value) <= max_digits:
        return int(value)
    return None
