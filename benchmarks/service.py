#!/usr/bin/env python3
"""Score-service benchmark: server throughput/latency and client cold vs warm cache.

Usage::

    PYTHONPATH=src python benchmarks/service.py [--rules 100000] [--seconds 5] [--clients 2]
        [--databases sqlite,postgresql] [--postgres URL] [--json OUT]
        [--wrk [--connections 16,64] [--workers N]] [--verified]

``--wrk`` replaces the Python load processes by wrk (one thread; Debian: ``apt-get install
wrk``) driving ``stackwise serve`` at each of ``--connections``: random GETs, and
``POST /v1/query`` with 200 names (a small Lua script), reporting req/s, p50/p99, the
server's peak RSS (all its processes) and the load average beside each run, against the
goals of docs/benchmarks.md. ``--verified`` compares an online client's unsigned
per-package answers with the TUF-verified snapshot (docs/service.md).

Server: a knowledge base of ``--rules`` rules (about 5 per package, one in ten a pair
rule) is stored in SQLite and/or PostgreSQL (``--postgres URL``, else a throwaway
cluster from Debian's ``/usr/lib/postgresql/*/bin``, started as the ``postgres`` user when
run as root). ``stackwise``'s service runs in its own process (uvicorn, one worker) on
127.0.0.1; ``--clients`` load processes, each one keep-alive connection in a closed loop,
send for ``--seconds`` per scenario (after a one-second warm-up):

* ``GET /v1/packages/{name}`` -> 200 (random known package),
* ``GET /v1/packages/{name}`` with If-None-Match -> 304,
* ``POST /v1/query`` for 50 random packages.

Reported: requests/s, p50 and p99 latency, against the goal of >= 1,000 req/s and
p99 <= 20 ms on 2 cores. Client: getting the scores of a 200-package resolution
(``resolve_score_sources`` + ``for_package`` of every name) with a cold cache (one POST),
a warm cache (no network), and, for comparison, cold without prefetch (one query per name).
All traffic stays on loopback; every loop is bounded by time and count.
"""

from __future__ import annotations

import argparse
import glob
import http.client
import json
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

MAX_REQUESTS_PER_CLIENT = 2_000_000


def make_rules(n: int, seed: int = 7) -> tuple[list[dict[str, Any]], list[str]]:
    rng = random.Random(seed)
    packages = [f"pkg-{i:05d}" for i in range(max(1, n // 5))]
    cats = ("stability", "security", "performance", "maintenance")
    rules = []
    for i in range(n):
        name = packages[i % len(packages)]
        r: dict[str, Any] = {"id": f"bench/{i}", "package": name, "specifier": f">={i % 7}.{i % 3},<{i % 7 + 1}",
                             "category": cats[i % 4], "message": f"benchmark rule {i} about {name}",
                             "link": f"https://example.org/bench/{i}", "source": "benchmarks/service.py"}
        if i % 10 == 0:
            other = rng.choice(packages)
            if other != name:
                r["with"] = {"package": other, "specifier": ">=1"}
        if i % 50 == 0:
            r["veto"] = True
        else:
            r["score"] = round(rng.uniform(-1, 1), 3)
        rules.append(r)
    return rules, packages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_postgres() -> tuple[str, Any]:
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        raise SystemExit("no PostgreSQL binaries; give --postgres URL or install Debian's postgresql")
    bindir = Path(bins[-1]).parent
    tmp = Path(tempfile.mkdtemp(prefix="stackwise-bench-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        prefix = ["runuser", "-u", "postgres", "--"]
        shutil.chown(tmp, "postgres")
    port = free_port()
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(tmp / "data"), "-A", "trust", "-U", "stackwise",
                    "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
    opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c shared_buffers=256MB"
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(tmp / "data"), "-l", str(tmp / "log"), "-o", opts,
                    "-w", "start"], check=True, capture_output=True)

    def stop() -> None:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(tmp / "data"), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)

    import psycopg

    with psycopg.connect(f"postgresql://stackwise@127.0.0.1:{port}/postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE bench")
    return f"postgresql://stackwise@127.0.0.1:{port}/bench", stop


def load_kb(url: str, rules: list[dict[str, Any]]) -> float:
    from stackwise.knowledge.scorefile import parse_document
    from stackwise.server.storage import open_storage

    kb = parse_document({"format": "stackwise-scores", "version": 1, "rules": rules}, "benchmark rules")
    storage = open_storage(url)
    started = time.perf_counter()
    for start in range(0, len(kb.rules), 20_000):
        storage.put_rules(kb.rules[start:start + 20_000])
    storage.close()
    return time.perf_counter() - started


def _healthy(proc: subprocess.Popen[bytes], port: int, *, seconds: float, pause: float) -> subprocess.Popen[bytes]:
    """``proc`` once its /healthz answers 200 on ``port``; killed, and the run ended, if it does not within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(pause)
    proc.kill()
    raise SystemExit("the service did not start")


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    code = ("import sys; from stackwise.server.storage import open_storage; "
            "from stackwise.server.runner import serve_forever; "
            f"serve_forever(open_storage({url!r}), '127.0.0.1', {port})")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.DEVNULL)
    return _healthy(proc, port, seconds=30, pause=0.1)


def _client(port: int, scenario: str, packages: list[str], etags: dict[str, str], seconds: float,
            seed: int, out: Any) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    end_warm = time.perf_counter() + 1.0
    end = end_warm + seconds
    count = 0
    while count < MAX_REQUESTS_PER_CLIENT:
        now = time.perf_counter()
        if now >= end:
            break
        if scenario == "query":
            body = json.dumps({"packages": rng.sample(packages, 50)})
            t0 = time.perf_counter()
            conn.request("POST", "/v1/query", body=body, headers={"Content-Type": "application/json"})
        else:
            name = rng.choice(packages)
            headers = {"If-None-Match": etags[name]} if scenario == "get304" else {}
            t0 = time.perf_counter()
            conn.request("GET", f"/v1/packages/{name}", headers=headers)
        resp = conn.getresponse()
        resp.read()
        t1 = time.perf_counter()
        if t0 >= end_warm:
            latencies.append(t1 - t0)
            statuses[resp.status] = statuses.get(resp.status, 0) + 1
        count += 1
    conn.close()
    out.put((latencies, statuses))


def run_scenario(port: int, scenario: str, packages: list[str], etags: dict[str, str], seconds: float,
                 clients: int) -> dict[str, Any]:
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    procs = [ctx.Process(target=_client, args=(port, scenario, packages, etags, seconds, i, q)) for i in range(clients)]
    for p in procs:
        p.start()
    results = [q.get(timeout=seconds + 60) for _ in procs]
    for p in procs:
        p.join()
    lat = sorted(x for r, _ in results for x in r)
    statuses: dict[int, int] = {}
    for _, s in results:
        for k, v in s.items():
            statuses[k] = statuses.get(k, 0) + v
    return {"scenario": scenario, "requests": len(lat), "rps": len(lat) / seconds,
            "p50_ms": statistics.median(lat) * 1000, "p99_ms": lat[int(len(lat) * 0.99) - 1] * 1000,
            "statuses": statuses}


def bench_server(kind: str, url: str, rules: list[dict[str, Any]], packages: list[str], seconds: float,
                 clients: int) -> dict[str, Any]:
    load_s = load_kb(url, rules)
    port = free_port()
    proc = start_server(url, port)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        etags = {}
        for start in range(0, len(packages), 1000):
            conn.request("POST", "/v1/query", body=json.dumps({"packages": packages[start:start + 1000]}),
                         headers={"Content-Type": "application/json"})
            data = json.loads(conn.getresponse().read())
            etags.update({n: v["etag"] for n, v in data["packages"].items()})
        conn.request("GET", "/v1/snapshot", headers={"Accept-Encoding": "gzip"})
        t0 = time.perf_counter()
        snap = conn.getresponse().read()
        snapshot_s = time.perf_counter() - t0
        conn.close()
        out = {"database": kind, "rules": len(rules), "packages": len(packages), "load_seconds": round(load_s, 2),
               "snapshot_first_seconds": round(snapshot_s, 2), "snapshot_gzip_bytes": len(snap), "scenarios": []}
        for scenario in ("get200", "get304", "query"):
            out["scenarios"].append(run_scenario(port, scenario, packages, etags, seconds, clients))
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# -- wrk: an established load generator ---------------------------------------------------------

GET_LUA = """
local n = tonumber(os.getenv("BENCH_PACKAGES"))
math.randomseed(7)
request = function()
  return wrk.format("GET", string.format("/v1/packages/pkg-%05d", math.random(0, n - 1)))
end
"""

# 64 different bodies of 200 random names, cycled (the names differ per body; the server
# caches per package and revision, never whole answers).
QUERY_LUA = """
local n = tonumber(os.getenv("BENCH_PACKAGES"))
local size = tonumber(os.getenv("BENCH_QUERY_NAMES"))
math.randomseed(11)
local bodies = {}
for b = 1, 64 do
  local picked = {}
  for j = 1, size do picked[#picked + 1] = string.format('"pkg-%05d"', math.random(0, n - 1)) end
  bodies[b] = '{"packages":[' .. table.concat(picked, ",") .. ']}'
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/v1/query", {["Content-Type"] = "application/json"}, bodies[(i % #bodies) + 1])
end
"""


def start_cli_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """``stackwise serve`` as an operator starts it (uvicorn[standard], ``workers`` processes).

    The per-client cost budget is off (``--client-rate 0``): all load comes from one
    loopback address, which the budget exists to throttle."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "STACKWISE_CONFIG_FILE": os.devnull}
    proc = subprocess.Popen([sys.executable, "-m", "stackwise", "serve", "--database", url, "--port", str(port),
                             "--workers", str(workers), "--client-rate", "0"],
                            env=env, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return _healthy(proc, port, seconds=60, pause=0.2)


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (uvicorn's supervisor and its workers)."""
    children: dict[int, list[int]] = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class RssSampler:
    """The server's resident memory every 0.2 s while a scenario runs: the peak is reported."""

    def __init__(self, pid: int) -> None:
        import threading

        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join(timeout=5)
        return self.peak


def _ms(text: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def run_wrk(port: int, script: Path, connections: int, seconds: float, env: dict[str, str]) -> dict[str, Any]:
    """One wrk run (1 thread: the machine's cores are the server's); parsed figures."""
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "-s", str(script),
           f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True, timeout=seconds + 60).stdout
    res: dict[str, Any] = {"connections": connections, "errors": 0, "non_2xx_3xx": 0}
    in_dist = False
    for line in out.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            res["rps"] = float(words[1])
        elif "Latency Distribution" in line:
            in_dist = True
        elif in_dist and len(words) == 2 and words[0].endswith("%"):
            res[f"p{words[0][:-1]}_ms"] = _ms(words[1])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            res["non_2xx_3xx"] = int(words[-1])
        elif line.strip().startswith("Socket errors:"):
            res["errors"] = sum(int(w.rstrip(",")) for w in words[2:] if w.rstrip(",").isdigit())
        elif "requests in" in line:
            res["requests"] = int(words[0])
    if "rps" not in res:
        raise SystemExit(f"wrk gave no figures:\n{out}")
    return res


GOALS = {"get": (5000, 20.0), "query200": (1000, 50.0)}
MEMORY_GOAL = 300 * 1024 * 1024


def bench_wrk(kind: str, url: str, rules: list[dict[str, Any]], packages: list[str], seconds: float,
              workers: int, connections: tuple[int, ...]) -> dict[str, Any]:
    """GET /v1/packages/{name} and POST /v1/query (200 names) under wrk, with the server's peak RSS."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    load_kb(url, rules)
    port = free_port()
    proc = start_cli_server(url, port, workers)
    tmp = Path(tempfile.mkdtemp(prefix="stackwise-bench-wrk-"))
    try:
        (tmp / "get.lua").write_text(GET_LUA)
        (tmp / "query.lua").write_text(QUERY_LUA)
        env = {"BENCH_PACKAGES": str(len(packages)), "BENCH_QUERY_NAMES": "200"}
        # Steady state: every package asked once per worker (each keeps its own caches), on
        # fresh connections so the kernel spreads them over the workers.
        for _ in range(8 * workers):
            for start in range(0, len(packages), 1000):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("POST", "/v1/query", body=json.dumps({"packages": packages[start:start + 1000]}),
                             headers={"Content-Type": "application/json"})
                conn.getresponse().read()
                conn.close()
        out: dict[str, Any] = {"database": kind, "rules": len(rules), "packages": len(packages), "workers": workers,
                               "runs": []}
        for scenario, script in (("get", tmp / "get.lua"), ("query200", tmp / "query.lua")):
            run_wrk(port, script, 16, 2, env)  # warm-up: every worker's document cache and pool
            for c in connections:
                sampler = RssSampler(proc.pid)
                load_before = os.getloadavg()[0]
                res = run_wrk(port, script, c, seconds, env)
                res.update(scenario=scenario, rss_peak_mb=round(sampler.stop() / 2**20, 1),
                           load_before=round(load_before, 2), load_after=round(os.getloadavg()[0], 2))
                out["runs"].append(res)
                print(f"  {kind} {scenario} c={c}: {res['rps']:.0f} req/s, p50 {res.get('p50_ms', 0):.2f} ms, "
                      f"p99 {res.get('p99_ms', 0):.2f} ms, RSS {res['rss_peak_mb']} MB, load "
                      f"{res['load_before']}->{res['load_after']}, non-2xx {res['non_2xx_3xx']}", flush=True)
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


def bench_verified(rules: list[dict[str, Any]], packages: list[str]) -> dict[str, Any]:
    """The two designs for an online client with a trust root, for a 200-package resolution.

    Per-package answers (``POST /v1/query``, unsigned) against the TUF-verified snapshot
    (ngclient, then the verified score file read like any large score file): first run,
    a refresh when nothing changed (timestamp only), a run within the TTL (no socket), and
    a refresh after one write (a new snapshot)."""
    import dataclasses

    from stackwise.config import Settings
    from stackwise.knowledge.scorefile import parse_document
    from stackwise.knowledge.service import resolve_score_sources
    from stackwise.options import ScoreOptions
    from stackwise.server.app import ServiceSettings
    from stackwise.server.runner import ServerThread
    from stackwise.server.signing import init_keys
    from stackwise.server.storage import open_storage

    tmp = Path(tempfile.mkdtemp(prefix="stackwise-bench-verified-"))
    try:
        url = "sqlite://" + str(tmp / "kb.sqlite3")
        load_kb(url, rules)
        storage = open_storage(url)
        init_keys(storage, tmp / "keys")
        names = random.Random(3).sample(packages, 200)
        out: dict[str, Any] = {}
        with ServerThread(storage, settings=ServiceSettings(tuf_keys=str(tmp / "keys"))) as server:
            plain = Settings()
            signed = dataclasses.replace(plain, trust_root=str(tmp / "keys" / "root.json"))

            def run(label: str, settings: Any, cache: str, ttl: float) -> None:
                options = ScoreOptions(scores=(server.url,), no_default_scores=True, scores_ttl=ttl,
                                       cache_dir=str(tmp / cache))
                t0 = time.perf_counter()
                kb = resolve_score_sources(options, names, settings=settings, warn=print)
                n = sum(len(kb.for_package(x)) for x in names)
                out[label] = {"ms": round((time.perf_counter() - t0) * 1000, 1), "rules": n}

            run("per-package query, cold (unsigned)", plain, "q", 3600)
            run("per-package query, warm within TTL (unsigned)", plain, "q", 3600)
            run("per-package query, TTL passed: revalidate (unsigned)", plain, "q", 0)
            run("verified snapshot, first run (download, verify, index)", signed, "v", 3600)
            run("verified snapshot, within TTL (no socket)", signed, "v", 3600)
            run("verified snapshot, TTL passed, KB unchanged (timestamp only)", signed, "v", 0)
            extra = parse_document({"format": "stackwise-scores", "version": 1, "rules": [
                {**rules[0], "id": "bench/extra", "package": names[0]}]}, "one more rule")
            storage.put_rules(extra.rules)
            run("verified snapshot, TTL passed, after one write (new snapshot)", signed, "v", 0)
        storage.close()
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_client(rules: list[dict[str, Any]], packages: list[str]) -> dict[str, Any]:
    """200-package resolution: cold cache (one POST), warm cache, and cold without prefetch."""
    from stackwise.knowledge.service import resolve_score_sources

    tmp = Path(tempfile.mkdtemp(prefix="stackwise-bench-client-"))
    os.environ["STACKWISE_CONFIG_FILE"] = os.devnull
    port = free_port()
    proc = None
    try:
        url = "sqlite://" + str(tmp / "kb.sqlite3")
        load_kb(url, rules)
        proc = start_server(url, port)  # its own process, as in real use
        service = f"http://127.0.0.1:{port}"
        names = random.Random(3).sample(packages, 200)
        out: dict[str, Any] = {}

        def run(label: str, cache: Path, prefetch: bool) -> None:
            args = argparse.Namespace(scores=[service], no_default_scores=True, offline=False,
                                      cache_dir=str(cache), scores_ttl=None, require_scores=False)
            t0 = time.perf_counter()
            kb = resolve_score_sources(args, names if prefetch else ())
            n = sum(len(kb.for_package(x)) for x in names)
            out[label] = {"ms": round((time.perf_counter() - t0) * 1000, 1), "rules": n,
                          "requests": kb.remotes[0].client.requests_made}
            kb.close()

        run("cold (prefetch: one POST /v1/query)", tmp / "c1", True)
        run("warm (cache within TTL, no network)", tmp / "c1", True)
        run("cold without prefetch (one query per name)", tmp / "c2", False)
        return out
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rules", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--clients", type=int, default=2)
    ap.add_argument("--databases", default="sqlite,postgresql")
    ap.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database (default: a throwaway cluster)")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--client-only", action="store_true", help="only the client benchmark")
    ap.add_argument("--wrk", action="store_true", help="load the server with wrk (1 thread) instead of the "
                    "Python client processes, at --connections, against the goals of docs/benchmarks.md")
    ap.add_argument("--connections", default="16,64", help="wrk connections per run (default 16,64)")
    ap.add_argument("--workers", type=int, default=0,
                    help="server worker processes with --wrk (default: what `stackwise serve` picks)")
    ap.add_argument("--verified", action="store_true",
                    help="only the online-client comparison: unsigned per-package answers vs the verified snapshot")
    args = ap.parse_args()
    if args.verified:
        rules, packages = make_rules(args.rules)
        print(f"online client with a trust root, {len(rules)} rules, 200-package resolution:")
        for label, r in bench_verified(rules, packages).items():
            print(f"  {label}: {r['ms']} ms, {r['rules']} rules")
        return 0
    rules, packages = make_rules(args.rules)
    print(f"knowledge base: {len(rules)} rules over {len(packages)} packages; {os.cpu_count()} CPU(s); "
          f"{args.clients} client process(es) x {args.seconds:g} s per scenario", flush=True)
    results: dict[str, Any] = {"servers": [], "client": None}
    kinds = [] if args.client_only else [d.strip() for d in args.databases.split(",") if d.strip()]
    for kind in kinds:
        stop = None
        tmp = Path(tempfile.mkdtemp(prefix="stackwise-bench-"))
        try:
            if kind == "sqlite":
                url = "sqlite://" + str(tmp / "kb.sqlite3")
            else:
                url = args.postgres or ""
                if not url:
                    url, stop = start_postgres()
            if args.wrk:
                workers = args.workers or min(2 if kind == "sqlite" else 4, os.cpu_count() or 1)  # as `stackwise serve` picks
                res = bench_wrk(kind, url, rules, packages, args.seconds, workers,
                                tuple(int(c) for c in args.connections.split(",")))
                results["servers"].append(res)
                continue
            res = bench_server(kind, url, rules, packages, args.seconds, args.clients)
        finally:
            if stop is not None:
                stop()
            shutil.rmtree(tmp, ignore_errors=True)
        results["servers"].append(res)
        print(f"\n{kind}: stored in {res['load_seconds']} s; first snapshot {res['snapshot_first_seconds']} s "
              f"({res['snapshot_gzip_bytes'] / 1e6:.1f} MB gzip)")
        print("| scenario | req/s | p50 ms | p99 ms | goal (>=1000 req/s, p99<=20 ms) | statuses |")
        print("|---|---:|---:|---:|---|---|")
        for s in res["scenarios"]:
            ok = "met" if s["rps"] >= 1000 and s["p99_ms"] <= 20 else "MISSED"
            print(f"| {s['scenario']} | {s['rps']:.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | {ok} | {s['statuses']} |",
                  flush=True)
    if args.wrk:
        print("\n| database | workers | request | connections | req/s | p50 ms | p99 ms | server RSS peak | "
              "load avg (1 min) before/after | goal |")
        print("|---|---:|---|---:|---:|---:|---:|---:|---|---|")
        for res in results["servers"]:
            for r in res["runs"]:
                rps_goal, p99_goal = GOALS[r["scenario"]]
                ok = (r["rps"] >= rps_goal and r.get("p99_ms", 1e9) <= p99_goal and r["rss_peak_mb"] * 2**20 < MEMORY_GOAL
                      and not r["non_2xx_3xx"] and not r["errors"])
                what = "GET /v1/packages/{name}" if r["scenario"] == "get" else "POST /v1/query, 200 names"
                print(f"| {res['database']} | {res['workers']} | {what} | {r['connections']} | {r['rps']:,.0f} | "
                      f"{r.get('p50_ms', 0):.2f} | {r.get('p99_ms', 0):.2f} | {r['rss_peak_mb']:.0f} MB | "
                      f"{r['load_before']} / {r['load_after']} | {'met' if ok else 'MISSED'} |")
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
        return 0
    results["client"] = bench_client(rules, packages)
    print("\nclient, scores for a 200-package resolution:")
    for label, r in results["client"].items():
        print(f"  {label}: {r['ms']} ms, {r['requests']} request(s), {r['rules']} rules")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
