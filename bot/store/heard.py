"""Store: how quickly young people were heard, for the board report, with no time of day kept.

An urgent message's wait is counted, not timed: a job (every minute, and at every decision)
adds the seconds since its last tick to each undecided urgent message. The one moment stored is
that tick's, in `meta`, against no message. Several processes ticking share the one clock, so
the gaps they add never overlap; after downtime the next tick adds the whole gap. A message
that arrives between ticks is counted from the tick before it, so a wait is never shorter than
it really was. A tick that arrives behind the clock (another process ticked later first) adds
nothing, unless it is so far behind that the clock must have been stepped back.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.store.base import StoreCore

WAIT_CLOCK = "wait_clock"
HOUR, DAY = 3600, 86400
# Processes read their clocks before they wait for the write lock, so ticks can arrive a
# little out of order; a tick further behind the stored clock than this means the clock itself
# was stepped back (it would otherwise freeze every count until it caught up).
LATE_TICK = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class HeardRow:
    """How many messages of the period share these facts (never which ones)."""

    urgent: bool
    undecided: bool
    created_on: date
    read_on: date | None
    # Urgent only: 0 = decided within the hour, 1 = within a day, 2 = later, None = not timed.
    waited: int | None
    contact: str | None
    count: int


def tick(db: sqlite3.Connection, now: datetime) -> None:
    """Inside a transaction: add the whole seconds since the last tick to every undecided urgent
    message, and move the clock on by exactly that much (the part second is carried)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (WAIT_CLOCK,)).fetchone()
    clock = now
    if row is not None:
        last = datetime.fromisoformat(bytes(row[0]).decode())
        seconds = int((now - last).total_seconds())
        if now < last - LATE_TICK:  # the clock was stepped back: count again from now
            seconds, last = 0, now
        elif now < last or seconds <= 0:  # another process's later tick got in first
            return
        db.execute(
            "UPDATE items SET waited = waited + ? WHERE urgent = 1 AND waited IS NOT NULL "
            "AND status IN ('received', 'read')",
            (seconds,),
        )
        clock = last + timedelta(seconds=seconds)
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (WAIT_CLOCK, clock.isoformat().encode()),
    )


class HeardMixin(StoreCore):
    async def tick_waits(self, now: datetime) -> None:
        await self._transact(lambda db: tick(db, now))

    async def heard_rows(self, first: date, last: date) -> list[HeardRow]:
        """Counts of the period's messages by what the report says about hearing them."""
        rows = await self._read(
            "SELECT urgent, status IN ('received', 'read'), created_on, read_on, "
            "CASE WHEN waited IS NULL THEN NULL WHEN waited <= ? THEN 0 "
            "WHEN waited <= ? THEN 1 ELSE 2 END, contact, COUNT(*) FROM items "
            "WHERE created_on >= ? AND created_on <= ? "
            "GROUP BY 1, 2, 3, 4, 5, 6",
            (HOUR, DAY, first.isoformat(), last.isoformat()),
        )
        return [
            HeardRow(
                urgent=bool(r[0]),
                undecided=bool(r[1]),
                created_on=date.fromisoformat(r[2]),
                read_on=date.fromisoformat(r[3]) if r[3] else None,
                waited=None if r[4] is None else int(r[4]),
                contact=r[5],
                count=int(r[6]),
            )
            for r in rows
        ]
