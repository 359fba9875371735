"""The console and the Telegram bot on the same services (as `run --web` serves them): an
answer and a reply written in the console reach the young person in Telegram, once, through
the outbox worker; the officer never sees who they are."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.app import offline
from bot.config import Settings
from bot.content import Content
from bot.domain import Role
from bot.formatting import html_to_plain
from bot.services import Services
from bot.telegram.context import SERVICES_KEY
from bot.web.app import WebChat, build_web_app
from tests.conftest import make_harness
from tests.fakes import MovableClock
from tests.test_console import Console, account, csrf
from tests.test_feedback import rows, submit

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

_SECRET = re.compile(r'<code class="code">([A-Z2-7 ]+)</code>')


def console_of(services: Services, clock: MovableClock, settings: Settings) -> Console:
    """The console on the bot's own services."""
    chat = WebChat(services, exit_url="https://neutral.example/")
    transport = httpx.ASGITransport(app=build_web_app(chat), client=("198.51.100.7", 1))
    return Console(services, clock, transport, settings)


async def decide(client: httpx.AsyncClient, item_id: int, do: str, text: str) -> httpx.Response:
    page = await client.get(f"/console/item/{item_id}")
    return await client.post(
        f"/console/item/{item_id}/decide",
        data={"csrf": csrf(page), "do": do, "text": text},
        follow_redirects=True,
    )


async def test_an_answer_and_a_reply_from_the_console_reach_telegram_once(
    settings: Settings, content: Content
) -> None:
    harness, errors = await make_harness(settings, content)
    async with offline(harness.app):
        services = harness.app.bot_data[SERVICES_KEY]
        me = harness.updates.person.user_id
        # A question, with "tell me when there's an answer".
        await submit(harness, "When can I apply for housing?", "Ask a question", "Not sure")
        await harness.press("Yes, tell me")
        # A disclosure, with "message me here".
        await harness.send("I don't feel safe at home")
        await harness.press("Yes, contact me")
        await harness.press("Message me here")
        question, worry = (
            int(str(r[0])) for r in rows(settings, "SELECT id FROM items ORDER BY id")
        )
        await harness.deliver()  # the officer alerts
        harness.api.clear()

        client = console_of(services, harness.clock, settings).client()
        await account(console_of(services, harness.clock, settings), client, "Sam Jones")
        answered = await decide(client, question, "answer", "From 16, with your PA's help.")
        assert "Saved: the answer." in answered.text
        page = await client.get(f"/console/item/{worry}")
        assert str(me) not in page.text  # never who they are
        replied = await decide(
            client, worry, "reply", "Hi, it's Sam from the team. Are you safe now?"
        )
        assert "Saved: your reply." in replied.text
        await client.aclose()

        assert await harness.deliver() >= 2
        to_them = [html_to_plain(c.text) for c in harness.api.messages() if c.chat_id == me]
        assert any("From 16, with your PA's help." in t for t in to_them)
        assert any("Hi, it's Sam from the team. Are you safe now?" in t for t in to_them)
        harness.api.clear()
        assert await harness.deliver() == 0  # once
        assert [c for c in harness.api.messages() if c.chat_id == me] == []
    assert rows(settings, "SELECT COUNT(*) FROM outbox") == [(0,)]
    assert ("Sam Jones", "contact_replied", worry) in rows(
        settings, "SELECT actor, action, item_id FROM audit_log"
    )
    assert errors == []


async def test_an_officer_is_recorded_under_their_console_name_in_telegram_too(
    settings: Settings, content: Content
) -> None:
    from tests.conftest import OFFICER_ID
    from tests.officers import officer_side

    harness, errors = await make_harness(settings, content)
    async with offline(harness.app):
        services = harness.app.bot_data[SERVICES_KEY]
        await submit(harness, "More trips please")
        await submit(harness, "And a later curfew")
        officer = officer_side(harness)
        await officer.send("/view 1")  # not yet linked: their Telegram name
        assert await services.accounts.add("Sam Jones", Role.OFFICER, OFFICER_ID) is not None
        assert await services.accounts.add("Someone Else", Role.OFFICER, OFFICER_ID) is None
        await officer.send("/view 2")
    viewers = rows(settings, "SELECT item_id, actor FROM audit_log WHERE action = 'viewed'")
    assert viewers[1] == (2, "Sam Jones")
    assert viewers[0][1] != "Sam Jones"
    assert errors == []
