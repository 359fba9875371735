"""Demo: the real Application and handlers, chatting in the terminal through the fake Bot API.

Interactive in a terminal; when stdin is not a terminal it reads one user line per input line
and prints every reply, so it can be scripted. Buttons are listed as [1] Label; type the number
or the label to press one. No token, no network.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, TextIO

from telegram import Update

from bot.app import build_application, offline
from bot.config import Settings
from bot.content import Content
from bot.fakebot import Call, FakeBotApi, UpdateFactory
from bot.formatting import html_to_plain

_SHOWN = {"sendMessage", "editMessageText"}
INTRO = (
    "Have Your Say: offline demo. You are a young person chatting with the bot.\n"
    "Type a button's number or label to press it, type messages as usual, /quit to leave."
)


class Transcript:
    """Prints what the bot shows and remembers the buttons under the latest message."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.buttons: list[tuple[str, str]] = []
        self.last_message: dict[str, Any] | None = None

    def __call__(self, call: Call) -> None:
        if call.method not in _SHOWN:
            return
        self.out.write("\nBot:\n")
        for line in html_to_plain(call.text).splitlines():
            self.out.write(f"  {line}\n" if line else "\n")
        buttons = call.buttons()
        if buttons:
            self.buttons = buttons
            numbered = [f"[{n}] {label}" for n, (label, _) in enumerate(buttons, start=1)]
            self.out.write("\n" + "\n".join(f"  {b}" for b in numbered) + "\n")
        self.out.flush()

    def press(self, typed: str) -> str | None:
        """The callback data of the button the user meant, if they meant one."""
        if typed.isdigit() and 1 <= int(typed) <= len(self.buttons):
            return self.buttons[int(typed) - 1][1]
        wanted = typed.casefold()
        return next((data for label, data in self.buttons if label.casefold() == wanted), None)


async def _lines(stdin: TextIO, interactive: bool, out: TextIO) -> AsyncIterator[str]:
    while True:
        if interactive:
            try:
                line = await asyncio.to_thread(input, "\nyou> ")
            except EOFError:
                return
        else:
            raw = await asyncio.to_thread(stdin.readline)
            if not raw:
                return
            line = raw.rstrip("\n")
            out.write(f"\nyou> {line}\n")
        yield line


async def run_demo(
    settings: Settings, content: Content, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout
) -> None:
    interactive = stdin.isatty()
    transcript = Transcript(out)
    api = FakeBotApi(listener=transcript)
    factory = UpdateFactory()
    with tempfile.TemporaryDirectory(prefix="hys-demo-") as scratch:
        if "database" not in settings.model_fields_set:
            # A throw-away database, so trying the demo never leaves anything behind.
            settings = settings.model_copy(update={"database": Path(scratch) / "demo.sqlite3"})
        app = build_application(settings, content, request=api, rate_limit=False, jobs=False)
        async with offline(app):
            out.write(INTRO + "\n")
            first = ["/start"] if interactive else []
            async for line in _chain(first, _lines(stdin, interactive, out)):
                typed = line.strip()
                if typed in {"/quit", "/exit"}:
                    break
                if not typed:
                    continue
                data = transcript.press(typed)
                update = factory.button(data) if data is not None else factory.text(typed)
                await app.process_update(Update.de_json(update, app.bot))


async def _chain(first: list[str], rest: AsyncIterator[str]) -> AsyncIterator[str]:
    for line in first:
        yield line
    async for line in rest:
        yield line
