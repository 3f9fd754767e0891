"""The search's reachability walk reads releases concurrently (resolve/search.py ``prefetch``).

Why: a proof reads the dependencies of every release a stack might hold, and online each read
was a round trip of its own: `stackwise lock 'connexion<3' flask` spent its whole 10 s budget
on them on every run (a 400 s budget finished the walk in 272 s; with the reads prefetched, 46 s).
Here every request to the fixture index takes 0.25 s: 24 releases read one by one cost 6 s,
more than the budget, so only a walk that reads them concurrently proves the optimum in time.
"""

from __future__ import annotations

import json

from stackwise.cli import main

GRAPH = {"app": {"1.0": ["lib"]}, "lib": {f"1.{i}": [] for i in range(24)}, "ghost": {"1.0": []}}
#: A bonus for a pair whose other side no release of lib brings in: proving that needs the walk.
RULES = [{"id": "bonus", "package": "lib", "specifier": "==1.0", "with": {"package": "ghost", "specifier": ">=1"},
          "score": 1.0, "category": "stability", "message": "lib 1.0 with ghost", "link": "https://example.org/b",
          "source": "tests"}]


def test_the_walk_reads_concurrently_and_proves_within_the_budget(tmp_path, index_factory, capsys) -> None:
    index = index_factory(GRAPH, fault="slow")
    index.slow_seconds = 0.25
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": RULES}))
    out = tmp_path / "lock.txt"
    assert main(["lock", "app", "--scores", str(scores), "--no-default-scores", "--no-hashes", "--index-url",
                 index.url, "--isolated", "--cache-dir", str(tmp_path / "cache"), "--time-budget", "4",
                 "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "lib==1.23" in out.read_text()
    assert "proven best" in err, err
    reads = [p for p in index.requests_log if p.endswith(".metadata") and "/lib-" in p]
    assert len(reads) == 24  # each release read once
