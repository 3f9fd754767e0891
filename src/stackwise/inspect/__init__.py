"""Learning from evidence: build real stacks, run them in isolation, turn failures into rules.

One concern per module, source -> core -> destination like ``installer``:

- :mod:`.model` -- the shapes every part shares (a stack to inspect, a check, a result);
- :mod:`.stacks` -- the Dependency Monkey: which stacks to inspect (each a real resolution);
- :mod:`.runner` -- one inspection in isolation (own venv, own HOME, limits, no network);
- :mod:`.signature` -- error signatures, so one failure is recognised across stacks;
- :mod:`.execute` -- running many inspections: local processes or a Dask cluster;
- :mod:`.store` -- the results database (SQLite);
- :mod:`.learn` -- culprit isolation and boundary bisection -> rules with evidence;
- :mod:`.scan` -- static compatibility scan of wheels (names removed from providers);
- :mod:`.bounds` -- upper bounds that newer releases added, proposed for older ones.
"""
