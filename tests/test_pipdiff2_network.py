"""Against the real public index, round 2: with an empty knowledge base ``stackwise lock`` picks
what pip picks (or fails where pip fails) on 76 more requirement sets, none of them in
tests/test_pipdiff_network.py.

Why these: they stress pip behaviours the first round did not -- deep backtracking over long
real release histories, extras that enable extras, the same project with different extras from
two parents, markers on ``python_full_version``/``platform_machine``/``implementation_name``,
the pre-release rules (``--pre`` with ``<V``, ``==X.*`` matching only pre-releases, bounds that
are pre-releases, a constraint that allows pre-releases), post releases and version
normalization, sdist-only projects and failing builds, ``--only-binary`` with backtracking,
``--prefer-binary`` and ``--no-binary``, options in nested requirements files, the pip
integration (``stackwise pip install --dry-run --report``) and ``--python-version``/
``--platform`` targets. Inputs stackwise refuses on purpose (direct URL requirements and
constraints, ``--hash`` on input lines) are recorded as strict xfails: pip accepts them.

Marked ``network`` (not in the default run); both tools are isolated from the machine's pip
configuration, with the harness of tests/test_network.py::

    PYTHONPATH=src python -m pytest -m network tests/test_pipdiff2_network.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from test_network import canonical, read_pins
from test_pipdiff_network import _both, _run

pytestmark = pytest.mark.network

SETS: dict[str, list[str]] = {
    # Deep backtracking over real release histories (aws, tensorflow, airflow, great-expectations,
    # pyspark, flask/werkzeug, jupyter, langchain, azure, google-api-core); failures included.
    "aws-backtrack": ["awscli==1.27.0", "boto3"],
    "s3transfer-old": ["boto3<1.16", "s3transfer>=0.3.4"],
    "botocore-urllib3-marker": ["botocore>=1.31,<1.32", "urllib3>=2.0"],
    "tf-keras": ["tensorflow==2.15.1", "keras"],
    "tf-numpy-bound": ["tensorflow<2.14", "numpy>=1.24"],
    "tf-keras3-fails": ["tensorflow==2.15.0", "keras>=3"],
    "airflow-slice": ["apache-airflow==2.6.3"],
    "great-expectations": ["great-expectations==0.17.23", "numpy<1.24"],
    "pyspark-pandas": ["pyspark[pandas_on_spark]==3.4.1", "pandas<2"],
    "flask-werkzeug-backtrack": ["flask<2", "werkzeug>=2"],
    "jupyter-backtrack": ["jupyterlab<4", "notebook"],
    "langchain-pydantic": ["langchain<0.1", "pydantic>=2"],
    "azure-backtrack": ["azure-storage-blob<12.10", "azure-core>=1.30"],
    "google-api-core": ["google-api-core[grpc]<2.10", "protobuf>=4"],
    "sklearn-numpy2": ["scikit-learn<1.3", "numpy>=2"],
    "sphinx-docutils-deep": ["sphinx<5", "docutils>=0.19"],
    "requests-urllib3-deep": ["requests<2.20", "urllib3>=1.25"],
    "tensorboard-protobuf": ["tensorboard<2.10", "protobuf>=4"],
    "pylint-astroid": ["pylint<2.14", "astroid>=2.15"],
    "aiohttp-yarl": ["aiohttp<3.8", "yarl>=1.9"],
    "moto-werkzeug": ["moto<4", "werkzeug>=3"],
    "isort-black": ["isort<5", "black>=23"],
    "nbconvert-jinja": ["nbconvert<6", "jinja2>=3.1"],
    "rich-pygments": ["rich<10", "pygments>=2.17"],
    "snowflake-pyarrow": ["snowflake-connector-python<3", "pyarrow>=12"],
    "locust-flask": ["locust<2", "flask>=2"],
    "scrapy-twisted": ["scrapy<2", "twisted>=22"],
    "httpx-httpcore-fails": ["httpx<0.20", "httpcore>=1"],
    "pydantic-settings-fails": ["pydantic-settings<2", "pydantic>=2"],
    "celery-kombu-fails": ["celery<4", "kombu>=5"],
    # Extras: self-referential (dask[complete]), two parents asking different extras, names to
    # normalize, undeclared, an extra and the bare project side by side, extras with markers.
    "dask-complete": ["dask[complete]==2023.5.0"],
    "extras-two-parents": ["pytest-cov", "coverage<7.5"],
    "extras-normalized": ["jsonschema[format_nongpl]<4.20", "PyJWT[Crypto]", "requests[SOCKS]"],
    "missing-extra": ["requests[nonexistent]", "six"],
    "celery-extra-and-bare": ["celery==5.2.7", "redis", "celery[redis]"],
    "requests-security-extra": ["requests[security]==2.20.0"],
    "jax-extra-pin": ["jax[cpu]==0.4.20"],
    "transformers-torch": ["transformers[torch]<4.30"],
    "black-extra-marker": ["black[d]<23"],
    "flask-extra-case": ["Flask[ASYNC]", "httpx[http2,brotli,socks]"],
    "pandas-extras": ["pandas[performance,excel]==2.1.0"],
    "sentry-extras": ["sentry-sdk[flask,celery]<2"],
    "fastapi-pydantic1": ["pydantic<2", "fastapi[all]"],
    # Markers on the command line and in dependencies (python_full_version, platform_machine,
    # implementation_name, `in`, `~=`, `extra` on a root, nvidia/triton markers of torch).
    "markers-more": ["six; python_full_version >= '3.11.7'", "idna; platform_machine == 'x86_64'", "attrs; implementation_name == 'cpython'", "pytz; python_full_version < '3.11.7'", "certifi; 'linux' in sys_platform", "packaging; platform_python_implementation != 'CPython'", "tomli; python_version > '3.11'", "click; python_version ~= '3.11'"],
    "root-extra-marker": ["six; extra == 'x'", "idna"],
    "pytest-old-markers": ["pytest<7"],
    "flake8-old": ["importlib-metadata<5", "flake8<5"],
    "torch-markers": ["torch==2.3.1"],
    # Pre-releases: --pre with pins and `<V` (V's own pre-releases stay out), a bound that is a
    # pre-release, only pre-releases matching `==X.*`, an explicit pre-release range, `<5.0dev`.
    "pre-upper-bound": ["--pre", "django<5.1"],
    "pre-with-pins": ["--pre", "requests==2.31.0", "urllib3<2.1"],
    "prefix-only-pre": ["black==21.*"],
    "pre-cython-bound": ["--pre", "cython<3.0.0"],
    "pre-bound-is-pre": ["--pre", "urllib3<2.0.0a3"],
    "pre-explicit-range": ["urllib3>=2.0.0a1,<=2.0.0b3"],
    "grpc-pre-bound": ["grpcio-tools<1.50", "protobuf>=4"],
    # Versions: post releases, `v` prefixes and trailing zeros, wildcards, `!=` with zeros,
    # a local version that matches nothing, pins from a dependency (otel, pydantic-core).
    "post-release": ["torchvision==0.2.2.post3"],
    "version-normalization": ["django==v4.2.0", "numpy==1.26.0.0", "requests==2.31", "six (>=1.10)"],
    "wildcards": ["urllib3!=2.*", "idna==3.*", "charset-normalizer~=3.0", "certifi>=2023.0.0.dev0"],
    "ne-trailing-zeros": ["six!=1.17", "urllib3!=2.5.0.0", "idna >= 2.0 , < 4"],
    "local-pin-fails": ["six==1.16.0+local"],
    "otel-pins": ["opentelemetry-sdk==1.20.0", "opentelemetry-api"],
    "pydantic-core-pin": ["pydantic==2.5.0", "pydantic-core"],
    "names-dup": ["typing_extensions", "Typing-Extensions<4.6", "zope-interface", "zope_interface!=6.0"],
    # Source distributions named as pip reads them (tests/test_pipdiff2_sdist_names.py):
    # Twisted 12.x exists only as .tar.bz2 (both stop at its failing build).
    "sdist-bz2": ["twisted<13"],
    # Formats: sdists only (built), a build that fails (PyYAML 5.4.1 with Cython 3), wheels only
    # with backtracking, cp311 wheels first in 1.23.2, --prefer-binary without a wheel,
    # --no-binary for one or all projects, Requires-Python hiding the newest releases.
    "sdist-only": ["termcolor==1.1.0", "docopt==0.6.2", "future==0.18.3"],
    "sdist-build-fails": ["pyyaml==5.4.1"],
    "only-binary-backtrack": ["--only-binary", ":all:", "scipy", "numpy<1.25"],
    "only-binary-cp311": ["--only-binary", ":all:", "numpy<1.23.3"],
    "only-binary-one": ["--only-binary", "pyyaml", "pyyaml<6.0.1", "termcolor==1.1.0"],
    "only-binary-abi3": ["--only-binary", ":all:", "cryptography<3.4"],
    "only-binary-old-fails": ["--only-binary", ":all:", "psycopg2-binary<2.9"],
    "only-binary-sdist-dep-fails": ["--only-binary", ":all:", "termcolor==1.1.0"],
    "prefer-binary-no-wheel": ["--prefer-binary", "pyyaml<6.0.1", "termcolor<2"],
    "no-binary-one": ["--no-binary", "six", "six", "python-dateutil"],
    "no-binary-all": ["--no-binary", ":all:", "idna<3", "six"],
    "newest-needs-newer-python": ["networkx", "sphinx", "ipython"],
}


@pytest.mark.parametrize("args", list(SETS.values()), ids=list(SETS))
def test_empty_kb_picks_what_pip_picks(args: list[str], tmp_path: Path) -> None:
    got, expected, err = _both(args, tmp_path)
    assert "Traceback" not in err
    assert got == expected, f"{args}: stackwise {got}, pip {expected}\n{err[-2000:]}"


def _files(tmp: Path, **texts: str) -> dict[str, Path]:
    paths = {}
    for name, text in texts.items():
        paths[name] = tmp / f"{name}.txt"
        paths[name].write_text(text)
    return paths


def test_a_constraint_that_allows_pre_releases(tmp_path: Path) -> None:
    """pip merges the constraint into the specifier it filters with: its pre-release bound lets
    urllib3's 2.0.0 alphas in, without --pre."""
    f = _files(tmp_path, cons="urllib3>=2.0.0a1,<2.0.0b1\n")
    got, expected, err = _both(["-c", str(f["cons"]), "urllib3"], tmp_path)
    assert got == expected and expected is not None and expected["urllib3"].startswith("2.0.0a"), err


def test_a_constraint_with_extras_fails_in_both(tmp_path: Path) -> None:
    f = _files(tmp_path, cons="requests[socks]<2.30\n")
    got, expected, err = _both(["-c", str(f["cons"]), "requests"], tmp_path)
    assert got is None and expected is None
    assert "Traceback" not in err and "extras" in err


@pytest.mark.parametrize("text", ["--pre\nurllib3<2.0.0a3\n",
                                  "-r sub.txt\n-c cons.txt\nflask \\\n  >=2 # comment\n"],
                         ids=["pre-inside", "nested-continued"])
def test_options_and_includes_inside_requirements_files(text: str, tmp_path: Path) -> None:
    f = _files(tmp_path, req=text, sub="werkzeug\n", cons="werkzeug<3\n")
    got, expected, err = _both(["-r", str(f["req"])], tmp_path)
    assert got is not None and got == expected, err[-2000:]


def _file_url(requirement: str, tmp: Path, *, sdist: bool = False) -> tuple[str, str]:
    """(URL, sha256) of the file pip would install for ``requirement``, read from its report,
    so that no index host is written here."""
    report = tmp / "url-report.json"
    proc = _run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                 "--no-deps", *(["--no-binary", ":all:"] if sdist else []), "--report", str(report),
                 requirement])
    assert proc.returncode == 0, proc.stderr[-2000:]
    info = json.loads(report.read_text())["install"][0]["download_info"]
    return info["url"], info["archive_info"]["hashes"]["sha256"]


_REFUSED = "stackwise refuses direct URLs and input --hash lines on purpose (src/stackwise/reqfile.py)"


@pytest.mark.xfail(strict=True, reason=_REFUSED)
@pytest.mark.parametrize("shape", ["wheel", "sdist", "constraint", "hash"])
def test_direct_references_and_hashes_pip_accepts(shape: str, tmp_path: Path) -> None:
    """pip: ``six @ <wheel URL>`` beside python-dateutil, ``docopt @ <sdist URL>``, an unused URL
    constraint, and a requirement line with ``--hash`` all resolve."""
    if shape == "sdist":
        url, _ = _file_url("docopt==0.6.2", tmp_path, sdist=True)
        args = [f"docopt @ {url}"]
    else:
        url, digest = _file_url("six==1.16.0", tmp_path)
        if shape == "wheel":
            args = [f"six @ {url}", "python-dateutil"]
        elif shape == "constraint":
            args = ["-c", str(_files(tmp_path, cons=f"six @ {url}\n")["cons"]), "idna"]
        else:
            args = ["-r", str(_files(tmp_path, req=f"six==1.16.0 --hash=sha256:{digest}\n")["req"])]
    got, expected, err = _both(args, tmp_path)
    assert expected is not None and got == expected, err[-2000:]


PIP_INTEGRATION = ["dask-complete", "extras-two-parents", "pre-upper-bound", "flask-werkzeug-backtrack",
                   "only-binary-backtrack", "celery-extra-and-bare", "names-dup"]


def _report_pins(cmd: list[str], args: list[str], tmp: Path) -> dict[str, str] | None:
    report = tmp / "report.json"
    proc = _run([*cmd, "install", "--dry-run", "--ignore-installed", "--quiet", "--cache-dir", str(tmp / "cache"),
                 "--report", str(report), *args])
    if proc.returncode != 0:
        return None
    return {canonical(i["metadata"]["name"]): i["metadata"]["version"]
            for i in json.loads(report.read_text())["install"]}


@pytest.mark.parametrize("name", PIP_INTEGRATION)
def test_pip_integration_installs_what_pip_installs(name: str, tmp_path: Path) -> None:
    """``stackwise pip install --dry-run --report`` with no knowledge is pip, to the pin."""
    (tmp_path / "sw").mkdir()
    (tmp_path / "pip").mkdir()
    ours = _report_pins([sys.executable, "-m", "stackwise", "pip"], ["--no-default-scores", *SETS[name]],
                        tmp_path / "sw")
    pips = _report_pins([sys.executable, "-m", "pip"], SETS[name], tmp_path / "pip")
    assert ours is not None and ours == pips


# Targets with no environment marker in their dependency graphs that pip (which evaluates
# markers for the interpreter running it) and stackwise (for the target) would read apart.
TARGETS = {
    "py312": (["--python-version", "3.12"], ["--python-version", "3.12"], ["numpy", "scipy<1.14"]),
    "py313": (["--python-version", "3.13"], ["--python-version", "3.13"], ["pydantic", "orjson"]),
    "windows-py312": (["--python-version", "3.12", "--platform", "windows"],
                      ["--python-version", "3.12", "--platform", "win_amd64"], ["pyyaml", "psutil"]),
    "macos": (["--platform", "macos"], ["--platform", "macosx_14_0_arm64"], ["numpy", "pillow"]),
}


@pytest.mark.parametrize("ours,pips,reqs", list(TARGETS.values()), ids=list(TARGETS))
def test_other_targets_pick_what_pip_picks(ours: list[str], pips: list[str], reqs: list[str],
                                           tmp_path: Path) -> None:
    out, report = tmp_path / "lock.txt", tmp_path / "report.json"
    lock = _run([sys.executable, "-m", "stackwise", "lock", *ours, "--only-binary", ":all:", *reqs,
                 "--no-default-scores", "--no-hashes", "--cache-dir", str(tmp_path / "sw"), "-o", str(out), "-q"])
    pip = _run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                "--only-binary", ":all:", *pips, "--target", str(tmp_path / "target"),
                "--cache-dir", str(tmp_path / "pip"), "--report", str(report), *reqs])
    assert lock.returncode == 0 and pip.returncode == 0, lock.stderr[-2000:] + pip.stderr[-2000:]
    expected = {canonical(i["metadata"]["name"]): i["metadata"]["version"]
                for i in json.loads(report.read_text())["install"]}
    assert read_pins(out.read_text()) == expected
