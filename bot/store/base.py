"""Store base: the connection, durable pragmas, file checks and probe, transactions and meta."""

from __future__ import annotations

import asyncio
import os
import secrets
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, closing
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.domain import StoreUnavailable

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
)


T = TypeVar("T")


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


class StoreCore:
    """The connection, its lock and the transaction helpers every part of the store uses."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self._path = path
        self._lock = asyncio.Lock()
        self._tombstones = tombstone_path(path)

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

    @staticmethod
    async def _receipt_hashes(
        db: aiosqlite.Connection, query: str, params: Sequence[Any]
    ) -> list[bytes]:
        async with db.execute(query, params) as cursor:
            return [bytes(r[0]) for r in await cursor.fetchall()]

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

    async def _transact(
        self, work: Callable[[sqlite3.Connection], T], *, exclusive: bool = True
    ) -> T:
        """Run `work` as one `BEGIN IMMEDIATE` transaction in a single trip to the database
        thread: the lock is held for that one trip, not for a round trip per statement (under
        load, each of those waits its turn on the busy event loop). All or nothing: any error
        rolls back and is raised; a failed BEGIN or COMMIT raises StoreUnavailable. On SQLite
        every write transaction is exclusive; `exclusive=False` lets PostgreSQL run this one
        beside others (for work that never reads before it writes)."""
        async with self._lock:
            return await self._on_thread(_transaction, work)

    async def _on_thread(self, function: Callable[..., T], *args: Any) -> T:
        """Call `function(connection, *args)` on the connection's own thread. aiosqlite runs
        every call there but offers no public way to send it a function: this is the one
        place that reaches into it (test_store pins it)."""
        db = self._db
        return await db._execute(function, db._conn, *args)

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

    # -- meta values -------------------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        rows = await self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return bytes(rows[0][0]).decode() if rows else None

    async def claim_meta(self, key: str, value: str) -> bool:
        """Set `key` only if it is not set yet: True for the one caller (of any process) that
        set it. For things done once per occasion, like the daily digest."""
        async with self._write() as db:
            cursor = await db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (key, value.encode()),
            )
            return bool(cursor.rowcount == 1)

    # Whether another process can add to the outbox (see outbox_added). A SQLite file has one
    # process, which wakes its deliverer itself.
    shared = False

    async def outbox_added(self, within: float) -> bool:
        """Wait up to `within` seconds for another process to add to the outbox: True if one
        did. Only a `shared` store is ever told."""
        await asyncio.sleep(within)
        return False

    async def leads(self) -> bool:
        """Whether this process does the background work (delivering the outbox, the daily
        jobs). A SQLite file has one process, so it always does; see PgStore.leads."""
        return True

    async def set_meta(self, key: str, value: str) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value.encode()),
            )

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
        await db.execute(_AUDIT, (on_day.isoformat(), actor, action, item_id, detail))

    # -- maintenance -------------------------------------------------------------------------

    async def checkpoint(self) -> None:
        """Move the WAL into the database file and truncate it, so deleted text is gone."""
        async with self._lock:
            # Read to the end on the database thread: a checkpoint left stepping counts as a
            # statement in progress, and the next transaction's COMMIT would be refused.
            await self._on_thread(_checkpoint)

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


def audit(
    db: sqlite3.Connection,
    on_day: date,
    actor: str,
    action: str,
    item_id: int | None,
    detail: str = "",
) -> None:
    """The audit line of a transaction run on the database thread (see `_transact`)."""
    db.execute(_AUDIT, (on_day.isoformat(), actor, action, item_id, detail))


_AUDIT = "INSERT INTO audit_log (on_day, actor, action, item_id, detail) VALUES (?, ?, ?, ?, ?)"


def _transaction(db: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """On the database thread: BEGIN IMMEDIATE, the work, COMMIT (ROLLBACK on any error)."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise StoreUnavailable(str(error)) from None
    try:
        result = work(db)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    try:
        db.execute("COMMIT")
    except sqlite3.OperationalError as error:
        db.execute("ROLLBACK")
        raise StoreUnavailable(str(error)) from None
    return result


def _checkpoint(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
