"""Property: no bad input ends in a traceback (issue #18).

Random requirement files, score files and index answers go through the real ``stackwise
lock`` (in-process, offline: a local find-links directory or a server on 127.0.0.1). Each
run must either succeed or print one ``stackwise: error:`` paragraph and return non-zero;
any exception escaping :func:`stackwise.cli.main` fails the test.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stackwise.cli import main
from support import make_index
from support.rawserver import FixedServer

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def run_lock(*args: str) -> tuple[int, str]:
    """``stackwise lock ARGS`` in a fresh cache; (exit code, stderr). Exceptions propagate."""
    err = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(err), \
            contextlib.redirect_stdout(io.StringIO()):
        code = main(["lock", *args, "--isolated", "--no-reuse", "--cache-dir", str(Path(tmp) / "cache"),
                     "-o", str(Path(tmp) / "out.txt")])
    return code, err.getvalue()


def check(code: int, err: str) -> None:
    assert "Traceback" not in err
    if code != 0:
        assert err.startswith("stackwise: error: "), err
        assert err.count("stackwise: error:") == 1, err


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_index(tmp_path_factory.mktemp("links"), {
        "simplelib": {"1.0": ["dependency1"], "2.0": ["dependency2"]},
        "dependency1": {"1.0": []}, "dependency2": {"1.0": [], "2.0": []},
    })


# -- requirement lines ----------------------------------------------------------------------

_FRAGMENTS = st.sampled_from([
    "simplelib", "dependency1", "dependency2", "nosuch", "Simple_Lib", "simplelib[extra]", "a" * 300,
    "==", ">=", "<", "~=", "===", "!=", "==2.*", "1.0", "2.0", "0", "1.0a1", "9" * 40, "1..0", "v1",
    ";", " python_version < '3'", " sys_platform == 'nope'", " extra == 'x'", " and ", " or ",
    " @ ", "https://", "file:///nonexistent", "#", " # comment", "\\\n", "${HOME}", "${UNSET_VAR_X}",
    "-r", "-c", "--pre", "-e", "--hash=sha256:", "--no-index", "--index-url", "-r missing.txt",
    "-c missing.txt", "--unknown", " ", "\t", ",", "(", ")", "[", "]", "'", '"', "\x00", "é", "\ufeff",
])
_LINE = st.one_of(st.lists(_FRAGMENTS, max_size=6).map("".join), st.text(max_size=40))


@SETTINGS
@given(lines=st.lists(_LINE, min_size=1, max_size=5))
def test_random_requirement_files_never_raise(links, lines):
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "requirements.in"
        # Network options must stay local: a random line may name an index or a find-links URL.
        req.write_text("\n".join(line.replace("://", ":/") for line in lines) + "\n", encoding="utf-8",
                       errors="surrogatepass")
        code, err = run_lock("-r", str(req), "--no-index", "-f", str(links), "--time-budget", "2")
    check(code, err)


# -- score files ------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_RULE = st.fixed_dictionaries(
    {"id": st.text(max_size=8), "package": st.sampled_from(["simplelib", "dependency1", "", "Bad Name!"])},
    optional={
        "specifier": st.sampled_from(["==1.0", ">=2", "garbage", "", "==1.*"]) | st.text(max_size=8),
        "score": st.floats(allow_nan=True) | st.integers() | st.text(max_size=3),
        "veto": st.booleans() | st.lists(st.sampled_from(["stable", "latest", "nope"]), max_size=2) | _JSON,
        "category": st.sampled_from(["stability", "security", "performance", "maintenance", "other"]),
        "message": st.text(max_size=20), "link": st.sampled_from(["https://example.org/x", "nolink", ""]),
        "source": st.text(max_size=5),
        "with": st.fixed_dictionaries({"package": st.sampled_from(["dependency2", "simplelib"]),
                                       "specifier": st.sampled_from(["==2.0", "??"])}) | _JSON,
        "condition": _JSON, "evidence": _JSON,
    },
)
_SCORE_DOC = st.fixed_dictionaries(
    {"format": st.sampled_from(["stackwise-scores", "other"]), "version": st.sampled_from([1, 2, "1"]),
     "rules": st.lists(_RULE | _JSON, max_size=4)},
)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=200), _JSON.map(lambda v: json.dumps(v).encode()),
                      _SCORE_DOC.map(lambda v: json.dumps(v).encode())))
def test_random_score_files_never_raise(links, data):
    with tempfile.TemporaryDirectory() as tmp:
        scores = Path(tmp) / "scores.json"
        scores.write_bytes(data)
        code, err = run_lock("simplelib", "--no-index", "-f", str(links), "--scores", str(scores),
                             "--time-budget", "2")
    check(code, err)


# -- index answers ----------------------------------------------------------------------------

_FILE_ENTRY = st.fixed_dictionaries(
    {"filename": st.sampled_from(["simplelib-1.0-py3-none-any.whl", "simplelib-2.0.tar.gz", "simplelib-x.whl",
                                  "other-1.0-py3-none-any.whl", "simplelib-1.0.zip"]) | st.text(max_size=10),
     "url": st.sampled_from(["../../files/simplelib-1.0-py3-none-any.whl", "f.whl", ""]) | st.text(max_size=10)},
    optional={"hashes": _JSON | st.just({"sha256": "00"}), "requires-python": _JSON,
              "yanked": _JSON, "core-metadata": _JSON, "dist-info-metadata": _JSON},
)
_ANSWER = st.one_of(
    st.tuples(st.just("application/vnd.pypi.simple.v1+json"),
              st.fixed_dictionaries({"meta": st.fixed_dictionaries({"api-version": st.sampled_from(["1.0", "1.1", "2.0"])}),
                                     "files": st.lists(_FILE_ENTRY, max_size=3)}).map(lambda d: json.dumps(d).encode())),
    st.tuples(st.sampled_from(["text/html", "application/vnd.pypi.simple.v1+html", "", "text/plain",
                               "application/vnd.pypi.simple.v1+json"]), st.binary(max_size=120)),
    st.tuples(st.just("text/html"),
              st.lists(st.tuples(st.sampled_from(["simplelib-1.0-py3-none-any.whl", "simplelib-2.0.tar.gz", "x"]),
                                 st.sampled_from(["", " data-yanked", ' data-requires-python="&gt;=9"',
                                                  ' data-core-metadata="sha256=00"', ' data-requires-python="!!"'])),
                       max_size=3).map(lambda links: ("<html><body>" + "".join(
                           f'<a href="../../files/{n}#sha256=00"{a}>{n}</a>' for n, a in links) + "</body></html>").encode())),
)


@SETTINGS
@given(answer=_ANSWER, status=st.sampled_from([200, 200, 200, 404, 500, 301, 403]))
def test_random_index_answers_never_raise(answer, status):
    content_type, body = answer
    # Absolute URLs in a random answer must not leave the machine: only this server is asked.
    body = body.replace(b"//", b"/").replace(b"http:", b"h").replace(b"https:", b"h")
    with FixedServer(body, status=status, content_type=content_type or None) as server:
        code, err = run_lock("simplelib", "--index-url", server.url, "--timeout", "5", "--time-budget", "2")
    check(code, err)
