"""Privacy: nothing identifying in logs (P-02), browsing writes nothing (P-06), no forwarding."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.app import offline
from bot.config import Settings
from bot.content import Content
from bot.formatting import html_to_plain
from bot.telegram.context import BotContext
from tests import db
from tests.conftest import CONTENT_DIR, TEST_TOKEN, make_harness
from tests.fakes import Harness

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

SECRET_WORDS = "my placement is awful XYZZY-7731"


async def explode(update: Update, context: BotContext) -> None:
    # An exception whose message quotes what the child typed, as a careless bug would.
    raise ValueError(f"could not handle {update.message.text if update.message else ''}")


async def browse_everything(bot: Harness) -> None:
    await bot.send("/start")
    await bot.press("I'm in care")
    for label in ("Our promise", "What you can get", "Board meetings", "Privacy"):
        await bot.press(label)
        await bot.press("🆘 Get help now")
        await bot.press("Menu")


async def test_logs_hold_no_text_no_ids_and_no_token(
    settings: Settings, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings.model_copy(update={"bot_token": Settings(bot_token=TEST_TOKEN).bot_token})
    harness, errors = await make_harness(settings, content)
    harness.app.add_handler(MessageHandler(filters.Regex("KABOOM"), explode), group=-2)
    person = harness.updates.person
    caplog.set_level(logging.DEBUG)

    async with offline(harness.app):
        await browse_everything(harness)
        await harness.send(SECRET_WORDS)
        await harness.send(f"KABOOM {SECRET_WORDS}")
        await harness.feed(harness.updates.media("photo"))
        await harness.feed(harness.updates.added_to_group(-100999))

    assert len(errors) == 1  # the deliberate explosion, caught and logged
    assert any("ValueError" in r.getMessage() for r in caplog.records)
    logged = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {r.stack_info or ''}" for r in caplog.records
    )
    for secret in (
        TEST_TOKEN,
        TEST_TOKEN.split(":")[1],
        "XYZZY",
        str(person.user_id),
        person.username,
        person.first_name,
        person.last_name,
        "-100999",
    ):
        assert secret not in logged, secret
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING


async def test_a_crashing_handler_gets_a_kind_sorry_and_the_bot_keeps_going(
    settings: Settings, content: Content
) -> None:
    harness, errors = await make_harness(settings, content)
    harness.app.add_handler(MessageHandler(filters.Regex("KABOOM"), explode), group=-2)

    async with offline(harness.app):
        await harness.send("KABOOM")
        replies = [html_to_plain(c.text) for c in harness.api.messages()]
        after = await harness.send("/menu")

    sorry = next(r for r in replies if "something went wrong on our side" in r)
    assert "It wasn't anything you did" in sorry
    assert "KABOOM" not in sorry
    assert "What would you like to do?" in html_to_plain(after.text)
    assert len(errors) == 1


def tree_digest(folder: Path) -> dict[str, str]:
    """Hash of every file; SQLite's -shm file is a shared-memory index, not stored data."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith("-shm")
    }


def row_counts(settings: Settings) -> dict[str, int]:
    return {
        t: db.rows(settings, f"SELECT COUNT(*) FROM {t}")[0][0]  # noqa: S608 (the catalogue's)
        for t in db.table_names(settings)
    }


async def test_browsing_a_hundred_times_writes_nothing_to_disk(
    tmp_path: Path, settings: Settings, content: Content
) -> None:
    before_content = tree_digest(CONTENT_DIR)
    harness, errors = await make_harness(settings, content)

    async with offline(harness.app):
        before_files = tree_digest(tmp_path)
        before_rows = row_counts(settings)
        for _ in range(10):
            await browse_everything(harness)  # 10 read-only updates each
        await harness.send("/start offer")
        await harness.send("/help")
        after_files = tree_digest(tmp_path)
        after_rows = row_counts(settings)

    assert len([c for c in harness.api.calls if c.method == "answerCallbackQuery"]) >= 80
    assert "items" in before_rows
    assert after_rows == before_rows
    assert after_files == before_files
    assert tree_digest(CONTENT_DIR) == before_content
    assert harness.app.persistence is None
    assert errors == []


async def test_no_forwarding_and_no_peeking_at_the_child(bot: Harness) -> None:
    await browse_everything(bot)
    await bot.send("hello")
    for kind in ("photo", "contact", "location"):
        await bot.feed(bot.updates.media(kind))

    methods = {c.method for c in bot.api.calls}
    assert not methods & {"forwardMessage", "copyMessage", "getChat", "getChatMember", "getFile"}
    person = bot.updates.person
    for call in bot.api.messages():
        assert person.first_name not in call.text
        assert person.username not in call.text
