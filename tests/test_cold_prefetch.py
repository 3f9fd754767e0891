"""Cold locks: the index pages of a release's dependencies are requested as soon as its metadata
arrives on a prefetch thread, before the resolver pins the release and asks for them; such a
guess that fails (HTTP 500, garbage, no answer) never fails or changes a lock.

Real HTTP index on 127.0.0.1 (support.IndexServer); the server's request log is the witness.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from stackwise.cli import main
from stackwise.environment import TargetEnvironment
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from support import IndexServer, build_wheel, make_index

TARGET = TargetEnvironment.for_platform("linux", "3.11")


class FaultyIndex(IndexServer):
    """An IndexServer whose pages of some projects fail (``broken``) or come late (``delays``),
    and some of whose files answer HTTP 500 (``broken_files``, by file name)."""

    def __init__(self, files_dir: Path, *, broken: dict[str, str] | None = None,
                 delays: dict[str, float] | None = None, broken_files: set[str] | None = None) -> None:
        super().__init__(files_dir)
        self.broken = dict(broken or {})
        self.delays = dict(delays or {})
        self.broken_files = set(broken_files or ())

    def start(self) -> FaultyIndex:
        super().start()
        assert self._httpd is not None
        base = self._httpd.RequestHandlerClass
        server = self

        class Handler(base):  # type: ignore[misc, valid-type]
            def _page(self, rec, rest: str, *, head: bool) -> None:  # noqa: ANN001
                project = rest.strip("/")
                time.sleep(server.delays.get(project, 0.0))
                fault = server.broken.get(project)
                if fault == "500":
                    return self._send(rec, 500, b"Internal Server Error", "text/plain", head=head)
                if fault == "garbage":
                    return self._send(rec, 200, b'{"meta": {"api-version": "1.0"}, "files": [garb',
                                      "application/vnd.pypi.simple.v1+json", head=head)
                if fault == "silent":
                    time.sleep(3.0)  # past the client's --timeout 1
                return super()._page(rec, rest, head=head)

            def _file(self, rec, name: str, *, head: bool) -> None:  # noqa: ANN001
                if name in server.broken_files:
                    return self._send(rec, 500, b"Internal Server Error", "text/plain", head=head)
                return super()._file(rec, name, head=head)

        self._httpd.RequestHandlerClass = Handler
        return self


def _wait_for(server: IndexServer, path: str, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path in server.requests_log:
            return True
        time.sleep(0.02)
    return False


def test_metadata_prefetch_requests_the_pages_of_the_dependencies(tmp_path: Path) -> None:
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["needed>=1", 'linuxdep; sys_platform == "linux"',
                                      'windep; sys_platform == "win32"'], extras={"docs": ["docsdep"]})
    make_index(files, {"needed": {"1.0": []}, "linuxdep": {"1.0": []}, "windep": {"1.0": []},
                       "docsdep": {"1.0": []}})
    with FaultyIndex(files) as server, \
            IndexClient(IndexConfig(index_urls=(server.url,), cache_dir=tmp_path / "cache"), TARGET) as client:
        release = client.project("app").releases[0]
        client.prefetch_metadata(release)
        # Nobody asked for these projects: the prefetch thread that read app's metadata did.
        assert _wait_for(server, "/simple/needed/"), server.requests_log
        assert _wait_for(server, "/simple/linuxdep/"), server.requests_log
        assert client.project("needed").releases  # the prefetched page is used, not fetched again
        assert client.metadata(release).requires_dist[0] == "needed>=1"
        log = server.requests_log
    assert log.count("/simple/needed/") == 1
    # not for this target, or only with an extra: not requested
    assert "/simple/windep/" not in log and "/simple/docsdep/" not in log


def _graph_files(tmp_path: Path) -> Path:
    """``a`` 2.0 needs ``bad``, but ``b==1.0`` (pinned first) needs ``a<2``: the resolver's
    first guess for ``a`` is 2.0, whose dependency ``bad`` the lock never needs."""
    files = tmp_path / "files"
    make_index(files, {"a": {"1.0": [], "2.0": ["bad"]}, "b": {"1.0": ["a<2"]}, "bad": {"1.0": []}})
    return files


def _lock(server: IndexServer, cache: Path, out: Path) -> int:
    return main(["lock", "a", "b==1.0", "-i", server.url, "--no-default-scores", "--cache-dir", str(cache),
                 "-o", str(out), "-q", "--timeout", "1"])


def _pins(out: Path) -> list[str]:
    return [line for line in out.read_text().splitlines() if not line.startswith("#")]


@pytest.mark.parametrize("fault", ["500", "garbage", "silent"])
def test_a_failing_dependency_prefetch_never_fails_or_changes_the_lock(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fault: str) -> None:
    files = _graph_files(tmp_path)
    with FaultyIndex(files, delays={"b": 0.5}) as good:
        assert _lock(good, tmp_path / "cache-good", tmp_path / "good.txt") == 0
    capsys.readouterr()
    with FaultyIndex(files, broken={"bad": fault}, delays={"b": 0.5}) as server:
        code = _lock(server, tmp_path / "cache", tmp_path / "lock.txt")
        err = capsys.readouterr().err
        log = server.requests_log
    assert code == 0, err
    assert "Traceback" not in err and "bad" not in err, err
    # the guess was made (a 2.0's metadata named it) and failed quietly
    assert "/simple/bad/" in log, log
    assert _pins(tmp_path / "lock.txt") == _pins(tmp_path / "good.txt")
    assert any(line.startswith("a==1.0") for line in _pins(tmp_path / "lock.txt"))


def test_a_prefetched_page_requests_its_newest_final_release_metadata(tmp_path: Path) -> None:
    files = tmp_path / "files"
    make_index(files, {"app": {"1.0": [], "2.0": ["needed"], "2.5": [], "3.0rc1": []}, "needed": {"1.0": []}})
    yanked = {"app-2.5-py3-none-any.whl": "broken"}
    server = FaultyIndex(files)
    server.yanked = yanked
    with server, IndexClient(IndexConfig(index_urls=(server.url,), cache_dir=tmp_path / "cache"), TARGET) as client:
        client.prefetch(["app"])
        # nobody asked for app's releases: the prefetch thread that read its page guessed 2.0
        # (3.0rc1 is a pre-release, 2.5 is yanked)
        assert _wait_for(server, "/files/app-2.0-py3-none-any.whl.metadata"), server.requests_log
        project = client.project("app")
        assert [str(r.version) for r in project.releases] == ["3.0rc1", "2.5", "2.0", "1.0"]
        client.prefetch_metadata(project.releases[2])  # the resolver's pick: the same request
        assert client.metadata(project.releases[2]).requires_dist == ("needed",)
        assert _wait_for(server, "/simple/needed/"), server.requests_log  # its dependencies: on arrival
        log = server.requests_log
    assert log.count("/simple/app/") == 1 and log.count("/files/app-2.0-py3-none-any.whl.metadata") == 1
    assert not any("3.0rc1" in p or "2.5" in p for p in log), log


def test_a_wrong_guess_that_fails_never_fails_or_changes_the_lock(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = tmp_path / "files"
    make_index(files, {"app": {"1.0": [], "2.0": []}})
    locks = []
    for broken in (set(), {"app-2.0-py3-none-any.whl.metadata", "app-2.0-py3-none-any.whl"}):
        with FaultyIndex(files, broken_files=broken) as server:
            out = tmp_path / f"lock{len(locks)}.txt"
            code = main(["lock", "app<2", "-i", server.url, "--no-default-scores", "--cache-dir",
                         str(tmp_path / f"cache{len(locks)}"), "-o", str(out), "-q", "--timeout", "2"])
            err = capsys.readouterr().err
            log = server.requests_log
        assert code == 0 and "Traceback" not in err and "app" not in err, err
        assert "/files/app-2.0-py3-none-any.whl.metadata" in log  # the guess (app<2 excludes it)
        locks.append(_pins(out))
    assert locks[0] == locks[1] and any(line.startswith("app==1.0") for line in locks[0])


def test_a_guess_is_cached_only_once_the_resolver_takes_it(tmp_path: Path) -> None:
    """The cache keeps the metadata of releases a resolution looked at, not of every guess (an
    offline lock then says which metadata it lacks, as before)."""
    files = tmp_path / "files"
    make_index(files, {"app": {"1.0": [], "2.0": []}})
    for taken in (False, True):
        with FaultyIndex(files) as server:
            config = IndexConfig(index_urls=(server.url,), cache_dir=tmp_path / f"cache{taken}")
            with IndexClient(config, TARGET) as client:
                client.prefetch(["app"])
                assert _wait_for(server, "/files/app-2.0-py3-none-any.whl.metadata"), server.requests_log
                newest = client.project("app").releases[0]
                key = client.remote_metadata_key(newest)
                if taken:
                    assert client.metadata(newest).version == "2.0"
        with IndexClient(config, TARGET) as client:
            assert (client.cache.get_metadata(key) is not None) is taken
