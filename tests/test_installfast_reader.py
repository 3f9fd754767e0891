"""The requirements-lock reader's plain-pin path gives what PEP 508's full reader gives.

Why: ``stackwise install`` reads a lock of plain ``name==version --hash=...`` lines without
packaging's requirement parser (its tokenizer compiling patterns was ~12 % of a warm install,
docs/benchmarks.md). Every file -- plain or not, valid or not -- must read to the same Lock, or
the same error, as the full reader (stackwise.reqfile) gives it; these tests compare the two.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from stackwise.errors import LockFileError
from stackwise.lockfiles import requirements as reqlock

H1 = "sha256:" + "ab" * 32
H2 = "sha256:" + "CD" * 32
H3 = "sha512:" + "ef" * 64

SHAPES = [
    # plain: the fast path takes these
    f"alpha==1.0 --hash={H1}\n",
    f"alpha==1.0 --hash={H1} --hash={H2}\nbeta==2.0.post1.dev3 --hash={H3}\n",
    f"alpha==1.0 \\\n    --hash={H1} \\\n    --hash={H2}\n    # via beta\nbeta==2 \\\n  --hash={H1}\n",
    f"# header\n#\n\nAlpha_Pkg.X==1!2.0rc1+local.7 --hash={H1}   # trailing comment\n",
    f"alpha==01.0    --hash={H1}   \r\nbeta==1.0a1 --hash={H2}\r\n",
    f"--index-url https://idx.example/simple\n--extra-index-url=https://two.example/s?x=1\nalpha==1 --hash={H1}\n",
    f"--require-hashes\n--index-url=https://a.example/simple\n--index-url https://b.example/simple\nalpha==1 --hash={H1}\n",
    f"alpha==1.0 --hash={H1} \\\n",
    "",
    "# only comments\n\n",
    # not plain: the full reader reads these, results or errors
    f"alpha==1.0 \\\n# a comment between\n    --hash={H1}\n",
    f"alpha[extra]==1.0 --hash={H1}\n",
    f'alpha==1.0 ; python_version >= "3" --hash={H1}\n',
    f'alpha==1.0 ; python_version >= "3" \\\n    --hash={H1}\n',
    'alpha==1.0 ; python_version < "3"\n',
    f'alpha==1.0 ; python_version < "3" --hash={H1}\nalpha==2.0 ; python_version >= "3" --hash={H2}\n',
    f"alpha @ https://files.example/alpha-1.0.tar.gz --hash={H1}\n",
    f"alpha==1.0\t--hash={H1}\n",
    f"alpha==1.0 --hash={H1}\tbeta\n",
    f"alpha == 1.0 --hash={H1}\n",
    f"alpha==1.0RC1 --hash={H1}\n",
    f"alpha==v1.0 --hash={H1}\n",
    f"alpha==1.0-1 --hash={H1}\n",
    f"alpha==1.* --hash={H1}\n",
    f"alpha===1.0 --hash={H1}\n",
    f"alpha==1.0,<2 --hash={H1}\n",
    f"alpha>=1.0 --hash={H1}\n",
    f"alpha --hash={H1}\n",
    "alpha==1.0\n",
    f"==1.0 --hash={H1}\n",
    f"alpha== --hash={H1}\n",
    f"alpha-==1.0 --hash={H1}\n",
    f"alpha==1.0 --hash={H1}#frag\n",
    f"alpha==1.0#frag --hash={H1}\n",
    f"alpha==1.0 --hash {H1}\n",
    f"alpha==1.0 --hash=md5:{'ab' * 16}\n",
    f"alpha==1.0 --hash=nosuch:{'ab' * 16}\n",
    "alpha==1.0 --hash=sha256\n",
    "alpha==1.0 --hash=sha256:\n",
    f"alpha==1.0 --hash=SHA256:{'ab' * 32}\n",
    f"alpha==1.0 --hash='{H1}'\n",
    f"alpha==1.0 --hash={H1} --no-deps\n",
    f"alpha==1.0 --hash={H1}\nalpha==1.0 --hash={H1}\n",
    f"alpha==1.0 --hash={H1}\nALPHA==2.0 --hash={H2}\n",
    f"alpha_x==1.0 --hash={H1}\nalpha.x==1.0 --hash={H2}\n",
    f"alpha==1.0 --hash={H1}\n-r nosuch.txt\n",
    f"-c nosuch.txt\nalpha==1.0 --hash={H1}\n",
    f"-i https://idx.example/simple\nalpha==1.0 --hash={H1}\n",
    f"--index-url\nalpha==1.0 --hash={H1}\n",
    f"--no-index\n--find-links ./wh\nalpha==1.0 --hash={H1}\n",
    f"--only-binary :all:\nalpha==1.0 --hash={H1}\n",
    f"--only-binary\nalpha==1.0 --hash={H1}\n",
    f"--trusted-host idx.example\nalpha==1.0 --hash={H1}\n",
    f"--index-url 'https://idx.example/simple'\nalpha==1.0 --hash={H1}\n",
    f"--pre --index-url https://idx.example/simple\nalpha==1.0 --hash={H1}\n",
    f"--unknown-option\nalpha==1.0 --hash={H1}\n",
    f"-e ./nosuch\nalpha==1.0 --hash={H1}\n",
    f"./nosuch\nalpha==1.0 --hash={H1}\n",
    f"alpha==${{VERSION}} --hash={H1}\n",
    "alpha==1.0 --hash=${HASH}\n",
    f"\ufeffalpha==1.0 --hash={H1}\n",
    f"alpha==1.0 --hash={H1} # café\n",
    f"alpha==1.0 --hash={H1}\x0bbeta==1.0 --hash={H2}\n",
    f"alpha==1.0 --hash={H1}\x0cbeta==1.0 --hash={H2}\n",
    f"alpha==1.0 --hash={H1}\x1c\n",
    f"alpha==1.0 --hash={H1}\x00\n",
    f"alpha==1.0 --hash={H1}\n\\\n",
    "alpha==" + "9" * 4100 + f" --hash={H1}\n",
    "alpha==" + "1." * 150 + f"0 --hash={H1}\n",
    f"{'a' * 300}==1.0 --hash={H1}\n",
    "not a requirement at all\n",
    f"alpha==1.0 --hash={H1}\n" * 3,
]


def _full(path: Path) -> object:
    """What the full reader alone gives: a Lock, or (error type, message)."""
    saved = reqlock._read_plain_lock
    reqlock._read_plain_lock = lambda _path: None  # type: ignore[assignment]
    try:
        return _outcome(path)
    finally:
        reqlock._read_plain_lock = saved  # type: ignore[assignment]


def _outcome(path: Path) -> object:
    try:
        return reqlock.read_requirements_lock(path)
    except LockFileError as exc:
        return ("LockFileError", str(exc))
    except ValueError as exc:  # the full reader's shlex on an unclosed quote after " --" (not this path's to fix)
        return (type(exc).__name__, str(exc))


def _write(tmp_path: Path, text: str, n: int) -> Path:
    path = tmp_path / f"lock{n}.txt"
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("n", range(len(SHAPES)))
def test_each_shape_reads_as_the_full_reader_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VERSION", raising=False)
    monkeypatch.delenv("HASH", raising=False)
    path = _write(tmp_path, SHAPES[n], n)
    assert _outcome(path) == _full(path)


def test_plain_locks_take_the_plain_path(tmp_path: Path) -> None:
    """The first shapes (what `stackwise lock`, pip-compile and uv write) need no PEP 508 parser."""
    for n, text in enumerate(SHAPES[:10]):
        path = _write(tmp_path, text, n)
        lock = reqlock._read_plain_lock(str(path))
        assert lock is not None, text
        assert lock == _full(path)


def test_random_mixtures_read_as_the_full_reader_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fragments of good and bad lines, spaces, comments and continuations, glued at random."""
    monkeypatch.chdir(tmp_path)
    pieces = ["alpha", "Beta.Two", "g_3", "==", "1.0", "2!3.4b5", "+lo.1", ".post2", " ", "  ", "\t", " \\\n",
              "\n", "\r\n", "#", " # via x\n", f" --hash={H1}", f" --hash={H2}", f"--hash={H3}", " --hash=",
              "sha256:", "[x]", ' ; python_version >= "3"', "@", "--index-url https://i.example/s\n",
              "--require-hashes\n", "-", "*", ",", "'", "$", "é", "==1.0"]
    rnd = random.Random(16)
    fast = 0
    for n in range(400):
        if n % 2:
            text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25)))
        else:  # mostly plain lines, with one or two random pieces spliced in
            hashes = [f" --hash={H1}", f" --hash={H2}", f" \\\n  --hash={H3}"]
            lines = [rnd.choice(["alpha", "Beta.Two", "g_3", "d-4"]) + "==" + rnd.choice(["1.0", "2!3.4b5", "0.1+lo.1"])
                     + "".join(rnd.choice(hashes) for _ in range(rnd.randint(1, 3)))
                     for _ in range(rnd.randint(1, 4))]
            if rnd.random() < 0.5:
                i = rnd.randrange(len(lines))
                j = rnd.randint(0, len(lines[i]))
                lines[i] = lines[i][:j] + rnd.choice(pieces) + lines[i][j:]
            text = "\n".join(lines) + rnd.choice(["", "\n", "\r\n"])
        path = _write(tmp_path, text, n)
        fast += reqlock._read_plain_lock(str(path)) is not None
        assert _outcome(path) == _full(path), text
    assert fast > 50  # the comparison covered the plain path, not only fallbacks


def test_a_missing_or_unreadable_lock_gives_the_full_readers_error(tmp_path: Path) -> None:
    missing = tmp_path / "nosuch.txt"
    assert _outcome(missing) == _full(missing)
    assert isinstance(_outcome(missing), tuple)
    assert _outcome(tmp_path) == _full(tmp_path)  # a directory


def test_a_fifo_is_left_to_the_full_reader_unopened(tmp_path: Path) -> None:
    """Opening a FIFO waits for a writer: the plain reader must not open it (and so not hang)."""
    import os
    import threading

    fifo = tmp_path / "lock.txt"
    os.mkfifo(fifo)
    answer: list[object] = []
    reader = threading.Thread(target=lambda: answer.append(reqlock._read_plain_lock(str(fifo))), daemon=True)
    reader.start()
    reader.join(10)
    assert answer == [None]
