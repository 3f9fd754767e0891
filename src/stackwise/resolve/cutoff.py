"""Reading ``--min-release-age``: a duration or an RFC 3339 date, into a cutoff.

Its own small module because the command line checks the value while it parses its
arguments, before a remembered lock may be replayed (commands/lockcache.py): this imports
nothing beyond the standard library's basics. The cooldown itself is in :mod:`.release_age`.
"""

from __future__ import annotations

import math
import re
import time

from stackwise.errors import StackwiseError

TYPE_CHECKING = False  # typing and dataclasses cost ~15 ms, paid before a reused lock is replayed
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

DAY = 86400.0
_UNITS = {
    "s": 1.0, "sec": 1.0, "second": 1.0, "seconds": 1.0,
    "m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "d": DAY, "day": DAY, "days": DAY,
    "w": 7 * DAY, "week": 7 * DAY, "weeks": 7 * DAY,
}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OFF = ("0", "off", "none", "false", "no")
FORMS = "a duration such as 7d, 36h, 2w, 1d12h or '7 days', or an RFC 3339 date or time such as " \
        "2026-11-01 or 2026-11-01T12:00:00Z (0 or 'off' turns it off)"


class ReleaseAgeError(StackwiseError):
    """A ``--min-release-age`` (or ``min-release-age`` setting) that cannot be read."""


class MinReleaseAge:
    """A cutoff: releases uploaded at or after ``cutoff`` (seconds since the epoch) wait.

    ``text`` is the value as the user wrote it ("7d", "2026-11-01"), for messages;
    ``relative`` says the cutoff moves with the clock (a duration, not a date); ``exempt``
    holds the normalized names never held back. Immutable.
    """

    __slots__ = ("text", "cutoff", "relative", "exempt")

    def __init__(self, text: str, cutoff: float, relative: bool, exempt: frozenset[str] = frozenset()) -> None:
        for key, value in (("text", text), ("cutoff", cutoff), ("relative", relative), ("exempt", exempt)):
            object.__setattr__(self, key, value)

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"MinReleaseAge is immutable; cannot set {key!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MinReleaseAge):
            return NotImplemented
        return (self.text, self.cutoff, self.relative, self.exempt) == (other.text, other.cutoff, other.relative,
                                                                        other.exempt)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"MinReleaseAge({self.text!r}, cutoff={self.cutoff}, relative={self.relative})"

    @property
    def label(self) -> str:
        return f"--min-release-age {self.text}"


def parse_duration(text: str) -> float | None:
    """Seconds of ``7d``, ``36h``, ``2w``, ``1d12h``, ``7 days``, ``90 minutes``; None if not one."""
    s = text.strip().lower()
    if not s:
        return None
    total, pos = 0.0, 0
    while pos < len(s):
        m = _PART.match(s, pos)
        if m is None or m.group(2) not in _UNITS:
            return None
        total += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    return total if math.isfinite(total) else None


def parse_instant(text: str) -> float | None:
    """Seconds since the epoch of an RFC 3339 date (midnight UTC) or date-time (UTC unless it
    says otherwise); None if ``text`` is neither."""
    from datetime import datetime, timezone

    s = text.strip()
    if _DATE.match(s):
        s += "T00:00:00"
    elif "T" not in s.upper() and " " not in s:
        return None
    if s[-1:] in ("Z", "z"):
        s = s[:-1] + "+00:00"
    s = re.sub(r"(:\d\d)[.,](\d+)", lambda m: m.group(1) + "." + (m.group(2) + "000000")[:6], s, count=1)
    try:
        parsed = datetime.fromisoformat(s)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def parse_min_release_age(text: Any, *, where: str = "--min-release-age", exempt: Iterable[str] = (),
                          now: float | None = None) -> MinReleaseAge | None:
    """The cutoff ``text`` names (None: no cooldown), or one clear :class:`ReleaseAgeError`."""
    if hasattr(text, "isoformat"):  # a TOML date or date-time, unquoted in a settings file
        text = text.isoformat()
    if not isinstance(text, str):
        raise ReleaseAgeError(f"{where}: expected {FORMS}; got {text!r}.")
    s = text.strip()
    if s.lower() in _OFF:
        return None
    names = _normalized(exempt)
    clock = time.time() if now is None else now
    seconds = parse_duration(s)
    if seconds is not None:
        if seconds <= 0:
            return None
        return MinReleaseAge(s, clock - seconds, True, names)
    instant = parse_instant(s)
    if instant is not None:
        return MinReleaseAge(s, instant, False, names)
    raise ReleaseAgeError(f"{where}: {text!r} is not {FORMS}.")


def _normalized(names: Iterable[str]) -> frozenset[str]:
    names = list(names)
    if not names:
        return frozenset()
    from packaging.utils import canonicalize_name

    return frozenset(canonicalize_name(n) for n in names)


def age_text(seconds: float) -> str:
    """``3 days``, ``5 hours``, ``12 minutes`` (rounded down, never "0 days")."""
    for unit, size in (("day", DAY), ("hour", 3600.0), ("minute", 60.0)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return "less than a minute"


__all__ = ["DAY", "FORMS", "MinReleaseAge", "ReleaseAgeError", "age_text", "parse_duration", "parse_instant",
           "parse_min_release_age"]
