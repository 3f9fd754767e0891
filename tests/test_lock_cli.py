"""``stackwise lock`` end to end: real wheels on a real HTTP index on 127.0.0.1.

Covers the seed example's three expected outcomes, the lock/report formats, that the lock
installs with real pip under --require-hashes, and every bad-input path (clear message,
non-zero exit, no traceback, no output file left behind).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stackwise.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED_SCORES = str(ROOT / "fixtures" / "seed" / "scores.json")


def pins_of(lock_text: str) -> dict[str, str]:
    pins = {}
    for line in lock_text.splitlines():
        if "==" in line and not line.lstrip().startswith(("#", "--")):
            name, _, rest = line.partition("==")
            pins[name.strip().split("[")[0]] = rest.split()[0]
    return pins


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


def lock(tmp_path, index_url, *args, cache=None):
    out = tmp_path / "requirements.txt"
    cache = cache or tmp_path / "cache"
    code = main(["lock", *args, "--index-url", index_url, "--isolated", "--cache-dir", str(cache), "-o", str(out)])
    return code, out


def test_seed_default_recommendation(tmp_path, seed_index, capsys):
    code, out = lock(tmp_path, seed_index.url, "simplelib", "anotherlib", "--scores", SEED_SCORES,
                     "--report", str(tmp_path / "report.json"))
    assert code == 0
    text = out.read_text()
    assert pins_of(text) == {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}
    assert text.count("--hash=sha256:") == 4
    err = capsys.readouterr().err
    decision_lines = [line for line in err.splitlines() if "(pip:" in line]
    assert len(decision_lines) == 3  # simplelib, dependency1 (added), dependency2
    assert any(line.startswith("stackwise: simplelib 1.0 (pip: 2.0) — performance:") for line in decision_lines)
    assert any("dependency2 1.0 (pip: 2.0) — stability:" in line and "https://example.org/" in line
               for line in decision_lines)
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["proven_best"] is True
    assert report["recommendation"] == "stable"
    by_name = {p["name"]: p for p in report["packages"]}
    assert by_name["simplelib"]["newest"] == "2.0" and by_name["simplelib"]["pip_version"] == "2.0"
    assert [r["id"] for r in by_name["simplelib"]["rules"]] == ["seed/simplelib-1-dependency1-1"]
    assert by_name["simplelib"]["score"] > 0
    assert {d["name"] for d in report["decisions"]} == {"simplelib", "dependency1", "dependency2"}


def test_seed_performance_and_latest(tmp_path, seed_index):
    code, out = lock(tmp_path, seed_index.url, "simplelib", "anotherlib", "--scores", SEED_SCORES,
                     "--recommendation", "performance")
    assert code == 0
    assert pins_of(out.read_text()) == {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}
    code, out = lock(tmp_path, seed_index.url, "simplelib", "anotherlib", "--scores", SEED_SCORES,
                     "--recommendation", "latest")
    assert code == 0
    assert pins_of(out.read_text()) == {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "1.0"}


def test_seed_empty_kb_is_pip(tmp_path, seed_index, capsys):
    code, out = lock(tmp_path, seed_index.url, "simplelib", "anotherlib", "--no-default-scores")
    assert code == 0
    assert pins_of(out.read_text()) == {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "2.0"}
    assert "0 decision(s) differ from pip" in capsys.readouterr().err


def test_requirements_file_constraints_and_via(tmp_path, seed_index):
    req = tmp_path / "requirements.in"
    con = tmp_path / "constraints.txt"
    con.write_text("dependency2<2\n")
    req.write_text("# top-level\nsimplelib  # the app\n-c constraints.txt\n")
    code, out = lock(tmp_path, seed_index.url, "-r", str(req), "--no-default-scores")
    assert code == 0
    text = out.read_text()
    assert pins_of(text) == {"simplelib": "2.0", "dependency2": "1.0"}
    assert f"# via -r {req}" in text
    assert "# via simplelib" in text


def test_lock_installs_with_real_pip_require_hashes(tmp_path, seed_index):
    code, out = lock(tmp_path, seed_index.url, "simplelib", "anotherlib", "--scores", SEED_SCORES)
    assert code == 0
    target = tmp_path / "site"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--require-hashes", "--no-deps", "--target", str(target),
         "--index-url", seed_index.url, "--no-cache-dir", "--disable-pip-version-check", "-r", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    installed = sorted(p.name for p in target.glob("*.dist-info"))
    assert installed == ["anotherlib-2.0.dist-info", "dependency1-1.0.dist-info",
                         "dependency2-1.0.dist-info", "simplelib-1.0.dist-info"]


def test_explain_lists_rules(capsys):
    assert main(["explain", "dependency2", "--scores", SEED_SCORES]) == 0
    out = capsys.readouterr().out
    assert "anotherlib==2.0 with dependency2==2.0: veto" in out
    assert main(["explain", "dependency2==1.0", "--scores", SEED_SCORES, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rules"] == []
    assert main(["explain", "jinja2==2.11.3", "--json"]) == 0  # shipped curated knowledge
    data = json.loads(capsys.readouterr().out)
    assert data["rules"][0]["rule"]["link"].startswith("https://")


def test_pinned_vetoed_version_is_kept_with_warning(tmp_path, seed_index, capsys):
    code, out = lock(tmp_path, seed_index.url, "anotherlib==2.0", "dependency2==2.0", "--scores", SEED_SCORES)
    assert code == 0
    assert pins_of(out.read_text()) == {"anotherlib": "2.0", "dependency2": "2.0"}
    assert "pinned by you" in capsys.readouterr().err


# -- bad input: clear one-paragraph error, non-zero exit, no traceback, no file -------------


def assert_clean_failure(code, out, capsys, *needles):
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    assert err.startswith("stackwise: error: ")
    for needle in needles:
        assert needle in err, err
    assert not out.exists()
    return err


def test_unknown_package(tmp_path, seed_index, capsys):
    code, out = lock(tmp_path, seed_index.url, "no-such-package")
    assert_clean_failure(code, out, capsys, "no-such-package")


def test_unsatisfiable_shows_conflict_chain(tmp_path, index_factory, capsys):
    server = index_factory({"a": {"1.0": ["c>=2"]}, "b": {"1.0": ["c<2"]}, "c": {"1.0": [], "2.0": []}})
    code, out = lock(tmp_path, server.url, "a", "b")
    assert_clean_failure(code, out, capsys, "a==1.0 depends on c>=2", "b==1.0 depends on c<2")


def test_malformed_requirement_line(tmp_path, seed_index, capsys):
    req = tmp_path / "req.in"
    req.write_text("simplelib\nanotherlib >>> 2\n")
    code, out = lock(tmp_path, seed_index.url, "-r", str(req))
    assert_clean_failure(code, out, capsys, f"{req}:2", "invalid requirement")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("not json at all", "not valid JSON"),
        ('{"format": "stackwise-scores", "version": 99, "rules": []}', "unsupported score file version 99"),
        ('{"format": "other", "version": 1, "rules": []}', '"format" must be'),
        ('{"format": "stackwise-scores", "version": 1, "rules": [{"package": "a", "score": 3, '
         '"category": "stability", "message": "m", "link": "https://example.org", "source": "s"}]}',
         "rule #1: \"score\" must be a number in [-1, 1], got 3"),
        ("", "empty"),
    ],
)
def test_bad_score_file(tmp_path, seed_index, capsys, content, needle):
    scores = tmp_path / "scores.json"
    scores.write_text(content)
    code, out = lock(tmp_path, seed_index.url, "simplelib", "--scores", str(scores))
    assert_clean_failure(code, out, capsys, str(scores), needle)


@pytest.mark.parametrize("fault", ["500", "garbage"])
def test_index_failure(tmp_path, index_factory, seed_graph, capsys, fault):
    server = index_factory(seed_graph, fault=fault)
    code, out = lock(tmp_path, server.url, "simplelib")
    assert_clean_failure(code, out, capsys, "127.0.0.1")


def test_failed_run_keeps_existing_lock(tmp_path, seed_index, capsys):
    out = tmp_path / "requirements.txt"
    out.write_text("previous lock\n")
    code, _ = lock(tmp_path, seed_index.url, "no-such-package")
    assert code != 0
    assert out.read_text() == "previous lock\n"


def test_offline_uses_cache_without_requests(tmp_path, seed_index):
    cache = tmp_path / "shared-cache"
    args = ("simplelib", "anotherlib", "--scores", SEED_SCORES)
    code, _ = lock(tmp_path, seed_index.url, *args, cache=cache)
    assert code == 0
    seed_index.clear_log()
    code, out = lock(tmp_path, seed_index.url, *args, "--offline", cache=cache)
    assert code == 0
    assert seed_index.requests_log == []
    assert pins_of(out.read_text()) == {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}


def test_offline_with_missing_metadata_fails_clearly(tmp_path, seed_index, capsys):
    cache = tmp_path / "shared-cache"
    code, _ = lock(tmp_path, seed_index.url, "simplelib", "anotherlib", "--no-default-scores", cache=cache)
    assert code == 0
    (tmp_path / "requirements.txt").unlink()
    capsys.readouterr()
    seed_index.clear_log()
    # The seed veto needs dependency2 1.0 or anotherlib 1.0, whose metadata was never fetched.
    code, out = lock(tmp_path, seed_index.url, "simplelib", "anotherlib", "--scores", SEED_SCORES,
                     "--offline", cache=cache)
    assert_clean_failure(code, out, capsys, "not in the stackwise cache", "--offline")
    assert seed_index.requests_log == []


def test_hash_pinned_input_is_refused_not_ignored(tmp_path, seed_index, capsys):
    req = tmp_path / "req.in"
    req.write_text("simplelib==2.0 --hash=sha256:" + "0" * 64 + "\n")
    code, out = lock(tmp_path, seed_index.url, "-r", str(req))
    assert_clean_failure(code, out, capsys, f"{req}:1", "--hash")


def test_extras_resolve_like_pip(tmp_path, index_factory):
    from support import build_wheel, make_index

    files = make_index(tmp_path / "files", {"base": {"1.0": [], "2.0": []}, "fast": {"1.0": ["base<2"]},
                                            "plain": {"1.0": ["base", "fast; extra == 'speed'"]}})
    build_wheel(files, "app", "1.0", ["base"], extras={"speed": ["fast"]})
    server = index_factory(files_dir=files)
    code, out = lock(tmp_path, server.url, "app[speed]", "--no-default-scores")
    assert code == 0
    text = out.read_text()
    assert pins_of(text) == {"app": "1.0", "base": "1.0", "fast": "1.0"}
    assert "app[speed]==1.0" in text
    # Like pip, an extra the release does not declare (no Provides-Extra) adds nothing.
    code, out = lock(tmp_path, server.url, "plain[speed]", "--no-default-scores")
    assert code == 0
    assert pins_of(out.read_text()) == {"plain": "1.0", "base": "2.0"}
