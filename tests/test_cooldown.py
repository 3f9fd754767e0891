"""The release-age cooldown and stability signal (issue #18 item 1): ``--min-release-age``.

A real index on 127.0.0.1 serves PEP 691 JSON with PEP 700 ``upload-time`` per file; times
are set relative to now, so "uploaded 2 days ago" means what it says. The same wheels served
as HTML only give no upload times. No mocks: the CLI and the API run for real.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

import stackwise
from stackwise.cli import main
from stackwise.errors import StackwiseError
from stackwise.index.config import IndexConfig
from stackwise.index.simple import parse_json, parse_upload_time
from stackwise.resolve.release_age import (
    ReleaseAgeError,
    age_text,
    parse_min_release_age,
    unstable_releases,
)
from support import build_wheel
from support.timedindex import DAY, NOW, TimedIndex
from support.timedindex import stamp as _stamp

# name -> version -> (requirements, days since upload; None: no upload-time given)
GRAPH: dict[str, dict[str, tuple[list[str], float | None]]] = {
    "app": {"1.0": (["lib>=1"], 400), "1.1": (["lib>=1"], 30), "1.2": (["lib>=1"], 2)},
    "lib": {"1.0": ([], 500), "1.1": ([], 100), "2.0": ([], 1)},
    "fixed": {"1.0": ([], 300), "1.1": ([], 200), "1.2": ([], 1), "1.3": ([], 0.5)},
    "fresh": {"1.0": ([], 0.2)},
    "series": {"2.0.0": ([], 60), "2.0.1": ([], 59), "2.1.0": ([], 20)},
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    directory = tmp_path_factory.mktemp("cooldown-files")
    times: dict[str, str] = {}
    for name, versions in GRAPH.items():
        for version, (requires, days) in versions.items():
            wheel = build_wheel(directory, name, version, requires)
            if days is not None:
                times[wheel.name] = _stamp(days)
    return directory, times


@pytest.fixture
def index(files: tuple[Path, dict[str, str]]) -> TimedIndex:
    directory, times = files
    server = TimedIndex(directory)
    server.upload_times = dict(times)
    server.start()
    yield server
    server.stop()


def lock(tmp_path: Path, url: str, *args: str, cache: Path | None = None) -> tuple[int, str, str]:
    """``stackwise lock`` -> (exit code, lock text, stderr)."""
    import contextlib
    import io

    out = tmp_path / "lock.txt"
    if out.exists():
        out.unlink()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["lock", *args, "-i", url, "--isolated", "--cache-dir", str(cache or tmp_path / "cache"),
                     "--no-reuse", "--no-default-scores", "--no-hashes", "-o", str(out)])
    return code, out.read_text() if out.exists() else "", err.getvalue()


def pins(text: str) -> dict[str, str]:
    return dict(line.split("==", 1) for line in text.splitlines() if "==" in line and not line.startswith("#"))


def advisory_scores(tmp_path: Path, package: str, spec: str, advisory: str = "GHSA-test-0001") -> Path:
    path = tmp_path / "advisories.json"
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": f"adv-{package}", "package": package, "specifier": spec, "score": -0.9, "category": "security",
         "message": f"a vulnerability of {package}", "link": "https://example.org/advisory",
         "source": f"osv:{advisory}"}]}))
    return path


# -- the index client keeps upload times -------------------------------------------------------


def test_json_pages_give_upload_times_and_html_pages_none(files: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient

    directory, times = files
    for api, known in (("json", True), ("html", False)):
        server = TimedIndex(directory, api=api)
        server.upload_times = dict(times)
        with server:
            config = IndexConfig.from_pip(index_url=server.url, isolated=True, cache_dir=str(tmp_path / api))
            for attempt in ("cold", "warm (digest)"):
                with IndexClient(config, TargetEnvironment.current()) as client:
                    project = client.project("lib")
                    got = {str(r.version): client.upload_time(r) for r in project.releases}
                if known:
                    assert got["2.0"] is not None and abs(got["2.0"] - (NOW - DAY)) < 2, attempt
                    assert abs(got["1.0"] - (NOW - 500 * DAY)) < 2, attempt
                else:
                    assert set(got.values()) == {None}, attempt


def test_upload_time_parsing_and_release_time_is_the_earliest_file() -> None:
    assert parse_upload_time("2024-01-02T03:04:05.123456Z") == 1704164645
    assert parse_upload_time("2024-01-02T03:04:05.1Z") == 1704164645  # any number of fraction digits
    assert parse_upload_time("2024-01-02T04:04:05+01:00") == 1704164645
    for bad in ("yesterday", "", None, 17, "2024-13-02T00:00:00Z"):
        assert parse_upload_time(bad) is None
    doc = {"meta": {"api-version": "1.1"}, "files": [
        {"filename": "p-1.0-py3-none-any.whl", "url": "p-1.0-py3-none-any.whl", "hashes": {},
         "upload-time": "2024-01-02T00:00:00Z"},
        {"filename": "p-1.0.tar.gz", "url": "p-1.0.tar.gz", "hashes": {}, "upload-time": "2024-01-01T00:00:00Z"},
        {"filename": "p-2.0.tar.gz", "url": "p-2.0.tar.gz", "hashes": {}, "upload-time": "garbage"}]}
    rows = [row for _, row in parse_json(json.dumps(doc).encode(), "https://example.org/simple/p/")]
    assert [row[9] for row in rows] == [1704153600, 1704067200, None]


def test_previous_cache_layout_is_migrated_never_misread(index: TimedIndex, tmp_path: Path) -> None:
    """Rows stored by layout 5 have no upload times: kept for --offline (times unknown, said
    once), made stale so the next online run fetches them again with their times."""
    cache = tmp_path / "cache"
    code, text, _ = lock(tmp_path, index.url, "lib", cache=cache)
    assert code == 0 and pins(text)["lib"] == "2.0"
    db = cache / "index-v1.sqlite3"
    conn = sqlite3.connect(db)
    for url, version, rows in conn.execute("SELECT url, version, rows FROM page_files").fetchall():
        old = [row[:9] for row in json.loads(rows)]  # what layout 5 stored
        conn.execute("UPDATE page_files SET rows=? WHERE url=? AND version=?", (json.dumps(old), url, version))
    conn.execute("UPDATE pages SET fetched_at=?", (time.time(),))  # fresh: a v5 run would not refetch
    conn.execute("DELETE FROM digests")
    conn.execute("PRAGMA user_version=5")
    conn.commit()
    conn.close()

    index.clear_log()
    code, text, err = lock(tmp_path, index.url, "lib", "--min-release-age", "7d", "--offline", cache=cache)
    assert code == 0 and pins(text)["lib"] == "2.0", err  # offline: the old rows, their times unknown
    assert "gives no upload time (PEP 700)" in err and "lib" in err
    assert index.requests_log == []
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 9

    code, text, err = lock(tmp_path, index.url, "lib", "--min-release-age", "7d", cache=cache)
    assert code == 0 and pins(text)["lib"] == "1.1", err  # online: fetched again, with times
    assert "/simple/lib/" in index.requests_log
    assert "no upload time" not in err


# -- the cooldown -----------------------------------------------------------------------------


def test_min_release_age_holds_back_young_releases_and_says_so(index: TimedIndex, tmp_path: Path) -> None:
    code, text, err = lock(tmp_path, index.url, "app")
    assert code == 0 and pins(text) == {"app": "1.2", "lib": "2.0"}

    code, text, err = lock(tmp_path, index.url, "app", "--min-release-age", "7d")
    assert code == 0, err
    assert pins(text) == {"app": "1.1", "lib": "1.1"}
    assert "app 1.1 — newer release(s) skipped: 1.2 uploaded 2 days ago (--min-release-age 7d)" in err
    assert "lib 1.1 — newer release(s) skipped: 2.0 uploaded 1 day ago (--min-release-age 7d)" in err
    assert "no upload time" not in err

    code, text, err = lock(tmp_path, index.url, "app", "--min-release-age", "36h")
    assert pins(text) == {"app": "1.2", "lib": "1.1"}  # lib 2.0 is 24 h old (held), app 1.2 48 h (not)

    code, text, err = lock(tmp_path, index.url, "app", "--min-release-age", "1w", "--min-release-age-exempt", "LIB")
    assert pins(text) == {"app": "1.1", "lib": "2.0"}  # exempt, by any spelling

    date = datetime.fromtimestamp(NOW - 10 * DAY, tz=timezone.utc).strftime("%Y-%m-%d")
    code, text, err = lock(tmp_path, index.url, "app", "--min-release-age", date)
    assert code == 0 and pins(text) == {"app": "1.1", "lib": "1.1"}, err  # app 1.1 is 30 days old: before it
    assert f"(--min-release-age {date})" in err


def test_a_conflict_names_the_cooldown_and_an_exact_pin_wins_with_a_warning(index: TimedIndex, tmp_path: Path) -> None:
    code, text, err = lock(tmp_path, index.url, "lib>=2", "--min-release-age", "7d")
    assert code != 0 and text == ""
    assert "2.0: uploaded 1 day ago (--min-release-age 7d)" in err
    assert "Traceback" not in err

    code, text, err = lock(tmp_path, index.url, "fresh", "--min-release-age", "7d")
    # NOW is taken when the suite starts: 0.2 days (4.8 hours) read as 4 or, later in a long run
    # (or on a parallel worker that reaches this file late), 5 or more hours
    assert code != 0 and re.search(r"1\.0: uploaded \d+ hours ago \(--min-release-age 7d\)", err), err
    assert "not on the package index" not in err

    code, text, err = lock(tmp_path, index.url, "lib==2.0", "--min-release-age", "7d")
    assert code == 0 and pins(text)["lib"] == "2.0"
    assert "lib==2.0 was uploaded 1 day ago, inside --min-release-age 7d, but you pinned exactly" in err


def test_a_young_release_that_fixes_an_advisory_of_every_older_release_stays(index: TimedIndex,
                                                                              tmp_path: Path) -> None:
    scores = advisory_scores(tmp_path, "fixed", "<1.2")
    code, text, err = lock(tmp_path, index.url, "fixed", "--min-release-age", "7d", "--scores", str(scores))
    assert code == 0, err
    # 1.2 ends the advisory (every older release has it) and is kept; 1.3 is still held back.
    assert pins(text)["fixed"] == "1.2"
    assert re.search(r"fixed 1\.2 — kept although uploaded 1 day ago \(--min-release-age 7d\): it fixes "
                     r"GHSA-test-0001, which affects every older allowed release; newer release\(s\) skipped: "
                     r"1\.3 uploaded 1\d hours ago \(--min-release-age 7d\)", err), err  # 12 at the suite's start
    assert err.count("fixed 1.2") == 1  # one line per package

    # An advisory that leaves an older release clean exempts nothing.
    scores = advisory_scores(tmp_path, "fixed", "==1.1")
    code, text, err = lock(tmp_path, index.url, "fixed", "--min-release-age", "7d", "--scores", str(scores))
    assert code == 0 and "kept although" not in err


def test_an_index_without_upload_times_keeps_its_releases_and_says_so_once(
        files: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    directory, times = files
    with TimedIndex(directory, api="html") as server:
        code, text, err = lock(tmp_path, server.url, "app", "--min-release-age", "7d")
    assert code == 0 and pins(text) == {"app": "1.2", "lib": "2.0"}
    assert err.count("gives no upload time (PEP 700)") == 1
    assert "2 project(s) (app, lib)" in err


def test_settings_file_and_api(index: TimedIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.stackwise]\nmin-release-age = "7d"\n'
                                            'min-release-age-exempt = ["app"]\n')
    monkeypatch.chdir(project)
    code, text, err = lock(tmp_path, index.url, "app")
    assert code == 0 and pins(text) == {"app": "1.2", "lib": "1.1"}, err
    code, text, err = lock(tmp_path, index.url, "app", "--min-release-age", "off")
    assert pins(text) == {"app": "1.2", "lib": "2.0"}

    result = stackwise.lock(["app"], index_url=index.url, isolated=True, cache_dir=str(tmp_path / "api"),
                            default_scores=False, min_release_age="30d", report=True)
    assert result.versions() == {"app": "1.2", "lib": "1.1"}  # app: exempt in the settings file
    assert result.report is not None and result.report["min_release_age"] == "30d"
    with pytest.raises(StackwiseError, match="min_release_age: 'soon' is not a duration"):
        stackwise.lock(["app"], index_url=index.url, min_release_age="soon")

    (project / "pyproject.toml").write_text("[tool.stackwise]\nmin-release-age = 2000-01-01\n")  # a TOML date
    code, text, err = lock(tmp_path, index.url, "app")
    assert code != 0 and "(--min-release-age 2000-01-01)" in err

    explained = stackwise.explain("lib==2.0", index_url=index.url, isolated=True, cache_dir=str(tmp_path / "api"),
                                  default_scores=False, min_release_age="7d")
    assert explained.index is not None and explained.index["status"] == "held back"
    assert "uploaded 1 day ago (--min-release-age 7d)" in explained.index["summary"]


@pytest.mark.parametrize("value", ["7 parsecs", "soon", "-3d", "7d-", "2026-02-30", "1e9d"])
def test_bad_durations_are_one_clear_error(index: TimedIndex, tmp_path: Path, value: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["lock", "app", "-i", index.url, f"--min-release-age={value}"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--min-release-age" in err and "is not a duration such as 7d" in err and "Traceback" not in err

    project = tmp_path / "p"
    project.mkdir(exist_ok=True)
    (project / "pyproject.toml").write_text(f'[tool.stackwise]\nmin-release-age = "{value}"\n')
    import os

    cwd = os.getcwd()
    os.chdir(project)
    try:
        code = main(["lock", "app", "-i", index.url, "--isolated", "--no-reuse", "--cache-dir", str(tmp_path / "c")])
    finally:
        os.chdir(cwd)
    err = capsys.readouterr().err
    assert code != 0 and "min-release-age" in err and "pyproject.toml" in err and "Traceback" not in err


def test_duration_forms() -> None:
    now = 1_000_000_000.0
    for text, seconds in (("7d", 7 * DAY), ("36h", 36 * 3600), ("2w", 14 * DAY), ("1d12h", 1.5 * DAY),
                          ("7 days", 7 * DAY), ("90 minutes", 5400), ("1.5d", 1.5 * DAY)):
        age = parse_min_release_age(text, now=now)
        assert age is not None and age.relative and age.cutoff == now - seconds, text
    for off in ("0", "off", "0d", "none"):
        assert parse_min_release_age(off, now=now) is None
    age = parse_min_release_age("2001-09-09", now=now)
    assert age is not None and not age.relative and age.cutoff == 999993600.0
    age = parse_min_release_age("2001-09-09T01:46:40Z", now=now)
    assert age is not None and age.cutoff == now
    with pytest.raises(ReleaseAgeError):
        parse_min_release_age("tomorrow", now=now)
    assert age_text(3 * DAY + 5) == "3 days" and age_text(3600) == "1 hour" and age_text(5) == "less than a minute"


# -- the stability signal ------------------------------------------------------------------------


def test_stability_signal_formula() -> None:
    from packaging.version import Version

    class Rel:
        def __init__(self, version: str, yanked: bool = False) -> None:
            self.version, self.yanked = Version(version), yanked

    now = 100 * DAY
    rels = [Rel("2.1.0"), Rel("2.0.2", yanked=True), Rel("2.0.1"), Rel("2.0.0"), Rel("1.9")]
    times = {Version("2.1.0"): now - 3 * DAY, Version("2.0.2"): now - 50 * DAY, Version("2.0.1"): now - 60 * DAY,
             Version("2.0.0"): now - 61 * DAY}  # 1.9: no upload time
    got = unstable_releases(rels, times, days=14, now=now)
    assert set(got) == {Version("2.1.0"), Version("2.0.2"), Version("2.0.0")}
    assert "less than 14 days" in got[Version("2.1.0")]
    assert got[Version("2.0.0")] == "2.0.1 of the same series followed within 72 hours"
    assert got[Version("2.0.2")] == "yanked"


def test_stability_weight_prefers_a_settled_release(index: TimedIndex, tmp_path: Path) -> None:
    code, text, err = lock(tmp_path, index.url, "series")
    assert pins(text) == {"series": "2.1.0"}
    code, text, err = lock(tmp_path, index.url, "series", "--stability-weight", "0.5", "--stability-days", "30")
    assert code == 0 and pins(text) == {"series": "2.0.1"}, err  # 2.1.0 is 20 days old; 2.0.0 was fixed in 24 h
    assert "[rule stability:series==2.1.0]" in err
    code, text, err = lock(tmp_path, index.url, "series", "--stability-weight", "0.5", "--stability-days", "7")
    assert pins(text) == {"series": "2.1.0"}
    with pytest.raises(SystemExit) as exc:  # argparse's usage error: exit 2, one line, no traceback
        lock(tmp_path, index.url, "series", "--stability-weight", "2")
    assert exc.value.code == 2


# -- kb build's --since window now sees upload times ----------------------------------------------


def test_bounds_since_window_uses_upload_times(tmp_path: Path) -> None:
    """inspect/bounds.py's ``since_years`` was ignored for want of upload times: a release
    older than the window is no longer read, so no bound is proposed for it."""
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.inspect.bounds import bound_proposals

    directory = tmp_path / "files"
    directory.mkdir()
    ages = {("pkg", "1.0"): 3 * 365, ("pkg", "1.1"): 30, ("dep", "1.0"): 4 * 365, ("dep", "2.0"): 10}
    graph = {"pkg": {"1.0": ["dep"], "1.1": ["dep<2"]}, "dep": {"1.0": [], "2.0": []}}
    times = {}
    for name, versions in graph.items():
        for version, requires in versions.items():
            times[build_wheel(directory, name, version, requires).name] = _stamp(ages[name, version])
    # The window (2 years) holds pkg 1.1 alone with upload times; without them (HTML) both
    # releases count as recent. Either way pkg 1.0 lacks the bound, and the learner reads on
    # below its window (inspect/bounds.py), so only *how* 1.0 was found differs.
    for api, below in (("json", ("1.0", "the oldest release on the index")), ("html", None)):
        server = TimedIndex(directory, api=api)
        server.upload_times = times
        with server:
            config = IndexConfig(index_urls=(server.url,), cache_dir=tmp_path / api)
            with IndexClient(config, TargetEnvironment.for_python("3.11")) as client:
                found = bound_proposals("pkg", client, since_years=2)
                wide = bound_proposals("pkg", client, since_years=4)
        assert [r for p in found for r in p.affected_releases] == ["1.0"], api
        assert [p.below_window for p in found] == [below], api
        assert [r for p in wide for r in p.affected_releases] == ["1.0"], api
        assert [p.below_window for p in wide] == [None], api


def test_a_lock_with_a_duration_is_never_reused_one_with_a_date_is(index: TimedIndex, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    base = ["lock", "app", "--index-url", index.url, "--no-default-scores", "--cache-dir", str(tmp_path / "cache"),
            "-o", str(tmp_path / "out.txt")]
    for value, reusable in (("7d", False), ("2000-01-01T00:00:00Z", None), ("2100-01-01", True)):
        results = []
        for _ in range(2):
            code = main([*base, "--min-release-age", value])
            results.append((code, "reused the lock computed at" in capsys.readouterr().err))
        if reusable is None:  # everything is held back: a conflict, nothing remembered
            assert results == [(1, False), (1, False)]
        else:
            assert results == [(0, False), (0, reusable)], value
