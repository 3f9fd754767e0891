"""Generated differential test of ``stackwise lock --universal``.

Small random graphs (3-6 projects, 1-4 releases each, dependencies with environment markers,
Requires-Python on some releases, extras, and - for the validity check - releases that ship a
Windows-only wheel) are served as real wheels from a 127.0.0.1 index. For every environment of
the matrix (Linux, macOS, Windows x CPython 3.10-3.13) the universal lock filtered by that
environment's markers must

- equal ``uv pip compile --universal`` filtered the same way (empty knowledge base; skipped
  where uv is not installed), or differ for a reason :func:`classify` checks mechanically
  against real single-environment locks (the environment's own best stack; a version older
  than alone that uv locks too, or that another environment of the matrix cannot leave; an
  environment outside the matrix); any other difference fails;
- be a valid resolution there: every requirement and dependency whose marker holds is pinned
  and satisfied, nothing else is pinned, Requires-Python holds and a file installs there;
- contain no version or pair that a knowledge rule holding there vetoes.

A seeded loop (derandomized): ``STACKWISE_UNIVERSAL_EXAMPLES=N`` runs more examples,
``STACKWISE_UNIVERSAL_RANDOM=1`` starts from a random seed (the seed is the test id),
``STACKWISE_UNIVERSAL_SEED=S`` from seed S.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from stackwise.cli import main
from stackwise.commands.universal import PYTHONS, environments
from stackwise.lockfiles import read_lock
from support import IndexServer, build_wheel

EXAMPLES = int(os.environ.get("STACKWISE_UNIVERSAL_EXAMPLES", "6"))
BASE = int(os.environ.get("STACKWISE_UNIVERSAL_SEED", "0")) or (
    random.randrange(1_000_000) if os.environ.get("STACKWISE_UNIVERSAL_RANDOM") == "1" else 0)
SEEDS = [BASE + i for i in range(EXAMPLES)]

MARKERS = [
    "sys_platform == 'win32'", "sys_platform == 'darwin'", "sys_platform != 'linux'",
    "platform_system == 'Linux'", "platform_system != 'Windows'",
    "python_version < '3.11'", "python_version >= '3.12'", "python_full_version >= '3.11.0'",
    "python_full_version < '3.12.4'",
    "platform_machine == 'x86_64'", "platform_machine == 'arm64'",
    "implementation_name == 'cpython'", "implementation_name == 'pypy'",
    "sys_platform == 'darwin' and python_version >= '3.12'", "sys_platform == 'win32' or python_version < '3.11'",
]
SPECIFIERS = ["", "", ">=2.0", "<2.0", "<3.0", "!=1.0", "==1.0", ">=1.0,<4.0"]
REQUIRES_PYTHON = [">=3.11", ">=3.12", "<3.12", ">=3.10"]
CONDITIONS = [None, None, "sys_platform == 'darwin'", "python_version < '3.11'", "sys_platform == 'win32'",
              "python_version >= '3.12'"]
CLASSES: dict[str, int] = {}  # documented divergences from uv seen in this run
ENVS = environments(type("Args", (), {"cpu_flags": None, "cuda_version": None, "environment": []})())  # type: ignore[arg-type]


@dataclass
class Release:
    version: str
    requires: list[str]
    requires_python: str | None = None
    extras: dict[str, list[str]] = field(default_factory=dict)
    windows_only: bool = False


@dataclass
class Example:
    roots: list[str]
    projects: dict[str, list[Release]]

    def describe(self) -> str:
        lines = [f"roots: {self.roots}"]
        for name, releases in self.projects.items():
            for r in releases:
                lines.append(f"  {name} {r.version} requires={r.requires} rp={r.requires_python} "
                             f"extras={r.extras} windows_only={r.windows_only}")
        return "\n".join(lines)


def generate(seed: int, *, platform_wheels: bool, upper_bounds: bool = True) -> Example:
    """A small acyclic graph: project i depends only on projects after it. ``upper_bounds``:
    Requires-Python ``<3.12`` on some releases (uv ignores such upper bounds by design,
    https://docs.astral.sh/uv/reference/internals/resolver/#requires-python, so the uv
    comparison leaves them out; the validity check keeps them)."""
    rng = random.Random(seed)
    names = [f"g{seed}-{c}" for c in "abcdef"[: rng.randint(3, 6)]]
    projects: dict[str, list[Release]] = {}
    has_extra: dict[str, bool] = {}
    for i in reversed(range(len(names))):
        later = names[i + 1:]
        releases = []
        for v in range(1, rng.randint(1, 4) + 1):
            requires = []
            for dep in later:
                if rng.random() < 0.45:
                    extra = "[feat]" if has_extra.get(dep) and rng.random() < 0.3 else ""
                    marker = f" ; {rng.choice(MARKERS)}" if rng.random() < 0.5 else ""
                    requires.append(f"{dep}{extra}{rng.choice(SPECIFIERS)}{marker}")
            extras = {}
            if later and rng.random() < 0.25:
                dep = rng.choice(later)
                # parenthesized: the wheel helper appends "and extra == ..." to the marker
                marker = f" ; ({rng.choice(MARKERS)})" if rng.random() < 0.3 else ""
                extras["feat"] = [f"{dep}{rng.choice(SPECIFIERS)}{marker}"]
            rp = rng.choice(REQUIRES_PYTHON) if v > 1 and rng.random() < 0.25 else None
            if rp == "<3.12" and not upper_bounds:
                rp = ">=3.11"
            win = platform_wheels and v > 1 and rng.random() < 0.15
            releases.append(Release(f"{v}.0", requires, rp, extras, win))
        projects[names[i]] = releases
        has_extra[names[i]] = any(r.extras for r in releases)
    roots = [names[0] + ("[feat]" if has_extra[names[0]] and rng.random() < 0.5 else "")]
    if rng.random() < 0.4:
        roots.append(f"{rng.choice(names[1:])} ; {rng.choice(MARKERS)}")
    return Example(roots, dict(reversed(list(projects.items()))))


def serve(example: Example, dest: Path) -> IndexServer:
    for name, releases in example.projects.items():
        for r in releases:
            build_wheel(dest, name, r.version, r.requires, requires_python=r.requires_python, extras=r.extras,
                        tag="py3-none-win_amd64" if r.windows_only else "py3-none-any")
    return IndexServer(dest).start()


def stackwise_lock(tmp: Path, url: str, roots: list[str], scores: Path | None, monkeypatch: Any) -> tuple[int, str]:
    (tmp / "req.in").write_text("\n".join(roots) + "\n", encoding="utf-8")
    monkeypatch.setenv("STACKWISE_CONFIG_FILE", os.devnull)
    monkeypatch.chdir(tmp)
    err = io.StringIO()
    extra = ["--scores", str(scores)] if scores else []
    with contextlib.redirect_stderr(err):
        code = main(["lock", "--universal", "-r", str(tmp / "req.in"), "-i", url, "--isolated", "--no-default-scores",
                     *extra, "--cache-dir", str(tmp / "cache"), "-q", "-o", str(tmp / "ours.txt")])
    assert "Traceback" not in err.getvalue()
    return code, err.getvalue()


def pinned_lock(tmp: Path, url: str, env: Any, pin: str | None) -> dict[str, str] | None:
    """The single-environment lock, with the constraints ``pin`` (``name==version`` lines) if
    given; None where that has no resolution."""
    out = tmp / (f"single-{env.platform}-{env.python}.txt" if pin is None else "pinned.txt")
    extra = []
    if pin is not None:
        (tmp / "pin.txt").write_text(pin + "\n", encoding="utf-8")
        extra = ["-c", str(tmp / "pin.txt")]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["lock", "-r", str(tmp / "req.in"), *extra, "-i", url, "--isolated", "--no-default-scores",
                     "--platform", env.platform, "--python-version", env.python,
                     "--cache-dir", str(tmp / "cache"), "-q", "-o", str(out)])
    assert code == 0 or pin is not None, err.getvalue()
    return pins(out, {}) if code == 0 else None


def lock_generated(tmp: Path, seed: int, monkeypatch: Any) -> None:
    """A universal stackwise lock (``tmp / "ours.txt"``) of generated graph ``seed``, served
    without platform wheels or upper bounds; fails the test when the lock fails."""
    example = generate(seed, platform_wheels=False, upper_bounds=False)
    server = serve(example, tmp / "files")
    try:
        code, err = stackwise_lock(tmp, server.url, example.roots, None, monkeypatch)
    finally:
        server.stop()
    assert code == 0, err


def find_uv() -> str | None:
    try:
        from uv import find_uv_bin

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        pass
    bench = Path(__file__).resolve().parents[1] / "benchmarks" / ".venv" / "bin" / "uv"
    return str(bench) if bench.exists() else shutil.which("uv")


def uv_lock(uv: str, tmp: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UV_CACHE_DIR": str(tmp / "uv-cache"), "UV_NO_CONFIG": "1", "UV_PYTHON_DOWNLOADS": "never"}
    # --python: this interpreter runs builds (there are none); without it uv looks for a Python
    # 3.10 on the PATH first, which took 5-8 s of each call on a machine with version shims
    return subprocess.run([uv, "pip", "compile", "--universal", "--python", sys.executable, "--python-version", "3.10",
                           "--index-url", url,
                           "--no-header", "--generate-hashes", str(tmp / "req.in"), "-o", str(tmp / "uv.txt")],
                          capture_output=True, text=True, env=env, cwd=tmp, timeout=120)


def pins(lock_path: Path, markers: dict[str, str]) -> dict[str, str]:
    env = dict(markers, extra="")
    out: dict[str, str] = {}
    for p in read_lock(lock_path).packages:
        if p.marker is None or Marker(p.marker).evaluate(env):
            assert p.name not in out, f"{p.name} pinned twice for {markers['sys_platform']} {markers['python_version']}"
            out[p.name] = p.version
    return out


def problems(example: Example, markers: dict[str, str], pinned: dict[str, str]) -> list[str]:
    """Why ``pinned`` is not a valid resolution of the example in this environment (empty: it is)."""
    releases = {str(canonicalize_name(n)): {r.version: r for r in rs} for n, rs in example.projects.items()}
    found: list[str] = []
    needed: dict[str, set[str]] = {}
    todo = [Requirement(r.replace(" ; ", "; ")) for r in example.roots]
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate(dict(markers, extra="")):
            continue
        name = str(canonicalize_name(req.name))
        if name not in pinned:
            found.append(f"{req} is not pinned")
            continue
        if not req.specifier.contains(pinned[name], prereleases=True):
            found.append(f"{name}=={pinned[name]} does not satisfy {req}")
        needed.setdefault(name, set()).update(req.extras)
        key = (name, frozenset(needed[name]))
        if key in done:
            continue
        done.add(key)
        rel = releases[name][str(Version(pinned[name]))]
        if rel.requires_python and not SpecifierSet(rel.requires_python).contains(markers["python_full_version"]):
            found.append(f"{name}=={rel.version} requires Python {rel.requires_python}")
        if rel.windows_only and markers["sys_platform"] != "win32":
            found.append(f"{name}=={rel.version} has only a Windows wheel")
        for dep in rel.requires:
            todo.append(Requirement(dep.replace(" ; ", "; ")))
        for extra in needed[name]:
            for dep in rel.extras.get(extra, []):
                todo.append(Requirement(dep.replace(" ; ", "; ")))
    found += [f"{n}=={v} is pinned but not needed" for n, v in pinned.items() if n not in needed]
    return found


def resolvable(example: Example, markers: dict[str, str], rules: list[dict[str, Any]] | None = None) -> bool:
    """Whether any valid (and veto-free) resolution exists here (brute force over the small graph)."""
    import itertools

    names = [str(canonicalize_name(n)) for n in example.projects]
    choices = [[None, *(r.version for r in rs)] for rs in example.projects.values()]
    for combo in itertools.product(*choices):
        candidate = {n: v for n, v in zip(names, combo, strict=True) if v is not None}
        if not problems(example, markers, candidate) and not vetoed(rules or [], markers, candidate):
            return True
    return False


@pytest.fixture(scope="module", autouse=True)
def report_classes() -> Any:
    """Print how often each documented divergence from uv was seen (shown with ``-s``)."""
    yield
    print(f"\nuniversal differential: seeds {SEEDS[0]}..{SEEDS[-1]}; documented divergences from uv "
          f"(environments): {CLASSES or 'none'}")


@pytest.mark.parametrize("seed", SEEDS)
def test_universal_lock_equals_uvs_per_environment(tmp_path: Path, seed: int, monkeypatch: Any) -> None:
    uv = find_uv()
    if uv is None:
        pytest.skip("uv is not installed on this machine: the comparison with `uv pip compile --universal` needs it")
    example = generate(seed, platform_wheels=False, upper_bounds=False)
    server = serve(example, tmp_path / "files")
    server_url = server.url
    try:
        code, err = stackwise_lock(tmp_path, server.url, example.roots, None, monkeypatch)
        theirs = uv_lock(uv, tmp_path, server.url)
        compare(tmp_path, example, code, err, theirs, server_url, monkeypatch)
    finally:
        server.stop()


def compare(tmp_path: Path, example: Example, code: int, err: str, theirs: subprocess.CompletedProcess[str],
            server_url: str, monkeypatch: Any) -> None:
    """Every environment where stackwise's lock differs from uv's must fall in a category
    decided here from the graph and real locks, recorded in ``CLASSES``; anything else fails:

    - "outside the matrix": stackwise locks one version everywhere in its matrix and uv's one
      version is older (an environment only uv locks - PyPy, Python 3.14+ - needs it);
    - "own best": the environment has exactly its single-environment lock (``--platform P
      --python-version V``): it kept its own stack where uv, deciding packages in its order,
      moved it (uv's order of decisions, or taking uv's version would move other packages);
    - "newer": agreement gave it a newer version than alone, at no cost;
    - "as uv": a version older than alone that uv's lock has too (one version across
      environments, as uv locks it);
    - "held back by ENV": a version older than alone because another environment of the
      matrix with that version (or an older one: it forked off further down, at a cost) cannot
      take the newer one (no resolution there with it, keeping only its pins above the package
      whose Requires-Python forks: docs/lockfiles.md, walls), and no marker uv forks on below
      the newer version (in this environment's single lock) sets the two apart.

    For the last three the environment's lock must also be its single lock with those versions
    pinned: nothing else moved."""
    if theirs.returncode != 0:
        # uv locks Python >= 3.10 (3.14 and later too): where it finds no resolution, some
        # environment of stackwise's matrix must have none either, or 3.14+ is to blame.
        pytest.skip(f"uv finds no universal resolution (it also locks Python 3.14+): {theirs.stderr[-300:]}")
    assert code == 0, f"{err}\n{example.describe()}"
    ours_by = {env.label: pins(tmp_path / "ours.txt", env.target.markers) for env in ENVS}
    uv_by = {env.label: pins(tmp_path / "uv.txt", env.target.markers) for env in ENVS}
    for env in ENVS:
        assert not problems(example, env.target.markers, ours_by[env.label]), env.label
    for label, (reasons, unexplained, single) in classify(example, ours_by, uv_by, tmp_path, server_url).items():
        for reason in reasons:
            CLASSES[reason] = CLASSES.get(reason, 0) + 1
        assert not unexplained, (
            f"{label}: stackwise {ours_by[label]} != uv {uv_by[label]} (alone: {single}): {unexplained}\n"
            f"{example.describe()}\n{(tmp_path / 'ours.txt').read_text()}\n{(tmp_path / 'uv.txt').read_text()}")


def classify(example: Example, ours_by: dict[str, dict[str, str]], uv_by: dict[str, dict[str, str]],
             tmp_path: Path, server_url: str) -> dict[str, tuple[set[str], list[str], dict[str, str] | None]]:
    """For each environment where the locks differ: the categories of :func:`compare`, what
    none explains, and its single lock (None where not needed). The input is ``req.in``."""
    everywhere: dict[str, set[str]] = {}
    for got in ours_by.values():
        for name, version in got.items():
            everywhere.setdefault(name, set()).add(version)
    singles: dict[str, dict[str, str]] = {}
    out: dict[str, tuple[set[str], list[str], dict[str, str] | None]] = {}
    for env in ENVS:
        ours, uvs = ours_by[env.label], uv_by[env.label]
        if ours == uvs:
            continue
        differ = {n for n in ours.keys() | uvs.keys() if ours.get(n) != uvs.get(n)}
        if all(n in ours and n in uvs and len(everywhere[n]) == 1 and Version(uvs[n]) < Version(ours[n])
               for n in differ):
            out[env.label] = ({"outside the matrix"}, [], None)
            continue
        if not singles:
            singles.update({e.label: pinned_lock(tmp_path, server_url, e, None) or {} for e in ENVS})
        single = singles[env.label]
        reasons, unexplained = held_back(example, env, ours, uvs, single, ours_by, tmp_path, server_url)
        if not unexplained and ours != single:
            moved = {n: v for n, v in ours.items() if single.get(n) != v}
            got = pinned_lock(tmp_path, server_url, env, "\n".join(f"{n}=={v}" for n, v in sorted(moved.items())))
            if got != ours:
                unexplained.append(f"not its own best with {moved} pinned: {got}")
        out[env.label] = (reasons or ({"own best"} if ours == single else {"newer"}), unexplained, single)
    return out


def held_back(example: Example, env: Any, ours: dict[str, str], uvs: dict[str, str], single: dict[str, str],
              ours_by: dict[str, dict[str, str]], tmp_path: Path, server_url: str) -> tuple[set[str], list[str]]:
    """The documented reasons for each version of ``ours`` older than this environment's
    single lock ("as uv", "held back by ENV"), and the versions without one."""
    reasons: set[str] = set()
    unexplained = []
    for name in sorted(ours.keys() & single.keys()):
        if Version(ours[name]) >= Version(single[name]):
            continue
        if uvs.get(name) == ours[name]:
            reasons.add("as uv")
            continue
        forks = fork_markers(example, env.target.markers, single, name)
        for other in ENVS:
            theirs = ours_by[other.label]
            if name not in theirs or Version(theirs[name]) > Version(ours[name]) or any(
                    holds(m, env.target.markers) != holds(m, other.target.markers) for m in forks):
                continue  # (uv decides the package in each side of a fork on its own)
            walls = {n: theirs[n] for n in above(example, other.target.markers, theirs, name)
                     if python_fork(example, n, theirs[n])}
            constraint = "\n".join(f"{n}=={v}" for n, v in sorted({**walls, name: single[name]}.items()))
            if pinned_lock(tmp_path, server_url, other, constraint) is None:
                reasons.add(f"held back by {other.label}")
                break
        else:
            unexplained.append(f"{name} {ours[name]} (alone {single[name]}, uv {uvs.get(name)})")
    return reasons, unexplained


def holds(marker: Marker, markers: dict[str, str]) -> bool:
    return any(marker.evaluate(dict(markers, extra=x)) for x in ("", "feat"))


def fork_markers(example: Example, markers: dict[str, str], pinned: dict[str, str], name: str) -> list[Marker]:
    """The markers uv forks on that ``name`` and the packages it brings into ``pinned`` (here,
    ``markers``) declare: one that raises the lowest Python of the matrix (holds in no Python 3.10
    environment), or a package required twice with different markers."""
    out: list[Marker] = []
    todo, seen = [name], set()
    while todo:
        parent = todo.pop()
        if parent in seen or parent not in pinned:
            continue
        seen.add(parent)
        rel = release(example, parent, pinned[parent])
        reqs = [Requirement(d.replace(" ; ", "; ")) for d in [*rel.requires, *(d for ds in rel.extras.values()
                                                                              for d in ds)]]
        for req in reqs:
            if req.marker is None or holds(req.marker, markers):
                todo.append(str(canonicalize_name(req.name)))
            if req.marker is None:
                continue
            twice = sum(r.name == req.name for r in reqs) > 1
            lowest = [e for e in ENVS if e.python == PYTHONS[0]]
            if twice or (not any(holds(req.marker, e.target.markers) for e in lowest)
                         and any(holds(req.marker, e.target.markers) for e in ENVS)):
                out.append(req.marker)
    return out


def release(example: Example, name: str, version: str) -> Release:
    return next(r for n, rs in example.projects.items() if str(canonicalize_name(n)) == name
                for r in rs if Version(r.version) == Version(version))


def above(example: Example, markers: dict[str, str], pinned: dict[str, str], name: str) -> set[str]:
    """The packages of ``pinned`` that bring ``name`` in here (their dependencies whose
    markers hold, extras included), and those that bring them in."""
    parents: dict[str, set[str]] = {}
    for parent, version in pinned.items():
        rel = release(example, parent, version)
        for dep in [*rel.requires, *(d for deps in rel.extras.values() for d in deps)]:
            req = Requirement(dep.replace(" ; ", "; "))
            if req.marker is None or holds(req.marker, markers):
                parents.setdefault(str(canonicalize_name(req.name)), set()).add(parent)
    found: set[str] = set()
    todo = [name]
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in found and parent != name:
                found.add(parent)
                todo.append(parent)
    return found


def python_fork(example: Example, name: str, version: str) -> bool:
    """Whether the release's Requires-Python raises the lowest Python of the matrix (uv forks
    there as it picks it, so its pin is a wall for the packages below it)."""
    spec = release(example, name, version).requires_python or ""
    return spec.startswith(">=") and Version(spec[2:]) > Version(PYTHONS[0])


def random_rules(example: Example, rng: random.Random) -> list[dict[str, Any]]:
    versions = [(n, r.version) for n, rs in example.projects.items() for r in rs]
    rules = []
    for i in range(rng.randint(1, 4)):
        name, version = rng.choice(versions)
        rule: dict[str, Any] = {"id": f"gen/{i}", "package": name, "specifier": f"=={version}", "veto": True,
                                "category": "stability", "message": "generated", "link": "https://example.org/x",
                                "source": "fixture"}
        if rng.random() < 0.35:
            other, other_version = rng.choice([v for v in versions if v[0] != name])
            rule["with"] = {"package": other, "specifier": f"=={other_version}"}
        condition = rng.choice(CONDITIONS)
        if condition:
            rule["condition"] = {"marker": condition}
        rules.append(rule)
    return rules


def vetoed(rules: list[dict[str, Any]], markers: dict[str, str], pinned: dict[str, str]) -> list[str]:
    out = []
    for rule in rules:
        condition = rule.get("condition")
        if condition and not Marker(condition["marker"]).evaluate(dict(markers, extra="")):
            continue
        sides = [(rule["package"], rule["specifier"])]
        if "with" in rule:
            sides.append((rule["with"]["package"], rule["with"]["specifier"]))
        if all(str(canonicalize_name(n)) in pinned and SpecifierSet(s).contains(pinned[str(canonicalize_name(n))])
               for n, s in sides):
            out.append(rule["id"])
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_universal_lock_is_valid_and_veto_free_per_environment(tmp_path: Path, seed: int, monkeypatch: Any) -> None:
    example = generate(seed, platform_wheels=True)
    rules = random_rules(example, random.Random(seed + 7))
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": rules}), encoding="utf-8")
    server = serve(example, tmp_path / "files")
    try:
        for kb in (None, scores):
            code, err = stackwise_lock(tmp_path, server.url, example.roots, kb, monkeypatch)
            if code != 0:
                assert err.startswith("stackwise: error: ") or "stackwise: error: " in err, err
                # an error is right only where some environment has no (veto-free) resolution
                assert any(not resolvable(example, e.target.markers, rules if kb else None) for e in ENVS), \
                    f"{err}\n{example.describe()}"
                continue
            for env in ENVS:
                got = pins(tmp_path / "ours.txt", env.target.markers)
                assert not problems(example, env.target.markers, got), (env.label, problems(
                    example, env.target.markers, got), example.describe())
                if kb is not None:
                    assert not vetoed(rules, env.target.markers, got), (env.label, got, rules)
    finally:
        server.stop()


def test_a_dependencys_requires_python_forks_instead_of_dragging_others_down(tmp_path: Path, monkeypatch: Any) -> None:
    """Found by the generator (seed 55): ``app`` 2.0 needs ``dep!=1.0`` and ``dep`` 2.0 needs
    Python 3.11, so Python 3.10 cannot take ``app`` 2.0. That is a Requires-Python fork (uv
    gives Python 3.11 ``app`` 2.0 too), not a reason to move Python 3.11 down to ``app`` 1.0."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0")
    build_wheel(files, "app", "2.0", ["dep!=1.0"])
    build_wheel(files, "app", "3.0", requires_python=">=3.12")
    build_wheel(files, "dep", "1.0")
    build_wheel(files, "dep", "2.0", requires_python=">=3.11")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    want = {"3.10": {"app": "1.0"}, "3.11": {"app": "2.0", "dep": "2.0"}, "3.12": {"app": "3.0"},
            "3.13": {"app": "3.0"}}
    for env in ENVS:
        assert pins(tmp_path / "ours.txt", env.target.markers) == want[env.python], env.label


def test_a_requires_python_fork_holds_for_every_platform_of_that_python(tmp_path: Path, monkeypatch: Any) -> None:
    """Found by the generator: on Linux x86_64, ``app`` 4.0 needs ``dep!=1.0`` and ``dep`` 2.0
    needs Python 3.11, so Linux 3.10 takes ``app`` 1.0. uv forks by Requires-Python, and within
    Python 3.10 keeps one version: ``app`` 1.0 on macOS and Windows 3.10 too; 3.11+ keep 4.0."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0")
    build_wheel(files, "app", "4.0", ["dep!=1.0 ; platform_machine == 'x86_64'"])
    build_wheel(files, "dep", "1.0")
    build_wheel(files, "dep", "2.0", requires_python=">=3.11")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        want = {"app": "1.0"} if env.python == "3.10" else {"app": "4.0"}
        if env.platform == "linux" and env.python != "3.10":
            want["dep"] = "2.0"
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


def lock_app_c_d(tmp_path: Path, monkeypatch: Any, c_requires: list[str]) -> None:
    """Lock ``app`` universally (into ours.txt): ``app`` 1.0 needs nothing, 2.0 needs ``c``,
    whose requirements are ``c_requires``; only ``d`` 1.0 exists."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0")
    build_wheel(files, "app", "2.0", ["c"])
    build_wheel(files, "c", "1.0", c_requires)
    build_wheel(files, "d", "1.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err


@pytest.mark.parametrize(("marker", "older"), [
    ("python_version >= '3.12'", lambda env: env.python in ("3.12", "3.13")),
    ("python_version > '3.10' and sys_platform == 'win32'", lambda env: env.platform == "windows"
     and env.python != "3.10"),
])
def test_a_marker_uv_forks_on_below_a_version_forks_instead_of_dragging_others_down(
        tmp_path: Path, monkeypatch: Any, marker: str, older: Any) -> None:
    """``app`` 2.0 needs ``c``, and ``c`` needs ``d!=1.0 ; MARKER`` (only ``d`` 1.0 exists), so
    where MARKER holds ``app`` 2.0 has no resolution. A marker that raises the lowest Python
    makes uv fork (https://github.com/astral-sh/uv/pull/8628): that fork backtracks to ``app``
    1.0 on its own and the rest keep 2.0 (checked with ``uv pip compile --universal``); it
    used to take every environment down to 1.0."""
    lock_app_c_d(tmp_path, monkeypatch, [f"d!=1.0 ; {marker}"])
    for env in ENVS:
        want = {"app": "1.0"} if older(env) else {"app": "2.0", "c": "1.0"}
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


def test_a_package_required_twice_with_other_markers_forks_there(tmp_path: Path, monkeypatch: Any) -> None:
    """``c`` requires ``d`` twice, ``d!=1.0`` on Windows and ``d`` elsewhere: uv forks on
    those markers, so Windows alone backtracks to ``app`` 1.0 and Linux and macOS keep 2.0
    (as ``uv pip compile --universal`` locks it)."""
    lock_app_c_d(tmp_path, monkeypatch, ["d!=1.0 ; sys_platform == 'win32'", "d ; sys_platform != 'win32'"])
    for env in ENVS:
        want = {"app": "1.0"} if env.platform == "windows" else {"app": "2.0", "c": "1.0", "d": "1.0"}
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


@pytest.mark.parametrize("marker", ["sys_platform == 'win32'", "platform_machine == 'x86_64'",
                                    "python_version < '3.11'", "python_version >= '3.12' or sys_platform == 'win32'"])
def test_a_marker_uv_does_not_fork_on_keeps_one_older_version(tmp_path: Path, monkeypatch: Any, marker: str) -> None:
    """The same graph with a marker uv does not fork on (one requirement, no higher lowest
    Python): uv keeps one version, ``app`` 1.0 everywhere, and so does stackwise."""
    lock_app_c_d(tmp_path, monkeypatch, [f"d!=1.0 ; {marker}"])
    for env in ENVS:
        assert pins(tmp_path / "ours.txt", env.target.markers) == {"app": "1.0"}, env.label


def test_a_dependency_without_a_file_here_still_moves_every_environment(tmp_path: Path, monkeypatch: Any) -> None:
    """``app`` 2.0 needs ``c``, which ships only a Windows wheel. No marker is involved, so
    there is no fork: every environment takes ``app`` 1.0. (uv does not look at wheel tags
    here and locks ``app`` 2.0 and ``c`` 1.0 everywhere, which does not install on Linux or
    macOS; the validity check above rules that out.)"""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0")
    build_wheel(files, "app", "2.0", ["c"])
    build_wheel(files, "c", "1.0", tag="py3-none-win_amd64")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        assert pins(tmp_path / "ours.txt", env.target.markers) == {"app": "1.0"}, env.label


@pytest.mark.parametrize(("blocked_below", "backport_needs"), [(True, "shared<2"), (True, "shared==1.0"),
                                                            (False, "shared<2")])
def test_a_requires_python_fork_above_lets_the_higher_pythons_keep_the_newer_version(
        tmp_path: Path, monkeypatch: Any, blocked_below: bool, backport_needs: str) -> None:
    """``app`` 2.0 needs Python 3.12, so uv forks by Python at ``app`` and solves the higher
    fork first; a lower fork prefers its versions where they fit. ``backport`` (needing
    ``shared<2``) comes with the ``app`` of one side. Below 3.12 (``blocked_below``), Python
    3.12+ keep ``shared`` 3.0 and 3.10/3.11 take 1.0; from 3.12, every Python takes 1.0 (as
    ``uv pip compile --universal`` locks both)."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["shared", "backport"] if blocked_below else ["shared"])
    build_wheel(files, "app", "2.0", ["shared"] if blocked_below else ["shared", "backport"],
                requires_python=">=3.12")
    for version in ("1.0", "2.0", "3.0"):
        build_wheel(files, "shared", version)
    build_wheel(files, "backport", "1.0", [backport_needs])
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        high = env.python in ("3.12", "3.13")
        want = {"app": "2.0" if high else "1.0", "shared": "3.0" if blocked_below and high else "1.0"}
        if high != blocked_below:
            want["backport"] = "1.0"
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


@pytest.mark.parametrize(("wheels", "roots"), [
    # the marker below (on c 1.0) holds where b 2.0 can be taken, not where it cannot
    ({"a": {"1.0": ["c>=2.0 ; python_version < '3.11'", "b"]}, "b": {"1.0": [], "2.0": ["c<2.0"]},
      "c": {"1.0": ["d ; python_full_version >= '3.11.0'"], "2.0": []}, "d": {"1.0": []}}, ["a"]),
    # d's second requirement belongs to an extra nobody asks for
    ({"a": {"1.0": [], "2.0": ["b>=2.0 ; platform_machine == 'x86_64'", "d<2.0 ; platform_machine == 'x86_64'",
                               "d>=2.0 ; extra == 'feat'"]}, "b": {"1.0": []}, "d": {"1.0": [], "2.0": []}}, ["a"]),
    # the Python boundary (e 2.0 needs 3.11) is beside a, not above it
    ({"a": {"1.0": [], "2.0": ["b!=1.0 ; python_version < '3.11'"]}, "b": {"1.0": []},
      "e": {"1.0": [], "2.0": []}}, ["a", "e ; platform_machine == 'arm64'"]),
])
def test_no_fork_where_uv_keeps_one_version(tmp_path: Path, monkeypatch: Any, wheels: dict[str, Any],
                                            roots: list[str]) -> None:
    """Found by the generator while the fork rules were written: where uv keeps one version
    (``uv pip compile --universal``), ``a``/``b`` 1.0 everywhere, no fork rule applies."""
    files = tmp_path / "files"
    for name, releases in wheels.items():
        for version, requires in releases.items():
            extras = {"feat": [r.split(" ; ")[0] for r in requires if "extra ==" in r]}
            build_wheel(files, name, version, [r for r in requires if "extra ==" not in r],
                        extras=extras if extras["feat"] else None,
                        requires_python=">=3.11" if (name, version) == ("e", "2.0") else None)
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, roots, None, monkeypatch)
    assert code == 0, err
    top = roots[0]
    for env in ENVS:
        got = pins(tmp_path / "ours.txt", env.target.markers)
        assert got[top] == "1.0" and got.get("b", "1.0") == "1.0", (env.label, got)


@pytest.mark.parametrize("x_marker", [" ; python_version >= '3.12'", ""])
def test_an_input_marker_that_raises_the_lowest_python_forks_the_whole_lock(
        tmp_path: Path, monkeypatch: Any, x_marker: str) -> None:
    """An unrelated input line ``x ; python_version >= '3.12'`` makes uv fork at 3.12 before
    anything else; the higher fork takes ``shared`` 3.0, the lower one needs ``shared<2`` for
    ``backport``. Without the marker uv keeps ``shared`` 1.0 everywhere (both as
    ``uv pip compile --universal`` locks them)."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["shared", "backport ; python_version < '3.12'"])
    for version in ("1.0", "2.0", "3.0"):
        build_wheel(files, "shared", version)
    build_wheel(files, "backport", "1.0", ["shared<2"])
    build_wheel(files, "x", "1.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app", "x" + x_marker], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        high = env.python in ("3.12", "3.13")
        want = {"app": "1.0", "shared": "3.0" if high and x_marker else "1.0"}
        want.update({} if high else {"backport": "1.0"})
        want.update({"x": "1.0"} if high or not x_marker else {})
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


@pytest.mark.parametrize(("fork", "blocks", "requires_python", "newer"), [
    ("sys_platform == 'darwin' and python_version >= '3.12'", "sys_platform == 'win32'", None,
     lambda env: env.platform == "macos" and env.python in ("3.12", "3.13")),
    ("python_version >= '3.12'", "python_version < '3.11'", None, lambda env: env.python in ("3.12", "3.13")),
    # seed 2035: app 2.0 needs 3.12, so uv is in a fork from 3.12 there, where FORK raises nothing
    ("sys_platform == 'darwin' and python_version >= '3.12'", "sys_platform == 'win32'", ">=3.12",
     lambda env: False),
])
def test_a_marker_of_the_version_itself_forks_off_the_side_that_can_take_it(
        tmp_path: Path, monkeypatch: Any, fork: str, blocks: str, requires_python: str | None, newer: Any) -> None:
    """Found by the generator (seed 1126): ``app`` 2.0 declares ``e ; FORK`` (a marker that
    raises the lowest Python: uv forks there as soon as it picks ``app`` 2.0), and ``c`` needs
    ``d!=1.0 ; BLOCKS`` (only ``d`` 1.0 exists), which holds only outside FORK. uv's fork
    without FORK backtracks to ``app`` 1.0, the fork where FORK holds keeps 2.0 (as ``uv pip
    compile --universal`` locks it); every environment used to take 1.0. Not where ``app``
    2.0 needs Python 3.12 itself: FORK then raises nothing and uv keeps ``app`` 1.0 everywhere."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0")
    build_wheel(files, "app", "2.0", ["c", f"e ; {fork}"], requires_python=requires_python)
    build_wheel(files, "c", "1.0", [f"d!=1.0 ; {blocks}"])
    build_wheel(files, "d", "1.0")
    build_wheel(files, "e", "1.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        want = {"app": "2.0", "c": "1.0", "e": "1.0"} if newer(env) else {"app": "1.0"}
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


@pytest.mark.parametrize("requires", [["c", "d ; sys_platform == 'win32'"], ["d ; sys_platform == 'win32'", "c"]])
def test_a_requires_python_fork_above_counts_where_its_newer_version_does_not_bring_the_package(
        tmp_path: Path, monkeypatch: Any, requires: list[str]) -> None:
    """Found by the generator (seed 1083): ``c`` 1.0 brings ``d<2.0``, ``c`` 2.0 needs Python
    3.11 and brings nothing; Windows needs ``d`` too. uv forks by Python as it picks ``c``,
    so Windows 3.11+ keep ``d`` 2.0 and Python 3.10 takes 1.0 (``uv pip compile --universal``,
    either order of ``app``'s requirements). The boundary used to count only where ``c`` brings
    ``d`` in (3.10, no boundary there), which moved Windows 3.11+ down to ``d`` 1.0."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", requires)
    build_wheel(files, "c", "1.0", ["d<2.0"])
    build_wheel(files, "c", "2.0", requires_python=">=3.11")
    build_wheel(files, "d", "1.0")
    build_wheel(files, "d", "2.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        want = {"app": "1.0", "c": "1.0", "d": "1.0"} if env.python == "3.10" else {"app": "1.0", "c": "2.0"}
        if env.platform == "windows" and env.python != "3.10":
            want["d"] = "2.0"
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


def test_a_python_boundary_below_the_blocked_ones_keeps_lower_pythons_out_of_their_fork(
        tmp_path: Path, monkeypatch: Any) -> None:
    """Found by the generator (seed 1135): the input ``d ; python_version >= '3.11'`` makes uv
    fork at 3.11, and ``d`` 2.0 (needing 3.12) at 3.12; only 3.11, where ``d`` 1.0 needs
    ``e<2.0``, cannot take ``e`` 2.0. Python 3.10 is a fork of its own and keeps ``e`` 2.0 (as
    ``uv pip compile --universal`` locks it); it used to follow 3.11 down to ``e`` 1.0."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["e"])
    build_wheel(files, "d", "1.0", ["e<2.0"])
    build_wheel(files, "d", "2.0", requires_python=">=3.12")
    build_wheel(files, "e", "1.0")
    build_wheel(files, "e", "2.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app", "d ; python_version >= '3.11'"], None, monkeypatch)
    assert code == 0, err
    want = {"3.10": {"app": "1.0", "e": "2.0"}, "3.11": {"app": "1.0", "d": "1.0", "e": "1.0"},
            "3.12": {"app": "1.0", "d": "2.0", "e": "2.0"}, "3.13": {"app": "1.0", "d": "2.0", "e": "2.0"}}
    for env in ENVS:
        assert pins(tmp_path / "ours.txt", env.target.markers) == want[env.python], env.label


def test_a_version_agreed_on_earlier_is_a_cost_not_a_wall(tmp_path: Path, monkeypatch: Any) -> None:
    """Found by the generator (seed 120): ``b`` 2.0 needs ``c==1.0``; macOS takes ``b`` 2.0
    and ``c`` 1.0, Windows (``app`` 2.0 needs ``b<2.0`` there) ``b`` 1.0 and ``c`` 2.0, Linux
    needs no ``b``. Once macOS had agreed on ``b`` 2.0, ``c`` 2.0 counted as impossible there,
    so every environment was moved to ``c`` 1.0 - only because ``b`` is decided before ``c``.
    macOS can take ``c`` 2.0 by leaving ``b`` 2.0: a cost, so it forks off; Linux and Windows
    keep ``c`` 2.0, as ``uv pip compile --universal`` locks them (uv gives macOS ``b`` 1.0 and
    ``c`` 2.0: the documented "moves other packages" difference)."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["c"])
    build_wheel(files, "app", "2.0", ["c", "b<2.0 ; sys_platform == 'win32'"])
    build_wheel(files, "b", "1.0")
    build_wheel(files, "b", "2.0", ["c==1.0"])
    build_wheel(files, "c", "1.0")
    build_wheel(files, "c", "2.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app", "b ; sys_platform != 'linux'"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        want = {"linux": {"app": "2.0", "c": "2.0"}, "macos": {"app": "2.0", "b": "2.0", "c": "1.0"},
                "windows": {"app": "2.0", "b": "1.0", "c": "2.0"}}[env.platform]
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


@pytest.mark.parametrize("pin", ["e<2.0", "e==1.0"])
def test_a_python_marker_further_down_does_not_fork_above(tmp_path: Path, monkeypatch: Any, pin: str) -> None:
    """``c`` brings ``e`` and declares ``f ; python_version >= '3.11'``; ``b`` (below 3.11)
    needs ``e<2.0`` or ``e==1.0``. uv decides ``e`` before that marker splits the Pythons and
    locks ``e`` 1.0 everywhere (``uv pip compile --universal``): no fork."""
    files = tmp_path / "files"
    build_wheel(files, "a", "1.0", ["c"])
    build_wheel(files, "c", "1.0", ["e", "f ; python_version >= '3.11'"])
    build_wheel(files, "b", "1.0", [pin])
    build_wheel(files, "e", "1.0")
    build_wheel(files, "e", "2.0")
    build_wheel(files, "f", "1.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["a", "b ; python_version < '3.11'"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        assert pins(tmp_path / "ours.txt", env.target.markers)["e"] == "1.0", env.label


def test_a_python_fork_above_and_a_marker_of_the_version_both_narrow_the_blocked_fork(
        tmp_path: Path, monkeypatch: Any) -> None:
    """Found by the generator (seed 291): ``app`` 2.0 needs Python 3.12, ``e`` 2.0 declares
    ``f ; sys_platform == 'darwin' and python_version >= '3.12'`` and Python 3.10 needs
    ``e<2.0`` (through ``b``). uv forks by Python at ``app`` first, so only 3.10 and 3.11 take
    ``e`` 1.0 and every Python 3.12+ keeps 2.0 (``uv pip compile --universal``). The marker
    fork alone was used: Linux and Windows 3.12+ followed 3.10 down to ``e`` 1.0."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["e", "b ; python_version < '3.11'"])
    build_wheel(files, "app", "2.0", ["e"], requires_python=">=3.12")
    build_wheel(files, "b", "1.0", ["e<2.0"])
    build_wheel(files, "e", "1.0")
    build_wheel(files, "e", "2.0", ["f ; sys_platform == 'darwin' and python_version >= '3.12'"])
    build_wheel(files, "f", "1.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        high = env.python in ("3.12", "3.13")
        want = {"app": "2.0", "e": "2.0"} if high else {"app": "1.0", "e": "1.0"}
        want.update({"b": "1.0"} if env.python == "3.10" else {})
        want.update({"f": "1.0"} if high and env.platform == "macos" else {})
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


def test_a_version_an_environment_agreed_on_alone_does_not_hold_it_back(tmp_path: Path, monkeypatch: Any) -> None:
    """Found by the generator (seed 1197): Linux cannot take ``app`` 2.0 (no marker uv forks
    on), so every environment is asked for ``app`` 1.0. macOS has ``d`` 2.0/3.0 only because
    ``app`` 2.0 needs ``d<4.0``; with ``app`` 1.0 it takes ``d`` 4.0, so it forks off and keeps
    its own stack (the documented "moves other packages" difference; uv moves it to ``app``
    1.0 and ``d`` 4.0). In the second pass its ``d`` pin, agreed on at its own versions, made
    ``app`` 1.0 look free: macOS was locked with ``app`` 1.0 and the old ``d``."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["b ; sys_platform == 'darwin'"])
    build_wheel(files, "app", "2.0", ["d<4.0 ; sys_platform == 'darwin'", "x>=2.0 ; sys_platform == 'linux'"])
    build_wheel(files, "b", "1.0", ["d"])
    for version in ("1.0", "2.0", "4.0"):
        build_wheel(files, "d", version)
    build_wheel(files, "d", "3.0", requires_python=">=3.11")
    build_wheel(files, "x", "1.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        want = {"app": "1.0"}
        if env.platform == "macos":
            want = {"app": "2.0", "d": "2.0" if env.python == "3.10" else "3.0"}
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


def test_a_python_pin_below_the_package_does_not_block_it(tmp_path: Path, monkeypatch: Any) -> None:
    """Found by the generator (seed 175): macOS cannot take ``app`` 2.0, so Linux and Windows
    fork off there (``app`` 1.0 would move ``b``) and macOS keeps ``app`` 1.0 and ``b`` 2.0
    (``b`` 2.0 needs ``f<2.0``; ``f`` 2.0 needs Python 3.12). Linux 3.12+ could take ``b`` 2.0
    only by leaving its agreed ``f`` 2.0 - a pin of a package below ``b``, which uv decides after
    ``b``, so a cost, not a wall. It counted as a wall once a second pass came (``z`` moved
    macOS and Windows to 1.0), and macOS 3.10/3.11 were moved to ``b`` 1.0; uv keeps ``b`` 2.0
    there (``uv pip compile --universal``)."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["b", "f"])
    build_wheel(files, "app", "2.0", ["b<2.0", "f", "x>=2.0 ; sys_platform == 'darwin'"])
    build_wheel(files, "b", "1.0")
    build_wheel(files, "b", "2.0", ["f<2.0"])
    build_wheel(files, "f", "1.0")
    build_wheel(files, "f", "2.0", requires_python=">=3.12")
    build_wheel(files, "x", "1.0")
    build_wheel(files, "y", "1.0")
    build_wheel(files, "z", "1.0")
    build_wheel(files, "z", "2.0", ["y>=2.0 ; sys_platform == 'linux'"])
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app", "z"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        high = env.python in ("3.12", "3.13")
        want = ({"app": "1.0", "b": "2.0", "f": "1.0"} if env.platform == "macos"
                else {"app": "2.0", "b": "1.0", "f": "2.0" if high else "1.0"})
        want["z"] = "1.0"
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


def test_an_environment_forked_off_above_does_not_drag_the_others_fork_down(tmp_path: Path, monkeypatch: Any) -> None:
    """Found by the generator (seed 2018): Linux cannot take ``b`` 2.0, so every environment is
    asked for ``b`` 1.0; macOS and Windows 3.10/3.11 fork off there (``b`` 1.0 would move ``c``,
    the documented difference). ``c`` 2.0 declares ``d!=1.0 ; python_version >= '3.12'`` (only
    ``d`` 1.0 exists): uv forks there, 3.12+ take ``c`` 1.0 and 3.10/3.11 keep 2.0 (``uv pip
    compile --universal``). macOS 3.10 declining ``c`` 2.0 - only because it keeps ``b`` 2.0 -
    used to count as uv's other fork declining it, and moved Linux 3.10/3.11 to ``c`` 1.0."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["b", "c"])
    build_wheel(files, "b", "1.0", ["c"])
    build_wheel(files, "b", "2.0", ["c<2.0", "x>=2.0 ; sys_platform == 'linux'"])
    build_wheel(files, "c", "1.0")
    build_wheel(files, "c", "2.0", ["d!=1.0 ; python_version >= '3.12'"])
    build_wheel(files, "d", "1.0")
    build_wheel(files, "x", "1.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        low = env.python in ("3.10", "3.11")
        want = {"app": "1.0", "b": "1.0", "c": "2.0" if low else "1.0"}
        if low and env.platform != "linux":
            want.update(b="2.0", c="1.0")
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


def test_a_fork_made_above_the_package_lets_its_side_keep_the_newer_version(tmp_path: Path, monkeypatch: Any) -> None:
    """Found by the generator (seed 550): ``app`` 2.0 declares ``d!=1.0 ; sys_platform ==
    'darwin' and python_version >= '3.12'`` (only ``d`` 1.0 exists): uv forks there and macOS
    3.12+ take ``app`` 1.0. ``f`` is decided in each fork on its own: ``f`` 3.0 installs only
    in the macOS 3.12+ fork, so it keeps 3.0 and the rest take 2.0 (``uv pip compile
    --universal``). Without a fork known at ``f`` itself, macOS 3.12+ were moved to ``f`` 2.0."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["f"])
    build_wheel(files, "app", "2.0", ["f", "d!=1.0 ; sys_platform == 'darwin' and python_version >= '3.12'"])
    build_wheel(files, "d", "1.0")
    build_wheel(files, "f", "2.0")
    build_wheel(files, "f", "3.0", ["y>=2.0 ; sys_platform != 'darwin' or python_version < '3.12'"])
    build_wheel(files, "y", "1.0")
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, ["app"], None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        forked = env.platform == "macos" and env.python in ("3.12", "3.13")
        want = {"app": "1.0", "f": "3.0"} if forked else {"app": "2.0", "f": "2.0"}
        assert pins(tmp_path / "ours.txt", env.target.markers) == want, env.label


@pytest.mark.parametrize(("roots", "app_requires", "newer"), [
    # seed 1463: the package nearest the input declares the marker beside c
    (["app"], ["c", "x ; sys_platform == 'darwin' and python_version >= '3.12'"],
     lambda env: env.platform == "macos" and env.python in ("3.12", "3.13")),
    # the fork's 3.12+ side has Windows too: one version, 1.0 (as uv)
    (["app"], ["c", "x ; python_version >= '3.12'"], lambda env: False),
    # another input line declares it: uv decides it before c, which is one level further down
    (["app", "z"], ["c"], lambda env: env.platform == "macos" and env.python in ("3.12", "3.13")),
    # a sibling of c declares it: c is as near the input, so no fork (uv may decide c first)
    (["app"], ["w", "c"], lambda env: False),
])
def test_a_marker_uv_forks_on_nearer_the_input_lets_its_side_keep_the_newer_version(
        tmp_path: Path, monkeypatch: Any, roots: list[str], app_requires: list[str], newer: Any) -> None:
    """Found by the generator (seed 1463): ``c`` 2.0 needs ``d!=1.0 ; sys_platform == 'win32'``
    (only ``d`` 1.0 exists; a marker uv does not fork on), so Windows cannot take it. A marker
    that raises the lowest Python, declared by a package uv decides before ``c`` (nearer the
    input), forks uv's resolution first: the side without Windows keeps ``c`` 2.0 (``uv pip
    compile --universal``, each case). Every environment used to take ``c`` 1.0."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", app_requires)
    build_wheel(files, "c", "1.0")
    build_wheel(files, "c", "2.0", ["d!=1.0 ; sys_platform == 'win32'"])
    build_wheel(files, "d", "1.0")
    build_wheel(files, "x", "1.0")
    build_wheel(files, "z", "1.0", ["x ; sys_platform == 'darwin' and python_version >= '3.12'"])
    build_wheel(files, "w", "1.0", ["x ; sys_platform == 'darwin' and python_version >= '3.12'"])
    with IndexServer(files) as server:
        code, err = stackwise_lock(tmp_path, server.url, roots, None, monkeypatch)
    assert code == 0, err
    for env in ENVS:
        got = pins(tmp_path / "ours.txt", env.target.markers)
        assert got["c"] == ("2.0" if newer(env) else "1.0"), (env.label, got)


@pytest.mark.parametrize("seed", [1677])
def test_environments_sent_down_for_a_fork_that_takes_another_version_keep_their_own(
        tmp_path: Path, monkeypatch: Any, seed: int) -> None:
    """Found by the generator (seed 1677, the generated graph itself): ``a`` 4.0 needs Python
    3.11 and ``e<3.0``, ``e`` 2.0 needs 3.12. Python 3.12+ cannot take ``e`` 3.0, so every
    environment was sent down to 2.0; Linux and macOS 3.10/3.11 cannot take that one and went
    on to ``e`` 1.0 among themselves, which agrees with no environment that sent them down.
    uv's lower Python fork prefers the higher fork's version only where it fits: they keep
    ``e`` 3.0 (``uv pip compile --universal``)."""
    lock_generated(tmp_path, seed, monkeypatch)
    for env in ENVS:
        want = "2.0" if env.python in ("3.12", "3.13") else "1.0" if env.platform == "windows" else "3.0"
        assert pins(tmp_path / "ours.txt", env.target.markers)[f"g{seed}-e"] == want, env.label


def test_a_marker_nearer_the_input_of_a_package_forked_by_python_does_not_fork_the_others(
        tmp_path: Path, monkeypatch: Any) -> None:
    """Generated graph (seed 14): ``a`` 2.0 needs Python 3.11 and declares ``b==1.0 ;
    sys_platform == 'darwin' and python_version >= '3.12'``; Python 3.10 takes ``a`` 1.0 and
    ``b<3``. uv forks by Python at ``a`` first, and its 3.10 fork prefers the ``b`` 1.0 the
    higher fork chose (``uv pip compile --universal``): ``a`` 2.0's marker splits only its own
    side, so 3.10 takes ``b`` 1.0 too rather than keep 2.0."""
    lock_generated(tmp_path, 14, monkeypatch)
    for env in ENVS:
        assert pins(tmp_path / "ours.txt", env.target.markers).get("g14-b", "1.0") == "1.0", env.label
