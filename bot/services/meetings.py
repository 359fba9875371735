"""Meetings service: works out the upcoming board meetings from dated and recurring entries."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.content import MONTHS, WEEKDAYS, WEEKS, Meetings, RecurringMeeting, Wording
from bot.domain import Audience, Clock, Meeting, local_today


def nth_weekday(year: int, month: int, week: str, weekday: int) -> date:
    """The first/second/third/fourth/last <weekday> of a month."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[-1] if week == "last" else days[WEEKS.index(week)]


def _by_audience(wording: Wording) -> dict[Audience, str]:
    return {audience: wording.for_(audience) for audience in Audience}


class MeetingsService:
    """Answers "when does the board meet next, and by when must views arrive?"."""

    def __init__(self, meetings: Meetings, clock: Clock, zone: ZoneInfo) -> None:
        self._meetings = meetings
        self._clock = clock
        self._zone = zone

    def today(self) -> date:
        return local_today(self._clock, self._zone)

    def upcoming(self, limit: int = 3) -> list[Meeting]:
        """The next meetings from today (a meeting today still counts), soonest first."""
        return self._upcoming_on(self.today())[:limit]

    @lru_cache(maxsize=8)  # noqa: B019 -- one service per app; a few days' answers is plenty
    def _upcoming_on(self, today: date) -> list[Meeting]:
        by_day: dict[date, Meeting] = {}
        for meeting in self._recurring(today.year, today.year + 2):
            by_day[meeting.day] = meeting
        for dated in self._meetings.dated:
            views_by = dated.views_by or self._default_deadline(dated.date)
            how = dated.how_to_take_part or self._meetings.how_to_take_part
            by_day[dated.date] = Meeting(
                day=dated.date,
                start=dated.time,
                venue=dated.venue,
                topics=tuple(dated.topics),
                views_by=views_by,
                how_to_take_part=_by_audience(how),
            )
        return sorted((m for m in by_day.values() if m.day >= today), key=lambda m: m.day)

    def previous_meeting(self) -> date | None:
        """The day of the most recent meeting before today, if any."""
        today = self.today()
        days = {m.day for m in self._recurring(today.year - 1, today.year)}
        days |= {d.date for d in self._meetings.dated}
        past = [d for d in days if d < today]
        return max(past) if past else None

    def next_for_views(self) -> Meeting | None:
        """The next meeting whose deadline for views has not passed yet."""
        today = self.today()
        return next((m for m in self.upcoming(limit=6) if m.views_by >= today), None)

    def _default_deadline(self, day: date) -> date:
        return day - timedelta(days=self._meetings.views_days_before)

    def _recurring(self, first_year: int, last_year: int) -> Iterator[Meeting]:
        for rule in self._meetings.recurring:
            for year in range(first_year, last_year + 1):
                for month_name in rule.months:
                    yield self._from_rule(rule, year, MONTHS.index(month_name) + 1)

    def _from_rule(self, rule: RecurringMeeting, year: int, month: int) -> Meeting:
        day = nth_weekday(year, month, rule.week, WEEKDAYS.index(rule.day))
        return Meeting(
            day=day,
            start=rule.time,
            venue=rule.venue,
            topics=tuple(rule.topics),
            views_by=self._default_deadline(day),
            how_to_take_part=_by_audience(self._meetings.how_to_take_part),
        )
