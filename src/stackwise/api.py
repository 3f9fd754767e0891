"""The Python API: :func:`lock` and :func:`explain`, the same code ``stackwise lock`` and
``stackwise explain`` run.

Why it exists: a tool that wants stackwise's pins (a build backend, a CI check, a notebook)
should not have to run a subprocess and parse stderr. The command line builds a
:class:`LockRequest` (or explain's options) from its arguments in ``commands/`` and calls
:func:`resolve_lock` / :func:`explain_package`, then prints and writes; these functions
print nothing and write no file. Every failure a user can cause is a
:class:`~stackwise.errors.StackwiseError` with the message the command line prints.
See docs/api.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import field, replace
from typing import Any

from stackwise._dataclass import dataclass
from stackwise._text import one_line
from stackwise.errors import RequirementError, StackwiseError
from stackwise.options import (
    ORDERS,
    PLATFORMS,
    RECOMMENDATIONS,
    IndexOptions,
    ScoreOptions,
    Target,
    load_knowledge,
    release_age_for,
    user_rules_for,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stackwise._explanation import ExplainedRule, Explanation

_HASH_ALGOS = ("sha256", "sha384", "sha512")
FORMATS = ("requirements", "pylock")
_NOTHING = "Nothing to lock: give requirements as arguments or with -r FILE (constraints alone select nothing)."


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pin:
    """One locked package: its version, the hashes of every file of it, who needs it."""

    name: str
    version: str
    hashes: tuple[str, ...]
    via: tuple[str, ...]
    index_url: str | None = None
    extras: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """A package whose version differs from pip's pick (or that only one of them installs)."""

    name: str
    chosen: str | None
    pip: str | None
    newest: str | None
    rules: tuple[str, ...]
    note: str
    line: str  # the decision line ``stackwise lock`` prints, without its "stackwise: " prefix


@dataclass(frozen=True)
class LockResult:
    """What :func:`lock` found. ``text`` is the lock file ``stackwise lock`` would write."""

    pins: Mapping[str, Pin]
    decisions: tuple[Decision, ...]
    score: float
    proven: bool  # True: no better stack exists (the search was exhausted)
    verdict: str  # "proven best", or "best found, not proven (<reason>)"
    warnings: tuple[str, ...]
    text: str
    format: str
    recommendation: str
    target: str
    resolutions: int
    seconds: float
    report: Mapping[str, Any] | None = None  # the --report document, when asked for

    def versions(self) -> dict[str, str]:
        """``{name: version}`` of every pin."""
        return {name: pin.version for name, pin in self.pins.items()}


@dataclass(frozen=True)
class LockRequest:
    """Everything a lock depends on, as plain values (the command line builds one from argparse)."""

    requirements: tuple[str, ...] = ()
    requirement_files: tuple[str, ...] = ()
    constraint_files: tuple[str, ...] = ()
    pre: bool = False
    time_budget: float = 10.0
    hashes: bool = True
    format: str = "requirements"
    report: bool = False
    knowledge: ScoreOptions = field(default_factory=ScoreOptions)
    index: IndexOptions = field(default_factory=IndexOptions)
    target: Target = field(default_factory=Target)
    # The directory the lock file will be written to (None: the current directory, as for standard
    # output): pylock.toml paths of local projects are relative to it (PEP 751).
    output_dir: str | None = None


class Locked:
    """:func:`resolve_lock`'s answer: the public result plus what the command line still needs
    (the lines it prints, and for lock reuse the inputs, the index client and signed files).

    A plain class, not a dataclass: internal, never compared or printed, and a dataclass
    costs about 0.5 ms at import, which every ``stackwise lock`` pays.
    """

    __slots__ = ("client", "config", "decision_lines", "inputs", "result", "signed", "summary", "warning_lines")

    def __init__(self, *, result: LockResult, warning_lines: list[str], decision_lines: list[str], summary: str,
                 inputs: Any, config: Any, client: Any, signed: Any) -> None:
        self.result = result
        self.warning_lines = warning_lines
        self.decision_lines = decision_lines
        self.summary = summary
        self.inputs = inputs
        self.config = config
        self.client = client
        self.signed = signed


# -- lock -------------------------------------------------------------------------------------


def lock(
    requirements: Sequence[str] | str = (),
    *,
    requirement_files: Sequence[str] = (),
    constraints: Sequence[str] = (),
    scores: Sequence[str] = (),
    rules: Sequence[str] = (),
    default_scores: bool = True,
    recommendation: str = "stable",
    target: Target | None = None,
    index_url: str | None = None,
    extra_index_urls: Sequence[str] = (),
    find_links: Sequence[str] = (),
    no_index: bool = False,
    isolated: bool = False,
    offline: bool = False,
    cache_dir: str | None = None,
    cache_ttl: float = 600.0,
    timeout: float | None = None,
    pre: bool = False,
    time_budget: float = 10.0,
    hashes: bool = True,
    format: str = "requirements",
    report: bool = False,
    require_scores: bool = False,
    scores_ttl: float | None = None,
    vulnerability_api: str | None = None,
    fail_on_vulnerable: bool = False,
    min_release_age: str | None = None,
    min_release_age_exempt: Sequence[str] = (),
    stability_weight: float | None = None,
    stability_days: float | None = None,
    trust_root: str | None = None,
    output_dir: str | None = None,
    only_binary: Sequence[str] = (),
    no_binary: Sequence[str] = (),
    prefer_binary: bool = False,
    trusted_hosts: Sequence[str] = (),
) -> LockResult:
    """Resolve ``requirements`` into a scored, hashed lock, as ``stackwise lock`` does.

    Arguments mirror the command's options (``constraints`` is ``-c``, ``requirement_files``
    is ``-r``, ``default_scores=False`` is ``--no-default-scores``, ``min_release_age="7d"``
    is ``--min-release-age 7d``). Nothing is printed or written: the lock file's text is
    ``result.text``; ``output_dir`` is where it will be written (``-o``'s directory: a
    pylock.toml's local project paths are relative to it; default the current directory).
    ``only_binary``/``no_binary`` take pip's values (``":all:"``, ``":none:"``, names), applied
    as ``--no-binary`` options then ``--only-binary`` ones, before the requirements files' own.
    Raises a StackwiseError subclass.
    """
    from stackwise.index.formats import trusted_netloc

    target = Target() if target is None else target
    if not isinstance(target, Target):
        raise StackwiseError(f"target must be a stackwise.Target, not {type(target).__name__}.")
    request = LockRequest(
        requirements=_strings("requirements", requirements),
        requirement_files=_strings("requirement_files", requirement_files),
        constraint_files=_strings("constraints", constraints),
        pre=bool(pre), time_budget=_budget(time_budget), hashes=bool(hashes), format=format, report=bool(report),
        knowledge=ScoreOptions(scores=_strings("scores", scores), rules=_strings("rules", rules),
                               no_default_scores=not default_scores, recommendation=recommendation,
                               require_scores=bool(require_scores), scores_ttl=_ttl(scores_ttl),
                               vulnerability_api=vulnerability_api, fail_on_vulnerable=bool(fail_on_vulnerable),
                               offline=bool(offline), cache_dir=cache_dir, python_version=target.python_version,
                               min_release_age=_age(min_release_age),
                               min_release_age_exempt=_strings("min_release_age_exempt", min_release_age_exempt),
                               stability_weight=_fraction("stability_weight", stability_weight),
                               stability_days=_nonnegative("stability_days", stability_days),
                               trust_root=_path_or_none("trust_root", trust_root)),
        index=IndexOptions(index_url=index_url, extra_index_urls=_strings("extra_index_urls", extra_index_urls),
                           find_links=_strings("find_links", find_links), no_index=bool(no_index),
                           isolated=bool(isolated), offline=bool(offline), cache_dir=cache_dir,
                           cache_ttl=_number("cache_ttl", cache_ttl), timeout=_timeout(timeout),
                           format_control=_format_control(no_binary, only_binary),
                           prefer_binary=bool(prefer_binary),
                           trusted_hosts=tuple(trusted_netloc(h, "trusted_hosts")
                                               for h in _strings("trusted_hosts", trusted_hosts))),
        target=target, output_dir=_path_or_none("output_dir", output_dir),
    )
    _check_choices(request.knowledge.recommendation, (*RECOMMENDATIONS, *ORDERS), "recommendation")
    _check_choices(request.format, FORMATS, "format", hint=" (Pipfile.lock and universal locks: use "
                   "`stackwise lock --format pipfile-lock` or `--universal`)")
    _check_choices(target.platform, PLATFORMS, "platform")
    said: list[str] = []  # score-service degradation warnings, which the CLI prints as they happen
    result = resolve_lock(request, command="stackwise.lock() (Python API)", warn=said.append).result
    return replace(result, warnings=(*(one_line(w) for w in said), *result.warnings)) if said else result


def resolve_lock(request: LockRequest, *, command: str,
                 sign: Callable[[LockRequest, Any, Any, Any], Any] | None = None,
                 warn: Callable[[str], None] | None = None,
                 progress: Callable[[Any], AbstractContextManager[Any]] | None = None) -> Locked:
    """The lock pipeline shared by :func:`lock` and ``stackwise lock``.

    ``command`` is the header line saying how the lock was made; ``sign(request, inputs, config, user)``
    runs before any knowledge is read (lock reuse signs the files it depends on there);
    ``progress(client)`` is entered around the resolution (the command's status line).
    """
    from packaging.version import Version

    from stackwise.index.client import IndexClient
    from stackwise.index.config import configured_requirement_files
    from stackwise.lockfiles.requirements import render
    from stackwise.reqfile import gather, parse_requirement_text
    from stackwise.resolve.engine import best_stack, requirement_bounds
    from stackwise.resolve.explain import decisions, skipped_newer, skipped_text, yanked_pins
    from stackwise.resolve.policy import Policy
    from stackwise.resolve.problem import build_problem
    from stackwise.resolve.release_age import CooldownSource, StabilitySignal, with_signal
    from stackwise.resolve.resolution import LOWEST, knowledge_recommendation

    fmt, ko, io = request.format, request.knowledge, request.index
    if fmt == "pylock" and not request.hashes:
        raise RequirementError("--no-hashes cannot be used with --format pylock: PEP 751 requires a hash for every file.")
    inputs = gather(request.requirements, request.requirement_files, request.constraint_files,
                    nothing=_NOTHING, fetch_url=url_reader(io), local=True,
                    configured_files=configured_requirement_files(isolated=io.isolated, cache=io.cache_dir))
    target = request.target.environment()
    config = index_config(io, inputs)
    config.read_constraints(inputs)  # pip's own configured constraint files apply too (read once, by from_pip)
    local: Any = None
    if inputs.local_constraints and not inputs.local:  # it can name no local project: refused as before
        parse_requirement_text(inputs.local_constraints[0].text, inputs.local_constraints[0].origin)
    if inputs.local:  # -e ./dir, ./dir, name @ file:///dir: their dependencies are locked (lockfiles/local.py)
        from stackwise.lockfiles.local import LocalLock

        local = LocalLock(inputs, target, config, fmt)
    problem, pins = build_problem(inputs, target, request.pre)
    if ko.recommendation in LOWEST:  # lowest allowed versions, to test declared minimums
        problem = replace(problem, order=ko.recommendation)
    user = user_rules_for(ko)
    overrides = user_overrides(user)
    if overrides:  # the user's replacements for declared dependencies (docs/rules.md)
        problem = replace(problem, overrides=overrides)
    if local is not None:  # a dependency on a local project is the directory, never an index release
        problem = replace(problem, overrides=local.overrides(overrides))
    cooldown, stability_weight, stability_days = release_age_for(ko)
    signed = sign(request, inputs, config, user) if sign is not None else None  # before anything is read
    kb = load_knowledge(ko, roots=[r.name for r in problem.roots], index_urls=config.effective_index_urls,
                        user=user, warn=warn)
    signal = StabilitySignal(stability_weight, stability_days) if stability_weight > 0 else None
    if signal is not None:  # the stability signal: rules from upload times (docs/cooldown.md)
        kb = with_signal(kb, signal)
    policy = Policy(kb, target, knowledge_recommendation(ko.recommendation), user_pins=pins,
                    fail_on_vulnerable=ko.fail_on_vulnerable)

    with IndexClient(config, target) as client:
        source: Any = client
        if cooldown is not None:  # the release-age cooldown filters what the resolver is offered
            from stackwise.resolve.policy import advisory_id

            source = CooldownSource(client, cooldown, advisories=policy.advisory_rules, advisory_name=advisory_id,
                                    user_pins=pins)
        if signal is not None:
            signal.bind(client)
        with progress(client) if progress is not None else nullcontext():
            outcome = best_stack(problem, source, target, policy, time_budget=request.time_budget)
        hashes_of = release_hashes(client) if request.hashes else None
        parents = outcome.stack.parents if local is None else local.parents(outcome.stack, source.metadata)

        def newest(name: str) -> Version | None:
            rels = [r for r in client.releases(name) if not r.yanked and (problem.pre or not r.version.is_prerelease)]
            return rels[0].version if rels else None

        # Newer releases that were never candidates (yanked, Requires-Python): say why.
        skips = skipped_newer({n: r.version for n, r in outcome.stack.releases.items()}, client.project,
                              target.markers["python_full_version"], pre=problem.pre,
                              within=requirement_bounds(problem))  # none the requirements rule out
        exempted: dict[str, str] = {}
        if isinstance(source, CooldownSource):  # newer releases the cooldown held back, and young ones it kept
            cooldown_skips(source, outcome.stack.releases, skips, exempted, pre=problem.pre)
        found = decisions(outcome, newest, skips)
        if problem.order != "newest":
            for d in found:  # not "follows from the other choices": the order chose it
                if not d.rules and d.note.startswith("follows from") and (
                        problem.order == "lowest" or any(r.name == d.name for r in problem.roots)):
                    d.note = f"lowest allowed version (--recommendation {problem.order})"
        verdict = outcome.verdict  # "proven best" only when the search was exhausted
        header = [
            command,
            f"recommendation: {ko.recommendation}; knowledge base: {len(kb)} rule(s); "
            f"score {outcome.score:+.3f} ({verdict}); target: {target.describe()}",
        ]
        if fmt == "pylock":
            text = _render_pylock(outcome, client, target, header,
                                  local=local.packages(request.output_dir) if local is not None else ())
        else:
            text = render(outcome.stack.releases, hashes_of=hashes_of, parents=parents,
                          extras=outcome.stack.extras, header=header, requirement_files=inputs.files,
                          local=local.lines() if local is not None else None,
                          options=config.format_control.option_lines())
        overridden = overridden_pins(overrides, outcome.stack)
        report = None
        if request.report:
            report = build_report(ko.recommendation, outcome, found, newest, hashes_of, target, kb, verdict)
            for pkg in report["packages"]:
                rel = outcome.stack.releases[pkg["name"]]
                pkg["yanked"] = (rel.yanked_reason or "") if rel.yanked else None
                pkg["skipped_newer"] = [s.to_json() for s in skips.get(pkg["name"], ())]
                pkg["override"] = overridden.get(pkg["name"])
            report["overrides"] = overrides.to_json() if overrides else []
            report["min_release_age"] = cooldown.text if cooldown is not None else None
            for pkg in report["packages"]:
                pkg["min_release_age_exemption"] = exempted.get(pkg["name"])
        stack = outcome.stack
        pin_map = {name: Pin(name=name, version=str(rel.version),
                             hashes=tuple(sorted(set(hashes_of(rel)))) if hashes_of else (),
                             via=tuple(sorted(parents.get(name, ()))), index_url=rel.index_url,
                             extras=tuple(sorted((stack.extras or {}).get(name, frozenset()))))
                   for name, rel in sorted(stack.releases.items())}

    warnings = [*outcome.warnings, *yanked_pins(stack.releases)]
    if isinstance(source, CooldownSource):
        warnings += source.warnings()
    # Each line is one line: text from indexes and rules (yanked reasons, messages) cannot
    # start another one or carry terminal escapes (rules are cleaned when read, too).
    warning_lines = [one_line(f"stackwise: warning: {w}") for w in warnings]
    for d in found:  # a young release kept by an exemption: the decision line says why
        if d.name in exempted and d.note.startswith("follows from") and not d.rules:
            d.note = exempted[d.name]
        elif d.name in exempted:
            overridden[d.name] = "; ".join(x for x in (overridden.get(d.name), exempted[d.name]) if x)
    lines = [f"stackwise: {d.line()}" + (f"; {overridden[d.name]}" if d.name in overridden else "") for d in found]
    lines += [f"stackwise: {name} {stack.releases[name].version} — {text}"
              for name, text in overridden.items() if name not in {d.name for d in found}]
    lines += [f"stackwise: {name} {stack.releases[name].version} — {text}"
              + (f"; {skipped_text(skips[name])}" if name in skips else "")
              for name, text in sorted(exempted.items()) if name not in {d.name for d in found}]
    lines += [f"stackwise: {name} {stack.releases[name].version} — {skipped_text(skips[name])}"
              for name in sorted(set(skips) - {d.name for d in found} - set(exempted))]
    summary = f"stackwise: {len(stack.releases)} packages, {len(found)} decision(s) differ from pip; {verdict}"
    result = LockResult(
        pins=pin_map,
        decisions=tuple(Decision(name=d.name, chosen=_text(d.chosen), pip=_text(d.pip), newest=_text(d.newest),
                                 rules=tuple(r.id for r in d.rules), note=d.note,
                                 line=one_line(d.line() + (f"; {overridden[d.name]}" if d.name in overridden
                                                           else "")))
                        for d in found),
        score=outcome.score, proven=bool(outcome.proven), verdict=verdict,
        warnings=tuple(one_line(w) for w in warnings), text=text, format=fmt,
        recommendation=ko.recommendation, target=target.describe(), resolutions=outcome.nodes,
        seconds=outcome.elapsed, report=report,
    )
    return Locked(result=result, warning_lines=warning_lines, decision_lines=[one_line(x) for x in lines],
                  summary=summary, inputs=inputs, config=config, client=client, signed=signed)


def cooldown_skips(source: Any, releases: Mapping[str, Any], skips: dict[str, list[Any]], exempted: dict[str, str],
                   *, pre: bool = False) -> None:
    """Add the releases the cooldown held back above each pin to ``skips`` (so the decision
    line and the report name them), and the pins it kept although young to ``exempted``."""
    from stackwise.resolve.explain import SkippedRelease

    for name, rel in releases.items():
        held = [SkippedRelease(str(h.version), h.reason) for h in source.newer_held(name, rel.version)
                if pre or not h.version.is_prerelease]
        if held:
            merged = {s.version: s for s in [*skips.get(name, ()), *held]}
            skips[name] = sorted(merged.values(), key=lambda s: _version_key(s.version), reverse=True)
        why = source.exemption(name, rel.version)
        if why is not None:
            exempted[name] = why


def _version_key(text: str) -> Any:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def url_reader(options: IndexOptions) -> Callable[[str, str], str]:
    """Reads ``-r``/``-c`` files given as https:// URLs through the URL cache, honouring the
    cache directory, offline mode, cache TTL and timeout (stackwise.urlfiles)."""

    def read(url: str, what: str) -> str:
        from stackwise.urlfiles import DEFAULT_TIMEOUT, fetch_url

        return str(fetch_url(url, what=what, error=RequirementError, cache_dir=options.cache_dir,
                             ttl=options.cache_ttl, offline=options.offline,
                             timeout=options.timeout or DEFAULT_TIMEOUT))

    return read


def index_config(options: IndexOptions, inputs: Any) -> Any:
    """pip's index configuration with the options and the requirements files' own index lines
    (format options: the command line's, then the files' in the order read, as pip applies them)."""
    from stackwise.index.config import IndexConfig
    from stackwise.index.formats import FormatControl

    return IndexConfig.from_pip(
        format_control=FormatControl() if options.format_control is None else options.format_control,
        file_format_options=getattr(inputs, "format_options", ()),  # after pip's configured constraint files'
        prefer_binary=options.prefer_binary or bool(getattr(inputs, "prefer_binary", False)),
        trusted_hosts=(*options.trusted_hosts, *getattr(inputs, "trusted_hosts", ())),
        # the command line's indexes, then the files' index lines in pip's order (a file's --index-url
        # replaces them: pip's file options change its finder after the command line made it)
        index_url=options.index_url,
        extra_index_urls=list(options.extra_index_urls),
        file_index_steps=inputs.index_steps,
        find_links=[*inputs.find_links, *options.find_links],
        no_index=options.no_index,
        isolated=options.isolated,
        offline=options.offline,
        cache_dir=options.cache_dir,
        ttl=options.cache_ttl,
        timeout=options.timeout,
    )


def release_hashes(client: Any) -> Callable[[Any], list[str]]:
    """One hash per file of a release (the strongest the index gives), for ``--hash`` lines."""

    def hashes_of(release: Any) -> list[str]:
        out = []
        for f in release.files:
            digests = f.hashes or (client.file_hashes(f) if hasattr(client, "file_hashes") else {})
            for algo in _HASH_ALGOS:
                if algo in digests:
                    out.append(f"{algo}:{digests[algo]}")
                    break
        return out

    return hashes_of


def user_overrides(user: Any) -> Any:
    """The user's dependency overrides ([tool.stackwise] and --rules), or None."""
    if not user.overrides:
        return None
    from stackwise.resolve.overrides import Overrides

    return Overrides(user.overrides)


def overridden_pins(overrides: Any, stack: Any) -> dict[str, str]:
    """Pinned packages that some other pinned package depends on and the user overrode:
    name -> the line saying so (every decision line and report entry carries it)."""
    if not overrides:
        return {}
    return {name: overrides.describe(name) for name in sorted(stack.releases)
            if name in overrides and set(stack.parents.get(name, ())) - {"-r"}}


def _render_pylock(outcome: Any, client: Any, target: Any, header: Sequence[str], local: Sequence[Any] = ()) -> str:
    """pylock.toml for the chosen stack: every file of each pinned version, with URL and hash;
    ``local``: the local projects' ``directory`` entries, sorted in by name (as uv writes them)."""
    from stackwise.lockfiles.build import locked_packages
    from stackwise.lockfiles.model import Lock
    from stackwise.lockfiles.pylock import environment_marker, render_pylock

    file_hashes = getattr(client, "file_hashes", None)
    packages = locked_packages(outcome.stack.releases, extras=outcome.stack.extras, file_hashes=file_hashes)
    for pkg in packages:
        if any(not f.hashes for f in pkg.files):
            raise StackwiseError(f"No hash is available for a file of {pkg.name} {pkg.version}; PEP 751 requires one.")
    py = target.markers["python_version"]
    if local:
        packages = tuple(sorted((*packages, *local), key=lambda p: p.name))
    lock = Lock(packages=packages, requires_python=f"=={py}.*")
    return render_pylock(lock, header=header, environments=[environment_marker(target.markers)])


def _flags_in_rules(kb: Any) -> frozenset[str]:
    """CPU flags any rule's condition mentions: the ones worth reporting for this target."""
    return frozenset(f for r in kb.rules if r.condition is not None for f in r.condition.cpu_flags)


def build_report(recommendation: str, outcome: Any, found: Any, newest: Any, hashes_of: Any, target: Any, kb: Any,
                 verdict: str) -> dict[str, Any]:
    """The ``--report`` document: every pin, its score and rules, pip's pick, the decisions."""
    from stackwise import __version__

    policy = outcome.policy
    pins = outcome.stack.versions()
    _, applied = policy.stack_score(pins)
    pip_versions = outcome.pip_stack.versions()
    packages = []
    for name in sorted(outcome.stack.releases):
        rel = outcome.stack.releases[name]
        score, unary_rules = policy.unary(name, rel.version, rel.index_url)
        pair_rules = [r for r in applied if r.is_pair and name in (r.package.name, r.other.name)]
        nv = newest(name)
        packages.append(
            {
                "name": name,
                "version": str(rel.version),
                "newest": str(nv) if nv else None,
                "pip_version": str(pip_versions[name][0]) if name in pip_versions else None,
                "score": round(score + sum(policy.weight(r) for r in pair_rules), 6),
                "rules": [r.to_json() for r in (*unary_rules, *pair_rules)],
                "via": sorted(outcome.stack.parents.get(name, ())),
                "index_url": rel.index_url,
                "hashes": hashes_of(rel) if hashes_of else [],
            }
        )
    return {
        "stackwise_version": __version__,
        "recommendation": recommendation,
        "target": {"python": target.markers["python_full_version"], "platform": target.markers["sys_platform"],
                   "machine": target.markers["platform_machine"], "cuda_version": target.cuda_version,
                   "cpu_flags": sorted(target.cpu_flags & _flags_in_rules(kb))},
        "knowledge_base": {"rules": len(kb), "revision": kb.revision},
        "score": round(outcome.score, 6),
        "proven_best": outcome.proven,
        "verdict": verdict,
        "resolutions": outcome.nodes,
        "seconds": round(outcome.elapsed, 3),
        "packages": packages,
        "decisions": [
            {"name": d.name, "chosen": str(d.chosen) if d.chosen else None, "pip": str(d.pip) if d.pip else None,
             "newest": str(d.newest) if d.newest else None, "rules": [r.id for r in d.rules], "note": d.note,
             "line": d.line()}
            for d in found
        ],
        "warnings": outcome.warnings,
    }


# -- explain ----------------------------------------------------------------------------------


def explain(
    package: str,
    *,
    scores: Sequence[str] = (),
    rules: Sequence[str] = (),
    default_scores: bool = True,
    recommendation: str = "stable",
    target: Target | None = None,
    index_url: str | None = None,
    extra_index_urls: Sequence[str] = (),
    find_links: Sequence[str] = (),
    no_index: bool = False,
    isolated: bool = False,
    offline: bool = False,
    cache_dir: str | None = None,
    cache_ttl: float = 600.0,
    timeout: float | None = None,
    require_scores: bool = False,
    scores_ttl: float | None = None,
    min_release_age: str | None = None,
    min_release_age_exempt: Sequence[str] = (),
    trust_root: str | None = None,
) -> Explanation:
    """The rules about ``package`` (``NAME`` or ``NAME==VERSION``), as ``stackwise explain``
    shows them; with an index, also which releases are yanked, excluded by Requires-Python
    or held back by the release-age cooldown."""
    target = Target() if target is None else target
    if not isinstance(target, Target):
        raise StackwiseError(f"target must be a stackwise.Target, not {type(target).__name__}.")
    _check_choices(recommendation, RECOMMENDATIONS, "recommendation")
    _check_choices(target.platform, PLATFORMS, "platform")
    knowledge = ScoreOptions(scores=_strings("scores", scores), rules=_strings("rules", rules),
                             no_default_scores=not default_scores, recommendation=recommendation,
                             require_scores=bool(require_scores), scores_ttl=_ttl(scores_ttl), offline=bool(offline),
                             cache_dir=cache_dir, python_version=target.python_version,
                             min_release_age=_age(min_release_age),
                             min_release_age_exempt=_strings("min_release_age_exempt", min_release_age_exempt),
                             trust_root=_path_or_none("trust_root", trust_root))
    index = IndexOptions(index_url=index_url, extra_index_urls=_strings("extra_index_urls", extra_index_urls),
                         find_links=_strings("find_links", find_links), no_index=bool(no_index),
                         isolated=bool(isolated), offline=bool(offline), cache_dir=cache_dir,
                         cache_ttl=_number("cache_ttl", cache_ttl), timeout=_timeout(timeout))
    said: list[str] = []
    found = explain_package(str(package), knowledge=knowledge, index=index, target=target, warn=said.append)
    return replace(found, warnings=(*(one_line(w) for w in said), *found.warnings)) if said else found


def explain_package(package: str, *, knowledge: ScoreOptions, index: IndexOptions, target: Target,
                    warn: Callable[[str], None] | None = None) -> Explanation:
    """:func:`explain` from plain options (``stackwise explain`` calls this)."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import InvalidVersion, Version

    from stackwise._explanation import ExplainedRule, Explanation
    from stackwise._text import one_line
    from stackwise.knowledge.rules import RECOMMENDATIONS as WEIGHTS

    try:
        req = Requirement(package)
    except InvalidRequirement as exc:
        raise StackwiseError(f"{package!r} is not a package name or NAME==VERSION: {exc}.") from None
    if req.url or req.extras or req.marker or len(req.specifier) > 1 or \
            any(sp.operator != "==" for sp in req.specifier):  # each was dropped silently: lib>=2 showed every lib rule
        shown = one_line(package if len(package) <= 60 else package[:57] + "...")
        raise StackwiseError(f"{shown!r}: give NAME or NAME==VERSION (one release; no range, extras, marker or URL).")
    version: Version | None = None
    pinned = [sp for sp in req.specifier if sp.operator == "=="]
    if pinned:
        try:
            version = Version(pinned[0].version)
        except (InvalidVersion, ValueError):  # "==1.*"; ValueError: over Python's 4300-digit limit
            text = pinned[0].version
            shown = one_line(text if len(text) <= 60 else text[:57] + "...")
            raise StackwiseError(f"{shown!r} is not a version: give NAME or NAME==VERSION (one release, "
                                 "not a wildcard such as ==1.*).") from None
    name = canonicalize_name(req.name)
    env = target.environment()
    config = _explain_index_config(index)
    users: list[Any] = []  # read inside load_knowledge, after the score sources (as the CLI always did)
    kb = load_knowledge(knowledge, roots=[name], index_urls=config.effective_index_urls if config else (),
                        user=lambda: users.append(user_rules_for(knowledge)) or users[0], warn=warn)
    weights = WEIGHTS[knowledge.recommendation]
    rows: list[ExplainedRule] = []
    for rule in getattr(kb, "mentioning", kb.for_package)(name):  # deferred pair rules too (knowledge/shipped.py)
        side = rule.package if rule.package.name == name else rule.other
        assert side is not None
        matches = None if version is None else side.matches(name, version)
        rows.append(ExplainedRule(rule=rule.to_json(), applies_to_target=rule.applies_to(env),
                                  matches_version=matches,
                                  weighted_score=round(weights.get(rule.category, 0.0) * rule.score, 6),
                                  vetoes=rule.vetoes_in(knowledge.recommendation)))
    if version is not None:
        rows = [r for r in rows if r.matches_version]
    warnings: list[str] = []
    cooldown = release_age_for(knowledge)[0]
    status = _index_status(config, name, version, env, warnings, cooldown=cooldown, kb=kb) if config is not None else None
    overrides = user_overrides(users[0])
    override = overrides.describe(name) if overrides and name in overrides else None
    return Explanation(package=name, version=str(version) if version else None,
                       recommendation=knowledge.recommendation, target=env.describe(), rules=tuple(rows),
                       knowledge_rules=len(kb), index=status, override=override, warnings=tuple(warnings))


def evidence_text(evidence: Mapping[str, Any]) -> str:
    """One line of proof: what kind, whether an inspection confirmed it, and where to look."""
    parts = [str(evidence.get("kind", "?"))]
    if evidence.get("confirmed"):
        parts.append("confirmed by an inspection")
    elif "confirmed" in evidence:
        parts.append("not confirmed by an inspection")
    ids = evidence.get("inspections") or []
    if ids:
        parts.append("inspections " + ", ".join(str(i) for i in ids[:5]) + (" ..." if len(ids) > 5 else ""))
    if evidence.get("signature"):
        parts.append(f"failure: {evidence['signature']}")
    if evidence.get("consumer_file"):
        parts.append(f"{evidence['consumer_file']}:{evidence.get('line', '?')} imports {evidence.get('name', '?')}"
                     f" (gone in {evidence.get('removed_in', '?')})")
    if evidence.get("proof"):
        parts.append(str(evidence["proof"]))
    return "; ".join(parts)


def _explain_index_config(options: IndexOptions) -> Any:
    """The index to consult, only when one is named: explain stays offline by default."""
    if not options.named:
        return None
    from stackwise.index.config import IndexConfig

    return IndexConfig.from_pip(
        index_url=options.index_url, extra_index_urls=list(options.extra_index_urls),
        find_links=list(options.find_links), no_index=options.no_index, isolated=options.isolated,
        offline=options.offline, cache_dir=options.cache_dir, ttl=options.cache_ttl, timeout=options.timeout,
    )


def _index_status(config: Any, name: str, version: Any, target: Any, warnings: list[str], *,
                  cooldown: Any = None, kb: Any = None) -> dict[str, Any]:
    """What the index offers for ``name``: releases the resolver skips (yanked, Requires-Python,
    the release-age cooldown) and, for ``NAME==VERSION``, whether that release can be picked at
    all and why not. An index that cannot be read is a warning, not an error: the rules are
    still worth showing."""
    from packaging.version import Version

    from stackwise.index.client import IndexClient
    from stackwise.resolve.explain import SkippedRelease, unusable_releases, yanked_reason

    python = target.markers["python_full_version"]
    held: list[Any] = []
    try:
        with IndexClient(config, target) as client:
            project = client.project(name)
            if cooldown is not None:
                from stackwise.resolve.policy import advisory_id, is_advisory
                from stackwise.resolve.release_age import CooldownSource

                def advisories(n: str) -> list[Any]:
                    return [r for r in (kb.for_package(n) if kb is not None else ()) if is_advisory(r)
                            and r.applies_to(target)]

                source = CooldownSource(client, cooldown, advisories=advisories, advisory_name=advisory_id)
                held = [SkippedRelease(str(r.version), why) for r, why in source.held_back(name)]
                warnings += source.warnings()
    except StackwiseError as exc:
        warnings.append(f"could not read {name} from the index: {exc}")
        return {"error": str(exc), "summary": "not available (see the warning)"}
    skipped = unusable_releases(project, python, pre=True)
    held_versions = {s.version for s in held}
    skipped = sorted([*(s for s in skipped if s.version not in held_versions), *held],
                     key=lambda s: _version_key(s.version), reverse=True)
    usable = [r for r in project.releases if not r.yanked and str(r.version) not in held_versions]
    out: dict[str, Any] = {"newest_usable": str(usable[0].version) if usable else None,
                           "skipped": [s.to_json() for s in skipped]}
    if version is not None:
        release = next((r for r in project.releases if r.version == version), None)
        reason = next((s.reason for s in skipped if Version(s.version) == version), None)
        if release is not None and release.yanked:
            status = "yanked"
            text = (f"{name} {version} is {yanked_reason(release)}: pip and stackwise skip it unless a "
                    "requirement pins exactly this version.")
        elif str(version) in held_versions:
            status = "held back"
            text = f"{name} {version} is held back by the release-age cooldown: {reason}."
        elif reason is not None:
            status = "skipped"
            text = f"{name} {version} cannot be installed on the target: {reason}."
        elif release is not None:
            status = "available"
            text = f"{name} {version} is available for the target ({target.describe()})."
        else:
            status = "absent"
            text = f"the index lists no release {name}=={version}."
        out.update(status=status, reason=reason or (yanked_reason(release) if status == "yanked" else None))
        out["summary"] = text
    else:
        shown = "; ".join(f"{s.version} {s.reason}" for s in skipped[:10])
        more = f" (+{len(skipped) - 10} more)" if len(skipped) > 10 else ""
        newest = out["newest_usable"] or "none"
        out["summary"] = (f"newest release usable on the target: {newest}"
                          + (f"; skipped: {shown}{more}" if skipped else "; no release is skipped."))
    return out


# -- argument checks (the command line's argparse does these for its users) ---------------------


def _strings(what: str, values: Sequence[str] | str) -> tuple[str, ...]:
    """A tuple of strings; one string alone is one item (``lock("flask")`` is ``lock(["flask"])``)."""
    if isinstance(values, str):
        return (values,)
    out = tuple(values)
    bad = next((v for v in out if not isinstance(v, str)), None)
    if bad is not None:
        raise StackwiseError(f"{what} must be strings, not {type(bad).__name__} ({bad!r}).")
    return out


def _format_control(no_binary: Sequence[str] | str, only_binary: Sequence[str] | str) -> Any:
    """``no_binary`` then ``only_binary`` values as a FormatControl (None: neither given)."""
    from stackwise.index.formats import NO_BINARY, ONLY_BINARY, FormatControl

    given = [(NO_BINARY, v, "no_binary") for v in _strings("no_binary", no_binary)]
    given += [(ONLY_BINARY, v, "only_binary") for v in _strings("only_binary", only_binary)]
    return FormatControl().applied_all(given) if given else None


def _check_choices(value: str | None, choices: Sequence[str], what: str, hint: str = "") -> None:
    if value is not None and value not in choices:
        raise StackwiseError(f"{what} {value!r} is not one of: {', '.join(choices)}{hint}.")


def _budget(value: float) -> float:
    from stackwise.resolve.budget import parse_time_budget

    try:
        return parse_time_budget(str(value))
    except ValueError as exc:
        raise StackwiseError(f"time_budget: {exc}") from None


def _timeout(value: float | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise StackwiseError(f"timeout must be a positive number of seconds, not {value!r}.")
    return seconds


def _number(what: str, value: float) -> float:
    """A number, as the command line's ``type=float`` options take (their checks come later)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise StackwiseError(f"{what} must be a number of seconds, not {value!r}.") from None


def _ttl(value: float | None) -> float | None:
    return None if value is None else _number("scores_ttl", value)


def _path_or_none(what: str, value: Any) -> str | None:
    """A file path given as ``str`` or ``os.PathLike`` (e.g. ``trust_root``), or None."""
    if value is None:
        return None
    import os

    try:
        return os.fspath(value)
    except TypeError:
        raise StackwiseError(f"{what} must be a file path, not {type(value).__name__}.") from None


def _age(value: str | None) -> str | None:
    """``min_release_age`` checked now, with the command line's message (the cutoff comes later)."""
    if value is None:
        return None
    from stackwise.resolve.cutoff import parse_min_release_age

    parse_min_release_age(value, where="min_release_age")
    return str(value)


def _fraction(what: str, value: float | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not 0 <= number <= 1:
        raise StackwiseError(f"{what} must be a number from 0 to 1, not {value!r}.")
    return number


def _nonnegative(what: str, value: float | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not 0 <= number < math.inf:
        raise StackwiseError(f"{what} must be a number of days >= 0, not {value!r}.")
    return number


def _text(value: Any) -> str | None:
    return str(value) if value else None


__all__ = [
    "Decision",
    "ExplainedRule",
    "Explanation",
    "LockRequest",
    "LockResult",
    "Pin",
    "Target",
    "explain",
    "explain_package",
    "lock",
    "resolve_lock",
]


def __getattr__(name: str) -> object:
    """``Explanation`` and ``ExplainedRule``, defined when first asked for (PEP 562): every
    ``stackwise lock`` imports this module, and two dataclasses cost about 1 ms there."""
    if name in ("Explanation", "ExplainedRule"):
        from stackwise import _explanation

        value = getattr(_explanation, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
