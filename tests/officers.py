"""The officer's side of a test conversation: who the officer is, their group chat, and how
their replies read (shared by the officer, console and report tests)."""

from __future__ import annotations

from typing import Any

from bot.formatting import html_to_plain
from bot.store import Store
from tests.conftest import OFFICER_CHAT_ID, OFFICER_ID
from tests.fakes import Call, Harness, OfficerSide, Person, UpdateFactory

OFFICER = Person(user_id=OFFICER_ID, first_name="Sam", last_name="Okafor", username="sam_officer")
OFFICER_GROUP = {"id": OFFICER_CHAT_ID, "type": "supergroup", "title": "Officers"}


def officer_side(
    bot: Harness, person: Person = OFFICER, chat: dict[str, Any] | None = None
) -> OfficerSide:
    updates = UpdateFactory(person=person)
    updates._ids = bot.updates._ids  # one stream of update ids, as Telegram would send
    return OfficerSide(bot, updates, chat or OFFICER_GROUP)


def plain(call: Call | None) -> str:
    assert call is not None, "expected a message"
    return html_to_plain(call.text)


def db(bot: Harness) -> Store:
    return bot.app.bot_data["services"].store
