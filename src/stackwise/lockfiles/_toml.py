"""TOML reading on every supported Python: ``tomllib`` from 3.11, the ``tomli`` backport before."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib as toml
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as toml

__all__ = ["toml"]
