"""Allow ``python -m stackwise``."""

from stackwise.cli import main

raise SystemExit(main())
