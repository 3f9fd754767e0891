"""The knowledge shipped with stackwise: the curated rules and the learned layer.

Why the learned layer is lazy: it holds hundreds of rules about hundreds of packages
(``stackwise kb build``), and turning every one into rule objects (specifiers, markers) on
every ``stackwise lock`` and every ``pip install --resolver=stackwise`` would cost more than
the packages a resolution touches need. The file is read once (plain JSON), indexed by every
package name it mentions, and the rules of a package are validated and built the first time
the resolver asks about it -- with the same strict parser as any score file. The file's
validity as a whole is checked by the test suite, not on every run.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import Any

from packaging.utils import canonicalize_name

from stackwise.errors import ScoreFileError
from stackwise.knowledge.layers import LazyLayer
from stackwise.knowledge.rules import SCORE_FILE_FORMAT, SCORE_FILE_VERSION, KnowledgeBase, Rule

DATA = os.path.join(os.path.dirname(__file__), "data")
SHIPPED_CURATED = os.path.join(DATA, "curated.toml")
#: The learned layer: rules made from evidence by ``stackwise kb build`` (docs/knowledge.md).
SHIPPED_LEARNED = os.path.join(DATA, "learned.json")


class LearnedLayer(LazyLayer):
    """A shipped score file, indexed by package name, parsed per package on demand."""

    def __init__(self, path: str = SHIPPED_LEARNED) -> None:
        super().__init__()
        self.origin = path
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise ScoreFileError(f"{path}: the shipped learned knowledge is unreadable ({exc}); "
                                 "reinstall stackwise or run with --no-default-scores.") from None
        self._raw: dict[str, list[Any]] = {}
        self._built: dict[int | str, Rule] = {}  # by _key(raw): each rule built once
        if not self._index_lines(text):
            self._index_document(text)

    def _index_lines(self, text: str) -> bool:
        """The shipped layout -- a header line, then one rule object per line -- indexed by
        the names each line's rule mentions without decoding the rules themselves (a rule is
        decoded when its package is asked about); ``False`` for any other layout."""
        head, _, rest = text.partition("\n")
        if not head.endswith('"rules":[') or not rest.rstrip().endswith("]}"):
            return False
        try:
            header = json.loads(head[: -len(',"rules":[')] + "}")
        except ValueError:
            return False
        if header.get("format") != SCORE_FILE_FORMAT:
            return False
        self.revision = header.get("revision")
        count = 0
        for line in rest.rstrip()[:-2].split("\n"):
            line = line.rstrip().rstrip(",")
            if not line:
                continue
            count += 1
            names = {canonicalize_name(m) for m in _NAMES.findall(line, 0, line.find('"category"'))}
            for name in names:
                self._raw.setdefault(name, []).append(line)
        self.rule_count = count
        return True

    def _index_document(self, text: str) -> None:
        try:
            doc = json.loads(text)
            raw = doc["rules"]
            if doc.get("format") != SCORE_FILE_FORMAT or not isinstance(raw, list):
                raise ValueError("not a stackwise score file")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ScoreFileError(f"{self.origin}: the shipped learned knowledge is unreadable ({exc}); "
                                 "reinstall stackwise or run with --no-default-scores.") from None
        self.revision = doc.get("revision")
        self.rule_count = len(raw)
        for rule in raw:
            try:
                names = {canonicalize_name(rule["package"])}
                if isinstance(rule.get("with"), dict):
                    names.add(canonicalize_name(rule["with"]["package"]))
            except (KeyError, TypeError, AttributeError):
                continue  # the strict parser reports it when that package is asked about
            for name in names:
                self._raw.setdefault(name, []).append(rule)

    def prefetch(self, names: Iterable[str]) -> None:
        """Build the rules of ``names``; a pair rule is built once, though indexed under both
        of its names (most of this layer is pair rules)."""
        todo = self._unknown(names)
        fresh: dict[int | str, Any] = {}
        for name in todo:
            for raw in self._raw.get(name, ()):
                key = _key(raw)
                if key not in self._built:
                    fresh.setdefault(key, raw)
        if fresh:
            what = todo[0] if len(todo) == 1 else f"{len(todo)} packages"
            kb = _parse([_decoded(r, self.origin) for r in fresh.values()], f"{self.origin} (rules about {what})")
            self._built.update(zip(fresh, kb.rules, strict=True))
        for name in todo:
            self._loaded[name] = tuple(self._built[_key(raw)] for raw in self._raw.get(name, ()))

    def packages(self) -> frozenset[str]:
        return frozenset(self._raw)

    def load_all(self) -> KnowledgeBase:
        """Every rule as one knowledge base (``kb stats``, tests)."""
        seen: dict[str, dict[str, Any]] = {}
        for rules in self._raw.values():
            for raw in rules:
                rule = _decoded(raw, self.origin)
                seen.setdefault(str(rule.get("id")), rule)
        kb = _parse(list(seen.values()), self.origin)
        return KnowledgeBase(kb.rules, revision=self.revision)

    def __len__(self) -> int:
        return self.rule_count or 0


#: A rule's own names: ``"package":"x"`` and ``"with":{"package":"y"``, searched only before its
#: ``"category"`` key (score-file order), so evidence text can never add a name.
_NAMES = re.compile(r'"package":"([^"\\]+)"')


def render_layer(kb: KnowledgeBase) -> str:
    """A score file in the layout :class:`LearnedLayer` indexes without decoding the rules: a
    header line, then one compact rule object per line (``kb build`` writes it; still JSON)."""
    document = kb.to_document()
    rules = document.pop("rules")
    header = json.dumps(document, separators=(",", ":"), ensure_ascii=False)[:-1] + ',"rules":['
    lines = [json.dumps(rule, separators=(",", ":"), ensure_ascii=False) for rule in rules]
    return header + "\n" + ",\n".join(lines) + "\n]}\n"


def _key(raw: Any) -> int | str:
    """A rule's identity in the index: its line (shipped layout) or its decoded object."""
    return raw if isinstance(raw, str) else id(raw)


def _decoded(raw: Any, origin: str) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        rule = json.loads(raw)
    except ValueError as exc:
        raise ScoreFileError(f"{origin}: a rule line is not JSON ({exc}); reinstall stackwise or run with "
                             "--no-default-scores.") from None
    if not isinstance(rule, dict):
        raise ScoreFileError(f"{origin}: a rule line is not a JSON object; reinstall stackwise.")
    return rule


def _parse(rules: list[dict[str, Any]], origin: str) -> KnowledgeBase:
    from stackwise.knowledge.scorefile import parse_document

    return parse_document({"format": SCORE_FILE_FORMAT, "version": SCORE_FILE_VERSION, "rules": rules}, origin)


def shipped_sources() -> list[KnowledgeBase | LearnedLayer]:
    """The layers a resolution uses by default: learned (lazy) first, curated last, so a curated
    rule with the same id wins."""
    from stackwise.knowledge.curated import load_curated

    layers: list[KnowledgeBase | LearnedLayer] = []
    if os.path.exists(SHIPPED_LEARNED):
        layers.append(LearnedLayer())
    layers.append(load_curated(SHIPPED_CURATED))
    return layers


def shipped_layers() -> dict[str, KnowledgeBase]:
    """The shipped layers by name, fully loaded (``kb stats``, the crawl's context)."""
    from stackwise.knowledge.curated import load_curated

    layers: dict[str, KnowledgeBase] = {}
    if os.path.exists(SHIPPED_LEARNED):
        layers["learned"] = LearnedLayer().load_all()
    layers["curated"] = load_curated(SHIPPED_CURATED)
    return layers


def shipped_knowledge() -> KnowledgeBase:
    """All shipped knowledge merged into one knowledge base."""
    return KnowledgeBase.merge(*shipped_layers().values())
