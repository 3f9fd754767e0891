"""pip's configuration remembered in the cache directory: used again without importing pip,
and never once anything pip reads has changed (files, PIP_* variables, pip itself).

Each reading runs in a fresh interpreter, as a ``stackwise lock`` does, so the tests can see
whether pip was imported; every answer is compared with pip's own answer at that moment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stackwise.index.config import IndexConfig
from stackwise.integrations.pip_config import MEMO_NAME, pip_index_settings

_READ = (
    "import json, sys\n"
    "from stackwise.integrations.pip_config import pip_index_settings\n"
    "cache = sys.argv[1] if len(sys.argv) > 1 else None\n"
    "s = pip_index_settings(cache=cache)\n"
    "print(json.dumps([s, 'pip._internal.configuration' in sys.modules]))\n"
)


def read(cache: Path | None, cwd: Path) -> tuple[dict, bool]:
    """(settings, whether pip was imported) from a fresh interpreter."""
    args = [sys.executable, "-c", _READ] + ([str(cache)] if cache is not None else [])
    proc = subprocess.run(args, capture_output=True, text=True, env=dict(os.environ), cwd=cwd, timeout=120)
    assert proc.returncode == 0, proc.stderr
    settings, imported = json.loads(proc.stdout)
    return settings, imported


def check(cache: Path, cwd: Path, *, remembered: bool) -> dict:
    """The cached answer equals pip's own answer now; ``remembered``: pip was not imported."""
    got, imported = read(cache, cwd)
    truth, _ = read(None, cwd)
    assert got == truth
    assert imported is not remembered
    return got


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private home: user configuration files under the test's control."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


def test_a_changed_config_file_is_noticed_even_with_the_same_size_and_mtime(
    home: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\nindex-url = http://127.0.0.1:1/a\n[install]\nfind-links = /w1\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    first = check(cache_dir, tmp_path, remembered=False)
    assert first["index_url"] == "http://127.0.0.1:1/a" and first["find_links"] == ["/w1"]
    assert (cache_dir / MEMO_NAME).is_file()
    if os.name == "posix":  # index URLs may carry tokens: private, like the file they came from may be
        assert (cache_dir / MEMO_NAME).stat().st_mode & 0o077 == 0
    assert check(cache_dir, tmp_path, remembered=True) == first

    stat = conf.stat()
    conf.write_text("[global]\nindex-url = http://127.0.0.1:1/b\n[install]\nfind-links = /w2\n")
    os.utime(conf, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime: only the content differs
    second = check(cache_dir, tmp_path, remembered=False)
    assert second["index_url"] == "http://127.0.0.1:1/b" and second["find_links"] == ["/w2"]
    assert check(cache_dir, tmp_path, remembered=True) == second


def test_user_files_appearing_and_disappearing_are_noticed(
    home: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PIP_CONFIG_FILE")  # user (and site, global) files are read
    before = check(cache_dir, tmp_path, remembered=False)
    check(cache_dir, tmp_path, remembered=True)

    user = home / ".config" / "pip" / "pip.conf"
    user.parent.mkdir(parents=True)
    user.write_text("[install]\nextra-index-url = http://127.0.0.1:2/user\n")
    added = check(cache_dir, tmp_path, remembered=False)
    assert added["extra_index_urls"] == ["http://127.0.0.1:2/user"]
    check(cache_dir, tmp_path, remembered=True)

    legacy = home / ".pip" / "pip.conf"  # the legacy file, overridden by the new one
    legacy.parent.mkdir()
    legacy.write_text("[global]\ntimeout = 7\n")
    assert check(cache_dir, tmp_path, remembered=False)["timeout"] == 7.0

    user.unlink()
    legacy.unlink()
    assert check(cache_dir, tmp_path, remembered=False) == before


def test_pip_variables_and_the_config_file_variable_are_part_of_the_key(
    home: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check(cache_dir, tmp_path, remembered=False)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:3/env")
    assert check(cache_dir, tmp_path, remembered=False)["index_url"] == "http://127.0.0.1:3/env"
    assert check(cache_dir, tmp_path, remembered=True)["index_url"] == "http://127.0.0.1:3/env"
    monkeypatch.setenv("PIP_NO_INDEX", "yes")
    assert check(cache_dir, tmp_path, remembered=False)["no_index"] is True
    other = tmp_path / "other.conf"
    other.write_text("[global]\nfind-links = /other\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(other))
    assert check(cache_dir, tmp_path, remembered=False)["find_links"] == ["/other"]
    # A relative PIP_CONFIG_FILE names another file in another directory.
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "rel.conf").write_text("[global]\nfind-links = /sub\n")
    (tmp_path / "rel.conf").write_text("[global]\nfind-links = /top\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", "rel.conf")
    assert check(cache_dir, tmp_path, remembered=False)["find_links"] == ["/top"]
    assert check(cache_dir, tmp_path / "sub", remembered=False)["find_links"] == ["/sub"]
    # Back to an earlier environment: its answer is still remembered.
    monkeypatch.delenv("PIP_NO_INDEX")
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    assert check(cache_dir, tmp_path, remembered=True)["index_url"] == "http://127.0.0.1:3/env"


def test_another_pip_is_noticed(home: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgrade rewrites pip's files; a pip earlier on the path changes the key."""
    import pip

    site = tmp_path / "site"
    shutil.copytree(Path(pip.__file__).parent, site / "pip", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("PYTHONPATH", str(site))
    got, imported = read(cache_dir, tmp_path)
    assert imported
    assert read(cache_dir, tmp_path) == (got, False)
    init = site / "pip" / "__init__.py"
    init.write_text(init.read_text() + "\n# upgraded\n")
    assert read(cache_dir, tmp_path) == (got, True)
    assert read(cache_dir, tmp_path) == (got, False)
    monkeypatch.delenv("PYTHONPATH")  # the installed pip again: another key
    assert read(cache_dir, tmp_path) == (got, True)


def test_isolated_and_commands_are_remembered_apart(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:4/env")
    plain = pip_index_settings(cache=str(cache_dir))
    isolated = pip_index_settings(isolated=True, cache=str(cache_dir))
    assert plain["index_url"] == "http://127.0.0.1:4/env" and isolated["index_url"] != plain["index_url"]
    assert pip_index_settings(cache=str(cache_dir)) == plain
    assert pip_index_settings(isolated=True, cache=str(cache_dir)) == isolated
    assert len(json.loads((cache_dir / MEMO_NAME).read_text())) == 2


def test_no_cache_directory_is_created_and_a_damaged_memo_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "not-yet"
    IndexConfig.from_pip(cache_dir=missing)
    assert not missing.exists()  # reading settings creates no cache directory

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / MEMO_NAME).write_text("{not json")
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:5/simple")
    assert IndexConfig.from_pip(cache_dir=cache).index_urls == ("http://127.0.0.1:5/simple",)
    records = json.loads((cache / MEMO_NAME).read_text())
    assert [r["settings"]["index_url"] for r in records.values()] == ["http://127.0.0.1:5/simple"]
    (cache / MEMO_NAME).write_text('{"x": [1]}')  # valid JSON of another shape
    assert IndexConfig.from_pip(cache_dir=cache).index_urls == ("http://127.0.0.1:5/simple",)


def test_cache_clear_forgets_the_remembered_settings(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stackwise.cli import main

    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:6/simple")
    IndexConfig.from_pip(cache_dir=cache_dir)
    assert (cache_dir / MEMO_NAME).is_file()
    assert main(["cache", "clear", "--cache-dir", str(cache_dir)]) == 0
    assert not (cache_dir / MEMO_NAME).exists()
