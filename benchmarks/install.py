#!/usr/bin/env python3
"""Install benchmark (issue #16): ``stackwise install`` against ``uv pip sync``, same lock, same run.

Usage::

    python benchmarks/install.py                          # every set, 5 rounds
    python benchmarks/install.py --sets pandas --rounds 7 --json results.json
    python benchmarks/install.py --wheels DIR              # where real wheels are taken from
    python benchmarks/install.py --modes warm --rounds 7   # warm caches only
    python benchmarks/install.py --baseline-src OLD/src    # and an older stackwise, same rounds

Every set is a hashed requirements.txt lock plus a local wheelhouse (``--find-links``), so
both tools install the same bytes offline, into a fresh ``venv --without-pip`` each time:

* ``synthetic``: 20 generated pure-Python packages, 22 modules and a console script each
  (the tests' wheel builder, always available);
* ``web16``: 16 real packages (flask, requests and their dependencies, six, dateutil,
  packaging, tzdata);
* ``pandas``: pandas, numpy and their dependencies (about 100 MB and 3,700 files unpacked).

Real wheels are taken from ``--wheels`` (default: stackwise's wheel cache in the user cache
directory): for each name the newest version whose wheel fits this interpreter. A set whose
wheels are missing there is skipped with a note.

Commands (each tool with its own cache directory in the work directory)::

    uv pip sync LOCK --offline --find-links WH --python VENV/bin/python --cache-dir UVC -q
    stackwise install LOCK --offline --find-links WH --target-venv VENV --cache-dir SWC -q

*warm*: the caches are kept between rounds (one untimed warm-up run first); *fresh*: each
tool's cache directory is deleted before every run. Within a round the tools run one after
another, the order reversed every round; the venvs are made beforehand and not timed.
Reported: medians, and the median of the paired per-round ratios stackwise / uv. Goal: warm
<= 1.5x. After the last warm run each venv is checked with ``pip list`` (the lock's exact
versions) and ``pip check``; a failure is printed and makes the exit status non-zero.

Isolation: no pip/uv/stackwise configuration (``PIP_CONFIG_FILE``/``STACKWISE_CONFIG_FILE``
are the null device, ``UV_NO_CONFIG=1``), no bytecode compilation by either tool (neither
compiles by default).
"""

from __future__ import annotations

# benchmarks/ holds a script named like the standard library's ``inspect``: drop this
# directory from the import path before anything imports ``dataclasses``.
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

REAL_SETS = {
    "web16": ["flask", "werkzeug", "jinja2", "markupsafe", "click", "itsdangerous", "blinker", "requests",
              "urllib3", "idna", "certifi", "charset-normalizer", "six", "python-dateutil", "packaging", "tzdata"],
    # numpy < 2: the pandas 2.1 wheels are built against numpy 1.x
    "pandas": ["pandas==2.1.1", "numpy<2", "python-dateutil", "pytz", "tzdata", "six"],
}
SETS = ("synthetic", *REAL_SETS)
TIMEOUT = 300


class BenchError(Exception):
    pass


def isolate_environment() -> dict[str, str]:
    """This process's environment without pip/uv/stackwise configuration (children inherit it)."""
    for key in list(os.environ):
        if key.startswith(("PIP_", "UV_", "STACKWISE_")) or key in ("PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV"):
            del os.environ[key]
    os.environ.update({"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                       "STACKWISE_CONFIG_FILE": os.devnull, "UV_NO_CONFIG": "1", "UV_NO_PROGRESS": "1",
                       # in-process: a fresh interpreter per run, its CPU the child's (the resident
                       # process is measured on its own: install_noop.py --served)
                       "STACKWISE_LOCK_SERVER": "0"})
    return dict(os.environ)


def find_uv() -> str | None:
    here = Path(sys.executable).parent / "uv"
    return shutil.which("uv") or (str(here) if here.is_file() and os.access(here, os.X_OK) else None)


def run(cmd: Sequence[Any], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(c) for c in cmd], env=env, capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-10:])
        raise BenchError(f"{what}: exit status {proc.returncode}: {' '.join(map(str, cmd))}\n{tail}")
    return proc


# -- sets ------------------------------------------------------------------------------------------


def synthetic_wheels(dest: Path) -> list[Path]:
    sys.path.insert(0, str(REPO / "tests"))
    from support.wheels import build_wheel

    out = []
    for i in range(20):
        name = f"bench-pkg{i:02d}"
        mod = f"bench_pkg{i:02d}"
        files = {f"{mod}/m{j:02d}.py": f"VALUE = {j}\n\ndef f(x):\n    return x * {j}\n" * 20 for j in range(22)}
        files[f"{mod}/cli.py"] = "def main():\n    print('hello')\n"
        files[f"bench_pkg{i:02d}-1.0.dist-info/entry_points.txt"] = f"[console_scripts]\nbench-{i:02d} = {mod}.cli:main\n"
        out.append(build_wheel(dest, name, "1.0", files=files))
    return out


def real_wheels(names: Sequence[str], source: Path, dest: Path) -> list[Path] | str:
    """The newest wheel fitting this interpreter for each requirement, linked into ``dest``; or why not."""
    from packaging.requirements import Requirement
    from packaging.tags import sys_tags
    from packaging.utils import canonicalize_name, parse_wheel_filename

    tags = set(sys_tags())
    found: dict[str, tuple[Any, Path]] = {}
    wanted = {canonicalize_name(Requirement(n).name): Requirement(n) for n in names}
    for path in source.glob("*/*/*.whl"):
        try:
            name, version, _b, wtags = parse_wheel_filename(path.name)
        except ValueError:
            continue
        req = wanted.get(name)
        if req is None or not (wtags & tags) or not req.specifier.contains(version, prereleases=False):
            continue
        if name not in found or version > found[name][0]:
            found[name] = (version, path)
    missing = sorted(set(wanted) - set(found))
    if missing:
        return f"no wheel for {', '.join(missing)} in {source}"
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for _v, path in found.values():
        target = dest / path.name
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
        out.append(target)
    return out


def write_lock(wheels: Sequence[Path], lock: Path) -> dict[str, str]:
    from packaging.utils import parse_wheel_filename

    pins: dict[str, str] = {}
    lines = []
    for w in sorted(wheels):
        name, version, _b, _t = parse_wheel_filename(w.name)
        pins[name] = str(version)
        lines.append(f"{name}=={version} --hash=sha256:{hashlib.sha256(w.read_bytes()).hexdigest()}")
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pins


# -- runs ------------------------------------------------------------------------------------------


def new_venv(path: Path, env: dict[str, str]) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    run([sys.executable, "-m", "venv", "--without-pip", path], env, "venv")
    return path


def commands(tool: str, lock: Path, wheelhouse: Path, venv: Path, cache: Path, uv: str | None) -> list[Any]:
    if tool == "uv":
        return [uv, "pip", "sync", lock, "--offline", "--find-links", wheelhouse, "--python", venv / "bin" / "python",
                "--cache-dir", cache, "-q"]
    return [sys.executable, "-m", "stackwise", "install", lock, "--offline", "--find-links", wheelhouse,
            "--target-venv", venv, "--cache-dir", cache, "-q"]


def timed(cmd: Sequence[Any], env: dict[str, str], what: str) -> float:
    t0 = time.perf_counter()
    run(cmd, env, what)
    return time.perf_counter() - t0


def check_venv(venv: Path, pins: dict[str, str], env: dict[str, str]) -> list[str]:
    """Problems with an installed venv: versions differing from the lock, ``pip check`` complaints."""
    from packaging.utils import canonicalize_name

    pip = [sys.executable, "-m", "pip", "--python", venv / "bin" / "python"]
    listed = json.loads(run([*pip, "list", "--format", "json"], env, "pip list").stdout)
    got = {canonicalize_name(d["name"]): d["version"] for d in listed}
    problems = [f"{n}: {got.get(n)} installed, {v} locked" for n, v in pins.items() if got.get(n) != v]
    proc = subprocess.run([str(c) for c in [*pip, "check"]], env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        problems.append("pip check: " + proc.stdout.strip().replace("\n", "; "))
    return problems


def bench_set(name: str, work: Path, args: argparse.Namespace, env: dict[str, str], uv: str) -> dict[str, Any]:
    wheelhouse = work / name / "wheelhouse"
    got = synthetic_wheels(wheelhouse) if name == "synthetic" else real_wheels(REAL_SETS[name], args.wheels, wheelhouse)
    if isinstance(got, str):
        return {"skipped": got}
    lock = work / name / "requirements.txt"
    pins = write_lock(got, lock)
    tools: tuple[str, ...] = ("stackwise", "uv") + (("baseline",) if args.baseline_src else ())
    envs = {t: env for t in tools}
    if args.baseline_src:  # another stackwise source tree, run the same way, in the same rounds
        envs["baseline"] = {**env, "PYTHONPATH": str(args.baseline_src.resolve())}
    caches = {t: work / name / f"cache-{t}" for t in tools}
    times: dict[str, dict[str, list[float]]] = {mode: {t: [] for t in tools} for mode in ("fresh", "warm")}
    problems: list[str] = []
    for mode in args.modes:
        for rnd in range(args.rounds + (1 if mode == "warm" else 0)):  # warm: one untimed warm-up first
            order = tools if rnd % 2 == 0 else tools[::-1]
            order = order[rnd // 2 % len(order):] + order[:rnd // 2 % len(order)]  # (three tools: each goes first)
            venvs = {t: new_venv(work / name / f"venv-{t}", env) for t in order}
            for t in order:
                if mode == "fresh":
                    shutil.rmtree(caches[t], ignore_errors=True)
                took = timed(commands(t, lock, wheelhouse, venvs[t], caches[t], uv), envs[t], f"{name} {mode} {t}")
                if mode == "fresh" or rnd > 0:
                    times[mode][t].append(took)
        if mode == "warm":
            for t in tools:
                problems += [f"{t}: {p}" for p in check_venv(work / name / f"venv-{t}", pins, env)]
    result: dict[str, Any] = {"packages": len(pins), "wheel_mb": round(sum(w.stat().st_size for w in got) / 1e6, 1),
                              "times": times, "problems": problems}
    for mode in args.modes:
        ratios = [s / u for s, u in zip(times[mode]["stackwise"], times[mode]["uv"], strict=True)]
        result[mode] = {"stackwise": statistics.median(times[mode]["stackwise"]),
                        "uv": statistics.median(times[mode]["uv"]), "ratio": statistics.median(ratios)}
        if "baseline" in tools:
            base = times[mode]["baseline"]
            result[mode].update(baseline=statistics.median(base),
                                baseline_ratio=statistics.median([b / u for b, u in zip(base, times[mode]["uv"], strict=True)]),
                                vs_baseline=statistics.median([s / b for s, b in zip(times[mode]["stackwise"], base, strict=True)]))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    from stackwise.index.layout import cache_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from {', '.join(SETS)}")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--modes", default="fresh,warm", help="comma-separated, from fresh, warm (warm alone is quicker)")
    parser.add_argument("--wheels", type=Path, default=Path(cache_dir(None)) / "wheels",
                        help="where real wheels are found (<dir>/*/*/<file>.whl, like stackwise's wheel cache)")
    parser.add_argument("--json", type=Path, help="write every timing here")
    parser.add_argument("--baseline-src", type=Path, metavar="DIR",
                        help="also time the stackwise of this source tree (its src/ directory, e.g. from 'git archive'), "
                        "in the same rounds: before/after figures under the same load")
    args = parser.parse_args(argv)
    args.modes = [m for m in args.modes.split(",") if m]
    if not args.modes or set(args.modes) - {"fresh", "warm"}:
        parser.error("--modes takes fresh and/or warm")
    if args.baseline_src and not (args.baseline_src / "stackwise" / "__init__.py").is_file():
        parser.error(f"--baseline-src {args.baseline_src} has no stackwise/__init__.py (pass the tree's src/ directory)")
    env = isolate_environment()
    # Byte-compiled as an install would (PYTHONDONTWRITEBYTECODE would otherwise make every
    # timed run compile the modules edited since the last compilation).
    for tree in [REPO / "src", *([args.baseline_src] if args.baseline_src else [])]:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree)], check=False, env=env)
    uv = find_uv()
    if uv is None:
        print("uv not found on PATH or next to this interpreter", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"uv": run([uv, "--version"], env, "uv").stdout.strip(), "rounds": args.rounds,
                               "loadavg_at_start": list(os.getloadavg()), "sets": {}}
    failed = False
    with tempfile.TemporaryDirectory(prefix="stackwise-install-bench-") as tmp:
        for name in args.sets.split(","):
            if name not in SETS:
                parser.error(f"unknown set {name!r}")
            try:
                res = bench_set(name, Path(tmp), args, env, uv)
            except BenchError as exc:
                print(f"{name}: {exc}", file=sys.stderr)
                failed = True
                continue
            results["sets"][name] = res
            if "skipped" in res:
                print(f"{name}: skipped ({res['skipped']})")
                continue
            for mode in args.modes:
                r = res[mode]
                print(f"{name:10} {res['packages']:3} pkgs {res['wheel_mb']:6.1f} MB  {mode:5}  "
                      f"stackwise {r['stackwise']:.3f}s  uv {r['uv']:.3f}s  ratio {r['ratio']:.2f}x"
                      + (f"  | baseline {r['baseline']:.3f}s  ratio {r['baseline_ratio']:.2f}x  "
                         f"stackwise/baseline {r['vs_baseline']:.2f}x" if "baseline" in r else ""))
            for p in res["problems"]:
                print(f"{name}: PROBLEM {p}")
                failed = True
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
