"""The knowledge base: rules about package versions and pairs, and the score files holding them.

The rule model lives in :mod:`.rules`, the v1 JSON format in :mod:`.scorefile`; both are
re-exported here so callers need not know the split.
"""

from __future__ import annotations

from stackwise.knowledge.rules import (
    CATEGORIES,
    DEFAULT_RECOMMENDATION,
    RECOMMENDATIONS,
    Condition,
    KnowledgeBase,
    PackageMatch,
    Rule,
)
from stackwise.knowledge.scorefile import (
    SCORE_FILE_FORMAT,
    SCORE_FILE_VERSION,
    dump_score_file,
    load_score_file,
    parse_document,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_RECOMMENDATION",
    "RECOMMENDATIONS",
    "SCORE_FILE_FORMAT",
    "SCORE_FILE_VERSION",
    "Condition",
    "KnowledgeBase",
    "PackageMatch",
    "Rule",
    "dump_score_file",
    "load_score_file",
    "parse_document",
]
