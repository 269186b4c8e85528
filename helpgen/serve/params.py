"""Read the API's and the dashboard's query parameters: whole numbers and days, or BadParam.

Every number or date a client sends in a URL is read here, so that each is checked the same
way: length first (Python's `int()` refuses, with a ValueError, strings of more than 4,300
digits, and a long string is work), then ASCII digits only (`str.isdigit()` also accepts
"¹" and "٣", which `int()` refuses or reads), then the range. A wrong value is a 400 whose
message names the parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

MAX_DIGITS = 9
"""Longer digit strings are refused unread: no parameter goes near a billion."""
DATE_LENGTH = 10
"""`2026-01-31`."""


class BadParam(Exception):
    """A query parameter that is malformed or out of range: answered with 400 and this message."""


def whole_number(
    params: Mapping[str, str], name: str, default: int, low: int, high: int, cap: bool = False
) -> int:
    """The whole number `params[name]` (`default` when absent or empty), from `low` to `high`.

    With `cap`, a larger number (still at most MAX_DIGITS long) gives `high` instead of a 400:
    `limit=500` asks for everything there is."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if len(raw) > MAX_DIGITS or not (raw.isascii() and raw.isdigit()):
        raise BadParam(f"'{name}' must be a whole number from {low} to {high}")
    value = int(raw)
    if value < low or (value > high and not cap):
        raise BadParam(f"'{name}' must be a whole number from {low} to {high}")
    return min(value, high)


def day(params: Mapping[str, str], name: str) -> dt.date | None:
    """The date `params[name]` as `2026-01-31` (None when absent or empty)."""
    raw = params.get(name)
    if not raw:
        return None
    try:
        if len(raw) != DATE_LENGTH or not raw.isascii():
            raise ValueError(raw)
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParam(f"'{name}' must be a date like 2026-01-31") from None
