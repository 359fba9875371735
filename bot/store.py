"""Store: the only SQL. One aiosqlite connection, numbered migrations, durable writes.

Every write is one `BEGIN IMMEDIATE` transaction committed with `synchronous=FULL` in WAL mode,
so an acknowledged item survives a crash or power cut. SQL is portable (no SQLite-only functions
in queries; dates are ISO text in UTC or local day) so a PostgreSQL store can follow.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

from bot.domain import (
    Action,
    ActionStatus,
    Audience,
    ContactState,
    CountRow,
    DuplicateUpdate,
    Item,
    ItemKind,
    ItemStatus,
    NewItem,
    OptInKind,
    OutboxRow,
    StoreUnavailable,
)

log = logging.getLogger(__name__)

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema. No table that holds what young people say has any column for who
    # said it; a chat id may live only in opt_ins, each with its own expiry.
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    ) STRICT;

    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('feedback', 'question')),
        audience TEXT NOT NULL CHECK (audience IN ('in_care', 'care_leaver', 'carer')),
        on_behalf INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1)),
        theme TEXT,
        suggested_themes TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'received',
        urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
        risk_categories TEXT NOT NULL DEFAULT '',
        created_on TEXT NOT NULL,
        expires_on TEXT NOT NULL,
        receipt_hash BLOB NOT NULL UNIQUE
    ) STRICT;
    CREATE INDEX items_expiry ON items (expires_on);

    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
        attempts INTEGER NOT NULL DEFAULT 0,
        delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1))
    ) STRICT;
    CREATE INDEX outbox_pending ON outbox (delivered, urgent DESC, id);

    CREATE TABLE processed_updates (
        update_id INTEGER PRIMARY KEY,
        processed_on TEXT NOT NULL
    ) STRICT;

    CREATE TABLE opt_ins (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('answer', 'contact', 'reminders')),
        chat_id INTEGER,
        item_id INTEGER REFERENCES items (id) ON DELETE CASCADE,
        contact_how TEXT,
        created_on TEXT NOT NULL,
        expires_on TEXT NOT NULL,
        CHECK (chat_id IS NOT NULL OR contact_how IS NOT NULL)
    ) STRICT;
    CREATE INDEX opt_ins_chat ON opt_ins (chat_id);
    CREATE INDEX opt_ins_item ON opt_ins (item_id);

    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        on_day TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        item_id INTEGER,
        detail TEXT NOT NULL DEFAULT ''
    ) STRICT;
    """,
    # 2: the officer's review (acknowledged, board text, reason, answer) and "You said, we did".
    """
    ALTER TABLE items ADD COLUMN acknowledged INTEGER NOT NULL DEFAULT 0
        CHECK (acknowledged IN (0, 1));
    ALTER TABLE items ADD COLUMN board_text TEXT;
    ALTER TABLE items ADD COLUMN decision_reason TEXT;
    ALTER TABLE items ADD COLUMN answer TEXT;

    CREATE TABLE actions (
        id INTEGER PRIMARY KEY,
        theme TEXT NOT NULL,
        what TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done')),
        created_on TEXT NOT NULL,
        updated_on TEXT NOT NULL
    ) STRICT;

    CREATE TABLE action_items (
        action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        PRIMARY KEY (action_id, item_id)
    ) STRICT;
    """,
    # 3: reminders (the wording follows the audience chosen when opting in), which reminders
    # have gone to whom, and the bot's own officer-chat posts that show message text (deleted
    # within 48 hours, while Telegram still allows it).
    """
    ALTER TABLE opt_ins ADD COLUMN audience TEXT;

    CREATE TABLE reminder_sends (
        reminder TEXT NOT NULL,
        opt_in_id INTEGER NOT NULL REFERENCES opt_ins (id) ON DELETE CASCADE,
        sent_on TEXT NOT NULL,
        PRIMARY KEY (reminder, opt_in_id)
    ) STRICT;

    CREATE TABLE officer_posts (
        id INTEGER PRIMARY KEY,
        officer_chat INTEGER NOT NULL,
        post INTEGER NOT NULL,
        posted_at TEXT NOT NULL
    ) STRICT;
    """,
    # 4: a contact request reaches a person (its state lives on the item, without who asked);
    # answers shown in "You said, we did" only once an officer publishes them; a keyed hash of
    # who made an opt-in, so /forget finds "another way" details too; which item an officer
    # post showed, so deleting the item deletes the post.
    """
    ALTER TABLE items ADD COLUMN contact TEXT
        CHECK (contact IN ('requested', 'contacted', 'unreachable', 'expired'));
    ALTER TABLE items ADD COLUMN published INTEGER NOT NULL DEFAULT 0
        CHECK (published IN (0, 1));
    ALTER TABLE opt_ins ADD COLUMN owner BLOB;
    CREATE INDEX opt_ins_owner ON opt_ins (owner);
    ALTER TABLE officer_posts ADD COLUMN item_id INTEGER;
    CREATE INDEX items_open ON items (status, urgent, id);
    CREATE INDEX items_contact ON items (contact);
    -- An officer's mark on the screen's call: it missed a child who needed help, or it raised
    -- a false alarm. Counted (never the text) in the daily digest and the board report.
    ALTER TABLE items ADD COLUMN screen_mark TEXT CHECK (screen_mark IN ('missed', 'false_alarm'));
    -- The language of a message not in English (ISO 639-1), so officers know to find help.
    ALTER TABLE items ADD COLUMN written_in TEXT;
    """,
)

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
)

_ITEM_SELECT = (
    "SELECT id, kind, audience, text, theme, on_behalf, urgent, risk_categories, "
    "suggested_themes, status, created_on, expires_on, acknowledged, board_text, "
    "decision_reason, answer, contact, published, written_in FROM items "
)
_ITEM_BY_ID = _ITEM_SELECT + "WHERE id = ?"
_ITEM_BY_RECEIPT = _ITEM_SELECT + "WHERE receipt_hash = ?"
# Reading order: urgent items and open contact requests first, then oldest; this finds the next
# one after a given place. A contact request stays in the queue after its item is decided.
_FIRST = "(CASE WHEN urgent = 1 OR contact = 'requested' THEN 1 ELSE 0 END)"
_NEXT_OPEN = (
    _ITEM_SELECT + "WHERE (status IN ('received', 'read') OR contact = 'requested') "
    f"AND ({_FIRST} < ? OR ({_FIRST} = ? AND id > ?)) "
    f"ORDER BY {_FIRST} DESC, id LIMIT 1"
)
_APPROVED = (
    _ITEM_SELECT + "WHERE status IN ('for_board', 'taken_to_board') "
    "AND created_on >= ? AND created_on <= ? ORDER BY created_on, id"
)


# A contact request whose details are gone (expired, or removed by /forget) has expired.
_EXPIRE_ORPHANED_CONTACTS = (
    "UPDATE items SET contact = 'expired' WHERE contact = 'requested' AND NOT EXISTS "
    "(SELECT 1 FROM opt_ins o WHERE o.kind = 'contact' AND o.item_id = items.id)"
)


class StoreError(Exception):
    """The database file cannot be used safely (corrupt, or from a newer version)."""


# SQLite's locking is not safe on network filesystems: a database there can be corrupted.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph", "glusterfs"}
)


def network_filesystem(database: Path, mounts: str | None = None) -> str | None:
    """The filesystem type if the database would live on a network filesystem, else None."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8")
        except OSError:
            return None  # not Linux: nothing to check
    folder = str(database.resolve().parent)
    best, kind = "", ""
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            point = parts[1].replace("\\040", " ")
            inside = folder == point or folder.startswith(point.rstrip("/") + "/")
            if inside and len(point) >= len(best):
                best, kind = point, parts[2]
    return kind if kind in NETWORK_FILESYSTEMS else None


def tombstone_path(database: Path) -> Path:
    return database.with_name(database.name + ".deleted")


def check_file(path: Path) -> None:
    """Before starting: refuse a database file that SQLite says is damaged (a missing file is
    fine; it will be created)."""
    if not path.exists():
        return
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            result = [row[0] for row in db.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: the database file cannot be read ({error})") from None
    if result != ["ok"]:
        raise StoreError(f"{path}: the database failed its integrity check; restore a backup")


HEALTH_PROBE_KEY = "health_probe"
# SQLite's primary result codes, so each failure gets its own plain advice.
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_NO_WRITE = {3, 8, 14}  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN
_FULL = 13  # SQLITE_FULL
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def probe_file(path: Path, *, busy_timeout_ms: int, stamp: str) -> None:
    """For the health check: the database is there, passes SQLite's quick check and takes a
    committed write (to one meta key), so a read-only file or folder, a full disk, damage or a
    lock held too long all show. Raises StoreError with one plain line."""
    if not path.is_file():
        raise StoreError(
            f"{path}: the database file is not there; check HYS_DATABASE and the data volume"
        )
    doing = "read"
    try:
        with closing(
            sqlite3.connect(
                f"file:{path}?mode=rw",
                uri=True,
                isolation_level=None,
                timeout=busy_timeout_ms / 1000,
            )
        ) as db:
            if [row[0] for row in db.execute("PRAGMA quick_check")] != ["ok"]:
                raise StoreError(
                    f"{path}: the database failed its integrity check; restore a backup"
                )
            if db.execute("PRAGMA user_version").fetchone()[0] == 0:
                raise StoreError(f"{path}: the database has not been set up; start the bot once")
            doing = "written"
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (HEALTH_PROBE_KEY, stamp.encode()),
                )
                db.execute("COMMIT")
            finally:
                if db.in_transaction:
                    db.execute("ROLLBACK")
    except sqlite3.DatabaseError as error:
        raise StoreError(_probe_problem(path, error, doing, busy_timeout_ms)) from None


def _probe_problem(path: Path, error: sqlite3.DatabaseError, doing: str, busy_ms: int) -> str:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in _BUSY:
        return (
            f"{path}: the database stayed locked for {busy_ms} ms, so it could not be {doing}; "
            "is another program (a backup or an open sqlite3 shell) holding it?"
        )
    if code in _NO_WRITE:
        return (
            f"{path}: the database cannot be written ({error}); check the bot's user can write "
            "the file and its folder"
        )
    if code == _FULL:
        return f"{path}: the database cannot be written ({error}); the disk is full"
    if code in _DAMAGED:
        return f"{path}: the database cannot be read ({error}); restore a backup"
    return f"{path}: the database cannot be {doing} ({error})"


def _join(values: Sequence[str]) -> str:
    return ",".join(values)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(",") if v)


def _item(row: sqlite3.Row | tuple[Any, ...]) -> Item:
    return Item(
        id=row[0],
        kind=ItemKind(row[1]),
        audience=Audience(row[2]),
        text=row[3],
        theme=row[4],
        on_behalf=bool(row[5]),
        urgent=bool(row[6]),
        risk_categories=_split(row[7]),
        suggested_themes=_split(row[8]),
        status=ItemStatus(row[9]),
        created_on=date.fromisoformat(row[10]),
        expires_on=date.fromisoformat(row[11]),
        acknowledged=bool(row[12]),
        board_text=row[13],
        decision_reason=row[14],
        answer=row[15],
        contact=ContactState(row[16]) if row[16] else None,
        published=bool(row[17]),
        language=row[18],
    )


class Store:
    """All reads and writes. Statements from concurrent handlers never interleave."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self._path = path
        self._lock = asyncio.Lock()
        self._tombstones = tombstone_path(path)

    @classmethod
    async def open(cls, path: Path, *, busy_timeout_ms: int = 5000) -> Store:
        """Open (creating if needed), check integrity, set durable pragmas, migrate."""
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path, isolation_level=None)
        try:
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await cls._check_integrity(db)
            for pragma in PRAGMAS:
                await db.execute(pragma)
            store = cls(db, path)
            await store._migrate()
            await store._reapply_deletions()
        except BaseException:
            await db.close()
            raise
        return store

    @staticmethod
    async def _check_integrity(db: aiosqlite.Connection) -> None:
        try:
            async with db.execute("PRAGMA integrity_check") as cursor:
                rows = [r[0] for r in await cursor.fetchall()]
        except sqlite3.DatabaseError as error:
            raise StoreError(f"the database file cannot be read: {error}") from None
        if rows != ["ok"]:
            raise StoreError("the database failed its integrity check; restore from a backup")

    async def _migrate(self) -> None:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        version = int(row[0]) if row else 0
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the database is from a newer version (schema {version}); update the bot"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # executescript commits first; the version bump is inside the same script.
            await self._db.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
            log.info("Database migrated to schema %d", number)

    # -- deletions survive a restore ----------------------------------------------------------

    def _bury(self, receipt_hashes: Sequence[bytes]) -> None:
        """Note deleted items (by their random receipt hash: no content, no identity) outside
        the database, so restoring an older backup cannot bring them back."""
        if not receipt_hashes or str(self._path) == ":memory:":
            return
        with self._tombstones.open("a", encoding="ascii") as log_file:
            log_file.writelines(h.hex() + "\n" for h in receipt_hashes)
            log_file.flush()
            os.fsync(log_file.fileno())

    async def _reapply_deletions(self) -> None:
        if str(self._path) == ":memory:" or not self._tombstones.exists():
            return
        hashes = [
            bytes.fromhex(line)
            for line in self._tombstones.read_text(encoding="ascii").split()
            if re.fullmatch(r"[0-9a-f]{64}", line)
        ]
        removed = 0
        async with self._write() as db:
            for receipt_hash in hashes:
                cursor = await db.execute(
                    "DELETE FROM items WHERE receipt_hash = ?", (receipt_hash,)
                )
                removed += cursor.rowcount
        if removed:
            log.warning("Re-applied %d deletion(s) to a restored database", removed)
            await self.checkpoint()

    async def close(self) -> None:
        async with self._lock:
            await self._db.close()

    # -- transactions ------------------------------------------------------------------------

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise StoreUnavailable(str(error)) from None
            try:
                yield self._db
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            try:
                await self._db.execute("COMMIT")
            except sqlite3.OperationalError as error:
                await self._db.execute("ROLLBACK")
                raise StoreUnavailable(str(error)) from None

    async def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        async with self._lock, self._db.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    # -- meta --------------------------------------------------------------------------------

    async def get_or_create_secret(self, key: str, size: int = 32) -> bytes:
        """A random secret kept in the database (e.g. the receipt-code hashing key)."""
        rows = await self._read("SELECT value FROM meta WHERE key = ?", (key,))
        if rows:
            return bytes(rows[0][0])
        async with self._write() as db:
            await db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (key, secrets.token_bytes(size)),
            )
        rows = await self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return bytes(rows[0][0])

    # -- items -------------------------------------------------------------------------------

    async def add_item(
        self,
        item: NewItem,
        *,
        receipt_hash: bytes,
        dedupe_key: int | None,
        created_on: date,
        expires_on: date,
    ) -> int:
        """Item + officer-alert outbox row + processed update, all or nothing."""
        async with self._write() as db:
            if dedupe_key is not None:
                # A keyed hash of the submission (never who sent it): the same Send, pressed
                # twice or redelivered after a crash, is stored once.
                cursor = await db.execute(
                    "INSERT INTO processed_updates (update_id, processed_on) VALUES (?, ?) "
                    "ON CONFLICT (update_id) DO NOTHING",
                    (dedupe_key, created_on.isoformat()),
                )
                if cursor.rowcount == 0:
                    raise DuplicateUpdate("already stored")
            cursor = await db.execute(
                "INSERT INTO items (kind, audience, on_behalf, theme, suggested_themes, text, "
                "urgent, risk_categories, created_on, expires_on, receipt_hash, written_in) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item.kind.value,
                    item.audience.value,
                    int(item.on_behalf),
                    item.theme,
                    _join(item.suggested_themes),
                    item.text,
                    int(item.urgent),
                    _join(item.risk_categories),
                    created_on.isoformat(),
                    expires_on.isoformat(),
                    receipt_hash,
                    item.language,
                ),
            )
            item_id = int(cursor.lastrowid or 0)
            await db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'new_item', ?)",
                (item_id, int(item.urgent)),
            )
        return item_id

    async def append_text(self, item_id: int, text: str, max_length: int) -> bool:
        """Add a message to an open urgent item's text. False if the item is gone, decided or
        full (the caller then stores a new item instead)."""
        async with self._write() as db:
            async with db.execute("SELECT acknowledged FROM items WHERE id = ?", (item_id,)) as c:
                row = await c.fetchone()
            cursor = await db.execute(
                "UPDATE items SET text = text || ? || ? WHERE id = ? AND urgent = 1 "
                "AND status IN ('received', 'read') AND LENGTH(text) + LENGTH(?) < ?",
                ("\n\n", text, item_id, text, max_length),
            )
            if cursor.rowcount == 0:
                return False
            if row is not None and row[0]:
                # An officer already opened it: the new words must reach a person too. One
                # alert, and urgent re-alerts again until someone opens it (still bounded:
                # each further alert needs an officer to have opened it in between).
                await db.execute("UPDATE items SET acknowledged = 0 WHERE id = ?", (item_id,))
                await db.execute(
                    "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'realert', 1)",
                    (item_id,),
                )
            return True

    async def get_item(self, item_id: int) -> Item | None:
        rows = await self._read(_ITEM_BY_ID, (item_id,))
        return _item(rows[0]) if rows else None

    async def get_item_by_receipt(self, receipt_hash: bytes) -> Item | None:
        rows = await self._read(_ITEM_BY_RECEIPT, (receipt_hash,))
        return _item(rows[0]) if rows else None

    async def delete_item(self, item_id: int, *, on_day: date, actor: str) -> bool:
        """Physically delete an item with its outbox rows and opt-ins; audit without text."""
        async with self._write() as db:
            hashes = await self._receipt_hashes(
                db, "SELECT receipt_hash FROM items WHERE id = ?", (item_id,)
            )
            cursor = await db.execute("DELETE FROM items WHERE id = ?", (item_id,))
            deleted = cursor.rowcount > 0
            if deleted:
                await self._audit(db, on_day, actor, "deleted", item_id)
        if deleted:
            self._bury(hashes)
            await self.checkpoint()
        return deleted

    @staticmethod
    async def _receipt_hashes(
        db: aiosqlite.Connection, query: str, params: Sequence[Any]
    ) -> list[bytes]:
        async with db.execute(query, params) as cursor:
            return [bytes(r[0]) for r in await cursor.fetchall()]

    async def purge_expired(self, today: date) -> tuple[int, int]:
        """Delete items and opt-ins past their expiry. Referred items leave via the case
        system, never by silent expiry."""
        expired = (today.isoformat(), ItemStatus.REFERRED.value)
        async with self._write() as db:
            hashes = await self._receipt_hashes(
                db, "SELECT receipt_hash FROM items WHERE expires_on < ? AND status <> ?", expired
            )
            items = await db.execute(
                "DELETE FROM items WHERE expires_on < ? AND status <> ?", expired
            )
            opt_ins = await db.execute(
                "DELETE FROM opt_ins WHERE expires_on < ?", (today.isoformat(),)
            )
            await db.execute(_EXPIRE_ORPHANED_CONTACTS)
            # Telegram redelivers an update for at most a day; a week is plenty to dedupe.
            await db.execute(
                "DELETE FROM processed_updates WHERE processed_on < ?",
                ((today - timedelta(days=7)).isoformat(),),
            )
            counts = (items.rowcount, opt_ins.rowcount)
            if any(counts):
                await self._audit(db, today, "system", "purged", None, f"{counts[0]} items")
        if any(counts):
            self._bury(hashes)
            await self.checkpoint()
        return counts

    # -- the officer's review ----------------------------------------------------------------

    async def next_open_item(self, after_id: int = 0) -> Item | None:
        """The next open item in reading order (urgent first, then oldest) after `after_id`."""
        after = await self.get_item(after_id) if after_id else None
        first = after is not None and (after.urgent or after.contact is ContactState.REQUESTED)
        place = (int(first), after.id) if after else (2, 0)
        rows = await self._read(_NEXT_OPEN, (place[0], place[0], place[1]))
        return _item(rows[0]) if rows else None

    async def count_by_status(self) -> dict[ItemStatus, int]:
        rows = await self._read("SELECT status, COUNT(*) FROM items GROUP BY status")
        return {ItemStatus(status): int(count) for status, count in rows}

    async def count_open_urgent(self) -> int:
        rows = await self._read(
            "SELECT COUNT(*) FROM items WHERE urgent = 1 AND status IN ('received', 'read')"
        )
        return int(rows[0][0])

    async def count_open_contacts(self) -> int:
        rows = await self._read("SELECT COUNT(*) FROM items WHERE contact = 'requested'")
        return int(rows[0][0])

    async def add_contact_request(
        self,
        item_id: int,
        *,
        chat_id: int | None,
        how: str | None,
        owner: bytes,
        audience: Audience,
        created_on: date,
        expires_on: date,
    ) -> bool:
        """Keep how to reach the young person, mark the item, and queue an officer alert that a
        contact request is waiting: all or nothing. False if the item is gone."""
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE items SET contact = 'requested' WHERE id = ?", (item_id,)
            )
            if cursor.rowcount == 0:
                return False
            await db.execute(
                "DELETE FROM opt_ins WHERE kind = 'contact' AND item_id = ?", (item_id,)
            )
            await db.execute(
                "INSERT INTO opt_ins (kind, chat_id, item_id, contact_how, created_on, "
                "expires_on, audience, owner) VALUES ('contact', ?, ?, ?, ?, ?, ?, ?)",
                (
                    chat_id,
                    item_id,
                    how,
                    created_on.isoformat(),
                    expires_on.isoformat(),
                    audience.value,
                    owner,
                ),
            )
            await db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'contact', 1)", (item_id,)
            )
        return True

    async def get_contact_request(self, item_id: int) -> tuple[int | None, str | None, Audience]:
        """(chat id, typed contact details, audience) of an open contact request."""
        rows = await self._read(
            "SELECT chat_id, contact_how, audience FROM opt_ins WHERE kind = 'contact' "
            "AND item_id = ? ORDER BY id DESC LIMIT 1",
            (item_id,),
        )
        if not rows:
            return None, None, Audience.IN_CARE
        chat, how, audience = rows[0]
        return chat, how, Audience(audience or Audience.IN_CARE.value)

    async def close_contact(
        self, item_id: int, outcome: ContactState, *, on_day: date, actor: str
    ) -> bool:
        """Record how the contact went and delete how to reach the young person, at once."""
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE items SET contact = ? WHERE id = ? AND contact = 'requested'",
                (outcome.value, item_id),
            )
            if cursor.rowcount == 0:
                return False
            await db.execute(
                "DELETE FROM opt_ins WHERE kind = 'contact' AND item_id = ?", (item_id,)
            )
            await self._audit(db, on_day, actor, f"contact_{outcome.value}", item_id)
        await self.checkpoint()
        return True

    async def set_published(
        self, item_id: int, board_text: str, *, on_day: date, actor: str
    ) -> None:
        async with self._write() as db:
            await db.execute(
                "UPDATE items SET published = 1, board_text = COALESCE(board_text, ?) "
                "WHERE id = ?",
                (board_text, item_id),
            )
            await self._audit(db, on_day, actor, "published", item_id)

    async def set_screen_mark(self, item_id: int, mark: str, *, on_day: date, actor: str) -> bool:
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE items SET screen_mark = ? WHERE id = ?", (mark, item_id)
            )
            if cursor.rowcount:
                await self._audit(db, on_day, actor, f"screen_{mark}", item_id)
            return cursor.rowcount > 0

    async def count_screen_marks(self, first: date, last: date) -> dict[str, int]:
        """Marks on items that arrived in the period: {"missed": n, "false_alarm": n}."""
        rows = await self._read(
            "SELECT screen_mark, COUNT(*) FROM items WHERE screen_mark IS NOT NULL "
            "AND created_on >= ? AND created_on <= ? GROUP BY screen_mark",
            (first.isoformat(), last.isoformat()),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    async def count_marks_made(self, day: date) -> dict[str, int]:
        """Marks officers made on one day (from the audit, which keeps no text)."""
        rows = await self._read(
            "SELECT action, COUNT(*) FROM audit_log WHERE on_day = ? "
            "AND action IN ('screen_missed', 'screen_false_alarm') GROUP BY action",
            (day.isoformat(),),
        )
        return {str(r[0]).removeprefix("screen_"): int(r[1]) for r in rows}

    async def acknowledge(self, item_id: int, *, on_day: date, actor: str) -> None:
        """An officer opened the item: it is read, and urgent re-alerts stop."""
        async with self._write() as db:
            await db.execute(
                "UPDATE items SET acknowledged = 1, "
                "status = CASE WHEN status = 'received' THEN 'read' ELSE status END "
                "WHERE id = ?",
                (item_id,),
            )
            await self._audit(db, on_day, actor, "viewed", item_id)

    async def decide(
        self,
        item_id: int,
        status: ItemStatus,
        *,
        on_day: date,
        actor: str,
        reason: str | None = None,
        board_text: str | None = None,
    ) -> bool:
        """Move an open item to a decided status, once. False if it was already decided."""
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE items SET status = ?, acknowledged = 1, decision_reason = ?, "
                "board_text = COALESCE(board_text, ?) "
                "WHERE id = ? AND status IN ('received', 'read')",
                (status.value, reason, board_text, item_id),
            )
            if cursor.rowcount == 0:
                return False
            await self._audit(db, on_day, actor, status.value, item_id)
        return True

    async def set_board_text(self, item_id: int, text: str, *, on_day: date, actor: str) -> None:
        async with self._write() as db:
            await db.execute("UPDATE items SET board_text = ? WHERE id = ?", (text, item_id))
            await self._audit(db, on_day, actor, "redacted", item_id)

    async def set_theme(self, item_id: int, theme: str, *, on_day: date, actor: str) -> None:
        async with self._write() as db:
            await db.execute("UPDATE items SET theme = ? WHERE id = ?", (theme, item_id))
            await self._audit(db, on_day, actor, "themed", item_id, theme)

    async def set_answer(self, item_id: int, answer: str, *, on_day: date, actor: str) -> None:
        """Record the answer and queue the message to anyone who asked to be told, together."""
        async with self._write() as db:
            await db.execute(
                "UPDATE items SET answer = ?, acknowledged = 1, status = 'answered' WHERE id = ?",
                (answer, item_id),
            )
            await db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'answer', 0)", (item_id,)
            )
            await self._audit(db, on_day, actor, "answered", item_id)

    async def last_actor(self, item_id: int) -> str | None:
        rows = await self._read(
            "SELECT actor FROM audit_log WHERE item_id = ? AND action NOT IN "
            "('viewed', 'themed', 'redacted') ORDER BY id DESC LIMIT 1",
            (item_id,),
        )
        return str(rows[0][0]) if rows else None

    async def list_approved(self, first: date, last: date) -> list[Item]:
        rows = await self._read(_APPROVED, (first.isoformat(), last.isoformat()))
        return [_item(row) for row in rows]

    async def list_unacknowledged_urgent(self) -> list[int]:
        rows = await self._read(
            "SELECT id FROM items WHERE urgent = 1 AND acknowledged = 0 ORDER BY id"
        )
        return [int(r[0]) for r in rows]

    # -- the board report ----------------------------------------------------------------------

    async def count_items(self, first: date, last: date) -> list[CountRow]:
        """Counts grouped by kind, audience, on-behalf, urgency and theme; never the rows."""
        rows = await self._read(
            "SELECT kind, audience, on_behalf, urgent, theme, COUNT(*) FROM items "
            "WHERE created_on >= ? AND created_on <= ? "
            "GROUP BY kind, audience, on_behalf, urgent, theme",
            (first.isoformat(), last.isoformat()),
        )
        return [
            CountRow(ItemKind(r[0]), Audience(r[1]), bool(r[2]), bool(r[3]), r[4], int(r[5]))
            for r in rows
        ]

    async def review_rows(
        self, first: date, last: date
    ) -> list[tuple[bool, ItemStatus, bool, date, date | None]]:
        """(urgent, status, acknowledged, day it arrived, day it was first decided) for each
        item that arrived in the period: what the report says about reading and deciding.
        No text and nothing about who sent it."""
        rows = await self._read(
            "SELECT i.urgent, i.status, i.acknowledged, i.created_on, "
            "(SELECT MIN(a.on_day) FROM audit_log a WHERE a.item_id = i.id AND a.action IN "
            "('for_board', 'not_for_board', 'taken_to_board', 'answered', 'referred', "
            "'no_action')) FROM items i "
            "WHERE i.created_on >= ? AND i.created_on <= ? ORDER BY i.id",
            (first.isoformat(), last.isoformat()),
        )
        return [
            (
                bool(r[0]),
                ItemStatus(r[1]),
                bool(r[2]),
                date.fromisoformat(r[3]),
                date.fromisoformat(r[4]) if r[4] else None,
            )
            for r in rows
        ]

    async def approved_quotes(
        self, first: date, last: date, per_theme: int
    ) -> list[tuple[str | None, str]]:
        """(theme, board text) for approved, non-urgent items: the newest few per theme."""
        rows = await self._read(
            "SELECT theme, board_text FROM ("
            "SELECT theme, board_text, ROW_NUMBER() OVER "
            "(PARTITION BY theme ORDER BY id DESC) AS place FROM items "
            "WHERE status IN ('for_board', 'taken_to_board') AND urgent = 0 "
            "AND board_text IS NOT NULL AND created_on >= ? AND created_on <= ?"
            ") AS ranked WHERE place <= ? ORDER BY theme, place",
            (first.isoformat(), last.isoformat(), per_theme),
        )
        return [(r[0], str(r[1])) for r in rows]

    async def answered_questions(self, first: date, last: date, limit: int = 50) -> list[Item]:
        rows = await self._read(
            _ITEM_SELECT + "WHERE kind = 'question' AND status = 'answered' AND urgent = 0 "
            "AND created_on >= ? AND created_on <= ? ORDER BY id LIMIT ?",
            (first.isoformat(), last.isoformat(), limit),
        )
        return [_item(row) for row in rows]

    # -- "You said, we did" ------------------------------------------------------------------

    async def add_action(
        self,
        theme: str,
        what: str,
        status: ActionStatus,
        item_ids: Sequence[int],
        *,
        on_day: date,
        actor: str,
    ) -> int:
        async with self._write() as db:
            cursor = await db.execute(
                "INSERT INTO actions (theme, what, status, created_on, updated_on) "
                "VALUES (?, ?, ?, ?, ?)",
                (theme, what, status.value, on_day.isoformat(), on_day.isoformat()),
            )
            action_id = int(cursor.lastrowid or 0)
            for item_id in item_ids:
                await db.execute(
                    "INSERT INTO action_items (action_id, item_id) VALUES (?, ?) "
                    "ON CONFLICT (action_id, item_id) DO NOTHING",
                    (action_id, item_id),
                )
            await self._audit(db, on_day, actor, "we_did", None, str(action_id))
        return action_id

    async def set_action_status(
        self, action_id: int, status: ActionStatus, *, on_day: date, actor: str
    ) -> bool:
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE actions SET status = ?, updated_on = ? WHERE id = ?",
                (status.value, on_day.isoformat(), action_id),
            )
            if cursor.rowcount:
                await self._audit(db, on_day, actor, "we_did_status", None, str(action_id))
            return cursor.rowcount > 0

    async def list_actions(self, limit: int = 20, item_id: int | None = None) -> list[Action]:
        if item_id is None:
            rows = await self._read(
                "SELECT id, theme, what, status, updated_on FROM actions "
                "ORDER BY updated_on DESC, id DESC LIMIT ?",
                (limit,),
            )
        else:
            rows = await self._read(
                "SELECT a.id, a.theme, a.what, a.status, a.updated_on FROM actions a "
                "JOIN action_items ai ON ai.action_id = a.id WHERE ai.item_id = ? "
                "ORDER BY a.updated_on DESC, a.id DESC LIMIT ?",
                (item_id, limit),
            )
        links = await self._read("SELECT action_id, item_id FROM action_items ORDER BY item_id")
        linked: dict[int, list[int]] = {}
        for action_id, linked_item in links:
            linked.setdefault(int(action_id), []).append(int(linked_item))
        return [
            Action(
                id=int(r[0]),
                theme=r[1],
                what=r[2],
                status=ActionStatus(r[3]),
                updated_on=date.fromisoformat(r[4]),
                item_ids=tuple(linked.get(int(r[0]), ())),
            )
            for r in rows
        ]

    async def list_answered(self, limit: int = 10) -> list[Item]:
        rows = await self._read(
            _ITEM_SELECT + "WHERE status = 'answered' AND published = 1 AND urgent = 0 "
            "AND board_text IS NOT NULL ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [_item(row) for row in rows]

    # -- outbox ------------------------------------------------------------------------------

    async def list_pending_outbox(self, limit: int = 100) -> list[OutboxRow]:
        rows = await self._read(
            "SELECT id, item_id, kind, urgent FROM outbox WHERE delivered = 0 "
            "ORDER BY urgent DESC, id LIMIT ?",
            (limit,),
        )
        return [OutboxRow(int(r[0]), int(r[1]), str(r[2]), bool(r[3])) for r in rows]

    async def mark_delivered(self, outbox_ids: Sequence[int]) -> None:
        async with self._write() as db:
            for outbox_id in outbox_ids:
                await db.execute("DELETE FROM outbox WHERE id = ?", (outbox_id,))

    async def add_outbox(self, item_id: int, kind: str, *, urgent: bool) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, ?, ?)",
                (item_id, kind, int(urgent)),
            )

    async def count_pending_outbox(self) -> int:
        rows = await self._read("SELECT COUNT(*) FROM outbox WHERE delivered = 0")
        return int(rows[0][0])

    # -- meta values -------------------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        rows = await self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return bytes(rows[0][0]).decode() if rows else None

    async def set_meta(self, key: str, value: str) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value.encode()),
            )

    # -- opt-ins -----------------------------------------------------------------------------

    async def add_opt_in(
        self,
        kind: OptInKind,
        *,
        chat_id: int | None,
        item_id: int | None,
        created_on: date,
        expires_on: date,
        contact_how: str | None = None,
        audience: Audience | None = None,
    ) -> int:
        """One opt-in per chat, kind and item: asking again renews it rather than doubling it."""
        async with self._write() as db:
            if chat_id is not None:
                await db.execute(
                    "DELETE FROM opt_ins WHERE kind = ? AND chat_id = ? AND item_id IS ?",
                    (kind.value, chat_id, item_id),
                )
            cursor = await db.execute(
                "INSERT INTO opt_ins (kind, chat_id, item_id, contact_how, created_on, "
                "expires_on, audience) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    kind.value,
                    chat_id,
                    item_id,
                    contact_how,
                    created_on.isoformat(),
                    expires_on.isoformat(),
                    audience.value if audience else None,
                ),
            )
            return int(cursor.lastrowid or 0)

    async def has_opt_in(self, kind: OptInKind, chat_id: int) -> bool:
        rows = await self._read(
            "SELECT COUNT(*) FROM opt_ins WHERE kind = ? AND chat_id = ?", (kind.value, chat_id)
        )
        return int(rows[0][0]) > 0

    async def delete_opt_ins(self, kind: OptInKind, chat_id: int) -> int:
        async with self._write() as db:
            cursor = await db.execute(
                "DELETE FROM opt_ins WHERE kind = ? AND chat_id = ?", (kind.value, chat_id)
            )
            count = cursor.rowcount
        if count:
            await self.checkpoint()  # the chat id must not linger in the write-ahead log
        return count

    # -- reminders ---------------------------------------------------------------------------

    async def reminder_targets(
        self, reminder: str, today: date
    ) -> list[tuple[int, int, Audience]]:
        """(opt-in id, chat id, audience) of everyone still owed this reminder."""
        rows = await self._read(
            "SELECT o.id, o.chat_id, o.audience FROM opt_ins o WHERE o.kind = 'reminders' "
            "AND o.chat_id IS NOT NULL AND o.expires_on >= ? AND NOT EXISTS ("
            "SELECT 1 FROM reminder_sends r WHERE r.reminder = ? AND r.opt_in_id = o.id"
            ") ORDER BY o.id",
            (today.isoformat(), reminder),
        )
        return [(int(r[0]), int(r[1]), Audience(r[2] or Audience.IN_CARE.value)) for r in rows]

    async def claim_reminder(self, reminder: str, opt_in_id: int, today: date) -> bool:
        """Record the reminder as sent *before* sending, so a crash never sends it twice."""
        async with self._write() as db:
            cursor = await db.execute(
                "INSERT INTO reminder_sends (reminder, opt_in_id, sent_on) VALUES (?, ?, ?) "
                "ON CONFLICT (reminder, opt_in_id) DO NOTHING",
                (reminder, opt_in_id, today.isoformat()),
            )
            return cursor.rowcount > 0

    async def release_reminder(self, reminder: str, opt_in_id: int) -> None:
        """The send failed for a passing reason: let a later attempt try again."""
        async with self._write() as db:
            await db.execute(
                "DELETE FROM reminder_sends WHERE reminder = ? AND opt_in_id = ?",
                (reminder, opt_in_id),
            )

    # -- officer-chat posts that show message text -------------------------------------------

    async def add_officer_post(
        self, officer_chat: int, post: int, posted_at: str, item_id: int | None = None
    ) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO officer_posts (officer_chat, post, posted_at, item_id) "
                "VALUES (?, ?, ?, ?)",
                (officer_chat, post, posted_at, item_id),
            )

    async def officer_posts_of(self, item_id: int) -> list[tuple[int, int, int]]:
        rows = await self._read(
            "SELECT id, officer_chat, post FROM officer_posts WHERE item_id = ? ORDER BY id",
            (item_id,),
        )
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]

    async def officer_posts_before(self, cutoff: str) -> list[tuple[int, int, int]]:
        rows = await self._read(
            "SELECT id, officer_chat, post FROM officer_posts WHERE posted_at < ? ORDER BY id",
            (cutoff,),
        )
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]

    async def delete_officer_post(self, post_id: int) -> None:
        async with self._write() as db:
            await db.execute("DELETE FROM officer_posts WHERE id = ?", (post_id,))

    async def contact_items_of(self, chat_id: int, owner: bytes | None = None) -> list[int]:
        """Items this chat asked to be contacted about (by chat id, or "another way" by owner)."""
        rows = await self._read(
            "SELECT DISTINCT item_id FROM opt_ins WHERE kind = 'contact' AND item_id IS NOT NULL "
            "AND (chat_id = ? OR (owner IS NOT NULL AND owner = ?))",
            (chat_id, owner),
        )
        return [int(r[0]) for r in rows]

    async def delete_opt_ins_for_chat(self, chat_id: int, owner: bytes | None = None) -> int:
        """Every opt-in this chat made: by chat id, and "another way" details by owner hash."""
        async with self._write() as db:
            cursor = await db.execute(
                "DELETE FROM opt_ins WHERE chat_id = ? OR (owner IS NOT NULL AND owner = ?)",
                (chat_id, owner),
            )
            count = cursor.rowcount
            await db.execute(_EXPIRE_ORPHANED_CONTACTS)
        if count:
            await self.checkpoint()
        return count

    async def list_opt_in_chats(self, kind: OptInKind, item_id: int) -> list[tuple[int, int]]:
        """(opt-in id, chat id) for everyone who asked about this item this way."""
        rows = await self._read(
            "SELECT id, chat_id FROM opt_ins WHERE kind = ? AND item_id = ? "
            "AND chat_id IS NOT NULL",
            (kind.value, item_id),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def delete_opt_in(self, opt_in_id: int) -> None:
        async with self._write() as db:
            await db.execute("DELETE FROM opt_ins WHERE id = ?", (opt_in_id,))
        await self.checkpoint()

    async def count_opt_ins(self, chat_id: int) -> int:
        rows = await self._read("SELECT COUNT(*) FROM opt_ins WHERE chat_id = ?", (chat_id,))
        return int(rows[0][0])

    # -- audit -------------------------------------------------------------------------------

    @staticmethod
    async def _audit(
        db: aiosqlite.Connection,
        on_day: date,
        actor: str,
        action: str,
        item_id: int | None,
        detail: str = "",
    ) -> None:
        await db.execute(
            "INSERT INTO audit_log (on_day, actor, action, item_id, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            (on_day.isoformat(), actor, action, item_id, detail),
        )

    async def add_audit(
        self, on_day: date, actor: str, action: str, item_id: int | None, detail: str = ""
    ) -> None:
        async with self._write() as db:
            await self._audit(db, on_day, actor, action, item_id, detail)

    # -- maintenance -------------------------------------------------------------------------

    async def checkpoint(self) -> None:
        """Move the WAL into the database file and truncate it, so deleted text is gone."""
        async with self._lock:
            await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def backup(self, target: Path) -> None:
        """A consistent copy through SQLite itself (never a raw file copy). SQLite refuses to
        overwrite an existing file, so an old backup is never clobbered."""
        async with self._lock:
            try:
                await self._db.execute("VACUUM INTO ?", (str(target),))
            except sqlite3.OperationalError as error:
                raise StoreError(f"could not write the backup to {target}: {error}") from None

    async def pragma(self, name: str) -> Any:
        rows = await self._read(f"PRAGMA {name}")  # names come from our own code only
        return rows[0][0] if rows else None
