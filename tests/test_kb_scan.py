"""``stackwise kb scan``: a static scan of real wheels on a real local index.

Each test builds small wheels with real sources (tests/support ``build_wheel(files=...)``),
serves them on 127.0.0.1 and scans them; nothing is mocked.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stackwise.environment import TargetEnvironment
from stackwise.index.client import IndexClient
from stackwise.index.config import IndexConfig
from stackwise.inspect.scan import (
    MAYBE,
    NO,
    YES,
    ImportRef,
    ScanReport,
    missing_spans,
    module_imports,
    presence,
    scan_packages,
    symbol_table,
)
from stackwise.knowledge.scorefile import load_score_file
from support import IndexServer, build_wheel

Factory = Callable[..., IndexServer]

LIBB = {
    "1.0": "def old_name():\n    return 1\n\n\ndef keep():\n    return 2\n",
    "1.1": "def old_name():\n    return 1\n\n\ndef keep():\n    return 2\n",
    "2.0": "def keep():\n    return 2\n",
}


def _libb(files: Path) -> None:
    for version, source in LIBB.items():
        build_wheel(files, "libb", version, files={"libb/__init__.py": source})


def _scan(server: IndexServer, cache: Path, names: list[str], *, offline: bool = False, **kw: Any) -> ScanReport:
    config = IndexConfig(index_urls=(server.url,), cache_dir=cache, offline=offline)
    with IndexClient(config, TargetEnvironment.current(cpu_flags=frozenset())) as client:
        return scan_packages(names, client, **kw)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    path = tmp_path / "files"
    path.mkdir()
    return path


def _rules(report: ScanReport) -> list[dict[str, Any]]:
    return [r.to_json() for r in report.rules]


# -- the main case -------------------------------------------------------------------------


def test_removed_name_gives_one_merged_pair_rule(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    _libb(files)
    for version in ("1.0", "1.1"):
        build_wheel(files, "liba", version, ["libb>=1.0"], files={
            "liba/__init__.py": '"""liba."""\nimport os\n\nfrom libb import old_name\n\nVALUE = old_name()\n',
        })
    build_wheel(files, "liba", "1.2", ["libb>=1.0"], files={"liba/__init__.py": "from libb import keep\n"})
    server = index_factory(files_dir=files)

    report = _scan(server, cache_dir, ["liba"])

    rules = _rules(report)
    assert len(rules) == 1, rules
    rule = rules[0]
    assert rule["package"] == "liba" and rule["specifier"] == "<=1.1,>=1.0"
    assert rule["with"] == {"package": "libb", "specifier": ">=2.0"}
    assert rule["score"] == -0.8 and "veto" not in rule
    assert rule["category"] == "stability" and rule["source"] == "static-scan"
    assert rule["id"] == "scan:liba:libb:libb.old_name:>=1.0,<=1.1"
    assert rule["link"] == f"{server.url}/libb/"
    assert "liba 1.0 to 1.1 import old_name from libb" in rule["message"]
    assert "(liba/__init__.py:4)" in rule["message"] and "libb 2.0 removed it" in rule["message"]
    assert rule["evidence"] == {
        "kind": "static-scan", "consumer_file": "liba/__init__.py", "line": 4, "name": "old_name",
        "module": "libb", "removed_in": "2.0", "last_present": "1.1", "restored_in": None,
        "restored_dynamic": False, "consumer_versions": ["1.0", "1.1"], "confirmed": False,
    }
    [finding] = report.findings
    assert (finding.removed_in, finding.last_present, finding.restored_in) == ("2.0", "1.1", None)
    c = report.counters
    assert c["consumer_releases"] == 3 and c["provider_releases"] == 3
    assert c["pairs_scanned"] == 3 and c["releases_scanned"] == 6
    assert c["wheels_read"] == 6 and c["wheels_downloaded"] == 6
    assert report.skipped == {}


def test_guarded_dynamic_and_getattr_imports_give_no_finding(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    _libb(files)
    # guarded by try/except ImportError, by if TYPE_CHECKING, inside a function
    build_wheel(files, "guarded", "1.0", ["libb"], files={"guarded/__init__.py": (
        "import typing\n"
        "try:\n    from libb import old_name\nexcept ImportError:\n    old_name = None\n"
        "if typing.TYPE_CHECKING:\n    from libb import old_name as other\n"
        "def f():\n    from libb import old_name\n    return old_name\n"
    )})
    # a name no libb release defines statically (would only ever exist dynamically)
    build_wheel(files, "ghostly", "1.0", ["libb"], files={"ghostly/__init__.py": "from libb import ghost\n"})
    # libe 2.0 drops ``thing`` but has a PEP 562 __getattr__ that may still provide it
    build_wheel(files, "libe", "1.0", files={"libe/__init__.py": "thing = 1\n"})
    build_wheel(files, "libe", "2.0", files={"libe/__init__.py": (
        "import warnings\n\ndef __getattr__(name):\n    if name == 'thing':\n"
        "        warnings.warn('deprecated')\n        return 1\n    raise AttributeError(name)\n"
    )})
    build_wheel(files, "uses-libe", "1.0", ["libe"], files={"uses_libe/__init__.py": "from libe import thing\n"})
    # the consumer's own metadata keeps it away from the releases that lack the name
    build_wheel(files, "capped", "1.0", ["libb<2"], files={"capped/__init__.py": "from libb import old_name\n"})
    # an extra-only dependency is not a pair the consumer always has
    build_wheel(files, "extraonly", "1.0", extras={"fast": ["libb"]},
                files={"extraonly/__init__.py": "from libb import old_name\n"})
    server = index_factory(files_dir=files)

    report = _scan(server, cache_dir, ["guarded", "ghostly", "uses-libe", "capped", "extraonly"])

    assert report.rules == [] and report.findings == []
    assert report.counters["excluded_by_requirement"] == 1  # capped
    assert report.counters["pairs_scanned"] == 4  # extraonly has no pair
    assert report.skipped == {}


def test_vendored_modules_count_only_where_the_package_reaches_them(files: Path, cache_dir: Path,
                                                                     index_factory: Factory) -> None:
    # python-telegram-bot 13.2 vendors urllib3 whose contrib/pyopenssl.py imports a name cryptography
    # 39 removed, but nothing in the package imports that module: no finding. A vendored module the
    # package does import, one it imports by a computed name, and an entry point's are still read.
    _libb(files)
    old = "from libb import old_name\n"
    build_wheel(files, "vend-unused", "1.0", ["libb"], files={
        "vend_unused/__init__.py": "from vend_unused._vendor import lib\n",
        "vend_unused/_vendor/__init__.py": "",
        "vend_unused/_vendor/lib/__init__.py": "from .core import run\n",
        "vend_unused/_vendor/lib/core.py": "def run():\n    return 1\n",
        "vend_unused/_vendor/lib/contrib/__init__.py": "",
        "vend_unused/_vendor/lib/contrib/optional.py": old,
    })
    build_wheel(files, "vend-used", "1.0", ["libb"], files={
        "vend_used/__init__.py": "def f():\n    from ._vendor.lib import helper\n    return helper\n",
        "vend_used/_vendor/__init__.py": "",
        "vend_used/_vendor/lib/__init__.py": "",
        "vend_used/_vendor/lib/helper.py": old,
    })
    build_wheel(files, "vend-computed", "1.0", ["libb"], files={
        "vend_computed/__init__.py": ("import importlib\n\n\ndef load(name):\n"
                                      "    return importlib.import_module('.'.join([__name__, '_vendor', name]))\n"),
        "vend_computed/_vendor/__init__.py": "",
        "vend_computed/_vendor/lib.py": old,
    })
    build_wheel(files, "vend-cli", "1.0", ["libb"], files={
        "vend_cli/_vendor/__init__.py": "",
        "vend_cli/_vendor/tool.py": old + "\n\ndef main():\n    return old_name()\n",
        "vend_cli-1.0.dist-info/entry_points.txt": "[console_scripts]\nvc = vend_cli._vendor.tool:main\n",
    })
    server = index_factory(files_dir=files)

    report = _scan(server, cache_dir, ["vend-unused", "vend-used", "vend-computed", "vend-cli"])

    found = {r["package"]: r["evidence"]["consumer_file"] for r in _rules(report)}
    assert found == {"vend-used": "vend_used/_vendor/lib/helper.py", "vend-computed": "vend_computed/_vendor/lib.py",
                     "vend-cli": "vend_cli/_vendor/tool.py"}
    assert report.counters["pairs_scanned"] == 4


def test_name_back_in_a_later_release_gives_a_closed_range(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    build_wheel(files, "libh", "1.0", files={"libh/__init__.py": "x = 1\n"})
    build_wheel(files, "libh", "2.0", files={"libh/__init__.py": "y = 1\n"})
    build_wheel(files, "libh", "2.1", files={"libh/__init__.py": "y = 1\n"})
    build_wheel(files, "libh", "3.0", files={"libh/__init__.py": "if True:\n    x = 1\n"})
    build_wheel(files, "libi", "1.0", ["libh"], files={"libi/core.py": "from libh import x\n"})
    server = index_factory(files_dir=files)

    [rule] = _rules(_scan(server, cache_dir, ["libi"]))

    assert rule["specifier"] == "==1.0"
    assert rule["with"]["specifier"] == "<3.0,>=2.0"
    assert rule["evidence"]["restored_in"] == "3.0" and rule["evidence"]["last_present"] == "1.0"
    assert rule["evidence"]["restored_dynamic"] is False
    assert "libi 1.0 imports x from libh at module level (libi/core.py:1)" in rule["message"]
    assert "3.0 has it again" in rule["message"]


def test_a_dynamic_later_release_ends_the_range(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    build_wheel(files, "libp", "1.0", files={"libp/__init__.py": "x = 1\n"})
    build_wheel(files, "libp", "2.0", files={"libp/__init__.py": "y = 1\n"})
    build_wheel(files, "libp", "3.0", files={"libp/__init__.py": "def __getattr__(name):\n    raise AttributeError(name)\n"})
    build_wheel(files, "libq", "1.0", ["libp"], files={"libq/__init__.py": "from libp import x\n"})
    server = index_factory(files_dir=files)

    [rule] = _rules(_scan(server, cache_dir, ["libq"]))

    assert rule["with"]["specifier"] == "<3.0,>=2.0"  # only where it is statically missing
    assert rule["evidence"]["restored_dynamic"] is True
    assert "from 3.0 on the module is dynamic" in rule["message"]


def test_removed_module_and_star_reexport(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    # libm 2.0 removes the module libm.compat; libn 2.0 stops re-exporting f through a star import
    build_wheel(files, "libm", "1.0", files={"libm/__init__.py": "", "libm/compat.py": "z = 1\n"})
    build_wheel(files, "libm", "2.0", files={"libm/__init__.py": ""})
    build_wheel(files, "libn", "1.0", files={"libn/__init__.py": "from ._impl import *\n",
                                             "libn/_impl.py": "__all__ = ['f']\n\ndef f():\n    pass\n"})
    build_wheel(files, "libn", "2.0", files={"libn/__init__.py": "from ._impl import *\n",
                                             "libn/_impl.py": "def g():\n    pass\n"})
    build_wheel(files, "user", "1.0", ["libm", "libn"], files={
        "user/__init__.py": "import libm.compat\nfrom libn import f\n",
        "user/tests/test_user.py": "from libm import compat\n",  # test modules are not read
    })
    server = index_factory(files_dir=files)

    rules = {r["with"]["package"]: r for r in _rules(_scan(server, cache_dir, ["user"]))}

    assert set(rules) == {"libm", "libn"}
    assert rules["libm"]["id"] == "scan:user:libm:libm.compat:==1.0"
    assert rules["libm"]["evidence"]["name"] is None and rules["libm"]["evidence"]["line"] == 1
    assert "the module libm.compat" in rules["libm"]["message"]
    assert rules["libn"]["id"] == "scan:user:libn:libn.f:==1.0"


def test_an_import_package_the_provider_stopped_shipping(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    """setuptools 82 stopped shipping ``pkg_resources``: a release without the package that needs
    nothing new was a finding nowhere (the package "may have moved"); it is one now. Where the
    release needs a new distribution, the package may live there: still no finding."""
    build_wheel(files, "libs", "1.0", files={"libs/__init__.py": "", "oldres/__init__.py": "def req():\n    pass\n"})
    build_wheel(files, "libs", "2.0", files={"libs/__init__.py": ""})
    build_wheel(files, "libt", "1.0", files={"libt/__init__.py": "", "moved/__init__.py": "x = 1\n"})
    build_wheel(files, "libt", "2.0", ["moved-dist"], files={"libt/__init__.py": ""})  # moved/ moved there
    build_wheel(files, "moved-dist", "1.0", files={"moved/__init__.py": "x = 1\n"})
    build_wheel(files, "user", "1.0", ["libs", "libt"], files={"user/__init__.py": "import oldres\nfrom moved import x\n"})
    server = index_factory(files_dir=files)

    rules = _rules(_scan(server, cache_dir, ["user"]))

    assert [(r["with"], r["id"]) for r in rules] == [
        ({"package": "libs", "specifier": ">=2.0"}, "scan:user:libs:oldres:==1.0")], rules
    assert "the module oldres" in rules[0]["message"] and "libs 2.0 removed it" in rules[0]["message"]


# -- bad input -------------------------------------------------------------------------------


def test_python2_source_and_non_zip_wheel_are_counted_not_fatal(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    _libb(files)
    build_wheel(files, "oldpkg", "1.0", ["libb"], files={
        "oldpkg/__init__.py": "from libb import old_name\n",
        "oldpkg/legacy.py": 'print "hello from Python 2"\n',
    })
    (files / "broken-1.0-py3-none-any.whl").write_bytes(b"this is not a zip file")
    build_wheel(files, "broken", "1.1", ["libb"], files={"broken/__init__.py": "from libb import old_name\n"})
    build_wheel(files, "sdistonly", "1.0", tag="cp27-cp27m-manylinux1_x86_64")  # no usable wheel
    server = index_factory(files_dir=files)

    report = _scan(server, cache_dir, ["oldpkg", "broken", "sdistonly", "no-such-package"])

    assert report.skipped == {
        "source file not parsable (Python 2 or invalid syntax)": 1,
        "not a readable wheel (zip)": 1,
        "no usable releases": 2,
    }
    assert any("oldpkg/legacy.py" in w for w in report.warnings)
    assert any("broken 1.0" in w and "not a readable zip" in w for w in report.warnings)
    # the readable releases were still scanned
    assert {r.package.name for r in report.rules} == {"oldpkg", "broken"}


def test_symbol_table_and_imports_of_a_wheel(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "provider", "1.0", files={
        "provider/__init__.py": (
            "from __future__ import annotations\n"
            "import os.path\nimport json as _json\nfrom .sub import helper as renamed\n"
            "__all__ = ['listed_only'] + ['also']\n"
            "a, (b, *c) = 1, (2, 3)\nannotated: int = 1\nbare: int\n"
            "class K:\n    inner = 1\n"
            "async def coro():\n    pass\n"
            "if os.name == 'nt':\n    win = 1\nelse:\n    posix = 1\n"
            "try:\n    import fastjson as fast\nexcept ImportError:\n    fast = None\nfinally:\n    fin = 1\n"
            "for loopvar in range(2):\n    pass\n"
            "temp = 1\ndel temp\n"
        ),
        "provider/sub.py": "def helper():\n    pass\n",
        "provider/dyn.py": "def __getattr__(name):\n    return name\n",
        "provider/tricks.py": "for _n in ('p', 'q'):\n    globals()[_n] = 1\n",
        "provider/ns/deep.py": "value = 1\n",  # ns: a namespace package (no __init__)
        "provider/_speed.cpython-311-x86_64-linux-gnu.so": "binary",
        "provider/star.py": "from provider._speed import *\n",
    })
    table = symbol_table(wheel)
    mods = table["modules"]
    assert table["top_level"] == ["provider"]
    names = set(mods["provider"]["names"])
    assert {"os", "_json", "renamed", "listed_only", "also", "a", "b", "c", "annotated", "K", "coro",
            "win", "posix", "fast", "fin", "loopvar"} <= names
    assert "bare" not in names and "inner" not in names and "temp" not in names
    assert mods["provider"]["package"] and not mods["provider"]["dynamic"]
    assert mods["provider.dyn"]["dynamic"] and mods["provider.tricks"]["dynamic"]
    assert mods["provider._speed"]["dynamic"] and mods["provider.star"]["dynamic"]
    assert mods["provider.ns"]["package"] and mods["provider.ns.deep"]["names"] == ["value"]
    assert presence(mods, "provider", "helper") == NO  # not re-exported under that name
    assert presence(mods, "provider", "sub") == YES  # a submodule
    assert presence(mods, "provider.dyn", "anything") == MAYBE
    assert presence(mods, "provider.gone", None) == NO
    assert presence(mods, "otherpkg", "x") == MAYBE

    consumer = build_wheel(tmp_path, "consumer", "1.0", ["provider"], files={"consumer/__init__.py": (
        "import sys\nimport provider.sub\nfrom provider import a, b as bee\nfrom provider.ns import *\n"
        "from . import local\nfrom consumer import own\n"
        "if sys.platform == 'win32':\n    from provider import win\n"
    )})
    assert module_imports(consumer) == [
        ImportRef("provider.sub", None, "consumer/__init__.py", 2),
        ImportRef("provider", "a", "consumer/__init__.py", 3),
        ImportRef("provider", "b", "consumer/__init__.py", 3),
        ImportRef("provider.ns", None, "consumer/__init__.py", 4),
    ]


def test_symbol_table_of_a_file_that_is_not_a_wheel_is_a_clear_error(tmp_path: Path) -> None:
    from stackwise.errors import StackwiseError

    bad = tmp_path / "x-1.0-py3-none-any.whl"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(StackwiseError, match="not a readable zip file"):
        symbol_table(bad)


def test_missing_spans() -> None:
    assert missing_spans([YES, YES, NO, NO]) == [(1, 2, None)]
    assert missing_spans([NO, YES, MAYBE, NO, YES, NO]) == [(1, 3, 4), (4, 5, None)]
    assert missing_spans([NO, MAYBE, NO]) == []  # never statically present: no finding
    assert missing_spans([YES, NO, MAYBE, NO]) == [(0, 1, 2), (0, 3, None)]


# -- windows, caps, cache -----------------------------------------------------------------------


def test_max_releases_caps_each_package(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    _libb(files)
    for i in range(12):
        build_wheel(files, "many", f"1.{i}", ["libb"], files={"many/__init__.py": "from libb import old_name\n"})
    server = index_factory(files_dir=files)

    report = _scan(server, cache_dir, ["many"], max_releases=5)

    assert report.counters["consumer_releases"] == 5 and report.counters["beyond_max_releases"] == 7
    rule, below = _rules(report)
    assert rule["specifier"] == "<=1.11,>=1.7"
    # the unread releases below the window are a hint (unread is not clean), never a veto
    assert below["id"] == rule["id"] + ":below-window" and below["specifier"] == "<1.7"
    assert below["with"] == rule["with"] and below["score"] == -0.8 and "veto" not in below
    assert below["evidence"]["kind"] == "static-scan-below-window" and below["evidence"]["newest_unread"] == "1.6"
    assert "assumed to import it too" in below["message"]

    # uncapped: 12 wheels in one batch are parsed in worker processes, with the same result
    report = _scan(server, cache_dir / "fresh", ["many"])
    assert report.counters["consumer_releases"] == 12 and report.counters["wheels_read"] == 15
    assert report.counters["parsed_in_workers"] == 15  # once started, the workers parse libb too
    [rule] = _rules(report)
    assert rule["specifier"] == "<=1.11,>=1.0" and rule["evidence"]["line"] == 1


def test_parse_workers_that_die_lose_no_wheel(files: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                              index_factory: Factory) -> None:
    import stackwise.inspect.scan as scan

    _libb(files)
    for i in range(10):
        build_wheel(files, "many", f"1.{i}", ["libb"], files={"many/__init__.py": "from libb import old_name\n"})
    server = index_factory(files_dir=files)
    monkeypatch.setattr(scan, "_WORKER_CODE", "import sys; sys.exit(3)")  # workers that exit at once

    report = _scan(server, cache_dir, ["many"])

    assert report.counters["parsed_in_workers"] == 0 and report.counters["wheels_read"] == 13
    [rule] = _rules(report)
    assert rule["specifier"] == "<=1.9,>=1.0" and report.skipped == {}


class _TimedIndex(IndexServer):
    """The fixture index plus PEP 700 ``upload-time`` (and ``size``) on its JSON pages."""

    upload_times: dict[str, str] = {}

    def project_json(self, project: str, infos: list[dict[str, object]]) -> bytes:
        doc = json.loads(super().project_json(project, infos))
        for entry in doc["files"]:
            entry["size"] = (self.files_dir / entry["filename"]).stat().st_size
            if entry["filename"] in self.upload_times:
                entry["upload-time"] = self.upload_times[entry["filename"]]
        return json.dumps(doc).encode()


def test_since_uses_upload_times(files: Path, cache_dir: Path) -> None:
    _libb(files)
    for version in ("1.0", "1.1"):
        build_wheel(files, "liba", version, ["libb"], files={"liba/__init__.py": "from libb import old_name\n"})
    with _TimedIndex(files) as server:
        server.upload_times = {
            "liba-1.0-py3-none-any.whl": "2015-03-01T10:00:00.000000Z",  # outside --since 2
            "liba-1.1-py3-none-any.whl": "2099-01-01T00:00:00Z",
        }
        report = _scan(server, cache_dir, ["liba"], since_years=2)
        assert report.counters["older_than_since"] == 1
        rule, below = _rules(report)
        assert rule["specifier"] == "==1.1"
        assert below["specifier"] == "<1.1" and below["evidence"]["newest_unread"] == "1.0"  # older than --since
        # the times come from the pages the index client read: no request of the scan's own
        assert sum(1 for p in server.requests_log if p.rstrip("/").endswith("/liba")) == 1
        # a wheel above the size limit is skipped (its Content-Length says so before the body is read)
        report = _scan(server, cache_dir / "other", ["liba"], since_years=0, max_wheel_bytes=10)
        assert report.skipped == {"wheel too large": 2}  # liba 1.0 and 1.1: no provider is reached
        assert not list((cache_dir / "other").glob("wheels/*/*/*.whl"))


def test_second_scan_reads_nothing_again(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    _libb(files)
    build_wheel(files, "liba", "1.0", ["libb"], files={"liba/__init__.py": "from libb import old_name\n"})
    server = index_factory(files_dir=files)
    first = _scan(server, cache_dir, ["liba"])
    downloads = [p for p in server.requests_log if p.startswith("/files/")]
    assert len(downloads) == 4 and first.counters["wheels_downloaded"] == 4
    # downloaded wheels land in the shared wheel cache layout
    stored = sorted(p.name for p in (cache_dir / "wheels").glob("??/*/*.whl"))
    assert stored == sorted(Path(p).name for p in downloads)
    server.clear_log()

    second = _scan(server, cache_dir, ["liba"])

    assert not [p for p in server.requests_log if p.startswith("/files/")]
    assert second.counters["cache_hits"] == 4 and second.counters["wheels_read"] == 0
    assert [r.to_json() for r in second.rules] == [r.to_json() for r in first.rules]

    # offline, from the cache alone: the same result without a single request
    server.clear_log()
    third = _scan(server, cache_dir, ["liba"], offline=True)
    assert server.requests_log == [] and third.skipped == {}
    assert [r.to_json() for r in third.rules] == [r.to_json() for r in first.rules]


def test_time_budget_leaves_out_whole_packages_never_half_scans(files: Path, cache_dir: Path,
                                                               index_factory: Factory) -> None:
    _libb(files)
    for version in ("1.0", "1.1"):
        build_wheel(files, "liba", version, ["libb"], files={"liba/__init__.py": "from libb import old_name\n"})
    server = index_factory(files_dir=files)

    # past the budget before the first wheel: nothing is read, the consumer is left out and counted
    starved = _scan(server, cache_dir, ["liba"], budget_seconds=1e-9)
    assert starved.rules == [] and starved.counters["wheels_read"] == 0
    assert starved.skipped == {"time budget exhausted": 1}
    assert any("consumer liba" in w and "time budget" in w for w in starved.warnings)

    # the provider alone is read (and cached); past the budget, the consumer is not read whole
    _scan(server, cache_dir, ["libb"])
    half = _scan(server, cache_dir, ["liba"], budget_seconds=1e-9)
    assert half.rules == [] and half.skipped == {"time budget exhausted": 1}

    # with every wheel cached the budget costs nothing: the same finding as an unlimited scan
    full = _scan(server, cache_dir, ["liba"])
    cached = _scan(server, cache_dir, ["liba"], budget_seconds=1e-9)
    assert len(full.rules) == 1 and [r.to_json() for r in cached.rules] == [r.to_json() for r in full.rules]
    assert "time budget exhausted" not in cached.skipped


def test_bad_names_are_clear_errors(files: Path, cache_dir: Path, index_factory: Factory) -> None:
    from stackwise.errors import StackwiseError

    server = index_factory(files_dir=files)
    with pytest.raises(StackwiseError, match="not a package name"):
        _scan(server, cache_dir, ["not a name!"])
    with pytest.raises(StackwiseError, match="at least 1"):
        _scan(server, cache_dir, ["x"], max_releases=0)


# -- the command ---------------------------------------------------------------------------------


def _cli(argv: list[str]) -> int:
    from stackwise.commands import kb_scan

    parser = argparse.ArgumentParser(prog="stackwise kb")
    kb_scan.register(parser.add_subparsers(dest="kb_command"))
    args = parser.parse_args(argv)
    return int(args.kb_run(args))


def test_cli_writes_a_valid_score_file_and_report(files: Path, cache_dir: Path, tmp_path: Path,
                                                  index_factory: Factory,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _libb(files)
    for version in ("1.0", "1.1"):
        build_wheel(files, "liba", version, ["libb"], files={"liba/__init__.py": "from libb import old_name\n"})
    server = index_factory(files_dir=files)
    out, report_path = tmp_path / "candidates.json", tmp_path / "scan.json"

    status = _cli(["scan", "liba>=1.1", "-i", server.url, "--isolated", "--cache-dir", str(cache_dir),
                   "-o", str(out), "--report", str(report_path)])

    assert status == 0
    kb = load_score_file(out)
    [rule] = list(kb)
    assert rule.id == "scan:liba:libb:libb.old_name:==1.1" and rule.evidence is not None
    assert rule.evidence["confirmed"] is False and not rule.vetoes_in("stable")
    report = json.loads(report_path.read_text())
    assert report["counters"]["consumer_releases"] == 1 and len(report["findings"]) == 1
    err = capsys.readouterr().err
    assert "finding: liba==1.1 with libb>=2.0" in err
    assert "1 finding(s), 1 candidate rule(s)" in err and f"Wrote {out}" in err


def test_cli_defaults_are_the_scanners() -> None:
    from stackwise.commands import kb_scan
    from stackwise.inspect import scan

    assert (kb_scan.DEFAULT_SINCE_YEARS, kb_scan.DEFAULT_MAX_RELEASES, kb_scan.DEFAULT_MAX_WHEEL_BYTES) == (
        scan.DEFAULT_SINCE_YEARS, scan.DEFAULT_MAX_RELEASES, scan.DEFAULT_MAX_WHEEL_BYTES)


def test_cli_rejects_bad_numbers(cache_dir: Path) -> None:
    from stackwise.errors import StackwiseError

    with pytest.raises(StackwiseError, match="--since"):
        _cli(["scan", "x", "--since", "-1", "--cache-dir", str(cache_dir), "--isolated"])
    with pytest.raises(StackwiseError, match="--max-wheel-mb"):
        _cli(["scan", "x", "--max-wheel-mb", "0", "--cache-dir", str(cache_dir), "--isolated"])
    with pytest.raises(StackwiseError, match="--budget"):
        _cli(["scan", "x", "--budget", "nan", "--cache-dir", str(cache_dir), "--isolated"])


# -- against the public index -----------------------------------------------------------------


@pytest.mark.network
def test_network_flask_werkzeug(tmp_path: Path) -> None:
    """flask 2.2.0-2.2.3 import url_quote from werkzeug.urls (2.2.4 stopped); werkzeug 3.0.0 removed it."""
    config = IndexConfig.from_pip(isolated=True, cache_dir=tmp_path / "cache")
    with IndexClient(config, TargetEnvironment.current(cpu_flags=frozenset())) as client:
        report = scan_packages(["flask>=2.2,<2.4"], client, since_years=0)
    werkzeug = [f for f in report.findings if f.provider == "werkzeug" and f.name == "url_quote"]
    assert werkzeug, report.to_json()
    assert werkzeug[0].removed_in == "3.0.0" and werkzeug[0].last_present == "2.3.8"
    assert werkzeug[0].consumer_versions == ["2.2.0", "2.2.1", "2.2.2", "2.2.3"]
    assert [r.id for r in report.rules if r.evidence and r.evidence["name"] == "url_quote"] == [
        "scan:flask:werkzeug:werkzeug.urls.url_quote:>=2.2.0,<=2.2.3"]


@pytest.mark.network
def test_network_black(tmp_path: Path) -> None:
    """Black < 22.3 imports click._unicodefun inside a function under try: no static finding."""
    config = IndexConfig.from_pip(isolated=True, cache_dir=tmp_path / "cache")
    with IndexClient(config, TargetEnvironment.current(cpu_flags=frozenset())) as client:
        report = scan_packages(["black"], client)
    assert report.counters["consumer_releases"] > 10 and report.counters["pairs_scanned"] > 0
    assert not [f for f in report.findings if f.provider == "click"]
