"""A small HTTP adapter between the bot and the telegram-test-api emulator.

The emulator is independent of our code, which is the point, but it has gaps; they are bridged
here, in the test, never in the bot:
- getMe has no `is_bot`;
- message dates are in milliseconds;
- callback queries have no `chat_instance`;
- sent messages come back with the form fields echoed, JSON still as text;
- methods it does not know (setMyCommands, sendDocument, leaveChat …) are answered `ok`.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import tornado.httpserver
import tornado.web

from bot.telegram.fakebot import free_port

EMULATED = {
    "getMe",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "deleteMessage",
    "deleteWebhook",
    "setWebhook",
}


def _seconds(value: Any) -> Any:
    return value // 1000 if isinstance(value, int) and value > 10**11 else value


def _fix_message(message: dict[str, Any]) -> dict[str, Any]:
    message["date"] = _seconds(message.get("date", 0))
    # The emulator echoes the form fields it was sent, JSON still as text.
    for key in ("link_preview_options", "reply_markup", "entities"):
        if isinstance(message.get(key), str):
            message[key] = json.loads(message[key])
    if not isinstance(message.get("reply_markup"), dict) or "inline_keyboard" not in message.get(
        "reply_markup", {}
    ):
        message.pop("reply_markup", None)
    return message


def _fix(method: str, body: dict[str, Any]) -> dict[str, Any]:
    result = body.get("result")
    if method == "getMe" and isinstance(result, dict):
        result.setdefault("is_bot", True)
    elif method == "getUpdates" and isinstance(result, list):
        for update in result:
            if "message" in update:
                _fix_message(update["message"])
            query = update.get("callback_query")
            if query:
                query.setdefault("chat_instance", "e2e")
                if query.get("message"):
                    _fix_message(query["message"])
    elif isinstance(result, dict) and "message_id" in result:
        _fix_message(result)
    return body


class Adapter:
    def __init__(self, emulator: str) -> None:
        self.emulator = emulator
        self.port = free_port()
        self._server: tornado.httpserver.HTTPServer | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> None:
        owner = self

        class Forward(tornado.web.RequestHandler):
            def check_xsrf_cookie(self) -> None:
                return None

            async def post(self, token: str, method: str) -> None:
                self.set_header("Content-Type", "application/json")
                if method not in EMULATED:
                    self.write(json.dumps({"ok": True, "result": True}))
                    return
                async with httpx.AsyncClient() as client:
                    answer = await client.post(
                        f"{owner.emulator}/bot{token}/{method}",
                        content=self.request.body,
                        headers={"Content-Type": self.request.headers.get("Content-Type", "")},
                        timeout=30,
                    )
                self.set_status(answer.status_code)
                self.write(json.dumps(_fix(method, answer.json())))

        app = tornado.web.Application([(r"/bot([^/]+)/(\w+)", Forward)])
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.listen(self.port, "127.0.0.1")

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
