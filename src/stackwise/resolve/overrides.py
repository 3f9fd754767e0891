"""Dependency overrides: the user replaces what packages declare about one dependency.

Why: a release's metadata can be wrong (an upper bound that is too tight, a dependency it
does not need, one missing a bound) and nobody can republish it; pip has no remedy
(pip#8076) and uv has ``override-dependencies``
(https://docs.astral.sh/uv/reference/settings/#override-dependencies). Here an override
``werkzeug<3`` replaces *every* declared dependency on ``werkzeug`` (whatever range the
package asked for) by ``werkzeug<3``. Several overrides of one package with markers are
all used where their markers hold for the target; when none holds, the dependency is
dropped (as in uv, ``name; sys_platform == 'never'`` removes a dependency).

Only what packages declare is replaced: the user's own requirements, constraints,
Requires-Python and pins keep their meaning. The provider calls :meth:`Overrides.replace`
where it reads a candidate's dependencies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

from stackwise._dataclass import dataclass


@dataclass(frozen=True)
class Override:
    requirement: Requirement
    origin: str  # "pyproject.toml [tool.stackwise]: overrides #1"

    @property
    def text(self) -> str:
        return str(self.requirement)


class Overrides:
    """The user's overrides by package name (immutable after construction)."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        by_name: dict[NormalizedName, list[Override]] = {}
        for text, origin in items:
            req = Requirement(text)
            by_name.setdefault(canonicalize_name(req.name), []).append(Override(req, origin))
        self.by_name: dict[NormalizedName, tuple[Override, ...]] = {n: tuple(v) for n, v in by_name.items()}

    def __bool__(self) -> bool:
        return bool(self.by_name)

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def replace(self, name: str, markers: Mapping[str, str]) -> tuple[Requirement, ...] | None:
        """What replaces a declared dependency on ``name`` for a target with these marker
        values, or None when ``name`` is not overridden (the declared dependency stays)."""
        found = self.by_name.get(canonicalize_name(name))
        if found is None:
            return None
        env = dict(markers, extra="")
        return tuple(o.requirement for o in found
                     if o.requirement.marker is None or o.requirement.marker.evaluate(env))

    def describe(self, name: str) -> str:
        """``user override: every dependency on werkzeug is replaced by werkzeug<3 (origin)``."""
        found = self.by_name.get(canonicalize_name(name), ())
        texts = " or ".join(o.text for o in found)
        origins = "; ".join(dict.fromkeys(o.origin for o in found))
        return f"user override: every dependency on {canonicalize_name(name)} is replaced by {texts} ({origins})"

    def to_json(self) -> list[dict[str, str]]:
        """For lock reports: each override with where it was written."""
        return [{"package": n, "requirement": o.text, "origin": o.origin}
                for n, found in sorted(self.by_name.items()) for o in found]


NO_OVERRIDES = Overrides()
