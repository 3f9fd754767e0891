"""``stackwise explain`` takes NAME or NAME==VERSION; anything else was silently cut down to NAME.

``explain 'flask>=2'``, ``'flask[async]'``, ``'flask; python_version < "3.9"'``, ``'flask @ URL'``
and ``'flask===2.0'`` listed every rule about flask, as if the range, extras, marker, URL or
version had been read: an answer to another question. Each is now one error (the Python API
says the same). The CLI in-process, no index.
"""

from __future__ import annotations

import pytest

from stackwise.cli import main
from test_hostile_sweep import one_error


@pytest.mark.parametrize("spec", ["alpha>=1", "alpha[fast]", 'alpha; python_version < "3.9"',
                                  "alpha @ https://example.invalid/alpha-1.0.tar.gz", "alpha===1.0",
                                  "alpha==1.0,<2"])
def test_explain_refuses_what_is_not_a_name_or_one_release(capsys, spec):
    one_error(main(["explain", spec, "--no-default-scores"]), capsys.readouterr().err, "give NAME or NAME==VERSION")


def test_the_explain_api_refuses_a_range_too():
    import stackwise
    from stackwise.errors import StackwiseError

    with pytest.raises(StackwiseError, match="give NAME or NAME==VERSION"):
        stackwise.explain("alpha>=1", default_scores=False)


@pytest.mark.parametrize("spec", ["alpha", "Alpha", "alpha==1.0"])
def test_a_name_or_one_release_is_still_explained(capsys, spec):
    assert main(["explain", spec, "--no-default-scores"]) == 0, capsys.readouterr().err
