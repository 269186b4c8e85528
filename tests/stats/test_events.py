"""parse_event on anything a client can send: an Event or a 4xx EventError, never another
exception."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from helpgen.analytics.events import MAX_BODY, EventError, parse_event
from helpgen.feedback.validate import ArticleRegistry

ARTICLES = ArticleRegistry(frozenset({"returns/start"}), {"/returns/start/": "returns/start"})
FIELD_NAMES = st.sampled_from(
    ["type", "page", "query", "results", "rank", "url", "source", "ip", ""]
)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(
        [
            "view",
            "search",
            "search_click",
            "contact_click",
            "page",
            "widget",
            "/returns/start/",
            "instant",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(FIELD_NAMES, VALUES, max_size=6) | VALUES)
def test_any_json_gives_an_event_or_a_4xx(data):
    body = json.dumps(data).encode()
    try:
        event = parse_event(body, ARTICLES)
    except EventError as exc:
        assert 400 <= exc.status < 500 and exc.message
        return
    assert len(body) <= MAX_BODY and event.type in (
        "view",
        "search",
        "search_click",
        "contact_click",
    )
    assert event.visitor is None  # the server adds it, never the client


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_event_or_a_4xx(body):
    try:
        parse_event(body, ARTICLES)
    except EventError as exc:
        assert 400 <= exc.status < 500
