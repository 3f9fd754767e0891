"""Running many inspections: one after another, N at once on this machine, or on a Dask cluster.

Whichever way they run, each inspection is :func:`stackwise.inspect.runner.run_inspection`
on the same JSON-rebuilt request, check and settings, and every result is handed to
``on_result`` in the calling thread the moment it is finished -- so the caller can store it
before the next one ends, and an interrupted run keeps everything finished so far.

Why ``jobs=N`` runs each inspection in a child Python process driven by a thread (and not in
the thread itself): an inspection is almost all waiting on subprocesses (venv, install,
check), so threads are enough for parallelism, but only a process's *main* thread gets
Ctrl-C -- the runner kills the check's process group and removes its work directory on
KeyboardInterrupt, which a worker thread would never see, leaving checks running for up to
their timeout. A child process gets the terminal's SIGINT itself (and a forwarded one when
only stackwise was signalled), so an interrupted run stops within seconds and leaves nothing
behind. It also keeps ``fork`` + ``preexec_fn`` (the check's resource limits) out of a
multi-threaded process, and means one crashing inspection cannot take the batch down.

Why JSON dicts go to Dask workers (not pickled dataclasses): a worker needs nothing but an
installed stackwise of the same version, and the result comes back through the model's own
``from_json``, exactly as the local ways return it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from stackwise import __version__
from stackwise.errors import StackwiseError
from stackwise.inspect.model import Check, InspectionResult, StackRequest

if TYPE_CHECKING:  # the runner is imported lazily: this module must import without it
    from stackwise.inspect.runner import RunnerSettings

#: ``scheduler=`` value that starts a throwaway :class:`distributed.LocalCluster` here with
#: ``jobs`` single-threaded worker processes (tests, and trying the cluster path out).
LOCAL_CLUSTER = "local-cluster"
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler (and for it to have a worker)
STOP_GRACE = 15.0  # seconds an interrupted child inspection gets to clean up before SIGKILL
_INSTALL_HINT = "pip install 'stackwise[cluster]'"

ResultCallback = Callable[[InspectionResult], None]


class ExecutionError(StackwiseError):
    """Inspections could not be run (no scheduler, dask missing, a settings problem on a worker)."""


def execute(
    requests: Sequence[StackRequest],
    check: Check,
    settings: RunnerSettings,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    on_result: ResultCallback | None = None,
) -> list[InspectionResult]:
    """Inspect every stack in ``requests``; the results in request order.

    ``jobs=1``: one after another in this process. ``jobs=N``: N at once on this machine
    (child processes, see the module docstring). ``scheduler="tcp://HOST:PORT"``: as tasks of
    a Dask cluster, as many at once as its workers have threads (``jobs`` is not used);
    ``scheduler="local-cluster"``: a throwaway Dask cluster here with ``jobs`` workers.

    ``on_result`` gets each result in the calling thread as soon as it is finished. A problem
    of the settings or a machine (:class:`StackwiseError` from the runner) stops everything;
    an inspection that crashes is recorded as outcome ``error`` and the rest go on. On
    KeyboardInterrupt pending work is cancelled, running local inspections are stopped,
    delivered results stay delivered, and the interrupt is re-raised.
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ExecutionError(f"jobs must be a whole number of at least 1, not {jobs!r}.")
    items = list(requests)
    if not items:
        return []
    deliver = on_result or (lambda result: None)
    if scheduler is not None:
        return _run_dask(items, check, settings, scheduler.strip(), jobs, deliver)
    if jobs == 1 or len(items) == 1:
        results = []
        for request in items:
            result = _inspect_here(request, check, settings)
            deliver(result)
            results.append(result)
        return results
    return _run_children(items, check, settings, jobs, deliver)


# -- one inspection ------------------------------------------------------------------------------


def _crashed(request: StackRequest, check: Check, why: str) -> InspectionResult:
    """The record of an inspection that could not finish (a crash, a lost worker): outcome ``error``."""
    from stackwise.inspect.store import utc_now

    return InspectionResult(stack=request, check=check, outcome="error", detail=why, created=utc_now())


def _inspect_here(request: StackRequest, check: Check, settings: RunnerSettings) -> InspectionResult:
    from stackwise.inspect.runner import run_inspection

    try:
        return run_inspection(request, check, settings)
    except (StackwiseError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug in one inspection must not cost the batch: recorded, not raised
        return _crashed(request, check, f"the inspection crashed: {type(exc).__name__}: {exc}")


def _payload(request: StackRequest, check: Check, settings: RunnerSettings) -> dict[str, Any]:
    return {"version": __version__, "request": request.to_json(), "check": check.to_json(),
            "settings": settings.to_json()}


def _inspect_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the dataclasses from JSON and inspect; ``{"result": ...}`` or ``{"error": ...}``."""
    from stackwise.inspect.runner import RunnerSettings

    if payload.get("version") != __version__:
        return {"error": f"it has stackwise {__version__}, but the inspections were sent by stackwise "
                         f"{payload.get('version')}; install the same version everywhere"}
    request = StackRequest.from_json(payload["request"])
    check = Check.from_json(payload["check"])
    try:
        settings = RunnerSettings.from_json(payload["settings"])
        return {"result": _inspect_here(request, check, settings).to_json()}
    except StackwiseError as exc:
        return {"error": str(exc)}


# -- N at once on this machine -------------------------------------------------------------------


class _Children:
    """The child inspection processes running now, so an interrupt can stop every one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: set[subprocess.Popen[bytes]] = set()
        self.stopping = False

    def start(self, argv: list[str]) -> subprocess.Popen[bytes] | None:
        with self._lock:
            if self.stopping:
                return None
            from stackwise.inspect.runner import probe_environment

            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env={**os.environ, **probe_environment()})
            self._procs.add(proc)
            return proc

    def done(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._procs.discard(proc)

    def stop(self) -> None:
        """SIGINT (the runner then kills its check and cleans up), SIGKILL after a grace period."""
        with self._lock:
            self.stopping = True
            procs = list(self._procs)
        for proc in procs:
            with contextlib.suppress(OSError):
                proc.send_signal(signal.SIGINT)
        deadline = time.monotonic() + STOP_GRACE
        for proc in procs:
            try:
                proc.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    proc.kill()


def _child_argv() -> list[str]:
    """This Python, running :func:`_child_main` of this very stackwise (its directory is appended
    to the path, so an installed stackwise still wins and one run from a source tree is found)."""
    import stackwise

    here = os.path.dirname(os.path.dirname(os.path.abspath(stackwise.__file__)))
    code = ("import sys; sys.path.append(sys.argv[1]); "
            "from stackwise.inspect.execute import _child_main; sys.exit(_child_main())")
    return [sys.executable, "-c", code, here]


def _inspect_in_child(children: _Children, request: StackRequest, check: Check,
                      settings: RunnerSettings) -> InspectionResult | None:
    """One inspection in a child process (None: not started, the run is being stopped)."""
    data = json.dumps(_payload(request, check, settings)).encode("utf-8")
    try:
        proc = children.start(_child_argv())
    except OSError as exc:
        raise ExecutionError(f"Cannot start an inspection process ({sys.executable}): {exc.strerror or exc}.") from None
    if proc is None:
        return None
    try:
        out, err = proc.communicate(data)
    finally:
        children.done(proc)
    if children.stopping:
        return None
    if proc.returncode in (130, -signal.SIGINT) and not out.strip():
        raise KeyboardInterrupt  # the terminal's Ctrl-C reached the child first: the run is being interrupted
    from stackwise.inspect.runner import child_answer

    answer = child_answer(out, err, proc.returncode, "inspection")
    if isinstance(answer, str):
        return _crashed(request, check, answer)
    if "error" in answer:
        raise ExecutionError(str(answer["error"]))
    return InspectionResult.from_json(answer["result"])


def _run_children(items: list[StackRequest], check: Check, settings: RunnerSettings, jobs: int,
                  deliver: ResultCallback) -> list[InspectionResult]:
    results: list[InspectionResult | None] = [None] * len(items)
    children = _Children()
    pool = ThreadPoolExecutor(max_workers=min(jobs, len(items)), thread_name_prefix="stackwise-inspect")
    futures: dict[Future[InspectionResult | None], int] = {}
    try:
        for n, request in enumerate(items):
            futures[pool.submit(_inspect_in_child, children, request, check, settings)] = n
        pending = set(futures)
        while pending:
            # wait() with a timeout: the main thread stays responsive to Ctrl-C
            finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=futures.__getitem__):
                result = future.result()
                if result is not None:
                    results[futures[future]] = result
                    deliver(result)
    except BaseException:
        for future in futures:
            future.cancel()
        children.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return [r for r in results if r is not None]


def _become_subreaper() -> None:
    """Adopt orphaned descendants (Linux ``PR_SET_CHILD_SUBREAPER``), so :func:`_kill_own_children`
    finds a check's processes even after their parent died; elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _kill_own_children() -> None:
    """Kill every process this one started (or adopted) that still runs, with its process group.

    Why: an interrupt can land between the runner's fork of a check and the ``try`` that
    would kill it, and a check can leave processes behind (its own session, a daemon);
    as a subreaper this process inherits them all, so nothing an inspection started
    outlives it. Linux ``/proc``; elsewhere nothing to do (the runner's isolation is Linux-only).
    """
    me = os.getpid()
    for _ in range(10):  # killing one may hand its children to us: look again
        try:
            entries = os.listdir("/proc")
        except OSError:
            return
        found = False
        for name in entries:
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", encoding="utf-8", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) != me:
                continue
            found = True
            pid = int(name)
            with contextlib.suppress(OSError):
                if int(fields[2]) == pid:  # it leads its own process group (a check): the whole group
                    os.killpg(pid, signal.SIGKILL)
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        if not found:
            return


def _child_main() -> int:
    """The child inspection process (see :func:`_child_argv`): one payload on stdin, one answer line on stdout."""
    interrupted = False

    def on_sigint(signum: int, frame: Any) -> None:
        nonlocal interrupted
        if interrupted:  # the terminal's Ctrl-C and stackwise's forwarded one: the second must not cut cleanup short
            return
        interrupted = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    _become_subreaper()
    answer_fd = os.dup(1)
    os.dup2(2, 1)  # whatever the install path prints goes to stderr, not into the answer
    try:
        payload = json.loads(sys.stdin.buffer.read())
        answer = _inspect_payload(payload)
    except KeyboardInterrupt:
        return 130
    finally:
        _kill_own_children()
    with os.fdopen(answer_fd, "w", encoding="utf-8") as out:
        out.write(json.dumps(answer) + "\n")
    return 0


# -- a Dask cluster ------------------------------------------------------------------------------


def _run_on_worker(payload: dict[str, Any]) -> dict[str, Any]:
    """The Dask task: JSON in, JSON out, so the worker needs only an installed stackwise."""
    answer = _inspect_payload(payload)
    if "error" in answer:
        where = "a Dask worker"
        with contextlib.suppress(Exception):
            from distributed import get_worker

            where = f"Dask worker {get_worker().address}"
        answer["error"] = f"On {where}: {answer['error']}"
    return answer


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ExecutionError(
            f"Running inspections on a Dask cluster needs dask's distributed scheduler: {_INSTALL_HINT} "
            "(on this machine and on every worker)."
        ) from None
    return distributed


def _unreachable(address: str, reason: str) -> ExecutionError:
    return ExecutionError(
        f"Cannot reach the Dask scheduler at {address}: {reason}. Start one with `dask scheduler` (it prints "
        "its tcp://HOST:PORT address) and workers with `dask worker tcp://HOST:PORT`, check that the address "
        "is right and its port reachable from here, or leave out the scheduler to run inspections on this "
        "machine (--jobs N)."
    )


def _scheduler_address(scheduler: str) -> str:
    address = scheduler if "://" in scheduler else f"tcp://{scheduler}"
    parts = urlsplit(address)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in ("tcp", "tls") or not parts.hostname or port is None or parts.path not in ("", "/"):
        raise ExecutionError(
            f"{scheduler!r} is not a Dask scheduler address; give tcp://HOST:PORT (what `dask scheduler` "
            f"prints; port 8786 by default) or {LOCAL_CLUSTER!r}."
        )
    return address.rstrip("/")


def _probe(address: str) -> None:
    """Fail fast and bounded before ``distributed.Client`` tries.

    Why: a refused port would only fail after the client's retries, and a port where
    something accepts but never speaks would hang it for good (distributed waits for the
    scheduler's handshake without a timeout). A scheduler sends its handshake as soon as it
    accepts a connection, so a plain socket can tell within ``CONNECT_TIMEOUT``; with TLS the
    client speaks first, so only the connection is tried.
    """
    parts = urlsplit(address)
    deadline = time.monotonic() + CONNECT_TIMEOUT
    try:
        sock = socket.create_connection((parts.hostname, parts.port), timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        raise _unreachable(address, exc.strerror or str(exc) or type(exc).__name__) from None
    with sock:
        if parts.scheme != "tcp":
            return
        head = b""
        try:
            while len(head) < 8:
                sock.settimeout(max(0.1, deadline - time.monotonic()))
                chunk = sock.recv(8 - len(head))
                if not chunk:
                    break
                head += chunk
        except OSError:  # socket.timeout is an OSError
            raise _unreachable(address, f"something accepts connections there but did not answer as a Dask "
                                        f"scheduler within {CONNECT_TIMEOUT:g} s") from None
        # Dask's TCP messages start with their length (8 bytes, little-endian); a handshake is small
        if len(head) < 8 or not 0 < int.from_bytes(head, "little") < 1024 * 1024:
            raise _unreachable(address, "something else listens there: it does not answer in Dask's protocol")


@contextlib.contextmanager
def _client(scheduler: str, jobs: int) -> Iterator[Any]:
    """A connected ``distributed.Client`` with at least one worker; closed (with its cluster) after."""
    distributed = _distributed()
    import asyncio
    import logging

    if scheduler == LOCAL_CLUSTER:
        cluster = distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
        try:
            client = distributed.Client(cluster, set_as_default=False)
        except BaseException:
            cluster.close()
            raise
        try:
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.close(timeout=10)
            with contextlib.suppress(Exception):
                cluster.close(timeout=10)
        return
    address = _scheduler_address(scheduler)
    _probe(address)
    timeouts = (OSError, TimeoutError, asyncio.TimeoutError)  # asyncio's is a separate class before 3.11
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as exc:  # a timeout, or a peer that is not a scheduler (garbled handshake)
        why = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise _unreachable(address, f"no working connection to a Dask scheduler within {CONNECT_TIMEOUT:g} s ({why})") from None
    try:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except timeouts:
            raise ExecutionError(
                f"The Dask scheduler at {address} has no workers (none joined within {CONNECT_TIMEOUT:g} s). Start "
                f"them with `dask worker {address}` on machines that have {_INSTALL_HINT} installed."
            ) from None
        yield client
    finally:
        with contextlib.suppress(Exception):
            client.close(timeout=10)


def _run_dask(items: list[StackRequest], check: Check, settings: RunnerSettings, scheduler: str, jobs: int,
              deliver: ResultCallback) -> list[InspectionResult]:
    distributed = _distributed()
    results: list[InspectionResult | None] = [None] * len(items)
    with _client(scheduler, jobs) as client:
        batch = uuid.uuid4().hex[:12]
        futures = [
            client.submit(_run_on_worker, _payload(request, check, settings), key=f"stackwise-inspection-{batch}-{n}",
                          pure=False)
            for n, request in enumerate(items)
        ]
        position = {future.key: n for n, future in enumerate(futures)}
        try:
            for future in distributed.as_completed(futures, loop=client.loop):
                n = position[future.key]
                result = _dask_answer(future, items[n], check, scheduler, distributed)
                results[n] = result
                deliver(result)
        except BaseException:
            with contextlib.suppress(Exception):
                client.cancel([f for f in futures if not f.done()])
            raise
    return [r for r in results if r is not None]


def _dask_answer(future: Any, request: StackRequest, check: Check, scheduler: str, distributed: Any) -> InspectionResult:
    """A finished task's result; a lost worker is an ``error`` result, a settings problem stops the run."""
    if future.status == "error":
        exc = future.exception()
        if isinstance(exc, distributed.KilledWorker):
            return _crashed(request, check, f"the Dask worker running it died, more than once ({exc}); "
                                            "often the worker ran out of memory")
        return _crashed(request, check, f"the inspection crashed on a Dask worker: {type(exc).__name__}: {exc}")
    if future.status != "finished":
        raise ExecutionError(
            f"The Dask scheduler at {scheduler} dropped an inspection (task {future.status}: the scheduler "
            "restarted or the connection to it was lost). Finished results were delivered; run the rest again."
        )
    answer = future.result()
    if "error" in answer:
        raise ExecutionError(str(answer["error"]))
    return InspectionResult.from_json(answer["result"])


__all__ = ["LOCAL_CLUSTER", "ExecutionError", "execute"]
