"""Static compatibility scan: names a consumer imports that a later provider release removed.

Many "this combination breaks at import time" facts can be read off the wheels alone:
flask 2.2 does ``from werkzeug.urls import url_quote`` at module level, werkzeug 3.0 no
longer defines ``url_quote``, and flask 2.2's own metadata still allows werkzeug 3.0. This
module finds such pairs without installing or executing anything: wheels are opened as
zip files and their sources parsed with :mod:`ast`.

Only evidence that is hard to get wrong becomes a finding, because a false finding would
steer users away from good stacks:

- the consumer's import is *unguarded* (direct module body: not in ``try``, ``if``, ``with``,
  a function or a class), so it runs whenever the consumer is imported;
- the imported name or module *statically exists* in an earlier provider release and is
  statically *missing* in a later one (a module with a PEP 562 ``__getattr__``, star
  imports from elsewhere, ``globals()`` tricks or extension modules count as "may exist");
- the consumer release's own Requires-Dist on the provider allows a release where it is
  missing (otherwise pip would never combine them).

Findings become *candidate* pair rules with a negative score, never vetoes: the inspection
machinery (or a person) upgrades confirmed ones. Everything learnt from a wheel is cached
by the file's sha256, so a second scan reads no wheel again.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import queue
import re
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import (
    InvalidWheelFilename,
    NormalizedName,
    canonicalize_name,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise._text import decimal_header
from stackwise.errors import IndexFetchError, MetadataError, StackwiseError
from stackwise.knowledge.rules import KnowledgeBase, PackageMatch, Rule

if TYPE_CHECKING:
    import requests

    from stackwise.index.client import IndexClient
    from stackwise.index.models import DistFile, Release

__all__ = [
    "CHECKS",
    "DEFAULT_MAX_RELEASES",
    "DEFAULT_MAX_WHEEL_BYTES",
    "DEFAULT_SINCE_YEARS",
    "Finding",
    "ImportRef",
    "ScanReport",
    "iter_findings_text",
    "missing_spans",
    "module_imports",
    "presence",
    "scan_packages",
    "stale_findings",
    "symbol_table",
]

#: Bump whenever what is extracted from a wheel changes: cached facts of older analyzers
#: are then recomputed instead of being trusted. 2: extension modules' NumPy C-API build.
#: 3: vendored modules the package never imports are not read for imports.
ANALYZER_VERSION = 3
DEFAULT_SINCE_YEARS = 4.0
DEFAULT_MAX_RELEASES = 40
#: Wheels above this size are not downloaded (a scan of a GPU library must not fetch
#: gigabytes); the download's Content-Length is checked before its body is read.
DEFAULT_MAX_WHEEL_BYTES = 100 * 1024 * 1024
SCAN_SCORE = -0.8
SOURCE = "static-scan"
CACHE_DB = "scan-v1.sqlite3"
#: A source file larger than this is generated data, not code anyone imports names from;
#: its names count as unknown instead of costing seconds of parsing.
_MAX_SOURCE_BYTES = 2 * 1024 * 1024
#: Downloads run on a few threads (they wait on the network). Parsing holds the GIL
#: (``ast.parse`` is most of the work; threads parsing side by side are slower than one), so
#: it runs in 2 worker processes once a batch is large enough to repay starting them, else
#: one file at a time. Modest on purpose: a scan shares the machine.
_WORKERS = 4
_PROCESSES = 2
_PROCESS_MIN_BATCH = 8
#: What a worker process runs: plain ``python -c`` (not multiprocessing, whose "spawn" would
#: re-import the caller's ``__main__`` script in every child). The first line on its stdin
#: is the parent's ``sys.path``, so it imports the same stackwise.
_WORKER_CODE = (
    "import json, sys; sys.path[:0] = json.loads(sys.stdin.readline()); "
    "from stackwise.inspect.scan import _worker_main; _worker_main()"
)
_MAX_WARNINGS = 200
# NumPy's C API, as compiled into an extension module by numpy's own ``import_array()``
# (``__multiarray_api.h``): the module imports numpy's core under this name and checks its ABI
# version with this message. Headers of NumPy 1.x import only ``numpy.core...`` (before 1.16
# ``numpy.core.multiarray``); headers of NumPy 2.x try ``numpy._core...`` first. NumPy 2.0
# changed the ABI, so a module built with 1.x headers fails to import under numpy >= 2
# ("module compiled against ABI version 0x1000009 but this version of numpy is 0x2000000"),
# while a module built with 2.x headers also runs on 1.x. The ABI-check message tells numpy's
# own ``import_array`` apart from pybind11's numpy support, which names ``numpy.core.multiarray``
# too but does not check the ABI version.
_NUMPY_ABI_CHECK = b"module compiled against ABI version"
_NUMPY1_IMPORTS = (b"numpy.core._multiarray_umath\0", b"numpy.core.multiarray\0")
_NUMPY2_IMPORT = b"numpy._core._multiarray_umath\0"
#: An extension module larger than this is not searched (read in memory whole).
_MAX_EXTENSION_BYTES = 256 * 1024 * 1024
NUMPY = "numpy"
#: What a scan can look for (``scan_packages(checks=...)``, ``kb scan --only``).
CHECKS = ("imports", "numpy-abi")
#: The rule's provider side: every numpy release with the 2.x ABI (its first pre-release on).
NUMPY2_SPECIFIER = ">=2.0.0b1"
NUMPY_ABI_LINK = "https://numpy.org/doc/stable/dev/depending_on_numpy.html"
_TEST_DIRS = frozenset({"tests", "test"})
#: Folders of third-party code copied into a package. Unlike the package's own modules (which a
#: user may import one by one), a vendored module runs only if the package itself imports it, so an
#: optional part of the copy (say urllib3's ``contrib/pyopenssl.py``) says nothing about the package.
_VENDOR_DIRS = frozenset({"vendor", "_vendor", "vendored", "_vendored"})

YES, MAYBE, NO = "yes", "maybe", "no"
#: ``try`` and, on Python 3.11+, ``try``/``except*``: both bind names in every branch.
_TRY_TYPES: tuple[type[ast.stmt], ...] = (ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))


# -- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRef:
    """One unguarded module-level import: ``module`` (absolute) and the ``name`` taken from it.

    ``name`` is None for ``import a.b`` (only the module must exist) and ``from a import *``.
    """

    module: str
    name: str | None
    file: str
    line: int

    @property
    def target(self) -> str:
        """``module.name`` or ``module``: what must exist for the import to succeed."""
        return f"{self.module}.{self.name}" if self.name else self.module

    def to_json(self) -> dict[str, Any]:
        return {"module": self.module, "name": self.name, "file": self.file, "line": self.line}


@dataclass
class WheelFacts:
    """Everything the scan needs from one wheel; JSON-able so it is cached by sha256."""

    name: str
    version: str
    requires_dist: list[str]
    top_level: list[str]
    #: module -> {"names": sorted list, "dynamic": bool, "package": bool}
    modules: dict[str, dict[str, Any]]
    imports: list[ImportRef]
    unparsable: list[str] = field(default_factory=list)
    #: Extension modules (wheel paths) built with NumPy 1.x headers / with 2.x headers; read
    #: only when the metadata names numpy (see ``_numpy_c_api``).
    numpy1: list[str] = field(default_factory=list)
    numpy2: list[str] = field(default_factory=list)
    #: False: Python sources were not parsed (a NumPy-ABI-only scan), so ``modules`` has no
    #: names and ``imports`` is empty; an import scan never uses such facts.
    sources: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "version": self.version, "requires_dist": self.requires_dist,
            "top_level": self.top_level, "modules": self.modules,
            "imports": [[r.module, r.name, r.file, r.line] for r in self.imports],
            "unparsable": self.unparsable, "numpy1": self.numpy1, "numpy2": self.numpy2, "sources": self.sources,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WheelFacts:
        return cls(
            name=str(data["name"]), version=str(data["version"]),
            requires_dist=[str(r) for r in data["requires_dist"]],
            top_level=[str(t) for t in data["top_level"]], modules=dict(data["modules"]),
            imports=[ImportRef(m, n, f, int(ln)) for m, n, f, ln in data["imports"]],
            unparsable=[str(u) for u in data.get("unparsable", [])],
            numpy1=[str(u) for u in data.get("numpy1", [])], numpy2=[str(u) for u in data.get("numpy2", [])],
            sources=bool(data.get("sources", True)),
        )


@dataclass
class Finding:
    """A name (or module) consumer releases import unguarded that provider releases lack."""

    consumer: str
    consumer_versions: list[str]  # ascending, consecutive scanned releases with this finding
    provider: str
    module: str
    name: str | None
    file: str  # in the newest of consumer_versions
    line: int
    removed_in: str  # first provider release (scanned) where it is missing
    last_present: str  # newest provider release before that which has it
    restored_in: str | None  # first later provider release that has (or may have) it again
    #: True when ``restored_in`` only *may* have it (a dynamic module): the range ends there
    #: because a static scan cannot judge that release, not because the name is back.
    restored_dynamic: bool = False
    consumer_specifier: str = ""
    provider_specifier: str = ""
    #: "import" (a removed name) or "numpy-abi" (extension modules built against NumPy 1.x;
    #: ``module``/``file`` is the newest release's first such module, ``extensions`` their count)
    kind: str = "import"
    extensions: int = 0

    @property
    def target(self) -> str:
        if self.kind == "numpy-abi":
            return "numpy-c-api"
        return f"{self.module}.{self.name}" if self.name else self.module

    def to_json(self) -> dict[str, Any]:
        return {
            "consumer": self.consumer, "consumer_versions": self.consumer_versions,
            "consumer_specifier": self.consumer_specifier, "provider": self.provider,
            "provider_specifier": self.provider_specifier, "module": self.module, "name": self.name,
            "file": self.file, "line": self.line, "removed_in": self.removed_in,
            "last_present": self.last_present, "restored_in": self.restored_in,
            "restored_dynamic": self.restored_dynamic, "kind": self.kind,
            **({"extensions": self.extensions} if self.kind == "numpy-abi" else {}),
        }


@dataclass
class ScanReport:
    """What a scan found (findings, candidate rules) and what it read or had to skip."""

    rules: list[Rule] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    warnings: list[str] = field(default_factory=list)  # the first _MAX_WARNINGS messages
    warning_count: int = 0
    seconds: float = 0.0

    def knowledge_base(self) -> KnowledgeBase:
        """The candidate rules as a knowledge base (what ``kb scan`` writes as a score file)."""
        return KnowledgeBase(self.rules)

    def to_json(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 3),
            "counters": dict(self.counters),
            "skipped": dict(sorted(self.skipped.items())),
            "warning_count": self.warning_count,
            "warnings": list(self.warnings),
            "findings": [f.to_json() for f in self.findings],
            "rules": [r.to_json() for r in self.rules],
        }

    def summary(self) -> str:
        """One line for the CLI."""
        c = self.counters
        skipped = sum(self.skipped.values())
        return (
            f"scanned {c.get('consumer_releases', 0)} consumer and {c.get('provider_releases', 0)} provider "
            f"release(s) ({c.get('pairs_scanned', 0)} pair(s); {c.get('wheels_read', 0)} wheel(s) read, "
            f"{c.get('wheels_downloaded', 0)} downloaded, {c.get('cache_hits', 0)} from the cache) in "
            f"{self.seconds:.1f} s: {len(self.findings)} finding(s), {len(self.rules)} candidate rule(s)"
            + (f", {skipped} item(s) skipped" if skipped else "")
            + "."
        )


class _Skip(Exception):
    """One wheel or release cannot be used: counted under ``reason``, ``detail`` is the warning."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# -- reading one wheel --------------------------------------------------------------------


def _module_of(path: str) -> tuple[str, bool, bool] | None:
    """(module, is package, is Python source) of a wheel entry; None if it is not importable code."""
    parts = path.split("/")
    if parts[0].endswith(".data"):
        if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
            return None
        parts = parts[2:]
    elif parts[0].endswith(".dist-info"):
        return None
    filename = parts[-1]
    if filename.endswith(".py"):
        stem, source = filename[:-3], True
    elif filename.endswith((".so", ".pyd")):
        stem, source = filename.split(".", 1)[0], False
    else:
        return None
    dirs = parts[:-1]
    if not stem.isidentifier() or not all(d.isidentifier() for d in dirs):
        return None
    if stem == "__init__":
        return (".".join(dirs), True, source) if dirs else None
    return ".".join([*dirs, stem]), False, source


def _parse(data: bytes, filename: str) -> ast.Module | None:
    """The module's AST, or None when it is not Python 3 (old Python 2 code) or not parsable."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings of other people's sources are noise here
        try:
            return ast.parse(data, filename=filename)
        except SyntaxError:
            pass
        except (ValueError, RecursionError, MemoryError):
            return None
        try:  # Python <= 3.6 code may use async/await as names
            return ast.parse(data, filename=filename, feature_version=(3, 6))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _strings(node: ast.AST | None) -> list[str]:
    """String entries of a literal list/tuple/set (or a sum of them), as in ``__all__``."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _strings(node.left) + _strings(node.right)
    return []


def _bind(target: ast.AST, out: set[str]) -> None:
    if isinstance(target, ast.Name):
        out.add(target.id)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for elt in target.elts:
            _bind(elt, out)
    elif isinstance(target, ast.Starred):
        _bind(target.value, out)


def _makes_dynamic(stmt: ast.stmt) -> bool:
    """Module-level code that adds names no static reading can see: ``globals()``,
    ``sys.modules[...] = ...``, ``setattr(sys.modules[...], ...)``, ``exec``."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            fn = node.func.id
            if fn in ("globals", "locals", "exec") or (fn == "vars" and not node.args):
                return True
            first = node.args[0] if node.args else None
            if fn == "setattr" and isinstance(first, ast.Subscript) and _dotted(first.value) == "sys.modules":
                return True
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and _dotted(node.value) == "sys.modules":
            return True
    return False


class _ModuleSymbols:
    """Names one module binds at import time, as far as a static reading can tell."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.all: set[str] = set()
        self.has_all = False
        self.stars: list[tuple[int, str]] = []  # (level, module) of ``from X import *``
        self.dynamic = False

    def collect(self, body: list[ast.stmt], *, direct: bool) -> None:
        """Bindings of ``body``; compound statements count with every branch, functions are opaque."""
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.names.add(stmt.name)
            elif isinstance(stmt, ast.Import):
                for a in stmt.names:
                    self.names.add(a.asname or a.name.split(".", 1)[0])
            elif isinstance(stmt, ast.ImportFrom):
                for a in stmt.names:
                    if a.name == "*":
                        self.stars.append((stmt.level, stmt.module or ""))
                    else:
                        self.names.add(a.asname or a.name)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                self._assign(stmt)
            elif isinstance(stmt, ast.Expr):
                call = stmt.value
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and _dotted(call.func.value) == "__all__" and call.func.attr in ("extend", "append")):
                    self.has_all = True
                    for arg in call.args:
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                            self.all.add(arg.value)
                        else:
                            self.all.update(_strings(arg))
                self.dynamic |= _makes_dynamic(stmt)
            elif isinstance(stmt, ast.Delete):
                if direct:  # an unconditional ``del`` at the top removes the name for good
                    for t in stmt.targets:
                        if isinstance(t, ast.Name):
                            self.names.discard(t.id)
            elif isinstance(stmt, ast.If):
                self.collect(stmt.body, direct=False)
                self.collect(stmt.orelse, direct=False)
            elif isinstance(stmt, (ast.For, ast.AsyncFor)):
                _bind(stmt.target, self.names)
                self.collect(stmt.body, direct=False)
                self.collect(stmt.orelse, direct=False)
            elif isinstance(stmt, ast.While):
                self.collect(stmt.body, direct=False)
                self.collect(stmt.orelse, direct=False)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                for item in stmt.items:
                    if item.optional_vars is not None:
                        _bind(item.optional_vars, self.names)
                self.collect(stmt.body, direct=False)
            elif isinstance(stmt, _TRY_TYPES):
                self.collect(stmt.body, direct=False)
                for handler in stmt.handlers:
                    self.collect(handler.body, direct=False)
                self.collect(stmt.orelse, direct=False)
                self.collect(stmt.finalbody, direct=False)
            elif isinstance(stmt, ast.Match):
                for case in stmt.cases:
                    self.collect(case.body, direct=False)
        if "__getattr__" in self.names:  # PEP 562: any attribute may exist
            self.dynamic = True

    def _assign(self, stmt: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign):
            targets = [stmt.target] if stmt.value is not None else []  # ``x: int`` binds nothing
        else:
            targets = [stmt.target]
        for t in targets:
            _bind(t, self.names)
            if isinstance(t, ast.Name) and t.id == "__all__":
                self.has_all = True
                self.all.update(_strings(stmt.value))
        self.dynamic |= _makes_dynamic(stmt)


def _consumer_imports(tree: ast.Module, file: str) -> list[ImportRef]:
    """Absolute imports in the direct module body: the ones that run on every import."""
    refs: list[ImportRef] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            refs.extend(ImportRef(a.name, None, file, stmt.lineno) for a in stmt.names)
        elif isinstance(stmt, ast.ImportFrom) and stmt.level == 0 and stmt.module:
            refs.extend(
                ImportRef(stmt.module, None if a.name == "*" else a.name, file, stmt.lineno) for a in stmt.names
            )
    return refs


#: A quoted dotted name in a module's source (a string a computed import may be built from).
_QUOTED_NAME = re.compile(rb"""['"]([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)['"]""")


def _own_references(tree: ast.Module, module: str, package: bool, source: bytes) -> tuple[set[str], set[str]]:
    """Absolute names of every import statement in the module (functions too, guarded or not),
    and, when it may import by a computed name (its source spells ``__import__`` or
    ``import_module``), the quoted dotted names in its source: from those it may build any module
    name (pip's ``vendored("six")``). Only statements are visited; expressions never hold an import."""
    refs: set[str] = set()
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import):
            refs.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _star_target(module, package, node.level, node.module or "")
            if base:
                refs.add(base)
                refs.update(f"{base}.{a.name}" for a in node.names if a.name != "*")
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                todo.extend(getattr(node, field, ()))
    computes = b"__import__" in source or b"import_module" in source
    strings = {m.decode() for m in _QUOTED_NAME.findall(source)} if computes else set()
    return refs, strings


def _is_vendored(module: str) -> bool:
    return bool(_VENDOR_DIRS.intersection(module.split(".")[1:]))


def _unreached_vendored(modules: set[str], refs: dict[str, set[str]], computed: dict[str, set[str]],
                        entry_modules: set[str], unread: set[str]) -> set[str]:
    """Vendored modules no import of the package's own modules (or entry points) leads to.

    Every module outside a vendor folder counts as used; importing ``a.b.c`` runs ``a`` and
    ``a.b`` too. A used module that imports by computed names reaches, whole, every package a
    string of it names (absolutely or under one of its parent packages: setuptools' ``extern``
    builds ``pkg_resources._vendor`` from ``"_vendor"``). A used module whose source could not be
    parsed may import anything: then nothing is left out. (Extension modules are assumed not to
    import vendored Python code.)
    """
    vendored = {m for m in modules if _is_vendored(m)}
    if not vendored:
        return set()
    reached: set[str] = set()
    todo = [m for m in modules if m not in vendored] + [m for m in entry_modules if m in modules]
    while todo:
        mod = todo.pop()
        if mod in reached:
            continue
        if mod in unread:
            return set()
        reached.add(mod)
        parts = mod.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        for ref in refs.get(mod, ()):
            while ref and ref not in modules:  # ``from a.b import f``: the module is a.b
                ref = ref.rpartition(".")[0]
            if ref:
                todo.append(ref)
        for text in computed.get(mod, ()):
            for named in {text, *(".".join([*parts[:i], text]) for i in range(1, len(parts) + 1))}:
                if named in modules:
                    todo.extend(m for m in modules if m == named or m.startswith(named + "."))
    return vendored - reached


def _entry_modules(text: str) -> set[str]:
    """Modules named by a wheel's entry_points.txt (``name = module:attr``)."""
    out = set()
    for line in text.splitlines():
        _, eq, value = line.partition("=")
        if eq:
            out.add(value.split(":", 1)[0].split("[", 1)[0].strip())
    return out


def _is_test_file(path: str) -> bool:
    """Test modules shipped inside wheels are not imported by users; their imports say nothing."""
    parts = path.split("/")
    name = parts[-1]
    return bool(_TEST_DIRS.intersection(parts[:-1])) or name == "conftest.py" or name.startswith("test_")


def _star_target(module: str, package: bool, level: int, name: str) -> str | None:
    """Absolute module named by ``from <level dots><name> import *`` inside ``module``."""
    if level == 0:
        return name
    base = module.split(".") if package else module.split(".")[:-1]
    up = level - 1
    if up >= len(base):
        return None  # beyond the top-level package
    base = base[: len(base) - up]
    return ".".join([*base, name] if name else base)


def _resolve(symbols: dict[str, _ModuleSymbols], packages: set[str]) -> dict[str, dict[str, Any]]:
    """Final per-module tables: own names, ``__all__`` and what star imports bring in."""
    exported_cache: dict[str, set[str] | None] = {}

    def exported(mod: str, seen: frozenset[str]) -> set[str] | None:
        """What ``from mod import *`` binds; None when it cannot be known statically."""
        if mod in exported_cache:
            return exported_cache[mod]
        sym = symbols.get(mod)
        if sym is None or (sym.dynamic and not sym.has_all):
            return None  # outside this wheel, an extension module, or names unknown
        if sym.has_all:
            result: set[str] | None = set(sym.all)
        else:
            own = full(mod, seen | {mod})
            result = None if own is None else {n for n in own if not n.startswith("_")}
        exported_cache[mod] = result
        return result

    full_cache: dict[str, set[str] | None] = {}

    def full(mod: str, seen: frozenset[str]) -> set[str] | None:
        if mod in full_cache:
            return full_cache[mod]
        sym = symbols[mod]
        names: set[str] | None = set(sym.names) | sym.all
        for level, name in sym.stars:
            target = _star_target(mod, mod in packages, level, name)
            if target is None or target in seen:
                continue  # a cycle adds nothing new
            got = exported(target, seen)
            if got is None:
                names = None
                break
            names |= got  # type: ignore[operator]
        full_cache[mod] = names
        return names

    out: dict[str, dict[str, Any]] = {}
    for mod, sym in symbols.items():
        names = full(mod, frozenset({mod}))
        out[mod] = {
            "names": sorted(names if names is not None else set(sym.names) | sym.all),
            "dynamic": sym.dynamic or names is None,
            "package": mod in packages,
        }
    return out


def _analyze(fileobj: IO[bytes], label: str, sources: bool = True) -> WheelFacts:
    """Read a wheel: metadata, import names, a symbol table per module, unguarded imports
    (``sources=False``: Python sources are not parsed, for a NumPy-ABI-only scan)."""
    from stackwise.index.metadata import parse_metadata

    try:
        zf = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise _Skip("not a readable wheel (zip)", f"{label} is not a readable zip file ({exc}); skipped.") from None
    with zf:
        infos = zf.infolist()
        meta_names = [i.filename for i in infos if i.filename.count("/") == 1 and i.filename.endswith(".dist-info/METADATA")]
        if not meta_names:
            raise _Skip("not a readable wheel (zip)", f"{label} has no .dist-info/METADATA; skipped.")
        try:
            meta = parse_metadata(zf.read(meta_names[0]), label)
            distinfo = meta_names[0].split("/", 1)[0]
            top_txt = f"{distinfo}/top_level.txt"
            tops = set()
            if top_txt in zf.NameToInfo:
                lines = zf.read(top_txt).decode("utf-8", "replace").splitlines()
                tops = {t.strip().replace("/", ".").split(".", 1)[0] for t in lines}
            symbols: dict[str, _ModuleSymbols] = {}
            packages: set[str] = set()
            imports: dict[str, list[ImportRef]] = {}
            refs: dict[str, set[str]] = {}
            computed: dict[str, set[str]] = {}
            unread: set[str] = set()
            # importable code only, each entry read once
            entries = [(info, found) for info in infos if (found := _module_of(info.filename)) is not None]
            # who imports whom is needed only to find vendored modules nothing reaches
            vendoring = any(_is_vendored(found[0]) for _, found in entries)
            entry_txt = f"{distinfo}/entry_points.txt"
            entry_modules = (_entry_modules(zf.read(entry_txt).decode("utf-8", "replace"))
                             if vendoring and entry_txt in zf.NameToInfo else set())
            unparsable: list[str] = []
            numpy_abi: dict[str, list[str]] = {"1": [], "2": []}
            wants_numpy = _names_numpy(meta.requires_dist)
            for info, (module, is_package, source) in entries:
                parts = module.split(".")
                for i in range(1, len(parts)):  # namespace directories are importable packages too
                    parent = ".".join(parts[:i])
                    packages.add(parent)
                    symbols.setdefault(parent, _ModuleSymbols())
                if is_package:
                    packages.add(module)
                sym = symbols.setdefault(module, _ModuleSymbols())
                if not source:
                    sym.dynamic = True  # an extension module: its names are unknown
                    if wants_numpy and info.file_size <= _MAX_EXTENSION_BYTES:
                        built = _numpy_c_api(zf.read(info))
                        if built is not None:
                            numpy_abi[built].append(info.filename)
                    continue
                if not sources:
                    continue
                data = None if info.file_size > _MAX_SOURCE_BYTES else zf.read(info)
                tree = None if data is None else _parse(data, info.filename)
                if tree is None:
                    sym.dynamic = True
                    unparsable.append(info.filename)
                    unread.add(module)
                    continue
                sym.collect(tree.body, direct=True)
                if vendoring:
                    refs[module], computed[module] = _own_references(tree, module, is_package, data or b"")
                if not _is_test_file(info.filename):
                    imports[module] = _consumer_imports(tree, info.filename)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise _Skip("not a readable wheel (zip)", f"{label} is damaged ({exc}); skipped.") from None
        except MetadataError as exc:
            raise _Skip("unreadable metadata", f"{exc} Skipped.") from None
    tops |= {m.split(".", 1)[0] for m in symbols}
    own = set(symbols)
    unused = _unreached_vendored(own, refs, computed, entry_modules, unread)
    stdlib = getattr(sys, "stdlib_module_names", frozenset())
    kept = [
        r for mod, found_refs in imports.items() if mod not in unused for r in found_refs
        if r.module.split(".", 1)[0] not in stdlib and r.module not in own and r.module.split(".", 1)[0] != "__future__"
    ]
    return WheelFacts(
        name=meta.name, version=meta.version, requires_dist=list(meta.requires_dist),
        top_level=sorted(t for t in tops if t.isidentifier()), modules=_resolve(symbols, packages),
        imports=kept, unparsable=unparsable, numpy1=numpy_abi["1"], numpy2=numpy_abi["2"], sources=sources,
    )


def _names_numpy(requires_dist: Iterable[str]) -> bool:
    """Whether any Requires-Dist line (extras included) is about numpy."""
    for line in requires_dist:
        try:
            if canonicalize_name(Requirement(line).name) == NUMPY:
                return True
        except InvalidRequirement:
            continue
    return False


def _numpy_c_api(data: bytes) -> str | None:
    """``"1"``/``"2"``: the extension module was built with NumPy 1.x/2.x headers (it holds
    numpy's own ``import_array``); None: it does not use numpy's C API that way."""
    if _NUMPY_ABI_CHECK not in data:
        return None
    if _NUMPY2_IMPORT in data:
        return "2"
    if any(marker in data for marker in _NUMPY1_IMPORTS):
        return "1"
    return None


def _analyze_file(path: str, label: str, sources: bool = True) -> list[Any]:
    """One wheel in a worker: ``["ok", facts JSON]``, ``["skip", reason, detail]`` or
    ``["error", message]`` (plain JSON, because it crosses a pipe)."""
    try:
        with open(path, "rb") as fh:
            return ["ok", _analyze(fh, label, sources).to_json()]
    except _Skip as exc:
        return ["skip", exc.reason, exc.detail]
    except OSError as exc:
        return ["error", f"cannot read it ({exc.strerror or exc})"]
    except Exception as exc:  # never let one odd wheel end the worker
        return ["error", f"{type(exc).__name__}: {exc}"]


def _worker_main() -> None:
    """Loop of a parse worker: one JSON ``[path, label]`` line in, one JSON result line out."""
    import warnings

    warnings.simplefilter("ignore")  # SyntaxWarnings of other people's sources are noise here
    for line in sys.stdin:
        path, label, sources = json.loads(line)
        sys.stdout.write(json.dumps(_analyze_file(path, label, sources), separators=(",", ":")) + "\n")
        sys.stdout.flush()


class _Worker:
    """A parse worker process: ``python -c`` speaking JSON lines over its stdin and stdout."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _WORKER_CODE],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8",
        )
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(sys.path) + "\n")
        self.proc.stdin.flush()

    def analyze(self, path: str, label: str, sources: bool = True) -> list[Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps([path, label, sources]) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise EOFError("the parse worker exited")
        result = json.loads(line)
        if not isinstance(result, list) or not result:
            raise ValueError("unexpected answer from the parse worker")
        return result

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def symbol_table(wheel_path: str | os.PathLike[str]) -> dict[str, Any]:
    """``{"top_level": [...], "modules": {module: {"names", "dynamic", "package"}}}`` of a wheel.

    A module's names are what ``from module import name`` can find without running code:
    ``__all__``, top-level assignments, defs, classes, imports and names bound in top-level
    ``if``/``try``/``with``/``for`` blocks (every branch), plus star imports resolved inside
    the wheel. Submodules are modules of their own. ``dynamic`` means "anything may exist"
    (PEP 562 ``__getattr__``, ``globals()`` tricks, extension modules, unparsable source).
    Raises StackwiseError for a file that is not a readable wheel.
    """
    facts = _facts_from_path(Path(wheel_path))
    return {"name": facts.name, "version": facts.version, "top_level": facts.top_level, "modules": facts.modules}


def module_imports(wheel_path: str | os.PathLike[str]) -> list[ImportRef]:
    """The unguarded, module-level absolute imports of a wheel's modules (test files, the
    standard library and the wheel's own modules left out), in file order."""
    return list(_facts_from_path(Path(wheel_path)).imports)


def _facts_from_path(path: Path) -> WheelFacts:
    try:
        with open(path, "rb") as fh:
            return _analyze(fh, path.name)
    except OSError as exc:
        raise StackwiseError(f"Cannot read {path} ({exc.strerror or exc}).") from None
    except _Skip as exc:
        raise StackwiseError(exc.detail) from None


# -- presence of a name across provider releases -------------------------------------------


def presence(modules: dict[str, dict[str, Any]], module: str, name: str | None) -> str:
    """YES when ``from module import name`` (or ``import module``) statically works with this
    table, NO when it statically cannot, MAYBE when dynamic code could provide it."""
    if module.split(".", 1)[0] not in modules:
        return MAYBE  # the import package moved to another distribution: cannot tell
    mod = modules.get(module)
    if mod is None:
        parts = module.split(".")
        for i in range(len(parts) - 1, 0, -1):  # a dynamic parent may create it at run time
            parent = modules.get(".".join(parts[:i]))
            if parent is not None:
                return MAYBE if parent["dynamic"] else NO
        return NO
    if name is None or name in mod["names"] or f"{module}.{name}" in modules:
        return YES
    return MAYBE if mod["dynamic"] else NO


def missing_spans(states: list[str]) -> list[tuple[int, int, int | None]]:
    """(last present, first missing, first back or None) index triples over releases in
    ascending order: runs of NO that follow a YES. MAYBE neither opens nor extends a run."""
    spans: list[tuple[int, int, int | None]] = []
    last_yes: int | None = None
    i, n = 0, len(states)
    while i < n:
        if states[i] == YES:
            last_yes = i
        elif states[i] == NO and last_yes is not None:
            j = i
            while j < n and states[j] == NO:
                j += 1
            spans.append((last_yes, i, j if j < n else None))
            i = j
            continue
        i += 1
    return spans


# -- the cache ----------------------------------------------------------------------------


class _Cache:
    """Wheel facts by sha256, in one SQLite file."""

    def __init__(self, directory: Path) -> None:
        self._lock = threading.Lock()
        self.problem: str | None = None
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._conn = self._connect(str(directory / CACHE_DB))
        except (OSError, sqlite3.DatabaseError) as exc:
            self.problem = f"cannot use the scan cache in {directory} ({exc}); nothing is remembered this time."
            self._conn = self._connect(":memory:")

    @staticmethod
    def _connect(target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=30.0, check_same_thread=False, isolation_level=None)
        conn.execute("CREATE TABLE IF NOT EXISTS facts (sha256 TEXT PRIMARY KEY, analyzer INTEGER, data BLOB)")
        return conn

    def get_facts(self, sha256: str, *, sources: bool = True) -> WheelFacts | None:
        """Facts of the current analyzer; ``sources=False`` also takes facts read without
        parsing sources (stored under ``-ANALYZER_VERSION``)."""
        with self._lock:
            try:
                row = self._conn.execute("SELECT analyzer, data FROM facts WHERE sha256 = ?", (sha256,)).fetchone()
            except sqlite3.DatabaseError:
                return None
        if row is None or row[0] not in ((ANALYZER_VERSION,) if sources else (ANALYZER_VERSION, -ANALYZER_VERSION)):
            return None
        try:
            return WheelFacts.from_json(json.loads(zlib.decompress(row[1])))
        except (zlib.error, ValueError, TypeError, KeyError):
            return None  # damaged entry: analysed again and replaced

    def put_facts(self, sha256: str, facts: WheelFacts) -> None:
        blob = zlib.compress(json.dumps(facts.to_json(), separators=(",", ":")).encode(), 6)
        analyzer = ANALYZER_VERSION if facts.sources else -ANALYZER_VERSION
        with self._lock, contextlib.suppress(sqlite3.DatabaseError):
            self._conn.execute(  # facts without sources never replace full facts of the same wheel
                "INSERT INTO facts (sha256, analyzer, data) VALUES (?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET "
                "analyzer = excluded.analyzer, data = excluded.data WHERE excluded.analyzer = ? OR facts.analyzer != ?",
                (sha256, analyzer, blob, ANALYZER_VERSION, ANALYZER_VERSION),
            )

    def close(self) -> None:
        with self._lock:
            self._conn.close()


# -- the scan -----------------------------------------------------------------------------


def _is_remote(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("http://", "https://"))


def _local_file(url: str) -> Path | None:
    if url.startswith("file:"):
        return Path(unquote(urlsplit(url).path))
    return None if _is_remote(url) else Path(url)


@dataclass
class _Candidate:
    """One release picked for scanning, and the wheel read for it."""

    release: Release
    wheel: DistFile
    sha256: str | None
    facts: WheelFacts | None = None


class _Scanner:
    def __init__(
        self,
        client: IndexClient,
        *,
        since_years: float,
        max_releases: int,
        max_wheel_bytes: int,
        progress: Callable[[str], None] | None,
        budget_seconds: float | None = None,
        report: ScanReport | None = None,
    ) -> None:
        self.client = client
        # A wall-clock budget for the whole scan: a consumer with many heavy providers must
        # not hold a crawl of hundreds of packages for an hour.
        self.deadline = time.monotonic() + budget_seconds if budget_seconds and budget_seconds > 0 else None
        self.over_budget = False
        self.config = client.config
        self.since_years = since_years
        self.max_releases = max_releases
        self.max_wheel_bytes = max_wheel_bytes
        #: Parse Python sources (False: a NumPy-ABI-only scan, which never looks at them).
        self.sources = True
        self.progress = progress or (lambda message: None)
        self.cache_dir = client.config.resolved_cache_dir()
        self.cache = _Cache(self.cache_dir)
        self.report = report if report is not None else ScanReport()
        self._count_lock = threading.Lock()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._facts: dict[str, WheelFacts] = {}  # by sha256, across consumers and providers
        # Idle parse workers; None stands for "parse here" (no worker, or one that died).
        self._idle: queue.Queue[_Worker | None] | None = None
        self._workers: list[_Worker] = []
        self._parse_lock = threading.Lock()
        self._stop = threading.Event()
        self._target_tags = {str(t) for t in client.target.tags}
        for key in ("consumer_releases", "provider_releases", "releases_scanned", "wheels_read",
                    "wheels_downloaded", "cache_hits", "parsed_in_workers", "pairs_scanned", "findings", "rules",
                    "excluded_by_requirement", "older_than_since", "beyond_max_releases"):
            self.report.counters[key] = 0
        if self.cache.problem:
            self.warn("scan cache unusable", self.cache.problem)

    # -- bookkeeping ----------------------------------------------------------------------
    def count(self, key: str, n: int = 1) -> None:
        with self._count_lock:
            self.report.counters[key] = self.report.counters.get(key, 0) + n

    def warn(self, reason: str, detail: str) -> None:
        with self._count_lock:
            self.report.skipped[reason] = self.report.skipped.get(reason, 0) + 1
            self.report.warning_count += 1
            if len(self.report.warnings) < _MAX_WARNINGS:
                self.report.warnings.append(detail)

    def close(self) -> None:
        for w in self._workers:
            w.close()
        self._workers.clear()
        for s in self._sessions:
            s.close()
        self.cache.close()

    def _start_workers(self) -> None:
        """Parse worker processes, started once per scan."""
        if self._idle is not None:
            return
        self._idle = queue.Queue()
        for _ in range(_PROCESSES):
            try:
                worker = _Worker()
            except OSError:
                worker = None  # no subprocesses here (a sandbox): parse in this process
            if worker is not None:
                self._workers.append(worker)
            self._idle.put(worker)

    def _analyze_path(self, path: Path, label: str) -> WheelFacts:
        """Facts of a local wheel, from a worker process when there are workers."""
        idle = self._idle
        worker = idle.get() if idle is not None else None
        try:
            if worker is not None:
                try:
                    result = worker.analyze(str(path), label, self.sources)
                except (OSError, ValueError, EOFError):
                    worker.close()  # it died (killed, out of memory): the others carry on
                    worker = None
                else:
                    self.count("parsed_in_workers")
                    if result[0] == "skip":
                        raise _Skip(str(result[1]), str(result[2]))
                    if result[0] == "error":
                        raise _Skip("could not analyse", f"{label}: {result[1]}; skipped.")
                    return WheelFacts.from_json(result[1])
            if self._stop.is_set():
                raise _Skip("interrupted", f"{label}: not read, the scan was interrupted.")
            with self._parse_lock, open(path, "rb") as fh:
                return _analyze(fh, label, self.sources)
        finally:
            if idle is not None:
                idle.put(worker)

    # -- HTTP -------------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            import requests

            from stackwise import __version__

            session = requests.Session()
            session.headers["User-Agent"] = f"stackwise/{__version__} requests/{requests.__version__}"
            self._local.session = session
            with self._count_lock:
                self._sessions.append(session)
        return session

    def _get(self, url: str, headers: dict[str, str], *, stream: bool = False) -> requests.Response:
        """GET with the index configuration's timeout and retries (connection errors, 5xx)."""
        import requests

        attempts = self.config.retries + 1
        for attempt in range(attempts):
            try:
                resp = self._session().get(url, headers=headers, timeout=self.config.timeout, stream=stream)
            except requests.RequestException as exc:
                if attempt == attempts - 1:
                    raise IndexFetchError(f"Could not fetch {url} ({type(exc).__name__}).") from None
            else:
                if resp.status_code < 500 or attempt == attempts - 1:
                    return resp
                resp.close()
            time.sleep(min(2.0, 0.1 * (2**attempt)))
        raise AssertionError("unreachable")

    # -- which releases ---------------------------------------------------------------------
    def _upload_times(self, releases: list[Release]) -> dict[Version, float]:
        """PEP 700 upload time of each release whose time the index gave, as the index client
        keeps them from the pages it already read (``client.upload_time``): no request of its
        own. HTML-only indexes and local directories give none: those releases count as recent."""
        getter = getattr(self.client, "upload_time", None)
        out: dict[Version, float] = {}
        for release in releases if getter is not None else ():
            try:
                when = getter(release)
            except StackwiseError:
                continue
            if when is not None:
                out[release.version] = float(when)
        return out

    def _pick_wheel(self, release: Release) -> DistFile | None:
        """A pure py3 wheel (any platform reads the same), else one installable here."""
        pure: list[DistFile] = []
        compatible: list[DistFile] = []
        for f in release.files:
            if not f.is_wheel or f.yanked:
                continue
            try:
                tags = parse_wheel_filename(f.filename)[3]
            except (InvalidWheelFilename, InvalidVersion):
                continue
            if any(t.abi == "none" and t.platform == "any" and t.interpreter.startswith("py3") for t in tags):
                pure.append(f)
            elif any(str(t) in self._target_tags for t in tags):
                compatible.append(f)
        if pure:
            return pure[0]
        best = release.best
        if best in compatible:
            return best
        return compatible[0] if compatible else None

    def candidates(self, name: NormalizedName, role: str, specifier: SpecifierSet | None = None) -> list[_Candidate]:
        """The releases to read: newest first, not yanked or pre-releases, inside --since, capped."""
        project = self.client.project(name)
        releases = [
            r for r in project.releases
            if not r.yanked and not r.version.is_prerelease
            and (specifier is None or specifier.contains(r.version, prereleases=True))
        ]
        if not releases:
            self.warn("no usable releases", f"{name}: the index lists no usable final release for this target; skipped.")
            return []
        times = self._upload_times(releases) if self.since_years > 0 else {}
        cutoff = time.time() - self.since_years * 365.25 * 86400 if self.since_years > 0 else None
        picked: list[_Candidate] = []
        too_old = capped = 0
        for release in releases:
            when = times.get(release.version)
            if when is not None and cutoff is not None and when < cutoff:
                too_old += 1
                continue
            if len(picked) >= self.max_releases:
                capped += 1
                continue
            wheel = self._pick_wheel(release)
            if wheel is None:
                self.warn("release without a usable wheel",
                          f"{name} {release.version}: no pure or compatible wheel; skipped.")
                continue
            picked.append(_Candidate(release, wheel, wheel.hashes.get("sha256")))
        self.count("older_than_since", too_old)
        self.count("beyond_max_releases", capped)
        self.progress(
            f"{name} ({role}): {len(picked)} release(s) to read"
            + (f", {too_old} older than --since" if too_old else "")
            + (f", {capped} beyond --max-releases" if capped else "")
        )
        return picked

    # -- facts of wheels ----------------------------------------------------------------------
    def load(self, candidates: list[_Candidate]) -> None:
        """Fill ``facts`` of every candidate: memory, then the cache, then the wheel itself."""
        todo: list[_Candidate] = []
        for c in candidates:
            if c.sha256 and c.sha256 in self._facts:
                c.facts = self._facts[c.sha256]
            elif c.sha256 and (cached := self.cache.get_facts(c.sha256, sources=self.sources)) is not None:
                self.count("cache_hits")
                c.facts = self._facts[c.sha256] = cached
            else:
                todo.append(c)
        if not todo:
            return
        if len(todo) >= _PROCESS_MIN_BATCH:
            self._start_workers()
        pool = ThreadPoolExecutor(max_workers=min(_WORKERS, len(todo)), thread_name_prefix="stackwise-scan")
        try:
            results = list(pool.map(self._read, todo))
        except BaseException:  # Ctrl-C: let the threads drop what is left instead of finishing it
            self._stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
        for c, result in zip(todo, results, strict=True):
            if result is not None:
                c.sha256, c.facts = result
                self._facts[result[0]] = result[1]

    def _read(self, c: _Candidate) -> tuple[str, WheelFacts] | None:
        if self._stop.is_set():
            return None
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.over_budget = True
            return None
        label = f"{c.release.name} {c.release.version} ({c.wheel.filename})"
        try:
            path, sha = self._wheel_path(c, label)
            if sha != c.sha256 and (cached := self.cache.get_facts(sha, sources=self.sources)) is not None:
                self.count("cache_hits")
                return sha, cached
            facts = self._analyze_path(path, label)
        except _Skip as exc:
            self.warn(exc.reason, exc.detail)
            return None
        except StackwiseError as exc:
            self.warn("download failed", f"{label}: {exc}")
            return None
        except OSError as exc:
            self.warn("download failed", f"{label}: {exc.strerror or exc}")
            return None
        except Exception as exc:  # a wheel that trips the reader in an unforeseen way: skip it
            self.warn("could not analyse", f"{label}: {type(exc).__name__}: {exc}; skipped.")
            return None
        self.count("wheels_read")
        for bad in facts.unparsable:
            self.warn("source file not parsable (Python 2 or invalid syntax)",
                      f"{label}: {bad} is not Python 3 source; its names count as unknown.")
        self.cache.put_facts(sha, facts)
        return sha, facts

    def _wheel_path(self, c: _Candidate, label: str) -> tuple[Path, str]:
        """A local copy of the wheel and its sha256: the file itself for local indexes, else
        the shared wheel cache (``<cache>/wheels/<sha[:2]>/<sha>/<filename>``), downloading once."""
        f = c.wheel
        local = _local_file(f.url)
        if local is not None:
            sha = _sha256_file(local)
            if c.sha256 and sha != c.sha256:
                raise _Skip("hash mismatch", f"{label}: the file's sha256 is {sha}, the index lists {c.sha256}; skipped.")
            return local, sha
        filename = os.path.basename(f.filename)
        if filename != f.filename or filename in ("", ".", ".."):
            raise _Skip("bad file name", f"{label}: unusable file name {f.filename!r}; skipped.")
        if c.sha256:
            cached = self.cache_dir / "wheels" / c.sha256[:2] / c.sha256 / filename
            if cached.is_file():
                if _sha256_file(cached) == c.sha256:
                    return cached, c.sha256
                with contextlib.suppress(OSError):
                    cached.unlink()  # damaged: fetched again below
        if self.config.offline:
            raise _Skip("not in the cache (--offline)", f"{label} is not in the wheel cache and --offline is set; skipped.")
        return self._download(c, label, filename)

    def _download(self, c: _Candidate, label: str, filename: str) -> tuple[Path, str]:
        import requests

        resp = self._get(c.wheel.url, {}, stream=True)
        with resp:
            if resp.status_code != 200:
                raise _Skip("download failed", f"{label}: HTTP {resp.status_code} for {c.wheel.url}; skipped.")
            # said before the body is read (the read is bounded too)
            length = decimal_header((resp.headers.get("Content-Length") or "").strip(), 18)
            if length is not None and length > self.max_wheel_bytes:
                raise _Skip("wheel too large", f"{label} is {length / 1e6:.0f} MB, above the "
                            f"{self.max_wheel_bytes / 1e6:.0f} MB limit; skipped.")
            tmp_dir = self.cache_dir / "wheels" / "tmp"
            tmp_dir.mkdir(parents=True, exist_ok=True)
            tmp = tmp_dir / f".{filename}.{os.urandom(6).hex()}.part"
            h = hashlib.sha256()
            size = 0
            try:
                with open(tmp, "wb") as out:
                    for chunk in resp.iter_content(1 << 16):
                        size += len(chunk)
                        if size > self.max_wheel_bytes:
                            raise _Skip("wheel too large",
                                        f"{label} is larger than the {self.max_wheel_bytes / 1e6:.0f} MB limit; skipped.")
                        h.update(chunk)
                        out.write(chunk)
                sha = h.hexdigest()
                if c.sha256 and sha != c.sha256:
                    raise _Skip("hash mismatch", f"{label}: downloaded sha256 {sha}, the index lists {c.sha256}; skipped.")
                final = self.cache_dir / "wheels" / sha[:2] / sha / filename
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, final)  # atomic: other readers see the whole file or none
            except _Skip:
                _unlink(tmp)
                raise
            except (requests.RequestException, OSError) as exc:
                _unlink(tmp)
                raise _Skip("download failed", f"{label}: {type(exc).__name__} while downloading; skipped.") from None
            except BaseException:
                _unlink(tmp)
                raise
        self.count("wheels_downloaded")
        return final, sha


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _requirements(name: str, requires_dist: Iterable[str], warn: Callable[[str, str], None],
                  label: str) -> dict[NormalizedName, SpecifierSet]:
    """Providers release ``name`` always needs: Requires-Dist without extra-only entries; one
    specifier per provider (several lines for one provider are intersected)."""
    out: dict[NormalizedName, SpecifierSet] = {}
    own = canonicalize_name(name)
    for line in requires_dist:
        try:
            req = Requirement(line)
        except InvalidRequirement:
            warn("invalid Requires-Dist", f"{label}: Requires-Dist {line!r} is not a valid requirement; ignored.")
            continue
        if req.marker is not None and "extra" in str(req.marker):
            continue
        name = canonicalize_name(req.name)
        if name == own:
            continue
        out[name] = out[name] & req.specifier if name in out else req.specifier
    return out


def _public(version: str) -> str:
    """A version without its local label (``2.0+cpu`` -> ``2.0``): ``>=``/``<=`` specifiers
    may not name local versions, and ``==2.0`` matches every local build of 2.0 anyway."""
    try:
        return Version(version).public
    except InvalidVersion:
        return version


def _consumer_range(versions: list[str]) -> str:
    first, last = _public(versions[0]), _public(versions[-1])
    return f"=={first}" if first == last else f">={first},<={last}"


def _message(f: Finding) -> str:
    versions = f.consumer_versions
    who = f"{f.consumer} {versions[0]}" if len(versions) == 1 else f"{f.consumer} {versions[0]} to {versions[-1]}"
    if f.kind == "numpy-abi":
        more = f" and {f.extensions - 1} more" if f.extensions > 1 else ""
        verb = "ships" if len(versions) == 1 else "ship"
        return (f"{who} {verb} extension modules built against the NumPy 1.x C API ({f.module}{more}); NumPy 2.0 "
                "changed that ABI, so they fail to import with numpy >= 2 ('compiled using NumPy 1.x cannot be run "
                "in NumPy 2'). Static scan finding, not confirmed by running it.")
    verb = "imports" if len(versions) == 1 else "import"
    what = f"{f.name} from {f.module}" if f.name else f"the module {f.module}"
    text = (f"{who} {verb} {what} at module level ({f.file}:{f.line}); {f.provider} {f.removed_in} removed it "
            f"(last present in {f.last_present})")
    if f.restored_in and f.restored_dynamic:
        text += f"; from {f.restored_in} on the module is dynamic (PEP 562 __getattr__ or similar), so not judged"
    elif f.restored_in:
        text += f" and {f.restored_in} has it again"
    return text + ". Static scan finding, not confirmed by running it."


def scan_packages(
    names: Iterable[str],
    client: IndexClient,
    *,
    since_years: float = DEFAULT_SINCE_YEARS,
    max_releases: int = DEFAULT_MAX_RELEASES,
    max_wheel_bytes: int = DEFAULT_MAX_WHEEL_BYTES,
    progress: Callable[[str], None] | None = None,
    budget_seconds: float | None = None,
    report: ScanReport | None = None,
    checks: Iterable[str] = CHECKS,
) -> ScanReport:
    """Scan each consumer (a name, or a requirement whose specifier limits its releases)
    against every provider its releases require; see the module docstring for what counts.

    ``since_years`` <= 0 disables the upload-time window. Bad wheels, unparsable sources and
    releases without wheels are counted in the report's ``skipped``, never raised; an
    unreachable index for a consumer raises the client's StackwiseError. Past
    ``budget_seconds`` no more wheels are read, and a provider or consumer whose releases
    were only partly read by then is left out whole (counted): a finding needs the full
    series, or a removal and its restoration could be told apart wrongly. ``report``, when
    given, is the one filled (a status line reads its counters from another thread).
    ``checks`` picks the findings: ``imports`` (names removed from providers; reads every
    provider's wheels too) and ``numpy-abi`` (extension modules built against NumPy 1.x;
    reads only the consumer's wheels).
    """
    checks = frozenset(checks)
    if not checks or not checks <= set(CHECKS):
        raise StackwiseError(f"Unknown scan check(s) {sorted(checks - set(CHECKS)) or '(none)'}; "
                             f"choose from {', '.join(CHECKS)}.")
    if max_releases < 1:
        raise StackwiseError(f"--max-releases must be at least 1, not {max_releases}.")
    consumers: dict[NormalizedName, SpecifierSet | None] = {}
    for text in names:
        try:
            req = Requirement(text)
        except InvalidRequirement as exc:
            raise StackwiseError(f"{text!r} is not a package name or requirement: {exc}.") from None
        consumers[canonicalize_name(req.name)] = req.specifier if str(req.specifier) else None
    if not consumers:
        raise StackwiseError("Name at least one package to scan.")
    started = time.perf_counter()
    scanner = _Scanner(client, since_years=since_years, max_releases=max_releases,
                       max_wheel_bytes=max_wheel_bytes, progress=progress, budget_seconds=budget_seconds,
                       report=report)
    scanner.sources = "imports" in checks
    try:
        _run(scanner, consumers, checks)
    finally:
        scanner.close()
    report = scanner.report
    report.seconds = time.perf_counter() - started
    return report


def stale_findings(rules: Iterable[Rule], client: IndexClient, *,
                   progress: Callable[[str], None] | None = None) -> set[str]:
    """Ids of import findings of an earlier scan that this analyzer no longer makes.

    Each finding names its consumer releases and the file, module and name of the import; they are
    read again (from the cache when the wheels are known) and a finding is stale when every one of
    them was read and none still has that import. Unread is not clean: a finding with a release
    that cannot be read now is kept, and so is every finding of a consumer the index does not serve.
    """
    by_consumer: dict[NormalizedName, list[Rule]] = {}
    for rule in rules:
        ev = rule.evidence or {}
        if ev.get("kind") == "static-scan" and ev.get("consumer_file") and ev.get("consumer_versions"):
            by_consumer.setdefault(rule.package.name, []).append(rule)
    stale: set[str] = set()
    if not by_consumer:
        return stale
    scanner = _Scanner(client, since_years=0, max_releases=1 << 30, max_wheel_bytes=DEFAULT_MAX_WHEEL_BYTES,
                       progress=progress)
    try:
        for name, found in sorted(by_consumer.items()):
            wanted = {str(v) for rule in found for v in rule.evidence["consumer_versions"]}
            try:
                picked = [c for c in scanner.candidates(name, "consumer") if str(c.release.version) in wanted]
            except StackwiseError:
                continue
            scanner.load(picked)
            facts = {str(c.release.version): c.facts for c in picked if c.facts is not None}
            for rule in found:
                ev = rule.evidence
                versions = [str(v) for v in ev["consumer_versions"]]
                if not all(v in facts for v in versions):
                    continue
                if not any(ref.file == ev["consumer_file"] and ref.module == ev.get("module")
                           and ref.name == ev.get("name") for v in versions for ref in facts[v].imports):
                    stale.add(rule.id)
    finally:
        scanner.close()
    return stale


def _run(s: _Scanner, consumers: dict[NormalizedName, SpecifierSet | None], checks: frozenset[str]) -> None:
    report = s.report
    provider_cache: dict[NormalizedName, list[_Candidate]] = {}
    seen_releases: set[tuple[str, str]] = set()
    states_cache: dict[tuple[str, str, str | None], list[str]] = {}
    tops_cache: dict[str, set[str]] = {}  # provider -> its import names over every release read
    numpy2_releases: list[Version] = []  # filled on first use (see _numpy_abi)

    def providers_of(name: NormalizedName) -> list[_Candidate]:
        if name not in provider_cache:
            try:
                found = s.candidates(name, "provider")
            except StackwiseError as exc:
                s.warn("provider not available", f"{name}: {exc}")
                found = []
            if not _load_within_budget(s, found, f"provider {name}"):
                found = []
            found = [c for c in found if c.facts is not None]
            found.sort(key=lambda c: c.release.version)  # ascending from here on
            provider_cache[name] = found
            s.count("provider_releases", len(found))
            for c in found:
                seen_releases.add((name, str(c.release.version)))
        return provider_cache[name]

    for consumer, spec in consumers.items():
        picked = s.candidates(consumer, "consumer", spec)
        to_read = picked
        if checks == {"numpy-abi"}:  # only the wheels that could hold a finding
            to_read = [c for c in picked if _may_use_numpy1_abi(s, c, numpy2_releases)]
        if not _load_within_budget(s, to_read, f"consumer {consumer}"):
            continue
        releases = sorted((c for c in picked if c.facts is not None), key=lambda c: c.release.version)
        s.count("consumer_releases", len(releases))
        seen_releases.update((consumer, str(c.release.version)) for c in releases)
        # per consumer release (ascending): finding key -> (ref, span data)
        per_release: list[dict[tuple[Any, ...], tuple[ImportRef, dict[str, Any]]]] = []
        for c in releases if "imports" in checks else ():
            assert c.facts is not None
            label = f"{consumer} {c.release.version}"
            found: dict[tuple[Any, ...], tuple[ImportRef, dict[str, Any]]] = {}
            for provider, req_spec in _requirements(c.facts.name, c.facts.requires_dist, s.warn, label).items():
                provs = providers_of(provider)
                if not provs:
                    continue
                s.count("pairs_scanned")
                tops = tops_cache.get(provider)
                if tops is None:
                    tops = tops_cache[provider] = {t for p in provs if p.facts is not None for t in p.facts.top_level}
                refs: dict[tuple[str, str | None], ImportRef] = {}
                for ref in c.facts.imports:
                    if ref.module.split(".", 1)[0] in tops:
                        refs.setdefault((ref.module, ref.name), ref)
                for (module, name), ref in refs.items():
                    skey = (provider, module, name)
                    states = states_cache.get(skey)
                    if states is None:
                        states = [presence(p.facts.modules, module, name) for p in provs if p.facts]
                        states = states_cache[skey] = _whole_package_removals(states, provs, module)
                    for last, first, back in missing_spans(states):
                        missing = provs[first:back]
                        if not any(req_spec.contains(p.release.version, prereleases=True) for p in missing):
                            s.count("excluded_by_requirement")
                            continue
                        key = (provider, module, name, str(provs[first].release.version),
                               str(provs[back].release.version) if back is not None else None)
                        found[key] = (ref, {
                            "last_present": str(provs[last].release.version),
                            "restored_dynamic": back is not None and states[back] == MAYBE,
                            "index_url": provs[first].release.index_url,
                        })
            per_release.append(found)
        if "imports" in checks:
            _merge(s, consumer, releases, per_release, _newest_unread_below(s, consumer, spec, releases))
        if "numpy-abi" in checks:  # every release picked: one not read ends a run
            _numpy_abi(s, consumer, sorted(picked, key=lambda c: c.release.version), numpy2_releases)
    report.counters["releases_scanned"] = len(seen_releases)
    report.counters["findings"] = len(report.findings)
    report.counters["rules"] = len(report.rules)


def _whole_package_removals(states: list[str], provs: list[_Candidate], module: str) -> list[str]:
    """``states`` with the releases that dropped the import package itself marked NO.

    :func:`presence` cannot tell anything about a release without the top-level package (it
    may have moved to another distribution). Across releases it can: when a release lacks a
    package an earlier release shipped and needs no distribution the last one that shipped it
    did not (nowhere for the package to have moved to), the package was removed -- setuptools
    82 dropping ``pkg_resources`` is the common case. A release with a new requirement stays
    MAYBE: the package may live there now (inspections decide such groups)."""
    if MAYBE not in states:
        return states
    top = module.split(".", 1)[0]
    out = list(states)
    last_maybe = max(i for i, state in enumerate(states) if state == MAYBE)
    last_with: set[NormalizedName] | None = None  # requirements of the newest release that shipped it
    for i, p in enumerate(provs[:last_maybe + 1]):
        if p.facts is None:
            continue
        if top in p.facts.modules:
            last_with = _needs(p)
        elif last_with is not None and out[i] == MAYBE and _needs(p) <= last_with:
            out[i] = NO
    return out


def _needs(p: _Candidate) -> set[NormalizedName]:
    """The distributions a provider release always requires (its own bad lines are not this
    scan's to report: the consumer side warns about those)."""
    assert p.facts is not None
    return set(_requirements(p.facts.name, p.facts.requires_dist, lambda *_: None, ""))


def _load_within_budget(s: _Scanner, candidates: list[_Candidate], label: str) -> bool:
    """Load ``candidates``; False (counted) when the scan's time budget left some unread.

    Cached facts still load past the budget: only wheels still to be read are refused.
    """
    s.over_budget = False
    s.load(candidates)
    if s.over_budget:
        s.warn("time budget exhausted", f"{label}: not read whole before the scan's time budget ran out; left out.")
        return False
    return True


def _newest_unread_below(s: _Scanner, name: NormalizedName, spec: SpecifierSet | None,
                         read: list[_Candidate]) -> str | None:
    """The newest final release older than the oldest one read (beyond ``--since`` or
    ``--max-releases``, or without a wheel), or None when the read ones reach the bottom."""
    if not read:
        return None
    oldest = read[0].release.version
    older = [r.version for r in s.client.project(name).releases
             if not r.yanked and not r.version.is_prerelease and r.version < oldest
             and (spec is None or spec.contains(r.version, prereleases=True))]
    return str(max(older)) if older else None


def _merge(
    s: _Scanner,
    consumer: NormalizedName,
    releases: list[_Candidate],
    per_release: list[dict[tuple[Any, ...], tuple[ImportRef, dict[str, Any]]]],
    unread_below: str | None = None,
) -> None:
    """Runs of consecutive consumer releases with the same finding become one finding and rule.

    A run that starts at the oldest release read, with older releases left unread
    (``unread_below``: the newest of them), also gives a hint about those older releases: unread
    is not clean. A veto over the read range alone sent ``lock "flask<1.1.3"`` to flask 0.11.1,
    just below the window, with werkzeug 3 and jinja2 3.1. It stays a score, never a veto or a
    candidate for confirmation (nobody read those releases)."""
    report = s.report
    ids = {r.id for r in report.rules}
    open_runs: dict[tuple[Any, ...], list[int]] = {}

    def close(key: tuple[Any, ...], run: list[int]) -> None:
        provider, module, name, removed, restored = key
        ref, extra = per_release[run[-1]][key]
        restored_dynamic = bool(extra["restored_dynamic"])
        versions = [str(releases[i].release.version) for i in run]
        provider_spec = f">={_public(removed)}" + (f",<{_public(restored)}" if restored else "")
        finding = Finding(
            consumer=consumer, consumer_versions=versions, provider=provider, module=module, name=name,
            file=ref.file, line=ref.line, removed_in=removed, last_present=extra["last_present"],
            restored_in=restored, restored_dynamic=restored_dynamic,
            consumer_specifier=_consumer_range(versions), provider_specifier=provider_spec,
        )
        report.findings.append(finding)
        link = _link(s, extra["index_url"], provider)
        if link is None:
            s.warn("no http(s) page to link", f"{consumer} with {provider}: the finding on {finding.target} has no "
                   "http(s) index page to link; no rule written.")
            return
        rule_id = f"scan:{consumer}:{provider}:{finding.target}:{finding.consumer_specifier}"
        if rule_id in ids:
            rule_id += f":{provider_spec}"
        ids.add(rule_id)
        report.rules.append(Rule(
            id=rule_id,
            package=PackageMatch(consumer, SpecifierSet(finding.consumer_specifier)),
            other=PackageMatch(canonicalize_name(provider), SpecifierSet(provider_spec)),
            score=SCAN_SCORE, veto=False, category="stability", message=_message(finding), link=link,
            source=SOURCE,
            evidence={
                "kind": "static-scan", "consumer_file": finding.file, "line": finding.line,
                "name": finding.name, "module": finding.module, "removed_in": removed,
                "last_present": finding.last_present, "restored_in": restored,
                "restored_dynamic": restored_dynamic,
                "consumer_versions": versions, "confirmed": False,
            },
        ))
        if run[0] == 0 and unread_below is not None:
            first = _public(versions[0])
            what = f"{name} from {module}" if name else f"the module {module}"
            report.rules.append(Rule(
                id=f"{rule_id}:below-window",
                package=PackageMatch(consumer, SpecifierSet(f"<{first}")),
                other=PackageMatch(canonicalize_name(provider), SpecifierSet(provider_spec)),
                score=SCAN_SCORE, veto=False, category="stability",
                message=(f"{consumer} releases before {first} (newest: {unread_below}) were not read by the scan "
                         f"that found {consumer} {first} importing {what} at module level, which {provider} "
                         f"{removed} removed; they are assumed to import it too (unread is not clean). A hint, "
                         "not confirmed by running it."),
                link=link, source=SOURCE,
                evidence={"kind": "static-scan-below-window", "inferred_from": rule_id, "name": name,
                          "module": module, "removed_in": removed, "oldest_read": versions[0],
                          "newest_unread": unread_below, "confirmed": False},
            ))

    for i, found in enumerate(per_release):
        for key in list(open_runs):
            if key not in found:
                close(key, open_runs.pop(key))
        for key in found:
            open_runs.setdefault(key, []).append(i)
    for key, run in open_runs.items():
        close(key, run)


def _numpy2_releases(s: _Scanner, memo: list[Version]) -> list[Version]:
    """numpy's releases with the 2.x ABI that the index lists (2.0.0 alone when it lists none:
    a local index without numpy still judges a Requires-Dist the same way)."""
    if not memo:
        try:
            listed = [r.version for r in s.client.project(canonicalize_name(NUMPY)).releases if not r.yanked]
        except StackwiseError:
            listed = []
        spec = SpecifierSet(NUMPY2_SPECIFIER)
        memo.extend(v for v in listed if spec.contains(v, prereleases=True))
        if not memo:
            memo.append(Version("2.0.0"))
    return memo


def _allows_numpy2(spec: SpecifierSet | None, s: _Scanner, memo: list[Version]) -> bool:
    return spec is None or any(spec.contains(v, prereleases=True) for v in _numpy2_releases(s, memo))


def _may_use_numpy1_abi(s: _Scanner, c: _Candidate, memo: list[Version]) -> bool:
    """Whether ``c``'s wheel is worth reading for the NumPy ABI check alone: a platform wheel
    whose metadata names numpy and allows numpy >= 2 (metadata it cannot read: read the wheel)."""
    if c.wheel.filename.endswith("-none-any.whl"):
        s.count("numpy_abi_pure_wheels")
        return False
    try:
        requires = s.client.metadata(c.release, build=False).requires_dist
    except StackwiseError:
        return True
    if not _names_numpy(requires):
        s.count("numpy_abi_no_numpy")
        return False
    label = f"{c.release.name} {c.release.version}"
    spec = _requirements(c.release.name, requires, s.warn, label).get(canonicalize_name(NUMPY))
    if not _allows_numpy2(spec, s, memo):
        s.count("excluded_by_requirement")
        return False
    return True


def _numpy_abi(s: _Scanner, consumer: NormalizedName, releases: list[_Candidate], memo: list[Version]) -> None:
    """Runs of consecutive consumer releases whose wheels hold extension modules built with
    NumPy 1.x headers, and whose Requires-Dist lets pip pair them with numpy >= 2, become one
    finding and candidate rule each (``consumer x numpy>=2.0.0b1``).

    A release with no numpy-using extension, with one built for 2.x, or whose metadata keeps
    numpy below 2 ends a run: pip either never makes that pair or it works."""
    if consumer == NUMPY:
        return
    run: list[_Candidate] = []
    for c in [*releases, None]:
        flagged = False
        if c is not None and c.facts is not None and c.facts.numpy1:
            label = f"{consumer} {c.release.version}"
            spec = _requirements(c.facts.name, c.facts.requires_dist, s.warn, label).get(canonicalize_name(NUMPY))
            if _allows_numpy2(spec, s, memo):
                flagged = True
            else:
                s.count("excluded_by_requirement")
        if flagged:
            assert c is not None
            run.append(c)
            continue
        if run:
            _numpy_abi_finding(s, consumer, run)
            run = []


def _numpy_abi_finding(s: _Scanner, consumer: NormalizedName, run: list[_Candidate]) -> None:
    newest = run[-1].facts
    assert newest is not None
    path = sorted(newest.numpy1)[0]
    versions = [str(c.release.version) for c in run]
    finding = Finding(
        consumer=consumer, consumer_versions=versions, provider=NUMPY, module=_extension_module(path) or path,
        name=None, file=path, line=0, removed_in="", last_present="", restored_in=None,
        consumer_specifier=_consumer_range(versions), provider_specifier=NUMPY2_SPECIFIER,
        kind="numpy-abi", extensions=len(newest.numpy1),
    )
    s.report.findings.append(finding)
    rule_id = f"scan:{consumer}:{NUMPY}:numpy-c-api:{finding.consumer_specifier}"
    s.report.rules.append(Rule(
        id=rule_id,
        package=PackageMatch(consumer, SpecifierSet(finding.consumer_specifier)),
        other=PackageMatch(canonicalize_name(NUMPY), SpecifierSet(NUMPY2_SPECIFIER)),
        score=SCAN_SCORE, veto=False, category="stability", message=_message(finding), link=NUMPY_ABI_LINK,
        source=SOURCE,
        evidence={
            "kind": "static-scan", "finding": "numpy-abi", "consumer_file": path, "module": finding.module,
            "extension_modules": len(newest.numpy1), "wheels": [c.wheel.filename for c in run][-3:],
            "consumer_versions": versions, "confirmed": False,
        },
    ))


def _extension_module(path: str) -> str | None:
    """``pkg/_ext.cpython-311-x86_64-linux-gnu.so`` -> ``pkg._ext`` (None if not importable)."""
    found = _module_of(path)
    return found[0] if found is not None else None


def _link(s: _Scanner, index_url: str | None, provider: str) -> str | None:
    """The provider's project page on the index the release came from (http(s) only)."""
    for url in (index_url, *s.config.effective_index_urls):
        if url and _is_remote(url):
            return url.rstrip("/") + "/" + provider + "/"
    return None


def iter_findings_text(report: ScanReport) -> Iterator[str]:
    """One human line per finding, for the CLI."""
    for f in report.findings:
        yield f"{f.consumer}{f.consumer_specifier} with {f.provider}{f.provider_specifier}: {_message(f)}"
