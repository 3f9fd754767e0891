"""resolvelib's resolution loop with two pure answers remembered.

After every pin, resolvelib asks again, for every project seen so far, whether its pin
still satisfies its requirements (``_is_current_pin_satisfying``), and computes the
preference key of every unpinned one (``_get_preference``). Both depend only on objects
resolvelib never changes once made (a ``Criterion`` and its ``information`` list, a pinned
candidate), so the answer for the same objects is remembered and the result of the
resolution is unchanged: the same pins in the same order, the same errors.

Only ``Resolution``'s methods are overridden, each with its own signature; if the installed
resolvelib has a different shape, :func:`make_resolver` returns the plain ``Resolver``.

The final result is built by :func:`build_result`, not resolvelib's ``_build_result``: that
one finds the pins reachable from the user's requirements with a recursion that never
terminates when stale requirements (left by replaced pins) form a cycle, so pip itself dies
with ``RecursionError`` on such graphs (resolvelib 1.2.1, vendored by pip 26.x; found by
tests/test_pip_equivalence_more.py). Where resolvelib's recursion terminates, both give the
same result.
"""

from __future__ import annotations

from typing import Any

from resolvelib import BaseReporter, Resolver
from resolvelib.structs import DirectedGraph

try:  # resolvelib >= 1.1 (pyproject allows <2): the loop lives in resolvers/resolution.py
    from resolvelib.resolvers.abstract import Result
    from resolvelib.resolvers.resolution import Resolution
except ImportError:  # pragma: no cover - another layout: resolve without the memo
    Resolution = None  # type: ignore[assignment,misc]
    Result = None  # type: ignore[assignment,misc]

_SHAPE_OK = (
    Resolution is not None
    and Result is not None
    and callable(getattr(Resolution, "_is_current_pin_satisfying", None))
    and callable(getattr(Resolution, "_get_preference", None))
    and callable(getattr(Resolution, "resolve", None))
)


if _SHAPE_OK:

    class _MemoResolution(Resolution):  # type: ignore[misc,valid-type]
        def __init__(self, provider: Any, reporter: Any) -> None:
            super().__init__(provider, reporter)
            self._satisfying: dict[Any, tuple[Any, Any, bool]] = {}
            self._preferences: dict[Any, tuple[Any, tuple[Any, ...]]] = {}

        def _is_current_pin_satisfying(self, name: Any, criterion: Any) -> bool:
            pin = self.state.mapping.get(name)
            if pin is None:
                return False
            hit = self._satisfying.get(name)
            if hit is not None and hit[0] is criterion and hit[1] is pin:
                return hit[2]
            ok: bool = super()._is_current_pin_satisfying(name, criterion)
            self._satisfying[name] = (criterion, pin, ok)
            return ok

        def _get_preference(self, name: Any) -> Any:
            criterion = self.state.criteria[name]
            hit = self._preferences.get(name)
            if hit is None or hit[0] is not criterion:
                hit = (criterion, self._p.static_preference(name, criterion.information))
                self._preferences[name] = hit
            return (name not in self._p.conflict_promoted, *hit[1])

    class _MemoResolver(Resolver):  # type: ignore[misc,type-arg]
        def resolve(self, requirements: Any, max_rounds: int = 100) -> Any:
            resolution = _MemoResolution(self.provider, self.reporter)
            state = resolution.resolve(requirements, max_rounds=max_rounds)
            return build_result(state)


def build_result(state: Any) -> Any:
    """resolvelib's ``_build_result`` without its unbounded recursion.

    The pins kept are those with a route to the user's requirements through the current
    pins (a requirement counts only when its parent is the pinned candidate), found as a
    fixed point instead of a recursive search; the graph is then built in the same order
    and with the same edges as resolvelib builds it.
    """
    mapping = state.mapping
    criteria = state.criteria
    all_keys: dict[int, Any] = {id(v): k for k, v in mapping.items()}
    all_keys[id(None)] = None
    connected: set[Any] = {None}
    pending = list(criteria)
    while True:
        added = [
            key for key in pending
            if any(all_keys.get(id(p), _NO_KEY) in connected for p in criteria[key].iter_parent())
        ]
        if not added:
            break
        connected.update(added)
        pending = [k for k in pending if k not in connected]
    graph: Any = DirectedGraph()
    graph.add(None)  # the parent of the user's requirements, as in resolvelib
    for key, criterion in criteria.items():
        if key not in connected:
            continue
        if key not in graph:
            graph.add(key)
        for p in criterion.iter_parent():
            pkey = all_keys.get(id(p), _NO_KEY)
            if pkey is _NO_KEY:
                continue
            if pkey not in graph:
                graph.add(pkey)
            graph.connect(pkey, key)
    return Result(
        mapping={k: v for k, v in mapping.items() if k in connected},
        graph=graph,
        criteria=criteria,
    )


_NO_KEY = object()


def make_resolver(provider: Any) -> Any:
    """A resolver for ``provider`` (a StackProvider): the remembering one when this
    resolvelib has the expected shape, else resolvelib's own."""
    from stackwise.resolve.provider import StackProvider

    if _SHAPE_OK and type(provider).get_preference is StackProvider.get_preference:
        return _MemoResolver(provider, BaseReporter())
    return Resolver(provider, BaseReporter())
