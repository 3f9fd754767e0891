"""Pipfile -> the best stack for ``[packages]`` and ``[dev-packages]`` together, split per section.

Why jointly: Pipenv locks ``default`` first and then ``develop`` constrained to default's pins.
Choosing default's versions without looking at develop can leave develop with nothing but
vetoed stacks (flask's newest release needs click 8.1, ``black<22.3`` breaks with click 8.1),
although a stack good for both exists (an older flask that accepts click 8.0). So stackwise
searches the union of both sections once, then resolves each section again with every
package pinned to the joint choice: each section gets exactly its own closure (its extras
and markers), and develop still uses default's pins because both come from one stack.

Used by ``stackwise lock --format pipfile-lock`` (which writes the lock itself) and by
``stackwise pipenv lock`` (which hands the joint pins to Pipenv's real resolver as the
versions to try first), so both lock the same picks. Decision lines compare each section
with what plain ``pipenv lock`` would write for it: default alone, then develop with
default's plain pins.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise._dataclass import dataclass
from stackwise.errors import RequirementError, ResolutionError
from stackwise.lockfiles.pipfile import Pipfile, section_requirements
from stackwise.reqfile import Inputs, Line, parse_requirement_text, read_requirements_file

# (Pipfile table, Pipfile.lock section), in the order Pipenv locks them.
SECTIONS = (("packages", "default"), ("dev-packages", "develop"))
_TABLE = dict((label, table) for table, label in SECTIONS)


@dataclass
class SectionPlan:
    """One Pipfile.lock section: its part of the joint stack and what plain Pipenv would lock."""

    label: str  # "default" / "develop"
    stack: Any | None  # Stack; None: no requirement of the section applies to the target
    plain: Any | None = None  # Stack plain `pipenv lock` would write; None when it cannot lock
    plain_error: str | None = None
    decisions: list[Any] = field(default_factory=list)
    overridden: dict[str, str] = field(default_factory=dict)  # name -> the user's override, described
    held: dict[str, str] = field(default_factory=dict)  # name -> "version — " the cooldown's part, if no decision

    @property
    def table(self) -> str:
        return _TABLE[self.label]

    def pins(self) -> dict[str, str]:
        return self.stack.pins() if self.stack is not None else {}


@dataclass
class PipfilePlan:
    """The joint search's outcome and its split into Pipfile.lock sections."""

    outcome: Any | None  # Outcome of the joint search; None for a Pipfile with nothing to lock
    sections: dict[str, SectionPlan]
    warnings: list[str]  # each names its section(s)

    def pins(self) -> dict[str, str]:
        """Every joint pin (what Pipenv's resolver is told to try first)."""
        return self.outcome.stack.pins() if self.outcome is not None else {}

    def decision_count(self) -> int:
        return sum(len(s.decisions) for s in self.sections.values())

    def message_lines(self, *, quiet: bool, tool: str = "pipenv") -> list[str]:
        """Warnings, then (unless quiet) one line per decision, each naming its section."""
        lines = [f"stackwise: warning: {w}" for w in self.warnings]
        if not quiet:
            for section in self.sections.values():
                said = {d.name for d in section.decisions}
                lines += [f"stackwise: [{section.label}] {d.line(tool)}"
                          + (f"; {section.overridden[d.name]}" if d.name in section.overridden else "")
                          for d in section.decisions]
                lines += [f"stackwise: [{section.label}] {name} {section.stack.releases[name].version} — {text}"
                          for name, text in section.overridden.items() if name not in said]
                lines += [f"stackwise: [{section.label}] {name} {text}" for name, text in section.held.items()]
        return lines


def release_age_of(args: argparse.Namespace) -> tuple[Any, Any]:
    """(the cooldown or None, the stability signal or None) the options and settings ask for,
    as ``stackwise lock`` reads them (docs/cooldown.md)."""
    from stackwise.commands.options import score_options
    from stackwise.options import release_age_for
    from stackwise.resolve.release_age import StabilitySignal

    age, weight, days = release_age_for(score_options(args))
    return age, (StabilitySignal(weight, days) if weight > 0 else None)


def with_cooldown(client: Any, age: Any, policy: Any, user_pins: Mapping[str, Any]) -> Any:
    """``client`` as the resolver should see it under the cooldown ``age`` (None: unchanged):
    the same :class:`~stackwise.resolve.release_age.CooldownSource` ``stackwise lock`` uses,
    with the policy's advisories (a young fix stays) and the user's exact pins (kept)."""
    if age is None:
        return client
    from stackwise.resolve.policy import advisory_id
    from stackwise.resolve.release_age import CooldownSource

    return CooldownSource(client, age, advisories=policy.advisory_rules, advisory_name=advisory_id,
                          user_pins=user_pins)


def cooldown_notes(source: Any, releases: Mapping[str, Any], *,
                   pre: bool = False) -> tuple[dict[str, list[Any]], dict[str, str]]:
    """(newer releases held back above each pin, for ``decisions(..., skipped)``; why a young pin
    was kept) -- both empty unless ``source`` is a CooldownSource."""
    from stackwise.resolve.release_age import CooldownSource

    skips: dict[str, list[Any]] = {}
    exempted: dict[str, str] = {}
    if isinstance(source, CooldownSource):
        from stackwise.api import cooldown_skips

        cooldown_skips(source, releases, skips, exempted, pre=pre)
    return skips, exempted


def cooldown_lines(found: Sequence[Any], releases: Mapping[str, Any], skips: Mapping[str, list[Any]],
                   exempted: Mapping[str, str]) -> dict[str, str]:
    """The cooldown's part of the decision lines, as ``stackwise lock`` prints it: a decision
    that only "follows from" the others says why its young pin was kept; every other package
    the cooldown touched gets ``{name: "version — text"}`` (its own line)."""
    from stackwise.resolve.explain import skipped_text

    decided = {d.name for d in found}
    for d in found:
        why = exempted.get(d.name)
        if why is not None:
            d.note = why if (not d.rules and (not d.note or d.note.startswith("follows from"))) else (
                f"{d.note}; {why}" if d.note and not d.rules else d.note)
    out: dict[str, str] = {}
    for name in sorted((set(skips) | set(exempted)) - decided):
        parts = [exempted[name]] if name in exempted else []
        if name in skips:
            parts.append(skipped_text(skips[name]))
        out[name] = f"{releases[name].version} — {'; '.join(parts)}"
    return out


def section_lines(pipfile: Pipfile, table: str, config: Any | None = None) -> list[tuple[Any, str]]:
    """``(requirement, origin)`` for everything ``[table]`` asks for: its index entries, and the
    dependencies of its ``path`` projects (with the entry's markers), which are locked in their place.
    ``config`` (the lock's :class:`~stackwise.index.config.IndexConfig`: indexes, --find-links,
    --offline) is where a path project's metadata build gets its build requirements."""
    from packaging.requirements import Requirement

    from stackwise.lockfiles.pipfile import local_projects

    out = [(req, f"{pipfile.path} [{table}] {req.name}") for req, _, _ in section_requirements(pipfile, table)]
    for project in local_projects(pipfile, table, config=config):
        for req in project.requirements:
            if project.marker:
                base = req.name + (f"[{','.join(sorted(req.extras))}]" if req.extras else "") + str(req.specifier)
                both = f"({req.marker}) and ({project.marker})" if req.marker else project.marker
                req = Requirement(f"{base} ; {both}")
            out.append((req, f"{pipfile.path} [{table}] {project.name} ({project.path}) requires {req}"))
    return out


def _inputs(pipfile: Pipfile, reqs: Mapping[str, list[Any]], labels: Iterable[str],
            pins: Mapping[str, str] | None, constraint_files: Sequence[str] | Inputs) -> Inputs:
    """The sections' lines, the joint pins and pip's configured constraint files: their paths, or
    their lines already read (:func:`configured_constraints`)."""
    inputs = Inputs()
    for label in labels:
        for req, origin in reqs[label]:
            inputs.requirements.append(Line(req, origin))
    for name, version in (pins or {}).items():
        origin = f"{pipfile.path} (pinned by the joint resolution)"
        inputs.constraints.append(Line(parse_requirement_text(f"{name}=={version}", origin), origin))
    if isinstance(constraint_files, Inputs):
        inputs.requirements.extend(constraint_files.requirements)
        inputs.constraints.extend(constraint_files.constraints)
        inputs.pre = inputs.pre or constraint_files.pre
        return inputs
    for path in constraint_files:  # pip's own configured constraint files apply too
        read_requirements_file(path, inputs, constraint=True)
    return inputs


def configured_constraints(config: Any | None, constraint_files: Sequence[str] | Inputs) -> Sequence[str] | Inputs:
    """pip's configured constraint files (``config.constraints``) read once, as
    ``config.read_constraints`` gives them, for every :func:`_inputs` of a plan; other paths as they are.

    Why: a plan builds the inputs five times (joint, each section, plain Pipenv's); each read and
    parsed the files again although ``IndexConfig.from_pip`` had read them already."""
    if config is None or isinstance(constraint_files, Inputs) or not constraint_files \
            or tuple(constraint_files) != tuple(config.constraints):
        return constraint_files
    read = Inputs()
    config.read_constraints(read)
    return read


def plan_pipfile(
    pipfile: Pipfile,
    client: Any,
    target: Any,
    *,
    kb: Any,
    recommendation: str,
    time_budget: float,
    pre: bool,
    constraint_files: Sequence[str] | Inputs = (),
    tool: str = "pipenv",
    overrides: Any | None = None,
    fail_on_vulnerable: bool = False,
    min_release_age: Any | None = None,
    config: Any | None = None,
) -> PipfilePlan:
    """Best stack for both sections together, split into sections, with decisions per section.

    A failure names the section it comes from: a section that cannot be locked alone, or
    both sections that cannot be locked together. ``overrides`` (the user's dependency
    overrides, resolve/overrides.py) apply to the plan; "plain" stays what Pipenv, which
    knows nothing of them, would lock. ``fail_on_vulnerable`` is ``--fail-on-vulnerable``;
    ``min_release_age`` (a :class:`~stackwise.resolve.cutoff.MinReleaseAge`) holds young
    releases back from the plan and from "plain" alike (Pipenv under pip's
    ``--uploaded-prior-to``), and the decision lines name them, as ``stackwise lock`` does.
    ``config`` is where path projects' metadata builds find their build requirements.
    """
    from stackwise.knowledge.rules import KnowledgeBase
    from stackwise.resolve.engine import Outcome, best_stack
    from stackwise.resolve.explain import decisions
    from stackwise.resolve.policy import Policy
    from stackwise.resolve.problem import build_problem
    from stackwise.resolve.resolution import Stack, resolve_once

    reqs = {label: section_lines(pipfile, table, config) for table, label in SECTIONS}
    labels = [label for _, label in SECTIONS]
    constraint_files = configured_constraints(config, constraint_files)
    problem, user_pins = build_problem(_inputs(pipfile, reqs, labels, None, constraint_files), target, pre)
    if overrides:
        problem = dataclasses.replace(problem, overrides=overrides)
    policy = Policy(kb, target, recommendation, user_pins=user_pins, fail_on_vulnerable=fail_on_vulnerable)
    empty = Policy(KnowledgeBase(), target, "latest")
    if not problem.roots:
        return PipfilePlan(None, {label: SectionPlan(label, None) for label in labels}, [])
    index = client  # newest releases are the index's, as `stackwise lock` says them
    client = with_cooldown(client, min_release_age, policy, user_pins)
    try:
        outcome = best_stack(problem, client, target, policy, time_budget=time_budget)
    except ResolutionError as exc:
        raise _name_the_section(exc, pipfile, reqs, client, target, kb, recommendation, time_budget, pre,
                                constraint_files, overrides, fail_on_vulnerable) from None

    def section_stack(label: str, pins: Mapping[str, str] | None, *,
                      override: bool = True) -> tuple[Any | None, str | None]:
        """(stack, None), (None, None) when nothing of the section applies, or (None, error)."""
        sub, _ = build_problem(_inputs(pipfile, reqs, [label], pins, constraint_files), target, pre)
        if overrides and override:
            sub = dataclasses.replace(sub, overrides=overrides)
        if not sub.roots:
            return None, None
        try:
            stack, _, conflict = resolve_once(sub, client, target, empty)
        except ResolutionError as exc:
            return None, str(exc)
        if stack is None:
            from stackwise.resolve.resolution import describe_conflict

            return None, describe_conflict(conflict) if conflict is not None else "no stack"
        return stack, None

    joint = outcome.stack.pins()
    sections: dict[str, SectionPlan] = {}
    for label in labels:
        stack, error = section_stack(label, joint)
        if error is not None:  # cannot happen for a consistent joint stack; say so plainly if it does
            raise ResolutionError(f"{pipfile.path} [{_TABLE[label]}]: the joint stack does not resolve for this "
                                  f"section alone: {error}")
        sections[label] = SectionPlan(label, stack)
    # What plain `pipenv lock` would write: default alone, then develop with default's pins.
    plain_default, error = section_stack("default", None, override=False)
    sections["default"].plain, sections["default"].plain_error = plain_default, error
    if error is None:
        plain_dev, dev_error = section_stack("develop", plain_default.pins() if plain_default else None,
                                             override=False)
        sections["develop"].plain, sections["develop"].plain_error = plain_dev, dev_error
    else:
        sections["develop"].plain_error = "default cannot be locked"

    def newest(name: str) -> Version | None:
        rels = [r for r in index.releases(name) if not r.yanked and (problem.pre or not r.version.is_prerelease)]
        return rels[0].version if rels else None

    def view(stack: Any, plain: Any) -> Any:
        return Outcome(stack=stack, pip_stack=plain, score=outcome.score, proven=outcome.proven,
                       nodes=outcome.nodes, elapsed=outcome.elapsed, policy=policy)

    # Reasons seen from the whole stack: default's click moves because of a rule about
    # develop's black, which the default section alone does not contain.
    plain_all: dict[Any, Any] = {}
    for section in sections.values():
        plain_all.update(section.plain.releases if section.plain is not None else {})
    joint_reasons = {d.name: d.rules for d in decisions(view(outcome.stack, Stack(plain_all, {}, list(plain_all))),
                                                        newest)}
    warnings: list[str] = []
    for section in sections.values():
        if section.stack is None:
            continue
        if section.plain is None and section.plain_error:
            lines = [line.strip() for line in section.plain_error.splitlines() if line.strip()]
            first = lines[0] if lines else ""
            if first.endswith(":") and len(lines) > 1:  # "... The conflict is caused by:" says nothing alone
                first = f"{first} {lines[1]}"
            warnings.append(f"[{section.label}] plain `{tool} lock` cannot lock this section ({first}); "
                            "every pin in it is stackwise's choice")
        skips, exempted = cooldown_notes(client, section.stack.releases, pre=problem.pre)
        section.decisions = decisions(view(section.stack, section.plain or Stack({}, {}, [], {})), newest, skips)
        section.held = cooldown_lines(section.decisions, section.stack.releases, skips, exempted)
        if overrides:
            from stackwise.api import overridden_pins

            section.overridden = overridden_pins(overrides, section.stack)
        for d in section.decisions:
            if not d.rules and joint_reasons.get(d.name):
                d.rules, d.note = list(joint_reasons[d.name]), ""
            d.note = _pipfile_parents(d.note)
    for warning in outcome.warnings:
        warnings.append(f"[{section_label(warning, sections)}] {warning}")
    from stackwise.resolve.release_age import CooldownSource

    if isinstance(client, CooldownSource):
        warnings += client.warnings()
    return PipfilePlan(outcome, sections, warnings)


def _pipfile_parents(note: str) -> str:
    """A decision's note with the resolver's label for the user's own requirements ("-r")
    named as the Pipfile, wherever it stands in the list of parents ("needed by -r, lib" when
    plain Pipenv cannot lock the section, "required by app, -r")."""
    import re

    return re.sub(r"(?:(?<=required by )|(?<=needed by )|(?<=, ))-r(?=,|\)|$)", "the Pipfile", note)


def section_label(message: str, sections: Mapping[str, SectionPlan]) -> str:
    """The sections a message is about: those locking the package it starts with (else all)."""
    first = message.split(" ", 1)[0].partition("==")[0]
    name = canonicalize_name(first) if first else ""
    found = [label for label, s in sections.items() if s.stack is not None and name in s.stack.releases]
    return ", ".join(found or [label for label, s in sections.items() if s.stack is not None] or list(sections))


def _name_the_section(exc: ResolutionError, pipfile: Pipfile, reqs: Mapping[str, list[Any]], client: Any,
                      target: Any, kb: Any, recommendation: str, time_budget: float, pre: bool,
                      constraint_files: Sequence[str] | Inputs, overrides: Any | None = None,
                      fail_on_vulnerable: bool = False) -> ResolutionError:
    """Which section the joint failure comes from: one that fails alone, or the pair."""
    from stackwise.resolve.engine import best_stack
    from stackwise.resolve.policy import Policy
    from stackwise.resolve.problem import build_problem

    for _table, label in SECTIONS:
        problem, pins = build_problem(_inputs(pipfile, reqs, [label], None, constraint_files), target, pre)
        if not problem.roots:
            continue
        if overrides:
            problem = dataclasses.replace(problem, overrides=overrides)
        try:
            best_stack(problem, client, target, Policy(kb, target, recommendation, user_pins=pins,
                                                       fail_on_vulnerable=fail_on_vulnerable),
                       time_budget=time_budget)
        except ResolutionError as alone:
            return ResolutionError(f"{pipfile.path} [{_TABLE[label]}]: {alone}")
    return ResolutionError(
        f"{pipfile.path}: [packages] and [dev-packages] can each be locked alone but not together "
        f"(Pipenv installs develop with default's versions, so one stack must satisfy both): {exc}"
    )


def check_index_restrictions(pipfile: Pipfile, label: str, releases: Mapping[str, Any]) -> None:
    """A Pipfile entry with ``index = "name"`` must come from that source: refuse otherwise
    (stackwise searches every source, so this is where a package from the wrong index is caught)."""
    urls = {str(s.get("name")): os.path.expandvars(str(s["url"])).rstrip("/") for s in pipfile.sources}
    table = _TABLE[label]
    for req, _, index in section_requirements(pipfile, table):
        if not index:
            continue
        if index not in urls:
            raise RequirementError(f"{pipfile.path}: [{table}] {req.name} names index {index!r}, which is not a "
                                   "[[source]] name.")
        rel = releases.get(canonicalize_name(req.name))
        if rel is not None and (rel.index_url or "").rstrip("/") != urls[index]:
            raise RequirementError(
                f"{pipfile.path}: [{table}] {req.name} must come from source {index!r} ({urls[index]}) but the "
                f"version chosen, {rel.version}, was found at {rel.index_url}; stackwise does not restrict a package "
                "to one source while resolving yet, so make that version available there or drop the index "
                "restriction."
            )


def lock_inputs(args: argparse.Namespace) -> tuple[Any, bool, Any]:
    """What both Pipfile.lock writers (this one and ``--universal``) take from the command
    line: the Pipfile (checked: no other requirements, hashes kept, no custom categories),
    whether pre-releases are allowed, and its index configuration."""
    from stackwise.lockfiles.pipfile import read_pipfile

    if args.requirements or args.requirement or args.constraint:
        raise RequirementError("--format pipfile-lock reads its requirements from the Pipfile (-p/--pipfile); "
                               "do not also give requirements or -r/-c files.")
    if args.no_hashes:
        raise RequirementError("--no-hashes cannot be used with --format pipfile-lock: Pipenv installs a "
                               "Pipfile.lock with hashes.")
    pipfile = read_pipfile(args.pipfile or "Pipfile")
    if args.output and os.path.exists(args.output) and os.path.samefile(args.output, pipfile.path):
        # the lock would replace the Pipfile it was made from (Pipenv writes it next to it, as Pipfile.lock)
        raise RequirementError(f"-o {args.output} is the Pipfile itself; write the lock to "
                               f"{os.path.join(os.path.dirname(args.output), 'Pipfile.lock')} instead.")
    custom = [k for k in pipfile.data if k not in ("source", "packages", "dev-packages", "requires", "scripts",
                                                     "pipfile", "pipenv")]
    if custom:
        raise RequirementError(f"{pipfile.path}: custom package categories ({', '.join(custom)}) are not supported "
                               "by stackwise's Pipfile.lock writer yet; use [packages] and [dev-packages].")
    pre = bool(args.pre or (pipfile.data.get("pipenv") or {}).get("allow_prereleases"))
    # The sources are pip's command line (`pipenv install`/`sync` run `pip install -i SOURCE ...`), so
    # the index lines of pip's configured constraint files apply after them, as that pip applies them.
    config = pipfile_index_config(pipfile, index_url=args.index_url, extra_index_urls=args.extra_index_url,
                                  find_links=args.find_links, no_index=args.no_index, isolated=args.isolated,
                                  offline=args.offline, cache_dir=args.cache_dir, ttl=args.cache_ttl,
                                  timeout=getattr(args, "timeout", None), file_index_steps=(),
                                  **format_settings(args))
    return pipfile, pre, config


def format_settings(args: argparse.Namespace) -> dict[str, Any]:
    """--only-binary/--no-binary, --prefer-binary and --trusted-host as IndexConfig fields."""
    from stackwise.commands.options import index_options

    options = index_options(args)
    return {"format_control": options.format_control, "prefer_binary": options.prefer_binary,
            "trusted_hosts": options.trusted_hosts}


def run_pipfile_lock(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """``stackwise lock --format pipfile-lock``: the joint plan, written as Pipenv writes a lock."""
    from stackwise.cli import load_knowledge, load_target
    from stackwise.commands.lock import user_overrides, write_file
    from stackwise.index.client import IndexClient
    from stackwise.lockfiles.pipfile import local_projects, render_pipfile_lock

    if args.report:
        raise RequirementError("--report is not supported with --format pipfile-lock yet.")
    pipfile, pre, config = lock_inputs(args)
    target = load_target(args)
    roots = [str(canonicalize_name(r.name)) for table, _ in SECTIONS for r, _ in section_lines(pipfile, table, config)]
    kb = load_knowledge(args, roots=roots, index_urls=config.effective_index_urls)
    age, signal = release_age_of(args)  # the release-age cooldown and signal, as `stackwise lock`
    if signal is not None:
        from stackwise.resolve.release_age import with_signal

        kb = with_signal(kb, signal)
    with IndexClient(config, target) as client:
        if signal is not None:
            signal.bind(client)
        plan = plan_pipfile(pipfile, client, target, kb=kb, recommendation=args.recommendation,
                            time_budget=args.time_budget, pre=pre, constraint_files=config.constraints,
                            overrides=user_overrides(args), fail_on_vulnerable=bool(getattr(args, "fail_on_vulnerable", False)),
                            min_release_age=age, config=config)
        for label, section in plan.sections.items():
            check_index_restrictions(pipfile, label, section.stack.releases if section.stack is not None else {})
        locked = pipenv_entries(pipfile, plan, target, getattr(client, "file_hashes", None),
                                metadata=getattr(client, "metadata", None), config=config)
        local = {label: local_projects(pipfile, table, config=config) for table, label in SECTIONS}
        text = render_pipfile_lock(pipfile, locked["default"], locked["develop"], local=local)

    if args.output:
        write_file(args.output, text, "the lock file")
    else:
        sys.stdout.write(text)
    for line in plan.message_lines(quiet=args.quiet):
        print(line, file=sys.stderr)
    if not args.quiet and plan.outcome is not None:
        outcome = plan.outcome
        verdict = getattr(outcome, "verdict", None) or ("proven best" if outcome.proven else "best found, not proven")
        sizes = ", ".join(f"{label} {len(s.pins())}" for label, s in plan.sections.items())
        print(f"stackwise: {sizes} packages, {plan.decision_count()} decision(s) differ from plain `pipenv lock`; "
              f"{verdict} after {outcome.nodes} resolution(s) in {outcome.elapsed:.2f}s", file=sys.stderr)
    return 0


def pipenv_entries(pipfile: Pipfile, plan: PipfilePlan, target: Any,
                   file_hashes: Callable[[Any], Mapping[str, str]] | None, *,
                   metadata: Callable[[Any], Any] | None = None, config: Any | None = None) -> dict[str, tuple[Any, ...]]:
    """Each section's Pipfile.lock entries, shaped as Pipenv writes them (checked with 2026.10.3):

    * ``index``: on a Pipfile entry written as a string, the source it came from (Pipenv: the
      first source, the only one it searches for such an entry); on a table,
      its own ``index`` key only; on a dependency, only where another section names its index
      (Pipenv's ``index_lookup``);
    * ``markers``: a Pipfile entry's as :func:`~stackwise.lockfiles.pipfile.toplevel_markers`
      writes them; a dependency's from the entries it is needed through, else the chosen
      file's Requires-Python, else the marker of the ``Requires-Dist`` line that asks for it
      (:func:`_dependency_markers`; ``metadata`` reads a parent release's core metadata);
    * a Pipfile entry whose markers are false here is kept as ``{"markers": ..., "version": "*"}``;
    * develop's entry of a package default also locks is default's entry (``overwrite_with_default``).
    """
    from stackwise.lockfiles.build import locked_packages
    from stackwise.lockfiles.model import LockedPackage
    from stackwise.lockfiles.pipfile import (
        inherited_markers,
        local_projects,
        pipenv_marker,
        requires_python_marker,
        skipped_markers,
        toplevel_markers,
    )

    env = dict(target.markers, extra="")
    first_source = os.path.expandvars(str(pipfile.sources[0]["url"])) if pipfile.sources else None
    source_urls = {str(s.get("name")): os.path.expandvars(str(s["url"])) for s in pipfile.sources}
    specs: dict[str, dict[str, Any]] = {}  # label -> {name: raw Pipfile value}
    indexes: dict[str, dict[str, str | None]] = {}  # label -> {name: index URL Pipenv writes}
    skipped: dict[str, list[tuple[str, str | None]]] = {}
    for table, label in SECTIONS:
        raw = {str(canonicalize_name(k)): v for k, v in (pipfile.data.get(table) or {}).items()}
        specs[label] = raw
        for req, _, _ in section_requirements(pipfile, table):
            name = str(canonicalize_name(req.name))
            spec = raw.get(name)
            if isinstance(spec, dict):
                named = spec.get("index")
                indexes.setdefault(label, {})[name] = source_urls.get(str(named)) if named else None
            else:
                indexes.setdefault(label, {})[name] = first_source
            if req.marker is not None and not req.marker.evaluate(env):
                skipped.setdefault(label, []).append((name, skipped_markers(spec)))

    def line_marker(marker: Any) -> str | None:
        text = str(marker) if marker is not None else ""
        return pipenv_marker(text) if text and "extra" not in text else None  # Pipenv drops extra markers

    out: dict[str, tuple[Any, ...]] = {}
    for label, section in plan.sections.items():
        releases = section.stack.releases if section.stack is not None else {}
        parents = section.stack.parents if section.stack is not None else {}
        extras_of = section.stack.extras if section.stack is not None else {}
        own = specs.get(label, {})
        roots: dict[str, list[tuple[str | None, str | None]]] = {}  # dependency of a path project
        for project in local_projects(pipfile, _TABLE[label], config=config):
            fold = inherited_markers(own.get(project.name))
            for req in project.requirements:
                roots.setdefault(str(canonicalize_name(req.name)), []).append((fold, line_marker(req.marker)))

        def edge(parent: str, child: str, releases: Mapping[str, Any] = releases,
                 extras_of: Mapping[str, frozenset[str]] = extras_of) -> str | None:
            """The marker on the parent's Requires-Dist line for ``child`` that holds here."""
            rel = releases.get(parent)
            if rel is None or metadata is None:
                return None
            from packaging.requirements import InvalidRequirement, Requirement

            from stackwise.errors import StackwiseError

            try:
                lines = metadata(rel).requires_dist  # read while resolving: cached
            except StackwiseError:
                return None
            for extra in ("", *sorted(extras_of.get(parent, ()))):
                for text in lines:
                    try:
                        req = Requirement(text)
                    except InvalidRequirement:
                        continue
                    if canonicalize_name(req.name) != child:
                        continue
                    if req.marker is None:
                        return None
                    if req.marker.evaluate(dict(env, extra=extra)):
                        return line_marker(req.marker)
            return None

        others = {n: str(v["index"]) for lab, table in specs.items() if lab != label
                  for n, v in table.items() if isinstance(v, dict) and v.get("index")}
        entry_markers: dict[str, str | None] = {}
        entry_index: dict[str, str | None] = {}
        for name, rel in releases.items():
            rp = requires_python_marker(getattr(rel.best, "requires_python", None))
            if name in own:
                entry_markers[name] = toplevel_markers(own[name], rp)
                entry_index[name] = indexes.get(label, {}).get(name)
                if not isinstance(own[name], dict):
                    # Pipenv looks a string entry up on the first source only (and fails when it is
                    # elsewhere); where stackwise found it on another one, the lock names that source
                    entry_index[name] = rel.index_url or first_source
            else:
                entry_markers[name] = _dependency_markers(name, parents, own, rp=rp, edge=edge, roots=roots)
                entry_index[name] = source_urls.get(others[name]) if name in others else None
        packages = locked_packages(releases, extras=section.stack.extras if section.stack else {},
                                   file_hashes=file_hashes, markers={k: v for k, v in entry_markers.items() if v},
                                   groups=(label,))
        packages = tuple(dataclasses.replace(p, index=entry_index.get(p.name)) for p in packages)
        if label != "default":
            default = {p.name: p for p in out.get("default", ())}
            packages = tuple(dataclasses.replace(default[p.name], groups=p.groups) if p.name in default else p
                             for p in packages)
        extra = [LockedPackage(name=n, version="*", marker=m, groups=frozenset((label,)))
                 for n, m in skipped.get(label, []) if n not in releases]
        out[label] = tuple(sorted((*packages, *extra), key=lambda p: p.name))
    return out


def _dependency_markers(name: str, parents: Mapping[str, Iterable[str]], entries: Mapping[str, Any], *,
                        rp: str | None, edge: Callable[[str, str], str | None],
                        roots: Mapping[str, Sequence[tuple[str | None, str | None]]]) -> str | None:
    """Markers of a dependency (not a Pipfile entry itself), as Pipenv derives them along one
    path: the folded markers of the Pipfile entry at the top of the path
    (:func:`~stackwise.lockfiles.pipfile.inherited_markers`), else the chosen file's
    Requires-Python marker ``rp``, else the marker of the Requires-Dist line that asks for it
    (``edge(parent, name)``). ``roots`` gives, for a dependency of a Pipfile ``path`` project,
    that entry's folded markers and the marker of the project's dependency line.

    Pipenv follows one parent per package — the one pip happened to record first. With
    several parents whose paths give different markers, which one that is depends on set
    iteration order, and repeated ``pipenv lock`` runs write different markers for the same
    Pipfile (observed with 2026.10.3). stackwise writes what is true instead: the one marker
    when every path agrees (Pipenv's bytes), none when a path needs the package
    unconditionally (its Requires-Python marker when it has one), else the paths' markers
    joined with ``or``.
    """
    from stackwise.lockfiles.pipfile import inherited_markers, pipenv_marker

    def folds(node: str, seen: frozenset[str]) -> set[str | None]:
        if node in entries:
            return {inherited_markers(entries[node])}
        found: set[str | None] = set()
        for parent in parents.get(node, ()):
            if parent == "-r":
                found |= {fold for fold, _ in roots.get(node, ())} or {None}
            elif parent not in seen:
                found |= folds(parent, seen | {parent})
        return found or {None}

    outcomes: set[str | None] = set()
    for parent in parents.get(name, ()):
        if parent == "-r":
            outcomes |= {fold or rp or line for fold, line in roots.get(name, ())} or {rp}
        else:
            outcomes |= {fold or rp or edge(parent, name) for fold in folds(parent, frozenset((name, parent)))}
    if not outcomes:
        return rp
    if len(outcomes) == 1:
        return next(iter(outcomes))
    if None in outcomes:
        return None
    if rp in outcomes:
        return rp
    return pipenv_marker(" or ".join(f"({m})" for m in sorted(m for m in outcomes if m)))


def pipfile_index_config(pipfile: Pipfile, **options: Any) -> Any:
    """The Pipfile's ``[[source]]`` entries as an index configuration (``index_url`` overrides the first)."""
    from stackwise.index.config import IndexConfig

    urls = [os.path.expandvars(str(s["url"])) for s in pipfile.sources]
    index_url = options.pop("index_url", None) or urls[0]
    extra = [*urls[1:], *(options.pop("extra_index_urls", None) or [])]
    timeout = options.pop("timeout", None)
    if timeout is not None:
        options["timeout"] = timeout
    return IndexConfig.from_pip(index_url=index_url, extra_index_urls=extra, **options)


def plan_for_pipenv(options: Any, *, cwd: str | None = None, bare_install: bool = False,
                    warn: Callable[[str], None] | None = None) -> tuple[PipfilePlan, Pipfile] | None:
    """The joint plan for the project Pipenv will lock, from the parent ``stackwise pipenv`` process.

    None (with a warning saying why) when it cannot be made; Pipenv then resolves each section
    on its own, in stackwise's order per section. Also None for a bare ``pipenv install`` whose
    lock is up to date (Pipenv installs it without resolving).
    """
    from stackwise.environment import TargetEnvironment
    from stackwise.errors import StackwiseError
    from stackwise.index.client import IndexClient
    from stackwise.knowledge.service import resolve_score_sources
    from stackwise.lockfiles.pipfile import read_pipfile
    from stackwise.options import ScoreOptions

    say = warn or (lambda message: print(f"stackwise: warning: {message}", file=sys.stderr))
    path = find_pipfile(cwd)
    if path is None:
        return None  # Pipenv reports the missing Pipfile itself
    try:
        pipfile = read_pipfile(path)
        if bare_install and _lock_is_current(pipfile):
            return None
        custom = [k for k in pipfile.data if k not in ("source", "packages", "dev-packages", "requires", "scripts",
                                                         "pipfile", "pipenv")]
        if custom:
            raise RequirementError(f"custom package categories ({', '.join(custom)})")
        settings = pipfile.data.get("pipenv") or {}
        if settings.get("use_default_constraints") is False:
            return None  # Pipenv locks the sections independently: so does the per-section hook
        if str(settings.get("resolver_backend") or settings.get("resolver") or "pip") != "pip":
            return None  # not pip's resolver: the hook is never loaded (run_pipenv says so)
        pre = bool(settings.get("allow_prereleases"))
        # The project's interpreter resolves; the Pipfile's [requires] python_version names it.
        python = str((pipfile.requires or {}).get("python_version") or "")
        here = f"{sys.version_info.major}.{sys.version_info.minor}"
        target = TargetEnvironment.for_python(python) if python and python != here else TargetEnvironment.current()
        ns = ScoreOptions(scores=tuple(options.scores), no_default_scores=options.no_default_scores,
                          require_scores=bool(options.require_scores))
        config = pipfile_index_config(pipfile)  # also where path projects' metadata builds look
        roots = [str(canonicalize_name(r.name)) for table, _ in SECTIONS for r, _ in section_lines(pipfile, table, config)]
        from stackwise.config import load_settings
        from stackwise.options import release_age_for

        settings = load_settings(cwd)
        # the cooldown the resolver subprocesses apply too (commands/pipenv.py settles it once)
        age = release_age_for(ScoreOptions(min_release_age=getattr(options, "min_release_age", None),
                                           min_release_age_exempt=tuple(getattr(options, "min_release_age_exempt",
                                                                                ()))), settings)[0]
        try:
            # the Pipfile's first source: its JSON API is where the safety guard asks about moved releases
            kb = resolve_score_sources(ns, roots, warn=lambda message: None, index_urls=config.effective_index_urls)
            from stackwise.knowledge.user import user_rules, with_user_rules

            user = user_rules(settings, getattr(options, "rules", ()))
            kb = with_user_rules(kb, user)
        except Exception:  # noqa: BLE001 - the resolver subprocess meets the same problem and says so once
            return None
        if (kb is None or not kb) and age is None:
            return None  # an empty knowledge base is exactly Pipenv
        if kb is None:
            from stackwise.knowledge.rules import KnowledgeBase

            kb = KnowledgeBase()
        from stackwise.api import user_overrides

        with IndexClient(config, target) as client:
            plan = plan_pipfile(pipfile, client, target, kb=kb, recommendation=options.recommendation,
                                time_budget=options.time_budget, pre=pre, constraint_files=config.constraints,
                                overrides=user_overrides(user), fail_on_vulnerable=bool(options.fail_on_vulnerable),
                                min_release_age=age, config=config)
    except Exception as exc:  # noqa: BLE001 - planning must never stop Pipenv: it falls back per section
        detail = str(exc).splitlines()[0] if str(exc) else ""
        if not isinstance(exc, StackwiseError):
            detail = f"{type(exc).__name__}: {detail}"
        say(f"the Pipfile's sections are not planned together ({detail}); Pipenv resolves each section "
            "in stackwise's order on its own.")
        return None
    return plan, pipfile


def _lock_is_current(pipfile: Pipfile) -> bool:
    """Whether Pipfile.lock's ``_meta.hash`` matches the Pipfile, as Pipenv checks before installing."""
    import json

    from stackwise.lockfiles.pipfile import pipfile_hash

    try:
        with open(os.path.join(os.path.dirname(os.path.abspath(pipfile.path)), "Pipfile.lock"), encoding="utf-8") as fh:
            meta = json.load(fh).get("_meta", {})
        return bool(meta.get("hash", {}).get("sha256") == pipfile_hash(pipfile))
    except (OSError, ValueError, AttributeError):
        return False


def find_pipfile(cwd: str | None = None) -> str | None:
    """The Pipfile Pipenv would use: ``$PIPENV_PIPFILE``, else the nearest one up to 3 levels up."""
    given = os.environ.get("PIPENV_PIPFILE")
    if given:
        return given if os.path.isfile(given) else None
    here = os.path.abspath(cwd or os.getcwd())
    for _ in range(int(os.environ.get("PIPENV_MAX_DEPTH", "3") or 3) + 1):
        candidate = os.path.join(here, "Pipfile")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            break
        here = parent
    return None


__all__ = ["PipfilePlan", "SectionPlan", "find_pipfile", "plan_for_pipenv", "plan_pipfile", "run_pipfile_lock"]
