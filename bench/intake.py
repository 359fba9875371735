"""Benchmark: durable submissions per second through process_update, against a bare PTB echo.

Each timed step is the Send press: screening, one BEGIN IMMEDIATE transaction (item + outbox row
+ processed update) committed with synchronous=FULL in WAL mode, then the acknowledgement. The
baseline is a bare python-telegram-bot Application that echoes a message, measured in the same
run through the same fake Bot API, so the ratio holds on a noisy shared machine.

    .venv/bin/python -m bench.intake [--n 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.app import build_application, offline
from bot.config import Settings
from bot.content import load_content
from bot.fakebot import FakeBotApi, Person, UpdateFactory

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def echo_baseline(n: int) -> float:
    """Updates per second for a bare PTB echo handler."""
    api = FakeBotApi()
    app = ApplicationBuilder().token("1:baseline").request(api).get_updates_request(api).build()

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message and update.effective_message.text:
            await update.effective_message.reply_text(update.effective_message.text)

    app.add_handler(MessageHandler(filters.TEXT, echo))
    factory = UpdateFactory()
    updates = [Update.de_json(factory.text(f"hello {i}"), app.bot) for i in range(n)]
    async with app:
        start = time.perf_counter()
        for update in updates:
            await app.process_update(update)
        return n / (time.perf_counter() - start)


async def submissions(n: int, database: Path) -> tuple[float, list[float]]:
    """Durable submissions per second and each Send press's latency in ms."""
    content = load_content(ROOT / "content")
    settings = Settings(database=database, officer_chat_id=-100, officer_ids=[1])
    api = FakeBotApi()
    app = build_application(settings, content, request=api, rate_limit=False, jobs=False)
    sends: list[Update] = []
    async with offline(app):
        for i in range(n):  # a different young person each time, so no rate limit applies
            factory = UpdateFactory(person=Person(user_id=10_000 + i, username=f"u{i}"))
            for step in (
                factory.button("aud:in_care"),
                factory.button("fb:feedback"),
                factory.button("tp:home"),
                factory.text(f"The wifi in my placement is slow, number {i}"),
            ):
                await app.process_update(Update.de_json(step, app.bot))
            sends.append(Update.de_json(factory.button("ch:draft:send"), app.bot))
        latencies: list[float] = []
        start = time.perf_counter()
        for update in sends:
            began = time.perf_counter()
            await app.process_update(update)
            latencies.append((time.perf_counter() - began) * 1000)
        elapsed = time.perf_counter() - start
    return n / elapsed, latencies


async def main(n: int) -> dict[str, float | int | str]:
    echo = await echo_baseline(n)
    with tempfile.TemporaryDirectory() as scratch:
        rate, latencies = await submissions(n, Path(scratch) / "bench.sqlite3")
    return {
        "benchmark": "intake",
        "submissions": n,
        "durability": "WAL, synchronous=FULL, one transaction per submission",
        "submissions_per_s": round(rate, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "echo_updates_per_s": round(echo, 1),
        "ratio_to_echo": round(rate / echo, 3),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.n)), indent=2))
