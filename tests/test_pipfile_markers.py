"""Pipfile.lock markers, indexes, extras and path projects exactly as Pipenv 2026.10.3 writes them.

The expected strings below were observed with real ``pipenv lock`` on these entries (each
package's wheel has Requires-Python >=3.7, its dependency's >=3.8); the slow test checks
byte-identity with real Pipenv on Pipfiles mixing all of them. Where Pipenv itself is not
reproducible (a dependency reached through several parents whose markers differ: pip's
recorded parent depends on set order), stackwise writes the true marker and the fast test
pins that rule.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from local_projects import make_project
from stackwise.cli import main
from stackwise.lockfiles.pipfile import inherited_markers, skipped_markers, toplevel_markers
from support import IndexServer, build_wheel
from test_pipfile_joint import _env, _run

RP37, RP38 = "python_version >= '3.7'", "python_version >= '3.8'"
# Pipfile entry -> (its own lock markers, its dependency's lock markers), observed with Pipenv
OBSERVED: dict[str, tuple[dict[str, Any], str, str]] = {
    "k1": ({"sys_platform": "== 'linux'"},
           "sys_platform == 'linux' and sys_platform == 'linux' and sys_platform == 'linux'",
           "sys_platform == 'linux'"),
    "k2": ({"sys_platform": "== 'linux'", "markers": "python_version >= '3.8'"},
           "python_version >= '3.8' and sys_platform == 'linux'",
           "sys_platform == 'linux' and python_version >= '3.8'"),
    "k3": ({"python_version": ">= '3.8'"}, f"{RP37} and {RP38} and {RP38}", RP38),
    "k4": ({"os_name": "== 'posix'"}, f"{RP37} and os_name == 'posix'", RP38),
    "k5": ({"platform_machine": "== 'x86_64'", "sys_platform": "!= 'win32'"},
           "(sys_platform != 'win32' and platform_machine == 'x86_64') and (platform_machine == 'x86_64' and "
           "sys_platform != 'win32') and platform_machine == 'x86_64' and sys_platform != 'win32'",
           "sys_platform != 'win32' and platform_machine == 'x86_64'"),
    "k7": ({"markers": "sys_platform == 'linux'", "extras": ["a"]}, "sys_platform == 'linux'",
           "sys_platform == 'linux'"),
    "k8": ({"version": ">=1.0", "platform_system": "== 'Linux'"},
           f"platform_system == 'Linux' and {RP37} and platform_system == 'Linux'", RP38),
}


@pytest.mark.parametrize("name", sorted(OBSERVED))
def test_marker_rules_reproduce_pipenvs_strings(name: str) -> None:
    spec, own, dependency = OBSERVED[name]
    assert toplevel_markers({"version": "*", **spec}, RP37) == own
    assert (inherited_markers(spec) or RP38) == dependency


def test_plain_entries_and_skipped_entries() -> None:
    assert toplevel_markers("*", RP37) == RP37
    assert toplevel_markers({"version": "*", "extras": ["x"]}, None) is None
    assert toplevel_markers({"markers": 'sys_platform == "win32"'}, RP37) == "sys_platform == 'win32'"
    assert skipped_markers({"markers": 'sys_platform == "win32"'}) == "sys_platform == 'win32'"
    # Pipenv writes a bare {"version": "*"} here; stackwise keeps the condition (documented)
    assert skipped_markers({"sys_platform": "== 'win32'"}) == "sys_platform == 'win32'"
    assert skipped_markers("*") is None


def _index(files: Path) -> None:
    build_wheel(files, "pb", "1.0", ["shared>=1", "both"], requires_python=">=3.8")
    build_wheel(files, "pa", "1.0", ["shared", "both"])
    build_wheel(files, "pc", "1.0", ["sh2"])
    build_wheel(files, "pd", "1.0", ["sh2"])
    build_wheel(files, "shared", "1.0", requires_python=">=3.7")
    build_wheel(files, "sh2", "1.0", requires_python=">=3.6")
    build_wheel(files, "both", "1.0")
    build_wheel(files, "exparent", "1.0", ["exdep[fast]"])
    build_wheel(files, "exdep", "1.0", extras={"fast": ["speedup"]})
    build_wheel(files, "speedup", "1.0")
    build_wheel(files, "top", "1.0", extras={"x": ["xdep"]})
    build_wheel(files, "xdep", "1.0")
    build_wheel(files, "pmark", "1.0", ["mdep; python_version >= '3.8'", "mdep2; python_version >= '3.8'",
                                        "mdep3; sys_platform == 'win32'"])
    build_wheel(files, "mdep", "1.0")
    build_wheel(files, "mdep2", "1.0", requires_python=">=3.6")
    build_wheel(files, "mdep3", "1.0")
    for name in OBSERVED:
        build_wheel(files, name, "1.0", [f"{name}dep"], requires_python=">=3.7")
        build_wheel(files, f"{name}dep", "1.0", requires_python=">=3.8")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Any:
    files = tmp_path_factory.mktemp("marker-files")
    second = tmp_path_factory.mktemp("marker-second")
    _index(files)
    build_wheel(second, "private", "1.0", ["both"])
    first, other = IndexServer(files).start(), IndexServer(second).start()
    yield first, other
    first.stop()
    other.stop()


def _pipfile(project: Path, servers: Any, packages: str, dev: str = "") -> Path:
    first, second = servers
    project.mkdir(parents=True, exist_ok=True)
    path = project / "Pipfile"
    path.write_text(f'[[source]]\nurl = "{first.url}"\nverify_ssl = false\nname = "fixture"\n\n'
                    f'[[source]]\nurl = "{second.url}"\nverify_ssl = false\nname = "second"\n\n'
                    f"[packages]\n{packages}\n[dev-packages]\n{dev}\n", encoding="utf-8")
    return path


def _stackwise(pipfile: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(pipfile), "-q",
                 "--cache-dir", str(out.parent / ".swcache"), "-o", str(out), "--no-default-scores"])
    assert code == 0, capsys.readouterr().err
    return dict(json.loads(out.read_text()))


def test_several_parents_get_the_true_marker(tmp_path: Path, servers: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Pipenv writes one parent's markers, whichever pip recorded (it changes between runs);
    stackwise: one marker when all paths agree, Requires-Python when one path is unconditional,
    else the paths' markers joined with ``or``."""
    pipfile = _pipfile(tmp_path / "p", servers,
                       "pa = {version = \"*\", markers = \"os_name == 'posix'\"}\npb = \"*\"\n"
                       "pc = {version = \"*\", sys_platform = \"== 'linux'\"}\n"
                       "pd = {version = \"*\", markers = \"os_name == 'posix'\"}\n")
    data = _stackwise(pipfile, tmp_path / "Pipfile.lock", capsys)["default"]
    assert data["shared"]["markers"] == RP37  # pb needs it unconditionally
    assert "markers" not in data["both"]  # same, and no Requires-Python
    assert data["sh2"]["markers"] == "os_name == 'posix' or sys_platform == 'linux'"
    assert data["pb"]["index"] == "fixture" and "index" not in data["pa"]
    # both parents agree: that marker, as Pipenv writes it
    pipfile = _pipfile(tmp_path / "q", servers, "pc = {version = \"*\", markers = \"os_name == 'posix'\"}\n"
                       "pd = {version = \"*\", markers = \"os_name == 'posix'\"}\n")
    assert _stackwise(pipfile, tmp_path / "q.lock", capsys)["default"]["sh2"]["markers"] == "os_name == 'posix'"


def _project(root: Path, name: str, deps: list[str], *, dynamic: bool = False) -> None:
    """A path project with an in-tree backend (tests/local_projects.py) and a ``fast`` extra."""
    make_project(root, name, deps=deps, dynamic=dynamic, extras={"fast": ["speedup"]})


def test_path_projects_are_locked_through_their_dependencies(
        tmp_path: Path, servers: Any, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "proj"
    _project(project / "localproj", "localproj", ["both", "mdep; sys_platform == 'win32'"])
    _project(project / "edproj", "edproj", ["shared"])
    pipfile = _pipfile(project, servers, 'localproj = {path = "./localproj"}\n'
                       'edproj = {path = "./edproj", editable = true, extras = ["fast"]}\n')
    data = _stackwise(pipfile, tmp_path / "Pipfile.lock", capsys)["default"]
    assert data["localproj"] == {"path": "./localproj"}
    assert data["edproj"] == {"editable": True, "extras": ["fast"], "path": "./edproj"}
    assert set(data) == {"localproj", "edproj", "both", "shared", "speedup"}  # mdep is Windows-only
    assert data["shared"]["markers"] == RP37 and "index" not in data["both"]

    _project(project / "dyn", "dyn", [], dynamic=True)
    pipfile = _pipfile(project, servers, 'dyn = {path = "./dyn"}\n')
    code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(pipfile), "-q",
                 "--no-default-scores", "-o", str(tmp_path / "dyn.lock")])
    err = capsys.readouterr().err
    # dynamic dependencies come from the built metadata (more in tests/test_install_local.py)
    assert code == 0 and "Traceback" not in err, err
    assert json.loads((tmp_path / "dyn.lock").read_text())["default"] == {"dyn": {"path": "./dyn"}}
    _project(project / "byurl", "byurl", ["both @ https://example.org/both-1.0-py3-none-any.whl"])
    pipfile = _pipfile(project, servers, 'byurl = {path = "./byurl"}\n')
    code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(pipfile), "-q",
                 "--no-default-scores", "-o", str(tmp_path / "url.lock")])
    err = capsys.readouterr().err
    assert code != 0 and "a direct URL" in err and "Traceback" not in err
    pipfile = _pipfile(project, servers, 'gone = {path = "./gone"}\n')
    code = main(["lock", "--format", "pipfile-lock", "--isolated", "--pipfile", str(pipfile), "-q",
                 "--no-default-scores", "-o", str(tmp_path / "gone.lock")])
    err = capsys.readouterr().err
    assert code != 0 and "has no pyproject.toml" in err and not (tmp_path / "gone.lock").exists()


PIPFILES = {  # each deterministic in Pipenv (no dependency with parents that disagree)
    "marker keys, extras, indexes": (
        "".join(f"{n} = {{{', '.join(f'{k} = {json.dumps(v)}' for k, v in {'version': '*', **spec}.items())}}}\n"
                for n, (spec, _, _) in OBSERVED.items())
        + 'k6 = {version = "*", markers = "sys_platform == \'win32\'"}\n'
        'exparent = "*"\ntop = {version = "*", extras = ["x"]}\nprivate = {version = "*", index = "second"}\n'
        'pmark = "*"\n',
        'pb = "*"\nexparent = "*"\n'),
    "path and editable projects": (
        'pb = "*"\nlocalproj = {path = "./localproj"}\n'
        'edproj = {path = "./edproj", editable = true, extras = ["fast"]}\n',
        'top = {version = "*", extras = ["x"]}\n'),
}


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("pipenv") is None, reason="needs Pipenv installed next to stackwise")
@pytest.mark.parametrize("case", sorted(PIPFILES))
def test_byte_identical_to_real_pipenv(case: str, tmp_path: Path, servers: Any,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    packages, dev = PIPFILES[case]
    project = tmp_path / "proj"
    _project(project / "localproj", "localproj", ["both"])
    _project(project / "edproj", "edproj", ["shared"])
    pipfile = _pipfile(project, servers, packages, dev)
    env = _env(tmp_path)
    _run(project, env, sys.executable, "-m", "pipenv", "lock")
    theirs = (project / "Pipfile.lock").read_text()
    ours = tmp_path / "ours.lock"
    _stackwise(pipfile, ours, capsys)
    assert ours.read_text() == theirs
    shutil.rmtree(project / ".venv", ignore_errors=True)
