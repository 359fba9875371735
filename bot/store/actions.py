"""Store actions: "You said, we did" entries, each linked to the items it answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain import Action, ActionStatus
from bot.store.base import StoreCore


class ActionsMixin(StoreCore):
    """What the council did about what young people said."""

    async def add_action(
        self,
        theme: str,
        what: str,
        status: ActionStatus,
        item_ids: Sequence[int],
        *,
        on_day: date,
        actor: str,
    ) -> int:
        async with self._write() as db:
            cursor = await db.execute(
                "INSERT INTO actions (theme, what, status, created_on, updated_on) "
                "VALUES (?, ?, ?, ?, ?)",
                (theme, what, status.value, on_day.isoformat(), on_day.isoformat()),
            )
            action_id = int(cursor.lastrowid or 0)
            for item_id in item_ids:
                await db.execute(
                    "INSERT INTO action_items (action_id, item_id) VALUES (?, ?) "
                    "ON CONFLICT (action_id, item_id) DO NOTHING",
                    (action_id, item_id),
                )
            await self._audit(db, on_day, actor, "we_did", None, str(action_id))
        return action_id

    async def set_action_status(
        self, action_id: int, status: ActionStatus, *, on_day: date, actor: str
    ) -> bool:
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE actions SET status = ?, updated_on = ? WHERE id = ?",
                (status.value, on_day.isoformat(), action_id),
            )
            if cursor.rowcount:
                await self._audit(db, on_day, actor, "we_did_status", None, str(action_id))
            return cursor.rowcount > 0

    async def list_actions(self, limit: int = 20, item_id: int | None = None) -> list[Action]:
        if item_id is None:
            rows = await self._read(
                "SELECT id, theme, what, status, updated_on FROM actions "
                "ORDER BY updated_on DESC, id DESC LIMIT ?",
                (limit,),
            )
        else:
            rows = await self._read(
                "SELECT a.id, a.theme, a.what, a.status, a.updated_on FROM actions a "
                "JOIN action_items ai ON ai.action_id = a.id WHERE ai.item_id = ? "
                "ORDER BY a.updated_on DESC, a.id DESC LIMIT ?",
                (item_id, limit),
            )
        links = await self._read("SELECT action_id, item_id FROM action_items ORDER BY item_id")
        linked: dict[int, list[int]] = {}
        for action_id, linked_item in links:
            linked.setdefault(int(action_id), []).append(int(linked_item))
        return [
            Action(
                id=int(r[0]),
                theme=r[1],
                what=r[2],
                status=ActionStatus(r[3]),
                updated_on=date.fromisoformat(r[4]),
                item_ids=tuple(linked.get(int(r[0]), ())),
            )
            for r in rows
        ]
