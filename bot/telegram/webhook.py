"""Webhook mode: our own small HTTP endpoint (tornado, from PTB's webhooks extra).

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
import contextlib
import hmac
import json
import logging
import signal
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.web
from telegram import Update

from bot.app import ALLOWED_UPDATES
from bot.config import Settings
from bot.telegram.context import RETRY_WANTED, HeysApp

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 -- a header name
# Telegram waits about 60 s for an answer; leave room for the network.
PROCESS_WITHIN = 45.0
# Telegram's updates are a few kilobytes; a message is at most 4096 characters.
MAX_BODY = 1024 * 1024
# Tornado's own limits sit just above ours, as a backstop: its refusal is a bare 400.
_SERVER_MAX_BODY = MAX_BODY + 64 * 1024
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


@tornado.web.stream_request_body
class UpdateEndpoint(tornado.web.RequestHandler):
    """POST from Telegram: headers are checked before the body streams in (data_received)."""

    def initialize(self, app: HeysApp, secret: bytes, counts: WebhookCounts) -> None:
        self._app = app
        self._secret = secret
        self._counts = counts
        self._chunks: list[bytes] = []
        self._size = 0
        self._refused = False

    def check_xsrf_cookie(self) -> None:  # Telegram sends no cookies; the secret is the check
        return None

    def prepare(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            self._refuse(403)
            return
        with contextlib.suppress(ValueError):  # a malformed length is tornado's to refuse
            if int(self.request.headers.get("Content-Length", "0")) > MAX_BODY:
                self._refuse(413)

    def data_received(self, chunk: bytes) -> None:
        if self._refused:
            return
        self._size += len(chunk)
        if self._size > MAX_BODY:  # a chunked body has no length up front
            self._chunks.clear()
            self._refuse(413)
            return
        self._chunks.append(chunk)

    def _refuse(self, status: int) -> None:
        # Finishing before the body is read makes tornado close the connection, unread.
        self._refused = True
        self.set_status(status)
        self.finish()

    async def post(self) -> None:
        if self._refused:  # refused while the body was arriving
            return
        body, self._chunks = b"".join(self._chunks), []
        try:
            update = Update.de_json(read_update(body), self._app.bot)
        except Exception as error:  # any shape of junk: sending it again would not help
            self._counts.not_updates += 1
            log.warning(
                "Dropped a webhook request that was not an update (%s); %d dropped so far",
                error if isinstance(error, NotAnUpdate) else type(error).__name__,
                self._counts.not_updates,
            )  # never the body
            self.set_status(200)
            return
        retry: list[bool] = []
        token = RETRY_WANTED.set(retry)
        work = self._app.process_update(update)
        try:
            # In its chat's turn: the chat's earlier updates finish first (ordering.py).
            await asyncio.wait_for(
                self._app.update_processor.process_update(update, work), timeout=PROCESS_WITHIN
            )
        except TimeoutError:
            log.error("An update took too long to process; asking Telegram to send it again")
            retry.append(True)
        finally:
            work.close()  # if it never got its turn, it never will
            RETRY_WANTED.reset(token)
        self.set_status(503 if retry else 200)


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


def make_web_app(
    app: HeysApp, secret: str, path: str, counts: WebhookCounts | None = None
) -> tornado.web.Application:
    options = {"app": app, "secret": secret.encode(), "counts": counts or WebhookCounts()}
    return tornado.web.Application([(path, UpdateEndpoint, options)])


def make_server(
    web_app: tornado.web.Application, read_timeout: float = READ_TIMEOUT
) -> tornado.httpserver.HTTPServer:
    """The HTTP server with its limits: bodies capped, slow headers and bodies cut off."""
    return tornado.httpserver.HTTPServer(
        web_app,
        xheaders=True,
        max_body_size=_SERVER_MAX_BODY,
        max_buffer_size=_SERVER_MAX_BODY,
        body_timeout=read_timeout,
        idle_connection_timeout=read_timeout,  # tornado's wait for headers (default: an hour)
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
    server = make_server(
        make_web_app(app, secret, webhook_path(settings.webhook_url)),
        settings.webhook_read_timeout,
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
