"""Who may POST votes and events: the help center's own pages and the CORS allow-list.

A page on any other site can make a visitor's browser send a POST without asking first
(no CORS preflight) when its body is a "simple" one: `text/plain`, a form, or a
`sendBeacon`. So the content type and the sender's origin are checked together:

- `application/json` (a `charset` parameter allowed, nothing else): a browser sends it
  cross-origin only after a preflight, which passes for the allow-list alone. A request
  that still names another origin (its `Origin`, or lacking that its `Referer`) is refused
  as well: a non-browser client could forge it, and nothing legitimate sends it. One that
  names none is a server-side client (a script, a CRM), which the API is for.
- `text/plain` (what a beacon sends): only with an `Origin` (or `Referer`) that is the help
  center itself (the Host it is served on, or `site_url`) or on the allow-list.
- anything else: 415.

What the origin check stops is a browser tricked into voting; a client that forges its
headers is limited by the rate limit, as any client is. docs/production.md says so.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from helpgen.serve.headers import origin_of

JSON = "application/json"
BEACON = "text/plain"


class Refused(Exception):
    """A POST that is not taken: `status` (403 or 415) and a message saying why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def media_type(content_type: str | None) -> tuple[str, set[str]]:
    """(`type/subtype` in lower case, the names of its parameters) of a Content-Type header."""
    kind, *params = (content_type or "").split(";")
    return kind.strip().lower(), {p.split("=", 1)[0].strip().lower() for p in params if p.strip()}


def sender(headers: Mapping[str, str]) -> str | None:
    """The origin a request says it comes from: `Origin`, or the origin of `Referer`; None for
    neither. `Origin: null` (a sandboxed frame, a privacy redirect) and a Referer that is no
    absolute URL give "null", which no list holds."""
    origin = headers.get("origin")
    if origin:
        return origin.strip()
    referer = headers.get("referer")
    return (origin_of(referer) or "null") if referer else None


def check_sender(
    headers: Mapping[str, str],
    own: Collection[str],
    allowed: Collection[str],
    what: str,
    takes: str,
) -> None:
    """Raise Refused unless a POST with these headers may be taken (see the module's docstring).

    `own`: the help center's origins; `allowed`: the CORS allow-list; `what` the endpoint
    takes ("vote") and the content types its 415 names (`takes`)."""
    kind, params = media_type(headers.get("content-type"))
    origin = sender(headers)
    trusted = origin is not None and (origin in own or origin in allowed)
    if kind == JSON and params <= {"charset"}:
        if origin is None or trusted:
            return
    elif kind == BEACON:
        if trusted:
            return
    else:
        raise Refused(415, f"send the {what} as {takes}")
    raise Refused(
        403, f"{what}s are accepted from the help center's own pages and the CORS allow-list"
    )


def own_origins(scheme: str, host: str | None, site_url: str | None) -> set[str]:
    """The help center's own origins: where the request was sent (scheme and Host), site_url's."""
    return {o for o in (f"{scheme}://{host}" if host else None, origin_of(site_url)) if o}
