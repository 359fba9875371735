"""Benchmark: browsing updates per second through process_update, as a ratio to a bare PTB echo
handler measured in the same run (goal ≥ 0.7), with the process's memory idle and loaded.

    .venv/bin/python -m bench.browse [--n 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import tempfile
import time
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, ContextTypes

from bench.intake import echo_baseline
from bot.app import build_application, offline
from bot.config import Settings
from bot.content import load_content
from bot.telegram.fakebot import FakeBotApi, Person, UpdateFactory

ROOT = Path(__file__).resolve().parent.parent
# Button presses a young person makes while reading: menu, pledge, offer, an area, meetings.
PRESSES = ["nav:menu", "nav:pledge", "pl:listen", "nav:offer", "of:health", "nav:meetings"]


def rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


async def browse(n: int) -> tuple[float, float]:
    content = load_content(ROOT / "content")
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            database=Path(scratch) / "b.sqlite3", officer_chat_id=-1, officer_ids=[1]
        )
        app = build_application(
            settings, content, request=FakeBotApi(), rate_limit=False, jobs=False
        )
        async with offline(app):
            idle = rss_mib()
            people = [UpdateFactory(person=Person(user_id=10_000 + p)) for p in range(50)]
            updates = [
                Update.de_json(people[i % 50].button(PRESSES[i % len(PRESSES)]), app.bot)
                for i in range(n)
            ]
            start = time.perf_counter()
            for update in updates:
                await app.process_update(update)
            rate = n / (time.perf_counter() - start)
    return rate, idle


async def button_baseline(n: int) -> float:
    """A bare PTB handler doing the same Bot API work as a browse press: answer the button,
    then edit the message into a screen with a keyboard."""
    api = FakeBotApi()
    app = ApplicationBuilder().token("1:baseline").request(api).get_updates_request(api).build()
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(f"Button {i}", callback_data=f"b:{i}")] for i in range(6)]
    )

    async def screen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text("A screen of text " * 20, reply_markup=keyboard)

    app.add_handler(CallbackQueryHandler(screen))
    factory = UpdateFactory()
    updates = [Update.de_json(factory.button("b:1"), app.bot) for _ in range(n)]
    async with app:
        start = time.perf_counter()
        for update in updates:
            await app.process_update(update)
        return n / (time.perf_counter() - start)


async def main(n: int) -> dict[str, object]:
    echo = await echo_baseline(n)
    buttons = await button_baseline(n)
    rate, idle = await browse(n)
    return {
        "benchmark": "browse",
        "updates": n,
        "browse_updates_per_s": round(rate, 1),
        "echo_updates_per_s": round(echo, 1),
        "ratio_to_echo": round(rate / echo, 3),
        "bare_button_updates_per_s": round(buttons, 1),
        "ratio_to_bare_button": round(rate / buttons, 3),
        "goal": "ratio >= 0.7",
        "note": (
            "a browse press makes two Bot API calls (answer the button, edit the screen) where "
            "the echo makes one; the bare-button baseline does the same two"
        ),
        "rss_idle_mib": idle,
        "rss_loaded_mib": rss_mib(),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.n)), indent=2))
