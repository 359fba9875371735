"""The officer service's "You said, we did" (actions, publishing answered questions) and the
screen's marks in the field (Missed: needed help, False alarm): mixins of OfficerService."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain import Action, ActionStatus, Item, ItemStatus, NoSuchItem, NotAllowedHere, Officer
from bot.services.officer_text import officer_words
from bot.services.screening import redact
from bot.store import Store

SCREEN_MARKS = frozenset({"missed", "false_alarm"})
# An answered question can be shown in "You said, we did" unless it was set aside.
PUBLISHABLE = frozenset({ItemStatus.ANSWERED, ItemStatus.FOR_BOARD, ItemStatus.TAKEN_TO_BOARD})


class _OfficerBase:
    _store: Store
    _themes: set[str]

    def today(self) -> date:
        raise NotImplementedError

    async def _item(self, item_id: int) -> Item:
        raise NotImplementedError


class FieldMarksMixin(_OfficerBase):
    async def mark_screen(self, officer: Officer, item_id: int, mark: str) -> None:
        """Missed: needed help (on an item the screen let through) or False alarm (on an urgent
        one): how the screen does in the field, counted without any text."""
        item = await self._item(item_id)
        if mark not in SCREEN_MARKS or (mark == "false_alarm") != item.urgent:
            raise NotAllowedHere("that mark does not fit this item")
        await self._store.set_screen_mark(item_id, mark, on_day=self.today(), actor=officer.name)

    async def screen_marks_yesterday(self) -> dict[str, int]:
        return await self._store.count_marks_made(self.today() - timedelta(days=1))


class WeDidMixin(_OfficerBase):
    async def publish(self, officer: Officer, item_id: int) -> Item:
        """Show an answered question in "You said, we did", as its approved board text."""
        item = await self._item(item_id)
        if item.answer is None or item.status not in PUBLISHABLE or item.urgent:
            raise NotAllowedHere("only answered questions that are not urgent can be published")
        if await self._store.was_declined(item_id):  # e.g. it names another child
            raise NotAllowedHere("it was set aside as not for the board, so it is never shown")
        await self._store.set_published(
            item_id, item.board_text or redact(item.text), on_day=self.today(), actor=officer.name
        )
        return await self._item(item_id)

    async def we_did(
        self,
        officer: Officer,
        theme: str,
        status: ActionStatus,
        what: str,
        item_ids: tuple[int, ...] = (),
    ) -> int:
        if theme not in self._themes:
            raise NotAllowedHere(f"unknown theme {theme}")
        for item_id in item_ids:
            await self._item(item_id)
        return await self._store.add_action(
            theme, officer_words(what), status, item_ids, on_day=self.today(), actor=officer.name
        )

    async def update_action(self, officer: Officer, action_id: int, status: ActionStatus) -> None:
        if not await self._store.set_action_status(
            action_id, status, on_day=self.today(), actor=officer.name
        ):
            raise NoSuchItem(f"action {action_id}")

    async def actions(self) -> list[Action]:
        return await self._store.list_actions()

    async def we_did_screen(self) -> tuple[list[Action], list[Item]]:
        """What young people see under "You said, we did": recent actions and answers."""
        return await self._store.list_actions(limit=8), await self._store.list_answered(limit=5)
