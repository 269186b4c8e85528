"""Read a Zendesk Help Center export: articles, sections and categories, per locale.

Accepted shapes, all as the Help Center API returns them:
- `{"articles": [...], "sections": [...], "categories": [...]}` (e.g.
  `articles.json?include=sections,categories`, or pages of several endpoints merged);
  `translations` sideloaded in an article become records of their own locale;
- a list of articles alone (their section and category then unknown).

The same id in several locales is one article translated (Zendesk keeps one id).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from helpgen.errors import ConfigError

MAX_EXPORT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class ZdItem:
    """An article, section or category in one locale."""

    id: int
    locale: str
    """Lowercase, as in URLs: `en-us`, `de`."""
    title: str
    body: str = ""
    html_url: str = ""
    parent: int | None = None
    """An article's section, a section's category."""
    parent_section: int | None = None
    position: int = 0
    labels: tuple[str, ...] = ()
    draft: bool = False
    restricted: bool = False
    """Visible only to a user segment in Zendesk (signed-in users, agents)."""
    updated: str | None = None
    description: str = ""


@dataclass
class ZdExport:
    articles: list[ZdItem]
    sections: dict[tuple[int, str], ZdItem]
    categories: dict[tuple[int, str], ZdItem]


def read_export(path: Path) -> ZdExport:
    """Parse the export file; a ConfigError says what is wrong with it and where."""
    if path.stat().st_size > MAX_EXPORT_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_EXPORT_BYTES // 2**20} MiB; split the export")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text (hint: save the export as UTF-8 JSON)") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    if isinstance(data, list):
        data = {"articles": data}
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise ConfigError(
            f'{path}: expected a JSON object with an "articles" list, or a list of articles '
            "(hint: export /api/v2/help_center/articles.json?include=sections,categories)"
        )
    articles = [a for raw in data["articles"] for a in _article_records(raw, path)]
    return ZdExport(
        articles,
        _by_key(data.get("sections"), path, "sections"),
        _by_key(data.get("categories"), path, "categories"),
    )


def _article_records(raw: object, path: Path) -> list[ZdItem]:
    """The article, and one record per sideloaded translation in another locale."""
    first = _item(raw, path, "articles")
    records = [first]
    if not isinstance(raw, dict):  # not reached: _item refuses anything but a dict
        return records
    for translation in raw.get("translations") or []:
        if (
            isinstance(translation, dict)
            and str(translation.get("locale", "")).lower() != first.locale
        ):
            records.append(_item({**raw, **translation, "id": raw.get("id")}, path, "articles"))
    return records


def _item(raw: object, path: Path, kind: str) -> ZdItem:
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("id"), int)
        or not (raw.get("title") or raw.get("name"))
    ):
        raise ConfigError(
            f'{path}: {kind}: every entry needs a numeric "id" and a "title" or "name" '
            f"(found {str(raw)[:80]!r})"
        )
    parent = raw.get("section_id") if kind == "articles" else raw.get("category_id")
    return ZdItem(
        id=raw["id"],
        locale=str(raw.get("locale") or raw.get("source_locale") or "en-us").lower(),
        title=str(raw.get("title") or raw.get("name")).strip(),
        body=str(raw.get("body") or ""),
        html_url=str(raw.get("html_url") or ""),
        parent=parent if isinstance(parent, int) else None,
        parent_section=raw.get("parent_section_id")
        if isinstance(raw.get("parent_section_id"), int)
        else None,
        position=position if isinstance(position := raw.get("position"), int) else 0,
        labels=tuple(str(x) for x in raw.get("label_names") or () if str(x).strip()),
        draft=raw.get("draft") is True,
        restricted=raw.get("user_segment_id") is not None,
        updated=str(raw.get("edited_at") or raw.get("updated_at") or "")[:10] or None,
        description=str(raw.get("description") or ""),
    )


def _by_key(raw: object, path: Path, kind: str) -> dict[tuple[int, str], ZdItem]:
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise ConfigError(f'{path}: "{kind}" must be a list')
    items = [_item(r, path, kind) for r in raw]
    return {(i.id, i.locale): i for i in items}
