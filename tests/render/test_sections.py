"""Reading a rendered body back as sections and FAQ pairs (helpgen.render.sections).

The reader splits HTML with a regular expression instead of HTMLParser; these cases pin
the parts where a naive split would go wrong: markup inside scripts and comments, entities,
self-closing tags, quoting styles, table rows, broken end tags, nested details."""

from __future__ import annotations

from helpgen.render.sections import faq_page_pairs, question_pairs, read_sections

BODY = """<p>Intro &amp; more &lt;tags&gt;</p>
<h2 id="can-i-return">Can I <em>return</em> it?<a class="headerlink" href="#can-i-return"
title="Permanent link">&para;</a></h2>
<p>Yes<br/>within 30&nbsp;days.</p><script>var s = "<h2 id='no'>not a heading</h2>";</script>
<!-- <h2 id="hidden">Hidden</h2> -->
<table><tr><th>Plan</th><th>Days</th></tr><tr><td>Basic</td><td>30
more</td></tr></table>
<h3 id='fees' class="x">Fees</h3><p>None, X</<code>y</code>.</p>
<details class="question"><summary>How long does a refund take?</summary><p>Five days.</p>
<details><summary>Inner</summary><p>Nested text.</p></details></details>
<h2>No id</h2><p>Last.</p>"""


def test_sections_follow_headings_with_their_text_and_path():
    sections, _ = read_sections(BODY)
    got = [(s.level, s.anchor, s.title, s.path) for s in sections]
    assert got == [
        (0, "", "", ()),
        (2, "can-i-return", "Can I return it?", ("Can I return it?",)),
        (3, "fees", "Fees", ("Can I return it?", "Fees")),
        (2, "", "No id", ("No id",)),
    ]
    assert sections[0].lines == ["Intro & more <tags>"]
    # the script's and the comment's markup is neither a heading nor text; a table row is one line
    assert sections[1].lines == ["Yes", "within 30 days.", "Plan | Days", "Basic | 30 more"]
    # a broken end tag is dropped as browsers drop it
    assert sections[2].lines[0] == "None, Xy."
    assert sections[3].lines == ["Last."]


def test_question_blocks_and_question_headings_become_pairs():
    sections, details = read_sections(BODY)
    assert [(q.question, q.anchor) for q in details] == [("How long does a refund take?", "fees")]
    assert details[0].answer == "Five days.\nInner\nNested text."
    pairs = question_pairs(sections, details)
    assert [q.question for q in pairs] == ["Can I return it?", "How long does a refund take?"]
    assert (
        pairs[0].answer.startswith("Yes\nwithin 30 days.\nPlan | Days")
        and "Fees" in pairs[0].answer
    )


def test_an_faq_page_takes_every_h2():
    sections, _ = read_sections(BODY)
    assert [q.question for q in faq_page_pairs(sections)] == ["Can I return it?", "No id"]


def test_text_after_the_last_tag_and_an_unclosed_script():
    sections, _ = read_sections("<p>a</p>tail &amp; end<script>if (a < b) {")
    assert sections[0].lines == ["a", "tail & end"]
