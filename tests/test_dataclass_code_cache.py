"""stackwise._dataclass: the methods ``dataclass`` generates, compiled once and reused.

The claim is that the reused bytecode is exactly what ``dataclasses`` makes itself. Each
test compares with plain ``dataclasses.dataclass``: code objects field by field, and
behaviour, for every dataclass in the package (in fresh interpreters over a copy of it, so
the cache file is the copy's) and for class shapes the package may not have yet.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import stackwise
from stackwise import _dataclass

SRC = Path(stackwise.__file__).resolve().parent

# Prints, for every dataclass of every stackwise module, each generated method's code
# (every field that decides what it does, nested code included), its defaults and
# annotations; "plain" makes them with dataclasses.dataclass itself.
_FINGERPRINT = textwrap.dedent("""
    import dataclasses, importlib, json, pkgutil, sys, types
    import stackwise, stackwise._dataclass as dc
    if sys.argv[1] == "plain":
        dc._decorate = lambda cls, kw: dataclasses.dataclass(cls, **kw)
    def code(c):
        return [c.co_name, c.co_argcount, c.co_posonlyargcount, c.co_kwonlyargcount, c.co_flags,
                c.co_code.hex(), [code(k) if isinstance(k, types.CodeType) else repr(k) for k in c.co_consts],
                c.co_names, c.co_varnames, c.co_freevars, c.co_cellvars, c.co_filename, c.co_firstlineno]
    out = {}
    for info in sorted(pkgutil.walk_packages(stackwise.__path__, "stackwise."), key=lambda i: i.name):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for name, obj in sorted(vars(module).items()):
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == info.name:
                methods = {}
                for attr, fn in sorted(vars(obj).items()):
                    if isinstance(fn, types.FunctionType) and fn.__code__.co_filename == "<string>":
                        methods[attr] = [code(fn.__code__), repr(fn.__defaults__), repr(fn.__kwdefaults__),
                                         repr(fn.__annotations__), fn.__qualname__]
                out[f"{info.name}.{name}"] = methods
    print(json.dumps({"classes": out, "compiled": len(dc._new)}))
""")


def _fingerprint(root: Path, mode: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env["PYTHONPATH"] = str(root)
    proc = subprocess.run([sys.executable, "-c", _FINGERPRINT, mode], env=env, capture_output=True, text=True,
                          timeout=300, cwd=root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_every_dataclass_of_the_package_gets_the_methods_dataclasses_makes(tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(SRC, root / "stackwise", ignore=shutil.ignore_patterns("__pycache__"))
    cache = list((root / "stackwise" / "__pycache__").glob("_dataclass_code.*"))
    assert cache == []
    plain = _fingerprint(root, "plain")
    assert len(plain["classes"]) > 50 and sum(map(len, plain["classes"].values())) > 200
    cold = _fingerprint(root, "cached")  # compiles each text and writes the file at exit
    assert cold["compiled"] > 200
    assert list((root / "stackwise" / "__pycache__").glob("_dataclass_code.*"))
    warm = _fingerprint(root, "cached")  # compiles nothing
    assert warm["compiled"] == 0
    assert cold["classes"] == plain["classes"]
    assert warm["classes"] == plain["classes"]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """The module's cache state pointed at a file of this test's own."""
    path = tmp_path / "__pycache__" / "codes.marshal"
    monkeypatch.setattr(_dataclass, "_path", lambda: str(path))
    monkeypatch.setattr(_dataclass, "_codes", None)
    monkeypatch.setattr(_dataclass, "_new", {})
    monkeypatch.setattr(_dataclass, "_used", set())
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def _shapes(make):
    """Class shapes the package may come to use, decorated with ``make``."""

    @make(frozen=True, order=True)
    class Frozen:
        a: int
        b: str = "x"
        c: list = dataclasses.field(default_factory=list, compare=False, repr=False)

    @make
    class Base:
        x: int = 0

    @make(eq=False, kw_only=True)
    class Child(Base):
        y: tuple = ()
        z: dataclasses.InitVar[int] = 3

        def __post_init__(self, z):
            self.y = (*self.y, z)

    @make(slots=True, unsafe_hash=True)
    class Slotted:
        p: float
        q: object = None

    return Frozen, Base, Child, Slotted


def _same(a, b):
    for cls_a, cls_b in zip(a, b, strict=True):
        names = {k for k, v in vars(cls_a).items() if callable(v) and getattr(getattr(v, "__code__", None), "co_filename", "") == "<string>"}
        assert names and names == {k for k, v in vars(cls_b).items() if callable(v) and getattr(getattr(v, "__code__", None), "co_filename", "") == "<string>"}
        for name in names:
            fa, fb = vars(cls_a)[name], vars(cls_b)[name]
            assert fa.__code__ == fb.__code__, name
            assert (fa.__defaults__, fa.__kwdefaults__, fa.__annotations__) == (fb.__defaults__, fb.__kwdefaults__, fb.__annotations__)


def test_class_shapes_reused_from_the_file_equal_plain_dataclasses(fresh_cache):
    plain = _shapes(dataclasses.dataclass)
    first = _shapes(_dataclass.dataclass)
    assert len(_dataclass._new) >= 10
    _dataclass._save()
    assert fresh_cache.is_file()
    _dataclass._codes, _dataclass._new = None, {}
    again = _shapes(_dataclass.dataclass)
    assert _dataclass._new == {}  # every method came from the file
    _same(plain, first)
    _same(plain, again)
    frozen, _, child, slotted = again
    assert frozen(1) < frozen(2) and frozen(1, c=[1]) == frozen(1, c=[2]) and repr(frozen(1)).endswith("Frozen(a=1, b='x')")
    with pytest.raises(dataclasses.FrozenInstanceError):
        frozen(1).a = 2  # type: ignore[misc]
    assert child(y=(1,), z=5).y == (1, 5) and child(x=1) == child(x=1)  # eq from Base
    assert hash(slotted(1.0)) == hash(slotted(1.0)) and not hasattr(slotted(1.0), "__dict__")
    assert "exec" not in vars(dataclasses)  # the builtin again once decorated


@pytest.mark.parametrize("content", [b"", b"\x00garbage", None])
def test_an_unusable_file_is_compiled_again_and_rewritten(fresh_cache, content):
    import marshal

    fresh_cache.parent.mkdir()
    if content is None:  # a file of another Python: the stamp differs
        content = marshal.dumps(((1, "another python", 0, 4), {"x": compile("pass", "<string>", "exec")}))
    fresh_cache.write_bytes(content)
    plain = _shapes(dataclasses.dataclass)
    made = _shapes(_dataclass.dataclass)
    _same(plain, made)
    assert _dataclass._new
    _dataclass._save()
    stamp, codes = marshal.loads(fresh_cache.read_bytes())
    assert stamp == _dataclass._stamp() and set(_dataclass._new) <= set(codes) and "x" not in codes


def test_nothing_is_written_when_python_writes_no_bytecode(fresh_cache, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _shapes(_dataclass.dataclass)
    _dataclass._save()
    assert not fresh_cache.exists()
