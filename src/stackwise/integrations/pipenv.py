"""``stackwise pipenv lock``: the real Pipenv, with stackwise's order inside its resolver.

Pipenv does not resolve in its own process: it writes a request file and starts
``pipenv/resolver/main.py`` with the *project's* interpreter (the virtualenv's ``python``),
which puts Pipenv's own directory on ``sys.path`` and resolves with Pipenv's vendored pip,
``pipenv.patched.pip``. That vendored pip has the same resolver internals as the real one,
so :mod:`stackwise.integrations.pip_resolver` patches it unchanged, given the package root.

How the patch gets there, for one Pipenv run only:

* :func:`run_pipenv` writes a ``sitecustomize.py`` into a fresh temporary directory and runs
  Pipenv with that directory first on ``PYTHONPATH`` and stackwise's options as JSON in
  ``STACKWISE_PIPENV``. Pipenv passes its environment on to the resolver subprocess (and to
  every other Python it starts); the directory is deleted when Pipenv exits, so nothing
  stays behind in any environment and a later plain ``pipenv lock`` is plain Pipenv.
* In every Python started that way, the ``sitecustomize`` only checks ``STACKWISE_PIPENV``,
  arms a one-shot import hook for Pipenv's vendored resolver module and then runs the
  ``sitecustomize`` it shadows, if there is one. Only a process that imports
  ``pipenv.patched.pip._internal.resolution.resolvelib.resolver`` (the resolver subprocess)
  gets stackwise's directories appended to ``sys.path`` and calls :func:`activate`.
* The subprocess cannot print: Pipenv re-prints its stderr as "Warning: ...", once per
  category. So warnings and decision lines go to a log file named in the options, and the
  parent prints each distinct line once after Pipenv exits.

Everything that goes wrong on stackwise's side (unreadable scores, stackwise not importable
by the project's interpreter, an unsupported vendored pip) leaves Pipenv resolving in pip's
order with one warning; ``--require-scores`` turns score problems into a Pipenv resolution
error instead.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from stackwise.errors import StackwiseError
from stackwise.integrations.pip_resolver import StackwiseOptions

ENV_VAR = "STACKWISE_PIPENV"
PIP_ROOT = "pipenv.patched.pip"
RESOLVER_MODULE = f"{PIP_ROOT}._internal.resolution.resolvelib.resolver"
# A log line (never printed) saying that a process did patch the vendored resolver: without
# it after a successful `lock`, Pipenv changed how it starts its resolver and we say so.
ACTIVE_MARK = "#stackwise-active"

# Runs at the start of every Python that Pipenv starts during one `stackwise pipenv` run.
# Kept self-contained (stackwise may not be importable by the project's interpreter).
SITECUSTOMIZE = f'''"""stackwise pipenv hook (temporary; deleted when `stackwise pipenv` exits)."""

import os
import sys


def _stackwise_log(line):
    try:
        import json

        path = json.loads(os.environ["{ENV_VAR}"]).get("log")
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line + "\\n")
    except Exception:
        print(line, file=sys.stderr)


def _stackwise_activate():
    import json

    try:
        options = json.loads(os.environ["{ENV_VAR}"])
        for entry in options.get("path", []):
            if entry not in sys.path:
                sys.path.append(entry)
        from stackwise.integrations.pipenv import activate
    except Exception as exc:
        _stackwise_log("stackwise: warning: stackwise cannot be imported by %s (%s); "
                       "Pipenv resolves in pip's order." % (sys.executable, exc))
        return
    try:
        activate()
    except Exception as exc:
        _stackwise_log("stackwise: warning: stackwise failed to start in Pipenv's resolver "
                       "(%s: %s); Pipenv resolves in pip's order." % (type(exc).__name__, exc))


class _StackwiseFinder:
    """One-shot: after Pipenv's vendored pip resolver module has run, patch it."""

    def find_spec(self, name, path=None, target=None):
        if name != "{RESOLVER_MODULE}":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        loader = getattr(spec, "loader", None)
        real = getattr(loader, "exec_module", None)
        if real is None:
            return spec

        def exec_module(module):
            real(module)
            _stackwise_activate()

        loader.exec_module = exec_module
        return spec


def _stackwise_chain():
    """Run the sitecustomize this file shadows (the environment's own, if any)."""
    import importlib.util
    from importlib.machinery import PathFinder

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


if os.environ.get("{ENV_VAR}"):
    sys.meta_path.insert(0, _StackwiseFinder())
_stackwise_chain()
'''


def options_to_env(options: StackwiseOptions, log: Path) -> str:
    """The JSON that carries stackwise's options into Pipenv's resolver subprocess."""
    return json.dumps({
        "scores": [str(Path(s).resolve()) if Path(s).exists() else s for s in options.scores],
        "no_default_scores": options.no_default_scores,
        "recommendation": options.recommendation,
        "require_scores": options.require_scores,
        "time_budget": options.time_budget,
        "quiet": options.quiet,
        "log": str(log),
        "path": _stackwise_path(),
    })


def _stackwise_path() -> list[str]:
    """Directories the resolver subprocess needs to import stackwise and its dependencies."""
    import stackwise

    entries = [str(Path(stackwise.__file__).resolve().parents[1])]
    with contextlib.suppress(AttributeError):  # some embedded interpreters have no getsitepackages
        entries += site.getsitepackages()
    user = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user:
        entries.append(user)
    seen: list[str] = []
    for entry in entries:
        if entry not in seen and Path(entry).is_dir():
            seen.append(entry)
    return seen


def activate() -> None:
    """Called inside Pipenv's resolver subprocess: wrap the vendored pip's resolver."""
    from stackwise.integrations.pip_resolver import install

    data = json.loads(os.environ[ENV_VAR])
    log = data.get("log")

    def sink(line: str) -> None:
        if not log:
            print(line, file=sys.stderr)
            return
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    options = StackwiseOptions(
        scores=list(data.get("scores", [])),
        no_default_scores=bool(data.get("no_default_scores")),
        recommendation=str(data.get("recommendation", "stable")),
        require_scores=bool(data.get("require_scores")),
        time_budget=float(data.get("time_budget", 10.0)),
        quiet=bool(data.get("quiet")),
        pip_root=PIP_ROOT,
        sink=sink,
    )
    reason = install(options)
    if reason is not None:
        sink(f"stackwise: warning: Pipenv's vendored pip cannot be patched ({reason}); "
             "Pipenv resolves in pip's order.")
    else:
        sink(f"{ACTIVE_MARK} {os.getpid()} {sys.argv[0] if sys.argv else ''}")


def pipenv_command() -> list[str]:
    """How to start Pipenv: this interpreter's ``pipenv`` module, else ``pipenv`` on PATH."""
    if importlib.util.find_spec("pipenv") is not None:
        return [sys.executable, "-m", "pipenv"]
    found = shutil.which("pipenv")
    if found:
        return [found]
    raise StackwiseError("stackwise pipenv needs Pipenv: it is neither importable by "
                         f"{sys.executable} nor on PATH. Install it (`python -m pip install pipenv`).")


def run_pipenv(pipenv_args: Sequence[str], options: StackwiseOptions) -> int:
    """Run the real Pipenv with the hook active for this run only; return Pipenv's exit code."""
    backend = os.environ.get("PIPENV_RESOLVER", "").strip()
    if backend and backend != "pip":
        print(f"stackwise: warning: PIPENV_RESOLVER={backend} does not use pip's resolver; "
              "stackwise cannot reorder it and Pipenv runs unchanged.", file=sys.stderr)
    command = pipenv_command()
    if options.require_scores:
        check_scores(options)
    with tempfile.TemporaryDirectory(prefix="stackwise-pipenv-") as tmp:
        hook_dir = Path(tmp) / "hook"
        hook_dir.mkdir()
        (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        log = Path(tmp) / "messages.log"
        env = dict(os.environ)
        env[ENV_VAR] = options_to_env(options, log)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(hook_dir), env.get("PYTHONPATH", "")) if p)
        try:
            code = subprocess.run([*command, *pipenv_args], env=env).returncode
        except OSError as exc:
            raise StackwiseError(f"Cannot run Pipenv ({' '.join(command)}): {exc}") from None
        except KeyboardInterrupt:
            return 130
        active = _print_messages(log)
    if code == 0 and "lock" in pipenv_args and not active and backend in ("", "pip"):
        print("stackwise: warning: Pipenv's resolver never loaded the stackwise hook (a resolver "
              "backend other than pip, or a Pipenv that starts its resolver differently); "
              "Pipfile.lock is not in stackwise's order.", file=sys.stderr)
    return code


def check_scores(options: StackwiseOptions) -> None:
    """With --require-scores, load the scores before Pipenv starts: a clean error, lock untouched.

    The resolver subprocess would also refuse, but Pipenv reports a failed resolution with a
    traceback; failing here first keeps the error to one paragraph.
    """
    import argparse

    from stackwise.knowledge.service import resolve_score_sources

    ns = argparse.Namespace(scores=list(options.scores), no_default_scores=options.no_default_scores,
                            require_scores=True, offline=False, cache_dir=None, scores_ttl=None)
    try:
        resolve_score_sources(ns, warn=lambda message: None)
    except StackwiseError as exc:
        raise StackwiseError(f"stackwise pipenv --require-scores: {exc} Pipenv was not run; "
                             "Pipfile.lock is unchanged.") from None


def _print_messages(log: Path) -> bool:
    """Print each distinct line the resolver subprocesses logged, once, in order.

    Returns whether any process reported that it patched the vendored resolver.
    """
    try:
        lines = log.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return False
    seen: set[str] = set()
    active = False
    for line in lines:
        if line.startswith(ACTIVE_MARK):
            active = True
        elif line and line not in seen:
            seen.add(line)
            print(line, file=sys.stderr)
    return active


__all__ = ["ENV_VAR", "PIP_ROOT", "activate", "check_scores", "options_to_env", "pipenv_command", "run_pipenv"]
