"""The fixture index of the format-option tests, and reading hashes back from a lock.

Shared by tests/test_format_control.py and tests/test_format_control_more.py: ``alpha`` 2.0
ships only an sdist, ``alpha`` 1.0 and ``beta`` 1.0 a wheel and an sdist each.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .wheels import build_sdist, build_wheel


def build_format_index(d: Path) -> Path:
    build_wheel(d, "alpha", "1.0")
    build_sdist(d, "alpha", "1.0", metadata_version="2.2")
    build_sdist(d, "alpha", "2.0", metadata_version="2.2")  # the newest release: an sdist only
    build_wheel(d, "beta", "1.0")
    build_sdist(d, "beta", "1.0", metadata_version="2.2")
    return d


def digest(files: Path, name: str) -> str:
    return "sha256:" + hashlib.sha256((files / name).read_bytes()).hexdigest()


def hashes_of(text: str, name: str) -> set[str]:
    """The ``--hash`` values listed under ``name==...`` in a requirements lock."""
    out: set[str] = set()
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if "==" in line and not stripped.startswith(("#", "--")):
            current = line.split("==")[0].strip()
        elif stripped.startswith("--hash=") and current == name:
            out.add(stripped.split("=", 1)[1].rstrip(" \\"))
    return out
