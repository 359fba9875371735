"""Reminders journey: /remind, and the choice to start or stop board-meeting reminders."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import screens
from bot.callback_data import RemindButton
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import PRIVATE, ButtonHandler, button_data, show


async def offer_reminders(update: Update, context: BotContext) -> None:
    """/remind or the "Remind me" button on the meetings screen: explain, then choose."""
    chat = update.effective_chat
    if chat is None:
        return
    opted_in = await context.services.reminders.is_opted_in(chat.id)
    await show(
        update, context, screens.remind_view(context.services.content, context.audience, opted_in)
    )


async def on_remind_button(update: Update, context: BotContext) -> None:
    """Yes, remind me / No, thank you / Stop reminders / Keep them."""
    choice = RemindButton.unpack(button_data(update)).choice
    chat = update.effective_chat
    if choice == "ask" or chat is None:
        if chat is not None:
            await offer_reminders(update, context)
        return
    note = await _choose(context, chat.id, choice)
    if note is None:  # "Keep them", but they are gone since (/forget): ask again
        await offer_reminders(update, context)
        return
    content, audience = context.services.content, context.audience
    await show(update, context, screens.notice_view(content, audience, note))


async def _choose(context: BotContext, chat_id: int, choice: str) -> str | None:
    """What the choice did, in words; None for "Keep them" with nothing left to keep."""
    reminders, t, audience = (
        context.services.reminders,
        context.services.content.texts,
        context.audience,
    )
    if choice == "yes":
        await reminders.opt_in(chat_id, audience)
        return t.remind_saved.for_(audience)
    if choice == "keep":
        return t.remind_kept.for_(audience) if await reminders.is_opted_in(chat_id) else None
    if await reminders.opt_out(chat_id):
        return t.remind_stopped.for_(audience)
    return t.remind_declined.for_(audience)


def register(app: HeysApp) -> None:
    app.add_handler(CommandHandler("remind", offer_reminders, filters=PRIVATE))
    app.add_handler(ButtonHandler(on_remind_button, pattern=RemindButton.matches))
