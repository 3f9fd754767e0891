"""Write wheels into the target all-or-nothing: plan with ``installer``, then swap with a journal.

Why plan + journal (and not "install in place, roll back on error"): ``installer`` writes
file by file, and an exception or a kill half-way would leave a package with some modules
and no (or a stale) dist-info, with nothing recording what was written. Instead:

1. **Plan.** Every wheel goes through PyPA ``installer`` with a destination that records
   instead of writing (:func:`.unpacked.plan_install`): the target's real scheme paths and
   interpreter, so RECORD, console-script shebangs, ``#!python`` scripts and INSTALLER
   (``stackwise``) are final bytes in memory, and every other file is a member of the
   unpacked wheel (:mod:`.unpacked`: extracted once, checked against the wheel's RECORD) to
   be hard-linked. A broken wheel (bad WHEEL file, entry points, ``.data`` scheme, a path
   leaving the target, a file written twice) fails here, before the target is touched.
   A plan of an entry of the shared cache is remembered in it and reused for the same target
   (same scheme paths and interpreter: a venv made again at the same path), installer not run.
2. **Swap.** One transaction for the whole lock (:class:`_Swap`): files of versions being
   replaced (their RECORD, their dist-info, the ``__pycache__`` of their modules) are renamed
   into ``old/`` -- never deleted yet. Then every folder or file that does not exist in the
   target yet (a new package's folder, a console script) is *claimed* -- a journal line,
   flushed before it is created -- and made directly in place with everything below it; an
   existing folder is merged into, and an existing file in the way is set aside first. Each
   ``*.dist-info`` is built in the staging root (``<prefix>/.stackwise-install-XXXX/``, on the
   target's filesystem) and renamed in whole after every other file, so a package is listed as
   installed only once its files are there. Every change is first appended to ``journal``
   (flushed to the OS, so it survives a killed process; fsynced at commit), so it can be undone.
3. **Commit or roll back.** After the last rename a ``commit`` line is journaled and
   the staging root deleted. Any exception (including Ctrl-C) undoes the journal in
   reverse order; a run killed outright (SIGKILL, power loss) leaves the journal behind,
   and the next ``stackwise install`` into that prefix rolls it back before doing anything
   (:func:`recover`). Either way the target holds the old set or the new set of packages.

Why new folders are not built in a staging copy any more: undoing a claimed folder is
deleting it, whole, whether it was renamed in complete or filled in place, so the journal
recovers both the same way; the copy cost a ``mkdir``, a rename and a ``rmdir`` per package
and scheme (a warm install of 20 small packages made 103 folders and removed 62; now 41 and
none). What changes is what a process reading the environment *during* the install may see:
half of a new package's folder (never its dist-info) instead of whole folders appearing one
by one -- both are mid-transaction states that a kill leaves for the next run to undo.

Bytecode is not compiled (the target interpreter writes ``__pycache__`` on first import);
the installed ``__pycache__`` of a replaced package is removed with it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
from pathlib import Path

from stackwise._names import canonical_name as canonicalize_name
from stackwise.install import InstallError
from stackwise.install.journal import (  # noqa: F401 (and re-exported)
    STAGE_PREFIX,
    _move,
    _prune_empty_dirs,
    exclusive,
    recover,
    undo,
)
from stackwise.install.target import InstalledDist, InstallTarget
from stackwise.install.unpacked import (
    FileSpec,
    InstallPlan,
    UnpackedEntry,
    current_umask,
    one_line,
    place,
    plan_install,
    unpack,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing (~12 M instructions to import) for annotations only
    from typing import Any

_PARALLEL_FROM = 1000  # folders + files from which the swap creates them on several threads
_MAKERS = 4
INSTALLER_NAME = b"stackwise\n"


class Transaction:
    """Journaled renames under one staging root; :meth:`rollback` undoes them in reverse."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._journal = open(root / "journal", "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._ops: list[dict[str, str]] = []
        self._n = 0

    def _log(self, op: dict[str, str], *, flush: bool = True) -> None:
        # flushed to the OS before the change it describes, so a killed process leaves a
        # complete journal; fsync only at commit (one per install, not one per file: per-file
        # fsyncs tripled the time of a 20-package install, and a power loss does not keep
        # un-fsynced renames either)
        self._journal.write(json.dumps(op) + "\n")
        if flush:
            self._journal.flush()
        if op["op"] == "commit":
            os.fsync(self._journal.fileno())
        self._ops.append(op)

    def claim(self, path: str) -> None:
        """Journal that ``path``, absent now, is about to be created by this install (undone by
        deleting it, whole); the line reaches the OS at the next :meth:`flush`, before any creation."""
        self._log({"op": "place", "path": path}, flush=False)

    def flush(self) -> None:
        self._journal.flush()

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
                raise InstallError(f"Cannot install {one_line(str(path))}: a directory is in the way. The install was rolled back.")
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


def record_paths(dist: InstalledDist) -> list[Path]:
    """Files of an installed distribution: its RECORD (inside the prefix), its dist-info, bytecode."""
    import csv  # (a replaced distribution's RECORD only)

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


class _Swap:
    """The swap of a set of planned wheels: what is new is created in place, what is in the way is set aside.

    Every package's planned files are merged into one tree per target folder (a later
    package's file wins, as pip would leave it). Walking a tree against the target:

    - a folder or file that does not exist yet is *claimed*: one journal line
      (``place``, undone by deleting it whole), flushed before it is created, and then it is
      made directly in the target with everything below it, with no staging copy to build,
      rename and remove;
    - an existing folder is merged into; an existing file is set aside (renamed into ``old/``,
      journaled) before the new one is created;
    - each ``*.dist-info`` is built in the staging root and renamed in whole, after every
      other file: a package is listed as installed only once its files are all there.

    Everything that can be refused (hashes, a broken wheel, entry points, paths leaving the
    target) was refused while planning, before the target was touched; what can fail here is
    the filesystem (space, permissions, a directory in the way), and the journal undoes it.
    """

    def __init__(self, tx: Transaction, root: Path, *, link: bool) -> None:
        self.tx = tx
        self.root = root
        self.link = link
        # what to create: per claimed folder, its folders (parents first) and files; then loose files
        self.groups: list[tuple[list[str], list[tuple[str, FileSpec]]]] = []
        self.loose: list[tuple[str, FileSpec]] = []

    def run(self, staged: list[tuple[str, InstallPlan, dict[str, str], InstalledDist | None]]) -> None:
        trees: dict[str, dict[str, Any]] = {}
        infos: dict[str, dict[str, Any]] = {}  # the target path of each dist-info -> its tree
        real: dict[str, str] = {}  # purelib and platlib may be one folder under two names
        for _name, plan, scheme, _old in staged:
            info_prefix = plan.dist_info + "/"
            for (scheme_name, rel), spec in plan.files.items():
                base = real.get(scheme[scheme_name])
                if base is None:
                    base = real[scheme[scheme_name]] = os.path.realpath(scheme[scheme_name])
                if scheme_name == plan.root_scheme and rel.startswith(info_prefix):
                    _insert(infos.setdefault(os.path.join(base, plan.dist_info), {}), rel[len(info_prefix):], spec)
                else:
                    _insert(trees.setdefault(base, {}), rel, spec)
        for base, tree in trees.items():
            self.tx._mkdirs(Path(base))  # noqa: SLF001 - a missing scheme folder: journaled mkdirs
            self._merge(tree, base)
        self.tx.flush()
        self._make()
        built: list[tuple[str, str]] = []
        for n, (dest, tree) in enumerate(infos.items()):
            if os.path.isdir(dest):  # a stray folder of that name: merged into, file by file
                self._merge({os.path.basename(dest): tree}, os.path.dirname(dest))
                continue
            tmp = str(self.root / f"info-{n}")
            self.groups.append(([], []))
            self._owned(tree, tmp, self.groups[-1])
            built.append((tmp, dest))
        self.tx.flush()
        self._make()
        for tmp, dest in built:
            self.tx.place(Path(tmp), Path(dest))

    def _merge(self, tree: dict[str, Any], real: str) -> None:
        for name, node in tree.items():
            dest = real + "/" + name
            if isinstance(node, dict):
                if os.path.isdir(dest):  # (also a symlink to a directory)
                    self._merge(node, dest)
                    continue
                if os.path.lexists(dest):
                    raise InstallError(f"Cannot install {one_line(dest)}: a file is in the way of a directory. The install was rolled back.")
                self.tx.claim(dest)
                self.groups.append(([], []))
                self._owned(node, dest, self.groups[-1])
                continue
            if os.path.lexists(dest):
                if os.path.isdir(dest) and not os.path.islink(dest):
                    raise InstallError(f"Cannot install {one_line(dest)}: a directory is in the way. The install was rolled back.")
                self.tx.set_aside(Path(dest))
            self.tx.claim(dest)
            self.loose.append((dest, node))

    def _owned(self, tree: dict[str, Any], dest: str, group: tuple[list[str], list[tuple[str, FileSpec]]]) -> None:
        group[0].append(dest)
        for name, node in tree.items():
            if isinstance(node, dict):
                self._owned(node, dest + "/" + name, group)
            else:
                group[1].append((dest + "/" + name, node))

    def _make(self) -> None:
        """Create what was claimed. Claimed folders are disjoint, so large installs make them on
        several threads (each ``mkdir``/``link`` releases the interpreter lock while the kernel
        works), as uv installs wheels in parallel."""
        groups = self.groups + ([([], self.loose)] if self.loose else [])
        self.groups, self.loose = [], []
        if sum(len(d) + len(f) for d, f in groups) < _PARALLEL_FROM or len(groups) < 2:
            for group in groups:
                self._make_group(group)
            return
        from concurrent.futures import ThreadPoolExecutor

        groups.sort(key=lambda g: len(g[0]) + len(g[1]), reverse=True)  # the largest first
        with ThreadPoolExecutor(max_workers=_MAKERS) as pool:
            list(pool.map(self._make_group, groups))

    def _make_group(self, group: tuple[list[str], list[tuple[str, FileSpec]]]) -> None:
        dirs, files = group
        for d in dirs:  # parents first
            os.mkdir(d)
        link = self.link
        for dest, (src, data, executable) in files:
            if src is not None:
                place(src, dest, link=link)  # an existing file makes link() fail
            else:
                _write_new(dest, data or b"", executable)


def _insert(tree: dict[str, Any], rel: str, spec: FileSpec) -> None:
    *folders, name = rel.split("/")
    node = tree
    for part in folders:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise InstallError(f"Cannot install {one_line(rel)}: one package's file is another's directory. Nothing was installed.")
        node = child
    if isinstance(node.get(name), dict):
        raise InstallError(f"Cannot install {one_line(rel)}: one package's file is another's directory. Nothing was installed.")
    node[name] = spec


def _write_new(dest: str, data: bytes, executable: bool) -> None:
    """A generated file (script, RECORD, INSTALLER), with the modes installer gives it."""
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    if executable:
        os.chmod(dest, 0o777 & ~current_umask() | 0o111)


def _make_stage_root(prefix: Path) -> Path:
    """A new private (0700) folder ``<prefix>/.stackwise-install-XXXX``, as ``tempfile.mkdtemp`` makes
    one (its import, with ``random``, was ~5 M instructions of a warm install)."""
    for _ in range(100):
        root = prefix / f"{STAGE_PREFIX}{os.urandom(6).hex()}"
        try:
            os.mkdir(root, 0o700)
        except FileExistsError:
            continue
        return root
    raise FileExistsError(f"cannot make a staging folder in {prefix}")


class Installation:
    """One all-or-nothing install into a target: ``stage`` (plan) each wheel, then ``apply``."""

    def __init__(self, target: InstallTarget, *, link: bool = True, memo: bool = True) -> None:
        self.target = target
        self.link = link  # hard-link files from unpacked wheels (else copy them)
        self.memo = memo  # reuse plans remembered in the shared unpacked cache (see plan_install)
        try:
            self.root = _make_stage_root(target.prefix)
        except OSError as exc:
            raise InstallError(
                f"Cannot write to {target.prefix} ({exc.strerror or exc}); install into an environment you own "
                "(--target-venv DIR) or run with the needed permissions."
            ) from None
        # per package: name, its plan, its scheme, the replaced dist
        self._staged: list[tuple[str, InstallPlan, dict[str, str], InstalledDist | None] | None] = []
        self._metadata: dict[str, dict[str, bytes]] = {}  # name -> extra dist-info files

    def add_metadata(self, name: str, files: dict[str, bytes]) -> None:
        """Extra dist-info files for package ``name`` (e.g. ``direct_url.json``), written with its
        other files and listed in its RECORD; call before :meth:`stage`."""
        self._metadata[name] = dict(files)

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
        from concurrent.futures import ThreadPoolExecutor  # (not imported on a warm install)

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
        """Plan ``wheel``'s install with ``installer`` (nothing is written to the target).

        A wheel file is first unpacked (checked against its RECORD) ``into`` the shared
        unpacked cache, or into the staging root; the files are later linked from there."""
        index = len(self._staged) if slot is None else slot
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
        try:
            # only entries of the shared cache remember their plan (not one unpacked into staging)
            memo = self.memo and self.root not in entry.root.parents
            plan = plan_install(entry, scheme, self.target.executable, INSTALLER_NAME, self._metadata.get(name),
                                memo=memo)
        except InstallError:
            raise
        except Exception as exc:  # installer raises many kinds for bad wheels: report them as one
            raise InstallError(
                f"Installing {entry.wheel} failed while staging ({type(exc).__name__}: {one_line(str(exc))}); the wheel is "
                "broken or not for this target. Nothing was installed."
            ) from None
        if slot is None:
            self._staged.append((name, plan, scheme, replaces))
        else:
            self._staged[slot] = (name, plan, scheme, replaces)

    def apply(self) -> None:
        """Swap every planned package in (replaced versions out); roll back on any failure."""
        prefix = self.target.prefix.resolve()
        staged = [item for item in self._staged if item is not None]
        prune = [d for *_rest, old in staged if old is not None for d in record_paths_parents(old)]
        tx = Transaction(self.root)
        try:
            for *_rest, old in staged:
                if old is None:
                    continue
                # dist-info first: from here on the old version no longer claims to be installed
                paths = sorted(record_paths(old), key=lambda p: old.dist_info not in p.parents)
                for p in paths:
                    if (p.exists() or p.is_symlink()) and prefix in p.resolve().parents:
                        tx.set_aside(p)
            _Swap(tx, self.root, link=self.link).run(staged)
            tx.commit()
        except BaseException as exc:
            tx.rollback()
            tx.close()
            shutil.rmtree(self.root, ignore_errors=True)
            if isinstance(exc, OSError):
                raise InstallError(
                    f"Installing into {self.target.prefix} failed ({one_line(f'{exc.strerror or exc}: {exc.filename}')}); "
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
    import csv

    dirs = {dist.dist_info}
    record = dist.dist_info / "RECORD"
    with contextlib.suppress(OSError):
        for row in csv.reader(record.read_text(encoding="utf-8").splitlines()):
            if row and row[0]:
                dirs.add(Path(os.path.normpath(dist.site_dir / row[0])).parent)
    return dirs
