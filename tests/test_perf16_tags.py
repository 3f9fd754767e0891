"""The wheel-tag choice of an install into a ``--target-venv`` is read from tag text (issue #16).

Why: :func:`stackwise.install.sources.rank` parsed every candidate file name with
``packaging.utils`` / ``packaging.tags`` (with ``logging``, ``platform``, ``subprocess``: ~100 M
instructions of a ~320 M install from the cache). The target's tags are the probe's strings, so
a plain file name is now ranked by looking its tags' text up there, and anything else still goes
through packaging. The claim checked here: the same files, in the same order, as packaging's
``Tag`` objects ranked by ``sys_tags()`` of this interpreter, and packaging is not imported for it.
"""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys

from packaging.tags import Tag, sys_tags
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

from stackwise.install.sources import Candidate, rank
from stackwise.install.target import _TagRanks

TAGS = list(sys_tags())
TEXTS = tuple(str(t) for t in TAGS)


def _expected(filenames: list[str], name: str, version: str) -> list[str]:
    """rank's answer computed by packaging alone: ``Tag`` priorities from sys_tags()."""
    priority = {t: i for i, t in enumerate(TAGS)}
    want, project, scored = Version(version), canonicalize_name(name), []
    for i, f in enumerate(filenames):
        try:
            if f.endswith(".whl"):
                n, v, _b, tags = parse_wheel_filename(f)
                pri = min((priority[t] for t in tags if t in priority), default=None)
                if pri is None:
                    continue
            else:
                n, v = parse_sdist_filename(f)
                pri = len(priority) + 1
        except (InvalidWheelFilename, InvalidSdistFilename):
            continue
        if v == want and n == project:
            scored.append((pri, i, f))
    return [f for _p, _i, f in sorted(scored)]


def _filenames(rng: random.Random, count: int) -> list[str]:
    """File names of project foo-bar 1.0: plain ones, and every shape packaging reads differently."""
    picked = [TEXTS[0], TEXTS[len(TEXTS) // 2], TEXTS[-1], *rng.sample(TEXTS, 12)]
    tags = [*picked, "py2.py3-none-any", "PY3-NONE-ANY", "cp27-cp27mu-linux_x86_64", "cp311-abi3-win_amd64",
            f"{picked[0].split('-')[0]}.cp27-{picked[0].split('-')[1]}.none-{picked[0].split('-')[2]}.any",
            "py3-none-", ".py3-none-any", "py3..x-none-any", "3py-none-any", "py3-no ne-any", "py_3-none-any_x"]
    names = ["foo_bar", "Foo_Bar", "foo.bar", "FOO.BAR", "foo__bar", "foo_bar_", "foobar", "f\u00f6o_bar", "foo bar",
             "_foo_bar", "foo\u212abar", "foo_bar\n"]
    versions = ["1.0", "1.0.0", "1", "01.0", "1.00", "1.0rc1", "v1.0", "1.0+local", "1.0.post0", "\u0661.0", "1_0",
                "2.0", "0.1", "1.0 "]
    builds = ["", "-1", "-1abc", "-x1", "-", "-1\nx", "-1.5", "-\u0661"]
    out = [f"{n}-{v}{b}-{t}.whl" for n, v, b, t in itertools.product(names[:3], versions[:3], builds[:2], picked[:3])]
    for _ in range(count):
        out.append(f"{rng.choice(names)}-{rng.choice(versions)}{rng.choice(builds)}-{rng.choice(tags)}.whl")
    for _ in range(count // 10):
        out.append(f"{rng.choice(['foo-bar', 'foo_bar', 'Foo.Bar', 'foo', ''])}-{rng.choice(versions)}"
                   f"{rng.choice(['.tar.gz', '.zip', '.tgz', '.whl', '.WHL', ''])}")
    rng.shuffle(out)
    return out


def test_rank_by_tag_text_chooses_as_packaging_does() -> None:
    """The text ranks are sys_tags()'s priorities, and rank() picks the same files in the same order
    from them as from Tag-keyed priorities (packaging's path), on plain and odd file names."""
    ranks, by_tag = _TagRanks(TEXTS), {t: i for i, t in enumerate(TAGS)}
    assert dict(ranks.text_ranks) == {str(t): i for t, i in by_tag.items()}  # every tag of this interpreter, same rank
    assert all(ranks[t] == i for t, i in by_tag.items()) and Tag("py2", "none", "any") not in ranks
    rng = random.Random(1616)
    for _ in range(6):
        files = _filenames(rng, 500)
        cands = [Candidate(f, f"/x/{f}", {}, True) for f in files]
        for name, version in (("foo-bar", "1.0"), ("Foo_Bar", "1"), ("foo.bar", "1.0.0"), ("foo-bar", "1.0rc1"),
                              ("foo-bar", "01.0")):
            got = [c.filename for c in rank(cands, ranks, name, version)]
            assert got == _expected(files, name, version), (name, version)
            assert got == [c.filename for c in rank(cands, by_tag, name, version)]  # Tag-keyed: packaging's path


_CHILD = """
import json, sys
from stackwise.install.sources import Candidate, rank
from stackwise.install.target import _TagRanks
texts, files = json.loads(sys.stdin.read())
got = [c.filename for c in rank([Candidate(f, f, {}, True) for f in files], _TagRanks(tuple(texts)), "foo-bar", "1.0")]
print(json.dumps([got, sorted(m for m in ("packaging.tags", "packaging.utils", "packaging.version", "logging",
                                          "platform", "subprocess") if m in sys.modules)]))
"""


def test_plain_file_names_are_ranked_without_packaging() -> None:
    """A fresh interpreter: the usual files of a lock (plain names and pins) import no packaging module."""
    files = [f"foo_bar-1.0-{t}.whl" for t in (TEXTS[-1], TEXTS[0], "cp27-cp27mu-linux_x86_64", TEXTS[5])]
    files += ["foo_bar-1.0.tar.gz", "other-1.0-py3-none-any.whl", "foo_bar-2.0-py3-none-any.whl",
              "foo_bar-1.0-1-py2.py3-none-any.whl"]
    proc = subprocess.run([sys.executable, "-c", _CHILD], input=json.dumps([TEXTS, files]), capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    got, imported = json.loads(proc.stdout)
    assert got == _expected(files, "foo-bar", "1.0") and len(got) == 5
    assert imported == []
