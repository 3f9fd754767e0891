"""Online clients with a pinned trust root use the TUF-verified snapshot, never unsigned answers.

Real components throughout: the score service on 127.0.0.1 with its SQLite database and keys
from `stackwise serve keys init` (the :class:`Repo` of test_server_tuf), the client's
``tuf.ngclient`` updater behind stackwise's deadline-bound fetcher, and for the deadline a
real server that trickles its answers. Each refused refresh must leave the last verified
knowledge in use (a security veto must not disappear) and say why once.
"""

from __future__ import annotations

import dataclasses
import datetime
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stackwise.config import Settings
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.service import ScoreServiceError, resolve_score_sources
from stackwise.options import ScoreOptions
from stackwise.server.signing import Publisher
from test_score_client_limits import hostile  # noqa: F401  (a fixture)
from test_server_tuf import Repo, _copy_database, rule


@pytest.fixture
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Repo]:
    r = Repo(tmp_path, capsys)
    yield r
    r.stop()
    r.storage.close()


class Client:
    """``resolve_score_sources`` as ``stackwise lock --scores URL`` calls it, with ``trust_root`` set."""

    def __init__(self, repo: Repo, **settings: Any) -> None:
        self.repo = repo
        self.warnings: list[str] = []
        self.settings = dataclasses.replace(Settings(), trust_root=str(repo.root), **settings)

    def kb(self, url: str, *, ttl: float = 0.0, offline: bool = False, require: bool = False) -> Any:
        options = ScoreOptions(scores=(url,), no_default_scores=True, scores_ttl=ttl, offline=offline,
                               require_scores=require, cache_dir=str(self.repo.cache))
        return resolve_score_sources(options, ["pillow", "numpy"], settings=self.settings, warn=self.warnings.append)

    def ids(self, url: str, **kw: Any) -> list[str]:
        kb = self.kb(url, **kw)
        return sorted(r.id for name in ("pillow", "numpy", "scipy") for r in kb.for_package(name))


def test_online_client_uses_the_verified_snapshot_and_no_unsigned_answer(repo: Repo) -> None:
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"), rule("s-1", "numpy"))
    url = repo.start()
    client = Client(repo)
    assert client.ids(url) == ["s-1", "veto-1"] and client.warnings == []
    # Nothing came through the unsigned per-package path: the service rendered no package answer.
    assert len(repo.server.service._docs) == 0  # type: ignore[union-attr]
    verified = list((repo.cache / "tuf-v1").glob("*/targets/*.scores.json"))
    assert len(verified) == 1
    # A new revision is followed on the next refresh; the old verified file is dropped.
    repo.write(rule("s-2", "scipy"))
    assert client.ids(url) == ["s-1", "s-2", "veto-1"]
    assert len(list((repo.cache / "tuf-v1").glob("*/targets/*.scores.json"))) == 1
    # Within the TTL of the last verification no socket is needed at all.
    repo.stop()
    assert client.ids(url, ttl=3600) == ["s-1", "s-2", "veto-1"] and client.warnings == []
    assert client.ids(url, offline=True) == ["s-1", "s-2", "veto-1"] and client.warnings == []


def test_a_service_that_signs_nothing_is_not_trusted_online(repo: Repo) -> None:
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"))
    url = repo.start(signing=False)
    client = Client(repo)
    kb = client.kb(url)
    assert isinstance(kb, KnowledgeBase) and not kb.for_package("pillow")  # pip's order, not unsigned rules
    assert len(client.warnings) == 1 and "No verified snapshot" in client.warnings[0]
    with pytest.raises(ScoreServiceError, match="--require-scores: no verified scores"):
        client.kb(url, require=True)


def test_online_rollback_is_refused_and_the_veto_kept(repo: Repo) -> None:
    repo.write(rule("s-1", "numpy"))
    repo.start()
    client = Client(repo)
    url = repo.server.url  # type: ignore[union-attr]
    assert client.ids(url) == ["s-1"]
    backup = repo.tmp / "backup.sqlite3"
    _copy_database(repo.db, backup)
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"))
    url = repo.start()
    assert client.ids(url) == ["s-1", "veto-1"]
    repo.stop()
    _copy_database(backup, repo.db)  # an older, validly signed state comes back
    url = repo.start()
    assert client.ids(url) == ["s-1", "veto-1"]  # the last verified knowledge, veto included
    assert len(client.warnings) == 1 and "rollback" in client.warnings[0]
    assert "last verified knowledge" in client.warnings[0]


def test_online_freeze_and_tampered_target_are_refused(repo: Repo) -> None:
    repo.write(rule("s-1", "numpy"))
    url = repo.start()
    client = Client(repo)
    assert client.ids(url) == ["s-1"]
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"))
    past = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(days=3)
    Publisher(repo.storage, repo.keys).publish(now=past, force=True)
    url = repo.start(signing=False)
    assert client.ids(url) == ["s-1"]
    assert len(client.warnings) == 1 and "has expired" in client.warnings[0] and "freeze" in client.warnings[0]
    # A fresh machine meets a target altered after signing (the veto dropped): refused, nothing used.
    Publisher(repo.storage, repo.keys).publish(force=True)
    repo.tamper("UPDATE tuf_files SET body = REPLACE(body, '\"veto\":true', '\"veto\":null') "
                "WHERE name LIKE 'targets/%'")
    repo.cache = repo.tmp / "fresh-machine"
    fresh = Client(repo)
    kb = fresh.kb(url)
    assert not kb.for_package("pillow") and not kb.for_package("numpy")
    assert len(fresh.warnings) == 1 and "does not match its signed length and hash" in fresh.warnings[0]


def test_an_online_refresh_is_bounded_by_the_overall_deadline(repo: Repo, hostile: Any) -> None:  # noqa: F811
    repo.write(rule("veto-1", "pillow", veto=True, spec="<10"))
    url = repo.start()
    client = Client(repo, scores_deadline=1.5, scores_timeout=10.0)
    assert client.ids(url) == ["veto-1"]
    for mode in ("trickle-headers", "trickle-body"):  # one byte every 0.3 s: no read timeout ever trips
        slow = hostile(mode)
        client.warnings.clear()
        got: list[list[str]] = []
        started = time.monotonic()
        worker = threading.Thread(target=lambda: got.append(client.ids(slow.url)), daemon=True)  # noqa: B023
        worker.start()
        worker.join(timeout=1.5 + 1.0)  # a per-read timeout alone would hang here for ever
        elapsed = time.monotonic() - started
        assert not worker.is_alive() and elapsed < 1.5 + 1.0, elapsed
        assert got == [["veto-1"]]  # same pinned root: the last verified knowledge
        assert len(client.warnings) == 1 and "1.5 s deadline" in client.warnings[0], client.warnings


def test_a_bad_trust_root_is_one_clear_error(repo: Repo, tmp_path: Path) -> None:
    url = repo.start()
    client = Client(repo)
    client.settings = dataclasses.replace(client.settings, trust_root=str(tmp_path / "missing.json"))
    with pytest.raises(ScoreServiceError, match="cannot read the pinned root metadata"):
        client.kb(url)


def test_lock_with_a_trust_root_keeps_a_verified_veto_through_a_rollback(
        repo: Repo, index_factory: Any, seed_graph: Any, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from stackwise.cli import main

    monkeypatch.setenv("STACKWISE_TRUST_ROOT", str(repo.root))
    index = index_factory(seed_graph)
    out = repo.tmp / "lock.txt"

    def lock(url: str) -> tuple[str, str]:
        code = main(["lock", "simplelib", "--scores", url, "--no-default-scores", "--index-url", index.url,
                     "--isolated", "--cache-dir", str(repo.cache), "--scores-ttl", "0", "-o", str(out)])
        err = capsys.readouterr().err
        assert code == 0, err
        return next(line for line in out.read_text().splitlines() if line.startswith("simplelib==")), err

    repo.write(rule("s-1", "anotherlib"))
    url = repo.start()
    assert lock(url)[0].startswith("simplelib==2.0")  # pip's pick: nothing against it yet
    backup = repo.tmp / "backup.sqlite3"
    _copy_database(repo.db, backup)  # holds the signed metadata published so far
    repo.write(rule("veto-2", "simplelib", veto=True, spec="==2.0"))  # the security veto arrives
    assert lock(url)[0].startswith("simplelib==1.0")  # verified, and applied
    repo.stop()
    _copy_database(backup, repo.db)  # the service comes back from the backup, without the veto
    url = repo.start()
    pin, err = lock(url)
    assert pin.startswith("simplelib==1.0"), err  # the last verified knowledge: the veto holds
    assert err.count("warning:") == 1 and "rollback" in err and "Traceback" not in err, err
