"""The web chat, driven over HTTP as a browser would post its forms (no JavaScript): every
journey on the same journeys, screening and store as Telegram; the session, form-token, size
and header promises. tests/test_web_browser.py drives the same pages in real Chromium."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bot.app import offline
from bot.config import Settings
from bot.content import Content
from bot.domain import Audience, Officer
from bot.formatting import html_to_plain
from bot.services import Services
from bot.telegram.context import SERVICES_KEY
from bot.web.app import WebChat, build_web_app
from bot.web.http import CSP, MAX_BODY
from bot.web.sessions import COOKIE
from bot.wiring import build_services
from tests import db
from tests.conftest import OFFICER_ID, make_harness
from tests.db import database_down, stored_bytes
from tests.fakes import MovableClock
from tests.officers import officer_side
from tests.test_feedback import rows
from tests.webclient import Page, Visitor

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

ADDRESS = "203.0.113.77"  # the visitor's address: it must never be kept
AGENT = "Mozilla/5.0 (Linux; Android 14) HysTestAgent/9.9"
EXIT_URL = "https://neutral.example/weather"


@dataclass
class Web:
    services: Services
    chat: WebChat
    transport: httpx.ASGITransport
    clock: MovableClock
    database: Settings

    def client(self, base: str = "http://testserver") -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=self.transport,
            base_url=base,
            follow_redirects=True,
            headers={"user-agent": AGENT},
        )

    def over_https(self) -> httpx.AsyncClient:
        """The same services behind the council's https proxy (HYS_WEB_BASE_URL https://)."""
        chat = WebChat(self.services, https=True, exit_url=EXIT_URL)
        transport = httpx.ASGITransport(app=build_web_app(chat), client=(ADDRESS, 50123))
        return httpx.AsyncClient(transport=transport, base_url="https://testserver")

    def visitor(self) -> Visitor:
        return Visitor(self.client())

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        return db.rows(self.database, sql)


@asynccontextmanager
async def opened_web(settings: Settings, content: Content) -> AsyncIterator[Web]:
    clock = MovableClock()
    services = await build_services(settings, content, clock)
    chat = WebChat(services, exit_url=EXIT_URL)
    transport = httpx.ASGITransport(app=build_web_app(chat), client=(ADDRESS, 50123))
    try:
        yield Web(services, chat, transport, clock, settings)
    finally:
        await services.store.close()


@pytest.fixture
async def web(settings: Settings, content: Content) -> AsyncIterator[Web]:
    async with opened_web(settings, content) as opened:
        yield opened


async def in_care(visitor: Visitor) -> Page:
    """The menu, as someone in care (asked only the first time)."""
    page = await visitor.open("/")
    if "I'm in care" in page.buttons():
        return await visitor.press("I'm in care")
    return await visitor.open("/go/menu")


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
    assert "🔔 Remind me" not in meetings.buttons()  # reminders are sent on Telegram only
    form = meetings.forms[0]
    reminders = await visitor.post("/act", {**form.fields, "do": "rm:ask"})  # an old button
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


async def test_have_your_say_previews_then_stores_once_with_a_code(web: Web) -> None:
    visitor = web.visitor()
    preview = await write(visitor, "The wifi at my home keeps cutting out at night")
    assert preview.sections == ["preview"]
    assert "The wifi at my home keeps cutting out at night" in preview.text
    assert web.rows("SELECT COUNT(*) FROM items") == [(0,)]  # nothing stored before Send
    form, send = preview.button("Send")
    ack = await visitor.press("Send")
    assert ack.sections == ["ack"]
    assert "Check a message" in ack.text  # the web's way to check, not a /status command
    assert "/status" not in ack.text
    assert web.rows("SELECT COUNT(*) FROM items") == [(1,)]
    # The same Send posted again (the back button, a double click): the same code, no new row.
    again = await visitor.post(form.action, {**form.fields, "do": send})
    assert again.sections == ["ack"]
    assert again.text == ack.text
    assert web.rows("SELECT COUNT(*) FROM items") == [(1,)]


async def test_send_pressed_at_once_from_two_tabs_stores_one_item(web: Web) -> None:
    visitor = web.visitor()
    preview = await write(visitor, "Can we have more trips in the holidays please")
    form, send = preview.button("Send")
    data = {**form.fields, "do": send}
    first, second = await asyncio.gather(
        visitor.client.post("/act", data=data), visitor.client.post("/act", data=data)
    )
    assert first.status_code == second.status_code == 200
    assert Page.of(first).text == Page.of(second).text
    assert web.rows("SELECT COUNT(*) FROM items") == [(1,)]


async def test_send_under_an_older_preview_never_sends_words_it_did_not_show(web: Web) -> None:
    """Two tabs: a preview in one, then the words changed in the other. The first tab's Send
    shows the newest words to send instead of sending them unseen."""
    visitor = web.visitor()
    old = await write(visitor, "Can we have more trips in the holidays please")
    old_form, old_send = old.button("Send")
    await visitor.press("Change")
    new = await visitor.type("Can we have a trip to the seaside in August")
    pressed = await visitor.post("/act", {**old_form.fields, "do": old_send})
    assert web.rows("SELECT COUNT(*) FROM items") == [(0,)]
    assert "older version of your message" in pressed.text
    assert "seaside in August" in pressed.text
    assert pressed.sections == ["preview"]
    ack = await visitor.press("Send")
    assert "Your code is" in ack.text
    assert web.rows("SELECT text FROM items") == [("Can we have a trip to the seaside in August",)]
    # The newer tab's Send, pressed afterwards, shows the same code and stores nothing more.
    new_form, new_send = new.button("Send")
    again = await visitor.post("/act", {**new_form.fields, "do": new_send})
    assert "Your code is" in again.text
    assert web.rows("SELECT COUNT(*) FROM items") == [(1,)]


async def test_a_disclosure_gets_the_help_numbers_first_then_is_kept_as_urgent(
    web: Web, content: Content
) -> None:
    visitor = web.visitor()
    await in_care(visitor)
    await visitor.press("Have your say")
    await visitor.press("Not sure")
    page = await visitor.type("my foster carer hits me with a belt when he is drunk")
    assert page.sections[0] == "crisis"
    assert page.sections[1] == "crisis_saved"
    first_number = content.safeguarding.help_numbers[1].number
    assert page.text.index(first_number) < page.text.index("Your code")
    assert web.rows("SELECT urgent, kind FROM items") == [(1, "feedback")]
    # Contact me on the web: check back with my code, or another way (no "message me here").
    how = await visitor.press("Yes, contact me")
    assert how.sections == ["contact_how"]
    assert "Message me here" not in how.buttons()
    assert {"Check back with my code", "Another way"} <= set(how.buttons())
    await visitor.press("Another way")
    saved = await visitor.type("ring my school and ask for Mrs Patel")
    assert saved.sections == ["contact_saved"]
    rows = web.rows("SELECT chat_id, contact_how FROM opt_ins WHERE kind = 'contact'")
    assert rows == [(None, "ring my school and ask for Mrs Patel")]
    assert web.rows("SELECT COUNT(*) FROM outbox") != [(0,)]  # the officers are alerted


async def test_an_unsure_message_asks_are_you_safe_and_not_safe_makes_it_urgent(
    web: Web,
) -> None:
    visitor = web.visitor()
    await in_care(visitor)
    await visitor.press("Have your say")
    await visitor.press("Not sure")
    page = await visitor.type("i dont feel safe at home")
    if page.sections[0] == "crisis":  # the screen was sure: already urgent
        assert web.rows("SELECT urgent FROM items") == [(1,)]
        return
    assert page.sections == ["safety_check"]
    answered = await visitor.press(page.buttons()[0])  # "No, I'm not safe"
    assert answered.sections[0] == "crisis"
    assert web.rows("SELECT urgent FROM items") == [(1,)]


async def test_a_question_is_answered_on_the_check_page_by_its_code(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "When can I get my passport sorted for the school trip?", ask=True)
    ack = await visitor.press("Send")
    assert ack.sections == ["ack"]
    assert "Tell me" not in " ".join(ack.buttons())  # no "message me here" on the web
    code = ack.html.split('<code class="code">')[1].split("</code>")[0]
    item_id = web.rows("SELECT id FROM items")[0][0]
    assert isinstance(item_id, int)
    officer = Officer(OFFICER_ID, "Sam")
    await web.services.officers.answer(officer, item_id, "Yes: your worker will book it.")
    checked = await check(visitor, code)
    assert checked.sections[0] == "status"
    assert "Yes: your worker will book it." in checked.text


async def check(visitor: Visitor, code: str, do: str = "status") -> Page:
    page = await visitor.open("/check")
    form = page.forms[-1]
    return await visitor.post("/check", {**form.fields, "code": code, "do": do})


async def test_delete_by_code_on_the_check_page(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "Please can the youth club open on Sundays as well")
    ack = await visitor.press("Send")
    code = ack.html.split('<code class="code">')[1].split("</code>")[0]
    assert web.rows("SELECT COUNT(*) FROM items") == [(1,)]
    item_id = web.rows("SELECT id FROM items")[0][0]
    assert isinstance(item_id, int)
    await web.services.officers.reply_by_code(Officer(OFFICER_ID, "Sam"), item_id, "Thanks!")
    sure = await check(visitor, code, "delete")
    assert "You can't undo this" in sure.text
    assert web.rows("SELECT COUNT(*) FROM items") == [(1,)]  # asked once more, nothing gone yet
    deleted = await visitor.press("Yes, delete it")
    assert "deleted for good" in deleted.text
    assert web.rows("SELECT COUNT(*) FROM items") == [(0,)]
    assert web.rows("SELECT COUNT(*) FROM replies") == [(0,)]  # the conversation goes too
    gone = await check(visitor, code)
    assert "couldn't find a message with that code" in gone.text


async def test_wrong_codes_are_limited_per_visitor(web: Web) -> None:
    visitor = web.visitor()
    answers = [(await check(visitor, f"KITE-7F3Q-X9{c}A")).text for c in "ABCDEFGHJKMNP"]
    assert "couldn't find a message" in answers[0]
    assert "tried a lot of codes" in answers[-1]
    # Another cookie from the same address is the same visitor: clearing cookies does not help.
    other = web.visitor()
    assert "tried a lot of codes" in (await check(other, "KITE-7F3Q-X9MA")).text


# --------------------------------------------------------------------------------------------
# Sessions, form tokens, bad input


async def test_the_one_cookie_is_opaque_http_only_and_strict(web: Web) -> None:
    async with web.client() as client:
        response = await client.get("/")
    cookies = response.headers.get_list("set-cookie")
    assert len(cookies) == 1
    cookie = cookies[0]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    # A session cookie: it goes when the browser closes (the session itself after an hour).
    assert "Max-Age" not in cookie
    assert "expires" not in cookie.lower()
    assert "Secure" not in cookie  # plain http on this machine; https below
    async with web.over_https() as client:
        secure = (await client.get("/")).headers["set-cookie"]
    assert "Secure" in secure


async def test_every_response_carries_the_security_headers(web: Web) -> None:
    async with web.client() as client:
        for path in ("/", "/go/pledge", "/check", "/static/hys.css", "/nowhere"):
            response = await client.get(path)
            assert response.headers["content-security-policy"] == CSP, path
            assert response.headers["referrer-policy"] == "no-referrer", path
            assert response.headers["x-frame-options"] == "DENY", path
            assert "server" not in response.headers, path
            if not path.startswith("/static/"):
                assert response.headers["cache-control"] == "no-store", path
            assert "strict-transport-security" not in response.headers
    async with web.over_https() as client:
        assert "strict-transport-security" in (await client.get("/")).headers


async def test_a_form_without_its_token_is_refused_kindly_and_keeps_the_words(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "first message")
    await visitor.press("Change")
    page = await visitor.post("/say", {"text": "The bus pass takes too long to arrive"})
    assert page.status == 200
    assert "Please try again" in page.text
    assert "The bus pass takes too long to arrive" in page.html  # kept in the box
    assert web.rows("SELECT COUNT(*) FROM items") == [(0,)]


async def test_an_ended_session_still_takes_the_words_and_gives_help_at_once(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "first message")
    form = (await visitor.press("Change")).text_form()
    web.clock.advance(timedelta(hours=2))  # away from the page for two hours: the draft is gone
    page = await visitor.type("he hits me every night and i am scared to go home")
    assert page.sections[0] == "crisis"  # the help numbers first
    assert web.rows("SELECT urgent FROM items") == [(1,)]  # and kept as urgent, at once
    web.clock.advance(timedelta(hours=2))
    kept = await visitor.post("/say", {**form.fields, "text": "Can we have a film night?"})
    assert "I've kept what you typed" in kept.text  # ordinary words: kept, ready to send
    assert web.rows("SELECT COUNT(*) FROM items") == [(1,)]


async def test_a_form_from_before_a_restart_keeps_the_words_or_keeps_a_disclosure(
    web: Web,
) -> None:
    visitor = web.visitor()
    await write(visitor, "first message")
    await visitor.press("Change")
    form = visitor.page.text_form()  # type: ignore[union-attr]
    restarted = WebChat(web.services, exit_url=EXIT_URL)  # a new process: new keys
    transport = httpx.ASGITransport(app=build_web_app(restarted), client=(ADDRESS, 50123))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", follow_redirects=True
    ) as client:
        client.cookies = visitor.client.cookies
        ordinary = Page.of(
            await client.post("/say", data={**form.fields, "text": "The bus pass is late"})
        )
        assert "Please try again" in ordinary.text
        assert "The bus pass is late" in ordinary.html  # kept in the box
        assert web.rows("SELECT COUNT(*) FROM items") == [(0,)]
        urgent = Page.of(
            await client.post("/say", data={**form.fields, "text": "my carer hits me"})
        )
    assert urgent.sections[0] == "crisis"
    assert web.rows("SELECT urgent FROM items") == [(1,)]  # never sent back to be tried again


async def test_an_oversized_form_is_refused_before_it_is_read(web: Web) -> None:
    visitor = web.visitor()
    preview = await write(visitor, "a message")
    form = preview.forms[0]
    async with web.client() as client:
        client.cookies = visitor.client.cookies
        big = await client.post("/act", data={**form.fields, "do": "x" * (MAX_BODY + 1)})
        declared = await client.post(
            "/act", content=b"csrf=x", headers={"content-length": str(10 * MAX_BODY)}
        )
    assert big.status_code == 413
    assert "too much to send in one go" in Page.of(big).text
    assert declared.status_code == 413
    assert web.rows("SELECT COUNT(*) FROM items") == [(0,)]


async def test_bytes_that_are_not_utf8_and_hostile_unicode_are_taken_kindly(web: Web) -> None:
    visitor = web.visitor()
    await in_care(visitor)
    await visitor.press("Have your say")
    prompt = await visitor.press("Not sure")
    form = prompt.text_form()
    fields = "&".join(f"{k}={v}" for k, v in form.fields.items() if k != form.textarea)
    body = f"{fields}&text=caf%C3%A9%FF%FE%20‮evil%00".encode()
    response = await visitor.client.post(
        "/say", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 200
    page = Page.of(response)
    assert page.sections == ["preview"]
    assert "\ufffd" in page.html  # the broken bytes are shown as broken, not dropped silently


async def test_forged_or_telegram_only_buttons_change_nothing(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "When is the next trip?", ask=True)
    await visitor.press("Send")
    form = visitor.page.forms[0]  # type: ignore[union-attr]
    for forged in ("ch:answer:yes", "rm:yes", "op:view:1", "nav:nowhere", "<script>", ""):
        page = await visitor.post("/act", {**form.fields, "do": forged})
        assert page.status == 200, forged
        assert "<script>" not in page.html.split("<main")[1]
    assert web.rows("SELECT COUNT(*) FROM opt_ins") == [(0,)]
    assert web.rows("SELECT COUNT(*) FROM items") == [(1,)]


async def test_exit_this_page_ends_the_session_and_leaves_for_a_neutral_site(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "something private I was writing")
    assert len(web.chat.sessions) == 1
    async with web.client() as client:
        client.cookies = visitor.client.cookies
        client.follow_redirects = False
        response = await client.get("/exit")
    assert response.status_code == 303
    assert response.headers["location"] == EXIT_URL
    assert f'{COOKIE}=""' in response.headers["set-cookie"]
    assert '"cookies"' in response.headers["clear-site-data"]
    assert len(web.chat.sessions) == 0
    again = await visitor.open("/")  # back to the site: a fresh start, the words are gone
    assert again.sections == ["start"]
    assert "something private" not in again.html


async def test_reading_pages_keeps_nothing_and_sessions_end_after_an_hour(web: Web) -> None:
    for _ in range(200):  # page views, made-up cookies, 404s: nothing is kept for them
        async with web.client() as client:
            client.cookies.set(COOKIE, "x" * 43)
            await client.get("/")
            await client.get("/nowhere")
    assert len(web.chat.sessions) == 0
    for _ in range(5):
        await in_care(web.visitor())  # a form sent back: now a session is kept
    assert len(web.chat.sessions) == 5
    web.clock.advance(timedelta(minutes=61))
    await in_care(web.visitor())
    assert len(web.chat.sessions) == 1  # the five idle for an hour are gone


def files_in(folder: Path) -> list[tuple[str, bytes]]:
    return [(f.name, f.read_bytes()) for f in folder.rglob("*") if f.is_file()]


async def test_a_full_web_visit_keeps_no_address_agent_or_cookie(
    web: Web, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    visitor = web.visitor()
    await write(visitor, "my carer hits me and i am scared to go home")
    await write(visitor, "Can we have a games night?")
    await visitor.press("Send")
    await visitor.open("/go/privacy")
    cookie = visitor.client.cookies[COOKIE]
    await web.services.store.close()
    secrets_ = [ADDRESS.encode(), AGENT.encode(), b"HysTestAgent", cookie.encode()]
    held = files_in(tmp_path)
    held.append(("the database", stored_bytes(web.database)))  # PostgreSQL's rows too
    for name, data in held:
        for secret in secrets_:
            assert secret not in data, (name, secret)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets_:
        assert secret.decode() not in logged


async def test_the_quick_exit_beacon_ends_the_session_too(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "something private I was writing")
    response = await visitor.client.post("/exit")
    assert response.status_code == 204
    assert len(web.chat.sessions) == 0
    assert "something private" not in (await visitor.open("/")).html


async def test_check_back_with_my_code_is_a_conversation_with_the_officers(
    settings: Settings, content: Content
) -> None:
    """The web chat and the Telegram bot on the same services (as `run --web` serves them):
    the officer's /reply is kept under the code, the young person reads it and writes back."""
    harness, errors = await make_harness(settings, content)
    async with offline(harness.app):
        services = harness.app.bot_data[SERVICES_KEY]
        chat = WebChat(services, exit_url=EXIT_URL)
        transport = httpx.ASGITransport(app=build_web_app(chat), client=(ADDRESS, 50123))
        client = httpx.AsyncClient(
            transport=transport, base_url="http://testserver", follow_redirects=True
        )
        visitor = Visitor(client)
        await in_care(visitor)
        await visitor.press("Have your say")
        await visitor.press("Not sure")
        page = await visitor.type("my foster carer hits me with a belt when he is drunk")
        code = page.html.split('<code class="code">')[1].split("</code>")[0]
        await visitor.press("Yes, contact me")
        saved = await visitor.press("Check back with my code")
        assert "To see their reply, use Check a message" in saved.text
        database = settings
        requests = rows(database, "SELECT chat_id, contact_how FROM opt_ins")
        assert requests[0][0] is None
        assert "check back on the web chat" in str(requests[0][1])

        officer = officer_side(harness)
        answer = await officer.send("/reply 1 Hi, it's Sam. Are you safe right now?")
        assert answer is not None
        assert "when they check with their code" in html_to_plain(answer.text)
        checked = await check(visitor, code)
        assert "The team wrote" in checked.text
        assert "Hi, it's Sam. Are you safe right now?" in checked.text
        written = await visitor.type("yes i am at my nans now thank you")
        assert "Sent. The team will read it" in written.text
        assert rows(database, "SELECT from_team, text FROM replies ORDER BY id") == [
            (1, "Hi, it's Sam. Are you safe right now?"),
            (0, "yes i am at my nans now thank you"),
        ]
        assert ("reply",) in rows(database, "SELECT kind FROM outbox")
        viewed = await officer.send("/view 1")
        assert viewed is not None
        assert "They wrote" in html_to_plain(viewed.text)
        assert "yes i am at my nans now thank you" in html_to_plain(viewed.text)
        # Writing back a disclosure: the help numbers at once; the message is urgent again,
        # and the words are kept once, in the conversation (deleted with it).
        await officer.send("/view 1")  # opened: urgent re-alerts had stopped
        await check(visitor, code)
        again = await visitor.type("he came back and hit me again tonight")
        assert again.sections[0] == "crisis"
        assert "marked as urgent" in again.text
        assert rows(
            database, "SELECT COUNT(*), urgent, acknowledged FROM items GROUP BY 2, 3"
        ) == [(1, 1, 0)]
        assert rows(database, "SELECT COUNT(*) FROM replies WHERE text LIKE '%hit me again%'") == [
            (1,)
        ]
        assert ("reply", 1) in rows(database, "SELECT kind, urgent FROM outbox")
        await client.aclose()
    assert errors == []


async def team_wrote(web: Web, visitor: Visitor, text: str, answer: str) -> str:
    """They send `text`; the team writes back under its code (and answers it). The code."""
    await write(visitor, text)
    ack = await visitor.press("Send")
    code = ack.html.split('<code class="code">')[1].split("</code>")[0]
    item_id = int(web.rows("SELECT id FROM items ORDER BY id DESC")[0][0])  # type: ignore[call-overload]
    day = web.clock.now.date()
    await web.services.store.add_reply(item_id, answer, from_team=True, on_day=day)
    await web.services.store.set_answer(item_id, answer, on_day=day, actor="officer")
    return code


async def test_a_disclosure_written_back_makes_an_answered_message_urgent_and_open_again(
    web: Web,
) -> None:
    visitor = web.visitor()
    code = await team_wrote(
        web, visitor, "Can we have pizza night on Fridays?", "Yes! Pizza night starts next week."
    )
    assert web.rows("SELECT status, urgent FROM items") == [("answered", 0)]
    await check(visitor, code)
    page = await visitor.type("thanks. also my carer hit me with a belt last night")
    assert page.sections[0] == "crisis"  # the help numbers first
    assert "marked as urgent" in page.text
    assert web.rows(
        "SELECT COUNT(*), status, urgent, acknowledged FROM items GROUP BY 2, 3, 4"
    ) == [(1, "received", 1, 0)]
    categories = str(web.rows("SELECT risk_categories FROM items")[0][0])
    assert "physical_abuse" in categories.split(",")
    assert web.rows("SELECT kind, urgent FROM outbox WHERE kind = 'reply'") == [("reply", 1)]
    assert web.rows("SELECT COUNT(*) FROM items WHERE text LIKE '%belt%'") == [(0,)]
    # It is in the open queue for the officers, urgent first, until a person decides it.
    nxt = await web.services.store.next_open_item()
    assert nxt is not None
    assert nxt.urgent
    refused = await check(visitor, code, do="delete_sure")
    assert web.rows("SELECT COUNT(*) FROM items") == [(1,)]
    assert refused.status == 200


async def test_words_written_back_stay_in_the_box_when_they_cannot_be_kept(
    settings: Settings, content: Content
) -> None:
    settings = settings.model_copy(update={"db_busy_timeout_ms": 50})
    async with opened_web(settings, content) as web:
        visitor = web.visitor()
        code = await team_wrote(web, visitor, "More bus passes please", "We're asking!")
        await check(visitor, code)
        words = "the 42 bus is always late too, and i'm often stuck at college"
        with database_down(settings):
            page = await visitor.type(words)
        assert "couldn't save" in page.text
        assert page.text_form().fields["text"] == words  # back in the box, to send again
        assert web.rows("SELECT COUNT(*) FROM replies WHERE from_team = 0") == [(0,)]
        sent = await visitor.post("/check", page.text_form().fields)
        assert "Sent. The team will read it" in sent.text
        assert web.rows("SELECT text FROM replies WHERE from_team = 0") == [(words,)]


async def test_a_disclosure_written_back_while_the_database_is_down_gets_the_numbers_first(
    settings: Settings, content: Content
) -> None:
    settings = settings.model_copy(update={"db_busy_timeout_ms": 50})
    async with opened_web(settings, content) as web:
        visitor = web.visitor()
        code = await team_wrote(web, visitor, "More bus passes please", "We're asking!")
        await check(visitor, code)
        words = "he came back and hit me again tonight"
        with database_down(settings):
            page = await visitor.type(words)
        assert page.sections[0] == "crisis"  # the help numbers, whatever the database
        assert "Please use the numbers above" in page.text
        assert page.text_form().fields["text"] == words  # back in the box, to send again
        assert web.rows("SELECT COUNT(*) FROM replies WHERE from_team = 0") == [(0,)]


async def test_a_stranger_cannot_write_under_a_code_without_a_conversation(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "Please can the youth club open on Sundays as well")
    ack = await visitor.press("Send")
    code = ack.html.split('<code class="code">')[1].split("</code>")[0]
    page = await check(visitor, code)
    assert "Write back" not in page.html  # nobody from the team has written yet
    form = page.forms[-1]
    forged = await visitor.post(
        "/check", {**form.fields, "code": code, "do": "reply", "text": "spam"}
    )
    assert forged.status == 200
    assert web.rows("SELECT COUNT(*) FROM replies") == [(0,)]


# --------------------------------------------------------------------------------------------
# Slow clients, against the real server


@pytest.fixture
async def served(
    web: Web, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[int]:
    import socket as sockets

    from bot.web import http as web_http
    from bot.web import serve
    from bot.web.serve import HeadersOnTime, server

    monkeypatch.setattr(HeadersOnTime, "read_timeout", 0.5)
    monkeypatch.setattr(serve, "SHUTDOWN_WITHIN", 2)
    monkeypatch.setattr(web_http, "READ_TIMEOUT", 0.5)
    sock = sockets.socket()
    sock.bind(("127.0.0.1", 0))
    running = server(web.chat, settings, port=sock.getsockname()[1])
    task = asyncio.create_task(running.serve(sockets=[sock]))
    for _ in range(500):
        if running.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield sock.getsockname()[1]
    finally:
        running.should_exit = True
        await task


async def closed_within(reader: asyncio.StreamReader, seconds: float) -> bytes:
    return await asyncio.wait_for(reader.read(), timeout=seconds)


async def test_a_request_the_server_cannot_parse_is_refused_with_the_security_headers(
    served: int,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", served)
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\n\r\n")
    await writer.drain()
    answer = (await closed_within(reader, 5)).decode("latin-1").lower()
    writer.close()
    assert answer.startswith("http/1.1 400")
    assert f"content-security-policy: {CSP.lower()}" in answer
    assert "referrer-policy: no-referrer" in answer
    assert "cache-control: no-store" in answer


async def test_connections_that_stall_over_their_headers_are_closed(served: int) -> None:
    stalled = []
    for _ in range(50):
        reader, writer = await asyncio.open_connection("127.0.0.1", served)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and never the rest
        await writer.drain()
        stalled.append((reader, writer))
    try:
        answers = await asyncio.gather(*(closed_within(r, 5) for r, _ in stalled))
    finally:
        for _, writer in stalled:
            writer.close()
    assert answers == [b""] * 50  # every one closed by the server, unanswered
    async with httpx.AsyncClient() as client:  # and the server still answers others
        assert (await client.get(f"http://127.0.0.1:{served}/")).status_code == 200


async def test_a_body_that_stalls_is_not_waited_for(web: Web, served: int) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{served}") as client:
        page = Page.of(await client.get("/"))
        csrf = page.forms[0].fields["csrf"]
        cookie = f"{COOKIE}={client.cookies[COOKIE]}"
    reader, writer = await asyncio.open_connection("127.0.0.1", served)
    start = f"csrf={csrf}&text=my carer hits me"
    writer.write(
        b"POST /say HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + f"Cookie: {cookie}\r\nContent-Length: 5000\r\n\r\n{start}".encode()
    )
    await writer.drain()
    try:
        answer = await closed_within(reader, 5)
    finally:
        writer.close()
    assert answer.startswith(b"HTTP/1.1 408")
    assert b"took too long to arrive" in answer
    assert web.rows("SELECT COUNT(*) FROM items") == [(0,)]


# --------------------------------------------------------------------------------------------
# Found by attacking the web chat as a stranger would


async def disclose(visitor: Visitor, text: str = "my carer hits me with a belt") -> Page:
    await in_care(visitor)
    await visitor.press("Have your say")
    await visitor.press("Not sure")
    return await visitor.type(text)


async def test_children_sharing_an_address_each_get_their_own_urgent_item(web: Web) -> None:
    """A care home's children share one address: one child's disclosures never swallow
    another's (each gets their own code and contact choice)."""
    first = web.visitor()
    for _ in range(4):  # past the flood limit: the fourth folds into the first child's own
        await disclose(first)
    other = web.visitor()
    page = await disclose(other, "my foster mum locks me in my room")
    assert page.sections == ["crisis", "crisis_saved"]
    assert "Yes, contact me" in page.buttons()
    assert web.rows("SELECT COUNT(*) FROM items WHERE urgent = 1") == [(4,)]


async def test_wrong_codes_from_one_child_never_stop_another_asking_for_contact(
    web: Web,
) -> None:
    guesser = web.visitor()
    for c in "ABCDEFGHJKMN":
        await check(guesser, f"KITE-7F3Q-X9{c}A")  # the same address, over its limit
    child = web.visitor()
    await disclose(child)
    how = await child.press("Yes, contact me")
    assert how.sections == ["contact_how"]
    # Even the guesser's own reply is theirs: its buttons are never limited.
    await disclose(guesser, "he punched me again tonight")
    assert (await guesser.press("Yes, contact me")).sections == ["contact_how"]


async def test_a_missing_static_file_is_never_cached_and_sets_no_cookie(web: Web) -> None:
    async with web.client() as client:
        missing = await client.get("/static/nope.js")
        found = await client.get("/static/hys.js")
    assert missing.status_code == 404
    assert "set-cookie" not in missing.headers
    assert missing.headers["cache-control"] == "no-store"
    assert found.headers["cache-control"] == "public, max-age=3600"
    assert "set-cookie" not in found.headers


async def test_a_refused_body_shows_the_help_numbers_and_the_box_says_its_limit(
    web: Web, content: Content
) -> None:
    visitor = web.visitor()
    prompt = await in_care(visitor)
    await visitor.press("Have your say")
    prompt = await visitor.press("Not sure")
    assert 'maxlength="2000"' in prompt.html
    form = prompt.text_form()
    big = await visitor.post("/say", {**form.fields, "text": "my carer hits me " * 2500})
    assert big.status == 413
    assert content.safeguarding.help_numbers[1].number in big.text


async def test_the_web_privacy_page_does_not_send_younger_children_away(web: Web) -> None:
    page = await web.visitor().open("/go/privacy_more")
    assert "private window" in page.text
    assert "16" not in page.text


async def test_change_puts_their_words_back_in_the_box(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "The youth club is brilliant but too far away")
    changed = await visitor.press("Change")
    assert ">The youth club is brilliant but too far away</textarea>" in changed.html


async def test_writing_back_counts_wrong_codes_and_keeps_a_repeat_once(web: Web) -> None:
    visitor = web.visitor()
    await write(visitor, "When will my room be painted?", ask=True)
    code = (await visitor.press("Send")).html.split('<code class="code">')[1].split("<")[0]
    item_id = web.rows("SELECT id FROM items")[0][0]
    assert isinstance(item_id, int)
    await web.services.officers.reply_by_code(Officer(OFFICER_ID, "Sam"), item_id, "Soon!")
    page = await check(visitor, code)
    form = page.text_form()
    for _ in range(2):  # sent twice (a double click, the back button): kept once
        await visitor.post("/check", {**form.fields, "text": "Thank you"})
    assert web.rows("SELECT COUNT(*) FROM replies WHERE from_team = 0") == [(1,)]
    for c in "ABCDEFGHJKMN":  # someone guessing codes to write into a conversation
        await visitor.post("/check", {**form.fields, "code": f"KITE-7F3Q-X9{c}A", "text": "hi"})
    blocked = await visitor.post("/check", {**form.fields, "text": "and another thing"})
    assert "wait" in blocked.text
    assert web.rows("SELECT COUNT(*) FROM replies WHERE from_team = 0") == [(1,)]


def test_the_proxies_trusted_to_name_a_visitor_are_a_setting(web: Web, settings: Settings) -> None:
    from bot.web.serve import server

    assert server(web.chat, settings).config.forwarded_allow_ips == "127.0.0.1"
    chosen = settings.model_copy(update={"web_proxies": "172.18.0.0/16"})
    assert server(web.chat, chosen).config.forwarded_allow_ips == "172.18.0.0/16"


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/go/help", "Get help now"),
        ("/go/we_did", "You said, we did"),
        ("/go/meetings", "Board meetings"),
        ("/go/privacy", "Privacy"),
        ("/check", "Check a message"),
    ],
)
async def test_each_page_is_headed_by_where_it_is(web: Web, path: str, heading: str) -> None:
    page = await web.visitor().open(path)
    assert f"<h1>{heading}</h1>" in page.html
    assert f"<title>{heading} · Have your say</title>" in page.html
