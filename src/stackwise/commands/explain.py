"""``stackwise explain NAME[==VERSION]``: what the knowledge base says about a package.

A thin layer over :func:`stackwise.api.explain_package`: typed options from the arguments,
then the text (or ``--json``) on standard output and any warning on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys

from stackwise.api import evidence_text, explain_package
from stackwise.commands.options import index_options, score_options, target_options


def run_explain(args: argparse.Namespace) -> int:
    explanation = explain_package(args.package, knowledge=score_options(args), index=index_options(args),
                                  target=target_options(args))
    for warning in explanation.warnings:
        print(f"stackwise: warning: {warning}", file=sys.stderr)
    if args.json:
        json.dump(explanation.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(explanation.text())
    return 0


__all__ = ["evidence_text", "run_explain"]
