"""The search's time budget, checked where it is read (no heavy imports: the lock reuse path
parses arguments before the resolver is loaded)."""

from __future__ import annotations

import math


def check_time_budget(value: float) -> float:
    """The budget as given, or ValueError saying why it cannot be one (negative, NaN)."""
    if math.isnan(value) or value < 0:
        raise ValueError(
            f"the time budget must be a number of seconds >= 0 (0 means: stop at the first stack "
            f"without a vetoed version or pair), not {value!r}"
        )
    return value


def parse_time_budget(text: str) -> float:
    """``--time-budget`` text -> seconds; ValueError with a readable reason otherwise."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"the time budget must be a number of seconds, not {text!r}") from None
    return check_time_budget(value)
