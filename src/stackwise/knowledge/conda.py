"""Turn conda-forge's repodata patches into pair rules (``stackwise kb import-conda-patches``).

conda-forge corrects the dependency metadata of packages it already published by
"repodata patches": YAML documents in its ``conda-forge-repodata-patches-feedstock``
(``recipe/patch_yaml/*.yaml``, BSD-3-Clause). Each says *which* records to patch
(``if:`` selectors on name, version, timestamp, ...) and *how* (``then:`` operations such
as ``tighten_depends`` or ``add_constrains``). Many encode exactly the knowledge stackwise
wants: "pandas before 2.2 must not be installed with numpy 2". This module reads them and
writes pair rules: the patched package's version range together with the dependency
versions the patch forbids.

Choices worth knowing (docs/conda-patches.md has the full list):

* Only constraints a patch *adds* count: ``add_depends``/``add_constrains`` (every version
  clause), ``tighten_depends`` with an explicit ``upper_bound``, and the clauses of
  ``replace_*``'s new spec that the old spec did not already imply. Relaxing and removing
  operations, renames and track features say nothing about a bad combination.
* Each added clause becomes one rule about its complement (``<2.0a0`` -> ``>=2.0a0``).
  Score -0.7, category stability, never a veto: the constraint is a fact about conda-forge's
  builds (often an ABI or build-time pin), and an index's wheels of the same version may have
  been built differently. It is a strong hint, not proof of breakage on the index.
* The selector must give a version range: ``version*`` keys become a PEP 440 specifier,
  ``version_in`` one rule per listed version, and a selector with only a name means every
  version. Timestamps and build numbers only pick which *builds* get the fix (newer builds
  already carry it), so they are ignored next to a version, and a selector with a
  timestamp but no version is dropped: which releases predate it cannot be told. Build
  strings and artifact names select variants the index does not have: dropped. ``subdir``
  selectors become a platform marker condition. ``has_depends`` guards are ignored.
* Names are conda names. :data:`CONDA_TO_INDEX` maps the known differences; everything in
  :func:`native_reason` (native libraries, compilers, CUDA, Python itself, conda's own
  tooling, index names that belong to an unrelated project) is dropped. An optional
  ``exists`` check (the CLI's ``--check-index``) drops names the index does not have.
* Attribution: every rule's source is ``conda-forge-repodata-patches@<commit>``, its link
  the patch file at that commit, and its message names the commit and the license.
* A file that is not YAML, or a document of an unexpected shape, is skipped with a counted
  warning; nothing in a patch file makes the import fail.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import field
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise._names import is_project_name
from stackwise.errors import StackwiseError
from stackwise.knowledge.osv import CountedWarnings
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.scorefile import MAX_ID_LENGTH, load_score_file, parse_document

#: A distribution's constraint: strong enough to steer, not a veto (see the module notes).
CONDA_SCORE = -0.7
CATEGORY = "stability"
SOURCE_PREFIX = "conda-forge-repodata-patches@"
DEFAULT_REPO = "conda-forge/conda-forge-repodata-patches-feedstock"
LICENSE = "BSD-3-Clause"
PATCH_DIR = "recipe/patch_yaml"
EVIDENCE_KIND = "conda-forge-repodata-patch"
COMMENT_LIMIT = 300

#: conda-forge name -> index name where the two differ. Each entry was checked: the conda
#: package ships the Python distribution named on the right (split packages such as
#: ``*-base``/``*-core`` ship the same distribution as their metapackage).
CONDA_TO_INDEX: dict[str, str] = {
    "pytorch": "torch",
    "pytorch-cpu": "torch",
    "pytorch-gpu": "torch",
    "py-opencv": "opencv-python",
    "opencv": "opencv-python",
    "matplotlib-base": "matplotlib",
    "tensorflow-base": "tensorflow",
    "msgpack-python": "msgpack",
    "pyqt": "PyQt5",
    "pytables": "tables",
    "dask-core": "dask",
    "seaborn-base": "seaborn",
    "pvlib-python": "pvlib",
    "python-graphviz": "graphviz",
    "python-eccodes": "eccodes",
    "python-flatbuffers": "flatbuffers",
    "python-tzdata": "tzdata",
    "python-kubernetes": "kubernetes",
    "python-confluent-kafka": "confluent-kafka",
    "python-duckdb": "duckdb",
    "python-xxhash": "xxhash",
    "python-lmdb": "lmdb",
    "python-blosc2": "blosc2",
    "python-pdal": "pdal",
    "python-lal": "lalsuite",
    "py-xgboost": "xgboost",
    "py-lief": "lief",
    "tiledb-py": "tiledb",
    "numpy-base": "numpy",
    "brotli-python": "brotli",
    "pyarrow-core": "pyarrow",
    "pyarrow-all": "pyarrow",
    "pymc-base": "pymc",
    "pytensor-base": "pytensor",
    "aesara-base": "aesara",
    "astropy-base": "astropy",
    "hyperspy-base": "hyperspy",
    "uproot-base": "uproot",
    "pandera-base": "pandera",
    "ibis-framework-core": "ibis-framework",
    "nbconvert-core": "nbconvert",
    "starlette-base": "starlette",
    "uvicorn-standard": "uvicorn",
    "jsonschema-with-format": "jsonschema",
    "jsonschema-with-format-nongpl": "jsonschema",
    "jsonschema-with-format-all": "jsonschema",
    "google-cloud-bigquery-storage-core": "google-cloud-bigquery-storage",
    "vtk-base": "vtk",
    "cupy-core": "cupy",
    "chemfiles-python": "chemfiles",
    "taurus-core": "taurus",
    "sardana-core": "sardana",
    "nvmath-python-cpu": "nvmath-python",
    "iris": "scitools-iris",
    "xcube": "xcube-core",
    "wgpu-py": "wgpu",
    "ismrmrd-python": "ismrmrd",
    "zerorpc-python": "zerorpc",
    "airflow": "apache-airflow",
}
#: Prefixes of conda split packages that all ship one index distribution.
_PREFIX_TO_INDEX: tuple[tuple[str, str], ...] = (("ray-", "ray"), ("airflow-with-", "apache-airflow"))

#: conda packages that are not Python distributions on the index, or whose namesake on the
#: index is another project, by kind (the kind is the reason ``-v`` prints). Prefix and
#: suffix patterns (``lib*``, ``cuda-*``, ``*-cpp``, compilers, ...) are in native_reason().
_NATIVE_GROUPS: dict[str, tuple[str, ...]] = {
    "Python itself": (
        "python", "python_abi", "pypy", "pypy3", "cpython", "freethreading", "python-freethreading",
        "python-gil"
    ),
    "an OpenMP, BLAS or math library": (
        "_openmp_mutex", "openmp", "intel-openmp", "llvm-openmp", "mkl", "mkl-devel", "mkl-include",
        "mkl-service", "nomkl", "tbb", "tbb-devel", "openblas", "blas", "lapack", "openlibm",
        "fftw", "arpack", "metis", "parmetis", "scotch", "petsc", "slepc", "hypre", "suitesparse",
        "glpk", "ipopt", "gmp", "mpfr", "flint", "ntl", "pari", "gf2x", "antic", "e-antic", "eigen"
    ),
    "a compression, crypto or system library": (
        "zlib", "xz", "xz-tools", "xz-gpl-tools", "bzip2", "lz4-c", "zstd", "snappy", "c-ares",
        "c-blosc", "c-blosc2", "openssl", "ca-certificates", "curl", "krb5", "icu", "expat",
        "ncurses", "readline", "tk", "sqlite", "dbus", "elfutils"
    ),
    "an image, media or GUI library": (
        "jpeg", "openjpeg", "giflib", "pango", "cairo", "harfbuzz", "fontconfig", "freetype",
        "glib", "gettext", "gstreamer", "ffmpeg", "openh264", "x264", "x265", "svt-av1", "rav1e",
        "dav1d", "aom", "wxwidgets", "mesalib", "glfw", "glew", "sdl2", "alsa-lib", "pulseaudio",
        "openslide", "openexr", "imath", "openvdb", "assimp"
    ),
    "a C++ library": (
        "boost", "abseil-cpp", "re2", "spdlog", "fmt", "gtest", "gmock", "tinyxml2",
        "foonathan-memory", "osqp-eigen", "manif", "thrust", "cub", "cccl", "cutlass", "cpptango",
        "omniorb", "omniorb-libs", "s2geometry", "chemfiles-lib", "urdfdom", "urdfdom_headers"
    ),
    "a data-format or geo library": (
        "hdf5", "hdf4", "netcdf-fortran", "proj", "proj4", "proj.4", "geos", "tiledb", "pdal",
        "qgis", "cdo", "nco", "eccodes", "flatbuffers", "gmt", "cmor"
    ),
    "a CUDA, GPU or MPI library": (
        "ucx", "nccl", "magma", "cudatoolkit", "cudnn", "cutensor", "cudensitymat", "rocm", "mpi",
        "mpich", "openmpi", "impi_rt", "openmpi_external", "nvidia-apex", "nvidia-apex-proc", "wgpu-native"
    ),
    "a program or language runtime": (
        "maxima", "sagelib", "singular", "gap", "julia", "openjdk", "nodejs", "pandoc", "graphviz",
        "git", "perl", "root", "root_base", "root_cxx_standard", "pythia8", "lal", "kaldi",
        "ambertools", "lammps", "rabbitmq-server", "kim-api", "openkim-models", "numcosmo", "pynio"
    ),
    "a build tool or compiler": (
        "cmake", "ninja", "make", "pkg-config", "autoconf", "automake", "m4", "patchelf", "nsis",
        "swig", "compiler-rt", "vc", "ucrt", "vc14_runtime"
    ),
    "conda's own tooling": (
        "conda", "conda-build", "conda-libmamba-solver", "conda-standalone", "conda-content-trust",
        "conda-forge-ci-setup", "conda-forge-feedstock-check-solvable", "conda-smithy",
        "conda-verify", "conda-index", "nb_conda", "rattler-build", "pixi", "mamba", "micromamba",
        "boa", "constructor", "menuinst", "arm-variant", "pywin32-on-windows"
    ),
    "a conda package whose index namesake is another project": (
        "gct", "clad", "cling", "imp", "rmf", "openfe", "gazebo", "geokit", "pcl"
    ),
}
NATIVE: dict[str, str] = {name: why for why, names in _NATIVE_GROUPS.items() for name in names}
#: Python distributions that start like native libraries do (``lib*``, ``cuda-*``, ``llvm*``).
_PYTHON_DESPITE_PREFIX: frozenset[str] = frozenset(
    {"libpysal", "libcst", "librosa", "libsass", "libtmux", "cuda-python", "cuda-core",
     "cuda-bindings", "cuda-pathfinder", "llvmlite"}
)
_NATIVE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("__", "a conda virtual package"),
    ("_", "a conda metapackage"),
    ("lib", "a native library"),
    ("cuda-", "a CUDA component"),
    ("r-", "an R package"),
    ("m2-", "an MSYS2 package"),
    ("m2w64-", "an MSYS2 package"),
    ("msys2-", "an MSYS2 package"),
    ("blas_", "a BLAS variant"),
    ("mumps-", "a native library"),
    ("mpich_", "an MPI variant"),
    ("openmpi-", "an MPI variant"),
    ("llvm", "a compiler toolchain"),
    ("clang", "a compiler toolchain"),
    ("gcc", "a compiler toolchain"),
    ("gxx", "a compiler toolchain"),
    ("gfortran", "a compiler toolchain"),
    ("sysroot", "a compiler toolchain"),
    ("ld64", "a compiler toolchain"),
    ("cctools", "a compiler toolchain"),
    ("nvcc", "a compiler toolchain"),
    ("vs20", "a compiler toolchain"),
    ("vs_", "a compiler toolchain"),
    ("gst-", "a native library"),
    ("aws-c-", "a native library"),
    ("rubin-env", "a conda metapackage"),
)
_NATIVE_SUFFIXES: tuple[str, ...] = ("-cpp", "-devel", "-dev", "-static", "-abi", "-headers", "-libs")
_QT = re.compile(r"^qt\d*(-|$)")
_PLATFORM_SUFFIX = re.compile(r"_(linux|osx|win)-")

#: conda subdirs -> (sys_platform, platform_machine) for rule conditions.
_SUBDIRS: dict[str, tuple[str, str | None]] = {
    "linux-64": ("linux", "x86_64"),
    "linux-aarch64": ("linux", "aarch64"),
    "linux-ppc64le": ("linux", "ppc64le"),
    "linux-s390x": ("linux", "s390x"),
    "linux-armv7l": ("linux", "armv7l"),
    "osx-64": ("darwin", "x86_64"),
    "osx-arm64": ("darwin", "arm64"),
    "win-64": ("win32", "AMD64"),
    "win-arm64": ("win32", "ARM64"),
    "linux-*": ("linux", None),
    "osx-*": ("darwin", None),
    "win-*": ("win32", None),
}

#: Why constraints were dropped; the keys are what ``-v`` and the summary print.
DROP_REASONS: dict[str, str] = {
    "not-a-constraint": "operation relaxes, removes or renames (no bad combination)",
    "max-pin": "tighten_depends by max_pin (the bound depends on each build's own pin)",
    "no-version-constraint": "dependency added without a version constraint",
    "unexpressible-spec": "dependency spec not expressible in PEP 440 (or-specs, globs, non-PEP 440 versions)",
    "template": "spec uses record fields that a version range cannot fill",
    "not-added": "replacement adds no clause the old spec did not imply",
    "no-package-name": "selector names no package (only dependencies or globs)",
    "timestamp-only": "selector has a timestamp but no version range",
    "build-selector": "selector picks builds by build string, artifact or track feature",
    "version-pattern": "selector version not expressible as a PEP 440 specifier",
    "platform": "selector platform (subdir) not expressible as a marker",
    "unknown-selector": "selector key this importer does not know",
    "native": "native library, compiler, CUDA, Python itself or conda tooling",
    "not-on-index": "no such project on the index (counted per rule)",
    "same-package": "both sides map to the same index package",
    "duplicate": "same rule already written from another document",
    "id-too-long": "its rule id would be over the score file's 300 characters",
}


class _Drop(Exception):
    """A constraint cannot become a rule, for the reason ``key`` (see DROP_REASONS)."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(key)
        self.key = key
        self.detail = detail


@dataclass
class CondaImportStats(CountedWarnings):
    """What an import saw, for the summary, ``-v`` and tests."""

    files: int = 0
    documents: int = 0
    bad_documents: int = 0
    unreadable: int = 0
    rules: int = 0
    commit: str = ""
    packages: set[str] = field(default_factory=set)
    dropped: Counter[str] = field(default_factory=Counter)
    dropped_details: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def drop(self, key: str, where: str, detail: str = "", count: int = 1) -> None:
        self.dropped[key] += count
        self.dropped_details.append(f"{key}: {where}{': ' + detail if detail else ''}")

    def summary(self, *, by_reason: bool = True) -> str:
        """One paragraph of counts; ``by_reason`` adds the count per drop reason."""
        text = (
            f"read {self.documents} patch document(s) from {self.files} file(s) in {self.seconds:.2f} s "
            f"(commit {self.commit[:12]}); {self.rules} pair rule(s) about {len(self.packages)} patched package(s)"
        )
        if self.unreadable or self.bad_documents:
            text += f"; {self.unreadable} unreadable file(s) and {self.bad_documents} malformed document(s) skipped"
        if self.dropped:
            text += f"; {sum(self.dropped.values())} constraint(s) dropped"
            if by_reason:
                parts = [f"{n} {key}" for key, n in sorted(self.dropped.items(), key=lambda kv: (-kv[1], kv[0]))]
                text += f" ({', '.join(parts)})"
        return text + "."


# Names ---------------------------------------------------------------------------------


def native_reason(conda_name: str) -> str | None:
    """Why a conda package is not a Python distribution on the index, or None if it may be."""
    raw = conda_name.lower()
    forms = (raw, canonicalize_name(raw), raw.replace("_", "-"))  # conda and index spellings
    for name in forms:
        if name in NATIVE:
            return NATIVE[name]
    if any(name in _PYTHON_DESPITE_PREFIX for name in forms):
        return None
    for prefix, why in _NATIVE_PREFIXES:
        if raw.startswith(prefix):
            return why
    for name in forms:
        if name.endswith(_NATIVE_SUFFIXES):
            return "a native library"
        if _QT.match(name):
            return "the Qt libraries"
        if _PLATFORM_SUFFIX.search(raw):
            return "a compiler toolchain"
    return None


def index_name(conda_name: str) -> str:
    """The index project a conda package corresponds to (the name itself unless mapped)."""
    name = conda_name.lower()
    if name in CONDA_TO_INDEX:
        return CONDA_TO_INDEX[name]
    for prefix, target in _PREFIX_TO_INDEX:
        if name.startswith(prefix):
            return target
    return name


def _mapped(conda_name: str) -> NormalizedName:
    """Index name for a conda name, or a _Drop saying why there is none."""
    why = native_reason(conda_name)
    if why is not None:
        raise _Drop("native", f"{conda_name} ({why})")
    name = index_name(conda_name)
    if not is_project_name(name):
        raise _Drop("no-package-name", f"{conda_name!r} is not a project name")
    return canonicalize_name(name)


# Conda match specs -> PEP 440 ----------------------------------------------------------


@dataclass(frozen=True)
class CondaSpec:
    """``name version build`` of a conda match spec; ``version`` is conda syntax, '' = any."""

    name: str
    version: str
    build: str = ""


_SPEC_NAME = re.compile(r"\s*([A-Za-z0-9_][A-Za-z0-9_.\-]*)(.*)$", re.S)
_EXACT_WITH_BUILD = re.compile(r"^==?([^=<>!~,|\s]+)=(\S+)$")
_CLAUSE = re.compile(r"^(>=|<=|==|!=|~=|>|<|=)?(.*)$")
_TEMPLATE = re.compile(r"\$\{?(\w+)\}?")
_GLOB = re.compile(r"[*?\[\]()]")


def parse_conda_spec(text: str) -> CondaSpec:
    """Split a conda match spec (``numpy >=1.22,<2.0a0``, ``pandas<3``, ``x =1.2=build``)."""
    text = text.strip()
    if "::" in text:
        text = text.split("::", 1)[1]  # a channel prefix
    m = _SPEC_NAME.match(text)
    if m is None:
        raise _Drop("unexpressible-spec", f"{text!r} is not a match spec")
    name, rest = m.group(1), m.group(2).strip()
    if rest.startswith(("[", "?", "*")):
        raise _Drop("unexpressible-spec", f"{text!r} uses bracket or glob syntax")
    parts = rest.split()
    version = parts[0] if parts else ""
    build = " ".join(parts[1:])
    exact = _EXACT_WITH_BUILD.match(version)
    if exact is not None:
        version, build = f"=={exact.group(1)}", exact.group(2)
    return CondaSpec(name, version, build)


def _pep440(version: str, text: str) -> Version:
    try:
        return Version(version)
    except InvalidVersion:
        raise _Drop("unexpressible-spec", f"{version!r} in {text!r} is not a PEP 440 version") from None


def conda_clauses(version: str, text: str = "") -> list[Specifier]:
    """A conda version spec as PEP 440 clauses (all must hold); [] for any version."""
    text = text or version
    if "|" in version:
        raise _Drop("unexpressible-spec", f"{text!r} is an or-spec")
    out: list[Specifier] = []
    for raw in version.split(","):
        raw = raw.strip()
        if raw in ("", "*"):
            continue
        op, value = _CLAUSE.match(raw).groups()  # type: ignore[union-attr]  # the pattern always matches
        op = op or ""
        star = value.endswith("*")
        value = value.rstrip("*").rstrip(".")
        if not value and op in (">=", ">", "=", ""):
            continue  # ``>=*``: any version
        if not value or _GLOB.search(value):
            raise _Drop("unexpressible-spec", f"{raw!r} in {text!r} is a glob")
        _pep440(value, text)
        if star or op == "=":
            if op in ("", "=", "=="):
                clause = f"=={value}.*"
            elif op == "!=":
                clause = f"!={value}.*"
            elif op in (">=", ">", "<", "<="):
                clause = f"{op}{value}"  # conda ignores a star after an ordering operator
            else:
                raise _Drop("unexpressible-spec", f"{raw!r} in {text!r}")
        else:
            clause = f"{op or '=='}{value}"
        try:
            out.append(Specifier(clause))
        except InvalidSpecifier:
            raise _Drop("unexpressible-spec", f"{raw!r} in {text!r} has no PEP 440 equivalent") from None
    return out


def complements(clause: Specifier) -> list[str]:
    """The versions one clause forbids, as PEP 440 specifiers ('' = every version)."""
    op, value = clause.operator, clause.version
    if op == "<":
        return [""] if Version(value) <= Version("0") else [f">={value}"]  # ``<0`` forbids all
    if op == "<=":
        return [f">{value}"]
    if op == ">=":
        return [f"<{value}"]
    if op == ">":
        return [f"<={value}"]
    if op == "==":
        return [f"!={value}"]
    if op == "!=":
        return [f"=={value}"]
    if op == "~=":  # ~=X.Y means >=X.Y and ==X.*: forbidden is either complement
        prefix = ".".join(value.split(".")[:-1])
        return [f"<{value}", f"!={prefix}.*"]
    raise _Drop("unexpressible-spec", f"{clause}")


def _key(clause: Specifier) -> tuple[str, Version]:
    return clause.operator, Version(clause.version.rstrip(".*"))


def _implied(new: Specifier, old: list[Specifier]) -> bool:
    """Whether the old clauses already forbid everything ``new`` forbids (a bound no looser)."""
    op, v = _key(new)
    for clause in old:
        if clause == new:
            return True
        oop, ov = _key(clause)
        exact = oop == "==" and not clause.version.endswith("*")
        for uppers in (("<", "<="), (">", ">=")):
            if op in uppers and (oop in uppers or exact):
                # ``<v`` is no looser than ``<=v`` or ``==v`` only if those exclude v too.
                strict = op == uppers[0] and oop != uppers[0]
                beyond = ov < v if uppers[0] == "<" else ov > v
                if beyond or (ov == v and not strict):
                    return True
    return False


# Selectors -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What an ``if:`` block selects, as far as the index can know it."""

    names: tuple[str, ...]
    #: One PEP 440 specifier per alternative ('' = every version).
    specifiers: tuple[str, ...]
    #: The single exact version, when there is one (to fill templates).
    exact: str | None = None
    marker: str | None = None


_VERSION_OPS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "ne": "!="}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_IGNORED_KEYS = re.compile(r"^(not_)?(has_depends|has_constrains|timestamp(_(lt|le|gt|ge|eq|ne))?|build_number(_(lt|le|gt|ge|eq|ne|in))?)$")


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _version_clause(op: str, value: str) -> str:
    """A selector version (exact, or a ``X.*`` glob) as a PEP 440 clause."""
    value = value.strip()
    if value.endswith(".*") and not _GLOB.search(value[:-2]) and op in ("==", "!="):
        clause = f"{op}{value}"
    elif _GLOB.search(value):
        raise _Drop("version-pattern", f"{value!r}")
    else:
        clause = f"{op}{value}"
    try:
        Specifier(clause)
    except InvalidSpecifier:
        raise _Drop("version-pattern", f"{value!r} is not a PEP 440 version") from None
    return clause


_CHAR_CLASS = re.compile(r"\[([0-9]+)\]")


def _version_alternatives(value: str) -> list[str]:
    """``version:`` globs the feedstock uses, as ``==`` clauses: ``[23].*`` -> 2.* and 3.*.

    One character class of digits is expanded, and a trailing ``*`` right after a digit is
    read as ``.*`` (``2*`` -> ``2.*``; fnmatch would also match 20, which no patch means).
    """
    value = value.strip()
    m = _CHAR_CLASS.search(value)
    expanded = [value[: m.start()] + c + value[m.end():] for c in m.group(1)] if m else [value]
    out = []
    for v in expanded:
        if v.endswith("*") and not v.endswith(".*") and v[-2:-1].isdigit():
            v = v[:-1] + ".*"
        out.append(_version_clause("==", v))
    return out


_BUILD_NUMBER_ONLY = re.compile(r"^\*_?\d+$")
_NOARCH_PYTHON_BUILD = re.compile(r"^pyh[0-9a-f]*_\d+$")
_ARTIFACT = re.compile(r"^(?P<name>.+)-(?P<version>[^-]+)-(?P<build>[^-]+)\.(conda|tar\.bz2)$")


def _same_version_builds(builds: list[str]) -> bool:
    """Build strings that only pick a build *number* of a version (``*_0``, ``pyhd8ed1ab_1``).

    Like ``build_number`` selectors they single out the builds made before the recipe was
    fixed; the constraint is about the version. Anything else (``cpu_*``, ``*py38*``,
    ``cuda*``) picks a variant the index does not have.
    """
    return all(_BUILD_NUMBER_ONLY.match(b) or _NOARCH_PYTHON_BUILD.match(b) for b in builds)


def _artifacts(value: Any) -> tuple[str, list[str]]:
    """(name, version clauses) of ``artifact_in`` files of noarch Python builds of one package."""
    names, versions = set(), []
    for artifact in _as_list(value):
        m = _ARTIFACT.match(artifact.strip())
        if m is None or not _same_version_builds([m.group("build")]):
            raise _Drop("build-selector", f"artifact {artifact}")
        names.add(m.group("name"))
        versions.append(_version_clause("==", m.group("version")))
    if len(names) != 1:
        raise _Drop("build-selector", f"artifacts of several packages: {', '.join(sorted(names))}")
    return names.pop(), list(dict.fromkeys(versions))


def _marker_for(subdirs: list[str]) -> str | None:
    """A PEP 508 marker for conda subdirs; None means every platform (noarch)."""
    if any(s in ("noarch", "*") for s in subdirs):
        return None
    parts = []
    for subdir in subdirs:
        if subdir not in _SUBDIRS:
            raise _Drop("platform", f"subdir {subdir!r}")
        platform, machine = _SUBDIRS[subdir]
        text = f'sys_platform == "{platform}"'
        if machine:
            text += f' and platform_machine == "{machine}"'
        parts.append(text)
    unique = list(dict.fromkeys(parts))
    marker = unique[0] if len(unique) == 1 else " or ".join(f"({p})" for p in unique)
    return str(Marker(marker))


def parse_selector(cond: dict[str, Any]) -> Selection:
    """The package names, version ranges and platform an ``if:`` block selects."""
    names: list[str] = []
    clauses: list[str] = []
    alternatives: list[str] | None = None
    marker: str | None = None
    has_time = False

    def alternatives_from(key: str, found: list[str]) -> list[str]:
        if alternatives is not None:
            raise _Drop("version-pattern", f"{key} next to another list of versions")
        return found

    for raw_key, value in cond.items():
        key = str(raw_key)
        if key in ("name", "name_in"):
            names.extend(_as_list(value))
        elif key in ("not_name", "not_name_in"):
            continue  # exclusions only matter next to a name glob, which is dropped anyway
        elif key in ("build", "build_in"):
            if not _same_version_builds(_as_list(value)):
                raise _Drop("build-selector", f"{key}: {value}")
        elif key == "artifact_in":
            name, versions = _artifacts(value)
            if names and name not in names:
                raise _Drop("build-selector", f"artifacts of {name}, not of {', '.join(names)}")
            names = [name]
            alternatives = alternatives_from(key, versions)
        elif key in ("has_track_features", "features"):
            raise _Drop("build-selector", f"{key}: {value}")
        elif key in ("not_build", "not_build_in", "not_artifact_in", "not_has_track_features"):
            continue  # all builds but some: still the version as a whole
        elif key in ("subdir", "subdir_in", "subdir_eq"):
            marker = _marker_for(_as_list(value))
        elif key == "not_subdir_in":
            if any(s != "noarch" for s in _as_list(value)):
                raise _Drop("platform", f"{key}: {value}")
        elif key in ("version", "version_eq"):
            found = _version_alternatives(str(value))
            if len(found) == 1:
                clauses.extend(found)
            else:
                alternatives = alternatives_from(key, found)
        elif key == "not_version":
            clauses.append(_version_clause("!=", str(value)))
        elif key == "version_in":
            alternatives = alternatives_from(key, [c for v in _as_list(value) for c in _version_alternatives(v)])
        elif key == "not_version_in":
            clauses.extend(_version_clause("!=", v) for v in _as_list(value))
        elif key.startswith(("version_", "not_version_")) and key.rsplit("_", 1)[-1] in _VERSION_OPS:
            op = _VERSION_OPS[key.rsplit("_", 1)[-1]]
            if key.startswith("not_"):
                op = _NEGATED[op]
            if _GLOB.search(str(value)):
                raise _Drop("version-pattern", f"{key}: {value}")
            clauses.append(_version_clause(op, str(value)))
        elif _IGNORED_KEYS.match(key):
            has_time = has_time or "timestamp" in key
        else:
            raise _Drop("unknown-selector", f"{key}: {value}")
    plain = [n for n in names if not _GLOB.search(n)]
    if not plain:
        raise _Drop("no-package-name", ", ".join(names) or "no name")
    if not clauses and alternatives is None and has_time:
        raise _Drop("timestamp-only")
    base = ",".join(clauses)
    specs = tuple(",".join(filter(None, [base, alt])) for alt in alternatives) if alternatives is not None else (base,)
    exact = None
    if len(specs) == 1 and re.fullmatch(r"==[^,*]+", specs[0]):
        exact = specs[0][2:]
    for spec in specs:
        SpecifierSet(spec)  # each clause was checked; the combination parses too
    return Selection(tuple(plain), specs, exact, marker)


# Operations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Constraint:
    """One dependency constraint a patch adds, before the selector is applied."""

    operation: str
    dependency: str  # conda name
    spec: str  # the spec as the patched record has it (template placeholders unresolved)
    old: str | None = None  # replace_*: the spec it replaces


_RELAXING = ("loosen_depends", "remove_depends", "remove_constrains", "rename_depends", "rename_constrains",
             "add_track_features", "remove_track_features", "reset_constrains", "relax_exact_depends")


def constraints_of(op: str, value: Any) -> list[Constraint]:
    """The constraints one ``then:`` operation adds (empty, or a _Drop, when none)."""
    if op in _RELAXING:
        raise _Drop("not-a-constraint", op)
    if op in ("add_depends", "add_constrains"):
        items = value if isinstance(value, list) else [value]
        return [Constraint(op, _spec_name(str(item)), str(item)) for item in items]
    if op in ("replace_depends", "replace_constrains"):
        if not isinstance(value, dict) or not isinstance(value.get("new"), str) or not isinstance(value.get("old"), str):
            raise ValueError(f"{op} needs old and new strings")
        new = value["new"].replace("${old}", value["old"]).replace("$old", value["old"])
        return [Constraint(op, _spec_name(new), new, value["old"])]
    if op == "tighten_depends":
        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            raise ValueError(f"{op} needs a name")
        name = value["name"]
        if "upper_bound" not in value:
            raise _Drop("max-pin", f"{name} max_pin {value.get('max_pin')}")
        upper = str(value["upper_bound"]).strip()
        if _GLOB.search(name):
            raise _Drop("unexpressible-spec", f"dependency name pattern {name!r}")
        parts = upper.split(".")
        if parts[-1] != "0":
            parts.append("0")  # what the feedstock's tighten writes: 2.13 -> <2.13.0a0
        return [Constraint(op, name, f"{name} <{'.'.join(parts)}a0")]
    raise ValueError(f"unknown operation {op!r}")


def _spec_name(text: str) -> str:
    m = _SPEC_NAME.match(text.strip().split("::", 1)[-1])
    return m.group(1) if m else text


def _fill(spec: str, selection: Selection, conda_name: str) -> str:
    """Fill ``${version}``-style placeholders from an exact-version selector."""
    names = set(_TEMPLATE.findall(spec))
    if not names:
        return spec
    if selection.exact is None:
        raise _Drop("template", spec)
    v = selection.exact
    parts = v.split(".")
    values = {
        "name": conda_name,
        "version": v,
        "major_version": parts[0],
        "minor_version": parts[1] if len(parts) > 1 else "0",
        "patch_version": parts[2] if len(parts) > 2 else "0",
        "build_number": "*",
        "build": "*",
    }
    if parts[-1].isdigit():
        values["next_version"] = ".".join([*parts[:-1], str(int(parts[-1]) + 1)])
    if not names <= set(values):
        raise _Drop("template", spec)
    return _TEMPLATE.sub(lambda m: values[m.group(1)], spec)


def added_clauses(constraint: Constraint, spec: str) -> list[Specifier]:
    """The PEP 440 clauses of ``spec`` the operation adds (for replace: beyond the old spec)."""
    parsed = parse_conda_spec(spec)
    new = conda_clauses(parsed.version, spec)
    if not new:
        raise _Drop("no-version-constraint", spec)
    if constraint.old is None:
        return new
    try:
        old_spec = parse_conda_spec(constraint.old)
        same = canonicalize_name(old_spec.name) == canonicalize_name(parsed.name)
        old = conda_clauses(old_spec.version, constraint.old) if same and not _GLOB.search(old_spec.version.replace(".*", "")) else []
    except _Drop:
        old = []  # an old pattern: every clause of the new spec is news
    added = [c for c in new if not _implied(c, old)]
    if not added:
        raise _Drop("not-added", f"{constraint.old} -> {spec}")
    return added


# Comments ------------------------------------------------------------------------------


_DOC_SPLIT = re.compile(r"^---[ \t]*(?:#.*)?$", re.M)
_CODE_HINT = re.compile(r"record|=|^\s*(if|elif|for|from|else|return|def|import)\b|[:({\[]\s*$|\$schema")


def _comment_text(lines: Iterable[str]) -> str:
    """The prose and links in full-line comments; commented-out code is left out."""
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("#"):
            continue
        text = re.sub(r"^[#\s]+", "", stripped)
        if not text:
            continue
        if "http://" in text or "https://" in text:
            url = re.search(r"https?://\S+", text)
            kept.append(url.group(0).rstrip(".,)") if url and _CODE_HINT.search(text.replace(url.group(0), "")) else text)
        elif not _CODE_HINT.search(text) and len(text.split()) >= 3:
            kept.append(text)
    joined = " ".join(dict.fromkeys(kept))
    if len(joined) > COMMENT_LIMIT:
        joined = joined[: COMMENT_LIMIT - 1].rstrip() + "…"
    return joined


# Files ---------------------------------------------------------------------------------


def _yaml() -> tuple[Any, Any]:
    from stackwise.knowledge.osv import yaml_loader

    return yaml_loader("conda-forge repodata patches")


def patch_files(path: str | os.PathLike[str]) -> list[Path]:
    """The patch YAML files under ``path``: a file, a ``patch_yaml`` directory or a checkout."""
    root = Path(path)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise StackwiseError(f"{root}: no such file or directory (expected conda-forge repodata patch YAML files).")
    for candidate in (root / PATCH_DIR, root):
        if candidate.is_dir():
            found = sorted(p for p in candidate.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
            if found:
                return found
    return []


_COMMIT = re.compile(r"\b[0-9a-f]{40}\b")


def find_commit(path: str | os.PathLike[str]) -> str | None:
    """The feedstock commit a snapshot was taken at: a SOURCE.md beside it, or a git checkout."""
    start = Path(path).resolve()
    for folder in [start, *start.parents][:5]:
        if folder.is_file():
            continue
        source = folder / "SOURCE.md"
        if source.is_file():
            try:
                found = _COMMIT.search(source.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                found = None
            if found:
                return found.group(0)
        head = folder / ".git" / "HEAD"
        if head.is_file():
            return _git_head(folder / ".git", head)
    return None


def _git_head(git: Path, head: Path) -> str | None:
    """HEAD's commit from the files of a git directory (no git command needed)."""
    try:
        text = head.read_text(encoding="utf-8").strip()
        if _COMMIT.fullmatch(text):
            return text
        ref = text.removeprefix("ref:").strip()
        loose = git / ref
        if loose.is_file():
            value = loose.read_text(encoding="utf-8").strip()
            return value if _COMMIT.fullmatch(value) else None
        packed = git / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8").splitlines():
                sha, _, name = line.partition(" ")
                if name.strip() == ref and _COMMIT.fullmatch(sha):
                    return sha
    except OSError:
        return None
    return None


def read_patch_file(path: Path, stats: CondaImportStats) -> list[tuple[int, Any, str]]:
    """``(document number, document, note)`` for each document of one file; [] if unreadable.

    The note quotes the document's own comments, or else the file's leading comment
    (saying so, since that may be about another document of the file).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        stats.unreadable += 1
        stats.warn(f"{path}: cannot read ({exc}); skipped")
        return []
    yaml, loader = _yaml()
    try:
        docs = [d for d in yaml.load_all(text, Loader=loader) if d is not None]
    except yaml.YAMLError as exc:
        stats.unreadable += 1
        stats.warn(f"{path}: not valid YAML ({str(exc).splitlines()[0]}); skipped")
        return []
    lines = text.splitlines()
    top = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), len(lines))
    header = _comment_text(lines[:top])
    # Each "---"-separated chunk parsed alone gives the comments of its document. When that
    # does not line up with the real documents ("---" inside a block scalar, say), every
    # document gets the file's header comment instead.
    comments: list[str] = []
    try:
        for chunk in _DOC_SPLIT.split(text):
            if yaml.load(chunk, Loader=loader) is not None:
                comments.append(_comment_text(chunk.splitlines()))
    except yaml.YAMLError:
        comments = []
    if len(comments) != len(docs):
        comments = [""] * len(docs)
    out = []
    for n, doc in enumerate(docs, start=1):
        own = comments[n - 1]
        note = f"Patch comment: {own}" if own else f"Comment at the top of the file: {header}" if header else ""
        out.append((n, doc, note))
    return out


# The import ----------------------------------------------------------------------------


@dataclass
class _Context:
    commit: str
    repo: str
    stats: CondaImportStats
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)


def _link(ctx: _Context, filename: str) -> str:
    return f"https://github.com/{ctx.repo}/blob/{ctx.commit}/{PATCH_DIR}/{filename}"


def _document_rules(ctx: _Context, path: Path, n: int, doc: Any, comment: str) -> None:
    """Add the rules one patch document gives to ``ctx.rules``; count what it drops."""
    stats = ctx.stats
    where = f"{path.name}#{n}"
    if not isinstance(doc, dict) or not isinstance(doc.get("if"), dict) or not isinstance(doc.get("then"), list):
        stats.bad_documents += 1
        stats.warn(f"{where}: not an if/then patch document; skipped")
        return
    stats.documents += 1
    found: list[Constraint] = []
    for op_entry in doc["then"]:
        if not isinstance(op_entry, dict) or len(op_entry) != 1:
            stats.bad_documents += 1
            stats.warn(f"{where}: operation {op_entry!r} is not a one-key mapping; ignored")
            continue
        ((op, value),) = op_entry.items()
        try:
            found.extend(constraints_of(str(op), value))
        except _Drop as drop:
            stats.drop(drop.key, where, drop.detail)
        except ValueError as exc:
            stats.bad_documents += 1
            stats.warn(f"{where}: {exc}; ignored")
    if not found:
        return
    try:
        selection = parse_selector(doc["if"])
    except _Drop as drop:
        stats.drop(drop.key, where, drop.detail, count=len(found))
        return
    for conda_name in selection.names:
        for constraint in found:
            try:
                _constraint_rules(ctx, path, n, conda_name, selection, constraint, comment)
            except _Drop as drop:
                stats.drop(drop.key, f"{where} {conda_name}/{constraint.dependency}", drop.detail)


def _constraint_rules(
    ctx: _Context, path: Path, n: int, conda_name: str, selection: Selection, constraint: Constraint, comment: str
) -> None:
    """Rules for one package name of a selector and one added constraint."""
    package = _mapped(conda_name)
    spec = _fill(constraint.spec, selection, conda_name)
    parsed = parse_conda_spec(spec)
    dependency = _mapped(parsed.name)
    if dependency == package:
        raise _Drop("same-package", f"{conda_name} / {parsed.name}")
    clauses = added_clauses(constraint, spec)
    kind = "depend on" if constraint.operation.endswith("depends") else "be constrained to"
    short = ctx.commit[:12]
    attribution = f"conda-forge-repodata-patches-feedstock@{short}, {PATCH_DIR}/{path.name}, {LICENSE}"
    note = f" {comment}" if comment else ""
    where = ""
    if selection.marker:
        where = f" on {selection.marker}"
    for pkg_spec in selection.specifiers:
        for clause in clauses:
            for forbidden in complements(clause):
                rid = f"conda:{package}:{pkg_spec or '*'}:{dependency}:{forbidden or '*'}"
                if selection.marker:
                    rid += f":{selection.marker}"
                if rid in ctx.rules:
                    ctx.stats.drop("duplicate", f"{path.name}#{n}", rid)
                    continue
                if len(rid) > MAX_ID_LENGTH:  # one such rule would make the whole import invalid
                    ctx.stats.drop("id-too-long", f"{path.name}#{n}", rid[:80] + "...")
                    continue
                versions = f"{pkg_spec}" if pkg_spec else " (every version)"
                message = (
                    f"conda-forge's repodata patch ({constraint.operation}) makes {conda_name}{versions} {kind} "
                    f"{spec.strip()}{where}, so conda-forge does not install {package}{pkg_spec} with "
                    f"{dependency}{forbidden or ' (any version)'}.{note} [{attribution}]"
                )
                rule: dict[str, Any] = {"id": rid, "package": package}
                if pkg_spec:
                    rule["specifier"] = pkg_spec
                rule["with"] = {"package": dependency, **({"specifier": forbidden} if forbidden else {})}
                rule.update(
                    score=CONDA_SCORE,
                    category=CATEGORY,
                    message=message,
                    link=_link(ctx, path.name),
                    source=SOURCE_PREFIX + ctx.commit,
                    evidence={
                        "kind": EVIDENCE_KIND,
                        "file": f"{PATCH_DIR}/{path.name}",
                        "document": n,
                        "operation": constraint.operation,
                        "conda_package": conda_name,
                        "conda_spec": spec.strip(),
                        "commit": ctx.commit,
                    },
                )
                if selection.marker:
                    rule["condition"] = {"marker": selection.marker}
                ctx.rules[rid] = rule


def import_conda_patches(
    paths: Iterable[str | os.PathLike[str]],
    *,
    commit: str | None = None,
    repo: str = DEFAULT_REPO,
    exists: Callable[[Collection[str]], Collection[str]] | None = None,
    stats: CondaImportStats | None = None,
) -> tuple[KnowledgeBase, CondaImportStats]:
    """Read patch files under ``paths`` into a validated knowledge base of pair rules.

    ``commit`` (the feedstock commit, for attribution) defaults to what a SOURCE.md next to
    the snapshot or a git checkout says. ``exists``, when given, is called once with every
    index name the rules mention and returns those the index has; rules naming any other
    are dropped (``not-on-index``, counted per rule). One call lets it ask concurrently.
    """
    stats = stats or CondaImportStats()
    started = time.perf_counter()
    paths = list(paths)
    if not paths:
        raise StackwiseError("no path given: name the repodata patch snapshot or its YAML files.")
    files: list[Path] = []
    for path in paths:
        files.extend(patch_files(path))
    if not files:
        raise StackwiseError("no repodata patch files (*.yaml) found in " + ", ".join(map(str, paths)) + ".")
    if commit is None:
        commit = next((c for c in (find_commit(p) for p in paths) if c), None)
    if commit is None:
        raise StackwiseError(
            "cannot tell which feedstock commit the patches come from (no SOURCE.md naming it and no git "
            "checkout); every rule must be attributed, so give --commit SHA."
        )
    if not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        raise StackwiseError(f"--commit {commit!r} is not a git commit id (7 to 40 lower-case hex digits).")
    stats.commit = commit
    ctx = _Context(commit, repo, stats)
    for path in files:
        stats.files += 1
        for n, doc, comment in read_patch_file(path, stats):
            _document_rules(ctx, path, n, doc, comment)
    rules = list(ctx.rules.values())
    if exists is not None and rules:
        names = {r["package"] for r in rules} | {r["with"]["package"] for r in rules}
        known = {canonicalize_name(n) for n in exists(sorted(names))}
        kept = []
        for rule in rules:
            missing = [n for n in (rule["package"], rule["with"]["package"]) if n not in known]
            if missing:
                stats.drop("not-on-index", rule["id"], ", ".join(missing))
            else:
                kept.append(rule)
        rules = kept
    stats.packages = {r["package"] for r in rules}
    doc = {"format": "stackwise-scores", "version": 1, "rules": rules}
    kb = parse_document(doc, "imported conda-forge repodata patches")
    stats.rules = len(kb)
    stats.seconds = time.perf_counter() - started
    return kb, stats


def merge_into(existing_path: str | os.PathLike[str], imported: KnowledgeBase) -> KnowledgeBase:
    """Existing rules minus every earlier conda-forge patch import, plus the new rules.

    Dropping by source prefix (any commit) means importing a newer snapshot replaces the
    older one whole, including patches conda-forge has since removed.
    """
    existing = load_score_file(existing_path)
    kept = KnowledgeBase([r for r in existing.rules if not r.source.startswith(SOURCE_PREFIX)], revision=existing.revision)
    return KnowledgeBase.merge(kept, imported)
