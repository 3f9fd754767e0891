"""The fixture index with PEP 700 ``upload-time`` on its JSON pages: the release-age tests."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

from .indexserver import IndexServer

DAY = 86400.0
NOW = time.time()


def stamp(days: float) -> str:
    """An RFC 3339 upload time ``days`` before the tests started."""
    return datetime.fromtimestamp(NOW - days * DAY, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class TimedIndex(IndexServer):
    """An :class:`IndexServer` whose JSON pages carry ``upload-time`` (by file name)."""

    upload_times: dict[str, str] = {}

    def project_json(self, project: str, infos: list[dict[str, object]]) -> bytes:
        doc = json.loads(super().project_json(project, infos))
        for entry in doc["files"]:
            if entry["filename"] in self.upload_times:
                entry["upload-time"] = self.upload_times[entry["filename"]]
        doc["meta"]["api-version"] = "1.1"
        return json.dumps(doc).encode()
