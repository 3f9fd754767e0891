"""``stackwise inspect`` under pip's configured constraint files (``PIP_CONSTRAINT``,
``constraint =``): their constraints and index lines decide the stacks, as they decide what
``pip install`` installs, against real pip.

Why: an inspection is of the stacks that installing the requirements could give; pip reads its
configured constraint files and applies their constraints and their ``--index-url``/
``--extra-index-url``/``--find-links``/``--no-index`` lines (after the configuration and the
command line, before the ``-c``/``-r`` files; a later ``--index-url`` replaces every index named
before it). Before, ``stackwise inspect`` applied only their format options, and took a
requirements file's ``--index-url`` over the command line's without pip's order (an earlier
``--extra-index-url`` line stayed), so ``--strategy pip`` inspected a stack pip does not install.

Fixture indexes on 127.0.0.1: ``old`` lists alpha 1.0, ``new`` alpha 2.0.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stackwise.cli import main
from stackwise.inspect.store import ResultStore
from support import IndexServer, build_wheel
from test_format_control_more import pip_picks


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    old, new = (tmp_path_factory.mktemp(n) for n in ("pn-old-index", "pn-new-index"))
    build_wheel(old, "alpha", "1.0")
    build_wheel(new, "alpha", "2.0")
    with IndexServer(old) as a, IndexServer(new) as b:
        yield {"old": a.url, "new": b.url}


#: (configured constraints file, command line, -r file lines, pip's alpha)
CASES = {
    "cc-index-over-command-line": ("--index-url {new}\n", ("--index-url", "{old}"), "", "2.0"),
    "cc-constraint": ("alpha<2\n", ("--index-url", "{old}", "--extra-index-url", "{new}"), "", "1.0"),
    "r-file-index-drops-its-extra": ("", ("--index-url", "{new}"), "--extra-index-url {new}\n--index-url {old}\n",
                                     "1.0"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_pips_stack_is_the_one_pip_installs(tmp_path, capsys, monkeypatch, places, case) -> None:
    cc, cli, req, expected = CASES[case]
    ccfile = tmp_path / "constraints.txt"
    ccfile.write_text(cc.format(**places))
    env = {"PIP_CONSTRAINT": str(ccfile)} if cc else {}
    args = [a.format(**places) for a in cli]
    (tmp_path / "r.txt").write_text(req.format(**places) + "alpha\n")
    args += ["-r", str(tmp_path / "r.txt")]
    assert pip_picks(tmp_path, *args, env=env)["alpha"][0] == expected  # the case is what it says, under pip
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    db = tmp_path / "results.db"
    code = main(["inspect", *args, "--strategy", "pip", "--max-stacks", "1", "--check", "true", "--network", "allow",
                 "--results", str(db), "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 0, err
    with ResultStore(db) as store:
        (result,) = list(store.all())
    assert result.outcome == "passed", err
    assert dict(result.stack.pins) == {"alpha": expected}
