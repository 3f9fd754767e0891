"""IndexConfig.from_pip and pip_index_settings: the same indexes pip itself would use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pip._internal.models.index import PyPI

from stackwise.errors import StackwiseError
from stackwise.index.config import IndexConfig
from stackwise.integrations.pip_config import pip_index_settings


def test_defaults_to_pips_default_index() -> None:
    settings = pip_index_settings()
    files = settings.pop("files")
    assert settings == {"index_url": PyPI.simple_url, "extra_index_urls": [], "find_links": [],
                        "no_index": False, "constraints": [], "requirements": [], "format_options": [],
                        "prefer_binary": False, "pre": False, "trusted_hosts": []}
    assert IndexConfig.from_pip().index_urls == (PyPI.simple_url,)
    # Every file pip might read, whether it exists or not: PIP_CONFIG_FILE, user and site files.
    assert os.path.abspath(os.devnull) in files
    assert any(f.startswith(os.path.expanduser("~")) for f in files)


def test_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:1/simple")
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "http://127.0.0.1:2/simple  file:///srv/more")
    monkeypatch.setenv("PIP_FIND_LINKS", "/srv/wheels")
    config = IndexConfig.from_pip(extra_index_urls=["http://127.0.0.1:3/simple"], ttl=None, cache_dir="/tmp/x")
    assert config.index_urls == ("http://127.0.0.1:1/simple", "http://127.0.0.1:2/simple", "file:///srv/more",
                                 "http://127.0.0.1:3/simple")
    assert config.find_links == ("/srv/wheels",) and config.ttl == 600.0 and config.cache_dir == Path("/tmp/x")
    # --isolated ignores the environment, like pip --isolated
    assert pip_index_settings(isolated=True)["index_url"] == PyPI.simple_url


def test_config_file_and_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = tmp_path / "pip.conf"
    conf.write_text(
        "[global]\nindex-url = http://127.0.0.1:4/simple\nextra-index-url =\n    file:///a\n    file:///b\n"
        "constraint = /etc/c.txt\nrequirement = r1.txt\n[install]\nfind-links = /w1 /w2\n"
        "[download]\nfind-links = /ignored\n"
    )
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    settings = pip_index_settings()
    assert str(conf) in settings.pop("files")
    assert settings == {"index_url": "http://127.0.0.1:4/simple", "extra_index_urls": ["file:///a", "file:///b"],
                        "find_links": ["/w1", "/w2"], "no_index": False, "constraints": ["/etc/c.txt"],
                        "requirements": ["r1.txt"], "format_options": [], "prefer_binary": False, "pre": False,
                        "trusted_hosts": []}
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "file:///env")
    monkeypatch.setenv("PIP_NO_INDEX", "yes")
    config = IndexConfig.from_pip()
    assert config.no_index and config.index_urls == () and config.find_links == ("/w1", "/w2")
    assert config.constraints == ("/etc/c.txt",)


def test_devnull_disables_config_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("HOME", str(tmp_path))
    user = tmp_path / ".config" / "pip"
    user.mkdir(parents=True)
    (user / "pip.conf").write_text("[global]\nindex-url = http://127.0.0.1:5/simple\n")
    assert pip_index_settings()["index_url"] == PyPI.simple_url


def test_bad_boolean_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIP_NO_INDEX", "perhaps")
    with pytest.raises(StackwiseError, match="no-index"):
        pip_index_settings()


def test_explicit_index_still_applies_pip_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # pip keeps configured extra indexes, find-links and constraints when --index-url is given.
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\nextra-index-url = http://127.0.0.1:7/extra\nfind-links = /wh\nconstraint = /c.txt\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    c = IndexConfig.from_pip(index_url="http://127.0.0.1:6/simple", extra_index_urls=["file:///x"])
    assert c.index_urls == ("http://127.0.0.1:6/simple", "http://127.0.0.1:7/extra", "file:///x")
    assert c.find_links == ("/wh",)
    assert c.constraints == ("/c.txt",)
    assert IndexConfig.from_pip(no_index=True, find_links=["/w"]).index_urls == ()


def test_invalid_values_are_stackwise_errors() -> None:
    with pytest.raises(StackwiseError, match="TTL"):
        IndexConfig(ttl=-1)
    with pytest.raises(StackwiseError, match="timeout"):
        IndexConfig(timeout=0)
