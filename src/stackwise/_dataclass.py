"""``dataclasses.dataclass``, with the bytecode of the methods it generates kept between runs.

Why: ``dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``
(and ``__setattr__``/``__delattr__`` when frozen) as source text and compiles it while the
module is imported. For the ~40 classes a ``stackwise lock`` imports that compiling was
~14 ms of ~70 ms of imports, in every process: a fresh lock, an install, a plan inside pip.

The text depends only on the class statement and on this Python's ``dataclasses``, so the code
compiled from it does too. It is kept as Python keeps ``.pyc`` files: in ``__pycache__``
beside this module, one file per interpreter version (micro version included), looked up by the **exact text** and
compiled as before when missing (a class that changed simply has another text). Compiled with
the flags ``exec`` gives it inside ``dataclasses`` (no ``__future__`` features), so the
methods are the ones ``dataclasses`` itself would make. Nothing is written when Python is
told not to write bytecode (``-B``, ``PYTHONDONTWRITEBYTECODE``) or cannot write there.

The file maps each text to its code *marshalled* (bytes), unmarshalled when a class asks for it:
it holds the texts of every stackwise command (and of older versions of the classes, up to
``_LIMIT``), and making every code object of a 0.5 MB file cost ~9 M instructions in each process,
where an install uses a few dozen of them.
"""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import sys
import threading
from types import CodeType, ModuleType

TYPE_CHECKING = False  # typing (~4 ms) is not imported for annotations
if TYPE_CHECKING:
    from typing import Any


class _Inspect(ModuleType):
    """What ``dataclasses`` sees as ``inspect``: the real module, imported on first use."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get("inspect") is self:  # (only while dataclasses itself is imported)
            del sys.modules["inspect"]
        import inspect

        return getattr(inspect, name)


def _import_dataclasses() -> ModuleType:
    """``import dataclasses`` without importing ``inspect`` (with ast, dis, tokenize: ~35 M
    instructions, a fifth of an install that finds everything in place). dataclasses 3.10/3.11
    use it only for a class without a docstring (3.12+: for every class, so there the first
    class imports it); every other importer of ``inspect`` gets the real module."""
    if "dataclasses" in sys.modules or "inspect" in sys.modules:
        import dataclasses

        return dataclasses
    stand_in = _Inspect("inspect")
    stand_in.__spec__ = None  # what the import system reads of a module it finds: not a use
    sys.modules["inspect"] = stand_in
    try:
        import dataclasses
    finally:
        if sys.modules.get("inspect") is stand_in:
            del sys.modules["inspect"]
    return dataclasses


dataclasses = _import_dataclasses()

_FORMAT = 2  # 1: the codes themselves; 2: each code marshalled on its own
_LIMIT = 4096  # texts kept: those of this run first, then earlier ones
_LOCK = threading.RLock()
_MISSING = object()
_codes: dict[str, bytes] | None = None  # loaded from the file, on first use (marshalled codes)
_new: dict[str, CodeType] = {}  # compiled in this run (to be written at exit)
_used: set[str] = set()


def _stamp() -> tuple[object, ...]:
    return (_FORMAT, sys.version, sys.hexversion, marshal.version)


def _path() -> str | None:
    tag = sys.implementation.cache_tag
    if tag is None:
        return None
    # The micro version in the name too: two Pythons sharing a tree (3.11.7 and 3.11.9) would
    # otherwise replace each other's file on every run.
    name = f"_dataclass_code.{tag}-{sys.hexversion:x}.marshal"
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__", name)


def _load() -> dict[str, bytes]:
    global _codes
    if _codes is None:
        _codes = {}
        path = _path()
        if path is not None:
            try:
                with open(path, "rb") as f:
                    data = marshal.loads(f.read())
            except (OSError, EOFError, ValueError, TypeError):
                data = None
            if isinstance(data, tuple) and len(data) == 2 and data[0] == _stamp() and isinstance(data[1], dict):
                _codes = data[1]
    return _codes


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:  # noqa: A002 - exec's own names
    """``exec`` for ``dataclasses``: a text compiled in an earlier run is not compiled again."""
    if isinstance(source, str):
        code = _load().get(source)
        if isinstance(code, bytes):
            try:
                code = marshal.loads(code)
            except (EOFError, ValueError, TypeError):
                code = None
        if not isinstance(code, CodeType):
            code = compile(source, "<string>", "exec", dont_inherit=True)
            if not _new:
                import atexit

                atexit.register(_save)
            _new[source] = code
        _used.add(source)
        source = code
    builtins.exec(source, globals, locals)


def _save() -> None:
    """Write what this run compiled (atomically; any failure only costs the next run the compile)."""
    path = _path()
    if path is None or not _new or sys.dont_write_bytecode:
        return
    try:
        with open(path, "rb") as f:  # another process may have added texts since we loaded
            data = marshal.loads(f.read())
        old = data[1] if isinstance(data, tuple) and len(data) == 2 and data[0] == _stamp() else {}
    except (OSError, EOFError, ValueError, TypeError):
        old = {}
    merged = {k: v for k, v in old.items() if isinstance(k, str) and isinstance(v, bytes)}
    merged.update((k, marshal.dumps(v)) for k, v in _new.items())
    if len(merged) > _LIMIT:
        merged = {k: v for k, v in merged.items() if k in _used}
    from stackwise._atomic import atomic_write_bytes

    with contextlib.suppress(OSError, ValueError):
        atomic_write_bytes(path, marshal.dumps((_stamp(), merged)))


def _decorate(cls: type, kwargs: dict[str, Any]) -> type:
    with _LOCK:
        before = dataclasses.__dict__.get("exec", _MISSING)
        dataclasses.exec = _exec  # type: ignore[attr-defined]  # a module global shadows the builtin
        try:
            return dataclasses.dataclass(cls, **kwargs)  # type: ignore[no-any-return]
        finally:
            if before is _MISSING:
                del dataclasses.exec  # type: ignore[attr-defined]
            else:
                dataclasses.exec = before  # type: ignore[attr-defined]


if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:
    def dataclass(cls=None, /, **kwargs):
        """``dataclasses.dataclass(cls, **kwargs)``, the generated methods' bytecode reused."""
        if cls is None:
            return lambda c: _decorate(c, kwargs)
        return _decorate(cls, kwargs)
