"""Checks of time: articles nobody has reviewed for months, seasonal ones past or near their end."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Iterator

from helpgen.audit.context import AuditContext
from helpgen.audit.finding import Finding, plural


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def check_stale(ctx: AuditContext) -> Iterator[Finding]:
    """stale: published articles whose `updated` date is older than `audit.stale_months`."""
    months = ctx.audit.stale_months
    if not months:
        return
    cutoff = months_before(ctx.day, months)
    undated = 0
    for article in ctx.published:
        if article.updated is None:
            undated += 1
        elif article.updated < cutoff:
            age = (ctx.day.year - article.updated.year) * 12 + ctx.day.month - article.updated.month
            yield Finding("stale", "warning", ctx.shown(article), ctx.key_line(article, "updated") or 1,
                          f"last updated {article.updated.isoformat()}, {age} months ago (stale after {months})",
                          "check it against today's policies, prices and screens, then set `updated:` to the date "
                          "of the review")
    if undated:
        ctx.notes.append(f"{plural(undated, 'published article')} without an `updated` date: not checked for "
                         "staleness (add `updated: YYYY-MM-DD` to their front matter)")


def check_seasons(ctx: AuditContext) -> Iterator[Finding]:
    """expired, expiring: seasonal articles past their valid_until, or ending within `audit.expiring_days`."""
    soon = ctx.day + dt.timedelta(days=ctx.audit.expiring_days)
    hidden = ctx.project.config.seasonal.expired == "hide"
    for article in ctx.loaded:
        until, since = article.valid_until, article.valid_from
        if until is None or article.draft:
            continue
        line = ctx.key_line(article, "valid_until") or 1
        if since and since > until:
            yield Finding("expired", "error", ctx.shown(article), line,
                          f"valid_until {until} is before valid_from {since}: the article is never shown",
                          "swap the dates, or fix the year")
        elif until < ctx.day:
            shown = "it is no longer on the site" if hidden else "it is shown with an out-of-date notice"
            yield Finding("expired", "warning", ctx.shown(article), line, f"expired on {until}: {shown}",
                          "move valid_from / valid_until to the next season and update the text, or delete it")
        elif until <= soon and article.season(ctx.day) == "in":
            days = (until - ctx.day).days
            yield Finding("expiring", "info", ctx.shown(article), line,
                          f"expires on {until}, in {plural(days, 'day')}",
                          "prepare what replaces it (next season's dates, the regular policy), or extend valid_until")
