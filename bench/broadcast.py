"""Benchmark: a reminder broadcast to many subscribers, quiet and beside CPU-bound neighbours,
against a local fake Bot API server that enforces Telegram's ~30 messages a second with 429s.

Each condition is a whole broadcast through the bot's own rate limiter (`ClockRateLimiter`:
slots at absolute times, see bot/telegram/pacing.py) and, as the baseline, through the leaky
bucket one message deep it replaced (PTB's AIORateLimiter at the same 29.5 a second), in this
order: clock, bucket, clock, bucket: quiet, then with `neighbours` processes spinning on the
CPU (one per core by default, so the machine is busy). Reported for each: messages a second as
a share of 30, the 429s, and the most sends the server saw in any one second.
Goal: the clock keeps >= 0.97 of the limit with no 429s while the machine is busy.

    .venv/bin/python -m bench.broadcast [--subscribers 1500] [--neighbours N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from multiprocessing.synchronize import Event
from pathlib import Path

from telegram.ext import AIORateLimiter, BaseRateLimiter

import bot.app
from bot.app import OFFLINE_TOKEN, build_application, offline
from bot.config import Settings
from bot.content import load_content
from bot.domain import Audience, OptInKind
from bot.telegram.broadcast import send_due_reminders
from bot.telegram.fakebot import FakeTelegramServer
from bot.telegram.pacing import GROUP_PER_MINUTE, OVERALL_PER_SECOND

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 30
GOAL = 0.97
REMINDER_DAY = datetime(2026, 11, 17, 10, tzinfo=UTC)  # a week before the example's views deadline


def clock() -> datetime:
    return REMINDER_DAY


def leaky_bucket(processes: int = 1) -> BaseRateLimiter[int]:
    """The limiter before issue 13: a bucket one message deep, waiting an interval per send
    (with several processes, each its share, as smooth_rate_limiter does)."""
    return AIORateLimiter(
        overall_max_rate=1,
        overall_time_period=processes / OVERALL_PER_SECOND,
        group_max_rate=1,
        group_time_period=60 / GROUP_PER_MINUTE,
        max_retries=3,
    )


LIMITERS: dict[str, Callable[[int], BaseRateLimiter[int]]] = {
    "clock": bot.app.smooth_rate_limiter,
    "bucket": leaky_bucket,
}


def _spin(stop: Event) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))  # pure CPU, no sleeping


@contextmanager
def neighbours(count: int) -> Iterator[None]:
    """`count` processes spinning on the CPU beside the bot for as long as the block runs."""
    stop = multiprocessing.get_context("spawn").Event()
    spinners = [
        multiprocessing.get_context("spawn").Process(target=_spin, args=(stop,), daemon=True)
        for _ in range(count)
    ]
    for spinner in spinners:
        spinner.start()
    try:
        yield
    finally:
        stop.set()
        for spinner in spinners:
            spinner.join(timeout=10)


def most_in_one_second(times: list[float]) -> int:
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


async def broadcast(subscribers: int, limiter: str) -> dict[str, object]:
    server = FakeTelegramServer(max_per_second=LIMIT)
    await server.start()
    content = load_content(ROOT / "content")
    chosen = bot.app.smooth_rate_limiter
    bot.app.smooth_rate_limiter = LIMITERS[limiter]  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as scratch:
            settings = Settings(
                bot_token=OFFLINE_TOKEN,
                database=Path(scratch) / "bench.sqlite3",
                officer_chat_id=-100,
                officer_ids=[1],
                telegram_base_url=server.base_url,
            )
            app = build_application(settings, content, clock=clock, jobs=False)
            used = type(app.bot.rate_limiter).__name__
            async with offline(app):
                services = app.bot_data["services"]
                today = date(2026, 11, 17)
                for n in range(subscribers):
                    await services.store.add_opt_in(
                        OptInKind.REMINDERS,
                        chat_id=1_000_000 + n,
                        item_id=None,
                        created_on=today,
                        expires_on=today + timedelta(days=365),
                        audience=Audience.IN_CARE,
                    )
                began = time.perf_counter()
                result = await send_due_reminders(app.bot, services)
                elapsed = time.perf_counter() - began
    finally:
        bot.app.smooth_rate_limiter = chosen
        await server.stop()
    rate = result.sent / elapsed if elapsed else 0.0
    return {
        "limiter": limiter,
        "limiter_class": used,
        "sent": result.sent,
        "seconds": round(elapsed, 1),
        "messages_per_s": round(rate, 2),
        "share_of_limit": round(rate / LIMIT, 3),
        "http_429s": server.too_many,
        "most_in_one_second": most_in_one_second(server.sent_at),
    }


async def main(subscribers: int, spinners: int | None = None) -> dict[str, object]:
    for noisy in ("tornado.access", "telegram.ext.AIORateLimiter"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)  # 429s are counted, not printed
    if spinners is None:
        spinners = os.cpu_count() or 2
    runs: dict[str, object] = {}
    for busy in (False, True):
        for limiter in LIMITERS:
            if busy:
                with neighbours(spinners):
                    runs[f"{limiter}_busy"] = await broadcast(subscribers, limiter)
            else:
                runs[f"{limiter}_quiet"] = await broadcast(subscribers, limiter)
    return {
        "benchmark": "broadcast",
        "subscribers": subscribers,
        "limit_per_s": LIMIT,
        "paced_at_per_s": OVERALL_PER_SECOND,
        "busy_means": f"{spinners} processes spinning on {os.cpu_count()} CPUs",
        **runs,
        "goal": f"clock_busy share >= {GOAL} of the limit and no 429s",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1500)
    parser.add_argument("--neighbours", type=int, default=None)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.subscribers, args.neighbours)), indent=2))
