"""Store audit: the audit log, screen marks, counts for the board report, purge and retention."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain import Audience, CountRow, Item, ItemKind, ItemStatus
from bot.store.base import StoreCore
from bot.store.items import _ITEM_SELECT, _item
from bot.store.optins import _EXPIRE_ORPHANED_CONTACTS


class AuditMixin(StoreCore):
    """What officers did, what the board report counts, and what expires."""

    async def add_audit(
        self, on_day: date, actor: str, action: str, item_id: int | None, detail: str = ""
    ) -> None:
        async with self._write() as db:
            await self._audit(db, on_day, actor, action, item_id, detail)

    async def list_audit(
        self, first: date, last: date, actor: str = "", action: str = "", limit: int = 500
    ) -> list[tuple[str, str, str, int | None, str]]:
        """Audit entries (day, actor, action, item, detail), newest first; never any words."""
        rows = await self._read(
            "SELECT on_day, actor, action, item_id, detail FROM audit_log "
            "WHERE on_day >= ? AND on_day <= ? AND (? = '' OR actor = ?) "
            "AND (? = '' OR action = ?) ORDER BY id DESC LIMIT ?",
            (first.isoformat(), last.isoformat(), actor, actor, action, action, limit),
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    async def purge_expired(self, today: date) -> tuple[int, int]:
        """Delete items and opt-ins past their expiry. Referred items leave via the case
        system, never by silent expiry."""
        expired = (today.isoformat(), ItemStatus.REFERRED.value)
        async with self._write() as db:
            hashes = await self._receipt_hashes(
                db, "SELECT receipt_hash FROM items WHERE expires_on < ? AND status <> ?", expired
            )
            items = await db.execute(
                "DELETE FROM items WHERE expires_on < ? AND status <> ?", expired
            )
            opt_ins = await db.execute(
                "DELETE FROM opt_ins WHERE expires_on < ?", (today.isoformat(),)
            )
            await db.execute(_EXPIRE_ORPHANED_CONTACTS)
            # Telegram redelivers an update for at most a day; a week is plenty to dedupe.
            await db.execute(
                "DELETE FROM processed_updates WHERE processed_on < ?",
                ((today - timedelta(days=7)).isoformat(),),
            )
            counts = (items.rowcount, opt_ins.rowcount)
            if any(counts):
                await self._audit(db, today, "system", "purged", None, f"{counts[0]} items")
        if any(counts):
            self._bury(hashes)
            await self.checkpoint()
        return counts

    async def set_screen_mark(self, item_id: int, mark: str, *, on_day: date, actor: str) -> bool:
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE items SET screen_mark = ? WHERE id = ?", (mark, item_id)
            )
            if cursor.rowcount:
                await self._audit(db, on_day, actor, f"screen_{mark}", item_id)
            return cursor.rowcount > 0

    async def count_screen_marks(self, first: date, last: date) -> dict[str, int]:
        """Marks on items that arrived in the period: {"missed": n, "false_alarm": n}."""
        rows = await self._read(
            "SELECT screen_mark, COUNT(*) FROM items WHERE screen_mark IS NOT NULL "
            "AND created_on >= ? AND created_on <= ? GROUP BY screen_mark",
            (first.isoformat(), last.isoformat()),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    async def count_marks_made(self, day: date) -> dict[str, int]:
        """Items officers marked on one day (from the audit, which keeps no text): two officers
        marking the same item count it once."""
        rows = await self._read(
            "SELECT action, COUNT(DISTINCT item_id) FROM audit_log WHERE on_day = ? "
            "AND action IN ('screen_missed', 'screen_false_alarm') GROUP BY action",
            (day.isoformat(),),
        )
        return {str(r[0]).removeprefix("screen_"): int(r[1]) for r in rows}

    # -- the board report ----------------------------------------------------------------------

    async def count_items(self, first: date, last: date) -> list[CountRow]:
        """Counts grouped by kind, audience, on-behalf, urgency and theme; never the rows."""
        rows = await self._read(
            "SELECT kind, audience, on_behalf, urgent, NULLIF(theme, ''), SUM(n) "
            "FROM item_counts WHERE day >= ? AND day <= ? "
            "GROUP BY kind, audience, on_behalf, urgent, theme HAVING SUM(n) > 0",
            (first.isoformat(), last.isoformat()),
        )
        return [
            CountRow(ItemKind(r[0]), Audience(r[1]), bool(r[2]), bool(r[3]), r[4], int(r[5]))
            for r in rows
        ]

    async def approved_quotes(
        self, first: date, last: date, per_theme: int
    ) -> list[tuple[str | None, str]]:
        """(theme, board text) for approved, non-urgent items: the newest few per theme."""
        rows = await self._read(
            "SELECT theme, board_text FROM ("
            "SELECT theme, board_text, ROW_NUMBER() OVER "
            "(PARTITION BY theme ORDER BY id DESC) AS place FROM items "
            "WHERE status IN ('for_board', 'taken_to_board') AND urgent = 0 "
            "AND screen_mark IS DISTINCT FROM 'missed' "
            "AND board_text IS NOT NULL AND created_on >= ? AND created_on <= ?"
            ") AS ranked WHERE place <= ? ORDER BY theme, place",
            (first.isoformat(), last.isoformat(), per_theme),
        )
        return [(r[0], str(r[1])) for r in rows]

    async def words_behind_actions(self) -> dict[int, str]:
        """For each "You said, we did" action, the newest approved board words of the messages
        it answers (never an urgent message's, never words an officer did not approve)."""
        rows = await self._read(
            "SELECT ai.action_id, i.board_text FROM action_items ai "
            "JOIN items i ON i.id = ai.item_id "
            "WHERE i.status IN ('for_board', 'taken_to_board') AND i.urgent = 0 "
            "AND i.screen_mark IS DISTINCT FROM 'missed' "
            "AND i.board_text IS NOT NULL ORDER BY ai.action_id, i.id DESC"
        )
        found: dict[int, str] = {}
        for action_id, text in rows:
            found.setdefault(int(action_id), str(text))
        return found

    async def answered_questions(self, first: date, last: date, limit: int = 50) -> list[Item]:
        rows = await self._read(
            _ITEM_SELECT + "WHERE kind = 'question' AND answer IS NOT NULL AND urgent = 0 "
            "AND published = 1 AND screen_mark IS DISTINCT FROM 'missed' "
            "AND created_on >= ? AND created_on <= ? ORDER BY id LIMIT ?",
            (first.isoformat(), last.isoformat(), limit),
        )
        return [_item(row) for row in rows]
