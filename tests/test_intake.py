"""Intake service against a real in-memory store: day-precision dates (P-05), receipts, limits."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import Audience, Item, ItemKind, RateLimited
from bot.services.intake import IntakeService, storable
from bot.services.limits import CrisisReplyGuard, SubmissionLimiter
from bot.services.receipts import ReceiptCodes
from bot.services.screening import Screener
from bot.store import Store
from tests.conftest import shipped_content

LONDON = ZoneInfo("Europe/London")


async def submit_at(moment: datetime) -> Item | None:
    content = shipped_content()
    store = await Store.open(Path(":memory:"))
    try:
        screener = Screener(content.safeguarding.categories, content.themes.themes)
        intake = IntakeService(
            store, screener, ReceiptCodes(b"k" * 32), lambda: moment, LONDON, 365
        )
        receipt = await intake.submit(
            kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="hi", token="t1"
        )
        return await store.get_item(receipt.item_id)
    finally:
        await store.close()


@settings(max_examples=60, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2026, 1, 1),  # noqa: DTZ001 -- hypothesis wants naive bounds
        max_value=datetime(2030, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    )
)
def test_an_item_keeps_only_the_local_day_it_arrived(moment: datetime) -> None:
    item = asyncio.run(submit_at(moment))

    assert item is not None
    assert item.created_on == moment.astimezone(LONDON).date()
    assert item.expires_on == item.created_on + timedelta(days=365)


def test_receipt_codes_are_readable_and_have_enough_chance() -> None:
    codes = ReceiptCodes(b"k" * 32)
    made = {codes.new_code() for _ in range(2000)}

    assert len(made) == 2000
    for code in list(made)[:50]:
        word, first, second = code.split("-")
        assert word.isalpha()
        assert len(first) == len(second) == 4
        assert not set(first + second) & set("ILOU")
        assert codes.normalise(code.lower().replace("-", " ")) == code


def test_look_alike_characters_are_forgiven_when_typing_a_code() -> None:
    assert ReceiptCodes.normalise("kite-0o1l-abcd") == "KITE-0011-ABCD"
    assert ReceiptCodes.normalise("KITE 7F3Q X9MA") == "KITE-7F3Q-X9MA"
    assert ReceiptCodes.normalise("NOTAWORD-7F3Q-X9MA") is None
    assert ReceiptCodes.normalise("KITE-7F3Q") is None


def test_the_stored_hash_depends_on_the_secret_key() -> None:
    code = "KITE-7F3Q-X9MA"

    assert ReceiptCodes(b"a" * 32).hash(code) != ReceiptCodes(b"b" * 32).hash(code)


def test_lone_surrogates_become_replacement_characters_and_nothing_else_changes() -> None:
    assert storable("ok \ud800 then") == "ok \ufffd then"
    hidden = "kill\u200bmy\u202eself"
    assert storable(hidden) == hidden


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_the_limiter_counts_per_hour_and_per_day_in_memory_only() -> None:
    clock = Clock()
    limiter = SubmissionLimiter(per_hour=2, per_day=3, clock=clock)
    for _ in range(2):
        limiter.check(1)
        limiter.record(1)

    with pytest.raises(RateLimited):
        limiter.check(1)
    limiter.check(2)  # someone else is not affected
    clock.now += timedelta(hours=1, seconds=1)
    limiter.check(1)
    limiter.record(1)
    clock.now += timedelta(hours=1, seconds=1)
    with pytest.raises(RateLimited):
        limiter.check(1)  # three in a day
    clock.now += timedelta(days=1)
    limiter.check(1)
    assert all(isinstance(k, bytes) and len(k) == 16 for k in limiter._sent)


def test_the_crisis_guard_allows_one_reply_per_window_per_chat() -> None:
    clock = Clock()
    guard = CrisisReplyGuard(clock, window=timedelta(seconds=30))

    assert guard.should_send(1)
    assert not guard.should_send(1)
    assert guard.should_send(2)
    clock.now += timedelta(seconds=30)
    assert guard.should_send(1)
