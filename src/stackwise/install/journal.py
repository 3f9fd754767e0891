"""The install journal's light half: the prefix lock, and recovery of an interrupted install.

Why apart from :mod:`.destination`: every ``stackwise install`` takes the lock and recovers
before it plans, also when the environment already holds the lock and nothing is installed;
this module needs only the standard library (``shutil`` only when there is something to
undo), where :mod:`.destination` brings the installer's whole machinery with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

STAGE_PREFIX = ".stackwise-install-"


def _move(src: Path, dst: Path) -> None:
    try:
        os.replace(src, dst)
    except OSError as exc:
        if exc.errno != 18:  # EXDEV: another filesystem (e.g. a bind mount): copy, then delete
            raise
        import shutil

        shutil.move(str(src), str(dst))


def undo(ops: Iterable[dict[str, str]], *, inside: Path | None = None) -> None:
    """Reverse journaled operations (best effort: every step is attempted).

    Every journaled path is absolute; an operation on any other path (a damaged journal: an
    empty path is the current directory, which "undoing a placed folder" would delete whole)
    is skipped, and so is one outside ``inside`` (the prefix, when a journal left on disk is
    read back)."""
    roots = [] if inside is None else [str(inside).rstrip(os.sep) + os.sep,
                                       os.path.realpath(inside).rstrip(os.sep) + os.sep]
    import shutil

    for op in reversed(list(ops)):
        if not isinstance(op, dict) or not isinstance(op.get("path"), str) or not os.path.isabs(op["path"]):
            continue
        if roots and not any(os.path.normpath(op["path"]).startswith(r) for r in roots):
            continue
        path = Path(op["path"])
        backup_text = op.get("backup")
        with contextlib.suppress(OSError):
            if op.get("op") == "place":
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)  # a whole directory was placed where none existed
                elif path.exists() or path.is_symlink():
                    path.unlink()
            elif op.get("op") == "aside" and isinstance(backup_text, str) and os.path.isabs(backup_text):
                backup = Path(backup_text)
                if roots and not any(os.path.normpath(backup_text).startswith(r) for r in roots):
                    continue  # a set-aside file lives in the staging root, inside the prefix
                if backup.exists() or backup.is_symlink():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    _move(backup, path)
            elif op.get("op") == "mkdir":
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
    if roots:
        import shutil
    for root in roots:
        journal = root / "journal"
        ops: list[dict[str, str]] = []
        if journal.is_file():
            for line in journal.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    op = json.loads(line)
                except ValueError:
                    break  # a torn last line: the rename after it never happened
                if not isinstance(op, dict):
                    break  # not a line stackwise wrote: nothing after it is trusted either
                ops.append(op)
        if ops and ops[-1].get("op") != "commit":
            undo(ops, inside=prefix)
            notes.append(f"rolled back an interrupted install ({root.name})")
        elif ops:
            # Committed, then killed before the clean-up a normal finish does: the replaced
            # versions' directories (their emptied *.dist-info, package folders) are pruned
            # now, or pip would warn about invalid metadata on every later run.
            aside = [Path(op["path"]).parent for op in ops
                     if op.get("op") == "aside" and isinstance(op.get("path"), str) and os.path.isabs(op["path"])]
            if aside:
                _prune_empty_dirs(aside, stop=prefix.resolve())
                notes.append(f"finished the clean-up of an interrupted install ({root.name})")
        shutil.rmtree(root, ignore_errors=True)
    return notes



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
