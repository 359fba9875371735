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
    if choice == "ask":
        await offer_reminders(update, context)
        return
    chat = update.effective_chat
    if chat is None:
        return
    reminders, content, audience = (
        context.services.reminders,
        context.services.content,
        context.audience,
    )
    if choice == "yes":
        await reminders.opt_in(chat.id, audience)
        note = content.texts.remind_saved.for_(audience)
    elif choice == "keep":
        if not await reminders.is_opted_in(chat.id):  # gone since (/forget): ask again
            await offer_reminders(update, context)
            return
        note = content.texts.remind_kept.for_(audience)
    elif await reminders.opt_out(chat.id):
        note = content.texts.remind_stopped.for_(audience)
    else:
        note = content.texts.remind_declined.for_(audience)
    await show(update, context, screens.notice_view(content, audience, note))


def register(app: HeysApp) -> None:
    app.add_handler(CommandHandler("remind", offer_reminders, filters=PRIVATE))
    app.add_handler(ButtonHandler(on_remind_button, pattern=RemindButton.matches))
