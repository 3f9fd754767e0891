#!/usr/bin/env python3
"""Cold ``stackwise lock`` A/B: source trees run alternately, each with an empty cache.

    python benchmarks/cold_lock.py --set large --rounds 3 SRC_A SRC_B [...]

Each SRC is a directory holding the ``stackwise`` package (e.g. ``src`` of a checkout, or a
copy of it with one file changed). In every round each tree runs ``python -m stackwise lock
-r SET -o OUT -q --no-default-scores`` once with a fresh ``STACKWISE_CACHE_DIR``, in turn, so
machine load and network drift hit all alike; then (``--warm``) once more on that filled
cache, online and ``--offline``. Printed per run: wall seconds, CPU seconds (user + sys of
the child), the cache database's size (with its WAL), and whether the lock equals the first
tree's. Uses this interpreter and the machine's pip configuration unless ``--isolated``
(``PIP_CONFIG_FILE`` set to the null device and no ``PIP_*`` variables, as resolve.py does).
``--uv PATH`` adds ``uv pip compile SET --no-cache`` to every round (uv reads no pip
configuration: compare it with ``--isolated``), and prints each tree's median over uv's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETS = Path(__file__).resolve().parent / "requirements"


def run(src: Path, args: list[str], cache: Path, out: Path, isolated: bool) -> tuple[float, float, int]:
    """One lock: (wall s, CPU s, exit code)."""
    env = {k: v for k, v in os.environ.items() if not (isolated and k.startswith("PIP_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(PYTHONPATH=str(src), STACKWISE_CACHE_DIR=str(cache), STACKWISE_LOCK_SERVER="0")  # in-process
    if isolated:
        env["PIP_CONFIG_FILE"] = os.devnull
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "stackwise", "lock", *args, "-o", str(out), "-q",
                           "--no-default-scores"], env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, proc.returncode


def run_uv(uv: str, req: Path, out: Path) -> tuple[float, float, int]:
    """One ``uv pip compile --no-cache``: (wall s, CPU s, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([uv, "pip", "compile", str(req), "--no-cache", "-q", "-o", str(out), "--python", sys.executable],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, proc.returncode


def db_size(cache: Path) -> int:
    return sum(p.stat().st_size for p in cache.glob("index-v1.sqlite3*"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("srcs", nargs="+", type=Path)
    parser.add_argument("--set", default="large")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm", action="store_true", help="also time a warm and an --offline lock per run")
    parser.add_argument("--isolated", action="store_true")
    parser.add_argument("--uv", metavar="PATH", help="also time `uv pip compile --no-cache` in every round")
    args = parser.parse_args(argv)
    req = SETS / f"{args.set}.txt"
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="stackwise-cold-") as tmp:
        work = Path(tmp)
        first: str | None = None
        for rnd in range(args.rounds):
            for i, src in enumerate(args.srcs):
                cache, out = work / f"cache{i}", work / f"out{i}.txt"
                shutil.rmtree(cache, ignore_errors=True)
                wall, cpu, code = run(src, ["-r", str(req)], cache, out, args.isolated)
                text = "".join(line for line in (out.read_text() if out.exists() else "").splitlines(True)
                               if not line.startswith("#"))  # the header names the run
                first = text if first is None else first
                results.setdefault(f"{i} cold", []).append((wall, cpu))
                line = (f"round {rnd} tree {i} cold: {wall:6.2f} s wall {cpu:6.2f} s CPU db {db_size(cache) / 1e6:5.1f} MB"
                        f" exit {code} same-lock {text == first}")
                if args.warm:
                    for label, extra in (("warm", ["--no-reuse"]), ("offline", ["--offline", "--no-reuse"])):
                        w, c, code = run(src, ["-r", str(req), *extra], cache, work / "w.txt", args.isolated)
                        results.setdefault(f"{i} {label}", []).append((w, c))
                        line += f" | {label} {w:.2f}/{c:.2f} s exit {code}"
                print(line, flush=True)
            if args.uv:
                wall, cpu, code = run_uv(args.uv, req, work / "uv.txt")
                results.setdefault("uv", []).append((wall, cpu))
                print(f"round {rnd} uv --no-cache: {wall:6.2f} s wall {cpu:6.2f} s CPU exit {code}", flush=True)
    uv = results.get("uv")
    for key, vals in sorted(results.items()):
        wall, cpu = statistics.median(v[0] for v in vals), statistics.median(v[1] for v in vals)
        ratio = f", {wall / statistics.median(v[0] for v in uv):.2f}x uv's wall" if uv and key != "uv" else ""
        print(f"tree {key}: median wall {wall:.2f} s, median CPU {cpu:.2f} s ({len(vals)} runs){ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
