"""Checks of time: articles nobody has reviewed for months, seasonal ones past or near their end."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from helpgen.audit.context import AuditContext
from helpgen.audit.finding import Finding, plural
from helpgen.audit.history import last_commits


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def check_stale(ctx: AuditContext) -> Iterator[Finding]:
    """stale: published articles whose `updated` date, else their last commit in git, is older than
    `audit.stale_months`."""
    months = ctx.audit.stale_months
    if not months:
        return
    cutoff = months_before(ctx.day, months)
    committed = last_commits(ctx.project.content_dir) if ctx.audit.stale_from_git else {}
    undated = 0
    for article in ctx.published:
        day = article.updated or committed.get(article.source)
        if day is None:
            undated += 1
        elif day < cutoff:
            age = (ctx.day.year - day.year) * 12 + ctx.day.month - day.month
            when = (
                f"last updated {day}"
                if article.updated
                else f"last changed {day} (its last commit; no `updated` date)"
            )
            yield Finding(
                "stale",
                "warning",
                ctx.shown(article),
                ctx.key_line(article, "updated") or 1,
                f"{when}, {plural(age, 'month')} ago (stale after {months})",
                "check it against today's policies, prices and screens, then set `updated:` to the "
                "date "
                "of the review",
            )
    if undated:
        ctx.notes.append(
            f"{plural(undated, 'published article')} without an `updated` date or a git commit: "
            "not "
            "checked for staleness (add `updated: YYYY-MM-DD` to their front matter)"
        )


def check_seasons(ctx: AuditContext) -> Iterator[Finding]:
    """expired, expiring: seasonal articles past their valid_until, or ending within
    `audit.expiring_days`."""
    soon = ctx.day + dt.timedelta(days=ctx.audit.expiring_days)
    hidden = ctx.project.config.seasonal.expired == "hide"
    for article in ctx.loaded:
        until, since = article.valid_until, article.valid_from
        if until is None or article.draft:
            continue
        line = ctx.key_line(article, "valid_until") or 1
        if since and since > until:
            yield Finding(
                "expired",
                "error",
                ctx.shown(article),
                line,
                f"valid_until {until} is before valid_from {since}: the article is never shown",
                "swap the dates, or fix the year",
            )
        elif until < ctx.day:
            shown = (
                "it is no longer on the site"
                if hidden
                else "it is shown with an out-of-date notice"
            )
            yield Finding(
                "expired",
                "warning",
                ctx.shown(article),
                line,
                f"expired on {until}: {shown}",
                "move valid_from / valid_until to the next season and update the text, or delete "
                "it",
            )
        elif until <= soon and article.season(ctx.day) == "in":
            days = (until - ctx.day).days
            yield Finding(
                "expiring",
                "info",
                ctx.shown(article),
                line,
                f"expires on {until}, in {plural(days, 'day')}",
                "prepare what replaces it (next season's dates, the regular policy), or extend "
                "valid_until",
            )
