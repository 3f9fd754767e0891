"""Client limits against hostile score services: each behaviour served by a real HTTP server
on 127.0.0.1 (a trickle, a 1 GiB answer, 10^6 rules, garbage, terminal escapes), and the
client run as ``stackwise lock`` in its own process, timed and measured (peak RSS).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from stackwise._text import one_line, safe
from stackwise.knowledge.cache import ScoreCache
from stackwise.knowledge.scorefile import parse_document
from stackwise.knowledge.service import RemoteScores, ScoreServiceClient, ServiceUnavailable
from test_service import SRC, doc, free_port, rule

GIB = 1024 ** 3


def _rule_bytes(i: int, name: str) -> bytes:
    return json.dumps(rule(f"r{i}", name, spec=f"=={i}")).encode()


class HostileServer:
    """A real HTTP server answering ``POST /v1/query`` in one hostile way; counts requests."""

    def __init__(self, mode: str, *, rules: int = 0, message: str = "") -> None:
        self.mode = mode
        self.rules = rules
        self.message = message
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # the JSON project API's documents
                outer.hits += 1
                with contextlib.suppress(OSError):
                    outer.answer(self, [])

            def do_POST(self) -> None:
                outer.hits += 1
                asked = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                with contextlib.suppress(OSError):  # the client hung up: that is the point
                    outer.answer(self, asked["packages"])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, h: BaseHTTPRequestHandler, names: list[str]) -> None:
        w = h.wfile
        if self.mode == "trickle-headers":  # a status line, then one header byte every 0.3 s
            w.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while True:
                w.write(b"a")
                w.flush()
                time.sleep(0.3)
        if self.mode == "trickle-body":
            w.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
            while True:
                w.write(b" ")
                w.flush()
                time.sleep(0.3)
        if self.mode in ("huge", "huge-chunked"):  # 1 GiB of JSON whitespace, as fast as it goes
            head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            head += f"Content-Length: {GIB}\r\n\r\n" if self.mode == "huge" else "Connection: close\r\n\r\n"
            h.close_connection = True
            w.write(head.encode())
            block = b" " * (1 << 20)
            for _ in range(1024):
                w.write(block)
            return
        if self.mode == "garbage":
            body = random.Random(1).randbytes(200_000)
        elif self.mode == "many-rules":  # every asked package gets self.rules rules, streamed
            self._many_rules(h, names)
            return
        else:  # "escape": a valid answer whose rule message carries terminal escapes
            message = self.message
            packages = {}
            for n in names:
                r = rule(f"evil-{n}", n, score=-1.0, spec="==2.0")  # pip's pick of simplelib: a decision line
                r["message"] = message
                r["link"] = "https://example.org/\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07"
                packages[n] = {"etag": f'"{n}"', "document": doc(r)}
            body = json.dumps({"format": "stackwise-query", "version": 1, "revision": "1", "rule_count": 1,
                               "packages": packages}).encode()
        w.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)

    def _many_rules(self, h: BaseHTTPRequestHandler, names: list[str]) -> None:
        """``self.rules`` rules for every asked package, streamed as they are made (no
        Content-Length: the client must stop on its own)."""
        h.close_connection = True  # the end of the answer is the end of the connection
        w = h.wfile
        w.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
        w.write(b'{"format": "stackwise-query", "version": 1, "packages": {')
        for k, name in enumerate(names):
            w.write((b"," if k else b"") + json.dumps(name).encode()
                    + b': {"etag": "\\"x\\"", "document": {"format": "stackwise-scores", "version": 1, "rules": [')
            batch = []
            for i in range(self.rules):
                batch.append((b"," if i else b"") + _rule_bytes(i, name))
                if len(batch) == 2000:
                    w.write(b"".join(batch))
                    batch = []
            w.write(b"".join(batch) + b"]}}")
        w.write(b"}}")

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hostile(request: pytest.FixtureRequest) -> Any:
    servers: list[HostileServer] = []

    def start(mode: str, **kw: Any) -> HostileServer:
        server = HostileServer(mode, **kw)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


# -- the client alone ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["trickle-headers", "trickle-body"])
def test_a_trickling_service_is_cut_at_the_call_deadline(hostile: Any, mode: str) -> None:
    server = hostile(mode)
    client = ScoreServiceClient(server.url, read_timeout=10.0, retries=2, deadline=1.5)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable, match=r"no complete answer within the 1\.5 s deadline"):
        client.query(["simplelib"])
    elapsed = time.monotonic() - started
    # The read timeout (10 s) never trips: one byte comes every 0.3 s. The slack above the 1.5 s
    # deadline is for a loaded machine; a deadline not kept would take 10 s or more.
    assert 1.4 < elapsed < 4.0
    assert server.hits == 1  # retries happen inside the deadline, not after it
    # The client is usable again for the next call (a fresh deadline, a fresh connection).
    with pytest.raises(ServiceUnavailable, match="deadline"):
        client.query(["simplelib"])
    client.close()


@pytest.mark.parametrize("mode", ["huge", "huge-chunked"])
def test_an_answer_over_the_size_cap_is_not_read(hostile: Any, mode: str) -> None:
    server = hostile(mode)
    client = ScoreServiceClient(server.url, max_bytes=1 << 20, deadline=20)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as err:
        client.query(["simplelib"])
    text = err.value.reason
    if mode == "huge":  # refused from its Content-Length, before reading the body
        assert "the answer is 1.0 GiB, over the 1.0 MiB limit (scores-max-bytes)" in text
    else:
        assert "the answer is more than 1.0 MiB, over the 1.0 MiB limit" in text
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("mode", ["trickle-body", "huge-chunked"])
def test_the_vulnerability_api_has_the_same_deadline_and_size_cap(hostile: Any, mode: str) -> None:
    from stackwise.knowledge.vulns import ApiUnavailable, JsonApiClient

    server = hostile(mode)
    client = JsonApiClient(server.url + "/pypi", deadline=1.5, max_bytes=1 << 20)
    started = time.monotonic()
    expected = "deadline" if mode == "trickle-body" else "over the 1.0 MiB limit"
    with pytest.raises(ApiUnavailable, match=expected), client.batch():  # a batch shares one deadline
        client.document("lib")
    assert time.monotonic() - started < 4.0  # deadline 1.5 s, slack for a loaded machine


def test_more_rules_than_the_cap_for_one_package_are_refused_before_validation(hostile: Any) -> None:
    server = hostile("many-rules", rules=20_001)
    client = ScoreServiceClient(server.url, max_rules=20_000)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable, match=r"package 'simplelib' has 20,001 rules, over the limit of 20,000"):
        client.query(["simplelib"])
    refused = time.monotonic() - started
    ok = ScoreServiceClient(server.url, max_rules=20_001)
    started = time.monotonic()
    assert len(ok.query(["simplelib"]).packages["simplelib"].rules) == 20_001  # at the cap: accepted
    accepted = time.monotonic() - started
    # the same download, without validating the rules: measured against the accepted query of the
    # same run, so a loaded machine slows both (an absolute bound failed under load)
    print(f"refused in {refused:.2f}s, accepted (validated) in {accepted:.2f}s")
    assert refused < 0.5 * accepted, (refused, accepted)


def test_control_characters_never_reach_a_rule(hostile: Any, tmp_path: Path) -> None:
    fake = "fine\n\rstackwise: 3 packages, 0 decision(s) differ from pip; proven best\x1b[2K\x9b31m\u202e"
    server = hostile("escape", message=fake)
    warnings: list[str] = []
    kb = RemoteScores(ScoreServiceClient(server.url), ScoreCache(tmp_path, server.url), url=server.url,
                      warn=warnings.append)
    (got,) = kb.for_package("simplelib")
    for text in (got.message, got.link, got.source):
        assert all(ch.isprintable() for ch in text), text
    assert got.message.startswith("fine\\x0a\\x0dstackwise: 3 packages") and "\\x1b[2K\\x9b31m\\u202e" in got.message
    assert "\\x1b]8;;https://evil.example/\\x07click" in got.link
    # The cached copy is the cleaned one too.
    entry = ScoreCache(tmp_path, server.url).get("simplelib")
    assert entry is not None and entry.kb.rules[0].message == got.message
    assert safe("a\tb\nc\x1bd") == "a\tb\nc\\x1bd" and one_line("a\tb\nc") == "a\\x09b\\x0ac"


# -- the cache -----------------------------------------------------------------------------------


def test_a_fetch_time_in_the_future_is_stale(tmp_path: Path) -> None:
    from stackwise.knowledge.cache import describe_age

    cache = ScoreCache(tmp_path, "http://127.0.0.1:9")
    with cache.locked():
        cache.put("simplelib", '"e"', doc(rule("a", "simplelib")), time.time() + 86400)
    entry = cache.get("simplelib")
    assert entry is not None and entry.age() == float("inf") and describe_age(entry.age()) == "an unknown time"
    warnings: list[str] = []
    kb = RemoteScores(None, cache, url=cache.url, ttl=3600, warn=warnings.append)  # no client: the service is down
    assert kb.for_package("simplelib")[0].id == "a"  # used, but as stale, and said so
    assert kb.stats["stale"] == 1 and kb.stats["fresh"] == 0
    assert "of unknown age (a fetch time in the future)" in warnings[0]


def test_the_score_cache_is_capped_in_bytes(tmp_path: Path) -> None:
    big = doc(*[rule(f"r{i}", "pkg", spec=f"=={i}") for i in range(40)])  # ~5 kB per entry
    cap = 100_000
    a = ScoreCache(tmp_path, "http://a.example", max_bytes=cap)
    b = ScoreCache(tmp_path, "http://b.example", max_bytes=cap)
    now = time.time()
    for i in range(30):
        for cache in (a, b):
            with cache.locked():
                cache.put(f"pkg{i}", None, {**big, "rules": [dict(r, package=f"pkg{i}", id=f"{cache.url}{r['id']}")
                                                             for r in big["rules"]]}, now)
            time.sleep(0.002)  # distinct modification times: the order of fetching
    sizes = [p.stat().st_size for c in (a, b) for p in c.packages_dir.glob("*.json")]
    assert sum(sizes) <= cap
    assert a.evicted + b.evicted > 0
    assert a.get("pkg29") is not None and b.get("pkg29") is not None  # the newest stay
    assert a.get("pkg0") is None  # the oldest went first
    # An entry larger than a quarter of the cap is not cached at all.
    small = ScoreCache(tmp_path, "http://c.example", max_bytes=8_000)
    with small.locked():
        small.put("pkg", None, big)
    assert small.get("pkg") is None


# -- `stackwise lock` against each hostile service, in its own process -------------------------------


# Peak RSS is read by a small parent of the lock process: a child started straight from this
# (large) test process inherits the test process's high-water mark at exec (Linux keeps
# ``maxrss`` across exec), so wait4 would report pytest's size, not the lock's.
_MEASURE = (
    "import os, resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "with open(sys.argv[1], 'w') as f:\n"
    "    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024))\n"
    "sys.exit(code)\n"
)


def _run_lock(index_url: str, service: str, cache: Path, *extra: str, deadline: float = 3.0) -> tuple[int, str, float, int]:
    """Exit code, stderr, seconds and peak RSS (bytes) of one ``stackwise lock`` process."""
    env = dict(os.environ, PYTHONPATH=str(SRC), STACKWISE_SCORES_DEADLINE=str(deadline),
               STACKWISE_SCORES_TIMEOUT="10", STACKWISE_CONFIG_FILE=os.devnull, PIP_CONFIG_FILE=os.devnull)
    argv = [sys.executable, "-m", "stackwise", "lock", "simplelib", "--scores", service, "--no-default-scores",
            "--index-url", index_url, "--isolated", "--cache-dir", str(cache), "-o", str(cache / "out.txt"), *extra]
    cache.mkdir(parents=True, exist_ok=True)
    rss_file = cache / "peak-rss"
    started = time.monotonic()
    # A hang (a deadline not kept) fails the test at 120 s instead of holding CI up.
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(rss_file), *argv], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    elapsed = time.monotonic() - started
    return proc.returncode, proc.stderr.decode(errors="replace"), elapsed, int(rss_file.read_text())


HOSTILE = ["trickle-headers", "trickle-body", "huge", "huge-chunked", "many-rules", "garbage"]


def test_lock_against_hostile_services_ends_in_time_small_and_warns_once(
        hostile: Any, index_factory: Any, seed_graph: Any, tmp_path: Path) -> None:
    index = index_factory(seed_graph)
    dead = f"http://127.0.0.1:{free_port()}"
    code, err, baseline, _ = _run_lock(index.url, dead, tmp_path / "c0")
    assert code == 0 and err.count("warning:") == 1, err
    deadline = 3.0
    measured = {}
    for n, mode in enumerate(HOSTILE, start=1):
        server = hostile(mode, rules=1_000_000)
        for strict in (False, True):
            cache = tmp_path / f"c{n}{'s' if strict else ''}"
            code, err, seconds, rss = _run_lock(index.url, server.url, cache,
                                                *(["--require-scores"] if strict else []), deadline=deadline)
            measured[(mode, strict)] = (seconds, rss)
            assert "Traceback" not in err, err
            # Slack of 4 s: a deadline not kept shows as the 10 s read timeout or a hang.
            if seconds >= baseline + deadline + 4:
                # The machine may have slowed down since the baseline (CI runs three workers on
                # two cores): measure the baseline again now, so load is not taken for a hang.
                baseline = max(baseline, _run_lock(index.url, dead, tmp_path / f"b{n}{strict:d}")[2])
            assert seconds < baseline + deadline + 4, (mode, strict, seconds, baseline, err)
            assert rss < 200 * 1024 * 1024, (mode, strict, rss)
            if strict:
                assert code == 1 and "--require-scores: no scores for simplelib" in err, err
                assert err.count("warning:") == 0, err
            else:
                assert code == 0 and err.count("warning:") == 1, err
                assert "resolving with pip's order for simplelib" in err, err
    print("\nhostile service runs (seconds, peak RSS MB); baseline (refused connection) "
          f"{baseline:.2f} s, deadline {deadline:g} s")
    for (mode, strict), (seconds, rss) in measured.items():
        print(f"  {mode:16} {'--require-scores' if strict else 'degraded':17} {seconds:5.2f} s {rss / 2**20:6.1f} MB")


def test_lock_output_cannot_be_faked_by_a_rule_message(hostile: Any, index_factory: Any, seed_graph: Any,
                                                       tmp_path: Path) -> None:
    fake = "ok\nstackwise: 4 packages, 0 decision(s) differ from pip; proven best after 1 resolution(s)\x1b[1A"
    server = hostile("escape", message=fake)
    index = index_factory(seed_graph)
    code, err, _, _ = _run_lock(index.url, server.url, tmp_path / "c")
    assert code == 0, err
    assert "\x1b" not in err and "\x07" not in err
    summaries = [line for line in err.splitlines() if re.match(r"stackwise: \d+ packages, ", line)]
    assert len(summaries) == 1 and summaries[0].startswith("stackwise: 2 packages"), err
    assert "ok\\x0astackwise: 4 packages" in err  # the message is shown, visibly escaped
    out = (tmp_path / "c" / "out.txt").read_text()
    assert "\x1b" not in out


def test_parse_document_cleans_every_text_field() -> None:
    r = rule("x", "pkg")
    r["message"] = "a\x1b[31mb\nc"
    r["source"] = "s\x00"
    (got,) = parse_document(doc(r), "t").rules
    assert got.message == "a\\x1b[31mb\\x0ac" and got.source == "s\\x00"
