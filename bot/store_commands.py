"""The database commands: check-db, migrate and backup, on SQLite or PostgreSQL."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from bot.config import Settings


async def check_db(settings: Settings) -> int:
    """The full integrity check start-up leaves out (start-up runs the quick one)."""
    from bot.store import StoreError, open_store

    if settings.database_url is not None:
        print(
            "HYS_DATABASE_URL names a PostgreSQL database: its integrity is the server's "
            "(data checksums, pg_amcheck); this command checks a SQLite file only"
        )
        return 0
    try:
        store = await open_store(settings, full_check=True)
    except StoreError as error:
        print(f"Not healthy: {error}", file=sys.stderr)
        return 1
    await store.close()
    print("The database passed SQLite's full integrity check")
    return 0


async def migrate(settings: Settings) -> int:
    """Apply the numbered migrations (start-up does the same) and say what was done."""
    import sqlite3

    from bot.store import StoreError, open_store

    before = 0
    if settings.database_url is None and settings.database.exists():
        with contextlib.closing(sqlite3.connect(settings.database)) as db:
            before = int(db.execute("PRAGMA user_version").fetchone()[0])
    elif settings.database_url is not None:
        before = await _pg_schema_version(settings.database_url.get_secret_value())
    try:
        store = await open_store(settings)
    except StoreError as error:
        print(f"Not migrated: {error}", file=sys.stderr)
        return 1
    after = await store.schema_version()
    await store.close()
    print(f"The database is at schema {after}: {after - before} migration(s) applied now.")
    return 0


async def _pg_schema_version(url: str) -> int:
    """The schema of a PostgreSQL database before migrating (0 if new or unreachable: opening
    the store then says why)."""
    import psycopg

    try:
        async with await psycopg.AsyncConnection.connect(url, connect_timeout=15) as db:
            cursor = await db.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
            found = await cursor.fetchone()
            if not found or not found[0]:
                return 0
            cursor = await db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            row = await cursor.fetchone()
            return int(row[0]) if row else 0
    except psycopg.Error:
        return 0


async def backup(settings: Settings, target: Path) -> int:
    from bot.store import StoreError, open_store

    store = await open_store(settings)
    try:
        await store.backup(target)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        await store.close()
    if settings.database_url is not None:
        print(f"Backed up with PostgreSQL's pg_dump to {target} (restore it with pg_restore)")
    else:
        print(f"Backed up to {target}")
    return 0
