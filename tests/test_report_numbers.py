"""The board report's numbers: an attacker who reads every printed figure can never work out a
hidden count, in any period of the trend; and what the report says about hearing young people
is computed from the records (bot/services/report_heard.py), never a fixed sentence."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.report_heard import Promise, heard_of, promise_of
from bot.services.suppression import SMALL_NUMBER, Shown, listable, safe, suppress
from bot.store import HeardRow

FEWER, NOT_SHOWN, AT_LEAST = "fewer than 5", "not shown", "at least {n}"


def printed(group: dict[str, Shown], *, floors: bool = True) -> dict[str, str]:
    at_least = AT_LEAST if floors else ""
    return {key: value.as_text(FEWER, NOT_SHOWN, at_least) for key, value in group.items()}


def exact(text: str) -> bool:
    return text.isdigit()


def what_an_attacker_can_work_out(
    labels: dict[str, str], total: int, known: dict[str, int] | None = None
) -> dict[str, set[int]]:
    """Every value each hidden cell could have, by trying every assignment that fits what is
    printed, read as strongly as the words allow: "fewer than 5" is 0 to 4, "at least N" is N
    or more (and never below 5: only counts of 5 or more are hidden to protect others), "not
    shown" any number, and `known` lower bounds (quotes or questions listed) hold too; the
    total is printed (it is 5 or more whenever anything can be worked out from it)."""
    known = known or {}
    hidden = [key for key, text in labels.items() if not exact(text)]
    rest = total - sum(int(text) for key, text in labels.items() if key not in hidden)

    def choices(key: str) -> range:
        text, least = labels[key], known.get(key, 0)
        if text == FEWER:
            return range(least, SMALL_NUMBER)
        if text.startswith("at least "):
            return range(max(least, SMALL_NUMBER, int(text.removeprefix("at least "))), rest + 1)
        return range(least, rest + 1)

    ranges = [choices(k) for k in hidden]
    possible: dict[str, set[int]] = {key: set() for key in hidden}
    for values in itertools.product(*ranges):
        if sum(values) == rest:
            for key, value in zip(hidden, values, strict=True):
                possible[key].add(value)
    return possible


groups = st.dictionaries(
    st.sampled_from("abcd"), st.integers(min_value=0, max_value=9), min_size=1, max_size=4
)


@settings(max_examples=400, deadline=None)
@given(groups, st.dictionaries(st.sampled_from("abcd"), st.integers(min_value=0, max_value=3)))
def test_no_hidden_count_can_be_worked_out_from_the_printed_figures(
    group: dict[str, int], listed: dict[str, int]
) -> None:
    # What the report lists elsewhere (quotes, questions), cut down to what it may list.
    known = listable(group, {key: n for key, n in listed.items() if key in group})
    assert all(known[key] <= min(n, group[key]) for key, n in listed.items() if key in group)
    result = suppress(group, known)
    total = sum(group.values())
    labels = printed(result)

    assert all(v.hidden for v in result.values() if v.value < SMALL_NUMBER)  # never a small one
    if total < SMALL_NUMBER:
        return  # the total is "fewer than 5" itself: nothing to subtract from
    found = what_an_attacker_can_work_out(labels, total, known)
    for key, values in found.items():
        assert len(values) >= 2, (group, known, labels, key, values)
        assert group[key] in values  # and the truth is among them: nothing printed is false
    # "at least N" only says what the other figures already say: it narrows nothing.
    plain = {k: "at least 5" if v.startswith("at least") else v for k, v in labels.items()}
    assert found == what_an_attacker_can_work_out(plain, total, known)


def test_a_lone_protecting_count_says_the_least_it_can_be() -> None:
    result = suppress({"feedback": 141, "questions": 4})

    assert printed(result) == {"feedback": "at least 141", "questions": FEWER}


@settings(max_examples=200, deadline=None)
@given(st.lists(groups, min_size=4, max_size=4))
def test_a_four_period_series_hides_each_period_on_its_own_terms(
    series: list[dict[str, int]],
) -> None:
    """Periods share no total (no line of the trend is added up across periods), so each
    period is safe exactly when its own column is."""
    for column in series:
        result = suppress(column)
        total = sum(column.values())
        if total >= SMALL_NUMBER:
            found = what_an_attacker_can_work_out(printed(result), total)
            assert all(len(values) >= 2 for values in found.values())


def test_two_fours_beside_a_total_of_eight_are_both_not_shown() -> None:
    """Both small and both at the top of "fewer than 5": 8 would give them away, and nothing
    is left to hide in their place, so both are printed as "not shown" (any number)."""
    result = suppress({"feedback": 4, "questions": 4})

    assert printed(result) == {"feedback": NOT_SHOWN, "questions": NOT_SHOWN}


def test_a_zero_beside_an_exact_five_is_protected_by_more_than_the_five() -> None:
    result = suppress({"a": 0, "b": 5, "c": 12})

    assert printed(result)["a"] == FEWER
    assert len(what_an_attacker_can_work_out(printed(result), 17)["a"]) >= 2


def test_the_check_fails_on_a_lone_hidden_count() -> None:
    assert not safe({"a": 2, "b": 10}, {"a"}, set())
    assert safe({"a": 2, "b": 10}, {"a"}, {"b"})


# --------------------------------------------------------------------------------------------
# How young people were heard, from the records

MON = date(2026, 9, 28)  # a Monday


def row(
    created: date,
    read: date | None = None,
    *,
    urgent: bool = False,
    undecided: bool = False,
    waited: int | None = None,
    contact: str | None = None,
    count: int = 1,
) -> HeardRow:
    return HeardRow(urgent, undecided, created, read, waited, contact, count)


def test_the_promise_is_read_from_the_councils_own_words() -> None:
    assert promise_of("within 3 working days") == Promise(3, True)
    assert promise_of("within 5 days") == Promise(5, False)
    assert promise_of("within two working days") == Promise(2, True)
    assert promise_of("within a week") == Promise(7, False)
    assert promise_of("within 2 working weeks") == Promise(10, True)
    assert promise_of("the same working day") == Promise(0, True)
    assert promise_of("by the next working day") == Promise(1, True)
    # Days are counted by date: 48 hours is kept only when read by the next date.
    assert promise_of("within 48 hours") == Promise(1, False)
    assert promise_of("as soon as we can") == Promise(3, True)


def test_a_promise_shorter_than_a_day_is_never_claimed_as_kept() -> None:
    """The report keeps days, not hours: it can say "read on the day it arrived", never
    "read within the promise (within 1 hour)"."""
    assert promise_of("within 1 hour") == Promise(0, False, whole_days=False)
    assert promise_of("within 10 minutes") == Promise(0, False, whole_days=False)
    heard = heard_of([row(MON, MON, count=5)], "within 1 hour")
    assert not heard.promise.whole_days


def test_working_days_skip_the_weekend() -> None:
    friday = date(2026, 10, 2)
    promise = Promise(3, True)

    assert promise.elapsed(friday, friday) == 0
    assert promise.elapsed(friday, date(2026, 10, 5)) == 1  # read on Monday
    assert promise.elapsed(friday, date(2026, 10, 8)) == 4  # Thursday: late
    assert Promise(3, False).elapsed(friday, date(2026, 10, 5)) == 3


def test_reading_is_counted_against_the_promise() -> None:
    rows = [
        row(MON, MON, count=6),  # same day
        row(MON, date(2026, 10, 1), count=5),  # Thursday: 3 working days, in time
        row(MON, date(2026, 10, 2), count=7),  # Friday: 4 working days, late
        row(MON, None, count=8),
    ]

    heard = heard_of(rows, "within 3 working days")

    assert (heard.in_time, heard.late, heard.unread) == (
        Shown(11, False),
        Shown(7, False),
        Shown(8, False),
    )
    assert heard.median_days == 3  # 6 x 0, 5 x 3, 7 x 4: the middle of 18 is the 9th, a 3
    assert not heard.all_in_time
    assert not heard.none_read


def test_nothing_read_is_never_called_all_read() -> None:
    heard = heard_of([row(MON, None, count=9)], "within 3 working days")

    assert heard.none_read
    assert not heard.all_in_time
    assert heard.median_days is None  # nothing read: no usual time to give


def test_all_read_in_time_says_so_only_when_the_count_is_printed() -> None:
    assert heard_of([row(MON, MON, count=5)], "within 3 working days").all_in_time
    assert not heard_of([row(MON, MON, count=4)], "within 3 working days").all_in_time


def test_fewer_than_five_read_gives_no_usual_time() -> None:
    heard = heard_of([row(MON, MON, count=4), row(MON, None, count=9)], "within 3 days")

    assert heard.median_days is None


def test_urgent_messages_are_counted_by_how_long_they_waited() -> None:
    rows = [
        row(MON, MON, urgent=True, waited=0, count=5),
        row(MON, MON, urgent=True, waited=1, count=6),
        row(MON, MON, urgent=True, waited=2, count=7),
        row(MON, MON, urgent=True, waited=None, count=1),  # decided before waits were counted
        row(MON, None, urgent=True, undecided=True, waited=2, count=8),
    ]

    heard = heard_of(rows, "within 3 working days")

    assert [heard.within_hour.value, heard.within_day.value, heard.later.value] == [5, 6, 8]
    assert heard.waiting.value == 8
    assert not heard.all_within_hour
    assert heard.in_time.value == 0  # urgent ones are not in the board's reading counts


def test_every_urgent_message_within_the_hour_says_so() -> None:
    heard = heard_of([row(MON, MON, urgent=True, waited=0, count=5)], "within 3 working days")

    assert heard.all_within_hour


def test_contact_requests_are_counted_by_what_happened() -> None:
    rows = [
        row(MON, MON, contact="contacted", count=6),
        row(MON, MON, contact="unreachable", count=3),
        row(MON, MON, contact="expired", count=3),
        row(MON, None, contact="requested", count=5),
    ]

    heard = heard_of(rows, "within 3 working days")

    assert heard.contact_asked == Shown(17, False)
    assert (heard.reached, heard.not_reached, heard.trying) == (
        Shown(6, False),
        Shown(6, False),
        Shown(5, False),
    )
