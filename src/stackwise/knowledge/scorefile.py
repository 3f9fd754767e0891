"""Score file format v1: a versioned JSON document of rules (see docs/score-file.md).

Validation is strict — unknown keys are typos, not extensions — and every problem is
reported as ``<file>:rule #<n>: <what is wrong>``, all of them at once (up to a limit), so a
hand-edited file can be fixed in one pass. Nothing here raises anything but ScoreFileError.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from stackwise._atomic import atomic_write_text
from stackwise.errors import ScoreFileError
from stackwise.knowledge.rules import (
    CATEGORIES,
    RECOMMENDATIONS,
    Condition,
    KnowledgeBase,
    PackageMatch,
    Rule,
)

SCORE_FILE_FORMAT = "stackwise-scores"
SCORE_FILE_VERSION = 1
SUPPORTED_VERSIONS = (1,)
MAX_ERRORS = 20

_TOP_KEYS = {"format", "version", "revision", "generated", "rules"}
_RULE_KEYS = {"id", "package", "specifier", "index_url", "with", "score", "veto", "category",
              "message", "link", "source", "condition"}
_WITH_KEYS = {"package", "specifier", "index_url"}
_CONDITION_KEYS = {"marker", "cpu_flags", "cuda_version"}
_NAME_OK = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


class _Errors:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{self.origin}:{where}: {message}" if where else f"{self.origin}: {message}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_ERRORS]
        more = len(self.items) - len(shown)
        head = f"{self.origin} is not a valid score file ({len(self.items)} problem(s)):"
        tail = [f"... and {more} more"] if more else []
        raise ScoreFileError("\n".join([head, *shown, *tail]))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _match(obj: dict[str, Any], where: str, errors: _Errors, allowed: set[str]) -> PackageMatch | None:
    ok = True
    for key in sorted(set(obj) - allowed):
        errors.add(where, f"unknown key {key!r}")
        ok = False
    name = obj.get("package")
    if not isinstance(name, str) or not _NAME_OK.match(name):
        errors.add(where, f'"package" must be a valid project name, got {name!r}')
        ok = False
    spec_text = obj.get("specifier", "")
    spec = SpecifierSet()
    if not isinstance(spec_text, str):
        errors.add(where, f'"specifier" must be a string such as ">=1.2,<2", got {spec_text!r}')
        ok = False
    else:
        try:
            spec = SpecifierSet(spec_text)
        except InvalidSpecifier:
            errors.add(where, f'"specifier" {spec_text!r} is not a valid PEP 440 version specifier')
            ok = False
    index_url = obj.get("index_url")
    if index_url is not None and (not isinstance(index_url, str) or "://" not in index_url):
        errors.add(where, f'"index_url" must be a URL, got {index_url!r}')
        ok = False
    if not ok:
        return None
    return PackageMatch(canonicalize_name(name), spec, index_url)  # type: ignore[arg-type]


def _condition(obj: Any, where: str, errors: _Errors) -> Condition | None:
    if not isinstance(obj, dict):
        errors.add(where, f'"condition" must be an object, got {type(obj).__name__}')
        return None
    ok = True
    for key in sorted(set(obj) - _CONDITION_KEYS):
        errors.add(where, f'unknown condition key {key!r} (known: {", ".join(sorted(_CONDITION_KEYS))})')
        ok = False
    marker = None
    if "marker" in obj:
        text = obj["marker"]
        try:
            if not isinstance(text, str):
                raise InvalidMarker("not a string")
            marker = Marker(text)
            marker.evaluate({"extra": ""})  # catches unknown variable names early
        except (InvalidMarker, UndefinedEnvironmentName, UndefinedComparison) as exc:
            errors.add(where, f'condition "marker" {text!r} is not a valid PEP 508 marker ({exc})')
            ok = False
    flags = obj.get("cpu_flags", [])
    if not isinstance(flags, list) or not all(isinstance(f, str) and f for f in flags):
        errors.add(where, f'condition "cpu_flags" must be a list of flag names such as ["avx2"], got {flags!r}')
        ok = False
    cuda = None
    if "cuda_version" in obj:
        text = obj["cuda_version"]
        try:
            if not isinstance(text, str):
                raise InvalidSpecifier("not a string")
            cuda = SpecifierSet(text)
        except InvalidSpecifier:
            errors.add(where, f'condition "cuda_version" {text!r} is not a version specifier such as ">=12,<13"')
            ok = False
    if not ok:
        return None
    return Condition(marker, frozenset(f.lower() for f in flags), cuda)


def _rule(obj: Any, n: int, errors: _Errors, ids: set[str]) -> Rule | None:
    where = f"rule #{n}"
    if not isinstance(obj, dict):
        errors.add(where, f"must be an object, got {type(obj).__name__}")
        return None
    rid = obj.get("id", f"rule-{n}")
    if "id" in obj:
        if not isinstance(rid, str) or not rid:
            errors.add(where, f'"id" must be a non-empty string, got {rid!r}')
            return None
        where += f" (id {rid!r})"
    before = len(errors.items)
    for key in sorted(set(obj) - _RULE_KEYS):
        errors.add(where, f"unknown key {key!r}")
    package = _match({k: v for k, v in obj.items() if k in _WITH_KEYS}, where, errors, _WITH_KEYS)
    other = None
    if "with" in obj:
        if not isinstance(obj["with"], dict):
            errors.add(where, '"with" must be an object like {"package": "name", "specifier": ">=2"}')
        else:
            other = _match(obj["with"], where + " with", errors, _WITH_KEYS)
            if other is not None and package is not None and other.name == package.name:
                errors.add(where, '"with" must name a different package than "package"')
    veto_raw = obj.get("veto", False)
    veto: bool | frozenset[str] = False
    if isinstance(veto_raw, bool):
        veto = veto_raw
    elif isinstance(veto_raw, list) and all(isinstance(v, str) for v in veto_raw):
        unknown = sorted(set(veto_raw) - set(RECOMMENDATIONS))
        if unknown:
            errors.add(where, f'"veto" names unknown recommendation type(s) {unknown}; known: {", ".join(RECOMMENDATIONS)}')
        elif not veto_raw:
            errors.add(where, '"veto" list is empty; use false for no veto')
        veto = frozenset(veto_raw)
    else:
        errors.add(where, f'"veto" must be true, false or a list of recommendation types, got {veto_raw!r}')
    score = obj.get("score")
    if score is None:
        if veto is True:
            score = -1.0
        else:
            errors.add(where, '"score" is required (a number in [-1, 1]) unless "veto" is true')
    elif not _is_number(score) or not -1.0 <= float(score) <= 1.0:
        errors.add(where, f'"score" must be a number in [-1, 1], got {score!r}')
    category = obj.get("category")
    if category not in CATEGORIES:
        errors.add(where, f'"category" must be one of {", ".join(CATEGORIES)}, got {category!r}')
    texts = {}
    for key in ("message", "link", "source"):
        value = obj.get(key)
        if not isinstance(value, str) or not value.strip():
            errors.add(where, f'"{key}" is required and must be a non-empty string')
        texts[key] = value
    link = texts.get("link")
    if isinstance(link, str) and link.strip() and not link.startswith(("http://", "https://")):
        errors.add(where, f'"link" must be an http(s) URL, got {link!r}')
    condition = _condition(obj["condition"], where, errors) if "condition" in obj else None
    if isinstance(rid, str) and rid:
        if rid in ids:
            errors.add(where, f"duplicate rule id {rid!r}")
        ids.add(rid)
    if len(errors.items) != before or package is None:
        return None
    return Rule(
        id=rid,
        package=package,
        other=other,
        score=float(score),  # type: ignore[arg-type]
        veto=veto,
        category=category,  # type: ignore[arg-type]
        message=texts["message"].strip(),  # type: ignore[union-attr]
        link=texts["link"].strip(),  # type: ignore[union-attr]
        source=texts["source"].strip(),  # type: ignore[union-attr]
        condition=condition,
    )


def parse_document(data: object, origin: str) -> KnowledgeBase:
    """Validate a decoded score document and build the knowledge base."""
    errors = _Errors(origin)
    if not isinstance(data, dict):
        errors.add("", f"the top level must be a JSON object, got {type(data).__name__}")
        errors.raise_if_any()
    assert isinstance(data, dict)
    if data.get("format") != SCORE_FILE_FORMAT:
        errors.add("", f'"format" must be {SCORE_FILE_FORMAT!r}, got {data.get("format")!r}')
        errors.raise_if_any()
    version = data.get("version")
    if not _is_number(version) or version not in SUPPORTED_VERSIONS:
        supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
        errors.add("", f"unsupported score file version {version!r}; this stackwise reads version {supported} (upgrade stackwise for newer files)")
        errors.raise_if_any()
    for key in sorted(set(data) - _TOP_KEYS):
        errors.add("", f"unknown top-level key {key!r}")
    for key in ("revision", "generated"):
        if key in data and not isinstance(data[key], str):
            errors.add("", f'"{key}" must be a string')
    rules_raw = data.get("rules")
    if not isinstance(rules_raw, list):
        errors.add("", f'"rules" must be a list, got {type(rules_raw).__name__}')
        errors.raise_if_any()
    assert isinstance(rules_raw, list)
    ids: set[str] = set()
    rules = []
    for n, obj in enumerate(rules_raw, start=1):
        rule = _rule(obj, n, errors, ids)
        if rule is not None:
            rules.append(rule)
    errors.raise_if_any()
    return KnowledgeBase(rules, revision=data.get("revision"))


def loads(text: str | bytes, origin: str) -> KnowledgeBase:
    """Parse score-file text (JSON) from any source (file, service response)."""
    if not (text.strip() if isinstance(text, str) else text.strip()):
        raise ScoreFileError(f"{origin}: the score file is empty (expected a JSON object).")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScoreFileError(f"{origin}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    except UnicodeDecodeError as exc:
        raise ScoreFileError(f"{origin}: not UTF-8 text ({exc.reason}).") from None
    return parse_document(data, origin)


def load_score_file(path: str | os.PathLike[str]) -> KnowledgeBase:
    """Read and validate a score file; every failure is a ScoreFileError."""
    origin = os.fspath(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise ScoreFileError(f"{origin}: score file not found.") from None
    except OSError as exc:
        raise ScoreFileError(f"{origin}: cannot read score file: {exc.strerror or exc}.") from None
    return loads(raw, origin)


def dump_score_file(kb: KnowledgeBase, path: str | os.PathLike[str]) -> None:
    """Write ``kb`` as a v1 score file, atomically."""
    atomic_write_text(path, json.dumps(kb.to_document(), indent=2, sort_keys=True) + "\n")

