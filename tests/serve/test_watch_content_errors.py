"""`helpgen serve` in watch mode shows the content errors `helpgen build` fails on (front matter
that is not YAML, a misspelt variable) and keeps serving the last good page meanwhile."""

from __future__ import annotations

from tests.serve.support import make_project
from tests.serve.test_watch import EventStream, page_text


def test_front_matter_that_is_not_yaml_is_shown_and_the_last_good_page_kept(tmp_path, start_server):
    watched = start_server(make_project(tmp_path / "project"), watch=True)
    article = watched.project / "content" / "shipping.md"
    stream = EventStream(watched)
    try:
        article.write_text(
            "---\ntitle: Shipping\ntags: [delivery, couriers\n---\nWe ship by drone.\n",
            encoding="utf-8",
        )
        problems = stream.next_event("problems")
        assert problems == [
            {
                "severity": "error",
                "text": "content/shipping.md:3:7: front matter: the list opened with '[' here "
                "is not closed (hint: close it with ']', as in [refunds, returns], "
                "or quote the value)",
            }
        ], stream.buffer
        text = page_text(watched)
        assert "We ship within two working days." in text and "drone" not in text
    finally:
        stream.close()
