"""pip's configured ``pre`` (``PIP_PRE=1``, ``pre = true`` in pip.conf) allows pre-releases, as ``--pre`` does.

stackwise read pip's configured indexes, find-links, constraint files and format options
(integrations/pip_config.py), but not ``pre``: under ``PIP_PRE=1`` pip installs alpha 2.0rc1
and ``stackwise lock`` pinned 1.0. Real pip, an index on 127.0.0.1.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from stackwise.cli import main
from support import IndexServer, build_wheel
from support.locks import pins_of
from test_format_control_more import pip_picks


@pytest.fixture
def srv(tmp_path: Path, index_factory: Callable[..., IndexServer]) -> IndexServer:
    files = tmp_path / "files"
    build_wheel(files, "alpha", "1.0")
    build_wheel(files, "alpha", "2.0rc1")
    return index_factory(files_dir=files)


@pytest.mark.parametrize("how", ["PIP_PRE", "pip.conf"])
def test_pips_configured_pre_allows_pre_releases(tmp_path, capsys, monkeypatch, srv, how) -> None:
    for key in [k for k in os.environ if k.startswith("PIP_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    if how == "PIP_PRE":
        env = {"PIP_PRE": "1", "PIP_INDEX_URL": srv.url, "PIP_CONFIG_FILE": os.devnull}
    else:
        conf = tmp_path / "pip.conf"
        conf.write_text(f"[global]\nindex-url = {srv.url}\npre = true\n")
        env = {"PIP_CONFIG_FILE": str(conf)}
    assert pip_picks(tmp_path, "alpha", env=env)["alpha"][0] == "2.0rc1"
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    out = tmp_path / "lock.txt"
    code = main(["lock", "alpha", "--no-default-scores", "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert pins_of(out.read_text()) == {"alpha": "2.0rc1"}


@pytest.mark.parametrize("value,expected", [("0", "1.0"), ("no", "1.0"), ("maybe", None)])
def test_pips_configured_pre_off_or_invalid(tmp_path, capsys, monkeypatch, srv, value, expected) -> None:
    for key in [k for k in os.environ if k.startswith("PIP_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    for key, val in {"PIP_PRE": value, "PIP_INDEX_URL": srv.url, "PIP_CONFIG_FILE": os.devnull}.items():
        monkeypatch.setenv(key, val)
    out = tmp_path / "lock.txt"
    code = main(["lock", "alpha", "--no-default-scores", "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    err = capsys.readouterr().err
    if expected is None:  # pip refuses such a value too ("invalid truth value")
        assert code == 1, err
        assert "sets pre to 'maybe'" in err and "not a boolean" in err and "Traceback" not in err and not out.exists()
    else:
        assert code == 0, err
        assert pins_of(out.read_text()) == {"alpha": expected}
