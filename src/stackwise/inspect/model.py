"""The shapes every part of an inspection shares.

Plain, JSON-serialisable dataclasses: a request travels to a Dask worker and a result
travels back into the store (or to the score service) unchanged, so "identical whichever
way they ran" is a property of the data, not of the transport.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, field
from typing import Any

from stackwise._dataclass import dataclass

#: What an inspection can end as. Only ``failed`` (reproduced) becomes knowledge.
OUTCOMES: tuple[str, ...] = ("passed", "failed", "timeout", "install-failed", "flaky", "error")


#: The largest limits a check can be given: a timer, an rlimit (bytes, seconds) past these
#: overflowed inside the runner, and the inspection was stored as a crash.
MAX_TIMEOUT = 1e6  # seconds (11.6 days)
MAX_MEMORY_MB = 2**43 - 1  # RLIMIT_AS in bytes must stay below 2**63
MAX_CPU_SECONDS = 2**62


@dataclass(frozen=True)
class Check:
    """What to run inside the stack's environment.

    ``command`` is a shell command run with the venv's ``bin`` first on PATH; ``None`` means
    the default check (import every top-level module of every distribution, plus
    ``--version`` of console scripts). ``kind`` is ``check`` or ``benchmark`` (``repeat``
    timed runs).
    """

    command: str | None = None
    kind: str = "check"
    repeat: int = 1
    timeout: float = 300.0  # wall clock seconds per run
    memory_mb: int = 4096  # address-space limit of the check process
    cpu_seconds: int = 600  # CPU-time limit of the check process

    def describe(self) -> str:
        what = self.command or "default import check"
        return f"{what} (x{self.repeat})" if self.kind == "benchmark" else what

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Check:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class StackRequest:
    """One stack to inspect: its pins and the hashed lock (pylock.toml text) to install it from.

    ``pins`` is sorted ``(name, version)``; ``lock`` carries URLs and sha256 for every file,
    so a worker needs nothing but the index's files. ``label`` says why the Dependency Monkey
    chose it (e.g. ``pip``, ``oldest numpy 1.26.*``).
    """

    pins: tuple[tuple[str, str], ...]
    lock: str
    label: str = ""
    roots: tuple[str, ...] = ()  # the requirement strings it was resolved from
    pre: bool = False  # resolved allowing pre-releases (pip's --pre): probes of it must be too
    #: the constraints it was resolved under (``-c`` files, pip's configured ones), one
    #: ``name<spec>`` per package, sorted: probes of it must resolve under them too
    constraints: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Identity of the stack (its pins): the same stack chosen twice is inspected once."""
        return hashlib.sha256(json.dumps(self.pins).encode()).hexdigest()[:16]

    def pin_map(self) -> dict[str, str]:
        return dict(self.pins)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pins": [list(p) for p in self.pins], "lock": self.lock, "label": self.label,
                               "roots": list(self.roots)}
        if self.pre:  # only when set: a result without it is stored (and hashed, exported) as before
            out["pre"] = True
        if self.constraints:  # likewise only when there are any
            out["constraints"] = list(self.constraints)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StackRequest:
        return cls(
            pins=tuple((str(n), str(v)) for n, v in data["pins"]),
            lock=str(data["lock"]),
            label=str(data.get("label", "")),
            roots=tuple(str(r) for r in data.get("roots", ())),
            pre=data.get("pre") is True,
            constraints=tuple(str(c) for c in data.get("constraints", ())),
        )


@dataclass
class InspectionResult:
    """What one inspection recorded. ``id`` is assigned by the store when it is saved."""

    stack: StackRequest
    check: Check
    outcome: str
    exit_status: int | None = None
    duration: float = 0.0  # seconds of the check (both runs for a rerun failure: the first)
    peak_memory_kb: int | None = None
    output_tail: str = ""  # last 50 lines of combined stdout/stderr
    signature: str | None = None  # normalised error signature (failed/flaky), see signature.py
    timings: list[float] = field(default_factory=list)  # benchmark: seconds per repeat
    environment: dict[str, Any] = field(default_factory=dict)  # python, implementation, platform, machine, network_isolated
    attempts: int = 1
    detail: str = ""  # e.g. why install failed, why no network isolation
    id: str | None = None
    created: str | None = None  # ISO 8601 UTC

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["stack"] = self.stack.to_json()
        out["check"] = self.check.to_json()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InspectionResult:
        kw = {k: data[k] for k in cls.__dataclass_fields__ if k in data and k not in ("stack", "check")}
        return cls(stack=StackRequest.from_json(data["stack"]), check=Check.from_json(data["check"]), **kw)
