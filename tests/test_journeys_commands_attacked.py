"""Words beside a command, attacked by a stranger (da8089e: an unsure note after a command is
asked about after the command runs; "I'm OK" then sends nothing).

Every test is marked in a comment:
  FOUND    - failed when written, because the bot broke a promise a user would meet;
  COVERAGE - passed when written; kept as coverage of a fragile path.
"""

from __future__ import annotations

import pytest

from bot.app import offline
from bot.config import Settings
from bot.content import Content
from tests.conftest import OFFICER_CHAT_ID, make_harness
from tests.fakes import Call, Harness
from tests.officers import OFFICER, officer_side
from tests.test_feedback import begin, code_in, rows, submit
from tests.test_journeys_walked import ASKED, CRISIS, officer_texts, plain, texts

STATUS = "Your message from 22 November"
OK_NOTE = "Thanks for telling us you're OK"
WORRIED = "i feel really low tbh"
FIRST = "please fix the heating in my room"
NOT_SAFE = "I'm not safe"


async def a_code(bot: Harness, text: str = FIRST) -> str:
    code = code_in(await submit(bot, text))
    bot.api.clear()
    return code


def level(bot: Harness, text: str) -> str:
    return str(bot.app.bot_data["services"].intake.level(text).value)


def item_texts(settings: Settings) -> str:
    return "\n".join(str(t) for (t,) in rows(settings, "SELECT text FROM items"))


async def urgent_alert_sent(bot: Harness) -> bool:
    await bot.deliver()
    return any("URGENT" in t for t in officer_texts(bot))


def button(call: Call, label: str) -> str:
    data = dict(call.buttons()).get(label)
    assert data is not None, (label, call.buttons())
    return data


# ============================================================================================
# 1. A disclosure beside a command: help first, and then the command still does what it says


# FOUND: "/delete CODE <disclosure>" gets the help numbers, but the message is never deleted.
# A child who wants a message gone *because* someone at home hurts them and reads their phone is
# told nothing about the deletion and the words stay stored. README: "Words after a command that
# are a disclosure get the help numbers before the command runs" - the command never runs
# (feedback.py:screen_everything raises ApplicationHandlerStop after screened_elsewhere).
async def test_delete_with_a_disclosure_beside_it_still_deletes_the_message(
    bot: Harness, settings: Settings
) -> None:
    code = await a_code(bot)
    note = "because my carer reads my phone and hits me"
    assert level(bot, note) == "urgent"

    await bot.send(f"/delete {code} {note}")

    shown = texts(bot)
    assert CRISIS in shown[0], shown
    assert FIRST not in item_texts(settings)  # the message they asked to delete is gone
    assert any("deleted for good" in t for t in shown), shown
    assert note in item_texts(settings)  # and the disclosure is kept as urgent


# FOUND: "/forget <disclosure>" gets the help numbers, but nothing is forgotten: the reminder
# opt-in (their chat id) stays in opt_ins. The command they typed silently did not run
# (feedback.py:screen_everything stops every later handler with ApplicationHandlerStop).
async def test_forget_with_a_disclosure_beside_it_still_forgets(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("/remind")
    await bot.press("Yes, remind me")
    assert rows(settings, "SELECT COUNT(*) FROM opt_ins WHERE kind = 'reminders'") == [(1,)]
    bot.api.clear()

    await bot.send("/forget im scared to go home")

    shown = texts(bot)
    assert CRISIS in shown[0], shown
    assert rows(settings, "SELECT COUNT(*) FROM opt_ins WHERE kind = 'reminders'") == [(0,)]


# FOUND: a disclosure that happens to have a receipt code's shape (a code word, then two groups
# of four letters: "Robin hits kids") is cut out of the words after a command before they are
# screened: "/help robin hits kids every night" is screened as "every night", so it is not
# urgent (no "saved as urgent", no alert) but only "Are you safe right now?" - and a carer who
# is themselves OK and taps "I'm OK" sends nothing at all (a note). Typed without the command
# the same words are urgent. Cause: feedback.py:_their_words drops every
# code-shaped run (ReceiptCodes.words_besides_codes) without asking whether it names a message,
# which safety.only_a_code / status.status_if_code do for words typed on their own.
async def test_a_code_shaped_disclosure_after_a_command_still_gets_help(
    bot: Harness, settings: Settings
) -> None:
    words = "robin hits kids every night"
    assert level(bot, words) == "urgent"

    await bot.send(f"/help {words}")

    shown = texts(bot)
    assert any(CRISIS in t for t in shown), shown
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]


# ============================================================================================
# 2. "I'm OK" on a note: nothing the child wrote for sending may go with it


# FOUND: while "Are you safe right now?" waits about a note beside /help, the child writes the
# message they had opened the box for. Those words are folded into the note, and "I'm OK" then
# drops the lot: the box is shown empty again, the message is gone. Before this change the same
# words were put in a preview ready to Send. Cause: safety.py:typed keeps `note=True` when
# merging new words (replace(worry, text=...)), and safety.py:answer_check sends every OK'd
# note to writing.resume, which never looks at worry.text.
async def test_a_message_typed_while_a_note_is_asked_about_is_not_lost(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await bot.send(f"/help {WORRIED}")
    question = bot.api.last_message()
    assert ASKED in plain(question)
    message = "the wifi in my room never works at all"
    await bot.send(message)  # they write their message as the box asked

    await bot.press_data(dict(question.buttons())["I'm OK"], question)

    assert "Send" in [label for label, _ in bot.api.last_message().buttons()], texts(bot)[-1]
    await bot.press("Send")
    assert message in item_texts(settings)


# FOUND: asked "How should we contact you?" after a disclosure, the child types /help with a
# worried note, then types their phone number. The number is swallowed into the note; "I'm OK"
# throws it away, and the officer who must call them never gets it ("Contact me" reaches a
# person). The contact request is still open, so the next ordinary thing they type is stored as
# their contact details instead. Cause: safety.py:typed merges the details into the waiting
# note before looking at session.contact_item; answer_check -> writing.resume drops them.
async def test_contact_details_typed_while_a_note_is_asked_about_are_kept(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("my foster dad hits me when he is drunk")
    await bot.press("Yes, contact me")
    await bot.press("Another way")
    await bot.send(f"/help {WORRIED}")
    question = bot.api.last_message()
    assert ASKED in plain(question)
    await bot.send("text me on 07700 900321 after school")

    await bot.press_data(dict(question.buttons())["I'm OK"], question)

    hows = " ".join(str(h) for (h,) in rows(settings, "SELECT contact_how FROM opt_ins"))
    assert "07700 900321" in hows, hows


# FOUND: a child taps "I'm OK" on the question about their note, then thinks again: types
# "actually no im not safe", or taps "I'm not safe" on the same question before it redraws.
# An urgent item reaches an officer, but without the words of the note (typed: only "actually
# no im not safe"; tapped: the "words were not kept (the bot may have restarted)" placeholder),
# thrown away at the OK. For any other worry the OK'd words stay (in a preview, or with the "who
# are you" question) so a change of mind sends them. Cause: safety.py:answer_check clears
# session.worry and calls writing.resume for a note, keeping nothing for a change of mind.
@pytest.mark.parametrize("how", ["typed", "tapped"])
async def test_not_safe_after_ok_on_a_note_sends_the_note(
    bot: Harness, settings: Settings, how: str
) -> None:
    code = await a_code(bot)
    await bot.send(f"/status {code} {WORRIED}")
    question = bot.api.last_message()
    assert ASKED in plain(question)
    await bot.press("I'm OK")

    if how == "typed":
        await bot.send("actually no im not safe")
    else:
        await bot.press_data(button(question, NOT_SAFE), question)

    assert any(CRISIS in t for t in texts(bot))
    assert rows(settings, "SELECT urgent FROM items WHERE text LIKE ?", (f"%{WORRIED}%",)) == [
        (1,)
    ]
    assert await urgent_alert_sent(bot)


# FOUND: "I'm OK" tapped twice on the note's question (a double tap, a slow network): the
# second reply says "I lost what you wrote before, sorry (I may have restarted). If you still
# want to send it, please type it again" - untrue (nothing was lost, they chose not to send a
# note) and it asks a child to type a worry out again. Cause: safety.py:answer_check, with no
# worry left and no draft, takes the OK for a restart (check_words_gone).
async def test_ok_tapped_twice_on_a_note_does_not_say_the_words_were_lost(bot: Harness) -> None:
    code = await a_code(bot)
    await bot.send(f"/status {code} {WORRIED}")
    question = bot.api.last_message()
    await bot.press("I'm OK")

    again = await bot.press_data(button(question, "I'm OK"), question)

    assert "I lost what you wrote" not in plain(again), plain(again)


# FOUND (the fake's edits lacked the bot_command entity Telegram sends; with it, asked):
# a child edits the "/status CODE" they sent, adding how they feel. An edit is screened
# at three levels (README: "an edit that the screen is unsure about ... gets Are you safe right
# now?"), and so are words after a command - but an edited command is neither: no question, no
# help numbers, nothing. Cause: feedback.py:_their_words returns ask=False for any command and
# ask_after_command is registered for UpdateType.MESSAGE only (feedback.py:register).
async def test_an_unsure_note_added_by_editing_a_command_is_asked_about(bot: Harness) -> None:
    code = await a_code(bot)
    await bot.send(f"/status {code}")
    bot.api.clear()

    await bot.feed(bot.updates.edited(f"/status {code} {WORRIED}"))

    assert any(ASKED in t or CRISIS in t for t in texts(bot)), texts(bot)


# ============================================================================================
# 3. Coverage: /forget, /cancel, wrong codes, spellings of a command


# FOUND: "/forget <unsure note>": the opt-ins go, the question is asked after, "I'm OK"
# stores nothing and leaves nothing of the note in memory (an OK'd note was kept for a change
# of mind; after /forget it is not).
async def test_forget_with_an_unsure_note_then_ok_keeps_nothing(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("/remind")
    await bot.press("Yes, remind me")
    bot.api.clear()

    await bot.send(f"/forget {WORRIED}")
    shown = texts(bot)
    assert any("We won't message you here" in t for t in shown), shown
    assert ASKED in shown[-1], shown
    await bot.press("I'm OK")

    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    kept = bot.app.user_data[bot.updates.person.user_id]
    assert WORRIED not in repr(kept)


# COVERAGE: "/forget <unsure note>" then "I'm not safe": everything was forgotten, but the note
# still reaches an officer as urgent.
async def test_forget_with_an_unsure_note_then_not_safe_reaches_an_officer(
    bot: Harness, settings: Settings
) -> None:
    await bot.send(f"/forget {WORRIED}")
    await bot.press(NOT_SAFE)

    assert any(CRISIS in t for t in texts(bot))
    assert rows(settings, "SELECT urgent, text FROM items") == [(1, WORRIED)]
    assert await urgent_alert_sent(bot)


# COVERAGE: "/cancel <unsure note>" while writing: the draft is cancelled (its old Send sends
# nothing), the note asked about; "I'm OK" stores nothing.
async def test_cancel_with_an_unsure_note_while_writing_cancels_and_ok_sends_nothing(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    preview = await bot.send("My window has been broken for a month")
    await bot.send(f"/cancel {WORRIED}")
    assert ASKED in plain(bot.api.last_message())

    await bot.press("I'm OK")
    await bot.press_data(button(preview, "Send"), preview)

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]


# COVERAGE: "/cancel <unsure note>" then "I'm not sure": the note reaches an officer, urgent.
async def test_cancel_with_an_unsure_note_then_not_sure_is_urgent(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await bot.send(f"/cancel {WORRIED}")
    await bot.press("I'm not sure")

    assert rows(settings, "SELECT urgent, text FROM items") == [(1, WORRIED)]
    assert await urgent_alert_sent(bot)


# COVERAGE: a wrong code with an unsure note: "not found" first, then the question.
async def test_a_wrong_code_with_an_unsure_note_says_not_found_then_asks(bot: Harness) -> None:
    await bot.send(f"/status KITE-7F3Q-X9MA {WORRIED}")

    shown = texts(bot)
    assert ASKED in shown[-1], shown
    assert len(shown) >= 2, shown
    assert ASKED not in shown[-2], shown


# COVERAGE: upper case, and a command addressed to the bot by name, still run and still ask.
@pytest.mark.parametrize("command", ["/STATUS", "/Status"])
async def test_an_upper_case_status_with_a_note_shows_the_status_then_asks(
    bot: Harness, command: str
) -> None:
    code = await a_code(bot)
    await bot.send(f"{command} {code} {WORRIED}")

    shown = texts(bot)
    assert any(STATUS in t for t in shown), shown
    assert ASKED in shown[-1], shown


async def test_a_command_for_another_bot_with_a_note_is_still_asked(bot: Harness) -> None:
    await bot.send(f"/menu@SomeOtherBot {WORRIED}")
    assert ASKED in texts(bot)[-1], texts(bot)


@pytest.mark.parametrize("command", ["/WEDID", "/start@SomeBot", "/Start"])
async def test_officer_commands_and_start_in_any_case_are_never_asked(
    bot: Harness, command: str
) -> None:
    await bot.send(f"{command} {WORRIED}")
    assert not any(ASKED in t for t in texts(bot)), texts(bot)


# COVERAGE: a command in a group chat the bot is in: nothing said there, no question there.
async def test_a_command_with_a_note_in_a_group_chat_is_not_answered_there(bot: Harness) -> None:
    group = {"id": -100777, "type": "supergroup", "title": "Mates"}
    await bot.feed(bot.updates.text(f"/help {WORRIED}", chat=group))
    assert bot.api.messages(-100777) == []


# ============================================================================================
# 4. Coverage: questions already waiting, and typed answers


# COVERAGE: a stray worry waits; an ordinary note after /status does not disturb it, and "I'm
# OK" still offers the stray words to send (Send pressed by them, not for them).
async def test_an_ordinary_note_while_a_question_waits_keeps_the_waiting_words(
    bot: Harness, settings: Settings
) -> None:
    code = await a_code(bot)
    await bot.send("things at home are a bit much lately")
    assert ASKED in plain(bot.api.last_message())
    await bot.send(f"/status {code} has anyone read it yet")
    assert any(STATUS in t for t in texts(bot))

    await bot.press_data(*_last_question_button(bot, "I'm OK"))

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]  # nothing sent by itself
    assert "things at home" in plain(bot.api.last_message())


def _last_question_button(bot: Harness, label: str) -> tuple[str, Call]:
    question = next(c for c in reversed(bot.api.messages()) if ASKED in plain(c))
    return button(question, label), question


# COVERAGE: a stray worry waits, then an unsure note after a command: both wait together, and
# "I'm not safe" sends both to an officer.
async def test_a_note_while_a_question_waits_goes_with_it_when_not_safe(
    bot: Harness, settings: Settings
) -> None:
    code = await a_code(bot)
    await bot.send("things at home are a bit much lately")
    await bot.send(f"/status {code} {WORRIED}")
    assert ASKED in plain(bot.api.last_message())

    await bot.press(NOT_SAFE)

    urgent = item_texts(settings)
    assert "things at home" in urgent, urgent
    assert WORRIED in urgent, urgent
    assert await urgent_alert_sent(bot)


# COVERAGE: typed answers to the note's question: "im ok" sends nothing; "not really" and
# "idk" send the note to an officer, urgent.
@pytest.mark.parametrize(
    ("typed", "urgent"), [("im ok", False), ("not really", True), ("idk", True)]
)
async def test_a_typed_answer_to_a_note_question_is_taken_as_the_tap(
    bot: Harness, settings: Settings, typed: str, urgent: bool
) -> None:
    code = await a_code(bot)
    await bot.send(f"/status {code} {WORRIED}")

    await bot.send(typed)

    stored = rows(settings, "SELECT urgent, text FROM items WHERE urgent = 1")
    if urgent:
        assert stored, stored
        assert WORRIED in stored[0][1], stored
        assert await urgent_alert_sent(bot)
    else:
        assert stored == []
        assert OK_NOTE in plain(bot.api.last_message())


# COVERAGE: "I'm not safe" on the note's question after a restart (the note lived only in
# memory): help numbers, and an officer is told urgently with the "words not kept" note.
async def test_not_safe_on_a_note_question_after_a_restart_reaches_an_officer(
    settings: Settings, content: Content
) -> None:
    first, _ = await make_harness(settings, content)
    async with offline(first.app):
        code = await a_code(first)
        await first.send(f"/delete {code} {WORRIED}")
        question = first.api.last_message()
        assert ASKED in plain(question)
    second, errors = await make_harness(settings, content)
    second.updates._ids = first.updates._ids
    async with offline(second.app):
        await second.press_data(button(question, NOT_SAFE), question)
        assert any(CRISIS in t for t in texts(second))
        await second.deliver()
        assert any("URGENT" in plain(c) for c in second.api.messages(OFFICER_CHAT_ID))
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]
    assert errors == []


# ============================================================================================
# 5. Coverage: odd notes, and officers


# COVERAGE: a note in another language is asked about (in that language), and a short reply in
# it that we cannot read is taken as "not sure": urgent.
async def test_an_arabic_note_after_status_is_asked_and_a_short_arabic_reply_is_urgent(
    bot: Harness, settings: Settings, content: Content
) -> None:
    code = await a_code(bot)
    note = "غرفتي صغيرة جدا"
    await bot.send(f"/status {code} {note}")
    shown = texts(bot)
    assert any(STATUS in t for t in shown)
    arabic = content.safeguarding.help_reply("ar")
    assert arabic is not None
    assert arabic in shown[-1], shown

    await bot.send("لا")

    assert rows(settings, "SELECT urgent FROM items WHERE text LIKE ?", (f"%{note}%",)) == [(1,)]


# COVERAGE: an emoji-only note, and a very long unsure note, run the command without error;
# the long note reaches an officer whole when they are not safe.
async def test_an_emoji_only_note_runs_the_command(bot: Harness) -> None:
    code = await a_code(bot)
    await bot.send(f"/status {code} 😭😭😭")
    assert any(STATUS in t for t in texts(bot))


async def test_a_very_long_unsure_note_beside_a_draft_reaches_an_officer_whole(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await bot.send("My window has been broken for a month and nobody has come to fix it")
    note = " ".join([WORRIED] * 180)  # about 4,000 characters, Telegram's most
    await bot.send(f"/help {note}")
    assert ASKED in plain(bot.api.last_message())

    await bot.press(NOT_SAFE)

    stored = item_texts(settings)
    assert "My window has been broken" in stored
    assert stored.count(WORRIED) == 180
    assert await urgent_alert_sent(bot)


# COVERAGE: an officer using a young person's command in their own chat with a worried-sounding
# note gets the command's answer and is never asked "Are you safe right now?".
async def test_an_officer_using_status_with_a_note_is_not_asked(bot: Harness) -> None:
    code = await a_code(bot)
    me = officer_side(bot, OFFICER, chat=OFFICER.private_chat())
    await me.send(f"/status {code} {WORRIED}")
    await me.send(f"/help {WORRIED}")

    shown = [plain(c) for c in bot.api.messages(OFFICER.user_id)]
    assert any(STATUS in t for t in shown), shown
    assert not any(ASKED in t for t in shown), shown


# COVERAGE: officers never see the child's Telegram identity in the alert or item a note made.
async def test_a_note_made_urgent_carries_no_telegram_identity(
    bot: Harness, settings: Settings
) -> None:
    code = await a_code(bot)
    await bot.send(f"/status {code} {WORRIED}")
    await bot.press(NOT_SAFE)
    await bot.deliver()

    person = bot.updates.person
    seen = "\n".join(officer_texts(bot)) + item_texts(settings)
    for value in (str(person.user_id), person.username, person.first_name, person.last_name):
        assert value not in seen
