"""Pipfile -> Pipfile.lock from stackwise's resolver, checked by real Pipenv.

The seed example is written as a Pipfile whose [[source]] is a real index on 127.0.0.1;
``stackwise lock --format pipfile-lock`` must produce a lock that Pipenv calls up to date
(``pipenv verify``), installs unchanged (``pipenv install --deploy``, ``pipenv sync``), and
that stackwise reads back. Editing the Pipfile afterwards must make Pipenv reject it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.errors import LockFileError
from stackwise.lockfiles import read_lock
from stackwise.lockfiles.pipfile import pipfile_hash, read_pipfile, read_pipfile_lock
from support import build_wheel

ROOT = Path(__file__).resolve().parents[1]
SEED_SCORES = str(ROOT / "fixtures" / "seed" / "scores.json")
SEED_PINS = {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


def write_pipfile(directory: Path, index_url: str, packages: str, dev: str = "", extra: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "Pipfile"
    path.write_text(
        f'[[source]]\nurl = "{index_url}"\nverify_ssl = false\nname = "fixture"\n\n'
        f"[packages]\n{packages}\n[dev-packages]\n{dev}\n"
        f'[requires]\npython_version = "{sys.version_info.major}.{sys.version_info.minor}"\n{extra}'
    )
    return path


def stackwise_lock(pipfile: Path, *args: str, cwd: Path | None = None) -> int:
    argv = ["lock", "--format", "pipfile-lock", "--isolated", "--cache-dir", str(pipfile.parent / ".swcache"),
            "-q", "-o", str(pipfile.parent / "Pipfile.lock"), *args]
    if cwd is None:
        argv += ["--pipfile", str(pipfile)]
        return main(argv)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return main(argv)
    finally:
        os.chdir(old)


def pipenv(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Real Pipenv on ``project``, its virtualenv inside the project, no user configuration,
    nothing fetched from outside 127.0.0.1 (virtualenv's seed-wheel updates and pip's
    self-version check are off)."""
    if importlib.util.find_spec("pipenv") is None:
        pytest.fail("Pipenv is a test dependency (pip install pipenv): these tests check real Pipenv accepts the lock.")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIPENV_", "VIRTUAL_ENV", "PIP_"))}
    env.update(
        PIPENV_VENV_IN_PROJECT="1",
        PIPENV_IGNORE_VIRTUALENVS="1",
        PIPENV_PYTHON=os.path.realpath(sys.executable),
        PIPENV_NOSPIN="1",
        PIPENV_YES="1",
        PIPENV_CACHE_DIR=str(project / ".pipenv-cache"),
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_CACHE_DIR="1",
        XDG_CACHE_HOME=str(project / ".xdg-cache"),
        VIRTUALENV_OVERRIDE_APP_DATA=str(project / ".virtualenv-data"),
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return subprocess.run([sys.executable, "-m", "pipenv", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def venv_packages(project: Path) -> dict[str, str]:
    py = project / ".venv" / "bin" / "python"
    proc = subprocess.run([str(py), "-c", "import importlib.metadata as m, json; "
                           "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"],
                          capture_output=True, text=True, check=True)
    found = json.loads(proc.stdout)
    return {k: v for k, v in found.items() if k not in ("pip", "setuptools", "wheel")}


def test_seed_pipfile_lock(tmp_path, seed_index):
    project = tmp_path / "proj"
    pipfile = write_pipfile(project, seed_index.url, 'simplelib = "*"\nanotherlib = "*"\n', dev='Dependency1 = "==1.0"\n')
    assert stackwise_lock(pipfile, "--scores", SEED_SCORES) == 0
    data = json.loads((project / "Pipfile.lock").read_text())
    assert data["_meta"]["pipfile-spec"] == 6
    assert data["_meta"]["hash"]["sha256"] == pipfile_hash(read_pipfile(pipfile))
    assert data["_meta"]["sources"] == [{"name": "fixture", "url": seed_index.url, "verify_ssl": False}]
    assert data["_meta"]["requires"] == {"python_version": f"{sys.version_info.major}.{sys.version_info.minor}"}
    assert {k: v["version"] for k, v in data["default"].items()} == {k: f"=={v}" for k, v in SEED_PINS.items()}
    assert {k: v["version"] for k, v in data["develop"].items()} == {"dependency1": "==1.0"}
    for name, entry in data["default"].items():
        # as Pipenv writes it: the source name on the Pipfile's own entries, not on dependencies
        assert entry.get("index") == ("fixture" if name in ("simplelib", "anotherlib") else None)
        assert entry["hashes"] and all(h.startswith("sha256:") for h in entry["hashes"])
    # read back through the shared model
    lock = read_lock(project / "Pipfile.lock")
    assert {p.name: p.version for p in lock.packages} == SEED_PINS
    assert lock.index_urls == (seed_index.url,)
    assert all(p.groups == {"default"} and p.index in (seed_index.url, None) for p in lock.packages)
    with_dev = read_pipfile_lock(project / "Pipfile.lock", dev=True)
    assert next(p for p in with_dev.packages if p.name == "dependency1").groups == {"default", "develop"}


def test_develop_is_constrained_by_default(tmp_path, seed_index):
    # default pins dependency2 (via anotherlib, vetoed 2.0 -> 1.0); develop asks for it unpinned
    project = tmp_path / "proj"
    pipfile = write_pipfile(project, seed_index.url, 'anotherlib = "*"\n', dev='dependency2 = "*"\n')
    assert stackwise_lock(pipfile, "--scores", SEED_SCORES) == 0
    data = json.loads((project / "Pipfile.lock").read_text())
    assert data["default"]["dependency2"]["version"] == "==1.0"
    assert data["develop"]["dependency2"]["version"] == "==1.0"  # alone it would be 2.0


def test_default_pipfile_in_current_directory(tmp_path, seed_index):
    project = tmp_path / "proj"
    pipfile = write_pipfile(project, seed_index.url, 'simplelib = "*"\n')
    assert stackwise_lock(pipfile, "--no-default-scores", cwd=project) == 0
    data = json.loads((project / "Pipfile.lock").read_text())
    assert set(data["default"]) == {"simplelib", "dependency2"}
    assert data["develop"] == {}


def test_pipfile_entries_markers_extras_and_hash(tmp_path, index_factory):
    files = tmp_path / "files"
    build_wheel(files, "base", "1.0", ["helper; extra == 'fast'"], extras={"fast": ["helper"]})
    build_wheel(files, "helper", "1.0")
    build_wheel(files, "winonly", "1.0")
    server = index_factory(files_dir=files)
    project = tmp_path / "proj"
    pipfile = write_pipfile(
        project, server.url,
        'Base = {version = ">=1", extras = ["fast"], markers = "os_name == \'posix\'"}\n'
        "winonly = {version = \"*\", sys_platform = \"== 'win32'\"}\n",
    )
    assert stackwise_lock(pipfile, "--no-default-scores") == 0
    data = json.loads((project / "Pipfile.lock").read_text())
    assert data["default"]["base"]["extras"] == ["fast"]
    assert data["default"]["base"]["markers"] == "os_name == 'posix'"  # quoted as Pipenv writes it
    assert "index" not in data["default"]["base"]  # Pipenv leaves it out of entries with markers
    assert "helper" in data["default"]
    # false here (not Windows): kept unpinned with its markers, as Pipenv keeps it
    assert data["default"]["winonly"] == {"markers": "sys_platform == 'win32'", "version": "*"}
    # hash is over the raw Pipfile with canonical names: "Base" and "base" hash the same
    renamed = write_pipfile(tmp_path / "other", server.url,
                            'base = {version = ">=1", extras = ["fast"], markers = "os_name == \'posix\'"}\n'
                            "winonly = {version = \"*\", sys_platform = \"== 'win32'\"}\n")
    assert pipfile_hash(read_pipfile(renamed)) == data["_meta"]["hash"]["sha256"]
    changed = write_pipfile(tmp_path / "third", server.url, 'base = "*"\n')
    assert pipfile_hash(read_pipfile(changed)) != data["_meta"]["hash"]["sha256"]


@pytest.mark.slow
def test_real_pipenv_accepts_the_lock(tmp_path, seed_index):
    project = tmp_path / "proj"
    pipfile = write_pipfile(project, seed_index.url, 'simplelib = "*"\nanotherlib = "*"\n', dev='Dependency1 = "==1.0"\n')
    assert stackwise_lock(pipfile, "--scores", SEED_SCORES) == 0
    lock_before = (project / "Pipfile.lock").read_bytes()

    verify = pipenv(project, "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "up-to-date" in verify.stdout + verify.stderr

    deploy = pipenv(project, "install", "--deploy")
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert venv_packages(project) == SEED_PINS  # stackwise's choice, not pip's newest
    assert (project / "Pipfile.lock").read_bytes() == lock_before  # Pipenv did not re-lock

    sync = pipenv(project, "sync", "--dev")
    assert sync.returncode == 0, sync.stdout + sync.stderr
    assert venv_packages(project) == SEED_PINS
    assert (project / "Pipfile.lock").read_bytes() == lock_before

    # The check is real: after editing the Pipfile Pipenv calls the same lock out of date.
    pipfile.write_text(pipfile.read_text().replace('anotherlib = "*"', 'anotherlib = ">=1"'))
    stale = pipenv(project, "verify")
    assert stale.returncode != 0
    refused = pipenv(project, "install", "--deploy")
    assert refused.returncode != 0
    assert "Aborting deploy" in refused.stdout + refused.stderr


@pytest.mark.slow
def test_real_pipenv_refuses_tampered_hash(tmp_path, seed_index):
    project = tmp_path / "proj"
    pipfile = write_pipfile(project, seed_index.url, 'simplelib = "*"\n')
    assert stackwise_lock(pipfile, "--no-default-scores") == 0
    lock_path = project / "Pipfile.lock"
    data = json.loads(lock_path.read_text())
    data["default"]["simplelib"]["hashes"] = ["sha256:" + "0" * 64]
    lock_path.write_text(json.dumps(data, indent=4))
    proc = pipenv(project, "sync")
    assert proc.returncode != 0
    assert "hash" in (proc.stdout + proc.stderr).lower()
    if (project / ".venv" / "bin" / "python").exists():
        assert "simplelib" not in venv_packages(project)


TRICKY_PIPFILE = """\
# comment: ünïcode
[[source]]
url = "http://127.0.0.1:9/simple"
verify_ssl = false
name = "first"

[[source]]
url = "http://${INDEX_USER}@127.0.0.1:8/simple"
verify_ssl = true
name = "second"

[packages]
Foo_Bar = {version = ">=1,<3", extras = ["Fast", "b"], markers = "os_name == 'posix'", index = "second"}
"zope.interface" = "*"
baz = {version = "*", sys_platform = "== 'linux'"}

[dev-packages]
PyTest = "==8.*"

[requires]
python_version = "3.11"

[scripts]
test = "pytest -q"

[pipenv]
allow_prereleases = false
"""


@pytest.mark.slow
def test_hash_matches_real_pipenv_on_a_tricky_pipfile(tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "Pipfile").write_text(TRICKY_PIPFILE, encoding="utf-8")
    digest = pipfile_hash(read_pipfile(project / "Pipfile"))
    (project / "Pipfile.lock").write_text(json.dumps(
        {"_meta": {"hash": {"sha256": digest}, "pipfile-spec": 6, "requires": {}, "sources": []},
         "default": {}, "develop": {}}))
    proc = pipenv(project, "verify")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (project / "Pipfile").write_text(TRICKY_PIPFILE.replace('"==8.*"', '"==8.1"'), encoding="utf-8")
    assert pipenv(project, "verify").returncode != 0


@pytest.mark.parametrize(
    ("pipfile_text", "expected"),
    [
        ('[packages]\nfoo = "*"\n', "no [[source]] section"),
        ('[[source]]\nurl = "http://127.0.0.1:9/simple"\nname = "x"\n[packages]\nfoo = {git = "http://127.0.0.1:9/foo.git"}\n',
         "git requirements cannot be locked"),
        ('[[source]]\nurl = "http://127.0.0.1:9/simple"\nname = "x"\n[packages]\nfoo = "*"\n[docs]\nbar = "*"\n',
         "custom package categories (docs)"),
        ('[[source]]\nurl = "http://127.0.0.1:9/simple"\nname = "x"\n[packages\n', "not valid TOML"),
        ('[[source]]\nurl = "http://127.0.0.1:9/simple"\nname = "x"\n[packages]\nfoo = ">>1"\n', "invalid requirement"),
    ],
)
def test_bad_pipfiles(tmp_path, capsys, pipfile_text, expected):
    pipfile = tmp_path / "Pipfile"
    pipfile.write_text(pipfile_text)
    assert stackwise_lock(pipfile) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not (tmp_path / "Pipfile.lock").exists()


def test_missing_pipfile_and_mixed_inputs(tmp_path, capsys):
    assert main(["lock", "--format", "pipfile-lock", "--pipfile", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["lock", "--format", "pipfile-lock", "simplelib"]) == 1
    assert "reads its requirements from the Pipfile" in capsys.readouterr().err
    assert main(["lock", "--pipfile", str(tmp_path / "Pipfile"), "simplelib"]) == 1
    assert "only used with --format pipfile-lock" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"_meta": {"pipfile-spec": 6},\n "default": {\n', "Pipfile.lock:3:1: not valid JSON"),
        ('{"default": {}}', "no '_meta' object"),
        ('{"_meta": {"pipfile-spec": 5}}', "pipfile-spec 5 is not supported"),
        ('{"_meta": {"pipfile-spec": 6}, "default": {"a": {"version": ">=1", "hashes": ["sha256:aa"]}}}', "exact pin"),
        ('{"_meta": {"pipfile-spec": 6}, "default": {"a": {"version": "==1"}}}', "default.a: no 'hashes'"),
        ('{"_meta": {"pipfile-spec": 6}, "default": {"a": {"version": "==1", "hashes": ["aa"]}}}', "bad hash 'aa'"),
        ('{"_meta": {"pipfile-spec": 6}, "default": {"a": {"version": "==1", "hashes": ["sha256:aa"], "index": "x"}}}',
         "index 'x' is not one of"),
        ('{"_meta": {"pipfile-spec": 6}, "default": {"a": {"git": "http://127.0.0.1/a.git"}}}', "locked from git"),
    ],
)
def test_bad_pipfile_locks(tmp_path, content, expected):
    path = tmp_path / "Pipfile.lock"
    path.write_text(content)
    with pytest.raises(LockFileError) as info:
        read_lock(path)
    assert expected in str(info.value)


def test_index_restriction_is_enforced(tmp_path, index_factory, capsys):
    first_files, second_files = tmp_path / "f1", tmp_path / "f2"
    build_wheel(first_files, "pkg", "1.0")
    build_wheel(second_files, "other", "1.0")
    first, second = index_factory(files_dir=first_files), index_factory(files_dir=second_files)
    project = tmp_path / "proj"
    project.mkdir()
    sources = (f'[[source]]\nurl = "{first.url}"\nverify_ssl = false\nname = "first"\n\n'
               f'[[source]]\nurl = "{second.url}"\nverify_ssl = false\nname = "second"\n\n')
    pipfile = project / "Pipfile"
    pipfile.write_text(sources + '[packages]\npkg = {version = "*", index = "first"}\nother = "*"\n')
    assert stackwise_lock(pipfile, "--no-default-scores") == 0
    data = json.loads((project / "Pipfile.lock").read_text())
    assert data["default"]["pkg"]["index"] == "first" and data["default"]["other"]["index"] == "second"
    assert [s["name"] for s in data["_meta"]["sources"]] == ["first", "second"]

    (project / "Pipfile.lock").unlink()
    pipfile.write_text(sources + '[packages]\npkg = {version = "*", index = "second"}\n')
    assert stackwise_lock(pipfile, "--no-default-scores") == 1
    assert "must come from source 'second'" in capsys.readouterr().err
    assert not (project / "Pipfile.lock").exists()


def test_a_section_plain_pipenv_cannot_lock_names_the_pipfile(tmp_path, index_factory, capsys):
    """Plain Pipenv locks develop with default's pins (``lib 2.0``, pulled in by ``app``), so a
    ``lib<2`` in dev-packages cannot be locked; the joint plan pins ``lib 1.0`` in both.
    Found on the real index (``litellm`` with ``boto3<1.30`` in dev-packages): the lines said
    "needed by -r" (the resolver's label for the user's requirements) and the warning ended on
    "The conflict is caused by:"."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["lib"])
    for version in ("1.0", "2.0"):
        build_wheel(files, "lib", version)
    server = index_factory(files_dir=files)
    pipfile = write_pipfile(tmp_path / "proj", server.url, 'app = "*"\n', 'lib = "<2"\n')
    argv = ["lock", "--format", "pipfile-lock", "--isolated", "--no-default-scores", "--cache-dir",
            str(tmp_path / ".swcache"), "-o", str(pipfile.parent / "Pipfile.lock"), "--pipfile", str(pipfile)]
    assert main(argv) == 0
    data = json.loads((pipfile.parent / "Pipfile.lock").read_text())
    assert data["default"]["lib"]["version"] == data["develop"]["lib"]["version"] == "==1.0"
    err = capsys.readouterr().err
    assert "stackwise: [develop] lib 1.0 (pipenv: not installed) — needed by the Pipfile\n" in err, err
    assert "[default] lib 1.0 (pipenv: 2.0) — follows from the other choices (required by app)" in err, err
    assert "-r" not in err.replace("--", ""), err
    warning = next(line for line in err.splitlines() if "cannot lock this section" in line)
    assert "caused by: the user requested lib<2)" in warning, warning
