"""What render_markdown reads of a body from Python-Markdown's element tree (helpgen.render.body):
text, headings, ids, images, code and sections, including what the tree holds only as
placeholders (raw HTML, highlighted code, entities, footnote marks)."""

from __future__ import annotations

from tests.render.test_markdown import render

BODY = """
# Top title

Intro &amp; more, AT&T and `<b>` code, a tag like so: <% link text %>

<!-- an old note --!>
<div id="raw-box"><p>Raw <em>HTML</em> text</p><img src="/i/x.png" alt="Raw image"></div>

## Step two { #two }

![A screenshot](images/shot.png "Shot")

```python
print("hi")
```

Text with a note[^1].

<script>var s = "<h2 id='no'>not a heading</h2>";</script>

[^1]: The note.
"""


def test_text_headings_ids_and_images_come_from_the_tree_and_its_placeholders():
    rendered = render(BODY)
    assert rendered.text.split("\n")[:5] == [
        "Top title",
        "Intro & more, AT&T and <b> code, a tag like so: <% link text %>",
        "Raw HTML text",
        "Step two",
        'print("hi")',
    ]
    assert "Text with a note1." in rendered.text
    assert "The note.\xa0↩" in rendered.text  # the footnote's back link, put in by a postprocessor
    assert "not a heading" not in rendered.text and "¶" not in rendered.text
    # the body's h1 is written as an h2: the page's title is its only h1
    assert rendered.headings == ((2, "top-title", "Top title"), (2, "two", "Step two"))
    assert {"top-title", "two", "raw-box"} <= rendered.anchors and "no" not in rendered.anchors
    assert rendered.images == (
        ("/i/x.png", "Raw image"),
        ("helpgen:asset:guide/images/shot.png", "A screenshot"),
    )
    assert rendered.has_code
    assert [(s.level, s.anchor, s.title) for s in rendered.sections] == [
        (0, "", ""),
        (2, "top-title", "Top title"),
        (2, "two", "Step two"),
    ]


def test_an_empty_body_has_no_facts():
    rendered = render("   \n")
    assert (rendered.text, rendered.headings, rendered.anchors, rendered.has_code) == (
        "",
        (),
        frozenset(),
        False,
    )
