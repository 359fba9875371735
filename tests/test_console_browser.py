"""The officer console in real headless Chromium: set up with a password and an authenticator
app (the QR code and the key drawn in the page), sign in, open a message (recorded), decide it;
axe-core finds no serious or critical problem; nothing is asked of another origin."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
from pypdf import PdfReader

from bot.config import Settings
from bot.content import Content
from bot.domain import Audience, ItemKind, Role, utc_now
from bot.web.app import WebChat
from bot.web.serve import server
from bot.wiring import build_services
from tests.fakes import MovableClock
from tests.test_web_browser import (  # noqa: F401 -- fixtures
    SERIOUS,
    Site,
    axe_problems,
    browser,
    only_this_site,
    pytestmark,
    site,
)

__all__ = ["browser", "pytestmark", "site"]
PASSWORD = "otter kettle mango 9"


async def submit_press(page: Any, label: str) -> None:
    async with page.expect_navigation():
        await page.get_by_role("button", name=label, exact=True).first.click()


async def set_up_in_page(page: Any, base: str, token: str | None, at: datetime) -> str:
    """The set-up page, filled in as an officer would with their app; the app's key."""
    await page.goto(f"{base}/console/setup/{token}")
    key = (await page.locator("figure.qr code").inner_text()).replace(" ", "")
    await page.get_by_label("New password").fill(PASSWORD)
    await page.get_by_label("The same password again").fill(PASSWORD)
    await page.get_by_label("The 6-digit code the app now shows").fill(pyotp.TOTP(key).at(at))
    await submit_press(page, "Finish setting up")
    return key


async def sign_in_page(page: Any, code: str, password: str = PASSWORD) -> str:
    """The sign-in form (already open), filled in and sent; what the page then says."""
    await page.get_by_label("Name").fill("Robin Lee")
    await page.get_by_label("Password").fill(password)
    await page.get_by_label("Code from your authenticator app").fill(code)
    await submit_press(page, "Sign in")
    return str(await page.locator("main").inner_text())


async def test_an_officer_sets_up_signs_in_opens_and_decides_in_a_real_browser(
    browser: Any, site: Site
) -> None:
    receipt = await site.services.intake.submit(
        kind=ItemKind.FEEDBACK,
        audience=Audience.IN_CARE,
        text=(
            "Please can we have <b>later</b> curfews <script>alert(1)</script>"
            "<img src=x onerror=alert(2)> at weekends \u202eevil"
        ),
    )
    token = await site.services.accounts.add("Robin Lee", Role.OFFICER)
    assert token is not None
    context = await browser.new_context(viewport={"width": 1024, "height": 800})
    context.on("request", lambda request: site.requests.append(request.url))
    page = await context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    found: dict[str, list[str]] = {}

    await page.goto(f"{site.base}/console/setup/{token}")
    assert await page.locator("figure.qr svg").count() == 1
    found["set-up"] = await axe_problems(page)
    key = await set_up_in_page(page, site.base, token, utc_now())
    assert "You are set up" in await page.locator("h1").inner_text()

    await page.goto(f"{site.base}/console/sign-in")
    found["sign-in"] = await axe_problems(page)
    await sign_in_page(page, "123456", "wrong wrong wrong 1")
    assert "not right" in await page.locator(".error-summary").inner_text()
    found["sign-in problem"] = await axe_problems(page)

    # The next code (a code is never accepted twice), as the app would show it.
    await sign_in_page(page, pyotp.TOTP(key).at(utc_now().timestamp() + 30))
    assert await page.locator("h1").inner_text() == "Messages to read"
    assert "curfews" not in await page.content()
    found["queue"] = await axe_problems(page)

    async with page.expect_navigation():
        await page.get_by_role("link", name=f"#{receipt.item_id}").click()
    found["item"] = await axe_problems(page)
    await submit_press(page, "Show the message")
    shown = await page.locator("blockquote.message").first.inner_text()
    assert "<b>later</b>" in shown  # as text, inert
    assert "<script>alert(1)</script>" in shown
    assert "⟦U+202E⟧" in shown  # a bidi control shown as a marker, not obeyed
    found["item opened"] = await axe_problems(page)
    await page.get_by_label("Why not (kept for the record)").fill("Raised at the last board")
    await submit_press(page, "Not for the board")
    assert "Saved: not for the board." in await page.locator("main").inner_text()
    for place in ("we-did", "reports"):
        await page.goto(f"{site.base}/console/{place}")
        found[place] = await axe_problems(page)
    await submit_press(page, "Sign out")
    assert await page.locator("h1").inner_text() == "Sign in"

    assert {name: problems for name, problems in found.items() if problems} == {}
    assert only_this_site(site) == []
    assert dialogs == []  # no script of the child's text ever ran
    assert site.rows("SELECT status FROM items") == [("not_for_board",)]
    assert site.rows(
        "SELECT actor FROM audit_log WHERE action = 'viewed' AND item_id = ?".replace(
            "?", str(receipt.item_id)
        )
    ) == [("Robin Lee",)]
    await context.close()


@pytest.fixture
async def moving_site(
    settings: Settings, content: Content
) -> AsyncIterator[tuple[Site, MovableClock]]:
    """The console on a real server whose clock the test moves (sessions and locks expire)."""
    clock = MovableClock(datetime.now(UTC))
    services = await build_services(settings, content, clock)
    chat = WebChat(services, exit_url="http://exit.invalid/")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    web = server(chat, settings, port=port)
    task = asyncio.create_task(web.serve(sockets=[sock]))
    for _ in range(1000):
        if web.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield Site(f"http://127.0.0.1:{port}", services, settings), clock
    finally:
        web.should_exit = True
        await task
        await services.store.close()


async def test_lockout_session_expiry_and_a_downloaded_report_in_a_real_browser(
    browser: Any, moving_site: tuple[Site, MovableClock]
) -> None:
    site, clock = moving_site
    token = await site.services.accounts.add("Robin Lee", Role.MANAGER)
    context = await browser.new_context(accept_downloads=True)
    context.on("request", lambda request: site.requests.append(request.url))
    page = await context.new_page()
    key = await set_up_in_page(page, site.base, token, clock.now)

    async def sign_in(password: str) -> str:
        clock.advance(timedelta(seconds=31))
        await page.goto(f"{site.base}/console/sign-in")
        return await sign_in_page(page, pyotp.TOTP(key).at(clock.now), password)

    for _ in range(5):
        await sign_in("not my password at all")
    assert "locked for 15 minutes" in await sign_in(PASSWORD)
    clock.advance(timedelta(minutes=15))
    assert "Messages to read" in await sign_in(PASSWORD)

    # The report, downloaded and opened.
    await page.goto(f"{site.base}/console/reports")
    await page.get_by_label("Download it as a PDF").check()
    async with page.expect_download() as waiting:
        await page.get_by_role("button", name="Go").click()
    download = await waiting.value
    pdf = PdfReader(await download.path())
    assert "Voice of the child" in pdf.pages[0].extract_text()
    await page.goto(f"{site.base}/console/audit")
    assert "report_pdf" in await page.locator("table").inner_text()

    # Idle for more than half an hour: signed out.
    clock.advance(timedelta(minutes=31))
    await page.goto(f"{site.base}/console")
    assert await page.locator("h1").inner_text() == "Sign in"
    assert only_this_site(site) == []
    await context.close()


async def test_every_decision_through_the_page_in_a_real_browser(
    browser: Any, moving_site: tuple[Site, MovableClock]
) -> None:
    """Each decision the item page offers, pressed as an officer would, and what it leaves."""
    site, clock = moving_site
    intake = site.services.intake

    async def item(text: str, *, urgent: bool = False, question: bool = False) -> int:
        kind = ItemKind.QUESTION if question else ItemKind.FEEDBACK
        receipt = await intake.submit(
            kind=kind, audience=Audience.IN_CARE, text=text, urgent=urgent
        )
        return receipt.item_id

    board = await item("More trips in the holidays")
    not_board = await item("The bus pass form is long")
    referred = await item("he hits me", urgent=True)
    no_action = await item("my mate said he was joking about running off", urgent=True)
    answer = await item("Can I get help with a provisional licence?", question=True)
    contact = await item("i dont feel safe at home", urgent=True)
    await site.services.optins.want_contact(
        contact, asker=0, audience=Audience.IN_CARE, how="check back on the web chat"
    )
    missed = await item("Please can we have pizza on Fridays")

    token = await site.services.accounts.add("Robin Lee", Role.OFFICER)
    context = await browser.new_context()
    page = await context.new_page()
    key = await set_up_in_page(page, site.base, token, clock.now)
    clock.advance(timedelta(seconds=31))
    await page.goto(f"{site.base}/console/sign-in")
    await sign_in_page(page, pyotp.TOTP(key).at(clock.now))

    async def decide(number: int, button: str, box: str | None = None, words: str = "") -> str:
        await page.goto(f"{site.base}/console/item/{number}")
        if box is not None:
            await page.get_by_label(box).fill(words)
        await submit_press(page, button)
        return str(await page.locator("main").inner_text())

    assert "Saved: for the board." in await decide(
        board, "For the board", "The wording the board will see", "More trips, please"
    )
    assert "Saved: not for the board." in await decide(
        not_board, "Not for the board", "Why not (kept for the record)", "Fixed already"
    )
    assert "Saved: referred." in await decide(
        referred, "Referred", "To whom, or the case reference (optional)", "MASH"
    )
    assert "Saved: no action." in await decide(
        no_action, "No action needed", "Why (kept for the record)", "Checked: he is home"
    )
    assert "Saved: the answer." in await decide(
        answer,
        "Send the answer",
        "The answer, in plain words for a young person",
        "Yes: ask your PA, up to £500",
    )
    assert "Saved: your reply." in await decide(
        contact,
        "Send the reply",
        "A reply they will see when they check with their code",
        "Hi, it's Robin. Are you safe?",
    )
    assert "Saved: contacted." in await decide(contact, "Contacted")
    assert "Saved: a false alarm." in await decide(referred, "False alarm (the screen was wrong)")
    assert "Saved: the screen missed this one." in await decide(
        missed, "Missed: needed help (the screen let it through)"
    )
    await page.goto(f"{site.base}/console/item/{missed}")
    await page.get_by_label("Theme").select_option(label="Having a say")
    await submit_press(page, "Save the theme")
    assert "Saved: the theme." in await page.locator("main").inner_text()

    status = dict(site.rows("SELECT id, status FROM items"))
    assert status[board] == "for_board"
    assert status[not_board] == "not_for_board"
    assert status[referred] == "referred"
    assert status[no_action] == "no_action"
    assert status[answer] == "answered"
    assert dict(site.rows("SELECT id, contact FROM items"))[contact] == "contacted"
    marks = {r[0]: r[1:] for r in site.rows("SELECT id, theme, screen_mark FROM items")}
    assert marks[missed] == ("having_a_say", "missed")
    assert site.rows("SELECT item_id, text FROM replies") == [
        (contact, "Hi, it's Robin. Are you safe?")
    ]
    await context.close()
