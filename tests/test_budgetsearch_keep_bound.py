"""The bound of the search's "keep the penalised pair" branch.

``stackwise lock 'dbt-core<1.11.7'`` (and ``'datasets<2.19'``): pip's pick holds a pair the
learned hints penalise (-0.6). The search splits into "keep the pair", "exclude one side",
"exclude the other". The first child holds the same stack as its parent, and its bound left
the penalty out, so it looked as promising as its parent: it was split blindly (walks over
every dbt-core release, then one package version after another) until the 10 s budget ran
out, before the siblings that avoid the pair were resolved. Every stack of that child holds
the pair (the others are its siblings'), so its bound now owes the penalty and it is closed
at once.
"""

from __future__ import annotations

import re
from pathlib import Path

from support.locks import pins_of
from test_time_budget import rules_file, timed_lock

OLD = 30  # older releases of app: what the walk of a blind split reads, one metadata file each


def test_keeping_a_penalised_pair_is_bounded_by_its_penalty(tmp_path: Path, index_factory, capsys) -> None:
    """app 2.0 with lib 2.0 is penalised; lib 1.0 avoids it. The lock is proven best after the
    three resolutions that tell it (the root, and one per side of the pair), reading the
    metadata of no old app release but the one a resolution tries; before, the "keep" child
    first walked the metadata of every app release (online, each a round trip: 9 s for
    dbt-core's releases, the whole budget)."""
    graph: dict[str, dict[str, list[str]]] = {
        "app": {"2.0": ["lib"], **{f"1.{v}": ["lib"] for v in range(OLD)}},
        "lib": {"2.0": [], "1.0": []},
    }
    index = index_factory(graph)
    scores = rules_file(tmp_path, {"id": "app-lib", "package": "app", "specifier": "==2.0",
                                   "with": {"package": "lib", "specifier": ">=2"}, "score": -0.6})
    code, _, out = timed_lock(tmp_path, index.url, "app", "--scores", str(scores), "--time-budget", "120")
    err = capsys.readouterr().err
    assert code == 0, err
    assert pins_of(out.read_text()) == {"app": "2.0", "lib": "1.0"}, err
    found = re.search(r"proven best after (\d+) resolution\(s\)", err)
    assert found is not None, err
    assert int(found.group(1)) <= 4, err
    old = {r.path for r in index.requests if r.path.startswith("/files/app-1.") and r.path.endswith(".metadata")}
    assert len(old) <= 3, sorted(old)  # before: all OLD of them


def test_a_pair_pinned_on_both_sides_owes_nothing_for_stacks_without_it(tmp_path: Path, index_factory,
                                                                       capsys) -> None:
    """Both sides of the penalised pair are pinned by constraints, so the search keeps it (no
    child excludes a side); but a constraint does not make lib present, and x 1.0 does without
    it. That stack (score 0) must be found: counting the penalty in the kept pair's bound would
    close the node on the penalised stack and call it proven best."""
    index = index_factory({
        "app": {"2.0": []},
        "x": {"2.0": ["lib"], "1.0": []},
        "lib": {"2.0": []},
    })
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("app==2.0\nlib==2.0\n")
    scores = rules_file(tmp_path, {"id": "app-lib", "package": "app", "specifier": "==2.0",
                                   "with": {"package": "lib", "specifier": "==2.0"}, "score": -0.6})
    code, _, out = timed_lock(tmp_path, index.url, "app", "x", "-c", str(constraints), "--scores", str(scores),
                              "--time-budget", "120")
    err = capsys.readouterr().err
    assert code == 0, err
    assert pins_of(out.read_text()) == {"app": "2.0", "x": "1.0"}, err
    assert "proven best" in err, err
