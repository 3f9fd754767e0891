"""User-facing errors.

Every failure a user can cause (bad input, unreachable index, corrupt files) is raised
as a :class:`StackwiseError`; the CLI prints its message as one paragraph and exits
non-zero, never with a traceback.
"""

from __future__ import annotations


class StackwiseError(Exception):
    """Base class: ``str(error)`` is the complete message shown to the user."""

    exit_code = 1

    def __str__(self) -> str:
        text = redact_credentials(_capped(super().__str__()))
        if text.isascii() and text.replace("\n", "").isprintable():
            return text
        # A URL or a yanked reason from an index may hold a terminal escape: shown escaped.
        from stackwise._text import safe

        return safe(text)


_MAX_MESSAGE = 16_000


def _capped(text: str) -> str:
    """A message of at most ``_MAX_MESSAGE`` characters: a valid but megabyte-long project name
    was quoted several times in one error (a 5 MB name printed 10 MB to the terminal)."""
    if len(text) <= _MAX_MESSAGE:
        return text
    half = _MAX_MESSAGE // 2
    return f"{text[:half]} [... {len(text) - 2 * half} characters left out ...] {text[-half:]}"


def redact_credentials(text: str) -> str:
    """URLs in ``text`` with the password (or a lone user name long enough to be a token) as
    ``****``, as pip shows them: an index URL from a lock or requirements file may carry
    credentials, and an error message ends up in CI logs. A short lone user name
    (``git@``, ``USER@`` in an example) is kept."""
    if "@" not in text or "://" not in text:
        return text
    import re

    def hide(m: re.Match[str]) -> str:
        if m[3] is not None:
            return f"{m[1]}{m[2]}:****@"
        return f"{m[1]}****@" if len(m[2]) >= 16 else m[0]

    return re.sub(r"(://)([^\s/@:'\"]*)(:[^\s/@'\"]*)?@", hide, text)


class ScoreFileError(StackwiseError):
    """A score file (or score source) is unreadable, not JSON, or fails validation."""


class IndexFetchError(StackwiseError):
    """A package index or find-links location failed or returned garbage."""


class RequirementError(StackwiseError):
    """A requirement line or requirements file is malformed."""


class ResolutionError(StackwiseError):
    """No stack satisfies the requirements (the message carries the conflict chain)."""


class MetadataError(StackwiseError):
    """Metadata for a distribution could not be obtained."""


class CandidateUnavailable(MetadataError):
    """This one release cannot be evaluated here (metadata not cached offline, sdist needing a
    build): the resolver skips it and tries the next candidate, and says so, instead of failing."""


#: What a message about a release that cannot be evaluated advises (it is skipped).
SKIPPED = "this release is skipped (provide a wheel for it or pin another version)"


class MetadataNotCached(CandidateUnavailable):
    """A release whose metadata is not in the cache, under ``--offline``. Skipped like any
    unavailable release, except in the fallback to pip's order (see CandidateBuildFailed):
    there each one sent resolvelib backtracking through every stack without it, for minutes."""


class CandidateBuildFailed(CandidateUnavailable):
    """A release whose metadata build (an sdist's PEP 517 hook) failed, now or in a run it is
    remembered from. Skipped like any unavailable release, except where stackwise does pip's
    work (the fallback to pip's order): pip stops at such a failure, and skipping it there
    sent resolutions through every older release of the projects needing it, building each
    (tens of minutes, where pip stopped in seconds). ``failure``: what failed, without the
    "skipped" advice of the message."""

    def __init__(self, message: str, failure: str | None = None) -> None:
        super().__init__(message)
        self.failure = failure or message


class BuildPastDeadline(MetadataError):
    """A metadata build that could not finish by the deadline its caller set (the time budget
    of a resolution in stackwise's order): not a verdict on the release, so it is neither
    remembered nor counted as a failed build; the resolution that asked is out of time.
    ``what``: the step that was cut short, for the message of the resolution's fallback."""

    def __init__(self, message: str, what: str = "") -> None:
        super().__init__(message)
        self.what = what or message


class ProjectUnbuildable(MetadataError):
    """Every release of a project left to try needs a metadata build, and its builds keep
    failing here, in a resolution that nothing else bounds (``--time-budget 0``): pip stops at
    the first failed build, and skipping each release sent resolvelib through every stack
    without the project (pip's 200,000 rounds, minutes). Stops the lock, naming the project."""


class MetadataNeedsBuild(MetadataError):
    """Metadata that only a build (of a source distribution) would give, asked for where a
    build is not worth it: the search's look-ahead reads dependencies of releases it may
    never pick, and one old sdist can take minutes. Not a verdict on the release."""


class LockFileError(StackwiseError):
    """A lock file (pylock.toml, Pipfile.lock, requirements.txt with hashes) or a Pipfile is
    unreadable or malformed; the message names the file, where, and what is wrong."""
