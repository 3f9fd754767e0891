"""Error signatures: one short string that names a failure, the same across stacks and machines.

Why: the learner groups inspections by *how* they failed. Two stacks that break with
``ImportError: cannot import name 'x' from 'libb' (/tmp/tmpa1b2/venv/.../libb/__init__.py)``
fail the same way even though the path, the temporary directory and the line numbers
differ; a stack that fails another way must not be lumped in with them. So a signature is
the exception type and message of the *last* Python traceback in the output (the one that
ended the run; chained tracebacks come before it), with everything that varies between runs
but not between failures replaced by a placeholder:

- absolute paths and ``file://`` URLs -> ``<path>``
- memory addresses ``0x7f3a...`` -> ``0x?``
- temporary directory names (``tmpk3j_x9``, ``stackwise-inspect-...``) -> ``<tmp>``
- long hex digests -> ``<hex>``; other numbers (line numbers, versions, sizes, pids) -> ``N``

A run without a traceback is named by its exit status and last non-empty output line
(``exit 3: error: no config``); a run that was killed for exceeding its wall clock is
``timeout``. Signatures are at most :data:`MAX_LENGTH` characters.
"""

from __future__ import annotations

import contextlib
import re
import signal

MAX_LENGTH = 300

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# a traceback header, possibly inside an exception-group box ("  + Exception Group Traceback ...")
_HEADER = re.compile(r"^(?P<prefix>[ \t|+\-]*)(?:Exception Group )?Traceback \(most recent call last\):\s*$")
# "pkg.mod.SomeError: message" or a bare "KeyboardInterrupt"
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(?::\s.*|:)?$")
_FILE_URL = re.compile(r"file://[^\s'\"<>()\[\],;]*")
# an absolute POSIX path (after a start, whitespace, a quote, a bracket, '=' or ':'), or a Windows one
_POSIX_PATH = re.compile(r"(?:(?<=^)|(?<=[\s'\"(\[=:,<]))~?/[^\s'\"<>()\[\],;:]+")
_WINDOWS_PATH = re.compile(r"\b[A-Za-z]:\\[^\s'\"<>()\[\],;]+")
_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]+\b")
_TMPNAME = re.compile(r"\b(?:tmp|stackwise-inspect-|pytest-of-)[\w\-]{4,}\b")
_HEX = re.compile(r"\b[0-9a-f]{16,}\b")
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)*(?![\w])")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` with paths, addresses, temp names and numbers replaced, whitespace collapsed.

    Why each placeholder: these are the parts that differ when the *same* failure happens in
    another work directory, on another machine, or in another version of the same package.
    """
    text = _ANSI.sub("", text)
    text = _FILE_URL.sub("<path>", text)
    text = _WINDOWS_PATH.sub("<path>", text)
    text = _POSIX_PATH.sub("<path>", text)
    text = _ADDRESS.sub("0x?", text)
    text = _TMPNAME.sub("<tmp>", text)
    text = _HEX.sub("<hex>", text)
    text = _NUMBER.sub("N", text)
    return _SPACES.sub(" ", text).strip()


def last_exception(output: str) -> str | None:
    """The ``Type: message`` line that closes the last traceback in ``output`` (``None``: no traceback).

    Why by indentation: frame lines of a traceback are indented relative to its header,
    the exception line is not (inside an exception-group box the box's ``|`` prefix has the
    header's width), so the first line at the header's indentation after it is the answer.
    """
    lines = _ANSI.sub("", output).splitlines()
    for start in range(len(lines) - 1, -1, -1):
        match = _HEADER.match(lines[start])
        if match is None:
            continue
        width = len(match.group("prefix"))
        for line in lines[start + 1:]:
            body = line[width:]
            if not body.strip() or body[:1] in (" ", "\t"):
                continue  # a frame, a source line, a caret line
            if _EXCEPTION_LINE.match(body.rstrip()):
                return body.strip()
            break  # the traceback was cut off or interleaved with other output
        # a header without a readable exception line (truncated output): look further back
    return None


def error_signature(output: str, exit_status: int | None) -> str | None:
    """The signature of a run that ended with ``exit_status`` (``None``: killed at its timeout).

    Returns ``None`` for a successful run without a traceback, ``"timeout"`` for a run killed
    by the wall clock, else the normalised last exception, else ``exit <status>: <last line>``.
    """
    if exit_status is None:
        return "timeout"
    exception = last_exception(output)
    if exception is not None:
        return _cap(normalise(exception))
    if exit_status == 0:
        return None
    last = next((ln for ln in reversed(output.splitlines()) if ln.strip()), "")
    status = str(exit_status)
    if exit_status < 0:
        with contextlib.suppress(ValueError):
            status += f" ({signal.Signals(-exit_status).name})"
    text = normalise(last)
    return _cap(f"exit {status}: {text}" if text else f"exit {status}")


def _cap(text: str) -> str:
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1] + "…"
