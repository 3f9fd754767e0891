"""A resident process that runs ``stackwise lock`` and ``stackwise install`` without the start-up cost.

Why: a fresh offline lock of a small set spends most of its time starting Python and
importing stackwise, packaging and resolvelib (about 60 ms of 90 ms here), which no faster
resolver can remove; an up-to-date install is almost all start-up. A server imports all of
that once and waits on a private Unix socket; later commands connect to it, and it forks a
copy of itself, already imported, that runs the command exactly as it would run in-process.
When it is started is said below (by default only for repeated commands).

Why a fork of a process that has only imported modules is "the same run":

* each request is served by a fresh child: nothing a previous lock computed survives (the
  server itself never runs a command), so the configuration, the caches, the knowledge
  base and the requirements are read from disk by the child, as in-process;
* a server serves only clients with the same interpreter, flags, ``sys.path``, user,
  groups and resource limits and **the same environment, variable for variable**;
  anything else connects to a different server (the socket's name is a hash of all of
  it, and the server compares the full values, not the hash);
* before every fork the server checks that no file it imported from, no ``sys.path``
  directory and not the interpreter changed since it started (size, mtime, inode, ctime); if one
  did, it refuses and exits, and the client runs the lock itself;
* the child takes the client's working directory, umask, ``sys.argv`` and standard streams
  (the client's file descriptors, passed over the socket), rebuilt as Python builds them
  at start-up; its exit status (or the signal that ended it) becomes the client's;
  Ctrl-C, SIGTERM and SIGHUP sent to the client are passed on, and a client that goes away
  ends its child;
* only when no standard stream is a terminal (CI, hooks, scripts): a child is not in the
  terminal's foreground process group, so it could not read from or be stopped by it as
  an in-process run would; and only when every ``sys.path`` entry is absolute (``python -c``
  puts "", the working directory, there, and the server's is ``/``).

Any failure before the child starts (no server yet, a refused or stale server, a socket
error) makes the client run the lock in-process.

When a server is started (:func:`mode`): with ``STACKWISE_LOCK_SERVER=1`` at the first lock
that finds none, and it exits after ``IDLE_SECONDS`` without a request. By default (the
variable unset or ``auto``) only at the *second* lock of the same identity within
``AUTO_WINDOW_SECONDS`` (a one-off lock, the common case in CI and hooks, never pays for a
server it would not use), and it exits after ``AUTO_IDLE_SECONDS``. ``STACKWISE_LOCK_SERVER=0``
turns it off. ``PWD``, ``OLDPWD``, ``SHLVL`` and ``_`` are left out of the identity (a loop
locking projects in several directories would otherwise start one server per directory); the
child takes the client's values of them, as it takes its working directory.

The client (:func:`run_remote`) imports ``_socket`` and ``marshal``, no third-party module;
asking a running server costs about a millisecond, and starting one (a miss) a few more,
spent before the in-process run.
"""

from __future__ import annotations

import _socket  # not ``socket``: its import (selectors, enums) cost a lock ~28M instructions
import marshal
import os
import sys


class _suppress:  # noqa: N801 - ``contextlib.suppress``; contextlib is not imported by a client
    __slots__ = ("_kinds",)

    def __init__(self, *kinds: type[BaseException]) -> None:
        self._kinds = kinds

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: object, tb: object) -> bool:
        return kind is not None and issubclass(kind, self._kinds)  # type: ignore[arg-type]


ENABLE_VARIABLE = "STACKWISE_LOCK_SERVER"
IDLE_SECONDS = 300.0  # STACKWISE_LOCK_SERVER=1
AUTO_IDLE_SECONDS = 30.0  # the default: started only for repeated locks, gone soon after them
AUTO_WINDOW_SECONDS = 30.0  # a second lock of the same identity within this starts a server
_RECENT_FILE = "recent-miss"  # in the private socket folder: "<socket name>" of the last auto miss
# Per-shell values the child takes from its client instead of being part of the identity.
_VOLATILE = ("PWD", "OLDPWD", "SHLVL", "_")
_PROTOCOL = 2
_MAX_MESSAGE = 1 << 20
_HANDSHAKE_SECONDS = 5.0  # for a server's answer that needs no work (its pid, its child's exit status)
# Resource limits a child inherits from the server rather than from its client.
_LIMITS = ("RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_NOFILE",
           "RLIMIT_NPROC", "RLIMIT_STACK")
# Imported by the server before it serves: what a fresh ``stackwise lock`` imports.
_PRELOAD = (
    "stackwise.cli", "stackwise.commands.lockcache", "stackwise.commands.lock", "stackwise.api",
    "stackwise.reqfile", "stackwise.resolve.engine", "stackwise.resolve.search",
    "stackwise.resolve.safety", "stackwise.resolve.resolution", "stackwise.resolve.provider",
    "stackwise.resolve.explain", "stackwise.index.client", "stackwise.index.cache",
    "stackwise.lockfiles.requirements", "stackwise.lockfiles.pylock",
    "stackwise.integrations.pip_config", "stackwise.knowledge.compiled", "stackwise._gc",
    "stackwise._progress", "stackwise.config", "stackwise.urlfiles", "stackwise.resolve.problem",
    "stackwise.knowledge.cache", "stackwise.knowledge.service", "stackwise.knowledge.shipped",
    "stackwise.knowledge.user", "stackwise.index.edgestore", "stackwise.resolve._resolvelib", "platformdirs",
    "resolvelib", "packaging.requirements", "packaging.specifiers", "packaging.tags",
    "argparse", "json", "shlex",  # imported by cli.py only where used, so the client skips them
    # ``stackwise install`` (an up-to-date one imports the first line only)
    "stackwise.commands.install", "stackwise.install.plan", "stackwise.install.target",
    "stackwise.install.constraints", "stackwise.install.journal", "stackwise.lockfiles.model",
    "stackwise.index.layout", "stackwise.index.stamps", "stackwise._inputfile", "stackwise._names",
    "stackwise.install.apply", "stackwise.install.destination", "stackwise.install.unpacked", "installer",
)


# -- identity ------------------------------------------------------------------------------


def _identity() -> tuple[object, ...]:
    """Everything a fresh interpreter's start-up depends on, as plain data."""
    import resource

    groups = tuple(sorted(os.getgroups()))
    limits = tuple(resource.getrlimit(getattr(resource, name)) for name in _LIMITS if hasattr(resource, name))
    return (
        _PROTOCOL, sys.executable, sys.version, tuple(sys.flags), tuple(sys.path),
        tuple(sorted(item for item in os.environ.items() if item[0] not in _VOLATILE)),
        os.getuid(), os.getgid(), groups, limits,
        sys.stdout.write_through if sys.stdout is not None else None,
        _placement(),
    )


def _placement() -> tuple[object, ...]:
    """What the child inherits from the server, not the client, beyond limits: its priority
    (``nice``), its CPUs and its control group (a container's or a job's memory and CPU
    limits); a client placed elsewhere gets its own server."""
    try:
        nice: object = os.getpriority(os.PRIO_PROCESS, 0)
    except (OSError, AttributeError):
        nice = None
    try:
        cpus: object = tuple(sorted(os.sched_getaffinity(0)))
    except (OSError, AttributeError):
        cpus = None
    try:
        with open("/proc/self/cgroup", "rb") as f:
            group: object = f.read(4096)
    except OSError:
        group = None
    return (nice, cpus, group)


def _socket_path(identity: tuple[object, ...]) -> str | None:
    """``<runtime dir>/stackwise-<uid>/lock-<hash>.sock``, in a private directory we own."""
    import zlib

    base = os.environ.get("XDG_RUNTIME_DIR") or "/tmp"  # noqa: S108 - a private 0700 subdirectory
    folder = os.path.join(base, f"stackwise-{os.getuid()}")
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    import stat

    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None  # not ours, or readable by others: never talk to a socket there
    data = marshal.dumps(identity)
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"
    path = os.path.join(folder, f"lock-{digest}.sock")
    return path if len(path.encode()) < 100 else None  # sun_path is ~108 bytes


# -- messages -----------------------------------------------------------------------------


def _send(sock: _socket.socket, obj: object, fds: list[int] | None = None) -> None:
    data = marshal.dumps(obj)
    header = len(data).to_bytes(4, "big")
    if fds:
        import array

        sock.sendmsg([header + data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, array.array("i", fds))])
    else:
        sock.sendall(header + data)


def _recv_exact(sock: _socket.socket, n: int) -> bytes:
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise ConnectionError("closed")
        out += chunk
    return out


def _recv(sock: _socket.socket, *, want_fds: int = 0) -> tuple[object, list[int]]:
    fds: list[int] = []
    if want_fds:
        import array

        size = _socket.CMSG_SPACE(want_fds * array.array("i").itemsize)
        data, ancillary, _flags, _addr = sock.recvmsg(4, size)
        for level, kind, payload in ancillary:
            if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
                arr = array.array("i")
                arr.frombytes(payload[: len(payload) - len(payload) % arr.itemsize])
                fds.extend(arr)
        if len(data) < 4:
            data += _recv_exact(sock, 4 - len(data))
    else:
        data = _recv_exact(sock, 4)
    n = int.from_bytes(data, "big")
    if n > _MAX_MESSAGE:
        raise ConnectionError("message too large")
    return marshal.loads(_recv_exact(sock, n)), fds


# -- client --------------------------------------------------------------------------------


def mode() -> str | None:
    """``"always"`` (``STACKWISE_LOCK_SERVER=1``), ``"auto"`` (unset, empty or ``auto``: a
    server for repeated locks only) or None (``0`` or any other value: never)."""
    value = os.environ.get(ENABLE_VARIABLE, "")
    return "always" if value == "1" else "auto" if value in ("", "auto") else None


def run_remote(argv: list[str]) -> int | None:
    """Run ``stackwise lock`` in the resident server; None means "run it in-process"."""
    how = mode()
    if _IN_CHILD or how is None or argv[:1] not in (["lock"], ["install"]):
        return None
    try:
        if any(os.isatty(fd) for fd in (0, 1, 2)):
            return None
        for fd in (0, 1, 2):
            os.fstat(fd)  # a closed standard stream: in-process handles it
    except OSError:
        return None
    if not all(isinstance(p, str) and os.path.isabs(p) for p in sys.path):
        return None  # "" or a relative entry means "the working directory", the server's is "/"
    identity = _identity()
    path = _socket_path(identity)
    if path is None:
        return None
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        if how == "always":
            _start_server(path, identity, IDLE_SECONDS)
        elif _second_miss(path):
            _start_server(path, identity, AUTO_IDLE_SECONDS)
        return None
    try:
        # A server answers at once (it only forks); one that does not - stopped, hung, or not
        # ours - must not hold the run: after the timeout it runs in-process.
        sock.settimeout(_HANDSHAKE_SECONDS)
        umask = os.umask(0)
        os.umask(umask)
        volatile = {name: os.environ.get(name) for name in _VOLATILE}
        _send(sock, (identity, list(sys.argv), os.getcwd(), umask, volatile), [0, 1, 2])
        reply, _ = _recv(sock)
        sock.settimeout(None)
    except (OSError, ValueError, EOFError, TypeError):
        sock.close()
        return None
    if not (isinstance(reply, tuple) and len(reply) == 2 and reply[0] == "pid" and type(reply[1]) is int
            and 0 < reply[1] < 1 << 31):
        sock.close()
        return None  # refused (stale, busy, another identity) or a garbage answer: in-process
    return _wait_child(sock, reply[1])


def _wait_child(sock: _socket.socket, pid: int) -> int:
    """Relay signals to the child until the server reports how it ended; end as it ended."""
    import _signal as signal  # not ``signal``: its enums cost a served command ~5 ms

    def forward(signum: int, _frame: object) -> None:
        with _suppress(OSError):
            os.kill(pid, signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    import select

    try:
        pidfd: int | None = os.pidfd_open(pid)
    except OSError:
        pidfd = None  # already ended: the server's report is all there is to wait for
    try:
        while True:
            try:
                if pidfd is not None and sock not in select.select([sock, pidfd], [], [])[0]:
                    # The child ended: its report follows at once, unless the server is gone.
                    os.close(pidfd)
                    pidfd = None
                    sock.settimeout(_HANDSHAKE_SECONDS)
                reply, _ = _recv(sock)
                break
            except InterruptedError:
                continue
            except (OSError, ValueError, EOFError, TypeError):
                # The server went away while the child ran: wait for the child to finish
                # (it may still be writing the lock), then say so.
                if pidfd is not None:
                    with _suppress(OSError):
                        select.select([pidfd], [], [])
                sys.stderr.write("stackwise: error: the lock server stopped during the run; run the command again.\n")
                return 1
    finally:
        if pidfd is not None:
            os.close(pidfd)
        sock.close()
    status = reply[1] if isinstance(reply, tuple) and len(reply) == 2 and reply[0] == "exit" else 256
    if type(status) is not int or not 0 <= status < 1 << 16:
        status = 256  # a garbage report: exit status 1
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        with _suppress(OSError, ValueError):  # SIGKILL has no handler to reset
            signal.signal(sig, signal.SIG_DFL)
        with _suppress(OSError, ValueError):
            os.kill(os.getpid(), sig)
        return 128 + sig
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1


def _second_miss(path: str) -> bool:
    """Whether the last lock that found no server had this identity and ran less than
    ``AUTO_WINDOW_SECONDS`` ago; if not, this miss is remembered for the next lock.

    One small file per user (in the private socket folder), holding the socket's name: a
    lost race between two locks only delays a server or starts one a little early."""
    import time

    recent = os.path.join(os.path.dirname(path), _RECENT_FILE)
    name = os.path.basename(path).encode()
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(recent, flags)
        try:
            st = os.fstat(fd)
            import stat

            if stat.S_ISREG(st.st_mode) and 0 <= time.time() - st.st_mtime < AUTO_WINDOW_SECONDS \
                    and os.read(fd, 200) == name:
                os.unlink(recent)
                return True
        finally:
            os.close(fd)
    except OSError:
        pass
    with _suppress(OSError):
        tmp = f"{recent}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, name)
        finally:
            os.close(fd)
        os.replace(tmp, recent)
    return False


def _start_server(path: str, identity: tuple[object, ...], idle: float) -> None:
    """Start a server for this identity in the background (its own session, no streams).

    What it needs (its socket, ``sys.path``, the identity to check) goes through a pipe on
    its standard input, never its command line: the identity holds every environment
    variable, tokens and passwords included, and any local user can read another user's
    command lines (``ps``, ``/proc/PID/cmdline``), not their environment."""
    import subprocess

    boot = (
        "import marshal,os,sys;a=marshal.loads(sys.stdin.buffer.read(1<<22));"
        "n=os.open(os.devnull,os.O_RDONLY);os.dup2(n,0);os.close(n);sys.path[:]=a[1];"
        "import stackwise._lockserver as s;s.serve(a[0],a[2],a[3])"
    )
    payload = marshal.dumps((path, list(sys.path), identity, idle))
    flags = subprocess._args_from_interpreter_flags()  # type: ignore[attr-defined]
    with _suppress(OSError, ValueError):
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter, our own module
            [sys.executable, *flags, "-c", boot],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd="/", start_new_session=True, close_fds=True,
        )
        assert proc.stdin is not None
        try:
            proc.stdin.write(payload)  # (beyond the pipe's 64 KiB this waits for the server to read)
        finally:
            proc.stdin.close()


# -- server --------------------------------------------------------------------------------


class _Stamps:
    """size, mtime, inode and change time of every file and directory the server's code came
    from; for a directory (a ``sys.path`` entry) also the names in it an import could find.

    A directory's stamp changes whenever a file is written in it, and ``python -m stackwise``
    puts the working directory on ``sys.path``, where a lock writes its output: a changed
    directory is stale only if what it holds for imports (modules, extension modules,
    packages) changed, e.g. a new ``json.py`` that an in-process run would import."""

    def __init__(self, paths: list[str]) -> None:
        self.stamps = {p: self._stamp(p) for p in paths}
        self.listings = {p: _importable(p) for p, st in self.stamps.items() if st is not None and st[4]}

    @staticmethod
    def _stamp(path: str) -> tuple[int, int, int, int, bool] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        import stat

        # ctime: an in-place edit with the mtime put back
        return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns, stat.S_ISDIR(st.st_mode))

    def changed(self) -> str | None:
        for path, stamp in self.stamps.items():
            now = self._stamp(path)
            if now == stamp:
                continue
            if (now is not None and stamp is not None and now[4] and stamp[4] and now[2] == stamp[2]
                    and _importable(path) == self.listings.get(path)):
                self.stamps[path] = now  # the same directory, the same importable names
                continue
            return path
        return None


def _importable(directory: str) -> frozenset[str] | None:
    """The entries of ``directory`` an import can find: subdirectories and files with a module
    suffix (source, bytecode, extension). None when it cannot be read."""
    import importlib.machinery

    suffixes = tuple(importlib.machinery.all_suffixes())
    try:
        with os.scandir(directory) as entries:
            return frozenset(e.name for e in entries if e.name.endswith(suffixes) or e.is_dir())
    except OSError:
        return None


def _code_paths() -> list[str]:
    paths = {sys.executable}
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str):
            paths.add(file)
    for entry in sys.path:
        paths.add(entry or ".")
    return sorted(paths)


def serve(path: str, identity: tuple[object, ...], idle: float = IDLE_SECONDS) -> None:
    """The server: import, listen, fork one child per request, exit when idle or stale."""
    import gc
    import importlib
    import selectors

    if _identity() != identity or not hasattr(os, "pidfd_open"):
        return
    try:
        os.close(os.pidfd_open(os.getpid()))  # the kernel must support it (Linux >= 5.3)
    except OSError:
        return
    for name in _PRELOAD:
        with _suppress(Exception):  # one that cannot be imported is imported by the child
            importlib.import_module(name)
    import threading

    if threading.active_count() != 1:
        return  # never fork a process with threads
    stamps = _Stamps(_code_paths())
    listener = _listen(path)
    if listener is None:
        return
    gc.collect()
    gc.freeze()  # the imported modules stay shared with every child, untouched
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, ("listen", 0))
    children: dict[int, _Child] = {}
    stale: str | None = None
    while True:
        events = selector.select(timeout=idle)
        if not events and not children:
            break  # idle
        for key, _mask in events:
            kind, pid = key.data
            if kind == "listen":
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                stale = stale or stamps.changed()
                child = _start_child(conn, identity, stale, listener, selector, children)
                if child is None:
                    conn.close()
                    continue
                children[child.pid] = child
                selector.register(child.pidfd, selectors.EVENT_READ, ("child", child.pid))
                selector.register(child.conn, selectors.EVENT_READ, ("client", child.pid))
            elif kind == "child":
                child = children.pop(pid)
                _, status = os.waitpid(pid, 0)
                selector.unregister(child.pidfd)
                os.close(child.pidfd)
                if child.watching:
                    selector.unregister(child.conn)
                with _suppress(OSError):
                    _send(child.conn, ("exit", status))
                child.conn.close()
            elif kind == "client" and pid in children:
                # The client never writes after its request: it went away. End its child,
                # as ending an in-process run would.
                child = children[pid]
                with _suppress(OSError):
                    os.kill(pid, 15)
                selector.unregister(child.conn)
                child.watching = False
        if stale is not None and not children:
            break
    try:
        if os.stat(path).st_ino == os.fstat(listener.fileno()).st_ino:
            os.unlink(path)
    except OSError:
        pass
    selector.close()
    listener.close()


def _volatile_ok(volatile: object) -> bool:
    """The client's per-shell variables: exactly the names in ``_VOLATILE``, each a string
    without NUL (an environment value cannot hold one) or unset."""
    return (type(volatile) is dict and set(volatile) == set(_VOLATILE)
            and all(v is None or (type(v) is str and "\0" not in v) for v in volatile.values()))


class _Child:
    __slots__ = ("pid", "conn", "pidfd", "watching")

    def __init__(self, pid: int, conn: _socket.socket, pidfd: int) -> None:
        self.pid, self.conn, self.pidfd, self.watching = pid, conn, pidfd, True


def _listen(path: str) -> _socket.socket | None:
    import socket  # (the server's: accept() is the module's)

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(path)
    except OSError:
        probe = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            probe.connect(path)
            listener.close()
            return None  # another server already serves this identity
        except OSError:
            pass
        finally:
            probe.close()
        try:
            os.unlink(path)  # a socket left by a server that died
            listener.bind(path)
        except OSError:
            listener.close()
            return None
    os.chmod(path, 0o600)
    listener.listen(16)
    return listener


_IN_CHILD = False  # set in a served child: it runs the command, never asks a server again


def _start_child(conn: _socket.socket, identity: tuple[object, ...], stale: str | None,
                 listener: _socket.socket, selector: object, children: dict[int, _Child]) -> _Child | None:
    """Read one request and fork its child; None when refused (the client runs in-process)."""
    global _IN_CHILD
    fds: list[int] = []
    try:
        conn.settimeout(5.0)
        creds = conn.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
        peer_uid = int.from_bytes(creds[4:8], sys.byteorder)
        request, fds = _recv(conn, want_fds=3)
        conn.settimeout(None)
        ok = (peer_uid == os.getuid() and stale is None and isinstance(request, tuple) and len(request) == 5
              and request[0] == identity and len(fds) == 3 and _volatile_ok(request[4]))
        if not ok:
            _send(conn, ("refused", stale or "identity"))
            for fd in fds:
                os.close(fd)
            return None
        _, argv, cwd, umask, volatile = request
        pid = os.fork()
    except (OSError, ValueError, EOFError, TypeError):
        for fd in fds:
            with _suppress(OSError):
                os.close(fd)
        return None
    if pid:
        for fd in fds:
            os.close(fd)
        pidfd = os.pidfd_open(pid)
        with _suppress(OSError):
            _send(conn, ("pid", pid))
        return _Child(pid, conn, pidfd)
    # -- the child: become the client's command and never return to the loop --
    try:
        _IN_CHILD = True
        for child in children.values():
            child.conn.close()
            os.close(child.pidfd)
        selector.close()  # type: ignore[attr-defined]
        listener.close()
        conn.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        _rebuild_stdio()
        os.chdir(cwd)
        os.umask(umask)
        for name, value in volatile.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        sys.argv[:] = argv
    except BaseException as exc:  # noqa: BLE001 - never back into the server's loop
        with _suppress(BaseException):
            os.write(2, f"stackwise: error: the lock server could not start the command ({exc}); "
                        f"run it again with {ENABLE_VARIABLE}=0.\n".encode())
        os._exit(70)
    # The client's process ends with this command, as an in-process ``stackwise lock`` run as
    # the program does: no last collection, no teardown of the server's modules (~25 ms of a
    # 50 ms served lock went to freeing what the exit frees anyway).
    from stackwise.cli import run_program

    raise SystemExit(run_program(ends_process=True))


def _rebuild_stdio() -> None:
    """Standard streams on the new descriptors 0-2, built as Python builds them at start-up
    (same encoding and errors, block-buffered unless unbuffered, stderr line-buffered)."""
    import io

    olds = (sys.stdin, sys.stdout, sys.stderr)
    news = []
    for fd, old, mode in ((0, olds[0], "r"), (1, olds[1], "w"), (2, olds[2], "w")):
        write_through = bool(getattr(olds[1], "write_through", False))
        buffered = not write_through
        raw = io.FileIO(fd, mode + "b", closefd=False)
        buf: io.IOBase = (io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)) if buffered or mode == "r" else raw
        raw.name = ("<stdin>", "<stdout>", "<stderr>")[fd]  # type: ignore[misc]
        line_buffering = buffered and (raw.isatty() or fd == 2)
        stream = io.TextIOWrapper(buf, encoding=old.encoding, errors=old.errors, newline="\n",  # type: ignore[arg-type]
                                  line_buffering=line_buffering, write_through=not buffered)
        stream.mode = mode  # type: ignore[misc]
        news.append(stream)
    sys.stdin, sys.stdout, sys.stderr = news
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = news  # type: ignore[misc]
