"""The board report: small numbers hidden (and anything they could be worked out from), only
approved text, no safeguarding detail, safe HTML/CSV, a readable PDF, a real browser render,
/report in the officer chat and the report sent before each meeting."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import html
import io
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from bot.app import offline
from bot.config import Settings
from bot.content import Content
from bot.domain import ActionStatus, Audience, ItemKind, Officer
from bot.services import Services
from bot.services.report_pdf import lay_out, print_pdf, render_pdf
from bot.services.report_render import (
    ReportWords,
    render_csv,
    render_html,
    words_for,
)
from bot.services.reports import Report, ReportService, Shown, shown, suppress
from bot.telegram.context import BotContext
from tests.browser import CHROMIUM, chromium
from tests.conftest import OFFICER_CHAT_ID, ROOT, make_harness
from tests.fakes import Harness, MovableClock
from tests.officers import officer_side
from tests.test_web_browser import axe_problems

# The same journeys on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

FIRST, LAST = date(2026, 9, 1), date(2026, 11, 30)
SAM = Officer(user_id=1, name="Sam")


# --------------------------------------------------------------------------------------------
# Suppression


def test_small_numbers_are_hidden_with_a_second_so_they_cannot_be_subtracted() -> None:
    counts = suppress({"a": 10, "b": 2, "c": 7})

    assert counts == {"a": Shown(10, False), "b": Shown(2, True), "c": Shown(7, True, True, 5)}
    assert counts["c"].as_text("fewer than 5", "not shown") == "not shown"
    assert counts["b"].as_text("fewer than 5", "not shown") == "fewer than 5"


def test_two_small_numbers_need_no_third() -> None:
    counts = suppress({"a": 10, "b": 2, "c": 1})

    assert [c.hidden for c in counts.values()] == [False, True, True]


def test_nothing_is_hidden_when_nothing_is_small() -> None:
    assert not any(c.hidden for c in suppress({"a": 5, "b": 9}).values())


def test_a_shown_count_prints_its_number_and_a_hidden_one_never_does() -> None:
    assert Shown(5, False).as_text("fewer than 5", "not shown") == "5"
    assert Shown(17, False).as_text("fewer than 5", "not shown") == "17"
    assert Shown(4, True).as_text("fewer than 5", "not shown") == "fewer than 5"
    assert Shown(17, True, True).as_text("fewer than 5", "not shown") == "not shown"


@pytest.mark.parametrize(("value", "hidden"), [(0, True), (3, True), (4, True), (5, False)])
def test_the_small_number_line_is_five(value: int, hidden: bool) -> None:
    assert shown(value) == Shown(value, hidden)
    assert suppress({"a": value, "b": 50})["a"].hidden is hidden


def test_a_group_of_one_hides_only_itself() -> None:
    assert suppress({"only": 2}) == {"only": Shown(2, True)}
    assert suppress({}) == {}


def test_zero_is_a_small_number_too() -> None:
    counts = suppress({"a": 12, "b": 0, "c": 30})

    assert counts["b"].hidden
    assert counts["a"].hidden  # else 42 - 12 - 30 would reveal b


# --------------------------------------------------------------------------------------------
# Filling a database through the real services


@dataclass
class Filled:
    services: Services
    clock: MovableClock
    harness: Harness


@pytest.fixture
async def filled(settings: Settings, content: Content) -> AsyncIterator[Filled]:
    clock = MovableClock(datetime(2026, 10, 1, 12, tzinfo=UTC))
    harness, errors = await make_harness(settings, content, clock)
    async with offline(harness.app):
        yield Filled(harness.app.bot_data["services"], clock, harness)
    assert errors == []


async def add(
    filled: Filled,
    text: str,
    *,
    theme: str | None = "home",
    kind: ItemKind = ItemKind.FEEDBACK,
    audience: Audience = Audience.IN_CARE,
    on_behalf: bool = False,
    board: str | None = None,
    approve: bool = False,
) -> int:
    receipt = await filled.services.intake.submit(
        kind=kind, audience=audience, text=text, theme=theme, on_behalf=on_behalf
    )
    officers = filled.services.officers
    if board is not None:
        await officers.redact(SAM, receipt.item_id, board)
    if approve:
        await officers.for_the_board(SAM, receipt.item_id)
    return receipt.item_id


async def typical_period(filled: Filled) -> None:
    """Previous period (June to August): 6 about home. This period: 9 home, 6 money, 2 school."""
    filled.clock.now = datetime(2026, 7, 1, 12, tzinfo=UTC)
    for n in range(6):
        await add(filled, f"old home point {n}")
    filled.clock.now = datetime(2026, 10, 1, 12, tzinfo=UTC)
    for n in range(9):
        await add(
            filled,
            f"home point {n}",
            board=f"Approved words {n}" if n < 4 else None,
            approve=n < 4,
        )
    for n in range(6):
        await add(filled, f"money point {n}", theme="money", audience=Audience.CARE_LEAVER)
    for n in range(2):
        await add(
            filled, f"school point {n}", theme="education", audience=Audience.CARER, on_behalf=True
        )
    await filled.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="my carer hits me at night"
    )


async def build(filled: Filled) -> tuple[Report, Content]:
    return await filled.services.reports.build(FIRST, LAST), filled.services.content


async def test_the_model_counts_suppresses_and_compares_with_the_previous_period(
    filled: Filled,
) -> None:
    await typical_period(filled)

    report, _ = await build(filled)

    assert report.total == Shown(17, False)
    # No questions: 0 is below 5, and 17 feedback would give it away, so that is not shown.
    assert report.by_kind[ItemKind.QUESTION] == Shown(0, True)
    assert report.by_kind[ItemKind.FEEDBACK] == Shown(17, True, True, 13)  # "at least 13"
    assert report.by_audience[Audience.IN_CARE] == Shown(9, False)
    assert report.by_audience[Audience.CARE_LEAVER] == Shown(6, True, True, 5)  # guards the 2
    assert report.by_audience[Audience.CARER].hidden
    assert report.on_behalf.hidden
    assert report.safeguarding == Shown(1, True)
    home = next(t for t in report.themes if t.theme == "home")
    assert home.now == Shown(9, False)
    # Before, all 6 were about home: printed beside a total of 6, it would show that every
    # other theme had none, so it is "not shown" (the period's total is still printed).
    assert home.before == Shown(6, True, True, 5)
    assert ("Where I live", ("Approved words 3", "Approved words 2", "Approved words 1")) in (
        report.quotes
    )
    assert (report.previous_first, report.previous_last) == (date(2026, 6, 2), date(2026, 8, 31))


async def test_the_trend_has_four_periods_of_the_same_length_oldest_first(
    filled: Filled,
) -> None:
    await typical_period(filled)
    filled.clock.now = datetime(2026, 4, 1, 12, tzinfo=UTC)  # two periods back: 7 about money
    for n in range(7):
        filled.clock.now = datetime(2026, 4, 1 + n, 12, tzinfo=UTC)
        await add(filled, f"pocket money point {n}", theme="money")

    report, _ = await build(filled)

    assert report.periods == (
        (date(2025, 12, 2), date(2026, 3, 2)),
        (date(2026, 3, 3), date(2026, 6, 1)),
        (date(2026, 6, 2), date(2026, 8, 31)),
        (FIRST, LAST),
    )
    lengths = {(b - a).days for a, b in report.periods}
    assert lengths == {(LAST - FIRST).days}
    assert report.periods[-1] == (FIRST, LAST)
    assert all(
        later[0] - earlier[1] == timedelta(days=1)
        for earlier, later in zip(report.periods, report.periods[1:], strict=False)
    )
    money = next(t for t in report.themes if t.theme == "money")
    home = next(t for t in report.themes if t.theme == "home")
    assert [c.value for c in money.counts] == [0, 7, 0, 6]
    assert [c.value for c in home.counts] == [0, 0, 6, 9]
    assert [t.value for t in report.period_totals] == [0, 7, 6, 17]


async def test_themes_with_nothing_to_show_in_any_period_share_one_other_line(
    filled: Filled,
) -> None:
    await typical_period(filled)  # school: 2 now, none before; home and money: 5 or more
    for n in range(3):
        await add(filled, f"a point about health {n}", theme="health")

    report, _ = await build(filled)

    themes = [t.theme for t in report.themes]
    assert themes[-1] == "other"
    assert "education" not in themes
    assert "health" not in themes
    other = report.themes[-1]
    assert other.label == "Other themes"
    assert other.now == Shown(5, False)  # 2 about school and 3 about health, together
    assert {"home", "money"} <= set(themes)


async def test_the_default_period_runs_from_the_day_after_the_last_meeting_to_today(
    filled: Filled,
) -> None:
    filled.clock.now = datetime(2026, 12, 10, 9, tzinfo=UTC)  # the board met on 8 December

    report = await filled.services.reports.build()
    backwards = await filled.services.reports.build(date(2026, 12, 10), date(2026, 12, 9))

    assert (report.first, report.last) == (date(2026, 12, 9), date(2026, 12, 10))
    assert (report.previous_first, report.previous_last) == (date(2026, 12, 7), date(2026, 12, 8))
    assert (backwards.first, backwards.last) == (date(2026, 12, 9), date(2026, 12, 10))


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2026, 10, 1), None, (date(2026, 10, 1), date(2026, 12, 10))),
        (None, date(2026, 12, 9), (date(2026, 12, 9), date(2026, 12, 9))),
    ],
    ids=["only from", "only to"],
)
async def test_a_period_with_one_end_given_takes_the_other_from_the_default(
    filled: Filled, first: date | None, last: date | None, expected: tuple[date, date]
) -> None:
    filled.clock.now = datetime(2026, 12, 10, 9, tzinfo=UTC)

    report = await filled.services.reports.build(first, last)

    assert (report.first, report.last) == expected


# --------------------------------------------------------------------------------------------
# What reaches the board


async def test_only_approved_words_reach_any_format_and_no_safeguarding_detail(
    filled: Filled,
) -> None:
    await typical_period(filled)
    await add(filled, "Jo Bloggs at 12 Mill Lane", board="A young person's carer", approve=False)
    report, content = await build(filled)
    words = words_for(report, content)

    outputs = {
        "html": render_html(words),
        "csv": render_csv(words),
        "pdf": pdf_text(render_pdf(words)),
    }

    for name, text in outputs.items():
        assert "Approved words 3" in text, name
        assert "home point" not in text, name  # the young person's own words, never approved
        assert "Jo Bloggs" not in text, name
        assert "A young person's carer" not in text, name  # redacted but not approved
        assert "hits me" not in text, name
        assert "abuse" not in text.lower(), name
        assert "fewer than 5" in text, name


async def test_hostile_board_text_is_escaped_in_html_and_neutralised_in_csv(
    filled: Filled,
) -> None:
    hostile = '=HYPERLINK("http://x") <script>alert(1)</script> & <b>bold</b>'
    for n in range(5):
        await add(filled, f"x {n}", board=hostile if n == 4 else f"fine {n}", approve=True)
    report, content = await build(filled)
    words = words_for(report, content)

    page = render_html(words)
    table = list(csv.reader(io.StringIO(render_csv(words))))

    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    quotes = [row for row in table if row[0] == "quote"]
    assert any(row[2] == "'" + hostile for row in quotes)
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in table for cell in row)


async def test_an_empty_period_gives_a_friendly_report_in_every_format(filled: Filled) -> None:
    report, content = await build(filled)
    words = words_for(report, content)

    assert report.empty
    assert "No messages arrived in this period" in render_html(words)
    assert "No messages arrived in this period" in pdf_text(render_pdf(words))
    table = list(csv.reader(io.StringIO(render_csv(words))))
    numbers = [row[2] for row in table if row[0] == "numbers"]
    assert len(numbers) == 7
    assert set(numbers) == {"fewer than 5"}  # zero is small too: never printed as 0
    assert not any(cell == "0" for row in table for cell in row)


async def test_questions_appear_with_their_answers(filled: Filled) -> None:
    question = await add(filled, "can I keep my laptop at 18, Jo Bloggs?", kind=ItemKind.QUESTION)
    await filled.services.officers.redact(SAM, question, "Can I keep my laptop at 18?")
    await filled.services.officers.answer(SAM, question, "Yes, it is yours to keep.")
    await filled.services.officers.publish(SAM, question)

    report, content = await build(filled)
    page = render_html(words_for(report, content))

    assert [(q.question, q.answer) for q in report.questions] == [
        ("Can I keep my laptop at 18?", "Yes, it is yours to keep.")
    ]
    assert (
        '<dt><span class="label">Question:</span> Can I keep my laptop at 18?</dt>'
        '<dd><span class="label">Answer:</span> Yes, it is yours to keep.</dd>'
    ) in page
    assert "Jo Bloggs" not in page


async def test_an_answer_an_officer_has_not_published_never_reaches_the_report(
    filled: Filled,
) -> None:
    """An answer is written to one young person: it stays private until it is published."""
    question = await add(filled, "where will I live?", kind=ItemKind.QUESTION)
    await filled.services.officers.answer(SAM, question, "Hi Jo, the move to 12 Elm Street waits")

    report, content = await build(filled)
    words = words_for(report, content)

    assert report.questions == ()
    for text in (render_html(words), render_csv(words), pdf_text(render_pdf(words))):
        assert "Elm Street" not in text
    assert "No questions were answered in this period." in render_html(words)


async def test_words_an_officer_marked_as_a_missed_disclosure_are_never_quoted(
    filled: Filled,
) -> None:
    ids = [
        await add(filled, f"point {n}", board=f"Approved words {n}", approve=True)
        for n in range(4)
    ]
    ids += [await add(filled, f"point {n}", theme="money") for n in range(4, 5)]
    await filled.services.officers.mark_screen(SAM, ids[3], "missed")  # the newest
    await filled.services.officers.we_did(SAM, "home", ActionStatus.PLANNED, "A plan", (ids[3],))

    report, content = await build(filled)
    page = render_html(words_for(report, content))

    assert "Approved words 0" in page  # the three newest others are quoted
    assert "Approved words 3" not in page  # neither as a quote nor beside the action
    assert report.said == {}


@pytest.mark.parametrize(
    ("passed_on", "own", "expected"),
    [(5, 5, Shown(5, False)), (5, 2, Shown(5, True, True, 5)), (2, 6, Shown(2, True))],
    ids=["both shown", "own views small", "passed on small"],
)
async def test_carers_passing_on_a_view_are_counted_among_carers_only(
    filled: Filled, passed_on: int, own: int, expected: Shown
) -> None:
    for n in range(passed_on):
        await add(filled, f"for them {n}", audience=Audience.CARER, on_behalf=True)
    for n in range(own):
        await add(filled, f"my own {n}", audience=Audience.CARER)
    for n in range(6):  # someone else's messages never count as passed on
        await add(filled, f"in care {n}", audience=Audience.IN_CARE, on_behalf=True)

    report, _ = await build(filled)

    assert report.on_behalf == expected


def chart_groups(page: str) -> dict[str, str]:
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    return {
        re.search(r'text-anchor="end">([^<]+)<', g).group(1): g  # type: ignore[union-attr]
        for g in svg.split('<g class="group">')[1:]
    }


async def test_a_hidden_count_is_drawn_as_a_band_never_as_a_bar(filled: Filled) -> None:
    await typical_period(filled)
    for n in range(6):
        await add(filled, f"school point {n}", theme="education")  # school: 8 now, 0 before
    report, content = await build(filled)

    groups = chart_groups(render_html(words_for(report, content)))

    school = groups["School and college"]  # 0, 0, 0 (fewer than 5) and 8
    assert school.count('class="band"') == 3
    assert school.count('class="bar"') == 1
    assert school.count("fewer than 5") == 3
    band_widths = set(re.findall(r'class="band" x="\d+" y="\d+" width="([\d.]+)"', school))
    assert len(band_widths) == 1  # every band spans the same 0-to-5 range, whatever it hides
    home = groups["Where I live"]  # 0, 0, 6 (the only theme that period: at least 5), 9
    assert home.count('class="bar"') == 1
    assert re.search(r">9</text>", home)  # bars carry their values
    assert ">at least 5</text>" in home


async def test_a_count_hidden_to_protect_another_draws_nothing_but_its_words(
    filled: Filled,
) -> None:
    for n in range(9):
        await add(filled, f"home point {n}")
    for n in range(6):
        await add(filled, f"money point {n}", theme="money")
    for n in range(6):
        await add(filled, f"school point {n}", theme="education")
    filled.clock.now = datetime(2026, 7, 1, 12, tzinfo=UTC)
    for n in range(5):
        await add(filled, f"old health {n}", theme="health")  # health is shown, so not "Other"
    report, content = await build(filled)

    groups = chart_groups(render_html(words_for(report, content)))

    # Health had none this period, and no theme but the shown ones had any: beside the
    # total, the zeros could be worked out, so the smallest shown count is hidden too.
    health = next(t for t in report.themes if t.theme == "health")
    assert health.now == Shown(0, True)
    protector = next(t for t in report.themes if t.now.protecting)
    drawn = groups[protector.label]
    # Three earlier periods (none: bands); this period draws nothing, only its words.
    assert drawn.count('class="bar"') + drawn.count('class="band"') == 3
    last = drawn.strip().rsplit("<text", 1)[1]
    assert 'class="value withheld"' in last
    assert ">at least 5</text>" in last


async def test_you_said_we_did_appears_with_its_status(filled: Filled) -> None:
    await filled.services.officers.we_did(
        SAM, "home", ActionStatus.DONE, "Suitcases for every move"
    )

    report, content = await build(filled)
    page = render_html(words_for(report, content))

    assert "Suitcases for every move" in page
    section = page.split('id="we-did"', 1)[1]
    table = section.split("</table>", 1)[0]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert headers == ["What young people said", "What was done", "Status", "Last updated"]
    assert "<td>Done</td>" in table
    assert "<td>Thursday 1 October 2026</td>" in table  # when it was last updated
    assert "<h3>Still open</h3>" in section
    assert "Nothing is still open." in section


async def test_you_said_we_did_shows_what_young_people_said_and_what_is_still_open(
    filled: Filled,
) -> None:
    said = await add(filled, "more pocket money", theme="money", board="More pocket money")
    await filled.services.officers.for_the_board(SAM, said)
    unapproved = await add(filled, "my carer Jo is mean", theme="home")
    officers = filled.services.officers
    await officers.we_did(SAM, "money", ActionStatus.IN_PROGRESS, "Allowance review", (said,))
    await officers.we_did(SAM, "home", ActionStatus.PLANNED, "Carer training", (unapproved,))

    report, content = await build(filled)
    page = html.unescape(render_html(words_for(report, content)))
    still_open = page.split("<h3>Still open</h3>", 1)[1].split("</table>", 1)[0]

    assert "Money: “More pocket money”" in still_open  # the theme and the approved words
    assert "Allowance review" in still_open
    assert '<th scope="row">Where I live</th><td>Carer training' in still_open  # theme only
    assert "my carer Jo" not in page  # words nobody approved never reach the board
    assert "Nothing has been recorded yet." in page.split("<h3>Still open</h3>", 1)[0]


# --------------------------------------------------------------------------------------------
# The PDF, read back


def pdf_text(data: bytes) -> str:
    """The PDF's words with line wrapping undone."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


async def test_the_pdf_is_tagged_with_its_language_and_title_and_has_the_htmls_headings(
    filled: Filled,
) -> None:
    await typical_period(filled)
    report, content = await build(filled)
    words = words_for(report, content)
    page = html.unescape(render_html(words))

    data = render_pdf(words)
    reader = PdfReader(io.BytesIO(data))
    root: Any = reader.trailer["/Root"]
    text = pdf_text(data)

    assert "/StructTreeRoot" in root  # tagged: a structure tree for screen readers
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert (
        reader.metadata.title
        == "Voice of the child: what young people told us \N{EN DASH} Northbridge City Council"
    )
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    headings = re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", page)
    assert len(headings) >= 8
    for heading in headings:
        assert " ".join(heading.split()) in text, heading  # one layout: the same headings
    assert "Approved words 3" in text
    assert "OFFICIAL-SENSITIVE" in text  # the marking, on every page
    assert re.search(r"Page 1 of \d", text)


async def test_the_pdf_marking_comes_from_council_yaml(filled: Filled) -> None:
    report, content = await build(filled)
    council = content.council.model_copy(update={"report_marking": 'OFFICIAL "x" </style>'})
    words = words_for(report, dataclasses.replace(content, council=council))

    text = pdf_text(render_pdf(words))

    assert text.count('OFFICIAL "x" </style>') >= 2  # page header and the report's own foot
    assert "OFFICIAL-SENSITIVE" not in text


# --------------------------------------------------------------------------------------------
# A real browser (Debian's chromium, installed by .ci/run)


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed here; .ci/run installs it and CI runs this test",
)
async def test_the_html_report_renders_in_chromium_with_no_errors_and_a_visible_chart(
    filled: Filled, tmp_path: Path
) -> None:
    await typical_period(filled)
    report, content = await build(filled)
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(words_for(report, content)), encoding="utf-8")
    problems: list[str] = []

    async with chromium() as browser:
        page = await browser.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"request {r.url}"))
        await page.goto(page_file.as_uri())
        chart = page.locator("svg#theme-chart")
        box = await chart.bounding_box()
        bars = await page.locator("svg#theme-chart rect.bar").count()
        title = await page.locator("h1").inner_text()
        violations = await axe_problems(page)

    assert problems == []
    assert violations == []
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 50
    # Only home's 9 is a bar: school's 2 is a band, money's 6 protects it ("at least 5"),
    # and home's 6 before was the only theme that period (so "at least 5" too).
    assert bars == 1
    assert "Voice of the child" in title


# --------------------------------------------------------------------------------------------
# In the bot


async def test_report_in_the_officer_chat_sends_html_and_pdf_protected(bot: Harness) -> None:
    side = officer_side(bot)

    await side.send("/report 2026-09-01 2026-11-30")

    documents = bot.api.calls_to("sendDocument")
    assert [c.chat_id for c in documents] == [OFFICER_CHAT_ID, OFFICER_CHAT_ID]
    assert all(c.params.get("protect_content") is True for c in documents)
    assert documents[0].files["document"].startswith(b"<!doctype html>")
    assert documents[1].files["document"].startswith(b"%PDF")


async def test_report_is_refused_to_anyone_else(bot: Harness) -> None:
    await bot.send("/report")

    assert bot.api.calls_to("sendDocument") == []
    assert "only the council's team" in bot.api.last_message().text


async def test_the_report_goes_to_officers_seven_days_before_a_meeting_once(
    filled: Filled,
) -> None:
    from bot.telegram.jobs import send_pre_meeting_report

    api = filled.harness.api
    context = BotContext(filled.harness.app)
    # The dated meeting is on 8 December 2026: its report is due on 1 December.
    for day, expected in ((30, 0), (1, 2), (1, 2), (2, 2)):
        month = 11 if day == 30 else 12
        filled.clock.now = datetime(2026, month, day, 8, tzinfo=UTC)
        await send_pre_meeting_report(context)
        assert len(api.calls_to("sendDocument")) == expected, (month, day)


# --------------------------------------------------------------------------------------------
# The command line


@pytest.mark.parametrize("fmt", ["html", "pdf", "csv"])
async def test_report_cli_writes_each_format(
    filled: Filled, settings: Settings, tmp_path: Path, fmt: str
) -> None:
    await typical_period(filled)
    await filled.services.store.checkpoint()
    out = tmp_path / f"report.{fmt}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}
    env["HYS_DATABASE"] = str(settings.database)
    if settings.database_url is not None:
        env["HYS_DATABASE_URL"] = settings.database_url.get_secret_value()

    result = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "bot",
            "report",
            "--from",
            "2026-09-01",
            "--to",
            "2026-11-30",
            "--format",
            fmt,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    if fmt == "pdf":
        assert "Approved words 3" in pdf_text(data)
    else:
        assert "Approved words 3" in data.decode()
        assert re.search(r"fewer than 5", data.decode())


# --------------------------------------------------------------------------------------------
# Small numbers at the line, in every format


def numbers_in_every_format(words: ReportWords, label: str) -> dict[str, str]:
    """What each format prints beside one label of the "In numbers" table."""
    table = list(csv.reader(io.StringIO(render_csv(words))))
    [in_csv] = [row[2] for row in table if row[:2] == ["numbers", label]]
    page = html.unescape(render_html(words))
    in_html = re.search(
        rf'<th scope="row">{re.escape(label)}</th><td class="number">([^<]*)</td>', page
    )
    text = pdf_text(render_pdf(words))
    in_pdf = re.search(
        rf"In numbers .*?\b{re.escape(label)} (fewer than \d+|not shown|at least \d+|\d+) ", text
    )
    assert in_html is not None
    assert in_pdf is not None
    return {"csv": in_csv, "html": in_html.group(1), "pdf": in_pdf.group(1)}


@pytest.mark.parametrize(
    ("messages", "printed"), [(3, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (6, "6")]
)
async def test_three_and_four_read_fewer_than_five_and_five_reads_five_everywhere(
    filled: Filled, messages: int, printed: str
) -> None:
    for n in range(messages):
        await add(filled, f"point {n}")
    report, content = await build(filled)

    printed_as = numbers_in_every_format(words_for(report, content), "Messages")

    assert printed_as == {"csv": printed, "html": printed, "pdf": printed}


# --------------------------------------------------------------------------------------------
# What the report says officers did: counted, never promised


def method_and_safety(filled_words: ReportWords) -> dict[str, str]:
    """The reading sentence and the safeguarding paragraph as each format prints them."""
    return {
        "html": html.unescape(render_html(filled_words)),
        "csv": render_csv(filled_words),
        "pdf": pdf_text(render_pdf(filled_words)),
    }


PROMISE = "within 3 working days"  # the shipped council.yaml's response_time


async def test_the_report_says_how_many_were_read_in_time_and_changes_when_all_are(
    filled: Filled,
) -> None:
    ids = [await add(filled, f"point {n}") for n in range(12)]
    for item_id in ids[:7]:
        await filled.services.officers.view(SAM, item_id)

    report, content = await build(filled)
    some = method_and_safety(words_for(report, content))

    heard = report.heard
    # None read late. Beside the total of 12, 7 and 5 would show that, and so would 7 and
    # "at least 5" (it can only be 5): both are given as "at least 5".
    assert (heard.in_time, heard.late, heard.unread) == (
        Shown(7, True, True, 5),
        Shown(0, True),
        Shown(5, True, True, 5),
    )
    for name, text in some.items():
        assert f"The council promises to read messages {PROMISE}." in text, name
        assert "read every" not in text, name
    assert (
        f'Read within the promise ({PROMISE})</th><td class="number">at least 5<' in some["html"]
    )
    assert 'Not read yet</th><td class="number">at least 5<' in some["html"]

    for item_id in ids[7:]:
        await filled.services.officers.view(SAM, item_id)
    report, content = await build(filled)
    every = method_and_safety(words_for(report, content))

    for name, text in every.items():
        assert (
            "A participation officer read every message counted above within the council's "
            f"promise ({PROMISE})." in text
        ), name


async def test_a_message_read_after_the_promise_counts_as_late(filled: Filled) -> None:
    ids = [await add(filled, f"point {n}") for n in range(10)]  # Thursday 1 October
    for item_id in ids[:4]:
        await filled.services.officers.view(SAM, item_id)
    filled.clock.advance(timedelta(days=5))  # Tuesday 6 October: 3 working days later
    await filled.services.officers.view(SAM, ids[4])
    filled.clock.advance(timedelta(days=1))  # Wednesday: 4 working days, late
    for item_id in ids[5:]:
        await filled.services.officers.view(SAM, item_id)

    report, _ = await build(filled)

    assert (report.heard.in_time.value, report.heard.late.value) == (5, 5)
    assert not report.heard.all_in_time
    assert report.heard.median_days == 3  # 0,0,0,0,3,4,4,4,4,4: the lower middle


async def test_nothing_read_never_says_every_message_was_read(filled: Filled) -> None:
    for n in range(8):
        await add(filled, f"point {n}")

    report, content = await build(filled)
    texts = method_and_safety(words_for(report, content))

    for name, text in texts.items():
        assert "No message counted above has been read yet." in text, name
        assert "read every" not in text, name
        assert "not shown: fewer than 5 were read" in text, name  # no usual time to give


async def test_a_decision_counts_as_read_and_small_counts_are_hidden(filled: Filled) -> None:
    ids = [await add(filled, f"point {n}") for n in range(9)]
    await filled.services.officers.view(SAM, ids[0])
    await filled.services.officers.for_the_board(SAM, ids[1])  # decided without a View
    await filled.services.officers.not_for_the_board(SAM, ids[2], "a test")

    report, content = await build(filled)
    page = html.unescape(render_html(words_for(report, content)))

    # 3 read in time and none late: both "fewer than 5", and 9 - 6 leaves 3 between them,
    # which does not say how many of each.
    assert report.heard.in_time == Shown(3, True)
    assert report.heard.late == Shown(0, True)
    assert report.heard.unread == Shown(6, False)
    assert f'({PROMISE})</th><td class="number">fewer than 5<' in page
    assert 'Not read yet</th><td class="number">6<' in page


async def urgent(filled: Filled, n: int) -> int:
    receipt = await filled.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text=f"my carer hits me {n}"
    )
    return receipt.item_id


async def test_the_report_says_how_soon_urgent_items_were_decided(filled: Filled) -> None:
    officers = filled.services.officers
    ids = [await urgent(filled, n) for n in range(20)]
    await officers.tick_waits()  # the job's minute tick
    filled.clock.advance(timedelta(minutes=50))
    for item_id in ids[:5]:
        await officers.referred(SAM, item_id)  # 50 minutes: within the hour
    filled.clock.advance(timedelta(hours=3))
    await officers.tick_waits()
    for item_id in ids[5:10]:
        await officers.no_action(SAM, item_id, "already known to the social worker")
    filled.clock.advance(timedelta(days=2))
    for item_id in ids[10:15]:
        await officers.referred(SAM, item_id)
    for item_id in ids[15:]:
        await officers.view(SAM, item_id)  # opened is not decided

    report, content = await build(filled)
    texts = method_and_safety(words_for(report, content))

    heard = report.heard
    assert report.safeguarding == Shown(20, False)
    assert [heard.within_hour, heard.within_day, heard.later, heard.waiting] == [
        Shown(5, False)
    ] * 4
    for name, text in texts.items():
        assert "Decided by an officer within 1 hour: 5." in text, name
        assert "After 1 hour but within 24 hours: 5." in text, name
        assert "After more than 24 hours: 5. Still waiting for a decision: 5." in text, name
        assert "every one of them" not in text, name
        assert "hits me" not in text, name


async def test_urgent_items_all_decided_within_the_hour_say_so(filled: Filled) -> None:
    ids = [await urgent(filled, n) for n in range(5)]
    filled.clock.advance(timedelta(minutes=20))
    for item_id in ids[:3]:
        await filled.services.officers.referred(SAM, item_id)
    for item_id in ids[3:]:
        await filled.services.officers.no_action(SAM, item_id, "known to the social worker")

    report, content = await build(filled)
    texts = method_and_safety(words_for(report, content))

    assert report.heard.all_within_hour
    for name, text in texts.items():
        assert "An officer decided what to do about every one of them" in text, name
        assert "within an hour of it arriving." in text, name
        assert "Still waiting for a decision" not in text, name


async def test_an_urgent_item_decided_after_an_hour_is_not_within_the_hour(
    filled: Filled,
) -> None:
    ids = [await urgent(filled, n) for n in range(5)]
    await filled.services.officers.tick_waits()
    filled.clock.advance(timedelta(minutes=61))
    for item_id in ids:
        await filled.services.officers.referred(SAM, item_id)

    heard = (await build(filled))[0].heard

    assert (heard.within_hour.value, heard.within_day.value) == (0, 5)
    assert not heard.all_within_hour


async def test_a_few_urgent_items_give_no_counts_and_no_promise(filled: Filled) -> None:
    ids = [await urgent(filled, n) for n in range(2)]
    await filled.services.officers.referred(SAM, ids[0])

    report, content = await build(filled)
    text = render_csv(words_for(report, content))

    assert not report.heard.all_within_hour
    assert (
        "Decided by an officer within 1 hour: fewer than 5. After 1 hour but within 24 hours: "
        "fewer than 5. After more than 24 hours: fewer than 5. Still waiting for a decision: "
        "fewer than 5." in text
    )


async def test_reading_and_deciding_count_the_first_and_last_day_of_the_period(
    filled: Filled,
) -> None:
    day = date(2026, 10, 1)  # the fixture's clock: every item below arrives on this day
    for n in range(5):
        await filled.services.officers.view(SAM, await add(filled, f"point {n}"))
    for n in range(5):
        await filled.services.officers.referred(SAM, await urgent(filled, n))

    heard = (await filled.services.reports.build(day, day)).heard

    assert (heard.in_time.value, heard.all_in_time) == (5, True)
    assert (heard.within_hour.value, heard.all_within_hour) == (5, True)


async def test_messages_from_outside_the_period_are_not_counted_as_read_or_unread(
    filled: Filled,
) -> None:
    filled.clock.now = datetime(2026, 7, 1, 12, tzinfo=UTC)  # the previous period
    for n in range(6):
        await add(filled, f"old point {n}")  # never read
    filled.clock.now = datetime(2026, 10, 1, 12, tzinfo=UTC)
    for n in range(5):
        await filled.services.officers.view(SAM, await add(filled, f"point {n}"))

    report, _ = await build(filled)

    assert report.heard.all_in_time
    assert report.heard.in_time.value == 5


async def test_the_method_note_counts_officers_marks_on_the_screen_never_their_words(
    filled: Filled,
) -> None:
    # Let through by the screen (an officer later found each needed help).
    missed = [
        await add(filled, f"please can someone ring me about my placement {n}") for n in range(6)
    ]
    alarm = await urgent(filled, 0)
    for item_id in missed:
        await filled.services.officers.mark_screen(SAM, item_id, "missed")
    await filled.services.officers.mark_screen(SAM, alarm, "false_alarm")

    report, content = await build(filled)
    texts = method_and_safety(words_for(report, content))

    assert report.missed == Shown(6, False)
    assert report.false_alarms == Shown(1, True)  # small: never printed as 1
    for name, text in texts.items():
        assert "Messages it missed that needed help: 6." in text, name
        assert "a message that was fine: fewer than 5." in text, name
        assert "ring me about" not in text, name
        assert "hits me" not in text, name


def test_the_pdf_library_is_loaded_only_when_a_pdf_is_asked_for() -> None:
    """WeasyPrint (and Pango through it) costs start-up time: the bot, the web chat and the
    console load it only for the first PDF."""
    code = (
        "import sys, bot.app, bot.wiring, bot.web.console_reports, "
        "bot.telegram.handlers.reports, bot.services.report_pdf; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )

    assert result.stdout.strip() == "False"


async def test_a_report_from_the_first_day_of_the_calendar_has_a_shorter_trend(
    filled: Filled,
) -> None:
    await typical_period(filled)

    report = await filled.services.reports.build(date(1, 1, 1), date(9999, 12, 31))
    words = words_for(report, filled.services.content)

    assert report.periods == ((date(1, 1, 1), date(9999, 12, 31)),)
    assert report.total.value == 23  # everything, both periods of the typical fill
    assert "1 Jan 0001 to 31 Dec 9999" in render_html(words)
    assert render_pdf(words).startswith(b"%PDF")


async def test_themes_hidden_this_period_are_listed_in_a_fixed_order_not_by_their_counts(
    filled: Filled,
) -> None:
    """Sorted by true value, "Money: fewer than 5" above "Where I live: fewer than 5" would
    tell a reader that money had the one message (issue found by attacking the report)."""
    filled.clock.now = datetime(2026, 7, 1, 12, tzinfo=UTC)
    for n in range(6):
        await add(filled, f"old home point {n}")
        await add(filled, f"old pocket money point {n}", theme="money")
    filled.clock.now = datetime(2026, 10, 1, 12, tzinfo=UTC)
    for n in range(12):
        await add(filled, f"school point {n}", theme="education")
    await add(filled, "pocket money point", theme="money")

    report, _ = await build(filled)

    order = [t.theme for t in report.themes]
    assert order[0] == "education"
    assert order.index("home") < order.index("money")  # content order: home comes first
    assert order[-1] == "other"


async def test_an_unbreakable_word_wraps_inside_the_pdf_page(filled: Filled) -> None:
    long_word = "x" * 2000
    for n in range(5):
        await add(filled, f"point {n}", board=f"{long_word} {n}", approve=True)
    await filled.services.officers.we_did(SAM, "home", ActionStatus.DONE, long_word)
    report, content = await build(filled)
    council = content.council.model_copy(update={"report_marking": "M" * 500})

    words = words_for(report, dataclasses.replace(content, council=council))

    # The very layout the PDF is printed from (render_pdf is lay_out, then print_pdf): laying
    # these words out takes WeasyPrint some 20 s, so it is done once, not again for the PDF.
    laid_out = lay_out(words)
    assert widest_box(laid_out) <= 794  # an A4 page is 794 CSS pixels wide
    assert print_pdf(laid_out).startswith(b"%PDF")


def widest_box(laid_out: Any) -> float:
    """How far right anything reaches on WeasyPrint's laid-out pages (px)."""
    widest = 0.0

    def walk(box: Any) -> None:
        nonlocal widest
        widest = max(widest, box.position_x + (box.width or 0))
        for child in getattr(box, "children", None) or []:
            walk(child)

    for page in laid_out.pages:
        walk(page._page_box)
    return widest


async def test_listed_questions_never_give_away_a_hidden_count(filled: Filled) -> None:
    """Four answered questions listed beside "Questions: fewer than 5" would say it was 4."""
    for n in range(10):
        await add(filled, f"point {n}")
    for n in range(4):
        question = await add(filled, f"question {n}?", kind=ItemKind.QUESTION, board=f"Q{n}?")
        await filled.services.officers.answer(SAM, question, f"Answer {n}.")
        await filled.services.officers.publish(SAM, question)

    report, _ = await build(filled)

    from tests.test_report_numbers import printed, what_an_attacker_can_work_out

    labels = printed({kind.value: count for kind, count in report.by_kind.items()})
    found = what_an_attacker_can_work_out(labels, 14, {"question": len(report.questions)})
    assert report.questions  # answered questions are still shown
    assert labels["question"] != "4"
    assert all(len(values) >= 2 for values in found.values()), (labels, found)


async def test_quotes_about_a_folded_theme_sit_under_other_themes(filled: Filled) -> None:
    for n in range(12):
        await add(filled, f"home point {n}")
    for n in range(3):
        await add(filled, f"health {n}", theme="health", board=f"Health words {n}", approve=True)

    report, content = await build(filled)
    page = render_html(words_for(report, content))

    assert [label for label, _ in report.quotes] == ["Other themes"]
    assert "Health and feelings" not in page  # its own name would say it had messages
    assert "Health words 2" in page


async def test_a_short_promise_is_reported_as_read_on_the_day_never_as_kept(
    filled: Filled,
) -> None:
    for n in range(5):
        await filled.services.officers.view(SAM, await add(filled, f"point {n}"))
    council = filled.services.content.council.model_copy(update={"response_time": "within 1 hour"})
    content = dataclasses.replace(filled.services.content, council=council)
    reports = filled.services.reports
    service = ReportService(
        filled.services.store, content, reports._meetings, reports._clock, reports._zone
    )
    report = await service.build(FIRST, LAST)

    page = html.unescape(render_html(words_for(report, content)))

    assert "read every message counted above on the day it arrived" in page
    assert "Read on the day it arrived</th>" in page
    assert "within the council's promise" not in page
    assert "Read within the promise" not in page


async def test_the_trend_leaves_out_periods_the_retention_purge_has_emptied(
    filled: Filled,
) -> None:
    filled.clock.now = datetime(2026, 11, 30, 12, tzinfo=UTC)  # kept from 30 November 2025

    report = await filled.services.reports.build(date(2026, 6, 1), date(2026, 11, 30))

    # Six-month periods: the two before June 2026 reach back past what is still kept.
    assert report.periods == ((date(2025, 11, 30), date(2026, 5, 31)), (date(2026, 6, 1), LAST))
