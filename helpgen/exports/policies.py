"""policies.json: the store's policy values, so agents and macros quote the numbers the pages show.

From helpgen.yml: `variables` (the values articles print through `{{ name }}`), the free
`policies` mapping (values no article prints: carriers, cut-off dates, fees…) and the
contact block. Shape: `helpgen/exports/schemas/policies.schema.json`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from helpgen.config import Project


def render_policies(project: Project) -> str:
    """policies.json, keys sorted, dates as ISO strings."""
    c = project.config
    contact = None
    if c.contact:
        contact = {
            "hours": c.contact.hours,
            "channels": [
                {
                    "name": ch.name,
                    "value": ch.value,
                    "url": ch.url,
                    "response_time": ch.response_time,
                }
                for ch in c.contact.channels
            ],
        }
    data = {
        "site": {
            "name": c.site_name,
            "url": c.site_url,
            "store_url": c.store_url,
            "language": c.language,
        },
        "variables": c.variables,
        "policies": c.policies,
        "contact": contact,
    }
    return (
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, default=_json_value) + "\n"
    )


def _json_value(value: Any) -> Any:
    """What json cannot write itself: YAML dates and times (as ISO strings), sets (sorted)."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not a JSON value")
