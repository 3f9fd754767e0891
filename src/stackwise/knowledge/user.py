"""The user's own rules: ``[tool.stackwise]`` in pyproject.toml and ``--rules FILE``.

Why: excluding a known-bad release, or a known-bad pair, should not need a pin (a pin
also freezes every later fix), and wrong dependency metadata should be correctable
without forking a package (uv's ``override-dependencies``; pip#8076). These rules are the
highest knowledge layer: they come after every score file and service, so a rule with
the id of a shipped rule replaces it. They are still only knowledge, so pins,
constraints, hashes and the yanked-release rules are never bypassed.

A rule is the score-file rule (docs/score-file.md) spelt in TOML, read by the same
parser as the curated rules (:func:`~stackwise.knowledge.curated.curated_document` and
:func:`~stackwise.knowledge.scorefile.parse_document`); only the keys a person would not
write for a personal rule get defaults: ``category`` (stability), ``message``, ``link``
(the file it came from) and ``source``, which is always ``user``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from stackwise._dataclass import dataclass
from stackwise.errors import ScoreFileError
from stackwise.knowledge.rules import KnowledgeBase

USER_SOURCE = "user"
DEFAULT_CATEGORY = "stability"
# Valid for the score-file parser, replaced by the rule's file URI once parsed.
_PLACEHOLDER_LINK = "https://stackwise.invalid/user-rule"
_FILE_KEYS = ("rules", "overrides")


@dataclass(frozen=True)
class UserRules:
    """Rules and dependency overrides from one or more of the user's files."""

    kb: KnowledgeBase
    overrides: tuple[tuple[str, str], ...] = ()  # (requirement text, where it was written)
    files: tuple[str, ...] = ()  # files read, for lock reuse

    def __bool__(self) -> bool:
        return bool(len(self.kb) or self.overrides)


def combine(layers: Iterable[UserRules]) -> UserRules:
    """Later layers win: same rule id replaces, overrides of a package replace that package's."""
    layers = list(layers)
    kb = KnowledgeBase.merge(*(la.kb for la in layers)) if layers else KnowledgeBase()
    overrides: dict[str, list[tuple[str, str]]] = {}
    for layer in layers:
        mine: dict[str, list[tuple[str, str]]] = {}
        for text, where in layer.overrides:
            mine.setdefault(_override_name(text), []).append((text, where))
        overrides.update(mine)
    files = tuple(dict.fromkeys(f for la in layers for f in la.files))
    return UserRules(kb, tuple(o for group in overrides.values() for o in group), files)


def _override_name(text: str) -> str:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    return canonicalize_name(Requirement(text).name)


def parse_rules(raw: Any, where: str, file: str | os.PathLike[str] | None) -> KnowledgeBase:
    """``rules`` (a list of TOML tables) -> knowledge whose every rule has source ``user``.

    ``where`` starts every error line (file and key); ``file`` becomes the default link.
    """
    from stackwise.knowledge.curated import curated_document
    from stackwise.knowledge.scorefile import parse_document

    if not isinstance(raw, list):
        got = "a single table" if isinstance(raw, dict) else f"{type(raw).__name__} {raw!r:.40}"
        raise ScoreFileError(f"{where}: must be a list of rule tables, written as [[rules]] in a rules file or "
                             f"[[tool.stackwise.rules]] in pyproject.toml (one per rule); got {got}.")
    label = Path(file).name if file is not None else "rules"
    problems: list[str] = []
    filled: list[Any] = []
    explicit: list[bool] = []  # the rule has its own link
    named: list[bool] = []  # ... and its own id
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            filled.append(item)  # the parser says what is wrong with it
            explicit.append(True)
            named.append(True)
            continue
        item = dict(item)
        if "source" in item:
            problems.append(f"{where}: rule #{n}: unknown key 'source' (your own rules always have "
                            f"source {USER_SOURCE!r}; remove it)")
        item["source"] = USER_SOURCE
        item.setdefault("category", DEFAULT_CATEGORY)
        message = item.get("message")
        if message is None:
            item["message"] = f"your rule in {label}"
        elif isinstance(message, str) and message.strip():
            item["message"] = f"{message.strip()} (your rule in {label})"
        explicit.append("link" in item)
        item.setdefault("link", _PLACEHOLDER_LINK)
        named.append("id" in item)
        filled.append(item)
    try:
        kb = parse_document(curated_document({"rules": filled}, where), where)
    except ScoreFileError as exc:
        lines = str(exc).splitlines()
        if len(lines) > 1 and lines[0].endswith(":") and "is not a valid score file" in lines[0]:
            lines = lines[1:]
        problems += [line.replace(f"{where}:rule #", f"{where}: rule #", 1) for line in lines]
    if problems:
        problems.sort(key=_rule_number)  # one rule's problems together, in file order
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise ScoreFileError("\n".join([f"{where}: invalid rules ({count}):", *problems]))
    link = Path(file).resolve().as_uri() if file is not None else ""
    rules = [replace(r, link=r.link if has_link else link, id=r.id if has_id else f"user:{label}#{n}")
             for n, (r, has_link, has_id) in enumerate(zip(kb.rules, explicit, named, strict=True), start=1)]
    return KnowledgeBase(rules)


def _rule_number(line: str) -> int:
    found = re.search(r": rule #(\d+)", line)
    return int(found.group(1)) if found else 0


def parse_overrides(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    """``overrides`` (PEP 508 requirement strings) -> ``(text, where)``; a clear error otherwise."""
    from packaging.requirements import InvalidRequirement, Requirement

    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        raise ScoreFileError(f'{where}: must be a list of requirements such as ["werkzeug<3"], '
                             f"got {type(raw).__name__}.")
    out: list[tuple[str, str]] = []
    for n, text in enumerate(items, start=1):
        if not isinstance(text, str) or not text.strip():
            raise ScoreFileError(f"{where}: entry #{n} must be a requirement string such as "
                                 f"\"werkzeug<3\", got {text!r}.")
        try:
            req = Requirement(text.strip())
        except InvalidRequirement as exc:
            raise ScoreFileError(f"{where}: entry #{n} {text!r} is not a valid requirement: "
                                 f"{str(exc).splitlines()[0]}.") from None
        if req.url:
            raise ScoreFileError(f"{where}: entry #{n} {text!r} is a direct URL; an override "
                                 "replaces a dependency by a version range (name and specifier).")
        from stackwise.reqfile import unusable_reason

        problem = unusable_reason(req)  # a marker that cannot be evaluated fails deep in the resolver
        if problem is not None:
            raise ScoreFileError(f"{where}: entry #{n} {text!r}: {problem}.")
        out.append((text.strip(), f"{where} #{n}"))
    return tuple(out)


def loads_rules_file(text: str, origin: str) -> UserRules:
    """A rules file: ``overrides = [...]`` and ``[[rules]]`` tables, nothing else."""
    from stackwise.knowledge.curated import _toml

    toml = _toml()
    try:
        data = toml.loads(text)
    except (toml.TOMLDecodeError, RecursionError) as exc:  # RecursionError: nested too deeply
        raise ScoreFileError(f"{origin}: not valid TOML: {exc}.") from None
    unknown = sorted(set(data) - set(_FILE_KEYS))
    if unknown:
        raise ScoreFileError(f"{origin}: unknown key {unknown[0]!r}; a rules file holds [[rules]] tables "
                             "and an overrides list only (settings belong in [tool.stackwise]).")
    kb = parse_rules(data.get("rules", []), f"{origin}: rules", origin)
    overrides = parse_overrides(data["overrides"], f"{origin}: overrides") if "overrides" in data else ()
    return UserRules(kb, overrides, (os.path.abspath(origin),))


def load_rules_file(path: str | os.PathLike[str]) -> UserRules:
    """Read and validate a ``--rules`` file; every problem is a ScoreFileError naming it."""
    from stackwise.knowledge.scorefile import read_text

    return loads_rules_file(read_text(path, "rules file"), os.fspath(path))


def with_user_rules(kb: Any, user: UserRules) -> Any:
    """``kb`` (a KnowledgeBase or score sources) with the user's rules on top: they win over
    every other layer on equal ids."""
    if not len(user.kb):
        return kb
    if isinstance(kb, KnowledgeBase):
        merged: Any = KnowledgeBase.merge(kb, user.kb)
    else:
        from stackwise.knowledge.service import ScoreSources

        merged = ScoreSources([*kb.layers, user.kb])
    check = getattr(kb, "advisory_check", None)
    if check is not None:
        merged.advisory_check = check  # the safety guard's check (knowledge.service) goes along
    return merged


def user_rules(settings: Any, files: Sequence[str] = ()) -> UserRules:
    """The user's layer: the configured rules and overrides, then each ``--rules`` file."""
    layers: list[UserRules] = []
    configured = getattr(settings, "rules", None)
    if configured is not None:
        layers.append(configured)
    overrides = getattr(settings, "overrides", ())
    if overrides:
        layers.append(UserRules(KnowledgeBase(), tuple(overrides)))
    layers += [load_rules_file(f) for f in files]
    return combine(layers)
