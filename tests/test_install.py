"""``stackwise install``: real venvs, real wheels on a local index, PyPA installer underneath.

Every test installs into a fresh ``python -m venv --without-pip`` environment and checks
the result by running that environment's interpreter (importlib.metadata, imports,
console scripts), or real pip's ``pip --python VENV list``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from stackwise.cli import main
from stackwise.lockfiles.model import Lock, LockedFile, LockedPackage
from stackwise.lockfiles.pylock import render_pylock
from support import IndexServer, build_wheel
from support.wheels import build_setuptools_sdist

TOOL_ENTRY = {"toolpkg-1.0.dist-info/entry_points.txt": "[console_scripts]\ntoolpkg-hello = toolpkg:main\n",
              "toolpkg/__init__.py": '__version__ = "1.0"\n\ndef main():\n    print("hello from toolpkg 1.0")\n'}


# -- helpers -------------------------------------------------------------------------------------


def make_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return path


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def installed_versions(venv: Path) -> dict[str, str]:
    """{name: version} as the venv's own importlib.metadata sees it."""
    code = "import json, importlib.metadata as m; print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
    out = subprocess.run([str(venv_python(venv)), "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def listing(venv: Path) -> dict[str, str]:
    """Every file under the venv (except bytecode) with its sha256: 'unchanged' means exactly that."""
    out: dict[str, str] = {}
    for p in sorted(venv.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            out[str(p.relative_to(venv))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pylock_for(files_dir: Path, pins: Mapping[str, str], url_of: Callable[[str], str], dest: Path,
               requires_python: str | None = None) -> Path:
    """A pylock.toml (written by stackwise's writer) naming each pinned file by URL and sha256."""
    packages = []
    for name, version in pins.items():
        files = []
        for f in sorted(files_dir.iterdir()):
            if f.name.startswith(f"{name.replace('-', '_')}-{version}") and f.name.endswith((".whl", ".tar.gz")):
                files.append(LockedFile(f.name, url_of(f.name), {"sha256": sha256(f)}, f.stat().st_size))
        assert files, f"no file for {name} {version} in {files_dir}"
        packages.append(LockedPackage(name, version, tuple(files)))
    path = dest / "pylock.toml"
    path.write_text(render_pylock(Lock(tuple(packages), requires_python=requires_python)), encoding="utf-8")
    return path


def run_install(*argv: str) -> tuple[int, str]:
    """``stackwise install ...`` in a child process (the CLI as users run it); (exit code, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "stackwise", "install", *argv], capture_output=True, text=True, env={
        **os.environ, "PIP_CONFIG_FILE": os.devnull, "STACKWISE_CONFIG_FILE": os.devnull})
    return proc.returncode, proc.stderr


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own cache (wheel cache included): a verified copy kept by another test
    must never stand in for a download this test means to check."""
    monkeypatch.setenv("STACKWISE_CACHE_DIR", str(tmp_path / "own-cache"))


@pytest.fixture
def seed_files(tmp_path: Path, seed_graph: dict[str, dict[str, list[str]]]) -> Path:
    """The seed graph's wheels plus ``toolpkg`` (a console script) in one directory."""
    files = tmp_path / "files"
    for name, versions in seed_graph.items():
        for version, requires in versions.items():
            build_wheel(files, name, version, requires)
    build_wheel(files, "toolpkg", "1.0", files=TOOL_ENTRY)
    build_wheel(files, "toolpkg", "0.9")
    return files


SEED_PINS = {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "2.0", "toolpkg": "1.0"}


# -- tests ---------------------------------------------------------------------------------------


def test_seed_pylock_installs_into_a_venv_with_scripts_record_and_installer(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    lock = pylock_for(seed_files, SEED_PINS, srv.file_url, tmp_path)
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv), "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err
    assert "installed 4" in err
    versions = installed_versions(venv)
    assert {k: versions[k] for k in SEED_PINS} == SEED_PINS
    out = subprocess.run([str(venv_python(venv)), "-c", "import simplelib, toolpkg; print(simplelib.__version__, toolpkg.__version__)"],
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["2.0", "1.0"]
    script = venv / "bin" / "toolpkg-hello"
    assert script.read_text().splitlines()[0] == f"#!{venv_python(venv)}"
    assert subprocess.run([str(script)], capture_output=True, text=True, check=True).stdout.strip() == "hello from toolpkg 1.0"
    site = next((venv / "lib").glob("python3*/site-packages"))
    distinfo = site / "toolpkg-1.0.dist-info"
    assert (distinfo / "INSTALLER").read_text() == "stackwise\n"
    record = (distinfo / "RECORD").read_text()
    assert "toolpkg/__init__.py,sha256=" in record and "../../../bin/toolpkg-hello,sha256=" in record
    assert not list(venv.glob(".stackwise-install-*"))  # staging removed
    # real pip agrees about what is installed
    pip_list = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_python(venv)), "list", "--format", "json"],
                              capture_output=True, text=True, check=True).stdout
    assert {d["name"]: d["version"] for d in json.loads(pip_list)}.items() >= SEED_PINS.items()
    # a second run keeps everything and downloads nothing
    srv.clear_log()
    code, err = run_install(str(lock), "--target-venv", str(venv), "--cache-dir", str(tmp_path / "cache"))
    assert code == 0 and "all 4 package(s)" in err and "already installed" in err, err
    assert srv.requests_log == []
    # the RECORD is right: real pip uninstalls the package completely, script included
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_python(venv)), "uninstall", "-y", "-q", "toolpkg"],
                   check=True, capture_output=True)
    assert not script.exists() and not distinfo.exists() and not (site / "toolpkg").exists()


def requirements_lock(tmp_path: Path, srv: IndexServer, *reqs: str) -> Path:
    """A requirements.txt with --hash lines, written by ``stackwise lock`` itself."""
    out = tmp_path / "requirements.txt"
    code = main(["lock", *reqs, "--index-url", srv.url, "--no-default-scores", "-q",
                 "--cache-dir", str(tmp_path / "lock-cache"), "-o", str(out)])
    assert code == 0
    return out


def test_requirements_lock_from_stackwise_lock_installs_exact_versions(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    lock = requirements_lock(tmp_path, srv, "simplelib<2", "anotherlib", "toolpkg")
    assert "--hash=sha256:" in lock.read_text()
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv), "--index-url", srv.url, "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err
    versions = installed_versions(venv)
    expected = {"simplelib": "1.0", "dependency1": "2.0", "anotherlib": "2.0", "dependency2": "2.0", "toolpkg": "1.0"}
    assert {k: versions.get(k) for k in expected} == expected
    assert (venv / "bin" / "toolpkg-hello").exists()


def test_tampered_hash_is_refused_and_nothing_changes(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    venv = make_venv(tmp_path / "venv")
    first = pylock_for(seed_files, {"toolpkg": "0.9"}, srv.file_url, tmp_path)
    cache = ["--cache-dir", str(tmp_path / "cache")]  # no verified copy from another test stands in
    assert run_install(str(first), "--target-venv", str(venv), *cache)[0] == 0
    before = listing(venv)
    # the lock is fine, but the served file of one package (the last one fetched) was swapped
    lock = pylock_for(seed_files, SEED_PINS, srv.file_url, tmp_path)
    build_wheel(seed_files, "toolpkg", "1.0", files={**TOOL_ENTRY, "toolpkg/evil.py": "import os\n"})
    code, err = run_install(str(lock), "--target-venv", str(venv), *cache)
    assert code == 1
    assert "Hash mismatch for toolpkg==1.0" in err and "Nothing was installed" in err and "Traceback" not in err
    assert listing(venv) == before
    assert installed_versions(venv).get("toolpkg") == "0.9"


def test_lock_edited_to_a_wrong_hash_is_refused_before_any_install(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    lock = requirements_lock(tmp_path, srv, "simplelib", "toolpkg")
    text = lock.read_text()
    digest = sha256(seed_files / "toolpkg-1.0-py3-none-any.whl")
    assert digest in text
    lock.write_text(text.replace(digest, "0" * 64))
    venv = make_venv(tmp_path / "venv")
    before = listing(venv)
    code, err = run_install(str(lock), "--target-venv", str(venv), "--index-url", srv.url, "--cache-dir", str(tmp_path / "cache"))
    assert code == 1 and "toolpkg==1.0" in err and "Nothing was installed" in err, err
    assert listing(venv) == before


def test_missing_hash_is_refused(tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]) -> None:
    srv = index_factory(files_dir=seed_files)
    lock = pylock_for(seed_files, {"simplelib": "2.0", "dependency2": "2.0"}, srv.file_url, tmp_path)
    lock.write_text(lock.read_text().replace('hashes = {sha256 = "' + sha256(seed_files / "dependency2-2.0-py3-none-any.whl") + '"}',
                                             "hashes = {}"))
    venv = make_venv(tmp_path / "venv")
    before = listing(venv)
    code, err = run_install(str(lock), "--target-venv", str(venv))
    assert code == 1 and "dependency2" in err and "Traceback" not in err, err
    assert listing(venv) == before


def test_corrupt_second_wheel_fails_in_staging_and_installs_nothing(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    # a wheel whose RECORD disagrees with its contents: the lock's hash matches the file, the
    # installer rejects it half-way through writing it -- in staging, not in the venv
    good = build_wheel(tmp_path / "tmpl", "zzbroken", "1.0")
    import zipfile

    with zipfile.ZipFile(good) as src, zipfile.ZipFile(seed_files / good.name, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "zzbroken/__init__.py":
                data += b"# changed after RECORD was written\n"
            dst.writestr(item, data)
    srv = index_factory(files_dir=seed_files)
    lock = pylock_for(seed_files, {"simplelib": "2.0", "dependency2": "2.0", "zzbroken": "1.0"}, srv.file_url, tmp_path)
    venv = make_venv(tmp_path / "venv")
    before = listing(venv)
    code, err = run_install(str(lock), "--target-venv", str(venv))
    assert code == 1 and "zzbroken-1.0-py3-none-any.whl failed while staging" in err, err
    assert listing(venv) == before
    assert not list(venv.glob(".stackwise-install-*"))


def test_failure_while_moving_rolls_every_package_back(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    venv = make_venv(tmp_path / "venv")
    old = pylock_for(seed_files, {"toolpkg": "0.9"}, srv.file_url, tmp_path)
    assert run_install(str(old), "--target-venv", str(venv))[0] == 0
    # a directory where toolpkg 1.0's console script must go: the swap fails after other
    # packages (and toolpkg 0.9's removal) were already applied
    (venv / "bin" / "toolpkg-hello").mkdir()
    before = listing(venv)
    lock = pylock_for(seed_files, SEED_PINS, srv.file_url, tmp_path)
    code, err = run_install(str(lock), "--target-venv", str(venv))
    assert code == 1 and "rolled back" in err, err
    assert listing(venv) == before
    versions = installed_versions(venv)
    assert versions.get("toolpkg") == "0.9" and "simplelib" not in versions


def test_killed_install_is_rolled_back_by_the_next_run(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    venv = make_venv(tmp_path / "venv")
    assert run_install(str(pylock_for(seed_files, {"toolpkg": "0.9"}, srv.file_url, tmp_path)), "--target-venv", str(venv))[0] == 0
    before = listing(venv)
    lock = pylock_for(seed_files, SEED_PINS, srv.file_url, tmp_path)
    # the real install, SIGKILLed by the OS in the middle of the swap (after 5 renames)
    script = (
        "import os, signal, sys\n"
        "import stackwise.install.destination as d\n"
        "orig = d._move\n"
        "count = [0]\n"
        "def move(src, dst):\n"
        "    orig(src, dst)\n"
        "    count[0] += 1\n"
        "    if count[0] == 5:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "d._move = move\n"
        "from stackwise.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, "install", str(lock), "--target-venv", str(venv)],
                          capture_output=True, text=True)
    assert proc.returncode == -9
    assert list(venv.glob(".stackwise-install-*"))  # the journal survived the kill
    assert listing(venv) != before  # half-applied
    # any next run first rolls the interrupted one back; a dry run changes nothing else
    code, err = run_install(str(lock), "--target-venv", str(venv), "--dry-run")
    assert code == 0 and "rolled back an interrupted install" in err, err
    assert listing(venv) == before
    assert installed_versions(venv).get("toolpkg") == "0.9"


def test_older_installed_version_is_replaced_cleanly(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    build_wheel(seed_files, "toolpkg", "0.9", files={"toolpkg/old_only.py": "X = 1\n"})
    srv = index_factory(files_dir=seed_files)
    venv = make_venv(tmp_path / "venv")
    assert run_install(str(pylock_for(seed_files, {"toolpkg": "0.9"}, srv.file_url, tmp_path)), "--target-venv", str(venv))[0] == 0
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert (site / "toolpkg" / "old_only.py").exists()
    subprocess.run([str(venv_python(venv)), "-c", "import toolpkg.old_only"], check=True)  # leaves __pycache__ behind
    code, err = run_install(str(pylock_for(seed_files, {"toolpkg": "1.0"}, srv.file_url, tmp_path)), "--target-venv", str(venv))
    assert code == 0 and "replaced 1" in err, err
    assert installed_versions(venv).get("toolpkg") == "1.0"
    assert not (site / "toolpkg-0.9.dist-info").exists()
    assert not (site / "toolpkg" / "old_only.py").exists()
    assert not list((site / "toolpkg").glob("__pycache__/old_only.*"))
    assert (venv / "bin" / "toolpkg-hello").exists()


def test_install_killed_after_commit_is_cleaned_up_by_the_next_run(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    """SIGKILL right after the journal's commit line: the new set is in place, and the next run
    finishes the clean-up a normal finish does (no empty *.dist-info for pip to warn about)."""
    build_wheel(seed_files, "toolpkg", "0.9", files={"toolpkg/old_only.py": "X = 1\n"})
    srv = index_factory(files_dir=seed_files)
    venv = make_venv(tmp_path / "venv")
    assert run_install(str(pylock_for(seed_files, {"toolpkg": "0.9"}, srv.file_url, tmp_path)), "--target-venv", str(venv))[0] == 0
    lock = pylock_for(seed_files, {"toolpkg": "1.0"}, srv.file_url, tmp_path)
    script = (
        "import os, signal, sys\n"
        "import stackwise.install.destination as d\n"
        "orig = d.Transaction.commit\n"
        "def commit(self):\n"
        "    orig(self)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "d.Transaction.commit = commit\n"
        "from stackwise.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, "install", str(lock), "--target-venv", str(venv)],
                          capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    site = next((venv / "lib").glob("python3*/site-packages"))
    stage = list(venv.glob(".stackwise-install-*"))
    assert stage and (stage[0] / "journal").read_text().splitlines()[-1] == '{"op": "commit"}'
    assert (site / "toolpkg-0.9.dist-info").is_dir()  # emptied, not yet pruned: what pip warns about
    assert not list((site / "toolpkg-0.9.dist-info").iterdir())

    code, err = run_install(str(lock), "--target-venv", str(venv))
    assert code == 0 and "finished the clean-up of an interrupted install" in err and "already installed" in err, err
    assert "rolled back" not in err
    assert not list(venv.glob(".stackwise-install-*"))
    empty = [d.name for d in site.glob("*.dist-info") if not any(d.iterdir())]
    assert empty == []
    assert not (site / "toolpkg" / "old_only.py").exists()
    pip_list = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_python(venv)), "list"],
                              capture_output=True, text=True, check=True)
    assert "WARNING" not in pip_list.stderr.upper(), pip_list.stderr
    assert "toolpkg" in pip_list.stdout and "1.0" in pip_list.stdout
    assert installed_versions(venv).get("toolpkg") == "1.0"


def test_entries_whose_markers_do_not_apply_are_skipped_in_every_lock_format(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    """As Pipenv and pip do: an entry whose marker is false here is skipped, even one the writing
    tool left unpinned (Pipenv writes ``"version": "*"`` for a top-level entry whose markers
    were false where it locked); where the marker holds, the same entry is a clear refusal."""
    from stackwise.lockfiles.pipfile import PIPFILE_SPEC

    srv = index_factory(files_dir=seed_files)

    def entry(name: str, version: str) -> dict[str, Any]:
        digests = [sha256(f) for f in seed_files.glob(f"{name}-{version}-*.whl")]
        return {"version": f"=={version}", "hashes": [f"sha256:{d}" for d in digests], "index": "local"}

    def pipfile_lock(colorama_marker: str) -> Path:
        lock = tmp_path / "Pipfile.lock"
        lock.write_text(json.dumps({
            "_meta": {"hash": {"sha256": "0" * 64}, "pipfile-spec": PIPFILE_SPEC, "requires": {},
                      "sources": [{"name": "local", "url": srv.url, "verify_ssl": False}]},
            "default": {"simplelib": entry("simplelib", "2.0"), "dependency2": entry("dependency2", "2.0"),
                        "colorama": {"index": "local", "markers": colorama_marker, "version": "*"}},
            "develop": {"toolpkg": {**entry("toolpkg", "1.0"), "markers": "sys_platform == 'win32'"}},
        }))
        return lock

    venv = make_venv(tmp_path / "venv")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    code, err = run_install(str(pipfile_lock("sys_platform == 'win32'")), "--target-venv", str(venv), "--dev", *cache)
    assert code == 0 and "installed 2," in err, err
    versions = installed_versions(venv)
    assert versions.get("simplelib") == "2.0" and "toolpkg" not in versions and "colorama" not in versions

    # the same entry where its marker holds: refused before anything is fetched, naming section and entry
    venv2 = make_venv(tmp_path / "venv2")
    before = listing(venv2)
    code, err = run_install(str(pipfile_lock("sys_platform != 'win32'")), "--target-venv", str(venv2), *cache)
    assert code == 1 and "default.colorama" in err and "exact pin" in err and "markers hold here" in err, err
    assert "Traceback" not in err and listing(venv2) == before

    # requirements.txt: pip ignores a line whose markers do not match before checking pins and hashes
    digests = " ".join(f"--hash=sha256:{sha256(f)}" for f in seed_files.glob("dependency2-2.0-*.whl"))
    req = tmp_path / "requirements.txt"
    req.write_text(f"--index-url {srv.url}\n"
                   f"dependency2==2.0 {digests}\n"
                   "colorama ; sys_platform == 'win32'\n"
                   "toolpkg==1.0 ; sys_platform == 'win32'\n"
                   f"dependency1==1.0 ; python_version < '3' {digests}\n")
    venv3 = make_venv(tmp_path / "venv3")
    code, err = run_install(str(req), "--target-venv", str(venv3), *cache)
    assert code == 0 and "installed 1," in err, err
    assert set(installed_versions(venv3)) == {"dependency2"}
    pip = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_python(venv3)), "install", "--dry-run",
                          "--no-deps", "--require-hashes", "-r", str(req)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr  # pip accepts the same file
    req.write_text(req.read_text().replace("sys_platform == 'win32'", "sys_platform != 'win32'", 1))
    code, err = run_install(str(req), "--target-venv", str(venv3), *cache)
    assert code == 1 and "requirements.txt:3" in err and "not pinned" in err, err


def test_offline_from_a_wheelhouse_never_touches_the_network(tmp_path: Path, seed_files: Path) -> None:
    port = closed_port()
    dead = f"http://127.0.0.1:{port}"
    # a pylock naming remote URLs on a dead index, and a requirements lock naming only hashes
    pylock = pylock_for(seed_files, SEED_PINS, lambda f: f"{dead}/files/{f}", tmp_path)
    venv = make_venv(tmp_path / "venv")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    code, err = run_install(str(pylock), "--target-venv", str(venv), "--offline", "--find-links", str(seed_files), *cache)
    assert code == 0, err
    assert {k: installed_versions(venv)[k] for k in SEED_PINS} == SEED_PINS
    # without the wheelhouse and with an empty cache, --offline refuses instead of connecting
    venv2 = make_venv(tmp_path / "venv2")
    code, err = run_install(str(pylock), "--target-venv", str(venv2), "--offline", "--cache-dir", str(tmp_path / "empty"))
    assert code == 1 and "--offline forbids network access" in err, err
    assert "simplelib" not in installed_versions(venv2)
    # the verified files the first install kept in its wheel cache serve a later offline install
    code, err = run_install(str(pylock), "--target-venv", str(venv2), "--offline", *cache)
    assert code == 0, err
    assert {k: installed_versions(venv2)[k] for k in SEED_PINS} == SEED_PINS


def test_hash_only_lock_installs_offline_from_find_links(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    lock = requirements_lock(tmp_path, srv, "simplelib", "toolpkg")
    srv.stop()  # the index now is a closed port
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv), "--offline", "--index-url", srv.url, "--find-links", str(seed_files),
                            "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err
    versions = installed_versions(venv)
    assert versions.get("simplelib") == "2.0" and versions.get("dependency2") == "2.0" and versions.get("toolpkg") == "1.0"
    # --no-index works the same without --offline
    venv2 = make_venv(tmp_path / "venv2")
    code, err = run_install(str(lock), "--target-venv", str(venv2), "--no-index", "--find-links", str(seed_files),
                            "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err


def test_markers_select_packages_for_the_target(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    lock = pylock_for(seed_files, {"simplelib": "2.0", "dependency2": "2.0", "dependency1": "1.0"}, srv.file_url, tmp_path)
    text = lock.read_text().replace('name = "dependency1"\nversion = "1.0"\n',
                                    'name = "dependency1"\nversion = "1.0"\nmarker = "python_version < \'3\'"\n')
    lock.write_text(text)
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv))
    assert code == 0, err
    versions = installed_versions(venv)
    assert versions.get("simplelib") == "2.0" and "dependency1" not in versions
    # a lock made for another Python is refused as a whole
    other = pylock_for(seed_files, {"toolpkg": "1.0"}, srv.file_url, tmp_path, requires_python="<3")
    code, err = run_install(str(other), "--target-venv", str(venv))
    assert code == 1 and "requires Python <3" in err, err
    assert "toolpkg" not in installed_versions(venv)


def test_missing_lock_and_non_venv_are_clear_errors(tmp_path: Path) -> None:
    code, err = run_install(str(tmp_path / "nope.txt"))
    assert code == 1 and "does not exist" in err and "Traceback" not in err
    (tmp_path / "req.txt").write_text("")
    code, err = run_install(str(tmp_path / "req.txt"), "--target-venv", str(tmp_path))
    assert code == 1 and "is not a virtual environment" in err and "Traceback" not in err


def test_sdist_only_package_is_built_into_a_wheel_and_installed(
    tmp_path: Path, seed_files: Path, build_links: Path, index_factory: Callable[..., IndexServer]
) -> None:
    build_setuptools_sdist(seed_files, "sdpkg", "1.0")
    build_setuptools_sdist(seed_files, "sdbroken", "1.0", setup_py="raise RuntimeError('sdbroken is broken on purpose')\n")
    srv = index_factory(files_dir=seed_files)
    lock = pylock_for(seed_files, {"dependency2": "2.0", "sdpkg": "1.0"}, srv.file_url, tmp_path)
    venv = make_venv(tmp_path / "venv")
    before = listing(venv)
    code, err = run_install(str(lock), "--target-venv", str(venv), "--no-build", "--no-index")
    assert code == 1 and "only as an sdist (sdpkg-1.0.tar.gz)" in err, err
    assert listing(venv) == before
    code, err = run_install(str(lock), "--target-venv", str(venv), "--no-index", "--find-links", str(build_links))
    assert code == 0, err
    versions = installed_versions(venv)
    assert versions.get("sdpkg") == "1.0" and versions.get("dependency2") == "2.0"
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert (site / "sdpkg-1.0.dist-info" / "INSTALLER").read_text() == "stackwise\n"
    # a failing build refuses cleanly, with the backend's own words, and installs nothing
    before = listing(venv)
    broken = pylock_for(seed_files, {"simplelib": "2.0", "sdbroken": "1.0"}, srv.file_url, tmp_path)
    code, err = run_install(str(broken), "--target-venv", str(venv), "--no-index", "--find-links", str(build_links))
    assert code == 1 and "Building a wheel from sdbroken-1.0.tar.gz" in err and "broken on purpose" in err, err
    assert "Traceback" not in err.split("failed:")[0]
    assert listing(venv) == before


def test_pipfile_lock_default_and_develop_sections(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    from stackwise.lockfiles.pipfile import PIPFILE_SPEC

    srv = index_factory(files_dir=seed_files)

    def entry(name: str, version: str) -> dict[str, Any]:
        digests = [sha256(f) for f in seed_files.glob(f"{name}-{version}-*.whl")]
        return {"version": f"=={version}", "hashes": [f"sha256:{d}" for d in digests], "index": "local"}

    lock = tmp_path / "Pipfile.lock"
    lock.write_text(json.dumps({
        "_meta": {"hash": {"sha256": "0" * 64}, "pipfile-spec": PIPFILE_SPEC, "requires": {},
                  "sources": [{"name": "local", "url": srv.url, "verify_ssl": False}]},
        "default": {"simplelib": entry("simplelib", "2.0"), "dependency2": entry("dependency2", "2.0")},
        "develop": {"toolpkg": entry("toolpkg", "1.0")},
    }))
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv), "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err
    versions = installed_versions(venv)
    assert versions.get("simplelib") == "2.0" and "toolpkg" not in versions
    code, err = run_install(str(lock), "--target-venv", str(venv), "--dev", "--cache-dir", str(tmp_path / "cache"))
    assert code == 0 and "installed 1," in err and "kept 2" in err, err
    assert installed_versions(venv).get("toolpkg") == "1.0"


def test_default_target_is_the_running_environment(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    lock = pylock_for(seed_files, {"simplelib": "1.0", "dependency1": "1.0"}, srv.file_url, tmp_path)
    venv = make_venv(tmp_path / "venv")
    # stackwise itself runs from the venv's interpreter (importable through PYTHONPATH only)
    import stackwise

    paths = [str(Path(stackwise.__file__).parents[1]), *[p for p in sys.path if p.endswith("site-packages")]]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PIP_CONFIG_FILE": os.devnull}
    proc = subprocess.run([str(venv_python(venv)), "-m", "stackwise", "install", str(lock)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert str(venv) in proc.stderr
    versions = installed_versions(venv)
    assert versions.get("simplelib") == "1.0" and versions.get("dependency1") == "1.0"


def test_concurrent_installs_into_one_venv_are_serialized(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    srv = index_factory(files_dir=seed_files)
    venv = make_venv(tmp_path / "venv")
    lock = pylock_for(seed_files, SEED_PINS, srv.file_url, tmp_path)
    cmd = [sys.executable, "-m", "stackwise", "install", str(lock), "--target-venv", str(venv)]
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in procs]
    assert all(code == 0 for code, _ in results), results
    assert sum("installed 4," in err for _, err in results) == 1  # the others found it done
    assert {k: installed_versions(venv)[k] for k in SEED_PINS} == SEED_PINS
    assert not list(venv.glob(".stackwise-install-*"))


def _other_python() -> str | None:
    """Another CPython 3.9+ on PATH or beside this one (e.g. pyenv's versions directory)."""
    for minor in (12, 13, 10, 9):
        if minor == sys.version_info[1]:
            continue
        found = [shutil.which(f"python3.{minor}"), *map(str, Path(sys.base_prefix).parent.glob(f"3.{minor}*/bin/python3"))]
        for exe in filter(None, found):
            if subprocess.run([exe, "-c", "import venv"], capture_output=True).returncode == 0:
                return exe
    return None


def test_target_venv_of_another_python_gets_its_own_wheel(
    tmp_path: Path, seed_files: Path, index_factory: Callable[..., IndexServer]
) -> None:
    other = _other_python()
    if other is None:
        pytest.skip("no second Python 3 interpreter on this machine")
    venv = tmp_path / "venv"
    subprocess.run([other, "-m", "venv", "--without-pip", str(venv)], check=True)
    from stackwise.install.target import InstallTarget

    target = InstallTarget.venv(venv)
    best = target.environment.tags[0]  # e.g. cp312-cp312-manylinux_2_36_x86_64, from its interpreter
    assert best.interpreter != f"cp3{sys.version_info[1]}"
    build_wheel(seed_files, "natpkg", "1.0", files={"natpkg/__init__.py": 'KIND = "binary"\n'},
                tag=f"{best.interpreter}-{best.abi}-{best.platform}")
    build_wheel(seed_files, "natpkg", "1.0", files={"natpkg/__init__.py": 'KIND = "pure"\n'})
    srv = index_factory(files_dir=seed_files)
    lock = pylock_for(seed_files, {"natpkg": "1.0"}, srv.file_url, tmp_path)
    code, err = run_install(str(lock), "--target-venv", str(venv))
    assert code == 0, err
    out = subprocess.run([str(venv_python(venv)), "-c", "import natpkg, sys; print(natpkg.KIND, sys.version_info[1])"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "binary" and out[1] != str(sys.version_info[1])
    assert Path(target.scheme["platlib"], "natpkg-1.0.dist-info", "WHEEL").read_text().count("Root-Is-Purelib: false") == 1
    # this interpreter's venv gets the pure wheel from the same lock
    mine = make_venv(tmp_path / "mine")
    assert run_install(str(lock), "--target-venv", str(mine))[0] == 0
    assert subprocess.run([str(venv_python(mine)), "-c", "import natpkg; print(natpkg.KIND)"],
                          capture_output=True, text=True, check=True).stdout.strip() == "pure"
