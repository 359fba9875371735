"""Benchmark: durable submissions per second, end to end, against the machine's own limit.

Each timed step is a real Send press through process_update: the screen, one BEGIN IMMEDIATE
transaction (item + outbox row + processed update) committed with synchronous=FULL in WAL mode,
the acknowledgement, and then the outbox worker delivering that submission's officer alert (its
write is paid too). Every timed update is unique; the run counts the stored items and delivered
alerts afterwards and refuses to report a rate if they differ from the presses timed.

Baselines in the same run, interleaved round by round (A B A B ...), because the machine is shared:
- raw `sqlite3` running the same three INSERTs in one transaction with the same pragmas (the
  machine's limit for this durability);
- a bare python-telegram-bot echo handler through the same fake Bot API.
Figures are the median over the rounds, with the range.

    .venv/bin/python -m bench.intake [--n 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench import spread
from bot.app import build_application, offline
from bot.config import Settings
from bot.content import load_content
from bot.store import PRAGMAS
from bot.telegram.context import SERVICES_KEY
from bot.telegram.delivery import DeliveryWorker
from bot.telegram.fakebot import FakeBotApi, Person, UpdateFactory

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


@dataclass(frozen=True)
class Submitted:
    per_s: float
    latencies_ms: list[float]
    timed: int
    stored: int
    alerts_delivered: int


async def submissions(n: int, database: Path, first_user: int = 10_000) -> Submitted:
    """Durable submissions per second, each followed by delivering its officer alert."""
    content = load_content(ROOT / "content")
    settings = Settings(database=database, officer_chat_id=-100, officer_ids=[1])
    api = FakeBotApi()
    app = build_application(settings, content, request=api, rate_limit=False, jobs=False)
    sends: list[Update] = []
    update_ids = itertools.count(first_user * 10)  # unique across people and rounds
    async with offline(app):
        # No per-minute budget: the benchmark measures the work, not the politeness limit.
        worker = DeliveryWorker(app.bot, app.bot_data[SERVICES_KEY], per_minute=10**9)
        for i in range(n):  # a different young person each time, so no rate limit applies
            factory = UpdateFactory(
                person=Person(user_id=first_user + i, username=f"u{i}"), _ids=update_ids
            )
            for step in (
                factory.button("aud:in_care"),
                factory.button("fb:feedback"),
                factory.button("tp:home"),
                factory.text(f"The wifi in my placement is slow, number {i}"),
            ):
                await app.process_update(Update.de_json(step, app.bot))
            sends.append(Update.de_json(factory.button("ch:draft:send"), app.bot))
        if len({u.update_id for u in sends}) != n:
            raise RuntimeError("the timed updates are not all different")
        latencies: list[float] = []
        delivered = 0
        start = time.perf_counter()
        for update in sends:
            began = time.perf_counter()
            await app.process_update(update)
            delivered += await worker.deliver_due()
            latencies.append((time.perf_counter() - began) * 1000)
        elapsed = time.perf_counter() - start
    with sqlite3.connect(database) as db:
        stored = int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    db.close()
    return Submitted(n / elapsed, latencies, n, stored, delivered)


def raw_sqlite(n: int, database: Path) -> float:
    """The same three INSERTs per submission, one transaction each, same pragmas: the limit."""
    db = sqlite3.connect(database, isolation_level=None)
    try:
        for pragma in PRAGMAS:
            db.execute(pragma)
        db.executescript(
            "CREATE TABLE IF NOT EXISTS processed_updates (update_id INTEGER PRIMARY KEY, "
            "processed_on TEXT NOT NULL) STRICT;"
            "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, kind TEXT, audience TEXT,"
            " on_behalf INTEGER, theme TEXT, suggested_themes TEXT, text TEXT, urgent INTEGER,"
            " risk_categories TEXT, created_on TEXT, expires_on TEXT, receipt_hash BLOB,"
            " written_in TEXT);"
            "CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, item_id INTEGER, "
            "kind TEXT, urgent INTEGER, attempts INTEGER DEFAULT 0, delivered INTEGER DEFAULT 0);"
        )
        start = time.perf_counter()
        for i in range(n):
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT INTO processed_updates (update_id, processed_on) VALUES (?, ?) "
                "ON CONFLICT (update_id) DO NOTHING",
                (i, "2026-11-30"),
            )
            cursor = db.execute(
                "INSERT INTO items (kind, audience, on_behalf, theme, suggested_themes, text, "
                "urgent, risk_categories, created_on, expires_on, receipt_hash, written_in) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    "feedback",
                    "in_care",
                    0,
                    "home",
                    "home",
                    f"The wifi is slow, number {i}",
                    0,
                    "",
                    "2026-11-30",
                    "2027-11-30",
                    i.to_bytes(8, "big"),
                    None,
                ),
            )
            db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'new_item', 0)",
                (cursor.lastrowid,),
            )
            db.execute("COMMIT")
        return n / (time.perf_counter() - start)
    finally:
        db.close()


async def main(n: int, rounds: int = 5) -> dict[str, object]:
    per_round = max(1, n // rounds)
    ours: list[float] = []
    raw: list[float] = []
    echo: list[float] = []
    latencies: list[float] = []
    timed = stored = delivered = 0
    with tempfile.TemporaryDirectory() as scratch:
        for r in range(rounds):  # interleaved: A B C, A B C, ...
            result = await submissions(
                per_round, Path(scratch) / f"bot{r}.sqlite3", first_user=10_000 + r * per_round
            )
            ours.append(result.per_s)
            latencies += result.latencies_ms
            timed += result.timed
            stored += result.stored
            delivered += result.alerts_delivered
            raw.append(raw_sqlite(per_round, Path(scratch) / f"raw{r}.sqlite3"))
            echo.append(await echo_baseline(per_round))
    if not timed == stored == delivered:
        raise RuntimeError(
            f"timed {timed} submissions but stored {stored} and delivered {delivered} alerts"
        )
    ratios = [a / b for a, b in zip(ours, raw, strict=True)]
    return {
        "benchmark": "intake",
        "submissions_timed": timed,
        "items_stored": stored,
        "alerts_delivered": delivered,
        "rounds": rounds,
        "durability": "WAL, synchronous=FULL, one transaction per submission",
        "submissions_per_s": spread(ours),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "raw_sqlite3_same_statements_per_s": spread(raw),
        "ratio_to_raw_sqlite3": round(statistics.median(ratios), 3),
        "goal_ratio_to_raw_sqlite3": 0.5,
        "echo_updates_per_s": spread(echo),
        "ratio_to_echo": round(statistics.median(ours) / statistics.median(echo), 3),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.n, args.rounds)), indent=2))
