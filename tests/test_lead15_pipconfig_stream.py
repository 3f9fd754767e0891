"""``PIP_CONFIG_FILE`` naming an endless device (``/dev/zero``): pip's configuration loader
reads a file whole, so ``stackwise lock`` read until the memory ran out (pip itself is killed
for it). It is refused before pip's loader runs, in one error naming the file; ``os.devnull``
keeps meaning "no configuration files".
"""

from __future__ import annotations

import os
import subprocess
import sys

from test_hostile_sweep import one_error


def _capped_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))  # a MemoryError, not the machine's memory


def _lock(tmp_path, config_file: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=config_file, STACKWISE_LOCK_SERVER="0")
    return subprocess.run([sys.executable, "-m", "stackwise", "lock", "alpha", "-o", str(tmp_path / "out"),
                           "--cache-dir", str(tmp_path / "cache")], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120, preexec_fn=_capped_memory)


def test_an_endless_device_as_pip_config_file_is_one_error(tmp_path):
    proc = _lock(tmp_path, "/dev/zero")
    one_error(proc.returncode, proc.stderr, "/dev/zero", "device or pipe")
    assert not (tmp_path / "out").exists()


def test_the_null_device_still_means_no_configuration(tmp_path):
    """Not refused: the lock goes on to the index (none listens on pip's default index in the
    test environment's offline mode, so it fails there, about the index, not the config)."""
    env_index = "http://127.0.0.1:9/simple"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_INDEX_URL=env_index, STACKWISE_LOCK_SERVER="0")
    proc = subprocess.run([sys.executable, "-m", "stackwise", "lock", "alpha", "-o", str(tmp_path / "out"),
                           "--cache-dir", str(tmp_path / "cache")], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode != 0
    assert "device or pipe" not in proc.stderr
    assert "127.0.0.1:9" in proc.stderr
    assert "Traceback" not in proc.stderr
