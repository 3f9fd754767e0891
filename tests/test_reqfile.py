"""Requirements files are read like pip reads them, and what we can't honour is refused."""

from __future__ import annotations

import pytest

from stackwise.errors import RequirementError
from stackwise.reqfile import Inputs, read_requirements_file


def read(tmp_path, text, name="req.in", **files):
    for fname, content in files.items():
        (tmp_path / fname).write_text(content)
    path = tmp_path / name
    path.write_text(text)
    inputs = Inputs()
    read_requirements_file(str(path), inputs)
    return inputs


def test_comments_continuations_env_and_includes(tmp_path, monkeypatch):
    monkeypatch.setenv("FLAVOUR", "fast")
    (tmp_path / "wheels").mkdir()  # pip reads -f relative to the file only where that exists
    inputs = read(
        tmp_path,
        "# comment\n"
        "alpha>=1 \\\n  ,<3  # trailing comment\n"
        "beta[${FLAVOUR}]; python_version >= '3'\n"
        "-r more.txt\n"
        "--constraint cons.txt\n"
        "--index-url http://127.0.0.1:1/simple\n"
        "--extra-index-url=http://127.0.0.1:2/simple\n"
        "-f wheels\n"
        "--pre\n",
        **{"more.txt": "gamma==1.0\n", "cons.txt": "delta<2\n"},
    )
    assert [str(line.requirement) for line in inputs.requirements] == [
        "alpha<3,>=1", 'beta[fast]; python_version >= "3"', "gamma==1.0"]
    assert [str(line.requirement) for line in inputs.constraints] == ["delta<2"]
    assert inputs.requirements[0].origin.endswith("req.in:2")
    assert inputs.requirements[2].origin.endswith("more.txt:1")
    assert inputs.index_url == "http://127.0.0.1:1/simple"
    assert inputs.extra_index_urls == ["http://127.0.0.1:2/simple"]
    assert inputs.find_links == [str(tmp_path / "wheels")]
    assert inputs.pre is True
    assert inputs.files == [str(tmp_path / "req.in"), str(tmp_path / "more.txt")]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("alpha >>> 1\n", "req.in:1: invalid requirement"),
        ("-e .\n", "editable requirements"),
        ("alpha @ https://example.org/alpha-1.0.tar.gz\n", "direct URL requirement"),
        ("./local/pkg\n", "Local paths"),
        ("--no-such-option x\n", "unsupported option '--no-such-option'"),
        ("-r\n", "needs a value"),
        ("-r missing.txt\n", "does not exist"),
        ("alpha --install-option=x\n", "unsupported per-requirement option"),
        # pip: "--prefer-binary option does not take a value"; before, the value was dropped
        ("--prefer-binary=yes\n", "req.in:1: option --prefer-binary does not take a value"),
        ("--pre=1\n", "option --pre does not take a value"),
        ("--no-index=x\n", "option --no-index does not take a value"),
        # an unclosed quote in a requirement's options was a bare ValueError (a traceback)
        ('alpha==1.0 --hash="sha256:abc\n', "req.in:1: cannot parse the options of"),
    ],
)
def test_refusals_name_file_and_line(tmp_path, text, needle):
    with pytest.raises(RequirementError) as err:
        read(tmp_path, text)
    assert needle in str(err.value)


def test_include_loop_is_an_error(tmp_path):
    with pytest.raises(RequirementError, match="loop"):
        read(tmp_path, "-r b.txt\n", name="a.txt", **{"b.txt": "-r a.txt\n"})


def test_require_hashes_is_accepted(tmp_path):
    """Hashed locks written for ``pip install -r`` often start with it (before: refused as an
    unsupported option, so ``stackwise install`` could not read such a lock)."""
    inputs = read(tmp_path, "--require-hashes\nalpha==1.0 --hash=sha256:abc\n")
    assert [r.hashes for r in inputs.requirements] == [("sha256:abc",)]


def test_hashes_are_kept_for_the_caller(tmp_path):
    inputs = read(tmp_path, "alpha==1.0 --hash=sha256:abc --hash=sha256:def\n")
    assert inputs.requirements[0].hashes == ("sha256:abc", "sha256:def")
