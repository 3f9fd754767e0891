"""``kb build`` confirmations on stacks clear of the consumer's other known breaks, and one
inspection per provider range: an old consumer usually breaks with several newer providers
at once, and a confirmation that tests one pair must not fail on another (flask 1.1.2's
itsdangerous test ran with jinja2 3.1 and failed on jinja2 on both sides), nor stand for a
range it did not test (werkzeug 3.0 was inspected, and flask 1.1 x werkzeug 2.1 was called
confirmed)."""

from __future__ import annotations

from pathlib import Path

from stackwise.cli import main
from stackwise.knowledge.scorefile import load_score_file
from support import build_wheel


def _index(files: Path) -> None:
    # pkg.a imports from `other` first, so with other 2.0 it fails there whatever dep is
    build_wheel(files, "pkg", "1.0", ["dep", "other"], files={
        "pkg/__init__.py": "",
        "pkg/a.py": "from other import gone\nfrom dep import old_name\n",
        "pkg/b.py": "from dep import late_name\n",
    })
    build_wheel(files, "dep", "1.0", files={"dep/__init__.py": "old_name = 1\nlate_name = 1\n"})
    build_wheel(files, "dep", "2.0", files={"dep/__init__.py": "late_name = 1\n"})  # old_name removed
    build_wheel(files, "dep", "3.0", files={"dep/__init__.py": "x = 1\n"})  # late_name removed too
    build_wheel(files, "other", "1.0", files={"other/__init__.py": "gone = 1\n"})
    build_wheel(files, "other", "2.0", files={"other/__init__.py": "x = 1\n"})


def test_each_pair_is_confirmed_on_a_stack_clear_of_the_others(tmp_path: Path, index_factory) -> None:
    files = tmp_path / "files"
    _index(files)
    srv = index_factory(files_dir=files)
    out = tmp_path / "learned.json"
    argv = ["kb", "build", "pkg", "--no-dependencies", "--only", "imports", "--no-bounds",
            "--state", str(tmp_path / "state"), "-o", str(out), "--results", str(tmp_path / "r.db"),
            "--index-url", srv.url, "--isolated", "--cache-dir", str(tmp_path / "cache"),
            "--wheel-cache", str(tmp_path / "wheels")]
    assert main(argv) == 0
    rules = {(r.other.name, (r.evidence or {}).get("name")): r for r in load_score_file(out).rules if r.other}
    assert set(rules) == {("dep", "old_name"), ("dep", "late_name"), ("other", "gone")}, sorted(rules)
    for rule in rules.values():
        assert rule.veto is True, rule.describe()
    old, late, gone = rules["dep", "old_name"], rules["dep", "late_name"], rules["other", "gone"]
    ev = old.evidence or {}
    # tested with other held at 1.0, so the failure is dep's
    assert "old_name" in ev["signature"], ev
    assert ev["failing_example"] == {"pkg": "1.0", "dep": "2.0", "other": "1.0"}
    assert ev["passing_example"] == {"pkg": "1.0", "dep": "1.0", "other": "1.0"}
    # late_name's range (dep >= 3.0) was inspected at its own first release, not at dep 2.0
    ev = late.evidence or {}
    assert late.other is not None and str(late.other.specifier) == ">=3.0"
    assert "late_name" in ev["signature"] and ev["failing_example"]["dep"] == "3.0", ev
    assert ev["passing_example"]["dep"] == "2.0", ev
    # other's test holds dep below its own break
    ev = gone.evidence or {}
    assert "gone" in ev["signature"] and ev["failing_example"]["dep"] == "1.0", ev


def _layer(path: Path, rules: list[dict]) -> Path:
    import json

    path.write_text(json.dumps({"format": "stackwise-scores", "version": 1, "rules": rules}))
    return path


def _scan_rule(spec: str, versions: list[str], *, name: str = "url_quote", kind: str = "static-scan") -> dict:
    return {"id": f"scan:flask:werkzeug:werkzeug.urls.{name}:{spec}" + (":below-window" if "below" in kind else ""),
            "package": "flask", "specifier": spec, "with": {"package": "werkzeug", "specifier": ">=3.0.0"},
            "score": -0.8, "category": "stability", "message": "m", "link": "https://example.invalid/werkzeug/",
            "source": "static-scan",
            "evidence": {"kind": kind, "module": "werkzeug.urls", "name": name, "removed_in": "3.0.0",
                         "consumer_versions": versions, "confirmed": False}}


def test_merge_replaces_an_import_finding_a_deeper_window_covers(tmp_path: Path) -> None:
    """``kb build --merge``: flask ``==2.2.3`` (a 4-year window) inside the new ``>=2.0.0,<=2.2.3``
    is one finding said twice; another name, or a release the new range misses, is kept."""
    from stackwise.commands.kb_build import _merged

    base = load_score_file(_layer(tmp_path / "base.json", [
        _scan_rule("==2.2.3", ["2.2.3"]),
        _scan_rule("==2.2.3", ["2.2.3"], name="url_parse"),  # the new crawl did not find this one
        _scan_rule("==1.0", ["1.0"]),  # outside the new range: kept
        _scan_rule("<2.2.3", [], kind="static-scan-below-window"),  # the new window says where it starts
        {**_scan_rule("==2.1.0", ["2.1.0"], name="url_join"), "veto": True},  # confirmed: not traded for a score
    ]))
    new = load_score_file(_layer(tmp_path / "new.json", [
        _scan_rule(">=2.0.0,<=2.2.3", ["2.0.0", "2.1.0", "2.2.3"]),
        _scan_rule("<2.0.0", [], kind="static-scan-below-window"),
        _scan_rule(">=2.0.0,<=2.2.3", ["2.0.0", "2.1.0", "2.2.3"], name="url_join"),
    ]))
    ids = {r.id for r in _merged(base, new).rules}
    assert ids == {"scan:flask:werkzeug:werkzeug.urls.url_quote:>=2.0.0,<=2.2.3",
                   "scan:flask:werkzeug:werkzeug.urls.url_quote:<2.0.0:below-window",
                   "scan:flask:werkzeug:werkzeug.urls.url_parse:==2.2.3",
                   "scan:flask:werkzeug:werkzeug.urls.url_quote:==1.0",
                   "scan:flask:werkzeug:werkzeug.urls.url_join:==2.1.0",
                   "scan:flask:werkzeug:werkzeug.urls.url_join:>=2.0.0,<=2.2.3"}, ids


def test_a_finding_in_a_private_module_is_checked_through_its_package(tmp_path: Path, index_factory) -> None:
    """typer 0.10.0's ``_completion_click7`` imports a name click 8 removed, but typer loads it
    only under click 7. Importing the private module itself failed with click 8 and would have
    "confirmed" a veto hiding typer with click 8; importing the package refutes the finding."""
    files = tmp_path / "files"
    build_wheel(files, "app", "1.0", ["lib"], files={
        "app/__init__.py": "import lib\n\nif hasattr(lib, 'old'):\n    from app import _shim1  # noqa: F401\n",
        "app/_shim1.py": "from lib import old\n",
    })
    build_wheel(files, "lib", "1.0", files={"lib/__init__.py": "old = 1\n"})
    build_wheel(files, "lib", "2.0", files={"lib/__init__.py": "new = 1\n"})
    srv = index_factory(files_dir=files)
    out = tmp_path / "learned.json"
    assert main(["kb", "build", "app", "--no-dependencies", "--only", "imports", "--no-bounds",
                 "--state", str(tmp_path / "state"), "-o", str(out), "--results", str(tmp_path / "r.db"),
                 "--index-url", srv.url, "--isolated", "--cache-dir", str(tmp_path / "cache"),
                 "--wheel-cache", str(tmp_path / "wheels"), "--stats", str(tmp_path / "stats.json")]) == 0
    import json

    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["refuted_groups"] == 1 and stats["confirmed_groups"] == 0, stats
    assert [r for r in load_score_file(out).rules if r.package.name == "app" and r.id.startswith("scan:")] == []



def test_a_below_window_hint_goes_with_its_refuted_finding(tmp_path: Path, index_factory) -> None:
    """The hint about releases below the scan's window stands on the finding it was inferred from."""
    files = tmp_path / "files"
    for version in ("0.8", "0.9", "1.0"):  # --max-releases 2 leaves 0.8 unread
        build_wheel(files, "app", version, ["lib"], files={
            "app/__init__.py": "import lib\n\nif hasattr(lib, 'old'):\n    from app import _shim1  # noqa: F401\n",
            "app/_shim1.py": "from lib import old\n",
        })
    build_wheel(files, "lib", "1.0", files={"lib/__init__.py": "old = 1\n"})
    build_wheel(files, "lib", "2.0", files={"lib/__init__.py": "new = 1\n"})
    srv = index_factory(files_dir=files)
    args = ["kb", "build", "app", "--no-dependencies", "--only", "imports", "--no-bounds", "--max-releases", "2",
            "--index-url", srv.url, "--isolated", "--cache-dir", str(tmp_path / "cache"),
            "--wheel-cache", str(tmp_path / "wheels"), "--results", str(tmp_path / "r.db")]
    unconfirmed, checked = tmp_path / "unconfirmed.json", tmp_path / "checked.json"
    assert main([*args, "--no-confirm", "--state", str(tmp_path / "s1"), "-o", str(unconfirmed)]) == 0
    assert {(r.evidence or {}).get("kind") for r in load_score_file(unconfirmed).rules} == {
        "static-scan", "static-scan-below-window"}
    assert main([*args, "--state", str(tmp_path / "s2"), "-o", str(checked)]) == 0
    assert [r.id for r in load_score_file(checked).rules if r.package.name == "app"] == []
