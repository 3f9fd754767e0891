"""Make the environment's real pip try versions in stackwise's order.

pip does everything it normally does (finding, downloading, building, hash checking,
installing, ``--dry-run --report``, ``pip lock``/``download``/``wheel``); only a few seams of
its resolvelib resolver are wrapped, and all keep pip's lazy candidates lazy:

* ``Factory._iter_found_candidates`` returns a ``FoundCandidates`` whose ``_get_infos``
  yields ``(version, build)`` pairs, newest first, already filtered by pip (specifiers,
  hashes, yanked, Requires-Python, wheel tags). We replace ``_get_infos`` with a function
  that reorders those pairs (the version of the best stack first, then higher policy score,
  then pip's order) and drops vetoed versions, without ever calling ``build``.
* ``Resolver.resolve(root_reqs, check_supported_wheels)`` receives the requirements exactly
  as pip parsed them (``-r``/``-c`` files, extras, markers, ``==`` pins). Before pip resolves,
  stackwise's search (:func:`~stackwise.resolve.engine.best_stack`) runs over the same
  requirements and pip's own index URLs/find-links, because pair rules (A with B) cannot be
  expressed as a per-package order: the best stack's versions are then tried first. After
  pip resolves, one line per decision that differs from pip's choice goes to stderr and
  ``--stackwise-report FILE`` gets the details; pip's own ``--report`` is untouched.
* ``Factory.collect_root_requirements`` is where pip builds the metadata of projects it takes
  from a path or URL (``pip install .``): a plan with one starts after it, with their
  declared dependencies as roots. ``Factory.make_requirements_from_spec`` applies the user's
  dependency overrides.

Everything that can go wrong on stackwise's side (unreadable scores, an index stackwise
cannot read, an unsupported pip) degrades to pip's own order with one warning line, except
with ``--require-scores``, which turns score problems into a clean pip error.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import Any

from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass

# packaging.utils (via packaging.tags) costs ~15 ms to import: only the active paths need it,
# so an empty knowledge base stays close to plain pip's start-up time.

# Oldest pip whose resolver seams were checked, and the first major that was not released when
# this was written: both ends are tested in CI (see docs/pip-integration.md).
MIN_PIP = Version("24.0")
MAX_PIP_EXCLUSIVE = Version("27")
SUPPORTED_RANGE = "pip >= 24.0, < 27"

_MARK = "__stackwise_wrapped__"

# The package that holds the pip to patch: the environment's own pip, or a vendored copy with
# the same internals under another name (Pipenv's resolver imports ``pipenv.patched.pip``).
DEFAULT_PIP_ROOT = "pip"


@dataclass
class StackwiseOptions:
    """stackwise's own settings for one pip run (everything else is pip's)."""

    scores: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # --rules files (the user's own layer)
    no_default_scores: bool = False
    recommendation: str = "stable"
    require_scores: bool = False
    trust_root: str | None = None  # --trust-root: the score service's pinned TUF root (else the setting)
    # --fail-on-vulnerable: under `security`, refuse a stack whose every allowed release has an
    # advisory (the strict error) instead of installing the least bad one, as `stackwise lock`.
    fail_on_vulnerable: bool = False
    report: str | None = None
    time_budget: float = 10.0
    quiet: bool = False
    # Which pip to patch (see DEFAULT_PIP_ROOT) and where messages go: Pipenv's resolver
    # subprocess hands its lines to the parent instead of its captured stderr.
    pip_root: str = DEFAULT_PIP_ROOT
    sink: Callable[[str], None] | None = None
    # Versions to try first, planned by the caller ({name: version}): `stackwise pipenv` plans
    # the Pipfile's sections together in its own process, so each per-section resolver run
    # follows that plan instead of searching its section alone (and leaves the decision lines
    # to the planner).
    plan: dict[str, str] | None = None
    # The plan is the least bad stack (resolve/safety.py: every allowed release has an advisory,
    # so advisories are scored, not vetoed): pip's order must use that relaxed policy too.
    plan_relaxed: bool = False
    # --min-release-age / --min-release-age-exempt (None: the `min-release-age` setting; "off":
    # none): releases uploaded more recently are neither planned nor offered to pip
    # (docs/cooldown.md). `stackwise pipenv` hands its resolved value to Pipenv's resolver.
    min_release_age: str | None = None
    min_release_age_exempt: list[str] = field(default_factory=list)


def warn(message: str) -> None:
    """One warning line in stackwise's usual format (pip's output stays pip's)."""
    print(f"stackwise: warning: {message}", file=sys.stderr)


def _internal(root: str, module: str) -> Any:
    """``{root}._internal.{module}``: the same pip internals, wherever that pip is vendored."""
    return importlib.import_module(f"{root}._internal.{module}")


def pip_version(root: str = DEFAULT_PIP_ROOT) -> Version | None:
    """The version of the pip importable here as ``root``, or None when it is missing or odd."""
    try:
        return Version(importlib.import_module(root).__version__)
    except (ImportError, AttributeError, InvalidVersion):
        return None


def unsupported_reason(root: str = DEFAULT_PIP_ROOT) -> str | None:
    """Why the patch cannot be applied to this pip (None when it can)."""
    version = pip_version(root)
    if version is None:
        return "pip cannot be imported in this environment" if root == DEFAULT_PIP_ROOT else f"{root} cannot be imported"
    if not MIN_PIP <= version < MAX_PIP_EXCLUSIVE:
        return f"this is pip {version}; stackwise supports {SUPPORTED_RANGE}"
    try:
        factory = _internal(root, "resolution.resolvelib.factory")
        found_candidates = _internal(root, "resolution.resolvelib.found_candidates")
        resolver = _internal(root, "resolution.resolvelib.resolver")
    except ImportError as exc:
        return f"pip {version} has no resolvelib resolver module ({exc})"
    init = getattr(found_candidates.FoundCandidates, "__init__", None)
    names = set(getattr(getattr(init, "__code__", None), "co_names", ()))
    missing = [
        what
        for what, ok in (
            ("Factory._iter_found_candidates", callable(getattr(factory.Factory, "_iter_found_candidates", None))),
            ("Resolver.resolve", callable(getattr(resolver.Resolver, "resolve", None))),
            ("Factory.make_requirements_from_spec",
             callable(getattr(factory.Factory, "make_requirements_from_spec", None))),
            ("Factory.collect_root_requirements",
             callable(getattr(factory.Factory, "collect_root_requirements", None))),
            ("FoundCandidates._get_infos/_installed/_prefers_installed",
             {"_get_infos", "_installed", "_prefers_installed"} <= names),
        )
        if not ok
    ]
    if missing:
        return f"pip {version} lacks the resolver internals stackwise wraps ({', '.join(missing)})"
    return None


# -- installing / removing the wrappers ----------------------------------------------------


def install(options: StackwiseOptions) -> str | None:
    """Wrap pip's resolver for the rest of the process; return why not, if it cannot be done."""
    root = options.pip_root
    reason = unsupported_reason(root)
    if reason is not None:
        return reason
    Factory = _internal(root, "resolution.resolvelib.factory").Factory
    Resolver = _internal(root, "resolution.resolvelib.resolver").Resolver

    uninstall(root)
    Factory._iter_found_candidates = _wrap_iter_found(Factory._iter_found_candidates)  # type: ignore[method-assign]
    Factory.make_requirements_from_spec = _wrap_requirements_from_spec(  # type: ignore[method-assign]
        Factory.make_requirements_from_spec)
    Factory.collect_root_requirements = _wrap_collect(Factory.collect_root_requirements)  # type: ignore[method-assign]
    Resolver.resolve = _wrap_resolve(Resolver.resolve, options)  # type: ignore[method-assign]
    return None


def uninstall(root: str = DEFAULT_PIP_ROOT) -> None:
    """Put pip's own methods back (a no-op when nothing is wrapped)."""
    try:
        Factory = _internal(root, "resolution.resolvelib.factory").Factory
        Resolver = _internal(root, "resolution.resolvelib.resolver").Resolver
    except (ImportError, AttributeError):
        return
    for cls, attr in ((Factory, "_iter_found_candidates"), (Factory, "make_requirements_from_spec"),
                      (Factory, "collect_root_requirements"), (Resolver, "resolve")):
        current = cls.__dict__.get(attr)
        original = getattr(current, _MARK, None)
        if original is not None:
            setattr(cls, attr, original)


@contextlib.contextmanager
def patched_pip(options: StackwiseOptions) -> Iterator[str | None]:
    """Apply the patch inside the block; yields why it was not applied (None when it was)."""
    reason = install(options)
    try:
        yield reason
    finally:
        if reason is None:
            uninstall(options.pip_root)


_SEPARATORS = re.compile(r"[-_.]+")


def _canonical(name: str) -> str:
    """PEP 503 name normalisation, without importing packaging.utils in pip's thread."""
    return _SEPARATORS.sub("-", name).lower()


def _wrap_iter_found(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def _iter_found_candidates(self: Any, ireqs: Sequence[Any], *args: Any, **kwargs: Any) -> Any:
        found = original(self, ireqs, *args, **kwargs)
        session: _Session | None = getattr(self, "_stackwise_session", None)
        if session is None or not ireqs or (session.settled() and not session.active and not session.filtering):
            return found
        try:
            session.reorder(found, _canonical(ireqs[0].req.name))
        except Exception as exc:  # never let stackwise break pip: keep pip's order
            session.warn_once(f"could not reorder candidates ({type(exc).__name__}: {exc}); using pip's order")
        return found

    setattr(_iter_found_candidates, _MARK, original)
    return _iter_found_candidates


_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _wrap_requirements_from_spec(original: Callable[..., Any]) -> Callable[..., Any]:
    """The user's dependency overrides (resolve/overrides.py), applied where pip reads them.

    Every candidate kind (index or file, installed, with extras) turns each declared
    dependency into pip requirements through ``Factory.make_requirements_from_spec``, and
    nothing else calls it (root requirements and constraints take other paths), so replacing
    its answer for an overridden name replaces exactly what packages declare, as ``stackwise
    lock`` does: a declared dependency whose markers do not apply stays dropped; one that
    applies becomes the override(s) whose own markers hold, or nothing when none holds.
    """
    @functools.wraps(original)
    def make_requirements_from_spec(self: Any, specifier: str, comes_from: Any,
                                    requested_extras: Any = ()) -> Any:
        session: _Session | None = getattr(self, "_stackwise_session", None)
        overrides = session.user_overrides() if session is not None else None
        found = _NAME.match(specifier) if overrides else None
        if found is None or _canonical(found.group(1)) not in overrides.by_name:  # type: ignore[union-attr]
            return original(self, specifier, comes_from, requested_extras)
        assert session is not None and overrides is not None
        name = _canonical(found.group(1))
        if not list(original(self, specifier, comes_from, requested_extras)):
            return iter(())  # its markers (or extras) do not apply here: nothing to replace
        session.overridden.add(name)
        return iter([r for o in overrides.by_name[name] for r in original(self, o.text, comes_from, ())])

    setattr(make_requirements_from_spec, _MARK, original)
    return make_requirements_from_spec


def _wrap_collect(original: Callable[..., Any]) -> Callable[..., Any]:
    """The dependencies of the projects pip takes from a path or URL (``pip install .``,
    ``-e ./dir``, ``name @ url``), read from the metadata pip has just prepared for them.

    Why: those requirements have no name or version for the search until pip has built their
    metadata, which pip does here, first thing in its resolution. Their dependencies are what
    the plan needs (they are what stackwise would steer), so a plan with such roots starts
    once pip has collected its root requirements, with those dependencies as roots too, as
    ``stackwise lock`` does for a local project directory.
    """
    @functools.wraps(original)
    def collect_root_requirements(self: Any, root_ireqs: Any) -> Any:
        collected = original(self, root_ireqs)
        session: _Session | None = getattr(self, "_stackwise_session", None)
        if session is not None and session.awaits_explicit():
            try:
                explicit = _explicit_projects(getattr(collected, "requirements", ()))
            except Exception as exc:  # never let stackwise break pip: plan without them
                session.warn_once(f"could not read the dependencies of the projects pip takes from a path or "
                                  f"URL ({type(exc).__name__}: {exc}); they are ordered per package only")
                explicit = []
            session.begin(explicit)
        return collected

    setattr(collect_root_requirements, _MARK, original)
    return collect_root_requirements


def _explicit_projects(requirements: Sequence[Any]) -> list[_Explicit]:
    """Each project pip takes from a path or URL, with its declared Requires-Dist and the
    extras asked of it (read in pip's thread: from pip's prepared distributions)."""
    found: dict[str, _Explicit] = {}
    for req in requirements:
        cand = getattr(req, "candidate", None)
        if cand is None:
            continue
        base = getattr(cand, "base", None)
        dist = getattr(base if base is not None else cand, "dist", None)
        metadata = getattr(dist, "metadata", None)
        if metadata is None:
            continue
        name = _canonical(str(cand.project_name))
        extras = frozenset(_canonical(e) for e in getattr(cand, "extras", ()) or ()) if base is not None else frozenset()
        requires = tuple(str(r) for r in (metadata.get_all("Requires-Dist") or ()))
        seen = found.get(name)
        found[name] = _Explicit(name, requires, extras | (seen.extras if seen is not None else frozenset()),
                                str(getattr(getattr(base if base is not None else cand, "_link", None), "url", "")
                                    or name))
    return list(found.values())


def _explicit_lines(item: _Explicit, target: Any) -> list[Any]:
    """The dependencies of a project pip takes from a path or URL, as requirement lines for the
    plan: those whose markers hold here with its extras (a dependency on the project itself,
    ``me[extra]``, adds that extra's), without markers; pip resolves URL dependencies itself."""
    from packaging.requirements import InvalidRequirement, Requirement

    from stackwise.reqfile import Line

    parsed = []
    for text in item.requires:
        try:
            parsed.append(Requirement(text))
        except InvalidRequirement:
            continue  # pip says so when it reads them
    def holds(marker: Any, envs: list[dict[str, str]]) -> bool:
        try:
            return any(marker.evaluate(env) for env in envs)
        except Exception:  # noqa: BLE001 - a marker that cannot be evaluated: pip reports it
            return False

    extras = set(item.extras)
    while True:
        envs = [dict(target.markers, extra=e) for e in ("", *sorted(extras))]
        held = [r for r in parsed if r.marker is None or holds(r.marker, envs)]
        more = {_canonical(e) for r in held if _canonical(r.name) == item.name for e in r.extras}
        if more <= extras:
            break
        extras |= more
    lines = []
    for req in held:
        if _canonical(req.name) == item.name or req.url:
            continue
        req = Requirement(str(req))
        req.marker = None
        lines.append(Line(req, f"{item.shown} (a dependency)"))
    return lines


@dataclass(frozen=True)
class _Explicit:
    """A project pip takes from a path or URL: what the plan needs of it."""

    name: str
    requires: tuple[str, ...]  # its Requires-Dist lines, markers included
    extras: frozenset[str]  # the extras asked of it
    shown: str


def _wrap_resolve(original: Callable[..., Any], options: StackwiseOptions) -> Callable[..., Any]:
    @functools.wraps(original)
    def resolve(self: Any, root_reqs: list[Any], check_supported_wheels: bool) -> Any:
        session = _Session(options)
        session.no_deps = bool(getattr(self, "ignore_dependencies", False))
        session.start(self.factory, root_reqs, getattr(self, "upgrade_strategy", None))
        self.factory._stackwise_session = session
        try:
            result = original(self, root_reqs, check_supported_wheels)
            session.wait()  # a plan pip never asked for still has to end (and may fail the run)
        except Exception:
            session.wait(quietly=True)
            session.explain_failure()
            session.close()
            raise
        finally:
            self.factory._stackwise_session = None
        try:
            session.finish(self)
        finally:
            session.close()
        return result

    setattr(resolve, _MARK, original)
    return resolve


# -- one resolution ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Root:
    """What the plan needs of one of pip's InstallRequirements, read in pip's own thread."""

    text: str | None  # the requirement with its extras; None: pip resolves it itself (URL, path, editable)
    name: str | None
    constraint: bool
    shown: str

    @classmethod
    def of(cls, ireq: Any) -> _Root:
        req = getattr(ireq, "req", None)
        constraint = bool(ireq.constraint)
        if req is None or getattr(ireq, "link", None) is not None or req.url or ireq.editable:
            return cls(None, getattr(req, "name", None), constraint, str(req or getattr(ireq, "link", None) or ireq))
        text = str(req)
        if ireq.extras and "[" not in text:
            text = f"{req.name}[{','.join(sorted(ireq.extras))}]{text[len(req.name):]}"
        markers = getattr(ireq, "markers", None)
        if markers is not None and req.marker is None:
            # Pipenv keeps a Pipfile entry's markers on the InstallRequirement, not in its req,
            # and skips the entry where they are false: the plan must skip it too, or its
            # "what pip picks" would hold a package pip never installs.
            text += f" ; {markers}"
        return cls(text, req.name, constraint, str(req))


@dataclass(frozen=True)
class _FinderView:
    """The parts of pip's PackageFinder the plan reads (so the plan thread never touches pip)."""

    index_urls: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    pre: bool = False
    python_version: str | None = None  # pip's --python-version, if given
    # pip's --no-binary / --only-binary sets (configuration, command line and requirements
    # files already applied), --prefer-binary and --trusted-host: the plan must be made from
    # the files pip may use, or it orders first versions pip then cannot install.
    no_binary: frozenset[str] = frozenset()
    only_binary: frozenset[str] = frozenset()
    prefer_binary: bool = False
    trusted_hosts: tuple[str, ...] = ()

    @classmethod
    def of(cls, finder: Any) -> _FinderView:
        given = getattr(getattr(finder, "target_python", None), "_given_py_version_info", None)
        fc = getattr(finder, "format_control", None)
        try:
            trusted = tuple(str(h) for h in getattr(finder, "trusted_hosts", ()) or ())
        except Exception:  # noqa: BLE001 - a pip without the property: nothing trusted
            trusted = ()
        return cls(tuple(getattr(finder, "index_urls", []) or []), tuple(getattr(finder, "find_links", []) or []),
                   bool(getattr(finder, "allow_all_prereleases", False)),
                   ".".join(str(p) for p in given[:3]) if given else None,
                   frozenset(getattr(fc, "no_binary", ()) or ()), frozenset(getattr(fc, "only_binary", ()) or ()),
                   bool(getattr(finder, "prefer_binary", False)), trusted)

    def index_config(self, cache_dir: Any) -> Any:
        """The plan's index configuration: pip's indexes and its format options."""
        from stackwise.index.config import IndexConfig
        from stackwise.index.formats import FormatControl, trusted_netloc

        return IndexConfig(index_urls=self.index_urls, find_links=self.find_links, no_index=not self.index_urls,
                           cache_dir=cache_dir,
                           format_control=FormatControl(no_binary=self.no_binary, only_binary=self.only_binary),
                           prefer_binary=self.prefer_binary,
                           trusted_hosts=tuple(trusted_netloc(h, "pip's --trusted-host") for h in self.trusted_hosts))


@dataclass
class _Pinned:
    """The slice of a release that explanations need (a pip candidate, as stackwise sees it)."""

    version: Version
    index_url: str | None = None


@dataclass
class _StackView:
    """What explanations read of a stack (resolve.resolution.Stack has the same shape)."""

    releases: dict[str, Any]  # name -> object with .version and .index_url
    parents: dict[str, Any] = field(default_factory=dict)

    def versions(self) -> dict[str, tuple[Version, str | None]]:
        return {n: (r.version, r.index_url) for n, r in self.releases.items()}


@dataclass
class _PlanView:
    """What pip's run needs of a plan: the search's Outcome has the same shape; this one is
    read back from a stored plan (pip_plans.py) without importing the search."""

    stack: Any
    pip_stack: Any
    score: float
    proven: bool
    nodes: int
    elapsed: float
    policy: Any
    warnings: list[str] = field(default_factory=list)
    neutral: bool = False
    stopped: str = ""

    @property
    def verdict(self) -> str:
        if self.proven:
            return "proven best"
        return f"best found, not proven ({self.stopped})" if self.stopped else "best found, not proven"

    @staticmethod
    def record(outcome: Any) -> dict[str, Any]:
        """A proven outcome as plain JSON data, for pip_plans.remember."""
        def stack(s: Any) -> dict[str, Any]:
            return {"releases": {str(n): [str(r.version), r.index_url] for n, r in s.releases.items()},
                    "parents": {str(n): sorted(p) for n, p in s.parents.items()}}

        policy = outcome.policy
        return {"stack": stack(outcome.stack), "pip_stack": stack(outcome.pip_stack), "score": outcome.score,
                "proven": bool(outcome.proven), "nodes": outcome.nodes, "elapsed": outcome.elapsed,
                "warnings": list(outcome.warnings), "neutral": bool(outcome.neutral),
                "stopped": getattr(outcome, "stopped", ""),
                "guards": {n: None if v is None else str(v) for n, v in policy.guards.items()},
                "policy_warnings": list(policy.warnings)}

    @classmethod
    def check(cls, data: Mapping[str, Any]) -> None:
        """Raise unless ``data`` is a whole plan record (before anything is built from it)."""
        cls.from_record(data, None)
        {n: Version(v) for n, v in data["pins"].items()}  # noqa: B018

    @classmethod
    def from_record(cls, data: Mapping[str, Any], policy: Any) -> _PlanView:
        def stack(d: Mapping[str, Any]) -> _StackView:
            return _StackView({n: _Pinned(Version(v), url) for n, (v, url) in d["releases"].items()},
                              {n: set(p) for n, p in d["parents"].items()})

        view = cls(stack(data["stack"]), stack(data["pip_stack"]), float(data["score"]), bool(data["proven"]),
                   int(data["nodes"]), float(data["elapsed"]), policy, [str(w) for w in data["warnings"]],
                   bool(data["neutral"]), str(data.get("stopped", "")))
        guards = {n: None if v is None else Version(v) for n, v in data.get("guards", {}).items()}
        warnings = [str(m) for m in data.get("policy_warnings", ())]
        if policy is not None:
            for name, version in guards.items():
                policy.guard(name, version)
            policy.warnings.extend(m for m in warnings if m not in policy.warnings)
        return view


class _CachedLookahead:
    """The plan's candidate source: the look-ahead reads no metadata from the network.

    Why: the search's proof walks every allowed release of every project a stack could reach
    when the knowledge base has positive rules about projects no resolution met (a 100k-rule
    file: 20,000 of them). Online that meant one metadata request per old release (~0.12 s
    each by range request), so a fresh plan spent its whole 10 s budget there, and pip waited
    for it (issue #16). Inside pip the plan must cost a few milliseconds, so a release whose
    metadata is neither in the edge store nor in stackwise's cache is not read: where the proof
    needed it, the search says "best found, not proven" (never "proven best"). The resolutions
    themselves read metadata as before (pip reads the same), and ``stackwise lock`` still
    walks online within its ``--time-budget``. The search treats such a release as unknown
    (``LookaheadDeclined``): it bounds nothing with it, so a proof that needs no walk beyond
    what the resolutions read still holds.
    """

    #: The walk's prefetches would read metadata from the network: not inside pip (see above).
    prefetch_lookahead = None

    def __init__(self, client: Any, source: Any = None) -> None:
        self._client = client  # the IndexClient (its cache and metadata keys)
        self._source = client if source is None else source  # what the search resolves over
        # releases whose metadata build failed (or was given up) while planning: pip would stop
        # at the same build, so its order tries them last (see _Session.order)
        self.failed_builds: dict[str, set[str]] = {}

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._source, attr)

    def metadata(self, release: Any, *args: Any, **kwargs: Any) -> Any:
        return self._noting_failures(release, lambda: self._source.metadata(release, *args, **kwargs))

    def _noting_failures(self, release: Any, read: Callable[[], Any]) -> Any:
        from stackwise.errors import CandidateBuildFailed

        try:
            return read()
        except CandidateBuildFailed:
            self.failed_builds.setdefault(_canonical(str(release.name)), set()).add(str(release.version))
            raise

    def lookahead_metadata(self, release: Any) -> Any:
        url = str(getattr(release.best, "url", ""))
        if url.startswith(("http://", "https://")):
            key = self._client.remote_metadata_key(release)
            cache = getattr(self._client, "cache", None)
            present = cache.metadata_present([key]) if key is not None and cache is not None else set()
            if present is None:  # the cache could not say: ask it the way metadata() does
                present = {key} if cache.get_metadata(key) is not None else set()  # type: ignore[union-attr]
            if key is None or key not in present:
                from stackwise.resolve.search import LookaheadDeclined

                declined = LookaheadDeclined(
                    f"the dependencies of {release.name} {release.version} are not in stackwise's cache, and a "
                    "plan inside pip reads few from the network for its look-ahead; `stackwise lock` reads them")
                declined.read_release = self._read  # type: ignore[attr-defined]  # the read, made anyway
                raise declined
        return self._read(release)

    def _read(self, release: Any) -> Any:
        read = getattr(self._source, "lookahead_metadata", None)
        return self._noting_failures(release, lambda: read(release) if read is not None
                                     else self._source.metadata(release))


class _NoDependencies:
    """A candidate source whose releases declare no dependencies, for pip's ``--no-deps``.

    Why: pip then installs the named projects alone, so a plan over their dependencies would
    steer a named project away from a pair with a dependency pip never installs (and report
    that dependency as "not installed" beside pip's choice). Requires-Python stays: pip checks
    it with or without dependencies. The remembered dependency edges (index/edgestore.py) are
    hidden, since they hold the declared ones.
    """

    project_state = None  # no edge store: its edges are the declared dependencies

    def __init__(self, source: Any) -> None:
        self._source = source

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._source, attr)

    def metadata(self, release: Any, *args: Any, **kwargs: Any) -> Any:
        return _WithoutRequires(self._source.metadata(release, *args, **kwargs))

    def lookahead_metadata(self, release: Any) -> Any:
        read = getattr(self._source, "lookahead_metadata", None)
        return _WithoutRequires(read(release) if read is not None else self._source.metadata(release))


class _WithoutRequires:
    """Release metadata as pip's ``--no-deps`` reads it: no Requires-Dist (extras stay known)."""

    requires_dist: tuple[str, ...] = ()

    def __init__(self, meta: Any) -> None:
        self.requires_python = getattr(meta, "requires_python", None)
        self._meta = meta

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._meta, attr)


class _PreferInstalled:
    """A candidate source offering each kept installed version first, as pip's candidate lists
    do when it is not upgrading a project (the rest newest first; a source's own preferred
    releases, ``--prefer-binary``, first among the others)."""

    prefers = True

    def __init__(self, source: Any, kept: Mapping[str, str]) -> None:
        self._source = source
        self._kept = {_canonical(n): v for n, v in kept.items()}
        self._base = source.preferred if getattr(source, "prefers", False) else None

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._source, attr)

    def preferred(self, release: Any) -> bool:
        version = self._kept.get(_canonical(str(release.name)))
        if version is not None:
            return str(release.version) == version
        return bool(self._base(release)) if self._base is not None else False


_UNKNOWN: Any = object()  # no stored answer: ask the policy


class _Answers:
    """What pip's thread asked the policy in one run, and its answers, kept with the stored plan.

    Why: a reused plan needs no search, but pip's candidate order still needed the knowledge
    and the policy, and importing and loading them was most of what a reused plan cost inside
    pip (issue #16: ~25 ms of imports on a 0.44 s pip run). The next identical run (the same
    key, files and index pages as the plan itself) is asked the same questions, so it takes
    the answers from here; a question they do not cover (a version or project pip was not
    offered last time, another result) builds the knowledge and policy then, as before.
    """

    FORMAT = 1

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        data = data or {}
        # name -> None (no rule mentions it) or {"version|index": score, or None when vetoed}
        self.rules: dict[str, dict[str, float | None] | None] = dict(data.get("rules", {}))
        self.kb: dict[str, Any] = dict(data.get("kb", {}))  # the report's "knowledge_base"
        self.chosen: dict[str, str] | None = data.get("chosen")  # pip's result they were taken with
        self.policy_warnings: list[str] = list(data.get("policy_warnings", ()))
        self.combinations: list[str] = list(data.get("combinations", ()))  # vetoed pairs in that result
        self.learned = False  # this run asked the policy something the stored answers did not say

    @staticmethod
    def key(version: Version, url: str | None) -> str:
        return f"{version}|{url or ''}"

    @classmethod
    def usable(cls, data: Any) -> bool:
        """Whether ``data`` is a whole answers record (anything else: build the policy)."""
        try:
            return (data["format"] == cls.FORMAT and isinstance(data["chosen"], dict)
                    and all(v is None or (isinstance(v, dict) and all(
                        s is None or type(s) in (int, float) for s in v.values())) for v in data["rules"].values())
                    and isinstance(data["kb"]["rules"], int) and isinstance(data["policy_warnings"], list)
                    and isinstance(data["combinations"], list))
        except (KeyError, TypeError, AttributeError):
            return False

    def to_json(self) -> dict[str, Any]:
        return {"format": self.FORMAT, "rules": self.rules, "kb": self.kb, "chosen": self.chosen,
                "policy_warnings": self.policy_warnings, "combinations": self.combinations}


class _Session:
    """State for one pip resolution: the policy, the best stack, and what was reordered.

    The plan (loading the scores, stackwise's search) runs in a thread started when pip starts
    resolving, while pip fetches its first index page: that network wait would otherwise come
    on top of the plan. pip's thread waits for the plan only when it first needs an order.
    """

    def __init__(self, options: StackwiseOptions) -> None:
        self.options = options
        self.active = False
        self.policy: Any = None
        self.kb: Any = None
        self.best: dict[str, Version] = {}  # stackwise's best stack
        self.preferred: dict[str, Version] = {}  # what pip is made to try first (the best stack, if steered)
        self.outcome: Any = None
        self.finder: Any = None
        self.vetoed: dict[str, list[str]] = {}
        self.reordered: set[str] = set()
        # versions, by project, whose metadata build failed while planning (tried last by pip)
        self.failed_builds: dict[str, set[str]] = {}
        self.kept_installed: dict[str, str] = {}  # installed versions pip prefers (not upgrading them)
        # The installed versions pip will try first (it is not upgrading them), read from pip's
        # factory before it resolves: the plan is made around them (see _keep_installed).
        self.kept: dict[str, str] = {}
        self.installed: dict[str, str] = {}  # every installed version pip sees (--force-reinstall: none)
        self.warnings: list[str] = []
        # vetoed pairs in pip's result that the user did not pin both sides of: pip fails
        self.refused_pairs: list[str] = []
        self.plan_seconds = 0.0
        self.plan_cpu_seconds = 0.0  # CPU time of the plan's thread (it shares the interpreter with pip)
        self.child_plan_seconds = 0.0  # the child process's own plan time, when there is one
        self.waited_seconds = 0.0  # how long pip's thread was blocked waiting for the plan
        self.skipped_roots: list[str] = []
        self.settings: Any = None
        self._thread: threading.Thread | None = None
        self._root_pages: list[str] = []  # root projects whose index pages pip is sure to fetch
        self._error: BaseException | None = None  # pip's own error (--require-scores), raised in pip's thread
        self.overrides: Any = None  # the user's dependency overrides (resolve/overrides.py), if any
        self.overridden: set[str] = set()  # names whose declared dependencies pip saw replaced
        self._overrides_known = threading.Event()  # set by the plan thread once they are read
        self.plan_reused = False  # the plan came from an identical earlier run (integrations/pip_plans.py)
        self._reuse_files: dict[str, str | None] | None = None  # signed knowledge files; None: no reuse
        self._child: _PlanProcess | None = None  # the search in a child process, if one was started
        self.plan_process = False  # the plan came from a child process
        # The release-age cooldown (resolve/release_age.py): the plan searches through it and
        # pip is not offered what it holds back (``filtering``), knowledge or not.
        self.cooldown: Any = None  # MinReleaseAge, or None
        self.filtering = False
        self.held: dict[str, list[str]] = {}  # versions not offered to pip, for a failure's message
        self._held_source: Any = None  # CooldownSource over stackwise's index client
        self._client: Any = None  # that client, shared by the plan and pip's thread
        self._client_args: tuple[Any, ...] | None = None  # (view, target, pins) to open it lazily
        # A stored plan's answers (see _Answers): pip's questions of the last identical run and
        # the policy's answers, so a reused plan needs neither the knowledge nor the policy
        # until pip asks something new. ``_asked`` collects this run's, to be stored with it.
        self.answers: _Answers | None = None
        self._asked = _Answers()
        self._recalled: tuple[str | None, Any] | None = None  # (key, record) once looked up
        self._plan_key: str | None = None  # the key this run's plan is (or was) stored under
        self._deferred: tuple[Sequence[_Root], _FinderView, Mapping[str, Version]] | None = None
        self.use_answers = True  # False in a child process (it sends back a whole plan)
        self._lines: list[Any] = []  # the plan's requirement and constraint lines (reqfile.Line)
        # pip's --no-deps: pip reads no dependency, so the plan may not either (see _NoDependencies)
        self.no_deps = False
        # The projects pip takes from a path or URL, with their dependencies (_wrap_collect);
        # while ``_pending`` holds (roots, view), the plan waits for pip to have read them.
        self.explicit: list[_Explicit] = []
        self._by_url: set[str] = set()  # named roots pip takes from a URL (``name @ url``)
        self._pending: tuple[Sequence[_Root], _FinderView] | None = None

    def warn_once(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            if self.options.sink is not None:
                self.options.sink(f"stackwise: warning: {message}")
            else:
                warn(message)

    # before pip resolves

    def start(self, factory: Any, root_reqs: Sequence[Any], upgrade_strategy: str | None = None) -> None:
        """Start planning in the background from a snapshot of pip's requirements and finder."""
        self.finder = getattr(factory, "_finder", None)
        try:
            roots = [_Root.of(ireq) for ireq in root_reqs]
            view = _FinderView.of(self.finder)
            self._root_pages = _pages_pip_fetches_first(factory, root_reqs, roots)
            self.installed = _installed_versions(factory)
            self.kept = _kept_installed(self.installed, roots, upgrade_strategy)
        except Exception as exc:
            self._failed(exc)
            return
        self._by_url = {_canonical(r.name) for r in roots if r.text is None and r.name and not r.constraint}
        if any(r.text is None and not r.constraint for r in roots):
            self._pending = (roots, view)  # begun once pip has read those projects' metadata
            return
        self._launch(roots, view)

    def awaits_explicit(self) -> bool:
        """Whether the plan waits for the projects pip takes from a path or URL (see _wrap_collect)."""
        return self._pending is not None

    def begin(self, explicit: Sequence[_Explicit]) -> None:
        """Start the plan that waited for pip's collected roots, with those projects' dependencies."""
        if self._pending is None:
            return
        (roots, view), self._pending = self._pending, None
        self.explicit = [] if self.no_deps else list(explicit)  # --no-deps: pip installs none of theirs
        self._launch(roots, view)

    def _launch(self, roots: Sequence[_Root], view: _FinderView) -> None:
        if _plan_process_wanted(self.options, roots):
            self._child = _PlanProcess.start(self, roots, view)
        self._thread = threading.Thread(target=self._run, args=(roots, view), name="stackwise-plan", daemon=True)
        self._thread.start()

    def _run(self, roots: Sequence[_Root], view: _FinderView) -> None:
        try:
            self.prepare(roots, view)
        except Exception as exc:
            self._overrides_known.set()
            if self._child is not None:
                self._child.stop()
            self.active = False
            if type(exc).__module__.startswith(self.options.pip_root + "."):  # --require-scores: pip's error
                self._error = exc
            else:
                self._failed(exc)

    def user_overrides(self) -> Any:
        """The user's overrides (None: none). pip's thread asks when it first reads a
        candidate's dependencies; the plan thread reads them first thing, so this rarely waits."""
        self.begin(())  # a plan still waiting for pip's roots (pip never said): start it now
        if not self._overrides_known.is_set() and self._thread is not None:
            self._overrides_known.wait()
        return self.overrides

    def _failed(self, exc: Exception) -> None:
        self.warn_once(f"stackwise failed ({type(exc).__name__}: {exc}); installing in pip's order")

    def settled(self) -> bool:
        """Whether the plan has ended (then ``active`` is final); raises its pip error, if any."""
        self.begin(())  # a plan still waiting for pip's roots (pip never said): start it now
        if self._thread is not None and self._thread.is_alive():
            return False
        self.wait()
        return True

    def fetch_root_pages(self) -> None:
        """While the plan runs, let pip fetch the root pages its resolver starts with anyway.

        resolvelib looks up every root requirement before pinning anything, and pip caches
        each project's candidates, so fetching them now (in pip's thread, through pip's own
        finder) changes only when pip does that network work: during the plan instead of after
        it. It stops as soon as the plan has ended; a failure is left for pip to meet (and
        report) in its own time, since pip does not cache it.
        """
        pages, self._root_pages = self._root_pages, []
        for name in pages:
            if self._thread is None or not self._thread.is_alive():
                return
            try:
                self.finder.find_all_candidates(name)
            except Exception:
                return

    def wait(self, quietly: bool = False) -> None:
        """Block until the plan has ended; raise the pip error it ended with (once)."""
        if self._thread is not None:
            start = time.perf_counter()
            self._thread.join()
            self._thread = None
            self.waited_seconds += time.perf_counter() - start
        error, self._error = self._error, None
        if error is not None and not quietly:
            raise error

    def prepare(self, roots: Sequence[_Root], view: _FinderView) -> None:
        """Load the scores and search for the best stack over pip's own requirements."""
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            self._prepare(roots, view)
        finally:
            self.plan_seconds = time.perf_counter() - start
            self.plan_cpu_seconds = time.thread_time() - cpu

    def _prepare(self, roots: Sequence[_Root], view: _FinderView) -> None:
        try:
            self.kb = self._load_knowledge(roots, view)
        except Exception as exc:
            from stackwise.errors import StackwiseError

            if type(exc).__module__.startswith(self.options.pip_root + "."):  # pip's own error: stop pip
                if self._child is not None:
                    self._child.stop()
                raise

            if self._child is not None:
                self._child.stop()
            if self.options.require_scores:
                InstallationError = _internal(self.options.pip_root, "exceptions").InstallationError

                detail = str(exc) if isinstance(exc, StackwiseError) else f"{type(exc).__name__}: {exc}"
                raise InstallationError(f"stackwise --require-scores: {detail}") from None
            self.warn_once(f"scores unavailable ({_brief(exc)}); installing in pip's order")
            return
        if self.answers is not None:  # a stored plan with its answers: no knowledge, no policy yet
            self._from_answers(roots, view)
            return
        if (self.kb is None or not self.kb) and self.cooldown is None:
            if self._child is not None:
                self._child.stop()
            return  # an empty knowledge base is exactly pip: touch nothing, import nothing more
        try:
            from stackwise.environment import TargetEnvironment
            from stackwise.knowledge.rules import KnowledgeBase
            from stackwise.resolve.policy import Policy

            if self.kb is None:
                self.kb = KnowledgeBase()

            target = (TargetEnvironment.for_python(view.python_version) if view.python_version
                      else TargetEnvironment.current())
            # An identical earlier run's plan (pip_plans.py) needs no Problem, index or search;
            # nor does a plan made in a child process (it did those, beside this one).
            child = self._child.result() if self._child is not None else None
            key, record = (None, child.get("plan")) if child is not None else (
                self._recalled if self._recalled is not None else self._recall(roots, view))
            # Answers go with the stored plan this run used (reused, or stored below), never
            # with another one under the same key (whose guards may differ).
            self._plan_key = key if record is not None else None
            if child is not None:
                self._from_child(child)
                problem, pins = None, {n: Version(v) for n, v in child.get("pins", {}).items()}
            elif record is not None:
                problem, pins = None, {n: Version(v) for n, v in record["pins"].items()}
            else:
                problem, pins = self._problem(roots, target, view.pre)
            self.policy = Policy(self.kb, target, self.options.recommendation, user_pins=pins,
                                 fail_on_vulnerable=self.options.fail_on_vulnerable)
        except Exception as exc:
            self.warn_once(f"cannot use the scores ({_brief(exc)}); installing in pip's order")
            return
        if self.cooldown is not None:
            self._client_args = (view, target, pins)
            self.filtering = True
        if self.policy.empty:
            return  # an empty knowledge base is exactly pip (under the cooldown, if any): no search
        self.active = True
        if self.options.plan is not None:
            if self.options.plan_relaxed and not self.options.fail_on_vulnerable:
                import dataclasses

                self.policy = dataclasses.replace(self.policy, relaxed=True)
            self.best = {_canonical(n): Version(v) for n, v in self.options.plan.items()}
            self.preferred = dict(self.best)
        elif record is not None:
            if record.get("relaxed"):  # the least bad stack (resolve/safety.py), found by the child
                import dataclasses

                self.policy = dataclasses.replace(self.policy, relaxed=True)
            self._adopt(_PlanView.from_record(record, self.policy))
            self.failed_builds = _failed_builds_from(record.get("failed_builds"))
            self.plan_reused = self.plan_reused or child is None
        elif problem is not None and problem.roots:
            self._plan(problem, target, view, key, pins)

    def _from_child(self, child: Mapping[str, Any]) -> None:
        """What the child process said besides its plan: warnings, skipped requirements."""
        self.plan_process = True
        self.plan_reused = bool(child.get("reused"))
        for message in child.get("warnings", ()):
            self.warn_once(str(message))
        self.skipped_roots = [str(r) for r in child.get("skipped", ())]
        self.child_plan_seconds = float(child.get("plan_seconds", 0.0))

    def _recall(self, roots: Sequence[_Root], view: _FinderView) -> tuple[str | None, Any]:
        """(the plan's key, the stored plan if it may be reused) -- (None, None) when plans of
        this run may not be reused at all (see :meth:`_reusable`)."""
        if self._reuse_files is None:
            return None, None
        from stackwise.integrations import pip_plans

        key = pip_plans.plan_key({
            "roots": [[r.text, r.constraint] for r in roots if r.text is not None],
            "finder": [view.index_urls, view.find_links, view.pre, view.python_version, sorted(view.no_binary),
                       sorted(view.only_binary), view.prefer_binary, view.trusted_hosts],
            "options": [self.options.scores, self.options.rules, self.options.no_default_scores,
                        self.options.recommendation, self.options.time_budget, self.options.fail_on_vulnerable,
                        None if self.cooldown is None else [self.cooldown.cutoff, sorted(self.cooldown.exempt)]],
            "pip": str(pip_version(self.options.pip_root)),
            **({"installed": sorted(self.kept.items())} if self.kept else {}),
            **({"no_deps": True} if self.no_deps else {}),
            **({"explicit": [[e.name, list(e.requires), sorted(e.extras)] for e in self.explicit]}
               if self.explicit else {}),
        })
        record = pip_plans.recall(getattr(self.settings, "cache_dir", None), key)
        if record is not None:
            try:
                _PlanView.check(record)
            except (KeyError, TypeError, ValueError, AttributeError, InvalidVersion):
                record = None  # an odd record: plan as usual (and store a good one)
        return key, record

    def _from_answers(self, roots: Sequence[_Root], view: _FinderView) -> None:
        """Adopt a stored plan whose record also holds the answers pip's thread needs."""
        _, record = self._recalled  # type: ignore[misc]
        pins = {n: Version(v) for n, v in record["pins"].items()}
        self._deferred = (roots, view, pins)
        self._plan_key = self._recalled[0]  # type: ignore[index]
        self.active = True
        self._adopt(_PlanView.from_record(record, None))  # guards: applied if a policy is built
        self.plan_reused = True

    def _need_policy(self) -> Any:
        """The policy, built now if a stored plan's answers stood in for it (pip asked something
        the last identical run did not): the knowledge and policy the plan thread would have built."""
        if self.policy is not None or self._deferred is None:
            return self.policy
        from stackwise.environment import TargetEnvironment
        from stackwise.resolve.policy import Policy

        roots, view, pins = self._deferred
        self._deferred = None
        self.kb = self._knowledge(roots, None)
        target = (TargetEnvironment.for_python(view.python_version) if view.python_version
                  else TargetEnvironment.current())
        policy = Policy(self.kb, target, self.options.recommendation, user_pins=pins,
                        fail_on_vulnerable=self.options.fail_on_vulnerable)
        _, record = self._recalled  # type: ignore[misc]
        _PlanView.from_record(record, policy)  # the plan's guards and warnings, as when reused
        self.policy = policy
        if self.outcome is not None:
            self.outcome.policy = policy
        self._asked.learned = True  # the stored answers were not enough: store the larger set
        return policy

    def _load_knowledge(self, roots: Sequence[_Root], view: _FinderView | None = None) -> Any:
        from stackwise.config import load_settings

        try:
            self.settings = load_settings()
            self.cooldown = self._read_cooldown()
            if self.options.trust_root:  # --trust-root: service URLs only through their verified snapshot
                from dataclasses import replace

                self.settings = replace(self.settings, trust_root=self.options.trust_root)
            user = None
            if self.options.rules or self.settings.rules is not None or self.settings.overrides:
                from stackwise.knowledge.user import user_rules

                user = user_rules(self.settings, self.options.rules)
                if user.overrides:
                    from stackwise.resolve.overrides import Overrides

                    self.overrides = Overrides(user.overrides)
        finally:
            self._overrides_known.set()
        if not (self.options.scores or self.settings.scores or (user is not None and len(user.kb))) and (
            self.options.no_default_scores or not self.settings.default_scores
        ):
            return None  # no source at all: skip importing the knowledge machinery
        self._reuse_files = self._reusable(user)
        if (view is not None and user is None and self.cooldown is None and self._reuse_files is not None
                and self.options.plan is None and self._child is None and self.use_answers):
            self._recalled = self._recall(roots, view)
            record = self._recalled[1]
            if record is not None and not record.get("relaxed") and _Answers.usable(record.get("answers")):
                self.answers = _Answers(record["answers"])
                return None  # loaded only if pip asks what the stored answers do not say
        return self._knowledge(roots, user)

    def _knowledge(self, roots: Sequence[_Root], user: Any) -> Any:
        """The knowledge base of this run's score sources (and the user's rules)."""
        from packaging.utils import canonicalize_name

        from stackwise.knowledge.service import resolve_score_sources
        from stackwise.options import ScoreOptions

        ns = ScoreOptions(scores=tuple(self.options.scores), no_default_scores=self.options.no_default_scores,
                          require_scores=bool(self.options.require_scores))
        names = [canonicalize_name(r.name) for r in roots if r.name is not None]
        # pip's index: its JSON API is where the safety guard asks about releases a score moved.
        index_urls = tuple(getattr(self.finder, "index_urls", None) or ())
        kb = resolve_score_sources(ns, names, settings=self.settings, warn=self.warn_once, index_urls=index_urls)
        if user is None:
            return kb
        from stackwise.knowledge.user import with_user_rules

        return with_user_rules(kb, user)

    def _reusable(self, user: Any) -> dict[str, str | None] | None:
        """The knowledge's files, signed before they are read, when a plan made from them may be
        reused (pip_plans.py); None when it may not: a score service or live vulnerability data
        (they change without a local file changing), a release-age cooldown given as a duration
        or the stability signal (relative to the clock: tomorrow the same inputs allow more
        releases, as for ``stackwise lock``; a cooldown given as a date is part of the plan's
        key), or a plan handed over by `stackwise pipenv`."""
        opts, settings = self.options, self.settings
        sources = list(opts.scores or settings.scores)
        if (opts.plan is not None or opts.recommendation == "security" or any("://" in s for s in sources)
                or (self.cooldown is not None and self.cooldown.relative)
                or getattr(settings, "stability_weight", 0.0)):
            return None
        from stackwise.integrations.pip_plans import sign_knowledge

        return sign_knowledge(sources, [*(user.files if user is not None else ()), *opts.rules])

    def _problem(self, roots: Sequence[_Root], target: Any, pre: bool) -> tuple[Any, Mapping[str, Version]]:
        """stackwise's Problem built from pip's parsed InstallRequirements."""
        from packaging.requirements import InvalidRequirement, Requirement

        from stackwise.reqfile import Inputs, Line
        from stackwise.resolve.problem import build_problem

        inputs = Inputs()
        for root in roots:
            if root.text is None:
                # Unnamed, URL, path or editable requirements: pip resolves them itself; the
                # search only covers what the indexes offer.
                if not root.constraint:
                    self.skipped_roots.append(root.shown)
                continue
            try:
                line = Line(Requirement(root.text), "pip")
            except InvalidRequirement:
                self.skipped_roots.append(root.shown)
                continue
            if root.constraint:
                if line.requirement.url:
                    continue
                line.requirement.extras = set()
                inputs.constraints.append(line)
            else:
                inputs.requirements.append(line)
        for item in self.explicit:
            inputs.requirements.extend(_explicit_lines(item, target))
        problem, pins = build_problem(inputs, target, pre)
        if self.overrides:  # the plan reads the dependencies pip will read: overridden too
            import dataclasses

            problem = dataclasses.replace(problem, overrides=self.overrides)
        self._lines = [*inputs.requirements, *inputs.constraints]
        return problem, pins

    def _plan(self, problem: Any, target: Any, view: _FinderView, key: str | None = None,
              pins: Mapping[str, Version] | None = None) -> None:
        """Run stackwise's search; its versions are what pip tries first. The plan is
        stored under ``key`` for the next identical run (pip_plans.py)."""
        cache_root = getattr(self.settings, "cache_dir", None)
        from stackwise.index.client import IndexClient
        from stackwise.resolve.engine import best_stack

        try:
            config = view.index_config(cache_root)
            if self.filtering:  # the search sees what pip will be offered (the shared client)
                held = self.cooldown_source()  # opens self._client
                source = _CachedLookahead(self._client, held)
                self.failed_builds = source.failed_builds
                self.outcome = self._search(best_stack, problem, self._as_pip_reads(source), target)
                sources = dict(self._client.observed)
            else:
                with IndexClient(config, target) as client:
                    source = _CachedLookahead(client)
                    self.failed_builds = source.failed_builds
                    self.outcome = self._search(best_stack, problem, self._as_pip_reads(source), target)
                    sources = dict(client.observed)
        except Exception as exc:
            self.warn_once(f"no best stack ({_first_line(exc)}); ordering each package by its own score")
            return
        self._adopt(self.outcome)
        # A plan the search could not prove (its budget ran out, or a branch needs an sdist
        # built) is kept too: the same inputs would send the same search the same way, and it
        # keeps its verdict ("best found, not proven ...") when reused.
        if key is not None and not self.outcome.policy.relaxed:
            from stackwise.integrations import pip_plans

            assert self._reuse_files is not None
            plan = {**_PlanView.record(self.outcome), "pins": {n: str(v) for n, v in (pins or {}).items()},
                    "failed_builds": _failed_builds_record(self.failed_builds)}
            if pip_plans.remember(cache_root, key, files=self._reuse_files, sources=sources, ttl=config.ttl,
                                  offline=config.offline, plan=plan):
                self._plan_key = key

    def _as_pip_reads(self, source: Any) -> Any:
        """The source as pip will read it: without dependencies under ``--no-deps``."""
        return _NoDependencies(source) if self.no_deps else source

    def _search(self, best_stack: Callable[..., Any], problem: Any, source: Any, target: Any) -> Any:
        """The best stack around the installed versions pip keeps; when none exists with them
        (one is vetoed, in a vetoed pair, or conflicts deeper down), the best stack without
        them, and pip's order and the check after it keep what they can (see :meth:`order`)."""
        from packaging.specifiers import SpecifierSet

        from stackwise.errors import ResolutionError

        kept = self._plannable_kept()
        if kept:
            kept = self._kept_by_pip(problem, source, target, kept)
        beside = self._beside(kept)
        needed: dict[str, list[str]] = {}
        outcome = free = reference = None
        trimmed = False
        for _ in range(5):
            around = _keep_installed(problem, kept, self._lines, needed) if kept else problem
            if around is problem:
                break
            try:
                outcome = best_stack(around, source, target, self.policy, time_budget=self.options.time_budget)
                if not needed:  # plain pip's pick: what it keeps, but none of the knowledge's constraints
                    reference = outcome.pip_stack
            except ResolutionError:
                if outcome is not None or trimmed:
                    break  # the last stack found (pip's order and the check after it do the rest)
                # No stack with every kept version: leave out only those that conflict, so the
                # plan is still made around the rest (pip keeps those whatever the plan says).
                free = best_stack(problem, source, target, self.policy, time_budget=self.options.time_budget)
                kept = self._fitting_kept(best_stack, problem, kept, free, source, target)
                beside, needed, trimmed, reference = self._beside(kept), {}, True, None
                continue
            # A kept version outside the stack still forms a vetoed pair with a project in it
            # (the environment holds both): keep that project out of the pair and search again.
            # Only then, so that plain pip's reference pick is not narrowed by the knowledge.
            stack = outcome.stack.versions()
            paired = {x for x, side, y in beside if y not in stack and x in stack and side.covers(*stack[x])}
            more = {x: _apart(x, [side for x2, side, y in beside if x2 == x and y not in stack], source)
                    for x in sorted(paired)}
            more = {x: spec for x, spec in more.items()
                    if spec not in needed.get(x, ()) and not SpecifierSet(spec).contains(stack[x][0], True)}
            if not more:
                return _with_reference(outcome, reference)
            for x, spec in more.items():
                needed.setdefault(x, []).append(spec)
        if outcome is not None:
            return _with_reference(outcome, reference)
        if free is not None:
            return free
        return best_stack(problem, source, target, self.policy, time_budget=self.options.time_budget)

    def _kept_by_pip(self, problem: Any, source: Any, target: Any, kept: Mapping[str, str]) -> dict[str, str]:
        """The kept installed versions plain pip really keeps.

        pip tries an installed version first, but it is a preference, not a pin: when the
        newest release of a requirement needs another version (``torch`` 2.14.1 needs a newer
        ``setuptools`` than the one installed), pip replaces it. As constraints of the plan,
        such a version sent pip to an older ``torch`` without any rule about it (found on the
        real index). So pip's own resolution, with each kept version tried first, says which
        stay; one it does not reach stays too (pip leaves it alone). When that resolution
        cannot be made, all of them stay, as before."""
        from stackwise.knowledge.rules import KnowledgeBase
        from stackwise.resolve.policy import Policy
        from stackwise.resolve.resolution import resolve_once

        budget = self.options.time_budget
        try:
            stack, _, _ = resolve_once(problem, _PreferInstalled(source, self.kept), target,
                                       Policy(KnowledgeBase(), target, "latest"), rank=False,
                                       deadline=time.monotonic() + budget if budget else None)
        except Exception:  # noqa: BLE001 - out of time, metadata unavailable: plan around all of them
            return dict(kept)
        if stack is None:
            return dict(kept)
        chosen = stack.versions()
        return {n: v for n, v in kept.items() if n not in chosen or chosen[n][0] == Version(v)}

    def _fitting_kept(self, best_stack: Callable[..., Any], problem: Any, kept: Mapping[str, str], free: Any,
                      source: Any, target: Any) -> dict[str, str]:
        """The kept versions a stack can hold together, when not all of them fit.

        Those the stack without any kept version (``free``) already holds, or does not reach,
        fit together (that stack is one); each other one is added if a stack still exists
        with it. Only existence is asked (``time_budget=0``: the first stack without a veto),
        at most :data:`_FIT_TRIES` times and within the plan's time budget; the rest are left
        out (pip's order and the check after it still keep them)."""
        from stackwise.errors import ResolutionError

        stack = free.stack.versions()
        fits = {n: v for n, v in kept.items() if n not in stack or stack[n][0] == Version(v)}
        deadline = time.monotonic() + self.options.time_budget
        for tried, name in enumerate(sorted(n for n in kept if n not in fits)):
            if tried >= _FIT_TRIES or time.monotonic() > deadline:
                break
            attempt = {**fits, name: kept[name]}
            try:
                best_stack(_keep_installed(problem, attempt, self._lines), source, target, self.policy, time_budget=0)
            except ResolutionError:
                continue
            fits = attempt
        return fits

    def _beside(self, kept: Mapping[str, str]) -> list[tuple[str, Any, str]]:
        """``(project, side, kept project)``: ``side`` (a :class:`PackageMatch` of ``project``) is
        the other half of a vetoed pair with a kept installed version (``pb==2.0`` beside the
        kept ``pa 1.0``); :func:`_apart` turns the sides into a constraint keeping ``project``
        out of them. Any side: one clause, several (``pb>=1,<2``), ``~=``, or several rules."""
        out: list[tuple[str, Any, str]] = []
        for name in sorted(kept):
            for rule in self.policy.rules_for(name):
                if not rule.is_pair or not rule.vetoes_in(self.options.recommendation):
                    continue
                for mine, other in ((rule.package, rule.other), (rule.other, rule.package)):
                    if mine.name == name and other.name != name and other.name not in self.kept \
                            and mine.matches(name, Version(kept[name])) and (other.name, other, name) not in out:
                        out.append((other.name, other, name))
        return out

    def _plannable_kept(self) -> dict[str, str]:
        """The kept installed versions the plan is made around: not one the knowledge base
        vetoes, nor both sides of a vetoed pair (pip keeps them anyway, with a warning after it
        resolves; as a constraint they would only leave no stack, or under ``security`` a
        "least bad" one, and the plan would know nothing of the rest)."""
        policy, kept = self.policy, dict(self.kept)
        prefetch = getattr(policy.kb, "prefetch", None)
        if prefetch is not None and kept:  # one score-service query for all, not one per installed package
            prefetch(list(kept))
        for name, text in list(kept.items()):
            if policy.may_veto(name) and policy.veto(name, Version(text)) is not None:
                del kept[name]
        for name in list(kept):
            if name in kept and any(m.covers(Version(kept[name])) for m in self._kept_pairs(policy, name, kept)):
                del kept[name]
        return kept

    def _adopt(self, outcome: Any) -> None:
        """Take a plan (the search's outcome, or a reused one) as what pip tries first."""
        self.outcome = outcome
        for message in outcome.warnings:
            self.warn_once(message)
        # Under `security` with every allowed release affected, the search locked the least bad
        # stack with a relaxed policy (advisories scored, not vetoed; resolve/safety.py): pip's
        # candidate order must use that policy too, or it drops the very releases planned.
        self.policy = outcome.policy
        self.best = {str(n): r.version for n, r in outcome.stack.releases.items()}
        # No rule touches any project of this problem: leave pip's own path alone, since
        # steering it onto the same stack by another route can still change details of its
        # report (which requirement a candidate was first built from, e.g. "requested").
        self.preferred = {} if outcome.neutral else self.best

    # while pip resolves

    def reorder(self, found: Any, name: str) -> None:
        """Swap the FoundCandidates' info source for a reordered, veto-filtered one (still lazy)."""
        if not all(hasattr(found, a) for a in ("_get_infos", "_installed", "_prefers_installed")):
            self.warn_once("this pip's FoundCandidates changed shape; using pip's order")
            return
        get_infos = found._get_infos
        installed = found._installed
        # pip keeps an installed version first unless upgrading; in upgrade mode it inserts the
        # installed candidate by version, which only works in pip's newest-first order, so we
        # place it ourselves (as a (version, build) pair returning the installed candidate).
        upgrading = installed is not None and not found._prefers_installed
        if installed is not None and found._prefers_installed:
            self.kept_installed[name] = str(installed.version)

        def ordered() -> list[Any]:
            items = list(get_infos())  # pip's page fetch, while the plan may still be running
            self.fetch_root_pages()
            self.wait()
            if not self.active and not self.filtering:
                return items
            if upgrading:
                found._installed = None  # pip reads it right after _get_infos() returns
                items = _with_installed(items, installed)
            try:
                return self.order(name, items)
            except Exception as exc:  # never let stackwise break pip: keep pip's order
                self.warn_once(f"could not reorder {name} ({type(exc).__name__}: {exc}); using pip's order")
                return items

        def lazily() -> Iterator[Any]:
            # Like pip's own generator: nothing is fetched (or waited for) until pip iterates
            # past an installed candidate it prefers.
            yield from ordered()

        found._get_infos = (lambda: iter(ordered())) if upgrading else lazily

    def order(self, name: str, items: list[Any]) -> list[Any]:
        """Best stack's version first, then by policy score, then pip's order; vetoes dropped,
        and releases the release-age cooldown holds back."""
        items = self._not_held(name, items)
        if not self.active:
            return items
        preferred = self.preferred.get(name)
        stored = self.answers.rules.get(name, _UNKNOWN) if self.answers is not None and self.policy is None \
            else _UNKNOWN
        if stored is None or (stored is _UNKNOWN and not self._need_policy().rules_for(name)):
            self._asked.rules[name] = None  # no rule mentions it
            return self._preferred_first(name, items, preferred)
        rows = [(Version(str(item[0])), self._index_url_of(item[1])) for item in items]
        if stored is not _UNKNOWN and any(_Answers.key(v, u) not in stored for v, u in rows):
            stored = _UNKNOWN  # a version or index the last run was not offered: ask the policy
        asked = self._asked.rules.setdefault(name, {})
        policy = self._need_policy() if stored is _UNKNOWN else None
        beside = self._kept_pairs(policy, name) if policy is not None else ()
        failed = self.failed_builds.get(name, ())
        keyed = []
        for i, (item, (version, url)) in enumerate(zip(items, rows, strict=True)):
            key = _Answers.key(version, url)
            if policy is None:
                score = stored[key]  # type: ignore[index]
            else:
                score = None if policy.veto(name, version, url) is not None else policy.unary(name, version, url)[0]
            asked[key] = score  # type: ignore[index]
            if score is None:  # vetoed
                seen = self.vetoed.setdefault(name, [])
                if str(version) not in seen:
                    seen.append(str(version))
                continue
            # Late: a version whose pair with an installed version pip keeps is vetoed (tried
            # only when nothing else is left, and then refused after pip resolves). Last: one
            # whose metadata build failed while planning, since pip stops at a failed build
            # instead of trying the next version (it would end there, not on the pair).
            paired = any(mine.covers(version, url) for mine in beside)
            keyed.append(((str(version) in failed, paired, version != preferred, -score, i), item))
        keyed.sort(key=lambda k: k[0])
        out = [item for _, item in keyed]
        if [id(x) for x in out] != [id(x) for x in items]:
            self.reordered.add(name)
        return out

    def _kept_pairs(self, policy: Any, name: str, kept: Mapping[str, str] | None = None) -> list[Any]:
        """The sides about ``name`` of vetoed pairs whose other side is an installed version
        pip keeps: the plan is made around those versions, but when it could not be (see
        :meth:`_search`) pip's order still tries the versions beside them first."""
        kept = self.kept if kept is None else kept
        out = []
        for rule in policy.rules_for(name) if kept else ():
            if not rule.is_pair or not rule.vetoes_in(self.options.recommendation):
                continue
            for mine, other in ((rule.package, rule.other), (rule.other, rule.package)):
                version = kept.get(other.name)
                if mine.name == name and other.name != name and version is not None \
                        and other.matches(other.name, Version(version)):
                    out.append(mine)
        return out

    def _not_held(self, name: str, items: list[Any]) -> list[Any]:
        """pip's candidates without the releases the cooldown holds back (the same
        :class:`~stackwise.resolve.release_age.CooldownSource` the plan searched through: exempt
        packages, a young exact pin and a young advisory fix stay, with its warning)."""
        if not self.filtering:
            return items
        try:
            source = self.cooldown_source()
            source.releases(name)
        except Exception as exc:  # never let stackwise break pip; but say the cooldown is not applied
            self.warn_once(f"{self.cooldown.label} is not applied to {name}: its upload times cannot be read "
                           f"({_first_line(exc)})")
            return items
        held = {h.version: h.reason for h in source.held.get(name, ())}
        if not held:
            return items
        out = []
        for item in items:
            version = Version(str(item[0]))
            if version in held:
                seen = self.held.setdefault(name, [])
                if f"{version} {held[version]}" not in seen:
                    seen.append(f"{version} {held[version]}")
                continue
            out.append(item)
        return out

    def cooldown_source(self) -> Any:
        """The cooldown over stackwise's own index client for pip's index URLs (opened on first
        use, shared by the plan and pip's thread, closed when pip's resolution ends)."""
        if self._held_source is None:
            from stackwise.index.client import IndexClient
            from stackwise.resolve.policy import advisory_id
            from stackwise.resolve.release_age import CooldownSource

            assert self._client_args is not None
            view, target, pins = self._client_args
            config = view.index_config(getattr(self.settings, "cache_dir", None))
            self._client = IndexClient(config, target)
            self._held_source = CooldownSource(self._client, self.cooldown, advisories=self.policy.advisory_rules,
                                               advisory_name=advisory_id, user_pins=pins)
        return self._held_source

    def _read_cooldown(self) -> Any:
        """The cooldown in effect (the options, else the settings), or None. A value that cannot
        be read stops pip with one clear error: a safety setting is never skipped silently."""
        if self.options.min_release_age is None and getattr(self.settings, "min_release_age", None) is None:
            return None  # none given (exemptions alone hold nothing back): options.py not imported
        from stackwise.errors import StackwiseError
        from stackwise.options import ScoreOptions, release_age_for

        opts = ScoreOptions(min_release_age=self.options.min_release_age,
                            min_release_age_exempt=tuple(self.options.min_release_age_exempt))
        try:
            return release_age_for(opts, self.settings)[0]
        except StackwiseError as exc:
            InstallationError = _internal(self.options.pip_root, "exceptions").InstallationError
            raise InstallationError(f"stackwise: {exc}") from None

    def close(self) -> None:
        """Close the cooldown's index client (after pip's resolution)."""
        client, self._client, self._held_source = self._client, None, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()

    def _preferred_first(self, name: str, items: list[Any], preferred: Version | None) -> list[Any]:
        """No rule mentions ``name``: no veto, every score 0, so only the planned version moves.

        pip offers each version once, newest first; scanning stops at the planned version
        (usually the first), instead of parsing every version of a long release history.
        """
        if preferred is None:
            return items
        want = str(preferred)
        for i, item in enumerate(items):
            if str(item[0]) == want:
                if i == 0:
                    return items
                self.reordered.add(name)
                return [item, *items[:i], *items[i + 1:]]
        return items

    def _index_url_of(self, build: Any) -> str | None:
        """The index URL a lazy candidate comes from (for index-scoped rules), best effort."""
        link = getattr(build, "keywords", {}).get("link") if isinstance(build, functools.partial) else None
        page = getattr(getattr(link, "comes_from", None), "url", None) or getattr(link, "comes_from", None)
        if not isinstance(page, str):
            return None
        for url in getattr(self.finder, "index_urls", []) or []:
            if page.rstrip("/").startswith(url.rstrip("/")):
                return str(url)
        return None

    # after pip resolves

    def explain_failure(self) -> None:
        if self.vetoed:
            shown = "; ".join(f"{n}: {', '.join(v)}" for n, v in sorted(self.vetoed.items()))
            self.warn_once(f"versions the knowledge base vetoes were not offered to pip ({shown}); "
                           "pin one with == to accept it")
        if self.held:
            shown = "; ".join(f"{n}: {', '.join(v)}" for n, v in sorted(self.held.items()))
            self.warn_once(f"releases the release-age cooldown holds back were not offered to pip ({shown}); "
                           "pin one with == or exempt the package (--min-release-age-exempt) to accept it")

    def finish(self, resolver: Any) -> None:
        if not self.active and not self.overridden and not self.filtering:
            return
        try:
            if self.active:
                self._finish(resolver)
            else:
                chosen = _chosen(resolver)
                self._say_overrides(chosen)
                self._say_held(chosen, set())
                for message in self._held_source.warnings() if self._held_source is not None else ():
                    self.warn_once(message)
        except Exception as exc:  # the install itself must go on
            self.warn_once(f"could not explain the decisions ({type(exc).__name__}: {exc})")
        if self.refused_pairs:
            # pip only orders and drops versions, so its backtracking can end on a pair the
            # knowledge base vetoes (e.g. when every stack holds one, where `stackwise lock`
            # fails): nothing is installed, as the lock would not have been written.
            InstallationError = _internal(self.options.pip_root, "exceptions").InstallationError
            raise InstallationError(
                "stackwise: pip's result contains a combination the knowledge base vetoes ("
                + "; ".join(self.refused_pairs) + "). Relax the requirements, check the vetoes with "
                "`stackwise explain`, or pin both versions with == to accept the pair.")

    def _say(self, line: str) -> None:
        if self.options.quiet:
            return
        if self.options.sink is not None:
            self.options.sink(line)
        else:
            print(line, file=sys.stderr)

    def _held_notes(self, chosen: Mapping[str, _Pinned]) -> tuple[dict[str, list[Any]], dict[str, str]]:
        """(newer releases the cooldown held back above each installed version, young ones kept)."""
        if self._held_source is None:
            return {}, {}
        from stackwise.api import cooldown_skips

        skips: dict[str, list[Any]] = {}
        exempted: dict[str, str] = {}
        cooldown_skips(self._held_source, chosen, skips, exempted)
        return skips, exempted

    def _say_held(self, chosen: Mapping[str, _Pinned], decided: set[str]) -> None:
        """One line per installed package the cooldown touched (as `stackwise lock` prints it),
        unless its decision line already says so."""
        if self._held_source is None:
            return  # no cooldown: nothing held (and explain.py, with the rules it imports, not needed)
        from stackwise.resolve.explain import skipped_text

        skips, exempted = self._held_notes(chosen)
        for name in sorted((set(skips) | set(exempted)) - decided):
            parts = [exempted[name]] if name in exempted else []
            if name in skips:
                parts.append(skipped_text(skips[name]))
            self._say(f"stackwise: {name} {chosen[name].version} — {'; '.join(parts)}")

    def _say_overrides(self, chosen: Mapping[str, _Pinned]) -> None:
        """One line per installed package whose declared dependencies an override replaced."""
        for name in sorted(self.overridden):
            if name in chosen:
                self._say(f"stackwise: {name} {chosen[name].version} — {self.overrides.describe(name)}")

    def _finish(self, resolver: Any) -> None:
        chosen = _chosen(resolver)
        picked = {n: str(p.version) for n, p in chosen.items()}
        stored = self.answers if self.policy is None else None
        if stored is not None and stored.chosen != picked:
            stored = None  # pip chose otherwise than in the last identical run: ask the policy
        if stored is not None:
            policy_warnings, combinations = stored.policy_warnings, stored.combinations
        else:
            policy = self._need_policy()
            # The stored warnings too: a question answered from them before the policy was
            # built may be what warned in the run that stored them (in the same order).
            earlier = self.answers.policy_warnings if self.answers is not None else []
            policy_warnings = list(dict.fromkeys([*earlier, *policy.warnings]))
            combinations = []
            # The environment after the install: pip's result, and the installed versions of
            # projects outside it that a pair rule names beside one in it (they stay installed).
            env = self._installed_beside(policy, chosen)
            both = {**env, **chosen}
            _, applied = policy.stack_score({n: (p.version, None) for n, p in both.items()})
            pins = policy.user_pins
            untouched = {n for n, p in chosen.items() if self.installed.get(n) == str(p.version)}
            combinations.extend(self._kept_vetoes(policy, chosen, untouched))
            untouched |= set(env)
            for rule in applied:
                if rule.is_pair and rule.vetoes_in(self.options.recommendation):
                    assert rule.other is not None
                    if rule.package.name in env and rule.other.name in env:
                        continue  # neither side is pip's business in this run
                    pair = (f"{rule.package.describe()} with {rule.other.describe()} "
                            f"({both[rule.package.name].version} with {both[rule.other.name].version}) — "
                            f"{rule.category}: {rule.message} {rule.link}")
                    # As in the search (resolve/search.py, _forbid): only a pair whose both
                    # versions the user pinned exactly is kept, with a warning.
                    if all(m.name in pins and m.specifier.contains(pins[m.name], prereleases=True)
                           for m in (rule.package, rule.other)):
                        combinations.append(f"pip's result contains a vetoed combination: {pair} [rule {rule.id}]")
                    elif policy.soft_vetoes:
                        # resolve/safety.py: every stack avoiding a known advisory pip's pick
                        # avoids breaks a veto, and safety outranks the knowledge base.
                        combinations.append(f"kept so that no package keeps a known advisory pip's pick avoids: "
                                            f"a vetoed combination, {pair} [rule {rule.id}]")
                    elif {rule.package.name, rule.other.name} <= untouched:
                        # Both were installed before and pip keeps them: nothing vetoed is installed.
                        combinations.append(
                            f"already installed and kept by pip (it is not upgrading them): a vetoed "
                            f"combination, {pair} [rule {rule.id}]; `pip install --upgrade "
                            f"{rule.package.name} {rule.other.name}` lets pip replace them")
                    else:
                        # (no brackets: Pipenv prints pip's errors through rich, which reads
                        # "[rule ...]" as markup and drops it)
                        kept = [n for n in (rule.package.name, rule.other.name) if n in untouched]
                        note = "".join(f"; {n} {both[n].version} is installed and this install does not touch it, "
                                       f"`pip install --upgrade {n}` or uninstalling it first lets the pair go"
                                       if n in env else f"; {n} {both[n].version} is installed and pip keeps it "
                                       f"(it is not upgrading it), `--upgrade` with {n} among the requirements lets pip replace it"
                                       for n in kept)
                        self.refused_pairs.append(f"{pair}, rule {rule.id}{note}")
            if self.refused_pairs:
                return  # pip fails (finish); nothing stored for an identical run to trust
        for message in policy_warnings:  # e.g. a vetoed version kept because the user pinned it
            self.warn_once(message)
        for message in combinations:
            self.warn_once(message)
        found = self._decisions(chosen)
        for d in found:
            self._say(f"stackwise: {d.line()}")
        self._say_overrides(chosen)
        self._say_held(chosen, {d.name for d in found})
        for message in self._held_source.warnings() if self._held_source is not None else ():
            self.warn_once(message)
        if self.options.report:
            self._write_report(chosen, found)
        self._store_answers(picked, policy_warnings, combinations)

    def _installed_beside(self, policy: Any, chosen: Mapping[str, _Pinned]) -> dict[str, _Pinned]:
        """Installed versions of projects outside pip's result that a pair rule names beside a
        project in it: pip leaves them installed, so a vetoed pair with one is formed all the
        same (found by tests/test_pip_installed_kept.py: ``pc 1.0`` installed beside a kept
        ``pa 2.1`` the resolution never reached)."""
        out: dict[str, _Pinned] = {}
        for name in chosen if self.installed else ():
            for rule in policy.rules_for(name):
                if rule.is_pair:
                    for side in (rule.package, rule.other):
                        text = self.installed.get(side.name)
                        if side.name not in chosen and text is not None:
                            out[side.name] = _Pinned(Version(text))
        return out

    def _kept_vetoes(self, policy: Any, chosen: Mapping[str, _Pinned], untouched: set[str]) -> list[str]:
        """A warning for each installed version pip keeps (it is not upgrading it) that the
        knowledge base vetoes. pip's contract is to leave a satisfying installed version alone
        without --upgrade, and stackwise installs nothing here, so it is kept; but it is not
        kept silently."""
        out = []
        for name in sorted(untouched):
            version = chosen[name].version
            if policy.user_pins.get(name) == version or not policy.may_veto(name):
                continue
            rule = policy.veto(name, version)
            if rule is not None:
                out.append(f"{name} {version} is installed and pip keeps it (it is not upgrading it), but the "
                           f"knowledge base vetoes it ({rule.category}: {rule.message} {rule.link} [rule {rule.id}]); "
                           f"`pip install --upgrade {name}` lets pip replace it")
        return out

    def _store_answers(self, picked: Mapping[str, str], policy_warnings: list[str], combinations: list[str]) -> None:
        """Keep this run's answers with its stored plan, when the plan lacked them (or they fell short)."""
        if self._plan_key is None or self.policy is None or (self.answers is not None and not self._asked.learned):
            return
        if self.kb is None or self.cooldown is not None or self.overrides or self.options.plan is not None:
            return
        asked = self._asked
        if self.answers is not None:  # the stored answers, and what this run asked besides
            for name, answers in self.answers.rules.items():
                mine = asked.rules.setdefault(name, answers)
                if isinstance(mine, dict) and isinstance(answers, dict):
                    asked.rules[name] = {**answers, **mine}
        asked.kb = {"rules": len(self.kb), "revision": getattr(self.kb, "revision", None)}
        asked.chosen, asked.policy_warnings, asked.combinations = dict(picked), policy_warnings, combinations
        if self.answers is not None and asked.to_json() == self.answers.to_json():
            return  # the policy was needed only to explain decisions: nothing new to store
        from stackwise.integrations import pip_plans

        pip_plans.add_answers(getattr(self.settings, "cache_dir", None), self._plan_key, asked.to_json())

    def _decisions(self, chosen: Mapping[str, _Pinned]) -> list[Any]:
        if self.outcome is None:
            return []
        # The search does not know what is installed; an installed version pip keeps (it is not
        # upgrading it) is what plain pip would have kept too, so it is no decision of ours.
        pip_stack = self.outcome.pip_stack
        # The same for the projects pip takes from a path or URL: pip's choice, with or without us.
        own = {e.name for e in self.explicit} | self._by_url
        kept = {n: p for n, p in chosen.items() if self.kept_installed.get(n) == str(p.version) or n in own}
        if kept:
            pip_stack = _StackView({**pip_stack.releases, **kept}, dict(pip_stack.parents))
        if {n: p.version for n, p in chosen.items()} == {n: r.version for n, r in pip_stack.releases.items()}:
            return []  # pip chose what it would have chosen alone: nothing to explain (nor to import)
        self._need_policy()  # the rules explain the decisions
        from stackwise.resolve.explain import decisions

        # Installed versions outside both stacks stay installed beside either: a pair with one
        # is a reason (``pc 3.0`` over ``pc 1.5``, vetoed beside the installed ``pa 2.1``).
        env = self._installed_beside(self.policy, {**chosen, **pip_stack.releases})
        if env:
            pip_stack = _StackView({**env, **pip_stack.releases}, dict(pip_stack.parents))
        actual = _StackView({**env, **chosen}, dict(self.outcome.stack.parents))
        outcome = _PlanView(actual, pip_stack, self.outcome.score, self.outcome.proven, self.outcome.nodes,
                            self.outcome.elapsed, self.policy)
        return decisions(outcome, self._newest, self._held_notes(chosen)[0])  # type: ignore[arg-type]

    def _newest(self, name: str) -> Version | None:
        """pip's newest non-yanked final release of ``name`` (pip caches this lookup)."""
        try:
            cands = self.finder.find_all_candidates(name)
        except Exception:
            return None
        versions = [Version(str(c.version)) for c in cands if not c.link.is_yanked]
        finals = [v for v in versions if not v.is_prerelease]
        return max(finals or versions, default=None)

    def _write_report(self, chosen: Mapping[str, _Pinned], found: list[Any]) -> None:
        from stackwise import __version__
        from stackwise._atomic import atomic_write_text

        outcome = self.outcome
        pip_versions = outcome.pip_stack.versions() if outcome is not None else {}
        data = {
            "stackwise_version": __version__,
            "pip_version": str(pip_version(self.options.pip_root)),
            "recommendation": self.options.recommendation,
            "knowledge_base": (dict(self.answers.kb) if self.kb is None and self.answers is not None else
                               {"rules": len(self.kb), "revision": getattr(self.kb, "revision", None)}),
            "best_stack": {n: str(v) for n, v in sorted(self.best.items())},
            "proven_best": bool(outcome.proven) if outcome is not None else None,
            "verdict": outcome.verdict if outcome is not None else None,
            "plan_seconds": round(self.plan_seconds, 3),
            "plan_cpu_seconds": round(self.plan_cpu_seconds, 3),
            "plan_reused": self.plan_reused,
            # False: a reused plan's stored answers stood in for the knowledge and the policy
            "knowledge_loaded": self.kb is not None,
            "plan_process": self.plan_process,
            "child_plan_seconds": round(self.child_plan_seconds, 3),
            "waited_seconds": round(self.waited_seconds, 3),
            "installed": [
                {"name": n, "version": str(p.version),
                 "pip_version": str(pip_versions[n][0]) if n in pip_versions else None}
                for n, p in sorted(chosen.items())
            ],
            "decisions": [
                {"name": d.name, "chosen": str(d.chosen) if d.chosen else None,
                 "pip": str(d.pip) if d.pip else None, "newest": str(d.newest) if d.newest else None,
                 "rules": [r.id for r in d.rules], "note": d.note, "line": d.line()}
                for d in found
            ],
            "vetoed": {n: v for n, v in sorted(self.vetoed.items())},
            "reordered": sorted(self.reordered),
            "skipped_requirements": self.skipped_roots,
            "overrides": self.overrides.to_json() if self.overrides else [],
            "overridden": sorted(self.overridden),
            "warnings": self.warnings,
        }
        atomic_write_text(self.options.report, json.dumps(data, indent=2) + "\n")


#: ``STACKWISE_PIP_PLAN_PROCESS``: ``1`` searches in a child process whenever it can (from
#: :data:`PLAN_PROCESS_MIN_ROOTS` named requirements on), ``always`` whatever the count;
#: unset or ``0``, never: on the large set the child could not be told apart from the thread
#: (+13 % / -5 % against +5 % / +3 % in 2 and 4 rounds), so forking pip is opt-in until a
#: measurement shows it pays.
PLAN_PROCESS_VARIABLE = "STACKWISE_PIP_PLAN_PROCESS"
#: A child costs pip's process copy-on-write page faults while it lives (~20-30 ms of CPU for
#: a 60 MB pip) on top of the fork: worth it for long plans, which come with many roots.
PLAN_PROCESS_MIN_ROOTS = 10


def _plan_process_wanted(options: StackwiseOptions, roots: Sequence[_Root]) -> bool:
    """Whether to search in a forked child: where fork is safe (Linux, pip still single-threaded),
    there is a second CPU, and there is a long search to do (no plan handed over by Pipenv)."""
    import os

    setting = os.environ.get(PLAN_PROCESS_VARIABLE, "").strip().lower()
    if setting not in ("1", "yes", "true", "always"):
        return False
    named = sum(1 for r in roots if r.text is not None and not r.constraint)
    if setting != "always" and named < PLAN_PROCESS_MIN_ROOTS:
        return False
    return (sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1
            and (os.cpu_count() or 1) >= 2 and options.plan is None and named > 0)


class _PlanProcess:
    """The plan (knowledge, search, stored plans) in a forked copy of pip's process.

    Why: in a thread, the search's CPU time is taken from pip's own through the interpreter
    lock (on the large set, 1.4 s of it slowed pip by 11.6 %); a child runs on another CPU.
    It is forked from pip's main thread before any thread of ours exists, does exactly what
    the thread would do, and sends back its plan as the JSON record a stored plan has
    (pip_plans.py). The parent meanwhile loads the knowledge itself, since it orders pip's
    candidates by it. A child that fails or says nothing is only a missing plan: the parent
    then plans in its thread as before.
    """

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd
        self._result: dict[str, Any] | None = None
        self._done = False

    @classmethod
    def start(cls, session: _Session, roots: Sequence[_Root], view: _FinderView) -> _PlanProcess | None:
        import os

        try:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the child: never returns
            os.close(read_fd)
            _child_main(session, roots, view, write_fd)
        os.close(write_fd)
        return cls(pid, read_fd)

    def result(self) -> dict[str, Any] | None:
        """The child's answer (waiting for it); None when it failed."""
        import os

        if not self._done:
            self._done = True
            chunks = []
            try:
                while True:
                    chunk = os.read(self.fd, 1 << 16)
                    if not chunk:
                        break
                    chunks.append(chunk)
                data = json.loads(b"".join(chunks)) if chunks else None
                self._result = data if isinstance(data, dict) else None
            except (OSError, ValueError):
                self._result = None
            finally:
                self._close(kill=False)
        return self._result

    def stop(self) -> None:
        """The parent will not use the plan (no knowledge, or it failed): end the child now."""
        if not self._done:
            self._done = True
            self._close(kill=True)

    def _close(self, *, kill: bool) -> None:
        import os
        import signal

        with contextlib.suppress(OSError):
            os.close(self.fd)
        if kill:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError, ChildProcessError):
            os.waitpid(self.pid, 0)


def _child_main(session: _Session, roots: Sequence[_Root], view: _FinderView, fd: int) -> None:
    """In the forked child: plan, write the plan record to ``fd``, exit without any of pip's
    clean-up (its buffered output and exit handlers belong to the parent)."""
    import dataclasses
    import os

    code = 1
    try:
        session._child = None
        session.use_answers = False  # the parent needs the whole plan
        session.options = dataclasses.replace(session.options, sink=lambda line: None)
        session.prepare(roots, view)
        pins = getattr(session.policy, "user_pins", None) or {}
        out: dict[str, Any] = {"warnings": list(session.warnings), "reused": session.plan_reused,
                               "skipped": list(session.skipped_roots), "plan_seconds": session.plan_seconds,
                               "pins": {n: str(v) for n, v in pins.items()}}
        if session.outcome is not None and session.policy is not None:
            out["plan"] = {**_PlanView.record(session.outcome), "pins": out["pins"],
                           "relaxed": bool(getattr(session.outcome.policy, "relaxed", False)),
                           "failed_builds": _failed_builds_record(session.failed_builds)}
        data = json.dumps(out).encode()
        view_ = memoryview(data)
        while view_:
            view_ = view_[os.write(fd, view_):]
        code = 0
    except BaseException:  # noqa: BLE001 - the parent plans itself when the child says nothing
        pass
    finally:
        os._exit(code)


def _chosen(resolver: Any) -> dict[str, _Pinned]:
    """pip's result: each project (not its extras) with the version pip chose."""
    chosen: dict[str, _Pinned] = {}
    for cand in getattr(getattr(resolver, "_result", None), "mapping", {}).values():
        project = getattr(cand, "project_name", None)
        if project is None or cand.name != project or str(project).startswith("<"):
            continue
        chosen[_canonical(str(project))] = _Pinned(Version(str(cand.version)))
    return chosen


def _pages_pip_fetches_first(factory: Any, root_reqs: Sequence[Any], roots: Sequence[_Root]) -> list[str]:
    """The root projects pip will look up on its index before it pins anything.

    Only named, non-constraint requirements whose markers apply, and of a project that is not
    installed (pip may keep an installed one without a look at the index) and not also
    requested by URL (pip then uses that file alone).
    """
    installed = getattr(factory, "_installed_dists", None)
    if installed is None:
        return []
    by_url = {_canonical(r.name) for r in roots if r.text is None and r.name}
    names: list[str] = []
    for ireq, root in zip(root_reqs, roots, strict=True):
        if root.text is None or root.constraint or root.name is None or not ireq.match_markers():
            continue
        name = _canonical(root.name)
        if name not in installed and name not in by_url and name not in names:
            names.append(name)
    return names


def _installed_versions(factory: Any) -> dict[str, str]:
    """Every installed version pip's factory sees, by project (none with --force-reinstall or
    --ignore-installed, nor when this pip does not say)."""
    if getattr(factory, "_force_reinstall", True):
        return {}
    out: dict[str, str] = {}
    for name, dist in (getattr(factory, "_installed_dists", None) or {}).items():
        try:
            out[_canonical(str(name))] = str(Version(str(dist.version)))
        except (InvalidVersion, AttributeError):
            continue
    return out


def _failed_builds_record(failed: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """Failed metadata builds as JSON data (a stored plan, or a child process's answer)."""
    return {name: sorted(versions) for name, versions in sorted(failed.items())}


def _failed_builds_from(data: Any) -> dict[str, set[str]]:
    """The failed builds of a plan record (none when it has no such entry, or a bad one)."""
    if not isinstance(data, dict):
        return {}
    return {str(n): {str(v) for v in vs} for n, vs in data.items() if isinstance(vs, list)}


_FIT_TRIES = 6  # searches spent finding which kept versions a stack can hold (pip_resolver._fitting_kept)


def _kept_installed(installed: Mapping[str, str], roots: Sequence[_Root], upgrade_strategy: str | None) -> dict[str, str]:
    """The installed versions pip will try first, by project: pip keeps a satisfying installed
    version unless it upgrades that project (``--upgrade``: the requested projects, or every
    one with ``--upgrade-strategy eager``; ``--force-reinstall`` and ``--ignore-installed``
    keep none). Empty when this pip does not say (then the plan ignores what is installed)."""
    if upgrade_strategy not in ("to-satisfy-only", "only-if-needed"):
        return {}
    upgraded = ({_canonical(r.name) for r in roots if r.name and not r.constraint}
                if upgrade_strategy == "only-if-needed" else set())
    return {n: v for n, v in installed.items() if n not in upgraded}


_FLIP = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}


def _complement(spec: str) -> str | None:
    """The one specifier holding exactly where ``spec`` does not (None: not expressible)."""
    if not spec:
        return "<0a0"  # every version: the project cannot be installed beside the kept one
    if "," in spec or spec.startswith(("~=", "===")):
        return None
    op = spec[:2] if spec[:2] in _FLIP else spec[:1]
    if op not in _FLIP or (op in ("<", ">", "<=", ">=") and spec.endswith("*")):
        return None
    return _FLIP[op] + spec[len(op):]


def _with_reference(outcome: Any, reference: Any) -> Any:
    """``outcome`` compared with ``reference`` as plain pip's pick. Why: the search ran again
    with the project kept out of a vetoed pair with a kept installed version (``_apart``), and
    its own reference then obeyed that constraint too, so the report gave pip's version as the
    plan's and no decision line said that stackwise had moved pip off its pick."""
    if reference is None or outcome.pip_stack is reference:
        return outcome
    import dataclasses

    return dataclasses.replace(outcome, pip_stack=reference)


def _apart(name: str, sides: Sequence[Any], source: Any) -> str:
    """A specifier keeping ``name`` out of every one of ``sides`` (the other halves of vetoed
    pairs with kept installed versions): the complement of a side that is one clause
    (``==2.0`` -> ``!=2.0``), else ``!=`` each release the source offers inside the side.

    Why: the complement of ``>=1.0,<2.0`` is ``<1.0`` or ``>=2.0``, which no specifier set
    says, and so is that of ``~=1.0``; such a side used to be left to pip's order, and pip,
    sent by the plan onto a release needing the paired range, stopped on the pair. The
    search rules out a pair the same way (by the matching versions, resolve/search.py)."""
    clauses: list[str] = []
    for side in sides:
        flipped = _complement(str(side.specifier)) if side.index_url is None else None
        if flipped is not None:
            clauses.append(flipped)
            continue
        try:
            releases = source.releases(name)
        except Exception:  # noqa: BLE001 - its page is gone: pip's order and the check after it remain
            continue
        clauses.extend(f"!={release.version}" for release in releases
                       if side.covers(release.version, getattr(release, "index_url", None)))
    return ",".join(dict.fromkeys(clauses))


def _keep_installed(problem: Any, kept: Mapping[str, str], lines: Sequence[Any],
                    beside: Mapping[str, Sequence[str]] | None = None) -> Any:
    """``problem`` with each installed version pip keeps as a constraint (``name==version``),
    so the plan is made around what pip will keep; ``problem`` itself when none applies.

    Why: the search knew nothing of the environment, so with ``lib 1.0`` installed and the
    pair ``lib 1.0`` + ``dep 2.0`` vetoed it planned ``lib 2.0`` + ``dep 2.0``; pip kept
    ``lib 1.0``, took ``dep 2.0`` from the plan and stopped on the vetoed pair, where ``dep
    1.0`` beside the installed ``lib`` was clean. A version the user's own requirements
    exclude is not kept by pip either, so it is left out. ``beside``: more specifiers per
    project, that keep it out of a vetoed pair with a kept version outside the stack.
    """
    import dataclasses

    from packaging.specifiers import SpecifierSet

    asked: dict[str, list[Any]] = {}
    for line in lines:
        asked.setdefault(_canonical(line.requirement.name), []).append(line.requirement.specifier)
    constraints = dict(problem.constraints)
    origins = {n: tuple(o) for n, o in problem.constraint_origins.items()}
    changed = False
    for name, text in kept.items():
        version = Version(text)
        if not all(spec.contains(version, prereleases=True) for spec in asked.get(name, ())):
            continue  # pip does not keep it: the user asks for another version
        constraints[name] = constraints.get(name, SpecifierSet()) & SpecifierSet(f"=={text}")
        origins[name] = (*origins.get(name, ()), "installed (pip keeps it without --upgrade)")
        changed = True
    for name, specs in (beside or {}).items():
        for spec in specs:
            constraints[name] = constraints.get(name, SpecifierSet()) & SpecifierSet(spec)
            origins[name] = (*origins.get(name, ()), "a vetoed pair with an installed version pip keeps")
            changed = True
    if not changed:
        return problem
    return dataclasses.replace(problem, constraints=constraints, constraint_origins=origins)


def _with_installed(items: list[Any], installed: Any) -> list[Any]:
    """pip's upgrade-mode order with the installed candidate standing in for its version."""
    def use_installed() -> Any:
        return installed

    out: list[Any] = []
    placed = False
    for version, build in items:
        if not placed and installed.version >= version:
            out.append((installed.version, use_installed))
            placed = True
            if installed.version == version:
                continue
        out.append((version, build))
    if not placed:
        out.append((installed.version, use_installed))
    return out


def run_pip_main(pip_args: Sequence[str], options: StackwiseOptions) -> int:
    """Run this environment's pip (its own ``main``) in-process with the patch applied."""
    from stackwise.errors import StackwiseError

    try:
        from pip._internal.cli.main import main as pip_main
    except ImportError as exc:
        raise StackwiseError(f"stackwise pip needs pip in this environment ({exc}).") from None
    with patched_pip(options) as reason:
        if reason is not None:
            warn(f"{reason}: running plain pip (its own version order).")
        elif legacy_resolver_note(pip_args):
            warn(str(legacy_resolver_note(pip_args)))
        return int(pip_main(list(pip_args)) or 0)


def legacy_resolver_note(pip_args: Sequence[str]) -> str | None:
    """pip 24's legacy resolver never reaches the wrapped code: say so instead of doing nothing."""
    if any("legacy-resolver" in a for a in pip_args):
        return "--use-deprecated=legacy-resolver bypasses stackwise; pip runs with its own order."
    return None


def _brief(exc: BaseException) -> str:
    """At most two lines of an error (a score file with 100k problems must not flood pip's output)."""
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return lines[0] + (f" {lines[1].strip()}" if len(lines) > 1 else "") + (" …" if len(lines) > 2 else "")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__




# -- stackwise's own options on a pip command line ----------------------------------------

# Options stackwise takes out of a pip command line before pip's parser sees it. None of
# them is a pip option (checked against pip 24.0-26.x), so nothing of pip's is shadowed.
VALUE_OPTIONS = ("--scores", "--rules", "--recommendation", "--stackwise-report", "--time-budget", "--trust-root",
                 "--min-release-age", "--min-release-age-exempt")
FLAG_OPTIONS = ("--require-scores", "--no-default-scores", "--stackwise-quiet", "--fail-on-vulnerable")


def split_args(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(stackwise's options, pip's arguments): pip's arguments pass through untouched."""
    ours: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        key = arg.partition("=")[0]
        if key in VALUE_OPTIONS:
            if "=" in arg:
                ours.append(arg)
            elif i + 1 < len(argv):
                ours.extend((arg, argv[i + 1]))
                i += 1
            else:
                ours.append(arg)  # the parser reports the missing value
        elif arg in FLAG_OPTIONS:
            ours.append(arg)
        else:
            rest.append(arg)
        i += 1
    return ours, rest


def _time_budget(text: str) -> float:
    """--time-budget: seconds >= 0 (0: the first valid stack); negative or NaN is refused."""
    from stackwise.resolve.budget import parse_time_budget

    try:
        return parse_time_budget(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def options_parser() -> argparse.ArgumentParser:
    """The parser for stackwise's options inside a pip command line (also used for --help)."""
    p = argparse.ArgumentParser(prog="stackwise pip", add_help=False, exit_on_error=False)
    p.add_argument("--scores", action="append", default=[], metavar="FILE",
                   help="score file or service (repeatable; default: the configured scores)")
    p.add_argument("--rules", action="append", default=[], metavar="FILE",
                   help="TOML file of your own rules, above every score source (repeatable; docs/rules.md)")
    p.add_argument("--no-default-scores", action="store_true",
                   help="leave out the curated knowledge shipped with stackwise")
    p.add_argument("--recommendation", default="stable", metavar="{latest,stable,performance,security}",
                   help="how rule categories are weighted (default: stable)")
    p.add_argument("--require-scores", action="store_true",
                   help="fail instead of falling back to pip's order when scores are unavailable")
    p.add_argument("--trust-root", metavar="PATH",
                   help="the score service's TUF root metadata: service URLs are then read only through "
                   "their verified snapshot (default: setting `trust_root`)")
    p.add_argument("--fail-on-vulnerable", action="store_true",
                   help="under --recommendation security, fail when every allowed stack keeps a known "
                   "advisory (default: install the least vulnerable stack and list what remains)")
    p.add_argument("--stackwise-report", dest="report", metavar="FILE",
                   help="write stackwise's decisions as JSON (pip's --report stays pip's)")
    p.add_argument("--time-budget", type=_time_budget, default=10.0, metavar="SECONDS",
                   help="search for the best stack at most this long (default 10; 0: the first "
                   "stack without a vetoed version or pair)")
    p.add_argument("--stackwise-quiet", dest="quiet", action="store_true",
                   help="no decision lines (warnings are still printed)")
    p.add_argument("--min-release-age", metavar="AGE",
                   help="neither plan nor offer pip releases uploaded less than AGE ago (7d, 36h) or on/after "
                   "a date (2026-11-01); 0 or off: none (default: setting `min-release-age`; docs/cooldown.md)")
    p.add_argument("--min-release-age-exempt", action="append", default=[], metavar="NAME",
                   help="a package the release-age cooldown never holds back (repeatable)")
    return p


def options_from_args(ours: Sequence[str]) -> StackwiseOptions:
    """Parse the options :func:`split_args` took out; raise StackwiseError on bad values."""
    from stackwise.errors import StackwiseError

    try:
        ns, extra = options_parser().parse_known_args(list(ours))
    except (argparse.ArgumentError, SystemExit) as exc:
        raise StackwiseError(f"stackwise pip: {exc}") from None
    if extra:
        raise StackwiseError(f"stackwise pip: cannot parse {' '.join(extra)}")
    if ns.report is not None:  # checked now: pip would install first and the report fail after
        from stackwise._atomic import output_path_problem

        problem = ("the file name given to --stackwise-report is empty; give a file name, or leave the option out."
                   if not ns.report.strip() else output_path_problem(ns.report, "the --stackwise-report file"))
        if problem is not None:
            raise StackwiseError(f"stackwise pip: {problem}")
    if ns.trust_root is not None and not ns.trust_root.strip():  # "" was "none given": unverified answers
        raise StackwiseError("stackwise pip: the trust root given (--trust-root) is empty; give the service's "
                             "root.json, or leave the option out.")
    if ns.min_release_age is not None:  # checked now: one clear error before pip starts
        from stackwise.resolve.cutoff import parse_min_release_age

        parse_min_release_age(ns.min_release_age)
    if ns.recommendation != "stable":  # the default needs no check (and no knowledge import)
        from stackwise.knowledge.rules import RECOMMENDATIONS

        if ns.recommendation not in RECOMMENDATIONS:
            raise StackwiseError(f"stackwise pip: unknown --recommendation {ns.recommendation!r}; "
                                 f"choose one of: {', '.join(sorted(RECOMMENDATIONS))}.")
    return StackwiseOptions(scores=ns.scores, rules=ns.rules, no_default_scores=ns.no_default_scores,
                            recommendation=ns.recommendation, require_scores=ns.require_scores,
                            trust_root=ns.trust_root,
                            fail_on_vulnerable=ns.fail_on_vulnerable, report=ns.report,
                            time_budget=ns.time_budget, quiet=ns.quiet, min_release_age=ns.min_release_age,
                            min_release_age_exempt=list(ns.min_release_age_exempt))


__all__ = [
    "DEFAULT_PIP_ROOT",
    "FLAG_OPTIONS",
    "VALUE_OPTIONS",
    "options_from_args",
    "split_args",
    "MIN_PIP",
    "MAX_PIP_EXCLUSIVE",
    "SUPPORTED_RANGE",
    "StackwiseOptions",
    "install",
    "legacy_resolver_note",
    "patched_pip",
    "pip_version",
    "uninstall",
    "unsupported_reason",
]
