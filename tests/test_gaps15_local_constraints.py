"""Local projects among ``stackwise lock`` inputs are checked against every constraint, as pip does.

pip builds a local project's metadata and refuses (ResolutionImpossible) when its version does
not fit a constraint: from ``-c``, ``PIP_CONSTRAINT`` or pip's configured ``constraint =``.
stackwise refuses the same inputs with one clear paragraph and writes nothing, and locks the
inputs pip accepts. A constraint with extras is refused as pip refuses it ("Constraints cannot
have extras"), also when it names a local project. Real pip, a real index on 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from local_projects import make_project
from stackwise.cli import main
from support import build_wheel
from support.locks import pins_of


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("PIP_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "own-cache"))
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def world(tmp_path: Path, index_factory: Any) -> str:
    files = tmp_path / "files"
    build_wheel(files, "simplelib", "1.0")
    build_wheel(files, "myproj", "0.5")  # a decoy on the index: pip and stackwise never take it
    make_project(tmp_path / "myproj", "myproj", "1.0", deps=["simplelib"], dynamic=True)  # known once built
    return index_factory(files_dir=files).url


def pip_dry_run(tmp_path: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    environ.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
                   PIP_CACHE_DIR=str(tmp_path / "pip-cache"))
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
                           "--no-build-isolation", "--report", "-", "-q", *args],
                          capture_output=True, text=True, env=environ, cwd=tmp_path, timeout=600)


def where_from(tmp_path: Path, url: str, how: str, text: str) -> tuple[list[str], dict[str, str]]:
    """The constraint ``text`` given the way ``how`` says: (arguments, environment)."""
    path = tmp_path / "constraints.txt"
    path.write_text(text)
    if how == "-c":
        return ["-c", "constraints.txt", "--index-url", url], {}
    if how == "PIP_CONSTRAINT":
        return [], {"PIP_CONSTRAINT": str(path), "PIP_INDEX_URL": url}
    conf = tmp_path / "pip.conf"
    conf.write_text(f"[global]\nindex-url = {url}\n[install]\nconstraint = {path}\n")
    return [], {"PIP_CONFIG_FILE": str(conf)}


LOCAL = {"dir": ["./myproj"], "editable": ["-e", "./myproj"], "named": ["myproj @ {uri}"]}


@pytest.mark.parametrize("how", ["-c", "PIP_CONSTRAINT", "config"])
@pytest.mark.parametrize("form", sorted(LOCAL))
def test_a_constraint_the_local_project_violates_is_refused_like_pip(
    tmp_path: Path, world: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    how: str, form: str,
) -> None:
    local = [a.format(uri=(tmp_path / "myproj").as_uri()) for a in LOCAL[form]]
    args, env = where_from(tmp_path, world, how, "myproj<1\n")
    proc = pip_dry_run(tmp_path, [*args, *local], env)
    assert proc.returncode != 0 and "ResolutionImpossible" in proc.stderr, proc.stderr
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    capsys.readouterr()
    code = main(["lock", "--no-default-scores", *args, *local, "-o", "out.txt"])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err, err
    assert "myproj<1" in err and "version 1.0" in err and err.count("stackwise: error:") == 1, err
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("how", ["-c", "config"])
def test_a_constraint_the_local_project_fits_locks_like_pip(
    tmp_path: Path, world: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, how: str,
) -> None:
    args, env = where_from(tmp_path, world, how, "myproj>=1\nsimplelib==1.0\n")
    assert pip_dry_run(tmp_path, [*args, "./myproj"], env).returncode == 0
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = main(["lock", "--no-default-scores", *args, "./myproj", "-o", "out.txt"])
    assert code == 0, capsys.readouterr().err
    text = (tmp_path / "out.txt").read_text()
    assert pins_of(text) == {"simplelib": "1.0"} and "./myproj" in text


def test_a_constraint_with_extras_on_a_local_project_is_refused_like_pip(
    tmp_path: Path, world: str, capsys: pytest.CaptureFixture[str],
) -> None:
    """The version fits; pip refuses the constraint for its extras, before building anything."""
    args, env = where_from(tmp_path, world, "-c", "myproj[fast]>=1\n")
    proc = pip_dry_run(tmp_path, [*args, "./myproj"], env)
    assert proc.returncode != 0 and "Constraints cannot have extras" in proc.stderr, proc.stderr
    capsys.readouterr()
    code = main(["lock", "--no-default-scores", *args, "./myproj", "-o", "out.txt"])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err and "constraints cannot have extras" in err, err
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("lines", [["./myproj", "myproj[fast]"], ["./myproj[fast]", "myproj[more]"]])
def test_a_named_requirement_adds_extras_to_the_local_project_as_in_pip(
    tmp_path: Path, index_factory: Any, capsys: pytest.CaptureFixture[str], lines: list[str],
) -> None:
    """pip installs the directory with the extras of every requirement on its name; stackwise refused
    ("asks for extras of the local project ... add them there")."""
    files = tmp_path / "files"
    for name in ("alpha", "gamma", "delta"):
        build_wheel(files, name, "1.0")
    url = index_factory(files_dir=files).url
    make_project(tmp_path / "myproj", "myproj", "1.0", deps=["alpha"], extras={"fast": ["gamma"], "more": ["delta"]})
    (tmp_path / "r.txt").write_text("".join(line + "\n" for line in lines))
    proc = pip_dry_run(tmp_path, ["--index-url", url, "-r", "r.txt"], {})
    assert proc.returncode == 0, proc.stderr
    import json

    pip = {i["metadata"]["name"].lower() for i in json.loads(proc.stdout)["install"]} - {"myproj"}
    capsys.readouterr()
    code = main(["lock", "--no-default-scores", "--isolated", "--index-url", url, "-r", "r.txt", "-o", "out.txt"])
    assert code == 0, capsys.readouterr().err
    assert set(pins_of((tmp_path / "out.txt").read_text())) == pip == (
        {"alpha", "gamma"} if lines[0] == "./myproj" else {"alpha", "gamma", "delta"})


@pytest.mark.parametrize("order", [["./pa", "./pb"], ["./pb", "./pa"]])
def test_a_local_project_requiring_another_with_extras_locks_those_extras_as_pip(
    tmp_path: Path, index_factory: Any, capsys: pytest.CaptureFixture[str], order: list[str],
) -> None:
    """``pa`` requires ``pb[fast]``, both local: pip installs gamma (pb's extra); stackwise left it out."""
    files = tmp_path / "files"
    for name in ("alpha", "gamma"):
        build_wheel(files, name, "1.0")
    url = index_factory(files_dir=files).url
    make_project(tmp_path / "pa", "pa", "1.0", deps=["pb[fast]"])
    make_project(tmp_path / "pb", "pb", "1.0", deps=["alpha"], extras={"fast": ["gamma"]}, dynamic=True)
    proc = pip_dry_run(tmp_path, ["--index-url", url, *order], {})
    assert proc.returncode == 0, proc.stderr
    import json

    pip = {i["metadata"]["name"].lower() for i in json.loads(proc.stdout)["install"]} - {"pa", "pb"}
    assert pip == {"alpha", "gamma"}
    capsys.readouterr()
    code = main(["lock", "--no-default-scores", "--isolated", "--index-url", url, *order, "-o", "out.txt"])
    assert code == 0, capsys.readouterr().err
    assert set(pins_of((tmp_path / "out.txt").read_text())) == pip
