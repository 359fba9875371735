"""Store outbox: messages waiting to go out, and the bot's officer-chat posts."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from bot.domain import OutboxRow
from bot.store.base import StoreCore

# How long a deliverer's claim on an outbox row lasts: longer than one round of sending.
CLAIM_LEASE = 120.0
# The rows are chosen once, in a CTE: as a subquery in the WHERE, PostgreSQL may run it again
# for every row and claim them all (found by the test of two deliverers). {lock} is the store's
# own constant: nothing from outside is ever put into the SQL.
_CLAIM = (
    "WITH chosen AS (SELECT id FROM outbox WHERE delivered = 0 AND (claimed_until IS NULL "
    "OR claimed_until <= ? OR claimed_by = ?) ORDER BY urgent DESC, id LIMIT ?{lock}) "
    "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id IN (SELECT id FROM chosen) "
    "RETURNING id, item_id, kind, urgent, reply_id"
)


def _row(r: Sequence[Any]) -> OutboxRow:
    return OutboxRow(
        int(r[0]), int(r[1]), str(r[2]), bool(r[3]), r[4] if r[4] is None else int(r[4])
    )


class OutboxMixin(StoreCore):
    """What is still to be sent, and posts to delete from the officer chat."""

    # PostgreSQL: rows another deliverer is claiming right now are passed over, not waited for.
    _CLAIM_LOCK = ""

    # -- outbox ------------------------------------------------------------------------------

    async def claim_outbox(
        self, claimer: str, now: float, *, lease: float = CLAIM_LEASE, limit: int = 100
    ) -> list[OutboxRow]:
        """What is still to be sent and not claimed by another deliverer, claimed by `claimer`
        until `now + lease` (seconds since the epoch): one alert, one deliverer, even if two
        processes both deliver for a moment. A deliverer's own claims are its again."""
        sql = _CLAIM.replace("{lock}", self._CLAIM_LOCK)

        def work(db: sqlite3.Connection) -> list[OutboxRow]:
            rows = db.execute(sql, (now, claimer, limit, claimer, now + lease)).fetchall()
            return sorted((_row(r) for r in rows), key=lambda r: (not r.urgent, r.id))

        return await self._transact(work, exclusive=False)

    async def release_outbox(self, claimer: str) -> None:
        """A deliverer that stops gives its claims back: another takes them at once."""
        async with self._write() as db:
            await db.execute(
                "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?",
                (claimer,),
            )

    async def list_pending_outbox(self, limit: int = 100) -> list[OutboxRow]:
        rows = await self._read(
            "SELECT id, item_id, kind, urgent, reply_id FROM outbox WHERE delivered = 0 "
            "ORDER BY urgent DESC, id LIMIT ?",
            (limit,),
        )
        return [_row(r) for r in rows]

    async def mark_delivered(self, outbox_ids: Sequence[int]) -> None:
        ids = [(outbox_id,) for outbox_id in outbox_ids]

        def work(db: sqlite3.Connection) -> None:
            db.executemany("DELETE FROM outbox WHERE id = ?", ids)

        await self._transact(work)

    async def add_outbox(self, item_id: int, kind: str, *, urgent: bool) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, ?, ?)",
                (item_id, kind, int(urgent)),
            )

    async def count_pending_outbox(self) -> int:
        rows = await self._read("SELECT COUNT(*) FROM outbox WHERE delivered = 0")
        return int(rows[0][0])

    # -- officer-chat posts that show message text -------------------------------------------

    async def add_officer_post(
        self, officer_chat: int, post: int, posted_at: str, item_id: int | None = None
    ) -> None:
        row = (officer_chat, post, posted_at, item_id)

        def work(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO officer_posts (officer_chat, post, posted_at, item_id) "
                "VALUES (?, ?, ?, ?)",
                row,
            )

        await self._transact(work)

    async def officer_posts_of(self, item_id: int) -> list[tuple[int, int, int]]:
        rows = await self._read(
            "SELECT id, officer_chat, post FROM officer_posts WHERE item_id = ? ORDER BY id",
            (item_id,),
        )
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]

    async def officer_posts_before(self, cutoff: str) -> list[tuple[int, int, int]]:
        rows = await self._read(
            "SELECT id, officer_chat, post FROM officer_posts WHERE posted_at < ? ORDER BY id",
            (cutoff,),
        )
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]

    async def delete_officer_post(self, post_id: int) -> None:
        async with self._write() as db:
            await db.execute("DELETE FROM officer_posts WHERE id = ?", (post_id,))
