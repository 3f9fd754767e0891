"""Large score files: validated once, then read per package from a compiled index."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from stackwise.cli import main
from stackwise.errors import ScoreFileError
from stackwise.knowledge.compiled import (
    COMPILE_MIN_BYTES,
    DIR_NAME,
    CompiledScoreFile,
    open_score_file,
)
from stackwise.knowledge.scorefile import load_score_file

ROOT = Path(__file__).resolve().parents[1]
SEED_RULES = json.loads((ROOT / "fixtures" / "seed" / "scores.json").read_text())["rules"]


def filler(n: int) -> list[dict[str, Any]]:
    return [{"id": f"fill/{i}", "package": f"filler-{i % 3000}", "specifier": f"=={i % 7}.0", "score": -0.1,
             "category": "performance", "message": "synthetic filler rule to make the file large",
             "link": "https://example.org/filler", "source": "tests"} for i in range(n)]


def write(path: Path, rules: list[dict[str, Any]], revision: str = "r1") -> Path:
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "revision": revision, "rules": rules}))
    return path


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = write(tmp_path / "big.json", [*SEED_RULES, *filler(6000)])
    assert path.stat().st_size >= COMPILE_MIN_BYTES
    return path


def as_json(rules: Any) -> list[dict[str, Any]]:
    return sorted((r.to_json() for r in rules), key=lambda d: d["id"])


def test_compiled_rules_equal_the_files_rules(big: Path, cache_dir: Path) -> None:
    direct = load_score_file(big)
    first = open_score_file(big, cache_dir)  # compiles
    again = open_score_file(big, cache_dir)  # reads the index
    assert isinstance(first, CompiledScoreFile) and isinstance(again, CompiledScoreFile)
    assert len(again) == len(direct) and again.revision == "r1"
    names = {"simplelib", "anotherlib", "dependency1", "dependency2", "filler-7", "Filler_7", "unknown"}
    for name in names:
        assert as_json(again.for_package(name)) == as_json(direct.for_package(name)), name
    # A pair rule is found under both of its packages.
    pairs = [r for r in direct.rules if r.is_pair]
    assert pairs
    for rule in pairs:
        assert rule.id in {r.id for r in again.for_package(rule.other.name)}
    assert again.packages() == direct.packages()


def test_small_files_are_loaded_directly(tmp_path: Path, cache_dir: Path) -> None:
    small = write(tmp_path / "small.json", SEED_RULES)
    kb = open_score_file(small, cache_dir)
    assert not isinstance(kb, CompiledScoreFile) and len(kb) == len(SEED_RULES)
    assert not (cache_dir / DIR_NAME).exists()


def test_a_changed_file_is_recompiled(big: Path, cache_dir: Path) -> None:
    assert isinstance(open_score_file(big, cache_dir), CompiledScoreFile)
    rules = [*SEED_RULES, *filler(6000)]
    rules[-1] = {**rules[-1], "score": -0.9}
    write(big, rules, revision="r2")
    os.utime(big, ns=(1, 1))  # a different mtime even on coarse clocks
    kb = open_score_file(big, cache_dir)
    assert kb.revision == "r2"
    last = rules[-1]
    assert [r.score for r in kb.for_package(last["package"]) if r.id == last["id"]] == [-0.9]


def test_a_file_rewritten_at_the_same_size_with_its_mtime_put_back_is_recompiled(big: Path, cache_dir: Path) -> None:
    assert isinstance(open_score_file(big, cache_dir), CompiledScoreFile)
    st, data = big.stat(), big.read_bytes()
    assert data.count(b'"id": "fill/5999", "package": "filler-2999", "specifier": "==0.0", "score": -0.1') == 1
    with open(big, "r+b") as fh:  # in place: same inode, same size
        fh.write(data.replace(b'"filler-2999", "specifier": "==0.0", "score": -0.1',
                              b'"filler-2999", "specifier": "==0.0", "score": -0.9'))
    os.utime(big, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (big.stat().st_size, big.stat().st_mtime_ns, big.stat().st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)
    kb = open_score_file(big, cache_dir)
    assert [r.score for r in kb.for_package("filler-2999") if r.id == "fill/5999"] == [-0.9]


def test_a_corrupt_index_is_rebuilt(big: Path, cache_dir: Path) -> None:
    open_score_file(big, cache_dir)
    (index,) = (cache_dir / DIR_NAME).iterdir()
    index.write_bytes(b"this is not a database")
    kb = open_score_file(big, cache_dir)
    assert isinstance(kb, CompiledScoreFile)
    assert {r.id for r in kb.for_package("simplelib")} == {r.id for r in load_score_file(big).for_package("simplelib")}


def test_an_invalid_large_file_fails_like_any_score_file(tmp_path: Path, cache_dir: Path) -> None:
    rules = [*SEED_RULES, *filler(6000)]
    rules[4000] = {**rules[4000], "score": 7}
    bad = write(tmp_path / "bad.json", rules)
    with pytest.raises(ScoreFileError) as direct:
        load_score_file(bad)
    with pytest.raises(ScoreFileError) as compiled:
        open_score_file(bad, cache_dir)
    assert str(compiled.value) == str(direct.value) and "rule #4001" in str(compiled.value)
    assert not any((cache_dir / DIR_NAME).glob("*.sqlite3"))


def test_an_unwritable_cache_means_a_direct_load(big: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would go")
    kb = open_score_file(big, blocker)
    assert not isinstance(kb, CompiledScoreFile)
    assert len(kb.for_package("simplelib")) == len(load_score_file(big).for_package("simplelib"))


def test_lock_with_a_large_score_file(big: Path, index_factory: Any, seed_graph: Any, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    index = index_factory(seed_graph)
    cache = tmp_path / "cache"
    for run in range(2):  # compile, then use the index
        out = tmp_path / f"lock{run}.txt"
        argv = ["lock", "simplelib", "anotherlib", "--scores", str(big), "--no-default-scores",
                "--index-url", index.url, "--isolated", "--cache-dir", str(cache), "-o", str(out)]
        assert main(argv) == 0, capsys.readouterr().err
        pins = {line.split("==")[0]: line.split("==")[1].split()[0] for line in out.read_text().splitlines()
                if "==" in line and not line.startswith(("#", " "))}
        assert pins == {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}
        assert len(list((cache / DIR_NAME).glob("*.sqlite3"))) == 1
    assert main(["cache", "info", "--cache-dir", str(cache)]) == 0
    assert "compiled score file indexes: 1" in capsys.readouterr().out
    assert main(["cache", "clear", "--cache-dir", str(cache)]) == 0
    assert not list((cache / DIR_NAME).glob("*.sqlite3"))
