"""Checks of what readers told us: articles voted unhelpful, searches that found nothing.

Both read the store `helpgen serve` writes (helpgen.store); without one yet,
the audit notes that these checks had nothing to read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from helpgen.analytics.helpfulness import compute_stats, wilson_lower_bound
from helpgen.audit.context import AuditContext
from helpgen.audit.finding import Finding, plural
from helpgen.store import Store, StoreError, open_store, project_location


def check_feedback(ctx: AuditContext) -> Iterator[Finding]:
    """low-helpfulness, zero-result-search: from the votes and searches of the last
    `audit.feedback_days`."""
    figures = _figures(ctx)
    if figures is None:
        return
    yield from _unhelpful(ctx, figures["articles"])
    for query in figures["zero_result_queries"][: ctx.audit.zero_result_searches]:
        yield Finding(
            "zero-result-search",
            "info",
            None,
            None,
            f"'{query['query']}' was searched {plural(query['count'], 'time')} and found nothing",
            "answer it in an article (in the words customers use), or add a synonym under "
            "`search.synonyms`",
        )


def _figures(ctx: AuditContext) -> dict | None:
    location = project_location(ctx.project)
    shown = location.shown
    if not Store(location).exists():
        ctx.notes.append(
            f"no feedback store at {shown} yet (`helpgen serve` writes it): "
            "helpfulness and searches were not checked"
        )
        return None
    days = ctx.audit.feedback_days
    since = ctx.day - dt.timedelta(days=days) if days else None
    try:
        store = open_store(location)
        try:
            with store.reading() as connection:
                return compute_stats(connection, since)
        finally:
            store.close()
    except StoreError as exc:
        ctx.notes.append(
            f"{shown}: the feedback store cannot be read ({exc.problems[0].message}): helpfulness "
            "and searches were not checked"
        )
        return None


def _unhelpful(ctx: AuditContext, figures: list[dict]) -> Iterator[Finding]:
    by_id = {a.id: a for a in ctx.site.articles}
    threshold, needed = ctx.audit.helpfulness_threshold, ctx.audit.min_votes
    for row in figures:
        article = by_id.get(row["id"])
        bound = wilson_lower_bound(row["yes"], row["votes"])
        if article is None or row["votes"] < needed or bound >= threshold:
            continue
        yield Finding(
            "low-helpfulness",
            "warning",
            ctx.shown(article),
            1,
            f"{row['yes']} of {row['votes']} readers found it helpful ({row['helpful_pct']:g}%; "
            f"Wilson lower bound {bound:.2f}, under {threshold:.2f})",
            _what_readers_said(row),
        )


def _what_readers_said(row: dict) -> str:
    reasons = ", ".join(f"{reason} ({count})" for reason, count in list(row["reasons"].items())[:3])
    said = f"readers said: {reasons}; " if reasons else ""
    comment = row["comments"][0]["comment"] if row["comments"] else None
    latest = f'latest comment: "{comment[:120]}"; ' if comment else ""
    return f"{said}{latest}rewrite what they found lacking (`helpgen stats` lists every comment)"
