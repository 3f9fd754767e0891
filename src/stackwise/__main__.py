"""Allow ``python -m stackwise``."""

from stackwise.cli import entry

raise SystemExit(entry())
