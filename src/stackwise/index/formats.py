"""Which distribution formats may be used, per project: pip's ``--only-binary`` / ``--no-binary``.

Why a value of its own: the same choice decides which releases the index offers the
resolver (an ``--only-binary`` project's sdist-only releases are not candidates), which
files' hashes a lock lists, and which file an install fetches; it is read from the command
line and from requirements files, and all of them must agree. Immutable: every option
applied gives a new value, so a lock request and its index configuration can hold one.

The rules are pip's (``pip/_internal/models/format_control.py``,
https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-only-binary): values are
``:all:``, ``:none:`` or comma-separated project names (normalized); ``:all:`` for one
option empties both sets before it applies; ``:none:`` empties that option's set; a name
given to one option is taken out of the other's. A project named in a set follows that set;
otherwise ``:all:`` decides. Options apply in the order pip reads them: the command line
first, then requirements files as they are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field

from stackwise._dataclass import dataclass
from stackwise._names import canonical_name as canonicalize_name
from stackwise.errors import RequirementError

ALL = ":all:"
NONE = ":none:"
ONLY_BINARY = "--only-binary"
NO_BINARY = "--no-binary"
BINARY = "binary"
SOURCE = "source"
_BOTH = frozenset({BINARY, SOURCE})
_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)  # PEP 508 names


@dataclass(frozen=True)
class FormatControl:
    """The projects limited to wheels (``only_binary``) or to sdists (``no_binary``); either set
    may hold ``:all:``. The default allows both formats for every project."""

    no_binary: frozenset[str] = frozenset()
    only_binary: frozenset[str] = frozenset()
    #: The ``(option, value, where)`` applied to the default to make this value, so that it can
    #: be applied again after options read before it (pip's configuration): ``:none:`` clears
    #: what came before, which the two sets alone cannot say.
    steps: tuple[tuple[str, str, str], ...] = field(default=(), compare=False, hash=False, repr=False)

    def applied(self, option: str, value: str, where: str) -> FormatControl:
        """This value with ``option value`` applied (``option`` is ``--only-binary`` or
        ``--no-binary``); a bad value is a RequirementError naming ``where`` (a file and line,
        or the flag)."""
        if option not in (ONLY_BINARY, NO_BINARY):
            raise ValueError(option)
        text = value.strip()
        if not text or text.startswith("-"):
            # pip: "requires 1 argument" -- "--only-binary --pre" would take "--pre" as a name
            raise RequirementError(f"{where}: {option} needs a value: {ALL}, {NONE} or comma-separated project "
                                   f"names{f', not {text!r}' if text else ''}.")
        items = [item.strip() for item in text.split(",")]
        for item in items:
            if item and item not in (ALL, NONE) and not _NAME.match(item):
                shown = item if len(item) <= 80 else item[:80] + "..."
                raise RequirementError(f"{where}: {option} {shown!r} is not {ALL}, {NONE} or a project name "
                                       "(names are letters, digits, '.', '-' and '_', separated by commas).")
        target, other = ((set(self.only_binary), set(self.no_binary)) if option == ONLY_BINARY
                         else (set(self.no_binary), set(self.only_binary)))
        while ALL in items:  # pip's handle_mutual_excludes: ":all:" resets both, then the rest applies
            other.clear()
            target.clear()
            target.add(ALL)
            del items[: items.index(ALL) + 1]
            if NONE not in items:
                items = []
        for item in items:
            if not item:
                continue
            if item == NONE:
                target.clear()
                continue
            name = canonicalize_name(item)
            other.discard(name)
            target.add(name)
        steps = (*self.steps, (option, value, where))
        if option == ONLY_BINARY:
            return FormatControl(no_binary=frozenset(other), only_binary=frozenset(target), steps=steps)
        return FormatControl(no_binary=frozenset(target), only_binary=frozenset(other), steps=steps)

    def after(self, earlier: Iterable[tuple[str, str, str]]) -> FormatControl:
        """This value's options applied after ``earlier`` ones (pip reads its configuration
        before the command line and the requirements files)."""
        return FormatControl().applied_all(earlier).applied_all(self.steps)

    def applied_all(self, options: Iterable[tuple[str, str, str]]) -> FormatControl:
        """Every ``(option, value, where)`` applied in order."""
        fc = self
        for option, value, where in options:
            fc = fc.applied(option, value, where)
        return fc

    def allowed(self, name: str) -> frozenset[str]:
        """``{"binary", "source"}`` or one of them, for the normalized project ``name`` (pip's
        ``get_allowed_formats``: a named project first, then ``:all:``)."""
        if not self.no_binary and not self.only_binary:
            return _BOTH
        if name in self.only_binary:
            return frozenset({BINARY})
        if name in self.no_binary:
            return frozenset({SOURCE})
        if ALL in self.only_binary:
            return frozenset({BINARY})
        if ALL in self.no_binary:
            return frozenset({SOURCE})
        return _BOTH

    def allows(self, name: str, *, wheel: bool) -> bool:
        """Whether a wheel (``wheel=True``) or an sdist of ``name`` may be used."""
        return (BINARY if wheel else SOURCE) in self.allowed(name)

    def __bool__(self) -> bool:
        return bool(self.no_binary or self.only_binary)

    def option_lines(self) -> list[str]:
        """Requirements-file lines that give pip (and stackwise) this value again: ``:all:``
        first (it resets both sets), then each set's names, sorted."""
        lines: list[str] = []
        for option, names in ((NO_BINARY, self.no_binary), (ONLY_BINARY, self.only_binary)):
            if ALL in names:
                lines.append(f"{option} {ALL}")
        for option, names in ((NO_BINARY, self.no_binary), (ONLY_BINARY, self.only_binary)):
            named = sorted(names - {ALL})
            if named:
                lines.append(f"{option} {','.join(named)}")
        return lines

    def key(self) -> list[list[str]]:
        """A JSON-able form for cache keys."""
        return [sorted(self.no_binary), sorted(self.only_binary)]


def trusted_netloc(host: str, where: str) -> str:
    """A ``--trusted-host`` value checked and normalized (``host`` or ``host:port``, lowercase)."""
    text = host.strip().lower()
    if not text:
        raise RequirementError(f"{where}: --trusted-host needs a value: a host name or host:port.")
    match = re.fullmatch(r"(\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::(\d{1,5}))?", text)
    if not match or (match.group(2) is not None and not 0 < int(match.group(2)) < 65536):
        shown = host if len(host) <= 80 else host[:80] + "..."
        raise RequirementError(f"{where}: --trusted-host needs a host name or host:port, not {shown!r}.")
    return text


def is_trusted(url: str, hosts: Iterable[str]) -> bool:
    """Whether ``url``'s host is one of ``hosts`` (pip's rule: ``host`` trusts every port of that
    host, ``host:port`` that port only)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return False
    if not host:
        return False
    shown = f"[{host}]" if ":" in host else host
    for trusted in hosts:
        if trusted == shown or (port is not None and trusted == f"{shown}:{port}"):
            return True
    return False


__all__ = ["ALL", "NONE", "NO_BINARY", "ONLY_BINARY", "FormatControl", "is_trusted", "trusted_netloc"]
