"""Benchmark: the real `python -m bot run` process, its start-up time and its memory.

The bot runs in its own process, exactly as deployed (long polling, the rate limiter, jobs, the
outbox worker), pointed at a local fake Bot API over HTTP (HYS_TELEGRAM_BASE_URL). Reported:
- start-up: from starting the process to its first getUpdates (Python, imports, content, the
  store's quick check and migrations, the screen's warm-up, set_my_commands), median and range
  over the rounds;
- memory: VmRSS of that process (from /proc/PID/status, not the benchmark's own), idle once it
  polls, and after N young people have each walked a whole journey to a durable Send (every
  item counted in the database before reading it), with its peak (VmHWM).

    .venv/bin/python -m bench.process [--submissions 300] [--rounds 5] [--database PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import os
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import spread
from bot.app import OFFLINE_TOKEN
from bot.telegram.fakebot import FakeTelegramServer, Person, UpdateFactory

ROOT = Path(__file__).resolve().parent.parent
OFFICER_CHAT = -1001234567890
OFFICER = 5550001
IDLE_SETTLE_S = 2.0


def bot_env(database: Path, base_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}
    return env | {
        "HYS_BOT_TOKEN": OFFLINE_TOKEN,
        "HYS_OFFICER_CHAT_ID": str(OFFICER_CHAT),
        "HYS_OFFICER_IDS": f"[{OFFICER}]",
        "HYS_DATABASE": str(database),
        "HYS_TELEGRAM_BASE_URL": base_url,
    }


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of another process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def items_in(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            count = int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
        db.close()
    except sqlite3.OperationalError:
        return 0  # not created yet
    return count


async def wait_until(condition: Callable[[], bool], seconds: float) -> None:
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 -- the state lives in another process
            await asyncio.sleep(0.02)


class CountingServer(FakeTelegramServer):
    """The fake Bot API, counting the polls (it records every other call)."""

    polls = 0

    async def answer(
        self, method: str, params: dict[str, Any], bot_id: int | None = None
    ) -> tuple[int, bytes]:
        if method == "getUpdates":
            self.polls += 1
        return await super().answer(method, params, bot_id)


class RunningBot:
    """`python -m bot run` against a fake Bot API server, started and stopped by SIGTERM."""

    def __init__(self, server: CountingServer, database: Path) -> None:
        self.server = server
        self.database = database
        self.log = database.with_name(database.name + ".bot.log")
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> float:
        """Start the process; seconds until it first asks for updates."""
        before = self.server.polls
        began = time.perf_counter()
        # A file, not a pipe: a pipe nobody reads fills up and stalls the bot; it keeps a copy.
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=ROOT,
                env=bot_env(self.database, self.server.base_url),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=log,
            )
        await wait_until(lambda: self.server.polls > before or self._exited(), 120)
        if self._exited():
            raise RuntimeError(f"the bot exited at start-up: {self._log_tail()}")
        return time.perf_counter() - began

    def _exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    def _log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def kill(self) -> None:
        """After a failure: nobody will read its output, so it must not be left running."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(self.process.wait(), timeout=60)
        if self.process.returncode != 0 or "Traceback" in self._log_tail():
            raise RuntimeError(f"the bot did not stop cleanly: {self._log_tail()}")


def journeys(count: int, first_user: int = 70_000) -> list[dict[str, object]]:
    """Each young person: audience, feedback, a theme, their words, Send."""
    ids = itertools.count(1)
    updates: list[dict[str, object]] = []
    for n in range(count):
        factory = UpdateFactory(person=Person(user_id=first_user + n, username=f"u{n}"), _ids=ids)
        updates += [
            factory.button("aud:in_care"),
            factory.button("fb:feedback"),
            factory.button("tp:home"),
            factory.text(f"The wifi in my placement drops every evening, number {n}"),
            factory.button("ch:draft:send"),
        ]
    return updates


async def start_up(database: Path, rounds: int) -> dict[str, float]:
    """Seconds from starting `python -m bot run` on `database` to its first poll."""
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    server = CountingServer(poll_wait=0.2)
    await server.start()
    times = []
    try:
        for _ in range(rounds):
            bot = RunningBot(server, database)
            try:
                times.append(await bot.start())
                await bot.stop()
            finally:
                await bot.kill()
    finally:
        await server.stop()
    return spread(times, 3)


async def main(
    submissions: int, rounds: int = 5, database: Path | None = None
) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        path = database or Path(scratch) / "process.sqlite3"
        starts = await start_up(path, rounds)
        server = CountingServer(poll_wait=0.2)
        await server.start()
        bot = RunningBot(server, path)
        try:
            await bot.start()
            await asyncio.sleep(IDLE_SETTLE_S)
            idle = memory_kib(bot.pid)
            before = items_in(path)
            for update in journeys(submissions):
                server.add_update(update)
            began = time.perf_counter()
            await wait_until(lambda: items_in(path) >= before + submissions, 600)
            elapsed = time.perf_counter() - began
            loaded = memory_kib(bot.pid)
            stored = items_in(path) - before
            await bot.stop()
        finally:
            await bot.kill()
            await server.stop()
    if stored != submissions:
        raise RuntimeError(f"sent {submissions} journeys but {stored} items were stored")
    return {
        "benchmark": "process",
        "what": "python -m bot run in its own process, long polling a local fake Bot API",
        "start_up_to_first_poll_s": starts,
        "rounds": rounds,
        "rss_idle_mib": round(idle["VmRSS"] / 1024, 1),
        "journeys_stored": stored,
        "journeys_per_s": round(submissions / elapsed, 1),
        "rss_loaded_mib": round(loaded["VmRSS"] / 1024, 1),
        "rss_peak_mib": round(loaded["VmHWM"] / 1024, 1),
        "note": "journeys pass PTB's rate limiter (29.5 Bot API calls a second with a chat id)",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database", type=Path, default=None)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.submissions, args.rounds, args.database)), indent=2))
