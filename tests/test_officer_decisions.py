"""An officer's decisions, walked as officers take them: a reason that is blank, a message the
screen missed that needs a referral, two officers marking the same miss, a declined question's
View, and /view typed without a number."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import ItemStatus, NotAllowedHere, Officer
from bot.telegram.jobs import send_officer_digest
from tests.conftest import OFFICER_ID
from tests.db import execute, rows
from tests.fakes import Harness, OfficerSide, Person
from tests.officers import db, officer_side, plain
from tests.test_feedback import submit
from tests.test_promises import officer_texts
from tests.test_service import context_of

SAM = Officer(user_id=OFFICER_ID, name="Sam")
BLANKS = ["\u3164", "\u200b", "   "]  # Hangul filler, zero-width space, spaces


@pytest.mark.parametrize("blank", BLANKS)
async def test_a_blank_reason_for_not_for_the_board_is_refused_and_the_prompt_still_waits(
    bot: Harness, officer: OfficerSide, blank: str
) -> None:
    await submit(bot, "The bus to college is always late")
    shown = await officer.send("/view 1")
    prompt = await officer.press("Not for the board", shown)
    assert prompt is not None

    refused = plain(await officer.reply(prompt, blank))

    assert "no words" in refused, refused
    assert rows(db(bot), "SELECT status, decision_reason FROM items") == [("read", None)]
    # The same prompt still takes the real reason: no need to find the button again.
    await officer.reply(prompt, "Already raised with transport last month")
    assert rows(db(bot), "SELECT status, decision_reason FROM items") == [
        ("not_for_board", "Already raised with transport last month")
    ]


async def test_an_urgent_item_is_never_closed_with_no_action_without_a_reason(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("i want to die")
    shown = await officer.send("/view 1")
    prompt = await officer.press("No action", shown)
    assert prompt is not None

    await officer.reply(prompt, "\u200b")

    assert rows(db(bot), "SELECT status FROM items") == [("read",)]


@pytest.mark.parametrize("blank", ["", *BLANKS])
async def test_the_service_refuses_a_blank_or_overlong_reason_and_changes_nothing(
    bot: Harness, blank: str
) -> None:
    await submit(bot, "The bus to college is always late")
    officers = bot.app.bot_data["services"].officers

    with pytest.raises(NotAllowedHere):
        await officers.not_for_the_board(SAM, 1, blank)
    with pytest.raises(NotAllowedHere, match="2,001 characters"):
        await officers.not_for_the_board(SAM, 1, "x" * 2001)

    assert rows(db(bot), "SELECT status, decision_reason FROM items") == [("received", None)]


async def test_an_overlong_referral_note_or_a_blank_no_action_reason_is_refused(
    bot: Harness,
) -> None:
    await bot.send("i want to die")
    officers = bot.app.bot_data["services"].officers

    with pytest.raises(NotAllowedHere, match="2,001 characters"):
        await officers.referred(SAM, 1, "y" * 2001)
    for blank in ["", *BLANKS]:  # an urgent item is closed with no action only with a reason
        with pytest.raises(NotAllowedHere):
            await officers.no_action(SAM, 1, blank)

    assert rows(db(bot), "SELECT status FROM items") == [("received",)]


async def test_a_message_the_screen_missed_can_be_referred_from_the_thanks_and_the_view(
    bot: Harness, officer: OfficerSide
) -> None:
    # Ordinary to the screen; the officer reads between the lines.
    await submit(bot, "nobody at my placement asks where i go at night")
    shown = await officer.send("/view 1")
    assert "Referred to children's services" not in dict(shown.buttons())  # type: ignore[union-attr]

    thanks = await officer.press("Missed: needed help", shown)

    assert "refer it" in plain(thanks)
    again = await officer.send("/view 1")
    assert "Referred to children's services" in dict(again.buttons())  # type: ignore[union-attr]
    done = await officer.press("Referred to children's services", thanks)
    assert "referred" in plain(done)
    assert rows(db(bot), "SELECT status, screen_mark FROM items") == [("referred", "missed")]


async def test_an_ordinary_message_not_marked_missed_is_still_never_referred(
    bot: Harness,
) -> None:
    await submit(bot, "The bus to college is always late")
    officers = bot.app.bot_data["services"].officers

    with pytest.raises(NotAllowedHere):
        await officers.referred(SAM, 1)
    with pytest.raises(NotAllowedHere):
        await officers.no_action(SAM, 1, "fine")

    assert rows(db(bot), "SELECT status FROM items") == [("received",)]


async def test_two_officers_marking_the_same_miss_count_it_once_in_the_digest(
    bot: Harness, officer: OfficerSide
) -> None:
    jo = officer_side(bot, Person(user_id=5550002, first_name="Jo", username="jo_officer"))
    bot.app.bot_data["services"].access._officer_ids = frozenset({OFFICER_ID, 5550002})
    await submit(bot, "nobody at my placement asks where i go at night")
    await submit(bot, "my carer locks the fridge at night")

    await officer.press_data("op:missed:1")
    await jo.press_data("op:missed:1")
    await jo.press_data("op:missed:2")
    bot.clock.advance(timedelta(days=1))
    await send_officer_digest(context_of(bot))

    assert "missed 2, false alarms 0" in officer_texts(bot)[-1]


async def test_a_question_declined_then_answered_is_not_offered_for_you_said_we_did(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(
        bot, "Why does Jordan at Oak House get more money?", "Ask a question", "Where I live"
    )
    shown = await officer.send("/view 1")
    prompt = await officer.press("Not for the board", shown)
    await officer.reply(prompt, "Names another child")  # type: ignore[arg-type]
    await officer.send("/answer 1 Pocket money depends on age.")
    assert rows(db(bot), "SELECT status FROM items") == [(ItemStatus.NOT_FOR_BOARD.value,)]
    # Before 2 December an answer overwrote the decision: such rows say "answered" and only
    # the audit log still says it was declined.
    execute(db(bot), "UPDATE items SET status = 'answered'")

    again = await officer.send("/view 1")

    assert 'Show in "You said, we did"' not in dict(again.buttons())  # type: ignore[union-attr]


async def test_an_answered_question_not_declined_is_still_offered_for_you_said_we_did(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "When can I apply for a flat?", "Ask a question", "Where I live")
    await officer.send("/answer 1 From 17 and a half.")

    shown = await officer.send("/view 1")

    assert 'Show in "You said, we did"' in dict(shown.buttons())  # type: ignore[union-attr]


@pytest.mark.parametrize("typed", ["/view", "/view twelve", "/view #"])
async def test_view_without_a_number_says_how_to_use_it(
    bot: Harness, officer: OfficerSide, typed: str
) -> None:
    said = plain(await officer.send(typed))

    assert "Use: /view NUMBER" in said
    assert "#?" not in said


async def test_an_overlong_reason_is_refused_and_the_same_prompt_still_takes_a_shorter_one(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("i want to die")
    shown = await officer.send("/view 1")
    prompt = await officer.press("No action", shown)
    assert prompt is not None

    refused = plain(await officer.reply(prompt, "x" * 2001))

    assert "2,001 characters" in refused
    assert "reply to the same message again" in refused
    assert rows(db(bot), "SELECT status, decision_reason FROM items") == [("read", None)]
    await officer.reply(prompt, "Spoke to her carer; she is safe and with staff")
    assert rows(db(bot), "SELECT status, decision_reason FROM items") == [
        ("no_action", "Spoke to her carer; she is safe and with staff")
    ]


async def test_a_reply_refused_for_good_says_why_and_does_not_ask_to_reply_again(
    bot: Harness, officer: OfficerSide
) -> None:
    """Marked Missed, "No action" asks for a reason; meanwhile it is marked a false alarm, so it
    can no longer be closed that way. Replying again would fail every time: the officer is
    told why, and not asked to reply again."""
    await submit(bot, "nobody at my placement asks where i go at night")
    shown = await officer.send("/view 1")
    thanks = await officer.press("Missed: needed help", shown)
    prompt = await officer.press("No action", thanks)
    assert prompt is not None
    execute(db(bot), "UPDATE items SET screen_mark = 'false_alarm'")

    refused = plain(await officer.reply(prompt, "Spoke to the carer, all fine"))

    assert "only urgent items" in refused
    assert "reply to the same message again" not in refused
    assert rows(db(bot), "SELECT status, decision_reason FROM items") == [("read", None)]
