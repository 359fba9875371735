"""Benchmark: building and rendering the board report at 10,000, 100,000 and 1,000,000 items
spread over a year, for a period of one quarter (with its three quarters before it for the
trend). Goal: 1,000,000 items in under 5 s for the HTML, growing no faster than the items.

Synthetic items (read days, urgent waits, contact requests, approved words) are written straight
into a scratch database made by the store's own migrations; loading is not what is measured.
Each size is built and rendered ROUNDS times: median and range are printed, with the time per
1,000 items in the period (flat when the cost is linear).

    .venv/bin/python -m bench.report [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import tempfile
import time
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench import spread
from bot.content import load_content
from bot.services.meetings import MeetingsService
from bot.services.report_pdf import render_pdf
from bot.services.report_render import render_html, words_for
from bot.services.reports import ReportService
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
START = date(2026, 9, 1)
END = date(2026, 11, 30)
YEAR_START = END - timedelta(days=364)
ROUNDS = 5


def fill(database: Path, count: int, themes: list[str]) -> None:
    rng = random.Random(count)
    statuses = ["received", "read", "for_board", "not_for_board", "answered", "no_action"]
    contacts = [None] * 96 + ["requested", "contacted", "unreachable", "expired"]
    rows = []
    for n in range(count):
        day = YEAR_START + timedelta(days=rng.randrange(365))
        status = rng.choice(statuses)
        urgent = int(rng.random() < 0.02)
        read_on = None if status == "received" else day + timedelta(days=rng.randrange(6))
        rows.append(
            (
                rng.choice(["feedback", "question"]),
                rng.choice(["in_care", "care_leaver", "carer"]),
                rng.random() < 0.1,
                rng.choice([*themes, None]),
                f"synthetic message {n}",
                status,
                urgent,
                day.isoformat(),
                (day + timedelta(days=365)).isoformat(),
                n.to_bytes(16, "big"),
                f"approved words {n}" if status == "for_board" else None,
                read_on.isoformat() if read_on else None,
                rng.choice([600, 5000, 90000]) if urgent else None,
                rng.choice(contacts),
            )
        )
    with closing(sqlite3.connect(database)) as db:
        db.executemany(
            "INSERT INTO items (kind, audience, on_behalf, theme, text, status, urgent, "
            "created_on, expires_on, receipt_hash, board_text, read_on, waited, contact) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.commit()
        db.execute("ANALYZE")


def clock() -> datetime:
    return datetime(2026, 12, 1, 9, tzinfo=UTC)


async def measure(count: int) -> dict[str, object]:
    content = load_content(ROOT / "content")
    themes = [t.id for t in content.themes.themes]
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "bench.sqlite3"
        await (await Store.open(database)).close()  # create the schema
        fill(database, count, themes)
        store = await Store.open(database)
        builds, htmls = [], []
        try:
            zone = ZoneInfo("Europe/London")
            meetings = MeetingsService(content.meetings, clock, zone)
            service = ReportService(store, content, meetings, clock, zone)
            for _ in range(ROUNDS):
                began = time.perf_counter()
                report = await service.build(START, END)
                built = time.perf_counter()
                words = words_for(report, content)
                html = render_html(words)
                rendered = time.perf_counter()
                builds.append((built - began) * 1000)
                htmls.append((rendered - began) * 1000)
            pdf = render_pdf(words)
            printed = time.perf_counter()
            in_period = report.period_totals[-1].value + report.safeguarding.value
        finally:
            await store.close()
    return {
        "items": count,
        "items_in_period": in_period,
        "build_ms": spread(builds),
        "html_total_ms": spread(htmls),
        "html_ms_per_1000_items": round(statistics.median(htmls) / count * 1000, 3),
        "pdf_ms": round((printed - rendered) * 1000, 1),
        "html_bytes": len(html),
        "pdf_bytes": len(pdf),
    }


async def main(sizes: list[int]) -> dict[str, object]:
    results = [await measure(size) for size in sizes]
    return {
        "benchmark": "report",
        "goal": "1,000,000 items over a year: the quarter's HTML in under 5 s, linear",
        "rounds": ROUNDS,
        "runs": results,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.sizes)), indent=2))
