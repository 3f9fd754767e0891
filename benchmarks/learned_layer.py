#!/usr/bin/env python3
"""What the shipped learned layer costs a lock: ``stackwise lock`` with the default knowledge
(curated + learned) against curated only, on the same requirement set, in the same run.

Usage::

    python benchmarks/learned_layer.py [--set large] [--runs 9] [--json OUT]

Both variants run fresh resolutions (``--no-reuse``) from a warm index cache (``--offline``
after one online warm-up), isolated from the machine's pip configuration like
``benchmarks/resolve.py``; the order alternates every round. Printed: the median seconds of
each, the paired ratio (default/curated-only) with a 95 % bootstrap interval, and whether
the two locks pin the same versions (with the guard of ``kb build``, the learned layer must
not move pip's working stack of this set). Goal (issue #14): ratio <= 1.05.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CURATED = REPO / "src" / "stackwise" / "knowledge" / "data" / "curated.toml"


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "STACKWISE_"))}
    env.update(PIP_CONFIG_FILE=os.devnull, STACKWISE_CONFIG_FILE=os.devnull, STACKWISE_CACHE_DIR=str(cache),
               STACKWISE_LOCK_SERVER="0")  # in-process: every run's CPU is the child's
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


CPU: dict[str, list[float]] = {}


def _lock(args: list[str], env: dict[str, str], out: Path, name: str | None = None) -> float:
    """Wall seconds of one lock; its CPU seconds (user + system, from the children's rusage)
    go to ``CPU[name]``: on a shared machine CPU time is far less disturbed by other load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "stackwise", "lock", *args, "-o", str(out), "-q"],
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"stackwise lock failed: {proc.stderr.strip()[-2000:]}")
    if name is not None:
        CPU.setdefault(name, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return elapsed


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if "==" in line and not line.startswith(("#", " ")):
            name, _, rest = line.partition("==")
            pins[name.strip()] = rest.split()[0].rstrip("\\").strip()
    return pins


def _interval(ratios: list[float], rounds: int = 2000, seed: int = 7) -> tuple[float, float]:
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(rounds))
    return medians[int(0.025 * rounds)], medians[int(0.975 * rounds) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="large", help="requirement set under benchmarks/requirements (default large)")
    parser.add_argument("--runs", type=int, default=9, help="timed rounds (default 9)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the timings as JSON")
    parser.add_argument("--cache", type=Path, help="stackwise cache dir to use (default: a fresh temporary one)")
    args = parser.parse_args()
    reqs = HERE / "requirements" / f"{args.set}.txt"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "stackwise")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        cache = args.cache or tmpdir / "cache"
        env = _env(cache)
        curated_json = tmpdir / "curated.json"
        subprocess.run([sys.executable, "-m", "stackwise", "kb", "import", str(CURATED), "-o", str(curated_json)],
                       env=env, check=True, capture_output=True)
        variants = {
            "default": ["-r", str(reqs), "--no-reuse", "--offline"],
            "curated-only": ["-r", str(reqs), "--no-reuse", "--offline", "--no-default-scores",
                             "--scores", str(curated_json)],
        }
        _lock(["-r", str(reqs), "--no-reuse"], env, tmpdir / "warm.txt")  # online warm-up fills the cache
        times: dict[str, list[float]] = {k: [] for k in variants}
        for name, argv in variants.items():  # one untimed run each (imports, byte code)
            _lock(argv, env, tmpdir / f"{name}.txt")
        for i in range(args.runs):
            order = list(variants) if i % 2 == 0 else list(reversed(variants))
            for name in order:
                times[name].append(_lock(variants[name], env, tmpdir / f"{name}.txt", name))
        same = _pins(tmpdir / "default.txt") == _pins(tmpdir / "curated-only.txt")
        ratios = [a / b for a, b in zip(times["default"], times["curated-only"], strict=True)]
        lo, hi = _interval(ratios)
        cpu_ratios = [a / b for a, b in zip(CPU["default"], CPU["curated-only"], strict=True)]
        clo, chi = _interval(cpu_ratios)
        summary = {
            "set": args.set, "runs": args.runs, "python": sys.version.split()[0], "cores": os.cpu_count(),
            "median_default": statistics.median(times["default"]),
            "median_curated_only": statistics.median(times["curated-only"]),
            "ratio": statistics.median(ratios), "ratio_interval_95": [lo, hi], "same_pins": same,
            "cpu_default": statistics.median(CPU["default"]), "cpu_curated_only": statistics.median(CPU["curated-only"]),
            "cpu_ratio": statistics.median(cpu_ratios), "cpu_ratio_interval_95": [clo, chi],
            "times": times,
        }
    print(f"set {args.set}, {args.runs} rounds, fresh offline locks (--no-reuse)")
    print(f"  default (curated + learned): median {summary['median_default']:.3f} s")
    print(f"  curated only:                median {summary['median_curated_only']:.3f} s")
    print(f"  ratio {summary['ratio']:.3f} (95 % interval {lo:.3f}-{hi:.3f}); goal <= 1.05: "
          f"{'met' if summary['ratio'] <= 1.05 else 'NOT met'}; same pins: {same}")
    print(f"  CPU (user + system): {summary['cpu_default']:.3f} s against {summary['cpu_curated_only']:.3f} s, "
          f"ratio {summary['cpu_ratio']:.3f} (95 % interval {clo:.3f}-{chi:.3f})")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
