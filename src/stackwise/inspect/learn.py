"""From inspection results to rules with evidence (``stackwise learn``).

A failing inspection says "this stack breaks"; a rule must say *which part* breaks and
*where the breakage starts and ends*, or it would veto far too much (or far too little).
This module turns results into score-file rules by running further, real inspections
("probes") and keeping the ids of every inspection that proves a claim. It never talks to
an index or to pip itself: the caller hands in callables (a probe, the allowed releases),
so the logic is testable with a synthetic world and runs unchanged against real stacks.

Algorithm
---------

1. **Which failures count.** Only ``failed`` results become knowledge; ``flaky``,
   ``timeout``, ``install-failed`` and ``error`` results are reported in
   :attr:`LearnReport.notes` and ignored, and so are failures that look like the
   inspection's own memory or CPU limit (:func:`hit_limit`). Failures are grouped by check, environment
   (Python minor, platform, machine) and normalised error signature. A failure must be
   reproduced: a result the runner already ran twice (``attempts >= 2``) counts, any
   other is probed once more first and dropped, with a note, if that probe does not fail
   with the same signature. A signature also seen ``flaky`` for the same check (inputs or
   probes) gives no rule: the check does not fail deterministically with it.

2. **Isolating the culprit.** For a failing stack F the nearest passing stack P (fewest
   differing pins, same check and environment) is taken from the results; if there is
   none, pip's own stack is probed, then F with one package moved to its oldest or newest
   allowed release. Delta debugging (ddmin) over the pins that differ between F and P
   finds a 1-minimal failure-inducing change set; each test is a real resolution with F's
   versions forced for a subset and P's for the rest (an unresolvable or otherwise failing
   probe is "unknown"). One package X left: for every other package Y of F (dependency
   neighbours of X first) F is probed with Y moved to its oldest and newest other release
   (X kept at F[x]); the first move that passes makes the culprit the pair (X, Y), and only
   when no move passes is it a version rule on X. Two packages left: the pair itself.

3. **Boundaries.** X's releases are bisected with Y kept at F[y], and Y's with X at F[x]
   (for a version rule, X's with everything else at F). On each side of the failing
   version the extreme release is probed first: if it still fails the side is open
   (``liba<1.5`` has no lower bound); if it passes, binary search between the failing
   version and that extreme finds the last failing and the first passing release, both
   observed by a probe, never assumed. Unresolvable candidates are skipped (the next one
   in the same half is tried). Results already at hand with the same (X, Y) versions are
   reused instead of probing again. A pair with open sides on the usual two costs about
   ``2*log2(releases) + 5`` probes in all; every probe call (an unresolvable one too) is
   counted against ``max_probes`` and in the evidence.

4. **Rules.** A veto in category ``stability``; the message names the failing ranges, the
   check and the signature; ``evidence`` lists the inspections that prove it (failing and
   passing, at most :data:`MAX_EVIDENCE_IDS`), the check, the signature, the environment, a
   failing and a passing example, the number of probes, the boundaries and
   ``confirmed: true``. The rule is limited by a marker to the environments the failure
   was seen in, unless it was seen failing in several environments and passing in none
   inside its ranges (or ``multi_env_confirmed``). A passing result inside the learned
   ranges, in an environment where it also fails, contradicts the monotone-range
   assumption: no rule then, a note instead. Ids are stable across runs,
   ``inspection:<x>:<y>:<sha256(signature)[:8]>`` (``inspection:<x>:<hash>`` for a version
   rule), with ``:py3.12-linux-x86_64`` appended when the rule is limited to one
   environment, so rules learned on two machines do not replace each other.

5. **Performance.** For a ``benchmark`` check, two passing stacks that differ in exactly
   one package are compared: the relative difference of the median timings gets a
   bootstrap 95 % interval (fixed seed, :data:`BOOTSTRAP_RESAMPLES` resamples); only when
   the interval excludes 0 and the slowdown is at least :data:`MIN_PERF_CHANGE` does the
   slower release get a score of ``-min(0.5, slowdown)`` in category ``performance``.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import statistics
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import Any

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.inspect.model import Check, InspectionResult
from stackwise.knowledge.rules import Condition, KnowledgeBase, PackageMatch, Rule

#: forced pins -> inspection of the real resolution with those pins (``None``: it does not resolve)
Probe = Callable[[Mapping[str, str]], "InspectionResult | None"]

#: Evidence lists at most this many inspection ids: enough to check the claim, small enough
#: to stay far below the score file's evidence size limit.
MAX_EVIDENCE_IDS = 20
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20240613
MIN_PERF_CHANGE = 0.05
MIN_TIMINGS = 3
#: Releases of a package tried when asking "does moving it make the failure go away" (the
#: oldest and the newest first; more only when those do not resolve).
MAX_MOVES = 4
DEFAULT_CHECK_TEXT = "default import check"
_MAX_SIGNATURE_IN_MESSAGE = 300
_MAX_SIGNATURE_IN_EVIDENCE = 2000
_EXAMPLE_BUDGET = 12 * 1024  # bytes of evidence before examples shrink to the culprits

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"

Env = tuple[str, str, str]  # (python minor, sys_platform, platform_machine); "" = unknown


@dataclass
class LearnedRule:
    """A rule with the bookkeeping behind it (ids of its proof, probes it cost)."""

    rule: Rule
    inspections: list[str]
    probes: int = 0
    kind: str = "pair"  # "pair", "version" or "performance"
    check: Check = field(default_factory=Check)


@dataclass
class LearnReport:
    """What :func:`learn` found: rules, probes spent, and why some failures gave no rule."""

    rules: list[Rule] = field(default_factory=list)
    probes: int = 0
    notes: list[str] = field(default_factory=list)
    learned: list[LearnedRule] = field(default_factory=list)

    def knowledge_base(self, revision: str | None = None) -> KnowledgeBase:
        """The rules as a knowledge base, ready for :func:`scorefile.dump_score_file`."""
        return KnowledgeBase(self.rules, revision=revision)


class _BudgetExhausted(Exception):
    """Raised inside a learning step when ``max_probes`` is spent (caught per failure group)."""


@dataclass
class _Obs:
    """One observed stack: an input result or a probe."""

    result: InspectionResult
    id: str | None
    pins: dict[str, str]
    env: Env
    probe: bool


@dataclass
class _Side:
    """One side of a failing range: open, or closed between a failing and a passing release."""

    open: bool
    last_fail: Version
    first_pass: Version | None = None
    gap: bool = False  # unresolvable releases between last_fail and first_pass
    ids: list[str] = field(default_factory=list)


def _signature(result: InspectionResult) -> str:
    """Failures without a signature are still comparable by their exit status."""
    return (result.signature or "").strip() or f"exit status {result.exit_status}"


def _named_in_failure(result: InspectionResult, names: Iterator[str] | Sequence[str]) -> dict[str, tuple[int, int]]:
    """For each package named in the failure, where: ``(0, -position)`` when the signature names
    it, ``(1, -position)`` when only the output does (a traceback's file paths and modules), the
    latest mention first. Import names are taken as the distribution's name with ``-`` and ``.``
    as ``_`` (numpy, thinc, ruamel_yaml), which holds for most projects; a project imported
    under another name is simply not preferred.

    Why: the probes that isolate a culprit move one package at a time, alphabetically after the
    dependency edges; on a 34-package spaCy stack failing with ``numpy.dtype size changed`` the
    probe budget was spent on annotated-types, blis, catalogue... before numpy was moved. Only
    the order of probes changes: every claim is still observed by a probe."""
    sig = (result.signature or "").lower().replace("-", "_")
    out = (result.output_tail or "").lower().replace("-", "_")
    found: dict[str, tuple[int, int]] = {}
    for name in names:
        token = re.escape(str(name).lower().replace("-", "_").replace(".", "_"))
        pattern = re.compile(rf"(?<![a-z0-9_]){token}(?![a-z0-9_])")
        for rank, text in ((0, sig), (1, out)):
            hits = [m.start() for m in pattern.finditer(text)]
            if hits:
                found[name] = (rank, -hits[-1])
                break
    return found


#: How running out of the check's address-space limit (``RLIMIT_AS``) or CPU-time limit
#: (``RLIMIT_CPU``: SIGXCPU, then SIGKILL; SIGKILL is also the kernel's OOM killer) shows in
#: a signature: the exception or message, or the exit status (a shell reports 128+N).
_LIMIT_SIGNS = ("memoryerror", "cannot allocate memory", "bad_alloc", "unable to allocate",
                "failed to map segment", "out of memory", "cpu time limit exceeded")
_LIMIT_STATUSES = {-24, 128 + 24, -9, 128 + 9}
_EXIT = re.compile(r"^exit (-?\d+)\b")


def hit_limit(result: InspectionResult) -> bool:
    """Whether a failure looks like the inspection's own memory or CPU limit, not the stack.

    Why: a release that maps more address space, or a machine under load, fails every run
    the same way under a limit chosen for the inspection; such a "reproduced" failure would
    become a veto hiding releases that work -- the same reason timeouts never count.
    """
    sig = _signature(result)
    status = _EXIT.match(sig)
    if status is not None and int(status.group(1)) in _LIMIT_STATUSES:
        return True
    return any(sign in sig.lower() for sign in _LIMIT_SIGNS)


def _pins(result: InspectionResult) -> dict[str, str]:
    """Normalised names and versions, so ``1.0`` forced and ``1.0`` resolved compare equal."""
    out = {}
    for name, raw in result.stack.pins:
        version = _version(str(raw))
        out[canonicalize_name(name)] = str(version) if version is not None else str(raw)
    return out


def _env(result: InspectionResult) -> Env:
    """(python minor, sys_platform, machine) from whatever the runner recorded."""
    env = result.environment or {}
    py = str(env.get("python_minor") or env.get("python_version") or env.get("python") or "")
    if py.count(".") >= 2:
        py = ".".join(py.split(".")[:2])
    plat = str(env.get("sys_platform") or env.get("platform") or "")
    plat = {"Linux": "linux", "Darwin": "darwin", "Windows": "win32"}.get(plat, plat)
    machine = str(env.get("platform_machine") or env.get("machine") or "")
    return (py, plat, machine)


def _env_json(env: Env) -> dict[str, str]:
    return {"python_minor": env[0], "platform": env[1], "machine": env[2]}


def _env_marker(env: Env) -> str:
    parts = []
    for key, value in zip(("python_version", "sys_platform", "platform_machine"), env, strict=True):
        if value:
            parts.append(f"{key} == {json.dumps(value)}")
    return " and ".join(parts)


def _env_tag(env: Env) -> str:
    return "-".join(p for p in (f"py{env[0]}" if env[0] else "", env[1], env[2]) if p)


def _env_text(env: Env) -> str:
    text = " ".join(p for p in (f"Python {env[0]}" if env[0] else "", env[1], env[2]) if p)
    return text or "an unrecorded environment"


def _check_key(check: Check) -> tuple[str | None, str]:
    """Results of one check belong together even if their limits differ."""
    return (check.command, check.kind)


def _check_text(check: Check) -> str:
    return check.command or DEFAULT_CHECK_TEXT


def _hash8(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _short(ids: Sequence[str | None], limit: int = 5) -> str:
    real = [i for i in ids if i]
    more = f" and {len(real) - limit} more" if len(real) > limit else ""
    return (", ".join(real[:limit]) + more) if real else "no stored id"


class _World:
    """Everything known while learning: the inputs, the probes, and the probe budget."""

    def __init__(
        self,
        probe: Probe,
        releases: Callable[[str], list[Version]],
        on_probe: Callable[[InspectionResult], str | None] | None,
        max_probes: int,
        inputs: Sequence[_Obs],
    ) -> None:
        self._probe = probe
        self._releases = releases
        self._on_probe = on_probe
        self.max_probes = max_probes
        self.check_key: tuple[str | None, str] = (None, "check")  # set per failure group
        self.env: Env = ("", "", "")
        self.count = 0
        self.obs: list[_Obs] = list(inputs)
        self._cache: dict[frozenset[tuple[str, str]], _Obs | None] = {}
        self._release_cache: dict[str, list[Version]] = {}
        self.index_releases: Callable[[str], list[Version]] | None = None
        self.no_neighbour: set[tuple[str, tuple[str, ...]]] = set()  # failure groups with no passing neighbour
        self._extremes: dict[str, tuple[Version, Version] | None] = {}

    def is_index_extreme(self, name: str, version: Version, step: int) -> bool:
        """Whether ``version`` is the index's oldest (step -1) / newest (+1) release of ``name``.

        Without ``index_releases`` the allowed releases are taken as all there is (as before)."""
        if self.index_releases is None:
            return True
        if name not in self._extremes:
            try:
                got = sorted({Version(str(v)) for v in self.index_releases(name)})
            except (InvalidVersion, TypeError):
                got = []
            self._extremes[name] = (got[0], got[-1]) if got else None
        ends = self._extremes[name]
        if ends is None:
            return False
        return version <= ends[0] if step < 0 else version >= ends[1]

    def releases(self, name: str, also: str | None = None) -> list[Version]:
        """Allowed releases, oldest first, including ``also`` (an observed version)."""
        if name not in self._release_cache:
            got = self._releases(name)
            try:
                self._release_cache[name] = sorted({Version(str(v)) for v in got})
            except (InvalidVersion, TypeError):
                raise StackwiseError(f"releases({name!r}) returned something that is not a list of versions") from None
        out = self._release_cache[name]
        extra = _version(also) if also else None
        if extra is not None and extra not in out:
            out = sorted([*out, extra])
        return out

    def run(self, forced: Mapping[str, str], *, fresh: bool = False) -> _Obs | None:
        """A probe (or a result already at hand with exactly these pins); ``None``: unresolvable.

        ``fresh`` ignores the input results: a rerun must be a new inspection.
        """
        wanted = dict(forced)
        for obs in self.obs:
            if obs.pins == wanted and (obs.probe or (not fresh and obs.env == self.env and self._same_check(obs))):
                return obs
        key = frozenset(forced.items())
        if key in self._cache:
            return self._cache[key]
        if self.count >= self.max_probes:
            raise _BudgetExhausted
        self.count += 1
        result = self._probe(dict(forced))
        if result is not None and not isinstance(result, InspectionResult):
            raise StackwiseError(f"the probe returned {type(result).__name__}, not an InspectionResult or None")
        obs = None
        if result is not None:
            rid = self._on_probe(result) if self._on_probe is not None else result.id
            obs = _Obs(result, rid if rid is not None else result.id, _pins(result), _env(result), probe=True)
            self.obs.append(obs)
        self._cache[key] = obs
        return obs

    def _same_check(self, obs: _Obs) -> bool:
        return _check_key(obs.result.check) == self.check_key

    def relevant(self) -> Iterator[_Obs]:
        """Observations that speak about this check in this environment (probes always do)."""
        for obs in self.obs:
            if obs.probe or (obs.env == self.env and self._same_check(obs)):
                yield obs

    def lookup(self, wanted: Mapping[str, str], signature: str) -> tuple[str, _Obs] | None:
        """A verdict from observations agreeing on ``wanted`` (only those pins assumed to matter)."""
        verdicts: dict[str, _Obs] = {}
        for obs in self.relevant():
            if all(obs.pins.get(n) == v for n, v in wanted.items()):
                verdict = _verdict(obs, signature)
                if verdict != UNKNOWN:
                    verdicts.setdefault(verdict, obs)
        if len(verdicts) == 1:
            verdict, obs = next(iter(verdicts.items()))
            return verdict, obs
        return None


def _verdict(obs: _Obs | None, signature: str) -> str:
    """pass / fail (the same failure) / unknown (unresolvable, another failure, timeout...)."""
    if obs is None:
        return UNKNOWN
    if obs.result.outcome == "passed":
        return PASS
    if obs.result.outcome == "failed" and _signature(obs.result) == signature:
        return FAIL
    return UNKNOWN


def _series_distance(order: Sequence[tuple[int, ...]], series: tuple[int, ...], here: tuple[int, ...]) -> int:
    """How many release series lie between ``series`` and ``here`` (``here`` may be absent)."""
    below = sum(1 for s in order if s < here)
    index = order.index(series)
    return index - below + (0 if index < below else 1) if series != here else 0


def _distance(a: Mapping[str, str], b: Mapping[str, str]) -> int:
    return sum(1 for n in set(a) | set(b) if a.get(n) != b.get(n))


@dataclass
class _Finding:
    """A proven culprit with its ranges, before it becomes a :class:`Rule`."""

    x: str
    y: str | None
    x_side: tuple[_Side, _Side]
    y_side: tuple[_Side, _Side] | None
    failing: _Obs
    passing: _Obs
    ids: list[str]
    probes: int = 0
    probe_ids: list[str] = field(default_factory=list)  # every conclusive probe of this finding
    not_moved: list[str] = field(default_factory=list)  # version rule: packages no move could test


class _Learner:
    """Learning for one (check, environment, signature) group."""

    def __init__(self, world: _World, signature: str, edges: Sequence[tuple[str, str]]) -> None:
        self.world = world
        self.sig = signature
        self.edges = edges
        self.key_ids: list[str] = []  # decisive ids, listed first in the evidence
        self.not_moved: list[str] = []  # packages partner() could not move (nothing resolved)

    def _note_id(self, obs: _Obs | None) -> None:
        if obs is not None and obs.id and obs.id not in self.key_ids:
            self.key_ids.append(obs.id)

    # -- step 2: a passing neighbour and the culprit -------------------------------------

    def nearest_pass(self, failing: _Obs) -> _Obs | None:
        """The passing stack with the fewest differing pins (probing pip's stack if need be)."""
        passing = [o for o in self.world.relevant() if _verdict(o, self.sig) == PASS]
        if passing:
            return min(passing, key=lambda o: (_distance(o.pins, failing.pins), o.probe, o.id or ""))
        pip = self.world.run({})
        if _verdict(pip, self.sig) == PASS:
            return pip
        key = (self.sig, tuple(sorted(failing.pins)))
        if key in self.world.no_neighbour:
            return None  # the same search already came back empty for this failure group
        # the packages the failure names first (see _named_in_failure), then dependents' partners:
        # a failure is usually a package and what it imports
        named = _named_in_failure(failing.result, list(failing.pins))
        order = sorted(failing.pins, key=lambda n: (named.get(n, (2, 0)), not any(c == n for _p, c in self.edges), n))
        for name in order:
            for version in self._series_moves(name, failing.pins[name])[:2 * MAX_MOVES]:
                obs = self.world.run({**failing.pins, name: str(version)})
                if _verdict(obs, self.sig) == PASS:
                    return obs
        self.world.no_neighbour.add(key)
        return None

    def _series_moves(self, name: str, current: str) -> list[Version]:
        """The newest release of each other release series, nearest series first.

        A working neighbour is usually one series away (markupsafe 2.0.1 next to 2.1), and the
        newest of a series is its most fixed release; the oldest releases (often sdists that
        no longer build) come last."""
        cur = _version(current)
        newest: dict[tuple[int, ...], Version] = {}
        for v in self.world.releases(name):
            if v != cur and not v.is_prerelease:
                series = v.release[:2]
                if series not in newest or v > newest[series]:
                    newest[series] = v
        order = sorted(newest)
        here = cur.release[:2] if cur is not None else (0,)
        def rank(s: tuple[int, ...]) -> tuple[float, bool]:
            d = abs(_series_distance(order, s, here))
            return (1.5 if d == 0 else d, s < here)  # the own series after its neighbours

        return [newest[s] for s in sorted(order, key=rank)]

    def _moves(self, name: str, current: str) -> list[Version]:
        """Other releases of ``name``: oldest, newest, then from the middle outwards."""
        cur = _version(current)
        others = [v for v in self.world.releases(name) if v != cur]
        if len(others) <= 2:
            return others
        mid = len(others) // 2
        rest = sorted(range(1, len(others) - 1), key=lambda i: (abs(i - mid), i))
        return [others[0], others[-1], *(others[i] for i in rest)]

    def test(self, failing: _Obs, passing: _Obs, subset: Sequence[str]) -> str:
        """ddmin's test: F's versions for ``subset`` of the changes, P's for the others."""
        changes = [n for n, v in failing.pins.items() if passing.pins.get(n) != v]
        if set(subset) == set(changes):
            return FAIL
        if not subset:
            return PASS
        forced = {n: v for n, v in failing.pins.items() if n not in changes}
        for name in changes:
            if name in subset:
                forced[name] = failing.pins[name]
            elif name in passing.pins:
                forced[name] = passing.pins[name]
        obs = self.world.run(forced)
        verdict = _verdict(obs, self.sig)
        if verdict == FAIL:
            self._note_id(obs)
        return verdict

    def ddmin(self, failing: _Obs, passing: _Obs) -> list[str]:
        """A 1-minimal set of F's changes (relative to P) that still fails with the signature."""
        current = sorted(n for n, v in failing.pins.items() if passing.pins.get(n) != v)
        n = 2
        while len(current) >= 2:
            chunks = _split(current, n)
            reduced = False
            for chunk in chunks:
                if self.test(failing, passing, chunk) == FAIL:
                    current, n, reduced = chunk, 2, True
                    break
            if not reduced and n > 2:
                for chunk in chunks:
                    complement = [c for c in current if c not in chunk]
                    if self.test(failing, passing, complement) == FAIL:
                        current, n, reduced = complement, max(n - 1, 2), True
                        break
            if not reduced:
                if n >= len(current):
                    break
                n = min(len(current), 2 * n)
        return current

    def partner(self, failing: _Obs, x: str) -> tuple[str, _Obs] | None:
        """The Y whose move (X kept) makes F pass; ``None`` means X alone is to blame."""
        neighbours = {c for p, c in self.edges if p == x} | {p for p, c in self.edges if c == x}
        named = _named_in_failure(failing.result, [n for n in failing.pins if n != x])
        others = sorted((n for n in failing.pins if n != x),
                        key=lambda n: (n not in neighbours, named.get(n, (2, 0)), n))
        for y in others:
            tried_known = 0
            for version in self._moves(y, failing.pins[y])[:MAX_MOVES]:
                obs = self.world.run({**failing.pins, y: str(version)})
                if obs is None or obs.pins.get(x) != failing.pins[x] or obs.pins.get(y) != str(version):
                    continue  # unresolvable (or the forced pin was not honoured): next release
                verdict = _verdict(obs, self.sig)
                if verdict == PASS:
                    return y, obs
                if verdict == FAIL:
                    self._note_id(obs)
                tried_known += 1
                if tried_known >= 2:
                    break
            if not tried_known:
                self.not_moved.append(y)
        return None

    # -- step 3: boundaries ---------------------------------------------------------------

    def point(self, failing: _Obs, fixed: Mapping[str, str], name: str, version: Version) -> tuple[str, _Obs | None]:
        """Verdict with ``name`` at ``version`` and ``fixed`` kept; reuses what is known."""
        wanted = {**fixed, name: str(version)}
        known = self.world.lookup(wanted, self.sig)
        if known is not None:
            return known
        for forced in ({**failing.pins, **wanted}, wanted):
            obs = self.world.run(forced)
            if obs is not None and all(obs.pins.get(n) == v for n, v in wanted.items()):
                return _verdict(obs, self.sig), obs
            if len(forced) == len(wanted):
                break
        return UNKNOWN, None

    def side(self, failing: _Obs, fixed: Mapping[str, str], name: str, step: int) -> _Side:
        """Search one side (step -1: older, +1: newer) of ``failing``'s version of ``name``."""
        start_v = Version(failing.pins[name])
        order = self.world.releases(name, failing.pins[name])
        start = order.index(start_v)
        cands = list(range(start + step, len(order) if step > 0 else -1, step))
        if not cands:
            at_end = self.world.is_index_extreme(name, start_v, step)
            return _Side(open=at_end, last_fail=start_v, gap=not at_end)
        seen: dict[int, str] = {}

        def probe(i: int) -> str:
            verdict, obs = self.point(failing, fixed, name, order[i])
            if verdict != UNKNOWN and obs is not None and obs.id:
                seen[i] = obs.id
            return verdict

        extreme, extreme_verdict = None, UNKNOWN
        for i in reversed(cands):  # from the far end inwards, skipping unresolvable ones
            extreme_verdict = probe(i)
            if extreme_verdict != UNKNOWN:
                extreme = i
                break
        if extreme is None:
            return _Side(open=False, last_fail=start_v, gap=True)
        if extreme_verdict == FAIL:
            is_open = extreme == cands[-1] and self.world.is_index_extreme(name, order[extreme], step)
            return _Side(open=is_open, last_fail=order[extreme], gap=not is_open, ids=_cap_ids([seen.get(extreme)]))
        lo, hi, gap = start, extreme, False
        while abs(hi - lo) > 1:
            inner = list(range(lo + step, hi, step))
            mid = (lo + hi) // 2
            inner.sort(key=lambda i: (abs(i - mid), i))
            found = None
            for i in inner:
                verdict = probe(i)
                if verdict != UNKNOWN:
                    found = (i, verdict)
                    break
            if found is None:
                gap = True
                break
            if found[1] == FAIL:
                lo = found[0]
            else:
                hi = found[0]
        ids = _cap_ids([seen.get(lo), seen.get(hi)])
        return _Side(open=False, last_fail=order[lo], first_pass=order[hi], gap=gap, ids=ids)

    def bounds(self, failing: _Obs, name: str, fixed: Mapping[str, str]) -> tuple[_Side, _Side]:
        lower = self.side(failing, fixed, name, -1)
        upper = self.side(failing, fixed, name, +1)
        return lower, upper


def _split(items: list[str], n: int) -> list[list[str]]:
    size, rest = divmod(len(items), n)
    chunks, pos = [], 0
    for i in range(n):
        take = size + (1 if i < rest else 0)
        if take:
            chunks.append(items[pos : pos + take])
        pos += take
    return chunks


def _specifier(sides: tuple[_Side, _Side]) -> SpecifierSet:
    """``>=lowest failing`` / ``<first passing`` (``<=last failing`` across an unknown gap)."""
    lower, upper = sides
    parts = []
    if not lower.open:
        parts.append(f">={lower.last_fail}")
    if not upper.open:
        if upper.first_pass is not None and not upper.gap:
            parts.append(f"<{upper.first_pass}")
        else:
            parts.append(f"<={upper.last_fail}")
    return SpecifierSet(",".join(parts))


def _describe(name: str, spec: SpecifierSet, sides: tuple[_Side, _Side]) -> str:
    lo, hi = sides[0].last_fail, sides[1].last_fail
    observed = f"{lo}" if lo == hi else f"{lo}–{hi}"
    if not str(spec):
        return f"{name} (every release; {observed} failing)"
    return f"{name}{_spec_text(spec)} ({observed} failing)"


def _spec_text(spec: SpecifierSet) -> str:
    """``>=1.5,<2.1.2`` (lower bound first), not SpecifierSet's sorted form."""
    return ",".join(sorted((str(s) for s in spec), key=lambda s: (not s.startswith(">"), s)))


def _check_inputs(results: Sequence[InspectionResult], max_probes: int, link: str | None,
                  link_for: Callable[[str], str] | None, edges: Any, check: Any, probe: Any,
                  releases: Any) -> None:
    """Mistakes of the caller are reported as one clear sentence, before any probe runs."""
    if not callable(probe) or not callable(releases):
        raise StackwiseError("learn: probe and releases must be callables (forced pins -> result, name -> versions)")
    if check is not None and not isinstance(check, Check):
        raise StackwiseError(f"learn: check must be a Check or None, got {type(check).__name__}")
    if isinstance(edges, (str, bytes)) or not all(
        isinstance(e, (tuple, list)) and len(e) == 2 and all(isinstance(n, str) and n for n in e) for e in edges
    ):
        raise StackwiseError("learn: edges must be (parent, child) pairs of package names")
    if isinstance(results, (str, bytes)) or not isinstance(results, Sequence):
        raise StackwiseError("learn: results must be a list of inspection results")
    for i, result in enumerate(results):
        if not isinstance(result, InspectionResult):
            raise StackwiseError(f"learn: result #{i + 1} is a {type(result).__name__}, not an inspection result")
    if isinstance(max_probes, bool) or not isinstance(max_probes, int) or max_probes < 0:
        raise StackwiseError(f"learn: max_probes must be a whole number >= 0, got {max_probes!r}")
    if link is None and link_for is None:
        raise StackwiseError("learn: rules need a link; give link= (e.g. the inspection page) or link_for=")
    if link is not None and not (isinstance(link, str) and link.startswith(("http://", "https://"))):
        raise StackwiseError(f"learn: link must be an http(s) URL, got {link!r}")


def learn(
    results: Sequence[InspectionResult],
    *,
    probe: Probe,
    releases: Callable[[str], list[Version]],
    edges: Sequence[tuple[str, str]] = (),
    check: Check | None = None,
    max_probes: int = 200,
    multi_env_confirmed: bool = False,
    on_probe: Callable[[InspectionResult], str | None] | None = None,
    link: str | None = None,
    link_for: Callable[[str], str] | None = None,
    index_releases: Callable[[str], list[Version]] | None = None,
) -> LearnReport:
    """Rules (with evidence) proven from ``results`` and at most ``max_probes`` new probes.

    ``probe(forced)`` inspects the real resolution with ``forced`` pins (``None``: it does
    not resolve); ``on_probe(result)`` stores every probe and returns its id, so evidence
    lists ids that exist. ``link`` is every rule's link; else ``link_for(inspection id)``
    gives one per rule. ``index_releases(name)`` lists every usable release on the index
    (not only those the requirements allow): a range is left open only where the last
    release tried is also the index's first or last one, otherwise it stops at what was
    observed. See the module docstring for the algorithm.
    """
    _check_inputs(results, max_probes, link, link_for, edges, check, probe, releases)
    edge_list = [(canonicalize_name(p), canonicalize_name(c)) for p, c in edges]
    report = LearnReport()
    skipped: dict[str, list[str | None]] = {}
    other_check: list[str | None] = []
    inputs: list[_Obs] = []
    for result in results:
        if check is not None and _check_key(result.check) != _check_key(check):
            other_check.append(result.id)
            continue
        if result.outcome not in ("passed", "failed"):
            skipped.setdefault(result.outcome, []).append(result.id)
        elif result.outcome == "failed" and hit_limit(result):
            skipped.setdefault("limit", []).append(result.id)
        inputs.append(_Obs(result, result.id, _pins(result), _env(result), probe=False))
    for outcome, ids in sorted(skipped.items()):
        why = {
            "flaky": "the failure did not repeat, so it proves nothing",
            "timeout": "a timeout says nothing about compatibility",
            "install-failed": "the stack never ran",
            "error": "the inspection itself failed",
        }.get(outcome, "not used")
        if outcome == "limit":
            report.notes.append(
                f"{len(ids)} failed inspection(s) gave no rule (they ran out of the inspection's memory or CPU "
                f"limit, which says nothing about compatibility; raise --memory-limit / --cpu-limit to learn "
                f"from them): {_short(ids)}"
            )
            continue
        report.notes.append(f"{len(ids)} {outcome} inspection(s) gave no rule ({why}): {_short(ids)}")
    if other_check and check is not None:
        report.notes.append(f"{len(other_check)} inspection(s) of another check than {_check_text(check)!r} "
                            f"were left out: {_short(other_check)}")

    link_of = _linker(link, link_for)
    used_ids: set[str] = set()
    world = _World(probe, releases, on_probe, max_probes, inputs)
    world.index_releases = index_releases
    groups: dict[tuple[tuple[str | None, str], Env, str], list[_Obs]] = {}
    for obs in inputs:
        if obs.result.outcome == "failed" and not hit_limit(obs.result):
            groups.setdefault((_check_key(obs.result.check), obs.env, _signature(obs.result)), []).append(obs)
    for (ckey, env, sig), failures in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][2], str(kv[0][0]))):
        world.check_key, world.env = ckey, env
        _learn_group(world, sig, failures, edge_list, multi_env_confirmed, report, link_of, used_ids)
    report.probes = world.count

    _learn_performance(inputs, multi_env_confirmed, report, link_of, used_ids)
    return report


def stack_probe(maker: Any, check: Check, settings: Any) -> Probe:
    """A :data:`Probe` doing the real thing: ``maker.resolve(forced)`` then an isolated inspection.

    ``maker`` is a :class:`~stackwise.inspect.stacks.StackMaker`, ``settings`` the runner's
    :class:`~stackwise.inspect.runner.RunnerSettings`; imported lazily so this module's logic
    needs neither an index nor pip.
    """
    from dataclasses import replace

    from stackwise.inspect.runner import run_inspection

    def probe(forced: Mapping[str, str]) -> InspectionResult | None:
        request = maker.resolve(dict(forced))
        if request is None:
            return None
        label = "learn: " + (", ".join(f"{n}=={v}" for n, v in sorted(forced.items())) or "pip's stack")
        return run_inspection(replace(request, label=label[:200]), check, settings)

    return probe


def _linker(link: str | None, link_for: Callable[[str], str] | None) -> Callable[[str], str]:
    def link_of(key: str) -> str:
        if link is not None:
            return link
        assert link_for is not None
        got = link_for(key)
        if not (isinstance(got, str) and got.startswith(("http://", "https://"))):
            raise StackwiseError(f"learn: link_for({key!r}) must give an http(s) URL, got {got!r}")
        return got

    return link_of


def _learn_group(
    world: _World,
    sig: str,
    failures: list[_Obs],
    edges: Sequence[tuple[str, str]],
    multi_env_confirmed: bool,
    report: LearnReport,
    link_of: Callable[[str], str],
    used_ids: set[str],
) -> None:
    """Explain every failure of one group, one culprit at a time."""
    seen: set[frozenset[tuple[str, str]]] = set()
    passes = [o for o in world.relevant() if _verdict(o, sig) == PASS]
    failures = sorted(failures, key=lambda f: (min((_distance(f.pins, p.pins) for p in passes), default=1 << 30),
                                               -f.result.attempts, f.id or ""))
    for failing in failures:
        if _note_unsteady(world, sig, report):
            return
        key = frozenset(failing.pins.items())
        if key in seen or _explained(report, failing, sig, world.check_key):
            continue
        seen.add(key)
        where = f"{sig[:120]!r} (inspection {failing.id or 'without id'})"
        before, first_obs = world.count, len(world.obs)
        try:
            finding = _find(world, sig, failing, edges, report, where)
        except _BudgetExhausted:
            report.notes.append(f"probe budget ({world.max_probes}) spent before {where} was explained; no rule")
            return
        if finding is None:
            continue
        finding.probes = world.count - before
        finding.probe_ids = [o.id for o in world.obs[first_obs:] if o.id and _verdict(o, sig) != UNKNOWN]
        if _note_unsteady(world, sig, report):  # a probe of this group came out flaky
            return
        learned = _pair_rule(finding, world, sig, multi_env_confirmed, report, link_of, used_ids, where)
        if learned is not None:
            report.rules.append(learned.rule)
            report.learned.append(learned)


def _note_unsteady(world: _World, sig: str, report: LearnReport) -> bool:
    """Whether this failure was also seen *not* repeating (a ``flaky`` result of the same check
    that first failed with the same signature); if so, a note, and no rule for the group.

    Why: "failed twice" proves a failure only if the check is deterministic. A check that
    fails at random with one signature (a race, a coin flip) fails twice in a row a quarter of
    the time at 50 %, and ranges bisected from such results were vetoes from noise (a check
    that never looked at the package vetoed ``liba>=1.3``). The flaky results of the same
    check and signature are the evidence that it is not deterministic.
    """
    for obs in world.obs:
        if (obs.result.outcome == "flaky" and _check_key(obs.result.check) == world.check_key
                and _signature(obs.result) == sig):
            report.notes.append(
                f"inconclusive: {sig[:120]!r} did not repeat in inspection {obs.id or 'without id'} (flaky), so "
                "the check does not fail deterministically with it; no rule"
            )
            return True
    return False


def _find(world: _World, sig: str, failing: _Obs, edges: Sequence[tuple[str, str]],
          report: LearnReport, where: str) -> _Finding | None:
    """Steps 1-3 for one failing stack; ``None`` (with a note) when nothing is proven."""
    learner = _Learner(world, sig, edges)
    learner._note_id(failing)
    if failing.result.attempts < 2:  # the runner reruns failures; anything else is rerun here
        again = world.run(failing.pins, fresh=True)
        if _verdict(again, sig) != FAIL:
            what = "does not resolve any more" if again is None else f"gave {again.result.outcome}"
            report.notes.append(f"not reproduced: {where} ran once and a second run {what}; no rule")
            return None
        learner._note_id(again)
    passing = learner.nearest_pass(failing)
    if passing is None:
        report.notes.append(f"inconclusive: no passing stack near {where} was found; no rule")
        return None
    culprits = learner.ddmin(failing, passing)
    if not culprits:
        report.notes.append(f"inconclusive: {where} failed and passed with the same pins; no rule")
        return None
    if len(culprits) > 2:
        report.notes.append(
            f"inconclusive: {where} needs {len(culprits)} changes together ({', '.join(culprits)}); "
            "only version and pair rules are learned"
        )
        return None
    x = culprits[0]
    pass_example = passing
    if len(culprits) == 2:
        y: str | None = culprits[1]
        # 1-minimal means each change alone is not the failure; a pair needs both to pass.
        alone = [learner.test(failing, passing, [c]) for c in culprits]
        if alone != [PASS, PASS]:
            report.notes.append(f"inconclusive: {where} narrowed to {x} and {y}, but one alone was not seen passing")
            return None
    else:
        found = learner.partner(failing, x)
        y = found[0] if found else None
        if found is not None:
            pass_example = found[1]
        else:
            # No release of any other package makes X pass, but X is here because another
            # package depends on it: the failure is seen *through* that dependent (black x
            # click), so the rule is the pair, bounded by the dependent's observed releases.
            # A version rule would forbid X for everyone, also where nothing uses the
            # removed API -- claimed only when nothing in the stack depends on X.
            parents = sorted({p for p, c in edges if c == x and p in failing.pins and p != x})
            if parents:  # the dependent the failure names (its traceback frame nearest the error) first
                named = _named_in_failure(failing.result, parents)
                y = min(parents, key=lambda p: (named.get(p, (2, 0)), p))
    learner._note_id(pass_example)
    if y is not None:
        x, y = _orient(x, y, edges)
        x_sides = learner.bounds(failing, x, {y: failing.pins[y]})
        y_sides: tuple[_Side, _Side] | None = learner.bounds(failing, y, {x: failing.pins[x]})
    else:
        x_sides = learner.bounds(failing, x, {})
        y_sides = None
    ids = list(learner.key_ids)
    for side in (*x_sides, *(y_sides or ())):
        ids.extend(side.ids)  # the releases either side of each boundary
    return _Finding(x, y, x_sides, y_sides, failing, pass_example, ids,
                    not_moved=learner.not_moved if y is None else [])


def _explained(report: LearnReport, failing: _Obs, sig: str, check_key: tuple[str | None, str]) -> bool:
    """Whether a rule learned already covers this failure (same failure, its environment)."""
    for learned in report.learned:
        rule, evidence = learned.rule, learned.rule.evidence or {}
        if learned.kind == "performance" or evidence.get("signature") != sig[:_MAX_SIGNATURE_IN_EVIDENCE]:
            continue
        if _check_key(learned.check) != check_key or not _matches(rule, failing.pins):
            continue
        if rule.condition is None or rule.condition.marker is None:
            return True
        py, plat, machine = failing.env
        env = {"python_version": py, "sys_platform": plat, "platform_machine": machine, "extra": ""}
        try:
            if rule.condition.marker.evaluate(env):
                return True
        except ValueError:  # a marker naming values this failure did not record: not covered
            continue
    return False


def _orient(x: str, y: str, edges: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """The dependent package first (it is the one that breaks), else alphabetical, for stable ids."""
    if (x, y) in edges and (y, x) not in edges:
        return x, y
    if (y, x) in edges and (x, y) not in edges:
        return y, x
    return (x, y) if x <= y else (y, x)


def _matches(rule: Rule, pins: Mapping[str, str]) -> bool:
    def hit(match: PackageMatch) -> bool:
        v = pins.get(match.name)
        version = _version(v) if v is not None else None
        return version is not None and match.specifier.contains(version, prereleases=True)

    return hit(rule.package) and (rule.other is None or hit(rule.other))


def _pair_rule(
    finding: _Finding,
    world: _World,
    sig: str,
    multi_env_confirmed: bool,
    report: LearnReport,
    link_of: Callable[[str], str],
    used_ids: set[str],
    where: str,
) -> LearnedRule | None:
    """Step 4: the rule, its condition and its evidence; ``None`` if observations contradict it."""
    x_spec = _specifier(finding.x_side)
    package = PackageMatch(canonicalize_name(finding.x), x_spec)
    other = None
    if finding.y is not None and finding.y_side is not None:
        other = PackageMatch(canonicalize_name(finding.y), _specifier(finding.y_side))
    probe_rule = Rule("probe", package, other, -1.0, True, "stability", "-", "https://invalid", "-")

    fail_envs: set[Env] = set()
    pass_envs: dict[Env, _Obs] = {}
    for obs in world.obs:
        if _check_key(obs.result.check) != world.check_key or not _matches(probe_rule, obs.pins):
            continue
        verdict = _verdict(obs, sig)
        if verdict == FAIL:
            fail_envs.add(obs.env)
        elif verdict == PASS:
            pass_envs.setdefault(obs.env, obs)
    contradicted = [pass_envs[e] for e in sorted(fail_envs) if e in pass_envs]
    if contradicted:
        bad = contradicted[0]
        report.notes.append(
            f"inconclusive: {where}: inspection {bad.id or 'without id'} passed inside the learned ranges "
            f"({package.describe()}{' with ' + other.describe() if other else ''}); no rule"
        )
        return None
    fail_envs.add(finding.failing.env)
    if len(fail_envs) > 1:  # a probe that recorded no environment is not a second environment
        fail_envs.discard(("", "", ""))

    condition: Condition | None = None
    if not (multi_env_confirmed or (len(fail_envs) >= 2 and not pass_envs)):
        markers = [_env_marker(e) for e in sorted(fail_envs) if _env_marker(e)]
        if markers:
            text = markers[0] if len(markers) == 1 else " or ".join(f"({m})" for m in markers)
            condition = Condition(marker=Marker(text))
        else:
            report.notes.append(f"{where}: the environment was not recorded, so the rule has no condition")

    sig_hash = _hash8(sig)
    rid = f"inspection:{package.name}:{other.name}:{sig_hash}" if other else f"inspection:{package.name}:{sig_hash}"
    if condition is not None and len(fail_envs) == 1:
        rid += f":{_env_tag(next(iter(fail_envs)))}"
    base, n = rid, 2
    while rid in used_ids:
        rid, n = f"{base}-{n}", n + 1
    used_ids.add(rid)

    ids = _cap_ids([finding.failing.id, finding.passing.id, *finding.ids, *finding.probe_ids])
    subject = _describe(package.name, x_spec, finding.x_side)
    if other is not None and finding.y_side is not None:
        subject += f" with {_describe(other.name, other.specifier, finding.y_side)}"
    check = finding.failing.result.check
    check_text = f"`{check.command}`" if check.command else DEFAULT_CHECK_TEXT
    shown_sig = sig if len(sig) <= _MAX_SIGNATURE_IN_MESSAGE else sig[: _MAX_SIGNATURE_IN_MESSAGE - 1] + "…"
    envs_text = "; ".join(_env_text(e) for e in sorted(fail_envs))
    message = (
        f"{subject}: {check_text} fails: {shown_sig} "
        f"(seen on {envs_text}; {finding.probes} probe(s), {len(ids)} inspection(s) cited)"
    )
    key_pins = [finding.x] + ([finding.y] if finding.y else [])
    evidence = {
        "kind": "inspection",
        "inspections": ids,
        "check": _check_text(check),
        "signature": sig[:_MAX_SIGNATURE_IN_EVIDENCE],
        "environment": _env_json(finding.failing.env),
        "failing_example": dict(sorted(finding.failing.pins.items())),
        "passing_example": dict(sorted(finding.passing.pins.items())),
        "probes": finding.probes,
        "confirmed": True,  # reproduced (rerun or probe) -- what `kb build` requires of a veto
        "boundaries": {
            finding.x: _sides_json(finding.x_side),
            **({finding.y: _sides_json(finding.y_side)} if finding.y and finding.y_side else {}),
        },
    }
    if len(fail_envs) > 1:
        evidence["environments"] = [_env_json(e) for e in sorted(fail_envs)]
    if finding.not_moved:
        evidence["not_moved"] = finding.not_moved  # no other release of these resolved with X
    if len(json.dumps(evidence)) > _EXAMPLE_BUDGET:
        for example in ("failing_example", "passing_example"):
            evidence[example] = {n: v for n, v in evidence[example].items() if n in key_pins}
    rule = Rule(
        id=rid,
        package=package,
        other=other,
        score=-1.0,
        veto=True,
        category="stability",
        message=message,
        link=link_of(finding.failing.id or rid),
        source="inspection",
        condition=condition,
        evidence=evidence,
    )
    return LearnedRule(rule, ids, finding.probes, "pair" if other else "version", check)


def _sides_json(sides: tuple[_Side, _Side]) -> dict[str, Any]:
    lower, upper = sides
    return {
        "lowest_failing": str(lower.last_fail),
        "passing_below": None if lower.open or lower.first_pass is None else str(lower.first_pass),
        "highest_failing": str(upper.last_fail),
        "passing_above": None if upper.open or upper.first_pass is None else str(upper.first_pass),
        "open_below": lower.open,
        "open_above": upper.open,
    }


def _cap_ids(ids: Sequence[str | None]) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i and i not in out:
            out.append(i)
    return out[:MAX_EVIDENCE_IDS]


# -- step 5: performance ------------------------------------------------------------------


def bootstrap_interval(
    slow: Sequence[float], fast: Sequence[float], *, resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float, float]:
    """(relative difference of medians, 2.5 % and 97.5 % bootstrap quantiles) of slow vs fast.

    Seeded, so the same timings always give the same verdict (and the same rule).
    """
    rng = random.Random(seed)
    base = statistics.median(slow) / statistics.median(fast) - 1
    diffs = []
    for _ in range(resamples):
        s = statistics.median(rng.choices(slow, k=len(slow)))
        f = statistics.median(rng.choices(fast, k=len(fast)))
        diffs.append(s / f - 1)
    diffs.sort()
    lo = diffs[int(math.floor(0.025 * (resamples - 1)))]
    hi = diffs[int(math.ceil(0.975 * (resamples - 1)))]
    return base, lo, hi


def _learn_performance(
    inputs: Sequence[_Obs],
    multi_env_confirmed: bool,
    report: LearnReport,
    link_of: Callable[[str], str],
    used_ids: set[str],
) -> None:
    """Step 5: a negative performance score for a release measurably slower than another."""
    bench = [o for o in inputs if o.result.check.kind == "benchmark" and o.result.outcome == "passed"]
    usable = []
    for obs in bench:
        timings = [t for t in obs.result.timings if isinstance(t, (int, float)) and t > 0]
        if len(timings) < MIN_TIMINGS:
            report.notes.append(
                f"benchmark inspection {obs.id or 'without id'} has {len(timings)} timing(s); "
                f"at least {MIN_TIMINGS} are needed to compare"
            )
            continue
        usable.append((obs, timings))
    best: dict[tuple[str, str, Env], tuple[float, Any]] = {}
    for i, (a, ta) in enumerate(usable):
        for b, tb in usable[i + 1 :]:
            if a.env != b.env or _check_key(a.result.check) != _check_key(b.result.check):
                continue
            if set(a.pins) != set(b.pins):
                continue
            differ = [n for n in a.pins if a.pins[n] != b.pins[n]]
            if len(differ) != 1:
                continue
            name = differ[0]
            (slow, ts), (fast, tf) = sorted(((a, ta), (b, tb)), key=lambda p: -statistics.median(p[1]))
            rel, lo, hi = bootstrap_interval(ts, tf)
            if lo <= 0 or rel < MIN_PERF_CHANGE:
                continue
            key = (name, slow.pins[name], a.env)
            if key not in best or rel > best[key][0]:
                best[key] = (rel, (slow, ts, fast, tf, lo, hi))
    for (name, version, env), (rel, (slow, ts, fast, tf, lo, hi)) in sorted(best.items()):
        check = slow.result.check
        score = -round(min(0.5, rel), 4)
        condition = None if multi_env_confirmed else (
            Condition(marker=Marker(_env_marker(env))) if _env_marker(env) else None
        )
        rid = f"inspection:{name}:perf:{version}"
        if condition is not None:
            rid += f":{_env_tag(env)}"
        base, n = rid, 2
        while rid in used_ids:
            rid, n = f"{base}-{n}", n + 1
        used_ids.add(rid)
        ms, mf = statistics.median(ts), statistics.median(tf)
        fast_version = fast.pins[name]
        message = (
            f"{name} {version} is {rel:.1%} slower than {fast_version} in `{_check_text(check)}` "
            f"(median {ms:.4g} s vs {mf:.4g} s, 95 % bootstrap interval +{lo:.1%} to +{hi:.1%}, "
            f"n={len(ts)}/{len(tf)}; {_env_text(env)})"
        )
        ids = _cap_ids([slow.id, fast.id])
        evidence = {
            "kind": "inspection",
            "inspections": ids,
            "check": _check_text(check),
            "environment": _env_json(env),
            "slower_example": dict(sorted(slow.pins.items())),
            "faster_example": dict(sorted(fast.pins.items())),
            "medians": {version: ms, fast_version: mf},
            "relative_difference": round(rel, 6),
            "interval": [round(lo, 6), round(hi, 6)],
            "n": [len(ts), len(tf)],
            "resamples": BOOTSTRAP_RESAMPLES,
            "probes": 0,
        }
        rule = Rule(
            id=rid,
            package=PackageMatch(canonicalize_name(name), SpecifierSet(f"=={version}")),
            other=None,
            score=score,
            veto=False,
            category="performance",
            message=message,
            link=link_of(slow.id or rid),
            source="inspection",
            condition=condition,
            evidence=evidence,
        )
        report.rules.append(rule)
        report.learned.append(LearnedRule(rule, ids, 0, "performance", check))
