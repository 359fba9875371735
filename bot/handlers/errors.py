"""Errors: the global error handler; logs no content, says sorry kindly, keeps the bot running."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot import ui
from bot.context import BotContext, HeysApp
from bot.handlers.common import send_view

log = logging.getLogger(__name__)


def describe(error: BaseException | None) -> str:
    """Where it failed, without the exception message (which may quote what someone typed)."""
    if error is None:
        return "unknown error"
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{f.name}:{f.lineno}" for f in reversed(frames[-3:]))
    return f"{type(error).__name__} at {where or 'unknown place'}"


async def on_error(update: object, context: BotContext) -> None:
    """Any exception a handler or job raised."""
    log.error("Handling an update failed: %s", describe(context.error))
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat = update.effective_chat
    if chat.type != chat.PRIVATE or isinstance(context.error, Forbidden):
        return
    content = context.services.content
    note = content.texts.error_generic.for_(context.audience)
    try:
        await send_view(context.bot, chat.id, ui.notice_view(content, context.audience, note))
    except TelegramError as error:
        log.warning("Could not send the sorry message: %s", type(error).__name__)


def register(app: HeysApp) -> None:
    app.add_error_handler(on_error)
