"""A test's own look at the database behind the bot, whichever store it is (issue 17): the
SQLite file read-only, or the PostgreSQL database as the bot's role and council (row-level
security shows that council's rows alone). The store's SQL is written once for both, so a
test's checking query is too: `?` parameters, translated as the store translates them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from bot.config import Settings
from bot.store import Store
from bot.store.pg import WRITE_LOCK, PgStore
from bot.store.pg_adapter import translate


@dataclass(frozen=True)
class Database:
    """Where a test's bot keeps its rows: a SQLite file, or a PostgreSQL URL and council."""

    path: Path
    url: str | None = None
    council: str = "default"

    @classmethod
    def of(cls, where: Where) -> Database:
        if isinstance(where, Database):
            return where
        if isinstance(where, Path):
            return cls(where)
        if isinstance(where, Settings):
            url = where.database_url.get_secret_value() if where.database_url else None
            return cls(where.database, url, where.council)
        if isinstance(where, PgStore):
            return cls(Path(":memory:"), where._url, where.council)
        return cls(Path(where._path))

    @property
    def is_sqlite(self) -> bool:
        return self.url is None


# A test names the database by its settings, its store, or (SQLite alone) the file.
Where = Settings | Store | Path | Database


def rows(where: Where, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """The rows a query reads, as tuples, from the bot's database as it stands."""
    db = Database.of(where)
    if db.url is None:
        with closing(sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)) as connection:
            return [tuple(r) for r in connection.execute(sql, tuple(params))]
    with psycopg.connect(db.url, autocommit=True) as server:
        server.execute("SELECT set_config('hys.council', %s, false)", (db.council,))
        return [tuple(r) for r in server.execute(translate(sql)[0], tuple(params))]


def execute(where: Where, sql: str, params: Sequence[Any] = ()) -> None:
    """Change the bot's rows behind its back (a test's arrangement), committed at once."""
    db = Database.of(where)
    if db.url is None:
        with closing(sqlite3.connect(db.path)) as connection, connection:
            connection.execute(sql, tuple(params))
        return
    with psycopg.connect(db.url, autocommit=True) as server:
        server.execute("SELECT set_config('hys.council', %s, false)", (db.council,))
        server.execute(translate(sql)[0], tuple(params))


def table_names(where: Where) -> list[str]:
    """Every table of the bot's schema."""
    if Database.of(where).is_sqlite:
        found = rows(where, "SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        found = rows(where, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(str(r[0]) for r in found)


def stored_bytes(where: Where) -> bytes:
    """Everything the database holds: on SQLite its file and write-ahead log, byte for byte
    (freed pages too); on PostgreSQL every row of every table the bot's role can read (the
    server's own files are its administrator's, and deleted rows there are vacuumed)."""
    db = Database.of(where)
    if db.is_sqlite:
        wal = db.path.with_name(db.path.name + "-wal")
        return db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    parts: list[bytes] = []
    for table in table_names(db):
        for row in rows(db, f'SELECT * FROM "{table}"'):  # noqa: S608 -- the catalogue's names
            for value in row:
                if isinstance(value, bytes | memoryview):
                    parts.append(bytes(value))
                elif value is not None:
                    parts.append(str(value).encode())
    return b"\0".join(parts)


@contextmanager
def failing_inserts(where: Where, table: str) -> Iterator[None]:
    """Every insert into `table` fails (as a full disk or a broken constraint would) until the
    block ends, so a test can watch the transaction around it roll back."""
    db = Database.of(where)
    if db.is_sqlite:
        execute(
            db,
            f"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'injected'); END",
        )
        try:
            yield
        finally:
            execute(db, f"DROP TRIGGER fail_{table}")
        return
    execute(
        db,
        "CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'injected'; END $$",
    )
    execute(
        db,
        f"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION fail_insert()",
    )
    try:
        yield
    finally:
        execute(db, f"DROP TRIGGER fail_{table} ON {table}")
        execute(db, "DROP FUNCTION fail_insert()")


@contextmanager
def _sqlite_write_lock(path: Path) -> Iterator[None]:
    """Another connection holds the SQLite file's write lock until the block ends."""
    with closing(sqlite3.connect(path, timeout=0)) as other:
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.rollback()


@contextmanager
def database_down(where: Where) -> Iterator[None]:
    """The bot cannot reach its database until the block ends. SQLite: another process holds
    the file's write lock (the store gives up after its busy timeout). PostgreSQL: the server
    refuses this database's connections and drops the ones the bot holds."""
    db = Database.of(where)
    if db.is_sqlite:
        with _sqlite_write_lock(db.path):
            yield
        return
    assert db.url is not None
    with psycopg.connect(db.url, autocommit=True) as admin:
        name = admin.execute("SELECT current_database()").fetchone()
        assert name is not None
        admin.execute(f'ALTER DATABASE "{name[0]}" CONNECTION LIMIT 0')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        try:
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name[0]}" CONNECTION LIMIT -1')


def database_env(settings: Settings) -> dict[str, str]:
    """The environment naming the settings' database, for the bot's command line."""
    if settings.database_url is None:
        return {"HYS_DATABASE": str(settings.database)}
    return {
        "HYS_DATABASE_URL": settings.database_url.get_secret_value(),
        "HYS_COUNCIL": settings.council,
    }


@contextmanager
def write_lock_held(where: Where) -> Iterator[None]:
    """Another process is in the middle of a write until the block ends: on SQLite it holds
    the file's write lock, on PostgreSQL the council's write lock (bot/store/pg.py)."""
    db = Database.of(where)
    if db.is_sqlite:
        with _sqlite_write_lock(db.path):
            yield
        return
    assert db.url is not None
    with psycopg.connect(db.url) as other:
        other.execute("SELECT set_config('hys.council', %s, false)", (db.council,))
        other.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(current_setting('hys.council')))",
            (WRITE_LOCK,),
        )
        try:
            yield
        finally:
            other.rollback()
