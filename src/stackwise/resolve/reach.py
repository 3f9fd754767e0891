"""Dependency edges of one release, as the search's bound needs them.

The bound must know two things resolvelib does not tell it: which projects a stack is
*sure* to contain once a release is chosen (so a negative score there cannot be avoided by
dropping the project), and which projects *some* stack could ever contain (so a positive
rule about a project no explored stack has pulled in yet is still counted). Both come from
Requires-Dist, evaluated for the target like the provider does. Each edge keeps its
specifier: a project reached only through edges that bound it can only hold the releases
those bounds admit, so the walk need not read the others (a walk that read cryptography 2.6
for ``pyopenssl==22.0.0``, which requires cryptography>=35, could not prove anything).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from packaging.requirements import Requirement as PackagingRequirement
from packaging.utils import NormalizedName, canonicalize_name

_PARSED: dict[str, PackagingRequirement | None] = {}


def _parse(text: str) -> PackagingRequirement | None:
    if text not in _PARSED:
        try:
            req = PackagingRequirement(text)
            if req.marker is not None:  # one that fails every evaluation makes the release unusable (provider)
                req.marker.evaluate({"extra": ""})
            _PARSED[text] = None if re.search(r"\d{4000,}", text) else req
        except ValueError:  # InvalidRequirement, UndefinedComparison, UndefinedEnvironmentName, > 4300 digits
            _PARSED[text] = None  # pip skips an unparseable metadata line too
    return _PARSED[text]


#: (project, extras it is asked with, specifier text: "" when any release will do).
Edge = tuple[NormalizedName, frozenset[str], str]
Edges = Mapping[str, frozenset[Edge]]


def dependency_edges(
    requires_dist: Iterable[str],
    markers: Mapping[str, str],
    provides_extra: Iterable[str] = (),
) -> dict[str, frozenset[Edge]]:
    """(project, extras it is asked with, specifier) per extra of the release: key ``""`` is
    what the base release requires, key ``e`` what requesting extra ``e`` requires on top of
    that. A direct reference (``name @ url``) has no specifier: any release."""
    choices = ["", *sorted({canonicalize_name(e) for e in provides_extra})]
    out: dict[str, set[Edge]] = {c: set() for c in choices}
    for text in requires_dist:
        req = _parse(text)
        if req is None:
            continue
        edge = (canonicalize_name(req.name), frozenset(canonicalize_name(e) for e in req.extras), str(req.specifier))
        if req.marker is None:
            out[""].add(edge)
            continue
        env = dict(markers)
        for extra in choices:
            env["extra"] = extra
            if req.marker.evaluate(env):
                out[extra].add(edge)
    return {k: frozenset(v) for k, v in out.items() if v or k == ""}
