"""Requirements as the user gave them -> the resolver's :class:`Problem`, as pip collects them.

Shared by ``stackwise lock``, the pip integration and the Dependency Monkey, so all three
read markers, constraints and pins the same way.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise.errors import RequirementError
from stackwise.resolve.provider import make_requirement
from stackwise.resolve.resolution import Problem

if TYPE_CHECKING:
    from stackwise.reqfile import Inputs


def build_problem(inputs: Inputs, target: Any, pre: bool) -> tuple[Problem, dict[str, Version]]:
    """Roots, merged constraints and user pins (for veto overrides), like pip collects them."""
    env = dict(target.markers, extra="")
    roots = []
    requested: dict[str, int] = {}
    pins: dict[str, Version] = {}
    for line in [*inputs.requirements, *inputs.constraints]:
        if line.hashes:
            # Refuse rather than ignore: dropping a user's hash pin would weaken what pip enforces.
            raise RequirementError(
                f"{line.origin}: --hash options on input requirements are not supported by "
                "stackwise lock yet; remove them (the lock it writes carries hashes for every pin)."
            )
    for line in inputs.requirements:
        req = line.requirement
        if req.marker is not None and not req.marker.evaluate(env):
            continue  # pip: "Ignoring ...: markers don't match your environment"
        r = make_requirement(req, str(req))
        roots.append(r)
        requested.setdefault(r.name, len(requested))
        _note_pin(pins, r.name, req.specifier)
    constraints: dict[str, SpecifierSet] = {}
    origins: dict[str, list[str]] = {}
    for line in inputs.constraints:
        req = line.requirement
        if req.extras:
            raise RequirementError(f"{line.origin}: constraints cannot have extras ({req}).")
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        name = canonicalize_name(req.name)
        constraints[name] = constraints.get(name, SpecifierSet()) & req.specifier
        origins.setdefault(name, []).append(line.origin)
        _note_pin(pins, name, req.specifier)
    problem = Problem(roots=roots, constraints=constraints, user_requested=requested, pre=pre or inputs.pre,
                      constraint_origins={n: tuple(dict.fromkeys(o)) for n, o in origins.items()})
    return problem, pins


def _note_pin(pins: dict[str, Version], name: str, spec: SpecifierSet) -> None:
    for sp in spec:
        if sp.operator in ("==", "===") and not sp.version.endswith(".*"):
            with contextlib.suppress(ValueError):
                pins[name] = Version(sp.version)
