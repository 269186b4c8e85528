"""`helpgen serve` counting views and events over real HTTP: what counts, what does not, what is
refused, and that neither a cookie nor an address is ever set or stored."""

from __future__ import annotations

import base64
import json
import re
from collections import Counter

import pytest

from helpgen.analytics.privacy import today
from tests.serve.support import count_rows, fetch_rows, make_project, store_path, wait_for
from tests.stats.conftest import BROWSER_UA, TOKEN
from tests.stats.seed import AGENT_EVENTS, EVENTS, seed_store

PAGE = "/returns/start/"
ARTICLE = "returns/start"
WAIT = 15
STORE_TABLES = (
    "votes",
    "searches",
    "events",
    "event_days",
    "visit_days",
    "rate_hits",
    "rollup_progress",
)


def views(server, article: str = ARTICLE) -> int:
    return count_rows(server.project, "events", "WHERE type = 'view' AND article = ?", (article,))


def counted_after(server, requests) -> int:
    """Views of `PAGE` that `requests()` added. Events are written in the order they are queued, so
    once a marker view sent afterwards is stored, everything before it is stored too (or was never
    queued)."""
    marker = "shipping"
    before, markers = views(server), views(server, marker)
    requests()
    status, _, _ = server.request("GET", "/shipping/", headers={"user-agent": BROWSER_UA})
    assert status == 200
    assert wait_for(lambda: views(server, marker) == markers + 1, WAIT)
    return views(server) - before


def get(server, path: str = PAGE, method: str = "GET", **headers) -> int:
    status, _, _ = server.request(method, path, headers={"user-agent": BROWSER_UA, **headers})
    return status


def send_event(server, payload, content_type="text/plain;charset=UTF-8", **headers):
    """POST an event as a page of the help center does: a beacon carrying the site's own Origin."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return server.request(
        "POST",
        "/api/event",
        body,
        {"content-type": content_type, "user-agent": BROWSER_UA, "origin": server.url, **headers},
    )


def test_a_page_view_is_counted_and_so_is_a_revalidated_one(counting_server):
    s = counting_server

    def requests():
        status, headers, _ = s.request("GET", PAGE, headers={"user-agent": BROWSER_UA})
        assert status == 200
        assert get(s, **{"if-none-match": headers["etag"]}) == 304

    assert counted_after(s, requests) == 2


def test_what_is_not_a_view(counting_server):
    s = counting_server

    def requests():
        assert get(s, method="HEAD") == 200
        assert get(s, "/returns/start") in (301, 307, 308)  # the redirect to the slash
        assert get(s, "/returns/") == 200  # a category page
        assert get(s, "/") == 200
        assert get(s, "/no/such/page/") == 404
        assert get(s, "/sitemap.xml") == 200

    assert counted_after(s, requests) == 0
    assert (
        count_rows(
            s.project,
            "events",
            "WHERE type = 'view' AND article NOT IN (?, ?)",
            (ARTICLE, "shipping"),
        )
        == 0
    )


@pytest.mark.parametrize(
    "headers",
    [
        {"user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"user-agent": "curl/8.5.0"},
        {"user-agent": "python-requests/2.32.3"},
        {"user-agent": ""},
        {"dnt": "1"},
        {"sec-gpc": "1"},
    ],
    ids=[
        "googlebot",
        "curl",
        "requests",
        "no-user-agent",
        "do-not-track",
        "global-privacy-control",
    ],
)
def test_bots_and_readers_who_opt_out_are_not_counted(counting_server, headers):
    s = counting_server

    def requests():
        assert get(s, **headers) == 200
        status, _, body = send_event(s, {"type": "view", "page": PAGE}, **headers)
        assert (status, body) == (204, b"")
        status, _, _ = send_event(
            s, {"type": "contact_click", "page": PAGE, "source": "page"}, **headers
        )
        assert status == 204

    before = count_rows(s.project, "events", "WHERE type = 'contact_click'")
    assert counted_after(s, requests) == 0
    assert count_rows(s.project, "events", "WHERE type = 'contact_click'") == before


def test_beacon_events_are_stored(counting_server):
    s = counting_server
    cases = [
        (
            {
                "type": "search",
                "query": "  Where is\tmy   order ",
                "results": 2,
                "source": "instant",
            },
            None,
        ),
        (
            {
                "type": "search_click",
                "query": "refund",
                "rank": 2,
                "url": "/returns/refunds/#timing",
                "source": "search",
            },
            ("search_click", "returns/refunds", "refund", 2, "search"),
        ),
        (
            {
                "type": "search_click",
                "query": "old",
                "rank": 1,
                "url": "/gone/",
                "source": "widget",
            },
            ("search_click", None, "old", 1, "widget"),
        ),  # a stale index: the click counts, without an article
        (
            {"type": "contact_click", "source": "widget"},
            ("contact_click", None, None, None, "widget"),
        ),
        (
            {"type": "contact_click", "page": "http://127.0.0.1/shipping/", "source": "page"},
            ("contact_click", "shipping", None, None, "page"),
        ),
    ]
    for payload, _ in cases:
        status, _, _ = send_event(
            s, payload, "application/json" if "rank" in payload else "text/plain"
        )
        assert status == 204
    expected = [row for _, row in cases if row]
    rows = wait_for(
        lambda: (
            (
                r := fetch_rows(
                    s.project,
                    "SELECT type, article, query, rank, source FROM events "
                    "WHERE type != 'view' ORDER BY id",
                )
            )[-4:]
            == expected
            and r
        ),
        WAIT,
    )
    assert rows, fetch_rows(
        s.project, "SELECT type, article, query, rank, source FROM events ORDER BY id"
    )
    assert wait_for(
        lambda: (
            fetch_rows(
                s.project, "SELECT query, results, source FROM searches WHERE query LIKE 'Where%'"
            )
            == [("Where is my order", 2, "instant")]
        ),
        WAIT,
    )


@pytest.mark.parametrize(
    "body, content_type, headers, status, message",
    [
        (b"{not json", "text/plain", {}, 400, "body is not valid JSON"),
        (b"[]", "text/plain", {}, 422, "body must be a JSON object"),
        (
            b'{"type": "purchase"}',
            "text/plain",
            {},
            422,
            "'type' must be one of view, search, search_click, contact_click",
        ),
        (
            b'{"type": ["view"]}',
            "text/plain",
            {},
            422,
            "'type' must be one of view, search, search_click, contact_click",
        ),
        (
            b'{"type": "view", "page": "/returns/start/", "ip": "1.2.3.4"}',
            "text/plain",
            {},
            422,
            "unknown field 'ip' for a view event (fields: page)",
        ),
        (
            b'{"type": "view", "page": "/nowhere/"}',
            "text/plain",
            {},
            404,
            "no such article: views are counted for article and FAQ pages",
        ),
        (
            b'{"type": "view"}',
            "text/plain",
            {},
            422,
            "'page' must be a URL path like /returns/start/",
        ),
        (
            b'{"type": "search_click", "query": "x", "rank": 0, '
            b'"url": "/shipping/", "source": "search"}',
            "text/plain",
            {},
            422,
            "'rank' must be a whole number from 1 to 1000",
        ),
        (
            b'{"type": "search_click", "query": "x", "rank": true, '
            b'"url": "/shipping/", "source": "search"}',
            "text/plain",
            {},
            422,
            "'rank' must be a whole number from 1 to 1000",
        ),
        (
            b'{"type": "search", "query": " ", "results": 1, "source": "search"}',
            "text/plain",
            {},
            422,
            "'query' must be non-empty text",
        ),
        (
            b'{"type": "search", "query": "x", "results": 1, "source": "email"}',
            "text/plain",
            {},
            422,
            "'source' of a search event must be one of search, instant, widget",
        ),
        (
            b'{"type": "view", "page": "/shipping/"}',
            "application/x-www-form-urlencoded",
            {},
            415,
            "send the event as text/plain or application/json",
        ),
        (
            b'{"type": "view", "page": "/shipping/"}',
            "text/plain",
            {"origin": "https://evil.example"},
            403,
            "events are accepted from the help center's own pages and the CORS allow-list",
        ),
        (
            b'{"type": "search", "query": "' + b"x" * 3000 + b'"}',
            "text/plain",
            {},
            413,
            "body too large: at most 2048 bytes",
        ),
    ],
    ids=[
        "json",
        "object",
        "type",
        "type-list",
        "field",
        "article",
        "page",
        "rank",
        "rank-bool",
        "query",
        "source",
        "media-type",
        "origin",
        "size",
    ],
)
def test_bad_events_get_a_4xx_saying_why(
    counting_server, body, content_type, headers, status, message
):
    got, _, data = send_event(counting_server, body, content_type, **headers)
    assert (got, json.loads(data)) == (status, {"error": message})


SELF = "(the server's own origin)"


@pytest.mark.parametrize(
    "content_type, headers, status",
    [
        ("text/plain", {}, 403),  # a beacon that names no page: not from the help center's pages
        ("text/plain; x=json", {"origin": "https://evil.example"}, 403),
        ("text/plain;charset=UTF-8", {"referer": "https://evil.example/page.html"}, 403),
        (
            "application/json",
            {"origin": "https://evil.example"},
            403,
        ),  # a non-browser forging a foreign page
        ("application/json", {"origin": "null"}, 403),  # a sandboxed frame anywhere
        ("application/json", {"referer": "https://evil.example/"}, 403),
        ("application/json; x=1", {}, 415),
        ("application/jsonx", {}, 415),
        ("text/plain;charset=UTF-8", {"origin": SELF}, 204),
        (
            "text/plain",
            {"referer": SELF + PAGE},
            204,
        ),  # no Origin (an older browser): its Referer says where
        ("text/plain", {"origin": "https://help.example.com"}, 204),  # site_url's origin
        ("application/json; charset=utf-8", {}, 204),  # a server-side sender: no page to check
        ("Application/JSON", {"origin": SELF}, 204),
    ],
    ids=[
        "no-origin",
        "x-json",
        "referer",
        "json-origin",
        "json-null",
        "json-referer",
        "json-param",
        "jsonx",
        "self",
        "self-referer",
        "site-url",
        "server-side",
        "case",
    ],
)
def test_only_the_help_centers_pages_send_beacons(counting_server, content_type, headers, status):
    """A page of another site can POST text/plain without a preflight: only the help center's own
    pages and the allow-list may; an event refused is not counted."""
    s = counting_server
    headers = {k: v.replace(SELF, s.url) for k, v in headers.items()}
    answers = []

    def send():
        answers.append(
            s.request(
                "POST",
                "/api/event",
                json.dumps({"type": "view", "page": PAGE}).encode(),
                {"content-type": content_type, "user-agent": BROWSER_UA, **headers},
            )
        )

    assert counted_after(s, send) == (1 if status == 204 else 0)
    got, _, data = answers[0]
    assert got == status
    if status == 403:
        assert json.loads(data) == {
            "error": "events are accepted from the help center's own pages and the CORS allow-list"
        }


@pytest.mark.parametrize(
    "body", [b'{"type": "view", "page": "/returns/start/"}', b"{not json"], ids=["204", "400"]
)
def test_event_answers_carry_the_security_headers(counting_server, body):
    """/api/event goes around the router (helpgen.serve.beacon): its answers must still carry what
    every answer does, with CORS for an allowed origin."""
    status, headers, _ = send_event(counting_server, body, origin="https://help.example.com")
    assert status in (204, 400)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert headers["x-frame-options"] == "SAMEORIGIN" and "permissions-policy" in headers
    assert headers["vary"] == "Origin"


def test_the_site_origin_may_send_events(counting_server):
    status, _, _ = send_event(
        counting_server, {"type": "view", "page": PAGE}, origin="https://help.example.com"
    )
    assert status == 204  # site_url's origin: the built site on its real host


def test_no_cookie_and_no_address_is_set_or_stored(counting_server):
    """From a distinctive loopback address, with a cookie sent: no answer sets a cookie, and neither
    the address nor the user agent is anywhere in the store's files (the WAL included) or the
    server's log."""
    s = counting_server
    address, agent = "127.0.0.77", BROWSER_UA + " Marker/9.1"
    headers = {"user-agent": agent, "cookie": "session=abc123"}
    answers = [
        s.request("GET", PAGE, headers=headers, source=address),
        s.request(
            "POST",
            "/api/event",
            json.dumps({"type": "contact_click", "page": PAGE}).encode(),
            {**headers, "content-type": "text/plain", "origin": s.url},
            source=address,
        ),
        s.request(
            "POST",
            "/api/feedback",
            json.dumps({"article": ARTICLE, "helpful": True}).encode(),
            {**headers, "content-type": "application/json"},
            source=address,
        ),
    ]
    assert [status for status, _, _ in answers] == [200, 204, 201]
    assert not any("set-cookie" in h for _, h, _ in answers)
    hashes = wait_for(
        lambda: fetch_rows(
            s.project,
            "SELECT DISTINCT visitor FROM events WHERE created >= ? AND "
            "type = 'contact_click' AND article = ?",
            (today(), ARTICLE),
        ),
        WAIT,
    )
    assert hashes and all(re.fullmatch(r"[0-9a-f]{16}", h) for (h,) in hashes)
    if store_path(s.project).exists():  # SQLite: every byte of its files
        files = [p for p in store_path(s.project).parent.glob("feedback.sqlite*")]
        assert len(files) >= 2  # the database and its WAL
        stored = {path.name: path.read_bytes().decode("latin-1") for path in files}
    else:  # PostgreSQL: every row of every table
        stored = {t: repr(fetch_rows(s.project, f"SELECT * FROM {t}")) for t in STORE_TABLES}
        assert ARTICLE in stored["events"]
    for name, data in stored.items():
        for secret in (address, agent, "Marker/9.1", "abc123"):
            assert secret not in data, f"{secret} stored in {name}"
    assert address not in s.log() and "Marker" not in s.log()


def test_one_reader_one_hash_per_day_and_the_salt_is_kept_apart(counting_server):
    s = counting_server
    for agent, address in (
        (BROWSER_UA + " R1", "127.0.0.81"),
        (BROWSER_UA + " R1", "127.0.0.81"),
        (BROWSER_UA + " R2", "127.0.0.81"),
        (BROWSER_UA + " R1", "127.0.0.82"),
    ):
        status, _, _ = s.request(
            "GET", "/returns/refunds/", headers={"user-agent": agent}, source=address
        )
        assert status == 200
    rows = wait_for(
        lambda: (
            (
                r := fetch_rows(
                    s.project,
                    "SELECT visitor FROM events WHERE article = 'returns/refunds' ORDER BY id",
                )
            )[3:]
            and r
        ),
        WAIT,
    )
    # R1 twice from .81 is one reader; R2 from .81 and R1 from .82 are two more (counted after
    # each answer is sent, so the rows need not be in the order of the requests)
    assert sorted(Counter(h for (h,) in rows[-4:]).values()) == [1, 1, 2]
    salts = list((s.project / ".helpgen" / "visitor-salt").iterdir())
    assert [p.name for p in salts] == [today()] and len(salts[0].read_bytes()) == 32
    if store_path(s.project).exists():
        assert salts[0].read_bytes() not in store_path(s.project).read_bytes()


@pytest.mark.parametrize(
    "authorization, status",
    [
        (None, 401),
        ("Bearer wrong", 401),
        ("Basic " + base64.b64encode(b"lead:wrong").decode(), 401),
        ("Bearer " + TOKEN, 200),
        ("Basic " + base64.b64encode(f"lead:{TOKEN}".encode()).decode(), 200),
    ],
    ids=["none", "bad-bearer", "bad-basic", "bearer", "basic"],
)
def test_the_dashboard_needs_the_admin_token(counting_server, authorization, status):
    headers = {"authorization": authorization} if authorization else {}
    got, answer, body = counting_server.request("GET", "/_helpgen/dashboard", headers=headers)
    assert got == status
    assert answer["cache-control"] == "no-store" and "set-cookie" not in answer
    if status == 401:
        assert answer["www-authenticate"].startswith('Basic realm="helpgen statistics"')
        assert TOKEN.encode() not in body
    else:
        assert answer["content-type"].startswith("text/html")
        assert "default-src 'none'" in answer["content-security-policy"]
        assert b"<h1>Help center statistics: Test Help</h1>" in body


def test_stats_api_has_the_new_figures(counting_server):
    status, _, body = counting_server.request(
        "GET", "/api/stats", headers={"authorization": "Bearer " + TOKEN}
    )
    assert status == 200
    figures = json.loads(body)
    assert list(figures)[:4] == ["since", "articles", "queries", "zero_result_queries"]
    assert figures["totals"]["views"] >= 2 and figures["totals"]["readers"] >= 1


def test_a_site_whose_pages_send_their_views(start_server, tmp_path):
    """analytics.endpoint set (the pages go to a static host): the server counts no page it serves
    itself (the pages' beacon does), its CSP lets pages reach the endpoint, and events are
    rate-limited per client. No admin token: the dashboard is off."""
    project = make_project(
        tmp_path / "project",
        {"analytics": {"endpoint": "https://api.example.com/api/event", "rate_limit": 3}},
    )
    s = start_server(project)
    status, headers, _ = s.request("GET", PAGE, headers={"user-agent": BROWSER_UA})
    assert status == 200
    assert "connect-src 'self' https://api.example.com;" in headers["content-security-policy"]
    answers = [send_event(s, {"type": "view", "page": PAGE})[0] for _ in range(4)]
    assert answers == [204, 204, 204, 429]
    status, headers, body = send_event(s, {"type": "view", "page": PAGE})
    assert status == 429 and int(headers["retry-after"]) >= 1
    assert json.loads(body) == {"error": "too many events from this client; try again later"}
    assert wait_for(lambda: views(s) == 3, WAIT)  # the three beacons, not the page served
    status, _, body = s.request(
        "GET", "/_helpgen/dashboard", headers={"authorization": "Bearer " + TOKEN}
    )
    assert (status, body) == (
        403,
        b"statistics are off: set HELPGEN_ADMIN_TOKEN (or server.admin_token) to enable them",
    )


def test_the_dashboard_since_a_day(counting_server):
    auth = {"authorization": "Bearer " + TOKEN}
    status, _, body = counting_server.request(
        "GET", "/_helpgen/dashboard?since=2999-01-01", headers=auth
    )
    assert status == 200 and b"Since 2999-01-01." in body and b"No article views yet." in body
    status, _, body = counting_server.request(
        "GET", "/_helpgen/dashboard?since=yesterday", headers=auth
    )
    assert (status, body) == (400, b"'since' must be a date like 2026-01-31")


def test_serve_rolls_up_expired_events_when_it_starts(start_server, tmp_path):
    project = make_project(tmp_path / "project", {"analytics": {"retention_days": 30}})
    seed_store(project)  # March 2026: long past 30 days
    s = start_server(project)
    assert wait_for(lambda: count_rows(s.project, "events") == 0, WAIT)
    assert fetch_rows(s.project, "SELECT agent, SUM(events) FROM event_days GROUP BY agent") == [
        (0, len(EVENTS)),
        (1, len(AGENT_EVENTS)),
    ]
    assert fetch_rows(
        s.project, "SELECT day, visits, readers, self_served FROM visit_days ORDER BY day"
    ) == [("2026-03-01", 4, 3, 2), ("2026-03-02", 2, 2, 1)]


def test_pages_say_events_are_taken_here(counting_server):
    """`Server-Timing: helpgen` on pages (and their 304s), which the page script looks for before it
    sends clicks to the default /api/event; not on other files."""
    s = counting_server
    status, headers, _ = s.request("GET", "/", headers={"user-agent": BROWSER_UA})
    assert (status, headers.get("server-timing")) == (200, "helpgen")
    status, headers, _ = s.request("GET", PAGE, headers={"user-agent": BROWSER_UA})
    status, revalidated, _ = s.request(
        "GET", PAGE, headers={"user-agent": BROWSER_UA, "if-none-match": headers["etag"]}
    )
    assert (status, revalidated.get("server-timing")) == (304, "helpgen")
    for path in ("/sitemap.xml", "/_helpgen/widget.json"):
        status, headers, _ = s.request("GET", path)
        assert status == 200 and "server-timing" not in headers, path


def test_no_marker_when_statistics_are_off(start_server, tmp_path):
    s = start_server(make_project(tmp_path / "project", {"analytics": {"enabled": False}}))
    status, headers, _ = s.request("GET", PAGE, headers={"user-agent": BROWSER_UA})
    assert status == 200 and "server-timing" not in headers
    status, _, body = send_event(s, {"type": "view", "page": PAGE})
    assert (status, json.loads(body)) == (
        404,
        {"error": "statistics are switched off for this help center"},
    )


def test_the_live_preview_counts_nothing(start_server, tmp_path):
    s = start_server(make_project(tmp_path / "project"), watch=True)
    assert get(s) == 200
    status, headers, _ = s.request("GET", PAGE, headers={"user-agent": BROWSER_UA})
    assert (
        status == 200 and "server-timing" not in headers
    )  # so the page script sends nothing either
    status, _, _ = send_event(s, {"type": "contact_click", "page": PAGE, "source": "page"})
    assert status == 204
    # a vote is answered after its commit, which writes whatever was queued before it
    assert s.vote({"article": ARTICLE, "helpful": True})[0] == 201
    assert count_rows(s.project, "votes") == 1 and count_rows(s.project, "events") == 0


def test_worker_processes_share_the_day_salt(start_server, tmp_path):
    """With --workers 2 each process hashes; one reader must still be one hash."""
    s = start_server(
        make_project(tmp_path / "project", {"analytics": {"rate_limit": 0}}),
        args=("--workers", "2"),
    )
    for _ in range(20):  # fresh connections: both workers get some
        assert get(s) == 200
    rows = wait_for(
        lambda: (
            (r := fetch_rows(s.project, "SELECT DISTINCT visitor FROM events"))
            and count_rows(s.project, "events") == 20
            and r
        ),
        WAIT,
    )
    assert rows and len(rows) == 1
    assert len(list((s.project / ".helpgen" / "visitor-salt").iterdir())) == 1
