"""Webhook mode: our own endpoint, on the same Starlette and uvicorn as the web chat.

Why not PTB's built-in webhook server: it compares the secret with `!=`, answers 200 before the
update is processed, and logs the raw update (message text) when it cannot parse one. Here the
secret is checked in constant time from the headers, before a byte of the body is read (403
otherwise); a body over 1 MiB is refused (413) without being kept; a client that stalls while
sending headers or body is cut off after `HYS_WEBHOOK_READ_TIMEOUT` seconds. A body with the
right secret that is not an update is counted and dropped with a 200 (sending it again would not
help). The update is processed, in its chat's turn, before we answer, and the answer is 2xx only
if what had to be saved was saved — otherwise 503, so Telegram delivers it again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import Update

from bot.app import ALLOWED_UPDATES, WEB_KEY, stop_app, stop_web
from bot.config import Settings
from bot.telegram.context import RETRY_WANTED, HeysApp
from bot.telegram.routing import PEER_SUFFIX, Router
from bot.web.webhook import (
    BodyHandler,
    GuardedServer,
    Route,
    WebApp,
    add_route,
    app_of,
    guarded_route,
)

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 -- a header name
# Telegram waits about 60 s for an answer; leave room for the network.
PROCESS_WITHIN = 45.0
# Telegram's updates are a few kilobytes; a message is at most 4096 characters.
MAX_BODY = 1024 * 1024
# How long a client may take over its headers, and then over its body (the setting's default).
READ_TIMEOUT = 10.0


@dataclass
class WebhookCounts:
    """What the endpoint dropped; numbers only, never what was sent."""

    not_updates: int = 0  # right secret, but the body was not an update


class NotAnUpdate(ValueError):
    """The body had the right secret but is not a Telegram update."""


def read_update(body: bytes) -> dict[str, Any]:
    """The update's JSON object, or NotAnUpdate. The message never quotes the body."""
    try:
        data = json.loads(body)
    except RecursionError:  # deeply nested junk
        raise NotAnUpdate("nested too deeply") from None
    except ValueError:  # not JSON, or not UTF-8
        raise NotAnUpdate("not JSON") from None
    if not isinstance(data, dict):
        raise NotAnUpdate(f"JSON {type(data).__name__}, not an object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise NotAnUpdate("no update_id")
    return data


def update_handler(
    app: HeysApp, counts: WebhookCounts, router: Router | None = None
) -> BodyHandler:
    """What to do with a body that came with the right secret: 200 once processed; 503 if
    what had to be saved was not (Telegram sends it again); junk counted, dropped, 200. With a
    `router` (several processes), another process's person's update is passed on to it."""

    async def handle(body: bytes) -> int:
        try:
            data = read_update(body)
            if router is not None and not router.mine(data):
                answer = await router.pass_on(data, body)
                if answer is not None:
                    return answer
            update = Update.de_json(data, app.bot)
        except Exception as error:  # any shape of junk: sending it again would not help
            counts.not_updates += 1
            log.warning(
                "Dropped a webhook request that was not an update (%s); %d dropped so far",
                error if isinstance(error, NotAnUpdate) else type(error).__name__,
                counts.not_updates,
            )  # never the body
            return 200
        retry: list[bool] = []
        token = RETRY_WANTED.set(retry)
        work = app.process_update(update)
        try:
            # In its chat's turn: the chat's earlier updates finish first (ordering.py).
            await asyncio.wait_for(
                app.update_processor.process_update(update, work), timeout=PROCESS_WITHIN
            )
        except TimeoutError:
            log.error("An update took too long to process; asking Telegram to send it again")
            retry.append(True)
        finally:
            work.close()  # if it never got its turn, it never will
            RETRY_WANTED.reset(token)
        return 503 if retry else 200

    return handle


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


def webhook_route(
    app: HeysApp,
    secret: str,
    path: str,
    counts: WebhookCounts | None = None,
    read_timeout: float = READ_TIMEOUT,
    router: Router | None = None,
) -> Route:
    handle = update_handler(app, counts or WebhookCounts(), router)
    return guarded_route(
        path, secret.encode(), SECRET_HEADER, handle, max_body=MAX_BODY, read_timeout=read_timeout
    )


def peer_route(
    app: HeysApp, secret: str, path: str, counts: WebhookCounts, read_timeout: float
) -> Route:
    """Where another process passes on this process's people's updates (never passed on)."""
    return guarded_route(
        path.rstrip("/") + PEER_SUFFIX,
        secret.encode(),
        SECRET_HEADER,
        update_handler(app, counts),
        max_body=MAX_BODY,
        read_timeout=read_timeout,
    )


def make_web_app(
    app: HeysApp,
    secret: str,
    path: str,
    counts: WebhookCounts | None = None,
    read_timeout: float = READ_TIMEOUT,
) -> WebApp:
    return app_of(webhook_route(app, secret, path, counts, read_timeout))


def make_server(web_app: WebApp, read_timeout: float = READ_TIMEOUT) -> GuardedServer:
    """The HTTP server with its limits: bodies capped, slow headers and bodies cut off."""
    return GuardedServer(web_app, read_timeout, shutdown_within=PROCESS_WITHIN)


async def serve_many(bots: list[tuple[HeysApp, Settings]], stop: asyncio.Event) -> None:
    """Start every council's bot, register each one's webhook (each at its own path on the one
    webhook port), serve until asked to stop, then stop in order: no new requests, in-flight
    ones finished, jobs and outbox workers stopped, databases closed. The webhooks stay
    registered, so Telegram keeps what arrives while we are down."""
    for _, settings in bots:
        if settings.webhook_url is None or settings.webhook_secret is None:
            raise ValueError("webhook mode needs HYS_WEBHOOK_URL and HYS_WEBHOOK_SECRET")
    shared = bots[0][1]
    timeout = shared.webhook_read_timeout
    started: list[HeysApp] = []
    routers: list[Router] = []
    server: GuardedServer | None = None
    carried = False  # the web chat's server carries the webhook
    try:
        routes: list[Route] = []
        for app, settings in bots:
            await app.initialize()
            started.append(app)
            if app.post_init is not None:
                await app.post_init(app)
            await app.start()
            routes += _routes_of(app, settings, routers)
        web_chat = started[0].bot_data.get(WEB_KEY) if len(bots) == 1 else None
        if web_chat is not None:  # one server for everything web: the webhook beside the chat
            for route in routes:
                add_route(web_chat[0].config.app, route)
            port, carried = web_chat[0].config.port, True
        else:
            server = make_server(app_of(*routes), timeout)
            server.listen(shared.webhook_port, shared.webhook_listen)
            port = shared.webhook_port
        for app, settings in bots:
            await app.bot.set_webhook(
                str(settings.webhook_url),
                secret_token=_secret(settings),
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
        log.info("Webhook mode: listening on port %d for %d council(s)", port, len(bots))
        await stop.wait()
    finally:
        # No new requests; those in flight finish first (the web chat's server, if it carries
        # the webhook, stops here rather than after the bot).
        if server is not None:
            await server.close()
        elif carried and (served := started[0].bot_data.pop(WEB_KEY, None)) is not None:
            await stop_web(*served)
        for router in routers:
            await router.close()
        for app in reversed(started):
            await stop_app(app)


def _secret(settings: Settings) -> str:
    if settings.webhook_secret is None:
        raise ValueError("webhook mode needs HYS_WEBHOOK_SECRET")
    return settings.webhook_secret.get_secret_value()


def _routes_of(app: HeysApp, settings: Settings, routers: list[Router]) -> list[Route]:
    """One council's webhook route, and with several processes its peers' route."""
    secret, timeout = _secret(settings), settings.webhook_read_timeout
    path, counts = webhook_path(str(settings.webhook_url)), WebhookCounts()
    if not settings.peers:
        return [webhook_route(app, secret, path, counts, timeout)]
    router = Router(settings.peers, settings.peer_index or 0, path, secret)
    routers.append(router)
    return [
        webhook_route(app, secret, path, counts, timeout, router),
        peer_route(app, secret, path, counts, timeout),
    ]


def run_webhook(bots: list[tuple[HeysApp, Settings]]) -> None:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await serve_many(bots, stop)

    asyncio.run(main())
