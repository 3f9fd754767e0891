"""``stackwise scores pull`` (a snapshot for offline use) and ``stackwise cache info|clear``."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from stackwise.errors import StackwiseError


def register(subparsers: Any) -> None:
    """Add ``scores`` and ``cache`` to the CLI."""
    scores = subparsers.add_parser("scores", help="work with score services (snapshots for offline use)")
    ssub = scores.add_subparsers(dest="scores_command", metavar="ACTION", required=True)
    pull = ssub.add_parser("pull", help="download a service's whole knowledge base as a score file")
    pull.add_argument("--from", dest="source", metavar="URL",
                      help="score service URL (default: the configured `scores` service)")
    pull.add_argument("-o", "--output", required=True, metavar="FILE", help="score file to write (atomically)")
    pull.add_argument("--trust-root", metavar="PATH",
                      help="the service's TUF root metadata to verify the snapshot with (default: setting "
                      "`trust_root`); a pulled snapshot is then used only if its signatures, version and "
                      "expiry check out")
    pull.add_argument("--insecure-no-verify", action="store_true",
                      help="pull without a trust root: the snapshot is then whatever the service or the network "
                      "path says (a warning is printed); for services that publish no signed snapshots")
    pull.add_argument("--cache-dir", help="where trusted metadata is kept (default: setting `cache-dir`, "
                      "else the user cache dir)")
    scores.set_defaults(run=run_scores)

    cache = subparsers.add_parser("cache", help="inspect or clear stackwise's caches (scores and index)")
    csub = cache.add_subparsers(dest="cache_command", metavar="ACTION", required=True)
    for name, text in (("info", "show what is cached"),
                       ("clear", "delete cached scores, verified snapshot files and index data (the trusted "
                        "TUF metadata stays: it is what refuses a rollback)")):
        p = csub.add_parser(name, help=text)
        p.add_argument("--cache-dir", help="cache directory (default: setting `cache-dir`, else the user cache dir)")
        if name == "clear":
            p.add_argument("--scores-only", action="store_true",
                           help="keep the package index cache and the reachability edges derived from it")
    cache.set_defaults(run=run_cache)


def run_scores(args: argparse.Namespace) -> int:
    from stackwise.config import load_settings
    from stackwise.knowledge.service import (
        ScoreServiceClient,
        ScoreServiceError,
        ServiceUnavailable,
        is_service_url,
    )

    settings = load_settings()
    source = args.source
    for value, option in ((source, "--from"), (getattr(args, "trust_root", None), "--trust-root")):
        if value is not None and not str(value).strip():  # "$URL" unset: not the configured service
            raise StackwiseError(f"scores pull: {option} was given an empty value; give one (is a variable unset?), "
                                 "or leave the option out.")
    if not source:
        urls = [s for s in settings.scores if is_service_url(s)]
        if not urls:
            raise StackwiseError("scores pull: give the service with --from URL (no score service is configured).")
        source = urls[-1]
    trust_root = getattr(args, "trust_root", None) or settings.trust_root
    if trust_root:
        return _pull_verified(args, source, trust_root, settings)
    if not getattr(args, "insecure_no_verify", False):
        # A pulled snapshot is used offline for every later lock: it must be the service's
        # own signed knowledge, not whatever answered (a rolled-back database, a mirror).
        raise StackwiseError(
            f"scores pull: no trust root is pinned, so {source}'s snapshot cannot be verified. Get the "
            "service's root metadata (`root.json`, written by `stackwise serve keys init`) from its "
            "administrator over a channel you trust, then pass --trust-root PATH or set `trust_root = PATH` "
            "in the stackwise config. To pull an unsigned snapshot anyway, add --insecure-no-verify. "
            "Nothing was written."
        )
    print(f"stackwise: warning: --insecure-no-verify: {source}'s snapshot is not verified: whoever "
          "controls the service or the network path decides what it holds (a rolled-back or altered "
          "snapshot would go unnoticed). Pin the service's root metadata with --trust-root PATH or "
          "`trust_root = PATH`.", file=sys.stderr)
    # A whole-KB pull is asked for explicitly and can be large: a longer deadline, and the
    # snapshot's own size cap (a multiple of scores-max-bytes), but still both.
    client = ScoreServiceClient(source, connect_timeout=settings.scores_connect_timeout,
                                read_timeout=max(settings.scores_timeout, 60.0), retries=settings.scores_retries,
                                deadline=max(settings.scores_deadline, 300.0), max_bytes=settings.scores_max_bytes)
    try:
        document, kb = client.snapshot()
    except ServiceUnavailable as exc:
        raise ScoreServiceError(f"scores pull: cannot get a snapshot from {client.url}: {exc.reason}. "
                                "Nothing was written.") from None
    finally:
        client.close()
    return _write_snapshot(args.output, document, kb, f"from {client.url}")


def _write_snapshot(output: str, document: dict[str, Any], kb: Any, origin: str) -> int:
    """Write a pulled snapshot atomically (stamped with when it was pulled) and say so."""
    from stackwise._atomic import atomic_write_text

    document.setdefault("generated", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    try:
        atomic_write_text(output, json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise StackwiseError(f"scores pull: cannot write {output}: {exc.strerror or exc}.") from None
    print(f"stackwise: wrote {len(kb)} rule(s), revision {kb.revision or '?'}, {origin} to "
          f"{output}; use it offline with --scores {output}.", file=sys.stderr)
    return 0


def _pull_verified(args: argparse.Namespace, source: str, trust_root: str, settings: Any) -> int:
    """``scores pull`` of a signed snapshot: verified by TUF before anything is written."""
    from stackwise.knowledge.scorefile import loads
    from stackwise.knowledge.trust import fetch_verified

    data = fetch_verified(source, trust_root, _cache_root(args), timeout=max(settings.scores_timeout, 60.0),
                          deadline=max(settings.scores_deadline, 300.0))
    kb = loads(data, f"the signed snapshot of {source}")
    return _write_snapshot(args.output, json.loads(data), kb, f"verified against {trust_root}, from {source}")


def _cache_root(args: argparse.Namespace) -> Path:
    from stackwise.config import load_settings

    chosen = getattr(args, "cache_dir", None)
    if chosen is not None and not chosen.strip():  # `cache clear --cache-dir ""` emptied the default cache
        raise StackwiseError("The cache directory given (--cache-dir) is empty; give a directory, or leave the "
                             "option out.")
    chosen = chosen or load_settings().cache_dir
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("stackwise"))


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _tree_size(path: Path) -> int:
    """Bytes of the regular files under ``path`` (0 when it is missing)."""
    total = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def _lsize(path: Path) -> int:
    """The size of a cache file, 0 when it is gone (or a dangling link: a damaged cache is
    shown, not a traceback)."""
    try:
        return path.lstat().st_size
    except OSError:
        return 0


def _remove(path: Path) -> None:
    """Delete a cache file, or whatever took its name (a directory), or say why not."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path, ignore_errors=True)
        if path.exists():
            raise StackwiseError(f"cache clear: cannot delete {path}; check its permissions.") from None
    except OSError as exc:
        raise StackwiseError(f"cache clear: cannot delete {path}: {exc.strerror or exc}.") from None


def run_cache(args: argparse.Namespace) -> int:
    from stackwise._text import one_line
    from stackwise.index.edgestore import _DIR as REACH_DIR
    from stackwise.integrations.pip_config import MEMO_NAME
    from stackwise.knowledge.cache import (
        CACHE_DIR_NAME,
        TUF_DIR_NAME,
        all_services,
        clear,
        describe_age,
        remove_tuf_targets,
        tuf_target_files,
    )
    from stackwise.knowledge.compiled import DIR_NAME as COMPILED_DIR

    root = _cache_root(args)
    scores_root = root / CACHE_DIR_NAME
    compiled = sorted((root / COMPILED_DIR).glob("*.sqlite3"))
    # pip's settings are remembered beside the index cache (integrations/pip_config.py).
    index_files = [root / f"index-v1.sqlite3{s}" for s in ("", "-wal", "-shm")] + [root / MEMO_NAME]
    # Dependency edges remembered from the index cache (index/edgestore.py): derived data,
    # so they go with it.
    reach = root / REACH_DIR
    if args.cache_command == "clear":
        removed = clear(scores_root)
        # Verified snapshot files go with the scores; the trusted metadata beside them stays
        # (it is the rollback protection: without it the next refresh would trust anything
        # the pinned root signed, however old).
        targets, target_bytes = remove_tuf_targets(root)
        for path in compiled:  # rebuilt from their score files on next use
            _remove(path)
        index_bytes = reach_bytes = 0
        if not args.scores_only:
            for path in index_files:
                with contextlib.suppress(OSError):
                    index_bytes += path.lstat().st_size
                _remove(path)
            reach_bytes = _tree_size(reach)
            shutil.rmtree(reach, ignore_errors=True)
            if reach.exists():
                raise StackwiseError(f"cache clear: cannot delete {reach}; check its permissions.")
        what = (f"{removed} cached score document(s), {targets} verified snapshot file(s) ({_size(target_bytes)}), "
                f"{len(compiled)} compiled score file index(es)")
        if not args.scores_only:
            what += f" and the index cache ({_size(index_bytes)}, reachability edges {_size(reach_bytes)})"
        print(f"stackwise: removed {what} from {root}.", file=sys.stderr)
        return 0
    print(f"cache directory: {root}")
    services = [c for c in all_services(scores_root) if c.stats()["entries"]]
    if not services:
        print("scores: nothing cached")
    now = time.time()
    for cache in services:
        st = cache.stats()
        rev = f", service revision {one_line(str(st['revision']))[:200]}" if st["revision"] else ""
        print(f"scores from {one_line(str(st['source']))}: {st['entries']} package(s), {_size(st['bytes'])}{rev}; "
              f"newest {describe_age(now - st['newest'])} old, oldest {describe_age(now - st['oldest'])} old")
    if compiled:
        print(f"compiled score file indexes: {len(compiled)}, {_size(sum(_lsize(p) for p in compiled))}")
    targets = tuf_target_files(root)
    tuf_bytes = _tree_size(root / TUF_DIR_NAME)
    if tuf_bytes:
        target_bytes = sum(size for _, size in targets)
        print(f"verified snapshots (TUF): {len(targets)} file(s), {_size(target_bytes)}; trusted metadata "
              f"{_size(tuf_bytes - target_bytes)} (kept by `cache clear`)")
    index_bytes = sum(_lsize(p) for p in index_files)
    print(f"package index cache: {_size(index_bytes) if index_bytes else 'empty'}")
    reach_bytes = _tree_size(reach)
    if reach_bytes:
        print(f"reachability edges (derived from the index cache): {_size(reach_bytes)}")
    return 0
