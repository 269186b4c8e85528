"""uvicorn's HTTP/1.1 protocol, the fastest one installed, with TCP_NODELAY on every connection
and a cap on the size of request headers.

httptools' C parser answers about twice as many requests a second as h11's pure Python
one (the statistics endpoint takes a beacon from every page view), so it is used when
installed, as it is with helpgen's dependencies; h11 remains the fallback.

asyncio turns Nagle's algorithm off only for sockets whose protocol number is TCP. With
`--workers N` uvicorn binds the listening socket itself with protocol 0, so accepted
connections keep Nagle on: a keep-alive client then waits ~40 ms (delayed ACK) for
every response written in two parts. Setting the option here makes both modes equal.

uvicorn's httptools protocol takes headers of any size (a 1 MB header was answered 200),
and h11's `h11_max_incomplete_event_size` does not apply to it. Requests whose headers
add up to more than `HEADER_LIMIT` get 431 and the connection is closed, before the
application sees them; a head that grows past `HEAD_LIMIT` without ending (one endless
header) is refused the same way, so no connection buffers more than that. With h11, its
own limit (16 KB for the whole head) answers 400 instead.
"""

from __future__ import annotations

import socket

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Protocol
except ImportError:  # httptools is not installed (a platform without a wheel): h11 still works
    # one class per name for mypy; either is the base NoDelayProtocol needs
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Protocol  # type: ignore[assignment]

PROTOCOL = "helpgen.serve.protocol:NoDelayProtocol"
HEADER_LIMIT = 16 * 1024
"""Bytes of request headers in all, each counted as its `Name: value` line with CRLF."""
HEAD_LIMIT = 4 * HEADER_LIMIT
"""Bytes of one request's head (request line and headers) read before it ends."""
TOO_LARGE = f"request headers too large: at most {HEADER_LIMIT} bytes in all".encode()


class HeadersTooLarge(Exception):
    """Raised from the parser's header callback to stop parsing the request."""


class NoDelayProtocol(_Protocol):
    _in_head = False
    _head_bytes = 0
    _header_bytes = 0
    _too_large = False

    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass  # not a TCP socket after all: nothing to tune
        super().connection_made(transport)

    # The rest is called by httptools' parser only (h11's protocol has no such callbacks).

    def data_received(self, data: bytes) -> None:
        began_in_head = self._in_head
        super().data_received(data)
        # Counted only when the whole chunk is head: a chunk in which a request begins may
        # also end the one before it, and its size would say nothing of this head's.
        if began_in_head and self._in_head and not self._too_large:
            self._head_bytes += len(data)
            if self._head_bytes > HEAD_LIMIT:
                self._refuse()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes, self._header_bytes = True, 0, 0

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value) + 4  # ": " and CRLF
        if self._header_bytes > HEADER_LIMIT:
            self._too_large = True
            raise HeadersTooLarge  # httptools stops and raises; uvicorn then answers 400 (below)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        if self._too_large:
            self._refuse()
        else:
            super().send_400_response(msg)

    def _refuse(self) -> None:
        """431 and close: the rest of this request is never read."""
        self._too_large = True
        head = [b"HTTP/1.1 431 Request Header Fields Too Large\r\n"]
        head += [b"%s: %s\r\n" % pair for pair in self.server_state.default_headers]
        head.append(
            b"content-type: text/plain; charset=utf-8\r\n"
            b"x-content-type-options: nosniff\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n" % len(TOO_LARGE)
        )
        self.transport.write(b"".join(head) + TOO_LARGE)
        self.transport.close()
