"""Local project directories for the tests of path / editable / directory lock entries.

Each project carries an in-tree PEP 517/660 backend (``backend-path = ["."]``, stdlib only), so
it builds offline in a real isolated build environment with no build requirements. The backend
reads ``[project]`` from pyproject.toml; ``dynamic = ["dependencies"]`` makes it read them from
``deps.txt`` instead (only a build tells them). A file ``FAIL`` in the project makes every hook
fail, ``SLOW`` (seconds) makes it sleep first, and ``no_editable=True`` leaves out the PEP 660
hooks, as old setuptools did.
"""

from __future__ import annotations

import json
from pathlib import Path

BACKEND = '''"""In-tree PEP 517/660 backend for stackwise's tests (stdlib only)."""
import base64, hashlib, os, time, zipfile
try:
    import tomllib
except ImportError:
    import tomli as tomllib


def _check():
    if os.path.exists("SLOW"):
        time.sleep(float(open("SLOW").read()))
    if os.path.exists("FAIL"):
        raise RuntimeError("the local backend fails on purpose")


def _meta():
    _check()
    with open("pyproject.toml", "rb") as fh:
        project = tomllib.load(fh)["project"]
    deps = project.get("dependencies", [])
    if "dependencies" in project.get("dynamic", []):
        deps = [l.strip() for l in open("deps.txt") if l.strip()]
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}"]
    lines += [f"Requires-Dist: {d}" for d in deps]
    for extra, extra_deps in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        for d in extra_deps:
            req, _, marker = d.partition(";")
            marker = f"({marker.strip()}) and " if marker.strip() else ""
            lines.append(f'Requires-Dist: {req.strip()} ; {marker}extra == "{extra}"')
    return project["name"].replace("-", "_").lower(), project["version"], "\\n".join(lines) + "\\n"


def _wheel(directory, editable):
    dist, version, text = _meta()
    info = f"{dist}-{version}.dist-info"
    files = {f"{info}/METADATA": text,
             f"{info}/WHEEL": "Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
             f"{info}/entry_points.txt": f"[console_scripts]\\n{dist}-hello = {dist}:main\\n"}
    src = os.path.abspath("src")
    if editable:
        files[f"__editable__.{dist}-{version}.pth"] = src + "\\n"
    else:
        for root, _dirs, names in os.walk(os.path.join(src, dist)):
            for name in names:
                if name.endswith(".py"):
                    full = os.path.join(root, name)
                    files[os.path.relpath(full, src).replace(os.sep, "/")] = open(full).read()
    name = f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(directory, name), "w") as zf:
        rows = []
        for path, data in files.items():
            digest = base64.urlsafe_b64encode(hashlib.sha256(data.encode()).digest()).rstrip(b"=").decode()
            rows.append(f"{path},sha256={digest},{len(data.encode())}")
            zf.writestr(path, data)
        zf.writestr(f"{info}/RECORD", "\\n".join(rows + [f"{info}/RECORD,,"]) + "\\n")
    return name


def get_requires_for_build_wheel(config_settings=None):
    _check()
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    dist, version, text = _meta()
    info = os.path.join(metadata_directory, f"{dist}-{version}.dist-info")
    os.makedirs(info, exist_ok=True)
    with open(os.path.join(info, "METADATA"), "w") as fh:
        fh.write(text)
    return os.path.basename(info)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory, False)


def build_sdist(sdist_directory, config_settings=None):
    raise RuntimeError("not needed by the tests")
'''

EDITABLE_HOOKS = '''

get_requires_for_build_editable = get_requires_for_build_wheel
prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory, True)
'''


def make_project(root: Path, name: str, version: str = "0.1", deps: list[str] | None = None, *,
                 dynamic: bool = False, no_editable: bool = False, value: str = "one",
                 extras: dict[str, list[str]] | None = None) -> Path:
    """A buildable project in ``root`` whose module ``name`` has ``VALUE = value`` and a
    ``main()`` console script ``<name>-hello`` printing it."""
    module = name.replace("-", "_").lower()
    (root / "src" / module).mkdir(parents=True, exist_ok=True)
    (root / "localbackend.py").write_text(BACKEND + ("" if no_editable else EDITABLE_HOOKS), encoding="utf-8")
    deps = list(deps or [])
    if dynamic:
        (root / "deps.txt").write_text("".join(d + "\n" for d in deps), encoding="utf-8")
    dependencies = 'dynamic = ["dependencies"]' if dynamic else f"dependencies = {json.dumps(deps)}"
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "localbackend"\nbackend-path = ["."]\n\n'
        f'[project]\nname = "{name}"\nversion = "{version}"\n{dependencies}\n\n'
        '[project.optional-dependencies]\n'
        + "".join(f"{k} = {json.dumps(v)}\n" for k, v in (extras or {"fast": []}).items()), encoding="utf-8")
    set_value(root, name, value)
    return root


def set_value(root: Path, name: str, value: str) -> None:
    """Edit the project's source (an editable install sees it at once, a plain one after a reinstall)."""
    module = name.replace("-", "_").lower()
    (root / "src" / module / "__init__.py").write_text(
        f'VALUE = "{value}"\n\n\ndef main():\n    print("{name} says", VALUE)\n', encoding="utf-8")
