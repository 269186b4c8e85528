"""The audit as JSON for CI: a stable, versioned shape described by `audit-report.schema.json`."""

from __future__ import annotations

import json
from pathlib import Path

from helpgen.audit.finding import Severity
from helpgen.audit.run import AuditResult

SCHEMA = Path(__file__).resolve().parent / "audit-report.schema.json"
VERSION = 1
"""Bumped only when a field changes meaning or goes away; new fields may appear in any version."""


def to_json(result: AuditResult, fail_on: Severity) -> dict:
    """The report as plain data: summary first, then every finding in the report's order."""
    return {
        "version": VERSION,
        "site_name": result.site_name,
        "date": result.day.isoformat(),
        "audience": result.audience,
        "articles": result.articles,
        "fail_on": fail_on,
        "failed": result.failed(fail_on),
        "counts": result.counts(),
        "checks": result.by_check(),
        "notes": list(result.notes),
        "findings": [f.to_dict() for f in result.findings],
    }


def dumps(result: AuditResult, fail_on: Severity) -> str:
    return json.dumps(to_json(result, fail_on), ensure_ascii=False, indent=2)
