"""The NumPy ABI check of ``stackwise kb scan``/``kb build``: extension modules built with NumPy
1.x headers fail to import with numpy >= 2, and their wheels say so in their bytes.

Wheels are built here and served on 127.0.0.1. The static tests give extension modules the
bytes numpy's ``import_array`` compiles into them; the end-to-end crawl compiles a real
extension module (gcc, Python's headers) that fails under numpy 2 the way numpy's check does,
and confirms the finding with real inspections.
"""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from packaging.tags import sys_tags

from stackwise.cli import main
from stackwise.environment import TargetEnvironment
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.inspect.scan import NUMPY2_SPECIFIER, ScanReport, scan_packages
from stackwise.knowledge.scorefile import load_score_file
from support import IndexServer, build_wheel

Factory = Callable[..., IndexServer]
PLATFORM = str(next(iter(sys_tags())))  # a wheel tag this interpreter installs
CHECK = b"module compiled against ABI version 0x%x but this version of numpy is 0x%x\0"
NUMPY1 = b"\x7fELF....numpy.core._multiarray_umath\0_ARRAY_API\0" + CHECK
NUMPY1_OLD = b"\x7fELF....numpy.core.multiarray\0_ARRAY_API\0" + CHECK  # headers before NumPy 1.16
NUMPY2 = b"\x7fELF....numpy._core._multiarray_umath\0numpy.core._multiarray_umath\0_ARRAY_API\0" + CHECK
PYBIND11 = b"\x7fELF....numpy.core.multiarray\0_ARRAY_API\0pybind11_internals\0"  # no ABI check of numpy's


def _numpy(files: Path) -> None:
    for version in ("1.26.0", "2.0.0", "2.1.0"):
        build_wheel(files, "numpy", version)


def _ext(files: Path, name: str, version: str, requires: list[str], blob: bytes) -> None:
    build_wheel(files, name, version, requires, tag=PLATFORM, files={f"{name}/_core.so": blob})


def _scan(server: IndexServer, cache: Path, names: list[str], **kw: Any) -> ScanReport:
    config = IndexConfig(index_urls=(server.url,), cache_dir=cache)
    with IndexClient(config, TargetEnvironment.current(cpu_flags=frozenset())) as client:
        return scan_packages(names, client, since_years=0, **kw)


def _abi(report: ScanReport) -> dict[str, Any]:
    return {r.package.name + r.id.rsplit(":", 1)[1]: r for r in report.rules
            if (r.evidence or {}).get("finding") == "numpy-abi"}


def test_releases_built_against_numpy_1_that_allow_numpy_2_become_candidate_rules(
        tmp_path: Path, cache_dir: Path, index_factory: Factory) -> None:
    files = tmp_path / "files"
    _numpy(files)
    build_wheel(files, "fastmath", "0.9", ["numpy"], tag=PLATFORM)  # no extension module
    _ext(files, "fastmath", "1.0", ["numpy>=1.20"], NUMPY1_OLD)
    _ext(files, "fastmath", "1.1", ["numpy>=1.20"], NUMPY1)
    _ext(files, "fastmath", "1.2", ["numpy>=1.20,<2"], NUMPY1)  # its metadata keeps numpy 2 away
    _ext(files, "fastmath", "1.3", ["numpy"], NUMPY1)
    _ext(files, "fastmath", "2.0", ["numpy"], NUMPY2)  # built with NumPy 2 headers: runs on both
    _ext(files, "pybound", "1.0", ["numpy"], PYBIND11)
    _ext(files, "extraonly", "1.0", ['numpy; extra == "fast"'], NUMPY1)  # numpy from someone else
    _ext(files, "nonumpy", "1.0", [], NUMPY1)  # metadata never names numpy: not read
    build_wheel(files, "purepkg", "1.0", ["numpy"], files={"purepkg/_core.so": NUMPY1})
    server = index_factory(files_dir=files)

    report = _scan(server, cache_dir, ["fastmath", "pybound", "extraonly", "nonumpy", "purepkg"], checks=["numpy-abi"])

    rules = _abi(report)
    assert sorted(rules) == ["extraonly==1.0", "fastmath==1.3", "fastmath>=1.0,<=1.1"], sorted(rules)
    rule = rules["fastmath>=1.0,<=1.1"]
    assert rule.other is not None and rule.other.name == "numpy"
    assert str(rule.other.specifier) == NUMPY2_SPECIFIER and rule.other.specifier.contains("2.0.0rc1")
    assert not rule.other.specifier.contains("1.26.4")
    assert rule.veto is False and rule.score < 0 and rule.category == "stability"
    assert rule.link.startswith("https://numpy.org/")
    ev = rule.evidence or {}
    assert ev["kind"] == "static-scan" and ev["module"] == "fastmath._core" and ev["confirmed"] is False
    assert ev["consumer_versions"] == ["1.0", "1.1"] and ev["consumer_file"] == "fastmath/_core.so"
    assert "NumPy 1.x C API" in rule.message and "fastmath 1.0 to 1.1" in rule.message
    counters = report.counters
    assert counters["provider_releases"] == 0  # the ABI check reads no provider wheel
    assert counters["excluded_by_requirement"] == 1 and counters["numpy_abi_no_numpy"] == 1
    assert counters["numpy_abi_pure_wheels"] == 1  # purepkg: a pure wheel holds no module of its own build

    # the import check alone finds none of them; both checks (the default) find the same
    assert not _abi(_scan(server, cache_dir / "b", ["fastmath"], checks=["imports"]))
    assert sorted(_abi(_scan(server, cache_dir / "c", ["fastmath"]))) == ["fastmath==1.3", "fastmath>=1.0,<=1.1"]


def test_facts_read_without_sources_never_stand_in_for_an_import_scan(
        tmp_path: Path, cache_dir: Path, index_factory: Factory) -> None:
    files = tmp_path / "files"
    _numpy(files)
    build_wheel(files, "libb", "1.0", files={"libb/__init__.py": "old_name = 1\n"})
    build_wheel(files, "libb", "2.0", files={"libb/__init__.py": "new_name = 1\n"})
    build_wheel(files, "liba", "1.0", ["libb", "numpy"], tag=PLATFORM,
                files={"liba/__init__.py": "from libb import old_name\n", "liba/_core.so": NUMPY1})
    server = index_factory(files_dir=files)

    first = _scan(server, cache_dir, ["liba"], checks=["numpy-abi"])  # facts without parsed sources
    assert list(_abi(first)) == ["liba==1.0"] and first.counters["wheels_read"] == 1

    both = _scan(server, cache_dir, ["liba"])  # same cache: liba is read again, sources parsed
    kinds = sorted((r.evidence or {}).get("finding", "import") for r in both.rules)
    assert kinds == ["import", "numpy-abi"], [r.id for r in both.rules]

    again = _scan(server, cache_dir, ["liba"], checks=["numpy-abi"])  # full facts serve it too
    assert again.counters["wheels_read"] == 0 and again.counters["cache_hits"] == 1
    assert list(_abi(again)) == ["liba==1.0"]


def test_kb_scan_only_rejects_an_unknown_check(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["kb", "scan", "pkg", "--only", "everything"])
    assert exc.value.code == 2 and "invalid choice" in capsys.readouterr().err


# -- end to end: kb build confirms a finding with a real extension module -------------------

C_SOURCE = r"""
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
/* What numpy's import_array() compiled with NumPy 1.x headers does under numpy 2: fail. */
static const char *core = "numpy.core._multiarray_umath";
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_core", NULL, -1, NULL};
PyMODINIT_FUNC PyInit__core(void) {
    PyObject *np = PyImport_ImportModule("numpy");
    if (np == NULL) return NULL;
    PyObject *v = PyObject_GetAttrString(np, "__version__");
    Py_DECREF(np);
    if (v == NULL) return NULL;
    const char *text = PyUnicode_AsUTF8(v);
    int major = text ? atoi(text) : 0;
    Py_DECREF(v);
    if (major >= 2) {
        PyErr_Format(PyExc_ImportError, "module compiled against ABI version 0x%x but this version of numpy "
                     "is 0x%x (%s)", 0x1000009, 0x2000000, core);
        return NULL;
    }
    return PyModule_Create(&def);
}
"""


# Like opencv's cv2: the extension module is loaded by its package's own bootstrap under
# another name, so `import cvlike._core` fails on any numpy; `import cvlike` is the check.
CVLIKE_INIT = """import importlib.util, os
_spec = importlib.util.spec_from_file_location("cvlike_native", os.path.join(os.path.dirname(__file__), "_core.so"))
_native = importlib.util.module_from_spec(_spec)
"""


def _compile(tmp: Path, init: str = "_core") -> bytes | None:
    include = sysconfig.get_paths()["include"]
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None or not (Path(include) / "Python.h").exists():
        return None
    src, out = tmp / f"{init}.c", tmp / f"{init}.so"
    src.write_text(C_SOURCE.replace("PyInit__core", f"PyInit_{init}"))
    done = subprocess.run([gcc, "-shared", "-fPIC", "-O1", f"-I{include}", str(src), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    return out.read_bytes() if done.returncode == 0 else None


def test_kb_build_confirms_a_numpy_abi_finding_and_merges_it_into_a_layer(
        tmp_path: Path, index_factory: Factory, capsys: pytest.CaptureFixture[str]) -> None:
    blob, native = _compile(tmp_path), _compile(tmp_path, "cvlike_native")
    if blob is None or native is None:
        pytest.skip("no C compiler or Python headers to build the extension module with")
    files = tmp_path / "files"
    _numpy(files)
    for version in ("1.0", "1.1"):
        build_wheel(files, "fastmath", version, ["numpy>=1.20"], tag=PLATFORM,
                    files={"fastmath/_core.so": blob, "fastmath/__init__.py": "from . import _core\n"})
    build_wheel(files, "cvlike", "4.0", ["numpy"], tag=PLATFORM,
                files={"cvlike/_core.so": native, "cvlike/__init__.py": CVLIKE_INIT})
    srv = index_factory(files_dir=files)
    base = tmp_path / "base.json"
    base.write_text('{"format": "stackwise-scores", "version": 1, "revision": "b", "rules": [{"id": "kept", '
                    '"package": "other", "specifier": "==1", "score": -0.5, "message": "m", "category": "stability", '
                    '"source": "test", '
                    '"link": "https://example.org/x"}]}')
    out = tmp_path / "learned.json"
    argv = ["kb", "build", "fastmath", "cvlike", "--no-dependencies", "--only", "numpy-abi", "--no-bounds",
            "--merge", str(base), "--state", str(tmp_path / "state"), "-o", str(out),
            "--results", str(tmp_path / "r.db"), "--index-url", srv.url, "--isolated",
            "--cache-dir", str(tmp_path / "cache"), "--wheel-cache", str(tmp_path / "wheels")]
    assert main(argv) == 0
    kb = load_score_file(out)
    by_id = {r.id: r for r in kb.rules}
    assert "kept" in by_id and by_id["kept"].score == -0.5  # the layer's own rules stay
    vetoes = {r.package.name: r for r in kb.rules if r.veto is True}
    assert sorted(vetoes) == ["cvlike", "fastmath"], [r.describe() for r in kb.rules]
    cv = vetoes["cvlike"].evidence or {}  # its own module failed on numpy 1 too: the package was checked
    assert cv["check"] == "python -c 'import cvlike'" and cv["passing_example"]["numpy"] == "1.26.0"
    veto = vetoes["fastmath"]
    assert veto.id.endswith(":>=1.0,<=1.1")
    assert veto.package.specifier.contains("1.0") and not veto.package.specifier.contains("1.2")
    assert veto.other is not None and veto.other.specifier.contains("2.1.0")
    ev = veto.evidence or {}
    assert ev["confirmed"] is True and ev["check"] == "python -c 'import fastmath._core'"
    assert ev["failing_example"]["numpy"] == "2.0.0" and ev["passing_example"]["numpy"] == "1.26.0"
    assert ev["far_end"]["release"] == "numpy==2.1.0" and ev["far_end"]["outcome"] == "failed"
    assert "ABI version" in ev["signature"]
    assert kb.revision.startswith("learned-") and (tmp_path / "learned.index.json").exists()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "confirmed" in err

