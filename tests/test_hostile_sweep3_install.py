"""Hostile locks, wheels and targets for ``stackwise install`` (and ``lock -o``), found by a
robustness sweep: each once gave a traceback, a hang, a silently wrong install or a lost
file. Real components only: real venvs, wheels made by hand with ``zipfile``, real servers on
127.0.0.1, the CLI in a child process (a hang fails the test, not the suite). Every failure
must be one ``stackwise: error:`` paragraph, non-zero, with the target left as it was.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from support import build_wheel
from support.rawserver import serve_in_thread
from test_hostile_sweep import one_error
from test_install import listing, make_venv

_EPOCH = (1980, 1, 1, 0, 0, 0)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def install(*args: str, env: Mapping[str, str] | None = None, timeout: float = 60,
            limit_file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    """``stackwise install ...`` as a user runs it, in a child process."""
    def cap() -> None:
        import resource

        if limit_file_size is not None:  # a runaway write fails, instead of filling the disk
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run([sys.executable, "-m", "stackwise", "install", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, preexec_fn=cap)


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def hand_wheel(dest: Path, name: str, version: str, members: Mapping[str, bytes | None], *,
               wrong: frozenset[str] = frozenset()) -> Path:
    """A wheel written member by member: ``None`` drops a default member (METADATA, WHEEL);
    RECORD lists every member, with a wrong hash (and the right size) for those in ``wrong``."""
    info = f"{name}-{version}.dist-info"
    contents: dict[str, bytes | None] = {
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        **members,
    }
    kept = {path: data for path, data in contents.items() if data is not None}
    rows = [f"{path},{_record_hash(data + b'!' if path in wrong else data)},{len(data)}" for path, data in kept.items()]
    kept[f"{info}/RECORD"] = ("\n".join([*rows, f"{info}/RECORD,,"]) + "\n").encode()
    dest.mkdir(parents=True, exist_ok=True)
    out = dest / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(out, "w") as zf:
        for path, data in kept.items():
            member = zipfile.ZipInfo(path, date_time=_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            zf.writestr(member, data)
    return out


def hash_lock(dest: Path, wheel: Path, name: str, version: str) -> Path:
    lock = dest / "requirements.txt"
    lock.write_text(f"{name}=={version} --hash=sha256:{sha256(wheel)}\n")
    return lock


def pylock(dest: Path, body: str, *, header: str = "") -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / "pylock.toml"
    path.write_text(f'lock-version = "1.0"\ncreated-by = "hand"\n{header}\n{body}')
    return path


def wheel_entry(name: str, version: str, wheel: Path, *, marker: str | None = None, url: str | None = None,
                extra: str = "") -> str:
    where = f'url = "{url}"' if url is not None else f'path = "{wheel}"'
    return (f'[[packages]]\nname = "{name}"\nversion = "{version}"\n'
            + (f'marker = "{marker}"\n' if marker else "")
            + f'wheels = [{{name = "{wheel.name}", {where}, {extra}hashes = {{sha256 = "{sha256(wheel)}"}}}}]\n\n')


@pytest.fixture
def wheels(tmp_path: Path) -> Path:
    out = tmp_path / "wheels"
    for name in ("alpha", "beta"):
        build_wheel(out, name, "1.0")
    return out


@pytest.fixture
def venv(tmp_path: Path) -> Path:
    return make_venv(tmp_path / "venv")


def target(venv: Path, tmp_path: Path) -> list[str]:
    return ["--target-venv", str(venv), "--cache-dir", str(tmp_path / "cache")]


# -- lock markers: evaluated on the target, never a traceback ---------------------------------


def test_lock_markers_that_cannot_be_evaluated_are_refused(tmp_path, wheels, venv):
    # `~=` needs a version: the marker parses, and its evaluation raised UndefinedComparison
    alpha = wheels / "alpha-1.0-py3-none-any.whl"
    lock = pylock(tmp_path / "p", wheel_entry("alpha", "1.0", alpha, marker="platform_release ~= 'x'"))
    proc = install(str(lock), *target(venv, tmp_path))
    one_error(proc.returncode, proc.stderr, "alpha 1.0", "cannot be evaluated")
    pipfile_lock = tmp_path / "Pipfile.lock"
    pipfile_lock.write_text('{"_meta": {"pipfile-spec": 6, "sources": [], "hash": {}, "requires": {}}, "default": '
                            f'{{"alpha": {{"version": "==1.0", "hashes": ["sha256:{sha256(alpha)}"], '
                            '"markers": "platform_release ~= \'x\'"}}, "develop": {}}')
    proc = install(str(pipfile_lock), *target(venv, tmp_path), "--no-index", "-f", str(wheels))
    one_error(proc.returncode, proc.stderr, "cannot be evaluated")
    assert "alpha" not in str(listing(venv))


def test_pylock_markers_on_extras_and_dependency_groups(tmp_path, wheels, venv):
    """PEP 751 markers may test ``extras`` and ``dependency_groups`` (they were an
    UndefinedEnvironmentName traceback): no extra is asked for, the groups are ``default-groups``."""
    from packaging.markers import InvalidMarker, Marker

    try:
        Marker("'dev' in dependency_groups")
    except InvalidMarker:
        pytest.skip("this packaging predates PEP 751 markers")
    body = (wheel_entry("alpha", "1.0", wheels / "alpha-1.0-py3-none-any.whl", marker="'dev' in dependency_groups")
            + wheel_entry("beta", "1.0", wheels / "beta-1.0-py3-none-any.whl", marker="'cli' in extras"))
    lock = pylock(tmp_path / "p", body, header='default-groups = ["dev"]')
    proc = install(str(lock), *target(venv, tmp_path), "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "would install alpha==1.0" in proc.stderr and "beta" not in proc.stderr, proc.stderr


def test_pylock_whose_environments_exclude_the_target_is_refused(tmp_path, wheels, venv):
    """stackwise writes ``environments`` so that an installer refuses a lock made for another
    Python or platform; its own installer ignored them and installed anyway."""
    lock = pylock(tmp_path / "p", wheel_entry("alpha", "1.0", wheels / "alpha-1.0-py3-none-any.whl"),
                  header="environments = [\"sys_platform == 'win32'\", \"python_version == '2.7'\"]")
    before = listing(venv)
    proc = install(str(lock), *target(venv, tmp_path))
    one_error(proc.returncode, proc.stderr, "locked for other environments", "Nothing was installed")
    assert listing(venv) == before
    ok = pylock(tmp_path / "q", wheel_entry("alpha", "1.0", wheels / "alpha-1.0-py3-none-any.whl"),
                header="environments = [\"sys_platform == 'win32'\", \"python_version >= '3'\"]")
    proc = install(str(ok), *target(venv, tmp_path))
    assert proc.returncode == 0, proc.stderr


# -- pylock files that are not what they claim -------------------------------------------------


def test_pylock_file_of_another_project_is_refused(tmp_path, wheels, venv):
    """beta's wheel (with beta's hash) listed under ``alpha`` was installed and reported as alpha."""
    lock = pylock(tmp_path / "p", wheel_entry("alpha", "1.0", wheels / "beta-1.0-py3-none-any.whl"))
    proc = install(str(lock), *target(venv, tmp_path))
    one_error(proc.returncode, proc.stderr, "'beta-1.0-py3-none-any.whl' is not a file of alpha 1.0")
    assert "beta" not in str(listing(venv))


def test_hash_only_lock_never_takes_another_projects_file_from_the_cache(tmp_path, wheels, venv):
    """A requirements lock pinning alpha with beta's hash: beta's wheel in the shared cache was
    installed under alpha's name (the cache is found by hash, and the name was not compared)."""
    beta = wheels / "beta-1.0-py3-none-any.whl"
    other = make_venv(tmp_path / "other")
    assert install(str(hash_lock(tmp_path, beta, "beta", "1.0")), *target(other, tmp_path), "--no-index",
                   "-f", str(wheels)).returncode == 0  # beta is now in the cache
    (tmp_path / "alpha").mkdir()
    lock = hash_lock(tmp_path / "alpha", beta, "alpha", "1.0")
    proc = install(str(lock), *target(venv, tmp_path), "--no-index", "-f", str(wheels))
    one_error(proc.returncode, proc.stderr, "alpha==1.0")
    assert "beta" not in str(listing(venv))


@pytest.mark.parametrize(("url", "needle"), [
    ("ftp://127.0.0.1/alpha-1.0-py3-none-any.whl", "is not an http(s):// or file: URL"),
    ("javascript:x/alpha-1.0-py3-none-any.whl", "is not an http(s):// or file: URL"),
    ("file://elsewhere/alpha-1.0-py3-none-any.whl", "names a file on another host"),
], ids=["ftp", "javascript", "file-on-another-host"])
def test_pylock_urls_stackwise_cannot_fetch_are_named(tmp_path, wheels, venv, url, needle):
    # they were read as local paths ("Could not read ftp:/127.0.0.1/... (No such file)"), and a
    # file: URL on another host as the same path on this one
    lock = pylock(tmp_path / "p", wheel_entry("alpha", "1.0", wheels / "alpha-1.0-py3-none-any.whl", url=url))
    proc = install(str(lock), *target(venv, tmp_path))
    one_error(proc.returncode, proc.stderr, needle)


@pytest.mark.parametrize(("body", "needle"), [
    ('[[packages]]\nname = "al pha!!"\nversion = "1.0"\n'
     'wheels = [{url = "file:///x/al_pha-1.0-py3-none-any.whl", hashes = {sha256 = "00"}}]\n', "not a valid project name"),
    ("", "lock-version"),
], ids=["invalid-name", "lock-version-of-5000-digits"])
def test_pylock_values_that_parse_but_are_not_valid(tmp_path, venv, body, needle):
    lock = pylock(tmp_path / "p", body)
    if not body:  # int() of more than 4300 digits raised ValueError
        lock.write_text(f'lock-version = "{"9" * 5000}.0"\ncreated-by = "hand"\npackages = []\n')
    proc = install(str(lock), *target(venv, tmp_path))
    one_error(proc.returncode, proc.stderr, needle)


@pytest.mark.parametrize(("entry", "needle"), [
    ('"extras": 5', '"extras" must be a list of strings'),  # TypeError: 'int' object is not iterable
    ('"index": []', "is not one of the lock's _meta.sources"),  # TypeError: unhashable type: 'list'
    ('"extras": ["a b"]', "'a b' in \"extras\" is not an extra's name"),  # was accepted and carried on
    ('"extras": ["x]; evil"]', "is not an extra's name"),
], ids=["extras-int", "index-list", "extras-space", "extras-bracket"])
def test_pipfile_lock_values_of_the_wrong_type(tmp_path, wheels, venv, entry, needle):
    lock = tmp_path / "Pipfile.lock"
    lock.write_text('{"_meta": {"pipfile-spec": 6, "sources": [], "hash": {}, "requires": {}}, "default": '
                    f'{{"alpha": {{"version": "==1.0", "hashes": ["sha256:00"], {entry}}}}}, "develop": {{}}}}')
    proc = install(str(lock), *target(venv, tmp_path), "--no-index", "-f", str(wheels))
    one_error(proc.returncode, proc.stderr, needle)


def test_pipfile_lock_package_name_with_a_terminal_escape(tmp_path, wheels, venv):
    # the name was printed raw in "No file of al<ESC>[2Jpha==1.0 ..."
    lock = tmp_path / "Pipfile.lock"
    lock.write_text('{"_meta": {"pipfile-spec": 6, "sources": [], "hash": {}, "requires": {}}, "default": '
                    '{"al\\u001b[2Jpha": {"version": "==1.0", "hashes": ["sha256:00"]}}, "develop": {}}')
    proc = install(str(lock), *target(venv, tmp_path), "--no-index", "-f", str(wheels))
    err = one_error(proc.returncode, proc.stderr, "not a valid project name")
    assert "\x1b" not in err


def test_a_lock_that_is_a_directory_or_a_pipe_is_named_as_such(tmp_path, venv):
    proc = install(str(tmp_path), *target(venv, tmp_path))
    one_error(proc.returncode, proc.stderr, "is a directory")  # was "does not exist"
    fifo = tmp_path / "requirements.txt"
    os.mkfifo(fifo)
    proc = install(str(fifo), *target(venv, tmp_path))
    one_error(proc.returncode, proc.stderr, "not a regular file")


# -- files that never end ----------------------------------------------------------------------


def test_a_locked_path_that_is_a_pipe_is_refused_instead_of_read_forever(tmp_path, wheels, venv):
    """A pylock ``path`` naming a pipe (or /dev/zero) was read until the disk was full or forever."""
    fifo = tmp_path / "alpha-1.0-py3-none-any.whl"
    os.mkfifo(fifo)
    body = wheel_entry("alpha", "1.0", wheels / "alpha-1.0-py3-none-any.whl").replace(
        str(wheels / "alpha-1.0-py3-none-any.whl"), str(fifo))
    lock = pylock(tmp_path / "p", body)
    proc = install(str(lock), *target(venv, tmp_path), timeout=30)
    one_error(proc.returncode, proc.stderr, "is not a regular file")


class Endless:
    """Serves every file as never-ending: ``/big/...`` sends 32 MiB of zeros (bounded, so a
    missing check shows as a failed test, not a full disk), ``/trickle/...`` one byte per 0.25 s."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(10**12))
                self.end_headers()
                try:
                    if self.path.startswith("/big/"):
                        for _ in range(512):
                            self.wfile.write(b"\0" * 65536)
                    else:
                        for _ in range(200):
                            self.wfile.write(b"x")
                            self.wfile.flush()
                            time.sleep(0.25)
                except OSError:
                    pass  # the client hung up: what it should do
                self.close_connection = True

        self.httpd = serve_in_thread(Handler)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{path}"


@pytest.fixture
def endless() -> Iterator[Endless]:
    server = Endless()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def test_a_download_longer_than_the_locked_size_stops_there(tmp_path, wheels, venv, endless):
    alpha = wheels / "alpha-1.0-py3-none-any.whl"
    lock = pylock(tmp_path / "p", wheel_entry("alpha", "1.0", alpha, url=endless.url(f"big/{alpha.name}"),
                                              extra=f"size = {alpha.stat().st_size}, "))
    proc = install(str(lock), *target(venv, tmp_path), timeout=60)
    one_error(proc.returncode, proc.stderr, "Hash mismatch for alpha==1.0", f"larger than the {alpha.stat().st_size} bytes")


def test_a_trickling_download_stops_after_the_timeout(tmp_path, wheels, venv, endless):
    """Each byte arrived within the per-read timeout, so the download never ended."""
    alpha = wheels / "alpha-1.0-py3-none-any.whl"
    lock = pylock(tmp_path / "p", wheel_entry("alpha", "1.0", alpha, url=endless.url(f"trickle/{alpha.name}")))
    start = time.monotonic()
    proc = install(str(lock), *target(venv, tmp_path), env={"PIP_TIMEOUT": "2"}, timeout=40)
    one_error(proc.returncode, proc.stderr, "too slowly", "Nothing was installed")
    assert time.monotonic() - start < 20


# -- hostile wheels ----------------------------------------------------------------------------


@pytest.mark.parametrize(("members", "needle"), [
    ({"evil-1.0.dist-info/METADATA": None}, "METADATA cannot be read"),
    ({"evil-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: requests\nVersion: 99.0\n\n"},
     "its METADATA names 'requests' '99.0', not the evil 1.0"),
    ({"evil-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: evil\nVersion: 2.0\n\n"},
     "its METADATA names 'evil' '2.0'"),
], ids=["no-metadata", "another-project", "another-version"])
def test_a_wheel_whose_metadata_is_missing_or_of_another_project(tmp_path, venv, members, needle):
    """pip and uv refuse these; stackwise installed a nameless distribution (left behind for good
    by the next version) or one listed as another project."""
    wheel = hand_wheel(tmp_path / "w", "evil", "1.0", {"evil/__init__.py": b"", **members})
    before = listing(venv)
    proc = install(str(hash_lock(tmp_path, wheel, "evil", "1.0")), *target(venv, tmp_path), "--no-index",
                   "-f", str(wheel.parent))
    one_error(proc.returncode, proc.stderr, needle, "Nothing was installed")
    assert listing(venv) == before


def test_terminal_escapes_in_a_wheel_never_reach_the_terminal(tmp_path, venv):
    info = "evil-1.0.dist-info"
    owned = "evil/\x1b]0;owned\x07.py"
    for n, (members, wrong) in enumerate([
        ({f"{info}/entry_points.txt": b"[console_scripts]\n\x1b[2J../../../x = evil:main\n"}, ()),  # leaves the target
        ({owned: b"print(1)\n"}, (owned,)),  # its RECORD hash does not match
    ]):
        wheel = hand_wheel(tmp_path / f"w{n}", "evil", "1.0", {"evil/__init__.py": b"", **members},
                           wrong=frozenset(wrong))
        proc = install(str(hash_lock(wheel.parent, wheel, "evil", "1.0")), *target(venv, tmp_path), "--no-index",
                       "-f", str(wheel.parent))
        err = one_error(proc.returncode, proc.stderr, "\\x1b")
        assert "\x1b" not in err and "\x07" not in err, repr(err)


def test_a_zip_bomb_member_is_refused_before_it_is_written(tmp_path, venv):
    """A member listed in RECORD as 10 bytes that inflates to 80 MiB was written out whole
    (into the cache, then the staging root) before its hash was compared."""
    info = "evil-1.0.dist-info"
    meta = b"Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n\n"
    wheel_file = b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = (f"evil/big.bin,{_record_hash(b'x' * 10)},10\n{info}/METADATA,{_record_hash(meta)},{len(meta)}\n"
              f"{info}/WHEEL,{_record_hash(wheel_file)},{len(wheel_file)}\n{info}/RECORD,,\n").encode()
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as zf:
        member = zipfile.ZipInfo("evil/big.bin", date_time=_EPOCH)
        member.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(member, "w", force_zip64=True) as out:
            for _ in range(80):
                out.write(b"\0" * (1 << 20))
        for path, data in ((f"{info}/METADATA", meta), (f"{info}/WHEEL", wheel_file), (f"{info}/RECORD", record)):
            zf.writestr(zipfile.ZipInfo(path, date_time=_EPOCH), data, zipfile.ZIP_DEFLATED)
    wheels = tmp_path / "w"
    wheels.mkdir()
    wheel = wheels / "evil-1.0-py3-none-any.whl"
    wheel.write_bytes(raw.getvalue())
    assert wheel.stat().st_size < 1 << 20
    proc = install(str(hash_lock(tmp_path, wheel, "evil", "1.0")), *target(venv, tmp_path), "--no-index",
                   "-f", str(wheels), limit_file_size=8 << 20)
    one_error(proc.returncode, proc.stderr, "not the 10 bytes its RECORD lists", "Nothing was installed")


# -- disk paths that are files -----------------------------------------------------------------


def test_a_cache_dir_that_is_a_file(tmp_path, wheels, venv):
    """Storing the verified wheel under a cache 'directory' that is a file was a
    NotADirectoryError traceback (after the fallback to an in-memory index cache)."""
    in_the_way = tmp_path / "cache-file"
    in_the_way.write_text("not a directory\n")
    lock = hash_lock(tmp_path, wheels / "alpha-1.0-py3-none-any.whl", "alpha", "1.0")
    proc = install(str(lock), "--target-venv", str(venv), "--cache-dir", str(in_the_way), "--no-index",
                   "-f", str(wheels))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert in_the_way.read_text() == "not a directory\n"
    assert any("alpha" in path for path in listing(venv))


# -- lock -o over its own input ------------------------------------------------------------------


@pytest.mark.parametrize("universal", [False, True], ids=["pipfile-lock", "universal"])
def test_a_pipfile_lock_written_over_its_pipfile_is_refused(tmp_path, wheels, universal):
    pipfile = tmp_path / "Pipfile"
    text = f'[[source]]\nname = "x"\nurl = "{wheels.as_uri()}"\nverify_ssl = false\n\n[packages]\nalpha = "*"\n'
    pipfile.write_text(text)
    args = ["lock", "--format", "pipfile-lock", "--no-default-scores", "--isolated", "--no-index", "-f", str(wheels),
            "--cache-dir", str(tmp_path / "cache"), "-o", "./Pipfile", *(["--universal"] if universal else [])]
    proc = subprocess.run([sys.executable, "-m", "stackwise", *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    one_error(proc.returncode, proc.stderr, "is the Pipfile itself", "Pipfile.lock")
    assert pipfile.read_text() == text  # was replaced by the lock's JSON


@pytest.mark.parametrize("flag", ["-r", "-c", "--scores", "--rules", "--report"])
def test_lock_output_over_one_of_its_own_inputs_is_refused(tmp_path, wheels, capsys, flag):
    """`-r req.in -o req.in` and `--scores s.json -o s.json` replaced the user's file with the lock."""
    from stackwise.cli import main

    files = {"-r": ("req.in", "alpha\n"), "-c": ("constraints.txt", "alpha<2\n"),
             "--scores": ("scores.json", '{"format": "stackwise-scores", "version": 1, "rules": []}'),
             "--rules": ("rules.toml", ""), "--report": ("req.in", "alpha\n")}
    name, text = files[flag]
    given = tmp_path / name
    given.write_text(text)
    args = ["lock", "alpha", "--no-default-scores", "--isolated", "--no-index", "-f", str(wheels),
            "--cache-dir", str(tmp_path / "cache")]
    if flag == "--report":  # the report over a requirements file
        args += ["-r", str(given), "--report", str(tmp_path / "." / name), "-o", str(tmp_path / "out.txt")]
    else:
        args += [flag, str(given), "-o", str(tmp_path / "sub" / ".." / name)]
        (tmp_path / "sub").mkdir()
    err = one_error(main(args), capsys.readouterr().err, "writing there would replace it")
    assert "Traceback" not in err
    assert given.read_text() == text
    assert not (tmp_path / "out.txt").exists()


def test_lock_prints_a_failing_builds_output_escaped(tmp_path, capsys):
    """`stackwise lock` of an sdist whose backend prints escape sequences and fails."""
    from stackwise.cli import main
    from support.wheels import _write_sdist

    links = tmp_path / "links"
    links.mkdir()
    _write_sdist(links, "evil-1.0", {f"evil-1.0/{k}": v.encode() for k, v in _LOUD_BACKEND.items()})
    code = main(["lock", "evil", "--no-default-scores", "--isolated", "--no-index", "-f", str(links),
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")])
    err = capsys.readouterr().err
    assert code != 0 and "boom" in err and "\\x1b[2J" in err, err
    assert "\x1b" not in err and "\x07" not in err, repr(err)


# -- a journal left in the target, damaged -------------------------------------------------------


@pytest.mark.parametrize("line", ['{"op": "place", "path": ""}', '{"op": "place", "path": "{outside}"}',
                                  '{"op": "aside", "path": "{outside}/x", "backup": "{outside}/precious.txt"}',
                                  "5", '{"path": "/x"}'],
                         ids=["empty-path", "outside-the-prefix", "backup-outside", "not-an-object", "no-op"])
def test_a_damaged_journal_never_touches_anything_outside_the_target(tmp_path, wheels, venv, line):
    """Rolling back a left-over journal undid a ``place`` of the path "" -- the current directory
    -- by deleting it whole; a line that was not an object was a traceback."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "precious.txt").write_text("mine\n")
    staging = venv / ".stackwise-install-left"
    staging.mkdir()
    (staging / "journal").write_text(line.replace("{outside}", str(work)) + "\n")
    lock = hash_lock(work, wheels / "alpha-1.0-py3-none-any.whl", "alpha", "1.0")
    proc = subprocess.run([sys.executable, "-m", "stackwise", "install", lock.name, *target(venv, tmp_path),
                           "--no-index", "-f", str(wheels)], cwd=work, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert (work / "precious.txt").read_text() == "mine\n" and lock.is_file()
    assert not staging.exists() and any("alpha" in path for path in listing(venv))


# -- a target interpreter that does not answer as Python does -----------------------------------


def test_a_venv_interpreter_that_prints_something_else(tmp_path, wheels, venv):
    """A wrapper script in the venv's bin/python printing a banner was a JSONDecodeError traceback."""
    python = venv / "bin" / "python"
    python.unlink()
    python.write_text('#!/bin/sh\necho "\\033[2Jwelcome to this shell"\n')
    python.chmod(0o755)
    lock = hash_lock(tmp_path, wheels / "alpha-1.0-py3-none-any.whl", "alpha", "1.0")
    proc = install(str(lock), *target(venv, tmp_path), "--no-index", "-f", str(wheels))
    err = one_error(proc.returncode, proc.stderr, "did not describe itself", "welcome to this shell")
    assert "\x1b" not in err


def test_a_damaged_remembered_venv_description_is_probed_again(tmp_path, wheels, venv):
    """The remembered description was checked for its keys only: values of another type were a
    TypeError traceback on every later install into that venv."""
    import json

    lock = hash_lock(tmp_path, wheels / "alpha-1.0-py3-none-any.whl", "alpha", "1.0")
    args = [str(lock), *target(venv, tmp_path), "--no-index", "-f", str(wheels)]
    assert install(*args).returncode == 0
    (remembered,) = (tmp_path / "cache" / "targets").glob("*.json")
    remembered.write_text(json.dumps({"prefix": str(venv), "paths": 5, "markers": {}, "tags": 5}))
    proc = install(*args)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "already installed" in proc.stderr


# -- a build backend's output ------------------------------------------------------------------

_LOUD_BACKEND = {
    "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n\n'
                      '[project]\nname = "evil"\nversion = "1.0"\n',
    "backend.py": 'def build_wheel(*args, **kwargs):\n    print("\\033[2J\\033]0;owned\\007 boom")\n'
                  "    raise SystemExit(1)\n\nbuild_editable = build_wheel\n",
}


@pytest.mark.parametrize("kind", ["sdist", "local-project"])
def test_a_failing_builds_output_is_escaped(tmp_path, venv, kind):
    """The last lines a build backend printed (an sdist from an index is anyone's code) reached
    the terminal as they were, escape sequences included."""
    from support.wheels import _write_sdist

    if kind == "sdist":
        links = tmp_path / "links"
        links.mkdir()
        sdist = _write_sdist(links, "evil-1.0", {f"evil-1.0/{k}": v.encode() for k, v in _LOUD_BACKEND.items()})
        lock = hash_lock(tmp_path, sdist, "evil", "1.0")
        extra = ["--no-index", "-f", str(links)]
    else:
        for name, text in _LOUD_BACKEND.items():
            (tmp_path / "evil" / name).parent.mkdir(exist_ok=True)
            (tmp_path / "evil" / name).write_text(text)
        lock = tmp_path / "requirements.txt"
        lock.write_text(f"{tmp_path / 'evil'}\n")
        extra = ["--no-index"]
    proc = install(str(lock), *target(venv, tmp_path), *extra, timeout=300)
    err = one_error(proc.returncode, proc.stderr, "boom", "\\x1b[2J")
    assert "\x1b" not in err and "\x07" not in err, repr(err)
