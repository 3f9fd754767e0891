"""``stackwise install`` from its caches: unpacked wheels hard-linked, verified on every use.

Real venvs, real wheels in a local wheelhouse, the CLI in a child process, as in
test_install.py. The hazards checked here are the ones hard links and caches bring: the
cache cleared under an installed environment, a cached file edited (directly or through
an environment that shares it), a damaged cached wheel, and no network at all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import build_wheel

FILES = {
    "toolpkg-1.0.dist-info/entry_points.txt": "[console_scripts]\ntoolpkg-hello = toolpkg:main\n",
    "toolpkg/__init__.py": 'from toolpkg.data import GREETING\n\ndef main():\n    print(GREETING)\n',
    "toolpkg/data.py": 'GREETING = "hello from toolpkg 1.0"\n',
    "toolpkg/sub/__init__.py": "",
    "toolpkg/sub/deep.py": "DEPTH = 2\n",
}
ORIGINAL = FILES["toolpkg/data.py"].encode()


def make_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return path


def run_install(*argv: str) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "stackwise", "install", *argv], capture_output=True, text=True, env={
        **os.environ, "PIP_CONFIG_FILE": os.devnull, "STACKWISE_CONFIG_FILE": os.devnull})
    return proc.returncode, proc.stderr


def site(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


def hello(venv: Path) -> str:
    return subprocess.run([str(venv / "bin" / "toolpkg-hello")], capture_output=True, text=True, check=True).stdout.strip()


def pip_check(venv: Path) -> None:
    """Real pip agrees the environment is consistent and lists the locked versions."""
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "--disable-pip-version-check"]
    subprocess.run([*pip, "check"], check=True, capture_output=True, env={**os.environ, "PIP_CONFIG_FILE": os.devnull})
    out = subprocess.run([*pip, "list", "--format", "freeze"], check=True, capture_output=True, text=True,
                         env={**os.environ, "PIP_CONFIG_FILE": os.devnull}).stdout
    assert {"toolpkg==1.0", "helper==2.0"} <= set(out.split()), out


def record_matches_files(venv: Path) -> None:
    """Every RECORD row with a hash names a file with exactly that hash and size."""
    import base64
    import csv

    for record in site(venv).glob("*.dist-info/RECORD"):
        for path, digest, size in csv.reader(record.read_text(encoding="utf-8").splitlines()):
            if not digest:
                continue
            data = (site(venv) / path).resolve().read_bytes()
            want = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip("=")
            assert digest == f"sha256={want}" and int(size) == len(data), path


@pytest.fixture
def wheelhouse(tmp_path: Path) -> Path:
    files = tmp_path / "wheelhouse"
    build_wheel(files, "toolpkg", "1.0", ["helper"], files=FILES)
    build_wheel(files, "helper", "2.0")
    return files


def hashed_lock(wheelhouse: Path, path: Path) -> Path:
    """A hash-only requirements.txt lock at ``path`` for every wheel in ``wheelhouse``."""
    lines = [f"{w.name.split('-')[0]}=={w.name.split('-')[1]} --hash=sha256:{hashlib.sha256(w.read_bytes()).hexdigest()}"
             for w in sorted(wheelhouse.glob("*.whl"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def lock(tmp_path: Path, wheelhouse: Path) -> Path:
    """A hash-only requirements.txt lock for the wheelhouse."""
    return hashed_lock(wheelhouse, tmp_path / "requirements.txt")


def cached_data_file(cache: Path) -> Path:
    found = list((cache / "wheels-unpacked").glob("*/*/tree/toolpkg/data.py"))
    assert len(found) == 1, found
    return found[0]


def test_installed_files_are_links_into_the_cache_and_survive_its_removal(
    tmp_path: Path, wheelhouse: Path, lock: Path
) -> None:
    cache = tmp_path / "cache"
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv), "--offline", "--find-links", str(wheelhouse),
                            "--cache-dir", str(cache))
    assert code == 0, err
    installed = site(venv) / "toolpkg" / "data.py"
    assert os.path.samefile(installed, cached_data_file(cache))  # a hard link, not a copy
    assert not list(venv.glob(".stackwise-install-*"))  # staging removed
    shutil.rmtree(cache)
    assert installed.read_bytes() == ORIGINAL
    assert hello(venv) == "hello from toolpkg 1.0"
    pip_check(venv)
    record_matches_files(venv)
    # --link-mode copy shares nothing with the cache
    venv2 = make_venv(tmp_path / "venv2")
    code, err = run_install(str(lock), "--target-venv", str(venv2), "--offline", "--find-links", str(wheelhouse),
                            "--cache-dir", str(cache), "--link-mode", "copy")
    assert code == 0, err
    assert not os.path.samefile(site(venv2) / "toolpkg" / "data.py", cached_data_file(cache))
    record_matches_files(venv2)


def test_offline_install_from_the_cache_alone(tmp_path: Path, wheelhouse: Path, lock: Path) -> None:
    cache = tmp_path / "cache"
    first = make_venv(tmp_path / "first")
    assert run_install(str(lock), "--target-venv", str(first), "--offline", "--find-links", str(wheelhouse),
                       "--cache-dir", str(cache))[0] == 0
    shutil.rmtree(wheelhouse)
    # no wheelhouse, no index: the hashes in the lock find the verified files in the cache
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv), "--offline", "--cache-dir", str(cache))
    assert code == 0, err
    assert hello(venv) == "hello from toolpkg 1.0"
    pip_check(venv)
    # with only the wheel cache left (the unpacked copies gone) it still works, unpacking again
    shutil.rmtree(cache / "wheels-unpacked")
    venv2 = make_venv(tmp_path / "venv2")
    code, err = run_install(str(lock), "--target-venv", str(venv2), "--offline", "--cache-dir", str(cache))
    assert code == 0, err
    assert hello(venv2) == "hello from toolpkg 1.0"
    # and with an empty cache, --offline refuses clearly
    venv3 = make_venv(tmp_path / "venv3")
    code, err = run_install(str(lock), "--target-venv", str(venv3), "--offline", "--cache-dir", str(tmp_path / "empty"))
    assert code == 1 and "No file of" in err and "Traceback" not in err, err


def test_a_cached_file_edited_through_an_environment_is_not_installed_again(
    tmp_path: Path, wheelhouse: Path, lock: Path
) -> None:
    cache = tmp_path / "cache"
    args = ["--offline", "--find-links", str(wheelhouse), "--cache-dir", str(cache)]
    venv = make_venv(tmp_path / "venv")
    assert run_install(str(lock), "--target-venv", str(venv), *args)[0] == 0
    # editing an installed file in place also edits the cache's copy (one inode) ...
    with open(site(venv) / "toolpkg" / "data.py", "a", encoding="utf-8") as f:
        f.write('GREETING = "patched"\n')
    assert cached_data_file(cache).read_bytes() != ORIGINAL
    # ... which the next install notices: the entry is dropped and unpacked again from the wheel
    venv2 = make_venv(tmp_path / "venv2")
    code, err = run_install(str(lock), "--target-venv", str(venv2), *args)
    assert code == 0, err
    assert hello(venv2) == "hello from toolpkg 1.0"
    assert cached_data_file(cache).read_bytes() == ORIGINAL
    assert not os.path.samefile(site(venv) / "toolpkg" / "data.py", cached_data_file(cache))
    record_matches_files(venv2)


def test_a_damaged_file_with_its_old_timestamp_is_caught_by_rehash(
    tmp_path: Path, wheelhouse: Path, lock: Path
) -> None:
    cache = tmp_path / "cache"
    args = ["--offline", "--find-links", str(wheelhouse), "--cache-dir", str(cache)]
    assert run_install(str(lock), "--target-venv", str(make_venv(tmp_path / "venv")), *args)[0] == 0
    # same size, same inode, modification time put back: only hashing the bytes can tell
    cached = cached_data_file(cache)
    st = cached.stat()
    cached.write_bytes(ORIGINAL.replace(b"hello", b"HELLO"))
    os.utime(cached, ns=(st.st_atime_ns, st.st_mtime_ns))
    venv2 = make_venv(tmp_path / "venv2")
    code, err = run_install(str(lock), "--target-venv", str(venv2), *args, "--rehash")
    assert code == 0, err
    assert hello(venv2) == "hello from toolpkg 1.0"
    assert cached_data_file(cache).read_bytes() == ORIGINAL
    # a file missing from an entry is caught without --rehash
    (cached_data_file(cache).parent / "sub" / "deep.py").unlink()
    venv3 = make_venv(tmp_path / "venv3")
    code, err = run_install(str(lock), "--target-venv", str(venv3), *args)
    assert code == 0, err
    assert (site(venv3) / "toolpkg" / "sub" / "deep.py").read_text() == "DEPTH = 2\n"


def test_a_corrupt_cached_wheel_is_refused_and_fetched_again(tmp_path: Path, wheelhouse: Path, lock: Path) -> None:
    cache = tmp_path / "cache"
    first = make_venv(tmp_path / "first")
    assert run_install(str(lock), "--target-venv", str(first), "--offline", "--find-links", str(wheelhouse),
                       "--cache-dir", str(cache))[0] == 0
    shutil.rmtree(cache / "wheels-unpacked")
    (cached,) = (cache / "wheels").glob("*/*/toolpkg-1.0-*.whl")
    cached.write_bytes(b"not a wheel")
    # only the damaged copy is left: refused, clearly, and nothing installed
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv), "--offline", "--cache-dir", str(cache))
    assert code == 1 and "toolpkg" in err and "Traceback" not in err, err
    assert not (site(venv) / "toolpkg").exists()
    # with the wheelhouse back, the file is taken from there and the cache entry repaired
    code, err = run_install(str(lock), "--target-venv", str(venv), "--offline", "--find-links", str(wheelhouse),
                            "--cache-dir", str(cache))
    assert code == 0, err
    assert cached.read_bytes() == (wheelhouse / cached.name).read_bytes()
    assert hello(venv) == "hello from toolpkg 1.0"


def test_compile_writes_bytecode_in_the_environment_only_and_pip_uninstalls_cleanly(
    tmp_path: Path, wheelhouse: Path, lock: Path
) -> None:
    cache = tmp_path / "cache"
    venv = make_venv(tmp_path / "venv")
    code, err = run_install(str(lock), "--target-venv", str(venv), "--offline", "--find-links", str(wheelhouse),
                            "--cache-dir", str(cache), "--compile")
    assert code == 0 and "byte-compiled" in err, err
    pkg = site(venv) / "toolpkg"
    assert list((pkg / "__pycache__").glob("data.cpython-*.pyc")) and list((pkg / "sub" / "__pycache__").glob("deep.*.pyc"))
    assert not list((cache / "wheels-unpacked").rglob("__pycache__"))  # the shared copy is untouched
    # without --compile nothing is compiled (the default is unchanged)
    venv2 = make_venv(tmp_path / "venv2")
    assert run_install(str(lock), "--target-venv", str(venv2), "--offline", "--cache-dir", str(cache))[0] == 0
    assert not (site(venv2) / "toolpkg" / "__pycache__").exists()
    # real pip removes a linked install (bytecode included) and the cache keeps its copy
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "--disable-pip-version-check"]
    subprocess.run([*pip, "uninstall", "-y", "toolpkg"], check=True, capture_output=True,
                   env={**os.environ, "PIP_CONFIG_FILE": os.devnull})
    assert not pkg.exists() and not (venv / "bin" / "toolpkg-hello").exists()
    assert cached_data_file(cache).read_bytes() == ORIGINAL
    assert hello(venv2) == "hello from toolpkg 1.0"


def test_the_remembered_venv_description_is_reused_and_a_damaged_one_probed_again(
    tmp_path: Path, wheelhouse: Path, lock: Path
) -> None:
    cache = tmp_path / "cache"
    args = ["--offline", "--find-links", str(wheelhouse), "--cache-dir", str(cache)]
    venv = make_venv(tmp_path / "venv")
    assert run_install(str(lock), "--target-venv", str(venv), *args)[0] == 0
    (remembered,) = (cache / "targets").glob("*.json")
    # the venv made again at the same path: same description, reused, and the install is right
    shutil.rmtree(venv)
    make_venv(venv)
    assert run_install(str(lock), "--target-venv", str(venv), *args)[0] == 0
    assert list((cache / "targets").glob("*.json")) == [remembered]
    assert hello(venv) == "hello from toolpkg 1.0"
    # a damaged description is not trusted: the interpreter is asked again
    remembered.write_text('{"prefix": 1}', encoding="utf-8")
    shutil.rmtree(venv)
    make_venv(venv)
    code, err = run_install(str(lock), "--target-venv", str(venv), *args)
    assert code == 0 and "Traceback" not in err, err
    assert hello(venv) == "hello from toolpkg 1.0"
    assert '"tags"' in remembered.read_text(encoding="utf-8")
