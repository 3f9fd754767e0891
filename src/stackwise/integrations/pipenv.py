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
import dataclasses
import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
        "plan": options.plan,
        "plan_relaxed": options.plan_relaxed,
        "scores": [str(Path(s).resolve()) if Path(s).exists() else s for s in options.scores],
        "rules": [str(Path(s).resolve()) for s in options.rules],
        "no_default_scores": options.no_default_scores,
        "recommendation": options.recommendation,
        "require_scores": options.require_scores,
        "fail_on_vulnerable": options.fail_on_vulnerable,
        "min_release_age": options.min_release_age,
        "min_release_age_exempt": list(options.min_release_age_exempt),
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
    label = _pipenv_section()

    def sink(line: str) -> None:
        line = _label_line(line, label)
        if not log:
            print(line, file=sys.stderr)
            return
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    options = StackwiseOptions(
        scores=list(data.get("scores", [])),
        rules=list(data.get("rules", [])),
        no_default_scores=bool(data.get("no_default_scores")),
        recommendation=str(data.get("recommendation", "stable")),
        require_scores=bool(data.get("require_scores")),
        fail_on_vulnerable=bool(data.get("fail_on_vulnerable")),
        min_release_age=data.get("min_release_age"),
        min_release_age_exempt=[str(n) for n in data.get("min_release_age_exempt") or ()],
        time_budget=float(data.get("time_budget", 10.0)),
        quiet=bool(data.get("quiet")),
        pip_root=PIP_ROOT,
        sink=sink,
        plan=data.get("plan"),
        plan_relaxed=bool(data.get("plan_relaxed")),
    )
    reason = install(options)
    if reason is not None:
        sink(f"stackwise: warning: Pipenv's vendored pip cannot be patched ({reason}); "
             "Pipenv resolves in pip's order.")
    else:
        sink(f"{ACTIVE_MARK} {os.getpid()} {sys.argv[0] if sys.argv else ''}")


def _pipenv_section() -> str | None:
    """The Pipfile.lock section this resolver subprocess locks (from Pipenv's request file)."""
    argv = list(sys.argv)
    for i, arg in enumerate(argv):
        path = arg.partition("=")[2] if arg.startswith("--request-file=") else (
            argv[i + 1] if arg == "--request-file" and i + 1 < len(argv) else None)
        if not path:
            continue
        try:
            with open(path, encoding="utf-8") as fh:
                category = json.load(fh).get("category")
        except (OSError, ValueError, AttributeError):
            return None
        if isinstance(category, str) and category:
            return {"packages": "default", "dev-packages": "develop"}.get(category, category)
    return None


def _label_line(line: str, label: str | None) -> str:
    """``stackwise: warning: [develop] ...``: every message names the section it is about."""
    if not label or line.startswith(ACTIVE_MARK):
        return line
    for head in ("stackwise: warning: ", "stackwise: "):
        if line.startswith(head) and not line[len(head):].startswith("["):
            return f"{head}[{label}] {line[len(head):]}"
    return line


def pipenv_command() -> list[str]:
    """How to start Pipenv: this interpreter's ``pipenv`` module, else ``pipenv`` on PATH."""
    if importlib.util.find_spec("pipenv") is not None:
        return [sys.executable, "-m", "pipenv"]
    found = shutil.which("pipenv")
    if found:
        return [found]
    raise StackwiseError("stackwise pipenv needs Pipenv: it is neither importable by "
                         f"{sys.executable} nor on PATH. Install it (`python -m pip install pipenv`).")


def run_pipenv(pipenv_args: Sequence[str], options: StackwiseOptions,
               planner: Callable[..., tuple[Any, Any] | None] | None = None) -> int:
    """Run the real Pipenv with the hook active for this run only; return Pipenv's exit code.

    ``planner(options, bare_install=...)`` plans the Pipfile's sections together before Pipenv
    starts (``stackwise.commands.pipfile_lock.plan_for_pipenv``); its pins go to every resolver
    run, and its decision lines are printed after Pipenv wrote the lock.
    """
    backend = os.environ.get("PIPENV_RESOLVER", "").strip()
    if backend and backend != "pip":
        print(f"stackwise: warning: PIPENV_RESOLVER={backend} does not use pip's resolver; "
              "stackwise cannot reorder it and Pipenv runs unchanged.", file=sys.stderr)
    command = pipenv_command()
    if options.require_scores:
        check_scores(options)
    planned = None
    if planner is not None and _resolves(pipenv_args) and options.plan is None and backend in ("", "pip"):
        planned = planner(options, bare_install=[a for a in pipenv_args if not a.startswith("-")] == ["install"])
        if planned is not None:
            outcome = planned[0].outcome
            options = dataclasses.replace(options, plan=planned[0].pins(), plan_relaxed=bool(
                outcome is not None and getattr(outcome.policy, "relaxed", False)))
    lock_before = _lock_bytes(planned[1]) if planned is not None else None
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
    if code == 0 and planned is not None and active and (
            "lock" in pipenv_args or _lock_bytes(planned[1]) != lock_before):
        _report_plan(*planned, quiet=options.quiet)  # only about a lock this run wrote
    if code == 0 and "lock" in pipenv_args and not active and backend in ("", "pip"):
        print("stackwise: warning: Pipenv's resolver never loaded the stackwise hook (a resolver "
              "backend other than pip, or a Pipenv that starts its resolver differently); "
              "Pipfile.lock is not in stackwise's order.", file=sys.stderr)
    return code


def _resolves(pipenv_args: Sequence[str]) -> bool:
    """Whether this Pipenv command may lock the Pipfile (then both sections are planned together)."""
    words = [a for a in pipenv_args if not a.startswith("-")]
    if any(a.partition("=")[0] in ("--categories", "--dev-only") for a in pipenv_args):
        return False  # only some sections are locked: each is planned by its own resolver run
    return bool(words) and words[0] in ("lock", "install", "update", "upgrade")


def _lock_bytes(pipfile: Any) -> bytes | None:
    try:
        return Path(pipfile.path).with_name("Pipfile.lock").read_bytes()
    except OSError:
        return None


def _report_plan(plan: Any, pipfile: Any, *, quiet: bool) -> None:
    """After Pipenv wrote Pipfile.lock: the planned decisions, each naming its section, and a
    warning for any pin where Pipenv's resolver did not follow the plan."""
    lock_path = Path(pipfile.path).with_name("Pipfile.lock")
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # Pipenv did not write a lock (e.g. `install --skip-lock`): nothing to report
    differ: list[str] = []
    for label, section in plan.sections.items():
        written = {name: str(entry.get("version", "")).removeprefix("==")
                   for name, entry in (data.get(label) or {}).items() if isinstance(entry, dict)}
        for name, version in section.pins().items():
            if name in written and written[name] != version:
                differ.append(f"[{label}] Pipenv locked {name} {written[name]}, not {version} as stackwise planned")
        # a decision is about the written lock: drop any the written file does not bear out
        drop = {d.name for d in section.decisions
                if ((d.name in written) if d.chosen is None else written.get(d.name) != str(d.chosen))}
        section.decisions = [d for d in section.decisions if d.name not in drop]
    for line in plan.message_lines(quiet=quiet):
        print(line, file=sys.stderr)
    for line in differ:
        print(f"stackwise: warning: {line}", file=sys.stderr)


def check_scores(options: StackwiseOptions) -> None:
    """With --require-scores, load the scores before Pipenv starts: a clean error, lock untouched.

    The resolver subprocess would also refuse, but Pipenv reports a failed resolution with a
    traceback; failing here first keeps the error to one paragraph.
    """
    from stackwise.knowledge.service import resolve_score_sources
    from stackwise.options import ScoreOptions

    ns = ScoreOptions(scores=tuple(options.scores), no_default_scores=options.no_default_scores,
                      require_scores=True)
    try:
        resolve_score_sources(ns, warn=lambda message: None)
    except StackwiseError as exc:
        raise StackwiseError(f"stackwise pipenv --require-scores: {exc} Pipenv was not run; "
                             "Pipfile.lock is unchanged.") from None


def _print_messages(log: Path) -> bool:
    """Print each distinct line the resolver subprocesses logged, once, in order.

    The same message from both sections' resolver runs is printed once, naming both
    (``stackwise: warning: [default, develop] ...``). Returns whether any process reported
    that it patched the vendored resolver.
    """
    import re

    try:
        lines = log.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return False
    merged: dict[tuple[str, str], list[str]] = {}
    active = False
    for line in lines:
        if line.startswith(ACTIVE_MARK):
            active = True
            continue
        if not line:
            continue
        m = re.match(r"^(stackwise: (?:warning: )?)\[([^\]]+)\] (.*)$", line)
        head, label, rest = (m.group(1), m.group(2), m.group(3)) if m else ("", "", line)
        labels = merged.setdefault((head, rest), [])
        if label and label not in labels:
            labels.append(label)
    for (head, rest), labels in merged.items():
        print(f"{head}[{', '.join(labels)}] {rest}" if labels else rest, file=sys.stderr)
    return active


__all__ = ["ENV_VAR", "PIP_ROOT", "activate", "check_scores", "options_to_env", "pipenv_command", "run_pipenv"]
