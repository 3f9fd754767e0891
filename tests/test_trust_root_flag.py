"""``--trust-root PATH`` on ``stackwise lock``, ``explain`` and ``stackwise pip``.

Against a real ``stackwise serve --tuf-keys`` process on 127.0.0.1 (keys from ``stackwise
serve keys init``, rules stored with ``stackwise serve import``), with no ``trust_root``
setting and no ``STACKWISE_TRUST_ROOT``: the flag alone must make the client read the
service through its TUF-verified snapshot. The service's own root lets the veto through;
a foreign root (another ``keys init``) must refuse the service's metadata, so the lock
falls back to pip's order with one warning, or fails cleanly with ``--require-scores``.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stackwise.cli import main
from stackwise.integrations.pip_resolver import options_from_args, split_args
from test_pip_integration import Venv, report_pins
from test_server_hardening import _serve_process
from test_service import free_port, run_cli

VETO = {"id": "veto-2", "package": "simplelib", "specifier": "==2.0", "veto": True, "category": "security",
        "message": "a known advisory", "link": "https://example.org/advisory", "source": "tests"}


class Service:
    """``stackwise serve --tuf-keys KEYS`` in its own process, on a database holding the veto."""

    def __init__(self, tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = tmp / "kb.sqlite3"
        keys, other = tmp / "keys", tmp / "other-keys"
        for directory, db in ((keys, self.db), (other, tmp / "other.sqlite3")):
            assert run_cli(["serve", "keys", "init", "--keys", str(directory), "--database", str(db)]) == 0
        self.root, self.foreign = keys / "root.json", other / "root.json"
        rules = tmp / "rules.json"
        rules.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [VETO]}))
        assert run_cli(["serve", "import", str(rules), "--database", str(self.db)]) == 0
        capsys.readouterr()
        port = free_port()
        self.proc, health = _serve_process(["--database", str(self.db), "--tuf-keys", str(keys)], port, tmp)
        assert health.status_code == 200
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stderr is not None:
            self.proc.stderr.close()


@pytest.fixture
def service(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    monkeypatch.delenv("STACKWISE_TRUST_ROOT", raising=False)
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    s = Service(tmp_path, capsys)
    yield s
    s.stop()


def _lock(service: Service, index: Any, cache: Path, out: Path, *extra: str) -> int:
    return main(["lock", "simplelib", "--scores", service.url, "--no-default-scores", "--index-url", index.url,
                 "--isolated", "--cache-dir", str(cache), "--scores-ttl", "0", "-o", str(out), *extra])


def _pin(out: Path) -> str:
    return next(line for line in out.read_text().splitlines() if line.startswith("simplelib=="))


def test_lock_with_the_flag_reads_the_verified_snapshot(service: Service, index_factory: Any, seed_graph: Any,
                                                        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = index_factory(seed_graph)
    cache, out = tmp_path / "cache", tmp_path / "lock.txt"
    assert _lock(service, index, cache, out, "--trust-root", str(service.root)) == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert _pin(out).startswith("simplelib==1.0") and "warning" not in err, err  # the verified veto holds
    assert len(list((cache / "tuf-v1").glob("*/targets/*.scores.json"))) == 1  # through TUF, not per package
    # No per-package answer of the service was cached (the index's JSON API, asked about the
    # releases the knowledge moved off pip's pick, has a directory of its own there).
    from stackwise.knowledge.cache import service_key

    answers = cache / "scores-v1" / service_key(service.url.rstrip("/")) / "packages"
    assert not answers.exists() or not list(answers.glob("*.json"))


def test_lock_with_a_foreign_root_refuses_the_service(service: Service, index_factory: Any, seed_graph: Any,
                                                      tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = index_factory(seed_graph)
    cache, out = tmp_path / "cache", tmp_path / "lock.txt"
    assert _lock(service, index, cache, out, "--trust-root", str(service.foreign)) == 0
    err = capsys.readouterr().err
    assert _pin(out).startswith("simplelib==2.0"), err  # pip's order: nothing unverified was used
    assert err.count("warning:") == 1 and "No verified snapshot" in err and "Traceback" not in err, err
    out.unlink()
    code = _lock(service, index, cache, out, "--trust-root", str(service.foreign), "--require-scores")
    err = capsys.readouterr().err
    assert code != 0 and "--require-scores: no verified scores" in err and "Traceback" not in err, err
    assert not out.exists()
    code = _lock(service, index, cache, out, "--trust-root", str(tmp_path / "missing.json"))
    err = capsys.readouterr().err
    assert code != 0 and "cannot read the pinned root metadata" in err and "Traceback" not in err, err


def test_explain_with_the_flag(service: Service, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path / "cache"

    def explain(root: Path) -> tuple[int, str, str]:
        code = main(["explain", "simplelib", "--scores", service.url, "--no-default-scores", "--json",
                     "--cache-dir", str(cache), "--scores-ttl", "0", "--trust-root", str(root)])
        got = capsys.readouterr()
        return code, got.out, got.err

    code, out, err = explain(service.root)
    assert code == 0 and "veto-2" in out and "warning" not in err, err
    code, out, err = explain(service.foreign)
    assert code == 0 and "veto-2" not in out and "No verified snapshot" in err, (out, err)


def test_pip_takes_the_flag_out_of_pips_command_line() -> None:
    ours, rest = split_args(["install", "--trust-root", "root.json", "-q", "--trust-root=other.json", "x"])
    assert rest == ["install", "-q", "x"]
    assert options_from_args(ours).trust_root == "other.json"
    assert options_from_args([]).trust_root is None


def test_stackwise_pip_with_the_flag(service: Service, index_factory: Any, seed_graph: Any, tmp_path: Path) -> None:
    index = index_factory(seed_graph)
    venv = Venv(tmp_path / "venv")
    report = tmp_path / "report.json"

    def install(root: Path) -> subprocess.CompletedProcess[str]:
        return venv.stackwise("pip", "install", "--dry-run", "-q", "--report", str(report), "-i", index.url,
                              "--scores", service.url, "--no-default-scores", "--trust-root", str(root),
                              "simplelib")

    proc = install(service.root)
    assert report_pins(report)["simplelib"] == "1.0", proc.stderr
    proc = install(service.foreign)
    assert report_pins(report)["simplelib"] == "2.0", proc.stderr
    assert "No verified snapshot" in proc.stderr, proc.stderr


def test_the_python_api_takes_trust_root(service: Service, index_factory: Any, seed_graph: Any,
                                         tmp_path: Path) -> None:
    """stackwise.lock(..., trust_root=PATH): the same as the flag (docs/api.md)."""
    import stackwise

    index = index_factory(seed_graph)

    def pick(root: Path) -> str:
        result = stackwise.lock(["simplelib"], scores=[service.url], default_scores=False, index_url=index.url,
                                isolated=True, cache_dir=str(tmp_path / f"cache-{root.parent.name}"),
                                scores_ttl=0, trust_root=root)
        return result.pins["simplelib"].version

    assert pick(service.root) == "1.0"  # the verified veto holds
    assert pick(service.foreign) == "2.0"  # a foreign root: nothing unverified is used
