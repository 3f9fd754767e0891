"""Test helpers shared by all test modules: real wheels, a real local index server.

Import as ``from support import make_index`` (pytest puts ``tests/`` on ``sys.path``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .indexserver import IndexServer
from .wheels import build_sdist, build_wheel

__all__ = ["FIXTURES", "IndexServer", "build_sdist", "build_wheel", "load_graph", "make_index", "run_ok"]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

Graph = Mapping[str, Mapping[str, Sequence[str]]]


def make_index(dest: Path, graph: Graph) -> Path:
    """Build one pure-python wheel per ``{name: {version: [requirements]}}`` entry into ``dest``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for name, versions in graph.items():
        for version, requires in versions.items():
            build_wheel(dest, name, version, list(requires))
    return dest


def load_graph(name: str) -> dict[str, dict[str, list[str]]]:
    """A graph stored as data under ``fixtures/<name>/graph.json`` (e.g. ``"seed"``)."""
    return json.loads((FIXTURES / name / "graph.json").read_text(encoding="utf-8"))


def run_ok(capsys: Any, *argv: str) -> str:
    """``stackwise ARGV`` in this process; it must exit 0 without a traceback. Its standard error."""
    from stackwise.cli import main

    capsys.readouterr()
    code = main(list(argv))
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    return err
