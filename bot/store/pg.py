"""The store on PostgreSQL (HYS_DATABASE_URL): every query the SQLite store makes, through psycopg
3 and a connection pool, so both stores behave the same.

The store's SQL is portable (question-mark parameters, ISO days as text, 0/1 flags); the one
translation here turns `?` into psycopg's `%s` and adds `RETURNING id` to an insert whose new id
is wanted. Writes are serialised by a transaction-level advisory lock, as SQLite's `BEGIN
IMMEDIATE` serialises them, so every read-then-write the store does (a wait clock tick, a
duplicate check) means the same on both, across any number of processes; reads never wait.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import sqlite3
import subprocess
from collections.abc import AsyncIterator, Callable, Generator, Iterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg_pool import ConnectionPool

from bot.domain import StoreUnavailable
from bot.store import Store
from bot.store.base import StoreError
from bot.store.pg_schema import PG_MIGRATIONS

log = logging.getLogger("bot.store")
T = TypeVar("T")

# Tables whose rows have an identity id the store may ask for after an insert.
_ID_TABLES = frozenset(
    {
        "items",
        "outbox",
        "opt_ins",
        "audit_log",
        "actions",
        "officer_posts",
        "replies",
        "officer_accounts",
    }
)
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
# One lock for every write of this store (pg_advisory_xact_lock's key space is shared by the
# database; this key is ours): "hys" in ASCII.
WRITE_LOCK = 0x687973
# The migrations of several processes starting at once: one at a time.
MIGRATE_LOCK = WRITE_LOCK + 1
# Held (for as long as its connection lives) by the one process that does the background work.
LEAD_LOCK = WRITE_LOCK + 2


@lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, bool]:
    """The store's SQL for psycopg, and whether an id comes back (the insert's `lastrowid`)."""
    returning = False
    insert = _INSERT.match(sql)
    if insert and insert.group(1) in _ID_TABLES and "RETURNING" not in sql.upper():
        sql, returning = sql.rstrip().rstrip(";") + " RETURNING id", True
    return sql.replace("%", "%%").replace("?", "%s"), returning


class Cursor:
    """What the store reads from a statement: its rows (fetched at once), rowcount, lastrowid."""

    def __init__(self, cursor: psycopg.Cursor[Any], returning: bool) -> None:
        self.rowcount = cursor.rowcount
        self.lastrowid: int | None = None
        rows = cursor.fetchall() if cursor.description is not None else []
        if returning:
            self.lastrowid = int(rows[0][0]) if rows else None
            rows = []
        self._rows = rows
        self._next = 0

    def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Any]:
        rows, self._next = self._rows[self._next :], len(self._rows)
        return rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class Connection:
    """A psycopg connection with sqlite3's calls (execute, executemany), for the work functions
    the store runs as one transaction."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        query, returning = translate(sql)
        try:
            cursor = self._connection.execute(query, _values(params))
        except psycopg.Error as error:
            raise _as_dbapi(error) from None
        return Cursor(cursor, returning)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        query, _ = translate(sql)
        with self._connection.cursor() as cursor:
            cursor.executemany(query, [_values(r) for r in rows])


class AsyncCursor:
    def __init__(self, cursor: Cursor) -> None:
        self._cursor = cursor
        self.rowcount = cursor.rowcount
        self.lastrowid = cursor.lastrowid

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()


class _Pending:
    """`await db.execute(...)` and `async with db.execute(...) as cursor`, as in aiosqlite."""

    def __init__(self, run: Callable[[], Cursor]) -> None:
        self._run = run

    def __await__(self) -> Generator[Any, None, AsyncCursor]:
        return self._result().__await__()

    async def _result(self) -> AsyncCursor:
        return AsyncCursor(await asyncio.to_thread(self._run))

    async def __aenter__(self) -> AsyncCursor:
        return await self._result()

    async def __aexit__(self, *exc: object) -> None:
        return None


class AsyncConnection:
    """The connection a `_write()` block uses: each statement runs on a worker thread."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Pending:
        return _Pending(lambda: self._connection.execute(sql, params))


def _values(params: Sequence[Any]) -> tuple[Any, ...]:
    """PostgreSQL's text cannot hold NUL (SQLite's can): it becomes U+FFFD, as a lone
    surrogate does, so such a message is stored rather than lost."""
    return tuple(p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params)


def _as_dbapi(error: psycopg.Error) -> Exception:
    """The store's callers catch DB-API errors as sqlite3 names them (a receipt code that
    collided is an IntegrityError naming receipt_hash): PostgreSQL's are raised as the same
    classes, so no service knows which database it has. A lost server is StoreUnavailable."""
    if isinstance(error, psycopg.IntegrityError):
        return sqlite3.IntegrityError(_plain(error))
    if isinstance(error, psycopg.OperationalError):
        return StoreUnavailable(_plain(error))
    return sqlite3.DatabaseError(_plain(error))


def _plain(error: BaseException) -> str:
    """psycopg's message, first line only (never a connection string)."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


class PgStore(Store):
    """The store on a PostgreSQL server: same methods, same behaviour."""

    def __init__(self, pool: ConnectionPool[Any], url: str) -> None:
        # No SQLite connection: every StoreCore entry point is replaced below.
        self._pool = pool
        self._url = url
        self._path = Path(":memory:")  # no file, so nothing is buried next to one
        self._lock = asyncio.Lock()
        self._leader: psycopg.Connection[Any] | None = None
        self._holds = False

    @classmethod
    async def open_url(cls, url: str, *, max_connections: int = 8) -> PgStore:
        """Connect (a pool), migrate, and return the store."""
        pool: ConnectionPool[Any] = ConnectionPool(
            url, min_size=1, max_size=max_connections, open=False, name="hys"
        )
        try:
            await asyncio.to_thread(pool.open, True, 15.0)
        except psycopg.Error as error:
            await asyncio.to_thread(pool.close)
            raise StoreError(
                f"the PostgreSQL database cannot be reached: {_plain(error)}"
            ) from None
        except Exception as error:  # the pool's own timeout
            await asyncio.to_thread(pool.close)
            raise StoreError(
                f"the PostgreSQL database cannot be reached: {_plain(error)}"
            ) from None
        store = cls(pool, url)
        try:
            await asyncio.to_thread(store._migrate_now)
        except BaseException:
            await store.close()
            raise
        return store

    # -- the StoreCore entry points ----------------------------------------------------------

    async def close(self) -> None:
        async with self._lock:
            if self._leader is not None:
                await asyncio.to_thread(self._leader.close)
                self._leader = None
        await asyncio.to_thread(self._pool.close)

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
                self._holds = False
            if self._holds:
                self._leader.execute("SELECT 1")  # still connected: still holds the lock
                return True
            row = self._leader.execute("SELECT pg_try_advisory_lock(%s)", (LEAD_LOCK,)).fetchone()
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
                    connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                return work(Connection(connection))
        except psycopg.OperationalError as error:
            raise StoreUnavailable(_plain(error)) from None

    async def _transact(self, work: Callable[[Any], T], *, exclusive: bool = True) -> T:
        return await asyncio.to_thread(self._run, work, write=exclusive)

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[Any]:
        try:
            connection = await asyncio.to_thread(self._pool.getconn)
        except psycopg.Error as error:
            raise StoreUnavailable(_plain(error)) from None
        try:
            try:
                await asyncio.to_thread(
                    connection.execute, "SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,)
                )
                yield AsyncConnection(Connection(connection))
            except BaseException:
                await asyncio.to_thread(connection.rollback)
                raise
            try:
                await asyncio.to_thread(connection.commit)
            except psycopg.OperationalError as error:
                raise StoreUnavailable(_plain(error)) from None
        finally:
            await asyncio.to_thread(self._pool.putconn, connection)

    async def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        def work(db: Connection) -> list[Any]:
            return db.execute(sql, params).fetchall()

        return await asyncio.to_thread(self._run, work, write=False)

    async def checkpoint(self) -> None:
        """Nothing to do: PostgreSQL's autovacuum reclaims deleted rows (see README)."""

    async def backup(self, target: Path) -> None:
        """A consistent copy by PostgreSQL's own pg_dump (custom format, for pg_restore)."""
        if await asyncio.to_thread(target.exists):
            raise StoreError(f"could not write the backup to {target}: it already exists")
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise StoreError("pg_dump is not installed: install PostgreSQL's client tools")
        done = await asyncio.to_thread(
            subprocess.run,
            [pg_dump, "--format=custom", f"--file={target}", f"--dbname={self._url}"],
            capture_output=True,
            text=True,
            check=False,
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


def probe_server(url: str, *, stamp: str) -> None:
    """For the health check: the server answers, the schema is there, and it takes a committed
    write (to one meta key). Raises StoreError with one plain line (never the URL)."""
    from bot.store.base import HEALTH_PROBE_KEY

    try:
        with psycopg.connect(url, connect_timeout=10) as db:
            found = db.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
            if not found or not found[0]:
                raise StoreError("the PostgreSQL database has not been set up; start the bot once")
            db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            db.execute(
                "INSERT INTO meta (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (HEALTH_PROBE_KEY, stamp.encode()),
            )
    except psycopg.Error as error:
        raise StoreError(f"the PostgreSQL database cannot be used: {_plain(error)}") from None


def _plain_text(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"
