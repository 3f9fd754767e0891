"""Reading a written requirements lock in tests."""

from __future__ import annotations


def pins_of(text: str) -> dict[str, str]:
    """``name -> version`` of every ``name==version`` line of a requirements lock (the name as
    written, extras included; comments and options skipped)."""
    pins = {}
    for line in text.splitlines():
        if "==" in line and not line.lstrip().startswith(("#", "--")):
            name, _, rest = line.partition("==")
            pins[name.strip()] = rest.split()[0]
    return pins
