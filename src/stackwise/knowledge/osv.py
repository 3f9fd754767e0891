"""Turn OSV vulnerability advisories into ``security`` rules (``stackwise kb import-osv``).

Reads the PyPA advisory database layout (``vulns/<package>/PYSEC-*.yaml``) and plain OSV
JSON files, a file or a whole directory tree. Every affected range of a PyPI package
becomes a version rule with a negative score scaled by the advisory's severity and a veto
in the ``security`` recommendation type only, so ``--recommendation security`` never picks
a known-vulnerable release while the other types merely prefer to avoid it.

Choices worth knowing (see docs/knowledge.md):

* Ranges are evaluated the way the OSV schema describes: events sorted by version, an
  ``introduced`` opens an interval, ``fixed`` (exclusive) or ``last_affected`` (inclusive)
  closes it; ``introduced: "0"`` means no lower bound. One rule per interval.
* An interval that never closes (no fixed release known) is scored but *not* vetoed:
  vetoing every release from some point on would make the package uninstallable in
  security mode instead of steering the choice.
* Explicit ``versions`` lists mostly enumerate what the ranges already cover; only versions
  no range matches get their own ``==V`` rule (a range cannot be inferred from a list
  without the full release history, so they are not compressed).
* A version string that is not PEP 440 drops that one event with a counted warning.
* YAML is read with PyYAML's ``BaseLoader`` (every scalar a string), so an unquoted
  ``fixed: 1.10`` stays "1.10" instead of becoming the float 1.1. PyYAML is only needed
  for YAML input; JSON needs nothing beyond the standard library.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Iterable
from dataclasses import field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise._atomic import write_output
from stackwise._dataclass import dataclass
from stackwise._names import is_project_name
from stackwise._text import is_one_line
from stackwise.errors import StackwiseError
from stackwise.knowledge.rules import KnowledgeBase
from stackwise.knowledge.scorefile import MAX_ID_LENGTH, load_score_file, parse_document

#: Score of an advisory without usable severity: clearly negative, short of the worst.
DEFAULT_SCORE = -0.7
#: Mildest and harshest scores; CVSS base 0..10 maps linearly in between.
MILD_SCORE, HARSH_SCORE = -0.3, -1.0
#: Midpoints of the CVSS qualitative bands, for advisories that only name a band.
QUALITATIVE = {"CRITICAL": 9.5, "HIGH": 8.0, "MODERATE": 5.5, "MEDIUM": 5.5, "LOW": 2.0}
#: Ids the public OSV database serves a page for: their link is that page, which stays
#: valid while the references inside advisories (vendor pages, mailing lists) often rot.
OSV_PAGE = "https://osv.dev/vulnerability/{id}"
_OSV_PAGE_IDS = re.compile(r"^(PYSEC|GHSA|OSV|CVE|MAL|BIT|GSD)-")
_SUFFIXES = (".json", ".yaml", ".yml")
MAX_WARNINGS_KEPT = 50
SUMMARY_LIMIT = 240
#: Advisory ids are short (``PYSEC-2021-1``, ``GHSA-xxxx-xxxx-xxxx``); a rule id holds one.
MAX_ADVISORY_ID = 100


@dataclass
class CountedWarnings:
    """Warnings of an import: all counted, the first MAX_WARNINGS_KEPT kept (one bad generator
    can produce thousands of identical lines)."""

    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0

    def warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS_KEPT:
            self.warnings.append(message)


@dataclass
class ImportStats(CountedWarnings):
    """What an import saw, for the one-paragraph report and for tests."""

    files: int = 0
    advisories: int = 0
    withdrawn: int = 0
    without_pypi: int = 0
    unreadable: int = 0
    bad_versions: int = 0
    open_ranges: int = 0
    rules: int = 0
    packages: set[str] = field(default_factory=set)
    seen_ids: set[str] = field(default_factory=set)
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [
            f"read {self.advisories} advisories from {self.files} file(s) in {self.seconds:.2f} s",
            f"{self.withdrawn} withdrawn (skipped)",
            f"{self.without_pypi} without a PyPI package (skipped)",
        ]
        if self.unreadable:
            parts.append(f"{self.unreadable} unreadable file(s) (skipped)")
        if self.bad_versions:
            parts.append(f"{self.bad_versions} non-PEP 440 version(s) ignored")
        text = "; ".join(parts)
        text += (
            f". {self.rules} security rule(s) about {len(self.packages)} package(s)"
            f" ({self.open_ranges} range(s) with no fixed release: scored, not vetoed)."
        )
        return text


# CVSS ----------------------------------------------------------------------------------


def _cvss_metrics(vector: str) -> dict[str, str]:
    metrics = {}
    for part in vector.split("/"):
        key, sep, value = part.partition(":")
        if sep:
            metrics[key] = value
    return metrics


def _roundup(value: float) -> float:
    """CVSS 3.1 round-up to one decimal, robust against float noise (spec appendix A)."""
    whole = round(value * 100000)
    if whole % 10000 == 0:
        return whole / 100000.0
    return (math.floor(whole / 10000) + 1) / 10.0


_V3 = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "CIA": {"H": 0.56, "L": 0.22, "N": 0.0},
}


def _v3_score(av: str, ac: str, pr: str, ui: str, changed: bool, c: str, i: str, a: str) -> float:
    pr_weight = {"N": 0.85, "L": 0.68 if changed else 0.62, "H": 0.5 if changed else 0.27}[pr]
    cia = _V3["CIA"]
    iss = 1 - (1 - cia[c]) * (1 - cia[i]) * (1 - cia[a])
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
    exploitability = 8.22 * _V3["AV"][av] * _V3["AC"][ac] * pr_weight * _V3["UI"][ui]
    if impact <= 0:
        return 0.0
    total = 1.08 * (impact + exploitability) if changed else impact + exploitability
    return _roundup(min(total, 10.0))


def cvss3_base_score(vector: str) -> float | None:
    """Base score of a CVSS 3.0/3.1 vector (the specification's formula), None if malformed."""
    m = _cvss_metrics(vector)
    try:
        return _v3_score(m["AV"], m["AC"], m["PR"], m["UI"], m["S"] == "C", m["C"], m["I"], m["A"])
    except KeyError:
        return None


def cvss2_base_score(vector: str) -> float | None:
    """Base score of a CVSS 2 vector (the specification's formula), None if malformed."""
    m = _cvss_metrics(vector)
    try:
        av = {"L": 0.395, "A": 0.646, "N": 1.0}[m["AV"]]
        ac = {"H": 0.35, "M": 0.61, "L": 0.71}[m["AC"]]
        au = {"M": 0.45, "S": 0.56, "N": 0.704}[m["Au"]]
        cia = {"N": 0.0, "P": 0.275, "C": 0.660}
        c, i, a = cia[m["C"]], cia[m["I"]], cia[m["A"]]
    except KeyError:
        return None
    impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a))
    exploitability = 20 * av * ac * au
    f_impact = 0.0 if impact == 0 else 1.176
    return round((0.6 * impact + 0.4 * exploitability - 1.5) * f_impact, 1)


def cvss4_approx_score(vector: str) -> float | None:
    """An approximation of a CVSS 4.0 base score through the 3.1 formula.

    The exact 4.0 score needs the specification's large macro-vector table; for ranking
    advisories against each other the 3.1 formula over the equivalent metrics is close
    enough (attack requirements count as high complexity, any user interaction as
    required, and impact on subsequent systems as a scope change).
    """
    m = _cvss_metrics(vector)
    try:
        order = {"N": 0, "L": 1, "H": 2}
        vulnerable = [m["VC"], m["VI"], m["VA"]]
        subsequent = [m["SC"], m["SI"], m["SA"]]
        changed = max(order[s] for s in subsequent) > max(order[v] for v in vulnerable)
        merged = [max(v, s, key=order.__getitem__) for v, s in zip(vulnerable, subsequent, strict=True)] if changed else vulnerable
        ac = "H" if m["AC"] == "H" or m.get("AT") == "P" else "L"
        ui = "N" if m["UI"] == "N" else "R"
        return _v3_score(m["AV"], ac, m["PR"], ui, changed, *merged)
    except KeyError:
        return None


def severity_base_score(*holders: dict[str, Any]) -> tuple[float | None, str]:
    """The best available 0..10 severity from OSV ``severity`` lists or named bands.

    Holders are searched in order (the affected entry first, then the advisory), exact
    formulas before the approximation.
    """
    for holder in holders:
        entries = holder.get("severity")
        if not isinstance(entries, list):
            continue
        by_type = {e.get("type"): e.get("score") for e in entries if isinstance(e, dict)}
        for kind, compute, label in (
            ("CVSS_V3", cvss3_base_score, "CVSS 3"),
            ("CVSS_V4", cvss4_approx_score, "CVSS 4, approximated"),
            ("CVSS_V2", cvss2_base_score, "CVSS 2"),
        ):
            text = by_type.get(kind)
            if isinstance(text, str):
                try:
                    return max(0.0, min(10.0, float(text))), label  # a bare number
                except ValueError:
                    pass
                score = compute(text)
                if score is not None:
                    return score, label
    for holder in holders:
        for key in ("database_specific", "ecosystem_specific"):
            extra = holder.get(key)
            band = extra.get("severity") if isinstance(extra, dict) else None
            if isinstance(band, str) and band.upper() in QUALITATIVE:
                return QUALITATIVE[band.upper()], f"severity {band.lower()}"
    return None, ""


def rule_score(base: float | None) -> float:
    """Map a CVSS base score onto a rule score: 0 -> -0.3, 10 -> -1.0, unknown -> -0.7."""
    if base is None:
        return DEFAULT_SCORE
    return round(MILD_SCORE + (HARSH_SCORE - MILD_SCORE) * base / 10.0, 3)


# Ranges --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """Affected versions ``[lower, upper)`` (or ``[lower, upper]``); None = unbounded."""

    lower: Version | None
    upper: Version | None
    upper_inclusive: bool = False

    def specifier(self) -> str:
        parts = []
        if self.lower is not None:
            parts.append(f">={self.lower}")
        if self.upper is not None:
            parts.append(f"{'<=' if self.upper_inclusive else '<'}{self.upper}")
        return ",".join(parts)


def _version(text: Any, where: str, stats: ImportStats, what: str = "event") -> Version | None:
    try:
        return Version(str(text))
    except ValueError:  # InvalidVersion, or a number of more digits than int() converts
        stats.bad_versions += 1
        stats.warn(f"{where}: {text!r} is not a PEP 440 version; {what} ignored")
        return None


_UNSET = object()


def intervals_from_events(events: Any, where: str, stats: ImportStats) -> list[Interval]:
    """Evaluate one ECOSYSTEM range's events into affected intervals (OSV semantics)."""
    parsed: list[tuple[Version, int, str]] = []
    if not isinstance(events, list):
        stats.warn(f"{where}: range without an events list; ignored")
        return []
    for n, event in enumerate(events):
        if not isinstance(event, dict) or len(event) != 1:
            stats.warn(f"{where}: malformed event {event!r}; ignored")
            continue
        ((kind, value),) = event.items()
        if kind not in ("introduced", "fixed", "last_affected", "limit"):
            stats.warn(f"{where}: unknown event {kind!r}; ignored")
            continue
        if kind == "introduced" and str(value) == "0":
            parsed.append((Version("0"), n, kind))
            continue
        version = _version(value, where, stats)
        if version is not None:
            parsed.append((version, n, kind))
    parsed.sort(key=lambda item: (item[0], item[1]))
    out: list[Interval] = []
    start: Any = _UNSET
    for version, _, kind in parsed:
        if kind == "introduced":
            if start is _UNSET:
                start = None if version == Version("0") else version
        elif kind in ("fixed", "last_affected") and start is not _UNSET:
            out.append(Interval(start, version, kind == "last_affected"))
            start = _UNSET
        # "limit" only bounds git-commit ranges; nothing to do for version ranges.
    if start is not _UNSET:
        out.append(Interval(start, None))
    return out


# Advisories -> rules -------------------------------------------------------------------


def _summary(record: dict[str, Any]) -> str:
    text = record.get("summary")
    if not isinstance(text, str) or not text.strip():
        details = record.get("details")
        text = details if isinstance(details, str) else ""
        text = " ".join(text.split())
        match = re.match(r"(.+?[.!?])(?:\s|$)", text)
        text = match.group(1) if match else text
    text = " ".join(text.split())
    if len(text) > SUMMARY_LIMIT:
        text = text[: SUMMARY_LIMIT - 1].rstrip() + "…"
    return text or "no description given"


def advisory_link(record: dict[str, Any]) -> str:
    """A stable public page for the advisory (the OSV page), else its own best reference."""
    vid = str(record.get("id", ""))
    if _OSV_PAGE_IDS.match(vid):
        return OSV_PAGE.format(id=vid)
    refs = [r for r in record.get("references") or [] if isinstance(r, dict)]
    for kind in ("ADVISORY", "WEB", None):
        for ref in refs:
            url = ref.get("url")
            if (kind is None or ref.get("type") == kind) and isinstance(url, str) and url.startswith(("http://", "https://")):
                return url
    return OSV_PAGE.format(id=vid)


def rules_from_advisory(record: Any, origin: str, stats: ImportStats) -> list[dict[str, Any]]:
    """Score-file rule objects (JSON schema) for one OSV record; counts into ``stats``."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), str) or not record["id"]:
        stats.unreadable += 1
        stats.warn(f"{origin}: not an OSV advisory (no string \"id\"); skipped")
        return []
    vid: str = record["id"]
    if not is_one_line(vid) or len(vid) > MAX_ADVISORY_ID:  # it becomes part of every rule id
        stats.unreadable += 1
        stats.warn(f"{origin}: {vid[:80]!r} is not a usable OSV advisory id (control characters, or over "
                   f"{MAX_ADVISORY_ID} characters); skipped")
        return []
    stats.advisories += 1
    stats.seen_ids.add(vid)
    if record.get("withdrawn"):
        stats.withdrawn += 1
        return []
    aliases = [a for a in record.get("aliases") or [] if isinstance(a, str) and a != vid]
    head = f"{vid} ({', '.join(aliases)})" if aliases else vid
    summary = _summary(record)
    link = advisory_link(record)
    rules: list[dict[str, Any]] = []
    seen: set[str] = set()
    pypi = False
    for n, affected in enumerate(record.get("affected") or [], start=1):
        if not isinstance(affected, dict):
            continue
        package = affected.get("package")
        if not isinstance(package, dict) or package.get("ecosystem") != "PyPI":
            continue
        pypi = True
        name = package.get("name")
        where = f"{origin}: {vid} affected #{n}"
        if not is_project_name(name):
            stats.warn(f"{where}: {name!r} is not a valid project name; skipped")
            continue
        name = canonicalize_name(name)
        base, how = severity_base_score(affected, record)
        score = rule_score(base)
        severity = f" [{how} {base:g}]" if base is not None and how.startswith("CVSS") else f" [{how}]" if how else ""
        intervals: list[Interval] = []
        for rng in affected.get("ranges") or []:
            if isinstance(rng, dict) and rng.get("type") == "ECOSYSTEM":
                intervals.extend(intervals_from_events(rng.get("events"), where, stats))
        specs: list[tuple[str, bool]] = [(iv.specifier(), iv.upper is not None) for iv in intervals]
        sets = [SpecifierSet(spec) for spec, _ in specs]
        for text in affected.get("versions") or []:
            version = _version(text, where, stats, "listed version")
            if version is not None and not any(s.contains(version, prereleases=True) for s in sets):
                specs.append((f"=={version}", True))
        for spec, bounded in specs:
            try:
                SpecifierSet(spec)
            except InvalidSpecifier:  # e.g. an ordered comparison with a local version label
                stats.bad_versions += 1
                stats.warn(f"{where}: cannot express {spec!r} as a PEP 440 specifier; skipped")
                continue
            rid = f"osv:{vid}:{name}:{spec or '*'}"
            if rid in seen:
                continue
            if len(rid) > MAX_ID_LENGTH:  # one such rule would make the whole import invalid
                stats.warn(f"{where}: its rule id would be {len(rid)} characters long (at most {MAX_ID_LENGTH}); "
                           "skipped")
                continue
            seen.add(rid)
            if not bounded:
                stats.open_ranges += 1
            rule: dict[str, Any] = {"id": rid, "package": name}
            if spec:
                rule["specifier"] = spec
            rule["score"] = score
            if bounded:
                rule["veto"] = ["security"]
            tail = "" if bounded else " No fixed release is known."
            rule.update(
                category="security",
                message=f"{head}: {summary}{severity}{tail}",
                link=link,
                source=f"osv:{vid}",
            )
            rules.append(rule)
            stats.packages.add(name)
    if not pypi:
        stats.without_pypi += 1
    return rules


# Reading files -------------------------------------------------------------------------


def advisory_files(path: str | os.PathLike[str]) -> list[Path]:
    """The advisory files under ``path`` (itself, if a file), in a stable order."""
    root = Path(path)
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise StackwiseError(f"{root}: no such file or directory (expected OSV advisories).")
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath, f) for f in sorted(filenames) if f.lower().endswith(_SUFFIXES))
    return found


def yaml_loader(what: str) -> tuple[Any, Any]:
    """PyYAML and its fastest string-only loader, imported only when YAML is met.

    String-only, so an unquoted ``fixed: 1.10`` stays the version ``1.10``. ``what`` names
    the files in the error when PyYAML (the ``osv`` extra) is missing."""
    try:
        import yaml
    except ImportError:
        raise StackwiseError(
            f"reading {what} needs PyYAML, which is not installed: pip install 'stackwise[osv]' (or pyyaml)."
        ) from None
    return yaml, getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _yaml() -> tuple[Any, Any]:
    return yaml_loader("YAML advisories (OSV JSON files need nothing extra)")


def read_advisory_file(path: Path, stats: ImportStats) -> list[Any]:
    """The OSV records in one file (one object, or a list of them); [] if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        stats.unreadable += 1
        stats.warn(f"{path}: cannot read ({exc}); skipped")
        return []
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            stats.unreadable += 1
            stats.warn(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}); skipped")
            return []
        except (RecursionError, ValueError) as exc:  # nested too deeply; an integer too long to convert
            stats.unreadable += 1
            stats.warn(f"{path}: not valid JSON ({str(exc).splitlines()[0]}); skipped")
            return []
    else:
        yaml, loader = _yaml()
        try:
            data = yaml.load(text, Loader=loader)  # a BaseLoader builds no Python objects
        except yaml.YAMLError as exc:
            stats.unreadable += 1
            stats.warn(f"{path}: not valid YAML ({str(exc).splitlines()[0]}); skipped")
            return []
    return data if isinstance(data, list) else [data]


def import_osv(paths: Iterable[str | os.PathLike[str]], stats: ImportStats | None = None) -> tuple[KnowledgeBase, ImportStats]:
    """Read every advisory under ``paths`` into a validated knowledge base of security rules."""
    stats = stats or ImportStats()
    started = time.perf_counter()
    rules: list[dict[str, Any]] = []
    ids: set[str] = set()
    files: list[Path] = []
    for path in paths:
        files.extend(advisory_files(path))
    if not files:
        raise StackwiseError("no advisory files (*.json, *.yaml, *.yml) found in " + ", ".join(map(str, paths)) + ".")
    for path in files:
        stats.files += 1
        for record in read_advisory_file(path, stats):
            for rule in rules_from_advisory(record, str(path), stats):
                if rule["id"] not in ids:  # the same advisory in two files
                    ids.add(rule["id"])
                    rules.append(rule)
    doc = {"format": "stackwise-scores", "version": 1, "rules": rules}
    kb = parse_document(doc, "imported advisories")  # the one validation path for all rules
    stats.rules = len(kb)
    stats.seconds = time.perf_counter() - started
    return kb, stats


def merge_into(existing_path: str | os.PathLike[str], imported: KnowledgeBase, stats: ImportStats) -> KnowledgeBase:
    """Existing rules, minus every earlier import of an advisory read now, plus the new rules.

    Dropping by source (``osv:<id>``) rather than by rule id means a re-import also removes
    ranges an advisory no longer lists, and a withdrawn advisory removes all of its rules.
    """
    existing = load_score_file(existing_path)
    stale = {f"osv:{vid}" for vid in stats.seen_ids}
    kept = KnowledgeBase([r for r in existing.rules if r.source not in stale], revision=existing.revision)
    return KnowledgeBase.merge(kept, imported)


def write_score_file(kb: KnowledgeBase, path: str | os.PathLike[str] | None) -> str:
    """Serialise ``kb`` as a v1 score file with a ``generated`` stamp; atomic when a path."""
    doc = kb.to_document()
    doc["generated"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if path is not None:  # a directory or a full disk: one error, not a traceback
        write_output(os.fspath(path), text, "the score file")
    return text
