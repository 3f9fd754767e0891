"""Safety invariants on the shapes of real cases found by the safety differential of
``stackwise lock`` against pip (docs/resolution.md#safety-invariants), offline: fixture
indexes on 127.0.0.1, the real CLI.
"""

from __future__ import annotations

import json

import pytest

from stackwise.cli import main

#: pyopenssl 22.0.0 fails to import with cryptography 39+ (the shipped learned layer vetoes
#: the pair), and every cryptography below 39 has advisories (PYSEC-2023-11, fixed in 39.0.1).
GRAPH = {"pyopenssl": {"22.0.0": ["cryptography>=35"]},
         "cryptography": {"38.0.4": [], "50.0.2": []}}
RULES = [
    {"id": "bound:pyopenssl:cryptography", "package": "pyopenssl", "specifier": "==22.0.0",
     "with": {"package": "cryptography", "specifier": ">=39"}, "veto": True, "category": "stability",
     "message": "pyopenssl 22.0.0 fails to import with cryptography 39", "link": "https://example.org/pyopenssl",
     "source": "tests"},
    {"id": "osv:PYSEC-2023-11:cryptography:<39.0.1", "package": "cryptography", "specifier": "<39.0.1",
     "veto": ["security"], "score": -0.5, "category": "security",
     "message": "PYSEC-2023-11: memory corruption in Cipher.update_into", "link": "https://osv.dev/PYSEC-2023-11",
     "source": "osv:PYSEC-2023-11"},
]


@pytest.mark.parametrize("recommendation", ["stable", "performance", "latest"])
def test_a_veto_never_forces_an_advisory_pips_pick_avoids(
        tmp_path, index_factory, capsys: pytest.CaptureFixture[str], recommendation: str) -> None:
    # Invariant 1 has no exception: pip's pick (cryptography 50.0.2) is clean and the pair
    # veto would force 38.0.4 (advisory). Safety outranks the knowledge base: the lock keeps
    # pip's clean pick and says which veto it breaks (message, link, rule id), in every
    # recommendation type. (Until the twelfth stop the lock kept 38.0.4 and listed it.)
    index = index_factory(GRAPH)
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": RULES}))
    out = tmp_path / "lock.txt"
    assert main(["lock", "pyopenssl==22.0.0", "--scores", str(scores), "--no-default-scores",
                 "--recommendation", recommendation, "--index-url", index.url, "--isolated",
                 "--cache-dir", str(tmp_path / "cache"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    text = out.read_text()
    assert "cryptography==50.0.2" in text and "pyopenssl==22.0.0" in text
    assert ("warning: cryptography 38.0.4 (pip's pick 50.0.2 has none), now 50.0.2: every stack that avoids "
            "the known advisories of these releases breaks a veto of the knowledge base") in err, err
    assert ("the lock breaks this veto: pyopenssl 22.0.0 fails to import with cryptography 39 "
            "https://example.org/pyopenssl [rule bound:pyopenssl:cryptography]") in err, err
    assert "keeps 1 known advisory" not in err
    assert "score +0.000" in text  # the penalty that ranked the stacks is not the lock's score


def test_nothing_is_listed_when_pips_pick_has_the_same_advisory(
        tmp_path, index_factory, capsys: pytest.CaptureFixture[str]) -> None:
    # The listing is about advisories pip's pick avoids; when pip's pick is affected too,
    # the lock is no less safe than pip's and stays quiet (outside `security`).
    index = index_factory({"pyopenssl": {"22.0.0": ["cryptography>=35,<39"]},
                           "cryptography": {"37.0.0": [], "38.0.4": []}})
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": RULES}))
    assert main(["lock", "pyopenssl==22.0.0", "--scores", str(scores), "--no-default-scores",
                 "--index-url", index.url, "--isolated", "--cache-dir", str(tmp_path / "cache"),
                 "-o", str(tmp_path / "lock.txt")]) == 0
    err = capsys.readouterr().err
    assert "known advisor" not in err and "cryptography==38.0.4" in (tmp_path / "lock.txt").read_text()


def test_one_forced_advisory_does_not_excuse_another_package() -> None:
    # Two packages leave a clean pip pick for an advisory release in the same round: crypto
    # because a veto forces it (the veto yields), lib because of a stability bonus (avoidable).
    # Guarding both at once has no stack; that must not un-guard lib as well.
    from packaging.version import Version

    from test_safety_invariants import _rule, _solve

    graph = {"app": {"1.0": ["pin==1.0", "crypto", "lib"]}, "pin": {"1.0": []},
             "crypto": {"1.0": [], "2.0": []}, "lib": {"1.0": [], "2.0": []}}
    rules = [
        {"id": "pair", "package": "pin", "specifier": "==1.0", "with": {"package": "crypto", "specifier": ">=2"},
         "veto": True, "category": "stability", "message": "pin 1.0 breaks with crypto 2",
         "link": "https://example.org/pair", "source": "tests"},
        _rule(1, "crypto", "<2", "security", -0.5),
        _rule(2, "lib", "==1.0", "stability", 1.0),
        _rule(3, "lib", "==1.0", "security", -0.2),
    ]
    for recommendation in ("stable", "performance", "latest"):
        outcome = _solve(graph, rules, recommendation)
        pins = outcome.stack.pins()
        # crypto: the veto yields to the guard (pip's clean pick); lib: guarded, no veto broken.
        assert pins["crypto"] == "2.0" and pins["lib"] == "2.0", (recommendation, pins, outcome.warnings)
        # `latest` weighs no bonus, so lib 2.0 needs no guard there.
        assert outcome.policy.guards == ({"crypto": Version("2.0")} if recommendation == "latest"
                                         else {"crypto": Version("2.0"), "lib": Version("2.0")})
        assert any(w.startswith("crypto 1.0 (pip's pick 2.0 has none), now 2.0: every stack that avoids")
                   and "[rule pair]" in w for w in outcome.warnings), outcome.warnings
        assert not any(w.startswith("lib") for w in outcome.warnings), outcome.warnings
        assert not any("keeps 1 known advisory" in w for w in outcome.warnings)
