"""conda-forge repodata patches -> pair rules (stackwise.knowledge.conda, kb import-conda-patches).

Small patch files written here use the shapes of the real feedstock files; one test reads
the real snapshot in the shared data directory (skipped when it is absent).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from stackwise.commands import kb_conda
from stackwise.errors import StackwiseError
from stackwise.knowledge.conda import (
    CONDA_SCORE,
    SOURCE_PREFIX,
    complements,
    conda_clauses,
    import_conda_patches,
    native_reason,
    parse_conda_spec,
)
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.scorefile import parse_document

pytest.importorskip("yaml")

COMMIT = "0123456789abcdef0123456789abcdef01234567"
SNAPSHOT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "conda-forge-repodata-patches"

PANDAS = """\
# pandas before 2.2 was built against numpy 1.x
# see https://github.com/pandas-dev/pandas/issues/55519
if:
  name: pandas
  version_lt: 2.2.0
  has_depends: python >=3.9*
  not_has_depends: numpy *,<2.0a0
then:
  - tighten_depends:
      name: numpy
      upper_bound: "2.0"
---
if:
  name: pandas
  timestamp_lt: 1753977379000
  version: 2.2.2
then:
  - replace_depends:
      new: numpy >=1.22.4,<3
      old: numpy >=1.19,<3
  - replace_depends:
      old: pytz >=2020.1
      new: pytz >=2017.2
---
if:
  name: pandas
  timestamp_lt: 1600000000000
then:
  - tighten_depends:
      name: numpy
      upper_bound: "1.20"
"""

MIXED = """\
# the native and conda-only parts of a patch never become rules
if:
  name: scikit-learn
  version: 1.7.0
then:
  - add_depends:
      - libblas >=3.9
      - python >=3.10
      - _openmp_mutex >=4.5
      - __glibc >=2.17
      - cuda-version >=12
      - openssl >=3
      - gxx_linux-64 13.*
      - scipy >=1.8.0
---
if:
  name: pytorch
  version_lt: "2.3.0"
then:
  - tighten_depends:
      name: numpy
      upper_bound: "2.0"
---
if:
  name: seaborn-base
  version_in: ["0.12.0", "0.12.1"]
then:
  - add_depends: matplotlib-base >=3.1,!=3.6.1
---
if:
  name: python-slugify
then:
  - add_constrains:
      - "slugify <0"
      - "awesome-slugify <0"
---
if:
  name: libopencv
  version_le: 4.12.0
then:
  - add_depends: numpy <2
---
if:
  name: dask
  version: 2023.1.0
then:
  - add_constrains: distributed >=${version},<${next_version}.0a0
---
if:
  name: dask
  version_lt: 2023.1.0
then:
  - add_constrains: distributed >=${version}
---
if:
  name: jax
  version: 0.4.1
  build: pyhd8ed1ab_0
then:
  - add_depends: ml_dtypes >=0.2
---
if:
  name: pytorch
  version_lt: 1.10.0
  build: cpu_*
then:
  - add_constrains: typing_extensions <4
---
if:
  artifact_in: arviz-0.11.2-pyhd8ed1ab_0.tar.bz2
then:
  - add_depends: xarray <2023
---
if:
  name: lightgbm
  subdir_in: [osx-64, osx-arm64]
  version: 4.0.0
then:
  - add_depends: scikit-learn !=1.3.0
---
if:
  name: tensorflow
  version: 2.14.0
then:
  - add_depends: tensorflow-base ==2.14.0
---
if:
  name: pyarrow
  timestamp_lt: 1607959235411
  version: 1.0.0
then:
  - tighten_depends:
      name: numpy
      max_pin: x
  - loosen_depends:
      name: numpy
      upper_bound: "3.0"
"""


def write_snapshot(root: Path, files: dict[str, str], *, commit: str | None = COMMIT) -> Path:
    patch_dir = root / "recipe" / "patch_yaml"
    patch_dir.mkdir(parents=True)
    for name, text in files.items():
        (patch_dir / name).write_text(text, encoding="utf-8")
    if commit:
        (root / "SOURCE.md").write_text(f"# snapshot\n\nSource: the feedstock, commit {commit} (2026-01-01).\n")
    return root


def by_id(kb: KnowledgeBase) -> dict[str, Any]:
    return {rule.id: rule for rule in kb}


def test_an_added_upper_bound_becomes_an_attributed_pair_rule(tmp_path: Path) -> None:
    root = write_snapshot(tmp_path / "snap", {"pandas.yaml": PANDAS})
    kb, stats = import_conda_patches([root])
    rules = by_id(kb)
    rule = rules["conda:pandas:<2.2.0:numpy:>=2.0a0"]
    assert rule.package.name == "pandas" and str(rule.package.specifier) == "<2.2.0"
    assert rule.other is not None and rule.other.name == "numpy" and str(rule.other.specifier) == ">=2.0a0"
    assert rule.score == CONDA_SCORE and rule.veto is False and rule.category == "stability"
    assert rule.source == SOURCE_PREFIX + COMMIT
    assert rule.link == (
        "https://github.com/conda-forge/conda-forge-repodata-patches-feedstock/blob/"
        f"{COMMIT}/recipe/patch_yaml/pandas.yaml"
    )
    assert "pandas<2.2.0 depend on numpy <2.0a0" in rule.message
    assert "https://github.com/pandas-dev/pandas/issues/55519" in rule.message  # the patch's comment
    assert COMMIT[:12] in rule.message and "BSD-3-Clause" in rule.message
    assert rule.evidence == {
        "kind": "conda-forge-repodata-patch",
        "file": "recipe/patch_yaml/pandas.yaml",
        "document": 1,
        "operation": "tighten_depends",
        "conda_package": "pandas",
        "conda_spec": "numpy <2.0a0",
        "commit": COMMIT,
    }
    # The pair matches what the patch forbids, and only that.
    assert rule.other.matches("numpy", Version("2.0.0rc1")) and not rule.other.matches("numpy", Version("1.26.4"))
    assert rule.package.matches("pandas", Version("2.1.4")) and not rule.package.matches("pandas", Version("2.2.0"))

    # replace_depends: only the clause the new spec adds (a raised lower bound) counts;
    # lowering a bound is a relaxation and gives nothing.
    assert str(rules["conda:pandas:==2.2.2:numpy:<1.22.4"].other.specifier) == "<1.22.4"
    assert not any(":pytz:" in rid for rid in rules)
    assert stats.dropped["not-added"] == 1
    assert stats.dropped["timestamp-only"] == 1  # the third document: no version range
    assert len(kb) == 2 and stats.documents == 3 and stats.files == 1 and stats.rules == 2


def test_names_are_mapped_and_native_packages_dropped(tmp_path: Path) -> None:
    root = write_snapshot(tmp_path / "snap", {"mixed.yaml": MIXED})
    kb, stats = import_conda_patches([root])
    rules = by_id(kb)
    names = {n for rule in kb for n in rule.names()}
    for native in ("libblas", "python", "_openmp_mutex", "__glibc", "cuda-version", "openssl", "gxx_linux-64",
                   "libopencv", "tensorflow-base", "pytorch", "seaborn-base", "matplotlib-base"):
        assert native not in names
    assert stats.dropped["native"] >= 8  # seven native dependencies and the native libopencv

    assert "conda:scikit-learn:==1.7.0:scipy:<1.8.0" in rules  # the one Python dependency is kept
    assert str(rules["conda:torch:<2.3.0:numpy:>=2.0a0"].package.specifier) == "<2.3.0"  # pytorch -> torch
    # seaborn-base -> seaborn, matplotlib-base -> matplotlib; one rule per listed version and clause.
    assert {rid for rid in rules if rid.startswith("conda:seaborn:")} == {
        "conda:seaborn:==0.12.0:matplotlib:<3.1",
        "conda:seaborn:==0.12.0:matplotlib:==3.6.1",
        "conda:seaborn:==0.12.1:matplotlib:<3.1",
        "conda:seaborn:==0.12.1:matplotlib:==3.6.1",
    }
    # "<0" forbids every version: the pair has no specifier on that side.
    slugify = rules["conda:python-slugify:*:slugify:*"]
    assert str(slugify.package.specifier) == "" and str(slugify.other.specifier) == ""
    assert "conda:python-slugify:*:awesome-slugify:*" in rules

    # Templates are filled from an exact version, dropped for a range.
    assert "conda:dask:==2023.1.0:distributed:<2023.1.0" in rules
    assert "conda:dask:==2023.1.0:distributed:>=2023.1.1.0a0" in rules
    assert stats.dropped["template"] == 1
    # A noarch build string is the version; a variant build string is not.
    assert "conda:jax:==0.4.1:ml-dtypes:<0.2" in rules
    assert not any(rid.startswith("conda:torch:<1.10.0:typing-extensions") for rid in rules)
    assert stats.dropped["build-selector"] == 1
    # An artifact of a noarch Python build names the package and its version.
    assert "conda:arviz:==0.11.2:xarray:>=2023" in rules
    # A platform selector becomes the rule's condition.
    lgbm = next(r for r in kb if r.package.name == "lightgbm")
    assert lgbm.condition is not None and "darwin" in str(lgbm.condition.marker)
    assert str(lgbm.other.specifier) == "==1.3.0"
    # tensorflow-base is tensorflow: a pair of one package is no pair.
    assert stats.dropped["same-package"] == 1
    assert stats.dropped["max-pin"] == 1 and stats.dropped["not-a-constraint"] == 1
    # Every rule validates as a score file, with its evidence.
    again = parse_document(kb.to_document(), "again")
    assert len(again) == len(kb)


def test_bad_files_and_documents_are_skipped_with_counted_warnings(tmp_path: Path) -> None:
    root = write_snapshot(tmp_path / "snap", {
        "good.yaml": PANDAS,
        "broken.yaml": "if:\n  name: [unclosed\nthen: {\n",
        "shape.yaml": "- just\n- a list\n---\nif: pandas\nthen: []\n---\nif:\n  name: pandas\nthen:\n  - 42\n"
                      "  - frobnicate_depends: numpy\n  - replace_depends: numpy\n",
        "binary.yaml": "",
    })
    (root / "recipe" / "patch_yaml" / "latin1.yaml").write_bytes(b"# caf\xe9\nif:\n  name: x\n")
    kb, stats = import_conda_patches([root])
    assert len(kb) == 2  # the good file still counts
    assert stats.unreadable == 2  # not YAML, not UTF-8
    assert stats.bad_documents >= 5
    assert stats.warning_count == len(stats.warnings) >= 7
    assert any("broken.yaml" in w and "not valid YAML" in w for w in stats.warnings)
    assert any("frobnicate_depends" in w for w in stats.warnings)


def test_paths_commit_and_pyyaml_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(StackwiseError, match="no such file or directory"):
        import_conda_patches([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(StackwiseError, match=r"no repodata patch files"):
        import_conda_patches([tmp_path / "empty"])
    root = write_snapshot(tmp_path / "snap", {"pandas.yaml": PANDAS}, commit=None)
    with pytest.raises(StackwiseError, match="--commit"):
        import_conda_patches([root])
    with pytest.raises(StackwiseError, match="not a git commit"):
        import_conda_patches([root], commit="main")
    kb, stats = import_conda_patches([root / "recipe" / "patch_yaml" / "pandas.yaml"], commit="abcdef1")
    assert stats.commit == "abcdef1" and all(r.source == SOURCE_PREFIX + "abcdef1" for r in kb)
    # A git checkout tells its commit without a SOURCE.md.
    git = root / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text(COMMIT + "\n")
    kb, stats = import_conda_patches([root])
    assert stats.commit == COMMIT
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(StackwiseError, match=r"stackwise\[osv\]"):
        import_conda_patches([root])


def test_the_index_check_drops_what_the_index_lacks(tmp_path: Path) -> None:
    root = write_snapshot(tmp_path / "snap", {"mixed.yaml": MIXED})
    asked: list[list[str]] = []

    def exists(names: Any) -> list[str]:
        asked.append(list(names))
        return [n for n in names if n != "awesome-slugify"]

    kb, stats = import_conda_patches([root], exists=exists)
    assert len(asked) == 1 and "awesome-slugify" in asked[0]  # one call with every name
    assert not any("awesome-slugify" in rule.id for rule in kb)
    assert stats.dropped["not-on-index"] == 1


def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    kb_conda.register(parser.add_subparsers())
    return parser.parse_args(["import-conda-patches", *argv])


def test_cli_writes_merges_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_snapshot(tmp_path / "snap", {"pandas.yaml": PANDAS, "mixed.yaml": MIXED})
    existing = tmp_path / "existing.json"
    old = {"id": "conda:gone:*:numpy:*", "package": "gone", "with": {"package": "numpy"}, "score": -0.7,
           "category": "stability", "message": "an older import", "link": "https://example.org/x",
           "source": SOURCE_PREFIX + "f" * 40}
    mine = {"id": "mine", "package": "pandas", "score": 0.1, "category": "stability", "message": "kept",
            "link": "https://example.org/y", "source": "curated"}
    existing.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [old, mine]}))
    out = tmp_path / "out.json"
    args = _cli([str(root), "-o", str(out), "--merge", str(existing), "-v"])
    assert args.kb_run(args) == 0
    err = capsys.readouterr().err
    data = json.loads(out.read_text())
    ids = {r["id"] for r in data["rules"]}
    assert "mine" in ids and "conda:gone:*:numpy:*" not in ids  # an earlier import is replaced whole
    assert "conda:pandas:<2.2.0:numpy:>=2.0a0" in ids
    assert "read 16 patch document(s) from 2 file(s)" in err
    assert "dropped native: mixed.yaml#1 scikit-learn/libblas" in err  # -v lists each drop
    assert "dropped     1 timestamp-only:" in err  # the counts by reason
    assert "Names were not checked against an index" in err


def test_cli_checks_names_against_an_index(tmp_path: Path, index_factory, capsys) -> None:
    srv = index_factory({"pandas": {"2.1.0": []}, "numpy": {"1.26.0": [], "2.0.0": []}})
    root = write_snapshot(tmp_path / "snap", {"pandas.yaml": PANDAS, "mixed.yaml": MIXED})
    args = _cli([str(root), "-i", srv.url])
    assert args.kb_run(args) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert {r["id"] for r in data["rules"]} == {"conda:pandas:<2.2.0:numpy:>=2.0a0", "conda:pandas:==2.2.2:numpy:<1.22.4"}
    assert "not-on-index" in captured.err and "Names were not checked" not in captured.err


def test_conda_spec_syntax() -> None:
    assert parse_conda_spec("numpy >=1.22,<2.0a0").version == ">=1.22,<2.0a0"
    assert parse_conda_spec("pandas<3").version == "<3"
    assert parse_conda_spec("seaborn =0.13.2=*_1") == parse_conda_spec("seaborn ==0.13.2=*_1")
    assert parse_conda_spec("conda-forge::numpy 1.26.*").name == "numpy"
    assert [str(c) for c in conda_clauses(">=1.22,<2.0a0")] == [">=1.22", "<2.0a0"]
    assert [str(c) for c in conda_clauses("1.26.*")] == ["==1.26.*"]
    assert [str(c) for c in conda_clauses("=1.26")] == ["==1.26.*"]
    assert [str(c) for c in conda_clauses("1.26.4")] == ["==1.26.4"]
    assert [str(c) for c in conda_clauses("*,<2.0a0")] == ["<2.0a0"]
    assert [str(c) for c in conda_clauses(">=*,<3a0")] == ["<3a0"]
    for bad in ("<6.5|>=6.7", ">=1.[0123]", "1.1.1k"):
        with pytest.raises(Exception, match="unexpressible-spec"):
            conda_clauses(bad)
    spec = conda_clauses("~=12.0")[0]
    assert complements(spec) == ["<12.0", "!=12.*"]
    assert complements(conda_clauses("<0.0.0a")[0]) == [""]


def test_native_reasons() -> None:
    for name in ("libblas", "python", "_openmp_mutex", "__glibc", "cuda-version", "openssl", "gxx_linux-64",
                 "cudatoolkit", "qt6-main", "arrow-cpp", "r-base", "vs2022_win-64", "mkl"):
        assert native_reason(name), name
    for name in ("numpy", "libpysal", "cuda-python", "pyqtgraph", "llvmlite", "pandas", "qtpy"):
        assert native_reason(name) is None, name


NATIVE_NAMES = ("libblas", "libcblas", "liblapack", "openssl", "__glibc", "__cuda", "python", "python_abi",
                "_openmp_mutex", "cudatoolkit", "cuda-version", "libgcc-ng", "libstdcxx-ng", "zlib",
                "gxx_linux-64", "mkl", "tbb", "openblas", "libarrow", "arrow-cpp", "hdf5", "qt-main")


@pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="the conda-forge repodata patch snapshot is not there")
def test_the_real_snapshot() -> None:
    kb, stats = import_conda_patches([SNAPSHOT])
    commit = stats.commit
    assert len(commit) == 40
    assert stats.files > 100 and stats.documents > 500 and stats.rules == len(kb) > 100
    assert stats.dropped["native"] > 0 and stats.dropped["timestamp-only"] > 0
    assert stats.unreadable == 0 and stats.bad_documents == 0
    doc = kb.to_document()
    again = parse_document(json.loads(json.dumps(doc)), "snapshot import")  # every rule validates
    assert len(again) == len(kb)
    for rule in kb:
        assert rule.source == SOURCE_PREFIX + commit
        assert f"/blob/{commit}/recipe/patch_yaml/" in rule.link
        assert commit[:12] in rule.message and "BSD-3-Clause" in rule.message
        assert rule.is_pair and rule.veto is False and rule.score == CONDA_SCORE
        assert rule.evidence is not None and rule.evidence["commit"] == commit
        for name in rule.names():
            assert name not in NATIVE_NAMES and native_reason(name) is None, rule.id
    rules = by_id(kb)
    # Facts a reader can check in the snapshot's numpy2_known_lower_bound.yaml.
    assert "conda:pandas:<2.2.2:numpy:>=2.0a0" in rules
    assert any(rule.package.name == "torch" for rule in kb)  # pytorch is mapped
