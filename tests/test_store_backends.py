"""The same store on both databases: SQLite (the default) and PostgreSQL (HYS_DATABASE_URL),
each a real server or file. Every test here runs on both and must behave the same: one
transaction for item + alert + processed update (F-02), parameterised SQL (I-04), physical
deletion with its counts (R-02), expiry (R-01), the counters the triggers keep."""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.domain import (
    ActionStatus,
    Audience,
    DuplicateUpdate,
    ItemKind,
    ItemStatus,
    NewItem,
    OptInKind,
    Role,
    StoreUnavailable,
)
from bot.store import Store
from bot.store.pg import PgStore
from tests.db import write_lock_held

TODAY = date(2026, 11, 22)
_COUNTED = "SELECT theme, urgent, SUM(n) FROM item_counts GROUP BY 1, 2 HAVING SUM(n) > 0"
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


async def open_backend(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path, *, busy_timeout_ms: int = 5000
) -> Store:
    if kind == "sqlite":
        return await Store.open(tmp_path / "db.sqlite3", busy_timeout_ms=busy_timeout_ms)
    return await PgStore.open_url(
        request.getfixturevalue("pg_url"), busy_timeout_ms=busy_timeout_ms
    )


@pytest.fixture(params=["sqlite", "postgresql"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    opened = await open_backend(request.param, request, tmp_path)
    yield opened
    await opened.close()


async def rows(store: Store, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in await store._read(sql, params)]


async def add(
    store: Store,
    text: str = "The food is boring",
    *,
    dedupe_key: int | None = None,
    urgent: bool = False,
    theme: str | None = "home",
    receipt: bytes | None = None,
    expires_on: date = TODAY + timedelta(days=365),
) -> int:
    new = NewItem(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text=text, urgent=urgent, theme=theme
    )
    return await store.add_item(
        new,
        receipt_hash=receipt or hashlib.sha256(text.encode()).digest(),
        dedupe_key=dedupe_key,
        created_on=TODAY,
        expires_on=expires_on,
    )


async def test_an_item_its_alert_and_its_update_are_written_together_once(store: Store) -> None:
    item_id = await add(store, dedupe_key=2**62 + 7)  # a 64-bit keyed hash fits

    assert await rows(store, "SELECT item_id, kind, urgent FROM outbox") == [
        (item_id, "new_item", 0)
    ]
    assert await rows(store, "SELECT update_id FROM processed_updates") == [(2**62 + 7,)]
    with pytest.raises(DuplicateUpdate):
        await add(store, "the same Send again", dedupe_key=2**62 + 7)
    assert await rows(store, "SELECT COUNT(*) FROM items") == [(1,)]
    assert await rows(store, "SELECT COUNT(*) FROM outbox") == [(1,)]


async def test_a_failure_inside_the_transaction_leaves_nothing_behind(store: Store) -> None:
    await add(store, "first", receipt=b"r" * 32)

    # A receipt code that collides (the intake then takes the next code): the update row
    # written before it in the same transaction must go too.
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError, match="receipt_hash"):
        await add(store, "second", receipt=b"r" * 32, dedupe_key=11)

    assert await rows(store, "SELECT COUNT(*) FROM processed_updates") == [(0,)]
    assert await rows(store, "SELECT COUNT(*) FROM items") == [(1,)]

    def half(db: Any) -> None:
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ("half", b"x"))
        raise RuntimeError("injected")

    with pytest.raises(RuntimeError, match="injected"):
        await store._transact(half)
    assert await store.get_meta("half") is None
    await add(store, "the store still works after a rollback", dedupe_key=12)


@pytest.mark.parametrize(
    "text",
    [
        "'); DROP TABLE items;--",
        "100% sure? yes ?? %s %(x)s %% ?1 :name $1",
        "emoji 🙂 and Welsh ŵ ŷ and Arabic مرحبا",
        "a\x00hidden\x00nul",
    ],
)
async def test_any_text_is_stored_and_read_back_exactly(store: Store, text: str) -> None:
    item_id = await add(store, text)

    stored = await store.get_item(item_id)

    assert stored is not None
    # PostgreSQL's text cannot hold NUL: it becomes U+FFFD there, never a lost message.
    expected = text if isinstance(store, PgStore) is False else text.replace("\x00", "\ufffd")
    assert stored.text == expected
    assert await rows(store, "SELECT COUNT(*) FROM items") == [(1,)]


async def test_deleting_an_item_takes_everything_of_it_and_its_counts(store: Store) -> None:
    keep = await add(store, "another day", theme="money")
    gone = await add(store, "a question about my room")
    await store.add_opt_in(
        OptInKind.ANSWER, chat_id=99, item_id=gone, created_on=TODAY, expires_on=TODAY
    )
    await store.add_reply(gone, "we are looking into it", from_team=True, on_day=TODAY, push=True)

    assert await store.delete_item(gone, on_day=TODAY, actor="young_person")

    for table in ("outbox", "opt_ins", "replies"):
        count = f"SELECT COUNT(*) FROM {table} WHERE item_id = ?"  # noqa: S608 -- our names
        assert await rows(store, count, (gone,)) == [(0,)], table
    assert await rows(store, "SELECT actor, action, item_id, detail FROM audit_log") == [
        ("young_person", "deleted", gone, "")
    ]
    assert await store.count_by_status() == {ItemStatus.RECEIVED: 1}
    assert await rows(store, "SELECT day, theme, SUM(n) FROM item_counts GROUP BY 1, 2") == [
        (TODAY.isoformat(), "money", 1)
    ]
    assert await store.get_item(keep) is not None
    assert not await store.delete_item(gone, on_day=TODAY, actor="young_person")


async def test_counts_follow_items_through_their_decisions(store: Store) -> None:
    first = await add(store, "one")
    second = await add(store, "two", urgent=True)
    await add(store, "three")

    await store.acknowledge(first, on_day=TODAY, actor="officer")
    assert await store.decide(second, ItemStatus.NO_ACTION, on_day=TODAY, actor="o", now=NOW)
    assert not await store.decide(second, ItemStatus.FOR_BOARD, on_day=TODAY, actor="o")
    await store.set_theme(first, "money", on_day=TODAY, actor="officer")

    assert await store.count_by_status() == {
        ItemStatus.RECEIVED: 1,
        ItemStatus.READ: 1,
        ItemStatus.NO_ACTION: 1,
    }
    assert sorted(await rows(store, _COUNTED)) == [
        ("home", 0, 1),
        ("home", 1, 1),
        ("money", 0, 1),
    ]
    assert await store.count_open_urgent() == 0


async def test_the_reading_queue_puts_urgent_first_then_oldest(store: Store) -> None:
    ordinary = await add(store, "ordinary")
    urgent = await add(store, "urgent", urgent=True)
    later = await add(store, "later")

    order = []
    after = 0
    while (found := await store.next_open_item(after)) is not None:
        order.append(found.id)
        after = found.id
    assert order == [urgent, ordinary, later]


async def test_more_words_join_an_open_urgent_message_up_to_its_limit(store: Store) -> None:
    item_id = await add(store, "help", urgent=True)

    assert await store.append_text(item_id, "please", max_length=100)
    assert not await store.append_text(item_id, "x" * 200, max_length=100)

    stored = await store.get_item(item_id)
    assert stored is not None
    assert stored.text == "help\n\nplease"


async def test_items_and_opt_ins_expire_on_their_own_schedules(store: Store) -> None:
    item_id = await add(store)
    await store.add_opt_in(
        OptInKind.CONTACT,
        chat_id=99,
        item_id=item_id,
        created_on=TODAY,
        expires_on=TODAY + timedelta(days=30),
    )

    assert await store.purge_expired(TODAY + timedelta(days=30)) == (0, 0)
    assert await store.purge_expired(TODAY + timedelta(days=31)) == (0, 1)
    assert await store.purge_expired(TODAY + timedelta(days=366)) == (1, 0)
    assert await store.get_item(item_id) is None
    assert await store.count_by_status() == {}


async def test_an_opt_in_needs_a_chat_or_a_way_to_contact(store: Store) -> None:
    import sqlite3

    item_id = await add(store)
    with pytest.raises(sqlite3.IntegrityError):
        await store.add_opt_in(
            OptInKind.CONTACT, chat_id=None, item_id=item_id, created_on=TODAY, expires_on=TODAY
        )
    assert await store.count_opt_ins(99) == 0


async def test_a_team_reply_pushed_to_a_chat_names_that_reply(store: Store) -> None:
    item_id = await add(store)
    await store.add_reply(item_id, "first", from_team=True, on_day=TODAY)
    await store.add_reply(item_id, "second", from_team=True, on_day=TODAY, push=True)

    ((reply_id,),) = await rows(store, "SELECT reply_id FROM outbox WHERE kind = 'team_reply'")
    assert await store.reply_text(int(reply_id)) == "second"
    assert [r.text for r in await store.list_replies(item_id)] == ["first", "second"]


async def test_officer_names_are_one_account_whatever_their_case(store: Store) -> None:
    expires = NOW + timedelta(days=1)
    assert await store.add_account("Sam Jones", Role.OFFICER, b"a", expires, on_day=TODAY)
    assert not await store.add_account("sam JONES", Role.ADMIN, b"b", expires, on_day=TODAY)

    found = await store.account_named("SAM jones")
    assert found is not None
    assert found.name == "Sam Jones"
    assert [a.name for a in await store.list_accounts()] == ["Sam Jones"]


async def test_actions_keep_the_messages_they_answer(store: Store) -> None:
    one, two = await add(store, "one"), await add(store, "two")

    action = await store.add_action(
        "home", "New wifi", ActionStatus.PLANNED, [one, two, one], on_day=TODAY, actor="o"
    )
    assert await store.set_action_status(action, ActionStatus.DONE, on_day=TODAY, actor="o")

    (listed,) = await store.list_actions()
    assert (listed.id, listed.status, listed.item_ids) == (action, ActionStatus.DONE, (one, two))
    assert [a.id for a in await store.list_actions(item_id=two)] == [action]


async def test_the_audit_log_filters_by_actor_and_action(store: Store) -> None:
    item_id = await add(store)
    await store.acknowledge(item_id, on_day=TODAY, actor="sam")
    await store.set_theme(item_id, "money", on_day=TODAY, actor="alex")

    everything = await store.list_audit(TODAY, TODAY)
    only_sam = await store.list_audit(TODAY, TODAY, actor="sam")
    themed = await store.list_audit(TODAY, TODAY, action="themed")

    assert [e[1] for e in everything] == ["alex", "sam"]
    assert [(e[1], e[2]) for e in only_sam] == [("sam", "viewed")]
    assert [(e[1], e[4]) for e in themed] == [("alex", "money")]


async def test_meta_values_and_the_receipt_key_are_kept(store: Store) -> None:
    key = await store.get_or_create_secret("receipt_key")
    await store.set_meta("officer_chat_migrated", "1:2")
    await store.set_meta("officer_chat_migrated", "1:3")

    assert len(key) == 32
    assert await store.get_or_create_secret("receipt_key") == key
    assert await store.get_meta("officer_chat_migrated") == "1:3"


async def test_two_processes_ticking_share_one_wait_clock(
    request: pytest.FixtureRequest, tmp_path: Path, store: Store
) -> None:
    """Two stores on one database (as two processes would be): the waits they add never
    overlap, however their ticks interleave."""
    other = (
        await PgStore.open_url(store._url)
        if isinstance(store, PgStore)
        else await Store.open(tmp_path / "db.sqlite3")
    )
    try:
        item_id = await add(store, "help", urgent=True)
        await store.tick_waits(NOW)
        # Ticks reach the database in any order (each process read its clock before it
        # waited for the lock), a few minutes apart at most.
        ticks = [NOW + timedelta(seconds=s) for s in range(10, 290, 10)]
        random.Random(5).shuffle(ticks)
        await asyncio.gather(
            *((store if n % 2 else other).tick_waits(moment) for n, moment in enumerate(ticks))
        )
        (waited,) = await rows(store, "SELECT waited FROM items WHERE id = ?", (item_id,))
        assert waited[0] <= 280  # never more than the time that passed
        await other.tick_waits(NOW + timedelta(seconds=300))
        (waited,) = await rows(store, "SELECT waited FROM items WHERE id = ?", (item_id,))
        assert waited[0] == 300
    finally:
        await other.close()


async def test_the_schema_is_at_the_latest_migration(store: Store) -> None:
    from bot.store.migrations import MIGRATIONS
    from bot.store.pg_schema import PG_MIGRATIONS

    assert len(PG_MIGRATIONS) == len(MIGRATIONS)
    assert await store.schema_version() == len(MIGRATIONS)


async def test_messages_stored_at_the_same_moment_are_all_counted(
    store: Store, tmp_path: Path
) -> None:
    """Processes storing at once (on PostgreSQL they do not wait for each other's commit):
    every message is stored once and every count adds up."""
    other = (
        await PgStore.open_url(store._url)
        if isinstance(store, PgStore)
        else await Store.open(tmp_path / "db.sqlite3")
    )
    try:
        await asyncio.gather(
            *(
                add(store if n % 2 else other, f"message {n}", dedupe_key=n, urgent=n % 3 == 0)
                for n in range(60)
            )
        )
        assert await store.count_by_status() == {ItemStatus.RECEIVED: 60}
        assert sorted(await rows(store, _COUNTED)) == [("home", 0, 40), ("home", 1, 20)]
        assert await rows(store, "SELECT COUNT(*) FROM outbox") == [(60,)]
    finally:
        await other.close()


async def test_an_outbox_row_is_claimed_by_one_deliverer_until_its_lease_ends(
    store: Store,
) -> None:
    urgent, ordinary = await add(store, "help", urgent=True), await add(store, "food")
    t = NOW.timestamp()

    first = await store.claim_outbox("a", t, lease=60)
    assert [(r.item_id, r.urgent) for r in first] == [(urgent, True), (ordinary, False)]
    assert await store.claim_outbox("b", t + 1, lease=60) == []  # claimed by another
    assert [r.id for r in await store.claim_outbox("a", t + 2, lease=60)] == [
        r.id for r in first
    ]  # its own again, and the lease renewed to t + 62
    assert await store.claim_outbox("b", t + 61, lease=60) == []
    taken = await store.claim_outbox("b", t + 62, lease=60)  # the lease ran out
    assert [r.id for r in taken] == [r.id for r in first]

    await store.release_outbox("b")  # b stops: a new row and the released ones are free
    newer = await add(store, "wifi")
    again = await store.claim_outbox("c", t + 63, lease=60)
    assert [r.item_id for r in again] == [urgent, ordinary, newer]
    await store.mark_delivered([again[0].id])
    assert [r.item_id for r in await store.claim_outbox("c", t + 64)] == [ordinary, newer]


@pytest.mark.parametrize("store_kind", ["sqlite", "postgresql"])
async def test_deliverers_claiming_at_the_same_moment_never_share_a_row(
    request: pytest.FixtureRequest, tmp_path: Path, store_kind: str
) -> None:
    """Two deliverers (two connections, as two processes) claiming in small batches at once
    until the outbox is empty: every row claimed exactly once."""
    stores = [await open_backend(store_kind, request, tmp_path) for _ in range(2)]
    try:
        for n in range(120):
            await add(stores[0], f"message {n}")
        claimed: dict[str, list[int]] = {"a": [], "b": []}

        async def deliver(store: Store, name: str) -> None:
            t = NOW.timestamp()
            while rows_ := await store.claim_outbox(name, t, lease=600, limit=3):
                claimed[name] += [r.id for r in rows_]
                await asyncio.sleep(0.005)  # sending takes a moment: the other claims meanwhile
                await store.mark_delivered([r.id for r in rows_])

        await asyncio.gather(deliver(stores[0], "a"), deliver(stores[1], "b"))

        every = claimed["a"] + claimed["b"]
        assert sorted(every) == sorted(set(every))  # nobody's row twice
        assert len(every) == 120
        if store_kind == "postgresql":  # SQLite has one writer at a time: no race to lose
            assert claimed["a"]
            assert claimed["b"]  # both really worked at once
    finally:
        for one in stores:
            await one.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_a_write_waits_for_another_process_no_longer_than_the_busy_timeout(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """HYS_DB_BUSY_TIMEOUT_MS on both: a write that cannot have the lock in time says the
    store is unavailable ("couldn't save, try again") rather than hanging the handler."""
    store = await open_backend(kind, request, tmp_path, busy_timeout_ms=200)
    try:
        with write_lock_held(store):
            for write in (
                store.set_meta("officer_chat_migrated", "1:2"),  # a write block
                store.tick_waits(NOW),  # a one-trip transaction
            ):
                with pytest.raises(StoreUnavailable):
                    await asyncio.wait_for(write, timeout=10)
        await store.set_meta("officer_chat_migrated", "1:2")  # the lock is free: it writes
        assert await store.get_meta("officer_chat_migrated") == "1:2"
    finally:
        await store.close()
