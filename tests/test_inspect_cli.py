"""``stackwise inspect`` / ``inspect list|show|reproduce`` / ``stackwise learn`` end to end (issue #13).

Everything runs for real and offline: wheels built by the tests on an index served on
127.0.0.1, real resolutions, every inspection in a fresh virtual environment, the CLI
in-process through ``stackwise.cli.main`` (or as ``python -m stackwise`` where a signal
must reach it), results in a SQLite database under ``tmp_path``.

The world: ``liba`` 1.0-1.3 do ``from libb import old_name`` at import time, 1.4 and 1.5
do not; ``libb`` 1.x defines ``old_name``, 2.x does not; liba requires libb. So exactly the
pair (liba<1.4, libb>=2.0) breaks, pip's pick for ``liba`` (1.5 + libb 2.1) works, and pip's
pick for ``liba<1.4`` (1.3 + libb 2.1) is broken.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from stackwise.cli import main
from stackwise.inspect.store import ResultStore
from support import IndexServer, build_wheel

LIBA = ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5"]
LIBB = ["1.0", "1.1", "1.2", "2.0", "2.1"]
SIGNATURE = "ImportError: cannot import name 'old_name' from 'libb'"
ID = re.compile(r"\bi-[0-9a-f]{12}\b")


def breaks(pins: dict[str, str]) -> bool:
    """The ground truth of the fixture index."""
    return Version(pins["liba"]) < Version("1.4") and Version(pins["libb"]) >= Version("2.0")


def build_break_index(files: Path) -> Path:
    for v in LIBA:
        code = "from libb import old_name\n" if Version(v) < Version("1.4") else "import libb\n"
        build_wheel(files, "liba", v, ["libb"], files={"liba/__init__.py": code})
    for v in LIBB:
        code = "def new_name():\n    return 1\n"
        if Version(v) < Version("2.0"):
            code += "def old_name():\n    return 0\n"
        build_wheel(files, "libb", v, files={"libb/__init__.py": code})
    return files


@pytest.fixture
def break_index(index_factory: Callable[..., IndexServer], tmp_path_factory: pytest.TempPathFactory) -> IndexServer:
    return index_factory(files_dir=build_break_index(tmp_path_factory.mktemp("break-index")))


class Cli:
    """``stackwise ...`` in-process against one index, one cache and (by default) one results database."""

    def __init__(self, capsys: pytest.CaptureFixture[str], tmp: Path, server: IndexServer, db: str = "r.db") -> None:
        self.capsys = capsys
        self.tmp = tmp
        self.server = server
        self.db = tmp / db

    def flags(self, db: Path | None = None) -> list[str]:
        return ["--results", str(db or self.db), "--cache-dir", str(self.tmp / "cache"), "--isolated",
                "--index-url", self.server.url]

    def __call__(self, *args: str, db: Path | None = None, index: bool = True) -> tuple[int, str, str]:
        self.capsys.readouterr()
        argv = [*args, *self.flags(db)] if index else list(args)
        code = main(argv)
        got = self.capsys.readouterr()
        return code, got.out, got.err

    def results(self, db: Path | None = None) -> list[Any]:
        with ResultStore(db or self.db) as store:
            return list(store.all())


def pins_of(result: Any) -> dict[str, str]:
    return dict(result.stack.pins)


def lock_pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        line = line.strip()
        if "==" in line and not line.startswith(("#", "--")):
            name, _, rest = line.partition("==")
            pins[name.strip()] = rest.split()[0].rstrip("\\")
    return pins


def assert_clear_error(code: int, err: str, *needles: str) -> str:
    """Non-zero exit, no traceback, one paragraph after 'stackwise: error:' naming what is wrong."""
    assert code != 0, err
    assert "Traceback" not in err, err
    assert err.count("stackwise: error:") == 1, err
    message = err.split("stackwise: error:", 1)[1].strip()
    assert message and "\n\n" not in message, err
    for needle in needles:
        assert needle in message, (needle, err)
    return message


# -- 1: inspect -> list/show -> learn -> lock -------------------------------------------------


def test_inspect_learn_lock_end_to_end(break_index: IndexServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(capsys, tmp_path, break_index)
    code, _, err = cli("inspect", "liba<=1.5", "--strategy", "boundaries", "--max-stacks", "12")
    assert code == 0, err
    assert "12 inspection(s)" in err
    results = cli.results()
    assert len(results) == 12
    assert results[0].stack.label == "pip" and pins_of(results[0]) == {"liba": "1.5", "libb": "2.1"}
    assert len({r.stack.key for r in results}) == 12  # 12 different stacks
    for result in results:  # every outcome is the truth of the fixture index
        assert result.outcome == ("failed" if breaks(pins_of(result)) else "passed"), (result.stack.pins, result.detail)
        assert result.attempts == (2 if result.outcome == "failed" else 1)
        if result.outcome == "failed":
            assert SIGNATURE in result.signature
    failed = [r for r in results if r.outcome == "failed"]
    assert len(failed) >= 2 and len(failed) < len(results)

    # list: one line per result, newest first; --json parses to the same ids
    code, out, err = cli("inspect", "list")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 12 and "12 result(s)" in err
    assert [ID.search(line).group(0) for line in lines] == [r.id for r in reversed(results)]
    assert sum(line.startswith("failed") for line in lines) == len(failed)
    code, out, _ = cli("inspect", "list", "--json", "--outcome", "failed")
    assert code == 0
    assert sorted(d["id"] for d in json.loads(out)) == sorted(r.id for r in failed)

    # show: the signature and the tail of the output (the real traceback)
    code, out, err = cli("inspect", "show", failed[0].id)
    assert code == 0, err
    assert f"inspection {failed[0].id}" in out and "outcome:     failed" in out
    assert re.search(r"signature: +ImportError: cannot import name 'old_name' from 'libb'", out), out
    assert "output (last lines):" in out and "from libb import old_name" in out.split("output (last lines):")[1]
    code, out, _ = cli("inspect", "show", failed[0].id, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["id"] == failed[0].id and shown["outcome"] == "failed"
    assert shown["stack"]["pins"] == [list(p) for p in failed[0].stack.pins]

    # learn: exactly one pair rule, proven by stored inspections, few probes
    learned = tmp_path / "learned.json"
    code, out, err = cli("learn", "-o", str(learned))
    assert code == 0, err
    after = cli.results()
    new = after[12:]
    assert len(new) == err.count("stackwise: probe "), err
    assert len(new) <= 2 * math.log2(max(len(LIBA), len(LIBB))) + 5, err
    assert all(r.stack.roots == ("liba<=1.5",) for r in new)
    document = json.loads(learned.read_text())
    assert len(document["rules"]) == 1, err
    rule = document["rules"][0]
    assert rule["package"] == "liba" and rule["specifier"] in ("<1.4", ">=1.0,<1.4"), rule
    assert rule["with"] == {"package": "libb", "specifier": ">=2.0"}, rule
    assert rule["veto"] is True and rule["source"] == "inspection" and rule["category"] == "stability"
    assert "old_name" in rule["evidence"]["signature"] and "old_name" in rule["message"]
    marker = rule["condition"]["marker"]
    assert Marker(marker).evaluate()  # holds here ...
    assert f'python_version == "{sys.version_info[0]}.{sys.version_info[1]}"' in marker
    assert f'sys_platform == "{sys.platform}"' in marker  # ... and is limited to this kind of machine
    cited = rule["evidence"]["inspections"]
    assert cited and len(set(cited)) == len(cited)
    by_id = {r.id: r for r in after}
    liba_spec, libb_spec = SpecifierSet(rule["specifier"]), SpecifierSet(rule["with"]["specifier"])
    for rid in cited:  # every cited inspection exists, and says what the rule claims
        code, out, err = cli("inspect", "show", rid)
        assert code == 0 and f"inspection {rid}" in out, err
        pins = pins_of(by_id[rid])
        inside = Version(pins["liba"]) in liba_spec and Version(pins["libb"]) in libb_spec
        assert by_id[rid].outcome == ("failed" if inside else "passed"), (rid, pins)
    assert {by_id[rid].outcome for rid in cited} == {"failed", "passed"}

    # lock: pip's pick for liba<1.4 is the broken pair; with the learned rule it is not
    def lock(*args: str) -> tuple[dict[str, str], str]:
        out_file = tmp_path / "requirements.txt"
        code, _, err = cli("lock", *args, "--no-default-scores", "--no-reuse", "-o", str(out_file), index=False)
        assert code == 0, err
        return lock_pins(out_file.read_text()), err

    index = ["--index-url", break_index.url, "--isolated", "--cache-dir", str(tmp_path / "cache")]
    scores = ["--scores", str(learned)]
    pins, _ = lock("liba", *scores, *index)
    assert pins == {"liba": "1.5", "libb": "2.1"} and not breaks(pins)
    pins, _ = lock("liba<1.4", *index)
    assert pins == {"liba": "1.3", "libb": "2.1"} and breaks(pins)  # pip's choice: broken
    pins, err = lock("liba<1.4", *scores, *index)
    assert pins == {"liba": "1.3", "libb": "1.2"} and not breaks(pins), err
    assert "libb 1.2 (pip: 2.1)" in err and "old_name" in err
    # ... and that stack really works (an inspection of exactly those pins)
    code, _, err = cli("inspect", "liba==1.3", "libb==1.2", "--strategy", "pip", db=tmp_path / "check.db")
    assert code == 0, err
    (verdict,) = cli.results(tmp_path / "check.db")
    assert verdict.outcome == "passed" and pins_of(verdict) == pins


# -- 2: flaky, timeout, install-failed give no rule ---------------------------------------------


def test_unusable_outcomes_are_recorded_and_learn_gives_no_rule(
    index_factory: Callable[..., IndexServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    files = build_break_index(tmp_path / "files")
    # libc: a zip whose module bytes are damaged (its METADATA still reads, so it resolves)
    wheel = build_wheel(files, "libc", "1.0", files={"libc/data.py": "x = 1\n" * 2000})
    data = bytearray(wheel.read_bytes())
    with zipfile.ZipFile(wheel) as zf:
        info = zf.getinfo("libc/data.py")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
    data[start:start + 2] = bytes(b ^ 0xFF for b in data[start:start + 2])
    wheel.write_bytes(bytes(data))
    build_wheel(files, "libe", "1.0")
    server = index_factory(files_dir=files)
    other = index_factory({"libz": {"1.0": []}})  # results of another index: stale for learn
    cli = Cli(capsys, tmp_path, server)

    def outcome_of(*args: str, server_url: str | None = None) -> Any:
        before = len(cli.results()) if cli.db.exists() else 0
        argv = [*args, "--strategy", "pip", *cli.flags()]
        if server_url:
            argv[argv.index(server.url)] = server_url
        code, _, err = cli(*argv, index=False)
        assert code == 0, err
        (result,) = cli.results()[before:]
        return result

    counter = tmp_path / "ran-once"
    flaky_check = f"if [ -e {shlex.quote(str(counter))} ]; then exit 0; fi; touch {shlex.quote(str(counter))}; " \
                  "echo 'first run: boom' >&2; exit 1"
    flaky = outcome_of("inspect", "libb", "--check", flaky_check)
    assert (flaky.outcome, flaky.attempts) == ("flaky", 2) and counter.exists()
    assert "first run failed" in flaky.detail and "boom" in flaky.detail

    started = time.monotonic()
    timeout = outcome_of("inspect", "libb", "--check", "sleep 30", "--timeout", "1")
    assert timeout.outcome == "timeout" and timeout.exit_status is None
    assert time.monotonic() - started < 15  # killed at the limit, twice, not after 30 s

    corrupt = outcome_of("inspect", "libc")
    assert corrupt.outcome == "install-failed" and "libc" in corrupt.detail and not corrupt.output_tail

    # libe: the index page (cached by a lock) lists one hash, the server now sends other bytes
    code, _, err = cli("lock", "libe", "-o", str(tmp_path / "libe.txt"), *cli.flags()[2:], index=False)
    assert code == 0, err
    build_wheel(files, "libe", "1.0", files={"libe/extra.py": "changed = True\n"})
    mismatch = outcome_of("inspect", "libe")
    assert mismatch.outcome == "install-failed" and "hash" in mismatch.detail.lower(), mismatch.detail

    stale = outcome_of("inspect", "libz", server_url=other.url)
    assert stale.outcome == "passed"

    code, out, err = cli("inspect", "list", "--outcome", "install-failed")
    assert code == 0 and sorted(ID.findall(out)) == sorted([corrupt.id, mismatch.id])
    assert "install-failed" in out and "timeout" not in out

    learned = tmp_path / "learned.json"
    code, _, err = cli("learn", "-o", str(learned))
    assert code == 0, err
    assert json.loads(learned.read_text())["rules"] == [], err
    assert "stackwise: probe" not in err  # nothing here is worth a probe
    notes = [line for line in err.splitlines() if line.startswith("stackwise: note:")]
    assert any("flaky" in n and "did not repeat" in n and flaky.id in n for n in notes), notes
    assert any("timeout" in n and "says nothing about compatibility" in n and timeout.id in n for n in notes), notes
    for broken in (corrupt, mismatch):
        assert any("install-failed" in n and "never ran" in n and broken.id in n for n in notes), notes
    assert any("libz" in n and "do not resolve" in n for n in notes), notes
    assert "0 rule(s) from 5 result(s)" in err


# -- 3: reproduce ------------------------------------------------------------------------------


def test_reproduce_prints_commands_reruns_and_says_whether_it_holds(
    break_index: IndexServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(capsys, tmp_path, break_index)
    code, _, err = cli("inspect", "liba==1.3", "--strategy", "pip")
    assert code == 0, err
    (original,) = cli.results()
    assert original.outcome == "failed" and pins_of(original) == {"liba": "1.3", "libb": "2.1"}

    code, out, err = cli("inspect", "reproduce", original.id)
    assert code == 0, err
    assert "cat > pylock.toml" in out and "stackwise install pylock.toml --target-venv venv" in out
    assert "liba-1.3-py3-none-any.whl" in out and "libb-2.1-py3-none-any.whl" in out
    rerun = ID.findall(out.split("\nrerun ", 1)[1])[0]
    assert f"the result of {original.id} (failed) still holds" in out, out
    stored = {r.id: r for r in cli.results()}
    assert set(stored) == {original.id, rerun}
    assert stored[rerun].outcome == "failed" and stored[rerun].signature == original.signature

    # the printed commands are a working reproduction: run by hand they fail the same way
    script = out.split("\nrerun ", 1)[0]
    work = tmp_path / "by-hand"
    work.mkdir()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"), "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    proc = subprocess.run(["bash", "-c", script], cwd=work, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "cannot import name 'old_name' from 'libb'" in proc.stdout, proc.stdout + proc.stderr

    # a result that no longer holds: exit 1 and says so
    flag = tmp_path / "now-broken"
    code, _, err = cli("inspect", "libb", "--strategy", "pip", "--check", f"test ! -e {shlex.quote(str(flag))}")
    assert code == 0, err
    passing = cli.results()[-1]
    assert passing.outcome == "passed"
    flag.touch()
    code, out, err = cli("inspect", "reproduce", passing.id)
    assert code == 1, err
    assert f"the result of {passing.id} (passed) does NOT hold any more" in out


# -- 4: Ctrl-C ---------------------------------------------------------------------------------


def _check_processes_under(root: Path) -> list[int]:
    """Processes whose HOME lies under ``root`` (only an inspection's check has one there)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(item.startswith(b"HOME=" + bytes(root)) for item in environ):
            found.append(int(entry.name))
    return found


def _gone(root: Path, grace: float = 5.0) -> bool:
    """No check process left under ``root`` within ``grace`` s (SIGKILL is delivered asynchronously)."""
    deadline = time.monotonic() + grace
    while _check_processes_under(root):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and sends SIGINT")
def test_sigint_keeps_every_finished_result(break_index: IndexServer, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "stackwise", "inspect", "liba<=1.5", "--check", "sleep 2", "--max-stacks", "6",
         "--results", str(db), "--cache-dir", str(tmp_path / "cache"), "--isolated", "--index-url", break_index.url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(work)},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no result was stored within 60 s"
            if db.exists() and _check_processes_under(work):  # a result stored and the next check running
                with ResultStore(db) as store:
                    if len(store) >= 1:
                        break
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        _, err = proc.communicate(timeout=30)
        stopped_after = time.monotonic() - interrupted
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert stopped_after < 1.5, f"Ctrl-C took {stopped_after:.1f}s: the running check was waited for, not stopped"
    assert "Traceback" not in err and "nothing was written" not in err, err
    said = re.search(r"interrupted; (\d+) finished inspection\(s\) are stored in (.+)\.$", err, re.M)
    assert said, err
    assert Path(said.group(2)) == db

    with sqlite3.connect(db) as conn:  # nothing half-written
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with ResultStore(db) as store:
        results = list(store.all())
    assert 1 <= len(results) < 6 and len(results) == int(said.group(1))
    announced = re.findall(r"\[\d+/6\] passed .*\((i-[0-9a-f]{12})\)", err)
    assert [r.id for r in results] == announced  # every finished result, and only those
    for result in results:
        assert result.outcome == "passed" and result.stack.pins and result.duration >= 1.9
    assert results[0].stack.label == "pip"
    code = main(["inspect", "show", results[-1].id, "--results", str(db)])
    assert code == 0
    # the interrupted check and its work directory are gone
    assert _gone(work), _check_processes_under(work)
    assert [p.name for p in work.iterdir() if p.name.startswith("stackwise-inspect-")] == []


# -- 5: bad input ------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BAD_INSPECT = {
    "check-not-found": (["liba", "--check", "no-such-command-xyz"], ["no-such-command-xyz", "could not be run"]),
    "does-not-resolve": (["liba>=9"], ["Cannot find versions of liba", "liba>=9"]),
    "max-stacks-0": (["liba", "--max-stacks", "0"], ["--max-stacks must be at least 1"]),
    "random-without-seed": (["liba", "--strategy", "random"], ["--seed"]),
    "closed-scheduler": (["liba", "--scheduler", "tcp://127.0.0.1:{port}"], ["Cannot reach the Dask scheduler",
                                                                            "127.0.0.1:{port}"]),
    "empty-check": (["liba", "--check", " "], ["--check needs a command"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INSPECT))
def test_bad_inspect_input_is_one_clear_error_and_writes_nothing(
    case: str, break_index: IndexServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = str(_closed_port())
    args, needles = BAD_INSPECT[case]
    cli = Cli(capsys, tmp_path, break_index)
    started = time.monotonic()
    code, out, err = cli("inspect", *(a.replace("{port}", port) for a in args))
    assert_clear_error(code, err, *(n.replace("{port}", port) for n in needles))
    assert time.monotonic() - started < 20
    assert out == ""
    assert not cli.db.exists(), "a results database was written"
    assert list(tmp_path.glob("r.db*")) == []


def test_exhaustive_above_its_limit_is_refused(
    index_factory: Callable[..., IndexServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph: dict[str, dict[str, list[str]]] = {"top": {"1.0": ["p1", "p2", "p3", "p4"]}}
    for i in range(1, 5):
        graph[f"p{i}"] = {f"1.{v}": [] for v in range(7)}  # 7 ** 4 = 2401 combinations
    cli = Cli(capsys, tmp_path, index_factory(graph))
    code, _, err = cli("inspect", "top", "--strategy", "exhaustive", "--max-stacks", "5")
    message = assert_clear_error(code, err, "2401 combinations", "limit of 2000")
    assert "boundaries" in message and "random" in message  # says what to do instead
    assert not cli.db.exists()
    # one package fewer is inside the limit: the same command works
    code, _, err = cli("inspect", "p1", "p2", "--strategy", "exhaustive", "--max-stacks", "2", "--check", "true")
    assert code == 0, err
    assert [r.stack.label for r in cli.results()] == ["pip", "exhaustive: p1 1.6 + p2 1.5"]


@pytest.mark.parametrize("command", [["inspect", "list"], ["inspect", "show", "i-0123456789ab"],
                                     ["inspect", "liba"], ["learn"]])
def test_corrupt_results_database_is_refused_untouched(
    command: list[str], break_index: IndexServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(capsys, tmp_path, break_index)
    garbage = b"this is not a results database\n" + bytes(range(256)) * 8
    cli.db.write_bytes(garbage)
    code, out, err = cli(*command)
    assert_clear_error(code, err, str(cli.db), "not a SQLite database")
    assert out == "" and "[1/" not in err  # refused before any inspection ran
    assert cli.db.read_bytes() == garbage
    assert list(tmp_path.glob("r.db*")) == [cli.db]


def test_learn_on_an_empty_database_and_unknown_ids(
    break_index: IndexServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(capsys, tmp_path, break_index)
    ResultStore(cli.db).close()
    output = tmp_path / "learned.json"
    code, out, err = cli("learn", "-o", str(output))
    assert_clear_error(code, err, "No inspection results to learn from", "stackwise inspect")
    assert out == "" and not output.exists()
    for rid, needle in (("i-0123456789ab", "No inspection 'i-0123456789ab'"), ("nonsense", "not an inspection id")):
        for sub in ("show", "reproduce"):
            code, out, err = cli("inspect", sub, rid)
            assert_clear_error(code, err, needle)
            assert out == ""
    assert cli.results() == []


# -- 6: network isolation ----------------------------------------------------------------------


def test_network_isolation_cuts_the_check_off(
    break_index: IndexServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stackwise.inspect.runner import network_isolation

    isolated, why = network_isolation()
    if not isolated:
        pytest.skip(f"no network isolation on this machine: {why}")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    accepted: list[Any] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            accepted.append(conn)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        code_text = f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5).close()"
        check = f"python -c {shlex.quote(code_text)}"
        cli = Cli(capsys, tmp_path, break_index)
        code, _, err = cli("inspect", "libb", "--strategy", "pip", "--check", check)
        assert code == 0, err
        (cut_off,) = cli.results()
        assert cut_off.outcome == "failed" and cut_off.environment["network_isolated"] is True
        assert "Error" in cut_off.signature, cut_off.signature
        assert accepted == []
        code, _, err = cli("inspect", "libb", "--strategy", "pip", "--check", check, "--network", "allow",
                           db=tmp_path / "allowed.db")
        assert code == 0, err
        (allowed,) = cli.results(tmp_path / "allowed.db")
        assert allowed.outcome == "passed", allowed.output_tail
        assert allowed.environment["network_isolated"] is False
        assert len(accepted) >= 1
    finally:
        stop.set()
        thread.join(5)
        listener.close()


# -- 7: a Dask cluster gives what --jobs gives -------------------------------------------------


@pytest.fixture
def dask_scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    errors = []
    for processes in (True, False):
        try:
            cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=processes,
                                               dashboard_address=None, silence_logs=logging.ERROR)
        except Exception as exc:  # e.g. no worker processes in this sandbox: threads then
            errors.append(f"processes={processes}: {type(exc).__name__}: {exc}")
            continue
        try:
            yield cluster.scheduler_address
        finally:
            cluster.close()
        return
    pytest.skip(f"no local Dask cluster: {'; '.join(errors)}")


def test_dask_cluster_gives_the_same_results_as_local_jobs(
    dask_scheduler: str, break_index: IndexServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(capsys, tmp_path, break_index)
    local, cluster = tmp_path / "local.db", tmp_path / "cluster.db"
    code, _, err = cli("inspect", "liba<=1.5", "--max-stacks", "6", "--jobs", "2", db=local)
    assert code == 0, err
    code, _, err = cli("inspect", "liba<=1.5", "--max-stacks", "6", "--scheduler", dask_scheduler, db=cluster)
    assert code == 0, err

    def digest(db: Path) -> list[tuple[Any, ...]]:
        return sorted((r.stack.pins, r.stack.label, r.stack.lock, r.outcome, r.signature, r.exit_status, r.attempts,
                       sorted(r.environment.items())) for r in cli.results(db))

    there, here = digest(cluster), digest(local)
    assert len(here) == 6 and there == here
    assert {row[3] for row in here} == {"passed", "failed"}  # the comparison covers both outcomes

    # and what is learned from either is the same rule
    rules = []
    for db in (local, cluster):
        out = tmp_path / f"{db.stem}.json"
        code, _, err = cli("learn", "-o", str(out), db=db)
        assert code == 0, err
        (rule,) = json.loads(out.read_text())["rules"]
        rules.append({k: rule[k] for k in ("id", "package", "specifier", "with", "condition", "veto")}
                     | {"signature": rule["evidence"]["signature"]})
    assert rules[0] == rules[1]
    assert rules[0]["package"] == "liba" and rules[0]["with"]["specifier"] == ">=2.0"
