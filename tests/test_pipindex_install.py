"""``stackwise install`` of a requirements lock under pip's configured constraint files
(``PIP_CONSTRAINT``, ``constraint =``) whose index lines name other indexes, against real pip.

Why: ``pip install --require-hashes -r lock.txt`` applies index lines in one order --
configuration, command line, the configured constraint files', the lock's own -- and a later
``--index-url`` replaces every index named before it. Before, ``stackwise install`` ignored the
configured files' index lines and let the command line's ``--index-url`` replace the lock's, so it
looked for the locked files on indexes pip does not ask (and refused locks pip installs).

Fixture indexes on 127.0.0.1: ``old`` lists alpha 1.0, ``new`` alpha 2.0.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stackwise.cli import main
from support import IndexServer, build_wheel
from support.formats import digest
from test_format_control_more import pip_picks
from test_install import make_venv


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    old, new = (tmp_path_factory.mktemp(n) for n in ("pi-old-index", "pi-new-index"))
    build_wheel(old, "alpha", "1.0")
    build_wheel(new, "alpha", "2.0")
    with IndexServer(old) as a, IndexServer(new) as b:
        yield {"old": a.url, "new": b.url,
               "1.0": digest(old, "alpha-1.0-py3-none-any.whl"), "2.0": digest(new, "alpha-2.0-py3-none-any.whl")}


#: (configured constraints file, the lock's index lines, command line, the locked alpha)
CASES = {
    # the configured file's --index-url replaces the command line's
    "cc-index-over-command-line": ("--index-url {new}\n", "", ("--index-url", "{old}"), "2.0"),
    "cc-extra-index": ("--extra-index-url {new}\n", "", ("--index-url", "{old}"), "2.0"),
    # the lock's own --index-url replaces the configured file's (and the command line's)
    "lock-index-over-cc": ("--index-url {old}\n", "--index-url {new}\n", (), "2.0"),
    "lock-index-over-command-line": ("", "--index-url {old}\n", ("--index-url", "{new}"), "1.0"),
    "lock-extra-after-cc-index": ("--index-url {new}\n", "--extra-index-url {old}\n", (), "1.0"),
}


@pytest.mark.parametrize("where", ["pip.conf", "PIP_CONSTRAINT"])
@pytest.mark.parametrize("case", list(CASES))
def test_install_finds_the_locked_files_where_pip_does(tmp_path, capsys, monkeypatch, places, case, where) -> None:
    cc, lines, cli, version = CASES[case]
    if where == "pip.conf" and not cc:
        pytest.skip("no configured constraints file in this case")
    ccfile = tmp_path / "constraints.txt"
    ccfile.write_text(cc.format(**places))
    pipconf = tmp_path / "pip.conf"
    pipconf.write_text("[global]\n" + (f"constraint = {ccfile}\n" if where == "pip.conf" and cc else ""))
    env = {"PIP_CONFIG_FILE": str(pipconf), **({"PIP_CONSTRAINT": str(ccfile)} if where == "PIP_CONSTRAINT" else {})}
    lock = tmp_path / "lock.txt"
    lock.write_text(lines.format(**places) + f"alpha=={version} --hash={places[version]}\n")
    args = [a.format(**places) for a in cli]
    picks = pip_picks(tmp_path, "--no-deps", "--require-hashes", "-r", str(lock), *args, env=env)
    assert picks["alpha"][0] == version  # pip installs the lock under this configuration
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    venv = make_venv(tmp_path / "venv")
    code = main(["install", str(lock), "--target-venv", str(venv), "--dry-run", *args,
                 "--cache-dir", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 0, err
    assert f"would install alpha=={version}" in err, err
