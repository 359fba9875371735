"""The board report as a PDF: the same words as the HTML, with an embedded Unicode font; it
says how many characters (emoji, mostly) it could not print rather than dropping them silently.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fontTools.ttLib import TTFont
from fpdf import FPDF

from bot.services.report_render import (
    BAR_ROOM,
    BEFORE_COLOUR,
    FONT,
    FONT_BOLD,
    NOW_COLOUR,
    ReportWords,
)


def _bar(
    pdf: Any, x: float, y: float, width: float, height: float, colour: Any, hidden: bool
) -> None:
    """A filled bar for a shown count; a dashed outline of the small-number band for a hidden
    one."""
    if hidden:
        pdf.set_draw_color(*colour)
        pdf.set_dash_pattern(dash=0.8, gap=0.6)
        pdf.rect(x, y, max(width, 0.4), height, style="D")
        pdf.set_dash_pattern()
        return
    pdf.set_fill_color(*colour)
    pdf.rect(x, y, max(width, 0.4), height, style="F")


@cache
def _printable() -> frozenset[int]:
    fonts = [TTFont(str(path)) for path in (FONT, FONT_BOLD)]
    codes: set[int] = set()
    for font in fonts:
        codes |= set(font.getBestCmap())
    return frozenset(codes | {10})


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.dropped = 0

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"{self._footer_text} · {self.page_no()}", align="C")

    def clean(self, text: str) -> str:
        """Keep what the embedded font can print; count (never hide) what it cannot."""
        printable = _printable()
        kept = "".join(ch for ch in text if ord(ch) in printable)
        self.dropped += len(text) - len(kept)
        return kept


def render_pdf(words: ReportWords) -> bytes:
    w = words.w
    pdf = _Pdf(footer_text=f"{words.report.council} · {w['title']}")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(w["title"])
    pdf.add_page()

    def heading(text: str, size: float = 14) -> None:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", size)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(0, size * 0.55, pdf.clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(text: str, size: float = 10.5, indent: float = 0) -> None:
        pdf.set_font("DejaVu", "", size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, 5.5, pdf.clean(text), new_x="LMARGIN", new_y="NEXT")

    def row(cells: list[str], widths: list[float], bold: bool = False) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", 10)
        for cell, width in zip(cells, widths, strict=True):
            pdf.cell(width, 6.5, pdf.clean(cell), border="B")
        pdf.ln()

    heading(w["title"], 18)
    for meta in (w["subtitle"], w["period"], w["made"]):
        para(meta, 10)
    report = words.report
    heading(w["headline"])
    if report.empty:
        para(w["empty"])
    else:
        for label, value in words.numbers:
            row([label, value], [120, 50])
        heading(w["themes"])
        _pdf_chart(pdf, words)
        row(
            [w["theme_column"], w["now_column"], w["before_column"], w["change_column"]],
            [62, 38, 42, 38],
            bold=True,
        )
        for theme_line in words.theme_rows:
            row(
                [theme_line.label, theme_line.now, theme_line.before, theme_line.change],
                [62, 38, 42, 38],
            )
        heading(w["quotes"])
        if not words.quotes:
            para(w["no_quotes"])
        for label, texts in words.quotes:
            heading(label, 11)
            for text in texts:
                para(f"“{text}”", indent=6)
                pdf.ln(1)
        heading(w["questions"])
        if not report.questions:
            para(w["no_questions"])
        for question in report.questions:
            pdf.set_font("DejaVu", "B", 10.5)
            pdf.multi_cell(0, 5.5, pdf.clean(question.question), new_x="LMARGIN", new_y="NEXT")
            para(question.answer, indent=6)
        heading(w["safeguarding"])
        para(w["safeguarding_count"])
    heading(w["we_did"])
    if not words.actions:
        para(w["no_actions"])
    for theme, what, status, day in words.actions:
        para(f"{theme} ({status}, {day}): {what}")
    heading(w["method"])
    para(w["method_text"])
    if pdf.dropped:
        # Nothing is lost silently: say how many characters could not be printed.
        para(
            f"{pdf.dropped} character(s) such as emoji could not be printed in this PDF and were "
            "left out. The HTML version of this report shows them.",
            9,
        )
    return bytes(pdf.output())


def _pdf_chart(pdf: _Pdf, words: ReportWords) -> None:
    chart = words.chart
    if not chart.bars:
        return
    scale = 95 / BAR_ROOM  # millimetres per chart unit for the bars
    top = pdf.get_y() + 2
    if top + len(chart.bars) * 9 > pdf.h - 25:
        pdf.add_page()
        top = pdf.get_y() + 2
    left = pdf.l_margin
    pdf.set_font("DejaVu", "", 8.5)
    for index, bar in enumerate(chart.bars):
        y = top + index * 9
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(left, y)
        pdf.cell(58, 5, pdf.clean(bar.label)[:34], align="R")
        _bar(pdf, left + 60, y + 0.5, bar.now_width * scale, 4, NOW_COLOUR, bar.now_hidden)
        pdf.set_xy(left + 61 + bar.now_width * scale, y)
        pdf.cell(30, 5, pdf.clean(bar.now_text))
        _bar(
            pdf, left + 60, y + 5, bar.before_width * scale, 1.6, BEFORE_COLOUR, bar.before_hidden
        )
    pdf.set_y(top + len(chart.bars) * 9 + 3)
