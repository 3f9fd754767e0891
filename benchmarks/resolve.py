#!/usr/bin/env python3
"""Resolution benchmark: ``stackwise lock`` against ``pip install --dry-run`` and ``uv pip compile``.

Usage::

    python benchmarks/resolve.py [--sets small,medium,large] [--runs 5] [--venv DIR] [--json OUT]

The script creates (or reuses) a benchmark virtual environment (default
``benchmarks/.venv``, git-ignored) holding the latest pip, the latest uv and stackwise
installed in editable mode from this repository. For each requirement set in
``benchmarks/requirements/`` it runs one untimed warm-up per tool, then ``--runs`` timed
rounds (tools interleaved within a round) of:

* ``pip install --dry-run --ignore-installed --quiet --report OUT -r SET``  (warm HTTP cache)
* ``uv pip compile SET --quiet -o OUT``                (warm cache), and with ``--offline``
* ``stackwise lock -r SET -o OUT -q``                  (warm cache), and with ``--offline``;
  repeated identical runs reuse the remembered lock when nothing it depends on changed,
  so both again with ``--no-reuse`` ("-resolve": a full resolution every run, what a lock
  after any change costs), and with ``--cache-ttl 0`` ("stackwise-reval": revalidates
  every cached index page, as uv does on each run; plain warm runs trust pages younger
  than stackwise's 600 s TTL). Those run in-process (``STACKWISE_LOCK_SERVER=0``: what a
  one-off lock costs, a fresh interpreter every run). "stackwise-offline-server" is the
  ``--offline --no-reuse`` run with the default setting (``auto``), where the second of
  repeated locks starts the resident process and later ones are served by it (a private
  socket directory per benchmark run; the server is stopped at the end): the warm-up and the
  first timed run are in-process, the rest served, so the median is a served lock

and prints the median wall-clock seconds per tool, the ratios stackwise/pip, stackwise/uv
and stackwise-offline/uv-offline against the project's goals, the number of packages each
tool resolved, and whether stackwise's pins equal pip's (with an empty knowledge base,
the default here, they must; every difference is listed by package).

All tools run isolated from the machine's configuration and with the same index settings:
pip and stackwise with ``PIP_CONFIG_FILE`` set to the null device and no ``PIP_*``
variables (stackwise reads pip's configuration the way pip does), uv with
``UV_NO_CONFIG=1`` and no ``UV_*`` variables; each tool has its own cache directory under
``<venv>/caches``. So all three use their default index.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REQUIREMENTS = HERE / "requirements"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""

# Goals from the issue: warm <= 0.1x pip and <= 1.5x uv; fully cached offline <= 3x uv offline.
GOALS = {
    "stackwise/pip": ("stackwise", "pip", 0.1),
    "stackwise/uv": ("stackwise", "uv", 1.5),
    "stackwise-offline/uv-offline": ("stackwise-offline", "uv-offline", 3.0),
    # One lock for every platform and Python: `stackwise lock --universal` (12 environments:
    # Linux/macOS/Windows x 3.10-3.13) against `uv pip compile --universal --python-version 3.10`.
    "stackwise-universal/uv-universal": ("stackwise-universal", "uv-universal", 1.5),
}
TOOLS = ["pip", "uv", "uv-offline", "stackwise", "stackwise-offline", "stackwise-resolve",
         "stackwise-offline-resolve", "stackwise-offline-server", "stackwise-reval", "uv-universal",
         "stackwise-universal"]
# Not goals, shown for context. Repeated identical runs of ``stackwise lock`` reuse the
# remembered result when nothing it depends on changed (commands/lockcache.py); the
# "-resolve" runs pass --no-reuse, so they resolve every time, which is what a lock after
# any change costs. With --cache-ttl 0 stackwise revalidates every cached index page on
# each run, as uv does (never reused: no page is trusted without asking).
EXTRA_RATIOS = {
    "stackwise-resolve/pip": ("stackwise-resolve", "pip"),
    "stackwise-resolve/uv": ("stackwise-resolve", "uv"),
    "stackwise-offline-resolve/uv-offline": ("stackwise-offline-resolve", "uv-offline"),
    # The same fresh offline lock with the default resident process (STACKWISE_LOCK_SERVER=auto,
    # src/stackwise/_lockserver.py): the second run starts it, later runs are forked from it.
    "stackwise-offline-server/uv-offline": ("stackwise-offline-server", "uv-offline"),
    "stackwise-reval/uv": ("stackwise-reval", "uv"),
}
TIMEOUT = 1800  # seconds per command; a hung resolver must not hang the benchmark


class ToolError(RuntimeError):
    pass


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# Environment ---------------------------------------------------------------------------


def isolated_env() -> dict[str, str]:
    """The environment every tool runs in: no pip/uv/stackwise configuration from the machine."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PIP_", "UV_", "STACKWISE_"))
        # PYTHONDONTWRITEBYTECODE would make pip and stackwise recompile their edited or
        # editable-installed modules on every run; installed tools have bytecode.
        and k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    }
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env["UV_NO_CONFIG"] = "1"
    env["UV_NO_PROGRESS"] = "1"
    return env


def tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def run_checked(cmd: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise ToolError(f"{what}: timed out after {TIMEOUT}s\n  command: {' '.join(cmd)}") from exc
    if proc.returncode != 0:
        raise ToolError(
            f"{what}: exit code {proc.returncode}\n  command: {' '.join(cmd)}\n"
            f"  stderr (tail):\n{tail(proc.stderr or proc.stdout)}"
        )
    return proc


def ensure_venv(venv: Path, env: dict[str, str], upgrade: bool) -> dict[str, str]:
    """Create or reuse the benchmark venv; return the tool versions in it."""
    python = venv / BIN / f"python{EXE}"
    if not python.exists():
        print(f"creating benchmark venv {venv}", flush=True)
        run_checked([sys.executable, "-m", "venv", str(venv)], env, "venv creation")
        upgrade = True
    if not upgrade:
        have = all((venv / BIN / f"{t}{EXE}").exists() for t in ("uv", "stackwise"))
        upgrade = not have
    if upgrade:
        print("installing the latest pip and uv, and stackwise (editable) into the venv", flush=True)
        run_checked([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip", "uv"], env,
                    "installing pip and uv")
        run_checked([str(python), "-m", "pip", "install", "--quiet", "-e", str(REPO)], env,
                    "installing stackwise")
    versions = {"python": run_checked([str(python), "--version"], env, "python").stdout.strip()}
    versions["pip"] = run_checked([str(python), "-m", "pip", "--version"], env, "pip").stdout.split(" from ")[0]
    versions["uv"] = run_checked([str(venv / BIN / f"uv{EXE}"), "--version"], env, "uv").stdout.strip()
    versions["stackwise"] = run_checked(
        [str(venv / BIN / f"stackwise{EXE}"), "--version"], env, "stackwise").stdout.strip()
    return versions


# Commands and their outputs ------------------------------------------------------------


@dataclass
class Tool:
    name: str
    cmd: list[str]
    output: Path
    parse: str  # "pip-report" or "pins"
    times: list[float] = field(default_factory=list)
    error: str | None = None
    pins: dict[str, str] | None = None
    env: dict[str, str] = field(default_factory=dict)  # added to the benchmark's environment


def commands(set_name: str, req: Path, venv: Path, caches: Path, out: Path, args: argparse.Namespace) -> list[Tool]:
    python = str(venv / BIN / f"python{EXE}")
    uv = str(venv / BIN / f"uv{EXE}")
    stackwise = str(venv / BIN / f"stackwise{EXE}")
    out.mkdir(parents=True, exist_ok=True)
    pip_cmd = [python, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
               "--cache-dir", str(caches / "pip"), "--report", str(out / f"{set_name}.pip.json"),
               "-r", str(req)]
    uv_base = [uv, "pip", "compile", str(req), "--quiet", "--python", python,
               "--cache-dir", str(caches / "uv")]
    if args.uv_hashes:
        uv_base.append("--generate-hashes")
    sw_base = [stackwise, "lock", "-r", str(req), "-q", "--cache-dir", str(caches / "stackwise")]
    if args.scores:
        for path in args.scores:
            sw_base += ["--scores", path]
    if not args.starter_scores:
        sw_base.append("--no-default-scores")
    inproc = {"STACKWISE_LOCK_SERVER": "0"}  # a fresh interpreter every run (the one-off cost)
    return [
        Tool("pip", pip_cmd, out / f"{set_name}.pip.json", "pip-report"),
        Tool("uv", [*uv_base, "-o", str(out / f"{set_name}.uv.txt")], out / f"{set_name}.uv.txt", "pins"),
        Tool("uv-offline", [*uv_base, "--offline", "-o", str(out / f"{set_name}.uv-offline.txt")],
             out / f"{set_name}.uv-offline.txt", "pins"),
        Tool("stackwise", [*sw_base, "-o", str(out / f"{set_name}.stackwise.txt")],
             out / f"{set_name}.stackwise.txt", "pins", env=inproc),
        Tool("stackwise-offline", [*sw_base, "--offline", "-o", str(out / f"{set_name}.stackwise-offline.txt")],
             out / f"{set_name}.stackwise-offline.txt", "pins", env=inproc),
        Tool("stackwise-resolve", [*sw_base, "--no-reuse", "-o", str(out / f"{set_name}.stackwise-resolve.txt")],
             out / f"{set_name}.stackwise-resolve.txt", "pins", env=inproc),
        Tool("stackwise-offline-resolve",
             [*sw_base, "--offline", "--no-reuse", "-o", str(out / f"{set_name}.stackwise-offline-resolve.txt")],
             out / f"{set_name}.stackwise-offline-resolve.txt", "pins", env=inproc),
        Tool("stackwise-offline-server",
             [*sw_base, "--offline", "--no-reuse", "-o", str(out / f"{set_name}.stackwise-offline-server.txt")],
             out / f"{set_name}.stackwise-offline-server.txt", "pins",
             env={"STACKWISE_LOCK_SERVER": "auto", "XDG_RUNTIME_DIR": str(args.server_dir)}),
        Tool("stackwise-reval", [*sw_base, "--cache-ttl", "0", "-o", str(out / f"{set_name}.stackwise-reval.txt")],
             out / f"{set_name}.stackwise-reval.txt", "pins", env=inproc),
        Tool("uv-universal", [*uv_base, "--universal", "--python-version", "3.10",
                              "-o", str(out / f"{set_name}.uv-universal.txt")],
             out / f"{set_name}.uv-universal.txt", "pins"),
        Tool("stackwise-universal", [*sw_base, "--universal", "-o", str(out / f"{set_name}.stackwise-universal.txt")],
             out / f"{set_name}.stackwise-universal.txt", "pins", env=inproc),
    ]


PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def read_pins(path: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements-style lock (uv's or stackwise's)."""
    pins: dict[str, str] = {}
    for line in path.read_text().splitlines():
        m = PIN.match(line.strip())
        if m:
            pins[canonical(m.group(1))] = m.group(2)
    return pins


def read_pip_report(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text())
    return {canonical(i["metadata"]["name"]): i["metadata"]["version"] for i in data["install"]}


def run_once(tool: Tool, env: dict[str, str]) -> float:
    if tool.output.exists():
        tool.output.unlink()
    start = time.perf_counter()
    try:
        # No tool reads standard input; a terminal there would keep the lock server out.
        proc = subprocess.run(tool.cmd, env={**env, **tool.env}, capture_output=True, text=True, timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise ToolError(f"{tool.name}: timed out after {TIMEOUT}s\n  command: {' '.join(tool.cmd)}") from exc
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise ToolError(
            f"{tool.name}: exit code {proc.returncode}\n  command: {' '.join(tool.cmd)}\n"
            f"  stderr (tail):\n{tail(proc.stderr or proc.stdout)}"
        )
    if not tool.output.exists():
        raise ToolError(f"{tool.name}: exited 0 but wrote no {tool.output}\n  command: {' '.join(tool.cmd)}")
    return elapsed


def diff_pins(ours: dict[str, str], theirs: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(set(ours) | set(theirs)):
        a, b = ours.get(name), theirs.get(name)
        if a != b:
            lines.append(f"{name}: stackwise {a or '-'} / pip {b or '-'}")
    return lines


def bench_set(set_name: str, venv: Path, caches: Path, out: Path, env: dict[str, str],
              args: argparse.Namespace) -> dict:
    req = REQUIREMENTS / f"{set_name}.txt"
    if not req.exists():
        raise SystemExit(f"no requirement set {req}")
    tools = commands(set_name, req, venv, caches, out, args)
    if args.tools:  # e.g. only the universal column: --tools uv-universal,stackwise-universal
        tools = [t for t in tools if t.name in args.tools]
    print(f"\n[{set_name}] warm-up (untimed) ...", flush=True)
    for tool in tools:
        # An offline variant is only meaningful once its online twin filled the cache.
        twin = next((t for t in tools if f"{t.name}-offline" == tool.name), None)
        if twin is not None and twin.error:
            tool.error = f"skipped: {twin.name} failed"
            continue
        try:
            run_once(tool, env)
        except ToolError as exc:
            tool.error = str(exc)
            print(f"  FAILED {exc}", file=sys.stderr, flush=True)
    for i in range(args.runs):
        for tool in tools:
            if tool.error:
                continue
            try:
                tool.times.append(run_once(tool, env))
            except ToolError as exc:
                tool.error = str(exc)
                print(f"  FAILED (run {i + 1}) {exc}", file=sys.stderr, flush=True)
        summary = "  ".join(f"{t.name} {t.times[-1]:.2f}s" for t in tools if t.times and not t.error)
        print(f"  run {i + 1}/{args.runs}: {summary}", flush=True)
    for tool in tools:
        if tool.error or not tool.output.exists():
            continue
        try:
            tool.pins = read_pip_report(tool.output) if tool.parse == "pip-report" else read_pins(tool.output)
        except (OSError, ValueError, KeyError) as exc:
            tool.error = f"{tool.name}: cannot read its output {tool.output}: {exc}"
    by = {t.name: t for t in tools}
    medians: dict[str, float | None] = dict.fromkeys(TOOLS)
    medians.update({t.name: (statistics.median(t.times) if t.times and not t.error else None) for t in tools})
    ratios = {}
    for label, (num, den, _goal) in GOALS.items():
        a, b = medians.get(num), medians.get(den)
        ratios[label] = a / b if a is not None and b else None
    for label, (num, den) in EXTRA_RATIOS.items():
        a, b = medians.get(num), medians.get(den)
        ratios[label] = a / b if a is not None and b else None
    pip_pins = by["pip"].pins if "pip" in by else None
    comparisons = {}
    for name in (*STACKWISE_RUNS, "uv"):
        pins = by[name].pins if name in by else None
        if pins is not None and pip_pins is not None:
            comparisons[name] = diff_pins(pins, pip_pins)
    return {
        "set": set_name,
        "requirements": [ln.strip() for ln in req.read_text().splitlines()
                         if ln.strip() and not ln.lstrip().startswith("#")],
        "commands": {t.name: t.cmd for t in tools},
        "times": {t.name: t.times for t in tools},
        "medians": medians,
        "ratios": ratios,
        "packages": {**dict.fromkeys(TOOLS), **{t.name: (len(t.pins) if t.pins is not None else None) for t in tools}},
        "pins": {t.name: t.pins for t in tools},
        "diff_vs_pip": comparisons,
        "errors": {t.name: t.error for t in tools if t.error},
    }


# Report ----------------------------------------------------------------------------------


def fmt(value: float | None, spec: str = ".2f", suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{suffix}"


STACKWISE_RUNS = ("stackwise", "stackwise-offline", "stackwise-resolve", "stackwise-offline-resolve",
                  "stackwise-offline-server", "stackwise-reval")


def same_as_pip(result: dict) -> str:
    """Whether every stackwise variant pinned exactly pip's versions."""
    diffs = [result["diff_vs_pip"][n] for n in STACKWISE_RUNS if n in result["diff_vs_pip"]]
    if not diffs:
        return "n/a"
    worst = max(len(d) for d in diffs)
    return "yes" if worst == 0 else f"NO ({worst} differ)"


def print_rows(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    for row in [head, *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def print_table(results: list[dict], runs: int) -> None:
    print(f"\nmedian wall-clock seconds of {runs} warm runs (packages resolved in parentheses)\n")
    head = ["set", *TOOLS]
    rows = []
    for r in results:
        rows.append([r["set"], *(f"{fmt(r['medians'][t])} ({r['packages'][t] if r['packages'][t] is not None else '-'})"
                                 for t in TOOLS)])
    print_rows(head, rows)

    print("\nratios (goal in brackets)\n")
    head = ["set", *(f"{label} [<= {goal}]" for label, (_, _, goal) in GOALS.items()),
            *(f"{label} [info]" for label in EXTRA_RATIOS), "stackwise pins == pip"]
    rows = []
    for r in results:
        cells = [r["set"]]
        for label, (_, _, goal) in GOALS.items():
            value = r["ratios"][label]
            mark = "" if value is None else (" ok" if value <= goal else " MISS")
            cells.append(fmt(value, ".3f", "x") + mark)
        cells += [fmt(r["ratios"][label], ".3f", "x") for label in EXTRA_RATIOS]
        cells.append(same_as_pip(r))
        rows.append(cells)
    print_rows(head, rows)

    for r in results:
        for name, diff in r["diff_vs_pip"].items():
            if diff:
                print(f"\n[{r['set']}] {name} differs from pip in {len(diff)} package(s):")
                for line in diff:
                    print(f"  {line}")
        for name, error in r["errors"].items():
            print(f"\n[{r['set']}] {name} FAILED:\n{error}")


def stop_lock_servers(directory: Path) -> None:
    """End the lock servers started for this run (by pid: those whose runtime directory is ``directory``)."""
    marker = f"XDG_RUNTIME_DIR={directory}".encode()
    for proc in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"stackwise._lockserver" in cmdline and marker in environ.split(b"\0"):
            with contextlib.suppress(OSError):
                os.kill(int(proc.name), signal.SIGTERM)
    shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="requests,small,medium,large,tf",
                        help="comma-separated requirement sets from benchmarks/requirements "
                        "(default: requests,small,medium,large,tf)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool and set (default 5; at least 5 for the goals)")
    parser.add_argument("--venv", type=Path, default=HERE / ".venv",
                        help="benchmark virtual environment, created if missing (default: benchmarks/.venv)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every timing, pin and command as JSON")
    parser.add_argument("--upgrade", action="store_true", help="reinstall pip, uv and stackwise in an existing venv")
    parser.add_argument("--fresh-caches", action="store_true", help="delete the tools' caches first (the warm-up refills them)")
    parser.add_argument("--uv-hashes", action="store_true",
                        help="run uv with --generate-hashes (stackwise always writes hashes)")
    parser.add_argument("--starter-scores", action="store_true",
                        help="let stackwise load its starter knowledge (default: empty knowledge base, so pins must equal pip's)")
    parser.add_argument("--scores", action="append", default=[], metavar="FILE", help="score file passed to stackwise (repeatable)")
    parser.add_argument("--tools", type=lambda text: [t.strip() for t in text.split(",") if t.strip()], default=[],
                        help=f"comma-separated subset of the tools to run (default: all of {', '.join(TOOLS)})")
    args = parser.parse_args(argv)
    unknown = [t for t in args.tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    env = isolated_env()
    venv = args.venv.resolve()
    try:
        versions = ensure_venv(venv, env, args.upgrade)
    except ToolError as exc:
        print(f"benchmark setup failed: {exc}", file=sys.stderr)
        return 1
    caches = venv / "caches"
    # What installing stackwise does: byte-compile it. The editable install runs src/ as it
    # is, and with PYTHONDONTWRITEBYTECODE set every edited module was compiled on every run.
    subprocess.run([str(venv / "bin" / "python"), "-m", "compileall", "-q", str(REPO / "src")], check=False, env=env)
    if args.fresh_caches and caches.exists():
        shutil.rmtree(caches)
    caches.mkdir(parents=True, exist_ok=True)
    out = venv / "outputs"
    print(f"{versions['python']} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; "
          f"{versions['pip']}; {versions['uv']}; {versions['stackwise']}", flush=True)

    # The lock servers of this run listen in a private directory and are stopped at the end.
    args.server_dir = Path(tempfile.mkdtemp(prefix="swb"))
    try:
        results = [bench_set(name.strip(), venv, caches, out, env, args)
                   for name in args.sets.split(",") if name.strip()]
    finally:
        stop_lock_servers(args.server_dir)
    print_table(results, args.runs)
    if args.json:
        payload = {"versions": versions, "platform": platform.platform(), "cpus": os.cpu_count(),
                   "runs": args.runs, "goals": {k: v[2] for k, v in GOALS.items()}, "results": results}
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    failed = any(r["errors"] for r in results)
    differs = not (args.starter_scores or args.scores) and any(
        r["diff_vs_pip"].get(name) for r in results for name in STACKWISE_RUNS)
    return 1 if failed or differs else 0


if __name__ == "__main__":
    sys.exit(main())
