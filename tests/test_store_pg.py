"""PostgreSQL only: its migrations table, several processes migrating at once, pg_dump backups,
the migrate command, a URL's password kept out of every message, and a child's whole journey
through the real app with its words stored on the server."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from bot.config import ConfigError, Settings, load_settings
from bot.content import Content
from bot.domain import Audience, ItemKind, NewItem
from bot.store import Store, StoreError, open_store
from bot.store.pg import PgStore
from bot.store.pg_schema import PG_MIGRATIONS
from tests.conftest import ROOT, make_harness
from tests.pg import SUPERUSER, USER, Cluster

TODAY = date(2026, 11, 22)


def rows(url: str, sql: str, council: str = "default") -> list[tuple[object, ...]]:
    """Read as the bot's role, as one council (row-level security shows only its rows)."""
    with psycopg.connect(url) as db:
        db.execute("SELECT set_config('hys.council', %s, false)", (council,))
        return list(db.execute(sql))


async def add(store: Store, text: str) -> int:
    return await store.add_item(
        NewItem(kind=ItemKind.FEEDBACK, audience=Audience.CARER, text=text),
        receipt_hash=hashlib.sha256(text.encode()).digest(),
        dedupe_key=None,
        created_on=TODAY,
        expires_on=TODAY + timedelta(days=365),
    )


async def test_an_empty_database_gets_every_migration_once_in_a_migrations_table(
    pg_cluster: Cluster,
) -> None:
    url = pg_cluster.new_database()

    # Three processes starting together against a new database: one migrates, all open.
    stores = await asyncio.gather(*(PgStore.open_url(url) for _ in range(3)))
    for store in stores:
        await store.close()

    applied = rows(url, "SELECT version FROM schema_migrations ORDER BY version")
    assert applied == [(n,) for n in range(1, len(PG_MIGRATIONS) + 1)]
    store = await PgStore.open_url(url)  # reopening migrates nothing
    await store.close()
    assert len(rows(url, "SELECT version FROM schema_migrations")) == len(PG_MIGRATIONS)


async def test_a_database_from_a_newer_version_is_refused(pg_url: str) -> None:
    with psycopg.connect(pg_url) as db:
        db.execute("INSERT INTO schema_migrations VALUES (99, 'later')")

    with pytest.raises(StoreError, match="newer version"):
        await PgStore.open_url(pg_url)


async def test_an_unreachable_server_is_a_plain_error_without_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot.telegram.fakebot import free_port

    url = f"postgresql://hys:Sup3rSecretPw@127.0.0.1:{free_port()}/nothing?connect_timeout=2"
    settings = Settings(database_url=url)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(StoreError, match="cannot be reached") as raised:
        await asyncio.wait_for(open_store(settings), timeout=60)

    assert "Sup3rSecretPw" not in str(raised.value)
    assert "Sup3rSecretPw" not in caplog.text
    assert "Sup3rSecretPw" not in repr(settings)


def test_a_database_url_that_is_not_postgresql_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HYS_DATABASE_URL", "mysql://root:hunter2@db/hys")

    with pytest.raises(ConfigError) as raised:
        load_settings()

    assert "HYS_DATABASE_URL" in str(raised.value)
    assert "hunter2" not in str(raised.value)


async def restore(cluster: Cluster, dump: Path) -> str:
    """A new database with `dump` restored into it by the server's superuser (the rows'
    policies would refuse the bot's role); its URL, as the bot's role."""
    url = cluster.new_database()
    await asyncio.to_thread(
        subprocess.run,
        ["pg_restore", f"--dbname={url.replace(f'{USER}@', f'{SUPERUSER}@')}", str(dump)],
        check=True,
        capture_output=True,
    )
    return url


async def test_a_backup_is_pg_dump_and_restores_with_pg_restore(
    pg_cluster: Cluster, pg_url: str, tmp_path: Path
) -> None:
    store = await PgStore.open_url(pg_url)
    try:
        for n in range(5):
            await add(store, f"message {n}")
        target = tmp_path / "nightly.dump"
        await store.backup(target)
        with pytest.raises(StoreError, match="already exists"):
            await store.backup(target)
    finally:
        await store.close()

    fresh = await restore(pg_cluster, target)
    assert rows(fresh, "SELECT COUNT(*) FROM items") == [(5,)]
    restored = await PgStore.open_url(fresh)
    try:
        assert (await restored.get_item(5)) is not None
        assert await restored.schema_version() == len(PG_MIGRATIONS)
    finally:
        await restored.close()


async def test_a_restored_pg_dump_forgets_what_was_deleted_since(
    pg_cluster: Cluster, pg_url: str, tmp_path: Path
) -> None:
    """R-06 on PostgreSQL: yesterday's dump restored after a deletion and a purge; the bot
    starting on it deletes them again from its own file of receipt hashes."""
    settings = Settings(database=tmp_path / "data" / "unused.sqlite3", database_url=pg_url)
    store = await open_store(settings)
    try:
        keep = await add(store, "keep me")
        gone = await add(store, "DELETE-ME-AFTER-THE-BACKUP")
        dump = tmp_path / "nightly.dump"
        await store.backup(dump)
        assert await store.delete_item(gone, on_day=TODAY, actor="young_person")
    finally:
        await store.close()

    restored = await restore(pg_cluster, dump)  # disaster: yesterday's dump is put back
    assert rows(restored, "SELECT COUNT(*) FROM items") == [(2,)]  # it came back
    reopened = await open_store(Settings(database=settings.database, database_url=restored))
    try:
        assert await reopened.get_item(keep) is not None
        assert await reopened.get_item(gone) is None
    finally:
        await reopened.close()
    tombstones = (tmp_path / "data" / "default.deleted").read_text()
    assert "DELETE-ME" not in tombstones
    assert [len(line) for line in tombstones.split()] == [64]  # a hash, nothing readable


def test_the_migrate_command_migrates_a_postgresql_database(pg_cluster: Cluster) -> None:
    url = pg_cluster.new_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}
    env["HYS_DATABASE_URL"] = url

    def migrate() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "migrate"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    assert f"{len(PG_MIGRATIONS)} migration(s) applied now" in migrate()
    assert "0 migration(s) applied now" in migrate()


async def test_a_childs_message_reaches_the_officers_through_postgresql(
    pg_url: str, settings: Settings, content: Content
) -> None:
    """The real app on PostgreSQL: a young person's feedback is stored with its alert in one
    transaction, acknowledged with a receipt, and the alert reaches the officers' chat."""
    from bot.app import offline
    from tests.test_feedback import plain, submit

    settings = settings.model_copy(
        update={"database_url": Settings(database_url=pg_url).database_url}
    )
    harness, errors = await make_harness(settings, content)
    async with offline(harness.app):
        ack = await submit(harness, "The wifi in my room never works")
        assert "Your code is" in plain(ack)
        assert rows(pg_url, "SELECT kind, audience, theme, text, status FROM items") == [
            ("feedback", "in_care", "home", "The wifi in my room never works", "received")
        ]
        assert rows(pg_url, "SELECT kind, delivered FROM outbox") == [("new_item", 0)]
        await harness.app.bot_data["services"].store.close()
    assert errors == []
    assert not settings.database.exists()  # nothing was written to a SQLite file


def test_the_health_check_writes_to_the_server_and_says_plainly_what_is_wrong(
    pg_cluster: Cluster, pg_url: str, tmp_path: Path
) -> None:
    from bot.domain import utc_now
    from bot.services.health import HeartbeatService, health_problem
    from bot.telegram.fakebot import free_port

    heartbeat = HeartbeatService(tmp_path / "heartbeat", utc_now)
    heartbeat.beat()
    missing = tmp_path / "no.sqlite3"  # the SQLite file is not used with a server

    assert health_problem(heartbeat, missing, utc_now, 1000, pg_url) is None
    assert rows(pg_url, "SELECT key FROM meta WHERE key = 'health_probe'") == [("health_probe",)]
    empty = pg_cluster.new_database()
    assert "has not been set up" in str(health_problem(heartbeat, missing, utc_now, 1000, empty))
    gone = f"postgresql://hys:Pw0rdXY@127.0.0.1:{free_port()}/x?connect_timeout=2"
    problem = str(health_problem(heartbeat, missing, utc_now, 1000, gone))
    assert "cannot be used" in problem
    assert "Pw0rdXY" not in problem


async def test_closing_while_a_waiter_connects_to_listen_leaves_no_connection_open(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A waiter for the officers' outbox was making its LISTEN connection as the store closed:
    that connection is closed too, not left for the garbage collector; and one that comes
    after close() makes none."""
    store = await PgStore.open_url(pg_url)
    connect, connecting = psycopg.connect, threading.Event()

    def slow_connect(*args: Any, **kwargs: Any) -> Any:
        connecting.set()
        time.sleep(0.3)  # still connecting when close() runs
        return connect(*args, **kwargs)

    monkeypatch.setattr(psycopg, "connect", slow_connect)
    waiting = asyncio.create_task(store.outbox_added(0.5))
    assert await asyncio.to_thread(connecting.wait, 10)
    await store.close()
    assert await waiting is False
    monkeypatch.undo()
    assert await store.outbox_added(0.1) is False  # a waiter after close() connects to nothing

    with psycopg.connect(pg_url) as db:
        others = db.execute(
            "SELECT COUNT(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert others == (0,)
