"""Pipfile sections resolved together (issue 17): ``[packages]`` flask + requests, ``[dev-packages]`` black<22.3.

The fixture index reproduces the shape of the real failure: the newest flask needs click 8.1,
Black before 22.3 imports ``click._unicodefun`` (gone in click 8.1) at start-up, and an older
flask accepts click 8.0. Locking default alone (as Pipenv does) takes flask 3 and click 8.1,
after which develop has only vetoed stacks; the joint search finds flask 2.2.5 with click 8.0.4.
Both ``stackwise lock --format pipfile-lock`` and ``stackwise pipenv lock`` (Pipenv's real
resolver) must lock exactly that, Pipenv must accept it, and the locked ``black`` must run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from stackwise.cli import main
from support import IndexServer, build_wheel

PY = f"{sys.version_info.major}.{sys.version_info.minor}"
RULE = {
    "id": "fixture/black-click-8.1",
    "package": "black", "specifier": "<22.3.0",
    "with": {"package": "click", "specifier": ">=8.1.0"},
    "veto": True, "category": "stability",
    "message": "Black releases before 22.3.0 import click._unicodefun at start-up; click 8.1.0 dropped it",
    "link": "https://github.com/psf/black/issues/2964", "source": "fixture",
}
JOINT_DEFAULT = {"flask": "2.2.5", "werkzeug": "3.0.6", "click": "8.0.4", "requests": "2.32.3", "idna": "3.7"}
JOINT_DEVELOP = {"black": "22.1.0", "click": "8.0.4"}
PLAIN_DEFAULT = {"flask": "3.0.3", "werkzeug": "3.0.6", "click": "8.1.7", "requests": "2.32.3", "idna": "3.7"}
PIPFILE = (
    '[[source]]\nurl = "{url}"\nverify_ssl = false\nname = "fixture"\n\n'
    '[packages]\nflask = "*"\nrequests = "*"\ncolorama = {{version = "*", markers = "sys_platform == \'win32\'"}}\n\n'
    '[dev-packages]\nblack = "<22.3"\n\n'
    f'[requires]\npython_version = "{PY}"\n'
)


def _black(version: str, *, unicodefun: bool) -> dict[str, str]:
    body = "import click._unicodefun  # noqa\n" if unicodefun else ""
    body += f'__version__ = "{version}"\n\ndef main():\n    print("black, {version}")\n'
    return {"black/__init__.py": body,
            f"black-{version}.dist-info/entry_points.txt": "[console_scripts]\nblack = black:main\n"}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    files = tmp_path_factory.mktemp("joint-files")
    colorama = ['colorama; platform_system == "Windows"']
    build_wheel(files, "click", "8.0.4", colorama, files={"click/_unicodefun.py": "X = 1\n"})
    build_wheel(files, "click", "8.1.7", colorama)
    build_wheel(files, "colorama", "0.4.6")
    build_wheel(files, "black", "22.1.0", ["click>=8.0.0"], files=_black("22.1.0", unicodefun=True))
    build_wheel(files, "black", "22.3.0", ["click>=8.0.0"], files=_black("22.3.0", unicodefun=False))
    build_wheel(files, "flask", "2.2.5", ["Werkzeug>=2.2.2", "click>=8.0"])
    build_wheel(files, "flask", "3.0.3", ["Werkzeug>=3.0.0", "click>=8.1.3"])
    build_wheel(files, "werkzeug", "2.3.8")
    build_wheel(files, "werkzeug", "3.0.6")
    build_wheel(files, "requests", "2.32.3", ["idna>=2.5,<4"])
    build_wheel(files, "idna", "3.7")
    server = IndexServer(files).start()
    scores = files.parent / "joint-scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [RULE]}), encoding="utf-8")
    yield server, scores
    server.stop()


def _pins(data: dict[str, Any], section: str) -> dict[str, str]:
    return {k: v["version"].removeprefix("==") for k, v in data[section].items() if v.get("version", "*") != "*"}


def _lock(project: Path, scores: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(project / "Pipfile"),
                 "--cache-dir", str(project / ".swcache"), "-o", str(project / "Pipfile.lock"),
                 "--no-default-scores", "--scores", str(scores), *extra])
    return code, capsys.readouterr().err


def test_lock_resolves_both_sections_together(tmp_path: Path, index: Any, capsys: pytest.CaptureFixture[str]) -> None:
    server, scores = index
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pipfile").write_text(PIPFILE.format(url=server.url), encoding="utf-8")
    code, err = _lock(project, scores, capsys)
    assert code == 0, err
    data = json.loads((project / "Pipfile.lock").read_text())
    assert _pins(data, "default") == JOINT_DEFAULT
    assert _pins(data, "develop") == JOINT_DEVELOP
    lines = [line for line in err.splitlines() if line.startswith("stackwise: ")]
    assert "Traceback" not in err and "PackageMatch" not in err and "SpecifierSet" not in err
    # one line per difference from plain `pipenv lock`, each naming its section, rule id and link
    decisions = sorted(line.split(" —")[0] for line in lines if " — " in line)
    assert decisions == [
        "stackwise: [default] click 8.0.4 (pipenv: 8.1.7)",
        "stackwise: [default] flask 2.2.5 (pipenv: 3.0.3)",
        "stackwise: [develop] click 8.0.4 (pipenv: 8.1.7)",
    ], err
    develop_click = next(line for line in lines if line.startswith("stackwise: [develop] click"))
    assert "[rule fixture/black-click-8.1]" in develop_click and RULE["link"] in develop_click
    # packages whose pins equal plain Pipenv's get no line (colorama, werkzeug, black, ...)
    assert not any("colorama" in line or "werkzeug" in line for line in lines), err

    # Without the knowledge base the same Pipfile locks exactly like plain Pipenv's rule
    code, err = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(project / "Pipfile"),
                      "--cache-dir", str(project / ".swcache"), "-o", str(project / "plain.lock"),
                      "--no-default-scores"]), capsys.readouterr().err
    assert code == 0, err
    plain = json.loads((project / "plain.lock").read_text())
    assert _pins(plain, "default") == PLAIN_DEFAULT
    assert _pins(plain, "develop") == {"black": "22.1.0", "click": "8.1.7"}
    assert "decision" not in err or "0 decision(s)" in err


def test_failure_names_the_section(tmp_path: Path, index: Any, capsys: pytest.CaptureFixture[str]) -> None:
    server, scores = index
    project = tmp_path / "proj"
    project.mkdir()
    # develop alone has no good stack (black<22.3 needs click 8.0, develop pins click>=8.1)
    (project / "Pipfile").write_text(PIPFILE.format(url=server.url).replace(
        'black = "<22.3"', 'black = "<22.3"\nclick = ">=8.1"'), encoding="utf-8")
    code, err = _lock(project, scores, capsys)
    assert code != 0 and "[dev-packages]" in err and "Traceback" not in err, err
    assert not (project / "Pipfile.lock").exists()
    # each section fine alone, but not together
    (project / "Pipfile").write_text(PIPFILE.format(url=server.url).replace(
        'flask = "*"', 'flask = ">=3"'), encoding="utf-8")
    code, err = _lock(project, scores, capsys)
    assert code != 0 and "[packages] and [dev-packages]" in err and "together" in err, err


# -- real Pipenv --------------------------------------------------------------------------------


def _env(base: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "PIPENV_", "STACKWISE_", "VIRTUAL_ENV")) and k != "PYTHONPATH"}
    (base / "tmp").mkdir(exist_ok=True)
    env.update(
        HOME=str(base / "home"), TMPDIR=str(base / "tmp"),
        PIPENV_VENV_IN_PROJECT="1", PIPENV_IGNORE_VIRTUALENVS="1", PIPENV_YES="1", PIPENV_NOSPIN="1",
        PIPENV_PYTHON=os.path.realpath(sys.executable),
        PIPENV_CACHE_DIR=str(base / "pipenv-cache"), PIP_CACHE_DIR=str(base / "pip-cache"),
        PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
        STACKWISE_CONFIG_FILE=os.devnull, STACKWISE_CACHE_DIR=str(base / "stackwise-cache"),
        XDG_CACHE_HOME=str(base / "xdg-cache"), XDG_CONFIG_HOME=str(base / "xdg-config"),
        VIRTUALENV_OVERRIDE_APP_DATA=str(base / "virtualenv-data"), VIRTUALENV_NO_PERIODIC_UPDATE="1",
    )
    return env


def _run(project: Path, env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(list(args), cwd=project, env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, f"{args} exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _venv_pins(project: Path) -> dict[str, str]:
    py = project / ".venv" / "bin" / "python"
    out = subprocess.run([str(py), "-c", "import importlib.metadata as m, json; "
                          "print(json.dumps({d.metadata['Name'].lower(): d.version for d in m.distributions()}))"],
                         capture_output=True, text=True, check=True).stdout
    return {k: v for k, v in json.loads(out).items() if k not in ("pip", "setuptools", "wheel")}


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("pipenv") is None, reason="needs Pipenv installed next to stackwise")
def test_both_paths_lock_the_joint_stack_and_pipenv_accepts_it(tmp_path: Path, index: Any,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    server, scores = index
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pipfile").write_text(PIPFILE.format(url=server.url), encoding="utf-8")
    env = _env(tmp_path)
    pipenv = (sys.executable, "-m", "pipenv")

    # plain Pipenv: default alone takes click 8.1, so develop's black 22.1.0 gets click 8.1.7 and breaks
    _run(project, env, *pipenv, "lock")
    plain = json.loads((project / "Pipfile.lock").read_text())
    assert _pins(plain, "default") == PLAIN_DEFAULT and _pins(plain, "develop")["click"] == "8.1.7"
    colorama = plain["default"]["colorama"]  # what Pipenv writes for a top-level entry false here
    assert colorama.get("version") == "*" and "win32" in colorama.get("markers", "")
    # where the knowledge base changes nothing, stackwise's writer gives Pipenv's bytes
    code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(project / "Pipfile"),
                 "--cache-dir", str(tmp_path / "swcache"), "-o", str(tmp_path / "plain.lock"), "-q",
                 "--no-default-scores"])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "plain.lock").read_text() == (project / "Pipfile.lock").read_text()

    # stackwise inside Pipenv's real resolver: the joint picks, messages naming their sections
    proc = _run(project, env, sys.executable, "-m", "stackwise", "pipenv", "lock", "--no-default-scores",
                "--scores", str(scores))
    locked = json.loads((project / "Pipfile.lock").read_text())
    assert _pins(locked, "default") == JOINT_DEFAULT
    assert _pins(locked, "develop") == JOINT_DEVELOP
    lines = [line for line in proc.stderr.splitlines() if line.startswith("stackwise: ")]
    assert "PackageMatch" not in proc.stderr and "SpecifierSet" not in proc.stderr
    assert sorted(line.split(" —")[0] for line in lines) == [
        "stackwise: [default] click 8.0.4 (pipenv: 8.1.7)",
        "stackwise: [default] flask 2.2.5 (pipenv: 3.0.3)",
        "stackwise: [develop] click 8.0.4 (pipenv: 8.1.7)",
    ], proc.stderr
    assert locked["_meta"] == plain["_meta"]

    # the same picks from `stackwise lock --format pipfile-lock`
    code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(project / "Pipfile"),
                 "--cache-dir", str(tmp_path / "swcache"), "-o", str(tmp_path / "Pipfile.lock"), "-q",
                 "--no-default-scores", "--scores", str(scores)])
    assert code == 0, capsys.readouterr().err
    ours = json.loads((tmp_path / "Pipfile.lock").read_text())
    for section in ("default", "develop"):
        assert _pins(ours, section) == _pins(locked, section)
    assert (tmp_path / "Pipfile.lock").read_text() == (project / "Pipfile.lock").read_text()  # byte for byte

    # Pipenv accepts it as current and installs it; the locked console script runs
    _run(project, env, *pipenv, "verify")
    before = (project / "Pipfile.lock").read_bytes()
    _run(project, env, *pipenv, "sync", "--dev")
    assert {**JOINT_DEFAULT, **JOINT_DEVELOP}.items() <= _venv_pins(project).items()
    _run(project, env, *pipenv, "install", "--deploy", "--dev")
    assert (project / "Pipfile.lock").read_bytes() == before  # not re-locked
    black = _run(project, env, *pipenv, "run", "black", "--version")
    assert "black, 22.1.0" in black.stdout

    # stackwise install reads the Pipenv-written lock, skipping colorama (its marker is false here)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    inst = subprocess.run([sys.executable, "-m", "stackwise", "install", str(project / "Pipfile.lock"), "--dev",
                           "--target-venv", str(venv), "--cache-dir", str(tmp_path / "swcache")],
                          capture_output=True, text=True, env=env)
    assert inst.returncode == 0, inst.stderr
    subprocess.run([str(venv / "bin" / "black"), "--version"], check=True, capture_output=True)

    # A Pipfile the joint plan does not cover (a custom category) falls back to one plan per
    # section, saying so; every line still names its section, and colorama (skipped by Pipenv
    # where its marker is false) is no "decision". Alone, develop gets default's click 8.1.7,
    # so its only stacks hold the vetoed pair: Pipenv's resolver stops with stackwise's error
    # naming it (as `stackwise lock` refuses such a stack), and the lock is left as it was.
    before_lock = (project / "Pipfile.lock").read_bytes()
    pipfile = project / "Pipfile"
    pipfile.write_text(pipfile.read_text() + '\n[tools]\nidna = "*"\n', encoding="utf-8")
    # (Pipenv itself prints a traceback for a failed resolution, as in test_pipenv_overrides.py)
    proc = subprocess.run([sys.executable, "-m", "stackwise", "pipenv", "lock", "--no-default-scores",
                           "--scores", str(scores)], cwd=project, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode != 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("stackwise: ")]
    assert "not planned together" in lines[0] and "custom package categories" in lines[0], proc.stderr
    assert all(line.startswith(("stackwise: [", "stackwise: warning: [")) for line in lines[1:]), proc.stderr
    assert not any("colorama" in line for line in lines), proc.stderr
    refused = " ".join(proc.stderr.split())  # Pipenv wraps its error lines
    assert "contains a combination the knowledge base vetoes" in refused, proc.stderr
    assert "black<22.3.0 with click>=8.1.0 (22.1.0 with 8.1.7)" in refused, proc.stderr
    assert "rule fixture/black-click-8.1" in refused, proc.stderr
    assert (project / "Pipfile.lock").read_bytes() == before_lock


# -- Pipfile.lock as Pipenv writes it ------------------------------------------------------------

REQUIRES_PYTHON = {  # Requires-Python -> the markers Pipenv 2026.10.3 writes for it
    "rpa": (">=3.8", "python_version >= '3.8'"),
    "rpb": (">=3.7,<4", "python_version >= '3.7' and python_version < '4'"),
    "rpc": (">=2.7, !=3.0.*, !=3.1.*, !=3.2.*",
            "python_version >= '2.7' and python_version != '3.0' and python_version != '3.1' and python_version != '3.2'"),
    "rpd": ("~=3.8", "python_version ~= '3.8'"),
    "rpe": (">=3.6.1", "python_full_version >= '3.6.1'"),
    "rpf": (">3.5, <=3.99", "python_version >= '3.6' and python_version <= '3.99'"),
    "rpg": ("!=3.4,>=3", "python_version >= '3' and python_version != '3.4'"),
}


@pytest.mark.parametrize("name", sorted(REQUIRES_PYTHON))
def test_requires_python_markers(name: str) -> None:
    from stackwise.lockfiles.pipfile import requires_python_marker

    spec, expected = REQUIRES_PYTHON[name]
    assert requires_python_marker(spec) == expected


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("pipenv") is None, reason="needs Pipenv installed next to stackwise")
def test_lock_is_byte_identical_to_pipenvs_when_knowledge_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Requires-Python markers, Pipfile markers (true and false here), ``index`` only on Pipfile
    entries without markers, a package in both sections, a dependency of a marked entry."""
    files = tmp_path / "files"
    for name, (spec, _) in REQUIRES_PYTHON.items():
        build_wheel(files, name, "1.0", requires_python=spec)
    build_wheel(files, "marked", "1.0", ["rpa", "markdep"], requires_python=">=3.7")
    build_wheel(files, "markdep", "1.0", ["markdep2"], requires_python=">=3.8")  # inherits marked's markers
    build_wheel(files, "markdep2", "1.0")
    build_wheel(files, "winonly", "1.0")
    build_wheel(files, "tool", "2.0", ["rpb", "plainlib>=1"])
    build_wheel(files, "plainlib", "1.0")
    build_wheel(files, "plainlib", "1.1")
    server = IndexServer(files).start()
    try:
        project = tmp_path / "proj"
        project.mkdir()
        packages = "".join(f'{name} = "*"\n' for name in REQUIRES_PYTHON)
        packages += ('marked = {version = "*", markers = "os_name == \'posix\'"}\n'
                     'winonly = {version = "*", markers = "sys_platform == \\"win32\\""}\n')
        (project / "Pipfile").write_text(
            f'[[source]]\nurl = "{server.url}"\nverify_ssl = false\nname = "fixture"\n\n[packages]\n{packages}\n'
            '[dev-packages]\ntool = "*"\nrpb = "*"\n', encoding="utf-8")
        env = _env(tmp_path)
        _run(project, env, sys.executable, "-m", "pipenv", "lock")
        code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(project / "Pipfile"),
                     "--cache-dir", str(tmp_path / "swcache"), "-o", str(tmp_path / "Pipfile.lock"), "-q",
                     "--no-default-scores"])
        assert code == 0, capsys.readouterr().err
        theirs = (project / "Pipfile.lock").read_text()
        assert (tmp_path / "Pipfile.lock").read_text() == theirs
        data = json.loads(theirs)
        assert data["default"]["winonly"] == {"markers": "sys_platform == 'win32'", "version": "*"}
        assert data["default"]["rpf"]["markers"] == REQUIRES_PYTHON["rpf"][1]
        assert data["default"]["markdep2"]["markers"] == "os_name == 'posix'"
    finally:
        server.stop()
