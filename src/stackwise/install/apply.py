"""Steps of a plan -> files fetched, verified and built -> installed all-or-nothing.

One sequence for ``stackwise install`` and for inspections (which install each stack's lock
into a fresh environment exactly as a user's ``stackwise install --target-venv`` would).
"""

from __future__ import annotations

from pathlib import Path

from stackwise.index.config import IndexConfig
from stackwise.install.destination import Installation
from stackwise.install.plan import Step
from stackwise.install.sources import build_wheel, fetch_all, remove_tree
from stackwise.install.target import InstallTarget


def install_steps(
    todo: list[Step],
    target: InstallTarget,
    config: IndexConfig,
    *,
    allow_build: bool = True,
    wheel_cache: Path | None = None,
    dry_run: bool = False,
) -> None:
    """Fetch + verify every file (or fail before touching ``target``), build sdists, then
    stage and apply them as one journaled swap; ``dry_run`` stops after the verification."""
    installation = Installation(target)
    try:
        staged = fetch_all(todo, config, target.environment, installation.root, wheel_cache=wheel_cache)
        wheels = [(s, build_wheel(s, config, target.environment.tag_priority, allow_build=allow_build))
                  for s in staged]
        if dry_run:
            installation.discard()
            return
        installation.stage_all([
            (s.step.package.name, wheel, s.step.installed if s.step.action == "replace" else None)
            for s, wheel in wheels
        ])
        installation.apply()
    except BaseException:
        installation.discard()
        raise
    finally:
        remove_tree(installation.root)
