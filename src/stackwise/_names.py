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


def is_project_name(text: object) -> bool:
    """Whether ``text`` is a string that is, as a whole, a valid project name."""
    global _compiled
    if _compiled is None:
        _compiled = re.compile(PROJECT_NAME)
    return isinstance(text, str) and _compiled.fullmatch(text) is not None
