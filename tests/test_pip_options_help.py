"""`stackwise pip`'s help names every option stackwise takes out of pip's command line."""

from __future__ import annotations

from stackwise.commands.pip import PIP_EPILOG
from stackwise.integrations.pip_resolver import FLAG_OPTIONS, VALUE_OPTIONS, options_parser


def test_the_help_text_lists_every_stackwise_option() -> None:
    parsed = {o for action in options_parser()._actions for o in action.option_strings if o.startswith("--")}
    ours = set(VALUE_OPTIONS) | set(FLAG_OPTIONS)
    assert ours <= parsed  # every option split off pip's command line is one the parser takes
    assert [o for o in sorted(ours) if o not in PIP_EPILOG] == []
