"""Score-service client, cache and degradation, against a real service on 127.0.0.1.

Faults come from real servers: the real service killed with SIGKILL, and a small HTTP
server that answers 503, answers too slowly, sends garbage or the wrong schema, or dies in
the middle of its answer. "No network" is enforced by making every socket connect fail.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from stackwise.config import ConfigError, load_settings
from stackwise.errors import StackwiseError
from stackwise.knowledge.cache import ScoreCache, default_cache_root
from stackwise.knowledge.scorefile import load_score_file
from stackwise.knowledge.service import (
    ScoreServiceError,
    ScoreSources,
    resolve_score_sources,
    shipped_knowledge,
)
from stackwise.server.runner import ServerThread
from stackwise.server.storage import open_storage
from test_service import ROOT, SRC, doc, free_port, rule, run_cli

SEED_SCORES = ROOT / "fixtures" / "seed" / "scores.json"
SEED_PINS = {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}
FAST = {"STACKWISE_SCORES_TIMEOUT": "0.5", "STACKWISE_SCORES_CONNECT_TIMEOUT": "0.5", "STACKWISE_SCORES_RETRIES": "1"}


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Neither the machine's user config nor a pyproject.toml in the cwd leaks into a test."""
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    for key, value in FAST.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def kb_service(tmp_path: Path) -> Iterator[Any]:
    """The real service on SQLite with the seed rules plus a few more."""
    storage = open_storage(str(tmp_path / "service.sqlite3"))
    storage.put_rules(load_score_file(SEED_SCORES).rules)
    token = storage.create_token("tests")
    server = ServerThread(storage).start()
    server.token = token  # type: ignore[attr-defined]
    yield server
    server.stop()
    storage.close()


class Net:
    """Counts socket connects; with ``blocked`` every connect fails like a network that is off."""

    def __init__(self) -> None:
        self.blocked = False
        self.attempts: list[Any] = []


@pytest.fixture
def net(monkeypatch: pytest.MonkeyPatch) -> Net:
    state = Net()
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        state.attempts.append(address)
        if state.blocked:
            raise OSError(101, "Network is unreachable (blocked by the test)")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, a: (state.attempts.append(a), 101)[1])
    return state


def ns(**kw: Any) -> argparse.Namespace:
    base = {"scores": [], "no_default_scores": True, "offline": False, "require_scores": False, "cache_dir": None,
            "scores_ttl": None}
    base.update(kw)
    return argparse.Namespace(**base)


def sources(url: str, cache: Path, roots: tuple[str, ...] = (), warnings: list[str] | None = None, **kw: Any) -> Any:
    got = warnings if warnings is not None else []
    return resolve_score_sources(ns(scores=[url], cache_dir=str(cache), **kw), roots, warn=got.append)


# -- client and cache -------------------------------------------------------------------------


def test_cold_then_warm_cache_one_query_then_no_socket(kb_service: Any, tmp_path: Path, net: Net) -> None:
    cache = tmp_path / "cache"
    kb = sources(kb_service.url, cache, ("simplelib", "anotherlib", "dependency1", "dependency2", "unknown"))
    assert isinstance(kb, ScoreSources)
    client = kb.remotes[0].client
    assert client.requests_made == 1  # every miss in one POST /v1/query
    assert {r.id for r in kb.for_package("simplelib")} == {"seed/simplelib-1-dependency1-1"}
    assert {r.id for r in kb.for_package("Dependency2")} == {"seed/anotherlib-2-dependency2-2"}
    assert kb.for_package("unknown") == ()
    assert client.requests_made == 1 and len(kb) == 2 and kb.revision == "1"
    net.attempts.clear()
    warm = sources(kb_service.url, cache, ("simplelib", "anotherlib", "unknown"))
    assert warm.for_package("anotherlib")[0].id == "seed/anotherlib-2-dependency2-2"
    assert warm.remotes[0].client.requests_made == 0 and net.attempts == []
    assert warm.remotes[0].stats["fresh"] == 3


def test_expired_entries_are_revalidated_with_etags_in_one_query(kb_service: Any, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    sources(kb_service.url, cache, ("simplelib", "dependency1"))
    stale = sources(kb_service.url, cache, ("simplelib", "dependency1", "anotherlib"), scores_ttl=0)
    remote = stale.remotes[0]
    assert remote.client.requests_made == 1
    assert remote.stats["revalidated"] == 2 and remote.stats["fetched"] == 1
    # A write about simplelib: the next revalidation brings the new document.
    requests.post(kb_service.url + "/v1/rules", json=doc(rule("new", "simplelib", score=-0.5)),
                  headers={"Authorization": f"Bearer {kb_service.token}"}, timeout=30).raise_for_status()
    fresh = sources(kb_service.url, cache, ("simplelib", "dependency1"), scores_ttl=0)
    assert {r.id for r in fresh.for_package("simplelib")} == {"seed/simplelib-1-dependency1-1", "new"}
    assert fresh.remotes[0].stats == {**fresh.remotes[0].stats, "revalidated": 1, "fetched": 1}


def test_lazy_fetch_of_names_found_during_resolution(kb_service: Any, tmp_path: Path) -> None:
    kb = sources(kb_service.url, tmp_path / "cache", ("simplelib",))
    assert kb.remotes[0].client.requests_made == 1
    kb.prefetch(["dependency1", "dependency2", "simplelib"])  # only the two new names are asked for
    assert kb.remotes[0].client.requests_made == 2
    assert kb.for_package("dependency2") and kb.remotes[0].client.requests_made == 2
    kb.for_package("never-seen")
    assert kb.remotes[0].client.requests_made == 3
    kb.prefetch(["flask>=3", "not a name"])  # never sent: the service would refuse them
    assert kb.for_package("flask>=3") == () and kb.remotes[0].client.requests_made == 3
    assert kb.remotes[0].down is None


def test_corrupt_cache_file_is_ignored_and_refetched(kb_service: Any, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    sources(kb_service.url, cache, ("simplelib", "anotherlib"))
    store = ScoreCache(default_cache_root(cache), kb_service.url)
    entry = store.packages_dir / "simplelib.json"
    entry.write_bytes(b'{"format": "stackwise-score-cache", "version": 1, "document": {trunc')
    bad_rule = json.loads((store.packages_dir / "anotherlib.json").read_text())
    bad_rule["document"]["rules"][0]["score"] = 42
    (store.packages_dir / "anotherlib.json").write_text(json.dumps(bad_rule))
    kb = sources(kb_service.url, cache, ("simplelib", "anotherlib"))
    assert kb.remotes[0].stats["fetched"] == 2 and kb.remotes[0].client.requests_made == 1
    assert kb.for_package("simplelib")[0].id == "seed/simplelib-1-dependency1-1"
    assert json.loads(entry.read_text())["package"] == "simplelib"  # rewritten whole


def _hammer(cache_root: str, url: str, seed: int) -> None:
    """One process writing every entry many times (run in parallel with others)."""
    from stackwise.knowledge.cache import ScoreCache

    cache = ScoreCache(Path(cache_root), url)
    document = doc(*[rule(f"r{seed}-{i}", "shared", score=0.1) for i in range(50)])
    for n in range(40):
        with cache.locked():
            for i in range(10):
                cache.put(f"pkg{i}", f'"{seed}-{n}"', document)


def test_concurrent_writers_never_corrupt_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "cache" / "scores-v1"
    url = "http://127.0.0.1:9"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(str(root), url, s)) for s in range(4)]
    for p in procs:
        p.start()
    reader = ScoreCache(root, url)
    seen = 0
    while any(p.is_alive() for p in procs):  # readers run unlocked while writers write
        for i in range(10):
            if (reader.packages_dir / f"pkg{i}.json").exists():
                assert reader.get(f"pkg{i}") is not None
                seen += 1
    for p in procs:
        p.join()
        assert p.exitcode == 0
    for i in range(10):
        entry = reader.get(f"pkg{i}")
        assert entry is not None and len(entry.kb) == 50
    assert not list(reader.packages_dir.glob("*.tmp"))


# -- degradation --------------------------------------------------------------------------------


class FaultServer:
    """A real HTTP server that misbehaves in one chosen way; counts requests."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                outer.hits += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                mode = outer.mode
                if mode == "slow":
                    time.sleep(1.5)
                    body = b"{}"
                elif mode == "503":
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                elif mode == "garbage":
                    body = b"<html>proxy error</html>"
                elif mode == "schema":
                    body = json.dumps({"format": "stackwise-query", "packages": {
                        "simplelib": {"etag": '"x"', "document": {"format": "stackwise-scores", "version": 1,
                                                                   "rules": [{"package": "simplelib", "score": 5}]}}}}).encode()
                elif mode == "cut":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "5000")
                    self.end_headers()
                    self.wfile.write(b'{"format": "stackwise-query", "packages": {')
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)  # the server dies mid-answer
                    return
                else:
                    body = b"{}"
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _seed_cache(kb_service: Any, cache: Path, url: str) -> None:
    """Fill the cache for ``url`` (a fault server) with real documents, then age them 2 h."""
    real = ScoreCache(default_cache_root(cache), kb_service.url)
    sources(kb_service.url, cache, ("simplelib", "anotherlib"))
    fake = ScoreCache(default_cache_root(cache), url)
    with fake.locked():
        for name in ("simplelib", "anotherlib"):
            entry = real.get(name)
            assert entry is not None
            fake.put(name, entry.etag, entry.document, time.time() - 7200)


@pytest.mark.parametrize("mode", ["503", "slow", "garbage", "schema", "cut"])
def test_faulty_service_falls_back_to_stale_cache_then_pip_order(kb_service: Any, tmp_path: Path, mode: str) -> None:
    fault = FaultServer(mode)
    try:
        cache = tmp_path / "cache"
        _seed_cache(kb_service, cache, fault.url)
        warnings: list[str] = []
        started = time.monotonic()
        kb = sources(fault.url, cache, ("simplelib", "anotherlib", "dependency1"), warnings, scores_ttl=60)
        tries = 2 if mode in ("503", "slow", "cut") else 1  # transient faults: one retry; garbage: none
        assert fault.hits == tries
        assert time.monotonic() - started < 6
        assert kb.for_package("simplelib")[0].id == "seed/simplelib-1-dependency1-1"  # stale but used
        assert kb.for_package("dependency1") == ()
        kb.for_package("another-name")
        assert fault.hits == tries  # the service is not asked again in this run
        text = "\n".join(warnings)
        assert f"the score service {fault.url} is unavailable" in text
        assert "cached scores up to 2 h old for anotherlib, simplelib" in text
        assert "pip's order for dependency1 (no cached scores)" in text
        assert len(warnings) == 1, warnings  # one warning per run, however many batches follow
        with pytest.raises(ScoreServiceError) as err:
            sources(fault.url, cache, ("simplelib", "dependency1"), scores_ttl=60, require_scores=True)
        assert "--require-scores" in str(err.value) and "dependency1" in str(err.value)
    finally:
        fault.close()


def test_killed_service_stale_cache_is_used(tmp_path: Path) -> None:
    """The real service in its own process, killed with SIGKILL after one fetch."""
    port = free_port()
    db = tmp_path / "kb.sqlite3"
    st = open_storage(str(db))
    st.put_rules(load_score_file(SEED_SCORES).rules)
    st.close()
    code = ("import sys; from stackwise.server.storage import open_storage; "
            "from stackwise.server.runner import serve_forever; "
            f"serve_forever(open_storage({str(db)!r}), '127.0.0.1', {port})")
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(SRC)},
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(url + "/healthz", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.05)
        cache = tmp_path / "cache"
        assert sources(url, cache, ("simplelib",)).remotes[0].stats["fetched"] == 1
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    warnings: list[str] = []
    kb = sources(url, cache, ("simplelib",), warnings, scores_ttl=0)
    assert kb.for_package("simplelib")[0].id == "seed/simplelib-1-dependency1-1"
    assert any("connection refused" in w for w in warnings)
    assert any("cached scores up to" in w for w in warnings)


def test_offline_never_opens_a_socket(kb_service: Any, tmp_path: Path, net: Net) -> None:
    cache = tmp_path / "cache"
    sources(kb_service.url, cache, ("simplelib",))
    net.blocked = True
    net.attempts.clear()
    warnings: list[str] = []
    kb = sources(kb_service.url, cache, ("simplelib", "anotherlib"), warnings, scores_ttl=0, offline=True)
    assert kb.for_package("simplelib")[0].id == "seed/simplelib-1-dependency1-1"  # any age is fine offline
    assert kb.for_package("anotherlib") == ()
    assert net.attempts == [] and kb.remotes[0].client is None
    assert any("--offline: the network is not used: resolving with pip's order for anotherlib" in w
               for w in warnings)
    with pytest.raises(ScoreServiceError, match="--require-scores"):
        sources(kb_service.url, cache, ("anotherlib",), offline=True, require_scores=True)
    assert net.attempts == []


def test_bad_service_urls_are_clean_errors(tmp_path: Path) -> None:
    for url in ("ftp://host/x", "http://", "http://host:99999", "http://host/?q=1"):
        with pytest.raises(StackwiseError) as err:
            sources(url, tmp_path)
        assert "\n" not in str(err.value) and url in str(err.value)


# -- lock, pull and offline installs ----------------------------------------------------------------


@pytest.fixture
def lock_cli() -> Any:
    """``stackwise lock`` as a user runs it."""
    from stackwise.cli import main

    return main


def _pins(text: str) -> dict[str, str]:
    return {line.split("==")[0]: line.split("==")[1].split()[0] for line in text.splitlines()
            if "==" in line and not line.startswith(("#", " "))}


def test_lock_with_a_score_service(kb_service: Any, index_factory: Any, seed_graph: Any, tmp_path: Path,
                                   lock_cli: Any, capsys: pytest.CaptureFixture[str]) -> None:
    index = index_factory(seed_graph)
    out = tmp_path / "lock.txt"
    argv = ["lock", "simplelib", "anotherlib", "--scores", kb_service.url, "--no-default-scores",
            "--index-url", index.url, "--isolated", "--cache-dir", str(tmp_path / "cache"), "-o", str(out)]
    assert lock_cli(argv) == 0, capsys.readouterr().err
    assert _pins(out.read_text()) == SEED_PINS
    # Service gone, cache warm: the same lock, offline, with sockets blocked.
    kb_service.stop()
    out.unlink()
    assert lock_cli([*argv, "--offline"]) == 0, capsys.readouterr().err
    assert _pins(out.read_text()) == SEED_PINS


def test_pull_snapshot_then_lock_with_network_disabled(kb_service: Any, tmp_path: Path, net: Net, lock_cli: Any,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from support import load_graph, make_index

    snapshot = tmp_path / "scores.json"
    assert run_cli(["scores", "pull", "--from", kb_service.url, "-o", str(snapshot), "--insecure-no-verify"]) == 0
    err = capsys.readouterr().err
    assert "wrote 2 rule(s), revision 1" in err and "warning: --insecure-no-verify" in err
    assert len(load_score_file(snapshot)) == 2
    wheelhouse = make_index(tmp_path / "wheels", load_graph("seed"))
    kb_service.stop()
    net.blocked = True
    net.attempts.clear()
    out = tmp_path / "lock.txt"
    code = lock_cli(["lock", "simplelib", "anotherlib", "--scores", str(snapshot), "--no-default-scores",
                     "--find-links", str(wheelhouse), "--no-index", "--isolated", "--offline",
                     "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert _pins(out.read_text()) == SEED_PINS
    assert net.attempts == []


def test_pull_failures_are_clean_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scores.json"
    assert run_cli(["scores", "pull", "--from", f"http://127.0.0.1:{free_port()}", "-o", str(out),
                    "--insecure-no-verify"]) == 1
    err = capsys.readouterr().err
    assert "connection refused" in err and "Nothing was written" in err and "Traceback" not in err
    assert not out.exists()
    fault = FaultServer("garbage")
    try:
        assert run_cli(["scores", "pull", "--from", fault.url, "-o", str(out), "--insecure-no-verify"]) == 1
    finally:
        fault.close()
    assert not out.exists()
    assert run_cli(["scores", "pull", "-o", str(out)]) == 1
    assert "--from URL" in capsys.readouterr().err


def test_cache_info_and_clear(kb_service: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path / "cache"
    sources(kb_service.url, cache, ("simplelib", "anotherlib", "x"))
    assert run_cli(["cache", "info", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert f"scores from {kb_service.url}: 3 package(s)" in out and "service revision 1" in out
    assert run_cli(["cache", "clear", "--cache-dir", str(cache)]) == 0
    assert "removed 3 cached score document(s)" in capsys.readouterr().err
    assert run_cli(["cache", "info", "--cache-dir", str(cache)]) == 0
    assert "scores: nothing cached" in capsys.readouterr().out
    kb = sources(kb_service.url, cache, ("simplelib",))
    assert kb.remotes[0].stats["fetched"] == 1


# -- configuration ----------------------------------------------------------------------------------


def test_configured_score_source_layers(kb_service: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user.toml"
    user.write_text('scores = "local.json"\nscores-ttl = 10\n')
    (tmp_path / "local.json").write_text(json.dumps(doc(rule("user-rule", "simplelib"))))
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", str(user))
    settings = load_settings()
    assert settings.scores == (str(tmp_path / "local.json"),) and settings.scores_ttl == 10
    kb = resolve_score_sources(ns(), ("simplelib",))
    assert [r.id for r in kb.for_package("simplelib")] == ["user-rule"]
    # The project's pyproject.toml beats the user file ...
    Path("pyproject.toml").write_text(f'[tool.stackwise]\nscores = ["{kb_service.url}"]\ncache-dir = "c"\n')
    kb = resolve_score_sources(ns(), ("simplelib",))
    assert isinstance(kb, ScoreSources)
    assert [r.id for r in kb.for_package("simplelib")] == ["seed/simplelib-1-dependency1-1"]
    assert (Path.cwd() / "c" / "scores-v1").is_dir()
    # ... the environment beats both, and the command line beats everything.
    monkeypatch.setenv("STACKWISE_SCORES", str(tmp_path / "local.json"))
    assert [r.id for r in resolve_score_sources(ns(), ()).for_package("simplelib")] == ["user-rule"]
    assert len(resolve_score_sources(ns(scores=[str(SEED_SCORES)]), ())) == 2
    assert load_settings().origin("scores") == "$STACKWISE_SCORES"
    # The shipped knowledge comes first unless turned off, on the command line or in a setting.
    shipped = len(shipped_knowledge())
    assert len(resolve_score_sources(ns(scores=[str(SEED_SCORES)], no_default_scores=False), ())) == shipped + 2
    monkeypatch.setenv("STACKWISE_DEFAULT_SCORES", "false")
    assert len(resolve_score_sources(ns(scores=[str(SEED_SCORES)], no_default_scores=False), ())) == 2


def test_bad_configuration_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("pyproject.toml").write_text("[tool.stackwise]\nscore = 'x'\n")
    with pytest.raises(ConfigError, match="unknown setting 'score'; known settings: scores"):
        load_settings()
    Path("pyproject.toml").write_text("[tool.stackwise]\nscores-ttl = 'soon'\n")
    with pytest.raises(ConfigError, match="scores-ttl: expected a number of seconds"):
        load_settings()
    Path("pyproject.toml").write_text("[tool.stackwise\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings()
    Path("pyproject.toml").unlink()
    monkeypatch.setenv("STACKWISE_REQUIRE_SCORES", "maybe")
    with pytest.raises(ConfigError, match=r"\$STACKWISE_REQUIRE_SCORES: expected true or false"):
        load_settings()
    monkeypatch.setenv("STACKWISE_REQUIRE_SCORES", "yes")
    assert load_settings().require_scores is True


def test_lock_require_scores_with_dead_service_fails_cleanly(index_factory: Any, seed_graph: Any, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from stackwise.cli import main

    index = index_factory(seed_graph)
    out = tmp_path / "lock.txt"
    dead = f"http://127.0.0.1:{free_port()}"
    base = ["lock", "simplelib", "--scores", dead, "--no-default-scores", "--index-url", index.url, "--isolated",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(out)]
    assert main([*base, "--require-scores"]) == 1
    err = capsys.readouterr().err
    assert "--require-scores: no scores for simplelib" in err and "Traceback" not in err
    assert not out.exists()
    assert main(base) == 0  # without it: pip's order, with a warning
    err = capsys.readouterr().err
    assert "connection refused" in err and "pip's order" in err
    assert _pins(out.read_text())["simplelib"] == "2.0"
