"""Report rendering: one report model -> the words the board reads -> HTML or CSV. The PDF is
the same HTML printed by WeasyPrint (report_pdf), so every format has one layout and one set of
words, all from texts.yaml.

HTML is self-contained (inline CSS and SVG, no scripts, autoescaped); the CSV neutralises
spreadsheet formulas and carries the same figures as the tables.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.content import Content, Wording
from bot.content.texts import Texts
from bot.domain import Action, ActionStatus, Audience, ItemKind
from bot.formatting import nice_date
from bot.services.export import neutralise
from bot.services.report_heard import Heard
from bot.services.reports import SMALL_NUMBER, Report, Shown

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
FONTS = PACKAGE / "fonts"
# The chart: Okabe-Ito colours (safe for colour-blind readers), one per period, oldest first.
PERIOD_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2")
LABEL_WIDTH = 230
BAR_ROOM = 400
CHART_WIDTH = LABEL_WIDTH + BAR_ROOM + 110
BAR_HEIGHT = 11
BAR_GAP = 3
GROUP_GAP = 14


@dataclass(frozen=True, slots=True)
class Bar:
    y: int
    width: float  # a shown count's length; a hidden one's is the whole "fewer than 5" band
    text: str
    colour: str
    band: bool  # "fewer than 5": a dashed band over 0 to 5, never a bar of some length
    withheld: bool  # "not shown": nothing is drawn but the words


@dataclass(frozen=True, slots=True)
class BarGroup:
    label: str
    label_y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    label_width: int
    groups: tuple[BarGroup, ...]


@dataclass(frozen=True, slots=True)
class TrendLine:
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActionLine:
    said: str
    what: str
    status: str
    day: str


@dataclass(frozen=True, slots=True)
class ReportWords:
    """Everything a renderer prints, already worded; renderers only lay it out."""

    report: Report
    w: dict[str, str]
    numbers: list[tuple[str, str]]
    periods: list[tuple[str, str]]  # (column heading, colour)
    trend: list[TrendLine]
    trend_total: TrendLine
    chart: Chart
    quotes: list[tuple[str, tuple[str, ...]]]
    questions: list[tuple[str, str]]
    heard: list[tuple[str, str]]
    done: list[ActionLine]
    still_open: list[ActionLine]
    footer_css: str  # the page footer as a CSS string (every character escaped)
    marking_css: str  # the protective marking at the top of every page, likewise
    page_css: str  # "Page N of M" as CSS content


def words_for(report: Report, content: Content) -> ReportWords:
    t = content.texts

    def say(wording: Wording, **values: object) -> str:
        return wording.for_(Audience.IN_CARE).format(**values)

    fewer = say(t.report_fewer_than, small=SMALL_NUMBER)
    not_shown = say(t.report_change_hidden)
    at_least = t.report_at_least.for_(Audience.IN_CARE)

    def count(value: Shown) -> str:
        return value.as_text(fewer, not_shown, at_least)

    columns = [
        say(t.report_period_column, first=_short(a), last=_short(b)) for a, b in report.periods
    ]
    promise = content.council.response_time
    period = say(t.report_period, first=nice_date(report.first), last=nice_date(report.last))
    title = say(t.report_title)
    w = {
        "title": title,
        "subtitle": say(t.report_subtitle, council=report.council, board=report.board),
        "period": period,
        "made": say(t.report_made, date=nice_date(report.made_on)),
        "marking": content.council.report_marking,
        "headline": say(t.report_headline),
        "empty": say(t.report_empty),
        "themes": say(t.report_themes),
        "themes_intro": say(t.report_themes_intro),
        "theme_column": say(t.report_theme_column),
        "chart_title": say(t.report_chart_title),
        "chart_description": say(t.report_chart_description, periods="; ".join(columns)),
        "chart_legend": say(t.report_chart_legend),
        "fewer_than": fewer,
        "quotes": say(t.report_quotes),
        "no_quotes": say(t.report_no_quotes),
        "questions": say(t.report_questions),
        "question_label": say(t.report_question_label),
        "answer_label": say(t.report_answer_label),
        "no_questions": say(t.report_no_questions),
        "heard": say(t.report_heard),
        "heard_intro": _heard_intro(report, say, t, promise),
        "measure_column": say(t.report_measure_column),
        "count_column": say(t.report_count_column),
        "safeguarding": say(t.report_safeguarding),
        "safeguarding_count": say(
            t.report_safeguarding_count,
            count=count(report.safeguarding),
            decided=_decided(report.heard, say, t, count),
        ),
        "we_did": say(t.report_we_did),
        "we_did_done": say(t.report_we_did_done),
        "we_did_open": say(t.report_we_did_open),
        "said_column": say(t.report_said_column),
        "what_done_column": say(t.report_what_done_column),
        "status_column": say(t.report_status_column),
        "date_column": say(t.report_date_column),
        "no_actions": say(t.report_no_actions),
        "no_open_actions": say(t.report_no_open_actions),
        "method": say(t.report_method),
        "method_text": say(t.report_method_text, small=SMALL_NUMBER)
        + " "
        + say(
            t.report_screen_marks,
            missed=count(report.missed),
            false_alarms=count(report.false_alarms),
        ),
    }
    numbers = [
        (say(t.report_total), count(report.total)),
        (say(t.report_feedback), count(report.by_kind[ItemKind.FEEDBACK])),
        (say(t.report_questions_count), count(report.by_kind[ItemKind.QUESTION])),
        (say(t.report_in_care), count(report.by_audience[Audience.IN_CARE])),
        (say(t.report_care_leaver), count(report.by_audience[Audience.CARE_LEAVER])),
        (say(t.report_carer), count(report.by_audience[Audience.CARER])),
        (say(t.report_on_behalf), count(report.on_behalf)),
    ]
    labels = content.themes.labels()
    statuses = {
        ActionStatus.PLANNED: say(t.we_did_planned),
        ActionStatus.IN_PROGRESS: say(t.we_did_in_progress),
        ActionStatus.DONE: say(t.we_did_done),
    }

    def action(a: Action) -> ActionLine:
        theme = labels.get(a.theme, a.theme)
        said = report.said.get(a.id)
        return ActionLine(
            said=f"{theme}: “{said}”" if said else theme,
            what=a.what,
            status=statuses[a.status],
            day=nice_date(a.updated_on),
        )

    page = say(t.report_page, page="\0", pages="\1")
    return ReportWords(
        report=report,
        w=w,
        numbers=numbers,
        periods=list(zip(columns, _colours(len(columns)), strict=True)),
        trend=[TrendLine(row.label, tuple(count(c) for c in row.counts)) for row in report.themes],
        trend_total=TrendLine(
            say(t.report_all_messages), tuple(count(c) for c in report.period_totals)
        ),
        chart=_chart(report, count),
        quotes=list(report.quotes),
        questions=[(q.question, q.answer) for q in report.questions],
        heard=_heard_rows(report, say, t, count, promise),
        done=[action(a) for a in report.done],
        still_open=[action(a) for a in report.still_open],
        marking_css=css_string(w["marking"]),
        footer_css=css_string(
            say(t.report_footer, title=title, period=period, marking=w["marking"])
        ),
        page_css=" ".join(
            "counter(page)"
            if part == "\0"
            else "counter(pages)"
            if part == "\1"
            else css_string(part)
            for part in re.split("([\0\1])", page)
            if part
        ),
    )


def _colours(periods: int) -> tuple[str, ...]:
    """The newest period always has the last colour (a trend can have fewer than four)."""
    return PERIOD_COLOURS[len(PERIOD_COLOURS) - periods :]


def _short(day: date) -> str:
    return f"{day.day} {day:%b} {day.year:04d}"


def _heard_intro(report: Report, say: Callable[..., str], t: Texts, promise: str) -> str:
    heard = report.heard
    if report.total.hidden:
        return say(t.report_heard_too_few)
    if heard.none_read:
        return say(t.report_heard_none)
    days = heard.promise.whole_days
    if heard.all_in_time:
        return say(t.report_heard_all if days else t.report_heard_all_day, promise=promise)
    return say(t.report_heard_some if days else t.report_heard_some_day, promise=promise)


def _decided(
    heard: Heard, say: Callable[..., str], t: Texts, count: Callable[[Shown], str]
) -> str:
    if heard.all_within_hour:
        return say(t.report_decided_all)
    return say(
        t.report_decided_some,
        hour=count(heard.within_hour),
        day=count(heard.within_day),
        later=count(heard.later),
        waiting=count(heard.waiting),
    )


def _heard_rows(
    report: Report, say: Callable[..., str], t: Texts, count: Callable[[Shown], str], promise: str
) -> list[tuple[str, str]]:
    heard = report.heard
    if heard.median_days is None:
        median = say(t.report_median_too_few)
    elif heard.median_days == 0:
        median = say(t.report_median_same_day)
    elif heard.promise.working:
        median = (
            say(t.report_median_one_working_day)
            if heard.median_days == 1
            else say(t.report_median_working_days, n=heard.median_days)
        )
    else:
        median = (
            say(t.report_median_one_day)
            if heard.median_days == 1
            else say(t.report_median_days, n=heard.median_days)
        )
    return [
        (
            say(t.report_heard_in_time, promise=promise)
            if heard.promise.whole_days
            else say(t.report_heard_in_time_day),
            count(heard.in_time),
        ),
        (say(t.report_heard_late), count(heard.late)),
        (say(t.report_heard_unread), count(heard.unread)),
        (say(t.report_heard_median), median),
        (say(t.report_heard_within_hour), count(heard.within_hour)),
        (say(t.report_heard_within_day), count(heard.within_day)),
        (say(t.report_heard_later), count(heard.later)),
        (say(t.report_heard_waiting), count(heard.waiting)),
        (say(t.report_heard_asked), count(heard.contact_asked)),
        (say(t.report_heard_reached), count(heard.reached)),
        (say(t.report_heard_not_reached), count(heard.not_reached)),
        (say(t.report_heard_trying), count(heard.trying)),
        (say(t.report_heard_missed), count(report.missed)),
        (say(t.report_heard_false_alarms), count(report.false_alarms)),
    ]


def _chart(report: Report, count: Callable[[Shown], str]) -> Chart:
    # A hidden count is never a bar of some length (0 would look like 4): "fewer than 5" is a
    # dashed band over the whole 0-to-5 range, labelled so; "not shown" draws nothing.
    def drawn(value: Shown) -> int:
        return SMALL_NUMBER if value.hidden else value.value

    biggest = max([drawn(c) for row in report.themes for c in row.counts] + [1])
    groups: list[BarGroup] = []
    y = 4
    for row in report.themes:
        bars = []
        for index, value in enumerate(row.counts):
            bars.append(
                Bar(
                    y=y + index * (BAR_HEIGHT + BAR_GAP),
                    width=round(BAR_ROOM * drawn(value) / biggest, 1),
                    text=count(value),
                    colour=_colours(len(row.counts))[index],
                    band=value.hidden and not value.protecting,
                    withheld=value.protecting,
                )
            )
        height = len(bars) * (BAR_HEIGHT + BAR_GAP)
        groups.append(BarGroup(row.label, y + height // 2 + 4, tuple(bars)))
        y += height + GROUP_GAP
    return Chart(CHART_WIDTH, max(y, 20), LABEL_WIDTH, tuple(groups))


def css_string(text: str) -> str:
    """`text` as a CSS string that nothing in it can break out of (every character that is
    not a letter, digit or space is written as a CSS escape)."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


# --------------------------------------------------------------------------------------------
# HTML


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(words: ReportWords) -> str:
    return _environment().get_template("report.html").render(words=words, w=words.w)


# --------------------------------------------------------------------------------------------
# CSV


def render_csv(words: ReportWords) -> str:
    """The same figures as the tables: one row per line, the four periods as columns."""
    w = words.w
    periods = [label for label, _ in words.periods]
    width = 1 + len(periods)

    def row(section: str, label: str, *values: str) -> list[str]:
        return [section, label, *values, *[""] * (width - 1 - len(values))]

    rows: list[list[str]] = [["section", "label", *periods]]
    rows.append(row("period", w["period"]))
    rows += [row("numbers", label, value) for label, value in words.numbers]
    rows += [row("themes", line.label, *line.values) for line in words.trend]
    rows.append(row("themes", words.trend_total.label, *words.trend_total.values))
    rows += [row("quote", label, text) for label, texts in words.quotes for text in texts]
    rows += [row("question", question, answer) for question, answer in words.questions]
    rows.append(row("heard", w["heard"], w["heard_intro"]))
    rows += [row("heard", label, value) for label, value in words.heard]
    rows.append(row("safeguarding", w["safeguarding"], w["safeguarding_count"]))
    rows += [
        row("you_said_we_did", a.said, a.what, a.status, a.day)
        for a in [*words.done, *words.still_open]
    ]
    rows.append(row("method", w["method"], w["method_text"]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for line in rows:
        writer.writerow([neutralise(cell) for cell in line])
    return out.getvalue()
