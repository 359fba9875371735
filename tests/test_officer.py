"""The officer's side: alerts without text, the review queue, redaction, decisions, answers,
"You said, we did", export, access control and delivery under Telegram's failures."""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.__main__ import SafeFormatter, main
from bot.app import offline
from bot.config import Settings
from bot.content import Content
from bot.domain import Audience, Item, ItemKind, ItemStatus
from bot.services.export import neutralise, to_csv
from bot.store import Store
from tests.conftest import OFFICER_CHAT_ID, OFFICER_ID, make_harness
from tests.db import database_env
from tests.fakes import Harness, OfficerSide, Person
from tests.officers import OFFICER, OFFICER_GROUP, officer_side, plain
from tests.test_feedback import code_in, rows, submit

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

STRANGER = Person(user_id=999000111, first_name="Rob", last_name="Nobody", username="rob_n")


# --------------------------------------------------------------------------------------------
# Alerts


async def test_a_new_item_alerts_the_officer_chat_without_its_text(
    bot: Harness, officer: OfficerSide
) -> None:
    secret = "My foster carers are lovely but the house is too far from school"
    await submit(bot, secret)

    assert await bot.deliver() == 1

    alert = officer.last()
    text = plain(alert)
    assert "New feedback #1" in text
    assert "theme: Where I live" in text
    assert "from: in care" in text
    assert secret not in alert.text
    for word in (
        "foster",
        "school",
        "Zephyrine",
        "zephyrine_q_4242",
        str(bot.updates.person.user_id),
    ):
        assert word not in alert.text
    assert alert.buttons() == [("View", "op:view:1")]
    assert bot.api.calls_to("forwardMessage", "copyMessage") == []
    assert await bot.deliver() == 0  # delivered once; the outbox is empty


async def test_urgent_items_are_alerted_first_and_marked(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "the food is boring")
    await bot.send("my carer hits me")

    await bot.deliver()

    alerts = [plain(c) for c in officer.messages()]
    assert alerts[0].startswith("🔴 URGENT feedback #2")
    assert "abuse" in alerts[0]
    assert "my carer hits me" not in alerts[0]
    assert alerts[1].startswith("New feedback #1")


async def test_an_unread_urgent_item_is_alerted_again_until_someone_opens_it(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("nobody knows where i am")
    await bot.deliver()
    services = bot.app.bot_data["services"]

    assert await services.officers.queue_realerts() == 1
    await bot.deliver()
    assert "Still not read: urgent item #1" in plain(officer.last())

    await officer.press("View", officer.messages()[0])
    assert await services.officers.queue_realerts() == 0


async def test_an_item_deleted_before_delivery_is_not_alerted(
    bot: Harness, officer: OfficerSide
) -> None:
    code = code_in(await submit(bot, "never mind"))
    await bot.send(f"/delete {code}")

    assert await bot.deliver() == 0
    assert officer.messages() == []
    assert rows(bot_db(bot), "SELECT COUNT(*) FROM outbox") == [(0,)]


def bot_db(bot: Harness) -> Store:
    return bot.app.bot_data["services"].store


# --------------------------------------------------------------------------------------------
# Review


async def test_view_shows_the_text_protected_with_a_suggestion_and_hidden_markers(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "call me on 07700 900123, I hate\u200b my room")
    await bot.deliver()

    shown = await officer.press("View")

    assert shown is not None
    assert shown.params.get("protect_content") is True
    text = plain(shown)
    assert "call me on 07700 900123, I hate⟦U+200B⟧ my room" in text
    assert "ZERO WIDTH SPACE" in text
    assert "call me on [phone number], I hate" in text
    assert [label for label, _ in shown.buttons()] == [
        "For the board",
        "Not for the board",
        "Redact",
        "Theme",
        "Next",
        "Missed: needed help",
    ]
    assert rows(bot_db(bot), "SELECT status, acknowledged FROM items") == [("read", 1)]


async def test_view_escapes_the_childs_text_so_it_is_shown_not_run_as_markup(
    bot: Harness, officer: OfficerSide
) -> None:
    typed = '<b>not bold</b> & <a href="tg://user?id=1">a link</a> <i>'
    await submit(bot, typed)
    await bot.deliver()

    shown = await officer.press("View")

    assert shown is not None
    assert shown.params.get("parse_mode") == "HTML"
    quote = shown.text.split("<blockquote>", 1)[1].split("</blockquote>", 1)[0]
    assert quote == (
        "&lt;b&gt;not bold&lt;/b&gt; &amp; "
        '&lt;a href="tg://user?id=1"&gt;a link&lt;/a&gt; &lt;i&gt;'
    )
    assert "<b>not bold" not in shown.text
    assert "<a href" not in shown.text
    assert typed in plain(shown)  # the officer reads exactly what was typed


async def test_redact_theme_and_approve_then_export_shows_only_the_board_text(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, 'Sarah at Oak House shouts at us. =HYPERLINK("x")')
    await bot.deliver()
    shown = await officer.press("View")
    prompt = await officer.press("Redact", shown)
    assert "Reply to this message with the text the board should see for #1" in plain(prompt)
    assert prompt is not None
    assert prompt.params["reply_markup"]["force_reply"] is True

    redacted = await officer.reply(prompt, "=A staff member shouts at young people")
    assert "the board will see the new text" in plain(redacted)
    await officer.press("Theme", shown)
    themed = await officer.press("Feeling safe")
    assert "#1 theme: Feeling safe" in plain(themed)
    approved = await officer.press("For the board", shown)
    assert "#1 is now: for board" in plain(approved)

    exported = await officer.send("/export")

    assert exported is not None
    assert exported.method == "sendDocument"
    assert exported.params.get("protect_content") is True
    table = list(csv.reader(io.StringIO(exported.files["document"].decode())))
    assert table[0] == ["board_text", "theme", "audience", "kind", "on_behalf_of_child", "month"]
    assert table[1] == [
        "'=A staff member shouts at young people",
        "Feeling safe",
        "in_care",
        "feedback",
        "no",
        "2026-11",
    ]
    assert "Sarah" not in exported.files["document"].decode()


async def test_export_leaves_out_board_text_no_officer_approved(
    bot: Harness, officer: OfficerSide
) -> None:
    for text in ("approved one", "redacted only", "declined one", "approved two"):
        await submit(bot, text)
    await officer.press_data("op:board:1")
    prompt = await officer.press_data("op:redact:2")
    await officer.reply(prompt, "WORDS NOBODY APPROVED")  # type: ignore[arg-type]
    prompt = await officer.press_data("op:redact:3")
    await officer.reply(prompt, "WORDS DECLINED FOR THE BOARD")  # type: ignore[arg-type]
    prompt = await officer.press_data("op:notboard:3")
    await officer.reply(prompt, "not for the board")  # type: ignore[arg-type]
    await officer.press_data("op:board:4")

    exported = await officer.send("/export")

    assert exported is not None
    document = exported.files["document"].decode()
    table = list(csv.reader(io.StringIO(document)))
    assert [row[0] for row in table[1:]] == ["approved one", "approved two"]
    assert "NOBODY APPROVED" not in document
    assert "DECLINED" not in document


async def test_approving_without_redacting_uses_the_automatic_redaction(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "email me at zed@example.com about the youth club")
    await bot.deliver()
    await officer.press("View")

    await officer.press("For the board")

    assert rows(bot_db(bot), "SELECT status, board_text FROM items") == [
        ("for_board", "email me at [email] about the youth club")
    ]


async def test_not_for_the_board_needs_a_reason_and_a_second_decision_says_who_decided(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "test test")
    await bot.deliver()
    shown = await officer.press("View")
    prompt = await officer.press("Not for the board", shown)
    await officer.reply(prompt, "A test message")  # type: ignore[arg-type]

    again = await officer.press("For the board", shown)

    assert "#1 was already decided (not for board) by Sam" in plain(again)
    assert rows(bot_db(bot), "SELECT status, decision_reason FROM items") == [
        ("not_for_board", "A test message")
    ]


async def test_urgent_items_are_referred_or_closed_with_a_reason_and_audited_without_text(
    bot: Harness, officer: OfficerSide
) -> None:
    await bot.send("he touched me and said not to tell anyone")
    await bot.send("i want to die")
    await bot.deliver()
    first = await officer.press("View", officer.messages()[0])
    assert [label for label, _ in first.buttons()][:2] == [  # type: ignore[union-attr]
        "Referred to children's services",
        "No action",
    ]

    await officer.press("Referred to children's services", first)
    second = await officer.press_data("op:view:2")
    prompt = await officer.press("No action", second)
    await officer.reply(prompt, "Duplicate of #1, same young person")  # type: ignore[arg-type]

    assert rows(bot_db(bot), "SELECT id, status FROM items ORDER BY id") == [
        (1, "referred"),
        (2, "no_action"),
    ]
    audit = rows(bot_db(bot), "SELECT actor, action, item_id, detail FROM audit_log ORDER BY id")
    assert ("Sam", "viewed", 1, "") in audit
    assert ("Sam", "referred", 1, "") in audit
    assert ("Sam", "no_action", 2, "") in audit
    logged = " ".join(str(r) for r in audit)
    assert "touched" not in logged
    assert "Duplicate" not in logged


async def test_urgent_items_cannot_go_to_the_board(bot: Harness, officer: OfficerSide) -> None:
    await bot.send("i want to die")

    reply = await officer.press_data("op:board:1")

    assert "That doesn't fit #1" in plain(reply)
    assert rows(bot_db(bot), "SELECT status FROM items") == [("received",)]


async def test_queue_counts_and_walks_urgent_first_then_oldest(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "first")
    await submit(bot, "second")
    await bot.send("my carer hits me")

    queue = await officer.send("/queue")

    text = plain(queue)
    assert "Waiting to be read: 3 (1 urgent)" in text
    assert "URGENT feedback #3" in text
    assert "my carer" not in text
    after_urgent = await officer.press("Next", queue)
    assert "New feedback #1" in plain(after_urgent)
    after_first = await officer.press("Next", after_urgent)
    assert "New feedback #2" in plain(after_first)
    end = await officer.press("Next", after_first)
    assert "Nothing is waiting to be read" in plain(end)


async def test_view_of_a_missing_item_says_so(officer: OfficerSide) -> None:
    reply = await officer.send("/view 404")

    assert "There is no item #404" in plain(reply)


# --------------------------------------------------------------------------------------------
# Answers and "You said, we did"


async def test_an_answer_reaches_status_you_said_we_did_and_the_asker_once(
    bot: Harness, officer: OfficerSide
) -> None:
    ack = await submit(bot, "When can I apply for a council flat?", "Ask a question", "Not sure")
    code = code_in(ack)
    await bot.press("Yes, tell me")
    chat = bot.updates.person.user_id

    reply = await officer.send(
        "/answer 1 You can join the housing register at 17 and a half.\nAsk your PA to help."
    )
    assert "Answer saved for #1" in plain(reply)
    await bot.deliver()

    pushed = [c for c in bot.api.messages(chat) if "There's an answer" in plain(c)]
    assert len(pushed) == 1
    assert "17 and a half.\nAsk your PA to help." in plain(pushed[0])  # line breaks kept
    assert rows(bot_db(bot), "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    await bot.deliver()
    assert len([c for c in bot.api.messages(chat) if "There's an answer" in plain(c)]) == 1
    status = await bot.send(f"/status {code}")
    assert "It has been answered" in plain(status)
    assert "17 and a half" in plain(status)
    await bot.send("/menu")
    screen = await bot.press("You said, we did")
    assert "17 and a half" not in plain(screen)  # private until an officer publishes it
    assert "council flat" not in plain(screen)

    shown = await officer.send("/view 1")
    published = await officer.press('Show in "You said, we did"', shown)
    assert "#1: the question" in plain(published)
    await bot.send("/menu")
    screen = await bot.press("You said, we did")
    assert "When can I apply for a council flat?" in plain(screen)  # its board text
    assert "17 and a half" in plain(screen)


async def test_only_questions_can_be_answered(bot: Harness, officer: OfficerSide) -> None:
    await submit(bot, "nice trip")

    reply = await officer.send("/answer 1 thanks")

    assert "That doesn't fit #1" in plain(reply)


async def test_we_did_appears_for_young_people_and_in_the_linked_items_status(
    bot: Harness, officer: OfficerSide
) -> None:
    code = code_in(await submit(bot, "bin bags are not suitcases"))

    saved = await officer.send("/wedid home done #1 Every child now moves with a proper suitcase.")
    assert 'Saved as "You said, we did" number 1' in plain(saved)
    updated = await officer.send("/wedid 1 in_progress")
    assert "is now: in_progress" in plain(updated)

    await bot.send("/menu")
    screen = await bot.press("You said, we did")
    assert "Where I live (Happening now)" in plain(screen)
    assert "Every child now moves with a proper suitcase." in plain(screen)
    status = await bot.send(f"/status {code}")
    assert "What we did:" in plain(status)
    assert "proper suitcase" in plain(status)


@pytest.mark.parametrize(
    "typed", ["/wedid", "/wedid home", "/wedid home sometime did stuff", "/wedid home done"]
)
async def test_wedid_explains_itself_when_misused(officer: OfficerSide, typed: str) -> None:
    reply = await officer.send(typed)

    assert "Use: /wedid THEME STATUS" in plain(reply)


async def test_you_said_we_did_is_kind_when_empty(bot: Harness) -> None:
    await bot.send("/menu")

    screen = await bot.press("You said, we did")

    assert "Nothing here yet" in plain(screen)


# --------------------------------------------------------------------------------------------
# Who may act

COMMANDS = ["/queue", "/view 1", "/answer 1 hello", "/wedid home done Fixed it", "/export"]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("who", "where"),
    [
        ("officer", "officer group"),
        ("officer", "own private chat"),
        ("stranger", "officer group"),
        ("stranger", "own private chat"),
        ("officer", "someone else's private chat"),
    ],
)
async def test_only_an_officer_in_an_officer_chat_can_use_officer_commands(
    bot: Harness, command: str, who: str, where: str
) -> None:
    await submit(bot, "a question?", "Ask a question", "Not sure")
    person = OFFICER if who == "officer" else STRANGER
    chat = {
        "officer group": OFFICER_GROUP,
        "own private chat": {"id": person.user_id, "type": "private"},
        "someone else's private chat": {"id": 123456, "type": "private"},
    }[where]
    side = officer_side(bot, person, chat)
    audit_before = refusals(bot)

    reply = await side.send(command)

    allowed = who == "officer" and where != "someone else's private chat"
    refused = "only the council's team can use that" in plain(reply)
    assert refused is not allowed
    assert refusals(bot) - audit_before == (0 if allowed else 1)


def refusals(bot: Harness) -> int:
    [(count,)] = rows(bot_db(bot), "SELECT COUNT(*) FROM audit_log WHERE action = 'refused'")
    assert isinstance(count, int)
    return count


async def test_a_stranger_pressing_an_officer_button_is_refused(bot: Harness) -> None:
    await submit(bot, "please")
    stranger = officer_side(bot, STRANGER)

    await stranger.press_data("op:board:1")

    answers = bot.api.calls_to("answerCallbackQuery")
    assert answers[-1].params["text"] == "Sorry, only the council's team can use that."
    assert answers[-1].params["show_alert"] is True
    assert rows(bot_db(bot), "SELECT status FROM items") == [("received",)]


@pytest.mark.parametrize(
    "disguise",
    [
        {"sender_chat": {"id": OFFICER_CHAT_ID, "type": "supergroup", "title": "Officers"}},
        {
            "forward_origin": {
                "type": "user",
                "date": 0,
                "sender_user": {"id": OFFICER_ID, "is_bot": False, "first_name": "Sam"},
            }
        },
    ],
    ids=["anonymous admin", "forwarded"],
)
async def test_anonymous_admins_and_forwards_cannot_act_as_officers(
    bot: Harness,
    disguise: dict[str, Any],
) -> None:
    await submit(bot, "a thing")
    side = officer_side(bot)

    reply = await side.send("/queue", **disguise)

    assert "only the council's team" in plain(reply)


@pytest.mark.parametrize("service_account", [1087968824, 777000, 136817688])
async def test_telegram_service_accounts_cannot_act_as_officers(
    settings: Settings, content: Content, service_account: int
) -> None:
    settings = settings.model_copy(update={"officer_ids": [OFFICER_ID, service_account]})
    harness, errors = await make_harness(settings, content)
    async with offline(harness.app):
        side = officer_side(harness, Person(user_id=service_account, first_name="Group"))
        reply = await side.send("/queue")

    assert "only the council's team" in plain(reply)
    assert errors == []


async def test_an_edited_officer_command_does_nothing(bot: Harness) -> None:
    side = officer_side(bot)
    update = side.updates.text("/queue", chat=OFFICER_GROUP)
    update["edited_message"] = update.pop("message")
    bot.api.clear()

    await bot.feed(update)

    assert bot.api.calls == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.text(max_size=70))
def test_forged_button_data_never_crashes_or_acts(
    tmp_path_factory: pytest.TempPathFactory, content: Content, data: str
) -> None:
    database = tmp_path_factory.mktemp("db") / "hys.sqlite3"
    settings_ = Settings(
        database=database, officer_chat_id=OFFICER_CHAT_ID, officer_ids=[OFFICER_ID]
    )

    async def scenario() -> list[BaseException]:
        harness, errors = await make_harness(settings_, content)
        async with offline(harness.app):
            await harness.feed(harness.updates.text("i want to die"))
            await officer_side(harness, STRANGER).press_data(data)
            await harness.press_data(data)
        return errors

    assert asyncio.run(scenario()) == []
    assert rows(database, "SELECT status FROM items") == [("received",)]


# --------------------------------------------------------------------------------------------
# The officer group becomes a supergroup

NEW_GROUP = -1009999000111


@pytest.mark.parametrize("in_new", [False, True], ids=["seen in old chat", "seen in new chat"])
async def test_the_bot_follows_the_officer_group_to_its_new_id(bot: Harness, in_new: bool) -> None:
    await bot.feed(bot.updates.migration(OFFICER_CHAT_ID, NEW_GROUP, in_new=in_new))

    said = [c for c in bot.api.messages(NEW_GROUP) if "became a supergroup" in plain(c)]
    assert len(said) == 1
    assert f"HYS_OFFICER_CHAT_ID={NEW_GROUP}" in plain(said[0])
    assert bot.api.calls_to("leaveChat") == []
    await submit(bot, "after the move")
    await bot.deliver()
    assert any("New feedback #1" in plain(c) for c in bot.api.messages(NEW_GROUP))


async def test_a_migration_of_some_other_group_changes_nothing(bot: Harness) -> None:
    await bot.feed(bot.updates.migration(-100123, NEW_GROUP, in_new=False))

    assert bot.api.messages(NEW_GROUP) == []


async def test_the_new_officer_chat_id_survives_a_restart(
    settings: Settings, content: Content
) -> None:
    first, _ = await make_harness(settings, content)
    async with offline(first.app):
        await first.feed(first.updates.migration(OFFICER_CHAT_ID, NEW_GROUP, in_new=False))
    second, errors = await make_harness(settings, content)

    async with offline(second.app):
        await submit(second, "after a restart")
        await second.deliver()

    assert any("New feedback #1" in plain(c) for c in second.api.messages(NEW_GROUP))
    assert errors == []


async def test_chat_migrated_while_delivering_is_followed(bot: Harness) -> None:
    await submit(bot, "hello")
    bot.api.fail_next(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=NEW_GROUP,
    )

    await bot.deliver()
    await bot.deliver()

    assert any("New feedback #1" in plain(c) for c in bot.api.messages(NEW_GROUP))


# --------------------------------------------------------------------------------------------
# Delivery under Telegram's failures (F-06, F-07, I-02, L-02, L-03)


async def test_timeouts_are_retried_with_backoff_and_delivered_once(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "hello")
    bot.api.clear()
    bot.api.fail_next("sendMessage", timeout=True, times=5)

    delivered = rounds = 0
    while not delivered and rounds < 10:
        delivered = await bot.deliver()
        if not delivered:
            tries = len(bot.api.calls_to("sendMessage"))
            assert await bot.deliver() == 0
            assert len(bot.api.calls_to("sendMessage")) == tries  # waiting out the backoff
        bot.clock.advance(timedelta(seconds=301))
        rounds += 1

    assert delivered == 1
    assert len(officer.messages()) == 6  # five timeouts, then through
    accepted = [c for c in officer.messages() if c.result and "New feedback #1" in plain(c)]
    assert len(accepted) == 1


async def test_server_errors_back_off_too(bot: Harness, officer: OfficerSide) -> None:
    await submit(bot, "hello")
    bot.api.fail_next("sendMessage", 502, "Bad Gateway", times=2)

    assert await bot.deliver() == 0
    bot.clock.advance(timedelta(seconds=2))
    assert await bot.deliver() == 0
    bot.clock.advance(timedelta(seconds=4))
    assert await bot.deliver() == 1


async def test_the_backoff_doubles_after_each_failure(bot: Harness, officer: OfficerSide) -> None:
    await submit(bot, "hello")
    bot.api.clear()
    bot.api.fail_next("sendMessage", 502, "Bad Gateway", times=5)
    start = bot.clock.now
    tried_at: list[int] = []

    for second in range(70):
        before = len(officer.messages())
        delivered = await bot.deliver()
        if len(officer.messages()) > before:
            tried_at.append(second)
        if delivered:
            break
        bot.clock.now = start + timedelta(seconds=second + 1)

    gaps = [later - earlier for earlier, later in itertools.pairwise(tried_at)]
    assert gaps == [2, 4, 8, 16, 32]  # five failures, then through
    assert len([c for c in officer.messages() if c.result]) == 1


async def test_retry_after_is_honoured(bot: Harness, officer: OfficerSide) -> None:
    await submit(bot, "hello")
    bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)

    assert await bot.deliver() == 0
    sends_before = len(bot.api.calls_to("sendMessage"))
    bot.clock.advance(timedelta(seconds=2))
    assert await bot.deliver() == 0
    assert len(bot.api.calls_to("sendMessage")) == sends_before  # didn't even try
    bot.clock.advance(timedelta(seconds=1))
    assert await bot.deliver() == 1


async def test_a_removed_bot_does_not_crash_or_loop_and_keeps_the_alerts(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await submit(bot, "hello")
    bot.api.fail_next("sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat")

    assert await bot.deliver() == 0
    tries = len(bot.api.calls_to("sendMessage"))
    for _ in range(5):
        assert await bot.deliver() == 0
    assert len(bot.api.calls_to("sendMessage")) == tries  # no tight loop
    assert bot.app.bot_data["delivery"].unreachable is True
    assert "officer chat cannot be reached" in caplog.text
    assert rows(bot_db(bot), "SELECT COUNT(*) FROM outbox") == [(1,)]
    bot.clock.advance(timedelta(minutes=11))
    assert await bot.deliver() == 1


async def test_an_asker_who_blocked_the_bot_is_forgotten_not_retried_nor_logged(
    bot: Harness, officer: OfficerSide, caplog: pytest.LogCaptureFixture
) -> None:
    await submit(bot, "a question", "Ask a question", "Not sure")
    await bot.press("Yes, tell me")
    await bot.deliver()  # the officers' alert
    await officer.send("/answer 1 here you go")
    bot.api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")

    caplog.set_level(logging.DEBUG)

    assert await bot.deliver() == 1

    assert rows(bot_db(bot), "SELECT COUNT(*) FROM opt_ins") == [(0,)]
    assert rows(bot_db(bot), "SELECT COUNT(*) FROM outbox") == [(0,)]
    forgotten = [r for r in caplog.records if "blocked the bot" in r.getMessage()]
    assert len(forgotten) == 1  # the line this test guards is the one that ran
    logged = " ".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    chat = bot.updates.person.user_id
    assert str(chat) not in logged
    assert bot.updates.person.username not in logged


async def test_a_parse_error_on_an_alert_is_resent_as_plain_text(
    bot: Harness, officer: OfficerSide
) -> None:
    await submit(bot, "hello")
    bot.api.fail_next("sendMessage", 400, "Bad Request: can't parse entities: bad tag")

    assert await bot.deliver() == 1

    sends = officer.messages()
    assert len(sends) == 2
    assert "parse_mode" not in sends[1].params
    assert "New feedback #1" in sends[1].text


async def test_a_burst_never_exceeds_twenty_messages_a_minute_and_urgent_go_first(
    settings: Settings, content: Content
) -> None:
    harness, errors = await make_harness(settings, content)
    async with offline(harness.app):
        services = harness.app.bot_data["services"]
        for n in range(200):
            await services.intake.submit(
                kind=ItemKind.FEEDBACK,
                audience=Audience.IN_CARE,
                text=("i want to die" if n % 40 == 7 else f"idea {n}"),
            )
        side = officer_side(harness)
        for _ in range(10):
            await harness.deliver()
            harness.clock.advance(timedelta(seconds=15))
        sent = side.messages()
        assert rows(bot_db(harness), "SELECT COUNT(*) FROM outbox") == [(0,)]

    assert len(sent) <= 20 * 3  # 150 s of delivery at 20 a minute
    urgent = [i for i, c in enumerate(sent) if "URGENT" in c.text]
    assert urgent == list(range(5))  # the five urgent items were the first five messages
    assert any("new items:" in c.text for c in sent)
    assert errors == []


async def test_no_minute_carries_more_than_twenty_officer_messages(
    settings: Settings, content: Content
) -> None:
    harness, _ = await make_harness(settings, content)
    stamps: list[float] = []
    async with offline(harness.app):
        services = harness.app.bot_data["services"]
        for n in range(100):
            await services.intake.submit(
                kind=ItemKind.FEEDBACK,
                audience=Audience.IN_CARE,
                text="i want to die" if n < 60 else f"idea {n}",
            )
        side = officer_side(harness)
        for _ in range(40):
            before = len(side.messages())
            await harness.deliver()
            stamps += [harness.clock.now.timestamp()] * (len(side.messages()) - before)
            harness.clock.advance(timedelta(seconds=5))

    assert len(stamps) >= 60
    for start in stamps:
        assert sum(1 for t in stamps if start <= t < start + 60) <= 20


async def test_a_restart_in_the_middle_of_delivery_loses_no_alert(
    settings: Settings, content: Content
) -> None:
    first, _ = await make_harness(settings, content)
    async with offline(first.app):
        for n in range(3):
            await submit(first, f"idea {n}")
        first.api.fail_next("sendMessage", 500, "Internal Server Error", times=10)
        await first.deliver()  # the first alert fails ...
    # ... and the process stops before any retry.
    second, errors = await make_harness(settings, content)

    async with offline(second.app):
        await second.deliver()

    delivered = " ".join(plain(c) for c in second.api.messages(OFFICER_CHAT_ID))
    for number in (1, 2, 3):
        assert f"#{number}" in delivered
    assert errors == []


# --------------------------------------------------------------------------------------------
# Export and logs (I-08)


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\r\n@SUM(A1)", "'\r\n@SUM(A1)"),
        ("plain words", "plain words"),
        ("a - b", "a - b"),
        ("", ""),
    ],
)
def test_spreadsheet_formulas_are_neutralised(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe


def test_the_csv_has_months_not_days_and_only_board_text() -> None:
    item = Item(
        id=7,
        kind=ItemKind.QUESTION,
        audience=Audience.CARER,
        text="the original words with a name in",
        theme="money",
        on_behalf=True,
        urgent=False,
        risk_categories=(),
        suggested_themes=(),
        status=ItemStatus.FOR_BOARD,
        created_on=date(2026, 11, 22),
        expires_on=date(2027, 11, 22),
        board_text="the words the board may see",
    )

    table = list(csv.reader(io.StringIO(to_csv([item], {"money": "Money"}))))

    assert table[1] == [
        "the words the board may see",
        "Money",
        "carer",
        "question",
        "yes",
        "2026-11",
    ]
    assert "original" not in to_csv([item], {})
    assert "22" not in table[1][5]


def test_log_lines_cannot_be_forged_with_newlines() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "first\nFAKE ERROR line", (), None)

    formatted = SafeFormatter("%(message)s").format(record)

    assert "\n" not in formatted
    assert formatted == "first\\nFAKE ERROR line"


async def test_export_command_with_nothing_approved_says_so(officer: OfficerSide) -> None:
    reply = await officer.send("/export")

    assert "no approved items" in plain(reply)


async def test_the_export_cli_writes_the_same_csv(
    bot: Harness,
    officer: OfficerSide,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await submit(bot, "more buses please")
    await officer.press_data("op:view:1")
    await officer.press_data("op:board:1")
    out = tmp_path / "approved.csv"
    for name, value in database_env(settings).items():
        monkeypatch.setenv(name, value)

    code = await asyncio.to_thread(main, ["export", "--out", str(out)])

    assert code == 0
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert table[1][0] == "more buses please"
    assert table[1][-1] == "2026-11"
