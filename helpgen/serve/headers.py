"""Response headers every answer carries: security headers, and CORS for the API."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PRIVATE = {"cache-control": "no-store", "x-robots-tag": "noindex"}
"""Headers of every answer with the admin's data (statistics): never kept by a browser or a proxy,
never indexed."""


def content_security_policy(extra_connect: tuple[str, ...] = ()) -> str:
    """No inline script or style, nothing from other origins but images (articles link them)."""
    connect = " ".join(("'self'",) + extra_connect)
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
        f"font-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'self'"
    )


def origin_of(url: str | None) -> str | None:
    """`https://api.example.com` for an absolute URL, None for a same-origin path."""
    if not url or "://" not in url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def security_headers(csp: str) -> dict[str, str]:
    """The headers every answer carries, unless the answer set its own."""
    return {
        "content-security-policy": csp,
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "x-frame-options": "SAMEORIGIN",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    }


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]):
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:  # an answer's own value wins
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cors_headers(
    origin: str | None, allowed: frozenset[str], methods: str = "GET, OPTIONS"
) -> dict[str, str]:
    """CORS headers for an API answer: only for origins on the allow-list (no credentials, ever)."""
    if not origin or origin not in allowed:
        return {"vary": "Origin"}
    return {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": methods,
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "600",
        "vary": "Origin",
    }
