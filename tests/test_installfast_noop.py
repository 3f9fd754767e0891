"""An install into an environment that already holds the lock plans without wheel tags or the
version parser, and still decides exactly as before.

Why: ``packaging.utils`` (which imports ``packaging.tags`` with ``logging``, ``platform`` and
``subprocess``), ``packaging.version`` (its pattern is compiled on import) and ``typing`` were
about a quarter of an up-to-date install's instructions (docs/benchmarks.md). Names are now
normalized by :func:`stackwise._names.canonical_name`, plain release numbers are told valid
without ``Version``, the target's tags are made only when a file is chosen, and this
interpreter's markers only when a marker, Requires-Python or constraint asks for them. These
tests pin the decisions of every branch that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.tags import sys_tags
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise._names import canonical_name
from stackwise.install.plan import _plain_release, _same_version
from stackwise.install.target import InstallTarget
from support import build_wheel
from test_install import installed_versions, make_venv
from test_install_startup import _imported

#: what a plan of a plain lock no longer needs
UNNEEDED = ["packaging.tags", "packaging.utils", "packaging.version", "packaging.markers", "typing",
            "stackwise.environment", "logging", "platform", "subprocess", "shutil", "locale", "hashlib",
            *(["inspect"] if sys.version_info < (3, 12) else [])]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_lock(path: Path, pins: dict[str, tuple[str, Path]], markers: dict[str, str] | None = None) -> Path:
    markers = markers or {}
    path.write_text("".join(f"{name}=={version}{' ; ' + markers[name] if name in markers else ''} "
                            f"--hash=sha256:{_sha(wheel)}\n" for name, (version, wheel) in pins.items()))
    return path


def _install(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stackwise", "install", *args], capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def wheels(tmp_path: Path) -> dict[str, Path]:
    wh = tmp_path / "wh"
    return {"alpha": build_wheel(wh, "Alpha.Pkg", "1.0"), "beta": build_wheel(wh, "beta_pkg", "1.0"),
            "alpha2": build_wheel(wh, "Alpha.Pkg", "2.0"), "gamma": build_wheel(wh, "gamma", "1.0.post1")}


def _common(tmp_path: Path, lock: Path) -> list[str]:
    return [str(lock), "--offline", "--find-links", str(tmp_path / "wh"), "--cache-dir", str(tmp_path / "cache")]


def test_an_up_to_date_install_needs_neither_tags_nor_the_version_parser(tmp_path: Path, wheels) -> None:
    lock = _write_lock(tmp_path / "lock.txt", {"Alpha.Pkg": ("1.0", wheels["alpha"]), "beta_pkg": ("1.0", wheels["beta"])})
    venv = make_venv(tmp_path / "venv")
    args = [*_common(tmp_path, lock), "--target-venv", str(venv)]
    assert "packaging.tags" in _imported(["install", *args, "-q"], UNNEEDED)  # installing chooses files by tag
    assert installed_versions(venv) == {"Alpha.Pkg": "1.0", "beta_pkg": "1.0"}
    assert _imported(["install", *args, "-q"], UNNEEDED) == []
    proc = _install(args)
    assert proc.returncode == 0 and proc.stdout == ""
    assert proc.stderr == f"stackwise: all 2 package(s) of {lock} are already installed in {venv}\n"


def test_markers_other_versions_and_extraneous_packages_decide_as_before(tmp_path: Path, wheels) -> None:
    venv = make_venv(tmp_path / "venv")
    first = _write_lock(tmp_path / "first.txt", {"alpha-pkg": ("1.0", wheels["alpha"]),
                                                 "gamma": ("1.0.post1", wheels["gamma"])})
    assert _install([*_common(tmp_path, first), "--target-venv", str(venv), "-q"]).returncode == 0
    # beta's marker is false here (not installed, not planned), alpha's true; gamma is extraneous and kept
    marked = _write_lock(tmp_path / "marked.txt", {"alpha_pkg": ("1.0.0", wheels["alpha"]),
                                                   "beta-pkg": ("1.0", wheels["beta"])},
                         {"alpha_pkg": 'python_version >= "3"', "beta-pkg": 'sys_platform == "no-such-os"'})
    proc = _install([*_common(tmp_path, marked), "--target-venv", str(venv)])
    assert proc.returncode == 0 and "all 1 package(s)" in proc.stderr, proc.stderr  # 1.0.0 == 1.0 (PEP 440)
    assert installed_versions(venv) == {"Alpha.Pkg": "1.0", "gamma": "1.0.post1"}
    # a post release (not a plain release number) installed at the pinned version: kept
    post = _write_lock(tmp_path / "post.txt", {"gamma": ("1.0.post1", wheels["gamma"])})
    proc = _install([*_common(tmp_path, post), "--target-venv", str(venv)])
    assert proc.returncode == 0 and "all 1 package(s)" in proc.stderr, proc.stderr
    # another version installed: replaced
    newer = _write_lock(tmp_path / "newer.txt", {"ALPHA_PKG": ("2.0", wheels["alpha2"])})
    proc = _install([*_common(tmp_path, newer), "--target-venv", str(venv)])
    assert proc.returncode == 0 and "installed 0, replaced 1, kept 0" in proc.stderr, proc.stderr
    assert installed_versions(venv) == {"Alpha.Pkg": "2.0", "gamma": "1.0.post1"}
    # a pin that is not a version is still refused, in the same words
    bad = tmp_path / "bad.txt"
    bad.write_text(newer.read_text().replace("==2.0", "===2.0.x"))
    proc = _install([*_common(tmp_path, bad), "--target-venv", str(venv)])
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "pins alpha-pkg to '2.0.x', which is not a valid version." in proc.stderr, proc.stderr


def test_the_current_environment_reads_its_markers_only_when_asked(tmp_path: Path, wheels) -> None:
    """Without --target-venv: this interpreter's markers are computed on first use, the same values."""
    venv = make_venv(tmp_path / "venv")
    lock = _write_lock(tmp_path / "lock.txt", {"alpha-pkg": ("1.0", wheels["alpha"])})
    marked = _write_lock(tmp_path / "marked.txt", {"alpha-pkg": ("1.0", wheels["alpha"]),
                                                   "beta-pkg": ("1.0", wheels["beta"])},
                         {"beta-pkg": f'sys_platform != "{sys.platform}"'})
    here = str(Path(__file__).resolve().parents[1] / "src")
    path = os.pathsep.join([here, *(p for p in sys.path if p.endswith("site-packages"))])
    code = ("import json, sys; from stackwise.cli import main; status = main(sys.argv[1:]); "
            "print(json.dumps([status, 'packaging.markers' in sys.modules, 'packaging.tags' in sys.modules]))")
    env = {**os.environ, "PYTHONPATH": path}

    def run(lock_file: Path) -> tuple[list[object], str]:
        proc = subprocess.run([str(venv / "bin" / "python"), "-c", code, "install", *_common(tmp_path, lock_file)],
                              capture_output=True, text=True, timeout=120, env=env)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr

    assert run(lock)[0] == [0, True, True]  # installs: tags chosen (the lock's markers are not needed)
    assert installed_versions(venv) == {"Alpha.Pkg": "1.0"}
    result, err = run(lock)
    assert result == [0, False, False] and f"all 1 package(s) of {lock} are already installed in {venv}" in err
    result, err = run(marked)  # beta's marker is false on this platform: still nothing to do
    assert result[:2] == [0, True] and "all 1 package(s)" in err, err  # (its PEP 508 reader needs the tags)


def test_the_targets_markers_and_tags_are_the_ones_it_had(tmp_path: Path) -> None:
    current = InstallTarget.current()
    assert dict(current.markers) == default_environment()
    assert current.environment.markers == default_environment()
    assert current.environment.tags == tuple(sys_tags())
    venv = make_venv(tmp_path / "venv")
    probed = InstallTarget.venv(venv, cache=tmp_path / "cache")
    remembered = InstallTarget.venv(venv, cache=tmp_path / "cache")
    assert probed.environment.tags == remembered.environment.tags == tuple(sys_tags())
    assert probed.markers == remembered.markers == remembered.environment.markers


def test_a_remembered_probe_with_a_broken_tag_is_probed_again(tmp_path: Path) -> None:
    venv = make_venv(tmp_path / "venv")
    InstallTarget.venv(venv, cache=tmp_path / "cache")
    (memo,) = (tmp_path / "cache" / "targets").glob("*.json")
    info = json.loads(memo.read_text())
    memo.write_text(json.dumps({**info, "tags": ["not-a-tag-at-all", *info["tags"]]}))
    assert InstallTarget.venv(venv, cache=tmp_path / "cache").environment.tags == tuple(sys_tags())


def test_canonical_name_is_packagings() -> None:
    rng = random.Random(16)
    alphabet = "aAzZ09-_.İßK\u212a\u0130 ~"
    names = ["Django", "oslo.concurrency", "a--b__c..d", "-_.", "", "A._-B", "ﬀ", "İ.x"]
    names += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for name in names:
        assert canonical_name(name) == canonicalize_name(name), name


def _old_same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


@pytest.mark.parametrize("text", ["1", "1.0", "01.002", "2026.7.22", "0", "9" * 200, "1." * 99 + "1"])
def test_a_plain_release_is_a_valid_version(text: str) -> None:
    assert _plain_release(text)
    Version(text)


@pytest.mark.parametrize("text", ["", "1.", ".1", "1..0", "v1", "1.0a1", "1.0.post1", "1.0+local", " 1", "1 ",
                                  "١.٠", "²", "9" * 201, "1!1.0", "1.*"])
def test_anything_else_goes_to_the_version_parser(text: str) -> None:
    assert not _plain_release(text)


@pytest.mark.parametrize(("installed", "pinned"), [("1.0", "1.0"), ("1.0", "1.0.0"), ("1.0.0", "1"), ("1.0", "2.0"),
                                                   ("1.0.post1", "1.0.post1"), ("1.0-post1", "1.0.post1"),
                                                   ("V1.0", "1.0"), ("not a version", "1.0"), ("01.0", "1.0")])
def test_same_version_answers_as_before(installed: str, pinned: str) -> None:
    assert _same_version(installed, pinned) == _old_same_version(installed, pinned)


def _shown(namespace: object) -> dict[str, str]:
    """A namespace's values by repr (a nan --cache-ttl is equal to itself)."""
    return {k: repr(v) for k, v in vars(namespace).items()}


def _argparse(words: list[str]) -> dict[str, str] | None:
    from stackwise.cli import build_parser

    try:
        return _shown(build_parser(only="install").parse_args(["install", *words]))
    except SystemExit:
        return None


def test_the_plain_form_is_read_without_argparses_parser_as_argparse_reads_it() -> None:
    from stackwise.commands.install import plain_args

    common = ["lock.txt", "--offline", "--find-links", "wh", "--target-venv", "v", "--cache-dir", "c", "-q"]
    got = plain_args(common)
    assert got is not None and _shown(got) == _argparse(common)
    for other in (["-h"], ["--help"], [], ["a", "b"], ["x", "--offl"], ["x", "--cache-dir=c"], ["x", "-qf", "wh"],
                  ["x", "--link-mode", "symlink"], ["x", "--cache-ttl", "soon"], ["x", "--only-binary", ":all:"],
                  ["x", "--", "y"], ["x", "-f"], ["x", "-f", "-q"], ["x", "--version"]):
        assert plain_args(other) is None, other  # argparse's own reading, help and messages
    rng = random.Random(16)
    words = ["lock.txt", "other.txt", "", "-", "--", "-q", "--quiet", "--dev", "--no-build", "--dry-run", "--compile",
             "--rehash", "--offline", "--isolated", "--no-index", "--prefer-binary", "--link-mode", "copy", "hardlink",
             "--cache-ttl", "12.5", "nan", "-3", "--cache-dir", "--target-venv", "-i", "--index-url", "-f",
             "--find-links", "--extra-index-url", "--trusted-host", "h", "--only-binary", "--no-binary", ":none:",
             "--cache", "--off", "-h", "--version", "-qq", "--find-links=x"]
    flags = ["-q", "--quiet", "--dev", "--no-build", "--dry-run", "--compile", "--rehash", "--offline", "--isolated",
             "--no-index", "--prefer-binary"]
    valued = {"--link-mode": ["copy", "hardlink"], "--cache-ttl": ["12.5", "1e3", "nan", " 7 "], "--cache-dir": ["c", ""],
              "--target-venv": ["v"], "-i": ["u"], "--index-url": ["u"], "-f": ["wh"], "--find-links": ["wh"],
              "--extra-index-url": ["e"], "--trusted-host": ["h"]}
    taken = 0
    for _ in range(3000):
        if rng.random() < 0.3:
            argv = [rng.choice(words) for _ in range(rng.randint(0, 9))]
        else:  # the plain form: a lock and options with values, in any order, some repeated
            argv = [rng.choice(["lock.txt", ""])]
            for _ in range(rng.randint(0, 6)):
                option = rng.choice([*flags, *valued])
                argv.insert(rng.randint(0, len(argv)), option)
                if option in valued:
                    argv.insert(argv.index(option) + 1, rng.choice(valued[option]))
        got = plain_args(argv)
        if got is not None:
            taken += 1
            assert _shown(got) == _argparse(argv), argv
    assert taken > 1000


_LAZY_INSPECT = """
import sys
from stackwise._dataclass import dataclass, dataclasses
before = "inspect" in sys.modules

@dataclass(frozen=True)
class Documented:
    '''has a docstring'''
    a: int

@dataclass
class Bare:
    a: int
    b: str = "x"

import inspect
print(before, Bare.__doc__, Bare(1) == Bare(1), Documented(2).a, sys.modules["inspect"] is inspect,
      dataclasses.inspect.signature is inspect.signature)
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="dataclasses 3.12+ read annotations through inspect")
def test_dataclasses_are_imported_without_inspect_which_comes_when_used() -> None:
    proc = subprocess.run([sys.executable, "-c", _LAZY_INSPECT], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "Bare(a:", "int,", "b:", "str", "=", "'x')", "True", "2", "True", "True"]
    # inspect imported first: dataclasses has the real module
    proc = subprocess.run([sys.executable, "-c", "import inspect\n" + _LAZY_INSPECT], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0 and proc.stdout.split()[0] == "True", proc.stderr


def test_the_hash_names_and_digests_taken_without_hashlib_are_hashlibs() -> None:
    from stackwise.index.stamps import sha256_hex
    from stackwise.lockfiles.requirements import ALGORITHMS_GUARANTEED

    assert hashlib.algorithms_guaranteed == ALGORITHMS_GUARANTEED
    for data in (b"", b"abc", bytes(range(256)) * 1000):
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
