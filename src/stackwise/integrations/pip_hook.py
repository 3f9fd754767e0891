"""``pip install --resolver=stackwise``: an opt-in startup hook in the target environment.

pip has no plugin interface for resolvers and rejects unknown options, so ``enable`` puts
two files into the environment's site-packages:

* ``stackwise-pip-hook.pth`` — one ``import`` line that Python's ``site`` runs at every
  interpreter start. It only reads ``os.environ`` and ``sys.argv`` (both already built), so
  when pip is not being run with ``--resolver``/``PIP_RESOLVER`` it costs microseconds
  (``benchmarks/pip_overhead.py`` measures it) and imports nothing.
* ``_stackwise_pip_hook.py`` — imported only when that check passes (with bytecode writing
  off, so no ``__pycache__`` entry ever appears). If the process is pip, it removes
  ``--resolver=stackwise`` and stackwise's own options from ``sys.argv`` before pip's parser
  sees them, and arms a one-shot import hook: when pip imports ``pip._internal.cli.main``
  (all ``.pth`` files processed, ``sys.path`` complete), it calls :func:`activate`.

Every failure of the machinery (stackwise uninstalled or broken, unsupported pip) prints one
warning line and leaves plain pip running; an option value the user gave that cannot be read
(``--recommendation securty``, ``--min-release-age bogus``) stops pip with one error, as
``stackwise pip`` does, since plain pip would drop the user's vetoes and cooldown. ``disable`` deletes exactly those two files (and only if they are
ours), so the environment is byte-for-byte what it was before ``enable``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stackwise._dataclass import dataclass
from stackwise.errors import StackwiseError
from stackwise.integrations.pip_resolver import FLAG_OPTIONS, VALUE_OPTIONS

PTH_NAME = "stackwise-pip-hook.pth"
MODULE_NAME = "_stackwise_pip_hook"
MARKER = "stackwise pip hook"

# The gate runs at every interpreter start: keep it to a dict lookup and an argv scan.
PTH_TEXT = (
    f"# {MARKER}: enables `pip install --resolver=stackwise`; remove with `stackwise pip-hook disable`\n"
    "import os, sys; (os.environ.get('PIP_RESOLVER') or any(a[:10] == '--resolver' for a in sys.argv))"
    " and exec(\"d = sys.dont_write_bytecode\\nsys.dont_write_bytecode = True\\ntry:\\n"
    f"    import {MODULE_NAME}\\n    {MODULE_NAME}.startup()\\n"
    "except Exception as e:\\n    print('stackwise: warning: pip hook failed (%s); pip runs unchanged' % e,"
    " file=sys.stderr)\\nfinally:\\n    sys.dont_write_bytecode = d\", {'sys': sys})\n"
)

MODULE_TEXT = f'''"""{MARKER} (written by `stackwise pip-hook enable`; `stackwise pip-hook disable` removes it).

Imported at interpreter start only when --resolver or PIP_RESOLVER is present. Must work
without stackwise installed: then it strips the flags and pip runs unchanged, with a warning.
"""

import os
import sys

VALUE_OPTIONS = {VALUE_OPTIONS!r}
FLAG_OPTIONS = {FLAG_OPTIONS!r}
_state = {{"started": False}}


def _warn(message):
    print("stackwise: warning: " + message, file=sys.stderr)


def _is_pip():
    argv = getattr(sys, "orig_argv", None) or sys.argv
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg == "-m":
            return i + 1 < len(argv) and argv[i + 1] == "pip"
        if arg.startswith("-m"):
            return arg == "-mpip"
        if arg == "-c" or not arg.startswith("-"):
            break
        i += 2 if arg in ("-X", "-W") else 1
    name = os.path.basename(sys.argv[0] if sys.argv else "").lower()
    if name.endswith(".exe"):
        name = name[:-4]
    return name == "pip" or name.startswith(("pip3", "pip-"))


def _strip(argv):
    """Take --resolver and stackwise's options out of argv (in place); return them."""
    resolver, ours, keep, i = None, [], [], 1
    while i < len(argv):
        arg = argv[i]
        key = arg.split("=", 1)[0]
        if arg == "--":
            keep.extend(argv[i:])
            break
        if key == "--resolver":
            if "=" in arg:
                resolver = arg.split("=", 1)[1]
            elif i + 1 < len(argv):
                resolver, i = argv[i + 1], i + 1
        elif key in VALUE_OPTIONS:
            ours.append(arg)
            if "=" not in arg and i + 1 < len(argv):
                ours.append(argv[i + 1])
                i += 1
        elif arg in FLAG_OPTIONS:
            ours.append(arg)
        else:
            keep.append(arg)
        i += 1
    argv[1:] = keep
    return resolver, ours


class _Finder:
    """One-shot import hook: runs stackwise once pip's CLI module has been executed."""

    def __init__(self, ours):
        self.ours = ours

    def find_spec(self, name, path=None, target=None):
        if name != "pip._internal.cli.main":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        loader = getattr(spec, "loader", None)
        real = getattr(loader, "exec_module", None)
        if real is None:
            _activate(self.ours)
            return spec
        ours = self.ours

        def exec_module(module):
            real(module)
            _activate(ours)

        loader.exec_module = exec_module
        return spec


def _activate(ours):
    try:
        from stackwise.integrations.pip_hook import activate
    except Exception as exc:
        _warn("--resolver=stackwise: stackwise cannot be imported (%s); pip runs with its own order. "
              "Reinstall stackwise, or remove this hook (%s)." % (exc, __file__))
        return
    try:
        activate(ours)
    except Exception as exc:
        _warn("--resolver=stackwise failed to start (%s: %s); pip runs with its own order."
              % (type(exc).__name__, exc))


def startup():
    if _state["started"] or not _is_pip():
        return
    _state["started"] = True
    resolver, ours = _strip(sys.argv)
    choice = resolver or os.environ.get("PIP_RESOLVER") or ""
    os.environ.pop("PIP_RESOLVER", None)  # child processes (build environments) use plain pip
    if choice == "pip":
        return
    if choice != "stackwise":
        _warn("unknown --resolver/PIP_RESOLVER value %r (known: stackwise, pip); "
              "pip runs with its own order." % choice)
        return
    sys.meta_path.insert(0, _Finder(ours))
'''


def activate(ours: list[str]) -> None:
    """Called by the hook inside pip's process: parse stackwise's options and wrap pip."""
    from stackwise.integrations.pip_resolver import (
        install,
        legacy_resolver_note,
        options_from_args,
        warn,
    )

    try:
        options = options_from_args(ours)
    except StackwiseError as exc:
        # A value the user gave that cannot be read stops pip, as with `stackwise pip`:
        # running plain pip instead would drop the user's scores, vetoes, --recommendation
        # security or release-age cooldown over a typo (found by tests/test_pip_security_differential.py).
        print(f"stackwise: error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    reason = install(options)
    if reason is not None:
        warn(f"--resolver=stackwise is not available: {reason}. pip runs with its own order.")
    elif legacy_resolver_note(sys.argv):
        warn(str(legacy_resolver_note(sys.argv)))


# -- managing the hook in an environment -----------------------------------------------------


@dataclass(frozen=True)
class HookStatus:
    """Where the hook lives in one environment and whether it is (fully) there."""

    site_packages: Path
    pth: Path
    module: Path
    pth_present: bool
    module_present: bool
    current: bool  # both files are exactly what this stackwise writes

    @property
    def enabled(self) -> bool:
        return self.pth_present and self.module_present

    def describe(self) -> str:
        if self.enabled:
            state = "enabled" + ("" if self.current else " (written by another stackwise version; run enable to update)")
        elif self.pth_present or self.module_present:
            state = "partly installed (run `stackwise pip-hook disable` or `enable`)"
        else:
            state = "disabled"
        return f"pip hook: {state}\n  site-packages: {self.site_packages}"


def site_packages_of(python: str | None) -> Path:
    """The purelib directory of ``python`` (this interpreter when None)."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    if _is_this_interpreter(python):
        import sysconfig

        return Path(sysconfig.get_paths()["purelib"])
    try:
        out = subprocess.run([python, "-I", "-c", code], capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise StackwiseError(f"Cannot ask {python} for its site-packages directory ({exc}).") from None
    return Path(out.stdout.strip())


def status(site_packages: Path) -> HookStatus:
    """What is installed in ``site_packages`` now."""
    pth = site_packages / PTH_NAME
    module = site_packages / f"{MODULE_NAME}.py"
    current = _read(pth) == PTH_TEXT and _read(module) == MODULE_TEXT
    return HookStatus(site_packages, pth, module, pth.is_file(), module.is_file(), current)


def enable(site_packages: Path) -> HookStatus:
    """Write (or update) the two hook files; the module first, so a half-done enable is inert."""
    from stackwise._atomic import atomic_write_text

    if not site_packages.is_dir():
        raise StackwiseError(f"{site_packages} is not a directory; is this a Python environment?")
    for path in (site_packages / PTH_NAME, site_packages / f"{MODULE_NAME}.py"):
        existing = _read(path)
        if existing is not None and MARKER not in existing:
            raise StackwiseError(f"{path} exists and was not written by stackwise; not touching it.")
    try:
        atomic_write_text(site_packages / f"{MODULE_NAME}.py", MODULE_TEXT)
        atomic_write_text(site_packages / PTH_NAME, PTH_TEXT)
    except OSError as exc:
        raise StackwiseError(f"Cannot write the pip hook into {site_packages}: {exc}") from None
    return status(site_packages)


def disable(site_packages: Path) -> HookStatus:
    """Remove the hook files (only ours); the .pth first, so a half-done disable is inert."""
    for path in (site_packages / PTH_NAME, site_packages / f"{MODULE_NAME}.py"):
        text = _read(path)
        if text is None:
            continue
        if MARKER not in text:
            raise StackwiseError(f"{path} was not written by stackwise; not removing it.")
        try:
            path.unlink()
        except OSError as exc:
            raise StackwiseError(f"Cannot remove {path}: {exc}") from None
    return status(site_packages)


def stackwise_importable(python: str | None) -> bool:
    """Whether the hook in that environment will find stackwise (else it only warns)."""
    if _is_this_interpreter(python):
        return True
    try:
        proc = subprocess.run([python, "-c", "import stackwise.integrations.pip_resolver"],
                              capture_output=True, timeout=60, env={**os.environ, "PIP_RESOLVER": ""})
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


def _is_this_interpreter(python: str | None) -> bool:
    """Whether ``python`` names the interpreter running stackwise *and its environment*.

    Not by resolving symlinks: every virtualenv's ``bin/python`` links to its base
    interpreter, so two environments made from one Python resolve to the same file, and
    ``--python OTHER_VENV/bin/python`` would act on stackwise's own environment.
    """
    if python is None:
        return True
    return os.path.abspath(python) == os.path.abspath(sys.executable)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


__all__ = [
    "HookStatus",
    "MODULE_NAME",
    "PTH_NAME",
    "activate",
    "disable",
    "enable",
    "site_packages_of",
    "stackwise_importable",
    "status",
]
