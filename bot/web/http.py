"""HTTP details of the web chat: the headers every response carries, bodies read with a cap,
and the one cookie."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.web.sessions import COOKIE

# A message is at most 2,000 characters: 4 bytes each, percent-encoded (x3), and the rest.
MAX_BODY = 32 * 1024
MAX_FIELDS = 8
# Seconds a client may take over a request's headers (serve.HeadersOnTime), then its body.
READ_TIMEOUT = 10.0

# Nothing from another origin, no inline script or style, no framing, forms post only here.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"
)
HEADERS = {
    "content-security-policy": CSP,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Pages hold someone's words: never kept by the browser or anything in between.
NO_STORE = "no-store"
HSTS = "max-age=31536000"


class TooBig(Exception):
    """The body is over the cap; nothing more is read."""


class TooSlow(Exception):
    """The body did not arrive in time; nothing of it is kept."""


class SecurityHeaders:
    """Adds the security headers to every response (pages, files and errors alike)."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                dropped = {b"cache-control", b"server"} | ({b"set-cookie"} if static else set())
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in dropped
                ]
                own = {k.lower() for k, _ in headers}  # a route's own policy stands
                headers += [
                    (k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in own
                ]
                found = static and message["status"] in {200, 304}
                cache = "public, max-age=3600" if found else NO_STORE
                headers.append((b"cache-control", cache.encode()))
                if self.https:
                    headers.append((b"strict-transport-security", HSTS.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def read_form(request: Request) -> dict[str, str]:
    """A urlencoded form, read up to MAX_BODY (refused before reading if it says it is bigger).
    Bytes that are not UTF-8 become U+FFFD, never an error; repeated fields keep the first."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise TooBig
    body = bytearray()
    try:
        async with asyncio.timeout(READ_TIMEOUT):  # a body that stalls is not waited for
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BODY:
                    raise TooBig
    except TimeoutError:
        raise TooSlow from None
    try:
        pairs = parse_qsl(
            body.decode("utf-8", errors="replace"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="replace",
            max_num_fields=MAX_FIELDS,
        )
    except ValueError:  # too many fields
        raise TooBig from None
    form: dict[str, str] = {}
    for name, value in pairs:
        form.setdefault(name, value.replace("\r\n", "\n"))
    return form


def set_cookie(response: Response, session_id: str, *, https: bool) -> None:
    """The one cookie: an opaque id, for this site only, never readable by script."""
    # No expiry date: it goes when the browser closes (and the session itself after an hour).
    response.set_cookie(
        COOKIE,
        session_id,
        path="/",
        secure=https,
        httponly=True,
        samesite="strict",
    )


def end_cookie(response: Response, *, https: bool) -> None:
    response.delete_cookie(COOKIE, path="/", secure=https, httponly=True, samesite="strict")
