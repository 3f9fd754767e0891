#!/usr/bin/env python3
"""Install benchmark, environment already up to date (issue #16): ``stackwise install`` against
``uv pip sync`` when the target venv already holds every package of the lock.

Usage::

    python benchmarks/install_noop.py                       # synthetic and web16, 11 rounds
    python benchmarks/install_noop.py --baseline-src OLD/src --rounds 15

Same sets, lock, wheels and isolation as ``benchmarks/install.py`` (whose helpers it uses); each
tool has its own venv and cache, filled once (untimed), then every round runs each tool again on
its already-synced venv, in an order that rotates every round. Reported: median wall time, the
median of the paired per-round ratios to uv, and the same for CPU time (user + system of the child
process, which other load on a shared machine disturbs far less than wall time).
``--fresh-venv``: each run installs into a new empty venv instead (made untimed before it; the
caches stay warm), as ``benchmarks/install.py --modes warm`` does, with CPU times as well.
``--served``: also "served", stackwise with the default resident process (``auto``: the second
run starts it, every timed run is a fork of it); its CPU is the client's only. With
``--baseline-src`` as well, "served-base" is the baseline served the same way.
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, _HERE)
import install as bench  # noqa: E402  (benchmarks/install.py)


def _timed(cmd: Sequence[Any], env: dict[str, str], what: str) -> tuple[float, float]:
    """Wall and CPU (user + system of the child) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    bench.run(cmd, env, what)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_set(name: str, work: Path, args: argparse.Namespace, env: dict[str, str], uv: str) -> dict[str, Any]:
    wheelhouse = work / name / "wheelhouse"
    got = (bench.synthetic_wheels(wheelhouse) if name == "synthetic"
           else bench.real_wheels(bench.REAL_SETS[name], args.wheels, wheelhouse))
    if isinstance(got, str):
        return {"skipped": got}
    lock = work / name / "requirements.txt"
    bench.write_lock(got, lock)
    tools: tuple[str, ...] = (("stackwise", "uv") + (("baseline",) if args.baseline_src else ())
                              + (("served",) if args.served else ())
                              + (("served-base",) if args.served and args.baseline_src else ()))
    served = [t for t in tools if t.startswith("served")]
    envs = {t: env for t in tools}
    if args.baseline_src:
        envs["baseline"] = {**env, "PYTHONPATH": str(args.baseline_src.resolve())}
    if args.served:  # the default setting: the resident process, in a private socket folder
        runtime = Path(tempfile.mkdtemp(prefix="swn", dir="/tmp"))  # noqa: S108 - a socket path is short
        envs["served"] = {**env, "STACKWISE_LOCK_SERVER": "auto", "XDG_RUNTIME_DIR": str(runtime)}
        if "served-base" in tools:
            envs["served-base"] = {**envs["baseline"], "STACKWISE_LOCK_SERVER": "auto", "XDG_RUNTIME_DIR": str(runtime)}
    venvs = {t: bench.new_venv(work / name / f"venv-{t}", env) for t in tools}
    cmds = {t: bench.commands("stackwise" if t in served else t, lock, wheelhouse, venvs[t],
                              work / name / f"cache-{t}", uv) for t in tools}
    for t in tools:  # fill the venv and the caches (untimed)
        bench.run(cmds[t], envs[t], f"{name} fill {t}")
    for n, t in enumerate(served, 1):  # the second run starts its server; run until it listens, then once more
        for _ in range(50):
            _timed(cmds[t], envs[t], f"{name} warm {t}")
            if len(list(runtime.glob("stackwise-*/*.sock"))) >= n:
                break
            time.sleep(0.1)
        _timed(cmds[t], envs[t], f"{name} warm {t}")
    wall: dict[str, list[float]] = {t: [] for t in tools}
    cpu: dict[str, list[float]] = {t: [] for t in tools}
    for rnd in range(args.rounds):
        order = tools[rnd % len(tools):] + tools[:rnd % len(tools)]
        if rnd % 2:
            order = order[::-1]
        for t in order:
            if args.fresh_venv:
                bench.new_venv(venvs[t], env)
            w, c = _timed(cmds[t], envs[t], f"{name} noop {t}")
            wall[t].append(w)
            cpu[t].append(c)
    out: dict[str, Any] = {}
    for t in tools:
        out[t] = {"wall": statistics.median(wall[t]), "cpu": statistics.median(cpu[t])}
        if t != "uv":
            out[t]["wall_ratio"] = statistics.median([a / b for a, b in zip(wall[t], wall["uv"], strict=True)])
            out[t]["cpu_ratio"] = statistics.median([a / b for a, b in zip(cpu[t], cpu["uv"], strict=True)])
    if args.served:
        _stop_servers(runtime)
    return out


def _stop_servers(runtime: Path) -> None:
    """End the resident processes this run started (by their runtime directory), then the folder."""
    import shutil
    import signal

    marker = f"XDG_RUNTIME_DIR={runtime}".encode()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if b"stackwise._lockserver" in (proc / "cmdline").read_bytes() and \
                        marker in (proc / "environ").read_bytes().split(b"\0"):
                    os.kill(int(proc.name), signal.SIGTERM)
            except OSError:
                continue
    shutil.rmtree(runtime, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    from stackwise.index.layout import cache_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="synthetic,web16")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--wheels", type=Path, default=Path(cache_dir(None)) / "wheels")
    parser.add_argument("--baseline-src", type=Path, default=None)
    parser.add_argument("--fresh-venv", action="store_true", help="install into a new empty venv every run")
    parser.add_argument("--served", action="store_true",
                        help="also stackwise with the default resident process (STACKWISE_LOCK_SERVER=auto); its CPU "
                             "column is the client's only (the work runs in the server's child)")
    args = parser.parse_args(argv)
    env = bench.isolate_environment()
    uv = bench.find_uv()
    if uv is None:
        print("uv not found on PATH or next to this interpreter", file=sys.stderr)
        return 2
    for name in args.sets.split(","):
        with tempfile.TemporaryDirectory(prefix=f"noop-{name}-") as tmp:
            res = bench_set(name, Path(tmp), args, env, uv)
        if "skipped" in res:
            print(f"{name}: skipped ({res['skipped']})")
            continue
        for t, r in res.items():
            ratios = f"  / uv: wall {r['wall_ratio']:.2f}x  cpu {r['cpu_ratio']:.2f}x" if "wall_ratio" in r else ""
            print(f"{name:10} {t:9} wall {r['wall']:.3f}s  cpu {r['cpu']:.3f}s{ratios}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
