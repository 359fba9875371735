"""The web chat, driven over HTTP as a browser would post its forms (no JavaScript): every
journey on the same journeys, screening and store as Telegram; the session, form-token, size
and header promises. tests/test_web_browser.py drives the same pages in real Chromium."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bot.app import build_services
from bot.config import Settings
from bot.content import Content
from bot.domain import Audience
from bot.services import Services
from bot.web.app import WebChat, build_web_app
from bot.web.http import CSP, MAX_BODY
from bot.web.sessions import COOKIE
from tests.fakes import MovableClock
from tests.webclient import Page, Visitor

ADDRESS = "203.0.113.77"  # the visitor's address: it must never be kept
AGENT = "Mozilla/5.0 (Linux; Android 14) HysTestAgent/9.9"
EXIT_URL = "https://neutral.example/weather"


@dataclass
class Web:
    services: Services
    chat: WebChat
    transport: httpx.ASGITransport
    clock: MovableClock
    database: Path

    def client(self, base: str = "http://testserver") -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=self.transport,
            base_url=base,
            follow_redirects=True,
            headers={"user-agent": AGENT},
        )

    def visitor(self) -> Visitor:
        return Visitor(self.client())

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with closing(sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)) as db:
            return db.execute(sql).fetchall()


@pytest.fixture
async def web(settings: Settings, content: Content) -> AsyncIterator[Web]:
    clock = MovableClock()
    services = await build_services(settings, content, clock)
    chat = WebChat(services, exit_url=EXIT_URL)
    transport = httpx.ASGITransport(app=build_web_app(chat), client=(ADDRESS, 50123))
    try:
        yield Web(services, chat, transport, clock, settings.database)
    finally:
        await services.store.close()


async def in_care(visitor: Visitor) -> Page:
    await visitor.open("/")
    return await visitor.press("I'm in care")


async def write(visitor: Visitor, text: str, *, ask: bool = False) -> Page:
    """Have your say (or Ask a question) → Not sure → type → preview."""
    await in_care(visitor)
    await visitor.press("Ask a question" if ask else "Have your say")
    await visitor.press("Not sure")
    return await visitor.type(text)


# --------------------------------------------------------------------------------------------
# The young person's journeys


async def test_a_first_visit_asks_who_they_are_and_then_shows_the_menu(web: Web) -> None:
    visitor = web.visitor()
    first = await visitor.open("/")
    assert first.status == 200
    assert first.sections == ["start"]
    assert {"I'm in care", "I'm a care leaver", "I'm a carer"} <= set(first.buttons())
    menu = await visitor.press("I'm a care leaver")
    assert menu.sections == ["notice"]
    assert {"Have your say", "Ask a question", "Our promise", "What you can get"} <= set(
        menu.buttons()
    )
    # The menu stays: the same page on reload, and the start page no longer asks.
    again = await visitor.open("/")
    assert again.sections == ["notice"]


async def test_browsing_the_pledge_the_offer_and_meetings(web: Web, content: Content) -> None:
    visitor = web.visitor()
    await in_care(visitor)
    pledge = await visitor.press("Our promise")
    assert pledge.sections == ["pledge"]
    promise = content.pledge.promises[0]
    shown = await visitor.press(f"1. {promise.title.for_(Audience.IN_CARE)}")
    assert shown.sections == ["promise"]
    assert promise.text.for_(Audience.IN_CARE).split("\n")[0][:40] in shown.text
    await visitor.press("Menu")
    offer = await visitor.press("What you can get")
    area = content.offer.areas[0]
    item = area.items[0]
    await visitor.press(area.title.for_(Audience.IN_CARE))
    shown = await visitor.press(item.title.for_(Audience.IN_CARE))
    assert shown.sections == ["item"]
    how = await visitor.press("How to get it")
    assert how.sections == ["item_how"]
    assert offer.status == 200
    await visitor.press("Menu")
    meetings = await visitor.press("Board meetings")
    assert meetings.sections == ["meetings"]
    reminders = await visitor.press("🔔 Remind me")
    assert "Reminders only work in our Telegram chat" in reminders.text
    assert web.rows("SELECT COUNT(*) FROM opt_ins") == [(0,)]


async def test_get_help_now_makes_every_number_a_call_or_text_link(
    web: Web, content: Content
) -> None:
    page = await web.visitor().open("/go/help")
    assert page.sections == ["help"]
    for number in content.safeguarding.help_numbers:
        digits = "".join(c for c in number.number if c.isdigit())
        scheme = "sms" if number.how == "text" else "tel"
        assert any(link.startswith(f"{scheme}:{digits}") for link in page.links), number.id
    out_of_hours = "".join(c for c in content.council.out_of_hours.number if c.isdigit())
    assert f"tel:{out_of_hours}" in page.links
