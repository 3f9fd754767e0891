"""The environment packages are installed into: paths, interpreter, tags, markers, contents.

Why a probe: a ``--target-venv`` may run another Python than stackwise, so its install
scheme (``sysconfig.get_paths()``), wheel tags and marker values must come from *its*
interpreter. We run it once with a short script that imports only the standard library
and ``packaging`` (put on its path from stackwise's own environment, since a fresh venv
has no ``packaging``). The current environment is described in-process, at no cost.

The probe's answer is remembered in ``<cache>/targets/`` keyed by what it depends on (the
venv's path and ``pyvenv.cfg``, the interpreter it leads to and that file's identity, the C
library's version, the ``packaging`` version): starting an interpreter was a tenth of a
warm install's time. A remembered answer that cannot be read is probed again.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from functools import cached_property
from itertools import repeat
from pathlib import Path

from stackwise._dataclass import dataclass
from stackwise._names import canonical_name as canonicalize_name
from stackwise.install import InstallError

# Only a plan's inputs are read eagerly: the wheel tags (packaging.tags, with logging, platform and
# subprocess, ~25 ms of imports) and the environment object holding them are made when a file must be
# chosen, which an install that finds everything in place never does.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from packaging.tags import Tag
    from packaging.utils import NormalizedName

    from stackwise.environment import TargetEnvironment

SCHEME_KEYS = ("purelib", "platlib", "headers", "scripts", "data")

_PROBE = r"""
import json, sys, sysconfig
sys.path.append(sys.argv[1])
from packaging.markers import default_environment
from packaging.tags import sys_tags
paths = sysconfig.get_paths()
print(json.dumps({
    "executable": sys.executable,
    "prefix": sys.prefix,
    "paths": dict(paths, py_version_short=sysconfig.get_config_var("py_version_short")),
    "markers": dict(default_environment()),
    "tags": [str(t) for t in sys_tags()],
}))
"""


@dataclass(frozen=True)
class InstalledDist:
    """A distribution found in the target's site-packages (a ``*.dist-info`` directory)."""

    name: NormalizedName
    version: str
    dist_info: Path
    site_dir: Path


@dataclass(frozen=True)
class InstallTarget:
    """Everything the installer needs to know about the environment it writes to."""

    executable: str
    prefix: Path
    scheme: dict[str, str]  # purelib, platlib, headers, scripts, data
    markers: Mapping[str, str]  # the target's marker values: all a plan needs of it
    tag_source: Callable[[], tuple[Tag, ...]] = field(repr=False, compare=False)  # its wheel tags, best first
    tag_texts: tuple[str, ...] = field(default=(), repr=False, compare=False)  # the probe's, when probed

    @cached_property
    def environment(self) -> TargetEnvironment:
        """Markers and wheel tags, made on first use (a file to choose)."""
        from stackwise.environment import TargetEnvironment

        return TargetEnvironment(markers=dict(self.markers), tags=self.tag_source())

    @cached_property
    def tag_priority(self) -> Mapping[Tag, int]:
        """``environment.tag_priority`` (lower is better), without making ~900 ``Tag`` objects when the
        probe's tag strings are at hand: a file from the cache is chosen by looking up a few tags."""
        return _TagRanks(self.tag_texts) if self.tag_texts else self.environment.tag_priority

    @classmethod
    def current(cls) -> InstallTarget:
        """The environment stackwise runs in (``sys.prefix``)."""
        import sysconfig  # (a --target-venv's paths come from its probe)

        paths = dict(sysconfig.get_paths(), py_version_short=sysconfig.get_config_var("py_version_short"))
        return cls(
            executable=sys.executable,
            prefix=Path(sys.prefix),
            scheme=_scheme(paths, sys.prefix),
            markers=_CurrentMarkers(),
            tag_source=_current_tags,
        )

    @classmethod
    def venv(cls, directory: str | os.PathLike[str], *, cache: Path | None = None) -> InstallTarget:
        """An existing virtual environment, described by running its interpreter once
        (or by the remembered answer in ``cache``, when nothing it depends on changed)."""
        root = Path(directory).expanduser().absolute()
        candidates = [root / "bin" / "python", root / "bin" / "python3", root / "Scripts" / "python.exe"]
        python = next((p for p in candidates if p.exists()), None)
        if not (root / "pyvenv.cfg").is_file() or python is None:
            raise InstallError(
                f"--target-venv {directory} is not a virtual environment (no pyvenv.cfg and bin/python); "
                "create it first with 'python -m venv DIR'."
            )
        import packaging

        key = _probe_key(root, python, packaging.__version__) if cache is not None else None
        remembered = cache / "targets" / f"{key}.json" if cache is not None and key else None
        info = None
        if remembered is not None:
            try:
                info = json.loads(remembered.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):  # RecursionError: a corrupt file nested too deeply
                info = None
            if _shape_problem(info) is not None:
                info = None  # unreadable or from another layout: probe again
        if info is None:
            info = _probe(directory, python, str(Path(packaging.__file__).resolve().parents[1]))
            if remembered is not None:
                from stackwise._atomic import atomic_write_text

                try:
                    remembered.parent.mkdir(parents=True, exist_ok=True)
                    atomic_write_text(remembered, json.dumps(info))
                except OSError:
                    pass  # an unwritable cache costs only the probe next time
        texts = list(info["tags"])
        return cls(
            executable=str(python),  # the venv's own path, not the resolved base interpreter, for shebangs
            prefix=Path(info["prefix"]),
            scheme=_scheme(info["paths"], info["prefix"]),
            markers=info["markers"],
            tag_source=lambda: _parse_tags(texts),
            tag_texts=tuple(texts),
        )

    @property
    def site_dirs(self) -> list[Path]:
        """Directories holding ``*.dist-info`` of installed distributions (purelib, platlib)."""
        dirs = [Path(self.scheme["purelib"])]
        if self.scheme["platlib"] != self.scheme["purelib"]:
            dirs.append(Path(self.scheme["platlib"]))
        return dirs

    def installed(self) -> dict[NormalizedName, InstalledDist]:
        """Installed distributions by normalized name (read from each dist-info's METADATA)."""
        found: dict[NormalizedName, InstalledDist] = {}
        for site in self.site_dirs:
            if not site.is_dir():
                continue
            # scandir and plain paths, not pathlib: this runs on every install, also one that finds
            # everything in place, and pathlib's objects were most of its time
            with os.scandir(site) as entries:
                infos = [entry.path for entry in entries if entry.name.endswith(".dist-info") and entry.is_dir()]
            for info in infos:
                try:
                    with open(os.path.join(info, "METADATA"), encoding="utf-8", errors="replace") as f:
                        text = f.read()  # (universal newlines, as Path.read_text)
                except OSError:
                    continue
                name, version = name_and_version(text)
                if name and version:
                    key = canonicalize_name(name)
                    found.setdefault(key, InstalledDist(key, version, Path(info), site))
        return found


def _parse_tags(texts: list[str]) -> tuple[Tag, ...]:
    """The probe's tag strings as :class:`~packaging.tags.Tag` objects, in its order."""
    from packaging.tags import Tag, parse_tag

    tags: list[Tag] = []
    for text in texts:
        parts = text.split("-")  # str(Tag): one tag, parse_tag's answer without its sets (~900 of them)
        tags.extend((Tag(*parts),) if len(parts) == 3 and "." not in text else parse_tag(text))
    return tuple(tags)


class _TagRanks(Mapping["Tag", int]):
    """``{tag: i for i, tag in enumerate(_parse_tags(texts))}``, keyed by ``str(tag)`` inside.

    A ``Tag`` equals another exactly when their strings do (both lower-cased, no ``-`` in a part),
    so a lookup by ``str(tag)`` answers as the ``Tag``-keyed dict would; a repeated tag keeps its
    last position, as that dict comprehension does."""

    def __init__(self, texts: tuple[str, ...]) -> None:
        ranks: dict[str, int] = {}
        i = 0
        for text in texts:
            parts = text.split("-")
            if len(parts) == 3 and "." not in text:
                ranks[text.lower()] = i
                i += 1
            else:  # a compressed tag set (never in a probe's answer): as _parse_tags expands it
                from packaging.tags import parse_tag

                for tag in parse_tag(text):
                    ranks[str(tag)] = i
                    i += 1
        self._ranks = ranks

    @property
    def text_ranks(self) -> Mapping[str, int]:
        """The same ranks keyed by ``str(tag)``: :func:`stackwise.install.sources.rank` looks a wheel's
        tags up by their text, without making ``Tag`` objects (nor importing ``packaging.tags``)."""
        return self._ranks

    def __getitem__(self, tag: object) -> int:
        return self._ranks[str(tag)]

    def __contains__(self, tag: object) -> bool:
        return str(tag) in self._ranks

    def __iter__(self) -> Iterator[Tag]:
        from packaging.tags import Tag

        return (Tag(*text.split("-")) for text in self._ranks)

    def __len__(self) -> int:
        return len(self._ranks)


def _current_tags() -> tuple[Tag, ...]:
    from packaging.tags import sys_tags

    return tuple(sys_tags())


class _CurrentMarkers(Mapping[str, str]):
    """``packaging.markers.default_environment()`` of this interpreter, computed on first use
    (its parser is ~5 ms of imports; a lock without markers or Requires-Python never asks)."""

    def __init__(self) -> None:
        self._values: dict[str, str] | None = None

    def _get(self) -> dict[str, str]:
        if self._values is None:
            from packaging.markers import default_environment

            self._values = dict(default_environment())
        return self._values

    def __getitem__(self, key: str) -> str:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


_HEADER_NAME = frozenset(map(chr, range(0x21, 0x7F))) - {":"}  # email.feedparser's headerRE


def name_and_version(metadata: str) -> tuple[str | None, str | None]:
    """``Name`` and ``Version`` of a METADATA file, as ``email``'s ``HeaderParser`` reads them.

    Why not always the email package: importing it was a tenth of an install into an environment
    that already holds the lock (nothing else needs it then). The plain headers every installer
    writes are read here; anything unusual (a folded Name or Version, carriage returns, a line
    email would not take as a header) is read by ``HeaderParser``, so the answer is the same."""
    found: dict[str, str] = {}
    last = ""
    for line in metadata.split("\n\n", 1)[0].split("\n"):  # the headers (not a long description after them)
        if not line:
            break  # the end of the headers
        if "\r" in line or len(line.splitlines()) != 1:
            break  # other line breaks (email splits at \f, \v, \x1c, ...)
        if line[0] in " \t":
            if last in ("name", "version"):
                break  # a folded value: email's reading
            continue
        key, colon, value = line.partition(":")
        if not colon or not key or line.startswith("From ") or not _HEADER_NAME.issuperset(key):
            break
        last = key.lower()
        if last in ("name", "version") and last not in found:
            found[last] = value.lstrip(" \t")
        else:
            last = ""
    else:
        return found.get("name"), found.get("version")
    if not line:
        return found.get("name"), found.get("version")
    from email.parser import HeaderParser

    headers = HeaderParser().parsestr(metadata, headersonly=True)
    return headers.get("Name"), headers.get("Version")


def _probe_key(root: Path, python: Path, packaging_version: str) -> str | None:
    """What the probe's answer depends on, hashed; None if something cannot be read."""
    try:
        real = python.resolve()
        libc = os.confstr("CS_GNU_LIBC_VERSION") if hasattr(os, "confstr") else ""
        # the venv's own files by content (a venv made again at the same path hits), the
        # interpreter they lead to by its file's identity (a Python upgrade misses)
        cfg = (root / "pyvenv.cfg").read_text(encoding="utf-8", errors="replace")
        st = real.stat()
        parts = [str(root), str(python), str(real), packaging_version, libc or "", cfg,
                 f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"]
    except (OSError, ValueError, RuntimeError):
        return None
    from stackwise.index.stamps import sha256_hex

    return sha256_hex("\0".join(parts).encode())


def _probe(directory: str | os.PathLike[str], python: Path, packaging_parent: str) -> dict[str, Any]:
    """Run the venv's interpreter once to describe itself."""
    import subprocess

    try:
        proc = subprocess.run(
            [str(python), "-I", "-c", _PROBE, packaging_parent],
            capture_output=True, text=True, timeout=60, check=False,
        )
    except subprocess.TimeoutExpired:
        raise InstallError(f"The interpreter of {directory} ({python}) did not describe itself within 60 s "
                           "(it was stopped); check that it runs.") from None
    except OSError as exc:
        raise InstallError(f"Could not run the interpreter of {directory} ({python}): {exc.strerror or exc}.") from None
    if proc.returncode != 0:
        from stackwise._text import one_line

        tail = one_line(" ".join(proc.stderr.strip().splitlines()[-2:]))
        raise InstallError(f"The interpreter of {directory} ({python}) failed to describe itself: {tail}")
    try:
        info = json.loads(proc.stdout)
    except (ValueError, RecursionError):
        info = None
    problem = _shape_problem(info)
    if problem is not None:  # a wrapper script, or a sitecustomize printing to stdout
        from stackwise._text import one_line

        shown = one_line(proc.stdout.strip()[:200]) or "nothing"
        raise InstallError(f"The interpreter of {directory} ({python}) did not describe itself as a Python "
                           f"interpreter does ({problem}; it printed: {shown}). Is it a Python 3 interpreter?")
    assert isinstance(info, dict)
    return info


def _shape_problem(info: Any) -> str | None:
    """Why ``info`` is not what :data:`_PROBE` prints (a probe's answer or a remembered one), or None."""
    if not isinstance(info, dict):
        return "not a JSON object"
    paths, markers, tags = info.get("paths"), info.get("markers"), info.get("tags")
    if not isinstance(info.get("prefix"), str):
        return "no prefix"
    if not isinstance(paths, dict) or not all(isinstance(paths.get(k), str) for k in ("purelib", "platlib", "scripts")):
        return "no install paths"
    if not isinstance(markers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in markers.items()):
        return "no marker values"
    # (~900 tags, checked on every install that reuses a remembered probe: map, not a loop)
    if not isinstance(tags, list) or not tags or set(map(type, tags)) != {str} \
            or set(map(str.count, tags, repeat("-"))) != {2}:
        return "no wheel tags"
    return None


def _scheme(paths: dict[str, str], prefix: str) -> dict[str, str]:
    """installer's scheme keys from ``sysconfig`` paths."""
    return {
        "purelib": paths["purelib"],
        "platlib": paths["platlib"],
        # pip's layout inside a virtual environment; the distribution name is appended per package
        "headers": os.path.join(prefix, "include", "site", "python" + paths.get("py_version_short", "")),
        "scripts": paths["scripts"],
        "data": paths.get("data", prefix),
    }
