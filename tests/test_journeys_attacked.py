"""Paths a young person or carer really takes, found broken by attacking the journeys as a
stranger would (each test failed before its fix): a double-tapped Cancel, a question kept as a
question after "I'm OK", a preview not lost to a disclosure, leaving the contact question, long
contact details, "I'm not safe" after a restart, a long message shown back, typed answers to
"Are you safe right now?", "Yes, tell me" under an older question, and editing the words
waiting to be sent."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import Settings
from bot.telegram.fakebot.api import Call
from tests.conftest import shipped_content
from tests.fakes import Harness
from tests.test_feedback import begin, rows, submit
from tests.test_promises import plain

pytestmark = pytest.mark.both_stores

TEXTS = shipped_content().texts
ALREADY_SENT = TEXTS.already_sent.in_care


async def test_cancel_tapped_twice_never_says_the_cancelled_message_was_sent(
    bot: Harness, settings: Settings
) -> None:
    await submit(bot, "the wifi is slow")  # an earlier message, sent
    await begin(bot)
    await bot.send("actually the food is cold too")
    preview = bot.api.last_message()
    cancel = dict(preview.buttons())["Cancel"]

    first = await bot.press_data(cancel, preview)
    again = await bot.press_data(cancel, preview)  # a double tap

    assert "nothing was sent" in plain(first)
    assert ALREADY_SENT not in plain(again), plain(again)
    assert rows(settings, "SELECT text FROM items") == [("the wifi is slow",)]


async def test_change_under_a_preview_stopped_with_slash_cancel_never_says_it_was_sent(
    bot: Harness, settings: Settings
) -> None:
    await submit(bot, "the wifi is slow")
    await begin(bot)
    await bot.send("actually the food is cold too")
    preview = bot.api.last_message()
    await bot.send("/cancel")  # typed (the command menu's "Stop what you're writing")

    # The preview above still has its buttons: they scroll up and tap one.
    changed = await bot.press_data(dict(preview.buttons())["Change"], preview)

    assert ALREADY_SENT not in plain(changed), plain(changed)


async def test_a_question_typed_at_the_topic_picker_stays_a_question_after_im_ok(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("/menu")
    await bot.press("Ask a question")
    if "Before you write" in plain(bot.api.last_message()):
        await bot.press("I'm in care")
    asked = await bot.send("things at home are a bit much lately")
    assert "Are you safe right now?" in plain(asked)

    await bot.press("I'm OK")
    for _ in range(3):  # a topic picker, if one is offered again, is answered
        if "Send" in bot.labels():
            break
        await bot.press(bot.labels()[0])
    ack = await bot.press("Send")

    assert rows(settings, "SELECT kind FROM items") == [("question",)], plain(ack)
    assert "Yes, tell me" in bot.labels()


async def test_a_previewed_message_is_not_lost_when_a_disclosure_follows_it(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await bot.send("the food here is always cold and the chips are soggy")
    preview = bot.api.last_message()
    assert "Send" in dict(preview.buttons())

    await bot.send("my foster dad hits me when he is drunk")
    sent = await bot.press_data(dict(preview.buttons())["Send"], preview)

    texts = " ".join(t for (t,) in rows(settings, "SELECT text FROM items"))
    assert "the food here is always cold and the chips are soggy" in texts, (texts, plain(sent))


async def test_feedback_written_after_leaving_the_contact_question_is_kept_as_feedback(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    await bot.press("Yes, contact me")
    await bot.press("Another way")  # "Type a phone number or email we can use"
    # They change their mind without answering, and go on to have their say.
    await begin(bot)
    preview = await bot.send("the food here is always cold and the chips are soggy")

    assert "Send" in bot.labels(), plain(preview)
    await bot.press("Send")
    texts = [t for (t,) in rows(settings, "SELECT text FROM items")]
    assert "the food here is always cold and the chips are soggy" in texts
    assert rows(settings, "SELECT contact_how FROM opt_ins WHERE contact_how IS NOT NULL") == []


async def test_contact_details_over_the_limit_say_why_they_were_not_taken(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    await bot.press("Yes, contact me")
    asked = await bot.press("Another way")
    details = (
        "please ring my auntie on 07700 900321 after 4pm on weekdays, she knows everything "
        "and she will pass the phone to me, but please do not ring on Thursdays because my "
        "foster dad is home then and he checks who calls the house phone"
    )
    assert len(details) > 200

    again = await bot.send(details)

    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    # Not the same question again as if nothing was typed: say it was too long.
    assert plain(again) != plain(asked), plain(again)


def forget_memory(bot: Harness) -> None:
    """What a restart does to a chat: everything kept in user_data is gone."""
    bot.app.drop_user_data(bot.updates.person.user_id)


@pytest.mark.parametrize("answer", ["I'm not safe", "I'm not sure"])
async def test_im_not_safe_after_a_restart_still_gets_help_and_reaches_an_officer(
    bot: Harness, settings: Settings, answer: str
) -> None:
    asked = await bot.send("things at home are a bit much lately")
    assert "Are you safe right now?" in plain(asked)
    forget_memory(bot)  # the bot restarted while the question waited
    before = len(bot.api.messages(bot.updates.person.user_id))

    reply = await bot.press_data(dict(asked.buttons())[answer], asked)
    await bot.drain_crisis_lane()

    after = bot.api.messages(bot.updates.person.user_id)[before:]
    seen = "\n".join(plain(c) for c in after)
    assert "That button is from before" not in plain(reply), seen
    assert "0800 1111" in seen, seen  # the help numbers again, in answer to "not safe"
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]  # an officer will know


async def test_a_long_message_is_shown_back_without_telegram_refusing_the_reply(
    bot: Harness,
) -> None:
    await begin(bot)
    # Telegram lets a message be up to 4096 characters; twice the bot's limit.
    text = ("The wifi in my room never works so I cannot do my homework. " * 80)[:4096]

    await bot.send(text)

    refused = [c for c in bot.api.calls_to("sendMessage") if not c.result]
    assert refused == [], [c.text[-60:] for c in refused]


@pytest.mark.parametrize(
    "typed",
    ["I'm not ok", "no not really", "not at all", "help me", "I'm scared"],
)
async def test_a_typed_answer_meaning_not_safe_makes_it_urgent(
    bot: Harness, settings: Settings, typed: str
) -> None:
    asked = await bot.send("things at home are a bit much lately")
    assert "Are you safe right now?" in plain(asked)

    await bot.send(typed)  # typed instead of tapping "I'm not safe"
    await bot.drain_crisis_lane()

    assert rows(settings, "SELECT urgent, text FROM items") == [
        (1, f"things at home are a bit much lately\n{typed}")  # their words reach the officer
    ], plain(bot.api.last_message())


@pytest.mark.parametrize(
    ("typed", "urgent"),
    [("ok but my carer hits me", True), ("im fine just tired of everything", False)],
)
async def test_a_yes_with_more_words_that_worry_is_not_taken_as_im_ok(
    bot: Harness, settings: Settings, typed: str, urgent: bool
) -> None:
    """A "yes" that goes on to say more is not "I'm OK": the words are kept with the rest and
    screened, never dropped behind an offer to send the first message."""
    asked = await bot.send("things at home are a bit much lately")
    assert "Are you safe right now?" in plain(asked)

    reply = await bot.send(typed)
    await bot.drain_crisis_lane()

    if urgent:
        assert rows(settings, "SELECT urgent, text FROM items") == [
            (1, f"things at home are a bit much lately\n{typed}")
        ]
    else:
        assert "Are you safe right now?" in plain(reply), plain(reply)
        await bot.press("I'm not safe")
        assert rows(settings, "SELECT urgent, text FROM items") == [
            (1, f"things at home are a bit much lately\n{typed}")
        ]


@pytest.mark.parametrize("typed", ["yeah im safe", "yes i am", "ye im ok"])
async def test_a_typed_answer_meaning_safe_is_not_asked_again(bot: Harness, typed: str) -> None:
    asked = await bot.send("things at home are a bit much lately")
    assert "Are you safe right now?" in plain(asked)

    reply = await bot.send(typed)  # typed instead of tapping "I'm OK"

    assert "Are you safe right now?" not in plain(reply), plain(reply)


async def test_tell_me_the_answer_tapped_later_is_kept_for_the_question_it_was_under(
    bot: Harness, settings: Settings
) -> None:
    await submit(bot, "When can I apply for housing?", "Ask a question", "Not sure")
    asked = bot.api.last_message()
    assert "Yes, tell me" in dict(asked.buttons())
    await submit(bot, "the wifi is slow")  # something else, before deciding

    saved = await bot.press_data(dict(asked.buttons())["Yes, tell me"], asked)

    chat = bot.updates.person.user_id
    question = rows(settings, "SELECT id FROM items WHERE kind = 'question'")
    assert rows(settings, "SELECT kind, chat_id, item_id FROM opt_ins") == [
        ("answer", chat, question[0][0])
    ], plain(saved)


async def typed_then_edited(bot: Harness, first: str, then: str) -> Call:
    """They type `first`, then edit that very message (Telegram's Edit) to say `then`."""
    original = bot.updates.text(first)
    await bot.feed(original)
    await edit_of(bot, original, then)
    return bot.api.last_message()


async def edit_of(bot: Harness, original: dict[str, Any], text: str) -> None:
    """Telegram's update when they edit the message `original` to say `text`."""
    edit = bot.updates.edited(text)
    edit["edited_message"]["message_id"] = original["message"]["message_id"]
    await bot.feed(edit)


async def test_an_edit_of_the_words_waiting_to_be_sent_is_what_send_sends(
    bot: Harness, settings: Settings
) -> None:
    """Edited after the preview, the message said one thing in the chat and Send sent the
    words from before the edit."""
    await begin(bot)
    preview = await typed_then_edited(bot, "the wifi is slow", "the wifi is slow after 9pm")

    assert "the wifi is slow after 9pm" in plain(preview)  # shown again, as it now reads
    await bot.press("Send")
    assert rows(settings, "SELECT text FROM items") == [("the wifi is slow after 9pm",)]


async def test_an_old_preview_cannot_send_the_words_from_before_an_edit(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    original = bot.updates.text("the wifi is slow")
    await bot.feed(original)
    old = bot.api.last_message()
    await edit_of(bot, original, "the wifi is slow at night")

    await bot.press_data(dict(old.buttons())["Send"], old)  # the preview above, scrolled to

    assert rows(settings, "SELECT text FROM items") == []


async def test_an_edit_of_a_message_already_sent_changes_nothing_kept(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    original = bot.updates.text("more bus passes please")
    await bot.feed(original)
    await bot.press("Send")
    await edit_of(bot, original, "more bus passes please and later buses")

    assert rows(settings, "SELECT text FROM items") == [("more bus passes please",)]


async def test_an_edit_that_turns_worrying_asks_or_helps_as_typed_words_would(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await typed_then_edited(bot, "the food here is ok", "the food here is ok but he hits me")

    texts = [plain(c) for c in bot.api.messages()]
    assert any("Thank you for telling us" in t for t in texts)
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]


async def test_an_edit_of_an_older_message_leaves_the_words_waiting_to_be_sent_alone(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    older = bot.updates.text("more bus passes please")
    await bot.feed(older)
    await bot.press("Send")
    await begin(bot)
    await bot.send("the wifi is slow")
    await edit_of(bot, older, "more bus passes please and later buses")

    await bot.press_data(*latest_send(bot))
    assert rows(settings, "SELECT text FROM items ORDER BY id") == [
        ("more bus passes please",),
        ("the wifi is slow",),
    ]


def latest_send(bot: Harness) -> tuple[str, Call]:
    """The Send button of the latest preview in the chat, and the preview."""
    preview = next(c for c in reversed(bot.api.messages()) if "Send" in dict(c.buttons()))
    return dict(preview.buttons())["Send"], preview


async def test_an_edit_into_a_command_is_not_taken_as_the_words_to_send(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await typed_then_edited(bot, "the wifi is slow", "/status")

    await bot.press_data(*latest_send(bot))
    assert rows(settings, "SELECT text FROM items") == [("the wifi is slow",)]
