"""The release-age cooldown in ``--universal`` and ``--format pipfile-lock`` locks (#18 item 1).

Each environment's resolution, and the joint Pipfile plan, see the same
:class:`~stackwise.resolve.release_age.CooldownSource` as ``stackwise lock``; the universal
lock filtered by an environment's markers must equal that environment's single lock under the
same ``--min-release-age``. A real index on 127.0.0.1 serves PEP 691 JSON with PEP 700
``upload-time``; no mocks.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker

from stackwise.cli import main
from stackwise.commands.universal import environments
from stackwise.lockfiles import read_lock
from support import build_wheel
from support.timedindex import TimedIndex, stamp

# name -> version -> (requirements, days since upload, Requires-Python)
GRAPH: dict[str, dict[str, tuple[list[str], float, str | None]]] = {
    "app": {"1.0": (["lib", "winlib; sys_platform == 'win32'"], 400, None),
            "1.1": (["lib", "winlib; sys_platform == 'win32'"], 2, None)},
    "lib": {"1.0": ([], 500, None), "1.5": ([], 100, ">=3.12"), "2.0": ([], 1, None)},
    "winlib": {"1.0": ([], 300, None), "1.1": ([], 1, None)},
    "tool": {"1.0": (["lib"], 200, None), "2.0": (["lib"], 3, None)},
}
ENVS = "sys_platform == 'linux' or sys_platform == 'win32'"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    directory = tmp_path_factory.mktemp("cooldown-modes")
    times = {}
    for name, versions in GRAPH.items():
        for version, (requires, days, python) in versions.items():
            times[build_wheel(directory, name, version, requires, requires_python=python).name] = stamp(days)
    server = TimedIndex(directory)
    server.upload_times = times
    server.start()
    yield server
    server.stop()


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    out = tmp_path / "out.lock"
    out.unlink(missing_ok=True)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["lock", *args, "--isolated", "--cache-dir", str(tmp_path / "cache"), "--no-reuse",
                     "--no-default-scores", "-o", str(out)])
    return code, out.read_text() if out.exists() else "", err.getvalue()


def pins_for(path: Path, markers: dict[str, str]) -> dict[str, str]:
    env = dict(markers, extra="")
    return {p.name: p.version for p in read_lock(path).packages if p.marker is None or Marker(p.marker).evaluate(env)}


def test_universal_lock_filtered_per_environment_equals_the_single_lock_under_the_cooldown(
        index: TimedIndex, tmp_path: Path) -> None:
    universal = tmp_path / "universal.txt"
    code, text, err = run(tmp_path, "app", "-i", index.url, "--universal", "--environment", ENVS,
                          "--min-release-age", "7d")
    assert code == 0, err
    universal.write_text(text)
    assert "not applied" not in err
    assert "lib==2.0" not in text and "app==1.1" not in text and "winlib==1.1" not in text
    assert "newer release(s) skipped: 2.0 uploaded 1 day ago (--min-release-age 7d)" in err
    assert "app 1.0 — newer release(s) skipped: 1.1 uploaded 2 days ago (--min-release-age 7d)" in err
    ns = type("Args", (), {"cpu_flags": None, "cuda_version": None, "environment": [ENVS]})()
    seen = set()
    for env in environments(ns):  # type: ignore[arg-type]
        code, single, err = run(tmp_path, "app", "-i", index.url, "--platform",
                                env.platform, "--python-version", env.python, "--min-release-age", "7d")
        assert code == 0, err
        path = tmp_path / f"single-{env.platform}-{env.python}.txt"
        path.write_text(single)
        expected = {p.name: p.version for p in read_lock(path).packages}
        assert pins_for(universal, env.target.markers) == expected, env.label
        assert expected["lib"] != "2.0" and expected["app"] == "1.0"
        seen.add(tuple(sorted(expected.items())))
    assert len(seen) >= 3  # lib 1.0 / 1.5 by Python, winlib on Windows only

    # without the cooldown the same universal lock takes the young releases
    code, text, err = run(tmp_path, "app", "-i", index.url, "--universal", "--environment", ENVS)
    assert code == 0 and "lib==2.0" in text and "app==1.1" in text


def test_universal_lock_keeps_a_young_exact_pin_with_a_warning(index: TimedIndex, tmp_path: Path) -> None:
    code, text, err = run(tmp_path, "app", "lib==2.0", "-i", index.url, "--universal", "--environment",
                          "sys_platform == 'linux'", "--min-release-age", "7d", "-q")
    assert code == 0, err
    assert "lib==2.0" in text and "app==1.0" in text
    assert "lib==2.0 was uploaded 1 day ago, inside --min-release-age 7d, but you pinned exactly" in err


def pipfile(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "Pipfile"
    path.write_text(f'[[source]]\nurl = "{url}"\nverify_ssl = false\nname = "fixture"\n\n'
                    '[packages]\napp = "*"\n\n[dev-packages]\ntool = "*"\n', encoding="utf-8")
    return path


def locked(text: str, section: str) -> dict[str, str]:
    return {n: e["version"].removeprefix("==") for n, e in json.loads(text)[section].items()}


def test_pipfile_lock_applies_the_cooldown_to_the_joint_plan(index: TimedIndex, tmp_path: Path) -> None:
    path = pipfile(tmp_path, index.url)
    code, text, err = run(tmp_path, "--format", "pipfile-lock", "-p", str(path), "--python-version", "3.11",
                          "--min-release-age", "7d")
    assert code == 0, err
    assert "not applied" not in err
    assert locked(text, "default") == {"app": "1.0", "lib": "1.0"}
    assert locked(text, "develop") == {"tool": "1.0", "lib": "1.0"}
    assert "stackwise: [default] app 1.0 — newer release(s) skipped: 1.1 uploaded 2 days ago" in err
    assert "stackwise: [develop] tool 1.0 — newer release(s) skipped: 2.0 uploaded 3 days ago" in err
    assert "lib 1.0 — newer release(s) skipped: 2.0 uploaded 1 day ago (--min-release-age 7d)" in err

    code, text, err = run(tmp_path, "--format", "pipfile-lock", "-p", str(path), "--python-version", "3.11")
    assert code == 0 and locked(text, "default") == {"app": "1.1", "lib": "2.0"}

    # the universal Pipfile.lock: every environment's joint plan under the same cooldown
    code, text, err = run(tmp_path, "--format", "pipfile-lock", "-p", str(path), "--universal", "--environment",
                          "sys_platform == 'linux' and python_version < '3.12'", "--min-release-age", "7d")
    assert code == 0, err
    assert locked(text, "default") == {"app": "1.0", "lib": "1.0"}
    assert locked(text, "develop") == {"tool": "1.0", "lib": "1.0"}
    assert "app 1.0 — newer release(s) skipped: 1.1 uploaded 2 days ago (--min-release-age 7d)" in err
