"""The store's record of how quickly young people were heard: the day a message was first read,
and how long an urgent one waited for a decision, counted by ticks so that no time of day is
ever stored against a message (P-05). Several processes share the one clock; downtime counts."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain import Audience, ItemKind, ItemStatus, NewItem
from bot.store import MIGRATIONS, Store
from bot.store.pg import PgStore
from tests.db import Database, rows

# The same store on SQLite and on PostgreSQL (issue 17): every test that opens its database
# through the `database` fixture runs on both; the upgrades from schema 8 are SQLite's alone.
pytestmark = pytest.mark.both_stores

TODAY = date(2026, 11, 23)
# A database as schema 8 had it (before the report's timing, counts by day and indexes).
AS_SCHEMA_8 = (
    "DROP TRIGGER items_day_counted; DROP TRIGGER items_day_uncounted; "
    "DROP TRIGGER items_day_recounted; DROP TABLE item_counts; "
    "DROP INDEX items_heard; DROP INDEX items_marked; DROP INDEX items_approved; "
    "ALTER TABLE items DROP COLUMN read_on; ALTER TABLE items DROP COLUMN waited; "
    "ALTER TABLE outbox DROP COLUMN claimed_by; ALTER TABLE outbox DROP COLUMN claimed_until; "
    "DROP TABLE item_ids; ALTER TABLE reminder_sends DROP COLUMN claimed_until; "
    "PRAGMA user_version = 8;"
)
NOON = datetime(2026, 11, 23, 12, tzinfo=UTC)


async def add(store: Store, text: str, *, urgent: bool) -> int:
    return await store.add_item(
        NewItem(ItemKind.FEEDBACK, Audience.IN_CARE, text, urgent=urgent),
        receipt_hash=text.encode(),
        dedupe_key=None,
        created_on=TODAY,
        expires_on=TODAY + timedelta(days=365),
    )


@pytest.fixture
def database(store_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Database:
    if store_backend == "postgresql":
        return Database(Path(":memory:"), request.getfixturevalue("pg_url"))
    return Database(tmp_path / "db.sqlite3")


async def open_on(database: Database) -> Store:
    """A store on the test's database (a process of the bot; several may share it)."""
    if database.url is None:
        return await Store.open(database.path)
    return await PgStore.open_url(database.url)


def waited(database: Database, item_id: int) -> int | None:
    ((value,),) = rows(database, "SELECT waited FROM items WHERE id = ?", (item_id,))
    return None if value is None else int(value)


async def test_only_urgent_messages_wait_and_ticks_add_the_time_between_them(
    database: Database,
) -> None:
    store = await open_on(database)
    try:
        calm = await add(store, "the food is boring", urgent=False)
        await store.tick_waits(NOON)  # the first tick only starts the clock
        worried = await add(store, "not safe", urgent=True)
        for minutes in (1, 2, 3, 30):
            await store.tick_waits(NOON + timedelta(minutes=minutes))
        assert waited(database, worried) == 30 * 60
        assert waited(database, calm) is None

        await store.decide(
            worried,
            ItemStatus.REFERRED,
            on_day=TODAY,
            actor="Sam",
            now=NOON + timedelta(minutes=45),
        )
        await store.tick_waits(NOON + timedelta(hours=5))  # decided: no longer waiting
        assert waited(database, worried) == 45 * 60
    finally:
        await store.close()


async def test_a_tick_after_downtime_adds_the_whole_gap_and_a_late_clock_adds_nothing(
    database: Database,
) -> None:
    store = await open_on(database)
    try:
        await store.tick_waits(NOON)
        worried = await add(store, "not safe", urgent=True)
        await store.tick_waits(NOON + timedelta(seconds=30.7))
        await store.tick_waits(NOON + timedelta(seconds=30.2))  # a clock stepping back
    finally:
        await store.close()
    # The process was down for three hours; the next start's first tick counts them.
    store = await open_on(database)
    try:
        await store.tick_waits(NOON + timedelta(hours=3, seconds=0.7))
        assert waited(database, worried) == 3 * 3600
        for step in range(1, 11):  # ticks 0.6 s apart: the part seconds are carried, not lost
            await store.tick_waits(NOON + timedelta(hours=3, seconds=0.7 + 0.6 * step))
        assert waited(database, worried) == 3 * 3600 + 6
    finally:
        await store.close()


async def test_two_processes_ticking_share_one_clock_and_never_count_twice(
    database: Database,
) -> None:
    one, two = await open_on(database), await open_on(database)
    try:
        await one.tick_waits(NOON)
        worried = await add(one, "not safe", urgent=True)
        for minute in range(1, 11):
            process = one if minute % 2 else two
            await process.tick_waits(NOON + timedelta(minutes=minute))
            await (two if process is one else one).tick_waits(NOON + timedelta(minutes=minute))
        assert waited(database, worried) == 10 * 60
    finally:
        await one.close()
        await two.close()


async def test_no_time_of_day_is_stored_against_any_message(database: Database) -> None:
    store = await open_on(database)
    try:
        await store.tick_waits(NOON)
        worried = await add(store, "not safe", urgent=True)
        await store.acknowledge(worried, on_day=TODAY, actor="Sam")
        await store.decide(
            worried,
            ItemStatus.REFERRED,
            on_day=TODAY,
            actor="Sam",
            now=NOON + timedelta(minutes=7),
        )
    finally:
        await store.close()
    (row,) = rows(database, "SELECT * FROM items WHERE id = ?", (worried,))
    clock = rows(database, "SELECT value FROM meta WHERE key = 'wait_clock'")
    texts = [value for value in row if isinstance(value, str)]
    assert not any("T" in value and ":" in value for value in texts)  # days only
    assert TODAY.isoformat() in texts  # created_on and read_on: the day
    assert clock != []  # the one moment kept: the clock's, against no message


async def test_read_on_is_the_first_day_a_message_was_read_or_decided(database: Database) -> None:
    store = await open_on(database)
    try:
        first = await add(store, "one", urgent=False)
        second = await add(store, "two", urgent=False)
        await store.acknowledge(first, on_day=TODAY, actor="Sam")
        await store.decide(
            first, ItemStatus.FOR_BOARD, on_day=TODAY + timedelta(days=3), actor="Sam"
        )
        await store.decide(
            second, ItemStatus.NO_ACTION, on_day=TODAY + timedelta(days=2), actor="Sam"
        )
        rows = {r.read_on for r in await store.heard_rows(TODAY, TODAY)}
    finally:
        await store.close()
    assert rows == {TODAY, TODAY + timedelta(days=2)}


async def test_a_database_from_before_gains_the_day_each_message_was_first_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "db.sqlite3"
    store = await Store.open(path)
    try:
        read = await add(store, "read", urgent=False)
        await add(store, "unread", urgent=False)
        await store.acknowledge(read, on_day=TODAY + timedelta(days=1), actor="Sam")
    finally:
        await store.close()
    with closing(sqlite3.connect(path)) as db:  # as a schema-8 database had it
        db.executescript(AS_SCHEMA_8)

    store = await Store.open(path)
    try:
        assert await store.pragma("user_version") == len(MIGRATIONS)
        rows = sorted(
            (r.read_on or date.min, r.count) for r in await store.heard_rows(TODAY, TODAY)
        )
    finally:
        await store.close()
    assert rows == [(date.min, 1), (TODAY + timedelta(days=1), 1)]


def real_day_counts(where: Database | Path) -> list[tuple[object, ...]]:
    # PostgreSQL keeps each count in shards (processes storing at once): summed, as read.
    kept = rows(
        where,
        "SELECT day, kind, audience, on_behalf, urgent, theme, SUM(n) FROM item_counts "
        "GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(n) > 0 ORDER BY 1, 2, 3, 4, 5, 6",
    )
    real = rows(
        where,
        "SELECT created_on, kind, audience, on_behalf, urgent, COALESCE(theme, ''), "
        "COUNT(*) FROM items GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6",
    )
    assert kept == real
    return kept


async def test_the_reports_counts_by_day_follow_every_change(database: Database) -> None:
    store = await open_on(database)
    try:
        ids = [await add(store, f"point {n}", urgent=n == 0) for n in range(6)]
        assert sum(int(str(r[-1])) for r in real_day_counts(database)) == 6
        await store.set_theme(ids[1], "money", on_day=TODAY, actor="Sam")
        await store.set_theme(ids[2], "money", on_day=TODAY, actor="Sam")
        real_day_counts(database)
        assert await store.delete_item(ids[0], on_day=TODAY, actor="Sam")  # the urgent one
        # No trace of it: not even a zero.
        assert rows(database, "SELECT COUNT(*) FROM item_counts WHERE urgent = 1") == [(0,)]
        await store.purge_expired(TODAY + timedelta(days=400))  # the rest expire
        assert real_day_counts(database) == []
        assert await store.count_items(TODAY, TODAY) == []
        assert rows(database, "SELECT COUNT(*) FROM item_counts") == [(0,)]
    finally:
        await store.close()


async def test_the_counts_by_day_are_built_for_a_database_from_before(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await Store.open(path)
    try:
        for n in range(4):
            await add(store, f"point {n}", urgent=False)
    finally:
        await store.close()
    with closing(sqlite3.connect(path)) as db:
        db.executescript(AS_SCHEMA_8)
    store = await Store.open(path)
    try:
        assert [r.count for r in await store.count_items(TODAY, TODAY)] == [4]
    finally:
        await store.close()
    real_day_counts(path)


async def test_a_clock_stepped_back_counts_again_from_the_new_time(database: Database) -> None:
    """A clock that was three hours fast and is put right must not freeze the count (every
    wait would read as 0 and every decision as within the hour)."""
    store = await open_on(database)
    try:
        await store.tick_waits(NOON + timedelta(hours=3))
        worried = await add(store, "not safe", urgent=True)
        for minutes in range(0, 171, 10):
            await store.tick_waits(NOON + timedelta(minutes=minutes))
        assert waited(database, worried) == 170 * 60
    finally:
        await store.close()
