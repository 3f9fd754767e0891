"""One inspection in isolation: a fresh venv, the stack installed from its hashed lock, the check run.

Why each piece:

- **A fresh venv per inspection** (``python -m venv --without-pip``, ~40 ms), with its own
  empty HOME, TMPDIR and working directory: nothing from the machine (user site, config
  files, caches, PIP_*/STACKWISE_* variables) can make one stack pass here and fail there.
- **Installed by stackwise's own install path** (lock -> plan -> fetch + verify -> stage ->
  apply), in-process: the stack is exactly the lock's files, hash-verified, and an
  uninstallable stack is an ``install-failed`` outcome with stackwise's own message. The
  index settings come from :class:`RunnerSettings` only -- never from the worker's pip
  configuration -- so an inspection gives the same result on every machine. Files come from
  a shared wheel cache keyed by sha256, so each file is downloaded once per machine, and are
  copied (never hard-linked) into the venv, so package code cannot rewrite the cache's bytes.
- **The check runs as a contained process group**: a minimal environment, a wall-clock
  timeout that kills the whole group and whatever left it (see ``_MEASURE``),
  ``RLIMIT_AS``/``RLIMIT_CPU``, and no network (its own
  network namespace via ``unshare``) where the kernel allows it -- a check that needs the
  network would make results depend on the day they were taken. Its peak memory comes from
  ``wait4``.
- **A failing check is run twice** (same venv): if the two runs disagree the stack is
  ``flaky`` and never becomes knowledge; only a reproduced failure does.
"""

from __future__ import annotations

import contextlib
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import asdict, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.index.config import BUILD_MEMORY_MB, build_memory_problem
from stackwise.inspect.model import (
    MAX_CPU_SECONDS,
    MAX_MEMORY_MB,
    MAX_TIMEOUT,
    Check,
    InspectionResult,
    StackRequest,
)
from stackwise.inspect.signature import error_signature

NETWORK_MODES = ("auto", "require", "allow")
TAIL_LINES = 50  # lines of output kept in a result
LINE_CAP = 1000  # characters kept per output line
_SCAN_LINES = 2000  # lines kept for finding the last traceback (a traceback may end long before the tail)
_SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"  # after the venv's bin: shell tools, never another Python environment
_VENV_TIMEOUT = 120.0
INSTALL_TIMEOUT = 900.0  # default RunnerSettings.install_timeout: one slow sdist build (600 s) and downloads
_DRAIN_SECONDS = 2.0  # reading what is left in the pipe after the process group was killed
CHECK_SCRIPT_NAME = "stackwise_default_check.py"


class InspectionError(StackwiseError):
    """An inspection cannot be run at all (bad settings, no interpreter, no isolation when required)."""


@dataclass(frozen=True)
class RunnerSettings:
    """How inspections run on a machine; JSON-serialisable so it travels to Dask workers unchanged.

    ``network``: ``auto`` isolates the check from the network when the kernel allows it and
    says so in the result otherwise; ``require`` makes that an error; ``allow`` never isolates.
    """

    wheel_cache: str
    cache_dir: str | None = None
    index_urls: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    offline: bool = False
    python: str = sys.executable
    network: str = "auto"
    keep: bool = False
    work_root: str | None = None
    #: False: never build an sdist, neither to read a stack's metadata nor to install it (the
    #: stack is then unavailable or install-failed): ``kb build`` confirms pairs on wheels.
    build_sdists: bool = True
    #: Wall-clock seconds the install of a stack that builds sdists may take, builds included
    #: (a wheels-only install runs no package code; each download has the network timeout).
    install_timeout: float = INSTALL_TIMEOUT
    #: MiB of memory an sdist build of the stack may write (``RLIMIT_DATA``): a build runs the
    #: package's code, contained like the check (own HOME, no machine variables; see index.build).
    build_memory_mb: int = BUILD_MEMORY_MB

    def __post_init__(self) -> None:
        object.__setattr__(self, "index_urls", tuple(str(u) for u in self.index_urls))
        object.__setattr__(self, "find_links", tuple(str(u) for u in self.find_links))
        if self.network not in NETWORK_MODES:
            raise InspectionError(
                f"The network mode must be one of {', '.join(NETWORK_MODES)}, not {self.network!r}: 'auto' isolates "
                "checks from the network when the kernel allows it, 'require' refuses to run otherwise, 'allow' never isolates."
            )
        if not str(self.wheel_cache).strip():
            raise InspectionError("The inspection runner needs a wheel cache directory (wheel_cache); none was given.")
        timeout = self.install_timeout
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < float("inf"):
            raise InspectionError(f"install_timeout must be a positive number of seconds, not {timeout!r}.")
        problem = build_memory_problem(self.build_memory_mb)
        if problem:
            raise InspectionError(f"build_memory_mb must be {problem}.")

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["index_urls"] = list(self.index_urls)
        out["find_links"] = list(self.find_links)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunnerSettings:
        if not isinstance(data, Mapping) or "wheel_cache" not in data:
            raise InspectionError(f"Runner settings must be a JSON object with at least 'wheel_cache', not {data!r:.200}.")
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


# -- network isolation ---------------------------------------------------------------------------

_isolation: tuple[bool, str, tuple[str, ...], tuple[str, ...]] | None = None
_isolation_lock = threading.Lock()


#: unshare flags for a new PID namespace whose first process is the measuring parent: a
#: process inside cannot signal anything outside it (nor its own init, the measuring parent),
#: and when that init ends, or unshare is killed (``--kill-child``), the kernel kills every
#: process left in the namespace -- a daemon of a check that first killed its parent included.
_PID_FLAGS = ("-p", "-f", "--kill-child")


def _unshare() -> str | None:
    return shutil.which("unshare") or next((p for p in ("/usr/bin/unshare", "/bin/unshare") if os.access(p, os.X_OK)), None)


def _try_unshare(unshare: str, flags: tuple[str, ...], failures: list[str]) -> tuple[str, ...] | None:
    """``(unshare, *flags)`` if it runs a command here, else None (why appended to ``failures``)."""
    argv = (unshare, *flags)
    try:
        proc = subprocess.run([*argv, "/bin/sh", "-c", ":"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        failures.append(f"'unshare {' '.join(flags)}' could not run ({exc})")
        return None
    if proc.returncode == 0:
        return argv
    why = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
    failures.append(f"'unshare {' '.join(flags)}' failed ({why})")
    return None


def _probe_isolation() -> tuple[bool, str, tuple[str, ...], tuple[str, ...]]:
    """(network isolated, why, prefix for isolated checks, prefix for checks allowed the network)."""
    if not sys.platform.startswith("linux"):
        return False, f"network isolation needs Linux network namespaces, and this is {sys.platform}; checks can reach the network", (), ()
    unshare = _unshare()
    if unshare is None:
        return False, "the unshare command (util-linux) is not installed, so checks can reach the network", (), ()
    # root can make namespaces directly; anyone else (or root without CAP_SYS_ADMIN in a
    # container) needs a user namespace around them. A PID namespace is added where the
    # kernel and unshare allow it (util-linux 2.32+ for --kill-child).
    root = os.geteuid() == 0
    bases = [("-n",), ("-rn",)] if root else [("-rn",)]
    failures: list[str] = []
    pid_only = _try_unshare(unshare, _PID_FLAGS if root else ("--user", "--map-current-user", *_PID_FLAGS), [])
    for flags in bases:
        for extra in (_PID_FLAGS, ()):
            argv = _try_unshare(unshare, (*flags, *extra), failures)
            if argv is not None:
                what = "network and PID namespaces" if extra else "network namespace"
                return (True, f"checks run in their own {what} (unshare {' '.join(argv[1:])}): no network, not even loopback",
                        argv, pid_only or ())
    return False, (
        f"no network isolation: {'; '.join(failures)} -- the kernel or container forbids new namespaces "
        "(e.g. unprivileged user namespaces are disabled), so checks can reach the network"
    ), (), pid_only or ()


#: The parent's probe, handed to the child processes of ``execute`` (each would otherwise
#: spend a process start probing ``unshare`` again for every inspection).
PROBE_ENV = "_STACKWISE_NETNS_PROBE"


def _isolation_state() -> tuple[bool, str, tuple[str, ...], tuple[str, ...]]:
    global _isolation
    with _isolation_lock:
        if _isolation is None:
            _isolation = _inherited_probe() or _probe_isolation()
        return _isolation


def _inherited_probe() -> tuple[bool, str, tuple[str, ...], tuple[str, ...]] | None:
    import json

    raw = os.environ.get(PROBE_ENV)
    if not raw:
        return None
    try:
        available, why, argv, pid_argv = json.loads(raw)
        if (isinstance(available, bool) and isinstance(why, str) and all(isinstance(a, str) for a in argv)
                and all(isinstance(a, str) for a in pid_argv)):
            return available, why, tuple(argv), tuple(pid_argv)
    except (ValueError, TypeError):
        pass
    return None


def probe_environment() -> dict[str, str]:
    """The variable that passes this process's probe on to child processes."""
    import json

    available, why, argv, pid_argv = _isolation_state()
    return {PROBE_ENV: json.dumps([available, why, list(argv), list(pid_argv)])}


def network_isolation() -> tuple[bool, str]:
    """Whether checks can be cut off from the network here, and a plain explanation (probed once per process)."""
    available, why, _argv, _pid_argv = _isolation_state()
    return available, why


# -- the default check ---------------------------------------------------------------------------

_DEFAULT_CHECK = r'''"""stackwise default check: does every installed distribution import, and do its commands start?

For every distribution in this environment: import each of its top-level modules (from
top_level.txt, else from RECORD), printing a full traceback for each that fails; then run each
console script with --version, which counts as a failure only if its output holds a Python
traceback (a script without a --version option just exits non-zero) that is not about a module
no distribution here provides (a command needing an extra that is not installed). Exit status 1 if anything
failed. Modules are imported in one process, sorted by name (fast); a module that fails there is
imported again alone in a fresh interpreter, and only a failure there counts -- with that run's
traceback -- so a failure never depends on which other modules happened to be imported first
(e.g. a library importing the standard library's distutils before setuptools). A module that
fails only after the others is reported in one line, not counted. faulthandler shows where a
crash (segfault) happened.

Kept: single-underscore modules (_cffi_backend, _yaml, ...): they are the package's own code
and a broken extension module is often one of them. Skipped: dunder names (__editable__ finders,
__pycache__), names that are not identifiers, *.dist-info / *.data / *.egg-info, bin, and files
shipped at the top level by mistake and not meant to be imported (setup, conftest, tests, docs, ...).
"""
import faulthandler
import os
import subprocess
import sys

faulthandler.enable()

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != _HERE]  # only the environment's own modules

import importlib  # noqa: E402
import importlib.util  # noqa: E402
from importlib import metadata  # noqa: E402

SKIP = {"setup", "conftest", "test", "tests", "testing", "doc", "docs", "example", "examples", "benchmark",
        "benchmarks", "bin", "scripts"}
EXTENSIONS = (".so", ".pyd")
SCRIPT_TIMEOUT = 30
ALONE = "import importlib, sys; sys.path[:] = [p for p in sys.path if p]; importlib.import_module(sys.argv[1])"


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def canonical(name):
    return "".join("-" if c in "_." else c for c in name.lower())


def top_level(dist):
    names = set()
    text = dist.read_text("top_level.txt")
    if text:
        for line in text.splitlines():
            line = line.strip().replace("\\", "/")
            if line:
                names.add(line.split("/")[0])
    else:
        for path in dist.files or ():
            parts = path.parts
            if not parts or parts[0].startswith(".."):
                continue
            first = parts[0]
            if first.endswith((".dist-info", ".data", ".egg-info")):
                continue
            if len(parts) == 1:
                if first.endswith(".py"):
                    names.add(first[:-3])
                elif first.endswith(EXTENSIONS):
                    names.add(first.split(".")[0])
            elif parts[-1].endswith((".py",) + EXTENSIONS):
                names.add(first)
    return {n for n in names if n.isidentifier() and not n.startswith("__") and n not in SKIP}


def optional_missing(out):
    """The module a console script's traceback ends on when it is not installed at all.

    Commands often need an extra (``httpx2`` needs ``pygments`` from ``httpx2[cli]``): a
    ModuleNotFoundError for a top-level module no distribution here provides says the
    extra is missing, not that the stack is broken. A missing *name* from an installed
    module (ImportError: cannot import name) still counts."""
    lines = [line for line in out.strip().splitlines() if line.strip()]
    if not lines or "Traceback (most recent call last):" not in out:
        return None
    last = lines[-1].strip()
    prefix = "ModuleNotFoundError: No module named "
    if not last.startswith(prefix):
        return None
    name = last[len(prefix):].strip().strip("'\"").split(".")[0]
    if not name or importlib.util.find_spec(name) is not None:
        return None
    return name


def main():
    modules = {}
    scripts = []
    seen = set()
    dists = 0
    for dist in metadata.distributions():
        name = dist.metadata["Name"] or "?"
        if canonical(name) in seen:
            continue  # the first on sys.path is the one Python uses
        seen.add(canonical(name))
        dists += 1
        label = "%s %s" % (name, dist.version)
        for module in top_level(dist):
            modules.setdefault(module, label)
        for ep in dist.entry_points:
            if ep.group == "console_scripts":
                scripts.append((ep.name, label))
    suspects = []
    for module in sorted(modules):
        try:
            importlib.import_module(module)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt raised by an import are failures too
            suspects.append((module, "%s: %s" % (type(exc).__name__, exc)))
    failed = []
    for module, why in suspects:
        try:
            proc = subprocess.run([sys.executable, "-I", "-c", ALONE, module], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=SCRIPT_TIMEOUT)
        except subprocess.TimeoutExpired:
            failed.append(module)
            say("stackwise-check: import %s (%s) FAILED: did not finish in %d s" % (module, modules[module], SCRIPT_TIMEOUT))
            continue
        if proc.returncode == 0:
            say("stackwise-check: import %s (%s) failed only after other modules were imported, not alone "
                "(not counted): %s" % (module, modules[module], why.splitlines()[0] if why else "?"))
            continue
        failed.append(module)
        out = proc.stdout.decode("utf-8", "replace")
        say("stackwise-check: import %s (%s) FAILED:" % (module, modules[module]))
        sys.stdout.write(out if out.endswith("\n") or not out else out + "\n")
    bindir = os.path.dirname(sys.executable)
    script_failed = []
    for script, label in sorted(scripts):
        path = os.path.join(bindir, script)
        if not os.path.exists(path):
            say("stackwise-check: console script %s (%s) is not installed" % (script, label))
            script_failed.append(script)
            continue
        try:
            proc = subprocess.run([path, "--version"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, timeout=SCRIPT_TIMEOUT)
        except subprocess.TimeoutExpired:
            say("stackwise-check: %s --version (%s) did not finish in %d s; not counted as a failure"
                % (script, label, SCRIPT_TIMEOUT))
            continue
        except OSError as exc:
            say("stackwise-check: %s (%s) could not start: %s" % (script, label, exc))
            script_failed.append(script)
            continue
        out = proc.stdout.decode("utf-8", "replace")
        missing = optional_missing(out)
        if missing:
            say("stackwise-check: %s --version (%s) needs %s, which is not installed (an optional "
                "dependency, e.g. an extra); not counted" % (script, label, missing))
            continue
        if "Traceback (most recent call last):" in out:
            script_failed.append(script)
            say("stackwise-check: %s --version (%s) FAILED with exit status %d:" % (script, label, proc.returncode))
            sys.stdout.write(out if out.endswith("\n") else out + "\n")
    say("stackwise-check: %d distribution(s), %d module(s) imported, %d failed%s; %d console script(s) run, %d failed%s"
        % (dists, len(modules), len(failed), (" (" + ", ".join(failed) + ")") if failed else "",
           len(scripts), len(script_failed), (" (" + ", ".join(script_failed) + ")") if script_failed else ""))
    return 1 if failed or script_failed else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # a library's non-daemon thread or atexit hook must not turn the result into a timeout
'''


def default_check_script() -> str:
    """Source of the default check, so ``reproduce`` and the docs show exactly what ran."""
    return _DEFAULT_CHECK


# -- running one process -------------------------------------------------------------------------


class _Tail:
    """The last lines of a byte stream, each capped, without keeping the whole output in memory."""

    def __init__(self, keep: int = _SCAN_LINES) -> None:
        self.lines: deque[str] = deque(maxlen=keep)
        self._partial = b""

    def feed(self, chunk: bytes) -> None:
        data = self._partial + chunk
        *complete, self._partial = data.split(b"\n")
        for raw in complete:
            self._add(raw)
        if len(self._partial) > 4 * LINE_CAP:  # an endless line: keep its start, drop the rest
            self._partial = self._partial[: 4 * LINE_CAP]

    def close(self) -> None:
        if self._partial:
            self._add(self._partial)
            self._partial = b""

    def _add(self, raw: bytes) -> None:
        line = raw.decode("utf-8", "replace").rstrip("\r")
        self.lines.append(line if len(line) <= LINE_CAP else line[:LINE_CAP] + "…")

    def text(self, last: int | None = None) -> str:
        lines = list(self.lines)
        return "\n".join(lines[-last:] if last else lines)


@dataclass
class _Run:
    """One execution of a command (one repeat)."""

    outcome: str  # passed, failed, timeout
    exit_status: int | None
    duration: float
    peak_memory_kb: int | None
    output: str  # up to _SCAN_LINES lines

    @property
    def signature(self) -> str | None:
        if self.outcome == "passed":
            return None
        return error_signature(self.output, None if self.outcome == "timeout" else self.exit_status)


def _limits(check: Check) -> Callable[[], None]:
    """A preexec function setting the check's rlimits (computed here: the child only calls setrlimit)."""

    def cap(kind: int, value: int) -> tuple[int, int]:
        _soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        return value, value

    memory = cap(resource.RLIMIT_AS, int(check.memory_mb) * 1024 * 1024)
    cpu_soft = cap(resource.RLIMIT_CPU, int(check.cpu_seconds))[0]
    cpu_hard = cap(resource.RLIMIT_CPU, int(check.cpu_seconds) + 5)[0]  # SIGXCPU first, then SIGKILL

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file behind
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_soft, cpu_hard))
        resource.setrlimit(resource.RLIMIT_AS, memory)

    return apply


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


# The check runs under this small parent, which reports the check's own peak memory, run
# time and exit status on a pipe. Why not wait4 on the check itself: Linux carries a process's
# memory high-water mark across exec, so a check forked from a large stackwise process (a crawl
# holds hundreds of MB) would report that process's size as its own. It is also what makes
# sure nothing the check started outlives it: it adopts orphans (Linux
# PR_SET_CHILD_SUBREAPER), enforces the timeout itself, and once the check has ended kills
# every process left below it, generation by generation -- a daemon that left the process
# group with setsid and a double fork included, which the runner's group kill never reaches.
_MEASURE = (
    "import os, resource, signal, subprocess, sys, time\n"
    "fd, timeout = int(sys.argv[1]), float(sys.argv[2])\n"
    "me = os.getpid()\n"
    "reaper = False\n"
    "if sys.platform.startswith('linux'):\n"
    "    try:\n"
    "        import ctypes\n"
    "        reaper = ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) == 0\n"
    "    except Exception:\n"
    "        pass\n"
    "code = None\n"
    "start = time.monotonic()\n"
    "try:\n"
    "    child = subprocess.Popen(sys.argv[3:])\n"
    "except OSError as exc:\n"
    "    print(f'stackwise: cannot start {sys.argv[3]}: {exc.strerror or exc}', file=sys.stderr)\n"
    "    code = 127\n"
    "else:\n"
    "    def expire(signum, frame):\n"
    "        global code\n"
    "        code = 'timeout'\n"
    "        if child.returncode is None:\n"
    "            try:\n"  # reaped by the wait this signal interrupted, returncode not yet set
    "                os.kill(child.pid, signal.SIGKILL)\n"
    "            except ProcessLookupError:\n"
    "                pass\n"
    "    signal.signal(signal.SIGALRM, expire)\n"
    "    signal.setitimer(signal.ITIMER_REAL, timeout)\n"
    "    status = child.wait()\n"  # blocking: a polling wait would add up to 50 ms to every timing
    "    signal.setitimer(signal.ITIMER_REAL, 0)\n"
    "    if code is None:\n"
    "        code = status\n"
    "took = time.monotonic() - start\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "def left():\n"
    "    out = []\n"
    "    for name in os.listdir('/proc'):\n"
    "        try:\n"
    "            with open(f'/proc/{name}/stat', 'rb') as f:\n"
    "                if int(f.read().rsplit(b')', 1)[1].split()[1]) == me:\n"
    "                    out.append(int(name))\n"
    "        except (OSError, ValueError, IndexError):\n"
    "            pass\n"
    "    return out\n"
    "if me == 1:\n"  # init of its own PID namespace: everything left is in it, and only in it
    "    reaper = False\n"
    "    try:\n"
    "        os.kill(-1, signal.SIGKILL)\n"  # from a namespace's init: every other process of it
    "    except OSError:\n"
    "        pass\n"
    "    while True:\n"
    "        try:\n"
    "            os.waitpid(-1, 0)\n"
    "        except OSError:\n"
    "            break\n"
    "for _ in range(1000 if reaper else 0):\n"
    "    kids = left()\n"
    "    if not kids:\n"
    "        break\n"
    "    for pid in kids:\n"
    "        try:\n"
    "            os.kill(pid, signal.SIGKILL)\n"
    "        except OSError:\n"
    "            pass\n"
    "    for pid in kids:\n"
    "        try:\n"
    "            os.waitpid(pid, 0)\n"
    "        except OSError:\n"
    "            pass\n"
    "os.write(fd, f'{peak} {took!r} {code}'.encode())\n"
    "os.close(fd)\n"
    "if code == 'timeout':\n"
    "    sys.exit(124)\n"
    "if code < 0:\n"
    "    try:\n"
    "        signal.signal(-code, signal.SIG_DFL)\n"
    "    except (OSError, ValueError):\n"
    "        pass\n"
    "    os.kill(me, -code)\n"
    "sys.exit(code)\n"
)
#: Seconds the measuring parent gets after the check's timeout to kill what the check left
#: before the runner kills the process group itself.
_REAP_GRACE = 5.0


def _measured(report: bytes) -> tuple[int | None, float | None, int | str | None]:
    """(peak KiB, seconds, exit status or ``"timeout"``) from the measuring parent; Nones when
    it did not get to say (it was killed)."""
    try:
        peak, took, code = report.decode().split()
        return int(peak), float(took), code if code == "timeout" else int(code)
    except ValueError:
        return None, None, None


def _run_process(argv: list[str], *, env: Mapping[str, str], cwd: Path, check: Check,
                 prefix: tuple[str, ...] = ()) -> _Run:
    """Run ``argv`` as its own session; kill the whole group at the timeout, on exit, and on Ctrl-C.

    Why the exit is observed without reaping (a pidfd, else ``waitid(WNOWAIT)``) and only then
    ``wait4``: the group is killed while its leader is still an unreaped zombie, so the group id
    cannot have been reused by an unrelated process. Peak memory and run time come from the
    measuring parent (see ``_MEASURE``).
    """
    if shutil.which(argv[0], path=env.get("PATH")) is None and not os.access(argv[0], os.X_OK):
        raise InspectionError(f"Could not start the check ({argv[0]}): no such program.")
    report_r, report_w = os.pipe()
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            [*prefix, sys.executable, "-I", "-S", "-c", _MEASURE, str(report_w), repr(float(check.timeout)), *argv],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd, env=dict(env),
            start_new_session=True, preexec_fn=_limits(check), close_fds=True, pass_fds=(report_w,),
        )
    except OSError as exc:
        os.close(report_r)
        os.close(report_w)
        raise InspectionError(f"Could not start the check ({argv[0]}): {exc.strerror or exc}.") from None
    os.close(report_w)
    pid = proc.pid
    tail = _Tail()
    timed_out = False
    status: int | None = None
    rusage: Any = None
    pidfd: int | None = None
    sel = selectors.DefaultSelector()
    assert proc.stdout is not None
    try:
        out_fd = proc.stdout.fileno()
        sel.register(out_fd, selectors.EVENT_READ, "out")
        try:
            pidfd = os.pidfd_open(pid)
            sel.register(pidfd, selectors.EVENT_READ, "exit")
        except (AttributeError, OSError):
            pidfd = None  # old kernel or not Linux: poll for the exit below
        deadline = started + float(check.timeout) + _REAP_GRACE  # the measuring parent times the check out
        exited = False
        eof = False
        while not exited:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            wait = remaining if pidfd is not None else min(remaining, 0.02)
            for key, _mask in sel.select(wait):
                if key.data == "out":
                    chunk = os.read(out_fd, 65536)
                    if chunk:
                        tail.feed(chunk)
                    elif not eof:
                        eof = True
                        sel.unregister(out_fd)
                else:
                    exited = True
            if not exited and pidfd is None:
                exited = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        duration = time.monotonic() - started
        _kill_group(pid)  # leftovers of a finished check, or everything at the timeout
        _pid, status, rusage = os.wait4(pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        # what the group wrote before it died (a process that left the group may hold the pipe: bounded)
        if pidfd is not None:
            sel.unregister(pidfd)  # stays readable now: only the pipe may wake the drain below
        if not eof:
            os.set_blocking(out_fd, False)  # a read must never wait for a process that left the group
            drain_until = time.monotonic() + _DRAIN_SECONDS
            while (remaining := drain_until - time.monotonic()) > 0:
                if not sel.select(remaining):
                    break
                try:
                    chunk = os.read(out_fd, 65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    break
                tail.feed(chunk)
    except BaseException:
        _kill_group(pid)
        if proc.returncode is None:
            try:
                _pid, status, _ru = os.wait4(pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
            except ChildProcessError:
                proc.returncode = -signal.SIGKILL
        raise
    finally:
        sel.close()
        if pidfd is not None:
            os.close(pidfd)
        proc.stdout.close()
        os.set_blocking(report_r, False)  # the group is dead: whatever it wrote is there now
        try:
            report = os.read(report_r, 256)
        except BlockingIOError:
            report = b""
        os.close(report_r)
    tail.close()
    code = proc.returncode
    peak, took, reported = _measured(report)  # KiB on Linux
    if reported == "timeout":
        timed_out = True
    elif reported is not None:
        code = reported
    if took is not None and not (timed_out and reported is None):
        duration = took  # the check alone, without the measuring parent's start-up
    if timed_out:
        return _Run("timeout", None, duration, peak, tail.text())
    return _Run("passed" if code == 0 else "failed", code, duration, peak, tail.text())


# -- the inspection ------------------------------------------------------------------------------


@dataclass
class _Work:
    """The directories of one inspection."""

    root: Path
    venv: Path = field(init=False)
    home: Path = field(init=False)
    tmp: Path = field(init=False)
    cwd: Path = field(init=False)

    def __post_init__(self) -> None:
        self.venv = self.root / "venv"
        self.home = self.root / "home"
        self.tmp = self.root / "tmp"
        self.cwd = self.root / "run"
        for d in (self.home, self.tmp, self.cwd):
            d.mkdir()


def _validate(check: Check, settings: RunnerSettings) -> None:
    problems = []
    if check.kind not in ("check", "benchmark"):
        problems.append(f"kind must be 'check' or 'benchmark', not {check.kind!r}")
    if not isinstance(check.repeat, int) or check.repeat < 1:
        problems.append(f"repeat must be a whole number >= 1, not {check.repeat!r}")
    if not isinstance(check.timeout, (int, float)) or not 0 < check.timeout <= MAX_TIMEOUT:
        problems.append(f"timeout must be a positive number of seconds up to {MAX_TIMEOUT:g}, not {check.timeout!r}")
    if not isinstance(check.memory_mb, int) or not 16 <= check.memory_mb <= MAX_MEMORY_MB:
        problems.append(f"memory_mb must be a whole number of MiB from 16 to {MAX_MEMORY_MB}, not {check.memory_mb!r}")
    if not isinstance(check.cpu_seconds, int) or not 1 <= check.cpu_seconds <= MAX_CPU_SECONDS:
        problems.append(f"cpu_seconds must be a whole number from 1 to {MAX_CPU_SECONDS}, not {check.cpu_seconds!r}")
    if check.command is not None and not str(check.command).strip():
        problems.append("command is empty (use no command for the default import check)")
    if problems:
        raise InspectionError(f"Invalid check {check.describe()!r}: {'; '.join(problems)}.")
    if not (os.path.isfile(settings.python) and os.access(settings.python, os.X_OK)):
        raise InspectionError(
            f"The interpreter {settings.python} that inspection environments are made from does not exist or is not "
            "executable on this machine; set RunnerSettings.python to a Python available here."
        )


def _make_venv(python: str, venv: Path) -> None:
    try:
        proc = subprocess.run(
            [python, "-m", "venv", "--without-pip", str(venv)],
            capture_output=True, text=True, timeout=_VENV_TIMEOUT, check=False, env=_base_env(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InspectionError(f"Could not create a virtual environment with {python}: {exc}.") from None
    if proc.returncode != 0:
        why = " ".join((proc.stderr or proc.stdout).strip().splitlines()[-2:]) or f"exit status {proc.returncode}"
        raise InspectionError(f"Could not create a virtual environment with {python} in {venv}: {why}")


def _base_env() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", _SYSTEM_PATH), "LANG": "C.UTF-8"}


def _install(request: StackRequest, work: _Work, target: Any, settings: RunnerSettings) -> None:
    """Install the lock into the venv exactly like ``stackwise install LOCK --target-venv``.

    In-process when every package has a wheel here (downloads and copies: no package code runs,
    and each request is bounded by the network timeout). A stack that needs a build (an sdist,
    only with ``build_sdists``) is installed by a child process killed at
    ``settings.install_timeout``: a build runs package code, and each build's own limit alone
    let a stack of several slow sdists run for hours."""
    lock_path = work.root / "pylock.toml"
    lock_path.write_text(request.lock, encoding="utf-8")
    lock, todo = _plan(lock_path, target)
    if not todo:
        return
    builds = _needs_build(todo, target)
    if not settings.build_sdists:
        # refused here, before the sdist is downloaded (numpy's is tens of MB); anything else
        # that would need a build is refused by install_steps(allow_build=False)
        for step in builds:
            package = step.package
            if package.directory is None and package.files and all(f.filename for f in package.files):
                raise InspectionError(f"{package.name} {package.version} has no wheel for this environment, only "
                                      f"a source distribution, and {SDIST_NOT_BUILT} (--build-sdists allows it)")
    if builds and settings.build_sdists:
        _install_in_child(lock_path, work.venv, settings)
    else:
        _install_steps(todo, lock, target, settings)


#: In an install-failed result's detail when a stack needed an sdist build that the settings
#: forbid (``build_sdists=False``): callers count these to suggest ``--build-sdists``.
SDIST_NOT_BUILT = "this inspection builds no sdists"
#: Seconds an interrupted install child gets to stop its build (its own cleanup kills the
#: build's process group) before it is killed.
_INSTALL_GRACE = 10.0


def _plan(lock_path: Path, target: Any) -> tuple[Any, list[Any]]:
    """The lock and the steps that install it into ``target``."""
    from stackwise.install.plan import make_plan
    from stackwise.lockfiles import read_lock

    lock = read_lock(lock_path)
    return lock, [s for s in make_plan(lock, target.environment.markers, target.installed()) if s.action != "skip"]


def _install_steps(todo: list[Any], lock: Any, target: Any, settings: RunnerSettings) -> None:
    from stackwise.index.config import IndexConfig
    from stackwise.install.apply import install_steps

    meta = lock.meta if isinstance(lock.meta, Mapping) else {}
    index_urls = settings.index_urls or tuple(lock.index_urls)
    config = IndexConfig(
        index_urls=index_urls,
        find_links=(*(meta.get("find_links") or ()), *settings.find_links),
        no_index=settings.offline or not index_urls,
        offline=settings.offline,
        cache_dir=Path(settings.cache_dir) if settings.cache_dir else None,
        build_sdists=settings.build_sdists,
        contain_builds=True,
        build_memory_mb=settings.build_memory_mb,
    )
    with warnings.catch_warnings():
        # installer's notes about a wheel's own packaging (a __pycache__ shipped inside) are
        # the package's business, not the inspection's; they would only be noise
        warnings.simplefilter("ignore", RuntimeWarning)
        # copies, never hard links: a link shares its bytes with the unpacked-wheel cache, so
        # package code rewriting an installed file in place (any package's, restoring the
        # modification time) would poison that cache for every later inspection and install
        install_steps(todo, target, config, wheel_cache=Path(settings.wheel_cache), allow_build=settings.build_sdists,
                      link_mode="copy")


def _needs_build(todo: list[Any], target: Any) -> list[Any]:
    """The steps with no wheel for this target (a local project, an sdist-only release, or a
    hashes-only entry whose files are unknown until the index is asked): each may need a build."""
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename

    tags = target.tag_priority
    out = []
    for step in todo:
        package = step.package
        names = [f.filename for f in package.files]
        if package.directory is not None or not names or any(n is None for n in names):
            out.append(step)  # a local project, or a hashes-only entry: its files are known later
            continue
        for name in names:
            if name.endswith(".whl"):
                try:
                    if any(t in tags for t in parse_wheel_filename(name)[3]):
                        break
                except InvalidWheelFilename:
                    continue
        else:
            out.append(step)
    return out


#: The install child: this very stackwise (its directory appended to the path, as for
#: execute's inspection children: an installed stackwise still wins, a source tree is found).
_INSTALL_CHILD = (
    "import json, sys\n"
    "sys.path.append(sys.argv[1])\n"
    "from stackwise.inspect.runner import _install_child\n"
    "sys.exit(_install_child(json.loads(sys.stdin.read())))\n"
)


def _install_child(data: Mapping[str, Any]) -> int:
    """The install child's side of :func:`_install_in_child`: the outcome as one JSON line."""
    import json

    from stackwise.install.target import InstallTarget

    try:
        settings = RunnerSettings.from_json(data["settings"])
        target = InstallTarget.venv(Path(data["venv"]))
        lock, todo = _plan(Path(data["lock"]), target)
        _install_steps(todo, lock, target, settings)
        answer: dict[str, Any] = {"ok": True}
    except KeyboardInterrupt:
        return 130  # stopped (the time limit or Ctrl-C); a build was killed on the way out
    except StackwiseError as exc:
        answer = {"failed": str(exc)}
    except Exception as exc:
        answer = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(answer), flush=True)
    return 0


def child_answer(out: bytes, err: bytes, returncode: int | None, what: str) -> dict[str, Any] | str:
    """The JSON object a child process printed as its last line, or why there is none: the
    ``what`` process died, with its exit status and the end of its standard error."""
    import json

    try:
        answer = json.loads(out.decode("utf-8").strip().splitlines()[-1])
        if isinstance(answer, dict):
            return answer
    except (ValueError, IndexError, UnicodeDecodeError):
        pass
    tail = " ".join(err.decode("utf-8", "replace").strip().splitlines()[-3:])[:500]
    return f"the {what} process died (exit status {returncode})" + (f": {tail}" if tail else "")


def _install_in_child(lock_path: Path, venv: Path, settings: RunnerSettings) -> None:
    """:func:`_install_steps` in a child process stopped at ``settings.install_timeout``: SIGINT
    first (a build in progress is killed by the child's own cleanup), SIGKILL after a grace."""
    import json

    import stackwise

    here = os.path.dirname(os.path.dirname(os.path.abspath(stackwise.__file__)))
    data = json.dumps({"lock": str(lock_path), "venv": str(venv), "settings": settings.to_json()})
    limit = float(settings.install_timeout)
    proc = subprocess.Popen([sys.executable, "-c", _INSTALL_CHILD, here], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(data.encode("utf-8"), timeout=limit)
    except BaseException as exc:  # the time limit, or Ctrl-C: never leave a build running behind us
        with contextlib.suppress(OSError):
            proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=_INSTALL_GRACE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
        if not isinstance(exc, subprocess.TimeoutExpired):
            raise
        raise InspectionError(f"installing the stack took over {limit:g} s (it builds from source "
                              "distributions) and was stopped") from None
    answer = child_answer(out, err, proc.returncode, "install")
    if isinstance(answer, str):
        raise RuntimeError(answer)
    if "failed" in answer:
        raise InspectionError(str(answer["failed"]))
    if "error" in answer:
        raise RuntimeError(str(answer["error"]))


def _check_env(work: _Work) -> dict[str, str]:
    return {
        "PATH": f"{work.venv / 'bin'}:{_SYSTEM_PATH}",
        "HOME": str(work.home),
        "TMPDIR": str(work.tmp),
        "LANG": "C.UTF-8",
        "PYTHONNOUSERSITE": "1",
        "VIRTUAL_ENV": str(work.venv),
    }


def _check_argv(check: Check, work: _Work) -> list[str]:
    if check.command is None:
        script_dir = work.root / "check"
        script_dir.mkdir(exist_ok=True)
        script = script_dir / CHECK_SCRIPT_NAME
        script.write_text(_DEFAULT_CHECK, encoding="utf-8")
        return [str(work.venv / "bin" / "python"), "-I", str(script)]
    return ["/bin/sh", "-c", check.command]


@dataclass
class _Attempt:
    """All repeats of one attempt (one for a check, ``repeat`` for a benchmark)."""

    runs: list[_Run]

    @property
    def last(self) -> _Run:
        return self.runs[-1]

    @property
    def outcome(self) -> str:
        return self.last.outcome

    @property
    def signature(self) -> str | None:
        return self.last.signature


def _attempt(argv: list[str], work: _Work, check: Check, prefix: tuple[str, ...] = ()) -> _Attempt:
    runs: list[_Run] = []
    env = _check_env(work)
    for _ in range(check.repeat if check.kind == "benchmark" else 1):
        run = _run_process(argv, env=env, cwd=work.cwd, check=check, prefix=prefix)
        runs.append(run)
        if run.outcome != "passed":
            break  # a benchmark passes only if every run does; later timings would mean nothing
    return _Attempt(runs)


def _environment(markers: Mapping[str, str], isolated: bool) -> dict[str, Any]:
    return {
        "python": markers.get("python_full_version", ""),
        "python_minor": markers.get("python_version", ""),
        "implementation": markers.get("implementation_name", ""),
        "platform": markers.get("sys_platform", ""),
        "machine": markers.get("platform_machine", ""),
        "network_isolated": isolated,
    }


def run_inspection(request: StackRequest, check: Check, settings: RunnerSettings) -> InspectionResult:
    """Install ``request`` into a fresh venv and run ``check`` there, isolated; never raises for a bad stack.

    A stack that cannot be installed is ``install-failed``; a check that fails or times out
    is run again in the same venv and becomes ``flaky`` if the second run disagrees. Raises
    :class:`InspectionError` only for problems of the settings or the machine (no interpreter,
    no isolation with ``network="require"``), which every inspection would hit alike.
    """
    _validate(check, settings)
    if settings.network == "allow":
        isolated, why, prefix = False, "network isolation disabled (network='allow')", _isolation_state()[3]
    else:
        isolated, why, prefix, _pid_prefix = _isolation_state()
        if not isolated and settings.network == "require":
            raise InspectionError(f"Checks must run without network access (network='require'), but {why}.")
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    notes = [] if isolated else [why]
    work_root = Path(settings.work_root) if settings.work_root else None
    try:
        if work_root is not None:
            work_root.mkdir(parents=True, exist_ok=True)
        root = Path(tempfile.mkdtemp(prefix="stackwise-inspect-", dir=work_root))
    except OSError as exc:
        raise InspectionError(
            f"Cannot create a work directory under {work_root or tempfile.gettempdir()} ({exc.strerror or exc}); "
            "set work_root to a writable directory."
        ) from None
    try:
        work = _Work(root)
        _make_venv(settings.python, work.venv)
        from stackwise.install.target import InstallTarget

        target = InstallTarget.venv(work.venv)  # an InstallError here is the machine's, not the stack's: raised
        result = InspectionResult(stack=request, check=check, outcome="error", created=created,
                                  environment=_environment(target.environment.markers, isolated))
        try:
            _install(request, work, target, settings)
        except StackwiseError as exc:
            result.outcome = "install-failed"
            result.detail = "; ".join([str(exc), *notes])
            return result
        except Exception as exc:  # a bug or a machine problem: recorded, so one stack cannot stop a whole batch
            result.outcome = "error"
            result.detail = "; ".join([f"installing the stack failed unexpectedly: {type(exc).__name__}: {exc}", *notes])
            return result
        argv = _check_argv(check, work)
        first = _attempt(argv, work, check, prefix)
        outcome = first.outcome
        attempts = 1
        if outcome in ("failed", "timeout"):
            second = _attempt(argv, work, check, prefix)
            attempts = 2
            if second.outcome != first.outcome or second.signature != first.signature:
                outcome = "flaky"
                notes.insert(0, f"first run {first.outcome} ({first.signature}), second run {second.outcome}"
                                + (f" ({second.signature})" if second.signature else ""))
        run = first.last
        result.outcome = outcome
        result.attempts = attempts
        result.exit_status = run.exit_status
        result.duration = round(sum(r.duration for r in first.runs), 6)
        peaks = [r.peak_memory_kb for r in first.runs if r.peak_memory_kb is not None]
        result.peak_memory_kb = max(peaks) if peaks else None
        result.output_tail = "\n".join(run.output.splitlines()[-TAIL_LINES:])
        result.signature = first.signature if outcome != "passed" else None
        if check.kind == "benchmark":
            result.timings = [round(r.duration, 6) for r in first.runs]
        if settings.keep:
            notes.append(f"work directory kept at {root}")
        result.detail = "; ".join(notes)
        return result
    finally:
        if not settings.keep:
            shutil.rmtree(root, ignore_errors=True)

