"""stackwise: choose the greatest versions, not just the latest.

A resolvelib provider whose candidate order comes from knowledge-base scores.
"""

__version__ = "0.1.0"
