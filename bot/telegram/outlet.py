"""The Telegram outlet: how a channel-neutral journey reaches a person on Telegram."""

from __future__ import annotations

from telegram import Update

from bot.domain import Channel
from bot.journeys.session import Session
from bot.screens import Screen
from bot.telegram.context import BotContext
from bot.telegram.handlers.common import send_view, show


class TelegramOutlet:
    """One update's conversation: replies edit the pressed message or follow it; help numbers
    go on the crisis lane."""

    def __init__(self, update: Update, context: BotContext, person: int, chat: int) -> None:
        self._update = update
        self._context = context
        self._person = person
        self._chat = chat

    @classmethod
    def of(cls, update: Update, context: BotContext) -> TelegramOutlet | None:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return None
        return cls(update, context, user.id, chat.id)

    @property
    def channel(self) -> Channel:
        return Channel.TELEGRAM

    @property
    def person(self) -> int:
        return self._person

    @property
    def chat(self) -> int:
        return self._chat

    @property
    def message_key(self) -> str:
        message = self._update.effective_message
        return f"update:{self._update.update_id}:{message.message_id if message else 0}"

    async def show(self, screen: Screen) -> None:
        await show(self._update, self._context, screen)

    async def send(self, screen: Screen) -> None:
        await send_view(self._context.bot, self._chat, screen)

    async def crisis(self, screen: Screen, *, once_per_window: bool = True) -> bool:
        return await self._context.crisis.send(self._chat, screen, once_per_window=once_per_window)

    def retry_later(self) -> None:
        self._context.ask_telegram_to_retry()

    def wake_delivery(self) -> None:
        self._context.wake_delivery()


def session_of(context: BotContext) -> Session:
    """The person's journey state, in PTB's in-memory user_data (never persisted)."""
    return Session(context.user_data)
