"""Store: the only SQL. One aiosqlite connection, numbered migrations, durable writes.

Every write is one `BEGIN IMMEDIATE` transaction committed with `synchronous=FULL` in WAL mode,
so an acknowledged item survives a crash or power cut. SQL is portable (no SQLite-only functions
in queries; dates are ISO text in UTC or local day) so a PostgreSQL store can follow.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import aiosqlite

from bot.store.accounts import AccountsMixin
from bot.store.actions import ActionsMixin
from bot.store.audit import AuditMixin
from bot.store.base import (
    HEALTH_PROBE_KEY,
    NETWORK_FILESYSTEMS,
    PRAGMAS,
    StoreError,
    check_file,
    network_filesystem,
    probe_file,
    tombstone_path,
)
from bot.store.heard import HeardMixin, HeardRow
from bot.store.items import ItemsMixin
from bot.store.migrations import MIGRATIONS, MigrationsMixin
from bot.store.optins import OptInsMixin
from bot.store.outbox import OutboxMixin
from bot.store.queue import QueueMixin
from bot.store.replies import RepliesMixin

__all__ = [
    "HEALTH_PROBE_KEY",
    "MIGRATIONS",
    "NETWORK_FILESYSTEMS",
    "PRAGMAS",
    "HeardRow",
    "Store",
    "StoreError",
    "check_file",
    "network_filesystem",
    "open_store",
    "probe_file",
    "tombstone_path",
]


class Store(
    ItemsMixin,
    ActionsMixin,
    QueueMixin,
    OptInsMixin,
    OutboxMixin,
    RepliesMixin,
    AuditMixin,
    HeardMixin,
    AccountsMixin,
    MigrationsMixin,
):
    """All reads and writes. Statements from concurrent handlers never interleave."""

    @classmethod
    async def open(
        cls, path: Path, *, busy_timeout_ms: int = 5000, full_check: bool = False
    ) -> Store:
        """Open (creating if needed), check integrity, set durable pragmas, migrate."""
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path, isolation_level=None)
        try:
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await cls._check_integrity(db, full=full_check)
            for pragma in PRAGMAS:
                await db.execute(pragma)
            store = cls(db, path)
            await store._migrate()
            await store._reapply_deletions()
        except BaseException:
            await db.close()
            raise
        return store

    async def schema_version(self) -> int:
        """The number of the last migration applied."""
        return int(await self.pragma("user_version"))


if TYPE_CHECKING:
    from bot.config import Settings


async def open_store(settings: Settings, *, full_check: bool = False) -> Store:
    """The store the settings name: PostgreSQL when HYS_DATABASE_URL is set, else the SQLite
    file HYS_DATABASE (the default, for one council on one machine)."""
    if settings.database_url is not None:
        from bot.store.pg import PgStore  # psycopg only when PostgreSQL is used

        # Deletions to re-apply after a restore: beside where the SQLite file would be (the
        # data volume), one file per council.
        tombstones = settings.database.parent / f"{settings.council}.deleted"
        tombstones.parent.mkdir(parents=True, exist_ok=True)
        return await PgStore.open_url(
            settings.database_url.get_secret_value(),
            council=settings.council,
            tombstones=tombstones,
            busy_timeout_ms=settings.db_busy_timeout_ms,
        )
    return await Store.open(
        settings.database, busy_timeout_ms=settings.db_busy_timeout_ms, full_check=full_check
    )
