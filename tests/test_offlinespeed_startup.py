"""Start-up work a fresh ``stackwise lock`` skips: the collector is paused from the command's
first import on (not only around the resolution), and the user directories come without
importing platformdirs where its answer is the plain XDG one -- the same answers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _python(code: str, tmp_path: Path, **env_changes: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STACKWISE_", "XDG_"))}
    env["PYTHONPATH"] = SRC
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)


def test_a_lock_makes_no_collection_while_it_imports(tmp_path: Path) -> None:
    proc = _python("""
        import gc, sys
        from stackwise import cli
        seen = []  # collections before the lock command's own module was even imported
        gc.callbacks.append(lambda phase, info: phase == "start"
                            and "stackwise.commands.lock" not in sys.modules and seen.append(info))
        sys.argv = ["stackwise", "lock", "-r", "missing.txt", "--offline", "--no-reuse", "--cache-dir", "c"]
        status = cli.main()
        print(len(seen), status, "stackwise.commands.lock" in sys.modules, gc.isenabled())
    """, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "1", "True", "True"], proc.stdout + proc.stderr
    assert "missing.txt" in proc.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="the computed case is Linux's")
@pytest.mark.parametrize("env", [
    {},
    {"XDG_CONFIG_HOME": "/x/conf/", "XDG_CACHE_HOME": "/x/cache"},
    {"XDG_CONFIG_HOME": "relative/conf", "XDG_CACHE_HOME": ""},
    {"HOME": "/"},
    {"HOME": "relative-home"},
    {"ANDROID_DATA": "/data", "ANDROID_ROOT": "/system"},
])
def test_user_directories_are_platformdirs_answers(tmp_path: Path, env: dict[str, str]) -> None:
    proc = _python("""
        import sys
        from stackwise.config import user_config_path
        from stackwise.index.layout import cache_dir
        ours = [str(user_config_path()), cache_dir(None)]
        plain = "platformdirs" not in sys.modules
        import platformdirs
        theirs = [platformdirs.user_config_dir("stackwise") + "/config.toml", platformdirs.user_cache_dir("stackwise")]
        print(ours == theirs, plain, ours, theirs)
    """, tmp_path, **env)
    assert proc.returncode == 0, proc.stderr
    same, plain = proc.stdout.split()[:2]
    assert same == "True", proc.stdout
    home = env.get("HOME", os.environ.get("HOME", ""))
    plain_case = home.startswith("/") and "ANDROID_DATA" not in env and env.get("XDG_CONFIG_HOME", "/")[:1] in ("", "/")
    if plain_case:  # answered without importing platformdirs
        assert plain == "True", proc.stdout
