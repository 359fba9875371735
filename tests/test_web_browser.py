"""The web chat in real headless Chromium (Debian's, installed by .ci/run), with JavaScript on
and off: every page works as plain forms, the quick exit leaves no way back to the words, a
disclosure shows the help numbers first, a double click stores once, axe-core finds no serious
or critical problem, and nothing is ever asked of another origin."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.config import Settings
from bot.content import Content
from bot.domain import utc_now
from bot.services import Services
from bot.web.app import WebChat
from bot.web.serve import QuietServer, server
from bot.wiring import build_services
from tests import db
from tests.browser import CHROMIUM, chromium

EXIT_URL = "http://exit.invalid/weather"
NEUTRAL = "<!doctype html><title>Weather</title><p>Sunny spells</p>"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed here; .ci/run installs it and CI runs this test",
)
SERIOUS = {"serious", "critical"}


@dataclass
class Site:
    base: str
    services: Services
    database: Settings
    requests: list[str] = field(default_factory=list)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return db.rows(self.database, sql)


@pytest.fixture
async def site(settings: Settings, content: Content) -> AsyncIterator[Site]:
    services = await build_services(settings, content, utc_now)
    chat = WebChat(services, exit_url=EXIT_URL)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    web: QuietServer = server(chat, settings, port=port)
    task = asyncio.create_task(web.serve(sockets=[sock]))
    for _ in range(1000):  # started within 10 s
        if web.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield Site(f"http://127.0.0.1:{port}", services, settings)
    finally:
        web.should_exit = True
        await task
        await services.store.close()


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with chromium() as launched:
        yield launched


async def open_page(browser: Any, site: Site, *, javascript: bool = True) -> Any:
    """A phone-sized page; every request it makes is logged; the exit's neutral site is
    answered here (nothing leaves this machine)."""
    context = await browser.new_context(
        java_script_enabled=javascript, viewport={"width": 375, "height": 740}
    )
    await context.route(
        "http://exit.invalid/**",
        lambda route: route.fulfill(body=NEUTRAL, content_type="text/html"),
    )
    context.on("request", lambda request: site.requests.append(request.url))
    page = await context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    await page.goto(site.base + "/")
    return page


async def press(page: Any, label: str) -> None:
    """Press a button and wait for the page it leads to."""
    async with page.expect_navigation():
        await page.get_by_role("button", name=label, exact=True).first.click()


async def type_message(page: Any, text: str) -> None:
    await page.locator("textarea").fill(text)
    await press(page, "Next")


async def write(page: Any, text: str) -> None:
    """In care → Have your say → Not sure → type → Next: the preview (or the crisis page)."""
    await press(page, "I'm in care")
    await press(page, "Have your say")
    await press(page, "Not sure")
    await type_message(page, text)


async def sections(page: Any) -> list[str]:
    return list(
        await page.locator("main section").evaluate_all("s => s.map(x => x.dataset.screen)")
    )


async def axe_problems(page: Any) -> list[str]:
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


def only_this_site(site: Site) -> list[str]:
    return [u for u in site.requests if not (u.startswith(site.base) or u.startswith(EXIT_URL))]


# A store-touching journey in a real browser on PostgreSQL too (issue 17); the rest of this
# module is about pages, the same whatever the store, and runs on SQLite alone.
@pytest.mark.both_stores
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
async def test_have_your_say_from_start_to_code_and_check(
    browser: Any, site: Site, javascript: bool
) -> None:
    page = await open_page(browser, site, javascript=javascript)
    assert await sections(page) == ["start"]
    await write(page, "Please can we have more days out in the summer")
    assert await sections(page) == ["preview"]
    await press(page, "Send")
    assert await sections(page) == ["ack"]
    code = await page.locator("code.code").first.inner_text()
    assert site.rows("SELECT COUNT(*) FROM items") == [(1,)]
    await page.get_by_role("link", name="Check a message").click()
    await page.get_by_label("Your code").fill(code)
    await press(page, "Check it")
    assert "status" in await sections(page)
    assert page.problems == []
    assert only_this_site(site) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
async def test_a_disclosure_shows_the_help_numbers_first(
    browser: Any, site: Site, javascript: bool
) -> None:
    page = await open_page(browser, site, javascript=javascript)
    await write(page, "my foster dad hits me with a belt and i am scared to go home")
    shown = await sections(page)
    assert shown[0] == "crisis"
    crisis = page.locator('section[data-screen="crisis"]')
    assert await crisis.is_visible()
    box = await crisis.bounding_box()
    assert box is not None
    assert box["y"] < 740  # on the first screen of a phone, not below the fold
    assert await page.locator('a[href^="tel:"]').count() >= 3
    assert await page.locator('a[href^="sms:"]').count() >= 1
    assert site.rows("SELECT urgent FROM items") == [(1,)]
    if javascript:  # axe runs inside the page, so only where scripts may run
        assert await axe_problems(page) == []


# A store-touching journey in a real browser on PostgreSQL too (issue 17); the rest of this
# module is about pages, the same whatever the store, and runs on SQLite alone.
@pytest.mark.both_stores
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
async def test_a_double_click_on_send_stores_one_item(
    browser: Any, site: Site, javascript: bool
) -> None:
    page = await open_page(browser, site, javascript=javascript)
    await write(page, "The youth club should stay open later on Fridays")
    await page.get_by_role("button", name="Send", exact=True).dblclick()
    await page.wait_for_load_state()
    await page.wait_for_timeout(300)
    assert site.rows("SELECT COUNT(*) FROM items") == [(1,)]
    await page.go_back()  # and the back button, then Send again
    await page.wait_for_load_state()
    send = page.get_by_role("button", name="Send", exact=True)
    if await send.count():
        await send.click()
        await page.wait_for_load_state()
    assert site.rows("SELECT COUNT(*) FROM items") == [(1,)]


@pytest.mark.parametrize("how", ["button", "shift", "no-js"])
async def test_exit_this_page_leaves_no_way_back_to_the_words(
    browser: Any, site: Site, how: str
) -> None:
    page = await open_page(browser, site, javascript=how != "no-js")
    await write(page, "something private about my placement")
    assert "something private" in await page.content()
    if how != "shift":
        await page.get_by_role("link", name="Exit this page").click()
    else:
        await page.locator("main").focus()
        for _ in range(3):
            await page.keyboard.press("Shift")
    await page.wait_for_url(EXIT_URL)
    assert "Sunny spells" in await page.content()
    for _ in range(6):  # Back, as far as it goes: never the words again
        await page.go_back()
        await page.wait_for_load_state()
        assert "something private" not in await page.content()


async def test_no_page_has_a_serious_accessibility_problem(browser: Any, site: Site) -> None:
    page = await open_page(browser, site)
    found: dict[str, list[str]] = {}

    async def check(name: str) -> None:
        found[name] = await axe_problems(page)

    await check("start")
    await press(page, "I'm in care")
    await check("menu")
    for place in ("pledge", "offer", "meetings", "help", "privacy", "privacy_more", "we_did"):
        await page.goto(f"{site.base}/go/{place}")
        await check(place)
    await page.goto(f"{site.base}/check")
    await check("check")
    await page.goto(f"{site.base}/go/menu")
    await press(page, "Ask a question")
    await check("notice")
    await press(page, "Not sure")
    await check("type")
    await type_message(page, "When is the next board meeting?")
    await check("preview")
    await press(page, "Send")
    await check("ack")
    await page.goto(f"{site.base}/nowhere")
    await check("not found")
    assert {name: problems for name, problems in found.items() if problems} == {}
    assert only_this_site(site) == []


async def test_a_page_weighs_under_50_kb_with_everything_it_loads(
    browser: Any, site: Site
) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    sizes: list[int] = []

    async def measure(response: Any) -> None:
        sizes.append(len(await response.body()))

    page.on("response", measure)
    await page.goto(site.base + "/go/help")
    await page.wait_for_load_state("networkidle")
    assert len(sizes) == 3  # the page, its style sheet and its script: nothing else
    assert sum(sizes) < 50 * 1024


async def tab_to(page: Any, label: str) -> None:
    """Tab until the element with this text has the focus (a keyboard user's way)."""
    for _ in range(60):
        await page.keyboard.press("Tab")
        # (The site's name in the header is a link home with the same words as a button.)
        focused = await page.evaluate(
            "document.activeElement.closest('.site') ? null"
            " : document.activeElement.textContent.trim()"
        )
        if focused == label:
            return
    raise AssertionError(f"Tab never reached {label!r}")


async def test_a_keyboard_alone_can_send_a_message_and_find_the_quick_exit(
    browser: Any, site: Site
) -> None:
    page = await open_page(browser, site)
    await page.keyboard.press("Tab")
    first = await page.evaluate("document.activeElement.textContent.trim()")
    assert first == "Skip to main content"
    await tab_to(page, "Exit this page")  # the quick exit comes before the page's content
    for label in ("I'm in care", "Have your say", "Not sure"):
        await tab_to(page, label)
        async with page.expect_navigation():
            await page.keyboard.press("Enter")
    await tab_to(page, "")  # the text box (its text is empty)
    await page.keyboard.type("Could the library open on Saturdays?")
    for label in ("Next", "Send"):
        await tab_to(page, label)
        async with page.expect_navigation():
            await page.keyboard.press("Enter")
    assert await sections(page) == ["ack"]
    assert site.rows("SELECT COUNT(*) FROM items") == [(1,)]


@pytest.mark.parametrize("width", [320, 187], ids=["320px", "phone-at-200%"])
async def test_pages_reflow_without_sideways_scrolling(
    browser: Any, site: Site, width: int
) -> None:
    """WCAG 1.4.10: at 320 CSS pixels (and a 375-pixel phone zoomed to 200 %), nothing needs
    scrolling sideways, even the crisis page and a long unbroken message."""
    context = await browser.new_context(viewport={"width": width, "height": 640})
    page = await context.new_page()
    await page.goto(site.base + "/")
    overflow = "document.documentElement.scrollWidth - window.innerWidth"
    widths = {"start": await page.evaluate(overflow)}
    await press(page, "I'm in care")
    widths["menu"] = await page.evaluate(overflow)
    await press(page, "Have your say")
    await press(page, "Not sure")
    await type_message(page, "a" * 300)
    widths["preview"] = await page.evaluate(overflow)
    await press(page, "Cancel")
    await page.goto(site.base + "/go/help")
    widths["help"] = await page.evaluate(overflow)
    await press(page, "Menu")
    await press(page, "Have your say")
    await press(page, "Not sure")
    await type_message(page, "my dad hits me and i am scared to go home")
    widths["crisis"] = await page.evaluate(overflow)
    assert {name: extra for name, extra in widths.items() if extra > 0} == {}
