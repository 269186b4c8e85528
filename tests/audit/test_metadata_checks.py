"""title, description, duplicate-title, duplicate-question."""

from __future__ import annotations

from tests.audit.support import found

DESCRIPTION = "How to send an item back and when the refund reaches your account."


def page(title: str, description: str = DESCRIPTION, body: str = "Text.") -> str:
    return f"---\ntitle: {title}\ndescription: {description}\n---\n\n{body}\n"


def test_good_titles_and_descriptions_are_not_findings(audit):
    result = audit(
        {
            "a.md": page("Start a return"),
            "b.md": "# Track your order\n\n" + "Word " * 12 + "about tracking.\n",
        }
    )
    assert found(result, "title") == found(result, "description") == []


def test_a_title_from_the_file_name_or_over_title_max_is_reported(audit):
    long = "How to return an item you bought in our shop during a holiday"  # 61 characters
    result = audit(
        {
            "no-title.md": "Just text, no heading.\n",
            "long.md": page(long),
            "heading.md": "# A heading gives the title\n\nText.\n",
        }
    )
    assert found(result, "title") == [
        (
            "warning",
            "content/long.md",
            2,
            "title is 61 characters long (over 60): search results cut it off",
        ),
        (
            "warning",
            "content/no-title.md",
            1,
            "no title: the page is titled 'No title' after its file name",
        ),
    ]
    assert found(audit({"long.md": page(long)}, {"audit": {"title_max": 70}}), "title") == []


def test_descriptions_outside_the_range_or_missing_are_reported(audit):
    result = audit(
        {
            "short.md": page("Short", "Returns."),
            "derived.md": "# Derived\n\nShort first paragraph.\n",
            "empty.md": "# Empty\n\n## Only a heading\n",
        }
    )
    assert found(result, "description") == [
        (
            "warning",
            "content/derived.md",
            1,
            "description (taken from the first paragraph) is 22 characters long, outside 50–160",
        ),
        (
            "warning",
            "content/empty.md",
            1,
            "no description, and no first paragraph to take one from",
        ),
        ("warning", "content/short.md", 3, "description is 8 characters long, outside 50–160"),
    ]


def test_a_description_over_description_max_is_reported(audit):
    result = audit({"a.md": page("A", "x" * 161)})
    assert [m for *_, m in found(result, "description")] == [
        "description is 161 characters long, outside 50–160"
    ]


def test_articles_sharing_a_title_in_one_language_are_duplicates(audit):
    result = audit(
        {
            "a.md": page("Refunds"),
            "b/c.md": page("refunds!"),
            "d.md": page("Refund timing"),
            "e.md": "---\ntitle: Refunds\nlang: id\n---\n\nTeks.\n",
        }
    )
    assert found(result, "duplicate-title") == [
        ("warning", "content/a.md", 2, "title 'Refunds' is also the title of content/b/c.md"),
        ("warning", "content/b/c.md", 2, "title 'refunds!' is also the title of content/a.md"),
    ]


def test_one_question_answered_in_two_articles_is_a_duplicate(audit):
    faq = (
        "---\ntitle: Returns FAQ\ntype: faq\n---\n\n## Can I return a gift\n\nYes, within 30 "
        "days.\n\n## Who pays postage?\n\nWe do.\n"
    )
    article = (
        "# Gifts\n\nIntro.\n\n## Can I return a gift?\n\nYes, with the receipt.\n\n## How do "
        "I wrap it?\n\nIn paper.\n"
    )
    result = audit(
        {
            "faq.md": faq,
            "gifts.md": article,
            "other.md": "# Other\n\n## Who pays for exchanges?\n\nUs.\n",
        }
    )
    assert found(result, "duplicate-question") == [
        (
            "warning",
            "content/faq.md",
            6,
            "question 'Can I return a gift' is also answered in content/gifts.md",
        ),
        (
            "warning",
            "content/gifts.md",
            5,
            "question 'Can I return a gift?' is also answered in content/faq.md",
        ),
    ]
