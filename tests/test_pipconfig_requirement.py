"""pip's configured requirements files (``PIP_REQUIREMENT``, ``requirement =`` in pip.conf).

Why: ``pip install`` reads them as if each were given with ``-r`` (before the command line's
``-r`` files); ``stackwise lock`` ignored them, so under such a configuration it locked another
set of requirements than pip installs, or said "Nothing to lock" where pip installs. Real pip on
a fixture index (127.0.0.1) is the reference.

The index: ``alpha`` 2.0 ships only an sdist, ``alpha`` 1.0 a wheel and an sdist, ``beta`` 1.0 a
wheel and an sdist.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stackwise.cli import main
from support import IndexServer
from support.formats import build_format_index
from support.locks import pins_of
from test_format_control_more import pip_picks

REUSED = "reused the lock computed at"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IndexServer]:
    with IndexServer(build_format_index(tmp_path_factory.mktemp("pipconfig-requirement-files"))) as srv:
        yield srv


def lock(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    out = tmp_path / "lock.txt"
    if out.exists():
        out.unlink()
    code = main(["lock", *args, "--index-url", url, "--no-default-scores", "--cache-dir", str(tmp_path / "cache"),
                 "-o", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, out.read_text() if out.exists() else "", err


def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, *files: Path) -> dict[str, str]:
    """Name ``files`` in pip's configuration (the environment or pip.conf); the PIP_* variables set."""
    pipconf = tmp_path / "pip.conf"
    names = " ".join(str(f) for f in files)
    pipconf.write_text("[global]\n" + (f"requirement = {names}\n" if where == "pip.conf" else ""))
    env = {"PIP_CONFIG_FILE": str(pipconf), **({"PIP_REQUIREMENT": names} if where == "PIP_REQUIREMENT" else {})}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.mark.parametrize("where", ["PIP_REQUIREMENT", "pip.conf"])
@pytest.mark.parametrize(("configured", "cli"), [
    ("beta\n", ("alpha",)),  # added to the command line's requirements
    ("alpha\nbeta\n", ()),  # the only requirements: pip installs them, stackwise said "Nothing to lock"
    ("--only-binary :all:\nalpha\n", ("beta",)),  # its option lines apply as a -r file's do
])
def test_configured_requirement_files_are_locked_as_pip_installs_them(tmp_path, capsys, monkeypatch, server, where,
                                                                      configured, cli) -> None:
    rfile = tmp_path / "configured.txt"
    rfile.write_text(configured)
    env = configure(tmp_path, monkeypatch, where, rfile)
    picks = pip_picks(tmp_path, "--index-url", server.url, *cli, env=env)
    code, text, err = lock(tmp_path, capsys, server.url, *cli)
    assert code == 0, err
    assert pins_of(text) == {name: version for name, (version, _) in picks.items()}
    assert set(pins_of(text)) == {"alpha", "beta"}
    assert f"-r {rfile}" in text  # the lock says where the requirement came from


def test_configured_files_come_before_the_command_lines_as_pip_reads_them(tmp_path, capsys, monkeypatch,
                                                                          server) -> None:
    """pip puts the configured list first and appends ``-r`` files: the command line's file's
    ``--only-binary :none:`` is the later option line, so alpha 2.0 (sdist only) is pip's pick."""
    configured, given = tmp_path / "configured.txt", tmp_path / "given.txt"
    configured.write_text("--only-binary :all:\nalpha\n")
    given.write_text("--only-binary :none:\nbeta\n")
    env = configure(tmp_path, monkeypatch, "PIP_REQUIREMENT", configured)
    picks = pip_picks(tmp_path, "--index-url", server.url, "-r", str(given), env=env)
    code, text, err = lock(tmp_path, capsys, server.url, "-r", str(given))
    assert code == 0, err
    assert pins_of(text) == {name: version for name, (version, _) in picks.items()} == {"alpha": "2.0", "beta": "1.0"}


def test_a_missing_configured_requirements_file_is_refused_as_pip_refuses_it(tmp_path, capsys, monkeypatch,
                                                                             server) -> None:
    missing = tmp_path / "gone.txt"
    env = configure(tmp_path, monkeypatch, "PIP_REQUIREMENT", missing)
    environ = {**{k: v for k, v in os.environ.items() if not k.startswith("PIP_")}, **env,
               "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--index-url", server.url, "alpha"],
                         capture_output=True, text=True, env=environ, cwd=tmp_path, timeout=300)
    assert pip.returncode != 0 and "gone.txt" in pip.stderr
    code, text, err = lock(tmp_path, capsys, server.url, "alpha")
    assert code == 1 and text == ""
    assert err.startswith(f"stackwise: error: pip's configuration names the requirements file {missing} "
                          "(PIP_REQUIREMENT"), err


def test_isolated_ignores_them_as_pip_isolated_does(tmp_path, capsys, monkeypatch, server) -> None:
    rfile = tmp_path / "configured.txt"
    rfile.write_text("beta\n")
    configure(tmp_path, monkeypatch, "PIP_REQUIREMENT", rfile)
    code, text, err = lock(tmp_path, capsys, server.url, "alpha", "--isolated")
    assert code == 0, err
    assert pins_of(text) == {"alpha": "2.0"}


def test_a_changed_configured_requirements_file_is_not_replayed(tmp_path, capsys, monkeypatch, server) -> None:
    rfile = tmp_path / "configured.txt"
    rfile.write_text("beta\n")
    configure(tmp_path, monkeypatch, "PIP_REQUIREMENT", rfile)
    code, text, err = lock(tmp_path, capsys, server.url, "alpha")
    assert code == 0 and pins_of(text) == {"alpha": "2.0", "beta": "1.0"}, err
    code, text, err = lock(tmp_path, capsys, server.url, "alpha")
    assert code == 0 and REUSED in err, err  # unchanged: replayed
    rfile.write_text("--only-binary :all:\n")
    code, text, err = lock(tmp_path, capsys, server.url, "alpha")
    assert code == 0 and REUSED not in err, err
    assert pins_of(text) == {"alpha": "1.0"}
