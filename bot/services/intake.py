"""Intake service: screens a message and stores it durably with a receipt code.

It is never given who sent the message: anonymity is a property of this interface.
"""

from __future__ import annotations

import logging
import re
import secrets
import sqlite3
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.domain import (
    Audience,
    Clock,
    ItemKind,
    NewItem,
    Receipt,
    StoreUnavailable,
    TooLong,
    local_today,
)
from bot.formatting import utf16_units
from bot.services.receipts import ReceiptCodes
from bot.services.screening import Level, Screener, ScreenResult
from bot.store import Store

log = logging.getLogger(__name__)

MAX_MESSAGE_UNITS = 2000
CODE_ATTEMPTS = 3
# An urgent item that collects a flood stops growing here (about ten full messages).
MAX_FOLDED_UNITS = 20_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """Lone surrogates cannot be saved as UTF-8; they become U+FFFD and everything else stays
    exactly as typed (hidden characters included, so officers can be shown them)."""
    return _SURROGATE.sub("\ufffd", text)


POPULAR_WINDOW = timedelta(days=90)


class IntakeService:
    def __init__(
        self,
        store: Store,
        screener: Screener,
        codes: ReceiptCodes,
        clock: Clock,
        zone: ZoneInfo,
        retention_days: int,
    ) -> None:
        self._store = store
        self._screener = screener
        self._codes = codes
        self._clock = clock
        self._zone = zone
        self._retention = timedelta(days=retention_days)
        self._popular: tuple[date, tuple[str, ...]] | None = None

    def today(self) -> date:
        return local_today(self._clock, self._zone)

    async def popular_themes(self) -> tuple[str, ...]:
        """Themes by how often young people chose them in the last 90 days, most first, so the
        topic picker can show the most used ones before "More topics". Counts only, worked
        out once a day."""
        today = self.today()
        if self._popular is None or self._popular[0] != today:
            rows = await self._store.count_items(today - POPULAR_WINDOW, today)
            totals: dict[str, int] = {}
            for row in rows:
                if row.theme and not row.urgent:
                    totals[row.theme] = totals.get(row.theme, 0) + row.count
            ranked = sorted(totals, key=lambda theme: -totals[theme])
            self._popular = (today, tuple(ranked))
        return self._popular[1]

    def is_urgent(self, text: str) -> bool:
        """Fast check, before any database work, so a crisis reply never waits."""
        return self.level(text) is Level.URGENT

    def level(self, text: str) -> Level:
        """The screen's level alone (no redaction)."""
        return self._screener.level(text)

    def warm_up(self) -> None:
        """Load the language model now: the first message in another language won't wait."""
        self._screener.warm_up()

    def screen(self, text: str) -> ScreenResult:
        """The whole screen: level, categories, themes, language (a few milliseconds)."""
        return self._screener.screen(text)

    @staticmethod
    def check_length(text: str) -> None:
        length = utf16_units(text)
        if length > MAX_MESSAGE_UNITS:
            raise TooLong(length, MAX_MESSAGE_UNITS)

    async def submit(
        self,
        *,
        kind: ItemKind,
        audience: Audience,
        text: str,
        token: str | None = None,
        theme: str | None = None,
        on_behalf: bool = False,
        urgent: bool = False,
        screened: ScreenResult | None = None,
    ) -> Receipt:
        """Screen, then store item + outbox row + processed submission in one transaction.

        `urgent` marks it urgent whatever the screen says (the young person said they are not
        safe, or not sure). `token` names the submission (the draft's random token, or the
        update a disclosure came in): the receipt code is derived from it, so the same
        submission always shows the same code. `screened` is the screen's reading of this same
        text when it was typed (so it is not read twice); without it the text is screened here.
        Raises DuplicateUpdate if it was already stored
        (then `receipt_again` finds it), StoreUnavailable if the database could not be written
        (nothing is half-saved).
        """
        token = token or secrets.token_urlsafe(16)  # unnamed: it can't be recognised again
        text = storable(text)
        result = screened if screened is not None else self._screener.screen(text)
        item = NewItem(
            kind=kind,
            audience=audience,
            text=text,
            theme=theme,
            on_behalf=on_behalf,
            # urgent: the young person said they are not safe, or not sure, when asked.
            urgent=result.urgent or urgent,
            risk_categories=result.categories,
            suggested_themes=result.themes,
            language=result.language if result.not_english else None,
        )
        today = self.today()
        for attempt in range(CODE_ATTEMPTS):
            code = self._codes.code_for(token, attempt)
            try:
                item_id = await self._store.add_item(
                    item,
                    receipt_hash=self._codes.hash(code),
                    dedupe_key=self._codes.dedupe_key(token),
                    created_on=today,
                    expires_on=today + self._retention,
                )
            except sqlite3.IntegrityError as error:
                if "receipt_hash" in str(error):
                    continue  # a receipt code collided (one chance in 2**46): take the next
                log.error("Storing an item failed: %s", type(error).__name__)
                raise StoreUnavailable("the item could not be stored") from None
            except sqlite3.Error as error:
                log.error("Storing an item failed: %s", type(error).__name__)
                raise StoreUnavailable("the item could not be stored") from None
            return Receipt(item_id=item_id, code=code, urgent=item.urgent, kind=kind)
        raise RuntimeError("could not find an unused receipt code")

    async def receipt_again(self, token: str) -> Receipt | None:
        """The receipt of a submission already stored (None if it is gone or never was)."""
        for attempt in range(CODE_ATTEMPTS):
            code = self._codes.code_for(token, attempt)
            try:
                item = await self._store.get_item_by_receipt(self._codes.hash(code))
            except sqlite3.Error:
                return None
            if item is not None:
                return Receipt(item_id=item.id, code=code, urgent=item.urgent, kind=item.kind)
        return None

    async def add_to_urgent(self, item_id: int, text: str) -> bool:
        """Fold one more worried message into an urgent item already waiting (a flood from one
        person becomes one item and one alert, and no word is lost)."""
        try:
            return await self._store.append_text(item_id, storable(text), MAX_FOLDED_UNITS)
        except sqlite3.Error as error:
            log.error("Adding to an urgent item failed: %s", type(error).__name__)
            raise StoreUnavailable("the item could not be stored") from None
