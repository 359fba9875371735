"""Reminders service: who asked to be reminded, and which reminders are due today.

Two reminders a meeting: a week before young people's views must arrive, and the day before
the meeting. Each goes to each person once, even if the bot crashes half-way: a reminder is
claimed for a while before it is sent and recorded as sent after, so a sender that died
between the two leaves a claim that runs out, and the next run sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Audience, Clock, Meeting, OptInKind, local_today
from bot.services.meetings import MeetingsService
from bot.store import Store
from bot.store.optins import REMINDER_LEASE

VIEWS_DAYS_BEFORE = 7
# How long a claim holds: a run that starts this long after a sender died sends what it claimed.
CLAIM_LEASE = timedelta(seconds=REMINDER_LEASE)


@dataclass(frozen=True, slots=True)
class Reminder:
    key: str
    kind: str  # "views" or "meeting"
    meeting: Meeting


class RemindersService:
    def __init__(
        self,
        store: Store,
        meetings: MeetingsService,
        clock: Clock,
        zone: ZoneInfo,
        opt_in_days: int,
    ) -> None:
        self._store = store
        self._meetings = meetings
        self._clock = clock
        self._zone = zone
        self.opt_in_days = opt_in_days

    def today(self) -> date:
        return local_today(self._clock, self._zone)

    def passed_today(self, at: time) -> bool:
        """Whether the council's clock is past `at` today (a daily job's time)."""
        return self._clock().astimezone(self._zone).time() >= at

    async def opt_in(self, chat_id: int, audience: Audience) -> None:
        today = self.today()
        await self._store.add_opt_in(
            OptInKind.REMINDERS,
            chat_id=chat_id,
            item_id=None,
            created_on=today,
            expires_on=today + timedelta(days=self.opt_in_days),
            audience=audience,
        )

    async def opt_out(self, chat_id: int) -> int:
        return await self._store.delete_opt_ins(OptInKind.REMINDERS, chat_id)

    async def is_opted_in(self, chat_id: int) -> bool:
        return await self._store.has_opt_in(OptInKind.REMINDERS, chat_id)

    def due_today(self) -> list[Reminder]:
        today = self.today()
        due = []
        for meeting in self._meetings.upcoming(limit=4):
            if meeting.views_by - timedelta(days=VIEWS_DAYS_BEFORE) == today:
                due.append(Reminder(f"views:{meeting.day.isoformat()}", "views", meeting))
            if meeting.day - timedelta(days=1) == today:
                due.append(Reminder(f"meeting:{meeting.day.isoformat()}", "meeting", meeting))
        return due

    def now(self) -> float:
        """Seconds since the epoch, for claims' leases."""
        return self._clock().timestamp()

    async def targets(self, reminder: Reminder) -> list[tuple[int, int, Audience]]:
        return await self._store.reminder_targets(reminder.key, self.today(), self.now())

    async def claim(self, reminder: Reminder, opt_in_id: int) -> float | None:
        """Claim it before sending: the claim (its lease end) for the sender to hold, or None if
        another sender holds it or it was sent. Only the holder gives a claim back."""
        return await self._store.claim_reminder(reminder.key, opt_in_id, self.today(), self.now())

    async def mark_sent(self, reminder: Reminder, opt_in_id: int) -> None:
        await self._store.mark_reminder_sent(reminder.key, opt_in_id)

    async def release(self, reminder: Reminder, opt_in_id: int, claim: float) -> None:
        await self._store.release_reminder(reminder.key, opt_in_id, claim)

    async def forget_blocked(self, opt_in_id: int) -> None:
        await self._store.delete_opt_in(opt_in_id)
