"""The score service end to end: real uvicorn on 127.0.0.1, real SQLite and real PostgreSQL.

PostgreSQL: ``$STACKWISE_TEST_POSTGRES_URL`` (a database the tests may create databases
in), else a throwaway cluster started from Debian's binaries
(``/usr/lib/postgresql/*/bin``) on a random port, as the ``postgres`` user when run as
root; the PostgreSQL half is skipped, with the reason, when neither is possible.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from stackwise.errors import StackwiseError
from stackwise.knowledge.scorefile import loads
from stackwise.server.runner import ServerThread
from stackwise.server.storage import MIGRATIONS, Storage, StorageError, open_storage

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
# Read at import: conftest's autouse fixture removes STACKWISE_* variables before each test.
POSTGRES_URL = os.environ.get("STACKWISE_TEST_POSTGRES_URL")
IN_CI = bool(os.environ.get("CI"))


# -- helpers shared with test_score_client.py ------------------------------------------------


def rule(rid: str, package: str, *, score: float = 0.5, spec: str = "", other: str | None = None,
         category: str = "stability", veto: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rid, "package": package, "category": category, "message": f"rule {rid}",
                           "link": f"https://example.org/{rid}", "source": "tests"}
    if spec:
        out["specifier"] = spec
    if other:
        out["with"] = {"package": other}
    if veto:
        out["veto"] = True
    else:
        out["score"] = score
    return out


def doc(*rules: dict[str, Any]) -> dict[str, Any]:
    return {"format": "stackwise-scores", "version": 1, "rules": list(rules)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(argv: list[str]) -> int:
    """``stackwise ARGV`` through the real CLI once it is wired, else through the commands'
    own ``register``/``run`` with the same error handling as :func:`stackwise.cli.main`."""
    from stackwise import cli

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if argv[0] in sub.choices:
        return cli.main(argv)
    from stackwise.commands import scores, serve

    parser = argparse.ArgumentParser(prog="stackwise")
    subs = parser.add_subparsers(dest="command")
    serve.register(subs)
    scores.register(subs)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except StackwiseError as exc:
        print(f"stackwise: error: {exc}", file=sys.stderr)
        return exc.exit_code


# -- PostgreSQL ------------------------------------------------------------------------------


class PostgresCluster:
    """A throwaway PostgreSQL cluster (or an external server) that hands out fresh databases."""

    def __init__(self, admin_url: str, stop: Any = None) -> None:
        self.admin_url = admin_url
        self._stop = stop

    def new_database(self) -> str:
        import psycopg

        name = "sw_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{name}"

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()


def _start_cluster(tmp: Path) -> tuple[PostgresCluster | None, str]:
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        return None, "no PostgreSQL server binaries (apt-get install postgresql) and no $STACKWISE_TEST_POSTGRES_URL"
    bindir = Path(bins[-1]).parent
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        runuser = shutil.which("runuser")
        if runuser is None:
            return None, "running as root without runuser: cannot start PostgreSQL as another user"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return None, "running as root and there is no 'postgres' user to run PostgreSQL as"
        prefix = [runuser, "-u", "postgres", "--"]
    if as_root:  # pytest's own tmp dirs are private to root: postgres could not enter them
        tmp = Path(tempfile.mkdtemp(prefix="stackwise-pg-"))
        shutil.chown(tmp, "postgres")
    data = tmp / "pgdata"
    sock = tmp / "pgsock"
    sock.mkdir()
    if as_root:
        shutil.chown(sock, "postgres")
    port = free_port()
    init = subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "stackwise",
                           "--no-sync", "-E", "UTF8"], capture_output=True, text=True)
    if init.returncode != 0:
        return None, f"initdb failed: {init.stderr.strip()[:300]}"
    log = tmp / "pg.log"
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    start = subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w",
                            "start"], capture_output=True, text=True)
    if start.returncode != 0:
        return None, f"pg_ctl start failed: {start.stderr.strip()[:300]}"

    def stop() -> None:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        if as_root:
            shutil.rmtree(tmp, ignore_errors=True)

    return PostgresCluster(f"postgresql://stackwise@127.0.0.1:{port}/postgres", stop), ""


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'stackwise[server]')")
    if POSTGRES_URL:
        yield PostgresCluster(POSTGRES_URL)
        return
    cluster, why = _start_cluster(tmp_path_factory.mktemp("postgres"))
    if cluster is None:
        if IN_CI:  # CI installs PostgreSQL (.ci/run): a skip there would hide a broken setup
            pytest.fail(f"PostgreSQL is required in CI: {why}")
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return "sqlite://" + str(tmp_path / "kb.sqlite3")
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def storage(database_url: str) -> Iterator[Storage]:
    st = open_storage(database_url)
    yield st
    st.close()


class Service:
    def __init__(self, server: ServerThread, token: str) -> None:
        self.server = server
        self.url = server.url
        self.storage = server.storage
        self.token = token
        self.auth = {"Authorization": f"Bearer {token}"}

    def post(self, document: Any, **kw: Any) -> requests.Response:
        return requests.post(self.url + "/v1/rules", json=document, headers=self.auth, timeout=30, **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return requests.get(self.url + path, timeout=30, **kw)


@pytest.fixture
def service(storage: Storage) -> Iterator[Service]:
    from stackwise.server.app import ServiceSettings

    token = storage.create_token("tests")
    server = ServerThread(storage, settings=ServiceSettings(max_body=256 * 1024)).start()
    yield Service(server, token)
    server.stop()


# -- reads -----------------------------------------------------------------------------------


def test_healthz_and_openapi(service: Service) -> None:
    health = service.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["revision"] == "0"
    spec = service.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/v1/packages/{name}", "/v1/query", "/v1/snapshot", "/v1/rules", "/v1/rules/{id}", "/healthz"} <= set(spec["paths"])


def test_unknown_package_is_200_with_no_rules(service: Service) -> None:
    r = service.get("/v1/packages/never-heard-of-it")
    assert r.status_code == 200
    kb = loads(r.content, "answer")
    assert len(kb) == 0
    assert r.headers["ETag"].startswith('"') and not r.headers["ETag"].startswith("W/")
    assert "max-age" in r.headers["Cache-Control"]
    bad = service.get("/v1/packages/-not-a-name-")
    assert bad.status_code == 400 and "not a valid project name" in bad.json()["error"]


def test_package_document_etag_and_304(service: Service) -> None:
    assert service.post(doc(rule("a1", "Alpha_Pkg", spec=">=2"), rule("pair", "beta", other="alpha.pkg"),
                            rule("g1", "gamma"))).status_code == 200
    r = service.get("/v1/packages/ALPHA-pkg")
    assert r.status_code == 200
    kb = loads(r.content, "answer")
    assert sorted(x.id for x in kb.rules) == ["a1", "pair"]  # the pair rule is listed under both names
    assert [x.id for x in loads(service.get("/v1/packages/beta").content, "b").rules] == ["pair"]
    etag = r.headers["ETag"]
    again = service.get("/v1/packages/alpha-pkg", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    # A write about another package leaves this package's ETag alone ...
    assert service.post(doc(rule("g2", "gamma"))).status_code == 200
    assert service.get("/v1/packages/alpha-pkg", headers={"If-None-Match": etag}).status_code == 304
    # ... one that touches it changes it.
    assert service.post(doc(rule("a2", "alpha-pkg"))).status_code == 200
    changed = service.get("/v1/packages/alpha-pkg", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert sorted(x.id for x in loads(changed.content, "c").rules) == ["a1", "a2", "pair"]


def test_query_many_packages_in_one_round_trip(service: Service) -> None:
    rules = [rule(f"r{i}", f"pkg{i % 60}", score=(i % 10) / 10) for i in range(300)]
    assert service.post(doc(*rules)).status_code == 200
    names = [f"pkg{i}" for i in range(50)]
    r = requests.post(service.url + "/v1/query", json={"packages": names}, timeout=30)
    assert r.status_code == 200
    data = r.json()
    assert data["format"] == "stackwise-query" and data["revision"] == "1" and data["rule_count"] == 300
    assert set(data["packages"]) == set(names)
    assert len(loads(json.dumps(data["packages"]["pkg7"]["document"]), "q").rules) == 5
    etags = {n: data["packages"][n]["etag"] for n in names[:10]}
    r2 = requests.post(service.url + "/v1/query", json={"packages": names, "etags": etags}, timeout=30).json()
    assert all(r2["packages"][n] == {"etag": etags[n], "not_modified": True} for n in names[:10])
    assert all("document" in r2["packages"][n] for n in names[10:])
    for body, status in (({"packages": "x"}, 422), ({"packages": [1]}, 422), ({"packages": [], "x": 1}, 422),
                         ({"packages": ["n"] * 1001}, 413)):
        bad = requests.post(service.url + "/v1/query", json=body, timeout=30)
        assert bad.status_code == status, body
        assert bad.json()["error"]


def test_snapshot_gzip_etag_revision(service: Service) -> None:
    service.post(doc(*[rule(f"s{i}", f"p{i}") for i in range(20)]))
    service.post(doc(rule("s20", "p20", veto=True)))
    raw = requests.get(service.url + "/v1/snapshot", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
    assert raw.status_code == 200 and raw.headers["Content-Encoding"] == "gzip"
    packed = raw.raw.read()
    kb = loads(gzip.decompress(packed), "snapshot")
    assert len(kb) == 21 and kb.revision == "2"
    etag = raw.headers["ETag"]
    assert service.get("/v1/snapshot", headers={"If-None-Match": etag, "Accept-Encoding": "gzip"}).status_code == 304
    plain = service.get("/v1/snapshot", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.headers["ETag"] != etag
    assert len(loads(plain.content, "plain")) == 21


# -- writes ----------------------------------------------------------------------------------


def _revision(service: Service) -> str:
    return service.get("/healthz").json()["revision"]


def test_writes_need_a_valid_token_and_store_nothing_otherwise(service: Service) -> None:
    body = doc(rule("x1", "xpkg"))
    r = requests.post(service.url + "/v1/rules", json=body, timeout=30)
    assert r.status_code == 401 and "Bearer" in r.headers["WWW-Authenticate"]
    r = requests.post(service.url + "/v1/rules", json=body, headers={"Authorization": "Bearer nope"}, timeout=30)
    assert r.status_code == 403
    r = requests.post(service.url + "/v1/rules", json=body, headers={"Authorization": "Basic abc"}, timeout=30)
    assert r.status_code == 401
    assert requests.delete(service.url + "/v1/rules/x1", timeout=30).status_code == 401
    assert _revision(service) == "0"
    assert loads(service.get("/v1/packages/xpkg").content, "x").rules == ()


def test_invalid_rules_are_422_with_the_reason_and_nothing_stored(service: Service) -> None:
    bad = doc(rule("ok", "fine"), {**rule("bad", "worse"), "score": 7})
    r = service.post(bad)
    assert r.status_code == 422
    assert '"score" must be a number in [-1, 1], got 7' in r.json()["error"]
    r = service.post(doc({k: v for k, v in rule("noid", "pkg").items() if k != "id"}))
    assert r.status_code == 422 and '"id"' in r.json()["error"]
    r = service.post({"format": "something-else", "version": 1, "rules": []})
    assert r.status_code == 422 and '"format" must be' in r.json()["error"]
    r = requests.post(service.url + "/v1/rules", data=b"{not json", headers=service.auth, timeout=30)
    assert r.status_code == 400 and "not valid JSON" in r.json()["error"]
    assert service.post(doc()).status_code == 422
    assert _revision(service) == "0"
    assert loads(service.get("/v1/packages/fine").content, "f").rules == ()


def test_huge_body_is_413(service: Service) -> None:
    huge = doc(*[rule(f"h{i}", "huge", spec=f"=={i}") for i in range(3000)])  # > 256 KiB limit of the fixture
    r = service.post(huge)
    assert r.status_code == 413 and "limit" in r.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is enforced while reading
        yield b'{"format": "stackwise-scores", "version": 1, "rules": ['
        for _ in range(400):
            yield b" " * 1024
        yield b"]}"

    r = requests.post(service.url + "/v1/rules", data=chunks(), headers=service.auth, timeout=30)
    assert r.status_code == 413
    assert _revision(service) == "0"


def test_delete_and_replace_bump_revisions(service: Service) -> None:
    assert service.post(doc(rule("seed/r-1", "one"), rule("two", "two"))).json()["revision"] == "1"
    etag_one = service.get("/v1/packages/one").headers["ETag"]
    r = requests.delete(service.url + "/v1/rules/seed/r-1", headers=service.auth, timeout=30)
    assert r.status_code == 200 and r.json() == {"revision": "2", "deleted": "seed/r-1"}
    assert requests.delete(service.url + "/v1/rules/seed/r-1", headers=service.auth, timeout=30).status_code == 404
    assert _revision(service) == "2"
    assert service.get("/v1/packages/one", headers={"If-None-Match": etag_one}).status_code == 200
    # Replacing a rule by id with one about another package changes both packages' documents.
    etag_two = service.get("/v1/packages/two").headers["ETag"]
    assert service.post(doc(rule("two", "three"))).json()["revision"] == "3"
    assert service.get("/v1/packages/two", headers={"If-None-Match": etag_two}).status_code == 200
    assert loads(service.get("/v1/packages/two").content, "t").rules == ()
    assert [x.id for x in loads(service.get("/v1/packages/three").content, "t").rules] == ["two"]
    assert service.get("/healthz").json()["rules"] == 1


def test_concurrent_writers(service: Service) -> None:
    errors: list[str] = []
    revisions: list[int] = []
    lock = threading.Lock()

    def writer(w: int) -> None:
        session = requests.Session()
        for i in range(10):
            r = session.post(service.url + "/v1/rules", json=doc(rule(f"w{w}-{i}", f"pkg{w}"), rule("shared", f"pkg{i}")),
                             headers=service.auth, timeout=60)
            with lock:
                if r.status_code != 200:
                    errors.append(r.text)
                else:
                    revisions.append(int(r.json()["revision"]))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(revisions) == list(range(1, 61))  # every write its own revision, none lost
    health = service.get("/healthz").json()
    assert health["revision"] == "60" and health["rules"] == 61
    snapshot = loads(service.get("/v1/snapshot").content, "snap")
    assert len(snapshot) == 61


def test_database_failure_is_503_not_a_traceback(tmp_path: Path) -> None:
    st = open_storage(str(tmp_path / "kb.sqlite3"))
    with ServerThread(st) as server:
        st.close()
        (tmp_path / "kb.sqlite3").write_bytes(b"garbage" * 1000)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                (tmp_path / f"kb.sqlite3{suffix}").unlink()
        r = requests.get(server.url + "/v1/packages/x", timeout=30)
        assert r.status_code == 503 and "unavailable" in r.json()["error"]
        assert requests.get(server.url + "/healthz", timeout=30).status_code == 503


# -- storage, migrations, tokens, CLI ----------------------------------------------------------


def test_migrations_are_idempotent_and_versioned(database_url: str) -> None:
    first = open_storage(database_url)
    instance = first.instance
    first.put_rules(loads(json.dumps(doc(rule("m", "mig"))), "x").rules)
    first.close()
    again = open_storage(database_url)
    assert again.instance == instance and again.meta() == (1, 1)
    assert again.schema_version() == max(v for v, _, _ in MIGRATIONS)
    with again._write() as cur:
        cur.execute("INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'future', 0)")
    again.close()
    with pytest.raises(StorageError, match="newer than this stackwise knows"):
        open_storage(database_url)


def test_tokens_are_stored_only_as_hashes(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["serve", "token", "create", "--database", database_url, "--label", "ci"]) == 0
    out = capsys.readouterr()
    token = out.out.strip()
    assert token.startswith("swt_") and "shown only this once" in out.err
    st = open_storage(database_url)
    try:
        assert st.check_token(token) and not st.check_token(token + "x")
        with st._read() as cur:
            cur.execute("SELECT token_hash, label FROM tokens")
            rows = cur.fetchall()
        assert len(rows) == 1 and token not in rows[0][0] and rows[0][1] == "ci"
    finally:
        st.close()
    assert run_cli(["serve", "token", "list", "--database", database_url]) == 0
    prefix = capsys.readouterr().out.split()[0]
    assert run_cli(["serve", "token", "revoke", prefix, "--database", database_url]) == 0
    st = open_storage(database_url)
    assert not st.check_token(token)
    st.close()


def test_import_command_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "kb.sqlite3")
    assert run_cli(["serve", "import", str(ROOT / "fixtures" / "seed" / "scores.json"), "--database", db]) == 0
    assert "revision 1" in capsys.readouterr().err
    assert open_storage(db).meta()[1] >= 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "stackwise-scores", "version": 1, "rules": [{"package": "x"}]}')
    assert run_cli(["serve", "import", str(bad), "--database", db]) == 1
    err = capsys.readouterr().err
    assert "is not a valid score file" in err and "Traceback" not in err
    assert run_cli(["serve", "token", "create", "--database", "mysql://x/y"]) == 1
    assert "unsupported database URL scheme 'mysql'" in capsys.readouterr().err
    notdb = tmp_path / "not.sqlite3"
    notdb.write_bytes(b"this is not a database" * 100)
    assert run_cli(["serve", "token", "create", "--database", str(notdb)]) == 1
    err = capsys.readouterr().err
    assert "not a database" in err and "Traceback" not in err


def test_serve_command_as_a_real_process(tmp_path: Path) -> None:
    """``stackwise serve`` in its own process: listens, answers, stops on SIGTERM."""
    port = free_port()
    db = tmp_path / "kb.sqlite3"
    tests_dir = str(Path(__file__).parent)
    code = f"import sys; sys.path.insert(0, {tests_dir!r}); from test_service import run_cli; sys.exit(run_cli(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(SRC), "STACKWISE_CONFIG_FILE": os.devnull}
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--database", str(db), "--port", str(port)],
                            cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                r = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except requests.ConnectionError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert r.json()["database"] == "sqlite"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert proc.returncode in (0, -15), err  # uvicorn re-raises SIGTERM after a clean shutdown
    assert f"on http://127.0.0.1:{port}" in err
