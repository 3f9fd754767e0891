"""PEP 508 project names, one pattern for every reader of names that come from outside.

Why one: the readers had their own copies, and three matched with ``^...$`` and ``match``,
where ``$`` also matches before a trailing newline, so ``"flask\\n"`` passed as a name (the
score service then put it into a response header and dropped the connection).
"""

from __future__ import annotations

import re

#: ASCII letters and digits, with ``.``, ``_``, ``-`` inside (PEP 508; not normalized).
PROJECT_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_compiled: re.Pattern[str] | None = None

TYPE_CHECKING = False
if TYPE_CHECKING:
    from packaging.utils import NormalizedName


def is_project_name(text: object) -> bool:
    """Whether ``text`` is a string that is, as a whole, a valid project name."""
    global _compiled
    if _compiled is None:
        _compiled = re.compile(PROJECT_NAME)
    return isinstance(text, str) and _compiled.fullmatch(text) is not None


def canonical_name(name: str) -> NormalizedName:
    """A project name normalised as PEP 503 defines it (runs of ``-``, ``_`` and ``.`` become one
    ``-``, then lower case): what ``packaging.utils.canonicalize_name`` returns.

    Why not that function: ``packaging.utils`` imports ``packaging.tags`` (with ``logging``,
    ``platform`` and ``subprocess``, ~25 ms), which an install that finds everything in place
    never needs."""
    return re.sub(r"[-_.]+", "-", name).lower()  # type: ignore[return-value]  # a NewType of str
