"""Promises to a child, on the paths a child, a carer and an officer really take: a contact
request reaches a person, everything typed is screened, the crisis reply goes first and is never
dropped, a receipt code is never lost, a flood stays bounded, and nothing leaks."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import build_application, offline
from bot.config import Settings
from bot.content import Content
from bot.formatting import html_to_plain
from bot.journeys.safety import WORRY_LIMIT
from bot.store import Store
from bot.telegram.context import BotContext
from bot.telegram.jobs import purge_expired
from tests.conftest import OFFICER_CHAT_ID, OFFICER_ID, make_harness
from tests.fakes import Call, FakeBotApi, Harness, MovableClock, OfficerSide, Person, UpdateFactory
from tests.officers import officer_side
from tests.test_feedback import assert_help_numbers, begin, code_in, rows, submit

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores


@pytest.fixture
def officer(bot: Harness) -> OfficerSide:
    return officer_side(bot)


def plain(call: Call | None) -> str:
    assert call is not None, "expected a message"
    return html_to_plain(call.text)


def database(bot: Harness) -> Store:
    return bot.app.bot_data["services"].store


def officer_texts(bot: Harness) -> list[str]:
    return [plain(c) for c in bot.api.messages(OFFICER_CHAT_ID)]


async def ask_to_be_contacted(bot: Harness, how: str = "Message me here") -> Call:
    await bot.send("my foster dad hits me when he is drunk")
    await bot.press("Yes, contact me")
    return await bot.press(how)


def context_of(bot: Harness) -> BotContext:
    return BotContext(bot.app)


# --------------------------------------------------------------------------------------------
# 1. "Contact me" reaches a person


async def test_a_contact_request_alerts_the_officers_without_the_message_or_the_details(
    bot: Harness,
) -> None:
    saved = await ask_to_be_contacted(bot)
    await bot.deliver()

    alerts = [t for t in officer_texts(bot) if "asked to be contacted" in t]
    assert len(alerts) == 1
    assert "#1" in alerts[0]
    for text in officer_texts(bot):
        assert "hits me" not in text
        assert str(bot.updates.person.user_id) not in text
    # What the child is told is true: who reads it, when, and how they will hear.
    told = plain(saved)
    assert "read this Monday to Friday" in told
    assert "Then they will message you here" in told


async def test_the_queue_counts_contact_requests_and_puts_them_first(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "the wifi is slow")  # an older, ordinary item
    bot.updates.person = Person(user_id=777001, username="second_child")
    await ask_to_be_contacted(bot)
    # An officer decides the urgent item; the contact request still waits for a person.
    await officer.press_data("op:referred:2")

    queue = await officer.send("/queue")

    assert "Contact requests waiting: 1" in plain(queue)
    assert "#2" in plain(queue).split("\n\n")[1]  # the contact request comes before #1


async def test_view_shows_how_the_child_asked_to_be_reached_protected(
    bot: Harness, officer: OfficerSide
) -> None:
    await ask_to_be_contacted(bot, "Another way")
    await bot.send("text me on 07700 900321 after school")

    shown = await officer.send("/view 1")

    assert shown is not None
    assert shown.chat_id == OFFICER_ID  # the officer's own private chat, never the group
    assert shown.params.get("protect_content") is True
    assert "07700 900321 after school" in plain(shown)
    assert ("Contacted", "op:contacted:1") in shown.buttons()


async def test_an_officer_replies_through_the_bot_once_and_the_audit_keeps_no_text(
    bot: Harness, officer: OfficerSide
) -> None:
    await ask_to_be_contacted(bot)
    child = bot.updates.person.user_id

    answer = await officer.send("/reply 1 Hi, it's Sam. Are you safe right now?")

    pushed = [c for c in bot.api.messages(child) if "Are you safe right now" in plain(c)]
    assert len(pushed) == 1
    assert "This is from the participation team (staff who listen to you)" in plain(pushed[0])
    assert "was sent" in plain(answer)
    assert str(child) not in plain(answer)
    audit = rows(database(bot), "SELECT action, detail FROM audit_log")
    assert ("contact_replied", "") in audit
    assert all("safe right now" not in str(row) for row in audit)


async def test_marking_contacted_deletes_the_chat_id_and_ends_replies(
    bot: Harness, officer: OfficerSide
) -> None:
    await ask_to_be_contacted(bot)
    assert rows(database(bot), "SELECT COUNT(*) FROM opt_ins WHERE chat_id IS NOT NULL") == [(1,)]

    done = await officer.press_data("op:contacted:1")

    assert "how to reach them is deleted" in plain(done)
    assert rows(database(bot), "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    assert rows(database(bot), "SELECT contact FROM items") == [("contacted",)]
    again = await officer.send("/reply 1 hello again")
    assert "nobody asked to be messaged here" in plain(again)
    queue = await officer.send("/queue")
    assert "Contact requests waiting" not in plain(queue)


async def test_could_not_reach_deletes_another_way_details(
    bot: Harness, officer: OfficerSide
) -> None:
    await ask_to_be_contacted(bot, "Another way")
    await bot.send("zed@example.com")

    await officer.press_data("op:unreachable:1")

    assert rows(database(bot), "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    assert rows(database(bot), "SELECT contact FROM items") == [("unreachable",)]


async def test_an_unanswered_contact_request_expires_and_its_details_are_deleted(
    bot: Harness, content: Content
) -> None:
    await ask_to_be_contacted(bot)

    bot.clock.advance(timedelta(days=content.council.contact_opt_in_days + 1))
    await purge_expired(context_of(bot))

    assert rows(database(bot), "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    assert rows(database(bot), "SELECT contact FROM items") == [("expired",)]


# --------------------------------------------------------------------------------------------
# 2. Everything a young person types is screened


@pytest.mark.parametrize(
    "where", ["caption", "command", "status", "edit"], ids=lambda w: f"disclosure in a {w}"
)
async def test_a_disclosure_anywhere_gets_the_crisis_reply(
    bot: Harness, settings: Settings, where: str
) -> None:
    updates = bot.updates
    if where == "caption":
        update = updates.media("photo")
        update["message"]["caption"] = "my carer hits me"
    elif where == "command":
        update = updates.text("/menu my carer hits me")
    elif where == "status":
        update = updates.text("/status i want to kill myself")
    else:
        update = updates.edited("i want to kill myself")

    await bot.feed(update)

    texts = [plain(c) for c in bot.api.messages()]
    assert any("Thank you for telling us" in t for t in texts)
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]
    assert bot.api.calls_to("getFile") == []  # nothing downloaded


async def test_an_ordinary_caption_still_gets_the_kind_media_reply(
    bot: Harness, settings: Settings
) -> None:
    update = bot.updates.media("photo")
    update["message"]["caption"] = "my new bedroom"

    await bot.feed(update)

    assert not any("Thank you for telling us" in plain(c) for c in bot.api.messages())
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]


# --------------------------------------------------------------------------------------------
# 3. The crisis reply is never dropped or delayed


async def test_a_429_on_an_officer_alert_does_not_hold_up_another_childs_crisis_reply(
    settings: Settings, content: Content
) -> None:
    api = FakeBotApi()
    clock = MovableClock()
    app = build_application(settings, content, request=api, clock=clock, jobs=False)
    first = UpdateFactory(person=Person(user_id=601, username="first"))
    second = UpdateFactory(person=Person(user_id=602, username="second"), _ids=first._ids)
    async with offline(app):
        from telegram import Update

        await app.process_update(Update.de_json(first.text("i want to die"), app.bot))
        # Telegram now says "wait 20 s" to the officer alert; the rate limiter waits it out.
        api.fail_next("sendMessage", 429, "Too Many Requests: retry after 20", retry_after=20)
        worker = asyncio.create_task(app.bot_data["delivery"].deliver_due())
        await asyncio.sleep(0.2)
        assert not worker.done()  # the alert is being held by the flood wait

        await app.process_update(Update.de_json(second.text("i want to kill myself"), app.bot))

        to_second = [c for c in api.messages(602) if "Thank you for telling us" in c.text]
        assert to_second, "the second child's crisis reply waited behind an officer alert"
        assert not worker.done()
        worker.cancel()


async def test_a_crisis_reply_that_fails_is_tried_again_until_it_arrives(bot: Harness) -> None:
    for _ in range(3):
        bot.api.fail_next("sendMessage", 502, "Bad Gateway")

    await bot.send("i want to die")
    await bot.drain_crisis_lane()

    delivered = [plain(c) for c in bot.api.messages() if c.result]
    assert len([t for t in delivered if "Thank you for telling us" in t]) == 1
    assert len([t for t in delivered if "Your code is" in t]) == 1


async def test_the_duplicate_guard_is_set_only_after_a_crisis_reply_was_delivered(
    bot: Harness,
) -> None:
    bot.api.fail_next("sendMessage", 400, "Bad Request: chat not found")
    await bot.send("i want to die")
    assert not any("Thank you for telling us" in plain(c) for c in bot.api.messages() if c.result)

    bot.clock.advance(timedelta(seconds=5))
    await bot.send("i want to die")

    crisis = [c for c in bot.api.messages() if c.result and "Thank you for telling us" in plain(c)]
    assert len(crisis) == 1  # the failed one did not silence this one


async def test_the_saved_as_urgent_message_repeats_the_numbers_only_if_they_did_not_get_through(
    bot: Harness, content: Content
) -> None:
    await bot.send("i want to die")  # the crisis reply with every number got through

    saved = [plain(c) for c in bot.api.messages() if "saved your message as urgent" in plain(c)]
    assert len(saved) == 1
    assert content.council.out_of_hours.number not in saved[0]  # not the same list twice
    assert "🆘 Get help now" in bot.labels()

    bot.clock.advance(timedelta(seconds=60))
    bot.api.fail_next("sendMessage", 502, "Bad Gateway")  # this time the crisis reply fails
    await bot.send("he is going to hurt me tonight")

    saved = [plain(c) for c in bot.api.messages() if "saved your message as urgent" in plain(c)]
    assert len(saved) == 2
    assert_help_numbers(saved[1], content)  # this may be the only message that gets through


# --------------------------------------------------------------------------------------------
# 4. A receipt code is never lost


async def test_send_pressed_again_after_a_failed_acknowledgement_shows_the_same_code(
    settings: Settings, content: Content
) -> None:
    bot, errors = await make_harness(settings, content)
    async with offline(bot.app):
        await begin(bot)
        preview = await bot.send("please fix the boiler")
        send = dict(preview.buttons())["Send"]
        # The item is saved, then every way of showing the code fails for a while.
        for method in ("answerCallbackQuery", "editMessageText", "sendMessage", "sendMessage"):
            bot.api.fail_next(method, 500, "Internal Server Error")
        await bot.press_data(send, preview)
        assert not any("Your code is" in plain(c) for c in bot.api.messages() if c.result)

        ack = await bot.press_data(send, preview)  # the child tries again

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]
    assert "We've got your message" in plain(ack)
    codes = {code_in(c) for c in bot.api.messages() if c.result and "Your code is" in plain(c)}
    assert len(codes) == 1
    assert {type(e).__name__ for e in errors} == {"NetworkError"}  # Telegram was down, not us


async def test_a_send_after_a_crash_between_saving_and_replying_shows_the_same_code(
    settings: Settings, content: Content
) -> None:
    first, _ = await make_harness(settings, content)
    async with offline(first.app):
        await begin(first)
        preview = await first.send("the heating is broken again")
        send = dict(preview.buttons())["Send"]
        first.api.fail_next("answerCallbackQuery", 500, "Internal Server Error")
        for _ in range(4):  # the process "dies" before any acknowledgement gets out
            first.api.fail_next("editMessageText", 500, "Internal Server Error")
            first.api.fail_next("sendMessage", 500, "Internal Server Error")
        await first.press_data(send, preview)
    stored = rows(settings, "SELECT receipt_hash FROM items")
    assert len(stored) == 1

    second, errors = await make_harness(settings, content)  # restarted: no memory of the draft
    second.updates._ids = first.updates._ids
    async with offline(second.app):
        ack = await second.press_data(send, preview)

    assert "Your code is" in plain(ack)
    assert rows(settings, "SELECT receipt_hash FROM items") == stored
    assert errors == []


async def test_six_taps_on_send_at_once_store_one_item_with_one_code(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    preview = await bot.send("please fix the boiler")
    data = dict(preview.buttons())["Send"]

    await asyncio.gather(*(bot.feed(bot.updates.button(data)) for _ in range(6)))

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]
    codes = {code_in(c) for c in bot.api.messages() if "Your code is" in plain(c)}
    assert len(codes) == 1


# --------------------------------------------------------------------------------------------
# 5. A flood stays bounded, even when it is urgent


async def test_a_flood_of_urgent_messages_gives_bounded_alerts_and_another_child_gets_through(
    bot: Harness, settings: Settings
) -> None:
    for n in range(300):
        await bot.send(f"i want to die {n}")
    await bot.deliver()
    alerts_before = [t for t in officer_texts(bot) if "URGENT" in t]

    other = UpdateFactory(person=Person(user_id=888002, username="other"), _ids=bot.updates._ids)
    await bot.feed(other.text("my carer hits me"))
    await bot.deliver()

    assert rows(settings, "SELECT COUNT(*) FROM items") == [(4,)]
    assert len(alerts_before) == 3
    urgent = [t for t in officer_texts(bot) if "URGENT" in t]
    assert len(urgent) == 4
    assert "#4" in urgent[-1]  # the other child's alert got through
    texts = " ".join(str(r[0]) for r in rows(settings, "SELECT text FROM items"))
    assert all(f"i want to die {n}" in texts for n in (0, 150, 299))  # no word lost


# --------------------------------------------------------------------------------------------
# 7. Privacy leaks


async def test_forget_removes_contact_details_typed_another_way(
    bot: Harness, settings: Settings
) -> None:
    await ask_to_be_contacted(bot, "Another way")
    await bot.send("zed@example.com")
    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(1,)]

    await bot.send("/forget")

    assert rows(settings, "SELECT COUNT(*) FROM opt_ins") == [(0,)]


def integer_bytes(number: int) -> list[bytes]:
    """Every big-endian width SQLite might use to store this integer."""
    return [
        number.to_bytes(width, "big", signed=True)
        for width in (3, 4, 6, 8)
        if -(2 ** (8 * width - 1)) <= number < 2 ** (8 * width - 1)
    ]


def raw_files_hold(db_path: Path, number: int) -> bool:
    data = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*") if p.is_file())
    return str(number).encode() in data or any(b in data for b in integer_bytes(number))


@pytest.mark.sqlite_only(
    "SQLite's own pages (secure_delete); PostgreSQL's files are its server's, vacuumed"
)
async def test_a_chat_id_is_gone_from_the_raw_files_once_the_contact_is_closed(
    bot: Harness, officer: OfficerSide, settings: Settings
) -> None:
    child = 4_107_311  # a chat id stored in 3 bytes
    bot.updates.person = Person(user_id=child, username="small_id")
    await ask_to_be_contacted(bot)
    assert raw_files_hold(settings.database, child)

    await officer.press_data("op:contacted:1")

    assert not raw_files_hold(settings.database, child)


@pytest.mark.sqlite_only(
    "SQLite's own pages (secure_delete); PostgreSQL's files are its server's, vacuumed"
)
async def test_a_chat_id_is_gone_from_the_raw_files_once_reminders_stop(
    bot: Harness, settings: Settings
) -> None:
    child = 4_107_312
    bot.updates.person = Person(user_id=child, username="small_id2")
    await bot.send("/remind")
    await bot.press("Yes, remind me")
    assert raw_files_hold(settings.database, child)

    await bot.send("/remind")
    await bot.press("Stop reminders")

    assert not raw_files_hold(settings.database, child)


async def test_the_officer_group_never_sees_a_childs_words_and_view_posts_go_with_the_item(
    bot: Harness, officer: OfficerSide
) -> None:
    ack = await submit(bot, "my placement is too far from my school")
    code = code_in(ack)
    await bot.deliver()
    shown = await officer.press("View")
    assert shown is not None
    assert shown.chat_id == OFFICER_ID
    assert all("too far from my school" not in t for t in officer_texts(bot))

    await bot.send(f"/delete {code}")

    deleted = bot.api.calls_to("deleteMessage")
    assert [(c.chat_id, c.params["message_id"]) for c in deleted] == [
        (OFFICER_ID, shown.result["message_id"])
    ]


async def test_view_in_the_group_asks_an_officer_without_a_private_chat_to_open_one(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "words only for allow-listed eyes")
    bot.api.fail_next("sendMessage", 403, "Forbidden: bot can't initiate conversation")

    reply = await officer.send("/view 1")

    assert "open a private chat with me" in plain(reply)
    assert all("allow-listed eyes" not in t for t in officer_texts(bot))


async def test_an_urgent_question_is_never_published_in_you_said_we_did(
    bot: Harness, officer: OfficerSide
) -> None:
    await begin(bot, "Ask a question", "Not sure")
    await bot.send("is it normal to want to kill myself every day?")
    await officer.press_data("op:referred:1")
    await officer.send("/answer 1 Please talk to Childline on 0800 1111, any time.")

    refused = await officer.press_data("op:publish:1")

    assert "can be published" in plain(refused)
    await bot.send("/menu")
    screen = await bot.press("You said, we did")
    assert "kill myself" not in plain(screen)
    assert "Childline" not in plain(screen)


# --------------------------------------------------------------------------------------------
# 8. Urgent items


async def test_an_urgent_item_can_be_deleted_once_an_officer_has_decided_it(
    bot: Harness, officer: OfficerSide, settings: Settings
) -> None:
    await bot.send("i want to die")
    code = code_in(next(c for c in bot.api.messages() if "Your code is" in plain(c)))
    kept = await bot.send(f"/delete {code}")
    assert "deleted for good" not in plain(kept)

    await officer.press_data("op:referred:1")
    gone = await bot.send(f"/delete {code}")

    assert "deleted for good" in plain(gone)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]


async def test_an_open_urgent_question_must_be_decided_before_it_is_answered(
    bot: Harness, officer: OfficerSide
) -> None:
    await begin(bot, "Ask a question", "Not sure")
    await bot.send("is it normal to want to kill myself every day?")

    reply = await officer.send("/answer 1 Yes")

    assert "press Referred or No action first" in plain(reply)


# --------------------------------------------------------------------------------------------
# 9. Audience is never guessed


async def test_after_a_restart_have_your_say_asks_who_you_are_and_carers_get_carer_words(
    bot: Harness,
) -> None:
    await bot.send("/menu")  # no /start: the bot does not know who this is

    asked = await bot.press("Have your say")
    assert "who you are" in plain(asked)
    notice = await bot.press("I'm a carer")

    assert "Only the participation team (staff who listen to children) reads your message" in (
        plain(notice)
    )
    assert "Where they live" in bot.labels()
    assert "Where I live" not in bot.labels()
    await bot.press("Where they live")
    assert bot.labels()[:2] == ["My own view", "A young person's view"]


# --------------------------------------------------------------------------------------------
# 10. Officer errors get a reply


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/view ²", "Use: /view NUMBER"),
        ("/answer ² hello", "Use: /answer"),
        ("/reply ² hello", "Use: /reply"),
        ("/report 0001-01-01 9999-12-31", "Use: /report"),
        ("/report 2026-11-30 2026-01-01", "Use: /report"),
    ],
)
async def test_a_bad_officer_command_gets_a_short_reply_not_silence(
    bot: Harness, officer: OfficerSide, command: str, expected: str
) -> None:
    reply = await officer.send(command)

    assert expected in plain(reply)


# --------------------------------------------------------------------------------------------
# How the screen does in the field (issue 11): officers mark misses and false alarms


async def test_officers_mark_misses_and_false_alarms_and_the_digest_counts_them(
    bot: Harness, officer: OfficerSide, settings: Settings
) -> None:
    from bot.telegram.jobs import send_officer_digest

    await bot.send("i want to die")  # urgent
    await submit(bot, "nobody listens at my placement")  # ordinary, but the officer worries
    shown = await officer.send("/view 1")
    assert shown is not None
    assert ("False alarm", "op:falsealarm:1") in shown.buttons()
    await officer.press_data("op:falsealarm:1")
    await officer.press_data("op:missed:2")
    refused = await officer.press_data("op:missed:1")  # an urgent item was not missed
    assert "does not fit" in plain(refused)
    assert rows(settings, "SELECT id, screen_mark FROM items ORDER BY id") == [
        (1, "false_alarm"),
        (2, "missed"),
    ]
    assert all("nobody listens" not in str(r) for r in rows(settings, "SELECT * FROM audit_log"))

    bot.clock.advance(timedelta(days=1))
    await send_officer_digest(context_of(bot))

    digest = officer_texts(bot)[-1]
    assert "missed 1, false alarms 1" in digest


async def test_an_urgent_item_opened_but_not_decided_still_counts_as_urgent_in_the_queue(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("i want to die")
    await officer.send("/view 1")  # read, not yet decided

    queue = await officer.send("/queue")

    assert "Waiting to be read: 1 (1 urgent)" in plain(queue)


# --------------------------------------------------------------------------------------------
# The middle level (issue 11): "Are you safe right now?"


async def test_a_worrying_but_unclear_message_asks_are_you_safe_with_equal_answers(
    bot: Harness, settings: Settings, content: Content
) -> None:
    await begin(bot)

    asked = await bot.send("i used to self harm but im ok now")

    assert "Are you safe right now?" in plain(asked)
    assert_help_numbers(plain(asked), content)
    assert bot.labels() == ["I'm not safe", "I'm not sure", "I'm OK"]
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]
    preview = await bot.press("I'm OK")  # ordinary: back to the draft, nothing urgent
    assert "i used to self harm but im ok now" in plain(preview)
    await bot.press("Send")
    assert rows(settings, "SELECT urgent FROM items") == [(0,)]


@pytest.mark.parametrize("cry", ["help me", "cant cope", "im so scared"])
async def test_a_short_cry_for_help_is_asked_are_you_safe_and_not_safe_reaches_an_officer(
    bot: Harness, settings: Settings, cry: str
) -> None:
    asked = await bot.send(cry)

    assert "Are you safe right now?" in plain(asked)
    await bot.press("I'm not safe")
    assert rows(settings, "SELECT urgent, text FROM items") == [(1, cry)]


@pytest.mark.parametrize("answer", ["I'm not safe", "I'm not sure"])
async def test_not_safe_or_not_sure_makes_it_urgent_at_once(
    bot: Harness, settings: Settings, answer: str
) -> None:
    await bot.send("things at home are a bit much lately")

    await bot.press(answer)

    texts = [plain(c) for c in bot.api.messages() if c.result]
    assert any("Thank you for telling us" in t for t in texts)
    assert rows(settings, "SELECT urgent, text FROM items") == [
        (1, "things at home are a bit much lately")
    ]
    await bot.deliver()
    assert any("URGENT" in t for t in officer_texts(bot))


async def test_words_typed_while_are_you_safe_waits_all_reach_an_officer_if_not_safe(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("things at home are a bit much lately")
    await bot.send("like really a lot")
    asked = await bot.send("its been like this for weeks")

    assert "Are you safe right now?" in plain(asked)
    await bot.press("I'm not safe")
    assert rows(settings, "SELECT urgent, text FROM items") == [
        (
            1,
            "things at home are a bit much lately\nlike really a lot\n"
            "its been like this for weeks",
        )
    ]


async def test_a_long_run_of_words_while_are_you_safe_waits_is_bounded_and_still_screened(
    bot: Harness, settings: Settings
) -> None:
    """Typing on and on while the question waits: memory stays bounded (each message is
    screened with what came just before it, not all of it again), the first words are the ones
    kept, and a disclosure at the end is still urgent with everything kept before it."""
    await bot.send("things at home are a bit much lately")
    line = "we had pasta for tea then watched a film and went to bed quite late " * 3
    for n in range(90):  # about 19,000 characters, more than the bound
        asked = await bot.send(f"{n} {line}")
        assert "Are you safe right now?" in plain(asked)

    await bot.send("i want to kill myself")

    [(urgent, text)] = rows(settings, "SELECT urgent, text FROM items")
    assert urgent == 1
    assert text.startswith("things at home are a bit much lately\n0 we had pasta")
    assert text.endswith("\ni want to kill myself")
    assert len(text) <= WORRY_LIMIT + len("\ni want to kill myself")
    assert "\n89 we had pasta" not in text  # past the bound: screened, not kept


async def test_a_disclosure_split_across_messages_while_are_you_safe_waits_is_urgent(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("things at home are a bit much lately")
    line = "we had pasta for tea then watched a film and went to bed quite late " * 3
    for n in range(40):  # the question has waited a long time
        await bot.send(f"{n} {line}")

    await bot.send("i want")
    await bot.send("to die")  # neither half is urgent alone

    [(urgent, text)] = rows(settings, "SELECT urgent, text FROM items")
    assert urgent == 1
    assert text.endswith("\ni want\nto die")


async def test_a_message_not_in_english_gets_help_in_its_language_and_officers_are_told(
    bot: Harness, settings: Settings, content: Content
) -> None:
    text = "أريد أن أذهب إلى الكلية"  # "I want to go to college"

    asked = await bot.send(text)

    arabic_help = content.safeguarding.help_reply("ar")
    assert arabic_help is not None
    assert arabic_help in plain(asked)
    assert "Are you safe right now?" in plain(asked)
    await bot.press("I'm not sure")
    await bot.deliver()
    assert rows(settings, "SELECT written_in FROM items") == [("ar",)]
    assert any("not in English (ar)" in t for t in officer_texts(bot))
    assert all(text not in t for t in officer_texts(bot))


async def test_an_urgent_alert_names_the_category_in_plain_words(bot: Harness) -> None:
    await bot.send("i want to kill myself")
    await bot.deliver()

    alert = next(t for t in officer_texts(bot) if "URGENT" in t)
    assert "Suicide or self-harm" in alert
    assert "suicide_self_harm" not in alert


async def test_a_receipt_code_after_a_command_is_never_read_as_a_disclosure(
    bot: Harness, settings: Settings
) -> None:
    # Random letters can look like coded words; a code after /status or /delete is not words.
    codes = {"BRIDGE-AY8G-6PKQ", "KITE-KMS0-D1E0"}
    for code in codes:
        await bot.send(f"/status {code}")

    assert not any("Thank you for telling us" in plain(c) for c in bot.api.messages())
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]


async def test_a_language_no_one_could_name_still_reaches_officers_as_not_in_english(
    bot: Harness, settings: Settings
) -> None:
    text = "mujhe apni behen se milna hai kab"  # Urdu in English letters

    asked = await bot.send(text)

    assert "Are you safe right now?" in plain(asked)
    await bot.press("I'm not sure")
    await bot.deliver()
    assert rows(settings, "SELECT written_in FROM items") == [("und",)]
    assert any("not in English (language not known)" in t for t in officer_texts(bot))
    assert all(text not in t for t in officer_texts(bot))
