"""image-alt, headings, terminology."""

from __future__ import annotations

import re

from helpgen.audit.body_checks import glossary_patterns
from tests.audit.support import found

WORDS = " ".join(f"word{i}" for i in range(450))


def test_images_with_alt_text_are_fine_and_those_without_are_named_at_their_line(audit):
    result = audit(
        {
            "images/label.png": b"\x89PNG",
            "a.md": "# Labels\n\n![The return label](images/label.png)\n\n![](images/label.png)\n\n"
            '<img src="https://cdn.example.com/box.png" alt="">\n\nAnd again '
            "![](images/label.png)\n",
        }
    )
    assert found(result, "image-alt") == [
        ("warning", "content/a.md", 5, "image 'images/label.png' has no alt text"),
        ("warning", "content/a.md", 7, "image 'https://cdn.example.com/box.png' has no alt text"),
        ("warning", "content/a.md", 9, "image 'images/label.png' has no alt text"),
    ]


def test_a_long_article_needs_headings(audit):
    result = audit(
        {
            "wall.md": f"# Wall\n\n{WORDS}\n",
            "short.md": "# Short\n\nA few words.\n",
            "sections.md": f"# Sections\n\n## First part\n\n{WORDS}\n",
        }
    )
    assert found(result, "headings") == [
        (
            "warning",
            "content/wall.md",
            2,
            "450 words and no headings: readers cannot scan it or jump to their part",
        )
    ]
    assert (
        found(
            audit({"wall.md": f"# Wall\n\n{WORDS}\n"}, {"audit": {"long_article_words": 500}}),
            "headings",
        )
        == []
    )


def test_glossary_variants_are_flagged_in_prose_and_titles_but_not_in_code(audit):
    text = (
        "---\ntitle: Change your E-mail\n---\n\nWe send an e-mail.\n\n`e-mail` "
        "and\n\n```\nE-MAIL\n```\n\n"
        "Write to our e-mail or eMail address. Re-mail is another word; see /docs/e-mail/.\n"
    )
    result = audit(
        {"a.md": text, "b.md": "# Clean\n\nWe send an email to support@example.com.\n"},
        {"glossary": {"email": ["e-mail", "E-Mail", "eMail"], "SendGrid": ["Sendgrid"]}},
    )
    assert found(result, "terminology") == [
        (
            "warning",
            "content/a.md",
            2,
            "'E-mail, e-mail' (3 times, lines 2, 5, 13): the glossary says 'email'",
        ),
        ("warning", "content/a.md", 13, "'eMail' (once): the glossary says 'email'"),
    ]


def test_a_variant_differing_only_in_case_matches_that_case_only():
    ((preferred, pattern),) = glossary_patterns({"SendGrid": ["Sendgrid"]})
    assert pattern.findall("SendGrid, Sendgrid and sendgrid") == ["Sendgrid"]
    ((_, loose),) = glossary_patterns({"email": ["E-mail"]})
    assert loose.flags & re.IGNORECASE


def test_no_glossary_no_terminology_findings(audit):
    assert found(audit({"a.md": "# A\n\nAn e-mail.\n"}), "terminology") == []
