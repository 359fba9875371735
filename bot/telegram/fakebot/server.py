"""Fake Bot API over HTTP: a local server the real bot can be pointed at."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from typing import Any

from bot.telegram.fakebot.api import Call, FakeBotApi, HtmlError, _TooLong


def free_port() -> int:
    """A port on this machine that nothing is listening on (for the HTTP fakes in tests)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeTelegramServer:
    """The fake Bot API behind a real HTTP port: for a bot in another process (set
    HYS_TELEGRAM_BASE_URL to http://127.0.0.1:PORT/bot) or for measuring real request rates.

    getUpdates follows Telegram's offset rules: an update is delivered again until a later call
    confirms it with a higher offset, so a bot that stops uncleanly sees it again. Several bots
    (one per council) can share it: each call is recorded with the bot's id, and an update added
    for one bot is given only to that bot. With
    `max_per_second`, more sendMessage calls than that in any one second get 429 RetryAfter,
    as Telegram's flood control would."""

    def __init__(
        self,
        *,
        max_per_second: int | None = None,
        poll_wait: float = 0.5,
        send_delay: float = 0.0,
        batch: int = 100,
        poll_delay: float = 0.0,
    ) -> None:
        self.api = FakeBotApi()
        self.send_delay = send_delay
        self.batch = batch
        self.poll_delay = poll_delay
        # (bot id or None for any bot, update)
        self.pending: list[tuple[int | None, dict[str, Any]]] = []
        self.polled_by: set[int | None] = set()  # the bots that have asked for updates
        self.max_per_second = max_per_second
        self.poll_wait = poll_wait
        self.sent_at: list[float] = []
        self.too_many = 0
        self._window: deque[float] = deque()
        self._server: Any = None
        self.port = 0

    def add_update(self, update: dict[str, Any], bot_id: int | None = None) -> None:
        self.pending.append((bot_id, update))

    async def start(self) -> int:
        import tornado.httpserver
        import tornado.web

        owner = self

        class Endpoint(tornado.web.RequestHandler):
            def check_xsrf_cookie(self) -> None:
                return None

            async def post(self, token: str, method: str) -> None:
                # PTB posts form fields whose values are JSON (objects, lists, numbers, text).
                params: dict[str, Any] = {}
                for name, values in self.request.body_arguments.items():
                    raw = values[-1].decode()
                    try:
                        params[name] = json.loads(raw)
                    except ValueError:
                        params[name] = raw
                if not params and self.request.body.strip().startswith(b"{"):
                    params = json.loads(self.request.body)
                bot_id = int(token.partition(":")[0]) if token[:1].isdigit() else None
                status, payload = await owner.answer(method, params, bot_id)
                self.set_status(status)
                self.set_header("Content-Type", "application/json")
                self.write(payload)

        self.port = free_port()
        app = tornado.web.Application([(r"/bot([^/]+)/(\w+)", Endpoint)])
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.listen(self.port, "127.0.0.1")
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def _pending_for(self, bot_id: int | None) -> list[dict[str, Any]]:
        return [u for owner, u in self.pending if owner in (None, bot_id)]

    async def answer(
        self, method: str, params: dict[str, Any], bot_id: int | None = None
    ) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        if method == "getUpdates":
            self.polled_by.add(bot_id)
            offset = int(params.get("offset") or 0)
            self.pending = [
                (owner, u)
                for owner, u in self.pending
                if owner not in (None, bot_id) or u["update_id"] >= offset
            ]
            if self.poll_delay:
                await asyncio.sleep(self.poll_delay)
            if not self._pending_for(bot_id):
                await asyncio.sleep(min(float(params.get("timeout") or 0), self.poll_wait))
            limit = min(int(params.get("limit") or 100), self.batch)
            result = self._pending_for(bot_id)[:limit]
            return 200, json.dumps({"ok": True, "result": result}).encode()
        if method == "sendMessage" and self.max_per_second is not None:
            now = loop.time()
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if len(self._window) >= self.max_per_second:
                self.too_many += 1
                return FakeBotApi._error(429, "Too Many Requests: retry after 1", retry_after=1)
            self._window.append(now)
        if method == "sendMessage" and self.send_delay:
            await asyncio.sleep(self.send_delay)  # a slow network, so work is in flight
        call = Call(method, params, bot_id=bot_id)
        self.api.calls.append(call)
        try:
            result = self.api._answer(method, params)
        except HtmlError as error:
            return FakeBotApi._error(400, f"Bad Request: can't parse entities: {error}")
        except _TooLong:
            return FakeBotApi._error(400, "Bad Request: message is too long")
        if isinstance(result, dict):
            call.result.update(result)
        if method == "sendMessage":
            self.sent_at.append(loop.time())
        return 200, json.dumps({"ok": True, "result": result}).encode()
