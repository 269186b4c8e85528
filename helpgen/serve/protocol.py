"""uvicorn's HTTP/1.1 protocol, the fastest one installed, with TCP_NODELAY on every connection.

httptools' C parser answers about twice as many requests a second as h11's pure Python
one (the statistics endpoint takes a beacon from every page view), so it is used when
installed, as it is with helpgen's dependencies; h11 remains the fallback.

asyncio turns Nagle's algorithm off only for sockets whose protocol number is TCP. With
`--workers N` uvicorn binds the listening socket itself with protocol 0, so accepted
connections keep Nagle on: a keep-alive client then waits ~40 ms (delayed ACK) for
every response written in two parts. Setting the option here makes both modes equal.
"""

from __future__ import annotations

import socket

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Protocol
except ImportError:  # httptools is not installed (a platform without a wheel): h11 still works
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Protocol

PROTOCOL = "helpgen.serve.protocol:NoDelayProtocol"


class NoDelayProtocol(_Protocol):
    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass  # not a TCP socket after all: nothing to tune
        super().connection_made(transport)
