"""Reports: the board's "voice of the child" report model, built from counts and approved text.

Nothing that could identify a child reaches it: only officer-approved board text is quoted,
safeguarding items are a single count, and every number below five is shown as "fewer than 5"
— together with a second number wherever the first could otherwise be worked out by subtraction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.content import Content
from bot.domain import (
    Action,
    ActionStatus,
    Audience,
    Clock,
    CountRow,
    ItemKind,
    local_today,
)
from bot.services.meetings import MeetingsService
from bot.services.report_heard import Heard, heard_of
from bot.services.suppression import SMALL_NUMBER, Shown, listable, shown, suppress
from bot.store import Store

__all__ = ["SMALL_NUMBER", "Report", "ReportService", "Shown", "ThemeRow", "shown", "suppress"]

QUOTES_PER_THEME = 3
NOT_SURE = ""
OTHER = "other"
PERIODS = 4  # the trend: this period and the three before it, each of the same length
DEFAULT_PERIOD_DAYS = 91

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class ThemeRow:
    """One line of the trend: a theme's counts in each period, oldest first (the last is the
    report's own period). Themes with nothing to show in any period share one "Other" line."""

    theme: str
    label: str
    counts: tuple[Shown, ...]

    @property
    def now(self) -> Shown:
        return self.counts[-1]

    @property
    def before(self) -> Shown:
        return self.counts[-2]


@dataclass(frozen=True, slots=True)
class QuestionRow:
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Report:
    council: str
    board: str
    first: date
    last: date
    # The trend's periods, oldest first; the last is (first, last).
    periods: tuple[tuple[date, date], ...]
    period_totals: tuple[Shown, ...]
    made_on: date
    total: Shown
    by_kind: dict[ItemKind, Shown]
    by_audience: dict[Audience, Shown]
    on_behalf: Shown
    themes: tuple[ThemeRow, ...]
    # Approved words by theme name: (label, words), for "In their own words".
    quotes: tuple[tuple[str, tuple[str, ...]], ...]
    questions: tuple[QuestionRow, ...]
    safeguarding: Shown
    heard: Heard
    actions: tuple[Action, ...]
    # What young people said that each action answers: approved board words, by action id.
    said: dict[int, str] = field(default_factory=dict)
    # Officers' marks on the safety screen for the period's messages (counts, never text).
    missed: Shown = field(default_factory=lambda: shown(0))
    false_alarms: Shown = field(default_factory=lambda: shown(0))

    @property
    def previous_first(self) -> date:
        return self.periods[-2][0]

    @property
    def previous_last(self) -> date:
        return self.periods[-2][1]

    @property
    def done(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.status is ActionStatus.DONE)

    @property
    def still_open(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.status is not ActionStatus.DONE)

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
        # Earlier periods of the trend only where every message is still kept: a period the
        # retention purge has emptied would show a fall that never happened.
        kept_from = self.today() - timedelta(days=self._content.council.retention_days)
        periods = tuple(
            period
            for back in range(PERIODS - 1, -1, -1)
            if (period := _back(first, last, back)) and (back == 0 or period[0] >= kept_from)
        )
        every = [await self._store.count_items(*period) for period in periods]
        series = [[r for r in rows_ if not r.urgent] for rows_ in every]
        rows, board_rows = every[-1], series[-1]
        quotes = await self._store.approved_quotes(first, last, QUOTES_PER_THEME)
        answered = await self._store.answered_questions(first, last)
        actions = await self._store.list_actions(limit=30)
        said = await self._store.words_behind_actions()
        heard = heard_of(
            await self._store.heard_rows(first, last), self._content.council.response_time
        )
        marks = await self._store.count_screen_marks(first, last)
        themes, quoted = self._themes(series, quotes)
        # Each answered question listed is a question counted: listed and counted together.
        kinds = _tally(board_rows, lambda r: r.kind, list(ItemKind))
        listed = listable(kinds, {ItemKind.QUESTION: len(answered)})
        return Report(
            council=self._content.council.name,
            board=self._content.meetings.board_name,
            first=first,
            last=last,
            periods=periods,
            period_totals=tuple(shown(_sum(rows_)) for rows_ in series),
            made_on=self.today(),
            total=shown(_sum(board_rows)),
            by_kind=suppress(kinds, listed),
            by_audience=suppress(_tally(board_rows, lambda r: r.audience, list(Audience))),
            on_behalf=self._on_behalf(board_rows),
            themes=themes,
            quotes=quoted,
            questions=tuple(
                self._question(item.board_text, item.theme, item.answer)
                for item in answered[: listed[ItemKind.QUESTION]]
            ),
            safeguarding=shown(_sum(r for r in rows if r.urgent)),
            heard=heard,
            actions=tuple(actions),
            said={a.id: said[a.id] for a in actions if a.id in said},
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
        self, series: Sequence[Sequence[CountRow]], quotes: Sequence[tuple[str | None, str]]
    ) -> tuple[tuple[ThemeRow, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
        labels = self._content.themes.labels()
        known = set(labels)
        order = [*labels, NOT_SURE]
        tallies = [_tally(rows, lambda r: _theme(r.theme, known), order) for rows in series]
        # A theme with nothing to show in any period (below five every time) joins "Other".
        folded = {t for t in order if all(tally[t] < SMALL_NUMBER for tally in tallies)}
        lines = [t for t in order if t not in folded] + ([OTHER] if folded else [])
        # Approved words under their line: a folded theme's under "Other themes" (its own
        # name would say it had messages), at most QUOTES_PER_THEME a line.
        quoted: dict[str, list[str]] = defaultdict(list)
        for theme, text in quotes:
            line = OTHER if _theme(theme, known) in folded else _theme(theme, known)
            if len(quoted[line]) < QUOTES_PER_THEME:
                quoted[line].append(text)
        columns = []
        for index, tally in enumerate(tallies):
            group = {t: tally[t] for t in lines if t != OTHER}
            if folded:
                group[OTHER] = sum(tally[t] for t in folded)
            if index == len(tallies) - 1:
                # Each quote listed says "at least one message" about its line: the words
                # shown and the counts printed are checked together (a tiny period may show
                # fewer quotes than it has).
                allowed = listable(group, {t: len(quoted[t]) for t in group if quoted.get(t)})
                quoted = defaultdict(list, {t: quoted[t][: allowed.get(t, 0)] for t in quoted})
                columns.append(suppress(group, allowed))
            else:
                columns.append(suppress(group))  # each period's total is printed beside it
        t = self._content.texts
        names = {
            **labels,
            NOT_SURE: t.report_not_sure.for_(Audience.IN_CARE),
            OTHER: t.report_other_themes.for_(Audience.IN_CARE),
        }
        themes = [
            ThemeRow(
                theme=key,
                label=names[key],
                counts=tuple(column[key] for column in columns),
            )
            for key in lines
        ]
        place = {key: index for index, key in enumerate(lines)}
        # Largest first by what is printed only: ordering hidden counts by their true values
        # would tell a reader which of two "fewer than 5" is bigger.
        rows = sorted(themes, key=lambda r: (r.theme == OTHER, -_printed(r.now), place[r.theme]))
        said = [r.theme for r in rows]  # in the order of the lines above
        return tuple(rows), tuple((names[t], tuple(quoted[t])) for t in said if quoted.get(t))

    def _question(
        self, board_text: str | None, theme: str | None, answer: str | None
    ) -> QuestionRow:
        labels = self._content.themes.labels()
        about = self._content.texts.we_did_question_about.for_(Audience.IN_CARE)
        found = labels.get(theme or "", "")
        label = found[:1].lower() + found[1:] if found else "something"
        return QuestionRow(question=board_text or about.format(theme=label), answer=answer or "")


def _printed(count: Shown) -> int:
    return 0 if count.hidden else count.value


def _back(first: date, last: date, periods: int) -> tuple[date, date] | None:
    """The period `periods` lengths before (first, last), or None before the calendar begins
    (a report "from 0001-01-01" has no earlier periods for its trend)."""
    length = last - first + timedelta(days=1)
    try:
        return first - length * periods, last - length * periods
    except OverflowError:
        return None


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
