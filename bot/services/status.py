"""Status service: what happened to a message, and deleting it, by its receipt code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain import OPEN_STATUSES, Action, Clock, Item, Reply, local_today
from bot.services.receipts import ReceiptCodes
from bot.store import Store


class DeleteOutcome(StrEnum):
    DELETED = "deleted"
    NOT_FOUND = "not_found"
    KEPT_FOR_SAFETY = "kept_for_safety"


@dataclass(frozen=True, slots=True)
class StatusReport:
    item: Item
    code: str
    actions: tuple[Action, ...] = ()
    replies: tuple[Reply, ...] = ()


class StatusService:
    def __init__(self, store: Store, codes: ReceiptCodes, clock: Clock, zone: ZoneInfo) -> None:
        self._store = store
        self._codes = codes
        self._clock = clock
        self._zone = zone

    def _today(self) -> date:
        return local_today(self._clock, self._zone)

    async def _find(self, typed: str) -> tuple[Item, str] | None:
        code = self._codes.find(typed)
        if code is None:
            return None
        item = await self._store.get_item_by_receipt(self._codes.hash(code))
        return (item, code) if item else None

    async def item_for_code(self, typed: str) -> Item | None:
        """The item a receipt code names (for buttons that carry their item's code)."""
        found = await self._find(typed)
        return found[0] if found else None

    async def status(self, typed: str) -> StatusReport | None:
        found = await self._find(typed)
        if found is None:
            return None
        actions = await self._store.list_actions(item_id=found[0].id)
        replies = await self._store.list_replies(found[0].id)
        return StatusReport(found[0], found[1], tuple(actions), tuple(replies))

    async def write_back(
        self, typed: str, text: str, *, urgent: bool = False, categories: Sequence[str] = ()
    ) -> bool:
        """Their answer to the team's reply, kept under the same code (the officers are
        alerted; `urgent` makes the message urgent again, see Store.add_reply). False if there
        is no such message."""
        found = await self._find(typed)
        if found is None:
            return False
        return await self._store.add_reply(
            found[0].id,
            text,
            from_team=False,
            on_day=local_today(self._clock, self._zone),
            urgent=urgent,
            categories=categories,
        )

    async def delete(self, typed: str) -> tuple[DeleteOutcome, list[tuple[int, int]]]:
        """Delete for good, with the officer posts that showed it ((chat, message) pairs the
        caller removes from Telegram). An urgent item is kept until a person has read and
        decided it: a child's safety comes before a tidy inbox, and the reply says so kindly."""
        found = await self._find(typed)
        if found is None:
            return DeleteOutcome.NOT_FOUND, []
        item = found[0]
        if item.urgent and item.status in OPEN_STATUSES:
            await self._store.add_audit(
                self._today(), "young_person", "delete_refused_urgent", item.id
            )
            return DeleteOutcome.KEPT_FOR_SAFETY, []
        posts = await self._store.officer_posts_of(item.id)
        await self._store.delete_item(item.id, on_day=self._today(), actor="young_person")
        for post_id, _, _ in posts:
            await self._store.delete_officer_post(post_id)
        return DeleteOutcome.DELETED, [(chat, post) for _, chat, post in posts]
