"""`helpgen serve` in watch mode: rebuild on save, live reload over SSE, broken edits keep the last
good site."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import time

import pytest

from tests.serve.support import make_project, wait_for

RELOAD_TAGS = (
    '<link rel="stylesheet" href="/_helpgen/livereload.css">'
    '<script src="/_helpgen/livereload.js" defer></script>'
)
EVENT = re.compile(rb"event: (\w+)\ndata: ([^\n]*)\n\n")
WAIT = 15.0


class EventStream:
    """A client of /_helpgen/livereload on a raw socket, as an open browser tab would be."""

    def __init__(self, server):
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
        self.sock.sendall(
            b"GET /_helpgen/livereload HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
        )
        self.buffer = b""
        self.seen = 0
        assert self._read_until(lambda: b"retry: 500" in self.buffer), self.buffer
        head = self.buffer.split(b"\r\n\r\n", 1)[0].lower()
        assert head.startswith(b"http/1.1 200") and b"content-type: text/event-stream" in head

    def _read_until(self, done, timeout: float = WAIT) -> bool:
        deadline = time.monotonic() + timeout
        while not done():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                return False
            if not chunk:
                return False
            self.buffer += chunk
        return True

    def next_event(self, name: str, timeout: float = WAIT):
        """The data (parsed JSON) of the next `name` event, or None after `timeout` seconds."""
        found = []

        def done():
            for m in EVENT.finditer(self.buffer, self.seen):
                self.seen = m.end()
                if m.group(1).decode() == name:
                    found.append(json.loads(m.group(2)))
                    return True
            return False

        return found[0] if self._read_until(done, timeout) else None

    def close(self):
        self.sock.close()


def page_text(server, path: str = "/shipping/") -> str:
    status, _, body = server.request("GET", path)
    assert status == 200
    return body.decode()


def wait_for_text(server, text: str, path: str = "/shipping/") -> bool:
    return bool(wait_for(lambda: text in page_text(server, path), WAIT))


@pytest.fixture
def watched(tmp_path, start_server):
    project = make_project(tmp_path / "project")
    return start_server(project, watch=True)


def test_pages_carry_the_live_reload_script_only_in_watch_mode(watched, prod_server):
    for path in ("/", "/shipping/", "/returns/start/"):
        status, headers, body = watched.request("GET", path)
        assert status == 200 and body.decode().count(RELOAD_TAGS) == 1
        assert body.decode().index(RELOAD_TAGS) < body.decode().rindex("</body>")
        assert headers["cache-control"] == "no-store"
        status, _, body = prod_server.request("GET", path)
        assert status == 200 and b"livereload" not in body and b"/_helpgen/livereload" not in body
    status, headers, body = watched.request("GET", "/_helpgen/livereload.js")
    assert status == 200 and headers["content-type"].startswith("application/javascript")
    assert b'new EventSource("/_helpgen/livereload")' in body
    assert prod_server.request("GET", "/_helpgen/livereload.js")[0] == 404
    assert prod_server.request("GET", "/_helpgen/livereload")[0] == 404


def test_an_edit_rebuilds_and_reloads(watched):
    stream = EventStream(watched)
    try:
        (watched.project / "content" / "shipping.md").write_text(
            "# Shipping times\n\nNow we ship the same day.\n", encoding="utf-8"
        )
        data = stream.next_event("reload")
        assert data is not None, stream.buffer
        assert isinstance(data["pages"], int) and data["pages"] >= 1
        assert wait_for_text(watched, "Now we ship the same day.")
        assert "within two working days" not in page_text(watched)
    finally:
        stream.close()


def test_search_answers_from_the_index_a_rebuild_swapped_in(watched):
    def found(word):
        status, _, body = watched.request("GET", f"/api/search?q={word}")
        assert status == 200
        return [hit["id"] for hit in json.loads(body)["results"]]

    assert found("refund") and not found("hovercraft")  # the first index, warmed at start
    (watched.project / "content" / "shipping.md").write_text(
        "# Shipping times\n\nWe ship by hovercraft.\n", encoding="utf-8"
    )
    # the new index is warmed in a thread, then the question is answered in the event loop
    assert wait_for(lambda: found("hovercraft") == ["shipping"], WAIT)


def test_a_broken_edit_keeps_the_last_good_page_and_reports_the_file(watched):
    article = watched.project / "content" / "shipping.md"
    stream = EventStream(watched)
    try:
        article.write_bytes(b"# Shipping times\n\nBroken \xff\xfe bytes here.\n")
        problems = stream.next_event("problems")
        assert problems is not None, stream.buffer
        assert any(
            p["severity"] == "error" and p["text"].startswith("content/shipping.md:")
            for p in problems
        ), problems
        assert "We ship within two working days." in page_text(watched)  # the last good build
        assert watched.proc.poll() is None

        late = EventStream(watched)  # a tab opened now is told at once
        try:
            assert late.next_event("problems") == problems
        finally:
            late.close()

        article.write_text(
            "# Shipping times\n\nFixed: we ship on Saturdays too.\n", encoding="utf-8"
        )
        assert stream.next_event("reload") is not None, stream.buffer
        assert wait_for_text(watched, "Fixed: we ship on Saturdays too.")
    finally:
        stream.close()
    assert "shipping.md" in watched.log()  # the terminal got the problem too


def test_ctrl_c_stops_the_server_with_a_tab_open(watched):
    stream = EventStream(watched)
    try:
        watched.proc.send_signal(signal.SIGINT)
        try:
            code = watched.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        assert code is not None, "still running 5 s after SIGINT"
    finally:
        stream.close()


def test_the_404_page_live_reloads_in_watch_mode(watched):
    status, _, body = watched.request("GET", "/returns/new-article/")
    assert status == 404 and RELOAD_TAGS in body.decode()


def test_watch_mode_survives_a_template_that_fails_while_rendering(tmp_path, start_server):
    project = make_project(tmp_path / "project", {"theme_dir": "theme"})
    (project / "theme" / "templates").mkdir(parents=True)
    server = start_server(project, watch=True)
    override = project / "theme" / "templates" / "article.html"
    stream = EventStream(server)
    try:
        override.write_text(
            "{% extends 'default/article.html' %}{% block content %}"
            "{% include 'partials/feedbak.html' %}{% endblock %}",
            encoding="utf-8",
        )
        assert stream.next_event("problems", timeout=6) is not None, (
            "no problems event after a template error"
        )
        override.unlink()
        (project / "content" / "shipping.md").write_text(
            "# Shipping times\n\nBack to normal.\n", encoding="utf-8"
        )
        assert stream.next_event("reload") is not None
        assert wait_for_text(server, "Back to normal.")
    finally:
        stream.close()
