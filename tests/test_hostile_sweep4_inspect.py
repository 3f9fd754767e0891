"""Hostile package code under inspection: what it runs and what it leaves must not escape.

Package code is untrusted: it runs only inside an inspection's isolation, and what it
prints or how it fails must neither reach the terminal raw nor become knowledge by accident.
Everything here is real: wheels built by the tests, a 127.0.0.1 index, fresh venvs, real
processes, the CLI in-process.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from packaging.utils import parse_wheel_filename
from packaging.version import Version

from stackwise.cli import main
from stackwise.inspect.model import Check, StackRequest
from stackwise.inspect.runner import RunnerSettings, run_inspection
from stackwise.inspect.store import ResultStore
from stackwise.lockfiles.model import Lock, LockedFile, LockedPackage
from stackwise.lockfiles.pylock import render_pylock
from support import IndexServer, build_wheel

# -- helpers -------------------------------------------------------------------------------------


def _stack(server: IndexServer, wheels: Iterable[Path]) -> StackRequest:
    packages = []
    for wheel in wheels:
        name, version, _build, _tags = parse_wheel_filename(wheel.name)
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        locked = LockedFile(wheel.name, server.file_url(wheel.name), {"sha256": digest}, wheel.stat().st_size)
        packages.append(LockedPackage(str(name), str(version), (locked,)))
    return StackRequest(pins=tuple(sorted((p.name, p.version) for p in packages)),
                        lock=render_pylock(Lock(tuple(packages))), label="test")


def _with_token(token: str) -> list[int]:
    """Processes whose command line holds ``token`` (a zombie waiting for its reaper does not count)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if token.encode() in cmdline and state != "Z":
            out.append(int(entry))
    return out


def _alive_after(token: str, grace: float = 3.0) -> list[int]:
    deadline = time.monotonic() + grace
    while (alive := _with_token(token)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def _daemon_code(token: str, *, hang: bool) -> str:
    """Module code that leaves a daemon behind: double fork, its own session, SIGTERM ignored."""
    return (
        "import os, signal, sys, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        f"        os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(300)', {token!r}])\n"
        "    os._exit(0)\n"
        + ("time.sleep(300)\n" if hang else "")
    )


@pytest.fixture
def files(tmp_path: Path) -> Path:
    path = tmp_path / "files"
    path.mkdir()
    return path


@pytest.fixture
def server(files: Path, index_factory: Callable[..., IndexServer]) -> IndexServer:
    return index_factory(files_dir=files)


def _settings(tmp_path: Path, network: str) -> RunnerSettings:
    return RunnerSettings(wheel_cache=str(tmp_path / "wheel-cache"), cache_dir=str(tmp_path / "cache"),
                          work_root=str(tmp_path / "work"), network=network)


# -- a daemon started by package code dies with its inspection ------------------------------------


@pytest.mark.parametrize("network", ["allow", "auto"])
def test_daemon_left_by_an_import_does_not_outlive_the_inspection(
    tmp_path: Path, files: Path, server: IndexServer, network: str
) -> None:
    token = f"stackwise-test-daemon-{uuid.uuid4().hex}"
    wheel = build_wheel(files, "liba", "1.0", files={"liba/__init__.py": _daemon_code(token, hang=False)})
    try:
        started = time.monotonic()
        result = run_inspection(_stack(server, [wheel]), Check(), _settings(tmp_path, network))  # default import check
        assert result.outcome == "passed", result.output_tail
        assert time.monotonic() - started < 20
        # before: the daemon kept running package code, in a venv already deleted, for as long as it liked
        assert _alive_after(token) == []
        assert list((tmp_path / "work").iterdir()) == []
    finally:
        for pid in _with_token(token):
            os.kill(pid, signal.SIGKILL)


def test_daemon_of_a_check_that_times_out_is_killed_too(tmp_path: Path, files: Path, server: IndexServer) -> None:
    token = f"stackwise-test-daemon-{uuid.uuid4().hex}"
    wheel = build_wheel(files, "liba", "1.0", files={"liba/__init__.py": _daemon_code(token, hang=True)})
    try:
        started = time.monotonic()
        result = run_inspection(_stack(server, [wheel]), Check(command="python -c 'import liba'", timeout=1),
                                _settings(tmp_path, "allow"))
        assert result.outcome == "timeout" and result.signature == "timeout" and result.attempts == 2
        assert 1 <= result.duration < 3
        assert time.monotonic() - started < 20
        assert _alive_after(token) == []  # before: one daemon per run survived the group kill
    finally:
        for pid in _with_token(token):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("network", ["allow", "auto"])
def test_daemon_of_a_check_that_kills_its_measuring_parent_first_dies_too(
    tmp_path: Path, files: Path, server: IndexServer, network: str
) -> None:
    """The check kills its parent, then daemonizes. Before: the measuring parent was gone, so
    nothing adopted or killed the daemon, and the group kill never reaches a new session."""
    from stackwise.inspect.runner import _isolation_state

    available, _why, prefix, pid_prefix = _isolation_state()
    if "--kill-child" not in (pid_prefix if network == "allow" else prefix):
        pytest.skip("this kernel or unshare gives no PID namespace here")
    token = f"stackwise-test-daemon-{uuid.uuid4().hex}"
    code = ("import os, signal\n"
            "for entry in os.listdir('/proc'):\n"  # the measuring parent, found by its code and the token
            "    try:\n"
            "        cmdline = open(f'/proc/{entry}/cmdline', 'rb').read()\n"
            f"        if b'RUSAGE_CHILDREN' in cmdline and {token.encode()!r} in cmdline:\n"
            "            os.kill(int(entry), signal.SIGKILL)\n"
            "    except (OSError, ValueError):\n"
            "        pass\n") + _daemon_code(token, hang=False)
    wheel = build_wheel(files, "liba", "1.0", files={"liba/__init__.py": code})
    try:
        result = run_inspection(_stack(server, [wheel]),
                                Check(command=f"python -c 'import liba' {token}", timeout=30),
                                _settings(tmp_path, network))
        assert result.outcome == "passed", result.output_tail  # the kill did not reach the measuring parent
        assert _alive_after(token) == []
    finally:
        for pid in _with_token(token):
            os.kill(pid, signal.SIGKILL)


def test_fork_loop_that_ignores_sigterm_leaves_nothing(tmp_path: Path, files: Path, server: IndexServer) -> None:
    token = f"stackwise-test-fork-{uuid.uuid4().hex}"
    code = (  # 60 children (bounded: never a real fork bomb), half of them in their own session
        "import os, signal, sys\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "for i in range(60):\n"
        "    if os.fork() == 0:\n"
        "        if i % 2:\n"
        "            os.setsid()\n"
        f"        os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(300)', {token!r}])\n"
    )
    wheel = build_wheel(files, "liba", "1.0", files={"liba/__init__.py": code})
    try:
        result = run_inspection(_stack(server, [wheel]), Check(command="python -c 'import liba'"),
                                _settings(tmp_path, "allow"))
        assert result.outcome == "passed", result.output_tail
        assert _alive_after(token) == []
    finally:
        for pid in _with_token(token):
            os.kill(pid, signal.SIGKILL)


# -- package code cannot poison the shared caches through its own venv ----------------------------


def test_rewriting_an_installed_file_in_place_does_not_poison_later_inspections(
    tmp_path: Path, files: Path, server: IndexServer
) -> None:
    # liba rewrites libb's installed module in place (same size, modification time restored):
    # with hard links from the unpacked-wheel cache that rewrote the cache's copy too
    libb = build_wheel(files, "libb", "1.0", files={"libb/__init__.py": "VALUE = 'good'\n" + "#" * 40 + "\n"})
    evil = (
        "import os, libb\n"
        "path = libb.__file__\n"
        "st = os.stat(path)\n"
        "size = len(open(path).read())\n"
        "head = \"VALUE = 'evil'\\n\"\n"
        "with open(path, 'r+') as f:\n"
        "    f.write(head + '#' * (size - len(head) - 1) + '\\n')\n"
        "os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))\n"
    )
    liba = build_wheel(files, "liba", "1.0", files={"liba/__init__.py": evil})
    settings = _settings(tmp_path, "auto")
    read_back = "python -c 'import liba, libb; print(open(libb.__file__).readline().strip())'"
    first = run_inspection(_stack(server, [liba, libb]), Check(command=read_back), settings)
    assert first.outcome == "passed" and first.output_tail == "VALUE = 'evil'"  # its own venv's copy was rewritten
    later = run_inspection(_stack(server, [libb]), Check(command="python -c 'import libb; print(libb.VALUE)'"), settings)
    assert later.outcome == "passed" and later.output_tail == "good"  # before: 'evil', from the shared cache


# -- a failure caused by the inspection's own limits is no evidence -------------------------------


class Cli:
    """``stackwise ...`` in-process against one index, one cache and one results database."""

    def __init__(self, capsys: pytest.CaptureFixture[str], tmp: Path, server: IndexServer) -> None:
        self.capsys, self.tmp, self.server = capsys, tmp, server
        self.db = tmp / "r.db"

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([*args, "--results", str(self.db), "--cache-dir", str(self.tmp / "cache"), "--isolated",
                     "--index-url", self.server.url])
        got = self.capsys.readouterr()
        return code, got.out, got.err

    def results(self) -> list[Any]:
        with ResultStore(self.db) as store:
            return list(store.all())


def test_running_out_of_the_memory_limit_is_not_a_veto(
    tmp_path: Path, files: Path, server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # liba 1.0-1.2 reserve 300 MiB at import (no page is touched: RLIMIT_AS refuses it at once);
    # under a 200 MiB inspection limit they fail every time, the same way; they are not broken
    for v in ("1.0", "1.1", "1.2", "1.3", "1.4"):
        code = "big = bytearray(300 * 1024 * 1024)\n" if Version(v) < Version("1.3") else "x = 1\n"
        build_wheel(files, "liba", v, files={"liba/__init__.py": code})
    cli = Cli(capsys, tmp_path, server)
    code, _, err = cli("inspect", "liba", "--check", "python -c 'import liba'", "--memory-limit", "200",
                       "--strategy", "exhaustive", "--network", "allow")
    assert code == 0, err
    results = cli.results()
    assert {r.stack.pins[0][1]: r.outcome for r in results} == {
        "1.0": "failed", "1.1": "failed", "1.2": "failed", "1.3": "passed", "1.4": "passed"}
    failed = [r for r in results if r.outcome == "failed"]
    assert {(r.signature, r.attempts) for r in failed} == {("MemoryError", 2)}
    learned = tmp_path / "learned.json"
    code, _, err = cli("learn", "-o", str(learned), "--network", "allow", "--max-probes", "12")
    assert code == 0, err
    # before: a veto "liba>=1.0,<1.3: MemoryError", hiding releases that import fine with more memory
    assert json.loads(learned.read_text())["rules"] == [], err
    assert "stackwise: probe" not in err  # nothing about it is worth a probe
    assert "memory or CPU limit" in err and all(r.id in err for r in failed)


def test_cpu_limit_and_kill_signatures_count_as_limits() -> None:
    from stackwise.inspect.learn import hit_limit
    from stackwise.inspect.model import InspectionResult

    def failed(signature: str, status: int) -> InspectionResult:
        return InspectionResult(stack=StackRequest(pins=(("a", "1"),), lock=""), check=Check(), outcome="failed",
                                exit_status=status, signature=signature, attempts=2)

    # the signatures the runner records for each (seen on real checks: sh -c reports 128+N)
    for sig, status in [("MemoryError", 1), ("exit 152: CPU time limit exceeded", 152), ("exit 137: Killed", 137),
                        ("exit -9 (SIGKILL)", -9), ("exit -24 (SIGXCPU)", -24),
                        ("OSError: [Errno N] Cannot allocate memory", 1),
                        ("ImportError: <path>: failed to map segment from shared object", 1)]:
        assert hit_limit(failed(sig, status)), sig
    for sig, status in [("exit 139: Segmentation fault", 139), ("exit 1: boom", 1), ("exit 13: x", 13),
                        ("ImportError: cannot import name 'x' from 'y' (<path>)", 1)]:
        assert not hit_limit(failed(sig, status)), sig


# -- a hand-edited or damaged results database ------------------------------------------------------


@pytest.mark.parametrize("edit", [
    {"timings": "abc"},  # was a traceback in `inspect list` (median of a string)
    {"environment": []},  # was a traceback in `inspect show`
    {"duration": "slow"},  # likewise
    {"check": {"command": "true", "timeout": "soon"}},  # likewise
    {"stack": {"pins": [["liba", "1.0"]], "lock": "", "roots": "liba"}},  # was silently read as roots l, i, b, a
])
def test_hand_edited_row_is_one_clear_error_everywhere(
    tmp_path: Path, edit: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from stackwise.inspect.model import InspectionResult

    db = tmp_path / "r.db"
    result = InspectionResult(stack=StackRequest(pins=(("liba", "1.0"),), lock="", roots=("liba",)),
                              check=Check(command="true"), outcome="failed", signature="exit 1: boom", attempts=2)
    with ResultStore(db) as store:
        rid = store.add(result)
    with sqlite3.connect(db) as conn:
        (body,) = conn.execute("SELECT body FROM inspections").fetchone()
        conn.execute("UPDATE inspections SET body = ?", (json.dumps({**json.loads(body), **edit}),))
    conn.close()
    before = db.read_bytes()
    for argv in (["inspect", "list"], ["inspect", "show", rid], ["learn", "--offline", "--no-index"]):
        capsys.readouterr()
        code = main([*argv, "--results", str(db), "--cache-dir", str(tmp_path / "cache")])
        err = capsys.readouterr().err
        assert code != 0 and "Traceback" not in err, (argv, err)
        assert err.count("stackwise: error:") == 1 and "holds a damaged result" in err, (argv, err)
        assert next(iter(edit)) in err, (argv, err)  # the field is named
    assert db.read_bytes() == before  # nothing was changed or lost


def test_kb_build_does_not_confirm_a_veto_from_the_memory_limit(
    tmp_path: Path, files: Path, index_factory: Callable[..., IndexServer], capsys: pytest.CaptureFixture[str]
) -> None:
    from stackwise.knowledge.scorefile import load_score_file

    # pkg 1.2 added the bound dep<2, but pkg 1.1 works with dep 2.0: dep 2.0 only reserves
    # 5 GiB of address space at import (no page touched), more than an inspection's 4 GiB
    for v in ("1.0", "1.1"):
        build_wheel(files, "pkg", v, ["dep"], files={"pkg/__init__.py": "import dep\n"})
    build_wheel(files, "pkg", "1.2", ["dep<2"], files={"pkg/__init__.py": "import dep\n"})
    build_wheel(files, "dep", "1.0", files={"dep/__init__.py": "x = 1\n"})
    build_wheel(files, "dep", "2.0", files={"dep/__init__.py": "reserve = bytearray(5 * 1024 ** 3)\n"})
    srv = index_factory(files_dir=files)
    out = tmp_path / "learned.json"
    argv = ["kb", "build", "pkg", "--no-dependencies", "--state", str(tmp_path / "state"), "-o", str(out),
            "--results", str(tmp_path / "r.db"), "--index-url", srv.url, "--isolated",
            "--cache-dir", str(tmp_path / "cache"), "--wheel-cache", str(tmp_path / "wheels")]
    assert main(argv) == 0, capsys.readouterr().err
    with ResultStore(tmp_path / "r.db") as store:
        failed = list(store.all(outcome="failed"))
    assert failed and {r.signature for r in failed} == {"MemoryError"}  # the bad stack hit the limit
    kb = load_score_file(out)
    # before: a confirmed veto of pkg 1.1 with dep 2.0, "proven" by a MemoryError
    assert [r.describe() for r in kb.rules if r.veto is True] == []
    assert "Traceback" not in capsys.readouterr().err


def test_a_failure_that_was_also_seen_not_repeating_is_no_veto(
    tmp_path: Path, files: Path, server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # What a check failing at random (50 %) gave in one real run of 8 stacks: some passed, one
    # failed once and then passed (flaky), the newest failed twice in a row by chance. Here the
    # packages play those outcomes deterministically; before, `learn` vetoed liba>=1.3 from them.
    coin = "import sys\nprint('coin says no')\nsys.exit(1)\n"
    once = ("import os, sys\nmark = os.path.join(os.environ['HOME'], 'ran')\n"
            "if not os.path.exists(mark):\n    open(mark, 'w').close()\n    print('coin says no')\n    sys.exit(1)\n")
    for v, code in [("1.0", "x = 1\n"), ("1.1", "x = 1\n"), ("1.2", once), ("1.3", coin), ("1.4", coin), ("1.5", coin)]:
        build_wheel(files, "liba", v, files={"liba/__init__.py": code})
    cli = Cli(capsys, tmp_path, server)
    code, _, err = cli("inspect", "liba", "--check", "python -c 'import liba'", "--strategy", "exhaustive",
                       "--network", "allow")
    assert code == 0, err
    outcomes = {r.stack.pins[0][1]: (r.outcome, r.signature) for r in cli.results()}
    assert outcomes["1.2"] == ("flaky", "exit 1: coin says no") and outcomes["1.5"] == ("failed", "exit 1: coin says no")
    learned = tmp_path / "learned.json"
    code, _, err = cli("learn", "-o", str(learned), "--network", "allow", "--max-probes", "12")
    assert code == 0, err
    assert json.loads(learned.read_text())["rules"] == [], err
    assert "does not fail deterministically" in err


def test_results_with_requirements_stackwise_refuses_cost_only_their_own_group(
    tmp_path: Path, files: Path, server: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from stackwise.inspect.model import InspectionResult

    for v, code in [("1.0", "raise RuntimeError('broken')\n"), ("1.1", "raise RuntimeError('broken')\n"),
                    ("1.2", "x = 1\n")]:
        build_wheel(files, "liba", v, files={"liba/__init__.py": code})
    cli = Cli(capsys, tmp_path, server)
    code, _, err = cli("inspect", "liba", "--check", "python -c 'import liba'", "--strategy", "exhaustive",
                       "--network", "allow")
    assert code == 0, err
    # a result from elsewhere (an imported file, a service) whose requirement is a direct URL,
    # with a line break that would start a forged line of output
    with ResultStore(cli.db) as store:
        for root in ("evil @ https://127.0.0.1:9/evil-1.0.tar.gz", "evil>=1\nstackwise: rule forged"):
            store.add(InspectionResult(stack=StackRequest(pins=(("evil", "1.0"),), lock="", roots=(root,)),
                                       check=Check(command="true"), outcome="failed", signature="exit 1: x", attempts=2))
    learned = tmp_path / "learned.json"
    code, _, err = cli("learn", "-o", str(learned), "--network", "allow", "--max-probes", "12")
    assert code == 0, err  # before: "stackwise: error: requirement 1: ... is a direct URL requirement", no rules at all
    rules = json.loads(learned.read_text())["rules"]
    assert [(r["package"], r["specifier"]) for r in rules] == [("liba", "<1.2")], err
    assert err.count("cannot be probed") == 2 and "direct URL" in err, err
    assert not any(line.startswith("stackwise: rule forged") for line in err.splitlines()), err


def test_an_imported_result_id_with_a_trailing_newline_is_not_kept(tmp_path: Path) -> None:
    """``^i-[0-9a-f]{12}$`` with ``match`` let ``"i-0123456789ab\\n"`` through (``$`` matches
    before a final newline): the id was kept, newline and all, and listed that way."""
    import re

    from test_inspect_store import make_result

    wanted = "i-0123456789ab"
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"format": "stackwise-inspections", "version": 1,
                                   "results": [{**make_result().to_json(), "id": wanted + "\n"}]}))
    store = ResultStore(tmp_path / "inspections.sqlite3")
    summary = store.import_json(results)
    assert len(summary.ids) == 1 and re.fullmatch(r"i-[0-9a-f]{12}", summary.ids[0]), summary.ids
    assert [r.id for r in store.all()] == summary.ids
