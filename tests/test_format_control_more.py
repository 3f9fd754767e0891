"""pip's format options where tests/test_format_control.py does not reach: ``--universal`` locks,
pip's configured constraint files, and the environments that build sdists.

Why: a universal lock lists only the files the options allow, so pip installing it must be told
the options too; pip applies the option lines of the constraint files its configuration names
(``PIP_CONSTRAINT``, ``constraint =``), so a lock under that configuration must not pick a
file pip refuses; and pip passes its format options to the pip that installs a build's
requirements, so a build requirement allowed only as a wheel is not built from its sdist.
Real pip on the same fixture index (127.0.0.1) is the reference throughout.

The index: ``alpha`` 2.0 ships only an sdist, ``alpha`` 1.0 a wheel and an sdist, ``beta`` 1.0
a wheel and an sdist (pip's default takes alpha 2.0; ``--only-binary`` takes alpha 1.0).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stackwise.cli import main
from support import IndexServer, build_wheel
from support.formats import build_format_index, digest, hashes_of
from support.locks import pins_of
from support.wheels import build_setuptools_sdist

REUSED = "reused the lock computed at"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_format_index(tmp_path_factory.mktemp("format-more-files"))


@pytest.fixture(scope="module")
def server(files: Path) -> Iterator[IndexServer]:
    with IndexServer(files) as srv:
        yield srv


def lock(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, *args: str,
         cache: str = "cache") -> tuple[int, str, str]:
    """``stackwise lock`` in-process: (exit code, lock text, stderr)."""
    out = tmp_path / "lock.txt"
    if out.exists():
        out.unlink()
    code = main(["lock", *args, "--index-url", url, "--no-default-scores", "--cache-dir", str(tmp_path / cache),
                 "-o", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, out.read_text() if out.exists() else "", err


def pip_picks(tmp_path: Path, *args: str, env: dict[str, str] | None = None,
              isolation: bool = False) -> dict[str, tuple[str, str]]:
    """``name -> (version, file name)`` of what ``pip install --dry-run --report`` would install;
    ``env`` adds PIP_* variables; sdists are built with this environment's setuptools unless
    ``isolation`` (then in pip's own isolated build environments, from the index)."""
    report = tmp_path / "pip-report.json"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    environ.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
                   PIP_CACHE_DIR=str(tmp_path / "pip-cache"))
    environ.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
                           *(() if isolation else ("--no-build-isolation",)), "--report", str(report), "-q", *args],
                          capture_output=True, text=True, env=environ, cwd=tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text())
    return {i["metadata"]["name"].lower(): (i["metadata"]["version"], i["download_info"]["url"].rsplit("/", 1)[1])
            for i in data["install"]}


# -- --universal -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("options", "expected"), [
    (("--only-binary", ":all:"), {"alpha": ("1.0", "alpha-1.0-py3-none-any.whl"),
                                  "beta": ("1.0", "beta-1.0-py3-none-any.whl")}),
    (("--no-binary", "beta"), {"alpha": ("2.0", "alpha-2.0.tar.gz"), "beta": ("1.0", "beta-1.0.tar.gz")}),
])
def test_a_universal_lock_writes_the_options_so_pip_installs_the_files_it_lists(tmp_path, capsys, server, files,
                                                                               options, expected) -> None:
    """The universal lock lists only the files the options allow; without the option line pip
    installing it with --require-hashes takes beta's wheel, whose hash is not there."""
    code, text, err = lock(tmp_path, capsys, server.url, "alpha", "beta", "--universal", "--isolated", *options)
    assert code == 0, err
    lines = text.splitlines()
    assert lines[lines.index("#") + 1] == " ".join(options)  # the option, first, as `stackwise lock` writes it
    for name, (version, filename) in expected.items():
        assert pins_of(text)[name] == version
        assert hashes_of(text, name) == {digest(files, filename)}
    # the same options and hashes as the single-environment lock
    code, single, err = lock(tmp_path, capsys, server.url, "alpha", "beta", "--isolated", *options)
    assert code == 0, err
    assert [x for x in single.splitlines() if x.startswith("--")] == [x for x in lines if x.startswith("--")]
    written = tmp_path / "universal.txt"
    written.write_text(text)
    assert pip_picks(tmp_path, "--require-hashes", "--index-url", server.url, "-r", str(written)) == expected


def test_a_universal_lock_without_options_writes_no_option_line(tmp_path, capsys, server) -> None:
    code, text, err = lock(tmp_path, capsys, server.url, "alpha", "--universal", "--isolated")
    assert code == 0, err
    assert not [x for x in text.splitlines() if x.startswith("--")]
    assert pins_of(text) == {"alpha": "2.0"}


# -- pip's configured constraint files --------------------------------------------------------------


#: (constraints file, pip.conf [global] lines, command line, requirements file lines)
CONSTRAINT_CASES = [
    ("--only-binary :all:\n", "", (), ""),
    ("--prefer-binary\n", "", (), ""),
    ("--only-binary=alpha --no-binary beta\n", "", (), ""),
    # pip: its configuration, the command line, the configured constraint files, then requirements files
    ("--only-binary :all:\n", "", ("--only-binary", ":none:"), ""),
    ("--only-binary :all:\n", "", (), "--only-binary :none:\n"),
    ("--only-binary :none:\n", "", (), "--only-binary :all:\n"),
    ("--only-binary :none:\n", "only-binary = :all:\n", (), ""),
]


@pytest.mark.parametrize("where", ["PIP_CONSTRAINT", "pip.conf"])
@pytest.mark.parametrize(("constraints", "conf", "cli", "req"), CONSTRAINT_CASES,
                         ids=[f"case{i}" for i in range(len(CONSTRAINT_CASES))])
def test_option_lines_of_pips_configured_constraint_files_apply_as_pip_applies_them(
        tmp_path, capsys, server, files, monkeypatch, where, constraints, conf, cli, req) -> None:
    cfile = tmp_path / "constraints.txt"
    cfile.write_text(constraints)
    pipconf = tmp_path / "pip.conf"
    pipconf.write_text("[global]\n" + conf + (f"constraint = {cfile}\n" if where == "pip.conf" else ""))
    env = {"PIP_CONFIG_FILE": str(pipconf), **({"PIP_CONSTRAINT": str(cfile)} if where == "PIP_CONSTRAINT" else {})}
    reqfile = tmp_path / "req.txt"
    reqfile.write_text(req + "alpha\nbeta\n")
    picks = pip_picks(tmp_path, "--index-url", server.url, *cli, "-r", str(reqfile), env=env)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, text, err = lock(tmp_path, capsys, server.url, "-r", str(reqfile), *cli)
    assert code == 0, err
    assert pins_of(text) == {name: version for name, (version, _) in picks.items()}
    for name, (_, filename) in picks.items():
        assert digest(files, filename) in hashes_of(text, name)
    # pip takes alpha 1.0's wheel (without --prefer-binary) or beta's sdist only when the options
    # exclude the other format: the lock must not list it either
    if picks["alpha"][1].endswith(".whl") and "prefer-binary" not in constraints:
        assert hashes_of(text, "alpha") == {digest(files, picks["alpha"][1])}
    if picks["beta"][1].endswith(".tar.gz"):
        assert hashes_of(text, "beta") == {digest(files, picks["beta"][1])}


@pytest.mark.parametrize(("cons", "req"), [
    ("--only-binary :all:\n", "--only-binary :none:\n"),
    ("--only-binary :none:\n", "--only-binary :all:\n"),
])
def test_command_line_constraint_files_are_read_before_requirements_files_as_pip_reads_them(
        tmp_path, capsys, server, cons, req) -> None:
    """pip reads ``-c`` files before ``-r`` files whatever their order on the command line, so
    the requirements file's option line is the later one (before: stackwise read ``-r`` first and
    locked alpha 1.0 where pip installs the sdist-only alpha 2.0)."""
    cfile, rfile = tmp_path / "c.txt", tmp_path / "r.txt"
    cfile.write_text(cons)
    rfile.write_text(req + "alpha\n")
    picks = pip_picks(tmp_path, "--index-url", server.url, "-r", str(rfile), "-c", str(cfile))
    code, text, err = lock(tmp_path, capsys, server.url, "-r", str(rfile), "-c", str(cfile), "--isolated")
    assert code == 0, err
    assert pins_of(text) == {name: version for name, (version, _) in picks.items()}


def test_a_changed_configured_constraint_file_is_not_replayed(tmp_path, capsys, server, monkeypatch) -> None:
    cfile = tmp_path / "constraints.txt"
    cfile.write_text("")
    monkeypatch.setenv("PIP_CONSTRAINT", str(cfile))
    code, text, err = lock(tmp_path, capsys, server.url, "alpha")
    assert code == 0 and pins_of(text) == {"alpha": "2.0"}, err
    cfile.write_text("--only-binary :all:\n")
    code, text, err = lock(tmp_path, capsys, server.url, "alpha")
    assert code == 0 and REUSED not in err, err
    assert pins_of(text) == {"alpha": "1.0"}
    assert "--only-binary :all:" in text.splitlines()  # pip installing the lock needs no PIP_CONSTRAINT


def test_a_bad_line_in_a_configured_constraint_file_names_the_file_and_line(tmp_path, capsys, server,
                                                                          monkeypatch) -> None:
    cfile = tmp_path / "constraints.txt"
    cfile.write_text("alpha<3\n--only-binary ::bogus::\n")
    monkeypatch.setenv("PIP_CONSTRAINT", str(cfile))
    code, text, err = lock(tmp_path, capsys, server.url, "alpha")
    assert code == 1 and text == ""
    assert err.startswith(f"stackwise: error: {cfile}:2: --only-binary '::bogus::' is not"), err


def test_a_universal_lock_applies_them_too(tmp_path, capsys, server, monkeypatch) -> None:
    cfile = tmp_path / "constraints.txt"
    cfile.write_text("--only-binary :all:\n")
    monkeypatch.setenv("PIP_CONSTRAINT", str(cfile))
    code, text, err = lock(tmp_path, capsys, server.url, "alpha", "--universal")
    assert code == 0, err
    assert pins_of(text) == {"alpha": "1.0"} and "--only-binary :all:" in text.splitlines()


def test_a_trusted_host_line_in_a_configured_constraint_file_is_trusted(tmp_path, capsys, files,
                                                                       monkeypatch) -> None:
    from support.tls import self_signed
    from test_format_control import TLSIndexServer

    cert, key = self_signed(tmp_path)
    with TLSIndexServer(files, cert, key) as tls:
        code, text, err = lock(tmp_path, capsys, tls.url, "beta", "--timeout", "5")
        assert code == 1 and "TLS/SSL verification failed" in err, err
        cfile = tmp_path / "constraints.txt"
        cfile.write_text("--trusted-host 127.0.0.1\n")
        monkeypatch.setenv("PIP_CONSTRAINT", str(cfile))
        code, text, err = lock(tmp_path, capsys, tls.url, "beta")
        assert code == 0, err
        assert pins_of(text) == {"beta": "1.0"}


def test_stackwise_install_applies_them(tmp_path, capsys, server) -> None:
    """A lock listing beta's wheel and sdist: ``--no-binary beta`` in PIP_CONSTRAINT's file makes
    the install take the sdist (refused by --no-build, which names the file)."""
    code, text, err = lock(tmp_path, capsys, server.url, "beta")
    assert code == 0, err
    written = tmp_path / "both.txt"
    written.write_text(text)
    cfile = tmp_path / "constraints.txt"
    cfile.write_text("--no-binary beta\n")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    environ = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "STACKWISE_CONFIG_FILE": os.devnull}
    argv = [sys.executable, "-m", "stackwise", "install", str(written), "--target-venv", str(venv),
            "--index-url", server.url, "--no-build", "--dry-run", "--cache-dir", str(tmp_path / "icache")]
    proc = subprocess.run(argv, capture_output=True, text=True, env=environ, timeout=300)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(argv, capture_output=True, text=True, env={**environ, "PIP_CONSTRAINT": str(cfile)},
                          timeout=300)
    assert proc.returncode == 1 and "beta-1.0.tar.gz" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


# -- sdist build environments --------------------------------------------------------------------


def _tiny_wheel_backend(name: str, version: str, *, module: str, metadata: str) -> str:
    """An in-tree PEP 517 backend (no metadata hook: front ends fall back to build_wheel) whose
    wheel holds ``module`` (a Python expression's text) and METADATA ``metadata`` (an expression)."""
    return f'''
import os, zipfile


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "{name}-{version}-py3-none-any.whl"
    info = "{name}-{version}.dist-info"
    files = {{
        info + "/METADATA": {metadata},
        info + "/WHEEL": "Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
        **({module}),
    }}
    files[info + "/RECORD"] = "".join(path + ",,\\n" for path in [*files, info + "/RECORD"])
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as zf:
        for path, text in files.items():
            zf.writestr(path, text)
    return name
'''


def _tiny_sdist(dest: Path, name: str, version: str, requires: list[str], backend: str) -> Path:
    pyproject = (f"[build-system]\nrequires = {json.dumps(requires)}\nbuild-backend = \"tinybackend\"\n"
                 "backend-path = [\".\"]\n")
    return build_setuptools_sdist(dest, name, version, ["from-pkg-info-must-be-ignored"],
                                  files={"pyproject.toml": pyproject, "tinybackend.py": backend})


@pytest.fixture(scope="module")
def build_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``helper``, a build requirement: 1.0 a wheel (CODE 1), 2.0 a wheel (CODE 2) and an sdist
    (built: CODE 3), 3.0 an sdist only (built: CODE 4). ``main-a`` (build requirement ``helper``)
    and ``main-b`` (``helper<3``), sdists whose built metadata requires ``depa``/``depb`` ==
    the CODE of the helper their build environment got: what the lock pins tells which file
    of helper the build's pip installed."""
    d = tmp_path_factory.mktemp("format-build-files")
    build_wheel(d, "helper", "1.0", files={"helper/__init__.py": 'CODE = "1"\n'})
    build_wheel(d, "helper", "2.0", files={"helper/__init__.py": 'CODE = "2"\n'})
    for version, code in (("2.0", "3"), ("3.0", "4")):
        module = f'{{"helper/__init__.py": "CODE = \\"{code}\\"\\n"}}'
        meta = f'"Metadata-Version: 2.1\\nName: helper\\nVersion: {version}\\n"'
        _tiny_sdist(d, "helper", version, [], _tiny_wheel_backend("helper", version, module=module, metadata=meta))
    for main_name, dep, requirement in (("main_a", "depa", "helper"), ("main_b", "depb", "helper<3")):
        meta = (f'"Metadata-Version: 2.1\\nName: {main_name}\\nVersion: 1.0\\nRequires-Dist: {dep}==" '
                '+ __import__("helper").CODE + "\\n"')
        _tiny_sdist(d, main_name, "1.0", [requirement],
                    _tiny_wheel_backend(main_name, "1.0", module="{}", metadata=meta))
        for code in "1234":
            build_wheel(d, dep, code)
    return d


@pytest.fixture(scope="module")
def build_server(build_files: Path) -> Iterator[IndexServer]:
    with IndexServer(build_files) as srv:
        yield srv


BUILD_CASES = [
    ((), {}, {"depa": "4", "depb": "2"}),
    (("--only-binary", "helper"), {}, {"depa": "2", "depb": "2"}),
    (("--prefer-binary",), {}, {"depa": "2", "depb": "2"}),
    (("--no-binary", "helper"), {}, {"depa": "4", "depb": "3"}),
    # pip gives its build's pip --no-binary, then --only-binary: the ":all:" empties the names,
    # so helper is a wheel there although the lock's own options let it be built
    (("--only-binary", ":all:", "--no-binary", "helper,main-a,main-b"), {}, {"depa": "2", "depb": "2"}),
    # the same from PIP_* variables set in the other order: the build's variables keep pip's order
    ((), {"PIP_ONLY_BINARY": ":all:", "PIP_NO_BINARY": "helper,main-a,main-b"}, {"depa": "2", "depb": "2"}),
    ((), {"PIP_PREFER_BINARY": "1"}, {"depa": "2", "depb": "2"}),
]


@pytest.mark.parametrize(("options", "env", "deps"), BUILD_CASES,
                         ids=[" ".join(c[0]) or " ".join(c[1]) or "default" for c in BUILD_CASES])
def test_sdist_builds_install_their_requirements_with_the_format_options(tmp_path, capsys, monkeypatch,
                                                                         build_server, options, env, deps) -> None:
    """pip's isolated builds (``pip install --dry-run --report`` with build isolation) are the
    reference: the versions stackwise pins after building main-a and main-b are pip's."""
    from packaging.utils import canonicalize_name

    picks = pip_picks(tmp_path, "--index-url", build_server.url, *options, "main-a", "main-b", isolation=True,
                      env=env)
    assert {n: v for n, (v, _) in picks.items() if n.startswith("dep")} == deps  # the fixture does what it says
    for key, value in env.items():  # in this order: after every other variable
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("PIP_CACHE_DIR", str(tmp_path / "build-pip-cache"))  # the builds' pip: no shared cache
    code, text, err = lock(tmp_path, capsys, build_server.url, "main-a", "main-b", *options)
    assert code == 0, err
    assert pins_of(text) == {canonicalize_name(name): version for name, (version, _) in picks.items()}, err


def test_the_builds_format_variables_replace_the_environments_own_in_pips_order(monkeypatch) -> None:
    from stackwise.index.build import build_environ
    from stackwise.index.config import IndexConfig
    from stackwise.index.formats import FormatControl

    monkeypatch.setenv("PIP_ONLY_BINARY", "x")
    monkeypatch.setenv("PIP_PREFER_BINARY", "1")
    monkeypatch.setenv("PIP_NO_BINARY", "y")
    fc = FormatControl().applied_all([("--only-binary", ":all:", "t"), ("--no-binary", "b,A", "t")])
    env = build_environ(IndexConfig(format_control=fc))
    assert [(k, env[k]) for k in env if k in ("PIP_NO_BINARY", "PIP_ONLY_BINARY", "PIP_PREFER_BINARY")] == [
        ("PIP_NO_BINARY", "a,b"), ("PIP_ONLY_BINARY", ":all:"), ("PIP_PREFER_BINARY", "0")]
    env = build_environ(IndexConfig(prefer_binary=True))
    assert (env["PIP_NO_BINARY"], env["PIP_ONLY_BINARY"], env["PIP_PREFER_BINARY"]) == (":none:", ":none:", "1")
