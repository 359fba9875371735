"""psycopg 3 in the shape the store's SQL was written for (sqlite3's and aiosqlite's calls):
`?` parameters, `lastrowid` after an insert, rows fetched at once, and PostgreSQL's errors
raised as the DB-API classes sqlite3 names, so no service knows which database it has."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Callable, Generator, Iterator, Sequence
from functools import lru_cache
from typing import Any

import psycopg

from bot.domain import StoreUnavailable

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
# Keys councils could share include the council on PostgreSQL (pg_schema.py).
_TENANT_KEYS = {
    "ON CONFLICT (key)": "ON CONFLICT (council, key)",
    "ON CONFLICT (update_id)": "ON CONFLICT (council, update_id)",
}


@lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, bool]:
    """The store's SQL for psycopg, and whether an id comes back (the insert's `lastrowid`)."""
    returning = False
    insert = _INSERT.match(sql)
    if insert and insert.group(1) in _ID_TABLES and "RETURNING" not in sql.upper():
        sql, returning = sql.rstrip().rstrip(";") + " RETURNING id", True
    for shared, per_council in _TENANT_KEYS.items():
        sql = sql.replace(shared, per_council)
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
            cursor = self._connection.execute(query, values_of(params))
        except psycopg.Error as error:
            raise as_dbapi(error) from None
        return Cursor(cursor, returning)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        query, _ = translate(sql)
        with self._connection.cursor() as cursor:
            cursor.executemany(query, [values_of(r) for r in rows])


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


def values_of(params: Sequence[Any]) -> tuple[Any, ...]:
    """PostgreSQL's text cannot hold NUL (SQLite's can): it becomes U+FFFD, as a lone
    surrogate does, so such a message is stored rather than lost."""
    return tuple(p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params)


def as_dbapi(error: psycopg.Error) -> Exception:
    """The store's callers catch DB-API errors as sqlite3 names them (a receipt code that
    collided is an IntegrityError naming receipt_hash): PostgreSQL's are raised as the same
    classes, so no service knows which database it has. A lost server is StoreUnavailable."""
    if isinstance(error, psycopg.IntegrityError):
        return sqlite3.IntegrityError(plain(error))
    if isinstance(error, psycopg.OperationalError):
        return StoreUnavailable(plain(error))
    return sqlite3.DatabaseError(plain(error))


def plain(error: BaseException) -> str:
    """psycopg's message, first line only (never a connection string)."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
