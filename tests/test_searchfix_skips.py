"""Skip notes only for releases the user's requirements allow.

The index of test_explain_skips offers lib 0.9, 1.0, 1.1 (yanked: "broken build") and 2.0
(Requires-Python >=99). ``lib==1.0`` used to print "lib 1.0 — newer release(s) skipped: 2.0
Requires-Python ...; 1.1 yanked ...": pip does not consider those releases under that pin
either, so the line was noise. Where the requirements allow them, the note stays.
"""

from __future__ import annotations

from test_explain_skips import index, lock, package  # noqa: F401 - index is a fixture


def test_an_exact_pin_gets_no_skip_note(tmp_path, index, capsys):  # noqa: F811
    code, text, report = lock(tmp_path, index, "lib==1.0")
    assert code == 0 and "lib==1.0" in text
    err = capsys.readouterr().err
    assert "skipped" not in err, err  # before: "stackwise: lib 1.0 — newer release(s) skipped: 2.0 ...; 1.1 yanked"
    assert package(report, "lib")["skipped_newer"] == []


def test_a_constraint_pin_gets_no_skip_note(tmp_path, index, capsys):  # noqa: F811
    constraints = tmp_path / "c.txt"
    constraints.write_text("lib==1.0\n")
    code, text, report = lock(tmp_path, index, "app", "-c", str(constraints))
    assert code == 0 and "lib==1.0" in text
    assert "skipped" not in capsys.readouterr().err
    assert package(report, "lib")["skipped_newer"] == []


def test_a_range_keeps_the_releases_it_allows(tmp_path, index, capsys):  # noqa: F811
    """``lib>=1.0,<2`` allows 1.1 (yanked): it is named; 2.0 is outside the range: it is not."""
    code, text, report = lock(tmp_path, index, "lib>=1.0,<2")
    assert code == 0 and "lib==1.0" in text
    line = next(e for e in capsys.readouterr().err.splitlines() if e.startswith("stackwise: lib 1.0 — "))
    assert line == "stackwise: lib 1.0 — newer release(s) skipped: 1.1 yanked (PEP 592): broken build", line
    assert [s["version"] for s in package(report, "lib")["skipped_newer"]] == ["1.1"]
