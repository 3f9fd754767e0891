"""Build environment templates: later metadata builds of a run copy the build requirements pip
installed for the first one (stackwise.index.build._install_build_system), each into its own
new environment.

Real sdists, real pip and a real index on 127.0.0.1. The build requirement is a small wheel made
here (a module and a script) and the backend is in-tree, so no setuptools is needed and a build
from a template takes a fraction of a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stackwise.index.build import (
    _ROOT_PREFIX,
    _remove_orphaned_roots,
    _template_root,
    build_sdist_metadata,
)
from stackwise.index.config import IndexConfig
from support import build_wheel
from support.wheels import build_setuptools_sdist

# The metadata hook reports what it finds in its build environment as Requires-Dist, then changes
# that environment (a new module, and an in-place edit of the build requirement itself): neither
# may reach another build's environment. The requirement's script must run this environment's
# interpreter, not that of the environment the template was taken from, and its data files
# (installed outside site-packages) must be there too.
_BACKEND = '''
import glob, os, sys
import buildhelper

NAME = {name!r}


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    site = os.path.dirname(os.path.dirname(buildhelper.__file__))
    others = [p for p in glob.glob(os.path.join(site, "leaked_by_*.py")) if not p.endswith(f"_{{NAME}}.py")]
    found = ["leaked-module" if others else "no-leaked-module"]
    with open(buildhelper.__file__, encoding="utf-8") as fh:
        edits = [line for line in fh if line.startswith("# EDITED BY ") and line.split()[-1] != NAME]
    found.append("edited-requirement" if edits else "pristine-requirement")
    with open(os.path.join(os.path.dirname(sys.executable), "bhtool"), encoding="utf-8") as fh:
        shebang = fh.readline()
    found.append("own-python" if os.path.dirname(sys.executable) in shebang else "foreign-python")
    found.append("data" if os.path.isfile(os.path.join(sys.prefix, "share", "bh", "data.txt")) else "no-data")
    with open(os.path.join(site, f"leaked_by_{{NAME}}.py"), "w") as fh:
        fh.write("")
    with open(buildhelper.__file__, "a", encoding="utf-8") as fh:
        fh.write(f"\\n# EDITED BY {{NAME}}\\n")
    info = os.path.join(metadata_directory, f"{{NAME}}-1.0.dist-info")
    os.mkdir(info)
    with open(os.path.join(info, "METADATA"), "w") as fh:
        fh.write(f"Metadata-Version: 2.1\\nName: {{NAME}}\\nVersion: 1.0\\n")
        fh.writelines(f"Requires-Dist: {{r}}\\n" for r in found)
    return os.path.basename(info)
'''
_PYPROJECT = '[build-system]\nrequires = ["buildhelper"]\nbuild-backend = "tplbackend"\nbackend-path = ["."]\n'


def _sdist(dest: Path, name: str) -> Path:
    return build_setuptools_sdist(dest, name, "1.0", ["from-pkg-info"],
                                  files={"pyproject.toml": _PYPROJECT, "tplbackend.py": _BACKEND.format(name=name)})


def _requires(metadata: bytes) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in metadata.decode().splitlines() if line.startswith("Requires-Dist:")]


def test_later_builds_copy_the_build_requirements_into_their_own_environment(
    tmp_path: Path, index_factory, cache_dir: Path
) -> None:
    files = tmp_path / "files"
    build_wheel(files, "buildhelper", "1.0", files={"buildhelper-1.0.data/scripts/bhtool": "#!python\nprint('hi')\n",
                                                    "buildhelper-1.0.data/data/share/bh/data.txt": "data\n"})
    srv = index_factory(files_dir=files)
    config = IndexConfig(index_urls=[srv.url], cache_dir=cache_dir)
    sdists = [_sdist(tmp_path / "sdists", name) for name in ("pkga", "pkgb", "pkgc")]
    clean = ["no-leaked-module", "pristine-requirement", "own-python", "data"]

    first = build_sdist_metadata(sdists[0].read_bytes(), sdists[0].name, "pkga 1.0", config)
    assert _requires(first) == clean
    assert "/simple/buildhelper/" in srv.requests_log  # the first build asks pip, which asks the index
    srv.clear_log()
    started = time.perf_counter()
    for sdist in sdists[1:]:
        built = build_sdist_metadata(sdist.read_bytes(), sdist.name, f"{sdist.name} 1.0", config)
        # The template was taken before pkga's hook ran; pkgb's changes stayed in pkgb's copy.
        assert _requires(built) == clean
    assert srv.requests_log == [], srv.requests_log  # pip was not asked again
    print(f"two builds from the template: {time.perf_counter() - started:.2f}s")


def test_templates_are_per_environment_and_expire_with_the_index_ttl() -> None:
    env = {"PIP_INDEX_URL": "http://127.0.0.1:1/simple"}
    root = _template_root(env, 600.0)
    assert root is not None and root.is_dir()
    assert _template_root(dict(env), 600.0) == root  # the same settings: the same templates
    assert _template_root({**env, "PIP_FIND_LINKS": "file:///elsewhere"}, 600.0) not in (root, None)
    assert _template_root(env, 0.0) is None  # --cache-ttl 0: pip answers every build
    time.sleep(0.02)
    renewed = _template_root(env, 0.01)  # older than the TTL: pip is asked again
    assert renewed not in (root, None) and not root.exists()


def test_roots_left_by_ended_processes_are_removed() -> None:
    """A process that left through os._exit (stackwise's forked planners) or was killed ran no exit
    handler: the next process removes its template root, once untouched for an hour."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           check=True)
    tmp = Path(tempfile.gettempdir())
    old = time.time() - 7200
    orphan = Path(tempfile.mkdtemp(prefix=f"{_ROOT_PREFIX}{ended.stdout.strip()}-", dir=tmp))
    recent = Path(tempfile.mkdtemp(prefix=f"{_ROOT_PREFIX}{ended.stdout.strip()}-", dir=tmp))
    alive = Path(tempfile.mkdtemp(prefix=f"{_ROOT_PREFIX}{os.getpid()}-", dir=tmp))
    for root in (orphan, alive):
        os.utime(root, (old, old))
    try:
        _remove_orphaned_roots()
        assert not orphan.exists()
        assert recent.is_dir() and alive.is_dir()  # maybe still being written; a live process's
    finally:
        for root in (orphan, recent, alive):
            if root.exists():
                root.rmdir()
