"""Numbers no knowledge can hold, in every place a user or a service writes one: a score
too large for a float and versions of thousands of digits (Python converts at most 4300
to an int, so such a version parses as a specifier or marker and then raises a ValueError
in every comparison). Each was a traceback deep in the resolver (or a 500 from the score
service, which also stored one that then broke every client's lock); each is now one error
naming the file and rule, or a 422. Real files, the CLI in-process, real uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stackwise.cli import main
from support import make_index
from test_hostile_sweep import one_error

GRAPH = {"alpha": {"1.0": ["beta>=1"], "2.0": ["beta>=2"]}, "beta": {"1.0": [], "2.0": []}}
HUGE = "9" * 5000  # more digits than Python's int conversion limit (4300)


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_index(tmp_path_factory.mktemp("links"), GRAPH)


def lock_args(links: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["lock", *extra, "-f", str(links), "--no-index", "--isolated", "--no-default-scores",
            "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "out.txt")]


def rule(**changes: Any) -> dict[str, Any]:
    return {"id": "r1", "package": "alpha", "score": 0.5, "category": "stability", "message": "m",
            "link": "https://example.org/r1", "source": "tests", **changes}


def score_file(tmp_path: Path, raw_rule: str) -> Path:
    path = tmp_path / "scores.json"
    path.write_text('{"format": "stackwise-scores", "version": 1, "rules": [' + raw_rule + "]}")
    return path


BAD_RULES = {
    "score-past-float": (json.dumps(rule()).replace('"score": 0.5', '"score": 1' + "0" * 400), '"score"'),
    "specifier": (json.dumps(rule(specifier=f">={HUGE}")), '"specifier"'),
    "partner-specifier": (json.dumps(rule(**{"with": {"package": "beta", "specifier": f"<{HUGE}"}})), '"specifier"'),
    "condition-marker": (json.dumps(rule(condition={"marker": f"python_version > '{HUGE}'"})), '"marker"'),
}


@pytest.mark.parametrize("raw,field", BAD_RULES.values(), ids=BAD_RULES.keys())
def test_a_number_no_rule_can_hold_is_one_error_in_a_score_file(links, tmp_path, capsys, raw, field):
    path = score_file(tmp_path, raw)
    one_error(main(["kb", "check", str(path)]), capsys.readouterr().err, str(path), "rule #1", field)
    code = main(lock_args(links, tmp_path, "alpha", "--scores", str(path)))
    one_error(code, capsys.readouterr().err, str(path), "rule #1", field)
    assert not (tmp_path / "out.txt").exists()


def test_a_version_of_thousands_of_digits_in_your_own_rules(links, tmp_path, capsys):
    rules = tmp_path / "rules.toml"
    rules.write_text(f'[[rules]]\nid = "x"\npackage = "alpha"\nspecifier = ">={HUGE}"\nveto = true\n'
                     'category = "stability"\nmessage = "m"\nlink = "https://example.org/x"\n')
    one_error(main(lock_args(links, tmp_path, "alpha", "--rules", str(rules))), capsys.readouterr().err,
              str(rules), '"specifier"')


MARKER = f"python_version > '{HUGE}'"


def test_a_marker_with_a_version_of_thousands_of_digits_in_every_place_a_user_writes_one(
        links, tmp_path, monkeypatch, capsys):
    needle = "more digits than any version can have"
    one_error(main(lock_args(links, tmp_path, f"alpha; {MARKER}")), capsys.readouterr().err, needle)
    one_error(main(lock_args(links, tmp_path, "alpha", "--universal", "--environment", MARKER)),
              capsys.readouterr().err, "--environment", needle)
    rules = tmp_path / "rules.toml"
    rules.write_text(f'overrides = ["beta ; {MARKER}"]\n')
    one_error(main(lock_args(links, tmp_path, "alpha", "--rules", str(rules))), capsys.readouterr().err,
              "overrides", needle)
    (tmp_path / "Pipfile").write_text(f'[[source]]\nname = "x"\nurl = "{links.as_uri()}"\nverify_ssl = false\n\n'
                                      f'[packages]\nalpha = {{version = "*", markers = "{MARKER}"}}\n')
    monkeypatch.chdir(tmp_path)
    one_error(main(lock_args(links, tmp_path, "--format", "pipfile-lock")), capsys.readouterr().err, needle)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    pytest.importorskip("uvicorn")
    from stackwise.server.runner import ServerThread
    from stackwise.server.storage import open_storage

    storage = open_storage(str(tmp_path / "kb.sqlite3"))
    token = storage.create_token("hostile6")
    server = ServerThread(storage).start()
    yield server.url, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    server.stop()
    storage.close()


@pytest.mark.parametrize("raw,field", BAD_RULES.values(), ids=BAD_RULES.keys())
def test_the_service_refuses_a_rule_no_client_could_use(service, raw, field):
    """A score past a float's range and a marker of 5000 digits were a 500; a specifier of
    5000 digits was stored, and every client's lock needing the package then failed."""
    import requests

    url, headers = service
    body = '{"format": "stackwise-scores", "version": 1, "rules": [' + raw + "]}"
    answer = requests.post(url + "/v1/rules", data=body, headers=headers, timeout=30)
    assert answer.status_code == 422, answer.text[:300]
    assert field in answer.json()["error"]
    assert requests.get(url + "/healthz", timeout=30).json()["rules"] == 0


@pytest.mark.parametrize("length", [100_000, 1_200_000], ids=["small-file", "compiled-file"])
def test_a_huge_message_is_not_printed_whole(links, tmp_path, capsys, length):
    """A rule's message is printed in every decision line citing it: one of 1.2 MB (a file of
    1 MiB and more is read through its compiled index) was printed whole, each time."""
    path = score_file(tmp_path, json.dumps(rule(specifier="==1.0", message="m" * length)))
    assert main(lock_args(links, tmp_path, "alpha", "--scores", str(path))) == 0
    err = capsys.readouterr().err
    assert "alpha 1.0 (pip: 2.0)" in err and "more characters]" in err
    assert len(err) < 20_000, len(err)
