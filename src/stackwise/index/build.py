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

:func:`build_local_project` runs the same worker on a local project directory (a Pipfile
``path`` entry, a pylock.toml ``directory``): its wheel, its PEP 660 editable wheel, or its
metadata, with the same isolation, deadline and process-group kill; it raises
:class:`ProjectBuildError`, which callers turn into their own one-paragraph message.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    r"^(Traceback \(most recent|Creating isolated environment|Installing packages in isolated|"
    r"Getting (build dependencies|metadata) for |Building (wheel|editable)\.\.\.|"
    r"Looking in (indexes|links)|- |running |writing |reading |\S*python\S* -m pip )"
)
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
    """This process's environment with :func:`installer_environ` applied, for a build subprocess."""
    env = dict(os.environ)
    for key, value in installer_environ(config).items():
        env.pop(key, None)  # re-added last, in installer_environ's order (pip applies PIP_* in that order)
        if value is not None:
            env[key] = value
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
    error.repeatable = code == _EXIT_BACKEND
    raise error


def _build_in_child(srcdir: Path, outdir: Path, kind: str, config: IndexConfig, cwd: Path, childtmp: Path,
                    limit: float) -> tuple[int | None, str]:
    """Run :func:`_worker` for ``kind`` in a child Python; (exit code or None on timeout, output)."""
    env = build_environ(config)
    if config.offline:  # build requirements from local --find-links only
        env["PIP_NO_INDEX"] = "1"
        env.pop("PIP_INDEX_URL", None)
        env.pop("PIP_EXTRA_INDEX_URL", None)
    # The build env lands in our temporary directory, so even a killed build leaves nothing behind.
    env.update(TMPDIR=str(childtmp), TEMP=str(childtmp), TMP=str(childtmp), PYTHONUNBUFFERED="1")
    package_root = str(Path(__file__).resolve().parents[2])
    return _run([sys.executable, "-c", _BOOT, package_root, str(srcdir), str(outdir), kind], env, cwd, limit)


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


def _run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float) -> tuple[int | None, str]:
    """(exit code or None on timeout, combined output); the whole process group dies on timeout."""
    posix = os.name == "posix"
    try:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=posix,
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


def _worker(srcdir: str, outdir: str, kind: str = "metadata") -> int:
    """Child process: isolated env, build requirements, then the ``kind`` hook into ``outdir``
    (``metadata``: the metadata hook, or the wheel's; ``wheel``; ``editable``: PEP 660)."""
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
                env.install(builder.build_system_requires)
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
