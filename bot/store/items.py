"""Store items: feedback items, receipts, statuses, the officer's review, answers, actions."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.domain import (
    Audience,
    ContactState,
    DuplicateUpdate,
    Item,
    ItemKind,
    ItemStatus,
    NewItem,
)
from bot.store.base import StoreCore, audit
from bot.store.heard import tick

_ITEM_SELECT = (
    "SELECT id, kind, audience, text, theme, on_behalf, urgent, risk_categories, "
    "suggested_themes, status, created_on, expires_on, acknowledged, board_text, "
    "decision_reason, answer, contact, published, written_in, screen_mark FROM items "
)
_ITEM_BY_ID = _ITEM_SELECT + "WHERE id = ?"
_ITEM_BY_RECEIPT = _ITEM_SELECT + "WHERE receipt_hash = ?"
# Reading order: urgent items and open contact requests first, then oldest; this finds the next
# one after a given place. A contact request stays in the queue after its item is decided.
_FIRST = "(CASE WHEN urgent = 1 OR contact = 'requested' THEN 1 ELSE 0 END)"
_NEXT_OPEN = (
    _ITEM_SELECT + "WHERE (status IN ('received', 'read') OR contact = 'requested') "
    f"AND ({_FIRST} < ? OR ({_FIRST} = ? AND id > ?)) "
    f"ORDER BY {_FIRST} DESC, id LIMIT 1"
)
_APPROVED = (
    _ITEM_SELECT + "WHERE status IN ('for_board', 'taken_to_board') "
    "AND created_on >= ? AND created_on <= ? ORDER BY created_on, id"
)


def _join(values: Sequence[str]) -> str:
    return ",".join(values)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(",") if v)


def _item(row: sqlite3.Row | tuple[Any, ...]) -> Item:
    return Item(
        id=row[0],
        kind=ItemKind(row[1]),
        audience=Audience(row[2]),
        text=row[3],
        theme=row[4],
        on_behalf=bool(row[5]),
        urgent=bool(row[6]),
        risk_categories=_split(row[7]),
        suggested_themes=_split(row[8]),
        status=ItemStatus(row[9]),
        created_on=date.fromisoformat(row[10]),
        expires_on=date.fromisoformat(row[11]),
        acknowledged=bool(row[12]),
        board_text=row[13],
        decision_reason=row[14],
        answer=row[15],
        contact=ContactState(row[16]) if row[16] else None,
        published=bool(row[17]),
        language=row[18],
        screen_mark=row[19],
    )


def _next_item_id(db: sqlite3.Connection) -> int:
    """A number no item has had: SQLite alone would give the newest's again once it was
    deleted (and an officer's prompt for "#12" would act on another young person's words)."""
    row = db.execute(
        "UPDATE item_ids SET issued = MAX(issued, COALESCE((SELECT MAX(id) FROM items), 0)) + 1 "
        "RETURNING issued"
    ).fetchone()
    return int(row[0])


class ItemsMixin(StoreCore):
    """Items from arrival to decision, and "You said, we did"."""

    # -- items -------------------------------------------------------------------------------

    async def add_item(
        self,
        item: NewItem,
        *,
        receipt_hash: bytes,
        dedupe_key: int | None,
        created_on: date,
        expires_on: date,
    ) -> int:
        """Item + officer-alert outbox row + processed update, all or nothing, in one trip to
        the database thread."""
        row = (
            item.kind.value,
            item.audience.value,
            int(item.on_behalf),
            item.theme,
            _join(item.suggested_themes),
            item.text,
            int(item.urgent),
            _join(item.risk_categories),
            created_on.isoformat(),
            expires_on.isoformat(),
            receipt_hash,
            item.language,
            0 if item.urgent else None,  # an urgent message's wait is counted from now on
        )

        def work(db: sqlite3.Connection) -> int:
            if dedupe_key is not None:
                # A keyed hash of the submission (never who sent it): the same Send, pressed
                # twice or redelivered after a crash, is stored once.
                cursor = db.execute(
                    "INSERT INTO processed_updates (update_id, processed_on) VALUES (?, ?) "
                    "ON CONFLICT (update_id) DO NOTHING",
                    (dedupe_key, created_on.isoformat()),
                )
                if cursor.rowcount == 0:
                    raise DuplicateUpdate("already stored")
            if isinstance(db, sqlite3.Connection):
                item_id = _next_item_id(db)
                db.execute(
                    "INSERT INTO items (id, kind, audience, on_behalf, theme, suggested_themes, "
                    "text, urgent, risk_categories, created_on, expires_on, receipt_hash, "
                    "written_in, waited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (item_id, *row),
                )
            else:  # PostgreSQL: an identity column, which never gives a number twice
                cursor = db.execute(
                    "INSERT INTO items (kind, audience, on_behalf, theme, suggested_themes, "
                    "text, urgent, risk_categories, created_on, expires_on, receipt_hash, "
                    "written_in, waited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
                item_id = int(cursor.lastrowid or 0)
            db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'new_item', ?)",
                (item_id, int(item.urgent)),
            )
            return item_id

        # Nothing here reads before it writes: on PostgreSQL, processes storing at the same
        # moment need not wait for each other's commit (the update id is unique, the counts
        # are upserts).
        return await self._transact(work, exclusive=False)

    async def append_text(self, item_id: int, text: str, max_length: int) -> bool:
        """Add a message to an open urgent item's text. False if the item is gone, decided or
        full (the caller then stores a new item instead)."""
        async with self._write() as db:
            async with db.execute("SELECT acknowledged FROM items WHERE id = ?", (item_id,)) as c:
                row = await c.fetchone()
            cursor = await db.execute(
                "UPDATE items SET text = text || ? || ? WHERE id = ? AND urgent = 1 "
                "AND status IN ('received', 'read') AND LENGTH(text) + LENGTH(?) < ?",
                ("\n\n", text, item_id, text, max_length),
            )
            if cursor.rowcount == 0:
                return False
            if row is not None and row[0]:
                # An officer already opened it: the new words must reach a person too. One
                # alert, and urgent re-alerts again until someone opens it (still bounded:
                # each further alert needs an officer to have opened it in between).
                await db.execute("UPDATE items SET acknowledged = 0 WHERE id = ?", (item_id,))
                await db.execute(
                    "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'realert', 1)",
                    (item_id,),
                )
            return True

    async def get_item(self, item_id: int) -> Item | None:
        rows = await self._read(_ITEM_BY_ID, (item_id,))
        return _item(rows[0]) if rows else None

    async def get_item_by_receipt(self, receipt_hash: bytes) -> Item | None:
        rows = await self._read(_ITEM_BY_RECEIPT, (receipt_hash,))
        return _item(rows[0]) if rows else None

    async def delete_item(self, item_id: int, *, on_day: date, actor: str) -> bool:
        """Physically delete an item with its outbox rows and opt-ins; audit without text."""
        async with self._write() as db:
            hashes = await self._receipt_hashes(
                db, "SELECT receipt_hash FROM items WHERE id = ?", (item_id,)
            )
            cursor = await db.execute("DELETE FROM items WHERE id = ?", (item_id,))
            deleted = cursor.rowcount > 0
            if deleted:
                await self._audit(db, on_day, actor, "deleted", item_id)
        if deleted:
            self._bury(hashes)
            await self.checkpoint()
        return deleted

    # -- the officer's review ----------------------------------------------------------------

    async def next_open_item(self, after_id: int = 0) -> Item | None:
        """The next open item in reading order (urgent first, then oldest) after `after_id`."""
        after = await self.get_item(after_id) if after_id else None
        first = after is not None and (after.urgent or after.contact is ContactState.REQUESTED)
        place = (int(first), after.id) if after else (2, 0)
        rows = await self._read(_NEXT_OPEN, (place[0], place[0], place[1]))
        return _item(rows[0]) if rows else None

    async def count_by_status(self) -> dict[ItemStatus, int]:
        # Kept up to date by triggers as items arrive, change and go (schema 5).
        rows = await self._read(
            "SELECT status, SUM(n) FROM status_counts GROUP BY status HAVING SUM(n) > 0"
        )
        return {ItemStatus(status): int(count) for status, count in rows}

    async def count_open_urgent(self) -> int:
        rows = await self._read(
            "SELECT COUNT(*) FROM items WHERE urgent = 1 AND status IN ('received', 'read')"
        )
        return int(rows[0][0])

    async def count_open_contacts(self) -> int:
        rows = await self._read("SELECT COUNT(*) FROM items WHERE contact = 'requested'")
        return int(rows[0][0])

    async def set_published(
        self, item_id: int, board_text: str, *, on_day: date, actor: str
    ) -> None:
        async with self._write() as db:
            await db.execute(
                "UPDATE items SET published = 1, board_text = COALESCE(board_text, ?) "
                "WHERE id = ?",
                (board_text, item_id),
            )
            await self._audit(db, on_day, actor, "published", item_id)

    async def acknowledge(self, item_id: int, *, on_day: date, actor: str) -> None:
        """An officer opened the item: it is read, and urgent re-alerts stop."""
        async with self._write() as db:
            await db.execute(
                "UPDATE items SET acknowledged = 1, read_on = COALESCE(read_on, ?), "
                "status = CASE WHEN status = 'received' THEN 'read' ELSE status END "
                "WHERE id = ?",
                (on_day.isoformat(), item_id),
            )
            await self._audit(db, on_day, actor, "viewed", item_id)

    async def decide(
        self,
        item_id: int,
        status: ItemStatus,
        *,
        on_day: date,
        actor: str,
        reason: str | None = None,
        board_text: str | None = None,
        board_fallback: str | None = None,
        now: datetime | None = None,
    ) -> bool:
        """Move an open item to a decided status, once. False if it was already decided. With
        `now`, the urgent messages' wait clock ticks first, so this one's wait is up to date.
        The board's wording: `board_text`, else what is saved (read in this same step, so an
        officer's redaction saved a moment ago is kept), else `board_fallback`."""

        def work(db: sqlite3.Connection) -> bool:
            if now is not None:
                tick(db, now)
            cursor = db.execute(
                "UPDATE items SET status = ?, acknowledged = 1, decision_reason = ?, "
                "board_text = COALESCE(?, board_text, ?), read_on = COALESCE(read_on, ?) "
                "WHERE id = ? AND status IN ('received', 'read')",
                (status.value, reason, board_text, board_fallback, on_day.isoformat(), item_id),
            )
            if cursor.rowcount == 0:
                return False
            audit(db, on_day, actor, status.value, item_id)
            return True

        return await self._transact(work)

    async def set_board_text(self, item_id: int, text: str, *, on_day: date, actor: str) -> None:
        async with self._write() as db:
            await db.execute("UPDATE items SET board_text = ? WHERE id = ?", (text, item_id))
            await self._audit(db, on_day, actor, "redacted", item_id)

    async def set_theme(self, item_id: int, theme: str, *, on_day: date, actor: str) -> None:
        async with self._write() as db:
            await db.execute("UPDATE items SET theme = ? WHERE id = ?", (theme, item_id))
            await self._audit(db, on_day, actor, "themed", item_id, theme)

    async def set_answer(self, item_id: int, answer: str, *, on_day: date, actor: str) -> bool:
        """Record the answer and queue the message to anyone who asked to be told, together;
        once: False if the question was already answered (two officers at the same moment)."""

        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                # A question already decided (approved for the board, referred) keeps that
                # decision: answering it adds the answer, it does not take the approval back.
                "UPDATE items SET answer = ?, acknowledged = 1, status = CASE WHEN status IN "
                "('received', 'read') THEN 'answered' ELSE status END, "
                "read_on = COALESCE(read_on, ?) WHERE id = ? AND answer IS NULL",
                (answer, on_day.isoformat(), item_id),
            )
            if cursor.rowcount == 0:
                return False
            db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'answer', 0)", (item_id,)
            )
            audit(db, on_day, actor, "answered", item_id)
            return True

        return await self._transact(work)

    async def was_declined(self, item_id: int) -> bool:
        """An officer set the item aside as not for the board (answering it later does not
        undo that: the status then says answered, the audit log still says why)."""
        rows = await self._read(
            "SELECT 1 FROM audit_log WHERE item_id = ? AND action = 'not_for_board' LIMIT 1",
            (item_id,),
        )
        return bool(rows)

    async def last_actor(self, item_id: int) -> str | None:
        rows = await self._read(
            "SELECT actor FROM audit_log WHERE item_id = ? AND action NOT IN "
            "('viewed', 'themed', 'redacted') ORDER BY id DESC LIMIT 1",
            (item_id,),
        )
        return str(rows[0][0]) if rows else None

    async def list_approved(self, first: date, last: date) -> list[Item]:
        rows = await self._read(_APPROVED, (first.isoformat(), last.isoformat()))
        return [_item(row) for row in rows]

    async def list_unacknowledged_urgent(self) -> list[int]:
        rows = await self._read(
            "SELECT id FROM items WHERE urgent = 1 AND acknowledged = 0 ORDER BY id"
        )
        return [int(r[0]) for r in rows]

    # -- "You said, we did" ------------------------------------------------------------------

    async def list_answered(self, limit: int = 10) -> list[Item]:
        rows = await self._read(
            _ITEM_SELECT + "WHERE answer IS NOT NULL AND published = 1 AND urgent = 0 "
            "AND board_text IS NOT NULL ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [_item(row) for row in rows]
