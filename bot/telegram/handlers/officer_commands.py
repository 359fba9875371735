"""Officer commands: /answer, /reply, /wedid, /export, and following the officer group when
it becomes a supergroup. Each asks the officer service to authorise the sender first."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

from telegram import InputFile, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot import screens
from bot.domain import ActionStatus, Officer
from bot.screens import Screen
from bot.services.officer_text import has_words
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import send_view
from bot.telegram.handlers.officer import (
    NEW_MESSAGES,
    _guarded,
    _number,
    _say,
    _texts,
    officer_or_refuse,
)
from bot.telegram.render import render

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# /answer, /wedid, /export


def _number_and_text(update: Update) -> tuple[int | None, str]:
    """ "/command NUMBER text": the number, and the text as typed, line breaks and all."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=2) if message else []
    number = _number(parts[1]) if len(parts) > 1 else None
    return number, parts[2].strip() if len(parts) > 2 else ""


async def answer_question(update: Update, context: BotContext) -> None:
    """/answer NUMBER text: answer a question; anyone who asked to be told gets it once."""
    officer = await officer_or_refuse(update, context, "answer")
    if officer is None:
        return
    t = _texts(context)
    number, text = _number_and_text(update)
    if number is None or not text:
        await _say(update, context, t.officer_answer_usage)
        return

    async def act() -> None:
        await context.services.officers.answer(officer, number, text)
        context.wake_delivery()
        await _say(update, context, t.officer_answered, number=number)

    await _guarded(update, context, number, act)


async def reply_to_child(update: Update, context: BotContext) -> None:
    """/reply NUMBER text: write to a young person who asked to be messaged here. The bot
    sends it once; the officer never sees who they are; the audit keeps no text."""
    officer = await officer_or_refuse(update, context, "reply")
    if officer is None:
        return
    t = _texts(context)
    number, text = _number_and_text(update)
    if number is None or not has_words(text):  # never an empty message to a young person
        await _say(update, context, t.officer_reply_usage)
        return

    async def act() -> None:
        await _reply(update, context, officer, number, text)

    await _guarded(update, context, number, act)


async def _reply(
    update: Update, context: BotContext, officer: Officer, number: int, text: str
) -> None:
    """Through the bot to a "message me here" chat, or kept under the code for the web."""
    t = _texts(context)
    chat_id, audience = await context.services.officers.reply_target(officer, number)
    if chat_id is None:  # the web chat: kept under their code, for when they check
        await context.services.officers.reply_by_code(officer, number, text)
        await _say(update, context, t.officer_reply_saved, number=number)
        return
    view = screens.officer_reply_push_view(context.services.content, audience, text)
    sent = await _pushed(context, chat_id, view)
    if sent:
        await context.services.officers.replied(officer, number)
    await _say(
        update, context, t.officer_reply_sent if sent else t.officer_reply_failed, number=number
    )


async def _pushed(context: BotContext, chat_id: int, view: Screen) -> bool:
    try:
        await send_view(context.bot, chat_id, view, retry=True)
    except TelegramError as error:
        log.warning("A reply to a young person was not delivered: %s", type(error).__name__)
        return False
    return True


_STATUS_WORDS = {s.value: s for s in ActionStatus} | {"in progress": ActionStatus.IN_PROGRESS}


async def we_did(update: Update, context: BotContext) -> None:
    """/wedid THEME STATUS [#item ...] what was done — or /wedid NUMBER STATUS to update one."""
    officer = await officer_or_refuse(update, context, "wedid")
    if officer is None:
        return
    t = _texts(context)
    args = context.args or []
    status = _STATUS_WORDS.get(args[1].lower()) if len(args) >= 2 else None
    number = _number(args[0]) if status is not None else None
    if number is not None and status is not None:
        await _update_action(update, context, officer, number, status)
        return
    item_ids = tuple(int(a[1:]) for a in args[2:] if re.fullmatch(r"#\d{1,12}", a))
    what = " ".join(a for a in args[2:] if not re.fullmatch(r"#\d{1,12}", a)).strip()
    if status is None or not what:
        await _say(update, context, t.officer_wedid_usage)
        return

    async def add() -> None:
        action_id = await context.services.officers.we_did(
            officer, args[0], status, what, item_ids
        )
        await _say(update, context, t.officer_wedid_saved, number=action_id)

    await _guarded(update, context, item_ids[0] if item_ids else 0, add)


async def _update_action(
    update: Update, context: BotContext, officer: Officer, number: int, status: ActionStatus
) -> None:
    """/wedid NUMBER STATUS: move a "You said, we did" entry on."""

    async def update_status() -> None:
        await context.services.officers.update_action(officer, number, status)
        t = _texts(context)
        await _say(update, context, t.officer_wedid_updated, number=number, status=status.value)

    await _guarded(update, context, number, update_status)


async def export_csv(update: Update, context: BotContext) -> None:
    """/export [FROM] [TO]: a CSV of approved items (board text only), not forwardable."""
    officer = await officer_or_refuse(update, context, "export")
    chat = update.effective_chat
    if officer is None or chat is None:
        return
    today = context.services.officers.today()
    args = context.args or []
    first = _date(args[0]) if args else None
    last = _date(args[1]) if len(args) > 1 else None
    csv_text, count = await context.services.export.approved_csv(
        first or today - timedelta(days=365), last or today
    )
    t = _texts(context)
    if count == 0:
        await _say(update, context, t.officer_export_empty)
        return
    caption = screens.officer_note(context.services.content, t.officer_export_caption, count=count)
    await context.bot.send_document(
        chat.id,
        InputFile(csv_text.encode("utf-8"), filename=f"have-your-say-approved-{today}.csv"),
        caption=render(caption).text,
        parse_mode="HTML",
        protect_content=True,
    )


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# The officer group becomes a supergroup


async def follow_migration(update: Update, context: BotContext) -> None:
    """Telegram's "group upgraded" service message, in the old or the new chat."""
    message = update.effective_message
    delivery = context.delivery
    if message is None or delivery is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    if await delivery.follow_migration(old, new):
        view = screens.officer_note(
            context.services.content, _texts(context).officer_migrated, new=new
        )
        await send_view(context.bot, new, view)
    # A service message: nothing else should see it (the gate would leave the old chat).
    raise ApplicationHandlerStop


def register(app: HeysApp) -> None:
    # Before the membership gate (group -1), so the new supergroup is recognised, not left.
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, follow_migration), group=-2)
    for name, callback in (
        ("answer", answer_question),
        ("reply", reply_to_child),
        ("wedid", we_did),
        ("export", export_csv),
    ):
        app.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGES))
