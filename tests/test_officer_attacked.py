"""Attacks on the officer's side: stale buttons and prompts, two officers, odd commands,
redactions, carers, reminders, and a young person's /delete while an officer is at work."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import apscheduler.schedulers.base  # type: ignore[import-untyped]
import pytest

from bot.app import build_application
from bot.config import Settings
from bot.content import Content
from bot.services.reminders import CLAIM_LEASE
from bot.telegram.jobs import (
    JOB_REMINDERS,
    JOB_REMINDERS_SWEEP,
    catch_up_name,
    send_reminders,
)
from tests.conftest import OFFICER_ID
from tests.db import rows
from tests.fakes import FakeBotApi, Harness, MovableClock, OfficerSide, Person, UpdateFactory
from tests.officers import db, officer_side, plain
from tests.test_feedback import code_in, submit
from tests.test_service import VIEWS_REMINDER_DAY, context_of, plain_texts

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


async def test_an_urgent_item_whose_view_never_reached_the_officer_is_still_re_alerted(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("i want to die")
    await bot.deliver()
    services = bot.app.bot_data["services"]
    # A new officer taps View in the group before ever opening a private chat with the bot.
    bot.api.fail_next("sendMessage", 403, "Forbidden: bot can't initiate conversation with a user")

    said = await officer.press("View", officer.messages()[0])

    assert "first open a private chat" in plain(said)
    # Nobody has read it: PRODUCT 3 "urgent safeguarding items are ... re-alerted until
    # acknowledged" (S-06). A View that showed nothing acknowledges nothing.
    assert await services.officers.queue_realerts() == 1
    assert rows(db(bot), "SELECT status, acknowledged FROM items") == [("received", 0)]


# --------------------------------------------------------------------------------------------
# Commands with odd arguments


@pytest.mark.parametrize("number", ["99999999999999999999", "²"])
async def test_wedid_with_an_odd_number_says_how_to_use_it_instead_of_crashing(
    bot: Harness, officer: OfficerSide, number: str
) -> None:
    said = await officer.send(f"/wedid {number} done")

    raised, bot.errors[:] = list(bot.errors), []  # reported here, not at teardown
    assert raised == []  # /reply, /answer and /view already refuse such numbers kindly
    assert "Sorry, that didn't work" not in plain(said)


# --------------------------------------------------------------------------------------------
# Redactions and answers that are blank or long


@pytest.mark.parametrize(
    "blank",
    [
        "\u3164",  # Hangul filler: how people send a "blank" message on Telegram
        "\u200b",  # zero-width space
        "\u00a0",  # no-break space
    ],
)
async def test_a_blank_redaction_is_refused_not_confirmed(
    bot: Harness, officer: OfficerSide, blank: str
) -> None:
    await submit(bot, "Sarah at Oak House shouts at us every night")
    shown = await officer.send("/view 1")
    prompt = await officer.press("Redact", shown)

    said = plain(await officer.reply(prompt, blank))  # type: ignore[arg-type]
    await officer.press("For the board", shown)

    # "The board will see the new text" is a promise: here there is no text to see, so the
    # officer must be told, and the board must not get an empty quote or the unredacted words.
    assert "the board will see the new text" not in said
    assert rows(db(bot), "SELECT board_text FROM items") != [(blank.strip(),)]


async def test_a_blank_answer_is_refused_and_the_real_answer_can_still_be_given(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "When can I apply for a council flat?", "Ask a question", "Where I live")
    await bot.press("Yes, tell me")

    blank = await officer.send("/answer 1 \u3164")  # a slip of the thumb: an invisible letter
    await bot.deliver()
    real = await officer.send("/answer 1 You can apply from 17 and a half.")
    await bot.deliver()

    me = bot.updates.person.user_id
    told = [t for t in plain_texts(bot, me) if t.startswith("There's an answer")]
    # The young person hears the real answer (once), never an empty one.
    assert rows(db(bot), "SELECT answer FROM items") == [("You can apply from 17 and a half.",)], (
        plain(blank),
        plain(real),
    )
    assert len(told) == 1, told
    assert "17 and a half" in told[0], told


async def test_a_blank_reply_is_not_sent_to_a_young_person_who_asked_to_be_contacted(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    await bot.press("Yes, contact me")
    await bot.press("Message me here")
    me = bot.updates.person.user_id
    before = len(bot.api.messages(me))

    said = await officer.send("/reply 1 \u200b")

    # "/reply 5" with no text gets the usage; an invisible character is no text either. The
    # young person must not get "This is from the participation team ..." over an empty quote.
    assert bot.api.messages(me)[before:] == [], plain(bot.api.messages(me)[-1])
    assert "was sent" not in plain(said)


LONG_ANSWER = (
    "Thanks for asking about moving on. "
    + "Here is how the housing register works for care leavers in Northbridge. " * 34
    + "The important bit: apply before you turn 17 and a half, call 0300 555 0199 to book."
)


async def test_a_long_answer_reaches_the_young_person_whole_or_the_officer_is_told(
    bot: Harness, officer: OfficerSide
) -> None:
    assert 2000 < len(LONG_ANSWER) < 4000  # one Telegram message from the officer
    await submit(bot, "When can I apply for a council flat?", "Ask a question", "Leaving care")
    await bot.press("Yes, tell me")

    said = plain(await officer.send(f"/answer 1 {LONG_ANSWER}"))
    await bot.deliver()

    stored = rows(db(bot), "SELECT answer FROM items")[0][0]
    pushed = plain(bot.api.messages(bot.updates.person.user_id)[-1])
    # Either every word is kept, or the officer hears that it was too long: never a silent cut
    # that drops "apply before you turn 17 and a half" from what the young person gets.
    assert stored == LONG_ANSWER or "Answer saved" not in said, (len(stored), said)
    assert "17 and a half" in pushed or "Answer saved" not in said, pushed[-200:]


async def test_a_redaction_a_little_longer_than_the_message_is_kept_whole_or_refused(
    bot: Harness, officer: OfficerSide
) -> None:
    # A long message (within the 2000 letters a young person may send) ...
    sentence = "Sarah at Oak House never lets us use the kitchen after six. "
    message = sentence * 32 + "We want a say in the house rules."
    assert len(message) <= 2000
    await submit(bot, message)
    shown = await officer.send("/view 1")
    prompt = await officer.press("Redact", shown)
    # ... and the officer's redaction, a few words longer where a name became a description.
    words = message.replace("Sarah at Oak House", "A member of staff at the home")
    assert 2000 < len(words) < 4096

    said = plain(await officer.reply(prompt, words))  # type: ignore[arg-type]

    stored = rows(db(bot), "SELECT board_text FROM items")[0][0]
    # "The board will see the new text": all of it, ending with what they actually asked for.
    assert stored == words or "the board will see the new text" not in said, stored[-60:]


# --------------------------------------------------------------------------------------------
# Two officers on one item


async def test_a_redaction_saved_while_another_officer_approves_is_what_the_board_sees(
    bot: Harness, officer: OfficerSide
) -> None:
    jo_chat = {"id": 5550002, "type": "private", "first_name": "Jo"}
    jo = officer_side(bot, Person(user_id=5550002, first_name="Jo", username="jo"), jo_chat)
    bot.app.bot_data["services"].access._officer_ids = frozenset({OFFICER_ID, 5550002})
    await submit(bot, "Sarah at Oak House shouts at us every night")
    shown = await jo.send("/view 1")
    prompt = await jo.press("Redact", shown)

    # Jo sends the redaction in her private chat at the moment Sam taps For the board.
    told_jo, told_sam = await asyncio.gather(
        jo.reply(prompt, "A member of staff shouts at young people at night"),  # type: ignore[arg-type]
        officer.press_data("op:board:1"),
    )

    assert "the board will see the new text" in plain(told_jo)
    assert "is now: for board" in plain(told_sam)
    # Both were told it worked; the board must then see Jo's words, not the automatic
    # suggestion that still names the home.
    assert rows(db(bot), "SELECT board_text FROM items") == [
        ("A member of staff shouts at young people at night",)
    ]


# --------------------------------------------------------------------------------------------
# Carers


async def test_a_carers_question_approved_for_the_board_stays_approved_once_answered(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("/start")
    await bot.press("I'm a carer")
    await bot.press("Ask a question")
    await bot.press("More topics")
    await bot.press("Money")
    await bot.press("A young person's view")
    await bot.send("Why do care leavers get less for driving lessons than in Southfield?")
    await bot.press("Send")
    shown = await officer.send("/view 1")
    assert "a carer passing on a young person's view" in plain(shown)
    await officer.press("For the board", shown)
    first = await officer.send("/export")
    assert first is not None
    assert first.method == "sendDocument"  # one approved item

    await officer.send("/answer 1 We are asking the leaving care team to look at this.")

    # The officer approved it for the board; answering the carer must not take it back.
    exported = await officer.send("/export")
    assert exported is not None
    assert exported.method == "sendDocument", plain(exported)
    assert rows(db(bot), "SELECT status FROM items") == [("for_board",)]


async def test_a_question_declined_for_the_board_is_not_published_after_another_officer_answers(
    bot: Harness, officer: OfficerSide
) -> None:
    jo = officer_side(bot, Person(user_id=5550002, first_name="Jo", username="jo_officer"))
    bot.app.bot_data["services"].access._officer_ids = frozenset({OFFICER_ID, 5550002})
    words = "Why does Jordan in room 4 at Oak House get more pocket money than me?"
    await submit(bot, words, "Ask a question", "Where I live")
    shown = await officer.send("/view 1")
    prompt = await officer.press("Not for the board", shown)
    await officer.reply(prompt, "Names another child and the home")  # type: ignore[arg-type]

    # Jo answers the young person, then taps the button the View now offers.
    await jo.send("/answer 1 Pocket money depends on age; ask your worker to check yours.")
    again = await jo.send("/view 1")
    if 'Show in "You said, we did"' in dict(again.buttons()):  # type: ignore[union-attr]
        await jo.press('Show in "You said, we did"', again)

    await bot.send("/menu")
    public = plain(await bot.press("You said, we did"))
    # Declined for the board (it names a child and a home): never shown to every user.
    assert "Oak House" not in public, public
    assert "room 4" not in public, public


async def test_an_urgent_view_a_carer_passes_on_is_alerted_as_a_young_persons_view(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("/start")
    await bot.press("I'm a carer")
    await bot.press("Have your say")
    await bot.press("Where they live")
    await bot.press("A young person's view")
    await bot.send("She told me her stepdad hits her when she visits")
    await bot.deliver()

    alert = plain(officer.messages()[0])
    assert alert.startswith("🔴 URGENT feedback #1")
    # The ordinary alert says "(a carer passing on a young person's view)"; the urgent one,
    # where it matters most (whose safety, who to call back), must say it too.
    assert "passing on a young person's view" in alert, alert


# --------------------------------------------------------------------------------------------
# Reminders


async def test_a_reminder_due_while_the_bot_was_down_still_goes_out_that_day(
    settings: Settings, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 17 November 2026 is the "send your views by" reminder day for the 8 December board.
    # The bot was down from 09:50 (a deploy, a crash) and is back at 10:30, after 10:00.
    back = datetime(2026, 11, 17, 10, 30, tzinfo=ZoneInfo("Europe/London"))

    class Clock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Any:  # the scheduler's own clock
            return back.astimezone(tz) if tz else back.replace(tzinfo=None)

    monkeypatch.setattr(apscheduler.schedulers.base, "datetime", Clock)
    app = build_application(
        settings, content, request=FakeBotApi(), clock=MovableClock(back), rate_limit=False
    )
    await app.initialize()
    try:
        assert app.post_init is not None
        await app.post_init(app)
        assert app.job_queue is not None
        await app.job_queue.start()
        services = app.bot_data["services"]
        assert [r.kind for r in services.reminders.due_today()] == ["views"]  # due today
        (catch_up,) = app.job_queue.get_jobs_by_name(catch_up_name(JOB_REMINDERS))
        # And every quarter of an hour, whoever leads sends what is still owed (T-02).
        assert app.job_queue.get_jobs_by_name(JOB_REMINDERS_SWEEP)
        jobs = (*app.job_queue.get_jobs_by_name(JOB_REMINDERS), catch_up)
        next_run = min(
            job.next_run_time for job in jobs if isinstance(job.next_run_time, datetime)
        )
    finally:
        if app.job_queue is not None:
            await app.job_queue.stop(wait=False)
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)

    # README: "a run missed during downtime runs once when the bot is back". Tomorrow is too
    # late: the reminder is keyed to today, so it would never be sent at all.
    assert isinstance(next_run, datetime)
    assert next_run.astimezone(back.tzinfo).date() == back.date(), next_run
    # Not before the claims of a sender killed as the bot went down have run out: a run
    # that found them still held would pass those young people over, and nothing after it
    # would send them theirs (T-02).
    assert next_run == catch_up.next_run_time
    assert next_run >= back + CLAIM_LEASE, next_run


async def test_saying_yes_to_reminders_again_does_not_send_todays_reminder_twice(
    bot: Harness,
) -> None:
    await bot.send("/remind")
    offer = bot.api.last_message()
    await bot.press("Yes, remind me")
    bot.clock.now = VIEWS_REMINDER_DAY
    await send_reminders(context_of(bot))

    # Not sure it's on, they tap "Yes, remind me" again on the same offer.
    await bot.press_data(dict(offer.buttons())["Yes, remind me"], offer)
    bot.clock.advance(timedelta(hours=3))
    await send_reminders(context_of(bot))  # the same day again (a restart, a second run)

    me = bot.updates.person.user_id
    reminders = [t for t in plain_texts(bot, me) if t.startswith("Reminder:")]
    assert len(reminders) == 1, reminders  # "each goes to each person at most once"


async def test_keep_them_after_forget_does_not_say_reminders_are_still_on(bot: Harness) -> None:
    await bot.send("/remind")
    await bot.press("Yes, remind me")
    offer = await bot.send("/remind")  # "You get a reminder ... keep them?"
    await bot.send("/forget")  # every opt-in removed

    kept = await bot.press_data(dict(offer.buttons())["Keep them"], offer)

    assert rows(db(bot), "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    assert "Your reminders stay on" not in plain(kept)  # they are not on: /forget removed them


async def test_an_answer_longer_than_the_most_is_refused_with_its_length_and_nothing_saved(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "When can I apply for a council flat?", "Ask a question", "Leaving care")

    said = plain(await officer.send(f"/answer 1 {'word ' * 1200}"))

    assert "5,999 characters" in said, said
    assert "the most is 2,000" in said, said
    assert rows(db(bot), "SELECT answer FROM items") == [(None,)]


async def test_a_question_approved_then_answered_and_published_is_in_the_boards_answers(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "Can we have driving lessons paid for?", "Ask a question", "Money")
    shown = await officer.send("/view 1")
    await officer.press("For the board", shown)
    await officer.send("/answer 1 Yes, from 17, through your personal adviser.")
    await officer.press_data("op:publish:1", shown)

    today = bot.clock.now.date()
    answered = await db(bot).answered_questions(today, today)

    assert [q.id for q in answered] == [1]  # kept approved, and answered, for the report
