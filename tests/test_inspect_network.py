"""Inspections against the real public index: knowledge rediscovered, proven and re-confirmed (issues #13, #14).

Every test here needs the network and is marked ``network`` (kept out of the default run)::

    python -m pytest -m network tests/test_inspect_network.py -q

The index is pip's default one: the autouse fixture of conftest.py points ``PIP_CONFIG_FILE``
at the null device and drops ``PIP_*`` variables, the CLI runs as a subprocess with that
environment, and the in-process parts use ``IndexConfig.from_pip()`` under the same
isolation. Results databases live in each test's ``tmp_path``; one index + wheel cache is
shared by the module (files are verified by hash on every use), so each wheel is downloaded
once per run.

1. ``test_rediscover_*``: ``stackwise inspect`` + ``stackwise learn`` find the black x click and
   jinja2 x markupsafe breaks from nothing (inspections never use the shipped knowledge:
   the stacks are pip's order), with the boundaries the upstream reports give, and a lock
   with only the learned file avoids the break.
2. ``test_curated_rules_hold``: every curated rule is proven by a broken stack (inside the
   rule) that fails the check and working stacks (just outside it) that pass.
3. ``test_held_out_breakage_avoided``: with the shipped knowledge, locks of releases that
   pip's pick breaks install and import; pip's pick itself is shown broken.
4. ``test_learned_sample_reconfirmed``: a seeded sample of the shipped learned layer's
   confirmed rules fails again (and its passing example passes) in fresh inspections.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from stackwise.knowledge.curated import load_curated
from stackwise.knowledge.rules import Rule

pytestmark = pytest.mark.network

SRC = Path(__file__).resolve().parent.parent / "src"
DATA = SRC / "stackwise" / "knowledge" / "data"  # what the CLI (run from SRC) ships
SHIPPED_CURATED = DATA / "curated.toml"
SHIPPED_LEARNED = DATA / "learned.json"
CLI_TIMEOUT = 900  # seconds for one stackwise command (a cold cache downloads every wheel)
CHECK_TIMEOUT = 180.0  # seconds for one check run inside an inspection
PY = f"{sys.version_info.major}.{sys.version_info.minor}"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")
SAMPLE_SIZE = 30
SAMPLE_SEED = 20240614
MIN_RECONFIRMED = 0.9


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# -- the environment: pip's default index, one shared cache ------------------------------------------


def _isolate(mp: pytest.MonkeyPatch) -> None:
    """What conftest's autouse fixture does, for module-scoped fixtures (set up before it runs)."""
    for key in list(os.environ):
        if key.startswith(("PIP_", "STACKWISE_")):
            mp.delenv(key, raising=False)
    mp.setenv("PIP_CONFIG_FILE", os.devnull)
    mp.setenv("STACKWISE_CONFIG_FILE", os.devnull)


@dataclass
class Net:
    """The module's shared world: cache directory, index client, target and runner settings."""

    cache: Path
    client: Any
    target: Any
    settings: Any

    def maker(self, roots: list[str]) -> Any:
        from stackwise.inspect.stacks import StackMaker

        return StackMaker(roots, self.client, self.target, file_hashes=self.client.file_hashes)

    def release(self, name: str, version: str) -> Any:
        """The release of ``name`` usable here, or None (no file for this Python and platform)."""
        wanted = Version(version)
        return next((r for r in self.client.releases(name) if r.version == wanted), None)

    def require_wheel(self, name: str, version: str) -> None:
        """Skip unless ``name==version`` installs here from a wheel (its C extensions are not built here)."""
        release = self.release(name, version)
        if release is None:
            pytest.skip(f"{name} {version} has no file installable on Python {PY} ({self.target.describe()}): "
                        "no compatible wheel and no sdist")
        if not release.best.is_wheel:
            pytest.skip(f"{name} {version} has no wheel for Python {PY} ({self.target.describe()}); only its sdist "
                        f"{release.best.filename}, whose C extensions would need a compiler and system libraries")


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Net]:
    from stackwise.environment import TargetEnvironment
    from stackwise.index.client import IndexClient
    from stackwise.index.config import IndexConfig
    from stackwise.inspect.runner import RunnerSettings

    cache = tmp_path_factory.mktemp("inspect-network-cache")
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp)
        config = IndexConfig.from_pip(cache_dir=str(cache))
    assert config.effective_index_urls, "pip's default configuration names no index"
    target = TargetEnvironment.current()
    settings = RunnerSettings(wheel_cache=str(cache / "wheels"), cache_dir=str(cache),
                              index_urls=tuple(config.effective_index_urls), network="auto")
    with IndexClient(config, target) as client:
        yield Net(cache, client, target, settings)


def tool_env() -> dict[str, str]:
    """The test's (already isolated) environment, with stackwise importable from src/."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "STACKWISE_"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["STACKWISE_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return env


def stackwise(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m stackwise ARGS`` as a user would run it; must exit 0."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "stackwise", *args], capture_output=True, text=True,
                          env=tool_env(), cwd=cwd, timeout=CLI_TIMEOUT, check=False)
    took = time.perf_counter() - started
    print(f"stackwise {' '.join(args)}: exit {proc.returncode} in {took:.1f}s")
    assert proc.returncode == 0, (
        f"stackwise {' '.join(args)}\nexit status {proc.returncode}\nstdout:\n{proc.stdout[-3000:]}\n"
        f"stderr:\n{proc.stderr[-6000:]}"
    )
    return proc


def read_pins(path: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements lock."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line.strip())
        if m:
            pins[canonical(m.group(1))] = m.group(2)
    return pins


def stored_results(db: Path) -> list[Any]:
    from stackwise.inspect.store import ResultStore

    with ResultStore(str(db)) as store:
        return list(store.all())


def learned_rules(path: Path) -> list[Rule]:
    from stackwise.knowledge.scorefile import load_score_file

    return list(load_score_file(path).rules)


def describe_rules(rules: list[Rule]) -> str:
    return "\n".join(f"  {r.id}: {r.describe()}" for r in rules) or "  (none)"


def inside(rule: Rule, pins: Mapping[str, str]) -> bool:
    """Whether the stack ``pins`` is one the pair (or version) rule speaks about."""
    def hit(name: str, spec: SpecifierSet) -> bool:
        version = pins.get(name)
        return version is not None and spec.contains(Version(version), prereleases=True)

    return hit(rule.package.name, rule.package.specifier) and (
        rule.other is None or hit(rule.other.name, rule.other.specifier))


def result_text(result: Any) -> str:
    pins = " ".join(f"{n}=={v}" for n, v in result.stack.pins)
    tail = "\n".join(result.output_tail.splitlines()[-15:])
    return (f"{result.outcome} ({result.signature or result.detail or 'no signature'}) for {pins}\n"
            f"check: {result.check.describe()}\noutput tail:\n{tail}")


# -- 1. rediscovery from scratch ---------------------------------------------------------------------


def test_rediscover_black_click(net: Net, tmp_path: Path) -> None:
    """inspect + learn find black<22.3 x click>=8.1.0 (8.0.4 works, 8.1.0 breaks); the learned file alone fixes the lock."""
    db = tmp_path / "results.db"
    learned = tmp_path / "learned.json"
    common = ["--results", str(db), "--cache-dir", str(net.cache)]
    stackwise("inspect", "black<22.3", "--check", "black --version", "--strategy", "boundaries", "--max-stacks", "8",
              "--jobs", "2", *common, cwd=tmp_path)

    results = stored_results(db)
    pip = [r for r in results if r.stack.label == "pip"]
    assert len(pip) == 1, [r.stack.label for r in results]
    # nothing shipped was used: pip's own pick is inspected, and it is the broken one
    assert Version(pip[0].stack.pin_map()["click"]) >= Version("8.1.0"), result_text(pip[0])
    assert pip[0].outcome == "failed" and "_unicodefun" in (pip[0].signature or ""), result_text(pip[0])

    stackwise("learn", "-o", str(learned), *common, cwd=tmp_path)
    rules = learned_rules(learned)
    pair = [r for r in rules if r.package.name == "black" and r.other is not None and r.other.name == "click"]
    assert len(pair) == 1, f"expected one black x click rule, learned:\n{describe_rules(rules)}"
    rule = pair[0]
    assert rule.source == "inspection" and not rule.id.startswith("curated/")
    assert rule.vetoes_in("stable") and rule.category == "stability"
    assert rule.package.specifier.contains(Version("22.1.0"))
    released = [r.version for r in net.client.releases("black") if not r.version.is_prerelease]
    later = [v for v in released if v >= Version("22.3.0")]
    assert later, "the index lists no black release from 22.3.0 on"
    assert not [v for v in later if rule.package.specifier.contains(v)], \
        f"{rule.describe()} covers black releases that work with click 8.1"
    assert str(rule.other.specifier) == ">=8.1.0", rule.describe()
    evidence = rule.evidence or {}
    assert evidence.get("confirmed") is True and evidence.get("check") == "black --version"
    assert "_unicodefun" in evidence.get("signature", "")
    click = evidence["boundaries"]["click"]
    assert (click["lowest_failing"], click["passing_below"]) == ("8.1.0", "8.0.4"), click

    # the learned file alone (nothing shipped) moves the lock off the break; pip's pick does not
    plain, fixed = tmp_path / "pip.txt", tmp_path / "learned.txt"
    stackwise("lock", "black<22.3", "--no-default-scores", "--cache-dir", str(net.cache), "-o", str(plain),
              cwd=tmp_path)
    stackwise("lock", "black<22.3", "--no-default-scores", "--scores", str(learned), "--cache-dir", str(net.cache),
              "-o", str(fixed), cwd=tmp_path)
    assert Version(read_pins(plain)["click"]) >= Version("8.1.0"), read_pins(plain)
    pins = read_pins(fixed)
    assert Version(pins["black"]) < Version("22.3") and Version(pins["click"]) < Version("8.1"), pins


def test_rediscover_jinja2_markupsafe(net: Net, tmp_path: Path) -> None:
    """inspect (default import check) + learn find jinja2 2.10-2.11.3 x markupsafe>=2.1.0 (soft_unicode)."""
    db = tmp_path / "results.db"
    learned = tmp_path / "learned.json"
    common = ["--results", str(db), "--cache-dir", str(net.cache)]
    # 12 boundary stacks reach markupsafe 2.0.*, the nearest releases that work (fewer give learn no
    # passing neighbour; many more reach jinja2 < 2.7, whose sdists fail to build on every run)
    stackwise("inspect", "jinja2<3", "--strategy", "boundaries", "--max-stacks", "12", "--jobs", "2", *common,
              cwd=tmp_path)
    results = stored_results(db)
    pip = [r for r in results if r.stack.label == "pip"]
    assert len(pip) == 1 and pip[0].check.command is None, [r.stack.label for r in results]
    assert pip[0].outcome == "failed" and "soft_unicode" in (pip[0].signature or ""), result_text(pip[0])
    passed = [dict(r.stack.pins) for r in results if r.outcome == "passed"]
    assert passed and all(Version(p["markupsafe"]) < Version("2.1") for p in passed), (
        "the boundary stacks should include working ones (MarkupSafe < 2.1) and only those:\n"
        + "\n".join(f"{r.outcome} {dict(r.stack.pins)} [{r.stack.label}]" for r in results))

    stackwise("learn", "-o", str(learned), *common, cwd=tmp_path)
    rules = learned_rules(learned)
    found = [r for r in rules if r.package.name == "jinja2" and r.other is not None and r.other.name == "markupsafe"
             and "soft_unicode" in (r.evidence or {}).get("signature", "")]
    assert len(found) == 1, f"expected one jinja2 x markupsafe (soft_unicode) rule, learned:\n{describe_rules(rules)}"
    rule = found[0]
    assert rule.source == "inspection" and rule.vetoes_in("stable")
    assert (rule.evidence or {}).get("check") == "default import check"
    for covered in ("2.10", "2.10.3", "2.11.0", "2.11.3"):
        assert rule.package.specifier.contains(Version(covered)), f"{rule.describe()} misses jinja2 {covered}"
    assert not rule.package.specifier.contains(Version("3.0.0")), rule.describe()
    assert str(rule.other.specifier) == ">=2.1.0", rule.describe()
    boundary = (rule.evidence or {})["boundaries"]["markupsafe"]
    assert (boundary["lowest_failing"], boundary["passing_below"]) == ("2.1.0", "2.0.1"), boundary

    fixed = tmp_path / "learned.txt"
    stackwise("lock", "jinja2<3", "--no-default-scores", "--scores", str(learned), "--cache-dir", str(net.cache),
              "-o", str(fixed), cwd=tmp_path)
    pins = read_pins(fixed)
    assert Version(pins["markupsafe"]) < Version("2.1.0"), pins


# -- 2. every curated rule, proven by inspections ----------------------------------------------------


@dataclass(frozen=True)
class Stack:
    """Forced pins (``None``: not forced, but must be present; later stacks reuse the first's version)."""

    pins: Mapping[str, str | None]
    expect: str  # "failed" (inside the rule) or "passed" (just outside it)
    why: str


@dataclass(frozen=True)
class Proof:
    check: str
    signature: str  # what the failing stack's error signature must contain
    stacks: tuple[Stack, ...]
    wheels: tuple[tuple[str, str], ...] = ()  # releases that must install from a wheel here
    note: str = ""  # why nothing may install here (said when the index confirms it)
    roots: tuple[str, ...] = ()  # more requirements resolved with the consumer (a provider it lists only in an extra)


FLASK_CLIENT = "python -c \"import flask; flask.Flask('x').test_client()\""
TF_CHECK = ("python -c \"import tensorflow as tf; m = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(1,))]); "
            "m.compile(loss='mse'); m.save('m.h5'); tf.keras.models.load_model('m.h5')\"")

FSA_CHECK = ("python -c \"import flask, flask_sqlalchemy as f; app = flask.Flask('x'); "
             "app.config.update(SQLALCHEMY_DATABASE_URI='sqlite://', SQLALCHEMY_TRACK_MODIFICATIONS=False); "
             "db = f.SQLAlchemy(app); T = type('T', (db.Model,), {'id': db.Column(db.Integer, primary_key=True)}); "
             "app.app_context().push(); db.create_all(); db.session.add(T()); db.session.commit()\"")
PROTOS_CHECK = "python -c 'import google.rpc.status_pb2, google.api.annotations_pb2'"
FLASK1_PINS = {"jinja2": "2.11.3", "markupsafe": "2.0.1", "werkzeug": "1.0.1", "click": "7.1.2"}
FLASK114_PINS = {"flask": "1.1.4", **FLASK1_PINS}  # the last Flask before 2.0


# an HTTP server on the Unix socket at path ``p`` (needs socketserver and threading imported): every request,
# whatever its path, gets 200 and the body 'OK'
UNIX_HTTP_OK = ("H = type('H', (socketserver.StreamRequestHandler,), {'handle': lambda s: ("
                "[0 for _ in iter(s.rfile.readline, b'\\r\\n')], "
                "s.wfile.write(b'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nOK'))}); "
                "srv = socketserver.UnixStreamServer(p, H); "
                "threading.Thread(target=srv.serve_forever, daemon=True).start(); ")
# a fake Docker daemon on a Unix socket answers /_ping, so the check exercises docker's transport without a daemon
DOCKER_CHECK = ("python -c \"import os, socketserver, tempfile, threading, docker; "
                "p = os.path.join(tempfile.mkdtemp(), 'docker.sock'); "
                + UNIX_HTTP_OK +
                "assert docker.APIClient(base_url='unix://' + p, version='1.41').ping()\"")
MKDOCS_BUILD = ("cd \"$(mktemp -d)\" && mkdir docs && echo '# hi' > docs/index.md && echo 'site_name: x' > mkdocs.yml "
                "&& mkdocs build -q")
FLASK_RESTX_CHECK = "python -c \"import flask, flask_restx; flask_restx.Api(flask.Flask('x'))\""
RESPX_CHECK = ("python -c \"import httpx, respx; m = respx.mock(assert_all_called=False); m.start(); "
               "m.get('http://x.test/').respond(200, text='ok'); assert httpx.get('http://x.test/').text == 'ok'; "
               "m.stop()\"")

IMBLEARN_CHECK = ("python -c \"import numpy as np; from imblearn.over_sampling import SMOTE; "
                  "X = np.random.RandomState(0).rand(40, 2); y = np.r_[np.zeros(30), np.ones(10)]; "
                  "SMOTE().fit_resample(X, y)\"")
IMBLEARN_PINS = {"numpy": "2.2.6", "scipy": "1.15.3"}
IMBLEARN_OLD_PINS = {"numpy": "1.26.4", "scipy": "1.11.4"}
LIFELINES_PINS = {"numpy": "1.26.4", "pandas": "2.2.3"}
SKOPT_CHECK = ("python -c \"from skopt.space import Space, Integer; s = Space([Integer(0, 5)]); "
               "s.set_transformer('normalize'); s.inverse_transform(s.transform([[2]]))\"")
SKOPT_PINS = {"scikit-learn": "1.4.2", "scipy": "1.15.3"}


def _tensorflow(name: str) -> Proof:
    return Proof(
        check=TF_CHECK, signature="'str' object has no attribute 'decode'",
        stacks=(Stack({name: "2.1.4", "h5py": "3.1.0"}, "failed", "TensorFlow 2.1 with h5py 3"),
                Stack({name: "2.1.4", "h5py": "2.10.0"}, "passed", "h5py just below 3")),
        wheels=((name, "2.1.4"),),
        note=f"{name} releases before 2.2 publish wheels for CPython 3.5 to 3.7 only and no sdist"
             + (", none for Python >= 3.8" if sys.version_info >= (3, 8) else ""),
    )


# get_command(...).main(standalone_mode=False) prints the help through typer's own classes without typer's rich
# traceback hook, so the error's last line names the method
TYPER_HELP = ("python -c \"import typer, typer.main; app = typer.Typer(); app.command()(lambda name: None); "
              "typer.main.get_command(app).main(['--help'], standalone_mode=False)\"")
DATASET_CHECK = ("python -c \"import dataset; db = dataset.connect('sqlite://'); db['t'].insert({'a': 1}); "
                 "assert len(list(db['t'].all())) == 1\"")
DATASET_PINS = {"alembic": "1.19.2"}  # the newest alembic that allows SQLAlchemy 1.4 and 2
DATASET_OLD_PINS = {**DATASET_PINS, "normality": "2.5.0"}  # dataset 1.1 needs normality; 3.x pulls sdist-only PyICU
# one query through records on an in-memory SQLite database, its row read by column name
RECORDS_CHECK = ("python -c \"import records; r = records.Database('sqlite://').query('select 1 as a').all(); "
                 "assert r[0].a == 1, r\"")
RECORDS_PINS = {"tablib": "3.5.0"}
# sqlalchemy-migrate's API in a temporary directory: a repository created, a SQLite database put under version
# control and its version read back (migrate imports pkg_resources without declaring setuptools: SETUPTOOLS_PKG)
SQLALCHEMY_MIGRATE_CHECK = ("python -c \"import os, tempfile; from migrate.versioning import api; d = tempfile.mkdtemp(); "
                            "r = os.path.join(d, 'repo'); u = 'sqlite:///' + os.path.join(d, 'x.db'); api.create(r, 'x'); "
                            "api.version_control(u, r); assert api.db_version(u, r) == 0\"")
TENSORBOARD_CHECK = "python -c 'import tensorboard.summary, tensorboard.compat.proto.summary_pb2'"
TENSORBOARD_PINS = {"numpy": "1.23.5"}  # tensorboard 1.15 to 2.5 use NumPy aliases that 1.24 removed
TB_PROTO = {"protobuf": "3.19.6"}  # tensorboard before 2.12 ships _pb2 modules that protobuf 4 rejects
# what SummaryWriter.add_scalar does with a value; importing alone passes
TENSORBOARD_WRITE = ("python -c 'import numpy as np; from tensorboard.util import tensor_util; "
                     "tensor_util.make_tensor_proto(np.array([1.0], dtype=np.float32))'")

# an internal GET through Datasette's own client (datasette.client wraps httpx.AsyncClient around the ASGI app)
DATASETTE_CHECK = ("python -c \"import asyncio; from datasette.app import Datasette; "
                   "r = asyncio.run(Datasette(memory=True).client.get('/-/versions.json')); "
                   "assert r.status_code == 200, r\"")
# one GET through a TestClient (starlette.testclient or starlette_testclient) on a one-route Starlette app
STARLETTE_APP = ("from starlette.applications import Starlette; from starlette.responses import PlainTextResponse; "
                 "from starlette.routing import Route; app = Starlette(routes=[Route('/', lambda r: PlainTextResponse('ok'))]); ")
STARLETTE_CHECK = ("python -c \"" + STARLETTE_APP + "from starlette.testclient import TestClient; "
                   "assert TestClient(app).get('/').text == 'ok'\"")
STARLETTE_TESTCLIENT_CHECK = ("python -c \"" + STARLETTE_APP + "from starlette_testclient import TestClient; "
                              "assert TestClient(app).get('/').text == 'ok'\"")
# a mocked GET through aiohttp.ClientSession (the coroutine is defined through exec to fit in one command)
AIORESPONSES_CHECK = ("python -c \"import asyncio, aiohttp; from aioresponses import aioresponses; "
                      "exec('async def f():\\n async with aiohttp.ClientSession() as s:\\n"
                      "  r = await s.get(\\\"http://x.test/\\\")\\n  return await r.text()'); "
                      "m = aioresponses(); m.start(); m.get('http://x.test/', body='ok'); "
                      "assert asyncio.run(f()) == 'ok'; m.stop()\"")

INFLECT_CHECK = "python -c \"import inflect; assert inflect.engine().plural('cat') == 'cats'\""
OPENAPI_SCHEMA_PYDANTIC_CHECK = ("python -c \"from openapi_schema_pydantic import OpenAPI, Info; "
                                 "OpenAPI(info=Info(title='x', version='1'), paths={})\"")

BORUTA_CHECK = ("python -c \"import numpy as np; from boruta import BorutaPy; "
                "from sklearn.ensemble import RandomForestClassifier as R; X = np.random.RandomState(0).rand(50, 4); "
                "y = (X[:, 0] > .5).astype(int); BorutaPy(R(n_estimators=10, max_depth=3), n_estimators=10, max_iter=5).fit(X, y)\"")
BORUTA_PINS = {"scikit-learn": "1.4.2", "scipy": "1.15.3"}
IMGAUG_CHECK = ("python -c \"import numpy as np, imgaug.augmenters as iaa; "
                "iaa.Sequential([iaa.Fliplr(1.0), iaa.GaussianBlur(1.0), iaa.Affine(rotate=10)])"
                "(images=np.zeros((2, 16, 16, 3), np.uint8))\"")
IMGAUG_PINS = {"scikit-image": "0.24.0", "scipy": "1.15.3", "opencv-python": "4.10.0.84", "matplotlib": "3.9.2",
               "shapely": "2.0.6"}
IMGAUG_ONEOF_CHECK = ("python -c \"import numpy as np, imgaug.augmenters as iaa; x = np.zeros((2, 16, 16, 3), np.uint8); "
                      "iaa.Sequential([iaa.Fliplr(1.0), iaa.GaussianBlur(1.0)])(images=x); "
                      "iaa.OneOf([iaa.Fliplr(1.0), iaa.Flipud(1.0)])(images=x)\"")
NIBABEL_CHECK = ("python -c \"import os, tempfile, numpy as np, nibabel as nib; p = os.path.join(tempfile.mkdtemp(), 'x.nii'); "
                 "nib.save(nib.Nifti1Image(np.zeros((4, 4, 4), np.float32), np.eye(4)), p); nib.load(p).get_fdata()\"")
CE_CHECK = ("python -c \"import pandas as pd, category_encoders as ce; "
            "df = pd.DataFrame({'a': ['x', 'y', 'x', 'z'], 'b': [1, 2, 3, 4]}); ce.OneHotEncoder(cols=['a']).fit_transform(df); "
            "ce.TargetEncoder(cols=['a']).fit_transform(df, [0, 1, 0, 1])\"")
CE_PINS = {"numpy": "2.2.6", "pandas": "2.2.3", "scipy": "1.15.3", "statsmodels": "0.14.4"}
CE_OLD_PINS = {"numpy": "1.26.4", "pandas": "1.5.3", "scipy": "1.13.1", "statsmodels": "0.14.4"}
CE_PANDAS_OLD_PINS = {"numpy": "1.26.4", "scikit-learn": "1.5.2", "scipy": "1.13.1", "statsmodels": "0.14.4"}
CE_PANDAS_PINS = {"numpy": "2.2.6", "scikit-learn": "1.5.2", "scipy": "1.15.3", "statsmodels": "0.14.4"}
MISSINGNO_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np, pandas as pd, missingno as msno; "
                   "df = pd.DataFrame(np.where(np.random.RandomState(0).rand(20, 4) > .7, np.nan, 1.0), columns=list('abcd')); "
                   "msno.matrix(df); msno.bar(df)\"")
MISSINGNO_PINS = {"numpy": "1.26.4", "pandas": "2.2.3", "scipy": "1.13.1", "seaborn": "0.13.2"}
WORDCLOUD_CHECK = ("python -c \"from wordcloud import WordCloud; "
                   "WordCloud(width=100, height=100).generate('hello world hello data science python numpy')\"")

# Django apps need configured settings before their models or most modules import; the app itself is installed
SQLITE_MEMORY = "DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}"


def django_setup(*apps: str, settings: str = "") -> str:
    """The start of a Django check: settings configured in-process (contenttypes, auth and ``apps`` installed,
    then the keyword arguments in ``settings``) and ``django.setup()`` run, so an app's import-time code runs."""
    installed = ", ".join(repr(a) for a in ("django.contrib.contenttypes", "django.contrib.auth", *apps))
    return ("import django; from django.conf import settings; settings.configure(SECRET_KEY='x', "
            f"INSTALLED_APPS=[{installed}]" + (f", {settings}" if settings else "") + "); django.setup(); ")


DJANGO_CHECK = "python -c \"" + django_setup("{app}") + "import {module}\""
DJANGO_PINS = {"asgiref": "3.13.0", "sqlparse": "0.6.1"}
# an S3Boto3Storage URL for a key with a space, built from settings without a request (no query-string auth)
DJANGO_STORAGES_S3_CHECK = ("python -c \"" + django_setup(settings="AWS_STORAGE_BUCKET_NAME='b', AWS_ACCESS_KEY_ID='k', "
                                                          "AWS_SECRET_ACCESS_KEY='s', AWS_S3_REGION_NAME='us-east-1', "
                                                          "AWS_QUERYSTRING_AUTH=False") +
                            "from storages.backends.s3boto3 import S3Boto3Storage; u = S3Boto3Storage().url('a b.txt'); "
                            "assert u.endswith('/a%20b.txt'), u\"")
DJANGO_STORAGES_S3_PINS = {"boto3": "1.35.0", **DJANGO_PINS}
# a DjangoObjectType over auth's Group in a one-field graphene schema, printed with the model's fields
GRAPHENE_DJANGO_CHECK = ("python -c \"" + django_setup("graphene_django") +
                         "import graphene; from graphene_django import DjangoObjectType; "
                         "from django.contrib.auth.models import Group; "
                         "T = type('T', (DjangoObjectType,), {'Meta': type('Meta', (), {'model': Group})}); "
                         "Q = type('Q', (graphene.ObjectType,), {'g': graphene.Field(T)}); "
                         "assert 'name' in str(graphene.Schema(query=Q))\"")
GRAPHENE_DJANGO_PINS = {"graphene": "2.1.9", **DJANGO_PINS}  # the last graphene 2, which graphene-django 2.x needs
# the toolbar's URL patterns (what include(debug_toolbar.urls) serves) built with the app installed
DEBUG_TOOLBAR_CHECK = ("python -c \"" + django_setup("django.contrib.staticfiles", "debug_toolbar",
                                                     settings="DEBUG=True, STATIC_URL='/static/'") +
                       "import debug_toolbar.toolbar as t; assert t.DebugToolbar.get_urls()\"")
# a django-jsonfield JSONField round-trips a dict through its database conversion on SQLite
DJANGO_JSONFIELD_CHECK = ("python -c \"" + django_setup("jsonfield", settings=SQLITE_MEMORY) +
                          "from django.db import connection; from jsonfield import JSONField; f = JSONField(); "
                          "assert f.from_db_value(f.get_prep_value({'a': 1}), None, connection) == {'a': 1}\"")

# a feature visualizer fitted on a continuous target colours the points through the colormap lookup
YELLOWBRICK_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np; from yellowbrick.features import PCA; "
                     "X = np.random.RandomState(0).rand(30, 4); PCA().fit_transform(X, X.sum(1))\"")
YELLOWBRICK_PINS = {"numpy": "1.26.4", "scikit-learn": "1.5.2", "scipy": "1.13.1"}

# the storage app configured for a local endpoint (nothing connects to it): django.setup() runs its ready() checks
DJANGO_MINIO_BACKEND_CHECK = ("python -c \"" + django_setup(
                                  "django_minio_backend", settings="MINIO_ENDPOINT='127.0.0.1:9', "
                                  "MINIO_ACCESS_KEY='a', MINIO_SECRET_KEY='s', MINIO_USE_HTTPS=False, "
                                  "MINIO_PRIVATE_BUCKETS=['bkt'], MINIO_PUBLIC_BUCKETS=['pub'], "
                                  "STATICFILES_STORAGE='django.contrib.staticfiles.storage.StaticFilesStorage'") +
                              "from django_minio_backend.models import MinioBackend; "
                              "assert MinioBackend(bucket_name='bkt').bucket == 'bkt'\"")

# ddf builds an (unsaved) auth group with generated field values
DDF_CHECK = ("python -c \"" + django_setup(settings=SQLITE_MEMORY) +
             "from ddf import N; from django.contrib.auth.models import Group; assert N(Group).name\"")

CMAPS_CHECK = "python -c 'import cmaps; assert cmaps.BlAqGrYeOrRe.N'"

# the first read of a colormap registers it, the second fetches it back through the registry lookup
COLORMAPS_CHECK = "python -c 'import colormaps; colormaps.aggrnyl; assert colormaps.aggrnyl.N'"

# a model with an auto_now_add timestamp field created in in-memory SQLite, saved and read back
UNIXTIMESTAMPFIELD_CHECK = ("python -c \"" + django_setup("unixtimestampfield", settings=f"USE_TZ=True, {SQLITE_MEMORY}") +
                            "from django.db import models, connection; from unixtimestampfield.fields import UnixTimeStampField; "
                            "M = type('M', (models.Model,), {'__module__': 'x', 'created': UnixTimeStampField(auto_now_add=True), "
                            "'Meta': type('Meta', (), {'app_label': 'unixtimestampfield'})}); e = connection.schema_editor(); "
                            "e.__enter__(); e.create_model(M); e.__exit__(None, None, None); m = M.objects.create(); "
                            "assert M.objects.get(pk=m.pk).created.year > 2000\"")

INTERNATIONALFLAVOR_CHECK = ("python -c \"" + django_setup("internationalflavor") +
                             "from internationalflavor.iban import IBANFormField; "
                             "assert IBANFormField().clean('NL91 ABNA 0417 1643 00') == 'NL91ABNA0417164300'\"")

PYOPENSSL_CHECK = "python -c 'import OpenSSL.SSL; OpenSSL.SSL.Context(OpenSSL.SSL.SSLv23_METHOD)'"
# an HTML build of a one-page project written by the check itself; append the conf.py text as a quoted argument
# (an ex/ folder with a README is there for sphinx-gallery's examples_dirs)
SPHINX_HTML = ("python -c \"import os, sys, tempfile; from sphinx.application import Sphinx; d = tempfile.mkdtemp(); "
               "os.mkdir(os.path.join(d, 'ex')); [open(os.path.join(d, *p), 'w').write(t) for p, t in "
               "((('conf.py',), sys.argv[1]), (('index.rst',), 'T\\n=\\n\\nhi\\n'), (('ex', 'README.txt'), 'Ex\\n==\\n'))]; "
               "Sphinx(d, d, os.path.join(d, '_b'), os.path.join(d, '_d'), 'html', status=None).build()\" ")

# pip-compile of a one-line requirements file from a wheel the check writes itself: no index, no network
PIPTOOLS_CHECK = ("cd \"$(mktemp -d)\" && python -c \"import zipfile, os; os.mkdir('w'); "
                  "z = zipfile.ZipFile('w/x-1.0-py3-none-any.whl', 'w'); z.writestr('x/__init__.py', ''); "
                  "z.writestr('x-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\\nName: x\\nVersion: 1.0\\n'); "
                  "z.writestr('x-1.0.dist-info/WHEEL', 'Wheel-Version: 1.0\\nGenerator: h\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'); "
                  "z.writestr('x-1.0.dist-info/RECORD', ''); z.close()\" && echo x > requirements.in && "
                  "pip-compile --no-index --find-links w --no-header requirements.in && grep -q '^x==1.0' requirements.txt")
# pytest's last line carries the run time, so on failure the check ends with the error line instead (a stable signature)
PYTEST_ERROR = " > log 2>&1 || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }"
LAZY_FIXTURE_CHECK = ("cd \"$(mktemp -d)\" && printf 'import pytest\\n@pytest.fixture\\ndef one():\\n    return 1\\n"
                      "@pytest.mark.parametrize(\"x\", [pytest.lazy_fixture(\"one\")])\\ndef test_x(x):\\n    assert x == 1\\n' "
                      "> test_a.py && { python -m pytest -q -p no:cacheprovider test_a.py" + PYTEST_ERROR)
ASYNCIO_CHECK = ("cd \"$(mktemp -d)\" && printf 'import asyncio, pytest, pytest_asyncio\\n@pytest_asyncio.fixture\\n"
                 "async def one():\\n    yield 1\\n@pytest.mark.asyncio\\nasync def test_x(one):\\n"
                 "    await asyncio.sleep(0)\\n    assert one == 1\\n' "
                 "> test_a.py && { python -m pytest -q -p no:cacheprovider test_a.py" + PYTEST_ERROR)

# setup.py --version through setuptools-scm's use_scm_version hook (no git: the version is pretended)
SCM_CHECK = ("cd \"$(mktemp -d)\" && printf 'from setuptools import setup\\nsetup(name=\"p\", use_scm_version=True)\\n' > setup.py && "
             "{ SETUPTOOLS_SCM_PRETEND_VERSION=1.2.3 python setup.py --version > log 2>&1 && grep -q '^1.2.3$' log"
             " || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }")

OTEL_PROTO_CHECK = ("python -c 'import opentelemetry.proto.trace.v1.trace_pb2, "
                    "opentelemetry.proto.collector.trace.v1.trace_service_pb2'")
# third packages of an old streamlit pinned to releases it imports with (Altair 5, NumPy 2, click 8.1 and setuptools 82
# break it first; streamlit imports pkg_resources without declaring setuptools, hence roots=("setuptools",))
STREAMLIT_PINS = {"altair": "4.2.2", "numpy": "1.26.4", "pandas": "1.5.3", "pyarrow": "14.0.2", "click": "7.1.2",
                  "tornado": "6.1", "pydeck": "0.8.0", "validators": "0.20.0", "setuptools": "81.0.0"}
# a proto-plus message in a package, serialised to JSON (to_json passes including_default_value_fields)
PROTO_PLUS_CHECK = ("python -c \"import proto, sys, types; m = types.ModuleType('pkgm'); "
                    "m.__protobuf__ = proto.module(package='pkgm'); sys.modules['pkgm'] = m; "
                    "M = proto.message.MessageMeta('M', (proto.Message,), {'__module__': 'pkgm', '__qualname__': 'M', "
                    "'x': proto.Field(proto.INT32, number=1)}); print(M.to_json(M(x=5)), M.deserialize(M.serialize(M(x=5))).x)\"")

# google.iam.v1 reaches protobuf through googleapis-common-protos: 1.56.1 for protobuf 3.20-4.x, 1.76.0 (protobuf>=6.33.5) for 7.x
IAM_CHECK = "python -c 'import google.iam.v1.iam_policy_pb2, google.iam.v1.policy_pb2'"
IAM_PINS = {"googleapis-common-protos": "1.56.1", "grpcio": "1.62.3"}
IAM_PINS_NEW = {"googleapis-common-protos": "1.76.0", "grpcio": "1.62.3"}

# squarify.plot with no color picks random colours from the default colormap (the get_cmap call)
SQUARIFY_CHECK = "python -c 'import squarify; squarify.plot(sizes=[3, 2, 1], label=list(\"abc\"))'"
PLOTNINE_CHECK = ("python -c \"import pandas as pd; from plotnine import ggplot, aes, geom_point; "
                  "(ggplot(pd.DataFrame({'x': [1, 2, 3], 'y': [3, 1, 2]}), aes('x', 'y')) + geom_point()).draw()\"")
PLOTNINE_PINS = {"pandas": "2.2.3", "numpy": "1.26.4", "scipy": "1.13.1", "statsmodels": "0.14.4", "matplotlib": "3.8.4"}

# a versioned model committed on sqlite: Continuum's before-flush hook runs (importing alone passes)
CONTINUUM_CHECK = ("python -c \"import sqlalchemy as sa, sqlalchemy.orm as o, sqlalchemy_continuum as c; "
                   "c.make_versioned(user_cls=None); B = o.declarative_base(); "
                   "A = type('A', (B,), {'__tablename__': 'a', '__versioned__': {}, "
                   "'id': sa.Column(sa.Integer, primary_key=True), 'n': sa.Column(sa.String)}); "
                   "o.configure_mappers(); e = sa.create_engine('sqlite://'); B.metadata.create_all(e); "
                   "s = o.Session(e); s.add(A(n='x')); s.commit(); assert s.query(c.version_class(A)).count() == 1\"")
CONTINUUM_NEW = {"sqlalchemy-utils": "0.43.0", "six": "1.17.0"}  # SQLAlchemy-Utils 0.43 needs SQLAlchemy >= 2.0
CONTINUUM_OLD = {"sqlalchemy-utils": "0.41.2", "six": "1.17.0"}  # 0.41.2: the newest that installs with 1.4
ALEMBIC_CHECK = ("python -c \"import sqlalchemy as sa; from alembic.migration import MigrationContext; "
                 "from alembic.operations import Operations; c = sa.create_engine('sqlite://').connect(); "
                 "op = Operations(MigrationContext.configure(c)); "
                 "op.create_table('t', sa.Column('id', sa.Integer, primary_key=True)); "
                 "op.add_column('t', sa.Column('n', sa.String))\"")
ALEMBIC_OLD_PINS = {"mako": "1.3.10", "markupsafe": "3.0.3", "python-dateutil": "2.9.0.post0",
                    "python-editor": "1.0.4", "six": "1.17.0"}
ALEMBIC_PINS = {"mako": "1.3.10", "markupsafe": "3.0.3"}

# the SDK's client is created and nothing is sent: the default httpx client is built in the constructor
OPENAI_CHECK = "python -c \"import openai; openai.OpenAI(api_key='x')\""
ANTHROPIC_CHECK = "python -c \"import anthropic; anthropic.Anthropic(api_key='x')\""
GROQ_CHECK = "python -c \"import groq; groq.Groq(api_key='x')\""
# a requests GET replayed from a hand-written cassette (record_mode none: nothing leaves the process)
VCR_CHECK = ("python -c \"import os, tempfile, yaml, requests, vcr; p = os.path.join(tempfile.mkdtemp(), 'c.yaml'); "
             "open(p, 'w').write(yaml.safe_dump({'version': 1, 'interactions': [{'request': {'body': None, 'headers': {}, "
             "'method': 'GET', 'uri': 'http://x.test/'}, 'response': {'body': {'string': 'ok'}, "
             "'headers': {'Content-Length': ['2']}, 'status': {'code': 200, 'message': 'OK'}}}]})); "
             "exec('with vcr.use_cassette(p, record_mode=\\\"none\\\"):\\n assert requests.get(\\\"http://x.test/\\\").text == \\\"ok\\\"')\"")
# checks run in a network namespace whose loopback is down: bring it up (where allowed) for a server on 127.0.0.1
LOOPBACK_UP = ("import fcntl, socket, struct; s = socket.socket(); "
               "f = struct.unpack('16sH', fcntl.ioctl(s, 0x8913, struct.pack('16sH14x', b'lo', 0))[:18])[1]; "
               "f & 1 or fcntl.ioctl(s, 0x8914, struct.pack('16sH14x', b'lo', f | 1)); ")
# serve the handler class H (defined just before) on 127.0.0.1, port in srv.server_port, in a daemon thread
SERVE_H = ("srv = http.server.HTTPServer(('127.0.0.1', 0), H); threading.Thread(target=srv.serve_forever, daemon=True).start(); ")
# a local server answering every GET with "ok" (needs http.server and threading imported)
SERVE_OK = ("H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_GET': lambda s: (s.send_response(200), "
            "s.send_header('Content-Length', '2'), s.end_headers(), s.wfile.write(b'ok')), 'log_message': lambda *a: None}); "
            + SERVE_H)
# two GETs of a cacheable response from a local server through CacheControl, the second from the cache
CACHECONTROL_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading, requests, cachecontrol; "
                      "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_GET': lambda s: (s.send_response(200), "
                      "s.send_header('Cache-Control', 'max-age=600'), s.send_header('Content-Length', '2'), s.end_headers(), "
                      "s.wfile.write(b'ok')), 'log_message': lambda *a: None}); "
                      + SERVE_H +
                      "u = 'http://127.0.0.1:%d/' % srv.server_port; sess = cachecontrol.CacheControl(requests.Session()); "
                      "assert sess.get(u).text == 'ok'; r = sess.get(u); assert r.text == 'ok' and r.from_cache, r\"")

MARSHMALLOW_ENUM_CHECK = ("python -c \"import enum, marshmallow as m; from marshmallow_enum import EnumField; "
                          "E = enum.Enum('E', 'A B'); S = type('S', (m.Schema,), {'e': EnumField(E)}); "
                          "assert S().load({'e': 'A'}) == {'e': E.A}; assert 'e' in S().validate({'e': 'C'})\"")
OPENAPI_SCHEMA_VALIDATOR_CHECK = ("python -c \"from openapi_schema_validator import validate, OAS30Validator; "
                                  "validate({'a': None}, {'type': 'object', 'properties': {'a': {'type': 'integer', "
                                  "'nullable': True}}}, cls=OAS30Validator)\"")

MARSHMALLOW_SQLALCHEMY_CHECK = ("python -c \"import sqlalchemy as sa; from sqlalchemy.orm import declarative_base; "
                               "from marshmallow_sqlalchemy import SQLAlchemyAutoSchema; B = declarative_base(); "
                               "T = type('T', (B,), {'__tablename__': 't', 'id': sa.Column(sa.Integer, primary_key=True), "
                               "'n': sa.Column(sa.String)}); S = type('S', (SQLAlchemyAutoSchema,), {'Meta': type('Meta', (), {'model': T})}); "
                               "assert S().dump(T(id=1, n='a')) == {'id': 1, 'n': 'a'}\"")
MSA_PINS = {"sqlalchemy": "1.4.54"}  # allowed by every marshmallow-sqlalchemy release of the rule and by 1.0.0

APISPEC_CHECK = ("python -c \"import marshmallow as m; from apispec import APISpec; from apispec.ext.marshmallow import MarshmallowPlugin; "
                 "s = APISpec('t', '1', '3.0.2', plugins=[MarshmallowPlugin()]); "
                 "S = type('S', (m.Schema,), {'a': m.fields.Int(load_default=1), 'b': m.fields.List(m.fields.Str())}); "
                 "s.components.schema('S', schema=S); s.path('/p', operations={'get': {'responses': {'200': "
                 "{'content': {'application/json': {'schema': S}}}}}}); assert 'S' in str(s.to_dict())\"")

HTTPIE_CHECK = "http --offline --print=H GET http://127.0.0.1:1/x"
APSCHEDULER_CHECK = ("python -c \"from apscheduler.schedulers.background import BackgroundScheduler; "
                     "s = BackgroundScheduler(); s.add_job(print, 'interval', seconds=60); s.start(); s.shutdown()\"")
SSHTUNNEL_CHECK = ("python -c \"import os, tempfile, paramiko, sshtunnel; p = os.path.join(tempfile.mkdtemp(), 'id_rsa'); "
                   "paramiko.RSAKey.generate(2048).write_private_key_file(p); "
                   "sshtunnel.SSHTunnelForwarder(('127.0.0.1', 1), ssh_username='u', ssh_pkey=p, "
                   "remote_bind_address=('127.0.0.1', 2))\"")
CLICK_REPL_CHECK = "python -c \"import click, click_repl; g = click.Group('g'); click_repl.register_repl(g)\""
RICH_CLICK_CHECK = ("python -c \"import rich_click as click; f = click.command()(click.option('--name', help='n')(lambda name: None)); "
                    "f.main(['--help'], standalone_mode=False)\"")
CLOUP_CHECK = ("python -c \"import cloup; f = cloup.command()(cloup.argument('x', help='an x')(cloup.option_group('G', "
               "cloup.option('--a', help='an a'))(lambda x, a: None))); f.main(['--help'], standalone_mode=False)\"")

M2R_CHECK = "python -c 'import m2r; m2r.M2R()(\"# hi\")'"
MDX_MATH_CHECK = "python -c 'import markdown; markdown.markdown(\"$$x$$\", extensions=[\"mdx_math\"])'"
MD_INCLUDE_CHECK = ("python -c 'import markdown; from markdown_include.include import MarkdownInclude; "
                    "markdown.markdown(\"x\", extensions=[MarkdownInclude()])'")
SANE_LISTS_CHECK = "python -c 'import markdown; markdown.markdown(\"- a\\n  - b\", extensions=[\"mdx_truly_sane_lists\"])'"
NBCONVERT_HTML_CHECK = ("python -c 'import nbconvert, nbformat; "
                        "nbconvert.HTMLExporter().from_notebook_node(nbformat.v4.new_notebook())'")
# nbconvert 6.2-6.4 also break with bleach 5 (learned layer) and need traitlets' ipython_genutils (traitlets 5.0.x
# brings it): both pinned so that only Jinja2 differs
M2R2_CHECK = "python -c 'import m2r2; m2r2.convert(\"# hi\")'"
# m2r2 imports pkg_resources without declaring setuptools, and fails on docutils 0.19 (learned layer) first
M2R2_PINS = {"docutils": "0.18.1", "setuptools": "81.0.0"}
# m2r2 0.2.4 also breaks with mistune 2 (its own rule) and docutils 0.19: both stay below, setuptools varies
M2R2_OLD_PINS = {"mistune": "0.8.4", "docutils": "0.18.1"}
# ipykernel's execute entry point, in process: a kernel over loopback ZMQ sockets cannot start in the network-isolated check
IPYKERNEL_CHECK = ("python -c \"from ipykernel.inprocess.manager import InProcessKernelManager; import inspect, asyncio; "
                   "km = InProcessKernelManager(); km.start_kernel(); r = km.kernel.do_execute('x = 1 + 1', False); "
                   "r = r.result() if hasattr(r, 'result') else "
                   "(asyncio.new_event_loop().run_until_complete(r) if inspect.isawaitable(r) else r); "
                   "assert r['status'] == 'ok', r; assert km.kernel.shell.user_ns['x'] == 2\"")
# ipykernel 5.0-5.3 import ipython_genutils without declaring it (traitlets 5.1+ no longer brings it), hence the root
IPYKERNEL_PINS = {"ipython-genutils": "0.2.0", "jupyter-client": "6.1.12", "traitlets": "5.14.3"}
NBCONVERT_PINS = {"bleach": "4.1.0", "mistune": "0.8.4", "traitlets": "5.0.5", "markupsafe": "2.1.5"}

GENSIM_CHECK = ("python -c \"import gensim; from gensim.models import Word2Vec; "
                "Word2Vec([['a', 'b', 'c']] * 10, min_count=1, vector_size=8)\"")
STATSMODELS_CHECK = ("python -c \"import numpy as np, statsmodels.api as sm; x = np.arange(10.); "
                     "sm.OLS(2 * x + 1, sm.add_constant(x)).fit(); import statsmodels.tsa.api\"")
STATSMODELS_SCIPY_PINS = {"numpy": "1.26.4", "pandas": "1.5.3"}
STATSMODELS_PANDAS_PINS = {"numpy": "2.2.6", "scipy": "1.15.3"}
STATSMODELS_PANDAS_OLD_PINS = {"numpy": "1.26.4", "scipy": "1.15.3"}  # 0.13.3 is built against NumPy 1
UMAP_CHECK = ("python -c \"import numpy as np, umap; "
              "umap.UMAP(n_neighbors=5, n_epochs=20).fit_transform(np.random.RandomState(0).rand(40, 4))\"")
UMAP_PINS = {"numpy": "2.2.6", "scipy": "1.15.3", "setuptools": "80.9.0"}  # umap-learn 0.5.4 imports pkg_resources
HDBSCAN_CHECK = ("python -c \"import numpy as np, hdbscan; "
                 "hdbscan.HDBSCAN(min_cluster_size=5).fit(np.random.RandomState(0).rand(60, 3))\"")
HDBSCAN_PINS = {"numpy": "1.26.4", "scipy": "1.15.3"}  # hdbscan 0.8.36 is built against NumPy 1
PMDARIMA_CHECK = ("python -c \"import numpy as np, pmdarima as pm; y = np.sin(np.arange(60) / 3.) + np.arange(60) * .1; "
                  "pm.auto_arima(y, seasonal=False, max_p=2, max_q=2, suppress_warnings=True).predict(3)\"")
# pmdarima 2.1.0 needs statsmodels >= 0.14.5; 2.0.2 imports pkg_resources; 2.0.x is built against NumPy 1
PMDARIMA_PINS = {"numpy": "1.26.4", "scipy": "1.15.3", "statsmodels": "0.14.5", "pandas": "2.2.3", "setuptools": "80.9.0"}

# Flask extensions that import the context stacks Flask 3.0 removed: each check builds the extension on an app
FLASK_BABELEX_CHECK = ("python -c \"import flask, flask_babelex as b; app = flask.Flask('x'); b.Babel(app); "
                       "app.test_request_context().push(); assert b.gettext('hi') == 'hi'\"")
FLASK_GRAVATAR_CHECK = ("python -c \"import flask, flask_gravatar as g; app = flask.Flask('x'); gr = g.Gravatar(app); "
                        "app.test_request_context().push(); assert 'gravatar.com/avatar/' in gr('a@b.c')\"")
FLASK_SEASURF_CHECK = ("python -c \"import flask, flask_seasurf as s; app = flask.Flask('x'); app.secret_key = 'k'; "
                       "s.SeaSurf(app); app.route('/')(lambda: 'ok'); r = app.test_client().get('/'); "
                       "assert r.status_code == 200, r.status_code\"")
FLASK_MOBILITY_CHECK = ("python -c \"import flask, flask_mobility as m; app = flask.Flask('x'); m.Mobility(app); "
                        "app.route('/')(lambda: 'ok'); r = app.test_client().get('/', headers={'User-Agent': 'iPhone'}); "
                        "assert r.status_code == 200, r.status_code\"")
FLASK_MYSQL_CHECK = ("python -c \"import flask, flaskext.mysql as m; app = flask.Flask('x'); db = m.MySQL(app); "
                     "app.app_context().push()\"")
# a stream connection to a closed local port: websockets' own connect() either refuses (OSError, expected) or raises
# the TypeError of the removed extra_headers before any network I/O
ALPACA_STREAM_CHECK = ("python -c \"import asyncio; from alpaca.data.live import StockDataStream; "
                       "s = StockDataStream('k', 's', url_override='ws://127.0.0.1:9'); "
                       "exec('try: asyncio.run(s._connect())\\nexcept OSError: pass')\"")
FLASK_RBAC_CHECK = "python -c \"import flask, flask_rbac; flask_rbac.RBAC(flask.Flask('x'))\""
# testing=True propagates the request's exception instead of answering 500
FLASK_LOG_REQUEST_ID_CHECK = ("python -c \"import flask, flask_log_request_id as l; app = flask.Flask('x'); "
                              "app.testing = True; l.RequestID(app); app.route('/')(lambda: l.current_request_id()); "
                              "r = app.test_client().get('/'); assert r.status_code == 200, r.status_code\"")
FLASK_REDOC_CHECK = "python -c \"import flask, flask_redoc; flask_redoc.Redoc(flask.Flask('x'))\""
# the Redis client is built lazily: no server is contacted
FLASK_AND_REDIS_CHECK = ("python -c \"import flask, flask_redis; app = flask.Flask('x'); r = flask_redis.Redis(app); "
                         "app.app_context().push(); assert r.connection is not None\"")

# prophet fits a tiny daily series end to end (bundled CmdStan model, no network); cmdstanpy pinned to 1.2.4
# because cmdstanpy 1.3 rejects the CmdStan tree prophet 1.1.x bundles (no makefile), whatever the numpy
PROPHET_FIT = ("python -c \"import numpy as np, pandas as pd; from prophet import Prophet; "
               "df = pd.DataFrame({'ds': pd.date_range('2020-01-01', periods=60), 'y': np.arange(60.0)}); "
               "Prophet().fit(df).predict(df.head(3))\"")
PROPHET_PINS = {"pandas": "2.3.3", "cmdstanpy": "1.2.4"}
BOKEH_SAVE = ("MPLBACKEND=Agg python -c \"import os, tempfile; from bokeh.plotting import figure, output_file, save; "
              "p = figure(); p.line([1, 2, 3], [4, 5, 6]); "
              "output_file(os.path.join(tempfile.mkdtemp(), 'x.html')); save(p)\"")
PDR_IMPORT = "python -c 'import pandas_datareader.data as web; web.DataReader'"
# pandas-datareader imports six without declaring it; python-dateutil 2.9.0.post0 still brings six (4.0 does not)
PDR_PINS = {"python-dateutil": "2.9.0.post0"}
QUANTSTATS_METRICS = ("MPLBACKEND=Agg python -c \"import numpy as np, pandas as pd, quantstats as qs; "
                      "s = pd.Series(np.random.RandomState(0).normal(0.001, 0.01, 300), "
                      "index=pd.bdate_range('2020-01-01', periods=300)); "
                      "qs.reports.metrics(s, mode='full', display=False)\"")

# pylint with a plugin on a one-line file; pylint's output ends with the score, so on failure the check ends with the
# error line instead (a stable signature). pylint-quotes must report the double-quoted string (C4001)
PYLINT_QUOTES_CHECK = ("cd \"$(mktemp -d)\" && printf 'X = \"a\"\\n' > x.py && { pylint --load-plugins pylint_quotes "
                       "--disable=all --enable=invalid-string-quote --string-quote=single x.py > log 2>&1; "
                       "grep -q C4001 log || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }")
PYLINT_PYTEST_CHECK = ("cd \"$(mktemp -d)\" && printf 'import pytest\\n\\n\\n@pytest.fixture\\ndef one():\\n    return 1\\n"
                       "\\n\\ndef test_x(one):\\n    assert one == 1\\n' > test_x.py && "
                       "{ pylint --load-plugins pylint_pytest --disable=all --enable=unused-import test_x.py" + PYTEST_ERROR)
PYLINT_PYTEST_PINS = {"pytest": "8.3.5"}
# flake8 on a clean one-line module: plugins register their options at start-up (flake8 6 dropped optparse-style types)
FLAKE8_CHECK = "cd \"$(mktemp -d)\" && printf 'import os\\n\\nprint(os.sep)\\n' > x.py && { flake8 x.py" + PYTEST_ERROR
# pytest on a one-test module: --flake8 runs flake8 through its Application internals, --workers through pytest-parallel
PYTEST_FLAKE8_CHECK = ("cd \"$(mktemp -d)\" && printf 'def test_x():\\n    assert True\\n' > test_a.py && "
                       "{ python -m pytest -q -p no:cacheprovider --flake8 test_a.py" + PYTEST_ERROR)
PYTEST_FLAKE8_PINS = {"pytest": "7.4.4"}  # pytest-flake8 1.0.x also break with pytest >= 7.2 (the py module)
PYTEST_PARALLEL_CHECK = ("cd \"$(mktemp -d)\" && printf 'def test_x():\\n    assert True\\n' > test_a.py && "
                         "{ python -m pytest -q -p no:cacheprovider --workers 1 test_a.py" + PYTEST_ERROR)
# flake8-bandit 2.1 needs a bandit before 1.7.3 (a BanditNodeVisitor without metrics), and that bandit imports pbr
# without declaring it, hence roots=("pbr",)
FLAKE8_BANDIT_OLD_PINS = {"bandit": "1.7.2", "pbr": "7.1.3"}
FLAKE8_BANDIT_PINS = {"bandit": "1.9.4", "pbr": "7.1.3"}

# hashes of a blank image (each shrinks it first); imagehash 0.3 uses np.int (NumPy < 1.24), and 4.3.0 imports six
# without declaring it, hence roots=("six",)
IMAGEHASH_CHECK = ("python -c \"import imagehash, PIL.Image as I; im = I.new('RGB', (64, 64)); "
                   "imagehash.average_hash(im); imagehash.phash(im); imagehash.dhash(im)\"")
IMAGEHASH_OLD_PINS = {"numpy": "1.23.5", "scipy": "1.10.1"}
CAPTCHA_CHECK = "python -c \"from captcha.image import ImageCaptcha; ImageCaptcha().generate('1234')\""
# render() returns the Pillow image (older releases' write() expects bytes from the writer)
BARCODE_IMAGE_CHECK = ("python -c \"import barcode; from barcode.writer import ImageWriter; "
                       "barcode.get('ean13', '590123412345', writer=ImageWriter()).render()\"")
# a resized ColorClip renders one frame; MoviePy 2 renamed moviepy.editor away and resize to resized
MOVIEPY_RESIZE_CHECK = ("python -c \"import importlib.util as u; new = u.find_spec('moviepy.editor') is None; "
                        "mp = __import__('moviepy' if new else 'moviepy.editor', fromlist=['ColorClip']); "
                        "c = mp.ColorClip((64, 48), color=(255, 0, 0), duration=0.1); "
                        "(c.resized if new else c.resize)(width=32).get_frame(0)\"")
PILKIT_CHECK = ("python -c \"from PIL import Image; from pilkit.processors import ResizeToFill, ResizeToFit; "
                "im = Image.new('RGB', (64, 48)); ResizeToFill(16, 16).process(im); ResizeToFit(16, 16).process(im)\"")
# fabulous sizes text to the terminal (no TTY in the check): the width is set on its Term class
FABULOUS_TEXT_CHECK = ("python -c \"from fabulous import utils, text; type(utils.term).width = 80; "
                       "str(text.Text('hi', fsize=12))\"")
# the default (PIL) engine makes a cropped 16x16 thumbnail of an in-memory image under configured Django settings
SORL_ENGINE_CHECK = ("python -c \"from django.conf import settings; settings.configure(); import django; django.setup(); "
                     "from PIL import Image; from sorl.thumbnail.engines.pil_engine import Engine; "
                     "Engine().create(Image.new('RGB', (64, 48)), (16, 16), {'crop': 'center', 'upscale': False, "
                     "'cropbox': None, 'rounded': None, 'blur': None, 'padding': None, 'padding_color': '#fff', "
                     "'orientation': False, 'colorspace': 'RGB', 'format': 'JPEG', 'quality': 95, 'progressive': True, "
                     "'image_info': {}})\"")
EASY_THUMBNAILS_CHECK = ("python -c \"from django.conf import settings; settings.configure(); import django; "
                         "django.setup(); from PIL import Image; from easy_thumbnails.processors import scale_and_crop; "
                         "scale_and_crop(Image.new('RGB', (64, 48)), (16, 16), crop=True)\"")
# a PNG file written (to the temporary directory) by faker-file's Pillow-only image generator
FAKER_FILE_PIL_CHECK = ("python -c \"from faker import Faker; from faker_file.providers.png_file import PngFileProvider; "
                        "from faker_file.providers.image.pil_generator import PilImageGenerator; f = Faker(); "
                        "f.add_provider(PngFileProvider); f.png_file(image_generator_cls=PilImageGenerator)\"")
ROBOHASH_CHECK = ("python -c \"from robohash import Robohash; r = Robohash('stackwise'); "
                  "r.assemble(roboset='set1', sizex=100, sizey=100)\"")

SPECTREE_CHECK = ("python -c \"from pydantic import BaseModel; import spectree; "
                  "M = type('M', (BaseModel,), {'__annotations__': {'n': int}}); print(spectree.__name__, M(n=1))\"")
FASTAPI_JWT_AUTH_CHECK = ("python -c \"from fastapi import FastAPI; from fastapi_jwt_auth import AuthJWT; "
                          "from pydantic import BaseModel; "
                          "S = type('S', (BaseModel,), {'__annotations__': {'authjwt_secret_key': str}, 'authjwt_secret_key': 'k'}); "
                          "AuthJWT.load_config(lambda: S()); FastAPI()\"")
FASTAPI_JWT_AUTH_PINS = {"fastapi": "0.100.0", "pyjwt": "1.7.1"}  # fastapi 0.100.0 allows pydantic 1.10 and 2.0.2+ (not 2.0, 2.0.1)
PYDANTIC_FACTORIES_CHECK = ("python -c \"from pydantic import BaseModel; from pydantic_factories import ModelFactory; "
                            "P = type('P', (BaseModel,), {'__annotations__': {'name': str, 'age': int}}); "
                            "F = type('F', (ModelFactory,), {'__model__': P}); assert isinstance(F.build().age, int)\"")
ENVIRONS_CHECK = ("python -c \"import os; os.environ.update(X='3', U='https://example.com/x'); from environs import Env; e = Env(); "
                  "assert e.int('X') == 3 and e.url('U').netloc == 'example.com' and e.str('Y', 'd') == 'd'\"")
WEBARGS_CHECK = ("python -c \"from webargs import fields; from webargs.core import Parser; Parser(); "
                 "assert fields.Int(required=True).required\"")
QUART_SCHEMA_CHECK = "python -c \"import quart, quart_schema; quart_schema.QuartSchema(quart.Quart('x'))\""
QUART_SCHEMA_PINS = {"quart": "0.22.0"}  # quart-schema 0.13 to 0.17 import with it; older ones need Quart < 0.19
ASYNC_FASTAPI_JWT_AUTH_CHECK = FASTAPI_JWT_AUTH_CHECK.replace("from fastapi_jwt_auth", "from async_fastapi_jwt_auth")
ASYNC_FASTAPI_JWT_AUTH_PINS = {"fastapi": "0.100.1", "pyjwt": "2.8.0"}  # what 0.6 requires; 0.5.1 allows it too
PYFA_CONVERTER_CHECK = ("python -c \"from fastapi import FastAPI; from pydantic import BaseModel; from pyfa_converter import FormDepends; "
                        "M = type('M', (BaseModel,), {'__annotations__': {'n': int}}); app = FastAPI(); "
                        "app.post('/')(lambda m=FormDepends(M): m)\"")
PYFA_CONVERTER_PINS = {"fastapi": "0.100.1", "python-multipart": "0.0.5"}  # fastapi 0.100 allows pydantic 1.10 and 2.0.2+

MNE_RAW_CHECK = ("python -c \"import numpy as np, mne; "
                 "mne.io.RawArray(np.zeros((2, 100)), mne.create_info(['a', 'b'], 100., 'eeg'))\"")
MNE_SCIPY_PINS = {"numpy": "1.26.4", "matplotlib": "3.8.4"}
# building the model loads the Stan backend: cmdstanpy validates the CmdStan tree prophet bundles
PROPHET_BACKEND_CHECK = "python -c 'from prophet import Prophet; Prophet()'"
PROPHET_CMDSTANPY_PINS = {"numpy": "1.26.4", "pandas": "2.3.3"}  # prophet 1.1.3-1.1.5 do not run with NumPy 2
SISL_CHECK = "python -c 'import sisl; sisl.geom.graphene().tile(2, 0)'"
KYMATIO_CHECK = ("python -c \"import numpy as np; from kymatio.numpy import Scattering1D; "
                 "Scattering1D(J=3, shape=64)(np.zeros(64))\"")
DIPY_SH_CHECK = ("python -c \"import dipy.reconst.shm as shm; from dipy.core.sphere import unit_octahedron as o; "
                 "shm.real_sh_descoteaux(4, o.theta, o.phi)\"")
SCIPY_117_PINS = {"numpy": "1.26.4"}  # the older consumers are built against NumPy 1
SPAUDIOPY_SH_CHECK = "MPLBACKEND=Agg python -c 'import spaudiopy as spa; spa.sph.sh_matrix(2, [0., 1.], [1., 2.])'"
SPAUDIOPY_PINS = {"numpy": "1.26.4", "matplotlib": "3.8.4"}

ALTAIR_PANDAS_CHECK = ("python -c \"import altair as alt, pandas as pd; "
                       "alt.Chart(pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})).mark_point().encode(x='a', y='b').to_dict()\"")
ALTAIR_PANDAS_PINS = {"numpy": "1.26.4", "jsonschema": "4.17.3"}
ALTAIR_PANDAS3_PINS = {"numpy": "2.2.6", "jsonschema": "4.17.3"}
SEABORN_PANDAS_CHECK = ("MPLBACKEND=Agg python -c \"import pandas as pd, seaborn as sns; "
                        "df = pd.DataFrame({'a': [1.0, 2, 3, 4], 'b': list('xyxy')}); "
                        "sns.histplot(df, x='a'); sns.kdeplot(data=df, x='a')\"")
# seaborn 0.12 needs no SciPy (0.11.2 does: its stacks pin it)
SEABORN_PANDAS_PINS = {"numpy": "1.26.4", "matplotlib": "3.8.4"}
SEABORN_PANDAS3_PINS = {"numpy": "2.2.6", "matplotlib": "3.8.4"}
LIFELINES_PANDAS_CHECK = ("python -c \"import pandas as pd; from lifelines import KaplanMeierFitter, CoxPHFitter; "
                          "df = pd.DataFrame({'T': [5, 6, 6, 2.5, 4, 4, 3, 7], 'E': [1, 0, 0, 1, 1, 1, 0, 1], "
                          "'x': [1, 2, 3, 4, 5, 6, 7, 9.0]}); KaplanMeierFitter().fit(df['T'], df['E']); "
                          "CoxPHFitter().fit(df, 'T', 'E').summary\"")
LIFELINES_PANDAS_PINS = {"numpy": "1.26.4", "scipy": "1.13.1"}
LIFELINES_PANDAS3_PINS = {"numpy": "2.2.6", "scipy": "1.13.1"}
SIDETABLE_CHECK = ("python -c \"import pandas as pd, sidetable; "
                   "pd.DataFrame({'a': list('xxyz'), 'b': [1, 2, 3, 4]}).stb.subtotal()\"")

# ansible's core filter plugin (loaded for every play) imports, then Templar renders a template with one of its filters,
# as every playbook task does (no host, no network); 2.9.0 only warns on the failed import, so the import comes first
ANSIBLE_FILTER_CHECK = ("python -c \"import ansible.plugins.filter.core; "
                        "from ansible.template import Templar; from ansible.parsing.dataloader import DataLoader; "
                        "print(Templar(loader=DataLoader()).template(\\\"{{ 'a' | regex_replace('a', 'b') }}\\\"))\"")
MARKUPSAFE = {"markupsafe": "2.1.5"}
# a Jinja2 environment with the extension renders one of its filters
JINJA2_ANSIBLE_FILTERS_CHECK = ("python -c \"import jinja2; e = jinja2.Environment(extensions=['jinja2_ansible_filters.AnsibleCoreFiltersExtension']); "
                                "assert e.from_string(\\\"{{ 'a' | regex_replace('a', 'b') }}\\\").render() == 'b'\"")
JSGLUE_CHECK = "python -c \"import flask, flask_jsglue; flask_jsglue.JSGlue(flask.Flask('x'))\""
FLASK22_PINS = {"flask": "2.2.5", "werkzeug": "2.2.3"}  # the last Flask before 2.3 removed what old extensions use
FLASK233_WZ23_PINS = {"flask": "2.3.3", "werkzeug": "2.3.8"}  # the last Flask and Werkzeug before 3.0
FLASK22_CLICK8_PINS = {**FLASK22_PINS, "markupsafe": "2.1.5", "click": "8.1.7"}
FLASK_ADMIN_CHECK = "python -c \"import flask, flask_admin; flask_admin.Admin(flask.Flask('x'))\""
FLASK_MOMENT_CHECK = "python -c \"import flask, flask_moment; flask_moment.Moment(flask.Flask('x'))\""
FLASK_PAGEDOWN_CHECK = "python -c \"import flask, flask_pagedown; flask_pagedown.PageDown(flask.Flask('x'))\""

DASK_DATAFRAME_CHECK = ("python -c \"import dask.dataframe as dd, pandas as pd; "
                        "s = dd.from_pandas(pd.DataFrame({'a': ['x', 'y']}), npartitions=1).a; "
                        "assert list(s.str.upper().compute()) == ['X', 'Y']\"")
DASK_PANDAS_PINS = {"numpy": "1.26.4"}  # pandas 3 needs NumPy 2, which these dask releases fail on first
DASK_ARRAY_CHECK = "python -c 'import dask.array as da; assert da.ones(4, chunks=2).round(1).sum().compute() == 4'"

# ruamel.yaml 0.18.0 and 0.18.1 warn (DeprecationWarning, shown with -W default) and exit 1, later releases raise
# AttributeError with the message on its second line: the check ends with the removed function's name instead
RUAMEL_REMOVED = (" > log 2>&1 || { grep -m1 -o '[a-z_]*(*)*\"* has been removed' log | tr -d '\"()'; exit 1; }; }")
CRAFTER_CHECK = "cd \"$(mktemp -d)\" && { python -W default -c 'import crafter'" + RUAMEL_REMOVED
CONFIGHT_CHECK = ("cd \"$(mktemp -d)\" && printf 'a:\\n  b: 1\\n' > c.yaml && "
                  "{ python -W default -c \"import confight; assert confight.parse('c.yaml') == {'a': {'b': 1}}\"" + RUAMEL_REMOVED)
# setuptools 81.0.0, the last with pkg_resources (setuptools 82 removed it): for consumers that import it without
# declaring setuptools (confight before 1.3, tailon, twine before 3.4, pyowm, flake8-import-order 0.12-0.18.x, ...)
SETUPTOOLS_PKG = {"setuptools": "81.0.0"}
# what tailon -c CONFIG does first (the server itself is not started)
TAILON_CHECK = ("cd \"$(mktemp -d)\" && printf 'files:\\n  - /var/log/x.log\\n' > c.yaml && "
                "python -c \"from tailon.main import parseconfig; parseconfig(open('c.yaml'))\"")
# yamkix's CLI on a commented file (comments.py is imported at start-up)
YAMKIX_CHECK = ("cd \"$(mktemp -d)\" && printf 'a: 1  # c\\n' > in.yaml && yamkix -i in.yaml -o out.yaml "
                "&& grep -q '# c' out.yaml")
# a YapconfSpec loading its one value from a YAML file source
YAPCONF_CHECK = ("cd \"$(mktemp -d)\" && printf 'a: 1\\n' > c.yaml && { python -W default -c \"from yapconf import YapconfSpec; "
                 "s = YapconfSpec({'a': {'type': 'int'}}); s.add_source('f', 'yaml', filename='c.yaml'); "
                 "assert s.load_config('f').a == 1\"" + RUAMEL_REMOVED)
# what lpad does first: a LaunchPad read from my_launchpad.yaml (pymongo's client is built, nothing is connected)
FIREWORKS_LPAD_CHECK = ("cd \"$(mktemp -d)\" && printf 'host: localhost\\nport: 27017\\nname: fw\\n' > my_launchpad.yaml && "
                        "{ python -W default -c \"from fireworks import LaunchPad; "
                        "assert LaunchPad.from_file('my_launchpad.yaml').name == 'fw'\"" + RUAMEL_REMOVED)

# flake8 with flake8-import-order's google style on a module whose imports are out of order: the plugin must report
# I100; flake8's output on a plugin that fails to load is a chained traceback, so on failure the check ends with the
# first error line. flake8-import-order does not depend on flake8, and 0.11 and older not on setuptools, hence
# roots=("flake8", "setuptools")
FLAKE8_IMPORT_ORDER_CHECK = ("cd \"$(mktemp -d)\" && printf 'import sys\\nimport os\\n\\nprint(os.sep, sys.argv)\\n' > x.py && "
                             "{ flake8 --select=I --import-order-style=google x.py > log 2>&1; "
                             "grep -q I100 log || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }")
# the safety command imports safety.safety (and with it packaging.version.LegacyVersion) before it parses its arguments
SAFETY_VERSION_CHECK = "safety --version"
# pylint's jsonextended reporter from pylint-json2html on a one-line module with an unused import: the JSON must name
# the message; on failure the check ends with the error line
PYLINT_JSON2HTML_CHECK = ("cd \"$(mktemp -d)\" && printf 'import os\\n' > x.py && { pylint --load-plugins=pylint_json2html "
                          "--output-format=jsonextended --disable=all --enable=unused-import x.py > log 2>&1; "
                          "grep -q unused-import log || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }")
# pythonfinder's Finder looks python up on PATH (the inspection environment's own interpreter)
PYTHONFINDER_CHECK = "python -c \"from pythonfinder import Finder; print(Finder().which('python'))\""
# pylint with pylint-protobuf on a one-line module with an unused import (W0611 must be reported); releases before
# 0.15 do not declare protobuf, which the plugin imports, hence roots=("protobuf",)
PYLINT_PROTOBUF_CHECK = ("cd \"$(mktemp -d)\" && printf 'import os\\n' > x.py && { pylint --load-plugins=pylint_protobuf "
                         "--disable=all --enable=unused-import x.py > log 2>&1; "
                         "grep -q W0611 log || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }")
PYLINT_PROTOBUF_PINS = {"protobuf": "4.25.8"}  # pylint-protobuf 0.18-0.19 also fail with protobuf 7 (FieldDescriptor)
# pylint with pylint-print on a module that calls print() (print-function, W8201, must be reported), and with
# pylint-enums on a module with an Enum class whose value is not annotated (W5501)
PYLINT_PRINT_CHECK = ("cd \"$(mktemp -d)\" && printf 'print(1)\\n' > x.py && { pylint --load-plugins=pylint_print "
                      "--disable=all --enable=W8201 x.py > log 2>&1; "
                      "grep -q W8201 log || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }")
PYLINT_ENUMS_CHECK = ("cd \"$(mktemp -d)\" && printf 'import enum\\n\\n\\nclass Color(enum.Enum):\\n    RED = 1\\n' > x.py && "
                      "{ pylint --load-plugins=pylint_enums --disable=all --enable=W5501 x.py > log 2>&1; "
                      "grep -q W5501 log || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }")
# pytest --black on a one-test module: pytest-black's pytest_collect_file hookimpl is validated when the plugin registers
PYTEST_BLACK_CHECK = ("cd \"$(mktemp -d)\" && printf 'def test_x():\\n    assert True\\n' > test_a.py && "
                      "{ python -m pytest -q -p no:cacheprovider --black test_a.py" + PYTEST_ERROR)

IMPEDANCE_CHECK = ("python -c \"import numpy as np; from impedance.models.circuits import CustomCircuit; "
                       "f = np.logspace(5, -1, 30); c = CustomCircuit('R0-p(R1,C1)', initial_guess=[10, 100, 1e-5]); "
                       "c.fit(f, c.predict(f, use_initial=True))\"")
IMPEDANCE_PINS = {"scipy": "1.15.3", "matplotlib": "3.9.4", "altair": "5.4.1", "pandas": "2.2.3"}
FEYNMAN_CHECK = ("python -c \"import matplotlib; matplotlib.use('Agg'); from feynman import Diagram; D = Diagram(); "
                     "D.line(D.vertex(xy=(.2, .5)), D.vertex(xy=(.8, .5)), style='wiggly'); D.plot()\"")
FEYNMAN_PINS = {"matplotlib": "3.9.4"}
PYLETTE_CHECK = ("python -c \"import os, tempfile, numpy as np; from PIL import Image; from Pylette import extract_colors; "
                     "p = os.path.join(tempfile.mkdtemp(), 'i.png'); "
                     "Image.fromarray((np.random.RandomState(0).rand(32, 32, 3) * 255).astype('uint8')).save(p); "
                     "extract_colors(p, palette_size=4)\"")
PYLETTE_PINS = {"pillow": "9.5.0", "scikit-learn": "1.4.2", "scipy": "1.15.3"}
PYNAFF_CHECK = ("python -c \"import numpy as np, PyNAFF as pnf; t = np.arange(3000); "
                    "pnf.naff(np.sin(2 * np.pi * 0.12345 * t), turns=2000, nterms=1)\"")
GCASTLE_CHECK = ("python -c \"from castle.datasets import DAG, IIDSimulation; "
                     "W = DAG.erdos_renyi(n_nodes=6, n_edges=8, weight_range=(0.5, 2.0), seed=1); "
                     "IIDSimulation(W=W, n=200, method='linear', sem_type='gauss')\"")
GCASTLE_PINS = {"numpy": "1.26.4", "scipy": "1.11.4", "pandas": "2.1.4", "scikit-learn": "1.3.2",
                    "matplotlib": "3.8.4"}
COMMUNITIES_CHECK = ("python -c \"import numpy as np; from communities.algorithms import girvan_newman; "
                         "A = np.array([[0, 1, 1, 0, 0, 0], [1, 0, 1, 0, 0, 0], [1, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 1], "
                         "[0, 0, 0, 1, 0, 1], [0, 0, 0, 1, 1, 0]]); girvan_newman(A)\"")
COMMUNITIES3_PINS = {"numpy": "1.26.4", "scipy": "1.11.4", "matplotlib": "3.8.4"}
NIPYPE_CHECK = ("python -c \"import os, tempfile; os.environ['NIPYPE_NO_ET'] = '1'; from nipype import Workflow, Node, Function; "
                    "F = lambda n: Node(Function(input_names=['x'], output_names=['y'], function='def f(x):\\n    return x + 1'), name=n); "
                    "wf = Workflow('wf', base_dir=tempfile.mkdtemp()); a = F('a'); a.inputs.x = 1; wf.connect(a, 'y', F('b'), 'x'); "
                    "wf.run(plugin='MultiProc', plugin_args={'n_procs': 1})\"")
NIPYPE_PINS = {"traits": "6.3.2", "numpy": "1.26.4", "scipy": "1.11.4", "nibabel": "5.2.1"}
TEXTRANK_CHECK = ("python -c \"from textrank4zh import TextRank4Keyword; k = TextRank4Keyword(); "
                      "k.analyze(text='这间酒店位于北京东三环,里面摆放很多雕塑,文艺气息十足!答谢宴于晚上8点开始!', lower=True, window=2); "
                      "k.get_keywords(5, word_min_len=1)\"")
TEXTRANK_PINS = {"numpy": "1.26.4", "scipy": "1.11.4", "jieba": "0.42.1"}

# librosa.beat.beat_track on a click train every half second (the beats are found, then trimmed)
LIBROSA_BEAT_CHECK = ("python -c \"import numpy as np, librosa; sr = 22050; y = np.zeros(5 * sr, dtype=np.float32); "
                      "y[::sr // 2] = 1.0; librosa.beat.beat_track(y=y, sr=sr)\"")
# librosa.display.specshow picks its default colormap through librosa.display.cmap
LIBROSA_SPECSHOW_CHECK = ("MPLBACKEND=Agg python -c 'import numpy as np, librosa.display; "
                          "librosa.display.specshow(np.random.rand(20, 30))'")
# a constant-Q transform of one second of a 440 Hz tone, inverted with icqt
LIBROSA_ICQT_CHECK = ("python -c \"import numpy as np, librosa; sr = 22050; "
                      "y = np.sin(2 * np.pi * 440 * np.arange(sr) / sr); librosa.icqt(librosa.cqt(y, sr=sr), sr=sr)\"")
# librosa 0.10.0-0.10.1 import pkg_resources without declaring setuptools: setuptools 80.9.0 rides along
LIBROSA_PINS = {"numpy": "1.26.4", "numba": "0.60.0", "setuptools": "80.9.0"}
LIBROSA_MPL_PINS = {"numpy": "1.26.4", "numba": "0.60.0", "scipy": "1.11.4", "setuptools": "80.9.0"}
# MFCCs and an STFT of one second of a 440 Hz tone (LIBROSA_ISTFT_CHECK also inverts the STFT)
LIBROSA_STFT_CHECK = ("python -c \"import numpy as np, librosa; y = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050)"
                      ".astype(np.float32); librosa.feature.mfcc(y=y, sr=22050); librosa.stft(y)\"")
LIBROSA_ISTFT_CHECK = ("python -c \"import numpy as np, librosa; y = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050)"
                       ".astype(np.float32); librosa.feature.mfcc(y=y, sr=22050); librosa.istft(librosa.stft(y))\"")
# the rest of librosa's stack for NumPy 1.23.5 to 1.26.4, and for NumPy 2.4.6; setuptools 80.9.0 for pkg_resources
LIBROSA_NP1_PINS = {"scipy": "1.11.4", "scikit-learn": "1.3.2", "numba": "0.58.1", "setuptools": "80.9.0"}
LIBROSA_NP2_PINS = {"scipy": "1.17.1", "scikit-learn": "1.9.1", "numba": "0.68.1", "setuptools": "80.9.0"}
# five generations of a GA minimising the sum of squares of three genes (pygad 2.x fitness functions take two arguments)
PYGAD_CHECK = ("python -c \"import numpy as np, pygad; ga = pygad.GA(num_generations=5, num_parents_mating=2, sol_per_pop=6, "
               "num_genes=3, fitness_func=lambda s, i: -float(np.sum(s ** 2))); ga.run(); ga.best_solution()\"")
PYGAD_PINS = {"matplotlib": "3.10.8"}
# time-domain measures of heartpy's first example recording, then the frequency-domain ones too
HEARTPY_CHECK = ("python -c \"import heartpy as hp; d, t = hp.load_exampledata(0); hp.process(d, 100.0); "
                 "hp.process(d, 100.0, calc_freq=True)\"")
# heartpy imports pkg_resources without declaring setuptools: setuptools 80.9.0 rides along
HEARTPY_PINS = {"scipy": "1.17.1", "matplotlib": "3.10.8", "setuptools": "80.9.0"}

# joypy.joyplot of two groups of made-up values (Agg backend)
JOYPY_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np, pandas as pd, joypy; "
               "df = pd.DataFrame({'a': np.random.default_rng(0).normal(size=100), 'g': ['x', 'y'] * 50}); "
               "fig, axes = joypy.joyplot(df, by='g', column='a'); assert len(axes) == 3\"")
JOYPY_PINS = {"numpy": "2.3.5", "scipy": "1.16.3", "matplotlib": "3.10.8"}

# finta on 200 made-up daily candles: SMA, RSI and MACD, then the KAMA and EVWMA that walk Series.iteritems
FINTA_CHECK = ("python -c \"import numpy as np, pandas as pd; from finta import TA; "
               "i = pd.date_range('2020-01-01', periods=200, freq='D'); r = np.random.default_rng(0); "
               "c = 100 * np.cumprod(1 + r.normal(0, 0.01, 200)); "
               "df = pd.DataFrame({'open': c, 'high': c * 1.01, 'low': c * 0.99, 'close': c, "
               "'volume': r.integers(100, 1000, 200).astype(float)}, index=i); "
               "TA.SMA(df); TA.RSI(df); TA.MACD(df); "
               "assert TA.KAMA(df).notna().sum() > 100 and TA.EVWMA(df).notna().sum() > 100\"")

# adtk: ThresholdAD on an hourly sine, its labels turned into events (to_events), then one more window merged in
ADTK_EVENTS_CHECK = ("python -c \"import numpy as np, pandas as pd; "
                     "from adtk.data import validate_series, validate_events, to_events; from adtk.detector import ThresholdAD; "
                     "s = validate_series(pd.Series(np.sin(np.arange(200) / 5.0), "
                     "index=pd.date_range('2020-01-01', periods=200, freq='h'))); "
                     "ev = to_events(ThresholdAD(high=0.9, low=-0.9).detect(s)); assert len(ev) > 3; "
                     "assert len(validate_events(ev + [(s.index[0], s.index[3])])) > 3\"")
# statsmodels 0.14.6 is the first to import with pandas 3; SciPy 1.15.3 takes NumPy 1.26.4 and 2.3.5
ADTK_PANDAS_PINS = {"matplotlib": "3.10.8", "scikit-learn": "1.5.2", "statsmodels": "0.14.6", "scipy": "1.15.3"}

# pyfolio's performance table (which its simple, returns and full tear sheets show) for 500 made-up business-day returns
PYFOLIO_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np, pandas as pd, pyfolio as pf; "
                 "r = pd.Series(np.random.default_rng(0).normal(0.0005, 0.01, 500), "
                 "index=pd.date_range('2020-01-01', periods=500, freq='B', tz='UTC')); pf.show_perf_stats(r)\"")
# empyrical 0.5.5 needs NumPy 1 (np.NINF) and imports six without declaring it
PYFOLIO_PINS = {"numpy": "1.26.4", "empyrical": "0.5.5", "matplotlib": "3.8.4", "scipy": "1.13.1",
                "scikit-learn": "1.5.2", "seaborn": "0.13.2", "six": "1.17.0"}
SKPLOT_CHECK = "MPLBACKEND=Agg python -c 'import scikitplot'"
# scikit-plot imports six without declaring it (python-dateutil no longer brings it): six rides along
SKPLOT_PINS = {"numpy": "1.26.4", "scikit-learn": "1.5.2", "matplotlib": "3.8.4", "six": "1.17.0"}
# importing symbulate applies the seaborn-colorblind style; then a simulation is summarised
SYMBULATE_CHECK = "MPLBACKEND=Agg python -c 'from symbulate import RV, Normal; RV(Normal(0, 1)).sim(100).mean()'"
SYMBULATE_PINS = {"numpy": "1.26.4", "scipy": "1.11.4"}
# a formatter for a REVTeX preamble (its constructor applies the seaborn-white style; nothing is drawn, no LaTeX needed)
RSMF_CHECK = "python -c 'import rsmf; rsmf.setup(r\"\\documentclass[aps,pra]{revtex4-1}\")'"

# lxml 5.2.0 moved lxml.html.clean into the separate lxml_html_clean project (helper h94)
REQUESTS_HTML_CHECK = ("python -c \"from requests_html import HTML; "
                       "assert HTML(html='<p><a href=/x>y</a></p>').links == {'/x'}\"")
NEWSPAPER_FULLTEXT_CHECK = ("python -c \"import newspaper; "
                            "newspaper.fulltext('<html><body><p>' + 'Some words of text here. ' * 20 + '</p></body></html>')\"")
READABILITY_LXML_CHECK = ("python -c \"from readability import Document; "
                          "Document('<html><body><p>' + 'Some words. ' * 40 + '</p></body></html>').summary()\"")
# html_sanitizer/__init__.py swallows the ImportError of its sanitizer module (users then see only
# "cannot import name 'Sanitizer'"), so the check imports the module that raises it
HTML_SANITIZER_CHECK = ("python -c \"from html_sanitizer.sanitizer import Sanitizer; "
                        "assert Sanitizer().sanitize('<p>x<script>y</script></p>') == '<p>x</p>'\"")
JUSTEXT_CHECK = ("python -c \"import justext; "
                 "justext.justext(b'<html><body><p>' + b'Some words of text here. ' * 20 + b'</p></body></html>', "
                 "justext.get_stoplist('English'))\"")
HTML_TEXT_CHECK = "python -c \"import html_text; t = html_text.extract_text('<p>x</p><p>y</p>'); assert 'x' in t and 'y' in t\""
# pyparsing 3.0.0 removed operatorPrecedence (renamed infixNotation in 1.5.7); the UCS/IMC SDKs build their query
# filter grammar with it when a filter string is parsed (helper h94)
UCSMSDK_FILTER_CHECK = ("python -c \"from ucsmsdk.ucsfilter import generate_infilter; "
                        "generate_infilter('LsServer', '(name, \\\"sp1\\\", type=\\\"eq\\\")', True)\"")
IMCSDK_FILTER_CHECK = ("python -c \"from imcsdk.imcfilter import generate_infilter; "
                       "generate_infilter('AaaUser', '(name, \\\"admin\\\", type=\\\"eq\\\")', True)\"")
# cryptography 37.0.0 removed cryptography.utils.int_from_bytes (deprecated in 3.4) (helper h94)
SECRETSTORAGE_DH_CHECK = ("python -c \"import secretstorage; from secretstorage.dhcrypto import Session; "
                          "s = Session(); s.set_server_public_key(s.my_public_key)\"")
# SecretStorage before 3.3.0 imports jeepney.integrate, which jeepney 0.8.0 removed: those stacks pin jeepney 0.7.1

# pytest --pydocstyle on a one-line module with a docstring (pydocstyle skips test_*.py by default): the plugin's
# item must pass; pydocstyle 6.1.1 pinned where pytest differs (pytest-pydocstyle 2.3.0-2.3.1 break with pydocstyle 6.2)
PYDOCSTYLE_CHECK = ("cd \"$(mktemp -d)\" && printf '\"\"\"Doc.\"\"\"\\n' > a.py && "
                        "{ python -m pytest -q -p no:cacheprovider --pydocstyle a.py" + PYTEST_ERROR)
PYDOCSTYLE_PINS = {"pydocstyle": "6.1.1"}
PYDOCSTYLE_PYTEST = {"pytest": "8.4.2"}  # pytest-pydocstyle 2.2.x already fail with pytest 9.0 (fspath)
# pytest --yapf on a one-test module formatted as yapf wants it
YAPF3_CHECK = ("cd \"$(mktemp -d)\" && printf 'def test_x():\\n    assert True\\n' > test_a.py && "
                   "{ python -m pytest -q -p no:cacheprovider --yapf test_a.py" + PYTEST_ERROR)
# pylint-import-requirements reads install_requires from ./setup.py and must report the import of a distribution it
# does not list (astroid) as missing-requirement (W6667); pylint 2 reports a plugin that fails to import as
# bad-plugin-value (E0013) and lints on, so that message is enabled and ends the check on failure
IMPORT_REQUIREMENTS_CHECK = (
    "cd \"$(mktemp -d)\" && printf 'from setuptools import setup\\nsetup(name=\"x\", py_modules=[\"x\"], "
    "install_requires=[\"isort\"])\\n' > setup.py && printf 'import isort\\nimport astroid\\n\\nprint(isort, astroid)\\n' "
    "> x.py && { pylint --load-plugins=pylint_import_requirements --disable=all "
    "--enable=missing-requirement,bad-plugin-value x.py > log 2>&1; "
    "grep -q W6667 log || { grep -m1 -o -e '[A-Za-z]*Error: .*' -e 'E0013: .*' log; exit 1; }; }")
IMPORT_REQUIREMENTS_PYLINT = {"pylint": "2.17.7"}  # they import IAstroidChecker (pylint 3 removed it)
# pytest --pycodestyle / --isort on a one-test module that both accept (pytest-isort needs the cache provider)
PYCODESTYLE_CHECK = ("cd \"$(mktemp -d)\" && printf 'def test_x():\\n    assert True\\n' > test_a.py && "
                         "{ python -m pytest -q -p no:cacheprovider --pycodestyle test_a.py" + PYTEST_ERROR)
ISORT_CHECK = ("cd \"$(mktemp -d)\" && printf 'import os\\nimport sys\\n\\n\\ndef test_x():\\n    assert os.sep and sys.argv\\n' "
                   "> test_a.py && { python -m pytest -q --isort test_a.py" + PYTEST_ERROR)
FLAKES_CHECK = ("cd \"$(mktemp -d)\" && printf 'def test_x():\\n    assert True\\n' > test_a.py && "
                    "{ python -m pytest -q --flakes test_a.py" + PYTEST_ERROR)

# docs-versions-menu run in a gh-pages-like folder with two version folders (it writes versions.json)
DVM_CHECK = ("cd \"$(mktemp -d)\" && mkdir v1.0 v1.1 && docs-versions-menu > log && "
                 "grep -q '\"latest\": \"v1.1\"' versions.json")
DVM_PINS = {"sphinx": "7.2.6"}
# cve-bin-tool --version exits with status 2 by design (its error handler maps SystemExit to 2): the check reads the output
CVE_CHECK = ("cd \"$(mktemp -d)\" && cve-bin-tool --version > out 2>&1; grep -q '^3\\.' out || { cat out; exit 1; }")
# cve-bin-tool 3.0 and 3.1.1 require pytest (pytest 9 needs packaging>=24); every release imports setuptools (3.0
# pkg_resources) without declaring it, as a Python 3.11 venv provides it
CVE_PINS = {"pytest": "7.4.4", **SETUPTOOLS_PKG}
# TextRank4Sentence.analyze on three Chinese sentences of several words each (a one-word sentence makes textrank4ch's
# similarity divide by zero and its PageRank retry loop never ends)
TEXTRANK4CH_CHECK = ("python -c \"from textrank4ch.TextRank4Sentence import TextRank4Sentence; s = TextRank4Sentence(); "
                         "s.analyze(text='北京的酒店里面摆放很多精美的雕塑。这家酒店的雕塑非常有名，吸引很多游客。游客喜欢在北京的酒店拍照留念。'); "
                         "assert len(s.get_key_sentences(top_k=2)) == 2\"")
TEXTRANK4CH_PINS = {"numpy": "1.26.4", "scipy": "1.11.4", "jieba": "0.42.1", "pandas": "2.1.4"}
# a csrgraph built from a networkx graph (the karate club), then node2vec-style random walks on it
CSRGRAPH_CHECK = ("python -c \"import networkx as nx, csrgraph as cg; G = cg.csrgraph(nx.karate_club_graph()); "
                      "assert G.random_walks(walklen=5, epochs=1).shape == (34, 5)\"")
CSRGRAPH_PINS = {"numpy": "2.4.6", "scipy": "1.17.1", "numba": "0.68.1"}
# hierarchical levels of a four-node directed graph (the networkx input path: adjacency_matrix(...).sum(axis=1).A1)
GRAPHHIERARCHY_CHECK = ("python -c \"import networkx as nx, GraphHierarchy as gh; "
                            "G = nx.DiGraph([(0, 1), (1, 2), (0, 2), (2, 3)]); assert len(gh.hierarchical_levels(G, None)) == 4\"")
GRAPHHIERARCHY_PINS = {"numpy": "1.26.4", "scipy": "1.11.4"}
# python-inspector imports setuptools (setup_py_live_eval) without declaring it, as a Python 3.11 venv provides it
PYTHON_INSPECTOR_CHECK = "python-inspector --help"

# skrub's TableVectorizer on a small mixed DataFrame (importing skrub loads every estimator module)
SKRUB_CHECK = ("python -c \"import pandas as pd, skrub; "
               "skrub.TableVectorizer().fit_transform(pd.DataFrame({'a': ['x', 'y', 'z'], 'b': [1, 2, 3]}))\"")
SKRUB_PINS = {"numpy": "1.26.4", "pandas": "2.2.3", "scipy": "1.13.1"}
# ObsPy's bundled example stream, tapered with the default (Hann) window, then low-pass filtered
OBSPY_TAPER_CHECK = "python -c \"import obspy; st = obspy.read(); st.taper(0.05); st.filter('lowpass', freq=1.0)\""
# obspy 1.4.0 loads its taper windows through pkg_resources entry points: setuptools 80.9.0 keeps pkg_resources
OBSPY_PINS = {"numpy": "1.26.4", "matplotlib": "3.8.4", "setuptools": "80.9.0"}
# dask-ml: its model_selection imported, then a StandardScaler fitted on a small dask array (not dask_ml.linear_model:
# with pyarrow present, dask-ml 2022.5.27-2023.3.24 fail to import it with dask 2024.8 whatever the scikit-learn)
DASKML_CHECK = ("python -c \"import numpy as np, dask.array as da, dask_ml.model_selection, "
                "dask_ml.preprocessing as pp; X = da.from_array(np.random.RandomState(0).rand(40, 2), chunks=20); "
                "pp.StandardScaler().fit_transform(X).compute()\"")
# dask-ml before 2025.1.0 needs a dask that still has the legacy dataframe classes (2024.8.0); 2025.1.0 needs dask>=2025.1.0;
# dask-ml 2022.5.27 imports pkg_resources without declaring setuptools, and dask 2025.1 imports pyarrow: both ride along,
# hence roots=("setuptools", "pyarrow")
DASKML_PINS = {"numpy": "1.26.4", "pandas": "2.2.3", "scipy": "1.13.1", "numba": "0.60.0",
               "dask": "2024.8.0", "distributed": "2024.8.0", "setuptools": "80.9.0", "pyarrow": "18.1.0"}
# scvelo: filter_and_normalize and moments (neighbours, first and second moments) on a small random AnnData
SCVELO_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np, anndata as ad, scipy.sparse as sp, scvelo as scv; "
                "rs = np.random.RandomState(0); s = sp.csr_matrix(rs.poisson(2, (60, 30)).astype(np.float32)); "
                "u = sp.csr_matrix(rs.poisson(1, (60, 30)).astype(np.float32)); "
                "a = ad.AnnData(X=s.copy(), layers={'spliced': s, 'unspliced': u}); "
                "scv.pp.filter_and_normalize(a, n_top_genes=20); scv.pp.moments(a, n_pcs=5, n_neighbors=10)\"")
# scanpy 1.10 changed the neighbours API scvelo 0.3.2 calls (write_knn_indices): scanpy 1.9.8 pinned
SCVELO_PINS = {"numpy": "1.26.4", "pandas": "2.2.3", "scanpy": "1.9.8", "anndata": "0.10.9", "matplotlib": "3.8.4",
               "numba": "0.60.0", "scikit-learn": "1.5.2"}

# what apispec 0.x's Flask, Tornado and Bottle plugins do with every view: parse the YAML after --- in its docstring
APISPEC_DOCSTRING_CHECK = ("python -c \"from apispec import utils; "
                           "d = utils.load_operations_from_docstring('Greet.\\n---\\nget:\\n    responses:\\n        200:\\n"
                           "            description: ok\\n'); assert d['get']['responses'][200]['description'] == 'ok', d\"")


# what load_kube_config does with a one-cluster kubeconfig (token user): the client configuration is set, nothing is sent
KUBE_CONFIG_CHECK = ("cd \"$(mktemp -d)\" && printf 'apiVersion: v1\\nkind: Config\\nclusters:\\n- cluster: {server: \"http://127.0.0.1:1\"}\\n  name: c\\n"
                     "users:\\n- name: u\\n  user: {token: t}\\ncontexts:\\n- context: {cluster: c, user: u}\\n  name: x\\n"
                     "current-context: x\\n' > kc.yaml && python -c \"from kubernetes import client, config; config.load_kube_config('kc.yaml'); "
                     "c = client.Configuration(); assert c.host == 'http://127.0.0.1:1', c.host\"")

# vd in batch mode converts a two-row CSV file (plugins are looked up before any sheet is loaded)
VISIDATA_BATCH_CHECK = ("cd \"$(mktemp -d)\" && printf 'a,b\\n1,2\\n' > in.csv && HOME=\"$PWD\" vd -b in.csv -o out.tsv "
                        "&& grep -q 1 out.tsv")

# avro-gen's code generator on a one-field record schema (importing avrogen runs logical.py's module-level localize)
AVROGEN_CHECK = ("python -c \"import avrogen; avrogen.generate_schema("
                 "'{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"R\\\", \\\"fields\\\": [{\\\"name\\\": \\\"a\\\", \\\"type\\\": \\\"int\\\"}]}')\"")

# an O365 mailbox query filtering on a naive datetime (no request is sent: the filter is only built)
O365_QUERY_CHECK = ("python -c \"import datetime as dt; from O365 import Account; "
                    "q = Account(('client-id', 'client-secret')).mailbox().new_query('created_date_time').greater(dt.datetime(2023, 1, 1)); "
                    "assert 'createddatetime gt' in str(q.as_params()).lower(), q.as_params()\"")

# an exchangelib Account on a fixed EWS endpoint and server version (no autodiscover, nothing is sent): the default
# time zone comes from tzlocal
EXCHANGELIB_ACCOUNT_CHECK = ("python -c \"from exchangelib import Account, Build, Configuration, Credentials, DELEGATE, NTLM, Version; "
                             "c = Configuration(service_endpoint='http://127.0.0.1:1/EWS/Exchange.asmx', credentials=Credentials('u', 'p'), "
                             "auth_type=NTLM, version=Version(build=Build(15, 1))); "
                             "a = Account('u@example.com', config=c, autodiscover=False, access_type=DELEGATE); "
                             "assert a.default_timezone is not None\"")

# MayaDT.local_datetime() (and local_timezone) on a parsed date
MAYA_LOCAL_CHECK = "python -c \"import maya; assert maya.when('2020-01-02 10:00').local_datetime().tzinfo is not None\""

# an async live (streaming) client started against a closed local port, connection errors raised (not only logged):
# websockets' own connect() either refuses (OSError, expected) or raises the TypeError of the removed extra_headers
DEEPGRAM_LIVE_CHECK = ("python -c \"import asyncio; from deepgram import DeepgramClient, DeepgramClientOptions, LiveOptions; "
                       "c = DeepgramClient('k', DeepgramClientOptions(url='ws://127.0.0.1:9', "
                       "options={'termination_exception_connect': True})); ws = c.listen.asynclive.v('1'); "
                       "exec('try: asyncio.run(ws.start(LiveOptions(model=\\\"nova-2\\\")))\\nexcept OSError: pass')\"")
# a BaseAdmin with no views mounted on a Starlette app: GET /admin/ renders the index template (httpx for the TestClient)
STARLETTE_ADMIN_CHECK = ("python -c \"from starlette.applications import Starlette; from starlette.testclient import TestClient; "
                         "from starlette_admin.base import BaseAdmin; app = Starlette(); BaseAdmin().mount_to(app); "
                         "r = TestClient(app).get('/admin/'); assert r.status_code == 200, r.status_code\"")
# an SQLAdmin on a Starlette app with an in-memory SQLite engine: GET /admin/ renders the index template
SQLADMIN_CHECK = ("python -c \"import sqlalchemy as sa; from starlette.applications import Starlette; "
                  "from starlette.testclient import TestClient; from sqladmin import Admin; app = Starlette(); "
                  "Admin(app, sa.create_engine('sqlite://')); r = TestClient(app).get('/admin/'); "
                  "assert r.status_code == 200, r.status_code\"")
# a one-route FastHTML app (fasthtml.core: fasthtml.common of 0.6-0.10 imports sqlite_minutils, which fastlite no longer
# brings), GET / through Starlette's TestClient
FASTHTML_CHECK = ("python -c \"from fasthtml.core import FastHTML; from starlette.testclient import TestClient; "
                  "app = FastHTML(); app.route('/')(lambda: 'ok'); r = TestClient(app).get('/'); "
                  "assert r.status_code == 200 and 'ok' in r.text, r.status_code\"")
# a one-route FastAPI app with the profiler middleware registered as documented (server_app=app: its shutdown hook);
# the middleware stack is built, and the hook registered, at the first request (1.0.0 has no top-level export)
FASTAPI_PROFILER_CHECK = ("python -c \"import fastapi_profiler as fp; from fastapi import FastAPI; "
                          "from fastapi.testclient import TestClient; M = getattr(fp, 'PyInstrumentProfilerMiddleware', None) "
                          "or __import__('fastapi_profiler.profiler_middleware', fromlist=['x']).PyInstrumentProfilerMiddleware; "
                          "app = FastAPI(); app.get('/')(lambda: 'ok'); "
                          "app.add_middleware(M, server_app=app, is_print_each_request=False); "
                          "r = TestClient(app).get('/'); assert r.status_code == 200, r.status_code\"")
# starlette-context's BaseHTTPMiddleware-based ContextMiddleware with a plugin, GET / through Starlette's TestClient
# (the request id the plugin puts in the context is the response; httpx for the TestClient)
STARLETTE_CONTEXT_CHECK = ("python -c \"from starlette.applications import Starlette; from starlette.routing import Route; "
                           "from starlette.responses import PlainTextResponse; from starlette.middleware import Middleware; "
                           "from starlette.testclient import TestClient; from starlette_context import context, plugins; "
                           "from starlette_context.middleware import ContextMiddleware; "
                           "app = Starlette(routes=[Route('/', lambda r: PlainTextResponse(context['X-Request-ID']))], "
                           "middleware=[Middleware(ContextMiddleware, plugins=(plugins.RequestIdPlugin(),))]); "
                           "r = TestClient(app).get('/'); assert r.status_code == 200 and len(r.text) == 32, r.status_code\"")
# python-binance's ReconnectingWebsocket (binance.ws.reconnecting_websocket from 1.0.23, binance.streams before) opened on
# a websockets server on 127.0.0.1 (handler for the legacy and the new server), one message received, then closed
BINANCE_STREAM_CHECK = ("python -c \"" + LOOPBACK_UP + "import asyncio, importlib, importlib.util, websockets; "
                        "new = importlib.util.find_spec('binance.ws'); "
                        "R = importlib.import_module('binance.ws.reconnecting_websocket' if new else 'binance.streams')"
                        ".ReconnectingWebsocket; "
                        "exec('async def h(w, *a):\\n await w.send(\\'{\\\"e\\\": 1}\\')\\n await asyncio.sleep(1)\\n"
                        "async def main():\\n async with websockets.serve(h, \\'127.0.0.1\\', 0) as srv:\\n"
                        "  u = \\'ws://127.0.0.1:%d/\\' % list(srv.sockets)[0].getsockname()[1]\\n"
                        "  async with R(url=u, path=\\'x\\', prefix=\\'\\') as r:\\n   m = await r.recv()\\n"
                        "  assert m == {\\'e\\': 1}, m'); asyncio.run(main())\"")
# conf.py writes a one-function module and a page documenting it with automodapi (run from the project folder)
AUTOMODAPI_CONF = ("\"import os, sys; h = os.path.dirname(os.path.abspath(__file__)); sys.path.insert(0, h); "
                   "open(os.path.join(h, 'n.py'), 'w').write('def f(x):\\n    return x\\n'); "
                   "open(os.path.join(h, 'index.rst'), 'w').write('T\\n=\\n\\n.. automodapi:: n\\n'); "
                   "extensions = ['sphinx_automodapi.automodapi']\"")
SPHINX_DOCUTILS = {"docutils": "0.21.2"}  # accepted by Sphinx 8.x and 9.x alike
# conf.py writes a page with one sphinxcontrib-asyncio coroutine directive
ASYNCIO_CONF = ("\"import os; open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'index.rst'), 'w')"
                ".write('T\\n=\\n\\n.. cofunction:: f()\\n'); extensions = ['sphinxcontrib.asyncio']\"")
# conf.py writes a page with a tab block: sphinx-tabs' nested tabs/tab directives, or sphinx-inline-tabs' tab directives
SPHINX_TABS_CONF = ("\"import os; open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'index.rst'), 'w')"
                    ".write('T\\n=\\n\\n.. tabs::\\n\\n   .. tab:: A\\n\\n      a\\n\\n   .. tab:: B\\n\\n      b\\n'); "
                    "extensions = ['sphinx_tabs.tabs']\"")
INLINE_TABS_CONF = ("\"import os; open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'index.rst'), 'w')"
                    ".write('T\\n=\\n\\n.. tab:: A\\n\\n   a\\n\\n.. tab:: B\\n\\n   b\\n'); "
                    "extensions = ['sphinx_inline_tabs']\"")
# conf.py writes a page with one sphinx_toolbox.collapse directive
TOOLBOX_CONF = ("\"import os; open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'index.rst'), 'w')"
                ".write('T\\n=\\n\\n.. collapse:: More\\n\\n   hidden\\n'); extensions = ['sphinx_toolbox.collapse']\"")
# conf.py writes a module with a two-member Enum and a page documenting it with autoenum (run from the project folder)
AUTOENUM_CONF = ("\"import os, sys; h = os.path.dirname(os.path.abspath(__file__)); sys.path.insert(0, h); "
                 "open(os.path.join(h, 'e.py'), 'w').write('import enum\\nclass Color(enum.Enum):\\n    RED = 1\\n    BLUE = 2\\n'); "
                 "open(os.path.join(h, 'index.rst'), 'w').write('T\\n=\\n\\n.. autoenum:: e.Color\\n   :members:\\n'); "
                 "extensions = ['sphinx.ext.autodoc', 'enum_tools.autoenum']\"")
# importing qgrid registers its grid widget (show_grid needs pandas < 1.5 before qgrid 1.3, which has no Python 3.11 wheel)
QGRID_CHECK = ("python -c \"import qgrid; qgrid.set_defaults(show_toolbar=True); "
               "assert issubclass(qgrid.QgridWidget, qgrid.grid.widgets.DOMWidget)\"")


# the extensions' install command (jupyter_contrib_core's `jupyter contrib`, into the environment) and a bundled exporter;
# jupyter_contrib_core imports pkg_resources (setuptools 82 removed it), hence the setuptools pin
JCN_CHECK = ("jupyter contrib nbextension install --sys-prefix > /dev/null && "
             "python -c 'import jupyter_contrib_nbextensions.nbconvert_support as n; n.TocExporter'")
JCN_PINS = {"jupyter-contrib-core": "0.4.2", "setuptools": "80.9.0"}


# the notebook_compat layer every jupyter_contrib_core dependent installs and toggles its nbextensions through
# (jupyter_contrib_core imports pkg_resources, which setuptools 82 removed, and ipython_genutils, which it does not declare
# and Notebook 7 no longer brings: hence the pins and the root)
JCC_CHECK = ("python -c 'from jupyter_contrib_core.notebook_compat import nbextensions as n; "
             "n.install_nbextension_python, n.enable_nbextension'")
JCC_PINS = {"setuptools": "80.9.0", "ipython-genutils": "0.2.0"}


# the configurator's enable command (into the environment); 0.6.x import ipython_genutils without declaring it
# (Notebook 6 brings it), hence the root
NBC_CHECK = "jupyter nbextensions_configurator enable --sys-prefix"
NBC_PINS = {"jupyter-contrib-core": "0.4.2", "ipython-genutils": "0.2.0", "setuptools": "80.9.0"}


# the server extension module the notebook server loads (appmode 1.0 depends on nbclassic, not notebook: hence the root)
APPMODE_CHECK = "python -c 'import appmode.server_extension'"


# the server extension entry point the server loads (nbgitpuller 1.2 no longer depends on notebook: hence the root)
NBGITPULLER_CHECK = "python -c 'import nbgitpuller; nbgitpuller.load_jupyter_server_extension'"


# the server extension entry point the server loads (0.6.0 depends on jupyter_server, not notebook: hence the root)
JRU_CHECK = "python -c 'import jupyter_resource_usage as j; j.load_jupyter_server_extension'"


# a form rendered through crispy's |crispy filter: the template engine imports every installed template tag library first
CRISPY_CHECK = ("python -c \"" + django_setup(
                    "crispy_forms", settings="TEMPLATES=[{'BACKEND': 'django.template.backends.django.DjangoTemplates', "
                    "'APP_DIRS': True}]") +
                "from django import forms; from django.template import engines; "
                "f = type('F', (forms.Form,), {'name': forms.CharField()})(); "
                "print(engines['django'].from_string('{% load crispy_forms_tags %}{{ f|crispy }}').render({'f': f}))\"")


# the TinyMCE form widget rendered after django.setup() (its settings module reads STATIC_URL and STATIC_ROOT)
TINYMCE_CHECK = ("python -c \"" + django_setup("tinymce", settings="STATIC_URL='/static/', STATIC_ROOT='/tmp/static'") +
                 "from tinymce.widgets import TinyMCE; TinyMCE().render('body', 'hi', attrs={'id': 'id_body'})\"")


# django.setup() of a project with the admin (its autodiscovery imports each app's admin module), then the module itself
DJANGO_ADMIN_CHECK = ("python -c \"" + django_setup("django.contrib.admin", "django.contrib.sessions",
                                                     "django.contrib.messages", "{app}") + "import {module}\"")
# a concrete MPTT tree model built, migrated to in-memory SQLite and queried
MPTT_CHECK = ("python -c \"" + django_setup("mptt", settings=SQLITE_MEMORY) +
              "from django.db import models, connection; from mptt.models import MPTTModel, TreeForeignKey; "
              "N = type('N', (MPTTModel,), {'__module__': 'x', 'name': models.CharField(max_length=9), "
              "'parent': TreeForeignKey('self', null=True, blank=True, on_delete=models.CASCADE, related_name='children'), "
              "'Meta': type('Meta', (), {'app_label': 'mptt'})}); e = connection.schema_editor(); e.__enter__(); "
              "e.create_model(N); e.__exit__(None, None, None); r = N.objects.create(name='r'); "
              "N.objects.create(name='c', parent=r); r.refresh_from_db(); assert r.get_descendant_count() == 1\"")
# the databricks REST client lists clusters from a local server (the client drops the URL's port: patched back in)
DATABRICKS_CLI_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading; from databricks_cli.sdk.api_client import ApiClient; "
                        "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_GET': lambda s: (s.send_response(200), "
                        "s.send_header('Content-Type', 'application/json'), s.send_header('Content-Length', '2'), s.end_headers(), "
                        "s.wfile.write(b'{}')), 'log_message': lambda *a: None}); "
                        + SERVE_H +
                        "c = ApiClient(host='http://127.0.0.1', token='x'); c.url = c.url.replace('127.0.0.1', '127.0.0.1:%d' % srv.server_port); "
                        "assert c.perform_query('GET', '/clusters/list') == {}\"")


# `twine upload` of a hand-made wheel to a local server that accepts every POST
TWINE_UPLOAD_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, os, tempfile, threading, zipfile; from twine.cli import dispatch; "
                      "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_POST': lambda s: (s.rfile.read(int(s.headers['Content-Length'])), "
                      "s.send_response(200), s.send_header('Content-Length', '0'), s.end_headers()), 'log_message': lambda *a: None}); "
                      + SERVE_H +
                      "w = os.path.join(tempfile.mkdtemp(), 'x-1.0-py3-none-any.whl'); z = zipfile.ZipFile(w, 'w'); "
                      "z.writestr('x-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\\nName: x\\nVersion: 1.0\\nSummary: x\\n'); "
                      "z.writestr('x-1.0.dist-info/WHEEL', 'Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'); z.close(); "
                      "dispatch(['upload', '--repository-url', 'http://127.0.0.1:%d/legacy/' % srv.server_port, '-u', 'u', '-p', 'p', w])\"")


# a Mixpanel event sent through the default Consumer to a local server
MIXPANEL_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading, mixpanel; "
                  "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_POST': lambda s: (s.rfile.read(int(s.headers['Content-Length'])), "
                  "s.send_response(200), s.send_header('Content-Length', '13'), s.end_headers(), s.wfile.write(b'{\\\"status\\\": 1}')), "
                  "'log_message': lambda *a: None}); "
                  + SERVE_H +
                  "mixpanel.Mixpanel('tok', consumer=mixpanel.Consumer(events_url='http://127.0.0.1:%d/track' % srv.server_port))"
                  ".track('u1', 'signup', {'a': 1})\"")


# RequestsLibrary's Create Session and Get Request keywords, called from Python against a local server
RF_REQUESTS_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading; from RequestsLibrary import RequestsLibrary; "
                     + SERVE_OK +
                     "lib = RequestsLibrary(); lib.create_session('s', 'http://127.0.0.1:%d' % srv.server_port); "
                     "assert lib.get_request('s', '/').text == 'ok'\"")


# the Smartsheet client reads the current user from a local server
SMARTSHEET_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading, smartsheet; "
                    "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_GET': lambda s: (s.send_response(200), "
                    "s.send_header('Content-Type', 'application/json'), s.send_header('Content-Length', '9'), s.end_headers(), "
                    "s.wfile.write(b'{\\\"id\\\": 1}')), 'log_message': lambda *a: None}); "
                    + SERVE_H +
                    "c = smartsheet.Smartsheet('tok', api_base='http://127.0.0.1:%d/2.0' % srv.server_port); c.errors_as_exceptions(True); "
                    "assert c.Users.get_current_user().id == 1\"")


# EnumerateInstanceNames against a local server that answers with an empty CIM-XML result
PYWBEM_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading, pywbem; "
                "B = b'<?xml version=\\\"1.0\\\" encoding=\\\"utf-8\\\" ?><CIM CIMVERSION=\\\"2.0\\\" DTDVERSION=\\\"2.0\\\">"
                "<MESSAGE ID=\\\"1001\\\" PROTOCOLVERSION=\\\"1.0\\\"><SIMPLERSP><IMETHODRESPONSE NAME=\\\"EnumerateInstanceNames\\\">"
                "<IRETURNVALUE></IRETURNVALUE></IMETHODRESPONSE></SIMPLERSP></MESSAGE></CIM>'; "
                "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_POST': lambda s: (s.rfile.read(int(s.headers['Content-Length'])), "
                "s.send_response(200), s.send_header('Content-Type', 'application/xml; charset=utf-8'), "
                "s.send_header('CIMOperation', 'MethodResponse'), s.send_header('Content-Length', str(len(B))), s.end_headers(), "
                "s.wfile.write(B)), 'log_message': lambda *a: None}); "
                + SERVE_H +
                "c = pywbem.WBEMConnection('http://127.0.0.1:%d' % srv.server_port, ('u', 'p')); "
                "assert c.EnumerateInstanceNames('CIM_Foo', namespace='root/cimv2') == []\"")


# a GET from a local server through a session configured by retry_requests.retry()
RETRY_REQUESTS_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading; from retry_requests import retry; "
                        + SERVE_OK +
                        "assert retry().get('http://127.0.0.1:%d/' % srv.server_port).text == 'ok'\"")


# a GET from a local server through cronitor's retrying session (the one its monitors ping through)
CRONITOR_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading, cronitor; from cronitor.monitor import retry_session; "
                  + SERVE_OK +
                  "assert retry_session(retries=3).get('http://127.0.0.1:%d/p/k' % srv.server_port).text == 'ok'\"")


# pyowm's HTTP client with max_retries configured (the only path that builds a Retry), GET from a local server
PYOWM_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading; from pyowm.config import DEFAULT_CONFIG; "
               "from pyowm.commons.http_client import HttpClient; "
               "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_GET': lambda s: (s.send_response(200), "
               "s.send_header('Content-Type', 'application/json'), s.send_header('Content-Length', '9'), s.end_headers(), "
               "s.wfile.write(b'{\\\"cod\\\":1}')), 'log_message': lambda *a: None}); "
               + SERVE_H +
               "cfg = dict(DEFAULT_CONFIG, connection=dict(DEFAULT_CONFIG['connection'], use_ssl=False, max_retries=3)); "
               "st, js = HttpClient('key', cfg, '127.0.0.1:%d/data/2.5' % srv.server_port, admits_subdomains=False)"
               ".get_json('weather', params={'q': 'x'}); assert js == {'cod': 1}, js\"")


# the Pterodactyl client API's get_account() against a local server
PYDACTYL_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading; from pydactyl import PterodactylClient; "
                  "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_GET': lambda s: (s.send_response(200), "
                  "s.send_header('Content-Type', 'application/json'), s.send_header('Content-Length', '9'), s.end_headers(), "
                  "s.wfile.write(b'{\\\"id\\\": 1}')), 'log_message': lambda *a: None}); "
                  + SERVE_H +
                  "assert PterodactylClient('http://127.0.0.1:%d' % srv.server_port, 'key').client.account.get_account() == {'id': 1}\"")


# ujenkins' sync JenkinsClient with a retry policy (the only path that builds a Retry) reads the version from a local server
UJENKINS_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, threading; from ujenkins import JenkinsClient; "
                  "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_GET': lambda s: (s.send_response(200), "
                  "s.send_header('X-Jenkins', '2.400.1'), s.send_header('Content-Type', 'application/json'), "
                  "s.send_header('Content-Length', '37'), s.end_headers(), "
                  "s.wfile.write(b'{\\\"crumbRequestField\\\":\\\"C\\\",\\\"crumb\\\":\\\"x\\\"}')), 'log_message': lambda *a: None}); "
                  + SERVE_H +
                  "v = JenkinsClient('http://127.0.0.1:%d' % srv.server_port, 'u', 'p', retry=dict(total=3)).system.get_version(); "
                  "assert v.major == 2, v\"")
# a wind rose of random directions and speeds is drawn and saved (windrose imports matplotlib.docstring at import)
WINDROSE_CHECK = ("MPLBACKEND=Agg python -c 'import numpy as np; from windrose import WindroseAxes; "
                       "ax = WindroseAxes.from_ax(); ax.bar(np.random.rand(50) * 360, np.random.rand(50) * 6, normed=True); "
                       "ax.figure.savefig(\"w.png\")'")
# a broken-axis figure is created, plotted on and saved
BROKENAXES_CHECK = ("MPLBACKEND=Agg python -c 'import matplotlib.pyplot as plt; from brokenaxes import brokenaxes; "
                         "bax = brokenaxes(xlims=((0, .1), (.4, .7)), ylims=((-1, .7), (.79, 1))); "
                         "bax.plot([0, .5], [0, 1]); plt.savefig(\"b.png\")'")
# a waffle chart with the default colours is created through the Waffle figure class and saved
PYWAFFLE_CHECK = ("MPLBACKEND=Agg python -c 'import matplotlib.pyplot as plt; from pywaffle import Waffle; "
                       "fig = plt.figure(FigureClass=Waffle, rows=5, values=[30, 16, 4]); fig.savefig(\"p.png\")'")

# a confusion matrix is drawn with scikit-plot's plotters module (present from 0.2.8 to 0.3.7) and saved
SKPLOT_CM_CHECK = ("MPLBACKEND=Agg python -c 'import matplotlib.pyplot as plt; from scikitplot import plotters; "
                        "plotters.plot_confusion_matrix([0, 1, 1, 0], [0, 1, 0, 0]); plt.savefig(\"s.png\")'")
# NumPy below 2 so every Matplotlib release measured installs from a wheel
NUMPY1 = {"numpy": "1.26.4"}
# scipy below 1.12 (scipy.interp, see the scikit-plot scipy rule) and six (imported, not declared) ride along
SKPLOT_SCIPY_PINS = {"numpy": "1.26.4", "scikit-learn": "1.5.2", "scipy": "1.11.4", "six": "1.17.0"}

# a default-style mplfinance chart of 30 made-up daily bars is drawn and saved (the default style applies seaborn-darkgrid)
MPLFINANCE_CHECK = ("MPLBACKEND=Agg python -c 'import pandas as pd, numpy as np, mplfinance as mpf, matplotlib.pyplot as plt; "
                         "i = pd.date_range(\"2024-01-01\", periods=30); x = np.arange(30.); "
                         "df = pd.DataFrame({\"Open\": x + 1, \"High\": x + 2, \"Low\": x, \"Close\": x + 1.5, "
                         "\"Volume\": x * 100}, index=i); mpf.plot(df); plt.savefig(\"m.png\")'")
# mplfinance imports six without declaring it; pandas 2.2.3 and NumPy 1.26.4 so Matplotlib 3.7.5 installs from a wheel
MPLFINANCE_PINS = {"numpy": "1.26.4", "pandas": "2.2.3", "six": "1.17.0"}
# an UpSet plot of the generated example counts is drawn and saved
UPSETPLOT_CHECK = ("MPLBACKEND=Agg python -c 'import matplotlib.pyplot as plt; "
                        "from upsetplot import generate_counts, plot; plot(generate_counts()); plt.savefig(\"u.png\")'")
# pandas 2.2.3 and NumPy 1.26.4 so Matplotlib 3.7.5 installs from a wheel and old UpSetPlot meets a pandas it knows
UPSETPLOT_PINS = {"numpy": "1.26.4", "pandas": "2.2.3"}

# an odmantic Model built with type() and dumped to its MongoDB document (no database)
ODMANTIC_CHECK = ("python -c \"from odmantic import Model; "
                  "P = type('P', (Model,), {'__annotations__': {'name': str, 'level': int}, 'level': 0}); "
                  "d = P(name='x').doc(); assert d['name'] == 'x' and d['level'] == 0 and '_id' in d, d\"")
ODMANTIC_PINS = {"pymongo": "4.8.0"}  # the motor releases odmantic 0.x allow do not import with pymongo 4.9+
# a beanie Document with an Indexed field, and a PydanticObjectId validated by a model (no database)
BEANIE_CHECK = ("python -c \"from beanie import Document, Indexed, PydanticObjectId; from pydantic import BaseModel; "
                "D = type('D', (Document,), {'__annotations__': {'name': Indexed(str)}}); "
                "M = type('M', (BaseModel,), {'__annotations__': {'id': PydanticObjectId}}); i = PydanticObjectId(); "
                "assert M(id=str(i)).id == i\"")
# a Flask view with @validate() and a query model, one GET through the test client (testing: errors propagate)
FLASK_PYDANTIC_CHECK = ("python -c \"from flask import Flask; from pydantic import BaseModel; from flask_pydantic import validate; "
                        "Q = type('Q', (BaseModel,), {'__annotations__': {'n': int}}); f = lambda query: Q(n=query.n + 1); "
                        "f.__annotations__ = {'query': Q}; app = Flask('x'); app.testing = True; app.route('/')(validate()(f)); "
                        "r = app.test_client().get('/?n=2'); assert r.status_code == 200 and r.get_json() == {'n': 3}, r.status_code\"")
# a MemoryCRUDRouter on a FastAPI app: one POST and one GET through the TestClient
FASTAPI_CRUDROUTER_CHECK = ("python -c \"from fastapi import FastAPI; from fastapi.testclient import TestClient; "
                            "from pydantic import BaseModel; from fastapi_crudrouter import MemoryCRUDRouter; "
                            "P = type('P', (BaseModel,), {'__annotations__': {'id': int, 'name': str}}); app = FastAPI(); "
                            "app.include_router(MemoryCRUDRouter(schema=P)); c = TestClient(app); "
                            "assert c.post('/p', json={'id': 1, 'name': 'x'}).status_code == 200; "
                            "assert [i['name'] for i in c.get('/p').json()] == ['x']\"")
# FastAPI 0.100.1 allows pydantic 1.10 and 2.0.2+; HTTPX 0.27.2 for the TestClient of its Starlette (0.28 dropped app=)
FASTAPI_CRUDROUTER_PINS = {"fastapi": "0.100.1", "httpx": "0.27.2"}
# a fastapi-mail ConnectionConfig, FastMail client and MessageSchema (nothing sent)
FASTAPI_MAIL_CHECK = ("python -c \"from fastapi_mail import FastMail, ConnectionConfig, MessageSchema; "
                      "conf = ConnectionConfig(MAIL_USERNAME='u', MAIL_PASSWORD='p', MAIL_FROM='a@example.com', MAIL_PORT=587, "
                      "MAIL_SERVER='127.0.0.1', MAIL_TLS=True, MAIL_SSL=False); FastMail(conf); "
                      "MessageSchema(subject='s', recipients=['b@example.com'], body='hi')\"")
FASTAPI_MAIL_PINS = {"fastapi": "0.100.1"}  # allows pydantic 1.10 and 2.0.2+
FASTAPI_MAIL_041_PINS = {"fastapi": "0.100.1", "aioredis": "1.3.1"}  # aioredis 2.x does not import on Python 3.11
# an OpenAPI 3.1 document built from pydantic-openapi-schema models and dumped to JSON
PYDANTIC_OPENAPI_SCHEMA_CHECK = ("python -c \"from pydantic_openapi_schema.v3_1_0 import OpenAPI, Info; "
                                 "o = OpenAPI(info=Info(title='t', version='1'), paths={}); "
                                 "assert '3.1.0' in o.json(by_alias=True, exclude_none=True)\"")
# a paginated FastAPI route (Page[int], paginate, add_pagination): page 2 of size 3 through the TestClient
FASTAPI_PAGINATION_CHECK = ("python -c \"from fastapi import FastAPI; from fastapi.testclient import TestClient; "
                            "from fastapi_pagination import Page, add_pagination, paginate; app = FastAPI(); "
                            "app.get('/', response_model=Page[int])(lambda: paginate(list(range(10)))); add_pagination(app); "
                            "r = TestClient(app).get('/?page=2&size=3'); assert r.status_code == 200 and r.json()['items'] == [3, 4, 5], r.text\"")
# a Flask-Mailing Mail bound to a Flask app and a Message (nothing sent)
FLASK_MAILING_CHECK = ("python -c \"from flask import Flask; from flask_mailing import Mail, Message; app = Flask('x'); "
                       "app.config.update(MAIL_USERNAME='u', MAIL_PASSWORD='p', MAIL_PORT=587, MAIL_SERVER='127.0.0.1', "
                       "MAIL_USE_TLS=True, MAIL_USE_SSL=False, MAIL_DEFAULT_SENDER='a@example.com'); Mail(app); "
                       "Message(subject='s', recipients=['b@example.com'], body='hi')\"")
# a Flask-JWT-Extended 3.x access token created and decoded again inside an app context (Flask 1.1.4 stack)
FLASK_JWT_EXTENDED_3_CHECK = ("python -c \"from flask import Flask; from flask_jwt_extended import JWTManager, create_access_token, "
                              "decode_token; app = Flask('x'); app.config['JWT_SECRET_KEY'] = 's'; JWTManager(app); "
                              "app.app_context().push(); t = create_access_token(identity='u'); "
                              "assert decode_token(t)['identity'] == 'u'\"")
# 3.x import safe_str_cmp (Werkzeug < 2.1) and run on Flask 1; Flask 1.1.4 caps itsdangerous below 2
FLASK_JWT_EXTENDED_3_PINS = FLASK114_PINS
# a simplejwt AccessToken encoded with str() and read back, in a configured Django (with the token_blacklist app)
SIMPLEJWT_TOKEN_CHECK = ("python -c \"" + django_setup("rest_framework", "rest_framework_simplejwt.token_blacklist",
                                                      settings=SQLITE_MEMORY) +
                         "from rest_framework_simplejwt.tokens import AccessToken; "
                         "t = AccessToken(); t['user_id'] = 7; assert AccessToken(str(t))['user_id'] == 7\"")
# simplejwt 2.x and 3.x import django.utils.six (gone in Django 3.0); 4.0 to 4.3 import ugettext_lazy (gone in 4.0)
SIMPLEJWT_DJANGO22_PINS = {"django": "2.2.28", "djangorestframework": "3.12.4"}
SIMPLEJWT_DJANGO32_PINS = {"django": "3.2.25", "djangorestframework": "3.14.0"}
# a Flask-JWT-Simple token made with create_jwt and read back with decode_jwt inside an app context
FLASK_JWT_SIMPLE_CHECK = ("python -c \"from flask import Flask; from flask_jwt_simple import JWTManager, create_jwt, decode_jwt; "
                          "app = Flask('x'); app.config['JWT_SECRET_KEY'] = 's'; JWTManager(app); app.app_context().push(); "
                          "assert decode_jwt(create_jwt(identity='u'))['sub'] == 'u'\"")
FLASK_JWT_SIMPLE_PINS = FLASK_JWT_EXTENDED_3_PINS  # it imports flask._request_ctx_stack (gone in Flask 3.0)
# a django-graphql-jwt token for an (unsaved) user from shortcuts.get_token, read back with utils.get_payload
GRAPHQL_JWT_TOKEN_CHECK = ("python -c \"" + django_setup(settings=SQLITE_MEMORY) +
                           "from django.contrib.auth import get_user_model; from graphql_jwt.shortcuts import get_token; "
                           "from graphql_jwt.utils import get_payload; t = get_token(get_user_model()(username='u')); "
                           "assert get_payload(t)['username'] == 'u'\"")
# releases before 0.3.2 run on graphene-django 2 (graphql-core 2), which does not work with Django 4
GRAPHQL_JWT_PINS = {"django": "3.2.25", "graphene-django": "2.15.0"}
# a zoomus ZoomClient (JWT app credentials; it signs its token when built), the token checked with PyJWT
ZOOMUS_CLIENT_CHECK = ("python -c \"import jwt; from zoomus import ZoomClient; c = ZoomClient('k', 's'); "
                       "assert jwt.decode(c.config['token'], 's', algorithms=['HS256'])['iss'] == 'k'\"")
def rsa_key_check(imports: str, body: str, pem_format: str = "TraditionalOpenSSL", text: bool = True) -> str:
    """A ``python -c`` check that makes a fresh 2048-bit RSA key ``k`` and its unencrypted PEM ``pem`` (``str``
    when ``text``, else ``bytes``; ``pem_format`` names a cryptography ``PrivateFormat``), then runs ``body``:
    the JWT-signing consumers below each need a private key in one form or another."""
    return ("python -c \"" + imports + "from cryptography.hazmat.primitives.asymmetric import rsa; "
            "from cryptography.hazmat.primitives import serialization as s; "
            "k = rsa.generate_private_key(public_exponent=65537, key_size=2048); "
            f"pem = k.private_bytes(s.Encoding.PEM, s.PrivateFormat.{pem_format}, s.NoEncryption())"
            + (".decode(); " if text else "; ") + body + "\"")


# adal's certificate flow: acquire_token_with_client_certificate signs a client assertion with a fresh RSA key, then
# posts it to an authority on 127.0.0.1:9, where nothing listens (a ConnectionError there means the signing worked)
ADAL_CERT_CHECK = rsa_key_check(
    "import requests, adal; ",
    "ctx = adal.AuthenticationContext('https://127.0.0.1:9/tenant', validate_authority=False); "
    "r, c, t = 'https://r', 'cid', 'ab' * 20; "
    "exec('try: ctx.acquire_token_with_client_certificate(r, c, pem, t)\\nexcept requests.exceptions.ConnectionError: pass')")
# a Flask-GraphQL-Auth access token from create_access_token read back with get_jwt_data inside an app context
FLASK_GRAPHQL_AUTH_CHECK = ("python -c \"from flask import Flask; from flask_graphql_auth import GraphQLAuth, create_access_token, "
                            "get_jwt_data; app = Flask('x'); app.config['JWT_SECRET_KEY'] = 's'; GraphQLAuth(app); "
                            "app.app_context().push(); t = create_access_token('u'); "
                            "assert get_jwt_data(t, 'access')['identity'] == 'u'\"")
FLASK_GRAPHQL_AUTH_PINS = FLASK_JWT_EXTENDED_3_PINS  # it imports flask._app_ctx_stack (gone in Flask 3.0)
# gidgethub's GitHub App JWT (apps.get_jwt) signed with a fresh RSA key and verified with PyJWT
GIDGETHUB_APP_JWT_CHECK = rsa_key_check(
    "import jwt; from gidgethub.apps import get_jwt; ",
    "t = get_jwt(app_id='42', private_key=pem); assert jwt.decode(t, k.public_key(), algorithms=['RS256'])['iss'] == '42'",
    pem_format="PKCS8")
# a GitHub App JWT from PyGithub's GithubIntegration(app_id as int, fresh RSA key).create_jwt()
PYGITHUB_APP_JWT_CHECK = rsa_key_check("from github import GithubIntegration; ",
                                       "assert GithubIntegration(42, pem).create_jwt().count('.') == 2")
# a GitHub App JWT from github3.apps.create_token(fresh RSA key, app id as int)
GITHUB3_APP_JWT_CHECK = rsa_key_check("from github3.apps import create_token; ",
                                      "assert create_token(pem, 42).count('.') == 2", text=False)
# an octomachinery GitHub App JWT: GitHubPrivateKey(fresh RSA key PEM).make_jwt_for(app_id=42)
OCTOMACHINERY_APP_JWT_CHECK = rsa_key_check(
    "from octomachinery.github.models.private_key import GitHubPrivateKey; ",
    "assert GitHubPrivateKey(pem).make_jwt_for(app_id=42).count('.') == 2", text=False)
# a GitHub App JWT from github_bot_api.token.create_jwt(42, 60, fresh RSA key PEM)
GITHUB_BOT_API_JWT_CHECK = rsa_key_check("from github_bot_api.token import create_jwt; ",
                                         "assert create_jwt(42, 60, pem).value.count('.') == 2")

# obspy 1.4.x needs NumPy 1 (its wheels are built against it) and, for 1.4.0, a SciPy before 1.13 (its taper
# windows, another rule): the setuptools 82 break is then the only one left
OBSPY_SETUPTOOLS_PINS = {"numpy": "1.26.4", "matplotlib": "3.8.4", "scipy": "1.12.0"}
# a sample covariance matrix of random returns drawn with PyPortfolioOpt's plotting module (Agg backend)
PYPFOPT_PLOT_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np, pandas as pd; from pypfopt import plotting, risk_models; "
                      "r = pd.DataFrame(np.random.RandomState(0).randn(60, 3) / 100, columns=list('abc')); "
                      "plotting.plot_covariance(risk_models.sample_cov(r, returns_data=True))\"")
# Matplotlib 3.7.5 and 3.8.0 are built against NumPy 1; both pins are allowed by every release measured
MPL_STYLE_PINS = {"numpy": "1.26.4", "pandas": "2.2.3"}
# an hourly series validated by adtk and drawn with adtk.visualization.plot (Agg backend)
ADTK_PLOT_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np, pandas as pd; from adtk.data import validate_series; from adtk.visualization import plot; "
                   "plot(validate_series(pd.Series(np.arange(48.0), index=pd.date_range('2024-01-01', periods=48, freq='h'))))\"")
# a histogram of synthetic NN intervals drawn with hrv-analysis (Agg backend)
HRV_PLOT_CHECK = "MPLBACKEND=Agg python -c \"from hrvanalysis import plot_distrib; plot_distrib([800 + (i % 7) * 10 for i in range(300)])\""
# Matplotlib 3.7.5 and 3.8.0 are built against NumPy 1; nolds 0.6.3 fails at import here, 0.5.2 needs pkg_resources
HRV_PINS = {"numpy": "1.26.4", "pandas": "2.2.3", "nolds": "0.5.2", "setuptools": "81.0.0"}
# nolds: sample entropy of a sine wave and the Hurst exponent of a random walk
NOLDS_CHECK = ("python -c \"import numpy as np, nolds; nolds.sampen(np.sin(np.arange(300) / 5.0)); "
               "nolds.hurst_rs(np.cumsum(np.random.RandomState(0).randn(500)))\"")
# dictdiffer: a diff of two dicts applied back with patch
DICTDIFFER_CHECK = ("python -c \"from dictdiffer import diff, patch; a = {'x': 1, 'y': [1, 2]}; b = {'x': 2, 'y': [1, 3]}; "
                    "assert patch(list(diff(a, b)), a) == b\"")
# jsonschema: validate a small object against a schema with a typed property
JSONSCHEMA_CHECK = ("python -c \"import jsonschema; jsonschema.validate({'a': 1}, "
                    "{'type': 'object', 'properties': {'a': {'type': 'integer'}}})\"")
# python-can: send a frame on the in-process virtual bus and read it back (no hardware)
PYTHON_CAN_CHECK = ("python -c \"import can; bus = can.Bus(interface='virtual', channel='x', receive_own_messages=True); "
                    "bus.send(can.Message(arbitration_id=1, data=[1, 2])); assert bus.recv(1).data == bytearray([1, 2]); "
                    "bus.shutdown()\"")
# datajoint: import the package (no database connection is made) and hash a primary key
DATAJOINT_CHECK = "python -c \"import datajoint as dj; assert dj.hash.key_hash({'a': 1})\""
# pygom: integrate the bundled SIR model over ten days; the three compartments must still sum to one
PYGOM_CHECK = ("python -c \"import numpy as np; from pygom import common_models; "
               "ode = common_models.SIR({'beta': 0.5, 'gamma': 1.0 / 3.0, 'N': 1.0}); ode.initial_values = ([0.99, 0.01, 0.0], 0); "
               "s = ode.integrate(np.linspace(0, 10, 11)[1:]); assert abs(s[-1].sum() - 1) < 1e-6, s[-1]\"")
# sacred: define and run an experiment in process (interactive, so no source file is needed)
SACRED_CHECK = ("python -c \"from sacred import Experiment; ex = Experiment('x', interactive=True); ex.main(lambda: 42); "
                "assert ex.run().result == 42\"")
# flake8 with flake8-logging-format on a module that %-formats a logging message: the plugin must report G002;
# on a plugin that fails to load the check ends with the first error line
FLAKE8_LOGGING_FORMAT_CHECK = ("cd \"$(mktemp -d)\" && printf 'import logging\\n\\nlogging.info(\"%%s\" %% 1)\\n' > x.py && "
                               "{ flake8 --select=G x.py > log 2>&1; "
                               "grep -q G002 log || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }")
# zemberek-python: build the default Turkish morphology (bundled lexicon) and analyse one word
ZEMBEREK_CHECK = ("python -c \"from zemberek import TurkishMorphology; m = TurkishMorphology.create_with_defaults(); "
                  "assert m.analyze('kitaplar').analysis_results\"")
ZEMBEREK_PINS = {"antlr4-python3-runtime": "4.8"}  # 0.1.x allow any antlr4 runtime, but their lexer needs 4.8's
# razorpay: build a client and verify a payment signature computed locally (no request is sent)
RAZORPAY_CHECK = ("python -c \"import hashlib, hmac, razorpay; c = razorpay.Client(auth=('key', 'secret')); "
                  "sig = hmac.new(b'secret', b'order_1|pay_1', hashlib.sha256).hexdigest(); "
                  "c.utility.verify_payment_signature({'razorpay_order_id': 'order_1', 'razorpay_payment_id': 'pay_1', "
                  "'razorpay_signature': sig})\"")
# conda-project: read an environment.yml with a pip section; importing conda_project asks conda for its platform, so
# a stand-in conda (CONDA_EXE) answers `conda info --json`
CONDA_PROJECT_CHECK = ("d=\"$(mktemp -d)\" && cd \"$d\" && printf '{\"platform\": \"linux-64\"}' > info.json && "
                       "printf '#!/bin/sh\\ncat %s/info.json\\n' \"$d\" > conda && chmod +x conda && "
                       "printf 'dependencies:\\n  - python\\n  - pip:\\n    - requests>=2\\n' > environment.yml && "
                       "CONDA_EXE=\"$d/conda\" python -c \"import pathlib; from conda_project.project_file import EnvironmentYaml; "
                       "e = EnvironmentYaml.parse_yaml(pathlib.Path('environment.yml')); "
                       "assert [r.name for r in e.pip_requirements] == ['requests']\"")
CONDA_PROJECT_PINS = {"conda-lock": "4.0.3", "pydantic": "2.14.4"}
# pip-autoremove -L lists the installed distributions nothing depends on; it must list itself
PIP_AUTOREMOVE_CHECK = ("cd \"$(mktemp -d)\" && { pip-autoremove -L > log 2>&1; "
                        "grep -q '^pip-autoremove ' log || { grep -m1 -o '[A-Za-z]*Error: .*' log; exit 1; }; }")
# the shodan command line prints its version (no request is sent); the library itself does not import pkg_resources
SHODAN_CLI_CHECK = "cd \"$(mktemp -d)\" && shodan version"
# zest.releaser prints the fullrelease help (the command imports the whole release machinery, no repository needed)
ZEST_RELEASER_CHECK = "cd \"$(mktemp -d)\" && fullrelease --help"
# streamz: a two-node stream (importing streamz loads its entry-point plugins first)
STREAMZ_CHECK = ("python -c \"import streamz; s = streamz.Stream(); out = s.map(lambda x: x + 1).sink_to_list(); "
                 "s.emit(1); assert out == [2], out\"")
# jenkins-job-builder prints its version; the CLI first loads its subcommands through stevedore, which import jenkins_jobs.registry
JENKINS_JOBS_CHECK = "cd \"$(mktemp -d)\" && jenkins-jobs --version"
# google-api-core: the user agent every generated Google API client sends, built by google.api_core.client_info
GOOGLE_API_CORE_CLIENT_INFO_CHECK = ("python -c \"from google.api_core import client_info; "
                                     "assert 'gl-python/' in client_info.ClientInfo().to_user_agent()\"")
# google-cloud-storage: an anonymous client (no credentials, no request) builds a blob's public URL
GOOGLE_CLOUD_STORAGE_CHECK = ("python -c \"from google.cloud import storage; c = storage.Client.create_anonymous_client(); "
                              "assert c.bucket('b').blob('x').public_url.endswith('/b/x')\"")
# releases that no longer import pkg_resources themselves, so only google-cloud-storage's own import is measured
GOOGLE_CLOUD_STORAGE_PINS = {"google-api-core": "2.44.0", "google-cloud-core": "2.8.0"}
# google-cloud-core: the connection base class of the HTTP-based clients builds its user agent (no request is sent)
GOOGLE_CLOUD_CORE_HTTP_CHECK = ("python -c \"from google.cloud._http import JSONConnection; "
                                "assert 'gl-python/' in JSONConnection(None).user_agent\"")
# google-api-core 1.33.0 no longer imports pkg_resources; google-cloud-core 1.x import six, which it no longer pulls in
GOOGLE_CLOUD_CORE_PINS = {"google-api-core": "1.33.0", "six": "1.17.0"}
# the tensorboard command line prints its version (it loads its plugin list first; no server is started)
TENSORBOARD_CLI_CHECK = "cd \"$(mktemp -d)\" && tensorboard --version"
# opentelemetry-instrumentation: a minimal BaseInstrumentor subclass checks its dependencies and instruments
OTEL_INSTRUMENTOR_CHECK = ("python -c \"from opentelemetry.instrumentation.instrumentor import BaseInstrumentor; "
                           "I = type('I', (BaseInstrumentor,), {'instrumentation_dependencies': lambda s: ['opentelemetry-api >= 1.0'], "
                           "'_instrument': lambda s, **k: None, '_uninstrument': lambda s, **k: None}); "
                           "i = I(); i.instrument(); assert i.is_instrumented_by_opentelemetry\"")
# Python-Markdown renders a heading (its extension entry points are loaded at import)
MARKDOWN_RENDER_CHECK = "python -c \"import markdown; assert markdown.markdown('# hi') == '<h1>hi</h1>'\""
# Cerberus validates a document against a typed schema and reports a wrong type
CERBERUS_CHECK = ("python -c \"import cerberus; v = cerberus.Validator({'a': {'type': 'integer'}}); "
                  "assert v.validate({'a': 1}) and not v.validate({'a': 'x'})\"")
# munch turns a nested dict into attribute access and back
MUNCH_CHECK = ("python -c \"import munch; m = munch.munchify({'a': {'b': 1}}); "
               "assert m.a.b == 1 and munch.unmunchify(m) == {'a': {'b': 1}}\"")
# pyfiglet renders a word in its bundled standard font
PYFIGLET_CHECK = "python -c \"import pyfiglet; assert pyfiglet.figlet_format('hi', font='standard').strip()\""
# twine 1.9 to 3.2 also break with urllib3 2 (their own rule): urllib3 stays below it
TWINE_URLLIB3_PINS = {"urllib3": "1.26.20"}
# protoc 3.21 to 4.25 gencode runs on protobuf 4.25
GRPC_TOOLS_OLD_PINS = {"protobuf": "4.25.8"}
# Pint builds its default unit registry (read from a bundled file) and converts a length
PINT_CONVERT_CHECK = "python -c \"import pint; u = pint.UnitRegistry(); assert u('3 m').to('cm').magnitude == 300\""
# humanize formats a number and a file size
HUMANIZE_CHECK = "python -c \"import humanize; assert humanize.intcomma(12345) == '12,345' and humanize.naturalsize(10 ** 6) == '1.0 MB'\""
# textstat scores a sentence's readability
TEXTSTAT_CHECK = "python -c \"import textstat; assert textstat.flesch_reading_ease('The cat sat on the mat.') > 100\""
# limits: a fixed-window limiter over in-memory storage allows one hit a minute and refuses the second
LIMITS_CHECK = ("python -c \"import limits; from limits.storage import MemoryStorage; "
                "from limits.strategies import FixedWindowRateLimiter; r = FixedWindowRateLimiter(MemoryStorage()); "
                "l = limits.parse('1/minute'); assert r.hit(l) and not r.hit(l)\"")
# pyfaidx indexes a two-line FASTA file and slices a sequence
PYFAIDX_CHECK = ("cd \"$(mktemp -d)\" && printf '>a\\nACGTACGT\\n' > x.fa && "
                 "python -c \"import pyfaidx; f = pyfaidx.Fasta('x.fa'); assert str(f['a'][0:4]) == 'ACGT'\"")
# the pecan command line scaffolds a new project (pecan create); no server is started
PECAN_CREATE_CHECK = "cd \"$(mktemp -d)\" && pecan create myapp > /dev/null && test -f myapp/config.py"
# PasteDeploy loads a WSGI app from an ini file through a call: factory and the app answers
PASTEDEPLOY_CHECK = ("cd \"$(mktemp -d)\" && printf 'def f(g, **l):\\n    return lambda e, s: [b\"ok\"]\\n' > appmod.py "
                     "&& printf '[app:main]\\nuse = call:appmod:f\\n' > a.ini && PYTHONPATH=. python -c \"import os; "
                     "from paste.deploy import loadapp; app = loadapp('config:' + os.path.abspath('a.ini')); "
                     "assert app({}, None) == [b'ok']\"")
# etcd3's generated etcdrpc messages: build a PutRequest, serialise it and create a client (no connection is made)
ETCD3_CHECK = ("python -c \"import etcd3; from etcd3.etcdrpc import rpc_pb2; "
               "assert rpc_pb2.PutRequest(key=b'k', value=b'v').SerializeToString(); etcd3.client(host='127.0.0.1', port=1)\"")
# grpcio-health-checking's servicer answers a Check request in process (no server)
GRPC_HEALTH_CHECK = ("python -c \"from grpc_health.v1 import health, health_pb2; h = health.HealthServicer(); "
                     "h.set('', health_pb2.HealthCheckResponse.SERVING); "
                     "assert h.Check(health_pb2.HealthCheckRequest(service=''), None).status == 1\"")
# grpcio-reflection's servicer built for one service name, and a ServerReflectionRequest message
GRPC_REFLECTION_CHECK = ("python -c \"from grpc_reflection.v1alpha import reflection, reflection_pb2; "
                         "reflection.ReflectionServicer(['x.Y']); reflection_pb2.ServerReflectionRequest(list_services='')\"")
# grpcio-channelz's generated messages and servicer module: a GetTopChannelsRequest serialised
GRPC_CHANNELZ_CHECK = ("python -c \"from grpc_channelz.v1 import channelz, channelz_pb2; "
                       "assert channelz_pb2.GetTopChannelsRequest(start_channel_id=1).SerializeToString()\"")
# the three grpcio-* service packages checked for gencode newer than the protobuf runtime they declare
GRPC_PB2_CHECKS = {"grpcio-health-checking": GRPC_HEALTH_CHECK, "grpcio-reflection": GRPC_REFLECTION_CHECK,
                   "grpcio-channelz": GRPC_CHANNELZ_CHECK}
# grpcio-tools' protoc compiles a one-message .proto file, and the generated module is imported and serialised
GRPC_TOOLS_CHECK = ("cd \"$(mktemp -d)\" && printf 'syntax = \"proto3\";\\nmessage M { string a = 1; }\\n' > m.proto "
                    "&& python -m grpc_tools.protoc -I. --python_out=. m.proto "
                    "&& python -c \"import m_pb2; assert m_pb2.M(a='x').SerializeToString()\"")
# short timeouts for a MongoDB address where nothing listens (port 1): pymongo 4 fails before any request,
# pymongo 3 gets as far as the network and raises a PyMongoError, which the checks below accept
CLOSED_MONGO_TIMEOUTS = "serverSelectionTimeoutMS=300&connectTimeoutMS=300"
# pyop's MongoDB storage built from a URI that carries credentials; no server listens, so the PyMongoError of the
# failed connection is accepted (what is checked is what happens before any request)
PYOP_MONGO_CHECK = ("python -c \"import pymongo.errors as e; from pyop.storage import MongoWrapper\n"
                    f"try:\n    MongoWrapper('mongodb://u:p@127.0.0.1:1/db?{CLOSED_MONGO_TIMEOUTS}', 'db', 'c')\n"
                    "except e.PyMongoError:\n    pass\"")
# seml's get_database for a user and password on a closed port (the host is a URI with short timeouts); the
# PyMongoError of the failed connection is accepted (what is checked is what happens before any request)
# munch 2.5 (a dependency) imports pkg_resources without declaring setuptools: SETUPTOOLS_PKG
SEML_DB_CHECK = ("python -c \"import pymongo.errors as e; from seml.database import get_database\n"
                 f"try:\n    get_database('db', 'mongodb://127.0.0.1:1/?{CLOSED_MONGO_TIMEOUTS}', 1, 'u', 'p')\n"
                 "except e.PyMongoError:\n    pass\"")
# eventlet imported, the standard library monkey-patched and localhost resolved through greendns (from /etc/hosts)
EVENTLET_DNS_CHECK = ("python -c \"import eventlet; eventlet.monkey_patch(); import socket; "
                      "assert socket.getaddrinfo('localhost', 80)\"")
# a Flask-Session mongodb session written by a view (no session cookie yet, so nothing is read first); no server
# listens, so the PyMongoError of the failed write is accepted (what is checked is what happens before any request)
FLASK_SESSION_MONGO_CHECK = ("python -c \"import flask, pymongo, pymongo.errors as e; from flask_session import Session\n"
                             "app = flask.Flask('x'); app.config.update(SESSION_TYPE='mongodb', TESTING=True, SESSION_MONGODB="
                             f"pymongo.MongoClient('mongodb://127.0.0.1:1/?{CLOSED_MONGO_TIMEOUTS}'))\n"
                             "Session(app); app.add_url_rule('/', 'i', lambda: (flask.session.__setitem__('a', 1), 'ok')[1])\n"
                             "try:\n    app.test_client().get('/')\nexcept e.PyMongoError:\n    pass\"")
# an Eve app configured with MONGO_USERNAME/MONGO_PASSWORD opens its database for a resource inside a request
# context; no server listens, so the PyMongoError of the failed connection is accepted
EVE_MONGO_AUTH_CHECK = ("python -c \"import pymongo.errors as e; from eve import Eve\n"
                        "app = Eve(settings={'DOMAIN': {'people': {}}, 'MONGO_HOST': '127.0.0.1', 'MONGO_PORT': 1, "
                        "'MONGO_DBNAME': 'db', 'MONGO_USERNAME': 'u', 'MONGO_PASSWORD': 'p', "
                        "'MONGO_OPTIONS': {'serverSelectionTimeoutMS': 300, 'connectTimeoutMS': 300}})\n"
                        "try:\n    with app.test_request_context('/people'):\n        app.data.pymongo('people').db['people']\n"
                        "except e.PyMongoError:\n    pass\"")
# a maggma MongoStore with a username connected to a closed port (the host is a URI with short timeouts); the
# PyMongoError of the failed connection is accepted (what is checked is what happens before any request)
MAGGMA_MONGO_CHECK = ("python -c \"import pymongo.errors as e; from maggma.stores import MongoStore\n"
                      f"s = MongoStore('db', 'c', host='mongodb://127.0.0.1:1/?{CLOSED_MONGO_TIMEOUTS}', "
                      "username='u', password='p')\ntry:\n    s.connect()\nexcept e.PyMongoError:\n    pass\"")
# maggma's stores import yaml without declaring PyYAML (roots), need pydantic 1, and import pkg_resources (maggma
# declares setuptools, which removed pkg_resources in 82)
MAGGMA_PINS = {"pyyaml": "6.0.2", "pydantic": "1.10.21", "numpy": "1.26.4", **SETUPTOOLS_PKG}
# pymatgen-db's QueryEngine with a user and password over a client for a closed port; the PyMongoError of the failed
# connection is accepted (what is checked is what happens before any request)
PYMATGEN_DB_CHECK = ("python -c \"import pymongo, pymongo.errors as e; from pymatgen.db.query_engine import QueryEngine\n"
                     f"c = pymongo.MongoClient('mongodb://127.0.0.1:1/?{CLOSED_MONGO_TIMEOUTS}')\n"
                     "try:\n    QueryEngine(connection=c, database='db', collection='tasks', user='u', password='p')\n"
                     "except e.PyMongoError:\n    pass\"")
PYMATGEN_DB_PINS = {"pymatgen": "2023.7.17", "numpy": "1.26.4"}  # the pymatgen of pymatgen-db's last release
# a tensorboardX SummaryWriter writing one scalar to an event file in a fresh directory
TBX_CHECK = ("cd \"$(mktemp -d)\" && python -c \"from tensorboardX import SummaryWriter; w = SummaryWriter('logs'); "
             "w.add_scalar('loss', 0.5, 1); w.close()\" && ls logs/events.out.tfevents.*")
TBX_PINS = {"numpy": "1.26.4"}  # NumPy 2.x breaks add_scalar in old tensorboardX first (only 0-dimensional arrays...)
# containerd's generated containers service stubs imported and a ListContainersRequest built (no daemon)
CONTAINERD_CHECK = ("python -c \"import containerd.services.containers.v1.containers_pb2_grpc; "
                    "from containerd.services.containers.v1 import containers_pb2; "
                    "containers_pb2.ListContainersRequest(filters=['x'])\"")
# pymap-admin's generated messages and grpclib stubs: a PingRequest serialised
PYMAP_ADMIN_CHECK = ("python -c \"from pymapadmin.grpc import admin_pb2, admin_grpc; "
                     "assert admin_pb2.PingRequest().SerializeToString() == b''\"")
# pymapadmin imports pkg_resources without declaring setuptools: SETUPTOOLS_PKG (as confight and tailon)
# xds-protos' generated Envoy modules: cluster_pb2 and the CSDS service stubs imported, a Cluster serialised
XDS_PROTOS_CHECK = ("python -c \"from envoy.config.cluster.v3 import cluster_pb2; from envoy.service.status.v3 import csds_pb2_grpc; "
                    "assert cluster_pb2.Cluster(name='x').SerializeToString()\"")

# pandas to_sql then read_sql of a SELECT on an in-memory SQLite engine
PANDAS_SQL_CHECK = ("python -c \"import pandas as pd, sqlalchemy as sa; e = sa.create_engine('sqlite://'); "
                    "pd.DataFrame({'a': [1, 2]}).to_sql('t', e, index=False); "
                    "assert pd.read_sql('SELECT a FROM t', e)['a'].tolist() == [1, 2]\"")
# a Flask-Admin sqla ModelView on an in-memory SQLite session: the list page and a create POST through the test client
FLASK_ADMIN_SQLA_CHECK = ("python -c \"import flask, sqlalchemy as sa; from sqlalchemy.orm import declarative_base, scoped_session, "
                          "sessionmaker; from flask_admin import Admin; from flask_admin.contrib.sqla import ModelView; "
                          "B = declarative_base(); e = sa.create_engine('sqlite://'); s = scoped_session(sessionmaker(bind=e)); "
                          "T = type('T', (B,), {'__tablename__': 't', 'id': sa.Column(sa.Integer, primary_key=True), "
                          "'n': sa.Column(sa.String)}); B.metadata.create_all(e); app = flask.Flask('x'); app.secret_key = 'k'; "
                          "Admin(app).add_view(ModelView(T, s)); c = app.test_client(); "
                          "assert c.get('/admin/t/').status_code == 200; "
                          "assert c.post('/admin/t/new/', data={'n': 'a'}).status_code == 302; assert s.query(T).count() == 1\"")
# Flask-Admin 1.5.x import jinja2.contextfunction (gone in Jinja2 3.1) and need WTForms 2; Flask 2.2.5 runs them all
FLASK_ADMIN_SQLA_PINS = {**FLASK22_PINS, "wtforms": "2.3.3", "jinja2": "3.0.3"}

# a BackgroundScheduler on a SQLAlchemyJobStore over an in-memory SQLite engine (one connection shared by both threads)
APSCHEDULER_SQLA_CHECK = ("python -c \"import sqlalchemy as sa; from sqlalchemy.pool import StaticPool; "
                          "from apscheduler.schedulers.background import BackgroundScheduler; "
                          "from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore; "
                          "e = sa.create_engine('sqlite://', poolclass=StaticPool, connect_args={'check_same_thread': False}); "
                          "s = BackgroundScheduler(jobstores={'default': SQLAlchemyJobStore(engine=e)}, timezone='UTC'); "
                          "s.start(paused=True); s.add_job(print, 'interval', seconds=60, id='j'); "
                          "assert [j.id for j in s.get_jobs()] == ['j']; s.shutdown()\"")
# APScheduler 3.6-3.10.1 import pkg_resources (gone in setuptools 82); 3.6.x need pytz time zones from tzlocal 2
APSCHEDULER_SQLA_PINS = {"setuptools": "81.0.0", "tzlocal": "2.1"}

# CREATE VIEW (sqlalchemy-views) over a filtered select on an in-memory SQLite engine, then a SELECT from the view
SQLALCHEMY_VIEWS_CHECK = ("python -c \"import sqlalchemy as sa; from sqlalchemy_views import CreateView; m = sa.MetaData(); "
                          "t = sa.Table('t', m, sa.Column('a', sa.Integer)); v = sa.Table('v', sa.MetaData()); "
                          "e = sa.create_engine('sqlite://'); m.create_all(e); c = e.connect(); "
                          "c.execute(CreateView(v, sa.select(t.c.a).where(t.c.a > 1))); "
                          "assert c.execute(sa.text('SELECT * FROM v')).fetchall() == []\"")

# researchpy summarizes a two-column DataFrame with summary_cont
RESEARCHPY_CHECK = ("python -c \"import pandas as pd, researchpy as rp; "
                         "print(rp.summary_cont(pd.DataFrame({'a': [1.0, 2, 3, 4, 5], 'b': [2.0, 3, 5, 7, 11]})))\"")
PANDAS_NP1_PINS = {"numpy": "1.26.4"}  # pandas 1.5.3 and 2.0.0 are built against NumPy 1 but do not cap it
# pingouin's DataFrame.rcorr (its pandas-flavor method) on a random frame; OUTDATED_IGNORE skips its online version check
PINGOUIN_CHECK = ("OUTDATED_IGNORE=1 MPLBACKEND=Agg python -c \"import numpy as np, pandas as pd, pingouin; "
                       "df = pd.DataFrame(np.random.default_rng(0).normal(size=(20, 3)), columns=list('abc')); "
                       "print(df.rcorr())\"")
# the SciPy and scikit-learn releases pingouin 0.5.1 was measured with (later ones were not tried with it)
PINGOUIN_PINS = {"numpy": "2.2.6", "scipy": "1.15.3", "scikit-learn": "1.6.1"}
# ta computes every indicator over 60 made-up bars with fillna=True
TA_CHECK = ("python -c \"import numpy as np, pandas as pd, ta; x = np.arange(1.0, 61); "
                 "df = pd.DataFrame({'open': x, 'high': x + 1, 'low': x - 0.5, 'close': x + 0.5, 'volume': x * 100}); "
                 "print(ta.add_all_ta_features(df, 'open', 'high', 'low', 'close', 'volume', fillna=True).shape)\"")
TA_PINS = {"numpy": "2.2.6"}  # the NumPy the old ta releases were measured with

# sweetviz analyzes a small mixed frame and saves the report to HTML (no browser)
SWEETVIZ_CHECK = ("MPLBACKEND=Agg python -c \"import pandas as pd, sweetviz as sv; "
                       "df = pd.DataFrame({'a': [1.0, 2, 3, 4, 5, 6], 'b': list('xyxyzx'), 't': [1, 0, 1, 0, 1, 1]}); "
                       "sv.analyze(df).show_html('r.html', open_browser=False)\"")
# sweetviz imports pkg_resources without declaring setuptools (82 removed pkg_resources), hence roots=("setuptools",)
SWEETVIZ_PINS = {"setuptools": "80.9.0"}

# a TableOne over a numeric and a categorical column, grouped by a third (and with limit=2 for the second check)
TABLEONE_CHECK = ("python -c \"import pandas as pd; from tableone import TableOne; "
                       "df = pd.DataFrame({'x': [1.0, 2, 3, 4, 5, 6, 7, 8], 'c': list('aabbccdd'), 'g': list('uvuvuvuv')}); "
                       "print(TableOne(df, columns=['x', 'c'], categorical=['c'], groupby='g'))\"")
TABLEONE_LIMIT_CHECK = TABLEONE_CHECK.replace("groupby='g')", "groupby='g', limit=2)")
# with NumPy 1: the SciPy and statsmodels releases these stacks were measured with
TABLEONE_NP1_PINS = {"numpy": "1.26.4", "scipy": "1.13.1", "statsmodels": "0.14.4"}

# ffn.calc_stats over 300 made-up daily prices, then the stats table printed
FFN_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np, pandas as pd, ffn; "
                  "i = pd.date_range('2020-01-01', periods=300, freq='D'); "
                  "p = pd.Series(100 * np.cumprod(1 + np.random.default_rng(0).normal(0, 0.01, 300)), index=i, name='x'); "
                  "ffn.calc_stats(p).display()\"")

# cerebras-cloud-sdk: build the default client (no request sent)
CEREBRAS_CHECK = "python -c \"from cerebras.cloud.sdk import Cerebras; Cerebras(api_key='x')\""

# retell-sdk: build the default client (no request sent)
RETELL_CHECK = "python -c \"from retell import Retell; Retell(api_key='x')\""

# llama-stack-client: build the default client (no request sent)
LLAMA_STACK_CLIENT_CHECK = ("python -c \"from llama_stack_client import LlamaStackClient; "
                            "LlamaStackClient(base_url='http://127.0.0.1:5000')\"")

# mattermostautodriver: build a Driver (its httpx client is created at once; no request sent)
MATTERMOST_DRIVER_CHECK = ("python -c \"from mattermostautodriver import Driver; "
                           "Driver({'url': '127.0.0.1', 'port': 8065, 'scheme': 'http', 'token': 'x'})\"")

# runwayml: build the default client (no request sent)
RUNWAYML_CHECK = "python -c \"from runwayml import RunwayML; RunwayML(api_key='x')\""

# lumaai: build the default client through the Client alias every release exports (no request sent)
LUMAAI_CHECK = "python -c \"import lumaai; lumaai.Client(auth_token='x')\""

# browserbase: build the default client (no request sent)
BROWSERBASE_CHECK = "python -c \"from browserbase import Browserbase; Browserbase(api_key='x')\""
# scikit-multilearn: MLTSVM fitted on sparse features and labels (the input it is written for), then predict
SKMULTILEARN_MLTSVM_CHECK = ("python -c \"import numpy as np, scipy.sparse as sp; from skmultilearn.adapt import MLTSVM; "
                             "rs = np.random.RandomState(0); X = sp.csr_matrix(rs.rand(40, 5)); "
                             "Y = sp.csr_matrix((rs.rand(40, 3) > 0.5).astype(int)); "
                             "c = MLTSVM(c_k=2 ** -1); c.fit(X, Y); assert c.predict(X).shape == (40, 3)\"")
# scikit-multilearn declares no requirements, hence roots=("scikit-learn",) (SciPy comes with it); NumPy 1 and scikit-learn pinned
SKMULTILEARN_PINS = {"numpy": "1.26.4", "scikit-learn": "1.5.2"}

# scanpy: sc.pp.combat (ComBat batch correction) on a small sparse AnnData with two batches
SCANPY_COMBAT_CHECK = ("python -c \"import numpy as np, pandas as pd, anndata as ad, scipy.sparse as sp, scanpy as sc; "
                       "rs = np.random.RandomState(0); "
                       "a = ad.AnnData(X=sp.csr_matrix(rs.poisson(3, (40, 20)).astype(np.float32)), "
                       "obs=pd.DataFrame({'batch': ['a', 'b'] * 20}, index=['c%d' % i for i in range(40)])); "
                       "sc.pp.combat(a, key='batch'); assert a.X.shape == (40, 20)\"")
# NumPy 1 and the rest of the scanpy 1.9/1.10 stack pinned to releases these scanpy releases work with
SCANPY_COMBAT_PINS = {"numpy": "1.26.4", "pandas": "2.2.3", "anndata": "0.10.9", "matplotlib": "3.8.4",
                      "numba": "0.60.0", "scikit-learn": "1.5.2"}
# empyrical's Sharpe ratio, maximum drawdown and Sortino ratio (downside_risk) over 250 made-up daily returns
EMPYRICAL_CHECK = ("python -c \"import numpy as np, pandas as pd, empyrical as ep; "
                   "r = pd.Series(np.random.default_rng(0).normal(0.0005, 0.01, 250), index=pd.date_range('2020-01-01', periods=250, freq='B')); "
                   "print(ep.sharpe_ratio(r), ep.max_drawdown(r), ep.sortino_ratio(r))\"")

# mlxtend's SequentialFeatureSelector picks 2 of 4 features for a LogisticRegression on 60 random rows
MLXTEND_SFS_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np; from sklearn.linear_model import LogisticRegression; "
                     "from mlxtend.feature_selection import SequentialFeatureSelector as SFS; rng = np.random.default_rng(0); "
                     "X = rng.normal(size=(60, 4)); y = (X[:, 0] + X[:, 2] > 0).astype(int); "
                     "print(SFS(LogisticRegression(), k_features=2, cv=0).fit(X, y).k_feature_idx_)\"")
# scikit-learn, SciPy and pandas releases that accept both NumPy 1.26 and 2.x, so only NumPy changes between stacks
MLXTEND_PINS = {"scikit-learn": "1.5.2", "scipy": "1.15.3", "pandas": "2.3.3"}

# importing diffusers without torch still loads diffusers.utils (and its huggingface_hub imports)
DIFFUSERS_IMPORT = "python -c 'import diffusers'"
DIFFUSERS_PINS = {"numpy": "1.26.4"}

GRADIO_IMPORT = "python -c 'import gradio'"

FASTER_WHISPER_CHECK = "python -c \"import faster_whisper; assert 'tiny' in faster_whisper.available_models()\""

# the first step of evaluate.load('accuracy'): the Hub headers, built before any request is sent
EVALUATE_HUB_HEADERS = ("python -c \"from evaluate.utils.file_utils import get_authentication_headers_for_url as h; "
                        "h('https://huggingface.co/spaces/evaluate-metric/accuracy/resolve/main/accuracy.py')\"")
# astropy.units converts 3 m to cm (importing astropy.units registers astropy's NumPy function helpers)
ASTROPY_UNITS_CHECK = "python -c \"import astropy.units as u; assert (3 * u.m).to(u.cm).value == 300\""
# pyerfa 2.0.1.5 is built for NumPy 2 and accepts 2.3 and 2.4, so only NumPy changes between stacks
ASTROPY_PINS = {"pyerfa": "2.0.1.5"}
# NeuroKit2's frequency-domain HRV (signal_power) on the R-peaks of a simulated 60 s ECG
NEUROKIT2_HRV_CHECK = ("MPLBACKEND=Agg python -c \"import neurokit2 as nk; "
                       "ecg = nk.ecg_simulate(duration=60, sampling_rate=250, random_state=0); "
                       "peaks, info = nk.ecg_peaks(ecg, sampling_rate=250); "
                       "print(nk.hrv_frequency(peaks, sampling_rate=250)['HRV_HF'].iloc[0])\"")
# SciPy, pandas, scikit-learn and Matplotlib releases that accept both NumPy 2.3 and 2.4
NEUROKIT2_PINS = {"scipy": "1.16.3", "pandas": "2.3.3", "scikit-learn": "1.7.2", "matplotlib": "3.10.7"}
# the fully asymptotic BB84 key rate for a standard detector, optimised over the intensity (its README example)
QKD_KEY_RATE_CHECK = ("MPLBACKEND=Agg python -c \"from tno.quantum.communication.qkd_key_rate.quantum.bb84 import "
                      "BB84FullyAsymptoticKeyRateEstimate as E; "
                      "from tno.quantum.communication.qkd_key_rate.quantum import standard_detector as sd; "
                      "d = sd.customise(dark_count_rate=1e-8, polarization_drift=0, error_detector=0.1, efficiency_party=1); "
                      "print(E(detector=d).optimize_rate(attenuation=0.2))\"")
QKD_KEY_RATE_PINS = {"scipy": "1.16.3", "pandas": "2.3.3", "matplotlib": "3.10.7"}
# numpy.reshape on a numpoly polynomial goes through numpoly's __array_function__ override (as chaospy's E does)
NUMPOLY_RESHAPE_CHECK = "python -c \"import numpy, numpoly; print(numpy.reshape(numpoly.monomial(6), (3, 2)))\""
# svbench benchmarks a three-call BED set against itself (load_bed, add_intervals, quantify); svtype set by hand
SVBENCH_QUANTIFY_CHECK = ("python -c \"import os, tempfile; from svbench import io_tools as svb; d = tempfile.mkdtemp(); "
                          "p = os.path.join(d, 'a.bed'); "
                          "open(p, 'w').write('chr1\\t1000\\t5000\\nchr1\\t20000\\t26000\\nchr2\\t3000\\t9000\\n'); "
                          "ref = svb.CallSet(dataset='ref').load_bed(p); ref.breaks_df['svtype'] = 'DEL'; ref.add_intervals(); "
                          "q = svb.CallSet(dataset='q').load_bed(p); q.breaks_df['svtype'] = 'DEL'; "
                          "svb.quantify(ref, q, show_table=False)\"")
SVBENCH_PINS = {"pandas": "2.3.3", "matplotlib": "3.10.7", "ncls": "0.0.71", "networkx": "3.6.1"}

# a view documented with a YAML docstring (summary, ---, a response), as the Swagger generators read it
SWAGGER_VIEW = ("app = flask.Flask('x'); app.testing = True; f = lambda: 'x'; "
                "f.__doc__ = 'Get users\\n---\\nresponses:\\n  200:\\n    description: ok\\n'; app.add_url_rule('/u', 'u', f); ")
FLASK_SWAGGER_CHECK = ("python -c \"import flask, flask_swagger; " + SWAGGER_VIEW +
                       "assert flask_swagger.swagger(app)['paths']['/u']['get']['responses']\"")
FLASGGER_YAML_CHECK = ("python -c \"import flask, flasgger; " + SWAGGER_VIEW + "flasgger.Swagger(app); "
                       "assert app.test_client().get('/apispec_1.json').get_json()['paths']['/u']['get']['responses']\"")
# a GET over http+unix:// from a one-shot HTTP server on a Unix socket
REQUESTS_UNIXSOCKET_CHECK = ("python -c \"import os, socketserver, tempfile, threading, urllib.parse, requests_unixsocket; "
                             "p = os.path.join(tempfile.mkdtemp(), 's.sock'); "
                             + UNIX_HTTP_OK +
                             "assert requests_unixsocket.Session().get('http+unix://' + urllib.parse.quote(p, safe='') + '/x').text == 'OK'\"")
REQUESTS_UNIXSOCKET_PINS = {"urllib3": "1.26.20"}  # requests-unixsocket before 0.4.0 also fail with urllib3 2 (chunked)
CHATBLADE_CHECK = "chatblade -h"  # the CLI imports its OpenAI client module before parsing the arguments


AIOHTTP_SWAGGER_CHECK = ("python -c \"from aiohttp import web; from aiohttp_swagger import setup_swagger; app = web.Application(); "
                         "f = lambda request: None; f.__doc__ = 'Get users\\n---\\nresponses:\\n  200:\\n    description: ok\\n'; "
                         "app.router.add_get('/u', f); setup_swagger(app)\"")
AIOHTTP_SWAGGER_PINS = {"aiohttp": "3.14.5"}


# llm's Python API prompting gpt-3.5-turbo without streaming, answered by a local server posing as the OpenAI API;
# the exception's repr is printed (openai 1.0.0 raises AttributeError, later 1.x and up APIRemovedInV1 with a multi-line message)
# a local stand-in for the OpenAI chat-completions API (needs http.server, json and threading imported):
# every POST gets one assistant message, 'ok'; ``srv`` serves on 127.0.0.1
OPENAI_CHAT_SERVER = ("B = json.dumps({'id': 'x', 'object': 'chat.completion', 'created': 0, 'model': 'gpt-3.5-turbo', "
                      "'choices': [{'index': 0, 'message': {'role': 'assistant', 'content': 'ok'}, 'finish_reason': 'stop'}], "
                      "'usage': {'prompt_tokens': 1, 'completion_tokens': 1, 'total_tokens': 2}}).encode(); "
                      "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_POST': lambda s: (s.rfile.read(int(s.headers['Content-Length'])), "
                      "s.send_response(200), s.send_header('Content-Type', 'application/json'), s.send_header('Content-Length', str(len(B))), "
                      "s.end_headers(), s.wfile.write(B)), 'log_message': lambda *a: None}); " + SERVE_H)
LLM_OPENAI_CHECK = ("python -c \"" + LOOPBACK_UP + "import http.server, json, sys, threading, openai, llm; "
                    + OPENAI_CHAT_SERVER +
                    "sys.excepthook = lambda t, e, tb: sys.exit(repr(e)); "
                    "openai.api_base = 'http://127.0.0.1:%d/v1' % srv.server_port; m = llm.get_model('gpt-3.5-turbo'); m.key = 'x'; "
                    "assert m.prompt('hi', stream=False).text() == 'ok'\"")


LLM_MODELS_CHECK = "LLM_USER_PATH=\"$(mktemp -d)\" llm models"  # loads the built-in OpenAI plugin, no request sent
# a form class built from a declarative SQLAlchemy model, validated on posted data (``D`` stands in for a multidict)
WTFORMS_POST = "D = type('D', (dict,), {'getlist': lambda s, k: [s[k]] if k in s else []}); "
WTFORMS_ALCHEMY_CHECK = ("python -c \"import sqlalchemy as sa; from sqlalchemy.ext.declarative import declarative_base; "
                         "from wtforms_alchemy import ModelForm; B = declarative_base(); U = type('U', (B,), "
                         "{'__tablename__': 'u', 'id': sa.Column(sa.Integer, primary_key=True), "
                         "'name': sa.Column(sa.Unicode(20), nullable=False)}); "
                         "F = type('F', (ModelForm,), {'Meta': type('Meta', (), {'model': U})}); " + WTFORMS_POST +
                         "f = F(D(name='x')); assert f.validate(), f.errors; assert not F(D()).validate()\"")
WTFORMS_ALCHEMY_PINS = {"sqlalchemy": "1.4.54", "sqlalchemy-utils": "0.41.2", "wtforms-components": "0.10.5",
                        "validators": "0.20.0"}
WTFORMS_SQLALCHEMY_CHECK = ("python -c \"import sqlalchemy as sa; from sqlalchemy.orm import declarative_base; "
                            "from wtforms_sqlalchemy.orm import model_form; B = declarative_base(); U = type('U', (B,), "
                            "{'__tablename__': 'u', 'id': sa.Column(sa.Integer, primary_key=True), "
                            "'name': sa.Column(sa.String(20), nullable=False)}); F = model_form(U); " + WTFORMS_POST +
                            "f = F(D(name='x')); assert f.validate(), f.errors; assert not F(D()).validate()\"")
# an LDAP login manager configured for a closed port (nothing connects) and its login form bound to a posted request
FLASK_LDAP3_LOGIN_CHECK = ("python -c \"from flask import Flask; from flask_ldap3_login import LDAP3LoginManager; "
                           "from flask_ldap3_login.forms import LDAPLoginForm; app = Flask('x'); "
                           "app.config.update(SECRET_KEY='s', WTF_CSRF_ENABLED=False, LDAP_HOST='127.0.0.1', LDAP_PORT=9); "
                           "LDAP3LoginManager(app); ctx = app.test_request_context(method='POST', "
                           "data={'username': 'u', 'password': 'p'}); ctx.push(); f = LDAPLoginForm(); "
                           "assert f.username.data == 'u' and f.password.data == 'p'\"")
# 0.9.x import flask._app_ctx_stack (gone in Flask 3.0): Flask 2.3 keeps the proof on the WTForms break
FLASK_LDAP3_LOGIN_PINS = {**FLASK233_WZ23_PINS, "flask-wtf": "1.2.2", "ldap3": "2.9.1"}
# an AppBuilder on an in-memory SQLite database serves its login page
FLASK_APPBUILDER_CHECK = ("python -c \"from flask import Flask; from flask_appbuilder import AppBuilder, SQLA; "
                          "app = Flask('x'); app.config.update(SQLALCHEMY_DATABASE_URI='sqlite://', SECRET_KEY='s', "
                          "SQLALCHEMY_TRACK_MODIFICATIONS=False); db = SQLA(app); AppBuilder(app, db.session); "
                          "r = app.test_client().get('/login/'); assert r.status_code == 200, r.status_code\"")
# 2.x and 3.x run on Flask 1 (they cap it below 2); 2.3.4 does not cap SQLAlchemy, 3.x cap it below 1.4
FLASK_APPBUILDER_PINS = {**FLASK114_PINS, "sqlalchemy": "1.3.24"}
# Flask extensions broken by removals in Flask 2.0 (flask._compat, flask.helpers._endpoint_from_view_func),
# 2.3 (flask.json.JSONEncoder) and 3.0 (the context stacks, flask.helpers.locked_cached_property)
FLASK20_PINS = {"flask": "2.0.0", "werkzeug": "2.0.3"}  # Flask 2.0.0 with a Werkzeug that still has url_quote
FLASK230_PINS = {"flask": "2.3.0", "werkzeug": "2.3.8"}
FLASK_SCRIPT_CHECK = ("python -c \"import flask, flask_script as s; m = s.Manager(flask.Flask('x')); "
                      "m.add_command('shell', s.Shell()); m.add_command('runserver', s.Server())\"")
FLASK_RESTFUL_CHECK = ("python -c \"import flask, flask_restful as r; app = flask.Flask('x'); api = r.Api(app); "
                       "api.add_resource(type('R', (r.Resource,), {'get': lambda s: {'a': 1}}), '/'); "
                       "assert app.test_client().get('/').get_json() == {'a': 1}\"")
FLASK_ALLOWS_CHECK = ("python -c \"import flask, flask_allows as a; app = flask.Flask('x'); "
                      "a.Allows(app, identity_loader=lambda: 'u'); app.test_request_context().push(); "
                      "assert a.Permission(lambda user: user == 'u')\"")
FLASK_COLLECT_CHECK = ("python -c \"import flask, flask_collect as c; app = flask.Flask('x'); "
                       "app.config['COLLECT_STATIC_ROOT'] = __import__('tempfile').mkdtemp(); c.Collect(app)\"")
FLASK_BABEL_CHECK = ("python -c \"import flask, flask_babel as b; app = flask.Flask('x'); b.Babel(app); "
                     "app.test_request_context().push(); assert b.gettext('hi') == 'hi' and str(b.get_locale()) == 'en'\"")
FLASK_JSON_CHECK = ("python -c \"import flask, flask_json as j; app = flask.Flask('x'); j.FlaskJSON(app); "
                    "app.route('/')(lambda: j.json_response(a=1)); assert app.test_client().get('/').get_json()['a'] == 1\"")
# in debug mode the toolbar injects its markup into an HTML page
FLASK_DEBUGTOOLBAR_CHECK = ("python -c \"import flask, flask_debugtoolbar as d; app = flask.Flask('x'); app.debug = True; "
                            "app.config['SECRET_KEY'] = 'k'; d.DebugToolbarExtension(app); "
                            "app.route('/')(lambda: '<html><body>hi</body></html>'); "
                            "assert b'flDebug' in app.test_client().get('/').data\"")


# OAuth(app).remote_app(...).authorize builds the provider redirect in a request context (no request is sent)
FLASK_OAUTHLIB_CHECK = ("python -c \"import flask; from flask_oauthlib.client import OAuth; app = flask.Flask('x'); "
                        "app.secret_key = 'k'; r = OAuth(app).remote_app('gh', consumer_key='a', consumer_secret='b', "
                        "base_url='https://api.github.com/', access_token_url='https://github.com/login/oauth/access_token', "
                        "authorize_url='https://github.com/login/oauth/authorize'); app.test_request_context().push(); "
                        "assert 'client_id=a' in r.authorize(callback='http://localhost/cb').location\"")
FLASK_UPLOADS_CHECK = ("python -c \"import tempfile, flask, flask_uploads as u; app = flask.Flask('x'); "
                       "app.config['UPLOADS_DEFAULT_DEST'] = tempfile.mkdtemp(); s = u.UploadSet('photos', u.IMAGES); "
                       "u.configure_uploads(app, s); app.app_context().push(); "
                       "assert s.file_allowed(None, 'a.png') and s.path('a.png').endswith('a.png')\"")
# ADAuth().init_app(app), then its SQLite-backed connection (AD_STORAGE defaults to an in-memory sqlite) and the sign-in URL
FLASK_AD_AUTH_CHECK = ("python -c \"import flask; from flask_ad_auth import ADAuth; app = flask.Flask('x'); app.secret_key = 'k'; "
                       "a = ADAuth(); a.init_app(app); app.app_context().push(); "
                       "assert a.db_connection is not None and 'login.microsoftonline.com' in a.sign_in_url\"")
# LDAPConn(app) with ldap3's in-memory MOCK_SYNC strategy: the app context's connection is built without a server
FLASK_LDAPCONN_CHECK = ("python -c \"import flask, ldap3; from flask_ldapconn import LDAPConn; app = flask.Flask('x'); "
                        "app.config.update(LDAP_CONNECTION_STRATEGY=ldap3.MOCK_SYNC, LDAP_USE_TLS=False); ldap = LDAPConn(app); "
                        "ctx = app.app_context(); ctx.push(); c = ldap.connection; "
                        "assert isinstance(c, ldap3.Connection) and c is ldap.connection; ctx.pop()\"")
FLASK_OAUTHLIB_PINS = {"oauthlib": "2.1.0", "requests-oauthlib": "1.1.0"}  # oauthlib <3 (0.9.x caps it)
FLASK1_WZ016_PINS = {"flask": "1.1.4", "werkzeug": "0.16.1", "jinja2": "2.11.3", "markupsafe": "2.0.1", "click": "7.1.2"}


FLASGGER_SPEC_CHECK = ("python -c \"import flask, flasgger; app = flask.Flask('x'); flasgger.Swagger(app); "
                       "r = app.test_client().get('/apispec_1.json'); assert r.status_code == 200 and 'swagger' in r.get_json()\"")
# connect=False: MongoEngine(app) registers the connection lazily and no server is contacted
FLASK_MONGOENGINE_CHECK = ("python -c \"import flask, flask_mongoengine as m; app = flask.Flask('x'); "
                           "app.config['MONGODB_SETTINGS'] = {'host': 'mongodb://127.0.0.1:9/x', 'connect': False}; "
                           "db = m.MongoEngine(app); T = type('T', (db.Document,), {'a': db.StringField()}); "
                           "assert T(a='b').to_mongo().to_dict() == {'a': 'b'} and 'b' in T(a='b').to_json()\"")


FLASK_API_KEY_CHECK = "python -c \"import flask, flask_api_key as k; k.APIKeyManager(flask.Flask('x'))\""


# RedMail(app) only reads the configuration: no SMTP connection is opened
FLASK_REDMAIL_CHECK = ("python -c \"import flask, flask_redmail as r; app = flask.Flask('x'); "
                       "app.config.update(EMAIL_HOST='127.0.0.1', EMAIL_PORT=9, EMAIL_SENDER='a@b.c'); r.RedMail(app); "
                       "app.app_context().push()\"")


# bia-bob's generate_response_from_openai (what its %bob magic calls) answered by a local server posing as the
# OpenAI API; an IPython shell is provided first because importing bia_bob registers its magics
BIA_BOB_CHECK = ("python -c \"" + LOOPBACK_UP + "import builtins, http.server, json, os, sys, threading; "
                 "from IPython.core.interactiveshell import InteractiveShell; builtins.get_ipython = InteractiveShell.instance().get_ipython; "
                 + OPENAI_CHAT_SERVER +
                 "sys.excepthook = lambda t, e, tb: sys.exit(repr(e)); os.environ['OPENAI_API_KEY'] = 'x'; "
                 "os.environ['OPENAI_BASE_URL'] = os.environ['OPENAI_API_BASE'] = 'http://127.0.0.1:%d/v1' % srv.server_port; "
                 "from bia_bob._utilities import generate_response_from_openai; "
                 "assert generate_response_from_openai('gpt-3.5-turbo', 'be brief', 'hi', []) == 'ok'\"")
BIA_BOB_PINS = {"ipython": "9.18.1"}

EBLTABLE_CHECK = ("python -c \"from ebltable.tau_from_model import OptDepth; "
                  "assert OptDepth.readmodel(model='dominguez').opt_depth(0.1, 1.0) > 0\"")
EBLTABLE_PINS = {"numpy": "2.2.6", "astropy": "8.0.2"}
MIXSEA_CHECK = ("python -c \"import numpy as np, mixsea; z = np.arange(0, 2000, 2.0); "
                "n2 = mixsea.nsq.adiabatic_leveling(z, 35 + 0 * z, 20 * np.exp(-z / 500) + 2, 0 * z, 0 * z + 10, "
                "bin_width=100, order=1); assert np.isfinite(n2).any()\"")
MIXSEA_PINS = {"numpy": "2.2.6", "gsw": "3.6.23"}
UPSETPLOT_PANDAS3_CHECK = ("MPLBACKEND=Agg python -c \"import upsetplot; "
                           "d = upsetplot.from_memberships([['a', 'b'], ['b', 'c'], ['a']], data=[5, 10, 3]); "
                           "upsetplot.UpSet(d).plot()\"")
UPSETPLOT_PANDAS3_PINS = {"numpy": "2.2.6", "matplotlib": "3.10.8"}

FLAVIO_CHECK = "python -c \"import flavio; assert flavio.sm_prediction('BR(Bs->mumu)') > 0\""
FLAVIO_PINS = {"numpy": "2.2.6", "particle": "0.24.0", "setuptools": "80.9.0"}
WFDB_CHECK = ("python -c \"import os, tempfile, numpy as np, wfdb; d = tempfile.mkdtemp(); "
              "wfdb.wrsamp('r', fs=250, units=['mV'], sig_name=['I'], p_signal=np.sin(np.arange(0, 10, 1 / 250))[:, None], "
              "fmt=['16'], write_dir=d); assert wfdb.rdrecord(os.path.join(d, 'r')).p_signal.shape == (2500, 1)\"")
WFDB_PINS = {"numpy": "2.2.6", "scipy": "1.14.1"}

PYSSIM_CHECK = ("python -c \"import numpy as np; from PIL import Image; from ssim import SSIM; "
                "from ssim.utils import get_gaussian_kernel; "
                "a = Image.fromarray((np.random.default_rng(0).random((64, 64)) * 255).astype('uint8')); b = a.rotate(3); "
                "assert SSIM(a, get_gaussian_kernel(11, 1.5)).ssim_value(b) > 0; assert SSIM(a).cw_ssim_value(b) > 0\"")
PYSSIM_PINS = {"numpy": "2.2.6", "pillow": "11.3.0"}
JAMS_CHECK = ("python -c \"import io, jams; "
              "ann = jams.util.import_lab('beat', io.StringIO('1.0 1\\n3.0 2\\n5.0 3\\n')); "
              "d = [o.duration for o in ann.data]; assert d[:2] == [2.0, 2.0], f'import_lab left durations at {d}'\"")

PYGAM_CHECK = ("python -c \"import numpy as np; from pygam import LinearGAM, s; rng = np.random.default_rng(0); "
               "X = rng.uniform(0, 10, (200, 1)); y = np.sin(X[:, 0]) + rng.normal(0, 0.1, 200); "
               "assert LinearGAM(s(0)).fit(X, y).predict(X[:3]).shape == (3,)\"")

PYNUMDIFF_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np, pynumdiff; dt = 0.01; x = np.sin(np.arange(0, 4, dt)); "
                   "assert pynumdiff.finite_difference.first_order(x, dt)[1].shape == x.shape; "
                   "assert pynumdiff.linear_model.savgoldiff(x, dt, [3, 20, 25])[1].shape == x.shape\"")
PYNUMDIFF_PINS = {"numpy": "2.2.6", "matplotlib": "3.10.8"}

PARTITURA_CHECK = ("python -c \"import partitura as pt; "
                   "assert len(pt.load_musicxml(pt.EXAMPLE_MUSICXML).note_array()) > 0\"")
PARTITURA_PINS = {"numpy": "2.2.6", "setuptools": "80.9.0"}
DATAMATRIX_CHECK = ("python -c \"from datamatrix import DataMatrix, IntColumn; dm = DataMatrix(length=4); dm.x = IntColumn; "
                    "dm.x = [1, 2, 3, 4]; assert list(((dm.x == 1) | (dm.x == 4)).x) == [1, 4]\"")
DATAMATRIX_PINS = {"scipy": "1.16.3"}
AUGUR_FREQUENCIES_CHECK = ("cd \"$(mktemp -d)\" && printf '((A:0.1,B:0.1,C:0.1,D:0.1)X:0.1,(E:0.1,F:0.1,G:0.1,H:0.1)Y:0.1)R;\\n' > t.nwk "
                           "&& printf 'strain\\tdate\\nA\\t2020-01-10\\nB\\t2020-03-10\\nC\\t2020-05-10\\nD\\t2020-07-10\\n"
                           "E\\t2020-02-10\\nF\\t2020-04-10\\nG\\t2020-06-10\\nH\\t2020-08-10\\n' > m.tsv "
                           "&& augur frequencies --method diffusion --tree t.nwk --metadata m.tsv --minimal-clade-size-to-estimate 1 "
                           "--pivot-interval 1 --output f.json && test -s f.json")
AUGUR_PINS = {"pandas": "2.3.3", "scipy": "1.16.3"}
HRV_ANALYSIS_CHECK = ("MPLBACKEND=Agg python -c \"import numpy as np; from hrvanalysis import get_frequency_domain_features; "
                      "nn = list(800 + 50 * np.sin(np.arange(300) / 5.0) + np.random.RandomState(0).randn(300) * 10); "
                      "print(get_frequency_domain_features(nn)['lf_hf_ratio'])\"")
HRV_ANALYSIS_PINS = {"astropy": "7.2.0", "matplotlib": "3.10.8", "nolds": "0.6.2", "pandas": "3.0.2", "scipy": "1.17.1",
                     "setuptools": "81.0.0"}
# pysheds: import the grid module and build a 2x2 ViewFinder (the view every Grid keeps); JIT off, so numba does not
# compile pysheds' kernels (with it on, 0.3-0.3.5 already fail at import while compiling a kernel that uses np.bool8)
PYSHEDS_CHECK = ("NUMBA_DISABLE_JIT=1 python -c \"import pysheds.grid; from pysheds.sview import ViewFinder; "
                 "assert ViewFinder(shape=(2, 2)).mask.all()\"")
PYSHEDS_PINS = {"pandas": "2.3.3", "scipy": "1.17.1", "scikit-image": "0.26.0", "rasterio": "1.4.4", "pyproj": "3.7.2"}
PANDERA_CHECK = ("python -c \"import pandas as pd, pandera as pa; "
                 "s = pa.DataFrameSchema({'a': pa.Column(int, pa.Check.ge(0))}); "
                 "assert s.validate(pd.DataFrame({'a': [1, 2]})).shape == (2, 1)\"")
PANDERA_PINS = {"pandas": "2.3.3", "multimethod": "1.10"}
PANDERA_NUMPY1_PINS = {"pandas": "2.3.3", "numpy": "1.26.4"}  # NumPy before 2 (pandera 0.18-0.19.3 break on np.string_)
# the evaluate-cli console script (the template extra: cookiecutter, resolved as a root) printing its help
EVALUATE_CLI_CHECK = "evaluate-cli --help"
DEERLAB_CHECK = ("python -c \"import numpy as np, deerlab as dl; r = np.linspace(2, 6, 60); "
                 "f = dl.fit(dl.dd_gauss, dl.dd_gauss(r, 4, 0.4), r); assert abs(float(f.mean) - 4) < 0.1\"")
DEERLAB_PINS = {"scipy": "1.17.1", "cvxopt": "1.3.3", "matplotlib": "3.11.2"}
# Sphinx 2.x and 3.x on Python 3.11: the sphinxcontrib builders and alabaster from before they required Sphinx 5, docutils
# 0.16 and a setuptools that still ships pkg_resources (Sphinx 2 and 3 load its entry points with it)
SPHINX3_PINS = {"sphinxcontrib-applehelp": "1.0.4", "sphinxcontrib-devhelp": "1.0.2", "sphinxcontrib-htmlhelp": "2.0.1",
                "sphinxcontrib-serializinghtml": "1.1.5", "sphinxcontrib-qthelp": "1.0.3", "sphinxcontrib-jsmath": "1.0.1",
                "alabaster": "0.7.13", "docutils": "0.16", "setuptools": "69.5.1"}

# trezorctl 0.13.1 imports PIL (from trezor's `extra` extra) at start-up, hence roots=("pillow",)
TREZOR_PINS = {"construct": "2.10.70", "ecdsa": "0.19.2", "mnemonic": "0.21", "libusb1": "3.4.0", "pillow": None}
# an MHL history for a one-file folder the check makes itself
ASCMHL_CHECK = ("cd \"$(mktemp -d)\" && mkdir f && echo hi > f/a.txt && ascmhl create f -h xxh64 "
                "&& ls f/ascmhl | grep -q mhl")
ASCMHL_PINS = {"lxml": "6.2.0", "xxhash": "4.1.0", "pathspec": "1.1.1"}

# a request to an app with no routes (404): Quart 0.7 to 0.16 import jinja2's Markup and escape on the way
QUART_404_CHECK = ("python -c \"import asyncio, quart; app = quart.Quart('x'); "
                   "r = asyncio.run(app.test_client().get('/')); assert r.status_code == 404, r.status_code\"")
QUART07_PINS = {"hypercorn": "0.5.4"}
QUART016_PINS = {"werkzeug": "2.0.3", "hypercorn": "0.18.0"}  # Quart 0.16 and 0.17 predate Werkzeug 2.1

# mkdocs build of a page that documents json.dumps with mkdocstrings' python handler (pytkdocs)
MKDOCSTRINGS_CHECK = ("cd \"$(mktemp -d)\" && mkdir docs && printf '# hi\\n\\n::: json.dumps\\n' > docs/index.md "
                      "&& printf 'site_name: x\\nplugins:\\n  - mkdocstrings\\n' > mkdocs.yml && mkdocs build -q "
                      "&& grep -q Serialize site/index.html")
MKDOCSTRINGS_PINS = {"mkdocs": "1.2.4", "markdown": "3.3.7", "pymdown-extensions": "9.11"}
MKDOCSTRINGS016_PINS = {**MKDOCSTRINGS_PINS, "pytkdocs": "0.12.0", "mkdocs-autorefs": "0.3.1"}
MKDOCSTRINGS017_PINS = {**MKDOCSTRINGS_PINS, "pytkdocs": "0.16.5", "mkdocs-autorefs": "0.4.1"}

# pelican's default theme renders a one-article reStructuredText site the check writes itself
PELICAN_CHECK = ("cd \"$(mktemp -d)\" && mkdir content && printf 'Hello\\n#####\\n\\n:date: 2020-01-01\\n\\nhi\\n' "
                 "> content/a.rst && pelican content -o out -q && test -f out/hello.html")
PELICAN_PINS = {"docutils": "0.21.2", "feedgenerator": "2.2.1", "blinker": "1.9.0", "pygments": "2.21.0"}

# `rq info` against fakeredis' TCP server on 127.0.0.1 (no Redis here), hence roots=("fakeredis",)
RQ_INFO_CHECK = ("python -c \"" + LOOPBACK_UP + "import os, subprocess, sys, threading; from fakeredis import TcpFakeServer; "
                 "s = TcpFakeServer(('127.0.0.1', 0), server_type='redis'); "
                 "threading.Thread(target=s.serve_forever, daemon=True).start(); "
                 "r = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'rq'), 'info', '--url', "
                 "'redis://127.0.0.1:%d' % s.server_address[1]], capture_output=True, text=True, timeout=120); "
                 "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); sys.exit(r.returncode)\"")
RQ_PINS = {"redis": "4.6.0", "fakeredis": "2.41.0"}

# OpenIDConnect(app) from a client-secrets file the check writes, then the OIDC callback without a state (401)
FLASK_OIDC_EXT_CHECK = ("python -c \"import json, os, tempfile, flask, flask_oidc_ext as o; p = os.path.join(tempfile.mkdtemp(), 'cs.json'); "
                        "json.dump({'web': {'client_id': 'x', 'client_secret': 'y', 'auth_uri': 'https://x.test/a', "
                        "'token_uri': 'https://x.test/t', 'issuer': 'https://x.test', "
                        "'redirect_uris': ['http://localhost/oidc_callback']}}, open(p, 'w')); app = flask.Flask('x'); "
                        "app.config.update(SECRET_KEY='k', OIDC_CLIENT_SECRETS=p); o.OpenIDConnect(app); "
                        "r = app.test_client().get('/oidc_callback'); assert r.status_code == 401, r.status_code\"")

# a template using the route_url filter that pyramid_jinja2's docs configure from pyramid_jinja2.filters
PYRAMID_JINJA2_FILTERS_CHECK = ("python -c \"import os, tempfile; from pyramid.config import Configurator; "
                                "from pyramid.renderers import render; from pyramid.testing import DummyRequest; d = tempfile.mkdtemp(); "
                                "open(os.path.join(d, 'x.jinja2'), 'w').write('{{ r | route_url }}'); "
                                "c = Configurator(settings={'jinja2.filters': 'route_url = pyramid_jinja2.filters:route_url_filter'}); "
                                "c.include('pyramid_jinja2'); c.add_jinja2_search_path(d); c.add_route('home', '/h'); c.commit(); c.begin(); "
                                "out = render('x.jinja2', {'r': 'home'}, request=DummyRequest()); "
                                "assert out == 'http://example.com/h', out\"")
PYRAMID_PINS = {"pyramid": "2.1", "webob": "1.8.11"}

# confight parsing a TOML file (confight 0.3 to 1.3 import pkg_resources at module level, 0.3 to 1.2 without declaring setuptools)
CONFIGHT_TOML_CHECK = ("cd \"$(mktemp -d)\" && printf '[a]\\nb = 1\\n' > c.toml && "
                       "python -c \"import confight; assert confight.parse('c.toml') == {'a': {'b': 1}}\"")
# openapi-spec-validator validating a minimal OpenAPI 3.0 document
OPENAPI_SPEC_VALIDATOR_CHECK = ("python -c \"from openapi_spec_validator import validate_spec; "
                                "validate_spec({'openapi': '3.0.0', 'info': {'title': 'x', 'version': '1'}, 'paths': {}})\"")
# scrapyd's runner (what scrapyd starts for every job) printing the Scrapy version, no project needed
SCRAPYD_RUNNER_CHECK = "cd \"$(mktemp -d)\" && SCRAPY_PROJECT=x python -m scrapyd.runner version"
SCRAPYD_PINS = {"scrapy": "2.19.0", "twisted": "26.10.0"}
# pytest with the plugin enabled on a one-test module (a clean module for pytest-pylint, which lints it as a test item)
PYTEST_PYLINT_CHECK = ("cd \"$(mktemp -d)\" && printf '\"\"\"Tests.\"\"\"\\n\\n\\ndef test_x():\\n    \"\"\"Check.\"\"\"\\n    assert True\\n' > test_a.py && "
                       "{ python -m pytest -q -p no:cacheprovider --pylint test_a.py" + PYTEST_ERROR)
NBVAL_CHECK = ("cd \"$(mktemp -d)\" && printf 'def test_x():\\n    assert True\\n' > test_a.py && "
               "{ python -m pytest -q -p no:cacheprovider --nbval test_a.py" + PYTEST_ERROR)
NBVAL_PINS = {"ipykernel": "7.4.0", "jupyter-client": "8.10.0", "nbformat": "5.11.1", "coverage": "7.17.5"}
DEERLAB11_PINS = {"cvxopt": "1.3.3", "matplotlib": "3.9.4"}

ACME_CHECK = ("python -c \"import josepy as jose; from acme import client, messages; "
              "from cryptography.hazmat.primitives.asymmetric import rsa; "
              "key = jose.JWKRSA(key=rsa.generate_private_key(65537, 2048)); "
              "reg = messages.NewRegistration.from_data(email='a@example.com', terms_of_service_agreed=True); "
              "assert messages.NewRegistration.from_json(reg.to_json()) == reg; assert key.public_key().thumbprint()\"")
ACME_PINS = {"cryptography": "43.0.3", "pyopenssl": "24.2.1"}

REQUESTS_PKCS12_CHECK = (
    "python -c \"import datetime as d; from cryptography import x509; from cryptography.x509.oid import NameOID; "
    "from cryptography.hazmat.primitives import hashes; from cryptography.hazmat.primitives.asymmetric import rsa; "
    "from cryptography.hazmat.primitives.serialization import pkcs12, BestAvailableEncryption; import requests_pkcs12; "
    "k = rsa.generate_private_key(65537, 2048); n = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'x')]); "
    "t = d.datetime.utcnow(); c = x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())"
    ".serial_number(1).not_valid_before(t - d.timedelta(days=1)).not_valid_after(t + d.timedelta(days=9))"
    ".sign(k, hashes.SHA256()); "
    "p12 = pkcs12.serialize_key_and_certificates(b'x', k, c, None, BestAvailableEncryption(b'pw')); "
    "requests_pkcs12.Pkcs12Adapter(pkcs12_data=p12, pkcs12_password='pw')\"")
REQUESTS_PKCS12_PINS = {"requests": "2.32.3", "urllib3": "2.2.3"}

JOSEPY_CHECK = ("python -c \"import josepy as jose; from cryptography.hazmat.primitives.asymmetric import rsa; "
                "k = jose.JWKRSA(key=rsa.generate_private_key(65537, 2048)); "
                "s = jose.JWS.sign(b'payload', key=k, alg=jose.RS256); "
                "assert jose.JWS.json_loads(s.json_dumps()).verify(k.public_key())\"")

SCRAPY_TLS_CHECK = ("python -c \"from scrapy.utils.test import get_crawler; "
                    "from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler as H; c = get_crawler(); "
                    "h = H.from_crawler(c) if hasattr(H, 'from_crawler') else H(c.settings, c); "
                    "assert type(h._contextFactory).__name__ == 'ScrapyClientContextFactory'\"")
SCRAPY26_PINS = {"twisted": "22.4.0", "w3lib": "1.22.0", "parsel": "1.6.0", "cssselect": "1.1.0", "lxml": "4.9.3"}

PYSAML2_VERIFY_CHECK = (
    "python -c \"import datetime as d; from cryptography import x509; from cryptography.x509.oid import NameOID; "
    "from cryptography.hazmat.primitives import hashes, serialization; from cryptography.hazmat.primitives.asymmetric import rsa; "
    "from saml2.cert import OpenSSLWrapper; t = d.datetime.utcnow(); "
    "n = lambda c: x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, c)]); "
    "mk = lambda cn, k, ik: x509.CertificateBuilder().subject_name(n(cn)).issuer_name(n('ca')).public_key(k.public_key())"
    ".serial_number(x509.random_serial_number()).not_valid_before(t - d.timedelta(days=1))"
    ".not_valid_after(t + d.timedelta(days=9)).sign(ik, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode(); "
    "ka = rsa.generate_private_key(65537, 2048); kb = rsa.generate_private_key(65537, 2048); "
    "ok, msg = OpenSSLWrapper().verify(mk('ca', ka, ka), mk('leaf', kb, ka)); assert ok, msg\"")
# pysaml2 7.0.0 imports pkg_resources without declaring setuptools (82 removed it), hence roots=("setuptools",)
PYSAML2_PINS = {"xmlschema": "2.5.1", "setuptools": "81.0.0"}

# eli5: import (it loads eli5.sklearn) and the text explanation of a fitted LogisticRegression's weights
ELI5_CHECK = ("python -c \"import eli5; from sklearn.linear_model import LogisticRegression; "
              "m = LogisticRegression().fit([[0, 1], [1, 0], [0, 2], [2, 0]], [0, 1, 0, 1]); "
              "assert 'x0' in eli5.format_as_text(eli5.explain_weights(m))\"")
SKLEARN_NP1_PINS = {"numpy": "1.26.4", "scipy": "1.13.1"}  # every scikit-learn from 1.2.2 to 1.9.1 installs with them
# sklearn-pandas: a DataFrameMapper of two StandardScalers fitted on a small DataFrame
SKLEARN_PANDAS_CHECK = ("python -c \"import pandas as pd; from sklearn_pandas import DataFrameMapper; "
                        "from sklearn.preprocessing import StandardScaler; df = pd.DataFrame({'a': [1.0, 2.0, 3.0], 'b': [4.0, 5.0, 7.0]}); "
                        "assert DataFrameMapper([(['a'], StandardScaler()), (['b'], StandardScaler())]).fit_transform(df).shape == (3, 2)\"")
# sklearn-pandas 2.x import six without declaring it: roots=("six",) and six pinned
SKLEARN_PANDAS_PINS = {**SKLEARN_NP1_PINS, "pandas": "2.2.3", "six": "1.17.0"}
# mlxtend: a StackingCVClassifier of GaussianNB and LogisticRegression fitted and scored on iris
MLXTEND_STACKING_CHECK = ("python -c \"from mlxtend.classifier import StackingCVClassifier; from sklearn.datasets import load_iris; "
                          "from sklearn.linear_model import LogisticRegression as LR; from sklearn.naive_bayes import GaussianNB; "
                          "X, y = load_iris(return_X_y=True); s = StackingCVClassifier([GaussianNB(), LR(max_iter=300)], "
                          "meta_classifier=LR(max_iter=300), cv=2, random_state=0).fit(X, y); assert s.score(X, y) > 0.8\"")
MLXTEND_SK_PINS = {"numpy": "1.26.4", "scipy": "1.13.1", "pandas": "2.2.3", "matplotlib": "3.8.4"}
MLXTEND_SK_NEW_PINS = {"numpy": "2.3.5", "scipy": "1.16.3", "pandas": "2.3.3", "matplotlib": "3.10.8"}  # what 0.24.0 requires
# feature-engine: its Pipeline of a MeanMedianImputer and a OneHotEncoder fitted on a small DataFrame
FEATURE_ENGINE_PIPELINE_CHECK = ("python -c \"import pandas as pd; from feature_engine.pipeline import Pipeline; "
                                 "from feature_engine.imputation import MeanMedianImputer; from feature_engine.encoding import OneHotEncoder; "
                                 "df = pd.DataFrame({'a': [1.0, None, 3.0, 4.0], 'c': ['x', 'y', 'x', 'y']}); "
                                 "p = Pipeline([('imp', MeanMedianImputer(variables=['a'])), ('ohe', OneHotEncoder(variables=['c']))]); "
                                 "assert p.fit_transform(df).shape == (4, 3)\"")
FEATURE_ENGINE_PINS = {**SKLEARN_NP1_PINS, "pandas": "2.2.3", "statsmodels": "0.14.4"}
# yellowbrick: a ClassificationReport of a LogisticRegression fitted, scored and finalized on iris
YELLOWBRICK_CLASSIFIER_CHECK = ("MPLBACKEND=Agg python -c \"from sklearn.datasets import load_iris; "
                                "from sklearn.linear_model import LogisticRegression; from yellowbrick.classifier import ClassificationReport; "
                                "X, y = load_iris(return_X_y=True); v = ClassificationReport(LogisticRegression(max_iter=300)); "
                                "v.fit(X, y); v.score(X, y); v.finalize()\"")
YELLOWBRICK_SK_PINS = {**SKLEARN_NP1_PINS, "matplotlib": "3.8.4"}
# scikit-lego: a GroupedPredictor of LinearRegression fitted per group on a small DataFrame, then predicting
SKLEGO_GROUPED_CHECK = ("python -c \"import pandas as pd; from sklego.meta import GroupedPredictor; "
                        "from sklearn.linear_model import LinearRegression; "
                        "df = pd.DataFrame({'g': ['a', 'a', 'b', 'b'], 'x': [1.0, 2.0, 3.0, 4.0]}); "
                        "m = GroupedPredictor(LinearRegression(), groups=['g']).fit(df, [1.0, 2.0, 3.0, 5.0]); "
                        "assert len(m.predict(df)) == 4\"")
# scikit-lego 0.6.x require umap-learn: 0.5.7 (with numba 0.60.0) still installs beside scikit-learn 1.2.2
SKLEGO_PINS = {**SKLEARN_NP1_PINS, "pandas": "2.2.3", "umap-learn": "0.5.7", "numba": "0.60.0", "pynndescent": "0.5.13"}
# dstoolbox: a TimedPipeline (StandardScaler, LinearRegression) fitted and predicting, its timings sent to a no-op sink
DSTOOLBOX_CHECK = ("python -c \"import numpy as np; from dstoolbox.pipeline import TimedPipeline; "
                   "from sklearn.preprocessing import StandardScaler; from sklearn.linear_model import LinearRegression; "
                   "X = np.arange(20, dtype=float).reshape(10, 2); "
                   "p = TimedPipeline([('s', StandardScaler()), ('lr', LinearRegression())], sink=lambda *a, **k: None).fit(X, X.sum(1)); "
                   "assert p.predict(X).shape == (10,)\"")
# dstoolbox imports pkg_resources without declaring setuptools: roots=("setuptools",), and 80.9.0 still has it
DSTOOLBOX_PINS = {**SKLEARN_NP1_PINS, "pandas": "2.2.3", "setuptools": "80.9.0"}
# sklearn-genetic: GeneticSelectionCV run for one generation of four individuals on iris
GENETIC_CHECK = ("python -c \"from genetic_selection import GeneticSelectionCV; from sklearn.datasets import load_iris; "
                 "from sklearn.linear_model import LogisticRegression; X, y = load_iris(return_X_y=True); "
                 "s = GeneticSelectionCV(LogisticRegression(max_iter=200), cv=2, n_population=4, n_generations=1, "
                 "n_jobs=1).fit(X, y); assert s.support_.any()\"")
GENETIC_PINS = {**SKLEARN_NP1_PINS, "deap": "1.4.4"}
# sklearn-genetic 0.5.1 and older call np.bool in fit (gone from NumPy 1.24 to 1.26): NumPy 1.23.5 for the stacks that fit
GENETIC_OLD_PINS = {"numpy": "1.23.5", "scipy": "1.10.1", "deap": "1.4.4"}
# tikzplotlib converting a one-line Matplotlib figure to TikZ code (no legend: legends need Matplotlib < 3.6)
TIKZPLOTLIB_CHECK = ("MPLBACKEND=Agg python -c 'import matplotlib.pyplot as plt, tikzplotlib; "
                     "fig, ax = plt.subplots(); ax.plot([0, 1, 2], [1, 3, 2]); "
                     "assert \"addplot\" in tikzplotlib.get_tikz_code(fig)'")
# webcolors 24.6 removed CSS3_HEX_TO_NAMES, which tikzplotlib 0.10.x read for every colour (0.9.x do not declare
# webcolors, hence the root)
TIKZPLOTLIB_PINS = {"numpy": "1.26.4", "webcolors": "1.13"}

# seaborn moving an Axes legend with sns.move_legend (plain Matplotlib lines, so no seaborn plotting code runs)
SEABORN_MOVE_LEGEND_CHECK = ("MPLBACKEND=Agg python -c 'import matplotlib.pyplot as plt, seaborn as sns; "
                             "fig, ax = plt.subplots(); ax.plot([0, 1], [1, 2], label=\"a\"); ax.legend(); "
                             "sns.move_legend(ax, \"upper left\", title=\"t\"); "
                             "assert ax.get_legend().get_title().get_text() == \"t\"'")
SEABORN_MOVE_LEGEND_PINS = {"numpy": "1.26.4", "pandas": "2.2.3"}

# july drawing and saving a GitHub-style activity heatmap over 60 days
JULY_CHECK = ("MPLBACKEND=Agg python -c 'import numpy as np, matplotlib.pyplot as plt, july; "
              "from datetime import date, timedelta; d = [date(2024, 1, 1) + timedelta(i) for i in range(60)]; "
              "july.heatmap(d, np.arange(60), cmap=\"github\"); plt.savefig(\"j.png\")'")

# ydata-profiling building a minimal HTML report on a small frame (its histograms run in a Matplotlib context manager)
YDATA_PROFILING_CHECK = ("MPLBACKEND=Agg python -c 'import pandas as pd; from ydata_profiling import ProfileReport; "
                         "df = pd.DataFrame({\"a\": [1.0, 2.0, 3.0, 4.0, 5.0] * 4, \"b\": list(\"xyzxy\") * 4}); "
                         "assert \"<html\" in ProfileReport(df, minimal=True, progress_bar=False).to_html()'")
# ydata-profiling 4.2 to 4.5 declare numpy<1.24 (4.2 also pandas<2), so Matplotlib 3.10.9 is the newest that installs
YDATA_PROFILING_PINS = {"numpy": "1.23.5", "pandas": "1.5.3"}

# aiohttp-middlewares: an app with its CORS, error and timeout middlewares answering one GET over a Unix socket (the
# checks run without a network, loopback included)
AIOHTTP_MIDDLEWARES_CHECK = ("python -c \"import asyncio, os, tempfile, aiohttp; from aiohttp import web; "
                             "from aiohttp_middlewares import cors_middleware, error_middleware, timeout_middleware; "
                             "exec('async def h(r):\\n return web.Response(text=\\\"ok\\\")\\n"
                             "async def f():\\n app = web.Application(middlewares=[cors_middleware(allow_all=True), error_middleware(), "
                             "timeout_middleware(5.0)])\\n app.router.add_get(\\\"/\\\", h)\\n"
                             " p = os.path.join(tempfile.mkdtemp(), \\\"s\\\")\\n run = web.AppRunner(app)\\n await run.setup()\\n"
                             " await web.UnixSite(run, p).start()\\n"
                             " async with aiohttp.ClientSession(connector=aiohttp.UnixConnector(p)) as s:\\n"
                             "  r = await s.get(\\\"http://x/\\\", headers={\\\"Origin\\\": \\\"http://a.test\\\"})\\n"
                             "  t = await r.text()\\n await run.cleanup()\\n return t'); "
                             "assert asyncio.run(f()) == 'ok'\"")
# aioresponses 0.7.5 and 0.7.6 import packaging without declaring it: roots=("packaging",) and packaging pinned
AIORESPONSES_OLD_PINS = {"packaging": "24.2"}

# aiohttp-socks: a GET through its ProxyConnector to a SOCKS5 proxy that cannot be reached must end in a connection error
# (an OSError: the proxy's ProxyConnectionError or aiohttp's ClientOSError), as with any dead proxy; the checks run
# without a network, so no proxy can answer
AIOHTTP_SOCKS_CHECK = ("python -c \"import asyncio, aiohttp; from aiohttp_socks import ProxyConnector; "
                       "exec('async def f():\\n async with aiohttp.ClientSession(connector=ProxyConnector.from_url(\\\"socks5://127.0.0.1:9\\\")) as s:\\n"
                       "  try:\\n   await s.get(\\\"http://x.test/\\\")\\n  except OSError as e:\\n   return e'); "
                       "assert isinstance(asyncio.run(f()), OSError)\"")

# pook intercepting a GET through aiohttp.ClientSession (pook does not declare aiohttp: roots=("aiohttp",))
POOK_AIOHTTP_CHECK = ("python -c \"import asyncio, aiohttp, pook; "
                      "exec('async def f():\\n async with aiohttp.ClientSession() as s:\\n"
                      "  async with s.get(\\\"http://x.test/\\\") as r:\\n   return r.status, await r.read()'); "
                      "pook.activate(); pook.get('http://x.test/').reply(200).body('ok'); "
                      "assert asyncio.run(f()) == (200, b'ok'); pook.off()\"")

# vcrpy replaying a hand-written cassette for one GET through urllib (http.client; no requests, so no urllib3 rule
# interferes), with aiohttp installed beside it (vcrpy does not declare aiohttp: roots=("aiohttp",))
VCRPY_AIOHTTP_CHECK = ("python -c \"import json, os, tempfile, urllib.request, vcr; p = os.path.join(tempfile.mkdtemp(), 'c.json'); "
                       "json.dump({'version': 1, 'interactions': [{'request': {'body': None, 'headers': {}, 'method': 'GET', "
                       "'uri': 'http://x.test/'}, 'response': {'body': {'string': 'ok'}, 'headers': {'Content-Type': ['text/plain']}, "
                       "'status': {'code': 200, 'message': 'OK'}}}]}, open(p, 'w')); "
                       "exec('with vcr.use_cassette(p, serializer=\\\"json\\\", record_mode=\\\"none\\\"):\\n"
                       " assert urllib.request.urlopen(\\\"http://x.test/\\\").read() == b\\\"ok\\\"')\"")

# aiotrino running SELECT 1 through its dbapi against a stand-in Trino coordinator on 127.0.0.1 that answers the POST
# to /v1/statement with one finished result (aiotrino's own TrinoTCPConnector and TrinoResponseHandler carry the request)
AIOTRINO_CHECK = ("python -c \"" + LOOPBACK_UP + "import asyncio, http.server, json, threading, aiotrino; "
                  "B = json.dumps({'id': 'q1', 'infoUri': 'http://x/q1', 'columns': [{'name': 'c', 'type': 'integer'}], "
                  "'data': [[1]], 'stats': {'state': 'FINISHED'}}).encode(); "
                  "H = type('H', (http.server.BaseHTTPRequestHandler,), {'do_POST': lambda s: ("
                  "s.rfile.read(int(s.headers['Content-Length'] or 0)), s.send_response(200), "
                  "s.send_header('Content-Type', 'application/json'), s.send_header('Content-Length', str(len(B))), "
                  "s.end_headers(), s.wfile.write(B)), 'log_message': lambda *a: None}); "
                  + SERVE_H +
                  "exec('async def f():\\n async with aiotrino.dbapi.connect(host=\\\"127.0.0.1\\\", port=srv.server_port, user=\\\"u\\\") as c:\\n"
                  "  cur = await c.cursor()\\n  await cur.execute(\\\"SELECT 1\\\")\\n  return await cur.fetchall()'); "
                  "assert asyncio.run(f()) == [[1]]\"")

# sphinx-notfound-page: an HTML build with its extension loaded (it registers its 404 page on builder-inited)
NOTFOUND_CONF = "\"extensions = ['notfound.extension']\""
NOTFOUND_DOCUTILS = {"docutils": "0.20.1"}  # accepted by Sphinx 7.1 and 7.2 alike
# conf.py writes a page with one sphinxcontrib-mermaid diagram (rendered client-side, so no mermaid CLI is needed)
MERMAID_CONF = ("\"import os; open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'index.rst'), 'w')"
                ".write('T\\n=\\n\\n.. mermaid::\\n\\n   graph TD; A-->B\\n'); extensions = ['sphinxcontrib.mermaid']\"")
HOVERXREF_CONF = "\"extensions = ['hoverxref.extension']\""
READTHEDOCS_EXT_CONF = "\"extensions = ['readthedocs_ext.readthedocs']\""
TYPLOG_CONF = "\"import sphinx_typlog_theme as t; html_theme = 'sphinx_typlog_theme'; html_theme_path = [t.get_path()]\""
# conf.py imports sphinx-autosummary-accessors (its templates_path) and writes a page with one autosummary entry
AUTOSUMMARY_ACCESSORS_CONF = ("\"import os, sphinx_autosummary_accessors as s; "
                              "open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'index.rst'), 'w')"
                              ".write('T\\n=\\n\\n.. autosummary::\\n\\n   os.path.join\\n'); "
                              "extensions = ['sphinx.ext.autosummary', 'sphinx_autosummary_accessors']; "
                              "templates_path = [s.templates_path]\"")

# rst2pdf converting a one-heading reStructuredText file to a non-empty PDF with its console script
RST2PDF_CHECK = "cd \"$(mktemp -d)\" && printf 'T\\n=\\n\\nhi\\n' > a.rst && rst2pdf a.rst -o a.pdf && test -s a.pdf"

# service-identity's pyOpenSSL backend verifying a hostname against a certificate's subjectAltName, as Twisted's
# TLS client does on every connection (a stand-in connection hands the pyOpenSSL X509 to verify_hostname)
SERVICE_IDENTITY_PYOPENSSL_CHECK = (
    "python -c \"import datetime as d; from cryptography import x509; from cryptography.x509.oid import NameOID; "
    "from cryptography.hazmat.primitives import hashes; from cryptography.hazmat.primitives.asymmetric import rsa; "
    "from OpenSSL import crypto; import service_identity.pyopenssl as sp; "
    "k = rsa.generate_private_key(65537, 2048); n = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'x')]); "
    "t = d.datetime(2024, 1, 1); c = x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())"
    ".serial_number(1).not_valid_before(t).not_valid_after(t + d.timedelta(days=9999))"
    ".add_extension(x509.SubjectAlternativeName([x509.DNSName('example.com')]), False).sign(k, hashes.SHA256()); "
    "conn = type('C', (), {'get_peer_certificate': lambda s: crypto.X509.from_cryptography(c)})(); "
    "sp.verify_hostname(conn, 'example.com')\"")

# cryptojwt: an EC P-256 JWK signing and verifying a compact JWS (ES256)
CRYPTOJWT_JWS_CHECK = (
    "python -c \"from cryptography.hazmat.primitives.asymmetric import ec; from cryptojwt.jwk.ec import ECKey; "
    "from cryptojwt.jws.jws import JWS; k = ECKey(priv_key=ec.generate_private_key(ec.SECP256R1())); "
    "t = JWS('hello', alg='ES256').sign_compact([k]); assert JWS(alg='ES256').verify_compact(t, [k]) == 'hello'\"")

# oauth2client: service-account credentials refreshing their access token through an httplib2 stand-in (checks have no
# network, not even loopback) that answers the token request; the signed JWT assertion in the request body is made
# first, with pyOpenSSL's signer when pyOpenSSL is installed
OAUTH2CLIENT_SERVICE_ACCOUNT_CHECK = (
    "python -c \"import json, httplib2; from cryptography.hazmat.primitives import serialization as ser; "
    "from cryptography.hazmat.primitives.asymmetric import rsa; "
    "from oauth2client.service_account import ServiceAccountCredentials as S; "
    "pem = rsa.generate_private_key(65537, 2048).private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, "
    "ser.NoEncryption()).decode(); "
    "c = S.from_json_keyfile_dict({'type': 'service_account', 'client_email': 'a@example.com', 'private_key': pem, "
    "'private_key_id': '1', 'client_id': '1'}, scopes=['s']); seen = []; "
    "h = type('Http', (), {'request': lambda self, uri, method='GET', body=None, headers=None, **k: (seen.append(body), "
    "(httplib2.Response({'status': '200'}), json.dumps(dict(access_token='tok', expires_in=3600)).encode()))[1]})(); "
    "c.refresh(h); assert c.access_token == 'tok' and 'assertion=' in seen[0]\"")


# pysaml2's certificate helpers: a self-signed CA, a certificate request signed by that CA, then the chain verified
PYSAML2_CERT_CHECK = (
    "python -c \"from saml2.cert import OpenSSLWrapper; w = OpenSSLWrapper(); "
    "info = {'cn': 'ca', 'country_code': 'se', 'state': 'ac', 'city': 'umea', 'organization': 'x', 'organization_unit': 'y'}; "
    "ca_cert, ca_key = w.create_certificate(info, request=False); req, _ = w.create_certificate(dict(info, cn='sp'), request=True); "
    "cert = w.create_cert_signed_certificate(ca_cert.decode(), ca_key.decode(), req.decode()); "
    "ok, msg = w.verify(ca_cert.decode(), cert); assert ok, msg\"")

# acme 1.21.0 to 2.11.0 allow josepy 2, which drops what they import (curated/acme-1.21-2.11.0-josepy-2): josepy 1.15.0
ACME_PYOPENSSL26_PINS = {"josepy": "1.15.0"}

# python-tds: pytds.tls.validate_host (run on the server certificate when a TLS login validates the host) matching a
# pyOpenSSL X509 whose subjectAltName is db.example.com, and rejecting another name
PYTHON_TDS_VALIDATE_HOST_CHECK = (
    "python -c \"import datetime as d; from cryptography import x509; from cryptography.x509.oid import NameOID; "
    "from cryptography.hazmat.primitives import hashes; from cryptography.hazmat.primitives.asymmetric import rsa; "
    "from OpenSSL import crypto; from pytds.tls import validate_host; "
    "k = rsa.generate_private_key(65537, 2048); n = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'x')]); "
    "t = d.datetime(2024, 1, 1); c = x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())"
    ".serial_number(1).not_valid_before(t).not_valid_after(t + d.timedelta(days=9999))"
    ".add_extension(x509.SubjectAlternativeName([x509.DNSName('db.example.com')]), False).sign(k, hashes.SHA256()); "
    "x = crypto.X509.from_cryptography(c); assert validate_host(x, b'db.example.com') and not validate_host(x, b'other.org')\"")

# ndg-httpsclient: its pyOpenSSL verify callback, ServerSSLCertVerification, accepting a pyOpenSSL X509 whose
# subjectAltName is example.com for that hostname and rejecting it for another
NDG_HTTPSCLIENT_VERIFY_CHECK = (
    "python -c \"import datetime as d; from cryptography import x509; from cryptography.x509.oid import NameOID; "
    "from cryptography.hazmat.primitives import hashes; from cryptography.hazmat.primitives.asymmetric import rsa; "
    "from OpenSSL import crypto; from ndg.httpsclient.ssl_peer_verification import ServerSSLCertVerification as V; "
    "k = rsa.generate_private_key(65537, 2048); n = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'x')]); "
    "t = d.datetime(2024, 1, 1); c = x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())"
    ".serial_number(1).not_valid_before(t).not_valid_after(t + d.timedelta(days=9999))"
    ".add_extension(x509.SubjectAlternativeName([x509.DNSName('example.com')]), False).sign(k, hashes.SHA256()); "
    "x = crypto.X509.from_cryptography(c); assert V(hostname='example.com')(None, x, 0, 0, 1); "
    "assert not V(hostname='other.org')(None, x, 0, 0, 1)\"")

# certipy (JupyterHub's internal-SSL helper): a CA and a server key pair signed by it, in a fresh store
CERTIPY_CA_CHECK = (
    "python -c \"import tempfile; from cryptography import x509; from certipy import Certipy; "
    "c = Certipy(store_dir=tempfile.mkdtemp()); c.create_ca('ca'); r = c.create_signed_pair('server', 'ca'); "
    "crt = x509.load_pem_x509_certificate(open(r['files']['cert'], 'rb').read()); "
    "assert crt.issuer.rfc4514_string() == 'CN=ca' and crt.subject.rfc4514_string() == 'CN=server'\"")

# mastercard-oauth1-signer: load_signing_key reading a PKCS#12 file made with cryptography, then an OAuth 1.0a
# Authorization header signed with that key
MASTERCARD_OAUTH1_SIGNER_CHECK = (
    "cd \"$(mktemp -d)\" && python -c \"import datetime as d; from cryptography import x509; "
    "from cryptography.x509.oid import NameOID; from cryptography.hazmat.primitives import hashes; "
    "from cryptography.hazmat.primitives.asymmetric import rsa; "
    "from cryptography.hazmat.primitives.serialization import pkcs12, BestAvailableEncryption; "
    "k = rsa.generate_private_key(65537, 2048); n = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'x')]); "
    "t = d.datetime(2024, 1, 1); c = x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())"
    ".serial_number(1).not_valid_before(t).not_valid_after(t + d.timedelta(days=9999)).sign(k, hashes.SHA256()); "
    "open('k.p12', 'wb').write(pkcs12.serialize_key_and_certificates(b'x', k, c, None, BestAvailableEncryption(b'pw'))); "
    "import oauth1.authenticationutils as au; from oauth1.oauth import OAuth; key = au.load_signing_key('k.p12', 'pw'); "
    "h = OAuth().get_authorization_header('https://example.com/api?a=1', 'POST', '{}', 'ck', key); "
    "assert h.startswith('OAuth') and 'oauth_signature=' in h, h\"")

# descartes drawing a Shapely polygon with a hole as a Matplotlib patch
DESCARTES_CHECK = ("MPLBACKEND=Agg python -c \"import matplotlib.pyplot as plt; from shapely.geometry import Point; "
                   "from descartes import PolygonPatch; fig, ax = plt.subplots(); "
                   "ax.add_patch(PolygonPatch(Point(0, 0).buffer(1.0).difference(Point(0, 0).buffer(0.5)))); "
                   "fig.savefig('d.png')\"")
DESCARTES_PINS = {"numpy": "1.26.4", "matplotlib": "3.8.4"}
# alphashape: one alpha shape with a given alpha, then the automatic alpha (optimizealpha) of the same points
ALPHASHAPE_CHECK = ("python -c \"import alphashape; "
                    "pts = [(0., 0.), (0., 1.), (1., 1.), (1., 0.), (0.5, 0.25), (0.5, 0.75), (0.25, 0.5), (0.75, 0.5)]; "
                    "assert alphashape.alphashape(pts, 0.5).area > 0.9; assert alphashape.optimizealpha(pts) > 0\"")
ALPHASHAPE_PINS = {"numpy": "1.26.4", "scipy": "1.13.1"}
# mapbox-vector-tile encoding a one-polygon layer and decoding it again
MAPBOX_VECTOR_TILE_CHECK = ("python -c \"import mapbox_vector_tile as m; "
                            "t = m.encode([{'name': 'w', 'features': [{'geometry': 'POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))', "
                            "'properties': {'uid': 1}}]}]); assert m.decode(t)['w']['features'][0]['properties'] == {'uid': 1}\"")
# mapbox-vector-tile 1.x ship protobuf code generated before protobuf 4 (they declare protobuf without a bound)
MAPBOX_VECTOR_TILE_PINS = {"protobuf": "3.20.3", "numpy": "1.26.4"}
# geonetworkx: a two-node GeoGraph turned into node and edge GeoDataFrames
GEONETWORKX_CHECK = ("python -c \"import geonetworkx as gnx; from shapely.geometry import Point; g = gnx.GeoGraph(); "
                     "g.add_node(1, geometry=Point(0, 0)); g.add_node(2, geometry=Point(1, 1)); g.add_edge(1, 2); "
                     "assert len(g.nodes_to_gdf()) == 2 and len(g.edges_to_gdf()) == 1\"")
# centerline: the centerline of a 10 x 1 rectangle (0.6.x return a MultiLineString subclass, 1.0 a .geometry)
CENTERLINE_CHECK = ("python -c \"from shapely.geometry import Polygon; from centerline.geometry import Centerline; "
                    "c = Centerline(Polygon([(0, 0), (10, 0), (10, 1), (0, 1)]), interpolation_distance=0.5); "
                    "g = getattr(c, 'geometry', c); assert g.geom_type == 'MultiLineString' and g.length > 5\"")
CENTERLINE_PINS = {"numpy": "1.26.4"}

# osmnx: truncate a five-node street graph to a polygon (offline; import osmnx loads osmnx.geometries)
OSMNX_TRUNCATE_CHECK = ("python -c \"import networkx as nx, osmnx as ox; from shapely.geometry import box; "
                        "G = nx.MultiDiGraph(crs='epsg:4326'); [G.add_node(i, x=0.1 * i, y=0.1 * i) for i in range(5)]; "
                        "[G.add_edge(i, i + 1, length=1.0) for i in range(4)]; "
                        "assert sorted(ox.truncate.truncate_graph_polygon(G, box(-0.05, -0.05, 0.25, 0.25)).nodes) == [0, 1, 2]\"")
# geopandas 0.14.4 accepts Shapely 1.8 and 2.x alike; osmnx 0.16 to 1.1 predate pandas 2 and networkx 3
OSMNX_SHAPELY_PINS = {"numpy": "1.26.4", "pandas": "1.5.3", "geopandas": "0.14.4", "networkx": "2.8.8", "matplotlib": "3.8.4"}

# topojson: the topology of a two-part MultiPolygon and a square sharing an edge with one part
TOPOJSON_CHECK = ("python -c \"import topojson as tp; from shapely.geometry import MultiPolygon, box; "
                  "t = tp.Topology([MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)]), box(1, 0, 2, 1)], prequantize=False); "
                  "assert len(t.to_dict()['arcs']) >= 3\"")
TOPOJSON_PINS = {"numpy": "1.26.4"}

# tikzplotlib 0.10.x name each colour with webcolors.CSS3_HEX_TO_NAMES (0.9.x do not use webcolors); Matplotlib 3.7.5
# keeps them clear of the Matplotlib 3.8 break
TIKZPLOTLIB_WEBCOLORS_PINS = {"numpy": "1.26.4", "matplotlib": "3.7.5"}

# litecli's interactive REPL driven through prompt_toolkit's pipe input (no terminal needed): one query, then end of
# input, which quits the REPL; its output must hold the answer
LITECLI_REPL_CHECK = ("python -c \"import contextlib as cl, io; from prompt_toolkit.input import create_pipe_input; "
                      "from prompt_toolkit.output import DummyOutput; from prompt_toolkit.application import create_app_session; "
                      "from litecli.main import LiteCli; s = cl.ExitStack(); i = s.enter_context(create_pipe_input()); "
                      "i.send_text('select 40 + 2;\\r'); i.close(); s.enter_context(create_app_session(input=i, output=DummyOutput())); "
                      "c = LiteCli(liteclirc='/dev/null'); c.connect(':memory:'); b = io.StringIO(); "
                      "s.enter_context(cl.redirect_stdout(b)); c.run_cli(); s.close(); assert '42' in b.getvalue(), b.getvalue()\"")

# http-prompt started on a small Swagger spec in YAML (--spec), under a pseudo-terminal from script(1) (its
# prompt_toolkit 1 REPL needs a terminal), then told to exit
HTTP_PROMPT_YAML_SPEC_CHECK = ("printf 'swagger: \"2.0\"\\ninfo: {title: t, version: \"1\"}\\n"
                               "paths: {/users: {get: {responses: {\"200\": {description: ok}}}}}\\n' > spec.yaml "
                               "&& printf 'exit\\r' | script -qec 'http-prompt --spec spec.yaml http://localhost:9/' /dev/null")

# imbalanced-ensemble (import name imbens): a SelfPacedEnsembleClassifier of five estimators fitted on a made-up
# imbalanced problem, then predicting
IMBALANCED_ENSEMBLE_CHECK = ("python -c \"from imbens.ensemble import SelfPacedEnsembleClassifier; "
                             "from sklearn.datasets import make_classification; "
                             "X, y = make_classification(n_samples=200, weights=[0.9, 0.1], random_state=0); "
                             "c = SelfPacedEnsembleClassifier(n_estimators=5, random_state=0).fit(X, y); "
                             "assert c.predict(X).shape == (200,)\"")
IMBALANCED_ENSEMBLE_PINS = {**SKLEARN_NP1_PINS, "pandas": "2.2.3"}

# PYGAD_CHECK with roulette-wheel parent selection (parent_selection_type='rws')
PYGAD_RWS_CHECK = ("python -c \"import numpy as np, pygad; ga = pygad.GA(num_generations=5, num_parents_mating=2, sol_per_pop=6, "
                   "num_genes=3, parent_selection_type='rws', fitness_func=lambda s, i: -float(np.sum(s ** 2))); "
                   "ga.run(); ga.best_solution()\"")

# reqpy_M: REQPY_single matching a made-up 10 s record to a four-period target spectrum (two iterations, 20 scales)
REQPY_M_SINGLE_CHECK = ("python -c \"import numpy as np, reqpy_M as r; fs = 50.0; t = np.arange(0, 10, 1 / fs); "
                        "s = np.random.RandomState(0).randn(t.size) * np.exp(-((t - 4) ** 2)); "
                        "out = r.REQPY_single(s, fs, np.array([0.5, 0.8, 0.6, 0.3]), np.array([0.1, 0.2, 0.5, 1.0]), "
                        "nit=2, NS=20); assert isinstance(out, dict)\"")
REQPY_M_PINS = {"scipy": "1.17.1", "numba": "0.68.1"}

# django-polymorphic imports pkg_resources without declaring setuptools: roots=("setuptools",), and 80.9.0 still has it
DJANGO_POLYMORPHIC_PINS = {"sqlparse": "0.6.1", "setuptools": "80.9.0"}
DJANGO_POLYMORPHIC_31_PINS = {**DJANGO_POLYMORPHIC_PINS, "asgiref": "3.2.10"}  # Django 3.1.0 needs asgiref ~= 3.2.10
DJANGO_POLYMORPHIC_NEW_PINS = {**DJANGO_POLYMORPHIC_PINS, "asgiref": "3.13.0"}

# cjio's info command on a one-building CityJSON 1.0 file (cjio imports pkg_resources without declaring setuptools)
CJIO_INFO_CHECK = ("printf '{\"type\": \"CityJSON\", \"version\": \"1.0\", \"CityObjects\": {\"b1\": {\"type\": \"Building\", "
                   "\"geometry\": [{\"type\": \"MultiSurface\", \"lod\": 1, \"boundaries\": [[[0, 1, 2]]]}]}}, "
                   "\"vertices\": [[0, 0, 0], [1, 0, 0], [0, 1, 0]]}' > c.json && cjio c.json info")
CJIO_PINS = {"setuptools": "80.9.0"}

# plonecli listing its templates; it imports pkg_resources without declaring setuptools
PLONECLI_LIST_CHECK = "plonecli -l"
PLONECLI_PINS = {"setuptools": "80.9.0"}

# Flask-PyMongo saving a file to GridFS and serving it back through a view with send_file, the database being
# mongomock's in-memory stand-in (with its GridFS integration) since no MongoDB server runs here
FLASK_PYMONGO_SEND_FILE_CHECK = (
    "python -c \"import io, flask, mongomock, mongomock.gridfs, flask_pymongo; mongomock.gridfs.enable_gridfs_integration(); "
    "app = flask.Flask('x'); app.testing = True; app.config['MONGO_URI'] = 'mongodb://localhost:9/db'; "
    "mongo = flask_pymongo.PyMongo(app); mongo.db = mongomock.MongoClient().db; "
    "app.add_url_rule('/f/<path:name>', 'get', lambda name: mongo.send_file(name)); "
    "c = app.test_request_context(); c.push(); mongo.save_file('a.txt', io.BytesIO(b'hello')); c.pop(); "
    "r = app.test_client().get('/f/a.txt'); assert r.status_code == 200 and r.data == b'hello', r.status_code\"")
FLASK_PYMONGO_PINS = {"mongomock": "4.3.0", "flask": "2.2.5", "werkzeug": "2.2.3"}

# text-extensions-for-pandas: a DataFrame of two spans converted to an Arrow table (its ArrowSpanType); 0.1 to 0.2.1
# need NumPy 1 (NumPy 2 breaks them on the copy keyword), and pyarrow 26 needs NumPy 2, so 25.0.1 is the newest here
TEXT_EXTENSIONS_FOR_PANDAS_ARROW_CHECK = ("python -c \"import pandas as pd, pyarrow as pa, text_extensions_for_pandas as tp; "
                                          "s = tp.SpanArray('hello world', [0, 6], [5, 11]); "
                                          "t = pa.Table.from_pandas(pd.DataFrame({'s': s})); assert t.num_rows == 2\"")
TEXT_EXTENSIONS_FOR_PANDAS_NP1_PINS = {"numpy": "1.26.4", "pandas": "1.5.3"}
# msgpack-numpy: a dict holding a float array packed and unpacked with its own packb/unpackb (the keys stay bytes with
# msgpack 0.6, hence the values)
MSGPACK_NUMPY_ROUNDTRIP_CHECK = ("python -c \"import numpy as np, msgpack_numpy as m; x = np.arange(5.0); "
                                 "y = m.unpackb(m.packb({'a': x, 's': 'text'})); assert (list(y.values())[0] == x).all()\"")
MSGPACK_NUMPY_PINS = {"numpy": "1.26.4"}
# oslo.serialization: a dict with a datetime through msgpackutils.dumps and loads
OSLO_SERIALIZATION_MSGPACK_CHECK = ("python -c \"import datetime; from oslo_serialization import msgpackutils as m; "
                                    "d = {'a': 1, 't': datetime.datetime(2020, 1, 1)}; assert m.loads(m.dumps(d)) == d\"")
# aiocache: a value set and read back through a SimpleMemoryCache with the MsgPackSerializer (msgpack is aiocache's
# msgpack extra, hence roots=("msgpack",))
AIOCACHE_MSGPACK_CHECK = ("python -c \"import asyncio; from aiocache import SimpleMemoryCache; "
                          "from aiocache.serializers import MsgPackSerializer; c = SimpleMemoryCache(serializer=MsgPackSerializer()); "
                          "asyncio.run(c.set('k', {'a': [1, 2], 'b': 'x'})); "
                          "assert asyncio.run(c.get('k')) == {'a': [1, 2], 'b': 'x'}\"")


# ray: a pandas DataFrame holding a Ray TensorArray (from ray.data.extensions) converted to Arrow; pyarrow and pandas
# come only with ray's data extra, and ray 2.5 to 2.21 import pkg_resources (its _vendor packaging too) without declaring
# setuptools, hence roots=("setuptools", "pyarrow", "pandas"), setuptools 69.5.1; ray 2.9.2 and older need pandas<2.2 and
# NumPy 1, and pyarrow 26 needs NumPy 2, so pyarrow 25.0.1 is the newest here
RAY_TENSOR_EXTENSION_CHECK = ("python -c \"import numpy as np, pandas as pd, pyarrow as pa; "
                              "from ray.data.extensions import TensorArray; "
                              "t = pa.Table.from_pandas(pd.DataFrame({'t': TensorArray(np.zeros((3, 2, 2)))})); "
                              "assert t.num_rows == 3\"")
RAY_DATA_NP1_PINS = {"numpy": "1.26.4", "pandas": "2.1.4", "setuptools": "69.5.1"}


# Flask-SQLAlchemy-Caching: a CachingQuery model queried twice through FromCache on a SimpleCache (Flask-SQLAlchemy 3.1
# needs Flask 2.2.5 or later, so Flask 2.3.3 for every stack)
FLASK_SQLALCHEMY_CACHING_CHECK = (
    "python -c \"import flask, flask_sqlalchemy as f; from flask_caching import Cache; "
    "from flask_sqlalchemy_caching import CachingQuery, FromCache; app = flask.Flask('x'); "
    "app.config.update(SQLALCHEMY_DATABASE_URI='sqlite://', SQLALCHEMY_TRACK_MODIFICATIONS=False, CACHE_TYPE='simple'); "
    "cache = Cache(app); db = f.SQLAlchemy(app, query_class=CachingQuery); "
    "T = type('T', (db.Model,), {'id': db.Column(db.Integer, primary_key=True)}); "
    "app.app_context().push(); db.create_all(); db.session.add(T()); db.session.commit(); "
    "assert [len(T.query.options(FromCache(cache)).all()) for _ in range(2)] == [1, 1]\"")
# flask-msearch: the default (simple) backend indexing a committed model and searching it with Query.msearch; the
# backend module is imported first because Search(app) loads it through werkzeug's import_string, whose
# ImportStringError would hide the ImportError's text from the signature
FLASK_MSEARCH_CHECK = (
    "python -c \"import flask, flask_sqlalchemy as f, flask_msearch.simple_backend; from flask_msearch import Search; "
    "app = flask.Flask('x'); "
    "app.config.update(SQLALCHEMY_DATABASE_URI='sqlite://', SQLALCHEMY_TRACK_MODIFICATIONS=True, MSEARCH_ENABLE=True); "
    "db = f.SQLAlchemy(app); P = type('P', (db.Model,), {'__searchable__': ['title'], "
    "'id': db.Column(db.Integer, primary_key=True), 'title': db.Column(db.String(50))}); "
    "Search(app, db=db); app.app_context().push(); db.create_all(); db.session.add(P(title='hello world')); "
    "db.session.commit(); assert len(P.query.msearch('hello').all()) == 1\"")
# flask-whooshee: a registered model indexed in memory on commit, then found with whooshee_search
FLASK_WHOOSHEE_CHECK = (
    "python -c \"import flask, flask_sqlalchemy as f; from flask_whooshee import Whooshee; app = flask.Flask('x'); "
    "app.config.update(SQLALCHEMY_DATABASE_URI='sqlite://', SQLALCHEMY_TRACK_MODIFICATIONS=False, WHOOSHEE_MEMORY_STORAGE=True); "
    "db = f.SQLAlchemy(app); w = Whooshee(app); E = w.register_model('title')(type('E', (db.Model,), "
    "{'id': db.Column(db.Integer, primary_key=True), 'title': db.Column(db.String(50))})); "
    "app.app_context().push(); db.create_all(); db.session.add(E(title='hello world')); db.session.commit(); "
    "assert len(E.query.whooshee_search('hello').all()) == 1\"")
# Flask-SQLAlchemy 3.0.5 (the last with the top-level BaseQuery alias, which 3.1 removed) runs with SQLAlchemy 1.4 and 2
FLASK_WHOOSHEE_PINS = {**FLASK233_WZ23_PINS, "flask-sqlalchemy": "3.0.5"}
# ipython-sql: %sql connects to in-memory SQLite, creates a table, inserts and selects a row; the magic prints its
# errors instead of raising them, so the assertion carries the first printed line
IPYTHON_SQL_CHECK = (
    "python -c \"import io, sys; from IPython.core.interactiveshell import InteractiveShell; "
    "ip = InteractiveShell.instance(); ip.run_line_magic('load_ext', 'sql'); out = sys.stdout = io.StringIO(); "
    "r = [ip.run_line_magic('sql', s) for s in ('sqlite://', 'create table t (a int)', "
    "'insert into t values (7)', 'select a from t')][-1]; sys.stdout = sys.__stdout__; "
    "assert r is not None and r[0][0] == 7, (out.getvalue().strip().splitlines() or ['no output'])[0]\"")
# ipython-sql 0.3.x does not bound prettytable, and 3.12 moved the DEFAULT style it reads into an enum
IPYTHON_SQL_PINS = {"prettytable": "3.11.0"}
# GeoAlchemy2: a table with a Geometry column compiled to PostgreSQL DDL, and a select with ST_Contains compiled
GEOALCHEMY2_CHECK = (
    "python -c \"import sqlalchemy as sa; from sqlalchemy.dialects import postgresql; from sqlalchemy.schema import CreateTable; "
    "from geoalchemy2 import Geometry, WKTElement; d = postgresql.dialect(); "
    "t = sa.Table('lake', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True), "
    "sa.Column('geom', Geometry('POLYGON', srid=4326))); "
    "assert 'geometry(POLYGON,4326)' in str(CreateTable(t).compile(dialect=d)); "
    "q = sa.select(t.c.id).where(t.c.geom.ST_Contains(WKTElement('POINT(1 1)', srid=4326))); "
    "assert 'ST_Contains' in str(q.compile(dialect=d))\"")
# SQLAlchemy-Utils create_database: for PostgreSQL (psycopg2, no server: reaching the connection, an OperationalError,
# is the pass) and then a SQLite file created, checked and dropped
SQLALCHEMY_UTILS_CREATEDB_CHECK = (
    "python -c \"import os, tempfile, sqlalchemy as sa; from sqlalchemy_utils import create_database, database_exists, drop_database\n"
    "try: create_database('postgresql://u:p@127.0.0.1:9/newdb')\n"
    "except sa.exc.OperationalError: pass\n"
    "url = 'sqlite:///' + os.path.join(tempfile.mkdtemp(), 'x.db'); create_database(url); assert database_exists(url); "
    "drop_database(url); assert not database_exists(url)\"")

# PyMARE: a one-sample effect-size conversion (OneSampleEffectSizeConverter.get_d), which loads the sympy expressions
PYMARE_EFFECTSIZE_CHECK = ("python -c \"import numpy as np, pymare; from pymare import effectsize as es; "
                           "d = es.OneSampleEffectSizeConverter(m=np.array([1.0, 2.0]), sd=np.array([1.0, 1.0]), "
                           "n=np.array([10, 12])).get_d(); assert np.allclose(d, [1.0, 2.0]), d\"")
PYMARE_PINS = {"numpy": "1.26.4", "scipy": "1.11.4", "pandas": "2.1.4"}
# DoWhy: a three-node GML graph (W confounds T and Y; json.dumps quotes the names), identify_effect and a backdoor
# linear-regression estimate on simulated data with a true effect of 2
DOWHY_IDENTIFY_CHECK = (
    "python -c \"import json, numpy as np, pandas as pd; from dowhy import CausalModel; rng = np.random.default_rng(0); "
    "n = 500; w = rng.normal(size=n); t = (w + rng.normal(size=n) > 0).astype(int); y = 2 * t + w + rng.normal(size=n); "
    "df = pd.DataFrame({'W': w, 'T': t, 'Y': y}); q = json.dumps; "
    "g = 'graph [directed 1 ' + ' '.join('node [id %s label %s]' % (q(x), q(x)) for x in 'WTY') + ' ' + "
    "' '.join('edge [source %s target %s]' % (q(a), q(b)) for a, b in ('WT', 'WY', 'TY')) + ']'; "
    "m = CausalModel(data=df, treatment='T', outcome='Y', graph=g); e = m.identify_effect(proceed_when_unidentifiable=True); "
    "v = m.estimate_effect(e, method_name='backdoor.linear_regression').value; assert abs(v - 2) < 0.3, v\"")
# NumPy 1, pandas 2.1 and the SciPy, statsmodels and scikit-learn of that time (with the newest, pandas 3, the estimate
# of every dowhy from 0.7 to 0.13 fails on a KeyError); Matplotlib is only an extra of dowhy 0.7 and 0.8, so not pinned
DOWHY_PINS = {"numpy": "1.26.4", "pandas": "2.1.4", "scipy": "1.11.4", "statsmodels": "0.14.1", "scikit-learn": "1.3.2"}

# libpysal: a 3x3 rook lattice's weights turned into a networkx graph (W.to_networkx) and a path graph into weights
# (W.from_networkx)
LIBPYSAL_NETWORKX_CHECK = ("python -c \"import networkx as nx; from libpysal.weights import lat2W, W; "
                           "G = lat2W(3, 3).to_networkx(); assert G.number_of_edges() == 12, G.number_of_edges(); "
                           "w = W.from_networkx(nx.path_graph(4)); assert w.n == 4 and w.cardinalities[1] == 2, w.cardinalities\"")
LIBPYSAL_PINS = {"numpy": "1.26.4", "pandas": "2.1.4", "scipy": "1.11.4"}

# SymPy's LaTeX parser (the ANTLR backend, the default) on a fraction plus a power, evaluated at x = 2; SymPy does not
# declare antlr4-python3-runtime, hence roots=("antlr4-python3-runtime",) in these proofs
SYMPY_PARSE_LATEX_CHECK = ("python -c \"import sympy; from sympy.parsing.latex import parse_latex; "
                           "e = parse_latex(r'\\frac{1}{2} + x^2'); "
                           "assert e.subs(sympy.Symbol('x'), 2) == sympy.Rational(9, 2), e\"")

# DoWhy: the same three-node GML graph identified with the ID algorithm (identify_effect(method_name='id-algorithm')),
# whose estimand must sum over W
DOWHY_ID_ALGORITHM_CHECK = (
    "python -c \"import json, numpy as np, pandas as pd; from dowhy import CausalModel; rng = np.random.default_rng(0); "
    "w = rng.normal(size=100); t = (w > 0).astype(int); df = pd.DataFrame({'W': w, 'T': t, 'Y': t + w}); q = json.dumps; "
    "g = 'graph [directed 1 ' + ' '.join('node [id %s label %s]' % (q(x), q(x)) for x in 'WTY') + ' ' + "
    "' '.join('edge [source %s target %s]' % (q(a), q(b)) for a, b in ('WT', 'WY', 'TY')) + ']'; "
    "e = CausalModel(data=df, treatment='T', outcome='Y', graph=g).identify_effect(method_name='id-algorithm'); "
    "assert 'W' in str(e), str(e)\"")

CURATED_PROOFS: dict[str, Proof] = {
    "curated/sphinx-automodapi-0.12-0.20-sphinx-9": Proof(
        check=SPHINX_HTML + AUTOMODAPI_CONF, signature="get_documenter",
        stacks=(Stack({"sphinx-automodapi": "0.12", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-automodapi 0.12 with Sphinx 9.0.0"),
                Stack({"sphinx-automodapi": "0.20.0", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-automodapi 0.20.0 with the newest Sphinx"),
                Stack({"sphinx-automodapi": "0.20.0", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinx-automodapi": "0.12", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinx-automodapi": "0.21.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "passed",
                      "sphinx-automodapi 0.21.0, just above the range")),
        wheels=(("sphinx-automodapi", "0.12"), ("sphinx-automodapi", "0.20.0"), ("sphinx-automodapi", "0.21.0"))),
    "curated/sphinxext-opengraph-0.4.1-0.4.2-sphinx-8.2": Proof(
        check=SPHINX_HTML + "\"extensions = ['sphinxext.opengraph']; ogp_site_url = 'https://x.test/'\"", signature="logger",
        stacks=(Stack({"sphinxext-opengraph": "0.4.1", "sphinx": "8.2.0", **SPHINX_DOCUTILS}, "failed",
                      "sphinxext-opengraph 0.4.1 with Sphinx 8.2.0"),
                Stack({"sphinxext-opengraph": "0.4.2", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinxext-opengraph 0.4.2 with the newest Sphinx"),
                Stack({"sphinxext-opengraph": "0.4.2", "sphinx": "8.1.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.1.3, just below 8.2"),
                Stack({"sphinxext-opengraph": "0.4.1", "sphinx": "8.1.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.1.3, just below 8.2"),
                Stack({"sphinxext-opengraph": "0.5.0", "sphinx": "8.2.0", **SPHINX_DOCUTILS}, "passed",
                      "sphinxext-opengraph 0.5.0, just above the range")),
        wheels=(("sphinxext-opengraph", "0.4.1"), ("sphinxext-opengraph", "0.4.2"), ("sphinxext-opengraph", "0.5.0"))),
    "curated/sphinxcontrib-trio-1.1.2-sphinx-9": Proof(
        check=SPHINX_HTML + "\"extensions = ['sphinxcontrib_trio']\"", signature="autofunction",
        stacks=(Stack({"sphinxcontrib-trio": "1.1.2", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "failed",
                      "sphinxcontrib-trio 1.1.2 with Sphinx 9.0.0"),
                Stack({"sphinxcontrib-trio": "1.1.2", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinxcontrib-trio 1.1.2 with the newest Sphinx"),
                Stack({"sphinxcontrib-trio": "1.1.2", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinxcontrib-trio": "1.2.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "passed",
                      "sphinxcontrib-trio 1.2.0, just above the range")),
        wheels=(("sphinxcontrib-trio", "1.1.2"), ("sphinxcontrib-trio", "1.2.0"))),
    "curated/sphinx-removed-in-0.2-0.2.2-sphinx-8": Proof(
        check=SPHINX_HTML + "\"extensions = ['sphinx_removed_in']\"", signature="VersionChange",
        stacks=(Stack({"sphinx-removed-in": "0.2.0", "sphinx": "8.0.0", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-removed-in 0.2.0 with Sphinx 8.0.0"),
                Stack({"sphinx-removed-in": "0.2.2", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-removed-in 0.2.2 with the newest Sphinx"),
                Stack({"sphinx-removed-in": "0.2.2", "sphinx": "7.4.7", **SPHINX_DOCUTILS}, "passed", "Sphinx 7.4.7, just below 8"),
                Stack({"sphinx-removed-in": "0.2.0", "sphinx": "7.4.7", **SPHINX_DOCUTILS}, "passed", "Sphinx 7.4.7, just below 8"),
                Stack({"sphinx-removed-in": "0.2.3", "sphinx": "8.0.0", **SPHINX_DOCUTILS}, "passed",
                      "sphinx-removed-in 0.2.3, just above the range")),
        wheels=(("sphinx-removed-in", "0.2.0"), ("sphinx-removed-in", "0.2.2"), ("sphinx-removed-in", "0.2.3"))),
    # 0.3.0 ships a pkg_resources-style sphinxcontrib/__init__.py, so setuptools (with pkg_resources) stays pinned;
    # Sphinx 5.3 needs docutils < 0.20 and Sphinx 9 >= 0.20, so the newest-Sphinx stack uses docutils 0.21.2
    "curated/sphinxcontrib-asyncio-0.3-sphinx-6": Proof(
        check=SPHINX_HTML + ASYNCIO_CONF, signature="get_signature_prefix",
        stacks=(Stack({"sphinxcontrib-asyncio": "0.3.0", "sphinx": "6.0.0", "docutils": "0.19", "setuptools": "81.0.0"},
                      "failed", "sphinxcontrib-asyncio 0.3.0 with Sphinx 6.0.0"),
                Stack({"sphinxcontrib-asyncio": "0.3.0", "sphinx": "9.0.4", "docutils": "0.21.2", "setuptools": "81.0.0"},
                      "failed", "sphinxcontrib-asyncio 0.3.0 with the newest Sphinx"),
                Stack({"sphinxcontrib-asyncio": "0.3.0", "sphinx": "5.3.0", "docutils": "0.19", "setuptools": "81.0.0"},
                      "passed", "Sphinx 5.3.0, just below 6")),
        wheels=(("sphinxcontrib-asyncio", "0.3.0"),), roots=("setuptools",)),
    # Sphinx 9.0.4 (the newest) accepts docutils 0.20 to 0.22.x, so docutils 0.22.4 is the newest release it can pair with
    "curated/sphinx-tabs-3.4.5-3.4.7-docutils-0.22": Proof(
        check=SPHINX_HTML + SPHINX_TABS_CONF, signature="backrefs",
        stacks=(Stack({"sphinx-tabs": "3.4.5", "docutils": "0.22", "sphinx": "9.0.4"}, "failed",
                      "sphinx-tabs 3.4.5 with docutils 0.22"),
                Stack({"sphinx-tabs": "3.4.7", "docutils": "0.22.4", "sphinx": "9.0.4"}, "failed",
                      "sphinx-tabs 3.4.7 with the newest docutils Sphinx 9.0.4 accepts"),
                Stack({"sphinx-tabs": "3.4.7", "docutils": "0.21.2", "sphinx": "9.0.4"}, "passed", "docutils 0.21.2, just below 0.22"),
                Stack({"sphinx-tabs": "3.4.5", "docutils": "0.21.2", "sphinx": "9.0.4"}, "passed", "docutils 0.21.2, just below 0.22"),
                Stack({"sphinx-tabs": "3.5.0", "docutils": "0.22", "sphinx": "9.0.4"}, "passed",
                      "sphinx-tabs 3.5.0, just above the range")),
        wheels=(("sphinx-tabs", "3.4.5"), ("sphinx-tabs", "3.4.7"), ("sphinx-tabs", "3.5.0"))),
    "curated/sphinx-inline-tabs-2023.4.21-docutils-0.22": Proof(
        check=SPHINX_HTML + INLINE_TABS_CONF, signature="backrefs",
        stacks=(Stack({"sphinx-inline-tabs": "2023.4.21", "docutils": "0.22", "sphinx": "9.0.4"}, "failed",
                      "sphinx-inline-tabs 2023.4.21 with docutils 0.22"),
                Stack({"sphinx-inline-tabs": "2023.4.21", "docutils": "0.22.4", "sphinx": "9.0.4"}, "failed",
                      "sphinx-inline-tabs 2023.4.21 with the newest docutils Sphinx 9.0.4 accepts"),
                Stack({"sphinx-inline-tabs": "2023.4.21", "docutils": "0.21.2", "sphinx": "9.0.4"}, "passed",
                      "docutils 0.21.2, just below 0.22"),
                Stack({"sphinx-inline-tabs": "2025.12.21.14", "docutils": "0.22", "sphinx": "9.0.4"}, "passed",
                      "sphinx-inline-tabs 2025.12.21.14, just above the range")),
        wheels=(("sphinx-inline-tabs", "2023.4.21"), ("sphinx-inline-tabs", "2025.12.21.14")), roots=("sphinx",)),
    "curated/sphinx-toolbox-3.5-4.1-sphinx-9": Proof(
        check=SPHINX_HTML + TOOLBOX_CONF, signature="logger",
        stacks=(Stack({"sphinx-toolbox": "3.5.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-toolbox 3.5.0 with Sphinx 9.0.0"),
                Stack({"sphinx-toolbox": "4.1.2", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-toolbox 4.1.2 with the newest Sphinx"),
                Stack({"sphinx-toolbox": "4.1.2", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinx-toolbox": "3.5.0", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinx-toolbox": "4.2.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "passed",
                      "sphinx-toolbox 4.2.0, just above the range")),
        wheels=(("sphinx-toolbox", "3.5.0"), ("sphinx-toolbox", "4.1.2"), ("sphinx-toolbox", "4.2.0"))),
    # sphinx comes with enum-tools' sphinx extra, hence roots=("enum-tools[sphinx]",); no release after 0.13.0 exists
    "curated/enum-tools-0.11-0.13-sphinx-9": Proof(
        check=SPHINX_HTML + AUTOENUM_CONF, signature="logger", roots=("enum-tools[sphinx]",),
        stacks=(Stack({"enum-tools": "0.11.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "failed", "enum-tools 0.11.0 with Sphinx 9.0.0"),
                Stack({"enum-tools": "0.13.0", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "enum-tools 0.13.0 with the newest Sphinx"),
                Stack({"enum-tools": "0.13.0", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"enum-tools": "0.11.0", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9")),
        wheels=(("enum-tools", "0.11.0"), ("enum-tools", "0.13.0"))),
    # Flask and Werkzeug pinned to releases the flask-sqlalchemy release runs with (2.1-2.4 need Werkzeug < 2.1,
    # 3.0 needs Flask >= 2.2), so only SQLAlchemy differs
    "curated/flask-sqlalchemy-2-sqlalchemy-2": Proof(
        check=FSA_CHECK, signature="__all__",
        stacks=(Stack({"flask-sqlalchemy": "2.1", "sqlalchemy": "2.0.0", "flask": "2.0.3", "werkzeug": "2.0.3"},
                      "failed", "Flask-SQLAlchemy 2.1 with SQLAlchemy 2.0.0"),
                Stack({"flask-sqlalchemy": "2.1", "sqlalchemy": "2.1.9", "flask": "2.0.3", "werkzeug": "2.0.3"},
                      "failed", "Flask-SQLAlchemy 2.1 with SQLAlchemy 2.1.9"),
                Stack({"flask-sqlalchemy": "3.0.1", "sqlalchemy": "2.0.0", "flask": "2.2.5", "werkzeug": "2.3.8"},
                      "failed", "Flask-SQLAlchemy 3.0.1 with SQLAlchemy 2.0.0"),
                Stack({"flask-sqlalchemy": "3.0.1", "sqlalchemy": "2.1.9", "flask": "2.2.5", "werkzeug": "2.3.8"},
                      "failed", "Flask-SQLAlchemy 3.0.1 with SQLAlchemy 2.1.9"),
                Stack({"flask-sqlalchemy": "2.1", "sqlalchemy": "1.4.54", "flask": "2.0.3", "werkzeug": "2.0.3"},
                      "passed", "Flask-SQLAlchemy 2.1 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"flask-sqlalchemy": "3.0.1", "sqlalchemy": "1.4.54", "flask": "2.2.5", "werkzeug": "2.3.8"},
                      "passed", "Flask-SQLAlchemy 3.0.1 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"flask-sqlalchemy": "3.0.2", "sqlalchemy": "2.1.9", "flask": "2.2.5", "werkzeug": "2.3.8"},
                      "passed", "Flask-SQLAlchemy 3.0.2, just above the range"))),
    "curated/flask-sqlalchemy-2.5-flask-3": Proof(
        check=FSA_CHECK, signature="_app_ctx_stack",
        stacks=(Stack({"flask-sqlalchemy": "2.5.0", "flask": "3.0.0", "sqlalchemy": "1.4.54"}, "failed",
                      "Flask-SQLAlchemy 2.5.0 with Flask 3.0.0"),
                Stack({"flask-sqlalchemy": "2.5.1", "flask": "3.1.3", "sqlalchemy": "1.4.54"}, "failed",
                      "Flask-SQLAlchemy 2.5.1 with Flask 3.1.3"),
                Stack({"flask-sqlalchemy": "2.5.1", "flask": "2.3.3", "sqlalchemy": "1.4.54"}, "passed",
                      "Flask 2.3.3, just below 3"),
                Stack({"flask-sqlalchemy": "3.0.0", "flask": "3.0.0", "sqlalchemy": "1.4.54"}, "passed",
                      "Flask-SQLAlchemy 3.0.0, just above the range"))),
    "curated/flask-login-0.6-werkzeug-3": Proof(
        check="python -c 'import flask_login'", signature="url_decode",
        stacks=(Stack({"flask-login": "0.6.0", "werkzeug": "3.0.0", "flask": "2.3.3"}, "failed",
                      "Flask-Login 0.6.0 with Werkzeug 3.0.0"),
                Stack({"flask-login": "0.6.2", "werkzeug": "3.1.9", "flask": "2.3.3"}, "failed",
                      "Flask-Login 0.6.2 with Werkzeug 3.1.9"),
                Stack({"flask-login": "0.6.2", "werkzeug": "2.3.8", "flask": "2.3.3"}, "passed",
                      "Werkzeug 2.3.8, just below 3"),
                Stack({"flask-login": "0.6.3", "werkzeug": "3.0.0", "flask": "2.3.3"}, "passed",
                      "Flask-Login 0.6.3, just above the range"))),
    "curated/flask-login-0.5-werkzeug-2.1": Proof(
        check="python -c 'import flask_login'", signature="safe_str_cmp",
        stacks=(Stack({"flask-login": "0.2.4", "werkzeug": "2.1.0", "flask": "2.1.3"}, "failed",
                      "Flask-Login 0.2.4 with Werkzeug 2.1.0"),
                Stack({"flask-login": "0.5.0", "werkzeug": "3.1.9", "flask": "2.3.3"}, "failed",
                      "Flask-Login 0.5.0 with Werkzeug 3.1.9"),
                Stack({"flask-login": "0.5.0", "werkzeug": "2.0.3", "flask": "2.1.3"}, "passed",
                      "Werkzeug 2.0.3, just below 2.1"),
                Stack({"flask-login": "0.6.0", "werkzeug": "2.1.0", "flask": "2.1.3"}, "passed",
                      "Flask-Login 0.6.0, just above the range"))),
    # SQLAlchemy pinned to 1.4.54 (2.0 breaks these releases for another reason: sqlalchemy.__all__) and Flask to a
    # release that allows the Werkzeug under test
    "curated/flask-sqlalchemy-2.4-werkzeug-2.1": Proof(
        check=FSA_CHECK, signature="__ident_func__",
        stacks=(Stack({"flask-sqlalchemy": "2.1", "werkzeug": "2.1.0", "flask": "2.1.3", "sqlalchemy": "1.4.54"},
                      "failed", "Flask-SQLAlchemy 2.1 with Werkzeug 2.1.0"),
                Stack({"flask-sqlalchemy": "2.1", "werkzeug": "3.1.9", "flask": "2.3.3", "sqlalchemy": "1.4.54"},
                      "failed", "Flask-SQLAlchemy 2.1 with Werkzeug 3.1.9"),
                Stack({"flask-sqlalchemy": "2.4.4", "werkzeug": "2.1.0", "flask": "2.1.3", "sqlalchemy": "1.4.54"},
                      "failed", "Flask-SQLAlchemy 2.4.4 with Werkzeug 2.1.0"),
                Stack({"flask-sqlalchemy": "2.4.4", "werkzeug": "3.1.9", "flask": "2.3.3", "sqlalchemy": "1.4.54"},
                      "failed", "Flask-SQLAlchemy 2.4.4 with Werkzeug 3.1.9"),
                Stack({"flask-sqlalchemy": "2.4.4", "werkzeug": "2.0.3", "flask": "2.0.3", "sqlalchemy": "1.4.54"},
                      "passed", "Werkzeug 2.0.3, just below 2.1"),
                Stack({"flask-sqlalchemy": "2.5.0", "werkzeug": "2.1.0", "flask": "2.1.3", "sqlalchemy": "1.4.54"},
                      "passed", "Flask-SQLAlchemy 2.5.0, just above the range"))),
    # Jinja2, MarkupSafe, Werkzeug and click pinned to releases Flask 1.x imports with, so only itsdangerous differs
    "curated/flask-1-itsdangerous-2.1": Proof(
        check="python -c 'import flask'", signature="cannot import name 'json'",
        stacks=(Stack({"flask": "0.10", "itsdangerous": "2.1.0", **{n: v for n, v in FLASK1_PINS.items() if n != "click"}},
                      "failed", "Flask 0.10 (which needs no click) with itsdangerous 2.1.0"),
                Stack({"flask": "1.1.2", "itsdangerous": "2.2.0", **FLASK1_PINS}, "failed",
                      "Flask 1.1.2 with itsdangerous 2.2.0"),
                Stack({"flask": "1.1.2", "itsdangerous": "2.0.1", **FLASK1_PINS}, "passed",
                      "itsdangerous 2.0.1, just below 2.1"),
                # 1.1.3 and 1.1.4 declare itsdangerous<2.0, so 2.0.0 is the first release that can meet 2.1
                Stack({"flask": "2.0.0", "itsdangerous": "2.1.0", "jinja2": "3.0.3", "markupsafe": "2.0.1",
                       "werkzeug": "2.0.3", "click": "8.0.4"}, "passed", "Flask 2.0.0, above the range"))),
    "curated/pyramid-setuptools-82": Proof(
        check="python -c 'import pyramid.config'", signature="pkg_resources",
        stacks=(Stack({"pyramid": "1.4", "setuptools": "82.0.0"}, "failed", "Pyramid 1.4 with setuptools 82.0.0"),
                Stack({"pyramid": "2.0.2", "setuptools": "84.2.1"}, "failed", "Pyramid 2.0.2 with setuptools 84.2.1"),
                Stack({"pyramid": "2.0.2", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                # 2.1 declares setuptools<82 itself
                Stack({"pyramid": "2.1", "setuptools": "81.0.0"}, "passed", "Pyramid 2.1, just above the range"))),
    "curated/fs-setuptools-82": Proof(
        check="python -c \"import fs; fs.open_fs('mem://').makedir('a')\"", signature="pkg_resources",
        stacks=(Stack({"fs": "2.0.6", "setuptools": "82.0.0"}, "failed", "fs 2.0.6 with setuptools 82.0.0"),
                Stack({"fs": "2.4.16", "setuptools": "84.2.1"}, "failed", "fs 2.4.16 with setuptools 84.2.1"),
                Stack({"fs": "2.4.16", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"fs": "2.0.5", "setuptools": "84.2.1"}, "passed", "fs 2.0.5, just below the range"))),
    # Flask pinned to a release that imports with both Werkzeugs (2.2.5 for 0.15.x, which needs flask.json.JSONEncoder)
    "curated/flask-wtf-1.1-werkzeug-3": Proof(
        check="python -c 'import flask_wtf'", signature="url_encode",
        stacks=(Stack({"flask-wtf": "0.15.0", "werkzeug": "3.0.0", "flask": "2.2.5"}, "failed",
                      "Flask-WTF 0.15.0 with Werkzeug 3.0.0"),
                Stack({"flask-wtf": "1.1.1", "werkzeug": "3.1.9", "flask": "2.3.3"}, "failed",
                      "Flask-WTF 1.1.1 with Werkzeug 3.1.9"),
                Stack({"flask-wtf": "1.1.1", "werkzeug": "2.3.8", "flask": "2.3.3"}, "passed",
                      "Werkzeug 2.3.8, just below 3"),
                Stack({"flask-wtf": "1.1.2", "werkzeug": "3.0.0", "flask": "2.3.3"}, "passed",
                      "Flask-WTF 1.1.2, just above the range"))),
    "curated/googleapis-common-protos-protobuf-4": Proof(
        check=PROTOS_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"googleapis-common-protos": "1.1.0", "protobuf": "4.21.1"}, "failed",
                      "googleapis-common-protos 1.1.0 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"googleapis-common-protos": "1.56.0", "protobuf": "7.36.2"}, "failed",
                      "googleapis-common-protos 1.56.0 with protobuf 7.36.2"),
                Stack({"googleapis-common-protos": "1.56.0", "protobuf": "3.20.3"}, "passed",
                      "protobuf 3.20.3, just below 4.21"),
                Stack({"googleapis-common-protos": "1.56.1", "protobuf": "4.21.1"}, "passed",
                      "googleapis-common-protos 1.56.1, just above the range"))),
    "curated/datasets-2.14-pyarrow-21": Proof(
        check="python -c 'import datasets'", signature="PyExtensionType",
        stacks=(Stack({"datasets": "2.14.6", "pyarrow": "21.0.0"}, "failed", "datasets 2.14.6 with pyarrow 21.0.0"),
                Stack({"datasets": "2.8.0", "pyarrow": "26.0.1"}, "failed", "datasets 2.8.0 with pyarrow 26.0.1"),
                Stack({"datasets": "2.14.6", "pyarrow": "20.0.0"}, "passed", "pyarrow 20.0.0, just below 21"),
                Stack({"datasets": "2.14.7", "pyarrow": "26.0.1"}, "passed", "datasets 2.14.7, just above the range"))),
    "curated/thinc-8.1-8.2-numpy-2": Proof(
        check="python -c 'import thinc.api'", signature="numpy.dtype size changed",
        stacks=(Stack({"thinc": "8.2.4", "numpy": "2.0.0"}, "failed", "thinc 8.2.4 with NumPy 2.0.0"),
                Stack({"thinc": "8.1.10", "numpy": "2.4.6"}, "failed", "thinc 8.1.10 with NumPy 2.4.6"),
                Stack({"thinc": "8.2.4", "numpy": "1.26.4"}, "passed", "NumPy 1.26.4, just below 2"),
                Stack({"thinc": "8.3.0", "numpy": "2.0.2"}, "passed", "thinc 8.3.0, above the range"))),
    "curated/jinja2-2.10-markupsafe-2.1": Proof(
        check="python -c 'import jinja2'", signature="soft_unicode",
        stacks=(Stack({"jinja2": "2.11.3", "markupsafe": "2.1.5"}, "failed", "Jinja2 2.11 with MarkupSafe 2.1"),
                Stack({"jinja2": "2.10.3", "markupsafe": "2.1.0"}, "failed", "Jinja2 2.10 with MarkupSafe 2.1.0"),
                Stack({"jinja2": "2.11.3", "markupsafe": "2.0.1"}, "passed", "MarkupSafe just below 2.1"),
                Stack({"jinja2": "3.0.0", "markupsafe": "2.1.5"}, "passed", "Jinja2 3.0, just above the range"))),
    "curated/black-click-8.1": Proof(
        check="black --version", signature="_unicodefun",
        stacks=(Stack({"black": "22.1.0", "click": "8.1.0"}, "failed", "Black 22.1.0 with click 8.1.0"),
                Stack({"black": "22.1.0", "click": "8.0.4"}, "passed", "click 8.0.4, just below 8.1.0"),
                Stack({"black": "22.3.0", "click": "8.1.0"}, "passed", "Black 22.3.0, just above the range"))),
    "curated/pillow-8.3.0-numpy": Proof(
        check="python -c \"import numpy, PIL.Image; numpy.array(PIL.Image.new('L', (1, 1)), dtype='float32')\"",
        signature="TypeError",
        stacks=(Stack({"pillow": "8.3.0", "numpy": None}, "failed", "Pillow 8.3.0 with NumPy"),
                Stack({"pillow": "8.3.1", "numpy": None}, "passed", "Pillow 8.3.1 with the same NumPy")),
        wheels=(("pillow", "8.3.0"), ("pillow", "8.3.1"))),
    "curated/tensorflow-2.1-h5py-3": _tensorflow("tensorflow"),
    "curated/tensorflow-2.1-h5py-3-cpu": _tensorflow("tensorflow-cpu"),
    "curated/tensorflow-2.1-h5py-3-gpu": _tensorflow("tensorflow-gpu"),
    "curated/flask-2.0-werkzeug-3": Proof(
        check="python -c 'import flask'", signature="url_quote",
        stacks=(Stack({"flask": "2.2.3", "werkzeug": "3.0.6"}, "failed", "Flask 2.2.3 with Werkzeug 3.0"),
                Stack({"flask": "2.0.0", "werkzeug": "3.0.6"}, "failed", "Flask 2.0.0 with Werkzeug 3.0"),
                Stack({"flask": "2.2.3", "werkzeug": "2.3.8"}, "passed", "Werkzeug 2.3.8, just below 3"),
                Stack({"flask": "2.2.5", "werkzeug": "3.0.6"}, "passed", "Flask 2.2.5, just above the range"))),
    "curated/flask-2.2.4-werkzeug-3.1": Proof(
        check=FLASK_CLIENT, signature="__version__",
        stacks=(Stack({"flask": "2.2.5", "werkzeug": "3.1.3"}, "failed", "Flask 2.2.5 with Werkzeug 3.1"),
                Stack({"flask": "2.2.4", "werkzeug": "3.1.3"}, "failed", "Flask 2.2.4 with Werkzeug 3.1"),
                Stack({"flask": "2.3.2", "werkzeug": "3.1.3"}, "failed", "Flask 2.3.2 with Werkzeug 3.1"),
                Stack({"flask": "2.2.5", "werkzeug": "3.0.6"}, "passed", "Werkzeug 3.0.6, just below 3.1"),
                Stack({"flask": "2.3.3", "werkzeug": "3.1.3"}, "passed", "Flask 2.3.3, just above the range"))),
    # urllib3 pinned to 1.26.20 (urllib3 2 breaks docker < 6.1 for another reason), so only requests differs
    "curated/docker-7.0-requests-2.32": Proof(
        check=DOCKER_CHECK, signature="http+docker",
        stacks=(Stack({"docker": "2.0.0", "requests": "2.32.2", "urllib3": "1.26.20"}, "failed",
                      "docker 2.0.0 with requests 2.32.2"),
                Stack({"docker": "7.0.0", "requests": "2.34.2", "urllib3": "1.26.20"}, "failed",
                      "docker 7.0.0 with requests 2.34.2"),
                Stack({"docker": "7.0.0", "requests": "2.31.0", "urllib3": "1.26.20"}, "passed",
                      "requests 2.31.0, just below 2.32"),
                Stack({"docker": "7.1.0", "requests": "2.34.2", "urllib3": "1.26.20"}, "passed",
                      "docker 7.1.0, just above the range"))),
    # requests pinned to 2.31.0 (requests 2.32 breaks docker < 7.1 for another reason), so only urllib3 differs
    "curated/docker-6.0-urllib3-2": Proof(
        check=DOCKER_CHECK, signature="unexpected keyword argument 'chunked'",
        stacks=(Stack({"docker": "2.0.0", "urllib3": "2.0.2", "requests": "2.31.0"}, "failed",
                      "docker 2.0.0 with urllib3 2.0.2"),
                Stack({"docker": "6.0.1", "urllib3": "2.8.0", "requests": "2.31.0"}, "failed",
                      "docker 6.0.1 with urllib3 2.8.0"),
                Stack({"docker": "6.0.1", "urllib3": "1.26.20", "requests": "2.31.0"}, "passed",
                      "urllib3 1.26.20, just below 2"),
                Stack({"docker": "6.1.0", "urllib3": "2.8.0", "requests": "2.31.0"}, "passed",
                      "docker 6.1.0, just above the range"))),
    "curated/requests-toolbelt-0.10-urllib3-2": Proof(
        check="python -c 'import requests_toolbelt'", signature="appengine",
        stacks=(Stack({"requests-toolbelt": "0.9.1", "urllib3": "2.0.2", "requests": "2.31.0"}, "failed",
                      "requests-toolbelt 0.9.1 with urllib3 2.0.2"),
                Stack({"requests-toolbelt": "0.10.1", "urllib3": "2.8.0", "requests": "2.34.2"}, "failed",
                      "requests-toolbelt 0.10.1 with urllib3 2.8.0"),
                Stack({"requests-toolbelt": "0.10.1", "urllib3": "1.26.20", "requests": "2.34.2"}, "passed",
                      "urllib3 1.26.20, just below 2"),
                Stack({"requests-toolbelt": "1.0.0", "urllib3": "2.8.0", "requests": "2.34.2"}, "passed",
                      "requests-toolbelt 1.0.0, just above the range"))),
    "curated/mkdocs-1.2-jinja2-3.1": Proof(
        check=MKDOCS_BUILD, signature="contextfilter",
        stacks=(Stack({"mkdocs": "1.2", "jinja2": "3.1.0"}, "failed", "MkDocs 1.2 with Jinja2 3.1.0"),
                Stack({"mkdocs": "1.2.3", "jinja2": "3.1.6"}, "failed", "MkDocs 1.2.3 with Jinja2 3.1.6"),
                Stack({"mkdocs": "1.2.3", "jinja2": "3.0.3"}, "passed", "Jinja2 3.0.3, just below 3.1"),
                Stack({"mkdocs": "1.2.4", "jinja2": "3.1.6"}, "passed", "MkDocs 1.2.4, just above the range"))),
    "curated/aiohttp-jinja2-1.4-jinja2-3.1": Proof(
        check="python -c 'import aiohttp_jinja2'", signature="contextfunction",
        stacks=(Stack({"aiohttp-jinja2": "1.2.0", "jinja2": "3.1.0"}, "failed",
                      "aiohttp-jinja2 1.2.0 with Jinja2 3.1.0"),
                Stack({"aiohttp-jinja2": "1.4.2", "jinja2": "3.1.6"}, "failed",
                      "aiohttp-jinja2 1.4.2 with Jinja2 3.1.6"),
                Stack({"aiohttp-jinja2": "1.4.2", "jinja2": "3.0.3"}, "passed", "Jinja2 3.0.3, just below 3.1"),
                Stack({"aiohttp-jinja2": "1.5", "jinja2": "3.1.6"}, "passed",
                      "aiohttp-jinja2 1.5, just above the range"))),
    "curated/respx-0.20-0.21-httpx-0.28": Proof(
        check=RESPX_CHECK, signature="not mocked",
        stacks=(Stack({"respx": "0.20.1", "httpx": "0.28.0"}, "failed", "respx 0.20.1 with HTTPX 0.28.0"),
                Stack({"respx": "0.21.1", "httpx": "0.28.1"}, "failed", "respx 0.21.1 with HTTPX 0.28.1"),
                Stack({"respx": "0.20.1", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"respx": "0.21.1", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"respx": "0.22.0", "httpx": "0.28.1"}, "passed", "respx 0.22.0, just above the range"))),
    # Flask pinned to a release that allows the Werkzeug under test (Flask 2.2 needs Werkzeug >= 2.2)
    "curated/flask-restx-0.5-werkzeug-2.2": Proof(
        check=FLASK_RESTX_CHECK, signature="parse_rule",
        stacks=(Stack({"flask-restx": "0.5.0", "werkzeug": "2.2.0", "flask": "2.1.3"}, "failed",
                      "Flask-RESTX 0.5.0 with Werkzeug 2.2.0"),
                Stack({"flask-restx": "0.5.1", "werkzeug": "3.0.6", "flask": "2.2.5"}, "failed",
                      "Flask-RESTX 0.5.1 with Werkzeug 3.0.6 (3.1 fails on werkzeug.__version__ first)"),
                Stack({"flask-restx": "0.5.1", "werkzeug": "2.1.2", "flask": "2.1.3"}, "passed",
                      "Werkzeug 2.1.2, just below 2.2"),
                Stack({"flask-restx": "1.0.3", "werkzeug": "2.2.0", "flask": "2.1.3"}, "passed",
                      "Flask-RESTX 1.0.3, above the range (1.0.1 misses an undeclared six)"))),
    "curated/flask-restx-1.1-werkzeug-3.1": Proof(
        check=FLASK_RESTX_CHECK, signature="__version__",
        stacks=(Stack({"flask-restx": "0.5.0", "werkzeug": "3.1.0", "flask": "2.3.3"}, "failed",
                      "Flask-RESTX 0.5.0 with Werkzeug 3.1.0"),
                Stack({"flask-restx": "1.1.0", "werkzeug": "3.1.9", "flask": "2.3.3"}, "failed",
                      "Flask-RESTX 1.1.0 with Werkzeug 3.1.9"),
                Stack({"flask-restx": "1.1.0", "werkzeug": "3.0.6", "flask": "2.3.3"}, "passed",
                      "Werkzeug 3.0.6, just below 3.1"),
                Stack({"flask-restx": "1.3.0", "werkzeug": "3.1.9", "flask": "2.3.3"}, "passed",
                      "Flask-RESTX 1.3.0 (1.2.0 declares werkzeug<3)"))),
    "curated/flask-restx-1.1-flask-3": Proof(
        check=FLASK_RESTX_CHECK, signature="flask.scaffold",
        stacks=(Stack({"flask-restx": "0.5.0", "flask": "3.0.0", "werkzeug": "3.0.6"}, "failed",
                      "Flask-RESTX 0.5.0 with Flask 3.0.0"),
                Stack({"flask-restx": "1.1.0", "flask": "3.1.3", "werkzeug": "3.1.9"}, "failed",
                      "Flask-RESTX 1.1.0 with Flask 3.1.3"),
                Stack({"flask-restx": "1.1.0", "flask": "2.3.3", "werkzeug": "3.0.6"}, "passed",
                      "Flask 2.3.3, just below 3"),
                Stack({"flask-restx": "1.3.0", "flask": "3.1.3", "werkzeug": "3.1.9"}, "passed",
                      "Flask-RESTX 1.3.0 (1.2.0 declares Flask<3)"))),
    # pandas pinned to 2.3.3 (pandas 3 is not what is under test; older xarray declare pandas<2)
    "curated/xarray-2023.4-2023.8-numpy-2": Proof(
        check="python -c 'import xarray'", signature="np.unicode_",
        stacks=(Stack({"xarray": "2023.4.0", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed",
                      "xarray 2023.4.0 with NumPy 2.4.6"),
                Stack({"xarray": "2023.8.0", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed",
                      "xarray 2023.8.0 with NumPy 2.0.0"),
                Stack({"xarray": "2023.8.0", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "NumPy 1.26.4, just below 2"),
                Stack({"xarray": "2023.9.0", "numpy": "2.0.0", "pandas": "2.3.3"}, "passed",
                      "xarray 2023.9.0, just above the range"))),
    # Matplotlib pinned to 3.8.4 (older releases do not run with NumPy 2) so only NumPy differs
    "curated/cmocean-3.0-numpy-2": Proof(
        check="MPLBACKEND=Agg python -c 'import cmocean; cmocean.cm.thermal(0.5)'", signature="np.unicode_",
        stacks=(Stack({"cmocean": "3.0.3", "numpy": "2.4.6", "matplotlib": "3.8.4"}, "failed",
                      "cmocean 3.0.3 with NumPy 2.4.6"),
                Stack({"cmocean": "3.0.3", "numpy": "2.0.0", "matplotlib": "3.8.4"}, "failed",
                      "cmocean 3.0.3 with NumPy 2.0.0"),
                Stack({"cmocean": "3.0.3", "numpy": "1.26.4", "matplotlib": "3.8.4"}, "passed",
                      "NumPy 1.26.4, just below 2"),
                Stack({"cmocean": "3.1.3", "numpy": "2.0.0", "matplotlib": "3.8.4"}, "passed",
                      "cmocean 3.1.3, just above the range"))),
    # NumPy and pandas pinned: seaborn < 0.13.2 has a NumPy 2 problem of its own
    "curated/seaborn-0.10-0.11-matplotlib-3.9": Proof(
        check="MPLBACKEND=Agg python -c 'import seaborn'", signature="register_cmap",
        stacks=(Stack({"seaborn": "0.10.0", "matplotlib": "3.11.2", "numpy": "1.26.4", "pandas": "2.3.3"}, "failed",
                      "seaborn 0.10.0 with Matplotlib 3.11.2"),
                Stack({"seaborn": "0.11.2", "matplotlib": "3.9.0", "numpy": "1.26.4", "pandas": "2.3.3"}, "failed",
                      "seaborn 0.11.2 with Matplotlib 3.9.0"),
                Stack({"seaborn": "0.11.2", "matplotlib": "3.8.4", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "Matplotlib 3.8.4, just below 3.9"),
                Stack({"seaborn": "0.12.0", "matplotlib": "3.9.0", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "seaborn 0.12.0, just above the range"))),
    # the removed name differs along the range (_print_elapsed_time in 0.9.1, parse_version in 0.11.0-0.12.0,
    # _get_column_indices in 0.12.1-0.12.2); all were dropped from the sklearn.utils namespace
    "curated/imbalanced-learn-0.9.1-0.12.2-scikit-learn-1.5": Proof(
        check=IMBLEARN_CHECK, signature="from 'sklearn.utils'",
        stacks=(Stack({"imbalanced-learn": "0.9.1", "scikit-learn": "1.9.1", **IMBLEARN_PINS}, "failed",
                      "imbalanced-learn 0.9.1 with scikit-learn 1.9.1"),
                Stack({"imbalanced-learn": "0.11.0", "scikit-learn": "1.5.0", **IMBLEARN_PINS}, "failed",
                      "imbalanced-learn 0.11.0 with scikit-learn 1.5.0"),
                Stack({"imbalanced-learn": "0.12.2", "scikit-learn": "1.5.0", **IMBLEARN_PINS}, "failed",
                      "imbalanced-learn 0.12.2 with scikit-learn 1.5.0"),
                Stack({"imbalanced-learn": "0.12.2", "scikit-learn": "1.4.2", **IMBLEARN_PINS}, "passed",
                      "scikit-learn 1.4.2, just below 1.5"),
                Stack({"imbalanced-learn": "0.12.3", "scikit-learn": "1.5.0", **IMBLEARN_PINS}, "passed",
                      "imbalanced-learn 0.12.3, just above the range"))),
    "curated/imbalanced-learn-0.12.3-0.13-scikit-learn-1.7": Proof(
        check=IMBLEARN_CHECK, signature="_safe_tags",
        stacks=(Stack({"imbalanced-learn": "0.12.3", "scikit-learn": "1.9.1", **IMBLEARN_PINS}, "failed",
                      "imbalanced-learn 0.12.3 with scikit-learn 1.9.1"),
                Stack({"imbalanced-learn": "0.13.0", "scikit-learn": "1.7.0", **IMBLEARN_PINS}, "failed",
                      "imbalanced-learn 0.13.0 with scikit-learn 1.7.0"),
                Stack({"imbalanced-learn": "0.13.0", "scikit-learn": "1.6.1", **IMBLEARN_PINS}, "passed",
                      "scikit-learn 1.6.1, just below 1.7"),
                Stack({"imbalanced-learn": "0.14.0", "scikit-learn": "1.7.0", **IMBLEARN_PINS}, "passed",
                      "imbalanced-learn 0.14.0, just above the range"))),
    # NumPy and pandas pinned so only SciPy differs (0.15.0 declares neither Matplotlib nor autograd)
    "curated/lifelines-0.15-0.28-scipy-1.14": Proof(
        check="MPLBACKEND=Agg python -c 'import lifelines'", signature="trapz",
        stacks=(Stack({"lifelines": "0.15.0", "scipy": "1.17.1", **LIFELINES_PINS}, "failed",
                      "lifelines 0.15.0 with SciPy 1.17.1"),
                Stack({"lifelines": "0.28.0", "scipy": "1.14.0", **LIFELINES_PINS}, "failed",
                      "lifelines 0.28.0 with SciPy 1.14.0"),
                Stack({"lifelines": "0.28.0", "scipy": "1.13.1", **LIFELINES_PINS}, "passed",
                      "SciPy 1.13.1, just below 1.14"),
                Stack({"lifelines": "0.29.0", "scipy": "1.14.0", **LIFELINES_PINS}, "passed",
                      "lifelines 0.29.0, just above the range"))),
    # scikit-learn 1.4.2 (0.10.0 does not import with 1.5+: check_pandas_support) and SciPy pinned
    "curated/scikit-optimize-0.9-numpy-1.24": Proof(
        check=SKOPT_CHECK, signature="has no attribute 'int'",
        stacks=(Stack({"scikit-optimize": "0.9.0", "numpy": "1.24.0", **SKOPT_PINS}, "failed",
                      "scikit-optimize 0.9.0 with NumPy 1.24.0"),
                Stack({"scikit-optimize": "0.9.0", "numpy": "2.4.6", **SKOPT_PINS}, "failed",
                      "scikit-optimize 0.9.0 with NumPy 2.4.6"),
                Stack({"scikit-optimize": "0.9.0", "numpy": "1.23.5", **SKOPT_PINS}, "passed",
                      "NumPy 1.23.5, just below 1.24"),
                Stack({"scikit-optimize": "0.10.0", "numpy": "1.24.0", **SKOPT_PINS}, "passed",
                      "scikit-optimize 0.10.0, just above the range"))),
    # NumPy < 2 and an older SciPy: scikit-learn 1.2 does not run with NumPy 2
    "curated/imbalanced-learn-0.10-scikit-learn-1.3": Proof(
        check=IMBLEARN_CHECK, signature="_MissingValues",
        stacks=(Stack({"imbalanced-learn": "0.10.0", "scikit-learn": "1.9.1", **IMBLEARN_OLD_PINS}, "failed",
                      "imbalanced-learn 0.10.0 with scikit-learn 1.9.1"),
                Stack({"imbalanced-learn": "0.10.1", "scikit-learn": "1.3.0", **IMBLEARN_OLD_PINS}, "failed",
                      "imbalanced-learn 0.10.1 with scikit-learn 1.3.0"),
                Stack({"imbalanced-learn": "0.10.1", "scikit-learn": "1.2.2", **IMBLEARN_OLD_PINS}, "passed",
                      "scikit-learn 1.2.2, just below 1.3"),
                Stack({"imbalanced-learn": "0.11.0", "scikit-learn": "1.3.0", **IMBLEARN_OLD_PINS}, "passed",
                      "imbalanced-learn 0.11.0, just above the range"))),
    "curated/typer-0.4-0.15-click-8.2": Proof(
        check=TYPER_HELP, signature="make_metavar",
        stacks=(Stack({"typer": "0.4.1", "click": "8.2.0"}, "failed", "typer 0.4.1 with click 8.2.0"),
                Stack({"typer": "0.4.1", "click": "8.5.1"}, "failed", "typer 0.4.1 with click 8.5.1"),
                Stack({"typer": "0.15.3", "click": "8.2.0"}, "failed", "typer 0.15.3 with click 8.2.0"),
                Stack({"typer": "0.15.3", "click": "8.5.1"}, "failed", "typer 0.15.3 with click 8.5.1"),
                Stack({"typer": "0.4.1", "click": "8.1.8"}, "passed", "typer 0.4.1 with click 8.1.8, just below 8.2"),
                Stack({"typer": "0.15.3", "click": "8.1.8"}, "passed", "typer 0.15.3 with click 8.1.8, just below 8.2"),
                # 0.15.4 declares click<8.2 itself
                Stack({"typer": "0.16.0", "click": "8.2.0"}, "passed", "typer 0.16.0, just above the range"),
                Stack({"typer": "0.16.0", "click": "8.5.1"}, "passed", "typer 0.16.0 with click 8.5.1"))),
    "curated/typer-0.4.0-click-8.1": Proof(
        check=TYPER_HELP, signature="get_terminal_size",
        stacks=(Stack({"typer": "0.4.0", "click": "8.1.0"}, "failed", "typer 0.4.0 with click 8.1.0"),
                Stack({"typer": "0.4.0", "click": "8.5.1"}, "failed", "typer 0.4.0 with click 8.5.1"),
                Stack({"typer": "0.4.0", "click": "8.0.4"}, "passed", "click 8.0.4, just below 8.1"),
                # 0.3.2 declares click<7.2, so 0.4.0 is the first release that can meet click 8.1
                Stack({"typer": "0.4.1", "click": "8.1.0"}, "passed", "typer 0.4.1, just above the range"))),
    "curated/gunicorn-20-setuptools-82": Proof(
        check="gunicorn --version", signature="pkg_resources",
        stacks=(Stack({"gunicorn": "20.0.0", "setuptools": "82.0.0"}, "failed",
                      "gunicorn 20.0.0 with setuptools 82.0.0"),
                Stack({"gunicorn": "20.1.0", "setuptools": "84.2.1"}, "failed",
                      "gunicorn 20.1.0 with setuptools 84.2.1"),
                Stack({"gunicorn": "20.0.0", "setuptools": "81.0.0"}, "passed",
                      "gunicorn 20.0.0 with setuptools 81.0.0, just below 82"),
                Stack({"gunicorn": "20.1.0", "setuptools": "81.0.0"}, "passed",
                      "gunicorn 20.1.0 with setuptools 81.0.0, just below 82"),
                # 21.0.0 no longer imports pkg_resources and no longer declares setuptools
                Stack({"gunicorn": "21.0.0"}, "passed", "gunicorn 21.0.0, just above the range"))),
    "curated/dataset-1.1-1.5-sqlalchemy-2": Proof(
        check=DATASET_CHECK, signature="bind",
        stacks=(Stack({"dataset": "1.1.1", "sqlalchemy": "2.0.0", **DATASET_OLD_PINS}, "failed",
                      "dataset 1.1.1 with SQLAlchemy 2.0.0"),
                Stack({"dataset": "1.1.1", "sqlalchemy": "2.1.9", **DATASET_OLD_PINS}, "failed",
                      "dataset 1.1.1 with SQLAlchemy 2.1.9"),
                Stack({"dataset": "1.5.2", "sqlalchemy": "2.0.0", **DATASET_PINS}, "failed",
                      "dataset 1.5.2 with SQLAlchemy 2.0.0"),
                Stack({"dataset": "1.5.2", "sqlalchemy": "2.1.9", **DATASET_PINS}, "failed",
                      "dataset 1.5.2 with SQLAlchemy 2.1.9"),
                Stack({"dataset": "1.1.1", "sqlalchemy": "1.4.54", **DATASET_OLD_PINS}, "passed",
                      "dataset 1.1.1 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"dataset": "1.5.2", "sqlalchemy": "1.4.54", **DATASET_PINS}, "passed",
                      "dataset 1.5.2 with SQLAlchemy 1.4.54, just below 2"),
                # 1.6.0 declares sqlalchemy<2.0.0 itself
                Stack({"dataset": "1.6.0", "sqlalchemy": "1.4.54", **DATASET_PINS}, "passed",
                      "dataset 1.6.0, just above the range"))),
    "curated/tensorboard-1.15-2.9-protobuf-4": Proof(
        check=TENSORBOARD_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"tensorboard": "1.15.0", "protobuf": "4.21.1", **TENSORBOARD_PINS}, "failed",
                      "tensorboard 1.15.0 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"tensorboard": "2.9.0", "protobuf": "4.21.1", **TENSORBOARD_PINS}, "failed",
                      "tensorboard 2.9.0 with protobuf 4.21.1"),
                Stack({"tensorboard": "2.9.0", "protobuf": "7.36.2", **TENSORBOARD_PINS}, "failed",
                      "tensorboard 2.9.0 with protobuf 7.36.2"),
                Stack({"tensorboard": "1.15.0", "protobuf": "3.20.3", **TENSORBOARD_PINS}, "passed",
                      "tensorboard 1.15.0 with protobuf 3.20.3, just below 4"),
                Stack({"tensorboard": "2.9.0", "protobuf": "3.20.3", **TENSORBOARD_PINS}, "passed",
                      "tensorboard 2.9.0 with protobuf 3.20.3, just below 4"),
                # 2.9.1 declares protobuf<3.20 itself
                Stack({"tensorboard": "2.9.1", "protobuf": "3.19.6", **TENSORBOARD_PINS}, "passed",
                      "tensorboard 2.9.1, just above the range"))),
    # NumPy 1.24-1.26 and 2.x stop at different removed aliases (np.object, np.bool8) of the same dtype table
    "curated/tensorboard-1.15-2.5-numpy-1.24": Proof(
        check=TENSORBOARD_CHECK, signature="module 'numpy' has no attribute",
        stacks=(Stack({"tensorboard": "1.15.0", "numpy": "1.24.0", **TB_PROTO}, "failed",
                      "tensorboard 1.15.0 with numpy 1.24.0"),
                Stack({"tensorboard": "1.15.0", "numpy": "2.4.6", **TB_PROTO}, "failed",
                      "tensorboard 1.15.0 with numpy 2.4.6"),
                Stack({"tensorboard": "2.5.0", "numpy": "1.24.0", **TB_PROTO}, "failed",
                      "tensorboard 2.5.0 with numpy 1.24.0"),
                Stack({"tensorboard": "2.5.0", "numpy": "2.4.6", **TB_PROTO}, "failed",
                      "tensorboard 2.5.0 with numpy 2.4.6"),
                Stack({"tensorboard": "1.15.0", "numpy": "1.23.5", **TB_PROTO}, "passed",
                      "tensorboard 1.15.0 with numpy 1.23.5, just below 1.24"),
                Stack({"tensorboard": "2.5.0", "numpy": "1.23.5", **TB_PROTO}, "passed",
                      "tensorboard 2.5.0 with numpy 1.23.5, just below 1.24"),
                Stack({"tensorboard": "2.6.0", "numpy": "1.24.0", **TB_PROTO}, "passed",
                      "tensorboard 2.6.0, just above the range"))),
    "curated/tensorboard-2.6-2.11.0-numpy-2": Proof(
        check=TENSORBOARD_CHECK, signature="bool8",
        stacks=(Stack({"tensorboard": "2.6.0", "numpy": "2.0.0", **TB_PROTO}, "failed",
                      "tensorboard 2.6.0 with numpy 2.0.0"),
                Stack({"tensorboard": "2.6.0", "numpy": "2.4.6", **TB_PROTO}, "failed",
                      "tensorboard 2.6.0 with numpy 2.4.6"),
                Stack({"tensorboard": "2.11.0", "numpy": "2.0.0", **TB_PROTO}, "failed",
                      "tensorboard 2.11.0 with numpy 2.0.0"),
                Stack({"tensorboard": "2.11.0", "numpy": "2.4.6", **TB_PROTO}, "failed",
                      "tensorboard 2.11.0 with numpy 2.4.6"),
                Stack({"tensorboard": "2.6.0", "numpy": "1.26.4", **TB_PROTO}, "passed",
                      "tensorboard 2.6.0 with numpy 1.26.4, just below 2"),
                Stack({"tensorboard": "2.11.0", "numpy": "1.26.4", **TB_PROTO}, "passed",
                      "tensorboard 2.11.0 with numpy 1.26.4, just below 2"),
                Stack({"tensorboard": "2.11.1", "numpy": "2.0.0", **TB_PROTO}, "passed",
                      "tensorboard 2.11.1, just above the range"))),
    "curated/tensorboard-2.11.1-2.17.0-numpy-2": Proof(
        check=TENSORBOARD_WRITE, signature="np.string_",
        stacks=(Stack({"tensorboard": "2.11.1", "numpy": "2.0.0"}, "failed", "tensorboard 2.11.1 with numpy 2.0.0"),
                Stack({"tensorboard": "2.11.1", "numpy": "2.4.6"}, "failed", "tensorboard 2.11.1 with numpy 2.4.6"),
                Stack({"tensorboard": "2.17.0", "numpy": "2.0.0"}, "failed", "tensorboard 2.17.0 with numpy 2.0.0"),
                Stack({"tensorboard": "2.17.0", "numpy": "2.4.6"}, "failed", "tensorboard 2.17.0 with numpy 2.4.6"),
                Stack({"tensorboard": "2.11.1", "numpy": "1.26.4"}, "passed",
                      "tensorboard 2.11.1 with numpy 1.26.4, just below 2"),
                Stack({"tensorboard": "2.17.0", "numpy": "1.26.4"}, "passed",
                      "tensorboard 2.17.0 with numpy 1.26.4, just below 2"),
                Stack({"tensorboard": "2.17.1", "numpy": "2.0.0"}, "passed",
                      "tensorboard 2.17.1, just above the range"),
                Stack({"tensorboard": "2.17.1", "numpy": "2.4.6"}, "passed", "tensorboard 2.17.1 with numpy 2.4.6"))),
    # setuptools pinned below 82: these releases import pkg_resources (the rule below)
    "curated/datasette-0.64.3-0.65-httpx-0.28": Proof(
        check=DATASETTE_CHECK, signature="unexpected keyword argument 'app'",
        stacks=(Stack({"datasette": "0.64.3", "httpx": "0.28.0", "setuptools": "81.0.0"}, "failed",
                      "datasette 0.64.3 with HTTPX 0.28.0"),
                Stack({"datasette": "0.65", "httpx": "0.28.1", "setuptools": "81.0.0"}, "failed",
                      "datasette 0.65 with HTTPX 0.28.1"),
                Stack({"datasette": "0.64.3", "httpx": "0.27.2", "setuptools": "81.0.0"}, "passed",
                      "HTTPX 0.27.2, just below 0.28"),
                Stack({"datasette": "0.65", "httpx": "0.27.2", "setuptools": "81.0.0"}, "passed",
                      "HTTPX 0.27.2, just below 0.28"),
                Stack({"datasette": "0.65.1", "httpx": "0.28.1", "setuptools": "81.0.0"}, "passed",
                      "datasette 0.65.1, just above the range"))),
    # HTTPX pinned below 0.28: these releases pass app= to httpx.AsyncClient (the rule above)
    "curated/datasette-0.64.3-0.65.1-setuptools-82": Proof(
        check=DATASETTE_CHECK, signature="pkg_resources",
        stacks=(Stack({"datasette": "0.64.3", "setuptools": "82.0.0", "httpx": "0.27.2"}, "failed",
                      "datasette 0.64.3 with setuptools 82.0.0"),
                Stack({"datasette": "0.65.1", "setuptools": "84.2.1", "httpx": "0.27.2"}, "failed",
                      "datasette 0.65.1 with setuptools 84.2.1"),
                Stack({"datasette": "0.64.3", "setuptools": "81.0.0", "httpx": "0.27.2"}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"datasette": "0.65.1", "setuptools": "81.0.0", "httpx": "0.27.2"}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"datasette": "0.65.2", "setuptools": "84.2.1", "httpx": "0.27.2"}, "passed",
                      "datasette 0.65.2, just above the range"))),
    # starlette pinned to 0.37.2 (allows AnyIO 3 and 4) so that only the pair differs
    "curated/starlette-testclient-0.1-0.3-anyio-4": Proof(
        check=STARLETTE_TESTCLIENT_CHECK, signature="start_blocking_portal",
        stacks=(Stack({"starlette-testclient": "0.1.0", "anyio": "4.0.0", "starlette": "0.37.2"}, "failed",
                      "starlette-testclient 0.1.0 with AnyIO 4.0.0"),
                Stack({"starlette-testclient": "0.3.0", "anyio": "4.16.0", "starlette": "0.37.2"}, "failed",
                      "starlette-testclient 0.3.0 with AnyIO 4.16.0"),
                Stack({"starlette-testclient": "0.1.0", "anyio": "3.7.1", "starlette": "0.37.2"}, "passed",
                      "AnyIO 3.7.1, just below 4"),
                Stack({"starlette-testclient": "0.3.0", "anyio": "3.7.1", "starlette": "0.37.2"}, "passed",
                      "AnyIO 3.7.1, just below 4"),
                Stack({"starlette-testclient": "0.4.0", "anyio": "4.16.0", "starlette": "0.37.2"}, "passed",
                      "starlette-testclient 0.4.0, just above the range"))),
    "curated/aioresponses-0.7.7-0.7.9-aiohttp-3.14": Proof(
        check=AIORESPONSES_CHECK, signature="stream_writer",
        stacks=(Stack({"aioresponses": "0.7.7", "aiohttp": "3.14.0"}, "failed", "aioresponses 0.7.7 with aiohttp 3.14.0"),
                Stack({"aioresponses": "0.7.9", "aiohttp": "3.14.5"}, "failed", "aioresponses 0.7.9 with aiohttp 3.14.5"),
                Stack({"aioresponses": "0.7.7", "aiohttp": "3.13.5"}, "passed", "aiohttp 3.13.5, just below 3.14"),
                Stack({"aioresponses": "0.7.9", "aiohttp": "3.13.5"}, "passed", "aiohttp 3.13.5, just below 3.14"))),
    # httpx is only in starlette's `full` extra: added as a second root (needs Proof.roots, see harness-patch.diff)
    "curated/starlette-0.21-0.37.1-httpx-0.28": Proof(
        check=STARLETTE_CHECK, signature="unexpected keyword argument 'app'", roots=("httpx",),
        stacks=(Stack({"starlette": "0.21.0", "httpx": "0.28.0"}, "failed", "starlette 0.21.0 with HTTPX 0.28.0"),
                Stack({"starlette": "0.37.1", "httpx": "0.28.1"}, "failed", "starlette 0.37.1 with HTTPX 0.28.1"),
                Stack({"starlette": "0.21.0", "httpx": "0.27.2", "anyio": "3.7.1"}, "passed",
                      "HTTPX 0.27.2, just below 0.28 (AnyIO 3.7.1: 0.21.0 fails with AnyIO 4, the rule below)"),
                Stack({"starlette": "0.37.1", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"starlette": "0.37.2", "httpx": "0.28.1"}, "passed", "starlette 0.37.2, just above the range"))),
    # the TestClient's HTTP client is only in starlette's `full` extra: requests (0.19, 0.20) or httpx (0.21 on) as a
    # second root; both are listed, the one a release does not use is installed and ignored
    "curated/starlette-0.19-0.21-anyio-4": Proof(
        check=STARLETTE_CHECK, signature="start_blocking_portal", roots=("requests", "httpx"),
        stacks=(Stack({"starlette": "0.19.0", "anyio": "4.0.0"}, "failed", "starlette 0.19.0 with AnyIO 4.0.0"),
                Stack({"starlette": "0.21.0", "anyio": "4.16.0", "httpx": "0.27.2"}, "failed",
                      "starlette 0.21.0 with AnyIO 4.16.0 (HTTPX 0.27.2: 0.28 fails first, the rule above)"),
                Stack({"starlette": "0.19.0", "anyio": "3.7.1"}, "passed", "AnyIO 3.7.1, just below 4"),
                Stack({"starlette": "0.21.0", "anyio": "3.7.1", "httpx": "0.27.2"}, "passed", "AnyIO 3.7.1, just below 4"),
                Stack({"starlette": "0.22.0", "anyio": "4.16.0", "httpx": "0.27.2"}, "passed",
                      "starlette 0.22.0, just above the range"))),
    "curated/inflect-6.0-pydantic-2": Proof(
        check=INFLECT_CHECK, signature="pydantic.typing",
        stacks=(Stack({"inflect": "6.0.0", "pydantic": "2.0"}, "failed", "inflect 6.0.0 with pydantic 2.0"),
                Stack({"inflect": "6.0.4", "pydantic": "2.14.4"}, "failed", "inflect 6.0.4 with pydantic 2.14.4"),
                Stack({"inflect": "6.0.0", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"inflect": "6.0.4", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"inflect": "6.2.0", "pydantic": "2.14.4"}, "passed",
                      "inflect 6.2.0, the first release above the range that allows pydantic 2"))),
    "curated/openapi-schema-pydantic-1-pydantic-2": Proof(
        check=OPENAPI_SCHEMA_PYDANTIC_CHECK, signature="`const` is removed",
        stacks=(Stack({"openapi-schema-pydantic": "1.0.0", "pydantic": "2.14.4"}, "failed",
                      "openapi-schema-pydantic 1.0.0 with pydantic 2.14.4"),
                Stack({"openapi-schema-pydantic": "1.2.4", "pydantic": "2.0"}, "failed",
                      "openapi-schema-pydantic 1.2.4 with pydantic 2.0"),
                Stack({"openapi-schema-pydantic": "1.0.0", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"openapi-schema-pydantic": "1.2.4", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"))),
    # scikit-learn and SciPy pinned to releases that run with NumPy 1.23.5 to 2.4.6; importing boruta alone passes
    "curated/boruta-0.2-0.3-numpy-1.24": Proof(
        check=BORUTA_CHECK, signature="has no attribute 'int'",
        stacks=(Stack({"boruta": "0.2.0", "numpy": "1.24.0", **BORUTA_PINS}, "failed",
                      "boruta 0.2.0 with NumPy 1.24.0"),
                Stack({"boruta": "0.3", "numpy": "2.4.6", **BORUTA_PINS}, "failed",
                      "boruta 0.3 with NumPy 2.4.6"),
                Stack({"boruta": "0.3", "numpy": "1.23.5", **BORUTA_PINS}, "passed",
                      "NumPy 1.23.5, just below 1.24"),
                Stack({"boruta": "0.4.3", "numpy": "1.24.0", **BORUTA_PINS}, "passed",
                      "boruta 0.4.3, just above the range"))),
    # no fixed release exists: the passing side is NumPy 1.26.4; the compiled dependencies pinned to releases built
    # for NumPy 2 that also run with 1.26.4
    "curated/imgaug-0.4-numpy-2": Proof(
        check=IMGAUG_CHECK, signature="np.sctypes",
        stacks=(Stack({"imgaug": "0.4.0", "numpy": "2.0.0", **IMGAUG_PINS}, "failed",
                      "imgaug 0.4.0 with NumPy 2.0.0"),
                Stack({"imgaug": "0.4.0", "numpy": "2.4.6", **IMGAUG_PINS}, "failed",
                      "imgaug 0.4.0 with NumPy 2.4.6"),
                Stack({"imgaug": "0.4.0", "numpy": "1.26.4", **IMGAUG_PINS}, "passed",
                      "NumPy 1.26.4, just below 2.0"))),
    "curated/nibabel-3.0-5.1-numpy-2": Proof(
        check=NIBABEL_CHECK, signature="np.sctypes",
        stacks=(Stack({"nibabel": "3.0.0", "numpy": "2.4.6"}, "failed", "nibabel 3.0.0 with NumPy 2.4.6"),
                Stack({"nibabel": "5.1.0", "numpy": "2.0.0"}, "failed", "nibabel 5.1.0 with NumPy 2.0.0"),
                Stack({"nibabel": "5.1.0", "numpy": "1.26.4"}, "passed", "NumPy 1.26.4, just below 2.0"),
                Stack({"nibabel": "5.2.0", "numpy": "2.0.0"}, "passed", "nibabel 5.2.0, just above the range"))),
    # the rule stops below NumPy 2, where these releases fail on np.sctypes first (the rule above)
    "curated/nibabel-3.0-3.2.0-numpy-1.24": Proof(
        check=NIBABEL_CHECK, signature="has no attribute 'float'",
        stacks=(Stack({"nibabel": "3.0.0", "numpy": "1.24.0"}, "failed", "nibabel 3.0.0 with NumPy 1.24.0"),
                Stack({"nibabel": "3.2.0", "numpy": "1.26.4"}, "failed", "nibabel 3.2.0 with NumPy 1.26.4"),
                Stack({"nibabel": "3.2.0", "numpy": "1.23.5"}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"nibabel": "3.2.1", "numpy": "1.24.0"}, "passed", "nibabel 3.2.1, just above the range"))),
    # NumPy pinned below 2 (wordcloud 1.9.2 is a compiled extension); importing wordcloud alone passes
    "curated/wordcloud-1.9.2-matplotlib-3.9": Proof(
        check=WORDCLOUD_CHECK, signature="get_cmap",
        stacks=(Stack({"wordcloud": "1.9.2", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "failed",
                      "wordcloud 1.9.2 with Matplotlib 3.9.0"),
                Stack({"wordcloud": "1.9.2", "matplotlib": "3.8.4", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.8.4, just below 3.9"),
                Stack({"wordcloud": "1.9.2", "matplotlib": "3.9.1.post1", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.9.1.post1, which has get_cmap again"),
                Stack({"wordcloud": "1.9.3", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "passed",
                      "wordcloud 1.9.3, just above the range"))),
    "curated/wordcloud-1.9.2-matplotlib-3.11": Proof(
        check=WORDCLOUD_CHECK, signature="get_cmap",
        stacks=(Stack({"wordcloud": "1.9.2", "matplotlib": "3.11.0", "numpy": "1.26.4"}, "failed",
                      "wordcloud 1.9.2 with Matplotlib 3.11.0"),
                Stack({"wordcloud": "1.9.2", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "wordcloud 1.9.2 with Matplotlib 3.11.2"),
                Stack({"wordcloud": "1.9.2", "matplotlib": "3.10.9", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.10.9, just below 3.11"),
                Stack({"wordcloud": "1.9.3", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "passed",
                      "wordcloud 1.9.3, just above the range"))),
    # scikit-learn 1.6 fails on __sklearn_tags__, 1.7 and later on _get_tags: the signature is their common part;
    # 2.5.x with pandas < 2 (their pandas 2 break is the next rule), 2.6.x with NumPy 2 and pandas 2.2
    "curated/category-encoders-2.5-2.6-scikit-learn-1.6": Proof(
        check=CE_CHECK, signature="_tags",
        stacks=(Stack({"category-encoders": "2.5.0", "scikit-learn": "1.6.0", **CE_OLD_PINS}, "failed",
                      "category_encoders 2.5.0 with scikit-learn 1.6.0"),
                Stack({"category-encoders": "2.6.4", "scikit-learn": "1.9.1", **CE_PINS}, "failed",
                      "category_encoders 2.6.4 with scikit-learn 1.9.1"),
                Stack({"category-encoders": "2.6.4", "scikit-learn": "1.5.2", **CE_PINS}, "passed",
                      "scikit-learn 1.5.2, just below 1.6"),
                Stack({"category-encoders": "2.8.0", "scikit-learn": "1.6.0", **CE_PINS}, "passed",
                      "category_encoders 2.8.0, the first release above the range that allows scikit-learn 1.6"))),
    # pandas 1.5.3 and 2.0.0 with NumPy 1.26.4, pandas 3.1.1 with NumPy 2.2.6 (it needs NumPy 2)
    "curated/category-encoders-2.4-2.5-pandas-2": Proof(
        check=CE_CHECK, signature="iteritems",
        stacks=(Stack({"category-encoders": "2.4.0", "pandas": "2.0.0", **CE_PANDAS_OLD_PINS}, "failed",
                      "category_encoders 2.4.0 with pandas 2.0.0"),
                Stack({"category-encoders": "2.5.1.post0", "pandas": "3.1.1", **CE_PANDAS_PINS}, "failed",
                      "category_encoders 2.5.1.post0 with pandas 3.1.1"),
                Stack({"category-encoders": "2.5.1.post0", "pandas": "1.5.3", **CE_PANDAS_OLD_PINS}, "passed",
                      "pandas 1.5.3, just below 2.0"),
                Stack({"category-encoders": "2.6.0", "pandas": "2.0.0", **CE_PANDAS_OLD_PINS}, "passed",
                      "category_encoders 2.6.0, just above the range"))),
    # pandas pinned to a release built for NumPy 2 that runs with 1.26.4; 2023.3.0 declares pandas<2, and
    # 2023.4.0-2023.8.0 are the older xarray rule, so the fixed release measured is 2023.9.0
    "curated/xarray-0.20-2023.2-numpy-2": Proof(
        check="python -c 'import xarray'", signature="np.unicode_",
        stacks=(Stack({"xarray": "0.20.0", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed",
                      "xarray 0.20.0 with NumPy 2.4.6"),
                Stack({"xarray": "2023.2.0", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed",
                      "xarray 2023.2.0 with NumPy 2.0.0"),
                Stack({"xarray": "2023.2.0", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "NumPy 1.26.4, just below 2.0"),
                Stack({"xarray": "2023.9.0", "numpy": "2.0.0", "pandas": "2.3.3"}, "passed",
                      "xarray 2023.9.0, the first release after the older xarray rule's range"))),
    # importing missingno alone passes; 0.4.3, inside the range, does not import at all (a broken release)
    "curated/missingno-0.4-0.5.1-matplotlib-3.7": Proof(
        check=MISSINGNO_CHECK, signature="grid_b",
        stacks=(Stack({"missingno": "0.4.1", "matplotlib": "3.7.0", **MISSINGNO_PINS}, "failed",
                      "missingno 0.4.1 with Matplotlib 3.7.0"),
                Stack({"missingno": "0.5.1", "matplotlib": "3.11.2", **MISSINGNO_PINS}, "failed",
                      "missingno 0.5.1 with Matplotlib 3.11.2"),
                Stack({"missingno": "0.5.1", "matplotlib": "3.6.3", **MISSINGNO_PINS}, "passed",
                      "Matplotlib 3.6.3, just below 3.7"),
                Stack({"missingno": "0.5.2", "matplotlib": "3.7.0", **MISSINGNO_PINS}, "passed",
                      "missingno 0.5.2, just above the range"))),
    "curated/djangorestframework-3.12-django-5.0": Proof(
        check=DJANGO_CHECK.format(app="rest_framework", module="rest_framework.fields"),
        signature="cannot import name 'utc'",
        stacks=(Stack({"djangorestframework": "3.12.0", "django": "5.0", **DJANGO_PINS}, "failed",
                      "DRF 3.12.0 with Django 5.0"),
                Stack({"djangorestframework": "3.13.1", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "DRF 3.13.1 with Django 5.2.19"),
                Stack({"djangorestframework": "3.13.1", "django": "4.2.30", **DJANGO_PINS}, "passed",
                      "Django 4.2.30, just below 5"),
                Stack({"djangorestframework": "3.14.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "DRF 3.14.0, just above the range")),
        wheels=(("djangorestframework", "3.12.0"), ("djangorestframework", "3.13.1"))),
    # DRF 3.10 declares no Django requirement: Django is resolved with it
    "curated/djangorestframework-3.10-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="rest_framework", module="rest_framework.urls"),
        signature="cannot import name 'url'",
        stacks=(Stack({"djangorestframework": "3.10.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "DRF 3.10.0 with Django 4.0"),
                Stack({"djangorestframework": "3.11.2", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "DRF 3.11.2 with Django 5.2.19"),
                Stack({"djangorestframework": "3.10.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"djangorestframework": "3.12.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "DRF 3.12.0, just above the range")),
        wheels=(("djangorestframework", "3.10.0"), ("djangorestframework", "3.11.2")), roots=("django",)),
    # simplejwt imports pkg_resources (not declared): setuptools is resolved with it
    "curated/djangorestframework-simplejwt-4.5-django-5.0": Proof(
        check=DJANGO_CHECK.format(app="rest_framework", module="rest_framework_simplejwt.tokens"),
        signature="cannot import name 'utc'",
        stacks=(Stack({"djangorestframework-simplejwt": "4.5.0", "django": "5.0", "djangorestframework": "3.14.0",
                       "pyjwt": "2.10.1", "setuptools": "70.3.0", **DJANGO_PINS}, "failed",
                      "simplejwt 4.5.0 with Django 5.0"),
                Stack({"djangorestframework-simplejwt": "5.2.0", "django": "5.2.19", "djangorestframework": "3.14.0",
                       "pyjwt": "2.10.1", "setuptools": "70.3.0", **DJANGO_PINS}, "failed",
                      "simplejwt 5.2.0 with Django 5.2.19"),
                Stack({"djangorestframework-simplejwt": "5.2.0", "django": "4.2.30", "djangorestframework": "3.14.0",
                       "pyjwt": "2.10.1", "setuptools": "70.3.0", **DJANGO_PINS}, "passed",
                      "Django 4.2.30, just below 5"),
                Stack({"djangorestframework-simplejwt": "5.2.1", "django": "5.2.19", "djangorestframework": "3.14.0",
                       "pyjwt": "2.10.1", "setuptools": "70.3.0", **DJANGO_PINS}, "passed",
                      "simplejwt 5.2.1, just above the range")),
        wheels=(("djangorestframework-simplejwt", "4.5.0"), ("djangorestframework-simplejwt", "5.2.0")),
        roots=("setuptools",)),
    # django-guardian 2.0 and 2.1 declare no Django requirement: Django is resolved with them
    "curated/django-guardian-2.0-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="guardian", module="guardian.shortcuts"),
        signature="cannot import name 'ugettext_lazy'",
        stacks=(Stack({"django-guardian": "2.0.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-guardian 2.0.0 with Django 4.0"),
                Stack({"django-guardian": "2.1.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-guardian 2.1.0 with Django 5.2.19"),
                Stack({"django-guardian": "2.0.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-guardian": "2.2.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-guardian 2.2.0, just above the range")),
        wheels=(("django-guardian", "2.0.0"), ("django-guardian", "2.1.0")), roots=("django",)),
    # django-model-utils 4.1.0 imports pkg_resources (not declared): setuptools is resolved with it
    "curated/django-model-utils-4.0-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="model_utils", module="model_utils.models"),
        signature="cannot import name 'ugettext_lazy'",
        stacks=(Stack({"django-model-utils": "4.0.0", "django": "4.0", "setuptools": "70.3.0", **DJANGO_PINS},
                      "failed", "django-model-utils 4.0.0 with Django 4.0"),
                Stack({"django-model-utils": "4.0.0", "django": "5.2.19", "setuptools": "70.3.0", **DJANGO_PINS},
                      "failed", "django-model-utils 4.0.0 with Django 5.2.19"),
                Stack({"django-model-utils": "4.0.0", "django": "3.2.25", "setuptools": "70.3.0", **DJANGO_PINS},
                      "passed", "Django 3.2.25, just below 4"),
                Stack({"django-model-utils": "4.1.0", "django": "5.2.19", "setuptools": "70.3.0", **DJANGO_PINS},
                      "passed", "django-model-utils 4.1.0, just above the range")),
        wheels=(("django-model-utils", "4.0.0"),), roots=("setuptools",)),
    "curated/django-reversion-3.0.9-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="reversion", module="reversion.admin"),
        signature="cannot import name 'ugettext'",
        stacks=(Stack({"django-reversion": "3.0.9", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-reversion 3.0.9 with Django 4.0"),
                Stack({"django-reversion": "4.0.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-reversion 4.0.0 with Django 5.2.19"),
                Stack({"django-reversion": "3.0.9", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-reversion": "4.0.1", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-reversion 4.0.1, just above the range")),
        wheels=(("django-reversion", "3.0.9"), ("django-reversion", "4.0.0"))),
    # DRF 3.9 declares no Django requirement: Django is resolved with it (Django 2.2 has no asgiref)
    "curated/djangorestframework-3.9-django-3.0": Proof(
        check=DJANGO_CHECK.format(app="rest_framework", module="rest_framework.fields"),
        signature="cannot import name 'six'",
        stacks=(Stack({"djangorestframework": "3.9.0", "django": "3.0", **DJANGO_PINS}, "failed",
                      "DRF 3.9.0 with Django 3.0"),
                Stack({"djangorestframework": "3.9.4", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "DRF 3.9.4 with Django 5.2.19"),
                Stack({"djangorestframework": "3.9.4", "django": "2.2.28", "sqlparse": "0.6.1"}, "passed",
                      "Django 2.2.28, just below 3"),
                Stack({"djangorestframework": "3.10.0", "django": "3.0", **DJANGO_PINS}, "passed",
                      "DRF 3.10.0, just above the range")),
        wheels=(("djangorestframework", "3.9.0"), ("djangorestframework", "3.9.4")), roots=("django",)),
    "curated/djangorestframework-simplejwt-4.0-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="rest_framework", module="rest_framework_simplejwt.tokens"),
        signature="cannot import name 'ugettext_lazy'",
        stacks=(Stack({"djangorestframework-simplejwt": "4.0.0", "django": "4.0", "djangorestframework": "3.14.0",
                       "pyjwt": "2.10.1", "setuptools": "70.3.0", **DJANGO_PINS}, "failed",
                      "simplejwt 4.0.0 with Django 4.0"),
                Stack({"djangorestframework-simplejwt": "4.3.0", "django": "5.2.19", "djangorestframework": "3.14.0",
                       "pyjwt": "2.10.1", "setuptools": "70.3.0", **DJANGO_PINS}, "failed",
                      "simplejwt 4.3.0 with Django 5.2.19"),
                Stack({"djangorestframework-simplejwt": "4.3.0", "django": "3.2.25", "djangorestframework": "3.14.0",
                       "pyjwt": "2.10.1", "setuptools": "70.3.0", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"djangorestframework-simplejwt": "4.5.0", "django": "4.2.30", "djangorestframework": "3.14.0",
                       "pyjwt": "2.10.1", "setuptools": "70.3.0", **DJANGO_PINS}, "passed",
                      "simplejwt 4.5.0, above the range (4.4.0 has no wheel)")),
        wheels=(("djangorestframework-simplejwt", "4.0.0"), ("djangorestframework-simplejwt", "4.3.0")),
        roots=("setuptools",)),
    "curated/pyopenssl-17.3-21-cryptography-38": Proof(
        check=PYOPENSSL_CHECK, signature="module 'lib' has no attribute",
        stacks=(Stack({"pyopenssl": "17.3.0", "cryptography": "38.0.0"}, "failed",
                      "pyOpenSSL 17.3.0 with cryptography 38.0.0 (X509_V_FLAG_CB_ISSUER_CHECK)"),
                Stack({"pyopenssl": "21.0.0", "cryptography": "50.0.2"}, "failed",
                      "pyOpenSSL 21.0.0 with the newest cryptography (GEN_EMAIL)"),
                Stack({"pyopenssl": "21.0.0", "cryptography": "38.0.0"}, "failed",
                      "pyOpenSSL 21.0.0 with cryptography 38.0.0 (SSL_CTX_set_ecdh_auto)"),
                Stack({"pyopenssl": "17.3.0", "cryptography": "37.0.4"}, "passed", "cryptography 37.0.4, just below 38"),
                Stack({"pyopenssl": "21.0.0", "cryptography": "37.0.4"}, "passed", "cryptography 37.0.4, just below 38"),
                Stack({"pyopenssl": "22.0.0", "cryptography": "38.0.0"}, "passed",
                      "pyOpenSSL 22.0.0, just above the range, with cryptography 38.0.0")),
        wheels=(("pyopenssl", "17.3.0"), ("pyopenssl", "21.0.0"), ("cryptography", "38.0.0"))),
    "curated/nbsphinx-0.8-0.9.1-sphinx-8": Proof(
        check=SPHINX_HTML + "\"extensions = ['nbsphinx']\"", signature="status_iterator",
        stacks=(Stack({"nbsphinx": "0.8.0", "sphinx": "8.0.0"}, "failed", "nbsphinx 0.8.0 with Sphinx 8.0.0"),
                Stack({"nbsphinx": "0.9.1", "sphinx": "9.0.4"}, "failed", "nbsphinx 0.9.1 with the newest Sphinx"),
                Stack({"nbsphinx": "0.9.1", "sphinx": "7.4.7"}, "passed", "Sphinx 7.4.7, just below 8"),
                Stack({"nbsphinx": "0.8.0", "sphinx": "7.4.7"}, "passed", "Sphinx 7.4.7, just below 8"),
                Stack({"nbsphinx": "0.9.2", "sphinx": "9.0.4"}, "passed", "nbsphinx 0.9.2, just above the range")),
        wheels=(("nbsphinx", "0.8.0"), ("nbsphinx", "0.9.1"), ("nbsphinx", "0.9.2"))),
    "curated/sphinx-gallery-0.11-0.12-sphinx-8": Proof(
        check=SPHINX_HTML + ("\"extensions = ['sphinx_gallery.gen_gallery']; "
                             "sphinx_gallery_conf = {'examples_dirs': 'ex', 'gallery_dirs': 'auto'}\""),
        signature="status_iterator",
        stacks=(Stack({"sphinx-gallery": "0.11.0", "sphinx": "8.0.0"}, "failed", "sphinx-gallery 0.11.0 with Sphinx 8.0.0"),
                Stack({"sphinx-gallery": "0.12.2", "sphinx": "9.0.4"}, "failed",
                      "sphinx-gallery 0.12.2 with the newest Sphinx"),
                Stack({"sphinx-gallery": "0.12.2", "sphinx": "7.4.7"}, "passed", "Sphinx 7.4.7, just below 8"),
                Stack({"sphinx-gallery": "0.11.0", "sphinx": "7.4.7"}, "passed", "Sphinx 7.4.7, just below 8"),
                Stack({"sphinx-gallery": "0.13.0", "sphinx": "9.0.4"}, "passed",
                      "sphinx-gallery 0.13.0, just above the range")),
        wheels=(("sphinx-gallery", "0.11.0"), ("sphinx-gallery", "0.12.2"), ("sphinx-gallery", "0.13.0"))),
    "curated/sphinx-rtd-theme-0.3-0.5.1-sphinx-7": Proof(
        check=SPHINX_HTML + "\"html_theme = 'sphinx_rtd_theme'\"", signature="ThemeError",
        stacks=(Stack({"sphinx-rtd-theme": "0.3.1", "sphinx": "7.0.0"}, "failed",
                      "sphinx-rtd-theme 0.3.1 with Sphinx 7.0.0 ('style' is undefined)"),
                Stack({"sphinx-rtd-theme": "0.5.1", "sphinx": "9.0.4"}, "failed",
                      "sphinx-rtd-theme 0.5.1 with the newest Sphinx (theme uses the removed 'style' field)"),
                Stack({"sphinx-rtd-theme": "0.5.1", "sphinx": "6.2.1"}, "passed", "Sphinx 6.2.1, just below 7"),
                Stack({"sphinx-rtd-theme": "0.3.1", "sphinx": "6.2.1"}, "passed", "Sphinx 6.2.1, just below 7"),
                Stack({"sphinx-rtd-theme": "1.3.0", "sphinx": "7.0.0"}, "passed",
                      "sphinx-rtd-theme 1.3.0, the first release above the range that installs with Sphinx 7")),
        wheels=(("sphinx-rtd-theme", "0.3.1"), ("sphinx-rtd-theme", "0.5.1"), ("sphinx-rtd-theme", "1.3.0")),
        roots=("sphinx",)),  # 0.3.1-0.4.0 do not declare Sphinx
    "curated/sphinx-autoapi-2-sphinx-8": Proof(
        # conf.py writes the one module autoapi documents; astroid stays below 3 (2.x fails on astroid 3+ for another reason)
        check=SPHINX_HTML + ("\"import os; open(os.path.join(os.path.dirname(__file__), 'ex', 'm.py'), 'w').write('def f(): pass'); "
                             "extensions = ['autoapi.extension']; autoapi_dirs = ['ex']\""),
        signature="status_iterator",
        stacks=(Stack({"sphinx-autoapi": "2.0.0", "sphinx": "8.0.0", "astroid": "2.15.8"}, "failed",
                      "sphinx-autoapi 2.0.0 with Sphinx 8.0.0"),
                Stack({"sphinx-autoapi": "2.1.1", "sphinx": "9.0.4", "astroid": "2.15.8"}, "failed",
                      "sphinx-autoapi 2.1.1 with the newest Sphinx"),
                Stack({"sphinx-autoapi": "2.1.1", "sphinx": "7.4.7", "astroid": "2.15.8"}, "passed", "Sphinx 7.4.7, just below 8"),
                Stack({"sphinx-autoapi": "2.0.0", "sphinx": "7.4.7", "astroid": "2.15.8"}, "passed", "Sphinx 7.4.7, just below 8"),
                Stack({"sphinx-autoapi": "3.0.0", "sphinx": "9.0.4", "astroid": "2.15.8"}, "passed",
                      "sphinx-autoapi 3.0.0, just above the range")),
        wheels=(("sphinx-autoapi", "2.0.0"), ("sphinx-autoapi", "2.1.1"), ("sphinx-autoapi", "3.0.0"))),
    "curated/pip-tools-7.0-7.5.1-pip-25.3": Proof(
        check=PIPTOOLS_CHECK, signature="use_pep517",
        stacks=(Stack({"pip-tools": "7.0.0", "pip": "25.3"}, "failed", "pip-tools 7.0.0 with pip 25.3"),
                Stack({"pip-tools": "7.5.1", "pip": "26.3"}, "failed", "pip-tools 7.5.1 with the newest pip"),
                Stack({"pip-tools": "7.0.0", "pip": "25.2"}, "passed", "pip 25.2, just below 25.3"),
                Stack({"pip-tools": "7.5.1", "pip": "25.2"}, "passed", "pip 25.2, just below 25.3"),
                Stack({"pip-tools": "7.5.2", "pip": "25.3"}, "passed", "pip-tools 7.5.2, just above the range")),
        wheels=(("pip-tools", "7.0.0"), ("pip-tools", "7.5.1"), ("pip-tools", "7.5.2"))),
    "curated/pip-tools-6.13-7.5.2-pip-26": Proof(
        check=PIPTOOLS_CHECK, signature="allow_all_prereleases",
        stacks=(Stack({"pip-tools": "6.13.0", "pip": "26.0"}, "failed", "pip-tools 6.13.0 with pip 26.0"),
                Stack({"pip-tools": "7.5.2", "pip": "26.3"}, "failed", "pip-tools 7.5.2 with the newest pip"),
                Stack({"pip-tools": "6.13.0", "pip": "25.3"}, "passed", "pip 25.3, just below 26.0"),
                Stack({"pip-tools": "7.5.2", "pip": "25.3"}, "passed", "pip 25.3, just below 26.0"),
                Stack({"pip-tools": "7.5.3", "pip": "26.0"}, "passed", "pip-tools 7.5.3, just above the range")),
        wheels=(("pip-tools", "6.13.0"), ("pip-tools", "7.5.2"), ("pip-tools", "7.5.3"))),
    "curated/pip-tools-7.5.3-7.6.0-pip-26.2": Proof(
        check=PIPTOOLS_CHECK, signature="allow_editables",
        stacks=(Stack({"pip-tools": "7.5.3", "pip": "26.2"}, "failed", "pip-tools 7.5.3 with pip 26.2"),
                Stack({"pip-tools": "7.6.0", "pip": "26.3"}, "failed", "pip-tools 7.6.0 with the newest pip"),
                Stack({"pip-tools": "7.5.3", "pip": "26.1"}, "passed", "pip 26.1, just below 26.2"),
                Stack({"pip-tools": "7.6.0", "pip": "26.1"}, "passed", "pip 26.1, just below 26.2"),
                Stack({"pip-tools": "7.6.1", "pip": "26.3"}, "passed", "pip-tools 7.6.1, just above the range")),
        wheels=(("pip-tools", "7.5.3"), ("pip-tools", "7.6.0"), ("pip-tools", "7.6.1"))),
    "curated/pytest-lazy-fixture-0.6.2-pytest-8": Proof(
        check=LAZY_FIXTURE_CHECK, signature="funcargs",
        stacks=(Stack({"pytest-lazy-fixture": "0.6.2", "pytest": "8.0.0"}, "failed", "pytest-lazy-fixture 0.6.2 with pytest 8.0.0"),
                Stack({"pytest-lazy-fixture": "0.6.3", "pytest": "9.2.0"}, "failed",
                      "pytest-lazy-fixture 0.6.3 (the last release) with the newest pytest"),
                Stack({"pytest-lazy-fixture": "0.6.2", "pytest": "7.4.4"}, "passed", "pytest 7.4.4, just below 8"),
                Stack({"pytest-lazy-fixture": "0.6.3", "pytest": "7.4.4"}, "passed", "pytest 7.4.4, just below 8")),
        wheels=(("pytest-lazy-fixture", "0.6.2"), ("pytest-lazy-fixture", "0.6.3"))),
    "curated/pytest-asyncio-0.20.2-0.21.1-pytest-8.2": Proof(
        check=ASYNCIO_CHECK, signature="AttributeError: 'Fixture",
        stacks=(Stack({"pytest-asyncio": "0.20.2", "pytest": "8.2.0"}, "failed", "pytest-asyncio 0.20.2 with pytest 8.2.0"),
                Stack({"pytest-asyncio": "0.21.1", "pytest": "8.4.2"}, "failed", "pytest-asyncio 0.21.1 with pytest 8.4.2"),
                Stack({"pytest-asyncio": "0.21.1", "pytest": "9.2.0"}, "failed", "pytest-asyncio 0.21.1 with the newest pytest"),
                Stack({"pytest-asyncio": "0.20.2", "pytest": "8.1.2"}, "passed", "pytest 8.1.2, just below 8.2"),
                Stack({"pytest-asyncio": "0.21.1", "pytest": "8.1.2"}, "passed", "pytest 8.1.2, just below 8.2"),
                Stack({"pytest-asyncio": "0.21.2", "pytest": "8.4.2"}, "passed", "pytest-asyncio 0.21.2, just above the range")),
        wheels=(("pytest-asyncio", "0.20.2"), ("pytest-asyncio", "0.21.1"), ("pytest-asyncio", "0.21.2"))),
    "curated/pytest-asyncio-0.23.0-0.23.5-pytest-8.2": Proof(
        check=ASYNCIO_CHECK, signature="AttributeError: 'Fixture",
        stacks=(Stack({"pytest-asyncio": "0.23.0", "pytest": "8.2.0"}, "failed", "pytest-asyncio 0.23.0 with pytest 8.2.0"),
                Stack({"pytest-asyncio": "0.23.5", "pytest": "8.4.2"}, "failed",
                      "pytest-asyncio 0.23.5 with the newest pytest it allows (<9)"),
                Stack({"pytest-asyncio": "0.23.0", "pytest": "9.2.0"}, "failed", "pytest-asyncio 0.23.0 with the newest pytest"),
                Stack({"pytest-asyncio": "0.23.0", "pytest": "8.1.2"}, "passed", "pytest 8.1.2, just below 8.2"),
                Stack({"pytest-asyncio": "0.23.5", "pytest": "8.1.2"}, "passed", "pytest 8.1.2, just below 8.2"),
                Stack({"pytest-asyncio": "0.23.6", "pytest": "8.4.2"}, "passed", "pytest-asyncio 0.23.6, just above the range")),
        wheels=(("pytest-asyncio", "0.23.0"), ("pytest-asyncio", "0.23.5"), ("pytest-asyncio", "0.23.6"))),
    "curated/pytest-asyncio-0.18-0.21.2-pytest-9.2": Proof(
        check=ASYNCIO_CHECK, signature="_arg2fixturedefs",
        stacks=(Stack({"pytest-asyncio": "0.18.0", "pytest": "9.2.0"}, "failed", "pytest-asyncio 0.18.0 with pytest 9.2.0"),
                Stack({"pytest-asyncio": "0.21.2", "pytest": "9.2.0"}, "failed", "pytest-asyncio 0.21.2 with pytest 9.2.0"),
                Stack({"pytest-asyncio": "0.18.0", "pytest": "9.1.1"}, "passed", "pytest 9.1.1, just below 9.2"),
                Stack({"pytest-asyncio": "0.21.2", "pytest": "9.1.1"}, "passed", "pytest 9.1.1, just below 9.2"),
                Stack({"pytest-asyncio": "0.17.2", "pytest": "9.2.0"}, "passed", "pytest-asyncio 0.17.2, just below the range"),
                Stack({"pytest-asyncio": "1.3.0", "pytest": "9.2.0"}, "passed",
                      "pytest-asyncio 1.3.0, the next release that allows pytest 9.2")),
        wheels=(("pytest-asyncio", "0.18.0"), ("pytest-asyncio", "0.21.2"), ("pytest-asyncio", "1.3.0"))),
    "curated/setuptools-scm-4.0-6.0-setuptools-82": Proof(
        check=SCM_CHECK, signature="pkg_resources",
        stacks=(Stack({"setuptools-scm": "4.0.0", "setuptools": "82.0.0"}, "failed", "setuptools-scm 4.0.0 with setuptools 82.0.0"),
                Stack({"setuptools-scm": "6.0.1", "setuptools": "84.2.1"}, "failed", "setuptools-scm 6.0.1 with the newest setuptools"),
                Stack({"setuptools-scm": "4.0.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"setuptools-scm": "6.0.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"setuptools-scm": "6.3.1", "setuptools": "84.2.1"}, "passed", "setuptools-scm 6.3.1, just above the range")),
        wheels=(("setuptools-scm", "4.0.0"), ("setuptools-scm", "6.0.1"), ("setuptools-scm", "6.3.1"))),
    "curated/opentelemetry-proto-1.0-1.11-protobuf-4": Proof(
        check=OTEL_PROTO_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"opentelemetry-proto": "1.0.0", "protobuf": "4.21.1"}, "failed",
                      "opentelemetry-proto 1.0.0 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"opentelemetry-proto": "1.11.1", "protobuf": "7.36.2"}, "failed",
                      "opentelemetry-proto 1.11.1 with protobuf 7.36.2"),
                Stack({"opentelemetry-proto": "1.11.1", "protobuf": "3.20.3"}, "passed",
                      "protobuf 3.20.3, just below 4.21"),
                # 1.12-1.14 declare protobuf~=3.13 themselves
                Stack({"opentelemetry-proto": "1.15.0", "protobuf": "4.21.1"}, "passed",
                      "opentelemetry-proto 1.15.0, the first release that accepts protobuf 4"))),
    "curated/streamlit-1.1-1.9.0-protobuf-4": Proof(
        check="python -c 'import streamlit'", signature="Descriptors cannot",
        stacks=(Stack({"streamlit": "1.1.0", "protobuf": "4.21.1", **STREAMLIT_PINS}, "failed",
                      "streamlit 1.1.0 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"streamlit": "1.9.0", "protobuf": "7.36.2", **STREAMLIT_PINS}, "failed",
                      "streamlit 1.9.0 with protobuf 7.36.2"),
                Stack({"streamlit": "1.9.0", "protobuf": "3.20.3", **STREAMLIT_PINS}, "passed",
                      "protobuf 3.20.3, just below 4.21"),
                # 1.9.1-1.22 declare protobuf<4 themselves
                Stack({"streamlit": "1.23.0", "protobuf": "4.21.1", **STREAMLIT_PINS}, "passed",
                      "streamlit 1.23.0, the first release that accepts protobuf 4")),
        roots=("setuptools",)),
    "curated/proto-plus-1.14-1.20.4-protobuf-5.26": Proof(
        check=PROTO_PLUS_CHECK, signature="including_default_value_fields",
        stacks=(Stack({"proto-plus": "1.14.2", "protobuf": "5.26.0"}, "failed", "proto-plus 1.14.2 with protobuf 5.26.0"),
                Stack({"proto-plus": "1.20.4", "protobuf": "7.36.2"}, "failed", "proto-plus 1.20.4 with protobuf 7.36.2"),
                Stack({"proto-plus": "1.20.4", "protobuf": "4.25.9"}, "passed", "protobuf 4.25.9, just below 5.26"),
                # 1.20.5-1.23 declare protobuf<4 / <5 themselves
                Stack({"proto-plus": "1.24.0", "protobuf": "5.26.0"}, "passed",
                      "proto-plus 1.24.0, the first release that accepts protobuf 5"))),
    "curated/grpc-google-iam-v1-0.9-0.12.3-protobuf-4": Proof(
        check=IAM_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"grpc-google-iam-v1": "0.9.0", "protobuf": "4.21.1", **IAM_PINS}, "failed",
                      "grpc-google-iam-v1 0.9.0 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"grpc-google-iam-v1": "0.12.3", "protobuf": "7.36.2", **IAM_PINS_NEW}, "failed",
                      "grpc-google-iam-v1 0.12.3 with protobuf 7.36.2"),
                Stack({"grpc-google-iam-v1": "0.12.3", "protobuf": "3.20.3", **IAM_PINS}, "passed",
                      "protobuf 3.20.3, just below 4.21"),
                Stack({"grpc-google-iam-v1": "0.12.4", "protobuf": "4.21.1", **IAM_PINS}, "passed",
                      "grpc-google-iam-v1 0.12.4, just above the range"))),
    "curated/streamlit-1.1-1.19-altair-5": Proof(
        check="python -c 'import streamlit'", signature="altair.vegalite.v4",
        stacks=(Stack({"streamlit": "1.1.0", **STREAMLIT_PINS, "altair": "5.0.0", "protobuf": "3.20.3"}, "failed",
                      "streamlit 1.1.0 with Altair 5.0.0"),
                Stack({"streamlit": "1.19.0", **STREAMLIT_PINS, "altair": "6.3.0", "protobuf": "3.20.3"}, "failed",
                      "streamlit 1.19.0 with Altair 6.3.0"),
                Stack({"streamlit": "1.19.0", **STREAMLIT_PINS, "protobuf": "3.20.3"}, "passed",
                      "Altair 4.2.2, just below 5"),
                # 1.20-1.22 declare altair<5 themselves
                Stack({"streamlit": "1.23.0", **STREAMLIT_PINS, "altair": "5.0.0", "protobuf": "3.20.3"}, "passed",
                      "streamlit 1.23.0, the first release that accepts Altair 5")),
        roots=("setuptools",)),
    # squarify declares no dependency at all: matplotlib is a second root; importing squarify alone passes
    "curated/squarify-0.3-0.4.4-matplotlib-3.11": Proof(
        check=SQUARIFY_CHECK, signature="get_cmap", roots=("matplotlib",),
        stacks=(Stack({"squarify": "0.3.0", "matplotlib": "3.11.0", "numpy": "1.26.4"}, "failed",
                      "squarify 0.3.0 with Matplotlib 3.11.0"),
                Stack({"squarify": "0.4.4", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "squarify 0.4.4 with Matplotlib 3.11.2"),
                Stack({"squarify": "0.4.4", "matplotlib": "3.10.9", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.10.9, just below 3.11"),
                Stack({"squarify": "0.3.0", "matplotlib": "3.10.9", "numpy": "1.26.4"}, "passed",
                      "squarify 0.3.0 with Matplotlib 3.10.9"),
                Stack({"squarify": "0.4.5", "matplotlib": "3.11.0", "numpy": "1.26.4"}, "passed",
                      "squarify 0.4.5, just above the range"))),
    # Matplotlib 3.9.0 removed cm.get_cmap and 3.9.1 restored it (until 3.11)
    "curated/squarify-0.3-0.4.4-matplotlib-3.9.0": Proof(
        check=SQUARIFY_CHECK, signature="get_cmap", roots=("matplotlib",),
        stacks=(Stack({"squarify": "0.3.0", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "failed",
                      "squarify 0.3.0 with Matplotlib 3.9.0"),
                Stack({"squarify": "0.4.4", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "failed",
                      "squarify 0.4.4 with Matplotlib 3.9.0"),
                Stack({"squarify": "0.3.0", "matplotlib": "3.8.4", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.8.4, just below 3.9.0"),
                Stack({"squarify": "0.4.4", "matplotlib": "3.9.1.post1", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.9.1.post1, just above 3.9.0 (get_cmap restored)"),
                Stack({"squarify": "0.4.5", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "passed",
                      "squarify 0.4.5, just above the range"))),
    "curated/plotnine-0.10-mizani-0.10": Proof(
        check=PLOTNINE_CHECK, signature="multitype_sort",
        stacks=(Stack({"plotnine": "0.10.0", "mizani": "0.10.0", **PLOTNINE_PINS}, "failed",
                      "plotnine 0.10.0 with mizani 0.10.0"),
                Stack({"plotnine": "0.10.1", "mizani": "0.14.6", **PLOTNINE_PINS}, "failed",
                      "plotnine 0.10.1 with mizani 0.14.6"),
                Stack({"plotnine": "0.10.1", "mizani": "0.9.3", **PLOTNINE_PINS}, "passed",
                      "mizani 0.9.3, just below 0.10"),
                Stack({"plotnine": "0.10.0", "mizani": "0.9.3", **PLOTNINE_PINS}, "passed",
                      "plotnine 0.10.0 with mizani 0.9.3"),
                Stack({"plotnine": "0.13.0", "mizani": "0.11.0", **PLOTNINE_PINS}, "passed",
                      "plotnine 0.13.0, the first release above the range that allows mizani 0.10 and later"))),
    # 1.3.12-1.3.14 import six without declaring it (1.3.15 declares it), hence roots=("six",); SQLAlchemy-Utils
    # 0.41.2 fails with SQLAlchemy 2.1 (ScalarAttributeImpl) and 0.43 needs SQLAlchemy 2, so it follows SQLAlchemy
    "curated/sqlalchemy-continuum-1.3-sqlalchemy-2": Proof(
        check=CONTINUUM_CHECK, signature="'transaction'", roots=("six",),
        stacks=(Stack({"sqlalchemy-continuum": "1.3.12", "sqlalchemy": "2.0.0", **CONTINUUM_NEW}, "failed",
                      "SQLAlchemy-Continuum 1.3.12 with SQLAlchemy 2.0.0"),
                Stack({"sqlalchemy-continuum": "1.3.12", "sqlalchemy": "2.1.9", **CONTINUUM_NEW}, "failed",
                      "SQLAlchemy-Continuum 1.3.12 with SQLAlchemy 2.1.9"),
                Stack({"sqlalchemy-continuum": "1.3.15", "sqlalchemy": "2.0.0", **CONTINUUM_NEW}, "failed",
                      "SQLAlchemy-Continuum 1.3.15 with SQLAlchemy 2.0.0"),
                Stack({"sqlalchemy-continuum": "1.3.15", "sqlalchemy": "2.1.9", **CONTINUUM_NEW}, "failed",
                      "SQLAlchemy-Continuum 1.3.15 with SQLAlchemy 2.1.9"),
                Stack({"sqlalchemy-continuum": "1.3.12", "sqlalchemy": "1.4.54", **CONTINUUM_OLD}, "passed",
                      "SQLAlchemy-Continuum 1.3.12 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"sqlalchemy-continuum": "1.3.15", "sqlalchemy": "1.4.54", **CONTINUUM_OLD}, "passed",
                      "SQLAlchemy-Continuum 1.3.15 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"sqlalchemy-continuum": "1.4.0", "sqlalchemy": "2.1.9", **CONTINUUM_NEW}, "passed",
                      "SQLAlchemy-Continuum 1.4.0, just above the range"))),


    "curated/alembic-1.4-1.6-sqlalchemy-2": Proof(
        check=ALEMBIC_CHECK, signature="_BindParamClause",
        stacks=(Stack({"alembic": "1.4.3", "sqlalchemy": "2.0.0", **ALEMBIC_OLD_PINS}, "failed",
                      "Alembic 1.4.3 with SQLAlchemy 2.0.0"),
                Stack({"alembic": "1.4.3", "sqlalchemy": "2.1.9", **ALEMBIC_OLD_PINS}, "failed",
                      "Alembic 1.4.3 with SQLAlchemy 2.1.9"),
                Stack({"alembic": "1.6.5", "sqlalchemy": "2.0.0", **ALEMBIC_OLD_PINS}, "failed",
                      "Alembic 1.6.5 with SQLAlchemy 2.0.0"),
                Stack({"alembic": "1.6.5", "sqlalchemy": "2.1.9", **ALEMBIC_OLD_PINS}, "failed",
                      "Alembic 1.6.5 with SQLAlchemy 2.1.9"),
                Stack({"alembic": "1.4.3", "sqlalchemy": "1.4.54", **ALEMBIC_OLD_PINS}, "passed",
                      "Alembic 1.4.3 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"alembic": "1.6.5", "sqlalchemy": "1.4.54", **ALEMBIC_OLD_PINS}, "passed",
                      "Alembic 1.6.5 with SQLAlchemy 1.4.54, just below 2"),
                # 1.7.0 and 1.7.1 fail with SQLAlchemy 2 on another name (curated/alembic-1.7.0-1.7.1-sqlalchemy-2)
                Stack({"alembic": "1.7.2", "sqlalchemy": "2.1.9", **ALEMBIC_PINS}, "passed",
                      "Alembic 1.7.2, the first release above the range that works with SQLAlchemy 2"))),
    "curated/alembic-1.7.0-1.7.1-sqlalchemy-2": Proof(
        check=ALEMBIC_CHECK, signature="TextClause",
        stacks=(Stack({"alembic": "1.7.0", "sqlalchemy": "2.0.0", **ALEMBIC_PINS}, "failed",
                      "Alembic 1.7.0 with SQLAlchemy 2.0.0"),
                Stack({"alembic": "1.7.0", "sqlalchemy": "2.1.9", **ALEMBIC_PINS}, "failed",
                      "Alembic 1.7.0 with SQLAlchemy 2.1.9"),
                Stack({"alembic": "1.7.1", "sqlalchemy": "2.0.0", **ALEMBIC_PINS}, "failed",
                      "Alembic 1.7.1 with SQLAlchemy 2.0.0"),
                Stack({"alembic": "1.7.1", "sqlalchemy": "2.1.9", **ALEMBIC_PINS}, "failed",
                      "Alembic 1.7.1 with SQLAlchemy 2.1.9"),
                Stack({"alembic": "1.7.0", "sqlalchemy": "1.4.54", **ALEMBIC_PINS}, "passed",
                      "Alembic 1.7.0 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"alembic": "1.7.1", "sqlalchemy": "1.4.54", **ALEMBIC_PINS}, "passed",
                      "Alembic 1.7.1 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"alembic": "1.7.2", "sqlalchemy": "2.1.9", **ALEMBIC_PINS}, "passed",
                      "Alembic 1.7.2, just above the range"))),

    "curated/sqlalchemy-utils-0.38-0.42-sqlalchemy-2.1": Proof(
        check="python -c 'import sqlalchemy_utils'", signature="ScalarAttributeImpl",
        stacks=(Stack({"sqlalchemy-utils": "0.38.3", "sqlalchemy": "2.1.0"}, "failed",
                      "SQLAlchemy-Utils 0.38.3 with SQLAlchemy 2.1.0"),
                Stack({"sqlalchemy-utils": "0.38.3", "sqlalchemy": "2.1.9"}, "failed",
                      "SQLAlchemy-Utils 0.38.3 with SQLAlchemy 2.1.9"),
                Stack({"sqlalchemy-utils": "0.42.1", "sqlalchemy": "2.1.0"}, "failed",
                      "SQLAlchemy-Utils 0.42.1 with SQLAlchemy 2.1.0"),
                Stack({"sqlalchemy-utils": "0.42.1", "sqlalchemy": "2.1.9"}, "failed",
                      "SQLAlchemy-Utils 0.42.1 with SQLAlchemy 2.1.9"),
                Stack({"sqlalchemy-utils": "0.38.3", "sqlalchemy": "2.0.58"}, "passed",
                      "SQLAlchemy-Utils 0.38.3 with SQLAlchemy 2.0.58, just below 2.1"),
                Stack({"sqlalchemy-utils": "0.42.1", "sqlalchemy": "2.0.58"}, "passed",
                      "SQLAlchemy-Utils 0.42.1 with SQLAlchemy 2.0.58, just below 2.1"),
                Stack({"sqlalchemy-utils": "0.43.0", "sqlalchemy": "2.1.9"}, "passed",
                      "SQLAlchemy-Utils 0.43.0, just above the range"))),
    "curated/openai-1.0-1.55.2-httpx-0.28": Proof(
        check=OPENAI_CHECK, signature="unexpected keyword argument 'proxies'",
        stacks=(Stack({"openai": "1.0.0", "httpx": "0.28.0"}, "failed", "openai 1.0.0 with HTTPX 0.28.0"),
                Stack({"openai": "1.55.2", "httpx": "0.28.1"}, "failed", "openai 1.55.2 with HTTPX 0.28.1"),
                Stack({"openai": "1.0.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"openai": "1.55.2", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"openai": "1.55.3", "httpx": "0.28.1"}, "passed", "openai 1.55.3, just above the range"))),
    # pydantic pinned to 1.10.21 for anthropic 0.3.0, which imports pydantic 1 names
    "curated/anthropic-0.3-0.39-httpx-0.28": Proof(
        check=ANTHROPIC_CHECK, signature="unexpected keyword argument 'proxies'",
        stacks=(Stack({"anthropic": "0.3.0", "httpx": "0.28.0", "pydantic": "1.10.21"}, "failed",
                      "anthropic 0.3.0 with HTTPX 0.28.0"),
                Stack({"anthropic": "0.39.0", "httpx": "0.28.1"}, "failed", "anthropic 0.39.0 with HTTPX 0.28.1"),
                Stack({"anthropic": "0.3.0", "httpx": "0.27.2", "pydantic": "1.10.21"}, "passed",
                      "HTTPX 0.27.2, just below 0.28"),
                Stack({"anthropic": "0.39.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"anthropic": "0.40.0", "httpx": "0.28.1"}, "passed", "anthropic 0.40.0, just above the range"))),
    "curated/groq-0.4-0.12-httpx-0.28": Proof(
        check=GROQ_CHECK, signature="unexpected keyword argument 'proxies'",
        stacks=(Stack({"groq": "0.4.0", "httpx": "0.28.0"}, "failed", "groq 0.4.0 with HTTPX 0.28.0"),
                Stack({"groq": "0.12.0", "httpx": "0.28.1"}, "failed", "groq 0.12.0 with HTTPX 0.28.1"),
                Stack({"groq": "0.4.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"groq": "0.12.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"groq": "0.13.0", "httpx": "0.28.1"}, "passed", "groq 0.13.0, just above the range"))),
    # vcrpy does not require requests (the HTTP client under the cassette): added as a second root
    "curated/vcrpy-4.0-4.3.0-urllib3-2": Proof(
        check=VCR_CHECK, signature="VerifiedHTTPSConnection", roots=("requests",),
        stacks=(Stack({"vcrpy": "4.0.2", "urllib3": "2.0.2"}, "failed", "vcrpy 4.0.2 with urllib3 2.0.2"),
                Stack({"vcrpy": "4.3.0", "urllib3": "2.8.0"}, "failed", "vcrpy 4.3.0 with urllib3 2.8.0"),
                Stack({"vcrpy": "4.0.2", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"vcrpy": "4.3.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"vcrpy": "4.3.1", "urllib3": "2.2.3"}, "passed",
                      "vcrpy 4.3.1, just above the range (urllib3 2.2.3: 2.3 breaks it, the rule below)"))),
    "curated/vcrpy-4.3.1-6.0-urllib3-2.3": Proof(
        check=VCR_CHECK, signature="version_string", roots=("requests",),
        stacks=(Stack({"vcrpy": "4.3.1", "urllib3": "2.3.0"}, "failed", "vcrpy 4.3.1 with urllib3 2.3.0"),
                Stack({"vcrpy": "6.0.2", "urllib3": "2.8.0"}, "failed", "vcrpy 6.0.2 with urllib3 2.8.0"),
                Stack({"vcrpy": "4.3.1", "urllib3": "2.2.3"}, "passed", "urllib3 2.2.3, just below 2.3"),
                Stack({"vcrpy": "6.0.2", "urllib3": "2.2.3"}, "passed", "urllib3 2.2.3, just below 2.3"),
                Stack({"vcrpy": "7.0.0", "urllib3": "2.8.0"}, "passed", "vcrpy 7.0.0, just above the range"))),
    "curated/cachecontrol-0.12.6-0.12.11-urllib3-2": Proof(
        check=CACHECONTROL_CHECK, signature="strict",
        stacks=(Stack({"cachecontrol": "0.12.6", "urllib3": "2.0.2"}, "failed", "CacheControl 0.12.6 with urllib3 2.0.2"),
                Stack({"cachecontrol": "0.12.11", "urllib3": "2.8.0"}, "failed", "CacheControl 0.12.11 with urllib3 2.8.0"),
                Stack({"cachecontrol": "0.12.6", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"cachecontrol": "0.12.11", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"cachecontrol": "0.12.13", "urllib3": "2.8.0"}, "passed", "CacheControl 0.12.13, just above the range"))),
    "curated/marshmallow-enum-1.2-1.5.1-marshmallow-4": Proof(
        check=MARSHMALLOW_ENUM_CHECK, signature="attribute 'fail'",
        stacks=(Stack({"marshmallow-enum": "1.2", "marshmallow": "4.0.0"}, "failed", "marshmallow-enum 1.2 with marshmallow 4.0.0"),
                Stack({"marshmallow-enum": "1.5.1", "marshmallow": "4.4.0"}, "failed",
                      "marshmallow-enum 1.5.1 with marshmallow 4.4.0"),
                Stack({"marshmallow-enum": "1.2", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"marshmallow-enum": "1.5.1", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"))),
    "curated/openapi-schema-validator-0.1.6-0.6.0-jsonschema-4.19.1": Proof(
        check=OPENAPI_SCHEMA_VALIDATOR_CHECK, signature="_legacy_validators",
        stacks=(Stack({"openapi-schema-validator": "0.1.6", "jsonschema": "4.19.1"}, "failed",
                      "openapi-schema-validator 0.1.6 with jsonschema 4.19.1"),
                Stack({"openapi-schema-validator": "0.3.4", "jsonschema": "4.26.0"}, "failed",
                      "openapi-schema-validator 0.3.4 with jsonschema 4.26.0 (pip's pair)"),
                Stack({"openapi-schema-validator": "0.6.0", "jsonschema": "4.26.0"}, "failed",
                      "openapi-schema-validator 0.6.0 with jsonschema 4.26.0"),
                Stack({"openapi-schema-validator": "0.6.0", "jsonschema": "4.19.0"}, "passed", "jsonschema 4.19.0, just below 4.19.1"),
                Stack({"openapi-schema-validator": "0.1.6", "jsonschema": "4.17.3"}, "passed",
                      "jsonschema 4.17.3 (4.18.0 to 4.19.0 break 0.1.6 on load_schema, the rule below)"),
                Stack({"openapi-schema-validator": "0.6.1", "jsonschema": "4.26.0"}, "passed",
                      "openapi-schema-validator 0.6.1, just above the range"))),
    # 0.4.4 and 0.5.0 declare jsonschema<4.18: 0.6.0 is the first release that resolves with 4.18 and 4.19.0
    "curated/openapi-schema-validator-0.1.6-0.4.3-jsonschema-4.18": Proof(
        check=OPENAPI_SCHEMA_VALIDATOR_CHECK, signature="load_schema",
        stacks=(Stack({"openapi-schema-validator": "0.1.6", "jsonschema": "4.18.0"}, "failed",
                      "openapi-schema-validator 0.1.6 with jsonschema 4.18.0"),
                Stack({"openapi-schema-validator": "0.4.3", "jsonschema": "4.19.0"}, "failed",
                      "openapi-schema-validator 0.4.3 with jsonschema 4.19.0"),
                Stack({"openapi-schema-validator": "0.1.6", "jsonschema": "4.17.3"}, "passed", "jsonschema 4.17.3, just below 4.18"),
                Stack({"openapi-schema-validator": "0.4.3", "jsonschema": "4.17.3"}, "passed", "jsonschema 4.17.3, just below 4.18"),
                Stack({"openapi-schema-validator": "0.6.0", "jsonschema": "4.19.0"}, "passed",
                      "openapi-schema-validator 0.6.0, the first release above the range that allows jsonschema 4.18"))),
    "curated/marshmallow-sqlalchemy-0.24.3-0.30-marshmallow-4": Proof(
        check=MARSHMALLOW_SQLALCHEMY_CHECK, signature="__version__",
        stacks=(Stack({"marshmallow-sqlalchemy": "0.24.3", "marshmallow": "4.0.0", **MSA_PINS}, "failed",
                      "marshmallow-sqlalchemy 0.24.3 with marshmallow 4.0.0"),
                Stack({"marshmallow-sqlalchemy": "0.30.0", "marshmallow": "4.4.0", **MSA_PINS}, "failed",
                      "marshmallow-sqlalchemy 0.30.0 with marshmallow 4.4.0"),
                Stack({"marshmallow-sqlalchemy": "0.24.3", "marshmallow": "3.26.2", **MSA_PINS}, "passed",
                      "marshmallow 3.26.2, just below 4"),
                Stack({"marshmallow-sqlalchemy": "0.30.0", "marshmallow": "3.26.2", **MSA_PINS}, "passed",
                      "marshmallow 3.26.2, just below 4"),
                Stack({"marshmallow-sqlalchemy": "1.0.0", "marshmallow": "4.4.0", **MSA_PINS}, "passed",
                      "marshmallow-sqlalchemy 1.0.0, just above the range"))),
    # apispec 4 lists marshmallow only in dev/docs/tests extras: added as a second root
    "curated/apispec-4-marshmallow-4": Proof(
        check=APISPEC_CHECK, signature="attribute 'missing'", roots=("marshmallow",),
        stacks=(Stack({"apispec": "4.0.0", "marshmallow": "4.0.0"}, "failed", "apispec 4.0.0 with marshmallow 4.0.0"),
                Stack({"apispec": "4.7.1", "marshmallow": "4.4.0"}, "failed", "apispec 4.7.1 with marshmallow 4.4.0"),
                Stack({"apispec": "4.0.0", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"apispec": "4.7.1", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"apispec": "5.0.0", "marshmallow": "4.4.0"}, "passed", "apispec 5.0.0, just above the range"))),
    # httpie 2.2-2.4 import pkg_resources without declaring setuptools: setuptools 81.0.0 added as a root
    "curated/httpie-2.2-3.2.1-urllib3-2": Proof(
        check=HTTPIE_CHECK, signature="DEFAULT_CIPHERS", roots=("setuptools",),
        stacks=(Stack({"httpie": "2.2.0", "urllib3": "2.0.0", "setuptools": "81.0.0"}, "failed",
                      "httpie 2.2.0 with urllib3 2.0.0"),
                Stack({"httpie": "2.2.0", "urllib3": "2.8.0", "setuptools": "81.0.0"}, "failed",
                      "httpie 2.2.0 with urllib3 2.8.0"),
                Stack({"httpie": "3.2.1", "urllib3": "2.0.0", "setuptools": "81.0.0"}, "failed",
                      "httpie 3.2.1 with urllib3 2.0.0"),
                Stack({"httpie": "3.2.1", "urllib3": "2.8.0", "setuptools": "81.0.0"}, "failed",
                      "httpie 3.2.1 with urllib3 2.8.0"),
                Stack({"httpie": "2.2.0", "urllib3": "1.26.20", "setuptools": "81.0.0"}, "passed",
                      "httpie 2.2.0 with urllib3 1.26.20, just below 2"),
                Stack({"httpie": "3.2.1", "urllib3": "1.26.20", "setuptools": "81.0.0"}, "passed",
                      "httpie 3.2.1 with urllib3 1.26.20, just below 2"),
                Stack({"httpie": "3.2.2", "urllib3": "2.0.0", "setuptools": "81.0.0"}, "passed",
                      "httpie 3.2.2, just above the range"),
                Stack({"httpie": "3.2.2", "urllib3": "2.8.0", "setuptools": "81.0.0"}, "passed",
                      "httpie 3.2.2 with urllib3 2.8.0"),
                Stack({"httpie": "2.1.0", "urllib3": "2.8.0", "setuptools": "81.0.0"}, "passed",
                      "httpie 2.1.0, just below the range"))),
    # urllib3 pinned to 1.26.20 (urllib3 2 breaks httpie < 3.2.2 for another reason: DEFAULT_CIPHERS)
    "curated/httpie-2.5-2.6-setuptools-82": Proof(
        check=HTTPIE_CHECK, signature="pkg_resources",
        stacks=(Stack({"httpie": "2.5.0", "setuptools": "82.0.0", "urllib3": "1.26.20"}, "failed",
                      "httpie 2.5.0 with setuptools 82.0.0"),
                Stack({"httpie": "2.5.0", "setuptools": "84.2.1", "urllib3": "1.26.20"}, "failed",
                      "httpie 2.5.0 with setuptools 84.2.1"),
                Stack({"httpie": "2.6.0", "setuptools": "82.0.0", "urllib3": "1.26.20"}, "failed",
                      "httpie 2.6.0 with setuptools 82.0.0"),
                Stack({"httpie": "2.6.0", "setuptools": "84.2.1", "urllib3": "1.26.20"}, "failed",
                      "httpie 2.6.0 with setuptools 84.2.1"),
                Stack({"httpie": "2.5.0", "setuptools": "81.0.0", "urllib3": "1.26.20"}, "passed",
                      "httpie 2.5.0 with setuptools 81.0.0, just below 82"),
                Stack({"httpie": "2.6.0", "setuptools": "81.0.0", "urllib3": "1.26.20"}, "passed",
                      "httpie 2.6.0 with setuptools 81.0.0, just below 82"),
                Stack({"httpie": "3.0.0", "setuptools": "84.2.1", "urllib3": "1.26.20"}, "passed",
                      "httpie 3.0.0, just above the range"))),
    "curated/click-repl-0.1-click-8": Proof(
        check=CLICK_REPL_CHECK, signature="_bashcomplete",
        stacks=(Stack({"click-repl": "0.1.0", "click": "8.0.0"}, "failed", "click-repl 0.1.0 with click 8.0.0"),
                Stack({"click-repl": "0.1.0", "click": "8.5.1"}, "failed", "click-repl 0.1.0 with click 8.5.1"),
                Stack({"click-repl": "0.1.6", "click": "8.0.0"}, "failed", "click-repl 0.1.6 with click 8.0.0"),
                Stack({"click-repl": "0.1.6", "click": "8.5.1"}, "failed", "click-repl 0.1.6 with click 8.5.1"),
                Stack({"click-repl": "0.1.0", "click": "7.1.2"}, "passed", "click-repl 0.1.0 with click 7.1.2, just below 8"),
                Stack({"click-repl": "0.1.6", "click": "7.1.2"}, "passed", "click-repl 0.1.6 with click 7.1.2, just below 8"),
                Stack({"click-repl": "0.2.0", "click": "8.0.0"}, "passed", "click-repl 0.2.0, just above the range"),
                Stack({"click-repl": "0.2.0", "click": "8.5.1"}, "passed", "click-repl 0.2.0 with click 8.5.1"))),
    # the check loads a key file: 0.1.5-0.3.1 read paramiko.DSSKey only then, 0.3.2 and 0.4.0 on every forwarder
    "curated/sshtunnel-0.1.5-0.4-paramiko-4": Proof(
        check=SSHTUNNEL_CHECK, signature="DSSKey",
        stacks=(Stack({"sshtunnel": "0.1.5", "paramiko": "4.0.0"}, "failed", "sshtunnel 0.1.5 with paramiko 4.0.0"),
                Stack({"sshtunnel": "0.1.5", "paramiko": "5.1.0"}, "failed", "sshtunnel 0.1.5 with paramiko 5.1.0"),
                Stack({"sshtunnel": "0.4.0", "paramiko": "4.0.0"}, "failed", "sshtunnel 0.4.0 with paramiko 4.0.0"),
                Stack({"sshtunnel": "0.4.0", "paramiko": "5.1.0"}, "failed", "sshtunnel 0.4.0 with paramiko 5.1.0"),
                Stack({"sshtunnel": "0.1.5", "paramiko": "3.5.1"}, "passed",
                      "sshtunnel 0.1.5 with paramiko 3.5.1, just below 4"),
                Stack({"sshtunnel": "0.4.0", "paramiko": "3.5.1"}, "passed",
                      "sshtunnel 0.4.0 with paramiko 3.5.1, just below 4"),
                # 0.5.1 is the next release here
                Stack({"sshtunnel": "0.5.1", "paramiko": "4.0.0"}, "passed", "sshtunnel 0.5.1, just above the range"),
                Stack({"sshtunnel": "0.5.1", "paramiko": "5.1.0"}, "passed", "sshtunnel 0.5.1 with paramiko 5.1.0"))),
    # tzlocal pinned to 2.1 (tzlocal 3 and 5 break 3.6.x for another reason); 3.10.2 no longer declares setuptools,
    # hence roots=("setuptools",)
    "curated/apscheduler-3.6-3.10.1-setuptools-82": Proof(
        check=APSCHEDULER_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"apscheduler": "3.6.0", "setuptools": "82.0.0", "tzlocal": "2.1"}, "failed",
                      "APScheduler 3.6.0 with setuptools 82.0.0"),
                Stack({"apscheduler": "3.6.0", "setuptools": "84.2.1", "tzlocal": "2.1"}, "failed",
                      "APScheduler 3.6.0 with setuptools 84.2.1"),
                Stack({"apscheduler": "3.10.1", "setuptools": "82.0.0", "tzlocal": "2.1"}, "failed",
                      "APScheduler 3.10.1 with setuptools 82.0.0"),
                Stack({"apscheduler": "3.10.1", "setuptools": "84.2.1", "tzlocal": "2.1"}, "failed",
                      "APScheduler 3.10.1 with setuptools 84.2.1"),
                Stack({"apscheduler": "3.6.0", "setuptools": "81.0.0", "tzlocal": "2.1"}, "passed",
                      "APScheduler 3.6.0 with setuptools 81.0.0, just below 82"),
                Stack({"apscheduler": "3.10.1", "setuptools": "81.0.0", "tzlocal": "2.1"}, "passed",
                      "APScheduler 3.10.1 with setuptools 81.0.0, just below 82"),
                Stack({"apscheduler": "3.10.2", "setuptools": "84.2.1", "tzlocal": "2.1"}, "passed",
                      "APScheduler 3.10.2, just above the range"))),
    # setuptools pinned to 81.0.0 (setuptools 82 breaks these releases for another reason: pkg_resources)
    "curated/apscheduler-3.6-tzlocal-3": Proof(
        check=APSCHEDULER_CHECK, signature="Only timezones from the pytz library",
        stacks=(Stack({"apscheduler": "3.6.0", "tzlocal": "3.0", "setuptools": "81.0.0"}, "failed",
                      "APScheduler 3.6.0 with tzlocal 3.0"),
                Stack({"apscheduler": "3.6.0", "tzlocal": "5.4.5", "setuptools": "81.0.0"}, "failed",
                      "APScheduler 3.6.0 with tzlocal 5.4.5"),
                Stack({"apscheduler": "3.6.3", "tzlocal": "3.0", "setuptools": "81.0.0"}, "failed",
                      "APScheduler 3.6.3 with tzlocal 3.0"),
                Stack({"apscheduler": "3.6.3", "tzlocal": "5.0", "setuptools": "81.0.0"}, "failed",
                      "APScheduler 3.6.3 with tzlocal 5.0, the first release after the 4.x shims"),
                Stack({"apscheduler": "3.6.3", "tzlocal": "5.4.5", "setuptools": "81.0.0"}, "failed",
                      "APScheduler 3.6.3 with tzlocal 5.4.5"),
                Stack({"apscheduler": "3.6.0", "tzlocal": "2.1", "setuptools": "81.0.0"}, "passed",
                      "APScheduler 3.6.0 with tzlocal 2.1, just below 3"),
                Stack({"apscheduler": "3.6.3", "tzlocal": "2.1", "setuptools": "81.0.0"}, "passed",
                      "APScheduler 3.6.3 with tzlocal 2.1, just below 3"),
                Stack({"apscheduler": "3.6.0", "tzlocal": "4.3.1", "setuptools": "81.0.0"}, "passed",
                      "APScheduler 3.6.0 with tzlocal 4.3.1 (pytz-compatible shims)"),
                Stack({"apscheduler": "3.6.3", "tzlocal": "4.0", "setuptools": "81.0.0"}, "passed",
                      "APScheduler 3.6.3 with tzlocal 4.0 (pytz-compatible shims)"),
                # 3.7.0 declares tzlocal~=2.0, so it cannot meet tzlocal 3 or 5
                Stack({"apscheduler": "3.7.0", "tzlocal": "2.1", "setuptools": "81.0.0"}, "passed",
                      "APScheduler 3.7.0, just above the range"))),
    "curated/tox-travis-0.9-0.12-tox-4": Proof(
        check="tox --version", signature="_split_env",
        stacks=(Stack({"tox-travis": "0.9", "tox": "4.0.0"}, "failed", "tox-travis 0.9 with tox 4.0.0"),
                Stack({"tox-travis": "0.9", "tox": "4.67.15"}, "failed", "tox-travis 0.9 with tox 4.67.15"),
                Stack({"tox-travis": "0.12", "tox": "4.0.0"}, "failed", "tox-travis 0.12 with tox 4.0.0"),
                Stack({"tox-travis": "0.12", "tox": "4.67.15"}, "failed", "tox-travis 0.12 with tox 4.67.15"),
                Stack({"tox-travis": "0.9", "tox": "3.28.0"}, "passed", "tox-travis 0.9 with tox 3.28.0, just below 4"),
                Stack({"tox-travis": "0.12", "tox": "3.28.0"}, "passed", "tox-travis 0.12 with tox 3.28.0, just below 4"),
                # 0.13 declares tox<4, so it cannot meet tox 4
                Stack({"tox-travis": "0.13", "tox": "3.28.0"}, "passed", "tox-travis 0.13, just above the range"))),
    # no fixed release: only tox just below 4 passes
    "curated/tox-pipenv-1.7-tox-4": Proof(
        check="tox --version", signature="hookimpl",
        stacks=(Stack({"tox-pipenv": "1.7.0", "tox": "4.0.0"}, "failed", "tox-pipenv 1.7.0 with tox 4.0.0"),
                Stack({"tox-pipenv": "1.7.0", "tox": "4.67.15"}, "failed", "tox-pipenv 1.7.0 with tox 4.67.15"),
                Stack({"tox-pipenv": "1.10.1", "tox": "4.0.0"}, "failed", "tox-pipenv 1.10.1 with tox 4.0.0"),
                Stack({"tox-pipenv": "1.10.1", "tox": "4.67.15"}, "failed", "tox-pipenv 1.10.1 with tox 4.67.15"),
                Stack({"tox-pipenv": "1.7.0", "tox": "3.28.0"}, "passed", "tox-pipenv 1.7.0 with tox 3.28.0, just below 4"),
                Stack({"tox-pipenv": "1.10.1", "tox": "3.28.0"}, "passed",
                      "tox-pipenv 1.10.1 with tox 3.28.0, just below 4"))),
    "curated/rich-click-1.0-1.8.5-click-8.2": Proof(
        check=RICH_CLICK_CHECK, signature="make_metavar",
        stacks=(Stack({"rich-click": "1.0.0", "click": "8.2.0"}, "failed", "rich-click 1.0.0 with click 8.2.0"),
                Stack({"rich-click": "1.0.0", "click": "8.5.1"}, "failed", "rich-click 1.0.0 with click 8.5.1"),
                Stack({"rich-click": "1.8.5", "click": "8.2.0"}, "failed", "rich-click 1.8.5 with click 8.2.0"),
                Stack({"rich-click": "1.8.5", "click": "8.5.1"}, "failed", "rich-click 1.8.5 with click 8.5.1"),
                Stack({"rich-click": "1.0.0", "click": "8.1.8"}, "passed", "rich-click 1.0.0 with click 8.1.8, just below 8.2"),
                Stack({"rich-click": "1.8.5", "click": "8.1.8"}, "passed", "rich-click 1.8.5 with click 8.1.8, just below 8.2"),
                Stack({"rich-click": "1.8.6", "click": "8.2.0"}, "passed", "rich-click 1.8.6, just above the range"),
                Stack({"rich-click": "1.8.6", "click": "8.5.1"}, "passed", "rich-click 1.8.6 with click 8.5.1"))),
    "curated/cloup-0.14-3.0.5-click-8.2": Proof(
        check=CLOUP_CHECK, signature="make_metavar",
        stacks=(Stack({"cloup": "0.14.0", "click": "8.2.0"}, "failed", "cloup 0.14.0 with click 8.2.0"),
                Stack({"cloup": "0.14.0", "click": "8.5.1"}, "failed", "cloup 0.14.0 with click 8.5.1"),
                Stack({"cloup": "3.0.5", "click": "8.2.0"}, "failed", "cloup 3.0.5 with click 8.2.0"),
                Stack({"cloup": "3.0.5", "click": "8.5.1"}, "failed", "cloup 3.0.5 with click 8.5.1"),
                Stack({"cloup": "0.14.0", "click": "8.1.8"}, "passed", "cloup 0.14.0 with click 8.1.8, just below 8.2"),
                Stack({"cloup": "3.0.5", "click": "8.1.8"}, "passed", "cloup 3.0.5 with click 8.1.8, just below 8.2"),
                Stack({"cloup": "3.0.6", "click": "8.2.0"}, "passed", "cloup 3.0.6, just above the range"),
                Stack({"cloup": "3.0.6", "click": "8.5.1"}, "passed", "cloup 3.0.6 with click 8.5.1"))),
    # docutils pinned below 0.19 (curated/m2r-0.1.7-0.2-docutils-0.19 breaks m2r there first)
    "curated/m2r-0.1-0.2-mistune-2": Proof(
        check=M2R_CHECK, signature="BlockGrammar",
        stacks=(Stack({"m2r": "0.1.0", "mistune": "2.0.0", "docutils": "0.18.1"}, "failed",
                      "m2r 0.1.0 with mistune 2.0.0"),
                Stack({"m2r": "0.2.1", "mistune": "3.4.0", "docutils": "0.18.1"}, "failed",
                      "m2r 0.2.1 with mistune 3.4.0"),
                Stack({"m2r": "0.1.0", "mistune": "0.8.4", "docutils": "0.18.1"}, "passed",
                      "m2r 0.1.0 with mistune 0.8.4, just below 2"),
                Stack({"m2r": "0.2.1", "mistune": "0.8.4", "docutils": "0.18.1"}, "passed",
                      "m2r 0.2.1 with mistune 0.8.4, just below 2"),
                Stack({"m2r": "0.3.1", "mistune": "0.8.4", "docutils": "0.18.1"}, "passed",
                      "m2r 0.3.1, just above the range (it declares mistune<2)"))),
    "curated/m2r-0.1.7-0.2-docutils-0.19": Proof(
        check=M2R_CHECK, signature="ErrorString",
        stacks=(Stack({"m2r": "0.1.7", "docutils": "0.19", "mistune": "0.8.4"}, "failed",
                      "m2r 0.1.7 with docutils 0.19"),
                Stack({"m2r": "0.2.1", "docutils": "0.23", "mistune": "0.8.4"}, "failed",
                      "m2r 0.2.1 with docutils 0.23"),
                Stack({"m2r": "0.1.7", "docutils": "0.18.1", "mistune": "0.8.4"}, "passed",
                      "m2r 0.1.7 with docutils 0.18.1, just below 0.19"),
                Stack({"m2r": "0.2.1", "docutils": "0.18.1", "mistune": "0.8.4"}, "passed",
                      "m2r 0.2.1 with docutils 0.18.1, just below 0.19"),
                Stack({"m2r": "0.3.1", "docutils": "0.23", "mistune": "0.8.4"}, "passed",
                      "m2r 0.3.1, just above the range"),
                Stack({"m2r": "0.1.6", "docutils": "0.19", "mistune": "0.8.4"}, "passed",
                      "m2r 0.1.6, just below the range"))),
    # Markdown 3.4.0 does not import on Python 3.11 at all (importlib.util), so 3.4.1 is the first release measured
    "curated/python-markdown-math-0.3-0.6-markdown-3.4": Proof(
        check=MDX_MATH_CHECK, signature="'etree' from 'markdown.util'",
        stacks=(Stack({"python-markdown-math": "0.3", "markdown": "3.4.1"}, "failed",
                      "python-markdown-math 0.3 with Markdown 3.4.1"),
                Stack({"python-markdown-math": "0.6", "markdown": "3.11.3"}, "failed",
                      "python-markdown-math 0.6 with Markdown 3.11.3"),
                Stack({"python-markdown-math": "0.3", "markdown": "3.3.7"}, "passed",
                      "python-markdown-math 0.3 with Markdown 3.3.7, just below 3.4"),
                Stack({"python-markdown-math": "0.6", "markdown": "3.3.7"}, "passed",
                      "python-markdown-math 0.6 with Markdown 3.3.7, just below 3.4"),
                Stack({"python-markdown-math": "0.7", "markdown": "3.11.3"}, "passed",
                      "python-markdown-math 0.7, just above the range")),
        roots=("markdown",)),
    "curated/markdown-include-0.3-0.6-markdown-3.4": Proof(
        check=MD_INCLUDE_CHECK, signature="md_globals",
        stacks=(Stack({"markdown-include": "0.3", "markdown": "3.4.1"}, "failed",
                      "markdown-include 0.3 with Markdown 3.4.1"),
                Stack({"markdown-include": "0.6.0", "markdown": "3.11.3"}, "failed",
                      "markdown-include 0.6.0 with Markdown 3.11.3"),
                Stack({"markdown-include": "0.3", "markdown": "3.3.7"}, "passed",
                      "markdown-include 0.3 with Markdown 3.3.7, just below 3.4"),
                Stack({"markdown-include": "0.6.0", "markdown": "3.3.7"}, "passed",
                      "markdown-include 0.6.0 with Markdown 3.3.7, just below 3.4"),
                Stack({"markdown-include": "0.7.0", "markdown": "3.11.3"}, "passed",
                      "markdown-include 0.7.0, just above the range"))),
    # mkautodoc before 0.2.0 does not declare Markdown at all (MkDocs brings it), hence roots=("markdown",)
    "curated/mkautodoc-0.0-0.1-markdown-3.4": Proof(
        check="python -c 'import mkautodoc'", signature="'etree' from 'markdown.util'",
        stacks=(Stack({"mkautodoc": "0.0.1", "markdown": "3.4.1"}, "failed", "mkautodoc 0.0.1 with Markdown 3.4.1"),
                Stack({"mkautodoc": "0.1.0", "markdown": "3.11.3"}, "failed", "mkautodoc 0.1.0 with Markdown 3.11.3"),
                Stack({"mkautodoc": "0.0.1", "markdown": "3.3.7"}, "passed",
                      "mkautodoc 0.0.1 with Markdown 3.3.7, just below 3.4"),
                Stack({"mkautodoc": "0.1.0", "markdown": "3.3.7"}, "passed",
                      "mkautodoc 0.1.0 with Markdown 3.3.7, just below 3.4"),
                Stack({"mkautodoc": "0.2.0", "markdown": "3.11.3"}, "passed", "mkautodoc 0.2.0, just above the range")),
        roots=("markdown",)),
    "curated/mdx-truly-sane-lists-1.2-markdown-3.4": Proof(
        check=SANE_LISTS_CHECK, signature="'version' from 'markdown'",
        stacks=(Stack({"mdx-truly-sane-lists": "1.2", "markdown": "3.4.1"}, "failed",
                      "mdx-truly-sane-lists 1.2 with Markdown 3.4.1"),
                Stack({"mdx-truly-sane-lists": "1.2", "markdown": "3.11.3"}, "failed",
                      "mdx-truly-sane-lists 1.2 with Markdown 3.11.3"),
                Stack({"mdx-truly-sane-lists": "1.2", "markdown": "3.3.7"}, "passed",
                      "mdx-truly-sane-lists 1.2 with Markdown 3.3.7, just below 3.4"),
                Stack({"mdx-truly-sane-lists": "1.3", "markdown": "3.4.1"}, "passed",
                      "mdx-truly-sane-lists 1.3, just above the range"),
                Stack({"mdx-truly-sane-lists": "1.3", "markdown": "3.11.3"}, "passed",
                      "mdx-truly-sane-lists 1.3 with Markdown 3.11.3"))),
    "curated/nbconvert-6.2-6.4.4-jinja2-3.1": Proof(
        check=NBCONVERT_HTML_CHECK, signature="Markup",
        stacks=(Stack({"nbconvert": "6.2.0", "jinja2": "3.1.0", **NBCONVERT_PINS}, "failed",
                      "nbconvert 6.2.0 with Jinja2 3.1.0"),
                Stack({"nbconvert": "6.4.4", "jinja2": "3.1.6", **NBCONVERT_PINS}, "failed",
                      "nbconvert 6.4.4 with Jinja2 3.1.6"),
                Stack({"nbconvert": "6.2.0", "jinja2": "3.0.3", **NBCONVERT_PINS}, "passed",
                      "nbconvert 6.2.0 with Jinja2 3.0.3, just below 3.1"),
                Stack({"nbconvert": "6.4.4", "jinja2": "3.0.3", **NBCONVERT_PINS}, "passed",
                      "nbconvert 6.4.4 with Jinja2 3.0.3, just below 3.1"),
                Stack({"nbconvert": "6.4.5", "jinja2": "3.1.6", **NBCONVERT_PINS}, "passed",
                      "nbconvert 6.4.5, just above the range"))),
    "curated/m2r2-0.2.4-0.3.1-mistune-2": Proof(
        check=M2R2_CHECK, signature="BlockGrammar",
        stacks=(Stack({"m2r2": "0.2.4", "mistune": "2.0.0", **M2R2_PINS}, "failed", "m2r2 0.2.4 with mistune 2.0.0"),
                Stack({"m2r2": "0.3.1", "mistune": "3.4.0", **M2R2_PINS}, "failed", "m2r2 0.3.1 with mistune 3.4.0"),
                Stack({"m2r2": "0.2.4", "mistune": "0.8.4", **M2R2_PINS}, "passed",
                      "m2r2 0.2.4 with mistune 0.8.4, just below 2"),
                Stack({"m2r2": "0.3.1", "mistune": "0.8.4", **M2R2_PINS}, "passed",
                      "m2r2 0.3.1 with mistune 0.8.4, just below 2"),
                Stack({"m2r2": "0.3.2", "mistune": "0.8.4", **M2R2_PINS}, "passed",
                      "m2r2 0.3.2, just above the range (it pins mistune==0.8.4)")),
        roots=("setuptools",)),
    "curated/ipykernel-5-ipython-9.16": Proof(
        check=IPYKERNEL_CHECK, signature="should_run_async",
        stacks=(Stack({"ipykernel": "5.0.0", "ipython": "9.16.0", **IPYKERNEL_PINS}, "failed",
                      "ipykernel 5.0.0 with IPython 9.16.0"),
                Stack({"ipykernel": "5.5.6", "ipython": "9.18.1", **IPYKERNEL_PINS}, "failed",
                      "ipykernel 5.5.6 with IPython 9.18.1"),
                Stack({"ipykernel": "5.0.0", "ipython": "9.15.0", **IPYKERNEL_PINS}, "passed",
                      "ipykernel 5.0.0 with IPython 9.15.0, just below 9.16"),
                Stack({"ipykernel": "5.5.6", "ipython": "9.15.0", **IPYKERNEL_PINS}, "passed",
                      "ipykernel 5.5.6 with IPython 9.15.0, just below 9.16"),
                Stack({"ipykernel": "6.6.0", "ipython": "9.18.1", **IPYKERNEL_PINS}, "passed",
                      "ipykernel 6.6.0, the first release above the range that accepts IPython 9")),
        roots=("ipython-genutils",)),
    # 7.0.0 overlaps the learned layer's conda rule (nbconvert 7.0.x x lxml>=5.2); 6.5.1-6.5.4 are new.
    # 6.5.0 and 7.1.0 do not depend on lxml, hence roots=("lxml",)
    "curated/nbconvert-6.5.1-7.0-lxml-5.2": Proof(
        check=NBCONVERT_HTML_CHECK, signature="lxml_html_clean",
        stacks=(Stack({"nbconvert": "6.5.1", "lxml": "5.2.0"}, "failed", "nbconvert 6.5.1 with lxml 5.2.0"),
                Stack({"nbconvert": "7.0.0", "lxml": "6.1.3"}, "failed", "nbconvert 7.0.0 with lxml 6.1.3"),
                Stack({"nbconvert": "6.5.1", "lxml": "5.1.1"}, "passed", "nbconvert 6.5.1 with lxml 5.1.1, just below 5.2"),
                Stack({"nbconvert": "7.0.0", "lxml": "5.1.1"}, "passed", "nbconvert 7.0.0 with lxml 5.1.1, just below 5.2"),
                Stack({"nbconvert": "7.1.0", "lxml": "6.1.3"}, "passed", "nbconvert 7.1.0, just above the range"),
                Stack({"nbconvert": "6.5.0", "lxml": "5.2.0"}, "passed", "nbconvert 6.5.0, just below the range")),
        roots=("lxml",)),
    "curated/gensim-4.3.0-4.3.2-scipy-1.13": Proof(
        check=GENSIM_CHECK, signature="triu",
        stacks=(Stack({"gensim": "4.3.0", "scipy": "1.13.0", "numpy": "1.26.4"}, "failed",
                      "gensim 4.3.0 with SciPy 1.13.0"),
                Stack({"gensim": "4.3.2", "scipy": "1.17.1", "numpy": "1.26.4"}, "failed",
                      "gensim 4.3.2 with SciPy 1.17.1"),
                Stack({"gensim": "4.3.2", "scipy": "1.12.0", "numpy": "1.26.4"}, "passed",
                      "SciPy 1.12.0, just below 1.13"),
                Stack({"gensim": "4.3.3", "scipy": "1.13.0", "numpy": "1.26.4"}, "passed",
                      "gensim 4.3.3, just above the range"))),
    "curated/statsmodels-0.13.3-0.14.4-scipy-1.16": Proof(
        check=STATSMODELS_CHECK, signature="_lazywhere",
        stacks=(Stack({"statsmodels": "0.13.3", "scipy": "1.16.0", **STATSMODELS_SCIPY_PINS}, "failed",
                      "statsmodels 0.13.3 with SciPy 1.16.0"),
                Stack({"statsmodels": "0.14.4", "scipy": "1.17.1", **STATSMODELS_SCIPY_PINS}, "failed",
                      "statsmodels 0.14.4 with SciPy 1.17.1"),
                Stack({"statsmodels": "0.14.4", "scipy": "1.15.3", **STATSMODELS_SCIPY_PINS}, "passed",
                      "SciPy 1.15.3, just below 1.16"),
                Stack({"statsmodels": "0.14.5", "scipy": "1.16.0", **STATSMODELS_SCIPY_PINS}, "passed",
                      "statsmodels 0.14.5, just above the range"))),
    "curated/statsmodels-0.13.3-0.14.5-pandas-3": Proof(
        check=STATSMODELS_CHECK, signature="deprecate_kwarg",
        stacks=(Stack({"statsmodels": "0.13.3", "pandas": "3.0.0", **STATSMODELS_PANDAS_OLD_PINS}, "failed",
                      "statsmodels 0.13.3 with pandas 3.0.0"),
                Stack({"statsmodels": "0.14.5", "pandas": "3.1.1", **STATSMODELS_PANDAS_PINS}, "failed",
                      "statsmodels 0.14.5 with pandas 3.1.1"),
                Stack({"statsmodels": "0.14.5", "pandas": "3.0.0", **STATSMODELS_PANDAS_PINS}, "failed",
                      "statsmodels 0.14.5 with pandas 3.0.0"),
                Stack({"statsmodels": "0.13.3", "pandas": "2.3.3", **STATSMODELS_PANDAS_OLD_PINS}, "passed",
                      "statsmodels 0.13.3 with pandas 2.3.3, just below 3"),
                Stack({"statsmodels": "0.14.5", "pandas": "2.3.3", **STATSMODELS_PANDAS_PINS}, "passed",
                      "statsmodels 0.14.5 with pandas 2.3.3, just below 3"),
                Stack({"statsmodels": "0.14.6", "pandas": "3.0.0", **STATSMODELS_PANDAS_PINS}, "passed",
                      "statsmodels 0.14.6, just above the range"))),
    # umap-learn 0.5.4 ships only a source distribution (pure Python) and imports pkg_resources without declaring
    # setuptools, hence roots=("setuptools",) and setuptools pinned below 82; importing umap alone passes
    "curated/umap-learn-0.5.4-0.5.7-scikit-learn-1.8": Proof(
        check=UMAP_CHECK, signature="force_all_finite", roots=("setuptools",),
        stacks=(Stack({"umap-learn": "0.5.4", "scikit-learn": "1.8.0", **UMAP_PINS}, "failed",
                      "umap-learn 0.5.4 with scikit-learn 1.8.0"),
                Stack({"umap-learn": "0.5.7", "scikit-learn": "1.9.1", **UMAP_PINS}, "failed",
                      "umap-learn 0.5.7 with scikit-learn 1.9.1"),
                Stack({"umap-learn": "0.5.7", "scikit-learn": "1.7.2", **UMAP_PINS}, "passed",
                      "scikit-learn 1.7.2, just below 1.8"),
                Stack({"umap-learn": "0.5.8", "scikit-learn": "1.8.0", **UMAP_PINS}, "passed",
                      "umap-learn 0.5.8, just above the range"),
                # 0.5.3 does not pass force_all_finite to check_array
                Stack({"umap-learn": "0.5.3", "scikit-learn": "1.8.0", **UMAP_PINS}, "passed",
                      "umap-learn 0.5.3, just below the range"))),
    # 0.8.41 (the fix) ships only a source distribution with a compiled extension: 0.8.42 is the release above
    "curated/hdbscan-0.8.36-0.8.40-scikit-learn-1.8": Proof(
        check=HDBSCAN_CHECK, signature="force_all_finite",
        stacks=(Stack({"hdbscan": "0.8.36", "scikit-learn": "1.8.0", **HDBSCAN_PINS}, "failed",
                      "hdbscan 0.8.36 with scikit-learn 1.8.0"),
                Stack({"hdbscan": "0.8.40", "scikit-learn": "1.9.1", **HDBSCAN_PINS}, "failed",
                      "hdbscan 0.8.40 with scikit-learn 1.9.1"),
                Stack({"hdbscan": "0.8.40", "scikit-learn": "1.7.2", **HDBSCAN_PINS}, "passed",
                      "scikit-learn 1.7.2, just below 1.8"),
                Stack({"hdbscan": "0.8.42", "scikit-learn": "1.8.0", **HDBSCAN_PINS}, "passed",
                      "hdbscan 0.8.42, the first release above the range with a wheel"))),
    "curated/pmdarima-2.0.2-2.0.4-scikit-learn-1.8": Proof(
        check=PMDARIMA_CHECK, signature="force_all_finite",
        stacks=(Stack({"pmdarima": "2.0.2", "scikit-learn": "1.8.0", **PMDARIMA_PINS}, "failed",
                      "pmdarima 2.0.2 with scikit-learn 1.8.0"),
                Stack({"pmdarima": "2.0.4", "scikit-learn": "1.9.1", **PMDARIMA_PINS}, "failed",
                      "pmdarima 2.0.4 with scikit-learn 1.9.1"),
                Stack({"pmdarima": "2.0.4", "scikit-learn": "1.7.2", **PMDARIMA_PINS}, "passed",
                      "scikit-learn 1.7.2, just below 1.8"),
                Stack({"pmdarima": "2.1.0", "scikit-learn": "1.8.0", **PMDARIMA_PINS}, "passed",
                      "pmdarima 2.1.0, just above the range"))),
    "curated/flask-babelex-0.1-0.9.4-flask-3": Proof(
        check=FLASK_BABELEX_CHECK, signature="_request_ctx_stack", roots=("pytz",),
        stacks=(Stack({"flask-babelex": "0.1", "flask": "3.0.0"}, "failed", "Flask-BabelEx 0.1 with Flask 3.0.0"),
                Stack({"flask-babelex": "0.9.4", "flask": "3.1.3"}, "failed", "Flask-BabelEx 0.9.4 with Flask 3.1.3"),
                Stack({"flask-babelex": "0.9.4", "flask": "2.3.3"}, "passed", "Flask 2.3.3, just below 3")),
        wheels=(("flask-babelex", "0.9.4"),)),
    "curated/flask-gravatar-0.4.2-0.5-flask-3": Proof(
        check=FLASK_GRAVATAR_CHECK, signature="_request_ctx_stack",
        stacks=(Stack({"flask-gravatar": "0.4.2", "flask": "3.0.0"}, "failed", "Flask-Gravatar 0.4.2 with Flask 3.0.0"),
                Stack({"flask-gravatar": "0.5.0", "flask": "3.1.3"}, "failed", "Flask-Gravatar 0.5.0 with Flask 3.1.3"),
                Stack({"flask-gravatar": "0.4.2", "flask": "2.3.3"}, "passed", "0.4.2 with Flask 2.3.3, just below 3"),
                Stack({"flask-gravatar": "0.5.0", "flask": "2.3.3"}, "passed", "0.5.0 with Flask 2.3.3, just below 3")),
        wheels=(("flask-gravatar", "0.4.2"), ("flask-gravatar", "0.5.0"))),
    "curated/flask-seasurf-0.3-1.1-flask-3": Proof(
        check=FLASK_SEASURF_CHECK, signature="_app_ctx_stack",
        stacks=(Stack({"flask-seasurf": "0.3.0", "flask": "3.0.0"}, "failed", "Flask-SeaSurf 0.3.0 with Flask 3.0.0"),
                Stack({"flask-seasurf": "1.1.1", "flask": "3.1.3"}, "failed", "Flask-SeaSurf 1.1.1 with Flask 3.1.3"),
                Stack({"flask-seasurf": "1.1.1", "flask": "2.3.3"}, "passed", "Flask 2.3.3, just below 3"),
                Stack({"flask-seasurf": "2.0.0", "flask": "3.0.0"}, "passed", "Flask-SeaSurf 2.0.0, just above the range"),
                Stack({"flask-seasurf": "2.0.0", "flask": "3.1.3"}, "passed", "Flask-SeaSurf 2.0.0 with Flask 3.1.3")),
        wheels=(("flask-seasurf", "0.3.0"), ("flask-seasurf", "1.1.1"))),
    "curated/flask-mobility-1.0-1.1-flask-3": Proof(
        check=FLASK_MOBILITY_CHECK, signature="_request_ctx_stack",
        stacks=(Stack({"flask-mobility": "1.0.0", "flask": "3.0.0"}, "failed", "Flask-Mobility 1.0.0 with Flask 3.0.0"),
                Stack({"flask-mobility": "1.1.0", "flask": "3.1.3"}, "failed", "Flask-Mobility 1.1.0 with Flask 3.1.3"),
                Stack({"flask-mobility": "1.1.0", "flask": "2.3.3"}, "passed", "Flask 2.3.3, just below 3"),
                Stack({"flask-mobility": "2.0.0", "flask": "3.0.0"}, "passed", "Flask-Mobility 2.0.0, just above the range"),
                Stack({"flask-mobility": "2.0.0", "flask": "3.1.3"}, "passed", "Flask-Mobility 2.0.0 with Flask 3.1.3")),
        wheels=(("flask-mobility", "1.0.0"), ("flask-mobility", "1.1.0"))),
    "curated/flask-mysql-1.4-1.5-flask-3": Proof(
        check=FLASK_MYSQL_CHECK, signature="_request_ctx_stack",
        stacks=(Stack({"flask-mysql": "1.4.0", "flask": "3.0.0"}, "failed", "Flask-MySQL 1.4.0 with Flask 3.0.0"),
                Stack({"flask-mysql": "1.5.2", "flask": "3.1.3"}, "failed", "Flask-MySQL 1.5.2 with Flask 3.1.3"),
                Stack({"flask-mysql": "1.5.2", "flask": "2.3.3"}, "passed", "Flask 2.3.3, just below 3"),
                Stack({"flask-mysql": "1.6.0", "flask": "3.0.0"}, "passed", "Flask-MySQL 1.6.0, just above the range"),
                Stack({"flask-mysql": "1.6.0", "flask": "3.1.3"}, "passed", "Flask-MySQL 1.6.0 with Flask 3.1.3")),
        wheels=(("flask-mysql", "1.4.0"), ("flask-mysql", "1.5.2"))),
    "curated/alpaca-py-0.20.3-0.33.0-websockets-14": Proof(
        check=ALPACA_STREAM_CHECK, signature="extra_headers", roots=("pytz",),
        stacks=(Stack({"alpaca-py": "0.20.3", "websockets": "14.0"}, "failed", "alpaca-py 0.20.3 with websockets 14.0"),
                Stack({"alpaca-py": "0.33.0", "websockets": "17.4"}, "failed", "alpaca-py 0.33.0 with websockets 17.4"),
                Stack({"alpaca-py": "0.33.0", "websockets": "13.1"}, "passed", "websockets 13.1, just below 14"),
                Stack({"alpaca-py": "0.33.1", "websockets": "14.0"}, "passed", "alpaca-py 0.33.1, just above the range"),
                Stack({"alpaca-py": "0.33.1", "websockets": "17.4"}, "passed", "alpaca-py 0.33.1 with websockets 17.4"))),
    "curated/flask-rbac-0.4-0.5-flask-2.3": Proof(
        check=FLASK_RBAC_CHECK, signature="before_first_request",
        stacks=(Stack({"flask-rbac": "0.4.0", "flask": "2.3.0"}, "failed", "Flask-RBAC 0.4.0 with Flask 2.3.0"),
                Stack({"flask-rbac": "0.5.0", "flask": "2.3.3"}, "failed", "Flask-RBAC 0.5.0 with Flask 2.3.3"),
                Stack({"flask-rbac": "0.4.0", "flask": "2.2.5"}, "passed", "0.4.0 with Flask 2.2.5, just below 2.3"),
                Stack({"flask-rbac": "0.5.0", "flask": "2.2.5"}, "passed", "0.5.0 with Flask 2.2.5, just below 2.3")),
        wheels=(("flask-rbac", "0.4.0"), ("flask-rbac", "0.5.0"))),
    "curated/flask-rbac-0.4-0.5-flask-3": Proof(
        check="python -c 'import flask_rbac'", signature="_request_ctx_stack",
        stacks=(Stack({"flask-rbac": "0.4.0", "flask": "3.0.0"}, "failed", "Flask-RBAC 0.4.0 with Flask 3.0.0"),
                Stack({"flask-rbac": "0.5.0", "flask": "3.1.3"}, "failed", "Flask-RBAC 0.5.0 with Flask 3.1.3"),
                Stack({"flask-rbac": "0.4.0", "flask": "2.3.3"}, "passed", "0.4.0 with Flask 2.3.3, just below 3"),
                Stack({"flask-rbac": "0.5.0", "flask": "2.3.3"}, "passed", "0.5.0 with Flask 2.3.3, just below 3")),
        wheels=(("flask-rbac", "0.4.0"), ("flask-rbac", "0.5.0"))),
    "curated/flask-log-request-id-0.9-0.10-flask-3": Proof(
        check=FLASK_LOG_REQUEST_ID_CHECK, signature="_app_ctx_stack",
        stacks=(Stack({"flask-log-request-id": "0.9.2", "flask": "3.0.0"}, "failed",
                      "Flask-Log-Request-ID 0.9.2 with Flask 3.0.0"),
                Stack({"flask-log-request-id": "0.10.1", "flask": "3.1.3"}, "failed",
                      "Flask-Log-Request-ID 0.10.1 with Flask 3.1.3"),
                Stack({"flask-log-request-id": "0.9.2", "flask": "2.3.3"}, "passed", "0.9.2 with Flask 2.3.3, just below 3"),
                Stack({"flask-log-request-id": "0.10.1", "flask": "2.3.3"}, "passed",
                      "0.10.1 with Flask 2.3.3, just below 3")),
        wheels=(("flask-log-request-id", "0.9.2"), ("flask-log-request-id", "0.10.1"))),
    "curated/flask-redoc-0.2-flask-2.3": Proof(
        check=FLASK_REDOC_CHECK, signature="before_first_request",
        stacks=(Stack({"flask-redoc": "0.2.0", "flask": "2.3.0"}, "failed", "flask-redoc 0.2.0 with Flask 2.3.0"),
                Stack({"flask-redoc": "0.2.1", "flask": "3.1.3"}, "failed", "flask-redoc 0.2.1 with Flask 3.1.3"),
                Stack({"flask-redoc": "0.2.0", "flask": "2.2.5"}, "passed", "0.2.0 with Flask 2.2.5, just below 2.3"),
                Stack({"flask-redoc": "0.2.1", "flask": "2.2.5"}, "passed", "0.2.1 with Flask 2.2.5, just below 2.3")),
        wheels=(("flask-redoc", "0.2.1"),)),
    "curated/flask-and-redis-1.0-flask-3": Proof(
        check=FLASK_AND_REDIS_CHECK, signature="_request_ctx_stack",
        stacks=(Stack({"flask-and-redis": "1.0.0", "flask": "3.0.0"}, "failed", "Flask-And-Redis 1.0.0 with Flask 3.0.0"),
                Stack({"flask-and-redis": "1.0.0", "flask": "3.1.3"}, "failed", "Flask-And-Redis 1.0.0 with Flask 3.1.3"),
                Stack({"flask-and-redis": "1.0.0", "flask": "2.3.3"}, "passed", "Flask 2.3.3, just below 3")),
        wheels=(("flask-and-redis", "1.0.0"),)),
    "curated/prophet-1.1.3-1.1.5-numpy-2": Proof(
        check=PROPHET_FIT, signature="np.float_",
        stacks=(Stack({"prophet": "1.1.3", "numpy": "2.0.0", **PROPHET_PINS}, "failed", "prophet 1.1.3 with numpy 2.0.0"),
                Stack({"prophet": "1.1.3", "numpy": "2.4.6", **PROPHET_PINS}, "failed", "prophet 1.1.3 with numpy 2.4.6"),
                Stack({"prophet": "1.1.5", "numpy": "2.0.0", **PROPHET_PINS}, "failed", "prophet 1.1.5 with numpy 2.0.0"),
                Stack({"prophet": "1.1.5", "numpy": "2.4.6", **PROPHET_PINS}, "failed", "prophet 1.1.5 with numpy 2.4.6"),
                Stack({"prophet": "1.1.3", "numpy": "1.26.4", **PROPHET_PINS}, "passed",
                      "prophet 1.1.3 with numpy 1.26.4, just below 2"),
                Stack({"prophet": "1.1.5", "numpy": "1.26.4", **PROPHET_PINS}, "passed",
                      "prophet 1.1.5 with numpy 1.26.4, just below 2"),
                Stack({"prophet": "1.1.6", "numpy": "2.0.0", **PROPHET_PINS}, "passed", "prophet 1.1.6, just above the range"),
                Stack({"prophet": "1.1.6", "numpy": "2.4.6", **PROPHET_PINS}, "passed", "prophet 1.1.6 with numpy 2.4.6")),
        wheels=(("prophet", "1.1.3"), ("prophet", "1.1.5"))),
    "curated/bokeh-2.4-3.0-numpy-2": Proof(
        check=BOKEH_SAVE, signature="bool8",
        stacks=(Stack({"bokeh": "2.4.0", "numpy": "2.0.0"}, "failed", "bokeh 2.4.0 with numpy 2.0.0"),
                Stack({"bokeh": "2.4.0", "numpy": "2.4.6"}, "failed", "bokeh 2.4.0 with numpy 2.4.6"),
                Stack({"bokeh": "3.0.3", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed", "bokeh 3.0.3 with numpy 2.0.0"),
                Stack({"bokeh": "3.0.3", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed", "bokeh 3.0.3 with numpy 2.4.6"),
                Stack({"bokeh": "2.4.0", "numpy": "1.26.4"}, "passed", "bokeh 2.4.0 with numpy 1.26.4, just below 2"),
                Stack({"bokeh": "3.0.3", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "bokeh 3.0.3 with numpy 1.26.4, just below 2"),
                Stack({"bokeh": "3.1.0", "numpy": "2.0.0", "pandas": "2.3.3"}, "passed", "bokeh 3.1.0, just above the range"),
                Stack({"bokeh": "3.1.0", "numpy": "2.4.6", "pandas": "2.3.3"}, "passed", "bokeh 3.1.0 with numpy 2.4.6")),
        wheels=(("bokeh", "2.4.0"), ("bokeh", "3.0.3"))),
    "curated/pandas-datareader-0.9-0.10-pandas-3": Proof(
        check=PDR_IMPORT, signature="deprecate_kwarg",
        stacks=(Stack({"pandas-datareader": "0.9.0", "pandas": "3.0.0", **PDR_PINS}, "failed",
                      "pandas-datareader 0.9.0 with pandas 3.0.0"),
                Stack({"pandas-datareader": "0.9.0", "pandas": "3.1.1", **PDR_PINS}, "failed",
                      "pandas-datareader 0.9.0 with pandas 3.1.1"),
                Stack({"pandas-datareader": "0.10.0", "pandas": "3.0.0", **PDR_PINS}, "failed",
                      "pandas-datareader 0.10.0 with pandas 3.0.0"),
                Stack({"pandas-datareader": "0.10.0", "pandas": "3.1.1", **PDR_PINS}, "failed",
                      "pandas-datareader 0.10.0 with pandas 3.1.1"),
                Stack({"pandas-datareader": "0.9.0", "pandas": "2.3.3", **PDR_PINS}, "passed",
                      "pandas-datareader 0.9.0 with pandas 2.3.3, just below 3"),
                Stack({"pandas-datareader": "0.10.0", "pandas": "2.3.3", **PDR_PINS}, "passed",
                      "pandas-datareader 0.10.0 with pandas 2.3.3, just below 3"),
                Stack({"pandas-datareader": "0.11.0", "pandas": "3.0.0", **PDR_PINS}, "passed",
                      "pandas-datareader 0.11.0, just above the range")),
        wheels=(("pandas-datareader", "0.9.0"), ("pandas-datareader", "0.10.0"))),
    # quantstats 0.0.62 imports IPython without declaring it, hence roots=("ipython",)
    "curated/quantstats-0.0.48-0.0.62-numpy-2": Proof(
        check=QUANTSTATS_METRICS, signature="product",
        stacks=(Stack({"quantstats": "0.0.48", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed",
                      "quantstats 0.0.48 with numpy 2.0.0"),
                Stack({"quantstats": "0.0.48", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed",
                      "quantstats 0.0.48 with numpy 2.4.6"),
                Stack({"quantstats": "0.0.62", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed",
                      "quantstats 0.0.62 with numpy 2.0.0"),
                Stack({"quantstats": "0.0.62", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed",
                      "quantstats 0.0.62 with numpy 2.4.6"),
                Stack({"quantstats": "0.0.48", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "quantstats 0.0.48 with numpy 1.26.4, just below 2"),
                Stack({"quantstats": "0.0.62", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "quantstats 0.0.62 with numpy 1.26.4, just below 2"),
                Stack({"quantstats": "0.0.64", "numpy": "2.0.0", "pandas": "2.3.3"}, "passed",
                      "quantstats 0.0.64, just above the range")),
        wheels=(("quantstats", "0.0.48"), ("quantstats", "0.0.62")), roots=("ipython",)),
    # no fixed release: only pylint below 3 passes
    "curated/pylint-quotes-0.1.3-pylint-3": Proof(
        check=PYLINT_QUOTES_CHECK, signature="from 'pylint.interfaces'",
        stacks=(Stack({"pylint-quotes": "0.1.3", "pylint": "3.0.0"}, "failed", "pylint-quotes 0.1.3 with pylint 3.0.0"),
                Stack({"pylint-quotes": "0.1.3", "pylint": "4.1.4"}, "failed", "pylint-quotes 0.1.3 with pylint 4.1.4"),
                Stack({"pylint-quotes": "0.2.3", "pylint": "3.0.0"}, "failed", "pylint-quotes 0.2.3 with pylint 3.0.0"),
                Stack({"pylint-quotes": "0.2.3", "pylint": "4.1.4"}, "failed", "pylint-quotes 0.2.3 with pylint 4.1.4"),
                Stack({"pylint-quotes": "0.1.3", "pylint": "2.17.7"}, "passed", "pylint 2.17.7, just below 3"),
                Stack({"pylint-quotes": "0.2.3", "pylint": "2.17.7"}, "passed", "pylint 2.17.7, just below 3")),
        wheels=(("pylint-quotes", "0.1.3"), ("pylint-quotes", "0.2.3"))),
    "curated/pylint-pytest-0.2-1.1.2-pylint-3": Proof(
        check=PYLINT_PYTEST_CHECK, signature="IAstroidChecker",
        stacks=(Stack({"pylint-pytest": "0.2.0", "pylint": "3.0.0", **PYLINT_PYTEST_PINS}, "failed",
                      "pylint-pytest 0.2.0 with pylint 3.0.0"),
                Stack({"pylint-pytest": "0.2.0", "pylint": "4.1.4", **PYLINT_PYTEST_PINS}, "failed",
                      "pylint-pytest 0.2.0 with pylint 4.1.4"),
                Stack({"pylint-pytest": "1.1.2", "pylint": "3.0.0", **PYLINT_PYTEST_PINS}, "failed",
                      "pylint-pytest 1.1.2 with pylint 3.0.0"),
                Stack({"pylint-pytest": "1.1.2", "pylint": "4.1.4", **PYLINT_PYTEST_PINS}, "failed",
                      "pylint-pytest 1.1.2 with pylint 4.1.4"),
                Stack({"pylint-pytest": "0.2.0", "pylint": "2.17.7", **PYLINT_PYTEST_PINS}, "passed",
                      "pylint 2.17.7, just below 3"),
                Stack({"pylint-pytest": "1.1.2", "pylint": "2.17.7", **PYLINT_PYTEST_PINS}, "passed",
                      "pylint 2.17.7, just below 3"),
                # 1.1.3 to 1.1.6 declare pylint<3
                Stack({"pylint-pytest": "1.1.7", "pylint": "3.0.0", **PYLINT_PYTEST_PINS}, "passed",
                      "pylint-pytest 1.1.7, the first release above the range that allows pylint 3"),
                Stack({"pylint-pytest": "0.1.2", "pylint": "3.0.0", **PYLINT_PYTEST_PINS}, "passed",
                      "pylint-pytest 0.1.2, just below the range")),
        wheels=(("pylint-pytest", "0.2.0"), ("pylint-pytest", "1.1.2"), ("pylint-pytest", "1.1.7"))),
    # 0.0.8 to 0.0.17 cannot pass with any flake8 on Python 3.11: their stdlib-list 0.8.0 has no 3.11 module list
    "curated/flake8-alphabetize-0.0.8-0.0.18-flake8-6": Proof(
        check=FLAKE8_CHECK, signature="'string' is not callable",
        stacks=(Stack({"flake8-alphabetize": "0.0.8", "flake8": "6.0.0"}, "failed", "flake8-alphabetize 0.0.8 with flake8 6.0.0"),
                Stack({"flake8-alphabetize": "0.0.8", "flake8": "7.5.0"}, "failed", "flake8-alphabetize 0.0.8 with flake8 7.5.0"),
                Stack({"flake8-alphabetize": "0.0.18", "flake8": "6.0.0"}, "failed", "flake8-alphabetize 0.0.18 with flake8 6.0.0"),
                Stack({"flake8-alphabetize": "0.0.18", "flake8": "7.5.0"}, "failed", "flake8-alphabetize 0.0.18 with flake8 7.5.0"),
                Stack({"flake8-alphabetize": "0.0.18", "flake8": "5.0.4"}, "passed", "flake8 5.0.4, just below 6"),
                Stack({"flake8-alphabetize": "0.0.19", "flake8": "6.0.0"}, "passed", "flake8-alphabetize 0.0.19, just above the range")),
        wheels=(("flake8-alphabetize", "0.0.8"), ("flake8-alphabetize", "0.0.18"), ("flake8-alphabetize", "0.0.19"))),
    "curated/flake8-typing-imports-0.0-1.11-flake8-6": Proof(
        check=FLAKE8_CHECK, signature="'str' is not callable",
        stacks=(Stack({"flake8-typing-imports": "0.0.0", "flake8": "6.0.0"}, "failed", "flake8-typing-imports 0.0.0 with flake8 6.0.0"),
                Stack({"flake8-typing-imports": "0.0.0", "flake8": "7.5.0"}, "failed", "flake8-typing-imports 0.0.0 with flake8 7.5.0"),
                Stack({"flake8-typing-imports": "1.11.0", "flake8": "6.0.0"}, "failed", "flake8-typing-imports 1.11.0 with flake8 6.0.0"),
                Stack({"flake8-typing-imports": "1.11.0", "flake8": "7.5.0"}, "failed", "flake8-typing-imports 1.11.0 with flake8 7.5.0"),
                Stack({"flake8-typing-imports": "0.0.0", "flake8": "5.0.4"}, "passed", "flake8 5.0.4, just below 6"),
                Stack({"flake8-typing-imports": "1.11.0", "flake8": "5.0.4"}, "passed", "flake8 5.0.4, just below 6"),
                Stack({"flake8-typing-imports": "1.12.0", "flake8": "6.0.0"}, "passed", "flake8-typing-imports 1.12.0, just above the range")),
        wheels=(("flake8-typing-imports", "0.0.0"), ("flake8-typing-imports", "1.11.0"), ("flake8-typing-imports", "1.12.0"))),
    # 1.1.0 to 1.1.2 also fail with flake8 5 (the removed ConfigFileFinder), so they pass only with flake8 4;
    # 1.2.2 declares flake8<6
    "curated/pytest-flake8-1.1-1.2.1-flake8-6": Proof(
        check=PYTEST_FLAKE8_CHECK, signature="parse_preliminary_options",
        stacks=(Stack({"pytest-flake8": "1.1.0", "flake8": "6.0.0", **PYTEST_FLAKE8_PINS}, "failed",
                      "pytest-flake8 1.1.0 with flake8 6.0.0"),
                Stack({"pytest-flake8": "1.1.0", "flake8": "7.5.0", **PYTEST_FLAKE8_PINS}, "failed",
                      "pytest-flake8 1.1.0 with flake8 7.5.0"),
                Stack({"pytest-flake8": "1.2.1", "flake8": "6.0.0", **PYTEST_FLAKE8_PINS}, "failed",
                      "pytest-flake8 1.2.1 with flake8 6.0.0"),
                Stack({"pytest-flake8": "1.2.1", "flake8": "7.5.0", **PYTEST_FLAKE8_PINS}, "failed",
                      "pytest-flake8 1.2.1 with flake8 7.5.0"),
                Stack({"pytest-flake8": "1.1.0", "flake8": "4.0.1", **PYTEST_FLAKE8_PINS}, "passed",
                      "pytest-flake8 1.1.0 with flake8 4.0.1 (5.0.4 fails on the removed ConfigFileFinder)"),
                Stack({"pytest-flake8": "1.2.1", "flake8": "5.0.4", **PYTEST_FLAKE8_PINS}, "passed",
                      "flake8 5.0.4, just below 6"),
                Stack({"pytest-flake8": "1.3.0", "flake8": "6.0.0", **PYTEST_FLAKE8_PINS}, "passed",
                      "pytest-flake8 1.3.0, the first release above the range that allows flake8 6")),
        wheels=(("pytest-flake8", "1.1.0"), ("pytest-flake8", "1.2.1"), ("pytest-flake8", "1.3.0"))),
    # no fixed release (0.1.1 is the newest); 0.0.x fail with pytest 7.2 too, on py._xmlgen; 0.1.0 cannot pass on
    # Python >= 3.9 with any pytest (it calls os.environ.putenv)
    "curated/pytest-parallel-0.1-pytest-7.2": Proof(
        check=PYTEST_PARALLEL_CHECK, signature="has no attribute 'log'",
        stacks=(Stack({"pytest-parallel": "0.1.0", "pytest": "7.2.0"}, "failed", "pytest-parallel 0.1.0 with pytest 7.2.0"),
                Stack({"pytest-parallel": "0.1.0", "pytest": "9.2.0"}, "failed", "pytest-parallel 0.1.0 with pytest 9.2.0"),
                Stack({"pytest-parallel": "0.1.1", "pytest": "7.2.0"}, "failed", "pytest-parallel 0.1.1 with pytest 7.2.0"),
                Stack({"pytest-parallel": "0.1.1", "pytest": "9.2.0"}, "failed", "pytest-parallel 0.1.1 with pytest 9.2.0"),
                Stack({"pytest-parallel": "0.1.1", "pytest": "7.1.3"}, "passed", "pytest 7.1.3, just below 7.2")),
        wheels=(("pytest-parallel", "0.1.0"), ("pytest-parallel", "0.1.1"))),
    # flake8 6 and later break these releases on parse_preliminary_options (the rule above)
    "curated/pytest-flake8-1.1-1.1.2-flake8-5": Proof(
        check=PYTEST_FLAKE8_CHECK, signature="ConfigFileFinder",
        stacks=(Stack({"pytest-flake8": "1.1.0", "flake8": "5.0.0", **PYTEST_FLAKE8_PINS}, "failed",
                      "pytest-flake8 1.1.0 with flake8 5.0.0"),
                Stack({"pytest-flake8": "1.1.0", "flake8": "5.0.4", **PYTEST_FLAKE8_PINS}, "failed",
                      "pytest-flake8 1.1.0 with flake8 5.0.4"),
                Stack({"pytest-flake8": "1.1.2", "flake8": "5.0.0", **PYTEST_FLAKE8_PINS}, "failed",
                      "pytest-flake8 1.1.2 with flake8 5.0.0"),
                Stack({"pytest-flake8": "1.1.2", "flake8": "5.0.4", **PYTEST_FLAKE8_PINS}, "failed",
                      "pytest-flake8 1.1.2 with flake8 5.0.4"),
                Stack({"pytest-flake8": "1.1.0", "flake8": "4.0.1", **PYTEST_FLAKE8_PINS}, "passed", "flake8 4.0.1, just below 5"),
                Stack({"pytest-flake8": "1.1.2", "flake8": "4.0.1", **PYTEST_FLAKE8_PINS}, "passed", "flake8 4.0.1, just below 5"),
                Stack({"pytest-flake8": "1.1.3", "flake8": "5.0.0", **PYTEST_FLAKE8_PINS}, "passed",
                      "pytest-flake8 1.1.3, just above the range")),
        wheels=(("pytest-flake8", "1.1.0"), ("pytest-flake8", "1.1.2"), ("pytest-flake8", "1.1.3"))),
    "curated/flake8-bandit-2.1-3.0-flake8-5": Proof(
        check=FLAKE8_CHECK, signature="ConfigFileFinder",
        stacks=(Stack({"flake8-bandit": "2.1.0", "flake8": "5.0.0", **FLAKE8_BANDIT_OLD_PINS}, "failed",
                      "flake8-bandit 2.1.0 with flake8 5.0.0"),
                Stack({"flake8-bandit": "2.1.0", "flake8": "7.5.0", **FLAKE8_BANDIT_OLD_PINS}, "failed",
                      "flake8-bandit 2.1.0 with flake8 7.5.0"),
                Stack({"flake8-bandit": "3.0.0", "flake8": "5.0.0", **FLAKE8_BANDIT_PINS}, "failed",
                      "flake8-bandit 3.0.0 with flake8 5.0.0"),
                Stack({"flake8-bandit": "3.0.0", "flake8": "7.5.0", **FLAKE8_BANDIT_PINS}, "failed",
                      "flake8-bandit 3.0.0 with flake8 7.5.0"),
                Stack({"flake8-bandit": "2.1.0", "flake8": "4.0.1", **FLAKE8_BANDIT_OLD_PINS}, "passed", "flake8 4.0.1, just below 5"),
                Stack({"flake8-bandit": "3.0.0", "flake8": "4.0.1", **FLAKE8_BANDIT_PINS}, "passed", "flake8 4.0.1, just below 5"),
                Stack({"flake8-bandit": "4.1.1", "flake8": "5.0.0", **FLAKE8_BANDIT_PINS}, "passed",
                      "flake8-bandit 4.1.1, the next release")),
        wheels=(("flake8-bandit", "2.1.0"), ("flake8-bandit", "3.0.0"), ("flake8-bandit", "4.1.1")), roots=("pbr",)),
    "curated/imagehash-0.3-4.2.1-pillow-10": Proof(
        check=IMAGEHASH_CHECK, signature="ANTIALIAS", roots=("six",),
        stacks=(Stack({"imagehash": "0.3", "pillow": "10.0.0", **IMAGEHASH_OLD_PINS}, "failed",
                      "ImageHash 0.3 with Pillow 10.0.0"),
                Stack({"imagehash": "4.2.1", "pillow": "10.0.0"}, "failed", "ImageHash 4.2.1 with Pillow 10.0.0"),
                Stack({"imagehash": "4.2.1", "pillow": "13.0.0"}, "failed", "ImageHash 4.2.1 with Pillow 13.0.0"),
                Stack({"imagehash": "4.2.1", "pillow": "9.5.0"}, "passed", "Pillow 9.5.0, just below 10"),
                Stack({"imagehash": "4.3.0", "pillow": "10.0.0"}, "passed", "ImageHash 4.3.0, just above the range"))),
    "curated/captcha-0.4-pillow-10": Proof(
        check=CAPTCHA_CHECK, signature="textsize",
        stacks=(Stack({"captcha": "0.1", "pillow": "10.0.0"}, "failed", "captcha 0.1 with Pillow 10.0.0"),
                Stack({"captcha": "0.4", "pillow": "10.0.0"}, "failed", "captcha 0.4 with Pillow 10.0.0"),
                Stack({"captcha": "0.4", "pillow": "13.0.0"}, "failed", "captcha 0.4 with Pillow 13.0.0"),
                Stack({"captcha": "0.4", "pillow": "9.5.0"}, "passed", "Pillow 9.5.0, just below 10"),
                Stack({"captcha": "0.5.0", "pillow": "10.0.0"}, "passed", "captcha 0.5.0, just above the range"))),
    # Pillow is in the images extra (0.8 does not declare it at all)
    "curated/python-barcode-0.8-0.14-pillow-10": Proof(
        check=BARCODE_IMAGE_CHECK, signature="getsize", roots=("pillow",),
        stacks=(Stack({"python-barcode": "0.8", "pillow": "10.0.0"}, "failed", "python-barcode 0.8 with Pillow 10.0.0"),
                Stack({"python-barcode": "0.14.0", "pillow": "10.0.0"}, "failed",
                      "python-barcode 0.14.0 with Pillow 10.0.0"),
                Stack({"python-barcode": "0.14.0", "pillow": "13.0.0"}, "failed",
                      "python-barcode 0.14.0 with Pillow 13.0.0"),
                Stack({"python-barcode": "0.14.0", "pillow": "9.5.0"}, "passed", "Pillow 9.5.0, just below 10"),
                Stack({"python-barcode": "0.15.1", "pillow": "10.0.0"}, "passed",
                      "python-barcode 0.15.1, just above the range"))),
    # no OpenCV in the stack (MoviePy 1.0 prefers it to Pillow for resizing when it is installed)
    "curated/moviepy-1.0-pillow-10": Proof(
        check=MOVIEPY_RESIZE_CHECK, signature="ANTIALIAS",
        stacks=(Stack({"moviepy": "1.0.0", "pillow": "10.0.0"}, "failed", "MoviePy 1.0.0 with Pillow 10.0.0"),
                Stack({"moviepy": "1.0.3", "pillow": "10.0.0"}, "failed", "MoviePy 1.0.3 with Pillow 10.0.0"),
                Stack({"moviepy": "1.0.3", "pillow": "13.0.0"}, "failed", "MoviePy 1.0.3 with Pillow 13.0.0"),
                Stack({"moviepy": "1.0.3", "pillow": "9.5.0"}, "passed", "Pillow 9.5.0, just below 10"),
                Stack({"moviepy": "2.0.0", "pillow": "10.0.0"}, "passed", "MoviePy 2.0.0, just above the range"))),
    # pilkit 2.0 and earlier declare no dependency on Pillow
    "curated/pilkit-1.1-2.0-pillow-10": Proof(
        check=PILKIT_CHECK, signature="ANTIALIAS", roots=("pillow",),
        stacks=(Stack({"pilkit": "1.1.0", "pillow": "10.0.0"}, "failed", "pilkit 1.1.0 with Pillow 10.0.0"),
                Stack({"pilkit": "2.0", "pillow": "10.0.0"}, "failed", "pilkit 2.0 with Pillow 10.0.0"),
                Stack({"pilkit": "2.0", "pillow": "13.0.0"}, "failed", "pilkit 2.0 with Pillow 13.0.0"),
                Stack({"pilkit": "2.0", "pillow": "9.5.0"}, "passed", "Pillow 9.5.0, just below 10"),
                Stack({"pilkit": "3.0", "pillow": "10.0.0"}, "passed", "pilkit 3.0, just above the range"))),
    # fabulous declares no dependency on Pillow; no release after 0.4.0
    "curated/fabulous-0.3-0.4-pillow-10": Proof(
        check=FABULOUS_TEXT_CHECK, signature="getsize", roots=("pillow",),
        stacks=(Stack({"fabulous": "0.3.0", "pillow": "10.0.0"}, "failed", "fabulous 0.3.0 with Pillow 10.0.0"),
                Stack({"fabulous": "0.4.0", "pillow": "10.0.0"}, "failed", "fabulous 0.4.0 with Pillow 10.0.0"),
                Stack({"fabulous": "0.4.0", "pillow": "13.0.0"}, "failed", "fabulous 0.4.0 with Pillow 13.0.0"),
                Stack({"fabulous": "0.4.0", "pillow": "9.5.0"}, "passed", "Pillow 9.5.0, just below 10"))),
    # sorl-thumbnail declares neither Django nor Pillow, and imports pkg_resources (setuptools below 82)
    "curated/sorl-thumbnail-12.3-12.8-pillow-10": Proof(
        check=SORL_ENGINE_CHECK, signature="ANTIALIAS", roots=("django", "pillow", "setuptools"),
        stacks=(Stack({"sorl-thumbnail": "12.3", "pillow": "10.0.0", "django": "2.2.28", "setuptools": "80.9.0"},
                      "failed", "sorl-thumbnail 12.3 with Pillow 10.0.0"),
                Stack({"sorl-thumbnail": "12.8.0", "pillow": "10.0.0", "django": "4.2.17", "setuptools": "80.9.0"},
                      "failed", "sorl-thumbnail 12.8.0 with Pillow 10.0.0"),
                Stack({"sorl-thumbnail": "12.8.0", "pillow": "13.0.0", "django": "4.2.17", "setuptools": "80.9.0"},
                      "failed", "sorl-thumbnail 12.8.0 with Pillow 13.0.0"),
                Stack({"sorl-thumbnail": "12.8.0", "pillow": "9.5.0", "django": "4.2.17", "setuptools": "80.9.0"},
                      "passed", "Pillow 9.5.0, just below 10"),
                Stack({"sorl-thumbnail": "12.9.0", "pillow": "10.0.0", "django": "4.2.17", "setuptools": "80.9.0"},
                      "passed", "sorl-thumbnail 12.9.0, just above the range"))),
    # 2.4.x run with Django 2.2 (earlier releases need an older Django)
    "curated/easy-thumbnails-2.4-2.8.3-pillow-10": Proof(
        check=EASY_THUMBNAILS_CHECK, signature="ANTIALIAS",
        stacks=(Stack({"easy-thumbnails": "2.4.1", "pillow": "10.0.0", "django": "2.2.28"}, "failed",
                      "easy-thumbnails 2.4.1 with Pillow 10.0.0"),
                Stack({"easy-thumbnails": "2.8.3", "pillow": "10.0.0"}, "failed", "easy-thumbnails 2.8.3 with Pillow 10.0.0"),
                Stack({"easy-thumbnails": "2.8.3", "pillow": "13.0.0"}, "failed", "easy-thumbnails 2.8.3 with Pillow 13.0.0"),
                Stack({"easy-thumbnails": "2.8.3", "pillow": "9.5.0"}, "passed", "Pillow 9.5.0, just below 10"),
                Stack({"easy-thumbnails": "2.8.4", "pillow": "10.0.0"}, "passed",
                      "easy-thumbnails 2.8.4, just above the range"))),
    # faker-file declares no dependency on Pillow
    "curated/faker-file-0.17.8-0.17.12-pillow-10": Proof(
        check=FAKER_FILE_PIL_CHECK, signature="textsize", roots=("pillow",),
        stacks=(Stack({"faker-file": "0.17.8", "pillow": "10.0.0"}, "failed", "faker-file 0.17.8 with Pillow 10.0.0"),
                Stack({"faker-file": "0.17.12", "pillow": "10.0.0"}, "failed", "faker-file 0.17.12 with Pillow 10.0.0"),
                Stack({"faker-file": "0.17.12", "pillow": "13.0.0"}, "failed", "faker-file 0.17.12 with Pillow 13.0.0"),
                Stack({"faker-file": "0.17.12", "pillow": "9.5.0"}, "passed", "Pillow 9.5.0, just below 10"),
                Stack({"faker-file": "0.17.13", "pillow": "10.0.0"}, "passed", "faker-file 0.17.13, just above the range"),
                Stack({"faker-file": "0.17.7", "pillow": "10.0.0"}, "passed", "faker-file 0.17.7, just below the range"))),
    "curated/robohash-1-pillow-10": Proof(
        check=ROBOHASH_CHECK, signature="ANTIALIAS",
        stacks=(Stack({"robohash": "1.0", "pillow": "10.0.0"}, "failed", "Robohash 1.0 with Pillow 10.0.0"),
                Stack({"robohash": "1.1", "pillow": "10.0.0"}, "failed", "Robohash 1.1 with Pillow 10.0.0"),
                Stack({"robohash": "1.1", "pillow": "13.0.0"}, "failed", "Robohash 1.1 with Pillow 13.0.0"),
                Stack({"robohash": "1.1", "pillow": "9.5.0"}, "passed", "Pillow 9.5.0, just below 10"),
                Stack({"robohash": "2.0", "pillow": "10.0.0"}, "passed", "Robohash 2.0, just above the range"))),
    "curated/spectree-0.3.11-1.1.4-pydantic-2": Proof(
        check=SPECTREE_CHECK, signature="__root__",
        stacks=(Stack({"spectree": "0.3.11", "pydantic": "2.0"}, "failed", "spectree 0.3.11 with pydantic 2.0"),
                Stack({"spectree": "0.3.11", "pydantic": "2.14.4"}, "failed", "spectree 0.3.11 with pydantic 2.14.4"),
                Stack({"spectree": "1.1.4", "pydantic": "2.0"}, "failed", "spectree 1.1.4 with pydantic 2.0"),
                Stack({"spectree": "1.1.4", "pydantic": "2.14.4"}, "failed", "spectree 1.1.4 with pydantic 2.14.4"),
                Stack({"spectree": "0.3.11", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"spectree": "1.1.4", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"spectree": "0.3.10", "pydantic": "2.14.4"}, "passed", "spectree 0.3.10, below the range"),
                Stack({"spectree": "1.2.0", "pydantic": "2.14.4"}, "passed",
                      "spectree 1.2.0, the first release above the range that allows pydantic 2"))),
    "curated/fastapi-jwt-auth-0.3-0.5-pydantic-2": Proof(
        check=FASTAPI_JWT_AUTH_CHECK, signature="each_item=True",
        stacks=(Stack({"fastapi-jwt-auth": "0.3.0", "pydantic": "2.0.2", **FASTAPI_JWT_AUTH_PINS}, "failed",
                      "fastapi-jwt-auth 0.3.0 with pydantic 2.0.2"),
                Stack({"fastapi-jwt-auth": "0.3.0", "pydantic": "2.14.4", **FASTAPI_JWT_AUTH_PINS}, "failed",
                      "fastapi-jwt-auth 0.3.0 with pydantic 2.14.4"),
                Stack({"fastapi-jwt-auth": "0.5.0", "pydantic": "2.0.2", **FASTAPI_JWT_AUTH_PINS}, "failed",
                      "fastapi-jwt-auth 0.5.0 with pydantic 2.0.2"),
                Stack({"fastapi-jwt-auth": "0.5.0", "pydantic": "2.14.4", **FASTAPI_JWT_AUTH_PINS}, "failed",
                      "fastapi-jwt-auth 0.5.0 with pydantic 2.14.4"),
                Stack({"fastapi-jwt-auth": "0.3.0", "pydantic": "1.10.27", **FASTAPI_JWT_AUTH_PINS}, "passed",
                      "pydantic 1.10.27, below 2"),
                Stack({"fastapi-jwt-auth": "0.5.0", "pydantic": "1.10.27", **FASTAPI_JWT_AUTH_PINS}, "passed",
                      "pydantic 1.10.27, below 2"))),
    "curated/pydantic-factories-0.4-1.5.0-pydantic-2": Proof(
        check=PYDANTIC_FACTORIES_CHECK, signature="ModelField",
        stacks=(Stack({"pydantic-factories": "0.4.0", "pydantic": "2.0"}, "failed", "pydantic-factories 0.4.0 with pydantic 2.0"),
                Stack({"pydantic-factories": "0.4.0", "pydantic": "2.14.4"}, "failed",
                      "pydantic-factories 0.4.0 with pydantic 2.14.4"),
                Stack({"pydantic-factories": "1.5.0", "pydantic": "2.0"}, "failed",
                      "pydantic-factories 1.5.0 with pydantic 2.0"),
                Stack({"pydantic-factories": "1.5.0", "pydantic": "2.14.4"}, "failed",
                      "pydantic-factories 1.5.0 with pydantic 2.14.4"),
                Stack({"pydantic-factories": "0.4.0", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"pydantic-factories": "1.5.0", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"))),
    "curated/pydantic-factories-1.5.1-1.17.3-pydantic-2": Proof(
        check=PYDANTIC_FACTORIES_CHECK, signature="ConstrainedBytes",
        stacks=(Stack({"pydantic-factories": "1.5.1", "pydantic": "2.0"}, "failed", "pydantic-factories 1.5.1 with pydantic 2.0"),
                Stack({"pydantic-factories": "1.5.1", "pydantic": "2.14.4"}, "failed",
                      "pydantic-factories 1.5.1 with pydantic 2.14.4"),
                Stack({"pydantic-factories": "1.17.3", "pydantic": "2.0"}, "failed",
                      "pydantic-factories 1.17.3 with pydantic 2.0"),
                Stack({"pydantic-factories": "1.17.3", "pydantic": "2.14.4"}, "failed",
                      "pydantic-factories 1.17.3 with pydantic 2.14.4"),
                Stack({"pydantic-factories": "1.5.1", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"pydantic-factories": "1.17.3", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"))),
    "curated/environs-2.1.1-8.0-marshmallow-4": Proof(
        check=ENVIRONS_CHECK, signature="__version__",
        stacks=(Stack({"environs": "2.1.1", "marshmallow": "4.0.0"}, "failed", "environs 2.1.1 with marshmallow 4.0.0"),
                Stack({"environs": "2.1.1", "marshmallow": "4.4.0"}, "failed", "environs 2.1.1 with marshmallow 4.4.0"),
                Stack({"environs": "8.0.0", "marshmallow": "4.0.0"}, "failed", "environs 8.0.0 with marshmallow 4.0.0"),
                Stack({"environs": "8.0.0", "marshmallow": "4.4.0"}, "failed", "environs 8.0.0 with marshmallow 4.4.0"),
                Stack({"environs": "2.1.1", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"environs": "8.0.0", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"environs": "11.0.0", "marshmallow": "4.0.0"}, "passed",
                      "environs 11.0.0, the first release that works with marshmallow 4 (8.1 to 10.3 fail otherwise)"))),
    "curated/environs-9.3.3-10.3-marshmallow-4": Proof(
        check=ENVIRONS_CHECK, signature="__version_info__",
        stacks=(Stack({"environs": "9.3.3", "marshmallow": "4.0.0"}, "failed", "environs 9.3.3 with marshmallow 4.0.0"),
                Stack({"environs": "9.3.3", "marshmallow": "4.4.0"}, "failed", "environs 9.3.3 with marshmallow 4.4.0"),
                Stack({"environs": "10.3.0", "marshmallow": "4.0.0"}, "failed", "environs 10.3.0 with marshmallow 4.0.0"),
                Stack({"environs": "10.3.0", "marshmallow": "4.4.0"}, "failed", "environs 10.3.0 with marshmallow 4.4.0"),
                Stack({"environs": "9.3.3", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"environs": "10.3.0", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"environs": "11.0.0", "marshmallow": "4.0.0"}, "passed",
                      "environs 11.0.0, the first release above the range, works with marshmallow 4"))),
    "curated/webargs-5.3.1-6.1.1-marshmallow-4": Proof(
        check=WEBARGS_CHECK, signature="__version__",
        stacks=(Stack({"webargs": "5.3.1", "marshmallow": "4.0.0"}, "failed", "webargs 5.3.1 with marshmallow 4.0.0"),
                Stack({"webargs": "5.3.1", "marshmallow": "4.4.0"}, "failed", "webargs 5.3.1 with marshmallow 4.4.0"),
                Stack({"webargs": "6.1.1", "marshmallow": "4.0.0"}, "failed", "webargs 6.1.1 with marshmallow 4.0.0"),
                Stack({"webargs": "6.1.1", "marshmallow": "4.4.0"}, "failed", "webargs 6.1.1 with marshmallow 4.4.0"),
                Stack({"webargs": "5.3.1", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"webargs": "6.1.1", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"webargs": "7.0.0", "marshmallow": "4.0.0"}, "passed",
                      "webargs 7.0.0, the first release above the range, imports with marshmallow 4"))),
    "curated/environs-9.1-9.3.2-marshmallow-4": Proof(
        check=ENVIRONS_CHECK, signature="unexpected keyword argument 'missing'",
        stacks=(Stack({"environs": "9.1.0", "marshmallow": "4.0.0"}, "failed", "environs 9.1.0 with marshmallow 4.0.0"),
                Stack({"environs": "9.1.0", "marshmallow": "4.4.0"}, "failed", "environs 9.1.0 with marshmallow 4.4.0"),
                Stack({"environs": "9.3.2", "marshmallow": "4.0.0"}, "failed", "environs 9.3.2 with marshmallow 4.0.0"),
                Stack({"environs": "9.3.2", "marshmallow": "4.4.0"}, "failed", "environs 9.3.2 with marshmallow 4.4.0"),
                Stack({"environs": "9.1.0", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"),
                Stack({"environs": "9.3.2", "marshmallow": "3.26.2"}, "passed", "marshmallow 3.26.2, just below 4"))),
    "curated/quart-schema-0.13-0.16-pydantic-2": Proof(
        check=QUART_SCHEMA_CHECK, signature="model_schema",
        stacks=(Stack({"quart-schema": "0.13.0", "pydantic": "2.0", **QUART_SCHEMA_PINS}, "failed",
                      "quart-schema 0.13.0 with pydantic 2.0"),
                Stack({"quart-schema": "0.13.0", "pydantic": "2.14.4", **QUART_SCHEMA_PINS}, "failed",
                      "quart-schema 0.13.0 with pydantic 2.14.4"),
                Stack({"quart-schema": "0.16.0", "pydantic": "2.0", **QUART_SCHEMA_PINS}, "failed",
                      "quart-schema 0.16.0 with pydantic 2.0"),
                Stack({"quart-schema": "0.16.0", "pydantic": "2.14.4", **QUART_SCHEMA_PINS}, "failed",
                      "quart-schema 0.16.0 with pydantic 2.14.4"),
                Stack({"quart-schema": "0.13.0", "pydantic": "1.10.27", **QUART_SCHEMA_PINS}, "passed",
                      "pydantic 1.10.27, below 2"),
                Stack({"quart-schema": "0.16.0", "pydantic": "1.10.27", **QUART_SCHEMA_PINS}, "passed",
                      "pydantic 1.10.27, below 2"),
                Stack({"quart-schema": "0.17.0", "pydantic": "2.14.4", **QUART_SCHEMA_PINS}, "passed",
                      "quart-schema 0.17.0, the first release above the range, supports pydantic 2"))),
    "curated/async-fastapi-jwt-auth-0.5-pydantic-2": Proof(
        check=ASYNC_FASTAPI_JWT_AUTH_CHECK, signature="each_item=True",
        stacks=(Stack({"async-fastapi-jwt-auth": "0.5.1", "pydantic": "2.0.2", **ASYNC_FASTAPI_JWT_AUTH_PINS}, "failed",
                      "async-fastapi-jwt-auth 0.5.1 with pydantic 2.0.2"),
                Stack({"async-fastapi-jwt-auth": "0.5.1", "pydantic": "2.14.4", **ASYNC_FASTAPI_JWT_AUTH_PINS}, "failed",
                      "async-fastapi-jwt-auth 0.5.1 with pydantic 2.14.4"),
                Stack({"async-fastapi-jwt-auth": "0.5.1", "pydantic": "1.10.27", **ASYNC_FASTAPI_JWT_AUTH_PINS}, "passed",
                      "pydantic 1.10.27, below 2"),
                Stack({"async-fastapi-jwt-auth": "0.6", "pydantic": "2.14.4", **ASYNC_FASTAPI_JWT_AUTH_PINS}, "passed",
                      "async-fastapi-jwt-auth 0.6, the first release above the range, supports pydantic 2"))),
    "curated/pyfa-converter-1.0-pydantic-2": Proof(
        check=PYFA_CONVERTER_CHECK, signature="ModelField",
        stacks=(Stack({"pyfa-converter": "1.0.1.0", "pydantic": "2.0.2", **PYFA_CONVERTER_PINS}, "failed",
                      "pyfa-converter 1.0.1.0 with pydantic 2.0.2"),
                Stack({"pyfa-converter": "1.0.1.0", "pydantic": "2.14.4", **PYFA_CONVERTER_PINS}, "failed",
                      "pyfa-converter 1.0.1.0 with pydantic 2.14.4"),
                Stack({"pyfa-converter": "1.0.5.0", "pydantic": "2.0.2", **PYFA_CONVERTER_PINS}, "failed",
                      "pyfa-converter 1.0.5.0 with pydantic 2.0.2"),
                Stack({"pyfa-converter": "1.0.5.0", "pydantic": "2.14.4", **PYFA_CONVERTER_PINS}, "failed",
                      "pyfa-converter 1.0.5.0 with pydantic 2.14.4"),
                Stack({"pyfa-converter": "1.0.1.0", "pydantic": "1.10.27", **PYFA_CONVERTER_PINS}, "passed",
                      "pydantic 1.10.27, below 2"),
                Stack({"pyfa-converter": "1.0.5.0", "pydantic": "1.10.27", **PYFA_CONVERTER_PINS}, "passed",
                      "pydantic 1.10.27, below 2"))),
    "curated/mne-1.6-1.9-scipy-1.17": Proof(
        check=MNE_RAW_CHECK, signature="sph_harm",
        stacks=(Stack({"mne": "1.6.0", "scipy": "1.17.0", **MNE_SCIPY_PINS}, "failed", "mne 1.6.0 with SciPy 1.17.0"),
                Stack({"mne": "1.6.0", "scipy": "1.17.1", **MNE_SCIPY_PINS}, "failed", "mne 1.6.0 with SciPy 1.17.1"),
                Stack({"mne": "1.9.0", "scipy": "1.17.0", **MNE_SCIPY_PINS}, "failed", "mne 1.9.0 with SciPy 1.17.0"),
                Stack({"mne": "1.9.0", "scipy": "1.17.1", **MNE_SCIPY_PINS}, "failed", "mne 1.9.0 with SciPy 1.17.1"),
                Stack({"mne": "1.6.0", "scipy": "1.16.3", **MNE_SCIPY_PINS}, "passed", "mne 1.6.0 with SciPy 1.16.3, just below 1.17"),
                Stack({"mne": "1.9.0", "scipy": "1.16.3", **MNE_SCIPY_PINS}, "passed", "mne 1.9.0 with SciPy 1.16.3, just below 1.17"),
                Stack({"mne": "1.10.0", "scipy": "1.17.0", **MNE_SCIPY_PINS}, "passed", "mne 1.10.0, just above the range"))),
    "curated/prophet-1.1.3-1.2.0-cmdstanpy-1.3": Proof(
        check=PROPHET_BACKEND_CHECK, signature="stan_backend",
        stacks=(Stack({"prophet": "1.1.3", "cmdstanpy": "1.3.0", **PROPHET_CMDSTANPY_PINS}, "failed",
                      "prophet 1.1.3 with cmdstanpy 1.3.0"),
                Stack({"prophet": "1.1.3", "cmdstanpy": "1.3.2", **PROPHET_CMDSTANPY_PINS}, "failed",
                      "prophet 1.1.3 with cmdstanpy 1.3.2"),
                Stack({"prophet": "1.2.0", "cmdstanpy": "1.3.0", **PROPHET_CMDSTANPY_PINS}, "failed",
                      "prophet 1.2.0 with cmdstanpy 1.3.0"),
                Stack({"prophet": "1.2.0", "cmdstanpy": "1.3.2", **PROPHET_CMDSTANPY_PINS}, "failed",
                      "prophet 1.2.0 with cmdstanpy 1.3.2"),
                Stack({"prophet": "1.1.3", "cmdstanpy": "1.2.5", **PROPHET_CMDSTANPY_PINS}, "passed",
                      "prophet 1.1.3 with cmdstanpy 1.2.5, just below 1.3"),
                Stack({"prophet": "1.2.0", "cmdstanpy": "1.2.5", **PROPHET_CMDSTANPY_PINS}, "passed",
                      "prophet 1.2.0 with cmdstanpy 1.2.5, just below 1.3"),
                Stack({"prophet": "1.2.1", "cmdstanpy": "1.3.0", **PROPHET_CMDSTANPY_PINS}, "passed",
                      "prophet 1.2.1, just above the range")),
        wheels=(("prophet", "1.1.3"), ("prophet", "1.2.0"))),
    "curated/sisl-0.13-0.16.2-scipy-1.17": Proof(
        check=SISL_CHECK, signature="sph_harm",
        stacks=(Stack({"sisl": "0.13.0", "scipy": "1.17.0", **SCIPY_117_PINS}, "failed", "sisl 0.13.0 with SciPy 1.17.0"),
                Stack({"sisl": "0.13.0", "scipy": "1.17.1", **SCIPY_117_PINS}, "failed", "sisl 0.13.0 with SciPy 1.17.1"),
                Stack({"sisl": "0.16.2", "scipy": "1.17.0", **SCIPY_117_PINS}, "failed", "sisl 0.16.2 with SciPy 1.17.0"),
                Stack({"sisl": "0.16.2", "scipy": "1.17.1", **SCIPY_117_PINS}, "failed", "sisl 0.16.2 with SciPy 1.17.1"),
                Stack({"sisl": "0.13.0", "scipy": "1.16.3", **SCIPY_117_PINS}, "passed", "sisl 0.13.0 with SciPy 1.16.3, just below 1.17"),
                Stack({"sisl": "0.16.2", "scipy": "1.16.3", **SCIPY_117_PINS}, "passed", "sisl 0.16.2 with SciPy 1.16.3, just below 1.17"),
                Stack({"sisl": "0.16.4", "scipy": "1.17.0", **SCIPY_117_PINS}, "passed", "sisl 0.16.4, just above the range"))),
    "curated/kymatio-0.2-scipy-1.17": Proof(
        check=KYMATIO_CHECK, signature="sph_harm",
        stacks=(Stack({"kymatio": "0.2.0", "scipy": "1.17.0", **SCIPY_117_PINS}, "failed", "kymatio 0.2.0 with SciPy 1.17.0"),
                Stack({"kymatio": "0.2.0", "scipy": "1.17.1", **SCIPY_117_PINS}, "failed", "kymatio 0.2.0 with SciPy 1.17.1"),
                Stack({"kymatio": "0.3.0", "scipy": "1.17.0", **SCIPY_117_PINS}, "failed", "kymatio 0.3.0 with SciPy 1.17.0"),
                Stack({"kymatio": "0.3.0", "scipy": "1.17.1", **SCIPY_117_PINS}, "failed", "kymatio 0.3.0 with SciPy 1.17.1"),
                Stack({"kymatio": "0.2.0", "scipy": "1.16.3", **SCIPY_117_PINS}, "passed", "kymatio 0.2.0 with SciPy 1.16.3, just below 1.17"),
                Stack({"kymatio": "0.3.0", "scipy": "1.16.3", **SCIPY_117_PINS}, "passed", "kymatio 0.3.0 with SciPy 1.16.3, just below 1.17"))),
    "curated/dipy-1.7-1.10-scipy-1.17": Proof(
        check=DIPY_SH_CHECK, signature="sph_harm",
        stacks=(Stack({"dipy": "1.7.0", "scipy": "1.17.0", **SCIPY_117_PINS}, "failed", "dipy 1.7.0 with SciPy 1.17.0"),
                Stack({"dipy": "1.7.0", "scipy": "1.17.1", **SCIPY_117_PINS}, "failed", "dipy 1.7.0 with SciPy 1.17.1"),
                Stack({"dipy": "1.10.0", "scipy": "1.17.0", **SCIPY_117_PINS}, "failed", "dipy 1.10.0 with SciPy 1.17.0"),
                Stack({"dipy": "1.10.0", "scipy": "1.17.1", **SCIPY_117_PINS}, "failed", "dipy 1.10.0 with SciPy 1.17.1"),
                Stack({"dipy": "1.7.0", "scipy": "1.16.3", **SCIPY_117_PINS}, "passed", "dipy 1.7.0 with SciPy 1.16.3, just below 1.17"),
                Stack({"dipy": "1.10.0", "scipy": "1.16.3", **SCIPY_117_PINS}, "passed", "dipy 1.10.0 with SciPy 1.16.3, just below 1.17"),
                Stack({"dipy": "1.11.0", "scipy": "1.17.0", **SCIPY_117_PINS}, "passed", "dipy 1.11.0, just above the range"))),
    "curated/spaudiopy-0.2-scipy-1.17": Proof(
        check=SPAUDIOPY_SH_CHECK, signature="sph_harm",
        stacks=(Stack({"spaudiopy": "0.2.0", "scipy": "1.17.0", **SPAUDIOPY_PINS}, "failed", "spaudiopy 0.2.0 with SciPy 1.17.0"),
                Stack({"spaudiopy": "0.2.0", "scipy": "1.17.1", **SPAUDIOPY_PINS}, "failed", "spaudiopy 0.2.0 with SciPy 1.17.1"),
                Stack({"spaudiopy": "0.2.0", "scipy": "1.16.3", **SPAUDIOPY_PINS}, "passed",
                      "spaudiopy 0.2.0 with SciPy 1.16.3, just below 1.17"))),
    # altair 3.x does not import on Python >= 3.10 (collections.Mapping), so the range starts at 4.0.0
    "curated/altair-4.0-4.2.0-pandas-2": Proof(
        check=ALTAIR_PANDAS_CHECK, signature="iteritems",
        stacks=(Stack({"altair": "4.0.0", "pandas": "2.0.0", **ALTAIR_PANDAS_PINS}, "failed",
                      "altair 4.0.0 with pandas 2.0.0"),
                Stack({"altair": "4.0.0", "pandas": "3.1.1", **ALTAIR_PANDAS3_PINS}, "failed",
                      "altair 4.0.0 with pandas 3.1.1"),
                Stack({"altair": "4.2.0", "pandas": "2.0.0", **ALTAIR_PANDAS_PINS}, "failed",
                      "altair 4.2.0 with pandas 2.0.0"),
                Stack({"altair": "4.2.0", "pandas": "3.1.1", **ALTAIR_PANDAS3_PINS}, "failed",
                      "altair 4.2.0 with pandas 3.1.1"),
                Stack({"altair": "4.0.0", "pandas": "1.5.3", **ALTAIR_PANDAS_PINS}, "passed",
                      "altair 4.0.0 with pandas 1.5.3, just below 2.0"),
                Stack({"altair": "4.2.0", "pandas": "1.5.3", **ALTAIR_PANDAS_PINS}, "passed",
                      "altair 4.2.0 with pandas 1.5.3, just below 2.0"),
                Stack({"altair": "4.2.1", "pandas": "2.0.0", **ALTAIR_PANDAS_PINS}, "passed",
                      "altair 4.2.1, just above the range"))),
    # seaborn 0.11.1 and older never set the option; 0.12.2 sets mode.use_inf_as_na (which pandas 3 removed in turn)
    "curated/seaborn-0.11.2-0.12.1-pandas-2": Proof(
        check=SEABORN_PANDAS_CHECK, signature="use_inf_as_null",
        stacks=(Stack({"seaborn": "0.11.2", "pandas": "2.0.0", "scipy": "1.13.1", **SEABORN_PANDAS_PINS}, "failed",
                      "seaborn 0.11.2 with pandas 2.0.0"),
                Stack({"seaborn": "0.11.2", "pandas": "3.1.1", "scipy": "1.15.3", **SEABORN_PANDAS3_PINS}, "failed",
                      "seaborn 0.11.2 with pandas 3.1.1"),
                Stack({"seaborn": "0.12.1", "pandas": "2.0.0", **SEABORN_PANDAS_PINS}, "failed",
                      "seaborn 0.12.1 with pandas 2.0.0"),
                Stack({"seaborn": "0.12.1", "pandas": "3.1.1", **SEABORN_PANDAS3_PINS}, "failed",
                      "seaborn 0.12.1 with pandas 3.1.1"),
                Stack({"seaborn": "0.11.2", "pandas": "1.5.3", "scipy": "1.13.1", **SEABORN_PANDAS_PINS}, "passed",
                      "seaborn 0.11.2 with pandas 1.5.3, just below 2.0"),
                Stack({"seaborn": "0.12.1", "pandas": "1.5.3", **SEABORN_PANDAS_PINS}, "passed",
                      "seaborn 0.12.1 with pandas 1.5.3, just below 2.0"),
                Stack({"seaborn": "0.12.2", "pandas": "2.0.0", **SEABORN_PANDAS_PINS}, "passed",
                      "seaborn 0.12.2, just above the range"))),
    "curated/lifelines-0.25.1-0.27.2-pandas-2": Proof(
        check=LIFELINES_PANDAS_CHECK, signature="iteritems",
        stacks=(Stack({"lifelines": "0.25.1", "pandas": "2.0.0", **LIFELINES_PANDAS_PINS}, "failed",
                      "lifelines 0.25.1 with pandas 2.0.0"),
                Stack({"lifelines": "0.25.1", "pandas": "3.1.1", **LIFELINES_PANDAS3_PINS}, "failed",
                      "lifelines 0.25.1 with pandas 3.1.1"),
                Stack({"lifelines": "0.27.2", "pandas": "2.0.0", **LIFELINES_PANDAS_PINS}, "failed",
                      "lifelines 0.27.2 with pandas 2.0.0"),
                Stack({"lifelines": "0.27.2", "pandas": "3.1.1", **LIFELINES_PANDAS3_PINS}, "failed",
                      "lifelines 0.27.2 with pandas 3.1.1"),
                Stack({"lifelines": "0.25.1", "pandas": "1.5.3", **LIFELINES_PANDAS_PINS}, "passed",
                      "lifelines 0.25.1 with pandas 1.5.3, just below 2.0"),
                Stack({"lifelines": "0.27.2", "pandas": "1.5.3", **LIFELINES_PANDAS_PINS}, "passed",
                      "lifelines 0.27.2 with pandas 1.5.3, just below 2.0"),
                Stack({"lifelines": "0.27.5", "pandas": "2.0.0", **LIFELINES_PANDAS_PINS}, "passed",
                      "lifelines 0.27.5, the first release that works with pandas 2"))),
    # 0.27.3 requires Python != 3.11, so the range is the one release
    "curated/lifelines-0.27.4-pandas-2": Proof(
        check=LIFELINES_PANDAS_CHECK, signature="datetime_is_numeric",
        stacks=(Stack({"lifelines": "0.27.4", "pandas": "2.0.0", **LIFELINES_PANDAS_PINS}, "failed",
                      "lifelines 0.27.4 with pandas 2.0.0"),
                Stack({"lifelines": "0.27.4", "pandas": "3.1.1", **LIFELINES_PANDAS3_PINS}, "failed",
                      "lifelines 0.27.4 with pandas 3.1.1"),
                Stack({"lifelines": "0.27.4", "pandas": "1.5.3", **LIFELINES_PANDAS_PINS}, "passed",
                      "lifelines 0.27.4 with pandas 1.5.3, just below 2.0"),
                Stack({"lifelines": "0.27.5", "pandas": "2.0.0", **LIFELINES_PANDAS_PINS}, "passed",
                      "lifelines 0.27.5, just above the range"))),
    "curated/sidetable-0.4-0.9.0-pandas-2": Proof(
        check=SIDETABLE_CHECK, signature="append",
        stacks=(Stack({"sidetable": "0.4.0", "pandas": "2.0.0", "numpy": "1.26.4"}, "failed",
                      "sidetable 0.4.0 with pandas 2.0.0"),
                Stack({"sidetable": "0.4.0", "pandas": "3.1.1", "numpy": "2.2.6"}, "failed",
                      "sidetable 0.4.0 with pandas 3.1.1"),
                Stack({"sidetable": "0.9.0", "pandas": "2.0.0", "numpy": "1.26.4"}, "failed",
                      "sidetable 0.9.0 with pandas 2.0.0"),
                Stack({"sidetable": "0.9.0", "pandas": "3.1.1", "numpy": "2.2.6"}, "failed",
                      "sidetable 0.9.0 with pandas 3.1.1"),
                Stack({"sidetable": "0.4.0", "pandas": "1.5.3", "numpy": "1.26.4"}, "passed",
                      "sidetable 0.4.0 with pandas 1.5.3, just below 2.0"),
                Stack({"sidetable": "0.9.0", "pandas": "1.5.3", "numpy": "1.26.4"}, "passed",
                      "sidetable 0.9.0 with pandas 1.5.3, just below 2.0"),
                Stack({"sidetable": "0.9.1", "pandas": "2.0.0", "numpy": "1.26.4"}, "passed",
                      "sidetable 0.9.1, just above the range"))),
    "curated/ansible-2.9-2.9.21-jinja2-3.1": Proof(
        check=ANSIBLE_FILTER_CHECK, signature="environmentfilter",
        stacks=(Stack({"ansible": "2.9.0", "jinja2": "3.1.0", **MARKUPSAFE}, "failed", "ansible 2.9.0 with Jinja2 3.1.0"),
                Stack({"ansible": "2.9.0", "jinja2": "3.1.6", **MARKUPSAFE}, "failed", "ansible 2.9.0 with Jinja2 3.1.6"),
                Stack({"ansible": "2.9.21", "jinja2": "3.1.0", **MARKUPSAFE}, "failed", "ansible 2.9.21 with Jinja2 3.1.0"),
                Stack({"ansible": "2.9.21", "jinja2": "3.1.6", **MARKUPSAFE}, "failed", "ansible 2.9.21 with Jinja2 3.1.6"),
                Stack({"ansible": "2.9.0", "jinja2": "3.0.3", **MARKUPSAFE}, "passed", "Jinja2 3.0.3, just below 3.1"),
                Stack({"ansible": "2.9.21", "jinja2": "3.0.3", **MARKUPSAFE}, "passed", "Jinja2 3.0.3, just below 3.1"),
                Stack({"ansible": "2.9.22", "jinja2": "3.1.0", **MARKUPSAFE}, "passed", "ansible 2.9.22, just above the range"),
                Stack({"ansible": "2.9.22", "jinja2": "3.1.6", **MARKUPSAFE}, "passed", "ansible 2.9.22 with the newest Jinja2"))),
    "curated/ansible-base-2.10-2.10.9-jinja2-3.1": Proof(
        check=ANSIBLE_FILTER_CHECK, signature="environmentfilter",
        stacks=(Stack({"ansible-base": "2.10.0", "jinja2": "3.1.0", **MARKUPSAFE}, "failed", "ansible-base 2.10.0 with Jinja2 3.1.0"),
                Stack({"ansible-base": "2.10.0", "jinja2": "3.1.6", **MARKUPSAFE}, "failed", "ansible-base 2.10.0 with Jinja2 3.1.6"),
                Stack({"ansible-base": "2.10.9", "jinja2": "3.1.0", **MARKUPSAFE}, "failed", "ansible-base 2.10.9 with Jinja2 3.1.0"),
                Stack({"ansible-base": "2.10.9", "jinja2": "3.1.6", **MARKUPSAFE}, "failed", "ansible-base 2.10.9 with Jinja2 3.1.6"),
                Stack({"ansible-base": "2.10.0", "jinja2": "3.0.3", **MARKUPSAFE}, "passed", "Jinja2 3.0.3, just below 3.1"),
                Stack({"ansible-base": "2.10.9", "jinja2": "3.0.3", **MARKUPSAFE}, "passed", "Jinja2 3.0.3, just below 3.1"),
                Stack({"ansible-base": "2.10.10", "jinja2": "3.1.0", **MARKUPSAFE}, "passed", "ansible-base 2.10.10, just above the range"),
                Stack({"ansible-base": "2.10.10", "jinja2": "3.1.6", **MARKUPSAFE}, "passed", "ansible-base 2.10.10 with the newest Jinja2"))),
    "curated/ansible-core-2.11.0-jinja2-3.1": Proof(
        check=ANSIBLE_FILTER_CHECK, signature="environmentfilter",
        stacks=(Stack({"ansible-core": "2.11.0", "jinja2": "3.1.0", **MARKUPSAFE}, "failed", "ansible-core 2.11.0 with Jinja2 3.1.0"),
                Stack({"ansible-core": "2.11.0", "jinja2": "3.1.6", **MARKUPSAFE}, "failed", "ansible-core 2.11.0 with Jinja2 3.1.6"),
                Stack({"ansible-core": "2.11.0", "jinja2": "3.0.3", **MARKUPSAFE}, "passed", "Jinja2 3.0.3, just below 3.1"),
                Stack({"ansible-core": "2.11.1", "jinja2": "3.1.0", **MARKUPSAFE}, "passed", "ansible-core 2.11.1, just above the range"),
                Stack({"ansible-core": "2.11.1", "jinja2": "3.1.6", **MARKUPSAFE}, "passed", "ansible-core 2.11.1 with the newest Jinja2"))),
    "curated/jinja2-ansible-filters-1.1-1.3.0-jinja2-3.1": Proof(
        check=JINJA2_ANSIBLE_FILTERS_CHECK, signature="environmentfilter",
        stacks=(Stack({"jinja2-ansible-filters": "1.1.0", "jinja2": "3.1.0", **MARKUPSAFE}, "failed", "jinja2-ansible-filters 1.1.0 with jinja2 3.1.0"),
                Stack({"jinja2-ansible-filters": "1.1.0", "jinja2": "3.1.6", **MARKUPSAFE}, "failed", "jinja2-ansible-filters 1.1.0 with jinja2 3.1.6"),
                Stack({"jinja2-ansible-filters": "1.3.0", "jinja2": "3.1.0", **MARKUPSAFE}, "failed", "jinja2-ansible-filters 1.3.0 with jinja2 3.1.0"),
                Stack({"jinja2-ansible-filters": "1.3.0", "jinja2": "3.1.6", **MARKUPSAFE}, "failed", "jinja2-ansible-filters 1.3.0 with jinja2 3.1.6"),
                Stack({"jinja2-ansible-filters": "1.1.0", "jinja2": "3.0.3", **MARKUPSAFE}, "passed", "jinja2 3.0.3, just below the break"),
                Stack({"jinja2-ansible-filters": "1.3.0", "jinja2": "3.0.3", **MARKUPSAFE}, "passed", "jinja2 3.0.3, just below the break"),
                Stack({"jinja2-ansible-filters": "1.3.1", "jinja2": "3.1.0", **MARKUPSAFE}, "passed", "jinja2-ansible-filters 1.3.1, just above the range, with jinja2 3.1.0"),
                Stack({"jinja2-ansible-filters": "1.3.1", "jinja2": "3.1.6", **MARKUPSAFE}, "passed", "jinja2-ansible-filters 1.3.1, just above the range, with jinja2 3.1.6"))),
    "curated/flask-jsglue-jinja2-3.1": Proof(
        check=JSGLUE_CHECK, signature="Markup",
        stacks=(Stack({"flask-jsglue": "0.1", "jinja2": "3.1.0", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-jsglue 0.1 with jinja2 3.1.0"),
                Stack({"flask-jsglue": "0.1", "jinja2": "3.1.6", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-jsglue 0.1 with jinja2 3.1.6"),
                Stack({"flask-jsglue": "0.3.1", "jinja2": "3.1.0", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-jsglue 0.3.1 with jinja2 3.1.0"),
                Stack({"flask-jsglue": "0.3.1", "jinja2": "3.1.6", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-jsglue 0.3.1 with jinja2 3.1.6"),
                Stack({"flask-jsglue": "0.1", "jinja2": "3.0.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "jinja2 3.0.3, just below the break"),
                Stack({"flask-jsglue": "0.3.1", "jinja2": "3.0.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "jinja2 3.0.3, just below the break"))),
    "curated/flask-oidc-1-itsdangerous-2.1": Proof(
        check="python -c 'import flask_oidc'", signature="JSONWebSignatureSerializer",
        stacks=(Stack({"flask-oidc": "1.0.0", "itsdangerous": "2.1.0", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-oidc 1.0.0 with itsdangerous 2.1.0"),
                Stack({"flask-oidc": "1.0.0", "itsdangerous": "2.2.0", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-oidc 1.0.0 with itsdangerous 2.2.0"),
                Stack({"flask-oidc": "1.4.0", "itsdangerous": "2.1.0", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-oidc 1.4.0 with itsdangerous 2.1.0"),
                Stack({"flask-oidc": "1.4.0", "itsdangerous": "2.2.0", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-oidc 1.4.0 with itsdangerous 2.2.0"),
                Stack({"flask-oidc": "1.0.0", "itsdangerous": "2.0.1", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "passed", "itsdangerous 2.0.1, just below the break"),
                Stack({"flask-oidc": "1.4.0", "itsdangerous": "2.0.1", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "passed", "itsdangerous 2.0.1, just below the break"),
                Stack({"flask-oidc": "2.0.0", "itsdangerous": "2.1.0", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "passed", "flask-oidc 2.0.0, just above the range, with itsdangerous 2.1.0"),
                Stack({"flask-oidc": "2.0.0", "itsdangerous": "2.2.0", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "passed", "flask-oidc 2.0.0, just above the range, with itsdangerous 2.2.0"))),
    "curated/flask-admin-1.2-1.5-jinja2-3.1": Proof(
        check=FLASK_ADMIN_CHECK, signature="contextfunction",
        stacks=(Stack({"flask-admin": "1.2.0", "jinja2": "3.1.0", "wtforms": "2.3.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-admin 1.2.0 with jinja2 3.1.0"),
                Stack({"flask-admin": "1.2.0", "jinja2": "3.1.6", "wtforms": "2.3.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-admin 1.2.0 with jinja2 3.1.6"),
                Stack({"flask-admin": "1.5.8", "jinja2": "3.1.0", "wtforms": "2.3.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-admin 1.5.8 with jinja2 3.1.0"),
                Stack({"flask-admin": "1.5.8", "jinja2": "3.1.6", "wtforms": "2.3.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-admin 1.5.8 with jinja2 3.1.6"),
                Stack({"flask-admin": "1.2.0", "jinja2": "3.0.3", "wtforms": "2.3.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "jinja2 3.0.3, just below the break"),
                Stack({"flask-admin": "1.5.8", "jinja2": "3.0.3", "wtforms": "2.3.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "jinja2 3.0.3, just below the break"),
                Stack({"flask-admin": "1.6.0", "jinja2": "3.1.0", "wtforms": "2.3.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "flask-admin 1.6.0, just above the range, with jinja2 3.1.0"),
                Stack({"flask-admin": "1.6.0", "jinja2": "3.1.6", "wtforms": "2.3.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "flask-admin 1.6.0, just above the range, with jinja2 3.1.6"))),
    "curated/flask-moment-0.1-0.11-jinja2-3.1": Proof(
        check=FLASK_MOMENT_CHECK, signature="Markup",
        stacks=(Stack({"flask-moment": "0.1.0", "jinja2": "3.1.0", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-moment 0.1.0 with jinja2 3.1.0"),
                Stack({"flask-moment": "0.1.0", "jinja2": "3.1.6", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-moment 0.1.0 with jinja2 3.1.6"),
                Stack({"flask-moment": "0.11.0", "jinja2": "3.1.0", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-moment 0.11.0 with jinja2 3.1.0"),
                Stack({"flask-moment": "0.11.0", "jinja2": "3.1.6", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-moment 0.11.0 with jinja2 3.1.6"),
                Stack({"flask-moment": "0.1.0", "jinja2": "3.0.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "jinja2 3.0.3, just below the break"),
                Stack({"flask-moment": "0.11.0", "jinja2": "3.0.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "jinja2 3.0.3, just below the break"),
                Stack({"flask-moment": "1.0.1", "jinja2": "3.1.0", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "flask-moment 1.0.1, just above the range, with jinja2 3.1.0"),
                Stack({"flask-moment": "1.0.1", "jinja2": "3.1.6", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "flask-moment 1.0.1, just above the range, with jinja2 3.1.6"))),
    "curated/flask-pagedown-0.1-0.3-jinja2-3.1": Proof(
        check=FLASK_PAGEDOWN_CHECK, signature="Markup",
        stacks=(Stack({"flask-pagedown": "0.1.1", "jinja2": "3.1.0", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-pagedown 0.1.1 with jinja2 3.1.0"),
                Stack({"flask-pagedown": "0.1.1", "jinja2": "3.1.6", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-pagedown 0.1.1 with jinja2 3.1.6"),
                Stack({"flask-pagedown": "0.3.0", "jinja2": "3.1.0", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-pagedown 0.3.0 with jinja2 3.1.0"),
                Stack({"flask-pagedown": "0.3.0", "jinja2": "3.1.6", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "failed", "flask-pagedown 0.3.0 with jinja2 3.1.6"),
                Stack({"flask-pagedown": "0.1.1", "jinja2": "3.0.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "jinja2 3.0.3, just below the break"),
                Stack({"flask-pagedown": "0.3.0", "jinja2": "3.0.3", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "jinja2 3.0.3, just below the break"),
                Stack({"flask-pagedown": "0.4.0", "jinja2": "3.1.0", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "flask-pagedown 0.4.0, just above the range, with jinja2 3.1.0"),
                Stack({"flask-pagedown": "0.4.0", "jinja2": "3.1.6", "itsdangerous": "2.1.2", **FLASK22_CLICK8_PINS}, "passed", "flask-pagedown 0.4.0, just above the range, with jinja2 3.1.6"))),
    # pandas is in dask's dataframe extra, which the check needs: hence roots=("dask[dataframe]",)
    "curated/dask-2021.5.1-2023.1.1-pandas-2": Proof(
        check=DASK_DATAFRAME_CHECK, signature="StringMethods", roots=("dask[dataframe]",),
        stacks=(Stack({"dask": "2021.5.1", "pandas": "2.0.0", **DASK_PANDAS_PINS}, "failed",
                      "dask 2021.5.1 with pandas 2.0.0"),
                Stack({"dask": "2021.5.1", "pandas": "2.3.3", **DASK_PANDAS_PINS}, "failed",
                      "dask 2021.5.1 with pandas 2.3.3"),
                Stack({"dask": "2023.1.1", "pandas": "2.0.0", **DASK_PANDAS_PINS}, "failed",
                      "dask 2023.1.1 with pandas 2.0.0"),
                Stack({"dask": "2023.1.1", "pandas": "2.3.3", **DASK_PANDAS_PINS}, "failed",
                      "dask 2023.1.1 with pandas 2.3.3"),
                Stack({"dask": "2021.5.1", "pandas": "1.5.3", **DASK_PANDAS_PINS}, "passed",
                      "dask 2021.5.1 with pandas 1.5.3, just below 2.0"),
                Stack({"dask": "2023.1.1", "pandas": "1.5.3", **DASK_PANDAS_PINS}, "passed",
                      "dask 2023.1.1 with pandas 1.5.3, just below 2.0"),
                Stack({"dask": "2023.2.0", "pandas": "2.0.0", **DASK_PANDAS_PINS}, "passed",
                      "dask 2023.2.0, just above the range"))),
    "curated/dask-2020.12.0-2021.5.0-pandas-2": Proof(
        check=DASK_DATAFRAME_CHECK, signature="Int64Index", roots=("dask[dataframe]",),
        stacks=(Stack({"dask": "2020.12.0", "pandas": "2.0.0", **DASK_PANDAS_PINS}, "failed",
                      "dask 2020.12.0 with pandas 2.0.0"),
                Stack({"dask": "2020.12.0", "pandas": "2.3.3", **DASK_PANDAS_PINS}, "failed",
                      "dask 2020.12.0 with pandas 2.3.3"),
                Stack({"dask": "2021.5.0", "pandas": "2.0.0", **DASK_PANDAS_PINS}, "failed",
                      "dask 2021.5.0 with pandas 2.0.0"),
                Stack({"dask": "2021.5.0", "pandas": "2.3.3", **DASK_PANDAS_PINS}, "failed",
                      "dask 2021.5.0 with pandas 2.3.3"),
                Stack({"dask": "2020.12.0", "pandas": "1.5.3", **DASK_PANDAS_PINS}, "passed",
                      "dask 2020.12.0 with pandas 1.5.3, just below 2.0"),
                Stack({"dask": "2021.5.0", "pandas": "1.5.3", **DASK_PANDAS_PINS}, "passed",
                      "dask 2021.5.0 with pandas 1.5.3, just below 2.0"))),
    # numpy is in dask's array extra, which the check needs: hence roots=("dask[array]",)
    "curated/dask-2020.12.0-2023.6.0-numpy-2": Proof(
        check=DASK_ARRAY_CHECK, signature="round_", roots=("dask[array]",),
        stacks=(Stack({"dask": "2020.12.0", "numpy": "2.0.0"}, "failed", "dask 2020.12.0 with numpy 2.0.0"),
                Stack({"dask": "2020.12.0", "numpy": "2.2.6"}, "failed", "dask 2020.12.0 with numpy 2.2.6"),
                Stack({"dask": "2023.6.0", "numpy": "2.0.0"}, "failed", "dask 2023.6.0 with numpy 2.0.0"),
                Stack({"dask": "2023.6.0", "numpy": "2.2.6"}, "failed", "dask 2023.6.0 with numpy 2.2.6"),
                Stack({"dask": "2020.12.0", "numpy": "1.26.4"}, "passed", "dask 2020.12.0 with numpy 1.26.4, just below 2.0"),
                Stack({"dask": "2023.6.0", "numpy": "1.26.4"}, "passed", "dask 2023.6.0 with numpy 1.26.4, just below 2.0"),
                Stack({"dask": "2023.6.1", "numpy": "2.0.0"}, "passed", "dask 2023.6.1, just above the range"))),
    # NumPy 2.0-2.2 break the same releases on round_ (the rule above): below 2.3, only 1.x passes
    "curated/dask-2020.12.0-2023.6.0-numpy-2.3": Proof(
        check=DASK_ARRAY_CHECK, signature="numpy.compat", roots=("dask[array]",),
        stacks=(Stack({"dask": "2020.12.0", "numpy": "2.3.0"}, "failed", "dask 2020.12.0 with numpy 2.3.0"),
                Stack({"dask": "2020.12.0", "numpy": "2.4.6"}, "failed", "dask 2020.12.0 with numpy 2.4.6"),
                Stack({"dask": "2023.6.0", "numpy": "2.3.0"}, "failed", "dask 2023.6.0 with numpy 2.3.0"),
                Stack({"dask": "2023.6.0", "numpy": "2.4.6"}, "failed", "dask 2023.6.0 with numpy 2.4.6"),
                Stack({"dask": "2020.12.0", "numpy": "1.26.4"}, "passed", "dask 2020.12.0 with numpy 1.26.4"),
                Stack({"dask": "2023.6.0", "numpy": "1.26.4"}, "passed", "dask 2023.6.0 with numpy 1.26.4"),
                Stack({"dask": "2023.6.1", "numpy": "2.4.6"}, "passed", "dask 2023.6.1, just above the range"))),
    "curated/crafter-0.18-1.8.1-ruamel-yaml-0.18": Proof(
        check=CRAFTER_CHECK, signature="safe_load has been removed",
        stacks=(Stack({"crafter": "0.18.0", "ruamel-yaml": "0.18.0"}, "failed", "crafter 0.18.0 with ruamel.yaml 0.18.0"),
                Stack({"crafter": "0.18.0", "ruamel-yaml": "0.19.1"}, "failed", "crafter 0.18.0 with ruamel.yaml 0.19.1"),
                Stack({"crafter": "1.8.1", "ruamel-yaml": "0.18.0"}, "failed", "crafter 1.8.1 with ruamel.yaml 0.18.0"),
                Stack({"crafter": "1.8.1", "ruamel-yaml": "0.19.1"}, "failed", "crafter 1.8.1 with ruamel.yaml 0.19.1"),
                Stack({"crafter": "0.18.0", "ruamel-yaml": "0.17.40"}, "passed", "crafter 0.18.0 with ruamel.yaml 0.17.40, just below 0.18"),
                Stack({"crafter": "1.8.1", "ruamel-yaml": "0.17.40"}, "passed", "crafter 1.8.1 with ruamel.yaml 0.17.40, just below 0.18"),
                Stack({"crafter": "1.8.2", "ruamel-yaml": "0.18.0"}, "passed", "crafter 1.8.2, just above the range"),
                Stack({"crafter": "1.8.2", "ruamel-yaml": "0.19.1"}, "passed", "crafter 1.8.2 with ruamel.yaml 0.19.1"))),
    "curated/confight-0.3-1.3.1-ruamel-yaml-0.18": Proof(
        check=CONFIGHT_CHECK, signature="load has been removed", roots=("ruamel.yaml", "setuptools"),
        stacks=(Stack({"confight": "0.3", "ruamel-yaml": "0.18.0", **SETUPTOOLS_PKG}, "failed", "confight 0.3 with ruamel.yaml 0.18.0"),
                Stack({"confight": "0.3", "ruamel-yaml": "0.19.1", **SETUPTOOLS_PKG}, "failed", "confight 0.3 with ruamel.yaml 0.19.1"),
                Stack({"confight": "1.3.1", "ruamel-yaml": "0.18.0", **SETUPTOOLS_PKG}, "failed", "confight 1.3.1 with ruamel.yaml 0.18.0"),
                Stack({"confight": "1.3.1", "ruamel-yaml": "0.19.1", **SETUPTOOLS_PKG}, "failed", "confight 1.3.1 with ruamel.yaml 0.19.1"),
                Stack({"confight": "0.3", "ruamel-yaml": "0.17.40", **SETUPTOOLS_PKG}, "passed", "confight 0.3 with ruamel.yaml 0.17.40, just below 0.18"),
                Stack({"confight": "1.3.1", "ruamel-yaml": "0.17.40", **SETUPTOOLS_PKG}, "passed", "confight 1.3.1 with ruamel.yaml 0.17.40, just below 0.18"),
                Stack({"confight": "2.0", "ruamel-yaml": "0.18.0", **SETUPTOOLS_PKG}, "passed", "confight 2.0 with ruamel.yaml 0.18.0"),
                Stack({"confight": "2.0", "ruamel-yaml": "0.19.1", **SETUPTOOLS_PKG}, "passed", "confight 2.0 with ruamel.yaml 0.19.1"))),
    # PyYAML 5.4.1 (just below 6.0) does not build on Python 3.11 (Cython 3); 5.3.1 builds from its sdist
    "curated/tailon-0.1-1.3.0-pyyaml-6": Proof(
        check=TAILON_CHECK, signature="required positional argument: 'Loader'", roots=("setuptools",),
        stacks=(Stack({"tailon": "0.1.0", "pyyaml": "6.0", **SETUPTOOLS_PKG}, "failed", "tailon 0.1.0 with PyYAML 6.0"),
                Stack({"tailon": "0.1.0", "pyyaml": "6.0.4", **SETUPTOOLS_PKG}, "failed", "tailon 0.1.0 with PyYAML 6.0.4"),
                Stack({"tailon": "1.3.0", "pyyaml": "6.0", **SETUPTOOLS_PKG}, "failed", "tailon 1.3.0 with PyYAML 6.0"),
                Stack({"tailon": "1.3.0", "pyyaml": "6.0.4", **SETUPTOOLS_PKG}, "failed", "tailon 1.3.0 with PyYAML 6.0.4"),
                Stack({"tailon": "0.1.0", "pyyaml": "5.3.1", **SETUPTOOLS_PKG}, "passed", "tailon 0.1.0 with PyYAML 5.3.1"),
                Stack({"tailon": "1.3.0", "pyyaml": "5.3.1", **SETUPTOOLS_PKG}, "passed", "tailon 1.3.0 with PyYAML 5.3.1"))),
    "curated/yamkix-0.7-0.9-ruamel-yaml-0.17.27": Proof(
        check=YAMKIX_CHECK, signature="cannot import name 'NoComment'",
        stacks=(Stack({"yamkix": "0.7.0", "ruamel-yaml": "0.17.27"}, "failed", "yamkix 0.7.0 with ruamel.yaml 0.17.27"),
                Stack({"yamkix": "0.7.0", "ruamel-yaml": "0.19.1"}, "failed", "yamkix 0.7.0 with ruamel.yaml 0.19.1"),
                Stack({"yamkix": "0.9.0", "ruamel-yaml": "0.17.27"}, "failed", "yamkix 0.9.0 with ruamel.yaml 0.17.27"),
                Stack({"yamkix": "0.9.0", "ruamel-yaml": "0.19.1"}, "failed", "yamkix 0.9.0 with ruamel.yaml 0.19.1"),
                Stack({"yamkix": "0.7.0", "ruamel-yaml": "0.17.26"}, "passed", "yamkix 0.7.0 with ruamel.yaml 0.17.26, just below 0.17.27"),
                Stack({"yamkix": "0.9.0", "ruamel-yaml": "0.17.26"}, "passed", "yamkix 0.9.0 with ruamel.yaml 0.17.26, just below 0.17.27"),
                # 0.10.0 requires ruamel.yaml > 0.17.27
                Stack({"yamkix": "0.10.0", "ruamel-yaml": "0.17.28"}, "passed", "yamkix 0.10.0, just above the range"),
                Stack({"yamkix": "0.10.0", "ruamel-yaml": "0.19.1"}, "passed", "yamkix 0.10.0 with ruamel.yaml 0.19.1"))),
    # yapconf 1.0.0 is older code than 0.4.0 and 0.5.0 (which fixed the break); 0.4.0 imports packaging without declaring it
    "curated/yapconf-0.3.5-1.0.0-ruamel-yaml-0.18": Proof(
        check=YAPCONF_CHECK, signature="safe_load has been removed", roots=("ruamel.yaml",),
        stacks=(Stack({"yapconf": "0.3.5", "ruamel-yaml": "0.18.0"}, "failed", "yapconf 0.3.5 with ruamel.yaml 0.18.0"),
                Stack({"yapconf": "0.3.5", "ruamel-yaml": "0.19.1"}, "failed", "yapconf 0.3.5 with ruamel.yaml 0.19.1"),
                Stack({"yapconf": "1.0.0", "ruamel-yaml": "0.18.0"}, "failed", "yapconf 1.0.0 with ruamel.yaml 0.18.0"),
                Stack({"yapconf": "1.0.0", "ruamel-yaml": "0.19.1"}, "failed", "yapconf 1.0.0 with ruamel.yaml 0.19.1"),
                Stack({"yapconf": "0.3.5", "ruamel-yaml": "0.17.40"}, "passed", "yapconf 0.3.5 with ruamel.yaml 0.17.40, just below 0.18"),
                Stack({"yapconf": "1.0.0", "ruamel-yaml": "0.17.40"}, "passed", "yapconf 1.0.0 with ruamel.yaml 0.17.40, just below 0.18"),
                Stack({"yapconf": "0.5.0", "ruamel-yaml": "0.18.0"}, "passed", "yapconf 0.5.0, the fixed release"),
                Stack({"yapconf": "0.5.0", "ruamel-yaml": "0.19.1"}, "passed", "yapconf 0.5.0 with ruamel.yaml 0.19.1"))),
    "curated/fireworks-2.0.0-2.0.3-ruamel-yaml-0.18": Proof(
        check=FIREWORKS_LPAD_CHECK, signature="safe_load has been removed",
        stacks=(Stack({"fireworks": "2.0.0", "ruamel-yaml": "0.18.0"}, "failed", "FireWorks 2.0.0 with ruamel.yaml 0.18.0"),
                Stack({"fireworks": "2.0.0", "ruamel-yaml": "0.19.1"}, "failed", "FireWorks 2.0.0 with ruamel.yaml 0.19.1"),
                Stack({"fireworks": "2.0.3", "ruamel-yaml": "0.18.0"}, "failed", "FireWorks 2.0.3 with ruamel.yaml 0.18.0"),
                Stack({"fireworks": "2.0.3", "ruamel-yaml": "0.19.1"}, "failed", "FireWorks 2.0.3 with ruamel.yaml 0.19.1"),
                Stack({"fireworks": "2.0.0", "ruamel-yaml": "0.17.40"}, "passed", "FireWorks 2.0.0 with ruamel.yaml 0.17.40, just below 0.18"),
                Stack({"fireworks": "2.0.3", "ruamel-yaml": "0.17.40"}, "passed", "FireWorks 2.0.3 with ruamel.yaml 0.17.40, just below 0.18"),
                Stack({"fireworks": "2.0.4", "ruamel-yaml": "0.18.0"}, "passed", "FireWorks 2.0.4, just above the range"),
                Stack({"fireworks": "2.0.4", "ruamel-yaml": "0.19.1"}, "passed", "FireWorks 2.0.4 with ruamel.yaml 0.19.1"))),
    "curated/flake8-import-order-0.9-0.18.1-flake8-6": Proof(
        check=FLAKE8_IMPORT_ORDER_CHECK, signature="'string' is not callable",
        stacks=(Stack({"flake8-import-order": "0.9", "flake8": "6.0.0", **SETUPTOOLS_PKG}, "failed",
                      "flake8-import-order 0.9 with flake8 6.0.0"),
                Stack({"flake8-import-order": "0.9", "flake8": "7.5.0", **SETUPTOOLS_PKG}, "failed",
                      "flake8-import-order 0.9 with flake8 7.5.0"),
                Stack({"flake8-import-order": "0.18.1", "flake8": "6.0.0", **SETUPTOOLS_PKG}, "failed",
                      "flake8-import-order 0.18.1 with flake8 6.0.0"),
                Stack({"flake8-import-order": "0.18.1", "flake8": "7.5.0", **SETUPTOOLS_PKG}, "failed",
                      "flake8-import-order 0.18.1 with flake8 7.5.0"),
                Stack({"flake8-import-order": "0.9", "flake8": "5.0.4", **SETUPTOOLS_PKG}, "passed",
                      "flake8 5.0.4, just below 6"),
                Stack({"flake8-import-order": "0.18.1", "flake8": "5.0.4", **SETUPTOOLS_PKG}, "passed",
                      "flake8 5.0.4, just below 6"),
                Stack({"flake8-import-order": "0.18.2", "flake8": "6.0.0", **SETUPTOOLS_PKG}, "passed",
                      "flake8-import-order 0.18.2, the fixed release")),
        wheels=(("flake8-import-order", "0.9"), ("flake8-import-order", "0.18.1"), ("flake8-import-order", "0.18.2")),
        roots=("flake8", "setuptools")),
    "curated/flake8-import-order-0.12-0.18.2-setuptools-82": Proof(
        check=FLAKE8_IMPORT_ORDER_CHECK, signature="pkg_resources",
        stacks=(Stack({"flake8-import-order": "0.12", "setuptools": "82.0.0", "flake8": "5.0.4"}, "failed",
                      "flake8-import-order 0.12 with setuptools 82.0.0"),
                Stack({"flake8-import-order": "0.12", "setuptools": "84.2.1", "flake8": "5.0.4"}, "failed",
                      "flake8-import-order 0.12 with setuptools 84.2.1"),
                Stack({"flake8-import-order": "0.18.2", "setuptools": "82.0.0", "flake8": "5.0.4"}, "failed",
                      "flake8-import-order 0.18.2 with setuptools 82.0.0"),
                Stack({"flake8-import-order": "0.18.2", "setuptools": "84.2.1", "flake8": "5.0.4"}, "failed",
                      "flake8-import-order 0.18.2 with setuptools 84.2.1"),
                Stack({"flake8-import-order": "0.12", "setuptools": "81.0.0", "flake8": "5.0.4"}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"flake8-import-order": "0.18.2", "setuptools": "81.0.0", "flake8": "5.0.4"}, "passed",
                      "setuptools 81.0.0, just below 82"),
                # 0.19.0, the fix, is yanked
                Stack({"flake8-import-order": "0.19.1", "setuptools": "84.2.1", "flake8": "5.0.4"}, "passed",
                      "flake8-import-order 0.19.1, the first fixed release not yanked"),
                Stack({"flake8-import-order": "0.11", "setuptools": "84.2.1", "flake8": "5.0.4"}, "passed",
                      "flake8-import-order 0.11, just below the range")),
        wheels=(("flake8-import-order", "0.12"), ("flake8-import-order", "0.18.2"), ("flake8-import-order", "0.19.1")),
        roots=("flake8", "setuptools")),
    "curated/safety-2.0-2.3.3-packaging-22": Proof(
        check=SAFETY_VERSION_CHECK, signature="LegacyVersion",
        stacks=(Stack({"safety": "2.0.0", "packaging": "22.0"}, "failed", "safety 2.0.0 with packaging 22.0"),
                Stack({"safety": "2.0.0", "packaging": "26.4"}, "failed", "safety 2.0.0 with packaging 26.4"),
                Stack({"safety": "2.3.3", "packaging": "22.0"}, "failed", "safety 2.3.3 with packaging 22.0"),
                Stack({"safety": "2.3.3", "packaging": "26.4"}, "failed", "safety 2.3.3 with packaging 26.4"),
                Stack({"safety": "2.0.0", "packaging": "21.3"}, "passed", "packaging 21.3, just below 22"),
                Stack({"safety": "2.3.3", "packaging": "21.3"}, "passed", "packaging 21.3, just below 22"),
                Stack({"safety": "2.3.4", "packaging": "26.4"}, "passed", "safety 2.3.4, the fixed release"),
                Stack({"safety": "1.10.3", "packaging": "26.4"}, "passed", "safety 1.10.3, just below the range")),
        wheels=(("safety", "2.0.0"), ("safety", "2.3.3"), ("safety", "2.3.4"))),
    "curated/pylint-json2html-0.4.0-pylint-3": Proof(
        check=PYLINT_JSON2HTML_CHECK, signature="IReporter",
        stacks=(Stack({"pylint-json2html": "0.4.0", "pylint": "3.0.0"}, "failed", "pylint-json2html 0.4.0 with pylint 3.0.0"),
                Stack({"pylint-json2html": "0.4.0", "pylint": "4.1.4"}, "failed", "pylint-json2html 0.4.0 with pylint 4.1.4"),
                Stack({"pylint-json2html": "0.4.0", "pylint": "2.17.7"}, "passed", "pylint 2.17.7, just below 3"),
                Stack({"pylint-json2html": "0.5.0", "pylint": "3.0.0"}, "passed", "pylint-json2html 0.5.0, the fixed release")),
        wheels=(("pylint-json2html", "0.4.0"), ("pylint-json2html", "0.5.0"))),
    "curated/pythonfinder-1.2.2-1.3.1-packaging-22": Proof(
        check=PYTHONFINDER_CHECK, signature="LegacyVersion",
        stacks=(Stack({"pythonfinder": "1.2.2", "packaging": "22.0"}, "failed", "pythonfinder 1.2.2 with packaging 22.0"),
                Stack({"pythonfinder": "1.2.2", "packaging": "26.4"}, "failed", "pythonfinder 1.2.2 with packaging 26.4"),
                Stack({"pythonfinder": "1.3.1", "packaging": "22.0"}, "failed", "pythonfinder 1.3.1 with packaging 22.0"),
                Stack({"pythonfinder": "1.3.1", "packaging": "26.4"}, "failed", "pythonfinder 1.3.1 with packaging 26.4"),
                Stack({"pythonfinder": "1.2.2", "packaging": "21.3"}, "passed", "packaging 21.3, just below 22"),
                Stack({"pythonfinder": "1.3.1", "packaging": "21.3"}, "passed", "packaging 21.3, just below 22"),
                Stack({"pythonfinder": "1.3.2", "packaging": "26.4"}, "passed", "pythonfinder 1.3.2, the fixed release")),
        wheels=(("pythonfinder", "1.2.2"), ("pythonfinder", "1.3.1"), ("pythonfinder", "1.3.2"))),
    "curated/pylint-protobuf-0.2-0.20.2-pylint-3": Proof(
        check=PYLINT_PROTOBUF_CHECK, signature="IAstroidChecker",
        stacks=(Stack({"pylint-protobuf": "0.2", "pylint": "3.0.0", **PYLINT_PROTOBUF_PINS}, "failed",
                      "pylint-protobuf 0.2 with pylint 3.0.0"),
                Stack({"pylint-protobuf": "0.2", "pylint": "4.1.4", **PYLINT_PROTOBUF_PINS}, "failed",
                      "pylint-protobuf 0.2 with pylint 4.1.4"),
                Stack({"pylint-protobuf": "0.20.2", "pylint": "3.0.0", **PYLINT_PROTOBUF_PINS}, "failed",
                      "pylint-protobuf 0.20.2 with pylint 3.0.0"),
                Stack({"pylint-protobuf": "0.20.2", "pylint": "4.1.4", **PYLINT_PROTOBUF_PINS}, "failed",
                      "pylint-protobuf 0.20.2 with pylint 4.1.4"),
                Stack({"pylint-protobuf": "0.2", "pylint": "2.17.7", **PYLINT_PROTOBUF_PINS}, "passed", "pylint 2.17.7, just below 3"),
                Stack({"pylint-protobuf": "0.20.2", "pylint": "2.17.7", **PYLINT_PROTOBUF_PINS}, "passed",
                      "pylint 2.17.7, just below 3"),
                Stack({"pylint-protobuf": "0.21.0", "pylint": "3.0.0", **PYLINT_PROTOBUF_PINS}, "passed",
                      "pylint-protobuf 0.21.0, the fixed release")),
        wheels=(("pylint-protobuf", "0.2"), ("pylint-protobuf", "0.20.2"), ("pylint-protobuf", "0.21.0")), roots=("protobuf",)),
    # no fixed release of pylint-print or pylint-enums: only pylint below 3 passes
    "curated/pylint-print-1.0.1-pylint-3": Proof(
        check=PYLINT_PRINT_CHECK, signature="IAstroidChecker",
        stacks=(Stack({"pylint-print": "1.0.1", "pylint": "3.0.0"}, "failed", "pylint-print 1.0.1 with pylint 3.0.0"),
                Stack({"pylint-print": "1.0.1", "pylint": "4.1.4"}, "failed", "pylint-print 1.0.1 with pylint 4.1.4"),
                Stack({"pylint-print": "1.0.1", "pylint": "2.17.7"}, "passed", "pylint 2.17.7, just below 3")),
        wheels=(("pylint-print", "1.0.1"),)),
    "curated/pylint-enums-0.0.2-0.0.5-pylint-3": Proof(
        check=PYLINT_ENUMS_CHECK, signature="IAstroidChecker",
        stacks=(Stack({"pylint-enums": "0.0.2", "pylint": "3.0.0"}, "failed", "pylint-enums 0.0.2 with pylint 3.0.0"),
                Stack({"pylint-enums": "0.0.2", "pylint": "4.1.4"}, "failed", "pylint-enums 0.0.2 with pylint 4.1.4"),
                Stack({"pylint-enums": "0.0.5", "pylint": "3.0.0"}, "failed", "pylint-enums 0.0.5 with pylint 3.0.0"),
                Stack({"pylint-enums": "0.0.5", "pylint": "4.1.4"}, "failed", "pylint-enums 0.0.5 with pylint 4.1.4"),
                Stack({"pylint-enums": "0.0.2", "pylint": "2.17.7"}, "passed", "pylint 2.17.7, just below 3"),
                Stack({"pylint-enums": "0.0.5", "pylint": "2.17.7"}, "passed", "pylint 2.17.7, just below 3")),
        wheels=(("pylint-enums", "0.0.2"), ("pylint-enums", "0.0.5"))),
    # no fixed release of pytest-black: only pytest below 9.1 passes
    "curated/pytest-black-0.5-0.6-pytest-9.1": Proof(
        check=PYTEST_BLACK_CHECK, signature="pytest_collect_file",
        stacks=(Stack({"pytest-black": "0.5.0", "pytest": "9.1.0"}, "failed", "pytest-black 0.5.0 with pytest 9.1.0"),
                Stack({"pytest-black": "0.5.0", "pytest": "9.2.0"}, "failed", "pytest-black 0.5.0 with pytest 9.2.0"),
                Stack({"pytest-black": "0.6.0", "pytest": "9.1.0"}, "failed", "pytest-black 0.6.0 with pytest 9.1.0"),
                Stack({"pytest-black": "0.6.0", "pytest": "9.2.0"}, "failed", "pytest-black 0.6.0 with pytest 9.2.0"),
                Stack({"pytest-black": "0.5.0", "pytest": "9.0.3"}, "passed", "pytest 9.0.3, just below 9.1"),
                Stack({"pytest-black": "0.6.0", "pytest": "9.0.3"}, "passed", "pytest 9.0.3, just below 9.1")),
        wheels=(("pytest-black", "0.5.0"), ("pytest-black", "0.6.0"))),
    # SciPy, Matplotlib, Altair and pandas pinned to releases that run with NumPy 1.23.5 to 2.4.6; impedance imports
    # pandas (impedance.visualization) without declaring it, so pandas is resolved with it; importing impedance passes
    "curated/impedance-1.0-1.4.1-numpy-1.24": Proof(
        check=IMPEDANCE_CHECK, signature="has no attribute 'complex'",
        stacks=(Stack({"impedance": "1.0.0", "numpy": "1.24.0", **IMPEDANCE_PINS}, "failed", "impedance 1.0.0 with NumPy 1.24.0"),
                Stack({"impedance": "1.0.0", "numpy": "2.4.6", **IMPEDANCE_PINS}, "failed", "impedance 1.0.0 with NumPy 2.4.6"),
                Stack({"impedance": "1.4.1", "numpy": "1.24.0", **IMPEDANCE_PINS}, "failed", "impedance 1.4.1 with NumPy 1.24.0"),
                Stack({"impedance": "1.4.1", "numpy": "2.4.6", **IMPEDANCE_PINS}, "failed", "impedance 1.4.1 with NumPy 2.4.6"),
                Stack({"impedance": "1.0.0", "numpy": "1.23.5", **IMPEDANCE_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"impedance": "1.4.1", "numpy": "1.23.5", **IMPEDANCE_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"impedance": "1.4.2", "numpy": "1.24.0", **IMPEDANCE_PINS}, "passed", "impedance 1.4.2, just above the range")),
        roots=("pandas",)),
    # Matplotlib pinned to a release that runs with NumPy 1.23.5 to 2.4.6; 2.0.2 is an sdist (pure Python)
    "curated/feynman-2.0.2-numpy-1.24": Proof(
        check=FEYNMAN_CHECK, signature="has no attribute 'complex'",
        stacks=(Stack({"feynman": "2.0.2", "numpy": "1.24.0", **FEYNMAN_PINS}, "failed", "feynman 2.0.2 with NumPy 1.24.0"),
                Stack({"feynman": "2.0.2", "numpy": "2.4.6", **FEYNMAN_PINS}, "failed", "feynman 2.0.2 with NumPy 2.4.6"),
                Stack({"feynman": "2.0.2", "numpy": "1.23.5", **FEYNMAN_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"feynman": "2.1.0", "numpy": "1.24.0", **FEYNMAN_PINS}, "passed", "feynman 2.1.0, just above the range"),
                Stack({"feynman": "2.1.0", "numpy": "2.4.6", **FEYNMAN_PINS}, "passed", "feynman 2.1.0 with NumPy 2.4.6"))),
    # Pillow, scikit-learn and SciPy pinned to releases that run with NumPy 1.23.5 to 2.4.6 (Pylette 1.0.0 declares
    # numpy<2 and Pillow<10); importing Pylette passes
    "curated/pylette-0.3-0.4-numpy-1.24": Proof(
        check=PYLETTE_CHECK, signature="has no attribute 'int'",
        stacks=(Stack({"pylette": "0.3", "numpy": "1.24.0", **PYLETTE_PINS}, "failed", "Pylette 0.3 with NumPy 1.24.0"),
                Stack({"pylette": "0.3", "numpy": "2.4.6", **PYLETTE_PINS}, "failed", "Pylette 0.3 with NumPy 2.4.6"),
                Stack({"pylette": "0.4", "numpy": "1.24.0", **PYLETTE_PINS}, "failed", "Pylette 0.4 with NumPy 1.24.0"),
                Stack({"pylette": "0.4", "numpy": "2.4.6", **PYLETTE_PINS}, "failed", "Pylette 0.4 with NumPy 2.4.6"),
                Stack({"pylette": "0.3", "numpy": "1.23.5", **PYLETTE_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"pylette": "0.4", "numpy": "1.23.5", **PYLETTE_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"pylette": "1.0.0", "numpy": "1.24.0", **PYLETTE_PINS}, "passed", "Pylette 1.0.0, just above the range"))),
    # PyNAFF depends on NumPy only (1.1.2 to 1.1.4 also on future); importing PyNAFF passes; 1.1.5 is measured with
    # NumPy 1.x only: it reads np.ComplexWarning at import, which NumPy 2.0 removed (a separate break)
    "curated/pynaff-1.1.1-1.1.4-numpy-1.24": Proof(
        check=PYNAFF_CHECK, signature="module 'numpy' has no attribute",
        stacks=(Stack({"pynaff": "1.1.1", "numpy": "1.24.0"}, "failed", "PyNAFF 1.1.1 with NumPy 1.24.0"),
                Stack({"pynaff": "1.1.1", "numpy": "2.4.6"}, "failed", "PyNAFF 1.1.1 with NumPy 2.4.6"),
                Stack({"pynaff": "1.1.4", "numpy": "1.24.0", "future": "1.0.0"}, "failed", "PyNAFF 1.1.4 with NumPy 1.24.0"),
                Stack({"pynaff": "1.1.4", "numpy": "2.4.6", "future": "1.0.0"}, "failed", "PyNAFF 1.1.4 with NumPy 2.4.6"),
                Stack({"pynaff": "1.1.1", "numpy": "1.23.5"}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"pynaff": "1.1.4", "numpy": "1.23.5", "future": "1.0.0"}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"pynaff": "1.1.5", "numpy": "1.24.0"}, "passed", "PyNAFF 1.1.5, just above the range"),
                Stack({"pynaff": "1.1.5", "numpy": "1.26.4"}, "passed", "PyNAFF 1.1.5 with NumPy 1.26.4, the newest 1.x"))),
    # NumPy, SciPy, pandas, scikit-learn and Matplotlib pinned to releases that run with networkx 2.8.8 to 3.6.1;
    # gcastle 1.0.0 to 1.0.2 require TensorFlow and PyTorch and were not measured
    "curated/gcastle-1.0.3-networkx-3": Proof(
        check=GCASTLE_CHECK, signature="to_numpy_matrix",
        stacks=(Stack({"gcastle": "1.0.3", "networkx": "3.0", **GCASTLE_PINS}, "failed", "gcastle 1.0.3 with networkx 3.0"),
                Stack({"gcastle": "1.0.3", "networkx": "3.6.1", **GCASTLE_PINS}, "failed", "gcastle 1.0.3 with networkx 3.6.1"),
                Stack({"gcastle": "1.0.3", "networkx": "2.8.8", **GCASTLE_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"gcastle": "1.0.4", "networkx": "3.0", **GCASTLE_PINS}, "passed", "gcastle 1.0.4, just above the range"),
                Stack({"gcastle": "1.0.4", "networkx": "3.6.1", **GCASTLE_PINS}, "passed", "gcastle 1.0.4 with networkx 3.6.1"))),
    # NumPy (and for 3.0.0 SciPy and Matplotlib) pinned; both are sdists (pure Python); no fixed release exists, so the
    # passing side is networkx 2.8.8
    "curated/communities-2.2-3.0-networkx-3": Proof(
        check=COMMUNITIES_CHECK, signature="from_numpy_matrix",
        stacks=(Stack({"communities": "2.2.0", "networkx": "3.0", "numpy": "1.26.4"}, "failed", "communities 2.2.0 with networkx 3.0"),
                Stack({"communities": "2.2.0", "networkx": "3.6.1", "numpy": "1.26.4"}, "failed", "communities 2.2.0 with networkx 3.6.1"),
                Stack({"communities": "3.0.0", "networkx": "3.0", **COMMUNITIES3_PINS}, "failed", "communities 3.0.0 with networkx 3.0"),
                Stack({"communities": "3.0.0", "networkx": "3.6.1", **COMMUNITIES3_PINS}, "failed", "communities 3.0.0 with networkx 3.6.1"),
                Stack({"communities": "2.2.0", "networkx": "2.8.8", "numpy": "1.26.4"}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"communities": "3.0.0", "networkx": "2.8.8", **COMMUNITIES3_PINS}, "passed", "networkx 2.8.8, just below 3.0"))),
    # traits, NumPy, SciPy and NiBabel pinned to releases that run with networkx 2.8.8 to 3.6.1; the default Linear plugin
    # does not build the dependency matrix, MultiProc (and every distributed plugin) does
    "curated/nipype-1.6.1-1.8.5-networkx-3": Proof(
        check=NIPYPE_CHECK, signature="to_scipy_sparse_matrix",
        stacks=(Stack({"nipype": "1.6.1", "networkx": "3.0", **NIPYPE_PINS}, "failed", "nipype 1.6.1 with networkx 3.0"),
                Stack({"nipype": "1.6.1", "networkx": "3.6.1", **NIPYPE_PINS}, "failed", "nipype 1.6.1 with networkx 3.6.1"),
                Stack({"nipype": "1.8.5", "networkx": "3.0", **NIPYPE_PINS}, "failed", "nipype 1.8.5 with networkx 3.0"),
                Stack({"nipype": "1.8.5", "networkx": "3.6.1", **NIPYPE_PINS}, "failed", "nipype 1.8.5 with networkx 3.6.1"),
                Stack({"nipype": "1.6.1", "networkx": "2.8.8", **NIPYPE_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"nipype": "1.8.5", "networkx": "2.8.8", **NIPYPE_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"nipype": "1.8.6", "networkx": "3.0", **NIPYPE_PINS}, "passed", "nipype 1.8.6, just above the range"))),
    # NumPy, SciPy and jieba pinned; networkx's pagerank needs SciPy, which textrank4zh does not declare, so SciPy is
    # resolved with it; both releases are sdists (pure Python); no fixed release exists, so the passing side is
    # networkx 2.8.8
    "curated/textrank4zh-0.2-0.3-networkx-3": Proof(
        check=TEXTRANK_CHECK, signature="from_numpy_matrix",
        stacks=(Stack({"textrank4zh": "0.2", "networkx": "3.0", **TEXTRANK_PINS}, "failed", "textrank4zh 0.2 with networkx 3.0"),
                Stack({"textrank4zh": "0.2", "networkx": "3.6.1", **TEXTRANK_PINS}, "failed", "textrank4zh 0.2 with networkx 3.6.1"),
                Stack({"textrank4zh": "0.3", "networkx": "3.0", **TEXTRANK_PINS}, "failed", "textrank4zh 0.3 with networkx 3.0"),
                Stack({"textrank4zh": "0.3", "networkx": "3.6.1", **TEXTRANK_PINS}, "failed", "textrank4zh 0.3 with networkx 3.6.1"),
                Stack({"textrank4zh": "0.2", "networkx": "2.8.8", **TEXTRANK_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"textrank4zh": "0.3", "networkx": "2.8.8", **TEXTRANK_PINS}, "passed", "networkx 2.8.8, just below 3.0")),
        roots=("scipy",)),
    # NumPy, numba and setuptools pinned so only SciPy differs
    "curated/librosa-0.10.0-0.10.1-scipy-1.13": Proof(
        check=LIBROSA_BEAT_CHECK, signature="hann", roots=("setuptools",),
        stacks=(Stack({"librosa": "0.10.0", "scipy": "1.13.0", **LIBROSA_PINS}, "failed",
                      "librosa 0.10.0 with SciPy 1.13.0"),
                Stack({"librosa": "0.10.0", "scipy": "1.17.1", **LIBROSA_PINS}, "failed",
                      "librosa 0.10.0 with SciPy 1.17.1"),
                Stack({"librosa": "0.10.1", "scipy": "1.13.0", **LIBROSA_PINS}, "failed",
                      "librosa 0.10.1 with SciPy 1.13.0"),
                Stack({"librosa": "0.10.1", "scipy": "1.17.1", **LIBROSA_PINS}, "failed",
                      "librosa 0.10.1 with SciPy 1.17.1"),
                Stack({"librosa": "0.10.1", "scipy": "1.12.0", **LIBROSA_PINS}, "passed",
                      "SciPy 1.12.0, just below 1.13"),
                Stack({"librosa": "0.10.2", "scipy": "1.13.0", **LIBROSA_PINS}, "passed",
                      "librosa 0.10.2, just above the range"))),
    # Matplotlib comes with librosa's display extra; NumPy, numba, SciPy and setuptools pinned
    "curated/librosa-0.10.0-0.10.1-matplotlib-3.11": Proof(
        check=LIBROSA_SPECSHOW_CHECK, signature="get_cmap", roots=("matplotlib", "setuptools"),
        stacks=(Stack({"librosa": "0.10.0", "matplotlib": "3.11.0", **LIBROSA_MPL_PINS}, "failed",
                      "librosa 0.10.0 with Matplotlib 3.11.0"),
                Stack({"librosa": "0.10.0", "matplotlib": "3.11.2", **LIBROSA_MPL_PINS}, "failed",
                      "librosa 0.10.0 with Matplotlib 3.11.2"),
                Stack({"librosa": "0.10.1", "matplotlib": "3.11.0", **LIBROSA_MPL_PINS}, "failed",
                      "librosa 0.10.1 with Matplotlib 3.11.0"),
                Stack({"librosa": "0.10.1", "matplotlib": "3.11.2", **LIBROSA_MPL_PINS}, "failed",
                      "librosa 0.10.1 with Matplotlib 3.11.2"),
                Stack({"librosa": "0.10.1", "matplotlib": "3.10.9", **LIBROSA_MPL_PINS}, "passed",
                      "Matplotlib 3.10.9, just below 3.11"),
                Stack({"librosa": "0.10.2", "matplotlib": "3.11.0", **LIBROSA_MPL_PINS}, "passed",
                      "librosa 0.10.2, just above the range"))),
    # Matplotlib 3.9.0 removed cm.get_cmap and 3.9.1 restored it (until 3.11)
    "curated/librosa-0.10.0-0.10.1-matplotlib-3.9.0": Proof(
        check=LIBROSA_SPECSHOW_CHECK, signature="get_cmap", roots=("matplotlib", "setuptools"),
        stacks=(Stack({"librosa": "0.10.0", "matplotlib": "3.9.0", **LIBROSA_MPL_PINS}, "failed",
                      "librosa 0.10.0 with Matplotlib 3.9.0"),
                Stack({"librosa": "0.10.1", "matplotlib": "3.9.0", **LIBROSA_MPL_PINS}, "failed",
                      "librosa 0.10.1 with Matplotlib 3.9.0"),
                Stack({"librosa": "0.10.1", "matplotlib": "3.8.4", **LIBROSA_MPL_PINS}, "passed",
                      "Matplotlib 3.8.4, just below 3.9.0"),
                Stack({"librosa": "0.10.1", "matplotlib": "3.9.1.post1", **LIBROSA_MPL_PINS}, "passed",
                      "Matplotlib 3.9.1.post1, just above 3.9.0 (get_cmap restored)"),
                Stack({"librosa": "0.10.2", "matplotlib": "3.9.0", **LIBROSA_MPL_PINS}, "passed",
                      "librosa 0.10.2, just above the range"))),
    # NumPy, numba and setuptools pinned so only SciPy differs
    "curated/librosa-0.10.0-0.10.2-scipy-1.14": Proof(
        check=LIBROSA_ICQT_CHECK, signature="has no attribute 'H'", roots=("setuptools",),
        stacks=(Stack({"librosa": "0.10.0", "scipy": "1.14.0", **LIBROSA_PINS}, "failed",
                      "librosa 0.10.0 with SciPy 1.14.0"),
                Stack({"librosa": "0.10.0", "scipy": "1.17.1", **LIBROSA_PINS}, "failed",
                      "librosa 0.10.0 with SciPy 1.17.1"),
                Stack({"librosa": "0.10.2.post1", "scipy": "1.14.0", **LIBROSA_PINS}, "failed",
                      "librosa 0.10.2.post1 with SciPy 1.14.0"),
                Stack({"librosa": "0.10.2.post1", "scipy": "1.17.1", **LIBROSA_PINS}, "failed",
                      "librosa 0.10.2.post1 with SciPy 1.17.1"),
                Stack({"librosa": "0.10.2.post1", "scipy": "1.13.1", **LIBROSA_PINS}, "passed",
                      "SciPy 1.13.1, just below 1.14"),
                Stack({"librosa": "0.11.0", "scipy": "1.14.0", **LIBROSA_PINS}, "passed",
                      "librosa 0.11.0, just above the range"))),
    # NumPy, scikit-learn, Matplotlib and six pinned so only SciPy differs
    "curated/scikit-plot-0.2.7-scipy-1.12": Proof(
        check=SKPLOT_CHECK, signature="cannot import name 'interp'", roots=("six",),
        stacks=(Stack({"scikit-plot": "0.2.7", "scipy": "1.12.0", **SKPLOT_PINS}, "failed",
                      "scikit-plot 0.2.7 with SciPy 1.12.0"),
                Stack({"scikit-plot": "0.2.7", "scipy": "1.17.1", **SKPLOT_PINS}, "failed",
                      "scikit-plot 0.2.7 with SciPy 1.17.1"),
                Stack({"scikit-plot": "0.3.7", "scipy": "1.12.0", **SKPLOT_PINS}, "failed",
                      "scikit-plot 0.3.7 with SciPy 1.12.0"),
                Stack({"scikit-plot": "0.3.7", "scipy": "1.17.1", **SKPLOT_PINS}, "failed",
                      "scikit-plot 0.3.7 with SciPy 1.17.1"),
                Stack({"scikit-plot": "0.3.0", "scipy": "1.12.0", **SKPLOT_PINS}, "failed",
                      "scikit-plot 0.3.0 with SciPy 1.12.0"),
                Stack({"scikit-plot": "0.3.7", "scipy": "1.11.4", **SKPLOT_PINS}, "passed",
                      "SciPy 1.11.4, just below 1.12"),
                Stack({"scikit-plot": "0.2.7", "scipy": "1.11.4", **SKPLOT_PINS}, "passed",
                      "scikit-plot 0.2.7 with SciPy 1.11.4"))),
    # NumPy and SciPy pinned so only Matplotlib differs
    "curated/symbulate-0.5-matplotlib-3.8": Proof(
        check=SYMBULATE_CHECK, signature="seaborn-colorblind", roots=("matplotlib",),
        stacks=(Stack({"symbulate": "0.5.0", "matplotlib": "3.8.0", **SYMBULATE_PINS}, "failed",
                      "symbulate 0.5.0 with Matplotlib 3.8.0"),
                Stack({"symbulate": "0.5.0", "matplotlib": "3.11.2", **SYMBULATE_PINS}, "failed",
                      "symbulate 0.5.0 with Matplotlib 3.11.2"),
                Stack({"symbulate": "0.5.7", "matplotlib": "3.8.0", **SYMBULATE_PINS}, "failed",
                      "symbulate 0.5.7 with Matplotlib 3.8.0"),
                Stack({"symbulate": "0.5.7", "matplotlib": "3.11.2", **SYMBULATE_PINS}, "failed",
                      "symbulate 0.5.7 with Matplotlib 3.11.2"),
                Stack({"symbulate": "0.5.7", "matplotlib": "3.7.5", **SYMBULATE_PINS}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"),
                Stack({"symbulate": "0.5.0", "matplotlib": "3.7.5", **SYMBULATE_PINS}, "passed",
                      "symbulate 0.5.0 with Matplotlib 3.7.5"))),
    "curated/rsmf-0.1-0.2-matplotlib-3.8": Proof(
        check=RSMF_CHECK, signature="seaborn-white",
        stacks=(Stack({"rsmf": "0.1", "matplotlib": "3.8.0", "numpy": "1.26.4"}, "failed",
                      "rsmf 0.1 with Matplotlib 3.8.0"),
                Stack({"rsmf": "0.1", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "rsmf 0.1 with Matplotlib 3.11.2"),
                Stack({"rsmf": "0.2", "matplotlib": "3.8.0", "numpy": "1.26.4"}, "failed",
                      "rsmf 0.2 with Matplotlib 3.8.0"),
                Stack({"rsmf": "0.2", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "rsmf 0.2 with Matplotlib 3.11.2"),
                Stack({"rsmf": "0.2", "matplotlib": "3.7.5", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"),
                Stack({"rsmf": "0.1", "matplotlib": "3.7.5", "numpy": "1.26.4"}, "passed",
                      "rsmf 0.1 with Matplotlib 3.7.5"),
                Stack({"rsmf": "0.2.1", "matplotlib": "3.8.0", "numpy": "1.26.4"}, "passed",
                      "rsmf 0.2.1, just above the range"))),
    "curated/cmastro-0.2-matplotlib-3.9": Proof(
        check="python -c 'import cmastro'", signature="register_cmap",
        stacks=(Stack({"cmastro": "0.2", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "failed",
                      "cmastro 0.2 with Matplotlib 3.9.0"),
                Stack({"cmastro": "0.2", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "cmastro 0.2 with Matplotlib 3.11.2"),
                Stack({"cmastro": "0.2", "matplotlib": "3.8.4", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.8.4, just below 3.9.0"))),
    "curated/pynaff-1.1.5-1.1.6-numpy-2": Proof(
        check=PYNAFF_CHECK, signature="ComplexWarning",
        stacks=(Stack({"pynaff": "1.1.5", "numpy": "2.0.0"}, "failed", "PyNAFF 1.1.5 with NumPy 2.0.0"),
                Stack({"pynaff": "1.1.5", "numpy": "2.4.6"}, "failed", "PyNAFF 1.1.5 with NumPy 2.4.6"),
                Stack({"pynaff": "1.1.6", "numpy": "2.0.0"}, "failed", "PyNAFF 1.1.6 with NumPy 2.0.0"),
                Stack({"pynaff": "1.1.6", "numpy": "2.4.6"}, "failed", "PyNAFF 1.1.6 with NumPy 2.4.6"),
                Stack({"pynaff": "1.1.5", "numpy": "1.26.4"}, "passed", "PyNAFF 1.1.5 with NumPy 1.26.4, just below 2.0"),
                Stack({"pynaff": "1.1.6", "numpy": "1.26.4"}, "passed", "PyNAFF 1.1.6 with NumPy 1.26.4, just below 2.0"),
                Stack({"pynaff": "1.1.7", "numpy": "2.0.0"}, "passed", "PyNAFF 1.1.7, just above the range"))),
    "curated/seaborn-0.12.2-pandas-3": Proof(
        check=SEABORN_PANDAS_CHECK, signature="use_inf_as_na",
        stacks=(Stack({"seaborn": "0.12.2", "pandas": "3.0.0", **SEABORN_PANDAS3_PINS}, "failed",
                      "seaborn 0.12.2 with pandas 3.0.0"),
                Stack({"seaborn": "0.12.2", "pandas": "3.1.1", **SEABORN_PANDAS3_PINS}, "failed",
                      "seaborn 0.12.2 with pandas 3.1.1"),
                Stack({"seaborn": "0.12.2", "pandas": "2.3.3", **SEABORN_PANDAS3_PINS}, "passed",
                      "seaborn 0.12.2 with pandas 2.3.3, just below 3.0"),
                Stack({"seaborn": "0.13.0", "pandas": "3.0.0", **SEABORN_PANDAS3_PINS}, "passed",
                      "seaborn 0.13.0, just above the range"))),
    "curated/requests-html-0.8.1-0.10-lxml-5.2": Proof(
        check=REQUESTS_HTML_CHECK, signature="lxml_html_clean",
        stacks=(Stack({"requests-html": "0.8.1", "lxml": "5.2.0"}, "failed", "requests-html 0.8.1 with lxml 5.2.0"),
                Stack({"requests-html": "0.8.1", "lxml": "6.1.3"}, "failed", "requests-html 0.8.1 with lxml 6.1.3"),
                Stack({"requests-html": "0.10.0", "lxml": "5.2.0"}, "failed", "requests-html 0.10.0 with lxml 5.2.0"),
                Stack({"requests-html": "0.10.0", "lxml": "6.1.3"}, "failed", "requests-html 0.10.0 with lxml 6.1.3"),
                Stack({"requests-html": "0.8.1", "lxml": "5.1.1"}, "passed", "requests-html 0.8.1 with lxml 5.1.1, just below 5.2"),
                Stack({"requests-html": "0.10.0", "lxml": "5.1.1"}, "passed", "requests-html 0.10.0 with lxml 5.1.1, just below 5.2")),
        roots=("lxml",)),
    "curated/newspaper3k-0.2-lxml-5.2": Proof(
        check=NEWSPAPER_FULLTEXT_CHECK, signature="lxml_html_clean",
        stacks=(Stack({"newspaper3k": "0.2.0", "lxml": "5.2.0"}, "failed", "newspaper3k 0.2.0 with lxml 5.2.0"),
                Stack({"newspaper3k": "0.2.0", "lxml": "6.1.3"}, "failed", "newspaper3k 0.2.0 with lxml 6.1.3"),
                Stack({"newspaper3k": "0.2.8", "lxml": "5.2.0"}, "failed", "newspaper3k 0.2.8 with lxml 5.2.0"),
                Stack({"newspaper3k": "0.2.8", "lxml": "6.1.3"}, "failed", "newspaper3k 0.2.8 with lxml 6.1.3"),
                Stack({"newspaper3k": "0.2.0", "lxml": "5.1.1"}, "passed", "newspaper3k 0.2.0 with lxml 5.1.1, just below 5.2"),
                Stack({"newspaper3k": "0.2.8", "lxml": "5.1.1"}, "passed", "newspaper3k 0.2.8 with lxml 5.1.1, just below 5.2"))),
    "curated/readability-lxml-0.7-0.8.1-lxml-5.2": Proof(
        check=READABILITY_LXML_CHECK, signature="lxml_html_clean",
        stacks=(Stack({"readability-lxml": "0.7", "lxml": "5.2.0"}, "failed", "readability-lxml 0.7 with lxml 5.2.0"),
                Stack({"readability-lxml": "0.7", "lxml": "6.1.3"}, "failed", "readability-lxml 0.7 with lxml 6.1.3"),
                Stack({"readability-lxml": "0.8.1", "lxml": "5.2.0"}, "failed", "readability-lxml 0.8.1 with lxml 5.2.0"),
                Stack({"readability-lxml": "0.8.1", "lxml": "6.1.3"}, "failed", "readability-lxml 0.8.1 with lxml 6.1.3"),
                Stack({"readability-lxml": "0.7", "lxml": "5.1.1"}, "passed", "readability-lxml 0.7 with lxml 5.1.1, just below 5.2"),
                Stack({"readability-lxml": "0.8.1", "lxml": "5.1.1"}, "passed", "readability-lxml 0.8.1 with lxml 5.1.1, just below 5.2"),
                Stack({"readability-lxml": "0.8.4.1", "lxml": "5.2.0"}, "passed", "readability-lxml 0.8.4.1 (lxml[html_clean]) with lxml 5.2.0"))),
    "curated/html-sanitizer-1.0-2.3-lxml-5.2": Proof(
        check=HTML_SANITIZER_CHECK, signature="lxml_html_clean",
        stacks=(Stack({"html-sanitizer": "1.0.0", "lxml": "5.2.0"}, "failed", "html-sanitizer 1.0.0 with lxml 5.2.0"),
                Stack({"html-sanitizer": "1.0.0", "lxml": "6.1.3"}, "failed", "html-sanitizer 1.0.0 with lxml 6.1.3"),
                Stack({"html-sanitizer": "2.3.1", "lxml": "5.2.0"}, "failed", "html-sanitizer 2.3.1 with lxml 5.2.0"),
                Stack({"html-sanitizer": "2.3.1", "lxml": "6.1.3"}, "failed", "html-sanitizer 2.3.1 with lxml 6.1.3"),
                Stack({"html-sanitizer": "1.0.0", "lxml": "5.1.1"}, "passed", "html-sanitizer 1.0.0 with lxml 5.1.1, just below 5.2"),
                Stack({"html-sanitizer": "2.3.1", "lxml": "5.1.1"}, "passed", "html-sanitizer 2.3.1 with lxml 5.1.1, just below 5.2"),
                Stack({"html-sanitizer": "2.4.0", "lxml": "5.2.0"}, "passed", "html-sanitizer 2.4.0 (lxml[html-clean]) with lxml 5.2.0"))),
    "curated/justext-2.0-3.0.0-lxml-5.2": Proof(
        check=JUSTEXT_CHECK, signature="lxml_html_clean",
        stacks=(Stack({"justext": "2.0.0", "lxml": "5.2.0"}, "failed", "jusText 2.0.0 with lxml 5.2.0"),
                Stack({"justext": "2.0.0", "lxml": "6.1.3"}, "failed", "jusText 2.0.0 with lxml 6.1.3"),
                Stack({"justext": "3.0.0", "lxml": "5.2.0"}, "failed", "jusText 3.0.0 with lxml 5.2.0"),
                Stack({"justext": "3.0.0", "lxml": "6.1.3"}, "failed", "jusText 3.0.0 with lxml 6.1.3"),
                Stack({"justext": "2.0.0", "lxml": "5.1.1"}, "passed", "jusText 2.0.0 with lxml 5.1.1, just below 5.2"),
                Stack({"justext": "3.0.0", "lxml": "5.1.1"}, "passed", "jusText 3.0.0 with lxml 5.1.1, just below 5.2"),
                Stack({"justext": "3.0.1", "lxml": "5.2.0"}, "passed", "jusText 3.0.1 (lxml[html_clean]) with lxml 5.2.0"))),
    "curated/html-text-0.1-0.5-lxml-5.2": Proof(
        check=HTML_TEXT_CHECK, signature="lxml_html_clean",
        stacks=(Stack({"html-text": "0.1.0", "lxml": "5.2.0"}, "failed", "html-text 0.1.0 with lxml 5.2.0"),
                Stack({"html-text": "0.1.0", "lxml": "6.1.3"}, "failed", "html-text 0.1.0 with lxml 6.1.3"),
                Stack({"html-text": "0.5.2", "lxml": "5.2.0"}, "failed", "html-text 0.5.2 with lxml 5.2.0"),
                Stack({"html-text": "0.5.2", "lxml": "6.1.3"}, "failed", "html-text 0.5.2 with lxml 6.1.3"),
                Stack({"html-text": "0.1.0", "lxml": "5.1.1"}, "passed", "html-text 0.1.0 with lxml 5.1.1, just below 5.2"),
                Stack({"html-text": "0.5.2", "lxml": "5.1.1"}, "passed", "html-text 0.5.2 with lxml 5.1.1, just below 5.2"),
                Stack({"html-text": "0.6.0", "lxml": "5.2.0"}, "passed", "html-text 0.6.0 (lxml[html_clean]) with lxml 5.2.0"))),
    "curated/ucsmsdk-0.9.1-0.9.12-pyparsing-3": Proof(
        check=UCSMSDK_FILTER_CHECK, signature="operatorPrecedence",
        stacks=(Stack({"ucsmsdk": "0.9.1.0", "pyparsing": "3.0.0"}, "failed", "ucsmsdk 0.9.1.0 with pyparsing 3.0.0"),
                Stack({"ucsmsdk": "0.9.1.0", "pyparsing": "3.3.3"}, "failed", "ucsmsdk 0.9.1.0 with pyparsing 3.3.3"),
                Stack({"ucsmsdk": "0.9.12", "pyparsing": "3.0.0"}, "failed", "ucsmsdk 0.9.12 with pyparsing 3.0.0"),
                Stack({"ucsmsdk": "0.9.12", "pyparsing": "3.3.3"}, "failed", "ucsmsdk 0.9.12 with pyparsing 3.3.3"),
                Stack({"ucsmsdk": "0.9.1.0", "pyparsing": "2.4.7"}, "passed", "ucsmsdk 0.9.1.0 with pyparsing 2.4.7, just below 3"),
                Stack({"ucsmsdk": "0.9.12", "pyparsing": "2.4.7"}, "passed", "ucsmsdk 0.9.12 with pyparsing 2.4.7, just below 3"),
                Stack({"ucsmsdk": "0.9.13", "pyparsing": "3.0.0"}, "passed", "ucsmsdk 0.9.13 (infixNotation) with pyparsing 3.0.0"))),
    "curated/imcsdk-0.9.1-0.9.17-not-0.9.13-pyparsing-3": Proof(
        check=IMCSDK_FILTER_CHECK, signature="operatorPrecedence",
        stacks=(Stack({"imcsdk": "0.9.1.0", "pyparsing": "3.0.0"}, "failed", "imcsdk 0.9.1.0 with pyparsing 3.0.0"),
                Stack({"imcsdk": "0.9.1.0", "pyparsing": "3.3.3"}, "failed", "imcsdk 0.9.1.0 with pyparsing 3.3.3"),
                Stack({"imcsdk": "0.9.12", "pyparsing": "3.0.0"}, "failed", "imcsdk 0.9.12 with pyparsing 3.0.0"),
                Stack({"imcsdk": "0.9.14", "pyparsing": "3.0.0"}, "failed", "imcsdk 0.9.14 with pyparsing 3.0.0"),
                Stack({"imcsdk": "0.9.17", "pyparsing": "3.0.0"}, "failed", "imcsdk 0.9.17 with pyparsing 3.0.0"),
                Stack({"imcsdk": "0.9.17", "pyparsing": "3.3.3"}, "failed", "imcsdk 0.9.17 with pyparsing 3.3.3"),
                Stack({"imcsdk": "0.9.1.0", "pyparsing": "2.4.7"}, "passed", "imcsdk 0.9.1.0 with pyparsing 2.4.7, just below 3"),
                Stack({"imcsdk": "0.9.17", "pyparsing": "2.4.7"}, "passed", "imcsdk 0.9.17 with pyparsing 2.4.7, just below 3"),
                Stack({"imcsdk": "0.9.13", "pyparsing": "3.0.0"}, "passed", "imcsdk 0.9.13 (infixNotation) with pyparsing 3.0.0"),
                Stack({"imcsdk": "0.9.13", "pyparsing": "3.3.3"}, "passed", "imcsdk 0.9.13 (infixNotation) with pyparsing 3.3.3"))),
    "curated/secretstorage-3.0.1-3.3.0-cryptography-37": Proof(
        check=SECRETSTORAGE_DH_CHECK, signature="int_from_bytes",
        stacks=(Stack({"secretstorage": "3.0.1", "cryptography": "37.0.0", "jeepney": "0.7.1"}, "failed",
                      "SecretStorage 3.0.1 with cryptography 37.0.0"),
                Stack({"secretstorage": "3.0.1", "cryptography": "50.0.2", "jeepney": "0.7.1"}, "failed",
                      "SecretStorage 3.0.1 with cryptography 50.0.2"),
                Stack({"secretstorage": "3.2.0", "cryptography": "37.0.0", "jeepney": "0.7.1"}, "failed",
                      "SecretStorage 3.2.0 with cryptography 37.0.0"),
                Stack({"secretstorage": "3.3.0", "cryptography": "37.0.0", "jeepney": "0.9.0"}, "failed",
                      "SecretStorage 3.3.0 with cryptography 37.0.0"),
                Stack({"secretstorage": "3.3.0", "cryptography": "50.0.2", "jeepney": "0.9.0"}, "failed",
                      "SecretStorage 3.3.0 with cryptography 50.0.2"),
                Stack({"secretstorage": "3.0.1", "cryptography": "36.0.2", "jeepney": "0.7.1"}, "passed",
                      "SecretStorage 3.0.1 with cryptography 36.0.2, just below 37"),
                Stack({"secretstorage": "3.3.0", "cryptography": "36.0.2", "jeepney": "0.9.0"}, "passed",
                      "SecretStorage 3.3.0 with cryptography 36.0.2, just below 37"),
                Stack({"secretstorage": "3.3.1", "cryptography": "37.0.0", "jeepney": "0.9.0"}, "passed",
                      "SecretStorage 3.3.1 (int.from_bytes) with cryptography 37.0.0"))),
    "curated/newspaper4k-0.9.0-0.9.3.1-lxml-5.2": Proof(
        check=NEWSPAPER_FULLTEXT_CHECK, signature="lxml_html_clean",
        stacks=(Stack({"newspaper4k": "0.9.0", "lxml": "5.2.0"}, "failed", "newspaper4k 0.9.0 with lxml 5.2.0"),
                Stack({"newspaper4k": "0.9.0", "lxml": "6.1.3"}, "failed", "newspaper4k 0.9.0 with lxml 6.1.3"),
                Stack({"newspaper4k": "0.9.3.1", "lxml": "5.2.0"}, "failed", "newspaper4k 0.9.3.1 with lxml 5.2.0"),
                Stack({"newspaper4k": "0.9.3.1", "lxml": "6.1.3"}, "failed", "newspaper4k 0.9.3.1 with lxml 6.1.3"),
                Stack({"newspaper4k": "0.9.0", "lxml": "5.1.1"}, "passed", "newspaper4k 0.9.0 with lxml 5.1.1, just below 5.2"),
                Stack({"newspaper4k": "0.9.3.1", "lxml": "5.1.1"}, "passed", "newspaper4k 0.9.3.1 with lxml 5.1.1, just below 5.2"),
                Stack({"newspaper4k": "0.9.4", "lxml": "5.2.0"}, "passed", "newspaper4k 0.9.4 (lxml[html-clean]) with lxml 5.2.0"))),
    "curated/pytest-pydocstyle-2.3-2.4-pytest-9.1": Proof(
        check=PYDOCSTYLE_CHECK, signature="pytest_collect_file",
        stacks=(Stack({"pytest-pydocstyle": "2.3.0", "pytest": "9.1.0", **PYDOCSTYLE_PINS}, "failed",
                      "pytest-pydocstyle 2.3.0 with pytest 9.1.0"),
                Stack({"pytest-pydocstyle": "2.3.0", "pytest": "9.2.0", **PYDOCSTYLE_PINS}, "failed",
                      "pytest-pydocstyle 2.3.0 with pytest 9.2.0"),
                Stack({"pytest-pydocstyle": "2.4.0", "pytest": "9.1.0", **PYDOCSTYLE_PINS}, "failed",
                      "pytest-pydocstyle 2.4.0 with pytest 9.1.0"),
                Stack({"pytest-pydocstyle": "2.4.0", "pytest": "9.2.0", **PYDOCSTYLE_PINS}, "failed",
                      "pytest-pydocstyle 2.4.0 with pytest 9.2.0"),
                Stack({"pytest-pydocstyle": "2.3.0", "pytest": "9.0.3", **PYDOCSTYLE_PINS}, "passed",
                      "pytest 9.0.3, just below 9.1"),
                Stack({"pytest-pydocstyle": "2.4.0", "pytest": "9.0.3", **PYDOCSTYLE_PINS}, "passed",
                      "pytest 9.0.3, just below 9.1"))),
    "curated/pytest-pydocstyle-2.2-2.3.1-pydocstyle-6.2": Proof(
        check=PYDOCSTYLE_CHECK, signature="too many values to unpack",
        stacks=(Stack({"pytest-pydocstyle": "2.2.0", "pydocstyle": "6.2.0", **PYDOCSTYLE_PYTEST}, "failed",
                      "pytest-pydocstyle 2.2.0 with pydocstyle 6.2.0"),
                Stack({"pytest-pydocstyle": "2.2.0", "pydocstyle": "6.3.0", **PYDOCSTYLE_PYTEST}, "failed",
                      "pytest-pydocstyle 2.2.0 with pydocstyle 6.3.0"),
                Stack({"pytest-pydocstyle": "2.3.1", "pydocstyle": "6.2.0", **PYDOCSTYLE_PYTEST}, "failed",
                      "pytest-pydocstyle 2.3.1 with pydocstyle 6.2.0"),
                Stack({"pytest-pydocstyle": "2.3.1", "pydocstyle": "6.3.0", **PYDOCSTYLE_PYTEST}, "failed",
                      "pytest-pydocstyle 2.3.1 with pydocstyle 6.3.0"),
                Stack({"pytest-pydocstyle": "2.2.0", "pydocstyle": "6.1.1", **PYDOCSTYLE_PYTEST}, "passed",
                      "pydocstyle 6.1.1, just below 6.2"),
                Stack({"pytest-pydocstyle": "2.3.1", "pydocstyle": "6.1.1", **PYDOCSTYLE_PYTEST}, "passed",
                      "pydocstyle 6.1.1, just below 6.2"),
                Stack({"pytest-pydocstyle": "2.3.2", "pydocstyle": "6.2.0", **PYDOCSTYLE_PYTEST}, "passed",
                      "pytest-pydocstyle 2.3.2, just above the range"))),
    "curated/pytest-yapf3-0.7-pytest-9.1": Proof(
        check=YAPF3_CHECK, signature="pytest_collect_file",
        stacks=(Stack({"pytest-yapf3": "0.7.0", "pytest": "9.1.0"}, "failed", "pytest-yapf3 0.7.0 with pytest 9.1.0"),
                Stack({"pytest-yapf3": "0.7.0", "pytest": "9.2.0"}, "failed", "pytest-yapf3 0.7.0 with pytest 9.2.0"),
                Stack({"pytest-yapf3": "0.7.0", "pytest": "9.0.3"}, "passed", "pytest 9.0.3, just below 9.1")),
        wheels=(("pytest-yapf3", "0.7.0"),)),
    "curated/pylint-import-requirements-1.0-2.0.5-pylint-3": Proof(
        check=IMPORT_REQUIREMENTS_CHECK, signature="IAstroidChecker",
        stacks=(Stack({"pylint-import-requirements": "1.0.0", "pylint": "3.0.0", **SETUPTOOLS_PKG},
                      "failed", "pylint-import-requirements 1.0.0 with pylint 3.0.0"),
                Stack({"pylint-import-requirements": "1.0.0", "pylint": "4.1.4", **SETUPTOOLS_PKG},
                      "failed", "pylint-import-requirements 1.0.0 with pylint 4.1.4"),
                Stack({"pylint-import-requirements": "2.0.5", "pylint": "3.0.0", **SETUPTOOLS_PKG},
                      "failed", "pylint-import-requirements 2.0.5 with pylint 3.0.0"),
                Stack({"pylint-import-requirements": "2.0.5", "pylint": "4.1.4", **SETUPTOOLS_PKG},
                      "failed", "pylint-import-requirements 2.0.5 with pylint 4.1.4"),
                Stack({"pylint-import-requirements": "1.0.0", "pylint": "2.17.7", **SETUPTOOLS_PKG},
                      "passed", "pylint 2.17.7, just below 3"),
                Stack({"pylint-import-requirements": "2.0.5", "pylint": "2.17.7", **SETUPTOOLS_PKG},
                      "passed", "pylint 2.17.7, just below 3")),
        wheels=(("pylint-import-requirements", "1.0.0"), ("pylint-import-requirements", "2.0.5"))),
    "curated/pylint-import-requirements-1.0-2.0.5-setuptools-82": Proof(
        check=IMPORT_REQUIREMENTS_CHECK, signature="pkg_resources",
        stacks=(Stack({"pylint-import-requirements": "1.0.0", "setuptools": "82.0.0", **IMPORT_REQUIREMENTS_PYLINT},
                      "failed", "pylint-import-requirements 1.0.0 with setuptools 82.0.0"),
                Stack({"pylint-import-requirements": "1.0.0", "setuptools": "84.2.1", **IMPORT_REQUIREMENTS_PYLINT},
                      "failed", "pylint-import-requirements 1.0.0 with setuptools 84.2.1"),
                Stack({"pylint-import-requirements": "2.0.5", "setuptools": "82.0.0", **IMPORT_REQUIREMENTS_PYLINT},
                      "failed", "pylint-import-requirements 2.0.5 with setuptools 82.0.0"),
                Stack({"pylint-import-requirements": "2.0.5", "setuptools": "84.2.1", **IMPORT_REQUIREMENTS_PYLINT},
                      "failed", "pylint-import-requirements 2.0.5 with setuptools 84.2.1"),
                Stack({"pylint-import-requirements": "1.0.0", "setuptools": "81.0.0", **IMPORT_REQUIREMENTS_PYLINT},
                      "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pylint-import-requirements": "2.0.5", "setuptools": "81.0.0", **IMPORT_REQUIREMENTS_PYLINT},
                      "passed", "setuptools 81.0.0, just below 82")),
        wheels=(("pylint-import-requirements", "1.0.0"), ("pylint-import-requirements", "2.0.5"))),
    "curated/pytest-pycodestyle-2.3.1-2.4.0-pytest-9.1": Proof(
        check=PYCODESTYLE_CHECK, signature="pytest_collect_file",
        stacks=(Stack({"pytest-pycodestyle": "2.3.1", "pytest": "9.1.0"}, "failed", "pytest-pycodestyle 2.3.1 with pytest 9.1.0"),
                Stack({"pytest-pycodestyle": "2.3.1", "pytest": "9.2.0"}, "failed", "pytest-pycodestyle 2.3.1 with pytest 9.2.0"),
                Stack({"pytest-pycodestyle": "2.4.0", "pytest": "9.1.0"}, "failed", "pytest-pycodestyle 2.4.0 with pytest 9.1.0"),
                Stack({"pytest-pycodestyle": "2.4.0", "pytest": "9.2.0"}, "failed", "pytest-pycodestyle 2.4.0 with pytest 9.2.0"),
                Stack({"pytest-pycodestyle": "2.3.1", "pytest": "9.0.3"}, "passed", "pytest 9.0.3, just below 9.1"),
                Stack({"pytest-pycodestyle": "2.4.0", "pytest": "9.0.3"}, "passed", "pytest 9.0.3, just below 9.1"),
                Stack({"pytest-pycodestyle": "2.4.1", "pytest": "9.1.0"}, "passed", "pytest-pycodestyle 2.4.1, just above the range"))),
    "curated/pytest-isort-3.1-pytest-9.1": Proof(
        check=ISORT_CHECK, signature="pytest_collect_file",
        stacks=(Stack({"pytest-isort": "3.1.0", "pytest": "9.1.0"}, "failed", "pytest-isort 3.1.0 with pytest 9.1.0"),
                Stack({"pytest-isort": "3.1.0", "pytest": "9.2.0"}, "failed", "pytest-isort 3.1.0 with pytest 9.2.0"),
                Stack({"pytest-isort": "3.1.0", "pytest": "9.0.3"}, "passed", "pytest 9.0.3, just below 9.1"),
                Stack({"pytest-isort": "4.0.0", "pytest": "9.1.0"}, "passed", "pytest-isort 4.0.0, just above the range")),
        wheels=(("pytest-isort", "3.1.0"), ("pytest-isort", "4.0.0"))),
    "curated/pytest-flakes-4.0.4-pytest-7": Proof(
        check=FLAKES_CHECK, signature="pytest_collect_file",
        stacks=(Stack({"pytest-flakes": "4.0.4", "pytest": "7.0.0"}, "failed", "pytest-flakes 4.0.4 with pytest 7.0.0"),
                Stack({"pytest-flakes": "4.0.4", "pytest": "9.2.0"}, "failed", "pytest-flakes 4.0.4 with pytest 9.2.0"),
                Stack({"pytest-flakes": "4.0.4", "pytest": "6.2.5"}, "passed", "pytest 6.2.5, just below 7"),
                Stack({"pytest-flakes": "4.0.5", "pytest": "7.0.0"}, "passed", "pytest-flakes 4.0.5, just above the range")),
        wheels=(("pytest-flakes", "4.0.4"), ("pytest-flakes", "4.0.5"))),
    "curated/docs-versions-menu-0.5.0-packaging-22": Proof(
        check=DVM_CHECK, signature="LegacyVersion",
        stacks=(Stack({"docs-versions-menu": "0.5.0", "packaging": "22.0", **DVM_PINS}, "failed",
                      "docs-versions-menu 0.5.0 with packaging 22.0"),
                Stack({"docs-versions-menu": "0.5.0", "packaging": "26.4", **DVM_PINS}, "failed",
                      "docs-versions-menu 0.5.0 with packaging 26.4"),
                Stack({"docs-versions-menu": "0.5.0", "packaging": "21.3", **DVM_PINS}, "passed",
                      "packaging 21.3, just below 22"),
                Stack({"docs-versions-menu": "0.5.2", "packaging": "22.0", **DVM_PINS}, "passed",
                      "docs-versions-menu 0.5.2, the fixed release"),
                Stack({"docs-versions-menu": "0.5.2", "packaging": "26.4", **DVM_PINS}, "passed",
                      "docs-versions-menu 0.5.2 with packaging 26.4")),
        wheels=(("docs-versions-menu", "0.5.0"), ("docs-versions-menu", "0.5.2"))),
    "curated/cve-bin-tool-3.1.1-packaging-22": Proof(
        check=CVE_CHECK, signature="LegacyVersion",
        stacks=(Stack({"cve-bin-tool": "3.1.1", "packaging": "22.0", **CVE_PINS}, "failed", "cve-bin-tool 3.1.1 with packaging 22.0"),
                Stack({"cve-bin-tool": "3.1.1", "packaging": "26.4", **CVE_PINS}, "failed", "cve-bin-tool 3.1.1 with packaging 26.4"),
                Stack({"cve-bin-tool": "3.1.1", "packaging": "21.3", **CVE_PINS}, "passed", "packaging 21.3, just below 22"),
                Stack({"cve-bin-tool": "3.3", "packaging": "26.4", **SETUPTOOLS_PKG}, "passed", "cve-bin-tool 3.3, the first fixed release that allows packaging 22"),
                Stack({"cve-bin-tool": "3.0", "packaging": "26.4", **CVE_PINS}, "passed", "cve-bin-tool 3.0, just below the range")),
        roots=("setuptools",)),
    "curated/textrank4ch-1.1.2-1.2.3-networkx-3": Proof(
        check=TEXTRANK4CH_CHECK, signature="from_numpy_matrix",
        stacks=(Stack({"textrank4ch": "1.1.2", "networkx": "3.0", **TEXTRANK4CH_PINS}, "failed", "textrank4ch 1.1.2 with networkx 3.0"),
                Stack({"textrank4ch": "1.1.2", "networkx": "3.6.1", **TEXTRANK4CH_PINS}, "failed", "textrank4ch 1.1.2 with networkx 3.6.1"),
                Stack({"textrank4ch": "1.2.3", "networkx": "3.0", **TEXTRANK4CH_PINS}, "failed", "textrank4ch 1.2.3 with networkx 3.0"),
                Stack({"textrank4ch": "1.2.3", "networkx": "3.6.1", **TEXTRANK4CH_PINS}, "failed", "textrank4ch 1.2.3 with networkx 3.6.1"),
                Stack({"textrank4ch": "1.1.2", "networkx": "2.8.8", **TEXTRANK4CH_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"textrank4ch": "1.2.3", "networkx": "2.8.8", **TEXTRANK4CH_PINS}, "passed", "networkx 2.8.8, just below 3.0")),
        wheels=(("textrank4ch", "1.1.2"), ("textrank4ch", "1.2.3")),
        roots=("scipy",)),
    "curated/csrgraph-0.1.23-0.1.28-networkx-3": Proof(
        check=CSRGRAPH_CHECK, signature="adj_matrix",
        stacks=(Stack({"csrgraph": "0.1.23", "networkx": "3.0", **CSRGRAPH_PINS}, "failed", "csrgraph 0.1.23 with networkx 3.0"),
                Stack({"csrgraph": "0.1.23", "networkx": "3.6.1", **CSRGRAPH_PINS}, "failed", "csrgraph 0.1.23 with networkx 3.6.1"),
                Stack({"csrgraph": "0.1.28", "networkx": "3.0", **CSRGRAPH_PINS}, "failed", "csrgraph 0.1.28 with networkx 3.0"),
                Stack({"csrgraph": "0.1.28", "networkx": "3.6.1", **CSRGRAPH_PINS}, "failed", "csrgraph 0.1.28 with networkx 3.6.1"),
                Stack({"csrgraph": "0.1.23", "networkx": "2.8.8", **CSRGRAPH_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"csrgraph": "0.1.28", "networkx": "2.8.8", **CSRGRAPH_PINS}, "passed", "networkx 2.8.8, just below 3.0"))),
    "curated/graphhierarchy-0.5-1.8-networkx-3": Proof(
        check=GRAPHHIERARCHY_CHECK, signature="A1",
        stacks=(Stack({"graphhierarchy": "0.5", "networkx": "3.0", **GRAPHHIERARCHY_PINS}, "failed", "GraphHierarchy 0.5 with networkx 3.0"),
                Stack({"graphhierarchy": "0.5", "networkx": "3.6.1", **GRAPHHIERARCHY_PINS}, "failed", "GraphHierarchy 0.5 with networkx 3.6.1"),
                Stack({"graphhierarchy": "1.8", "networkx": "3.0", **GRAPHHIERARCHY_PINS}, "failed", "GraphHierarchy 1.8 with networkx 3.0"),
                Stack({"graphhierarchy": "1.8", "networkx": "3.6.1", **GRAPHHIERARCHY_PINS}, "failed", "GraphHierarchy 1.8 with networkx 3.6.1"),
                Stack({"graphhierarchy": "0.5", "networkx": "2.8.8", **GRAPHHIERARCHY_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"graphhierarchy": "1.8", "networkx": "2.8.8", **GRAPHHIERARCHY_PINS}, "passed", "networkx 2.8.8, just below 3.0")),
        wheels=(("graphhierarchy", "0.5"), ("graphhierarchy", "1.8"))),
    "curated/python-inspector-0.6.1-0.9.3-packaging-22": Proof(
        check=PYTHON_INSPECTOR_CHECK, signature="LegacyVersion",
        stacks=(Stack({"python-inspector": "0.6.1", "packaging": "22.0", **SETUPTOOLS_PKG}, "failed", "python-inspector 0.6.1 with packaging 22.0"),
                Stack({"python-inspector": "0.6.1", "packaging": "26.4", **SETUPTOOLS_PKG}, "failed", "python-inspector 0.6.1 with packaging 26.4"),
                Stack({"python-inspector": "0.9.3", "packaging": "22.0", **SETUPTOOLS_PKG}, "failed", "python-inspector 0.9.3 with packaging 22.0"),
                Stack({"python-inspector": "0.9.3", "packaging": "26.4", **SETUPTOOLS_PKG}, "failed", "python-inspector 0.9.3 with packaging 26.4"),
                Stack({"python-inspector": "0.6.1", "packaging": "21.3", **SETUPTOOLS_PKG}, "passed", "packaging 21.3, just below 22"),
                Stack({"python-inspector": "0.9.3", "packaging": "21.3", **SETUPTOOLS_PKG}, "passed", "packaging 21.3, just below 22"),
                Stack({"python-inspector": "0.9.4", "packaging": "26.4", **SETUPTOOLS_PKG}, "passed", "python-inspector 0.9.4, the fixed release")),
        roots=("setuptools",),
        wheels=(("python-inspector", "0.6.1"), ("python-inspector", "0.9.3"), ("python-inspector", "0.9.4"))),
    "curated/skrub-0.1.0-scikit-learn-1.5": Proof(
        check=SKRUB_CHECK, signature="parse_version",
        stacks=(Stack({"skrub": "0.1.0", "scikit-learn": "1.5.0", **SKRUB_PINS}, "failed",
                      "skrub 0.1.0 with scikit-learn 1.5.0"),
                Stack({"skrub": "0.1.0", "scikit-learn": "1.6.1", **SKRUB_PINS}, "failed",
                      "skrub 0.1.0 with scikit-learn 1.6.1 (newest before the 1.7 rule)"),
                Stack({"skrub": "0.1.0", "scikit-learn": "1.4.2", **SKRUB_PINS}, "passed",
                      "scikit-learn 1.4.2, just below 1.5"),
                Stack({"skrub": "0.1.1", "scikit-learn": "1.5.0", **SKRUB_PINS}, "passed",
                      "skrub 0.1.1, just above the range"))),
    "curated/skrub-0.1-0.3-scikit-learn-1.7": Proof(
        check=SKRUB_CHECK, signature="_safe_tags",
        stacks=(Stack({"skrub": "0.1.0", "scikit-learn": "1.7.0", **SKRUB_PINS}, "failed",
                      "skrub 0.1.0 with scikit-learn 1.7.0"),
                Stack({"skrub": "0.1.0", "scikit-learn": "1.9.1", **SKRUB_PINS}, "failed",
                      "skrub 0.1.0 with scikit-learn 1.9.1"),
                Stack({"skrub": "0.3.1", "scikit-learn": "1.7.0", **SKRUB_PINS}, "failed",
                      "skrub 0.3.1 with scikit-learn 1.7.0"),
                Stack({"skrub": "0.3.1", "scikit-learn": "1.9.1", **SKRUB_PINS}, "failed",
                      "skrub 0.3.1 with scikit-learn 1.9.1"),
                Stack({"skrub": "0.1.1", "scikit-learn": "1.6.1", **SKRUB_PINS}, "passed",
                      "skrub 0.1.1 with scikit-learn 1.6.1, just below 1.7"),
                Stack({"skrub": "0.3.1", "scikit-learn": "1.6.1", **SKRUB_PINS}, "passed",
                      "skrub 0.3.1 with scikit-learn 1.6.1, just below 1.7"),
                Stack({"skrub": "0.5.4", "scikit-learn": "1.7.0", **SKRUB_PINS}, "passed",
                      "skrub 0.5.4, the first release that works with scikit-learn 1.7"))),
    "curated/skrub-0.4-0.5.3-scikit-learn-1.7": Proof(
        check=SKRUB_CHECK, signature="_estimator_html_repr",
        stacks=(Stack({"skrub": "0.4.0", "scikit-learn": "1.7.0", **SKRUB_PINS}, "failed",
                      "skrub 0.4.0 with scikit-learn 1.7.0"),
                Stack({"skrub": "0.4.0", "scikit-learn": "1.9.1", **SKRUB_PINS}, "failed",
                      "skrub 0.4.0 with scikit-learn 1.9.1"),
                Stack({"skrub": "0.5.3", "scikit-learn": "1.7.0", **SKRUB_PINS}, "failed",
                      "skrub 0.5.3 with scikit-learn 1.7.0"),
                Stack({"skrub": "0.5.3", "scikit-learn": "1.9.1", **SKRUB_PINS}, "failed",
                      "skrub 0.5.3 with scikit-learn 1.9.1"),
                Stack({"skrub": "0.4.0", "scikit-learn": "1.6.1", **SKRUB_PINS}, "passed",
                      "skrub 0.4.0 with scikit-learn 1.6.1, just below 1.7"),
                Stack({"skrub": "0.5.3", "scikit-learn": "1.6.1", **SKRUB_PINS}, "passed",
                      "skrub 0.5.3 with scikit-learn 1.6.1, just below 1.7"),
                Stack({"skrub": "0.5.4", "scikit-learn": "1.7.0", **SKRUB_PINS}, "passed",
                      "skrub 0.5.4, just above the range"))),
    "curated/obspy-1.4.0-scipy-1.13": Proof(
        check=OBSPY_TAPER_CHECK, signature="hann",
        stacks=(Stack({"obspy": "1.4.0", "scipy": "1.13.0", **OBSPY_PINS}, "failed",
                      "obspy 1.4.0 with SciPy 1.13.0"),
                Stack({"obspy": "1.4.0", "scipy": "1.17.1", **OBSPY_PINS}, "failed",
                      "obspy 1.4.0 with SciPy 1.17.1"),
                Stack({"obspy": "1.4.0", "scipy": "1.12.0", **OBSPY_PINS}, "passed",
                      "SciPy 1.12.0, just below 1.13"),
                Stack({"obspy": "1.4.1", "scipy": "1.13.0", **OBSPY_PINS}, "passed",
                      "obspy 1.4.1, just above the range"))),
    "curated/dask-ml-2022.5-2024.4-scikit-learn-1.7": Proof(
        check=DASKML_CHECK, signature="_safe_tags", roots=("setuptools", "pyarrow"),
        stacks=(Stack({"dask-ml": "2022.5.27", "scikit-learn": "1.7.0", **DASKML_PINS}, "failed",
                      "dask-ml 2022.5.27 with scikit-learn 1.7.0"),
                Stack({"dask-ml": "2022.5.27", "scikit-learn": "1.9.1", **DASKML_PINS}, "failed",
                      "dask-ml 2022.5.27 with scikit-learn 1.9.1"),
                Stack({"dask-ml": "2024.4.4", "scikit-learn": "1.7.0", **DASKML_PINS}, "failed",
                      "dask-ml 2024.4.4 with scikit-learn 1.7.0"),
                Stack({"dask-ml": "2024.4.4", "scikit-learn": "1.9.1", **DASKML_PINS}, "failed",
                      "dask-ml 2024.4.4 with scikit-learn 1.9.1"),
                Stack({"dask-ml": "2022.5.27", "scikit-learn": "1.6.1", **DASKML_PINS}, "passed",
                      "dask-ml 2022.5.27 with scikit-learn 1.6.1, just below 1.7"),
                Stack({"dask-ml": "2024.4.4", "scikit-learn": "1.6.1", **DASKML_PINS}, "passed",
                      "dask-ml 2024.4.4 with scikit-learn 1.6.1, just below 1.7"),
                Stack({"dask-ml": "2025.1.0", "scikit-learn": "1.7.0",
                       **{**DASKML_PINS, "dask": "2025.1.0", "distributed": "2025.1.0"}}, "passed",
                      "dask-ml 2025.1.0, just above the range (it requires dask 2025.1.0)"))),
    "curated/scvelo-0.3.2-scipy-1.14": Proof(
        check=SCVELO_CHECK, signature="has no attribute 'A'",
        stacks=(Stack({"scvelo": "0.3.2", "scipy": "1.14.0", **SCVELO_PINS}, "failed",
                      "scvelo 0.3.2 with SciPy 1.14.0"),
                Stack({"scvelo": "0.3.2", "scipy": "1.17.1", **SCVELO_PINS}, "failed",
                      "scvelo 0.3.2 with SciPy 1.17.1"),
                Stack({"scvelo": "0.3.2", "scipy": "1.13.1", **SCVELO_PINS}, "passed",
                      "SciPy 1.13.1, just below 1.14"),
                Stack({"scvelo": "0.3.3", "scipy": "1.14.0", **SCVELO_PINS}, "passed",
                      "scvelo 0.3.3, just above the range"))),
    "curated/apispec-0.3-0.39-pyyaml-6": Proof(
        check=APISPEC_DOCSTRING_CHECK, signature="required positional argument: 'Loader'",
        stacks=(Stack({"apispec": "0.3.0", "pyyaml": "6.0"}, "failed", "apispec 0.3.0 with PyYAML 6.0"),
                Stack({"apispec": "0.3.0", "pyyaml": "6.0.4"}, "failed", "apispec 0.3.0 with PyYAML 6.0.4"),
                Stack({"apispec": "0.39.0", "pyyaml": "6.0"}, "failed", "apispec 0.39.0 with PyYAML 6.0"),
                Stack({"apispec": "0.39.0", "pyyaml": "6.0.4"}, "failed", "apispec 0.39.0 with PyYAML 6.0.4"),
                Stack({"apispec": "0.3.0", "pyyaml": "5.3.1"}, "passed", "apispec 0.3.0 with PyYAML 5.3.1"),
                Stack({"apispec": "0.39.0", "pyyaml": "5.3.1"}, "passed", "apispec 0.39.0 with PyYAML 5.3.1"))),
    "curated/cachecontrol-0.12.5-msgpack-1": Proof(
        check=CACHECONTROL_CHECK, signature="unexpected keyword argument 'encoding'",
        stacks=(Stack({"cachecontrol": "0.12.5", "msgpack": "1.0.0", "urllib3": "1.26.20"}, "failed",
                      "CacheControl 0.12.5 with msgpack 1.0.0"),
                Stack({"cachecontrol": "0.12.5", "msgpack": "1.2.4", "urllib3": "1.26.20"}, "failed",
                      "CacheControl 0.12.5 with msgpack 1.2.4"),
                Stack({"cachecontrol": "0.12.5", "msgpack": "0.6.2", "urllib3": "1.26.20"}, "passed",
                      "msgpack 0.6.2, just below 1.0"),
                Stack({"cachecontrol": "0.12.6", "msgpack": "1.0.0", "urllib3": "1.26.20"}, "passed",
                      "CacheControl 0.12.6, just above the range"),
                Stack({"cachecontrol": "0.12.6", "msgpack": "1.2.4", "urllib3": "1.26.20"}, "passed",
                      "CacheControl 0.12.6 with msgpack 1.2.4"))),
    "curated/kubernetes-7-8-pyyaml-6": Proof(
        check=KUBE_CONFIG_CHECK, signature="required positional argument: 'Loader'",
        stacks=(Stack({"kubernetes": "7.0.0", "pyyaml": "6.0"}, "failed", "kubernetes 7.0.0 with PyYAML 6.0"),
                Stack({"kubernetes": "7.0.0", "pyyaml": "6.0.4"}, "failed", "kubernetes 7.0.0 with PyYAML 6.0.4"),
                Stack({"kubernetes": "8.0.2", "pyyaml": "6.0"}, "failed", "kubernetes 8.0.2 with PyYAML 6.0"),
                Stack({"kubernetes": "8.0.2", "pyyaml": "6.0.4"}, "failed", "kubernetes 8.0.2 with PyYAML 6.0.4"),
                Stack({"kubernetes": "7.0.0", "pyyaml": "5.3.1"}, "passed", "kubernetes 7.0.0 with PyYAML 5.3.1"),
                Stack({"kubernetes": "8.0.2", "pyyaml": "5.3.1"}, "passed", "kubernetes 8.0.2 with PyYAML 5.3.1"),
                Stack({"kubernetes": "9.0.0", "pyyaml": "6.0"}, "passed", "kubernetes 9.0.0, just above the range"),
                Stack({"kubernetes": "9.0.0", "pyyaml": "6.0.4"}, "passed", "kubernetes 9.0.0 with PyYAML 6.0.4"))),
    # visidata imports pkg_resources without declaring setuptools (setuptools 82 removed it)
    "curated/visidata-2.10-2.10.1-importlib-metadata-5": Proof(
        check=VISIDATA_BATCH_CHECK, signature="no attribute 'get'", roots=("setuptools",),
        stacks=(Stack({"visidata": "2.10", "importlib-metadata": "5.0.0", **SETUPTOOLS_PKG}, "failed", "visidata 2.10 with importlib-metadata 5.0.0"),
                Stack({"visidata": "2.10", "importlib-metadata": "10.2.0", **SETUPTOOLS_PKG}, "failed", "visidata 2.10 with importlib-metadata 10.2.0"),
                Stack({"visidata": "2.10.1", "importlib-metadata": "5.0.0", **SETUPTOOLS_PKG}, "failed", "visidata 2.10.1 with importlib-metadata 5.0.0"),
                Stack({"visidata": "2.10.1", "importlib-metadata": "10.2.0", **SETUPTOOLS_PKG}, "failed",
                      "visidata 2.10.1 with importlib-metadata 10.2.0"),
                Stack({"visidata": "2.10", "importlib-metadata": "4.13.0", **SETUPTOOLS_PKG}, "passed", "importlib-metadata 4.13.0, just below 5"),
                Stack({"visidata": "2.10.1", "importlib-metadata": "4.13.0", **SETUPTOOLS_PKG}, "passed", "importlib-metadata 4.13.0, just below 5"),
                Stack({"visidata": "2.10.2", "importlib-metadata": "5.0.0", **SETUPTOOLS_PKG}, "passed", "visidata 2.10.2, just above the range"),
                Stack({"visidata": "2.10.2", "importlib-metadata": "10.2.0", **SETUPTOOLS_PKG}, "passed", "visidata 2.10.2 with importlib-metadata 10.2.0"))),
    "curated/avro-gen-0.3.0-tzlocal-3": Proof(
        check=AVROGEN_CHECK, signature="no attribute 'localize'",
        stacks=(Stack({"avro-gen": "0.3.0", "tzlocal": "3.0"}, "failed", "avro-gen 0.3.0 with tzlocal 3.0"),
                Stack({"avro-gen": "0.3.0", "tzlocal": "5.0"}, "failed", "avro-gen 0.3.0 with tzlocal 5.0, the first release after the 4.x shims"),
                Stack({"avro-gen": "0.3.0", "tzlocal": "5.4.5"}, "failed", "avro-gen 0.3.0 with tzlocal 5.4.5"),
                Stack({"avro-gen": "0.3.0", "tzlocal": "2.1"}, "passed", "tzlocal 2.1, just below 3.0"),
                Stack({"avro-gen": "0.3.0", "tzlocal": "4.0"}, "passed", "tzlocal 4.0, pytz-compatible shims"),
                Stack({"avro-gen": "0.3.0", "tzlocal": "4.3.1"}, "passed", "tzlocal 4.3.1, the last 4.x"))),
    "curated/o365-2.0-2.0.26-tzlocal-3": Proof(
        check=O365_QUERY_CHECK, signature="no attribute 'localize'",
        stacks=(Stack({"o365": "2.0.0", "tzlocal": "3.0"}, "failed", "O365 2.0.0 with tzlocal 3.0"),
                Stack({"o365": "2.0.0", "tzlocal": "5.4.5"}, "failed", "O365 2.0.0 with tzlocal 5.4.5"),
                Stack({"o365": "2.0.15", "tzlocal": "3.0"}, "failed", "O365 2.0.15 with tzlocal 3.0"),
                Stack({"o365": "2.0.26", "tzlocal": "5.0"}, "failed", "O365 2.0.26 with tzlocal 5.0, the first it allows after 4.x"),
                Stack({"o365": "2.0.26", "tzlocal": "5.4.5"}, "failed", "O365 2.0.26 with tzlocal 5.4.5"),
                Stack({"o365": "2.0.0", "tzlocal": "2.1"}, "passed", "tzlocal 2.1, just below 3.0"),
                Stack({"o365": "2.0.0", "tzlocal": "4.3.1"}, "passed", "tzlocal 4.3.1, pytz-compatible shims"),
                Stack({"o365": "2.0.26", "tzlocal": "4.3.1"}, "passed", "tzlocal 4.3.1, just below 5.0"),
                Stack({"o365": "2.0.32", "tzlocal": "5.0"}, "passed", "O365 2.0.32, the first release that declares tzlocal>=5"),
                Stack({"o365": "2.0.32", "tzlocal": "5.4.5"}, "passed", "O365 2.0.32 with tzlocal 5.4.5"))),
    # tzlocal 3.0 and 5.x fail on "object has no attribute 'zone'", the 4.x shims on "arguments: 'zone' and 'key'"
    "curated/exchangelib-1.12-3.2-tzlocal-3": Proof(
        check=EXCHANGELIB_ACCOUNT_CHECK, signature="'zone'",
        stacks=(Stack({"exchangelib": "1.12.0", "tzlocal": "3.0"}, "failed", "exchangelib 1.12.0 with tzlocal 3.0"),
                Stack({"exchangelib": "1.12.0", "tzlocal": "5.4.5"}, "failed", "exchangelib 1.12.0 with tzlocal 5.4.5"),
                Stack({"exchangelib": "3.2.1", "tzlocal": "3.0"}, "failed", "exchangelib 3.2.1 with tzlocal 3.0"),
                Stack({"exchangelib": "3.2.1", "tzlocal": "4.3.1"}, "failed", "exchangelib 3.2.1 with the tzlocal 4.3.1 shims"),
                Stack({"exchangelib": "3.2.1", "tzlocal": "5.4.5"}, "failed", "exchangelib 3.2.1 with tzlocal 5.4.5"),
                Stack({"exchangelib": "1.12.0", "tzlocal": "2.1"}, "passed", "tzlocal 2.1, just below 3.0"),
                Stack({"exchangelib": "3.2.1", "tzlocal": "2.1"}, "passed", "tzlocal 2.1, just below 3.0"),
                Stack({"exchangelib": "3.3.0", "tzlocal": "3.0"}, "passed", "exchangelib 3.3.0, just above the range"),
                Stack({"exchangelib": "3.3.0", "tzlocal": "5.4.5"}, "passed", "exchangelib 3.3.0 with tzlocal 5.4.5"))),
    "curated/maya-0.5-0.6.1-tzlocal-3": Proof(
        check=MAYA_LOCAL_CHECK, signature="no attribute 'zone'",
        stacks=(Stack({"maya": "0.5.0", "tzlocal": "3.0"}, "failed", "maya 0.5.0 with tzlocal 3.0"),
                Stack({"maya": "0.5.0", "tzlocal": "5.4.5"}, "failed", "maya 0.5.0 with tzlocal 5.4.5"),
                Stack({"maya": "0.6.1", "tzlocal": "3.0"}, "failed", "maya 0.6.1 with tzlocal 3.0"),
                Stack({"maya": "0.6.1", "tzlocal": "5.0"}, "failed", "maya 0.6.1 with tzlocal 5.0, the first release after the 4.x shims"),
                Stack({"maya": "0.6.1", "tzlocal": "5.4.5"}, "failed", "maya 0.6.1 with tzlocal 5.4.5"),
                Stack({"maya": "0.5.0", "tzlocal": "2.1"}, "passed", "tzlocal 2.1, just below 3.0"),
                Stack({"maya": "0.6.1", "tzlocal": "2.1"}, "passed", "tzlocal 2.1, just below 3.0"),
                Stack({"maya": "0.6.1", "tzlocal": "4.3.1"}, "passed", "tzlocal 4.3.1, pytz-compatible shims"))),
    "curated/deepgram-sdk-3.0-3.7.6-websockets-14": Proof(
        check=DEEPGRAM_LIVE_CHECK, signature="extra_headers",
        stacks=(Stack({"deepgram-sdk": "3.0.0", "websockets": "14.0"}, "failed", "deepgram-sdk 3.0.0 with websockets 14.0"),
                Stack({"deepgram-sdk": "3.7.6", "websockets": "17.4"}, "failed", "deepgram-sdk 3.7.6 with websockets 17.4"),
                Stack({"deepgram-sdk": "3.0.0", "websockets": "13.1"}, "passed", "deepgram-sdk 3.0.0, websockets 13.1"),
                Stack({"deepgram-sdk": "3.7.6", "websockets": "13.1"}, "passed", "websockets 13.1, just below 14"),
                Stack({"deepgram-sdk": "3.10.0", "websockets": "14.0"}, "passed", "deepgram-sdk 3.10.0 with websockets 14.0"),
                Stack({"deepgram-sdk": "3.10.0", "websockets": "17.4"}, "passed", "deepgram-sdk 3.10.0 with websockets 17.4"))),
    "curated/starlette-admin-0.0.1-0.5-starlette-1.0": Proof(
        check=STARLETTE_ADMIN_CHECK, signature="unhashable type: 'dict'", roots=("httpx",),
        stacks=(Stack({"starlette-admin": "0.0.1", "starlette": "1.0.0"}, "failed", "starlette-admin 0.0.1 with Starlette 1.0.0"),
                Stack({"starlette-admin": "0.5.5", "starlette": "1.10.0"}, "failed", "starlette-admin 0.5.5 with Starlette 1.10.0"),
                Stack({"starlette-admin": "0.0.1", "starlette": "0.52.1"}, "passed", "0.0.1 with Starlette 0.52.1, just below 1.0"),
                Stack({"starlette-admin": "0.5.5", "starlette": "0.52.1"}, "passed", "0.5.5 with Starlette 0.52.1, just below 1.0"),
                Stack({"starlette-admin": "0.15.0", "starlette": "1.0.0"}, "passed", "starlette-admin 0.15.0 with Starlette 1.0.0"),
                Stack({"starlette-admin": "0.15.0", "starlette": "1.10.0"}, "passed", "starlette-admin 0.15.0 with Starlette 1.10.0"))),
    "curated/starlette-admin-0.6-0.14-starlette-1.0": Proof(
        check=STARLETTE_ADMIN_CHECK, signature="unexpected keyword argument 'extensions'", roots=("httpx",),
        stacks=(Stack({"starlette-admin": "0.6.0", "starlette": "1.0.0"}, "failed", "starlette-admin 0.6.0 with Starlette 1.0.0"),
                Stack({"starlette-admin": "0.14.1", "starlette": "1.10.0"}, "failed", "starlette-admin 0.14.1 with Starlette 1.10.0"),
                Stack({"starlette-admin": "0.6.0", "starlette": "0.52.1"}, "passed", "0.6.0 with Starlette 0.52.1, just below 1.0"),
                Stack({"starlette-admin": "0.14.1", "starlette": "0.52.1"}, "passed", "0.14.1 with Starlette 0.52.1, just below 1.0"),
                Stack({"starlette-admin": "0.15.0", "starlette": "1.0.0"}, "passed", "starlette-admin 0.15.0 with Starlette 1.0.0"),
                Stack({"starlette-admin": "0.15.0", "starlette": "1.10.0"}, "passed", "starlette-admin 0.15.0 with Starlette 1.10.0"))),
    "curated/sqladmin-0.1-0.15-starlette-1.0": Proof(
        check=SQLADMIN_CHECK, signature="unhashable type: 'dict'", roots=("httpx", "greenlet"),
        stacks=(Stack({"sqladmin": "0.1.0", "starlette": "1.0.0"}, "failed", "SQLAdmin 0.1.0 with Starlette 1.0.0"),
                Stack({"sqladmin": "0.15.2", "starlette": "1.10.0"}, "failed", "SQLAdmin 0.15.2 with Starlette 1.10.0"),
                Stack({"sqladmin": "0.1.0", "starlette": "0.52.1"}, "passed", "0.1.0 with Starlette 0.52.1, just below 1.0"),
                Stack({"sqladmin": "0.15.2", "starlette": "0.52.1"}, "passed", "0.15.2 with Starlette 0.52.1, just below 1.0"),
                Stack({"sqladmin": "0.16.0", "starlette": "1.0.0"}, "passed", "SQLAdmin 0.16.0 with Starlette 1.0.0"),
                Stack({"sqladmin": "0.16.0", "starlette": "1.10.0"}, "passed", "SQLAdmin 0.16.0 with Starlette 1.10.0"))),
    "curated/python-fasthtml-0.6.8-0.12-starlette-1.0": Proof(
        check=FASTHTML_CHECK, signature="unexpected keyword argument 'on_startup'",
        stacks=(Stack({"python-fasthtml": "0.6.8", "starlette": "1.0.0"}, "failed", "python-fasthtml 0.6.8 with Starlette 1.0.0"),
                Stack({"python-fasthtml": "0.12.50", "starlette": "1.10.0"}, "failed", "python-fasthtml 0.12.50 with Starlette 1.10.0"),
                Stack({"python-fasthtml": "0.6.8", "starlette": "0.52.1"}, "passed", "0.6.8 with Starlette 0.52.1, just below 1.0"),
                Stack({"python-fasthtml": "0.12.50", "starlette": "0.52.1"}, "passed", "0.12.50 with Starlette 0.52.1, just below 1.0"),
                Stack({"python-fasthtml": "0.13.0", "starlette": "1.0.0"}, "passed", "python-fasthtml 0.13.0 with Starlette 1.0.0"),
                Stack({"python-fasthtml": "0.13.0", "starlette": "1.10.0"}, "passed", "python-fasthtml 0.13.0 with Starlette 1.10.0"))),
    "curated/fastapi-profiler-1.0-1.4-starlette-1.0": Proof(
        check=FASTAPI_PROFILER_CHECK, signature="add_event_handler", roots=("httpx",),
        stacks=(Stack({"fastapi-profiler": "1.0.0", "starlette": "1.0.0"}, "failed", "fastapi-profiler 1.0.0 with Starlette 1.0.0"),
                Stack({"fastapi-profiler": "1.4.1", "starlette": "1.10.0"}, "failed", "fastapi-profiler 1.4.1 with Starlette 1.10.0"),
                Stack({"fastapi-profiler": "1.0.0", "starlette": "0.52.1"}, "passed", "1.0.0 with Starlette 0.52.1, just below 1.0"),
                Stack({"fastapi-profiler": "1.4.1", "starlette": "0.52.1"}, "passed", "1.4.1 with Starlette 0.52.1, just below 1.0"),
                Stack({"fastapi-profiler": "1.5.0", "starlette": "1.0.0"}, "passed", "fastapi-profiler 1.5.0 with Starlette 1.0.0"),
                Stack({"fastapi-profiler": "1.5.0", "starlette": "1.10.0"}, "passed", "fastapi-profiler 1.5.0 with Starlette 1.10.0"))),
    "curated/starlette-context-0.2.1-0.2-starlette-0.41.3": Proof(
        check=STARLETTE_CONTEXT_CHECK, signature="multiple values for argument 'plugins'", roots=("httpx",),
        stacks=(Stack({"starlette-context": "0.2.1", "starlette": "0.41.3", "httpx": "0.27.2"}, "failed",
                      "starlette-context 0.2.1 with Starlette 0.41.3"),
                Stack({"starlette-context": "0.2.3", "starlette": "1.10.0"}, "failed", "starlette-context 0.2.3 with Starlette 1.10.0"),
                Stack({"starlette-context": "0.2.1", "starlette": "0.41.2", "httpx": "0.27.2"}, "passed",
                      "0.2.1 with Starlette 0.41.2, just below 0.41.3"),
                Stack({"starlette-context": "0.2.3", "starlette": "0.41.2", "httpx": "0.27.2"}, "passed",
                      "0.2.3 with Starlette 0.41.2, just below 0.41.3"))),
    "curated/starlette-context-0.3-starlette-0.41.3": Proof(
        check=STARLETTE_CONTEXT_CHECK, signature="multiple values for argument 'plugins'", roots=("httpx",),
        stacks=(Stack({"starlette-context": "0.3.0", "starlette": "0.41.3", "httpx": "0.27.2"}, "failed",
                      "starlette-context 0.3.0 with Starlette 0.41.3"),
                Stack({"starlette-context": "0.3.6", "starlette": "1.10.0"}, "failed", "starlette-context 0.3.6 with Starlette 1.10.0"),
                Stack({"starlette-context": "0.3.0", "starlette": "0.41.2", "httpx": "0.27.2"}, "passed",
                      "0.3.0 with Starlette 0.41.2, just below 0.41.3"),
                Stack({"starlette-context": "0.3.6", "starlette": "0.41.2", "httpx": "0.27.2"}, "passed",
                      "0.3.6 with Starlette 0.41.2, just below 0.41.3"))),
    "curated/python-binance-1.0.16-1.0.22-websockets-14": Proof(
        check=BINANCE_STREAM_CHECK, signature="fail_connection",
        stacks=(Stack({"python-binance": "1.0.16", "websockets": "14.0"}, "failed", "python-binance 1.0.16 with websockets 14.0"),
                Stack({"python-binance": "1.0.22", "websockets": "17.4"}, "failed", "python-binance 1.0.22 with websockets 17.4"),
                Stack({"python-binance": "1.0.16", "websockets": "13.1"}, "passed", "1.0.16 with websockets 13.1, just below 14"),
                Stack({"python-binance": "1.0.22", "websockets": "13.1"}, "passed", "1.0.22 with websockets 13.1, just below 14"),
                Stack({"python-binance": "1.0.23", "websockets": "14.0"}, "passed", "python-binance 1.0.23 with websockets 14.0"),
                Stack({"python-binance": "1.0.23", "websockets": "17.4"}, "passed", "python-binance 1.0.23 with websockets 17.4"))),
    "curated/qgrid-1.0-1.3.1-ipywidgets-8": Proof(
        check=QGRID_CHECK, signature="register() missing",
        stacks=(Stack({"qgrid": "1.0.0", "ipywidgets": "8.0.0"}, "failed", "qgrid 1.0.0 with ipywidgets 8.0.0"),
                Stack({"qgrid": "1.3.1", "ipywidgets": "8.1.9"}, "failed", "qgrid 1.3.1 with ipywidgets 8.1.9"),
                Stack({"qgrid": "1.0.0", "ipywidgets": "8.1.9"}, "failed", "qgrid 1.0.0 with ipywidgets 8.1.9"),
                Stack({"qgrid": "1.3.1", "ipywidgets": "8.0.0"}, "failed", "qgrid 1.3.1 with ipywidgets 8.0.0"),
                Stack({"qgrid": "1.0.0", "ipywidgets": "7.8.5"}, "passed", "qgrid 1.0.0 with ipywidgets 7.8.5, just below 8"),
                Stack({"qgrid": "1.3.1", "ipywidgets": "7.8.5"}, "passed", "qgrid 1.3.1 with ipywidgets 7.8.5, just below 8"))),
    "curated/jupyter-contrib-nbextensions-0.7.0-notebook-7": Proof(
        check=JCN_CHECK, signature="notebook.nbextensions",
        stacks=(Stack({"jupyter-contrib-nbextensions": "0.7.0", "notebook": "7.0.0", **JCN_PINS}, "failed",
                      "jupyter_contrib_nbextensions 0.7.0 with Notebook 7.0.0"),
                Stack({"jupyter-contrib-nbextensions": "0.7.0", "notebook": "7.6.5", **JCN_PINS}, "failed",
                      "jupyter_contrib_nbextensions 0.7.0 with Notebook 7.6.5"),
                Stack({"jupyter-contrib-nbextensions": "0.7.0", "notebook": "6.5.7", **JCN_PINS}, "passed",
                      "jupyter_contrib_nbextensions 0.7.0 with Notebook 6.5.7, just below 7"))),
    "curated/jupyter-contrib-core-0.4.2-notebook-7": Proof(
        check=JCC_CHECK, signature="notebook.nbextensions",
        stacks=(Stack({"jupyter-contrib-core": "0.4.2", "notebook": "7.0.0", **JCC_PINS}, "failed",
                      "jupyter_contrib_core 0.4.2 with Notebook 7.0.0"),
                Stack({"jupyter-contrib-core": "0.4.2", "notebook": "7.6.5", **JCC_PINS}, "failed",
                      "jupyter_contrib_core 0.4.2 with Notebook 7.6.5"),
                Stack({"jupyter-contrib-core": "0.4.2", "notebook": "6.5.7", **JCC_PINS}, "passed",
                      "jupyter_contrib_core 0.4.2 with Notebook 6.5.7, just below 7")),
        roots=("ipython-genutils",)),
    "curated/jupyter-nbextensions-configurator-0.6.1-0.6.4-notebook-7": Proof(
        check=NBC_CHECK, signature="'notebook",
        stacks=(Stack({"jupyter-nbextensions-configurator": "0.6.1", "notebook": "7.0.0", **NBC_PINS}, "failed",
                      "jupyter_nbextensions_configurator 0.6.1 with Notebook 7.0.0"),
                Stack({"jupyter-nbextensions-configurator": "0.6.4", "notebook": "7.6.5", **NBC_PINS}, "failed",
                      "jupyter_nbextensions_configurator 0.6.4 with Notebook 7.6.5"),
                Stack({"jupyter-nbextensions-configurator": "0.6.1", "notebook": "7.6.5", **NBC_PINS}, "failed",
                      "jupyter_nbextensions_configurator 0.6.1 with Notebook 7.6.5"),
                Stack({"jupyter-nbextensions-configurator": "0.6.4", "notebook": "7.0.0", **NBC_PINS}, "failed",
                      "jupyter_nbextensions_configurator 0.6.4 with Notebook 7.0.0"),
                Stack({"jupyter-nbextensions-configurator": "0.6.1", "notebook": "6.5.7", **NBC_PINS}, "passed",
                      "jupyter_nbextensions_configurator 0.6.1 with Notebook 6.5.7, just below 7"),
                Stack({"jupyter-nbextensions-configurator": "0.6.4", "notebook": "6.5.7", **NBC_PINS}, "passed",
                      "jupyter_nbextensions_configurator 0.6.4 with Notebook 6.5.7, just below 7")),
        roots=("ipython-genutils", "setuptools")),
    "curated/appmode-0.1-0.9-notebook-7": Proof(
        check=APPMODE_CHECK, signature="notebook.utils",
        stacks=(Stack({"appmode": "0.1.0", "notebook": "7.0.0"}, "failed", "appmode 0.1.0 with Notebook 7.0.0"),
                Stack({"appmode": "0.9.0", "notebook": "7.6.5"}, "failed", "appmode 0.9.0 with Notebook 7.6.5"),
                Stack({"appmode": "0.1.0", "notebook": "7.6.5"}, "failed", "appmode 0.1.0 with Notebook 7.6.5"),
                Stack({"appmode": "0.9.0", "notebook": "7.0.0"}, "failed", "appmode 0.9.0 with Notebook 7.0.0"),
                Stack({"appmode": "0.1.0", "notebook": "6.5.7"}, "passed", "appmode 0.1.0 with Notebook 6.5.7, just below 7"),
                Stack({"appmode": "0.9.0", "notebook": "6.5.7"}, "passed", "appmode 0.9.0 with Notebook 6.5.7, just below 7"),
                Stack({"appmode": "1.0.0", "notebook": "7.0.0"}, "passed", "appmode 1.0.0, the first release on nbclassic"),
                Stack({"appmode": "1.0.0", "notebook": "7.6.5"}, "passed", "appmode 1.0.0 with Notebook 7.6.5")),
        roots=("notebook",)),
    "curated/nbgitpuller-0.1-1.1.1-notebook-7": Proof(
        check=NBGITPULLER_CHECK, signature="No module named 'notebook.",
        stacks=(Stack({"nbgitpuller": "0.1", "notebook": "7.0.0"}, "failed", "nbgitpuller 0.1 with Notebook 7.0.0"),
                Stack({"nbgitpuller": "1.1.1", "notebook": "7.6.5"}, "failed", "nbgitpuller 1.1.1 with Notebook 7.6.5"),
                Stack({"nbgitpuller": "0.1", "notebook": "7.6.5"}, "failed", "nbgitpuller 0.1 with Notebook 7.6.5"),
                Stack({"nbgitpuller": "1.1.1", "notebook": "7.0.0"}, "failed", "nbgitpuller 1.1.1 with Notebook 7.0.0"),
                Stack({"nbgitpuller": "0.1", "notebook": "6.5.7"}, "passed", "nbgitpuller 0.1 with Notebook 6.5.7, just below 7"),
                Stack({"nbgitpuller": "1.1.1", "notebook": "6.5.7"}, "passed", "nbgitpuller 1.1.1 with Notebook 6.5.7, just below 7"),
                Stack({"nbgitpuller": "1.2.0", "notebook": "7.0.0"}, "passed", "nbgitpuller 1.2.0, on jupyter_server only"),
                Stack({"nbgitpuller": "1.2.0", "notebook": "7.6.5"}, "passed", "nbgitpuller 1.2.0 with Notebook 7.6.5")),
        roots=("notebook",)),
    "curated/jupyter-resource-usage-0.5-notebook-7": Proof(
        check=JRU_CHECK, signature="notebook.utils",
        stacks=(Stack({"jupyter-resource-usage": "0.5.0", "notebook": "7.0.0"}, "failed", "jupyter-resource-usage 0.5.0 with Notebook 7.0.0"),
                Stack({"jupyter-resource-usage": "0.5.1", "notebook": "7.6.5"}, "failed", "jupyter-resource-usage 0.5.1 with Notebook 7.6.5"),
                Stack({"jupyter-resource-usage": "0.5.0", "notebook": "7.6.5"}, "failed", "jupyter-resource-usage 0.5.0 with Notebook 7.6.5"),
                Stack({"jupyter-resource-usage": "0.5.1", "notebook": "7.0.0"}, "failed", "jupyter-resource-usage 0.5.1 with Notebook 7.0.0"),
                Stack({"jupyter-resource-usage": "0.5.0", "notebook": "6.5.7"}, "passed",
                      "jupyter-resource-usage 0.5.0 with Notebook 6.5.7, just below 7"),
                Stack({"jupyter-resource-usage": "0.5.1", "notebook": "6.5.7"}, "passed",
                      "jupyter-resource-usage 0.5.1 with Notebook 6.5.7, just below 7"),
                Stack({"jupyter-resource-usage": "0.6.0", "notebook": "7.0.0"}, "passed", "jupyter-resource-usage 0.6.0, on jupyter_server"),
                Stack({"jupyter-resource-usage": "0.6.0", "notebook": "7.6.5"}, "passed", "jupyter-resource-usage 0.6.0 with Notebook 7.6.5")),
        roots=("notebook",)),
    # 3.1.0 to 3.2.1 declare Django >=1.11; the middleware imports corsheaders.signals
    "curated/django-cors-headers-3.1-3.2-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="corsheaders", module="corsheaders.middleware"),
        signature="providing_args",
        stacks=(Stack({"django-cors-headers": "3.1.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-cors-headers 3.1.0 with Django 4.0"),
                Stack({"django-cors-headers": "3.2.1", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-cors-headers 3.2.1 with Django 5.2.19"),
                Stack({"django-cors-headers": "3.2.1", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-cors-headers": "3.3.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-cors-headers 3.3.0, just above the range")),
        wheels=(("django-cors-headers", "3.1.0"), ("django-cors-headers", "3.2.1"))),
    # crispy 1.8 declares no Django requirement: Django is resolved with it
    "curated/django-crispy-forms-1.8-django-4.0": Proof(
        check=CRISPY_CHECK, signature="cannot import name 'force_text'",
        stacks=(Stack({"django-crispy-forms": "1.8.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-crispy-forms 1.8.0 with Django 4.0"),
                Stack({"django-crispy-forms": "1.8.1", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-crispy-forms 1.8.1 with Django 5.2.19"),
                Stack({"django-crispy-forms": "1.8.1", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-crispy-forms": "1.9.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-crispy-forms 1.9.0, just above the range")),
        wheels=(("django-crispy-forms", "1.8.0"), ("django-crispy-forms", "1.8.1")), roots=("django",)),
    # crispy 1.7 declares no Django requirement: Django is resolved with it (Django 2.2 has no asgiref)
    "curated/django-crispy-forms-1.7-django-3.0": Proof(
        check=CRISPY_CHECK, signature="django.utils.lru_cache",
        stacks=(Stack({"django-crispy-forms": "1.7.0", "django": "3.0", **DJANGO_PINS}, "failed",
                      "django-crispy-forms 1.7.0 with Django 3.0"),
                Stack({"django-crispy-forms": "1.7.2", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-crispy-forms 1.7.2 with Django 5.2.19"),
                Stack({"django-crispy-forms": "1.7.2", "django": "2.2.28", "sqlparse": "0.6.1"}, "passed",
                      "Django 2.2.28, just below 3"),
                Stack({"django-crispy-forms": "1.8.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "django-crispy-forms 1.8.0, just above the range (with Django 4 it fails on force_text)")),
        wheels=(("django-crispy-forms", "1.7.0"), ("django-crispy-forms", "1.7.2")), roots=("django",)),
    # braces 1.9 to 1.13 declare no Django requirement: Django is resolved with them (Django 2.2 has no asgiref)
    "curated/django-braces-1.9-1.13-django-3.0": Proof(
        check=DJANGO_CHECK.format(app="braces", module="braces.views"),
        signature="cannot import name 'six'",
        stacks=(Stack({"django-braces": "1.9.0", "django": "3.0", **DJANGO_PINS}, "failed",
                      "django-braces 1.9.0 with Django 3.0"),
                Stack({"django-braces": "1.13.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-braces 1.13.0 with Django 5.2.19"),
                Stack({"django-braces": "1.13.0", "django": "2.2.28", "sqlparse": "0.6.1"}, "passed",
                      "Django 2.2.28, just below 3"),
                Stack({"django-braces": "1.14.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-braces 1.14.0, just above the range")),
        wheels=(("django-braces", "1.9.0"), ("django-braces", "1.13.0")), roots=("django",)),
    # Django 3.1 needs asgiref ~=3.2.10: asgiref is left to the resolver there
    "curated/django-filter-2.1-2.2-django-3.1": Proof(
        check=DJANGO_CHECK.format(app="django_filters", module="django_filters"),
        signature="FieldDoesNotExist",
        stacks=(Stack({"django-filter": "2.1.0", "django": "3.1", "sqlparse": "0.6.1"}, "failed",
                      "django-filter 2.1.0 with Django 3.1"),
                Stack({"django-filter": "2.2.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-filter 2.2.0 with Django 5.2.19"),
                Stack({"django-filter": "2.2.0", "django": "3.0.14", **DJANGO_PINS}, "passed",
                      "Django 3.0.14, just below 3.1"),
                Stack({"django-filter": "2.3.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-filter 2.3.0, just above the range")),
        wheels=(("django-filter", "2.1.0"), ("django-filter", "2.2.0"))),
    # djangorestframework-jwt declares neither Django nor DRF: both are resolved with it (DRF 3.14.0 runs on Django 3.0 to 5.x)
    "curated/djangorestframework-jwt-1.7.2-1.11-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="rest_framework", module="rest_framework_jwt.authentication"),
        signature="cannot import name 'smart_text'",
        stacks=(Stack({"djangorestframework-jwt": "1.7.2", "django": "4.0", "djangorestframework": "3.14.0",
                       "pyjwt": "1.7.1", **DJANGO_PINS}, "failed", "djangorestframework-jwt 1.7.2 with Django 4.0"),
                Stack({"djangorestframework-jwt": "1.11.0", "django": "5.2.19", "djangorestframework": "3.14.0",
                       "pyjwt": "1.7.1", **DJANGO_PINS}, "failed", "djangorestframework-jwt 1.11.0 with Django 5.2.19"),
                Stack({"djangorestframework-jwt": "1.11.0", "django": "3.2.25", "djangorestframework": "3.14.0",
                       "pyjwt": "1.7.1", **DJANGO_PINS}, "passed", "Django 3.2.25, just below 4")),
        wheels=(("djangorestframework-jwt", "1.7.2"), ("djangorestframework-jwt", "1.11.0")),
        roots=("django", "djangorestframework")),
    # django-tinymce 2.7 to 3.2 declare no Django requirement: Django is resolved with them
    "curated/django-tinymce-2.7-3.2-django-4.0": Proof(
        check=TINYMCE_CHECK, signature="cannot import name 'force_text'",
        stacks=(Stack({"django-tinymce": "2.7.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-tinymce 2.7.0 with Django 4.0"),
                Stack({"django-tinymce": "3.2.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-tinymce 3.2.0 with Django 5.2.19"),
                Stack({"django-tinymce": "3.2.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-tinymce": "3.3.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-tinymce 3.3.0, just above the range")),
        wheels=(("django-tinymce", "2.7.0"), ("django-tinymce", "3.2.0")), roots=("django",)),
    "curated/django-markdownx-3.0-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="markdownx", module="markdownx.urls"),
        signature="cannot import name 'url'",
        stacks=(Stack({"django-markdownx": "3.0.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-markdownx 3.0.0 with Django 4.0"),
                Stack({"django-markdownx": "3.0.1", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-markdownx 3.0.1 with Django 5.2.19"),
                Stack({"django-markdownx": "3.0.1", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-markdownx": "4.0.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-markdownx 4.0.0, just above the range")),
        wheels=(("django-markdownx", "3.0.0"), ("django-markdownx", "3.0.1"))),
    # django-constance 2.x declares no Django requirement: Django is resolved with it
    "curated/django-constance-2.5-2.7-django-4.0": Proof(
        check=DJANGO_ADMIN_CHECK.format(app="constance", module="constance.admin"),
        signature="cannot import name 'ugettext_lazy'",
        stacks=(Stack({"django-constance": "2.5.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-constance 2.5.0 with Django 4.0"),
                Stack({"django-constance": "2.7.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-constance 2.7.0 with Django 5.2.19"),
                Stack({"django-constance": "2.7.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-constance": "2.8.0", "django": "4.2.30", **DJANGO_PINS}, "passed",
                      "django-constance 2.8.0, just above the range (with Django 5.2 its admin fails for another reason)")),
        wheels=(("django-constance", "2.5.0"), ("django-constance", "2.7.0")), roots=("django",)),
    # django-solo 1.2.0 declares no Django requirement: Django is resolved with it
    "curated/django-solo-1.2-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="solo", module="solo.admin"),
        signature="cannot import name 'force_text'",
        stacks=(Stack({"django-solo": "1.2.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-solo 1.2.0 with Django 4.0"),
                Stack({"django-solo": "1.2.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-solo 1.2.0 with Django 5.2.19"),
                Stack({"django-solo": "1.2.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-solo": "2.0.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-solo 2.0.0, just above the range")),
        wheels=(("django-solo", "1.2.0"),), roots=("django",)),
    # corsheaders/__init__.py imports corsheaders.checks (Django 2.2 has no asgiref)
    "curated/django-cors-headers-3.0-django-3.0": Proof(
        check=DJANGO_CHECK.format(app="corsheaders", module="corsheaders.middleware"),
        signature="cannot import name 'six'",
        stacks=(Stack({"django-cors-headers": "3.0.0", "django": "3.0", **DJANGO_PINS}, "failed",
                      "django-cors-headers 3.0.0 with Django 3.0"),
                Stack({"django-cors-headers": "3.0.2", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-cors-headers 3.0.2 with Django 5.2.19"),
                Stack({"django-cors-headers": "3.0.2", "django": "2.2.28", "sqlparse": "0.6.1"}, "passed",
                      "Django 2.2.28, just below 3"),
                Stack({"django-cors-headers": "3.1.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "django-cors-headers 3.1.0, just above the range (with Django 4 it fails on providing_args)")),
        wheels=(("django-cors-headers", "3.0.0"), ("django-cors-headers", "3.0.2"))),
    # django-mptt 0.12 to 0.14 declare no Django requirement (django-js-asset only): Django is resolved with them
    "curated/django-mptt-0.12-0.14-django-5.1": Proof(
        check=MPTT_CHECK, signature="index_together",
        stacks=(Stack({"django-mptt": "0.12.0", "django": "5.1", **DJANGO_PINS}, "failed",
                      "django-mptt 0.12.0 with Django 5.1"),
                Stack({"django-mptt": "0.14.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-mptt 0.14.0 with Django 5.2.19"),
                Stack({"django-mptt": "0.14.0", "django": "5.0.14", **DJANGO_PINS}, "passed",
                      "Django 5.0.14, just below 5.1"),
                Stack({"django-mptt": "0.15.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-mptt 0.15.0, just above the range")),
        wheels=(("django-mptt", "0.12.0"), ("django-mptt", "0.14.0")), roots=("django",)),
    # django-mptt 0.11 declares no Django requirement: Django is resolved with it
    "curated/django-mptt-0.11-django-4.0": Proof(
        check=MPTT_CHECK, signature="providing_args",
        stacks=(Stack({"django-mptt": "0.11.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-mptt 0.11.0 with Django 4.0"),
                Stack({"django-mptt": "0.11.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-mptt 0.11.0 with Django 5.2.19"),
                Stack({"django-mptt": "0.11.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-mptt": "0.12.0", "django": "5.0.14", **DJANGO_PINS}, "passed",
                      "django-mptt 0.12.0, just above the range (with Django 5.1 it fails on index_together)")),
        wheels=(("django-mptt", "0.11.0"),), roots=("django",)),
    # Django 2.2 has no asgiref
    "curated/django-tables2-2.0-django-3.0": Proof(
        check=DJANGO_CHECK.format(app="django_tables2", module="django_tables2"),
        signature="cannot import name 'six'",
        stacks=(Stack({"django-tables2": "2.0.3", "django": "3.0", **DJANGO_PINS}, "failed",
                      "django-tables2 2.0.3 with Django 3.0"),
                Stack({"django-tables2": "2.0.6", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-tables2 2.0.6 with Django 5.2.19"),
                Stack({"django-tables2": "2.0.6", "django": "2.2.28", "sqlparse": "0.6.1"}, "passed",
                      "Django 2.2.28, just below 3"),
                Stack({"django-tables2": "2.1.0", "django": "3.0.14", **DJANGO_PINS}, "passed",
                      "django-tables2 2.1.0, just above the range (with Django 3.1 it fails on FieldDoesNotExist)")),
        wheels=(("django-tables2", "2.0.3"), ("django-tables2", "2.0.6"))),
    # django-constance 2.8 to 4.2 declare no Django requirement: Django is resolved with them
    "curated/django-constance-2.8-4.2-django-5.2": Proof(
        check=DJANGO_ADMIN_CHECK.format(app="constance", module="constance.admin"),
        signature="is_composite_pk",
        stacks=(Stack({"django-constance": "2.8.0", "django": "5.2", **DJANGO_PINS}, "failed",
                      "django-constance 2.8.0 with Django 5.2"),
                Stack({"django-constance": "4.2.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-constance 4.2.0 with Django 5.2.19"),
                Stack({"django-constance": "4.2.0", "django": "5.1.15", **DJANGO_PINS}, "passed",
                      "Django 5.1.15, just below 5.2"),
                Stack({"django-constance": "4.3.1", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-constance 4.3.1, just above the range")),
        wheels=(("django-constance", "2.8.0"), ("django-constance", "4.2.0")), roots=("django",)),
    # oauthlib pinned to a release of the 1.3 era (the check imports the views that use it); the package imports
    # pkg_resources without declaring it: setuptools is resolved with it
    "curated/django-oauth-toolkit-1.3.0-1.3.2-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="oauth2_provider", module="oauth2_provider.urls"),
        signature="cannot import name 'url'",
        stacks=(Stack({"django-oauth-toolkit": "1.3.0", "django": "4.0", "oauthlib": "3.2.2", "setuptools": "70.3.0",
                       **DJANGO_PINS}, "failed",
                      "django-oauth-toolkit 1.3.0 with Django 4.0"),
                Stack({"django-oauth-toolkit": "1.3.2", "django": "5.2.19", "oauthlib": "3.2.2", "setuptools": "70.3.0",
                       **DJANGO_PINS}, "failed",
                      "django-oauth-toolkit 1.3.2 with Django 5.2.19"),
                Stack({"django-oauth-toolkit": "1.3.2", "django": "3.2.25", "oauthlib": "3.2.2", "setuptools": "70.3.0",
                       **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-oauth-toolkit": "1.3.3", "django": "5.2.19", "oauthlib": "3.2.2", "setuptools": "70.3.0",
                       **DJANGO_PINS}, "passed",
                      "django-oauth-toolkit 1.3.3, just above the range")),
        wheels=(("django-oauth-toolkit", "1.3.0"), ("django-oauth-toolkit", "1.3.2")),
        roots=("setuptools",)),
    "curated/databricks-cli-0.13-0.17.6-urllib3-2": Proof(
        check=DATABRICKS_CLI_CHECK, signature="DEFAULT_METHOD_WHITELIST",
        stacks=(Stack({"databricks-cli": "0.13.0", "urllib3": "2.0.2"}, "failed", "databricks-cli 0.13.0 with urllib3 2.0.2"),
                Stack({"databricks-cli": "0.13.0", "urllib3": "2.8.0"}, "failed", "databricks-cli 0.13.0 with urllib3 2.8.0"),
                Stack({"databricks-cli": "0.17.6", "urllib3": "2.0.2"}, "failed", "databricks-cli 0.17.6 with urllib3 2.0.2"),
                Stack({"databricks-cli": "0.17.6", "urllib3": "2.8.0"}, "failed", "databricks-cli 0.17.6 with urllib3 2.8.0"),
                Stack({"databricks-cli": "0.13.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"databricks-cli": "0.17.6", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"databricks-cli": "0.18.0", "urllib3": "2.8.0"}, "passed",
                      "databricks-cli 0.18.0, the first release above the range that allows urllib3 2"))),
    "curated/twine-1.9-3.2-urllib3-2": Proof(
        check=TWINE_UPLOAD_CHECK, signature="method_whitelist",
        stacks=(Stack({"twine": "1.9.0", "urllib3": "2.0.2", **SETUPTOOLS_PKG}, "failed", "twine 1.9.0 with urllib3 2.0.2"),
                Stack({"twine": "1.9.0", "urllib3": "2.8.0", **SETUPTOOLS_PKG}, "failed", "twine 1.9.0 with urllib3 2.8.0"),
                Stack({"twine": "3.2.0", "urllib3": "2.0.2", **SETUPTOOLS_PKG}, "failed", "twine 3.2.0 with urllib3 2.0.2"),
                Stack({"twine": "3.2.0", "urllib3": "2.8.0", **SETUPTOOLS_PKG}, "failed", "twine 3.2.0 with urllib3 2.8.0"),
                Stack({"twine": "1.9.0", "urllib3": "1.26.20", **SETUPTOOLS_PKG}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"twine": "3.2.0", "urllib3": "1.26.20", **SETUPTOOLS_PKG}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"twine": "3.3.0", "urllib3": "2.8.0", **SETUPTOOLS_PKG}, "passed", "twine 3.3.0, just above the range"))),
    "curated/mixpanel-4.8.0-4.8.1-urllib3-2": Proof(
        check=MIXPANEL_CHECK, signature="method_whitelist",
        stacks=(Stack({"mixpanel": "4.8.0", "urllib3": "2.0.2"}, "failed", "mixpanel 4.8.0 with urllib3 2.0.2"),
                Stack({"mixpanel": "4.8.0", "urllib3": "2.8.0"}, "failed", "mixpanel 4.8.0 with urllib3 2.8.0"),
                Stack({"mixpanel": "4.8.1", "urllib3": "2.0.2"}, "failed", "mixpanel 4.8.1 with urllib3 2.0.2"),
                Stack({"mixpanel": "4.8.1", "urllib3": "2.8.0"}, "failed", "mixpanel 4.8.1 with urllib3 2.8.0"),
                Stack({"mixpanel": "4.8.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"mixpanel": "4.8.1", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"mixpanel": "4.8.2", "urllib3": "2.8.0"}, "passed", "mixpanel 4.8.2, just above the range"))),
    "curated/robotframework-requests-0.6.2-0.7.2-urllib3-2": Proof(
        check=RF_REQUESTS_CHECK, signature="DEFAULT_METHOD_WHITELIST",
        stacks=(Stack({"robotframework-requests": "0.6.2", "urllib3": "2.0.2"}, "failed",
                      "robotframework-requests 0.6.2 with urllib3 2.0.2"),
                Stack({"robotframework-requests": "0.6.2", "urllib3": "2.8.0"}, "failed",
                      "robotframework-requests 0.6.2 with urllib3 2.8.0"),
                Stack({"robotframework-requests": "0.7.2", "urllib3": "2.0.2"}, "failed",
                      "robotframework-requests 0.7.2 with urllib3 2.0.2"),
                Stack({"robotframework-requests": "0.7.2", "urllib3": "2.8.0"}, "failed",
                      "robotframework-requests 0.7.2 with urllib3 2.8.0"),
                Stack({"robotframework-requests": "0.6.2", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"robotframework-requests": "0.7.2", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"robotframework-requests": "0.8.0", "urllib3": "2.8.0"}, "passed",
                      "robotframework-requests 0.8.0, just above the range"))),
    "curated/smartsheet-python-sdk-2.177-3.0.0-urllib3-2": Proof(
        check=SMARTSHEET_CHECK, signature="DEFAULT_METHOD_WHITELIST",
        stacks=(Stack({"smartsheet-python-sdk": "2.177.1", "urllib3": "2.0.2"}, "failed",
                      "smartsheet-python-sdk 2.177.1 with urllib3 2.0.2"),
                Stack({"smartsheet-python-sdk": "2.177.1", "urllib3": "2.8.0"}, "failed",
                      "smartsheet-python-sdk 2.177.1 with urllib3 2.8.0"),
                Stack({"smartsheet-python-sdk": "3.0.0", "urllib3": "2.0.2"}, "failed",
                      "smartsheet-python-sdk 3.0.0 with urllib3 2.0.2"),
                Stack({"smartsheet-python-sdk": "3.0.0", "urllib3": "2.8.0"}, "failed",
                      "smartsheet-python-sdk 3.0.0 with urllib3 2.8.0"),
                Stack({"smartsheet-python-sdk": "2.177.1", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"smartsheet-python-sdk": "3.0.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"smartsheet-python-sdk": "3.0.2", "urllib3": "2.8.0"}, "passed",
                      "smartsheet-python-sdk 3.0.2, just above the range"))),
    "curated/pywbem-1.0-1.1.2-urllib3-2": Proof(
        check=PYWBEM_CHECK, signature="method_whitelist",
        stacks=(Stack({"pywbem": "1.0.0", "urllib3": "2.0.2"}, "failed", "pywbem 1.0.0 with urllib3 2.0.2"),
                Stack({"pywbem": "1.0.0", "urllib3": "2.8.0"}, "failed", "pywbem 1.0.0 with urllib3 2.8.0"),
                Stack({"pywbem": "1.1.2", "urllib3": "2.0.2"}, "failed", "pywbem 1.1.2 with urllib3 2.0.2"),
                Stack({"pywbem": "1.1.2", "urllib3": "2.8.0"}, "failed", "pywbem 1.1.2 with urllib3 2.8.0"),
                Stack({"pywbem": "1.0.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"pywbem": "1.1.2", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"pywbem": "1.1.3", "urllib3": "2.8.0"}, "passed", "pywbem 1.1.3, just above the range"))),
    "curated/retry-requests-1.0-urllib3-2": Proof(
        check=RETRY_REQUESTS_CHECK, signature="method_whitelist",
        stacks=(Stack({"retry-requests": "1.0.0", "urllib3": "2.0.2"}, "failed", "retry-requests 1.0.0 with urllib3 2.0.2"),
                Stack({"retry-requests": "1.0.0", "urllib3": "2.8.0"}, "failed", "retry-requests 1.0.0 with urllib3 2.8.0"),
                Stack({"retry-requests": "1.0.1", "urllib3": "2.0.2"}, "failed", "retry-requests 1.0.1 with urllib3 2.0.2"),
                Stack({"retry-requests": "1.0.1", "urllib3": "2.8.0"}, "failed", "retry-requests 1.0.1 with urllib3 2.8.0"),
                Stack({"retry-requests": "1.0.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"retry-requests": "1.0.1", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"retry-requests": "2.0.0", "urllib3": "2.8.0"}, "passed", "retry-requests 2.0.0, just above the range"))),
    "curated/cronitor-2.0-4.5-urllib3-2": Proof(
        check=CRONITOR_CHECK, signature="method_whitelist",
        stacks=(Stack({"cronitor": "2.0.0", "urllib3": "2.0.2"}, "failed", "cronitor 2.0.0 with urllib3 2.0.2"),
                Stack({"cronitor": "2.0.0", "urllib3": "2.8.0"}, "failed", "cronitor 2.0.0 with urllib3 2.8.0"),
                Stack({"cronitor": "4.5.0", "urllib3": "2.0.2"}, "failed", "cronitor 4.5.0 with urllib3 2.0.2"),
                Stack({"cronitor": "4.5.0", "urllib3": "2.8.0"}, "failed", "cronitor 4.5.0 with urllib3 2.8.0"),
                Stack({"cronitor": "2.0.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"cronitor": "4.5.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"cronitor": "4.6.0", "urllib3": "2.8.0"}, "passed", "cronitor 4.6.0, just above the range"))),
    # pyowm imports pkg_resources without declaring setuptools: setuptools 81.0.0 added as a root
    "curated/pyowm-3.3-3.4-urllib3-2": Proof(
        check=PYOWM_CHECK, signature="method_whitelist",
        stacks=(Stack({"pyowm": "3.3.0", "urllib3": "2.0.2", **SETUPTOOLS_PKG}, "failed", "pyowm 3.3.0 with urllib3 2.0.2"),
                Stack({"pyowm": "3.3.0", "urllib3": "2.8.0", **SETUPTOOLS_PKG}, "failed", "pyowm 3.3.0 with urllib3 2.8.0"),
                Stack({"pyowm": "3.4.0", "urllib3": "2.0.2", **SETUPTOOLS_PKG}, "failed", "pyowm 3.4.0 with urllib3 2.0.2"),
                Stack({"pyowm": "3.4.0", "urllib3": "2.8.0", **SETUPTOOLS_PKG}, "failed", "pyowm 3.4.0 with urllib3 2.8.0"),
                Stack({"pyowm": "3.3.0", "urllib3": "1.26.20", **SETUPTOOLS_PKG}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"pyowm": "3.4.0", "urllib3": "1.26.20", **SETUPTOOLS_PKG}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"pyowm": "3.5.0", "urllib3": "2.8.0", **SETUPTOOLS_PKG}, "passed", "pyowm 3.5.0, just above the range")),
        roots=("setuptools",)),
    "curated/py-dactyl-1.2-2.0.1-urllib3-2": Proof(
        check=PYDACTYL_CHECK, signature="method_whitelist",
        stacks=(Stack({"py-dactyl": "1.2.0", "urllib3": "2.0.2"}, "failed", "py-dactyl 1.2.0 with urllib3 2.0.2"),
                Stack({"py-dactyl": "1.2.0", "urllib3": "2.8.0"}, "failed", "py-dactyl 1.2.0 with urllib3 2.8.0"),
                Stack({"py-dactyl": "2.0.1", "urllib3": "2.0.2"}, "failed", "py-dactyl 2.0.1 with urllib3 2.0.2"),
                Stack({"py-dactyl": "2.0.1", "urllib3": "2.8.0"}, "failed", "py-dactyl 2.0.1 with urllib3 2.8.0"),
                Stack({"py-dactyl": "1.2.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"py-dactyl": "2.0.1", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"py-dactyl": "2.0.2", "urllib3": "2.8.0"}, "passed", "py-dactyl 2.0.2, just above the range"))),
    "curated/ujenkins-0.7.1-0.10.0-urllib3-2": Proof(
        check=UJENKINS_CHECK, signature="method_whitelist",
        stacks=(Stack({"ujenkins": "0.7.1", "urllib3": "2.0.2"}, "failed", "ujenkins 0.7.1 with urllib3 2.0.2"),
                Stack({"ujenkins": "0.7.1", "urllib3": "2.8.0"}, "failed", "ujenkins 0.7.1 with urllib3 2.8.0"),
                Stack({"ujenkins": "0.10.0", "urllib3": "2.0.2"}, "failed", "ujenkins 0.10.0 with urllib3 2.0.2"),
                Stack({"ujenkins": "0.10.0", "urllib3": "2.8.0"}, "failed", "ujenkins 0.10.0 with urllib3 2.8.0"),
                Stack({"ujenkins": "0.7.1", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"ujenkins": "0.10.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"ujenkins": "0.10.2", "urllib3": "2.8.0"}, "passed",
                      "ujenkins 0.10.2, the first release above the range that allows urllib3 2"))),
    "curated/ujenkins-0.2-0.4-urllib3-2": Proof(
        check=UJENKINS_CHECK, signature="method_whitelist",
        stacks=(Stack({"ujenkins": "0.2.0", "urllib3": "2.0.2"}, "failed", "ujenkins 0.2.0 with urllib3 2.0.2"),
                Stack({"ujenkins": "0.2.0", "urllib3": "2.8.0"}, "failed", "ujenkins 0.2.0 with urllib3 2.8.0"),
                Stack({"ujenkins": "0.4.0", "urllib3": "2.0.2"}, "failed", "ujenkins 0.4.0 with urllib3 2.0.2"),
                Stack({"ujenkins": "0.4.0", "urllib3": "2.8.0"}, "failed", "ujenkins 0.4.0 with urllib3 2.8.0"),
                Stack({"ujenkins": "0.2.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"ujenkins": "0.4.0", "urllib3": "1.26.20"}, "passed", "urllib3 1.26.20, just below 2"),
                Stack({"ujenkins": "0.5.0", "urllib3": "2.8.0"}, "passed", "ujenkins 0.5.0, just above the range"))),
    # windrose 1.6.8 to 1.8.0 bin speeds with numpy.histogram2d(normed=...), gone in NumPy 1.24: NumPy 1.23.5 with
    # Matplotlib 3.7.5 and 3.8.0 so only the import differs; Matplotlib 3.11.2 needs a newer NumPy (1.26.4)
    "curated/windrose-1.6.8-1.8.0-matplotlib-3.8": Proof(
        check=WINDROSE_CHECK, signature="cannot import name 'docstring'",
        stacks=(Stack({"windrose": "1.6.8", "matplotlib": "3.8.0", "numpy": "1.23.5"}, "failed",
                      "windrose 1.6.8 with Matplotlib 3.8.0"),
                Stack({"windrose": "1.6.8", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "windrose 1.6.8 with Matplotlib 3.11.2"),
                Stack({"windrose": "1.8.0", "matplotlib": "3.8.0", "numpy": "1.23.5"}, "failed",
                      "windrose 1.8.0 with Matplotlib 3.8.0"),
                Stack({"windrose": "1.8.0", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "windrose 1.8.0 with Matplotlib 3.11.2"),
                Stack({"windrose": "1.8.0", "matplotlib": "3.7.5", "numpy": "1.23.5"}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"),
                Stack({"windrose": "1.6.8", "matplotlib": "3.7.5", "numpy": "1.23.5"}, "passed",
                      "windrose 1.6.8 with Matplotlib 3.7.5"),
                Stack({"windrose": "1.8.1", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "passed",
                      "windrose 1.8.1, just above the range"))),
    # NumPy pinned below 2 so Matplotlib 3.7.5 installs from a wheel; only Matplotlib differs
    "curated/brokenaxes-0.5-matplotlib-3.8": Proof(
        check=BROKENAXES_CHECK, signature="'GrouperView' object has no attribute 'join'",
        stacks=(Stack({"brokenaxes": "0.5.0", "matplotlib": "3.8.0", "numpy": "1.26.4"}, "failed",
                      "brokenaxes 0.5.0 with Matplotlib 3.8.0"),
                Stack({"brokenaxes": "0.5.0", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "brokenaxes 0.5.0 with Matplotlib 3.11.2"),
                Stack({"brokenaxes": "0.5.0", "matplotlib": "3.7.5", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"),
                Stack({"brokenaxes": "0.6.0", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "passed",
                      "brokenaxes 0.6.0, just above the range"))),
    # Matplotlib 3.9.0 removed cm.get_cmap, 3.9.1 restored it and 3.11.0 removed it again
    "curated/pywaffle-0.0.7-1.1.0-matplotlib-3.11": Proof(
        check=PYWAFFLE_CHECK, signature="has no attribute 'get_cmap'",
        stacks=(Stack({"pywaffle": "0.0.7", "matplotlib": "3.11.0", **NUMPY1}, "failed",
                      "PyWaffle 0.0.7 with Matplotlib 3.11.0"),
                Stack({"pywaffle": "0.0.7", "matplotlib": "3.11.2", **NUMPY1}, "failed",
                      "PyWaffle 0.0.7 with Matplotlib 3.11.2"),
                Stack({"pywaffle": "1.1.0", "matplotlib": "3.11.0", **NUMPY1}, "failed",
                      "PyWaffle 1.1.0 with Matplotlib 3.11.0"),
                Stack({"pywaffle": "1.1.0", "matplotlib": "3.11.2", **NUMPY1}, "failed",
                      "PyWaffle 1.1.0 with Matplotlib 3.11.2"),
                Stack({"pywaffle": "1.1.0", "matplotlib": "3.10.9", **NUMPY1}, "passed",
                      "Matplotlib 3.10.9, just below 3.11"),
                Stack({"pywaffle": "0.0.7", "matplotlib": "3.10.9", **NUMPY1}, "passed",
                      "PyWaffle 0.0.7 with Matplotlib 3.10.9"),
                Stack({"pywaffle": "1.1.1", "matplotlib": "3.11.2", **NUMPY1}, "passed",
                      "PyWaffle 1.1.1, just above the range"))),
    "curated/pywaffle-0.0.7-1.1.0-matplotlib-3.9.0": Proof(
        check=PYWAFFLE_CHECK, signature="has no attribute 'get_cmap'",
        stacks=(Stack({"pywaffle": "0.0.7", "matplotlib": "3.9.0", **NUMPY1}, "failed",
                      "PyWaffle 0.0.7 with Matplotlib 3.9.0"),
                Stack({"pywaffle": "1.1.0", "matplotlib": "3.9.0", **NUMPY1}, "failed",
                      "PyWaffle 1.1.0 with Matplotlib 3.9.0"),
                Stack({"pywaffle": "1.1.0", "matplotlib": "3.8.4", **NUMPY1}, "passed",
                      "Matplotlib 3.8.4, just below 3.9.0"),
                Stack({"pywaffle": "0.0.7", "matplotlib": "3.8.4", **NUMPY1}, "passed",
                      "PyWaffle 0.0.7 with Matplotlib 3.8.4"),
                Stack({"pywaffle": "1.1.0", "matplotlib": "3.9.1.post1", **NUMPY1}, "passed",
                      "Matplotlib 3.9.1.post1, just above 3.9.0 (get_cmap restored)"),
                Stack({"pywaffle": "1.1.1", "matplotlib": "3.9.0", **NUMPY1}, "passed",
                      "PyWaffle 1.1.1, just above the range"))),
    # Matplotlib 3.9.0 removed cm.get_cmap, 3.9.1 restored it and 3.11.0 removed it again
    "curated/scikit-plot-0.2.8-0.3.7-matplotlib-3.11": Proof(
        check=SKPLOT_CM_CHECK, signature="has no attribute 'get_cmap'", roots=("six",),
        stacks=(Stack({"scikit-plot": "0.2.8", "matplotlib": "3.11.0", **SKPLOT_SCIPY_PINS}, "failed",
                      "scikit-plot 0.2.8 with Matplotlib 3.11.0"),
                Stack({"scikit-plot": "0.2.8", "matplotlib": "3.11.2", **SKPLOT_SCIPY_PINS}, "failed",
                      "scikit-plot 0.2.8 with Matplotlib 3.11.2"),
                Stack({"scikit-plot": "0.3.7", "matplotlib": "3.11.0", **SKPLOT_SCIPY_PINS}, "failed",
                      "scikit-plot 0.3.7 with Matplotlib 3.11.0"),
                Stack({"scikit-plot": "0.3.7", "matplotlib": "3.11.2", **SKPLOT_SCIPY_PINS}, "failed",
                      "scikit-plot 0.3.7 with Matplotlib 3.11.2"),
                Stack({"scikit-plot": "0.3.7", "matplotlib": "3.10.9", **SKPLOT_SCIPY_PINS}, "passed",
                      "Matplotlib 3.10.9, just below 3.11"),
                Stack({"scikit-plot": "0.2.8", "matplotlib": "3.10.9", **SKPLOT_SCIPY_PINS}, "passed",
                      "scikit-plot 0.2.8 with Matplotlib 3.10.9"))),
    "curated/scikit-plot-0.2.8-0.3.7-matplotlib-3.9.0": Proof(
        check=SKPLOT_CM_CHECK, signature="has no attribute 'get_cmap'", roots=("six",),
        stacks=(Stack({"scikit-plot": "0.2.8", "matplotlib": "3.9.0", **SKPLOT_SCIPY_PINS}, "failed",
                      "scikit-plot 0.2.8 with Matplotlib 3.9.0"),
                Stack({"scikit-plot": "0.3.7", "matplotlib": "3.9.0", **SKPLOT_SCIPY_PINS}, "failed",
                      "scikit-plot 0.3.7 with Matplotlib 3.9.0"),
                Stack({"scikit-plot": "0.3.7", "matplotlib": "3.8.4", **SKPLOT_SCIPY_PINS}, "passed",
                      "Matplotlib 3.8.4, just below 3.9.0"),
                Stack({"scikit-plot": "0.2.8", "matplotlib": "3.8.4", **SKPLOT_SCIPY_PINS}, "passed",
                      "scikit-plot 0.2.8 with Matplotlib 3.8.4"),
                Stack({"scikit-plot": "0.3.7", "matplotlib": "3.9.1.post1", **SKPLOT_SCIPY_PINS}, "passed",
                      "Matplotlib 3.9.1.post1, just above 3.9.0 (get_cmap restored)"))),
    "curated/mplfinance-0.11.1a0-0.12.9b5-matplotlib-3.8": Proof(
        check=MPLFINANCE_CHECK, signature="'seaborn-darkgrid' is not a valid package style", roots=("six",),
        stacks=(Stack({"mplfinance": "0.11.1a0", "matplotlib": "3.8.0", **MPLFINANCE_PINS}, "failed",
                      "mplfinance 0.11.1a0 with Matplotlib 3.8.0"),
                Stack({"mplfinance": "0.11.1a0", "matplotlib": "3.11.2", **MPLFINANCE_PINS}, "failed",
                      "mplfinance 0.11.1a0 with Matplotlib 3.11.2"),
                Stack({"mplfinance": "0.12.9b5", "matplotlib": "3.8.0", **MPLFINANCE_PINS}, "failed",
                      "mplfinance 0.12.9b5 with Matplotlib 3.8.0"),
                Stack({"mplfinance": "0.12.9b5", "matplotlib": "3.11.2", **MPLFINANCE_PINS}, "failed",
                      "mplfinance 0.12.9b5 with Matplotlib 3.11.2"),
                Stack({"mplfinance": "0.12.9b5", "matplotlib": "3.7.5", **MPLFINANCE_PINS}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"),
                Stack({"mplfinance": "0.11.1a0", "matplotlib": "3.7.5", **MPLFINANCE_PINS}, "passed",
                      "mplfinance 0.11.1a0 with Matplotlib 3.7.5"),
                Stack({"mplfinance": "0.12.9b7", "matplotlib": "3.11.2", **MPLFINANCE_PINS}, "passed",
                      "mplfinance 0.12.9b7, just above the range"))),
    "curated/upsetplot-0.3.0.post2-0.6.1-matplotlib-3.8": Proof(
        check=UPSETPLOT_CHECK, signature="No module named 'matplotlib.tight_layout'",
        stacks=(Stack({"upsetplot": "0.3.0.post2", "matplotlib": "3.8.0", **UPSETPLOT_PINS}, "failed",
                      "UpSetPlot 0.3.0.post2 with Matplotlib 3.8.0"),
                Stack({"upsetplot": "0.3.0.post2", "matplotlib": "3.11.2", **UPSETPLOT_PINS}, "failed",
                      "UpSetPlot 0.3.0.post2 with Matplotlib 3.11.2"),
                Stack({"upsetplot": "0.6.1", "matplotlib": "3.8.0", **UPSETPLOT_PINS}, "failed",
                      "UpSetPlot 0.6.1 with Matplotlib 3.8.0"),
                Stack({"upsetplot": "0.6.1", "matplotlib": "3.11.2", **UPSETPLOT_PINS}, "failed",
                      "UpSetPlot 0.6.1 with Matplotlib 3.11.2"),
                Stack({"upsetplot": "0.6.1", "matplotlib": "3.7.5", **UPSETPLOT_PINS}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"),
                Stack({"upsetplot": "0.3.0.post2", "matplotlib": "3.7.5", **UPSETPLOT_PINS}, "passed",
                      "UpSetPlot 0.3.0.post2 with Matplotlib 3.7.5"),
                Stack({"upsetplot": "0.7.0", "matplotlib": "3.8.0", **UPSETPLOT_PINS}, "passed",
                      "UpSetPlot 0.7.0, just above the range"))),
    "curated/odmantic-0.7-0.9-pydantic-2": Proof(
        check=ODMANTIC_CHECK, signature="datetime_parse",
        stacks=(Stack({"odmantic": "0.7.0", "pydantic": "2.0", **ODMANTIC_PINS}, "failed", "odmantic 0.7.0 with pydantic 2.0"),
                Stack({"odmantic": "0.7.0", "pydantic": "2.14.4", **ODMANTIC_PINS}, "failed", "odmantic 0.7.0 with pydantic 2.14.4"),
                Stack({"odmantic": "0.9.2", "pydantic": "2.0", **ODMANTIC_PINS}, "failed", "odmantic 0.9.2 with pydantic 2.0"),
                Stack({"odmantic": "0.9.2", "pydantic": "2.14.4", **ODMANTIC_PINS}, "failed", "odmantic 0.9.2 with pydantic 2.14.4"),
                # 0.7.0 to 0.9.0 cap motor below 3.1, which does not import on Python 3.11 with any pydantic
                Stack({"odmantic": "0.9.2", "pydantic": "1.10.27", **ODMANTIC_PINS}, "passed", "pydantic 1.10.27, below 2"),
                # 1.0.0 and 1.0.1 fail with the newest pydantic for another reason (model_config), so its lowest
                Stack({"odmantic": "1.0.0", "pydantic": "2.5.2", **ODMANTIC_PINS}, "passed",
                      "odmantic 1.0.0, the first release above the range, supports pydantic 2"))),
    "curated/beanie-1.12-1.19-pydantic-2": Proof(
        check=BEANIE_CHECK, signature="ModelField",
        stacks=(Stack({"beanie": "1.12.0", "pydantic": "2.0"}, "failed", "beanie 1.12.0 with pydantic 2.0"),
                Stack({"beanie": "1.12.0", "pydantic": "2.14.4"}, "failed", "beanie 1.12.0 with pydantic 2.14.4"),
                Stack({"beanie": "1.19.2", "pydantic": "2.0"}, "failed", "beanie 1.19.2 with pydantic 2.0"),
                Stack({"beanie": "1.19.2", "pydantic": "2.14.4"}, "failed", "beanie 1.19.2 with pydantic 2.14.4"),
                Stack({"beanie": "1.12.0", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"beanie": "1.19.2", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"beanie": "1.21.0", "pydantic": "2.14.4"}, "passed",
                      "beanie 1.21.0, the first release after the range that allows pydantic 2, supports it"))),
    "curated/flask-pydantic-0.7-0.11-pydantic-2": Proof(
        check=FLASK_PYDANTIC_CHECK, signature="is_complex",
        stacks=(Stack({"flask-pydantic": "0.7.0", "pydantic": "2.0"}, "failed", "Flask-Pydantic 0.7.0 with pydantic 2.0"),
                Stack({"flask-pydantic": "0.7.0", "pydantic": "2.14.4"}, "failed", "Flask-Pydantic 0.7.0 with pydantic 2.14.4"),
                Stack({"flask-pydantic": "0.11.0", "pydantic": "2.0"}, "failed", "Flask-Pydantic 0.11.0 with pydantic 2.0"),
                Stack({"flask-pydantic": "0.11.0", "pydantic": "2.14.4"}, "failed", "Flask-Pydantic 0.11.0 with pydantic 2.14.4"),
                Stack({"flask-pydantic": "0.7.0", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"flask-pydantic": "0.11.0", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"flask-pydantic": "0.12.0", "pydantic": "2.14.4"}, "passed",
                      "Flask-Pydantic 0.12.0, the first release above the range, supports pydantic 2"))),
    "curated/fastapi-crudrouter-0.3.2-0.8.6-pydantic-2": Proof(
        check=FASTAPI_CRUDROUTER_CHECK, signature="'FieldInfo' object has no attribute 'name'", roots=("httpx",),
        stacks=(Stack({"fastapi-crudrouter": "0.3.2", "pydantic": "2.0.2", **FASTAPI_CRUDROUTER_PINS}, "failed",
                      "fastapi-crudrouter 0.3.2 with pydantic 2.0.2"),
                Stack({"fastapi-crudrouter": "0.3.2", "pydantic": "2.14.4", **FASTAPI_CRUDROUTER_PINS}, "failed",
                      "fastapi-crudrouter 0.3.2 with pydantic 2.14.4"),
                Stack({"fastapi-crudrouter": "0.8.6", "pydantic": "2.0.2", **FASTAPI_CRUDROUTER_PINS}, "failed",
                      "fastapi-crudrouter 0.8.6 with pydantic 2.0.2"),
                Stack({"fastapi-crudrouter": "0.8.6", "pydantic": "2.14.4", **FASTAPI_CRUDROUTER_PINS}, "failed",
                      "fastapi-crudrouter 0.8.6 with pydantic 2.14.4"),
                Stack({"fastapi-crudrouter": "0.3.2", "pydantic": "1.10.27", **FASTAPI_CRUDROUTER_PINS}, "passed",
                      "pydantic 1.10.27, below 2"),
                Stack({"fastapi-crudrouter": "0.8.6", "pydantic": "1.10.27", **FASTAPI_CRUDROUTER_PINS}, "passed",
                      "pydantic 1.10.27, below 2"))),
    "curated/fastapi-mail-0.3-0.4.1-pydantic-2": Proof(
        check=FASTAPI_MAIL_CHECK, signature="BaseSettings",
        stacks=(Stack({"fastapi-mail": "0.3.0", "pydantic": "2.0.2", **FASTAPI_MAIL_PINS}, "failed", "fastapi-mail 0.3.0 with pydantic 2.0.2"),
                Stack({"fastapi-mail": "0.3.0", "pydantic": "2.14.4", **FASTAPI_MAIL_PINS}, "failed", "fastapi-mail 0.3.0 with pydantic 2.14.4"),
                Stack({"fastapi-mail": "0.4.1", "pydantic": "2.0.2", **FASTAPI_MAIL_041_PINS}, "failed",
                      "fastapi-mail 0.4.1 with pydantic 2.0.2"),
                Stack({"fastapi-mail": "0.4.1", "pydantic": "2.14.4", **FASTAPI_MAIL_041_PINS}, "failed",
                      "fastapi-mail 0.4.1 with pydantic 2.14.4"),
                Stack({"fastapi-mail": "0.3.0", "pydantic": "1.10.27", **FASTAPI_MAIL_PINS}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"fastapi-mail": "0.4.1", "pydantic": "1.10.27", **FASTAPI_MAIL_041_PINS}, "passed",
                      "pydantic 1.10.27, below 2"))),
    "curated/odmantic-1.0.0-1.0.1-pydantic-2.7": Proof(
        check=ODMANTIC_CHECK, signature="model_config",
        stacks=(Stack({"odmantic": "1.0.0", "pydantic": "2.7.0"}, "failed", "odmantic 1.0.0 with pydantic 2.7.0"),
                Stack({"odmantic": "1.0.0", "pydantic": "2.14.4"}, "failed", "odmantic 1.0.0 with pydantic 2.14.4"),
                Stack({"odmantic": "1.0.1", "pydantic": "2.7.0"}, "failed", "odmantic 1.0.1 with pydantic 2.7.0"),
                Stack({"odmantic": "1.0.1", "pydantic": "2.14.4"}, "failed", "odmantic 1.0.1 with pydantic 2.14.4"),
                Stack({"odmantic": "1.0.0", "pydantic": "2.6.4"}, "passed", "pydantic 2.6.4, just below 2.7"),
                Stack({"odmantic": "1.0.1", "pydantic": "2.6.4"}, "passed", "pydantic 2.6.4, just below 2.7"),
                Stack({"odmantic": "1.0.2", "pydantic": "2.14.4"}, "passed",
                      "odmantic 1.0.2, the first release above the range, works with pydantic 2.7+"))),
    "curated/pydantic-openapi-schema-1-pydantic-2": Proof(
        check=PYDANTIC_OPENAPI_SCHEMA_CHECK, signature="`const` is removed",
        stacks=(Stack({"pydantic-openapi-schema": "1.0.0", "pydantic": "2.0"}, "failed", "pydantic-openapi-schema 1.0.0 with pydantic 2.0"),
                Stack({"pydantic-openapi-schema": "1.0.0", "pydantic": "2.14.4"}, "failed",
                      "pydantic-openapi-schema 1.0.0 with pydantic 2.14.4"),
                Stack({"pydantic-openapi-schema": "1.5.1", "pydantic": "2.0"}, "failed", "pydantic-openapi-schema 1.5.1 with pydantic 2.0"),
                Stack({"pydantic-openapi-schema": "1.5.1", "pydantic": "2.14.4"}, "failed",
                      "pydantic-openapi-schema 1.5.1 with pydantic 2.14.4"),
                Stack({"pydantic-openapi-schema": "1.0.0", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"pydantic-openapi-schema": "1.5.1", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"))),
    # the signature is common to both failures: GenericModel (pydantic 2.0.x) and typing.Generic (2.1 and later)
    "curated/fastapi-pagination-0.11.1-0.12.4-pydantic-2": Proof(
        check=FASTAPI_PAGINATION_CHECK, signature="Generic", roots=("httpx",),
        stacks=(Stack({"fastapi-pagination": "0.11.1", "pydantic": "2.0.2", **FASTAPI_CRUDROUTER_PINS}, "failed",
                      "fastapi-pagination 0.11.1 with pydantic 2.0.2"),
                Stack({"fastapi-pagination": "0.11.1", "pydantic": "2.14.4", **FASTAPI_CRUDROUTER_PINS}, "failed",
                      "fastapi-pagination 0.11.1 with pydantic 2.14.4"),
                Stack({"fastapi-pagination": "0.12.4", "pydantic": "2.0.2", **FASTAPI_CRUDROUTER_PINS}, "failed",
                      "fastapi-pagination 0.12.4 with pydantic 2.0.2"),
                Stack({"fastapi-pagination": "0.12.4", "pydantic": "2.14.4", **FASTAPI_CRUDROUTER_PINS}, "failed",
                      "fastapi-pagination 0.12.4 with pydantic 2.14.4"),
                Stack({"fastapi-pagination": "0.11.1", "pydantic": "1.10.27", **FASTAPI_CRUDROUTER_PINS}, "passed",
                      "pydantic 1.10.27, below 2"),
                Stack({"fastapi-pagination": "0.12.4", "pydantic": "1.10.27", **FASTAPI_CRUDROUTER_PINS}, "passed",
                      "pydantic 1.10.27, below 2"),
                Stack({"fastapi-pagination": "0.12.5", "pydantic": "2.14.4", **FASTAPI_CRUDROUTER_PINS}, "passed",
                      "fastapi-pagination 0.12.5, the first release above the range, supports pydantic 2"))),
    "curated/flask-mailing-0.0.5-0.2.2-pydantic-2": Proof(
        check=FLASK_MAILING_CHECK, signature="BaseSettings",
        stacks=(Stack({"flask-mailing": "0.0.5", "pydantic": "2.0"}, "failed", "Flask-Mailing 0.0.5 with pydantic 2.0"),
                Stack({"flask-mailing": "0.0.5", "pydantic": "2.14.4"}, "failed", "Flask-Mailing 0.0.5 with pydantic 2.14.4"),
                Stack({"flask-mailing": "0.2.2", "pydantic": "2.0"}, "failed", "Flask-Mailing 0.2.2 with pydantic 2.0"),
                Stack({"flask-mailing": "0.2.2", "pydantic": "2.14.4"}, "failed", "Flask-Mailing 0.2.2 with pydantic 2.14.4"),
                # 0.0.5 to 0.2.0 import aioredis 2, which does not import on Python 3.11 with any pydantic
                Stack({"flask-mailing": "0.2.2", "pydantic": "1.10.27"}, "passed", "pydantic 1.10.27, below 2"),
                Stack({"flask-mailing": "0.2.3", "pydantic": "2.14.4"}, "passed",
                      "Flask-Mailing 0.2.3, the first release above the range, uses pydantic-settings"))),
    "curated/obspy-1.4-setuptools-82": Proof(
        check=OBSPY_TAPER_CHECK, signature="pkg_resources",
        stacks=(Stack({"obspy": "1.4.0", "setuptools": "82.0.0", **OBSPY_SETUPTOOLS_PINS}, "failed",
                      "obspy 1.4.0 with setuptools 82.0.0"),
                Stack({"obspy": "1.4.0", "setuptools": "84.2.1", **OBSPY_SETUPTOOLS_PINS}, "failed",
                      "obspy 1.4.0 with setuptools 84.2.1"),
                Stack({"obspy": "1.4.2", "setuptools": "82.0.0", **OBSPY_SETUPTOOLS_PINS}, "failed",
                      "obspy 1.4.2 with setuptools 82.0.0"),
                Stack({"obspy": "1.4.2", "setuptools": "84.2.1", **OBSPY_SETUPTOOLS_PINS}, "failed",
                      "obspy 1.4.2 with setuptools 84.2.1"),
                Stack({"obspy": "1.4.2", "setuptools": "81.0.0", **OBSPY_SETUPTOOLS_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"obspy": "1.5.0", "setuptools": "84.2.1", **OBSPY_SETUPTOOLS_PINS}, "passed",
                      "obspy 1.5.0, the first release above the range, uses importlib.metadata"))),
    "curated/pyportfolioopt-1.4.2-1.5.5-matplotlib-3.8": Proof(
        check=PYPFOPT_PLOT_CHECK, signature="seaborn-deep", roots=("matplotlib",),  # an optional extra
        stacks=(Stack({"pyportfolioopt": "1.4.2", "matplotlib": "3.8.0", **MPL_STYLE_PINS}, "failed",
                      "PyPortfolioOpt 1.4.2 with Matplotlib 3.8.0"),
                Stack({"pyportfolioopt": "1.4.2", "matplotlib": "3.11.2", **MPL_STYLE_PINS}, "failed",
                      "PyPortfolioOpt 1.4.2 with Matplotlib 3.11.2"),
                Stack({"pyportfolioopt": "1.5.5", "matplotlib": "3.8.0", **MPL_STYLE_PINS}, "failed",
                      "PyPortfolioOpt 1.5.5 with Matplotlib 3.8.0"),
                Stack({"pyportfolioopt": "1.5.5", "matplotlib": "3.11.2", **MPL_STYLE_PINS}, "failed",
                      "PyPortfolioOpt 1.5.5 with Matplotlib 3.11.2"),
                Stack({"pyportfolioopt": "1.5.5", "matplotlib": "3.7.5", **MPL_STYLE_PINS}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"),
                Stack({"pyportfolioopt": "1.5.6", "matplotlib": "3.11.2", **MPL_STYLE_PINS}, "passed",
                      "PyPortfolioOpt 1.5.6, the first release above the range, sets no style"))),
    "curated/adtk-0.6-matplotlib-3.8": Proof(
        check=ADTK_PLOT_CHECK, signature="seaborn-whitegrid",
        stacks=(Stack({"adtk": "0.6.0", "matplotlib": "3.8.0", **MPL_STYLE_PINS}, "failed", "adtk 0.6.0 with Matplotlib 3.8.0"),
                Stack({"adtk": "0.6.0", "matplotlib": "3.11.2", **MPL_STYLE_PINS}, "failed", "adtk 0.6.0 with Matplotlib 3.11.2"),
                Stack({"adtk": "0.6.2", "matplotlib": "3.8.0", **MPL_STYLE_PINS}, "failed", "adtk 0.6.2 with Matplotlib 3.8.0"),
                Stack({"adtk": "0.6.2", "matplotlib": "3.11.2", **MPL_STYLE_PINS}, "failed", "adtk 0.6.2 with Matplotlib 3.11.2"),
                Stack({"adtk": "0.6.0", "matplotlib": "3.7.5", **MPL_STYLE_PINS}, "passed", "Matplotlib 3.7.5, just below 3.8"),
                Stack({"adtk": "0.6.2", "matplotlib": "3.7.5", **MPL_STYLE_PINS}, "passed", "Matplotlib 3.7.5, just below 3.8"))),
    "curated/hrv-analysis-1.0.5-matplotlib-3.8": Proof(
        check=HRV_PLOT_CHECK, signature="seaborn-darkgrid",
        stacks=(Stack({"hrv-analysis": "1.0.5", "matplotlib": "3.8.0", **HRV_PINS}, "failed",
                      "hrv-analysis 1.0.5 with Matplotlib 3.8.0"),
                Stack({"hrv-analysis": "1.0.5", "matplotlib": "3.11.2", **HRV_PINS}, "failed",
                      "hrv-analysis 1.0.5 with Matplotlib 3.11.2"),
                Stack({"hrv-analysis": "1.0.5", "matplotlib": "3.7.5", **HRV_PINS}, "passed", "Matplotlib 3.7.5, just below 3.8"))),
    "curated/flask-jwt-extended-3.0-3.24-pyjwt-2": Proof(
        check=FLASK_JWT_EXTENDED_3_CHECK, signature="'str' object has no attribute 'decode'",
        stacks=(Stack({"flask-jwt-extended": "3.0.0", "pyjwt": "2.0.0", **FLASK_JWT_EXTENDED_3_PINS}, "failed",
                      "Flask-JWT-Extended 3.0.0 with PyJWT 2.0.0"),
                Stack({"flask-jwt-extended": "3.0.0", "pyjwt": "2.15.1", **FLASK_JWT_EXTENDED_3_PINS}, "failed",
                      "Flask-JWT-Extended 3.0.0 with PyJWT 2.15.1"),
                Stack({"flask-jwt-extended": "3.24.1", "pyjwt": "2.0.0", **FLASK_JWT_EXTENDED_3_PINS}, "failed",
                      "Flask-JWT-Extended 3.24.1 with PyJWT 2.0.0"),
                Stack({"flask-jwt-extended": "3.24.1", "pyjwt": "2.15.1", **FLASK_JWT_EXTENDED_3_PINS}, "failed",
                      "Flask-JWT-Extended 3.24.1 with PyJWT 2.15.1"),
                # 3.25.0 and 3.25.1 require PyJWT < 2, and 4.x has another claims API, so no fixed 3.x stack exists
                Stack({"flask-jwt-extended": "3.0.0", "pyjwt": "1.7.1", **FLASK_JWT_EXTENDED_3_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"),
                Stack({"flask-jwt-extended": "3.24.1", "pyjwt": "1.7.1", **FLASK_JWT_EXTENDED_3_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"))),
    "curated/djangorestframework-simplejwt-2.1-4.5-pyjwt-2": Proof(
        check=SIMPLEJWT_TOKEN_CHECK, signature="'str' object has no attribute 'decode'",
        stacks=(Stack({"djangorestframework-simplejwt": "2.1", "pyjwt": "2.0.0", **SIMPLEJWT_DJANGO22_PINS}, "failed",
                      "simplejwt 2.1 with PyJWT 2.0.0"),
                Stack({"djangorestframework-simplejwt": "2.1", "pyjwt": "2.15.1", **SIMPLEJWT_DJANGO22_PINS}, "failed",
                      "simplejwt 2.1 with PyJWT 2.15.1"),
                Stack({"djangorestframework-simplejwt": "4.5.0", "pyjwt": "2.0.0", **SIMPLEJWT_DJANGO32_PINS}, "failed",
                      "simplejwt 4.5.0 with PyJWT 2.0.0"),
                Stack({"djangorestframework-simplejwt": "4.5.0", "pyjwt": "2.15.1", **SIMPLEJWT_DJANGO32_PINS}, "failed",
                      "simplejwt 4.5.0 with PyJWT 2.15.1"),
                Stack({"djangorestframework-simplejwt": "2.1", "pyjwt": "1.7.1", **SIMPLEJWT_DJANGO22_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"),
                Stack({"djangorestframework-simplejwt": "4.5.0", "pyjwt": "1.7.1", **SIMPLEJWT_DJANGO32_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"),
                Stack({"djangorestframework-simplejwt": "4.6.0", "pyjwt": "2.15.1", **SIMPLEJWT_DJANGO32_PINS}, "passed",
                      "simplejwt 4.6.0, the first release above the range, accepts a str token"))),
    "curated/flask-jwt-simple-0.0.1-0.0.3-pyjwt-2": Proof(
        check=FLASK_JWT_SIMPLE_CHECK, signature="'str' object has no attribute 'decode'",
        stacks=(Stack({"flask-jwt-simple": "0.0.1", "pyjwt": "2.0.0", **FLASK_JWT_SIMPLE_PINS}, "failed",
                      "Flask-JWT-Simple 0.0.1 with PyJWT 2.0.0"),
                Stack({"flask-jwt-simple": "0.0.1", "pyjwt": "2.15.1", **FLASK_JWT_SIMPLE_PINS}, "failed",
                      "Flask-JWT-Simple 0.0.1 with PyJWT 2.15.1"),
                Stack({"flask-jwt-simple": "0.0.3", "pyjwt": "2.0.0", **FLASK_JWT_SIMPLE_PINS}, "failed",
                      "Flask-JWT-Simple 0.0.3 with PyJWT 2.0.0"),
                Stack({"flask-jwt-simple": "0.0.3", "pyjwt": "2.15.1", **FLASK_JWT_SIMPLE_PINS}, "failed",
                      "Flask-JWT-Simple 0.0.3 with PyJWT 2.15.1"),
                Stack({"flask-jwt-simple": "0.0.1", "pyjwt": "1.7.1", **FLASK_JWT_SIMPLE_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"),
                Stack({"flask-jwt-simple": "0.0.3", "pyjwt": "1.7.1", **FLASK_JWT_SIMPLE_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"))),
    "curated/django-graphql-jwt-0.1.2-0.3.1-pyjwt-2": Proof(
        check=GRAPHQL_JWT_TOKEN_CHECK, signature="'str' object has no attribute 'decode'",
        stacks=(Stack({"django-graphql-jwt": "0.1.2", "pyjwt": "2.0.0", **GRAPHQL_JWT_PINS}, "failed",
                      "django-graphql-jwt 0.1.2 with PyJWT 2.0.0"),
                Stack({"django-graphql-jwt": "0.1.2", "pyjwt": "2.15.1", **GRAPHQL_JWT_PINS}, "failed",
                      "django-graphql-jwt 0.1.2 with PyJWT 2.15.1"),
                Stack({"django-graphql-jwt": "0.3.1", "pyjwt": "2.0.0", **GRAPHQL_JWT_PINS}, "failed",
                      "django-graphql-jwt 0.3.1 with PyJWT 2.0.0"),
                Stack({"django-graphql-jwt": "0.3.1", "pyjwt": "2.15.1", **GRAPHQL_JWT_PINS}, "failed",
                      "django-graphql-jwt 0.3.1 with PyJWT 2.15.1"),
                Stack({"django-graphql-jwt": "0.1.2", "pyjwt": "1.7.1", **GRAPHQL_JWT_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"),
                Stack({"django-graphql-jwt": "0.3.1", "pyjwt": "1.7.1", **GRAPHQL_JWT_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"),
                # 0.3.2 requires graphene-django 3, so only Django is pinned there
                Stack({"django-graphql-jwt": "0.3.2", "pyjwt": "2.15.1", "django": "3.2.25"}, "passed",
                      "django-graphql-jwt 0.3.2, the first release above the range, supports PyJWT 2"))),
    "curated/zoomus-1.0-1.1.3-pyjwt-2": Proof(
        check=ZOOMUS_CLIENT_CHECK, signature="'str' object has no attribute 'decode'",
        stacks=(Stack({"zoomus": "1.0.0", "pyjwt": "2.0.0"}, "failed", "zoomus 1.0.0 with PyJWT 2.0.0"),
                Stack({"zoomus": "1.0.0", "pyjwt": "2.15.1"}, "failed", "zoomus 1.0.0 with PyJWT 2.15.1"),
                Stack({"zoomus": "1.1.3", "pyjwt": "2.0.0"}, "failed", "zoomus 1.1.3 with PyJWT 2.0.0"),
                Stack({"zoomus": "1.1.3", "pyjwt": "2.15.1"}, "failed", "zoomus 1.1.3 with PyJWT 2.15.1"),
                Stack({"zoomus": "1.0.0", "pyjwt": "1.7.1"}, "passed", "PyJWT 1.7.1, below 2"),
                Stack({"zoomus": "1.1.3", "pyjwt": "1.7.1"}, "passed", "PyJWT 1.7.1, below 2"),
                Stack({"zoomus": "1.1.4", "pyjwt": "2.15.1"}, "passed",
                      "zoomus 1.1.4, the first release above the range, returns the token as PyJWT gives it"))),
    "curated/adal-0.4-1.2.5-pyjwt-2": Proof(
        check=ADAL_CERT_CHECK, signature="Error:Invalid Certificate",
        stacks=(Stack({"adal": "0.4.0", "pyjwt": "2.0.0"}, "failed", "adal 0.4.0 with PyJWT 2.0.0"),
                Stack({"adal": "0.4.0", "pyjwt": "2.15.1"}, "failed", "adal 0.4.0 with PyJWT 2.15.1"),
                Stack({"adal": "1.2.5", "pyjwt": "2.0.0"}, "failed", "adal 1.2.5 with PyJWT 2.0.0"),
                Stack({"adal": "1.2.5", "pyjwt": "2.15.1"}, "failed", "adal 1.2.5 with PyJWT 2.15.1"),
                Stack({"adal": "0.4.0", "pyjwt": "1.7.1"}, "passed", "PyJWT 1.7.1, below 2"),
                Stack({"adal": "1.2.5", "pyjwt": "1.7.1"}, "passed", "PyJWT 1.7.1, below 2"),
                Stack({"adal": "1.2.6", "pyjwt": "2.15.1"}, "passed",
                      "adal 1.2.6, the first release above the range, accepts a str token"))),
    "curated/flask-graphql-auth-0.5.1-1.3.2-pyjwt-2": Proof(
        check=FLASK_GRAPHQL_AUTH_CHECK, signature="'str' object has no attribute 'decode'",
        stacks=(Stack({"flask-graphql-auth": "0.5.1", "pyjwt": "2.0.0", **FLASK_GRAPHQL_AUTH_PINS}, "failed",
                      "Flask-GraphQL-Auth 0.5.1 with PyJWT 2.0.0"),
                Stack({"flask-graphql-auth": "0.5.1", "pyjwt": "2.15.1", **FLASK_GRAPHQL_AUTH_PINS}, "failed",
                      "Flask-GraphQL-Auth 0.5.1 with PyJWT 2.15.1"),
                Stack({"flask-graphql-auth": "1.3.2", "pyjwt": "2.0.0", **FLASK_GRAPHQL_AUTH_PINS}, "failed",
                      "Flask-GraphQL-Auth 1.3.2 with PyJWT 2.0.0"),
                Stack({"flask-graphql-auth": "1.3.2", "pyjwt": "2.15.1", **FLASK_GRAPHQL_AUTH_PINS}, "failed",
                      "Flask-GraphQL-Auth 1.3.2 with PyJWT 2.15.1"),
                Stack({"flask-graphql-auth": "0.5.1", "pyjwt": "1.7.1", **FLASK_GRAPHQL_AUTH_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"),
                Stack({"flask-graphql-auth": "1.3.2", "pyjwt": "1.7.1", **FLASK_GRAPHQL_AUTH_PINS}, "passed",
                      "PyJWT 1.7.1, below 2"),
                # 1.3.3 pins PyJWT==2.0.1, so that is the only PyJWT 2 it can be shown with
                Stack({"flask-graphql-auth": "1.3.3", "pyjwt": "2.0.1", **FLASK_GRAPHQL_AUTH_PINS}, "passed",
                      "Flask-GraphQL-Auth 1.3.3, the first release above the range, drops the .decode() call"))),
    "curated/gidgethub-4.1-4.2-pyjwt-2": Proof(
        check=GIDGETHUB_APP_JWT_CHECK, signature="'str' object has no attribute 'decode'",
        stacks=(Stack({"gidgethub": "4.1.0", "pyjwt": "2.0.0"}, "failed", "gidgethub 4.1.0 with PyJWT 2.0.0"),
                Stack({"gidgethub": "4.1.0", "pyjwt": "2.15.1"}, "failed", "gidgethub 4.1.0 with PyJWT 2.15.1"),
                Stack({"gidgethub": "4.2.0", "pyjwt": "2.0.0"}, "failed", "gidgethub 4.2.0 with PyJWT 2.0.0"),
                Stack({"gidgethub": "4.2.0", "pyjwt": "2.15.1"}, "failed", "gidgethub 4.2.0 with PyJWT 2.15.1"),
                Stack({"gidgethub": "4.1.0", "pyjwt": "1.7.1"}, "passed", "PyJWT 1.7.1, below 2"),
                Stack({"gidgethub": "4.2.0", "pyjwt": "1.7.1"}, "passed", "PyJWT 1.7.1, below 2"),
                Stack({"gidgethub": "5.0.0", "pyjwt": "2.15.1"}, "passed",
                      "gidgethub 5.0.0, the first release above the range, returns PyJWT's str"))),
    # PyGithub 1.55 to 1.58 declare pyjwt without its crypto extra; RS256 needs cryptography, hence roots=("cryptography",)
    "curated/pygithub-1.55-2.6-pyjwt-2.11": Proof(
        check=PYGITHUB_APP_JWT_CHECK, signature="Issuer (iss) must be a string",
        stacks=(Stack({"pygithub": "1.55", "pyjwt": "2.11.0"}, "failed", "PyGithub 1.55 with PyJWT 2.11.0"),
                Stack({"pygithub": "1.55", "pyjwt": "2.15.1"}, "failed", "PyGithub 1.55 with PyJWT 2.15.1"),
                Stack({"pygithub": "2.6.1", "pyjwt": "2.11.0"}, "failed", "PyGithub 2.6.1 with PyJWT 2.11.0"),
                Stack({"pygithub": "2.6.1", "pyjwt": "2.15.1"}, "failed", "PyGithub 2.6.1 with PyJWT 2.15.1"),
                Stack({"pygithub": "1.55", "pyjwt": "2.10.1"}, "passed", "PyJWT 2.10.1, just below 2.11"),
                Stack({"pygithub": "2.6.1", "pyjwt": "2.10.1"}, "passed", "PyJWT 2.10.1, just below 2.11"),
                Stack({"pygithub": "2.7.0", "pyjwt": "2.15.1"}, "passed",
                      "PyGithub 2.7.0, the first release above the range, sends the app id as a string")),
        roots=("cryptography",)),
    # github3.py 3.1.x declare PyJWT without its crypto extra; RS256 needs cryptography, hence roots=("cryptography",)
    "curated/github3-py-3.1-4.0.1-pyjwt-2.11": Proof(
        check=GITHUB3_APP_JWT_CHECK, signature="Issuer (iss) must be a string",
        stacks=(Stack({"github3-py": "3.1.0", "pyjwt": "2.11.0"}, "failed", "github3.py 3.1.0 with PyJWT 2.11.0"),
                Stack({"github3-py": "3.1.0", "pyjwt": "2.15.1"}, "failed", "github3.py 3.1.0 with PyJWT 2.15.1"),
                Stack({"github3-py": "4.0.1", "pyjwt": "2.11.0"}, "failed", "github3.py 4.0.1 with PyJWT 2.11.0"),
                Stack({"github3-py": "4.0.1", "pyjwt": "2.15.1"}, "failed", "github3.py 4.0.1 with PyJWT 2.15.1"),
                Stack({"github3-py": "3.1.0", "pyjwt": "2.10.1"}, "passed", "PyJWT 2.10.1, just below 2.11"),
                Stack({"github3-py": "4.0.1", "pyjwt": "2.10.1"}, "passed", "PyJWT 2.10.1, just below 2.11")),
        roots=("cryptography",)),
    "curated/octomachinery-0.0.18-0.3.11-pyjwt-2.11": Proof(
        check=OCTOMACHINERY_APP_JWT_CHECK, signature="Issuer (iss) must be a string",
        stacks=(Stack({"octomachinery": "0.0.18", "pyjwt": "2.11.0"}, "failed", "octomachinery 0.0.18 with PyJWT 2.11.0"),
                Stack({"octomachinery": "0.0.18", "pyjwt": "2.15.1"}, "failed", "octomachinery 0.0.18 with PyJWT 2.15.1"),
                Stack({"octomachinery": "0.3.11", "pyjwt": "2.11.0"}, "failed", "octomachinery 0.3.11 with PyJWT 2.11.0"),
                Stack({"octomachinery": "0.3.11", "pyjwt": "2.15.1"}, "failed", "octomachinery 0.3.11 with PyJWT 2.15.1"),
                Stack({"octomachinery": "0.3.11", "pyjwt": "2.10.1"}, "passed", "PyJWT 2.10.1, just below 2.11"),
                # 0.0.18 to 0.3.5 break on PyJWT 2.0 to 2.10 another way (the octomachinery-0.0.18-0.3.5-pyjwt-2 rule)
                Stack({"octomachinery": "0.0.18", "pyjwt": "1.7.1"}, "passed", "PyJWT 1.7.1, below 2"))),
    "curated/octomachinery-0.0.18-0.3.5-pyjwt-2": Proof(
        check=OCTOMACHINERY_APP_JWT_CHECK, signature="'str' object has no attribute 'decode'",
        stacks=(Stack({"octomachinery": "0.0.18", "pyjwt": "2.0.0"}, "failed", "octomachinery 0.0.18 with PyJWT 2.0.0"),
                Stack({"octomachinery": "0.0.18", "pyjwt": "2.10.1"}, "failed", "octomachinery 0.0.18 with PyJWT 2.10.1"),
                Stack({"octomachinery": "0.3.5", "pyjwt": "2.0.0"}, "failed", "octomachinery 0.3.5 with PyJWT 2.0.0"),
                Stack({"octomachinery": "0.3.5", "pyjwt": "2.10.1"}, "failed", "octomachinery 0.3.5 with PyJWT 2.10.1"),
                Stack({"octomachinery": "0.0.18", "pyjwt": "1.7.1"}, "passed", "PyJWT 1.7.1, below 2"),
                Stack({"octomachinery": "0.3.5", "pyjwt": "1.7.1"}, "passed", "PyJWT 1.7.1, below 2"),
                Stack({"octomachinery": "0.3.6", "pyjwt": "2.10.1"}, "passed",
                      "octomachinery 0.3.6, the first release above the range, keeps PyJWT 2's str"))),
    # 0.5.1 declares PyJWT without its crypto extra (RS256 needs cryptography); 0.7.1 imports deprecated without
    # declaring it; hence roots=("cryptography", "deprecated")
    "curated/github-bot-api-0.5.1-0.7.0-pyjwt-2.11": Proof(
        check=GITHUB_BOT_API_JWT_CHECK, signature="Issuer (iss) must be a string",
        stacks=(Stack({"github-bot-api": "0.5.1", "pyjwt": "2.11.0"}, "failed", "github-bot-api 0.5.1 with PyJWT 2.11.0"),
                Stack({"github-bot-api": "0.5.1", "pyjwt": "2.15.1"}, "failed", "github-bot-api 0.5.1 with PyJWT 2.15.1"),
                Stack({"github-bot-api": "0.7.0", "pyjwt": "2.11.0"}, "failed", "github-bot-api 0.7.0 with PyJWT 2.11.0"),
                Stack({"github-bot-api": "0.7.0", "pyjwt": "2.15.1"}, "failed", "github-bot-api 0.7.0 with PyJWT 2.15.1"),
                Stack({"github-bot-api": "0.5.1", "pyjwt": "2.10.1"}, "passed", "PyJWT 2.10.1, just below 2.11"),
                Stack({"github-bot-api": "0.7.0", "pyjwt": "2.10.1"}, "passed", "PyJWT 2.10.1, just below 2.11"),
                Stack({"github-bot-api": "0.7.1", "pyjwt": "2.15.1"}, "passed",
                      "github-bot-api 0.7.1, the first release above the range, sends the app id as a string")),
        roots=("cryptography", "deprecated")),
    "curated/nolds-0.4.1-0.6.2-setuptools-82": Proof(
        check=NOLDS_CHECK, signature="pkg_resources",
        stacks=(Stack({"nolds": "0.4.1", "setuptools": "82.0.0", "numpy": "1.26.4"}, "failed", "nolds 0.4.1 with setuptools 82.0.0"),
                Stack({"nolds": "0.4.1", "setuptools": "84.2.1", "numpy": "1.26.4"}, "failed", "nolds 0.4.1 with setuptools 84.2.1"),
                Stack({"nolds": "0.6.2", "setuptools": "82.0.0", "numpy": "1.26.4"}, "failed", "nolds 0.6.2 with setuptools 82.0.0"),
                Stack({"nolds": "0.6.2", "setuptools": "84.2.1", "numpy": "1.26.4"}, "failed", "nolds 0.6.2 with setuptools 84.2.1"),
                Stack({"nolds": "0.4.1", "setuptools": "81.0.0", "numpy": "1.26.4"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"nolds": "0.6.2", "setuptools": "81.0.0", "numpy": "1.26.4"}, "passed", "setuptools 81.0.0, just below 82"))),
    # dictdiffer declares no setuptools: the proof adds it as a root
    "curated/dictdiffer-0.6.1-0.8.1-setuptools-82": Proof(
        check=DICTDIFFER_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"dictdiffer": "0.6.1", "setuptools": "82.0.0"}, "failed", "dictdiffer 0.6.1 with setuptools 82.0.0"),
                Stack({"dictdiffer": "0.6.1", "setuptools": "84.2.1"}, "failed", "dictdiffer 0.6.1 with setuptools 84.2.1"),
                Stack({"dictdiffer": "0.8.1", "setuptools": "82.0.0"}, "failed", "dictdiffer 0.8.1 with setuptools 82.0.0"),
                Stack({"dictdiffer": "0.8.1", "setuptools": "84.2.1"}, "failed", "dictdiffer 0.8.1 with setuptools 84.2.1"),
                Stack({"dictdiffer": "0.6.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"dictdiffer": "0.8.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"dictdiffer": "0.9.0", "setuptools": "84.2.1"}, "passed",
                      "dictdiffer 0.9.0, the first release above the range, does not import pkg_resources"))),
    "curated/etcd3-0.8.1-0.12.0-protobuf-4": Proof(
        check=ETCD3_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"etcd3": "0.8.1", "protobuf": "4.21.1"}, "failed", "etcd3 0.8.1 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"etcd3": "0.8.1", "protobuf": "7.36.2"}, "failed", "etcd3 0.8.1 with protobuf 7.36.2"),
                Stack({"etcd3": "0.12.0", "protobuf": "4.21.1"}, "failed", "etcd3 0.12.0 with protobuf 4.21.1"),
                Stack({"etcd3": "0.12.0", "protobuf": "7.36.2"}, "failed", "etcd3 0.12.0 with protobuf 7.36.2"),
                # no later release exists
                Stack({"etcd3": "0.12.0", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3, just below 4.21"))),
    "curated/grpcio-health-checking-1.1-1.43-protobuf-4": Proof(
        check=GRPC_HEALTH_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"grpcio-health-checking": "1.1.0", "protobuf": "4.21.1"}, "failed",
                      "grpcio-health-checking 1.1.0 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"grpcio-health-checking": "1.1.0", "protobuf": "7.36.2"}, "failed",
                      "grpcio-health-checking 1.1.0 with protobuf 7.36.2"),
                Stack({"grpcio-health-checking": "1.43.0", "protobuf": "4.21.1"}, "failed",
                      "grpcio-health-checking 1.43.0 with protobuf 4.21.1"),
                Stack({"grpcio-health-checking": "1.43.0", "protobuf": "7.36.2"}, "failed",
                      "grpcio-health-checking 1.43.0 with protobuf 7.36.2"),
                Stack({"grpcio-health-checking": "1.43.0", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3, just below 4.21"),
                Stack({"grpcio-health-checking": "1.1.0", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3 with the first release"),
                Stack({"grpcio-health-checking": "1.44.0", "protobuf": "7.36.2"}, "passed",
                      "grpcio-health-checking 1.44.0, the first release with regenerated modules"))),
    "curated/grpcio-reflection-1.3-1.43-protobuf-4": Proof(
        check=GRPC_REFLECTION_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"grpcio-reflection": "1.3.0", "protobuf": "4.21.1"}, "failed",
                      "grpcio-reflection 1.3.0 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"grpcio-reflection": "1.3.0", "protobuf": "7.36.2"}, "failed", "grpcio-reflection 1.3.0 with protobuf 7.36.2"),
                Stack({"grpcio-reflection": "1.43.0", "protobuf": "4.21.1"}, "failed", "grpcio-reflection 1.43.0 with protobuf 4.21.1"),
                Stack({"grpcio-reflection": "1.43.0", "protobuf": "7.36.2"}, "failed", "grpcio-reflection 1.43.0 with protobuf 7.36.2"),
                Stack({"grpcio-reflection": "1.43.0", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3, just below 4.21"),
                Stack({"grpcio-reflection": "1.3.0", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3 with 1.3.0"),
                Stack({"grpcio-reflection": "1.44.0", "protobuf": "7.36.2"}, "passed",
                      "grpcio-reflection 1.44.0, the first release with regenerated modules"))),
    "curated/grpcio-channelz-1.17-1.43-protobuf-4": Proof(
        check=GRPC_CHANNELZ_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"grpcio-channelz": "1.17.0", "protobuf": "4.21.1"}, "failed",
                      "grpcio-channelz 1.17.0, the first release, with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"grpcio-channelz": "1.17.0", "protobuf": "7.36.2"}, "failed", "grpcio-channelz 1.17.0 with protobuf 7.36.2"),
                Stack({"grpcio-channelz": "1.43.0", "protobuf": "4.21.1"}, "failed", "grpcio-channelz 1.43.0 with protobuf 4.21.1"),
                Stack({"grpcio-channelz": "1.43.0", "protobuf": "7.36.2"}, "failed", "grpcio-channelz 1.43.0 with protobuf 7.36.2"),
                Stack({"grpcio-channelz": "1.43.0", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3, just below 4.21"),
                Stack({"grpcio-channelz": "1.17.0", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3 with 1.17.0"),
                Stack({"grpcio-channelz": "1.44.0", "protobuf": "7.36.2"}, "passed",
                      "grpcio-channelz 1.44.0, the first release with regenerated modules"))),
    "curated/grpcio-health-checking-1.66-1.71-protobuf-5.26-5.27.1": Proof(
        check=GRPC_PB2_CHECKS["grpcio-health-checking"], signature="runtime_version",
        stacks=(Stack({"grpcio-health-checking": "1.66.0", "protobuf": "5.26.1"}, "failed",
                      "grpcio-health-checking 1.66.0 with protobuf 5.26.1 (it declares >=5.26.1)"),
                Stack({"grpcio-health-checking": "1.66.0", "protobuf": "5.27.1"}, "failed", "grpcio-health-checking 1.66.0 with protobuf 5.27.1"),
                Stack({"grpcio-health-checking": "1.71.2", "protobuf": "5.26.1"}, "failed", "grpcio-health-checking 1.71.2 with protobuf 5.26.1"),
                Stack({"grpcio-health-checking": "1.71.2", "protobuf": "5.27.1"}, "failed", "grpcio-health-checking 1.71.2 with protobuf 5.27.1"),
                Stack({"grpcio-health-checking": "1.66.0", "protobuf": "5.27.2"}, "passed",
                      "protobuf 5.27.2, just above the range, runs 1.66's 5.27.2 gencode"),
                Stack({"grpcio-health-checking": "1.65.5", "protobuf": "5.26.1"}, "passed",
                      "grpcio-health-checking 1.65.5, just below the range, ships 5.26.1 gencode"))),
    "curated/grpcio-health-checking-1.73-protobuf-6.30": Proof(
        check=GRPC_PB2_CHECKS["grpcio-health-checking"], signature="runtime_version",
        stacks=(Stack({"grpcio-health-checking": "1.73.0", "protobuf": "6.30.0"}, "failed",
                      "grpcio-health-checking 1.73.0 with protobuf 6.30.0 (it declares >=6.30.0)"),
                Stack({"grpcio-health-checking": "1.73.0", "protobuf": "6.30.2"}, "failed", "grpcio-health-checking 1.73.0 with protobuf 6.30.2"),
                Stack({"grpcio-health-checking": "1.73.1", "protobuf": "6.30.0"}, "failed", "grpcio-health-checking 1.73.1 with protobuf 6.30.0"),
                Stack({"grpcio-health-checking": "1.73.1", "protobuf": "6.30.2"}, "failed", "grpcio-health-checking 1.73.1 with protobuf 6.30.2"),
                Stack({"grpcio-health-checking": "1.73.1", "protobuf": "6.31.0"}, "passed",
                      "protobuf 6.31.0, just above the range, runs 1.73's 6.31.0 gencode"),
                # 1.74.0 declares protobuf>=6.31.1 itself
                Stack({"grpcio-health-checking": "1.72.2", "protobuf": "6.30.0"}, "passed",
                      "grpcio-health-checking 1.72.2, just below the range, ships 6.30.0 gencode"))),
    "curated/grpcio-reflection-1.66-1.71-protobuf-5.26-5.27.1": Proof(
        check=GRPC_PB2_CHECKS["grpcio-reflection"], signature="runtime_version",
        stacks=(Stack({"grpcio-reflection": "1.66.0", "protobuf": "5.26.1"}, "failed",
                      "grpcio-reflection 1.66.0 with protobuf 5.26.1 (it declares >=5.26.1)"),
                Stack({"grpcio-reflection": "1.66.0", "protobuf": "5.27.1"}, "failed", "grpcio-reflection 1.66.0 with protobuf 5.27.1"),
                Stack({"grpcio-reflection": "1.71.2", "protobuf": "5.26.1"}, "failed", "grpcio-reflection 1.71.2 with protobuf 5.26.1"),
                Stack({"grpcio-reflection": "1.71.2", "protobuf": "5.27.1"}, "failed", "grpcio-reflection 1.71.2 with protobuf 5.27.1"),
                Stack({"grpcio-reflection": "1.66.0", "protobuf": "5.27.2"}, "passed",
                      "protobuf 5.27.2, just above the range, runs 1.66's 5.27.2 gencode"),
                Stack({"grpcio-reflection": "1.65.5", "protobuf": "5.26.1"}, "passed",
                      "grpcio-reflection 1.65.5, just below the range, ships 5.26.1 gencode"))),
    "curated/grpcio-reflection-1.73-protobuf-6.30": Proof(
        check=GRPC_PB2_CHECKS["grpcio-reflection"], signature="runtime_version",
        stacks=(Stack({"grpcio-reflection": "1.73.0", "protobuf": "6.30.0"}, "failed",
                      "grpcio-reflection 1.73.0 with protobuf 6.30.0 (it declares >=6.30.0)"),
                Stack({"grpcio-reflection": "1.73.0", "protobuf": "6.30.2"}, "failed", "grpcio-reflection 1.73.0 with protobuf 6.30.2"),
                Stack({"grpcio-reflection": "1.73.1", "protobuf": "6.30.0"}, "failed", "grpcio-reflection 1.73.1 with protobuf 6.30.0"),
                Stack({"grpcio-reflection": "1.73.1", "protobuf": "6.30.2"}, "failed", "grpcio-reflection 1.73.1 with protobuf 6.30.2"),
                Stack({"grpcio-reflection": "1.73.1", "protobuf": "6.31.0"}, "passed",
                      "protobuf 6.31.0, just above the range, runs 1.73's 6.31.0 gencode"),
                # 1.74.0 declares protobuf>=6.31.1 itself
                Stack({"grpcio-reflection": "1.72.2", "protobuf": "6.30.0"}, "passed",
                      "grpcio-reflection 1.72.2, just below the range, ships 6.30.0 gencode"))),
    "curated/grpcio-channelz-1.66-1.71-protobuf-5.26-5.27.1": Proof(
        check=GRPC_PB2_CHECKS["grpcio-channelz"], signature="runtime_version",
        stacks=(Stack({"grpcio-channelz": "1.66.0", "protobuf": "5.26.1"}, "failed",
                      "grpcio-channelz 1.66.0 with protobuf 5.26.1 (it declares >=5.26.1)"),
                Stack({"grpcio-channelz": "1.66.0", "protobuf": "5.27.1"}, "failed", "grpcio-channelz 1.66.0 with protobuf 5.27.1"),
                Stack({"grpcio-channelz": "1.71.2", "protobuf": "5.26.1"}, "failed", "grpcio-channelz 1.71.2 with protobuf 5.26.1"),
                Stack({"grpcio-channelz": "1.71.2", "protobuf": "5.27.1"}, "failed", "grpcio-channelz 1.71.2 with protobuf 5.27.1"),
                Stack({"grpcio-channelz": "1.66.0", "protobuf": "5.27.2"}, "passed",
                      "protobuf 5.27.2, just above the range, runs 1.66's 5.27.2 gencode"),
                Stack({"grpcio-channelz": "1.65.5", "protobuf": "5.26.1"}, "passed",
                      "grpcio-channelz 1.65.5, just below the range, ships 5.26.1 gencode"))),
    "curated/grpcio-channelz-1.73-protobuf-6.30": Proof(
        check=GRPC_PB2_CHECKS["grpcio-channelz"], signature="runtime_version",
        stacks=(Stack({"grpcio-channelz": "1.73.0", "protobuf": "6.30.0"}, "failed",
                      "grpcio-channelz 1.73.0 with protobuf 6.30.0 (it declares >=6.30.0)"),
                Stack({"grpcio-channelz": "1.73.0", "protobuf": "6.30.2"}, "failed", "grpcio-channelz 1.73.0 with protobuf 6.30.2"),
                Stack({"grpcio-channelz": "1.73.1", "protobuf": "6.30.0"}, "failed", "grpcio-channelz 1.73.1 with protobuf 6.30.0"),
                Stack({"grpcio-channelz": "1.73.1", "protobuf": "6.30.2"}, "failed", "grpcio-channelz 1.73.1 with protobuf 6.30.2"),
                Stack({"grpcio-channelz": "1.73.1", "protobuf": "6.31.0"}, "passed",
                      "protobuf 6.31.0, just above the range, runs 1.73's 6.31.0 gencode"),
                # 1.74.0 declares protobuf>=6.31.1 itself
                Stack({"grpcio-channelz": "1.72.2", "protobuf": "6.30.0"}, "passed",
                      "grpcio-channelz 1.72.2, just below the range, ships 6.30.0 gencode"))),
    "curated/tensorboardx-0.8-2.5-protobuf-4": Proof(
        check=TBX_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"tensorboardx": "0.8", "protobuf": "4.21.1", **TBX_PINS}, "failed",
                      "tensorboardX 0.8 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"tensorboardx": "0.8", "protobuf": "7.36.2", **TBX_PINS}, "failed", "tensorboardX 0.8 with protobuf 7.36.2"),
                Stack({"tensorboardx": "2.5", "protobuf": "4.21.1", **TBX_PINS}, "failed", "tensorboardX 2.5 with protobuf 4.21.1"),
                Stack({"tensorboardx": "2.5", "protobuf": "7.36.2", **TBX_PINS}, "failed", "tensorboardX 2.5 with protobuf 7.36.2"),
                Stack({"tensorboardx": "2.5", "protobuf": "3.20.3", **TBX_PINS}, "passed", "protobuf 3.20.3, just below 4.21"),
                Stack({"tensorboardx": "0.8", "protobuf": "3.20.3", **TBX_PINS}, "passed", "protobuf 3.20.3 with 0.8"),
                # 2.5.1 and 2.6 declare protobuf<=3.20.1 / <4 themselves
                Stack({"tensorboardx": "2.6.1", "protobuf": "4.22.3", **TBX_PINS}, "passed",
                      "tensorboardX 2.6.1, the first release that accepts protobuf 4 (>=4.22.3)"))),
    "curated/containerd-1.3.2-1.5.3-protobuf-4": Proof(
        check=CONTAINERD_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"containerd": "1.3.2", "protobuf": "4.21.1"}, "failed", "containerd 1.3.2 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"containerd": "1.3.2", "protobuf": "7.36.2"}, "failed", "containerd 1.3.2 with protobuf 7.36.2"),
                Stack({"containerd": "1.5.3", "protobuf": "4.21.1"}, "failed", "containerd 1.5.3 with protobuf 4.21.1"),
                Stack({"containerd": "1.5.3", "protobuf": "7.36.2"}, "failed", "containerd 1.5.3 with protobuf 7.36.2"),
                Stack({"containerd": "1.5.3", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3, just below 4.21"),
                # no later release exists; 1.3.1 and older fail with 3.20.3 too (vendored descriptor.proto conflict)
                Stack({"containerd": "1.3.2", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3 with 1.3.2"))),
    "curated/pymap-admin-0.1-0.8-protobuf-4": Proof(
        check=PYMAP_ADMIN_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"pymap-admin": "0.1.0", "protobuf": "4.21.1", **SETUPTOOLS_PKG}, "failed", "pymap-admin 0.1.0 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"pymap-admin": "0.1.0", "protobuf": "7.36.2", **SETUPTOOLS_PKG}, "failed", "pymap-admin 0.1.0 with protobuf 7.36.2"),
                Stack({"pymap-admin": "0.8.0", "protobuf": "4.21.1", **SETUPTOOLS_PKG}, "failed", "pymap-admin 0.8.0 with protobuf 4.21.1"),
                Stack({"pymap-admin": "0.8.0", "protobuf": "7.36.2", **SETUPTOOLS_PKG}, "failed", "pymap-admin 0.8.0 with protobuf 7.36.2"),
                Stack({"pymap-admin": "0.8.0", "protobuf": "3.20.3", **SETUPTOOLS_PKG}, "passed", "protobuf 3.20.3, just below 4.21"),
                Stack({"pymap-admin": "0.1.0", "protobuf": "3.20.3", **SETUPTOOLS_PKG}, "passed", "protobuf 3.20.3 with 0.1.0"),
                Stack({"pymap-admin": "0.9.0", "protobuf": "7.36.2", **SETUPTOOLS_PKG}, "passed",
                      "pymap-admin 0.9.0, the first release with regenerated modules")),
        roots=("setuptools",)),
    "curated/xds-protos-0.0.4-0.0.11-protobuf-4": Proof(
        check=XDS_PROTOS_CHECK, signature="Descriptors cannot",
        stacks=(Stack({"xds-protos": "0.0.4", "protobuf": "4.21.1"}, "failed", "xds-protos 0.0.4 with protobuf 4.21.1 (4.21.0 is yanked)"),
                Stack({"xds-protos": "0.0.4", "protobuf": "7.36.2"}, "failed", "xds-protos 0.0.4 with protobuf 7.36.2"),
                Stack({"xds-protos": "0.0.11", "protobuf": "4.21.1"}, "failed", "xds-protos 0.0.11 with protobuf 4.21.1"),
                Stack({"xds-protos": "0.0.11", "protobuf": "7.36.2"}, "failed", "xds-protos 0.0.11 with protobuf 7.36.2"),
                Stack({"xds-protos": "0.0.11", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3, just below 4.21"),
                Stack({"xds-protos": "0.0.4", "protobuf": "3.20.3"}, "passed", "protobuf 3.20.3 with 0.0.4"),
                # 1.58.0 declares protobuf>=4.21.6,<5
                Stack({"xds-protos": "1.58.0", "protobuf": "4.25.9"}, "passed",
                      "xds-protos 1.58.0, the first release with regenerated modules"))),
    # pandas 1.5 does not declare SQLAlchemy (2.0 lists it only in extras): added as a root
    "curated/pandas-1.5-sqlalchemy-2": Proof(
        check=PANDAS_SQL_CHECK, signature="has no attribute 'execute'", roots=("sqlalchemy",),
        stacks=(Stack({"pandas": "1.5.0", "sqlalchemy": "2.0.0", **PANDAS_NP1_PINS}, "failed", "pandas 1.5.0 with SQLAlchemy 2.0.0"),
                Stack({"pandas": "1.5.0", "sqlalchemy": "2.1.9", **PANDAS_NP1_PINS}, "failed", "pandas 1.5.0 with SQLAlchemy 2.1.9"),
                Stack({"pandas": "1.5.3", "sqlalchemy": "2.0.0", **PANDAS_NP1_PINS}, "failed", "pandas 1.5.3 with SQLAlchemy 2.0.0"),
                Stack({"pandas": "1.5.3", "sqlalchemy": "2.1.9", **PANDAS_NP1_PINS}, "failed", "pandas 1.5.3 with SQLAlchemy 2.1.9"),
                Stack({"pandas": "1.5.0", "sqlalchemy": "1.4.54", **PANDAS_NP1_PINS}, "passed", "SQLAlchemy 1.4.54, below 2"),
                Stack({"pandas": "1.5.3", "sqlalchemy": "1.4.54", **PANDAS_NP1_PINS}, "passed", "SQLAlchemy 1.4.54, below 2"),
                Stack({"pandas": "2.0.0", "sqlalchemy": "2.1.9", **PANDAS_NP1_PINS}, "passed",
                      "pandas 2.0.0, the first release above the range, supports SQLAlchemy 2"))),
    # Flask-Admin 1.x does not declare SQLAlchemy: added as a root
    "curated/flask-admin-1.5.7-1.6.0-sqlalchemy-2": Proof(
        check=FLASK_ADMIN_SQLA_CHECK, signature="ASSOCIATION_PROXY", roots=("sqlalchemy",),
        stacks=(Stack({"flask-admin": "1.5.7", "sqlalchemy": "2.0.0", **FLASK_ADMIN_SQLA_PINS}, "failed",
                      "Flask-Admin 1.5.7 with SQLAlchemy 2.0.0"),
                Stack({"flask-admin": "1.5.7", "sqlalchemy": "2.1.9", **FLASK_ADMIN_SQLA_PINS}, "failed",
                      "Flask-Admin 1.5.7 with SQLAlchemy 2.1.9"),
                Stack({"flask-admin": "1.6.0", "sqlalchemy": "2.0.0", **FLASK_ADMIN_SQLA_PINS}, "failed",
                      "Flask-Admin 1.6.0 with SQLAlchemy 2.0.0"),
                Stack({"flask-admin": "1.6.0", "sqlalchemy": "2.1.9", **FLASK_ADMIN_SQLA_PINS}, "failed",
                      "Flask-Admin 1.6.0 with SQLAlchemy 2.1.9"),
                Stack({"flask-admin": "1.5.7", "sqlalchemy": "1.4.54", **FLASK_ADMIN_SQLA_PINS}, "passed",
                      "SQLAlchemy 1.4.54, below 2"),
                Stack({"flask-admin": "1.6.0", "sqlalchemy": "1.4.54", **FLASK_ADMIN_SQLA_PINS}, "passed",
                      "SQLAlchemy 1.4.54, below 2"),
                Stack({"flask-admin": "1.6.1", "sqlalchemy": "2.1.9", **FLASK_ADMIN_SQLA_PINS}, "passed",
                      "Flask-Admin 1.6.1, the first release above the range, imports the enum member"))),
    # APScheduler lists SQLAlchemy only in its sqlalchemy extra: added as a root
    "curated/apscheduler-3.6-3.9-sqlalchemy-2": Proof(
        check=APSCHEDULER_SQLA_CHECK, signature="_warn_on_bytestring", roots=("sqlalchemy",),
        stacks=(Stack({"apscheduler": "3.6.0", "sqlalchemy": "2.0.0", **APSCHEDULER_SQLA_PINS}, "failed",
                      "APScheduler 3.6.0 with SQLAlchemy 2.0.0"),
                Stack({"apscheduler": "3.6.0", "sqlalchemy": "2.1.9", **APSCHEDULER_SQLA_PINS}, "failed",
                      "APScheduler 3.6.0 with SQLAlchemy 2.1.9"),
                Stack({"apscheduler": "3.9.1.post1", "sqlalchemy": "2.0.0", **APSCHEDULER_SQLA_PINS}, "failed",
                      "APScheduler 3.9.1.post1 with SQLAlchemy 2.0.0"),
                Stack({"apscheduler": "3.9.1.post1", "sqlalchemy": "2.1.9", **APSCHEDULER_SQLA_PINS}, "failed",
                      "APScheduler 3.9.1.post1 with SQLAlchemy 2.1.9"),
                Stack({"apscheduler": "3.6.0", "sqlalchemy": "1.4.54", **APSCHEDULER_SQLA_PINS}, "passed",
                      "SQLAlchemy 1.4.54, below 2"),
                Stack({"apscheduler": "3.9.1.post1", "sqlalchemy": "1.4.54", **APSCHEDULER_SQLA_PINS}, "passed",
                      "SQLAlchemy 1.4.54, below 2"),
                Stack({"apscheduler": "3.10.0", "sqlalchemy": "2.1.9", **APSCHEDULER_SQLA_PINS}, "passed",
                      "APScheduler 3.10.0, the first release above the range, drops the argument"))),
    "curated/sqlalchemy-views-0.3.0-0.3.1-sqlalchemy-2": Proof(
        check=SQLALCHEMY_VIEWS_CHECK, signature="unexpected keyword argument 'bind'",
        stacks=(Stack({"sqlalchemy-views": "0.3.0", "sqlalchemy": "2.0.0"}, "failed", "sqlalchemy-views 0.3.0 with SQLAlchemy 2.0.0"),
                Stack({"sqlalchemy-views": "0.3.0", "sqlalchemy": "2.1.9"}, "failed", "sqlalchemy-views 0.3.0 with SQLAlchemy 2.1.9"),
                Stack({"sqlalchemy-views": "0.3.1", "sqlalchemy": "2.0.0"}, "failed", "sqlalchemy-views 0.3.1 with SQLAlchemy 2.0.0"),
                Stack({"sqlalchemy-views": "0.3.1", "sqlalchemy": "2.1.9"}, "failed", "sqlalchemy-views 0.3.1 with SQLAlchemy 2.1.9"),
                Stack({"sqlalchemy-views": "0.3.0", "sqlalchemy": "1.4.54"}, "passed", "SQLAlchemy 1.4.54, below 2"),
                Stack({"sqlalchemy-views": "0.3.1", "sqlalchemy": "1.4.54"}, "passed", "SQLAlchemy 1.4.54, below 2"),
                Stack({"sqlalchemy-views": "0.3.2", "sqlalchemy": "2.1.9"}, "passed",
                      "sqlalchemy-views 0.3.2, the first release above the range, drops the argument"))),
    "curated/researchpy-0.1.2-0.3.5-pandas-2": Proof(
        check=RESEARCHPY_CHECK, signature="iteritems",
        stacks=(Stack({"researchpy": "0.1.2", "pandas": "2.0.0", **PANDAS_NP1_PINS}, "failed", "researchpy 0.1.2 with pandas 2.0.0"),
                Stack({"researchpy": "0.1.2", "pandas": "3.1.1"}, "failed", "researchpy 0.1.2 with pandas 3.1.1"),
                Stack({"researchpy": "0.3.5", "pandas": "2.0.0", **PANDAS_NP1_PINS}, "failed", "researchpy 0.3.5 with pandas 2.0.0"),
                Stack({"researchpy": "0.3.5", "pandas": "3.1.1"}, "failed", "researchpy 0.3.5 with pandas 3.1.1"),
                Stack({"researchpy": "0.1.2", "pandas": "1.5.3", **PANDAS_NP1_PINS}, "passed", "researchpy 0.1.2 with pandas 1.5.3, just below 2.0"),
                Stack({"researchpy": "0.3.5", "pandas": "1.5.3", **PANDAS_NP1_PINS}, "passed", "researchpy 0.3.5 with pandas 1.5.3, just below 2.0"),
                Stack({"researchpy": "0.3.6", "pandas": "2.0.0", **PANDAS_NP1_PINS}, "passed", "researchpy 0.3.6, just above the range"))),
    "curated/pingouin-0.5.1-0.5.4-pandas-3": Proof(
        check=PINGOUIN_CHECK, signature="applymap",
        stacks=(Stack({"pingouin": "0.5.1", "pandas": "3.0.0", **PINGOUIN_PINS}, "failed", "pingouin 0.5.1 with pandas 3.0.0"),
                Stack({"pingouin": "0.5.1", "pandas": "3.1.1", **PINGOUIN_PINS}, "failed", "pingouin 0.5.1 with pandas 3.1.1"),
                Stack({"pingouin": "0.5.4", "pandas": "3.0.0", **PINGOUIN_PINS}, "failed", "pingouin 0.5.4 with pandas 3.0.0"),
                Stack({"pingouin": "0.5.4", "pandas": "3.1.1", **PINGOUIN_PINS}, "failed", "pingouin 0.5.4 with pandas 3.1.1"),
                Stack({"pingouin": "0.5.1", "pandas": "2.3.3", **PINGOUIN_PINS}, "passed", "pingouin 0.5.1 with pandas 2.3.3, just below 3.0"),
                Stack({"pingouin": "0.5.4", "pandas": "2.3.3", **PINGOUIN_PINS}, "passed", "pingouin 0.5.4 with pandas 2.3.3, just below 3.0"),
                Stack({"pingouin": "0.5.5", "pandas": "3.0.0", **PINGOUIN_PINS}, "passed", "pingouin 0.5.5, just above the range"))),
    "curated/ta-0.1.4-0.10.2-pandas-3": Proof(
        check=TA_CHECK, signature="method",
        stacks=(Stack({"ta": "0.1.4", "pandas": "3.0.0", **TA_PINS}, "failed", "ta 0.1.4 with pandas 3.0.0"),
                Stack({"ta": "0.1.4", "pandas": "3.1.1", **TA_PINS}, "failed", "ta 0.1.4 with pandas 3.1.1"),
                Stack({"ta": "0.10.2", "pandas": "3.0.0", **TA_PINS}, "failed", "ta 0.10.2 with pandas 3.0.0"),
                Stack({"ta": "0.10.2", "pandas": "3.1.1", **TA_PINS}, "failed", "ta 0.10.2 with pandas 3.1.1"),
                Stack({"ta": "0.1.4", "pandas": "2.3.3", **TA_PINS}, "passed", "ta 0.1.4 with pandas 2.3.3, just below 3.0"),
                Stack({"ta": "0.10.2", "pandas": "2.3.3", **TA_PINS}, "passed", "ta 0.10.2 with pandas 2.3.3, just below 3.0"),
                Stack({"ta": "0.11.0", "pandas": "3.0.0", **TA_PINS}, "passed", "ta 0.11.0, just above the range"),
                Stack({"ta": "0.11.0", "pandas": "3.1.1", **TA_PINS}, "passed", "ta 0.11.0 with the newest pandas"))),
    "curated/researchpy-0.3.6-0.3.7-pandas-3": Proof(
        check=RESEARCHPY_CHECK, signature="Invalid value",
        stacks=(Stack({"researchpy": "0.3.6", "pandas": "3.0.0"}, "failed", "researchpy 0.3.6 with pandas 3.0.0"),
                Stack({"researchpy": "0.3.6", "pandas": "3.1.1"}, "failed", "researchpy 0.3.6 with pandas 3.1.1"),
                Stack({"researchpy": "0.3.7", "pandas": "3.0.0"}, "failed", "researchpy 0.3.7 with pandas 3.0.0"),
                Stack({"researchpy": "0.3.7", "pandas": "3.1.1"}, "failed", "researchpy 0.3.7 with pandas 3.1.1"),
                Stack({"researchpy": "0.3.6", "pandas": "2.3.3"}, "passed", "researchpy 0.3.6 with pandas 2.3.3, just below 3.0"),
                Stack({"researchpy": "0.3.7", "pandas": "2.3.3"}, "passed", "researchpy 0.3.7 with pandas 2.3.3, just below 3.0"))),
    "curated/sweetviz-1.1-2.1.4-pandas-2": Proof(
        check=SWEETVIZ_CHECK, signature="iteritems",
        stacks=(Stack({"sweetviz": "1.1", "pandas": "2.0.0", **PANDAS_NP1_PINS, **SWEETVIZ_PINS}, "failed", "sweetviz 1.1 with pandas 2.0.0"),
                Stack({"sweetviz": "1.1", "pandas": "3.1.1", **SWEETVIZ_PINS}, "failed", "sweetviz 1.1 with pandas 3.1.1"),
                Stack({"sweetviz": "2.1.4", "pandas": "2.0.0", **PANDAS_NP1_PINS, **SWEETVIZ_PINS}, "failed", "sweetviz 2.1.4 with pandas 2.0.0"),
                Stack({"sweetviz": "2.1.4", "pandas": "3.1.1", **SWEETVIZ_PINS}, "failed", "sweetviz 2.1.4 with pandas 3.1.1"),
                Stack({"sweetviz": "1.1", "pandas": "1.5.3", **PANDAS_NP1_PINS, **SWEETVIZ_PINS}, "passed", "sweetviz 1.1 with pandas 1.5.3, just below 2.0"),
                Stack({"sweetviz": "2.1.4", "pandas": "1.5.3", **PANDAS_NP1_PINS, **SWEETVIZ_PINS}, "passed", "sweetviz 2.1.4 with pandas 1.5.3, just below 2.0"),
                Stack({"sweetviz": "2.2.1", "pandas": "2.0.0", **PANDAS_NP1_PINS, **SWEETVIZ_PINS}, "passed", "sweetviz 2.2.1, just above the range"),
                Stack({"sweetviz": "2.2.1", "pandas": "3.1.1", **SWEETVIZ_PINS}, "passed", "sweetviz 2.2.1 with the newest pandas")),
        roots=("setuptools",)),
    "curated/tableone-0.7.0-0.7.10-pandas-2": Proof(
        check=TABLEONE_CHECK, signature="level",
        stacks=(Stack({"tableone": "0.7.0", "pandas": "2.0.0", **TABLEONE_NP1_PINS}, "failed", "tableone 0.7.0 with pandas 2.0.0"),
                Stack({"tableone": "0.7.0", "pandas": "3.1.1"}, "failed", "tableone 0.7.0 with pandas 3.1.1"),
                Stack({"tableone": "0.7.10", "pandas": "2.0.0", **TABLEONE_NP1_PINS}, "failed", "tableone 0.7.10 with pandas 2.0.0"),
                Stack({"tableone": "0.7.10", "pandas": "3.1.1"}, "failed", "tableone 0.7.10 with pandas 3.1.1"),
                Stack({"tableone": "0.7.0", "pandas": "1.5.3", **TABLEONE_NP1_PINS}, "passed", "tableone 0.7.0 with pandas 1.5.3, just below 2.0"),
                Stack({"tableone": "0.7.10", "pandas": "1.5.3", **TABLEONE_NP1_PINS}, "passed", "tableone 0.7.10 with pandas 1.5.3, just below 2.0"),
                Stack({"tableone": "0.7.11", "pandas": "2.0.0", **TABLEONE_NP1_PINS}, "passed", "tableone 0.7.11, just above the range"))),
    "curated/tableone-0.7.11-0.7.12-pandas-2": Proof(
        check=TABLEONE_LIMIT_CHECK, signature="iteritems",
        stacks=(Stack({"tableone": "0.7.11", "pandas": "2.0.0", **TABLEONE_NP1_PINS}, "failed", "tableone 0.7.11 with pandas 2.0.0"),
                Stack({"tableone": "0.7.11", "pandas": "3.1.1"}, "failed", "tableone 0.7.11 with pandas 3.1.1"),
                Stack({"tableone": "0.7.12", "pandas": "2.0.0", **TABLEONE_NP1_PINS}, "failed", "tableone 0.7.12 with pandas 2.0.0"),
                Stack({"tableone": "0.7.12", "pandas": "3.1.1"}, "failed", "tableone 0.7.12 with pandas 3.1.1"),
                Stack({"tableone": "0.7.11", "pandas": "1.5.3", **TABLEONE_NP1_PINS}, "passed", "tableone 0.7.11 with pandas 1.5.3, just below 2.0"),
                Stack({"tableone": "0.7.12", "pandas": "1.5.3", **TABLEONE_NP1_PINS}, "passed", "tableone 0.7.12 with pandas 1.5.3, just below 2.0"),
                Stack({"tableone": "0.8.0", "pandas": "2.0.0", **TABLEONE_NP1_PINS}, "passed", "tableone 0.8.0, just above the range"))),
    "curated/ffn-1.0.0-1.0.1-pandas-3": Proof(
        check=FFN_CHECK, signature="Invalid frequency: M",
        # ffn 1.0.x fails with NumPy 2 on np.Inf, so NumPy 1.26.4 throughout (pandas 3.1 needs NumPy 2: 3.0.6 is the newest)
        stacks=(Stack({"ffn": "1.0.0", "pandas": "3.0.0", **PANDAS_NP1_PINS}, "failed", "ffn 1.0.0 with pandas 3.0.0"),
                Stack({"ffn": "1.0.0", "pandas": "3.0.6", **PANDAS_NP1_PINS}, "failed", "ffn 1.0.0 with pandas 3.0.6"),
                Stack({"ffn": "1.0.1", "pandas": "3.0.0", **PANDAS_NP1_PINS}, "failed", "ffn 1.0.1 with pandas 3.0.0"),
                Stack({"ffn": "1.0.1", "pandas": "3.0.6", **PANDAS_NP1_PINS}, "failed", "ffn 1.0.1 with pandas 3.0.6"),
                Stack({"ffn": "1.0.0", "pandas": "2.3.3", **PANDAS_NP1_PINS}, "passed", "ffn 1.0.0 with pandas 2.3.3, just below 3.0"),
                Stack({"ffn": "1.0.1", "pandas": "2.3.3", **PANDAS_NP1_PINS}, "passed", "ffn 1.0.1 with pandas 2.3.3, just below 3.0"),
                Stack({"ffn": "1.0.2", "pandas": "3.0.0", **PANDAS_NP1_PINS}, "passed", "ffn 1.0.2, just above the range"))),
    "curated/cerebras-cloud-sdk-1.0-1.12.1-httpx-0.28": Proof(
        check=CEREBRAS_CHECK, signature="unexpected keyword argument 'proxies'",
        stacks=(Stack({"cerebras-cloud-sdk": "1.0.0", "httpx": "0.28.0"}, "failed", "1.0.0 with HTTPX 0.28.0"),
                Stack({"cerebras-cloud-sdk": "1.0.0", "httpx": "0.29.0"}, "failed", "1.0.0 with HTTPX 0.29.0"),
                Stack({"cerebras-cloud-sdk": "1.12.1", "httpx": "0.28.0"}, "failed", "1.12.1 with HTTPX 0.28.0"),
                Stack({"cerebras-cloud-sdk": "1.12.1", "httpx": "0.29.0"}, "failed", "1.12.1 with HTTPX 0.29.0"),
                Stack({"cerebras-cloud-sdk": "1.0.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"cerebras-cloud-sdk": "1.12.1", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"cerebras-cloud-sdk": "1.12.2", "httpx": "0.29.0"}, "passed", "1.12.2, just above the range"))),
    # retell-sdk 4.9.0 imports cryptography without declaring it (4.8.0 did): added as a second root
    "curated/retell-sdk-3.0-4.8.0-httpx-0.28": Proof(
        check=RETELL_CHECK, signature="unexpected keyword argument 'proxies'", roots=("cryptography",),
        stacks=(Stack({"retell-sdk": "3.0.0", "httpx": "0.28.0"}, "failed", "3.0.0 with HTTPX 0.28.0"),
                Stack({"retell-sdk": "3.0.0", "httpx": "0.29.0"}, "failed", "3.0.0 with HTTPX 0.29.0"),
                Stack({"retell-sdk": "4.8.0", "httpx": "0.28.0"}, "failed", "4.8.0 with HTTPX 0.28.0"),
                Stack({"retell-sdk": "4.8.0", "httpx": "0.29.0"}, "failed", "4.8.0 with HTTPX 0.29.0"),
                Stack({"retell-sdk": "3.0.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"retell-sdk": "4.8.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"retell-sdk": "4.9.0", "httpx": "0.29.0"}, "passed", "4.9.0, just above the range"))),
    "curated/llama-stack-client-0.0.25-0.0.55-httpx-0.28": Proof(
        check=LLAMA_STACK_CLIENT_CHECK, signature="unexpected keyword argument 'proxies'",
        stacks=(Stack({"llama-stack-client": "0.0.25", "httpx": "0.28.0"}, "failed", "0.0.25 with HTTPX 0.28.0"),
                Stack({"llama-stack-client": "0.0.25", "httpx": "0.29.0"}, "failed", "0.0.25 with HTTPX 0.29.0"),
                Stack({"llama-stack-client": "0.0.55", "httpx": "0.28.0"}, "failed", "0.0.55 with HTTPX 0.28.0"),
                Stack({"llama-stack-client": "0.0.55", "httpx": "0.29.0"}, "failed", "0.0.55 with HTTPX 0.29.0"),
                Stack({"llama-stack-client": "0.0.25", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"llama-stack-client": "0.0.55", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"llama-stack-client": "0.0.57", "httpx": "0.29.0"}, "passed",
                      "0.0.57, the first fixed release (0.0.56 cannot be imported without llama-stack)"))),
    "curated/mattermostautodriver-1.3-2.0-httpx-0.28": Proof(
        check=MATTERMOST_DRIVER_CHECK, signature="unexpected keyword argument 'proxies'",
        stacks=(Stack({"mattermostautodriver": "1.3.0", "httpx": "0.28.0"}, "failed", "1.3.0 with HTTPX 0.28.0"),
                Stack({"mattermostautodriver": "1.3.0", "httpx": "0.29.0"}, "failed", "1.3.0 with HTTPX 0.29.0"),
                Stack({"mattermostautodriver": "2.0.0", "httpx": "0.28.0"}, "failed", "2.0.0 with HTTPX 0.28.0"),
                Stack({"mattermostautodriver": "2.0.0", "httpx": "0.29.0"}, "failed", "2.0.0 with HTTPX 0.29.0"),
                Stack({"mattermostautodriver": "1.3.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"mattermostautodriver": "2.0.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"mattermostautodriver": "10.11.2", "httpx": "0.28.1"}, "passed",
                      "10.11.2, the first release working with HTTPX 0.28 (2.3.0 caps it below 0.28; 10.11.2 caps below 0.29)"))),
    "curated/runwayml-1.0-2.1.0-httpx-0.28": Proof(
        check=RUNWAYML_CHECK, signature="unexpected keyword argument 'proxies'",
        stacks=(Stack({"runwayml": "1.0.0", "httpx": "0.28.0"}, "failed", "1.0.0 with HTTPX 0.28.0"),
                Stack({"runwayml": "1.0.0", "httpx": "0.29.0"}, "failed", "1.0.0 with HTTPX 0.29.0"),
                Stack({"runwayml": "2.1.0", "httpx": "0.28.0"}, "failed", "2.1.0 with HTTPX 0.28.0"),
                Stack({"runwayml": "2.1.0", "httpx": "0.29.0"}, "failed", "2.1.0 with HTTPX 0.29.0"),
                Stack({"runwayml": "1.0.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"runwayml": "2.1.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"runwayml": "2.1.1", "httpx": "0.29.0"}, "passed", "2.1.1, just above the range"))),
    "curated/lumaai-1.0-1.1.1-httpx-0.28": Proof(
        check=LUMAAI_CHECK, signature="unexpected keyword argument 'proxies'",
        stacks=(Stack({"lumaai": "1.0.0", "httpx": "0.28.0"}, "failed", "1.0.0 with HTTPX 0.28.0"),
                Stack({"lumaai": "1.0.0", "httpx": "0.29.0"}, "failed", "1.0.0 with HTTPX 0.29.0"),
                Stack({"lumaai": "1.1.1", "httpx": "0.28.0"}, "failed", "1.1.1 with HTTPX 0.28.0"),
                Stack({"lumaai": "1.1.1", "httpx": "0.29.0"}, "failed", "1.1.1 with HTTPX 0.29.0"),
                Stack({"lumaai": "1.0.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"lumaai": "1.1.1", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"lumaai": "1.1.2", "httpx": "0.29.0"}, "passed", "1.1.2, just above the range"))),
    "curated/browserbase-1.0-1.0.3-httpx-0.28": Proof(
        check=BROWSERBASE_CHECK, signature="unexpected keyword argument 'proxies'",
        stacks=(Stack({"browserbase": "1.0.0", "httpx": "0.28.0"}, "failed", "1.0.0 with HTTPX 0.28.0"),
                Stack({"browserbase": "1.0.0", "httpx": "0.29.0"}, "failed", "1.0.0 with HTTPX 0.29.0"),
                Stack({"browserbase": "1.0.3", "httpx": "0.28.0"}, "failed", "1.0.3 with HTTPX 0.28.0"),
                Stack({"browserbase": "1.0.3", "httpx": "0.29.0"}, "failed", "1.0.3 with HTTPX 0.29.0"),
                Stack({"browserbase": "1.0.0", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"browserbase": "1.0.3", "httpx": "0.27.2"}, "passed", "HTTPX 0.27.2, just below 0.28"),
                Stack({"browserbase": "1.0.4", "httpx": "0.29.0"}, "passed", "1.0.4, just above the range"))),
    "curated/scikit-multilearn-0.2.0-scipy-1.14": Proof(
        check=SKMULTILEARN_MLTSVM_CHECK, signature="has no attribute 'A'",
        stacks=(Stack({"scikit-multilearn": "0.2.0", "scipy": "1.14.0", **SKMULTILEARN_PINS}, "failed",
                      "scikit-multilearn 0.2.0 with SciPy 1.14.0"),
                Stack({"scikit-multilearn": "0.2.0", "scipy": "1.17.1", **SKMULTILEARN_PINS}, "failed",
                      "scikit-multilearn 0.2.0 with SciPy 1.17.1"),
                Stack({"scikit-multilearn": "0.2.0", "scipy": "1.13.1", **SKMULTILEARN_PINS}, "passed",
                      "SciPy 1.13.1, just below 1.14")),
        roots=("scikit-learn",)),
    "curated/scanpy-1.9.8-1.10.1-scipy-1.14": Proof(
        check=SCANPY_COMBAT_CHECK, signature="has no attribute 'A'",
        stacks=(Stack({"scanpy": "1.9.8", "scipy": "1.14.0", **SCANPY_COMBAT_PINS}, "failed", "scanpy 1.9.8 with SciPy 1.14.0"),
                Stack({"scanpy": "1.9.8", "scipy": "1.17.1", **SCANPY_COMBAT_PINS}, "failed", "scanpy 1.9.8 with SciPy 1.17.1"),
                Stack({"scanpy": "1.10.1", "scipy": "1.14.0", **SCANPY_COMBAT_PINS}, "failed", "scanpy 1.10.1 with SciPy 1.14.0"),
                Stack({"scanpy": "1.10.1", "scipy": "1.17.1", **SCANPY_COMBAT_PINS}, "failed", "scanpy 1.10.1 with SciPy 1.17.1"),
                Stack({"scanpy": "1.9.8", "scipy": "1.13.1", **SCANPY_COMBAT_PINS}, "passed", "scanpy 1.9.8 with SciPy 1.13.1"),
                Stack({"scanpy": "1.10.1", "scipy": "1.13.1", **SCANPY_COMBAT_PINS}, "passed", "scanpy 1.10.1 with SciPy 1.13.1"),
                Stack({"scanpy": "1.10.2", "scipy": "1.17.1", **SCANPY_COMBAT_PINS}, "passed",
                      "scanpy 1.10.2, just above the range"))),
    # pandas 2.3.3 pinned: built for NumPy 2 and still accepts 1.26.4, so only NumPy changes
    "curated/ffn-1.0.0-1.0.1-numpy-2": Proof(
        check=FFN_CHECK, signature="np.Inf",
        stacks=(Stack({"ffn": "1.0.0", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed", "ffn 1.0.0 with numpy 2.0.0"),
                Stack({"ffn": "1.0.0", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed", "ffn 1.0.0 with numpy 2.4.6"),
                Stack({"ffn": "1.0.1", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed", "ffn 1.0.1 with numpy 2.0.0"),
                Stack({"ffn": "1.0.1", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed", "ffn 1.0.1 with numpy 2.4.6"),
                Stack({"ffn": "1.0.0", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed", "ffn 1.0.0 with numpy 1.26.4, just below 2"),
                Stack({"ffn": "1.0.1", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed", "ffn 1.0.1 with numpy 1.26.4, just below 2"),
                Stack({"ffn": "1.0.2", "numpy": "2.0.0", "pandas": "2.3.3"}, "passed", "ffn 1.0.2, just above the range"),
                Stack({"ffn": "1.0.2", "numpy": "2.4.6", "pandas": "2.3.3"}, "passed", "ffn 1.0.2 with numpy 2.4.6"))),
    # empyrical imports six without declaring it, hence roots=("six",); pandas 2.3.3 pinned (accepts NumPy 1 and 2)
    "curated/empyrical-0.4.0-0.5.5-numpy-2": Proof(
        check=EMPYRICAL_CHECK, signature="np.NINF",
        stacks=(Stack({"empyrical": "0.4.0", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed", "empyrical 0.4.0 with numpy 2.0.0"),
                Stack({"empyrical": "0.4.0", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed", "empyrical 0.4.0 with numpy 2.4.6"),
                Stack({"empyrical": "0.5.5", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed", "empyrical 0.5.5 with numpy 2.0.0"),
                Stack({"empyrical": "0.5.5", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed", "empyrical 0.5.5 with numpy 2.4.6"),
                Stack({"empyrical": "0.4.0", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "empyrical 0.4.0 with numpy 1.26.4, just below 2"),
                Stack({"empyrical": "0.5.5", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "empyrical 0.5.5 with numpy 1.26.4, just below 2")),
        roots=("six",)),
    # the same check as the original empyrical (same module name); pandas 2.3.3 pinned (accepts NumPy 1 and 2)
    "curated/empyrical-reloaded-0.5.6-0.5.10-numpy-2": Proof(
        check=EMPYRICAL_CHECK, signature="np.NINF",
        stacks=(Stack({"empyrical-reloaded": "0.5.6", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed",
                      "empyrical-reloaded 0.5.6 with numpy 2.0.0"),
                Stack({"empyrical-reloaded": "0.5.6", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed",
                      "empyrical-reloaded 0.5.6 with numpy 2.4.6"),
                Stack({"empyrical-reloaded": "0.5.10", "numpy": "2.0.0", "pandas": "2.3.3"}, "failed",
                      "empyrical-reloaded 0.5.10 with numpy 2.0.0"),
                Stack({"empyrical-reloaded": "0.5.10", "numpy": "2.4.6", "pandas": "2.3.3"}, "failed",
                      "empyrical-reloaded 0.5.10 with numpy 2.4.6"),
                Stack({"empyrical-reloaded": "0.5.6", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "empyrical-reloaded 0.5.6 with numpy 1.26.4, just below 2"),
                Stack({"empyrical-reloaded": "0.5.10", "numpy": "1.26.4", "pandas": "2.3.3"}, "passed",
                      "empyrical-reloaded 0.5.10 with numpy 1.26.4, just below 2"),
                Stack({"empyrical-reloaded": "0.5.11", "numpy": "2.0.0", "pandas": "2.3.3"}, "passed",
                      "empyrical-reloaded 0.5.11, just above the range"),
                Stack({"empyrical-reloaded": "0.5.11", "numpy": "2.4.6", "pandas": "2.3.3"}, "passed",
                      "empyrical-reloaded 0.5.11 with numpy 2.4.6")),
        wheels=(("empyrical-reloaded", "0.5.6"), ("empyrical-reloaded", "0.5.10"))),
    "curated/mlxtend-0.22-0.23.1-numpy-2": Proof(
        check=MLXTEND_SFS_CHECK, signature="np.NINF",
        stacks=(Stack({"mlxtend": "0.22.0", "numpy": "2.0.0", **MLXTEND_PINS}, "failed", "mlxtend 0.22.0 with numpy 2.0.0"),
                Stack({"mlxtend": "0.22.0", "numpy": "2.4.6", **MLXTEND_PINS}, "failed", "mlxtend 0.22.0 with numpy 2.4.6"),
                Stack({"mlxtend": "0.23.1", "numpy": "2.0.0", **MLXTEND_PINS}, "failed", "mlxtend 0.23.1 with numpy 2.0.0"),
                Stack({"mlxtend": "0.23.1", "numpy": "2.4.6", **MLXTEND_PINS}, "failed", "mlxtend 0.23.1 with numpy 2.4.6"),
                Stack({"mlxtend": "0.22.0", "numpy": "1.26.4", **MLXTEND_PINS}, "passed", "mlxtend 0.22.0 with numpy 1.26.4, just below 2"),
                Stack({"mlxtend": "0.23.1", "numpy": "1.26.4", **MLXTEND_PINS}, "passed", "mlxtend 0.23.1 with numpy 1.26.4, just below 2"),
                Stack({"mlxtend": "0.23.2", "numpy": "2.0.0", **MLXTEND_PINS}, "passed", "mlxtend 0.23.2, just above the range"),
                Stack({"mlxtend": "0.23.2", "numpy": "2.4.6", **MLXTEND_PINS}, "passed", "mlxtend 0.23.2 with numpy 2.4.6")),
        wheels=(("mlxtend", "0.22.0"), ("mlxtend", "0.23.1"))),
    "curated/grpcio-health-checking-1.68-protobuf-5.27.2-5.28.0": Proof(
        check=GRPC_PB2_CHECKS["grpcio-health-checking"], signature="runtime_version",
        stacks=(
                Stack({"grpcio-health-checking": "1.68.0", "protobuf": "5.27.2"}, "failed",
                      "grpcio-health-checking 1.68.0 with protobuf 5.27.2, just above the 5.26-5.27.1 rule"),
                Stack({"grpcio-health-checking": "1.68.0", "protobuf": "5.28.0"}, "failed",
                      "grpcio-health-checking 1.68.0 with protobuf 5.28.0"),
                Stack({"grpcio-health-checking": "1.68.1", "protobuf": "5.27.2"}, "failed",
                      "grpcio-health-checking 1.68.1 with protobuf 5.27.2"),
                Stack({"grpcio-health-checking": "1.68.1", "protobuf": "5.28.0"}, "failed",
                      "grpcio-health-checking 1.68.1 with protobuf 5.28.0"),
                Stack({"grpcio-health-checking": "1.68.1", "protobuf": "5.28.1"}, "passed",
                      "protobuf 5.28.1, just above the range, runs 1.68's 5.28.1 gencode"),
                Stack({"grpcio-health-checking": "1.67.1", "protobuf": "5.28.0"}, "passed",
                      "grpcio-health-checking 1.67.1, just below the range, ships 5.27.2 gencode"))),
    "curated/grpcio-health-checking-1.69-1.71-protobuf-5.27.2-5.28": Proof(
        check=GRPC_PB2_CHECKS["grpcio-health-checking"], signature="runtime_version",
        stacks=(
                Stack({"grpcio-health-checking": "1.69.0", "protobuf": "5.27.2"}, "failed",
                      "grpcio-health-checking 1.69.0 with protobuf 5.27.2, just above the 5.26-5.27.1 rule"),
                Stack({"grpcio-health-checking": "1.69.0", "protobuf": "5.28.3"}, "failed",
                      "grpcio-health-checking 1.69.0 with protobuf 5.28.3"),
                Stack({"grpcio-health-checking": "1.71.2", "protobuf": "5.27.2"}, "failed",
                      "grpcio-health-checking 1.71.2 with protobuf 5.27.2"),
                Stack({"grpcio-health-checking": "1.71.2", "protobuf": "5.28.3"}, "failed",
                      "grpcio-health-checking 1.71.2 with protobuf 5.28.3"),
                Stack({"grpcio-health-checking": "1.71.2", "protobuf": "5.29.0"}, "passed",
                      "protobuf 5.29.0, just above the range, runs the 5.29.0 gencode"),
                Stack({"grpcio-health-checking": "1.68.1", "protobuf": "5.28.3"}, "passed",
                      "grpcio-health-checking 1.68.1, just below the range, ships 5.28.1 gencode"))),
    "curated/grpcio-reflection-1.68-protobuf-5.27.2-5.28.0": Proof(
        check=GRPC_PB2_CHECKS["grpcio-reflection"], signature="runtime_version",
        stacks=(
                Stack({"grpcio-reflection": "1.68.0", "protobuf": "5.27.2"}, "failed",
                      "grpcio-reflection 1.68.0 with protobuf 5.27.2, just above the 5.26-5.27.1 rule"),
                Stack({"grpcio-reflection": "1.68.0", "protobuf": "5.28.0"}, "failed",
                      "grpcio-reflection 1.68.0 with protobuf 5.28.0"),
                Stack({"grpcio-reflection": "1.68.1", "protobuf": "5.27.2"}, "failed",
                      "grpcio-reflection 1.68.1 with protobuf 5.27.2"),
                Stack({"grpcio-reflection": "1.68.1", "protobuf": "5.28.0"}, "failed",
                      "grpcio-reflection 1.68.1 with protobuf 5.28.0"),
                Stack({"grpcio-reflection": "1.68.1", "protobuf": "5.28.1"}, "passed",
                      "protobuf 5.28.1, just above the range, runs 1.68's 5.28.1 gencode"),
                Stack({"grpcio-reflection": "1.67.1", "protobuf": "5.28.0"}, "passed",
                      "grpcio-reflection 1.67.1, just below the range, ships 5.27.2 gencode"))),
    "curated/grpcio-reflection-1.69-1.71-protobuf-5.27.2-5.28": Proof(
        check=GRPC_PB2_CHECKS["grpcio-reflection"], signature="runtime_version",
        stacks=(
                Stack({"grpcio-reflection": "1.69.0", "protobuf": "5.27.2"}, "failed",
                      "grpcio-reflection 1.69.0 with protobuf 5.27.2, just above the 5.26-5.27.1 rule"),
                Stack({"grpcio-reflection": "1.69.0", "protobuf": "5.28.3"}, "failed",
                      "grpcio-reflection 1.69.0 with protobuf 5.28.3"),
                Stack({"grpcio-reflection": "1.71.2", "protobuf": "5.27.2"}, "failed",
                      "grpcio-reflection 1.71.2 with protobuf 5.27.2"),
                Stack({"grpcio-reflection": "1.71.2", "protobuf": "5.28.3"}, "failed",
                      "grpcio-reflection 1.71.2 with protobuf 5.28.3"),
                Stack({"grpcio-reflection": "1.71.2", "protobuf": "5.29.0"}, "passed",
                      "protobuf 5.29.0, just above the range, runs the 5.29.0 gencode"),
                Stack({"grpcio-reflection": "1.68.1", "protobuf": "5.28.3"}, "passed",
                      "grpcio-reflection 1.68.1, just below the range, ships 5.28.1 gencode"))),
    "curated/grpcio-channelz-1.68-protobuf-5.27.2-5.28.0": Proof(
        check=GRPC_PB2_CHECKS["grpcio-channelz"], signature="runtime_version",
        stacks=(
                Stack({"grpcio-channelz": "1.68.0", "protobuf": "5.27.2"}, "failed",
                      "grpcio-channelz 1.68.0 with protobuf 5.27.2, just above the 5.26-5.27.1 rule"),
                Stack({"grpcio-channelz": "1.68.0", "protobuf": "5.28.0"}, "failed",
                      "grpcio-channelz 1.68.0 with protobuf 5.28.0"),
                Stack({"grpcio-channelz": "1.68.1", "protobuf": "5.27.2"}, "failed",
                      "grpcio-channelz 1.68.1 with protobuf 5.27.2"),
                Stack({"grpcio-channelz": "1.68.1", "protobuf": "5.28.0"}, "failed",
                      "grpcio-channelz 1.68.1 with protobuf 5.28.0"),
                Stack({"grpcio-channelz": "1.68.1", "protobuf": "5.28.1"}, "passed",
                      "protobuf 5.28.1, just above the range, runs 1.68's 5.28.1 gencode"),
                Stack({"grpcio-channelz": "1.67.1", "protobuf": "5.28.0"}, "passed",
                      "grpcio-channelz 1.67.1, just below the range, ships 5.27.2 gencode"))),
    "curated/grpcio-channelz-1.69-1.71-protobuf-5.27.2-5.28": Proof(
        check=GRPC_PB2_CHECKS["grpcio-channelz"], signature="runtime_version",
        stacks=(
                Stack({"grpcio-channelz": "1.69.0", "protobuf": "5.27.2"}, "failed",
                      "grpcio-channelz 1.69.0 with protobuf 5.27.2, just above the 5.26-5.27.1 rule"),
                Stack({"grpcio-channelz": "1.69.0", "protobuf": "5.28.3"}, "failed",
                      "grpcio-channelz 1.69.0 with protobuf 5.28.3"),
                Stack({"grpcio-channelz": "1.71.2", "protobuf": "5.27.2"}, "failed",
                      "grpcio-channelz 1.71.2 with protobuf 5.27.2"),
                Stack({"grpcio-channelz": "1.71.2", "protobuf": "5.28.3"}, "failed",
                      "grpcio-channelz 1.71.2 with protobuf 5.28.3"),
                Stack({"grpcio-channelz": "1.71.2", "protobuf": "5.29.0"}, "passed",
                      "protobuf 5.29.0, just above the range, runs the 5.29.0 gencode"),
                Stack({"grpcio-channelz": "1.68.1", "protobuf": "5.28.3"}, "passed",
                      "grpcio-channelz 1.68.1, just below the range, ships 5.28.1 gencode"))),
    "curated/grpcio-tools-1.66-1.67-protobuf-5.26-5.27.1": Proof(
        check=GRPC_TOOLS_CHECK, signature="runtime_version",
        stacks=(
                Stack({"grpcio-tools": "1.66.0", "protobuf": "5.26.1"}, "failed",
                      "grpcio-tools 1.66.0 with protobuf 5.26.1 (it declares >=5.26.1)"),
                Stack({"grpcio-tools": "1.66.0", "protobuf": "5.27.1"}, "failed",
                      "grpcio-tools 1.66.0 with protobuf 5.27.1"),
                Stack({"grpcio-tools": "1.67.1", "protobuf": "5.26.1"}, "failed",
                      "grpcio-tools 1.67.1 with protobuf 5.26.1"),
                Stack({"grpcio-tools": "1.67.1", "protobuf": "5.27.1"}, "failed",
                      "grpcio-tools 1.67.1 with protobuf 5.27.1"),
                Stack({"grpcio-tools": "1.67.1", "protobuf": "5.27.2"}, "passed",
                      "protobuf 5.27.2, just above the range, runs protoc 5.27.2's gencode"),
                Stack({"grpcio-tools": "1.65.5", "protobuf": "5.26.1"}, "passed",
                      "grpcio-tools 1.65.5, just below the range, bundles protoc 5.26.1"))),
    "curated/grpcio-tools-1.68-protobuf-5.26-5.28.0": Proof(
        check=GRPC_TOOLS_CHECK, signature="runtime_version",
        stacks=(
                Stack({"grpcio-tools": "1.68.0", "protobuf": "5.26.1"}, "failed",
                      "grpcio-tools 1.68.0 with protobuf 5.26.1 (it declares >=5.26.1)"),
                Stack({"grpcio-tools": "1.68.0", "protobuf": "5.28.0"}, "failed",
                      "grpcio-tools 1.68.0 with protobuf 5.28.0"),
                Stack({"grpcio-tools": "1.68.1", "protobuf": "5.26.1"}, "failed",
                      "grpcio-tools 1.68.1 with protobuf 5.26.1"),
                Stack({"grpcio-tools": "1.68.1", "protobuf": "5.28.0"}, "failed",
                      "grpcio-tools 1.68.1 with protobuf 5.28.0"),
                Stack({"grpcio-tools": "1.68.1", "protobuf": "5.28.1"}, "passed",
                      "protobuf 5.28.1, just above the range, runs protoc 5.28.1's gencode"),
                Stack({"grpcio-tools": "1.67.1", "protobuf": "5.28.0"}, "passed",
                      "grpcio-tools 1.67.1, just below the range, bundles protoc 5.27.2"))),
    "curated/grpcio-tools-1.69-1.71-protobuf-5.26-5.28": Proof(
        check=GRPC_TOOLS_CHECK, signature="runtime_version",
        stacks=(
                Stack({"grpcio-tools": "1.69.0", "protobuf": "5.26.1"}, "failed",
                      "grpcio-tools 1.69.0 with protobuf 5.26.1 (it declares >=5.26.1)"),
                Stack({"grpcio-tools": "1.69.0", "protobuf": "5.28.3"}, "failed",
                      "grpcio-tools 1.69.0 with protobuf 5.28.3"),
                Stack({"grpcio-tools": "1.71.2", "protobuf": "5.26.1"}, "failed",
                      "grpcio-tools 1.71.2 with protobuf 5.26.1"),
                Stack({"grpcio-tools": "1.71.2", "protobuf": "5.28.3"}, "failed",
                      "grpcio-tools 1.71.2 with protobuf 5.28.3"),
                Stack({"grpcio-tools": "1.71.2", "protobuf": "5.29.0"}, "passed",
                      "protobuf 5.29.0, just above the range, runs protoc 5.29.0's gencode"),
                Stack({"grpcio-tools": "1.68.1", "protobuf": "5.28.3"}, "passed",
                      "grpcio-tools 1.68.1, just below the range, bundles protoc 5.28.1"))),
    "curated/grpcio-tools-1.73-protobuf-6.30": Proof(
        check=GRPC_TOOLS_CHECK, signature="runtime_version",
        stacks=(
                Stack({"grpcio-tools": "1.73.0", "protobuf": "6.30.0"}, "failed",
                      "grpcio-tools 1.73.0 with protobuf 6.30.0 (it declares >=6.30.0)"),
                Stack({"grpcio-tools": "1.73.0", "protobuf": "6.30.2"}, "failed",
                      "grpcio-tools 1.73.0 with protobuf 6.30.2"),
                Stack({"grpcio-tools": "1.73.1", "protobuf": "6.30.0"}, "failed",
                      "grpcio-tools 1.73.1 with protobuf 6.30.0"),
                Stack({"grpcio-tools": "1.73.1", "protobuf": "6.30.2"}, "failed",
                      "grpcio-tools 1.73.1 with protobuf 6.30.2"),
                Stack({"grpcio-tools": "1.73.1", "protobuf": "6.31.0"}, "passed",
                      "protobuf 6.31.0, just above the range, runs protoc 6.31.0's gencode"),
                Stack({"grpcio-tools": "1.72.2", "protobuf": "6.30.0"}, "passed",
                      "grpcio-tools 1.72.2, just below the range, bundles protoc 6.30.0"))),
    "curated/pyop-2.1-3.4.0-pymongo-4": Proof(
        check=PYOP_MONGO_CHECK, signature="authenticate", roots=("pymongo",),
        stacks=(Stack({"pyop": "2.1.0", "pymongo": "4.0"}, "failed", "pyop 2.1.0 with pymongo 4.0"),
                Stack({"pyop": "2.1.0", "pymongo": "4.20.1"}, "failed", "pyop 2.1.0 with pymongo 4.20.1"),
                Stack({"pyop": "3.4.0", "pymongo": "4.0"}, "failed", "pyop 3.4.0 with pymongo 4.0"),
                Stack({"pyop": "3.4.0", "pymongo": "4.20.1"}, "failed", "pyop 3.4.0 with pymongo 4.20.1"),
                Stack({"pyop": "3.4.0", "pymongo": "3.13.0"}, "passed", "pymongo 3.13.0, just below 4.0"),
                # 3.4.1 and later declare pymongo<4.0 themselves
                Stack({"pyop": "2.1.0", "pymongo": "3.13.0"}, "passed", "pymongo 3.13.0 with 2.1.0"))),
    "curated/seml-0.2-0.3.5-pymongo-4": Proof(
        check=SEML_DB_CHECK, signature="authenticate", roots=("setuptools",),
        stacks=(Stack({"seml": "0.2.0", "pymongo": "4.0", **SETUPTOOLS_PKG}, "failed", "seml 0.2.0 with pymongo 4.0"),
                Stack({"seml": "0.2.0", "pymongo": "4.20.1", **SETUPTOOLS_PKG}, "failed", "seml 0.2.0 with pymongo 4.20.1"),
                Stack({"seml": "0.3.5", "pymongo": "4.0", **SETUPTOOLS_PKG}, "failed", "seml 0.3.5 with pymongo 4.0"),
                Stack({"seml": "0.3.5", "pymongo": "4.20.1", **SETUPTOOLS_PKG}, "failed", "seml 0.3.5 with pymongo 4.20.1"),
                Stack({"seml": "0.3.5", "pymongo": "3.13.0", **SETUPTOOLS_PKG}, "passed", "pymongo 3.13.0, just below 4.0"),
                Stack({"seml": "0.2.0", "pymongo": "3.13.0", **SETUPTOOLS_PKG}, "passed", "pymongo 3.13.0 with 0.2.0"),
                Stack({"seml": "0.3.6", "pymongo": "4.20.1", **SETUPTOOLS_PKG}, "passed",
                      "seml 0.3.6 passes the credentials to MongoClient"))),
    "curated/eventlet-0.33.0-0.33.2-dnspython-2.3": Proof(
        check=EVENTLET_DNS_CHECK, signature="rdtypes",
        stacks=(Stack({"eventlet": "0.33.0", "dnspython": "2.3.0"}, "failed", "eventlet 0.33.0 with dnspython 2.3.0"),
                Stack({"eventlet": "0.33.0", "dnspython": "2.9.2"}, "failed", "eventlet 0.33.0 with dnspython 2.9.2"),
                Stack({"eventlet": "0.33.2", "dnspython": "2.3.0"}, "failed", "eventlet 0.33.2 with dnspython 2.3.0"),
                Stack({"eventlet": "0.33.2", "dnspython": "2.9.2"}, "failed", "eventlet 0.33.2 with dnspython 2.9.2"),
                Stack({"eventlet": "0.33.2", "dnspython": "2.2.1"}, "passed", "dnspython 2.2.1, just below 2.3.0"),
                Stack({"eventlet": "0.33.0", "dnspython": "2.2.1"}, "passed", "dnspython 2.2.1 with 0.33.0"),
                Stack({"eventlet": "0.33.3", "dnspython": "2.9.2"}, "passed",
                      "eventlet 0.33.3 patches dnspython 2.3 and later"))),
    # Flask 2.3 removed app.session_cookie_name, which Flask-Session before 0.5 reads, hence FLASK22_PINS
    "curated/flask-session-0.3-0.5-pymongo-4": Proof(
        check=FLASK_SESSION_MONGO_CHECK, signature="'update' method", roots=("pymongo",),
        stacks=(Stack({"flask-session": "0.3.0", "pymongo": "4.0", **FLASK22_PINS}, "failed",
                      "Flask-Session 0.3.0 with pymongo 4.0"),
                Stack({"flask-session": "0.3.0", "pymongo": "4.20.1", **FLASK22_PINS}, "failed",
                      "Flask-Session 0.3.0 with pymongo 4.20.1"),
                Stack({"flask-session": "0.5.0", "pymongo": "4.0", **FLASK22_PINS}, "failed",
                      "Flask-Session 0.5.0 with pymongo 4.0"),
                Stack({"flask-session": "0.5.0", "pymongo": "4.20.1", **FLASK22_PINS}, "failed",
                      "Flask-Session 0.5.0 with pymongo 4.20.1"),
                Stack({"flask-session": "0.5.0", "pymongo": "3.13.0", **FLASK22_PINS}, "passed",
                      "pymongo 3.13.0, just below 4.0"),
                Stack({"flask-session": "0.3.0", "pymongo": "3.13.0", **FLASK22_PINS}, "passed", "pymongo 3.13.0 with 0.3.0"),
                Stack({"flask-session": "0.6.0", "pymongo": "4.20.1", **FLASK22_PINS}, "passed",
                      "Flask-Session 0.6.0 calls update_one under pymongo 4"))),
    # Eve 1.1 predates Flask 2.3: FLASK22_PINS, so only pymongo differs
    "curated/eve-1.1-pymongo-4": Proof(
        check=EVE_MONGO_AUTH_CHECK, signature="authenticate",
        stacks=(Stack({"eve": "1.1", "pymongo": "4.0", **FLASK22_PINS}, "failed", "Eve 1.1 with pymongo 4.0"),
                Stack({"eve": "1.1", "pymongo": "4.20.1", **FLASK22_PINS}, "failed", "Eve 1.1 with pymongo 4.20.1"),
                Stack({"eve": "1.1.5", "pymongo": "4.0", **FLASK22_PINS}, "failed", "Eve 1.1.5 with pymongo 4.0"),
                Stack({"eve": "1.1.5", "pymongo": "4.20.1", **FLASK22_PINS}, "failed", "Eve 1.1.5 with pymongo 4.20.1"),
                Stack({"eve": "1.1.5", "pymongo": "3.13.0", **FLASK22_PINS}, "passed", "pymongo 3.13.0, just below 4.0"),
                Stack({"eve": "1.1", "pymongo": "3.13.0", **FLASK22_PINS}, "passed", "pymongo 3.13.0 with 1.1"),
                Stack({"eve": "2.0", "pymongo": "4.20.1", **FLASK22_PINS}, "passed",
                      "Eve 2.0 passes the credentials to MongoClient"))),
    "curated/diffusers-0.12-0.28-huggingface-hub-0.26": Proof(
        check=DIFFUSERS_IMPORT, signature="from 'huggingface_hub'",
        stacks=(Stack({"diffusers": "0.12.0", "huggingface-hub": "0.26.0", **DIFFUSERS_PINS}, "failed",
                      "diffusers 0.12.0 with huggingface-hub 0.26.0"),
                Stack({"diffusers": "0.12.0", "huggingface-hub": "2.4.0", **DIFFUSERS_PINS}, "failed",
                      "diffusers 0.12.0 with huggingface-hub 2.4.0"),
                Stack({"diffusers": "0.28.2", "huggingface-hub": "0.26.0", **DIFFUSERS_PINS}, "failed",
                      "diffusers 0.28.2 with huggingface-hub 0.26.0"),
                Stack({"diffusers": "0.28.2", "huggingface-hub": "2.4.0", **DIFFUSERS_PINS}, "failed",
                      "diffusers 0.28.2 with huggingface-hub 2.4.0"),
                Stack({"diffusers": "0.12.0", "huggingface-hub": "0.25.2", **DIFFUSERS_PINS}, "passed",
                      "diffusers 0.12.0 with huggingface-hub 0.25.2, just below 0.26"),
                Stack({"diffusers": "0.28.2", "huggingface-hub": "0.25.2", **DIFFUSERS_PINS}, "passed",
                      "diffusers 0.28.2 with huggingface-hub 0.25.2, just below 0.26"),
                Stack({"diffusers": "0.29.0", "huggingface-hub": "2.4.0", **DIFFUSERS_PINS}, "passed",
                      "diffusers 0.29.0, just above the range, with huggingface-hub 2.4.0"))),
    "curated/gradio-4.9-5.7.0-huggingface-hub-1": Proof(
        check=GRADIO_IMPORT, signature="cannot import name 'HfFolder'",
        stacks=(Stack({"gradio": "4.9.0", "huggingface-hub": "1.0.0"}, "failed", "gradio 4.9.0 with huggingface-hub 1.0.0"),
                Stack({"gradio": "4.9.0", "huggingface-hub": "2.4.0"}, "failed", "gradio 4.9.0 with huggingface-hub 2.4.0"),
                Stack({"gradio": "5.7.0", "huggingface-hub": "1.0.0"}, "failed", "gradio 5.7.0 with huggingface-hub 1.0.0"),
                Stack({"gradio": "5.7.0", "huggingface-hub": "2.4.0"}, "failed", "gradio 5.7.0 with huggingface-hub 2.4.0"),
                Stack({"gradio": "4.9.0", "huggingface-hub": "0.36.2"}, "passed",
                      "gradio 4.9.0 with huggingface-hub 0.36.2, just below 1.0"),
                Stack({"gradio": "5.7.0", "huggingface-hub": "0.36.2"}, "passed",
                      "gradio 5.7.0 with huggingface-hub 0.36.2, just below 1.0"),
                Stack({"gradio": "5.7.1", "huggingface-hub": "2.4.0"}, "passed",
                      "gradio 5.7.1, just above the range, with huggingface-hub 2.4.0")),
        roots=("requests",)),
    "curated/faster-whisper-1.0.2-1.2.0-huggingface-hub-1": Proof(
        check=FASTER_WHISPER_CHECK, signature="No module named 'requests'",
        stacks=(Stack({"faster-whisper": "1.0.2", "huggingface-hub": "1.0.0"}, "failed",
                      "faster-whisper 1.0.2 with huggingface-hub 1.0.0"),
                Stack({"faster-whisper": "1.0.2", "huggingface-hub": "2.4.0"}, "failed",
                      "faster-whisper 1.0.2 with huggingface-hub 2.4.0"),
                Stack({"faster-whisper": "1.2.0", "huggingface-hub": "1.0.0"}, "failed",
                      "faster-whisper 1.2.0 with huggingface-hub 1.0.0"),
                Stack({"faster-whisper": "1.2.0", "huggingface-hub": "2.4.0"}, "failed",
                      "faster-whisper 1.2.0 with huggingface-hub 2.4.0"),
                Stack({"faster-whisper": "1.0.2", "huggingface-hub": "0.36.2"}, "passed",
                      "faster-whisper 1.0.2 with huggingface-hub 0.36.2, just below 1.0"),
                Stack({"faster-whisper": "1.2.0", "huggingface-hub": "0.36.2"}, "passed",
                      "faster-whisper 1.2.0 with huggingface-hub 0.36.2, just below 1.0"),
                Stack({"faster-whisper": "1.2.1", "huggingface-hub": "2.4.0"}, "passed",
                      "faster-whisper 1.2.1, just above the range, with huggingface-hub 2.4.0"))),
    "curated/gradio-5.7.1-5.38-huggingface-hub-1": Proof(
        check=GRADIO_IMPORT, signature="No module named 'requests'",
        stacks=(Stack({"gradio": "5.7.1", "huggingface-hub": "1.0.0"}, "failed", "gradio 5.7.1 with huggingface-hub 1.0.0"),
                Stack({"gradio": "5.7.1", "huggingface-hub": "2.4.0"}, "failed", "gradio 5.7.1 with huggingface-hub 2.4.0"),
                Stack({"gradio": "5.38.2", "huggingface-hub": "1.0.0"}, "failed", "gradio 5.38.2 with huggingface-hub 1.0.0"),
                Stack({"gradio": "5.38.2", "huggingface-hub": "2.4.0"}, "failed", "gradio 5.38.2 with huggingface-hub 2.4.0"),
                Stack({"gradio": "5.7.1", "huggingface-hub": "0.36.2"}, "passed",
                      "gradio 5.7.1 with huggingface-hub 0.36.2, just below 1.0"),
                Stack({"gradio": "5.38.2", "huggingface-hub": "0.36.2"}, "passed",
                      "gradio 5.38.2 with huggingface-hub 0.36.2, just below 1.0"),
                Stack({"gradio": "5.47.2", "huggingface-hub": "1.33.0"}, "passed",
                      "gradio 5.47.2, the first release allowing huggingface-hub 1.x again, with 1.33.0"))),
    "curated/evaluate-0.4.3-0.4.5-huggingface-hub-1": Proof(
        check=EVALUATE_HUB_HEADERS, signature="has no attribute 'HfFolder'",
        stacks=(Stack({"evaluate": "0.4.3", "huggingface-hub": "1.0.0"}, "failed", "evaluate 0.4.3 with huggingface-hub 1.0.0"),
                Stack({"evaluate": "0.4.3", "huggingface-hub": "2.4.0"}, "failed", "evaluate 0.4.3 with huggingface-hub 2.4.0"),
                Stack({"evaluate": "0.4.5", "huggingface-hub": "1.0.0"}, "failed", "evaluate 0.4.5 with huggingface-hub 1.0.0"),
                Stack({"evaluate": "0.4.5", "huggingface-hub": "2.4.0"}, "failed", "evaluate 0.4.5 with huggingface-hub 2.4.0"),
                Stack({"evaluate": "0.4.3", "huggingface-hub": "0.36.2"}, "passed",
                      "evaluate 0.4.3 with huggingface-hub 0.36.2, just below 1.0"),
                Stack({"evaluate": "0.4.5", "huggingface-hub": "0.36.2"}, "passed",
                      "evaluate 0.4.5 with huggingface-hub 0.36.2, just below 1.0"),
                Stack({"evaluate": "0.4.6", "huggingface-hub": "2.4.0"}, "passed",
                      "evaluate 0.4.6, just above the range, with huggingface-hub 2.4.0"))),
    # no later yellowbrick release exists: the passing stacks are the newest Matplotlib below the removal
    "curated/yellowbrick-1.4-1.5-matplotlib-3.11": Proof(
        check=YELLOWBRICK_CHECK, signature="get_cmap",
        stacks=(Stack({"yellowbrick": "1.4", "matplotlib": "3.11.0", **YELLOWBRICK_PINS}, "failed",
                      "yellowbrick 1.4 with Matplotlib 3.11.0"),
                Stack({"yellowbrick": "1.5", "matplotlib": "3.11.2", **YELLOWBRICK_PINS}, "failed",
                      "yellowbrick 1.5 with Matplotlib 3.11.2"),
                Stack({"yellowbrick": "1.4", "matplotlib": "3.10.9", **YELLOWBRICK_PINS}, "passed",
                      "yellowbrick 1.4 with Matplotlib 3.10.9, just below 3.11"),
                Stack({"yellowbrick": "1.5", "matplotlib": "3.10.9", **YELLOWBRICK_PINS}, "passed",
                      "yellowbrick 1.5 with Matplotlib 3.10.9, just below 3.11"))),
    # Matplotlib 3.9.0 removed cm.get_cmap and 3.9.1 restored it (until 3.11)
    "curated/yellowbrick-1.4-1.5-matplotlib-3.9.0": Proof(
        check=YELLOWBRICK_CHECK, signature="get_cmap",
        stacks=(Stack({"yellowbrick": "1.4", "matplotlib": "3.9.0", **YELLOWBRICK_PINS}, "failed",
                      "yellowbrick 1.4 with Matplotlib 3.9.0"),
                Stack({"yellowbrick": "1.5", "matplotlib": "3.9.0", **YELLOWBRICK_PINS}, "failed",
                      "yellowbrick 1.5 with Matplotlib 3.9.0"),
                Stack({"yellowbrick": "1.4", "matplotlib": "3.8.4", **YELLOWBRICK_PINS}, "passed",
                      "Matplotlib 3.8.4, just below 3.9.0"),
                Stack({"yellowbrick": "1.5", "matplotlib": "3.9.1.post1", **YELLOWBRICK_PINS}, "passed",
                      "Matplotlib 3.9.1.post1, just above 3.9.0 (get_cmap restored)"))),
    # Django 3.1 needs asgiref ~=3.2.10: asgiref is left to the resolver there
    "curated/django-tables2-2.1-2.2-django-3.1": Proof(
        check=DJANGO_CHECK.format(app="django_tables2", module="django_tables2"),
        signature="FieldDoesNotExist",
        stacks=(Stack({"django-tables2": "2.1.0", "django": "3.1", "sqlparse": "0.6.1"}, "failed",
                      "django-tables2 2.1.0 with Django 3.1"),
                Stack({"django-tables2": "2.2.1", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-tables2 2.2.1 with Django 5.2.19"),
                Stack({"django-tables2": "2.2.1", "django": "3.0.14", **DJANGO_PINS}, "passed",
                      "Django 3.0.14, just below 3.1"),
                Stack({"django-tables2": "2.3.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-tables2 2.3.0, just above the range"))),
    "curated/django-minio-backend-3.0-3.5-django-5.0": Proof(
        check=DJANGO_MINIO_BACKEND_CHECK, signature="cannot import name 'utc'",
        stacks=(Stack({"django-minio-backend": "3.0.0", "django": "5.0", "minio": "7.2.20", **DJANGO_PINS}, "failed",
                      "django-minio-backend 3.0.0 with Django 5.0"),
                Stack({"django-minio-backend": "3.5.0", "django": "5.2.19", "minio": "7.2.20", **DJANGO_PINS}, "failed",
                      "django-minio-backend 3.5.0 with Django 5.2.19"),
                Stack({"django-minio-backend": "3.0.0", "django": "4.2.30", "minio": "7.2.20", **DJANGO_PINS}, "passed",
                      "django-minio-backend 3.0.0 with Django 4.2.30, just below 5.0"),
                Stack({"django-minio-backend": "3.5.0", "django": "4.2.30", "minio": "7.2.20", **DJANGO_PINS}, "passed",
                      "django-minio-backend 3.5.0 with Django 4.2.30, just below 5.0"),
                Stack({"django-minio-backend": "3.6.0", "django": "5.2.19", "minio": "7.2.20", **DJANGO_PINS}, "passed",
                      "django-minio-backend 3.6.0, just above the range"))),
    # django-dynamic-fixture declares no Django requirement: Django is a second root (asgiref left to the resolver on 3.1)
    "curated/django-dynamic-fixture-3.0-3.1.0-django-3.1": Proof(
        check=DDF_CHECK, signature="FieldDoesNotExist", roots=("django",),
        stacks=(Stack({"django-dynamic-fixture": "3.0.0", "django": "3.1", "sqlparse": "0.6.1"}, "failed",
                      "django-dynamic-fixture 3.0.0 with Django 3.1"),
                Stack({"django-dynamic-fixture": "3.1.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-dynamic-fixture 3.1.0 with Django 5.2.19"),
                Stack({"django-dynamic-fixture": "3.0.0", "django": "3.0.14", **DJANGO_PINS}, "passed",
                      "django-dynamic-fixture 3.0.0 with Django 3.0.14, just below 3.1"),
                Stack({"django-dynamic-fixture": "3.1.0", "django": "3.0.14", **DJANGO_PINS}, "passed",
                      "django-dynamic-fixture 3.1.0 with Django 3.0.14, just below 3.1"),
                Stack({"django-dynamic-fixture": "3.1.1", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-dynamic-fixture 3.1.1, just above the range"))),
    # Matplotlib 3.9.1 restored cm.get_cmap but not cm.register_cmap: one rule from 3.9.0 on
    "curated/cmaps-1.0-matplotlib-3.9": Proof(
        check=CMAPS_CHECK, signature="register_cmap",
        stacks=(Stack({"cmaps": "1.0.0", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "failed",
                      "cmaps 1.0.0 with Matplotlib 3.9.0"),
                Stack({"cmaps": "1.0.5", "matplotlib": "3.9.1.post1", "numpy": "1.26.4"}, "failed",
                      "cmaps 1.0.5 with Matplotlib 3.9.1.post1 (register_cmap not restored)"),
                Stack({"cmaps": "1.0.5", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "cmaps 1.0.5 with Matplotlib 3.11.2"),
                Stack({"cmaps": "1.0.0", "matplotlib": "3.8.4", "numpy": "1.26.4"}, "passed",
                      "cmaps 1.0.0 with Matplotlib 3.8.4, just below 3.9"),
                Stack({"cmaps": "1.0.5", "matplotlib": "3.8.4", "numpy": "1.26.4"}, "passed",
                      "cmaps 1.0.5 with Matplotlib 3.8.4, just below 3.9"),
                Stack({"cmaps": "2.0.0", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "passed",
                      "cmaps 2.0.0, just above the range"))),
    # colormaps 0.4.2 declares no dependencies at all (0.3.1 to 0.4.1 declare matplotlib): matplotlib is a second root
    "curated/colormaps-0.3-0.4.1-matplotlib-3.11": Proof(
        check=COLORMAPS_CHECK, signature="get_cmap", roots=("matplotlib",),
        stacks=(Stack({"colormaps": "0.3.1", "matplotlib": "3.11.0", "numpy": "1.26.4"}, "failed",
                      "colormaps 0.3.1 with Matplotlib 3.11.0"),
                Stack({"colormaps": "0.4.1", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed",
                      "colormaps 0.4.1 with Matplotlib 3.11.2"),
                Stack({"colormaps": "0.3.1", "matplotlib": "3.10.9", "numpy": "1.26.4"}, "passed",
                      "colormaps 0.3.1 with Matplotlib 3.10.9, just below 3.11"),
                Stack({"colormaps": "0.4.1", "matplotlib": "3.10.9", "numpy": "1.26.4"}, "passed",
                      "colormaps 0.4.1 with Matplotlib 3.10.9, just below 3.11"),
                Stack({"colormaps": "0.4.2", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "passed",
                      "colormaps 0.4.2, just above the range"))),
    # Matplotlib 3.9.0 removed cm.get_cmap and 3.9.1 restored it (until 3.11)
    "curated/colormaps-0.3-0.4.1-matplotlib-3.9.0": Proof(
        check=COLORMAPS_CHECK, signature="get_cmap", roots=("matplotlib",),
        stacks=(Stack({"colormaps": "0.3.1", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "failed",
                      "colormaps 0.3.1 with Matplotlib 3.9.0"),
                Stack({"colormaps": "0.4.1", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "failed",
                      "colormaps 0.4.1 with Matplotlib 3.9.0"),
                Stack({"colormaps": "0.3.1", "matplotlib": "3.8.4", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.8.4, just below 3.9.0"),
                Stack({"colormaps": "0.4.1", "matplotlib": "3.9.1.post1", "numpy": "1.26.4"}, "passed",
                      "Matplotlib 3.9.1.post1, just above 3.9.0 (get_cmap restored)"),
                Stack({"colormaps": "0.4.2", "matplotlib": "3.9.0", "numpy": "1.26.4"}, "passed",
                      "colormaps 0.4.2, just above the range"))),
    "curated/django-unixtimestampfield-0.5-django-5.0": Proof(
        check=UNIXTIMESTAMPFIELD_CHECK, signature="has no attribute 'utc'",
        stacks=(Stack({"django-unixtimestampfield": "0.5.0", "django": "5.0", **DJANGO_PINS}, "failed",
                      "django-unixtimestampfield 0.5.0 with Django 5.0"),
                Stack({"django-unixtimestampfield": "0.5.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-unixtimestampfield 0.5.0 with Django 5.2.19"),
                Stack({"django-unixtimestampfield": "0.5.0", "django": "4.2.30", **DJANGO_PINS}, "passed",
                      "Django 4.2.30, just below 5.0"),
                Stack({"django-unixtimestampfield": "1.0.3", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-unixtimestampfield 1.0.3, just above the range"))),
    # 0.5.0 breaks on Django 5.0 (the rule above): its passing stack is the newest Django below that
    "curated/django-unixtimestampfield-0.4-django-4.0": Proof(
        check=UNIXTIMESTAMPFIELD_CHECK, signature="ugettext_lazy",
        stacks=(Stack({"django-unixtimestampfield": "0.4.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-unixtimestampfield 0.4.0 with Django 4.0"),
                Stack({"django-unixtimestampfield": "0.4.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-unixtimestampfield 0.4.0 with Django 5.2.19"),
                Stack({"django-unixtimestampfield": "0.4.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4.0"),
                Stack({"django-unixtimestampfield": "0.5.0", "django": "4.2.30", **DJANGO_PINS}, "passed",
                      "django-unixtimestampfield 0.5.0, just above the range"))),
    # django-internationalflavor declares no requirements at all: Django is a second root
    "curated/django-internationalflavor-0.4.2-django-4.0": Proof(
        check=INTERNATIONALFLAVOR_CHECK, signature="force_text", roots=("django",),
        stacks=(Stack({"django-internationalflavor": "0.4.2", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-internationalflavor 0.4.2 with Django 4.0"),
                Stack({"django-internationalflavor": "0.4.2", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-internationalflavor 0.4.2 with Django 5.2.19"),
                Stack({"django-internationalflavor": "0.4.2", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4.0"),
                Stack({"django-internationalflavor": "0.4.3", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-internationalflavor 0.4.3, just above the range"))),
    "curated/jsonschema-3.0-setuptools-82": Proof(
        check=JSONSCHEMA_CHECK, signature="pkg_resources",
        stacks=(Stack({"jsonschema": "3.0.0", "setuptools": "82.0.0"}, "failed", "jsonschema 3.0.0 with setuptools 82.0.0"),
                Stack({"jsonschema": "3.0.0", "setuptools": "84.2.1"}, "failed", "jsonschema 3.0.0 with setuptools 84.2.1"),
                Stack({"jsonschema": "3.0.2", "setuptools": "82.0.0"}, "failed", "jsonschema 3.0.2 with setuptools 82.0.0"),
                Stack({"jsonschema": "3.0.2", "setuptools": "84.2.1"}, "failed", "jsonschema 3.0.2 with setuptools 84.2.1"),
                Stack({"jsonschema": "3.0.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"jsonschema": "3.0.2", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"jsonschema": "3.1.0", "setuptools": "84.2.1"}, "passed",
                      "jsonschema 3.1.0, the first release above the range, reads its version with importlib_metadata"))),
    "curated/python-can-4.0-4.2.2-setuptools-82": Proof(
        check=PYTHON_CAN_CHECK, signature="pkg_resources",
        stacks=(Stack({"python-can": "4.0.0", "setuptools": "82.0.0"}, "failed", "python-can 4.0.0 with setuptools 82.0.0"),
                Stack({"python-can": "4.0.0", "setuptools": "84.2.1"}, "failed", "python-can 4.0.0 with setuptools 84.2.1"),
                Stack({"python-can": "4.2.2", "setuptools": "82.0.0"}, "failed", "python-can 4.2.2 with setuptools 82.0.0"),
                Stack({"python-can": "4.2.2", "setuptools": "84.2.1"}, "failed", "python-can 4.2.2 with setuptools 84.2.1"),
                Stack({"python-can": "4.0.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"python-can": "4.2.2", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"python-can": "4.3.0", "setuptools": "84.2.1"}, "passed",
                      "python-can 4.3.0, the first release above the range, reads entry points with importlib.metadata")),
        roots=("setuptools",)),
    # datajoint 0.14.9 caps setuptools below 82 and 0.14.10 no longer imports pkg_resources (nor declares setuptools,
    # hence roots=("setuptools",))
    "curated/datajoint-0.14.4-0.14.8-setuptools-82": Proof(
        check=DATAJOINT_CHECK, signature="pkg_resources",
        stacks=(Stack({"datajoint": "0.14.4", "setuptools": "82.0.0"}, "failed", "datajoint 0.14.4 with setuptools 82.0.0"),
                Stack({"datajoint": "0.14.4", "setuptools": "84.2.1"}, "failed", "datajoint 0.14.4 with setuptools 84.2.1"),
                Stack({"datajoint": "0.14.8", "setuptools": "82.0.0"}, "failed", "datajoint 0.14.8 with setuptools 82.0.0"),
                Stack({"datajoint": "0.14.8", "setuptools": "84.2.1"}, "failed", "datajoint 0.14.8 with setuptools 84.2.1"),
                Stack({"datajoint": "0.14.4", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"datajoint": "0.14.8", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"datajoint": "0.14.10", "setuptools": "84.2.1"}, "passed",
                      "datajoint 0.14.10 no longer imports pkg_resources (0.14.9 caps setuptools below 82)")),
        roots=("setuptools",)),
    # pygom 0.1.10 no longer imports pkg_resources (nor declares setuptools, hence roots=("setuptools",))
    "curated/pygom-0.1.8-setuptools-82": Proof(
        check=PYGOM_CHECK, signature="pkg_resources",
        stacks=(Stack({"pygom": "0.1.8", "setuptools": "82.0.0"}, "failed", "pygom 0.1.8 with setuptools 82.0.0"),
                Stack({"pygom": "0.1.8", "setuptools": "84.2.1"}, "failed", "pygom 0.1.8 with setuptools 84.2.1"),
                Stack({"pygom": "0.1.8", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pygom": "0.1.10", "setuptools": "84.2.1"}, "passed",
                      "pygom 0.1.10, the next release, no longer imports pkg_resources")),
        roots=("setuptools",)),
    # sacred declares no setuptools: the proof adds it as a root
    "curated/sacred-0.8.2-0.8.7-setuptools-82": Proof(
        check=SACRED_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"sacred": "0.8.2", "setuptools": "82.0.0"}, "failed", "sacred 0.8.2 with setuptools 82.0.0"),
                Stack({"sacred": "0.8.2", "setuptools": "84.2.1"}, "failed", "sacred 0.8.2 with setuptools 84.2.1"),
                Stack({"sacred": "0.8.7", "setuptools": "82.0.0"}, "failed", "sacred 0.8.7 with setuptools 82.0.0"),
                Stack({"sacred": "0.8.7", "setuptools": "84.2.1"}, "failed", "sacred 0.8.7 with setuptools 84.2.1"),
                Stack({"sacred": "0.8.2", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                # no later release exists
                Stack({"sacred": "0.8.7", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"))),
    # flake8-logging-format declares neither flake8 nor setuptools: the proof adds both as roots
    "curated/flake8-logging-format-0.9-2024.24.12-setuptools-82": Proof(
        check=FLAKE8_LOGGING_FORMAT_CHECK, signature="pkg_resources", roots=("flake8", "setuptools"),
        stacks=(Stack({"flake8-logging-format": "0.9.0", "setuptools": "82.0.0", "flake8": "7.5.0"}, "failed",
                      "flake8-logging-format 0.9.0 with setuptools 82.0.0"),
                Stack({"flake8-logging-format": "0.9.0", "setuptools": "84.2.1", "flake8": "7.5.0"}, "failed",
                      "flake8-logging-format 0.9.0 with setuptools 84.2.1"),
                Stack({"flake8-logging-format": "2024.24.12", "setuptools": "82.0.0", "flake8": "7.5.0"}, "failed",
                      "flake8-logging-format 2024.24.12 with setuptools 82.0.0"),
                Stack({"flake8-logging-format": "2024.24.12", "setuptools": "84.2.1", "flake8": "7.5.0"}, "failed",
                      "flake8-logging-format 2024.24.12 with setuptools 84.2.1"),
                Stack({"flake8-logging-format": "0.9.0", "setuptools": "81.0.0", "flake8": "7.5.0"}, "passed",
                      "setuptools 81.0.0, just below 82"),
                # no later release exists
                Stack({"flake8-logging-format": "2024.24.12", "setuptools": "81.0.0", "flake8": "7.5.0"}, "passed",
                      "setuptools 81.0.0, just below 82"))),
    # zemberek-python declares no setuptools: the proof adds it as a root
    "curated/zemberek-python-0.1-0.2.3-setuptools-82": Proof(
        check=ZEMBEREK_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"zemberek-python": "0.1.0", "setuptools": "82.0.0", **ZEMBEREK_PINS}, "failed",
                      "zemberek-python 0.1.0 with setuptools 82.0.0"),
                Stack({"zemberek-python": "0.1.0", "setuptools": "84.2.1", **ZEMBEREK_PINS}, "failed",
                      "zemberek-python 0.1.0 with setuptools 84.2.1"),
                Stack({"zemberek-python": "0.2.3", "setuptools": "82.0.0", **ZEMBEREK_PINS}, "failed",
                      "zemberek-python 0.2.3 with setuptools 82.0.0"),
                Stack({"zemberek-python": "0.2.3", "setuptools": "84.2.1", **ZEMBEREK_PINS}, "failed",
                      "zemberek-python 0.2.3 with setuptools 84.2.1"),
                Stack({"zemberek-python": "0.1.0", "setuptools": "81.0.0", **ZEMBEREK_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                # no later release exists
                Stack({"zemberek-python": "0.2.3", "setuptools": "81.0.0", **ZEMBEREK_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"))),
    # razorpay declares no setuptools: the proof adds it as a root
    "curated/razorpay-1.2-1.4.2-setuptools-82": Proof(
        check=RAZORPAY_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"razorpay": "1.2.0", "setuptools": "82.0.0"}, "failed", "razorpay 1.2.0 with setuptools 82.0.0"),
                Stack({"razorpay": "1.2.0", "setuptools": "84.2.1"}, "failed", "razorpay 1.2.0 with setuptools 84.2.1"),
                Stack({"razorpay": "1.4.2", "setuptools": "82.0.0"}, "failed", "razorpay 1.4.2 with setuptools 82.0.0"),
                Stack({"razorpay": "1.4.2", "setuptools": "84.2.1"}, "failed", "razorpay 1.4.2 with setuptools 84.2.1"),
                Stack({"razorpay": "1.2.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"razorpay": "1.4.2", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"razorpay": "2.0.0", "setuptools": "84.2.1"}, "passed",
                      "razorpay 2.0.0, the first release above the range, reads its version with importlib.metadata"))),
    "curated/conda-project-0.4.1-0.5.4-setuptools-82": Proof(
        check=CONDA_PROJECT_CHECK, signature="pkg_resources",
        stacks=(Stack({"conda-project": "0.4.1", "setuptools": "82.0.0", **CONDA_PROJECT_PINS}, "failed",
                      "conda-project 0.4.1 with setuptools 82.0.0"),
                Stack({"conda-project": "0.4.1", "setuptools": "84.2.1", **CONDA_PROJECT_PINS}, "failed",
                      "conda-project 0.4.1 with setuptools 84.2.1"),
                Stack({"conda-project": "0.5.4", "setuptools": "82.0.0", **CONDA_PROJECT_PINS}, "failed",
                      "conda-project 0.5.4 with setuptools 82.0.0"),
                Stack({"conda-project": "0.5.4", "setuptools": "84.2.1", **CONDA_PROJECT_PINS}, "failed",
                      "conda-project 0.5.4 with setuptools 84.2.1"),
                Stack({"conda-project": "0.4.1", "setuptools": "81.0.0", **CONDA_PROJECT_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                # no later release exists
                Stack({"conda-project": "0.5.4", "setuptools": "81.0.0", **CONDA_PROJECT_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"))),
    # pip-autoremove 0.9.1 declares no setuptools (0.10.0 does): the proof adds it as a root
    "curated/pip-autoremove-0.9.1-0.10.0-setuptools-82": Proof(
        check=PIP_AUTOREMOVE_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"pip-autoremove": "0.9.1", "setuptools": "82.0.0"}, "failed", "pip-autoremove 0.9.1 with setuptools 82.0.0"),
                Stack({"pip-autoremove": "0.9.1", "setuptools": "84.2.1"}, "failed", "pip-autoremove 0.9.1 with setuptools 84.2.1"),
                Stack({"pip-autoremove": "0.10.0", "setuptools": "82.0.0"}, "failed", "pip-autoremove 0.10.0 with setuptools 82.0.0"),
                Stack({"pip-autoremove": "0.10.0", "setuptools": "84.2.1"}, "failed", "pip-autoremove 0.10.0 with setuptools 84.2.1"),
                Stack({"pip-autoremove": "0.9.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                # no later release exists
                Stack({"pip-autoremove": "0.10.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"))),
    # shodan declares no setuptools: the proof adds it as a root; its releases here are source distributions
    "curated/shodan-1.25-1.31-setuptools-82": Proof(
        check=SHODAN_CLI_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"shodan": "1.25.0", "setuptools": "82.0.0"}, "failed", "shodan 1.25.0 with setuptools 82.0.0"),
                Stack({"shodan": "1.25.0", "setuptools": "84.2.1"}, "failed", "shodan 1.25.0 with setuptools 84.2.1"),
                Stack({"shodan": "1.31.0", "setuptools": "82.0.0"}, "failed", "shodan 1.31.0 with setuptools 82.0.0"),
                Stack({"shodan": "1.31.0", "setuptools": "84.2.1"}, "failed", "shodan 1.31.0 with setuptools 84.2.1"),
                Stack({"shodan": "1.25.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                # no later release exists
                Stack({"shodan": "1.31.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"))),
    # google-api-core 2.5.0 to 2.7.1 and 2.7.2 do not declare setuptools (2.0.0 to 2.4.0 do): the proof adds it as a root
    "curated/google-api-core-2.0-2.7.1-setuptools-82": Proof(
        check=GOOGLE_API_CORE_CLIENT_INFO_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"google-api-core": "2.0.0", "setuptools": "82.0.0"}, "failed", "google-api-core 2.0.0 with setuptools 82.0.0"),
                Stack({"google-api-core": "2.0.0", "setuptools": "84.2.1"}, "failed", "google-api-core 2.0.0 with setuptools 84.2.1"),
                Stack({"google-api-core": "2.7.1", "setuptools": "82.0.0"}, "failed", "google-api-core 2.7.1 with setuptools 82.0.0"),
                Stack({"google-api-core": "2.7.1", "setuptools": "84.2.1"}, "failed", "google-api-core 2.7.1 with setuptools 84.2.1"),
                Stack({"google-api-core": "2.0.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"google-api-core": "2.7.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"google-api-core": "2.7.2", "setuptools": "84.2.1"}, "passed",
                      "google-api-core 2.7.2, the first release above the range, no longer imports pkg_resources"))),
    # google-api-core 1.33.0 no longer imports pkg_resources (nor declares setuptools, hence roots=("setuptools",))
    "curated/google-api-core-1.16-1.32-setuptools-82": Proof(
        check=GOOGLE_API_CORE_CLIENT_INFO_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"google-api-core": "1.16.0", "setuptools": "82.0.0"}, "failed", "google-api-core 1.16.0 with setuptools 82.0.0"),
                Stack({"google-api-core": "1.16.0", "setuptools": "84.2.1"}, "failed", "google-api-core 1.16.0 with setuptools 84.2.1"),
                Stack({"google-api-core": "1.32.0", "setuptools": "82.0.0"}, "failed", "google-api-core 1.32.0 with setuptools 82.0.0"),
                Stack({"google-api-core": "1.32.0", "setuptools": "84.2.1"}, "failed", "google-api-core 1.32.0 with setuptools 84.2.1"),
                Stack({"google-api-core": "1.16.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"google-api-core": "1.32.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"google-api-core": "1.33.0", "setuptools": "84.2.1"}, "passed",
                      "google-api-core 1.33.0, the next 1.x release, no longer imports pkg_resources"))),
    # google-cloud-storage declares no setuptools: the proof adds it as a root
    "curated/google-cloud-storage-1.44-2.2.1-setuptools-82": Proof(
        check=GOOGLE_CLOUD_STORAGE_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"google-cloud-storage": "1.44.0", "setuptools": "82.0.0", **GOOGLE_CLOUD_STORAGE_PINS}, "failed",
                      "google-cloud-storage 1.44.0 with setuptools 82.0.0"),
                Stack({"google-cloud-storage": "1.44.0", "setuptools": "84.2.1", **GOOGLE_CLOUD_STORAGE_PINS}, "failed",
                      "google-cloud-storage 1.44.0 with setuptools 84.2.1"),
                Stack({"google-cloud-storage": "2.2.1", "setuptools": "82.0.0", **GOOGLE_CLOUD_STORAGE_PINS}, "failed",
                      "google-cloud-storage 2.2.1 with setuptools 82.0.0"),
                Stack({"google-cloud-storage": "2.2.1", "setuptools": "84.2.1", **GOOGLE_CLOUD_STORAGE_PINS}, "failed",
                      "google-cloud-storage 2.2.1 with setuptools 84.2.1"),
                Stack({"google-cloud-storage": "1.44.0", "setuptools": "81.0.0", **GOOGLE_CLOUD_STORAGE_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"google-cloud-storage": "2.2.1", "setuptools": "81.0.0", **GOOGLE_CLOUD_STORAGE_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"google-cloud-storage": "2.3.0", "setuptools": "84.2.1", **GOOGLE_CLOUD_STORAGE_PINS}, "passed",
                      "google-cloud-storage 2.3.0, the first release above the range, no longer imports pkg_resources"))),
    "curated/tensorboard-2.17.1-2.20-setuptools-82": Proof(
        check=TENSORBOARD_CLI_CHECK, signature="pkg_resources",
        stacks=(Stack({"tensorboard": "2.17.1", "setuptools": "82.0.0"}, "failed", "tensorboard 2.17.1 with setuptools 82.0.0"),
                Stack({"tensorboard": "2.17.1", "setuptools": "84.2.1"}, "failed", "tensorboard 2.17.1 with setuptools 84.2.1"),
                Stack({"tensorboard": "2.20.0", "setuptools": "82.0.0"}, "failed", "tensorboard 2.20.0 with setuptools 82.0.0"),
                Stack({"tensorboard": "2.20.0", "setuptools": "84.2.1"}, "failed", "tensorboard 2.20.0 with setuptools 84.2.1"),
                Stack({"tensorboard": "2.17.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"tensorboard": "2.20.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"tensorboard": "2.21.0", "setuptools": "84.2.1"}, "passed",
                      "tensorboard 2.21.0, the first release above the range, no longer imports pkg_resources"))),
    # 0.48b0 imports opentelemetry.semconv without declaring it, hence the root and its pin there; 0.49b0 no longer
    # declares setuptools
    "curated/opentelemetry-instrumentation-0.36b0-0.48b0-setuptools-82": Proof(
        check=OTEL_INSTRUMENTOR_CHECK, signature="pkg_resources", roots=("opentelemetry-semantic-conventions", "setuptools"),
        stacks=(Stack({"opentelemetry-instrumentation": "0.36b0", "setuptools": "82.0.0"}, "failed",
                      "opentelemetry-instrumentation 0.36b0 with setuptools 82.0.0"),
                Stack({"opentelemetry-instrumentation": "0.36b0", "setuptools": "84.2.1"}, "failed",
                      "opentelemetry-instrumentation 0.36b0 with setuptools 84.2.1"),
                Stack({"opentelemetry-instrumentation": "0.48b0", "setuptools": "82.0.0",
                       "opentelemetry-semantic-conventions": "0.48b0"}, "failed",
                      "opentelemetry-instrumentation 0.48b0 with setuptools 82.0.0"),
                Stack({"opentelemetry-instrumentation": "0.48b0", "setuptools": "84.2.1",
                       "opentelemetry-semantic-conventions": "0.48b0"}, "failed",
                      "opentelemetry-instrumentation 0.48b0 with setuptools 84.2.1"),
                Stack({"opentelemetry-instrumentation": "0.36b0", "setuptools": "81.0.0"}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"opentelemetry-instrumentation": "0.48b0", "setuptools": "81.0.0",
                       "opentelemetry-semantic-conventions": "0.48b0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"opentelemetry-instrumentation": "0.49b0", "setuptools": "84.2.1"}, "passed",
                      "opentelemetry-instrumentation 0.49b0, the first release above the range, no longer imports pkg_resources"))),
    "curated/astropy-6.1-7.1-numpy-2.4": Proof(
        check=ASTROPY_UNITS_CHECK, signature="no attribute 'in1d'",
        stacks=(Stack({"astropy": "6.1.0", "numpy": "2.4.0", **ASTROPY_PINS}, "failed", "astropy 6.1.0 with numpy 2.4.0"),
                Stack({"astropy": "6.1.0", "numpy": "2.4.6", **ASTROPY_PINS}, "failed", "astropy 6.1.0 with numpy 2.4.6"),
                Stack({"astropy": "7.1.1", "numpy": "2.4.0", **ASTROPY_PINS}, "failed", "astropy 7.1.1 with numpy 2.4.0"),
                Stack({"astropy": "7.1.1", "numpy": "2.4.6", **ASTROPY_PINS}, "failed", "astropy 7.1.1 with numpy 2.4.6"),
                Stack({"astropy": "6.1.0", "numpy": "2.3.5", **ASTROPY_PINS}, "passed", "astropy 6.1.0 with numpy 2.3.5, just below 2.4"),
                Stack({"astropy": "7.1.1", "numpy": "2.3.5", **ASTROPY_PINS}, "passed", "astropy 7.1.1 with numpy 2.3.5, just below 2.4"),
                Stack({"astropy": "7.2.0", "numpy": "2.4.0", **ASTROPY_PINS}, "passed", "astropy 7.2.0, just above the range"),
                Stack({"astropy": "7.2.0", "numpy": "2.4.6", **ASTROPY_PINS}, "passed", "astropy 7.2.0 with numpy 2.4.6")),
        wheels=(("astropy", "6.1.0"), ("astropy", "7.1.1"))),
    "curated/neurokit2-0.1.4-0.2.12-numpy-2.4": Proof(
        check=NEUROKIT2_HRV_CHECK, signature="no attribute 'trapz'",
        stacks=(Stack({"neurokit2": "0.1.4.1", "numpy": "2.4.0", **NEUROKIT2_PINS}, "failed", "neurokit2 0.1.4.1 with numpy 2.4.0"),
                Stack({"neurokit2": "0.1.4.1", "numpy": "2.4.6", **NEUROKIT2_PINS}, "failed", "neurokit2 0.1.4.1 with numpy 2.4.6"),
                Stack({"neurokit2": "0.2.12", "numpy": "2.4.0", **NEUROKIT2_PINS}, "failed", "neurokit2 0.2.12 with numpy 2.4.0"),
                Stack({"neurokit2": "0.2.12", "numpy": "2.4.6", **NEUROKIT2_PINS}, "failed", "neurokit2 0.2.12 with numpy 2.4.6"),
                Stack({"neurokit2": "0.1.4.1", "numpy": "2.3.5", **NEUROKIT2_PINS}, "passed",
                      "neurokit2 0.1.4.1 with numpy 2.3.5, just below 2.4"),
                Stack({"neurokit2": "0.2.12", "numpy": "2.3.5", **NEUROKIT2_PINS}, "passed",
                      "neurokit2 0.2.12 with numpy 2.3.5, just below 2.4"),
                Stack({"neurokit2": "0.2.13", "numpy": "2.4.0", **NEUROKIT2_PINS}, "passed", "neurokit2 0.2.13, just above the range"),
                Stack({"neurokit2": "0.2.13", "numpy": "2.4.6", **NEUROKIT2_PINS}, "passed", "neurokit2 0.2.13 with numpy 2.4.6"))),
    "curated/tno-quantum-communication-qkd-key-rate-2.0.0-2.0.3-numpy-2.4": Proof(
        check=QKD_KEY_RATE_CHECK, signature="arrays can be converted to Python scalars",
        stacks=(Stack({"tno-quantum-communication-qkd-key-rate": "2.0.0", "numpy": "2.4.0", **QKD_KEY_RATE_PINS}, "failed",
                      "qkd_key_rate 2.0.0 with numpy 2.4.0"),
                Stack({"tno-quantum-communication-qkd-key-rate": "2.0.0", "numpy": "2.4.6", **QKD_KEY_RATE_PINS}, "failed",
                      "qkd_key_rate 2.0.0 with numpy 2.4.6"),
                Stack({"tno-quantum-communication-qkd-key-rate": "2.0.3", "numpy": "2.4.0", **QKD_KEY_RATE_PINS}, "failed",
                      "qkd_key_rate 2.0.3 with numpy 2.4.0"),
                Stack({"tno-quantum-communication-qkd-key-rate": "2.0.3", "numpy": "2.4.6", **QKD_KEY_RATE_PINS}, "failed",
                      "qkd_key_rate 2.0.3 with numpy 2.4.6"),
                Stack({"tno-quantum-communication-qkd-key-rate": "2.0.0", "numpy": "2.3.5", **QKD_KEY_RATE_PINS}, "passed",
                      "qkd_key_rate 2.0.0 with numpy 2.3.5, just below 2.4"),
                Stack({"tno-quantum-communication-qkd-key-rate": "2.0.3", "numpy": "2.3.5", **QKD_KEY_RATE_PINS}, "passed",
                      "qkd_key_rate 2.0.3 with numpy 2.3.5, just below 2.4"),
                Stack({"tno-quantum-communication-qkd-key-rate": "2.0.4", "numpy": "2.4.0", **QKD_KEY_RATE_PINS}, "passed",
                      "qkd_key_rate 2.0.4, just above the range"),
                Stack({"tno-quantum-communication-qkd-key-rate": "2.0.4", "numpy": "2.4.6", **QKD_KEY_RATE_PINS}, "passed",
                      "qkd_key_rate 2.0.4 with numpy 2.4.6"))),
    "curated/numpoly-1.3.0-1.3.8-numpy-2.4": Proof(
        check=NUMPOLY_RESHAPE_CHECK, signature="newshape",
        stacks=(Stack({"numpoly": "1.3.0", "numpy": "2.4.0"}, "failed", "numpoly 1.3.0 with numpy 2.4.0"),
                Stack({"numpoly": "1.3.0", "numpy": "2.4.6"}, "failed", "numpoly 1.3.0 with numpy 2.4.6"),
                Stack({"numpoly": "1.3.8", "numpy": "2.4.0"}, "failed", "numpoly 1.3.8 with numpy 2.4.0"),
                Stack({"numpoly": "1.3.8", "numpy": "2.4.6"}, "failed", "numpoly 1.3.8 with numpy 2.4.6"),
                Stack({"numpoly": "1.3.0", "numpy": "2.3.5"}, "passed", "numpoly 1.3.0 with numpy 2.3.5, just below 2.4"),
                Stack({"numpoly": "1.3.8", "numpy": "2.3.5"}, "passed", "numpoly 1.3.8 with numpy 2.3.5, just below 2.4"),
                Stack({"numpoly": "1.3.9", "numpy": "2.4.0"}, "passed", "numpoly 1.3.9, just above the range"),
                Stack({"numpoly": "1.3.9", "numpy": "2.4.6"}, "passed", "numpoly 1.3.9 with numpy 2.4.6"))),
    "curated/svbench-0.7.12-0.8.1-numpy-2.4": Proof(
        check=SVBENCH_QUANTIFY_CHECK, signature="no attribute 'in1d'",
        stacks=(Stack({"svbench": "0.7.12", "numpy": "2.4.0", **SVBENCH_PINS}, "failed", "svbench 0.7.12 with numpy 2.4.0"),
                Stack({"svbench": "0.7.12", "numpy": "2.4.6", **SVBENCH_PINS}, "failed", "svbench 0.7.12 with numpy 2.4.6"),
                Stack({"svbench": "0.8.1", "numpy": "2.4.0", **SVBENCH_PINS}, "failed", "svbench 0.8.1 with numpy 2.4.0"),
                Stack({"svbench": "0.8.1", "numpy": "2.4.6", **SVBENCH_PINS}, "failed", "svbench 0.8.1 with numpy 2.4.6"),
                Stack({"svbench": "0.7.12", "numpy": "2.3.5", **SVBENCH_PINS}, "passed", "svbench 0.7.12 with numpy 2.3.5, just below 2.4"),
                Stack({"svbench": "0.8.1", "numpy": "2.3.5", **SVBENCH_PINS}, "passed", "svbench 0.8.1 with numpy 2.3.5, just below 2.4"),
                Stack({"svbench": "0.8.2", "numpy": "2.4.0", **SVBENCH_PINS}, "passed", "svbench 0.8.2, just above the range"),
                Stack({"svbench": "0.8.2", "numpy": "2.4.6", **SVBENCH_PINS}, "passed", "svbench 0.8.2 with numpy 2.4.6"))),
    # twine 1.9.0 to 3.3.0 declare setuptools>=0.7.0; 3.4.0 reads entry points with importlib_metadata
    "curated/twine-1.9-3.3-setuptools-82": Proof(
        check=TWINE_UPLOAD_CHECK, signature="pkg_resources",
        stacks=(Stack({"twine": "1.9.0", "setuptools": "82.0.0", **TWINE_URLLIB3_PINS}, "failed", "twine 1.9.0 with setuptools 82.0.0"),
                Stack({"twine": "1.9.0", "setuptools": "84.2.1", **TWINE_URLLIB3_PINS}, "failed", "twine 1.9.0 with setuptools 84.2.1"),
                Stack({"twine": "3.3.0", "setuptools": "82.0.0", **TWINE_URLLIB3_PINS}, "failed", "twine 3.3.0 with setuptools 82.0.0"),
                Stack({"twine": "3.3.0", "setuptools": "84.2.1", **TWINE_URLLIB3_PINS}, "failed", "twine 3.3.0 with setuptools 84.2.1"),
                Stack({"twine": "1.9.0", "setuptools": "81.0.0", **TWINE_URLLIB3_PINS}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"twine": "3.3.0", "setuptools": "81.0.0", **TWINE_URLLIB3_PINS}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"twine": "3.4.0", "setuptools": "84.2.1", **TWINE_URLLIB3_PINS}, "passed",
                      "twine 3.4.0, the first release above the range, no longer imports pkg_resources")),
        roots=("setuptools",)),
    # Markdown 3.0 declares no setuptools (3.1 to 3.2.2 declare setuptools>=36): the proof adds it as a root
    "curated/markdown-3.0-3.2.1-setuptools-82": Proof(
        check=MARKDOWN_RENDER_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"markdown": "3.0", "setuptools": "82.0.0"}, "failed", "Markdown 3.0 with setuptools 82.0.0"),
                Stack({"markdown": "3.0", "setuptools": "84.2.1"}, "failed", "Markdown 3.0 with setuptools 84.2.1"),
                Stack({"markdown": "3.2.1", "setuptools": "82.0.0"}, "failed", "Markdown 3.2.1 with setuptools 82.0.0"),
                Stack({"markdown": "3.2.1", "setuptools": "84.2.1"}, "failed", "Markdown 3.2.1 with setuptools 84.2.1"),
                Stack({"markdown": "3.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"markdown": "3.2.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"markdown": "3.2.2", "setuptools": "84.2.1"}, "passed",
                      "Markdown 3.2.2, the first release above the range, loads entry points with importlib.metadata"))),
    # Cerberus 1.3.2 to 1.3.4 declare setuptools, 1.3.1 does not (source distributions here); 1.3 fails on
    # Python 3.10+ on its own (collections.MutableMapping)
    "curated/cerberus-1.3.1-1.3.4-setuptools-82": Proof(
        check=CERBERUS_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"cerberus": "1.3.1", "setuptools": "82.0.0"}, "failed", "Cerberus 1.3.1 with setuptools 82.0.0"),
                Stack({"cerberus": "1.3.1", "setuptools": "84.2.1"}, "failed", "Cerberus 1.3.1 with setuptools 84.2.1"),
                Stack({"cerberus": "1.3.4", "setuptools": "82.0.0"}, "failed", "Cerberus 1.3.4 with setuptools 82.0.0"),
                Stack({"cerberus": "1.3.4", "setuptools": "84.2.1"}, "failed", "Cerberus 1.3.4 with setuptools 84.2.1"),
                Stack({"cerberus": "1.3.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"cerberus": "1.3.4", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"cerberus": "1.3.5", "setuptools": "84.2.1"}, "passed",
                      "Cerberus 1.3.5, the first release above the range, no longer imports pkg_resources"))),
    # munch declares only six: the proof adds setuptools as a root
    "curated/munch-2.4-2.5-setuptools-82": Proof(
        check=MUNCH_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"munch": "2.4.0", "setuptools": "82.0.0"}, "failed", "munch 2.4.0 with setuptools 82.0.0"),
                Stack({"munch": "2.4.0", "setuptools": "84.2.1"}, "failed", "munch 2.4.0 with setuptools 84.2.1"),
                Stack({"munch": "2.5.0", "setuptools": "82.0.0"}, "failed", "munch 2.5.0 with setuptools 82.0.0"),
                Stack({"munch": "2.5.0", "setuptools": "84.2.1"}, "failed", "munch 2.5.0 with setuptools 84.2.1"),
                Stack({"munch": "2.4.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"munch": "2.5.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"munch": "3.0.0", "setuptools": "84.2.1"}, "passed",
                      "munch 3.0.0, the first release above the range, no longer imports pkg_resources"))),
    # pyfiglet declares nothing: the proof adds setuptools as a root
    "curated/pyfiglet-0.7-0.8.post1-setuptools-82": Proof(
        check=PYFIGLET_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"pyfiglet": "0.7", "setuptools": "82.0.0"}, "failed", "pyfiglet 0.7 with setuptools 82.0.0"),
                Stack({"pyfiglet": "0.7", "setuptools": "84.2.1"}, "failed", "pyfiglet 0.7 with setuptools 84.2.1"),
                Stack({"pyfiglet": "0.8.post1", "setuptools": "82.0.0"}, "failed", "pyfiglet 0.8.post1 with setuptools 82.0.0"),
                Stack({"pyfiglet": "0.8.post1", "setuptools": "84.2.1"}, "failed", "pyfiglet 0.8.post1 with setuptools 84.2.1"),
                Stack({"pyfiglet": "0.7", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pyfiglet": "0.8.post1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pyfiglet": "1.0.0", "setuptools": "84.2.1"}, "passed",
                      "pyfiglet 1.0.0, the first release above the range, reads its fonts with importlib.resources"))),
    # grpcio-tools 1.49.1 to 1.61.3 declare setuptools without an upper bound; 1.62.0 no longer needs pkg_resources
    "curated/grpcio-tools-1.49.1-1.61.3-setuptools-82": Proof(
        check=GRPC_TOOLS_CHECK, signature="pkg_resources",
        stacks=(Stack({"grpcio-tools": "1.49.1", "setuptools": "82.0.0", **GRPC_TOOLS_OLD_PINS}, "failed",
                      "grpcio-tools 1.49.1 with setuptools 82.0.0"),
                Stack({"grpcio-tools": "1.49.1", "setuptools": "84.2.1", **GRPC_TOOLS_OLD_PINS}, "failed",
                      "grpcio-tools 1.49.1 with setuptools 84.2.1"),
                Stack({"grpcio-tools": "1.61.3", "setuptools": "82.0.0", **GRPC_TOOLS_OLD_PINS}, "failed",
                      "grpcio-tools 1.61.3 with setuptools 82.0.0"),
                Stack({"grpcio-tools": "1.61.3", "setuptools": "84.2.1", **GRPC_TOOLS_OLD_PINS}, "failed",
                      "grpcio-tools 1.61.3 with setuptools 84.2.1"),
                Stack({"grpcio-tools": "1.49.1", "setuptools": "81.0.0", **GRPC_TOOLS_OLD_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"grpcio-tools": "1.61.3", "setuptools": "81.0.0", **GRPC_TOOLS_OLD_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"grpcio-tools": "1.62.0", "setuptools": "84.2.1", **GRPC_TOOLS_OLD_PINS}, "passed",
                      "grpcio-tools 1.62.0, the first release above the range, locates its protos without pkg_resources"))),
    # Pint 0.9 declares nothing (0.10 to 0.15 declare setuptools): the proof adds it as a root
    "curated/pint-0.9-0.15-setuptools-82": Proof(
        check=PINT_CONVERT_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"pint": "0.9", "setuptools": "82.0.0"}, "failed", "pint 0.9 with setuptools 82.0.0"),
                Stack({"pint": "0.9", "setuptools": "84.2.1"}, "failed", "pint 0.9 with setuptools 84.2.1"),
                Stack({"pint": "0.15", "setuptools": "82.0.0"}, "failed", "pint 0.15 with setuptools 82.0.0"),
                Stack({"pint": "0.15", "setuptools": "84.2.1"}, "failed", "pint 0.15 with setuptools 84.2.1"),
                Stack({"pint": "0.9", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pint": "0.15", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pint": "0.16", "setuptools": "84.2.1"}, "passed",
                      "Pint 0.16, the first release above the range, reads its definitions with importlib.resources"))),
    # humanize 1.0.0 declares nothing (3.11.0 declares setuptools): the proof adds it as a root
    "curated/humanize-1.0-3.11-setuptools-82": Proof(
        check=HUMANIZE_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"humanize": "1.0.0", "setuptools": "82.0.0"}, "failed", "humanize 1.0.0 with setuptools 82.0.0"),
                Stack({"humanize": "1.0.0", "setuptools": "84.2.1"}, "failed", "humanize 1.0.0 with setuptools 84.2.1"),
                Stack({"humanize": "3.11.0", "setuptools": "82.0.0"}, "failed", "humanize 3.11.0 with setuptools 82.0.0"),
                Stack({"humanize": "3.11.0", "setuptools": "84.2.1"}, "failed", "humanize 3.11.0 with setuptools 84.2.1"),
                Stack({"humanize": "1.0.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"humanize": "3.11.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"humanize": "3.12.0", "setuptools": "84.2.1"}, "passed",
                      "humanize 3.12.0, the first release above the range, reads its version with importlib.metadata"))),
    # textstat 0.7.0 declares only pyphen (0.7.5 declares setuptools): the proof adds it as a root
    "curated/textstat-0.7.0-0.7.5-setuptools-82": Proof(
        check=TEXTSTAT_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"textstat": "0.7.0", "setuptools": "82.0.0"}, "failed", "textstat 0.7.0 with setuptools 82.0.0"),
                Stack({"textstat": "0.7.0", "setuptools": "84.2.1"}, "failed", "textstat 0.7.0 with setuptools 84.2.1"),
                Stack({"textstat": "0.7.5", "setuptools": "82.0.0"}, "failed", "textstat 0.7.5 with setuptools 82.0.0"),
                Stack({"textstat": "0.7.5", "setuptools": "84.2.1"}, "failed", "textstat 0.7.5 with setuptools 84.2.1"),
                Stack({"textstat": "0.7.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"textstat": "0.7.5", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"textstat": "0.7.7", "setuptools": "84.2.1"}, "passed",
                      "textstat 0.7.7 no longer imports pkg_resources (0.7.6 is missing a module and fails on its own)"))),
    # PasteDeploy 1.5.2 declares nothing (2.1.1 declares setuptools): the proof adds it as a root
    "curated/pastedeploy-1.5.2-2.1.1-setuptools-82": Proof(
        check=PASTEDEPLOY_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"pastedeploy": "1.5.2", "setuptools": "82.0.0"}, "failed", "pastedeploy 1.5.2 with setuptools 82.0.0"),
                Stack({"pastedeploy": "1.5.2", "setuptools": "84.2.1"}, "failed", "pastedeploy 1.5.2 with setuptools 84.2.1"),
                Stack({"pastedeploy": "2.1.1", "setuptools": "82.0.0"}, "failed", "pastedeploy 2.1.1 with setuptools 82.0.0"),
                Stack({"pastedeploy": "2.1.1", "setuptools": "84.2.1"}, "failed", "pastedeploy 2.1.1 with setuptools 84.2.1"),
                Stack({"pastedeploy": "1.5.2", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pastedeploy": "2.1.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pastedeploy": "3.0", "setuptools": "84.2.1"}, "passed",
                      "PasteDeploy 3.0, the first release above the range, uses importlib.metadata"))),
    # python-can 3.x declare no setuptools: the proof adds it as a root; 4.0.0 to 4.2.2 have their own rule
    "curated/python-can-3.0-3.3.4-setuptools-82": Proof(
        check=PYTHON_CAN_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"python-can": "3.0.0", "setuptools": "82.0.0"}, "failed", "python-can 3.0.0 with setuptools 82.0.0"),
                Stack({"python-can": "3.0.0", "setuptools": "84.2.1"}, "failed", "python-can 3.0.0 with setuptools 84.2.1"),
                Stack({"python-can": "3.3.4", "setuptools": "82.0.0"}, "failed", "python-can 3.3.4 with setuptools 82.0.0"),
                Stack({"python-can": "3.3.4", "setuptools": "84.2.1"}, "failed", "python-can 3.3.4 with setuptools 84.2.1"),
                Stack({"python-can": "3.0.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                # the next release, 4.0.0, is inside curated/python-can-4.0-4.2.2-setuptools-82
                Stack({"python-can": "3.3.4", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"))),
    # datajoint 0.14.0 to 0.14.3 declare no setuptools: the proof adds it as a root; 0.14.4 to 0.14.8 have their own rule
    "curated/datajoint-0.14.0-0.14.3-setuptools-82": Proof(
        check=DATAJOINT_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"datajoint": "0.14.0", "setuptools": "82.0.0"}, "failed", "datajoint 0.14.0 with setuptools 82.0.0"),
                Stack({"datajoint": "0.14.0", "setuptools": "84.2.1"}, "failed", "datajoint 0.14.0 with setuptools 84.2.1"),
                Stack({"datajoint": "0.14.3", "setuptools": "82.0.0"}, "failed", "datajoint 0.14.3 with setuptools 82.0.0"),
                Stack({"datajoint": "0.14.3", "setuptools": "84.2.1"}, "failed", "datajoint 0.14.3 with setuptools 84.2.1"),
                Stack({"datajoint": "0.14.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                # the next release, 0.14.4, is inside curated/datajoint-0.14.4-0.14.8-setuptools-82
                Stack({"datajoint": "0.14.3", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"))),
    # limits 2.1.0 declares no setuptools (2.8.0 and 3.2.0 do): the proof adds it as a root
    "curated/limits-2.1-3.2-setuptools-82": Proof(
        check=LIMITS_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"limits": "2.1.0", "setuptools": "82.0.0"}, "failed", "limits 2.1.0 with setuptools 82.0.0"),
                Stack({"limits": "2.1.0", "setuptools": "84.2.1"}, "failed", "limits 2.1.0 with setuptools 84.2.1"),
                Stack({"limits": "3.2.0", "setuptools": "82.0.0"}, "failed", "limits 3.2.0 with setuptools 82.0.0"),
                Stack({"limits": "3.2.0", "setuptools": "84.2.1"}, "failed", "limits 3.2.0 with setuptools 84.2.1"),
                Stack({"limits": "2.1.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"limits": "3.2.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"limits": "2.0.3", "setuptools": "84.2.1"}, "passed",
                      "limits 2.0.3, the release below the range, does not import pkg_resources"),
                Stack({"limits": "3.3.0", "setuptools": "84.2.1"}, "passed",
                      "limits 3.3.0, the first release above the range, no longer imports pkg_resources"))),
    # pyfaidx 0.6.3 to 0.7.2.1 declare setuptools except 0.7.2: the proof adds it as a root
    "curated/pyfaidx-0.6.3-0.7.2.1-setuptools-82": Proof(
        check=PYFAIDX_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"pyfaidx": "0.6.3", "setuptools": "82.0.0"}, "failed", "pyfaidx 0.6.3 with setuptools 82.0.0"),
                Stack({"pyfaidx": "0.6.3", "setuptools": "84.2.1"}, "failed", "pyfaidx 0.6.3 with setuptools 84.2.1"),
                Stack({"pyfaidx": "0.7.2.1", "setuptools": "82.0.0"}, "failed", "pyfaidx 0.7.2.1 with setuptools 82.0.0"),
                Stack({"pyfaidx": "0.7.2.1", "setuptools": "84.2.1"}, "failed", "pyfaidx 0.7.2.1 with setuptools 84.2.1"),
                Stack({"pyfaidx": "0.6.3", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pyfaidx": "0.7.2.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pyfaidx": "0.6.2", "setuptools": "84.2.1"}, "passed",
                      "pyfaidx 0.6.2, the release below the range, does not import pkg_resources"),
                Stack({"pyfaidx": "0.7.2.2", "setuptools": "84.2.1"}, "passed",
                      "pyfaidx 0.7.2.2, the first release above the range, reads its version with importlib.metadata"))),
    # pecan 1.5.1 to 1.8.0 declare setuptools without an upper bound
    "curated/pecan-1.5.1-1.7-setuptools-82": Proof(
        check=PECAN_CREATE_CHECK, signature="pkg_resources",
        stacks=(Stack({"pecan": "1.5.1", "setuptools": "82.0.0"}, "failed", "pecan 1.5.1 with setuptools 82.0.0"),
                Stack({"pecan": "1.5.1", "setuptools": "84.2.1"}, "failed", "pecan 1.5.1 with setuptools 84.2.1"),
                Stack({"pecan": "1.7.0", "setuptools": "82.0.0"}, "failed", "pecan 1.7.0 with setuptools 82.0.0"),
                Stack({"pecan": "1.7.0", "setuptools": "84.2.1"}, "failed", "pecan 1.7.0 with setuptools 84.2.1"),
                Stack({"pecan": "1.5.1", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pecan": "1.7.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"pecan": "1.8.0", "setuptools": "84.2.1"}, "passed",
                      "pecan 1.8.0, the first release above the range, finds its commands with importlib.metadata"))),
    # m2r2 declares no setuptools: the proof adds it as a root; 0.3.3.post2 and 0.3.4 pin mistune 0.8.4 themselves
    "curated/m2r2-0.2.4-0.3.3.post2-setuptools-82": Proof(
        check=M2R2_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"m2r2": "0.2.4", "setuptools": "82.0.0", **M2R2_OLD_PINS}, "failed", "m2r2 0.2.4 with setuptools 82.0.0"),
                Stack({"m2r2": "0.2.4", "setuptools": "84.2.1", **M2R2_OLD_PINS}, "failed", "m2r2 0.2.4 with setuptools 84.2.1"),
                Stack({"m2r2": "0.3.3.post2", "setuptools": "82.0.0"}, "failed", "m2r2 0.3.3.post2 with setuptools 82.0.0"),
                Stack({"m2r2": "0.3.3.post2", "setuptools": "84.2.1"}, "failed", "m2r2 0.3.3.post2 with setuptools 84.2.1"),
                Stack({"m2r2": "0.2.4", "setuptools": "81.0.0", **M2R2_OLD_PINS}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"m2r2": "0.3.3.post2", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"m2r2": "0.3.4", "setuptools": "84.2.1"}, "passed",
                      "m2r2 0.3.4, the first release above the range, falls back to importlib.metadata"))),
    "curated/requests-unixsocket-0.1-0.3-requests-2.32": Proof(
        check=REQUESTS_UNIXSOCKET_CHECK, signature="Not supported URL scheme http+unix",
        stacks=(Stack({"requests-unixsocket": "0.1.0", "requests": "2.32.2", **REQUESTS_UNIXSOCKET_PINS}, "failed",
                      "requests-unixsocket 0.1.0 with requests 2.32.2 (2.32.0 and 2.32.1 are yanked)"),
                Stack({"requests-unixsocket": "0.1.0", "requests": "2.34.2", **REQUESTS_UNIXSOCKET_PINS}, "failed",
                      "requests-unixsocket 0.1.0 with requests 2.34.2"),
                Stack({"requests-unixsocket": "0.3.0", "requests": "2.32.2", **REQUESTS_UNIXSOCKET_PINS}, "failed",
                      "requests-unixsocket 0.3.0 with requests 2.32.2"),
                Stack({"requests-unixsocket": "0.3.0", "requests": "2.34.2", **REQUESTS_UNIXSOCKET_PINS}, "failed",
                      "requests-unixsocket 0.3.0 with requests 2.34.2"),
                Stack({"requests-unixsocket": "0.1.0", "requests": "2.31.0", **REQUESTS_UNIXSOCKET_PINS}, "passed",
                      "requests 2.31.0, just below 2.32"),
                Stack({"requests-unixsocket": "0.3.0", "requests": "2.31.0", **REQUESTS_UNIXSOCKET_PINS}, "passed",
                      "requests 2.31.0, just below 2.32"),
                Stack({"requests-unixsocket": "0.4.0", "requests": "2.32.2", **REQUESTS_UNIXSOCKET_PINS}, "passed",
                      "requests-unixsocket 0.4.0, just above the range"),
                Stack({"requests-unixsocket": "0.4.0", "requests": "2.34.2", **REQUESTS_UNIXSOCKET_PINS}, "passed",
                      "requests-unixsocket 0.4.0 with requests 2.34.2"))),
    "curated/flask-swagger-0.2.7-0.2.13-pyyaml-6": Proof(
        check=FLASK_SWAGGER_CHECK, signature="required positional argument: 'Loader'",
        stacks=(Stack({"flask-swagger": "0.2.7", "pyyaml": "6.0", **FLASK22_PINS}, "failed", "flask-swagger 0.2.7 with PyYAML 6.0"),
                Stack({"flask-swagger": "0.2.7", "pyyaml": "6.0.4", **FLASK22_PINS}, "failed", "flask-swagger 0.2.7 with PyYAML 6.0.4"),
                Stack({"flask-swagger": "0.2.13", "pyyaml": "6.0", **FLASK22_PINS}, "failed", "flask-swagger 0.2.13 with PyYAML 6.0"),
                Stack({"flask-swagger": "0.2.13", "pyyaml": "6.0.4", **FLASK22_PINS}, "failed", "flask-swagger 0.2.13 with PyYAML 6.0.4"),
                Stack({"flask-swagger": "0.2.7", "pyyaml": "5.3.1", **FLASK22_PINS}, "passed", "flask-swagger 0.2.7 with PyYAML 5.3.1"),
                Stack({"flask-swagger": "0.2.13", "pyyaml": "5.3.1", **FLASK22_PINS}, "passed", "flask-swagger 0.2.13 with PyYAML 5.3.1"),
                Stack({"flask-swagger": "0.2.14", "pyyaml": "6.0", **FLASK22_PINS}, "passed", "flask-swagger 0.2.14, just above the range"),
                Stack({"flask-swagger": "0.2.14", "pyyaml": "6.0.4", **FLASK22_PINS}, "passed", "flask-swagger 0.2.14 with PyYAML 6.0.4"))),
    # flasgger 0.6.0 imports six without declaring it
    "curated/flasgger-0.6-0.9.2-pyyaml-6": Proof(
        check=FLASGGER_YAML_CHECK, signature="required positional argument: 'Loader'", roots=("six",),
        stacks=(Stack({"flasgger": "0.6.0", "pyyaml": "6.0", **FLASK22_PINS}, "failed", "flasgger 0.6.0 with PyYAML 6.0"),
                Stack({"flasgger": "0.6.0", "pyyaml": "6.0.4", **FLASK22_PINS}, "failed", "flasgger 0.6.0 with PyYAML 6.0.4"),
                Stack({"flasgger": "0.9.2", "pyyaml": "6.0", **FLASK22_PINS}, "failed", "flasgger 0.9.2 with PyYAML 6.0"),
                Stack({"flasgger": "0.9.2", "pyyaml": "6.0.4", **FLASK22_PINS}, "failed", "flasgger 0.9.2 with PyYAML 6.0.4"),
                Stack({"flasgger": "0.6.0", "pyyaml": "5.3.1", **FLASK22_PINS}, "passed", "flasgger 0.6.0 with PyYAML 5.3.1"),
                Stack({"flasgger": "0.9.2", "pyyaml": "5.3.1", **FLASK22_PINS}, "passed", "flasgger 0.9.2 with PyYAML 5.3.1"),
                Stack({"flasgger": "0.9.3", "pyyaml": "6.0", **FLASK22_PINS}, "passed", "flasgger 0.9.3, just above the range"),
                Stack({"flasgger": "0.9.3", "pyyaml": "6.0.4", **FLASK22_PINS}, "passed", "flasgger 0.9.3 with PyYAML 6.0.4"))),
    "curated/chatblade-0.1-0.3.1-openai-1": Proof(
        check=CHATBLADE_CHECK, signature="No module named 'openai.error'",
        stacks=(Stack({"chatblade": "0.1.0", "openai": "1.0.0"}, "failed", "chatblade 0.1.0 with openai 1.0.0"),
                Stack({"chatblade": "0.1.0", "openai": "3.60.0"}, "failed", "chatblade 0.1.0 with openai 3.60.0"),
                Stack({"chatblade": "0.3.1", "openai": "1.0.0"}, "failed", "chatblade 0.3.1 with openai 1.0.0"),
                Stack({"chatblade": "0.3.1", "openai": "3.60.0"}, "failed", "chatblade 0.3.1 with openai 3.60.0"),
                Stack({"chatblade": "0.1.0", "openai": "0.28.1"}, "passed", "chatblade 0.1.0 with openai 0.28.1, just below 1.0"),
                Stack({"chatblade": "0.3.1", "openai": "0.28.1"}, "passed", "chatblade 0.3.1 with openai 0.28.1, just below 1.0"),
                Stack({"chatblade": "0.3.2", "openai": "1.0.0"}, "passed", "chatblade 0.3.2, just above the range"),
                Stack({"chatblade": "0.3.2", "openai": "3.60.0"}, "passed", "chatblade 0.3.2 with openai 3.60.0"))),
    "curated/aiohttp-swagger-1.0.0-1.0.2-pyyaml-6": Proof(
        check=AIOHTTP_SWAGGER_CHECK, signature="required positional argument: 'Loader'",
        stacks=(Stack({"aiohttp-swagger": "1.0.0", "pyyaml": "6.0", **AIOHTTP_SWAGGER_PINS}, "failed", "aiohttp-swagger 1.0.0 with PyYAML 6.0"),
                Stack({"aiohttp-swagger": "1.0.0", "pyyaml": "6.0.4", **AIOHTTP_SWAGGER_PINS}, "failed", "aiohttp-swagger 1.0.0 with PyYAML 6.0.4"),
                Stack({"aiohttp-swagger": "1.0.2", "pyyaml": "6.0", **AIOHTTP_SWAGGER_PINS}, "failed", "aiohttp-swagger 1.0.2 with PyYAML 6.0"),
                Stack({"aiohttp-swagger": "1.0.2", "pyyaml": "6.0.4", **AIOHTTP_SWAGGER_PINS}, "failed", "aiohttp-swagger 1.0.2 with PyYAML 6.0.4"),
                Stack({"aiohttp-swagger": "1.0.0", "pyyaml": "5.3.1", **AIOHTTP_SWAGGER_PINS}, "passed", "aiohttp-swagger 1.0.0 with PyYAML 5.3.1"),
                Stack({"aiohttp-swagger": "1.0.2", "pyyaml": "5.3.1", **AIOHTTP_SWAGGER_PINS}, "passed", "aiohttp-swagger 1.0.2 with PyYAML 5.3.1"),
                Stack({"aiohttp-swagger": "1.0.12", "pyyaml": "6.0", **AIOHTTP_SWAGGER_PINS}, "passed",
                      "aiohttp-swagger 1.0.12, the first release above the range that imports on Python 3.11"),
                Stack({"aiohttp-swagger": "1.0.12", "pyyaml": "6.0.4", **AIOHTTP_SWAGGER_PINS}, "passed", "aiohttp-swagger 1.0.12 with PyYAML 6.0.4"))),
    # llm before 0.11.2 import requests without declaring it (openai 0.x brought it in); 0.11.1 imports pkg_resources
    "curated/llm-0.5-0.11.1-openai-1": Proof(
        check=LLM_OPENAI_CHECK, signature="ChatCompletion", roots=("requests", "setuptools"),
        stacks=(Stack({"llm": "0.5", "openai": "1.0.0", **SETUPTOOLS_PKG}, "failed", "llm 0.5 with openai 1.0.0"),
                Stack({"llm": "0.5", "openai": "3.60.0", **SETUPTOOLS_PKG}, "failed", "llm 0.5 with openai 3.60.0"),
                Stack({"llm": "0.11.1", "openai": "1.0.0", **SETUPTOOLS_PKG}, "failed", "llm 0.11.1 with openai 1.0.0"),
                Stack({"llm": "0.11.1", "openai": "3.60.0", **SETUPTOOLS_PKG}, "failed", "llm 0.11.1 with openai 3.60.0"),
                Stack({"llm": "0.5", "openai": "0.28.1", **SETUPTOOLS_PKG}, "passed", "llm 0.5 with openai 0.28.1, just below 1.0"),
                Stack({"llm": "0.11.1", "openai": "0.28.1", **SETUPTOOLS_PKG}, "passed", "llm 0.11.1 with openai 0.28.1, just below 1.0"))),
    "curated/llm-0.13-0.32-openai-3": Proof(
        check=LLM_MODELS_CHECK, signature="No module named 'httpx'",
        stacks=(Stack({"llm": "0.13", "openai": "3.0.0"}, "failed", "llm 0.13 with openai 3.0.0"),
                Stack({"llm": "0.13", "openai": "3.60.0"}, "failed", "llm 0.13 with openai 3.60.0"),
                Stack({"llm": "0.32", "openai": "3.0.0"}, "failed", "llm 0.32 with openai 3.0.0"),
                Stack({"llm": "0.32", "openai": "3.60.0"}, "failed", "llm 0.32 with openai 3.60.0"),
                Stack({"llm": "0.13", "openai": "2.54.0"}, "passed", "llm 0.13 with openai 2.54.0, just below 3"),
                Stack({"llm": "0.32", "openai": "2.54.0"}, "passed", "llm 0.32 with openai 2.54.0, just below 3"),
                Stack({"llm": "0.33", "openai": "3.60.0"}, "passed", "llm 0.33 (0.32.1 pins openai<3), with openai 3.60.0"))),
    "curated/wtforms-alchemy-0.17-wtforms-3": Proof(
        check=WTFORMS_ALCHEMY_CHECK, signature="No module named 'wtforms.compat'",
        stacks=(Stack({"wtforms-alchemy": "0.17.0", "wtforms": "3.0.0", **WTFORMS_ALCHEMY_PINS}, "failed",
                      "WTForms-Alchemy 0.17.0 with WTForms 3.0.0"),
                Stack({"wtforms-alchemy": "0.17.0", "wtforms": "3.3.2", **WTFORMS_ALCHEMY_PINS}, "failed",
                      "WTForms-Alchemy 0.17.0 with WTForms 3.3.2"),
                Stack({"wtforms-alchemy": "0.17.0", "wtforms": "2.3.3", **WTFORMS_ALCHEMY_PINS}, "passed",
                      "WTForms 2.3.3, below 3"),
                Stack({"wtforms-alchemy": "0.18.0", "wtforms": "3.3.2", **WTFORMS_ALCHEMY_PINS}, "passed",
                      "WTForms-Alchemy 0.18.0, the first release above the range"))),
    "curated/wtforms-sqlalchemy-0.1-0.2-wtforms-3": Proof(
        check=WTFORMS_SQLALCHEMY_CHECK, signature="No module named 'wtforms.compat'",
        stacks=(Stack({"wtforms-sqlalchemy": "0.1", "wtforms": "3.0.0", "sqlalchemy": "1.4.54"}, "failed",
                      "WTForms-SQLAlchemy 0.1 with WTForms 3.0.0"),
                Stack({"wtforms-sqlalchemy": "0.1", "wtforms": "3.3.2", "sqlalchemy": "1.4.54"}, "failed",
                      "WTForms-SQLAlchemy 0.1 with WTForms 3.3.2"),
                Stack({"wtforms-sqlalchemy": "0.2", "wtforms": "3.0.0", "sqlalchemy": "1.4.54"}, "failed",
                      "WTForms-SQLAlchemy 0.2 with WTForms 3.0.0"),
                Stack({"wtforms-sqlalchemy": "0.2", "wtforms": "3.3.2", "sqlalchemy": "1.4.54"}, "failed",
                      "WTForms-SQLAlchemy 0.2 with WTForms 3.3.2"),
                Stack({"wtforms-sqlalchemy": "0.1", "wtforms": "2.3.3", "sqlalchemy": "1.4.54"}, "passed",
                      "WTForms 2.3.3, below 3"),
                Stack({"wtforms-sqlalchemy": "0.2", "wtforms": "2.3.3", "sqlalchemy": "1.4.54"}, "passed",
                      "WTForms 2.3.3, below 3"),
                Stack({"wtforms-sqlalchemy": "0.3", "wtforms": "3.3.2", "sqlalchemy": "1.4.54"}, "passed",
                      "WTForms-SQLAlchemy 0.3, the first release above the range"))),
    "curated/flask-ldap3-login-0.9.12-0.9.16-wtforms-3": Proof(
        check=FLASK_LDAP3_LOGIN_CHECK, signature="has no attribute 'Required'",
        stacks=(Stack({"flask-ldap3-login": "0.9.12", "wtforms": "3.0.0", **FLASK_LDAP3_LOGIN_PINS}, "failed",
                      "flask-ldap3-login 0.9.12 with WTForms 3.0.0"),
                Stack({"flask-ldap3-login": "0.9.12", "wtforms": "3.3.2", **FLASK_LDAP3_LOGIN_PINS}, "failed",
                      "flask-ldap3-login 0.9.12 with WTForms 3.3.2"),
                Stack({"flask-ldap3-login": "0.9.16", "wtforms": "3.0.0", **FLASK_LDAP3_LOGIN_PINS}, "failed",
                      "flask-ldap3-login 0.9.16 with WTForms 3.0.0"),
                Stack({"flask-ldap3-login": "0.9.16", "wtforms": "3.3.2", **FLASK_LDAP3_LOGIN_PINS}, "failed",
                      "flask-ldap3-login 0.9.16 with WTForms 3.3.2"),
                Stack({"flask-ldap3-login": "0.9.12", "wtforms": "2.3.3", **FLASK_LDAP3_LOGIN_PINS}, "passed",
                      "WTForms 2.3.3, below 3"),
                Stack({"flask-ldap3-login": "0.9.16", "wtforms": "2.3.3", **FLASK_LDAP3_LOGIN_PINS}, "passed",
                      "WTForms 2.3.3, below 3"),
                Stack({"flask-ldap3-login": "0.9.17", "wtforms": "3.3.2", **FLASK_LDAP3_LOGIN_PINS}, "passed",
                      "flask-ldap3-login 0.9.17, the first release above the range"))),
    "curated/flask-appbuilder-2.3.4-3.3.4-wtforms-3": Proof(
        check=FLASK_APPBUILDER_CHECK, signature="No module named 'wtforms.compat'",
        stacks=(Stack({"flask-appbuilder": "2.3.4", "wtforms": "3.0.0", **FLASK_APPBUILDER_PINS}, "failed",
                      "Flask-AppBuilder 2.3.4 with WTForms 3.0.0"),
                Stack({"flask-appbuilder": "2.3.4", "wtforms": "3.3.2", **FLASK_APPBUILDER_PINS}, "failed",
                      "Flask-AppBuilder 2.3.4 with WTForms 3.3.2"),
                Stack({"flask-appbuilder": "3.3.4", "wtforms": "3.0.0", **FLASK_APPBUILDER_PINS}, "failed",
                      "Flask-AppBuilder 3.3.4 with WTForms 3.0.0"),
                Stack({"flask-appbuilder": "3.3.4", "wtforms": "3.3.2", **FLASK_APPBUILDER_PINS}, "failed",
                      "Flask-AppBuilder 3.3.4 with WTForms 3.3.2"),
                Stack({"flask-appbuilder": "2.3.4", "wtforms": "2.3.3", **FLASK_APPBUILDER_PINS}, "passed",
                      "WTForms 2.3.3, below 3"),
                Stack({"flask-appbuilder": "3.3.4", "wtforms": "2.3.3", **FLASK_APPBUILDER_PINS}, "passed",
                      "WTForms 2.3.3, below 3"),
                Stack({"flask-appbuilder": "3.4.0", "wtforms": "2.3.3", **FLASK_APPBUILDER_PINS}, "passed",
                      "Flask-AppBuilder 3.4.0, the first release above the range (it caps WTForms below 3)"))),
    "curated/flask-script-2.0.6-flask-2": Proof(
        check=FLASK_SCRIPT_CHECK, signature="flask._compat",
        stacks=(Stack({"flask-script": "2.0.6", **FLASK20_PINS}, "failed", "Flask-Script 2.0.6 with Flask 2.0.0"),
                Stack({"flask-script": "2.0.6", "flask": "3.1.3"}, "failed", "Flask-Script 2.0.6 with Flask 3.1.3"),
                Stack({"flask-script": "2.0.6", **FLASK114_PINS}, "passed", "Flask 1.1.4, just below 2.0"))),
    "curated/flask-restful-0.3.8-flask-2": Proof(
        check=FLASK_RESTFUL_CHECK, signature="_endpoint_from_view_func",
        stacks=(Stack({"flask-restful": "0.3.8", **FLASK20_PINS}, "failed", "Flask-RESTful 0.3.8 with Flask 2.0.0"),
                Stack({"flask-restful": "0.3.8", "flask": "3.1.3"}, "failed", "Flask-RESTful 0.3.8 with Flask 3.1.3"),
                Stack({"flask-restful": "0.3.8", **FLASK114_PINS}, "passed", "Flask 1.1.4, just below 2.0"),
                Stack({"flask-restful": "0.3.9", **FLASK20_PINS}, "passed", "Flask-RESTful 0.3.9, just above the range"),
                Stack({"flask-restful": "0.3.9", "flask": "3.1.3"}, "passed", "Flask-RESTful 0.3.9 with Flask 3.1.3")),
        wheels=(("flask-restful", "0.3.8"),)),
    "curated/flask-allows-0.6-0.7.1-flask-2": Proof(
        check=FLASK_ALLOWS_CHECK, signature="flask._compat",
        stacks=(Stack({"flask-allows": "0.6.0", **FLASK20_PINS}, "failed", "flask-allows 0.6.0 with Flask 2.0.0"),
                Stack({"flask-allows": "0.7.1", "flask": "3.1.3"}, "failed", "flask-allows 0.7.1 with Flask 3.1.3"),
                Stack({"flask-allows": "0.6.0", **FLASK114_PINS}, "passed", "0.6.0 with Flask 1.1.4, just below 2.0"),
                Stack({"flask-allows": "0.7.1", **FLASK114_PINS}, "passed", "0.7.1 with Flask 1.1.4, just below 2.0")),
        wheels=(("flask-allows", "0.6.0"), ("flask-allows", "0.7.1"))),
    "curated/flask-collect-1.0.4-1.3.2-flask-2": Proof(
        check=FLASK_COLLECT_CHECK, signature="flask._compat",
        stacks=(Stack({"flask-collect": "1.0.4", **FLASK20_PINS}, "failed", "Flask-Collect 1.0.4 with Flask 2.0.0"),
                Stack({"flask-collect": "1.3.2", "flask": "3.1.3"}, "failed", "Flask-Collect 1.3.2 with Flask 3.1.3"),
                Stack({"flask-collect": "1.0.4", **FLASK114_PINS}, "passed", "1.0.4 with Flask 1.1.4, just below 2.0"),
                Stack({"flask-collect": "1.3.2", **FLASK114_PINS}, "passed", "1.3.2 with Flask 1.1.4, just below 2.0")),
        wheels=(("flask-collect", "1.0.4"), ("flask-collect", "1.3.2"))),
    "curated/flask-babel-2.0-3.1-flask-3": Proof(
        check=FLASK_BABEL_CHECK, signature="locked_cached_property",
        stacks=(Stack({"flask-babel": "2.0.0", "flask": "3.0.0"}, "failed", "Flask-Babel 2.0.0 with Flask 3.0.0"),
                Stack({"flask-babel": "3.1.0", "flask": "3.1.3"}, "failed", "Flask-Babel 3.1.0 with Flask 3.1.3"),
                Stack({"flask-babel": "2.0.0", "flask": "2.3.3"}, "passed", "2.0.0 with Flask 2.3.3, just below 3"),
                Stack({"flask-babel": "3.1.0", "flask": "2.3.3"}, "passed", "3.1.0 with Flask 2.3.3, just below 3"),
                Stack({"flask-babel": "4.0.0", "flask": "3.0.0"}, "passed", "Flask-Babel 4.0.0, just above the range"),
                Stack({"flask-babel": "4.0.0", "flask": "3.1.3"}, "passed", "Flask-Babel 4.0.0 with Flask 3.1.3")),
        wheels=(("flask-babel", "2.0.0"), ("flask-babel", "3.1.0"))),
    "curated/flask-json-0.3-flask-2.3": Proof(
        check=FLASK_JSON_CHECK, signature="JSONEncoder",
        stacks=(Stack({"flask-json": "0.3.0", **FLASK230_PINS}, "failed", "Flask-JSON 0.3.0 with Flask 2.3.0"),
                Stack({"flask-json": "0.3.5", "flask": "3.1.3"}, "failed", "Flask-JSON 0.3.5 with Flask 3.1.3"),
                Stack({"flask-json": "0.3.0", **FLASK22_PINS}, "passed", "0.3.0 with Flask 2.2.5, just below 2.3"),
                Stack({"flask-json": "0.3.5", **FLASK22_PINS}, "passed", "0.3.5 with Flask 2.2.5, just below 2.3"),
                Stack({"flask-json": "0.4.0", **FLASK230_PINS}, "passed", "Flask-JSON 0.4.0, just above the range"),
                Stack({"flask-json": "0.4.0", "flask": "3.1.3"}, "passed", "Flask-JSON 0.4.0 with Flask 3.1.3")),
        wheels=(("flask-json", "0.3.5"),)),
    "curated/flask-debugtoolbar-0.13.1-flask-3": Proof(
        check=FLASK_DEBUGTOOLBAR_CHECK, signature="_request_ctx_stack",
        stacks=(Stack({"flask-debugtoolbar": "0.13.1", "flask": "3.0.0"}, "failed", "Flask-DebugToolbar 0.13.1 with Flask 3.0.0"),
                Stack({"flask-debugtoolbar": "0.13.1", "flask": "3.1.3"}, "failed", "Flask-DebugToolbar 0.13.1 with Flask 3.1.3"),
                Stack({"flask-debugtoolbar": "0.13.1", **FLASK233_WZ23_PINS}, "passed", "Flask 2.3.3, just below 3"),
                Stack({"flask-debugtoolbar": "0.14.1", "flask": "3.0.0"}, "passed", "Flask-DebugToolbar 0.14.1, just above the range"),
                Stack({"flask-debugtoolbar": "0.14.1", "flask": "3.1.3"}, "passed", "Flask-DebugToolbar 0.14.1 with Flask 3.1.3")),
        wheels=(("flask-debugtoolbar", "0.13.1"),)),
    "curated/flask-script-0.6.7-2.0.5-flask-3": Proof(
        check=FLASK_SCRIPT_CHECK, signature="_request_ctx_stack",
        stacks=(Stack({"flask-script": "0.6.7", "flask": "3.0.0"}, "failed", "Flask-Script 0.6.7 with Flask 3.0.0"),
                Stack({"flask-script": "2.0.5", "flask": "3.1.3"}, "failed", "Flask-Script 2.0.5 with Flask 3.1.3"),
                Stack({"flask-script": "0.6.7", "flask": "2.3.3"}, "passed", "0.6.7 with Flask 2.3.3, just below 3"),
                Stack({"flask-script": "2.0.5", "flask": "2.3.3"}, "passed", "2.0.5 with Flask 2.3.3, just below 3"))),
    "curated/flask-debugtoolbar-0.13.1-werkzeug-3": Proof(
        check=FLASK_DEBUGTOOLBAR_CHECK, signature="url_quote_plus",
        stacks=(Stack({"flask-debugtoolbar": "0.13.1", "flask": "2.3.3", "werkzeug": "3.0.0"}, "failed",
                      "Flask-DebugToolbar 0.13.1 with Werkzeug 3.0.0"),
                Stack({"flask-debugtoolbar": "0.13.1", "flask": "2.3.3", "werkzeug": "3.1.9"}, "failed",
                      "Flask-DebugToolbar 0.13.1 with Werkzeug 3.1.9"),
                Stack({"flask-debugtoolbar": "0.13.1", **FLASK233_WZ23_PINS}, "passed", "Werkzeug 2.3.8, just below 3"),
                Stack({"flask-debugtoolbar": "0.14.1", "flask": "2.3.3", "werkzeug": "3.0.0"}, "passed",
                      "Flask-DebugToolbar 0.14.1, just above the range"),
                Stack({"flask-debugtoolbar": "0.14.1", "flask": "2.3.3", "werkzeug": "3.1.9"}, "passed",
                      "Flask-DebugToolbar 0.14.1 with Werkzeug 3.1.9")),
        wheels=(("flask-debugtoolbar", "0.13.1"),)),
    "curated/flask-oauthlib-0.9.6-werkzeug-3": Proof(
        check=FLASK_OAUTHLIB_CHECK, signature="url_quote",
        stacks=(Stack({"flask-oauthlib": "0.9.6", "flask": "2.3.3", "werkzeug": "3.0.0"}, "failed",
                      "Flask-OAuthlib 0.9.6 with Werkzeug 3.0.0"),
                Stack({"flask-oauthlib": "0.9.6", "flask": "3.1.3", "werkzeug": "3.1.9"}, "failed",
                      "Flask-OAuthlib 0.9.6 with Flask 3.1.3 and Werkzeug 3.1.9"),
                Stack({"flask-oauthlib": "0.9.6", **FLASK233_WZ23_PINS}, "passed", "Werkzeug 2.3.8, just below 3")),
        wheels=(("flask-oauthlib", "0.9.6"),)),
    "curated/flask-uploads-0.2.1-werkzeug-1": Proof(
        check=FLASK_UPLOADS_CHECK, signature="secure_filename",
        stacks=(Stack({"flask-uploads": "0.2.1", **FLASK1_WZ016_PINS, "werkzeug": "1.0.0"}, "failed",
                      "Flask-Uploads 0.2.1 with Werkzeug 1.0.0"),
                Stack({"flask-uploads": "0.2.1", "flask": "3.1.3", "werkzeug": "3.1.9"}, "failed",
                      "Flask-Uploads 0.2.1 with Flask 3.1.3 and Werkzeug 3.1.9"),
                Stack({"flask-uploads": "0.2.1", **FLASK1_WZ016_PINS}, "passed", "Werkzeug 0.16.1, just below 1.0"))),
    "curated/flask-oauthlib-0.3.3-0.9.5-werkzeug-1": Proof(
        check=FLASK_OAUTHLIB_CHECK, signature="url_quote",
        stacks=(Stack({"flask-oauthlib": "0.3.3", **FLASK1_WZ016_PINS, "werkzeug": "1.0.0", "oauthlib": "2.1.0"}, "failed",
                      "Flask-OAuthlib 0.3.3 with Werkzeug 1.0.0"),
                Stack({"flask-oauthlib": "0.9.5", **FLASK1_WZ016_PINS, "werkzeug": "1.0.1", **FLASK_OAUTHLIB_PINS},
                      "failed", "Flask-OAuthlib 0.9.5 with Werkzeug 1.0.1"),
                Stack({"flask-oauthlib": "0.9.5", "flask": "3.1.3", "werkzeug": "3.1.9", **FLASK_OAUTHLIB_PINS},
                      "failed", "Flask-OAuthlib 0.9.5 with Flask 3.1.3 and Werkzeug 3.1.9"),
                Stack({"flask-oauthlib": "0.3.3", **FLASK1_WZ016_PINS, "oauthlib": "2.1.0"}, "passed",
                      "0.3.3 with Werkzeug 0.16.1, just below 1.0"),
                Stack({"flask-oauthlib": "0.9.5", **FLASK1_WZ016_PINS, **FLASK_OAUTHLIB_PINS}, "passed",
                      "0.9.5 with Werkzeug 0.16.1, just below 1.0"),
                Stack({"flask-oauthlib": "0.9.6", **FLASK1_WZ016_PINS, "werkzeug": "1.0.1", **FLASK_OAUTHLIB_PINS},
                      "passed", "Flask-OAuthlib 0.9.6, the fixed release, with Werkzeug 1.0.1")),
        wheels=(("flask-oauthlib", "0.9.6"),)),
    "curated/flask-ad-auth-0.8.1-0.8.2-flask-3": Proof(
        check=FLASK_AD_AUTH_CHECK, signature="_app_ctx_stack",
        stacks=(Stack({"flask-ad-auth": "0.8.1", "flask": "3.0.0", "flask-login": "0.6.3"}, "failed",
                      "flask-ad-auth 0.8.1 with Flask 3.0.0"),
                Stack({"flask-ad-auth": "0.8.1", "flask": "3.1.3", "flask-login": "0.6.3"}, "failed",
                      "flask-ad-auth 0.8.1 with Flask 3.1.3"),
                Stack({"flask-ad-auth": "0.8.2", "flask": "3.0.0", "flask-login": "0.6.3"}, "failed",
                      "flask-ad-auth 0.8.2 with Flask 3.0.0"),
                Stack({"flask-ad-auth": "0.8.2", "flask": "3.1.3", "flask-login": "0.6.3"}, "failed",
                      "flask-ad-auth 0.8.2 with Flask 3.1.3"),
                Stack({"flask-ad-auth": "0.8.1", **FLASK233_WZ23_PINS, "flask-login": "0.6.3"}, "passed",
                      "0.8.1 with Flask 2.3.3, just below 3"),
                Stack({"flask-ad-auth": "0.8.2", **FLASK233_WZ23_PINS, "flask-login": "0.6.3"}, "passed",
                      "0.8.2 with Flask 2.3.3, just below 3"))),
    "curated/flask-ldapconn-0.10.1-flask-3": Proof(
        check=FLASK_LDAPCONN_CHECK, signature="_app_ctx_stack",
        stacks=(Stack({"flask-ldapconn": "0.10.1", "flask": "3.0.0", "ldap3": "2.9.1"}, "failed",
                      "Flask-LDAPConn 0.10.1 with Flask 3.0.0"),
                Stack({"flask-ldapconn": "0.10.1", "flask": "3.1.3", "ldap3": "2.9.1"}, "failed",
                      "Flask-LDAPConn 0.10.1 with Flask 3.1.3"),
                Stack({"flask-ldapconn": "0.10.1", **FLASK233_WZ23_PINS, "ldap3": "2.9.1"}, "passed",
                      "0.10.1 with Flask 2.3.3, just below 3"),
                Stack({"flask-ldapconn": "0.10.2", "flask": "3.1.3", "ldap3": "2.9.1"}, "passed",
                      "Flask-LDAPConn 0.10.2, the fixed release, with Flask 3.1.3"))),
    "curated/flask-ldapconn-0.7-0.9.0-flask-3": Proof(
        check=FLASK_LDAPCONN_CHECK, signature="_app_ctx_stack",
        stacks=(Stack({"flask-ldapconn": "0.7.0", "flask": "3.0.0", "ldap3": "2.9.1"}, "failed",
                      "Flask-LDAPConn 0.7.0 with Flask 3.0.0"),
                Stack({"flask-ldapconn": "0.9.0", "flask": "3.0.0", "ldap3": "2.9.1"}, "failed",
                      "Flask-LDAPConn 0.9.0 with Flask 3.0.0"),
                Stack({"flask-ldapconn": "0.9.0", "flask": "3.1.3", "ldap3": "2.9.1"}, "failed",
                      "Flask-LDAPConn 0.9.0 with Flask 3.1.3"),
                Stack({"flask-ldapconn": "0.7.0", **FLASK233_WZ23_PINS, "ldap3": "2.9.1"}, "passed",
                      "0.7.0 with Flask 2.3.3, just below 3"),
                Stack({"flask-ldapconn": "0.9.0", **FLASK233_WZ23_PINS, "ldap3": "2.9.1"}, "passed",
                      "0.9.0 with Flask 2.3.3, just below 3"))),
    "curated/flask-ad-auth-0.4-0.8-flask-login-0.6": Proof(
        check=FLASK_AD_AUTH_CHECK, signature="user_callback",
        stacks=(Stack({"flask-ad-auth": "0.4", **FLASK20_PINS, "flask-login": "0.6.0"}, "failed",
                      "flask-ad-auth 0.4 with Flask-Login 0.6.0"),
                Stack({"flask-ad-auth": "0.8", **FLASK20_PINS, "flask-login": "0.6.3"}, "failed",
                      "flask-ad-auth 0.8 with Flask-Login 0.6.3"),
                Stack({"flask-ad-auth": "0.6", **FLASK20_PINS, "flask-login": "0.6.3"}, "failed",
                      "flask-ad-auth 0.6 with Flask-Login 0.6.3"),
                Stack({"flask-ad-auth": "0.6", **FLASK20_PINS, "flask-login": "0.5.0"}, "passed",
                      "0.6 with Flask-Login 0.5.0, just below 0.6"),
                Stack({"flask-ad-auth": "0.4", **FLASK20_PINS, "flask-login": "0.5.0"}, "passed",
                      "0.4 with Flask-Login 0.5.0, just below 0.6"),
                Stack({"flask-ad-auth": "0.8", **FLASK20_PINS, "flask-login": "0.5.0"}, "passed",
                      "0.8 with Flask-Login 0.5.0, just below 0.6"),
                Stack({"flask-ad-auth": "0.8.1", **FLASK20_PINS, "flask-login": "0.6.3"}, "passed",
                      "flask-ad-auth 0.8.1, the next release, with Flask-Login 0.6.3"))),
    "curated/flasgger-0.9.4-0.9.5-flask-2.3": Proof(
        check=FLASGGER_SPEC_CHECK, signature="from 'flask",
        stacks=(Stack({"flasgger": "0.9.4", **FLASK230_PINS}, "failed", "flasgger 0.9.4 with Flask 2.3.0 (Markup)"),
                Stack({"flasgger": "0.9.5", "flask": "2.3.3"}, "failed", "flasgger 0.9.5 with Flask 2.3.3 (JSONEncoder)"),
                Stack({"flasgger": "0.9.5", "flask": "3.1.3"}, "failed", "flasgger 0.9.5 with Flask 3.1.3"),
                Stack({"flasgger": "0.9.4", **FLASK22_PINS}, "passed", "0.9.4 with Flask 2.2.5, just below 2.3"),
                Stack({"flasgger": "0.9.5", **FLASK22_PINS}, "passed", "0.9.5 with Flask 2.2.5, just below 2.3"),
                Stack({"flasgger": "0.9.7.1", **FLASK230_PINS}, "passed", "flasgger 0.9.7.1, just above the range"),
                Stack({"flasgger": "0.9.7.1", "flask": "3.1.3"}, "passed", "flasgger 0.9.7.1 with Flask 3.1.3")),
        wheels=(("flasgger", "0.9.4"), ("flasgger", "0.9.5"))),
    "curated/flask-mongoengine-0.9.5-1.0-flask-2.3": Proof(
        check=FLASK_MONGOENGINE_CHECK, signature="JSONEncoder",
        stacks=(Stack({"flask-mongoengine": "0.9.5", **FLASK230_PINS}, "failed", "flask-mongoengine 0.9.5 with Flask 2.3.0"),
                Stack({"flask-mongoengine": "1.0.0", "flask": "3.1.3"}, "failed", "flask-mongoengine 1.0.0 with Flask 3.1.3"),
                Stack({"flask-mongoengine": "0.9.5", **FLASK22_PINS}, "passed", "0.9.5 with Flask 2.2.5, just below 2.3"),
                Stack({"flask-mongoengine": "1.0.0", **FLASK22_PINS}, "passed", "1.0.0 with Flask 2.2.5, just below 2.3")),
        wheels=(("flask-mongoengine", "1.0.0"),)),
    "curated/flask-api-key-0.2.1-0.2.12-flask-3": Proof(
        check=FLASK_API_KEY_CHECK, signature="_request_ctx_stack",
        stacks=(Stack({"flask-api-key": "0.2.1", "flask": "3.0.0"}, "failed", "flask-api-key 0.2.1 with Flask 3.0.0"),
                Stack({"flask-api-key": "0.2.12", "flask": "3.1.3"}, "failed", "flask-api-key 0.2.12 with Flask 3.1.3"),
                Stack({"flask-api-key": "0.2.1", "flask": "2.3.3"}, "passed", "0.2.1 with Flask 2.3.3, just below 3"),
                Stack({"flask-api-key": "0.2.12", "flask": "2.3.3"}, "passed", "0.2.12 with Flask 2.3.3, just below 3")),
        wheels=(("flask-api-key", "0.2.1"), ("flask-api-key", "0.2.12"))),
    "curated/flask-redmail-0.1-0.3-flask-3": Proof(
        check=FLASK_REDMAIL_CHECK, signature="_app_ctx_stack",
        stacks=(Stack({"flask-redmail": "0.1.0", "flask": "3.0.0"}, "failed", "Flask-Redmail 0.1.0 with Flask 3.0.0"),
                Stack({"flask-redmail": "0.3.0", "flask": "3.1.3"}, "failed", "Flask-Redmail 0.3.0 with Flask 3.1.3"),
                Stack({"flask-redmail": "0.1.0", "flask": "2.3.3"}, "passed", "0.1.0 with Flask 2.3.3, just below 3"),
                Stack({"flask-redmail": "0.3.0", "flask": "2.3.3"}, "passed", "0.3.0 with Flask 2.3.3, just below 3")),
        wheels=(("flask-redmail", "0.1.0"), ("flask-redmail", "0.3.0"))),
    "curated/bia-bob-0.3.0-0.5.0-openai-1": Proof(
        check=BIA_BOB_CHECK, signature="ChatCompletion",
        stacks=(Stack({"bia-bob": "0.3.0", "openai": "1.0.0", **BIA_BOB_PINS}, "failed", "bia-bob 0.3.0 with openai 1.0.0"),
                Stack({"bia-bob": "0.3.0", "openai": "3.60.0", **BIA_BOB_PINS}, "failed", "bia-bob 0.3.0 with openai 3.60.0"),
                Stack({"bia-bob": "0.5.0", "openai": "1.0.0", **BIA_BOB_PINS}, "failed", "bia-bob 0.5.0 with openai 1.0.0"),
                Stack({"bia-bob": "0.5.0", "openai": "3.60.0", **BIA_BOB_PINS}, "failed", "bia-bob 0.5.0 with openai 3.60.0"),
                Stack({"bia-bob": "0.3.0", "openai": "0.28.1", **BIA_BOB_PINS}, "passed", "bia-bob 0.3.0 with openai 0.28.1, just below 1.0"),
                Stack({"bia-bob": "0.5.0", "openai": "0.28.1", **BIA_BOB_PINS}, "passed", "bia-bob 0.5.0 with openai 0.28.1, just below 1.0"),
                Stack({"bia-bob": "0.6.0", "openai": "3.60.0", **BIA_BOB_PINS}, "passed", "bia-bob 0.6.0, the first release on the new client"))),
    "curated/ebltable-0.5-0.5.2-scipy-1.14": Proof(
        check=EBLTABLE_CHECK, signature="cannot import name 'simps'",
        stacks=(Stack({"ebltable": "0.5", "scipy": "1.14.0", **EBLTABLE_PINS}, "failed", "ebltable 0.5 with SciPy 1.14.0"),
                Stack({"ebltable": "0.5", "scipy": "1.17.1", **EBLTABLE_PINS}, "failed", "ebltable 0.5 with SciPy 1.17.1"),
                Stack({"ebltable": "0.5.2", "scipy": "1.14.0", **EBLTABLE_PINS}, "failed", "ebltable 0.5.2 with SciPy 1.14.0"),
                Stack({"ebltable": "0.5.2", "scipy": "1.17.1", **EBLTABLE_PINS}, "failed", "ebltable 0.5.2 with SciPy 1.17.1"),
                Stack({"ebltable": "0.5", "scipy": "1.13.1", **EBLTABLE_PINS}, "passed", "ebltable 0.5 with SciPy 1.13.1, just below 1.14"),
                Stack({"ebltable": "0.5.2", "scipy": "1.13.1", **EBLTABLE_PINS}, "passed", "ebltable 0.5.2 with SciPy 1.13.1, just below 1.14"),
                Stack({"ebltable": "0.6.2", "scipy": "1.17.1", **EBLTABLE_PINS}, "passed", "ebltable 0.6.2, just above the range"))),
    "curated/mixsea-0.1.0-0.1.2-scipy-1.14": Proof(
        check=MIXSEA_CHECK, signature="cannot import name 'cumtrapz'",
        stacks=(Stack({"mixsea": "0.1.0", "scipy": "1.14.0", **MIXSEA_PINS}, "failed", "mixsea 0.1.0 with SciPy 1.14.0"),
                Stack({"mixsea": "0.1.0", "scipy": "1.17.1", **MIXSEA_PINS}, "failed", "mixsea 0.1.0 with SciPy 1.17.1"),
                Stack({"mixsea": "0.1.2", "scipy": "1.14.0", **MIXSEA_PINS}, "failed", "mixsea 0.1.2 with SciPy 1.14.0"),
                Stack({"mixsea": "0.1.2", "scipy": "1.17.1", **MIXSEA_PINS}, "failed", "mixsea 0.1.2 with SciPy 1.17.1"),
                Stack({"mixsea": "0.1.0", "scipy": "1.13.1", **MIXSEA_PINS}, "passed", "mixsea 0.1.0 with SciPy 1.13.1, just below 1.14"),
                Stack({"mixsea": "0.1.2", "scipy": "1.13.1", **MIXSEA_PINS}, "passed", "mixsea 0.1.2 with SciPy 1.13.1, just below 1.14"),
                Stack({"mixsea": "0.2.0", "scipy": "1.17.1", **MIXSEA_PINS}, "passed", "mixsea 0.2.0, just above the range"))),
    "curated/upsetplot-0.8.2-0.9.0-pandas-3": Proof(
        check=UPSETPLOT_PANDAS3_CHECK, signature="Invalid RGBA argument",
        stacks=(Stack({"upsetplot": "0.8.2", "pandas": "3.0.0", **UPSETPLOT_PANDAS3_PINS}, "failed", "upsetplot 0.8.2 with pandas 3.0.0"),
                Stack({"upsetplot": "0.8.2", "pandas": "3.1.1", **UPSETPLOT_PANDAS3_PINS}, "failed", "upsetplot 0.8.2 with pandas 3.1.1"),
                Stack({"upsetplot": "0.9.0", "pandas": "3.0.0", **UPSETPLOT_PANDAS3_PINS}, "failed", "upsetplot 0.9.0 with pandas 3.0.0"),
                Stack({"upsetplot": "0.9.0", "pandas": "3.1.1", **UPSETPLOT_PANDAS3_PINS}, "failed", "upsetplot 0.9.0 with pandas 3.1.1"),
                Stack({"upsetplot": "0.8.2", "pandas": "2.3.3", **UPSETPLOT_PANDAS3_PINS}, "passed", "upsetplot 0.8.2 with pandas 2.3.3, just below 3.0"),
                Stack({"upsetplot": "0.9.0", "pandas": "2.3.3", **UPSETPLOT_PANDAS3_PINS}, "passed", "upsetplot 0.9.0 with pandas 2.3.3, just below 3.0"))),
    "curated/flavio-2.5.5-2.6.1-scipy-1.15": Proof(
        check=FLAVIO_CHECK, signature="scipy.integrate.quadrature",
        stacks=(Stack({"flavio": "2.5.5", "scipy": "1.15.0", **FLAVIO_PINS}, "failed", "flavio 2.5.5 with SciPy 1.15.0"),
                Stack({"flavio": "2.5.5", "scipy": "1.17.1", **FLAVIO_PINS}, "failed", "flavio 2.5.5 with SciPy 1.17.1"),
                Stack({"flavio": "2.6.1", "scipy": "1.15.0", **FLAVIO_PINS}, "failed", "flavio 2.6.1 with SciPy 1.15.0"),
                Stack({"flavio": "2.6.1", "scipy": "1.17.1", **FLAVIO_PINS}, "failed", "flavio 2.6.1 with SciPy 1.17.1"),
                Stack({"flavio": "2.5.5", "scipy": "1.14.1", **FLAVIO_PINS}, "passed", "flavio 2.5.5 with SciPy 1.14.1, just below 1.15"),
                Stack({"flavio": "2.6.1", "scipy": "1.14.1", **FLAVIO_PINS}, "passed", "flavio 2.6.1 with SciPy 1.14.1, just below 1.15"),
                Stack({"flavio": "2.6.2", "scipy": "1.17.1", **FLAVIO_PINS}, "passed", "flavio 2.6.2, just above the range"))),
    "curated/wfdb-4.1.1-4.3.0-pandas-3": Proof(
        check=WFDB_CHECK, signature="The parameter",
        stacks=(Stack({"wfdb": "4.1.1", "pandas": "3.0.0", **WFDB_PINS}, "failed", "wfdb 4.1.1 with pandas 3.0.0"),
                Stack({"wfdb": "4.1.1", "pandas": "3.1.1", **WFDB_PINS}, "failed", "wfdb 4.1.1 with pandas 3.1.1"),
                Stack({"wfdb": "4.3.0", "pandas": "3.0.0", **WFDB_PINS}, "failed", "wfdb 4.3.0 with pandas 3.0.0"),
                Stack({"wfdb": "4.3.0", "pandas": "3.1.1", **WFDB_PINS}, "failed", "wfdb 4.3.0 with pandas 3.1.1"),
                Stack({"wfdb": "4.1.1", "pandas": "2.3.3", **WFDB_PINS}, "passed", "wfdb 4.1.1 with pandas 2.3.3, just below 3.0"),
                Stack({"wfdb": "4.3.0", "pandas": "2.3.3", **WFDB_PINS}, "passed", "wfdb 4.3.0 with pandas 2.3.3, just below 3.0"),
                Stack({"wfdb": "4.3.1", "pandas": "3.0.0", **WFDB_PINS}, "passed", "wfdb 4.3.1, just above the range"),
                Stack({"wfdb": "4.3.1", "pandas": "3.1.1", **WFDB_PINS}, "passed", "wfdb 4.3.1 with the newest pandas"))),
    "curated/upsetplot-0.7.0-0.8.0-pandas-3": Proof(
        check=UPSETPLOT_PANDAS3_CHECK, signature="Invalid value",
        stacks=(Stack({"upsetplot": "0.7.0", "pandas": "3.0.0", **UPSETPLOT_PANDAS3_PINS}, "failed", "upsetplot 0.7.0 with pandas 3.0.0"),
                Stack({"upsetplot": "0.7.0", "pandas": "3.1.1", **UPSETPLOT_PANDAS3_PINS}, "failed", "upsetplot 0.7.0 with pandas 3.1.1"),
                Stack({"upsetplot": "0.8.0", "pandas": "3.0.0", **UPSETPLOT_PANDAS3_PINS}, "failed", "upsetplot 0.8.0 with pandas 3.0.0"),
                Stack({"upsetplot": "0.8.0", "pandas": "3.1.1", **UPSETPLOT_PANDAS3_PINS}, "failed", "upsetplot 0.8.0 with pandas 3.1.1"),
                Stack({"upsetplot": "0.7.0", "pandas": "2.3.3", **UPSETPLOT_PANDAS3_PINS}, "passed", "upsetplot 0.7.0 with pandas 2.3.3, just below 3.0"),
                Stack({"upsetplot": "0.8.0", "pandas": "2.3.3", **UPSETPLOT_PANDAS3_PINS}, "passed", "upsetplot 0.8.0 with pandas 2.3.3, just below 3.0"))),
    "curated/pyssim-0.6-0.7-scipy-1.15": Proof(
        check=PYSSIM_CHECK, signature="has no attribute 'cwt'",
        stacks=(Stack({"pyssim": "0.6", "scipy": "1.15.0", **PYSSIM_PINS}, "failed", "pyssim 0.6 with SciPy 1.15.0"),
                Stack({"pyssim": "0.6", "scipy": "1.17.1", **PYSSIM_PINS}, "failed", "pyssim 0.6 with SciPy 1.17.1"),
                Stack({"pyssim": "0.7", "scipy": "1.15.0", **PYSSIM_PINS}, "failed", "pyssim 0.7 with SciPy 1.15.0"),
                Stack({"pyssim": "0.7", "scipy": "1.17.1", **PYSSIM_PINS}, "failed", "pyssim 0.7 with SciPy 1.17.1"),
                Stack({"pyssim": "0.6", "scipy": "1.14.1", **PYSSIM_PINS}, "passed", "pyssim 0.6 with SciPy 1.14.1, just below 1.15"),
                Stack({"pyssim": "0.7", "scipy": "1.14.1", **PYSSIM_PINS}, "passed", "pyssim 0.7 with SciPy 1.14.1, just below 1.15"),
                Stack({"pyssim": "0.7.1", "scipy": "1.17.1", **PYSSIM_PINS}, "passed", "pyssim 0.7.1, just above the range"))),
    "curated/jams-0.3.5-pandas-3": Proof(
        check=JAMS_CHECK, signature="import_lab left durations",
        stacks=(Stack({"jams": "0.3.5", "pandas": "3.0.0", "numpy": "2.2.6"}, "failed", "jams 0.3.5 with pandas 3.0.0"),
                Stack({"jams": "0.3.5", "pandas": "3.1.1", "numpy": "2.2.6"}, "failed", "jams 0.3.5 with pandas 3.1.1"),
                Stack({"jams": "0.3.5", "pandas": "2.3.3", "numpy": "2.2.6"}, "passed", "jams 0.3.5 with pandas 2.3.3, just below 3.0"))),
    "curated/pygam-0.9.0-scipy-1.14": Proof(
        check=PYGAM_CHECK, signature="has no attribute 'A'",
        stacks=(Stack({"pygam": "0.9.0", "scipy": "1.14.0", "numpy": "1.26.4"}, "failed", "pygam 0.9.0 with SciPy 1.14.0"),
                Stack({"pygam": "0.9.0", "scipy": "1.17.1", "numpy": "1.26.4"}, "failed", "pygam 0.9.0 with SciPy 1.17.1"),
                Stack({"pygam": "0.9.0", "scipy": "1.13.1", "numpy": "1.26.4"}, "passed", "pygam 0.9.0 with SciPy 1.13.1, just below 1.14"))),
    "curated/pynumdiff-0.1.2-scipy-1.14": Proof(
        check=PYNUMDIFF_CHECK, signature="has no attribute 'cumtrapz'",
        stacks=(Stack({"pynumdiff": "0.1.2", "scipy": "1.14.0", **PYNUMDIFF_PINS}, "failed", "pynumdiff 0.1.2 with SciPy 1.14.0"),
                Stack({"pynumdiff": "0.1.2", "scipy": "1.17.1", **PYNUMDIFF_PINS}, "failed", "pynumdiff 0.1.2 with SciPy 1.17.1"),
                Stack({"pynumdiff": "0.1.2", "scipy": "1.13.1", **PYNUMDIFF_PINS}, "passed", "pynumdiff 0.1.2 with SciPy 1.13.1, just below 1.14"))),
    # partitura imports pkg_resources without declaring setuptools, hence roots=("setuptools",)
    "curated/partitura-1.4.0-1.5.0-scipy-1.15": Proof(
        check=PARTITURA_CHECK, signature="cannot import name 'derivative'", roots=("setuptools",),
        stacks=(Stack({"partitura": "1.4.0", "scipy": "1.15.0", **PARTITURA_PINS}, "failed", "partitura 1.4.0 with SciPy 1.15.0"),
                Stack({"partitura": "1.4.0", "scipy": "1.17.1", **PARTITURA_PINS}, "failed", "partitura 1.4.0 with SciPy 1.17.1"),
                Stack({"partitura": "1.5.0", "scipy": "1.15.0", **PARTITURA_PINS}, "failed", "partitura 1.5.0 with SciPy 1.15.0"),
                Stack({"partitura": "1.5.0", "scipy": "1.17.1", **PARTITURA_PINS}, "failed", "partitura 1.5.0 with SciPy 1.17.1"),
                Stack({"partitura": "1.4.0", "scipy": "1.14.1", **PARTITURA_PINS}, "passed", "partitura 1.4.0 with SciPy 1.14.1, just below 1.15"),
                Stack({"partitura": "1.5.0", "scipy": "1.14.1", **PARTITURA_PINS}, "passed", "partitura 1.5.0 with SciPy 1.14.1, just below 1.15"),
                Stack({"partitura": "1.6.0", "scipy": "1.17.1", **PARTITURA_PINS}, "passed", "partitura 1.6.0, just above the range"))),
    # conda-project 0.3.x declare no setuptools: the proof adds it as a root
    "curated/conda-project-0.3.1-0.3.2-setuptools-82": Proof(
        check=CONDA_PROJECT_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"conda-project": "0.3.1", "setuptools": "82.0.0", **CONDA_PROJECT_PINS}, "failed",
                      "conda-project 0.3.1 with setuptools 82.0.0"),
                Stack({"conda-project": "0.3.1", "setuptools": "84.2.1", **CONDA_PROJECT_PINS}, "failed",
                      "conda-project 0.3.1 with setuptools 84.2.1"),
                Stack({"conda-project": "0.3.2", "setuptools": "82.0.0", **CONDA_PROJECT_PINS}, "failed",
                      "conda-project 0.3.2 with setuptools 82.0.0"),
                Stack({"conda-project": "0.3.2", "setuptools": "84.2.1", **CONDA_PROJECT_PINS}, "failed",
                      "conda-project 0.3.2 with setuptools 84.2.1"),
                Stack({"conda-project": "0.3.1", "setuptools": "81.0.0", **CONDA_PROJECT_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                # the next release, 0.4.1, is inside curated/conda-project-0.4.1-0.5.4-setuptools-82
                Stack({"conda-project": "0.3.2", "setuptools": "81.0.0", **CONDA_PROJECT_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"))),
    # shodan declares no setuptools: the proof adds it as a root; 1.23.0 and older fail on Python 3.11 by themselves
    "curated/shodan-1.24-setuptools-82": Proof(
        check=SHODAN_CLI_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"shodan": "1.24.0", "setuptools": "82.0.0"}, "failed", "shodan 1.24.0 with setuptools 82.0.0"),
                Stack({"shodan": "1.24.0", "setuptools": "84.2.1"}, "failed", "shodan 1.24.0 with setuptools 84.2.1"),
                # the next release, 1.25.0, is inside curated/shodan-1.25-1.31-setuptools-82
                Stack({"shodan": "1.24.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"))),
    # google-cloud-core 1.x declare neither setuptools nor six (which they import): the proof adds both as roots
    "curated/google-cloud-core-1.0-1.4.2-setuptools-82": Proof(
        check=GOOGLE_CLOUD_CORE_HTTP_CHECK, signature="pkg_resources", roots=("setuptools", "six"),
        stacks=(Stack({"google-cloud-core": "1.0.0", "setuptools": "82.0.0", **GOOGLE_CLOUD_CORE_PINS}, "failed",
                      "google-cloud-core 1.0.0 with setuptools 82.0.0"),
                Stack({"google-cloud-core": "1.0.0", "setuptools": "84.2.1", **GOOGLE_CLOUD_CORE_PINS}, "failed",
                      "google-cloud-core 1.0.0 with setuptools 84.2.1"),
                Stack({"google-cloud-core": "1.4.2", "setuptools": "82.0.0", **GOOGLE_CLOUD_CORE_PINS}, "failed",
                      "google-cloud-core 1.4.2 with setuptools 82.0.0"),
                Stack({"google-cloud-core": "1.4.2", "setuptools": "84.2.1", **GOOGLE_CLOUD_CORE_PINS}, "failed",
                      "google-cloud-core 1.4.2 with setuptools 84.2.1"),
                Stack({"google-cloud-core": "1.0.0", "setuptools": "81.0.0", **GOOGLE_CLOUD_CORE_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"google-cloud-core": "1.4.2", "setuptools": "81.0.0", **GOOGLE_CLOUD_CORE_PINS}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"google-cloud-core": "1.4.3", "setuptools": "84.2.1", **GOOGLE_CLOUD_CORE_PINS}, "passed",
                      "google-cloud-core 1.4.3, the first release above the range, no longer imports pkg_resources"))),
    "curated/datamatrix-1.0.0-1.0.18-numpy-2.4": Proof(
        check=DATAMATRIX_CHECK, signature="no attribute 'in1d'",
        stacks=(Stack({"datamatrix": "1.0.0", "numpy": "2.4.0", **DATAMATRIX_PINS}, "failed", "datamatrix 1.0.0 with numpy 2.4.0"),
                Stack({"datamatrix": "1.0.0", "numpy": "2.4.6", **DATAMATRIX_PINS}, "failed", "datamatrix 1.0.0 with numpy 2.4.6"),
                Stack({"datamatrix": "1.0.18", "numpy": "2.4.0", **DATAMATRIX_PINS}, "failed", "datamatrix 1.0.18 with numpy 2.4.0"),
                Stack({"datamatrix": "1.0.18", "numpy": "2.4.6", **DATAMATRIX_PINS}, "failed", "datamatrix 1.0.18 with numpy 2.4.6"),
                Stack({"datamatrix": "1.0.0", "numpy": "2.3.5", **DATAMATRIX_PINS}, "passed", "datamatrix 1.0.0 with numpy 2.3.5, just below 2.4"),
                Stack({"datamatrix": "1.0.18", "numpy": "2.3.5", **DATAMATRIX_PINS}, "passed", "datamatrix 1.0.18 with numpy 2.3.5, just below 2.4"),
                Stack({"datamatrix": "1.0.19", "numpy": "2.4.6", **DATAMATRIX_PINS}, "passed", "datamatrix 1.0.19, just above the range, with numpy 2.4.6"))),
    "curated/nextstrain-augur-31.4-34.1.3-numpy-2.4": Proof(
        check=AUGUR_FREQUENCIES_CHECK, signature="no attribute 'in1d'",
        stacks=(Stack({"nextstrain-augur": "31.4.0", "numpy": "2.4.0", **AUGUR_PINS}, "failed", "nextstrain-augur 31.4.0 with numpy 2.4.0"),
                Stack({"nextstrain-augur": "31.4.0", "numpy": "2.4.6", **AUGUR_PINS}, "failed", "nextstrain-augur 31.4.0 with numpy 2.4.6"),
                Stack({"nextstrain-augur": "34.1.3", "numpy": "2.4.0", **AUGUR_PINS}, "failed", "nextstrain-augur 34.1.3 with numpy 2.4.0"),
                Stack({"nextstrain-augur": "34.1.3", "numpy": "2.4.6", **AUGUR_PINS}, "failed", "nextstrain-augur 34.1.3 with numpy 2.4.6"),
                Stack({"nextstrain-augur": "31.4.0", "numpy": "2.3.5", **AUGUR_PINS}, "passed", "augur 31.4.0 with numpy 2.3.5, just below 2.4"),
                Stack({"nextstrain-augur": "34.1.3", "numpy": "2.3.5", **AUGUR_PINS}, "passed", "augur 34.1.3 with numpy 2.3.5, just below 2.4"),
                Stack({"nextstrain-augur": "34.1.4", "numpy": "2.4.6", **AUGUR_PINS}, "passed", "augur 34.1.4, just above the range, with numpy 2.4.6"))),
    "curated/hrv-analysis-1.0.5-numpy-2.4": Proof(
        check=HRV_ANALYSIS_CHECK, signature="no attribute 'trapz'",
        stacks=(Stack({"hrv-analysis": "1.0.5", "numpy": "2.4.0", **HRV_ANALYSIS_PINS}, "failed", "hrv-analysis 1.0.5 with numpy 2.4.0"),
                Stack({"hrv-analysis": "1.0.5", "numpy": "2.4.6", **HRV_ANALYSIS_PINS}, "failed", "hrv-analysis 1.0.5 with numpy 2.4.6"),
                Stack({"hrv-analysis": "1.0.5", "numpy": "2.3.5", **HRV_ANALYSIS_PINS}, "passed", "hrv-analysis 1.0.5 with numpy 2.3.5, just below 2.4"))),
    "curated/zest-releaser-9.0-9.3.0-setuptools-82": Proof(
        check=ZEST_RELEASER_CHECK, signature="pkg_resources",
        stacks=(Stack({"zest-releaser": "9.0.0", "setuptools": "82.0.0"}, "failed", "zest.releaser 9.0.0 with setuptools 82.0.0"),
                Stack({"zest-releaser": "9.0.0", "setuptools": "84.2.1"}, "failed", "zest.releaser 9.0.0 with setuptools 84.2.1"),
                Stack({"zest-releaser": "9.3.0", "setuptools": "82.0.0"}, "failed", "zest.releaser 9.3.0 with setuptools 82.0.0"),
                Stack({"zest-releaser": "9.3.0", "setuptools": "84.2.1"}, "failed", "zest.releaser 9.3.0 with setuptools 84.2.1"),
                Stack({"zest-releaser": "9.0.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"zest-releaser": "9.3.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"zest-releaser": "9.3.1", "setuptools": "84.2.1"}, "passed",
                      "zest.releaser 9.3.1, the first release above the range, no longer imports pkg_resources"))),
    "curated/streamz-0.6.2-0.6.4-setuptools-82": Proof(
        check=STREAMZ_CHECK, signature="pkg_resources",
        stacks=(Stack({"streamz": "0.6.2", "setuptools": "82.0.0"}, "failed", "streamz 0.6.2 with setuptools 82.0.0"),
                Stack({"streamz": "0.6.2", "setuptools": "84.2.1"}, "failed", "streamz 0.6.2 with setuptools 84.2.1"),
                Stack({"streamz": "0.6.4", "setuptools": "82.0.0"}, "failed", "streamz 0.6.4 with setuptools 82.0.0"),
                Stack({"streamz": "0.6.4", "setuptools": "84.2.1"}, "failed", "streamz 0.6.4 with setuptools 84.2.1"),
                Stack({"streamz": "0.6.2", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"streamz": "0.6.4", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"streamz": "0.6.5", "setuptools": "84.2.1"}, "passed",
                      "streamz 0.6.5, the first release above the range, loads plugins with importlib.metadata"))),
    "curated/jenkins-job-builder-6.4.2-6.5.0-setuptools-82": Proof(
        check=JENKINS_JOBS_CHECK, signature="No jjb.cli.subcommands extensions found",
        stacks=(Stack({"jenkins-job-builder": "6.4.2", "setuptools": "82.0.0"}, "failed", "jenkins-job-builder 6.4.2 with setuptools 82.0.0"),
                Stack({"jenkins-job-builder": "6.4.2", "setuptools": "84.2.1"}, "failed", "jenkins-job-builder 6.4.2 with setuptools 84.2.1"),
                Stack({"jenkins-job-builder": "6.5.0", "setuptools": "82.0.0"}, "failed", "jenkins-job-builder 6.5.0 with setuptools 82.0.0"),
                Stack({"jenkins-job-builder": "6.5.0", "setuptools": "84.2.1"}, "failed", "jenkins-job-builder 6.5.0 with setuptools 84.2.1"),
                Stack({"jenkins-job-builder": "6.4.2", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"),
                # 6.5.0 is the newest release: no fixed release exists
                Stack({"jenkins-job-builder": "6.5.0", "setuptools": "81.0.0"}, "passed", "setuptools 81.0.0, just below 82"))),
    "curated/pysheds-0.3-0.3.5-numpy-2": Proof(
        check=PYSHEDS_CHECK, signature="no attribute 'bool8'",
        stacks=(Stack({"pysheds": "0.3", "numpy": "2.0.0", **PYSHEDS_PINS}, "failed", "pysheds 0.3 with numpy 2.0.0"),
                Stack({"pysheds": "0.3", "numpy": "2.4.6", **PYSHEDS_PINS}, "failed", "pysheds 0.3 with numpy 2.4.6"),
                Stack({"pysheds": "0.3.5", "numpy": "2.0.0", **PYSHEDS_PINS}, "failed", "pysheds 0.3.5 with numpy 2.0.0"),
                Stack({"pysheds": "0.3.5", "numpy": "2.4.6", **PYSHEDS_PINS}, "failed", "pysheds 0.3.5 with numpy 2.4.6"),
                Stack({"pysheds": "0.3", "numpy": "1.26.4", **PYSHEDS_PINS}, "passed", "pysheds 0.3 with numpy 1.26.4, just below 2"),
                Stack({"pysheds": "0.3.5", "numpy": "1.26.4", **PYSHEDS_PINS}, "passed", "pysheds 0.3.5 with numpy 1.26.4, just below 2"),
                Stack({"pysheds": "0.4", "numpy": "2.4.6", **PYSHEDS_PINS}, "passed", "pysheds 0.4, just above the range, with numpy 2.4.6"))),
    "curated/pandera-0.18-0.19.3-numpy-2": Proof(
        check=PANDERA_CHECK, signature="np.string_",
        stacks=(Stack({"pandera": "0.18.0", "numpy": "2.0.0", **PANDERA_PINS}, "failed", "pandera 0.18.0 with numpy 2.0.0"),
                Stack({"pandera": "0.18.0", "numpy": "2.4.6", **PANDERA_PINS}, "failed", "pandera 0.18.0 with numpy 2.4.6"),
                Stack({"pandera": "0.19.3", "numpy": "2.0.0", **PANDERA_PINS}, "failed", "pandera 0.19.3 with numpy 2.0.0"),
                Stack({"pandera": "0.19.3", "numpy": "2.4.6", **PANDERA_PINS}, "failed", "pandera 0.19.3 with numpy 2.4.6"),
                Stack({"pandera": "0.18.0", "numpy": "1.26.4", **PANDERA_PINS}, "passed", "pandera 0.18.0 with numpy 1.26.4, just below 2"),
                Stack({"pandera": "0.19.3", "numpy": "1.26.4", **PANDERA_PINS}, "passed", "pandera 0.19.3 with numpy 1.26.4, just below 2"),
                Stack({"pandera": "0.20.0", "numpy": "2.4.6", **PANDERA_PINS}, "passed", "pandera 0.20.0, just above the range, with numpy 2.4.6"))),
    "curated/deerlab-1.1.4-numpy-2.4": Proof(
        check=DEERLAB_CHECK, signature="no attribute 'trapz'",
        stacks=(Stack({"deerlab": "1.1.4", "numpy": "2.4.1", **DEERLAB_PINS}, "failed", "deerlab 1.1.4 with numpy 2.4.1 (2.4.0 is yanked)"),
                Stack({"deerlab": "1.1.4", "numpy": "2.4.6", **DEERLAB_PINS}, "failed", "deerlab 1.1.4 with numpy 2.4.6"),
                Stack({"deerlab": "1.1.4", "numpy": "2.3.5", **DEERLAB_PINS}, "passed", "deerlab 1.1.4 with numpy 2.3.5, just below 2.4"),
                Stack({"deerlab": "1.1.5", "numpy": "2.4.6", **DEERLAB_PINS}, "passed", "deerlab 1.1.5, just above the range, with numpy 2.4.6"))),
    "curated/sphinx-2.1-3.4-jinja2-3.1": Proof(
        check=SPHINX_HTML + "''", signature="environmentfilter",
        stacks=(Stack({"sphinx": "2.1.0", "jinja2": "3.1.0", **SPHINX3_PINS}, "failed", "Sphinx 2.1.0 with Jinja2 3.1.0"),
                Stack({"sphinx": "3.0.0", "jinja2": "3.1.0", **SPHINX3_PINS}, "failed", "Sphinx 3.0.0 with Jinja2 3.1.0"),
                Stack({"sphinx": "3.4.3", "jinja2": "3.1.6", **SPHINX3_PINS}, "failed", "Sphinx 3.4.3 with Jinja2 3.1.6"),
                Stack({"sphinx": "2.1.0", "jinja2": "3.0.3", **SPHINX3_PINS}, "passed", "Sphinx 2.1.0 with Jinja2 3.0.3, just below 3.1"),
                Stack({"sphinx": "3.0.0", "jinja2": "3.0.3", **SPHINX3_PINS}, "passed", "Sphinx 3.0.0 with Jinja2 3.0.3, just below 3.1"),
                Stack({"sphinx": "3.4.3", "jinja2": "3.0.3", **SPHINX3_PINS}, "passed", "Sphinx 3.4.3 with Jinja2 3.0.3, just below 3.1"),
                Stack({"sphinx": "4.2.0", "jinja2": "3.1.6", **SPHINX3_PINS}, "passed",
                      "Sphinx 4.2.0, the first release with the fix that runs on Python 3.11, with Jinja2 3.1.6"))),
    "curated/trezor-0.12.3-0.13.0-click-8.1": Proof(
        check="trezorctl version", signature="resultcallback",
        stacks=(Stack({"trezor": "0.12.3", "click": "8.1.0", **TREZOR_PINS}, "failed", "trezor 0.12.3 with click 8.1.0"),
                Stack({"trezor": "0.13.0", "click": "8.5.1", **TREZOR_PINS}, "failed", "trezor 0.13.0 with click 8.5.1"),
                Stack({"trezor": "0.12.3", "click": "8.0.4", **TREZOR_PINS}, "passed", "trezor 0.12.3 with click 8.0.4, just below 8.1"),
                Stack({"trezor": "0.13.0", "click": "8.0.4", **TREZOR_PINS}, "passed", "trezor 0.13.0 with click 8.0.4, just below 8.1"),
                Stack({"trezor": "0.13.1", "click": "8.1.8", **TREZOR_PINS}, "passed",
                      "trezor 0.13.1, just above the range, with click 8.1.8 (the newest it allows)")),
        roots=("pillow",)),
    "curated/ascmhl-0.4.2-0.9-click-8.1": Proof(
        check=ASCMHL_CHECK, signature="resultcallback",
        stacks=(Stack({"ascmhl": "0.4.2", "click": "8.1.0", **ASCMHL_PINS}, "failed", "ascmhl 0.4.2 with click 8.1.0"),
                Stack({"ascmhl": "0.9", "click": "8.5.1", **ASCMHL_PINS}, "failed", "ascmhl 0.9 with click 8.5.1"),
                Stack({"ascmhl": "0.4.2", "click": "8.0.4", **ASCMHL_PINS}, "passed", "ascmhl 0.4.2 with click 8.0.4, just below 8.1"),
                Stack({"ascmhl": "0.9", "click": "8.0.4", **ASCMHL_PINS}, "passed", "ascmhl 0.9 with click 8.0.4, just below 8.1"),
                Stack({"ascmhl": "0.9.1", "click": "7.1.2", **ASCMHL_PINS}, "passed",
                      "ascmhl 0.9.1, just above the range, with click 7.1.2 (the newest it allows)"))),
    "curated/quart-0.7-0.16-jinja2-3.1": Proof(
        check=QUART_404_CHECK, signature="from 'jinja2'",
        stacks=(Stack({"quart": "0.7.0", "jinja2": "3.1.0", **QUART07_PINS}, "failed", "Quart 0.7.0 with Jinja2 3.1.0"),
                Stack({"quart": "0.16.3", "jinja2": "3.1.6", **QUART016_PINS}, "failed", "Quart 0.16.3 with Jinja2 3.1.6"),
                Stack({"quart": "0.7.0", "jinja2": "3.0.3", **QUART07_PINS}, "passed", "Quart 0.7.0 with Jinja2 3.0.3, just below 3.1"),
                Stack({"quart": "0.16.3", "jinja2": "3.0.3", **QUART016_PINS}, "passed", "Quart 0.16.3 with Jinja2 3.0.3, just below 3.1"),
                Stack({"quart": "0.17.0", "jinja2": "3.1.6", **QUART016_PINS}, "passed", "Quart 0.17.0, just above the range, with Jinja2 3.1.6"))),
    "curated/mkdocstrings-0.16.2-0.17-jinja2-3.1": Proof(
        check=MKDOCSTRINGS_CHECK, signature="contextfunction",
        stacks=(Stack({"mkdocstrings": "0.16.2", "jinja2": "3.1.0", **MKDOCSTRINGS016_PINS}, "failed",
                      "mkdocstrings 0.16.2 with Jinja2 3.1.0"),
                Stack({"mkdocstrings": "0.17.0", "jinja2": "3.1.6", **MKDOCSTRINGS017_PINS}, "failed",
                      "mkdocstrings 0.17.0 with Jinja2 3.1.6"),
                Stack({"mkdocstrings": "0.16.2", "jinja2": "3.0.3", **MKDOCSTRINGS016_PINS}, "passed",
                      "mkdocstrings 0.16.2 with Jinja2 3.0.3, just below 3.1"),
                Stack({"mkdocstrings": "0.17.0", "jinja2": "3.0.3", **MKDOCSTRINGS017_PINS}, "passed",
                      "mkdocstrings 0.17.0 with Jinja2 3.0.3, just below 3.1"),
                Stack({"mkdocstrings": "0.18.1", "jinja2": "3.1.6", "mkdocstrings-python-legacy": "0.2.2",
                       **MKDOCSTRINGS017_PINS}, "passed", "mkdocstrings 0.18.1 with Jinja2 3.1.6"))),
    "curated/nbconvert-5.6.1-6.1-jinja2-3.1": Proof(
        check=NBCONVERT_HTML_CHECK, signature="contextfilter",
        stacks=(Stack({"nbconvert": "5.6.1", "jinja2": "3.1.0", **NBCONVERT_PINS}, "failed",
                      "nbconvert 5.6.1 with Jinja2 3.1.0"),
                Stack({"nbconvert": "6.0.0", "jinja2": "3.1.6", **NBCONVERT_PINS}, "failed",
                      "nbconvert 6.0.0 with Jinja2 3.1.6"),
                Stack({"nbconvert": "6.1.0", "jinja2": "3.1.6", **NBCONVERT_PINS}, "failed",
                      "nbconvert 6.1.0 with Jinja2 3.1.6"),
                Stack({"nbconvert": "5.6.1", "jinja2": "3.0.3", **NBCONVERT_PINS}, "passed",
                      "nbconvert 5.6.1 with Jinja2 3.0.3, just below 3.1"),
                Stack({"nbconvert": "6.1.0", "jinja2": "3.0.3", **NBCONVERT_PINS}, "passed",
                      "nbconvert 6.1.0 with Jinja2 3.0.3, just below 3.1"))),
    "curated/pelican-4.2-4.6-jinja2-3.1": Proof(
        check=PELICAN_CHECK, signature="Markup",
        stacks=(Stack({"pelican": "4.2.0", "jinja2": "3.1.0", **PELICAN_PINS}, "failed", "Pelican 4.2.0 with Jinja2 3.1.0"),
                Stack({"pelican": "4.6.0", "jinja2": "3.1.6", **PELICAN_PINS}, "failed", "Pelican 4.6.0 with Jinja2 3.1.6"),
                Stack({"pelican": "4.2.0", "jinja2": "3.0.3", **PELICAN_PINS}, "passed", "Pelican 4.2.0 with Jinja2 3.0.3, just below 3.1"),
                Stack({"pelican": "4.6.0", "jinja2": "3.0.3", **PELICAN_PINS}, "passed", "Pelican 4.6.0 with Jinja2 3.0.3, just below 3.1"),
                Stack({"pelican": "4.7.0", "jinja2": "3.1.6", **PELICAN_PINS}, "passed", "Pelican 4.7.0, just above the range, with Jinja2 3.1.6"))),
    "curated/rq-1.9-1.10.0-click-8.1": Proof(
        check=RQ_INFO_CHECK, signature="get_terminal_size",
        stacks=(Stack({"rq": "1.9.0", "click": "8.1.0", **RQ_PINS}, "failed", "rq 1.9.0 with click 8.1.0"),
                Stack({"rq": "1.10.0", "click": "8.5.1", **RQ_PINS}, "failed", "rq 1.10.0 with click 8.5.1"),
                Stack({"rq": "1.9.0", "click": "8.0.4", **RQ_PINS}, "passed", "rq 1.9.0 with click 8.0.4, just below 8.1"),
                Stack({"rq": "1.10.0", "click": "8.0.4", **RQ_PINS}, "passed", "rq 1.10.0 with click 8.0.4, just below 8.1"),
                Stack({"rq": "1.10.1", "click": "8.5.1", **RQ_PINS}, "passed", "rq 1.10.1, just above the range, with click 8.5.1")),
        roots=("fakeredis",)),
    "curated/flask-oidc-ext-1.4.1-1.4.4-itsdangerous-2.1": Proof(
        check=FLASK_OIDC_EXT_CHECK, signature="JSONWebSignatureSerializer",
        stacks=(Stack({"flask-oidc-ext": "1.4.1", "itsdangerous": "2.1.0", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "failed",
                      "flask-oidc-ext 1.4.1 with itsdangerous 2.1.0"),
                Stack({"flask-oidc-ext": "1.4.4", "itsdangerous": "2.2.0", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "failed",
                      "flask-oidc-ext 1.4.4 with itsdangerous 2.2.0"),
                Stack({"flask-oidc-ext": "1.4.1", "itsdangerous": "2.0.1", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "passed",
                      "flask-oidc-ext 1.4.1 with itsdangerous 2.0.1, just below 2.1"),
                Stack({"flask-oidc-ext": "1.4.4", "itsdangerous": "2.0.1", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "passed",
                      "flask-oidc-ext 1.4.4 with itsdangerous 2.0.1, just below 2.1"),
                Stack({"flask-oidc-ext": "1.4.5", "itsdangerous": "2.2.0", "jinja2": "3.1.2", **FLASK22_CLICK8_PINS}, "passed",
                      "flask-oidc-ext 1.4.5, just above the range, with itsdangerous 2.2.0"))),
    "curated/pyramid-jinja2-2.7-2.8-jinja2-3.1": Proof(
        check=PYRAMID_JINJA2_FILTERS_CHECK, signature="contextfilter",
        stacks=(Stack({"pyramid-jinja2": "2.7", "jinja2": "3.1.0", **PYRAMID_PINS}, "failed", "pyramid_jinja2 2.7 with Jinja2 3.1.0"),
                Stack({"pyramid-jinja2": "2.8", "jinja2": "3.1.6", **PYRAMID_PINS}, "failed", "pyramid_jinja2 2.8 with Jinja2 3.1.6"),
                Stack({"pyramid-jinja2": "2.7", "jinja2": "3.0.3", **PYRAMID_PINS}, "passed", "pyramid_jinja2 2.7 with Jinja2 3.0.3, just below 3.1"),
                Stack({"pyramid-jinja2": "2.8", "jinja2": "3.0.3", **PYRAMID_PINS}, "passed", "pyramid_jinja2 2.8 with Jinja2 3.0.3, just below 3.1"),
                Stack({"pyramid-jinja2": "2.9.2", "jinja2": "3.1.6", **PYRAMID_PINS}, "passed",
                      "pyramid_jinja2 2.9.2, the next release on the index, with Jinja2 3.1.6"))),
    "curated/confight-0.3-1.3-setuptools-82": Proof(
        check=CONFIGHT_TOML_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"confight": "0.3", "setuptools": "82.0.0", "toml": "0.10.2"}, "failed", "confight 0.3 with setuptools 82.0.0"),
                Stack({"confight": "0.3", "setuptools": "84.2.1", "toml": "0.10.2"}, "failed", "confight 0.3 with setuptools 84.2.1"),
                Stack({"confight": "1.3", "setuptools": "82.0.0", "toml": "0.10.2"}, "failed", "confight 1.3 with setuptools 82.0.0"),
                Stack({"confight": "1.3", "setuptools": "84.2.1", "toml": "0.10.2"}, "failed", "confight 1.3 with setuptools 84.2.1"),
                Stack({"confight": "0.3", "setuptools": "81.0.0", "toml": "0.10.2"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"confight": "1.3", "setuptools": "81.0.0", "toml": "0.10.2"}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"confight": "1.3.1", "setuptools": "84.2.1", "toml": "0.10.2"}, "passed",
                      "confight 1.3.1, just above the range, imports pkg_resources only for --version"))),
    "curated/openapi-spec-validator-0.3.3-0.4.0-setuptools-82": Proof(
        check=OPENAPI_SPEC_VALIDATOR_CHECK, signature="pkg_resources", roots=("setuptools",),
        stacks=(Stack({"openapi-spec-validator": "0.3.3", "setuptools": "82.0.0", "jsonschema": "3.2.0", "pyyaml": "6.0.4"}, "failed",
                      "openapi-spec-validator 0.3.3 with setuptools 82.0.0"),
                Stack({"openapi-spec-validator": "0.3.3", "setuptools": "84.2.1", "jsonschema": "3.2.0", "pyyaml": "6.0.4"}, "failed",
                      "openapi-spec-validator 0.3.3 with setuptools 84.2.1"),
                Stack({"openapi-spec-validator": "0.4.0", "setuptools": "82.0.0", "jsonschema": "4.17.3", "pyyaml": "6.0.4"}, "failed",
                      "openapi-spec-validator 0.4.0 with setuptools 82.0.0"),
                Stack({"openapi-spec-validator": "0.4.0", "setuptools": "84.2.1", "jsonschema": "4.17.3", "pyyaml": "6.0.4"}, "failed",
                      "openapi-spec-validator 0.4.0 with setuptools 84.2.1"),
                Stack({"openapi-spec-validator": "0.3.3", "setuptools": "81.0.0", "jsonschema": "3.2.0", "pyyaml": "6.0.4"}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"openapi-spec-validator": "0.4.0", "setuptools": "81.0.0", "jsonschema": "4.17.3", "pyyaml": "6.0.4"}, "passed",
                      "setuptools 81.0.0, just below 82"),
                Stack({"openapi-spec-validator": "0.5.0", "setuptools": "84.2.1", "jsonschema": "4.17.3", "pyyaml": "6.0.4"}, "passed",
                      "openapi-spec-validator 0.5.0, just above the range, reads its schemas with importlib-resources"))),
    "curated/scrapyd-1.4-1.5-setuptools-82": Proof(
        check=SCRAPYD_RUNNER_CHECK, signature="pkg_resources",
        stacks=(Stack({"scrapyd": "1.4.0", "setuptools": "82.0.0", **SCRAPYD_PINS}, "failed", "scrapyd 1.4.0 with setuptools 82.0.0"),
                Stack({"scrapyd": "1.4.0", "setuptools": "84.2.1", **SCRAPYD_PINS}, "failed", "scrapyd 1.4.0 with setuptools 84.2.1"),
                Stack({"scrapyd": "1.5.0", "setuptools": "82.0.0", **SCRAPYD_PINS}, "failed", "scrapyd 1.5.0 with setuptools 82.0.0"),
                Stack({"scrapyd": "1.5.0", "setuptools": "84.2.1", **SCRAPYD_PINS}, "failed", "scrapyd 1.5.0 with setuptools 84.2.1"),
                Stack({"scrapyd": "1.4.0", "setuptools": "81.0.0", **SCRAPYD_PINS}, "passed", "setuptools 81.0.0, just below 82"),
                Stack({"scrapyd": "1.5.0", "setuptools": "81.0.0", **SCRAPYD_PINS}, "passed", "setuptools 81.0.0, just below 82"),
                # 1.6.0 still imports pkg_resources but declares setuptools<81 itself
                Stack({"scrapyd": "1.6.0", "setuptools": "80.10.2", **SCRAPYD_PINS}, "passed",
                      "scrapyd 1.6.0, just above the range, with setuptools 80.10.2, the newest it allows"))),
    "curated/pytest-flake8-1.1.1-1.3.0-pytest-9.1": Proof(
        check=PYTEST_FLAKE8_CHECK, signature="pytest_collect_file",
        stacks=(Stack({"pytest-flake8": "1.1.1", "pytest": "9.1.0", "flake8": "4.0.1"}, "failed", "pytest-flake8 1.1.1 with pytest 9.1.0"),
                Stack({"pytest-flake8": "1.1.1", "pytest": "9.2.0", "flake8": "4.0.1"}, "failed", "pytest-flake8 1.1.1 with pytest 9.2.0"),
                Stack({"pytest-flake8": "1.3.0", "pytest": "9.1.0", "flake8": "7.5.0"}, "failed", "pytest-flake8 1.3.0 with pytest 9.1.0"),
                Stack({"pytest-flake8": "1.3.0", "pytest": "9.2.0", "flake8": "7.5.0"}, "failed", "pytest-flake8 1.3.0 with pytest 9.2.0"),
                Stack({"pytest-flake8": "1.1.1", "pytest": "9.0.3", "flake8": "4.0.1"}, "passed", "pytest 9.0.3, just below 9.1"),
                # 1.3.0 is the newest release: no fixed release exists
                Stack({"pytest-flake8": "1.3.0", "pytest": "9.0.3", "flake8": "7.5.0"}, "passed", "pytest 9.0.3, just below 9.1"))),
    "curated/pytest-pylint-0.21-pytest-9.1": Proof(
        check=PYTEST_PYLINT_CHECK, signature="pytest_collect_file",
        stacks=(Stack({"pytest-pylint": "0.21.0", "pytest": "9.1.0", "pylint": "4.1.5"}, "failed", "pytest-pylint 0.21.0 with pytest 9.1.0"),
                Stack({"pytest-pylint": "0.21.0", "pytest": "9.2.0", "pylint": "4.1.5"}, "failed", "pytest-pylint 0.21.0 with pytest 9.2.0"),
                # 0.21.0 is the newest release: no fixed release exists
                Stack({"pytest-pylint": "0.21.0", "pytest": "9.0.3", "pylint": "4.1.5"}, "passed", "pytest 9.0.3, just below 9.1"))),
    "curated/nbval-0.10-pytest-9.1": Proof(
        check=NBVAL_CHECK, signature="pytest_collect_file",
        stacks=(Stack({"nbval": "0.10.0", "pytest": "9.1.0", **NBVAL_PINS}, "failed", "nbval 0.10.0 with pytest 9.1.0"),
                Stack({"nbval": "0.10.0", "pytest": "9.2.0", **NBVAL_PINS}, "failed", "nbval 0.10.0 with pytest 9.2.0"),
                Stack({"nbval": "0.10.0", "pytest": "9.0.3", **NBVAL_PINS}, "passed", "pytest 9.0.3, just below 9.1"),
                Stack({"nbval": "0.11.0", "pytest": "9.2.0", **NBVAL_PINS}, "passed", "nbval 0.11.0, just above the range, implements the hook with file_path"))),
    "curated/pandera-0.17-0.18.0-multimethod-2": Proof(
        check=PANDERA_CHECK, signature="cannot import name 'overload'",
        stacks=(Stack({"pandera": "0.17.0", "multimethod": "2.0", **PANDERA_NUMPY1_PINS}, "failed", "pandera 0.17.0 with multimethod 2.0"),
                Stack({"pandera": "0.17.0", "multimethod": "2.1", **PANDERA_NUMPY1_PINS}, "failed", "pandera 0.17.0 with multimethod 2.1"),
                Stack({"pandera": "0.18.0", "multimethod": "2.0", **PANDERA_NUMPY1_PINS}, "failed", "pandera 0.18.0 with multimethod 2.0"),
                Stack({"pandera": "0.18.0", "multimethod": "2.1", **PANDERA_NUMPY1_PINS}, "failed", "pandera 0.18.0 with multimethod 2.1"),
                Stack({"pandera": "0.17.0", "multimethod": "1.12", **PANDERA_NUMPY1_PINS}, "passed", "multimethod 1.12, just below 2"),
                Stack({"pandera": "0.18.0", "multimethod": "1.12", **PANDERA_NUMPY1_PINS}, "passed", "multimethod 1.12, just below 2"),
                # 0.18.1 declares multimethod<=1.10 itself
                Stack({"pandera": "0.18.1", "multimethod": "1.10", **PANDERA_NUMPY1_PINS}, "passed",
                      "pandera 0.18.1, just above the range, with multimethod 1.10, the newest it allows"))),
    "curated/evaluate-0.4-0.4.6-huggingface-hub-1-cli": Proof(
        check=EVALUATE_CLI_CHECK, signature="cannot import name 'Repository'", roots=("cookiecutter",),
        stacks=(Stack({"evaluate": "0.4.0", "huggingface-hub": "1.0.0", "cookiecutter": "2.7.1"}, "failed", "evaluate 0.4.0 with huggingface-hub 1.0.0"),
                Stack({"evaluate": "0.4.0", "huggingface-hub": "2.4.0", "cookiecutter": "2.7.1"}, "failed", "evaluate 0.4.0 with huggingface-hub 2.4.0"),
                Stack({"evaluate": "0.4.6", "huggingface-hub": "1.0.0", "cookiecutter": "2.7.1"}, "failed", "evaluate 0.4.6 with huggingface-hub 1.0.0"),
                Stack({"evaluate": "0.4.6", "huggingface-hub": "2.4.0", "cookiecutter": "2.7.1"}, "failed", "evaluate 0.4.6 with huggingface-hub 2.4.0"),
                Stack({"evaluate": "0.4.0", "huggingface-hub": "0.36.2", "cookiecutter": "2.7.1"}, "passed", "huggingface-hub 0.36.2, just below 1.0"),
                # 0.4.6 is the newest release: no fixed release exists
                Stack({"evaluate": "0.4.6", "huggingface-hub": "0.36.2", "cookiecutter": "2.7.1"}, "passed", "huggingface-hub 0.36.2, just below 1.0"))),
    # NumPy 1.26.4 pinned below 1.1.3 (1.1.0 to 1.1.2 also call np.trapz, which NumPy 2.4 removed); 1.1.3 calls
    # np.trapezoid, which needs NumPy 2, so it is measured with NumPy 2.3.5
    "curated/deerlab-1.1.0-1.1.2-scipy-1.14": Proof(
        check=DEERLAB_CHECK, signature="cannot import name 'cumtrapz'",
        stacks=(Stack({"deerlab": "1.1.0", "scipy": "1.14.0", "numpy": "1.26.4", **DEERLAB11_PINS}, "failed",
                      "deerlab 1.1.0 with SciPy 1.14.0"),
                Stack({"deerlab": "1.1.0", "scipy": "1.17.1", "numpy": "1.26.4", **DEERLAB11_PINS}, "failed",
                      "deerlab 1.1.0 with SciPy 1.17.1"),
                Stack({"deerlab": "1.1.2", "scipy": "1.14.0", "numpy": "1.26.4", **DEERLAB11_PINS}, "failed",
                      "deerlab 1.1.2 with SciPy 1.14.0"),
                Stack({"deerlab": "1.1.2", "scipy": "1.17.1", "numpy": "1.26.4", **DEERLAB11_PINS}, "failed",
                      "deerlab 1.1.2 with SciPy 1.17.1"),
                Stack({"deerlab": "1.1.0", "scipy": "1.13.1", "numpy": "1.26.4", **DEERLAB11_PINS}, "passed",
                      "deerlab 1.1.0 with SciPy 1.13.1, just below 1.14"),
                Stack({"deerlab": "1.1.2", "scipy": "1.13.1", "numpy": "1.26.4", **DEERLAB11_PINS}, "passed",
                      "deerlab 1.1.2 with SciPy 1.13.1, just below 1.14"),
                Stack({"deerlab": "1.1.3", "scipy": "1.17.1", "numpy": "2.3.5", **DEERLAB11_PINS}, "passed",
                      "deerlab 1.1.3, just above the range, with SciPy 1.17.1"))),
    # the Sequential pipeline passes with every NumPy measured; no later imgaug release exists
    "curated/imgaug-0.4-numpy-1.24": Proof(
        check=IMGAUG_ONEOF_CHECK, signature="has no attribute 'bool'",
        stacks=(Stack({"imgaug": "0.4.0", "numpy": "1.24.0", **IMGAUG_PINS}, "failed", "imgaug 0.4.0 with NumPy 1.24.0"),
                Stack({"imgaug": "0.4.0", "numpy": "1.26.4", **IMGAUG_PINS}, "failed", "imgaug 0.4.0 with NumPy 1.26.4, the newest 1.x"),
                Stack({"imgaug": "0.4.0", "numpy": "1.23.5", **IMGAUG_PINS}, "passed", "NumPy 1.23.5, just below 1.24"))),
    # librosa 0.8.0 is an sdist (pure Python)
    "curated/librosa-0.8-numpy-1.24": Proof(
        check=LIBROSA_STFT_CHECK, signature="has no attribute 'complex'", roots=("setuptools",),
        stacks=(Stack({"librosa": "0.8.0", "numpy": "1.24.0", **LIBROSA_NP1_PINS}, "failed", "librosa 0.8.0 with NumPy 1.24.0"),
                Stack({"librosa": "0.8.0", "numpy": "2.4.6", **LIBROSA_NP2_PINS}, "failed", "librosa 0.8.0 with NumPy 2.4.6"),
                Stack({"librosa": "0.8.1", "numpy": "1.24.0", **LIBROSA_NP1_PINS}, "failed", "librosa 0.8.1 with NumPy 1.24.0"),
                Stack({"librosa": "0.8.1", "numpy": "2.4.6", **LIBROSA_NP2_PINS}, "failed", "librosa 0.8.1 with NumPy 2.4.6"),
                Stack({"librosa": "0.8.0", "numpy": "1.23.5", **LIBROSA_NP1_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"librosa": "0.8.1", "numpy": "1.23.5", **LIBROSA_NP1_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"librosa": "0.9.0", "numpy": "2.4.6", **LIBROSA_NP2_PINS}, "passed",
                      "librosa 0.9.0, just above the range, with NumPy 2.4.6"))),
    # STFT and MFCCs pass with every NumPy measured; only the inverse STFT breaks
    "curated/librosa-0.9-numpy-1.24": Proof(
        check=LIBROSA_ISTFT_CHECK, signature="has no attribute 'float'", roots=("setuptools",),
        stacks=(Stack({"librosa": "0.9.0", "numpy": "1.24.0", **LIBROSA_NP1_PINS}, "failed", "librosa 0.9.0 with NumPy 1.24.0"),
                Stack({"librosa": "0.9.0", "numpy": "2.4.6", **LIBROSA_NP2_PINS}, "failed", "librosa 0.9.0 with NumPy 2.4.6"),
                Stack({"librosa": "0.9.2", "numpy": "1.24.0", **LIBROSA_NP1_PINS}, "failed", "librosa 0.9.2 with NumPy 1.24.0"),
                Stack({"librosa": "0.9.2", "numpy": "2.4.6", **LIBROSA_NP2_PINS}, "failed", "librosa 0.9.2 with NumPy 2.4.6"),
                Stack({"librosa": "0.9.0", "numpy": "1.23.5", **LIBROSA_NP1_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"librosa": "0.9.2", "numpy": "1.23.5", **LIBROSA_NP1_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"librosa": "0.10.0", "numpy": "1.26.4", **LIBROSA_NP1_PINS}, "passed",
                      "librosa 0.10.0, just above the range, with NumPy 1.26.4"),
                Stack({"librosa": "0.10.0", "numpy": "2.4.6", **LIBROSA_NP2_PINS}, "passed",
                      "librosa 0.10.0 with NumPy 2.4.6"))),
    # pygad 2.18.2's wheel holds no package; 2.18.3 fails with NumPy 2.4 on another error (in random mutation), so
    # it is measured with NumPy 2.3.5
    "curated/pygad-2.13-2.18.1-numpy-1.24": Proof(
        check=PYGAD_CHECK, signature="has no attribute 'int'",
        stacks=(Stack({"pygad": "2.13.0", "numpy": "1.24.0", **PYGAD_PINS}, "failed", "pygad 2.13.0 with NumPy 1.24.0"),
                Stack({"pygad": "2.13.0", "numpy": "2.4.6", **PYGAD_PINS}, "failed", "pygad 2.13.0 with NumPy 2.4.6"),
                Stack({"pygad": "2.18.1", "numpy": "1.24.0", **PYGAD_PINS}, "failed", "pygad 2.18.1 with NumPy 1.24.0"),
                Stack({"pygad": "2.18.1", "numpy": "2.4.6", **PYGAD_PINS}, "failed", "pygad 2.18.1 with NumPy 2.4.6"),
                Stack({"pygad": "2.13.0", "numpy": "1.23.5", **PYGAD_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"pygad": "2.18.1", "numpy": "1.23.5", **PYGAD_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"pygad": "2.18.3", "numpy": "1.24.0", **PYGAD_PINS}, "passed", "pygad 2.18.3, just above the range"),
                Stack({"pygad": "2.18.3", "numpy": "2.3.5", **PYGAD_PINS}, "passed", "pygad 2.18.3 with NumPy 2.3.5"))),
    # the time-domain hp.process passes with every NumPy measured; no later heartpy release exists
    "curated/heartpy-1.2.6-1.2.7-numpy-2.4": Proof(
        check=HEARTPY_CHECK, signature="has no attribute 'trapz'", roots=("setuptools",),
        stacks=(Stack({"heartpy": "1.2.6", "numpy": "2.4.1", **HEARTPY_PINS}, "failed", "heartpy 1.2.6 with NumPy 2.4.1 (2.4.0 is yanked)"),
                Stack({"heartpy": "1.2.6", "numpy": "2.4.6", **HEARTPY_PINS}, "failed", "heartpy 1.2.6 with NumPy 2.4.6"),
                Stack({"heartpy": "1.2.7", "numpy": "2.4.1", **HEARTPY_PINS}, "failed", "heartpy 1.2.7 with NumPy 2.4.1 (2.4.0 is yanked)"),
                Stack({"heartpy": "1.2.7", "numpy": "2.4.6", **HEARTPY_PINS}, "failed", "heartpy 1.2.7 with NumPy 2.4.6"),
                Stack({"heartpy": "1.2.6", "numpy": "2.3.5", **HEARTPY_PINS}, "passed", "NumPy 2.3.5, just below 2.4"),
                Stack({"heartpy": "1.2.7", "numpy": "2.3.5", **HEARTPY_PINS}, "passed", "NumPy 2.3.5, just below 2.4"))),
    "curated/acme-1.21-2.11.0-josepy-2": Proof(
        check=ACME_CHECK, signature="has no attribute 'ComparableX509'",
        stacks=(Stack({"acme": "1.21.0", "josepy": "2.0.0", **ACME_PINS}, "failed", "acme 1.21.0 with josepy 2.0.0"),
                Stack({"acme": "2.11.0", "josepy": "2.2.0", **ACME_PINS}, "failed", "acme 2.11.0 with the newest josepy"),
                Stack({"acme": "1.21.0", "josepy": "1.15.0", **ACME_PINS}, "passed", "josepy 1.15.0, just below 2"),
                Stack({"acme": "2.11.0", "josepy": "1.15.0", **ACME_PINS}, "passed", "josepy 1.15.0, just below 2"),
                Stack({"acme": "2.11.1", "josepy": "1.15.0", **ACME_PINS}, "passed",
                      "acme 2.11.1, just above the range (declares josepy<2), with josepy 1.15.0"))),
    "curated/requests-pkcs12-1.0.2-1.10-pyopenssl-23.3": Proof(
        check=REQUESTS_PKCS12_CHECK, signature="cannot import name 'load_pkcs12'",
        stacks=(Stack({"requests-pkcs12": "1.0.2", "pyopenssl": "23.3.0", **REQUESTS_PKCS12_PINS}, "failed",
                      "requests-pkcs12 1.0.2 with pyOpenSSL 23.3.0"),
                Stack({"requests-pkcs12": "1.10", "pyopenssl": "26.4.0", **REQUESTS_PKCS12_PINS}, "failed",
                      "requests-pkcs12 1.10 with the newest pyOpenSSL"),
                Stack({"requests-pkcs12": "1.0.2", "pyopenssl": "23.2.0", **REQUESTS_PKCS12_PINS}, "passed",
                      "pyOpenSSL 23.2.0, just below 23.3"),
                Stack({"requests-pkcs12": "1.10", "pyopenssl": "23.2.0", **REQUESTS_PKCS12_PINS}, "passed",
                      "pyOpenSSL 23.2.0, just below 23.3"),
                Stack({"requests-pkcs12": "1.12", "pyopenssl": "26.4.0", **REQUESTS_PKCS12_PINS}, "passed",
                      "requests-pkcs12 1.12 (1.11 moved to cryptography but its expiry check fails) with the newest pyOpenSSL"))),
    "curated/josepy-1.10-1.15-pyopenssl-26.3": Proof(
        check=JOSEPY_CHECK, signature="has no attribute 'X509Req'",
        stacks=(Stack({"josepy": "1.10.0", "pyopenssl": "26.3.0"}, "failed", "josepy 1.10.0 with pyOpenSSL 26.3.0"),
                Stack({"josepy": "1.15.0", "pyopenssl": "26.4.0"}, "failed", "josepy 1.15.0 with the newest pyOpenSSL"),
                Stack({"josepy": "1.10.0", "pyopenssl": "26.2.0"}, "passed", "pyOpenSSL 26.2.0, just below 26.3"),
                Stack({"josepy": "1.15.0", "pyopenssl": "26.2.0"}, "passed", "pyOpenSSL 26.2.0, just below 26.3"),
                Stack({"josepy": "2.0.0"}, "passed", "josepy 2.0.0, just above the range, which no longer uses pyOpenSSL"))),
    "curated/scrapy-2.4-2.6.2-pyopenssl-22.1": Proof(
        check=SCRAPY_TLS_CHECK, signature="has no attribute 'SSLv3_METHOD'",
        stacks=(Stack({"scrapy": "2.4.0", "pyopenssl": "22.1.0", "cryptography": "38.0.4", **SCRAPY26_PINS}, "failed",
                      "Scrapy 2.4.0 with pyOpenSSL 22.1.0"),
                Stack({"scrapy": "2.6.2", "pyopenssl": "26.4.0", **SCRAPY26_PINS}, "failed",
                      "Scrapy 2.6.2 with the newest pyOpenSSL"),
                Stack({"scrapy": "2.4.0", "pyopenssl": "22.0.0", "cryptography": "38.0.4", **SCRAPY26_PINS}, "passed",
                      "pyOpenSSL 22.0.0, just below 22.1"),
                Stack({"scrapy": "2.6.2", "pyopenssl": "22.0.0", "cryptography": "38.0.4", **SCRAPY26_PINS}, "passed",
                      "pyOpenSSL 22.0.0, just below 22.1"),
                Stack({"scrapy": "2.6.3", "pyopenssl": "26.4.0", **SCRAPY26_PINS}, "passed",
                      "Scrapy 2.6.3, just above the range, with the newest pyOpenSSL"))),
    "curated/pysaml2-7.0-7.5.0-pyopenssl-24.3": Proof(
        check=PYSAML2_VERIFY_CHECK, signature="has no attribute 'verify'",
        stacks=(Stack({"pysaml2": "7.0.0", "pyopenssl": "24.3.0", "cryptography": "43.0.3", **PYSAML2_PINS}, "failed",
                      "pysaml2 7.0.0 with pyOpenSSL 24.3.0"),
                Stack({"pysaml2": "7.5.0", "pyopenssl": "26.4.0", **PYSAML2_PINS}, "failed",
                      "pysaml2 7.5.0 with the newest pyOpenSSL"),
                Stack({"pysaml2": "7.0.0", "pyopenssl": "24.2.1", "cryptography": "43.0.3", **PYSAML2_PINS}, "passed",
                      "pyOpenSSL 24.2.1, just below 24.3"),
                Stack({"pysaml2": "7.5.0", "pyopenssl": "24.2.1", "cryptography": "43.0.3", **PYSAML2_PINS}, "passed",
                      "pyOpenSSL 24.2.1, just below 24.3"),
                Stack({"pysaml2": "7.5.1", "pyopenssl": "24.2.1", "cryptography": "43.0.3", **PYSAML2_PINS}, "passed",
                      "pysaml2 7.5.1, just above the range (declares pyopenssl<24.3.0), with pyOpenSSL 24.2.1")),
        roots=("setuptools",)),
    "curated/eli5-0.13.0-scikit-learn-1.3": Proof(
        check=ELI5_CHECK, signature="if_delegate_has_method",
        stacks=(Stack({"eli5": "0.13.0", "scikit-learn": "1.3.0", **SKLEARN_NP1_PINS}, "failed", "eli5 0.13.0 with scikit-learn 1.3.0"),
                Stack({"eli5": "0.13.0", "scikit-learn": "1.9.1", **SKLEARN_NP1_PINS}, "failed", "eli5 0.13.0 with scikit-learn 1.9.1"),
                Stack({"eli5": "0.13.0", "scikit-learn": "1.2.2", **SKLEARN_NP1_PINS}, "passed",
                      "eli5 0.13.0 with scikit-learn 1.2.2, just below 1.3"),
                Stack({"eli5": "0.14.0", "scikit-learn": "1.9.1", **SKLEARN_NP1_PINS}, "passed",
                      "eli5 0.14.0, just above the range, with scikit-learn 1.9.1"))),
    "curated/sklearn-genetic-0.4-0.5.1-scikit-learn-1.3": Proof(
        check=GENETIC_CHECK, signature="if_delegate_has_method",
        stacks=(Stack({"sklearn-genetic": "0.4.0", "scikit-learn": "1.3.0", **GENETIC_OLD_PINS}, "failed",
                      "sklearn-genetic 0.4.0 with scikit-learn 1.3.0"),
                Stack({"sklearn-genetic": "0.4.0", "scikit-learn": "1.9.1", **GENETIC_PINS}, "failed",
                      "sklearn-genetic 0.4.0 with scikit-learn 1.9.1"),
                Stack({"sklearn-genetic": "0.5.1", "scikit-learn": "1.3.0", **GENETIC_OLD_PINS}, "failed",
                      "sklearn-genetic 0.5.1 with scikit-learn 1.3.0"),
                Stack({"sklearn-genetic": "0.5.1", "scikit-learn": "1.9.1", **GENETIC_PINS}, "failed",
                      "sklearn-genetic 0.5.1 with scikit-learn 1.9.1"),
                Stack({"sklearn-genetic": "0.4.0", "scikit-learn": "1.2.2", **GENETIC_OLD_PINS}, "passed",
                      "sklearn-genetic 0.4.0 with scikit-learn 1.2.2, just below 1.3"),
                Stack({"sklearn-genetic": "0.5.1", "scikit-learn": "1.2.2", **GENETIC_OLD_PINS}, "passed",
                      "sklearn-genetic 0.5.1 with scikit-learn 1.2.2, just below 1.3"),
                Stack({"sklearn-genetic": "0.6.0", "scikit-learn": "1.3.0", **GENETIC_PINS}, "passed",
                      "sklearn-genetic 0.6.0, just above the range, with scikit-learn 1.3.0"),
                Stack({"sklearn-genetic": "0.6.0", "scikit-learn": "1.5.2", **GENETIC_PINS}, "passed",
                      "sklearn-genetic 0.6.0 with scikit-learn 1.5.2 (it fails with 1.6 under its own rule)"))),
    "curated/sklearn-genetic-0.6.0-scikit-learn-1.6": Proof(
        check=GENETIC_CHECK, signature="unexpected keyword argument 'fit_params'",
        stacks=(Stack({"sklearn-genetic": "0.6.0", "scikit-learn": "1.6.0", **GENETIC_PINS}, "failed",
                      "sklearn-genetic 0.6.0 with scikit-learn 1.6.0"),
                Stack({"sklearn-genetic": "0.6.0", "scikit-learn": "1.6.1", **GENETIC_PINS}, "failed",
                      "sklearn-genetic 0.6.0 with scikit-learn 1.6.1, the last before 1.7"),
                Stack({"sklearn-genetic": "0.6.0", "scikit-learn": "1.5.2", **GENETIC_PINS}, "passed",
                      "sklearn-genetic 0.6.0 with scikit-learn 1.5.2, just below 1.6"))),
    "curated/sklearn-pandas-2.0-2.2-scikit-learn-1.7": Proof(
        check=SKLEARN_PANDAS_CHECK, signature="tosequence",
        stacks=(Stack({"sklearn-pandas": "2.0.0", "scikit-learn": "1.7.0", **SKLEARN_PANDAS_PINS}, "failed",
                      "sklearn-pandas 2.0.0 with scikit-learn 1.7.0"),
                Stack({"sklearn-pandas": "2.0.0", "scikit-learn": "1.9.1", **SKLEARN_PANDAS_PINS}, "failed",
                      "sklearn-pandas 2.0.0 with scikit-learn 1.9.1"),
                Stack({"sklearn-pandas": "2.2.0", "scikit-learn": "1.7.0", **SKLEARN_PANDAS_PINS}, "failed",
                      "sklearn-pandas 2.2.0 with scikit-learn 1.7.0"),
                Stack({"sklearn-pandas": "2.2.0", "scikit-learn": "1.9.1", **SKLEARN_PANDAS_PINS}, "failed",
                      "sklearn-pandas 2.2.0 with scikit-learn 1.9.1"),
                Stack({"sklearn-pandas": "2.0.0", "scikit-learn": "1.6.1", **SKLEARN_PANDAS_PINS}, "passed",
                      "sklearn-pandas 2.0.0 with scikit-learn 1.6.1, just below 1.7"),
                Stack({"sklearn-pandas": "2.2.0", "scikit-learn": "1.6.1", **SKLEARN_PANDAS_PINS}, "passed",
                      "sklearn-pandas 2.2.0 with scikit-learn 1.6.1, just below 1.7")),
        roots=("six",)),
    "curated/mlxtend-0.22-0.23.4-scikit-learn-1.6": Proof(
        check=MLXTEND_STACKING_CHECK, signature="unexpected keyword argument 'fit_params'",
        stacks=(Stack({"mlxtend": "0.22.0", "scikit-learn": "1.6.0", **MLXTEND_SK_PINS}, "failed", "mlxtend 0.22.0 with scikit-learn 1.6.0"),
                Stack({"mlxtend": "0.22.0", "scikit-learn": "1.9.1", **MLXTEND_SK_PINS}, "failed", "mlxtend 0.22.0 with scikit-learn 1.9.1"),
                Stack({"mlxtend": "0.23.4", "scikit-learn": "1.6.0", **MLXTEND_SK_PINS}, "failed", "mlxtend 0.23.4 with scikit-learn 1.6.0"),
                Stack({"mlxtend": "0.23.4", "scikit-learn": "1.9.1", **MLXTEND_SK_PINS}, "failed", "mlxtend 0.23.4 with scikit-learn 1.9.1"),
                Stack({"mlxtend": "0.22.0", "scikit-learn": "1.5.2", **MLXTEND_SK_PINS}, "passed",
                      "mlxtend 0.22.0 with scikit-learn 1.5.2, just below 1.6"),
                Stack({"mlxtend": "0.23.4", "scikit-learn": "1.5.2", **MLXTEND_SK_PINS}, "passed",
                      "mlxtend 0.23.4 with scikit-learn 1.5.2, just below 1.6"),
                Stack({"mlxtend": "0.24.0", "scikit-learn": "1.9.1", **MLXTEND_SK_NEW_PINS}, "passed",
                      "mlxtend 0.24.0, just above the range, with scikit-learn 1.9.1 (it needs NumPy 2.3.5 or newer)"))),
    "curated/feature-engine-1.7.0-scikit-learn-1.5": Proof(
        check=FEATURE_ENGINE_PIPELINE_CHECK, signature="_print_elapsed_time",
        stacks=(Stack({"feature-engine": "1.7.0", "scikit-learn": "1.5.0", **FEATURE_ENGINE_PINS}, "failed",
                      "feature-engine 1.7.0 with scikit-learn 1.5.0"),
                Stack({"feature-engine": "1.7.0", "scikit-learn": "1.9.1", **FEATURE_ENGINE_PINS}, "failed",
                      "feature-engine 1.7.0 with scikit-learn 1.9.1"),
                Stack({"feature-engine": "1.7.0", "scikit-learn": "1.4.2", **FEATURE_ENGINE_PINS}, "passed",
                      "feature-engine 1.7.0 with scikit-learn 1.4.2, just below 1.5"),
                Stack({"feature-engine": "1.8.0", "scikit-learn": "1.9.1", **FEATURE_ENGINE_PINS}, "passed",
                      "feature-engine 1.8.0, just above the range, with scikit-learn 1.9.1"))),
    "curated/yellowbrick-1.4-1.5-scikit-learn-1.8": Proof(
        check=YELLOWBRICK_CLASSIFIER_CHECK, signature="not a classifier",
        stacks=(Stack({"yellowbrick": "1.4", "scikit-learn": "1.8.0", **YELLOWBRICK_SK_PINS}, "failed", "yellowbrick 1.4 with scikit-learn 1.8.0"),
                Stack({"yellowbrick": "1.4", "scikit-learn": "1.9.1", **YELLOWBRICK_SK_PINS}, "failed", "yellowbrick 1.4 with scikit-learn 1.9.1"),
                Stack({"yellowbrick": "1.5", "scikit-learn": "1.8.0", **YELLOWBRICK_SK_PINS}, "failed", "yellowbrick 1.5 with scikit-learn 1.8.0"),
                Stack({"yellowbrick": "1.5", "scikit-learn": "1.9.1", **YELLOWBRICK_SK_PINS}, "failed", "yellowbrick 1.5 with scikit-learn 1.9.1"),
                Stack({"yellowbrick": "1.4", "scikit-learn": "1.7.2", **YELLOWBRICK_SK_PINS}, "passed",
                      "yellowbrick 1.4 with scikit-learn 1.7.2, just below 1.8"),
                Stack({"yellowbrick": "1.5", "scikit-learn": "1.7.2", **YELLOWBRICK_SK_PINS}, "passed",
                      "yellowbrick 1.5 with scikit-learn 1.7.2, just below 1.8"))),
    "curated/scikit-lego-0.6.10-0.6.14-scikit-learn-1.3": Proof(
        check=SKLEGO_GROUPED_CHECK, signature="if_delegate_has_method",
        stacks=(Stack({"scikit-lego": "0.6.10", "scikit-learn": "1.3.0", **SKLEGO_PINS}, "failed", "scikit-lego 0.6.10 with scikit-learn 1.3.0"),
                Stack({"scikit-lego": "0.6.10", "scikit-learn": "1.9.1", **SKLEGO_PINS}, "failed", "scikit-lego 0.6.10 with scikit-learn 1.9.1"),
                Stack({"scikit-lego": "0.6.14", "scikit-learn": "1.3.0", **SKLEGO_PINS}, "failed", "scikit-lego 0.6.14 with scikit-learn 1.3.0"),
                Stack({"scikit-lego": "0.6.14", "scikit-learn": "1.9.1", **SKLEGO_PINS}, "failed", "scikit-lego 0.6.14 with scikit-learn 1.9.1"),
                Stack({"scikit-lego": "0.6.10", "scikit-learn": "1.2.2", **SKLEGO_PINS}, "passed",
                      "scikit-lego 0.6.10 with scikit-learn 1.2.2, just below 1.3"),
                Stack({"scikit-lego": "0.6.14", "scikit-learn": "1.2.2", **SKLEGO_PINS}, "passed",
                      "scikit-lego 0.6.14 with scikit-learn 1.2.2, just below 1.3"),
                Stack({"scikit-lego": "0.6.15", "scikit-learn": "1.9.1", **SKLEGO_PINS}, "passed",
                      "scikit-lego 0.6.15, just above the range, with scikit-learn 1.9.1"))),
    # from scikit-learn 1.7 dstoolbox.pipeline fails earlier, on the removed tosequence: the rule stops at 1.6;
    # 0.13.0's TimedPipeline fails with 1.6 for another reason (no transform_input attribute)
    "curated/dstoolbox-0.12.1-scikit-learn-1.3": Proof(
        check=DSTOOLBOX_CHECK, signature="if_delegate_has_method",
        stacks=(Stack({"dstoolbox": "0.12.1", "scikit-learn": "1.3.0", **DSTOOLBOX_PINS}, "failed", "dstoolbox 0.12.1 with scikit-learn 1.3.0"),
                Stack({"dstoolbox": "0.12.1", "scikit-learn": "1.6.1", **DSTOOLBOX_PINS}, "failed",
                      "dstoolbox 0.12.1 with scikit-learn 1.6.1, the last before 1.7"),
                Stack({"dstoolbox": "0.12.1", "scikit-learn": "1.2.2", **DSTOOLBOX_PINS}, "passed",
                      "dstoolbox 0.12.1 with scikit-learn 1.2.2, just below 1.3"),
                Stack({"dstoolbox": "0.13.0", "scikit-learn": "1.5.2", **DSTOOLBOX_PINS}, "passed",
                      "dstoolbox 0.13.0, just above the range, with scikit-learn 1.5.2 (its TimedPipeline lacks 1.6's transform_input)")),
        roots=("setuptools",)),
    # graphene-django 2.0 to 2.6 import django.utils.six (gone in Django 3.0), so the range starts at 2.7.0
    "curated/graphene-django-2.7-2.15-django-4.0": Proof(
        check=GRAPHENE_DJANGO_CHECK, signature="cannot import name 'force_text'",
        stacks=(Stack({"graphene-django": "2.7.0", "django": "4.0", **GRAPHENE_DJANGO_PINS}, "failed",
                      "graphene-django 2.7.0 with Django 4.0"),
                Stack({"graphene-django": "2.7.0", "django": "5.2.19", **GRAPHENE_DJANGO_PINS}, "failed",
                      "graphene-django 2.7.0 with Django 5.2.19"),
                Stack({"graphene-django": "2.15.0", "django": "4.0", **GRAPHENE_DJANGO_PINS}, "failed",
                      "graphene-django 2.15.0 with Django 4.0"),
                Stack({"graphene-django": "2.15.0", "django": "5.2.19", **GRAPHENE_DJANGO_PINS}, "failed",
                      "graphene-django 2.15.0 with Django 5.2.19"),
                Stack({"graphene-django": "2.15.0", "django": "3.2.25", **GRAPHENE_DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"graphene-django": "2.7.0", "django": "3.2.25", **GRAPHENE_DJANGO_PINS}, "passed",
                      "Django 3.2.25 with 2.7.0"),
                Stack({"graphene-django": "2.16.0", "django": "5.2.19", **GRAPHENE_DJANGO_PINS}, "passed",
                      "graphene-django 2.16.0 imports force_str"))),
    # toolbar 2.0 and 2.1 import django.views.debug.get_safe_settings (gone in Django 3.1), so the range starts at 2.2;
    # 3.0 imports get_storage_class (gone in Django 5.1), so its passing stack uses Django 5.0.14
    "curated/django-debug-toolbar-2.2-2.2.1-django-4.0": Proof(
        check=DEBUG_TOOLBAR_CHECK, signature="cannot import name 'url'",
        stacks=(Stack({"django-debug-toolbar": "2.2", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-debug-toolbar 2.2 with Django 4.0"),
                Stack({"django-debug-toolbar": "2.2.1", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-debug-toolbar 2.2.1 with Django 4.0"),
                Stack({"django-debug-toolbar": "2.2.1", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-debug-toolbar 2.2.1 with Django 5.2.19"),
                Stack({"django-debug-toolbar": "2.2.1", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-debug-toolbar": "2.2", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25 with 2.2"),
                Stack({"django-debug-toolbar": "3.0", "django": "5.0.14", **DJANGO_PINS}, "passed",
                      "django-debug-toolbar 3.0 builds its URLs with path()"))),
    # django-jsonfield 1.3.x and earlier import django.utils.six (gone in Django 3.0), so the range starts at 1.4.0
    "curated/django-jsonfield-1.4-1.4.1-django-4.0": Proof(
        check=DJANGO_JSONFIELD_CHECK, signature="cannot import name 'ugettext_lazy'",
        stacks=(Stack({"django-jsonfield": "1.4.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-jsonfield 1.4.0 with Django 4.0"),
                Stack({"django-jsonfield": "1.4.1", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-jsonfield 1.4.1 with Django 4.0"),
                Stack({"django-jsonfield": "1.4.1", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-jsonfield 1.4.1 with Django 5.2.19"),
                Stack({"django-jsonfield": "1.4.1", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-jsonfield": "1.4.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25 with 1.4.0"))),
    # records 0.5.0 and 0.5.1 do not run on Python 3.7+ at all (StopIteration in a generator, an indentation error)
    "curated/records-0.5.2-0.5.3-sqlalchemy-1.4": Proof(
        check=RECORDS_CHECK, signature="'RMKeyView' object has no attribute 'index'",
        stacks=(Stack({"records": "0.5.2", "sqlalchemy": "1.4.0", **RECORDS_PINS}, "failed",
                      "records 0.5.2 with SQLAlchemy 1.4.0"),
                Stack({"records": "0.5.2", "sqlalchemy": "2.1.9", **RECORDS_PINS}, "failed",
                      "records 0.5.2 with SQLAlchemy 2.1.9"),
                Stack({"records": "0.5.3", "sqlalchemy": "1.4.0", **RECORDS_PINS}, "failed",
                      "records 0.5.3 with SQLAlchemy 1.4.0"),
                Stack({"records": "0.5.3", "sqlalchemy": "2.1.9", **RECORDS_PINS}, "failed",
                      "records 0.5.3 with SQLAlchemy 2.1.9"),
                Stack({"records": "0.5.3", "sqlalchemy": "1.3.24", **RECORDS_PINS}, "passed",
                      "SQLAlchemy 1.3.24, just below 1.4"),
                Stack({"records": "0.5.2", "sqlalchemy": "1.3.24", **RECORDS_PINS}, "passed",
                      "SQLAlchemy 1.3.24 with 0.5.2"),
                Stack({"records": "0.6.0", "sqlalchemy": "2.1.9", **RECORDS_PINS}, "passed",
                      "records 0.6.0 reads the row keys as a list"))),
    # maggma 0.34 to 0.36 declare pymongo>=4.0 and still call Database.authenticate (not covered); 0.37.0 dropped it
    "curated/maggma-0.25-0.33.2-pymongo-4": Proof(
        check=MAGGMA_MONGO_CHECK, signature="'authenticate' method", roots=("pyyaml",),
        stacks=(Stack({"maggma": "0.25.0", "pymongo": "4.0", **MAGGMA_PINS}, "failed", "maggma 0.25.0 with pymongo 4.0"),
                Stack({"maggma": "0.33.2", "pymongo": "4.0", **MAGGMA_PINS}, "failed", "maggma 0.33.2 with pymongo 4.0"),
                Stack({"maggma": "0.33.2", "pymongo": "4.20.1", **MAGGMA_PINS}, "failed",
                      "maggma 0.33.2 with pymongo 4.20.1"),
                Stack({"maggma": "0.33.2", "pymongo": "3.13.0", **MAGGMA_PINS}, "passed", "pymongo 3.13.0, just below 4.0"),
                Stack({"maggma": "0.25.0", "pymongo": "3.13.0", **MAGGMA_PINS}, "passed", "pymongo 3.13.0 with 0.25.0"),
                Stack({"maggma": "0.37.0", "pymongo": "4.20.1", **MAGGMA_PINS}, "passed",
                      "maggma 0.37.0 passes the credentials to MongoClient"))),
    # no release fixes it: 2023.7.18 is the last (2022.3.17 depends on smoqe, which is not on the index)
    "curated/pymatgen-db-2022.5.2-2023.7.18-pymongo-4": Proof(
        check=PYMATGEN_DB_CHECK, signature="'authenticate' method",
        stacks=(Stack({"pymatgen-db": "2022.5.2", "pymongo": "4.0", **PYMATGEN_DB_PINS}, "failed",
                      "pymatgen-db 2022.5.2 with pymongo 4.0"),
                Stack({"pymatgen-db": "2023.7.18", "pymongo": "4.0", **PYMATGEN_DB_PINS}, "failed",
                      "pymatgen-db 2023.7.18 with pymongo 4.0"),
                Stack({"pymatgen-db": "2023.7.18", "pymongo": "4.20.1", **PYMATGEN_DB_PINS}, "failed",
                      "pymatgen-db 2023.7.18 with pymongo 4.20.1"),
                Stack({"pymatgen-db": "2023.7.18", "pymongo": "3.13.0", **PYMATGEN_DB_PINS}, "passed",
                      "pymongo 3.13.0, just below 4.0"),
                Stack({"pymatgen-db": "2022.5.2", "pymongo": "3.13.0", **PYMATGEN_DB_PINS}, "passed",
                      "pymongo 3.13.0 with 2022.5.2"))),
    # no release fixes it: 0.13.0 is the last (the project is retired)
    "curated/sqlalchemy-migrate-0.12-0.13-sqlalchemy-2": Proof(
        check=SQLALCHEMY_MIGRATE_CHECK, signature="No module named 'sqlalchemy.databases'", roots=("setuptools",),
        stacks=(Stack({"sqlalchemy-migrate": "0.12.0", "sqlalchemy": "2.0.0", **SETUPTOOLS_PKG}, "failed",
                      "sqlalchemy-migrate 0.12.0 with SQLAlchemy 2.0.0"),
                Stack({"sqlalchemy-migrate": "0.13.0", "sqlalchemy": "2.0.0", **SETUPTOOLS_PKG}, "failed",
                      "sqlalchemy-migrate 0.13.0 with SQLAlchemy 2.0.0"),
                Stack({"sqlalchemy-migrate": "0.13.0", "sqlalchemy": "2.1.9", **SETUPTOOLS_PKG}, "failed",
                      "sqlalchemy-migrate 0.13.0 with SQLAlchemy 2.1.9"),
                Stack({"sqlalchemy-migrate": "0.13.0", "sqlalchemy": "1.4.54", **SETUPTOOLS_PKG}, "passed",
                      "SQLAlchemy 1.4.54, just below 2.0"),
                Stack({"sqlalchemy-migrate": "0.12.0", "sqlalchemy": "1.4.54", **SETUPTOOLS_PKG}, "passed",
                      "SQLAlchemy 1.4.54 with 0.12.0"))),
    # django-eav2 before 1.0 declares no Django requirement: Django is resolved with it
    "curated/django-eav2-0.10-0.13-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="eav", module="eav.forms"), signature="cannot import name 'ugettext_lazy'",
        stacks=(Stack({"django-eav2": "0.10.1", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-eav2 0.10.1 with Django 4.0"),
                Stack({"django-eav2": "0.13.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-eav2 0.13.0 with Django 4.0"),
                Stack({"django-eav2": "0.13.0", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-eav2 0.13.0 with Django 5.2.19"),
                Stack({"django-eav2": "0.13.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-eav2": "0.10.1", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25 with 0.10.1"),
                Stack({"django-eav2": "1.0.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-eav2 1.0.0 imports gettext_lazy")),
        roots=("django",)),
    # boto3 is django-storages' boto3 extra (roots)
    "curated/django-storages-1.9-1.9.1-django-4.0": Proof(
        check=DJANGO_STORAGES_S3_CHECK, signature="cannot import name 'force_text'", roots=("boto3",),
        stacks=(Stack({"django-storages": "1.9", "django": "4.0", **DJANGO_STORAGES_S3_PINS}, "failed",
                      "django-storages 1.9 with Django 4.0"),
                Stack({"django-storages": "1.9.1", "django": "4.0", **DJANGO_STORAGES_S3_PINS}, "failed",
                      "django-storages 1.9.1 with Django 4.0"),
                Stack({"django-storages": "1.9.1", "django": "5.2.19", **DJANGO_STORAGES_S3_PINS}, "failed",
                      "django-storages 1.9.1 with Django 5.2.19"),
                Stack({"django-storages": "1.9.1", "django": "3.2.25", **DJANGO_STORAGES_S3_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-storages": "1.9", "django": "3.2.25", **DJANGO_STORAGES_S3_PINS}, "passed",
                      "Django 3.2.25 with 1.9"),
                Stack({"django-storages": "1.10", "django": "5.2.19", **DJANGO_STORAGES_S3_PINS}, "passed",
                      "django-storages 1.10 imports force_str"))),
    # django-extensions 2.x declares no Django requirement: Django is resolved with it
    "curated/django-extensions-2.0-2.2.9-django-4.0": Proof(
        check=DJANGO_CHECK.format(app="django_extensions", module="django_extensions.db.models"),
        signature="cannot import name 'ugettext_lazy'",
        stacks=(Stack({"django-extensions": "2.0.0", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-extensions 2.0.0 with Django 4.0"),
                Stack({"django-extensions": "2.2.9", "django": "4.0", **DJANGO_PINS}, "failed",
                      "django-extensions 2.2.9 with Django 4.0"),
                Stack({"django-extensions": "2.2.9", "django": "5.2.19", **DJANGO_PINS}, "failed",
                      "django-extensions 2.2.9 with Django 5.2.19"),
                Stack({"django-extensions": "2.2.9", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25, just below 4"),
                Stack({"django-extensions": "2.0.0", "django": "3.2.25", **DJANGO_PINS}, "passed",
                      "Django 3.2.25 with 2.0.0"),
                Stack({"django-extensions": "3.0.0", "django": "5.2.19", **DJANGO_PINS}, "passed",
                      "django-extensions 3.0.0 imports gettext_lazy")),
        roots=("django",)),
    # tikzplotlib 0.9.4 and earlier already fail with Matplotlib 3.7.5 on other removed axis internals
    "curated/tikzplotlib-0.9.5-0.10.1-matplotlib-3.8": Proof(
        check=TIKZPLOTLIB_CHECK, signature="cannot import name 'common_texification'", roots=("webcolors",),
        stacks=(Stack({"tikzplotlib": "0.9.5", "matplotlib": "3.8.0", **TIKZPLOTLIB_PINS}, "failed",
                      "tikzplotlib 0.9.5 with Matplotlib 3.8.0"),
                Stack({"tikzplotlib": "0.9.5", "matplotlib": "3.11.2", **TIKZPLOTLIB_PINS}, "failed",
                      "tikzplotlib 0.9.5 with Matplotlib 3.11.2"),
                Stack({"tikzplotlib": "0.10.1", "matplotlib": "3.8.0", **TIKZPLOTLIB_PINS}, "failed",
                      "tikzplotlib 0.10.1 with Matplotlib 3.8.0"),
                Stack({"tikzplotlib": "0.10.1", "matplotlib": "3.11.2", **TIKZPLOTLIB_PINS}, "failed",
                      "tikzplotlib 0.10.1 with Matplotlib 3.11.2"),
                Stack({"tikzplotlib": "0.9.5", "matplotlib": "3.7.5", **TIKZPLOTLIB_PINS}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"),
                Stack({"tikzplotlib": "0.10.1", "matplotlib": "3.7.5", **TIKZPLOTLIB_PINS}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"))),
    "curated/seaborn-0.12-matplotlib-3.9-move-legend": Proof(
        check=SEABORN_MOVE_LEGEND_CHECK, signature="no attribute 'legendHandles'",
        stacks=(Stack({"seaborn": "0.12.0", "matplotlib": "3.9.0", **SEABORN_MOVE_LEGEND_PINS}, "failed",
                      "seaborn 0.12.0 with Matplotlib 3.9.0"),
                Stack({"seaborn": "0.12.0", "matplotlib": "3.11.2", **SEABORN_MOVE_LEGEND_PINS}, "failed",
                      "seaborn 0.12.0 with Matplotlib 3.11.2"),
                Stack({"seaborn": "0.12.2", "matplotlib": "3.9.0", **SEABORN_MOVE_LEGEND_PINS}, "failed",
                      "seaborn 0.12.2 with Matplotlib 3.9.0"),
                Stack({"seaborn": "0.12.2", "matplotlib": "3.11.2", **SEABORN_MOVE_LEGEND_PINS}, "failed",
                      "seaborn 0.12.2 with Matplotlib 3.11.2"),
                Stack({"seaborn": "0.12.0", "matplotlib": "3.8.4", **SEABORN_MOVE_LEGEND_PINS}, "passed",
                      "Matplotlib 3.8.4, just below 3.9"),
                Stack({"seaborn": "0.12.2", "matplotlib": "3.8.4", **SEABORN_MOVE_LEGEND_PINS}, "passed",
                      "Matplotlib 3.8.4, just below 3.9"),
                Stack({"seaborn": "0.13.0", "matplotlib": "3.11.2", **SEABORN_MOVE_LEGEND_PINS}, "passed",
                      "seaborn 0.13.0, just above the range"))),
    "curated/july-0.1.0-0.1.3-matplotlib-3.8": Proof(
        check=JULY_CHECK, signature="has no attribute 'MatplotlibDeprecationWarning'",
        stacks=(Stack({"july": "0.1.0", "matplotlib": "3.8.0", "numpy": "1.26.4"}, "failed", "july 0.1.0 with Matplotlib 3.8.0"),
                Stack({"july": "0.1.0", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed", "july 0.1.0 with Matplotlib 3.11.2"),
                Stack({"july": "0.1.3", "matplotlib": "3.8.0", "numpy": "1.26.4"}, "failed", "july 0.1.3 with Matplotlib 3.8.0"),
                Stack({"july": "0.1.3", "matplotlib": "3.11.2", "numpy": "1.26.4"}, "failed", "july 0.1.3 with Matplotlib 3.11.2"),
                Stack({"july": "0.1.0", "matplotlib": "3.7.5", "numpy": "1.26.4"}, "passed", "Matplotlib 3.7.5, just below 3.8"),
                Stack({"july": "0.1.3", "matplotlib": "3.7.5", "numpy": "1.26.4"}, "passed", "Matplotlib 3.7.5, just below 3.8"))),
    # ydata-profiling 4.1 and earlier declare matplotlib<3.7, 4.6.0 and later matplotlib<=3.7.3
    "curated/ydata-profiling-4.2.0-4.5.1-matplotlib-3.8": Proof(
        check=YDATA_PROFILING_CHECK, signature="has no attribute 'mplDeprecation'",
        stacks=(Stack({"ydata-profiling": "4.2.0", "matplotlib": "3.8.0", **YDATA_PROFILING_PINS}, "failed",
                      "ydata-profiling 4.2.0 with Matplotlib 3.8.0"),
                Stack({"ydata-profiling": "4.2.0", "matplotlib": "3.10.9", **YDATA_PROFILING_PINS}, "failed",
                      "ydata-profiling 4.2.0 with Matplotlib 3.10.9"),
                Stack({"ydata-profiling": "4.5.1", "matplotlib": "3.8.0", **YDATA_PROFILING_PINS}, "failed",
                      "ydata-profiling 4.5.1 with Matplotlib 3.8.0"),
                Stack({"ydata-profiling": "4.5.1", "matplotlib": "3.10.9", **YDATA_PROFILING_PINS}, "failed",
                      "ydata-profiling 4.5.1 with Matplotlib 3.10.9"),
                Stack({"ydata-profiling": "4.2.0", "matplotlib": "3.7.5", **YDATA_PROFILING_PINS}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"),
                Stack({"ydata-profiling": "4.5.1", "matplotlib": "3.7.5", **YDATA_PROFILING_PINS}, "passed",
                      "Matplotlib 3.7.5, just below 3.8"))),
    # no joypy release after 0.2.6 exists
    "curated/joypy-0.2.4-0.2.6-pandas-3": Proof(
        check=JOYPY_CHECK, signature="'generator' object is not subscriptable",
        stacks=(Stack({"joypy": "0.2.4", "pandas": "3.0.0", **JOYPY_PINS}, "failed", "joypy 0.2.4 with pandas 3.0.0"),
                Stack({"joypy": "0.2.4", "pandas": "3.1.1", **JOYPY_PINS}, "failed", "joypy 0.2.4 with pandas 3.1.1"),
                Stack({"joypy": "0.2.6", "pandas": "3.0.0", **JOYPY_PINS}, "failed", "joypy 0.2.6 with pandas 3.0.0"),
                Stack({"joypy": "0.2.6", "pandas": "3.1.1", **JOYPY_PINS}, "failed", "joypy 0.2.6 with pandas 3.1.1"),
                Stack({"joypy": "0.2.4", "pandas": "2.3.3", **JOYPY_PINS}, "passed", "joypy 0.2.4 with pandas 2.3.3, just below 3.0"),
                Stack({"joypy": "0.2.6", "pandas": "2.3.3", **JOYPY_PINS}, "passed", "joypy 0.2.6 with pandas 2.3.3, just below 3.0"))),
    # SMA, RSI and MACD pass with every pandas measured; no finta release after 1.3 exists; pandas 3.1 needs NumPy 2
    "curated/finta-1.0-1.3-pandas-2": Proof(
        check=FINTA_CHECK, signature="has no attribute 'iteritems'",
        stacks=(Stack({"finta": "1.0", "pandas": "2.0.0", **PANDAS_NP1_PINS}, "failed", "finta 1.0 with pandas 2.0.0"),
                Stack({"finta": "1.0", "pandas": "3.1.1", "numpy": "2.3.5"}, "failed", "finta 1.0 with pandas 3.1.1"),
                Stack({"finta": "1.3", "pandas": "2.0.0", **PANDAS_NP1_PINS}, "failed", "finta 1.3 with pandas 2.0.0"),
                Stack({"finta": "1.3", "pandas": "3.1.1", "numpy": "2.3.5"}, "failed", "finta 1.3 with pandas 3.1.1"),
                Stack({"finta": "1.0", "pandas": "1.5.3", **PANDAS_NP1_PINS}, "passed", "finta 1.0 with pandas 1.5.3, just below 2.0"),
                Stack({"finta": "1.3", "pandas": "1.5.3", **PANDAS_NP1_PINS}, "passed", "finta 1.3 with pandas 1.5.3, just below 2.0"))),
    # the detectors pass with every pandas measured; no adtk release after 0.6.2 exists; pandas 3.1 needs NumPy 2
    "curated/adtk-0.6-pandas-2": Proof(
        check=ADTK_EVENTS_CHECK, signature="has no attribute 'iteritems'",
        stacks=(Stack({"adtk": "0.6.0", "pandas": "2.0.0", **PANDAS_NP1_PINS, **ADTK_PANDAS_PINS}, "failed", "adtk 0.6.0 with pandas 2.0.0"),
                Stack({"adtk": "0.6.0", "pandas": "3.1.1", "numpy": "2.3.5", **ADTK_PANDAS_PINS}, "failed", "adtk 0.6.0 with pandas 3.1.1"),
                Stack({"adtk": "0.6.2", "pandas": "2.0.0", **PANDAS_NP1_PINS, **ADTK_PANDAS_PINS}, "failed", "adtk 0.6.2 with pandas 2.0.0"),
                Stack({"adtk": "0.6.2", "pandas": "3.1.1", "numpy": "2.3.5", **ADTK_PANDAS_PINS}, "failed", "adtk 0.6.2 with pandas 3.1.1"),
                Stack({"adtk": "0.6.0", "pandas": "1.5.3", **PANDAS_NP1_PINS, **ADTK_PANDAS_PINS}, "passed", "adtk 0.6.0 with pandas 1.5.3, just below 2.0"),
                Stack({"adtk": "0.6.2", "pandas": "1.5.3", **PANDAS_NP1_PINS, **ADTK_PANDAS_PINS}, "passed", "adtk 0.6.2 with pandas 1.5.3, just below 2.0"))),
    # NumPy 1.26.4 throughout for empyrical, so pandas 3.0.6 is the newest (3.1 needs NumPy 2); no later pyfolio exists
    "curated/pyfolio-0.9.2-pandas-2": Proof(
        check=PYFOLIO_CHECK, signature="has no attribute 'iteritems'", roots=("six",),
        stacks=(Stack({"pyfolio": "0.9.2", "pandas": "2.0.0", **PYFOLIO_PINS}, "failed", "pyfolio 0.9.2 with pandas 2.0.0"),
                Stack({"pyfolio": "0.9.2", "pandas": "3.0.6", **PYFOLIO_PINS}, "failed", "pyfolio 0.9.2 with pandas 3.0.6"),
                Stack({"pyfolio": "0.9.2", "pandas": "1.5.3", **PYFOLIO_PINS}, "passed", "pyfolio 0.9.2 with pandas 1.5.3, just below 2.0"))),
    # aioresponses 0.7.0 fails with every aiohttp that installs here (StreamReader needs limit): the range starts at 0.7.1;
    # 0.7.4 to 0.7.6 also fail with aiohttp 3.11.0 alone (RequestInfo without real_url, restored in 3.11.1)
    "curated/aioresponses-0.7.1-0.7.6-aiohttp-3.14": Proof(
        check=AIORESPONSES_CHECK, signature="stream_writer",
        stacks=(Stack({"aioresponses": "0.7.1", "aiohttp": "3.14.0", **AIORESPONSES_OLD_PINS}, "failed",
                      "aioresponses 0.7.1 with aiohttp 3.14.0"),
                Stack({"aioresponses": "0.7.1", "aiohttp": "3.14.5", **AIORESPONSES_OLD_PINS}, "failed",
                      "aioresponses 0.7.1 with aiohttp 3.14.5"),
                Stack({"aioresponses": "0.7.6", "aiohttp": "3.14.0", **AIORESPONSES_OLD_PINS}, "failed",
                      "aioresponses 0.7.6 with aiohttp 3.14.0"),
                Stack({"aioresponses": "0.7.6", "aiohttp": "3.14.5", **AIORESPONSES_OLD_PINS}, "failed",
                      "aioresponses 0.7.6 with aiohttp 3.14.5"),
                Stack({"aioresponses": "0.7.1", "aiohttp": "3.13.5", **AIORESPONSES_OLD_PINS}, "passed",
                      "aiohttp 3.13.5, just below 3.14"),
                Stack({"aioresponses": "0.7.6", "aiohttp": "3.13.5", **AIORESPONSES_OLD_PINS}, "passed",
                      "aiohttp 3.13.5, just below 3.14")),
        roots=("packaging",)),
    # aiohttp-middlewares before 1.2.0 require async-timeout < 4, which no aiohttp installable here before 3.9 allows
    "curated/aiohttp-middlewares-1.2-2.2.0-aiohttp-3.9": Proof(
        check=AIOHTTP_MIDDLEWARES_CHECK, signature="_Middleware",
        stacks=(Stack({"aiohttp-middlewares": "1.2.0", "aiohttp": "3.9.0"}, "failed", "aiohttp-middlewares 1.2.0 with aiohttp 3.9.0"),
                Stack({"aiohttp-middlewares": "1.2.0", "aiohttp": "3.14.5"}, "failed", "aiohttp-middlewares 1.2.0 with aiohttp 3.14.5"),
                Stack({"aiohttp-middlewares": "2.2.0", "aiohttp": "3.9.0"}, "failed", "aiohttp-middlewares 2.2.0 with aiohttp 3.9.0"),
                Stack({"aiohttp-middlewares": "2.2.0", "aiohttp": "3.14.5"}, "failed", "aiohttp-middlewares 2.2.0 with aiohttp 3.14.5"),
                Stack({"aiohttp-middlewares": "1.2.0", "aiohttp": "3.8.6"}, "passed", "aiohttp 3.8.6, just below 3.9"),
                Stack({"aiohttp-middlewares": "2.2.0", "aiohttp": "3.8.6"}, "passed", "aiohttp 3.8.6, just below 3.9"),
                Stack({"aiohttp-middlewares": "2.2.1", "aiohttp": "3.14.5"}, "passed",
                      "aiohttp-middlewares 2.2.1, just above the range, with aiohttp 3.14.5"))),
    # aiohttp-socks 0.7.0 and older fail with every python-socks they allow that installs here: the range starts at 0.7.1
    "curated/aiohttp-socks-0.7.1-0.8.4-aiohttp-3.10": Proof(
        check=AIOHTTP_SOCKS_CHECK, signature="_wrap_create_connection",
        stacks=(Stack({"aiohttp-socks": "0.7.1", "aiohttp": "3.10.0"}, "failed", "aiohttp-socks 0.7.1 with aiohttp 3.10.0"),
                Stack({"aiohttp-socks": "0.7.1", "aiohttp": "3.14.5"}, "failed", "aiohttp-socks 0.7.1 with aiohttp 3.14.5"),
                Stack({"aiohttp-socks": "0.8.4", "aiohttp": "3.10.0"}, "failed", "aiohttp-socks 0.8.4 with aiohttp 3.10.0"),
                Stack({"aiohttp-socks": "0.8.4", "aiohttp": "3.14.5"}, "failed", "aiohttp-socks 0.8.4 with aiohttp 3.14.5"),
                Stack({"aiohttp-socks": "0.7.1", "aiohttp": "3.9.5"}, "passed", "aiohttp 3.9.5, just below 3.10"),
                Stack({"aiohttp-socks": "0.8.4", "aiohttp": "3.9.5"}, "passed", "aiohttp 3.9.5, just below 3.10"),
                Stack({"aiohttp-socks": "0.9.0", "aiohttp": "3.14.5"}, "passed",
                      "aiohttp-socks 0.9.0, just above the range, with aiohttp 3.14.5"))),
    # pook 1.1.0 and older use asyncio.coroutine (gone in Python 3.11): the range starts at 1.2.0
    "curated/pook-1.2-2.1.6-aiohttp-3.14": Proof(
        check=POOK_AIOHTTP_CHECK, signature="stream_writer",
        stacks=(Stack({"pook": "1.2.0", "aiohttp": "3.14.0"}, "failed", "pook 1.2.0 with aiohttp 3.14.0"),
                Stack({"pook": "1.2.0", "aiohttp": "3.14.5"}, "failed", "pook 1.2.0 with aiohttp 3.14.5"),
                Stack({"pook": "2.1.6", "aiohttp": "3.14.0"}, "failed", "pook 2.1.6 with aiohttp 3.14.0"),
                Stack({"pook": "2.1.6", "aiohttp": "3.14.5"}, "failed", "pook 2.1.6 with aiohttp 3.14.5"),
                Stack({"pook": "1.2.0", "aiohttp": "3.13.5"}, "passed", "aiohttp 3.13.5, just below 3.14"),
                Stack({"pook": "2.1.6", "aiohttp": "3.13.5"}, "passed", "aiohttp 3.13.5, just below 3.14")),
        roots=("aiohttp",)),
    # vcrpy 2.0.1 and older use collections.MutableMapping (gone in Python 3.10): the range starts at 2.1.0
    "curated/vcrpy-2.1-8.1.1-aiohttp-3.14": Proof(
        check=VCRPY_AIOHTTP_CHECK, signature="AsyncStreamReaderMixin",
        stacks=(Stack({"vcrpy": "2.1.0", "aiohttp": "3.14.0"}, "failed", "vcrpy 2.1.0 with aiohttp 3.14.0"),
                Stack({"vcrpy": "2.1.0", "aiohttp": "3.14.5"}, "failed", "vcrpy 2.1.0 with aiohttp 3.14.5"),
                Stack({"vcrpy": "8.1.1", "aiohttp": "3.14.0"}, "failed", "vcrpy 8.1.1 with aiohttp 3.14.0"),
                Stack({"vcrpy": "8.1.1", "aiohttp": "3.14.5"}, "failed", "vcrpy 8.1.1 with aiohttp 3.14.5"),
                Stack({"vcrpy": "2.1.0", "aiohttp": "3.13.5"}, "passed", "aiohttp 3.13.5, just below 3.14"),
                Stack({"vcrpy": "8.1.1", "aiohttp": "3.13.5"}, "passed", "aiohttp 3.13.5, just below 3.14"),
                Stack({"vcrpy": "8.2.0", "aiohttp": "3.14.5"}, "passed", "vcrpy 8.2.0, just above the range, with aiohttp 3.14.5")),
        roots=("aiohttp",)),
    # aiotrino 0.1.0 does not override set_response_params and works with aiohttp 3.9 to 3.14: the range starts at 0.1.1
    "curated/aiotrino-0.1.1-0.2.2-aiohttp-3.9": Proof(
        check=AIOTRINO_CHECK, signature="timeout_ceil_threshold",
        stacks=(Stack({"aiotrino": "0.1.1", "aiohttp": "3.9.0"}, "failed", "aiotrino 0.1.1 with aiohttp 3.9.0"),
                Stack({"aiotrino": "0.1.1", "aiohttp": "3.14.5"}, "failed", "aiotrino 0.1.1 with aiohttp 3.14.5"),
                Stack({"aiotrino": "0.2.2", "aiohttp": "3.9.0"}, "failed", "aiotrino 0.2.2 with aiohttp 3.9.0"),
                Stack({"aiotrino": "0.2.2", "aiohttp": "3.14.5"}, "failed", "aiotrino 0.2.2 with aiohttp 3.14.5"),
                Stack({"aiotrino": "0.1.1", "aiohttp": "3.8.6"}, "passed", "aiohttp 3.8.6, just below 3.9"),
                Stack({"aiotrino": "0.2.2", "aiohttp": "3.8.6"}, "passed", "aiohttp 3.8.6, just below 3.9"),
                Stack({"aiotrino": "0.2.3", "aiohttp": "3.14.5"}, "passed", "aiotrino 0.2.3, just above the range, with aiohttp 3.14.5"))),
    # 0.5 (the first release that imports setup_js_tag_helper) declares no Sphinx requirement, hence the root
    "curated/sphinx-notfound-page-0.5-0.8.3-sphinx-7.2": Proof(
        check=SPHINX_HTML + NOTFOUND_CONF, signature="setup_js_tag_helper", roots=("sphinx",),
        stacks=(Stack({"sphinx-notfound-page": "0.5", "sphinx": "7.2.0", **NOTFOUND_DOCUTILS}, "failed",
                      "sphinx-notfound-page 0.5 with Sphinx 7.2.0"),
                Stack({"sphinx-notfound-page": "0.8.3", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-notfound-page 0.8.3 with the newest Sphinx"),
                Stack({"sphinx-notfound-page": "0.8.3", "sphinx": "7.1.2", **NOTFOUND_DOCUTILS}, "passed", "Sphinx 7.1.2, just below 7.2"),
                Stack({"sphinx-notfound-page": "0.5", "sphinx": "7.1.2", **NOTFOUND_DOCUTILS}, "passed", "Sphinx 7.1.2, just below 7.2"),
                Stack({"sphinx-notfound-page": "1.0.0", "sphinx": "7.2.0", **NOTFOUND_DOCUTILS}, "passed",
                      "sphinx-notfound-page 1.0.0, just above the range")),
        wheels=(("sphinx-notfound-page", "0.5"), ("sphinx-notfound-page", "0.8.3"), ("sphinx-notfound-page", "1.0.0"))),
    "curated/sphinx-notfound-page-1.0.0-1.0.2-sphinx-9": Proof(
        check=SPHINX_HTML + NOTFOUND_CONF, signature="non-iterable _Opt",
        stacks=(Stack({"sphinx-notfound-page": "1.0.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-notfound-page 1.0.0 with Sphinx 9.0.0"),
                Stack({"sphinx-notfound-page": "1.0.2", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-notfound-page 1.0.2 with the newest Sphinx"),
                Stack({"sphinx-notfound-page": "1.0.2", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinx-notfound-page": "1.0.0", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinx-notfound-page": "1.0.3", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "passed",
                      "sphinx-notfound-page 1.0.3, just above the range")),
        wheels=(("sphinx-notfound-page", "1.0.0"), ("sphinx-notfound-page", "1.0.2"), ("sphinx-notfound-page", "1.0.3"))),
    # 0.7 to 0.9.2 declare no Sphinx requirement, hence the root
    "curated/sphinxcontrib-mermaid-0.7-0.9.2-sphinx-9": Proof(
        check=SPHINX_HTML + MERMAID_CONF, signature="'ExtensionError' from 'sphinx.util'", roots=("sphinx",),
        stacks=(Stack({"sphinxcontrib-mermaid": "0.7", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "failed",
                      "sphinxcontrib-mermaid 0.7 with Sphinx 9.0.0"),
                Stack({"sphinxcontrib-mermaid": "0.9.2", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinxcontrib-mermaid 0.9.2 with the newest Sphinx"),
                Stack({"sphinxcontrib-mermaid": "0.9.2", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinxcontrib-mermaid": "0.7", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinxcontrib-mermaid": "1.0.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "passed",
                      "sphinxcontrib-mermaid 1.0.0, just above the range")),
        wheels=(("sphinxcontrib-mermaid", "0.7"), ("sphinxcontrib-mermaid", "0.9.2"), ("sphinxcontrib-mermaid", "1.0.0"))),
    # 1.0.0 declares no Sphinx requirement, hence the root; no hoverxref release after 1.4.2 exists
    "curated/sphinx-hoverxref-1.0-1.4.2-sphinx-9": Proof(
        check=SPHINX_HTML + HOVERXREF_CONF, signature="non-iterable _Opt", roots=("sphinx",),
        stacks=(Stack({"sphinx-hoverxref": "1.0.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-hoverxref 1.0.0 with Sphinx 9.0.0"),
                Stack({"sphinx-hoverxref": "1.4.2", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-hoverxref 1.4.2 with the newest Sphinx"),
                Stack({"sphinx-hoverxref": "1.4.2", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"sphinx-hoverxref": "1.0.0", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9")),
        wheels=(("sphinx-hoverxref", "1.0.0"), ("sphinx-hoverxref", "1.4.2"))),
    # readthedocs-sphinx-ext declares no Sphinx requirement, hence the root; no release after 2.2.5 exists
    "curated/readthedocs-sphinx-ext-2.0-2.2.5-sphinx-9": Proof(
        check=SPHINX_HTML + READTHEDOCS_EXT_CONF, signature="css_files", roots=("sphinx",),
        stacks=(Stack({"readthedocs-sphinx-ext": "2.0.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "failed",
                      "readthedocs-sphinx-ext 2.0.0 with Sphinx 9.0.0"),
                Stack({"readthedocs-sphinx-ext": "2.2.5", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "readthedocs-sphinx-ext 2.2.5 with the newest Sphinx"),
                Stack({"readthedocs-sphinx-ext": "2.2.5", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9"),
                Stack({"readthedocs-sphinx-ext": "2.0.0", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed", "Sphinx 8.2.3, just below 9")),
        wheels=(("readthedocs-sphinx-ext", "2.0.0"), ("readthedocs-sphinx-ext", "2.2.5"))),
    # sphinx-typlog-theme declares no Sphinx requirement, hence the root; no release after 0.8.0 exists
    "curated/sphinx-typlog-theme-0.1-0.8.0-sphinx-7": Proof(
        check=SPHINX_HTML + TYPLOG_CONF, signature="ThemeError", roots=("sphinx",),
        stacks=(Stack({"sphinx-typlog-theme": "0.1", "sphinx": "7.0.0", "docutils": "0.19"}, "failed",
                      "sphinx-typlog-theme 0.1 with Sphinx 7.0.0 ('style' is undefined)"),
                Stack({"sphinx-typlog-theme": "0.8.0", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-typlog-theme 0.8.0 with the newest Sphinx (theme uses the removed 'style' field)"),
                Stack({"sphinx-typlog-theme": "0.8.0", "sphinx": "6.2.1", "docutils": "0.19"}, "passed", "Sphinx 6.2.1, just below 7"),
                Stack({"sphinx-typlog-theme": "0.1", "sphinx": "6.2.1", "docutils": "0.19"}, "passed", "Sphinx 6.2.1, just below 7")),
        wheels=(("sphinx-typlog-theme", "0.1"), ("sphinx-typlog-theme", "0.8.0"))),
    # 2022.4.0 and 2023.4.0 already fail with Sphinx 8.2 in autosummary (create_documenter_from_template got 'registry'),
    # so their stack just below the break is Sphinx 8.1.3
    "curated/sphinx-autosummary-accessors-2022.4-2025.3.1-sphinx-9": Proof(
        check=SPHINX_HTML + AUTOSUMMARY_ACCESSORS_CONF, signature="create_documenter",
        stacks=(Stack({"sphinx-autosummary-accessors": "2022.4.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-autosummary-accessors 2022.4.0 with Sphinx 9.0.0"),
                Stack({"sphinx-autosummary-accessors": "2025.3.1", "sphinx": "9.0.4", **SPHINX_DOCUTILS}, "failed",
                      "sphinx-autosummary-accessors 2025.3.1 with the newest Sphinx"),
                Stack({"sphinx-autosummary-accessors": "2025.3.1", "sphinx": "8.2.3", **SPHINX_DOCUTILS}, "passed",
                      "Sphinx 8.2.3, just below 9"),
                Stack({"sphinx-autosummary-accessors": "2022.4.0", "sphinx": "8.1.3", **SPHINX_DOCUTILS}, "passed",
                      "Sphinx 8.1.3 (2022.4.0 breaks with 8.2 for another reason)"),
                Stack({"sphinx-autosummary-accessors": "2026.10.0", "sphinx": "9.0.0", **SPHINX_DOCUTILS}, "passed",
                      "sphinx-autosummary-accessors 2026.10.0, just above the range")),
        wheels=(("sphinx-autosummary-accessors", "2022.4.0"), ("sphinx-autosummary-accessors", "2025.3.1"),
                ("sphinx-autosummary-accessors", "2026.10.0"))),
    # rst2pdf tries the undeclared roman package first and falls back to docutils.utils.roman; 0.103 and 0.103.1 pin
    # docutils~=0.21.2, so 0.104 is the first release above the range that installs with docutils 0.22
    "curated/rst2pdf-0.95-0.102-docutils-0.22": Proof(
        check=RST2PDF_CHECK, signature="docutils.utils.roman",
        stacks=(Stack({"rst2pdf": "0.95", "docutils": "0.22"}, "failed", "rst2pdf 0.95 with docutils 0.22"),
                Stack({"rst2pdf": "0.102", "docutils": "0.23.1"}, "failed", "rst2pdf 0.102 with the newest docutils"),
                Stack({"rst2pdf": "0.102", "docutils": "0.21.2"}, "passed", "docutils 0.21.2, just below 0.22"),
                Stack({"rst2pdf": "0.95", "docutils": "0.21.2"}, "passed", "docutils 0.21.2, just below 0.22"),
                Stack({"rst2pdf": "0.104", "docutils": "0.22"}, "passed", "rst2pdf 0.104, the first release above the range that takes 0.22")),
        wheels=(("rst2pdf", "0.95"), ("rst2pdf", "0.102"), ("rst2pdf", "0.104"))),
    "curated/service-identity-14-24.1-pyopenssl-26.2": Proof(
        check=SERVICE_IDENTITY_PYOPENSSL_CHECK, signature="has no attribute 'get_extension'",
        stacks=(Stack({"service-identity": "14.0.0", "pyopenssl": "26.2.0"}, "failed",
                      "service-identity 14.0.0 with pyOpenSSL 26.2.0"),
                Stack({"service-identity": "24.1.0", "pyopenssl": "26.4.0"}, "failed",
                      "service-identity 24.1.0 with the newest pyOpenSSL"),
                Stack({"service-identity": "14.0.0", "pyopenssl": "26.1.0"}, "passed", "pyOpenSSL 26.1.0, just below 26.2"),
                Stack({"service-identity": "24.1.0", "pyopenssl": "26.1.0"}, "passed", "pyOpenSSL 26.1.0, just below 26.2"),
                Stack({"service-identity": "24.2.0", "pyopenssl": "26.4.0"}, "passed",
                      "service-identity 24.2.0, just above the range, with the newest pyOpenSSL")),
        roots=("pyopenssl",)),
    # cryptojwt 1.6.0 to 1.9.1 import pkg_resources without declaring setuptools: a root, and setuptools before 82
    "curated/cryptojwt-1.6-1.10-cryptography-47": Proof(
        check=CRYPTOJWT_JWS_CHECK, signature="has no attribute 'SECT571R1'",
        stacks=(Stack({"cryptojwt": "1.6.0", "cryptography": "47.0.0", **SETUPTOOLS_PKG}, "failed",
                      "cryptojwt 1.6.0 with cryptography 47.0.0"),
                Stack({"cryptojwt": "1.10.0", "cryptography": "50.0.2", **SETUPTOOLS_PKG}, "failed",
                      "cryptojwt 1.10.0 with the newest cryptography"),
                Stack({"cryptojwt": "1.6.0", "cryptography": "46.0.7", **SETUPTOOLS_PKG}, "passed",
                      "cryptography 46.0.7, just below 47"),
                Stack({"cryptojwt": "1.10.0", "cryptography": "46.0.7", **SETUPTOOLS_PKG}, "passed",
                      "cryptography 46.0.7, just below 47"),
                Stack({"cryptojwt": "1.11.0", "cryptography": "50.0.2", **SETUPTOOLS_PKG}, "passed",
                      "cryptojwt 1.11.0, just above the range, with the newest cryptography")),
        roots=("setuptools",)),
    "curated/cryptojwt-0.8.4-1.4.0-cryptography-37": Proof(
        check=CRYPTOJWT_JWS_CHECK, signature="cannot import name 'int_from_bytes'",
        stacks=(Stack({"cryptojwt": "0.8.4", "cryptography": "37.0.0"}, "failed", "cryptojwt 0.8.4 with cryptography 37.0.0"),
                Stack({"cryptojwt": "1.4.0", "cryptography": "46.0.7"}, "failed",
                      "cryptojwt 1.4.0 with cryptography 46.0.7 (from 47 on the import stops earlier, on SECT571R1)"),
                Stack({"cryptojwt": "0.8.4", "cryptography": "36.0.2"}, "passed", "cryptography 36.0.2, just below 37"),
                Stack({"cryptojwt": "1.4.0", "cryptography": "36.0.2"}, "passed", "cryptography 36.0.2, just below 37"))),
    "curated/oauth2client-2.0-4.1.3-pyopenssl-24.3": Proof(
        check=OAUTH2CLIENT_SERVICE_ACCOUNT_CHECK, signature="has no attribute 'sign'",
        stacks=(Stack({"oauth2client": "2.0.0", "pyopenssl": "24.3.0"}, "failed", "oauth2client 2.0.0 with pyOpenSSL 24.3.0"),
                Stack({"oauth2client": "4.1.3", "pyopenssl": "26.4.0"}, "failed",
                      "oauth2client 4.1.3 with the newest pyOpenSSL"),
                Stack({"oauth2client": "2.0.0", "pyopenssl": "24.2.1"}, "passed", "pyOpenSSL 24.2.1, just below 24.3"),
                Stack({"oauth2client": "4.1.3", "pyopenssl": "24.2.1"}, "passed", "pyOpenSSL 24.2.1, just below 24.3")),
        roots=("pyopenssl",)),
    "curated/pysaml2-7.5.5-pyopenssl-26.3": Proof(
        check=PYSAML2_CERT_CHECK, signature="has no attribute 'X509Req'",
        stacks=(Stack({"pysaml2": "7.5.5", "pyopenssl": "26.3.0"}, "failed", "pysaml2 7.5.5 with pyOpenSSL 26.3.0"),
                Stack({"pysaml2": "7.5.5", "pyopenssl": "26.4.0"}, "failed", "pysaml2 7.5.5 with the newest pyOpenSSL"),
                Stack({"pysaml2": "7.5.5", "pyopenssl": "26.2.0"}, "passed", "pyOpenSSL 26.2.0, just below 26.3"))),
    "curated/acme-1.21-3.3-pyopenssl-26.2": Proof(
        check=ACME_CHECK, signature="module 'OpenSSL.crypto' has no attribute 'X509",
        stacks=(Stack({"acme": "1.21.0", "pyopenssl": "26.2.0", **ACME_PYOPENSSL26_PINS}, "failed",
                      "acme 1.21.0 with pyOpenSSL 26.2.0 (X509Extension)"),
                Stack({"acme": "3.3.0", "pyopenssl": "26.4.0"}, "failed",
                      "acme 3.3.0 with the newest pyOpenSSL (X509Req, which 26.3 removed too)"),
                Stack({"acme": "1.21.0", "pyopenssl": "26.1.0", **ACME_PYOPENSSL26_PINS}, "passed",
                      "pyOpenSSL 26.1.0, just below 26.2"),
                Stack({"acme": "3.3.0", "pyopenssl": "26.1.0"}, "passed", "pyOpenSSL 26.1.0, just below 26.2"),
                Stack({"acme": "4.0.0", "pyopenssl": "26.4.0"}, "passed",
                      "acme 4.0.0, just above the range, with the newest pyOpenSSL"))),
    # python-tds 1.10.0 imports pkg_resources without declaring setuptools: a root, and setuptools before 82
    "curated/python-tds-1.10-1.17.1-pyopenssl-26.2": Proof(
        check=PYTHON_TDS_VALIDATE_HOST_CHECK, signature="has no attribute 'get_extension'",
        stacks=(Stack({"python-tds": "1.10.0", "pyopenssl": "26.2.0", **SETUPTOOLS_PKG}, "failed",
                      "python-tds 1.10.0 with pyOpenSSL 26.2.0"),
                Stack({"python-tds": "1.17.1", "pyopenssl": "26.4.0", **SETUPTOOLS_PKG}, "failed",
                      "python-tds 1.17.1 with the newest pyOpenSSL"),
                Stack({"python-tds": "1.10.0", "pyopenssl": "26.1.0", **SETUPTOOLS_PKG}, "passed",
                      "pyOpenSSL 26.1.0, just below 26.2"),
                Stack({"python-tds": "1.17.1", "pyopenssl": "26.1.0", **SETUPTOOLS_PKG}, "passed",
                      "pyOpenSSL 26.1.0, just below 26.2")),
        roots=("pyopenssl", "setuptools")),
    "curated/ndg-httpsclient-0.5-0.5.1-pyopenssl-26.2": Proof(
        check=NDG_HTTPSCLIENT_VERIFY_CHECK, signature="has no attribute 'get_extension'",
        stacks=(Stack({"ndg-httpsclient": "0.5.0", "pyopenssl": "26.2.0"}, "failed",
                      "ndg-httpsclient 0.5.0 with pyOpenSSL 26.2.0"),
                Stack({"ndg-httpsclient": "0.5.1", "pyopenssl": "26.4.0"}, "failed",
                      "ndg-httpsclient 0.5.1 with the newest pyOpenSSL"),
                Stack({"ndg-httpsclient": "0.5.0", "pyopenssl": "26.1.0"}, "passed", "pyOpenSSL 26.1.0, just below 26.2"),
                Stack({"ndg-httpsclient": "0.5.1", "pyopenssl": "26.1.0"}, "passed", "pyOpenSSL 26.1.0, just below 26.2"))),
    "curated/certipy-0.1-0.1.3-pyopenssl-26.2": Proof(
        check=CERTIPY_CA_CHECK, signature="module 'OpenSSL.crypto' has no attribute 'X509",
        stacks=(Stack({"certipy": "0.1.0", "pyopenssl": "26.2.0"}, "failed", "certipy 0.1.0 with pyOpenSSL 26.2.0 (X509Extension)"),
                Stack({"certipy": "0.1.3", "pyopenssl": "26.4.0"}, "failed",
                      "certipy 0.1.3 with the newest pyOpenSSL (X509Req, which 26.3 removed too)"),
                Stack({"certipy": "0.1.0", "pyopenssl": "26.1.0"}, "passed", "pyOpenSSL 26.1.0, just below 26.2"),
                Stack({"certipy": "0.1.3", "pyopenssl": "26.1.0"}, "passed", "pyOpenSSL 26.1.0, just below 26.2"),
                Stack({"certipy": "0.2.3", "pyopenssl": "26.4.0"}, "passed",
                      "certipy 0.2.3 (0.2.0 moved to cryptography) with the newest pyOpenSSL")),
        roots=("pyopenssl",)),
    "curated/certipy-0.2-0.2.2-cryptography-47": Proof(
        check=CERTIPY_CA_CHECK, signature="cannot create 'cryptography.hazmat.primitives._serialization.Encoding' instances",
        stacks=(Stack({"certipy": "0.2.0", "cryptography": "47.0.0"}, "failed", "certipy 0.2.0 with cryptography 47.0.0"),
                Stack({"certipy": "0.2.2", "cryptography": "50.0.2"}, "failed", "certipy 0.2.2 with the newest cryptography"),
                Stack({"certipy": "0.2.0", "cryptography": "46.0.7"}, "passed", "cryptography 46.0.7, just below 47"),
                Stack({"certipy": "0.2.2", "cryptography": "46.0.7"}, "passed", "cryptography 46.0.7, just below 47"),
                Stack({"certipy": "0.2.3", "cryptography": "50.0.2"}, "passed",
                      "certipy 0.2.3, just above the range, with the newest cryptography"))),
    "curated/mastercard-oauth1-signer-1.0-1.6.1-pyopenssl-23.3": Proof(
        check=MASTERCARD_OAUTH1_SIGNER_CHECK, signature="has no attribute 'load_pkcs12'",
        stacks=(Stack({"mastercard-oauth1-signer": "1.0.0", "pyopenssl": "23.3.0"}, "failed",
                      "mastercard-oauth1-signer 1.0.0 with pyOpenSSL 23.3.0"),
                Stack({"mastercard-oauth1-signer": "1.6.1", "pyopenssl": "26.4.0"}, "failed",
                      "mastercard-oauth1-signer 1.6.1 with the newest pyOpenSSL"),
                Stack({"mastercard-oauth1-signer": "1.0.0", "pyopenssl": "23.2.0"}, "passed",
                      "pyOpenSSL 23.2.0, just below 23.3"),
                Stack({"mastercard-oauth1-signer": "1.6.1", "pyopenssl": "23.2.0"}, "passed",
                      "pyOpenSSL 23.2.0, just below 23.3"),
                Stack({"mastercard-oauth1-signer": "1.9.2", "pyopenssl": "26.4.0"}, "passed",
                      "mastercard-oauth1-signer 1.9.2 (cryptography only; 1.7 and 1.8 cap pyOpenSSL<=23.2.0) with the newest pyOpenSSL")),
        roots=("pyopenssl",)),
    # descartes does not declare shapely, and 1.0.2 not even matplotlib (roots); 1.0.1 and older have no wheel and their
    # sdists do not build here
    "curated/descartes-1.0.2-1.1.0-shapely-2": Proof(
        check=DESCARTES_CHECK, signature="too many indices for array", roots=("shapely", "matplotlib"),
        stacks=(Stack({"descartes": "1.0.2", "shapely": "2.0.0", **DESCARTES_PINS}, "failed", "descartes 1.0.2 with Shapely 2.0.0"),
                Stack({"descartes": "1.0.2", "shapely": "2.2.0", **DESCARTES_PINS}, "failed", "descartes 1.0.2 with Shapely 2.2.0"),
                Stack({"descartes": "1.1.0", "shapely": "2.0.0", **DESCARTES_PINS}, "failed", "descartes 1.1.0 with Shapely 2.0.0"),
                Stack({"descartes": "1.1.0", "shapely": "2.2.0", **DESCARTES_PINS}, "failed", "descartes 1.1.0 with Shapely 2.2.0"),
                Stack({"descartes": "1.0.2", "shapely": "1.8.5.post1", **DESCARTES_PINS}, "passed",
                      "descartes 1.0.2 with Shapely 1.8.5.post1, just below 2.0"),
                Stack({"descartes": "1.1.0", "shapely": "1.8.5.post1", **DESCARTES_PINS}, "passed",
                      "descartes 1.1.0 with Shapely 1.8.5.post1, just below 2.0"))),
    # alphashape(points, alpha) passes with every Shapely measured; no alphashape release after 1.3.1 exists; 1.3.0 fails
    # with every Shapely unless geopandas is installed (NameError: name 'geopandas' is not defined)
    "curated/alphashape-1.3.1-shapely-2": Proof(
        check=ALPHASHAPE_CHECK, signature="'MultiPoint' object is not iterable",
        stacks=(Stack({"alphashape": "1.3.1", "shapely": "2.0.0", **ALPHASHAPE_PINS}, "failed", "alphashape 1.3.1 with Shapely 2.0.0"),
                Stack({"alphashape": "1.3.1", "shapely": "2.2.0", **ALPHASHAPE_PINS}, "failed", "alphashape 1.3.1 with Shapely 2.2.0"),
                Stack({"alphashape": "1.3.1", "shapely": "1.8.5.post1", **ALPHASHAPE_PINS}, "passed",
                      "alphashape 1.3.1 with Shapely 1.8.5.post1, just below 2.0"))),
    # mapbox-vector-tile 2.0.0 requires shapely>=2 and protobuf>=4.21 (so its stack pins neither)
    "curated/mapbox-vector-tile-1.0.0-1.2.1-shapely-2.1": Proof(
        check=MAPBOX_VECTOR_TILE_CHECK, signature="cannot import name 'cascaded_union'",
        stacks=(Stack({"mapbox-vector-tile": "1.0.0", "shapely": "2.1.0", **MAPBOX_VECTOR_TILE_PINS}, "failed",
                      "mapbox-vector-tile 1.0.0 with Shapely 2.1.0"),
                Stack({"mapbox-vector-tile": "1.0.0", "shapely": "2.2.0", **MAPBOX_VECTOR_TILE_PINS}, "failed",
                      "mapbox-vector-tile 1.0.0 with Shapely 2.2.0"),
                Stack({"mapbox-vector-tile": "1.2.1", "shapely": "2.1.0", **MAPBOX_VECTOR_TILE_PINS}, "failed",
                      "mapbox-vector-tile 1.2.1 with Shapely 2.1.0"),
                Stack({"mapbox-vector-tile": "1.2.1", "shapely": "2.2.0", **MAPBOX_VECTOR_TILE_PINS}, "failed",
                      "mapbox-vector-tile 1.2.1 with Shapely 2.2.0"),
                Stack({"mapbox-vector-tile": "1.0.0", "shapely": "2.0.7", **MAPBOX_VECTOR_TILE_PINS}, "passed",
                      "mapbox-vector-tile 1.0.0 with Shapely 2.0.7, just below 2.1"),
                Stack({"mapbox-vector-tile": "1.2.1", "shapely": "2.0.7", **MAPBOX_VECTOR_TILE_PINS}, "passed",
                      "mapbox-vector-tile 1.2.1 with Shapely 2.0.7, just below 2.1"),
                Stack({"mapbox-vector-tile": "2.0.0", "shapely": "2.2.0"}, "passed",
                      "mapbox-vector-tile 2.0.0 imports unary_union only"))),
    # no geonetworkx release after 0.5.3 exists
    "curated/geonetworkx-0.4-0.5.3-shapely-2.1": Proof(
        check=GEONETWORKX_CHECK, signature="cannot import name 'cascaded_union'",
        stacks=(Stack({"geonetworkx": "0.4", "shapely": "2.1.0"}, "failed", "geonetworkx 0.4 with Shapely 2.1.0"),
                Stack({"geonetworkx": "0.4", "shapely": "2.2.0"}, "failed", "geonetworkx 0.4 with Shapely 2.2.0"),
                Stack({"geonetworkx": "0.5.3", "shapely": "2.1.0"}, "failed", "geonetworkx 0.5.3 with Shapely 2.1.0"),
                Stack({"geonetworkx": "0.5.3", "shapely": "2.2.0"}, "failed", "geonetworkx 0.5.3 with Shapely 2.2.0"),
                Stack({"geonetworkx": "0.4", "shapely": "2.0.7"}, "passed", "geonetworkx 0.4 with Shapely 2.0.7, just below 2.1"),
                Stack({"geonetworkx": "0.5.3", "shapely": "2.0.7"}, "passed", "geonetworkx 0.5.3 with Shapely 2.0.7, just below 2.1"))),
    # centerline 0.5.x and older require GDAL (no wheel); 1.0.0 wraps the result instead of subclassing MultiLineString
    "curated/centerline-0.6.0-0.6.4-shapely-2": Proof(
        check=CENTERLINE_CHECK, signature="unexpected keyword argument 'interpolation_distance'",
        stacks=(Stack({"centerline": "0.6.0", "shapely": "2.0.0", **CENTERLINE_PINS}, "failed", "centerline 0.6.0 with Shapely 2.0.0"),
                Stack({"centerline": "0.6.0", "shapely": "2.2.0", **CENTERLINE_PINS}, "failed", "centerline 0.6.0 with Shapely 2.2.0"),
                Stack({"centerline": "0.6.4", "shapely": "2.0.0", **CENTERLINE_PINS}, "failed", "centerline 0.6.4 with Shapely 2.0.0"),
                Stack({"centerline": "0.6.4", "shapely": "2.2.0", **CENTERLINE_PINS}, "failed", "centerline 0.6.4 with Shapely 2.2.0"),
                Stack({"centerline": "0.6.0", "shapely": "1.8.5.post1", **CENTERLINE_PINS}, "passed",
                      "centerline 0.6.0 with Shapely 1.8.5.post1, just below 2.0"),
                Stack({"centerline": "0.6.4", "shapely": "1.8.5.post1", **CENTERLINE_PINS}, "passed",
                      "centerline 0.6.4 with Shapely 1.8.5.post1, just below 2.0"),
                Stack({"centerline": "1.0.0", "shapely": "2.2.0"}, "passed", "centerline 1.0.0 no longer subclasses MultiLineString"))),
    # osmnx 1.1.2 and 1.2.x declare Shapely<2.0 (1.3.0 imports TopologicalError from shapely.errors)
    "curated/osmnx-0.16.0-1.1.1-shapely-2": Proof(
        check=OSMNX_TRUNCATE_CHECK, signature="cannot import name 'TopologicalError' from 'shapely.geos'",
        stacks=(Stack({"osmnx": "0.16.0", "shapely": "2.0.0", **OSMNX_SHAPELY_PINS}, "failed", "osmnx 0.16.0 with Shapely 2.0.0"),
                Stack({"osmnx": "0.16.0", "shapely": "2.2.0", **OSMNX_SHAPELY_PINS}, "failed", "osmnx 0.16.0 with Shapely 2.2.0"),
                Stack({"osmnx": "1.1.1", "shapely": "2.0.0", **OSMNX_SHAPELY_PINS}, "failed", "osmnx 1.1.1 with Shapely 2.0.0"),
                Stack({"osmnx": "1.1.1", "shapely": "2.2.0", **OSMNX_SHAPELY_PINS}, "failed", "osmnx 1.1.1 with Shapely 2.2.0"),
                Stack({"osmnx": "0.16.0", "shapely": "1.8.5.post1", **OSMNX_SHAPELY_PINS}, "passed",
                      "osmnx 0.16.0 with Shapely 1.8.5.post1, just below 2.0"),
                Stack({"osmnx": "1.1.1", "shapely": "1.8.5.post1", **OSMNX_SHAPELY_PINS}, "passed",
                      "osmnx 1.1.1 with Shapely 1.8.5.post1, just below 2.0"))),
    # topojson 1.4 fails with Shapely 2 on another call (curated/topojson-1.4-shapely-2)
    "curated/topojson-1.0-1.3-shapely-2": Proof(
        check=TOPOJSON_CHECK, signature="'MultiPolygon' object is not iterable",
        stacks=(Stack({"topojson": "1.0", "shapely": "2.0.0", **TOPOJSON_PINS}, "failed", "topojson 1.0 with Shapely 2.0.0"),
                Stack({"topojson": "1.0", "shapely": "2.2.0", **TOPOJSON_PINS}, "failed", "topojson 1.0 with Shapely 2.2.0"),
                Stack({"topojson": "1.3", "shapely": "2.0.0", **TOPOJSON_PINS}, "failed", "topojson 1.3 with Shapely 2.0.0"),
                Stack({"topojson": "1.3", "shapely": "2.2.0", **TOPOJSON_PINS}, "failed", "topojson 1.3 with Shapely 2.2.0"),
                Stack({"topojson": "1.0", "shapely": "1.8.5.post1", **TOPOJSON_PINS}, "passed",
                      "topojson 1.0 with Shapely 1.8.5.post1, just below 2.0"),
                Stack({"topojson": "1.3", "shapely": "1.8.5.post1", **TOPOJSON_PINS}, "passed",
                      "topojson 1.3 with Shapely 1.8.5.post1, just below 2.0"))),
    "curated/topojson-1.4-shapely-2": Proof(
        check=TOPOJSON_CHECK, signature="'numpy.int64' object has no attribute 'coords'",
        stacks=(Stack({"topojson": "1.4", "shapely": "2.0.0", **TOPOJSON_PINS}, "failed", "topojson 1.4 with Shapely 2.0.0"),
                Stack({"topojson": "1.4", "shapely": "2.2.0", **TOPOJSON_PINS}, "failed", "topojson 1.4 with Shapely 2.2.0"),
                Stack({"topojson": "1.4", "shapely": "1.8.5.post1", **TOPOJSON_PINS}, "passed",
                      "topojson 1.4 with Shapely 1.8.5.post1, just below 2.0"),
                Stack({"topojson": "1.5", "shapely": "2.2.0", **TOPOJSON_PINS}, "passed",
                      "topojson 1.5 handles Shapely 2's STRtree"))),
    # no tikzplotlib release after 0.10.1 exists
    "curated/tikzplotlib-0.10-webcolors-24.6": Proof(
        check=TIKZPLOTLIB_CHECK, signature="no attribute 'CSS3_HEX_TO_NAMES'",
        stacks=(Stack({"tikzplotlib": "0.10.0", "webcolors": "24.6.0", **TIKZPLOTLIB_WEBCOLORS_PINS}, "failed",
                      "tikzplotlib 0.10.0 with webcolors 24.6.0"),
                Stack({"tikzplotlib": "0.10.0", "webcolors": "25.10.0", **TIKZPLOTLIB_WEBCOLORS_PINS}, "failed",
                      "tikzplotlib 0.10.0 with webcolors 25.10.0"),
                Stack({"tikzplotlib": "0.10.1", "webcolors": "24.6.0", **TIKZPLOTLIB_WEBCOLORS_PINS}, "failed",
                      "tikzplotlib 0.10.1 with webcolors 24.6.0"),
                Stack({"tikzplotlib": "0.10.1", "webcolors": "25.10.0", **TIKZPLOTLIB_WEBCOLORS_PINS}, "failed",
                      "tikzplotlib 0.10.1 with webcolors 25.10.0"),
                Stack({"tikzplotlib": "0.10.0", "webcolors": "1.13", **TIKZPLOTLIB_WEBCOLORS_PINS}, "passed",
                      "webcolors 1.13, just below 24.6"),
                Stack({"tikzplotlib": "0.10.1", "webcolors": "1.13", **TIKZPLOTLIB_WEBCOLORS_PINS}, "passed",
                      "webcolors 1.13, just below 24.6"))),
    # litecli 1.0 to 1.2 need prompt_toolkit 2 (another REPL API) and were not measured
    "curated/litecli-1.3-1.7-click-8.1": Proof(
        check=LITECLI_REPL_CHECK, signature="get_terminal_size",
        stacks=(Stack({"litecli": "1.3.0", "click": "8.1.0"}, "failed", "litecli 1.3.0 with click 8.1.0"),
                Stack({"litecli": "1.3.0", "click": "8.5.1"}, "failed", "litecli 1.3.0 with click 8.5.1"),
                Stack({"litecli": "1.7.0", "click": "8.1.0"}, "failed", "litecli 1.7.0 with click 8.1.0"),
                Stack({"litecli": "1.7.0", "click": "8.5.1"}, "failed", "litecli 1.7.0 with click 8.5.1"),
                Stack({"litecli": "1.3.0", "click": "8.0.4"}, "passed", "click 8.0.4, just below 8.1"),
                Stack({"litecli": "1.7.0", "click": "8.0.4"}, "passed", "click 8.0.4, just below 8.1"),
                Stack({"litecli": "1.8.0", "click": "8.5.1"}, "passed", "litecli 1.8.0 calls shutil.get_terminal_size"))),
    # PyYAML 5.4.1 does not build on Python 3.11 (Cython 3): 5.3.1 builds from its sdist; no http-prompt after 2.1.0
    "curated/http-prompt-2.0-2.1-pyyaml-6": Proof(
        check=HTTP_PROMPT_YAML_SPEC_CHECK, signature="required positional argument: 'Loader'",
        stacks=(Stack({"http-prompt": "2.0.0", "pyyaml": "6.0"}, "failed", "http-prompt 2.0.0 with PyYAML 6.0"),
                Stack({"http-prompt": "2.0.0", "pyyaml": "6.0.4"}, "failed", "http-prompt 2.0.0 with PyYAML 6.0.4"),
                Stack({"http-prompt": "2.1.0", "pyyaml": "6.0"}, "failed", "http-prompt 2.1.0 with PyYAML 6.0"),
                Stack({"http-prompt": "2.1.0", "pyyaml": "6.0.4"}, "failed", "http-prompt 2.1.0 with PyYAML 6.0.4"),
                Stack({"http-prompt": "2.0.0", "pyyaml": "5.3.1"}, "passed", "http-prompt 2.0.0 with PyYAML 5.3.1"),
                Stack({"http-prompt": "2.1.0", "pyyaml": "5.3.1"}, "passed", "http-prompt 2.1.0 with PyYAML 5.3.1"))),
    # 0.2.1 requires scikit-learn>=1.3.0 and 0.2.3 pins scikit-learn==1.6.0; pip rejects the metadata of 0.1.6 and 0.1.7;
    # from scikit-learn 1.5 on, 0.2.0 fails one import earlier, on _print_elapsed_time from sklearn.utils
    "curated/imbalanced-ensemble-0.2.0-scikit-learn-1.3": Proof(
        check=IMBALANCED_ENSEMBLE_CHECK, signature="from 'sklearn.utils",
        stacks=(Stack({"imbalanced-ensemble": "0.2.0", "scikit-learn": "1.3.0", **IMBALANCED_ENSEMBLE_PINS}, "failed",
                      "imbalanced-ensemble 0.2.0 with scikit-learn 1.3.0"),
                Stack({"imbalanced-ensemble": "0.2.0", "scikit-learn": "1.9.1", **IMBALANCED_ENSEMBLE_PINS}, "failed",
                      "imbalanced-ensemble 0.2.0 with scikit-learn 1.9.1"),
                Stack({"imbalanced-ensemble": "0.2.0", "scikit-learn": "1.2.2", **IMBALANCED_ENSEMBLE_PINS}, "passed",
                      "scikit-learn 1.2.2, just below 1.3"),
                Stack({"imbalanced-ensemble": "0.2.1", "scikit-learn": "1.3.0", **IMBALANCED_ENSEMBLE_PINS}, "passed",
                      "imbalanced-ensemble 0.2.1 no longer imports if_delegate_has_method"))),
    # the default steady-state selection passes with NumPy 1.24 (curated/pygad-2.13-2.18.1-numpy-1.24); pygad 3.0.0
    # fixed it but takes a three-argument fitness function, so this check does not run on it
    "curated/pygad-2.18.3-2.19.2-numpy-1.24-rws": Proof(
        check=PYGAD_RWS_CHECK, signature="has no attribute 'float'",
        stacks=(Stack({"pygad": "2.18.3", "numpy": "1.24.0", **PYGAD_PINS}, "failed", "pygad 2.18.3 with NumPy 1.24.0"),
                Stack({"pygad": "2.18.3", "numpy": "2.4.6", **PYGAD_PINS}, "failed", "pygad 2.18.3 with NumPy 2.4.6"),
                Stack({"pygad": "2.19.2", "numpy": "1.24.0", **PYGAD_PINS}, "failed", "pygad 2.19.2 with NumPy 1.24.0"),
                Stack({"pygad": "2.19.2", "numpy": "2.4.6", **PYGAD_PINS}, "failed", "pygad 2.19.2 with NumPy 2.4.6"),
                Stack({"pygad": "2.18.3", "numpy": "1.23.5", **PYGAD_PINS}, "passed", "NumPy 1.23.5, just below 1.24"),
                Stack({"pygad": "2.19.2", "numpy": "1.23.5", **PYGAD_PINS}, "passed", "NumPy 1.23.5, just below 1.24"))),
    # NumPy 2.4.0 is yanked; reqpy_M 0.4.0 replaced REQPY_single by generate_single_component_compatible_record
    # (another signature), so this check does not run on it
    "curated/reqpy-m-0.2-0.3-numpy-2.4": Proof(
        check=REQPY_M_SINGLE_CHECK, signature="has no attribute 'trapz'",
        stacks=(Stack({"reqpy-m": "0.2.0", "numpy": "2.4.1", **REQPY_M_PINS}, "failed", "reqpy_M 0.2.0 with NumPy 2.4.1"),
                Stack({"reqpy-m": "0.2.0", "numpy": "2.4.6", **REQPY_M_PINS}, "failed", "reqpy_M 0.2.0 with NumPy 2.4.6"),
                Stack({"reqpy-m": "0.3.0", "numpy": "2.4.1", **REQPY_M_PINS}, "failed", "reqpy_M 0.3.0 with NumPy 2.4.1"),
                Stack({"reqpy-m": "0.3.0", "numpy": "2.4.6", **REQPY_M_PINS}, "failed", "reqpy_M 0.3.0 with NumPy 2.4.6"),
                Stack({"reqpy-m": "0.2.0", "numpy": "2.3.5", **REQPY_M_PINS}, "passed", "NumPy 2.3.5, just below 2.4"),
                Stack({"reqpy-m": "0.3.0", "numpy": "2.3.5", **REQPY_M_PINS}, "passed", "NumPy 2.3.5, just below 2.4"))),
    # django-polymorphic 2.0.x already fail with Django 3.0 (django.utils.six); Django 5.2 is the newest on Python 3.11
    "curated/django-polymorphic-2.1-2.1.2-django-3.1": Proof(
        check=DJANGO_CHECK.format(app="polymorphic", module="polymorphic.models"),
        signature="cannot import name 'FieldDoesNotExist'", roots=("setuptools",),
        stacks=(Stack({"django-polymorphic": "2.1", "django": "3.1", **DJANGO_POLYMORPHIC_31_PINS}, "failed",
                      "django-polymorphic 2.1 with Django 3.1"),
                Stack({"django-polymorphic": "2.1", "django": "5.2.19", **DJANGO_POLYMORPHIC_NEW_PINS}, "failed",
                      "django-polymorphic 2.1 with Django 5.2.19"),
                Stack({"django-polymorphic": "2.1.2", "django": "3.1", **DJANGO_POLYMORPHIC_31_PINS}, "failed",
                      "django-polymorphic 2.1.2 with Django 3.1"),
                Stack({"django-polymorphic": "2.1.2", "django": "5.2.19", **DJANGO_POLYMORPHIC_NEW_PINS}, "failed",
                      "django-polymorphic 2.1.2 with Django 5.2.19"),
                Stack({"django-polymorphic": "2.1", "django": "3.0.14", **DJANGO_POLYMORPHIC_NEW_PINS}, "passed",
                      "Django 3.0.14, just below 3.1"),
                Stack({"django-polymorphic": "2.1.2", "django": "3.0.14", **DJANGO_POLYMORPHIC_NEW_PINS}, "passed",
                      "Django 3.0.14, just below 3.1"),
                Stack({"django-polymorphic": "3.0.0", "django": "5.2.19", **DJANGO_POLYMORPHIC_NEW_PINS}, "passed",
                      "django-polymorphic 3.0.0 imports FieldDoesNotExist from django.core.exceptions"))),
    # cjio 0.5.x and older read only CityJSON 0.9 and earlier, so this check does not run on them
    "curated/cjio-0.6-0.7.3-click-8.1": Proof(
        check=CJIO_INFO_CHECK, signature="has no attribute 'resultcallback'", roots=("setuptools",),
        stacks=(Stack({"cjio": "0.6.0", "click": "8.1.0", **CJIO_PINS}, "failed", "cjio 0.6.0 with click 8.1.0"),
                Stack({"cjio": "0.6.0", "click": "8.5.1", **CJIO_PINS}, "failed", "cjio 0.6.0 with click 8.5.1"),
                Stack({"cjio": "0.7.3", "click": "8.1.0", **CJIO_PINS}, "failed", "cjio 0.7.3 with click 8.1.0"),
                Stack({"cjio": "0.7.3", "click": "8.5.1", **CJIO_PINS}, "failed", "cjio 0.7.3 with click 8.5.1"),
                Stack({"cjio": "0.6.0", "click": "8.0.4", **CJIO_PINS}, "passed", "click 8.0.4, just below 8.1"),
                Stack({"cjio": "0.7.3", "click": "8.0.4", **CJIO_PINS}, "passed", "click 8.0.4, just below 8.1"),
                Stack({"cjio": "0.7.4", "click": "8.5.1", **CJIO_PINS}, "passed", "cjio 0.7.4 calls result_callback"))),
    # plonecli 2.1 and 2.1.1 ship wheels without the plonecli package
    "curated/plonecli-1.0-2.1.2-click-8.1": Proof(
        check=PLONECLI_LIST_CHECK, signature="unexpected keyword argument 'autocompletion'", roots=("setuptools",),
        stacks=(Stack({"plonecli": "1.0", "click": "8.1.0", **PLONECLI_PINS}, "failed", "plonecli 1.0 with click 8.1.0"),
                Stack({"plonecli": "1.0", "click": "8.5.1", **PLONECLI_PINS}, "failed", "plonecli 1.0 with click 8.5.1"),
                Stack({"plonecli": "2.1.2", "click": "8.1.0", **PLONECLI_PINS}, "failed", "plonecli 2.1.2 with click 8.1.0"),
                Stack({"plonecli": "2.1.2", "click": "8.5.1", **PLONECLI_PINS}, "failed", "plonecli 2.1.2 with click 8.5.1"),
                Stack({"plonecli": "1.0", "click": "8.0.4", **PLONECLI_PINS}, "passed", "click 8.0.4, just below 8.1"),
                Stack({"plonecli": "2.1.2", "click": "8.0.4", **PLONECLI_PINS}, "passed", "click 8.0.4, just below 8.1"),
                Stack({"plonecli": "2.2", "click": "8.5.1", **PLONECLI_PINS}, "passed", "plonecli 2.2 passes shell_complete"))),
    # Flask-PyMongo 3.0.0 does not import (its _version module is missing); 3.0.1 needs Flask 3
    "curated/flask-pymongo-2.0-2.3-pymongo-4-send-file": Proof(
        check=FLASK_PYMONGO_SEND_FILE_CHECK, signature="argument of type 'NoneType' is not iterable", roots=("mongomock",),
        stacks=(Stack({"flask-pymongo": "2.0.0", "pymongo": "4.0", **FLASK_PYMONGO_PINS}, "failed",
                      "Flask-PyMongo 2.0.0 with PyMongo 4.0"),
                Stack({"flask-pymongo": "2.0.0", "pymongo": "4.20.1", **FLASK_PYMONGO_PINS}, "failed",
                      "Flask-PyMongo 2.0.0 with PyMongo 4.20.1"),
                Stack({"flask-pymongo": "2.3.0", "pymongo": "4.0", **FLASK_PYMONGO_PINS}, "failed",
                      "Flask-PyMongo 2.3.0 with PyMongo 4.0"),
                Stack({"flask-pymongo": "2.3.0", "pymongo": "4.20.1", **FLASK_PYMONGO_PINS}, "failed",
                      "Flask-PyMongo 2.3.0 with PyMongo 4.20.1"),
                Stack({"flask-pymongo": "2.0.0", "pymongo": "3.13.0", **FLASK_PYMONGO_PINS}, "passed",
                      "PyMongo 3.13.0, just below 4.0"),
                Stack({"flask-pymongo": "2.3.0", "pymongo": "3.13.0", **FLASK_PYMONGO_PINS}, "passed",
                      "PyMongo 3.13.0, just below 4.0"),
                Stack({"flask-pymongo": "3.0.1", "pymongo": "4.20.1", "mongomock": "4.3.0"}, "passed",
                      "Flask-PyMongo 3.0.1 computes a sha1 etag"))),
    "curated/datasets-1.0-2.7-pyarrow-21": Proof(
        check="python -c 'import datasets'", signature="PyExtensionType",
        stacks=(Stack({"datasets": "1.0.0", "pyarrow": "21.0.0"}, "failed", "datasets 1.0.0 with pyarrow 21.0.0"),
                Stack({"datasets": "1.0.0", "pyarrow": "26.0.1"}, "failed", "datasets 1.0.0 with pyarrow 26.0.1"),
                Stack({"datasets": "2.7.1", "pyarrow": "21.0.0"}, "failed", "datasets 2.7.1 with pyarrow 21.0.0"),
                Stack({"datasets": "2.7.1", "pyarrow": "26.0.1"}, "failed", "datasets 2.7.1 with pyarrow 26.0.1"),
                Stack({"datasets": "1.18.4", "pyarrow": "26.0.1"}, "failed", "datasets 1.18.4 with pyarrow 26.0.1"),
                Stack({"datasets": "2.0.0", "pyarrow": "21.0.0"}, "failed", "datasets 2.0.0 with pyarrow 21.0.0"),
                Stack({"datasets": "1.0.0", "pyarrow": "20.0.0"}, "passed", "datasets 1.0.0 with pyarrow 20.0.0, just below 21"),
                Stack({"datasets": "2.7.1", "pyarrow": "20.0.0"}, "passed", "datasets 2.7.1 with pyarrow 20.0.0, just below 21"))),
    "curated/text-extensions-for-pandas-0.1-0.2.1-pyarrow-21": Proof(
        check=TEXT_EXTENSIONS_FOR_PANDAS_ARROW_CHECK, signature="PyExtensionType",
        stacks=(Stack({"text-extensions-for-pandas": "0.1", "pyarrow": "21.0.0", **TEXT_EXTENSIONS_FOR_PANDAS_NP1_PINS}, "failed",
                      "text-extensions-for-pandas 0.1 with pyarrow 21.0.0"),
                Stack({"text-extensions-for-pandas": "0.1", "pyarrow": "25.0.1", **TEXT_EXTENSIONS_FOR_PANDAS_NP1_PINS}, "failed",
                      "text-extensions-for-pandas 0.1 with pyarrow 25.0.1"),
                Stack({"text-extensions-for-pandas": "0.2.1", "pyarrow": "21.0.0", **TEXT_EXTENSIONS_FOR_PANDAS_NP1_PINS}, "failed",
                      "text-extensions-for-pandas 0.2.1 with pyarrow 21.0.0"),
                Stack({"text-extensions-for-pandas": "0.2.1", "pyarrow": "25.0.1", **TEXT_EXTENSIONS_FOR_PANDAS_NP1_PINS}, "failed",
                      "text-extensions-for-pandas 0.2.1 with pyarrow 25.0.1"),
                Stack({"text-extensions-for-pandas": "0.1", "pyarrow": "20.0.0", **TEXT_EXTENSIONS_FOR_PANDAS_NP1_PINS}, "passed", "pyarrow 20.0.0, just below 21"),
                Stack({"text-extensions-for-pandas": "0.2.1", "pyarrow": "20.0.0", **TEXT_EXTENSIONS_FOR_PANDAS_NP1_PINS}, "passed", "pyarrow 20.0.0, just below 21"),
                Stack({"text-extensions-for-pandas": "0.2.2", "pyarrow": "26.0.1", "numpy": "2.1.3", "pandas": "2.2.3"}, "passed",
                      "text-extensions-for-pandas 0.2.2, just above the range, with pyarrow 26.0.1"))),
    "curated/msgpack-numpy-0.4.3-0.4.4-msgpack-1": Proof(
        check=MSGPACK_NUMPY_ROUNDTRIP_CHECK, signature="unexpected keyword argument 'encoding'",
        stacks=(Stack({"msgpack-numpy": "0.4.3", "msgpack": "1.0.0", **MSGPACK_NUMPY_PINS}, "failed", "msgpack-numpy 0.4.3 with msgpack 1.0.0"),
                Stack({"msgpack-numpy": "0.4.3", "msgpack": "1.2.4", **MSGPACK_NUMPY_PINS}, "failed", "msgpack-numpy 0.4.3 with msgpack 1.2.4"),
                Stack({"msgpack-numpy": "0.4.4", "msgpack": "1.0.0", **MSGPACK_NUMPY_PINS}, "failed", "msgpack-numpy 0.4.4 with msgpack 1.0.0"),
                Stack({"msgpack-numpy": "0.4.4", "msgpack": "1.2.4", **MSGPACK_NUMPY_PINS}, "failed", "msgpack-numpy 0.4.4 with msgpack 1.2.4"),
                Stack({"msgpack-numpy": "0.4.3", "msgpack": "0.6.2", **MSGPACK_NUMPY_PINS}, "passed", "msgpack 0.6.2, just below 1.0"),
                Stack({"msgpack-numpy": "0.4.4", "msgpack": "0.6.2", **MSGPACK_NUMPY_PINS}, "passed", "msgpack 0.6.2, just below 1.0"),
                Stack({"msgpack-numpy": "0.4.5", "msgpack": "1.2.4", **MSGPACK_NUMPY_PINS}, "passed", "msgpack-numpy 0.4.5, the fixed release"))),
    "curated/msgpack-numpy-0.4.4.1-0.4.4.3-msgpack-1": Proof(
        check=MSGPACK_NUMPY_ROUNDTRIP_CHECK, signature="UnicodeDecodeError",
        stacks=(Stack({"msgpack-numpy": "0.4.4.1", "msgpack": "1.0.0", **MSGPACK_NUMPY_PINS}, "failed", "msgpack-numpy 0.4.4.1 with msgpack 1.0.0"),
                Stack({"msgpack-numpy": "0.4.4.1", "msgpack": "1.2.4", **MSGPACK_NUMPY_PINS}, "failed", "msgpack-numpy 0.4.4.1 with msgpack 1.2.4"),
                Stack({"msgpack-numpy": "0.4.4.3", "msgpack": "1.0.0", **MSGPACK_NUMPY_PINS}, "failed", "msgpack-numpy 0.4.4.3 with msgpack 1.0.0"),
                Stack({"msgpack-numpy": "0.4.4.3", "msgpack": "1.2.4", **MSGPACK_NUMPY_PINS}, "failed", "msgpack-numpy 0.4.4.3 with msgpack 1.2.4"),
                Stack({"msgpack-numpy": "0.4.4.1", "msgpack": "0.6.2", **MSGPACK_NUMPY_PINS}, "passed", "msgpack 0.6.2, just below 1.0"),
                Stack({"msgpack-numpy": "0.4.4.3", "msgpack": "0.6.2", **MSGPACK_NUMPY_PINS}, "passed", "msgpack 0.6.2, just below 1.0"),
                Stack({"msgpack-numpy": "0.4.5", "msgpack": "1.0.0", **MSGPACK_NUMPY_PINS}, "passed", "msgpack-numpy 0.4.5, just above the range"),
                Stack({"msgpack-numpy": "0.4.5", "msgpack": "1.2.4", **MSGPACK_NUMPY_PINS}, "passed", "msgpack-numpy 0.4.5 with msgpack 1.2.4"))),
    "curated/oslo.serialization-2.24-2.26-msgpack-1": Proof(
        check=OSLO_SERIALIZATION_MSGPACK_CHECK, signature="unexpected keyword argument 'encoding'",
        stacks=(Stack({"oslo-serialization": "2.24.0", "msgpack": "1.0.0"}, "failed", "oslo.serialization 2.24.0 with msgpack 1.0.0"),
                Stack({"oslo-serialization": "2.24.0", "msgpack": "1.2.4"}, "failed", "oslo.serialization 2.24.0 with msgpack 1.2.4"),
                Stack({"oslo-serialization": "2.26.0", "msgpack": "1.0.0"}, "failed", "oslo.serialization 2.26.0 with msgpack 1.0.0"),
                Stack({"oslo-serialization": "2.26.0", "msgpack": "1.2.4"}, "failed", "oslo.serialization 2.26.0 with msgpack 1.2.4"),
                Stack({"oslo-serialization": "2.24.0", "msgpack": "0.6.2"}, "passed", "msgpack 0.6.2, just below 1.0"),
                Stack({"oslo-serialization": "2.26.0", "msgpack": "0.6.2"}, "passed", "msgpack 0.6.2, just below 1.0"),
                Stack({"oslo-serialization": "2.27.0", "msgpack": "1.0.0"}, "passed", "oslo.serialization 2.27.0, just above the range"),
                Stack({"oslo-serialization": "2.27.0", "msgpack": "1.2.4"}, "passed", "oslo.serialization 2.27.0 with msgpack 1.2.4"))),
    "curated/aiocache-0.9-0.10-msgpack-1": Proof(
        check=AIOCACHE_MSGPACK_CHECK, signature="unexpected keyword argument 'encoding'", roots=("msgpack",),
        stacks=(Stack({"aiocache": "0.9.0", "msgpack": "1.0.0"}, "failed", "aiocache 0.9.0 with msgpack 1.0.0"),
                Stack({"aiocache": "0.9.0", "msgpack": "1.2.4"}, "failed", "aiocache 0.9.0 with msgpack 1.2.4"),
                Stack({"aiocache": "0.10.1", "msgpack": "1.0.0"}, "failed", "aiocache 0.10.1 with msgpack 1.0.0"),
                Stack({"aiocache": "0.10.1", "msgpack": "1.2.4"}, "failed", "aiocache 0.10.1 with msgpack 1.2.4"),
                Stack({"aiocache": "0.9.0", "msgpack": "0.6.2"}, "passed", "msgpack 0.6.2, just below 1.0"),
                Stack({"aiocache": "0.10.1", "msgpack": "0.6.2"}, "passed", "msgpack 0.6.2, just below 1.0"),
                Stack({"aiocache": "0.11.1", "msgpack": "1.0.0"}, "passed", "aiocache 0.11.1, the first fixed release that imports here"),
                Stack({"aiocache": "0.11.1", "msgpack": "1.2.4"}, "passed", "aiocache 0.11.1 with msgpack 1.2.4"))),
    "curated/ray-2.5-2.21-pyarrow-21": Proof(
        check=RAY_TENSOR_EXTENSION_CHECK, signature="PyExtensionType", roots=("setuptools", "pyarrow", "pandas"),
        stacks=(Stack({"ray": "2.5.0", "pyarrow": "21.0.0", **RAY_DATA_NP1_PINS}, "failed", "Ray 2.5.0 with pyarrow 21.0.0"),
                Stack({"ray": "2.5.0", "pyarrow": "25.0.1", **RAY_DATA_NP1_PINS}, "failed", "Ray 2.5.0 with pyarrow 25.0.1"),
                Stack({"ray": "2.9.3", "pyarrow": "21.0.0", **RAY_DATA_NP1_PINS}, "failed", "Ray 2.9.3 (import ray.data) with pyarrow 21.0.0"),
                Stack({"ray": "2.21.0", "pyarrow": "21.0.0", **RAY_DATA_NP1_PINS}, "failed", "Ray 2.21.0 with pyarrow 21.0.0"),
                Stack({"ray": "2.21.0", "pyarrow": "25.0.1", **RAY_DATA_NP1_PINS}, "failed", "Ray 2.21.0 with pyarrow 25.0.1"),
                Stack({"ray": "2.5.0", "pyarrow": "20.0.0", **RAY_DATA_NP1_PINS}, "passed", "Ray 2.5.0 with pyarrow 20.0.0, just below 21"),
                Stack({"ray": "2.21.0", "pyarrow": "20.0.0", **RAY_DATA_NP1_PINS}, "passed", "Ray 2.21.0 with pyarrow 20.0.0, just below 21"),
                Stack({"ray": "2.22.0", "pyarrow": "25.0.1", **RAY_DATA_NP1_PINS}, "passed", "Ray 2.22.0, just above the range"))),
    # every release imports BaseQuery from flask_sqlalchemy; Flask-SQLAlchemy 3.1 needs Flask 2.2.5 or later and
    # SQLAlchemy 2.0.16 or later (resolved here to the newest); no release after 1.0.4 exists
    "curated/flask-sqlalchemy-caching-0.1-1.0.4-flask-sqlalchemy-3.1": Proof(
        check=FLASK_SQLALCHEMY_CACHING_CHECK, signature="cannot import name 'BaseQuery'",
        stacks=(Stack({"flask-sqlalchemy-caching": "0.1.0", "flask-sqlalchemy": "3.1.0", **FLASK233_WZ23_PINS}, "failed",
                      "Flask-SQLAlchemy-Caching 0.1.0 with Flask-SQLAlchemy 3.1.0"),
                Stack({"flask-sqlalchemy-caching": "0.1.0", "flask-sqlalchemy": "3.1.1", **FLASK233_WZ23_PINS}, "failed",
                      "Flask-SQLAlchemy-Caching 0.1.0 with Flask-SQLAlchemy 3.1.1"),
                Stack({"flask-sqlalchemy-caching": "1.0.4", "flask-sqlalchemy": "3.1.0", **FLASK233_WZ23_PINS}, "failed",
                      "Flask-SQLAlchemy-Caching 1.0.4 with Flask-SQLAlchemy 3.1.0"),
                Stack({"flask-sqlalchemy-caching": "1.0.4", "flask-sqlalchemy": "3.1.1", **FLASK233_WZ23_PINS}, "failed",
                      "Flask-SQLAlchemy-Caching 1.0.4 with Flask-SQLAlchemy 3.1.1"),
                Stack({"flask-sqlalchemy-caching": "0.1.0", "flask-sqlalchemy": "3.0.5", **FLASK233_WZ23_PINS}, "passed",
                      "Flask-SQLAlchemy-Caching 0.1.0 with Flask-SQLAlchemy 3.0.5, just below 3.1"),
                Stack({"flask-sqlalchemy-caching": "1.0.4", "flask-sqlalchemy": "3.0.5", **FLASK233_WZ23_PINS}, "passed",
                      "Flask-SQLAlchemy-Caching 1.0.4 with Flask-SQLAlchemy 3.0.5, just below 3.1"))),
    # Flask 2.2.5 (the oldest Flask-SQLAlchemy 3.1 allows): 0.2.9.1 and 0.2.9.2 import locked_cached_property from
    # flask.helpers, which Flask 3.0 removed; 0.2.9 and older fail with SQLAlchemy 1.4 and later (_mapper_zero)
    "curated/flask-msearch-0.2.9.1-0.2.9.3-flask-sqlalchemy-3.1": Proof(
        check=FLASK_MSEARCH_CHECK, signature="cannot import name 'models_committed'",
        stacks=(Stack({"flask-msearch": "0.2.9.1", "flask-sqlalchemy": "3.1.0", **FLASK22_PINS}, "failed",
                      "flask-msearch 0.2.9.1 with Flask-SQLAlchemy 3.1.0"),
                Stack({"flask-msearch": "0.2.9.1", "flask-sqlalchemy": "3.1.1", **FLASK22_PINS}, "failed",
                      "flask-msearch 0.2.9.1 with Flask-SQLAlchemy 3.1.1"),
                Stack({"flask-msearch": "0.2.9.3", "flask-sqlalchemy": "3.1.0", **FLASK22_PINS}, "failed",
                      "flask-msearch 0.2.9.3 with Flask-SQLAlchemy 3.1.0"),
                Stack({"flask-msearch": "0.2.9.3", "flask-sqlalchemy": "3.1.1", **FLASK22_PINS}, "failed",
                      "flask-msearch 0.2.9.3 with Flask-SQLAlchemy 3.1.1"),
                Stack({"flask-msearch": "0.2.9.1", "flask-sqlalchemy": "3.0.5", **FLASK22_PINS}, "passed",
                      "flask-msearch 0.2.9.1 with Flask-SQLAlchemy 3.0.5, just below 3.1"),
                Stack({"flask-msearch": "0.2.9.3", "flask-sqlalchemy": "3.0.5", **FLASK22_PINS}, "passed",
                      "flask-msearch 0.2.9.3 with Flask-SQLAlchemy 3.0.5, just below 3.1"),
                Stack({"flask-msearch": "0.2.9.4", "flask-sqlalchemy": "3.1.1", **FLASK22_PINS}, "passed",
                      "flask-msearch 0.2.9.4, the first release above the range, falls back to track_modifications"))),
    # Flask-SQLAlchemy 3.0.5 throughout the range (3.1 also removed the BaseQuery these releases import); 0.9.0 fixes
    # case() but its setup.py imports the module, whose BaseQuery import fails in a build environment with the newest
    # Flask-SQLAlchemy (its build requirement, unpinned), so it does not install here: 0.9.1 (flask_sqlalchemy.query.Query)
    # stands for it
    "curated/flask-whooshee-0.8.1-0.8.2-sqlalchemy-2": Proof(
        check=FLASK_WHOOSHEE_CHECK, signature="\"whens\" argument to case()",
        stacks=(Stack({"flask-whooshee": "0.8.1", "sqlalchemy": "2.0.0", **FLASK_WHOOSHEE_PINS}, "failed",
                      "flask-whooshee 0.8.1 with SQLAlchemy 2.0.0"),
                Stack({"flask-whooshee": "0.8.1", "sqlalchemy": "2.1.9", **FLASK_WHOOSHEE_PINS}, "failed",
                      "flask-whooshee 0.8.1 with SQLAlchemy 2.1.9"),
                Stack({"flask-whooshee": "0.8.2", "sqlalchemy": "2.0.0", **FLASK_WHOOSHEE_PINS}, "failed",
                      "flask-whooshee 0.8.2 with SQLAlchemy 2.0.0"),
                Stack({"flask-whooshee": "0.8.2", "sqlalchemy": "2.1.9", **FLASK_WHOOSHEE_PINS}, "failed",
                      "flask-whooshee 0.8.2 with SQLAlchemy 2.1.9"),
                Stack({"flask-whooshee": "0.8.1", "sqlalchemy": "1.4.54", **FLASK_WHOOSHEE_PINS}, "passed",
                      "flask-whooshee 0.8.1 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"flask-whooshee": "0.8.2", "sqlalchemy": "1.4.54", **FLASK_WHOOSHEE_PINS}, "passed",
                      "flask-whooshee 0.8.2 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"flask-whooshee": "0.9.1", "sqlalchemy": "2.1.9", "flask-sqlalchemy": "3.1.1", **FLASK233_WZ23_PINS},
                      "passed", "flask-whooshee 0.9.1 passes case() its whens as positional arguments"))),
    # 0.3.8, 0.3.9 and 0.5.0 do not bound prettytable: 3.11.0 is the last with the DEFAULT style they read (0.4.x ask
    # for prettytable<1, whose releases have no wheel or sdist this installer takes, so 0.4.x are not measured)
    "curated/ipython-sql-0.3.8-0.3.9-sqlalchemy-2": Proof(
        check=IPYTHON_SQL_CHECK, signature="unexpected keyword argument 'bind'",
        stacks=(Stack({"ipython-sql": "0.3.8", "sqlalchemy": "2.0.0", **IPYTHON_SQL_PINS}, "failed",
                      "ipython-sql 0.3.8 with SQLAlchemy 2.0.0"),
                Stack({"ipython-sql": "0.3.8", "sqlalchemy": "2.1.9", **IPYTHON_SQL_PINS}, "failed",
                      "ipython-sql 0.3.8 with SQLAlchemy 2.1.9"),
                Stack({"ipython-sql": "0.3.9", "sqlalchemy": "2.0.0", **IPYTHON_SQL_PINS}, "failed",
                      "ipython-sql 0.3.9 with SQLAlchemy 2.0.0"),
                Stack({"ipython-sql": "0.3.9", "sqlalchemy": "2.1.9", **IPYTHON_SQL_PINS}, "failed",
                      "ipython-sql 0.3.9 with SQLAlchemy 2.1.9"),
                Stack({"ipython-sql": "0.3.8", "sqlalchemy": "1.4.54", **IPYTHON_SQL_PINS}, "passed",
                      "ipython-sql 0.3.8 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"ipython-sql": "0.3.9", "sqlalchemy": "1.4.54", **IPYTHON_SQL_PINS}, "passed",
                      "ipython-sql 0.3.9 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"ipython-sql": "0.5.0", "sqlalchemy": "2.1.9", **IPYTHON_SQL_PINS}, "passed",
                      "ipython-sql 0.5.0, the first release that supports SQLAlchemy 2 (it requires it)"))),
    "curated/geoalchemy2-0.8.5-0.10.2-sqlalchemy-2": Proof(
        check=GEOALCHEMY2_CHECK, signature="cannot import name 'with_metaclass'",
        stacks=(Stack({"geoalchemy2": "0.8.5", "sqlalchemy": "2.0.0"}, "failed", "GeoAlchemy2 0.8.5 with SQLAlchemy 2.0.0"),
                Stack({"geoalchemy2": "0.8.5", "sqlalchemy": "2.1.9"}, "failed", "GeoAlchemy2 0.8.5 with SQLAlchemy 2.1.9"),
                Stack({"geoalchemy2": "0.10.2", "sqlalchemy": "2.0.0"}, "failed", "GeoAlchemy2 0.10.2 with SQLAlchemy 2.0.0"),
                Stack({"geoalchemy2": "0.10.2", "sqlalchemy": "2.1.9"}, "failed", "GeoAlchemy2 0.10.2 with SQLAlchemy 2.1.9"),
                Stack({"geoalchemy2": "0.8.5", "sqlalchemy": "1.4.54"}, "passed",
                      "GeoAlchemy2 0.8.5 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"geoalchemy2": "0.10.2", "sqlalchemy": "1.4.54"}, "passed",
                      "GeoAlchemy2 0.10.2 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"geoalchemy2": "0.8.4", "sqlalchemy": "2.1.9"}, "passed",
                      "GeoAlchemy2 0.8.4, just below the range, has no function registry metaclass"),
                Stack({"geoalchemy2": "0.11.0", "sqlalchemy": "2.1.9"}, "passed",
                      "GeoAlchemy2 0.11.0, the first release above the range, dropped the metaclass"))),
    # psycopg2-binary added as a root: create_engine needs the driver, but no server runs (reaching the connection is
    # the pass); with SQLAlchemy 2.1 these releases no longer import (see the sqlalchemy-utils 2.1 rules), so 2.0.58
    "curated/sqlalchemy-utils-0.37.2-0.39-sqlalchemy-2.0": Proof(
        check=SQLALCHEMY_UTILS_CREATEDB_CHECK, signature="accepts only Session, Engine, Connection",
        roots=("psycopg2-binary",),
        stacks=(Stack({"sqlalchemy-utils": "0.37.2", "sqlalchemy": "2.0.0"}, "failed",
                      "SQLAlchemy-Utils 0.37.2 with SQLAlchemy 2.0.0"),
                Stack({"sqlalchemy-utils": "0.37.2", "sqlalchemy": "2.0.58"}, "failed",
                      "SQLAlchemy-Utils 0.37.2 with SQLAlchemy 2.0.58"),
                Stack({"sqlalchemy-utils": "0.39.0", "sqlalchemy": "2.0.0"}, "failed",
                      "SQLAlchemy-Utils 0.39.0 with SQLAlchemy 2.0.0"),
                Stack({"sqlalchemy-utils": "0.39.0", "sqlalchemy": "2.0.58"}, "failed",
                      "SQLAlchemy-Utils 0.39.0 with SQLAlchemy 2.0.58"),
                Stack({"sqlalchemy-utils": "0.37.2", "sqlalchemy": "1.4.54"}, "passed",
                      "SQLAlchemy-Utils 0.37.2 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"sqlalchemy-utils": "0.39.0", "sqlalchemy": "1.4.54"}, "passed",
                      "SQLAlchemy-Utils 0.39.0 with SQLAlchemy 1.4.54, just below 2"),
                Stack({"sqlalchemy-utils": "0.40.0", "sqlalchemy": "2.0.58"}, "passed",
                      "SQLAlchemy-Utils 0.40.0, the first release above the range, passes the engine's dialect"))),
    "curated/sqlalchemy-utils-0.37.2-0.38.2-sqlalchemy-2.1": Proof(
        check="python -c 'import sqlalchemy_utils'", signature="ScalarAttributeImpl",
        stacks=(Stack({"sqlalchemy-utils": "0.37.2", "sqlalchemy": "2.1.0"}, "failed",
                      "SQLAlchemy-Utils 0.37.2 with SQLAlchemy 2.1.0"),
                Stack({"sqlalchemy-utils": "0.37.2", "sqlalchemy": "2.1.9"}, "failed",
                      "SQLAlchemy-Utils 0.37.2 with SQLAlchemy 2.1.9"),
                Stack({"sqlalchemy-utils": "0.38.2", "sqlalchemy": "2.1.0"}, "failed",
                      "SQLAlchemy-Utils 0.38.2 with SQLAlchemy 2.1.0"),
                Stack({"sqlalchemy-utils": "0.38.2", "sqlalchemy": "2.1.9"}, "failed",
                      "SQLAlchemy-Utils 0.38.2 with SQLAlchemy 2.1.9"),
                Stack({"sqlalchemy-utils": "0.37.2", "sqlalchemy": "2.0.58"}, "passed",
                      "SQLAlchemy-Utils 0.37.2 with SQLAlchemy 2.0.58, just below 2.1"),
                Stack({"sqlalchemy-utils": "0.38.2", "sqlalchemy": "2.0.58"}, "passed",
                      "SQLAlchemy-Utils 0.38.2 with SQLAlchemy 2.0.58, just below 2.1"))),
    # NumPy, SciPy and pandas pinned; 0.0.3 replaced exec_ with the builtin (PR 81); the 0.0.1 wheel lacks
    # effectsize/expressions.json, so its conversions fail with every SymPy, and it is left out
    "curated/pymare-0.0.2-sympy-1.10": Proof(
        check=PYMARE_EFFECTSIZE_CHECK, signature="exec_",
        stacks=(Stack({"pymare": "0.0.2", "sympy": "1.10", **PYMARE_PINS}, "failed", "PyMARE 0.0.2 with SymPy 1.10"),
                Stack({"pymare": "0.0.2", "sympy": "1.14.0", **PYMARE_PINS}, "failed", "PyMARE 0.0.2 with SymPy 1.14.0"),
                Stack({"pymare": "0.0.2", "sympy": "1.9", **PYMARE_PINS}, "passed", "SymPy 1.9, just below 1.10"),
                Stack({"pymare": "0.0.3", "sympy": "1.14.0", **PYMARE_PINS}, "passed",
                      "PyMARE 0.0.3, the first release above the range, uses the builtin exec"))),
    # dowhy 0.6 tests d-separation with its own path blocking; 0.13 imports is_d_separator when networkx has it
    "curated/dowhy-0.7-0.12-networkx-3.5": Proof(
        check=DOWHY_IDENTIFY_CHECK, signature="d_separated",
        stacks=(Stack({"dowhy": "0.7", "networkx": "3.5", **DOWHY_PINS}, "failed", "dowhy 0.7 with networkx 3.5"),
                Stack({"dowhy": "0.7", "networkx": "3.6.1", **DOWHY_PINS}, "failed", "dowhy 0.7 with networkx 3.6.1"),
                Stack({"dowhy": "0.12", "networkx": "3.5", **DOWHY_PINS}, "failed", "dowhy 0.12 with networkx 3.5"),
                Stack({"dowhy": "0.12", "networkx": "3.6.1", **DOWHY_PINS}, "failed", "dowhy 0.12 with networkx 3.6.1"),
                Stack({"dowhy": "0.7", "networkx": "3.4.2", **DOWHY_PINS}, "passed", "networkx 3.4.2, just below 3.5"),
                Stack({"dowhy": "0.12", "networkx": "3.4.2", **DOWHY_PINS}, "passed", "networkx 3.4.2, just below 3.5"),
                Stack({"dowhy": "0.13", "networkx": "3.6.1", **DOWHY_PINS}, "passed",
                      "dowhy 0.13, the first release above the range, imports is_d_separator"))),
    # NumPy, pandas and SciPy pinned (libpysal 4.6 and older import scipy.inf, which SciPy 1.12 removed); 4.0.0 installs
    # from its source distribution (pure Python); libpysal does not declare networkx, hence roots=("networkx",)
    "curated/libpysal-4.0-4.6-networkx-3": Proof(
        check=LIBPYSAL_NETWORKX_CHECK, signature="scipy_sparse_matrix",
        stacks=(Stack({"libpysal": "4.0.0", "networkx": "3.0", **LIBPYSAL_PINS}, "failed", "libpysal 4.0.0 with networkx 3.0"),
                Stack({"libpysal": "4.0.0", "networkx": "3.6.1", **LIBPYSAL_PINS}, "failed", "libpysal 4.0.0 with networkx 3.6.1"),
                Stack({"libpysal": "4.6.2", "networkx": "3.0", **LIBPYSAL_PINS}, "failed", "libpysal 4.6.2 with networkx 3.0"),
                Stack({"libpysal": "4.6.2", "networkx": "3.6.1", **LIBPYSAL_PINS}, "failed", "libpysal 4.6.2 with networkx 3.6.1"),
                Stack({"libpysal": "4.0.0", "networkx": "2.8.8", **LIBPYSAL_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"libpysal": "4.6.2", "networkx": "2.8.8", **LIBPYSAL_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"libpysal": "4.7.0", "networkx": "3.6.1", **LIBPYSAL_PINS}, "passed",
                      "libpysal 4.7.0, the first release above the range, uses the sparse-array converters")),
        roots=("networkx",)),
    # SymPy 1.12 to 1.14.0 accept only a 4.11 runtime; no later SymPy release exists to measure
    "curated/sympy-1.12-1.14-antlr4-python3-runtime-4.12": Proof(
        check=SYMPY_PARSE_LATEX_CHECK, signature="LaTeX parsing requires the antlr4 Python package", roots=("antlr4-python3-runtime",),
        stacks=(Stack({"sympy": "1.12", "antlr4-python3-runtime": "4.12.0"}, "failed", "SymPy 1.12 with antlr4-python3-runtime 4.12.0"),
                Stack({"sympy": "1.12", "antlr4-python3-runtime": "4.13.2"}, "failed", "SymPy 1.12 with antlr4-python3-runtime 4.13.2"),
                Stack({"sympy": "1.14.0", "antlr4-python3-runtime": "4.12.0"}, "failed", "SymPy 1.14.0 with antlr4-python3-runtime 4.12.0"),
                Stack({"sympy": "1.14.0", "antlr4-python3-runtime": "4.13.2"}, "failed", "SymPy 1.14.0 with antlr4-python3-runtime 4.13.2"),
                Stack({"sympy": "1.12", "antlr4-python3-runtime": "4.11.1"}, "passed", "SymPy 1.12 with antlr4-python3-runtime 4.11.1, the runtime its parser was generated with"),
                Stack({"sympy": "1.14.0", "antlr4-python3-runtime": "4.11.1"}, "passed", "SymPy 1.14.0 with antlr4-python3-runtime 4.11.1, the runtime its parser was generated with"))),
    # SymPy 1.11 and 1.11.1 accept only a 4.10 runtime
    "curated/sympy-1.11-antlr4-python3-runtime-4.11": Proof(
        check=SYMPY_PARSE_LATEX_CHECK, signature="LaTeX parsing requires the antlr4 Python package", roots=("antlr4-python3-runtime",),
        stacks=(Stack({"sympy": "1.11", "antlr4-python3-runtime": "4.11.0"}, "failed", "SymPy 1.11 with antlr4-python3-runtime 4.11.0"),
                Stack({"sympy": "1.11", "antlr4-python3-runtime": "4.13.2"}, "failed", "SymPy 1.11 with antlr4-python3-runtime 4.13.2"),
                Stack({"sympy": "1.11.1", "antlr4-python3-runtime": "4.11.0"}, "failed", "SymPy 1.11.1 with antlr4-python3-runtime 4.11.0"),
                Stack({"sympy": "1.11.1", "antlr4-python3-runtime": "4.13.2"}, "failed", "SymPy 1.11.1 with antlr4-python3-runtime 4.13.2"),
                Stack({"sympy": "1.11", "antlr4-python3-runtime": "4.10"}, "passed", "SymPy 1.11 with antlr4-python3-runtime 4.10, the runtime its parser was generated with"),
                Stack({"sympy": "1.11.1", "antlr4-python3-runtime": "4.10"}, "passed", "SymPy 1.11.1 with antlr4-python3-runtime 4.10, the runtime its parser was generated with"))),
    # SymPy 1.2 (the first with parse_latex) to 1.10.1 ship a parser generated with ANTLR 4.7.2, which runtimes from 4.10 cannot load
    "curated/sympy-1.2-1.10-antlr4-python3-runtime-4.10": Proof(
        check=SYMPY_PARSE_LATEX_CHECK, signature="'NoneType' object is not callable", roots=("antlr4-python3-runtime",),
        stacks=(Stack({"sympy": "1.2", "antlr4-python3-runtime": "4.10"}, "failed", "SymPy 1.2 with antlr4-python3-runtime 4.10"),
                Stack({"sympy": "1.2", "antlr4-python3-runtime": "4.13.2"}, "failed", "SymPy 1.2 with antlr4-python3-runtime 4.13.2"),
                Stack({"sympy": "1.10.1", "antlr4-python3-runtime": "4.10"}, "failed", "SymPy 1.10.1 with antlr4-python3-runtime 4.10"),
                Stack({"sympy": "1.10.1", "antlr4-python3-runtime": "4.13.2"}, "failed", "SymPy 1.10.1 with antlr4-python3-runtime 4.13.2"),
                Stack({"sympy": "1.2", "antlr4-python3-runtime": "4.9.3"}, "passed", "SymPy 1.2 with antlr4-python3-runtime 4.9.3, just below 4.10 (a version warning, but it parses)"),
                Stack({"sympy": "1.10.1", "antlr4-python3-runtime": "4.9.3"}, "passed", "SymPy 1.10.1 with antlr4-python3-runtime 4.9.3, just below 4.10 (a version warning, but it parses)"))),
    # the same pins as the dowhy networkx 3.5 rule; 0.9 is not on the index; 0.10 builds the adjacency with to_numpy_array
    "curated/dowhy-0.7-0.8-networkx-3": Proof(
        check=DOWHY_ID_ALGORITHM_CHECK, signature="to_numpy_matrix",
        stacks=(Stack({"dowhy": "0.7", "networkx": "3.0", **DOWHY_PINS}, "failed", "dowhy 0.7 with networkx 3.0"),
                Stack({"dowhy": "0.7", "networkx": "3.6.1", **DOWHY_PINS}, "failed", "dowhy 0.7 with networkx 3.6.1"),
                Stack({"dowhy": "0.8", "networkx": "3.0", **DOWHY_PINS}, "failed", "dowhy 0.8 with networkx 3.0"),
                Stack({"dowhy": "0.8", "networkx": "3.6.1", **DOWHY_PINS}, "failed", "dowhy 0.8 with networkx 3.6.1"),
                Stack({"dowhy": "0.7", "networkx": "2.8.8", **DOWHY_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"dowhy": "0.8", "networkx": "2.8.8", **DOWHY_PINS}, "passed", "networkx 2.8.8, just below 3.0"),
                Stack({"dowhy": "0.10", "networkx": "3.6.1", **DOWHY_PINS}, "passed",
                      "dowhy 0.10, the first release above the range on the index, uses to_numpy_array"))),
}


def _curated() -> list[Rule]:
    return list(load_curated(SHIPPED_CURATED).rules)


def _installable_or_skip(net: Net, rule: Rule, proof: Proof) -> None:
    """Skip, saying why, when no release the rule covers (or a release the proof needs) installs here."""
    project = net.client.project(rule.package.name)
    covered = [r for r in project.releases if rule.package.specifier.contains(r.version, prereleases=True)]
    if not covered:
        skipped = sorted({s.reason for s in project.skipped
                          if rule.package.specifier.contains(Version(s.version), prereleases=True)})
        pytest.skip(f"no release of {rule.package.describe()} installs on Python {PY} ({net.target.describe()})"
                    + (f": {proof.note}" if proof.note else "") + (f" (index: {'; '.join(skipped)})" if skipped else ""))
    for name, version in proof.wheels:
        net.require_wheel(name, version)


def inspect_stacks(net: Net, rule: Rule, proof: Proof) -> list[tuple[Stack, Any]]:
    """Resolve and inspect each stack of ``proof``; checks that each is where the rule says it is."""
    from stackwise.inspect.model import Check
    from stackwise.inspect.runner import run_inspection

    check = Check(command=proof.check, timeout=CHECK_TIMEOUT)
    first: dict[str, str] = {}
    out = []
    for stack in proof.stacks:
        forced = {n: v if v is not None else first.get(n) for n, v in stack.pins.items()}
        forced = {n: v for n, v in forced.items() if v is not None}
        consumer = rule.package.name
        version = stack.pins.get(consumer) or first.get(consumer)
        maker = net.maker(([f"{consumer}=={version}"] if version else [consumer]) + list(proof.roots))
        request = maker.resolve(forced)
        assert request is not None, f"{stack.why}: {forced} does not resolve: {maker._failure}"
        pins = request.pin_map()
        for name, wanted in stack.pins.items():
            assert name in pins, f"{stack.why}: {name} is not in the resolved stack {pins}"
            if wanted is not None:
                assert pins[name] == str(Version(wanted)), f"{stack.why}: {name} {pins[name]} != {wanted}"
        if not first:
            first = dict(pins)
        assert inside(rule, pins) == (stack.expect == "failed"), (
            f"{stack.why}: {pins} is {'inside' if inside(rule, pins) else 'outside'} {rule.describe()}, "
            f"but is meant to be expected to {stack.expect}")
        started = time.perf_counter()
        result = run_inspection(request, check, net.settings)
        print(f"{rule.id}: {stack.why}: {result.outcome} in {time.perf_counter() - started:.1f}s "
              f"({result.signature or '-'})")
        out.append((stack, result))
    return out


@pytest.mark.parametrize("rule_id", [r.id for r in _curated()])
def test_curated_rules_hold(net: Net, rule_id: str) -> None:
    """A stack inside the curated rule fails the check that exercises the break; stacks just outside pass."""
    rule = next(r for r in _curated() if r.id == rule_id)
    proof = CURATED_PROOFS.get(rule_id)
    assert proof is not None, f"curated rule {rule_id} has no proof case: add one to CURATED_PROOFS"
    assert rule.other is not None, f"{rule_id}: a curated pair rule was expected"
    assert any(s.expect == "failed" for s in proof.stacks) and any(s.expect == "passed" for s in proof.stacks)
    _installable_or_skip(net, rule, proof)
    wrong = []
    for stack, result in inspect_stacks(net, rule, proof):
        if result.outcome != stack.expect:
            wrong.append(f"{stack.why}: expected {stack.expect}, got {result_text(result)}")
        elif stack.expect == "failed" and proof.signature not in (result.signature or ""):
            wrong.append(f"{stack.why}: failed, but not with {proof.signature!r}: {result_text(result)}")
    assert not wrong, f"{rule.describe()}\n" + "\n\n".join(wrong)


def test_curated_jinja2_2_7_boundary(net: Net) -> None:
    """The rule's lower end: Jinja2 2.7.x with MarkupSafe 2.1 fails on the missing soft_unicode too."""
    from stackwise.inspect.model import Check
    from stackwise.inspect.runner import run_inspection

    rule = next(r for r in _curated() if r.id == "curated/jinja2-2.10-markupsafe-2.1")
    check = Check(command="python -c 'import jinja2'", timeout=CHECK_TIMEOUT)
    maker = net.maker(["jinja2==2.7.3"])
    broken = maker.resolve({"jinja2": "2.7.3", "markupsafe": "2.1.5"})
    if broken is None:
        pytest.skip(f"jinja2 2.7.3 with markupsafe 2.1.5 does not resolve on Python {PY}: {maker._failure}")
    assert inside(rule, broken.pin_map())
    result = run_inspection(broken, check, net.settings)
    if result.outcome == "install-failed":
        pytest.skip(f"jinja2 2.7.3 (sdist only) does not install on Python {PY}: {result.detail[:300]}")
    assert result.outcome == "failed", result_text(result)
    if "soft_unicode" not in (result.signature or ""):
        # the break under test may be hidden by an older one: then 2.7.x fails without MarkupSafe 2.1 too
        control = maker.resolve({"jinja2": "2.7.3", "markupsafe": "2.0.1"})
        assert control is not None, maker._failure
        before = run_inspection(control, check, net.settings)
        assert before.outcome == "failed" and before.signature == result.signature, (
            f"jinja2 2.7.3 fails with MarkupSafe 2.1 for another reason than soft_unicode, but not with 2.0.1:\n"
            f"{result_text(result)}\n\n{result_text(before)}")
        pytest.skip(f"jinja2 2.7.x does not import on Python {PY} with any MarkupSafe ({result.signature}), "
                    "so the MarkupSafe 2.1 break cannot be observed here")
    assert "soft_unicode" in (result.signature or ""), result_text(result)


# -- 3. held-out breakages, avoided by the shipped knowledge -------------------------------------------


@dataclass(frozen=True)
class HeldOut:
    requirement: str
    check: str
    provider: str
    safe: str  # specifier the shipped knowledge must keep the provider in
    # True: only the learned layer knows this one; False: a curated rule covers it too (it runs without learned.json)
    needs_learned: bool = True


HELD_OUT = [
    HeldOut("pandas==2.0.3", "python -c 'import pandas'", "numpy", "<2"),
    HeldOut("pyarrow==14.0.2", "python -c 'import pyarrow'", "numpy", "<2"),
    HeldOut("matplotlib==3.6.3", "MPLBACKEND=Agg python -c 'import matplotlib.pyplot'", "numpy", "<2"),
    HeldOut("h5py==3.8.0", "python -c 'import h5py'", "numpy", "<2"),
    HeldOut("flask==2.2.5", FLASK_CLIENT, "werkzeug", "<3.1", needs_learned=False),
    # from the NumPy ABI pass (kb build --only numpy-abi): releases built with NumPy 1.x headers
    HeldOut("scikit-image==0.22.0", "python -c 'import skimage.filters'", "numpy", "<2"),
    HeldOut("onnxruntime==1.18.0", "python -c 'import onnxruntime'", "numpy", "<2"),
    HeldOut("opencv-python-headless==4.10.0.82", "python -c 'import cv2'", "numpy", "<2"),
    # from the deep import pass (kb build --only imports over older releases)
    HeldOut("pelican==4.6.0", "python -c 'import pelican'", "jinja2", "<3.1", needs_learned=False),
    HeldOut("quart==0.16.3", "python -c 'import quart'", "jinja2", "<3.1", needs_learned=False),
    HeldOut("flask-debugtoolbar==0.13.1", "python -c 'import flask_debugtoolbar'", "flask", "<3", needs_learned=False),
    HeldOut("pytest-bdd==7.0.1", "python -c 'import pytest_bdd'", "pytest", "<8.1.1"),
    HeldOut("marshmallow-sqlalchemy==0.22.3", "python -c 'import marshmallow_sqlalchemy'", "marshmallow", "<4"),
    HeldOut("nbconvert==6.4.5", "python -c 'import nbconvert'", "bleach", "<5"),
    HeldOut("flask-login==0.6.1", "python -c 'import flask_login'", "werkzeug", "<2.2", needs_learned=False),
    # from the sixth deep import crawl (session 18)
    HeldOut("pylint-django==2.5.2", "python -c 'import pylint_django'", "pylint", "<3"),
    HeldOut("prometheus-flask-exporter==0.20.2", "python -c 'import prometheus_flask_exporter'", "flask", "<2.2"),
    HeldOut("mongoengine==0.29.0", "python -c 'import mongoengine'", "pymongo", "<4.9"),
    HeldOut("litecli==1.4.1", "python -c 'import litecli.packages.completion_engine'", "sqlparse", "<0.4.4"),
    # from the ninth deep import crawl (session 19: a whole import package removed)
    HeldOut("pecan==1.7.0", "python -c 'import pecan.commands'", "setuptools", "<82", needs_learned=False),  # the pecan program
    HeldOut("twine==3.3.0", "twine --version", "setuptools", "<82", needs_learned=False),
    # from the tenth deep import crawl (session 19)
    HeldOut("pint==0.15", "python -c 'import pint; pint.UnitRegistry()'", "setuptools", "<82", needs_learned=False),
    HeldOut("zest.releaser==9.3.0", "fullrelease --help", "setuptools", "<82", needs_learned=False),
    HeldOut("pyscaffold==4.0", "putup --version", "setuptools-scm", "<6"),
    # from the eleventh crawl and the reconfirmation (session 20)
    HeldOut("peakutils==1.3.4", "python -c 'import peakutils'", "scipy", "<1.14"),
    HeldOut("jenkins-job-builder==6.5.0", "jenkins-jobs --version", "setuptools", "<82", needs_learned=False),
    # from the thirteenth crawl (session 21)
    HeldOut("limits==3.2.0", "python -c 'import limits'", "setuptools", "<82", needs_learned=False),
    HeldOut("webauthn==1.11.0", "python -c 'import webauthn'", "cbor2", "<6"),
    HeldOut("signxml==3.2.2", "python -c 'import signxml'", "pyopenssl", "<24.3"),
    # from the fourteenth crawl (session 22)
    HeldOut("apscheduler==3.10.1", "python -c 'import apscheduler.schedulers.background'", "setuptools", "<82", needs_learned=False),
    HeldOut("streamz==0.6.4", "python -c 'import streamz'", "setuptools", "<82", needs_learned=False),
    HeldOut("flask-mongoengine==1.0.0", "python -c 'import flask_mongoengine'", "flask", "<2.3", needs_learned=False),
    # from the fifteenth crawl (session 23)
    HeldOut("openapi-spec-validator==0.4.0", "python -c 'import openapi_spec_validator'", "setuptools", "<82", needs_learned=False),
    HeldOut("cerberus==1.3.3", "python -c 'import cerberus'", "setuptools", "<82", needs_learned=False),
    # from the sixteenth crawl (session 23)
    HeldOut("fs==2.4.16", "python -c 'import fs.opener'", "setuptools", "<82", needs_learned=False),
    HeldOut("humanize==3.11.0", "python -c 'import humanize'", "setuptools", "<82", needs_learned=False),
    HeldOut("pysnmp==7.0.3", "python -c 'from pysnmp.entity import engine'", "pyasn1", "<0.6.1"),
    # from the seventeenth crawl (session 23)
    HeldOut("markdown==3.2.1", "python -c 'import markdown'", "setuptools", "<82", needs_learned=False),
    HeldOut("textstat==0.7.5", "python -c 'import textstat'", "setuptools", "<82", needs_learned=False),
    HeldOut("flit==2.3.0", "python -c 'import flit.inifile'", "flit-core", "<3"),
    HeldOut("lifelines==0.28.0", "python -c 'import lifelines.generate_datasets'", "scipy", "<1.14", needs_learned=False),
    HeldOut("sklearn-genetic==0.6.0", "python -c 'import genetic_selection.gscv'", "scikit-learn", "<1.7"),
    HeldOut("aif360==0.5.0", "python -c 'import aif360.sklearn.postprocessing'", "scikit-learn", "<1.3"),
    HeldOut("sktime==0.40.1", "python -c 'import sktime.benchmarking.critical_difference'", "scipy", "<1.17"),
    HeldOut("geopandas==0.9.0", "python -c 'import geopandas.base'", "shapely", "<2.1"),
    HeldOut("ibis-framework==2.0.0", "python -c 'import ibis'", "setuptools", "<82"),
    # from the twentieth crawl (session 25)
    HeldOut("esda==2.5.0", "python -c 'import esda.getisord'", "libpysal", "<4.9"),
    HeldOut("spatialpandas==0.4.10", "python -c 'import spatialpandas.dask'", "dask", "<2025.1"),
    HeldOut("fiona==1.9.1", "python -c 'import fiona.fio.main'", "setuptools", "<82"),
    # from the twenty-first crawl (session 26)
    HeldOut("bilby==2.5.0", "python -c 'import bilby.core.sampler.dynesty_utils'", "dynesty", "<3"),
    HeldOut("spectral-cube==0.6.2", "python -c 'import spectral_cube'", "astropy", "<6"),
    # from the twenty-second crawl (session 26)
    HeldOut("scrapyd==1.5.0", "python -c 'import scrapyd.runner'", "setuptools", "<82", needs_learned=False),
    HeldOut("scrapy-zyte-api==0.25.1", "python -c 'import scrapy_zyte_api'", "scrapy", "<2.14"),
    # from the twenty-third crawl (session 27)
    HeldOut("highdicom==0.22.0", "python -c 'import highdicom'", "pydicom", "<3"),
    HeldOut("oiffile==2021.6.6", "python -c 'import oiffile'", "tifffile", "<2025.2.18"),
    # from the twenty-fourth crawl (session 27)
    HeldOut("mudata==0.2.3", "python -c 'import mudata'", "anndata", "<0.10.9"),
    HeldOut("pyfaidx==0.7.2.1", "python -c 'import pyfaidx'", "setuptools", "<82", needs_learned=False),
    # its new_client module asks a remote server for the API's schema at import: the check stops short of it
    HeldOut("chembl-webresource-client==0.10.3", "python -c 'import chembl_webresource_client.query_set'",
            "requests-cache", "<0.7"),
    # from the twenty-sixth crawl (session 28)
    HeldOut("csvkit==1.0.6", "csvsql --version", "setuptools", "<82"),
    HeldOut("gspread-dataframe==3.2.1", "python -c 'import gspread_dataframe'", "gspread", "<5"),
    HeldOut("gspread-formatting==1.0.4", "python -c 'import gspread_formatting'", "gspread", "<5"),
    # from the twenty-ninth crawl (session 29): declares azure-storage-common ~=1.4, and 1.4.2 dropped a name
    HeldOut("azure-storage-blob==2.0.0", "python -c 'import azure.storage.blob'", "azure-storage-common", "<1.4.2"),
    # from the thirtieth crawl (session 29): SQLAlchemy 2.1 removed a pool class mlflow's database store imports
    HeldOut("mlflow==3.8.1", "python -c 'import mlflow.store.db.utils'", "sqlalchemy", "<2.1"),
    HeldOut("optuna-dashboard==0.7.3", "python -c 'import optuna_dashboard'", "optuna", "<3.1"),
]


def _lock_request(net: Net, tmp: Path, requirement: str, *flags: str) -> Any:
    """``stackwise lock REQ --format pylock`` as a user runs it, as an inspection request."""
    from stackwise.inspect.model import StackRequest
    from stackwise.lockfiles import read_lock

    out = tmp / "pylock.toml"
    tmp.mkdir(parents=True, exist_ok=True)
    stackwise("lock", requirement, *flags, "--format", "pylock", "--cache-dir", str(net.cache), "-o", str(out),
              cwd=tmp)
    lock = read_lock(out)
    pins = tuple(sorted((canonical(p.name), p.version) for p in lock.packages))
    return StackRequest(pins=pins, lock=out.read_text(encoding="utf-8"), label=f"stackwise lock {' '.join(flags)}",
                        roots=(requirement,))


@pytest.mark.parametrize("case", HELD_OUT, ids=[c.requirement for c in HELD_OUT])
def test_held_out_breakage_avoided(net: Net, tmp_path: Path, case: HeldOut) -> None:
    """The shipped knowledge's lock installs and works; pip's pick (--no-default-scores) is broken."""
    from stackwise.inspect.model import Check
    from stackwise.inspect.runner import run_inspection

    if case.needs_learned and not os.path.exists(SHIPPED_LEARNED):
        pytest.skip(f"the shipped learned layer ({SHIPPED_LEARNED.relative_to(SRC.parent)}) is absent; "
                    f"only it knows {case.requirement} x {case.provider}")
    name, version = case.requirement.split("==")
    net.require_wheel(name, version)
    check = Check(command=case.check, timeout=CHECK_TIMEOUT)
    safe = SpecifierSet(case.safe)

    pip = _lock_request(net, tmp_path / "pip", case.requirement, "--no-default-scores")
    shipped = _lock_request(net, tmp_path / "shipped", case.requirement)
    pip_version = pip.pin_map()[case.provider]
    shipped_version = shipped.pin_map()[case.provider]
    assert not safe.contains(Version(pip_version)), (
        f"pip's pick for {case.requirement} has {case.provider} {pip_version}, already {case.safe}: "
        "this case proves nothing any more")
    assert safe.contains(Version(shipped_version)), (
        f"with the shipped knowledge, {case.requirement} still gets {case.provider} {shipped_version} "
        f"(must be {case.safe}); lock: {dict(shipped.pins)}")

    broken = run_inspection(pip, check, net.settings)
    print(f"{case.requirement} pip's pick ({case.provider} {pip_version}): {broken.outcome} {broken.signature or ''}")
    assert broken.outcome == "failed", f"pip's pick was expected to break: {result_text(broken)}"
    works = run_inspection(shipped, check, net.settings)
    print(f"{case.requirement} shipped knowledge ({case.provider} {shipped_version}): {works.outcome}")
    assert works.outcome == "passed", f"the shipped knowledge's lock does not work: {result_text(works)}"


# -- 4. the learned layer, re-confirmed on a random sample ---------------------------------------------


@dataclass
class Reconfirmation:
    rule: Rule
    problems: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def confirmed(self) -> bool:
        return not self.problems


def _check_of(evidence: Mapping[str, Any]) -> Any:
    from stackwise.inspect.learn import DEFAULT_CHECK_TEXT
    from stackwise.inspect.model import Check

    text = str(evidence.get("check") or "").strip()
    return Check(command=None if text == DEFAULT_CHECK_TEXT else text, timeout=CHECK_TIMEOUT)


def _example_request(net: Net, consumer: str, example: Mapping[str, str]) -> tuple[Any, str]:
    """The example's stack as a real resolution: every pin forced, the consumer pin as the root."""
    example = {canonical(n): str(v) for n, v in example.items()}
    if consumer not in example:
        return None, f"the example does not pin {consumer}"
    maker = net.maker([f"{consumer}=={example[consumer]}"])
    request = maker.resolve(example)
    if request is None:
        return None, f"does not resolve any more: {str(list(maker._failure.values())[-1:])[:300]}"
    pins = request.pin_map()
    moved = {n: (v, pins.get(n)) for n, v in example.items() if pins.get(n) != str(Version(v))}
    if moved:
        return None, f"resolved without honouring the pins (name: (wanted, got)): {moved}"
    return request, ""


def test_learned_sample_reconfirmed(net: Net) -> None:
    """>= 90 % of a seeded sample of 30 confirmed learned rules fail again (and their passing examples pass)."""
    from stackwise.inspect.execute import execute

    if not os.path.exists(SHIPPED_LEARNED):
        pytest.skip(f"the shipped learned layer ({SHIPPED_LEARNED.relative_to(SRC.parent)}) is absent: "
                    "nothing to re-confirm")
    rules = learned_rules(SHIPPED_LEARNED)
    candidates = [r for r in rules if (r.evidence or {}).get("confirmed") is True
                  and (r.evidence or {}).get("failing_example") and (r.evidence or {}).get("check")]
    elsewhere = [r for r in candidates if not r.applies_to(net.target)]
    candidates = sorted((r for r in candidates if r.applies_to(net.target)), key=lambda r: r.id)
    print(f"learned layer: {len(rules)} rule(s), {len(candidates) + len(elsewhere)} confirmed with a failing example "
          f"and a check, {len(elsewhere)} of them limited to other environments")
    assert candidates, "the learned layer has no confirmed rule with a failing example that applies here"
    sample = random.Random(SAMPLE_SEED).sample(candidates, min(SAMPLE_SIZE, len(candidates)))

    checks: list[Reconfirmation] = []
    batches: dict[Any, list[tuple[Reconfirmation, str, Any]]] = {}
    for rule in sample:
        evidence = rule.evidence or {}
        item = Reconfirmation(rule)
        checks.append(item)
        check = _check_of(evidence)
        for role in ("failing_example", "passing_example"):
            example = evidence.get(role)
            if not example:
                continue
            request, why = _example_request(net, rule.package.name, example)
            if request is None:
                item.problems.append(f"{role}: {why}")
                continue
            batches.setdefault(check, []).append((item, role, request))

    started = time.perf_counter()
    for check, todo in batches.items():
        results = execute([request for _item, _role, request in todo], check, net.settings, jobs=2)
        assert len(results) == len(todo)
        for (item, role, _request), result in zip(todo, results, strict=True):
            item.ids.append(f"{role}: {result.outcome}")
            evidence = item.rule.evidence or {}
            if role == "failing_example":
                if result.outcome != "failed":
                    item.problems.append(f"failing example: {result_text(result)}")
                elif evidence.get("signature") and not _same_signature(str(evidence["signature"]), result.signature):
                    item.problems.append(f"failing example failed differently: recorded {evidence['signature']!r}, "
                                         f"now {result.signature!r}")
            elif result.outcome != "passed":
                item.problems.append(f"passing example: {result_text(result)}")
    took = time.perf_counter() - started

    confirmed = [c for c in checks if c.confirmed]
    rate = len(confirmed) / len(checks)
    report = [f"re-confirmed {len(confirmed)}/{len(checks)} sampled learned rules ({rate:.0%}) in {took:.0f}s "
              f"(seed {SAMPLE_SEED}, {len(candidates)} candidates)"]
    for c in checks:
        if not c.confirmed:
            report.append(f"NOT CONFIRMED {c.rule.id} ({c.rule.describe()}):\n    " + "\n    ".join(c.problems))
    print("\n".join(report))
    assert rate >= MIN_RECONFIRMED, "\n".join(report)


def _same_signature(recorded: str, now: str | None) -> bool:
    """Evidence keeps at most 2,000 characters of a signature."""
    return now is not None and (now == recorded or now.startswith(recorded) or recorded.startswith(now))

