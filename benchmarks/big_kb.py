#!/usr/bin/env python3
"""Big knowledge bases: ``stackwise lock`` with a 1,000,000-rule score file.

Usage::

    PYTHONPATH=src python benchmarks/big_kb.py [--rules 1000000] [--touching 4400] [--runs 3]
                                                [--cache-dir DIR] [--set large] [--json OUT]
                                                [--offline-warmup] [--later-only] [--before SRC]

Why: a team's full advisory import or a service snapshot can hold a million rules while
one lock needs a few thousand of them. The goals (issue 16): the first load of such a file
<= 10 s and <= 500 MB; later locks <= 1.05x the no-rules lock when no rule touches the
stack and <= 2x when rules do, with the optimum still proven.

What it does, all offline after one warm-up lock that fills ``--cache-dir`` (give a warm
copy of an index cache to skip the network):

1. locks the set with no rules (``--no-default-scores``) and reads its pins;
2. writes two reproducible files (seeded, streamed: the generator never holds the rules):
   ``touching.json`` - ``--touching`` rules about the locked packages (version rules on
   the pinned, older and absent versions, advisories below the pin, pair rules between
   locked packages), the rest about projects the set never meets; ``far.json`` - the same
   number of rules, none about a locked package;
3. times, in one run: the first load alone (compiling ``touching.json`` into an empty
   cache), the no-rules lock, the first lock with each file (it compiles the file into the
   cache), and ``--runs`` later locks with each, every one
   ``--offline --no-reuse``, reading each run's peak RSS with ``wait4`` (this script stays
   small, so no high-water mark is inherited);
4. prints the ratios against the goals and whether every lock said "proven best".

The generated files are kept in ``<cache-dir>/big-kb-files/``, named by the locked pins
and the generator's arguments, so a second run skips writing 400 MB. ``--later-only``
measures only step 3's later locks (the files are compiled first, untimed, if needed);
``--offline-warmup`` makes the warm-up lock offline too (a cache that is already warm).
``--before SRC`` (a copy of another tree's ``src``) interleaves its later locks with this
tree's, round by round, so a before/after comparison sees the same machine load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)
CATEGORIES = ("stability", "security", "performance", "maintenance")
CPU: list[float] = []  # CPU seconds of each child run() waited for, in order


def _rule(rid: str, package: str, spec: str, score: float, category: str, **extra: Any) -> dict[str, Any]:
    return {"id": rid, "package": package, "specifier": spec, "score": score, "category": category,
            "message": f"benchmark rule {rid}", "link": "https://example.org/bench", "source": "benchmarks/big_kb.py",
            **extra}


def touching_rules(pins: dict[str, str], count: int, rng: random.Random) -> list[dict[str, Any]]:
    """``count`` rules about the locked packages: cheap to prove, but every one is read."""
    names = sorted(pins)
    out: list[dict[str, Any]] = []
    i = 0
    while len(out) < count:
        name = names[i % len(names)]
        pin = pins[name]
        k = i // len(names)
        rid = f"touch/{i}"
        if k == 0:  # an advisory on everything before the pin: pushes the same way as pip
            out.append(_rule(rid, name, f"<{pin}", -0.3, "security"))
        elif k == 1:  # the pinned release is known to be good
            out.append(_rule(rid, name, f"=={pin}", 0.2, "stability"))
        elif k == 2:  # a pair rule between two locked packages, at their pins
            other = names[(i * 7 + 3) % len(names)]
            if other == name:
                other = names[(i + 1) % len(names)]
            out.append(_rule(rid, name, f"=={pin}", 0.1, "stability",
                             **{"with": {"package": other, "specifier": f"=={pins[other]}"}}))
        elif k == 3:  # a pair veto on old releases of both
            other = names[(i * 5 + 1) % len(names)]
            if other == name:
                other = names[(i + 1) % len(names)]
            out.append(_rule(rid, name, f"<{pin}", -1.0, "stability", veto=True,
                             **{"with": {"package": other, "specifier": f"<{pins[other]}"}}))
        else:  # rules about releases the index does not have (withdrawn, or typos' targets)
            out.append(_rule(rid, name, f"==9999.{k}", round(rng.uniform(-1, 1), 2), rng.choice(CATEGORIES)))
        i += 1
    return out


def write_file(path: Path, pins: dict[str, str], total: int, touching: int, seed: int,
               advisories: bool = False) -> None:
    """A valid score file of ``total`` rules, streamed to disk. The rules about other
    projects have random scores in [-1, 1], or with ``advisories`` are all negative security
    rules (a vulnerability import: nothing there can raise a score)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        f.write(f'{{"format": "stackwise-scores", "version": 1, "revision": "big-kb-{total}-{touching}", "rules": [\n')
        first = True
        for rule in touching_rules(pins, touching, rng) if touching else ():
            f.write(("" if first else ",\n") + json.dumps(rule, separators=(",", ":")))
            first = False
        for i in range(total - touching):
            project = f"elsewhere-{i % 60_000}"
            if advisories:
                rule = _rule(f"far/{i}", project, f"<{i % 13}.{i % 5}", -round(rng.uniform(0.1, 1), 2), "security")
            else:
                rule = _rule(f"far/{i}", project, f"=={i % 13}.{i % 5}", round(rng.uniform(-1, 1), 2),
                             CATEGORIES[i % 4])
            if i % 10 == 0:
                rule["with"] = {"package": f"elsewhere-{(i + 17) % 60_000}", "specifier": ">=1"}
            f.write(("" if first else ",\n") + json.dumps(rule, separators=(",", ":")))
            first = False
        f.write("\n]}\n")


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MiB (this child only) and stderr; the child's CPU seconds
    (user + system, less sensitive to a loaded machine than wall time) go to ``CPU``."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        CPU.append(usage.ru_utime + usage.ru_stime)
        err.seek(0)
        text = err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{text[-3000:]}")
    return wall, usage.ru_maxrss / 1024, text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", type=int, default=1_000_000)
    ap.add_argument("--touching", type=int, default=4400)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--set", default="large")
    ap.add_argument("--cache-dir", type=Path, default=HERE / ".venv" / "caches" / "big-kb")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--time-budget", default="10")
    ap.add_argument("--advisories", action="store_true",
                    help="the rules about other projects are negative security rules (an advisory import)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--offline-warmup", action="store_true", help="the warm-up lock is offline too")
    ap.add_argument("--later-only", action="store_true",
                    help="time only the later locks (skip the first load and first locks)")
    ap.add_argument("--before", type=Path, metavar="SRC",
                    help="another tree's src directory, timed interleaved with this one (later locks)")
    args = ap.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["STACKWISE_LOCK_SERVER"] = "0"  # in-process: every run's CPU is the child's
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    # Byte-compiled as an install would (with PYTHONDONTWRITEBYTECODE set, an edited module
    # was otherwise compiled again in every timed lock).
    for tree in [REPO / "src", *([args.before] if args.before else [])]:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree)], check=False, env=env)
    work = Path(tempfile.mkdtemp(prefix="big-kb-"))
    reqs = HERE / "requirements" / f"{args.set}.txt"
    base = [sys.executable, "-m", "stackwise", "lock", "-r", str(reqs), "--no-reuse", "--no-default-scores",
            "--cache-dir", str(args.cache_dir), "--time-budget", args.time_budget]
    try:
        if args.offline_warmup:
            base.append("--offline")
        run([*base, "-o", str(work / "warm.txt")], env)  # warm-up (online when the cache is cold)
        if not args.offline_warmup:
            base.append("--offline")
        run([*base, "-o", str(work / "plain.txt")], env)
        pins = {m.group(1).lower(): m.group(2) for m in PIN.finditer((work / "plain.txt").read_text())}
        files = _files(args, pins)
        result: dict[str, Any] = {"packages": len(pins), "rules": args.rules, "touching": args.touching}
        if args.later_only:
            for label, path in files.items():  # compiled now if not yet, untimed
                run([*base, "--scores", str(path), "-o", str(work / f"{label}-first.txt")], env)
                if args.before:
                    run([*base, "--scores", str(path), "-o", str(work / f"{label}-first.txt")],
                        _with_src(env, args.before))
            return _later(args, base, files, env, work, result, {})
        for d in args.cache_dir.glob("scores-compiled-v*"):
            shutil.rmtree(d)  # the first load is measured, not a leftover index
        # The load alone: validate and compile the file into an empty cache, nothing else.
        load_code = ("import sys; from pathlib import Path; from stackwise.knowledge.compiled import open_score_file; "
                     "kb = open_score_file(sys.argv[1], Path(sys.argv[2])); assert len(kb) == int(sys.argv[3])")
        wall, rss, _ = run([sys.executable, "-c", load_code, str(files["touching"]), str(work / "load-cache"),
                            str(args.rules)], env)
        result["load"] = {"seconds": round(wall, 2), "peak_mib": round(rss)}
        print(f"first load (compile) of touching.json: {wall:.2f}s, peak {rss:.0f} MiB")
        first: dict[str, tuple[float, float]] = {}
        for label, path in files.items():
            wall, rss, _ = run([*base, "--scores", str(path), "-o", str(work / f"{label}-first.txt")], env)
            first[label] = (wall, rss)
            print(f"first lock with {label}.json: {wall:.2f}s, peak {rss:.0f} MiB")
        return _later(args, base, files, env, work, result, first)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _files(args: argparse.Namespace, pins: dict[str, str]) -> dict[str, Path]:
    """The two score files, written once per (pins, generator arguments) and kept."""
    import hashlib

    key = hashlib.sha256(json.dumps([sorted(pins.items()), args.rules, args.touching, args.seed,
                                     args.advisories]).encode()).hexdigest()[:16]
    where = args.cache_dir / "big-kb-files"
    where.mkdir(parents=True, exist_ok=True)
    files = {"touching": where / f"touching-{key}.json", "far": where / f"far-{key}.json"}
    start = time.perf_counter()
    for label, touching in (("touching", args.touching), ("far", 0)):
        if not files[label].is_file():
            tmp = files[label].with_suffix(".tmp")
            write_file(tmp, pins, args.rules, touching, args.seed, args.advisories)
            os.replace(tmp, files[label])
    print(f"{len(pins)} locked packages; two files of {args.rules:,} rules "
          f"({files['touching'].stat().st_size / 2**20:.0f} MiB) ready in {time.perf_counter() - start:.1f}s")
    return files


def _with_src(env: dict[str, str], src: Path) -> dict[str, str]:
    return {**env, "PYTHONPATH": str(src.resolve()) + os.pathsep + env.get("PYTHONPATH", "")}


def _later(args: argparse.Namespace, base: list[str], files: dict[str, Path], env: dict[str, str], work: Path,
           result: dict[str, Any], first: dict[str, tuple[float, float]]) -> int:
    """``--runs`` rounds of later locks (no rules, touching, far), ratios and checks."""
    samples: dict[str, list[float]] = {"plain": [], "touching": [], "far": []}
    rss_max: dict[str, float] = {"plain": 0.0, "touching": 0.0, "far": 0.0}
    proven: dict[str, bool] = {}
    before: dict[str, list[float]] = {"plain": [], "touching": [], "far": []}
    cpu: dict[str, list[float]] = {"plain": [], "touching": [], "far": []}
    before_cpu: dict[str, list[float]] = {"plain": [], "touching": [], "far": []}
    for _ in range(args.runs):
        for label in samples:
            extra = [] if label == "plain" else ["--scores", str(files[label])]
            if args.before:
                wall, _, err = run([*base, *extra, "-o", str(work / f"{label}-b.txt")], _with_src(env, args.before))
                before[label].append(wall)
                before_cpu[label].append(CPU[-1])
                proven[f"before-{label}"] = proven.get(f"before-{label}", True) and "proven best" in err
            wall, rss, err = run([*base, *extra, "-o", str(work / f"{label}.txt")], env)
            samples[label].append(wall)
            cpu[label].append(CPU[-1])
            rss_max[label] = max(rss_max[label], rss)
            proven[label] = proven.get(label, True) and "proven best" in err
    if args.before:
        bmed = {k: statistics.median(v) for k, v in before.items()}
        result["before_median"] = {k: round(v, 3) for k, v in bmed.items()}
        print(f"before ({args.before}), median of {args.runs} (s): "
              + ", ".join(f"{k} {v:.2f}" for k, v in bmed.items())
              + f"; far/plain {bmed['far'] / bmed['plain']:.2f}, touching/plain {bmed['touching'] / bmed['plain']:.2f}")
        bcpu = {k: statistics.median(v) for k, v in before_cpu.items()}
        result["before_cpu_median"] = {k: round(v, 3) for k, v in bcpu.items()}
        print("before, CPU seconds (median): " + ", ".join(f"{k} {v:.2f}" for k, v in bcpu.items())
              + f"; far/plain {bcpu['far'] / bcpu['plain']:.2f}, touching/plain {bcpu['touching'] / bcpu['plain']:.2f}")
    med = {k: statistics.median(v) for k, v in samples.items()}
    cmed = {k: statistics.median(v) for k, v in cpu.items()}
    result["cpu_median"] = {k: round(v, 3) for k, v in cmed.items()}
    print("CPU seconds (median): " + ", ".join(f"{k} {v:.2f}" for k, v in cmed.items())
          + f"; far/plain {cmed['far'] / cmed['plain']:.2f}, touching/plain {cmed['touching'] / cmed['plain']:.2f}")
    result.update(first={k: {"seconds": round(w, 2), "peak_mib": round(r)} for k, (w, r) in first.items()},
                  median={k: round(v, 3) for k, v in med.items()},
                  peak_mib={k: round(v) for k, v in rss_max.items()}, proven=proven)
    print(f"later locks, median of {args.runs} (s): " + ", ".join(f"{k} {v:.2f}" for k, v in med.items()))
    print("peak RSS (MiB): " + ", ".join(f"{k} {v:.0f}" for k, v in rss_max.items()))
    checks = [] if not first else [
        ("first load <= 10 s", result["load"]["seconds"], 10.0),
        ("first load <= 500 MB", result["load"]["peak_mib"] * 2**20 / 1e6, 500.0),
        ("first lock <= 500 MB", max(r for _, r in first.values()) * 2**20 / 1e6, 500.0),
    ]
    checks += [
        ("far/plain <= 1.05", med["far"] / med["plain"], 1.05),
        ("touching/plain <= 2", med["touching"] / med["plain"], 2.0),
    ]
    for name, value, goal in checks:
        print(f"  {name}: {value:.2f} {'ok' if value <= goal else 'MISSED'}")
    print("  proven best: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in proven.items()))
    result["checks"] = {name: round(value, 3) for name, value, _ in checks}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
