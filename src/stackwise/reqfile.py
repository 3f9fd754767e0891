"""Read requirements files the way pip does (the subset a lock needs).

Supports comments, line continuations, ``${VAR}`` expansion, ``-r``/``-c`` includes (relative
to the including file), and the index options ``-i``/``--index-url``,
``--extra-index-url``, ``-f``/``--find-links``, ``--no-index``, ``--pre``,
``--require-hashes`` (accepted as it is: a lock always carries hashes, and an install
always checks them), pip's format options ``--only-binary``, ``--no-binary`` and
``--prefer-binary`` (:mod:`stackwise.index.formats`), and ``--trusted-host``. Anything we
cannot honour faithfully (editables, direct URLs, local paths) is refused with the file and
line, instead of being silently dropped; a lock reader (which installs them) and ``stackwise
lock`` (which locks their dependencies) opt in to local-project lines (``Inputs(local=[])``).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from stackwise._dataclass import dataclass
from stackwise.errors import RequirementError

_ENV_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")
_COMMENT = re.compile(r"(^|\s+)#.*$")


@dataclass
class Line:
    requirement: Requirement
    origin: str  # "requirements.in:3" or "command line"
    hashes: tuple[str, ...] = ()


@dataclass
class LocalLine:
    """A local-project line kept as written (``-e ./dir``, ``./dir``, ``name @ file:///dir``), for
    readers that opt in with ``Inputs(local=[])`` (:mod:`stackwise.lockfiles.requirements`)."""

    text: str  # after ``-e``/``--editable`` for an editable line; markers and extras included
    origin: str
    editable: bool
    hashes: tuple[str, ...] = ()
    base: str = ""  # directory of the file it was read from (messages; pip reads paths from the cwd)


@dataclass
class Inputs:
    """Everything read from the command line and requirements files."""

    requirements: list[Line] = field(default_factory=list)
    constraints: list[Line] = field(default_factory=list)
    index_url: str | None = None
    extra_index_urls: list[str] = field(default_factory=list)
    find_links: list[str] = field(default_factory=list)
    no_index: bool = False
    # --index-url, --extra-index-url and --no-index lines as read, in order: (option, value or ""),
    # for pip's precedence (a later --index-url line replaces the indexes before it).
    index_steps: list[tuple[str, str]] = field(default_factory=list)
    pre: bool = False
    files: list[str] = field(default_factory=list)  # requirements files read (for "# via -r")
    # --only-binary/--no-binary as read, in order: (option, value, "file:line"), each value checked
    # when read; applied after the command line's (stackwise.index.formats), as pip applies them.
    format_options: list[tuple[str, str, str]] = field(default_factory=list)
    prefer_binary: bool = False
    trusted_hosts: list[str] = field(default_factory=list)  # normalized host or host:port
    # What the result depends on besides the lines: every file read (constraints too) and
    # the ${VARIABLES} expanded in them, with their values (None: unset).
    # absolute path -> "sha256:<hex>" of its bytes (None: absent; local projects' build files)
    read: dict[str, str | None] = field(default_factory=dict)
    env_refs: dict[str, str | None] = field(default_factory=dict)
    # How a file given as an https:// URL is read (stackwise.urlfiles; the command sets the
    # cache directory, --offline and --timeout): URL -> the local cached copy.
    fetch_url: Callable[[str, str], str] | None = None
    # None: local-project lines are refused; a list: they are collected here instead (installing
    # a lock that names them, or `stackwise lock` locking their dependencies).
    local: list[LocalLine] | None = None
    # ``name @ file:///dir`` constraint lines, when local-project lines are collected: accepted
    # where they name the directory of a local project among the inputs, as pip accepts them
    # (stackwise.lockfiles.local.add_local_roots checks them), refused otherwise.
    local_constraints: list[LocalLine] = field(default_factory=list)


def parse_requirement_text(text: str, origin: str) -> Requirement:
    """One PEP 508 requirement, or a RequirementError that says where and why."""
    stripped = text.strip()
    if stripped.startswith(("-e", "--editable")):
        raise RequirementError(f"{origin}: editable requirements ({_shown(stripped)}) cannot be locked here; {_LOCAL_ONLY}")
    try:
        req = Requirement(stripped)
    except InvalidRequirement as exc:
        hint = ""
        if stripped.startswith((".", "/", "file:")) or stripped.endswith((".whl", ".tar.gz", ".zip")):
            hint = (" Local paths (project directories) are locked by `stackwise lock` into a requirements file "
                    "only, and archives not at all; publish the package to an index or a --find-links directory.")
        detail = str(exc) if len(stripped) <= 200 else str(exc).split("\n", 1)[0]
        from stackwise._text import safe

        detail = safe(detail)  # packaging quotes the line as it is: a NUL or ESC in it reached the terminal
        raise RequirementError(f"{origin}: invalid requirement {_shown(stripped)}: {detail}.{hint}") from None
    problem = unusable_reason(req)
    if problem is not None:
        raise RequirementError(f"{origin}: {_shown(stripped)}: {problem}.")
    if req.url:
        raise RequirementError(
            f"{origin}: {stripped!r} is a direct URL requirement; stackwise locks index "
            "releases only. Put the file in a --find-links directory and require it by name."
        )
    return req


_LOCAL_ONLY = ("local project directories (-e ./dir, ./dir, name @ file:///dir) are locked by `stackwise lock` "
               "into a requirements file or pylock.toml only (not in constraints, with --universal or --format "
               "pipfile-lock); list the package by name instead.")


_LONG_NUMBER = re.compile(r"\d{4000,}")  # Python converts at most 4300 digits to an int


def unusable_reason(req: Requirement) -> str | None:
    """Why a requirement that parses would still fail later (a traceback deep in the resolver)."""
    if _LONG_NUMBER.search(str(req.specifier)) or (req.marker is not None and _LONG_NUMBER.search(str(req.marker))):
        return "a version in it has more digits than any version can have"  # a ValueError in every comparison
    if req.marker is not None:
        from packaging.markers import UndefinedComparison, UndefinedEnvironmentName

        try:
            req.marker.evaluate()  # e.g. "platform_release ~= 'x'": ~= needs a version
        except (UndefinedComparison, UndefinedEnvironmentName) as exc:
            return f"its marker cannot be evaluated ({str(exc).rstrip('.')})"
    return None


_BOMS = (  # as pip reads requirements files: a byte order mark names the encoding
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes) -> str:
    """UTF-8, or the encoding a byte order mark names (Windows editors write UTF-16 with one)."""
    for bom, encoding in _BOMS:  # UTF-32 LE before UTF-16 LE: its mark begins with UTF-16's
        if data.startswith(bom):
            return data.decode(encoding)
    return data.decode("utf-8")


def _shown(text: str, limit: int = 200) -> str:
    """``text`` for an error message: a pasted binary or a megabyte line is cut, not printed."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"... ({len(text)} characters)"


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each logical line, joined and stripped of comments in pip's
    order (req_file.preprocess): lines ending in a backslash are joined first (a comment-only line
    never continues), then comments are removed, so a comment ending in a backslash takes the
    next line with it, as in pip."""
    lines: list[tuple[int, str]] = []
    buf = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not buf:
            start = number
        if raw.endswith("\\") and not _COMMENT.match(raw):
            buf += raw[:-1] + " "
            continue
        line = _COMMENT.sub("", buf + raw).strip()
        if line:
            lines.append((start, line))
        buf = ""
    line = _COMMENT.sub("", buf).strip()
    if line:
        lines.append((start, line))
    return lines


_OPTS_WITH_VALUE = {
    "-r": "requirement", "--requirement": "requirement",
    "-c": "constraint", "--constraint": "constraint",
    "-i": "index_url", "--index-url": "index_url",
    "--extra-index-url": "extra_index_url",
    "-f": "find_links", "--find-links": "find_links",
}


def _expand(name: str, literal: str, inputs: Inputs) -> str:
    """pip's ``${VAR}`` expansion (unset: left as written), noting what it depended on."""
    value = os.environ.get(name)
    inputs.env_refs[name] = value
    return literal if value is None else value


_MAX_NESTING = 100  # -r/-c files within files


def read_requirements_file(path: str, inputs: Inputs, *, constraint: bool = False, _stack: tuple[str, ...] = ()) -> None:
    """Add the contents of a requirements (or constraints) file to ``inputs``."""
    if len(_stack) >= _MAX_NESTING:  # deeper, the recursion below ended in a RecursionError traceback
        raise RequirementError(f"{path}: requirements files are nested more than {_MAX_NESTING} deep "
                               f"({_stack[0]} -> ... -> {_stack[-1]} -> {path}).")
    real = path if "://" in path else os.path.realpath(path)
    if real in _stack:
        raise RequirementError(f"{path}: requirements files include each other in a loop ({' -> '.join(_stack + (path,))}).")
    try:
        if "://" in path:
            data = Path(_fetched(path, inputs, "constraints file" if constraint else "requirements file")).read_bytes()
        else:
            from stackwise._inputfile import read_input_bytes

            data = read_input_bytes(path)  # a device or pipe is read up to a limit (-r /dev/zero)
        text = _decode(data)
    except FileNotFoundError:
        raise RequirementError(f"Requirements file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RequirementError(f"Cannot read requirements file {path}: {getattr(exc, 'strerror', None) or exc}.") from None
    if not constraint:
        inputs.files.append(path)
    # A URL is recorded under its URL: no local file has that name, so a lock made from it is
    # never reused (the file can change on the server without anything local changing).
    inputs.read[path if "://" in path else os.path.abspath(path)] = "sha256:" + hashlib.sha256(data).hexdigest()
    base = path.rsplit("/", 1)[0] if "://" in path else os.path.dirname(path)
    for number, line in _logical_lines(text):
        origin = f"{path}:{number}"
        line = _ENV_VAR.sub(lambda m: _expand(m.group(1), m.group(0), inputs), line)
        if line.startswith("-"):
            _option(line, origin, base, inputs, constraint, _stack + (real,))
            continue
        req_text, _, opts = line.partition(" --")
        hashes: list[str] = []
        if opts:
            try:
                split = shlex.split("--" + opts)
            except ValueError as exc:  # an unclosed quote: pip says "No closing quotation" too
                raise RequirementError(f"{origin}: cannot parse the options of {line!r}: {exc}.") from None
            for opt in split:
                if opt.startswith("--hash="):
                    hashes.append(opt[len("--hash="):])
                elif opt.startswith("--hash"):
                    continue
                elif ":" in opt and hashes:  # value of a bare "--hash" option
                    hashes.append(opt)
                else:
                    raise RequirementError(f"{origin}: unsupported per-requirement option {opt!r}.")
        if inputs.local is not None and not constraint and _looks_local(req_text):
            inputs.local.append(LocalLine(req_text.strip(), origin, False, tuple(hashes), base))
            continue
        if inputs.local is not None and constraint and _named_file_url(req_text):
            inputs.local_constraints.append(LocalLine(req_text.strip(), origin, False, tuple(hashes), base))
            continue
        req = parse_requirement_text(req_text, origin)
        (inputs.constraints if constraint else inputs.requirements).append(Line(req, origin, tuple(hashes)))


def _fetched(url: str, inputs: Inputs, what: str) -> str:
    """The local copy of a requirements or constraints file given as a URL."""
    if inputs.fetch_url is not None:
        return inputs.fetch_url(url, what)
    from stackwise.urlfiles import fetch_url

    return str(fetch_url(url, what=what, error=RequirementError))


def _looks_local(text: str) -> bool:
    """A path or ``file:`` URL, bare or as ``name @ file:...`` (what pip reads as a local project)."""
    text = text.strip()
    return text.startswith((".", "/", "~", "file:")) or text.partition("@")[2].strip().startswith("file:")


def _named_file_url(text: str) -> bool:
    """``name @ file:...``: the one local form pip takes as a constraint (a bare path has no name)."""
    name, at, location = text.partition("@")
    return bool(at and name.strip() and not name.strip().startswith((".", "/", "~", "file:"))
                and location.strip().startswith("file:"))


def _option(line: str, origin: str, base: str, inputs: Inputs, constraint: bool, stack: tuple[str, ...]) -> None:
    editable = re.match(r"(--editable|-e)(?:=|\s*)(.*)$", line)
    if editable and inputs.local is not None and not constraint:
        if not editable.group(2).strip():
            raise RequirementError(f"{origin}: option {editable.group(1)} needs a project directory.")
        inputs.local.append(LocalLine(editable.group(2).strip(), origin, True, (), base))
        return
    try:
        parts = shlex.split(line)
    except ValueError as exc:
        raise RequirementError(f"{origin}: cannot parse option line {line!r}: {exc}.") from None
    opt, *rest = parts
    value: str | None = None
    if "=" in opt and opt.startswith("--"):
        opt, value = opt.split("=", 1)
    elif opt in _FLAGS:
        pass
    elif rest:
        value, *rest = rest
    elif len(opt) > 2 and opt[:2] in ("-r", "-c", "-i", "-f") and not opt.startswith("--"):
        opt, value = opt[:2], opt[2:]
    _one_option(opt, value, origin, base, inputs, constraint, stack)
    if rest and rest[0].startswith("-"):  # several options on one line, as pip reads them
        _option(shlex.join(rest), origin, base, inputs, constraint, stack)


# Options that take no value (anything after them on the line is another option).
_FLAGS = frozenset({"--no-index", "--pre", "--require-hashes", "--prefer-binary"})


def _one_option(opt: str, value: str | None, origin: str, base: str, inputs: Inputs, constraint: bool,
                stack: tuple[str, ...]) -> None:
    if opt in _FLAGS and value is not None:  # "--pre=1": pip's optparse refuses it rather than guess
        raise RequirementError(f"{origin}: option {opt} does not take a value.")
    if opt == "--no-index":
        inputs.no_index = True
        inputs.index_steps.append((opt, ""))
        return
    if opt == "--pre":
        inputs.pre = True
        return
    if opt == "--require-hashes":  # hashed locks often start with it: what stackwise always does
        return
    if opt == "--prefer-binary":
        inputs.prefer_binary = True
        return
    if opt == "--trusted-host":
        from stackwise.index.formats import trusted_netloc

        inputs.trusted_hosts.append(trusted_netloc(value or "", origin))
        return
    if opt in ("--only-binary", "--no-binary"):
        from stackwise.index.formats import FormatControl

        FormatControl().applied(opt, value or "", origin)  # a bad or missing value is refused here, with its line
        inputs.format_options.append((opt, value or "", origin))
        return
    if opt in ("-e", "--editable"):
        raise RequirementError(f"{origin}: editable requirements cannot be locked here; {_LOCAL_ONLY}")
    kind = _OPTS_WITH_VALUE.get(opt)
    if kind is None:
        raise RequirementError(f"{origin}: unsupported option {opt!r} in a requirements file.")
    if not value:
        raise RequirementError(f"{origin}: option {opt} needs a value.")
    if kind in ("requirement", "constraint"):
        target = value if os.path.isabs(value) or "://" in value else (
            f"{base}/{value}" if "://" in base else os.path.join(base, value))
        read_requirements_file(target, inputs, constraint=constraint or kind == "constraint", _stack=stack)
    elif kind == "index_url":
        inputs.index_url = value
        inputs.index_steps.append(("--index-url", value))
    elif kind == "extra_index_url":
        inputs.extra_index_urls.append(value)
        inputs.index_steps.append(("--extra-index-url", value))
    else:
        fl = value if "://" in value or os.path.isabs(value) else os.path.join(base, value)
        if "://" not in base and "://" not in value and not os.path.exists(fl):
            fl = value  # as pip: relative to the file only where that exists, else to the current directory
        inputs.find_links.append(fl)


def gather(requirements: Sequence[str], requirement_files: Sequence[str], constraint_files: Sequence[str],
           *, nothing: str, fetch_url: Callable[[str, str], str] | None = None, local: bool = False,
           configured_files: Sequence[str] = ()) -> Inputs:
    """Requirement arguments, ``-r`` and ``-c`` files into one :class:`Inputs`, as pip reads them;
    ``nothing`` is the error when no requirement results (constraints alone select nothing).
    ``local``: collect local-project lines and arguments (``-e ./dir`` given as one argument,
    ``./dir``, ``name @ file:///dir``) in ``inputs.local`` instead of refusing them.
    ``configured_files``: the requirements files pip's configuration names (``PIP_REQUIREMENT``),
    read before the ``-r`` files, as pip's option parser puts the configured list first."""
    inputs = Inputs(fetch_url=fetch_url, local=[] if local else None)
    # pip reads -c files first, then the arguments, then -r files: a later file's option lines
    # (--only-binary, --index-url, ...) win over an earlier one's, so the order is pip's.
    for path in constraint_files:
        read_requirements_file(path, inputs, constraint=True)
    for i, text in enumerate(requirements):
        editable = re.match(r"(--editable|-e)(?:=|\s+)(.*)$", text.strip())
        if inputs.local is not None and (editable or _looks_local(text)):
            body = editable.group(2).strip() if editable else text.strip()
            inputs.local.append(LocalLine(body, f"argument {i + 1}", bool(editable)))
            continue
        inputs.requirements.append(Line(parse_requirement_text(text, f"argument {i + 1}"), "command line"))
    for path in configured_files:
        if "://" not in path and not os.path.exists(path):
            raise RequirementError(f"pip's configuration names the requirements file {path} (PIP_REQUIREMENT or "
                                   "`requirement =` in a pip configuration file), which does not exist; pip would "
                                   "refuse it too. Fix or unset that setting.")
        read_requirements_file(path, inputs)
    for path in requirement_files:
        read_requirements_file(path, inputs)
    if not inputs.requirements and not inputs.local:
        raise RequirementError(nothing)
    return inputs
