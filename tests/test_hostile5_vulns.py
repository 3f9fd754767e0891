"""Hostile answers from the index's JSON API to the moved-release advisory check and the
live vulnerability layer (knowledge/vulns.py): real HTTP on 127.0.0.1, no mocks.

Every wrong-schema document must end as "unknown" or one warning, never a traceback; what
reaches a rule's message is bounded and one line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import Version

from stackwise.knowledge.cache import ScoreCache
from stackwise.knowledge.vulns import JsonApiClient, LiveVulnerabilities, MovedAdvisoryCheck
from support.rawserver import FixedServer


class Api(FixedServer):
    """Answers every GET with ``answer`` = (status, body bytes); records the paths asked."""

    def __init__(self) -> None:
        super().__init__(b"", status=404, content_type="application/json")

    @property
    def answer(self) -> tuple[int, bytes]:
        return self.status, self.body

    @answer.setter
    def answer(self, value: tuple[int, bytes]) -> None:
        self.status, self.body = value

    @property
    def url(self) -> str:
        return super().url.removesuffix("/simple") + "/pypi"


@pytest.fixture
def api():
    with Api() as srv:
        yield srv


def _live(api: Api, tmp_path: Path, warns: list[str], *, moved_only: bool) -> LiveVulnerabilities:
    client = JsonApiClient(api.url, read_timeout=2, deadline=5, retries=1)
    return LiveVulnerabilities(client, ScoreCache(tmp_path / "cache", api.url), url=api.url, python=Version("3.12"),
                               warn=warns.append, moved_only=moved_only)


def _release(vulns: object) -> bytes:
    return json.dumps({"info": {"name": "lib", "version": "1.0"}, "vulnerabilities": vulns}).encode()


ADVISORY = {"id": "PYSEC-1", "summary": "bad"}


@pytest.mark.parametrize("field, value", [
    ("aliases", 5), ("aliases", "CVE-1"), ("fixed_in", 5), ("fixed_in", {"1.1": True}), ("fixed_in", 1.5),
])
def test_a_field_of_the_wrong_type_is_ignored_not_a_traceback(api, tmp_path, field, value):
    api.answer = (200, _release([{**ADVISORY, field: value}]))
    warns: list[str] = []
    rules = MovedAdvisoryCheck(_live(api, tmp_path, warns, moved_only=True)).releases([("lib", Version("1.0"))])
    (rule,) = rules["lib"]
    assert rule.message == "PYSEC-1: bad. No fixed release is known.", rule.message
    assert warns == []


def test_huge_alias_and_fixed_in_lists_make_a_bounded_message(api, tmp_path):
    many = [f"CVE-{i}" for i in range(100_000)]
    api.answer = (200, _release([{**ADVISORY, "aliases": many, "fixed_in": ["9" * 5000, *many]}]))
    rules = MovedAdvisoryCheck(_live(api, tmp_path, [], moved_only=True)).releases([("lib", Version("1.0"))])
    (rule,) = rules["lib"]
    assert len(rule.message) < 2000, len(rule.message)
    assert "and 99992 more" in rule.message and "and 99993 more." in rule.message


@pytest.mark.parametrize("requires_python", [5, True])
def test_a_requires_python_of_the_wrong_type_counts_as_absent(api, tmp_path, requires_python):
    api.answer = (200, json.dumps({"info": {"name": "lib", "version": "1.0"}, "vulnerabilities": [ADVISORY],
                                   "releases": {"1.0": [{"requires_python": requires_python}]}}).encode())
    warns: list[str] = []
    live = _live(api, tmp_path, warns, moved_only=False)
    live.prefetch(["lib"])
    assert [r.id for r in live.for_package("lib")] == ["live-vuln:PYSEC-1:lib:==1.0"]
    assert warns == []


def test_a_server_error_with_an_empty_problem_text_is_one_warning(api, tmp_path):
    api.answer = (500, b'{"error": ""}')
    warns: list[str] = []
    rules = MovedAdvisoryCheck(_live(api, tmp_path, warns, moved_only=True)).releases([("lib", Version("1.0"))])
    assert rules == {}
    assert len(warns) == 1 and "HTTP 500 after 2 attempts" in warns[0], warns


def test_a_cache_entry_with_a_nan_fetch_time_is_fetched_again(api, tmp_path):
    # (An infinite or future one already counts as stale: CacheEntry.age.)
    api.answer = (200, _release([]))
    check = MovedAdvisoryCheck(_live(api, tmp_path, [], moved_only=True))
    assert check.releases([("lib", Version("1.0"))]) == {"lib": ()}
    (entry,) = (tmp_path / "cache").glob("*/packages/lib@1.0.json")
    entry.write_text(entry.read_text().replace('"fetched_at":', '"fetched_at":NaN,"was":'))
    api.paths.clear()
    api.answer = (200, _release([ADVISORY]))
    rules = MovedAdvisoryCheck(_live(api, tmp_path, [], moved_only=True)).releases([("lib", Version("1.0"))])
    assert api.paths == ["/pypi/lib/1.0/json"]
    assert [r.id for r in rules["lib"]] == ["live-vuln:PYSEC-1:lib:==1.0"]


def test_a_bad_vulnerability_api_url_is_refused_even_when_nothing_moves(tmp_path, index_factory, capsys):
    # Outside ``security`` the check is built the first time a release moves: a bad URL was
    # refused then, and accepted silently in every lock where nothing moved.
    from test_moved_advisories import GRAPH, VULNS, _lock

    index = index_factory({"app": {"1.0": ["lib>=1.0"]}, "lib": GRAPH["lib"]}, vulnerabilities=VULNS)
    code, pins = _lock(tmp_path, index.url, "--vulnerability-api", "ftp://127.0.0.1/pypi")
    err = capsys.readouterr().err
    assert code == 1 and pins == {}, err
    assert err.count("stackwise: error:") == 1 and "Traceback" not in err, err
    assert "ftp://127.0.0.1/pypi: --vulnerability-api must be the http(s) root of a JSON project API" in err, err
