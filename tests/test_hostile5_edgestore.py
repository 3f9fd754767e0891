"""The remembered dependency edges (index/edgestore.py, format 2) read back from a damaged
cache: valid marshal data of the wrong shape (a bit flip, another build's rows under the
same format number) and a FIFO where a record file should be. Each is a miss - the lock
is the one an empty store gives - never a traceback, never a read that waits forever.
Real index server, real wheels, ``stackwise lock``.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

from support.locks import pins_of as pins
from test_edge_store import app_bonus_index, lock, walks_file


def _store(tmp_path: Path) -> Path:
    (path,) = (tmp_path / "cache" / "reach-v1").glob("*.marshal")
    return path


def _damaged(projects: dict, how: str) -> dict:
    out: dict = {}
    for name, (state, entries) in projects.items():
        out[name] = {
            "project-not-a-pair": 5,
            "project-short": (state,),
            "entries-not-a-dict": (state, ["x"]),
            "entry-not-a-pair": (state, {k: 5 for k in entries}),
            "entry-wrong-pair": (state, {k: (1, 2) for k in entries}),
            "edges-not-a-dict": (state, {k: (frozenset(), ["x"]) for k in entries}),
            "unavailable-key-not-a-string": (state, {k: ("unavailable", 5) for k in entries}),
        }[how]
    return out


SHAPES = ["project-not-a-pair", "project-short", "entries-not-a-dict", "entry-wrong-pair", "edges-not-a-dict",
          "unavailable-key-not-a-string"]


def test_a_store_of_the_wrong_shape_is_a_miss(tmp_path, index_factory, capsys):
    server = app_bonus_index(tmp_path, index_factory)
    expected, _ = lock(capsys, tmp_path, server.url)
    assert pins(expected) == {"app": "1.0", "bonus": "1.0"}
    path = _store(tmp_path)
    fmt, projects = marshal.loads(path.read_bytes())
    for how in SHAPES:
        path.write_bytes(marshal.dumps((fmt, _damaged(projects, how))))
        for record in (tmp_path / "cache" / "reach-v1").glob("*.walks/*"):
            record.unlink()  # so the edges are read, not the walk
        text, err = lock(capsys, tmp_path, server.url, "--offline")
        assert pins(text) == pins(expected) and "proven best" in err, (how, err)


def test_a_fifo_in_place_of_a_record_is_not_waited_on(tmp_path, index_factory, capsys):
    server = app_bonus_index(tmp_path, index_factory)
    expected, _ = lock(capsys, tmp_path, server.url)
    for path in (_store(tmp_path), walks_file(tmp_path)):
        path.unlink()
        os.mkfifo(path)
    args = ["lock", "-r", str(tmp_path / "req.in"), "--index-url", server.url, "--no-default-scores", "--offline",
            "--scores", str(tmp_path / "scores.json"), "--cache-dir", str(tmp_path / "cache"),
            "-o", str(tmp_path / "out.txt"), "--no-reuse"]
    proc = subprocess.run([sys.executable, "-m", "stackwise", *args], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert pins((tmp_path / "out.txt").read_text()) == pins(expected)
    assert _store(tmp_path).is_file()  # written again, in place of the FIFO
