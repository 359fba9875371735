"""Membership gate: the bot leaves any group or channel that is not the officer chat."""

from __future__ import annotations

import logging

from telegram import Chat, ChatMember, Update
from telegram.ext import (
    ApplicationHandlerStop,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot.telegram.context import BotContext, HeysApp

log = logging.getLogger(__name__)

_JOINED = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.RESTRICTED}


async def _leave_if_unknown(chat: Chat, context: BotContext) -> bool:
    if chat.type == Chat.PRIVATE or context.services.access.may_stay_in_group(chat.id):
        return False
    # Log the kind of chat only: a chat id could identify the people in it.
    log.warning("Left a %s chat that is not the officer chat", chat.type)
    await context.bot.leave_chat(chat.id)
    return True


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """Someone added the bot to a chat: stay only if it is the configured officer chat."""
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in _JOINED:
        return
    await _leave_if_unknown(change.chat, context)


async def gate_group_message(update: Update, context: BotContext) -> None:
    """A message in a group: leave unknown groups and stop; let the officer chat through."""
    if update.effective_chat is not None and await _leave_if_unknown(
        update.effective_chat, context
    ):
        raise ApplicationHandlerStop


def register(app: HeysApp) -> None:
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS, gate_group_message), group=-1)
