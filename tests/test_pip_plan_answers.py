"""A reused plan inside real pip takes pip's candidate order from the answers stored with it
(integrations/pip_resolver.py ``_Answers``, issue #16), without loading the knowledge, and
gives exactly what a run that loads it gives; a question the answers do not cover loads it.

Real pip in a fresh environment against the seed fixture index on 127.0.0.1; no network.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_pip_integration import PIP_PICK, SEED_PICK, SEED_SCORES, Venv, decision_lines, report_pins

# Rules about the seed packages that leave pip's own pick alone: a score for the simplelib pip
# picks anyway, and a veto on the dependency2 it does not pick (so pip is offered one fewer).
NEUTRAL_RULES = [
    {"id": "t/simplelib-2", "package": "simplelib", "specifier": "==2.0", "score": 0.5,
     "category": "performance", "message": "fast", "link": "https://example.org/t/1", "source": "test"},
    {"id": "t/dependency2-1", "package": "dependency2", "specifier": "==1.0", "veto": True,
     "category": "stability", "message": "broken", "link": "https://example.org/t/2", "source": "test"},
]
# What differs between two runs with the same result: timings, and how the plan was had.
VOLATILE = ("plan_seconds", "plan_cpu_seconds", "waited_seconds", "child_plan_seconds", "plan_reused",
            "knowledge_loaded")


@pytest.fixture
def venv(tmp_path: Path) -> Venv:
    return Venv(tmp_path / "venv")


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


@pytest.fixture
def neutral_scores(tmp_path: Path) -> str:
    path = tmp_path / "neutral.json"
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "revision": "t-1",
                                "rules": NEUTRAL_RULES}))
    return str(path)


def _run(venv: Venv, index_url: str, tmp_path: Path, scores: str) -> tuple[dict, dict, list[str], str]:
    report = tmp_path / "pip-report.json"
    own = tmp_path / "stackwise-report.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "--report", str(report), "-i", index_url,
                          "simplelib", "anotherlib", "--scores", scores, "--no-default-scores",
                          "--stackwise-report", str(own))
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("stackwise: warning")]
    return report_pins(report), json.loads(own.read_text()), decision_lines(proc.stderr), "\n".join(warnings)


def _stable(own: dict) -> dict:
    return {k: v for k, v in own.items() if k not in VOLATILE}


def _plan_file(venv: Venv) -> Path:
    plans = sorted((venv.cache / "stackwise" / "pip-plans-v1").glob("*.json"))
    assert len(plans) == 1
    return plans[0]


def _edit_answers(venv: Venv, edit) -> None:
    path = _plan_file(venv)
    record = json.loads(path.read_text())
    edit(record["plan"]["answers"])
    path.write_text(json.dumps(record))


def test_reused_plan_answers_without_the_knowledge(venv: Venv, seed_index, tmp_path: Path,
                                                   neutral_scores: str) -> None:
    first = _run(venv, seed_index.url, tmp_path, neutral_scores)
    assert first[1]["plan_reused"] is False and first[1]["knowledge_loaded"] is True
    answers = json.loads(_plan_file(venv).read_text())["plan"]["answers"]
    assert answers["chosen"] == PIP_PICK and answers["rules"]["dependency2"]
    for _ in range(2):
        again = _run(venv, seed_index.url, tmp_path, neutral_scores)
        assert again[1]["plan_reused"] is True and again[1]["knowledge_loaded"] is False
        assert again[0] == first[0] == PIP_PICK
        assert _stable(again[1]) == _stable(first[1])
        assert again[1]["vetoed"] == {"dependency2": ["1.0"]}
        assert again[1]["knowledge_base"] == {"rules": 2, "revision": "t-1"}
        assert again[2] == first[2] == [] and again[3] == first[3]


@pytest.mark.parametrize("edit", [
    pytest.param(lambda a: a["rules"].pop("dependency2"), id="a-project-not-asked-before"),
    pytest.param(lambda a: a["rules"]["dependency2"].clear(), id="a-version-not-offered-before"),
    pytest.param(lambda a: a["chosen"].update(simplelib="1.0"), id="another-result"),
    pytest.param(lambda a: a.update(rules=5), id="damaged"),
    pytest.param(lambda a: a["rules"]["dependency2"].update({k: "x" for k in a["rules"]["dependency2"]}),
                 id="damaged-score"),
])
def test_a_question_the_answers_do_not_cover_loads_the_knowledge(venv: Venv, seed_index, tmp_path: Path,
                                                                 neutral_scores: str, edit) -> None:
    first = _run(venv, seed_index.url, tmp_path, neutral_scores)
    _edit_answers(venv, edit)
    fallback = _run(venv, seed_index.url, tmp_path, neutral_scores)
    assert fallback[1]["plan_reused"] is True and fallback[1]["knowledge_loaded"] is True
    assert fallback[0] == first[0] and _stable(fallback[1]) == _stable(first[1]) and fallback[3] == first[3]
    # ... and the answers are whole again: the next run does without the knowledge.
    again = _run(venv, seed_index.url, tmp_path, neutral_scores)
    assert again[1]["knowledge_loaded"] is False and _stable(again[1]) == _stable(first[1])


def test_decisions_are_explained_from_the_rules(venv: Venv, seed_index, tmp_path: Path) -> None:
    """When stackwise changed pip's pick, the reused run loads the rules to explain it, as before."""
    first = _run(venv, seed_index.url, tmp_path, SEED_SCORES)
    second = _run(venv, seed_index.url, tmp_path, SEED_SCORES)
    assert second[1]["plan_reused"] is True and second[1]["knowledge_loaded"] is True
    assert first[0] == second[0] == SEED_PICK
    assert first[2] == second[2] and len(second[2]) == 3
    assert _stable(first[1]) == _stable(second[1])
    # The answers themselves were whole: explaining adds nothing to store.
    stored = _plan_file(venv).stat().st_mtime_ns, _plan_file(venv).read_text()
    third = _run(venv, seed_index.url, tmp_path, SEED_SCORES)
    assert third[2] == first[2] and _stable(third[1]) == _stable(first[1])
    assert (_plan_file(venv).stat().st_mtime_ns, _plan_file(venv).read_text()) == stored
