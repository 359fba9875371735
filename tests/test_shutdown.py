"""The real bot in its own process, over HTTP: SIGTERM mid-load loses nothing and the next start
sends no acknowledgement twice (F-12, F-05)."""

from __future__ import annotations

import asyncio
import itertools
import signal
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from bot.telegram.fakebot import FakeTelegramServer, Person, UpdateFactory
from tests.conftest import ROOT, real_bot_env

MESSAGES = 40


def acks(server: FakeTelegramServer) -> list[int]:
    return [
        c.chat_id or 0
        for c in server.api.calls_to("sendMessage")
        if "Your code is" in c.text and c.result
    ]


async def start_bot(server: FakeTelegramServer, database: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=real_bot_env(database, server.base_url),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_until(condition: Callable[[], bool], seconds: float) -> None:
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 -- the state lives in another process
            await asyncio.sleep(0.05)


async def test_sigterm_mid_load_loses_nothing_and_the_restart_acks_nothing_twice(
    tmp_path: Path,
) -> None:
    # Updates arrive a few at a time and sending is slow, so SIGTERM lands mid-load.
    server = FakeTelegramServer(poll_wait=0.2, send_delay=0.05, batch=3, poll_delay=0.4)
    await server.start()
    database = tmp_path / "hys.sqlite3"
    for n in range(MESSAGES):
        person = Person(user_id=90_000 + n, username=f"user{n}")
        factory = UpdateFactory(person=person, _ids=itertools.count(n + 1))
        server.add_update(factory.text("i want to die"))

    first = await start_bot(server, database)
    await wait_until(lambda: len(acks(server)) >= 5, 60)
    first.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(first.communicate(), timeout=60)
    acked_before = acks(server)
    assert 5 <= len(acked_before) < MESSAGES  # stopped part-way through the load
    assert len(set(acked_before)) == len(acked_before)

    assert first.returncode == 0, stderr.decode()[-2000:]
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    assert stored >= len(acked_before)  # everything acknowledged was saved

    second = await start_bot(server, database)
    await wait_until(lambda: len(acks(server)) >= MESSAGES, 90)
    second.send_signal(signal.SIGTERM)
    await asyncio.wait_for(second.communicate(), timeout=60)
    await server.stop()

    everyone = acks(server)
    assert sorted(everyone) == [90_000 + n for n in range(MESSAGES)]  # each person once
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == MESSAGES
    assert b"Traceback" not in stderr
