"""Feedback journeys through process_update: notices, drafts, receipts, disclosures, opt-ins,
status and deletion, duplicates, limits and the privacy of everything stored."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import offline
from bot.config import Settings
from bot.content import Content
from bot.domain import NATIONAL_HELPLINES
from bot.formatting import html_to_plain
from bot.services.receipts import ReceiptCodes
from bot.services.screening import Screener, ScreenResult
from tests.conftest import make_harness
from tests.corpus.screening import DISCLOSURES
from tests.db import Database, database_down, failing_inserts, rows, stored_bytes
from tests.fakes import Call, Harness, Person, UpdateFactory

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

PHONE = "0800 1111"


def plain(call: Call) -> str:
    return html_to_plain(call.text)


def assert_help_numbers(text: str, content: Content) -> None:
    for number in NATIONAL_HELPLINES.values():
        assert number in text
    assert content.council.out_of_hours.number in text


def code_in(call: Call) -> str:
    for word in plain(call).split():
        code = ReceiptCodes.normalise(word)
        if code:
            return code
    raise AssertionError(f"no receipt code in {plain(call)!r}")


async def begin(bot: Harness, start: str = "Have your say", topic: str = "Where I live") -> Call:
    await bot.send("/menu")
    shown = await bot.press(start)
    if "Before you write" in plain(shown):  # we don't know who they are yet: asked, not guessed
        await bot.press("I'm in care")
    while topic not in bot.labels():  # the topic picker pages: More topics, as a child would
        await bot.press("More topics")
    return await bot.press(topic)


async def submit(
    bot: Harness,
    text: str = "My room is too small and the wifi never works",
    start: str = "Have your say",
    topic: str = "Where I live",
) -> Call:
    await begin(bot, start, topic)
    shown = await bot.send(text)
    if "Are you safe right now?" in plain(shown):  # the screen wasn't sure: the child is OK
        await bot.press("I'm OK")
    elif "Your code is" in plain(shown):  # the screen read it as urgent: already saved
        return shown
    return await bot.press("Send")


# --------------------------------------------------------------------------------------------
# The journey


async def test_the_notice_before_the_message_box_says_who_reads_it_when_and_the_limits(
    bot: Harness, content: Content
) -> None:
    await bot.send("/start")
    await bot.press("I'm in care")

    notice = await bot.press("Have your say")

    text = plain(notice)
    assert "Only the participation team (staff who listen to you) reads your message" in text
    assert "We're not always here. Need help now?" in text
    assert content.council.reading_hours in text
    assert content.council.response_time in text
    assert "We keep it private unless we are worried about you" in text
    assert_help_numbers(text, content)
    # Eight buttons: the first topics, Not sure, More topics (the rest) and Cancel.
    first = [t.label for t in content.themes.themes][:5]
    assert bot.labels() == [*first, "Not sure", "More topics", "Cancel"]
    more = await bot.press("More topics")
    assert "More topics. What is it about?" in plain(more)
    assert [t.label for t in content.themes.themes][5:9] == bot.labels()[:4]


async def test_feedback_is_stored_after_send_and_acknowledged_with_a_receipt(
    bot: Harness, settings: Settings, content: Content
) -> None:
    await begin(bot)
    preview = await bot.send("The food is <b>boring</b> & cold")
    if "Are you safe right now?" in plain(preview):  # the screen was not sure; the child is OK
        preview = await bot.press("I'm OK")
    assert "The food is <b>boring</b> & cold" in plain(preview)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]

    ack = await bot.press("Send")

    text = plain(ack)
    assert "Thank you. We've got your message." in text
    code = code_in(ack)
    assert f"/status {code}" in text
    assert "Next board meeting: 8 December." in text
    # The numbers are one tap away here (in full before the message box, not after it).
    assert "🆘 Get help now" in bot.labels()
    assert content.council.out_of_hours.number not in text
    stored = rows(settings, "SELECT kind, audience, theme, text, status, urgent FROM items")
    assert stored == [
        ("feedback", "in_care", "home", "The food is <b>boring</b> & cold", "received", 0)
    ]
    assert rows(settings, "SELECT kind, urgent, delivered FROM outbox") == [("new_item", 0, 0)]


async def test_no_acknowledgement_unless_the_item_and_its_alert_were_committed(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await bot.send("please can we have a later bedtime")
    with failing_inserts(settings, "outbox"):  # the alert row will fail to insert
        reply = await bot.press("Send")

        assert "couldn't save your message" in plain(reply)
        assert "Your code is" not in plain(reply)
        assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    ack = await bot.press("Send")  # the draft was kept: nothing was lost
    assert "Your code is" in plain(ack)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]


async def test_dates_are_stored_by_day_only(bot: Harness, settings: Settings) -> None:
    await submit(bot)

    stored = rows(settings, "SELECT created_on, expires_on FROM items")

    assert stored == [("2026-11-22", "2027-11-22")]


async def test_the_receipt_code_is_stored_only_as_a_keyed_hash(
    bot: Harness, settings: Settings
) -> None:
    ack = await submit(bot)
    code = code_in(ack)

    data = stored_bytes(settings)

    assert code.encode() not in data
    assert code.replace("-", "").encode() not in data
    (receipt_hash,) = rows(settings, "SELECT receipt_hash FROM items")[0]
    assert isinstance(receipt_hash, bytes)
    assert len(receipt_hash) == 32


async def test_a_question_can_ask_to_be_told_the_answer(
    bot: Harness, settings: Settings, content: Content
) -> None:
    ack = await submit(bot, "When can I apply for housing?", "Ask a question", "Not sure")
    assert "We've got your question" in plain(ack)
    assert bot.labels() == ["Yes, tell me", "No, thank you", "🆘 Get help now"]

    saved = await bot.press("Yes, tell me")

    assert "We'll message you here when there's an answer" in plain(saved)
    chat = bot.updates.person.user_id
    expires = (date(2026, 11, 22) + timedelta(days=content.council.answer_opt_in_days)).isoformat()
    assert rows(settings, "SELECT kind, chat_id, item_id, expires_on FROM opt_ins") == [
        ("answer", chat, 1, expires)
    ]
    assert rows(settings, "SELECT kind, theme FROM items") == [("question", None)]


async def test_saying_no_to_the_answer_stores_no_chat_id(bot: Harness, settings: Settings) -> None:
    await submit(bot, "Can I get a bus pass?", "Ask a question", "Money")

    await bot.press("No, thank you")

    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(0,)]


async def test_a_carer_can_pass_on_a_young_persons_view(bot: Harness, settings: Settings) -> None:
    await bot.send("/start")
    await bot.press("I'm a carer")
    await bot.press("Have your say")
    await bot.press("More topics")
    await bot.press("Things to do")
    assert bot.labels()[:2] == ["My own view", "A young person's view"]

    await bot.press("A young person's view")
    await bot.send("She would like to go to a drama club")
    await bot.press("Send")

    assert rows(settings, "SELECT audience, on_behalf, theme FROM items") == [
        ("carer", 1, "activities")
    ]


async def test_send_stores_the_reading_taken_when_it_was_typed_without_screening_again(
    bot: Harness, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    await begin(bot)
    readings: list[str] = []
    real = Screener.screen

    def counted(self: Screener, text: str) -> ScreenResult:
        readings.append(text)
        return real(self, text)

    monkeypatch.setattr(Screener, "screen", counted)
    await bot.send("My room is too small and the wifi never works")
    typed = len(readings)
    await bot.press("Send")

    assert typed >= 1
    assert len(readings) == typed  # Send read nothing again
    stored = rows(settings, "SELECT suggested_themes, urgent FROM items")
    assert len(stored) == 1
    assert stored[0][0]  # the themes the screen suggested when it was typed were kept
    assert stored[0][1] == 0


async def test_a_changed_message_is_stored_with_the_reading_of_the_new_words(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await bot.send("when is my next PEP meeting at school")
    await bot.press("Change")
    await bot.send("can we have more football trips in the holidays")
    await bot.press("Send")

    themes = str(rows(settings, "SELECT suggested_themes FROM items")[0][0])
    assert themes.split(",")[0] == "activities"


async def test_change_and_cancel_before_sending(bot: Harness, settings: Settings) -> None:
    await begin(bot)
    await bot.send("first try")
    prompt = await bot.press("Change")
    assert "Type your message" in plain(prompt)
    preview = await bot.send("second try")
    assert "second try" in plain(preview)

    cancelled = await bot.press("Cancel")

    assert "nothing was sent" in plain(cancelled)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    after = await bot.press_data("ch:draft:send")  # an old Send under the cancelled preview
    assert "That message wasn't sent, because you tapped Cancel" in plain(after)


async def test_slash_cancel_works_from_anywhere(bot: Harness, settings: Settings) -> None:
    await begin(bot)

    reply = await bot.send("/cancel")
    stray = await bot.send("hello again")

    assert "nothing was sent" in plain(reply)
    assert "I've kept what you typed" in plain(stray)  # kept to send, never sent by itself
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]


async def test_a_message_over_2000_characters_is_kindly_refused_and_nothing_lost(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)

    reply = await bot.send("a" * 2001)

    assert "That's 2001 letters, and I can take 2000" in plain(reply)
    assert "Your words are below. Please copy them, make them shorter" in plain(reply)
    assert "a" * 2001 in plain(reply)  # kept and shown back, to shorten rather than retype
    preview = await bot.send("a" * 2000)  # still in the same draft: no need to start again
    assert "Nothing is sent until you tap Send" in plain(preview)
    await bot.press("Send")
    assert rows(settings, "SELECT length(text) FROM items") == [(2000,)]


async def test_emoji_count_towards_the_limit_as_telegram_counts_them(bot: Harness) -> None:
    await begin(bot)

    reply = await bot.send("😀" * 1001)  # 2002 UTF-16 units

    assert "That's 2002 letters" in plain(reply)


# --------------------------------------------------------------------------------------------
# Disclosures


@pytest.mark.parametrize(
    ("message", "category"), DISCLOSURES, ids=[m[:24] for m, _ in DISCLOSURES]
)
async def test_every_disclosure_gets_help_at_once_and_is_kept_as_urgent(
    bot: Harness, settings: Settings, content: Content, message: str, category: str
) -> None:
    bot.api.clear()

    await bot.feed(bot.updates.text(message))

    first = bot.api.messages()[0]
    assert "Thank you for telling us" in plain(first)
    assert_help_numbers(plain(first), content)
    [(urgent, categories)] = rows(settings, "SELECT urgent, risk_categories FROM items")
    assert urgent == 1
    assert category in str(categories).split(",")
    assert rows(settings, "SELECT urgent FROM outbox") == [(1,)]


async def test_the_crisis_reply_is_fixed_words_that_never_echo_the_child(bot: Harness) -> None:
    await bot.feed(bot.updates.text("I took 20 paracetamol and 800mg ibuprofen"))
    first = plain(bot.api.messages()[0])
    bot.updates.person.user_id += 1  # someone else, so the repeat guard doesn't apply
    bot.updates.person.username = "another_child"
    await bot.feed(bot.updates.text("i want to kms"))
    second = plain(bot.api.messages()[-2])

    assert first == second
    for word in ("paracetamol", "800mg", "ibuprofen", "kms", "20"):
        assert word not in first


async def test_a_disclosure_while_writing_keeps_the_topic_and_skips_the_preview(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot, "Have your say", "Feeling safe")
    bot.api.clear()

    await bot.send("my foster carer hits me")

    texts = [plain(c) for c in bot.api.messages()]
    assert "Thank you for telling us" in texts[0]
    assert "saved your message as urgent" in texts[1]
    assert bot.labels() == ["Yes, contact me", "No, thank you", "🆘 Get help now"]
    assert rows(settings, "SELECT theme, urgent FROM items") == [("safety", 1)]


async def test_contact_me_is_an_equal_choice_and_stores_a_chat_id_only_if_chosen(
    bot: Harness, settings: Settings, content: Content
) -> None:
    await bot.send("I don't feel safe at home")
    buttons = bot.api.last_message().params["reply_markup"]["inline_keyboard"]
    assert len(buttons[0]) == 2  # both choices side by side on one row, same style
    assert [b["text"] for b in buttons[1]] == ["🆘 Get help now"]  # and help, on its own
    yes, no = (b["text"] for b in buttons[0])
    assert abs(len(yes) - len(no)) <= 4
    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(0,)]

    await bot.press("Yes, contact me")
    await bot.press("Message me here")

    chat = bot.updates.person.user_id
    expires = (
        date(2026, 11, 22) + timedelta(days=content.council.contact_opt_in_days)
    ).isoformat()
    assert rows(settings, "SELECT kind, chat_id, contact_how, expires_on FROM opt_ins") == [
        ("contact", chat, None, expires)
    ]


async def test_contact_another_way_keeps_only_what_was_typed(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("I have nowhere to sleep tonight")
    await bot.press("Yes, contact me")
    prompt = await bot.press("Another way")
    assert "Type a phone number or email" in plain(prompt)

    saved = await bot.send("zed@example.com after 4pm")

    assert "Then they will contact you the way you said" in plain(saved)
    assert rows(settings, "SELECT chat_id, contact_how FROM opt_ins") == [
        (None, "zed@example.com after 4pm")
    ]
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]  # not a new item


async def test_no_thanks_to_contact_is_respected(bot: Harness, settings: Settings) -> None:
    await bot.send("i want to die")

    reply = await bot.press("No, thank you")

    assert "The team will still read your message" in plain(reply)
    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(0,)]


async def test_the_crisis_reply_is_sent_even_when_the_database_is_down(
    settings: Settings, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings.model_copy(update={"db_busy_timeout_ms": 50})
    harness, errors = await make_harness(settings, content)
    async with offline(harness.app):
        with database_down(settings):
            await harness.send("i want to kill myself")
        texts = [plain(c) for c in harness.api.messages()]

    assert "Thank you for telling us" in texts[0]
    assert PHONE in texts[0]
    assert "We couldn't save your message just now" in texts[1]
    assert errors == []


async def test_the_crisis_reply_is_never_rate_limited(bot: Harness, content: Content) -> None:
    per_hour = content.council.messages_per_hour
    for n in range(per_hour):
        await submit(bot, f"idea number {n}")
    limited = await submit(bot, "one more idea")
    assert "Each person can send" in plain(limited)
    bot.clock.advance(timedelta(minutes=1))
    bot.api.clear()

    await bot.send("i want to end it all")

    assert "Thank you for telling us" in plain(bot.api.messages()[0])


async def test_many_worried_messages_get_one_crisis_reply_per_half_minute(
    bot: Harness, settings: Settings
) -> None:
    for _ in range(10):
        await bot.send("i want to die")
        bot.clock.advance(timedelta(seconds=1))
    crisis = [c for c in bot.api.messages() if "Thank you for telling us" in plain(c)]
    assert len(crisis) == 1
    # A flood from one person: a few urgent items, the rest folded in, no word lost.
    assert rows(settings, "SELECT COUNT(*) FROM items WHERE urgent = 1") == [(3,)]
    texts = rows(settings, "SELECT text FROM items ORDER BY id")
    assert sum(str(t[0]).count("i want to die") for t in texts) == 10

    bot.clock.advance(timedelta(seconds=25))
    await bot.send("i want to die")

    crisis = [c for c in bot.api.messages() if "Thank you for telling us" in plain(c)]
    assert len(crisis) == 2


# --------------------------------------------------------------------------------------------
# Limits and duplicates


async def test_the_sixth_message_in_an_hour_is_politely_refused_then_allowed_later(
    bot: Harness, settings: Settings, content: Content
) -> None:
    for n in range(5):
        await submit(bot, f"idea number {n}")

    refused = await submit(bot, "idea number 6")

    assert "Each person can send 5 an hour and 20 a day" in plain(refused)
    assert "Need help sooner? Tap Get help now." in plain(refused)
    assert "🆘 Get help now" in bot.labels()
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(5,)]
    bot.clock.advance(timedelta(hours=1, seconds=1))
    await bot.send("/menu")
    waiting = await bot.press("Have your say")  # the refused words are still there
    assert "Here's the message you were writing" in plain(waiting)
    assert "idea number 6" in plain(waiting)
    accepted = await bot.press("Send")
    assert "We've got your message" in plain(accepted)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(6,)]


async def test_limits_are_published_in_help(bot: Harness) -> None:
    reply = await bot.send("/help")

    assert "You can send up to 5 messages an hour and 20 a day" in plain(reply)


async def test_the_same_send_delivered_twice_stores_one_item_and_shows_one_code(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    preview = await bot.send("please fix the heating")
    send = bot.updates.button(dict(preview.buttons())["Send"])
    bot.api.clear()

    await bot.feed(send)
    await bot.feed(send)  # Telegram redelivering it: the child sees the same code again

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]
    acks = [c for c in bot.api.messages() if "We've got your message" in plain(c)]
    assert len(acks) == 2
    assert code_in(acks[0]) == code_in(acks[1])


async def test_the_same_disclosure_delivered_twice_concurrently_is_stored_once(
    bot: Harness, settings: Settings
) -> None:
    update = bot.updates.text("i want to kill myself")

    await asyncio.gather(bot.feed(update), bot.feed(update))

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]


async def test_a_replay_after_a_restart_is_still_stored_once(
    settings: Settings, content: Content
) -> None:
    first, _ = await make_harness(settings, content)
    update = first.updates.text("nobody knows where i am")
    async with offline(first.app):
        await first.feed(update)
    second, errors = await make_harness(settings, content)

    async with offline(second.app):
        await second.feed(update)

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]
    assert errors == []


# --------------------------------------------------------------------------------------------
# Status, delete, forget


async def test_status_shows_what_happened(bot: Harness) -> None:
    code = code_in(await submit(bot))

    reply = await bot.send(f"/status {code.lower().replace('-', ' ')}")

    text = plain(reply)
    assert "Your message from 22 November:" in text
    assert "hasn't read it yet" in text
    assert "The next board meeting is on 8 December." in text


@pytest.mark.parametrize("typed", ["/status", "/status nonsense", "/status KITE-0000-0000"])
async def test_status_without_a_good_code_explains_kindly(bot: Harness, typed: str) -> None:
    await submit(bot)

    reply = await bot.send(typed)

    assert "code" in plain(reply).lower()
    assert "Your message from" not in plain(reply)


async def test_delete_with_the_code_erases_the_item_everywhere(
    bot: Harness, settings: Settings
) -> None:
    secret = "QUILLFEATHER private words about my placement"
    code = code_in(await submit(bot, secret))

    reply = await bot.send(f"/delete {code}")

    assert "deleted for good" in plain(reply)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    assert rows(settings, "SELECT COUNT(*) FROM outbox") == [(0,)]
    assert secret.encode() not in stored_bytes(settings)
    again = await bot.send(f"/delete {code}")
    assert "couldn't find a message with that code" in plain(again)


async def test_delete_with_a_wrong_code_deletes_nothing(bot: Harness, settings: Settings) -> None:
    await submit(bot)

    reply = await bot.send("/delete KITE-AAAA-BBBB")

    assert "couldn't find a message with that code" in plain(reply)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]


async def test_delete_without_a_code_explains_why_and_who_to_ask(
    bot: Harness, content: Content
) -> None:
    reply = await bot.send("/delete")

    text = plain(reply)
    assert "we can't tell which message is yours, as we don't know who sent it" in text
    assert content.council.officer.email in text


async def test_an_urgent_message_waits_for_a_person_before_it_can_be_deleted(
    bot: Harness, settings: Settings, content: Content
) -> None:
    await bot.send("my carer hits me")
    code = code_in(bot.api.last_message())

    reply = await bot.send(f"/delete {code}")

    assert "a person needs to read this first, to check you're safe" in plain(reply)
    assert "Need help sooner? Tap Get help now." in plain(reply)
    assert "🆘 Get help now" in bot.labels()
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]
    assert rows(settings, "SELECT action FROM audit_log") == [("delete_refused_urgent",)]


async def test_forget_drops_every_opt_in_for_this_chat(bot: Harness, settings: Settings) -> None:
    await submit(bot, "Is there a youth club?", "Ask a question", "Things to do")
    await bot.press("Yes, tell me")
    await bot.send("I don't feel safe")
    await bot.press("Yes, contact me")
    await bot.press("Message me here")
    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(2,)]

    reply = await bot.send("/forget")

    assert "We won't message you here any more" in plain(reply)
    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    assert "nothing to remove" in plain(await bot.send("/forget"))


# --------------------------------------------------------------------------------------------
# Identity never reaches storage or logs (P-01, P-02)


def identity_patterns(user_id: int, *names: str) -> dict[str, bytes]:
    patterns = {"id as text": str(user_id).encode()}
    for size in (6, 8):  # how SQLite stores an integer of this size
        patterns[f"id as {size}-byte int"] = user_id.to_bytes(size, "big", signed=True)
    patterns.update({name: name.encode() for name in names})
    return patterns


async def test_no_telegram_identity_in_database_wal_or_logs_after_a_full_scenario(
    settings: Settings, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    harness, errors = await make_harness(settings, content)
    person = harness.updates.person
    async with offline(harness.app):
        await submit(harness, "The food is cold")
        code = code_in(await submit(harness, "When is the meeting?", "Ask a question", "Not sure"))
        await harness.press("Yes, tell me")
        await harness.send("I don't feel safe")
        await harness.press("Yes, contact me")
        await harness.press("Message me here")
        await harness.send(f"/status {code}")
        patterns = identity_patterns(
            person.user_id, person.username, person.first_name, person.last_name
        )
        stored = stored_bytes(settings)
        # Opted in: the chat id (= user id in a private chat) is in opt_ins, and the grep sees it
        # (SQLite's file holds it as a 6-byte integer; PostgreSQL's rows are read as text).
        held = "id as 6-byte int" if Database.of(settings).is_sqlite else "id as text"
        assert patterns[held] in stored
        await harness.send("/forget")
        await harness.app.bot_data["services"].store.checkpoint()
        stored = stored_bytes(settings)

    for label, pattern in patterns.items():
        assert pattern not in stored, label
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    for text in (str(person.user_id), person.username, person.first_name, "food is cold"):
        assert text not in logged
    assert errors == []


# --------------------------------------------------------------------------------------------
# Any input at all (I-06)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(min_size=1, max_size=300),
        st.text(alphabet="😀🔪💊", min_size=1, max_size=50),
        st.just("\x00nul\x00"),
        st.just("\ud800 lone surrogate"),
        st.just("long line " * 1000),
    )
)
def test_any_text_at_any_step_never_crashes_a_handler(
    tmp_path_factory: pytest.TempPathFactory, content: Content, text: str
) -> None:
    database = tmp_path_factory.mktemp("db") / "hys.sqlite3"
    settings_ = Settings(database=database, officer_chat_id=-100, officer_ids=[1])

    async def scenario() -> list[BaseException]:
        harness, errors = await make_harness(settings_, content)
        async with offline(harness.app):
            await harness.send(text)
            await begin(harness)
            await harness.send(text)
            if "Send" in harness.labels():
                await harness.press("Send")
        return errors

    assert asyncio.run(scenario()) == []
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]


async def test_guessing_codes_is_stopped_after_ten_wrong_tries_an_hour(
    bot: Harness, settings: Settings
) -> None:
    code = code_in(await submit(bot, "my real message"))
    for n in range(10):
        wrong = await bot.send(f"/status KITE-AAAA-{n:04d}")
        assert "couldn't find a message" in plain(wrong)

    blocked = await bot.send(f"/delete {code}")

    assert "please wait an hour" in plain(blocked)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]
    bot.clock.advance(timedelta(hours=1, seconds=1))
    assert "deleted for good" in plain(await bot.send(f"/delete {code}"))


async def test_two_people_writing_at_once_each_get_their_own_message(
    bot: Harness, settings: Settings
) -> None:
    other = UpdateFactory(
        person=Person(user_id=31337, username="other_writer"), _ids=bot.updates._ids
    )
    for factory in (bot.updates, other):
        for data in ("aud:in_care", "fb:feedback", "tp:home"):
            await bot.feed(factory.button(data))
    first = await bot.send("first person's words")
    await bot.feed(other.text("second person's words"))
    second = bot.api.last_message()
    await bot.feed(other.button(dict(second.buttons())["Send"]))
    await bot.feed(bot.updates.button(dict(first.buttons())["Send"]))

    stored = sorted(str(r[0]) for r in rows(settings, "SELECT text FROM items"))
    assert stored == ["first person's words", "second person's words"]
    acks = [c.chat_id or 0 for c in bot.api.messages() if "Your code is" in plain(c)]
    assert sorted(acks) == sorted([bot.updates.person.user_id, 31337])


async def test_a_child_who_mistyped_codes_can_still_press_their_own_contact_button(
    bot: Harness,
) -> None:
    """Wrong codes are limited (a stranger guessing), but the buttons under a child's own
    "saved as urgent" reply are theirs: never refused for codes they mistyped earlier."""
    for letter in "ABCDEFGHJKMN":
        await bot.send(f"/status KITE-7F3Q-X9{letter}A")
    assert "tried a lot of codes" in plain(await bot.send("/status KITE-7F3Q-X9PA"))
    await bot.send("my foster dad hits me when he is drunk")
    how = await bot.press("Yes, contact me")
    assert "Message me here" in dict(how.buttons())


async def test_send_under_an_older_preview_shows_the_newest_words_instead(
    bot: Harness, settings: Settings
) -> None:
    """A preview further up the chat keeps its Send button: after Change, it must not send
    words it never showed."""
    await begin(bot)
    old = await bot.send("Please can the youth club open on Sundays")
    old_send = dict(old.buttons())["Send"]
    await bot.press("Change")
    await bot.send("Please can the youth club open on Saturdays as well")

    shown = await bot.press_data(old_send, old)

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    assert "older version of your message" in plain(shown)
    assert "Saturdays as well" in plain(shown)
    receipt = await bot.press("Send")
    assert "Your code is" in plain(receipt)
    assert rows(settings, "SELECT text FROM items") == [
        ("Please can the youth club open on Saturdays as well",)
    ]
