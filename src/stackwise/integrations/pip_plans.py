"""Plans of ``pip install --resolver=stackwise`` kept for the next identical pip run.

Why: pip needs the plan (stackwise's best stack) when it first orders candidates, right
after its first index page; on a warm pip cache that is almost at once, so pip waits for
the whole plan -- loading the knowledge, importing stackwise's resolver, one or more
resolutions -- on every run, even when nothing changed since the last one (issue #16 item 3).

A plan is reused under the rules ``stackwise lock`` uses to replay a lock
(:mod:`stackwise.commands.lockcache`): the same key (stackwise's own files, interpreter,
working directory, configuration variables, and here pip's parsed requirements, index
URLs, pip's version and stackwise's options), every file the knowledge came from unchanged
(score and rules files, settings files, by content), and every index page the search read
still stored under the same token and still fresh for stackwise's index cache, as a new
search would trust it without asking the index. Not reused: knowledge from a service or
from live vulnerability data, the ``security`` recommendation, a release-age cooldown given
as a duration (a date is part of the key) and the stability signal.
A plan the search did not prove is kept with its verdict: the same inputs would send the
same search the same way (up to its time budget), and a budget spent on every pip run is
what this avoids. Records are small JSON files under
``<cache>/pip-plans-v1/``, written atomically; at most :data:`MAX_PLANS` are kept.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Mapping, Sequence
from typing import Any

PLAN_FORMAT = 1
MAX_PLANS = 64
DIR_NAME = "pip-plans-v1"


#: Variables pip itself sets while it runs (a fresh temporary directory each time), and where
#: stackwise searches (a thread or a child process, pip_resolver.PLAN_PROCESS_VARIABLE): the
#: plan is the same either way.
_PIP_RUNTIME_VARIABLES = ("PIP_BUILD_TRACKER", "PIP_REQ_TRACKER", "STACKWISE_PIP_PLAN_PROCESS")


def plan_key(inputs: Mapping[str, Any]) -> str:
    """The key of a plan: what ``stackwise lock``'s replay key covers (stackwise's files, the
    interpreter and host, the working directory, configuration variables), and the plan's inputs."""
    import hashlib
    import sys

    import stackwise
    from stackwise.commands.lockcache import cpu_flags as _cpu_flags
    from stackwise.commands.lockcache import tree_stamp as _tree_stamp
    from stackwise.index.stamps import config_environment

    uname = list(os.uname()) if hasattr(os, "uname") else [sys.platform]
    parts = {
        "format": PLAN_FORMAT,
        "stackwise": [stackwise.__version__, _tree_stamp(os.path.dirname(stackwise.__file__))],
        "python": [sys.executable, sys.version, sys.prefix, uname, _cpu_flags()],
        "cwd": os.getcwd(),
        "env": [kv for kv in config_environment() if kv[0] not in _PIP_RUNTIME_VARIABLES],
        "inputs": inputs,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def plan_dir(cache_root: str | None) -> str:
    from stackwise.index.layout import cache_dir

    return os.path.join(cache_dir(os.path.expanduser(cache_root) if cache_root else None), DIR_NAME)


def recall(cache_root: str | None, key: str) -> dict[str, Any] | None:
    """The plan stored under ``key`` if nothing it depends on changed; else None (a miss)."""
    path = os.path.join(plan_dir(cache_root), key + ".json")
    try:
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)
        if record.get("format") != PLAN_FORMAT:
            return None
        from stackwise.index.stamps import files_unchanged

        if not files_unchanged(record["files"]):
            return None
        if not _sources_unchanged(cache_root, record["sources"], float(record["ttl"]), bool(record["offline"])):
            return None
        plan = record["plan"]
        return plan if isinstance(plan, dict) else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, sqlite3.Error, RecursionError):
        return None  # a missing or unreadable record is only a miss: plan as usual


def remember(cache_root: str | None, key: str, *, files: Mapping[str, str | None],
             sources: Mapping[str, str | None], ttl: float, offline: bool, plan: Mapping[str, Any]) -> bool:
    """Store a plan for :func:`recall`; False when its sources cannot be checked later.

    ``files`` must be signed before the knowledge was read (an edit made meanwhile then no
    longer matches and the next run plans again).
    """
    if any(stamp is None for stamp in sources.values()):
        return False  # a page the index said not to store: its state cannot be checked later
    from stackwise._atomic import atomic_write_text

    directory = plan_dir(cache_root)
    record = {"format": PLAN_FORMAT, "created": time.time(), "files": dict(files), "sources": dict(sources),
              "ttl": ttl, "offline": offline, "plan": dict(plan)}
    try:
        os.makedirs(directory, exist_ok=True)
        atomic_write_text(os.path.join(directory, key + ".json"), json.dumps(record, sort_keys=True))
        _prune(directory)
    except OSError:
        return False
    return True


def add_answers(cache_root: str | None, key: str, answers: Mapping[str, Any]) -> bool:
    """Keep pip's questions and the policy's answers (pip_resolver._Answers) with the plan
    stored under ``key``, so the next identical run needs no knowledge or policy; False when
    there is no such plan. The record's files, sources and age are left as they were: the
    answers hold only under the conditions the plan itself holds under."""
    from stackwise._atomic import atomic_write_text

    path = os.path.join(plan_dir(cache_root), key + ".json")
    try:
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)
        if record.get("format") != PLAN_FORMAT or not isinstance(record.get("plan"), dict):
            return False
        record["plan"]["answers"] = dict(answers)
        atomic_write_text(path, json.dumps(record, sort_keys=True))
    except (OSError, ValueError, TypeError, AttributeError, RecursionError):
        return False
    return True


def _prune(directory: str) -> None:
    """Keep the :data:`MAX_PLANS` most recently written plans."""
    entries = []
    with os.scandir(directory) as it:
        for entry in it:
            if entry.name.endswith(".json"):
                try:
                    entries.append((entry.stat().st_mtime_ns, entry.path))
                except OSError:
                    continue
    for _, path in sorted(entries, reverse=True)[MAX_PLANS:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _sources_unchanged(cache_root: str | None, sources: Mapping[str, str], ttl: float, offline: bool) -> bool:
    """Every index page, find-links directory and local file the search read is as it was."""
    from stackwise.commands.lockcache import db_path as _db_path
    from stackwise.commands.lockcache import sources_unchanged as unchanged
    from stackwise.commands.lockcache import uri_path as _uri_path

    if not any(k.startswith(("http://", "https://")) or k == "metadata:generation" for k in sources):
        return unchanged(None, sources, ttl, offline)  # type: ignore[arg-type]  # local sources only
    path = _db_path(cache_root)
    if not os.path.isfile(path):
        return False
    conn = sqlite3.connect(f"file:{_uri_path(os.path.abspath(path))}?mode=ro", uri=True, timeout=5.0)
    try:
        return unchanged(conn, sources, ttl, offline)
    finally:
        conn.close()


def sign_knowledge(score_sources: Sequence[str], rule_files: Sequence[str]) -> dict[str, str | None]:
    """Signatures of the files the knowledge is read from (and of the settings files that
    name them), taken before they are read."""
    from stackwise.config import project_candidates, user_config_path
    from stackwise.index.stamps import sign_files

    user_file = user_config_path()
    settings_files = [str(user_file)] if user_file is not None else []
    settings_files += [str(p) for p in project_candidates()]  # a new nearer one must be noticed
    return sign_files([*settings_files, *score_sources, *rule_files])


__all__ = ["MAX_PLANS", "PLAN_FORMAT", "add_answers", "plan_key", "recall", "remember", "sign_knowledge"]
