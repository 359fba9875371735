"""Indexes and plans (issue 13): no query on a hot path reads every item. Each statement the store
runs for /queue, /status, the outbox, re-alerts and the report is traced and its
EXPLAIN QUERY PLAN read back; a full scan of items fails the test. /queue's counts by status are
kept by triggers and always equal a real count."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.domain import ItemStatus
from bot.store import Store

STATUSES = [s.value for s in ItemStatus]
# Partial indexes hold only the rows the query wants: walking one is not reading every item.
PARTIAL = {"items_queue", "items_unread_urgent"}
FIRST, LAST = date(2026, 7, 1), date(2026, 9, 30)


def fill(path: Path, count: int, *, analyze: bool = True) -> None:
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO items (kind, audience, text, status, urgent, created_on, expires_on, "
            "receipt_hash, contact, acknowledged) VALUES ('feedback', 'in_care', 'x', ?, ?, ?, "
            "'2027-12-01', ?, ?, ?)",
            [
                (
                    STATUSES[i % len(STATUSES)],
                    int(i % 50 == 0),
                    f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    i.to_bytes(8, "big"),
                    "requested" if i % 300 == 0 else None,
                    int(i % 100 == 0),
                )
                for i in range(count)
            ],
        )
        if analyze:
            db.execute("ANALYZE")


@pytest.fixture
async def filled(tmp_path: Path) -> AsyncIterator[tuple[Store, Path]]:
    path = tmp_path / "plans.sqlite3"
    await (await Store.open(path)).close()  # the schema, with every migration
    fill(path, 3000)
    store = await Store.open(path)
    yield store, path
    await store.close()


async def hot_path_statements(store: Store) -> list[str]:
    traced: list[str] = []
    await store._db.set_trace_callback(traced.append)
    try:
        await store.count_by_status()  # /queue
        await store.count_open_urgent()
        await store.count_open_contacts()
        await store.next_open_item(0)
        await store.next_open_item(1500)
        await store.list_open()  # the console's queue
        await store.get_item_by_receipt((7).to_bytes(8, "big"))  # /status and /delete
        await store.list_actions(item_id=7)
        await store.get_item(5)  # the outbox worker
        await store.list_unacknowledged_urgent()  # re-alerts
        await store.count_items(FIRST, LAST)  # the report
        await store.heard_rows(FIRST, LAST)
        await store.approved_quotes(FIRST, LAST, 3)
        await store.count_screen_marks(FIRST, LAST)
        await store.answered_questions(FIRST, LAST)
        await store.words_behind_actions()
        for minute in (1, 2):  # every minute: the urgent messages' wait
            await store.tick_waits(datetime(2026, 11, 30, 12, minute, tzinfo=UTC))
        await store.list_approved(FIRST, LAST)  # the export
    finally:
        await store._db.set_trace_callback(None)  # type: ignore[arg-type] # None stops tracing
    return [
        s for s in dict.fromkeys(traced) if s.lstrip().upper().startswith(("SELECT", "UPDATE"))
    ]


def full_scans(path: Path, sql: str) -> list[str]:
    with sqlite3.connect(path) as db:
        steps = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]
    scans = []
    for step in steps:
        scan = re.match(r"SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?", step)
        if scan and scan.group(1) == "items" and scan.group(2) not in PARTIAL:
            scans.append(f"{step}: {sql[:80]}")
    return scans


async def test_no_hot_path_query_reads_every_item(filled: tuple[Store, Path]) -> None:
    store, path = filled

    statements = await hot_path_statements(store)

    assert len(statements) >= 10
    assert [scan for sql in statements for scan in full_scans(path, sql)] == []


def plan_of(path: Path, sql: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]


async def test_the_queue_walks_its_index_on_a_database_that_grew_after_its_migrations(
    tmp_path: Path,
) -> None:
    # Items arrive after the last migration's ANALYZE (of empty tables): with no statistics the
    # planner fetched every open item through two indexes and sorted them (0.1 s at 1M items).
    path = tmp_path / "grown.sqlite3"
    await (await Store.open(path)).close()
    fill(path, 3000, analyze=False)

    store = await Store.open(path)  # a restart
    try:
        statements = await hot_path_statements(store)
    finally:
        await store.close()

    queue = [sql for sql in statements if "ORDER BY (CASE WHEN urgent" in sql]
    assert len(queue) >= 2  # the next item, and the console's list
    for sql in queue:
        plan = plan_of(path, sql)
        assert any("items_queue" in step for step in plan), plan
        assert not any("TEMP B-TREE" in step for step in plan), plan


def analysed_items(path: Path) -> int:
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'items' AND idx = 'items_open'"
        ).fetchone()
    return int(row[0].split()[0]) if row else 0


def add_items(path: Path, count: int, first: int) -> None:
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO items (kind, audience, text, created_on, expires_on, receipt_hash) "
            "VALUES ('feedback', 'in_care', 'x', '2026-07-01', '2027-12-01', ?)",
            [(i.to_bytes(8, "big"),) for i in range(first, first + count)],
        )


async def test_statistics_are_refreshed_at_start_only_when_the_items_doubled(
    tmp_path: Path,
) -> None:
    path = tmp_path / "growing.sqlite3"
    await (await Store.open(path)).close()
    add_items(path, 1000, 0)
    await (await Store.open(path)).close()
    assert analysed_items(path) == 1000  # none before: analysed at this start

    add_items(path, 900, 1000)
    await (await Store.open(path)).close()
    assert analysed_items(path) == 1000  # not doubled: start-up skips the full ANALYZE

    add_items(path, 200, 1900)
    await (await Store.open(path)).close()
    assert analysed_items(path) == 2100


async def test_the_plan_check_catches_a_full_scan(filled: tuple[Store, Path]) -> None:
    _, path = filled

    assert full_scans(path, "SELECT COUNT(*) FROM items WHERE text = 'x'")
    assert full_scans(path, "SELECT status, COUNT(*) FROM items GROUP BY status")
    assert not full_scans(path, "SELECT id FROM items WHERE urgent = 1 AND acknowledged = 0")


def real_counts(path: Path) -> dict[ItemStatus, int]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT status, COUNT(*) FROM items GROUP BY status").fetchall()
    return {ItemStatus(status): count for status, count in rows}


async def test_counts_by_status_follow_every_change(filled: tuple[Store, Path]) -> None:
    store, path = filled
    assert await store.count_by_status() == real_counts(path)

    opened = await store.next_open_item(0)
    assert opened is not None
    await store.decide(opened.id, ItemStatus.FOR_BOARD, on_day=FIRST, actor="t")
    await store.delete_item(2, on_day=FIRST, actor="t")
    await store.purge_expired(date(2028, 1, 1))  # everything but referred items expires

    assert await store.count_by_status() == real_counts(path)
    assert set(await store.count_by_status()) == {ItemStatus.REFERRED}


async def test_counts_by_status_are_built_for_a_database_from_before(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    await (await Store.open(path)).close()
    fill(path, 40)
    with sqlite3.connect(path) as db:  # as a schema-4 database had it: no counts kept
        db.executescript(
            "DROP INDEX items_heard; DROP INDEX items_marked; DROP TABLE item_counts; "
            "DROP TRIGGER items_day_counted; DROP TRIGGER items_day_uncounted; "
            "DROP TRIGGER items_day_recounted; "
            "DROP INDEX items_approved; ALTER TABLE items DROP COLUMN read_on; "
            "ALTER TABLE items DROP COLUMN waited; "
            "DROP TRIGGER items_counted; DROP TRIGGER items_uncounted; "
            "DROP TRIGGER items_recounted; DROP TABLE status_counts; "
            "DROP INDEX items_queue; DROP INDEX items_unread_urgent; DROP INDEX items_created; "
            "DROP INDEX action_items_item; ALTER TABLE outbox DROP COLUMN reply_id; "
            "DROP TABLE replies; DROP TABLE officer_accounts; "
            "ALTER TABLE outbox DROP COLUMN claimed_by; "
            "ALTER TABLE outbox DROP COLUMN claimed_until; DROP TABLE item_ids; "
            "ALTER TABLE reminder_sends DROP COLUMN claimed_until; "
            "PRAGMA user_version = 4;"
        )

    store = await Store.open(path)
    try:
        assert await store.count_by_status() == real_counts(path)
        assert sum((await store.count_by_status()).values()) == 40
    finally:
        await store.close()
