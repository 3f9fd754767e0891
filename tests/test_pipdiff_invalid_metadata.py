"""A release whose metadata holds an unparseable Requires-Dist line is left out, as pip leaves it out.

Why: pip >= 24.1 checks every Requires-Dist line of a candidate (whatever its marker, for every
extra the release provides) and ignores the whole version when one does not parse ("Ignoring
version ... since it has invalid metadata"). stackwise skipped just the bad line, so it picked
such a release with the rest of its dependencies: found on the public index with
``boto3<1.20 botocore>1.25``, where boto3 1.2.0 declares ``botocore>=1.3.0,<1.4.0'`` (a stray
quote) -- pip fails, stackwise locked boto3 1.2.0 beside a botocore it does not allow.
Both tools run against the same wheels on a local index on 127.0.0.1.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement

from stackwise.resolve import provider
from support import build_wheel
from support.indexserver import IndexServer
from test_pip_equivalence import pip_pick, stackwise_pick

BAD = "dep>=1.0,<2.0'"  # the shape of boto3 1.2.0's line


def _both(capsys, reqs: list[str], *, bad_in_extra: bool = False) -> tuple[dict | None, dict | None]:
    with tempfile.TemporaryDirectory() as tmp:
        files = Path(tmp, "files")
        build_wheel(files, "dep", "1.0")
        build_wheel(files, "dep", "2.0")
        build_wheel(files, "app", "1.0", ["dep<2"])
        if bad_in_extra:
            build_wheel(files, "app", "2.0", ["dep"], extras={"x": [BAD]})
        else:
            build_wheel(files, "app", "2.0", [BAD])
        with IndexServer(files) as server:
            expected = pip_pick(server.url, reqs, str(Path(tmp, "pipcache")))
            got = stackwise_pick(server.url, reqs, str(Path(tmp, "cache")), capsys)
    return got, expected


@pytest.mark.slow
def test_release_with_unparseable_requirement_is_skipped_like_pip(capsys) -> None:
    got, expected = _both(capsys, ["app"])
    assert expected == {"app": "1.0", "dep": "1.0"}
    assert got == expected


@pytest.mark.slow
def test_unparseable_line_of_an_extra_not_asked_for_still_rules_the_release_out(capsys) -> None:
    got, expected = _both(capsys, ["app"], bad_in_extra=True)
    assert expected == {"app": "1.0", "dep": "1.0"}
    assert got == expected


@pytest.mark.slow
def test_only_release_left_has_invalid_metadata_fails_like_pip(capsys) -> None:
    got, expected = _both(capsys, ["app", "dep>=2"])
    assert expected is None
    assert got is None


# The provider checks lines of extras nobody asked for with a regular expression before it
# parses them (a parse costs ~50 us): whatever that expression accepts must parse.
_OPS = ["==", "!=", "~=", "<=", ">=", "<", ">"] * 3 + ["===", "=", ""]
_VERSIONS = ["1", "1.0", "2.10.3", "1.0a1", "1.0rc2", "1.0.post1", "1.0.dev0", "1.0a1.post2.dev3", "1.*",
             "1.0.*"] * 3 + ["1.0a1.*", "1.0.post1.*", "1.0+local", "v1.0", "1!2.0", "1.0-1", "", "1.0'", "1.0b"]


def _one_of(good: list[str], bad: list[str]) -> st.SearchStrategy[str]:
    """Mostly ``good`` pieces, so that whole lines come out valid about half of the time."""
    return st.sampled_from(good * 4 + bad)


@st.composite
def _lines(draw) -> str:
    name = draw(_one_of(["dep", "a.b_c-d", "A1"], ["x-", "-x", "d ep", "x'"]))
    extras = draw(_one_of(["", "[s]", "[s, t]", " [s,t-u]"], ["[]", "[s,]", "[-s]"]))
    clauses = [draw(st.sampled_from(_OPS)) + draw(st.sampled_from(["", " "])) + draw(st.sampled_from(_VERSIONS))
               for _ in range(draw(st.integers(0, 3)))]
    spec = draw(_one_of([",", ", ", " ,"], [",,", ";"])).join(clauses)
    if spec and draw(st.booleans()):
        spec = f"({spec})"
    marker = draw(_one_of(['; extra == "x"', " ; extra == 'x-y'", ";extra=='x'"],
                          ['; extra == "x\'', '; extra = "x"', "; extra == x", ""]))
    return f"{name}{extras}{draw(st.sampled_from(['', ' ']))}{spec}{draw(st.sampled_from(['', ' ']))}{marker}"


@settings(max_examples=600, deadline=None, derandomize=True)
@given(_lines())
@example('dep==1.0a1.* ; extra == "x"')
@example('dep!=1.0.post1.*; extra == "x"')
@example('dep~=1 ; extra == "x"')
@example('dep>=1.0.* ; extra == "x"')
@example('dep<1.0+local ; extra == "x"')
@example('dep (>=1.0,) ; extra == "x"')
def test_lines_taken_as_valid_without_a_parse_do_parse(line: str) -> None:
    if provider._PLAIN_EXTRA_LINE.match(line):
        Requirement(line)  # raises InvalidRequirement if the shortcut were wrong
