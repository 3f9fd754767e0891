"""Where to look for distributions and how hard to try: the index half of pip's options.

Kept separate from the client so the CLI can build it from flags and pip's
configuration without touching the network or the cache.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.index.formats import FormatControl, is_trusted, trusted_netloc
from stackwise.index.layout import cache_dir

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing (~12 M instructions to import) for annotations only
    from typing import Any


def _dedupe(items: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        item = str(item).strip()
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


#: MiB of memory a contained build may write unless told otherwise (``IndexConfig.build_memory_mb``).
BUILD_MEMORY_MB = 4096
_MAX_BUILD_MEMORY_MB = 2**43 - 1  # the limit in bytes must stay below 2**63


def build_memory_problem(value: object) -> str | None:
    """What is wrong with ``value`` as a build memory limit in MiB (None: nothing); one rule
    for the option, the runner's settings and the index configuration."""
    if isinstance(value, bool) or not isinstance(value, int) or not 64 <= value <= _MAX_BUILD_MEMORY_MB:
        return f"a whole number of MiB from 64 to {_MAX_BUILD_MEMORY_MB}, not {value!r}"
    return None


@dataclass(frozen=True)
class IndexConfig:
    """Index URLs, find-links and cache policy for one :class:`IndexClient`."""

    index_urls: tuple[str, ...] = ()  # primary index first, then extra indexes
    find_links: tuple[str, ...] = ()  # local dirs, file:// or http(s) URLs of HTML pages
    no_index: bool = False
    cache_dir: Path | None = None  # None => platformdirs.user_cache_dir("stackwise")
    ttl: float = 600.0  # seconds an index page is used without revalidation
    offline: bool = False  # never open a socket; cache (any age) only
    # False: a release whose metadata only an sdist build would give is skipped as unavailable
    # (kb build's confirmations: minutes of compiling measure the compiler, not the pair).
    build_sdists: bool = True
    # Seconds without an answer before a request fails (pip's --timeout, default 15 like pip's).
    # Retries of failed connections and 5xx answers happen only within it: a silent or
    # refusing index costs at most this long per URL, whatever the retry count.
    timeout: float = 15.0
    retries: int = 2
    constraints: tuple[str, ...] = ()  # constraint FILE paths from pip config
    config_files: tuple[str, ...] = ()  # pip configuration files these settings may come from
    # pip's --only-binary/--no-binary (which releases are candidates, which files are locked and
    # installed), --prefer-binary (releases with a wheel first) and --trusted-host (no TLS
    # certificate check for those hosts): stackwise.index.formats.
    format_control: FormatControl = FormatControl()
    prefer_binary: bool = False
    trusted_hosts: tuple[str, ...] = ()
    # pip's configured ``pre`` (PIP_PRE, ``pre = true``): read_constraints folds it into the inputs'
    # ``pre``, as pip applies its configuration under the command line's --pre.
    pre: bool = False
    # ``constraints`` as from_pip read them (a stackwise.reqfile.Inputs), or None when it did not
    # read them all: their lines are read once per run, for their options and for read_constraints.
    configured: Any = field(default=None, compare=False, repr=False)
    # True for inspections (``inspect``, ``learn``, ``kb build``): a build runs the package's own
    # code, which the inspection standard keeps contained -- its own empty HOME, no variables of
    # the machine but the network's (proxies, certificates), no pip configuration, no core file,
    # and ``build_memory_mb`` of address space. ``stackwise lock``/``install`` build as pip does.
    contain_builds: bool = False
    build_memory_mb: int = BUILD_MEMORY_MB

    def __post_init__(self) -> None:
        # Accept lists/strings from callers but keep the frozen value hashable and typed.
        object.__setattr__(self, "index_urls", _dedupe(self.index_urls))
        object.__setattr__(self, "find_links", _dedupe(self.find_links))
        object.__setattr__(self, "constraints", tuple(str(c) for c in self.constraints))
        object.__setattr__(self, "config_files", tuple(str(c) for c in self.config_files))
        object.__setattr__(self, "trusted_hosts", _dedupe(self.trusted_hosts))
        if self.format_control is None:
            object.__setattr__(self, "format_control", FormatControl())
        if self.cache_dir is not None and not isinstance(self.cache_dir, Path):
            cache_dir(str(self.cache_dir))  # "" is refused there (Path("") would be the working directory)
            object.__setattr__(self, "cache_dir", Path(self.cache_dir).expanduser())
        if self.ttl is None or not self.ttl >= 0:  # NaN too
            raise StackwiseError(f"The cache TTL must be a number of seconds >= 0, not {self.ttl!r}.")
        if self.timeout is None or not 0 < self.timeout < float("inf"):
            raise StackwiseError(f"The network timeout must be a positive number of seconds, not {self.timeout!r}.")
        if self.retries is None or self.retries < 0:
            raise StackwiseError(f"The retry count must be >= 0, not {self.retries!r}.")
        problem = build_memory_problem(self.build_memory_mb)
        if problem:
            raise StackwiseError(f"The build memory limit must be {problem}.")

    @property
    def effective_index_urls(self) -> tuple[str, ...]:
        """Index URLs actually queried (none with ``no_index``)."""
        return () if self.no_index else self.index_urls

    def verify_tls(self, url: str) -> bool:
        """Whether ``url``'s TLS certificate is checked: always, except for a ``--trusted-host``."""
        if not (self.trusted_hosts and is_trusted(url, self.trusted_hosts)):
            return True
        import urllib3

        # The user said so for this host (pip says nothing either): no warning per request.
        urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        return False

    def read_constraints(self, inputs: Any) -> None:
        """Add pip's configured constraint files (``constraints``) to ``inputs`` (a
        :class:`stackwise.reqfile.Inputs`), as ``read_requirements_file(path, inputs,
        constraint=True)`` would: from the lines :meth:`from_pip` already read, else by reading them.

        Why: from_pip reads them for their option lines; reading and parsing them again for their
        constraints doubled the work (a missing file is still reported here, as before)."""
        inputs.pre = inputs.pre or self.pre
        found = self.configured
        if found is None:
            from stackwise.reqfile import read_requirements_file

            for path in self.constraints:
                read_requirements_file(path, inputs, constraint=True)
            return
        inputs.constraints.extend(found.constraints)
        inputs.read.update(found.read)
        inputs.env_refs.update(found.env_refs)
        inputs.index_url = found.index_url or inputs.index_url
        inputs.extra_index_urls.extend(found.extra_index_urls)
        inputs.find_links.extend(found.find_links)
        inputs.index_steps.extend(found.index_steps)
        inputs.no_index = inputs.no_index or found.no_index
        inputs.pre = inputs.pre or found.pre
        inputs.format_options.extend(found.format_options)
        inputs.prefer_binary = inputs.prefer_binary or found.prefer_binary
        inputs.trusted_hosts.extend(found.trusted_hosts)

    def resolved_cache_dir(self) -> Path:
        """The cache directory: explicit, else ``$STACKWISE_CACHE_DIR``, else the user cache dir."""
        return Path(cache_dir(None if self.cache_dir is None else str(self.cache_dir)))

    @classmethod
    def from_pip(
        cls,
        *,
        index_url: str | None = None,
        extra_index_urls: Sequence[str] = (),
        find_links: Sequence[str] = (),
        no_index: bool = False,
        isolated: bool = False,
        file_format_options: Sequence[tuple[str, str, str]] = (),
        file_index_steps: Sequence[tuple[str, str]] | None = None,
        **kw: Any,
    ) -> IndexConfig:
        """Explicit flags win; otherwise pip's configuration (config files + PIP_* env vars, like pip itself) and pip's default index.

        pip's configuration is read like pip reads it (``isolated`` as ``pip --isolated``), also when an
        index URL is given: pip still applies configured extra indexes, find-links and
        constraint files then, and a drop-in replacement must too. An explicit ``index_url``
        replaces only the configured primary index; explicit extra indexes and find-links
        are added after the configured ones. Reading it imports pip (25-80 ms) unless
        the answer is remembered in the cache directory and nothing pip reads changed.
        ``**kw`` carries the other fields (``cache_dir``, ``ttl``, ``offline``, ...);
        ``None`` values mean "default".

        Format options apply in pip's order: pip's configuration, ``format_control`` (the command
        line), the option lines of pip's configured constraint files (``PIP_CONSTRAINT``,
        ``constraint =``: pip reads them before any requirements file), then
        ``file_format_options`` (those read from requirements files).

        ``file_index_steps`` (``Inputs.index_steps``: the ``-c``/``-r`` files' ``--index-url``,
        ``--extra-index-url`` and ``--no-index`` lines in the order read) says that ``index_url``,
        ``extra_index_urls`` and ``no_index`` are the command line's; then index lines apply in pip's
        order: configuration, command line, the configured constraint files' (with their
        ``--find-links``), then these, each as pip applies a file's line to its finder (a
        ``--index-url`` line replaces every index named before it). Without it the given values
        are used as they are and the configured constraint files' index lines are not applied.
        """
        extras = [str(u) for u in extra_index_urls or ()]
        links = [str(u) for u in find_links or ()]
        # An empty value (``-i "$UNSET"``) is a mistake, never "the default": dropped, it sent the
        # project names to pip's configured (or the public) index instead of the one meant.
        for what, values in (("index URL (--index-url, or a source of a Pipfile or lock)",
                              [] if index_url is None else [str(index_url)]),
                             ("extra index URL (--extra-index-url)", extras), ("find-links location (-f)", links)):
            if any(not v.strip() for v in values):
                raise StackwiseError(f"An empty {what} was given; give the URL or directory meant (is a "
                                     "variable unset?), or leave the option out.")
        constraints: list[str] = []
        from stackwise.integrations.pip_config import pip_index_settings

        # Remembered in the cache directory while nothing pip reads changes (pip_config.py).
        cache = kw.get("cache_dir")
        pip = pip_index_settings(isolated=isolated,
                                 cache=cache_dir(None if cache is None else os.path.expanduser(str(cache))))
        no_index = no_index or bool(pip["no_index"])
        primary = [] if no_index else [index_url or pip["index_url"]]
        extras = [*pip["extra_index_urls"], *extras]
        links = [*pip["find_links"], *links]
        constraints = list(pip["constraints"])
        fields = {k: v for k, v in kw.items() if v is not None}
        unknown = set(fields) - set(cls.__dataclass_fields__)
        if unknown:
            raise TypeError(f"IndexConfig.from_pip got unexpected options: {', '.join(sorted(unknown))}")
        if "timeout" in pip:  # pip's timeout setting (config files, PIP_TIMEOUT) unless --timeout is given
            fields.setdefault("timeout", pip["timeout"])
        given = fields.get("format_control")
        given = FormatControl() if given is None else given
        configured, complete = _read_constraint_files(fields, constraints) if constraints else (None, False)
        if configured is not None:
            given = _constraint_file_options(fields, configured, given)
            if complete and "constraints" not in fields:  # read_constraints adds these lines, read once
                fields.setdefault("configured", configured)
        urls = list(primary) + ([] if no_index else extras)
        if file_index_steps is not None:
            if configured is not None:
                file_index_steps = [*configured.index_steps, *file_index_steps]
                links = [*links, *configured.find_links]
            no_index, urls = _apply_index_lines(no_index, urls, file_index_steps)
        fields["format_control"] = given.applied_all(file_format_options)
        _apply_pip_formats(fields, pip)
        fields.setdefault("constraints", tuple(constraints))
        fields.setdefault("config_files", tuple(pip.get("files", ())))
        return cls(
            index_urls=tuple(urls),
            find_links=tuple(links),
            no_index=no_index,
            **fields,
        )


def configured_requirement_files(*, isolated: bool = False, cache: str | None = None) -> list[str]:
    """The requirements files pip's configuration names (``PIP_REQUIREMENT``, ``requirement =``).

    Why: ``pip install`` (and ``pip lock``) read them as if each were given with ``-r``, before the
    command line's ``-r`` files; a drop-in replacement that locked without them would lock a
    different set of requirements than pip installs. Remembered with the rest of pip's settings."""
    from stackwise.integrations.pip_config import pip_index_settings

    settings = pip_index_settings(isolated=isolated, cache=cache_dir(None if cache is None else os.path.expanduser(cache)))
    return [str(p) for p in settings.get("requirements") or ()]


def _apply_index_lines(no_index: bool, urls: list[str], steps: Sequence[tuple[str, str]]) -> tuple[bool, list[str]]:
    """(no_index, index URLs) after requirements files' index lines, as pip applies each line to
    its finder (``pip/_internal/req/req_file.py``, ``handle_option_line``): ``--no-index`` drops
    every index and ignores later index lines; ``--index-url`` replaces the whole list (extra
    indexes named before it too); ``--extra-index-url`` adds one."""
    for option, value in steps:
        if option == "--no-index":
            no_index, urls = True, []
        elif no_index:
            continue
        elif option == "--index-url":
            urls = [value]
        elif option == "--extra-index-url":
            urls = [*urls, value]
    return no_index, urls


def _read_constraint_files(fields: dict[str, Any], paths: Sequence[str]) -> tuple[Any, bool]:
    """pip's configured constraint files read into one ``reqfile.Inputs``, and whether every one
    was read (a missing one is skipped here and reported where constraints are read). A file
    whose lines are bad is an error naming the file and line, as pip's is."""
    from stackwise.reqfile import Inputs, read_requirements_file

    def fetch(url: str, what: str) -> str:  # a constraints file at a URL: read as -c URLs are
        from stackwise.errors import RequirementError
        from stackwise.urlfiles import DEFAULT_TIMEOUT, fetch_url

        return str(fetch_url(url, what=what, error=RequirementError, cache_dir=fields.get("cache_dir"),
                             ttl=fields.get("ttl", 600.0), offline=bool(fields.get("offline")),
                             timeout=fields.get("timeout") or DEFAULT_TIMEOUT))

    found = Inputs(fetch_url=fetch)
    complete = True
    for path in paths:
        if "://" in path or os.path.exists(path):  # a missing one is reported where constraints are read
            read_requirements_file(path, found, constraint=True)
        else:
            complete = False
    found.fetch_url = None  # kept on the IndexConfig: plain data only
    return found, complete


def _constraint_file_options(fields: dict[str, Any], found: Any, given: FormatControl) -> FormatControl:
    """``given`` with the ``--only-binary``/``--no-binary`` lines of pip's configured constraint
    files (``found``: :func:`_read_constraint_files`) applied; their ``--prefer-binary`` and
    ``--trusted-host`` lines go into ``fields``.

    Why: pip applies every option line of a constraints file (``pip install --dry-run
    --report`` with ``PIP_CONSTRAINT`` naming a file that says ``--only-binary :all:`` takes
    wheels only), so a lock under that configuration must not pick a file pip refuses."""
    if found.prefer_binary:
        fields["prefer_binary"] = True
    if found.trusted_hosts:
        fields["trusted_hosts"] = (*(fields.get("trusted_hosts") or ()), *found.trusted_hosts)
    return given.applied_all(found.format_options)


def _apply_pip_formats(fields: dict[str, Any], pip: dict[str, Any]) -> None:
    """pip's configured ``only-binary``/``no-binary``/``prefer-binary``/``trusted-host``
    (pip.conf, ``PIP_ONLY_BINARY``, ...) under the given ones: pip applies its configuration
    first, then the command line, then requirements files."""
    where = "pip's configuration"
    configured = [(str(o), str(v), f"{where} ({str(o)[2:]})") for o, v in pip.get("format_options") or ()]
    if configured:
        given = fields.get("format_control")
        given = FormatControl() if given is None else given  # (empty, it may still clear: its steps)
        fields["format_control"] = given.after(configured)
    if pip.get("prefer_binary"):
        fields["prefer_binary"] = True
    if pip.get("pre"):
        fields.setdefault("pre", True)
    hosts = [trusted_netloc(h, f"{where} (trusted-host)") for h in pip.get("trusted_hosts") or ()]
    if hosts:
        fields["trusted_hosts"] = (*hosts, *(fields.get("trusted_hosts") or ()))
