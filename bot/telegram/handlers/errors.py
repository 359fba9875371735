"""Errors: the global error handler; logs no content, says sorry kindly, keeps the bot running."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import Conflict, Forbidden, TelegramError

from bot import screens
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import send_view

log = logging.getLogger(__name__)


def describe(error: BaseException | None) -> str:
    """Where it failed, without the exception message (which may quote what someone typed)."""
    if error is None:
        return "unknown error"
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{f.name}:{f.lineno}" for f in reversed(frames[-3:]))
    return f"{type(error).__name__} at {where or 'unknown place'}"


CONFLICT_REPORTED = "conflict_reported"


async def on_error(update: object, context: BotContext) -> None:
    """Any exception a handler or job raised, or a failure fetching updates."""
    if update is None and isinstance(context.error, TelegramError):
        _fetching_failed(context)
        return
    log.error("Handling an update failed: %s", describe(context.error))
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat, user = update.effective_chat, update.effective_user
    if isinstance(context.error, Forbidden):
        return
    content, access = context.services.content, context.services.access
    from_officer = user is not None and access.is_officer_id(user.id)
    if chat.id == access.officer_chat_id or (from_officer and chat.type == chat.PRIVATE):
        # Officers get a short note too (never the text of any item), not silence.
        view = screens.officer_note(content, content.texts.officer_error)
    elif chat.type == chat.PRIVATE:
        note = content.texts.error_generic.for_(context.audience)
        view = screens.notice_view(content, context.audience, note)
    else:
        return
    try:
        await send_view(context.bot, chat.id, view)
    except TelegramError as error:
        log.warning("Could not send the sorry message: %s", type(error).__name__)


def _fetching_failed(context: BotContext) -> None:
    """A second copy of the bot polling the same token gets Conflict on every poll: say so once,
    clearly, instead of flooding the log; PTB keeps retrying with backoff."""
    if isinstance(context.error, Conflict):
        if not context.bot_data.get(CONFLICT_REPORTED):
            log.error(
                "Another copy of this bot is running with the same token. Only one may receive "
                "updates: stop the other copy. This one keeps trying quietly."
            )
            context.bot_data[CONFLICT_REPORTED] = True
        return
    log.warning("Fetching updates failed (%s); retrying", type(context.error).__name__)


def register(app: HeysApp) -> None:
    app.add_error_handler(on_error)
