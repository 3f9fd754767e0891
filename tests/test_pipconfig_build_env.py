"""What reaches the pip that installs an sdist build's requirements, against pip's own isolated
builds (``pip install --dry-run --report`` with build isolation, real pip, 127.0.0.1).

Why: pip (26.3, ``pip/_internal/build_env/installer.py``) runs the pip installing build
requirements with ``_PIP_IN_BUILD_IGNORE_CONSTRAINTS=1``, so the user's configured constraint
files (``PIP_CONSTRAINT``, ``constraint =``) do not apply there; stackwise's builds inherited
them and built with another build requirement than pip does, so the locked dependencies of the
built sdist were not pip's. ``--pre`` is not passed on by pip (its ``ReleaseControl`` records no
step for ``--pre``, only for ``--all-releases``/``--only-final``), while ``PIP_PRE`` reaches the
build through the environment: stackwise must do the same.

The index: ``helper`` 1.0 and 2.0 wheels (CODE 1, 2) and 3.0rc1 (CODE 3); ``main-x``, an sdist
whose build requirement is ``helper`` and whose built metadata requires ``dep == helper.CODE``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stackwise.cli import main
from support import IndexServer, build_wheel
from support.locks import pins_of
from test_format_control_more import _tiny_sdist, _tiny_wheel_backend, pip_picks


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IndexServer]:
    d = tmp_path_factory.mktemp("pipconfig-build-files")
    for version, code in (("1.0", "1"), ("2.0", "2"), ("3.0rc1", "3")):
        build_wheel(d, "helper", version, files={"helper/__init__.py": f'CODE = "{code}"\n'})
        build_wheel(d, "dep", code)
    meta = ('"Metadata-Version: 2.1\\nName: main_x\\nVersion: 1.0\\nRequires-Dist: dep==" '
            '+ __import__("helper").CODE + "\\n"')
    _tiny_sdist(d, "main_x", "1.0", ["helper"], _tiny_wheel_backend("main_x", "1.0", module="{}", metadata=meta))
    with IndexServer(d) as srv:
        yield srv


def _same_as_pip(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                 url: str, args: list[str], env: dict[str, str], dep: str) -> None:
    picks = pip_picks(tmp_path, "--index-url", url, *args, "main-x", isolation=True, env=env)
    assert picks["dep"][0] == dep  # what pip's own build installed, as the case says
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("PIP_CACHE_DIR", str(tmp_path / "build-pip-cache"))  # the builds' pip: no shared cache
    out = tmp_path / "lock.txt"
    code = main(["lock", "--index-url", url, *args, "main-x", "--no-default-scores", "--cache-dir",
                 str(tmp_path / "cache"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert pins_of(out.read_text()) == {"dep": dep, "main-x": "1.0"}, err


@pytest.mark.parametrize("where", ["PIP_CONSTRAINT", "pip.conf"])
def test_configured_constraints_do_not_reach_the_build_environment(tmp_path, capsys, monkeypatch, server,
                                                                   where) -> None:
    cfile = tmp_path / "constraints.txt"
    cfile.write_text("helper<2\n")  # pip's build takes helper 2.0 all the same
    env = {"PIP_CONSTRAINT": str(cfile)}
    if where == "pip.conf":
        (tmp_path / "pip.conf").write_text(f"[global]\nconstraint = {cfile}\n")
        env = {"PIP_CONFIG_FILE": str(tmp_path / "pip.conf")}
    _same_as_pip(tmp_path, capsys, monkeypatch, server.url, [], env, "2")


@pytest.mark.parametrize(("args", "env", "dep"), [
    (["--pre"], {}, "2"),  # pip does not pass --pre to its build's pip
    ([], {"PIP_PRE": "1"}, "3"),  # the environment does reach it
])
def test_pre_reaches_the_build_environment_as_in_pip(tmp_path, capsys, monkeypatch, server, args, env,
                                                     dep) -> None:
    _same_as_pip(tmp_path, capsys, monkeypatch, server.url, args, env, dep)


def test_the_build_environment_is_told_to_ignore_constraints() -> None:
    from stackwise.index.build import build_environ
    from stackwise.index.config import IndexConfig

    assert build_environ(IndexConfig())["_PIP_IN_BUILD_IGNORE_CONSTRAINTS"] == "1"
