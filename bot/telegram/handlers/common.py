"""Handler helpers: filters shared by the journeys, and sending a View safely."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import CallbackQueryHandler, filters

from bot.formatting import html_to_plain, split_message
from bot.screens import Screen
from bot.telegram.context import BotContext
from bot.telegram.render import render

log = logging.getLogger(__name__)

ReplyMarkup = InlineKeyboardMarkup | ForceReply
# Longer waits are left to the caller (the outbox and broadcast wait without holding a handler).
MAX_INLINE_WAIT = 5.0


def retry_seconds(value: object) -> float:
    """RetryAfter.retry_after is an int or a timedelta depending on PTB settings."""
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


# New messages in a private chat only: edited messages and channel posts never reach a journey.
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


async def show(update: Update, context: BotContext, screen: Screen) -> None:
    """Show a screen: edit the message whose button was pressed, or send a new one."""
    view = render(screen)
    query = update.callback_query
    if query is not None:
        try:
            await query.answer()
        except TelegramError as error:  # only stops the button's spinner: never worth a reply
            log.info("Answering a button press failed: %s", type(error).__name__)
        if isinstance(query.message, Message) and len(split_message(view.text)) == 1:
            try:
                await query.edit_message_text(
                    view.text, parse_mode=ParseMode.HTML, reply_markup=view.keyboard
                )
            except BadRequest as error:
                if "not modified" in error.message.lower():
                    return  # a double tap on the same button: the screen is already right
            except (NetworkError, RetryAfter):
                pass  # a passing problem: send it as a new message instead, with a retry
            else:
                return
    chat = update.effective_chat
    if chat is not None:
        await send_view(context.bot, chat.id, screen, retry=True)


async def send_view(
    bot: Bot,
    chat_id: int,
    screen: Screen,
    *,
    protect: bool = False,
    markup: ReplyMarkup | None = None,
    retry: bool = False,
) -> list[Message]:
    """Send a screen, split at paragraph breaks if long; the buttons go on the last part.

    `protect` stops forwarding and saving (for officers reading what a young person wrote).
    `retry` gives a reply one more try after a short wait or a network hiccup (for replies to
    a young person; the outbox and broadcasts keep their own, longer patience).
    Returns the messages sent, in order."""
    view = render(screen)
    chunks = split_message(view.text)
    sent: list[Message] = []
    for index, chunk in enumerate(chunks):
        keys = (markup or view.keyboard) if index == len(chunks) - 1 else None
        sent.append(await _send_chunk(bot, chat_id, chunk, keys, protect, tries=2 if retry else 1))
    return sent


async def _send_chunk(
    bot: Bot,
    chat_id: int,
    chunk: str,
    keys: ReplyMarkup | None,
    protect: bool,
    tries: int,
) -> Message:
    """One message. With two tries, a short wait asked by Telegram or one network hiccup gets
    a second attempt: a receipt code or a crisis reply is worth it."""
    for attempt in range(1, tries + 1):
        try:
            return await _send_html_or_plain(bot, chat_id, chunk, keys, protect)
        except RetryAfter as error:
            wait = retry_seconds(error.retry_after)
            if attempt == tries or wait > MAX_INLINE_WAIT:
                raise
            await asyncio.sleep(wait)
        except (BadRequest, Forbidden):
            raise  # not a passing problem: trying again would not help
        except NetworkError:  # timeouts, lost connections, 5xx
            if attempt == tries:
                raise
    raise AssertionError("unreachable: the loop returns or raises")


async def _send_html_or_plain(
    bot: Bot, chat_id: int, chunk: str, keys: ReplyMarkup | None, protect: bool
) -> Message:
    try:
        return await bot.send_message(
            chat_id, chunk, parse_mode=ParseMode.HTML, reply_markup=keys, protect_content=protect
        )
    except BadRequest as error:
        if "can't parse entities" not in error.message.lower():
            raise
        # Deliver the words anyway, as plain text, rather than lose the reply.
        return await bot.send_message(
            chat_id, html_to_plain(chunk), reply_markup=keys, protect_content=protect
        )


async def delete_posts_of(context: BotContext, item_ids: list[int]) -> None:
    """Delete the officer posts that showed these items (their words, how to reach them)."""
    for item_id in item_ids:
        for chat_id, post in await context.services.officers.take_posts_of(item_id):
            try:
                await context.bot.delete_message(chat_id, post)
            except TelegramError as error:
                log.info("An officer post could not be deleted: %s", type(error).__name__)


def button_data(update: Update) -> str | None:
    """The callback data of a pressed button (None for any other update)."""
    return update.callback_query.data if update.callback_query else None


class ButtonHandler(CallbackQueryHandler[BotContext, None]):
    """A CallbackQueryHandler for one button family.

    PTB lets a button with empty data through every patterned handler; a forged empty button
    must instead reach only the fallback, so empty data never matches here."""

    def check_update(self, update: object) -> bool | object | None:
        if isinstance(update, Update) and update.callback_query and not update.callback_query.data:
            return False
        return super().check_update(update)


# The officer chat's commands. A young person who types one is refused, and the words after it
# are screened for a disclosure only (never asked about: the refusal is the answer).
OFFICER_COMMANDS = frozenset({"queue", "view", "answer", "reply", "wedid", "export", "report"})
