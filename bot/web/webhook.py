"""A secret-guarded POST endpoint on the same Starlette and uvicorn as the web chat, for the
Telegram webhook (bot/telegram/webhook.py supplies what to do with the body).

The secret is compared in constant time from the headers before a byte of the body is read
(403 otherwise); a body declared or found to be over the cap is refused (413) without being
kept; headers and then the body must each arrive within the read timeout (the server closes a
connection stalled in its headers; a stalled body gets 408 and the connection is closed). The
body's handler runs before the answer, and decides its status (2xx only if it was processed).
"""

from __future__ import annotations

import asyncio
import hmac
import socket
from collections.abc import Awaitable, Callable

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.web.serve import HeadersOnTime, QuietServer

BodyHandler = Callable[[bytes], Awaitable[int]]
WebApp = Starlette
__all__ = [
    "BodyHandler",
    "GuardedServer",
    "Route",
    "WebApp",
    "add_route",
    "app_of",
    "guarded_route",
]


class _Refused(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


def app_of(*routes: Route) -> WebApp:
    """An app serving these routes (the webhook without the web chat)."""
    return Starlette(routes=list(routes))


def add_route(web_app: WebApp, route: Route) -> None:
    """Serve one more route on a running app (the webhook beside the web chat): it is tried
    first, so the web chat's own paths never shadow it."""
    web_app.router.routes.insert(0, route)


def guarded_route(
    path: str,
    secret: bytes,
    secret_header: str,
    handle: BodyHandler,
    *,
    max_body: int,
    read_timeout: float,
) -> Route:
    async def endpoint(request: Request) -> Response:
        given = request.headers.get(secret_header, "").encode()
        if not hmac.compare_digest(given, secret):
            return _closing(403)
        try:
            body = await _body(request, max_body, read_timeout)
        except _Refused as refused:
            return _closing(refused.status)
        return Response(status_code=await handle(body))

    return Route(path, endpoint, methods=["POST"])


async def _body(request: Request, cap: int, read_timeout: float) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _Refused(413)
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(read_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > cap:  # a chunked body has no length up front
                    raise _Refused(413)
                chunks.append(chunk)
    except TimeoutError:
        raise _Refused(408) from None
    return b"".join(chunks)


def _closing(status: int) -> Response:
    """Refused: answered at once and the connection closed, whatever is left unread on it."""
    return Response(status_code=status, headers={"connection": "close"})


class GuardedServer:
    """The endpoint's server: uvicorn in this event loop, with the header timeout."""

    def __init__(self, app: Starlette, read_timeout: float, shutdown_within: float) -> None:
        self._app = app
        self._read_timeout = read_timeout
        self._shutdown_within = shutdown_within
        self._server: QuietServer | None = None
        self._task: asyncio.Task[None] | None = None

    def listen(self, port: int, host: str) -> None:
        """Bind now (so a port in use fails here) and serve in the running loop."""
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        protocol = type("Headers", (HeadersOnTime,), {"read_timeout": self._read_timeout})
        config = uvicorn.Config(
            self._app,
            access_log=False,
            log_config=None,
            log_level="warning",
            proxy_headers=False,
            server_header=False,
            date_header=False,
            lifespan="off",
            http=protocol,
            timeout_keep_alive=int(max(1, self._read_timeout)),
            timeout_graceful_shutdown=int(self._shutdown_within),
        )
        self._server = QuietServer(config)
        self._task = asyncio.get_running_loop().create_task(self._server.serve(sockets=[sock]))

    async def close(self) -> None:
        """No new requests; those in flight finish (within the shutdown time)."""
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        await self._task
