"""Audit fixtures: a small project per test, audited in-process on a fixed day."""

from __future__ import annotations

import datetime as dt

import pytest

from helpgen.audit import run_audit
from helpgen.config import load_project
from tests.audit.support import DAY
from tests.helpers import write_project


@pytest.fixture
def audit(tmp_path):
    """audit(files, config=None, now=DAY) -> the AuditResult of a fresh project with those files."""

    made = []

    def run(files: dict, config: dict | None = None, now: dt.date = DAY):
        made.append(files)  # a new project each call: nothing left over from the last one
        return run_audit(
            load_project(write_project(tmp_path / f"project{len(made)}", files, config)), now=now
        )

    return run
