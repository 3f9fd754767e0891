"""The real pip, with stackwise choosing the order: ``stackwise pip ...`` and ``--resolver=stackwise``.

Every test runs real pip in a fresh virtual environment against a fixture index on
127.0.0.1. The fresh environment has no pip of its own: a ``.pth`` file puts the pip under
test first on ``sys.path`` (the pip of the interpreter running the tests, or the directory
in ``$STACKWISE_TEST_PIP_DIR``, e.g. ``pip install --target DIR pip==24.0``), another one
adds stackwise's source and dependencies. CI runs this module once with the oldest and once
with the newest supported pip (see docs/pip-integration.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import site
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
SEED_SCORES = str(ROOT / "fixtures" / "seed" / "scores.json")
SEED_PICK = {"simplelib": "1.0", "anotherlib": "2.0", "dependency1": "1.0", "dependency2": "1.0"}
PIP_PICK = {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "2.0"}


def _pip_dir() -> Path:
    explicit = os.environ.get("STACKWISE_TEST_PIP_DIR")  # read before fixtures scrub STACKWISE_*
    if explicit:
        return Path(explicit).resolve()
    import pip

    return Path(pip.__file__).resolve().parents[1]


PIP_DIR = _pip_dir()


def _pip_version() -> tuple[int, ...]:
    text = (PIP_DIR / "pip" / "__init__.py").read_text()
    version = text.split('__version__ = "', 1)[1].split('"', 1)[0]
    return tuple(int(p) for p in version.split(".")[:2] if p.isdigit())


class Venv:
    """A fresh environment whose pip is the pip under test."""

    def __init__(self, path: Path, *, with_stackwise: bool = True) -> None:
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
        self.path = path
        self.python = str(path / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
        out = subprocess.run([self.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True)
        self.site = Path(out.stdout.strip())
        (self.site / "_test_0_pip.pth").write_text(f"{PIP_DIR}\n")
        if with_stackwise:
            deps = [str(SRC), *site.getsitepackages()]
            (self.site / "_test_1_deps.pth").write_text("\n".join(deps) + "\n")
        self.cache = path.parent / f"{path.name}-cache"
        self.cache.mkdir(exist_ok=True)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PIP_", "STACKWISE_")) and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env.update(PIP_CONFIG_FILE=os.devnull, STACKWISE_CONFIG_FILE=os.devnull,
                   PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
                   PIP_CACHE_DIR=str(self.cache / "pip"), STACKWISE_CACHE_DIR=str(self.cache / "stackwise"))
        env.update(extra)
        return env

    def run(self, *args: str, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([self.python, *args], capture_output=True, text=True, cwd=self.path.parent,
                              env=env or self.env(), timeout=300)
        if check and proc.returncode != 0:
            raise AssertionError(f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        assert "Traceback" not in proc.stderr, proc.stderr
        return proc

    def stackwise(self, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "stackwise.commands.pip", *args, **kw)  # type: ignore[arg-type]

    def pip(self, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "pip", *args, **kw)  # type: ignore[arg-type]

    def installed(self) -> dict[str, str]:
        out = {}
        for d in self.site.glob("*.dist-info"):
            name, _, version = d.name[: -len(".dist-info")].rpartition("-")
            out[name.lower().replace("_", "-")] = version
        return out


def snapshot(directory: Path) -> dict[str, str]:
    """Every file and directory under ``directory`` with a digest of its bytes."""
    out = {}
    for p in sorted(directory.rglob("*")):
        rel = str(p.relative_to(directory))
        out[rel] = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def report_pins(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text())
    return {i["metadata"]["name"].lower(): i["metadata"]["version"] for i in data["install"]}


def write_rules(path: Path, rules: list[dict]) -> Path:
    """A score file holding ``rules``, for tests that give pip one or two pair rules."""
    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": rules}))
    return path


def pip_dry_run(venv: Venv, url: str, kb: Path, report: Path, *args: str,
                hook: bool = False) -> tuple[dict[str, str], str]:
    """``pip install --dry-run --report`` with only ``kb``: through ``stackwise pip`` or the hook."""
    argv = ["install", "--dry-run", "-q", "-i", url, "--report", str(report), "--no-default-scores",
            "--scores", str(kb), *args]
    proc = venv.pip(*argv, "--resolver=stackwise") if hook else venv.stackwise("pip", *argv)
    return report_pins(report), proc.stderr


def decision_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("stackwise: ") and "(pip:" in line]


@pytest.fixture
def seed_index(index_factory, seed_graph):
    return index_factory(seed_graph)


@pytest.fixture
def venv(tmp_path: Path) -> Venv:
    return Venv(tmp_path / "venv")


# -- unit level: argument handling and ordering --------------------------------------------


def test_split_args_takes_only_stackwise_options() -> None:
    from stackwise.integrations.pip_resolver import options_from_args, split_args

    ours, pip_args = split_args(["install", "--scores", "a.json", "-r", "req.txt", "--recommendation=latest",
                                 "--require-scores", "--index-url", "u", "--stackwise-report", "r.json", "x"])
    assert pip_args == ["install", "-r", "req.txt", "--index-url", "u", "x"]
    options = options_from_args(ours)
    assert (options.scores, options.recommendation, options.require_scores, options.report) == (
        ["a.json"], "latest", True, "r.json")
    assert split_args(["install", "--", "--scores"]) == ([], ["install", "--", "--scores"])


def test_supported_range_declared_and_this_pip_supported() -> None:
    from stackwise.integrations.pip_resolver import MAX_PIP_EXCLUSIVE, MIN_PIP, unsupported_reason

    assert MIN_PIP.release[0] == 24 and MAX_PIP_EXCLUSIVE.release[0] >= 27
    assert unsupported_reason() is None


def test_hook_module_strips_flags_and_gates_on_pip(tmp_path: Path) -> None:
    from stackwise.integrations.pip_hook import MODULE_TEXT

    ns: dict[str, object] = {}
    exec(compile(MODULE_TEXT, "_stackwise_pip_hook.py", "exec"), ns)
    argv = ["pip", "install", "--resolver", "stackwise", "--scores=s.json", "-r", "x.txt",
            "--require-scores", "--stackwise-report", "o.json", "y"]
    resolver, ours = ns["_strip"](argv)  # type: ignore[operator]
    assert resolver == "stackwise"
    assert ours == ["--scores=s.json", "--require-scores", "--stackwise-report", "o.json"]
    assert argv == ["pip", "install", "-r", "x.txt", "y"]


# -- stackwise pip ... ---------------------------------------------------------------------


def test_fresh_venv_runs_the_pip_under_test(venv: Venv) -> None:
    assert str(PIP_DIR / "pip") in venv.pip("--version").stdout


def test_seed_example_through_stackwise_pip_install(venv: Venv, seed_index) -> None:
    proc = venv.stackwise("pip", "install", "--index-url", seed_index.url, "--scores", SEED_SCORES,
                          "simplelib", "anotherlib", "--stackwise-report", str(venv.path.parent / "sw.json"))
    assert venv.installed() == SEED_PICK
    lines = decision_lines(proc.stderr)
    assert len(lines) == 3, proc.stderr
    assert any(line.startswith("stackwise: simplelib 1.0 (pip: 2.0) — performance:") for line in lines)
    assert any("dependency2 1.0 (pip: 2.0) — stability:" in line for line in lines)
    report = json.loads((venv.path.parent / "sw.json").read_text())
    assert report["best_stack"] == SEED_PICK and report["proven_best"] is True
    assert {d["name"] for d in report["decisions"]} == {"simplelib", "dependency1", "dependency2"}


def test_dry_run_report_stays_pips_format(venv: Venv, seed_index) -> None:
    report = venv.path.parent / "report.json"
    venv.stackwise("pip", "install", "--dry-run", "--quiet", "--report", str(report), "--index-url",
                   seed_index.url, "--scores", SEED_SCORES, "simplelib", "anotherlib")
    data = json.loads(report.read_text())
    assert report_pins(report) == SEED_PICK
    assert "stackwise" not in json.dumps(data).lower()  # nothing pip would not write itself
    assert venv.installed() == {}


@pytest.mark.parametrize("recommendation,expected", [
    ("performance", SEED_PICK),
    ("latest", {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "1.0"}),
])
def test_recommendation_types(venv: Venv, seed_index, recommendation: str, expected: dict[str, str]) -> None:
    report = venv.path.parent / "report.json"
    venv.stackwise("pip", "install", "--dry-run", "-q", "--report", str(report), "-i", seed_index.url,
                   "--scores", SEED_SCORES, "--recommendation", recommendation, "simplelib", "anotherlib")
    assert report_pins(report) == expected


def test_empty_knowledge_base_is_exactly_pip(venv: Venv, index_factory, tmp_path: Path) -> None:
    graph = {
        "app": {"1.0": ["lib>=1", "util"], "2.0": ["lib>=2", "util<3"], "3.0rc1": ["lib"]},
        "lib": {"1.0": ["util"], "2.0": ["util>=2"], "2.1": ["util>=2", "extra; python_version < '3'"]},
        "util": {"1.0": [], "2.0": [], "3.0": []},
        "other": {"0.5": ["lib<2"], "1.0": ["lib"]},
    }
    srv = index_factory(graph)
    (tmp_path / "c.txt").write_text("util!=2.0\n")
    args = ["install", "--dry-run", "-q", "-i", srv.url, "-c", str(tmp_path / "c.txt"), "app", "other<1"]
    plain, ours = tmp_path / "plain.json", tmp_path / "ours.json"
    venv.pip(*args, "--report", str(plain))
    proc = venv.stackwise("pip", *args, "--report", str(ours), "--no-default-scores")
    assert json.loads(plain.read_text()) == json.loads(ours.read_text())
    assert "stackwise:" not in proc.stderr


def test_constraints_file_is_honoured(venv: Venv, seed_index, tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("dependency2==2.0\n")
    report = tmp_path / "r.json"
    venv.stackwise("pip", "install", "--dry-run", "-q", "--report", str(report), "-i", seed_index.url,
                   "-c", str(tmp_path / "c.txt"), "--scores", SEED_SCORES, "simplelib", "anotherlib")
    # dependency2 is forced to 2.0, so the veto is avoided with anotherlib 1.0 instead.
    assert report_pins(report) == {"simplelib": "1.0", "anotherlib": "1.0", "dependency1": "1.0",
                                   "dependency2": "2.0"}


def test_exact_pins_win_over_a_pair_veto(venv: Venv, seed_index, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "-q", "--report", str(report), "-i", seed_index.url,
                          "--scores", SEED_SCORES, "anotherlib==2.0", "dependency2==2.0")
    assert report_pins(report) == {"anotherlib": "2.0", "dependency2": "2.0"}
    assert "vetoed combination" in proc.stderr


def test_require_hashes(venv: Venv, seed_index, tmp_path: Path) -> None:
    files = seed_index.files_dir

    def pin(name: str, version: str) -> str:
        wheel = next(files.glob(f"{name}-{version}-*.whl"))
        return f"{name}=={version} --hash=sha256:{hashlib.sha256(wheel.read_bytes()).hexdigest()}"

    (tmp_path / "req.txt").write_text(f"{pin('simplelib', '1.0')}\n{pin('dependency1', '1.0')}\n")
    venv.stackwise("pip", "install", "--require-hashes", "-i", seed_index.url, "-r", str(tmp_path / "req.txt"),
                   "--scores", SEED_SCORES)
    assert venv.installed() == {"simplelib": "1.0", "dependency1": "1.0"}
    (tmp_path / "bad.txt").write_text("anotherlib==1.0 --hash=sha256:" + "0" * 64 + "\n")
    proc = venv.stackwise("pip", "install", "--require-hashes", "-i", seed_index.url, "-r",
                          str(tmp_path / "bad.txt"), "--scores", SEED_SCORES, check=False)
    assert proc.returncode != 0 and "hash" in proc.stderr.lower()


def test_installed_packages_and_upgrade(venv: Venv, seed_index) -> None:
    venv.pip("install", "-q", "-i", seed_index.url, "anotherlib==2.0", "dependency2==2.0")
    # Not upgrading: pip keeps what is installed; only the new package's versions are reordered.
    venv.stackwise("pip", "install", "-q", "-i", seed_index.url, "--scores", SEED_SCORES, "simplelib")
    assert venv.installed() == {"anotherlib": "2.0", "dependency2": "2.0", "simplelib": "1.0", "dependency1": "1.0"}
    # Eager upgrade: the installed anotherlib 2.0 stays (same version), dependency2 moves to 1.0.
    proc = venv.stackwise("pip", "install", "-i", seed_index.url, "--scores", SEED_SCORES, "--upgrade",
                          "--upgrade-strategy", "eager", "simplelib", "anotherlib")
    assert venv.installed() == SEED_PICK
    assert "Successfully installed dependency2-1.0" in proc.stdout


def test_kept_installed_requirement_is_left_to_pip(venv: Venv, seed_index) -> None:
    # pip's candidates are lazy: an installed requirement it keeps needs no index page, and
    # keeping it is pip's choice, not a decision of stackwise's (whose search does not know
    # what is installed and would pick dependency1 2.0). stackwise's own search reads the
    # index with its own client; the pages pip fetches must be plain pip's.
    venv.pip("install", "-q", "-i", seed_index.url, "dependency1==1.0")

    def pip_run(run: Callable[..., subprocess.CompletedProcess[str]], *extra: str) -> tuple[list[str], str]:
        seed_index.clear_log()
        proc = run("install", "-i", seed_index.url, *extra, "dependency1")
        return [r.path for r in seed_index.requests if r.headers.get("User-Agent", "").startswith("pip/")], proc.stderr

    plain, _ = pip_run(venv.pip)
    pages, stderr = pip_run(lambda *a: venv.stackwise("pip", *a), "--scores", SEED_SCORES)
    assert pages == plain, (pages, plain)
    assert decision_lines(stderr) == [], stderr
    assert venv.installed() == {"dependency1": "1.0"}


class SlowScoreService:
    """A score service that answers the seed rules correctly, but only after ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        rules = json.loads(Path(SEED_SCORES).read_text())["rules"]
        self.queries: list[list[str]] = []  # the package names of each query, in order
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                names = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))["packages"]
                service.queries.append(names)
                time.sleep(delay)
                body = json.dumps({"format": "stackwise-query", "packages": {
                    n: {"etag": f'"{n}"', "document": {"format": "stackwise-scores", "version": 1, "rules": [
                        r for r in rules if n in (r["package"], r.get("with", {}).get("package"))]}}
                    for n in names}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"

    def __enter__(self) -> SlowScoreService:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()


def test_root_pages_fetched_during_the_plan_are_the_ones_pip_fetches(venv: Venv, seed_index) -> None:
    # While the plan runs (slow scores here), pip fetches the root pages it starts with anyway;
    # an installed root pip keeps is not one of them. The pages pip fetches stay plain pip's.
    venv.pip("install", "-q", "-i", seed_index.url, "dependency1==1.0")
    roots = ("simplelib", "anotherlib", "dependency1")
    seed_index.clear_log()
    venv.pip("install", "--dry-run", "-q", "-i", seed_index.url, *roots)
    plain = sorted(r.path for r in seed_index.requests if r.path.startswith("/simple/"))
    with SlowScoreService(delay=1.5) as service:
        seed_index.clear_log()
        proc = venv.stackwise("pip", "install", "--dry-run", "-i", seed_index.url, "--no-default-scores",
                              "--scores", service.url, *roots)
    pages = sorted(r.path for r in seed_index.requests
                   if r.path.startswith("/simple/") and r.headers.get("User-Agent", "").startswith("pip/"))
    assert pages == plain == ["/simple/anotherlib/", "/simple/dependency2/", "/simple/simplelib/"], (pages, plain)
    assert "Would install anotherlib-2.0 dependency2-1.0 simplelib-1.0" in proc.stdout, proc.stdout
    # the installed packages' rules are asked for together: one query each took 100 s here
    assert len(service.queries) <= 4, service.queries


def test_yanked_release_is_not_offered(venv: Venv, index_factory, seed_graph, tmp_path: Path) -> None:
    srv = index_factory(seed_graph, yanked={"simplelib-1.0-py3-none-any.whl": "broken"})
    report = tmp_path / "r.json"
    venv.stackwise("pip", "install", "--dry-run", "-q", "--report", str(report), "-i", srv.url,
                   "--scores", SEED_SCORES, "simplelib", "anotherlib")
    assert report_pins(report) == {"simplelib": "2.0", "anotherlib": "2.0", "dependency2": "1.0"}


def test_download_and_wheel_commands(venv: Venv, seed_index, tmp_path: Path) -> None:
    for command in ("download", "wheel"):
        dest = tmp_path / command
        venv.stackwise("pip", command, "-q", "-d" if command == "download" else "-w", str(dest),
                       "-i", seed_index.url, "--scores", SEED_SCORES, "simplelib", "anotherlib")
        got = {p.name.split("-")[0]: p.name.split("-")[1] for p in dest.glob("*.whl")}
        assert got == SEED_PICK, command


@pytest.mark.skipif(_pip_version() < (25, 1), reason="pip lock needs pip >= 25.1")
def test_pip_lock(venv: Venv, seed_index, tmp_path: Path) -> None:
    out = tmp_path / "pylock.toml"
    venv.stackwise("pip", "lock", "-q", "-o", str(out), "-i", seed_index.url, "--scores", SEED_SCORES,
                   "simplelib", "anotherlib")
    text = out.read_text()
    for name, version in SEED_PICK.items():
        assert f'name = "{name}"\nversion = "{version}"' in text


# -- fallbacks -----------------------------------------------------------------------------


def test_corrupt_scores_fall_back_to_pip_with_one_warning(venv: Venv, seed_index, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    report = tmp_path / "r.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "-q", "--report", str(report), "-i", seed_index.url,
                          "--scores", str(bad), "simplelib", "anotherlib")
    assert report_pins(report) == PIP_PICK
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("stackwise: warning:")]
    assert len(warnings) == 1, proc.stderr
    proc = venv.stackwise("pip", "install", "--dry-run", "-q", "-i", seed_index.url, "--scores", str(bad),
                          "--require-scores", "simplelib", check=False)
    assert proc.returncode != 0 and "--require-scores" in proc.stderr


def test_require_scores_fails_even_when_pip_never_asks_for_an_order(venv: Venv, seed_index) -> None:
    # The plan runs beside pip; its error reaches pip when pip first needs an order. Here pip
    # needs none (the requirement is installed and not upgraded) and the score service answers
    # only after pip has resolved: the run must still fail, before anything is installed.
    venv.pip("install", "-q", "-i", seed_index.url, "dependency1==1.0")

    class Slow(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            time.sleep(2)
            body = b"<html>proxy error</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        proc = venv.stackwise("pip", "install", "-i", seed_index.url, "--no-default-scores", "--scores",
                              f"http://127.0.0.1:{server.server_port}/", "--require-scores", "dependency1",
                              check=False)
    finally:
        server.shutdown()
    assert proc.returncode != 0 and "--require-scores" in proc.stderr, proc.stderr
    assert "Requirement already satisfied" in proc.stdout  # pip resolved before the error came


def test_unreachable_score_service_falls_back(venv: Venv, seed_index, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "-q", "--report", str(report), "-i", seed_index.url,
                          "--scores", "http://127.0.0.1:9/", "--no-default-scores", "simplelib", "anotherlib")
    assert report_pins(report) == PIP_PICK
    assert "stackwise: warning:" in proc.stderr
    proc = venv.stackwise("pip", "install", "--dry-run", "-q", "-i", seed_index.url, "--scores",
                          "http://127.0.0.1:9/", "--require-scores", "simplelib", check=False)
    assert proc.returncode != 0 and "require-scores" in proc.stderr


def test_unsupported_pip_runs_plain_pip(venv: Venv, seed_index, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    code = textwrap.dedent("""
        import sys
        from packaging.version import Version
        import stackwise.integrations.pip_resolver as r
        r.MAX_PIP_EXCLUSIVE = Version("1")  # pretend this pip is newer than anything supported
        from stackwise.commands.pip import main
        sys.exit(main(sys.argv[1:]))
    """)
    proc = venv.run("-c", code, "pip", "install", "--dry-run", "-q", "--report", str(report), "-i",
                    seed_index.url, "--scores", SEED_SCORES, "simplelib", "anotherlib")
    assert report_pins(report) == PIP_PICK
    assert "stackwise supports pip >= 24.0" in proc.stderr


# -- pip install --resolver=stackwise (the hook) -------------------------------------------


def test_hook_round_trip_leaves_site_packages_identical(venv: Venv, seed_index) -> None:
    before = snapshot(venv.site)
    proc = venv.stackwise("pip-hook", "status", check=False)
    assert "disabled" in proc.stdout
    venv.stackwise("pip-hook", "enable")
    assert "enabled" in venv.stackwise("pip-hook", "status").stdout
    venv.pip("install", "--dry-run", "-q", "-i", seed_index.url, "--resolver=stackwise", "simplelib")
    venv.run("-c", "pass", env=venv.env(PIP_RESOLVER="stackwise"))
    venv.stackwise("pip-hook", "disable")
    assert snapshot(venv.site) == before
    assert "disabled" in venv.stackwise("pip-hook", "status").stdout


def test_seed_example_through_resolver_flag(venv: Venv, seed_index) -> None:
    venv.stackwise("pip-hook", "enable")
    proc = venv.pip("install", "-i", seed_index.url, "--resolver=stackwise", "--scores", SEED_SCORES,
                    "simplelib", "anotherlib")
    assert venv.installed() == SEED_PICK
    assert len(decision_lines(proc.stderr)) == 3


def test_seed_example_through_env_var_and_console_script(venv: Venv, seed_index, tmp_path: Path) -> None:
    venv.stackwise("pip-hook", "enable")
    script = venv.path / "bin" / "pip"
    script.write_text(f"#!{venv.python}\nimport sys\nfrom pip._internal.cli.main import main\n"
                      "if __name__ == '__main__':\n    sys.exit(main())\n")
    script.chmod(0o755)
    report = tmp_path / "r.json"
    proc = subprocess.run([str(script), "install", "--dry-run", "-q", "--report", str(report), "-i",
                           seed_index.url, "--scores", SEED_SCORES, "simplelib", "anotherlib"],
                          capture_output=True, text=True, env=venv.env(PIP_RESOLVER="stackwise"), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert report_pins(report) == SEED_PICK


def test_hook_does_nothing_without_the_flag(venv: Venv, seed_index, tmp_path: Path) -> None:
    venv.stackwise("pip-hook", "enable")
    report = tmp_path / "r.json"
    proc = venv.pip("install", "--dry-run", "-q", "--report", str(report), "-i", seed_index.url,
                    "simplelib", "anotherlib")
    assert report_pins(report) == PIP_PICK and "stackwise" not in proc.stderr
    proc = venv.pip("install", "--dry-run", "-q", "--report", str(report), "-i", seed_index.url,
                    "--resolver=pip", "simplelib", "anotherlib", env=venv.env(PIP_RESOLVER="stackwise"))
    assert report_pins(report) == PIP_PICK and "stackwise" not in proc.stderr


def test_hook_without_stackwise_warns_once_and_runs_plain_pip(tmp_path: Path, seed_index) -> None:
    venv = Venv(tmp_path / "venv")
    venv.stackwise("pip-hook", "enable")
    (venv.site / "_test_1_deps.pth").unlink()  # "uninstall" stackwise (and its dependencies)
    report = tmp_path / "r.json"
    proc = venv.pip("install", "--dry-run", "-q", "--report", str(report), "-i", seed_index.url,
                    "--resolver=stackwise", "--scores", SEED_SCORES, "simplelib", "anotherlib")
    assert report_pins(report) == PIP_PICK
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("stackwise: warning:")]
    assert len(warnings) == 1 and "cannot be imported" in warnings[0], proc.stderr


def test_hook_enable_with_python_of_a_sibling_venv(venv: Venv, tmp_path: Path) -> None:
    """Two environments made from one Python: their ``bin/python`` links resolve to the same
    file, yet ``--python OTHER/bin/python`` must act on OTHER, never on stackwise's own one."""
    other = Venv(tmp_path / "other")
    if Path(other.python).resolve() != Path(venv.python).resolve():
        pytest.skip("this platform copies the interpreter into each environment")
    mine = snapshot(venv.site)
    proc = venv.stackwise("pip-hook", "enable", "--python", other.python)
    assert str(other.site) in proc.stdout and "enabled" in proc.stdout
    assert (other.site / "stackwise-pip-hook.pth").is_file()
    assert snapshot(venv.site) == mine  # stackwise's own environment untouched
    assert "enabled" in venv.stackwise("pip-hook", "status", "--python", other.python).stdout
    assert "disabled" in venv.stackwise("pip-hook", "status").stdout
    venv.stackwise("pip-hook", "disable", "--python", other.python)
    assert not (other.site / "stackwise-pip-hook.pth").exists()


def test_hook_refuses_foreign_files(venv: Venv) -> None:
    (venv.site / "stackwise-pip-hook.pth").write_text("# somebody else's file\n")
    proc = venv.stackwise("pip-hook", "enable", check=False)
    assert proc.returncode != 0 and "not written by stackwise" in proc.stderr
    assert (venv.site / "stackwise-pip-hook.pth").read_text() == "# somebody else's file\n"



# -- generated graphs: an active but neutral knowledge base orders exactly like pip --------

NEUTRAL_SCORES = {
    "format": "stackwise-scores", "version": 1,
    "rules": [{"id": "neutral", "package": "not-in-any-graph", "specifier": ">=0", "score": 0.5,
               "category": "stability", "message": "mentions no package of the graph",
               "link": "https://example.org/neutral", "source": "tests"}],
}


def test_neutral_knowledge_base_on_generated_graphs_is_exactly_pip(venv: Venv, index_factory, tmp_path: Path) -> None:
    """The patch is active (the knowledge base is not empty), plans a best stack and reorders
    pip's candidates, yet no rule touches the graph: pip's dry-run report must not change."""
    from hypothesis import HealthCheck, example, given, settings

    from test_pip_equivalence import graphs

    scores = tmp_path / "neutral.json"
    scores.write_text(json.dumps(NEUTRAL_SCORES))
    counter = iter(range(10**6))

    @settings(max_examples=int(os.environ.get("STACKWISE_PIP_EQUIV_EXAMPLES", "6")), deadline=None,
              database=None, suppress_health_check=list(HealthCheck))
    @given(graphs())
    # Found by this test: steered straight to epsilon 0.9 (which pip reaches by backtracking),
    # pip built that candidate from the user's requirement and reported it "requested".
    @example(({"gamma": {"1.0": [], "1.1": ["epsilon<1.0"], "3.0": []},
               "epsilon": {"0.9": [], "1.0": [], "1.5": []}, "zeta": {"1.0": []}},
              ["zeta", "epsilon[x]", "gamma<3.0"]))
    def check(case: tuple[dict, list[str]]) -> None:
        graph, reqs = case
        n = next(counter)
        srv = index_factory(graph)
        args = ["install", "--dry-run", "--ignore-installed", "-q", "-i", srv.url, *reqs]
        plain, ours = tmp_path / f"plain{n}.json", tmp_path / f"ours{n}.json"
        p1 = venv.pip(*args, "--report", str(plain), check=False)
        p2 = venv.stackwise("pip", *args, "--report", str(ours), "--no-default-scores", "--scores", str(scores),
                            check=False)
        assert p1.returncode == p2.returncode, (p1.stderr, p2.stderr)
        if p1.returncode == 0:
            assert json.loads(plain.read_text())["install"] == json.loads(ours.read_text())["install"]

    check()


def test_the_plan_is_made_from_the_files_pips_format_options_allow(venv: Venv, index_factory, tmp_path: Path) -> None:
    """With ``--only-binary :all:`` pip cannot use ``alpha`` 2.0 (an sdist only). A plan made
    from every file took alpha 2.0 with beta 2.0 and put beta 2.0 first; pip then paired it with
    alpha 1.0, the one pair the knowledge base vetoes. The plan now sees pip's format options."""
    from support import build_sdist, build_wheel

    files = tmp_path / "files"
    build_wheel(files, "alpha", "1.0")
    build_sdist(files, "alpha", "2.0", metadata_version="2.2")
    build_wheel(files, "beta", "1.0")
    build_wheel(files, "beta", "2.0")
    srv = index_factory(files_dir=files)
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "revision": "t", "rules": [{
        "id": "t/alpha-1-beta-2", "package": "alpha", "specifier": "<2", "with": {"package": "beta", "specifier": "==2.0"},
        "veto": True, "category": "stability", "message": "alpha 1 breaks with beta 2.0",
        "link": "https://example.org/t", "source": "test"}]}))
    report = tmp_path / "r.json"
    proc = venv.stackwise("pip", "install", "--dry-run", "-q", "--report", str(report), "-i", srv.url,
                          "--only-binary", ":all:", "--no-default-scores", "--scores", str(scores), "alpha", "beta",
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert report_pins(report) == {"alpha": "1.0", "beta": "1.0"}, proc.stderr
