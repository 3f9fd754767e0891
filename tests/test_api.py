"""The Python API (``stackwise.lock``, ``stackwise.explain``) against a real index on 127.0.0.1.

The examples in docs/api.md run here as written; the API's lock, report, decision lines,
explanations and error messages are compared with what ``stackwise lock`` / ``explain``
write and print for the same inputs, since the command line is a layer over the same code.
"""

from __future__ import annotations

import ast
import io
import json
import re
import shutil
import socket
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

import stackwise
from stackwise.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED_SCORES = ROOT / "fixtures" / "seed" / "scores.json"
SRC = ROOT / "src" / "stackwise"


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


def python_blocks(path: Path) -> list[tuple[int, str]]:
    """The ```python blocks of a Markdown file, with the line each starts on."""
    text = path.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1))
            for m in re.finditer(r"^```python\n(.*?)^```$", text, flags=re.S | re.M)]


def test_docs_api_examples_run(tmp_path, seed_index, monkeypatch, capsys):
    blocks = python_blocks(ROOT / "docs" / "api.md")
    assert len(blocks) >= 6
    shutil.copy(SEED_SCORES, tmp_path / "scores.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIP_INDEX_URL", seed_index.url)  # "pip's configuration names a local index"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    namespace: dict[str, object] = {"__name__": "docs_api"}
    out = io.StringIO()
    with redirect_stdout(out):
        for line, code in blocks:
            exec(compile(code, f"docs/api.md, block at line {line}", "exec"), namespace)  # noqa: S102
    assert (tmp_path / "requirements.txt").read_text() == namespace["result"].text
    printed = out.getvalue()
    assert "score +0.125, " in printed
    assert "dependency2 1.0 (pip: 2.0) — stability: anotherlib 2.0 together with dependency2 2.0" in printed
    # The explanation printed in the docs is what `stackwise explain` prints.
    capsys.readouterr()
    assert main(["explain", "anotherlib==2.0", "--scores", "scores.json"]) == 0
    assert capsys.readouterr().out in printed
    assert capsys.readouterr().err == ""  # the API printed nothing itself


def _cli_lock(tmp_path, url, *args):
    out, report = tmp_path / "cli.lock", tmp_path / "cli-report.json"
    code = main(["lock", *args, "--index-url", url, "--isolated", "--cache-dir", str(tmp_path / "cache"),
                 "-o", str(out), "--report", str(report)])
    assert code == 0
    return out.read_text(), json.loads(report.read_text())


def _without_command_line(text: str) -> list[str]:
    lines = text.splitlines()
    return lines[:1] + lines[2:]  # line 2 is how the lock was made: the command line, or the API


@pytest.mark.parametrize("fmt", ["requirements", "pylock"])
def test_api_lock_is_the_cli_lock(tmp_path, seed_index, capsys, fmt):
    text, report = _cli_lock(tmp_path, seed_index.url, "simplelib", "anotherlib", "--scores", str(SEED_SCORES),
                             "--format", fmt)
    err = capsys.readouterr().err
    result = stackwise.lock(["simplelib", "anotherlib"], scores=[str(SEED_SCORES)], index_url=seed_index.url,
                            isolated=True, cache_dir=str(tmp_path / "cache"), format=fmt, report=True)
    assert capsys.readouterr().err == ""
    assert _without_command_line(result.text) == _without_command_line(text)
    assert "stackwise.lock() (Python API)" in result.text.splitlines()[1]
    for doc in (report, result.report):
        doc.pop("seconds")
    assert result.report == report
    assert result.versions() == {p["name"]: p["version"] for p in report["packages"]}
    assert {n: list(p.hashes) for n, p in result.pins.items()} == {p["name"]: sorted(p["hashes"])
                                                                     for p in report["packages"]}
    assert [f"stackwise: {d.line}" for d in result.decisions] == [
        line for line in err.splitlines() if "(pip:" in line]
    assert (result.proven, result.verdict, round(result.score, 6)) == (True, "proven best", report["score"])


@pytest.mark.parametrize(("requirements", "options"), [
    (["nosuchpkg"], {}),
    (["simplelib>5"], {}),
    (["simple lib"], {}),
    ([], {}),
    (["simplelib"], {"scores": ["missing-scores.json"]}),
    (["simplelib"], {"rules": ["missing-rules.toml"]}),
    (["simplelib"], {"constraints": ["missing-constraints.txt"]}),
])
def test_api_errors_are_the_cli_messages(tmp_path, seed_index, monkeypatch, capsys, requirements, options):
    monkeypatch.chdir(tmp_path)
    base = ["--index-url", seed_index.url, "--isolated", "--cache-dir", str(tmp_path / "cli-cache")]
    argv = ["lock", *requirements, *base]
    for key, flag in (("scores", "--scores"), ("rules", "--rules"), ("constraints", "-c")):
        for value in options.get(key, ()):
            argv += [flag, value]
    assert main(argv) != 0
    err = capsys.readouterr().err
    with pytest.raises(stackwise.StackwiseError) as caught:
        stackwise.lock(requirements, index_url=seed_index.url, isolated=True,
                       cache_dir=str(tmp_path / "api-cache"), **options)  # both start cold
    assert err.endswith(f"stackwise: error: {caught.value}\n")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("options", "message"), [
    ({"recommendation": "newest"}, "recommendation 'newest' is not one of: latest, stable"),
    ({"format": "pipfile-lock"}, "format 'pipfile-lock' is not one of: requirements, pylock"),
    ({"time_budget": -1}, "time_budget: "),
    ({"time_budget": float("nan")}, "time_budget: "),
    ({"timeout": 0}, "timeout must be a positive number of seconds, not 0"),
    ({"target": "3.12"}, "target must be a stackwise.Target, not str"),
    ({"target": stackwise.Target(platform="beos")}, "platform 'beos' is not one of: linux, macos, windows"),
    ({"target": stackwise.Target(python_version="abc")}, "--python-version 'abc' is not a Python 3 version"),
    ({"cache_ttl": "soon"}, "cache_ttl must be a number of seconds, not 'soon'"),
])
def test_api_refuses_what_the_parser_refuses(options, message):
    with pytest.raises(stackwise.StackwiseError, match=re.escape(message)):
        stackwise.lock(["simplelib"], offline=True, **options)


def test_target_cpu_flags_are_a_set_of_names():
    assert stackwise.Target(cpu_flags="avx2, avx512f").cpu_flags == frozenset({"avx2", "avx512f"})
    assert stackwise.Target(cpu_flags=["avx2"]).cpu_flags == frozenset({"avx2"})  # type: ignore[arg-type]
    assert stackwise.Target(cpu_flags="").cpu_flags is None  # detected, as without --cpu-flags


def test_api_refuses_non_string_requirements():
    with pytest.raises(stackwise.StackwiseError, match=r"requirements must be strings, not int \(3\)"):
        stackwise.lock(["simplelib", 3])  # type: ignore[list-item]


def test_score_service_warnings_are_returned_not_printed(tmp_path, seed_index, capsys):
    with socket.socket() as s:  # a port nobody listens on: the service is unreachable
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = stackwise.lock(["simplelib"], scores=[f"http://127.0.0.1:{port}/"], index_url=seed_index.url,
                            isolated=True, cache_dir=str(tmp_path / "cache"), default_scores=False)
    assert capsys.readouterr().err == ""
    assert result.versions() == {"simplelib": "2.0", "dependency2": "2.0"}  # pip's order
    assert any(f"score service http://127.0.0.1:{port} is unavailable" in w for w in result.warnings)


@pytest.mark.parametrize("package", ["simplelib", "anotherlib==2.0", "dependency1==9"])
def test_api_explain_is_the_cli_explain(tmp_path, seed_index, capsys, package):
    options = ["--scores", str(SEED_SCORES), "--index-url", seed_index.url, "--isolated", "--cache-dir",
               str(tmp_path / "cache")]
    assert main(["explain", package, *options]) == 0
    text = capsys.readouterr().out
    assert main(["explain", package, *options, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    info = stackwise.explain(package, scores=[str(SEED_SCORES)], index_url=seed_index.url, isolated=True,
                             cache_dir=str(tmp_path / "cache"))
    assert info.text() == text
    assert info.to_json() == doc
    assert info.index is not None and info.index["summary"] in text


def test_api_explain_bad_name_is_the_cli_message(capsys):
    assert main(["explain", "not a name"]) != 0
    err = capsys.readouterr().err
    with pytest.raises(stackwise.StackwiseError) as caught:
        stackwise.explain("not a name")
    assert err == f"stackwise: error: {caught.value}\n"


def test_import_stackwise_loads_nothing_else():
    code = ("import sys; import stackwise; before = sorted(m for m in sys.modules if m.startswith('stackwise')); "
            "stackwise.lock; after = sorted(m for m in sys.modules if m.startswith('stackwise')); "
            "print(before); print('stackwise.api' in after)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["['stackwise']", "True"]
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        stackwise.nothing_here  # noqa: B018


def test_no_argparse_below_commands():
    """argparse objects stay in commands/ and cli.py: nothing else imports argparse, and
    nothing reads options off an ``args`` object (the API and the CLI share typed options)."""
    importers = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("commands/") or rel == "cli.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if "argparse" in names:
                importers.append(rel)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                    and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "args"):
                importers.append(f"{rel}: getattr(args, ...)")
    # pip_resolver parses the `stackwise pip` option string into its own typed options.
    assert sorted(set(importers)) == ["integrations/pip_resolver.py"]
