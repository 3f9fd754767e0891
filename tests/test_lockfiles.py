"""Lock formats: pylock.toml (PEP 751) and requirements.txt locks, read back into the shared model.

The seed example goes through ``stackwise lock --format pylock`` on a real HTTP index on
127.0.0.1; the result is read back with stackwise's reader and installed by real PEP 751
installers (pip >= 25.1 ``install -r pylock.toml``; uv when it is installed). A tampered
hash must make the installer refuse; bad lock files give one-paragraph LockFileErrors.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker

from stackwise.cli import main
from stackwise.errors import LockFileError, StackwiseError
from stackwise.lockfiles import read_lock
from stackwise.lockfiles.pylock import read_pylock
from stackwise.lockfiles.requirements import read_requirements_lock
from support import build_sdist, build_wheel

ROOT = Path(__file__).resolve().parents[1]
SEED_SCORES = str(ROOT / "fixtures" / "seed" / "scores.json")
SEED_PINS = {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


def lock(tmp_path: Path, index_url: str, *args: str, out: str = "pylock.toml") -> tuple[int, Path]:
    path = tmp_path / out
    code = main(["lock", *args, "--index-url", index_url, "--isolated", "--cache-dir", str(tmp_path / "cache"),
                 "-o", str(path), "-q"])
    return code, path


def seed_pylock(tmp_path: Path, index_url: str) -> Path:
    code, path = lock(tmp_path, index_url, "simplelib", "anotherlib", "--scores", SEED_SCORES, "--format", "pylock")
    assert code == 0
    return path


def _pip_reads_pylock() -> bool:
    from importlib.metadata import version

    from packaging.version import Version

    return Version(version("pip")) >= Version("26.1")


# pip installs from pylock.toml since 26.1 (experimental); older pip reads it as requirements.
needs_pylock_pip = pytest.mark.skipif(not _pip_reads_pylock(), reason="pip < 26.1 cannot install from pylock.toml")


def installed(target: Path) -> dict[str, str]:
    """name -> version of the distributions pip/uv put into a --target directory."""
    out = {}
    for info in target.glob("*.dist-info"):
        name, _, version = info.name[: -len(".dist-info")].partition("-")
        out[name] = version
    return out


# -- pylock.toml -------------------------------------------------------------------------


def test_seed_pylock_round_trip(tmp_path, seed_index):
    path = seed_pylock(tmp_path, seed_index.url)
    lock_ = read_pylock(path)
    assert {p.name: p.version for p in lock_.packages} == SEED_PINS
    assert lock_.meta["lock-version"] == "1.0" and lock_.meta["created-by"] == "stackwise"
    assert lock_.index_urls == (seed_index.url,)
    # every file carries a URL on the index and the sha256 of the bytes it serves
    for pkg in lock_.packages:
        assert pkg.index == seed_index.url
        assert len(pkg.files) == 1
        f = pkg.files[0]
        assert f.url == seed_index.file_url(f.filename)
        data = (seed_index.files_dir / f.filename).read_bytes()
        assert f.hashes == {"sha256": hashlib.sha256(data).hexdigest()}
    # the lock is for this environment: its marker holds here
    envs = lock_.meta["environments"]
    assert len(envs) == 1 and Marker(envs[0]).evaluate()
    assert lock_.requires_python == f"=={sys.version_info.major}.{sys.version_info.minor}.*"
    assert read_lock(path) == lock_  # the dispatcher picks the pylock reader by name


def test_pylock_lists_every_file_of_the_pinned_version(tmp_path, index_factory):
    files = tmp_path / "files"
    build_wheel(files, "multi", "1.0")
    build_wheel(files, "multi", "1.0", tag="cp311-cp311-manylinux_2_17_x86_64")
    build_sdist(files, "multi", "1.0")
    build_wheel(files, "multi", "0.9")
    server = index_factory(files_dir=files)
    code, path = lock(tmp_path, server.url, "multi", "--no-default-scores", "--format", "pylock")
    assert code == 0
    text = path.read_text()
    assert "multi-0.9" not in text
    (pkg,) = read_pylock(path).packages
    names = sorted(f.filename for f in pkg.files)
    assert names == ["multi-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", "multi-1.0-py3-none-any.whl", "multi-1.0.tar.gz"]
    assert "sdist = {name = \"multi-1.0.tar.gz\"" in text


@needs_pylock_pip
def test_pylock_installs_with_real_pip(tmp_path, seed_index):
    path = seed_pylock(tmp_path, seed_index.url)
    target = tmp_path / "target"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--isolated", "--no-cache-dir", "--disable-pip-version-check",
         "--target", str(target), "-r", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert installed(target) == SEED_PINS


@needs_pylock_pip
def test_pip_refuses_pylock_with_tampered_hash(tmp_path, seed_index):
    path = seed_pylock(tmp_path, seed_index.url)
    text = path.read_text()
    good = read_pylock(path).packages[0].files[0].hashes["sha256"]
    path.write_text(text.replace(good, "0" * 64))
    target = tmp_path / "target"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--isolated", "--no-cache-dir", "--disable-pip-version-check",
         "--target", str(target), "-r", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode != 0
    assert "hash" in proc.stderr.lower()
    assert installed(target) == {}


@pytest.mark.slow
def test_pylock_installs_with_uv(tmp_path, seed_index):
    uv = pytest.importorskip("uv", reason="uv (a PEP 751 installer) is not installed")
    path = seed_pylock(tmp_path, seed_index.url)
    target = tmp_path / "target"
    proc = subprocess.run(
        [uv.find_uv_bin(), "pip", "install", "--no-config", "--cache-dir", str(tmp_path / "uvcache"),
         "--python", sys.executable, "--target", str(target), "-r", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert installed(target) == SEED_PINS


def test_pylock_for_another_python_records_that_environment(tmp_path, seed_index):
    code, path = lock(tmp_path, seed_index.url, "simplelib", "--no-default-scores", "--format", "pylock",
                      "--python-version", "3.99")
    assert code == 0
    lock_ = read_pylock(path)
    (env,) = lock_.meta["environments"]
    assert "python_version == '3.99'" in env
    assert not Marker(env).evaluate()  # so an installer here can tell the lock is not for it
    assert lock_.requires_python == "==3.99.*"


def test_pylock_rejects_no_hashes_and_writes_nothing(tmp_path, seed_index, capsys):
    code, path = lock(tmp_path, seed_index.url, "simplelib", "--format", "pylock", "--no-hashes")
    assert code == 1
    assert "PEP 751 requires a hash" in capsys.readouterr().err
    assert not path.exists()


def test_pylock_other_file_name_warns(tmp_path, seed_index, capsys):
    code, path = lock(tmp_path, seed_index.url, "simplelib", "--no-default-scores", "--format", "pylock", out="deps.toml")
    assert code == 0 and path.exists()
    assert "pylock.toml" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('lock-version = "1.0"\ncreated-by = "x"\npackages = [\n', "not valid TOML"),
        ('lock-version = "2.0"\ncreated-by = "x"\npackages = []\n', "lock-version '2.0' is not supported"),
        ('created-by = "x"\npackages = []\n', "missing or non-string 'lock-version'"),
        ('lock-version = "1.0"\npackages = []\n', "missing 'created-by'"),
        ('lock-version = "1.0"\ncreated-by = "x"\n', "missing 'packages'"),
        ('lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "a"\nversion = "1"\n'
         'wheels = [{name = "a-1-py3-none-any.whl", url = "http://127.0.0.1/a-1-py3-none-any.whl"}]\n',
         "packages[0] (a).wheels[0] has no 'hashes'"),
        ('lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "a"\nversion = "1"\n'
         'vcs = {type = "git", url = "http://127.0.0.1/a.git", commit-id = "abc"}\n', "locked as a vcs"),
        ('lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "a"\nversion = "1"\n', "lists no wheels and no sdist"),
        ('lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "a"\nversion = "1"\nmarker = "python_version >>"\n'
         'wheels = [{url = "http://127.0.0.1/a-1-py3-none-any.whl", hashes = {sha256 = "ab"}}]\n', "invalid environment marker"),
    ],
)
def test_bad_pylock_files(tmp_path, content, expected):
    path = tmp_path / "pylock.toml"
    path.write_text(content)
    with pytest.raises(LockFileError) as info:
        read_lock(path)
    assert expected in str(info.value)
    assert str(path) in str(info.value)
    assert isinstance(info.value, StackwiseError)


def test_pylock_relative_path_and_name_from_url(tmp_path):
    path = tmp_path / "pylock.dev.toml"
    path.write_text('lock-version = "1.0"\ncreated-by = "other-tool"\n[[packages]]\nname = "A_B"\nversion = "1"\n'
                    'wheels = [{url = "http://127.0.0.1/f/a_b-1-py3-none-any.whl", hashes = {SHA256 = "AB"}}]\n'
                    'sdist = {path = "dist/a_b-1.tar.gz", hashes = {sha256 = "cd"}}\n')
    (pkg,) = read_lock(path).packages
    assert pkg.name == "a-b"
    wheel, sdist = pkg.files
    assert wheel.filename == "a_b-1-py3-none-any.whl" and wheel.hashes == {"sha256": "ab"}
    assert sdist.filename == "a_b-1.tar.gz" and sdist.url == (tmp_path / "dist" / "a_b-1.tar.gz").as_uri()


# -- requirements.txt locks ----------------------------------------------------------------


def test_seed_requirements_lock_round_trip(tmp_path, seed_index):
    code, path = lock(tmp_path, seed_index.url, "simplelib", "anotherlib", "--scores", SEED_SCORES, out="requirements.txt")
    assert code == 0
    lock_ = read_requirements_lock(path)
    assert {p.name: p.version for p in lock_.packages} == SEED_PINS
    for pkg in lock_.packages:
        (f,) = pkg.files
        assert f.url is None and f.filename is None
        assert f.hashes["sha256"] == hashlib.sha256((seed_index.files_dir / f"{pkg.name}-{pkg.version}-py3-none-any.whl").read_bytes()).hexdigest()
    assert read_lock(path) == lock_


def test_default_format_is_unchanged_requirements(tmp_path, seed_index):
    code, a = lock(tmp_path, seed_index.url, "simplelib", "--no-default-scores", out="a.txt")
    code2, b = lock(tmp_path, seed_index.url, "simplelib", "--no-default-scores", "--format", "requirements", out="b.txt")
    assert code == code2 == 0
    strip = lambda t: [line for line in t.splitlines() if not line.startswith("# stackwise lock")]  # noqa: E731
    assert strip(a.read_text()) == strip(b.read_text())
    assert "--hash=sha256:" in a.read_text()


def test_requirements_lock_with_index_markers_and_extras(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(
        "--index-url http://127.0.0.1:9/simple\n--extra-index-url http://127.0.0.1:8/simple\n"
        "Foo_Bar[fast]==1.2 ; python_version >= '3' \\\n    --hash=sha256:AA \\\n    --hash=sha512:bb\n    # via x\n"
    )
    lock_ = read_lock(path)
    (pkg,) = lock_.packages
    assert (pkg.name, pkg.version, pkg.extras) == ("foo-bar", "1.2", frozenset({"fast"}))
    assert pkg.marker == 'python_version >= "3"'
    assert [f.hashes for f in pkg.files] == [{"sha256": "aa"}, {"sha512": "bb"}]
    assert lock_.index_urls == ("http://127.0.0.1:9/simple", "http://127.0.0.1:8/simple")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("foo>=1 --hash=sha256:aa\n", "locked.txt:1: foo>=1 is not pinned"),
        ("foo==1\n", "locked.txt:1: foo==1 has no --hash"),
        ("\nfoo==1 --hash=md9:aa\n", "locked.txt:2: bad hash 'md9:aa'"),
        ("foo==1 --hash=sha256:aa\nFoo==1 --hash=sha256:aa\n", "locked.txt:2: Foo is listed twice"),
        ("foo==1 --frobnicate\n", "locked.txt:1: unsupported per-requirement option"),
    ],
)
def test_bad_requirements_locks(tmp_path, content, expected):
    path = tmp_path / "locked.txt"
    path.write_text(content)
    with pytest.raises(LockFileError) as info:
        read_lock(path)
    assert expected in str(info.value)


def test_one_pin_per_marker_and_marker_entries_checked_where_they_apply(tmp_path):
    """A requirements lock may pin a package once per environment; entries the writer left
    unpinned are accepted with a marker and refused by the plan only where the marker holds."""
    from stackwise.environment import TargetEnvironment
    from stackwise.install import InstallError
    from stackwise.install.plan import make_plan

    path = tmp_path / "locked.txt"
    path.write_text('foo==1.0 ; python_version < "3" --hash=sha256:aa\n'
                    'foo==2.0 ; python_version >= "3" --hash=sha256:bb\n'
                    "winlib ; sys_platform == 'win32'\n")
    lock_ = read_lock(path)
    assert sorted((p.name, p.version, p.problem is None) for p in lock_.packages) == [
        ("foo", "1.0", True), ("foo", "2.0", True), ("winlib", "*", False)]
    markers = dict(TargetEnvironment.current().markers)
    steps = make_plan(lock_, {**markers, "sys_platform": "linux"}, {})
    assert [(s.name, s.package.version) for s in steps] == [("foo", "2.0")]
    with pytest.raises(InstallError) as info:
        make_plan(lock_, {**markers, "sys_platform": "win32"}, {})
    assert "locked.txt:3" in str(info.value) and "not pinned" in str(info.value)
    # two pins that both apply here are still refused
    path.write_text('foo==1.0 ; python_version >= "3" --hash=sha256:aa\nfoo==2.0 --hash=sha256:bb\n')
    with pytest.raises(InstallError) as info:
        make_plan(read_lock(path), markers, {})
    assert "pins foo twice" in str(info.value)


def test_read_lock_missing_file(tmp_path):
    with pytest.raises(LockFileError, match="does not exist|Cannot read"):
        read_lock(tmp_path / "nothing.lock")


@needs_pylock_pip
def test_pip_refuses_pylock_made_for_another_python(tmp_path, seed_index):
    code, path = lock(tmp_path, seed_index.url, "simplelib", "--no-default-scores", "--format", "pylock",
                      "--python-version", "3.99")
    assert code == 0
    target = tmp_path / "target"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--isolated", "--no-cache-dir", "--disable-pip-version-check",
         "--target", str(target), "-r", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode != 0
    assert "3.99" in proc.stderr
    assert installed(target) == {}


def test_pylock_extras_round_trip(tmp_path, index_factory):
    files = tmp_path / "files"
    build_wheel(files, "base", "1.0", ["helper; extra == 'fast'"], extras={"fast": ["helper"]})
    build_wheel(files, "helper", "1.0")
    server = index_factory(files_dir=files)
    code, path = lock(tmp_path, server.url, "base[fast]", "--no-default-scores", "--format", "pylock")
    assert code == 0
    pkgs = {p.name: p for p in read_pylock(path).packages}
    assert set(pkgs) == {"base", "helper"}
    assert pkgs["base"].extras == {"fast"} and pkgs["helper"].extras == frozenset()


def test_pylock_validates_with_packaging_reference_implementation(tmp_path, seed_index):
    """An independent PEP 751 implementation (packaging.pylock, what pip uses) accepts the
    lock and selects exactly the seed pins, with our hashes, for this environment."""
    pylock = pytest.importorskip("packaging.pylock")
    from stackwise.lockfiles._toml import toml

    path = seed_pylock(tmp_path, seed_index.url)
    assert pylock.is_valid_pylock_path(path)
    parsed = pylock.Pylock.from_dict(toml.loads(path.read_text()))
    selected = {}
    for package, dist in parsed.select():
        selected[str(package.name)] = str(package.version)
        data = (seed_index.files_dir / dist.name).read_bytes()
        assert dist.hashes == {"sha256": hashlib.sha256(data).hexdigest()}
    assert selected == SEED_PINS
