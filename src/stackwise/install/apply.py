"""Steps of a plan -> files fetched, verified and built -> installed all-or-nothing.

One sequence for ``stackwise install`` and for inspections (which install each stack's lock
into a fresh environment exactly as a user's ``stackwise install --target-venv`` would).
"""

from __future__ import annotations

import os
import threading
from dataclasses import field
from pathlib import Path

from stackwise._dataclass import dataclass
from stackwise.index.config import IndexConfig
from stackwise.install.destination import Installation
from stackwise.install.plan import Step
from stackwise.install.sources import Staged, build_wheel, fetch_all, remove_tree
from stackwise.install.target import InstalledDist, InstallTarget
from stackwise.install.unpacked import entry_dir


@dataclass
class InstallProgress:
    """How far :func:`install_steps` has got: a status line reads it from another thread
    (nothing here prints)."""

    total: int = 0  # files to fetch and verify
    verified: int = 0
    built: int = 0  # sdists and local projects built into wheels
    phase: str = "fetching"  # then "building", "unpacking", "installing"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, what: str) -> None:
        with self._lock:  # fetches finish in several threads at once
            setattr(self, what, getattr(self, what) + 1)


def unpacked_cache_for(wheel_cache: Path) -> Path:
    """The unpacked-wheel cache that goes with a wheel cache (``<cache>/wheels`` -> ``<cache>/wheels-unpacked``)."""
    return wheel_cache.with_name(wheel_cache.name + "-unpacked")


def install_steps(
    todo: list[Step],
    target: InstallTarget,
    config: IndexConfig,
    *,
    allow_build: bool = True,
    wheel_cache: Path | None = None,
    dry_run: bool = False,
    link_mode: str = "hardlink",
    rehash: bool = False,
    progress: InstallProgress | None = None,
) -> None:
    """Fetch + verify every file (or fail before touching ``target``), build sdists, then
    stage and apply them as one journaled swap; ``dry_run`` stops after the verification.

    With a ``wheel_cache``, wheels are unpacked once into the unpacked cache next to it and
    linked from there (``link_mode`` ``hardlink``, falling back to copies across
    filesystems; ``copy`` never shares bytes with the cache); ``rehash`` hashes every file of
    a cached extraction again instead of trusting unchanged (size, inode, mtime) stamps, and
    plans every wheel with installer again instead of reusing a plan remembered in the cache.
    ``progress``, when given, is kept up to date (see :class:`InstallProgress`)."""
    installation = Installation(target, link=link_mode == "hardlink", memo=not rehash)
    unpacked_cache = unpacked_cache_for(wheel_cache) if wheel_cache is not None else None
    todo = [step for step in todo if step.action != "skip"]
    slot = {id(step): i for i, step in enumerate(todo)}
    installation.reserve(len(todo))
    counts = progress if progress is not None else InstallProgress()
    counts.total = len(todo)

    def replaced(step: Step) -> InstalledDist | None:
        return step.installed if step.action == "replace" else None

    def ready(s: Staged) -> None:
        counts.add("verified")
        # a verified extraction from the cache is linked into staging at once, overlapping the
        # other packages' verification (staging never touches the target)
        if s.unpacked is not None and not dry_run:
            installation.stage(s.step.package.name, s.unpacked, replaced(s.step), slot=slot[id(s.step)])

    # local project directories are built, not fetched (after every file is verified: a hash
    # mismatch refuses the install before any project's build backend runs)
    local = [step for step in todo if step.package.directory is not None]
    try:
        staged = fetch_all([step for step in todo if step.package.directory is None], config, lambda: target.environment,
                           installation.root, wheel_cache=wheel_cache, unpacked_cache=unpacked_cache, ready=ready,
                           verify_unpacked="hash" if rehash else "stat", tag_priority=target.tag_priority)
        items: list[tuple[str, Path, InstalledDist | None, Path | None]] = []
        slots: list[int] = []
        counts.phase = "building"
        if local:
            from stackwise.install.local import build_local  # (local project directories only)
        for step in local:
            wheel, metadata = build_local(step.package, config, installation.root, target.tag_priority,
                                          allow_build=allow_build)
            counts.add("built")
            installation.add_metadata(step.package.name, metadata)
            items.append((step.package.name, wheel, replaced(step), None))  # never into the shared cache
            slots.append(slot[id(step)])
        for s in staged:
            if s.unpacked is not None:
                continue
            wheel = build_wheel(s, config, target.tag_priority, allow_build=allow_build)
            # the verified file of the lock (not a wheel built here) is unpacked into the shared cache
            into = (entry_dir(unpacked_cache, s.digest.split(":", 1)[1])
                    if unpacked_cache is not None and wheel == s.path and s.digest.startswith("sha256:") else None)
            if wheel != s.path:
                counts.add("built")
            items.append((s.step.package.name, wheel, replaced(s.step), into))
            slots.append(slot[id(s.step)])
        if dry_run:
            installation.discard()
            return
        counts.phase = "unpacking"
        installation.stage_all(items, slots)
        counts.phase = "installing"
        installation.apply()
    except BaseException:
        installation.discard()
        raise
    finally:
        remove_tree(installation.root)


def compile_installed(target: InstallTarget, names: list[str], *, jobs: int | None = None) -> int:
    """Byte-compile the ``.py`` files of the installed distributions ``names`` with the target's
    own interpreter, several processes at a time; returns how many files were handed over.

    Run after the install committed: ``__pycache__`` is a cache (like pip's, the files are not
    added to RECORD; uninstalling removes them with their sources). A file that does not
    compile is skipped, as pip does."""
    import subprocess

    from packaging.utils import canonicalize_name

    from stackwise.install.destination import record_paths

    wanted = {canonicalize_name(n) for n in names}
    files = [str(p) for name, dist in target.installed().items() if name in wanted
             for p in record_paths(dist) if p.suffix == ".py" and p.is_file()]
    if not files:
        return 0
    jobs = max(1, min(jobs or os.cpu_count() or 1, 8, len(files)))
    chunks = [files[i::jobs] for i in range(jobs)]
    procs = [subprocess.Popen([target.executable, "-m", "compileall", "-q", "-i", "-"], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
             for _ in chunks]
    for proc, chunk in zip(procs, chunks, strict=True):
        assert proc.stdin is not None
        proc.stdin.write("\n".join(chunk) + "\n")
        proc.stdin.close()
    for proc in procs:
        proc.wait()
    return len(files)
