"""``--recommendation lowest`` / ``lowest-direct`` (issue #18): the lowest allowed versions,
equal to ``uv pip compile --resolution lowest[-direct]`` on the same local index.

uv runs for real against the same server on 127.0.0.1 (it is a test dependency); the
knowledge base still applies its vetoes, which uv knows nothing about, so those cases are
checked on their own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stackwise.cli import main
from support import build_wheel, make_index

UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")

GRAPH = {
    "app": {"1.0": ["lib>=1.1"], "1.5": ["lib>=2"], "2.0": ["lib>=2", "extra>=1"]},
    "lib": {"1.0": [], "1.1": ["leaf"], "2.0": ["leaf>=2"], "3.0": ["leaf>=2"]},
    "leaf": {"1.0": [], "2.0": [], "2.5": []},
    "extra": {"1.0": [], "2.0": []},
    "tool": {"0.5": ["leaf<2.5", "plug[fast]>=1"], "1.0": ["leaf>=2"]},
    "plug": {"1.0": []},  # plug 1.2 (below) declares its extra
}


def pins_of(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        line = line.strip()
        if "==" in line and not line.startswith(("#", "--")):
            name, _, version = line.partition("==")
            pins[name.split("[")[0].strip().lower()] = version.split()[0].strip(" \\")
    return pins


def stackwise_pins(tmp_path: Path, url: str, mode: str, *args: str) -> dict[str, str]:
    out = tmp_path / f"stackwise-{mode}.txt"
    code = main(["lock", *args, "-i", url, "--isolated", "--cache-dir", str(tmp_path / "cache"), "--no-reuse",
                 "--no-default-scores", "--recommendation", mode, "--no-hashes", "-o", str(out)])
    assert code == 0
    return pins_of(out.read_text())


def uv_pins(tmp_path: Path, url: str, mode: str, requirements: str, *args: str) -> dict[str, str]:
    req = tmp_path / "requirements.in"
    req.write_text(requirements)
    proc = subprocess.run(
        [UV, "pip", "compile", str(req), "--resolution", mode, "--index-url", url, "--no-cache", "--quiet",
         "--no-header", "--no-annotate", "--python", sys.executable, *args],
        capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                                          "UV_NO_CONFIG": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    return pins_of(proc.stdout)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    from support import IndexServer

    files = make_index(tmp_path_factory.mktemp("lowest-files"), GRAPH)
    build_wheel(files, "plug", "1.2", ["gone; python_version < '3'"], extras={"fast": ["extra>=2"]})
    build_wheel(files, "leaf", "0.5", [], requires_python=">=99")  # never a candidate
    build_wheel(files, "extra", "0.1a1", [])  # a pre-release: not without --pre
    build_wheel(files, "extra", "0.9", [])  # yanked below
    server = IndexServer(files, yanked={"extra-0.9-py3-none-any.whl": "broken"}).start()
    yield server
    server.stop()


needs_uv = pytest.mark.skipif(UV is None, reason="uv is not installed (it is a test dependency)")


@needs_uv
@pytest.mark.parametrize("mode", ["lowest", "lowest-direct"])
@pytest.mark.parametrize(("requirements", "constraints"), [
    (["app"], None),
    (["app", "extra"], None),
    (["app>=1.5"], None),
    (["tool", "leaf"], None),
    (["app", "tool"], None),
    (["app"], "lib>=2\n"),
    (["tool", "extra<2"], None),
])
def test_same_pins_as_uv(tmp_path, index, mode, requirements, constraints):
    args: list[str] = list(requirements)
    uv_args: list[str] = []
    if constraints is not None:
        (tmp_path / "constraints.txt").write_text(constraints)
        args += ["-c", str(tmp_path / "constraints.txt")]
        uv_args += ["-c", str(tmp_path / "constraints.txt")]
    ours = stackwise_pins(tmp_path, index.url, mode, *args)
    theirs = uv_pins(tmp_path, index.url, mode, "".join(r + "\n" for r in requirements), *uv_args)
    assert ours == theirs


def test_lowest_differs_from_newest_and_says_why(tmp_path, index, capsys):
    assert stackwise_pins(tmp_path, index.url, "lowest", "app") == {"app": "1.0", "lib": "1.1", "leaf": "1.0"}
    err = capsys.readouterr().err
    assert "stackwise: app 1.0 (pip: 2.0) — lowest allowed version (--recommendation lowest)" in err
    assert "leaf 1.0 (pip: 2.5) — lowest allowed version" in err
    assert "recommendation: lowest" in (tmp_path / "stackwise-lowest.txt").read_text()
    # lowest-direct: the direct requirement at its lowest, the rest newest, like pip.
    assert stackwise_pins(tmp_path, index.url, "lowest-direct", "app") == {"app": "1.0", "lib": "3.0", "leaf": "2.5"}


def test_lowest_skips_vetoed_releases(tmp_path, index):
    """Vetoes still apply: the lowest allowed version is the lowest one not vetoed."""
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": [
        {"id": "t:leaf-1", "package": "leaf", "specifier": "==1.0", "veto": True, "category": "stability",
         "message": "leaf 1.0 crashes", "link": "https://example.org/leaf/1", "source": "test"}]}))
    pins = stackwise_pins(tmp_path, index.url, "lowest", "app", "--scores", str(scores))
    assert pins == {"app": "1.0", "lib": "1.1", "leaf": "2.0"}


def test_lowest_is_refused_for_pipfile_lock(tmp_path, capsys):
    (tmp_path / "Pipfile").write_text('[packages]\nlib = "*"\n')
    code = main(["lock", "--format", "pipfile-lock", "-p", str(tmp_path / "Pipfile"), "--recommendation", "lowest",
                 "-i", "http://127.0.0.1:9/simple", "--isolated"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "--recommendation lowest is not supported with --format pipfile-lock" in err


def test_explain_does_not_offer_lowest(capsys):
    with pytest.raises(SystemExit):
        main(["explain", "lib", "--recommendation", "lowest"])
    assert "invalid choice: 'lowest'" in capsys.readouterr().err


BENCHMARK_SETS = Path(__file__).resolve().parents[1] / "benchmarks" / "requirements"


def _network_env() -> dict[str, str]:
    """What uv needs to reach the index from this machine (proxies, a custom CA), nothing of
    its or pip's configuration."""
    keys = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
            "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy")
    return {k: os.environ[k] for k in keys if k in os.environ}


@pytest.mark.network
@needs_uv
@pytest.mark.parametrize("mode", ["lowest", "lowest-direct"])
@pytest.mark.parametrize("name", ["small.txt", "medium.txt"])
def test_benchmark_sets_match_uv(tmp_path, monkeypatch, name, mode):
    """On the benchmark sets, against the public index (pip's and uv's default)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    req = BENCHMARK_SETS / name
    out = tmp_path / "stackwise.txt"
    code = main(["lock", "-r", str(req), "--isolated", "--cache-dir", str(tmp_path / "cache"), "--no-reuse",
                 "--no-default-scores", "--recommendation", mode, "--no-hashes", "-o", str(out)])
    assert code == 0
    proc = subprocess.run([UV, "pip", "compile", str(req), "--resolution", mode, "--no-cache", "--quiet",
                           "--no-header", "--no-annotate", "--python", sys.executable],
                          capture_output=True, text=True, timeout=900,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "UV_NO_CONFIG": "1", **_network_env()})
    if proc.returncode != 0 and ("Failed to build" in proc.stderr or "Failed to download and build" in proc.stderr):
        # uv stops at the first ancient sdist it cannot build (jinja2 2.x with today's
        # setuptools); stackwise, like pip, skips such a release and goes on: nothing to compare.
        pytest.skip(f"uv cannot resolve {name} with --resolution {mode} here: {proc.stderr.strip().splitlines()[0]}")
    assert proc.returncode == 0, proc.stderr
    assert pins_of(out.read_text()) == pins_of(proc.stdout)
