"""Councils as tenants of one PostgreSQL database (issue 17): a council's store, and so its
officers, can never read, decide, count or report another council's items, even with forged
ids; the database's row-level security refuses another council's rows to the bot's own role
even when a query forgets to ask (the store is the first wall, the database the second)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import date, timedelta

import psycopg
import pytest

from bot.app import offline
from bot.config import Settings
from bot.content import Content
from bot.domain import Audience, ItemKind, ItemStatus, NewItem
from bot.store.pg import PgStore
from tests.conftest import make_harness
from tests.officers import officer_side, plain
from tests.test_feedback import code_in, submit

TODAY = date(2026, 11, 22)


async def add(store: PgStore, text: str, dedupe_key: int | None = None) -> int:
    return await store.add_item(
        NewItem(kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text=text, theme="home"),
        receipt_hash=hashlib.sha256(f"{store.council}{text}".encode()).digest(),
        dedupe_key=dedupe_key,
        created_on=TODAY,
        expires_on=TODAY + timedelta(days=365),
    )


@pytest.fixture
async def councils(pg_url: str) -> AsyncIterator[tuple[PgStore, PgStore]]:
    derby = await PgStore.open_url(pg_url, council="derby")
    notts = await PgStore.open_url(pg_url, council="notts")
    yield derby, notts
    await derby.close()
    await notts.close()


async def test_a_council_never_reads_or_changes_another_councils_items_by_forged_id(
    councils: tuple[PgStore, PgStore],
) -> None:
    derby, notts = councils
    theirs = await add(notts, "Nottingham's secret words")
    ours = await add(derby, "Derby's words")

    assert await derby.get_item(theirs) is None
    assert not await derby.decide(theirs, ItemStatus.FOR_BOARD, on_day=TODAY, actor="o")
    await derby.acknowledge(theirs, on_day=TODAY, actor="o")
    await derby.set_theme(theirs, "money", on_day=TODAY, actor="o")
    await derby.set_board_text(theirs, "rewritten", on_day=TODAY, actor="o")
    assert not await derby.delete_item(theirs, on_day=TODAY, actor="o")
    assert not await derby.append_text(theirs, "more", max_length=1000)

    untouched = await notts.get_item(theirs)
    assert untouched is not None
    assert (untouched.status, untouched.acknowledged, untouched.theme) == (
        ItemStatus.RECEIVED,
        False,
        "home",
    )
    assert untouched.board_text is None
    assert untouched.text == "Nottingham's secret words"
    found = await derby.get_item(ours)
    assert found is not None
    assert found.text == "Derby's words"


async def test_counts_queues_reports_and_alerts_are_each_councils_own(
    councils: tuple[PgStore, PgStore],
) -> None:
    derby, notts = councils
    for n in range(3):
        await add(notts, f"notts {n}", dedupe_key=n)
    await add(derby, "derby 0", dedupe_key=0)  # the same keyed hash in another council is new

    assert await derby.count_by_status() == {ItemStatus.RECEIVED: 1}
    assert await notts.count_by_status() == {ItemStatus.RECEIVED: 3}
    assert [r.count for r in await derby.count_items(TODAY, TODAY)] == [1]
    assert [r.count for r in await notts.count_items(TODAY, TODAY)] == [3]
    assert len(await derby.list_pending_outbox()) == 1
    first = await derby.next_open_item()
    assert first is not None
    assert first.text == "derby 0"
    assert await derby.next_open_item(first.id) is None
    assert await derby.get_or_create_secret("receipt_key") != await notts.get_or_create_secret(
        "receipt_key"
    )
    # Each council's background work has its own leader.
    assert await derby.leads()
    assert await notts.leads()


async def test_the_database_refuses_another_councils_rows_to_the_bots_role(
    councils: tuple[PgStore, PgStore], pg_url: str
) -> None:
    derby, notts = councils
    theirs = await add(notts, "notts words")
    await add(derby, "derby words")

    with psycopg.connect(pg_url, autocommit=True) as db:
        # A query that forgets the council entirely, as the bot's own role.
        assert db.execute("SELECT COUNT(*) FROM items").fetchone() == (0,)
        db.execute("SELECT set_config('hys.council', 'derby', false)")
        assert db.execute("SELECT text FROM items").fetchall() == [("derby words",)]
        assert db.execute("SELECT COUNT(*) FROM outbox").fetchone() == (1,)
        assert db.execute("DELETE FROM items WHERE id = %s", (theirs,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("UPDATE items SET council = 'notts'")  # moving rows over the wall
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("INSERT INTO meta (council, key, value) VALUES ('notts', 'planted', 'x')")
    assert await notts.get_meta("planted") is None
    assert (await notts.get_item(theirs)) is not None


async def test_an_officer_of_one_council_cannot_view_another_councils_message(
    pg_url: str, settings: Settings, content: Content
) -> None:
    """Two councils' bots on one database: a young person tells Nottingham; Derby's officer
    forges the item's number and is told there is no such item."""
    url = Settings(database_url=pg_url).database_url
    notts_bot, _ = await make_harness(
        settings.model_copy(update={"database_url": url, "council": "notts"}), content
    )
    derby_bot, _ = await make_harness(
        settings.model_copy(update={"database_url": url, "council": "derby"}), content
    )
    async with offline(notts_bot.app), offline(derby_bot.app):
        code_in(await submit(notts_bot, "My placement is not safe at night"))
        officer = officer_side(derby_bot)

        viewed = await officer.send("/view 1")
        pressed = await officer.press_data("op:view:1")

        assert "There is no item #1" in plain(viewed)
        assert "placement" not in plain(pressed)
        notts_item = await notts_bot.app.bot_data["services"].store.get_item(1)
        assert notts_item is not None
        assert notts_item.status is ItemStatus.RECEIVED
