"""``stackwise lock --format pipfile-lock`` under pip's configured constraint files
(``PIP_CONSTRAINT``, ``constraint =``) whose index lines name other indexes, against real pip.

Why: the Pipfile's ``[[source]]`` entries reach pip on its command line (``pipenv install`` and
``pipenv sync`` run ``pip install -i SOURCE --extra-index-url ... -r <hashed requirements>``), and
that pip reads its configured constraint files after the command line: their ``--index-url`` line
replaces the sources, their ``--extra-index-url`` adds one. Before, the Pipfile.lock was made from
the sources alone, so it pinned a version pip then could not find (or not with those hashes), and
the constraint files were read and parsed again for every section the plan resolves.

Fixture indexes on 127.0.0.1: ``old`` lists alpha 1.0, ``new`` alpha 2.0.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import stackwise.commands.pipfile_lock
import stackwise.reqfile
from stackwise.cli import main
from support import IndexServer, build_wheel
from test_format_control_more import pip_picks
from test_install import make_venv
from test_pipconfig_constraint_index import counted_constraint_reads
from test_pipfile_lock import write_pipfile


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    old, new = (tmp_path_factory.mktemp(n) for n in ("pp-old-index", "pp-new-index"))
    build_wheel(old, "alpha", "1.0")
    build_wheel(new, "alpha", "2.0")
    with IndexServer(old) as a, IndexServer(new) as b:
        yield {"old": a.url, "new": b.url}


def _lock(tmp_path: Path, capsys: pytest.CaptureFixture[str], pipfile: Path) -> tuple[int, dict, str]:
    out = tmp_path / "proj" / "Pipfile.lock"
    code = main(["lock", "--format", "pipfile-lock", "-p", str(pipfile), "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, json.loads(out.read_text()) if out.exists() else {}, err


#: (configured constraints file, pip's alpha for `pip install -i <the Pipfile's source> alpha`)
CASES = {
    "cc-index-replaces-the-sources": ("--index-url {new}\n", "2.0"),
    "cc-extra-index": ("--extra-index-url {new}\n", "2.0"),
    "cc-constraint-and-extra-index": ("--extra-index-url {new}\nalpha<2\n", "1.0"),
}


@pytest.mark.parametrize("where", ["pip.conf", "PIP_CONSTRAINT"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_pipfile_lock_is_what_pipenvs_pip_installs(tmp_path, capsys, monkeypatch, places, case, where) -> None:
    cc, version = CASES[case]
    ccfile = tmp_path / "constraints.txt"
    ccfile.write_text(cc.format(**places))
    pipconf = tmp_path / "pip.conf"
    pipconf.write_text("[global]\n" + (f"constraint = {ccfile}\n" if where == "pip.conf" else ""))
    env = {"PIP_CONFIG_FILE": str(pipconf), **({"PIP_CONSTRAINT": str(ccfile)} if where == "PIP_CONSTRAINT" else {})}
    # what `pipenv install` / `pipenv sync` run: the source on pip's command line
    assert pip_picks(tmp_path, "-i", places["old"], "alpha", env=env)["alpha"][0] == version
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    pipfile = write_pipfile(tmp_path / "proj", places["old"], 'alpha = "*"\n')
    code, lock, err = _lock(tmp_path, capsys, pipfile)
    assert code == 0, err
    entry = lock["default"]["alpha"]
    assert entry["version"] == f"=={version}"
    # pip, as Pipenv runs it for this lock, finds the locked file and accepts its hash
    reqs = tmp_path / "hashed-reqs.txt"
    reqs.write_text(f"alpha=={version} " + " ".join(f"--hash={h}" for h in entry["hashes"]) + "\n")
    picks = pip_picks(tmp_path, "-i", places["old"], "--no-deps", "--require-hashes", "-r", str(reqs), env=env)
    assert picks["alpha"][0] == version
    # ... and so does `stackwise install` of the Pipfile.lock
    venv = make_venv(tmp_path / "venv")
    code = main(["install", str(tmp_path / "proj" / "Pipfile.lock"), "--target-venv", str(venv), "--dry-run",
                 "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"would install alpha=={version}" in err, err


def test_configured_constraint_files_are_read_once_per_pipfile_lock(tmp_path, capsys, monkeypatch, places) -> None:
    """Read once (by IndexConfig.from_pip) for all the sections' resolutions; their constraints apply."""
    ccfile, reads = counted_constraint_reads(tmp_path, monkeypatch, places, stackwise.commands.pipfile_lock)
    pipfile = write_pipfile(tmp_path / "proj", places["old"], 'alpha = "*"\n', 'alpha = "*"\n')
    code, lock, err = _lock(tmp_path, capsys, pipfile)
    assert code == 0, err
    assert lock["default"]["alpha"]["version"] == lock["develop"]["alpha"]["version"] == "==1.0"
    assert reads == [str(ccfile)]


def test_a_universal_pipfile_lock_applies_them_too(tmp_path, capsys, monkeypatch, places) -> None:
    ccfile = tmp_path / "constraints.txt"
    ccfile.write_text(f"--index-url {places['new']}\n")
    assert pip_picks(tmp_path, "-i", places["old"], "alpha", env={"PIP_CONSTRAINT": str(ccfile)})["alpha"][0] == "2.0"
    monkeypatch.setenv("PIP_CONSTRAINT", str(ccfile))
    pipfile = write_pipfile(tmp_path / "proj", places["old"], 'alpha = "*"\n')
    out = tmp_path / "proj" / "Pipfile.lock"
    code = main(["lock", "--format", "pipfile-lock", "--universal", "-p", str(pipfile), "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert json.loads(out.read_text())["default"]["alpha"]["version"] == "==2.0"
