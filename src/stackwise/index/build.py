"""Build an sdist's core metadata the way pip does, when its PKG-INFO cannot be trusted.

An sdist whose PKG-INFO is older than Metadata-Version 2.2, or marks Requires-Dist as
Dynamic (PEP 643), only tells its dependencies when built. pip then unpacks it and calls
the PEP 517 hook ``prepare_metadata_for_build_wheel`` (or builds the wheel when the
backend lacks that hook) in an isolated environment holding the ``[build-system]``
requirements (``setuptools>=40.8.0`` and the legacy ``setup.py`` backend
``setuptools.build_meta:__legacy__`` without a pyproject.toml). We do the same with PyPA's
``build`` library (its reference PEP 517 front end), so the environment handling and the
fallbacks are pip's, not ours.

The work runs in one child Python process (:func:`_worker`) so that the whole build,
including pip installing the build requirements, has one deadline (:data:`BUILD_TIMEOUT`)
and can be killed as a process group, and so that the index settings reach the
installer without touching this process's ``os.environ`` (other threads may run). The
child's environment is ours plus :func:`installer_environ`: ``PIP_INDEX_URL``,
``PIP_EXTRA_INDEX_URL``, ``PIP_FIND_LINKS``, ``PIP_NO_INDEX`` and ``PIP_TRUSTED_HOST`` from the
:class:`IndexConfig`, so build requirements come from the same places as everything
stackwise resolves, and its format options (``PIP_ONLY_BINARY``, ``PIP_NO_BINARY``,
``PIP_PREFER_BINARY``: :func:`format_environ`), as pip passes its own to its build
environments, and ``_PIP_IN_BUILD_IGNORE_CONSTRAINTS=1``, with which pip's own build
environments ignore the user's configured constraint files. Caveat: pip ignores empty environment values, so a pip
configuration file's extra indexes or find-links still apply when stackwise was told to
ignore them (``--isolated``); without ``--isolated`` they are already part of the config.

Any failure (unreadable archive, build requirements not installable, backend error,
timeout, ``--offline``) raises :class:`CandidateUnavailable` with the last lines of the
build's output, so the resolver skips this release and says why (pip would fail).
Callers cache the result by the sdist's sha256: metadata never changes for a file.

Installing the build requirements was most of a build's cost, and a run's builds mostly ask for
the same ones: later builds of a run copy what pip installed for the first one into their own
fresh environment (:func:`_install_build_system`; the comment above :data:`_TEMPLATE_ROOTS`).

Builds for inspections (``IndexConfig.contain_builds``) are contained as their checks are: an
empty HOME of their own, none of the machine's variables but the network's, no pip
configuration files, a memory limit and no core file (:func:`_contained_base`, :func:`_limits`).

:func:`build_local_project` runs the same worker on a local project directory (a Pipfile
``path`` entry, a pylock.toml ``directory``): its wheel, its PEP 660 editable wheel, or its
metadata, with the same isolation, deadline and process-group kill; it raises
:class:`ProjectBuildError`, which callers turn into their own one-paragraph message.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

from stackwise._text import one_line
from stackwise.errors import SKIPPED, CandidateBuildFailed, CandidateUnavailable, StackwiseError
from stackwise.index.config import IndexConfig

__all__ = ["BUILD_TIMEOUT", "ProjectBuildError", "build_local_project", "build_sdist_metadata", "format_environ",
           "installer_environ"]

log = logging.getLogger("stackwise.index")

BUILD_TIMEOUT: float = 300.0
"""Seconds one metadata build may take in all (venv, installing build requirements, hooks)."""

_TAIL_LINES = 3
_TAIL_CHARS = 280  # messages stay one short paragraph; the end of the output matters most
# Not worth a place in a one-paragraph message: traceback headers, build's step logs, pip's
# command line and search locations, requirement lists, setuptools' chatter. Indented lines
# (traceback frames, carets) are dropped too, so the exception line itself remains.
_NOISE = re.compile(
    r"^(Traceback \(most recent|Creating isolated environment|Installing packages in isolated|Copied the build req|"
    r"Getting (build dependencies|metadata) for |Building (wheel|editable)\.\.\.|"
    r"Looking in (indexes|links)|- |running |writing |reading |\S*python\S* -m pip )"
)
_OUT_OF_MEMORY = re.compile(r"MemoryError|[Cc]annot allocate memory|[Oo]ut of memory|std::bad_alloc")
# Exit codes of the worker, so the parent can say which step failed.
_EXIT_REQUIREMENTS = 2
_EXIT_BACKEND = 3
_EXIT_NO_BUILD = 4
_EXIT_NO_EDITABLE = 5  # the backend has no PEP 660 build_editable hook
# pip's own build environments install with --no-user and their own prefix; these would
# send the build requirements elsewhere than the isolated environment, so drop them.
_DROPPED = ("PIP_USER", "PIP_TARGET", "PIP_PREFIX", "PIP_ROOT")
_BOOT = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from stackwise.index.build import _worker; sys.exit(_worker(*sys.argv[2:]))"
)


def _as_location(value: str) -> str:
    """URLs as given; local paths as absolute file:// URLs (the child runs in another cwd)."""
    if "://" in value or value.startswith("file:"):
        return value
    return Path(value).expanduser().resolve().as_uri()


def build_environ(config: IndexConfig) -> dict[str, str]:
    """This process's environment with :func:`installer_environ` applied, for a build subprocess
    (with ``config.contain_builds``, only the part of it :func:`_contained_base` keeps)."""
    env = _contained_base() if config.contain_builds else dict(os.environ)
    for key, value in installer_environ(config).items():
        env.pop(key, None)  # re-added last, in installer_environ's order (pip applies PIP_* in that order)
        if value is not None:
            env[key] = value
    return env


#: What a contained build keeps of this process's environment: where commands are, the locale,
#: and how to reach the network (proxies, certificate bundles), which fetching the build
#: requirements needs. Everything else -- the machine's PIP_* settings, tokens and credentials
#: in variables, XDG directories -- stays out of the package's code.
_CONTAINED_KEEP = frozenset({
    "PATH", "LANG", "LC_ALL", "LC_CTYPE", "SYSTEMROOT",
    "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
    "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
})


def _contained_base() -> dict[str, str]:
    """The environment a contained build starts from (its HOME and TMPDIR are added per build).

    pip's configuration files are off (``PIP_CONFIG_FILE`` names the null device): an
    inspection's build requirements come from the inspection's indexes only, on every machine.
    A user-site Python installation of stackwise stays importable (``PYTHONUSERBASE``): the new
    HOME would hide it from the build's own worker."""
    import site

    env = {k: v for k, v in os.environ.items() if k in _CONTAINED_KEEP}
    env.setdefault("PATH", os.defpath)
    env["PIP_CONFIG_FILE"] = os.devnull
    if site.ENABLE_USER_SITE and site.getusersitepackages() in sys.path:
        env["PYTHONUSERBASE"] = site.getuserbase()
    return env


def installer_environ(config: IndexConfig) -> dict[str, str | None]:
    """PIP_* settings making the build environment's pip look where stackwise looks (None = unset)."""
    indexes = [_as_location(u) for u in config.effective_index_urls]
    links = [_as_location(u) for u in config.find_links]
    env: dict[str, str | None] = dict.fromkeys(_DROPPED)
    env.update(
        PIP_INDEX_URL=indexes[0] if indexes else None,
        PIP_EXTRA_INDEX_URL=" ".join(indexes[1:]) or None,
        PIP_FIND_LINKS=" ".join(links) or None,
        PIP_NO_INDEX=None if indexes else "1",  # no index configured means none, not pip's default
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INPUT="1",
        # pip's own builds ignore the user's constraints (PIP_CONSTRAINT, `constraint =`): the pip
        # installing build requirements runs with this set (pip 26.3, build_env/installer.py) and
        # then reads no constraint file but --build-constraint's (req_command.py, get_requirements).
        # A pip that predates it applies them in its own builds too, and ignores it here as well.
        _PIP_IN_BUILD_IGNORE_CONSTRAINTS="1",
    )
    if config.trusted_hosts:  # as pip's own build environments get it
        env["PIP_TRUSTED_HOST"] = " ".join(config.trusted_hosts)
    env.update(format_environ(config))
    return env


def format_environ(config: IndexConfig) -> dict[str, str]:
    """``PIP_NO_BINARY``, ``PIP_ONLY_BINARY`` and ``PIP_PREFER_BINARY`` for the pip that installs
    a build's requirements, with the values pip gives its own (a dict keeps their order).

    Why: pip passes its format options to the pip installing a build's requirements
    (``pip/_internal/build_env``: ``--no-binary`` then ``--only-binary``, each its set's names
    sorted and comma-joined, ``:none:`` when empty; ``--prefer-binary`` when set), so a build
    requirement the user allows only as a wheel is not built from its sdist. The same values,
    in the same order (pip applies ``PIP_*`` variables in the order of the environment), give
    the same build environment, quirks included: an ``:all:`` in ``--only-binary`` comes last
    and so empties ``--no-binary``'s names there, as it does under pip."""
    from stackwise.index.formats import NONE

    fc = config.format_control
    return {"PIP_NO_BINARY": ",".join(sorted(fc.no_binary)) or NONE,
            "PIP_ONLY_BINARY": ",".join(sorted(fc.only_binary)) or NONE,
            "PIP_PREFER_BINARY": "1" if config.prefer_binary else "0"}


def build_sdist_metadata(
    data: bytes, filename: str, label: str, config: IndexConfig, *, timeout: float | None = None
) -> bytes:
    """The METADATA bytes of the wheel the sdist ``data`` would build (PEP 517, isolated).

    ``label`` names the release in messages (e.g. ``"pkg 1.0 (pkg-1.0.tar.gz)"``).
    """
    skip = SKIPPED
    if config.offline:
        raise CandidateUnavailable(
            f"The dependencies of {label} are known only by building its metadata, which needs its build "
            "requirements from the index, and --offline forbids network access; run once without --offline "
            f"to build and cache it. Until then {skip}."
        )
    limit = BUILD_TIMEOUT if timeout is None else timeout
    ends = time.monotonic() + limit  # unpacking counts too: a big sdist took 4 s of a 10 s budget
    with tempfile.TemporaryDirectory(prefix="stackwise-build-") as tmp:
        root = Path(tmp)
        srcdir = _unpack(data, filename, root / "sdist", label, skip)
        outdir, childtmp = root / "out", root / "tmp"
        outdir.mkdir()
        childtmp.mkdir()
        log.info("Building the metadata of %s with its PEP 517 backend", label)
        started = time.monotonic()
        code, output = _build_in_child(srcdir, outdir, "metadata", config, root, childtmp,
                                       max(0.05, ends - started))
        if code is None:
            reason = f"the build did not finish within {limit:g} seconds"
        elif code == 0:
            found = sorted(outdir.glob("*.dist-info/METADATA"))
            if found:
                log.info("Built the metadata of %s in %.1f s", label, time.monotonic() - started)
                return found[0].read_bytes()
            reason = "the build backend produced no METADATA file"
        else:
            reason = _failure(code)
    error = BuildFailed(
        f"Could not build the metadata of {label}, which alone tells its dependencies: {reason}; {skip}."
        + _tail(output),
        f"Could not build the metadata of {label}, which alone tells its dependencies: {reason}." + _tail(output),
    )
    # A backend that fails (an old setup.py importing what setuptools removed) fails again with
    # the same interpreter; a timeout or build requirements that could not be fetched may not.
    # Under a contained build's memory limit, running out of memory says as much about the
    # limit as about the release: another run (another limit) may build it.
    error.repeatable = code == _EXIT_BACKEND and not (config.contain_builds and _OUT_OF_MEMORY.search(output))
    raise error


def _build_in_child(srcdir: Path, outdir: Path, kind: str, config: IndexConfig, cwd: Path, childtmp: Path,
                    limit: float) -> tuple[int | None, str]:
    """Run :func:`_worker` for ``kind`` in a child Python; (exit code or None on timeout, output)."""
    env = build_environ(config)
    if config.offline:  # build requirements from local --find-links only
        env["PIP_NO_INDEX"] = "1"
        env.pop("PIP_INDEX_URL", None)
        env.pop("PIP_EXTRA_INDEX_URL", None)
    templates = _template_root(env, config.ttl)
    # The build env lands in our temporary directory, so even a killed build leaves nothing behind.
    env.update(TMPDIR=str(childtmp), TEMP=str(childtmp), TMP=str(childtmp), PYTHONUNBUFFERED="1")
    memory = None
    if config.contain_builds:  # an empty HOME of its own, gone with the rest after the build
        home = childtmp / "home"
        home.mkdir(exist_ok=True)
        env["HOME"] = str(home)
        memory = config.build_memory_mb
    package_root = str(Path(__file__).resolve().parents[2])
    return _run([sys.executable, "-c", _BOOT, package_root, str(srcdir), str(outdir), kind, str(templates or "")],
                env, cwd, limit, memory_mb=memory)


# -- build environment templates -------------------------------------------------------------
# Installing the build requirements (pip starting twice, asking the index, unpacking setuptools)
# was ~2/3 of a metadata build (~1.5 s CPU of ~2.3 s), and every build of a run asks for the same
# ones (an sdist without a pyproject.toml gets ``setuptools >= 40.8.0``). So the first build of a
# run that asks pip for a given list of requirements keeps a copy of what pip installed, taken
# before any hook of the sdist ran (a template; byte-compiled at its first reuse), and later
# builds asking for the same list, with the same environment variables (so the same indexes,
# find-links and format options), get a fresh copy of it in their own new venv (scripts and data
# files included): each build still has its own environment, which its
# setup.py may change without affecting another build's. pip's answer for a list is reused no
# longer than the configured TTL of index pages (``IndexConfig.ttl``), as stackwise reuses the
# pages themselves; a template root belongs to one process and is removed at its exit.

_TEMPLATE_ROOTS: dict[str, tuple[Path, float]] = {}
_TEMPLATE_LOCK = threading.Lock()


def _template_root(env: dict[str, str], ttl: float) -> Path | None:
    """This process's template directory for builds run with ``env`` (created on first use);
    None when ``ttl`` asks for a fresh answer from the index every time, or off POSIX (where
    pip's scripts are launchers whose interpreter path is not plain text)."""
    if not ttl > 0 or os.name != "posix":
        return None
    key = hashlib.sha256(json.dumps([sys.executable, sorted(env.items())]).encode()).hexdigest()
    with _TEMPLATE_LOCK:
        now = time.monotonic()
        found = _TEMPLATE_ROOTS.get(key)
        if found is not None and now - found[1] < ttl and found[0].is_dir():
            return found[0]
        if not _TEMPLATE_ROOTS:
            atexit.register(_remove_template_roots)
            _remove_orphaned_roots()
        if found is not None:  # stale: pip may now pick other versions
            shutil.rmtree(found[0], ignore_errors=True)
        root = Path(tempfile.mkdtemp(prefix=f"{_ROOT_PREFIX}{os.getpid()}-"))
        _TEMPLATE_ROOTS[key] = (root, now)
        return root


_ROOT_PREFIX = "stackwise-buildenvs-"


def _remove_template_roots() -> None:
    with _TEMPLATE_LOCK:
        for root, _ in _TEMPLATE_ROOTS.values():
            shutil.rmtree(root, ignore_errors=True)
        _TEMPLATE_ROOTS.clear()


def _remove_orphaned_roots() -> None:
    """Remove the template roots of processes that ended without their exit handlers (killed,
    or leaving through ``os._exit`` as stackwise's forked planners do): their names hold the
    PID; one untouched for an hour whose process is gone is removed."""
    tmp = Path(tempfile.gettempdir())
    try:
        names = [n for n in os.listdir(tmp) if n.startswith(_ROOT_PREFIX)]
    except OSError:
        return
    for name in names:
        pid = name[len(_ROOT_PREFIX):].partition("-")[0]
        try:
            if not pid.isdigit() or time.time() - (tmp / name).stat().st_mtime < _ORPHAN_AGE:
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(tmp / name, ignore_errors=True)
        except OSError:  # gone meanwhile, or another user's process: not ours to judge
            pass


_ORPHAN_AGE = 3600.0


def _install_build_system(env: Any, requires: Collection[str], templates: str) -> None:
    """Child process: ``env.install(requires)`` (pip), or a copy of what it installed for the same
    list earlier in this run (see the comment above :data:`_TEMPLATE_ROOTS`)."""
    root = Path(getattr(env, "path", "") or "/")  # PyPA build's DefaultIsolatedEnv: the venv's directory
    scripts = Path(env.python_executable).parent
    if not templates or not requires or root == Path("/") or root not in scripts.parents:
        env.install(requires)
        return
    scripts = scripts.relative_to(root)
    slot = Path(templates) / hashlib.sha256("\n".join(sorted(requires)).encode()).hexdigest()[:32]
    if (slot / _TEMPLATE_DONE).is_file():
        if not (slot / _COMPILED).exists():  # the template's first reuse: worth byte-compiling now
            _compile_template(slot, root)
        _fill_from_template(slot, root, scripts, env.python_executable)
        print("Copied the build requirements installed for an earlier build of this run:\n"
              + "\n".join(f"- {r}" for r in sorted(requires)), file=sys.stderr)
        return
    before = _snapshot(root)
    env.install(requires)
    _save_template(slot, root, before, env.python_executable)


_COMPILED = "compiled"


def _compile_template(slot: Path, root: Path) -> None:
    """Byte-compile the template's site-packages, so that later builds' hooks import setuptools
    without compiling it each time (~0.4 s of CPU time per build). Not done by the build that
    made the template: most runs build one sdist, and that build would gain nothing from it."""
    import compileall
    import sysconfig

    scheme = "venv" if "venv" in sysconfig.get_scheme_names() else "posix_prefix"
    paths = sysconfig.get_paths(scheme=scheme, vars={"base": str(root), "platbase": str(root)})
    for lib in {Path(paths["purelib"]), Path(paths["platlib"])}:
        if root in lib.parents and (slot / "tree" / lib.relative_to(root)).is_dir():
            compileall.compile_dir(str(slot / "tree" / lib.relative_to(root)), quiet=2, workers=1)
    (slot / _COMPILED).touch()


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file (or symlink) below ``root``: relative path -> (size, mtime in ns)."""
    found: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            found[os.path.relpath(path, root)] = (st.st_size, st.st_mtime_ns)
    return found


_TEMPLATE_DONE = "python"  # written last: the path of the interpreter its scripts name


def _save_template(slot: Path, root: Path, before: dict[str, tuple[int, int]], python: str) -> None:
    """Copy what pip added to or changed in the venv ``root`` (site-packages, scripts, data,
    headers) into ``slot``, atomically."""
    if slot.exists():
        return  # another build of this run got there first
    part = slot.with_name(f"{slot.name}.part-{os.getpid()}")
    try:
        for rel, stat in sorted(_snapshot(root).items()):
            if before.get(rel) != stat:
                (part / "tree" / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root / rel, part / "tree" / rel, follow_symlinks=False)
        (part / "tree").mkdir(parents=True, exist_ok=True)
        (part / _TEMPLATE_DONE).write_text(python, encoding="utf-8")
        os.rename(part, slot)
    except OSError:  # a full disk, or another build renamed first: this build is unaffected
        shutil.rmtree(part, ignore_errors=True)


def _fill_from_template(slot: Path, root: Path, scripts: Path, python: str) -> None:
    """Copy a template into a fresh venv; its scripts then name this venv's interpreter."""
    shutil.copytree(slot / "tree", root, symlinks=True, dirs_exist_ok=True)
    old = (slot / _TEMPLATE_DONE).read_text(encoding="utf-8").encode()
    source = slot / "tree" / scripts
    for script in source.iterdir() if source.is_dir() else ():
        if script.is_file() and not script.is_symlink():
            data = script.read_bytes()
            if old in data:  # pip's shebangs, and its /bin/sh form for long paths
                (root / scripts / script.name).write_bytes(data.replace(old, python.encode()))


def _failure(code: int | None) -> str:
    """Which step of a build failed, from the worker's exit code (None: the deadline passed)."""
    if code == _EXIT_REQUIREMENTS:
        return "its build requirements could not be installed"
    if code == _EXIT_BACKEND:
        return "its build backend failed"
    if code == _EXIT_NO_BUILD:
        return "the Python package 'build' (a stackwise dependency) is not installed"
    if code == _EXIT_NO_EDITABLE:
        return "its build backend cannot make editable installs (it has no PEP 660 build_editable hook)"
    return f"the build exited with code {code}"


class ProjectBuildError(StackwiseError):
    """A local project could not be built: ``reason`` says which step failed, ``output`` is the
    build's last telling lines (``" Build output: …"`` or empty), so a caller can write one
    paragraph around them."""

    def __init__(self, reason: str, output: str = "") -> None:
        super().__init__(reason + output)
        self.reason = reason
        self.output = output


_KINDS = ("wheel", "editable", "metadata")


def build_local_project(directory: Path, outdir: Path, *, kind: str, config: IndexConfig,
                        timeout: float | None = None) -> Path:
    """Build the project in ``directory`` with its PEP 517 backend, in an isolated environment
    in a child process: ``kind`` ``wheel`` (``build_wheel``), ``editable`` (PEP 660
    ``build_editable``) or ``metadata`` (``prepare_metadata_for_build_wheel``, else the wheel's).

    Returns the built wheel, or the METADATA file, inside ``outdir``. Why a child process: the
    backend is the project's own code, and one deadline (``timeout``, default
    :data:`BUILD_TIMEOUT`) must cover the environment, its build requirements (from ``config``'s
    indexes and find-links, as for sdists) and the hook; on timeout the whole process group is
    killed. The build runs in the project directory itself, as pip's in-tree builds do."""
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, not {kind!r}")
    directory = Path(directory)
    if not directory.is_dir():
        raise ProjectBuildError(f"the directory {directory} does not exist")
    if not (directory / "pyproject.toml").is_file() and not (directory / "setup.py").is_file():
        raise ProjectBuildError(f"{directory} has neither a pyproject.toml nor a setup.py, so it is not a Python "
                                "project that can be built")
    limit = BUILD_TIMEOUT if timeout is None else timeout
    outdir = Path(outdir).resolve()  # the child runs in another directory
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="stackwise-build-") as tmp:
        root = Path(tmp)
        childtmp = root / "tmp"
        childtmp.mkdir()
        log.info("Building %s of %s with its PEP 517 backend", kind, directory)
        code, output = _build_in_child(directory.resolve(), outdir, kind, config, root, childtmp, limit)
    if code is None:
        raise ProjectBuildError(f"the build did not finish within {limit:g} seconds (it was stopped)", _tail(output))
    if code == 0:
        found = sorted(outdir.glob("*.dist-info/METADATA") if kind == "metadata" else outdir.glob("*.whl"))
        if found:
            return found[0]
        raise ProjectBuildError("its build backend reported success but produced no "
                                + ("METADATA file" if kind == "metadata" else "wheel"), _tail(output))
    raise ProjectBuildError(_failure(code), _tail(output))


class BuildFailed(CandidateBuildFailed):
    """A metadata build that failed; ``repeatable`` when the same build would fail again."""

    repeatable = False


def _unpack(data: bytes, filename: str, dest: Path, label: str, skip: str) -> Path:
    """Extract the archive safely; the project is its single top-level directory, like pip's."""
    import io
    import tarfile
    import zipfile

    dest.mkdir()
    try:
        if filename.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                zf.extractall(dest)  # zipfile drops absolute paths and ".." itself
        else:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
                if hasattr(tarfile, "data_filter"):
                    tf.extractall(dest, filter="data")
                else:  # pragma: no cover - Python < 3.10.12 has no extraction filters
                    for member in tf.getmembers():
                        parts = Path(member.name).parts
                        if (member.isfile() or member.isdir()) and not member.name.startswith("/") and ".." not in parts:
                            tf.extract(member, dest)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise CandidateUnavailable(f"Could not unpack {label} to build its metadata ({exc}); {skip}.") from None
    entries = list(dest.iterdir())
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else dest


def _run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float,
         memory_mb: int | None = None) -> tuple[int | None, str]:
    """(exit code or None on timeout, combined output); the whole process group dies on timeout.
    ``memory_mb``: the data-segment limit of the build and everything it starts (POSIX)."""
    posix = os.name == "posix"
    try:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=posix,
            preexec_fn=_limits(memory_mb) if posix and memory_mb is not None else None,
        )
    except OSError as exc:
        return -1, f"could not start {cmd[0]}: {exc}"
    try:
        out, _ = proc.communicate(timeout=timeout)
    except BaseException as exc:  # timeout, or Ctrl-C: never leave a build running behind us
        _kill(proc, posix)
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            out = b""
        if not isinstance(exc, subprocess.TimeoutExpired):
            raise
        return None, out.decode("utf-8", "replace")
    return proc.returncode, out.decode("utf-8", "replace")


def _limits(memory_mb: int) -> Any:
    """A preexec function limiting a contained build's memory (computed here: the child only
    calls setrlimit). ``RLIMIT_DATA`` (private writable memory), not ``RLIMIT_AS`` as for a
    check: toolchains a build may start reserve address space they never touch (a JavaScript
    engine's pointer cage, a runtime's arenas), which an address-space limit would fail at
    start; what runs away is memory written, and that this limit counts. No core file either."""
    import resource

    limit = int(memory_mb) * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))

    return apply


def _kill(proc: subprocess.Popen[bytes], posix: bool) -> None:
    try:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)  # the group we created: venv, pip, backend
        else:  # pragma: no cover
            proc.kill()
    except OSError:
        pass


def _tail(output: str) -> str:
    """The last telling lines of the build's output (indented lines are traceback frames, carets)."""
    lines = [" ".join(line.split()) for line in output.splitlines() if line[:1].strip() and not _NOISE.match(line)]
    text = " | ".join(line for line in lines[-_TAIL_LINES:] if line)
    if len(text) > _TAIL_CHARS:
        text = "..." + text[-_TAIL_CHARS:]
    return f" Build output: {one_line(text)}" if text else ""  # a backend's output is untrusted


def _worker(srcdir: str, outdir: str, kind: str = "metadata", templates: str = "") -> int:
    """Child process: isolated env, build requirements, then the ``kind`` hook into ``outdir``
    (``metadata``: the metadata hook, or the wheel's; ``wheel``; ``editable``: PEP 660).
    ``templates``: the directory of build environment templates (:func:`_install_build_system`)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        import pyproject_hooks
        from build import BuildBackendException, BuildException, ProjectBuilder
        from build.env import DefaultIsolatedEnv
    except ImportError as exc:
        print(f"error: cannot import PyPA build ({exc})", file=sys.stderr)
        return _EXIT_NO_BUILD
    try:
        with DefaultIsolatedEnv() as env:
            # default_subprocess_runner lets the backend's output reach our captured stdout.
            builder = ProjectBuilder.from_isolated_env(env, srcdir, runner=pyproject_hooks.default_subprocess_runner)
            try:
                _install_build_system(env, builder.build_system_requires, templates)
                env.install(builder.get_requires_for_build("editable" if kind == "editable" else "wheel"))
            except subprocess.CalledProcessError:
                return _EXIT_REQUIREMENTS  # pip's errors are already in the output
            if kind == "metadata":
                builder.metadata_path(outdir)
            else:
                builder.build(kind, outdir)
    except BuildBackendException as exc:
        if isinstance(exc.exception, pyproject_hooks.HookMissing):
            print(f"error: the backend has no {exc.exception.hook_name} hook", file=sys.stderr)
            return _EXIT_NO_EDITABLE if kind == "editable" else _EXIT_BACKEND
        print(f"error: {exc}", file=sys.stderr)
        return _EXIT_BACKEND
    except BuildException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return _EXIT_BACKEND
    except Exception as exc:  # reported to the parent as output, not as a traceback
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0
