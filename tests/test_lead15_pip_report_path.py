"""``stackwise pip install --stackwise-report PATH`` where PATH cannot be written (a directory,
a missing directory, an empty name): pip installed everything first and the report then failed
with only a warning. Now refused before pip starts, like ``stackwise lock -o``: one error,
exit status 1, nothing installed. Real pip in a fresh venv against a fixture index on 127.0.0.1.
"""

from __future__ import annotations

import pytest

from test_pip_integration import SEED_SCORES, Venv


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


@pytest.mark.parametrize("where", ["dir", "missing", "empty"])
def test_unwritable_report_path_refused_before_pip_installs(tmp_path, seed_index, where):
    venv = Venv(tmp_path / "venv")
    path = {"dir": str(tmp_path), "missing": str(tmp_path / "no-such-dir" / "r.json"), "empty": ""}[where]
    proc = venv.stackwise("pip", "install", "--index-url", seed_index.url, "--scores", SEED_SCORES,
                          "simplelib", "--stackwise-report", path, check=False)
    assert proc.returncode == 1, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("stackwise: error:")]
    assert len(errors) == 1 and "--stackwise-report" in errors[0], proc.stderr
    assert "simplelib" not in venv.installed()
    assert not (tmp_path / "no-such-dir").exists()


def test_writable_report_path_still_written(tmp_path, seed_index):
    venv = Venv(tmp_path / "venv")
    report = tmp_path / "sw.json"
    venv.stackwise("pip", "install", "--index-url", seed_index.url, "--scores", SEED_SCORES,
                   "simplelib", "--stackwise-report", str(report))
    assert "simplelib" in venv.installed()
    assert report.is_file()
