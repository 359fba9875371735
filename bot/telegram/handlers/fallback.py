"""Fallback journey: kind replies to stray text, unknown commands, media and stale buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot import screens
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import PRIVATE, show


async def point_to_menu(update: Update, context: BotContext) -> None:
    """Any typed text or command no journey claimed: a kind pointer to the menu."""
    content = context.services.content
    note = content.texts.unknown.for_(context.audience)
    await show(update, context, screens.notice_view(content, context.audience, note))


async def refuse_media(update: Update, context: BotContext) -> None:
    """A photo, voice note, sticker, file, location or contact: nothing is downloaded or kept."""
    content = context.services.content
    note = content.texts.media_only_text.for_(context.audience)
    await show(update, context, screens.notice_view(content, context.audience, note))


async def on_unknown_button(update: Update, context: BotContext) -> None:
    """A button whose data matches no family (old, or forged): refuse it and show the menu."""
    content = context.services.content
    note = content.texts.old_button.for_(context.audience)
    await show(update, context, screens.notice_view(content, context.audience, note))


def register(app: HeysApp) -> None:
    # Registered after every journey in group 0, so they only see what nothing else claimed.
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT, point_to_menu))
    app.add_handler(MessageHandler(PRIVATE & ~filters.TEXT, refuse_media))
    app.add_handler(CallbackQueryHandler(on_unknown_button))
