"""Write wheels into the target all-or-nothing: stage with ``installer``, then move with a journal.

Why staging + journal (and not "install in place, roll back on error"): ``installer``
writes file by file, so an exception or a kill half-way would leave a package with some
modules and no (or a stale) dist-info. Instead:

1. **Stage.** Every wheel is installed by PyPA ``installer`` into a staging root inside
   the target prefix (``<prefix>/.stackwise-install-XXXX/new``, via its ``destdir``
   option), with the target's real scheme paths and interpreter, so RECORD, console-script
   shebangs and INSTALLER (``stackwise``) are already final. A corrupt wheel fails here, before
   the target is touched. Staging is on the target's filesystem so moves are renames.
2. **Swap.** One transaction for the whole lock: files of versions being replaced (their
   RECORD, their dist-info, the ``__pycache__`` of their modules) are renamed into
   ``old/`` -- never deleted yet -- and staged files are renamed into place, modules
   first and each dist-info last. Every rename is first appended to ``journal`` (flushed
   to the OS, so it survives a killed process; fsynced at commit), so it can be undone.
3. **Commit or roll back.** After the last rename a ``commit`` line is journaled and
   the staging root deleted. Any exception (including Ctrl-C) undoes the journal in
   reverse order; a run killed outright (SIGKILL, power loss) leaves the journal behind,
   and the next ``stackwise install`` into that prefix rolls it back before doing anything
   (:func:`recover`). Either way the target holds the old set or the new set of packages.

Bytecode is not compiled (the target interpreter writes ``__pycache__`` on first import);
the installed ``__pycache__`` of a replaced package is removed with it.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.utils import canonicalize_name

from stackwise.install import InstallError
from stackwise.install.target import InstalledDist, InstallTarget

STAGE_PREFIX = ".stackwise-install-"
INSTALLER_NAME = b"stackwise\n"


class Transaction:
    """Journaled renames under one staging root; :meth:`rollback` undoes them in reverse."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._journal = open(root / "journal", "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._ops: list[dict[str, str]] = []
        self._n = 0

    def _log(self, op: dict[str, str]) -> None:
        # flushed to the OS before the rename it describes, so a killed process leaves a
        # complete journal; fsync only at commit (one per install, not one per file: per-file
        # fsyncs tripled the time of a 20-package install, and a power loss does not keep
        # un-fsynced renames either)
        self._journal.write(json.dumps(op) + "\n")
        self._journal.flush()
        if op["op"] == "commit":
            os.fsync(self._journal.fileno())
        self._ops.append(op)

    def _mkdirs(self, directory: Path) -> None:
        missing: list[Path] = []
        while not directory.exists():
            missing.append(directory)
            directory = directory.parent
        for d in reversed(missing):
            self._log({"op": "mkdir", "path": str(d)})
            d.mkdir()

    def set_aside(self, path: Path) -> None:
        """Move an existing file out of the way into ``old/`` (restored on rollback)."""
        self._n += 1
        backup = self.root / "old" / str(self._n)
        backup.parent.mkdir(exist_ok=True)
        self._log({"op": "aside", "path": str(path), "backup": str(backup)})
        _move(path, backup)

    def place(self, staged: Path, path: Path) -> None:
        """Move a staged file to ``path``, setting aside whatever is there."""
        self._mkdirs(path.parent)
        if path.exists() or path.is_symlink():
            if path.is_dir() and not path.is_symlink():
                raise InstallError(f"Cannot install {path}: a directory is in the way. The install was rolled back.")
            self.set_aside(path)
        self._log({"op": "place", "path": str(path)})
        _move(staged, path)

    def commit(self) -> None:
        self._log({"op": "commit"})

    def rollback(self) -> None:
        undo(self._ops)
        self._ops.clear()

    def close(self) -> None:
        self._journal.close()


def _move(src: Path, dst: Path) -> None:
    try:
        os.replace(src, dst)
    except OSError as exc:
        if exc.errno != 18:  # EXDEV: another filesystem (e.g. a bind mount): copy, then delete
            raise
        shutil.move(str(src), str(dst))


def undo(ops: Iterable[dict[str, str]]) -> None:
    """Reverse journaled operations (best effort: every step is attempted)."""
    for op in reversed(list(ops)):
        path = Path(op.get("path", ""))
        with contextlib.suppress(OSError):
            if op["op"] == "place":
                if path.exists() or path.is_symlink():
                    path.unlink()
            elif op["op"] == "aside":
                backup = Path(op["backup"])
                if backup.exists() or backup.is_symlink():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    _move(backup, path)
            elif op["op"] == "mkdir":
                path.rmdir()


@contextlib.contextmanager
def exclusive(prefix: Path) -> Iterator[None]:
    """Hold an exclusive lock on the target prefix, so two installs (and a recovery) never interleave.

    The lock is ``flock`` on the prefix directory itself: no lock file is left in the
    environment, and the OS releases it if the process dies. Without ``fcntl`` (Windows)
    runs are not serialized.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(prefix, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print(f"stackwise: waiting for another install into {prefix} to finish", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def recover(prefix: Path) -> list[str]:
    """Finish what an interrupted run left in ``prefix``: roll back uncommitted journals, drop staging.

    Returns a line per staging root handled, for the user.
    """
    notes: list[str] = []
    try:
        roots = sorted(p for p in prefix.iterdir() if p.name.startswith(STAGE_PREFIX) and p.is_dir())
    except OSError:
        return notes
    for root in roots:
        journal = root / "journal"
        ops: list[dict[str, str]] = []
        if journal.is_file():
            for line in journal.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    ops.append(json.loads(line))
                except ValueError:
                    break  # a torn last line: the rename after it never happened
        if ops and ops[-1].get("op") != "commit":
            undo(ops)
            notes.append(f"rolled back an interrupted install ({root.name})")
        elif ops:
            # Committed, then killed before the clean-up a normal finish does: the replaced
            # versions' directories (their emptied *.dist-info, package folders) are pruned
            # now, or pip would warn about invalid metadata on every later run.
            aside = [Path(op["path"]).parent for op in ops if op.get("op") == "aside" and op.get("path")]
            if aside:
                _prune_empty_dirs(aside, stop=prefix.resolve())
                notes.append(f"finished the clean-up of an interrupted install ({root.name})")
        shutil.rmtree(root, ignore_errors=True)
    return notes


def record_paths(dist: InstalledDist) -> list[Path]:
    """Files of an installed distribution: its RECORD (inside the prefix), its dist-info, bytecode."""
    paths: dict[Path, None] = {}
    record = dist.dist_info / "RECORD"
    try:
        with open(record, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
    except OSError:
        rows = []
    for row in rows:
        if not row or not row[0]:
            continue
        p = Path(os.path.normpath(dist.site_dir / row[0]))
        paths[p] = None
        if p.suffix == ".py":
            cache = Path(importlib.util.cache_from_source(str(p)))
            for pyc in cache.parent.glob(p.stem + ".*.pyc") if cache.parent.is_dir() else ():
                paths[pyc] = None
    for p in dist.dist_info.rglob("*"):
        if p.is_file() or p.is_symlink():
            paths[p] = None
    return list(paths)


def _walk_files(root: Path) -> Iterator[Path]:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            yield Path(dirpath) / name


class Installation:
    """One all-or-nothing install into a target: ``stage`` each wheel, then ``apply``."""

    def __init__(self, target: InstallTarget) -> None:
        self.target = target
        try:
            self.root = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=target.prefix))
        except OSError as exc:
            raise InstallError(
                f"Cannot write to {target.prefix} ({exc.strerror or exc}); install into an environment you own "
                "(--target-venv DIR) or run with the needed permissions."
            ) from None
        self._staged: list[tuple[str, Path, InstalledDist | None]] = []

    def stage_all(self, items: list[tuple[str, Path, InstalledDist | None]]) -> None:
        """:meth:`stage` every (name, wheel, replaced dist), several at a time (file I/O overlaps)."""
        if len(items) < 2:
            for item in items:
                self.stage(*item)
            return
        start = len(self._staged)
        self._staged.extend([("", Path(), None)] * len(items))  # slots, filled in order below
        with ThreadPoolExecutor(max_workers=min(8, len(items))) as pool:
            list(pool.map(lambda i: self.stage(*items[i], slot=start + i), range(len(items))))

    def stage(self, name: str, wheel: Path, replaces: InstalledDist | None, *, slot: int | None = None) -> None:
        """Install ``wheel`` with ``installer`` under the staging root (target untouched)."""
        from installer import install
        from installer.destinations import SchemeDictionaryDestination
        from installer.sources import WheelFile
        from installer.utils import get_launcher_kind

        index = len(self._staged) if slot is None else slot
        destdir = self.root / "new" / str(index)
        scheme = dict(self.target.scheme)
        scheme["headers"] = os.path.join(scheme["headers"], canonicalize_name(name))
        destination = SchemeDictionaryDestination(
            scheme,
            interpreter=self.target.executable,
            script_kind=get_launcher_kind(),
            destdir=str(destdir),
        )
        try:
            with WheelFile.open(wheel) as source:
                source.validate_record()  # every member against RECORD before writing any of it
                install(source, destination, {"INSTALLER": INSTALLER_NAME})
        except Exception as exc:  # installer raises many kinds for bad wheels: report them as one
            raise InstallError(
                f"Installing {wheel.name} failed while staging ({type(exc).__name__}: {exc}); the wheel is "
                "broken or not for this target. Nothing was installed."
            ) from None
        if slot is None:
            self._staged.append((name, destdir, replaces))
        else:
            self._staged[slot] = (name, destdir, replaces)

    def apply(self) -> None:
        """Swap every staged package in (replaced versions out); roll back on any failure."""
        prefix = self.target.prefix.resolve()
        prune = [d for _n, _d, old in self._staged if old is not None for d in record_paths_parents(old)]
        tx = Transaction(self.root)
        try:
            for _name, _destdir, old in self._staged:
                if old is None:
                    continue
                # dist-info first: from here on the old version no longer claims to be installed
                paths = sorted(record_paths(old), key=lambda p: old.dist_info not in p.parents)
                for p in paths:
                    if (p.exists() or p.is_symlink()) and prefix in p.resolve().parents:
                        tx.set_aside(p)
            for _name, destdir, _old in self._staged:
                files = list(_walk_files(destdir))
                files.sort(key=lambda f: ".dist-info" in str(f.relative_to(destdir)))  # dist-info last
                for staged in files:
                    tx.place(staged, Path("/") / staged.relative_to(destdir))
            tx.commit()
        except BaseException as exc:
            tx.rollback()
            tx.close()
            shutil.rmtree(self.root, ignore_errors=True)
            if isinstance(exc, OSError):
                raise InstallError(
                    f"Installing into {self.target.prefix} failed ({exc.strerror or exc}: {exc.filename}); "
                    "every change was rolled back."
                ) from None
            raise
        tx.close()
        _prune_empty_dirs(prune, stop=prefix)
        shutil.rmtree(self.root, ignore_errors=True)

    def discard(self) -> None:
        """Drop the staging root (nothing was applied)."""
        shutil.rmtree(self.root, ignore_errors=True)


def record_paths_parents(dist: InstalledDist) -> set[Path]:
    """Directories that held a removed distribution's files (pruned when empty)."""
    dirs = {dist.dist_info}
    record = dist.dist_info / "RECORD"
    with contextlib.suppress(OSError):
        for row in csv.reader(record.read_text(encoding="utf-8").splitlines()):
            if row and row[0]:
                dirs.add(Path(os.path.normpath(dist.site_dir / row[0])).parent)
    return dirs


def _prune_empty_dirs(dirs: Iterable[Path], *, stop: Path) -> None:
    for d in sorted(dirs, key=lambda p: len(p.parts), reverse=True):
        for candidate in [d / "__pycache__", d, *d.parents]:
            if candidate == stop or stop not in candidate.parents:
                break
            try:
                candidate.rmdir()
            except OSError:
                if candidate != d / "__pycache__":
                    break
