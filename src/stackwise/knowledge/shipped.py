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
            with open(path, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise ScoreFileError(f"{path}: the shipped learned knowledge is unreadable ({exc}); "
                                 "reinstall stackwise or run with --no-default-scores.") from None
        self._data = data
        self._raw: dict[str, list[Any]] = {}
        self._built: dict[int | str, Rule] = {}  # by _key(raw): each rule built once
        self._positive: frozenset[str] | None = None
        if self._use_index(path, data):
            return
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScoreFileError(f"{path}: the shipped learned knowledge is unreadable ({exc}); "
                                 "reinstall stackwise or run with --no-default-scores.") from None
        if not self._index_lines(text):
            self._index_document(text)

    def _use_index(self, path: str, data: bytes) -> bool:
        """Take the name index ``kb build`` wrote beside the file (:func:`render_index`), when it
        is the index of exactly these bytes; its spans are checked again when a rule is read."""
        try:
            with open(index_path(path), "rb") as f:
                index = json.loads(f.read())
            if (index.get("format") != INDEX_FORMAT or index.get("size") != len(data)
                    or index.get("header") != data[: data.index(b"\n")].decode("utf-8")):
                return False
            header = json.loads(index["header"][: -len(',"rules":[')] + "}")
            names = index["names"]
            if header.get("format") != SCORE_FILE_FORMAT or not isinstance(names, dict):
                return False
            raw = {name: [(int(a), int(b), str(other)) for a, b, other in spans] for name, spans in names.items()}
            positive = frozenset(index["positive"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return False
        self._raw = raw
        self._positive = positive
        self.revision = header.get("revision")
        self.rule_count = index.get("rules")
        return isinstance(self.rule_count, int)

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
        of its names (most of this layer is pair rules).

        Read through the index, a pair rule that cannot raise a score (a penalty or a veto)
        is built only once *both* of its packages have been asked about, and is then given
        to the one asked second. A stack is only ever scored after every package in it has
        been asked about, so such a rule still meets every stack holding both packages; of
        the ~270 pair rules a 140-package lock touches, ~50 are about two of its packages.
        A rule that can raise a score is given to both sides at once: the search's proof
        follows those to packages it has not explored (resolve/search.py)."""
        todo = self._unknown(names)
        batch = set(todo)
        positive = self._positive or frozenset()
        fresh: dict[int | str, tuple[Any, str]] = {}
        wanted: dict[str, list[Any]] = {}
        for name in todo:
            keep = wanted[name] = []
            for raw in self._raw.get(name, ()):
                if (isinstance(raw, tuple) and raw[2] and name not in positive
                        and raw[2] not in self._loaded and raw[2] not in batch):
                    continue  # its other package has not been asked about (yet)
                keep.append(raw)
                key = _key(raw)
                if key not in self._built:
                    fresh.setdefault(key, (raw, name))
        self._build(fresh, todo)
        for name in todo:
            self._loaded[name] = tuple(self._built[_key(raw)] for raw in wanted[name])

    def _build(self, fresh: dict[int | str, tuple[Any, str]], todo: list[str]) -> None:
        if not fresh:
            return
        decoded = [self._decode(raw, name) for raw, name in fresh.values()]
        rules = _trusted(decoded)
        if rules is None:  # anything unusual: the strict parser decides, and says what is wrong
            what = todo[0] if len(todo) == 1 else f"{len(todo)} packages"
            rules = _parse(decoded, f"{self.origin} (rules about {what})").rules
        self._built.update(zip(fresh, rules, strict=True))

    def mentioning(self, name: str) -> tuple[Rule, ...]:
        """Every rule that names ``name``, deferred pair rules included (``stackwise explain``
        lists them; a resolution uses :meth:`for_package`)."""
        key = canonicalize_name(name)
        raws = self._raw.get(key, ())
        self._build({_key(raw): (raw, key) for raw in raws if _key(raw) not in self._built}, [key])
        return tuple(self._built[_key(raw)] for raw in raws)

    def _decode(self, raw: Any, name: str | None = None) -> dict[str, Any]:
        """One rule object: decoded already, a line, or a span of the file's bytes (from the
        index), which must be a rule about ``name`` -- else the index is not this file's."""
        if not isinstance(raw, tuple):
            return _decoded(raw, self.origin)
        rule = _decoded(self._data[raw[0]:raw[1]], self.origin)
        if name is not None and name not in _rule_names(rule):
            raise ScoreFileError(f"{index_path(self.origin)} does not index {self.origin} (a span of "
                                 f"{name!r} holds another rule); reinstall stackwise or run with "
                                 "--no-default-scores.")
        return rule

    def packages(self) -> frozenset[str]:
        return frozenset(self._raw)

    def positive_packages(self) -> frozenset[str]:
        """The packages some rule with a positive (or unreadable) score mentions: the search's
        proof must look for them beyond the packages it explored (resolve/search.py); the
        index lists them, other layouts are read once for it."""
        if self._positive is None:
            self._positive = frozenset(name for name, items in self._raw.items()
                                       if any(_maybe_positive(self._text(raw)) for raw in items))
        return self._positive

    def _text(self, raw: Any) -> Any:
        return self._data[raw[0]:raw[1]] if isinstance(raw, tuple) else raw

    def for_stack(self, names: Iterable[str]) -> tuple[Rule, ...]:
        """Every rule about packages in ``names`` only (tests: the deferred pair rules meet a
        stack whatever order its packages were asked in)."""
        names = set(names)
        self.prefetch(names)
        return tuple({r.id: r for n in names for r in self._loaded.get(n, ())
                      if set(r.names()) <= names}.values())

    def load_all(self) -> KnowledgeBase:
        """Every rule as one knowledge base (``kb stats``, tests)."""
        seen: dict[str, dict[str, Any]] = {}
        for rules in self._raw.values():
            for raw in rules:
                rule = self._decode(raw)
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


#: The name index written beside a layer (``learned.json`` -> ``learned.index.json``).
INDEX_FORMAT = "stackwise-layer-index"


def index_path(path: str | os.PathLike[str]) -> str:
    """Where the name index of the layer at ``path`` lives."""
    text = os.fspath(path)
    return (text[:-5] if text.endswith(".json") else text) + ".index.json"


def render_index(text: str) -> str:
    """The name index of a layer in :func:`render_layer`'s layout: for every package a rule
    mentions, the byte spans of its rule lines. With it a run reads only the rules of the
    packages it asks about, without scanning the whole file first (the lookup cost of issue
    #14); the file's size and header line tie the index to its exact bytes."""
    data = text.encode("utf-8")
    head_end = data.index(b"\n")
    names: dict[str, list[list[int]]] = {}
    positive: set[str] = set()
    pos = head_end + 1
    count = 0
    for line in data[pos:].split(b"\n"):
        start, end = pos, pos + len(line.rstrip(b","))
        pos += len(line) + 1
        if not line.startswith(b"{"):
            continue
        count += 1
        rule = json.loads(data[start:end])
        both = _rule_names(rule)
        for name in sorted(both):
            other = "".join(both - {name})  # "" for a rule about one package
            names.setdefault(name, []).append([start, end, other])
            if _maybe_positive(rule):
                positive.add(name)
    index = {"format": INDEX_FORMAT, "version": 1, "size": len(data), "rules": count,
             "header": data[:head_end].decode("utf-8"), "positive": sorted(positive),
             "names": dict(sorted(names.items()))}
    return json.dumps(index, separators=(",", ":"), ensure_ascii=False) + "\n"


_TRUSTED_KEYS = frozenset({"id", "package", "specifier", "with", "score", "veto", "category", "message",
                           "link", "source", "condition", "evidence"})
_CANONICAL = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _trusted(decoded: list[dict[str, Any]]) -> list[Rule] | None:
    """Rules built straight from objects in the form ``kb build`` writes (canonical names, no
    extra keys, clean one-line texts, http(s) links, evidence within its size) -- the strict
    parser's result for such input at a fraction of its cost, which is most of what the
    learned layer adds to a lock. ``None`` as soon as anything differs: then the strict parser
    reads the batch (and reports what is wrong). The shipped file is compared rule for rule
    with the strict parser's reading by the test suite."""
    from stackwise._text import one_line
    from stackwise.knowledge.rules import CATEGORIES, PackageMatch
    from stackwise.knowledge.scorefile import (
        MAX_EVIDENCE_BYTES,
        _condition,
        _Errors,
        _url_ok,
        specifier_set,
    )

    rules: list[Rule] = []
    ids: set[str] = set()
    try:
        for obj in decoded:
            if not obj.keys() <= _TRUSTED_KEYS:
                return None
            matches = []
            for part in (obj, obj.get("with")):
                if part is None:
                    continue
                if part is not obj and not part.keys() <= {"package", "specifier"}:
                    return None
                name, spec = part["package"], part.get("specifier", "")
                if not (isinstance(name, str) and _CANONICAL.fullmatch(name) and isinstance(spec, str)):
                    return None
                matches.append(PackageMatch(name, specifier_set(spec)))  # type: ignore[arg-type]
            rid, veto, score, category = obj["id"], obj.get("veto", False), obj.get("score"), obj["category"]
            texts = [obj["message"], obj["link"], obj["source"]]
            if (not isinstance(rid, str) or not rid.strip() or rid in ids or category not in CATEGORIES
                    or type(veto) is not bool or (score is None and veto is not True)
                    or len(matches) == 2 and matches[0].name == matches[1].name):
                return None
            score = -1.0 if score is None else score
            if type(score) not in (int, float) or not -1 <= score <= 1:
                return None
            if not all(isinstance(t, str) and t.strip() == t and t and one_line(t) == t for t in texts):
                return None
            if not _url_ok(texts[1], ("http", "https")):
                return None
            evidence = obj.get("evidence")
            if evidence is not None and not (isinstance(evidence, dict) and isinstance(evidence.get("kind"), str)
                                             and evidence["kind"].strip()
                                             and len(json.dumps(evidence, allow_nan=False)) <= MAX_EVIDENCE_BYTES):
                return None
            condition = None
            if "condition" in obj:
                errors = _Errors("")
                condition = _condition(obj["condition"], "", errors)
                if errors.items:
                    return None
            ids.add(rid)
            rules.append(Rule(id=rid, package=matches[0], other=matches[1] if len(matches) == 2 else None,
                              score=float(score), veto=veto, category=category, message=texts[0], link=texts[1],
                              source=texts[2], condition=condition, evidence=evidence))
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
    return rules


def _key(raw: Any) -> int | str:
    """A rule's identity in the index: its line (line layout), its offset (indexed layout) or
    its decoded object."""
    if isinstance(raw, str):
        return raw
    return raw[0] if isinstance(raw, tuple) else id(raw)


_SCORE = re.compile(rb'"score"\s*:\s*(-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)')


def _maybe_positive(item: Any) -> bool:
    """Whether a rule not yet built (a JSON line or span, or an object) could add a positive
    score; anything that cannot be read counts as yes."""
    if isinstance(item, str | bytes):
        data = item.encode() if isinstance(item, str) else item
        found = _SCORE.findall(data)
        if len(found) == 1 and float(found[0]) <= 0:
            return False  # the one score in the line is not positive (the usual, cheap case)
        try:
            item = json.loads(data)
        except (ValueError, RecursionError):
            return True
    score = item.get("score", 0) if isinstance(item, dict) else None
    return not isinstance(score, int | float) or isinstance(score, bool) or score > 0


def _rule_names(rule: dict[str, Any]) -> set[str]:
    names = set()
    for obj in (rule, rule.get("with")):
        if isinstance(obj, dict) and isinstance(obj.get("package"), str):
            names.add(canonicalize_name(obj["package"]))
    return names


def _decoded(raw: Any, origin: str) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        rule = json.loads(raw)
    except (ValueError, RecursionError) as exc:
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
    from stackwise.knowledge.curated import load_shipped_curated

    layers: list[KnowledgeBase | LearnedLayer] = []
    if os.path.exists(SHIPPED_LEARNED):
        layers.append(LearnedLayer())
    layers.append(load_shipped_curated(SHIPPED_CURATED))
    return layers


def shipped_layers() -> dict[str, KnowledgeBase]:
    """The shipped layers by name, fully loaded (``kb stats``, the crawl's context)."""
    from stackwise.knowledge.curated import load_shipped_curated

    layers: dict[str, KnowledgeBase] = {}
    if os.path.exists(SHIPPED_LEARNED):
        layers["learned"] = LearnedLayer().load_all()
    layers["curated"] = load_shipped_curated(SHIPPED_CURATED)
    return layers


def shipped_knowledge() -> KnowledgeBase:
    """All shipped knowledge merged into one knowledge base."""
    return KnowledgeBase.merge(*shipped_layers().values())
