"""Fake Bot API: an offline stand-in for Telegram used by the demo and the tests.

It answers every Bot API call the way Telegram would, records each call, checks HTML messages
the way Telegram does (unknown tags, unescaped < > &, over-long text are refused with 400), and
can be told to fail a call (429, 403, 5xx, timeouts) so fault handling can be proven. It also
builds the JSON of incoming updates.
"""

from bot.telegram.fakebot.api import (
    BOT_ID,
    BOT_USERNAME,
    Call,
    Failure,
    FakeBotApi,
    HtmlError,
    check_telegram_html,
)
from bot.telegram.fakebot.server import FakeTelegramServer, free_port
from bot.telegram.fakebot.updates import (
    Person,
    UpdateFactory,
    bot_user,
    group_chat,
    unrepeated_update_ids,
)

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "Call",
    "Failure",
    "FakeBotApi",
    "FakeTelegramServer",
    "HtmlError",
    "Person",
    "UpdateFactory",
    "bot_user",
    "check_telegram_html",
    "free_port",
    "group_chat",
    "unrepeated_update_ids",
]
