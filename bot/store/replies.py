"""Replies kept under a receipt code: the team writes, the young person reads them (and writes
back) by checking with their code. Deleted with the item."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from bot.domain import Reply
from bot.store.base import StoreCore

MAX_SHOWN = 20


class RepliesMixin(StoreCore):
    async def add_reply(
        self,
        item_id: int,
        text: str,
        *,
        from_team: bool,
        on_day: date,
        urgent: bool = False,
        categories: Sequence[str] = (),
        push: bool = False,
    ) -> bool:
        """Keep a reply; one from the young person also alerts the officers (in the same
        transaction). `urgent` (the screen read a disclosure in their reply): the message
        becomes urgent, back in the open queue and re-alerted until someone opens it; the words
        are kept once, in the conversation. False if the item is gone."""

        def work(db: sqlite3.Connection) -> bool:
            row = db.execute("SELECT risk_categories FROM items WHERE id = ?", (item_id,))
            found = row.fetchone()
            if found is None:
                return False
            reply = db.execute(
                "INSERT INTO replies (item_id, from_team, text, created_on) VALUES (?, ?, ?, ?)",
                (item_id, int(from_team), text, on_day.isoformat()),
            )
            if from_team:
                if push:  # to a "message me here" chat, by the outbox worker
                    db.execute(
                        "INSERT INTO outbox (item_id, kind, urgent, reply_id) "
                        "VALUES (?, 'team_reply', 0, ?)",
                        (item_id, reply.lastrowid),
                    )
                return True
            if urgent:
                known = [c for c in (found[0] or "").split(",") if c]
                merged = ",".join(known + [c for c in categories if c not in known])
                db.execute(
                    "UPDATE items SET urgent = 1, acknowledged = 0, risk_categories = ?, "
                    "waited = COALESCE(waited, 0), "
                    "status = CASE WHEN status IN ('received', 'read') THEN status "
                    "ELSE 'received' END WHERE id = ?",
                    (merged, item_id),
                )
            db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'reply', ?)",
                (item_id, int(urgent)),
            )
            return True

        return await self._transact(work)

    async def reply_text(self, reply_id: int) -> str | None:
        rows = await self._read("SELECT text FROM replies WHERE id = ?", (reply_id,))
        return str(rows[0][0]) if rows else None

    async def list_replies(self, item_id: int) -> list[Reply]:
        """The latest replies, oldest first."""
        rows = await self._read(
            "SELECT from_team, text, created_on FROM replies WHERE item_id = ? "
            "ORDER BY id DESC LIMIT ?",
            (item_id, MAX_SHOWN),
        )
        return [Reply(bool(r[0]), r[1], date.fromisoformat(r[2])) for r in reversed(rows)]
