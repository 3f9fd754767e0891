"""A failed lock whose conflicting project is required by hundreds of parent releases
(boto3<1.20 botocore>1.25 on the public index: ~1000 boto3 releases, each pinning a botocore
range). The explanation tested every requirement against every version with a scan of all
causes each time and ran for more than 15 minutes; now each specifier is tested once per
version and the reasons are capped. A real lock against a real index on 127.0.0.1."""

from __future__ import annotations

from stackwise.cli import main


def test_a_conflict_with_hundreds_of_parent_requirements_is_explained_briefly(tmp_path, index_factory, capsys):
    graph = {
        "app": {f"1.{i}": [f"lib>=1.{i},<1.{i + 1}"] for i in range(150)},
        "lib": {f"1.{i}": [] for i in range(150)},
    }
    server = index_factory(graph)
    out = tmp_path / "requirements.txt"
    code = main(["lock", "app<1.100", "lib>1.120", "--no-default-scores", "--time-budget", "0",
                 "--index-url", server.url, "--isolated", "--cache-dir", str(tmp_path / "cache"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    assert err.count("stackwise: error:") == 1, err
    assert not out.exists()
    # without a vetoed version: there is no knowledge base to veto anything
    assert "vetoed" not in err, err
    reasons = [line for line in err.splitlines() if line.startswith("  ") and "outside lib" in line]
    assert 0 < len(reasons) <= 40, err
    assert "more reason(s) for older versions" in err, err
