"""The target's wheel-tag ranks without ~900 ``Tag`` objects (``InstallTarget.tag_priority``).

An install that takes every file from the cache looks up only the tags in those files' names;
the ranks come from the probe's tag strings. They must answer exactly as the environment's
``Tag``-keyed ``tag_priority`` does, for a real venv's probe and for the odd entries a
remembered probe could hold (a compressed tag set, a repeated tag), and a real install must
still choose the wheel the target ranks first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from packaging.tags import Tag

from stackwise.install.target import InstallTarget, _parse_tags, _TagRanks
from support import build_wheel
from test_install_cache import make_venv, run_install, site


def _same_as_the_environment(ranks, tags: tuple[Tag, ...]) -> None:
    want = {tag: i for i, tag in enumerate(tags)}  # TargetEnvironment.tag_priority
    assert len(ranks) == len(want)
    assert set(ranks) == set(want)
    for tag, i in want.items():
        assert tag in ranks and ranks[tag] == i
    for absent in (Tag("py2", "none", "any"), Tag("cp27", "cp27mu", "linux_x86_64"), Tag("xx", "yy", "zz")):
        assert (absent in ranks) == (absent in want)


def test_a_real_venvs_ranks_are_the_environments(tmp_path: Path) -> None:
    venv = make_venv(tmp_path / "venv")
    target = InstallTarget.venv(venv, cache=tmp_path / "cache")
    assert isinstance(target.tag_priority, _TagRanks)
    env = target.environment
    assert env.tags and len(env.tags) > 100
    _same_as_the_environment(target.tag_priority, env.tags)
    assert dict(target.tag_priority) == env.tag_priority
    # the remembered probe (read back from the cache) ranks the same
    again = InstallTarget.venv(venv, cache=tmp_path / "cache")
    assert dict(again.tag_priority) == env.tag_priority


def test_compressed_and_repeated_tags_rank_as_parsed() -> None:
    texts = ["cp311-cp311-manylinux_2_17_x86_64", "py2.py3-none-any", "CP311-abi3-Linux_X86_64",
             "cp311-cp311-manylinux_2_17_x86_64", "py3-none-any"]
    ranks = _TagRanks(tuple(texts))
    _same_as_the_environment(ranks, _parse_tags(texts))
    assert ranks[Tag("cp311", "cp311", "manylinux_2_17_x86_64")] == 4  # a repeated tag: its last place


def test_an_install_from_the_cache_takes_the_wheel_the_target_ranks_first(tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wh"
    generic = build_wheel(wheelhouse, "pick", "1.0", files={"pick/which.py": "WHICH = 'generic'\n"})
    specific = build_wheel(wheelhouse, "pick", "1.0", tag=f"py3-none-{_platform()}",
                           files={"pick/which.py": "WHICH = 'specific'\n"})
    lock = tmp_path / "requirements.txt"
    lock.write_text("pick==1.0 " + " ".join(f"--hash=sha256:{hashlib.sha256(w.read_bytes()).hexdigest()}"
                                            for w in (generic, specific)) + "\n")
    args = [str(lock), "--offline", "--find-links", str(wheelhouse), "--cache-dir", str(tmp_path / "cache")]
    for n in range(2):  # the first fills the caches, the second takes everything from them
        venv = make_venv(tmp_path / f"venv{n}")
        code, err = run_install(*args, "--target-venv", str(venv))
        assert code == 0, err
        assert (site(venv) / "pick" / "which.py").read_text() == "WHICH = 'specific'\n"


def _platform() -> str:
    import sysconfig

    return sysconfig.get_platform().replace("-", "_").replace(".", "_")
