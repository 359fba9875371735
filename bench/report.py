"""Benchmark: building and rendering the board report for 1,000, 10,000 and 100,000 items.

The report model is built from grouped counts in SQL, so time should grow slowly with the
number of items. Synthetic items are written straight into a scratch database in one
transaction (loading is not what is measured).

    .venv/bin/python -m bench.report [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import tempfile
import time
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.content import load_content
from bot.services.meetings import MeetingsService
from bot.services.report_pdf import render_pdf
from bot.services.report_render import render_html, words_for
from bot.services.reports import ReportService
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
START = date(2026, 9, 1)
END = date(2026, 11, 30)


def fill(database: Path, count: int, themes: list[str]) -> None:
    rng = random.Random(count)
    statuses = ["received", "read", "for_board", "not_for_board", "answered"]
    rows = []
    for n in range(count):
        day = START + timedelta(days=rng.randrange((END - START).days + 1))
        status = rng.choice(statuses)
        rows.append(
            (
                rng.choice(["feedback", "question"]),
                rng.choice(["in_care", "care_leaver", "carer"]),
                rng.random() < 0.1,
                rng.choice([*themes, None]),
                f"synthetic message {n}",
                status,
                int(rng.random() < 0.02),
                day.isoformat(),
                (day + timedelta(days=365)).isoformat(),
                n.to_bytes(16, "big"),
                f"approved words {n}" if status == "for_board" else None,
            )
        )
    with closing(sqlite3.connect(database)) as db:
        db.executemany(
            "INSERT INTO items (kind, audience, on_behalf, theme, text, status, urgent, "
            "created_on, expires_on, receipt_hash, board_text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.commit()


def clock() -> datetime:
    return datetime(2026, 12, 1, 9, tzinfo=UTC)


async def measure(count: int) -> dict[str, float | int]:
    content = load_content(ROOT / "content")
    themes = [t.id for t in content.themes.themes]
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "bench.sqlite3"
        await (await Store.open(database)).close()  # create the schema
        fill(database, count, themes)
        store = await Store.open(database)
        try:
            zone = ZoneInfo("Europe/London")
            meetings = MeetingsService(content.meetings, clock, zone)
            service = ReportService(store, content, meetings, clock, zone)
            began = time.perf_counter()
            report = await service.build(START, END)
            built = time.perf_counter()
            words = words_for(report, content)
            html = render_html(words)
            rendered = time.perf_counter()
            pdf = render_pdf(words)
            printed = time.perf_counter()
        finally:
            await store.close()
    return {
        "items": count,
        "build_ms": round((built - began) * 1000, 1),
        "html_total_ms": round((rendered - began) * 1000, 1),
        "pdf_ms": round((printed - rendered) * 1000, 1),
        "html_bytes": len(html),
        "pdf_bytes": len(pdf),
    }


async def main(sizes: list[int]) -> dict[str, object]:
    results = [await measure(size) for size in sizes]
    return {"benchmark": "report", "goal": "100,000 items in under 2 s for HTML", "runs": results}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.sizes)), indent=2))
