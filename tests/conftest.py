"""Fixtures shared by every test module: isolation from the user's pip setup, caches, indexes."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from support import IndexServer, load_graph, make_index

# The Ctrl-C tests (test_errors_signals.py, test_hostile_sweep.py, ...) stand for a user at a terminal. A test run
# started in the background by a non-interactive shell inherits SIGINT ignored, and every child process would keep
# ignoring it (an ignored signal survives exec), so those tests would hang for a reason outside stackwise: give the
# children the default disposition back.
if hasattr(signal, "SIGINT") and signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: three workers per two cores (at least 2). Many tests wait rather than compute:
    real pip and Pipenv in subprocesses, servers on loopback, sleeps that stand in for slow
    builds or services (test_budgetsearch_veto_order uses 5 s of CPU in 19 s), so one worker
    per core leaves cores idle. The suite is built to pass on a loaded machine."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(2, cores * 3 // 2)


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the machine's pip configuration or PIP_* variables, nor a shared cache."""
    for key in list(os.environ):
        if key.startswith("PIP_") or key.startswith("STACKWISE_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    # No resident lock process (on by default for repeated locks) outliving a test; its own
    # tests (test_lock_server*.py) turn it on.
    monkeypatch.setenv("STACKWISE_LOCK_SERVER", "0")


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """A fresh, per-test stackwise cache directory."""
    path = tmp_path / "cache"
    path.mkdir()
    return path


@pytest.fixture
def seed_graph() -> dict[str, dict[str, list[str]]]:
    """The seed example graph (fixtures/seed/graph.json)."""
    return load_graph("seed")


@pytest.fixture
def index_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., IndexServer]]:
    """``index_factory(graph=None, *, files_dir=None, **server_options) -> IndexServer``.

    Builds wheels for ``graph`` (``{name: {version: [requirements]}}``) into a fresh
    directory (or ``files_dir``), starts an :class:`IndexServer` on it and stops it at
    teardown. Server options: api, pep658, yanked, range_requests, fault, max_age, ...
    """
    servers: list[IndexServer] = []

    def factory(graph: Any = None, *, files_dir: Path | None = None, **options: Any) -> IndexServer:
        directory = Path(files_dir) if files_dir is not None else tmp_path_factory.mktemp("index-files")
        if graph:
            make_index(directory, graph)
        server = IndexServer(directory, **options).start()
        servers.append(server)
        return server

    yield factory
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def build_links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A find-links directory holding setuptools (and wheel if needed) for PEP 517 build
    environments, taken from this machine; skips the test when there is none."""
    from test_sdist_build import _build_wheels

    wheels, reason = _build_wheels()
    if not wheels:
        pytest.skip(reason)
    links = tmp_path_factory.mktemp("build-links")
    for wheel in wheels:
        shutil.copy(wheel, links / wheel.name)
    return links
