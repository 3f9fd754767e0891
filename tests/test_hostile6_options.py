"""Hostile values for options and settings: a fractional number where a setting takes a whole
one (TOML ``scores-retries = 2.5`` was silently 2, ``port = 8080.5`` 8080), and a
--python-version whose minor version is astronomically large (the wheel tags of every minor
version below it were generated: the process grew until the kernel killed it).
Real files, the CLI in-process or in a child process with its memory capped.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from stackwise.cli import main
from support import make_index
from test_hostile_sweep import one_error


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_index(tmp_path_factory.mktemp("links"), {"alpha": {"1.0": []}})


def lock_args(links: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["lock", "alpha", *extra, "-f", str(links), "--no-index", "--isolated", "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")]


@pytest.mark.parametrize("setting", ["scores-retries = 2.5", "port = 8080.5", "scores-max-rules = 100.5"])
@pytest.mark.parametrize("where", ["pyproject", "user-config"])
def test_a_fractional_number_for_a_whole_number_setting_is_refused(links, tmp_path, monkeypatch, capsys, setting,
                                                                    where):
    if where == "pyproject":
        (tmp_path / "pyproject.toml").write_text(f"[tool.stackwise]\n{setting}\n")
        monkeypatch.chdir(tmp_path)
    else:
        config = tmp_path / "config.toml"
        config.write_text(f"{setting}\n")
        monkeypatch.setenv("STACKWISE_CONFIG_FILE", str(config))
    key = setting.split(" =")[0]
    one_error(main(lock_args(links, tmp_path)), capsys.readouterr().err, key, "expected a whole number"
              if key == "scores-retries" else "expected a")
    assert not (tmp_path / "out.txt").exists()


def test_a_whole_number_written_as_a_float_is_still_taken(links, tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text("[tool.stackwise]\nscores-max-bytes = 1e9\nport = 8080.0\n")
    monkeypatch.chdir(tmp_path)
    assert main(lock_args(links, tmp_path)) == 0, capsys.readouterr().err


def _capped_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (512 * 1024**2, 512 * 1024**2))  # never the machine's memory


def test_a_python_version_with_an_astronomical_minor_is_refused(links, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "stackwise", *lock_args(links, tmp_path, "--python-version",
                                                                        "3.999999999999999999999")],
                          capture_output=True, text=True, timeout=10, preexec_fn=_capped_memory)
    one_error(proc.returncode, proc.stderr, "--python-version")


@pytest.mark.parametrize("option", ["-o", "--report"])
def test_an_empty_output_name_is_refused_not_taken_for_standard_output(links, tmp_path, capsys, option):
    """`-o "$OUT"` with OUT unset wrote the lock to standard output and `--report ""` wrote no
    report, both with exit status 0; the second run replayed the same."""
    args = ["lock", "alpha", "-f", str(links), "--no-index", "--isolated", "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache")]
    assert main([*args, "-o", str(tmp_path / "first.txt")]) == 0  # a remembered lock to replay
    capsys.readouterr()
    extra = [option, ""] if option == "-o" else ["-o", str(tmp_path / "out.txt"), option, ""]
    for _ in range(2):
        code = main([*args, *extra])
        captured = capsys.readouterr()
        one_error(code, captured.err, "is empty")
        assert "alpha==1.0" not in captured.out
    assert not (tmp_path / "out.txt").exists()
