"""Where each record of a Zendesk export goes under content_dir.

Folders are slugs of the default locale's category and section names (sub-sections nest);
a translation goes under `<locale>/` with the same folders and file name, so an article
and its translations share their path inside each language's tree. Each folder gets a
`_category.yml` (its own locale's name, Zendesk's position as order).
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from helpgen.content.urls import slugify
from helpgen.migrate.zendesk_export import ZdExport, ZdItem

UNSORTED = "articles"
"""Folder of articles whose section the export does not have."""


class Layout:
    """Where each record goes: folders from category and section slugs, files from title slugs."""

    def __init__(self, data: ZdExport, default: str, trees: Set[str] = frozenset()):
        """`trees`: locales that are language trees of the site (`languages`): their top folder
        is no category, so it gets no `_category.yml`."""
        self.data, self.default, self.trees = data, default, trees
        self.folders: dict[str, tuple[str, int]] = {}
        """`_category.yml` content by folder under content_dir: (title, order)."""
        self.moved: dict[str, str] = {}
        """Old URL path of each section and category -> its new folder (they get no redirect
        page)."""
        self.slugs: dict[int, str] = {}
        self._taken: set[str] = set()

    def named(self, table: dict, item_id: int, locale: str) -> ZdItem | None:
        """The record in `locale`, else in the default locale, else in any."""
        return (
            table.get((item_id, locale))
            or table.get((item_id, self.default))
            or next((v for (i, _), v in sorted(table.items()) if i == item_id), None)
        )

    def folder(self, section_id: int | None, locale: str) -> PurePosixPath:
        """Category/section(/sub-section) folder of a section, its `_category.yml` noted."""
        section = (
            self.named(self.data.sections, section_id, locale) if section_id is not None else None
        )
        if section is None:
            return self._category(None, locale) / UNSORTED
        parent = (
            self.folder(section.parent_section, locale)
            if section.parent_section
            else self._category(section.parent, locale)
        )
        return self._noted(parent / self._slug_of(self.data.sections, section), section)

    def _category(self, category_id: int | None, locale: str) -> PurePosixPath:
        category = (
            self.named(self.data.categories, category_id, locale)
            if category_id is not None
            else None
        )
        prefix = PurePosixPath(locale) if locale != self.default else PurePosixPath()
        if (
            locale != self.default and locale not in self.trees
        ):  # a category after the default's ones
            self.folders.setdefault(locale, (locale, 1000))
        if category is None:
            return prefix
        return self._noted(prefix / self._slug_of(self.data.categories, category), category)

    def _slug_of(self, table: dict, item: ZdItem) -> str:
        base = self.named(table, item.id, self.default) or item
        return slugify(base.title) or str(item.id)

    def _noted(self, folder: PurePosixPath, item: ZdItem) -> PurePosixPath:
        self.folders.setdefault(folder.as_posix(), (item.title, item.position))
        if item.html_url:
            self.moved.setdefault(unquote(urlsplit(item.html_url).path), folder.as_posix())
        return folder

    def slug(self, item: ZdItem) -> str:
        """One slug per article id, from its default-locale title, unique within its folder."""
        if item.id not in self.slugs:
            base = next(
                (a for a in self.data.articles if a.id == item.id and a.locale == self.default),
                item,
            )
            slug = slugify(base.title) or str(item.id)
            folder = self.folder(base.parent, self.default).as_posix()
            if f"{folder}/{slug}" in self._taken:
                slug = f"{slug}-{item.id}"
            self._taken.add(f"{folder}/{slug}")
            self.slugs[item.id] = slug
        return self.slugs[item.id]

    def source(self, item: ZdItem) -> str:
        return (self.folder(item.parent, item.locale) / f"{self.slug(item)}.md").as_posix()

    def source_for(self, article_id: int, locale: str) -> str | None:
        """The new source of an article in `locale` (else the default locale), for links."""
        match = next(
            (a for a in self.data.articles if a.id == article_id and a.locale == locale), None
        ) or next(
            (a for a in self.data.articles if a.id == article_id and a.locale == self.default), None
        )
        return self.source(match) if match else None
