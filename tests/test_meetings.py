"""Meetings: dated and recurring meetings, views deadlines, and "always shows upcoming"."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.content import DatedMeeting, Meetings, RecurringMeeting, Wording
from bot.domain import Audience
from bot.services.meetings import MeetingsService, nth_weekday
from tests.conftest import shipped_content

LONDON = ZoneInfo("Europe/London")


def service(meetings: Meetings, now: datetime) -> MeetingsService:
    return MeetingsService(meetings, lambda: now, LONDON)


def schedule(**extra: object) -> Meetings:
    return Meetings.model_validate(
        {
            "board_name": "Board",
            "how_to_take_part": {"in_care": "Come along", "carer": "Bring them along"},
            "recurring": [
                {
                    "week": "third",
                    "day": "tuesday",
                    "months": ["january", "april", "july", "october"],
                    "time": "17:00",
                    "venue": "Town Hall",
                }
            ],
            **extra,
        }
    )


def test_nth_weekday() -> None:
    assert nth_weekday(2027, 1, "third", 1) == date(2027, 1, 19)
    assert nth_weekday(2027, 4, "first", 0) == date(2027, 4, 5)
    assert nth_weekday(2027, 4, "last", 4) == date(2027, 4, 30)
    assert nth_weekday(2026, 2, "fourth", 5) == date(2026, 2, 28)


def test_recurring_meetings_come_soonest_first_with_a_views_deadline() -> None:
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)

    upcoming = service(schedule(), now).upcoming()

    assert [m.day for m in upcoming] == [date(2027, 1, 19), date(2027, 4, 20), date(2027, 7, 20)]
    assert upcoming[0].views_by == date(2027, 1, 5)
    assert upcoming[0].start == time(17, 0)
    assert upcoming[0].take_part(Audience.CARER) == "Bring them along"
    assert upcoming[0].take_part(Audience.CARE_LEAVER) == "Come along"


def test_a_dated_meeting_replaces_the_recurring_one_on_the_same_day() -> None:
    dated = {"date": "2027-01-19", "time": "10:00", "venue": "Online", "views_by": "2027-01-10"}
    now = datetime(2026, 12, 1, tzinfo=UTC)

    upcoming = service(schedule(dated=[dated]), now).upcoming()

    first = upcoming[0]
    assert (first.day, first.start, first.venue) == (date(2027, 1, 19), time(10, 0), "Online")
    assert first.views_by == date(2027, 1, 10)
    assert len([m for m in upcoming if m.day == date(2027, 1, 19)]) == 1


def test_a_meeting_today_still_shows_and_yesterdays_does_not() -> None:
    on_the_day = datetime(2027, 1, 19, 8, tzinfo=UTC)
    day_after = datetime(2027, 1, 20, 8, tzinfo=UTC)

    assert service(schedule(), on_the_day).upcoming()[0].day == date(2027, 1, 19)
    assert service(schedule(), day_after).upcoming()[0].day == date(2027, 4, 20)


def test_today_is_the_local_date_not_utc() -> None:
    # 23:30 UTC on 30 June is already 1 July in London (summer time).
    late = datetime(2027, 6, 30, 23, 30, tzinfo=UTC)

    assert service(schedule(), late).today() == date(2027, 7, 1)


def test_only_dated_meetings_work_too() -> None:
    meetings = Meetings(
        board_name="Board",
        how_to_take_part=Wording(in_care="Come"),
        dated=[DatedMeeting(date=date(2027, 3, 3), time=time(18, 0), venue="Hall")],
    )

    upcoming = service(meetings, datetime(2027, 1, 1, tzinfo=UTC)).upcoming()

    assert [m.views_by for m in upcoming] == [date(2027, 2, 17)]
    assert service(meetings, datetime(2027, 3, 4, tzinfo=UTC)).upcoming() == []


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2035, 12, 31)))
def test_the_shipped_example_always_shows_upcoming_meetings(day: date) -> None:
    now = datetime.combine(day, time(12), tzinfo=UTC)

    upcoming = service(shipped_content().meetings, now).upcoming()

    assert len(upcoming) == 3
    assert all(m.day >= day for m in upcoming)
    assert all(m.views_by < m.day for m in upcoming)
    assert upcoming[0].day - day <= timedelta(days=100)


def test_recurring_rule_accepts_any_capitalisation() -> None:
    rule = RecurringMeeting.model_validate(
        {"week": "Last", "day": "FRIDAY", "months": ["March"], "time": "9:30", "venue": "Hall"}
    )

    assert (rule.week, rule.day, rule.months, rule.time) == (
        "last",
        "friday",
        ["march"],
        time(9, 30),
    )
