"""argparse results -> the plain typed options of :mod:`stackwise.options` and :mod:`stackwise.api`.

The only place that reads option attributes off an ``argparse.Namespace`` for lock and
explain: everything below ``commands/`` takes the typed values, so the Python API and the
command line run the same code with the same defaults.
"""

from __future__ import annotations

import argparse
import os

from stackwise.index.formats import FormatControl, trusted_netloc

TYPE_CHECKING = False  # stackwise install asks only format_control: the lock API is not imported for it
if TYPE_CHECKING:
    from stackwise.api import LockRequest
    from stackwise.options import IndexOptions, ScoreOptions, Target


def target_options(args: argparse.Namespace) -> Target:
    """``--python-version``, ``--platform``, ``--cpu-flags``, ``--cuda-version``."""
    from stackwise.options import Target, parse_cpu_flags

    return Target(python_version=args.python_version, platform=getattr(args, "platform", None),
                  cpu_flags=parse_cpu_flags(args.cpu_flags), cuda_version=args.cuda_version)


def index_options(args: argparse.Namespace) -> IndexOptions:
    """The package-index options (commands without one of them get its default)."""
    from stackwise.options import IndexOptions

    return IndexOptions(
        index_url=getattr(args, "index_url", None),
        extra_index_urls=tuple(getattr(args, "extra_index_url", None) or ()),
        find_links=tuple(getattr(args, "find_links", None) or ()),
        no_index=bool(getattr(args, "no_index", False)),
        isolated=bool(getattr(args, "isolated", False)),
        offline=bool(getattr(args, "offline", False)),
        cache_dir=getattr(args, "cache_dir", None),
        cache_ttl=getattr(args, "cache_ttl", 600.0),
        timeout=getattr(args, "timeout", None),
        format_control=format_control(args),
        prefer_binary=bool(getattr(args, "prefer_binary", False)),
        trusted_hosts=tuple(trusted_netloc(h, "command line") for h in getattr(args, "trusted_host", None) or ()),
    )


def format_control(args: argparse.Namespace) -> FormatControl | None:
    """``--only-binary``/``--no-binary`` in the order given (None: neither); a bad value is an error."""
    given = getattr(args, "format_options", None)
    if not given:
        return None
    return FormatControl().applied_all((opt, value, "command line") for opt, value in given)


def score_options(args: argparse.Namespace) -> ScoreOptions:
    """The knowledge-base options (``--scores``, ``--rules``, ``--recommendation``, ...)."""
    from stackwise.options import ScoreOptions

    return ScoreOptions(
        scores=tuple(getattr(args, "scores", None) or ()),
        rules=tuple(getattr(args, "rules", None) or ()),
        no_default_scores=bool(getattr(args, "no_default_scores", False)),
        recommendation=getattr(args, "recommendation", None) or "stable",
        require_scores=bool(getattr(args, "require_scores", False)),
        scores_ttl=getattr(args, "scores_ttl", None),
        vulnerability_api=getattr(args, "vulnerability_api", None),
        fail_on_vulnerable=bool(getattr(args, "fail_on_vulnerable", False)),
        offline=bool(getattr(args, "offline", False)),
        cache_dir=getattr(args, "cache_dir", None),
        python_version=getattr(args, "python_version", None),
        min_release_age=getattr(args, "min_release_age", None),
        min_release_age_exempt=tuple(getattr(args, "min_release_age_exempt", None) or ()),
        stability_weight=getattr(args, "stability_weight", None),
        stability_days=getattr(args, "stability_days", None),
        trust_root=getattr(args, "trust_root", None),
    )


def lock_request(args: argparse.Namespace) -> LockRequest:
    """``stackwise lock``'s arguments as the request :func:`stackwise.api.resolve_lock` takes."""
    from stackwise.api import LockRequest

    return LockRequest(
        requirements=tuple(args.requirements),
        requirement_files=tuple(args.requirement),
        constraint_files=tuple(args.constraint),
        pre=bool(args.pre),
        time_budget=args.time_budget,
        hashes=not args.no_hashes,
        format=getattr(args, "format", None) or "requirements",
        report=bool(getattr(args, "report", None)),
        knowledge=score_options(args),
        index=index_options(args),
        target=target_options(args),
        # pylock.toml paths of local projects are relative to the lock file (PEP 751)
        output_dir=os.path.dirname(os.path.abspath(args.output)) if getattr(args, "output", None) else None,
    )
