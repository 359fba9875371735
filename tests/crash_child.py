"""The real bot in a child process for the kill -9 harness: updates in on stdin (one JSON per
line), every message the bot sends out on stdout (one JSON per line). Killed at random."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from telegram import Update

from bot.app import build_application, offline
from bot.content import load_content
from bot.telegram.fakebot import Call, FakeBotApi
from tests.pg import offline_settings

ROOT = Path(__file__).resolve().parent.parent


def emit(call: Call) -> None:
    if call.method == "sendMessage":
        # The item an officer alert opens (its View button), to count alerts per item.
        opens = [data for label, data in call.buttons() if label.startswith("View")]
        line = {"chat": call.chat_id, "text": call.text, "opens": opens}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()


async def main(database: str, deliver: bool) -> None:
    """`database`: a SQLite file, or a postgresql:// URL (one of several processes)."""
    app = build_application(
        offline_settings(database),
        load_content(ROOT / "content"),
        request=FakeBotApi(listener=emit),
        rate_limit=False,
        jobs=False,
    )
    async with offline(app):
        worker = app.bot_data["delivery"]
        # With several processes the leader delivers the officers' alerts as it would in
        # production (20 a minute to the officers' chat); it is killed at random too.
        delivering = asyncio.create_task(worker.run(tick=0.05)) if deliver else None
        sys.stdout.write(json.dumps({"ready": True}) + "\n")
        sys.stdout.flush()
        while line := await asyncio.to_thread(sys.stdin.readline):
            await app.process_update(Update.de_json(json.loads(line), app.bot))
        if delivering is not None:
            delivering.cancel()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], deliver="--deliver" in sys.argv))
