"""Benchmark: a reminder broadcast to many subscribers through PTB's AIORateLimiter, against a
local fake Bot API server that enforces Telegram's ~30 messages a second with 429s.

Prints the achieved messages a second against the 30/s limit and how many 429s were returned
(goal: at least 95 % of the limit and no 429s).

    .venv/bin/python -m bench.broadcast [--subscribers 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.app import OFFLINE_TOKEN, build_application, offline
from bot.config import Settings
from bot.content import load_content
from bot.domain import Audience, OptInKind
from bot.telegram.broadcast import send_due_reminders
from bot.telegram.fakebot import FakeTelegramServer

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 30
REMINDER_DAY = datetime(2026, 11, 17, 10, tzinfo=UTC)  # a week before the example's views deadline


def clock() -> datetime:
    return REMINDER_DAY


async def main(subscribers: int) -> dict[str, object]:
    for noisy in ("tornado.access", "telegram.ext.AIORateLimiter"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)  # 429s are counted, not printed
    server = FakeTelegramServer(max_per_second=LIMIT)
    await server.start()
    content = load_content(ROOT / "content")
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            bot_token=OFFLINE_TOKEN,
            database=Path(scratch) / "bench.sqlite3",
            officer_chat_id=-100,
            officer_ids=[1],
            telegram_base_url=server.base_url,
        )
        app = build_application(settings, content, clock=clock, jobs=False)
        async with offline(app):
            store = app.bot_data["services"].store
            today = date(2026, 11, 17)
            for n in range(subscribers):
                await store.add_opt_in(
                    OptInKind.REMINDERS,
                    chat_id=1_000_000 + n,
                    item_id=None,
                    created_on=today,
                    expires_on=today + timedelta(days=365),
                    audience=Audience.IN_CARE,
                )
            began = time.perf_counter()
            result = await send_due_reminders(app.bot, app.bot_data["services"])
            elapsed = time.perf_counter() - began
    await server.stop()
    rate = result.sent / elapsed if elapsed else 0.0
    return {
        "benchmark": "broadcast",
        "subscribers": subscribers,
        "sent": result.sent,
        "seconds": round(elapsed, 1),
        "messages_per_s": round(rate, 2),
        "limit_per_s": LIMIT,
        "share_of_limit": round(rate / LIMIT, 3),
        "http_429s": server.too_many,
        "goal": ">= 0.95 of the limit and no 429s",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=5000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.subscribers)), indent=2))
