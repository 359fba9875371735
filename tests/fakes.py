"""Test kit: a harness around the real Application driven by the fake Bot API."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update

from bot.context import HeysApp
from bot.fakebot import Call, FakeBotApi, Person, UpdateFactory

__all__ = ["Call", "FakeBotApi", "Harness", "MovableClock", "Person", "UpdateFactory"]

# Bot API methods a child-facing flow must never call (P-03, P-07, P-08).
FORBIDDEN_METHODS = {"forwardMessage", "forwardMessages", "getChat", "getChatMember", "getFile"}


class MovableClock:
    """A clock tests can move forward."""

    def __init__(self, start: datetime = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class Harness:
    """Sends updates through app.process_update and reads back what the bot did."""

    app: HeysApp
    api: FakeBotApi
    updates: UpdateFactory
    errors: list[BaseException] = field(default_factory=list)
    clock: MovableClock = field(default_factory=MovableClock)

    async def feed(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def send(self, text: str) -> Call:
        await self.feed(self.updates.text(text))
        return self.api.last_message()

    async def press(self, label: str) -> Call:
        """Press the button with this label under the latest message."""
        last = self.api.last_message()
        data = dict(last.buttons()).get(label)
        if data is None:
            raise AssertionError(f"no button {label!r}; buttons are {last.buttons()}")
        return await self.press_data(data, last)

    async def press_data(self, data: str, under: Call | None = None) -> Call:
        message = _as_message(under) if under is not None else None
        await self.feed(self.updates.button(data, on_message=message))
        return self.api.last_message()

    def labels(self) -> list[str]:
        return [label for label, _ in self.api.last_message().buttons()]

    def forbidden_calls(self) -> list[str]:
        return [c.method for c in self.api.calls if c.method in FORBIDDEN_METHODS]


def _as_message(call: Call) -> dict[str, Any]:
    markup = call.params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    message: dict[str, Any] = {
        "message_id": int(call.params.get("message_id") or 1),
        "date": 0,
        "chat": {"id": call.chat_id, "type": "private"},
        "from": {"id": 1, "is_bot": True, "first_name": "Bot"},
        "text": call.text or "…",
    }
    if markup:
        message["reply_markup"] = markup
    return message
