"""How young people were heard: worked out from the period's records, never a fixed sentence.

Reading is measured against the council's own promise (`response_time` in council.yaml, e.g.
"within 3 working days"), in working days (Monday to Friday) when the promise says "working",
else in days. Urgent messages are measured by how long they waited for an officer's decision,
counted without any time of day (bot/store/heard.py). Every count goes through the same
small-number rule as the rest of the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from bot.services.suppression import SMALL_NUMBER, Shown, shown, suppress
from bot.store import HeardRow

DEFAULT_PROMISE_DAYS = 3
WITHIN_HOUR, WITHIN_DAY, LATER = 0, 1, 2


NUMBERS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
NUMBERS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True, slots=True)
class Promise:
    days: int
    working: bool
    # False when the promise is shorter than a day ("within 1 hour"): the report keeps days
    # only, so it can say "read on the day it arrived", never "within the promise".
    whole_days: bool = True

    def elapsed(self, first: date, last: date) -> int:
        """Days from `first` to `last` (working days when the promise is in working days)."""
        if self.working:
            return int(np.busday_count(first, last)) if last > first else 0
        return max(0, (last - first).days)


def promise_of(response_time: str) -> Promise:
    """The council's promise in (working) days: "within 3 working days" -> 3 working days,
    "within two weeks" -> 14 days, "the same working day" -> 0, "the next working day" -> 1,
    "within 48 hours" -> 2 days; "within 1 hour" is shorter than the days the report counts;
    nothing readable -> 3 working days (the common promise)."""
    text = response_time.lower()
    working = "working" in text or "business" in text
    if "same day" in text or "same working day" in text or "today" in text:
        return Promise(0, working)
    if "next" in text and "day" in text:
        return Promise(1, working)
    found = re.search(r"\d+", text)
    words = re.findall(r"[a-z]+", text)
    number = int(found.group()) if found else next((NUMBERS[w] for w in words if w in NUMBERS), 0)
    if number == 0:
        return Promise(DEFAULT_PROMISE_DAYS, True)
    if "minute" in text or ("hour" in text and number < 24):
        return Promise(0, False, whole_days=False)
    if "hour" in text:
        # Days are counted by date: a message read two dates later may have waited 71 hours,
        # so "48 hours" is kept only when it was read by the next date.
        return Promise(max(0, number // 24 - 1), False)
    if "week" in text:
        return Promise(number * (5 if working else 7), working)
    return Promise(number, working)


@dataclass(frozen=True, slots=True)
class Heard:
    """What the report says about hearing the period's messages (all counts suppressed)."""

    promise: Promise
    # Messages the board's numbers count (not urgent): read in time, later, not yet.
    in_time: Shown
    late: Shown
    unread: Shown
    # Days (working days, if so promised) from arriving to first being read: the middle
    # value, or None when fewer than five were read (too few to say).
    median_days: int | None
    # Urgent messages, by how long they waited for a decision.
    within_hour: Shown
    within_day: Shown
    later: Shown
    waiting: Shown
    # "Contact me": asked, reached, not reached (could not be reached, or it ran out), open.
    contact_asked: Shown
    reached: Shown
    not_reached: Shown
    trying: Shown

    # "Every one" is said only of a count of five or more (the total beside it is printed); it
    # tells no more than the total does, even where the table hides the zeros behind it.
    @property
    def all_in_time(self) -> bool:
        return self.late.value == self.unread.value == 0 and self.in_time.value >= SMALL_NUMBER

    @property
    def none_read(self) -> bool:
        return self.in_time.value == self.late.value == 0

    @property
    def all_within_hour(self) -> bool:
        counts = (self.within_day, self.later, self.waiting)
        return all(c.value == 0 for c in counts) and self.within_hour.value >= SMALL_NUMBER


def heard_of(rows: Sequence[HeardRow], response_time: str) -> Heard:
    promise = promise_of(response_time)
    reading = {"in_time": 0, "late": 0, "unread": 0}
    days: list[tuple[int, int]] = []
    deciding = {"hour": 0, "day": 0, "later": 0, "waiting": 0}
    contact = {"reached": 0, "not_reached": 0, "trying": 0}
    for row in rows:
        if row.contact == "contacted":
            contact["reached"] += row.count
        elif row.contact in ("unreachable", "expired"):
            contact["not_reached"] += row.count
        elif row.contact == "requested":
            contact["trying"] += row.count
        if row.urgent:
            deciding[_decided(row)] += row.count
        elif row.read_on is None:
            reading["unread"] += row.count
        else:
            took = promise.elapsed(row.created_on, row.read_on)
            reading["in_time" if took <= promise.days else "late"] += row.count
            days.append((took, row.count))
    read, decided, contacted = suppress(reading), suppress(deciding), suppress(contact)
    return Heard(
        promise=promise,
        in_time=read["in_time"],
        late=read["late"],
        unread=read["unread"],
        median_days=_median(days),
        within_hour=decided["hour"],
        within_day=decided["day"],
        later=decided["later"],
        waiting=decided["waiting"],
        contact_asked=shown(sum(contact.values())),
        reached=contacted["reached"],
        not_reached=contacted["not_reached"],
        trying=contacted["trying"],
    )


def _decided(row: HeardRow) -> str:
    if row.undecided:
        return "waiting"
    if row.waited == WITHIN_HOUR:
        return "hour"
    if row.waited == WITHIN_DAY:
        return "day"
    return "later"  # a day or more, or decided before waits were counted: never claimed fast


def _median(days: Sequence[tuple[int, int]]) -> int | None:
    """The middle value (the lower of the two middle ones), weighting each value by its count."""
    total = sum(count for _, count in days)
    if total < SMALL_NUMBER:
        return None
    middle, seen = (total - 1) // 2, 0
    for value, count in sorted(days):
        seen += count
        if seen > middle:
            return value
    return None  # unreachable: the counts add up to the total
