"""Vetoed pairs with an installed version pip keeps, whose other side is not one specifier.

Why: pip leaves an installed version it keeps alone (without ``--upgrade``), also when the
resolution never reaches it, so a release forming a vetoed pair with it must not be planned.
The plan kept such a release out with the complement of the pair's other side as a
constraint (``pc==1.0`` -> ``pc!=1.0``), which exists only for one clause: a side like
``pc>=1.0,<2.0`` (``<1.0`` or ``>=2.0``), ``pc~=1.0``, or several rules on the same pair
(one round of the search each, at most five) was left to pip's order and the check after
pip resolves. When the plan's stack then pulled the project into the pair through a
dependency (``app 2.0`` needs ``pc<2.0``), pip had only paired releases to try and stopped
on the pair, although ``app 1.0`` + ``pc 3.0`` was clean. Now the plan leaves out every
release of the project the side matches, whatever its shape (docs/pip-integration.md,
"Installed versions pip keeps").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.indexserver import IndexServer
from test_pip_installed_kept import _setup, pip_run
from test_pip_installed_kept import template as template  # noqa: F401 - the module's venv fixture
from test_pip_integration import Venv
from test_search_bruteforce import rule

GRAPH = {"pa": {"2.1": []},
         "app": {"1.0": ["pc>=3"], "2.0": ["pc>=1.0,<2.0"]},
         "pc": {v: [] for v in ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "3.0")}}

SIDES = {
    "one clause": [rule("pa", "==2.1", other=("pc", "<2.0"), veto=True)],  # covered before: the baseline
    "two clauses": [rule("pa", "==2.1", other=("pc", ">=1.0,<2.0"), veto=True)],
    "compatible release": [rule("pa", "==2.1", other=("pc", "~=1.0"), veto=True)],
    # conda-derived knowledge often says it release by release: more rules than rounds of the search
    "one rule per release": [rule("pa", "==2.1", other=("pc", f"==1.{i}"), veto=True) for i in range(6)],
}


@pytest.mark.parametrize("rules", list(SIDES.values()), ids=list(SIDES))
def test_a_pair_side_of_several_specifiers_beside_a_kept_version_is_planned_around(  # noqa: F811
        template: Venv, tmp_path: Path, rules: list[dict]) -> None:
    """``pa 2.1`` installed and kept, outside the resolution; ``app 2.0`` (pip's pick) needs a
    ``pc`` release that pairs with it. The plan takes ``app 1.0`` + ``pc 3.0``, and pip installs
    it. Before: the plan was ``app 2.0`` + ``pc 1.5`` and pip stopped on the vetoed pair (with
    one clause, the baseline: pip installed the same, but said nothing, and the report gave the
    plan's versions as pip's)."""
    venv, files = _setup(tmp_path, template, GRAPH)
    with IndexServer(files) as server:
        venv.pip("install", "-q", "--no-deps", "-i", server.url, "pa==2.1")
        code, err, new, report = pip_run(venv, server.url, tmp_path, ["app"], rules)
        assert code == 0, err
        assert new == {"app": "1.0", "pc": "3.0"}, (new, err)
        assert report["best_stack"] == {"app": "1.0", "pc": "3.0"}, report
        # plain pip's pick is the reference (not the plan's second search, kept out of the pair),
        # and the pair with the installed pa is the reason given
        assert "stackwise: app 1.0 (pip: 2.0)" in err, err
        assert "stackwise: pc 3.0 (pip: 1.5) — stability: generated https://example.org/r [rule rule-" in err, err
        assert {p["name"]: p["pip_version"] for p in report["installed"]} == {"app": "2.0", "pc": "1.5"}, report
