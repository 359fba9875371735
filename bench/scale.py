"""Benchmark: the officer's /queue, a young person's /status and start-up on a big database.

The database is made with the store's own migrations, then filled with raw `sqlite3`
executemany (one transaction per 100,000 rows; the store's triggers keep /queue's counts as they
would) with items spread over a year: most decided, a few open, some urgent, some asking for
contact. Every item has a real receipt hash under the store's own key, so /status finds it. No
ANALYZE runs after the fill: a database that grew after its last migration has none either.

Timed, interleaved round by round (A B C, A B C ...), median and range over the rounds:
- start-up: `python -m bot run` in its own process from launch to its first poll of a local
  fake Bot API (bench/process.py), and inside it `Store.open` (quick integrity check, pragmas,
  migrations) and the app's start (initialize and post_init with jobs) timed in this process;
- /queue: the update through `process_update` (officer check, counts by status, urgent and
  contact counts, the next item, rendering, the Bot API call), the service calls behind it, and
  the console's list of open items (200);
- /status CODE: the update through `process_update`, and the service call behind it.
The page cache is warm (the fill has just read every page): a cold start reads from disk.

    .venv/bin/python -m bench.scale [--items 1000000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from telegram import Update

from bench import process, spread
from bot.app import build_application, offline
from bot.config import Settings
from bot.content import Content, load_content
from bot.domain import Audience
from bot.services.receipts import ReceiptCodes
from bot.store import Store
from bot.telegram.context import SERVICES_KEY, HeysApp
from bot.telegram.fakebot import FakeBotApi, Person, UpdateFactory
from bot.wiring import RECEIPT_KEY

ROOT = Path(__file__).resolve().parent.parent
FIRST_DAY = date(2025, 12, 1)
OFFICER = 1
YOUNG = 50_000
DECIDED = ("for_board", "not_for_board", "taken_to_board", "answered", "referred", "no_action")
THEMES = ("home", "school", "health", "contact", "money", "workers")
CHUNK = 100_000
CALLS = 20  # timed calls in each round, per measurement
GOALS_MS = {"queue": 20.0, "status": 5.0, "start_up": 2000.0}
SENTENCE = (
    "My placement is fine most days but the wifi drops every evening and my worker keeps "
    "changing, so nobody seems to know what was agreed at my last review number "
)


def token(i: int) -> str:
    return f"bench-item-{i}"


def _receipt_hash(codes: ReceiptCodes, i: int, seen: set[bytes]) -> bytes:
    """As the intake does: a code that collides (46 bits: about one in 140 fills of a million
    meets one) moves on to the next attempt."""
    for attempt in itertools.count():
        receipt_hash = codes.hash(codes.code_for(token(i), attempt))
        if receipt_hash not in seen:
            seen.add(receipt_hash)
            return receipt_hash
    raise AssertionError("unreachable")


def _rows(n: int, codes: ReceiptCodes) -> Iterator[tuple[object, ...]]:
    seen: set[bytes] = set()
    for i in range(n):
        created = FIRST_DAY + timedelta(days=i * 365 // n)
        # One in fifty still waiting to be read, one in a hundred urgent, one in 500 asking for
        # contact; the rest decided, as they would be by the end of a year.
        status = "received" if i % 50 == 0 else "read" if i % 50 == 1 else DECIDED[i % 6]
        urgent = int(i % 100 == 0)
        yield (
            "question" if i % 7 == 0 else "feedback",
            ("in_care", "care_leaver", "carer")[i % 3],
            THEMES[i % len(THEMES)],
            f"{SENTENCE}{i}.",
            status,
            urgent,
            "self_harm" if urgent else "",
            created.isoformat(),
            (created + timedelta(days=730)).isoformat(),
            _receipt_hash(codes, i, seen),
            "requested" if i % 500 == 3 else None,
            int(not (urgent and status == "received")),
        )


def build(path: Path, n: int) -> ReceiptCodes:
    """A database of `n` items in the store's real schema (made by its own migrations); the
    receipt codes under its key."""

    async def schema() -> bytes:
        store = await Store.open(path)
        try:
            return await store.get_or_create_secret(RECEIPT_KEY)
        finally:
            await store.close()

    codes = ReceiptCodes(asyncio.run(schema()))
    rows = _rows(n, codes)
    with sqlite3.connect(path, isolation_level=None) as db:
        db.execute("PRAGMA synchronous = OFF")  # building the fixture, not measuring writes
        while chunk := list(itertools.islice(rows, CHUNK)):
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO items (kind, audience, theme, text, status, urgent, "
                "risk_categories, created_on, expires_on, receipt_hash, contact, acknowledged) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                chunk,
            )
            db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return codes


async def _mean_ms(calls: int, once: Callable[[int], Awaitable[object]]) -> float:
    began = time.perf_counter()
    for k in range(calls):
        await once(k)
    return (time.perf_counter() - began) * 1000 / calls


Note = Callable[[str, float], None]


async def measure(
    path: Path, n: int, rounds: int, receipts: ReceiptCodes
) -> dict[str, list[float]]:
    content = load_content(ROOT / "content")
    settings = Settings(database=path, officer_chat_id=-100, officer_ids=[OFFICER])
    found: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        found.setdefault(name, []).append(value)

    step = max(1, n // 997)  # items all over the year, in the order a person might ask
    for r in range(rounds):
        # The whole process, as deployed: Python, imports, content, the store, the first poll.
        note("process_start_ms", (await process.start_up(path, 1))["median"] * 1000)
        began = time.perf_counter()
        store = await Store.open(path)
        note("store_open_ms", (time.perf_counter() - began) * 1000)
        await store.close()

        api = FakeBotApi()
        began = time.perf_counter()
        app = build_application(settings, content, request=api, rate_limit=False, jobs=True)
        async with offline(app):
            note("app_start_ms", (time.perf_counter() - began) * 1000)
            codes = [receipts.code_for(token((r * CALLS + k) * step % n)) for k in range(CALLS)]
            await time_queries(app, codes, note)
        check_replies(api, content)
    return found


async def time_queries(app: HeysApp, codes: list[str], note: Note) -> None:
    """/queue and /status, each through process_update and through the services behind it."""
    services = app.bot_data[SERVICES_KEY]
    ids = itertools.count(1)
    officer = UpdateFactory(person=Person(user_id=OFFICER, username="officer"), _ids=ids)
    young = UpdateFactory(person=Person(user_id=YOUNG, username="young"), _ids=ids)

    async def queue_update(k: int) -> None:
        await app.process_update(Update.de_json(officer.text("/queue"), app.bot))

    async def queue_service(k: int) -> None:
        await services.officers.summary()
        await services.officers.next_open(0)

    async def console_queue(k: int) -> None:
        await services.store.list_open()

    async def status_update(k: int) -> None:
        await app.process_update(Update.de_json(young.text(f"/status {codes[k]}"), app.bot))

    async def status_service(k: int) -> None:
        if await services.status.status(codes[k]) is None:
            raise RuntimeError("a receipt code of a stored item was not found")

    for name, once in (
        ("queue_update_ms", queue_update),
        ("queue_service_ms", queue_service),
        ("console_list_open_ms", console_queue),
        ("status_update_ms", status_update),
        ("status_service_ms", status_service),
    ):
        note(name, await _mean_ms(CALLS, once))


def check_replies(api: FakeBotApi, content: Content) -> None:
    """Every timed /queue had the queue for an answer, not a refusal; every /status a reply."""
    refusals = {content.texts.officer_refused.for_(a) for a in Audience}
    to_officer = [c.text for c in api.calls_to("sendMessage") if c.chat_id == OFFICER]
    to_young = [c for c in api.calls_to("sendMessage") if c.chat_id == YOUNG]
    if len(to_officer) != CALLS or refusals & set(to_officer) or len(to_young) != CALLS:
        raise RuntimeError("a timed /queue or /status did not get its answer")


def items_in(path: Path) -> int:
    with sqlite3.connect(path) as db:
        count = int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    db.close()
    return count


async def main(n: int, rounds: int = 5, scratch: Path | None = None) -> dict[str, object]:
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        path = Path(folder) / "scale.sqlite3"
        began = time.perf_counter()
        receipts = await asyncio.to_thread(build, path, n)
        built = time.perf_counter() - began
        found = await measure(path, n, rounds, receipts)
        stored = items_in(path)
        size = path.stat().st_size
    if stored != n:
        raise RuntimeError(f"built {stored} items, not {n}")
    result: dict[str, object] = {
        "benchmark": "scale",
        "items": stored,
        "database_mib": round(size / 2**20, 1),
        "build_s": round(built, 1),
        "rounds": rounds,
        "calls_per_round": CALLS,
        "figures": "mean of each round's calls, then median and range over the rounds",
    }
    for name, values in found.items():
        result[name] = spread(values, 3)
    result["goal_queue_ms"] = GOALS_MS["queue"]
    result["goal_status_ms"] = GOALS_MS["status"]
    result["goal_start_up_ms"] = GOALS_MS["start_up"]
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.items, args.rounds)), indent=2))
