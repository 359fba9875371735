"""Attacks on the officer's side: stale buttons and prompts, two officers, odd commands,
redactions, carers, reminders, and a young person's /delete while an officer is at work."""

from __future__ import annotations

from typing import Any

import pytest

from bot.formatting import html_to_plain
from bot.store import Store
from tests.conftest import OFFICER_CHAT_ID, OFFICER_ID
from tests.db import rows
from tests.fakes import Call, Harness, OfficerSide, Person, UpdateFactory
from tests.test_feedback import code_in, submit

OFFICER = Person(user_id=OFFICER_ID, first_name="Sam", last_name="Okafor", username="sam_officer")
OFFICER_GROUP = {"id": OFFICER_CHAT_ID, "type": "supergroup", "title": "Officers"}


def officer_side(
    bot: Harness, person: Person = OFFICER, chat: dict[str, Any] | None = None
) -> OfficerSide:
    updates = UpdateFactory(person=person)
    updates._ids = bot.updates._ids
    return OfficerSide(bot, updates, chat or OFFICER_GROUP)


def plain(call: Call | None) -> str:
    assert call is not None, "expected a message"
    return html_to_plain(call.text)


def db(bot: Harness) -> Store:
    return bot.app.bot_data["services"].store


@pytest.fixture
def officer(bot: Harness) -> OfficerSide:
    return officer_side(bot)


# --------------------------------------------------------------------------------------------
# A young person's /delete while an officer is at work


async def test_a_redaction_typed_for_a_deleted_message_never_lands_on_the_next_message(
    bot: Harness, officer: OfficerSide
) -> None:
    code = code_in(await submit(bot, "Sarah at Oak House shouts at us every night"))
    await bot.deliver()
    shown = await officer.press("View")
    prompt = await officer.press("Redact", shown)
    # The young person withdraws it while the officer is typing the redaction ...
    await bot.send(f"/delete {code}")
    # ... and someone else writes in.
    other = UpdateFactory(person=Person(user_id=42424242, first_name="Kit"))
    other._ids = bot.updates._ids
    bot.updates, mine = other, bot.updates
    await submit(bot, "The wifi in my flat never works")
    bot.updates = mine

    assert prompt is not None
    await officer.reply(prompt, "A staff member at a home shouts at young people at night")

    # The withdrawn message's words must not become another young person's board text.
    assert rows(db(bot), "SELECT text, board_text FROM items") == [
        ("The wifi in my flat never works", None)
    ]


async def test_a_stale_for_the_board_button_never_approves_a_different_young_persons_words(
    bot: Harness, officer: OfficerSide
) -> None:
    code = code_in(await submit(bot, "The food at my placement is always cold"))
    await bot.deliver()
    shown = await officer.press("View")
    await officer.press("Theme", shown)
    themed = await officer.press("Health and feelings")  # "#1 theme: ..." + For the board
    await bot.send(f"/delete {code}")  # withdrawn; the officer's View post is deleted
    other = UpdateFactory(person=Person(user_id=42424242, first_name="Kit"))
    other._ids = bot.updates._ids
    bot.updates, mine = other, bot.updates
    await submit(bot, "My social worker Dave Price never calls me back")
    bot.updates = mine

    # The theme note in the group still has its For the board button.
    await officer.press("For the board", themed)

    # Nobody read Kit's words; they must not be on their way to the board.
    assert rows(db(bot), "SELECT status FROM items") == [("received",)]


PRIVATE_WITH_OFFICER = {"id": OFFICER_ID, "type": "private", "first_name": "Sam"}


async def test_a_redaction_replied_after_a_restart_is_not_lost_silently_or_taken_as_feedback(
    bot: Harness,
) -> None:
    officer = officer_side(bot, chat=PRIVATE_WITH_OFFICER)  # View goes to their private chat
    await submit(bot, "Sarah at Oak House shouts at us every night")
    shown = await officer.send("/view 1")
    prompt = await officer.press("Redact", shown)
    # The bot restarts while the officer types (prompts are kept in memory only).
    bot.app.bot_data["officer_prompts"].waiting.clear()

    assert prompt is not None
    answer = await officer.reply(prompt, "A member of staff shouts at young people at night")

    said = plain(answer)
    assert "Redact" in said or "again" in said, said  # "press Redact again", in some words
    assert rows(db(bot), "SELECT COUNT(*) FROM items") == [(1,)]


async def test_an_officer_who_edits_a_redaction_to_take_a_name_out_is_not_ignored_silently(
    bot: Harness,
) -> None:
    officer = officer_side(bot, chat=PRIVATE_WITH_OFFICER)
    await submit(bot, "Sarah at Oak House shouts at us every night")
    shown = await officer.send("/view 1")
    prompt = await officer.press("Redact", shown)
    reply = officer.updates.text(
        "Sarah, a member of staff, shouts at young people at night",
        chat=PRIVATE_WITH_OFFICER,
        reply_to=prompt.as_message(PRIVATE_WITH_OFFICER),  # type: ignore[union-attr]
    )
    await bot.feed(reply)
    before = len(officer.messages())

    # They spot the name they left in, and edit their message, as anyone does in Telegram.
    edited = {**reply["message"], "text": "A member of staff shouts at young people at night"}
    await bot.feed({"update_id": next(bot.updates._ids), "edited_message": edited})

    board = rows(db(bot), "SELECT board_text FROM items")[0][0]
    told = officer.messages()[before:]
    # Either the edit is used, or the officer is told it was not (and to press Redact again):
    # never a silent "done" while the board still gets the name.
    assert "Sarah" not in board or told, board


async def test_an_officer_replying_to_the_item_instead_of_the_prompt_is_not_stored_as_urgent(
    bot: Harness,
) -> None:
    officer = officer_side(bot, chat=PRIVATE_WITH_OFFICER)
    await submit(bot, "my foster dad hits me when he is drunk")  # urgent: item #1
    shown = await officer.send("/view 1")
    await officer.press("Redact", shown)

    # The officer swipes to reply on the item itself, not on the prompt under it.
    await officer.reply(shown, "A young person says their foster carer hits them")  # type: ignore[arg-type]

    # An officer's own words are neither a child's disclosure nor a new item in the queue.
    assert rows(db(bot), "SELECT COUNT(*) FROM items") == [(1,)]
    to_officer = [plain(c) for c in bot.api.calls_to("sendMessage") if c.chat_id == OFFICER_ID]
    assert not any("Childline" in text for text in to_officer), to_officer[-1]


# --------------------------------------------------------------------------------------------
# View that could not be shown


# --------------------------------------------------------------------------------------------
# Commands with odd arguments


# --------------------------------------------------------------------------------------------
# Redactions and answers that are blank or long


LONG_ANSWER = (
    "Thanks for asking about moving on. "
    + "Here is how the housing register works for care leavers in Northbridge. " * 34
    + "The important bit: apply before you turn 17 and a half, call 0300 555 0199 to book."
)


# --------------------------------------------------------------------------------------------
# Two officers on one item


# --------------------------------------------------------------------------------------------
# Carers


# --------------------------------------------------------------------------------------------
# Reminders
