"""Shared by the audit tests: the fixed day they audit on, and findings of one check as tuples."""

from __future__ import annotations

import datetime as dt

DAY = dt.date(2026, 3, 1)
"""The day every audit in these tests runs on: staleness and seasons are counted from it."""


def found(result, check: str) -> list[tuple]:
    """(severity, file, line, message) of the findings of one check, in report order."""
    return [(f.severity, f.file, f.line, f.message) for f in result.findings if f.check == check]


def hints(result, check: str) -> list[str]:
    return [f.hint for f in result.findings if f.check == check]
