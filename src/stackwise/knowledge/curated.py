"""Curated knowledge: hand-written rules in TOML (``stackwise kb check`` / ``kb import``).

TOML because people edit these files by hand and review them in diffs: comments are
allowed, strings need no escaping of every quote, and one ``[[rules]]`` table per rule
reads like a list of facts. A curated file is the score-file schema spelled in TOML: the
same keys with the same meaning (docs/score-file.md), ``format``/``version`` implied.
It is mapped onto that JSON document and validated by ``scorefile.parse_document``, so a
TOML rule and a JSON rule can never disagree about what is valid, and errors read the
same: ``FILE:rule #N (id 'ID'): what is wrong``.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from typing import Any

from stackwise.errors import ScoreFileError
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.scorefile import (
    SCORE_FILE_FORMAT,
    SCORE_FILE_VERSION,
    parse_document,
    read_text,
)

#: The curated rules shipped with stackwise.
SHIPPED_CURATED = os.path.join(os.path.dirname(__file__), "data", "curated.toml")


def _toml() -> Any:
    """tomllib (3.11+) or its backport tomli (3.10), imported only when TOML is read."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    try:
        import tomli
    except ImportError:
        raise ScoreFileError(
            "reading TOML on Python 3.10 needs the tomli package, which is not installed: "
            "pip install tomli."
        ) from None
    return tomli


def _plain(value: Any) -> Any:
    """TOML dates and times become RFC 3339 strings, as the JSON schema expects."""
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def curated_document(data: dict[str, Any], origin: str) -> dict[str, Any]:
    """Map a decoded curated TOML document onto the v1 score-file JSON document."""
    if "format" in data:
        raise ScoreFileError(
            f'{origin}: a curated TOML file has no "format" key (it is always a curated '
            'rule list); remove it.'
        )
    if "rules" in data and not isinstance(data["rules"], list):
        raise ScoreFileError(
            f"{origin}: rules must be written as [[rules]] tables (one per rule), not as a "
            "single [rules] table."
        )
    doc = {"format": SCORE_FILE_FORMAT, "version": SCORE_FILE_VERSION}
    doc.update(_plain(data))
    doc.setdefault("rules", [])
    return doc


def loads_curated(text: str, origin: str) -> KnowledgeBase:
    """Parse curated TOML text; every problem is a ScoreFileError in the score-file style."""
    toml = _toml()
    try:
        data = toml.loads(text)
    except (toml.TOMLDecodeError, RecursionError) as exc:  # RecursionError: nested too deeply
        raise ScoreFileError(f"{origin}: not valid TOML: {exc}.") from None
    return parse_document(curated_document(data, origin), origin)


def load_curated(path: str | os.PathLike[str]) -> KnowledgeBase:
    """Read and validate a curated TOML file."""
    return loads_curated(read_text(path, "curated rules file"), os.fspath(path))
