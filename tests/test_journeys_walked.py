"""The paths real people take, where they meet, walked by a stranger trying to break the
promises in PRODUCT.md §3-5 and the trust checklist.

Every test is marked in a comment:
  FOUND    - failed when written, because the bot broke a promise; the bot was then mended;
  COVERAGE - passed when written; kept as coverage of a path nobody had walked before.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import offline
from bot.config import Settings
from bot.content import Content
from bot.formatting import html_to_plain
from tests.conftest import OFFICER_CHAT_ID, make_harness
from tests.fakes import Call, Harness, OfficerSide, Person
from tests.officers import OFFICER, officer_side
from tests.test_feedback import assert_help_numbers, begin, code_in, rows, submit

ALEX = Person(user_id=5550002, first_name="Alex", last_name="Moss", username="alex_officer")
ASKED = "Are you safe right now?"
CRISIS = "Thank you for telling us"


def plain(call: Call | None) -> str:
    assert call is not None, "expected a message"
    return html_to_plain(call.text)


def texts(bot: Harness) -> list[str]:
    return [plain(c) for c in bot.api.messages()]


def officer_texts(bot: Harness) -> list[str]:
    return [plain(c) for c in bot.api.messages(OFFICER_CHAT_ID)]


def with_caption(bot: Harness, kind: str, caption: str) -> dict[str, Any]:
    update = bot.updates.media(kind)
    update["message"]["caption"] = caption
    return update


def identity_absent(settings: Settings, person: Person) -> None:
    """No Telegram identity in any row (unless opted in, which these tests never do)."""
    for table in ("items", "outbox", "audit_log"):
        for row in rows(settings, f"SELECT * FROM {table}"):  # noqa: S608
            flat = " ".join(str(v) for v in row)
            for value in (str(person.user_id), person.username, person.first_name):
                assert value not in flat, (table, value)


def code_from_messages(bot: Harness) -> str:
    return code_in(next(c for c in reversed(bot.api.messages()) if "Your code is" in plain(c)))


@pytest.fixture
def sam(bot: Harness) -> OfficerSide:
    return officer_side(bot, OFFICER)


@pytest.fixture
def alex(bot: Harness, settings: Settings) -> OfficerSide:
    return officer_side(bot, ALEX)


@pytest.fixture
def settings(settings: Settings) -> Settings:  # two officers on the allow-list
    return settings.model_copy(update={"officer_ids": [OFFICER.user_id, ALEX.user_id]})


# ============================================================================================
# 1. Photos, voice notes, stickers


# FOUND: a caption the screen is unsure about never gets "Are you safe right now?". Captions
# are only screened for urgent words (screen_everything -> screened_elsewhere -> is_urgent), so
# a check-level caption gets "I can only read typed messages, I haven't kept that": no help
# numbers, no question, nothing reaches an officer. PRODUCT §5: screen captions, three levels.
async def test_a_photo_captioned_with_giving_things_away_asks_are_you_safe(
    bot: Harness, content: Content
) -> None:
    caption = "who can have my xbox when i'm not around anymore"
    assert bot.app.bot_data["services"].intake.level(caption).value == "check"

    await bot.feed(with_caption(bot, "photo", caption))

    shown = "\n".join(texts(bot))
    assert ASKED in shown or CRISIS in shown, shown
    assert content.council.out_of_hours.number in shown
    assert bot.api.calls_to("getFile") == []


# FOUND: a caption not in English is never even checked. PRODUCT §5: "A message not in English
# is at least check and is flagged for officers" - an Arabic caption gets only the English
# "I can only read typed messages" note.
async def test_a_photo_captioned_in_arabic_gets_the_safety_question_in_arabic(
    bot: Harness, content: Content
) -> None:
    caption = "غرفتي صغيرة جدا والانترنت لا يعمل"  # "my room is too small, the internet is down"

    await bot.feed(with_caption(bot, "photo", caption))

    shown = "\n".join(texts(bot))
    arabic = content.safeguarding.help_reply("ar")
    assert arabic is not None
    assert ASKED in shown, shown
    assert arabic in shown


# COVERAGE: a photo with an ordinary caption in the middle of writing gets the kind media note,
# the draft is not lost, nothing is downloaded, and the typed message still sends.
async def test_a_photo_mid_draft_is_refused_kindly_and_the_draft_still_sends(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await bot.feed(with_caption(bot, "photo", "this is my broken window"))
    assert "I can only read typed messages" in plain(bot.api.last_message())

    preview = await bot.send("My window has been broken for a month")
    assert "My window has been broken for a month" in plain(preview)
    ack = await bot.press("Send")

    assert "Your code is" in plain(ack)
    assert rows(settings, "SELECT text, theme FROM items") == [
        ("My window has been broken for a month", "home")
    ]
    assert bot.api.calls_to("getFile") == []
    identity_absent(settings, bot.updates.person)


# COVERAGE: a voice note and a sticker while "Are you safe right now?" waits do not lose the
# waiting words: "I'm not safe" afterwards still makes them urgent and alerts officers.
async def test_voice_note_and_sticker_while_the_question_waits_then_not_safe(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("things at home are a bit much lately")
    assert ASKED in plain(bot.api.last_message())
    question = bot.api.last_message()

    await bot.feed(bot.updates.media("voice"))
    await bot.feed(bot.updates.media("sticker"))
    assert "I can only read typed messages" in plain(bot.api.last_message())
    await bot.press_data(dict(question.buttons())["I'm not safe"], question)

    assert any(CRISIS in t for t in texts(bot))
    assert rows(settings, "SELECT urgent, text FROM items") == [
        (1, "things at home are a bit much lately")
    ]
    await bot.deliver()
    assert any("URGENT" in t for t in officer_texts(bot))
    assert bot.api.calls_to("getFile") == []


# ============================================================================================
# 2. Edited messages


# FOUND: an edit of a message already sent that turns worrying (check level) is silently
# ignored: edits outside the draft are only screened for urgent words. PRODUCT §5: "Screen
# everything a young person types - messages, captions, text after a command, edits".
async def test_an_edit_of_a_sent_message_into_giving_things_away_asks_are_you_safe(
    bot: Harness, settings: Settings
) -> None:
    await submit(bot, "can we have a later bedtime")
    bot.api.clear()

    await bot.feed(bot.updates.edited("who can have my xbox when i'm not around anymore"))

    shown = "\n".join(texts(bot))
    assert ASKED in shown or CRISIS in shown, shown


# COVERAGE: the worrying message itself is edited into a disclosure while the question waits:
# help at once, urgent item; the old question's "I'm OK" then cannot make it ordinary.
async def test_editing_the_worrying_message_into_a_disclosure_is_urgent_and_ok_cannot_undo_it(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("things at home are a bit much lately")
    question = bot.api.last_message()
    assert ASKED in plain(question)

    await bot.feed(bot.updates.edited("things at home are a bit much, my carer hits me"))
    assert any(CRISIS in t for t in texts(bot))
    await bot.press_data(dict(question.buttons())["I'm OK"], question)

    stored = rows(settings, "SELECT urgent FROM items")
    assert stored
    assert all(u == 1 for (u,) in stored)
    assert rows(settings, "SELECT COUNT(*) FROM items WHERE urgent = 0") == [(0,)]


# ============================================================================================
# 3. Very long messages


# COVERAGE: a message over the 2000 limit that ends in a disclosure
# still gets help at once and reaches an officer as urgent, with nothing the child wrote lost.
async def test_a_too_long_message_ending_in_a_disclosure_is_still_urgent_and_kept(
    bot: Harness, settings: Settings, content: Content
) -> None:
    await begin(bot)
    filler = "the house is noisy and i cant sleep and school is hard. " * 45  # ~2500 chars
    message = filler + "and my carer hits me when nobody is there"
    assert len(message) > 2000

    await bot.send(message)

    assert any(CRISIS in t for t in texts(bot))
    assert_help_numbers(next(t for t in texts(bot) if CRISIS in t), content)
    [(urgent, text)] = rows(settings, "SELECT urgent, text FROM items")
    assert urgent == 1
    assert "my carer hits me" in text
    await bot.deliver()
    assert any("URGENT" in t for t in officer_texts(bot))


# COVERAGE: a disclosure buried in the middle of a very long message is found.
async def test_a_disclosure_in_the_middle_of_a_very_long_message_is_found(
    bot: Harness, settings: Settings
) -> None:
    filler = "we went to the park and then had tea and watched telly. " * 60
    await bot.send(filler + " i want to kill myself. " + filler)

    assert any(CRISIS in t for t in texts(bot))
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]


# COVERAGE: a too-long message the screen is unsure about, answered "I'm not
# safe": urgent and alerted, even though it is over the ordinary length limit.
async def test_a_too_long_worrying_message_answered_not_safe_is_stored_urgent(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    message = "things at home are a bit much lately. " * 60  # ~2300 chars
    asked = await bot.send(message)
    assert ASKED in plain(asked), plain(asked)

    await bot.press("I'm not safe")

    assert any(CRISIS in t for t in texts(bot))
    [(urgent, length)] = rows(settings, "SELECT urgent, length(text) FROM items")
    assert urgent == 1
    assert length >= len(message.strip()) - 5


# ============================================================================================
# 4. Welsh and Arabic


# COVERAGE: ordinary Welsh feedback is checked, and after "I'm OK" sends with its topic; the
# officer is told it is not in English; no identity stored.
async def test_welsh_feedback_is_checked_then_sent_and_flagged_for_officers(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    welsh = "Mae fy ystafell yn rhy fach ac mae'r wifi yn ofnadwy"
    asked = await bot.send(welsh)
    assert ASKED in plain(asked)

    await bot.press("I'm OK")
    ack = await bot.press("Send")

    assert "Your code is" in plain(ack)
    assert rows(settings, "SELECT urgent, theme, text, written_in FROM items") == [
        (0, "home", welsh, "cy")
    ]
    await bot.deliver()
    assert any("not in English" in t for t in officer_texts(bot))
    assert all(welsh not in t for t in officer_texts(bot))
    identity_absent(settings, bot.updates.person)


# FOUND: "Are you safe right now?" answered in the child's own language is not understood.
# An Arabic speaker shown the Arabic help text types "لا" ("no") - the bot asks again and again
# and nothing reaches an officer; same for Welsh "na" / "nac ydw". Only English words count.
@pytest.mark.parametrize(
    ("message", "no"),
    [
        ("غرفتي صغيرة جدا والانترنت لا يعمل", "لا"),
        ("غرفتي صغيرة جدا والانترنت لا يعمل", "لا لست بأمان"),  # "no, I am not safe"
        ("Mae fy ystafell yn rhy fach ac mae'r wifi yn ofnadwy", "nac ydw"),
    ],
    ids=["arabic-la", "arabic-not-safe", "welsh-nac-ydw"],
)
async def test_not_safe_typed_in_the_childs_own_language_makes_it_urgent(
    bot: Harness, settings: Settings, message: str, no: str
) -> None:
    asked = await bot.send(message)
    assert ASKED in plain(asked)

    await bot.send(no)

    assert any(CRISIS in t for t in texts(bot)), texts(bot)[-1]
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]


# ============================================================================================
# 5. Answering "Are you safe right now?": twice, changing your mind, late, in words


# COVERAGE: "I'm not sure" while writing a question keeps it a question with its topic, urgent
# at once, officer alerted with the words never in the alert.
async def test_not_sure_while_asking_a_question_is_urgent_keeps_kind_and_alerts(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot, "Ask a question", "Money")
    words = "things at home are a bit much lately"
    asked = await bot.send(words)
    assert ASKED in plain(asked), plain(asked)

    await bot.press("I'm not sure")

    assert any(CRISIS in t for t in texts(bot))
    [(kind, theme, urgent, text)] = rows(settings, "SELECT kind, theme, urgent, text FROM items")
    assert (kind, theme, urgent) == ("question", "money", 1)
    assert words in text
    await bot.deliver()
    alerts = officer_texts(bot)
    assert any("URGENT" in a for a in alerts)
    assert all(words not in a for a in alerts)


# COVERAGE: "I'm not safe" tapped twice: one item, the same code both times.
async def test_not_safe_tapped_twice_stores_once_and_shows_the_same_code(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("things at home are a bit much lately")
    question = bot.api.last_message()
    not_safe = dict(question.buttons())["I'm not safe"]

    await bot.press_data(not_safe, question)
    first = code_from_messages(bot)
    await bot.press_data(not_safe, question)
    second = code_from_messages(bot)

    assert first == second
    assert rows(settings, "SELECT COUNT(*), SUM(urgent) FROM items") == [(1, 1)]


# FOUND: someone who just types (no /start, so we don't know who they are) taps "I'm OK", is
# asked "who are you?", then thinks again and taps "I'm not safe" under the same question. It is
# made urgent, but the item the officer gets says "The words they wrote before were not kept
# (the bot may have restarted)" - untrue: the words are still in memory (waiting for the
# audience answer) and never reach the officer. The officer is misled and the words are lost.
async def test_ok_then_changing_your_mind_to_not_safe_makes_it_urgent_with_the_words(
    bot: Harness, settings: Settings
) -> None:
    words = "things at home are a bit much lately"
    await bot.send(words)
    question = bot.api.last_message()
    await bot.press_data(dict(question.buttons())["I'm OK"], question)

    await bot.press_data(dict(question.buttons())["I'm not safe"], question)

    assert any(CRISIS in t for t in texts(bot))
    [(urgent, text)] = rows(settings, "SELECT urgent, text FROM items")
    assert urgent == 1
    assert words in text
    assert "were not kept" not in text


# COVERAGE: "I'm not safe" then "I'm OK" under the same question never makes it ordinary.
async def test_not_safe_then_ok_never_downgrades_the_urgent_item(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("things at home are a bit much lately")
    question = bot.api.last_message()
    await bot.press_data(dict(question.buttons())["I'm not safe"], question)

    later = await bot.press_data(dict(question.buttons())["I'm OK"], question)

    assert rows(settings, "SELECT COUNT(*), SUM(urgent) FROM items") == [(1, 1)]
    assert "nothing was sent" not in plain(later).lower()


# FOUND: "I'm OK" tapped after a restart (the words were only in memory and are gone) says
# "That button is from before. Anything you sent is safe with us." The child never sent it -
# their message was lost - and they are not told to type it again. Nothing lost, or say so.
async def test_ok_tapped_after_a_restart_says_the_message_was_lost_and_asks_again(
    settings: Settings, content: Content
) -> None:
    first, _ = await make_harness(settings, content)
    async with offline(first.app):
        await first.send("/start")
        await first.press("I'm in care")
        await first.send("things at home are a bit much lately")
        question = first.api.last_message()
        assert ASKED in plain(question)
    second, errors = await make_harness(settings, content)
    second.updates._ids = first.updates._ids
    async with offline(second.app):
        reply = await second.press_data(dict(question.buttons())["I'm OK"], question)

    said = plain(reply)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    assert "Anything you sent is safe with us" not in said, said
    assert "again" in said.lower()
    assert errors == []


# COVERAGE: "I'm not sure" typed (not tapped) after a restart still gets help and an officer.
async def test_not_sure_typed_after_a_restart_still_reaches_an_officer(
    settings: Settings, content: Content
) -> None:
    first, _ = await make_harness(settings, content)
    async with offline(first.app):
        await first.send("things at home are a bit much lately")
    second, errors = await make_harness(settings, content)
    second.updates._ids = first.updates._ids
    async with offline(second.app):
        await second.send("im not sure")
        shown = texts(second)
        await second.deliver()
        alerts = [plain(c) for c in second.api.messages(OFFICER_CHAT_ID)]

    # After a restart the question is gone; "im not sure" alone must not be shrugged off.
    assert any(CRISIS in t or ASKED in t for t in shown), shown
    if any(CRISIS in t for t in shown):
        assert any("URGENT" in a for a in alerts)
    assert errors == []


# COVERAGE, except "im ok i think", which was FOUND (weak): a hedged OK is taken as a plain
# OK and the message goes out as ordinary. safety.py's own rule says "when in doubt it is not
# safe: a person checks", and lists "i think so" as unsure, but not "i think".
@pytest.mark.parametrize(
    ("typed", "urgent"),
    [
        ("nah", 1),
        ("not really", 1),
        ("idk tbh", 1),
        ("no im not", 1),
        ("I'M NOT SAFE!!!", 1),
        ("im ok i think", 1),  # unsure: a person checks
        ("yeah im fine", 0),
        ("ye", 0),
        ("Yes, I'm OK thanks", 0),
    ],
)
async def test_words_typed_instead_of_tapping(
    bot: Harness, settings: Settings, typed: str, urgent: int
) -> None:
    await begin(bot)
    await bot.send("things at home are a bit much lately")

    reply = await bot.send(typed)

    if urgent:
        assert any(CRISIS in t for t in texts(bot))
        assert rows(settings, "SELECT urgent FROM items") == [(1,)]
    else:
        assert "things at home are a bit much lately" in plain(reply)  # the preview
        assert ASKED not in plain(reply)
        await bot.press("Send")
        assert rows(settings, "SELECT urgent FROM items") == [(0,)]


# ============================================================================================
# 6. A joke taken back; giving things away


# FOUND: "kill me now lol. actually i mean it" is read as nothing at all (level none): it is
# sent as ordinary feedback with no help numbers. The brief: the taking-back of a joke should
# reach at least "Are you safe right now?". Also when the two halves come as two messages.
@pytest.mark.parametrize(
    "said",
    [
        ["kill me now lol. actually i mean it"],
        ["kill me now lol jk. actually not jk"],
    ],
    ids=["one-message", "not-jk"],
)
async def test_a_joke_about_dying_taken_back_reaches_at_least_the_check(
    bot: Harness, settings: Settings, said: list[str]
) -> None:
    await begin(bot)
    for words in said:
        await bot.send(words)

    shown = "\n".join(texts(bot))
    assert ASKED in shown or CRISIS in shown, plain(bot.api.last_message())


# COVERAGE: the same joke taken back over two messages does reach the check today.
async def test_a_joke_taken_back_in_a_second_message_reaches_at_least_the_check(
    bot: Harness,
) -> None:
    await begin(bot)
    await bot.send("kill me now lol")
    await bot.send("actually i mean it")

    shown = "\n".join(texts(bot))
    assert ASKED in shown or CRISIS in shown


# COVERAGE: "who gets my xbox when im gone" reaches at least the check (today: urgent).
async def test_giving_things_away_reaches_at_least_the_check(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)

    await bot.send("who gets my xbox when im gone")

    shown = "\n".join(texts(bot))
    assert ASKED in shown or CRISIS in shown


# FOUND (smaller): "who gets my xbox when im gone" - giving possessions away, a suicide warning
# sign - is alerted to officers as "Missing" only, which points the officer at the wrong risk.
async def test_giving_things_away_is_alerted_as_a_suicide_risk_not_only_missing(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("who gets my xbox when im gone")
    await bot.deliver()

    [(categories,)] = rows(settings, "SELECT risk_categories FROM items")
    assert "suicide_self_harm" in str(categories).split(","), categories


# COVERAGE: after "I'm OK" with the audience known, a change of mind still carries the words.
async def test_ok_then_not_safe_when_we_know_who_they_are_carries_the_words(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("/start")
    await bot.press("I'm in care")
    words = "things at home are a bit much lately"
    await bot.send(words)
    question = bot.api.last_message()
    await bot.press_data(dict(question.buttons())["I'm OK"], question)

    await bot.press_data(dict(question.buttons())["I'm not safe"], question)

    [(urgent, text)] = rows(settings, "SELECT urgent, text FROM items")
    assert urgent == 1
    assert words in text


# ============================================================================================
# 7. /status and /delete with codes typed in odd ways


async def _code(bot: Harness) -> str:
    return code_in(await submit(bot, "please fix the heating in my room"))


@pytest.mark.parametrize(
    "shape",
    [
        "{lower}",
        "{nodash}",
        "{spaced}",
        "  {code}  ",
        "{code}.",
        "({code})",
        "{code}\n",
        "{oh_for_zero}",
    ],
    ids=["lower", "nodash", "spaced", "padded", "fullstop", "brackets", "newline", "O-for-0"],
)
# COVERAGE: codes in odd shapes still find the message.
async def test_status_finds_the_message_whatever_shape_the_code_is_typed_in(
    bot: Harness, shape: str
) -> None:
    code = await _code(bot)
    typed = shape.format(
        code=code,
        lower=code.lower(),
        nodash=code.replace("-", ""),
        spaced=code.replace("-", " "),
        oh_for_zero=code.replace("0", "O"),
    )

    reply = await bot.send(f"/status {typed}")

    assert "Your message from 22 November" in plain(reply), plain(reply)


# FOUND: pasting the line the bot gave them ("Your code is KITE-...") after /status, or
# "code: KITE-...", finds nothing and counts as a wrong guess. The code is right there.
@pytest.mark.parametrize("prefix", ["Your code is ", "code: ", "my code is "])
async def test_status_with_the_code_pasted_in_a_sentence_still_finds_it(
    bot: Harness, prefix: str
) -> None:
    code = await _code(bot)

    reply = await bot.send(f"/status {prefix}{code}")

    assert "Your message from 22 November" in plain(reply), plain(reply)


# FOUND: a code typed on its own (no /status) is kept as words to send as feedback ("I've
# kept what you typed. To send it to the team, tap Have your say") - the child wanted to know
# what happened to their message, and a tap on Have your say would send their code to the team.
async def test_a_code_typed_on_its_own_is_treated_as_a_status_check_not_kept_as_feedback(
    bot: Harness,
) -> None:
    code = await _code(bot)

    reply = await bot.send(code)

    said = plain(reply)
    assert "I've kept what you typed" not in said, said
    assert "/status" in said or "Your message from" in said


# COVERAGE: /status@BotName and /STATUS work as Telegram sends them from a menu or caps lock.
@pytest.mark.parametrize("command", ["/status@HaveYourSayDemoBot", "/STATUS", "/Status"])
async def test_status_command_in_other_shapes(bot: Harness, command: str) -> None:
    code = await _code(bot)

    reply = await bot.send(f"{command} {code}")

    assert "Your message from 22 November" in plain(reply), plain(reply)


# COVERAGE: /delete with a lower-case spaced code deletes it; no identity was ever stored.
async def test_delete_with_a_lower_case_spaced_code(bot: Harness, settings: Settings) -> None:
    code = await _code(bot)
    identity_absent(settings, bot.updates.person)

    reply = await bot.send(f"/delete {code.lower().replace('-', ' ')}")

    assert "deleted for good" in plain(reply)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]


# COVERAGE: delete after "No action" (a false alarm decided by an officer) is allowed and the
# officer's View copy is removed from Telegram.
async def test_delete_after_no_action_removes_the_item_and_the_officers_copy(
    bot: Harness, sam: OfficerSide, settings: Settings
) -> None:
    await bot.send("my foster carer hits me")
    code = code_from_messages(bot)
    await sam.press_data("op:view:1")
    prompt = await sam.press_data("op:noaction:1")
    await sam.reply(prompt, "Talking about a TV programme")  # type: ignore[arg-type]

    reply = await bot.send(f"/delete {code}")

    assert "deleted for good" in plain(reply)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    assert bot.api.calls_to("deleteMessage")


# ============================================================================================
# 8. A carer asking to be contacted


# COVERAGE: a carer passes on a disclosure from the child they foster, asks to be contacted
# another way: urgent, help at once, officer told a contact request waits, no number in alerts.
async def test_a_carer_passing_on_a_disclosure_asks_to_be_called_and_an_officer_is_told(
    bot: Harness, settings: Settings, sam: OfficerSide
) -> None:
    await bot.send("/start")
    await bot.press("I'm a carer")
    await bot.press("Have your say")
    while "Feeling safe" not in bot.labels():
        await bot.press("More topics")
    await bot.press("Feeling safe")
    await bot.press("A young person's view")
    await bot.send("The boy I foster told me his dad hurts him at contact visits")
    assert any(CRISIS in t for t in texts(bot))

    await bot.press("Yes, contact me")
    await bot.press("Another way")
    saved = await bot.send("call me on 07700 900456 after 6pm")

    assert "contact you the way you said" in plain(saved)
    assert rows(settings, "SELECT audience, on_behalf, urgent, theme FROM items") == [
        ("carer", 1, 1, "safety")
    ]
    assert rows(settings, "SELECT chat_id, contact_how FROM opt_ins") == [
        (None, "call me on 07700 900456 after 6pm")
    ]
    await bot.deliver()
    alerts = officer_texts(bot)
    assert any("asked to be contacted" in a for a in alerts), alerts
    assert all("07700" not in a for a in alerts)
    assert all("hurts him" not in a for a in alerts)
    identity_absent(settings, bot.updates.person)


# COVERAGE: a carer's ordinary request to be called back stays an ordinary carer item; the phone
# number is stored for officers but the board text redacts it automatically on approval.
async def test_a_carers_ordinary_call_me_back_is_redacted_for_the_board(
    bot: Harness, settings: Settings, sam: OfficerSide
) -> None:
    await bot.send("/start")
    await bot.press("I'm a carer")
    await bot.press("Have your say")
    await bot.press("More topics")
    await bot.press("Things to do")
    await bot.press("My own view")
    await bot.send("Could someone ring me about respite weekends? 07700 900789")
    await bot.press("Send")
    await sam.press_data("op:view:1")

    await sam.press_data("op:board:1")

    [(audience, on_behalf, board_text)] = rows(
        settings, "SELECT audience, on_behalf, board_text FROM items"
    )
    assert (audience, on_behalf) == ("carer", 0)
    assert "07700" not in board_text


# ============================================================================================
# 9. Officers: blank and long reasons, two officers at once, deleted items, old buttons


# COVERAGE: "No action" on an urgent item with a reason of only invisible characters or line
# breaks, typed as a reply, is refused and the item stays open.
@pytest.mark.parametrize("reason", ["\u3164\u200b ", "\n\n\n"])
async def test_no_action_with_a_blank_reason_by_reply_is_refused(
    bot: Harness, sam: OfficerSide, settings: Settings, reason: str
) -> None:
    await bot.send("i want to die")
    prompt = await sam.press_data("op:noaction:1")

    refused = await sam.reply(prompt, reason)  # type: ignore[arg-type]

    assert rows(settings, "SELECT status FROM items") != [("no_action",)]
    assert refused is not None
    assert "no words" in plain(refused)


# COVERAGE: a very long "Not for the board" reason typed as a reply is refused with its length
# and nothing changes; a short one then works on the same prompt.
async def test_a_very_long_refusal_reason_is_refused_then_a_short_one_lands(
    bot: Harness, sam: OfficerSide, settings: Settings
) -> None:
    await submit(bot, "the bus to college is late")
    prompt = await sam.press_data("op:notboard:1")

    refused = await sam.reply(prompt, "because " * 600)  # type: ignore[arg-type]

    assert refused is not None
    assert rows(settings, "SELECT status FROM items") != [("not_for_board",)]
    await sam.reply(prompt, "Raised with transport already")  # type: ignore[arg-type]
    assert rows(settings, "SELECT status, decision_reason FROM items") == [
        ("not_for_board", "Raised with transport already")
    ]


# COVERAGE: two officers on the same urgent item: Sam refers, Alex (in the same group) then
# tries "No action" - the referral stands and Alex is told Sam decided it.
async def test_two_officers_referral_then_no_action_the_referral_stands(
    bot: Harness, sam: OfficerSide, alex: OfficerSide, settings: Settings
) -> None:
    await bot.send("my foster carer hits me")
    await bot.deliver()
    await sam.press_data("op:view:1")
    await alex.press_data("op:view:1")

    await sam.press_data("op:referred:1")
    prompt = await alex.press_data("op:noaction:1")
    if prompt is not None and "force_reply" in str(prompt.params.get("reply_markup")):
        answer = await alex.reply(prompt, "Looks like a film plot")
    else:
        answer = prompt

    assert rows(settings, "SELECT status FROM items") == [("referred",)]
    assert "Sam" in plain(answer)


# COVERAGE: two officers approve and decline the same ordinary item in turn: the first decision
# stands, the second is told who decided it.
async def test_two_officers_board_then_not_for_board(
    bot: Harness, sam: OfficerSide, alex: OfficerSide, settings: Settings
) -> None:
    await submit(bot, "we want more trips in the holidays")
    await sam.press_data("op:board:1")

    prompt = await alex.press_data("op:notboard:1")
    if prompt is not None and "force_reply" in str(prompt.params.get("reply_markup")):
        answer = await alex.reply(prompt, "not relevant")
    else:
        answer = prompt

    assert rows(settings, "SELECT status FROM items") == [("for_board",)]
    assert "already decided" in plain(answer)


# COVERAGE: an officer acting on an item the child has deleted gets a plain "no longer there"
# for every action, and nothing is recreated.
@pytest.mark.parametrize(
    "action", ["view", "board", "redact", "notboard", "theme", "missed", "publish", "falsealarm"]
)
async def test_an_officer_acting_on_a_deleted_item_is_told_it_is_gone(
    bot: Harness, sam: OfficerSide, settings: Settings, action: str
) -> None:
    code = code_in(await submit(bot, "please fix the heating in my room"))
    await bot.deliver()
    alert = sam.last()
    await bot.send(f"/delete {code}")

    reply = await sam.press_data(f"op:{action}:1", alert)

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    said = plain(reply)
    assert "#1" in said or "no item" in said.lower() or "deleted" in said.lower(), said
    assert "Traceback" not in said


# COVERAGE: an officer pressing an old "Referred" button twice: one referral, one audit row,
# and the second press says it was already decided.
async def test_referred_pressed_twice_records_once(
    bot: Harness, sam: OfficerSide, settings: Settings
) -> None:
    await bot.send("my foster carer hits me")
    shown = await sam.press_data("op:view:1")

    await sam.press("Referred to children's services", shown)
    again = await sam.press("Referred to children's services", shown)

    assert rows(settings, "SELECT status FROM items") == [("referred",)]
    assert rows(settings, "SELECT COUNT(*) FROM audit_log WHERE action = 'referred'") == [(1,)]
    assert "already" in plain(again).lower()


# COVERAGE: a "Missed: needed help" pressed on an ordinary item by two officers, then one refers:
# referred once, the child's words never in the officer group.
async def test_missed_by_two_officers_then_referred(
    bot: Harness, sam: OfficerSide, alex: OfficerSide, settings: Settings
) -> None:
    words = "nobody at my placement asks where i go at night"
    await submit(bot, words)
    await sam.press_data("op:missed:1")
    await alex.press_data("op:missed:1")

    await alex.press_data("op:referred:1")

    assert rows(settings, "SELECT status, screen_mark FROM items") == [("referred", "missed")]
    assert all(words not in t for t in officer_texts(bot))


# COVERAGE: "False alarm" on an urgent item keeps it out of the board and never deletes it
# silently; the child's /status still works.
async def test_false_alarm_then_status(bot: Harness, sam: OfficerSide, settings: Settings) -> None:
    await bot.send("this homework is killing me i want to die lol")
    code = code_from_messages(bot)
    await sam.press_data("op:view:1")

    await sam.press_data("op:falsealarm:1")

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]
    reply = await bot.send(f"/status {code}")
    assert "Your message from 22 November" in plain(reply)


# COVERAGE: an officer publishes "You said, we did" for an item the child then deletes: the
# public action stays (it names no child), the child's words are gone from the bot.
async def test_we_did_published_then_the_child_deletes_the_item(
    bot: Harness, sam: OfficerSide, settings: Settings
) -> None:
    secret = "QUILLFEATHER my room has mould on the wall"
    code = code_in(await submit(bot, secret))
    await sam.send("/wedid home done #1 Every bedroom was checked for damp.")

    await bot.send(f"/delete {code}")

    await bot.send("/menu")
    screen = await bot.press("You said, we did")
    assert "Every bedroom was checked for damp." in plain(screen)
    assert "QUILLFEATHER" not in plain(screen)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]


# ============================================================================================
# 10. More meeting points


# COVERAGE: deleting a question whose asker said "Yes, tell me" removes the stored chat id too.
async def test_delete_of_a_question_removes_its_answer_opt_in(
    bot: Harness, settings: Settings
) -> None:
    code = code_in(await submit(bot, "Can I get a bus pass?", "Ask a question", "Money"))
    await bot.press("Yes, tell me")
    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(1,)]

    await bot.send(f"/delete {code}")

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(0,)]


# COVERAGE: /status after an officer referred it speaks plain English, never the internal
# status words.
async def test_status_after_referral_is_plain_english(bot: Harness, sam: OfficerSide) -> None:
    await bot.send("my foster carer hits me")
    code = code_from_messages(bot)
    await sam.press_data("op:referred:1")

    reply = plain(await bot.send(f"/status {code}"))

    assert "Your message from 22 November" in reply
    for internal in ("referred", "no_action", "for_board", "op:"):
        assert internal not in reply, reply


# COVERAGE: "I'm not safe" typed with nothing before it is taken seriously.
async def test_im_not_safe_typed_out_of_the_blue_gets_help(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("I'm not safe")

    shown = "\n".join(texts(bot))
    assert CRISIS in shown or ASKED in shown


# COVERAGE: a voice note as the very first message: a kind reply, the menu, nothing stored.
async def test_a_voice_note_as_the_first_message_stores_nothing(
    bot: Harness, settings: Settings
) -> None:
    await bot.feed(bot.updates.media("voice"))

    assert "I can only read typed messages" in plain(bot.api.last_message())
    assert "🆘 Get help now" in bot.labels()
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    assert bot.api.calls_to("getFile") == []


# Guessing codes as plain messages counts like guessing after /status: the lock-out still holds.
async def test_codes_guessed_as_plain_messages_count_as_wrong_guesses(bot: Harness) -> None:
    code = await _code(bot)
    for c in "ABCDEFGHJKMN":
        await bot.send(f"KITE-7F3Q-X9{c}A")

    reply = await bot.send(f"/status {code}")

    assert "tried a lot of codes" in plain(reply), plain(reply)
