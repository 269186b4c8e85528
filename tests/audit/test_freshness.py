"""stale, expired, expiring: counted from the audit's day (--now)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest

from helpgen.audit import run_audit
from helpgen.audit.freshness_checks import months_before
from helpgen.config import load_project
from tests.audit.support import DAY, found
from tests.helpers import write_project


def article(front: str) -> str:
    return f"---\ntitle: Holiday shipping\n{front}\n---\n\nOrder by the 20th.\n"


def test_an_article_not_updated_for_longer_than_stale_months_is_stale(audit):
    result = audit(
        {
            "old.md": article("updated: 2025-01-15"),
            "fresh.md": article("updated: 2025-03-01"),
            "undated.md": article("order: 1"),
        }
    )
    assert found(result, "stale") == [
        ("warning", "content/old.md", 3, "last updated 2025-01-15, 14 months ago (stale after 12)")
    ]
    assert (
        "1 published article without an `updated` date or a git commit: not checked for staleness "
        "(add `updated: YYYY-MM-DD` to their front matter)" in result.notes
    )


def test_stale_months_is_configurable_and_0_switches_it_off(audit):
    files = {"a.md": article("updated: 2025-10-01")}
    assert [m for *_, m in found(audit(files, {"audit": {"stale_months": 3}}), "stale")] == [
        "last updated 2025-10-01, 5 months ago (stale after 3)"
    ]
    assert found(audit(files, {"audit": {"stale_months": 0}}), "stale") == []


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
        (dt.date(2024, 2, 29), 12, dt.date(2023, 2, 28)),
    ],
)
def test_months_before_keeps_the_day_or_the_months_last(day, months, expected):
    assert months_before(day, months) == expected


def test_an_expired_seasonal_article_is_reported_whether_hidden_or_kept(audit):
    files = {
        "xmas.md": article("valid_from: 2025-12-01\nvalid_until: 2025-12-31"),
        "spring.md": article("valid_until: 2026-06-30"),
    }
    assert found(audit(files), "expired") == [
        ("warning", "content/xmas.md", 4, "expired on 2025-12-31: it is no longer on the site")
    ]
    kept = audit(files, {"seasonal": {"expired": "notice"}})
    assert [m for *_, m in found(kept, "expired")] == [
        "expired on 2025-12-31: it is shown with an out-of-date notice"
    ]


def test_dates_in_the_wrong_order_are_an_error(audit):
    result = audit({"sale.md": article("valid_from: 2026-12-01\nvalid_until: 2026-01-31")})
    assert found(result, "expired") == [
        (
            "error",
            "content/sale.md",
            4,
            "valid_until 2026-01-31 is before valid_from 2026-12-01: the article is never shown",
        )
    ]


def test_an_article_ending_within_expiring_days_is_expiring(audit):
    files = {
        "soon.md": article(f"valid_until: {DAY + dt.timedelta(days=5)}"),
        "later.md": article(f"valid_until: {DAY + dt.timedelta(days=30)}"),
        "today.md": article(f"valid_until: {DAY}"),
    }
    assert found(audit(files), "expiring") == [
        ("info", "content/soon.md", 3, "expires on 2026-03-06, in 5 days"),
        ("info", "content/today.md", 3, "expires on 2026-03-01, in 0 days"),
    ]
    assert len(found(audit(files, {"audit": {"expiring_days": 30}}), "expiring")) == 3


def test_a_draft_is_not_judged(audit):
    assert (
        found(
            audit({"d.md": article("draft: true\nvalid_until: 2025-01-01\nupdated: 2020-01-01")}),
            "expired",
        )
        == []
    )


def git(project, *args, date="2024-05-10T12:00:00+00:00"):
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "PATH": os.environ["PATH"],
        "HOME": str(project),
    }
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


def test_without_updated_the_last_commit_dates_an_article(tmp_path):
    project = write_project(
        tmp_path,
        {
            "old.md": "# Old\n\nText.\n",
            "new.md": "# New\n\nText.\n",
            "dated.md": article("updated: 2026-01-05"),
        },
    )
    git(project, "init", "-q")
    git(project, "add", "content/old.md", "content/dated.md")
    git(project, "commit", "-qm", "first")
    git(project, "add", "content/new.md")
    git(project, "commit", "-qm", "second", date="2026-02-01T12:00:00+00:00")
    (project / "content" / "draft-in-progress.md").write_text(
        "# Not committed\n\nText.\n", encoding="utf-8"
    )
    result = run_audit(load_project(project), now=DAY)
    assert found(result, "stale") == [
        (
            "warning",
            "content/old.md",
            1,
            "last changed 2024-05-10 (its last commit; no `updated` date), 22 months ago (stale "
            "after 12)",
        )
    ]
    assert "1 published article without an `updated` date or a git commit" in " ".join(result.notes)
    off = run_audit(
        load_project(write_project(project, {}, {"audit": {"stale_from_git": False}})), now=DAY
    )
    assert found(off, "stale") == []
