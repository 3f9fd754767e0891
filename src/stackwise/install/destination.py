"""Write wheels into the target all-or-nothing: stage with ``installer``, then move with a journal.

Why staging + journal (and not "install in place, roll back on error"): ``installer``
writes file by file, so an exception or a kill half-way would leave a package with some
modules and no (or a stale) dist-info. Instead:

1. **Stage.** Every wheel is installed by PyPA ``installer`` into a staging root inside
   the target prefix (``<prefix>/.stackwise-install-XXXX/new/<n>/<scheme>``: one folder
   per scheme, not a copy of the target's absolute path, whose folders cost a ``mkdir`` and
   a ``rmdir`` each), with the target's real scheme paths and interpreter, so RECORD,
   console-script shebangs and INSTALLER (``stackwise``) are already final. ``installer`` reads the wheel
   from its unpacked form (:mod:`.unpacked`: extracted once, checked against the wheel's
   RECORD) and its files are hard-linked from there, not decompressed again. A corrupt
   wheel fails here, before the target is touched. Staging is on the target's filesystem
   so moves are renames.
2. **Swap.** One transaction for the whole lock: files of versions being replaced (their
   RECORD, their dist-info, the ``__pycache__`` of their modules) are renamed into
   ``old/`` -- never deleted yet -- and staged files are renamed into place, modules
   first and each dist-info last. A staged directory whose target does not exist yet (a
   new package's folder, its dist-info) is renamed as a whole: one journal line instead of
   one per file, undone by deleting it. Every rename is first appended to ``journal`` (flushed
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
from stackwise.install.unpacked import (
    UnpackedEntry,
    folders_of,
    linking_destination,
    unpack,
    wheel_source,
)

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
        """Move a staged file (or a directory, to where none exists) to ``path``, setting aside whatever is there."""
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
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)  # a whole directory was placed where none existed
                elif path.exists() or path.is_symlink():
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


def _place_tree(tx: Transaction, staged: Path, target: Path) -> None:
    """Move everything under ``staged`` to the same place under ``target``, each dist-info last.

    A directory missing from the target is moved whole; an existing one is merged into."""
    with os.scandir(staged) as it:
        entries = sorted(it, key=lambda e: (e.name.endswith(".dist-info"), e.name))
    for e in entries:
        dest = target / e.name
        if e.is_dir(follow_symlinks=False):
            if dest.is_dir():  # (also a symlink to a directory, as file-by-file moves followed it)
                _place_tree(tx, Path(e.path), dest)
                continue
            if dest.exists() or dest.is_symlink():
                raise InstallError(f"Cannot install {dest}: a file is in the way of a directory. The install was rolled back.")
        tx.place(Path(e.path), dest)


class Installation:
    """One all-or-nothing install into a target: ``stage`` each wheel, then ``apply``."""

    def __init__(self, target: InstallTarget, *, link: bool = True) -> None:
        self.target = target
        self.link = link  # hard-link files from unpacked wheels (else copy them)
        try:
            self.root = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=target.prefix))
        except OSError as exc:
            raise InstallError(
                f"Cannot write to {target.prefix} ({exc.strerror or exc}); install into an environment you own "
                "(--target-venv DIR) or run with the needed permissions."
            ) from None
        # per package: name, the (staged folder, real folder) of each scheme, the replaced dist
        self._staged: list[tuple[str, list[tuple[Path, Path]], InstalledDist | None] | None] = []

    def reserve(self, n: int) -> None:
        """Make ``n`` more slots, so packages staged concurrently are applied in plan order."""
        self._staged.extend([None] * n)

    def stage_all(
        self,
        items: list[tuple[str, Path | UnpackedEntry, InstalledDist | None, Path | None]],
        slots: list[int] | None = None,
    ) -> None:
        """:meth:`stage` every (name, wheel or unpacked entry, replaced dist, where to unpack),
        several at a time (file I/O and hashing overlap), into ``slots`` (default: new ones)."""
        if slots is None:
            slots = list(range(len(self._staged), len(self._staged) + len(items)))
            self.reserve(len(items))
        if len(items) < 2:
            for item, slot in zip(items, slots, strict=True):
                self.stage(*item, slot=slot)
            return
        with ThreadPoolExecutor(max_workers=min(8, len(items))) as pool:
            list(pool.map(lambda i: self.stage(*items[i], slot=slots[i]), range(len(items))))

    def stage(
        self,
        name: str,
        wheel: Path | UnpackedEntry,
        replaces: InstalledDist | None,
        into: Path | None = None,
        *,
        slot: int | None = None,
    ) -> None:
        """Install ``wheel`` with ``installer`` under the staging root (target untouched).

        A wheel file is first unpacked (checked against its RECORD) ``into`` the shared
        unpacked cache, or into the staging root; the files are then linked from there."""
        from installer import install
        from installer.utils import get_launcher_kind, parse_metadata_file

        index = len(self._staged) if slot is None else slot
        destdir = self.root / "new" / str(index)
        if isinstance(wheel, UnpackedEntry):
            entry = wheel
        else:
            entry = None
            if into is not None:
                with contextlib.suppress(OSError):  # an unwritable cache costs only speed
                    entry = unpack(wheel, into)
            if entry is None:
                try:
                    entry = unpack(wheel, self.root / "unpacked" / str(index))
                except OSError as exc:
                    raise InstallError(
                        f"Unpacking {wheel.name} into {self.root} failed ({exc.strerror or exc}); free some space "
                        "or check permissions. Nothing was installed."
                    ) from None
        scheme = dict(self.target.scheme)
        scheme["headers"] = os.path.join(scheme["headers"], canonicalize_name(name))
        staged_dirs = {key: str(destdir / key) for key in scheme}
        destination = linking_destination(
            self.link,
            staged_dirs,
            scheme_dict=scheme,
            interpreter=self.target.executable,
            script_kind=get_launcher_kind(),
        )
        try:
            source = wheel_source(entry)
            root_is_purelib = parse_metadata_file(source.read_dist_info("WHEEL"))["Root-Is-Purelib"] == "true"
            root_scheme = "purelib" if root_is_purelib else "platlib"  # as installer decides it
            destination.premake(root_scheme, folders_of(entry, source.data_dir))
            install(source, destination, {"INSTALLER": INSTALLER_NAME})
        except InstallError:
            raise
        except Exception as exc:  # installer raises many kinds for bad wheels: report them as one
            raise InstallError(
                f"Installing {entry.wheel} failed while staging ({type(exc).__name__}: {exc}); the wheel is "
                "broken or not for this target. Nothing was installed."
            ) from None
        # the scheme holding the dist-info goes last, so the dist-info is the last thing placed
        pairs = sorted(((Path(staged_dirs[k]), Path(v)) for k, v in scheme.items() if Path(staged_dirs[k]).is_dir()),
                       key=lambda pair: any(p.name.endswith(".dist-info") for p in pair[0].iterdir()))
        if slot is None:
            self._staged.append((name, pairs, replaces))
        else:
            self._staged[slot] = (name, pairs, replaces)

    def apply(self) -> None:
        """Swap every staged package in (replaced versions out); roll back on any failure."""
        prefix = self.target.prefix.resolve()
        staged = [item for item in self._staged if item is not None]
        prune = [d for _n, _d, old in staged if old is not None for d in record_paths_parents(old)]
        tx = Transaction(self.root)
        try:
            for _name, _destdir, old in staged:
                if old is None:
                    continue
                # dist-info first: from here on the old version no longer claims to be installed
                paths = sorted(record_paths(old), key=lambda p: old.dist_info not in p.parents)
                for p in paths:
                    if (p.exists() or p.is_symlink()) and prefix in p.resolve().parents:
                        tx.set_aside(p)
            for _name, pairs, _old in staged:
                for staged_dir, real_dir in pairs:
                    _place_tree(tx, staged_dir, real_dir)
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
