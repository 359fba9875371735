"""Replies kept under a receipt code: the team writes, the young person reads them (and writes
back) by checking with their code. Deleted with the item."""

from __future__ import annotations

from datetime import date

from bot.domain import Reply
from bot.store.base import StoreCore

MAX_SHOWN = 20


class RepliesMixin(StoreCore):
    async def add_reply(self, item_id: int, text: str, *, from_team: bool, on_day: date) -> bool:
        """Keep a reply; one from the young person also alerts the officers (in the same
        transaction). False if the item is gone."""
        async with self._write() as db:
            cursor = await db.execute("SELECT 1 FROM items WHERE id = ?", (item_id,))
            if await cursor.fetchone() is None:
                return False
            await db.execute(
                "INSERT INTO replies (item_id, from_team, text, created_on) VALUES (?, ?, ?, ?)",
                (item_id, int(from_team), text, on_day.isoformat()),
            )
            if not from_team:
                await db.execute(
                    "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'reply', 0)",
                    (item_id,),
                )
        return True

    async def list_replies(self, item_id: int) -> list[Reply]:
        """The latest replies, oldest first."""
        rows = await self._read(
            "SELECT from_team, text, created_on FROM replies WHERE item_id = ? "
            "ORDER BY id DESC LIMIT ?",
            (item_id, MAX_SHOWN),
        )
        return [Reply(bool(r[0]), r[1], date.fromisoformat(r[2])) for r in reversed(rows)]
