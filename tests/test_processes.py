"""Several processes on one PostgreSQL database: one of them does the background work (the
outbox, the daily jobs), so each alert goes out once and each job runs once, and when it dies
another takes over; updates are taken once whichever process gets them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from bot.app import offline
from bot.config import Settings
from bot.content import Content
from bot.store import Store
from bot.store.pg import PgStore
from bot.telegram.context import BotContext
from bot.telegram.fakebot import Person, UpdateFactory
from bot.telegram.jobs import leader_only
from tests.conftest import OFFICER_CHAT_ID, make_harness
from tests.fakes import Harness
from tests.test_feedback import plain, submit
from tests.test_webhook import wait_until

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores


async def test_one_process_leads_and_another_takes_over_when_it_goes(pg_url: str) -> None:
    one, two = await PgStore.open_url(pg_url), await PgStore.open_url(pg_url)
    try:
        assert await one.leads()
        assert not await two.leads()
        assert await one.leads()  # it keeps the lead
    finally:
        await one.close()  # the process dies: its connection, and its lock, go
    try:
        # The server lets the lock go as soon as it has seen the connection close.
        for _ in range(50):
            if await two.leads():
                break
            await asyncio.sleep(0.1)
        assert await two.leads()
    finally:
        await two.close()


async def test_a_sqlite_file_has_one_process_which_leads(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        assert await store.leads()
    finally:
        await store.close()


@pytest.fixture
async def processes(
    pg_url: str, settings: Settings, content: Content
) -> AsyncIterator[list[Harness]]:
    """Two copies of the real app on one database, as two processes would be, each with
    its own young person (a proxy keeps each chat on one process)."""
    on_pg = settings.model_copy(
        update={"database_url": Settings(database_url=pg_url).database_url}
    )
    async with AsyncExitStack() as stack:
        harnesses = []
        for n in range(2):
            harness, _ = await make_harness(on_pg, content)
            harness.updates = UpdateFactory(person=Person(user_id=4000 + n, username=f"yp{n}"))
            await stack.enter_async_context(offline(harness.app))
            harnesses.append(harness)
        yield harnesses
        for harness in harnesses:
            assert harness.errors == []


def alerted_items(harnesses: list[Harness]) -> list[str]:
    """The item each officer-chat alert opens (from its View button), across processes."""
    found = []
    for harness in harnesses:
        for call in harness.api.calls:
            if call.method == "sendMessage" and call.chat_id == OFFICER_CHAT_ID:
                found += [data for label, data in call.buttons() if label.startswith("View")]
    return found


async def test_each_alert_goes_out_once_whichever_process_took_the_message(
    processes: list[Harness],
) -> None:
    first, second = processes
    assert "Your code is" in plain(await submit(first, "The bus pass never arrives"))
    assert "Your code is" in plain(await submit(second, "Can we have a games night"))

    for _ in range(3):  # every process runs its delivery rounds, at the same time
        await asyncio.gather(*(harness.deliver() for harness in processes))

    alerts = alerted_items(processes)
    assert len(alerts) == 2
    assert len(set(alerts)) == 2
    store = first.app.bot_data["services"].store
    assert await store.count_pending_outbox() == 0


async def test_the_leaders_daily_jobs_run_once_and_pass_to_another_when_it_stops(
    processes: list[Harness],
) -> None:
    ran: list[int] = []

    def job_of(n: int) -> object:
        async def job(context: BotContext) -> None:
            ran.append(n)

        return leader_only(job)

    first, second = processes
    for n, harness in enumerate(processes):
        await job_of(n)(BotContext(harness.app))  # type: ignore[operator]
    assert ran == [0]

    await first.app.bot_data["services"].store.close()  # the first process stops
    for _ in range(50):  # the server lets its lock go once it has seen the connection close
        await job_of(1)(BotContext(second.app))  # type: ignore[operator]
        if ran != [0]:
            break
        await asyncio.sleep(0.1)
    assert ran == [0, 1]


async def test_an_alert_stored_by_another_process_wakes_the_leaders_deliverer_at_once(
    processes: list[Harness],
) -> None:
    """The leading process's deliverer, left to its own rounds, would not look again for ten
    minutes: the alert another process stored still goes out, woken by PostgreSQL's NOTIFY."""
    first, second = processes
    leader = first.app.bot_data["services"].store
    assert isinstance(leader, PgStore)
    assert await leader.leads()
    running = asyncio.create_task(first.app.bot_data["delivery"].run(tick=600))
    try:
        # LISTEN before the message, or it is missed.
        await wait_until(lambda: leader._listener is not None, 30)
        await asyncio.sleep(0.2)

        assert "Your code is" in plain(await submit(second, "Can we have a games night"))

        await wait_until(lambda: bool(alerted_items(processes)), 30)
        assert len(alerted_items([first])) == 1  # sent by the leader
        assert alerted_items([second]) == []
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
