"""Rendering: hostile content stays valid HTML (I-01), a parse failure still delivers (I-02),
and long screens are split at paragraph breaks (I-03)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import screens
from bot.app import offline
from bot.config import Settings
from bot.content import Content, Promise, Wording
from bot.domain import Audience
from bot.formatting import MAX_MESSAGE_UNITS, html_to_plain, split_message, utf16_units
from bot.telegram.fakebot import check_telegram_html
from bot.telegram.render import View, render
from tests.conftest import make_harness, shipped_content
from tests.fakes import Harness

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

HOSTILE = "<b>Bold & </i> *_[]()~`>#+-=|{}.! &amp; <script>alert('x')</script>"

printable = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=300
).filter(lambda s: s.strip() == s and s.strip())


def with_promise(content: Content, title: str, text: str) -> Content:
    promise = Promise(id="hostile", title=Wording(in_care=title), text=Wording(in_care=text))
    pledge = content.pledge.model_copy(update={"promises": [promise, *content.pledge.promises]})
    return dataclasses.replace(content, pledge=pledge)


def with_council_name(content: Content, name: str) -> Content:
    council = content.council.model_copy(update={"name": name})
    return dataclasses.replace(content, council=council)


def assert_valid_everywhere(view: View) -> None:
    for chunk in split_message(view.text):
        check_telegram_html(chunk)


@settings(max_examples=150, deadline=None)
@given(title=printable, text=printable)
def test_any_content_text_renders_as_valid_telegram_html(title: str, text: str) -> None:
    content = with_council_name(with_promise(shipped_content(), title, text), title)

    for screen in (
        screens.pledge_view(content, Audience.IN_CARE),
        screens.promise_view(content, Audience.IN_CARE, "hostile"),
        screens.start_view(content, Audience.CARER),
        screens.privacy_view(content, Audience.IN_CARE),
    ):
        assert screen is not None
        assert_valid_everywhere(render(screen))
    promise = screens.promise_view(content, Audience.IN_CARE, "hostile")
    assert promise is not None
    assert text in html_to_plain(render(promise).text)


@pytest.fixture
async def hostile_bot(settings: Settings, content: Content) -> AsyncIterator[Harness]:
    harness, errors = await make_harness(settings, with_promise(content, HOSTILE, HOSTILE))
    async with offline(harness.app):
        yield harness
    assert errors == []


async def test_hostile_content_is_sent_as_html_telegram_accepts(hostile_bot: Harness) -> None:
    await hostile_bot.send("/menu")
    await hostile_bot.press("Our promise")

    reply = await hostile_bot.press(f"1. {HOSTILE}")

    shown = hostile_bot.api.messages()
    assert all(c.params.get("parse_mode") == "HTML" for c in shown)  # no plain-text fallback
    assert HOSTILE in html_to_plain(reply.text)


async def test_a_parse_error_is_retried_once_as_plain_text(bot: Harness) -> None:
    bot.api.fail_next("sendMessage", 400, "Bad Request: can't parse entities: unsupported tag")

    await bot.send("/start")

    sends = bot.api.calls_to("sendMessage")
    assert len(sends) == 2
    assert sends[0].params["parse_mode"] == "HTML"
    assert "parse_mode" not in sends[1].params
    assert "<b>" not in sends[1].text
    assert "0800 1111" in sends[1].text
    assert sends[1].buttons() == sends[0].buttons()


async def test_other_bad_requests_are_not_hidden(settings: Settings, content: Content) -> None:
    harness, errors = await make_harness(settings, content)
    harness.api.fail_next("sendMessage", 400, "Bad Request: chat not found")

    async with offline(harness.app):
        await harness.send("/help")

    assert len(errors) == 1


async def test_a_long_screen_is_split_at_paragraphs_with_buttons_on_the_last_part(
    settings: Settings, content: Content
) -> None:
    paragraph = "We will listen to you and tell you what happened next. " * 20  # ~1,100 chars
    long_text = "\n\n".join([paragraph.strip()] * 9)  # ~10,000 chars
    harness, errors = await make_harness(settings, with_promise(content, "Long one", long_text))

    async with offline(harness.app):
        await harness.send("/menu")
        await harness.press("Our promise")
        pledge = harness.api.last_message()
        harness.api.clear()
        await harness.press_data(dict(pledge.buttons())["1. Long one"], pledge)

    sends = harness.api.calls_to("sendMessage")
    assert len(sends) >= 3
    assert all(utf16_units(html_to_plain(c.text)) <= MAX_MESSAGE_UNITS for c in sends)
    assert all(c.text.rstrip().endswith(".") for c in sends)  # cut between paragraphs
    assert [bool(c.buttons()) for c in sends] == [False] * (len(sends) - 1) + [True]
    assert long_text in html_to_plain("".join(c.text for c in sends))
    assert errors == []


async def test_a_short_flood_wait_on_a_reply_is_waited_out_and_the_reply_still_arrives(
    bot: Harness,
) -> None:
    bot.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)

    reply = await bot.send("/help")

    assert "What this bot can do" in reply.text or "/menu" in html_to_plain(reply.text)
    assert len(bot.api.calls_to("sendMessage")) == 2


async def test_a_network_hiccup_on_a_receipt_is_tried_again(bot: Harness) -> None:
    bot.api.fail_next("sendMessage", timeout=True)

    await bot.send("i want to die")
    await bot.drain_crisis_lane()  # the crisis reply is tried again in the background

    texts = [html_to_plain(c.text) for c in bot.api.messages() if c.result]
    assert any("Thank you for telling us" in t for t in texts)
    assert any("Your code is" in t for t in texts)


async def test_a_young_person_who_blocked_the_bot_does_not_crash_anything(
    settings: Settings, content: Content
) -> None:
    harness, errors = await make_harness(settings, content)
    harness.api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", times=2)

    async with offline(harness.app):
        await harness.feed(harness.updates.text("/start"))
        await harness.feed(harness.updates.text("/menu"))

    assert [type(e).__name__ for e in errors] == ["Forbidden", "Forbidden"]  # logged only
    assert len(harness.api.calls_to("sendMessage")) == 2  # no retry, no sorry to a blocked chat
