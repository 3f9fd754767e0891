"""Signed, rollback-safe knowledge: the service publishes TUF metadata, `scores pull` verifies it.

Real components throughout: the score service on 127.0.0.1 with its SQLite database, keys
made by `stackwise serve keys init`, and the client's `tuf.ngclient` updater. An attacker is
modelled as someone who controls the database (or a mirror of it) but not the keys: they
change the stored files, restore an old backup, replay old metadata or publish a root of
their own. Each attack must be refused with a clear error and the last good score file kept.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stackwise.knowledge.scorefile import load_score_file, loads
from stackwise.server.app import ServiceSettings
from stackwise.server.runner import ServerThread
from stackwise.server.signing import Publisher
from stackwise.server.storage import Storage, open_storage
from test_service import doc, postgres, rule, run_cli  # noqa: F401  (postgres: a fixture)


class Repo:
    """A database with keys, and a way to (re)start the service on it."""

    def __init__(self, tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp = tmp
        self.db = tmp / "kb.sqlite3"
        self.keys = tmp / "keys"
        self.cache = tmp / "client-cache"
        self.out = tmp / "pulled.json"
        self.capsys = capsys
        assert run_cli(["serve", "keys", "init", "--keys", str(self.keys), "--root-keys", "3", "--threshold", "2",
                        "--database", str(self.db)]) == 0
        err = capsys.readouterr().err
        assert "trust_root" in err and "offline" in err
        self.root = self.keys / "root.json"
        self.storage: Storage = open_storage(str(self.db))
        self.server: ServerThread | None = None

    def write(self, *rules: dict[str, Any]) -> None:
        self.storage.put_rules(loads(json.dumps(doc(*rules)), "rules").rules)

    def start(self, *, signing: bool = True) -> str:
        self.stop()
        settings = ServiceSettings(tuf_keys=str(self.keys) if signing else None)
        self.server = ServerThread(self.storage, settings=settings).start()
        return self.server.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def pull(self) -> tuple[int, str]:
        assert self.server is not None
        code = run_cli(["scores", "pull", "--from", self.server.url, "-o", str(self.out), "--trust-root",
                        str(self.root), "--cache-dir", str(self.cache)])
        return code, self.capsys.readouterr().err

    def pulled_ids(self) -> list[str]:
        return sorted(r.id for r in load_score_file(str(self.out)).rules)

    def tamper(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        with self.storage._write() as cur:
            cur.execute(sql, params)
            return int(cur.rowcount or 0)


@pytest.fixture
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Repo]:
    r = Repo(tmp_path, capsys)
    yield r
    r.stop()
    r.storage.close()


def test_a_signed_snapshot_is_verified_and_follows_new_revisions(repo: Repo) -> None:
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"), rule("s-1", "numpy"))
    repo.start()
    code, err = repo.pull()
    assert code == 0 and "verified against" in err, err
    assert repo.pulled_ids() == ["s-1", "veto-1"]
    repo.write(rule("s-2", "scipy"))
    code, err = repo.pull()
    assert code == 0, err
    assert repo.pulled_ids() == ["s-1", "s-2", "veto-1"]
    assert load_score_file(str(repo.out)).revision == "2"
    trusted = next((repo.cache / "tuf-v1").iterdir())
    assert {"root.json", "timestamp.json", "snapshot.json", "targets.json"} <= {p.name for p in trusted.iterdir()}


def test_tampered_target_is_refused_and_the_last_good_file_kept(repo: Repo) -> None:
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"))
    repo.start()
    assert repo.pull()[0] == 0
    good = repo.out.read_bytes()
    # The attacker drops the veto from the stored target (same length, so only the hash can tell).
    changed = repo.tamper("UPDATE tuf_files SET body = REPLACE(body, '\"veto\":true', '\"veto\":null') "
                          "WHERE name LIKE 'targets/%'")
    assert changed == 1
    repo.start(signing=False)
    # This machine already holds the verified target of that version: it keeps using it and
    # never reads the altered bytes.
    code, err = repo.pull()
    assert code == 0, err
    assert repo.pulled_ids() == ["veto-1"] and load_score_file(str(repo.out)).rules[0].veto
    good = repo.out.read_bytes()
    # A machine without it (the same pinned root, an empty cache) downloads the altered file: refused.
    repo.cache = repo.tmp / "another-machine"
    code, err = repo.pull()
    assert code != 0 and "does not match its signed length and hash" in err and "Traceback" not in err
    assert repo.out.read_bytes() == good


def _copy_database(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy whatever the WAL holds."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def test_a_restored_older_database_is_a_rollback_and_refused(repo: Repo) -> None:
    repo.write(rule("s-1", "numpy"))
    repo.start()
    assert repo.pull()[0] == 0
    backup = repo.tmp / "backup.sqlite3"
    _copy_database(repo.db, backup)
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"))  # the security veto arrives
    repo.start()
    assert repo.pull()[0] == 0 and repo.pulled_ids() == ["s-1", "veto-1"]
    good = repo.out.read_bytes()
    repo.stop()
    _copy_database(backup, repo.db)  # the administrator restores last week's backup
    repo.start()  # with the real keys: the restored metadata is validly signed, just older
    code, err = repo.pull()
    assert code != 0 and "rollback" in err and "Traceback" not in err, err
    assert repo.out.read_bytes() == good  # the veto is still there
    # Refused until the service signs a new publication: the administrator's next write is newer
    # than anything signed before the restore (versions are at least the time in seconds).
    time.sleep(2.1)  # versions are whole seconds: past the second of the last publication seen
    repo.write(rule("s-3", "scipy"))
    code, err = repo.pull()
    assert code == 0 and repo.pulled_ids() == ["s-1", "s-3"], err


def test_an_expired_timestamp_is_a_freeze_and_refused(repo: Repo) -> None:
    repo.write(rule("s-1", "numpy"))
    repo.start()
    assert repo.pull()[0] == 0
    good = repo.out.read_bytes()
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"))
    # Metadata signed three days ago (valid signatures, newer versions) and replayed today.
    past = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(days=3)
    Publisher(repo.storage, repo.keys).publish(now=past, force=True)
    repo.start(signing=False)
    code, err = repo.pull()
    assert code != 0 and "has expired" in err and "freeze" in err, err
    assert repo.out.read_bytes() == good


def test_rotated_keys_are_followed_and_a_foreign_root_is_refused(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(rule("s-1", "numpy"))
    repo.start()
    assert repo.pull()[0] == 0
    repo.stop()
    assert run_cli(["serve", "keys", "rotate", "--keys", str(repo.keys), "--role", "online", "--role", "root",
                    "--database", str(repo.db)]) == 0
    assert "root version 2" in capsys.readouterr().err
    assert len(list((repo.keys / "retired").rglob("*.pem"))) == 6  # 3 root + 3 online keys retired
    repo.write(rule("s-2", "scipy"))
    repo.start()  # restarted with the rotated online keys
    code, err = repo.pull()
    assert code == 0, err
    assert repo.pulled_ids() == ["s-1", "s-2"]
    good = repo.out.read_bytes()
    # An attacker with the database but no root keys publishes a root of their own (version 3).
    import tuf.api.metadata as md
    from securesystemslib.signer import CryptoSigner

    mine = CryptoSigner.generate_ed25519()
    root = md.Metadata.from_bytes(repo.storage.tuf_file("2.root.json").encode())  # type: ignore[union-attr]
    root.signed.version = 3
    for role in ("root", "targets", "snapshot", "timestamp"):
        for keyid in list(root.signed.roles[role].keyids):
            root.signed.revoke_key(keyid, role)
        root.signed.add_key(mine.public_key, role)
    root.signed.roles["root"].threshold = 1
    root.signatures.clear()
    root.sign(mine)
    with repo.storage.tuf_transaction() as tx:
        tx.put("3.root.json", root.to_bytes().decode())
    repo.start(signing=False)
    code, err = repo.pull()
    assert code != 0 and "not signed by the trusted keys" in err and "Traceback" not in err, err
    assert repo.out.read_bytes() == good
    # The old keys cannot serve any more (the service refuses to start with them).
    from stackwise.errors import StackwiseError

    with pytest.raises(StackwiseError, match="not the targets key of the newest root|no longer in root"):
        Publisher(repo.storage, repo.keys / "retired" / "before-root-2")


def test_key_commands_and_endpoints_refuse_mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "kb.sqlite3")
    st = open_storage(db)
    try:
        with ServerThread(st) as server:
            import requests

            r = requests.get(server.url + "/v1/tuf/timestamp.json", timeout=30)
            assert r.status_code == 404 and "serve keys init" in r.json()["error"]
            assert requests.get(server.url + "/v1/tuf/state.json", timeout=30).status_code == 404
            assert requests.get(server.url + "/v1/tuf/targets/../kb", timeout=30).status_code == 404
    finally:
        st.close()
    assert run_cli(["serve", "--database", db, "--tuf-keys", str(tmp_path / "none")]) == 1
    assert "serve keys init" in capsys.readouterr().err
    keys = tmp_path / "keys"
    assert run_cli(["serve", "keys", "init", "--keys", str(keys), "--database", db]) == 0
    capsys.readouterr()
    assert run_cli(["serve", "keys", "init", "--keys", str(tmp_path / "k2"), "--database", db]) == 1
    assert "already has signing keys" in capsys.readouterr().err
    assert run_cli(["serve", "keys", "init", "--keys", str(tmp_path / "k3"), "--root-keys", "2", "--threshold", "3",
                    "--database", str(tmp_path / "other.sqlite3")]) == 1
    assert "threshold" in capsys.readouterr().err
    st = open_storage(db)
    try:
        with ServerThread(st) as server:  # no keys, but published metadata in the database
            code = run_cli(["scores", "pull", "--from", server.url, "-o", str(tmp_path / "o.json"), "--trust-root",
                            str(tmp_path / "missing-root.json"), "--cache-dir", str(tmp_path / "c")])
            assert code == 1 and "cannot read the pinned root" in capsys.readouterr().err
    finally:
        st.close()


def test_trust_root_from_the_config_file(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text('trust_root = "keys/root.json"\n')  # relative to the file that says it
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", str(config))
    repo.write(rule("s-1", "numpy"))
    url = repo.start()
    out = tmp_path / "via-config.json"
    assert run_cli(["scores", "pull", "--from", url, "-o", str(out), "--cache-dir", str(repo.cache)]) == 0
    assert "verified against" in capsys.readouterr().err
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    before = out.read_bytes()
    repo.write(rule("s-2", "scipy"))
    # Without a pinned root a pull is refused (a pulled snapshot is always verified) ...
    assert run_cli(["scores", "pull", "--from", url, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "no trust root is pinned" in err and "--trust-root PATH" in err and "--insecure-no-verify" in err
    assert "Traceback" not in err and out.read_bytes() == before
    # ... unless the user opts out explicitly, and is warned.
    assert run_cli(["scores", "pull", "--from", url, "-o", str(out), "--insecure-no-verify"]) == 0
    assert "warning: --insecure-no-verify" in capsys.readouterr().err
    assert sorted(r.id for r in load_score_file(str(out)).rules) == ["s-1", "s-2"]


def test_signed_publication_on_postgresql(postgres: Any, tmp_path: Path,  # noqa: F811
                                          capsys: pytest.CaptureFixture[str]) -> None:
    url = postgres.new_database()
    keys = tmp_path / "keys"
    assert run_cli(["serve", "keys", "init", "--keys", str(keys), "--database", url]) == 0
    st = open_storage(url)
    try:
        st.put_rules(loads(json.dumps(doc(rule("p-1", "numpy"))), "rules").rules)
        with ServerThread(st, settings=ServiceSettings(tuf_keys=str(keys))) as server:
            out = tmp_path / "pulled.json"
            args = ["scores", "pull", "--from", server.url, "-o", str(out), "--trust-root", str(keys / "root.json"),
                    "--cache-dir", str(tmp_path / "cache")]
            assert run_cli(args) == 0
            st.put_rules(loads(json.dumps(doc(rule("p-2", "scipy"))), "rules").rules)
            assert run_cli(args) == 0, capsys.readouterr().err
            assert sorted(r.id for r in load_score_file(str(out)).rules) == ["p-1", "p-2"]
    finally:
        st.close()
