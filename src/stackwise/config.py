"""stackwise settings: command line > STACKWISE_* variables > pyproject.toml > user config file.

Why layered like this: a project pins its score source in ``[tool.stackwise]`` of its
pyproject.toml (checked in, shared by the team), a machine or CI job overrides it with
environment variables, and a user keeps personal defaults in
``platformdirs.user_config_dir("stackwise")/config.toml`` (``$STACKWISE_CONFIG_FILE``
points elsewhere; ``os.devnull`` disables it). A layer replaces a setting wholesale, lists
included, so what is in effect is always what one layer says.

Unknown keys are errors, like in score files: a misspelt key must not silently do nothing.
Relative paths in a file are relative to that file's directory.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import field, fields, replace
from pathlib import Path
from typing import Any

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError

ENV_PREFIX = "STACKWISE_"
_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f", ""}


class ConfigError(StackwiseError):
    """A configuration file or STACKWISE_* variable is invalid."""


@dataclass(frozen=True)
class Settings:
    """Every configurable default; ``origins`` says where each non-default value came from."""

    scores: tuple[str, ...] = ()
    default_scores: bool = True
    scores_ttl: float = 3600.0
    scores_timeout: float = 10.0
    scores_connect_timeout: float = 3.0
    scores_retries: int = 2
    scores_deadline: float = 30.0
    scores_max_bytes: int = 32 * 1024 * 1024
    scores_max_rules: int = 10_000
    scores_cache_max_bytes: int = 256 * 1024 * 1024
    require_scores: bool = False
    offline: bool = False
    cache_dir: str | None = None
    trust_root: str | None = None  # pinned TUF root metadata: pulled snapshots are verified with it
    database: str | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    # The user's own rules and dependency overrides (stackwise.knowledge.user): parsed when
    # read, so a mistake is reported with the file and key before anything else happens.
    rules: Any = field(default=None, compare=False)
    overrides: tuple[tuple[str, str], ...] = ()
    # The release-age cooldown and stability signal (docs/cooldown.md): the text as written
    # ("7d", "2026-11-01"), checked when read; the cutoff is computed when a command runs.
    min_release_age: str | None = None
    min_release_age_exempt: tuple[str, ...] = ()
    stability_weight: float = 0.0
    stability_days: float = 14.0
    # The most bytes one download of a file whose size nobody lists may take (stackwise/index/_body.py).
    download_max_bytes: int = 4 * 1024**3
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")


def _is_url(value: str) -> bool:
    return "://" in value


def _path(value: str, base: Path | None) -> str:
    """A relative path in a file means relative to that file; URLs and absolute paths stay."""
    if _is_url(value) or base is None:
        return value
    try:
        p = Path(value).expanduser()
    except RuntimeError:  # "~name" of an unknown user: kept as written, as os.path.expanduser does
        p = Path(value)
    return str(p if p.is_absolute() else base / p)


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ConfigError(f"{where}: expected true or false, got {value!r}.")


def _number(kind: Callable[[Any], Any], minimum: float, label: str,
            maximum: float | None = None) -> Callable[[Any, str, Path | None], Any]:
    def convert(value: Any, where: str, base: Path | None) -> Any:
        if isinstance(value, bool):
            raise ConfigError(f"{where}: expected {label}, got {value!r}.")
        try:
            out = kind(value)
            if kind is int and isinstance(value, float) and out != value:  # TOML 2.5 was silently 2
                raise ValueError(value)
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(inf)
            raise ConfigError(f"{where}: expected {label}, got {value!r}.") from None
        if out < minimum or out != out:
            raise ConfigError(f"{where}: must be >= {minimum:g}, got {value!r}.")
        if maximum is not None and out > maximum:  # sockets and timers refuse longer waits
            raise ConfigError(f"{where}: must be at most {maximum:g}, got {value!r}.")
        return out

    return convert


def _scores(value: Any, where: str, base: Path | None) -> tuple[str, ...]:
    if isinstance(value, str):
        items = value.split()
    elif isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        items = [v.strip() for v in value]
    else:
        raise ConfigError(f"{where}: expected a score file path or service URL, or a list of them; got {value!r}.")
    return tuple(_path(v, base) for v in items)


def _text(value: Any, where: str, base: Path | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected a non-empty string, got {value!r}.")
    return value.strip()


def _local_path(value: Any, where: str, base: Path | None) -> str:
    return _path(_text(value, where, base), base)


def _rules(value: Any, where: str, base: Path | None) -> Any:
    """[[tool.stackwise.rules]] tables, or rules file path(s) (relative to this file)."""
    from stackwise.knowledge.user import UserRules, combine, load_rules_file, parse_rules

    if isinstance(value, str) or (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
        from stackwise.errors import ScoreFileError

        paths = [value] if isinstance(value, str) else value
        try:
            return combine([load_rules_file(_local_path(p, where, base)) for p in paths])
        except ScoreFileError as exc:  # say which setting named the file, too
            raise ConfigError(f"{where}: {exc}") from None
    file = where.split(" [tool.stackwise]")[0].split(": ")[0] if not where.startswith("$") else None
    return UserRules(parse_rules(value, where, file), (), (file,) if file else ())


def _overrides(value: Any, where: str, base: Path | None) -> tuple[tuple[str, str], ...]:
    from stackwise.knowledge.user import parse_overrides

    return parse_overrides(value, where)


def _release_age(value: Any, where: str, base: Path | None) -> str | None:
    """A duration or RFC 3339 date (a TOML date too), checked now so a typo fails early."""
    from stackwise.resolve.cutoff import ReleaseAgeError, parse_min_release_age

    try:
        found = parse_min_release_age(value, where=where)
    except ReleaseAgeError as exc:
        raise ConfigError(str(exc)) from None
    return None if found is None else found.text


def _names(value: Any, where: str, base: Path | None) -> tuple[str, ...]:
    """Package names: a TOML list, or a comma/space separated string (environment variables)."""
    items = value.replace(",", " ").split() if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise ConfigError(f"{where}: expected a list of package names, got {value!r}.")
    from packaging.utils import canonicalize_name

    return tuple(canonicalize_name(v.strip()) for v in items)


def _weight(value: Any, where: str, base: Path | None) -> float:
    out = _number(float, 0, "a weight between 0 and 1")(value, where, base)
    if out > 1:
        raise ConfigError(f"{where}: must be at most 1, got {value!r}.")
    return float(out)


_MAX_WAIT = 1e6  # seconds (11.6 days): a socket timeout or timer beyond ~3e11 s overflows

_CONVERT: dict[str, Callable[[Any, str, Path | None], Any]] = {
    "scores": _scores,
    "default_scores": lambda v, w, b: _bool(v, w),
    "scores_ttl": _number(float, 0, "a number of seconds"),
    "scores_timeout": _number(float, 0.001, "a number of seconds", _MAX_WAIT),
    "scores_connect_timeout": _number(float, 0.001, "a number of seconds", _MAX_WAIT),
    "scores_retries": _number(int, 0, "a whole number"),
    "scores_deadline": _number(float, 0.001, "a number of seconds", _MAX_WAIT),
    "scores_max_bytes": _number(int, 1024, "a number of bytes"),
    "scores_max_rules": _number(int, 1, "a whole number"),
    "scores_cache_max_bytes": _number(int, 0, "a number of bytes"),
    "require_scores": lambda v, w, b: _bool(v, w),
    "offline": lambda v, w, b: _bool(v, w),
    "cache_dir": _local_path,
    "trust_root": _local_path,
    "database": _local_path,
    "host": _text,
    "port": _number(int, 0, "a port number"),
    "rules": _rules,
    "overrides": _overrides,
    "min_release_age": _release_age,
    "min_release_age_exempt": _names,
    "stability_weight": _weight,
    "stability_days": _number(float, 0, "a number of days"),
    "download_max_bytes": _number(int, 1024, "a number of bytes"),
}
KEYS = tuple(k.replace("_", "-") for k in _CONVERT)


def _apply(settings: Settings, values: Mapping[str, Any], origin: str, base: Path | None) -> Settings:
    changes: dict[str, Any] = {}
    origins = dict(settings.origins)
    for raw_key, value in values.items():
        key = raw_key.replace("-", "_")
        if key not in _CONVERT:
            raise ConfigError(f"{origin}: unknown setting {raw_key!r}; known settings: {', '.join(KEYS)}.")
        where = origin if origin.startswith("$") else f"{origin}: {raw_key}"
        changes[key] = _CONVERT[key](value, where, base)
        origins[key] = origin
    if "port" in changes and changes["port"] > 65535:
        raise ConfigError(f"{origins['port']}: port must be at most 65535, got {changes['port']}.")
    return replace(settings, **changes, origins=origins)


def _read_toml(path: Path) -> dict[str, Any] | None:
    try:
        from stackwise._inputfile import read_input_bytes

        data = read_input_bytes(path)  # a device or pipe is read up to a limit
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a configuration file.") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc}).") from None
    if not data.strip(b" \t\r\n"):
        return {}  # an empty file (or STACKWISE_CONFIG_FILE=/dev/null): no parser to import (~2 ms)
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, RecursionError) as exc:  # RecursionError: nested too deeply
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text.") from None


def user_config_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """The user config file (None when disabled with ``STACKWISE_CONFIG_FILE=os.devnull``)."""
    env = os.environ if environ is None else environ
    explicit = env.get(ENV_PREFIX + "CONFIG_FILE")
    if explicit is not None:
        return None if explicit in ("", os.devnull) else Path(explicit).expanduser()
    return Path(user_dir("config")) / "config.toml"


def user_dir(kind: str) -> str:
    """``platformdirs.user_<kind>_dir("stackwise")`` ("config" or "cache").

    On Linux with an absolute ``HOME`` and an unset, empty or absolute ``XDG_<KIND>_HOME``
    every platformdirs release gives the XDG answer; that case is computed here, because
    importing platformdirs (and the ``tempfile`` and ``random`` it imports) is ~20M
    instructions, a tenth of a small lock's start-up. Anything else asks platformdirs.
    """
    env = os.environ
    xdg = env.get(f"XDG_{kind.upper()}_HOME", "")
    home = env.get("HOME", "")
    if (sys.platform == "linux" and not hasattr(sys, "getandroidapilevel")
            and not (env.get("ANDROID_DATA") == "/data" and env.get("ANDROID_ROOT") == "/system")
            and home.startswith("/") and (xdg == "" or xdg.startswith("/"))):
        return os.path.join(xdg or os.path.expanduser(f"~/.{kind}"), "stackwise")
    import platformdirs

    return str(getattr(platformdirs, f"user_{kind}_dir")("stackwise"))


def project_candidates(cwd: str | os.PathLike[str] | None = None) -> list[Path]:
    """``pyproject.toml`` in the working directory and each parent, nearest first, up to
    the first that exists (what :func:`project_file` picks; lock reuse signs them all)."""
    here = Path(cwd or os.getcwd()).absolute()
    out = []
    for directory in (here, *here.parents):
        out.append(directory / "pyproject.toml")
        if out[-1].is_file():
            break
    return out


def project_file(cwd: str | os.PathLike[str] | None = None) -> Path:
    """The project's pyproject.toml: the nearest one from the working directory up, as pip,
    uv and ruff find theirs (so a command run in a subdirectory uses the project's settings)."""
    return project_candidates(cwd)[-1]


def load_settings(cwd: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The merged settings of the user file, ``./pyproject.toml`` and the environment."""
    env = os.environ if environ is None else environ
    settings = Settings()
    user = user_config_path(env)
    if user is not None:
        data = _read_toml(user)
        if data is not None:
            settings = _apply(settings, data, str(user), user.parent)
    project = project_file(cwd)
    data = _read_toml(project)
    if data is not None:
        tool = data.get("tool", {})
        section = tool.get("stackwise") if isinstance(tool, dict) else None
        if section is not None:
            if not isinstance(section, dict):
                raise ConfigError(f"{project}: [tool.stackwise] must be a table.")
            settings = _apply(settings, section, f"{project} [tool.stackwise]", project.parent)
    from_env = {}
    for key in _CONVERT:
        name = ENV_PREFIX + key.upper()
        if name in env:
            from_env[key] = env[name]
    for key, value in from_env.items():
        settings = _apply(settings, {key: value}, f"${ENV_PREFIX}{key.upper()}", Path.cwd())
    return settings


def settings_help() -> str:
    """One line per setting for ``--help`` epilogs and docs."""
    return ", ".join(f.name.replace("_", "-") for f in fields(Settings) if f.name != "origins")
