#!/usr/bin/env python3
"""Security benchmark: known vulnerabilities in pip's choice vs ``--recommendation security``.

Usage::

    python benchmarks/security.py [--advisories DIR] [--sets web,imaging,flask] [--venv DIR] [--json OUT]

For each ``benchmarks/requirements/security-<set>.txt`` the script locks twice:

* ``stackwise lock --no-default-scores``: no knowledge, so exactly pip's newest-first stack;
* ``stackwise lock --no-default-scores --recommendation security --scores ADVISORIES``,
  where ADVISORIES is the score file ``stackwise kb import-osv`` makes from the PyPA
  advisory database snapshot (default ``../shared/data/advisory-database``);

then audits both locks with the real ``pip-audit -r LOCK --disable-pip --no-deps`` and
prints the number of known vulnerabilities (and affected packages) in each, and the pins
that differ.

``--service`` picks pip-audit's vulnerability data: ``pypi`` or ``osv`` ask the public
services over the network (newer data than the snapshot: how much of today's known risk a
snapshot-driven lock avoids); ``snapshot`` points pip-audit's OSV client (``--osv-url``) at
a small OSV-query endpoint this script serves on 127.0.0.1 from the same advisory
snapshot (for machines that cannot reach those services); ``auto`` (default) tries
``pypi`` and falls back to ``snapshot`` when pip-audit could audit none of the pins.
Packages pip-audit could not audit are counted separately, never as "no vulnerabilities".

Everything runs in a benchmark virtual environment (default ``benchmarks/.venv/security``,
git-ignored) holding stackwise (editable, with PyYAML for the YAML advisories) and
pip-audit, isolated from the machine's pip configuration.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REQUIREMENTS = HERE / "requirements"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""
TIMEOUT = 1800  # seconds per command


def isolated_env() -> dict[str, str]:
    """No pip/stackwise configuration from the machine leaks into the runs."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "STACKWISE_")) and k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["STACKWISE_LOCK_SERVER"] = "0"  # in-process
    return env


def run(cmd: list[str], env: dict[str, str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if check and proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return proc


def ensure_venv(venv: Path, env: dict[str, str]) -> None:
    python = venv / BIN / f"python{EXE}"
    if not python.exists():
        print(f"creating benchmark venv {venv}", flush=True)
        run([sys.executable, "-m", "venv", str(venv)], env)
    if not (venv / BIN / f"pip-audit{EXE}").exists() or not (venv / BIN / f"stackwise{EXE}").exists():
        print("installing stackwise (editable), PyYAML and pip-audit into the venv", flush=True)
        run([str(python), "-m", "pip", "install", "-q", "-e", str(REPO), "pyyaml", "pip-audit"], env)


def import_advisories(venv: Path, advisories: Path, out: Path, env: dict[str, str]) -> str:
    """``stackwise kb import-osv``; through the command module if the CLI lacks ``kb``."""
    stackwise = str(venv / BIN / f"stackwise{EXE}")
    if run([stackwise, "kb", "--help"], env, check=False).returncode == 0:
        cmd = [stackwise, "kb", "import-osv", str(advisories), "-o", str(out)]
    else:
        driver = (
            "import argparse, sys\n"
            "from stackwise.commands.kb import register, run_kb\n"
            "p = argparse.ArgumentParser(prog='stackwise'); register(p.add_subparsers(dest='command'))\n"
            "sys.exit(run_kb(p.parse_args(sys.argv[1:])))\n"
        )
        cmd = [str(venv / BIN / f"python{EXE}"), "-c", driver, "kb", "import-osv", str(advisories), "-o", str(out)]
    proc = run(cmd, env)
    return proc.stderr.strip().splitlines()[-1]


def pins(lock: Path) -> dict[str, str]:
    out = {}
    for line in lock.read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", line)
        if m:
            out[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return out


# A local OSV query endpoint over the advisory snapshot (for --service snapshot) ----------


def _version(text: Any) -> Version | None:
    try:
        return Version(str(text))
    except InvalidVersion:
        return None


def _affects(affected: dict[str, Any], version: Version) -> bool:
    """OSV matching: the enumerated versions, or inside an ECOSYSTEM range (events sorted)."""
    if any(_version(v) == version for v in affected.get("versions") or []):
        return True
    for rng in affected.get("ranges") or []:
        if rng.get("type") != "ECOSYSTEM":
            continue
        events = []
        for event in rng.get("events") or []:
            for kind, value in event.items():
                v = Version("0") if kind == "introduced" and str(value) == "0" else _version(value)
                if v is not None and kind != "limit":
                    events.append((v, kind))
        inside = False
        for v, kind in sorted(events, key=lambda e: e[0]):
            if kind == "introduced" and v <= version:
                inside = True
            elif kind == "fixed" and v <= version or kind == "last_affected" and v < version:
                inside = False
        if inside:
            return True
    return False


def _for_pip_audit(record: dict[str, Any]) -> dict[str, Any]:
    """pip-audit parses every "fixed" with packaging: drop the few that are not PEP 440."""
    out = json.loads(json.dumps(record, default=str))
    for affected in out.get("affected") or []:
        for rng in affected.get("ranges") or []:
            rng["events"] = [e for e in rng.get("events") or []
                             if "fixed" not in e or _version(e["fixed"]) is not None]
    return out


class SnapshotOSV:
    """Answers pip-audit's ``POST /v1/query`` from the advisory files, on 127.0.0.1 only."""

    def __init__(self, advisories: Path, python: Path, env: dict[str, str]) -> None:
        # The YAML is read with the venv's PyYAML (this script runs on any interpreter).
        dump = run([str(python), "-c", (
            "import json, sys, pathlib, yaml\n"
            "out = []\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*')):\n"
            "    if p.suffix in ('.yaml', '.yml'): out.append(yaml.load(p.read_text(), Loader=yaml.BaseLoader))\n"
            "    elif p.suffix == '.json': out.append(json.loads(p.read_text()))\n"
            "json.dump(out, sys.stdout, default=str)\n"), str(advisories)], env)
        self.by_name: dict[str, list[dict[str, Any]]] = {}
        for record in json.loads(dump.stdout):
            if not isinstance(record, dict) or record.get("withdrawn"):
                continue
            for affected in record.get("affected") or []:
                pkg = affected.get("package") or {}
                if pkg.get("ecosystem") == "PyPI" and isinstance(pkg.get("name"), str):
                    name = re.sub(r"[-_.]+", "-", pkg["name"]).lower()
                    self.by_name.setdefault(name, []).append(record)
        self.queries = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server naming
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                owner.queries += 1
                name = re.sub(r"[-_.]+", "-", str(body.get("package", {}).get("name", ""))).lower()
                version = _version(body.get("version"))
                vulns = []
                for record in owner.by_name.get(name, []) if version is not None else []:
                    hits = [a for a in record.get("affected") or []
                            if re.sub(r"[-_.]+", "-", str((a.get("package") or {}).get("name", ""))).lower() == name
                            and _affects(a, version)]
                    if hits and record not in vulns:
                        vulns.append(record)
                data = json.dumps({"vulns": [_for_pip_audit(v) for v in vulns]} if vulns else {}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SnapshotOSV:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def audit(venv: Path, lock: Path, env: dict[str, str], service: list[str]) -> dict[str, Any]:
    """Run pip-audit on a lock: vulnerability ids per package, and what it could not audit."""
    proc = run([str(venv / BIN / f"pip-audit{EXE}"), "-r", str(lock), "--disable-pip", "--no-deps",
                "--progress-spinner", "off", "-f", "json", "--cache-dir", str(lock.parent / "audit-cache"),
                *service], env, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"pip-audit failed on {lock} ({proc.returncode}):\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout)
    deps = data["dependencies"] if isinstance(data, dict) else data
    found = {d["name"]: [v["id"] for v in d.get("vulns", [])] for d in deps if d.get("vulns")}
    skipped = sorted(d["name"] for d in deps if d.get("skip_reason"))
    return {"vulnerabilities": sum(len(v) for v in found.values()), "packages": found, "unaudited": skipped}


def bench_set(name: str, venv: Path, scores: Path, outdir: Path, env: dict[str, str],
              service: list[str]) -> dict[str, Any]:
    req = REQUIREMENTS / f"security-{name}.txt"
    stackwise = str(venv / BIN / f"stackwise{EXE}")
    caches = outdir / "cache"
    modes = {
        "pip-order": ["--no-default-scores"],
        "security": ["--no-default-scores", "--recommendation", "security", "--scores", str(scores)],
    }
    result: dict[str, Any] = {"set": name}
    for mode, extra in modes.items():
        lock = outdir / f"security-{name}.{mode}.txt"
        started = time.perf_counter()
        proc = run([stackwise, "lock", "-r", str(req), "-o", str(lock), "-q", "--cache-dir", str(caches), *extra],
                   env, check=False)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            result[mode] = {"error": proc.stderr.strip()[-2000:], "seconds": seconds}
            continue
        result[mode] = {"seconds": round(seconds, 2), "pins": pins(lock), "lock": str(lock),
                        **audit(venv, lock, env, service)}
    return result


def run_sets(names: list[str], args: argparse.Namespace, scores: Path, outdir: Path, env: dict[str, str],
             service: list[str]) -> list[dict[str, Any]]:
    results = []
    for name in names:
        print(f"\n== security-{name}.txt", flush=True)
        res = bench_set(name, args.venv, scores, outdir, env, service)
        results.append(res)
        for mode in ("pip-order", "security"):
            r = res[mode]
            if "error" in r:
                last = r["error"].splitlines()[-1] if r["error"] else "?"
                print(f"  {mode:9}: no lock: {last}")
                continue
            affected = ", ".join(f"{p} ({len(v)})" for p, v in sorted(r["packages"].items())) or "none"
            unaudited = f"; NOT audited: {', '.join(r['unaudited'])}" if r["unaudited"] else ""
            print(f"  {mode:9}: {r['vulnerabilities']:3} known vulnerabilities in {len(r['packages'])} of "
                  f"{len(r['pins'])} packages [{affected}]{unaudited}  (lock {r['seconds']} s)")
        if "pins" in res["pip-order"] and "pins" in res["security"]:
            a, b = res["pip-order"]["pins"], res["security"]["pins"]
            diff = [f"{n} {a.get(n, '-')} -> {b.get(n, '-')}" for n in sorted(set(a) | set(b)) if a.get(n) != b.get(n)]
            print(f"  pins changed by security mode: {', '.join(diff) or 'none'}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--advisories", type=Path, default=REPO.parent / "shared" / "data" / "advisory-database",
                        help="OSV advisories to import (default: the shared PyPA advisory database snapshot)")
    parser.add_argument("--sets", default=",".join(sorted(p.stem.removeprefix("security-")
                                                          for p in REQUIREMENTS.glob("security-*.txt"))),
                        help="comma-separated set names (benchmarks/requirements/security-NAME.txt)")
    parser.add_argument("--venv", type=Path, default=HERE / ".venv" / "security",
                        help="benchmark virtual environment (default: benchmarks/.venv/security)")
    parser.add_argument("--service", choices=["auto", "pypi", "osv", "snapshot"], default="auto",
                        help="pip-audit's vulnerability data (default auto: pypi, else the local snapshot endpoint)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not args.advisories.is_dir():
        sys.exit(f"advisories not found at {args.advisories}; pass --advisories DIR")
    env = isolated_env()
    ensure_venv(args.venv, env)
    outdir = args.venv.parent / "outputs-security"
    outdir.mkdir(parents=True, exist_ok=True)
    scores = outdir / "advisories.json"
    report = import_advisories(args.venv, args.advisories, scores, env)
    print(f"advisory import: {report}", flush=True)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    service = args.service
    if service == "auto":
        probe = bench_set(names[0], args.venv, scores, outdir, env, [])
        r = probe["pip-order"]
        service = "snapshot" if "pins" in r and len(r["unaudited"]) == len(r["pins"]) else "pypi"
        if service == "snapshot":
            print("pip-audit could audit none of the pins with the PyPI service from here (no access to "
                  "its JSON API); auditing against the advisory snapshot through a local OSV endpoint.")
    if service == "snapshot":
        with SnapshotOSV(args.advisories, args.venv / BIN / f"python{EXE}", env) as osv:
            results = run_sets(names, args, scores, outdir, env, ["-s", "osv", "--osv-url", osv.url])
            print(f"(local OSV endpoint answered {osv.queries} queries)")
    else:
        results = run_sets(names, args, scores, outdir, env, ["-s", service])
    total = {m: sum(r[m].get("vulnerabilities", 0) for r in results) for m in ("pip-order", "security")}
    print(f"\nTOTAL known vulnerabilities: pip-order {total['pip-order']}, security {total['security']}")
    if args.json:
        args.json.write_text(json.dumps({"import": report, "service": service, "sets": results, "total": total},
                                        indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
