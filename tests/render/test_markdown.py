"""Markdown features, checked like Python-Markdown's `assertMarkdownRenders(source, expected)`.

`render_markdown` is a pure function of an Article: these tests give it real Articles and
compare the exact HTML (internal links still as `helpgen:` markers, resolved at assembly).
"""

from __future__ import annotations

import re
from textwrap import dedent

import pytest

from helpgen.content import Article
from helpgen.render.markdown import EXTENSIONS, OPTIONAL, render_markdown
from tests.helpers import messages, prose, read_page


def render(source: str, path: str = "guide/a.md"):
    article = Article(
        source=path,
        id=path[:-3],
        url=path[:-3] + "/",
        lang="en",
        title="T",
        body=dedent(source),
        body_line=1,
        category=tuple(path.split("/")[:-1]),
    )
    rendered, problems = render_markdown(article, f"content/{path}")
    assert problems == []
    return rendered


def assert_renders(source: str, expected: str) -> None:
    assert render(source).html == dedent(expected).strip("\n")


def test_table():
    assert_renders(
        """
        | Plan | Days |
        |:-----|-----:|
        | Free | 30   |
    """,
        """
        <table>
        <thead>
        <tr>
        <th style="text-align: left;">Plan</th>
        <th style="text-align: right;">Days</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td style="text-align: left;">Free</td>
        <td style="text-align: right;">30</td>
        </tr>
        </tbody>
        </table>
    """,
    )


def test_admonitions():
    assert_renders(
        """
        !!! warning "Careful"
            Hot *stuff*.

        !!! tip
            Plain.
    """,
        """
        <div class="admonition warning">
        <p class="admonition-title">Careful</p>
        <p>Hot <em>stuff</em>.</p>
        </div>
        <div class="admonition tip">
        <p class="admonition-title">Tip</p>
        <p>Plain.</p>
        </div>
    """,
    )


def test_details_closed_and_open():
    assert_renders(
        """
        ??? question "Why?"
            Because.

        ???+ note "Open"
            Shown.
    """,
        """
        <details class="question">
        <summary>Why?</summary>
        <p>Because.</p>
        </details>
        <details class="note" open>
        <summary>Open</summary>
        <p>Shown.</p>
        </details>
    """,
    )


def test_tabs():
    html = render("""
        === "Mac"
            Press ++cmd++

        === "Windows"
            Press Ctrl
    """).html
    assert html.startswith(
        '<div class="tabbed-set tabbed-alternate" data-tabs="1:2">'
        '<input checked id="__tabbed_1_1" name="__tabbed_1" type="radio">'
        '<input id="__tabbed_1_2" name="__tabbed_1" type="radio">'
        '<div class="tabbed-labels"><label for="__tabbed_1_1">Mac</label>'
        '<label for="__tabbed_1_2">Windows</label></div>'
    )
    assert '<div class="tabbed-block">\n<p>Press Ctrl</p>\n</div>' in html


def test_tab_ids_restart_in_every_article():
    first = render('=== "A"\n    a\n').html
    second = render('=== "B"\n    b\n').html
    assert 'id="__tabbed_1_1"' in first and 'id="__tabbed_1_1"' in second


def test_attr_list():
    assert_renders(
        """
        ## Ship it {: #ship .big }

        Para
        {: .lead data-x="1" }

        [link](https://shop.example){: target="_blank" }
    """,
        '<h2 class="big" id="ship">Ship it'
        '<a class="headerlink" href="#ship" title="Link to this section">#</a></h2>\n'
        '<p class="lead" data-x="1">Para</p>\n'
        '<p><a href="https://shop.example" target="_blank">link</a></p>',
    )


def test_markdown_inside_a_custom_element():
    assert_renders(
        """
        <call-out type="warning">
        **Bold** and [a link](b.md).

        - item
        </call-out>

        <call-out>

        Para

        </call-out>
    """,
        """
        <call-out type="warning">
        <p><strong>Bold</strong> and <a href="helpgen:src:guide/b.md">a link</a>.</p>
        <ul>
        <li>item</li>
        </ul>
        </call-out>
        <call-out>
        <p>Para</p>
        </call-out>
    """,
    )


def test_custom_element_named_in_code_is_left_as_code():
    assert_renders(
        """
        ```html
        <call-out>**not bold**</call-out>
        ```
    """,
        '<div class="language-html highlight"><pre><span></span><code>'
        '<span class="p">&lt;</span><span class="nt">call-out</span><span class="p">&gt;</span>'
        "**not bold**"
        '<span class="p">&lt;/</span><span class="nt">call-out</span><span class="p">&gt;</span>\n'
        "</code></pre></div>",
    )


def test_custom_element_with_explicit_markdown_attribute_is_not_doubled():
    html = render('<call-out markdown="1">\n*x*\n</call-out>\n').html
    assert html == "<call-out>\n<p><em>x</em></p>\n</call-out>"


def test_fenced_code_is_highlighted_with_classes_and_no_script():
    rendered = render("""
        ```python
        def f():
            return "<b>"
        ```

        Inline `#!python print(1)` too.
    """)
    assert rendered.html == (
        '<div class="language-python highlight"><pre><span></span><code><span class="k">def</span>'
        '<span class="w"> </span><span class="nf">f</span><span class="p">():</span>\n'
        '    <span class="k">return</span> <span '
        'class="s2">"&lt;b&gt;"</span>\n</code></pre></div>\n'
        '<p>Inline <code class="language-python highlight"><span class="nb">print</span><span '
        'class="p">(</span>'
        '<span class="mi">1</span><span class="p">)</span></code> too.</p>'
    )
    assert "<script" not in rendered.html and not re.search(r"\son\w+=", rendered.html)
    assert "style=" not in rendered.html


def test_unknown_language_is_plain_escaped_code():
    assert_renders(
        """
        ```handlebars-ish
        {{#if a}}<p>{{b}}</p>{{/if}}
        ```
    """,
        '<div class="language-text highlight"><pre><span></span><code>'
        "{{#if a}}&lt;p&gt;{{b}}&lt;/p&gt;{{/if}}\n"
        "</code></pre></div>",
    )


def test_heading_anchors_toc_and_headings():
    rendered = render("""
        ## Second level

        ### Third & more

        ## Second level
    """)
    assert rendered.html == (
        '<h2 id="second-level">Second level<a class="headerlink" href="#second-level" title="Link '
        'to this section">#</a></h2>\n'
        '<h3 id="third-more">Third &amp; more<a class="headerlink" href="#third-more" title="Link '
        'to this section">#</a></h3>\n'
        '<h2 id="second-level_1">Second level<a class="headerlink" href="#second-level_1" '
        'title="Link to this section">#</a></h2>'
    )
    assert rendered.anchors == {"second-level", "third-more", "second-level_1"}
    assert rendered.headings == (
        (2, "second-level", "Second level"),
        (3, "third-more", "Third & more"),
        (2, "second-level_1", "Second level"),
    )
    assert [(t.id, [c.id for c in t.children]) for t in rendered.toc] == [
        ("second-level", ["third-more"]),
        ("second-level_1", []),
    ]


def test_footnotes_do_not_leak_into_the_next_article():
    first = render("Text[^1].\n\n[^1]: The note.\n").html
    assert '<li id="fn:1">' in first and "The note." in first
    assert render("Other text.\n").html == "<p>Other text.</p>"


def test_links_become_markers_for_internal_targets_only():
    assert_renders(
        "[b](b.md#sec) [cat](../other/) [abs](/x/y/) [f](file.pdf) ![i](../img/p.png) "
        "[ext](https://e.example/a.md) [mail](mailto:a@b.example) [in](#here) [up](../../out.md)\n",
        '<p><a href="helpgen:src:guide/b.md#sec">b</a> <a href="helpgen:url:other">cat</a> <a '
        'href="helpgen:url:x/y/">abs</a> '
        '<a href="helpgen:url:guide/file.pdf">f</a> <img alt="i" src="helpgen:asset:img/p.png"> '
        '<a href="https://e.example/a.md">ext</a> <a href="mailto:a@b.example">mail</a> <a '
        'href="#here">in</a> '
        '<a href="../../out.md">up</a></p>',
    )


def test_summary_and_text():
    rendered = render("""
        !!! note
            Not the summary.

        The *first* paragraph.

        - not this
    """)
    assert rendered.summary == "The first paragraph."
    assert rendered.text == "Note\nNot the summary.\nThe first paragraph.\nnot this"
    assert rendered.words == 9


@pytest.mark.parametrize(
    "inline",
    ["`mail` and `<a>` tags &amp; more", "`#!python mail` and `<a>` tags &amp; more"],
    ids=["plain-code", "highlighted-code"],
)
def test_summary_keeps_inline_code_as_text(inline):
    """Both converters (with and without the optional extensions) give the same summary, code
    included."""
    rendered = render(f"Use {inline}.\n\n~~Second~~ paragraph.\n")
    assert rendered.summary == "Use mail and <a> tags & more."


@pytest.mark.parametrize(
    "extension, source, expected",
    [
        (
            "abbr",
            "*[HTML]: Hyper Text Markup Language\n\nHTML pages.\n",
            '<abbr title="Hyper Text Markup Language">HTML</abbr>',
        ),
        (
            "def_list",
            "Refund\n:   Money back.\n",
            "<dl>\n<dt>Refund</dt>\n<dd>Money back.</dd>\n</dl>",
        ),
        ("footnotes", "Text[^1].\n\n[^1]: A note.\n", 'class="footnote"'),
        ("admonition", "!!! note\n    Body.\n", '<div class="admonition note">'),
        ("pymdownx.details", '??? note "Why"\n    Body.\n', '<details class="note">'),
        (
            "pymdownx.tabbed",
            '=== "One"\n    A\n\n=== "Two"\n    B\n',
            'class="tabbed-set tabbed-alternate"',
        ),
        (
            "pymdownx.inlinehilite",
            "Run `#!python print(1)` now.\n",
            '<code class="language-python highlight"><span class="nb">print</span>',
        ),
        ("pymdownx.tasklist", "- [x] done\n- [ ] to do\n", 'class="task-list-item"'),
        ("pymdownx.mark", "A ==marked== word.\n", "<mark>marked</mark>"),
        ("pymdownx.tilde", "A ~~gone~~ word.\n", "<del>gone</del>"),
        ("def_list", "- item\n\n    Refund\n    :   Money back.\n", "<dt>Refund</dt>"),
        ("def_list", "> Refund\n> :   Money back.\n", "<blockquote>\n<dl>"),
        ("admonition", "> !!! note\n>     Body.\n", '<div class="admonition note">'),
    ],
)
def test_optional_syntax_is_rendered(extension, source, expected):
    """An article without any optional extension's syntax is converted without them (faster); one
    using any of it gets them all. Each case would render as plain text if its use went
    unnoticed."""
    assert extension in OPTIONAL and extension in EXTENSIONS
    assert expected in render(source).html


def test_every_optional_extension_has_a_case():
    assert set(OPTIONAL) <= set(EXTENSIONS) and len(OPTIONAL) == 10


def test_table_of_contents_shows_headings_with_ampersands(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "## Fish & chips\n\n## Two\n\n### Three\n"})
    build_site(tmp_path)
    page = read_page(tmp_path / "site", "a/index.html")
    toc = re.search(r'<nav class="hg-toc".*?</nav>', page, re.S).group(0)
    assert '<a href="#fish-chips">Fish &amp; chips</a>' in toc


def test_table_of_contents_from_three_headings(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "## One\n\n## Two\n\n### Three\n", "b.md": "## One\n\n## Two\n"})
    build_site(tmp_path)
    toc = re.search(
        r'<nav class="hg-toc".*?</nav>', read_page(tmp_path / "site", "a/index.html"), re.S
    ).group(0)
    assert re.findall(r'<a href="#([^"]+)">', toc) == ["one", "two", "three"]
    assert 'class="hg-toc"' not in read_page(tmp_path / "site", "b/index.html")


def test_all_features_together_in_a_built_page(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "a.md": "# Page\n\n| a |\n|---|\n| 1 |\n\n!!! note\n    "
            "N\n\n<call-out>\n*c*\n</call-out>\n"
        },
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    assert prose(read_page(tmp_path / "site", "a/index.html")) == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n"
        '<div class="admonition note">\n<p class="admonition-title">Note</p>\n<p>N</p>\n</div>\n'
        "<call-out>\n<p><em>c</em></p>\n</call-out>"
    )


# --- Liquid/Jinja tags are text, attribute lists still work ---------------------------


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Some text\n{% endhint %}", "<p>Some text\n{% endhint %}</p>"),
        ("Some text\n{%- endhint -%}", "<p>Some text\n{%- endhint -%}</p>"),
        ("Some text\n{# a note #}", "<p>Some text\n{# a note #}</p>"),
        (
            "## Refunds {% raw %}",
            '<h2 id="refunds-raw">Refunds {% raw %}<a class="headerlink" '
            'href="#refunds-raw" title="Link to this section">#</a></h2>',
        ),
        ("- an item\n{% endtab %}", "<ul>\n<li>an item\n{% endtab %}</li>\n</ul>"),
        ("*Note*{% endhint %} text", "<p><em>Note</em>{% endhint %} text</p>"),
    ],
)
def test_liquid_and_jinja_tags_stay_text_never_attributes(source, expected):
    assert_renders(source, expected)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Some text\n{: .lead }", '<p class="lead">Some text</p>'),
        ("Some text\n{#intro}", '<p id="intro">Some text</p>'),
        ("Some text\n{ .lead #intro }", '<p class="lead" id="intro">Some text</p>'),
        (
            "## Refunds {#money-back}",
            '<h2 id="money-back">Refunds<a class="headerlink" '
            'href="#money-back" title="Link to this section">#</a></h2>',
        ),
        ("*Note*{: .tip } text", '<p><em class="tip">Note</em> text</p>'),
    ],
)
def test_attribute_lists_still_work(source, expected):
    assert_renders(source, expected)


def test_a_tag_in_a_page_is_text_and_one_warning_at_its_line(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "a.md": "# Returns\n\nSend it back within 30 days.\n{% endhint %}\n\n"
            "`{% raw %}` is fine.\n"
        },
    )
    result = build_site(tmp_path)
    assert messages(result) == [
        "content/a.md:4: '{% endhint %}' is a Liquid/Jinja tag; it is left as text "
        "(hint: helpgen does not run Liquid/Jinja tags: remove it, or put it in `code` to show it)"
    ]
    assert result.written
    assert prose(read_page(tmp_path / "site", "a/index.html")) == (
        "<p>Send it back within 30 days.\n{% endhint %}</p>\n<p><code>{% raw %}</code> is fine.</p>"
    )
