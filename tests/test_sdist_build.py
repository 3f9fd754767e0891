"""Sdists whose PKG-INFO cannot be trusted get their metadata built, like pip does (PEP 517).

Real sdists, a real index on 127.0.0.1 and real builds in isolated environments: the
build requirements (setuptools) come from a find-links directory filled with wheels
already on this machine (bundled with Python's ensurepip or test suite), never the
network; tests needing them are skipped with the reason when none is found. Tests with
an in-tree backend that needs no build requirements always run.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from packaging.version import InvalidVersion, Version

from stackwise.cli import main
from stackwise.environment import TargetEnvironment
from stackwise.errors import CandidateUnavailable
from stackwise.index.build import build_sdist_metadata, installer_environ
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from support import build_sdist, build_wheel
from support.wheels import build_setuptools_sdist

# -- build requirements from this machine ----------------------------------------------------

_WHEEL_NAME = re.compile(r"^(setuptools|wheel)-([^-]+)-.*\.whl$")


def _wheel_dirs() -> list[Path]:
    """Places a Python installation keeps wheels: ensurepip's bundle, the test suite's data."""
    dirs: list[Path] = []
    for stdlib in [Path(sysconfig.get_path("stdlib")), *Path(sys.base_prefix).parent.glob("*/lib/python3*")]:
        dirs += [stdlib / "ensurepip" / "_bundled", stdlib / "test" / "wheeldata", stdlib / "test"]
    dirs += [Path("/usr/share/python-wheels"), Path("/opt/wheels")]
    return dirs


def _newest_local(project: str) -> Path | None:
    best: tuple[Version, Path] | None = None
    for d in _wheel_dirs():
        for path in d.glob(f"{project}-*.whl") if d.is_dir() else ():
            m = _WHEEL_NAME.match(path.name)
            try:
                version = Version(m.group(2)) if m and m.group(1) == project else None
            except InvalidVersion:
                version = None
            if version is not None and (best is None or version > best[0]):
                best = (version, path)
    return best[1] if best else None


def _build_wheels() -> tuple[list[Path], str]:
    """(wheels for a setuptools build environment, why not) for this machine."""
    setuptools = _newest_local("setuptools")
    if setuptools is None:
        return [], "no setuptools wheel on this machine (ensurepip bundle, test wheeldata, /opt/wheels)"
    version = Version(setuptools.name.split("-")[1])
    if version < Version("40.8.0"):
        return [], f"the newest local setuptools wheel ({setuptools.name}) is older than 40.8.0"
    wanted = [setuptools]
    if version < Version("70.1"):  # older setuptools asks for 'wheel' in get_requires_for_build_wheel
        wheel = _newest_local("wheel")
        if wheel is None:
            return [], f"{setuptools.name} needs the 'wheel' package, and no wheel-*.whl is on this machine"
        wanted.append(wheel)
    return wanted, ""


# -- helpers ---------------------------------------------------------------------------------


def pins_of(lock_text: str) -> dict[str, str]:
    pins = {}
    for line in lock_text.splitlines():
        if "==" in line and not line.lstrip().startswith(("#", "--")):
            name, _, rest = line.partition("==")
            pins[name.strip()] = rest.split()[0].rstrip("\\")
    return pins


def lock(tmp_path: Path, *args: str, cache: Path) -> tuple[int, Path]:
    out = tmp_path / "requirements.txt"
    code = main(["lock", *args, "--isolated", "--no-default-scores", "--cache-dir", str(cache), "-o", str(out)])
    return code, out


def tiny_backend_sdist(dest: Path, name: str, version: str, built_requires: list[str], *, hook: str = "") -> Path:
    """An sdist whose in-tree backend needs no build requirements and has no metadata hook
    (so the front end must fall back to build_wheel); ``hook`` adds code to the backend."""
    metadata = "".join(f"Requires-Dist: {r}\\n" for r in built_requires)
    backend = f'''
import os, zipfile
{hook}
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "{name}-{version}-py3-none-any.whl"
    info = "{name}-{version}.dist-info"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as zf:
        zf.writestr(info + "/METADATA", "Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n{metadata}")
        zf.writestr(info + "/WHEEL", "Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
        zf.writestr(info + "/RECORD", "")
    return name
'''
    pyproject = '[build-system]\nrequires = []\nbuild-backend = "tinybackend"\nbackend-path = ["."]\n'
    # PKG-INFO claims other dependencies: only the built metadata may be used.
    return build_setuptools_sdist(
        dest, name, version, ["from-pkg-info-must-be-ignored"],
        files={"pyproject.toml": pyproject, "tinybackend.py": backend},
    )


# -- tests -----------------------------------------------------------------------------------


def test_installer_environ_mirrors_the_index_config(tmp_path: Path) -> None:
    env = installer_environ(IndexConfig(index_urls=["https://a.test/simple", "https://b.test/simple"],
                                        find_links=[str(tmp_path), "https://c.test/links/"]))
    assert env["PIP_INDEX_URL"] == "https://a.test/simple"
    assert env["PIP_EXTRA_INDEX_URL"] == "https://b.test/simple"
    assert env["PIP_FIND_LINKS"] == f"{tmp_path.resolve().as_uri()} https://c.test/links/"
    assert env["PIP_NO_INDEX"] is None and env["PIP_USER"] is None
    env = installer_environ(IndexConfig(index_urls=["https://a.test/simple"], no_index=True))
    assert env["PIP_NO_INDEX"] == "1" and env["PIP_INDEX_URL"] is None and env["PIP_FIND_LINKS"] is None


def test_sdist_only_release_is_built_pinned_and_cached(
    tmp_path: Path, index_factory, build_links: Path, cache_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["sdlib>=1"])
    build_sdist(files, "sdlib", "1.0", ["leaf>=1"])  # Metadata-Version 2.1, setup.py, no pyproject.toml
    build_wheel(files, "leaf", "1.0")
    build_wheel(files, "leaf", "2.0")
    srv = index_factory(files_dir=files)
    args = ("app", "--index-url", srv.url, "--find-links", str(build_links))
    caplog.set_level(logging.INFO, logger="stackwise.index")

    start = time.perf_counter()
    code, out = lock(tmp_path, *args, cache=cache_dir)
    first = time.perf_counter() - start
    assert code == 0
    assert pins_of(out.read_text()) == {"app": "1.0", "sdlib": "1.0", "leaf": "2.0"}
    assert any("Building the metadata of sdlib 1.0" in r.getMessage() for r in caplog.records)
    # The build environment's pip looked for setuptools on stackwise's index (then found it in find-links).
    assert "/simple/setuptools/" in srv.requests_log

    srv.clear_log()
    caplog.clear()
    start = time.perf_counter()
    code, out = lock(tmp_path, *args, cache=cache_dir)
    second = time.perf_counter() - start
    assert code == 0
    assert pins_of(out.read_text()) == {"app": "1.0", "sdlib": "1.0", "leaf": "2.0"}
    assert not any("Building the metadata" in r.getMessage() for r in caplog.records)
    assert "/files/sdlib-1.0.tar.gz" not in srv.requests_log and "/simple/setuptools/" not in srv.requests_log
    print(f"first lock (one metadata build) {first:.2f}s, second (cached) {second:.2f}s")

    code, out = lock(tmp_path, *args, "--offline", cache=cache_dir)  # cached metadata works offline
    assert code == 0
    assert pins_of(out.read_text())["sdlib"] == "1.0"


def test_broken_sdist_is_skipped_with_a_warning(
    tmp_path: Path, index_factory, build_links: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = tmp_path / "files"
    build_wheel(files, "brk", "1.0")
    build_setuptools_sdist(files, "brk", "2.0", setup_py="raise RuntimeError('brk is broken on purpose')\n")
    srv = index_factory(files_dir=files)
    # no time budget: on a loaded machine the build can outlast the default one, and the lock then
    # falls back to pip's order, where a failed build stops it as it stops pip (tested below)
    code, out = lock(tmp_path, "brk", "--index-url", srv.url, "--find-links", str(build_links),
                     "--time-budget", "0", cache=cache_dir)
    assert code == 0
    assert pins_of(out.read_text()) == {"brk": "1.0"}
    err = capsys.readouterr().err
    warning = next(line for line in err.splitlines() if line.startswith("stackwise: warning: skipped"))
    assert "brk==2.0" in warning and "Could not build the metadata of brk 2.0" in warning
    assert "its build backend failed" in warning and "brk is broken on purpose" in warning
    # the failure is remembered: the next lock skips brk 2.0 again without building it
    config = IndexConfig(index_urls=[srv.url], find_links=[str(build_links)], cache_dir=cache_dir)
    with IndexClient(config, TargetEnvironment.current()) as client:
        release = next(r for r in client.releases("brk") if str(r.version) == "2.0")
        with pytest.raises(CandidateUnavailable, match="remembered from an earlier run"):
            client.metadata(release)
        assert client.stats["sdist_builds"] == 0


def test_missing_build_requirements_skip_the_release(
    tmp_path: Path, index_factory, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0")
    build_sdist(files, "pkg", "2.0", ["leaf"])  # needs setuptools, which the index does not have
    srv = index_factory(files_dir=files)
    code, out = lock(tmp_path, "pkg", "--index-url", srv.url, cache=cache_dir)
    assert code == 0 and pins_of(out.read_text()) == {"pkg": "1.0"}
    err = capsys.readouterr().err
    assert "pkg==2.0" in err and "build requirements could not be installed" in err
    assert "No matching distribution found for setuptools" in err and "Traceback" not in err


def test_backend_without_metadata_hook_falls_back_to_a_wheel_build(
    tmp_path: Path, index_factory, cache_dir: Path
) -> None:
    files = tmp_path / "files"
    tiny_backend_sdist(files, "tiny", "1.0", ["leaf<2"])
    build_wheel(files, "leaf", "1.0")
    build_wheel(files, "leaf", "2.0")
    srv = index_factory(files_dir=files)
    config = IndexConfig(index_urls=[srv.url], cache_dir=cache_dir)
    with IndexClient(config, TargetEnvironment.current()) as client:
        meta = client.metadata(client.releases("tiny")[0])
        assert meta.requires_dist == ("leaf<2",) and client.stats["sdist_builds"] == 1
    with IndexClient(config, TargetEnvironment.current()) as client:  # a new process: the cache
        assert client.metadata(client.releases("tiny")[0]).requires_dist == ("leaf<2",)
        assert client.stats["sdist_builds"] == 0
    code, out = lock(tmp_path, "tiny", "--index-url", srv.url, cache=cache_dir)
    assert code == 0 and pins_of(out.read_text()) == {"tiny": "1.0", "leaf": "1.0"}


def test_the_same_sdist_elsewhere_is_not_built_again(tmp_path: Path, cache_dir: Path) -> None:
    """Find-links files list no hash: the built metadata is still keyed by the sdist's sha256."""
    for where in ("a", "b"):
        tiny_backend_sdist(tmp_path / where, "tiny", "1.0", ["leaf<2"])
        config = IndexConfig(find_links=[str(tmp_path / where)], cache_dir=cache_dir)
        with IndexClient(config, TargetEnvironment.current()) as client:
            assert client.metadata(client.releases("tiny")[0]).requires_dist == ("leaf<2",)
            assert client.stats["sdist_builds"] == (1 if where == "a" else 0)


def test_offline_without_cache_skips_cleanly(tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    links = tmp_path / "links"
    build_sdist(links, "sdlib", "1.0", ["leaf"])
    build_wheel(links, "sdlib", "0.9")
    base = ("--no-index", "--find-links", str(links), "--offline")
    code, out = lock(tmp_path, "sdlib", *base, cache=cache_dir)
    assert code == 0 and pins_of(out.read_text()) == {"sdlib": "0.9"}
    err = capsys.readouterr().err
    assert "sdlib==1.0" in err and "--offline" in err and "Traceback" not in err

    code, _ = lock(tmp_path, "sdlib==1.0", *base, cache=cache_dir)
    err = capsys.readouterr().err
    assert code != 0 and "sdlib" in err and "--offline" in err and "Traceback" not in err


def test_a_hanging_build_is_killed_at_the_timeout(tmp_path: Path) -> None:
    pidfile = tmp_path / "backend.pid"
    hook = (
        "def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):\n"
        f"    open({str(pidfile)!r}, 'w').write(str(os.getpid()))\n"
        "    import time; time.sleep(120)\n"
    )
    sdist = tiny_backend_sdist(tmp_path, "slow", "1.0", [], hook=hook)
    start = time.perf_counter()
    with pytest.raises(CandidateUnavailable) as err:
        build_sdist_metadata(sdist.read_bytes(), sdist.name, "slow 1.0", IndexConfig(), timeout=3)
    assert time.perf_counter() - start < 30
    assert "did not finish within 3 seconds" in str(err.value) and "slow 1.0" in str(err.value)
    pid = int(pidfile.read_text())
    for _ in range(50):  # killed with its process group (a zombie until reaped counts as gone)
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            break
        if state in ("Z", "X"):
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        pytest.fail("the backend process outlived the build timeout")


def test_lookahead_reads_never_build_or_download_an_sdist(tmp_path: Path, index_factory, cache_dir: Path) -> None:
    """The search's look-ahead asks about releases it may never pick: for an sdist-only one it
    gets MetadataNeedsBuild (no download, no build) until a real resolution has built it."""
    from stackwise.errors import MetadataNeedsBuild

    files = tmp_path / "files"
    tiny_backend_sdist(files, "tiny", "1.0", ["leaf<2"])
    build_wheel(files, "leaf", "1.0")
    srv = index_factory(files_dir=files)
    config = IndexConfig(index_urls=[srv.url], cache_dir=cache_dir)
    with IndexClient(config, TargetEnvironment.current()) as client:
        [tiny] = client.releases("tiny")
        srv.clear_log()
        with pytest.raises(MetadataNeedsBuild, match="tiny 1.0"):
            client.lookahead_metadata(tiny)
        assert client.stats["sdist_builds"] == 0 and "/files/tiny-1.0.tar.gz" not in srv.requests_log
        assert client.lookahead_metadata(client.releases("leaf")[0]).name == "leaf"  # wheels are fine
        assert client.metadata(tiny).requires_dist == ("leaf<2",) and client.stats["sdist_builds"] == 1
        assert client.lookahead_metadata(tiny).requires_dist == ("leaf<2",)  # built once: known now


def test_a_run_that_builds_no_sdists_skips_the_release_and_resolves_on_wheels(
        tmp_path: Path, index_factory, cache_dir: Path) -> None:
    """kb build's confirmations (IndexConfig.build_sdists=False): an sdist whose metadata needs
    a build is a skipped candidate, never built; the resolver takes the newest wheel instead,
    and an inspection of a lock holding that sdist is install-failed without building it."""
    from stackwise.inspect.model import Check, StackRequest
    from stackwise.inspect.runner import RunnerSettings, run_inspection

    files = tmp_path / "files"
    tiny_backend_sdist(files, "tiny", "2.0", ["leaf<2"])
    build_wheel(files, "tiny", "1.0", ["leaf<2"])
    build_wheel(files, "leaf", "1.0")
    srv = index_factory(files_dir=files)
    config = IndexConfig(index_urls=[srv.url], cache_dir=cache_dir, build_sdists=False)
    with IndexClient(config, TargetEnvironment.current()) as client:
        two = next(r for r in client.releases("tiny") if str(r.version) == "2.0")
        with pytest.raises(CandidateUnavailable, match="builds none"):
            client.metadata(two)
        assert client.stats["sdist_builds"] == 0

    out = tmp_path / "lock.txt"
    # The command line keeps building (the default); only the config of a run can turn it off.
    assert main(["lock", "tiny", "--isolated", "--no-default-scores", "--index-url", srv.url,
                 "--cache-dir", str(tmp_path / "c2"), "-o", str(out)]) == 0
    assert pins_of(out.read_text())["tiny"] == "2.0"

    lock_text = (f'lock-version = "1.0"\ncreated-by = "test"\n\n[[packages]]\nname = "tiny"\nversion = "2.0"\n'
                 f'[packages.sdist]\nurl = "{srv.file_url("tiny-2.0.tar.gz")}"\n'
                 f'hashes = {{sha256 = "{__import__("hashlib").sha256((files / "tiny-2.0.tar.gz").read_bytes()).hexdigest()}"}}\n')
    settings = RunnerSettings(wheel_cache=str(tmp_path / "wheels"), cache_dir=str(tmp_path / "c3"),
                              index_urls=(srv.url,), network="allow", build_sdists=False)
    result = run_inspection(StackRequest(lock=lock_text, pins=(("tiny", "2.0"),)), Check(command="python -c pass"),
                            settings)
    assert result.outcome == "install-failed" and "build" in result.detail, (result.outcome, result.detail)
    assert "tiny-2.0-py3-none-any.whl" not in result.detail
    built = run_inspection(StackRequest(lock=lock_text, pins=(("tiny", "2.0"),)), Check(command="python -c pass"),
                           RunnerSettings(**{**settings.to_json(), "build_sdists": True}))
    # The same lock with building allowed gets as far as the wheel the tiny backend built (a
    # wheel without a RECORD, which the installer then refuses).
    assert "tiny-2.0-py3-none-any.whl" in (built.detail or ""), (built.outcome, built.detail)


def test_a_lock_fallen_back_to_pips_order_stops_at_a_failed_build_as_pip_does(
    tmp_path: Path, index_factory, build_links: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past the time budget the root is resolved in pip's order, with no deadline: pip's own
    work. pip stops at a failed metadata build; skipping it there instead sent real locks
    through every older release of the projects needing it, building each (a lock of three
    projects ran for more than 20 minutes where pip stopped after 9 s)."""
    files = tmp_path / "files"
    build_wheel(files, "brk", "1.0")
    build_setuptools_sdist(files, "brk", "2.0", setup_py="raise RuntimeError('brk is broken on purpose')\n")
    srv = index_factory(files_dir=files)
    args = ("brk", "--index-url", srv.url, "--find-links", str(build_links), "--time-budget", "0.000001")
    for attempt in ("built now", "remembered"):
        code, out = lock(tmp_path, *args, cache=cache_dir)
        err = capsys.readouterr().err
        assert code == 1 and not out.exists(), (attempt, err)  # before: brk 1.0 locked, brk 2.0 skipped
        assert "Could not build the metadata of brk 2.0" in err and "brk is broken on purpose" in err
        assert "pip stops at a failed build too" in err and "brk!=2.0" in err
        assert "this release is skipped" not in err and "Traceback" not in err
    # within the budget stackwise's own order skips it, as before (and says so)
    code, out = lock(tmp_path, "brk", "--index-url", srv.url, "--find-links", str(build_links), cache=cache_dir)
    assert code == 0 and pins_of(out.read_text()) == {"brk": "1.0"}
    assert "skipped 1 candidate" in capsys.readouterr().err


def test_a_project_whose_builds_keep_failing_is_not_built_release_after_release(
    tmp_path: Path, index_factory, build_links: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``--time-budget 0`` nothing bounds the first resolution; skipping each failed build
    sent it through every older sdist of the project, building each (a real lock ran for more
    than 20 minutes). After three failed builds of one project its other sdists are skipped
    without being downloaded or built, and the lock says so."""
    files = tmp_path / "files"
    build_wheel(files, "brk", "1.0")
    log = tmp_path / "builds.log"
    for minor in range(1, 8):
        setup = f"open({str(log)!r}, 'a').write('brk 2.{minor}\\n')\nraise RuntimeError('brk is broken on purpose')\n"
        build_setuptools_sdist(files, "brk", f"2.{minor}", setup_py=setup)
    srv = index_factory(files_dir=files)
    code, out = lock(tmp_path, "brk", "--index-url", srv.url, "--find-links", str(build_links),
                     "--time-budget", "0", cache=cache_dir)
    err = capsys.readouterr().err
    assert code == 0, err
    assert pins_of(out.read_text()) == {"brk": "1.0"}
    built = log.read_text().split()
    assert len(set(built) - {"brk"}) == 3, built  # before: all seven releases were built
    warning = next(line for line in err.splitlines() if line.startswith("stackwise: warning: skipped"))
    assert "was not built: the metadata builds of 3 other releases of brk (2.7, 2.6, 2.5) failed" in warning
    assert "Traceback" not in err


def test_a_failed_sdist_is_downloaded_and_built_once_per_run_and_not_downloaded_once_remembered(
    tmp_path: Path, index_factory, build_links: Path, cache_dir: Path
) -> None:
    """resolvelib backtracks onto the same candidate many times; each ask downloaded the sdist
    again (a real lock read 44 GB in 10 minutes, cycling over three failed ``gdal`` sdists).
    A failure is now kept for the run, and a failure remembered from an earlier run is found
    by the digest the index lists, before any download."""
    files = tmp_path / "files"
    build_setuptools_sdist(files, "brk", "2.0", setup_py="raise RuntimeError('brk is broken on purpose')\n")
    srv = index_factory(files_dir=files)
    config = IndexConfig(index_urls=[srv.url], find_links=[str(build_links)], cache_dir=cache_dir)
    for run in ("first", "remembered"):
        with IndexClient(config, TargetEnvironment.current()) as client:
            release = next(iter(client.releases("brk")))
            srv.clear_log()
            depths = []
            for _ in range(50):
                with pytest.raises(CandidateUnavailable, match="brk is broken on purpose") as raised:
                    client.metadata(release)
                tb, depth = raised.value.__traceback__, 0
                while tb is not None:
                    tb, depth = tb.tb_next, depth + 1
                depths.append(depth)
            # each raise has a traceback of its own: re-raising one kept exception lengthened it
            # every time, keeping every frame on it alive (a real lock grew to 24 GB)
            assert len(set(depths[1:])) == 1, depths  # before: 2, 4, 6, 8, ...
            downloads = [p for p in srv.requests_log if p.endswith(".tar.gz")]
            assert downloads == ([] if run == "remembered" else downloads[:1]) and len(downloads) <= 1, (run, downloads)
            assert client.stats["sdist_builds"] == (1 if run == "first" else 0), run


def test_too_complex_says_which_skipped_releases_made_it_so(
    tmp_path: Path, index_factory, cache_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A resolution that backtracks until pip's round limit because a dependency's releases
    cannot be built (pip stops at the first failed build) names them and the ways out."""
    import stackwise.resolve.resolution as resolution

    files = tmp_path / "files"
    for minor in range(6):
        build_wheel(files, "app", f"1.{minor}", ["lib>=2"])
    for minor in range(5):
        tiny_backend_sdist(files, "lib", f"2.{minor}", [], hook="raise RuntimeError('lib cannot build here')")
    # lib has a wheel (one no app allows): a project with only sdists left stops the lock
    # instead (test_time_budget.py)
    build_wheel(files, "lib", "1.0")
    srv = index_factory(files_dir=files)
    monkeypatch.setattr(resolution, "MAX_ROUNDS", 3)  # pip's 200,000 rounds took 7 minutes on a real case
    code, out = lock(tmp_path, "app", "--index-url", srv.url, "--time-budget", "0", cache=cache_dir)
    err = capsys.readouterr().err
    assert code == 1 and not out.exists(), err
    assert "too complex" in err and "skipped because their metadata could not be had here, most of lib (5 releases)" in err
    assert "Traceback" not in err


def test_a_file_whose_metadata_names_another_version_is_discarded_as_pip_does(
    tmp_path: Path, index_factory, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pip discards a candidate whose metadata disagrees with the index and takes the next one
    (a real case: the docutils 0.21.post1 sdist says 0.21); stackwise stopped the whole lock."""
    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0")
    built = build_wheel(files, "pkg", "2.0")
    built.rename(files / built.name.replace("2.0", "2.1"))  # the index lists 2.1; its METADATA says 2.0
    srv = index_factory(files_dir=files)
    code, out = lock(tmp_path, "pkg", "--index-url", srv.url, cache=cache_dir)
    err = capsys.readouterr().err
    assert code == 0, err
    assert pins_of(out.read_text()) == {"pkg": "1.0"}
    assert "says it is pkg 2.0, but the index lists it as pkg 2.1" in err and "Traceback" not in err


def test_offline_metadata_missing_in_the_fallback_to_pips_order_stops_the_lock(
    tmp_path: Path, index_factory, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past the time budget the root is resolved in pip's order with no deadline. Offline,
    skipping each release whose metadata the cache lacks sent resolvelib through every stack
    without them (a universal offline lock of 140 packages ran for minutes); now the lock stops
    there, naming the release, as for a failed build."""
    files = tmp_path / "files"
    build_wheel(files, "pkg", "1.0")
    build_wheel(files, "pkg", "2.0")
    srv = index_factory(files_dir=files)
    code, _ = lock(tmp_path, "pkg==1.0", "--index-url", srv.url, cache=cache_dir)  # caches 1.0's metadata only
    assert code == 0
    capsys.readouterr()
    (tmp_path / "requirements.txt").unlink()
    code, out = lock(tmp_path, "pkg", "--index-url", srv.url, "--offline", "--time-budget", "0.000001",
                     cache=cache_dir)
    err = capsys.readouterr().err
    assert code == 1 and not out.exists(), err  # before: pkg 2.0 skipped, 1.0 locked
    assert "The metadata of pkg 2.0" in err and "not in the stackwise cache" in err
    assert "pip's order" in err and "Traceback" not in err
    # within the budget stackwise's own order skips it, as documented
    code, out = lock(tmp_path, "pkg", "--index-url", srv.url, "--offline", cache=cache_dir)
    assert code == 0 and pins_of(out.read_text()) == {"pkg": "1.0"}, capsys.readouterr().err
