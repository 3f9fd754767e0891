#!/usr/bin/env python3
"""Inspection benchmark (issue #13): how fast ``stackwise inspect`` runs stacks, and how few
inspections ``stackwise learn`` needs to pin down a broken pair.

Usage::

    python benchmarks/inspections.py                     # --offline (default): local index on 127.0.0.1
    python benchmarks/inspections.py --network           # real small stacks from the configured index
    python benchmarks/inspections.py --rounds 5 --json results.json
    python benchmarks/inspections.py --parts pairs --pairs 8x8,64x64

Part 1, throughput. Pure-Python stacks with a warm wheel cache, each inspected by the real
runner (:func:`stackwise.inspect.execute.execute`: fresh ``venv --without-pip``, the stack
installed from its hashed pylock by stackwise's own install path, the default import check in
a fresh interpreter in its own network namespace), and the same stacks done by hand in the
same run:

* ``pip``:        ``python -m venv DIR`` + ``DIR/bin/python -m pip install --no-deps --no-index FILES``
* ``pip-python``: ``python -m venv --without-pip DIR`` + ``python -m pip --python DIR/bin/python install
  --no-deps --no-index FILES`` (the same without ensurepip, which dominates the first)
* ``uv``:         ``uv venv DIR`` + ``uv pip install --no-deps --no-index --python DIR/bin/python FILES``
  (when ``uv`` is on PATH or next to this interpreter)

FILES are exactly the wheel files stackwise installed, taken from its wheel cache (so every
tool installs the same bytes from local disk), and the check is the same default check script
(:func:`stackwise.inspect.runner.default_check_script`) limited to the stack's distributions
(a venv made with ensurepip also holds pip and setuptools, which the stack does not). Every
hand-made run also removes its directory afterwards, as the runner does.

After one untimed warm-up pass (stackwise and uv on every stack, which fills their caches --
in ``--network`` mode stackwise's is also the *cold* run, reported beside the warm figures;
the pip baselines, which have no cache for local files, on the first stack), each of
``--rounds`` rounds runs:

* ``--jobs 1``: stack by stack, every tool on the same stack one after another, the tool
  order reversed every round; per-inspection times, inspections per minute = 60 x stacks /
  the sum of the round's times, and per (round, stack) the paired ratio stackwise / tool;
* ``--jobs 2``: every tool's whole batch at two at a time (stackwise: ``execute(jobs=2)``, its
  child-process path; the hand-made tools: two worker threads), tool order reversed every
  round; the batch holds every stack ``--batch-repeat`` times (default 2); inspections per
  minute = 60 x inspections / the batch's wall time, paired per round. The ``pip`` baseline
  (ensurepip: seconds per venv) joins these batches only with ``--jobs2-pip``: it would double
  a run for what its jobs=1 figure already shows.

Ratios are geometric means of the paired ratios with a 95 % interval (Student's t on the
logarithms). Goals: >= 20 inspections/min on 2 cores, <= 3 s per inspection.

Part 2, isolation cost. For each ``NxM`` in ``--pairs``, a generated index where ``liba`` has N
releases (it depends on ``libb``), ``libb`` M releases, and ``liba<K`` imports a name that
``libb>=J`` removed. The real flow, as a library: :class:`StackMaker` + ``choose_stacks``
(strategy ``boundaries``, ``--max-stacks``) + ``execute`` with the real runner, every result
stored in a :class:`ResultStore`, then :func:`learn` with ``stack_probe`` (each probe is a real
resolution + inspection) on all those results; then :func:`learn` once more from pip's stack and
the first failing stack alone (the least a user may have, nothing else to reuse). Reported: the
stacks inspected, the probes each learn used against the goal ``2*log2(max(N, M)) + 5``, and
whether the learned rule is exactly ``liba<K`` with ``libb>=J`` (checked against every one of
the N x M combinations). liba's releases are ``1.<series>.<patch>`` with eight patches per
series (libb: ``2.<series>.<patch>``), K at 40 % of liba's releases and J at 60 % of libb's.

Isolation: every tool runs without the machine's pip/uv/stackwise configuration
(``PIP_CONFIG_FILE`` and ``STACKWISE_CONFIG_FILE`` are the null device, ``UV_NO_CONFIG=1``, no
``PIP_*``/``UV_*``/``STACKWISE_*`` variables, no ``PYTHONDONTWRITEBYTECODE``), with its own
caches in a fresh work directory. ``--network`` takes the index from pip's configuration
(read once, before the isolation) or from ``--index-url``/``--extra-index-url``/
``--find-links``/``--isolated``, and hands it to stackwise explicitly; the hand-made tools
install local files and use no index. stackwise is byte-compiled first, as installing it does.
"""

from __future__ import annotations

# This file is named like the standard library's ``inspect`` module, which ``dataclasses``
# (and so nearly everything) imports: drop this script's directory from the import path
# before anything else is imported.
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(_HERE)
REPO = HERE.parent
SRC = REPO / "src"
SUPPORT = REPO / "tests" / "support"

GOAL_PER_MINUTE = 20.0
GOAL_SECONDS_EACH = 3.0
TIMEOUT = 600  # seconds per hand-made command: a hung tool must not hang the benchmark

# Stacks of --network mode: small, mostly pure-Python (markupsafe and charset-normalizer
# install a platform wheel with a small compiled speed-up where one exists).
NETWORK_STACKS: tuple[tuple[str, ...], ...] = (("six",), ("attrs",), ("click",), ("jinja2", "markupsafe"),
                                              ("requests",))

# The --offline index: ten small pure-Python projects (three releases each) whose dependency
# chains give stacks of 1 to 10 distributions; two ship a console script.
OFFLINE_GRAPH: dict[str, list[str]] = {
    "swb-base": [],
    "swb-compat": [],
    "swb-util": ["swb-base>=1.0"],
    "swb-text": ["swb-util", "swb-compat"],
    "swb-model": ["swb-util", "swb-base>=1.1"],
    "swb-fileio": ["swb-model", "swb-text"],
    "swb-net": ["swb-fileio", "swb-compat"],
    "swb-cli": ["swb-text"],
    "swb-web": ["swb-net", "swb-model", "swb-cli"],
    "swb-app": ["swb-web", "swb-fileio"],
}
OFFLINE_SCRIPTS = {"swb-cli": "swb-cli", "swb-app": "swb-app"}
OFFLINE_VERSIONS = ("1.0", "1.1", "2.0")
OFFLINE_STACKS: tuple[tuple[str, ...], ...] = (("swb-base",), ("swb-cli",), ("swb-net",), ("swb-app",))

DEFAULT_PAIRS = "8x8,8x64,32x32,64x8,64x64"
RELEASES_PER_SERIES = 8  # liba 1.<series>.<patch>: what the boundaries strategy brackets

TOOLS = ("stackwise", "pip", "pip-python", "uv")
TOOL_TEXT = {
    "stackwise": "stackwise runner: venv --without-pip + stackwise install path + default check (unshare -n)",
    "pip": "python -m venv + pip install --no-deps --no-index FILES + the same check",
    "pip-python": "python -m venv --without-pip + pip --python VENV install --no-deps --no-index FILES + the same check",
    "uv": "uv venv + uv pip install --no-deps --no-index FILES + the same check",
}

# Runs the default check limited to the stack's distributions: argv = names (comma-separated), check script.
CHECK_WRAPPER = r'''"""The default stackwise check, seeing only the stack's distributions (not pip/setuptools)."""
import re
import runpy
import sys
from importlib import metadata

keep = set(filter(None, sys.argv[1].split(",")))
check = sys.argv[2]
_all = metadata.distributions


def only_the_stack(*args, **kwargs):
    return [d for d in _all(*args, **kwargs) if re.sub(r"[-_.]+", "-", (d.metadata["Name"] or "").lower()) in keep]


metadata.distributions = only_the_stack
sys.argv = [check]
runpy.run_path(check, run_name="__main__")
'''

T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


class BenchError(RuntimeError):
    pass


# -- setup ---------------------------------------------------------------------------------------


def load_support() -> ModuleType:
    """tests/support (wheel builder, index server), imported by path as a package of its own."""
    spec = importlib.util.spec_from_file_location("stackwise_bench_support", SUPPORT / "__init__.py",
                                                  submodule_search_locations=[str(SUPPORT)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def isolate_environment() -> dict[str, str]:
    """Clear this process's environment of pip/uv/stackwise configuration (children inherit it)."""
    for key in list(os.environ):
        if key.startswith(("PIP_", "UV_", "STACKWISE_")) or key in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH",
                                                                   "VIRTUAL_ENV"):
            del os.environ[key]
    os.environ.update({
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
        "STACKWISE_CONFIG_FILE": os.devnull,
        "UV_NO_CONFIG": "1",
        "UV_NO_PROGRESS": "1",
    })
    return dict(os.environ)


def find_uv() -> str | None:
    here = Path(sys.executable).parent / "uv"
    return shutil.which("uv") or (str(here) if here.is_file() and os.access(here, os.X_OK) else None)


def run(cmd: Sequence[str], *, env: dict[str, str], what: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True,
                              timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{what}: no answer within {TIMEOUT}s: {' '.join(map(str, cmd))}") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise BenchError(f"{what}: exit status {proc.returncode}: {' '.join(map(str, cmd))}\n{tail}")
    return proc


def tool_version(cmd: Sequence[str], env: dict[str, str]) -> str:
    try:
        return run(cmd, env=env, what="version").stdout.strip().split(" from ")[0]
    except BenchError:
        return "?"


def machine_facts(env: dict[str, str], uv: str | None) -> dict[str, Any]:
    from stackwise import __version__
    from stackwise.inspect.runner import network_isolation

    isolated, why = network_isolation()
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "nproc": affinity,
        "cpu_count": os.cpu_count(),
        "loadavg_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "stackwise": __version__,
        "pip": tool_version([sys.executable, "-m", "pip", "--version"], env),
        "uv": tool_version([uv, "--version"], env) if uv else None,
        "network_isolation": isolated,
        "network_isolation_detail": why,
    }


# -- indexes ---------------------------------------------------------------------------------------


def module_of(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def offline_files(name: str, version: str, deps: Sequence[str]) -> dict[str, str]:
    """A small but real package: a few modules that import their dependencies and do some work."""
    mod = module_of(name)
    imports = "".join(f"import {module_of(re.split(r'[<>=!~ ;]', d)[0])}\n" for d in deps)
    files = {
        f"{mod}/__init__.py": (
            f'"""{name} {version}, generated by benchmarks/inspections.py."""\n{imports}'
            f"from {mod} import core, helpers\n"
            f'__version__ = "{version}"\n'
            "__all__ = ['core', 'helpers']\n"
        ),
        f"{mod}/core.py": "".join(
            f"def f{i}(x, y={i}):\n    return [x * y + k for k in range({i % 7 + 1})]\n\n" for i in range(40)
        ) + "TABLE = {n: f0(n) for n in range(50)}\n",
        f"{mod}/helpers.py": (
            "from dataclasses import dataclass, field\n\n\n"
            "@dataclass\nclass Record:\n    name: str\n    values: list = field(default_factory=list)\n\n"
            "    def total(self):\n        return sum(self.values)\n\n\n"
            "DEFAULT = Record('default', [1, 2, 3])\n"
        ),
    }
    script = OFFLINE_SCRIPTS.get(name)
    if script:
        files[f"{mod}/__main__.py"] = (
            "import argparse\n\n\n"
            "def main(argv=None):\n"
            f"    parser = argparse.ArgumentParser(prog={script!r})\n"
            f"    parser.add_argument('--version', action='version', version='%(prog)s {version}')\n"
            "    parser.parse_args(argv)\n    return 0\n"
        )
        files[f"{mod}-{version}.dist-info/entry_points.txt"] = f"[console_scripts]\n{script} = {mod}.__main__:main\n"
    return files


def build_offline_index(support: ModuleType, dest: Path) -> Path:
    for name, deps in OFFLINE_GRAPH.items():
        for version in OFFLINE_VERSIONS:
            support.build_wheel(dest, name, version, deps, files=offline_files(name, version, deps))
    return dest


def pair_versions(major: int, count: int) -> list[str]:
    return [f"{major}.{i // RELEASES_PER_SERIES}.{i % RELEASES_PER_SERIES}" for i in range(count)]


def build_pair_index(support: ModuleType, dest: Path, a_versions: Sequence[str], b_versions: Sequence[str],
                     cut_a: str, cut_b: str) -> None:
    """liba < cut_a imports libb.old_name, which libb >= cut_b no longer has."""
    from packaging.version import Version

    for v in a_versions:
        code = "from libb import old_name\n" if Version(v) < Version(cut_a) else "import libb\n"
        support.build_wheel(dest, "liba", v, ["libb"], files={"liba/__init__.py": code})
    for v in b_versions:
        code = "def new_name():\n    return 1\n"
        if Version(v) < Version(cut_b):
            code += "\n\ndef old_name():\n    return 0\n"
        support.build_wheel(dest, "libb", v, files={"libb/__init__.py": code})


# -- statistics ------------------------------------------------------------------------------------


def t975(df: int) -> float:
    return T975[min(df, len(T975)) - 1] if df >= 1 else float("nan")


def geo_ratio(ratios: Sequence[float]) -> dict[str, Any]:
    """Geometric mean of paired ratios and its 95 % interval (t on the logarithms)."""
    logs = [math.log(r) for r in ratios if r > 0]
    n = len(logs)
    if n == 0:
        return {"ratio": None, "low": None, "high": None, "n": 0}
    mean = statistics.fmean(logs)
    half = t975(n - 1) * statistics.stdev(logs) / math.sqrt(n) if n > 1 else float("nan")
    return {"ratio": round(math.exp(mean), 4),
            "low": None if math.isnan(half) else round(math.exp(mean - half), 4),
            "high": None if math.isnan(half) else round(math.exp(mean + half), 4), "n": n}


def median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 4) if values else None


# -- part 1: throughput ------------------------------------------------------------------------------


@dataclass
class Stack:
    roots: tuple[str, ...]
    request: Any  # StackRequest
    wheels: list[Path] = field(default_factory=list)  # the files stackwise installed (from its wheel cache)

    @property
    def label(self) -> str:
        return " ".join(self.roots)

    @property
    def names(self) -> str:
        return ",".join(n for n, _ in self.request.pins)


def resolve_stacks(roots: Sequence[tuple[str, ...]], config: Any) -> tuple[list[Stack], float]:
    """pip's stack for each root set: real resolutions through the index client (as ``stackwise inspect``)."""
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.inspect.stacks import StackMaker

    target = TargetEnvironment.current()
    started = time.perf_counter()
    stacks = []
    with IndexClient(config, target) as client:
        for root in roots:
            maker = StackMaker(list(root), client, target, file_hashes=getattr(client, "file_hashes", None))
            stacks.append(Stack(tuple(root), maker.pip_stack()))
    return stacks, time.perf_counter() - started


def collect_wheels(stack: Stack, wheel_cache: Path, dest: Path) -> None:
    """The exact files the runner installed for ``stack``, hard-linked out of its wheel cache."""
    from stackwise.lockfiles import read_lock

    lock_path = dest / "pylock.toml"
    dest.mkdir(parents=True, exist_ok=True)
    lock_path.write_text(stack.request.lock, encoding="utf-8")
    wheels = []
    for package in read_lock(lock_path).packages:
        found = []
        for locked in package.files:
            digest = str(locked.hashes.get("sha256", "")).lower()
            entry = wheel_cache / digest[:2] / digest / str(locked.filename)
            if digest and entry.is_file() and entry not in found:  # one file may be listed by several indexes
                found.append(entry)
        if len(found) != 1:
            raise BenchError(f"{stack.label}: expected one cached file of {package.name} {package.version} in "
                             f"{wheel_cache}, found {len(found)}")
        if not found[0].name.endswith(".whl"):
            raise BenchError(f"{stack.label}: {found[0].name} is not a wheel (this benchmark needs wheels only)")
        target = dest / found[0].name
        if not target.exists():
            try:
                os.link(found[0], target)
            except OSError:
                shutil.copyfile(found[0], target)
        wheels.append(target)
    lock_path.unlink()
    stack.wheels = wheels


class HandMade:
    """The same stack by hand: a venv, an installer on the local wheel files, the same check."""

    def __init__(self, work: Path, env: dict[str, str], uv: str | None) -> None:
        from stackwise.inspect.runner import default_check_script

        self.work = work
        self.env = env
        self.uv = uv
        self.check_dir = work / "check"
        self.check_dir.mkdir(parents=True, exist_ok=True)
        self.check = self.check_dir / "stackwise_default_check.py"
        self.check.write_text(default_check_script(), encoding="utf-8")
        self.wrapper = self.check_dir / "only_the_stack.py"
        self.wrapper.write_text(CHECK_WRAPPER, encoding="utf-8")
        self.uv_cache = work / "uv-cache"
        self.runs_dir = work / "hand"
        self.runs_dir.mkdir(parents=True, exist_ok=True)

    def __call__(self, tool: str, stack: Stack) -> dict[str, float]:
        root = Path(tempfile.mkdtemp(prefix=f"{tool}-", dir=self.runs_dir))
        venv = root / "venv"
        python = venv / "bin" / "python"
        wheels = [str(w) for w in stack.wheels]
        what = f"{tool} on {stack.label}"
        t0 = time.perf_counter()
        if tool == "pip":
            run([sys.executable, "-m", "venv", venv], env=self.env, what=what)
            t1 = time.perf_counter()
            run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", *wheels], env=self.env, what=what)
        elif tool == "pip-python":
            run([sys.executable, "-m", "venv", "--without-pip", venv], env=self.env, what=what)
            t1 = time.perf_counter()
            run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index",
                 *wheels], env=self.env, what=what)
        elif tool == "uv":
            assert self.uv is not None
            run([self.uv, "venv", "--quiet", "--python", sys.executable, venv], env=self.env, what=what)
            t1 = time.perf_counter()
            run([self.uv, "pip", "install", "--quiet", "--no-deps", "--no-index", "--python", python,
                 "--cache-dir", self.uv_cache, *wheels], env=self.env, what=what)
        else:
            raise BenchError(f"unknown tool {tool}")
        t2 = time.perf_counter()
        (root / "home").mkdir()
        (root / "tmp").mkdir()
        (root / "run").mkdir()
        check_env = {"PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": str(root / "home"),
                     "TMPDIR": str(root / "tmp"), "LANG": "C.UTF-8", "PYTHONNOUSERSITE": "1", "VIRTUAL_ENV": str(venv)}
        proc = run([python, "-I", self.wrapper, stack.names, self.check], env=check_env, what=f"{what}: check",
                   cwd=root / "run")
        t3 = time.perf_counter()
        shutil.rmtree(root, ignore_errors=True)
        t4 = time.perf_counter()
        expected = f"{len(stack.request.pins)} distribution(s)"
        if expected not in proc.stdout:
            raise BenchError(f"{what}: the check did not see exactly the stack ({expected}):\n{proc.stdout[-800:]}")
        return {"total": t4 - t0, "venv": t1 - t0, "install": t2 - t1, "check": t3 - t2, "cleanup": t4 - t3}


def stackwise_one(stack: Stack, check: Any, settings: Any) -> dict[str, float]:
    """One inspection through ``execute(jobs=1)`` (in this process, as ``stackwise inspect --jobs 1``)."""
    from stackwise.inspect.execute import execute

    t0 = time.perf_counter()
    (result,) = execute([stack.request], check, settings, jobs=1)
    total = time.perf_counter() - t0
    if result.outcome != "passed":
        raise BenchError(f"stackwise on {stack.label}: {result.outcome}: {result.detail}\n{result.output_tail[-800:]}")
    return {"total": total, "check": result.duration, "venv+install+cleanup": total - result.duration}


def stackwise_batch(stacks: Sequence[Stack], check: Any, settings: Any, jobs: int) -> float:
    from stackwise.inspect.execute import execute

    t0 = time.perf_counter()
    results = execute([s.request for s in stacks], check, settings, jobs=jobs)
    wall = time.perf_counter() - t0
    bad = [r for r in results if r.outcome != "passed"]
    if bad or len(results) != len(stacks):
        raise BenchError(f"stackwise --jobs {jobs}: {len(bad)} inspection(s) did not pass: "
                         + "; ".join(f"{r.stack.label} {r.outcome} {r.detail[:200]}" for r in bad))
    return wall


def hand_batch(hand: HandMade, tool: str, stacks: Sequence[Stack], jobs: int) -> float:
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda s: hand(tool, s), stacks))
    return time.perf_counter() - t0


def bench_throughput(args: argparse.Namespace, support: ModuleType, work: Path, env: dict[str, str],
                     index_config: Any | None, uv: str | None) -> dict[str, Any]:
    from stackwise.index.config import IndexConfig
    from stackwise.inspect.model import Check
    from stackwise.inspect.runner import RunnerSettings

    tools = [t for t in TOOLS if t != "uv" or uv]
    check = Check()
    server = None
    try:
        if args.network:
            assert index_config is not None
            config = index_config
            roots = NETWORK_STACKS
            where = "the configured index: " + ", ".join(config.effective_index_urls) + (
                f"; find-links: {', '.join(config.find_links)}" if config.find_links else "")
        else:
            files = build_offline_index(support, work / "offline-files")
            server = support.IndexServer(files).start()
            config = IndexConfig(index_urls=(server.url,), cache_dir=work / "stackwise-cache")
            roots = OFFLINE_STACKS
            where = f"a generated local index ({len(OFFLINE_GRAPH)} projects x {len(OFFLINE_VERSIONS)} releases) on {server.url}"
        print(f"\n== throughput: {len(roots)} stacks from {where}", flush=True)
        stacks, resolve_seconds = resolve_stacks(roots, config)
        for s in stacks:
            print(f"  {s.label}: {len(s.request.pins)} distribution(s): "
                  + " ".join(f"{n}=={v}" for n, v in s.request.pins), flush=True)
        print(f"  resolved in {resolve_seconds:.2f} s ({'cold' if args.network else 'fresh'} caches; not counted below)",
              flush=True)
        settings = RunnerSettings(
            wheel_cache=str(work / "wheel-cache"), cache_dir=str(config.resolved_cache_dir()),
            index_urls=tuple(config.effective_index_urls), find_links=tuple(config.find_links),
            work_root=str(work / "runner"),
        )
        hand = HandMade(work, env, uv)

        # Warm-up: stackwise first (it fills the wheel cache the hand-made runs take their files
        # from), then uv (its cache); pip has no cache for local files: one run warms the OS's.
        first: dict[str, list[float]] = {t: [] for t in tools}
        for i, s in enumerate(stacks):
            first["stackwise"].append(stackwise_one(s, check, settings)["total"])
            collect_wheels(s, Path(settings.wheel_cache), work / "wheels" / re.sub(r"\W+", "-", s.label))
            for tool in tools[1:]:
                if tool == "uv" or i == 0:
                    first[tool].append(hand(tool, s)["total"])
        print("  warm-up (first run) per inspection, median: "
              + ", ".join(f"{t} {statistics.median(v):.2f} s" for t, v in first.items()), flush=True)

        times: dict[str, list[list[float]]] = {t: [[] for _ in stacks] for t in tools}  # [stack][round]
        parts: dict[str, dict[str, list[float]]] = {t: {} for t in tools}
        round_sums: dict[str, list[float]] = {t: [] for t in tools}
        batch: dict[str, list[float]] = {t: [] for t in tools}
        # ensurepip makes ``pip`` 5-10x slower than the rest: its batches at two at a time would
        # double a run for what jobs=1 already shows (--jobs2-pip adds them)
        jobs2_tools = [t for t in tools if t != "pip" or args.jobs2_pip]
        batch_stacks = list(stacks) * args.batch_repeat  # a longer batch: less start/end effect
        for rnd in range(args.rounds):
            order = tools if rnd % 2 == 0 else tools[::-1]
            sums = dict.fromkeys(tools, 0.0)
            for i, s in enumerate(stacks):
                for tool in order:
                    got = stackwise_one(s, check, settings) if tool == "stackwise" else hand(tool, s)
                    times[tool][i].append(got["total"])
                    sums[tool] += got["total"]
                    for k, v in got.items():
                        if k != "total":
                            parts[tool].setdefault(k, []).append(v)
            for tool in tools:
                round_sums[tool].append(sums[tool])
            if args.jobs2:
                for tool in (t for t in order if t in jobs2_tools):
                    wall = (stackwise_batch(batch_stacks, check, settings, 2) if tool == "stackwise"
                            else hand_batch(hand, tool, batch_stacks, 2))
                    batch[tool].append(wall)
            print(f"  round {rnd + 1}/{args.rounds}: jobs=1 " + ", ".join(f"{t} {sums[t]:.1f} s" for t in tools)
                  + ("; jobs=2 " + ", ".join(f"{t} {batch[t][-1]:.1f} s" for t in jobs2_tools) if args.jobs2 else ""),
                  flush=True)

        n = len(stacks)
        summary: dict[str, Any] = {}
        for tool in tools:
            flat = [x for row in times[tool] for x in row]
            per_min_1 = [60 * n / s for s in round_sums[tool]]
            per_min_2 = [60 * len(batch_stacks) / w for w in batch[tool]]
            summary[tool] = {
                "median_seconds": median(flat),
                "max_seconds": round(max(flat), 4),
                "median_parts_seconds": {k: median(v) for k, v in parts[tool].items()},
                "per_minute_jobs1": median(per_min_1),
                "per_minute_jobs2": median(per_min_2) if per_min_2 else None,
                "first_run_median_seconds": median(first[tool]),
                "first_run_seconds": [round(x, 4) for x in first[tool]],
                "per_stack_median_seconds": {s.label: median(times[tool][i]) for i, s in enumerate(stacks)},
            }
        ratios: dict[str, Any] = {}
        for tool in tools[1:]:
            paired1 = [a / b for i in range(n) for a, b in zip(times["stackwise"][i], times[tool][i], strict=True)]
            entry = {"jobs1_per_inspection": geo_ratio(paired1)}
            if batch[tool]:
                entry["jobs2_batch"] = geo_ratio([a / b for a, b in zip(batch["stackwise"], batch[tool], strict=True)])
            ratios[f"stackwise/{tool}"] = entry
        sw = summary["stackwise"]
        goals = {
            "per_minute_jobs1 >= 20": sw["per_minute_jobs1"] >= GOAL_PER_MINUTE,
            "per_minute_jobs2 >= 20": None if sw["per_minute_jobs2"] is None else sw["per_minute_jobs2"] >= GOAL_PER_MINUTE,
            "each <= 3 s (max)": sw["max_seconds"] <= GOAL_SECONDS_EACH,
        }
        return {
            "mode": "network" if args.network else "offline",
            "index": where,
            "stacks": [{"roots": list(s.roots), "pins": [list(p) for p in s.request.pins],
                        "wheels": [w.name for w in s.wheels]} for s in stacks],
            "resolve_seconds": round(resolve_seconds, 4),
            "rounds": args.rounds,
            "jobs2_batch_inspections": len(batch_stacks) if args.jobs2 else 0,
            "tools": {t: TOOL_TEXT[t] for t in tools},
            "hand_pip_in_venv": hand_pip_version(work, env) if "pip" in tools else None,
            "summary": summary,
            "ratios": ratios,
            "goals": goals,
            "times": {t: {s.label: [round(x, 4) for x in times[t][i]] for i, s in enumerate(stacks)} for t in tools},
            "jobs2_walls": {t: [round(x, 4) for x in v] for t, v in batch.items()},
        }
    finally:
        if server is not None:
            server.stop()


def hand_pip_version(work: Path, env: dict[str, str]) -> str:
    """The pip that ``python -m venv`` puts into a new environment (ensurepip's bundled one)."""
    venv = work / "pip-version-venv"
    try:
        run([sys.executable, "-m", "venv", venv], env=env, what="venv")
        return tool_version([venv / "bin" / "python", "-m", "pip", "--version"], env)
    except BenchError:
        return "?"
    finally:
        shutil.rmtree(venv, ignore_errors=True)


# -- part 2: inspections needed to isolate a pair ------------------------------------------------------


def parse_pairs(text: str) -> list[tuple[int, int]]:
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)x(\d+)", part)
        if not m or int(m.group(1)) < 3 or int(m.group(2)) < 3:
            raise SystemExit(f"--pairs: {part!r} is not NxM with N, M >= 3")
        out.append((int(m.group(1)), int(m.group(2))))
    return out


def bench_pair(n: int, m: int, args: argparse.Namespace, support: ModuleType, work: Path) -> dict[str, Any]:
    from packaging.version import Version

    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig
    from stackwise.inspect.execute import execute
    from stackwise.inspect.learn import learn, stack_probe
    from stackwise.inspect.model import Check
    from stackwise.inspect.runner import RunnerSettings
    from stackwise.inspect.stacks import StackMaker, choose_stacks
    from stackwise.inspect.store import ResultStore

    a_versions, b_versions = pair_versions(1, n), pair_versions(2, m)
    cut_a = a_versions[round(0.4 * n)]  # liba < cut_a is broken ...
    cut_b = b_versions[round(0.6 * m)]  # ... with libb >= cut_b
    root = work / f"pair-{n}x{m}"
    files = root / "files"
    build_pair_index(support, files, a_versions, b_versions, cut_a, cut_b)

    def breaks(a: str, b: str) -> bool:
        return Version(a) < Version(cut_a) and Version(b) >= Version(cut_b)

    check = Check()
    target = TargetEnvironment.current()
    with support.IndexServer(files) as server:
        config = IndexConfig(index_urls=(server.url,), cache_dir=root / "stackwise-cache")
        settings = RunnerSettings(wheel_cache=str(work / "pair-wheel-cache"), cache_dir=str(root / "stackwise-cache"),
                                  index_urls=(server.url,), work_root=str(root / "runner"))
        with IndexClient(config, target) as client, ResultStore(root / "results.db") as store:
            started = time.perf_counter()
            maker = StackMaker(["liba"], client, target, file_hashes=getattr(client, "file_hashes", None))
            stacks = choose_stacks(maker, "boundaries", max_stacks=args.max_stacks)
            chosen = time.perf_counter()
            results = execute(stacks, check, settings, jobs=args.pair_jobs, on_result=store.add)
            inspected = time.perf_counter()
            failures = [r for r in results if r.outcome == "failed"]
            index_releases = lambda name: [r.version for r in client.releases(name)  # noqa: E731
                                           if not r.yanked and not r.version.is_prerelease]
            report = learn(results, probe=stack_probe(maker, check, settings), releases=maker.releases,
                           edges=maker.edges(), check=check, max_probes=args.max_probes, on_probe=store.add,
                           link=f"{server.url}/liba/", index_releases=index_releases)
            learned = time.perf_counter()
            # The same from the least a user may have: pip's stack and one failing stack (the
            # first the strategy found), so nothing the other stacks showed can be reused.
            alone = None
            if failures:
                alone = learn([results[0], failures[0]], probe=stack_probe(maker, check, settings),
                              releases=maker.releases, edges=maker.edges(), check=check, max_probes=args.max_probes,
                              on_probe=store.add, link=f"{server.url}/liba/", index_releases=index_releases)
            learned_alone = time.perf_counter()
    goal = 2 * math.log2(max(n, m)) + 5

    def judge(got: Any) -> tuple[dict[str, str] | None, bool]:
        """The learned ranges, and whether they are exactly the break over all N x M combinations."""
        rules = [r for r in got.rules if r.category == "stability"] if got is not None else []
        if len(rules) != 1 or rules[0].other is None:
            return None, False
        rule = rules[0]
        specs = {rule.package.name: str(rule.package.specifier), rule.other.name: str(rule.other.specifier)}
        if (rule.package.name, rule.other.name) != ("liba", "libb"):
            return specs, False
        return specs, all(
            (rule.package.specifier.contains(Version(a), prereleases=True)
             and rule.other.specifier.contains(Version(b), prereleases=True)) == breaks(a, b)
            for a in a_versions for b in b_versions
        )

    specs, exact = judge(report)
    specs_alone, exact_alone = judge(alone)
    outcomes: dict[str, int] = {}
    for r in results:
        outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
    first_fail = next((i + 1 for i, r in enumerate(results) if r.outcome == "failed"), None)
    return {
        "n_liba": n, "m_libb": m, "break": f"liba<{cut_a} with libb>={cut_b}",
        "stacks_inspected": len(results), "outcomes": outcomes, "failing_stacks": len(failures),
        "first_failing_stack": first_fail,
        "probes": report.probes, "goal_probes": round(goal, 2), "probes_within_goal": report.probes <= goal,
        "total_inspections": len(results) + report.probes,
        "rules": len(report.rules), "learned": specs, "expected": {"liba": f"<{cut_a}", "libb": f">={cut_b}"},
        "exact": exact, "notes": report.notes,
        "from_one_failure": None if alone is None else {
            "probes": alone.probes, "probes_within_goal": alone.probes <= goal, "learned": specs_alone,
            "exact": exact_alone, "notes": alone.notes, "seconds": round(learned_alone - learned, 3),
        },
        "seconds": {"choose": round(chosen - started, 3), "inspect": round(inspected - chosen, 3),
                    "learn": round(learned - inspected, 3)},
    }


# -- report ------------------------------------------------------------------------------------------


def print_rows(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    for row in [head, *rows]:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def fmt(value: float | None, spec: str = ".2f", suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{suffix}"


def ratio_text(r: dict[str, Any]) -> str:
    if r["ratio"] is None:
        return "n/a"
    if r["low"] is None:
        return f"{r['ratio']:.3f}x"
    return f"{r['ratio']:.3f}x [{r['low']:.3f}, {r['high']:.3f}]"


def print_throughput(res: dict[str, Any]) -> None:
    print(f"\nthroughput ({res['mode']}), {len(res['stacks'])} stacks x {res['rounds']} rounds, warm caches "
          f"(medians; jobs=2: batches of {res['jobs2_batch_inspections']} inspections; first run = warm-up pass"
          f"{', cold caches' if res['mode'] == 'network' else ''})\n")
    head = ["tool", "per inspection", "max", "venv / install / check", "/min jobs=1", "/min jobs=2", "first run"]
    rows = []
    for tool, s in res["summary"].items():
        p = s["median_parts_seconds"]
        if tool == "stackwise":
            split = f"{fmt(p.get('venv+install+cleanup'))} (venv+install) / {fmt(p.get('check'))}"
        else:
            split = f"{fmt(p.get('venv'))} / {fmt(p.get('install'))} / {fmt(p.get('check'))}"
        rows.append([tool, fmt(s["median_seconds"], ".3f", " s"), fmt(s["max_seconds"], ".2f", " s"), split,
                     fmt(s["per_minute_jobs1"], ".1f"), fmt(s["per_minute_jobs2"], ".1f"),
                     fmt(s["first_run_median_seconds"], ".2f", " s")])
    print_rows(head, rows)
    print("\nstackwise / tool, geometric mean of paired ratios [95 % interval]\n")
    head = ["ratio", "jobs=1 per inspection", "jobs=2 batch"]
    rows = [[k, ratio_text(v["jobs1_per_inspection"]), ratio_text(v["jobs2_batch"]) if "jobs2_batch" in v else "n/a"]
            for k, v in res["ratios"].items()]
    print_rows(head, rows)
    print("\ngoals: " + "; ".join(f"{k}: {'met' if v else ('n/a' if v is None else 'MISSED')}"
                                  for k, v in res["goals"].items()))


def print_pairs(rows_in: list[dict[str, Any]], max_stacks: int) -> None:
    print(f"\nisolating one broken pair: boundaries strategy (--max-stacks {max_stacks}), then learn from all of "
          "those results; and learn from pip's stack + the first failing stack only\n")
    head = ["N x M", "break", "stacks", "failing", "probes", "goal", "exact", "probes (1 failure)", "exact",
            "inspect s", "learn s"]
    rows = []
    for r in rows_in:
        one = r["from_one_failure"] or {}
        rows.append([f"{r['n_liba']}x{r['m_libb']}", r["break"], str(r["stacks_inspected"]), str(r["failing_stacks"]),
                     f"{r['probes']} {'ok' if r['probes_within_goal'] else 'MISS'}", f"{r['goal_probes']:.1f}",
                     "yes" if r["exact"] else "NO",
                     f"{one['probes']} {'ok' if one['probes_within_goal'] else 'MISS'}" if one else "n/a",
                     ("yes" if one["exact"] else "NO") if one else "n/a",
                     f"{r['seconds']['inspect']:.1f}", f"{r['seconds']['learn']:.1f}"])
    print_rows(head, rows)
    for r in rows_in:
        for note in r["notes"] + ((r["from_one_failure"] or {}).get("notes") or []):
            print(f"  [{r['n_liba']}x{r['m_libb']}] note: {note}")


# -- main --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--offline", action="store_true", help="generated local index on 127.0.0.1 (default)")
    mode.add_argument("--network", action="store_true", help="real small stacks from the configured index")
    parser.add_argument("--parts", default="throughput,pairs", help="throughput,pairs (default: both)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of the throughput part (default 3)")
    parser.add_argument("--no-jobs2", dest="jobs2", action="store_false", help="skip the --jobs 2 batches")
    parser.add_argument("--batch-repeat", type=int, default=2, help="each stack this many times in a --jobs 2 "
                        "batch (default 2)")
    parser.add_argument("--jobs2-pip", action="store_true",
                        help="also run the venv-with-ensurepip pip baseline two at a time (slow; off by default)")
    parser.add_argument("--no-uv", action="store_true", help="leave uv out even if it is installed")
    parser.add_argument("--pairs", default=DEFAULT_PAIRS, help=f"NxM release counts of liba x libb (default {DEFAULT_PAIRS})")
    parser.add_argument("--max-stacks", type=int, default=20, help="stacks the boundaries strategy chooses (default 20, "
                        "as stackwise inspect)")
    parser.add_argument("--pair-jobs", type=int, default=2, help="inspections at once while inspecting (default 2)")
    parser.add_argument("--max-probes", type=int, default=200, help="probe budget of learn (default 200, as stackwise learn)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every measurement as JSON")
    parser.add_argument("--work", type=Path, metavar="DIR", help="work directory (default: a new temporary one, removed after)")
    idx = parser.add_argument_group("index of --network (default: pip's configuration, as stackwise inspect reads it)")
    idx.add_argument("-i", "--index-url", help="base URL of the index")
    idx.add_argument("--extra-index-url", action="append", default=[], metavar="URL")
    idx.add_argument("-f", "--find-links", action="append", default=[], metavar="URL")
    idx.add_argument("--isolated", action="store_true", help="ignore pip's configuration files and PIP_* variables")
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    if not parts or parts - {"throughput", "pairs"}:
        parser.error("--parts takes throughput and/or pairs")
    if args.rounds < 1 or args.batch_repeat < 1:
        parser.error("--rounds and --batch-repeat must be at least 1")
    pairs = parse_pairs(args.pairs) if "pairs" in parts else []
    json_out = args.json.resolve() if args.json else None

    # The index of --network comes from pip's configuration and the flags, read before the
    # environment is cleared; everything after runs isolated from the machine's configuration.
    index_config = None
    if args.network and "throughput" in parts:
        from stackwise.index.config import IndexConfig

        index_config = IndexConfig.from_pip(index_url=args.index_url, extra_index_urls=args.extra_index_url,
                                            find_links=args.find_links, isolated=args.isolated)
    env = isolate_environment()
    # what installing stackwise does; its modules must not be compiled again in every child process
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(SRC)], check=True, env=env)
    uv = None if args.no_uv else find_uv()
    support = load_support()

    work = (args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="stackwise-bench-inspect-")))
    work.mkdir(parents=True, exist_ok=True)
    if index_config is not None:
        from dataclasses import replace

        index_config = replace(index_config, cache_dir=work / "stackwise-cache")  # a fresh (cold) cache
    os.chdir(work)  # child processes (python -m ...) must not find this script as ``inspect``
    facts = machine_facts(env, uv)
    print(f"Python {facts['python']} on {facts['platform']}, nproc {facts['nproc']}; stackwise {facts['stackwise']}; "
          f"{facts['pip']}; {facts['uv'] or 'uv: not found'}; network isolation of checks: {facts['network_isolation']}; "
          f"{facts['date']}", flush=True)
    payload: dict[str, Any] = {"machine": facts, "goals": {"per_minute": GOAL_PER_MINUTE,
                                                          "seconds_each": GOAL_SECONDS_EACH,
                                                          "probes": "2*log2(max(N, M)) + 5"}}
    status = 0
    started = time.perf_counter()
    try:
        if "throughput" in parts:
            payload["throughput"] = bench_throughput(args, support, work, env, index_config, uv)
            print_throughput(payload["throughput"])
        if pairs:
            rows = []
            for n, m in pairs:
                print(f"\n== isolating liba ({n} releases) x libb ({m} releases)", flush=True)
                row = bench_pair(n, m, args, support, work)
                one = row["from_one_failure"] or {}
                print(f"  {row['stacks_inspected']} stacks ({row['outcomes']}), {row['probes']} probes "
                      f"(goal {row['goal_probes']:.1f}), learned {row['learned']}, exact: {row['exact']}; "
                      f"from one failure: {one.get('probes')} probes, exact: {one.get('exact')}", flush=True)
                rows.append(row)
            payload["pairs"] = {"max_stacks": args.max_stacks, "pair_jobs": args.pair_jobs,
                                "releases_per_series": RELEASES_PER_SERIES, "results": rows}
            print_pairs(rows, args.max_stacks)
            if any(not r["exact"] or not (r["from_one_failure"] or {}).get("exact") for r in rows):
                status = 1
    except BenchError as exc:
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        status = 1
    finally:
        payload["seconds"] = round(time.perf_counter() - started, 1)
        payload["machine"]["loadavg_at_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
        os.chdir(REPO)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\ntotal {payload['seconds']:.0f} s")
    if json_out:
        json_out.write_text(json.dumps(payload, indent=2) + "\n")
        print(f"wrote {json_out}")
    return status


if __name__ == "__main__":
    sys.exit(main())
