"""Demo: the real Application and handlers, chatting in the terminal through the fake Bot API.

Interactive in a terminal; when stdin is not a terminal it reads one user line per input line
and prints every reply, so it can be scripted. Buttons are listed as [1] Label; type the number
or the label to press one. `/officer` switches to the participation officer in the officer chat
(and back). No token, no network.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from telegram import Update

from bot.app import build_application, offline
from bot.config import Settings
from bot.content import Content
from bot.formatting import html_to_plain
from bot.telegram.context import DELIVERY_KEY
from bot.telegram.fakebot import (
    Call,
    FakeBotApi,
    Person,
    UpdateFactory,
    group_chat,
    unrepeated_update_ids,
)

_SHOWN = {"sendMessage", "editMessageText", "sendDocument"}
INTRO = (
    "Have Your Say: offline demo. You are a young person chatting with the bot.\n"
    "Type a button's number or label to press it, type messages as usual.\n"
    "/officer switches to the participation officer's chat and back; /quit leaves."
)
DEMO_OFFICER_CHAT = -1000000000001
DEMO_OFFICER = Person(user_id=1001, first_name="Sam", last_name="Officer", username="demo_officer")


@dataclass
class Side:
    """One side of the conversation: who is typing, in which chat, and what they can press."""

    label: str
    updates: UpdateFactory
    chat: dict[str, Any]
    buttons: list[tuple[str, str]] = field(default_factory=list)
    last_message: dict[str, Any] | None = None
    prompt: dict[str, Any] | None = None  # a message asking for a reply


class Transcript:
    """Prints what the bot shows and remembers the buttons under the latest message per chat."""

    def __init__(self, out: TextIO, sides: dict[int, Side]) -> None:
        self.out = out
        self.sides = sides

    def __call__(self, call: Call) -> None:
        if call.method not in _SHOWN:
            return
        side = self.sides.get(call.chat_id or 0)
        where = side.label if side else f"chat {call.chat_id}"
        if call.chat_id == DEMO_OFFICER.user_id:
            where = "officer (private chat with the bot)"
        text = call.text if call.method != "sendDocument" else f"📎 {call.params.get('caption')}"
        self.out.write(f"\nBot → {where}:\n")
        for line in html_to_plain(text).splitlines():
            self.out.write(f"  {line}\n" if line else "\n")
        if side is None:
            return
        buttons = call.buttons()
        if buttons:
            side.buttons = buttons
            numbered = [f"[{n}] {label}" for n, (label, _) in enumerate(buttons, start=1)]
            self.out.write("\n" + "\n".join(f"  {b}" for b in numbered) + "\n")
        side.prompt = None
        if (call.params.get("reply_markup") or {}).get("force_reply"):
            side.prompt = call.as_message(side.chat)
            self.out.write("  (type your reply)\n")
        elif buttons:
            side.last_message = call.as_message(side.chat)
        self.out.flush()


def press(side: Side, typed: str) -> str | None:
    """The callback data of the button the user meant, if they meant one."""
    if typed.isdigit() and 1 <= int(typed) <= len(side.buttons):
        return side.buttons[int(typed) - 1][1]
    wanted = typed.casefold()
    return next((data for label, data in side.buttons if label.casefold() == wanted), None)


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


def demo_settings(settings: Settings, scratch: Path) -> Settings:
    """A throw-away database unless HYS_DATABASE is set; a pretend officer chat if none is."""
    changes: dict[str, Any] = {}
    if "database" not in settings.model_fields_set:
        changes["database"] = scratch / "demo.sqlite3"
    if settings.officer_chat_id is None:
        changes["officer_chat_id"] = DEMO_OFFICER_CHAT
        changes["officer_ids"] = [DEMO_OFFICER.user_id]
    return settings.model_copy(update=changes)


async def run_demo(
    settings: Settings, content: Content, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout
) -> None:
    interactive = stdin.isatty()
    young = UpdateFactory(_ids=unrepeated_update_ids())
    officer = UpdateFactory(person=DEMO_OFFICER, _ids=young._ids)
    with tempfile.TemporaryDirectory(prefix="hys-demo-") as scratch:
        settings = demo_settings(settings, Path(scratch))
        officer_chat = settings.officer_chat_id or DEMO_OFFICER_CHAT
        sides = {
            young.person.user_id: Side("you", young, young.person.private_chat()),
            officer_chat: Side("officer chat", officer, group_chat(officer_chat, "Officers")),
        }
        # View sends a child's words to the officer's own private chat, never the group; the
        # demo shows both as the officer's side, so its buttons can be pressed.
        sides[DEMO_OFFICER.user_id] = sides[officer_chat]
        transcript = Transcript(out, sides)
        api = FakeBotApi(listener=transcript)
        app = build_application(settings, content, request=api, rate_limit=False, jobs=False)
        current = sides[young.person.user_id]
        async with offline(app):
            out.write(INTRO + "\n")
            first = ["/start"] if interactive else []
            async for line in _chain(first, _lines(stdin, interactive, out)):
                typed = line.strip()
                if typed in {"/quit", "/exit"}:
                    break
                if typed == "/officer":
                    to_officer = current.label == "you"
                    current = sides[officer_chat] if to_officer else sides[young.person.user_id]
                    who = "the officer" if to_officer else "the young person"
                    out.write(f"  (now typing as {who})\n")
                    continue
                if not typed:
                    continue
                await app.process_update(Update.de_json(_update(current, typed), app.bot))
                # Deliver officer alerts straight away, as the background worker would.
                await app.bot_data[DELIVERY_KEY].deliver_due()


def _update(side: Side, typed: str) -> dict[str, Any]:
    if side.prompt is not None:
        prompt, side.prompt = side.prompt, None
        return side.updates.text(typed, chat=side.chat, reply_to=prompt)
    data = press(side, typed)
    if data is not None:
        return side.updates.button(data, on_message=side.last_message, chat=side.chat)
    return side.updates.text(typed, chat=side.chat)


async def _chain(first: list[str], rest: AsyncIterator[str]) -> AsyncIterator[str]:
    for line in first:
        yield line
    async for line in rest:
        yield line


async def demo_web(settings: Settings, content: Content) -> None:
    """`python -m bot demo --web`: the web chat on the shipped content, with a throw-away
    database, on this computer only."""
    from bot.web.serve import run_web

    with tempfile.TemporaryDirectory(prefix="hys-demo-") as scratch:
        await run_web(
            demo_settings(settings, Path(scratch)),
            content,
            announce=sys.stdout,
            demo_officer=True,
        )
