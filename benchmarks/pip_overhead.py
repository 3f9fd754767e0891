#!/usr/bin/env python3
"""What stackwise costs on top of pip: ``stackwise pip`` vs plain pip, and the startup hook.

Usage::

    python benchmarks/pip_overhead.py [--sets small,requests,medium,large | --local] [--runs 5]
                                      [--tools pip,stackwise-shipped,...] [--python PY]
                                      [--json OUT] [--hook-runs 200] [--src DIR] [--compare DIR]

Part 1 (install overhead). For each requirement set, warm caches, then ``--runs`` interleaved
rounds (tool order rotated each round) of ``pip install --dry-run --ignore-installed --quiet --report OUT -r SET``:

* ``pip``             plain pip
* ``stackwise-empty`` ``python -m stackwise.commands.pip pip install ... --no-default-scores``
  (empty knowledge base: the patch is installed but must not change anything)
* ``stackwise-shipped`` the same with the knowledge shipped with stackwise (curated and learned
  layers, the default), reusing the plan of the previous identical run (pip_plans.py)
* ``stackwise-shipped-fresh`` the same, planning afresh every run (the stored plans are deleted
  before each run, outside the timing; stackwise's index cache stays warm)
* ``stackwise-shipped-fresh-child`` the same, the plan made in a forked child process whatever
  the number of requirements (``STACKWISE_PIP_PLAN_PROCESS=always``)
* ``stackwise-100k`` / ``stackwise-100k-fresh``  the same with a generated 100,000-rule score
  file instead, 50 of whose rules mention packages of the set (so the best-stack search runs)

``--compare DIR`` runs every stackwise tool a second time from another source tree (as
``<tool>@before``, caches of its own) in the same rounds: an interleaved before/after pair.

Medians are compared with the goal (<= 5 % overhead) and the pins of ``stackwise-empty`` must
equal pip's. ``--sets`` uses ``benchmarks/requirements/*.txt`` with pip's default index and no
machine pip configuration (``PIP_CONFIG_FILE`` is the null device, no ``PIP_*``); ``--local`` builds a synthetic 60-project index on
127.0.0.1 instead (no network).

Part 2 (hook cost). The ``.pth`` gate of ``stackwise pip-hook enable`` runs at every
interpreter start; the goal is < 1 ms when pip is not being run. Measured two ways: the
gate executed in-process by ``site.addpackage`` (many repetitions; precise), and the median
wall time of ``python -c pass`` in a fresh environment with and without the hook
(end-to-end; noisy at the 0.1 ms level).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import site
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SRC = REPO / "src"
REQUIREMENTS = HERE / "requirements"
OVERHEAD_GOAL = 1.05
HOOK_GOAL_MS = 1.0


def env_for(python_path_src: bool = True) -> dict[str, str]:
    # Like resolve.py: no machine pip configuration (a configured find-links directory
    # would put both tools on their slower multi-location paths), the default index only.
    # PYTHONDONTWRITEBYTECODE would make stackwise recompile its edited modules on every run
    # (12-20 ms for some of them); an installed stackwise has bytecode, as pip does.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("STACKWISE_", "PIP_")) and k != "PYTHONDONTWRITEBYTECODE"}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["STACKWISE_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    if python_path_src:
        env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def synthetic_graph(n: int = 60) -> dict[str, dict[str, list[str]]]:
    """A layered graph: each project depends on two projects of the next layer, ranges vary."""
    graph: dict[str, dict[str, list[str]]] = {}
    for i in range(n):
        deps = [f"proj{j}>={(i + j) % 3}.0" for j in (i * 2 + 1, i * 2 + 2) if j < n]
        graph[f"proj{i}"] = {f"{v}.0": deps for v in range(5)}
    return graph


def write_kb(path: Path, names: list[str], total: int = 100_000) -> None:
    """``total`` valid rules: up to 50 on ``names`` (versions and pairs), the rest on unused projects."""
    common = {"link": "https://example.org/bench", "source": "benchmarks/pip_overhead.py"}
    rules = []
    for i, name in enumerate(names[:25]):
        rules.append({"id": f"bench/v{i}", "package": name, "specifier": ">=0", "score": 0.2,
                      "category": "performance", "message": "synthetic version rule", **common})
        other = names[(i + 1) % len(names)]
        if other != name:
            rules.append({"id": f"bench/p{i}", "package": name, "specifier": ">=0",
                          "with": {"package": other, "specifier": ">=0"}, "score": 0.1,
                          "category": "stability", "message": "synthetic pair rule", **common})
    for i in range(total - len(rules)):
        rules.append({"id": f"bench/x{i}", "package": f"unused-project-{i % 20000}", "specifier": f"=={i % 7}.0",
                      "score": 0.1, "category": "performance", "message": "synthetic", **common})
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "revision": "bench-100k", "rules": rules}))


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
    return time.perf_counter() - start, proc


def cpu_seconds() -> float:
    """User + system CPU time of all finished child processes so far (POSIX; 0 elsewhere)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def mean_ci(values: list[float]) -> tuple[float, float]:
    """Mean and the half-width of its ~95 % confidence interval (normal approximation)."""
    mean = statistics.fmean(values)
    half = 1.96 * statistics.stdev(values) / len(values) ** 0.5 if len(values) > 1 else float("nan")
    return mean, half


def pins(report: Path) -> dict[str, str]:
    data = json.loads(report.read_text())
    return {i["metadata"]["name"].lower(): i["metadata"]["version"] for i in data["install"]}


def bench_install(python: str, sets: dict[str, Path], index_args: list[str], runs: int, env: dict[str, str],
                  work: Path, only: list[str] | None = None, compare: Path | None = None) -> dict[str, object]:
    results: dict[str, object] = {}
    env = {**env, "STACKWISE_CACHE_DIR": env.get("STACKWISE_CACHE_DIR", str(work / "sw-cache"))}
    # The -fresh tools have a cache of their own (warmed by round 0 like the others): deleting
    # their stored plans must not delete the plans the reusing tools are measured with.
    fresh_env = {**env, "STACKWISE_CACHE_DIR": env["STACKWISE_CACHE_DIR"] + "-fresh"}
    # --compare: every stackwise tool again as "<tool>@before", run from that tree, with
    # caches of its own (a stored plan or edge store of one tree is never read by the other).
    before_env = {**env, "STACKWISE_CACHE_DIR": env["STACKWISE_CACHE_DIR"] + "-before",
                  "PYTHONPATH": env.get("PYTHONPATH", "").replace(str(SRC), str(compare))}
    envs = {(False, False): env, (True, False): fresh_env, (False, True): before_env,
            (True, True): {**before_env, "STACKWISE_CACHE_DIR": before_env["STACKWISE_CACHE_DIR"] + "-fresh"}}
    # What installing stackwise does: byte-compile it (round 0 would too, this is just explicit).
    for tree in (SRC, compare) if compare is not None else (SRC,):
        subprocess.run([python, "-m", "compileall", "-q", str(tree)], check=True, env=env)
    for set_name, req in sets.items():
        base = ["install", "--dry-run", "--ignore-installed", "--quiet", *index_args, "-r", str(req)]
        # The rules mention the packages pip resolves (so the search has work to do).
        warm = work / f"{set_name}-warm.json"
        _, proc = run([python, "-m", "pip", *base, "--report", str(warm)], env)
        if proc.returncode != 0:
            print(f"pip failed on {set_name}:\n{proc.stderr[-2000:]}", file=sys.stderr)
            raise SystemExit(1)
        kb = work / f"kb-{set_name}.json"
        write_kb(kb, sorted(pins(warm)))
        sw = [python, "-m", "stackwise.commands.pip", "pip", *base]
        tools = {
            "pip": [python, "-m", "pip", *base],
            "stackwise-empty": [*sw, "--no-default-scores"],
            "stackwise-shipped": [*sw, "--stackwise-quiet"],
            "stackwise-shipped-fresh": [*sw, "--stackwise-quiet"],
            # The same, the plan made in a forked child whatever the number of requirements
            # (STACKWISE_PIP_PLAN_PROCESS=always; opt-in, by default only from 10 named ones).
            "stackwise-shipped-fresh-child": [*sw, "--stackwise-quiet"],
            "stackwise-100k": [*sw, "--no-default-scores", "--scores", str(kb), "--stackwise-quiet"],
            "stackwise-100k-fresh": [*sw, "--no-default-scores", "--scores", str(kb), "--stackwise-quiet"],
        }
        tools = {t: c for t, c in tools.items() if only is None or t in only or t == "pip"}
        if compare is not None:
            tools.update({f"{t}@before": list(c) for t, c in tools.items() if t != "pip"})
        for tool, cmd in tools.items():
            if tool.startswith("stackwise-") and not tool.startswith("stackwise-empty"):
                cmd += ["--stackwise-report", str(work / f"{set_name}-{tool}-stackwise.json")]
        keys = ("plan_seconds", "plan_cpu_seconds", "waited_seconds", "plan_reused", "knowledge_loaded")
        inside: dict[str, dict[str, list[float]]] = {
            t: {k: [] for k in keys} for t in tools if t.startswith("stackwise-") and not t.startswith("stackwise-empty")}
        times: dict[str, list[float]] = {t: [] for t in tools}
        cpu: dict[str, list[float]] = {t: [] for t in tools}
        picked: dict[str, dict[str, str]] = {}
        names = list(tools)
        load_seen: list[float] = []  # the 1-minute load average at each timed round's start
        for round_no in range(runs + 1):  # round 0 warms every cache and is not timed
            if round_no and hasattr(os, "getloadavg"):
                load_seen.append(os.getloadavg()[0])
            # Rotate the order each round: a tool always run last (or first) in a round would
            # carry whatever the position costs (the index throttling a burst of requests).
            for tool in names[round_no % len(names):] + names[:round_no % len(names)]:
                cmd = tools[tool]
                report = work / f"{set_name}-{tool}.json"
                tool_env = envs["-fresh" in tool, tool.endswith("@before")]
                if "-child" in tool:
                    tool_env = {**tool_env, "STACKWISE_PIP_PLAN_PROCESS": "always"}
                plans = Path(tool_env["STACKWISE_CACHE_DIR"]) / "pip-plans-v1"
                if "-fresh" in tool and plans.is_dir():  # plan afresh (not timed)
                    shutil.rmtree(plans)
                cpu_before = cpu_seconds()
                seconds, proc = run([*cmd, "--report", str(report)], tool_env)
                cpu_used = cpu_seconds() - cpu_before
                if tool in inside and "warning" in proc.stderr:
                    print(f"{tool}: {proc.stderr.strip()[:500]}", file=sys.stderr)
                if proc.returncode != 0:
                    print(f"{tool} failed on {set_name}:\n{proc.stderr[-2000:]}", file=sys.stderr)
                    raise SystemExit(1)
                if round_no:
                    times[tool].append(seconds)
                    cpu[tool].append(cpu_used)
                    if tool in inside:  # stackwise's own account of its time inside pip
                        own = json.loads((work / f"{set_name}-{tool}-stackwise.json").read_text())
                        for key in keys:
                            # (a tree without the knowledge_loaded field always loaded it)
                            inside[tool][key].append(float(own.get(key, key == "knowledge_loaded") or 0))
                picked[tool] = pins(report)
        med = {t: statistics.median(v) for t, v in times.items()}
        # Each round's ratio to that round's pip run: rounds share the network's mood, so the
        # paired ratios spread less than the raw times; their mean comes with a 95 % interval.
        paired = {t: mean_ci([x / p for x, p in zip(times[t], times["pip"], strict=True)]) for t in tools if t != "pip"}
        # The same pairing over CPU time (user + system of the whole pip process and its children):
        # on a machine loaded by other work it moves much less than wall time.
        paired_cpu = {t: mean_ci([x / p for x, p in zip(cpu[t], cpu["pip"], strict=True)]) for t in tools if t != "pip"}
        results[set_name] = {
            "packages": len(picked["pip"]),
            "median_seconds": {t: round(v, 3) for t, v in med.items()},
            "overhead": {t: round(med[t] / med["pip"], 3) for t in tools if t != "pip"},
            "paired_ratio_mean_ci95": {t: [round(m, 4), round(h, 4)] for t, (m, h) in paired.items()},
            "paired_cpu_ratio_mean_ci95": {t: [round(m, 4), round(h, 4)] for t, (m, h) in paired_cpu.items()},
            "load_average": [round(x, 2) for x in load_seen],
            "median_cpu_seconds": {t: round(statistics.median(v), 3) for t, v in cpu.items()},
            "empty_kb_pins_equal_pip": picked["stackwise-empty"] == picked["pip"] if "stackwise-empty" in picked
            else None,
            # The plan runs in a thread beside pip: plan_seconds is its length, plan_cpu_seconds
            # its CPU time (shared with pip's thread through the interpreter lock), waited_seconds
            # how long pip's own thread was blocked on it; plan_reused the share of reused plans,
            # knowledge_loaded the share of runs that loaded the knowledge (not stored answers).
            "inside_pip_median": {t: {k: round(statistics.median(v), 3) if k not in ("plan_reused", "knowledge_loaded") else
                                      round(statistics.fmean(v), 2) for k, v in d.items()} for t, d in inside.items()},
            "runs": {t: [round(x, 3) for x in v] for t, v in times.items()},
            "cpu_runs": {t: [round(x, 3) for x in v] for t, v in cpu.items()},
        }
        r = results[set_name]
        print(f"[{set_name}] {r['packages']} packages; median s: "  # type: ignore[index]
              + ", ".join(f"{t} {v:.3f}" for t, v in med.items())
              + "; overhead: " + ", ".join(f"{t} {x:.2%}" for t, x in
                                            ((t, med[t] / med["pip"] - 1) for t in tools if t != "pip"))
              + f"; empty-KB pins == pip: {r['empty_kb_pins_equal_pip']}"  # type: ignore[index]
              + "; paired ratio mean ± 95 %: "
              + ", ".join(f"{t} {m - 1:+.2%} ± {h:.2%}" for t, (m, h) in paired.items())
              + "; paired CPU ratio mean ± 95 %: "
              + ", ".join(f"{t} {m - 1:+.2%} ± {h:.2%}" for t, (m, h) in paired_cpu.items())
              + f"; load average {min(load_seen, default=0):.1f}-{max(load_seen, default=0):.1f}"
              + "; median CPU s: " + ", ".join(f"{t} {statistics.median(v):.3f}" for t, v in cpu.items())
              + "; plan/plan CPU/waited (median s), reused share, knowledge-loaded share: "
              + ", ".join(f"{t} " + "/".join(f"{v:g}" for v in d.values())
                          for t, d in r["inside_pip_median"].items()))  # type: ignore[index,union-attr]
    return results


def bench_hook(runs: int, work: Path) -> dict[str, object]:
    sys.path.insert(0, str(SRC))
    from stackwise.integrations.pip_hook import PTH_NAME, enable

    hook_dir = work / "hook-site"
    hook_dir.mkdir()
    enable(hook_dir)
    # In-process: site.addpackage reads and executes the .pth, as at interpreter start.
    n = 20_000
    start = time.perf_counter()
    for _ in range(n):
        site.addpackage(str(hook_dir), PTH_NAME, set())
    per_call_us = (time.perf_counter() - start) / n * 1e6

    # End to end: python -c pass in two fresh venvs, identical except for the hook.
    pythons = {}
    for state in ("without", "with"):
        venv = work / f"hook-venv-{state}"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        py = str(venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
        purelib = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        if state == "with":
            enable(Path(purelib))
        pythons[state] = py
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    samples: dict[str, list[float]] = {"without": [], "with": []}
    for i in range(runs + 10):  # the first 10 rounds warm the file system cache
        for state in ("without", "with") if i % 2 else ("with", "without"):
            seconds, _ = run([pythons[state], "-c", "pass"], env)
            if i >= 10:
                samples[state].append(seconds)
    med = {k: statistics.median(v) * 1000 for k, v in samples.items()}
    result = {"pth_exec_us": round(per_call_us, 2), "python_c_pass_ms": {k: round(v, 3) for k, v in med.items()},
              "difference_ms": round(med["with"] - med["without"], 3), "runs": runs}
    print(f"[hook] .pth executed by site.addpackage: {per_call_us:.1f} µs per start; "
          f"python -c pass median {med['without']:.2f} ms without, {med['with']:.2f} ms with "
          f"(difference {med['with'] - med['without']:+.3f} ms; goal < {HOOK_GOAL_MS} ms)")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="small,medium", help="requirement sets from benchmarks/requirements")
    parser.add_argument("--local", action="store_true", help="use a synthetic index on 127.0.0.1 instead")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hook-runs", type=int, default=200)
    parser.add_argument("--python", default=sys.executable, help="interpreter whose pip is measured")
    parser.add_argument("--json", metavar="OUT")
    parser.add_argument("--skip-install", action="store_true", help="only measure the hook")
    parser.add_argument("--tools", help="comma-separated tools to run besides pip (default: all)")
    parser.add_argument("--compare", metavar="DIR",
                        help="also run every stackwise tool from this source tree (as '<tool>@before'), "
                        "interleaved in the same rounds: a paired before/after comparison")
    parser.add_argument("--src", metavar="DIR",
                        help="the stackwise source tree to measure (default: this repository's src), e.g. a "
                        "copy of an earlier tree for a before/after comparison")
    args = parser.parse_args(argv)
    if args.src:
        global SRC
        SRC = Path(args.src).resolve()
    if args.runs < 5:
        parser.error("--runs must be >= 5 (medians of fewer runs are not reported)")

    results: dict[str, object] = {"python": args.python}
    with tempfile.TemporaryDirectory(prefix="stackwise-pip-bench-") as tmp:
        work = Path(tmp)
        env = env_for()
        server = None
        if not args.skip_install:
            if args.local:
                sys.path.insert(0, str(REPO / "tests"))
                from support import IndexServer, make_index  # the test suite's fixture index

                make_index(work / "files", synthetic_graph())
                server = IndexServer(work / "files").start()
                req = work / "local.txt"
                req.write_text("".join(f"proj{i}\n" for i in range(3)))
                sets = {"local": req}
                index_args = ["--index-url", server.url]
                env["PIP_CONFIG_FILE"] = os.devnull
                env["PIP_CACHE_DIR"] = str(work / "pip-cache")
                env["STACKWISE_CACHE_DIR"] = str(work / "sw-cache")
            else:
                sets = {s: REQUIREMENTS / f"{s}.txt" for s in args.sets.split(",") if s}
                index_args = []
            try:
                only = args.tools.split(",") if args.tools else None
                results["install"] = bench_install(args.python, sets, index_args, args.runs, env, work, only,
                                                   Path(args.compare).resolve() if args.compare else None)
            finally:
                if server is not None:
                    server.stop()
        if args.hook_runs > 0:  # --hook-runs 0: measure the install overhead only
            results["hook"] = bench_hook(args.hook_runs, work)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    ok = all(v["empty_kb_pins_equal_pip"] is not False for v in results.get("install", {}).values())  # type: ignore[union-attr]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
