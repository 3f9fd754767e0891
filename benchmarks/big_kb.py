#!/usr/bin/env python3
"""Big knowledge bases: ``stackwise lock`` with a 1,000,000-rule score file.

Usage::

    PYTHONPATH=src python benchmarks/big_kb.py [--rules 1000000] [--touching 4400] [--runs 3]
                                                [--cache-dir DIR] [--set large] [--json OUT]

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
    """Wall seconds, peak RSS in MiB (this child only) and stderr."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
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
    args = ap.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    work = Path(tempfile.mkdtemp(prefix="big-kb-"))
    reqs = HERE / "requirements" / f"{args.set}.txt"
    base = [sys.executable, "-m", "stackwise", "lock", "-r", str(reqs), "--no-reuse", "--no-default-scores",
            "--cache-dir", str(args.cache_dir), "--time-budget", args.time_budget]
    try:
        run([*base, "-o", str(work / "warm.txt")], env)  # warm-up (online when the cache is cold)
        base.append("--offline")
        run([*base, "-o", str(work / "plain.txt")], env)
        pins = {m.group(1).lower(): m.group(2) for m in PIN.finditer((work / "plain.txt").read_text())}
        files = {"touching": work / "touching.json", "far": work / "far.json"}
        start = time.perf_counter()
        write_file(files["touching"], pins, args.rules, args.touching, args.seed, args.advisories)
        write_file(files["far"], pins, args.rules, 0, args.seed, args.advisories)
        print(f"{len(pins)} locked packages; two files of {args.rules:,} rules "
              f"({files['touching'].stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - start:.1f}s")
        for d in args.cache_dir.glob("scores-compiled-v*"):
            shutil.rmtree(d)  # the first load is measured, not a leftover index
        result: dict[str, Any] = {"packages": len(pins), "rules": args.rules, "touching": args.touching}
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
        samples: dict[str, list[float]] = {"plain": [], "touching": [], "far": []}
        rss_max: dict[str, float] = {"plain": 0.0, "touching": 0.0, "far": 0.0}
        proven: dict[str, bool] = {}
        for _ in range(args.runs):
            for label in samples:
                extra = [] if label == "plain" else ["--scores", str(files[label])]
                wall, rss, err = run([*base, *extra, "-o", str(work / f"{label}.txt")], env)
                samples[label].append(wall)
                rss_max[label] = max(rss_max[label], rss)
                proven[label] = proven.get(label, True) and "proven best" in err
        med = {k: statistics.median(v) for k, v in samples.items()}
        result.update(first={k: {"seconds": round(w, 2), "peak_mib": round(r)} for k, (w, r) in first.items()},
                      median={k: round(v, 3) for k, v in med.items()},
                      peak_mib={k: round(v) for k, v in rss_max.items()}, proven=proven)
        print(f"later locks, median of {args.runs} (s): " + ", ".join(f"{k} {v:.2f}" for k, v in med.items()))
        print("peak RSS (MiB): " + ", ".join(f"{k} {v:.0f}" for k, v in rss_max.items()))
        checks = [
            ("first load <= 10 s", result["load"]["seconds"], 10.0),
            ("first load <= 500 MB", result["load"]["peak_mib"] * 2**20 / 1e6, 500.0),
            ("first lock <= 500 MB", max(r for _, r in first.values()) * 2**20 / 1e6, 500.0),
            ("far/plain <= 1.05", med["far"] / med["plain"], 1.05),
            ("touching/plain <= 2", med["touching"] / med["plain"], 2.0),
        ]
        for name, value, goal in checks:
            print(f"  {name}: {value:.2f} {'ok' if value <= goal else 'MISSED'}")
        print("  proven best: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in proven.items()))
        result["checks"] = {name: round(value, 3) for name, value, _ in checks}
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
