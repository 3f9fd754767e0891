"""Plain, typed options shared by the Python API and the command line.

Why a module of its own: the CLI turns its ``argparse`` result into these values in
``commands/`` and everything below works from them, so the same code serves
``stackwise.lock(...)`` and ``stackwise lock`` and no ``argparse.Namespace`` is read with
``getattr`` deep inside the knowledge or resolution code. Importing this module costs
nothing beyond ``dataclasses``; what the loaders need is imported when they run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields, replace

from stackwise._dataclass import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from stackwise.environment import TargetEnvironment
    from stackwise.index.formats import FormatControl

#: ``--recommendation`` values every command accepts; ``lock`` also takes :data:`ORDERS`.
RECOMMENDATIONS = ("latest", "stable", "performance", "security")
#: Recommendations that change the candidate order rather than the weights (lock only).
ORDERS = ("lowest", "lowest-direct")
PLATFORMS = ("linux", "macos", "windows")


@dataclass(frozen=True)
class Target:
    """The environment to resolve for; every field ``None`` means this interpreter and machine.

    ``platform`` is ``linux``, ``macos`` or ``windows`` (another operating system's markers
    and wheel tags); ``cpu_flags`` and ``cuda_version`` only feed rule conditions
    (``None`` flags: the detected ones).
    """

    python_version: str | None = None
    platform: str | None = None
    cpu_flags: frozenset[str] | None = None
    cuda_version: str | None = None

    def __post_init__(self) -> None:
        # "avx2,avx512f" or any iterable of names: a set, so "avx" never matches inside "avx2"
        if isinstance(self.cpu_flags, str):
            object.__setattr__(self, "cpu_flags", parse_cpu_flags(self.cpu_flags))
        elif self.cpu_flags is not None and not isinstance(self.cpu_flags, frozenset):
            object.__setattr__(self, "cpu_flags", frozenset(self.cpu_flags))

    def environment(self) -> TargetEnvironment:
        """The :class:`~stackwise.environment.TargetEnvironment` these options describe."""
        from stackwise.environment import TargetEnvironment, check_cuda_version

        check_cuda_version(self.cuda_version)

        if self.platform:
            return TargetEnvironment.for_platform(self.platform, self.python_version, cpu_flags=self.cpu_flags,
                                                  cuda_version=self.cuda_version)
        if self.python_version is not None:  # "" is refused there, not taken for this interpreter
            return TargetEnvironment.for_python(self.python_version, cpu_flags=self.cpu_flags,
                                                cuda_version=self.cuda_version)
        return TargetEnvironment.current(cpu_flags=self.cpu_flags, cuda_version=self.cuda_version)


def parse_cpu_flags(text: str | None) -> frozenset[str] | None:
    """``"avx2, avx512f"`` -> the flag set; ``""`` or ``None`` -> ``None`` (detect them)."""
    return frozenset(f.strip() for f in text.split(",") if f.strip()) if text else None


@dataclass(frozen=True)
class IndexOptions:
    """Where packages come from; unset fields fall back to pip's own configuration.

    ``format_control`` is pip's ``--only-binary``/``--no-binary`` (None: neither given);
    requirements files' own such lines apply after it. ``prefer_binary`` orders releases with a
    wheel for the target before newer ones without; ``trusted_hosts`` (``host`` or
    ``host:port``) are fetched from without TLS certificate verification, as pip's
    ``--trusted-host``.
    """

    index_url: str | None = None
    extra_index_urls: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    no_index: bool = False
    isolated: bool = False
    offline: bool = False
    cache_dir: str | None = None
    cache_ttl: float = 600.0
    timeout: float | None = None
    format_control: FormatControl | None = None
    prefer_binary: bool = False
    trusted_hosts: tuple[str, ...] = ()

    @property
    def named(self) -> bool:
        """Whether an index or find-links location was given (``explain`` reads one only then)."""
        return bool(self.index_url or self.extra_index_urls or self.find_links)


@dataclass(frozen=True)
class ScoreOptions:
    """Which knowledge a command uses and how it weighs it (docs/score-file.md, docs/rules.md).

    ``scores``: score files, ``https://`` score-file URLs and score-service URLs, in order
    (empty: the configured ``scores``); ``rules``: the user's TOML rule files, applied above
    everything after ``[tool.stackwise]``. ``python_version`` is the target's, for live
    vulnerability data under ``recommendation="security"``. ``min_release_age`` (``"7d"``,
    ``"2026-11-01"``, ``"off"``; None: the ``min-release-age`` setting), its exemptions (added
    to the configured ones) and ``stability_weight``/``stability_days`` (None: the settings)
    are the release-age cooldown and signal (docs/cooldown.md). ``trust_root`` pins a score
    service's TUF root metadata for this command (None: the ``trust_root`` setting); with one,
    service URLs are read only through their verified snapshot (docs/service.md).
    """

    scores: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    no_default_scores: bool = False
    recommendation: str = "stable"
    require_scores: bool = False
    scores_ttl: float | None = None
    vulnerability_api: str | None = None
    fail_on_vulnerable: bool = False
    offline: bool = False
    cache_dir: str | None = None
    python_version: str | None = None
    min_release_age: str | None = None
    min_release_age_exempt: tuple[str, ...] = ()
    stability_weight: float | None = None
    stability_days: float | None = None
    trust_root: str | None = None

    @classmethod
    def coerce(cls, given: Any) -> ScoreOptions:
        """``given`` itself, or the options named by its attributes (missing ones: defaults).

        Kept for callers that still hand over an attribute bag with these names."""
        if isinstance(given, cls):
            return given
        values: dict[str, Any] = {}
        for f in fields(cls):
            if hasattr(given, f.name):
                value = getattr(given, f.name)
                if f.name in ("scores", "rules", "min_release_age_exempt"):
                    value = tuple(value or ())
                elif f.type == "bool":
                    value = bool(value)
                values[f.name] = value
        return cls(**values)


def release_age_for(options: ScoreOptions, settings: Any = None) -> tuple[Any, float, float]:
    """(the cooldown or None, stability weight, stability days) in effect: the options, else
    the settings. A bad value is one clear error (stackwise.resolve.release_age)."""
    from stackwise.resolve.cutoff import parse_min_release_age

    if settings is None:
        from stackwise.config import load_settings

        settings = load_settings()
    exempt = (*settings.min_release_age_exempt, *options.min_release_age_exempt)
    if options.min_release_age is not None:
        age = parse_min_release_age(options.min_release_age, exempt=exempt)
    elif settings.min_release_age is not None:
        age = parse_min_release_age(settings.min_release_age, exempt=exempt,
                                    where=f"{settings.origin('min_release_age')}: min-release-age")
    else:
        age = None
    weight = settings.stability_weight if options.stability_weight is None else options.stability_weight
    days = settings.stability_days if options.stability_days is None else options.stability_days
    return age, float(weight), float(days)


def user_rules_for(options: ScoreOptions) -> Any:
    """The user's own layer: ``[tool.stackwise]`` rules and overrides, then ``options.rules`` files."""
    from stackwise.config import load_settings
    from stackwise.knowledge.user import user_rules

    return user_rules(load_settings(), options.rules)


def local_score_sources(options: ScoreOptions) -> tuple[ScoreOptions, Any]:
    """The options and settings (with ``options.trust_root``, when given, as the ``trust_root``
    setting) with score files given as URLs (``https://.../scores.json``;
    other URLs are score services) replaced by their cached local copies (stackwise.urlfiles),
    in ``options.scores`` and in the configured ``scores``. A download is validated before
    it is cached."""
    from stackwise.config import load_settings
    from stackwise.urlfiles import is_score_file_url

    settings = load_settings()
    if options.trust_root is not None and not str(options.trust_root).strip():  # "$ROOT" with ROOT unset
        from stackwise.errors import StackwiseError

        raise StackwiseError("The trust root given (--trust-root) is empty; give the service's root.json, or "
                             "leave the option out.")
    if options.trust_root:  # --trust-root: above every configured layer, as any flag
        settings = replace(settings, trust_root=options.trust_root,
                           origins={**settings.origins, "trust_root": "--trust-root"})
    given = list(options.scores)
    if not any(is_score_file_url(s) for s in [*given, *settings.scores]):
        return options, settings
    from stackwise.errors import ScoreFileError
    from stackwise.knowledge.scorefile import loads
    from stackwise.urlfiles import fetch_url

    def local(source: str) -> str:
        if not is_score_file_url(source):
            return source
        return str(fetch_url(source, what="score file", error=ScoreFileError,
                             cache_dir=options.cache_dir or settings.cache_dir,
                             ttl=settings.scores_ttl if options.scores_ttl is None else float(options.scores_ttl),
                             offline=bool(options.offline or settings.offline),
                             timeout=settings.scores_deadline, max_bytes=settings.scores_max_bytes,
                             check=lambda body: loads(body, source) and None))

    scores = tuple(local(s) for s in given)
    return (replace(options, scores=scores),
            replace(settings, scores=tuple(local(s) for s in settings.scores) if not given else settings.scores))


def load_knowledge(options: ScoreOptions, roots: Sequence[str] = (), index_urls: Sequence[str] = (), *,
                   user: Any = None, warn: Callable[[str], None] | None = None) -> Any:
    """The knowledge a command uses: shipped curated rules (unless disabled), then each score
    source (file or service URL) or, with none, the configured score source, then the user's
    own rules: ``user``, or what calling it returns (read after the score sources, so a broken
    score file is reported first), or read here. ``roots`` are fetched from services in one
    round trip before resolution starts."""
    from stackwise.knowledge.service import resolve_score_sources
    from stackwise.knowledge.user import with_user_rules

    local, settings = local_score_sources(options)
    kb = resolve_score_sources(local, roots, settings=settings, index_urls=index_urls, warn=warn)
    if user is None:
        user = user_rules_for(options)
    elif callable(user):
        user = user()
    return with_user_rules(kb, user)


__all__ = [
    "ORDERS",
    "PLATFORMS",
    "RECOMMENDATIONS",
    "IndexOptions",
    "ScoreOptions",
    "Target",
    "load_knowledge",
    "local_score_sources",
    "parse_cpu_flags",
    "release_age_for",
    "user_rules_for",
]
