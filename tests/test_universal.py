"""``stackwise lock --universal``: one lock for Linux/macOS/Windows x CPython 3.10-3.13.

The fixture index has dependencies that differ per environment (a Windows-only helper, a
backport below Python 3.11, a library whose newest release needs Python 3.12) and a knowledge
rule that holds on macOS only. For every environment of the matrix the universal lock,
filtered by that environment's markers, must equal the single-environment lock
``stackwise lock --platform P --python-version V``; and the lock installs here with pip, uv
and ``stackwise install``.
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

from stackwise.cli import main
from stackwise.commands.universal import PLATFORM_ORDER, PYTHONS, combined_marker, environments
from stackwise.lockfiles import read_lock
from support import IndexServer, build_wheel

RULE = {"id": "fixture/lib-2-macos", "package": "lib", "specifier": "==2.0", "veto": True,
        "condition": {"marker": "sys_platform == 'darwin'"}, "category": "stability",
        "message": "lib 2.0 crashes on macOS", "link": "https://example.org/lib/2", "source": "fixture"}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    files = tmp_path_factory.mktemp("universal-files")
    build_wheel(files, "app", "1.0", ["winhelper; sys_platform == 'win32'", "backport; python_version < '3.11'",
                                      "lib"])
    build_wheel(files, "lib", "1.0")
    build_wheel(files, "lib", "2.0", requires_python=">=3.12")
    build_wheel(files, "winhelper", "1.0")
    build_wheel(files, "backport", "1.0")
    server = IndexServer(files).start()
    scores = files.parent / "universal-scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [RULE]}), encoding="utf-8")
    yield server, scores
    server.stop()


def _lock(tmp_path: Path, index: Any, out: str, *extra: str) -> Path:
    server, scores = index
    path = tmp_path / out
    code = main(["lock", "app", "-i", server.url, "--isolated", "--no-default-scores", "--scores", str(scores),
                 "--cache-dir", str(tmp_path / "cache"), "-q", "-o", str(path), *extra])
    assert code == 0
    return path


def _pins_for(lock_path: Path, markers: dict[str, str]) -> dict[str, str]:
    env = dict(markers, extra="")
    lock = read_lock(lock_path)
    return {p.name: p.version for p in lock.packages if p.marker is None or Marker(p.marker).evaluate(env)}


def test_filtered_universal_lock_equals_each_single_environment_lock(tmp_path: Path, index: Any) -> None:
    req = _lock(tmp_path, index, "requirements.txt", "--universal")
    pylock = _lock(tmp_path, index, "pylock.toml", "--universal", "--format", "pylock")
    text = req.read_text()
    assert "lib==1.0 ; " in text and "lib==2.0 ; " in text and "winhelper==1.0 ; sys_platform == 'win32'" in text
    ns = type("Args", (), {"cpu_flags": None, "cuda_version": None, "environment": []})()
    envs = environments(ns)  # type: ignore[arg-type]
    assert len(envs) == len(PLATFORM_ORDER) * len(PYTHONS) == 12
    seen = set()
    for env in envs:
        single = _lock(tmp_path, index, f"single-{env.platform}-{env.python}.txt",
                       "--platform", env.platform, "--python-version", env.python)
        expected = {p.name: p.version for p in read_lock(single).packages}
        assert _pins_for(req, env.target.markers) == expected, env.label
        assert _pins_for(pylock, env.target.markers) == expected, env.label
        seen.add(tuple(sorted(expected.items())))
    assert len(seen) >= 4  # the environments really differ (backport, winhelper, lib 1.0/2.0, macOS rule)
    macos_312 = next(e for e in envs if e.label == "macos py3.12")
    linux_312 = next(e for e in envs if e.label == "linux py3.12")
    assert _pins_for(req, macos_312.target.markers)["lib"] == "1.0"  # the conditioned veto holds there only
    assert _pins_for(req, linux_312.target.markers)["lib"] == "2.0"


def test_environment_markers_narrow_the_matrix(tmp_path: Path, index: Any, capsys: pytest.CaptureFixture[str]) -> None:
    pylock = _lock(tmp_path, index, "pylock.toml", "--universal", "--format", "pylock",
                   "--environment", "sys_platform == 'linux'", "--environment", "sys_platform == 'win32' and "
                   "python_version >= '3.13'")
    from stackwise.lockfiles._toml import toml

    data = toml.loads(pylock.read_text())
    assert data["environments"] == [f"sys_platform == 'linux' and python_version == '{v}'" for v in PYTHONS] + [
        "sys_platform == 'win32' and python_version == '3.13'"]
    markers = {(p["name"], p["version"]): p.get("marker") for p in data["packages"]}
    assert markers[("winhelper", "1.0")] == "sys_platform == 'win32'"
    assert markers[("backport", "1.0")] == "python_version == '3.10'"  # linux 3.10 only (no Windows 3.10 here)
    assert "darwin" not in pylock.read_text()
    server, _ = index
    code = main(["lock", "app", "--universal", "--environment", "sys_platform == 'beos'", "-i", server.url,
                 "--isolated", "--no-default-scores"])
    assert code != 0 and "matches the --environment" in capsys.readouterr().err
    code = main(["lock", "app", "--universal", "--format", "pipfile-lock", "-i", server.url, "--isolated"])
    assert code != 0 and "reads its requirements from the Pipfile" in capsys.readouterr().err


def test_combined_markers_are_short() -> None:
    ns = type("Args", (), {"cpu_flags": None, "cuda_version": None, "environment": []})()
    envs = environments(ns)  # type: ignore[arg-type]
    py312 = [e for e in envs if e.python in ("3.12", "3.13")]
    assert combined_marker(envs, envs) is None
    assert combined_marker(py312, envs) == "python_version == '3.12' or python_version == '3.13'"
    win = [e for e in envs if e.platform == "windows"]
    assert combined_marker(win, envs) == "sys_platform == 'win32'"
    odd = [e for e in envs if (e.platform, e.python) in (("linux", "3.10"), ("macos", "3.11"))]
    assert combined_marker(odd, envs) == ("(sys_platform == 'linux' and python_version == '3.10') or "
                                          "(sys_platform == 'darwin' and python_version == '3.11')")
    for chosen in (py312, win, odd):  # each marker holds exactly in the chosen environments
        marker = Marker(combined_marker(chosen, envs) or "")
        assert [e for e in envs if marker.evaluate(dict(e.target.markers, extra=""))] == chosen


@pytest.mark.slow
def test_universal_lock_installs_here_with_pip_uv_and_stackwise(tmp_path: Path, index: Any) -> None:
    server, _ = index
    req = _lock(tmp_path, index, "requirements.txt", "--universal")
    pylock = _lock(tmp_path, index, "pylock.toml", "--universal", "--format", "pylock")
    here = {"app": "1.0", "lib": "2.0" if sys.version_info >= (3, 12) else "1.0"}
    if sys.version_info < (3, 11):
        here["backport"] = "1.0"
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "STACKWISE_CONFIG_FILE": os.devnull,
           "UV_CACHE_DIR": str(tmp_path / "uv-cache"), "UV_NO_CONFIG": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    def venv(name: str) -> Path:
        path = tmp_path / name
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
        return path

    def installed(path: Path) -> dict[str, str]:
        code = "import json, importlib.metadata as m; print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
        out = subprocess.run([str(path / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    def run(*args: str) -> None:
        proc = subprocess.run(list(args), capture_output=True, text=True, env=env)
        assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"

    pip_venv = venv("pip")
    run(sys.executable, "-m", "pip", "--python", str(pip_venv / "bin" / "python"), "install", "--no-deps",
        "--require-hashes", "-i", server.url, "-r", str(req))
    assert installed(pip_venv) == here
    uv_venv = venv("uv")
    run(sys.executable, "-m", "uv", "pip", "install", "--python", str(uv_venv / "bin" / "python"), "--no-deps",
        "--require-hashes", "--index-url", server.url, "-r", str(req))
    assert installed(uv_venv) == here
    uv_pylock = venv("uv-pylock")
    run(sys.executable, "-m", "uv", "pip", "install", "--python", str(uv_pylock / "bin" / "python"), "-r", str(pylock))
    assert installed(uv_pylock) == here
    for lock in (req, pylock):
        target = venv(f"stackwise-{lock.stem}")
        run(sys.executable, "-m", "stackwise", "install", str(lock), "--target-venv", str(target), "-i", server.url,
            "--cache-dir", str(tmp_path / "cache"))
        assert installed(target) == here
