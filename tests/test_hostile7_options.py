"""Hostile option values for the knowledge and inspection commands, and empty strings everywhere.

An empty value (``-i "$INDEX"`` with INDEX unset) was taken for "not given" -- or, where a
path became ``Path("")``, for the working directory:

- ``-i ""`` sent the project names to pip's configured (or the public) index;
- ``--cache-dir ""`` wrote some caches into the working directory and read others from the
  default one, and ``cache clear --cache-dir ""`` emptied the default cache;
- ``--python-version ""`` locked for this interpreter;
- ``--trust-root ""`` (lock, explain, ``stackwise pip``) read a score service's unverified answers;
- ``serve --ssl-certfile ""`` served plain HTTP, ``--tuf-keys ""`` published unsigned,
  ``--database ""`` served (and ``serve import`` wrote) the default knowledge base;
  ``serve keys init --keys ""`` wrote private keys into the working directory;
- ``serve --tuf-keys DIR`` without keys said "serving ..." before its error;
- ``--results ""`` said "the database . is a directory";
- ``kb import-osv --merge ""`` wrote a layer without the rules to merge, ``kb import-osv ""``
  read the working directory as advisories.

And numbers: ``kb scan --max-wheel-mb 1e308`` was a traceback (MB -> bytes overflowed),
``kb build --since nan`` crawled without a window, ``--max-confirmations -1`` silently left the
last group uninspected (a negative slice), ``learn --max-probes -1`` learned nothing silently.

Each is now one error naming the option. Real files, real servers on 127.0.0.1, the CLI
in-process (or in a child process where the old behaviour was to serve forever).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stackwise.cli import main
from support import IndexServer, make_index
from test_hostile_sweep import one_error, run_cli


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_index(tmp_path_factory.mktemp("files"), {"alpha": {"1.0": []}})


def test_an_empty_index_url_is_refused_not_taken_for_the_configured_index(files, tmp_path, monkeypatch, capsys):
    """pip's configured index (here a local one) stands in for the public one a bare run would ask."""
    with IndexServer(files) as index:
        conf = tmp_path / "pip.conf"
        conf.write_text(f"[global]\nindex-url = {index.url}\n")
        monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
        base = ["lock", "alpha", "--no-default-scores", "--cache-dir", str(tmp_path / "cache"),
                "-o", str(tmp_path / "out.txt")]
        for extra in (["-i", ""], ["-i", "  "], ["--extra-index-url", ""], ["-f", ""]):
            index.clear_log()
            one_error(main([*base, *extra]), capsys.readouterr().err, "empty", extra[0])
            assert not index.requests_log, extra
        assert not (tmp_path / "out.txt").exists()
        assert main(base) == 0, capsys.readouterr().err  # the configured index itself works


def test_an_empty_cache_dir_is_refused_and_never_clears_the_default_cache(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    lock = ["lock", "alpha", "-f", str(files), "--no-index", "--no-default-scores", "-o", str(tmp_path / "out.txt")]
    assert main(lock) == 0, capsys.readouterr().err  # fills the default cache
    default = tmp_path / "xdg" / "stackwise"
    before = sorted(p.name for p in default.iterdir())
    assert before
    for args in (["cache", "clear"], ["cache", "info"], lock):
        one_error(main([*args, "--cache-dir", ""]), capsys.readouterr().err, "--cache-dir", "empty")
    assert sorted(p.name for p in default.iterdir()) == before
    assert sorted(os.listdir(tmp_path)) == ["out.txt", "xdg"]  # nothing written into the working directory


@pytest.mark.parametrize("extra", [[], ["--platform", "macos"]])
def test_an_empty_python_version_is_refused(files, tmp_path, capsys, extra):
    args = ["lock", "alpha", "-f", str(files), "--no-index", "--no-default-scores", "--python-version", "",
            *extra, "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")]
    one_error(main(args), capsys.readouterr().err, "--python-version ''")
    one_error(main(["kb", "scan", "alpha", "-f", str(files), "--no-index", "--python-version", "",
                    "--cache-dir", str(tmp_path / "cache")]), capsys.readouterr().err, "--python-version ''")
    assert not (tmp_path / "out.txt").exists()


def test_an_empty_results_database_name_is_named_as_empty(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    one_error(main(["inspect", "list", "--results", ""]), capsys.readouterr().err, "is empty")
    one_error(main(["learn", "--results", ""]), capsys.readouterr().err, "is empty")


def test_serve_refuses_an_empty_tls_signing_or_database_value(tmp_path, monkeypatch, capsys):
    """Before: HTTPS asked for, plain HTTP served; signing asked for, none -- until killed."""
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "data" / "kb.sqlite3")
    for extra in (["--ssl-certfile", ""], ["--tuf-keys", ""], ["--host", ""], ["--database", ""]):
        database = [] if extra[0] == "--database" else ["--database", db]
        proc = run_cli(["serve", "--port", "0", "--workers", "1", *database, *extra], cwd=tmp_path, timeout=20)
        one_error(proc.returncode, proc.stderr, extra[0], "empty")
        assert "serving" not in proc.stderr
    # missing signing keys: one error, without first saying it serves
    proc = run_cli(["serve", "--port", "0", "--workers", "1", "--database", db, "--tuf-keys", str(tmp_path / "no")],
                   cwd=tmp_path, timeout=20)
    one_error(proc.returncode, proc.stderr, "no such key file")
    assert "serving" not in proc.stderr
    scores = tmp_path / "scores.json"
    scores.write_text('{"format": "stackwise-scores", "version": 1, "rules": []}')
    one_error(main(["serve", "--database", "", "import", str(scores)]), capsys.readouterr().err, "--database")
    one_error(main(["serve", "keys", "init", "--keys", "", "--database", db]), capsys.readouterr().err, "--keys")
    assert sorted(os.listdir(tmp_path)) == ["data", "scores.json"]  # no keys, no database in the working directory


def test_kb_scan_a_wheel_limit_too_large_to_count_in_bytes(files, tmp_path, capsys):
    one_error(main(["kb", "scan", "alpha", "-f", str(files), "--no-index", "--max-wheel-mb", "1e308",
                    "--cache-dir", str(tmp_path / "cache")]), capsys.readouterr().err, "--max-wheel-mb")


@pytest.mark.parametrize("extra, needle", [(["--since", "nan"], "--since"), (["--since", "inf"], "--since"),
                                           (["--max-confirmations", "-1"], "--max-confirmations")])
def test_kb_build_refuses_a_window_or_a_count_it_cannot_use(files, tmp_path, capsys, extra, needle):
    out = tmp_path / "learned.json"
    args = ["kb", "build", "alpha", "-f", str(files), "--no-index", "--no-confirm", "--state", str(tmp_path / "st"),
            "--results", str(tmp_path / "r.db"), "--cache-dir", str(tmp_path / "cache"), "-o", str(out), *extra]
    one_error(main(args), capsys.readouterr().err, needle)
    assert not out.exists()


def test_learn_refuses_a_negative_probe_budget(tmp_path, capsys):
    doc = tmp_path / "results.json"
    doc.write_text('{"format": "stackwise-inspections", "version": 1, "results": []}')
    one_error(main(["learn", str(doc), "--max-probes", "-1", "--results", str(tmp_path / "r.db"),
                    "-o", str(tmp_path / "out.json")]), capsys.readouterr().err, "--max-probes")


_ADVISORY = ('{"id": "PYSEC-0000-1", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": '
             '"PyPI", "name": "alpha"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, '
             '{"fixed": "1.0"}]}]}]}')


def test_kb_commands_refuse_an_empty_path_or_layer(tmp_path, monkeypatch, capsys):
    """``--merge ""`` wrote a layer without the rules it was to be merged into (over the file
    meant to keep them); ``import-osv ""`` read the working directory as the advisories."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "advisory.json").write_text(_ADVISORY)
    out = tmp_path / "scores.json"
    out.write_text("kept\n")
    one_error(main(["kb", "import-osv", "", "-o", str(out)]), capsys.readouterr().err, "empty PATH")
    one_error(main(["kb", "import-osv", str(tmp_path / "advisory.json"), "--merge", "", "-o", str(out)]),
              capsys.readouterr().err, "--merge")
    one_error(main(["kb", "import-conda-patches", ""]), capsys.readouterr().err, "empty PATH")
    one_error(main(["kb", "check", ""]), capsys.readouterr().err, "empty FILE")
    assert out.read_text() == "kept\n"
    assert main(["kb", "import-osv", str(tmp_path / "advisory.json"), "-o", str(out)]) == 0  # a real path works


def test_an_empty_trust_root_is_refused_not_taken_for_none(files, tmp_path, capsys):
    """``--trust-root "$ROOT"`` with ROOT unset read a service's unverified answers."""
    lock = ["lock", "alpha", "-f", str(files), "--no-index", "--cache-dir", str(tmp_path / "cache"),
            "-o", str(tmp_path / "out.txt"), "--trust-root", ""]
    one_error(main(lock), capsys.readouterr().err, "--trust-root", "empty")
    one_error(main(["explain", "alpha", "--trust-root", ""]), capsys.readouterr().err, "--trust-root", "empty")
    proc = run_cli(["pip", "install", "alpha", "--dry-run", "--no-index", "-f", str(files), "--trust-root", ""],
                   cwd=tmp_path)
    one_error(proc.returncode, proc.stderr, "--trust-root", "empty")
    assert not (tmp_path / "out.txt").exists()


def test_scores_pull_and_inspect_refuse_an_empty_source_or_cache(files, tmp_path, monkeypatch, capsys):
    """``scores pull --from ""`` pulled from the configured service instead; ``inspect
    --wheel-cache ""`` used the default wheel cache."""
    conf = tmp_path / "stackwise.toml"
    conf.write_text('scores = ["http://127.0.0.1:9/"]\n')  # a configured service nothing answers on
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", str(conf))
    out = ["-o", str(tmp_path / "snap.json")]
    one_error(main(["scores", "pull", "--from", "", *out]), capsys.readouterr().err, "--from", "empty")
    one_error(main(["scores", "pull", "--from", "http://127.0.0.1:9/", "--trust-root", " ", *out]),
              capsys.readouterr().err, "--trust-root", "empty")
    assert not (tmp_path / "snap.json").exists()
    one_error(main(["inspect", "alpha", "--wheel-cache", "", "-f", str(files), "--no-index",
                    "--results", str(tmp_path / "r.db"), "--cache-dir", str(tmp_path / "cache")]),
              capsys.readouterr().err, "--wheel-cache", "empty")
    assert not (tmp_path / "r.db").exists()
