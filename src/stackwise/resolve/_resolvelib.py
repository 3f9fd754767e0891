"""resolvelib's resolution loop with two pure answers remembered.

After every pin, resolvelib asks again, for every project seen so far, whether its pin
still satisfies its requirements (``_is_current_pin_satisfying``), and computes the
preference key of every unpinned one (``_get_preference``). Both depend only on objects
resolvelib never changes once made (a ``Criterion`` and its ``information`` list, a pinned
candidate), so the answer for the same objects is remembered and the result of the
resolution is unchanged: the same pins in the same order, the same errors.

Only ``Resolution``'s methods are overridden, each with its own signature; if the installed
resolvelib has a different shape, :func:`make_resolver` returns the plain ``Resolver``.
"""

from __future__ import annotations

from typing import Any

from resolvelib import BaseReporter, Resolver

try:  # resolvelib >= 1.1 (pyproject allows <2): the loop lives in resolvers/resolution.py
    from resolvelib.resolvers.resolution import Resolution, _build_result
except ImportError:  # pragma: no cover - another layout: resolve without the memo
    Resolution = None  # type: ignore[assignment,misc]
    _build_result = None  # type: ignore[assignment]

_SHAPE_OK = (
    Resolution is not None
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
            return _build_result(state)


def make_resolver(provider: Any) -> Any:
    """A resolver for ``provider`` (a StackProvider): the remembering one when this
    resolvelib has the expected shape, else resolvelib's own."""
    from stackwise.resolve.provider import StackProvider

    if _SHAPE_OK and type(provider).get_preference is StackProvider.get_preference:
        return _MemoResolver(provider, BaseReporter())
    return Resolver(provider, BaseReporter())
