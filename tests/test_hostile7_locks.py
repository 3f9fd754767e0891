"""A lock with nothing to install: every requirement's marker is false on the target.

``stackwise lock --format pylock`` wrote no ``packages`` array for it, which PEP 751 requires:
``stackwise install`` (and every other installer) refused the lock stackwise had just written,
and ``stackwise inspect`` stored such a stack as ``install-failed`` ("missing 'packages' array")
in the results database. The array is now written empty, as pip installs nothing for such
inputs and succeeds.

And a Pipfile.lock source whose URL is empty took pip's configured (or the public) index; a
Pipfile.lock starting with a byte order mark, under a name that does not say its format, was read
as a requirements file ("invalid requirement '{...'"); ``install --target-venv ""`` installed into
the environment running stackwise. Real files, a real venv, a real index on
127.0.0.1, the CLI in-process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from stackwise.cli import main
from support import make_index
from test_hostile_sweep import one_error


def test_an_empty_pylock_is_written_with_its_packages_array_and_installs(tmp_path, capsys):
    links = make_index(tmp_path / "links", {"alpha": {"1.0": []}})
    lock = tmp_path / "pylock.toml"
    base = ["-f", str(links), "--no-index", "--isolated", "--cache-dir", str(tmp_path / "cache")]
    code = main(["lock", 'alpha; python_version < "3"', *base, "--no-default-scores", "--format", "pylock",
                 "-o", str(lock)])
    assert code == 0, capsys.readouterr().err
    assert "\npackages = []\n" in lock.read_text()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    code = main(["install", str(lock), "--target-venv", str(venv), *base])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    assert not list(Path(venv).glob("lib/python*/site-packages/alpha*"))


def _pipfile_lock(tmp_path: Path, index_url: str) -> Path:
    """A real Pipfile.lock for ``alpha`` from ``index_url``."""
    (tmp_path / "Pipfile").write_text(f'[[source]]\nurl = "{index_url}"\nname = "local"\nverify_ssl = false\n\n'
                                      '[packages]\nalpha = "*"\n')
    lock = tmp_path / "Pipfile.lock"
    assert main(["lock", "--format", "pipfile-lock", "-p", str(tmp_path / "Pipfile"), "-o", str(lock),
                 "--no-default-scores", "--cache-dir", str(tmp_path / "cache")]) == 0
    return lock


def test_a_pipfile_lock_source_with_an_empty_url_is_refused(tmp_path, monkeypatch, capsys):
    """``"url": ""`` (a ``${VAR}`` Pipenv left empty) was "no source": the packages came from pip's
    configured index -- here a local one, standing in for the public index."""
    import json

    from support import IndexServer

    files = make_index(tmp_path / "files", {"alpha": {"1.0": []}})
    with IndexServer(files) as index:
        lock = _pipfile_lock(tmp_path, index.url)
        data = json.loads(lock.read_text())
        data["_meta"]["sources"][0]["url"] = ""
        lock.write_text(json.dumps(data))
        conf = tmp_path / "pip.conf"
        conf.write_text(f"[global]\nindex-url = {index.url}\n")
        monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
        venv = tmp_path / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        capsys.readouterr()
        index.clear_log()
        code = main(["install", str(lock), "--target-venv", str(venv), "--cache-dir", str(tmp_path / "cache2")])
        one_error(code, capsys.readouterr().err, "empty index URL")
        assert not index.requests_log


def test_a_pipfile_lock_with_a_byte_order_mark_is_read_as_json_not_requirements(tmp_path, capsys):
    """Under a name that does not say its format, the BOM hid the ``{``: "invalid requirement '{...'"."""
    odd = tmp_path / "lockfile"
    odd.write_text('\ufeff{"_meta": {"sources": []}, "default": {}, "develop": {}}', encoding="utf-8")
    err = one_error(main(["install", str(odd), "--target-venv", str(tmp_path / "venv")]), capsys.readouterr().err)
    assert "invalid requirement" not in err and "BOM" in err


def test_install_refuses_an_empty_target_venv_or_lock_name(tmp_path, capsys):
    """``--target-venv "$VENV"`` with VENV unset installed into the environment running stackwise
    (and replaced its versions); ``install ""`` said "the lock file  is a directory". The lock here
    names a file no location has, so the unfixed code stops at fetching, before installing."""
    lock = tmp_path / "requirements.txt"
    lock.write_text("alpha==1.0 --hash=sha256:" + "0" * 64 + "\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    base = ["--offline", "--no-index", "-f", str(empty), "--cache-dir", str(tmp_path / "cache")]
    one_error(main(["install", str(lock), "--target-venv", "", *base]), capsys.readouterr().err,
              "--target-venv", "empty")
    one_error(main(["install", "", "--target-venv", str(tmp_path / "venv"), *base]), capsys.readouterr().err,
              "lock file given is empty")
