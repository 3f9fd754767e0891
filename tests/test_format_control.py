"""pip's format options: ``--only-binary``, ``--no-binary``, ``--prefer-binary``, ``--trusted-host``.

Why: a pip user's requirements file that starts with ``--only-binary :all:`` must lock and
install what pip would, not stop with "unsupported option". These tests serve real wheels and
sdists on 127.0.0.1 and check the pins, which files' hashes the lock lists, which file
``stackwise install`` takes, lock reuse, the errors, and the same cases against real pip
(``pip install --dry-run --report``, and ``pip install --require-hashes -r`` of the lock).

The fixture index: ``alpha`` 2.0 ships only an sdist, ``alpha`` 1.0 a wheel and an sdist,
``beta`` 1.0 a wheel and an sdist. pip's default takes alpha 2.0 (its sdist);
``--only-binary`` and ``--prefer-binary`` take alpha 1.0 (its wheel).
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from stackwise.cli import main
from support import IndexServer
from support.formats import build_format_index, digest, hashes_of
from support.locks import pins_of
from support.tls import self_signed

REUSED = "reused the lock computed at"


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_format_index(tmp_path_factory.mktemp("format-files"))


@pytest.fixture(scope="module")
def server(files: Path) -> Iterator[IndexServer]:
    with IndexServer(files) as srv:
        yield srv


def lock(tmp_path: Path, capsys: pytest.CaptureFixture[str], server: IndexServer, *args: str,
         cache: str = "cache") -> tuple[int, str, str]:
    """``stackwise lock`` in-process: (exit code, lock text, stderr)."""
    out = tmp_path / "lock.txt"
    if out.exists():
        out.unlink()
    code = main(["lock", *args, "--index-url", server.url, "--no-default-scores", "--cache-dir",
                 str(tmp_path / cache), "-o", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, out.read_text() if out.exists() else "", err


# -- what is locked --------------------------------------------------------------------------------


def test_default_takes_the_newest_release_even_if_it_is_only_an_sdist(tmp_path, capsys, server, files) -> None:
    code, text, err = lock(tmp_path, capsys, server, "alpha", "beta")
    assert code == 0, err
    assert pins_of(text) == {"alpha": "2.0", "beta": "1.0"}
    assert hashes_of(text, "alpha") == {digest(files, "alpha-2.0.tar.gz")}
    assert hashes_of(text, "beta") == {digest(files, "beta-1.0-py3-none-any.whl"), digest(files, "beta-1.0.tar.gz")}
    assert "--only-binary" not in text and "--no-binary" not in text


@pytest.mark.parametrize("how", ["flag", "flag=", "file", "file-name", "file-continued"])
def test_only_binary_skips_sdist_only_releases_and_locks_no_sdist_hash(tmp_path, capsys, server, files, how) -> None:
    req = tmp_path / "req.txt"
    lines = {"file": "--only-binary :all:\nalpha\nbeta\n",
             "file-name": "--only-binary=ALPHA,Beta\nalpha\nbeta\n",
             "file-continued": "alpha\n--only-binary \\\n  :all:\nbeta\n"}
    if how.startswith("file"):
        req.write_text(lines[how])
        args: tuple[str, ...] = ("-r", str(req))
    else:
        args = ("alpha", "beta", *(("--only-binary", ":all:") if how == "flag" else ("--only-binary=:all:",)))
    code, text, err = lock(tmp_path, capsys, server, *args)
    assert code == 0, err
    assert pins_of(text) == {"alpha": "1.0", "beta": "1.0"}
    assert hashes_of(text, "alpha") == {digest(files, "alpha-1.0-py3-none-any.whl")}
    assert hashes_of(text, "beta") == {digest(files, "beta-1.0-py3-none-any.whl")}
    # written at the top, normalized, so pip installing the lock chooses among the same files
    expected = "--only-binary alpha,beta" if how == "file-name" else "--only-binary :all:"
    assert expected in text.splitlines()
    # the decision line says why the newest release was passed over
    assert "2.0 no compatible wheel" in err and "(--only-binary)" in err


@pytest.mark.parametrize("how", ["flag", "file"])
def test_prefer_binary_takes_the_older_release_with_a_wheel(tmp_path, capsys, server, files, how) -> None:
    req = tmp_path / "req.txt"
    req.write_text("--prefer-binary\nalpha\n" if how == "file" else "alpha\n")
    code, text, err = lock(tmp_path, capsys, server, "-r", str(req), *(("--prefer-binary",) if how == "flag" else ()))
    assert code == 0, err
    assert pins_of(text) == {"alpha": "1.0"}
    # both formats stay allowed: every file of the pinned version is listed
    assert hashes_of(text, "alpha") == {digest(files, "alpha-1.0-py3-none-any.whl"), digest(files, "alpha-1.0.tar.gz")}


def test_prefer_binary_falls_back_to_an_sdist_only_release_when_nothing_else_fits(tmp_path, capsys, server,
                                                                                files) -> None:
    code, text, err = lock(tmp_path, capsys, server, "alpha>1", "--prefer-binary")
    assert code == 0, err
    assert pins_of(text) == {"alpha": "2.0"}


def test_no_binary_locks_sdist_hashes_only(tmp_path, capsys, server, files) -> None:
    code, text, err = lock(tmp_path, capsys, server, "alpha<2", "beta", "--no-binary", "alpha,beta")
    assert code == 0, err
    assert pins_of(text) == {"alpha": "1.0", "beta": "1.0"}
    assert hashes_of(text, "alpha") == {digest(files, "alpha-1.0.tar.gz")}
    assert hashes_of(text, "beta") == {digest(files, "beta-1.0.tar.gz")}
    assert "--no-binary alpha,beta" in text.splitlines()


@pytest.mark.parametrize(("cli", "file", "alpha", "beta_formats"), [
    # :none: empties that option's set: back to the default
    (("--only-binary", ":all:", "--only-binary", ":none:"), "", "2.0", {"whl", "tar.gz"}),
    # a name given to the other option wins for that name; :all: still holds for the rest
    (("--only-binary", ":all:", "--no-binary", "alpha"), "", "2.0", {"whl"}),
    # :all: for one option empties the other's set
    (("--no-binary", "alpha,beta", "--only-binary", ":all:"), "", "1.0", {"whl"}),
    # the command line first, then the files as read (pip's order): the file's :none: wins
    (("--only-binary", ":all:"), "--only-binary :none:\n", "2.0", {"whl", "tar.gz"}),
    # names after :all: in one value are covered by it (pip drops them)
    ((), "--only-binary :all:,alpha\n", "1.0", {"whl"}),
    # ":all:,:none:,beta": reset, then beta only
    ((), "--only-binary :all:,:none:,beta\n", "2.0", {"whl"}),
    # several options on one line, as pip reads them
    ((), "--only-binary=beta --prefer-binary\n", "1.0", {"whl"}),
])
def test_last_option_wins_as_in_pip(tmp_path, capsys, server, files, cli, file, alpha, beta_formats) -> None:
    req = tmp_path / "req.txt"
    req.write_text(file + "alpha\nbeta\n")
    code, text, err = lock(tmp_path, capsys, server, "-r", str(req), *cli)
    assert code == 0, err
    assert pins_of(text) == {"alpha": alpha, "beta": "1.0"}
    expected = {digest(files, f"beta-1.0-py3-none-any.{ext}" if ext == "whl" else f"beta-1.0.{ext}")
                for ext in beta_formats}
    assert hashes_of(text, "beta") == expected


def test_python_api_takes_the_same_options(server, files, tmp_path) -> None:
    import stackwise

    result = stackwise.lock(["alpha"], only_binary=[":all:"], index_url=server.url, default_scores=False,
                            cache_dir=str(tmp_path / "cache"))
    assert result.versions() == {"alpha": "1.0"}
    assert result.pins["alpha"].hashes == (digest(files, "alpha-1.0-py3-none-any.whl"),)
    result = stackwise.lock(["alpha"], prefer_binary=True, index_url=server.url, default_scores=False,
                            cache_dir=str(tmp_path / "cache"))
    assert result.versions() == {"alpha": "1.0"}
    with pytest.raises(stackwise.StackwiseError, match="only_binary: --only-binary '!x' is not"):
        stackwise.lock(["alpha"], only_binary=["!x"], index_url=server.url, default_scores=False)


def test_format_rules_equal_pips_own_on_every_short_sequence() -> None:
    """Every sequence of up to three options over a few values gives the formats pip's own
    FormatControl gives, for every project (pip's class is the reference, not copied)."""
    import itertools

    from pip._internal.models.format_control import FormatControl as PipFormatControl

    from stackwise.index.formats import FormatControl

    values = [":all:", ":none:", "alpha", "BETA", "alpha,beta", ":all:,alpha", ":all:,:none:,beta", ":none:,alpha"]
    ops = [(opt, v) for opt in ("--only-binary", "--no-binary") for v in values]
    checked = 0
    for n in range(4):
        for seq in itertools.product(ops, repeat=n):
            ours = FormatControl().applied_all((opt, v, "test") for opt, v in seq)
            theirs = PipFormatControl()
            for opt, v in seq:
                target, other = ((theirs.only_binary, theirs.no_binary) if opt == "--only-binary"
                                 else (theirs.no_binary, theirs.only_binary))
                PipFormatControl.handle_mutual_excludes(v, target, other)
            for name in ("alpha", "beta", "gamma"):
                assert ours.allowed(name) == theirs.get_allowed_formats(name), (seq, name)
            # the lines written into a lock give the same value again
            again = FormatControl().applied_all(
                (line.split()[0], line.split()[1], "lock") for line in ours.option_lines())
            assert again == ours, seq
            checked += 1
    assert checked == 1 + 16 + 16**2 + 16**3


# -- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "message"), [
    ("--only-binary", "req.txt:2: --only-binary needs a value: :all:, :none: or comma-separated project names."),
    ("--no-binary=", "req.txt:2: --no-binary needs a value"),
    ("--no-binary ::bogus::", "req.txt:2: --no-binary '::bogus::' is not :all:, :none: or a project name"),
    ("--only-binary --pre", "req.txt:2: --only-binary needs a value: :all:, :none: or comma-separated project "
                            "names, not '--pre'"),
    ("--only-binary a;b", "req.txt:2: --only-binary 'a;b' is not"),
    ("--trusted-host", "req.txt:2: --trusted-host needs a value: a host name or host:port."),
    ("--trusted-host=", "req.txt:2: --trusted-host needs a value"),
    ("--trusted-host https://host/", "req.txt:2: --trusted-host needs a host name or host:port"),
])
def test_bad_values_in_a_file_name_the_file_and_line(tmp_path, capsys, server, line, message) -> None:
    req = tmp_path / "req.txt"
    req.write_text(f"alpha\n{line}\n")
    code = main(["lock", "-r", str(req), "--index-url", server.url, "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("stackwise: error: ") and message in err, err
    assert "Traceback" not in err and err.count("\n") == 1


def test_bad_values_on_the_command_line(tmp_path, capsys, server) -> None:
    code = main(["lock", "alpha", "--no-binary", "::bogus::", "--index-url", server.url, "--no-default-scores",
                 "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("stackwise: error: command line: --no-binary '::bogus::' is not"), err
    with pytest.raises(SystemExit) as exit_info:  # argparse: a flag without its value is a usage error
        main(["lock", "alpha", "--only-binary"])
    assert exit_info.value.code == 2
    assert "argument --only-binary: expected one argument" in capsys.readouterr().err


# -- lock reuse ------------------------------------------------------------------------------------


def test_a_lock_is_not_replayed_for_other_format_options(tmp_path, capsys, server, files) -> None:
    req = tmp_path / "req.txt"
    req.write_text("alpha\n")
    code, text, err = lock(tmp_path, capsys, server, "-r", str(req))
    assert code == 0 and pins_of(text) == {"alpha": "2.0"} and REUSED not in err
    code, text, err = lock(tmp_path, capsys, server, "-r", str(req))
    assert code == 0 and pins_of(text) == {"alpha": "2.0"} and REUSED in err
    # the same cache (its per-target digests too), another option: resolved again
    code, text, err = lock(tmp_path, capsys, server, "-r", str(req), "--only-binary", ":all:")
    assert code == 0 and pins_of(text) == {"alpha": "1.0"} and REUSED not in err, err
    code, text, err = lock(tmp_path, capsys, server, "-r", str(req), "--prefer-binary")
    assert code == 0 and pins_of(text) == {"alpha": "1.0"} and REUSED not in err, err
    # the option added to the file itself
    req.write_text("--only-binary :all:\nalpha\n")
    code, text, err = lock(tmp_path, capsys, server, "-r", str(req))
    assert code == 0 and pins_of(text) == {"alpha": "1.0"} and REUSED not in err, err
    code, text, err = lock(tmp_path, capsys, server, "-r", str(req))
    assert code == 0 and pins_of(text) == {"alpha": "1.0"} and REUSED in err
    req.write_text("alpha\n")
    code, text, err = lock(tmp_path, capsys, server, "-r", str(req), "--no-reuse")
    assert code == 0 and pins_of(text) == {"alpha": "2.0"}


# -- stackwise install -----------------------------------------------------------------------------


def make_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return path


def install(*argv: str) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "stackwise", "install", *argv], capture_output=True, text=True,
                          env={**os.environ, "PIP_CONFIG_FILE": os.devnull, "STACKWISE_CONFIG_FILE": os.devnull},
                          timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stderr


def test_install_fetches_the_format_the_options_allow(tmp_path, capsys, server, files) -> None:
    cache = str(tmp_path / "install-cache")
    # an --only-binary lock installs from wheels, without building anything
    code, text, err = lock(tmp_path, capsys, server, "alpha", "beta", "--only-binary", ":all:")
    assert code == 0, err
    only = tmp_path / "only.txt"
    only.write_text(text)
    venv = make_venv(tmp_path / "venv")
    code, err = install(str(only), "--target-venv", str(venv), "--index-url", server.url, "--no-build",
                        "--cache-dir", cache)
    assert code == 0, err
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert (site / "alpha-1.0.dist-info").is_dir() and (site / "beta-1.0.dist-info").is_dir()

    # a default lock lists beta's wheel and sdist: --no-binary beta makes the install take the
    # sdist (refused here by --no-build, which names the file it would have built)
    code, text, err = lock(tmp_path, capsys, server, "beta")
    both = tmp_path / "both.txt"
    both.write_text(text)
    venv2 = make_venv(tmp_path / "venv2")
    code, err = install(str(both), "--target-venv", str(venv2), "--index-url", server.url, "--no-build",
                        "--no-binary", "beta", "--cache-dir", cache)
    assert code == 1 and "beta-1.0.tar.gz" in err, err
    # the same option written in the lock does the same
    both.write_text("--no-binary beta\n" + text)
    code, err = install(str(both), "--target-venv", str(venv2), "--index-url", server.url, "--no-build",
                        "--cache-dir", cache)
    assert code == 1 and "beta-1.0.tar.gz" in err, err
    # alpha 2.0 has no wheel: --only-binary refuses it with a clear message
    code, text, err = lock(tmp_path, capsys, server, "alpha")
    latest = tmp_path / "latest.txt"
    latest.write_text(text)
    code, err = install(str(latest), "--target-venv", str(venv2), "--index-url", server.url,
                        "--only-binary", ":all:", "--cache-dir", cache)
    assert code == 1 and "alpha==2.0" in err and "--only-binary excludes sdists" in err, err


# -- against real pip ------------------------------------------------------------------------------


def pip(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
               PIP_CACHE_DIR=str(tmp_path / "pip-cache"))
    proc = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


def pip_picks(tmp_path: Path, *args: str) -> dict[str, tuple[str, str]]:
    """``name -> (version, file name)`` of what ``pip install --dry-run --report`` would install
    (``--no-build-isolation``: sdists are built with this environment's setuptools, offline)."""
    report = tmp_path / "pip-report.json"
    pip(tmp_path, "install", "--dry-run", "--ignore-installed", "--no-build-isolation", "--report", str(report),
        "-q", *args)
    data = json.loads(report.read_text())
    return {i["metadata"]["name"].lower(): (i["metadata"]["version"], i["download_info"]["url"].rsplit("/", 1)[1])
            for i in data["install"]}


W, S = "whl", "sdist"
#: options -> the formats whose hashes the lock lists for alpha and beta
CASES = [
    ((), {S}, {W, S}),
    (("--only-binary", ":all:"), {W}, {W}),
    (("--only-binary", "alpha"), {W}, {W, S}),
    (("--prefer-binary",), {W, S}, {W, S}),
    (("--no-binary", "alpha,beta"), {S}, {S}),
    (("--only-binary", ":all:", "--no-binary", "alpha"), {S}, {W}),
    (("--only-binary", ":all:", "--only-binary", ":none:"), {S}, {W, S}),
]


@pytest.mark.parametrize(("options", "alpha", "beta"), CASES, ids=[" ".join(c[0]) or "default" for c in CASES])
def test_same_versions_and_files_as_pip(tmp_path, capsys, server, files, options, alpha, beta) -> None:
    """The versions pip would install; the file pip picks for each is one the lock lists, and
    the lock lists no file of a format the options exclude."""
    picks = pip_picks(tmp_path, "--index-url", server.url, *options, "alpha", "beta")
    code, text, err = lock(tmp_path, capsys, server, "alpha", "beta", *options)
    assert code == 0, err
    pins = pins_of(text)
    assert pins == {name: version for name, (version, _) in picks.items()}
    for name, formats in (("alpha", alpha), ("beta", beta)):
        listed = hashes_of(text, name)
        assert digest(files, picks[name][1]) in listed
        expected = {digest(files, f"{name}-{pins[name]}-py3-none-any.whl" if f == W else f"{name}-{pins[name]}.tar.gz")
                    for f in formats}
        assert listed == expected, name


@pytest.mark.parametrize(("options", "expected"), [
    (("--only-binary", ":all:"), {"alpha": ("1.0", "alpha-1.0-py3-none-any.whl"),
                                  "beta": ("1.0", "beta-1.0-py3-none-any.whl")}),
    (("--no-binary", "beta"), {"alpha": ("2.0", "alpha-2.0.tar.gz"), "beta": ("1.0", "beta-1.0.tar.gz")}),
])
def test_pip_installs_the_lock_with_require_hashes_choosing_the_same_files(tmp_path, capsys, server, files, options,
                                                                           expected) -> None:
    code, text, err = lock(tmp_path, capsys, server, "alpha", "beta", *options)
    assert code == 0, err
    assert text.splitlines()[text.splitlines().index("#") + 1] == " ".join(options)  # the option, first
    written = tmp_path / "lock.txt"
    assert pip_picks(tmp_path, "--require-hashes", "--index-url", server.url, "-r", str(written)) == expected
    # plain pip honours the option line itself: without the lock's hashes it still picks these files
    bare = tmp_path / "bare.txt"
    bare.write_text(" ".join(options) + "\nalpha\nbeta\n")
    assert pip_picks(tmp_path, "--index-url", server.url, "-r", str(bare)) == expected


# -- --trusted-host --------------------------------------------------------------------------------


class TLSIndexServer(IndexServer):
    """The fixture index over HTTPS with a self-signed certificate (no client trusts it)."""

    def __init__(self, files_dir: Path, cert: Path, key: Path) -> None:
        super().__init__(files_dir)
        self._cert, self._key = cert, key

    def start(self) -> TLSIndexServer:
        super().start()
        assert self._httpd is not None
        self._httpd.shutdown()  # serve again on the same socket, wrapped in TLS
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self._cert, self._key)
        self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True)
        self.url = self.url.replace("http://", "https://")
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self


@pytest.fixture
def tls_server(tmp_path: Path, files: Path) -> Iterator[TLSIndexServer]:
    cert, key = self_signed(tmp_path)
    with TLSIndexServer(files, cert, key) as srv:
        yield srv


def test_trusted_host_skips_certificate_verification_for_that_host_only(tmp_path, capsys, tls_server, files) -> None:
    port = tls_server.url.split(":")[2].split("/")[0]
    code, text, err = lock(tmp_path, capsys, tls_server, "beta", "--timeout", "5")
    assert code == 1 and "TLS/SSL verification failed" in err and "--trusted-host HOST" in err, err
    code, text, err = lock(tmp_path, capsys, tls_server, "beta", "--trusted-host", "127.0.0.1:1")
    assert code == 1 and "TLS/SSL verification failed" in err, err  # another port of that host: still checked
    for trusted in ("127.0.0.1", f"127.0.0.1:{port}"):
        code, text, err = lock(tmp_path, capsys, tls_server, "beta", "--trusted-host", trusted, "--no-reuse")
        assert code == 0, err
        assert pins_of(text) == {"beta": "1.0"} and "Warning" not in err
    req = tmp_path / "req.txt"
    req.write_text(f"--trusted-host 127.0.0.1:{port}\nalpha\n")
    code, text, err = lock(tmp_path, capsys, tls_server, "-r", str(req), "--only-binary", ":all:", cache="cache2")
    assert code == 0, err
    assert pins_of(text) == {"alpha": "1.0"}
    # the install downloads over the same connection rules
    written = tmp_path / "only.txt"
    written.write_text(text)
    venv = make_venv(tmp_path / "venv")
    code, err = install(str(written), "--target-venv", str(venv), "--index-url", tls_server.url, "--no-build",
                        "--cache-dir", str(tmp_path / "icache"))
    assert code == 1 and "TLS/SSL verification failed" in err, err
    code, err = install(str(written), "--target-venv", str(venv), "--index-url", tls_server.url, "--no-build",
                        "--trusted-host", "127.0.0.1", "--cache-dir", str(tmp_path / "icache"))
    assert code == 0, err


# -- pip's configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize("config, env, args, alpha", [
    ("[global]\nonly-binary = :all:\n", {}, (), "1.0"),
    ("[install]\nonly-binary = alpha\n", {}, (), "1.0"),  # pip install's own section
    ("", {"PIP_ONLY_BINARY": ":all:"}, (), "1.0"),
    ("", {"PIP_PREFER_BINARY": "yes"}, (), "1.0"),
    ("[global]\nprefer-binary = false\n", {}, (), "2.0"),
    # the command line applies after the configuration; ":none:" clears what it set
    ("[global]\nonly-binary = alpha\n", {}, ("--only-binary", ":none:"), "2.0"),
    ("[global]\nonly-binary = :all:\n", {}, ("--no-binary", "alpha"), "2.0"),
])
def test_pips_configured_format_options_apply_before_the_command_line(tmp_path, capsys, server, monkeypatch,
                                                                      config, env, args, alpha) -> None:
    """pip reads only-binary/no-binary/prefer-binary from pip.conf and PIP_* variables, before its
    command line and requirements files; a lock under that configuration took the sdist-only
    release pip cannot install."""
    conf = tmp_path / "pip.conf"
    conf.write_text(config)
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, text, err = lock(tmp_path, capsys, server, "alpha", *args)
    assert code == 0, err
    assert pins_of(text) == {"alpha": alpha}, err
    # the configuration changed: not replayed
    conf.write_text("")
    for key in env:
        monkeypatch.delenv(key)
    code, text, err = lock(tmp_path, capsys, server, "alpha", *args)
    assert code == 0 and REUSED not in err, err
    assert pins_of(text) == {"alpha": "1.0" if "--only-binary" in args and ":all:" in args else "2.0"}


def test_a_bad_configured_format_value_is_a_clear_error(tmp_path, capsys, server, monkeypatch) -> None:
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\nonly-binary = ::bogus::\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    code, text, err = lock(tmp_path, capsys, server, "alpha")
    assert code != 0 and text == ""
    assert "pip's configuration (only-binary)" in err and "::bogus::" in err, err
