"""`{{ variables }}`: defined ones replaced everywhere (code too); any other `{{ ... }}` left as
written, a warning (file:line) in prose and silent in code, where template examples live
(README.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from helpgen.content.variables import code_spans, format_value, resolve
from tests.helpers import messages, problem_lines, prose, read_page

VARS = {"store": "Acme", "days": 30}
UNKNOWN_HINT = "(hint: define it under `variables:` in helpgen.yml, or write \\{{ for a literal {{)"
LITERAL_HINT = "(hint: put template examples in `code`, or write \\{{ for a literal {{)"


def built_prose(
    tmp_path, make_site, build_site, markdown: str, variables=VARS
) -> tuple[str, list[str]]:
    make_site(tmp_path, {"a.md": markdown}, {"variables": variables})
    result = build_site(tmp_path)
    return prose(read_page(tmp_path / "site", "a/index.html")), messages(result)


# --- the pure function ----------------------------------------------------------------


def test_resolve_replaces_known_names_with_or_without_spaces():
    assert resolve("{{store}} / {{ store }} / {{   days }}", VARS, "a.md", 1) == (
        "Acme / Acme / 30",
        [],
    )


def test_resolve_reports_unknown_names_at_their_line_and_leaves_them():
    text, problems = resolve("one\ntwo {{ store }}\nthree {{ nope }}\n", VARS, "content/a.md", 10)
    assert text == "one\ntwo Acme\nthree {{ nope }}\n"
    assert [str(p) for p in problems] == [
        f"content/a.md:12: unknown variable 'nope' (defined: days, store) {UNKNOWN_HINT}",
    ]
    assert problems[0].severity == "warning" and problems[0].code == "unknown-variable"


def test_resolve_with_no_variables_defined():
    _, problems = resolve("{{ x }}", {}, "a.md", 1)
    assert [str(p) for p in problems] == [
        f"a.md:1: unknown variable 'x' (defined: none) {UNKNOWN_HINT}"
    ]


def test_backslash_writes_a_literal():
    assert resolve(r"Type \{{ store }} to get {{ store }}.", VARS, "a.md", 1) == (
        "Type {{ store }} to get Acme.",
        [],
    )


def test_template_syntax_in_prose_is_a_literal_braces_warning():
    text, problems = resolve("Use {{{unsubscribe}}} or {{#if x}} here.", VARS, "a.md", 3)
    assert text == "Use {{{unsubscribe}}} or {{#if x}} here."
    assert [str(p) for p in problems] == [
        f"a.md:3: '{{{{{{unsubscribe}}}}}}' is not a variable; it is left as written "
        f"{LITERAL_HINT}",
        f"a.md:3: '{{{{#if x}}}}' is not a variable; it is left as written {LITERAL_HINT}",
    ]
    assert {p.code for p in problems} == {"literal-braces"}


@pytest.mark.parametrize(
    "text",
    [  # unknown names in code: template examples, not ours
        "```\n{{ nope }}\n```\n",
        "~~~~ hbs\n{{ nope }}\n~~~~\n",
        "- item\n\n    ```\n    {{ nope }}\n    ```\n",
        "a `{{ nope }}` b",
        "a ``{{ nope }} ` x`` b",
        "<code>{{ nope }}</code>",
        "<pre class='x'>\n{{ nope }}\n</pre>",
        "<CODE>{{ nope }}</CODE>",
        "```\nnever closed\n{{ nope }}\n",
    ],
)
def test_unknown_names_in_code_are_left_alone_and_not_reported(text):
    assert resolve(text, VARS, "a.md", 1) == (text, [])


@pytest.mark.parametrize(
    "text, resolved",
    [
        ("```\nmail {{ store }} {{#if x}}\n```\n", "```\nmail Acme {{#if x}}\n```\n"),
        ("a `{{store}}` b", "a `Acme` b"),
        ("<pre>{{ days }} {{ nope }}</pre>", "<pre>30 {{ nope }}</pre>"),
    ],
)
def test_defined_variables_are_replaced_in_code_too(text, resolved):
    assert resolve(text, VARS, "a.md", 1) == (resolved, [])


def test_backslash_in_code_is_just_text():
    text = "```\n\\{{ store }} \\{{ nope }}\n```\n"
    assert resolve(text, VARS, "a.md", 1) == (text, [])


def test_a_fence_closes_only_with_the_same_character_and_enough_of_them():
    text = "````\n```\n{{ a }}\n~~~~\n{{ b }}\n````\n{{ store }}\n"
    assert resolve(text, VARS, "a.md", 1) == (text.replace("{{ store }}", "Acme"), [])


def test_inline_code_written_with_three_backticks_does_not_open_a_fence():
    text, problems = resolve("```label.text = x;```\n\n{{ store }}\n", VARS, "a.md", 1)
    assert (text, problems) == ("```label.text = x;```\n\nAcme\n", [])


def test_unknown_name_in_an_indented_code_block_is_not_reported():
    text = "Example:\n\n    Hello {{ name }}\n\nDone.\n"
    assert resolve(text, VARS, "a.md", 1) == (text, [])


@pytest.mark.parametrize(
    "text, line",
    [
        ("- item\n\n    continued {{ nope }}\n", 3),
        ("!!! note\n    {{ nope }}\n", 2),
        ('??? note "More"\n\n    {{ nope }}\n', 3),
        ("1. one\n\n    two {{ nope }}\n\nAfter\n\n    {{ code }}\n", 3),
        ("Para\n    {{ nope }}\n", 2),  # a lazy continuation line, not code
    ],
)
def test_indented_text_inside_containers_is_prose(text, line):
    _, problems = resolve(text, {}, "a.md", 1)
    assert [(p.line, p.code) for p in problems] == [(line, "unknown-variable")]


def test_code_spans_are_merged_and_sorted():
    text = "`a` <code>`b`</code>\n```\nx\n```\n"
    assert code_spans(text) == [
        (0, 3),
        (4, 20),
        (21, len(text)),
    ]  # the `b` inside <code> is merged into it


@pytest.mark.parametrize(
    "value, shown",
    [
        ("Acme", "Acme"),
        (30, "30"),
        (2.5, "2.5"),
        (True, "yes"),
        (False, "no"),
        (dt.date(2026, 3, 31), "2026-03-31"),
        (["EU", "US", 3], "EU, US, 3"),
    ],
)
def test_format_value(value, shown):
    assert format_value(value) == shown


# --- in built pages -------------------------------------------------------------------


def test_replaced_in_text_lists_tables_headings_and_admonitions(tmp_path, make_site, build_site):
    body, problems = built_prose(
        tmp_path,
        make_site,
        build_site,
        (
            "Shop at {{ store }}.\n\n"
            "- within {{ days }} days\n- at **{{store}}**\n\n"
            "| shop | days |\n|---|---|\n| {{ store }} | {{ days }} |\n\n"
            "## About {{ store }}\n\n"
            '!!! note "{{ store }} says"\n    Returns take {{ days }} days.\n'
        ),
    )
    assert problems == []
    assert "{{" not in body
    assert "<p>Shop at Acme.</p>" in body
    assert "<li>within 30 days</li>\n<li>at <strong>Acme</strong></li>" in body
    assert "<td>Acme</td>\n<td>30</td>" in body
    assert '<h2 id="about-acme">About Acme' in body
    assert '<p class="admonition-title">Acme says</p>\n<p>Returns take 30 days.</p>' in body


def test_code_in_the_page(tmp_path, make_site, build_site):
    body, problems = built_prose(
        tmp_path,
        make_site,
        build_site,
        (
            "```text\nHello {{ store }} {{ nope }} {{{raw}}}\n```\n\n"
            "Inline `{{ nope }}` and <code>{{ store }}</code>.\n\n"
            "<pre>{{ nope }}</pre>\n"
        ),
    )
    assert problems == []
    assert "<code>Hello Acme {{ nope }} {{{raw}}}\n</code>" in body
    assert "Inline <code>{{ nope }}</code> and <code>Acme</code>." in body
    assert "<pre>{{ nope }}</pre>" in body


def test_unknown_variable_in_a_page_is_left_as_written(tmp_path, make_site, build_site):
    body, problems = built_prose(
        tmp_path,
        make_site,
        build_site,
        "---\ntitle: T\n---\n\nFirst {{ store }}.\n\nCall {{ phone }} now.\n",
    )
    assert body == "<p>First Acme.</p>\n<p>Call {{ phone }} now.</p>"
    assert problems == [
        f"content/a.md:7: unknown variable 'phone' (defined: days, store) {UNKNOWN_HINT}"
    ]


def test_backslash_literal_in_a_page(tmp_path, make_site, build_site):
    body, problems = built_prose(
        tmp_path, make_site, build_site, "Write \\{{ store }} in your template.\n"
    )
    assert body == "<p>Write {{ store }} in your template.</p>"
    assert problems == []


def test_variables_in_title_and_description(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "a.md": "---\ntitle: Returns at {{ store }}\ndescription: '{{ days }} days, {{ oops "
            "}}'\n---\nB\n"
        },
        {"variables": VARS},
    )
    result = build_site(tmp_path)
    article = result.site.by_source["a.md"]
    assert (article.title, article.description) == ("Returns at Acme", "30 days, {{ oops }}")
    assert messages(result) == [
        f"content/a.md:3: unknown variable 'oops' (defined: days, store) {UNKNOWN_HINT}"
    ]
    assert "<title>Returns at Acme | Test Help</title>" in read_page(
        tmp_path / "site", "a/index.html"
    )


def test_variable_values_of_every_type_in_a_page(tmp_path, make_site, build_site):
    body, _ = built_prose(
        tmp_path,
        make_site,
        build_site,
        "{{ regions }}; {{ express }}; {{ since }}",
        {"regions": ["EU", "US"], "express": True, "since": "2020-01-01"},
    )
    assert body == "<p>EU, US; yes; 2020-01-01</p>"


def test_unknown_variable_cli_warning(tmp_path, make_site, run_cli):
    make_site(
        tmp_path,
        {"returns/refunds.md": "# Refunds\n\nWithin {{ return_window }} days.\n"},
        {"variables": {"store_name": "Acme", "support_email": "help@acme.example"}},
    )
    code, _, err = run_cli("build", tmp_path)
    assert (code, problem_lines(err)) == (
        0,
        [
            "warning: content/returns/refunds.md:3: unknown variable 'return_window' (defined: "
            "store_name, support_email) " + UNKNOWN_HINT,
        ],
    )
    assert "Within {{ return_window }} days." in read_page(
        tmp_path / "site", "returns/refunds/index.html"
    )


def test_unknown_variable_fails_a_strict_build(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "Hi {{ nope }}\n"})
    result = build_site(tmp_path, strict=True)
    assert not result.written
    assert messages(result) == [
        f"content/a.md:1: unknown variable 'nope' (defined: none) {UNKNOWN_HINT}"
    ]
    assert not (tmp_path / "site").exists()


def test_repeated_warnings_are_folded_unless_verbose(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "".join(f"{{{{ v{i} }}}}\n\n" for i in range(25))})
    code, _, err = run_cli("build", tmp_path)
    assert code == 0
    lines = problem_lines(err)
    assert len(lines) == 20
    assert (
        lines[0] == f"warning: content/a.md:1: unknown variable 'v0' (defined: none) {UNKNOWN_HINT}"
    )
    assert (
        "... and 5 more 'unknown-variable' warnings (use --verbose to list them all)"
        in err.splitlines()
    )
    code, _, err = run_cli("build", tmp_path, "--verbose")
    assert len(problem_lines(err)) == 25
    assert (
        problem_lines(err)[-1]
        == f"warning: content/a.md:49: unknown variable 'v24' (defined: none) {UNKNOWN_HINT}"
    )


# --- typos of defined names -----------------------------------------------------------

TYPO = "unknown variable 'reply_hours': did you mean 'reply_hour'?"
TYPO_HINT = (
    "(hint: write {{ reply_hour }}, or define 'reply_hours' under `variables:` in helpgen.yml)"
)


def test_a_typo_of_a_defined_variable_is_an_error_with_did_you_mean():
    text = "Hi\nWe answer within {{ reply_hours }} hours.\n"
    resolved, problems = resolve(text, {"reply_hour": 4}, "content/a.md", 7)
    assert resolved == text
    assert [(str(p), p.severity, p.code) for p in problems] == [
        (f"content/a.md:8: {TYPO} {TYPO_HINT}", "error", "unknown-variable")
    ]


@pytest.mark.parametrize(
    "text, variables",
    [
        ("Hello {{ name }}", {"store_name": "Acme"}),  # far from every defined name: an example
        ("{{ id }}", {"ip": "x"}),  # two letters: one edit away from too much
        ("{{ url }}", {"user": "x"}),
        ("{{{reply_hour}}}", {"reply_hour": 4}),  # triple braces are Handlebars, never ours
        ("```\n{{ reply_hours }}\n```\n", {"reply_hour": 4}),  # code: untouched and unreported
        ("`{{ reply_hours }}`", {"reply_hour": 4}),
    ],
)
def test_names_that_are_not_typos_stay_warnings_or_silent(text, variables):
    _, problems = resolve(text, variables, "a.md", 1)
    assert [p.severity for p in problems] == (["warning"] if "`" not in text else [])


def test_a_typo_fails_the_build_and_reaches_no_output(tmp_path, make_site, run_cli):
    make_site(
        tmp_path,
        {"contact.md": "# Contact\n\nWe answer within 4 hours.\n"},
        {"variables": {"reply_hour": 4}},
    )
    assert run_cli("build", tmp_path)[0] == 0
    (tmp_path / "content/contact.md").write_text(
        "# Contact\n\nWe answer within {{ reply_hours }} hours.\n"
    )
    code, _, err = run_cli("build", tmp_path)
    assert problem_lines(err) == [f"error: content/contact.md:3: {TYPO} {TYPO_HINT}"]
    assert code == 1
    site = tmp_path / "site"
    for name in ("contact/index.html", "llms-full.txt", "articles.jsonl"):
        assert "reply_hours" not in read_page(site, name), name


def test_a_typo_is_never_folded_among_unknown_names(tmp_path, make_site, run_cli):
    many = "".join(f"{{{{ v{i} }}}}\n\n" for i in range(25))
    make_site(tmp_path, {"a.md": many + "{{ reply_hours }}\n"}, {"variables": {"reply_hour": 4}})
    code, _, err = run_cli("build", tmp_path)
    assert code == 1
    assert f"error: content/a.md:51: {TYPO} {TYPO_HINT}" in problem_lines(err)


# --- Liquid/Jinja tags ----------------------------------------------------------------

TAG = "is a Liquid/Jinja tag; it is left as text"
TAG_HINT = (
    "(hint: helpgen does not run Liquid/Jinja tags: remove it, or put it in `code` to show it)"
)


def test_liquid_and_jinja_tags_in_prose_are_one_warning_each_at_their_line():
    text = '{% hint style="info" %}\nRefunds take {{ days }} days.\n{% endhint %} {# todo #}\n'
    resolved, problems = resolve(text, VARS, "content/a.md", 5)
    assert resolved == text.replace("{{ days }}", "30")
    assert [str(p) for p in problems] == [
        f"content/a.md:5: '{{% hint style=\"info\" %}}' {TAG} {TAG_HINT}",
        f"content/a.md:7: '{{% endhint %}}' {TAG} {TAG_HINT}",
        f"content/a.md:7: '{{# todo #}}' {TAG} {TAG_HINT}",
    ]
    assert {(p.severity, p.code) for p in problems} == {("warning", "template-tag")}


@pytest.mark.parametrize(
    "text",
    [
        "```liquid\n{% if x %}\n```\n",
        "a `{% raw %}` b",
        "<code>{% if %}</code>",
        "\\{% raw %} on purpose",
        "{#intro} and {: .lead } are attribute lists",
    ],
)
def test_tags_in_code_escaped_tags_and_attribute_lists_are_not_reported(text):
    assert resolve(text, VARS, "a.md", 1) == (text, [])
