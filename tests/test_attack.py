"""Attacks on the promises of issue 10, as a child, a carer, an officer and a stranger. Each
test here failed on the code as it landed; see the commit message for what each one found."""

from __future__ import annotations

import pytest

from tests.conftest import shipped_content
from tests.fakes import Harness, OfficerSide
from tests.test_feedback import rows, submit
from tests.test_promises import database, officer, officer_texts, plain

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

# What an out-of-date button says when nothing is waiting: never over words that were sent.
NOTHING_TO_SEND = shipped_content().texts.nothing_to_send.in_care

__all__ = ["officer"]  # the fixture, shared with test_promises


def forget_memory(bot: Harness) -> None:
    """What a restart does to a chat: everything kept in user_data is gone."""
    bot.app.drop_user_data(bot.updates.person.user_id)


async def test_new_words_folded_into_an_urgent_item_an_officer_already_opened_are_alerted(
    bot: Harness, officer: OfficerSide
) -> None:
    # Three urgent items in an hour, then the officer opens the latest one.
    for n in range(3):
        await bot.send(f"my foster dad hits me {n}")
    await bot.deliver()
    await officer.send("/view 3")
    before = len(officer_texts(bot))

    # A fourth, new disclosure folds into #3, which an officer has already read.
    await bot.send("my foster dad hits me again tonight")
    await bot.deliver()

    assert rows(database(bot), "SELECT COUNT(*) FROM items") == [(3,)]  # folded, not new
    new = officer_texts(bot)[before:]
    assert any("#3" in t for t in new), ("the new words reached nobody", new, officer_texts(bot))


async def test_contact_me_after_a_restart_is_not_lost(bot: Harness) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    saved = bot.api.last_message()
    forget_memory(bot)

    answered = await bot.press_data(dict(saved.buttons())["Yes, contact me"], saved)

    assert NOTHING_TO_SEND not in plain(answered)


async def test_the_safety_check_does_not_guess_who_someone_is(bot: Harness) -> None:
    # A young person whose audience the bot does not know (a deep link, or after a restart).
    await bot.send("things at home are a bit much lately")
    await bot.press("I'm OK")

    asked = bot.api.last_message()
    assert "who you are" in plain(asked)  # asked, not guessed
    preview = await bot.press("I'm a carer")
    assert "things at home are a bit much lately" in plain(preview)
    await bot.press("Send")
    assert rows(database(bot), "SELECT audience FROM items") == [("carer",)]


async def test_another_way_details_that_are_a_disclosure_are_kept_as_the_details(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    await bot.press("Yes, contact me")
    await bot.press("Another way")

    # The details answer the question asked, and are themselves a disclosure.
    await bot.send("call me on 07700 900321, my foster dad hits me again")
    texts = [plain(c) for c in bot.api.messages(bot.updates.person.user_id)]
    assert any("Thank you for telling us" in t for t in texts)
    # The next ordinary message is not taken for "how to contact me".
    await bot.send("hello")

    held = rows(database(bot), "SELECT item_id, contact_how FROM opt_ins")
    assert held == [(1, "call me on 07700 900321, my foster dad hits me again")]


async def test_contact_me_on_an_earlier_crisis_reply_stays_with_the_urgent_item(
    bot: Harness,
) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    crisis = bot.api.last_message()
    await submit(bot, "the wifi is slow")

    await bot.press_data(dict(crisis.buttons())["Yes, contact me"], crisis)
    await bot.press("Message me here")

    assert rows(database(bot), "SELECT id FROM items WHERE contact = 'requested'") == [(1,)]


async def test_im_not_safe_tapped_twice_shows_the_same_code_not_nothing_to_send(
    bot: Harness,
) -> None:
    await bot.send("/menu")
    await bot.send("things at home are a bit much lately")
    check = bot.api.last_message()
    data = dict(check.buttons())["I'm not safe"]

    first = await bot.press_data(data, check)
    again = await bot.press_data(data, check)

    assert NOTHING_TO_SEND not in plain(again)
    assert "Your code is" in plain(first)
    assert plain(first).split("Your code is ")[1][:14] in plain(again)
    assert rows(database(bot), "SELECT COUNT(*) FROM items") == [(1,)]


@pytest.mark.parametrize("how_closed", ["/forget", "op:contacted:1"])
async def test_a_view_post_showing_contact_details_goes_when_the_details_are_deleted(
    bot: Harness, officer: OfficerSide, how_closed: str
) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    await bot.press("Yes, contact me")
    await bot.press("Another way")
    await bot.send("text me on 07700 900321 after school")
    shown = await officer.send("/view 1")
    assert shown is not None
    assert "07700 900321" in plain(shown)

    if how_closed == "/forget":
        await bot.send("/forget")
    else:
        await officer.press_data(how_closed)

    assert rows(database(bot), "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    deleted = [(c.chat_id, c.params["message_id"]) for c in bot.api.calls_to("deleteMessage")]
    assert (shown.chat_id, shown.result["message_id"]) in deleted, "the details are still shown"


@pytest.mark.parametrize("choice", ["Message me here", "No, thank you"])
async def test_a_contact_choice_tapped_twice_keeps_saying_what_happens_next(
    bot: Harness, choice: str
) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    if choice == "Message me here":
        await bot.press("Yes, contact me")
    shown = bot.api.last_message()
    data = dict(shown.buttons())[choice]

    first = await bot.press_data(data, shown)
    again = await bot.press_data(data, shown)  # a double tap edits the same message again

    assert NOTHING_TO_SEND not in plain(again)
    assert plain(again) == plain(first)
    assert rows(database(bot), "SELECT COUNT(*) FROM items") == [(1,)]


async def test_a_disclosure_typed_as_a_poll_gets_the_crisis_reply(bot: Harness) -> None:
    updates = bot.updates
    option = {"voter_count": 0, "persistent_id": "a"}
    poll = {
        "id": "1",
        "question": "my foster dad hits me",
        "options": [{"text": "yes", **option}, {"text": "no", **option}],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": False,
        "members_only": False,
    }

    await bot.feed({"update_id": next(updates._ids), "message": updates._message(poll=poll)})

    texts = [plain(c) for c in bot.api.messages()]
    assert any("Thank you for telling us" in t for t in texts)
    assert rows(database(bot), "SELECT urgent FROM items") == [(1,)]


async def test_a_redelivered_disclosure_during_a_flood_shows_its_code_and_is_not_added_twice(
    bot: Harness,
) -> None:
    for n in range(2):
        await bot.send(f"my foster dad hits me {n}")
    third = bot.updates.text("my foster dad hits me 2")
    await bot.feed(third)
    first = [plain(c) for c in bot.api.messages() if "Your code is" in plain(c)][-1]
    code = first.split("Your code is ")[1].split()[0]

    await bot.feed(third)  # Telegram delivers the same update again (the reply was lost)

    again = plain(bot.api.messages()[-1])
    assert code in again
    texts = rows(database(bot), "SELECT text FROM items WHERE id = 3")
    assert texts == [("my foster dad hits me 2",)]
