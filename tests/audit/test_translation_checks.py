"""untranslated: articles of the site's language missing, or outdated, in another language."""

from __future__ import annotations

from tests.audit.support import found


def page(title: str, lang: str | None = None, extra: str = "") -> str:
    head = f"title: {title}\n" + (f"lang: {lang}\n" if lang else "") + extra
    return f"---\n{head}---\n\nText.\n"


def test_with_one_language_nothing_is_reported(audit):
    assert found(audit({"a.md": page("Returns"), "b.md": page("Shipping")}), "untranslated") == []


def test_an_article_without_a_version_in_another_language_is_untranslated(audit):
    result = audit(
        {
            "returns.md": page("Returns"),
            "id/returns.md": page("Pengembalian", "id"),  # same path under the language's folder
            "shipping.md": page("Shipping", extra="id: ship\n"),
            "id/kirim.md": page("Pengiriman", "id", "id: ship\n"),  # same front matter id
            "gifts.md": page("Gifts"),
            "faq.id.md": page("Tanya jawab", "id"),  # a translation without its original
        }
    )
    assert found(result, "untranslated") == [
        ("warning", "content/gifts.md", 1, "no id version of this article")
    ]


def test_a_translation_older_than_its_original_is_outdated(audit):
    result = audit(
        {
            "returns.md": page("Returns", extra="updated: 2026-02-01\n"),
            "returns.id.md": page("Pengembalian", "id", "updated: 2025-11-01\n"),
        }
    )
    assert found(result, "untranslated") == [
        (
            "warning",
            "content/returns.id.md",
            4,
            "the id version was updated 2025-11-01, before the original (content/returns.md, "
            "2026-02-01)",
        )
    ]
