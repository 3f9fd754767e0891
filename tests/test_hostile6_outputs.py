"""Output files of the knowledge commands: ``kb scan -o``/``--report``, ``kb build -o``/``--stats``
and the score file ``kb import`` (and import-osv, import-conda-patches) write. A directory, a
full device or a missing directory was a traceback -- for ``kb build``, after the whole crawl
-- and ``-o ""`` wrote nowhere. Each is now one error, ``kb scan`` and ``kb build`` refuse
before any work, and an existing file is kept. Real files, a real find-links directory, the
CLI in-process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackwise.cli import main
from support import make_index
from test_hostile_sweep import one_error


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_index(tmp_path_factory.mktemp("links"), {"alpha": {"1.0": ["beta"]}, "beta": {"1.0": []}})


def bad_outputs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Each bad path, with the words its error must hold."""
    (tmp_path / "dir").mkdir(exist_ok=True)
    return {"directory": (str(tmp_path / "dir"), "is a directory"), "full": ("/dev/full", "No space left"),
            "missing-dir": (str(tmp_path / "nowhere" / "x.json"), "does not exist"), "empty": ("", "is empty")}


@pytest.mark.parametrize("kind", ["directory", "full", "missing-dir", "empty"])
@pytest.mark.parametrize("option", ["-o", "--report"])
def test_kb_scan_outputs_that_cannot_be_written(links, tmp_path, capsys, kind, option):
    path, needle = bad_outputs(tmp_path)[kind]
    args = ["kb", "scan", "alpha", "-f", str(links), "--no-index", "--isolated", "--cache-dir", str(tmp_path / "cache")]
    if option == "--report":
        args += ["-o", str(tmp_path / "scan.json")]
    err = one_error(main([*args, option, path]), capsys.readouterr().err, needle)
    if kind != "full":  # /dev/full looks writable until written to
        assert "scanned" not in err
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("kind", ["directory", "missing-dir", "empty"])
def test_kb_build_refuses_an_output_it_cannot_write_before_the_crawl(links, tmp_path, capsys, kind):
    path, needle = bad_outputs(tmp_path)[kind]
    code = main(["kb", "build", "alpha", "-f", str(links), "--no-index", "--isolated", "--no-confirm",
                 "--no-confirm-conda", "--state", str(tmp_path / "state"), "--cache-dir", str(tmp_path / "cache"),
                 "-o", path])
    err = one_error(code, capsys.readouterr().err, needle)
    assert "static scan" not in err and not (tmp_path / "nowhere").exists()


CURATED = ('[[rules]]\nid = "x"\npackage = "alpha"\nscore = 0.4\ncategory = "performance"\nmessage = "fast"\n'
           'link = "https://example.org/b"\nsource = "bench"\n')


@pytest.mark.parametrize("kind", ["directory", "full", "missing-dir"])
def test_kb_import_to_a_file_it_cannot_write(tmp_path, capsys, kind):
    path, needle = bad_outputs(tmp_path)[kind]
    curated = tmp_path / "rules.toml"
    curated.write_text(CURATED)
    one_error(main(["kb", "import", str(curated), "-o", path]), capsys.readouterr().err, "score file", needle)
    assert not (tmp_path / "nowhere").exists()
