"""End to end over HTTP against an independent Bot API emulator (npm telegram-test-api, installed
by .ci/run): the real bot process, a young person's whole journey and an officer's approval."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.formatting import html_to_plain
from bot.services.receipts import ReceiptCodes
from bot.telegram.fakebot import free_port
from tests.conftest import OFFICER_CHAT_ID, OFFICER_ID, ROOT, TEST_TOKEN, real_bot_env
from tests.e2e_adapter import Adapter

E2E = ROOT / "tests" / "e2e"
EMULATOR_INSTALLED = (E2E / "node_modules" / "telegram-test-api").exists()

pytestmark = pytest.mark.skipif(
    not EMULATOR_INSTALLED and not os.environ.get("CI"),
    reason="run `npm ci` in tests/e2e (CI does) to install the Bot API emulator",
)


@dataclass
class Client:
    """Someone using Telegram, through the emulator's client API."""

    emulator: str
    user_id: int
    chat: dict[str, Any]
    name: str

    def _person(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "is_bot": False,
            "first_name": self.name,
            "username": self.name,
        }

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        async with httpx.AsyncClient() as client:
            answer = await client.post(f"{self.emulator}/{path}", json=body, timeout=30)
            answer.raise_for_status()
            return answer.json()

    async def send(self, text: str) -> None:
        body: dict[str, Any] = {
            "botToken": TEST_TOKEN,
            "from": self._person(),
            "chat": self.chat,
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            length = text.find(" ") if " " in text else len(text)
            body["entities"] = [{"offset": 0, "length": length, "type": "bot_command"}]
            await self._post("sendCommand", body)
        else:
            await self._post("sendMessage", body)

    async def messages(self) -> list[dict[str, Any]]:
        """What the bot has shown in this chat, latest text of each message, oldest first."""
        history = (await self._post("getUpdatesHistory", {"token": TEST_TOKEN}))["result"]
        shown = []
        for item in history:
            message = item.get("message") or {}
            if "chat_id" in message and str(message["chat_id"]) == str(self.chat["id"]):
                shown.append({"id": item["messageId"], **message})
        return shown

    async def wait_for(self, words: str, seconds: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for message in reversed(await self.messages()):
                if words in html_to_plain(message.get("text", "")):
                    return message
            await asyncio.sleep(0.1)
        raise AssertionError(f"the bot never said {words!r}; it said {await self.messages()}")

    async def press(self, label: str, on: dict[str, Any] | None = None) -> None:
        candidates = [on] if on else list(reversed(await self.messages()))
        for message in candidates:
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            for button in (b for row in rows for b in row):
                if button["text"] == label:
                    await self._post(
                        "sendCallback",
                        {
                            "botToken": TEST_TOKEN,
                            "from": self._person(),
                            "data": button["callback_data"],
                            "message": {
                                "message_id": message["id"],
                                "date": int(time.time()),
                                "chat": self.chat,
                                "from": {"id": 666, "is_bot": True, "first_name": "Bot"},
                                "text": "…",
                            },
                        },
                    )
                    return
        raise AssertionError(f"no button {label!r}")


async def wait_until(condition: Callable[[], Any], seconds: float) -> None:
    async with asyncio.timeout(seconds):
        while not await condition():  # noqa: ASYNC110 -- the state lives in other processes
            await asyncio.sleep(0.1)


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[str, Path]]:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed for the emulator"
    assert EMULATOR_INSTALLED, "CI must run `npm ci` in tests/e2e (see .ci/run)"
    port = free_port()
    emulator = await asyncio.create_subprocess_exec(
        node, "server.js", str(port), cwd=E2E, stdout=asyncio.subprocess.PIPE
    )
    assert emulator.stdout is not None
    assert b"ready" in await asyncio.wait_for(emulator.stdout.readline(), 30)
    url = f"http://127.0.0.1:{port}"
    adapter = Adapter(url)
    adapter.start()
    database = tmp_path / "hys.sqlite3"
    env = real_bot_env(database, adapter.base_url)
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield url, database
    finally:
        bot.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(bot.communicate(), 60)
        adapter.stop()
        emulator.send_signal(signal.SIGTERM)
        await asyncio.wait_for(emulator.wait(), 30)
        assert b"Traceback" not in stderr, stderr.decode()[-3000:]


async def test_a_young_persons_journey_and_an_officers_approval_over_http(
    running: tuple[str, Path],
) -> None:
    url, database = running
    young = Client(url, 4242, {"id": 4242, "type": "private", "first_name": "Zed"}, "Zed")
    officer = Client(
        url, OFFICER_ID, {"id": OFFICER_CHAT_ID, "type": "supergroup", "title": "Officers"}, "Sam"
    )

    await young.send("/start")
    await young.wait_for("Welcome! See what the council promised you")
    await young.press("I'm in care")
    await young.wait_for("What would you like to do?")
    await young.press("What you can get")
    await young.wait_for("Pick an area")
    await young.press("Menu")
    await young.wait_for("What would you like to do?")
    await young.press("Have your say")
    await young.wait_for(
        "Only the participation team (staff who listen to you) reads your message"
    )
    await young.press("Where I live")
    await young.wait_for("Now type your message")
    await young.send("The wifi in my placement never works")
    await young.wait_for("Nothing is sent until you tap Send")
    await young.press("Send")
    ack = await young.wait_for("Your code is")
    code = next(c for w in html_to_plain(ack["text"]).split() if (c := ReceiptCodes.normalise(w)))
    await young.send(f"/status {code}")
    await young.wait_for("Your message from")

    alert = await officer.wait_for("New feedback #1")
    assert "wifi" not in alert["text"]
    await officer.press("View", alert)
    # The words go to the officer's own private chat with the bot, never to the group.
    private = Client(
        url, OFFICER_ID, {"id": OFFICER_ID, "type": "private", "first_name": "Sam"}, "Sam"
    )
    shown = await private.wait_for("Text for the board")
    assert "The wifi in my placement never works" in html_to_plain(shown["text"])
    assert all("placement never works" not in m.get("text", "") for m in await officer.messages())
    await private.press("For the board", shown)
    await private.wait_for("#1 is now: for board")

    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT status, board_text FROM items").fetchall() == [
            ("for_board", "The wifi in my placement never works")
        ]
