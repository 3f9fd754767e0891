"""Read pip's own index settings, so stackwise sees the same indexes pip would.

This is the only module allowed to import ``pip._internal``: pip's configuration
loader knows every file location, ``PIP_CONFIG_FILE`` (including ``os.devnull`` to
disable files), ``PIP_*`` environment variables and the override order.

Importing pip costs 25-80 ms, a tenth of a fresh offline lock, to learn settings that
almost never change. So the result is remembered in the cache directory
(``pip-config.json``), keyed by everything that selects what pip reads: the
interpreter, ``sys.path`` (which pip is imported), the ``PIP_*``, ``HOME``, ``XDG_*``...
environment, ``--isolated`` and the command section; it is used again only while every
candidate configuration file has the content (or absence) it had when pip read it, and
pip's own files and this module are unchanged. Any difference means pip is asked again.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys

from stackwise.errors import StackwiseError
from stackwise.index.stamps import config_environment, files_unchanged, sign_files, stat_validator

TYPE_CHECKING = False  # typing (~4 ms) is not imported for annotations
if TYPE_CHECKING:
    from typing import Any

MEMO_NAME = "pip-config.json"
_MEMO_FORMAT = 4  # 2: format options, prefer-binary, trusted hosts; 3: pre; 4: requirement files
_MEMO_LIMIT = 32  # records kept (one per environment a user locks from)

# pip's option names (as written in config files / PIP_* variables) -> our keys.
_LIST_KEYS = {"extra-index-url": "extra_index_urls", "find-links": "find_links", "constraint": "constraints",
              "requirement": "requirements"}
_TRUE = {"y", "yes", "t", "true", "on", "1"}
_FALSE = {"n", "no", "f", "false", "off", "0"}


def _flatten(items: Any) -> list[tuple[str, Any]]:
    """``Configuration.items()`` is ``{file: {key: value}}`` in pip >= 23.3, flat before."""
    out: list[tuple[str, Any]] = []
    for key, value in items:
        if isinstance(value, dict):
            out.extend(value.items())
        else:
            out.append((key, value))
    return out


def _ordered(items: list[tuple[str, Any]], command: str) -> list[tuple[str, str]]:
    """Like pip: [global] first, then the command's section, then environment variables."""
    order = ("global", command, ":env:")
    sections: dict[str, dict[str, str]] = {s: {} for s in order}
    for section_key, value in items:
        section, _, key = section_key.partition(".")
        if section in sections:
            sections[section][key.replace("_", "-")] = value
    return [(k, v) for s in order for k, v in sections[s].items() if v]


def _candidate_files() -> list[str]:
    """Every file pip's configuration could come from, whether it exists or not.

    A superset of what pip reads (pip skips user files when ``PIP_CONFIG_FILE`` exists):
    whoever remembers these settings must notice any of them appearing or changing. An
    empty list when this pip does not say (then nothing may be remembered).
    """
    try:
        from pip._internal.configuration import get_configuration_files
    except ImportError:
        return []
    files = [f for group in get_configuration_files().values() for f in group]
    if sys.platform == "darwin":
        # pip's user file there is in ~/Library/Application Support/pip only while that
        # directory exists, else in ~/.config/pip: the directory appearing must be noticed.
        from pip._vendor import platformdirs

        data_dir = platformdirs.user_data_dir("pip", appauthor=False, roaming=True)
        files += [data_dir, os.path.join(data_dir, "pip.conf")]
    env_file = os.environ.get("PIP_CONFIG_FILE")
    if env_file:
        files.append(env_file)
    return list(dict.fromkeys(os.path.abspath(f) for f in files))


def _positive(key: str, value: Any) -> float:
    """A positive number of seconds from pip's configuration, or a clear error naming the key."""
    try:
        number = float(str(value).strip())
    except ValueError:
        number = float("nan")
    if not number > 0 or number == float("inf"):
        raise StackwiseError(
            f"pip's configuration sets {key} to {value!r} (config file or PIP_{key.upper().replace('-', '_')}); "
            "it must be a positive number of seconds."
        )
    return number


def _memo_key(isolated: bool, command: str) -> str:
    """Everything besides file contents that decides what pip's configuration loader returns."""
    import stackwise
    from stackwise.index.stamps import sha256_hex

    parts = [
        _MEMO_FORMAT, stackwise.__version__, stat_validator(__file__),
        sys.executable, sys.version, sys.prefix, sys.base_prefix, list(sys.path), os.getcwd(),
        os.getuid() if hasattr(os, "getuid") else None,  # "~" without HOME is the user's home
        isolated, command, config_environment(),
    ]
    return sha256_hex(json.dumps(parts).encode())


def _remembered(path: str, key: str) -> dict[str, Any] | None:
    """The settings remembered under ``key``, if pip would still read exactly the same."""
    try:
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)[key]
        if not files_unchanged(record["files"]):
            return None
        if any(stat_validator(p) != v for p, v in record["modules"].items()):
            return None  # pip was upgraded, downgraded or removed
        settings = record["settings"]
        if not isinstance(settings, dict) or not isinstance(settings.get("files"), list):
            return None
        return settings
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # absent, unreadable (nested too deeply, too) or from another layout: ask pip


def _remember(path: str, key: str, record: dict[str, Any]) -> None:
    """Add ``record``; an unwritable cache only costs the next run pip's import again.

    Only into an existing cache directory: reading settings must not create one. The file is
    private (0600), like pip's own configuration may need to be: index URLs can carry tokens.
    """
    from stackwise._atomic import atomic_write_text

    if not os.path.isdir(os.path.dirname(path)):
        return
    try:
        with contextlib.suppress(FileExistsError):  # created private; atomic writes keep its mode
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            with open(path, encoding="utf-8") as fh:
                records = json.load(fh)
            if not isinstance(records, dict):
                records = {}
        except (OSError, ValueError, RecursionError):  # RecursionError: a corrupt file nested too deeply
            records = {}
        records.pop(key, None)
        records[key] = record  # newest last; the oldest are dropped past the limit
        kept = dict(list(records.items())[-_MEMO_LIMIT:])
        atomic_write_text(path, json.dumps(kept, separators=(",", ":")))
    except (OSError, TypeError, ValueError):
        pass


def pip_index_settings(isolated: bool = False, *, command: str = "install", cache: str | None = None) -> dict[str, Any]:
    """Index-related settings exactly as ``pip <command>`` would see them.

    Keys: ``index_url`` (pip's default index when unset), ``extra_index_urls``,
    ``find_links``, ``constraints``, ``requirements`` (lists), ``no_index`` (bool), ``timeout`` (seconds, only
    when configured) and ``files``: every
    configuration file pip might read here, existing or not (see :func:`_candidate_files`). ``isolated`` mirrors
    ``pip --isolated``: no user config, no environment variables. With a ``cache``
    directory the answer is remembered there and reused while nothing pip reads changed
    (see the module's docstring), without importing pip.
    """
    memo = key = None
    if cache is not None:
        memo, key = os.path.join(cache, MEMO_NAME), _memo_key(isolated, command)
        found = _remembered(memo, key)
        if found is not None:
            return found
    settings = _read_pip_settings(isolated, command)
    if memo is not None and key is not None and settings["files"]:
        _remember(memo, key, {"files": settings.pop("signed"), "modules": _pip_modules(), "settings": settings})
    settings.pop("signed", None)
    return settings


def _pip_modules() -> dict[str, str | None]:
    """pip's files whose change (an upgrade) must be noticed, with their stat stamps."""
    return {m.__file__: stat_validator(m.__file__)
            for m in (sys.modules.get("pip"), sys.modules.get("pip._internal.configuration"))
            if m is not None and getattr(m, "__file__", None)}


def _read_pip_settings(isolated: bool, command: str) -> dict[str, Any]:
    """Ask pip itself; ``signed`` holds the candidate files' signatures taken before pip read them."""
    try:
        from pip._internal.configuration import Configuration
        from pip._internal.exceptions import ConfigurationError
        from pip._internal.models.index import PyPI
    except ImportError as exc:  # pip is a dependency, but be clear if it's broken
        raise StackwiseError(
            f"Cannot read pip's configuration because pip could not be imported ({exc}); "
            "pass --index-url (or --no-index with --find-links) explicitly."
        ) from None

    files = _candidate_files()
    _refuse_streams(files)
    signed = sign_files(files)  # before pip reads them: an edit meanwhile is noticed next time
    config = Configuration(isolated=isolated)
    try:
        config.load()
    except ConfigurationError as exc:
        raise StackwiseError(f"pip's configuration could not be read: {exc}") from None

    settings: dict[str, Any] = {
        "index_url": PyPI.simple_url,
        "extra_index_urls": [],
        "find_links": [],
        "no_index": False,
        "constraints": [],
        "requirements": [],  # PIP_REQUIREMENT, `requirement =`: pip reads them as if given with -r
        "format_options": [],  # [option, value] in the order pip applies them (format.py)
        "prefer_binary": False,
        "pre": False,
        "trusted_hosts": [],
    }
    settings["files"] = files
    settings["signed"] = signed
    for key, value in _ordered(_flatten(config.items()), command):
        if key in ("index-url", "i"):
            settings["index_url"] = str(value).strip()
        elif key in _LIST_KEYS:
            # pip splits list options on whitespace ("a b" -> ["a", "b"]); a later
            # section replaces an earlier one rather than adding to it.
            settings[_LIST_KEYS[key]] = str(value).split()
        elif key in ("timeout", "default-timeout"):  # pip's --timeout (alias --default-timeout), PIP_TIMEOUT
            settings["timeout"] = _positive(key, value)
        elif key == "no-index":
            word = str(value).strip().lower()
            if word not in _TRUE | _FALSE:
                raise StackwiseError(
                    f"pip's configuration sets no-index to {value!r}, which is not a boolean; "
                    "use yes/no, true/false or 1/0."
                )
            settings["no_index"] = word in _TRUE
        elif key in ("only-binary", "no-binary"):  # pip's callback gets each configured value whole
            settings["format_options"].append([f"--{key}", str(value)])
        elif key == "prefer-binary":
            settings["prefer_binary"] = _boolean(key, value)
        elif key == "pre":  # pip's --pre (PIP_PRE, `pre = true`): pre-releases are candidates
            settings["pre"] = _boolean(key, value)
        elif key == "trusted-host":
            settings["trusted_hosts"] = str(value).split()
    return settings


def _refuse_streams(files: list[str]) -> None:
    """A configuration file that is a device or pipe (``PIP_CONFIG_FILE=/dev/zero``) is refused
    before pip's loader reads it: that loader reads a file whole, so an endless stream filled
    the memory (pip itself is killed for it). ``os.devnull`` stays pip's "no files" switch."""
    import stat

    for path in files:
        if path == os.path.abspath(os.devnull):
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError:
            continue  # absent (or unreadable: pip's loader reports it)
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise StackwiseError(
                f"pip's configuration file {path!r} is a device or pipe, not a file; stackwise does not read "
                "pip's configuration from a stream (pip's own loader would read it without end). Point "
                f"PIP_CONFIG_FILE at a regular file, or at {os.devnull} for no configuration files."
            )


def _boolean(key: str, value: Any) -> bool:
    word = str(value).strip().lower()
    if word not in _TRUE | _FALSE:
        raise StackwiseError(f"pip's configuration sets {key} to {value!r}, which is not a boolean; "
                             "use yes/no, true/false or 1/0.")
    return word in _TRUE
