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
import json
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
#: The same rules already decoded (:func:`render_parsed`), tied to the TOML's bytes by their hash.
SHIPPED_PARSED = os.path.join(os.path.dirname(__file__), "data", "curated.parsed.json")
PARSED_FORMAT = "stackwise-curated-parsed"


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


def render_parsed(text: str, origin: str = SHIPPED_CURATED) -> str:
    """The pre-parsed form of curated TOML ``text``: a header line with the SHA-256 of the text's
    UTF-8 bytes and of the rest of the file, then the score-file document the TOML maps onto.
    Decoding the TOML is most of what loading the shipped knowledge costs on every run; JSON
    decodes in a fraction of the time. The shipped file is compared with this by the test
    suite (regenerate it with :func:`write_parsed`)."""
    doc = curated_document(_toml().loads(text), origin)
    body = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    header = {"format": PARSED_FORMAT, "version": 1, "toml_sha256": _sha256(text.encode("utf-8")),
              "document_sha256": _sha256(body.encode("utf-8"))}
    return json.dumps(header) + "\n" + body


def _sha256(data: bytes) -> str:
    import hashlib  # only when the shipped rules are loaded (a lock and pip have it already)

    return hashlib.sha256(data).hexdigest()


def write_parsed(path: str = SHIPPED_CURATED, parsed: str = SHIPPED_PARSED) -> None:
    """Write the pre-parsed form of the curated file at ``path`` (a development step, after
    editing curated.toml; never done at run time: the installed package is not written)."""
    from stackwise._atomic import atomic_write_text

    atomic_write_text(parsed, render_parsed(read_text(path, "curated rules file"), path))


def _preparsed(parsed: str, text: str) -> Any:
    """The document stored in ``parsed`` if it is the pre-parsed form of exactly ``text`` and
    undamaged; ``None`` for a missing, unreadable, corrupt or stale file (the TOML is parsed then)."""
    try:
        with open(parsed, "rb") as f:
            head, _, body = f.read().replace(b"\r\n", b"\n").partition(b"\n")  # a CRLF checkout too
        header = json.loads(head)
        if (header.get("format") != PARSED_FORMAT or header.get("version") != 1
                or header.get("toml_sha256") != _sha256(text.encode("utf-8"))
                or header.get("document_sha256") != _sha256(body)):
            return None
        doc = json.loads(body)
    except (OSError, ValueError, TypeError, AttributeError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


def load_shipped_curated(path: str = SHIPPED_CURATED, parsed: str = SHIPPED_PARSED) -> KnowledgeBase:
    """The shipped curated rules: from their pre-parsed form when it matches the TOML's bytes,
    else (edited, stale or damaged) from the TOML itself -- the same rules either way, each
    checked by the strict parser."""
    text = read_text(path, "curated rules file")
    doc = _preparsed(parsed, text)
    if doc is not None:
        try:
            return parse_document(doc, path)
        except ScoreFileError:
            pass  # a damaged pre-parsed file: the TOML says what the rules are (and what is wrong)
    return loads_curated(text, path)
