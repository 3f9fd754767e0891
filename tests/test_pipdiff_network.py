"""Against the real public index: with an empty knowledge base, ``stackwise lock`` picks what pip
picks, or fails where pip fails, on requirement sets chosen for pip's corner cases.

Why each set is here: extras with markers, yanked releases (skipped in a range, taken when
pinned, an error when only yanked ones match), Requires-Python hiding the newest releases,
projects with only pre-releases below a bound, ``--only-binary``/``--no-binary``/
``--prefer-binary``, ``~=``, ``!=X.*``,
``===``, unnormalized names, a constraints file, options inside a requirements file, markers on
the command line, and a release whose metadata pip rejects as invalid (boto3 1.2.0 declares
``botocore>=1.3.0,<1.4.0'``: pip >= 24.1 ignores that version). Marked ``network`` (not in the
default run); both tools are isolated from the machine's pip configuration like
tests/test_network.py::

    PYTHONPATH=src python -m pytest -m network tests/test_pipdiff_network.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_network import TIMEOUT, canonical, read_pins, tool_env

pytestmark = pytest.mark.network

SETS: dict[str, list[str]] = {
    "extras-markers": ["requests[socks]", "uvicorn[standard]"],
    "yanked-skipped": ["requests<2.32.2"],
    "yanked-pinned": ["requests==2.32.0"],
    "only-yanked-fails": ["requests>=2.32.0,<2.32.2"],
    "requires-python": ["django"],
    "pre-only-below-bound": ["black<22"],
    "only-binary": ["--only-binary", ":all:", "pandas<2", "numpy"],
    "only-binary-fails": ["--only-binary", ":all:", "pyyaml<6"],
    "prefer-binary": ["--prefer-binary", "thrift", "docopt"],
    "operators": ["sqlalchemy~=1.4.0", "numpy!=2.*,>=1.20", "pydantic!=2.*", "six===1.16.0"],
    "names": ["Typing_Extensions", "zope.interface", "ruamel.yaml", "PyYAML", "jaraco.classes"],
    "markers": ['typing-extensions; python_version<"3.12"', 'pywin32; sys_platform=="win32"',
                'colorama; os_name=="nt"', "pytest"],
    "invalid-metadata-skipped": ["boto3<=1.2.0"],
    "invalid-metadata-fails": ["boto3==1.2.0"],
}


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, env=tool_env(), timeout=TIMEOUT)


def _both(args: list[str], tmp: Path) -> tuple[dict[str, str] | None, dict[str, str] | None, str]:
    """(stackwise's pins, pip's pins, stackwise's stderr); None where the tool failed."""
    out, report = tmp / "lock.txt", tmp / "report.json"
    ours = _run([sys.executable, "-m", "stackwise", "lock", *args, "--no-default-scores", "--no-hashes",
                 "--cache-dir", str(tmp / "sw-cache"), "-o", str(out), "-q"])
    pip = _run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                "--cache-dir", str(tmp / "pip-cache"), "--report", str(report), *args])
    got = read_pins(out.read_text()) if ours.returncode == 0 else None
    expected = None
    if pip.returncode == 0:
        expected = {canonical(i["metadata"]["name"]): i["metadata"]["version"]
                    for i in json.loads(report.read_text())["install"]}
    return got, expected, ours.stderr


@pytest.mark.parametrize("args", list(SETS.values()), ids=list(SETS))
def test_empty_kb_picks_what_pip_picks(args: list[str], tmp_path: Path) -> None:
    got, expected, err = _both(args, tmp_path)
    assert "Traceback" not in err
    assert got == expected, f"{args}: stackwise {got}, pip {expected}\n{err[-2000:]}"


def test_options_in_a_requirements_file_and_a_constraints_file(tmp_path: Path) -> None:
    (tmp_path / "cons.txt").write_text("Flask_Cors<4\nwerkzeug<3.0\n")
    req = tmp_path / "req.txt"
    req.write_text(f"--only-binary :all:\n-c {tmp_path / 'cons.txt'}\nFlask.Cors\n"
                   'requests[socks] ; python_version >= "3.8"\nblack<22\n')
    got, expected, err = _both(["-r", str(req)], tmp_path)
    assert got is not None and got == expected, err[-2000:]
