"""``stackwise install`` refuses a lock whose pins pip's configured constraint files exclude.

Why: ``pip install -r lock.txt`` applies the constraint files pip is configured with
(``PIP_CONSTRAINT``, ``constraint = ...`` in a pip configuration file) and refuses a pin they
exclude (ResolutionImpossible), even when every pinned version is already installed. stackwise
installed such a lock. Each case runs real pip (``pip --python VENV install --no-deps
--require-hashes -r LOCK``) with the same configuration on the same fixture index on 127.0.0.1
first, to show what pip does, then ``stackwise install``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from stackwise.cli import main
from support import IndexServer, build_wheel
from test_install import installed_versions, listing, make_venv, pylock_for, sha256, venv_python


@pytest.fixture
def files(tmp_path: Path) -> Path:
    d = tmp_path / "files"
    build_wheel(d, "alpha", "1.0")
    build_wheel(d, "alpha", "2.0")
    build_wheel(d, "beta", "1.0")
    return d


@pytest.fixture
def srv(files: Path, index_factory: Callable[..., IndexServer]) -> IndexServer:
    return index_factory(files_dir=files)


def requirements_lock(tmp_path: Path, files: Path, srv: IndexServer) -> Path:
    lock = tmp_path / "requirements.txt"
    lock.write_text(f"--index-url {srv.url}\n"
                    f"alpha==2.0 --hash=sha256:{sha256(next(files.glob('alpha-2.0-*.whl')))}\n"
                    f"beta==1.0 --hash=sha256:{sha256(next(files.glob('beta-1.0-*.whl')))}\n")
    return lock


def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, where: str) -> tuple[Path, dict[str, str]]:
    """A constraints file with ``text`` configured for pip ``where`` (``PIP_CONSTRAINT`` or
    ``constraint =`` in a pip.conf); set in this process for stackwise, returned for pip."""
    ccfile = tmp_path / "conf" / "constraints.txt"
    ccfile.parent.mkdir(exist_ok=True)
    ccfile.write_text(text)
    pipconf = tmp_path / "conf" / "pip.conf"
    pipconf.write_text("[global]\n" + (f"constraint = {ccfile}\n" if where == "pip.conf" else ""))
    env = {"PIP_CONFIG_FILE": str(pipconf), **({"PIP_CONSTRAINT": str(ccfile)} if where == "PIP_CONSTRAINT" else {})}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return ccfile, env


def pip_install(tmp_path: Path, venv: Path, lock: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    environ.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_CACHE_DIR=str(tmp_path / "pip-cache"), **env)
    return subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_python(venv)), "install", "--no-deps",
                           "--require-hashes", "-q", *args, "-r", str(lock)],
                          capture_output=True, text=True, env=environ, timeout=300)


def install(tmp_path: Path, capsys: pytest.CaptureFixture[str], lock: Path, venv: Path, *args: str) -> tuple[int, str]:
    code = main(["install", str(lock), "--target-venv", str(venv), "--cache-dir", str(tmp_path / "cache"), *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def refused(err: str, ccfile: Path, line: int, constraint: str = "alpha<2") -> bool:
    return ("alpha==2.0" in err and f"'{constraint}'" in err and f"{ccfile}:{line}" in err
            and "Nothing was installed" in err and len(err.strip().splitlines()) == 1)


@pytest.mark.parametrize("where", ["PIP_CONSTRAINT", "pip.conf"])
def test_a_pin_a_configured_constraint_excludes_is_refused_as_pip_refuses_it(tmp_path, capsys, monkeypatch, files, srv,
                                                                             where) -> None:
    lock = requirements_lock(tmp_path, files, srv)
    ccfile, env = configure(tmp_path, monkeypatch, "# the team's caps\nalpha<2\n", where)
    venv = make_venv(tmp_path / "venv")
    before = listing(venv)
    pip = pip_install(tmp_path, venv, lock, env)
    assert pip.returncode != 0 and "ResolutionImpossible" in pip.stderr, pip.stderr
    assert listing(venv) == before
    code, err = install(tmp_path, capsys, lock, venv)
    assert code == 1 and refused(err, ccfile, 2), err
    assert (where in err) if where == "PIP_CONSTRAINT" else "'constraint ='" in err
    assert listing(venv) == before  # nothing was installed
    code, err = install(tmp_path, capsys, lock, venv, "--dry-run")
    assert code == 1 and refused(err, ccfile, 2), err


def test_with_nothing_to_install_it_is_refused_too(tmp_path, capsys, monkeypatch, files, srv) -> None:
    """The early return of an up-to-date environment checks the configured constraints as well."""
    lock = requirements_lock(tmp_path, files, srv)
    venv = make_venv(tmp_path / "venv")
    code, err = install(tmp_path, capsys, lock, venv)  # no constraint yet
    assert code == 0, err
    assert installed_versions(venv) == {"alpha": "2.0", "beta": "1.0"}
    ccfile, env = configure(tmp_path, monkeypatch, "alpha<2\n", "PIP_CONSTRAINT")
    pip = pip_install(tmp_path, venv, lock, env)
    assert pip.returncode != 0 and "ResolutionImpossible" in pip.stderr, pip.stderr
    code, err = install(tmp_path, capsys, lock, venv)
    assert code == 1 and refused(err, ccfile, 1), err
    # --isolated ignores pip's configuration, as pip --isolated does
    assert pip_install(tmp_path, venv, lock, env, "--isolated").returncode == 0
    code, err = install(tmp_path, capsys, lock, venv, "--isolated")
    assert code == 0 and "already installed" in err, err


@pytest.mark.parametrize("text", [
    "alpha<3\nalpha!=1.0\n",  # satisfied
    "gamma<1\n",  # names a package the lock does not install: ignored
    "alpha<2 ; python_version < '3'\n",  # its marker is false here: ignored
    "alpha==1.0 ; sys_platform == 'nonesuch'\nbeta>=1\n",
])
def test_constraints_the_pins_satisfy_still_install(tmp_path, capsys, monkeypatch, files, srv, text) -> None:
    lock = requirements_lock(tmp_path, files, srv)
    _, env = configure(tmp_path, monkeypatch, text, "PIP_CONSTRAINT")
    theirs = make_venv(tmp_path / "pip-venv")
    pip = pip_install(tmp_path, theirs, lock, env)
    assert pip.returncode == 0, pip.stderr
    venv = make_venv(tmp_path / "venv")
    code, err = install(tmp_path, capsys, lock, venv)
    assert code == 0, err
    assert installed_versions(venv) == installed_versions(theirs) == {"alpha": "2.0", "beta": "1.0"}
    code, err = install(tmp_path, capsys, lock, venv)  # and with nothing to do
    assert code == 0 and "already installed" in err, err


def test_a_constraint_whose_marker_holds_applies(tmp_path, capsys, monkeypatch, files, srv) -> None:
    lock = requirements_lock(tmp_path, files, srv)
    ccfile, env = configure(tmp_path, monkeypatch, "beta>=1\nalpha<2 ; python_version >= '3'\n", "pip.conf")
    venv = make_venv(tmp_path / "venv")
    assert pip_install(tmp_path, venv, lock, env).returncode != 0
    code, err = install(tmp_path, capsys, lock, venv)
    assert code == 1 and refused(err, ccfile, 2, "alpha<2; python_version >= \"3\""), err


def test_a_missing_configured_constraint_file_is_refused_as_pip_refuses_it(tmp_path, capsys, monkeypatch, files,
                                                                          srv) -> None:
    lock = requirements_lock(tmp_path, files, srv)
    env = {"PIP_CONSTRAINT": str(tmp_path / "absent.txt")}
    monkeypatch.setenv("PIP_CONSTRAINT", env["PIP_CONSTRAINT"])
    venv = make_venv(tmp_path / "venv")
    assert pip_install(tmp_path, venv, lock, env).returncode != 0
    for _ in ("install", "nothing to do"):
        code, err = install(tmp_path, capsys, lock, venv)
        assert code == 1 and "absent.txt does not exist" in err, err
        monkeypatch.delenv("PIP_CONSTRAINT")
        assert install(tmp_path, capsys, lock, venv)[0] == 0
        monkeypatch.setenv("PIP_CONSTRAINT", env["PIP_CONSTRAINT"])


def test_pylock_and_pipfile_lock_are_refused_too(tmp_path, capsys, monkeypatch, files, srv) -> None:
    from stackwise.lockfiles.pipfile import PIPFILE_SPEC

    pylock = pylock_for(files, {"alpha": "2.0", "beta": "1.0"}, srv.file_url, tmp_path)
    pipfile_lock = tmp_path / "Pipfile.lock"

    def entry(name: str, version: str) -> dict[str, object]:
        return {"version": f"=={version}", "index": "local",
                "hashes": [f"sha256:{sha256(next(files.glob(f'{name}-{version}-*.whl')))}"]}

    pipfile_lock.write_text(json.dumps({
        "_meta": {"hash": {"sha256": "0" * 64}, "pipfile-spec": PIPFILE_SPEC, "requires": {},
                  "sources": [{"name": "local", "url": srv.url, "verify_ssl": False}]},
        "default": {"beta": entry("beta", "1.0")}, "develop": {"alpha": entry("alpha", "2.0")}}))
    ccfile, env = configure(tmp_path, monkeypatch, "alpha<2\n", "pip.conf")
    venv = make_venv(tmp_path / "venv")
    before = listing(venv)
    from importlib.metadata import version

    from packaging.version import Version

    if Version(version("pip")) >= Version("26.1"):  # pip installs from pylock.toml since 26.1
        pip = pip_install(tmp_path, venv, pylock, env)
        assert pip.returncode != 0 and "ResolutionImpossible" in pip.stderr, pip.stderr
    code, err = install(tmp_path, capsys, pylock, venv)
    assert code == 1 and refused(err, ccfile, 1), err
    code, err = install(tmp_path, capsys, pipfile_lock, venv, "--dev")
    assert code == 1 and refused(err, ccfile, 1), err
    assert listing(venv) == before
    # without --dev the constrained package is not installed: nothing to refuse
    code, err = install(tmp_path, capsys, pipfile_lock, venv)
    assert code == 0 and installed_versions(venv) == {"beta": "1.0"}, err


@pytest.mark.parametrize("text", [
    "--only-binary :all:\n-c nested.txt\n",  # an include (relative to the including file)
    "# caps\nALPHA  <2\n",  # names compare normalized
    "beta>=1 \\\n  --hash=sha256:00\nalpha \\\n <2\n",  # continuation lines
])
def test_with_nothing_to_install_every_way_of_naming_the_package_is_seen(tmp_path, capsys, monkeypatch, files, srv,
                                                                        text) -> None:
    """The early return reads the constraint files only when they may name a planned package
    (may_name): each of these does, and pip refuses each."""
    lock = requirements_lock(tmp_path, files, srv)
    venv = make_venv(tmp_path / "venv")
    assert install(tmp_path, capsys, lock, venv)[0] == 0
    ccfile, env = configure(tmp_path, monkeypatch, text, "pip.conf")
    (ccfile.parent / "nested.txt").write_text("alpha<2\n")
    pip = pip_install(tmp_path, venv, lock, env)
    assert pip.returncode != 0, pip.stderr
    code, err = install(tmp_path, capsys, lock, venv)
    assert code == 1 and "alpha==2.0" in err and "Nothing was installed" in err, err


def test_may_name_is_false_only_for_files_that_name_other_packages(tmp_path) -> None:
    from stackwise.install.constraints import may_name

    def says(text: str) -> bool:
        path = tmp_path / "c.txt"
        path.write_text(text)
        return may_name([str(path)], frozenset({"alpha", "beta-two"}))

    assert not says("")
    assert not says("# alpha<2\ngamma<1 # alpha\n--prefer-binary\n--only-binary :all:\ndelta[x]==1 ; python_version<'3'\n")
    for text in ("alpha<2\n", "Beta_Two==1\n", "beta.two @ https://example.invalid/b.whl\n", "-r more.txt\n",
                 "--constraint=more.txt\n", "${NAME}<2\n", "gamma \\\n<1\n", "./local\n"):
        assert says(text), text
    assert may_name([str(tmp_path / "absent.txt")], frozenset({"alpha"}))
    assert may_name(["https://example.invalid/c.txt"], frozenset({"alpha"}))
