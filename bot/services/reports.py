"""Reports: the board's "voice of the child" report model, built from counts and approved text.

Nothing that could identify a child reaches it: only officer-approved board text is quoted,
safeguarding items are a single count, and every number below five is shown as "fewer than 5"
— together with a second number wherever the first could otherwise be worked out by subtraction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.content import Content
from bot.domain import (
    OPEN_STATUSES,
    Action,
    Audience,
    Clock,
    CountRow,
    ItemKind,
    ItemStatus,
    local_today,
)
from bot.services.meetings import MeetingsService
from bot.store import Store

SMALL_NUMBER = 5
QUOTES_PER_THEME = 3
NOT_SURE = ""
DEFAULT_PERIOD_DAYS = 91

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Shown:
    """A count as the board may see it: the number, "fewer than 5", or (when it would let a
    small number be worked out by subtraction) "not shown"."""

    value: int
    hidden: bool
    protecting: bool = False

    def as_text(self, fewer_than: str, not_shown: str) -> str:
        if self.protecting:
            return not_shown
        return fewer_than if self.hidden else str(self.value)


def suppress(group: Mapping[K, int]) -> dict[K, Shown]:
    """Hide counts below SMALL_NUMBER. If exactly one would be hidden in a group whose total is
    known, hide the next smallest too, so the hidden one cannot be worked out by subtraction."""
    small = {key for key, value in group.items() if value < SMALL_NUMBER}
    protecting: set[K] = set()
    if len(small) == 1 and len(group) > 1:
        visible = sorted(((v, str(k), k) for k, v in group.items() if k not in small))
        protecting.add(visible[0][2])
    return {
        key: Shown(value, key in small or key in protecting, key in protecting)
        for key, value in group.items()
    }


def shown(value: int) -> Shown:
    return Shown(value, value < SMALL_NUMBER)


@dataclass(frozen=True, slots=True)
class ThemeRow:
    theme: str
    label: str
    now: Shown
    before: Shown
    quotes: tuple[str, ...]

    @property
    def change(self) -> int | None:
        """None when either count is hidden: a difference would reveal it."""
        if self.now.hidden or self.before.hidden:
            return None
        return self.now.value - self.before.value


@dataclass(frozen=True, slots=True)
class QuestionRow:
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Review:
    """What officers did with the period's messages, counted rather than promised.

    `read`/`unread` cover the messages the board's numbers count (not the urgent ones, whose
    total is shown on its own); `same_day`/`later`/`waiting` cover the urgent ones, by the day
    an officer first decided each (dates are kept to the day). `all_read` and `all_same_day`
    say the whole of a count that is itself shown: a sentence about "every one" never reveals
    more than the total beside it.
    """

    read: Shown
    unread: Shown
    all_read: bool
    same_day: Shown
    later: Shown
    waiting: Shown
    all_same_day: bool


@dataclass(frozen=True, slots=True)
class Report:
    council: str
    board: str
    first: date
    last: date
    previous_first: date
    previous_last: date
    made_on: date
    total: Shown
    by_kind: dict[ItemKind, Shown]
    by_audience: dict[Audience, Shown]
    on_behalf: Shown
    themes: tuple[ThemeRow, ...]
    questions: tuple[QuestionRow, ...]
    safeguarding: Shown
    review: Review
    actions: tuple[Action, ...]
    # Officers' marks on the safety screen for the period's messages (counts, never text).
    missed: Shown = field(default_factory=lambda: shown(0))
    false_alarms: Shown = field(default_factory=lambda: shown(0))

    @property
    def empty(self) -> bool:
        return self.total.value == 0 and self.safeguarding.value == 0


class ReportService:
    def __init__(
        self,
        store: Store,
        content: Content,
        meetings: MeetingsService,
        clock: Clock,
        zone: ZoneInfo,
    ) -> None:
        self._store = store
        self._content = content
        self._meetings = meetings
        self._clock = clock
        self._zone = zone

    def today(self) -> date:
        return local_today(self._clock, self._zone)

    async def meeting_due_a_report(self, days_before: int) -> date | None:
        """The meeting whose report should go out today, if it has not gone already."""
        today = self.today()
        for meeting in self._meetings.upcoming(limit=3):
            due = meeting.day - timedelta(days=days_before) == today
            if due and await self._store.get_meta(_sent_key(meeting.day)) is None:
                return meeting.day
        return None

    async def mark_sent(self, meeting_day: date) -> None:
        await self._store.set_meta(_sent_key(meeting_day), self.today().isoformat())

    def default_period(self) -> tuple[date, date]:
        """Since the last board meeting (or the last quarter if there was none), to today."""
        today = self.today()
        previous = self._meetings.previous_meeting()
        first = (
            previous + timedelta(days=1)
            if previous
            else today - timedelta(days=DEFAULT_PERIOD_DAYS)
        )
        return min(first, today), today

    async def build(self, first: date | None = None, last: date | None = None) -> Report:
        if first is None or last is None:
            default_first, default_last = self.default_period()
            first, last = first or default_first, last or default_last
        if last < first:
            first, last = last, first
        length = last - first + timedelta(days=1)
        previous_last = first - timedelta(days=1)
        previous_first = previous_last - length + timedelta(days=1)
        rows = await self._store.count_items(first, last)
        previous = await self._store.count_items(previous_first, previous_last)
        quotes = await self._store.approved_quotes(first, last, QUOTES_PER_THEME)
        answered = await self._store.answered_questions(first, last)
        actions = await self._store.list_actions(limit=30)
        review = review_of(await self._store.review_rows(first, last))
        marks = await self._store.count_screen_marks(first, last)
        board_rows = [r for r in rows if not r.urgent]
        return Report(
            council=self._content.council.name,
            board=self._content.meetings.board_name,
            first=first,
            last=last,
            previous_first=previous_first,
            previous_last=previous_last,
            made_on=self.today(),
            total=shown(_sum(board_rows)),
            by_kind=suppress(_tally(board_rows, lambda r: r.kind, list(ItemKind))),
            by_audience=suppress(_tally(board_rows, lambda r: r.audience, list(Audience))),
            on_behalf=self._on_behalf(board_rows),
            themes=self._themes(board_rows, [r for r in previous if not r.urgent], quotes),
            questions=tuple(
                self._question(item.board_text, item.theme, item.answer) for item in answered
            ),
            safeguarding=shown(_sum(r for r in rows if r.urgent)),
            review=review,
            actions=tuple(actions),
            missed=shown(marks.get("missed", 0)),
            false_alarms=shown(marks.get("false_alarm", 0)),
        )

    def _on_behalf(self, rows: Sequence[CountRow]) -> Shown:
        carers = [r for r in rows if r.audience is Audience.CARER]
        passed_on = _sum(r for r in carers if r.on_behalf)
        # Carers' own views = carers - passed on; hide both together if either is small.
        pair = suppress({"passed_on": passed_on, "own": _sum(carers) - passed_on})
        return pair["passed_on"]

    def _themes(
        self,
        rows: Sequence[CountRow],
        previous: Sequence[CountRow],
        quotes: Sequence[tuple[str | None, str]],
    ) -> tuple[ThemeRow, ...]:
        labels = self._content.themes.labels()
        order = [*labels, NOT_SURE]
        known = set(labels)
        now = suppress(_tally(rows, lambda r: _theme(r.theme, known), order))
        before = suppress(_tally(previous, lambda r: _theme(r.theme, known), order))
        quoted: dict[str, list[str]] = defaultdict(list)
        for theme, text in quotes:
            quoted[_theme(theme, known)].append(text)
        not_sure = self._content.texts.report_not_sure.for_(Audience.IN_CARE)
        themes = [
            ThemeRow(
                theme=key,
                label=labels.get(key, not_sure),
                now=now[key],
                before=before[key],
                quotes=tuple(quoted.get(key, ())),
            )
            for key in order
        ]
        return tuple(sorted(themes, key=lambda t: (-t.now.value, order.index(t.theme))))

    def _question(
        self, board_text: str | None, theme: str | None, answer: str | None
    ) -> QuestionRow:
        labels = self._content.themes.labels()
        about = self._content.texts.we_did_question_about.for_(Audience.IN_CARE)
        label = labels.get(theme or "", "").lower() or "something"
        return QuestionRow(question=board_text or about.format(theme=label), answer=answer or "")


def review_of(rows: Sequence[tuple[bool, ItemStatus, bool, date, date | None]]) -> Review:
    """Count what was read and how soon urgent items were decided, with small numbers hidden."""
    read = unread = same_day = later = waiting = 0
    for urgent, status, acknowledged, arrived, decided_on in rows:
        if urgent:
            if status in OPEN_STATUSES:
                waiting += 1
            elif decided_on == arrived:
                same_day += 1
            else:  # a later day, or no record of the day: never claimed as "the same day"
                later += 1
        elif acknowledged or status is not ItemStatus.RECEIVED:
            read += 1
        else:
            unread += 1
    reading = suppress({"read": read, "unread": unread})
    deciding = suppress({"same_day": same_day, "later": later, "waiting": waiting})
    return Review(
        read=reading["read"],
        unread=reading["unread"],
        all_read=unread == 0 and not shown(read).hidden,
        same_day=deciding["same_day"],
        later=deciding["later"],
        waiting=deciding["waiting"],
        all_same_day=later == waiting == 0 and not shown(same_day).hidden,
    )


def _sent_key(meeting_day: date) -> str:
    return f"report_sent:{meeting_day.isoformat()}"


def _theme(theme: str | None, known: set[str]) -> str:
    return theme if theme in known else NOT_SURE


def _sum(rows: Iterable[CountRow]) -> int:
    return sum(r.count for r in rows)


def _tally(
    rows: Sequence[CountRow], key: Callable[[CountRow], K], order: Sequence[K]
) -> dict[K, int]:
    counts: dict[K, int] = dict.fromkeys(order, 0)
    for row in rows:
        counts[key(row)] += row.count
    return counts
