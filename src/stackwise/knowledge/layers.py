"""What every lazily-filled knowledge layer shares (services, live vulnerability data,
compiled large score files).

Why: the resolver asks about one package at a time, but these sources answer best in
batches (one query, one parallel fetch, one SQL statement). A layer learns the rules of a
package the first time it is asked, or earlier through ``prefetch(names)``, and keeps
them for the rest of the run. Subclasses implement only ``prefetch``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from packaging.utils import canonicalize_name

from stackwise.knowledge.rules import Rule


class LazyLayer:
    """Rules per package, learned on demand and remembered for the run."""

    client: Any = None  # a service client to close, if any
    revision: str | None = None
    rule_count: int | None = None

    def __init__(self) -> None:
        self._loaded: dict[str, tuple[Rule, ...]] = {}

    def loaded(self) -> dict[str, tuple[Rule, ...]]:
        """Every package asked about so far, with its rules (possibly none)."""
        return self._loaded

    def for_package(self, name: str) -> tuple[Rule, ...]:
        key = canonicalize_name(name)
        hit = self._loaded.get(key)
        if hit is None:
            self.prefetch([key])
            hit = self._loaded.get(key, ())
        return hit

    def prefetch(self, names: Iterable[str]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _unknown(self, names: Iterable[str]) -> list[str]:
        """``names`` normalised, deduplicated, without those already known. A name already
        known as given is skipped before normalising: the resolver hands over every pinned
        release's dependencies, nearly all of them asked before (canonical already)."""
        loaded = self._loaded
        todo: dict[str, None] = {}
        for x in names:
            if x not in loaded:
                n = canonicalize_name(x)
                if n not in loaded:
                    todo[n] = None
        return list(todo)

    def _from_cache(self, cache: Any, names: list[str], *, ttl: float, offline: bool,
                    stats: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Take fresh cache entries (any age when offline); return (stale entries, missing names)."""
        now = time.time()
        stale: dict[str, Any] = {}
        missing: list[str] = []
        for name in names:
            entry = cache.get(name) if cache is not None else None
            if entry is not None and (offline or entry.age(now) < ttl):
                self._loaded[name] = entry.kb.for_package(name)
                stats["fresh"] += 1
            elif entry is not None:
                stale[name] = entry
            else:
                missing.append(name)
        return stale, missing
