"""Status journey: /status CODE, /delete CODE and /forget."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler

from bot import screens
from bot.domain import RateLimited
from bot.screens.model import say
from bot.services.status import DeleteOutcome
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import PRIVATE, delete_posts_of, show

log = logging.getLogger(__name__)


def _typed_code(context: BotContext) -> str:
    return " ".join(context.args or []).strip()


async def _too_many_guesses(update: Update, context: BotContext) -> bool:
    """After many wrong codes, stop looking for a while (and say so kindly)."""
    user = update.effective_user
    if user is None:
        return True
    try:
        context.services.code_guesses.check(user.id)
    except RateLimited:
        content, audience = context.services.content, context.audience
        note = content.texts.status_too_many.for_(audience)
        await show(update, context, screens.notice_view(content, audience, note))
        return True
    return False


def _wrong_code(update: Update, context: BotContext) -> None:
    if update.effective_user is not None:
        context.services.code_guesses.record(update.effective_user.id)


async def show_status(update: Update, context: BotContext) -> None:
    """/status CODE: what happened to that message."""
    await status_for(update, context, _typed_code(context))


async def status_if_code(update: Update, context: BotContext, typed: str) -> bool:
    """A receipt code typed on its own: its status, if it names a message. If not, a wrong
    guess, and False: the words are then taken as typed and screened ("Jade hits them" has a
    code's shape; a real code is never screened, its random letters could read as risk words)."""
    if await context.services.status.item_for_code(typed) is None:
        _wrong_code(update, context)
        return False
    await status_for(update, context, typed)
    return True


async def status_for(update: Update, context: BotContext, typed: str) -> None:
    """What happened to the message with the code they typed (after /status, or on its own)."""
    content, audience = context.services.content, context.audience
    if not typed:
        note = content.texts.status_usage.for_(audience)
        await show(update, context, screens.notice_view(content, audience, note))
        return
    if await _too_many_guesses(update, context):
        return
    report = await context.services.status.status(typed)
    if report is None:
        _wrong_code(update, context)
        note = content.texts.status_not_found.for_(audience)
        await show(update, context, screens.notice_view(content, audience, note))
        return
    meeting = context.services.meetings.next_for_views()
    await show(update, context, screens.status_view(content, audience, report, meeting))


async def _delete_posts(context: BotContext, posts: list[tuple[int, int]]) -> None:
    for chat_id, post in posts:
        try:
            await context.bot.delete_message(chat_id, post)
        except TelegramError as error:
            log.info("An officer post could not be deleted: %s", type(error).__name__)


async def delete_message(update: Update, context: BotContext) -> None:
    """/delete CODE: delete that message for good (urgent ones wait for a person first)."""
    content, audience = context.services.content, context.audience
    t = content.texts
    typed = _typed_code(context)
    if not typed:
        usage = say(t.delete_usage, audience, officer_email=content.council.officer.email)
        await show(update, context, screens.notice_view(content, audience, usage))
        return
    if await _too_many_guesses(update, context):
        return
    outcome, posts = await context.services.status.delete(typed)
    await _delete_posts(context, posts)  # the officer's copy of the words goes too
    if outcome is DeleteOutcome.NOT_FOUND:
        _wrong_code(update, context)
    if outcome is DeleteOutcome.DELETED:
        view = screens.notice_view(content, audience, t.deleted.for_(audience))
    elif outcome is DeleteOutcome.KEPT_FOR_SAFETY:
        view = screens.with_help_view(content, audience, t.delete_kept_for_safety.for_(audience))
    else:
        view = screens.notice_view(content, audience, t.status_not_found.for_(audience))
    await show(update, context, view)


async def forget_me(update: Update, context: BotContext) -> None:
    """/forget: remove every opt-in for this chat, and whatever is held in memory."""
    chat = update.effective_chat
    if chat is None:
        return
    removed, contact_items = await context.services.optins.forget(chat.id)
    await delete_posts_of(context, contact_items)
    if context.user_data is not None:
        context.user_data.clear()
    content, audience = context.services.content, context.audience
    wording = content.texts.forget_done if removed else content.texts.forget_nothing
    await show(update, context, screens.notice_view(content, audience, wording.for_(audience)))


def register(app: HeysApp) -> None:
    app.add_handler(CommandHandler("status", show_status, filters=PRIVATE))
    app.add_handler(CommandHandler("delete", delete_message, filters=PRIVATE))
    app.add_handler(CommandHandler("forget", forget_me, filters=PRIVATE))
