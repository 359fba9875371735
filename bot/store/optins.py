"""Store opt-ins: contact requests, answer and reminder opt-ins, and reminders sent."""

from __future__ import annotations

from datetime import date

from bot.domain import Audience, ContactState, OptInKind
from bot.store.base import StoreCore

# A contact request whose details are gone (expired, or removed by /forget) has expired.
_EXPIRE_ORPHANED_CONTACTS = (
    "UPDATE items SET contact = 'expired' WHERE contact = 'requested' AND NOT EXISTS "
    "(SELECT 1 FROM opt_ins o WHERE o.kind = 'contact' AND o.item_id = items.id)"
)
# How long a sender's claim on a reminder lasts before another run may send it instead. Longer
# than a live sender can hold a claim unsent, or two would send it: its one send may wait out
# up to three flood waits in the rate limiter (ClockRateLimiter, usually under a minute each)
# and each request's timeouts. Short enough that the catch-up run after a restart, which waits
# this long (bot/telegram/jobs.py), still sends a dead sender's claims the same day.
REMINDER_LEASE = 300.0


class OptInsMixin(StoreCore):
    """Every way a young person asked to hear back, each with its own expiry."""

    async def add_contact_request(
        self,
        item_id: int,
        *,
        chat_id: int | None,
        how: str | None,
        owner: bytes,
        audience: Audience,
        created_on: date,
        expires_on: date,
    ) -> bool:
        """Keep how to reach the young person, mark the item, and queue an officer alert that a
        contact request is waiting: all or nothing. False if the item is gone."""
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE items SET contact = 'requested' WHERE id = ?", (item_id,)
            )
            if cursor.rowcount == 0:
                return False
            await db.execute(
                "DELETE FROM opt_ins WHERE kind = 'contact' AND item_id = ?", (item_id,)
            )
            await db.execute(
                "INSERT INTO opt_ins (kind, chat_id, item_id, contact_how, created_on, "
                "expires_on, audience, owner) VALUES ('contact', ?, ?, ?, ?, ?, ?, ?)",
                (
                    chat_id,
                    item_id,
                    how,
                    created_on.isoformat(),
                    expires_on.isoformat(),
                    audience.value,
                    owner,
                ),
            )
            await db.execute(
                "INSERT INTO outbox (item_id, kind, urgent) VALUES (?, 'contact', 1)", (item_id,)
            )
        return True

    async def get_contact_request(self, item_id: int) -> tuple[int | None, str | None, Audience]:
        """(chat id, typed contact details, audience) of an open contact request."""
        rows = await self._read(
            "SELECT chat_id, contact_how, audience FROM opt_ins WHERE kind = 'contact' "
            "AND item_id = ? ORDER BY id DESC LIMIT 1",
            (item_id,),
        )
        if not rows:
            return None, None, Audience.IN_CARE
        chat, how, audience = rows[0]
        return chat, how, Audience(audience or Audience.IN_CARE.value)

    async def close_contact(
        self, item_id: int, outcome: ContactState, *, on_day: date, actor: str
    ) -> bool:
        """Record how the contact went and delete how to reach the young person, at once."""
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE items SET contact = ? WHERE id = ? AND contact = 'requested'",
                (outcome.value, item_id),
            )
            if cursor.rowcount == 0:
                return False
            await db.execute(
                "DELETE FROM opt_ins WHERE kind = 'contact' AND item_id = ?", (item_id,)
            )
            await self._audit(db, on_day, actor, f"contact_{outcome.value}", item_id)
        await self.checkpoint()
        return True

    # -- opt-ins -----------------------------------------------------------------------------

    async def add_opt_in(
        self,
        kind: OptInKind,
        *,
        chat_id: int | None,
        item_id: int | None,
        created_on: date,
        expires_on: date,
        contact_how: str | None = None,
        audience: Audience | None = None,
    ) -> int:
        """One opt-in per chat, kind and item: asking again renews it rather than doubling it
        (the same row, so what was sent under it, a reminder today, is not sent again)."""
        async with self._write() as db:
            if chat_id is not None:
                async with db.execute(
                    "SELECT id FROM opt_ins WHERE kind = ? AND chat_id = ? "
                    "AND item_id IS NOT DISTINCT FROM ? ORDER BY id",
                    (kind.value, chat_id, item_id),
                ) as found:
                    existing = [int(r[0]) for r in await found.fetchall()]
                if existing:
                    await db.execute(
                        "UPDATE opt_ins SET contact_how = ?, created_on = ?, expires_on = ?, "
                        "audience = ? WHERE id = ?",
                        (
                            contact_how,
                            created_on.isoformat(),
                            expires_on.isoformat(),
                            audience.value if audience else None,
                            existing[0],
                        ),
                    )
                    for extra in existing[1:]:  # never more than one (as before, renewed)
                        await db.execute("DELETE FROM opt_ins WHERE id = ?", (extra,))
                    return existing[0]
            cursor = await db.execute(
                "INSERT INTO opt_ins (kind, chat_id, item_id, contact_how, created_on, "
                "expires_on, audience) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    kind.value,
                    chat_id,
                    item_id,
                    contact_how,
                    created_on.isoformat(),
                    expires_on.isoformat(),
                    audience.value if audience else None,
                ),
            )
            return int(cursor.lastrowid or 0)

    async def has_opt_in(self, kind: OptInKind, chat_id: int) -> bool:
        rows = await self._read(
            "SELECT COUNT(*) FROM opt_ins WHERE kind = ? AND chat_id = ?", (kind.value, chat_id)
        )
        return int(rows[0][0]) > 0

    async def delete_opt_ins(self, kind: OptInKind, chat_id: int) -> int:
        async with self._write() as db:
            cursor = await db.execute(
                "DELETE FROM opt_ins WHERE kind = ? AND chat_id = ?", (kind.value, chat_id)
            )
            count = cursor.rowcount
        if count:
            await self.checkpoint()  # the chat id must not linger in the write-ahead log
        return count

    # -- reminders ---------------------------------------------------------------------------

    async def reminder_targets(
        self, reminder: str, today: date, now: float
    ) -> list[tuple[int, int, Audience]]:
        """(opt-in id, chat id, audience) of everyone still owed this reminder: never sent it,
        and not claimed by a sender whose lease runs past `now` (seconds since the epoch). A
        claim whose lease ran out unsent was a sender that died: it is owed again."""
        rows = await self._read(
            "SELECT o.id, o.chat_id, o.audience FROM opt_ins o WHERE o.kind = 'reminders' "
            "AND o.chat_id IS NOT NULL AND o.expires_on >= ? AND NOT EXISTS ("
            "SELECT 1 FROM reminder_sends r WHERE r.reminder = ? AND r.opt_in_id = o.id "
            "AND (r.claimed_until IS NULL OR r.claimed_until > ?)"
            ") ORDER BY o.id",
            (today.isoformat(), reminder, now),
        )
        return [(int(r[0]), int(r[1]), Audience(r[2] or Audience.IN_CARE.value)) for r in rows]

    async def claim_reminder(
        self,
        reminder: str,
        opt_in_id: int,
        today: date,
        now: float,
        *,
        lease: float = REMINDER_LEASE,
    ) -> float | None:
        """Claim the reminder *before* sending, until `now + lease`, so a crash never sends it
        twice; a claim whose lease ran out unsent (its sender died) is taken over. One statement,
        so of two senders claiming at once only one wins: the other's row count is 0.

        Returns the claim (when its lease ends), which only its holder can give back; None when
        another sender holds it or it was sent."""
        until = now + lease
        async with self._write() as db:
            cursor = await db.execute(
                "INSERT INTO reminder_sends (reminder, opt_in_id, sent_on, claimed_until) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (reminder, opt_in_id) DO UPDATE SET "
                "sent_on = excluded.sent_on, claimed_until = excluded.claimed_until "
                "WHERE reminder_sends.claimed_until IS NOT NULL "
                "AND reminder_sends.claimed_until <= ?",
                (reminder, opt_in_id, today.isoformat(), until, now),
            )
            return until if cursor.rowcount > 0 else None

    async def mark_reminder_sent(self, reminder: str, opt_in_id: int) -> None:
        """It went out: never owed again, however long after."""
        async with self._write() as db:
            await db.execute(
                "UPDATE reminder_sends SET claimed_until = NULL "
                "WHERE reminder = ? AND opt_in_id = ?",
                (reminder, opt_in_id),
            )

    async def release_reminder(self, reminder: str, opt_in_id: int, claim: float) -> None:
        """The send failed for a passing reason: let a later attempt try again. Only the claim
        `claim` (what claim_reminder returned) is given back: a reminder recorded as sent stays
        sent, and a sender whose lease ran out cannot undo the claim another sender took over
        (a third would then send it while the second still is)."""
        async with self._write() as db:
            await db.execute(
                "DELETE FROM reminder_sends WHERE reminder = ? AND opt_in_id = ? "
                "AND claimed_until = ?",
                (reminder, opt_in_id, claim),
            )

    async def contact_items_of(self, chat_id: int, owner: bytes | None = None) -> list[int]:
        """Items this chat asked to be contacted about (by chat id, or "another way" by owner)."""
        rows = await self._read(
            "SELECT DISTINCT item_id FROM opt_ins WHERE kind = 'contact' AND item_id IS NOT NULL "
            "AND (chat_id = ? OR (owner IS NOT NULL AND owner = ?))",
            (chat_id, owner),
        )
        return [int(r[0]) for r in rows]

    async def delete_opt_ins_for_chat(self, chat_id: int, owner: bytes | None = None) -> int:
        """Every opt-in this chat made: by chat id, and "another way" details by owner hash."""
        async with self._write() as db:
            cursor = await db.execute(
                "DELETE FROM opt_ins WHERE chat_id = ? OR (owner IS NOT NULL AND owner = ?)",
                (chat_id, owner),
            )
            count = cursor.rowcount
            await db.execute(_EXPIRE_ORPHANED_CONTACTS)
        if count:
            await self.checkpoint()
        return count

    async def list_opt_in_chats(self, kind: OptInKind, item_id: int) -> list[tuple[int, int]]:
        """(opt-in id, chat id) for everyone who asked about this item this way."""
        rows = await self._read(
            "SELECT id, chat_id FROM opt_ins WHERE kind = ? AND item_id = ? "
            "AND chat_id IS NOT NULL",
            (kind.value, item_id),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def delete_opt_in(self, opt_in_id: int) -> None:
        async with self._write() as db:
            await db.execute("DELETE FROM opt_ins WHERE id = ?", (opt_in_id,))
        await self.checkpoint()

    async def count_opt_ins(self, chat_id: int) -> int:
        rows = await self._read("SELECT COUNT(*) FROM opt_ins WHERE chat_id = ?", (chat_id,))
        return int(rows[0][0])
