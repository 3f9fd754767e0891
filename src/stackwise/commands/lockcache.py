"""Reuse the result of a ``stackwise lock`` whose inputs have not changed.

Why: locking the same inputs again is the common case (pre-commit hooks, CI checks,
Makefiles, "did anything move?"), and proving that nothing changed costs a few stat calls
and one SQLite read, whereas resolving again costs the resolver's imports plus a
resolution: about ten times more on a warm cache.

"Nothing changed" is checked against everything the result depends on, before anything
heavy is imported:

* the **key**: stackwise's own files (mtime and size of each), the versions of the
  libraries that decide the result (packaging, resolvelib, pip), the interpreter and host
  (``sys.version``, ``os.uname()``, CPU flags), the working directory, the exact arguments,
  and the environment variables that select configuration (``PIP_*``, ``STACKWISE_*``,
  ``HOME``, ``XDG_*``, ...);
* the **files** read: requirements and constraints files (with the ``${VARIABLES}``
  expanded in them), score files, pip's configuration files and stackwise's settings
  files, by content; a file that was absent must still be absent;
* the **sources** the resolution read: each stored index page by the token it was stored
  under (and, unless ``--offline``, still inside its time-to-live, as a new run would
  trust it without asking the index); each local index page, find-links directory or
  local distribution file by its stat stamp; and, when an offline result relied on
  metadata missing from the cache, the cache's metadata generation (nothing added since).

Only complete results are kept: proven best, knowledge from files only (no score
service, no live vulnerability data), no ``--report``. ``--no-reuse`` resolves anyway
(and records the new result).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Mapping, Sequence

import stackwise
from stackwise.index.layout import DB_NAME, SCHEMA_VERSION, cache_dir, page_is_fresh
from stackwise.index.stamps import (
    config_environment,
    files_unchanged,
    local_stamp,
    sign_files,
    stat_validator,
)

TYPE_CHECKING = False  # typing and pathlib cost ~15 ms at start-up; nothing here needs them
if TYPE_CHECKING:
    from typing import Any

RECORD_FORMAT = 2  # 2: the time a record was written is only in its row (``created``)
__all__ = ["cpu_flags", "db_path", "lock_key", "module_files", "remember", "replay", "sign_files", "source_state",
           "sources_unchanged", "tree_stamp", "uri_path"]
_DEPENDENCIES = ("packaging", "resolvelib", "pip")


# -- the key -------------------------------------------------------------------------------


def tree_stamp(root: str) -> list[Any]:
    """``[relative path, mtime_ns, size, ctime_ns]`` of every file under ``root``
    (``__pycache__`` left out), directories and files in sorted order: a stackwise file
    edited (even in place with its mtime put back), added or removed changes the key.

    ``os.walk`` order and rules (symlinked directories listed but not entered, unreadable
    directories and files skipped), with one ``scandir`` per directory and paths built by
    concatenation: less than half the cost of ``os.walk`` + ``os.path.relpath``
    (0.38 against 0.83 ms for stackwise's 119 files).
    """
    out: list[Any] = []
    _stamp_directory(root, "", out)
    return out


def _stamp_directory(directory: str, prefix: str, out: list[Any]) -> None:
    try:
        with os.scandir(directory) as it:
            entries = sorted((entry.name, entry) for entry in it)
    except OSError:
        return
    subdirs = []
    for name, entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            # As os.walk(followlinks=False): a symlinked directory is listed but not entered.
            if name != "__pycache__" and not entry.is_symlink():
                subdirs.append((name, entry.path))
            continue
        try:
            st = entry.stat()
        except OSError:
            continue
        out.append([prefix + name, st.st_mtime_ns, st.st_size, st.st_ctime_ns])
    for name, path in subdirs:
        _stamp_directory(path, prefix + name + os.sep, out)


def module_files() -> dict[str, str | None]:
    """State of the libraries that decide a lock, for :func:`remember` (they are imported then).

    Recorded rather than looked up at replay: finding a module's file without importing it
    goes through import hooks that cost more than the whole check.
    """
    out: dict[str, str | None] = {}
    for name in _DEPENDENCIES:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path:
            out[path] = stat_validator(path)
    return out


def cpu_flags() -> list[str]:
    """The CPU flags rule conditions can test, sorted (part of the key: a lock may depend on them)."""
    from stackwise._host import detect_cpu_flags

    return sorted(detect_cpu_flags())


def lock_key(argv: Sequence[str]) -> str:
    """Fingerprint of everything a lock depends on that is not a file it reads."""
    uname = list(os.uname()) if hasattr(os, "uname") else [sys.platform]
    parts = {
        "format": RECORD_FORMAT,
        "stackwise": [stackwise.__version__, tree_stamp(os.path.dirname(stackwise.__file__))],
        "python": [sys.executable, sys.version, sys.prefix, uname, cpu_flags()],
        "cwd": os.getcwd(),
        # --no-reuse only skips the replay: its run records the result a plain run then reuses
        # (docs/resolution.md), so it is not part of what the lock depends on.
        "argv": [a for a in argv if a != "--no-reuse"],
        "env": config_environment(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


# -- files and sources ------------------------------------------------------------------------


def source_state(key: str) -> str | None:
    """The current state of a local source named as :class:`IndexClient.observed` names it."""
    kind, _, rest = key.partition(":")
    if kind in ("index", "links"):
        return local_stamp(rest, is_index=kind == "index")
    return stat_validator(rest)  # "file:<path>": a local distribution


def sources_unchanged(conn: sqlite3.Connection, sources: Mapping[str, str], ttl: float, offline: bool) -> bool:
    """Every source a remembered result read is as it was: local ones by their stamps, stored
    index pages by their ``gen`` token and (unless ``offline``) still inside their time to
    live, as a new run would trust them; ``conn`` is only read when a source is remote or
    the record holds the metadata generation (without it, such a record is a miss)."""
    remote = {k: v for k, v in sources.items() if k.startswith(("http://", "https://"))}
    for key, stamp in sources.items():
        if key == "metadata:generation":  # offline, metadata found missing must still be missing
            row = None if conn is None else conn.execute("SELECT token, n FROM metadata_gen WHERE id = 1").fetchone()
            if row is None or f"{row[0]}:{row[1]}" != stamp:
                return False
        elif key not in remote and source_state(key) != stamp:
            return False
    if not remote:
        return True
    now = time.time()
    found: dict[str, tuple[str, float, float | None]] = {}
    urls = list(remote)
    for i in range(0, len(urls), 500):
        chunk = urls[i:i + 500]
        rows = conn.execute(
            f"SELECT url, gen, fetched_at, max_age FROM pages WHERE url IN ({','.join('?' * len(chunk))})", chunk
        )
        for url, gen, fetched_at, max_age in rows:
            found[url] = (gen, fetched_at, max_age)
    for url, stamp in remote.items():
        row = found.get(url)
        if row is None or "gen:" + row[0] != stamp:
            return False
        if not offline and not page_is_fresh(row[1], row[2], ttl, now):  # as a new run would trust it
            return False
    return True


# -- reading and writing records ---------------------------------------------------------------


def db_path(explicit: str | None) -> str:
    """The index cache database under ``--cache-dir`` (or the default cache directory)."""
    return os.path.join(cache_dir(os.path.expanduser(explicit) if explicit is not None else None), DB_NAME)


def _read_text(path: str) -> str | None:
    if not os.path.isfile(path):  # never read a device or pipe (-o /dev/stdout): it could block
        return None
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return None


def uri_path(path: str) -> str:
    """A path for an SQLite ``file:`` URI, where only "%", "?" and "#" are special."""
    return path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _reusable_command(args: argparse.Namespace) -> bool:
    """A lock whose whole result is its output file and messages (no report, no Pipfile.lock)."""
    return (getattr(args, "format", None) or "requirements") in ("requirements", "pylock") and getattr(
        args, "report", None
    ) is None and getattr(args, "output", None) != ""  # an empty name is refused by run_lock


def replay(args: argparse.Namespace, argv: Sequence[str]) -> int | None:
    """Write the remembered lock and its messages if nothing it depends on changed; else None."""
    if getattr(args, "no_reuse", False) or not _reusable_command(args):
        return None
    try:
        path = db_path(args.cache_dir)
        if not os.path.isfile(path):
            return None
        conn = sqlite3.connect(f"file:{uri_path(os.path.abspath(path))}?mode=ro", uri=True, timeout=5.0)
    except (OSError, ValueError, sqlite3.Error):
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        key = args._lock_key = lock_key(argv)  # remember() stores a miss's result under it
        row = conn.execute("SELECT created, data FROM lock_results WHERE key=?", (key,)).fetchone()
        if row is None:
            return None
        created, record = float(row[0]), json.loads(row[1])
        if record.get("format") != RECORD_FORMAT:
            return None
        if any(os.environ.get(k) != v for k, v in record["env_refs"].items()):
            return None
        if not files_unchanged(record["files"]):
            return None
        if any(stat_validator(p) != v for p, v in record["modules"].items()):
            return None
        if not sources_unchanged(conn, record["sources"], float(record["ttl"]), bool(record["offline"])):
            return None
    except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError):
        return None  # an unreadable record is just a miss: resolve as usual
    finally:
        conn.close()
    if args.output:
        if _read_text(args.output) != record["text"]:  # an identical file is left untouched (mtime too)
            from stackwise._atomic import atomic_write_text, output_path_problem

            if output_path_problem(args.output) is not None:
                return None  # the full run reports it, as one clear error
            try:
                atomic_write_text(args.output, record["text"])
            except OSError:
                return None  # likewise (a full disk, a device refusing the write)
    else:
        sys.stdout.write(record["text"])
    for line in record["lines"]:
        print(line, file=sys.stderr)
    if record.get("summary"):
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(created))
        print(f"{record['summary']}; reused the lock computed at {when}: nothing it depends on changed "
              "(--no-reuse resolves again)", file=sys.stderr)
    return 0


def remember(
    args: argparse.Namespace,
    argv: Sequence[str],
    *,
    cache: Any,
    files: Mapping[str, str | None],
    env_refs: Mapping[str, str | None],
    sources: Mapping[str, str | None],
    ttl: float,
    offline: bool,
    text: str,
    lines: Sequence[str],
    summary: str,
) -> bool:
    """Store a complete lock's result for :func:`replay`; False when it cannot be told again.

    ``files`` must be signed before the resolution used them (:func:`sign_files`): a file
    edited while the lock ran then no longer matches, and the next run resolves again.
    """
    if not _reusable_command(args):  # --no-reuse still records: the next run may reuse
        return False
    if any(stamp is None for stamp in sources.values()):
        return False  # a page the server said not to store: its state cannot be checked later
    record = {
        "format": RECORD_FORMAT,
        "files": dict(files),
        "env_refs": dict(env_refs),
        "modules": module_files(),
        "sources": dict(sources),
        "ttl": ttl,
        "offline": offline,
        "text": text,
        "lines": list(lines),
        "summary": summary,
    }
    # The key taken before resolving (replay), when there was one: the state the lock was made
    # from. The record holds no time (its row does), so locking the same inputs again stores
    # the same bytes, which the cache overwrites in place instead of writing them again.
    key = getattr(args, "_lock_key", None) or lock_key(argv)
    try:
        cache.put_lock_result(key, json.dumps(record, separators=(",", ":")))
    except Exception:  # noqa: BLE001 - remembering is an optimisation; the lock is written already
        return False
    return True
