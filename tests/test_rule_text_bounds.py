"""A rule's ``link`` and ``source`` from a score file or a service are untrusted text, printed in
decision lines and ``explain``: a link longer than ``MAX_URL_LENGTH`` is refused (a cut URL would
lead elsewhere), a huge source is cut like a message - by both validators (the plain loader for
small files, the compiled index's quick check for files of 1 MiB and more)."""

from __future__ import annotations

import json

import pytest

from stackwise.cli import main
from test_hostile6_knowledge import links, lock_args, rule, score_file  # noqa: F401 - links is a fixture
from test_hostile_sweep import one_error


@pytest.mark.parametrize("padding", [0, 1_200_000], ids=["small-file", "compiled-file"])
def test_a_link_longer_than_any_url_is_refused(links, tmp_path, capsys, padding):  # noqa: F811
    long_link = "https://example.org/" + "a" * 10_000  # past MAX_URL_LENGTH (8192)
    rules = [rule(link=long_link)] + [rule(id=f"pad{i}", package=f"pad{i}") for i in range(padding // 100)]
    path = tmp_path / "scores.json"
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": rules}))
    code = main(lock_args(links, tmp_path, "alpha", "--scores", str(path)))
    err = capsys.readouterr().err
    one_error(code, err, str(path), "rule #1", '"link"')
    assert len(err) < 2_000


@pytest.mark.parametrize("length", [100_000, 1_200_000], ids=["small-file", "compiled-file"])
def test_a_huge_source_is_not_shown_whole(links, tmp_path, capsys, length):  # noqa: F811
    path = score_file(tmp_path, json.dumps(rule(specifier="==1.0", source="s" * length)))
    assert main(["explain", "alpha", "--scores", str(path), "--no-default-scores"]) == 0
    out = capsys.readouterr().out
    assert "more characters]" in out and len(out) < 20_000, len(out)
