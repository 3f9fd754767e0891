"""Advisory data with versions of thousands of digits: an OSV file (``kb import-osv``) and the
index's JSON API under ``--recommendation security`` (knowledge/vulns.py). Version() raised a
ValueError past Python's 4300-digit int conversion limit, which only InvalidVersion was caught
for: a traceback. Such a version is now skipped like any non-PEP 440 one. Real files, real
HTTP on 127.0.0.1.
"""

from __future__ import annotations

import json

import pytest

from stackwise.cli import main
from test_hostile5_vulns import ADVISORY, _live, api  # noqa: F401  (api: a fixture)

HUGE = "9" * 5000


@pytest.mark.parametrize("event", [{"introduced": HUGE}, {"fixed": HUGE}, {"last_affected": HUGE}, "versions"])
def test_an_osv_advisory_with_a_version_of_thousands_of_digits(tmp_path, capsys, event):
    affected = {"package": {"ecosystem": "PyPI", "name": "alpha"}, "versions": ["1.0"],
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}
    if event == "versions":
        affected["versions"] = [HUGE]
    else:
        affected["ranges"][0]["events"][0 if "introduced" in event else 1] = event
    (tmp_path / "osv").mkdir()
    (tmp_path / "osv" / "PYSEC-2099-1.json").write_text(json.dumps({
        "id": "PYSEC-2099-1", "modified": "2026-01-01T00:00:00Z", "summary": "bad", "affected": [affected],
        "references": [{"type": "WEB", "url": "https://example.org/a"}]}))
    out = tmp_path / "scores.json"
    assert main(["kb", "import-osv", str(tmp_path / "osv"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 non-PEP 440 version(s) ignored" in err and "Traceback" not in err
    assert json.loads(out.read_text())["format"] == "stackwise-scores"


def test_a_release_of_thousands_of_digits_in_the_json_api_is_skipped(api, tmp_path):  # noqa: F811
    api.answer = (200, json.dumps({"info": {"name": "lib", "version": "1.0"}, "vulnerabilities": [ADVISORY],
                                   "releases": {HUGE: [{}], "1.0": [{}]}}).encode())
    warns: list[str] = []
    live = _live(api, tmp_path, warns, moved_only=False)
    live.prefetch(["lib"])
    assert [r.id for r in live.for_package("lib")] == ["live-vuln:PYSEC-1:lib:==1.0"]
    assert warns == []
