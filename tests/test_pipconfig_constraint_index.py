"""The index lines of pip's configured constraint files (``PIP_CONSTRAINT``, ``constraint =``),
and the order in which pip applies index lines, against real pip.

Why: pip reads its configured constraint files before any ``-c``/``-r`` file and applies their
``--index-url``/``--extra-index-url``/``--find-links``/``--no-index`` lines to its finder
(``pip/_internal/req/req_file.py``, ``handle_option_line``) after its configuration and the
command line made it; a file's ``--index-url`` line replaces every index named before it. Before,
stackwise ignored those lines of the configured files (and kept indexes a later ``--index-url``
line drops), so it locked from indexes pip does not look at. Also: those files are read once
per lock (they were read and parsed twice).

Fixture indexes on 127.0.0.1: ``old`` lists alpha 1.0, ``new`` alpha 2.0; a find-links
directory holds alpha 3.0.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import stackwise.reqfile
from stackwise.cli import main
from support import IndexServer, build_wheel
from support.locks import pins_of
from test_format_control_more import pip_picks


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    old, new, links = (tmp_path_factory.mktemp(n) for n in ("cc-old-index", "cc-new-index", "cc-links"))
    build_wheel(old, "alpha", "1.0")
    build_wheel(new, "alpha", "2.0")
    build_wheel(links, "alpha", "3.0")
    with IndexServer(old) as a, IndexServer(new) as b:
        yield {"old": a.url, "new": b.url, "links": str(links)}


def _lock(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    out = tmp_path / "lock.txt"
    code = main(["lock", *args, "--no-default-scores", "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, out.read_text() if out.exists() else "", err


#: (configured constraints file, pip.conf [global] lines, command line, -c file, -r file lines, pip's alpha)
CASES = {
    # the configured file's --index-url wins over the command line's and the configuration's
    "cc-index-over-command-line": ("--index-url {new}\n", "", ("--index-url", "{old}"), None, "", "2.0"),
    "cc-index-over-configuration": ("--index-url {new}\n", "index-url = {old}\n", (), None, "", "2.0"),
    # ... and a -c or -r file's wins over it (pip reads the configured files first)
    "c-file-over-cc": ("--index-url {new}\n", "", ("--index-url", "{new}"), "--index-url {old}\n", "", "1.0"),
    "r-file-over-cc": ("--index-url {new}\n", "", ("--index-url", "{new}"), None, "--index-url {old}\n", "1.0"),
    # its --index-url replaces the extra indexes named before it (configuration, command line)
    "cc-index-drops-earlier-extras": ("--index-url {old}\n", "extra-index-url = {new}\n",
                                      ("--index-url", "{old}", "--extra-index-url", "{new}"), None, "", "1.0"),
    "cc-extra-index": ("--extra-index-url {new}\n", "", ("--index-url", "{old}"), None, "", "2.0"),
    "cc-no-index-find-links": ("--no-index\n--find-links {links}\n", "", ("--index-url", "{old}"), None, "",
                               "3.0"),
    "cc-find-links-relative-to-it": ("--find-links links\n", "", ("--index-url", "{old}"), None, "", "3.0"),
    # a requirements file's own order: its --index-url line drops the extra index of the line before
    "r-file-index-after-extra": ("", "", ("--index-url", "{new}"), None,
                                 "--extra-index-url {new}\n--index-url {old}\n", "1.0"),
    "r-file-no-index-then-index": ("--find-links {links}\n", "", ("--index-url", "{new}"), None,
                                   "--no-index\n--index-url {old}\n", "3.0"),
}


@pytest.mark.parametrize("where", ["pip.conf", "PIP_CONSTRAINT"])
@pytest.mark.parametrize("case", list(CASES))
def test_index_lines_apply_in_pips_order(tmp_path, capsys, monkeypatch, places, case, where) -> None:
    cc, conf, cli, cfile, req, expected = CASES[case]
    if where == "PIP_CONSTRAINT" and not cc:
        pytest.skip("no configured constraints file in this case")
    ccdir = tmp_path / "ccdir"
    ccdir.mkdir()
    (ccdir / "links").symlink_to(places["links"])  # "--find-links links": relative to the file itself
    ccfile = ccdir / "constraints.txt"
    ccfile.write_text(cc.format(**places))
    pipconf = tmp_path / "pip.conf"
    pipconf.write_text("[global]\n" + conf.format(**places)
                       + (f"constraint = {ccfile}\n" if where == "pip.conf" and cc else ""))
    env = {"PIP_CONFIG_FILE": str(pipconf), **({"PIP_CONSTRAINT": str(ccfile)} if where == "PIP_CONSTRAINT" else {})}
    args = [a.format(**places) for a in cli]
    if cfile is not None:
        (tmp_path / "c.txt").write_text(cfile.format(**places))
        args += ["-c", str(tmp_path / "c.txt")]
    (tmp_path / "r.txt").write_text(req.format(**places) + "alpha\n")
    args += ["-r", str(tmp_path / "r.txt")]
    picks = pip_picks(tmp_path, *args, env=env)
    assert picks["alpha"][0] == expected  # the case is what it says, under real pip
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, text, err = _lock(tmp_path, capsys, *args)
    assert code == 0, err
    assert pins_of(text) == {"alpha": expected}


def counted_constraint_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, places: dict[str, str],
                             *modules: object) -> tuple[Path, list[str]]:
    """A configured constraint file (``PIP_CONSTRAINT``: the ``new`` index as an extra one, and
    ``alpha<2``), and the list every read of a requirements file is recorded in (the reader,
    wrapped where ``stackwise.reqfile`` and ``modules`` call it)."""
    ccfile = tmp_path / "constraints.txt"
    ccfile.write_text(f"--extra-index-url {places['new']}\nalpha<2\n")
    monkeypatch.setenv("PIP_CONSTRAINT", str(ccfile))
    reads: list[str] = []
    real = stackwise.reqfile.read_requirements_file

    def counted(path: str, *args, **kw):  # type: ignore[no-untyped-def]
        reads.append(path)
        return real(path, *args, **kw)

    for module in (stackwise.reqfile, *modules):
        monkeypatch.setattr(module, "read_requirements_file", counted)
    return ccfile, reads


def test_configured_constraint_files_are_read_once_per_lock(tmp_path, capsys, monkeypatch, places) -> None:
    """Read once (by IndexConfig.from_pip), yet both their options and their constraints apply."""
    ccfile, reads = counted_constraint_reads(tmp_path, monkeypatch, places)
    code, text, err = _lock(tmp_path, capsys, "--index-url", places["old"], "alpha", "--no-reuse")
    assert code == 0, err
    assert pins_of(text) == {"alpha": "1.0"}  # the constraint applies (2.0 is on the extra index)
    assert reads == [str(ccfile)]


def test_a_missing_configured_constraint_file_is_still_an_error(tmp_path, capsys, monkeypatch, places) -> None:
    monkeypatch.setenv("PIP_CONSTRAINT", str(tmp_path / "absent.txt"))
    code, _, err = _lock(tmp_path, capsys, "--index-url", places["old"], "alpha")
    assert code != 0
    assert "absent.txt does not exist" in err


def test_a_universal_lock_applies_them_too(tmp_path, capsys, monkeypatch, places) -> None:
    ccfile = tmp_path / "constraints.txt"
    ccfile.write_text(f"--index-url {places['new']}\n")
    args = ["--index-url", places["old"], "alpha"]
    assert pip_picks(tmp_path, *args, env={"PIP_CONSTRAINT": str(ccfile)})["alpha"][0] == "2.0"
    monkeypatch.setenv("PIP_CONSTRAINT", str(ccfile))
    code, text, err = _lock(tmp_path, capsys, *args, "--universal")
    assert code == 0, err
    assert pins_of(text) == {"alpha": "2.0"}


def test_a_universal_lock_reads_them_once(tmp_path, capsys, monkeypatch, places) -> None:
    ccfile, reads = counted_constraint_reads(tmp_path, monkeypatch, places)
    code, text, err = _lock(tmp_path, capsys, "--index-url", places["old"], "alpha", "--universal")
    assert code == 0, err
    assert pins_of(text) == {"alpha": "1.0"}  # the constraint applies in every environment
    assert reads == [str(ccfile)]
