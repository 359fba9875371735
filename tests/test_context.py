"""Context that is never lost or stale (issue 12): a view date that has passed is never offered,
/remind says when you already get reminders, an answer says which question it answers, old
buttons after Send say it was sent, words typed at a button step are kept as the draft, and the
officer's next step is always a button."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.content import Content
from bot.domain import Audience, Meeting
from bot.screens import browse
from bot.screens.text import text_lines
from tests.fakes import Harness, OfficerSide
from tests.test_feedback import begin, rows, submit
from tests.test_promises import database, officer, plain  # noqa: F401 (the officer fixture)

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores


def meeting(day: date, views_by: date) -> Meeting:
    return Meeting(day, time(17), "Council House", (), views_by, dict.fromkeys(Audience, "Come."))


def test_a_passed_views_date_is_never_offered(content: Content) -> None:
    today = date(2026, 12, 1)
    first = meeting(date(2026, 12, 8), views_by=date(2026, 11, 24))
    second = meeting(date(2027, 1, 19), views_by=date(2027, 1, 5))

    shown = "\n".join(
        text_lines(browse.meetings_view(content, Audience.IN_CARE, [first, second], today))
    )

    assert "Send your views by" not in shown
    assert "Too late for this one: your views will go to the meeting on 19 January." in shown
    on_time = browse.meetings_view(content, Audience.IN_CARE, [first, second], date(2026, 11, 24))
    assert "Send your views by Tuesday 24 November 2026" in "\n".join(text_lines(on_time))


async def test_the_meetings_screen_moves_on_when_the_views_date_passes(bot: Harness) -> None:
    await bot.send("/menu")
    before = plain(await bot.press("Board meetings"))
    bot.clock.advance(timedelta(days=3))  # 22 → 25 November: the 24th has gone

    await bot.send("/menu")
    after = plain(await bot.press("Board meetings"))

    assert "Send your views by Tuesday 24 November 2026" in before
    assert "24 November" not in after
    assert "Too late for this one: your views will go to the meeting on 19 January." in after


async def test_remind_when_subscribed_says_so_and_offers_stop_or_keep(bot: Harness) -> None:
    await bot.send("/remind")
    await bot.press("Yes, remind me")

    again = await bot.send("/remind")

    assert "You get a reminder before each board meeting" in plain(again)
    assert "Would you like a reminder" not in plain(again)
    assert bot.labels()[:2] == ["Stop reminders", "Keep them"]
    kept = await bot.press("Keep them")
    assert "Your reminders stay on" in plain(kept)
    assert rows(database(bot), "SELECT kind FROM opt_ins") == [("reminders",)]


async def test_an_answer_says_which_question_it_answers(
    bot: Harness,
    officer: OfficerSide,  # noqa: F811
) -> None:
    await submit(bot, "Can I get help with driving lessons?", "Ask a question", "Money")
    await bot.press("Yes, tell me")
    await submit(bot, "When can I apply for a council flat?", "Ask a question", "Not sure")
    await bot.press("Yes, tell me")
    await bot.deliver()
    redact = await officer.press("Redact", await officer.send("/view 2"))
    assert redact is not None
    await officer.reply(redact, "When can I apply for a council flat?")

    await officer.send("/answer 1 Yes: we pay for 10 lessons.")
    await officer.send("/answer 2 At 17 and a half.")
    await bot.deliver()

    pushed = [plain(c) for c in bot.api.messages(bot.updates.person.user_id)]
    answers = [p for p in pushed if "There's an answer to your question" in p]
    assert len(answers) == 2
    assert "Your question from 22 November about Money" in answers[0]
    assert "Can I get help with driving lessons?" not in answers[0]  # never their own words
    assert "You asked: When can I apply for a council flat?" in answers[1]  # the board text


async def test_old_buttons_after_send_say_it_was_sent(bot: Harness) -> None:
    await begin(bot)
    preview = await bot.send("Can we have more trips in the holidays")
    await bot.press("Send")

    for data in ("ch:draft:cancel", "ch:draft:change"):
        after = plain(await bot.press_data(data, preview))

        assert "That message was already sent" in after
        assert "nothing was sent" not in after.lower()
    assert rows(database(bot), "SELECT COUNT(*) FROM items") == [(1,)]


async def test_words_typed_at_a_button_step_are_kept_as_the_draft(bot: Harness) -> None:
    await bot.send("/menu")
    await bot.press("Have your say")
    await bot.press("I'm in care")

    kept = await bot.send("The heating in my room is broken")

    assert "I've kept what you typed" in plain(kept)
    assert "Where I live" in bot.labels()  # the question is asked again, nothing is lost
    preview = await bot.press("Where I live")
    assert "The heating in my room is broken" in plain(preview)
    await bot.press("Send")
    assert rows(database(bot), "SELECT text, theme FROM items") == [
        ("The heating in my room is broken", "home")
    ]


async def test_a_carer_typing_before_whose_view_is_asked_keeps_the_words(bot: Harness) -> None:
    await bot.send("/start")
    await bot.press("I'm a carer")
    await bot.press("Have your say")
    await bot.press("Where they live")

    kept = await bot.send("Her room needs a new bed")

    assert "I've kept what you typed" in plain(kept)
    preview = await bot.press("A young person's view")
    assert "Her room needs a new bed" in plain(preview)


async def test_the_officer_answers_with_a_button_and_decides_after_a_theme(
    bot: Harness,
    officer: OfficerSide,  # noqa: F811
) -> None:
    await submit(bot, "When can I apply for a council flat?", "Ask a question", "Not sure")
    await bot.deliver()
    shown = await officer.send("/view 1")

    prompt = await officer.press("Answer", shown)
    assert prompt is not None
    assert "Reply to this message with the answer to #1" in plain(prompt)
    reply = await officer.reply(prompt, "At 17 and a half.")

    assert "Answer saved for #1" in plain(reply)
    assert rows(database(bot), "SELECT answer FROM items") == [("At 17 and a half.",)]
    await submit(bot, "i used to self harm but im ok now")
    themes = await officer.press("Theme", await officer.send("/view 2"))
    chosen = await officer.press("Things to do", themes)
    assert chosen is not None
    assert [label for label, _ in chosen.buttons()] == ["For the board", "Not for the board"]
    decided = await officer.press("For the board", chosen)
    assert "#2 is now: for board" in plain(decided)


async def test_the_most_used_topics_come_first(bot: Harness, content: Content) -> None:
    for n in range(3):
        await submit(bot, f"pocket money idea {n}", topic="Money")
    await submit(bot, "more trips please", topic="Things to do")
    bot.clock.advance(timedelta(days=1))  # the ranking is worked out once a day

    await begin(bot, topic="Not sure")
    await bot.send("/cancel")
    await bot.send("/menu")
    await bot.press("Have your say")

    first = bot.labels()[:5]
    assert first[:2] == ["Money", "Things to do"]
    labels = [t.label for t in content.themes.themes]
    assert first[2:] == [x for x in labels if x not in {"Money", "Things to do"}][:3]


async def worried(bot: Harness, text: str = "i used to self harm but im ok now") -> str:
    """A message the screen is unsure about: "Are you safe right now?"."""
    await begin(bot)
    asked = plain(await bot.send(text))
    assert "Are you safe right now?" in asked, asked
    return asked


@pytest.mark.parametrize("typed", ["no", "Nope.", "i'm not safe"])
async def test_no_typed_at_are_you_safe_gets_the_crisis_reply(bot: Harness, typed: str) -> None:
    await worried(bot)

    await bot.send(typed)

    texts = [plain(c) for c in bot.api.messages()]
    assert any("Thank you for telling us" in t for t in texts)
    assert rows(database(bot), "SELECT text, urgent FROM items") == [
        ("i used to self harm but im ok now", 1)
    ]


@pytest.mark.parametrize("typed", ["yes", "im ok", "I'm fine thanks"])
async def test_ok_typed_at_are_you_safe_goes_on_with_the_message(bot: Harness, typed: str) -> None:
    await worried(bot)

    preview = plain(await bot.send(typed))

    assert "i used to self harm but im ok now" in preview
    assert "Are you safe right now?" not in preview
    await bot.press("Send")
    assert rows(database(bot), "SELECT text, urgent FROM items") == [
        ("i used to self harm but im ok now", 0)
    ]


async def test_more_words_at_are_you_safe_are_kept_and_the_question_asked_again(
    bot: Harness,
) -> None:
    await worried(bot)

    again = plain(await bot.send("and the heating is broken"))

    assert "Are you safe right now?" in again
    preview = plain(await bot.press("I'm OK"))
    assert "i used to self harm but im ok now\nand the heating is broken" in preview


async def test_an_empty_message_is_not_sent(bot: Harness) -> None:
    await begin(bot)

    for empty in ("   ", "\u200b\u200b"):
        reply = plain(await bot.send(empty))
        assert "That message looks empty" in reply
        assert "Send" not in bot.labels()
    assert rows(database(bot), "SELECT COUNT(*) FROM items") == [(0,)]


async def test_an_old_send_after_cancel_says_it_was_not_sent(bot: Harness) -> None:
    await begin(bot)
    preview = await bot.send("Can we have more trips")
    await bot.send("/cancel")

    after = plain(await bot.press_data(dict(preview.buttons())["Send"], preview))

    assert "That message wasn't sent, because you tapped Cancel" in after
    assert rows(database(bot), "SELECT COUNT(*) FROM items") == [(0,)]


async def test_asking_for_an_answer_to_a_deleted_question_keeps_no_chat(bot: Harness) -> None:
    ack = await submit(bot, "When can I apply for a flat?", "Ask a question", "Not sure")
    code = next(w for w in plain(ack).split() if w.count("-") == 2)
    await bot.send(f"/delete {code}")

    reply = plain(await bot.press_data("ch:answer:yes", ack))

    assert "That message was deleted, so there won't be an answer" in reply
    assert rows(database(bot), "SELECT COUNT(*) FROM opt_ins") == [(0,)]


async def test_get_help_now_in_the_middle_of_a_message_loses_nothing(bot: Harness) -> None:
    await begin(bot)
    await bot.send("Can we have more trips")
    await bot.press("🆘 Get help now")
    await bot.press("Menu")

    back = plain(await bot.press("Have your say"))

    assert "Here's the message you were writing" in back
    assert "Can we have more trips" in back
    assert "Send" in bot.labels()


async def test_carers_are_not_spoken_to_as_the_child_when_worried(bot: Harness) -> None:
    await bot.send("/start")
    await bot.press("I'm a carer")
    await bot.send("she says her stepdad hits her")

    texts = "\n".join(plain(c) for c in bot.api.messages())

    assert "If a child is in danger, call 999" in texts
    assert "You deserve help now" not in texts
    assert "worried you're not safe" not in texts


async def test_changing_your_mind_about_another_way_is_fine(bot: Harness) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    await bot.press("Yes, contact me")
    await bot.press("Another way")

    declined = plain(await bot.press("No, thank you"))
    after = plain(await bot.send("Can we have more trips"))

    assert "That's OK. The team will still read your message" in declined
    assert "I've kept what you typed" in after  # not taken for contact details
    assert rows(database(bot), "SELECT COUNT(*) FROM opt_ins") == [(0,)]


async def test_a_carer_typing_whose_view_it_is_counts_as_the_tap(bot: Harness) -> None:
    await bot.send("/start")
    await bot.press("I'm a carer")
    await bot.press("Have your say")
    await bot.press("Where they live")

    typed = plain(await bot.send("a young person's view"))

    assert "type your message" in typed.lower()
    await bot.send("Her room needs a new bed")
    await bot.press("Send")
    assert rows(database(bot), "SELECT text, on_behalf FROM items") == [
        ("Her room needs a new bed", 1)
    ]
