"""Where the index cache lives and which layout it has.

Separate from :mod:`.cache` so that a reader that only needs to find the database and
check its version (the lock result cache, before anything heavy is imported) can.
"""

from __future__ import annotations

import os

DB_NAME = "index-v1.sqlite3"  # the file name stays; the layout version is PRAGMA user_version
# v2: pages split per version + per-target digests; v3: pages.gen; v4: lock_results;
# v5: page_files and digests as rowid tables (as WITHOUT ROWID tables of large rows, every
# lookup read whole rows to compare keys: 0.1-0.2 ms per digest), lock_results.created
# before its data (pruning read every record whole); migrated from v4 in place.
# v6: rows carry PEP 700 upload times (a tenth field); migrated from v5 (and v4) in place:
# stored remote pages are kept for --offline but made stale, so the next online run fetches
# them again with their upload times (an old row is read as "upload time unknown").
# v7: metadata_gen, a count of metadata inserts kept by a trigger (remembered proof walks check
# it instead of asking for thousands of keys); migrated from v6, v5 and v4 in place.
# v8: the trigger also draws a new random token at every insert, so a cache file restored
# from an older copy cannot count its way back to a generation a walk recorded; migrated
# from v7 (and earlier) in place, the generation made anew.
# v9: sdist file names on index pages read as pip reads them (.tar.bz2, .tgz, ..., the first
# dash after the project's name): rows stored by v8 miss such releases, so remote pages are made
# stale and lose their validators (kept for --offline), as from v5; migrated from v8 in place.
SCHEMA_VERSION = 9


def cache_dir(explicit: str | None) -> str:
    """The cache directory: explicit, else ``$STACKWISE_CACHE_DIR``, else the user cache dir.

    A string, not a Path: this module is read before anything heavy (pathlib included).
    """
    if explicit is not None:
        if not str(explicit).strip():  # "" was the working directory in some places, the default in others
            from stackwise.errors import StackwiseError

            raise StackwiseError("The cache directory given (--cache-dir) is empty; give a directory, or leave "
                                 "the option out.")
        return explicit
    env = os.environ.get("STACKWISE_CACHE_DIR")
    if env:
        return os.path.expanduser(env)
    # platformdirs' answer, without importing it where that answer is the plain XDG one
    from stackwise.config import user_dir

    return user_dir("cache")


def page_is_fresh(fetched_at: float, max_age: float | None, ttl: float, now: float) -> bool:
    """Whether a stored page may be used without asking the index: inside the TTL, or the
    server's shorter max-age. One rule for the client and for the lock result cache."""
    fresh_for = ttl if max_age is None else min(ttl, max_age)
    return now - fetched_at < fresh_for
