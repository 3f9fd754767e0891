"""Score file format v1: a versioned JSON document of rules (see docs/score-file.md).

Validation is strict — an unknown key is a typo, not an extension, and a typo must not
silently change what a rule means. Every problem is reported as
``<origin>:rule #<n> (id '<id>'): <what is wrong>``, all of them at once (up to
:data:`MAX_ERRORS`), so a hand-edited file can be fixed in one pass. Nothing here lets
anything but :class:`~stackwise.errors.ScoreFileError` escape on bad input.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any
from urllib.parse import urlsplit

from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from stackwise._atomic import atomic_write_text
from stackwise._names import PROJECT_NAME
from stackwise._text import is_one_line, one_line
from stackwise.errors import ScoreFileError
from stackwise.knowledge.rules import (
    CATEGORIES,
    RECOMMENDATIONS,
    SCORE_FILE_FORMAT,
    SCORE_FILE_VERSION,
    Condition,
    KnowledgeBase,
    PackageMatch,
    Rule,
)

__all__ = [
    "MAX_ERRORS",
    "SCORE_FILE_FORMAT",
    "SCORE_FILE_VERSION",
    "SUPPORTED_VERSIONS",
    "dump_score_file",
    "load_score_file",
    "loads",
    "parse_document",
]

SUPPORTED_VERSIONS: tuple[int, ...] = (1,)
#: Problems listed in one error; more are counted, not shown (one bad generator can
#: produce thousands of identical lines).
MAX_ERRORS = 20

_TOP_KEYS = frozenset({"format", "version", "revision", "generated", "rules"})
_MATCH_KEYS = frozenset({"package", "specifier", "index_url"})
_RULE_KEYS = _MATCH_KEYS | {"id", "with", "score", "veto", "category", "message", "link",
                            "source", "condition", "evidence"}
#: An ``evidence`` object is proof for people and tools, not for the resolver: bounded so a
#: hostile file cannot hide megabytes in it.
MAX_EVIDENCE_BYTES = 16 * 1024
#: A rule id names the rule in decision lines, reports and explanations (shipped ids are at
#: most ~110 characters): a longer one is a hostile or broken file.
MAX_ID_LENGTH = 300
#: A message is printed in every decision line and warning that cites its rule (shipped ones are
#: at most ~730 characters): a longer one is cut here, so a 10 MB message from a file or a
#: service is not printed whole, over and over.
MAX_MESSAGE_LENGTH = 4000


def capped_message(text: str) -> str:
    """``text`` (already one line) cut to :data:`MAX_MESSAGE_LENGTH` characters, saying so."""
    if len(text) <= MAX_MESSAGE_LENGTH:
        return text
    return f"{text[:MAX_MESSAGE_LENGTH]} [... {len(text) - MAX_MESSAGE_LENGTH} more characters]"
_CONDITION_KEYS = frozenset({"marker", "cpu_flags", "cuda_version"})


class _LazyPattern:
    """A regular expression compiled when first used (0.3-0.6 ms each otherwise): importing
    this module is on every lock's path, and a lock without score files never uses them.
    After the first use its methods are the compiled pattern's own, so a large file's
    validation loop pays nothing for the laziness."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._source)
        for method in ("fullmatch", "match", "search"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


# PEP 508 project names; fullmatch, so a trailing newline is not a valid name.
_NAME = _LazyPattern(PROJECT_NAME)
# RFC 3339 date-time (section 5.6), with "T"/"t" or a space between date and time.
_RFC3339 = _LazyPattern(
    r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
)


def _show(value: Any, limit: int = 60) -> str:
    """A value for error messages, spelt as in JSON (``null``, ``true``; strings quoted as
    ``'x'``), and bounded, so a huge or nested value cannot flood the report."""
    try:
        text = repr(value) if isinstance(value, str) else json.dumps(value)  # ASCII: no stray line breaks
    except (TypeError, ValueError):  # not from JSON (a Python caller's object)
        text = repr(value)
    except RecursionError:
        return "<deeply nested value>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind(value: Any) -> str:
    """The JSON name of a decoded value's type, as a file author would call it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_number(value: Any) -> bool:
    """JSON numbers only: ``true`` is not 1 in a score file."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _first_line(exc: Exception) -> str:
    """packaging's parser errors draw a caret on extra lines; errors here are one line each."""
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[0].strip() if lines else type(exc).__name__


def _unknown(obj: dict[Any, Any], allowed: frozenset[str]) -> list[Any]:
    return sorted((k for k in obj if k not in allowed), key=str)


class _Errors:
    """Collects problems so that one run reports all of them."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{self.origin}:{where}: {message}" if where else f"{self.origin}: {message}")

    def fail(self, message: str) -> ScoreFileError:
        """A problem that makes the rest of the document meaningless (wrong format, ...)."""
        self.add("", message)
        return self.error()

    def error(self) -> ScoreFileError:
        shown = self.items[:MAX_ERRORS]
        more = len(self.items) - len(shown)
        count = f"{len(self.items)} problem{'s' if len(self.items) != 1 else ''}"
        head = f"{self.origin} is not a valid score file ({count}):"
        tail = [f"... and {more} more"] if more else []
        return ScoreFileError("\n".join([head, *shown, *tail]))


_SPACE = _LazyPattern(r"\s")
_LONG_NUMBER = _LazyPattern(r"\d{4000,}")  # parses, then fails every comparison (a ValueError)


@functools.lru_cache(maxsize=16384)
def specifier_set(text: str) -> SpecifierSet:
    """A parsed specifier, shared: large files repeat the same ranges thousands of times,
    and parsing one costs more than validating the rest of its rule (InvalidSpecifier
    propagates and is not remembered).

    packaging lets ``===`` compare any string without white space, terminal escapes
    included, which PEP 508 does not: such a range could never match a version, and it
    would reach the terminal wherever the rule is described, so it is invalid here."""
    spec = SpecifierSet(text)
    if not is_one_line(str(spec)) or _LONG_NUMBER.search(text):  # Version() refuses > 4300 digits
        raise InvalidSpecifier(text)
    return spec


#: The longest URL a rule may carry (printed in every decision citing it; browsers and servers
#: stop far below a megabyte): a longer ``link`` or ``index_url`` is refused, not cut (a cut URL
#: leads elsewhere).
MAX_URL_LENGTH = 8192


def _url_ok(value: Any, schemes: tuple[str, ...]) -> bool:
    if not isinstance(value, str) or len(value) > MAX_URL_LENGTH or _SPACE.search(value) or not is_one_line(value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - a port that is not a number (a rule that could never match)
    except ValueError:
        return False
    return parts.scheme.lower() in schemes and bool(parts.netloc or (parts.scheme == "file" and parts.path))


def _match(obj: dict[Any, Any], where: str, errors: _Errors) -> PackageMatch | None:
    """``package``/``specifier``/``index_url`` of a rule or of its ``with`` object."""
    before = len(errors.items)
    name = obj.get("package")
    if name is None:
        errors.add(where, '"package" is required (a project name)')
    elif not isinstance(name, str) or not _NAME.fullmatch(name):
        errors.add(where, f'"package" must be a valid project name, got {_show(name)}')
    spec = SpecifierSet()
    spec_text = obj.get("specifier", "")
    if not isinstance(spec_text, str):
        errors.add(where, f'"specifier" must be a string such as ">=1.2,<2", got {_show(spec_text)}')
    else:
        try:
            spec = specifier_set(spec_text)
        except InvalidSpecifier:
            errors.add(where, f'"specifier" {_show(spec_text)} is not a valid PEP 440 version specifier')
    index_url = obj.get("index_url")
    if index_url is not None and not _url_ok(index_url, ("http", "https", "file")):
        errors.add(where, f'"index_url" must be an http(s) or file URL, got {_show(index_url)}')
    if len(errors.items) != before:
        return None
    return PackageMatch(canonicalize_name(name), spec, index_url)  # type: ignore[arg-type]


def _condition(obj: Any, where: str, errors: _Errors) -> Condition | None:
    if not isinstance(obj, dict):
        errors.add(where, f'"condition" must be an object, got {_kind(obj)}')
        return None
    before = len(errors.items)
    for key in _unknown(obj, _CONDITION_KEYS):
        errors.add(where, f"unknown condition key {_show(key)} (known: {', '.join(sorted(_CONDITION_KEYS))})")
    marker = None
    if "marker" in obj:
        text = obj["marker"]
        if not isinstance(text, str):
            errors.add(where, f'condition "marker" must be a string, got {_kind(text)}')
        else:
            try:
                marker = Marker(text)
                marker.evaluate({"extra": ""})  # unknown variable names fail here, not mid-resolve
                if not is_one_line(str(marker)):  # PEP 508 strings hold no control characters
                    raise InvalidMarker("a control or format character in a quoted string")
            except (InvalidMarker, UndefinedEnvironmentName, UndefinedComparison) as exc:
                errors.add(where, f'condition "marker" {_show(text)} is not a valid PEP 508 marker ({_first_line(exc)})')
            except ValueError:  # a version of more digits than Python converts
                errors.add(where, f'condition "marker" {_show(text)} holds a version of more digits than any can have')
    flags = obj.get("cpu_flags", [])
    if not isinstance(flags, list) or not all(isinstance(f, str) and f.strip() and is_one_line(f) for f in flags):
        errors.add(where, f'condition "cpu_flags" must be a list of flag names such as ["avx2"], got {_show(flags)}')
    cuda = None
    if "cuda_version" in obj:
        text = obj["cuda_version"]
        try:
            if not isinstance(text, str):
                raise InvalidSpecifier(text)
            cuda = specifier_set(text)
        except InvalidSpecifier:
            errors.add(where, f'condition "cuda_version" {_show(text)} is not a version specifier such as ">=12,<13"')
    if len(errors.items) != before:
        return None
    return Condition(marker, frozenset(f.strip().lower() for f in flags), cuda)


def _veto(raw: Any, where: str, errors: _Errors) -> bool | frozenset[str]:
    if isinstance(raw, bool):
        return raw
    known = ", ".join(RECOMMENDATIONS)
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        unknown = sorted(set(raw) - set(RECOMMENDATIONS))
        if unknown:
            errors.add(where, f'"veto" names unknown recommendation type(s) {unknown}; known: {known}')
        elif not raw:
            errors.add(where, '"veto" is an empty list; use false (or leave it out) for no veto')
        return frozenset(raw)
    errors.add(where, f'"veto" must be true, false or a list of recommendation types ({known}), got {_show(raw)}')
    return False


def _rule(obj: Any, n: int, errors: _Errors, ids: dict[str, int]) -> Rule | None:
    where = f"rule #{n}"
    if not isinstance(obj, dict):
        errors.add(where, f"must be an object, got {_kind(obj)}")
        return None
    before = len(errors.items)
    rid = obj.get("id")
    if "id" in obj:
        if not isinstance(rid, str) or not rid.strip():
            errors.add(where, f'"id" must be a non-empty string, got {_show(rid)}')
            rid = None
        elif len(rid) > MAX_ID_LENGTH:  # ids are printed in every decision line and report
            errors.add(where, f'"id" is {len(rid)} characters long; at most {MAX_ID_LENGTH} are allowed')
            rid = None
        elif not is_one_line(rid):  # escaping it would change which rule it replaces
            errors.add(where, f'"id" must not hold control, format or line-break characters, got {_show(rid)}')
            rid = None
        else:
            where += f" (id {rid!r})"
    else:
        rid = f"rule-{n}"
    for key in _unknown(obj, _RULE_KEYS):
        errors.add(where, f"unknown key {_show(key)}")
    package = _match(obj, where, errors)
    other = None
    if "with" in obj:
        partner = obj["with"]
        if not isinstance(partner, dict):
            errors.add(where, f'"with" must be an object like {{"package": "name", "specifier": ">=2"}}, got {_kind(partner)}')
        else:
            for key in _unknown(partner, _MATCH_KEYS):
                errors.add(where, f'unknown key {_show(key)} in "with"')
            other = _match(partner, where + ' "with"', errors)
            if other is not None and package is not None and other.name == package.name:
                errors.add(where, '"with" must name a different package than "package"')
    veto = _veto(obj.get("veto", False), where, errors)
    score = obj.get("score")
    if score is None:
        if veto is True:
            score = -1.0
        else:
            errors.add(where, '"score" is required (a number in [-1, 1]) unless "veto" is true')
    elif not _is_number(score) or not -1 <= score <= 1:  # NaN and inf fail it; math.isfinite(10**400) raised
        errors.add(where, f'"score" must be a number in [-1, 1], got {_show(score)}')
    category = obj.get("category")
    if category is None:
        errors.add(where, f'"category" is required (one of {", ".join(CATEGORIES)})')
    elif category not in CATEGORIES:
        errors.add(where, f'"category" must be one of {", ".join(CATEGORIES)}, got {_show(category)}')
    texts: dict[str, str] = {}
    for key in ("message", "link", "source"):
        value = obj.get(key)
        if value is None:
            errors.add(where, f'"{key}" is required')
        elif not isinstance(value, str) or not value.strip():
            errors.add(where, f'"{key}" must be a non-empty string, got {_show(value)}')
        else:
            # Printed on terminals and into lock reports as one line each: a message must
            # not carry terminal escapes or line breaks (it could fake stackwise's output).
            texts[key] = one_line(value.strip()) if key == "link" else capped_message(one_line(value.strip()))
    if "link" in texts and len(texts["link"]) > MAX_URL_LENGTH:
        errors.add(where, f'"link" is longer than {MAX_URL_LENGTH} characters ({len(texts["link"])})')
    elif "link" in texts and not _url_ok(texts["link"], ("http", "https")):
        errors.add(where, f'"link" must be an http(s) URL, got {_show(texts["link"])}')
    condition = _condition(obj["condition"], where, errors) if "condition" in obj else None
    evidence = _evidence(obj["evidence"], where, errors) if "evidence" in obj else None
    if rid is not None:
        if rid in ids:
            default = "" if "id" in obj else " (its default id; give one of them an explicit \"id\")"
            errors.add(where, f"duplicate rule id {rid!r}, first used by rule #{ids[rid]}{default}")
        else:
            ids[rid] = n
    if len(errors.items) != before or package is None or rid is None:
        return None
    return Rule(
        id=rid,
        package=package,
        other=other,
        score=float(score),  # type: ignore[arg-type]
        veto=veto,
        category=category,  # type: ignore[arg-type]
        message=texts["message"],
        link=texts["link"],
        source=texts["source"],
        condition=condition,
        evidence=evidence,
    )


def _evidence(raw: Any, where: str, errors: _Errors) -> dict[str, Any] | None:
    """An object with a string ``kind``; any JSON inside, at most MAX_EVIDENCE_BYTES encoded."""
    if not isinstance(raw, dict):
        errors.add(where, f'"evidence" must be an object like {{"kind": "inspection", ...}}, got {_kind(raw)}')
        return None
    kind = raw.get("kind")
    if not isinstance(kind, str) or not kind.strip():
        errors.add(where, f'"evidence" needs a non-empty string "kind", got {_show(kind)}')
        return None
    try:
        size = len(json.dumps(raw, allow_nan=False).encode())
    except (TypeError, ValueError):
        errors.add(where, '"evidence" must hold only JSON values')
        return None
    if size > MAX_EVIDENCE_BYTES:
        errors.add(where, f'"evidence" is {size} bytes encoded; at most {MAX_EVIDENCE_BYTES} are allowed')
        return None
    return raw


def parse_document(data: object, origin: str) -> KnowledgeBase:
    """Validate a decoded score document and build its knowledge base.

    ``origin`` (a path or URL) starts every error line, so the user knows which file to fix.
    """
    errors = _Errors(origin)
    if not isinstance(data, dict):
        raise errors.fail(f"the top level must be a JSON object, got {_kind(data)}")
    fmt = data.get("format")
    if fmt != SCORE_FILE_FORMAT:
        found = "it is missing" if "format" not in data else f"got {_show(fmt)}"
        raise errors.fail(f'"format" must be {SCORE_FILE_FORMAT!r} ({found}); is this a stackwise score file?')
    version = data.get("version")
    supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
    if "version" not in data:
        raise errors.fail(f'"version" is missing; this stackwise reads score file version {supported}')
    if type(version) is not int or version not in SUPPORTED_VERSIONS:
        newer = " (a newer stackwise may read it)" if _is_number(version) and version > max(SUPPORTED_VERSIONS) else ""
        raise errors.fail(f"unsupported score file version {_show(version)}{newer}; this stackwise reads version {supported}")
    for key in _unknown(data, _TOP_KEYS):
        errors.add("", f"unknown top-level key {_show(key)}")
    revision = data.get("revision")
    if revision is not None and (not isinstance(revision, str) or not revision.strip()):
        errors.add("", f'"revision" must be a non-empty string, got {_show(revision)}')
        revision = None
    elif revision is not None:
        revision = one_line(revision)  # printed by `scores pull`, `cache info` and in reports
    generated = data.get("generated")
    if generated is not None and (not isinstance(generated, str) or not _RFC3339.fullmatch(generated)):
        errors.add("", f'"generated" must be an RFC 3339 timestamp such as "2026-01-31T12:00:00Z", got {_show(generated)}')
        generated = None
    if "rules" not in data:
        errors.add("", '"rules" is missing (use [] for a file without rules)')
        raise errors.error()
    rules_raw = data["rules"]
    if not isinstance(rules_raw, list):
        errors.add("", f'"rules" must be a list, got {_kind(rules_raw)}')
        raise errors.error()
    ids: dict[str, int] = {}
    rules = []
    for n, obj in enumerate(rules_raw, start=1):
        rule = _rule(obj, n, errors, ids)
        if rule is not None:
            rules.append(rule)
    if errors.items:
        raise errors.error()
    return KnowledgeBase(rules, revision=revision, generated=generated)


def loads(text: str | bytes, origin: str) -> KnowledgeBase:
    """Parse score-file JSON from any source (a file, a service response)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScoreFileError(f"{origin}: not UTF-8 text ({exc.reason} at byte {exc.start}).") from None
    if not text.strip():
        raise ScoreFileError(f"{origin}: the score file is empty (expected a JSON object).")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScoreFileError(
            f"{origin}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except RecursionError:
        raise ScoreFileError(f"{origin}: not a usable score file: JSON nested too deeply.") from None
    except ValueError as exc:  # e.g. an integer literal longer than Python will convert
        raise ScoreFileError(f"{origin}: not valid JSON: {_first_line(exc)}.") from None
    from stackwise._jsontext import lone_surrogate

    bad = lone_surrogate(text, data)
    if bad is not None:  # it would fail where it is printed or stored, with a traceback
        raise ScoreFileError(f"{origin}: not valid text: the JSON escape {bad} is half of a UTF-16 surrogate pair.")
    return parse_document(data, origin)


def load_score_file(path: str | os.PathLike[str]) -> KnowledgeBase:
    """Read and validate a score file; every failure is a ScoreFileError."""
    return loads(read_bytes(path, "score file"), os.fspath(path))


def read_bytes(path: str | os.PathLike[str], what: str) -> bytes:
    """The bytes of a knowledge file; a missing or unreadable one is a ScoreFileError naming it."""
    origin = os.fspath(path)
    from stackwise._inputfile import read_input_bytes

    try:
        return read_input_bytes(path)  # a device or pipe is read up to a limit (--scores /dev/zero)
    except FileNotFoundError:
        raise ScoreFileError(f"{origin}: {what} not found.") from None
    except IsADirectoryError:
        raise ScoreFileError(f"{origin}: is a directory, not a {what}.") from None
    except OSError as exc:
        raise ScoreFileError(f"{origin}: cannot read {what}: {exc.strerror or exc}.") from None
    except ValueError:  # a NUL byte in the path
        raise ScoreFileError(f"{origin!r}: not a usable path for a {what}.") from None


def read_text(path: str | os.PathLike[str], what: str) -> str:
    """The UTF-8 text of a TOML knowledge file (curated rules, a user's rules file)."""
    raw = read_bytes(path, what)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScoreFileError(f"{os.fspath(path)}: not UTF-8 text ({exc.reason}).") from None


def dump_score_file(kb: KnowledgeBase, path: str | os.PathLike[str]) -> None:
    """Write ``kb`` as a v1 score file, atomically: readers see the old file or the new one.

    The document is validated before anything is written, so stackwise never produces a
    file that it (or another reader) would reject later.
    """
    origin = os.fspath(path)
    document = kb.to_document()
    try:
        parse_document(document, origin)
    except ScoreFileError as exc:
        raise ScoreFileError(
            f"{origin}: not written, the knowledge base does not form a valid score file:\n{exc}"
        ) from None
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise ScoreFileError(
            f"{origin}: cannot write score file: {exc.strerror or exc}; any existing file is unchanged."
        ) from None
