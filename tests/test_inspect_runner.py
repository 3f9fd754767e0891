"""The isolated inspection runner: real venvs, real wheels on a local index, real child processes.

Every inspection here installs a stack from a pylock.toml (written by stackwise's own writer,
URLs on a 127.0.0.1 index) into a fresh venv and runs a real check in it; nothing is mocked.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from packaging.utils import parse_wheel_filename

from stackwise.errors import StackwiseError
from stackwise.inspect.model import Check, InspectionResult, StackRequest
from stackwise.inspect.runner import (
    RunnerSettings,
    default_check_script,
    network_isolation,
    run_inspection,
)
from stackwise.inspect.signature import error_signature, normalise
from stackwise.install.apply import unpacked_cache_for
from stackwise.lockfiles.model import Lock, LockedFile, LockedPackage
from stackwise.lockfiles.pylock import render_pylock
from support import IndexServer, build_wheel

TOOL_FILES = {
    "tool-1.0.dist-info/entry_points.txt": "[console_scripts]\ntool = tool:main\nstrict-tool = tool:strict\n",
    "tool/__init__.py": (
        "import sys\n"
        "def main():\n    print('tool 1.0')\n"
        # a command without a --version option: argparse-style usage error, no traceback
        "def strict():\n    print('usage: strict-tool FILE', file=sys.stderr)\n    sys.exit(2)\n"
    ),
}


# -- helpers -------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stack(server: IndexServer, wheels: Iterable[Path], *, hashes: dict[str, str] | None = None) -> StackRequest:
    """A StackRequest whose lock names each wheel by its URL on ``server`` and its real sha256
    (or the digest given in ``hashes`` by file name)."""
    packages = []
    for wheel in wheels:
        name, version, _build, _tags = parse_wheel_filename(wheel.name)
        digest = (hashes or {}).get(wheel.name, sha256(wheel))
        locked = LockedFile(wheel.name, server.file_url(wheel.name), {"sha256": digest}, wheel.stat().st_size)
        packages.append(LockedPackage(str(name), str(version), (locked,)))
    lock = render_pylock(Lock(tuple(packages)))
    pins = tuple(sorted((p.name, p.version) for p in packages))
    return StackRequest(pins=pins, lock=lock, label="test")


def file_requests(server: IndexServer) -> list[str]:
    return [p for p in server.requests_log if p.startswith("/files/")]


def group_alive(pids: Iterable[int], grace: float = 5.0) -> list[int]:
    """Those of ``pids`` still running after ``grace`` seconds (SIGKILL is delivered
    asynchronously; a zombie waiting for its reaper does not count)."""
    pids = list(pids)
    deadline = time.monotonic() + grace
    while True:
        alive = _running(pids)
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.05)


def _running(pids: Iterable[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat.rsplit(")", 1)[1].split()[0] != "Z":
            alive.append(pid)
    return alive


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return tmp_path / "files"


@pytest.fixture
def server(files: Path, index_factory: Callable[..., IndexServer]) -> IndexServer:
    files.mkdir()
    return index_factory(files_dir=files)


@pytest.fixture
def settings(tmp_path: Path) -> RunnerSettings:
    return RunnerSettings(
        wheel_cache=str(tmp_path / "wheel-cache"),
        cache_dir=str(tmp_path / "cache"),
        work_root=str(tmp_path / "work"),
    )


def inspect(request: StackRequest, settings: RunnerSettings, command: str | None = None, **check: object) -> InspectionResult:
    return run_inspection(request, Check(command=command, **check), settings)  # type: ignore[arg-type]


# -- outcomes ------------------------------------------------------------------------------------


def test_passing_stack_imports_every_module_and_runs_console_scripts(
    files: Path, server: IndexServer, settings: RunnerSettings
) -> None:
    wheels = [
        build_wheel(files, "liba", "1.0", files={"liba/__init__.py": "from libb import helper\n"}),
        build_wheel(files, "libb", "2.0", files={"libb/__init__.py": "def helper():\n    return 1\n", "_libb_speedups.py": "X = 1\n"}),
        build_wheel(files, "tool", "1.0", files=TOOL_FILES),
    ]
    result = inspect(stack(server, wheels), settings)
    assert result.outcome == "passed", result.output_tail
    assert result.exit_status == 0 and result.attempts == 1 and result.signature is None
    # every top-level module (the private one too) and both console scripts ran
    assert "3 distribution(s), 4 module(s) imported, 0 failed; 2 console script(s) run, 0 failed" in result.output_tail
    assert result.peak_memory_kb is not None and result.peak_memory_kb > 1000
    assert result.duration > 0
    env = result.environment
    assert env["python"].count(".") == 2 and env["python"].startswith(env["python_minor"])
    assert env["implementation"] == "cpython" and env["platform"] and env["machine"]
    assert env["network_isolated"] is network_isolation()[0]
    assert result.created and result.created.endswith("+00:00")
    assert list(Path(settings.work_root or "").iterdir()) == []  # the work directory is gone
    assert InspectionResult.from_json(result.to_json()) == result


def test_failure_that_depends_on_import_order_is_not_counted(
    files: Path, server: IndexServer, settings: RunnerSettings
) -> None:
    # zzz breaks only when aaa (imported first, by name) was imported in the same process
    wheels = [
        build_wheel(files, "aaa", "1.0", files={"aaa/__init__.py": "import builtins\nbuiltins.AAA_LOADED = True\n"}),
        build_wheel(files, "zzz", "1.0", files={
            "zzz/__init__.py": "import builtins\nassert not getattr(builtins, 'AAA_LOADED', False), 'aaa was first'\n"}),
    ]
    result = inspect(stack(server, wheels), settings)
    assert result.outcome == "passed", result.output_tail
    assert "import zzz (zzz 1.0) failed only after other modules were imported" in result.output_tail
    assert "AssertionError: aaa was first" in result.output_tail and "Traceback" not in result.output_tail


def test_missing_name_fails_with_the_same_signature_in_every_work_dir(
    files: Path, server: IndexServer, settings: RunnerSettings
) -> None:
    wheels = [
        build_wheel(files, "liba", "1.0", files={"liba/__init__.py": "from libb import old_name\n"}),
        build_wheel(files, "libb", "2.0", files={"libb/__init__.py": "def new_name():\n    return 1\n"}),
    ]
    request = stack(server, wheels)
    first = inspect(request, settings)
    second = inspect(request, settings)
    assert first.outcome == "failed" and first.attempts == 2, first.output_tail  # reproduced, not flaky
    assert first.exit_status == 1
    assert "Traceback (most recent call last):" in first.output_tail
    assert "stackwise-check: import liba (liba 1.0) FAILED" in first.output_tail
    assert first.signature == "ImportError: cannot import name 'old_name' from 'libb' (<path>)"
    assert second.signature == first.signature
    # the raw messages differ (each names its own temporary venv), the signatures do not
    assert first.output_tail != second.output_tail


def test_console_script_traceback_is_a_failure(files: Path, server: IndexServer, settings: RunnerSettings) -> None:
    broken = {
        "tool-1.0.dist-info/entry_points.txt": "[console_scripts]\ntool = tool.cli:main\n",
        "tool/cli.py": "import libb\ndef main():\n    libb.gone()\n",
    }
    wheels = [build_wheel(files, "tool", "1.0", files=broken), build_wheel(files, "libb", "1.0")]
    result = inspect(stack(server, wheels), settings)
    assert result.outcome == "failed", result.output_tail
    assert "tool --version (tool 1.0) FAILED" in result.output_tail
    assert result.signature == "AttributeError: module 'libb' has no attribute 'gone'"


def test_console_script_needing_a_missing_extra_is_not_a_failure(
    files: Path, server: IndexServer, settings: RunnerSettings
) -> None:
    # like httpx's CLI without httpx[cli]: the command imports a module nothing here provides
    extra = {
        "tool-1.0.dist-info/entry_points.txt": "[console_scripts]\ntool = tool.cli:main\n",
        "tool/cli.py": "import not_installed_anywhere\ndef main():\n    pass\n",
    }
    result = inspect(stack(server, [build_wheel(files, "tool", "1.0", files=extra)]), settings)
    assert result.outcome == "passed", result.output_tail
    assert "needs not_installed_anywhere, which is not installed" in result.output_tail
    # a name missing from an installed module still counts (the black x click kind)
    broken = {
        "tool-2.0.dist-info/entry_points.txt": "[console_scripts]\ntool = tool.cli:main\n",
        "tool/cli.py": "from libb import gone\ndef main():\n    pass\n",
    }
    wheels = [build_wheel(files, "tool", "2.0", files=broken), build_wheel(files, "libb", "1.0")]
    assert inspect(stack(server, wheels), settings).outcome == "failed"


def test_hanging_check_times_out_and_its_process_group_is_killed(
    tmp_path: Path, files: Path, server: IndexServer, settings: RunnerSettings
) -> None:
    pids = tmp_path / "pids"
    request = stack(server, [build_wheel(files, "liba", "1.0")])
    started = time.monotonic()
    # pids as this process sees them (/proc/self/stat; a check may run in its own PID namespace)
    command = (f"sh -c 'read p r < /proc/self/stat; echo $p >> {pids}; exec sleep 300' & "
               f"read p r < /proc/self/stat; echo $p >> {pids}; echo started; wait")
    result = inspect(request, settings, command, timeout=2)
    elapsed = time.monotonic() - started
    assert result.outcome == "timeout" and result.signature == "timeout"
    assert result.attempts == 2 and result.exit_status is None  # both runs hung: reproduced
    assert result.output_tail == "started"
    assert 2 <= result.duration < 4 and elapsed < 15
    recorded = [int(p) for p in pids.read_text().split()]
    assert len(recorded) == 4  # a shell and a background sleep per run
    assert group_alive(recorded) == []


def test_process_that_leaves_the_group_cannot_hold_the_inspection(
    tmp_path: Path, files: Path, server: IndexServer, settings: RunnerSettings
) -> None:
    escaped = tmp_path / "escaped"
    # setsid: a daemon in its own session, out of reach of the group kill, keeping the output pipe open
    command = (f"setsid sh -c 'read p r < /proc/self/stat; echo $p > {escaped}.part; mv {escaped}.part {escaped}; "
               "exec sleep 300' & "
               f"while [ ! -s {escaped} ]; do sleep 0.05; done; echo done")
    try:
        started = time.monotonic()
        result = inspect(stack(server, [build_wheel(files, "liba", "1.0")]), settings, command, timeout=60)
        assert result.outcome == "passed" and "done" in result.output_tail
        assert time.monotonic() - started < 10  # the output drain gave up; it did not wait for the daemon
        # it left the group, but not the measuring parent (a subreaper): killed with the check
        assert group_alive([int(escaped.read_text())]) == []
    finally:
        if escaped.exists() and _running([int(escaped.read_text())]):
            os.kill(int(escaped.read_text()), signal.SIGKILL)


def test_check_that_fails_once_is_flaky(tmp_path: Path, files: Path, server: IndexServer, settings: RunnerSettings) -> None:
    counter = tmp_path / "counter"  # outside the venv and the work dir: survives between the two runs
    command = f"if [ -e {counter} ]; then echo second; else touch {counter}; echo 'first run: boom'; exit 3; fi"
    result = inspect(stack(server, [build_wheel(files, "liba", "1.0")]), settings, command)
    assert result.outcome == "flaky" and result.attempts == 2
    assert result.exit_status == 3 and result.signature == "exit 3: first run: boom"  # what the first run saw
    assert "second run passed" in result.detail


def test_benchmark_times_each_repeat(files: Path, server: IndexServer, settings: RunnerSettings) -> None:
    request = stack(server, [build_wheel(files, "liba", "1.0")])
    result = inspect(request, settings, "python -c 'import liba'", kind="benchmark", repeat=3)
    assert result.outcome == "passed"
    assert len(result.timings) == 3 and all(t > 0 for t in result.timings)
    failing = inspect(request, settings, "python -c 'import liba'; exit 1", kind="benchmark", repeat=3)
    assert failing.outcome == "failed" and len(failing.timings) == 1


# -- install failures ----------------------------------------------------------------------------


def test_wrong_hash_and_corrupt_wheel_are_install_failed(files: Path, server: IndexServer, settings: RunnerSettings) -> None:
    good = build_wheel(files, "liba", "1.0")
    wrong = inspect(stack(server, [good], hashes={good.name: "0" * 64}), settings)
    assert wrong.outcome == "install-failed"
    assert "Hash mismatch for liba==1.0" in wrong.detail and "Traceback" not in wrong.detail
    assert wrong.output_tail == "" and wrong.attempts == 1
    corrupt = files / "libz-1.0-py3-none-any.whl"
    corrupt.write_bytes(b"this is not a zip file")
    broken = inspect(stack(server, [corrupt]), settings)
    assert broken.outcome == "install-failed"
    assert "libz-1.0-py3-none-any.whl" in broken.detail and "Traceback" not in broken.detail
    assert list(Path(settings.work_root or "").iterdir()) == []


def test_wheel_cache_downloads_each_file_once(files: Path, server: IndexServer, settings: RunnerSettings) -> None:
    wheels = [build_wheel(files, name, "1.0") for name in ("liba", "libb", "libc")]
    request = stack(server, wheels)
    assert inspect(request, settings).outcome == "passed"
    assert sorted(file_requests(server)) == sorted(f"/files/{w.name}" for w in wheels)
    digest = sha256(wheels[0])
    entry = Path(settings.wheel_cache) / digest[:2] / digest / wheels[0].name
    assert entry.read_bytes() == wheels[0].read_bytes()
    server.clear_log()
    assert inspect(request, settings).outcome == "passed"
    assert file_requests(server) == []
    # a corrupt cache entry is not trusted: it is downloaded again and the entry repaired (once
    # the wheel is needed: while its verified unpacked copy is intact, the wheel is not read)
    entry.write_bytes(b"garbage")
    server.clear_log()
    assert inspect(request, settings).outcome == "passed"
    assert file_requests(server) == []
    shutil.rmtree(unpacked_cache_for(Path(settings.wheel_cache)) / digest[:2] / digest)
    assert inspect(request, settings).outcome == "passed"
    assert file_requests(server) == [f"/files/{wheels[0].name}"]
    assert entry.read_bytes() == wheels[0].read_bytes()


# -- isolation -----------------------------------------------------------------------------------


def test_check_has_no_network(files: Path, server: IndexServer, settings: RunnerSettings) -> None:
    available, why = network_isolation()
    if not available:
        pytest.skip(why)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    try:
        request = stack(server, [build_wheel(files, "liba", "1.0")])
        command = f"python -c \"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5); print('connected')\""
        isolated = inspect(request, settings, command)
        assert isolated.outcome == "failed" and isolated.environment["network_isolated"] is True
        assert isolated.signature is not None and isolated.signature.startswith("OSError: [Errno N]"), isolated.signature
        # the same check with isolation switched off connects: the failure above is the isolation's doing
        allowed = run_inspection(request, Check(command=command), RunnerSettings(**{**settings.to_json(), "network": "allow"}))
        assert allowed.outcome == "passed" and "connected" in allowed.output_tail
        assert allowed.environment["network_isolated"] is False and "network='allow'" in allowed.detail
    finally:
        listener.close()


def test_check_runs_with_its_own_home_and_a_minimal_environment(
    monkeypatch: pytest.MonkeyPatch, files: Path, server: IndexServer, settings: RunnerSettings
) -> None:
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("STACKWISE_SCORES", "leak.json")
    monkeypatch.setenv("PYTHONPATH", "/leak")
    command = (
        "python -c \"import os, sys\n"
        "for k in sorted(os.environ): print('ENV', k, os.environ[k])\n"
        "print('CWD', os.getcwd(), os.listdir('.'))\n"
        "print('PREFIX', sys.prefix)\""
    )
    result = inspect(stack(server, [build_wheel(files, "liba", "1.0")]), settings, command)
    assert result.outcome == "passed", result.output_tail
    env = dict(line.split(" ", 2)[1:] for line in result.output_tail.splitlines() if line.startswith("ENV "))
    work = Path(settings.work_root or "")
    assert env["HOME"] != os.path.expanduser("~") and Path(env["HOME"]).parent.parent == work
    assert Path(env["TMPDIR"]).parent == Path(env["HOME"]).parent
    assert env["PATH"].split(":")[0] == env["VIRTUAL_ENV"] + "/bin"
    assert env["LANG"] == "C.UTF-8" and env["PYTHONNOUSERSITE"] == "1"
    assert not [k for k in env if k.startswith(("PIP_", "STACKWISE_", "PYTHONPATH"))]
    assert f"PREFIX {env['VIRTUAL_ENV']}" in result.output_tail
    assert "CWD" in result.output_tail and "[]" in result.output_tail.split("CWD", 1)[1].splitlines()[0]


def test_memory_limit_applies_to_the_check(files: Path, server: IndexServer, settings: RunnerSettings) -> None:
    request = stack(server, [build_wheel(files, "liba", "1.0")])
    command = "python -c 'x = bytearray(400 * 1024 * 1024); print(len(x))'"
    limited = inspect(request, settings, command, memory_mb=200)
    assert limited.outcome == "failed" and limited.signature == "MemoryError", limited.output_tail
    roomy = inspect(request, settings, command, memory_mb=2048)
    assert roomy.outcome == "passed", roomy.output_tail
    assert roomy.peak_memory_kb is not None and roomy.peak_memory_kb > 400 * 1024


def test_peak_memory_is_the_checks_own_not_the_inspecting_process(
    files: Path, server: IndexServer, settings: RunnerSettings
) -> None:
    # a crawl holds hundreds of MB; Linux carries a process's high-water mark across fork and
    # exec, so measuring the check with wait4 straight from here would report this process
    ballast = bytearray(300 * 1024 * 1024)
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    request = stack(server, [build_wheel(files, "liba", "1.0")])
    small = inspect(request, settings, "python -c 'print(1)'")
    assert small.outcome == "passed", small.output_tail
    assert small.peak_memory_kb is not None and small.peak_memory_kb < 100 * 1024, small.peak_memory_kb
    big = inspect(request, settings, "python -c 'x = bytearray(200 * 1024 * 1024); print(len(x))'")
    assert big.peak_memory_kb is not None and big.peak_memory_kb > 200 * 1024
    del ballast


def test_ctrl_c_kills_the_check_and_cleans_up(tmp_path: Path, files: Path, server: IndexServer, settings: RunnerSettings) -> None:
    pids = tmp_path / "pids"
    request = stack(server, [build_wheel(files, "liba", "1.0")])
    # the pids as this process sees them (/proc/self/stat), not $$ and $!: a check may run in
    # its own PID namespace, where numbers mean other processes
    command = (f"sh -c 'read p r < /proc/self/stat; echo $p > {pids}.bg; exec sleep 300' & "
               f"while [ ! -s {pids}.bg ]; do sleep 0.01; done; read p r < /proc/self/stat; "
               f"echo $p $(cat {pids}.bg) > {pids}.part && mv {pids}.part {pids}; wait")

    def interrupt_when_running() -> None:
        deadline = time.monotonic() + 30
        while not pids.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(os.getpid(), signal.SIGINT)

    interrupter = threading.Thread(target=interrupt_when_running, daemon=True)
    interrupter.start()
    with pytest.raises(KeyboardInterrupt):
        inspect(request, settings, command, timeout=60)
    interrupter.join()
    recorded = [int(p) for p in pids.read_text().split()]
    assert len(recorded) == 2 and group_alive(recorded) == []
    assert list(Path(settings.work_root or "").iterdir()) == []


def test_keep_leaves_the_work_dir_for_reproduction(files: Path, server: IndexServer, settings: RunnerSettings) -> None:
    keep = RunnerSettings(**{**settings.to_json(), "keep": True})
    result = run_inspection(stack(server, [build_wheel(files, "liba", "1.0")]), Check(), keep)
    (work,) = Path(settings.work_root or "").iterdir()
    assert str(work) in result.detail
    assert (work / "pylock.toml").read_text() == result.stack.lock
    assert (work / "check" / "stackwise_default_check.py").read_text() == default_check_script()
    assert (work / "venv" / "pyvenv.cfg").is_file()


# -- bad input -----------------------------------------------------------------------------------


def test_settings_round_trip_and_bad_input_is_a_clear_error(tmp_path: Path, settings: RunnerSettings) -> None:
    assert RunnerSettings.from_json(settings.to_json()) == settings
    roundtrip = RunnerSettings.from_json({**settings.to_json(), "index_urls": ["http://127.0.0.1:1/simple"]})
    assert roundtrip.index_urls == ("http://127.0.0.1:1/simple",)
    with pytest.raises(StackwiseError, match="network mode must be one of auto, require, allow"):
        RunnerSettings(wheel_cache=str(tmp_path), network="sometimes")
    with pytest.raises(StackwiseError, match="wheel_cache"):
        RunnerSettings.from_json({"network": "auto"})
    request = StackRequest(pins=(), lock="lock-version = '1.0'\n")
    with pytest.raises(StackwiseError, match="timeout must be a positive number"):
        run_inspection(request, Check(timeout=0), settings)
    with pytest.raises(StackwiseError, match="does not exist or is not executable"):
        run_inspection(request, Check(), RunnerSettings(**{**settings.to_json(), "python": str(tmp_path / "nope")}))


def test_unreadable_lock_is_install_failed(settings: RunnerSettings) -> None:
    result = run_inspection(StackRequest(pins=(("x", "1"),), lock="this is [ not toml"), Check(), settings)
    assert result.outcome == "install-failed" and "not valid TOML" in result.detail


# -- signatures ----------------------------------------------------------------------------------


def test_signature_is_the_last_exception_normalised() -> None:
    output = (
        "Traceback (most recent call last):\n"
        '  File "/tmp/tmpa1b2c3d4/venv/lib/python3.11/site-packages/x.py", line 12, in <module>\n'
        "    import y\n"
        "ValueError: first\n"
        "\nDuring handling of the above exception, another exception occurred:\n\n"
        "Traceback (most recent call last):\n"
        '  File "/home/u/w/x.py", line 3, in <module>\n'
        "    f()\n"
        "RuntimeError: <Thing object at 0x7f3a9c0d1e80> failed after 42 tries in /var/tmp/stackwise-inspect-k3j9x/cache\n"
        "some trailing line\n"
    )
    assert error_signature(output, 1) == "RuntimeError: <Thing object at 0x?> failed after N tries in <path>"
    assert error_signature("all good\n", 0) is None
    assert error_signature("Traceback (most recent call last):\n  File \"a\", line 1\nKeyboardInterrupt\n", 1) == "KeyboardInterrupt"
    assert error_signature("error: config 3.2 missing at /etc/x.toml\n\n", 2) == "exit 2: error: config N missing at <path>"
    assert error_signature("", -9) == "exit -9 (SIGKILL)"
    assert error_signature("Traceback (most recent call last):\nValueError: x\n", None) == "timeout"
    assert len(error_signature("Traceback (most recent call last):\nValueError: " + "x" * 1000 + "\n", 1) or "") <= 300


def test_signature_of_an_exception_group() -> None:
    output = (
        "  + Exception Group Traceback (most recent call last):\n"
        '  |   File "/x/y.py", line 1, in <module>\n'
        "  | ExceptionGroup: two failures (2 sub-exceptions)\n"
        "  +-+---------------- 1 ----------------\n"
        "    | ValueError: a\n"
    )
    assert error_signature(output, 1) == "ExceptionGroup: two failures (N sub-exceptions)"


def test_normalise_keeps_names_and_replaces_what_varies() -> None:
    assert normalise("No module named 'numpy.core._multiarray_umath'") == "No module named 'numpy.core._multiarray_umath'"
    assert normalise("int64 and float32 at line 7") == "int64 and float32 at line N"
    assert normalise("file:///tmp/x/y.whl  C:\\Users\\me\\a.py") == "<path> <path>"
    assert normalise("digest e3b0c44298fc1c149afbf4c8996fb924 in tmpq8_zk2lx") == "digest <hex> in <tmp>"
