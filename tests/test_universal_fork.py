"""``--universal`` forks where something forces it and otherwise keeps one version, as uv does.

The fixture is uv's own kind of case: ``app`` needs ``shared``, plus ``backport`` (needing
``shared<2``) below Python 3.11 and ``winhelper`` (needing ``shared<3``) on Windows, and ``lib``
whose 2.0 needs Python 3.12. Alone, each environment would take its newest ``shared``
(1.0, 2.0 or 3.0); uv locks ``shared==1.0`` everywhere (the markers are not disjoint, so it
does not fork) and forks ``lib`` on Requires-Python. stackwise's universal lock must give, per
environment, exactly what ``uv pip compile --universal`` gives. Knowledge still applies per
environment: a rule that holds on macOS only makes macOS fork off. Overrides apply to
``--universal`` and ``--format pipfile-lock``; a universal Pipfile.lock is written when every
package has one version.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker

from stackwise.commands.universal import PLATFORM_ORDER, PYTHONS, environments
from stackwise.lockfiles import read_lock
from support import IndexServer, build_wheel

VETO_SHARED_2_ON_MACOS = {
    "id": "fixture/shared-2-macos", "package": "shared", "specifier": "==2.0", "veto": True,
    "condition": {"marker": "sys_platform == 'darwin'"}, "category": "stability",
    "message": "shared 2.0 crashes on macOS", "link": "https://example.org/shared/2", "source": "fixture",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    files = tmp_path_factory.mktemp("fork-files")
    build_wheel(files, "app", "1.0", ["shared", "winhelper; sys_platform == 'win32'",
                                      "backport; python_version < '3.11'", "lib"])
    build_wheel(files, "mild", "1.0", ["shared", "backport3; python_version < '3.11'"])
    build_wheel(files, "split", "1.0", ["numpyish>=2; python_version >= '3.11'",
                                        "numpyish<2; python_version < '3.11'"])
    for version in ("1.0", "2.0", "3.0"):
        build_wheel(files, "shared", version)
    build_wheel(files, "winhelper", "1.0", ["shared<3"])
    build_wheel(files, "backport", "1.0", ["shared<2"])
    build_wheel(files, "backport3", "1.0", ["shared<3"])
    build_wheel(files, "lib", "1.0")
    build_wheel(files, "lib", "2.0", requires_python=">=3.12")
    build_wheel(files, "numpyish", "1.5")
    build_wheel(files, "numpyish", "2.1")
    build_wheel(files, "tool", "1.0", ["pinned<2"])
    build_wheel(files, "pinned", "1.0")
    build_wheel(files, "pinned", "2.0")
    server = IndexServer(files).start()
    scores = files.parent / "fork-scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [VETO_SHARED_2_ON_MACOS]}),
                      encoding="utf-8")
    yield server, scores
    server.stop()


ENVS = environments(type("Args", (), {"cpu_flags": None, "cuda_version": None, "environment": []})())  # type: ignore[arg-type]


def _lock(tmp_path: Path, index: Any, out: str, *args: str, scores: bool = False) -> tuple[Path, str]:
    server, score_file = index
    path = tmp_path / out
    extra = ["--scores", str(score_file)] if scores else []
    proc = subprocess.run([sys.executable, "-m", "stackwise", "lock", *args, "-i", server.url, "--isolated",
                           "--no-default-scores", *extra, "--cache-dir", str(tmp_path / "cache"), "-o", str(path)],
                          capture_output=True, text=True, env={**os.environ, "STACKWISE_CONFIG_FILE": os.devnull},
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return path, proc.stderr


def _pins(lock_path: Path, markers: dict[str, str]) -> dict[str, str]:
    env = dict(markers, extra="")
    return {p.name: p.version for p in read_lock(lock_path).packages if p.marker is None or Marker(p.marker).evaluate(env)}


def _uv_pins(tmp_path: Path, index: Any, requirement: str) -> Path:
    server, _ = index
    (tmp_path / "req.in").write_text(requirement + "\n", encoding="utf-8")
    out = tmp_path / "uv.txt"
    env = {**os.environ, "UV_CACHE_DIR": str(tmp_path / "uv-cache"), "UV_NO_CONFIG": "1",
           "UV_PYTHON_DOWNLOADS": "never"}
    proc = subprocess.run([sys.executable, "-m", "uv", "pip", "compile", "--universal", "--python-version", "3.10",
                           "--index-url", server.url, "--no-header", "--generate-hashes", str(tmp_path / "req.in"), "-o", str(out)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("requirement", ["app", "split"])
def test_pins_per_environment_equal_uvs_universal_lock(tmp_path: Path, index: Any, requirement: str) -> None:
    ours, err = _lock(tmp_path, index, "requirements.txt", requirement, "--universal")
    theirs = _uv_pins(tmp_path, index, requirement)
    assert len(ENVS) == len(PLATFORM_ORDER) * len(PYTHONS)
    for env in ENVS:
        assert _pins(ours, env.target.markers) == _pins(theirs, env.target.markers), env.label
    if requirement == "app":
        text = ours.read_text()
        assert "shared==1.0 \\" in text and "shared==3.0" not in text  # one version, no marker
        assert "lib==1.0 ; python_version == '3.10' or python_version == '3.11'" in text  # Requires-Python fork
        # the documented exception to "filtered = single-environment lock": linux 3.11 alone takes 3.0
        single, _ = _lock(tmp_path, index, "single.txt", "app", "--platform", "linux", "--python-version", "3.11")
        assert _pins(single, {})["shared"] == "3.0"
        line = next(x for x in err.splitlines() if "shared 1.0 (this environment alone: 3.0)" in x)
        assert "linux py3.11" in line and "linux py3.10" not in line
    else:  # disjoint markers: two versions, as uv forks
        assert "numpyish==1.5 ; python_version == '3.10'" in ours.read_text()


def test_knowledge_that_holds_in_one_environment_forks_it_off(tmp_path: Path, index: Any) -> None:
    """shared 2.0 is the one version every environment could take (backport3 needs <3 below
    3.11), but a rule vetoes it on macOS: macOS keeps its own best, the others agree on 2.0."""
    ours, err = _lock(tmp_path, index, "requirements.txt", "mild", "--universal", scores=True)
    for env in ENVS:
        single, _ = _lock(tmp_path, index, f"{env.platform}-{env.python}.txt", "mild", "--platform", env.platform,
                          "--python-version", env.python, scores=True)
        alone = _pins(single, {})
        got = _pins(ours, env.target.markers)
        if env.platform == "macos":
            assert got == alone, env.label  # forked off: exactly its single-environment lock
            assert got["shared"] == ("1.0" if env.python == "3.10" else "3.0")
        else:
            assert got["shared"] == "2.0", env.label
            assert {k: v for k, v in got.items() if k != "shared"} == {k: v for k, v in alone.items() if k != "shared"}
    assert "[rule fixture/shared-2-macos]" not in ours.read_text()


def test_overrides_apply_to_universal_and_pipfile_locks(tmp_path: Path, index: Any) -> None:
    server, _ = index
    (tmp_path / "rules.toml").write_text('overrides = ["pinned>=2"]\n', encoding="utf-8")
    ours, err = _lock(tmp_path, index, "requirements.txt", "tool", "--universal", "--rules", str(tmp_path / "rules.toml"))
    assert "pinned==2.0 \\" in ours.read_text()
    assert "every dependency on pinned is replaced by pinned>=2" in err and "[all environments]" in err
    plain, _ = _lock(tmp_path, index, "plain.txt", "tool", "--universal")
    assert "pinned==1.0 \\" in plain.read_text()

    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pipfile").write_text(f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "fixture"\n\n'
                                     '[packages]\ntool = "*"\n', encoding="utf-8")
    lock, err = _lock(tmp_path, index, "Pipfile.lock", "--format", "pipfile-lock", "--pipfile",
                      str(project / "Pipfile"), "--rules", str(tmp_path / "rules.toml"))
    assert json.loads(lock.read_text())["default"]["pinned"]["version"] == "==2.0"
    assert "not applied" not in err
    assert "[default] pinned 2.0 (pipenv: 1.0)" in err and "replaced by pinned>=2" in err


def test_universal_pipfile_lock(tmp_path: Path, index: Any) -> None:
    server, _ = index
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pipfile").write_text(
        f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "fixture"\n\n'
        '[packages]\napp = "*"\nmild = {version = "*", markers = "sys_platform == \'linux\'"}\n\n'
        '[dev-packages]\nsplit = "*"\n', encoding="utf-8")
    args = ("--universal", "--format", "pipfile-lock", "--pipfile", str(project / "Pipfile"))
    # lib (Requires-Python) and numpyish (disjoint markers) need two versions: refused, naming them
    server_args = ["-i", server.url, "--isolated", "--no-default-scores", "--cache-dir", str(tmp_path / "cache")]
    proc = subprocess.run([sys.executable, "-m", "stackwise", "lock", *args, *server_args, "-o",
                           str(tmp_path / "refused.lock")], capture_output=True, text=True,
                          env={**os.environ, "STACKWISE_CONFIG_FILE": os.devnull})
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "one version per package" in proc.stderr and "lib 1.0 on linux py3.10" in proc.stderr, proc.stderr
    assert not (tmp_path / "refused.lock").exists()

    lock, _ = _lock(tmp_path, index, "Pipfile.lock", *args, "--environment", "python_version >= '3.12'")
    data = json.loads(lock.read_text())
    default, develop = data["default"], data["develop"]
    assert default["lib"]["version"] == "==2.0" and "markers" not in default["lib"]
    assert default["winhelper"]["markers"] == "sys_platform == 'win32'"
    assert default["mild"]["markers"] == "sys_platform == 'linux'" and "backport" not in default
    assert default["shared"]["version"] == "==2.0"  # winhelper needs <3 on Windows: one version
    assert develop["numpyish"]["version"] == "==2.1" and default["app"]["index"] == "fixture"
    from stackwise.lockfiles.pipfile import pipfile_hash, read_pipfile

    assert data["_meta"]["hash"]["sha256"] == pipfile_hash(read_pipfile(project / "Pipfile"))
    # the lock installs here (Linux): winhelper is skipped by its marker
    here = {p.name for p in read_lock(lock).packages
            if p.marker is None or Marker(p.marker).evaluate(dict(ENVS[2].target.markers, extra=""))}
    assert here == {"app", "lib", "mild", "shared"}

    # Knowledge decisions are told per environment, as in the other universal formats.
    rules = tmp_path / "no-shared-3.json"
    rules.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": "test/no-shared-3", "package": "shared", "specifier": "==3.0", "veto": True, "category": "stability",
         "message": "shared 3.0 is broken", "link": "https://example.org/shared/3", "source": "test"}]}),
        encoding="utf-8")
    (project / "Pipfile").write_text(
        f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "fixture"\n\n[packages]\nmild = "*"\n',
        encoding="utf-8")
    lock, err = _lock(tmp_path, index, "vetoed.lock", *args, "--scores", str(rules))
    assert json.loads(lock.read_text())["default"]["shared"]["version"] == "==2.0"
    assert "shared 2.0 (pip: 3.0)" in err and "[rule test/no-shared-3]" in err, err


@pytest.mark.slow
@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the lock below is made for CPython 3.11")
def test_pipenv_and_stackwise_install_a_universal_pipfile_lock(tmp_path: Path, index: Any) -> None:
    """Real Pipenv calls the universal Pipfile.lock current and installs it here (Linux,
    CPython 3.11), skipping the Windows-only entry; so does ``stackwise install``."""
    from test_pipfile_joint import _env, _run, _venv_pins

    server, _ = index
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pipfile").write_text(
        f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "fixture"\n\n'
        '[packages]\napp = "*"\n\n[dev-packages]\ntool = "*"\n', encoding="utf-8")
    _lock(tmp_path, index, "Pipfile.lock", "--universal", "--format", "pipfile-lock", "--pipfile",
          str(project / "Pipfile"), "--environment", "python_version == '3.11'")
    (project / "Pipfile.lock").write_bytes((tmp_path / "Pipfile.lock").read_bytes())
    data = json.loads((project / "Pipfile.lock").read_text())
    assert data["default"]["winhelper"]["markers"] == "sys_platform == 'win32'"
    assert data["default"]["shared"]["version"] == "==2.0"  # Windows' winhelper needs <3: one version
    env = _env(tmp_path)
    _run(project, env, sys.executable, "-m", "pipenv", "verify")
    _run(project, env, sys.executable, "-m", "pipenv", "install", "--deploy", "--dev")
    assert _venv_pins(project) == {"app": "1.0", "shared": "2.0", "lib": "1.0", "tool": "1.0", "pinned": "1.0"}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    inst = subprocess.run([sys.executable, "-m", "stackwise", "install", str(project / "Pipfile.lock"), "--dev",
                           "--target-venv", str(venv), "-i", server.url, "--cache-dir", str(tmp_path / "cache")],
                          capture_output=True, text=True, env={**env, "STACKWISE_CONFIG_FILE": os.devnull})
    assert inst.returncode == 0, inst.stderr
    listed = subprocess.run([str(venv / "bin" / "python"), "-c", "import importlib.metadata as m; "
                             "print(sorted(d.metadata['Name'] for d in m.distributions()))"],
                            capture_output=True, text=True, check=True).stdout
    assert "winhelper" not in listed and "shared" in listed
