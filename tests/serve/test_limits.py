"""Request headers over 16 KB in all get 431 from `helpgen serve`, over a real socket."""

from __future__ import annotations

import socket
import time

import pytest

LIMIT = 16 * 1024


def request_with_headers(total: int) -> bytes:
    """A GET whose header lines (`Name: value` with CRLF each) add up to exactly `total` bytes."""
    fixed = b"Host: 127.0.0.1\r\nConnection: close\r\n"
    pad = total - len(fixed) - len(b"X-Pad: \r\n")
    return b"GET / HTTP/1.1\r\n" + fixed + b"X-Pad: " + b"a" * pad + b"\r\n\r\n"


def send_and_read(port: int, data: bytes, timeout: float = 10) -> bytes:
    """What the server answers to `data` (b"" when it closed without a word); a reset while
    sending or reading is a clean refusal too."""
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except ConnectionResetError:
            pass
    return answer


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


@pytest.mark.parametrize(
    "total, expected", [(LIMIT - 1, 200), (LIMIT, 200), (LIMIT + 1, 431), (64 * 1024, 431)]
)
def test_header_size_limit(prod_server, total, expected):
    answer = send_and_read(prod_server.port, request_with_headers(total))
    assert status_of(answer) == expected, answer[:200]
    if expected == 431:
        assert b"request headers too large" in answer


def test_many_small_headers_add_up(prod_server):
    lines = b"".join(b"X-H%04d: %s\r\n" % (i, b"v" * 100) for i in range(200))  # 200 x 113 bytes
    answer = send_and_read(prod_server.port, b"GET / HTTP/1.1\r\nHost: x\r\n" + lines + b"\r\n")
    assert status_of(answer) == 431


@pytest.mark.parametrize("ending", [b"\r\n\r\n", b""])
def test_a_megabyte_header_is_refused_cleanly(prod_server, ending):
    """Ended or not, a 1 MB header is answered 431 (or the connection is closed) and the
    server goes on serving."""
    data = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * (1024 * 1024) + ending
    answer = send_and_read(prod_server.port, data)
    assert status_of(answer) in (431, 0), answer[:200]
    assert b" 500 " not in answer[:20]
    assert prod_server.request("GET", "/")[0] == 200


def test_a_body_after_headers_near_the_limit_gets_through(prod_server):
    body = b'{"article": "shipping", "helpful": true, "comment": "' + b"c" * 400 + b'"}'
    head = (
        b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\n"
        b"X-Pad: " + b"a" * 16000 + b"\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    answer = send_and_read(prod_server.port, head + body)
    assert status_of(answer) == 201, answer[:300]
