"""The store on PostgreSQL (HYS_DATABASE_URL): every query the SQLite store makes, through psycopg
3 and a connection pool, so both stores behave the same.

The store's SQL is portable (question-mark parameters, ISO days as text, 0/1 flags); the few
translations are in pg_adapter.py. Each store belongs to one council (its rows alone, walled by
row-level security: pg_schema.py). Writes are serialised per council by a transaction-level
advisory lock, as SQLite's `BEGIN IMMEDIATE` serialises them, so every read-then-write the store
does (a wait clock tick, a duplicate check) means the same on both, across any number of
processes; storing a message, which never reads before it writes, does not wait; reads never do.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg_pool import ConnectionPool

from bot.domain import StoreUnavailable
from bot.store import Store
from bot.store.base import StoreError
from bot.store.pg_adapter import AsyncConnection, Connection, as_dbapi, plain
from bot.store.pg_schema import PG_MIGRATIONS

log = logging.getLogger("bot.store")
T = TypeVar("T")

# Advisory locks (their key space is the database's; these classes are ours: "hys" in ASCII),
# each taken per council (the second key), so councils never wait for each other.
WRITE_LOCK = 0x687973  # every exclusive write of one council
MIGRATE_LOCK = WRITE_LOCK + 1  # the schema: several processes starting at once, one at a time
LEAD_LOCK = WRITE_LOCK + 2  # held by the one process doing a council's background work
COUNCIL = "default"  # the council of a single-council service
BUSY_TIMEOUT_MS = 5000  # HYS_DB_BUSY_TIMEOUT_MS's default
_LOCK_WRITES = "SELECT pg_advisory_xact_lock(%s, hashtext(current_setting('hys.council')))"
_TRY_LEAD = "SELECT pg_try_advisory_lock(%s, hashtext(current_setting('hys.council')))"


def _belong(
    connection: psycopg.Connection[Any], council: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> None:
    """Every connection of a council's store says whose it is, for the row-level security
    policies and the columns' defaults (pg_schema.py), and waits for a lock (another
    process's write) no longer than HYS_DB_BUSY_TIMEOUT_MS, as SQLite's busy timeout: then
    the write fails as StoreUnavailable ("couldn't save, try again") instead of hanging."""
    connection.execute(
        "SELECT set_config('hys.council', %s, false), set_config('lock_timeout', %s, false)",
        (council, f"{max(1, busy_timeout_ms)}ms"),  # 0 would mean no limit on PostgreSQL
    )
    if not connection.autocommit:
        connection.commit()


class PgStore(Store):
    """The store on a PostgreSQL server: same methods, same behaviour."""

    _CLAIM_LOCK = " FOR UPDATE SKIP LOCKED"
    shared = True  # several processes may share the database

    def __init__(
        self,
        pool: ConnectionPool[Any],
        url: str,
        council: str = COUNCIL,
        tombstones: Path | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        # No SQLite connection: every StoreCore entry point is replaced below.
        self._pool = pool
        self._url = url
        self.council = council
        self._busy_timeout_ms = busy_timeout_ms
        # Deletions are noted in this process's own file (receipt hashes only) and re-applied
        # when it starts, so a restored pg_dump cannot bring them back; none: not noted.
        self._path = tombstones or Path(":memory:")
        self._tombstones = self._path
        self._lock = asyncio.Lock()
        self._leader: psycopg.Connection[Any] | None = None
        self._holds = False
        self._listener: psycopg.Connection[Any] | None = None
        # Held while the LISTEN connection is made or closed: a waiter that was connecting as
        # close() ran must not keep a connection nobody will close.
        self._listening = threading.Lock()
        self._closed = False

    @classmethod
    async def open_url(
        cls,
        url: str,
        *,
        council: str = COUNCIL,
        max_connections: int = 8,
        tombstones: Path | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> PgStore:
        """Connect (a pool whose every connection belongs to `council`), migrate, and return
        the store. Everything it reads or writes is that council's alone: the database's
        row-level security refuses any other council's rows."""
        pool: ConnectionPool[Any] = ConnectionPool(
            url,
            min_size=1,
            max_size=max_connections,
            open=False,
            name="hys",
            configure=functools.partial(_belong, council=council, busy_timeout_ms=busy_timeout_ms),
        )
        try:
            await asyncio.to_thread(pool.open, True, 15.0)
        except psycopg.Error as error:
            await asyncio.to_thread(pool.close)
            raise StoreError(
                f"the PostgreSQL database cannot be reached: {plain(error)}"
            ) from None
        except Exception as error:  # the pool's own timeout
            await asyncio.to_thread(pool.close)
            raise StoreError(
                f"the PostgreSQL database cannot be reached: {plain(error)}"
            ) from None
        store = cls(pool, url, council, tombstones, busy_timeout_ms)
        try:
            await asyncio.to_thread(store._migrate_now)
            await store._reapply_deletions()
        except BaseException:
            await store.close()
            raise
        return store

    # -- the StoreCore entry points ----------------------------------------------------------

    async def close(self) -> None:
        self._closed = True
        async with self._lock:
            if self._leader is not None:
                await asyncio.to_thread(self._leader.close)
                self._leader = None
        await asyncio.to_thread(self._stop_listening)
        await asyncio.to_thread(self._pool.close)

    def _stop_listening(self) -> None:
        with self._listening:
            if self._listener is not None:
                self._listener.close()

    async def outbox_added(self, within: float) -> bool:
        """True when any process adds to this council's outbox (NOTIFY from a trigger, on a
        connection of its own that LISTENs); False after `within` seconds without one."""
        return await asyncio.to_thread(self._wait_for_outbox, within)

    def _wait_for_outbox(self, within: float) -> bool:
        try:
            listener = self._listen()
            if listener is None:  # closed
                return False
            return any(
                note.payload == self.council
                for note in listener.notifies(timeout=within, stop_after=1)
            )
        except psycopg.Error:  # the server went, or we closed it: try again next time
            time.sleep(within)
            return False

    def _listen(self) -> psycopg.Connection[Any] | None:
        """The LISTEN connection, made if need be; None once the store is closed."""
        with self._listening:
            if self._closed:
                return None
            if self._listener is None or self._listener.closed:
                connection = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
                try:
                    connection.execute("LISTEN hys_outbox")
                except BaseException:
                    connection.close()
                    raise
                self._listener = connection
            return self._listener

    async def leads(self) -> bool:
        """Several processes share one database: one of them (whichever took the lock first)
        delivers the outbox and runs the daily jobs, so each alert goes out once and each job
        runs once. The lock is PostgreSQL's, held by a connection of its own: if that process
        dies its connection goes and, within one round, another process takes over."""
        async with self._lock:
            return await asyncio.to_thread(self._lead)

    def _lead(self) -> bool:
        try:
            if self._leader is None or self._leader.closed:
                self._leader = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
                _belong(self._leader, self.council, self._busy_timeout_ms)
                self._holds = False
            if self._holds:
                self._leader.execute("SELECT 1")  # still connected: still holds the lock
                return True
            row = self._leader.execute(_TRY_LEAD, (LEAD_LOCK,)).fetchone()
            self._holds = bool(row and row[0])
        except psycopg.Error:
            if self._leader is not None:
                self._leader.close()
            self._leader, self._holds = None, False
        return self._holds

    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        try:
            with self._pool.connection() as connection:
                if write:
                    _lock_writes(connection)
                return work(Connection(connection))
        except psycopg.OperationalError as error:
            raise StoreUnavailable(plain(error)) from None

    async def _transact(self, work: Callable[[Any], T], *, exclusive: bool = True) -> T:
        return await asyncio.to_thread(self._run, work, write=exclusive)

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[Any]:
        try:
            connection = await asyncio.to_thread(self._pool.getconn)
        except psycopg.Error as error:
            raise StoreUnavailable(plain(error)) from None
        try:
            try:
                await asyncio.to_thread(_lock_writes, connection)
                yield AsyncConnection(Connection(connection))
            except BaseException:
                # A lost connection's transaction is gone with it: the error to raise is the
                # first one (StoreUnavailable), not the failed rollback's.
                with contextlib.suppress(psycopg.Error):
                    await asyncio.to_thread(connection.rollback)
                raise
            try:
                await asyncio.to_thread(connection.commit)
            except psycopg.OperationalError as error:
                raise StoreUnavailable(plain(error)) from None
        finally:
            await asyncio.to_thread(self._pool.putconn, connection)

    async def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        def work(db: Connection) -> list[Any]:
            return db.execute(sql, params).fetchall()

        return await asyncio.to_thread(self._run, work, write=False)

    async def checkpoint(self) -> None:
        """Nothing to do: PostgreSQL's autovacuum reclaims deleted rows (see README)."""

    async def backup(self, target: Path) -> None:
        """A consistent copy of this council's rows by PostgreSQL's own pg_dump (custom format,
        for pg_restore). A whole shared database is backed up by its administrator."""
        if await asyncio.to_thread(target.exists):
            raise StoreError(f"could not write the backup to {target}: it already exists")
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise StoreError("pg_dump is not installed: install PostgreSQL's client tools")
        # This council's rows only (row-level security applies to the dump): restoring it
        # needs a role that bypasses row-level security, such as the server's superuser.
        done = await asyncio.to_thread(
            subprocess.run,
            [
                pg_dump,
                "--format=custom",
                "--enable-row-security",
                f"--file={target}",
                f"--dbname={self._url}",
            ],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ | {"PGOPTIONS": f"-c hys.council={self.council}"},
        )
        if done.returncode != 0:
            await asyncio.to_thread(target.unlink, missing_ok=True)
            raise StoreError(f"pg_dump could not write the backup: {_plain_text(done.stderr)}")

    async def schema_version(self) -> int:
        rows = await self._read("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        return int(rows[0][0])

    # -- migrations --------------------------------------------------------------------------

    def _migrate_now(self) -> None:
        with self._pool.connection() as connection:
            # Another process may be migrating (or reading) for longer than a busy timeout.
            connection.execute("SET LOCAL lock_timeout = 0")
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            row = connection.execute(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"
            ).fetchone()
            version = int(row[0]) if row else 0
            if version > len(PG_MIGRATIONS):
                raise StoreError(
                    f"the database is from a newer version (schema {version}); update the bot"
                )
            for number, script in enumerate(PG_MIGRATIONS[version:], start=version + 1):
                connection.execute(script)
                connection.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (%s, %s)",
                    (number, datetime.now(UTC).isoformat(timespec="seconds")),
                )
                log.info("Database migrated to schema %d", number)
            if version < len(PG_MIGRATIONS):
                connection.execute("ANALYZE")


def _lock_writes(connection: psycopg.Connection[Any]) -> None:
    """Take the council's write lock; waiting past the busy timeout, or a lost server, is the
    store being unavailable, as for every other statement (pg_adapter.as_dbapi)."""
    try:
        connection.execute(_LOCK_WRITES, (WRITE_LOCK,))
    except psycopg.Error as error:
        raise as_dbapi(error) from None


def probe_server(
    url: str, *, stamp: str, council: str = COUNCIL, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> None:
    """For the health check: the server answers, the schema is there, and it takes a committed
    write (to one meta key) within the busy timeout. Raises StoreError with one plain line
    (never the URL)."""
    from bot.store.base import HEALTH_PROBE_KEY

    try:
        with psycopg.connect(url, connect_timeout=10) as db:
            _belong(db, council, busy_timeout_ms)
            found = db.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
            if not found or not found[0]:
                raise StoreError("the PostgreSQL database has not been set up; start the bot once")
            db.execute(_LOCK_WRITES, (WRITE_LOCK,))
            db.execute(
                "INSERT INTO meta (key, value) VALUES (%s, %s) "
                "ON CONFLICT (council, key) DO UPDATE SET value = excluded.value",
                (HEALTH_PROBE_KEY, stamp.encode()),
            )
    except psycopg.errors.LockNotAvailable:
        raise StoreError(
            f"the PostgreSQL database stayed locked for {busy_timeout_ms} ms, so it could not "
            "be written; is another process holding a write open?"
        ) from None
    except psycopg.Error as error:
        raise StoreError(f"the PostgreSQL database cannot be used: {plain(error)}") from None


def _plain_text(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"
