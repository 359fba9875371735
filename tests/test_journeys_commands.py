"""Words written beside a command (PRODUCT §5: "screen everything a young person types ...
text after a command", at three levels). A disclosure there gets the help numbers before the
command runs; words the screen is unsure about are asked about *after* the command has run, so
the status is still shown and the message still deleted, and "I'm OK" then sends nothing.
"""

from __future__ import annotations

import pytest
from telegram.ext import CommandHandler

from bot.app import _commands
from bot.config import Settings
from bot.telegram.handlers.common import OFFICER_COMMANDS
from tests.fakes import Harness
from tests.test_feedback import begin, code_in, rows, submit
from tests.test_journeys_walked import ASKED, CRISIS, officer_texts, plain, texts

STATUS = "Your message from 22 November"
OK_NOTE = "Thanks for telling us you're OK"
WORRIED = "i feel really low tbh"


async def status_then_asked(bot: Harness, note: str) -> None:
    # The premise: the screen is unsure about the note (neither ordinary nor a disclosure).
    assert bot.app.bot_data["services"].intake.level(note).value == "check"
    code = code_in(await submit(bot, "please fix the heating in my room"))
    bot.api.clear()
    await bot.send(f"/status {code} {note}")
    shown = texts(bot)
    assert any(STATUS in t for t in shown), shown
    # The question comes after the status: the command ran first.
    assert ASKED in shown[-1], shown
    assert not any(ASKED in t for t in shown[:-1]), shown


async def test_an_unsure_note_after_status_is_asked_about_after_the_status(
    bot: Harness,
) -> None:
    await status_then_asked(bot, WORRIED)


async def test_not_safe_after_a_note_beside_status_sends_the_note_as_urgent(
    bot: Harness, settings: Settings
) -> None:
    await status_then_asked(bot, WORRIED)

    await bot.press("I'm not safe")

    assert any(CRISIS in t for t in texts(bot))
    assert rows(settings, "SELECT urgent, text FROM items ORDER BY id") == [
        (0, "please fix the heating in my room"),
        (1, WORRIED),
    ]
    await bot.deliver()
    assert any("URGENT" in t for t in officer_texts(bot))


async def test_ok_after_a_note_beside_delete_sends_nothing_and_the_message_is_gone(
    bot: Harness, settings: Settings
) -> None:
    code = code_in(await submit(bot, "please fix the heating in my room"))
    bot.api.clear()

    await bot.send(f"/delete {code} {WORRIED}")
    shown = texts(bot)
    assert any("deleted for good" in t for t in shown), shown
    assert ASKED in shown[-1], shown
    reply = await bot.press("I'm OK")

    assert OK_NOTE in plain(reply)
    assert WORRIED not in plain(reply)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]


async def test_ok_after_a_note_beside_help_keeps_the_message_being_written(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    await bot.send("My window has been broken for a month")
    await bot.send(f"/help {WORRIED}")
    assert ASKED in plain(bot.api.last_message())

    await bot.press("I'm OK")
    await bot.press("Send")

    assert rows(settings, "SELECT text FROM items") == [("My window has been broken for a month",)]


@pytest.mark.parametrize("note", ["has anyone read it yet", ""])
async def test_an_ordinary_note_or_none_after_status_is_not_asked(bot: Harness, note: str) -> None:
    code = code_in(await submit(bot, "please fix the heating in my room"))
    bot.api.clear()

    await bot.send(f"/status {code} {note}".strip())

    assert not any(ASKED in t for t in texts(bot))
    assert any(STATUS in t for t in texts(bot))


async def test_a_deep_link_word_after_start_is_never_asked(bot: Harness) -> None:
    await bot.send(f"/start {WORRIED}")
    assert not any(ASKED in t for t in texts(bot))


async def test_a_disclosure_beside_a_command_gets_help_before_and_not_the_question(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("/help my carer hits me")

    shown = texts(bot)
    assert CRISIS in shown[0], shown
    assert not any(ASKED in t for t in shown), shown
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]


async def test_words_typed_while_a_note_is_asked_about_go_on_and_the_note_is_never_sent(
    bot: Harness, settings: Settings
) -> None:
    await status_then_asked(bot, WORRIED)
    question = bot.api.last_message()
    preview = await bot.send("the wifi in my room is slow")  # typed while the question waits
    assert "kept what you typed" in plain(preview)  # kept to send, as any words typed

    reply = await bot.press_data(dict(question.buttons())["I'm OK"], question)

    assert OK_NOTE in plain(reply)
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(1,)]


def test_every_command_is_a_young_persons_or_an_officers(bot: Harness) -> None:
    # ask_after_command tells the two apart by OFFICER_COMMANDS: a new officer command missing
    # from it would ask a refused stranger "Are you safe right now?" under the refusal.
    registered = {
        command
        for handlers in bot.app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    advertised = {c.command for c in _commands(bot.app.bot_data["services"].content)}
    assert registered == advertised | OFFICER_COMMANDS


async def test_an_unsure_note_after_an_officer_command_from_a_stranger_is_only_refused(
    bot: Harness,
) -> None:
    await bot.send(f"/wedid {WORRIED}")

    shown = texts(bot)
    assert "only the council's team can use that" in shown[-1], shown
    assert not any(ASKED in t for t in shown), shown


async def test_an_unsure_note_after_an_unknown_command_is_asked_about(bot: Harness) -> None:
    await bot.send(f"/talk {WORRIED}")

    shown = texts(bot)
    assert "Sorry, I didn't understand that" in "\n".join(shown), shown
    assert ASKED in shown[-1], shown
