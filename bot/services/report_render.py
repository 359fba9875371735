"""Report rendering: one report model → the words the board reads → HTML or CSV (the PDF is
in report_pdf).

HTML is self-contained (inline CSS and SVG, no scripts, autoescaped); the PDF embeds a Unicode
font and says how many characters (emoji, mostly) it could not print rather than dropping them
silently; the CSV neutralises spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.content import Content, Wording
from bot.domain import ActionStatus, Audience, ItemKind
from bot.formatting import nice_date
from bot.services.export import neutralise
from bot.services.reports import SMALL_NUMBER, Report, Shown, ThemeRow

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
FONT = PACKAGE / "fonts" / "DejaVuSans.ttf"
FONT_BOLD = PACKAGE / "fonts" / "DejaVuSans-Bold.ttf"
CHART_WIDTH = 720
LABEL_WIDTH = 230
BAR_ROOM = 420
ROW_HEIGHT = 34
NOW_COLOUR = (0, 114, 178)  # Okabe-Ito blue
BEFORE_COLOUR = (230, 159, 0)  # Okabe-Ito orange


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    y: int
    now_width: float
    now_text: str
    now_hidden: bool
    before_width: float
    before_hidden: bool


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class ThemeLine:
    label: str
    now: str
    before: str
    change: str


@dataclass(frozen=True, slots=True)
class ReportWords:
    """Everything a renderer prints, already worded; renderers only lay it out."""

    report: Report
    w: dict[str, str]
    numbers: list[tuple[str, str]]
    theme_rows: list[ThemeLine]
    chart: Chart
    quotes: list[tuple[str, tuple[str, ...]]]
    actions: list[tuple[str, str, str, str]]  # theme, what was done, status, date


def words_for(report: Report, content: Content) -> ReportWords:
    t = content.texts

    def say(wording: Wording, **values: object) -> str:
        return wording.for_(Audience.IN_CARE).format(**values)

    fewer = say(t.report_fewer_than, small=SMALL_NUMBER)
    not_shown = say(t.report_change_hidden)

    def count(value: Shown) -> str:
        return value.as_text(fewer, not_shown)

    review = report.review
    read = (
        say(t.report_read_all)
        if review.all_read
        else say(t.report_read_some, read=count(review.read), unread=count(review.unread))
    )
    decided = (
        say(t.report_decided_all)
        if review.all_same_day
        else say(
            t.report_decided_some,
            same_day=count(review.same_day),
            later=count(review.later),
            waiting=count(review.waiting),
        )
    )
    w = {
        "title": say(t.report_title),
        "subtitle": say(t.report_subtitle, council=report.council, board=report.board),
        "period": say(t.report_period, first=nice_date(report.first), last=nice_date(report.last)),
        "made": say(t.report_made, date=nice_date(report.made_on)),
        "headline": say(t.report_headline),
        "empty": say(t.report_empty),
        "themes": say(t.report_themes),
        "theme_column": say(t.report_theme_column),
        "now_column": say(t.report_now_column),
        "before_column": say(t.report_before_column),
        "change_column": say(t.report_change_column),
        "chart_title": say(t.report_chart_title),
        "chart_description": say(
            t.report_chart_description, first=nice_date(report.first), last=nice_date(report.last)
        ),
        "quotes": say(t.report_quotes),
        "no_quotes": say(t.report_no_quotes),
        "questions": say(t.report_questions),
        "no_questions": say(t.report_no_questions),
        "safeguarding": say(t.report_safeguarding),
        "safeguarding_count": say(
            t.report_safeguarding_count, count=count(report.safeguarding), decided=decided
        ),
        "we_did": say(t.report_we_did),
        "what_done_column": say(t.report_what_done_column),
        "status_column": say(t.report_status_column),
        "date_column": say(t.report_date_column),
        "no_actions": say(t.report_no_actions),
        "method": say(t.report_method),
        "method_text": say(t.report_method_text, small=SMALL_NUMBER, read=read)
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

    def change(row: ThemeRow) -> str:
        difference = row.change
        if difference is None:
            return say(t.report_change_hidden)
        if difference > 0:
            return say(t.report_change_up, n=difference)
        if difference < 0:
            return say(t.report_change_down, n=-difference)
        return say(t.report_change_same)

    theme_rows = [
        ThemeLine(row.label, count(row.now), count(row.before), change(row))
        for row in report.themes
    ]
    labels = content.themes.labels()
    statuses = {
        ActionStatus.PLANNED: say(t.we_did_planned),
        ActionStatus.IN_PROGRESS: say(t.we_did_in_progress),
        ActionStatus.DONE: say(t.we_did_done),
    }
    return ReportWords(
        report=report,
        w=w,
        numbers=numbers,
        theme_rows=theme_rows,
        chart=_chart(report, count),
        quotes=[(row.label, row.quotes) for row in report.themes if row.quotes],
        actions=[
            (labels.get(a.theme, a.theme), a.what, statuses[a.status], nice_date(a.updated_on))
            for a in report.actions
        ],
    )


def _chart(report: Report, count: Any) -> Chart:
    rows = [r for r in report.themes if r.now.value or r.before.value]

    # A hidden count is never a bar of some length (0 would look like 4): it is drawn as a
    # dashed outline over the whole "fewer than 5" band, labelled so, so no length leaks.
    def drawn(value: Shown) -> int:
        return SMALL_NUMBER if value.hidden else value.value

    biggest = max([drawn(r.now) for r in rows] + [drawn(r.before) for r in rows] + [1])
    bars = tuple(
        Bar(
            label=row.label,
            y=index * ROW_HEIGHT + 4,
            now_width=round(BAR_ROOM * drawn(row.now) / biggest, 1),
            now_text=count(row.now),
            now_hidden=row.now.hidden,
            before_width=round(BAR_ROOM * drawn(row.before) / biggest, 1),
            before_hidden=row.before.hidden,
        )
        for index, row in enumerate(rows)
    )
    return Chart(CHART_WIDTH, max(1, len(bars)) * ROW_HEIGHT + 8, LABEL_WIDTH, bars)


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
    template = _environment().get_template("report.html")
    return template.render(
        report=words.report,
        w=words.w,
        numbers=words.numbers,
        theme_rows=words.theme_rows,
        chart=words.chart,
        quotes=words.quotes,
        actions=words.actions,
    )


# --------------------------------------------------------------------------------------------
# CSV


def render_csv(words: ReportWords) -> str:
    w = words.w
    rows: list[list[str]] = [["section", "label", "value", "previous", "change"]]
    rows.append(["period", w["period"], "", "", ""])
    rows += [["numbers", label, value, "", ""] for label, value in words.numbers]
    rows += [["themes", r.label, r.now, r.before, r.change] for r in words.theme_rows]
    rows += [["quote", label, text, "", ""] for label, texts in words.quotes for text in texts]
    rows += [["question", q.question, q.answer, "", ""] for q in words.report.questions]
    rows.append(["safeguarding", w["safeguarding"], w["safeguarding_count"], "", ""])
    rows += [
        ["you_said_we_did", theme, what, status, day] for theme, what, status, day in words.actions
    ]
    rows.append(["method", w["method"], w["method_text"], "", ""])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
