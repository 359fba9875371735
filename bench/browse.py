"""Benchmark: browsing (button presses through process_update) against two baselines in the same
run, interleaved round by round (A B C, A B C ...), median and range over the rounds:
- a bare PTB handler making the same two Bot API calls (answer the button, edit the message
  into an HTML screen with a keyboard) through the same fake transport, which validates the
  HTML as Telegram would, as it does ours; the goal is >= 0.9 of this one;
- a bare PTB echo, which makes one call (for scale only).
The memory of the real bot process is in bench/process.py.

    .venv/bin/python -m bench.browse [--n 3000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, ContextTypes

from bench import spread
from bench.intake import echo_baseline
from bot.app import build_application, offline
from bot.config import Settings
from bot.content import load_content
from bot.telegram.fakebot import FakeBotApi, Person, UpdateFactory

ROOT = Path(__file__).resolve().parent.parent
# Button presses a young person makes while reading: menu, pledge, offer, an area, meetings.
PRESSES = ["nav:menu", "nav:pledge", "pl:listen", "nav:offer", "of:health", "nav:meetings"]


GOAL = 0.9
SCREEN = "<b>What we offer</b>\n\n" + "Help with <i>health</i>, school and money. " * 3


async def browse(n: int) -> float:
    content = load_content(ROOT / "content")
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(
            database=Path(scratch) / "b.sqlite3", officer_chat_id=-1, officer_ids=[1]
        )
        app = build_application(
            settings, content, request=FakeBotApi(), rate_limit=False, jobs=False
        )
        async with offline(app):
            people = [UpdateFactory(person=Person(user_id=10_000 + p)) for p in range(50)]
            updates = [
                Update.de_json(people[i % 50].button(PRESSES[i % len(PRESSES)]), app.bot)
                for i in range(n)
            ]
            start = time.perf_counter()
            for update in updates:
                await app.process_update(update)
            rate = n / (time.perf_counter() - start)
    return rate


async def button_baseline(n: int, api: FakeBotApi | None = None) -> float:
    """A bare PTB handler doing the same Bot API work as a browse press: answer the button,
    then edit the message into an HTML screen with a keyboard (the fake checks the HTML)."""
    api = api or FakeBotApi()
    app = ApplicationBuilder().token("1:baseline").request(api).get_updates_request(api).build()
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(f"Button {i}", callback_data=f"b:{i}")] for i in range(6)]
    )

    async def screen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(SCREEN, parse_mode="HTML", reply_markup=keyboard)

    app.add_handler(CallbackQueryHandler(screen))
    factory = UpdateFactory()
    updates = [Update.de_json(factory.button("b:1"), app.bot) for _ in range(n)]
    async with app:
        start = time.perf_counter()
        for update in updates:
            await app.process_update(update)
        return n / (time.perf_counter() - start)


async def main(n: int, rounds: int = 5) -> dict[str, object]:
    per_round = max(1, n // rounds)
    ours: list[float] = []
    two_calls: list[float] = []
    echo: list[float] = []
    for _ in range(rounds):
        ours.append(await browse(per_round))
        two_calls.append(await button_baseline(per_round))
        echo.append(await echo_baseline(per_round))
    to_two_calls = [a / b for a, b in zip(ours, two_calls, strict=True)]
    to_echo = [a / b for a, b in zip(ours, echo, strict=True)]
    return {
        "benchmark": "browse",
        "updates": per_round * rounds,
        "rounds": rounds,
        "browse_updates_per_s": spread(ours),
        "bare_two_call_handler_updates_per_s": spread(two_calls),
        "ratio_to_bare_two_call_handler": round(statistics.median(to_two_calls), 3),
        "goal_ratio_to_bare_two_call_handler": GOAL,
        "bare_echo_updates_per_s": spread(echo),
        "ratio_to_bare_echo": round(statistics.median(to_echo), 3),
        "note": (
            "a press makes two Bot API calls (answer the button, edit the screen as HTML), as "
            "the bare two-call handler does, through the same validating fake; the echo makes one"
        ),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.n, args.rounds)), indent=2))
