"""front-matter, variables, content: the build's own loading problems, reported by the audit."""

from __future__ import annotations

from tests.audit.support import found, hints

CLEAN = {
    "a.md": "---\ntitle: Returns\nupdated: 2026-02-01\n---\n\nSend it back within {{ days }} days. "
    "`{{ not_a_var }}`\n"
}


def test_a_clean_article_has_no_source_findings(audit):
    result = audit(CLEAN, {"variables": {"days": 30}})
    assert [f for f in result.findings if f.check in ("front-matter", "variables", "content")] == []


def test_front_matter_problems_keep_the_builds_text_and_line(audit):
    result = audit(
        {
            "a.md": "---\ntitle: Returns\nupdated: next week\n---\n\nText.\n",
            "b.md": "--\ntitle: Two dashes\n---\n\nText.\n",
        }
    )
    assert found(result, "front-matter") == [
        (
            "warning",
            "content/a.md",
            3,
            "front matter: 'updated': expected a date like 2026-03-31, got 'next week'",
        ),
        ("warning", "content/b.md", 1, "front matter: opening line is '--', expected '---'"),
    ]
    assert hints(result, "front-matter")[1] == "write exactly three dashes"


def test_a_mistyped_audience_is_an_error(audit):
    result = audit({"a.md": "---\naudience: staff\n---\n\nText.\n"})
    assert found(result, "front-matter") == [
        (
            "error",
            "content/a.md",
            2,
            "front matter: 'audience': expected public or internal, got 'staff'",
        )
    ]


def test_unknown_variables_are_named_with_their_line(audit):
    result = audit(
        {"a.md": "# Returns\n\nWithin {{ days }} days.\n\nAt {{ store }}.\n"},
        {"variables": {"shop": "Acme"}},
    )
    assert found(result, "variables") == [
        ("warning", "content/a.md", 3, "unknown variable 'days' (defined: shop)"),
        ("warning", "content/a.md", 5, "unknown variable 'store' (defined: shop)"),
    ]


def test_a_file_that_is_not_utf8_is_a_content_error(audit):
    result = audit({"b.md": b"# Caf\xe9\n", **CLEAN}, {"variables": {"days": 30}})
    assert found(result, "content") == [
        ("error", "content/b.md", 1, "not UTF-8 text (byte 5 is 0xe9)")
    ]


def test_front_matter_that_is_not_yaml_is_an_error_as_in_the_build(audit):
    result = audit({"a.md": "---\ntitle: Refunds\ntags: [refunds, money back\n---\n\nText.\n"})
    assert found(result, "front-matter") == [
        ("error", "content/a.md", 3, "front matter: the list opened with '[' here is not closed")
    ]


def test_a_typo_is_a_variables_error_and_a_liquid_tag_a_variables_warning(audit):
    result = audit(
        {"a.md": "# Returns\n\nWithin {{ dayz }} days.\n{% endhint %}\n"},
        {"variables": {"days": 30}},
    )
    assert found(result, "variables") == [
        ("error", "content/a.md", 3, "unknown variable 'dayz': did you mean 'days'?"),
        ("warning", "content/a.md", 4, "'{% endhint %}' is a Liquid/Jinja tag; it is left as text"),
    ]
