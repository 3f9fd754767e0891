"""Read pip's own index settings, so stackwise sees the same indexes pip would.

This is the only module allowed to import ``pip._internal``: pip's configuration
loader knows every file location, ``PIP_CONFIG_FILE`` (including ``os.devnull`` to
disable files), ``PIP_*`` environment variables and the override order. Importing pip
costs roughly 60-100 ms, so callers import this module only when the user did not
already say which index to use.
"""

from __future__ import annotations

import os
from typing import Any

from stackwise.errors import StackwiseError

# pip's option names (as written in config files / PIP_* variables) -> our keys.
_LIST_KEYS = {"extra-index-url": "extra_index_urls", "find-links": "find_links", "constraint": "constraints"}
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


def pip_index_settings(isolated: bool = False, *, command: str = "install") -> dict[str, Any]:
    """Index-related settings exactly as ``pip <command>`` would see them.

    Keys: ``index_url`` (pip's default index when unset), ``extra_index_urls``,
    ``find_links``, ``constraints`` (lists), ``no_index`` (bool), ``timeout`` (seconds, only
    when configured) and ``files``: every
    configuration file pip might read here, existing or not (see :func:`_candidate_files`). ``isolated`` mirrors
    ``pip --isolated``: no user config, no environment variables.
    """
    try:
        from pip._internal.configuration import Configuration
        from pip._internal.exceptions import ConfigurationError
        from pip._internal.models.index import PyPI
    except ImportError as exc:  # pip is a dependency, but be clear if it's broken
        raise StackwiseError(
            f"Cannot read pip's configuration because pip could not be imported ({exc}); "
            "pass --index-url (or --no-index with --find-links) explicitly."
        ) from None

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
    }
    settings["files"] = _candidate_files()
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
    return settings
