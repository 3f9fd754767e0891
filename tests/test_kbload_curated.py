"""The shipped curated rules load from their pre-parsed form: the same rules as the TOML, never
stale, and a damaged pre-parsed file only costs the TOML parse."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stackwise.knowledge.curated import (
    SHIPPED_CURATED,
    SHIPPED_PARSED,
    load_curated,
    load_shipped_curated,
    render_parsed,
)


def _same(a, b) -> None:  # noqa: ANN001 - two knowledge bases
    assert a.revision == b.revision
    assert list(a.rules) == list(b.rules)
    assert [repr(r) for r in a.rules] == [repr(r) for r in b.rules]


def test_the_shipped_pre_parsed_file_is_the_curated_toml_of_today() -> None:
    text = Path(SHIPPED_CURATED).read_bytes().decode("utf-8")
    assert Path(SHIPPED_PARSED).read_text(encoding="utf-8") == render_parsed(text), (
        "curated.toml changed: regenerate its pre-parsed form with\n"
        "  python -c 'from stackwise.knowledge.curated import write_parsed; write_parsed()'"
    )


def test_the_shipped_curated_rules_are_those_of_the_plain_toml_parse() -> None:
    _same(load_shipped_curated(), load_curated(SHIPPED_CURATED))


def test_a_run_loading_the_shipped_knowledge_does_not_parse_toml() -> None:
    code = ("import sys\nfrom stackwise.knowledge.shipped import shipped_sources\nlayers = shipped_sources()\n"
            "assert len(layers[-1]) > 0\nprint('tomllib' in sys.modules, 'tomli' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    toml, parsed = tmp_path / "curated.toml", tmp_path / "curated.parsed.json"
    shutil.copyfile(SHIPPED_CURATED, toml)
    shutil.copyfile(SHIPPED_PARSED, parsed)
    return toml, parsed


def _shipped_parts() -> tuple[dict, dict]:
    head, _, body = Path(SHIPPED_PARSED).read_text(encoding="utf-8").partition("\n")
    return json.loads(head), json.loads(body)


def _write(parsed: Path, header: dict, doc: dict, *, rehash: bool) -> None:
    body = json.dumps(doc, indent=1) + "\n"
    if rehash:
        header = {**header, "document_sha256": hashlib.sha256(body.encode()).hexdigest()}
    parsed.write_text(json.dumps(header) + "\n" + body, encoding="utf-8")


@pytest.mark.parametrize("damage", [
    b"",
    b"\xff\xfe not json",
    b"[1, 2]\n{}",
    b'{"format": "stackwise-curated-parsed"}',
    b"[" * 100_000,
    "wrong-toml-hash",
    "document-edited",
    "document-truncated",
    "document-not-a-table",
    "document-invalid-rule",
    "missing",
])
def test_a_damaged_or_stale_pre_parsed_file_falls_back_to_the_toml(copy: tuple[Path, Path],
                                                                     damage: bytes | str) -> None:
    toml, parsed = copy
    header, doc = _shipped_parts()
    if damage == "missing":
        parsed.unlink()
    elif isinstance(damage, bytes):
        parsed.write_bytes(damage)
    elif damage == "wrong-toml-hash":
        _write(parsed, {**header, "toml_sha256": "0" * 64}, doc, rehash=True)
    elif damage == "document-edited":  # the document no longer matches its hash
        doc["rules"][0]["message"] = "edited"
        _write(parsed, header, doc, rehash=False)
    elif damage == "document-truncated":
        parsed.write_bytes(parsed.read_bytes()[:-200])
    elif damage == "document-not-a-table":
        _write(parsed, header, ["rules"], rehash=True)  # type: ignore[arg-type]
    else:  # hashes right, the rule invalid: the strict parser refuses it, the TOML decides
        doc["rules"][0]["score"] = 5
        _write(parsed, header, doc, rehash=True)
    _same(load_shipped_curated(str(toml), str(parsed)), load_curated(SHIPPED_CURATED))


def test_an_edited_toml_is_read_though_its_pre_parsed_file_is_older(copy: tuple[Path, Path]) -> None:
    toml, parsed = copy
    text = toml.read_text(encoding="utf-8").replace('revision = "curated-22"', 'revision = "edited-1"')
    toml.write_text(text, encoding="utf-8")
    got = load_shipped_curated(str(toml), str(parsed))
    assert got.revision == "edited-1"
    _same(got, load_curated(toml))


def test_loading_writes_nothing_beside_the_toml(copy: tuple[Path, Path]) -> None:
    toml, parsed = copy
    parsed.unlink()
    before = sorted(p.name for p in toml.parent.iterdir())
    load_shipped_curated(str(toml), str(parsed))
    assert sorted(p.name for p in toml.parent.iterdir()) == before
