"""Store: durable pragmas (F-01), no identity columns (P-01), all-or-nothing writes (F-02),
parameterised SQL (I-04), physical deletion (R-02), expiry (R-01, R-07), backups (F-10),
reminders claimed with a lease, on both databases (T-02)."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.domain import Audience, DuplicateUpdate, ItemKind, ItemStatus, NewItem, OptInKind
from bot.store import MIGRATIONS, Store, StoreError, network_filesystem
from bot.store.optins import REMINDER_LEASE
from bot.store.pg import PgStore
from tests.test_store_backends import open_backend

TODAY = date(2026, 11, 22)
IDENTITY_WORDS = ("user", "chat", "username", "name", "first", "last", "language", "message_id")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "db.sqlite3")
    yield opened
    await opened.close()


def item(text: str = "The food is boring", *, urgent: bool = False) -> NewItem:
    return NewItem(kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text=text, urgent=urgent)


async def add(
    store: Store,
    text: str = "The food is boring",
    *,
    dedupe_key: int | None = None,
    expires_on: date = TODAY + timedelta(days=365),
) -> int:
    return await store.add_item(
        item(text),
        receipt_hash=hashlib.sha256(text.encode()).digest(),
        dedupe_key=dedupe_key,
        created_on=TODAY,
        expires_on=expires_on,
    )


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


async def test_durable_pragmas_are_set(store: Store) -> None:
    assert await store.pragma("journal_mode") == "wal"
    assert await store.pragma("synchronous") == 2  # FULL
    assert await store.pragma("foreign_keys") == 1
    assert await store.pragma("secure_delete") == 1
    assert await store.pragma("busy_timeout") >= 1000
    assert await store.pragma("user_version") == len(MIGRATIONS)


async def test_every_table_is_strict_and_no_table_holds_a_young_persons_identity(
    store: Store, tmp_path: Path
) -> None:
    with closing(raw(tmp_path / "db.sqlite3")) as db:
        every = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
        # SQLite's own statistics for the query planner (table and index names and numbers).
        internal = {t for t in every if t.startswith("sqlite_")}
        tables = {t: sql for t, sql in every.items() if t not in internal}
        columns = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in tables}

    assert internal == {"sqlite_stat1"}
    assert set(tables) == {
        "status_counts",
        "item_counts",
        "meta",
        "items",
        "outbox",
        "processed_updates",
        "opt_ins",
        "audit_log",
        "actions",
        "action_items",
        "reminder_sends",
        "officer_posts",
        "replies",
        "officer_accounts",
        "item_ids",
    }
    assert all("STRICT" in sql for sql in tables.values())
    # A young person's chat id only in opt_ins; the officers' own group id in officer_posts
    # (the bot's posts there are deleted after 48 hours). Nothing else, anywhere.
    # Console accounts hold officers' own names (staff, never young people).
    allowed = {
        "opt_ins": ["chat_id"],
        "officer_posts": ["officer_chat"],
        "officer_accounts": ["name"],
    }
    for table, names in columns.items():
        identity = [c for c in names if any(w in c for w in IDENTITY_WORDS)]
        assert identity == allowed.get(table, []), (table, identity)


async def test_a_corrupt_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)

    with pytest.raises(StoreError):
        await Store.open(path)


async def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with closing(raw(path)) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")

    with pytest.raises(StoreError, match="newer version"):
        await Store.open(path)


async def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    first = await Store.open(path)
    await add(first)
    await first.close()

    second = await Store.open(path)
    try:
        assert (await second.get_item(1)) is not None
    finally:
        await second.close()


async def test_an_item_its_outbox_row_and_its_update_are_written_together(
    store: Store, tmp_path: Path
) -> None:
    item_id = await add(store, dedupe_key=77)

    with closing(raw(tmp_path / "db.sqlite3")) as db:
        assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 1
        assert db.execute("SELECT item_id, urgent FROM outbox").fetchall() == [(item_id, 0)]
        assert db.execute("SELECT update_id FROM processed_updates").fetchall() == [(77,)]


async def test_the_same_update_twice_stores_one_item(store: Store, tmp_path: Path) -> None:
    await add(store, dedupe_key=5)

    with pytest.raises(DuplicateUpdate):
        await add(store, "other text", dedupe_key=5)

    with closing(raw(tmp_path / "db.sqlite3")) as db:
        assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 1


async def test_a_failure_before_commit_leaves_no_partial_row(store: Store, tmp_path: Path) -> None:
    # A real failure inside the transaction: the outbox insert is made to abort.
    with closing(raw(tmp_path / "db.sqlite3")) as db:
        db.execute(
            "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox "
            "BEGIN SELECT RAISE(ABORT, 'injected'); END"
        )
        db.commit()

    with pytest.raises(sqlite3.IntegrityError, match="injected"):
        await add(store, dedupe_key=9)

    with closing(raw(tmp_path / "db.sqlite3")) as db:
        assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM processed_updates").fetchone()[0] == 0


async def test_a_transaction_is_one_trip_to_the_database_thread(store: Store) -> None:
    """The whole transaction runs on the connection's own thread (never the event loop's),
    so the store lock is held for one trip; aiosqlite's way in is pinned here."""
    import threading

    seen: list[int] = []

    def work(db: sqlite3.Connection) -> bool:
        seen.append(threading.get_ident())
        return bool(db.in_transaction)

    assert await store._transact(work) is True
    assert seen
    assert seen[0] != threading.get_ident()
    assert await store.pragma("foreign_keys") == 1  # the same connection, still usable


async def test_a_transaction_after_a_checkpoint_commits(store: Store) -> None:
    """A checkpoint (after every deletion) leaves no statement stepping: the next one-trip
    transaction's COMMIT must not be refused ("SQL statements in progress")."""
    first = await add(store, dedupe_key=1)
    await store.checkpoint()
    second = await add(store, "after the checkpoint", dedupe_key=2)
    await store.mark_delivered([r.id for r in await store.list_pending_outbox()])
    assert second == first + 1
    assert await store.list_pending_outbox() == []


async def test_sql_injection_text_is_stored_verbatim(store: Store) -> None:
    hostile = "'); DROP TABLE items;--"

    item_id = await add(store, hostile)

    stored = await store.get_item(item_id)
    assert stored is not None
    assert stored.text == hostile
    assert (await store.get_item(item_id)) is not None  # the table survived


async def test_deleted_text_is_gone_from_the_file_and_the_wal(
    store: Store, tmp_path: Path
) -> None:
    secret = "ZEPHYRINE-SECRET-PLACEMENT-WORDS"
    item_id = await add(store, secret)
    await add(store, "something else")
    path = tmp_path / "db.sqlite3"
    files = [path, path.with_name(path.name + "-wal")]
    assert any(secret.encode() in f.read_bytes() for f in files if f.exists())

    assert await store.delete_item(item_id, on_day=TODAY, actor="young_person")

    for file in files:
        if file.exists():
            assert secret.encode() not in file.read_bytes(), file.name


async def test_deleting_removes_outbox_rows_and_opt_ins_and_audits_without_text(
    store: Store, tmp_path: Path
) -> None:
    item_id = await add(store, "a question")
    await store.add_opt_in(
        OptInKind.ANSWER, chat_id=99, item_id=item_id, created_on=TODAY, expires_on=TODAY
    )

    await store.delete_item(item_id, on_day=TODAY, actor="young_person")

    with closing(raw(tmp_path / "db.sqlite3")) as db:
        assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM opt_ins").fetchone()[0] == 0
        audit = db.execute("SELECT actor, action, item_id, detail FROM audit_log").fetchall()
    assert audit == [("young_person", "deleted", item_id, "")]


async def test_items_and_opt_ins_expire_on_their_own_schedules(store: Store) -> None:
    item_id = await add(store, expires_on=TODAY + timedelta(days=365))
    await store.add_opt_in(
        OptInKind.CONTACT,
        chat_id=99,
        item_id=item_id,
        created_on=TODAY,
        expires_on=TODAY + timedelta(days=30),
    )

    assert await store.purge_expired(TODAY + timedelta(days=30)) == (0, 0)
    assert await store.count_opt_ins(99) == 1
    assert await store.purge_expired(TODAY + timedelta(days=31)) == (0, 1)
    assert await store.count_opt_ins(99) == 0
    assert await store.get_item(item_id) is not None
    assert await store.purge_expired(TODAY + timedelta(days=365)) == (0, 0)
    assert await store.purge_expired(TODAY + timedelta(days=366)) == (1, 0)
    assert await store.get_item(item_id) is None


async def test_an_opt_in_needs_a_chat_id_or_a_way_to_contact(store: Store) -> None:
    item_id = await add(store)

    with pytest.raises(sqlite3.IntegrityError):
        await store.add_opt_in(
            OptInKind.CONTACT, chat_id=None, item_id=item_id, created_on=TODAY, expires_on=TODAY
        )


async def test_backup_is_a_consistent_copy_that_never_overwrites(
    store: Store, tmp_path: Path
) -> None:
    for n in range(5):
        await add(store, f"message {n}")
    target = tmp_path / "backups" / "copy.sqlite3"
    target.parent.mkdir()

    await store.backup(target)

    restored = await Store.open(target)
    try:
        assert await restored.pragma("integrity_check") == "ok"
        assert [(await restored.get_item(n)) is not None for n in range(1, 6)] == [True] * 5
    finally:
        await restored.close()
    with pytest.raises(StoreError, match="could not write the backup"):
        await store.backup(target)


async def test_the_receipt_key_is_made_once_and_kept(store: Store) -> None:
    first = await store.get_or_create_secret("receipt_key")

    assert len(first) == 32
    assert await store.get_or_create_secret("receipt_key") == first


async def test_a_backup_taken_while_writing_restores_to_a_consistent_copy(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite3"
    store = await Store.open(path)
    for n in range(20):
        await add(store, f"before {n}")

    async def keep_writing() -> None:
        for n in range(200):
            await add(store, f"during {n}")

    writer = asyncio.create_task(keep_writing())
    await asyncio.sleep(0)
    backup = tmp_path / "backup.sqlite3"
    await store.backup(backup)
    await writer
    await store.close()

    restored = await Store.open(backup)  # the restore drill: open the copy as the database
    try:
        assert await restored.pragma("integrity_check") == "ok"
        counts = await restored.count_items(TODAY, TODAY)
        total = sum(c.count for c in counts)
        assert 20 <= total <= 220  # exactly the items committed when the backup ran
        assert await restored.get_item(1) is not None
    finally:
        await restored.close()


async def test_a_restored_backup_forgets_what_was_deleted_since(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite3"
    store = await Store.open(path)
    keep = await add(store, "keep me")
    gone = await add(store, "DELETE-ME-AFTER-THE-BACKUP")
    expired = await add(store, "expires soon", expires_on=TODAY + timedelta(days=1))
    backup = tmp_path / "nightly.sqlite3"
    await store.backup(backup)
    await store.delete_item(gone, on_day=TODAY, actor="young_person")
    await store.purge_expired(TODAY + timedelta(days=5))
    await store.close()

    shutil.copyfile(backup, path)  # disaster: yesterday's backup is put back
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    restored = await Store.open(path)
    try:
        assert await restored.get_item(keep) is not None
        assert await restored.get_item(gone) is None
        assert await restored.get_item(expired) is None
    finally:
        await restored.close()
    assert b"DELETE-ME-AFTER-THE-BACKUP" not in path.read_bytes()
    tombstones = (tmp_path / "live.sqlite3.deleted").read_text()
    assert "DELETE-ME" not in tombstones
    assert all(len(line) == 64 for line in tombstones.split())  # hashes only, nothing readable


MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export /srv/shared nfs4 rw 0 0
//nas/share /mnt/nas cifs rw 0 0
tmpfs /srv/shared/tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("/var/lib/hys/db.sqlite3", None),
        ("/srv/shared/hys/db.sqlite3", "nfs4"),
        ("/mnt/nas/db.sqlite3", "cifs"),
        ("/srv/shared/tmp/db.sqlite3", None),  # the deeper mount wins
    ],
)
def test_a_database_on_a_network_filesystem_is_recognised(
    where: str, expected: str | None
) -> None:
    assert network_filesystem(Path(where), MOUNTS) == expected


def test_the_real_test_database_is_on_a_local_disk(tmp_path: Path) -> None:
    assert network_filesystem(tmp_path / "db.sqlite3") is None


async def test_approved_items_on_the_first_and_last_day_of_a_range_are_included(
    store: Store,
) -> None:
    item_id = await add(store, "approved on the day")
    await store.decide(item_id, ItemStatus.FOR_BOARD, on_day=TODAY, actor="Sam", board_text="ok")

    on_the_day = await store.list_approved(TODAY, TODAY)
    after = await store.list_approved(TODAY + timedelta(days=1), TODAY + timedelta(days=9))

    assert [i.id for i in on_the_day] == [item_id]
    assert after == []


async def test_only_items_actually_purged_are_remembered_as_deleted(
    store: Store, tmp_path: Path
) -> None:
    gone = await add(store, "expired yesterday", expires_on=TODAY - timedelta(days=1))
    kept = await add(store, "expires today", expires_on=TODAY)

    assert await store.purge_expired(TODAY) == (1, 0)

    tombstones = (tmp_path / "db.sqlite3.deleted").read_text().split()
    assert tombstones == [hashlib.sha256(b"expired yesterday").hexdigest()]
    assert await store.get_item(kept) is not None
    assert await store.get_item(gone) is None


async def test_a_database_from_before_replies_gains_them_and_keeps_its_items(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    old = await Store.open(path)
    first = await add(old)
    await old.close()
    with closing(raw(path)) as db:  # as a schema-5 database had it
        db.executescript(
            "DROP INDEX items_heard; DROP INDEX items_marked; DROP TABLE item_counts; "
            "DROP TRIGGER items_day_counted; DROP TRIGGER items_day_uncounted; "
            "DROP TRIGGER items_day_recounted; "
            "DROP INDEX items_approved; ALTER TABLE items DROP COLUMN read_on; "
            "ALTER TABLE items DROP COLUMN waited; "
            "ALTER TABLE outbox DROP COLUMN reply_id; DROP TABLE replies; "
            "ALTER TABLE outbox DROP COLUMN claimed_by; "
            "ALTER TABLE outbox DROP COLUMN claimed_until; DROP TABLE item_ids; "
            "ALTER TABLE reminder_sends DROP COLUMN claimed_until; "
            "DROP TABLE officer_accounts; PRAGMA user_version = 5;"
        )

    upgraded = await Store.open(path)
    try:
        assert await upgraded.pragma("user_version") == len(MIGRATIONS)
        assert await upgraded.add_reply(first, "Thanks", from_team=True, on_day=TODAY)
        assert [r.text for r in await upgraded.list_replies(first)] == ["Thanks"]
        assert await upgraded.delete_item(first, on_day=TODAY, actor="test")
        assert await upgraded.list_replies(first) == []  # deleted with the item
    finally:
        await upgraded.close()


async def test_an_item_number_is_never_given_twice(store: Store) -> None:
    """SQLite gives a new row the highest id plus one: after the newest message was deleted the
    next took its number, and an officer's open prompt for it acted on another's words."""
    first = await add(store, "one")
    newest = await add(store, "two")
    assert await store.delete_item(newest, on_day=TODAY, actor="young person")
    await store.delete_item(first, on_day=TODAY, actor="young person")

    after = await add(store, "three")

    assert after > newest


async def test_a_database_from_before_never_gives_a_deleted_items_number_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    old = await Store.open(path)
    await add(old, "one")
    newest = await add(old, "two")
    assert await old.delete_item(newest, on_day=TODAY, actor="young person")  # audited
    await old.close()
    with closing(raw(path)) as db:  # as a schema-10 database had it
        db.executescript(
            "DROP TABLE item_ids; ALTER TABLE reminder_sends DROP COLUMN claimed_until; "
            "PRAGMA user_version = 10;"
        )

    upgraded = await Store.open(path)
    try:
        assert await add(upgraded, "three") > newest  # the audit log named it
    finally:
        await upgraded.close()


# --------------------------------------------------------------------------------------------
# Reminders claimed with a lease (T-02), on SQLite and on PostgreSQL

REMINDER = "views:2026-12-08"
T = 1_795_000_000.0  # seconds since the epoch: a moment on the reminder's day


@pytest.fixture(params=["sqlite", "postgresql"])
async def both(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    opened = await open_backend(request.param, request, tmp_path)
    yield opened
    await opened.close()


async def reminded(store: Store, chat_id: int) -> int:
    return await store.add_opt_in(
        OptInKind.REMINDERS,
        chat_id=chat_id,
        item_id=None,
        created_on=TODAY,
        expires_on=TODAY + timedelta(days=365),
        audience=Audience.IN_CARE,
    )


async def owed(store: Store, now: float, reminder: str = REMINDER) -> list[int]:
    return [opt_in for opt_in, _, _ in await store.reminder_targets(reminder, TODAY, now)]


async def test_a_claim_whose_lease_ran_out_unsent_is_owed_and_claimed_again(both: Store) -> None:
    """A sender killed between claiming and sending: its claim holds for the lease, then the
    reminder is owed again and the next sender takes it over, for a lease of its own."""
    died, other = await reminded(both, 901), await reminded(both, 902)

    assert await both.claim_reminder(REMINDER, died, TODAY, T)

    assert await owed(both, T) == [other]  # a live claim is not owed...
    assert not await both.claim_reminder(REMINDER, died, TODAY, T + REMINDER_LEASE - 1)
    assert await owed(both, T + REMINDER_LEASE - 1) == [other]  # ...until its lease ends
    assert await owed(both, T + REMINDER_LEASE) == [died, other]
    assert await both.claim_reminder(REMINDER, died, TODAY, T + REMINDER_LEASE)
    assert await owed(both, T + REMINDER_LEASE + 1) == [other]  # the new claim holds
    assert not await both.claim_reminder(REMINDER, died, TODAY, T + 2 * REMINDER_LEASE - 1)


async def test_a_released_claim_is_owed_again_at_once(both: Store) -> None:
    failed = await reminded(both, 903)
    claim = await both.claim_reminder(REMINDER, failed, TODAY, T)
    assert claim is not None

    await both.release_reminder(REMINDER, failed, claim)  # the send failed: no need to wait

    assert await owed(both, T + 1) == [failed]
    assert await both.claim_reminder(REMINDER, failed, TODAY, T + 1)


async def test_a_sender_whose_lease_ran_out_cannot_give_back_the_claim_another_took_over(
    both: Store,
) -> None:
    """Sender A stalls past its lease; B takes the reminder over and is sending it. A's late
    "the send failed" must not free B's claim, or a third sender would send it again."""
    slow = await reminded(both, 905)
    first = await both.claim_reminder(REMINDER, slow, TODAY, T)
    second = await both.claim_reminder(REMINDER, slow, TODAY, T + REMINDER_LEASE)
    assert first is not None
    assert second is not None

    await both.release_reminder(REMINDER, slow, first)  # A, late

    assert await owed(both, T + REMINDER_LEASE + 1) == []  # B's claim still holds
    assert await both.claim_reminder(REMINDER, slow, TODAY, T + REMINDER_LEASE + 1) is None
    await both.release_reminder(REMINDER, slow, second)  # B's own give-back works
    assert await owed(both, T + REMINDER_LEASE + 2) == [slow]


async def test_a_sent_reminder_is_never_owed_again_even_long_after(both: Store) -> None:
    sent = await reminded(both, 904)
    claim = await both.claim_reminder(REMINDER, sent, TODAY, T)
    assert claim is not None

    await both.mark_reminder_sent(REMINDER, sent)
    await both.release_reminder(REMINDER, sent, claim)  # a late "the send failed" undoes nothing

    a_year_on = T + 365 * 86400
    assert await owed(both, a_year_on) == []
    assert not await both.claim_reminder(REMINDER, sent, TODAY, a_year_on)
    assert await owed(both, a_year_on, "meeting:2026-12-08") == [sent]  # another reminder is


async def test_two_senders_claiming_one_reminder_at_once_only_one_wins(
    both: Store, tmp_path: Path
) -> None:
    """Two processes (two connections) racing for the same reminder and person: one claim
    each time, for a new row and for a claim whose lease ran out."""
    other = (
        await PgStore.open_url(both._url)
        if isinstance(both, PgStore)
        else await Store.open(tmp_path / "db.sqlite3")
    )
    try:
        people = [await reminded(both, 910 + n) for n in range(8)]
        for moment in (T, T + REMINDER_LEASE):  # new rows; then every claim has run out
            for opt_in in people:
                won = await asyncio.gather(
                    *(
                        store.claim_reminder(REMINDER, opt_in, TODAY, moment)
                        for store in (both, other, both, other)
                    )
                )
                assert [w is not None for w in won].count(True) == 1, (moment, won)
        assert await owed(both, T + REMINDER_LEASE) == []
    finally:
        await other.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_a_reminder_recorded_before_claims_had_a_lease_stays_sent(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """A database at schema 11, whose reminder_sends rows were each a reminder sent: after
    migrating, that reminder is still sent, never owed again."""
    store = await open_backend(kind, request, tmp_path)
    sent, unsent = await reminded(store, 920), await reminded(store, 921)
    await store.close()
    row = (REMINDER, sent, TODAY.isoformat())
    if kind == "sqlite":
        with closing(raw(tmp_path / "db.sqlite3")) as db:  # as a schema-11 database had it
            db.executescript(
                "ALTER TABLE reminder_sends DROP COLUMN claimed_until; PRAGMA user_version = 11;"
            )
            db.execute("INSERT INTO reminder_sends VALUES (?, ?, ?)", row)
            db.commit()
    else:
        import psycopg

        with psycopg.connect(request.getfixturevalue("pg_url"), autocommit=True) as db:
            db.execute("SELECT set_config('hys.council', 'default', false)")
            db.execute("ALTER TABLE reminder_sends DROP COLUMN claimed_until")
            db.execute("DELETE FROM schema_migrations WHERE version = 12")
            db.execute(
                "INSERT INTO reminder_sends (reminder, opt_in_id, sent_on) VALUES (%s, %s, %s)",
                row,
            )

    upgraded = await open_backend(kind, request, tmp_path)
    try:
        assert await upgraded.schema_version() == len(MIGRATIONS)
        assert await owed(upgraded, T + 365 * 86400) == [unsent]
        assert not await upgraded.claim_reminder(REMINDER, sent, TODAY, T + 365 * 86400)
    finally:
        await upgraded.close()
