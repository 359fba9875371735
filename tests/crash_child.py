"""The real bot in a child process for the kill -9 harness: updates in on stdin (one JSON per
line), every message the bot sends out on stdout (one JSON per line). Killed at random."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from telegram import Update

from bot.app import build_application, offline
from bot.config import Settings
from bot.content import load_content
from bot.telegram.fakebot import Call, FakeBotApi

ROOT = Path(__file__).resolve().parent.parent


def emit(call: Call) -> None:
    if call.method == "sendMessage":
        sys.stdout.write(json.dumps({"chat": call.chat_id, "text": call.text}) + "\n")
        sys.stdout.flush()


async def main(database: Path) -> None:
    settings = Settings(database=database, officer_chat_id=-100, officer_ids=[1])
    app = build_application(
        settings,
        load_content(ROOT / "content"),
        request=FakeBotApi(listener=emit),
        rate_limit=False,
        jobs=False,
    )
    async with offline(app):
        sys.stdout.write(json.dumps({"ready": True}) + "\n")
        sys.stdout.flush()
        while line := await asyncio.to_thread(sys.stdin.readline):
            await app.process_update(Update.de_json(json.loads(line), app.bot))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
