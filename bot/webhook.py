"""Webhook mode: our own small HTTP endpoint (tornado, from PTB's webhooks extra).

Why not PTB's built-in webhook server: it compares the secret with `!=`, answers 200 before the
update is processed, and logs the raw update (message text) when it cannot parse one. Here the
secret is checked in constant time before the body is even read as JSON (403 otherwise), the
update is processed before we answer, and the answer is 2xx only if what had to be saved was
saved — otherwise 503, so Telegram delivers it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.web
from telegram import Update

from bot.app import ALLOWED_UPDATES
from bot.config import Settings
from bot.context import RETRY_WANTED, HeysApp

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 -- a header name
# Telegram waits about 60 s for an answer; leave room for the network.
PROCESS_WITHIN = 45.0


class UpdateEndpoint(tornado.web.RequestHandler):
    def initialize(self, app: HeysApp, secret: bytes) -> None:
        self._app = app
        self._secret = secret

    def check_xsrf_cookie(self) -> None:  # Telegram sends no cookies; the secret is the check
        return None

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            self.set_status(403)
            return
        try:
            update = Update.de_json(json.loads(self.request.body), self._app.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("A webhook request could not be read as an update")  # never the body
            self.set_status(400)
            return
        retry: list[bool] = []
        token = RETRY_WANTED.set(retry)
        try:
            await asyncio.wait_for(self._app.process_update(update), timeout=PROCESS_WITHIN)
        except TimeoutError:
            log.error("An update took too long to process; asking Telegram to send it again")
            retry.append(True)
        finally:
            RETRY_WANTED.reset(token)
        self.set_status(503 if retry else 200)


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


def make_web_app(app: HeysApp, secret: str, path: str) -> tornado.web.Application:
    return tornado.web.Application(
        [(path, UpdateEndpoint, {"app": app, "secret": secret.encode()})]
    )


async def serve(app: HeysApp, settings: Settings, stop: asyncio.Event) -> None:
    """Start everything, register the webhook, serve until asked to stop, then stop in order:
    no new requests, in-flight ones finished, jobs and the outbox worker stopped, the database
    closed. The webhook stays registered, so Telegram keeps what arrives while we are down."""
    if settings.webhook_url is None or settings.webhook_secret is None:
        raise ValueError("webhook mode needs HYS_WEBHOOK_URL and HYS_WEBHOOK_SECRET")
    secret = settings.webhook_secret.get_secret_value()
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    server = tornado.httpserver.HTTPServer(
        make_web_app(app, secret, webhook_path(settings.webhook_url)), xheaders=True
    )
    server.listen(settings.webhook_port, settings.webhook_listen)
    try:
        await app.bot.set_webhook(
            settings.webhook_url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
        log.info("Webhook mode: listening on port %d", settings.webhook_port)
        await stop.wait()
    finally:
        server.stop()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(server.close_all_connections(), timeout=PROCESS_WITHIN)
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


def run_webhook(app: HeysApp, settings: Settings) -> None:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await serve(app, settings, stop)

    asyncio.run(main())
