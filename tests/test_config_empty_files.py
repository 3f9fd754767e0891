"""An empty configuration file is no configuration, read without importing a TOML parser
(config.py; ~2-3 ms of every command's start-up, issue #16); anything else is parsed and
checked as before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stackwise.config import ConfigError, Settings, load_settings

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.mark.parametrize("text", [b"", b"\n", b"  \r\n\t\n"])
def test_an_empty_file_is_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: bytes) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(text)
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", str(config))
    assert load_settings() == Settings()


@pytest.mark.parametrize(("text", "message"), [
    (b"# only a comment\n", None),
    (b"scores-ttl = 5\n", None),
    (b"scores-ttl = \n", "not valid TOML"),
    (b"\xff\xfe = 1\n", "not UTF-8 text"),
])
def test_other_files_are_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: bytes,
                                message: str | None) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(text)
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", str(config))
    if message is None:
        assert load_settings().scores_ttl == (5.0 if b"5" in text else Settings().scores_ttl)
    else:
        with pytest.raises(ConfigError, match=message):
            load_settings()


def test_no_parser_is_imported_for_an_empty_configuration(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": SRC, "STACKWISE_CONFIG_FILE": os.devnull}
    code = "import sys; from stackwise.config import load_settings; load_settings(); print('tomllib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                         check=True).stdout.strip()
    assert out == "False"
    (tmp_path / "pyproject.toml").write_text("[tool.stackwise]\nscores-ttl = 7\n")
    out = subprocess.run([sys.executable, "-c", code.replace("print('tomllib' in sys.modules)",
                                                             "print(load_settings().scores_ttl)")],
                         capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout.strip()
    assert out == "7.0"
