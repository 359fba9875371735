"""Test kit: a harness around the real Application driven by the fake Bot API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update

from bot.telegram.context import HeysApp
from bot.telegram.fakebot import Call, FakeBotApi, Person, UpdateFactory

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
        message = under.as_message() if under is not None else None
        await self.feed(self.updates.button(data, on_message=message))
        return self.api.last_message()

    async def drain_crisis_lane(self) -> None:
        """Wait for crisis replies still being retried in the background."""
        await self.app.bot_data["crisis_lane"].drain()

    async def deliver(self) -> int:
        """One round of the outbox worker, as its background task would run it."""
        worker = self.app.bot_data["delivery"]
        return int(await worker.deliver_due())

    def labels(self) -> list[str]:
        return [label for label, _ in self.api.last_message().buttons()]

    def forbidden_calls(self) -> list[str]:
        return [c.method for c in self.api.calls if c.method in FORBIDDEN_METHODS]


@dataclass
class OfficerSide:
    """An allow-listed officer in the officer group chat (or their own private chat)."""

    harness: Harness
    updates: UpdateFactory
    chat: dict[str, Any]

    async def send(self, text: str, **extra: Any) -> Call | None:
        before = len(self.harness.api.calls)
        await self.harness.feed(self.updates.text(text, chat=self.chat, **extra))
        return self.latest(before)

    async def reply(self, prompt: Call, text: str) -> Call | None:
        return await self.send(text, reply_to=prompt.as_message(self.chat))

    async def press(self, label: str, under: Call | None = None) -> Call | None:
        under = under or self.last()
        data = dict(under.buttons()).get(label)
        if data is None:
            raise AssertionError(f"no button {label!r}; buttons are {under.buttons()}")
        return await self.press_data(data, under)

    async def press_data(self, data: str, under: Call | None = None) -> Call | None:
        before = len(self.harness.api.calls)
        message = under.as_message(self.chat) if under is not None else None
        await self.harness.feed(self.updates.button(data, on_message=message, chat=self.chat))
        return self.latest(before)

    def _chats(self) -> set[int]:
        # The officer chat, and the officer's own private chat with the bot (where View goes).
        return {self.chat["id"], self.updates.person.user_id}

    def messages(self) -> list[Call]:
        shown = self.harness.api.calls_to("sendMessage", "editMessageText", "sendDocument")
        return [c for c in shown if c.chat_id in self._chats()]

    def last(self) -> Call:
        shown = self.messages()
        if not shown:
            raise AssertionError("nothing was sent to the officer")
        return shown[-1]

    def latest(self, since: int) -> Call | None:
        calls = [
            c
            for c in self.harness.api.calls[since:]
            if c.method in {"sendMessage", "editMessageText", "sendDocument"}
            and c.chat_id in self._chats()
        ]
        return calls[-1] if calls else None
